import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRemote } from '../../src/checkpoint/sources.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { repoRoot } from '../helpers/corpus.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { startHub, type HubServer } from '../../bench/gen/hub-server.js';

/**
 * Review 15 F3 and F12: a fix line for a remote source said `sdmatch apply URL …`, which apply refuses,
 * and a plan made against a remote model could not be checked by apply ("not here (a plan moved
 * without its files?)", exit 1; `--target URL` refused as needing tensor bytes). The fix line must run
 * as printed (download first), and apply checks the output against the remote model from its keys and
 * shapes; what it then claims (load_state_dict strict=True accepts it) is asked of real torch.
 */
const fx = (p: string) => join(repoRoot, 'fixtures', p);
let hub: HubServer;
let tmp: string;
let bin: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sdmatch-remote-apply-'));
  hub = await startHub({
    'org/ddp': { files: { 'ddp.pt': fx('training/ddp.pt'), 'plain.pt': fx('pairs/ddp-vs-plain.reference.pt') } },
  });
  // `sdmatch` as the fix line calls it: the built CLI (lib/ is kept current by test/cli/lib-fresh.test.ts)
  bin = join(tmp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'sdmatch'), `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'bin/sdmatch.js')}" "$@"\n`);
  chmodSync(join(bin, 'sdmatch'), 0o755);
});

afterAll(async () => {
  await hub?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ HF_ENDPOINT: hub.endpoint, SDMATCH_NO_CACHE: '1', HF_HOME: join(tmp, 'no-hf-home') });

async function run(argv: string[]) {
  clearRemote();
  return runCli(argv, memoryIO({ env: env() }));
}

/** the new folder every download goes into (review 22 F1: never the working folder, where a file of that name may be) */
const MKDIR = 'd=$(mktemp -d sdmatch-download.XXXXXX) && ';
const fixLine = (stdout: string) => /^fix: (.*)$/m.exec(stdout)?.[1] ?? '';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Runs a printed fix line in a fresh folder, as a user pastes it; returns the folder. Asynchronous: the hub answers from this process. */
async function runLine(line: string, name: string): Promise<string> {
  const dir = join(tmp, name);
  mkdirSync(dir);
  await promisify(execFile)('sh', ['-c', line], { cwd: dir, env: { ...process.env, ...env(), PATH: `${bin}:${process.env.PATH}` } });
  return dir;
}

/** real torch: OUT loads strict=True into the fixture's plain CNN, every tensor equal to the DDP source's */
function loadsIntoPlainCnn(out: string): string {
  return runPython(
    `import sys, torch
sys.path.insert(0, sys.argv[3])
from fixtures.models import build_cnn
${STRICT_EQUAL_PY}
out = torch.load(sys.argv[1], map_location='cpu', weights_only=True)
src = torch.load(sys.argv[2], map_location='cpu')
src = src.get('state_dict', src)
want = {k[len('module.'):]: v for k, v in src.items()}
print(strict_equal(build_cnn(num_classes=10), out, want, same_keys=True))`,
    [out, fx('training/ddp.pt'), repoRoot],
  ).trim();
}

