import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeclarations, declarationFiles } from '../../scripts/build.mjs';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Issue 18: sdmatch installs anywhere. `npm pack` makes the tarball a user installs with
 * `npm install -g ./sdmatch-X.Y.Z.tgz`, and `npm install -g git+URL` installs a clone; installed into a
 * fresh prefix, its `sdmatch` runs from a folder that is not the clone. Offline-safe: the runtime
 * dependencies are in npm's cache after `npm ci`. Nothing is built on install: what runs is lib/,
 * committed (scripts/build.mjs says why), and the package has no lifecycle script.
 */

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack → npm install -g → sdmatch from any folder', () => {
  const tmp = tempDir('install');
  const prefix = join(tmp.dir, 'prefix');
  const elsewhere = join(tmp.dir, 'elsewhere');
  let tarball = '';
  let bin = '';

  beforeAll(() => {
    const packed = execFileSync(npm, ['pack', '--json', '--pack-destination', tmp.dir], { cwd: repoRoot, encoding: 'utf8' });
    const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    tarball = join(tmp.dir, info!.filename);
    execFileSync(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: tmp.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    execFileSync('mkdir', ['-p', elsewhere]);
    bin = join(prefix, process.platform === 'win32' ? 'sdmatch.cmd' : 'bin/sdmatch');
  }, 300_000);
  afterAll(() => tmp.cleanup());

  const run = (args: string[]) => {
    const r = spawnSync(bin, args, { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('packs as sdmatch-X.Y.Z.tgz with the built CLI, the schemas and the Python helpers, and no sources or tests', () => {
    expect(tarball.endsWith(`${pkg.name}-${pkg.version}.tgz`)).toBe(true);
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const f of ['package/bin/sdmatch.js', 'package/bin/load-cli.js', 'package/lib/cli.cjs', 'package/lib/commands.json', 'package/lib/index.mjs', 'package/lib/types/index.d.ts', 'package/schemas/plan.schema.json', 'package/python/sdmatch_manifest.py']) {
      expect(listed).toContain(f);
    }
    expect(listed.filter((f) => /^package\/(src|test|fixtures|bench|dist|scripts)\//.test(f))).toEqual([]);
  });

  it("ships what README links into docs/ (the HTML report's picture, the CI guide), so the installed README has no dead link there", () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const intoDocs = [...readme.matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]!);
    expect(intoDocs).toEqual(expect.arrayContaining(['docs/ci.md', 'docs/html-report.png']));
    for (const f of intoDocs) expect(listed, f).toContain(`package/${f}`);
  });

  it('installs the sdmatch command into the prefix, with its runtime dependencies', () => {
    expect(existsSync(bin)).toBe(true);
    const deps = readdirSync(join(prefix, 'lib/node_modules/sdmatch/node_modules'));
    expect(deps).toContain('fflate');
  });

  it('prints its version from another folder', () => {
    const r = run(['--version']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('inspects a shipped fixture from another folder', () => {
    const r = run(['inspect', join(repoRoot, 'fixtures/training/var.pth'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { tensors: unknown[] };
    expect(out.tensors.length).toBe(26);
  });

  it('fails on a missing file with one line and exit 2, as in the clone', () => {
    const r = run(['inspect', 'no-such.pt']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/** `sdmatch` of an installed prefix, run from a folder that is not the clone. */
function runIn(bin: string, cwd: string, args: string[]) {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm install -g git+file://CLONE → sdmatch from any folder', () => {
  const tmp = tempDir('git-install');
  const clone = join(tmp.dir, 'clone');
  const prefix = join(tmp.dir, 'prefix');
  const elsewhere = join(tmp.dir, 'elsewhere');
  const bin = join(prefix, 'bin/sdmatch');
  let installLog = '';

  beforeAll(() => {
    // a clone holds what is committed: the install below sees exactly what a user's `git+URL` gets
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone], { stdio: 'ignore' });
    const r = spawnSync(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', `git+file://${clone}`], { cwd: tmp.dir, encoding: 'utf8' });
    installLog = `${r.stdout}${r.stderr}`;
    mkdirSync(elsewhere, { recursive: true });
  }, 300_000);
  afterAll(() => tmp.cleanup());

  it('installs a real folder with its runtime dependencies (not a link to npm\'s temporary clone)', () => {
    expect(existsSync(bin), installLog).toBe(true);
    const installed = join(prefix, 'lib/node_modules/sdmatch');
    expect(readdirSync(installed).sort()).toEqual(expect.arrayContaining(['bin', 'lib', 'package.json', 'python', 'schemas']));
    expect(readdirSync(join(installed, 'node_modules'))).toContain('yargs');
  });

  it('prints its version and explains a real error from another folder', () => {
    const v = runIn(bin, elsewhere, ['--version']);
    expect(v).toMatchObject({ code: 0, stderr: '', stdout: `${pkg.version}\n` });
    const r = runIn(bin, elsewhere, ['diff', join(repoRoot, 'fixtures/training/ddp.pt'), join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json'), '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { diagnosis: { code: string }[] };
    expect(r.code).toBe(1);
    expect(out.diagnosis[0]?.code).toBe('extra-prefix');
  });

  it('serves the library by its package name, with its declarations', async () => {
    const project = join(tmp.dir, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(join(prefix, 'lib/node_modules/sdmatch'), join(project, 'node_modules/sdmatch'));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('sdmatch'); console.log(typeof m.diffKeys, typeof m.openCheckpoint)"], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function');
    expect(existsSync(join(project, 'node_modules/sdmatch/lib/types/index.d.ts'))).toBe(true);
  });

  it('is an ES module only, as README says: a CommonJS project imports it, and require() names the missing export', () => {
    const project = join(tmp.dir, 'cjs-project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(join(prefix, 'lib/node_modules/sdmatch'), join(project, 'node_modules/sdmatch'));
    const imported = spawnSync(process.execPath, ['-e', "import('sdmatch').then((m) => console.log(typeof m.diffKeys))"], { cwd: project, encoding: 'utf8' });
    expect(imported.stdout.trim()).toBe('function');
    const required = spawnSync(process.execPath, ['-e', "require('sdmatch')"], { cwd: project, encoding: 'utf8' });
    expect(required.status).not.toBe(0);
    expect(required.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toMatch(/ES module only/);
  });
});

describe('lib/types holds the declarations of the current sources', () => {
  const tmp = tempDir('types');
  afterAll(() => tmp.cleanup());

  it('is what npm run bundle makes (tsc --emitDeclarationOnly)', () => {
    buildDeclarations(tmp.dir);
    const committed = join(repoRoot, 'lib/types');
    const files = declarationFiles(tmp.dir);
    expect(declarationFiles(committed), 'lib/types lists other files: run npm run bundle and commit lib/').toEqual(files);
    const stale = files.filter((f) => readFileSync(join(tmp.dir, f), 'utf8') !== readFileSync(join(committed, f), 'utf8'));
    expect(stale, 'stale declarations: run npm run bundle and commit lib/').toEqual([]);
  }, 120_000);
});
