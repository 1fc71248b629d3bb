import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Issue 18: sdmatch installs anywhere. `npm pack` makes the tarball a user installs with
 * `npm install -g ./sdmatch-X.Y.Z.tgz`; installed into a fresh prefix, its `sdmatch` runs from a folder
 * that is not the clone. Offline-safe: the runtime dependencies are in npm's cache after `npm ci`.
 * The pack skips `prepare` (the build npm ci already ran), so this test never rewrites dist/ under the
 * tests running beside it; the tarball holds dist/, so installing it builds nothing.
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
    expect(existsSync(join(repoRoot, 'dist/cli.bundle.mjs')), 'dist/ is not built: run npm run build').toBe(true);
    const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp.dir], { cwd: repoRoot, encoding: 'utf8' });
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
    for (const f of ['package/bin/sdmatch.js', 'package/dist/cli.bundle.mjs', 'package/dist/index.js', 'package/schemas/plan.schema.json', 'package/python/sdmatch_manifest.py']) {
      expect(listed).toContain(f);
    }
    expect(listed.filter((f) => /^package\/(src|test|fixtures|bench)\//.test(f))).toEqual([]);
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