describe('fix lines for a remote source download it first (F3)', () => {
  it('diff URL: the line downloads the file, plans and applies the local copy', async () => {
    const url = `${hub.endpoint}/org/ddp/resolve/main/ddp.pt`;
    const r = await run(['diff', url, fx('pairs/ddp-vs-plain.manifest.json')]);
    expect(r.code).toBe(1);
    const line = fixLine(r.stdout);
    expect(line).toBe(`${MKDIR}curl -L -o "$d"/ddp.pt ${url} && sdmatch plan "$d"/ddp.pt ${fx('pairs/ddp-vs-plain.manifest.json')} -o plan.json || [ $? -eq 1 ] && sdmatch apply "$d"/ddp.pt plan.json -o fixed.pt`);
    expect(line).not.toMatch(/sdmatch apply (https?|hf):/);
  });

  it('plan URL -o PLAN: the line downloads the file and applies PLAN to it', async () => {
    const url = `${hub.endpoint}/org/ddp/resolve/main/ddp.pt`;
    const planFile = join(tmp, 'url-plan.json');
    const r = await run(['plan', url, fx('pairs/ddp-vs-plain.manifest.json'), '-o', planFile]);
    expect(r.code).toBe(0);
    expect(fixLine(r.stdout)).toBe(`${MKDIR}curl -L -o "$d"/ddp.pt ${url} && sdmatch apply "$d"/ddp.pt ${planFile} -o fixed.pt`);
  });

  it('hf://ORG/REPO/FILE: huggingface-cli download, then the file by its path in the repository', async () => {
    const r = await run(['diff', 'hf://org/ddp/ddp.pt', fx('pairs/ddp-vs-plain.manifest.json')]);
    expect(fixLine(r.stdout)).toMatch(/^d=\$\(mktemp -d sdmatch-download\.XXXXXX\) && huggingface-cli download org\/ddp ddp\.pt --local-dir "\$d" && sdmatch plan "\$d"\/ddp\.pt .* && sdmatch apply "\$d"\/ddp\.pt plan\.json -o fixed\.pt$/);
  });

  it('apply URL PLAN: refused, naming the command that downloads it', async () => {
    const url = `${hub.endpoint}/org/ddp/resolve/main/ddp.pt`;
    const r = await run(['apply', url, join(tmp, 'url-plan.json'), '-o', join(tmp, 'never.pt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`download it first (${MKDIR}curl -L -o "$d"/ddp.pt ${url}) and pass the file it writes ("$d"/ddp.pt)`);
    expect(existsSync(join(tmp, 'never.pt'))).toBe(false);
  });
});

describe('apply checks against a remote target (F12)', () => {
  it('the plan\'s target is a URL: checked from its keys and shapes, exit 0; --target URL too', async () => {
    const target = `${hub.endpoint}/org/ddp/resolve/main/plain.pt`;
    const planFile = join(tmp, 'to-url.json');
    expect((await run(['plan', fx('training/ddp.pt'), target, '-o', planFile, '-q'])).code).toBe(0);
    const a = await run(['apply', fx('training/ddp.pt'), planFile, '-o', join(tmp, 'to-url.pt')]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(a.stdout).toContain(`verified against ${target}`);
    expect(a.stdout).not.toMatch(/not here|moved without its files/);
    const b = await run(['apply', fx('training/ddp.pt'), planFile, '-o', join(tmp, 'to-url-2.pt'), '--target', target]);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    expect(b.stdout).toContain(`verified against ${target}`);
  });

  it('the plan\'s URL target cannot be reached: exit 2, one line naming it, nothing written (review 25 F13h: README said exit 1)', async () => {
    const planFile = join(tmp, 'to-url.json');
    const gone = 'http://127.0.0.1:9/org/ddp/resolve/main/plain.pt';
    const moved = join(tmp, 'to-gone.json');
    writeFileSync(moved, readFileSync(planFile, 'utf8').split(`${hub.endpoint}/org/ddp/resolve/main/plain.pt`).join(gone));
    const out = join(tmp, 'to-gone.pt');
    const r = await run(['apply', fx('training/ddp.pt'), moved, '-o', out]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^sdmatch: ${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot reach 127\\.0\\.0\\.1:9`));
    expect(existsSync(out)).toBe(false);
  });
});

describeWithTorch('what the fix lines write loads into the model (real torch)', () => {
  it('the diff URL fix line, run as printed: strict=True, tensors equal', async () => {
    const url = `${hub.endpoint}/org/ddp/resolve/main/ddp.pt`;
    const r = await run(['diff', url, fx('pairs/ddp-vs-plain.manifest.json')]);
    const dir = await runLine(fixLine(r.stdout), 'diff-line');
    expect(loadsIntoPlainCnn(join(dir, 'fixed.pt'))).toBe('equal');
  });

  it('review 22 F1: the line leaves a local file of the remote\'s name (the other input) as it was, and the fix loads', async () => {
    // the model side is a local ddp.pt in the folder the line runs in: `curl -L -o ddp.pt` replaced it with the download
    const dir = join(tmp, 'same-name');
    mkdirSync(dir);
    const mine = join(dir, 'ddp.pt');
    copyFileSync(fx('pairs/ddp-vs-plain.reference.pt'), mine);
    const before = sha256(mine);
    const url = `${hub.endpoint}/org/ddp/resolve/main/ddp.pt`;
    const r = await run(['diff', url, mine]);
    expect(r.code).toBe(1);
    const line = fixLine(r.stdout);
    await promisify(execFile)('sh', ['-c', line], { cwd: dir, env: { ...process.env, ...env(), PATH: `${bin}:${process.env.PATH}` } });
    expect(sha256(mine)).toBe(before);
    expect(loadsIntoPlainCnn(join(dir, 'fixed.pt'))).toBe('equal');
  });

  it('apply against a URL target says it loads (exit 0), and torch agrees', async () => {
    const target = `${hub.endpoint}/org/ddp/resolve/main/plain.pt`;
    const out = join(tmp, 'to-url-torch.pt');
    const a = await run(['apply', fx('training/ddp.pt'), join(tmp, 'to-url.json'), '-o', out]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(a.stdout).toContain(`verified against ${target}: every key it expects is there with its shape, and nothing else: load_state_dict(strict=True) accepts the output`);
    expect(loadsIntoPlainCnn(out)).toBe('equal');
  });
});
