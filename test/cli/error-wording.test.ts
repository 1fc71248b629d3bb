import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli, type CliRun } from './capture-main.js';

/**
 * The words a failed read says (review 10b, F7): the same words a failed write says, never a bare
 * errno code; `-` where no standard input is read, or an empty standard input, said as such; and
 * --keep-container naming where the state dict sits in its output.
 */
const DDP = join(repoRoot, 'fixtures/training/ddp.pt');
const LIGHTNING = join(repoRoot, 'fixtures/training/lightning.ckpt');
const LIGHTNING_MANIFEST = join(repoRoot, 'fixtures/pairs/lightning-vs-plain.manifest.json');
const bundle = join(repoRoot, 'bin/sdmatch.js');
let tmp: { dir: string; cleanup: () => void };

beforeAll(() => {
  tmp = tempDir('error-wording');
  chmodSync(tmp.dir, 0o755);
});
afterAll(() => tmp?.cleanup());

/** exit 2, one line on stderr, nothing on stdout, no internal error */
function expectOneLine(r: CliRun | { code: number | null; stdout: string; stderr: string }, line: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/internal error|\bE[A-Z]+\b(?! *\))/);
  expect(r.stderr.trim()).toMatch(line);
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `args` run by the bundle as user nobody, or null where setpriv cannot do it */
function asNobody(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } | null {
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
  if (probe.status !== 0) return null;
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bundle, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('read failures in words', () => {
  it('a plan that is missing or a folder: "no such file" / "is a directory", as checkpoints say', async () => {
    const out = join(tmp.dir, 'o.pt');
    const nope = join(tmp.dir, 'nope.json');
    expectOneLine(await runCli(['apply', DDP, nope, '-o', out]), new RegExp(`^sdmatch: ${esc(nope)}: cannot read the plan: no such file$`));
    expectOneLine(await runCli(['plan', 'check', nope, LIGHTNING_MANIFEST]), new RegExp(`^sdmatch: ${esc(nope)}: cannot read the plan: no such file$`));
    expectOneLine(await runCli(['apply', DDP, tmp.dir, '-o', out]), new RegExp(`^sdmatch: ${esc(tmp.dir)}: cannot read the plan: is a directory$`));
  });

  it('a checkpoint or plan this user may not read: "permission denied (EACCES)", as writes say', (ctx) => {
    const locked = join(tmp.dir, 'unread.pt');
    copyFileSync(DDP, locked);
    chmodSync(locked, 0o000);
    const plan = join(tmp.dir, 'unread.json');
    writeFileSync(plan, '{}');
    chmodSync(plan, 0o000);
    const r = asNobody(['inspect', locked], tmp.dir);
    if (!r) return ctx.skip();
    expectOneLine(r, new RegExp(`^sdmatch: ${esc(locked)}: permission denied \\(EACCES\\)$`));
    expectOneLine(asNobody(['apply', DDP, plan, '-o', join(tmp.dir, 'o.pt')], tmp.dir)!, new RegExp(`^sdmatch: ${esc(plan)}: cannot read the plan: permission denied \\(EACCES\\)$`));
  });

  it('a file whose name is not valid UTF-8: exists, so say why it cannot be opened', () => {
    // Node decodes the name to U+FFFD before sdmatch sees it, so the file it then opens is not on disk
    copyFileSync(DDP, Buffer.from(`${tmp.dir}/name_\xff.pt`, 'latin1'));
    const r = spawnSync('sh', ['-c', `exec "$0" "$1" inspect "$(printf '%s/name_\\377.pt' "$2")"`, process.execPath, bundle, tmp.dir], { encoding: 'utf8' });
    expectOneLine({ code: r.status, stdout: r.stdout, stderr: r.stderr }, /name_\uFFFD\.pt: no such file: the name is not valid UTF-8, which Node cannot pass on; rename the file$/);
  });
});

describe('standard input', () => {
  it('`-` where a command reads no standard input says so, not "no such file"', async () => {
    expectOneLine(await runCli(['inspect', '-']), /^sdmatch: -: this argument names a file; standard input \(-\) is not read here$/);
    const plan = join(tmp.dir, 'lightning-stdin.plan.json');
    expect((await runCli(['plan', LIGHTNING, LIGHTNING_MANIFEST, '-o', plan])).code).toBe(0);
    expectOneLine(await runCli(['apply', '-', plan, '-o', join(tmp.dir, 'o.pt')]), /^sdmatch: -: this argument names a file; standard input \(-\) is not read here$/);
    expectOneLine(await runCli(['plan', 'check', '-', LIGHTNING_MANIFEST]), /^sdmatch: -: cannot read the plan: this argument names a file; standard input \(-\) is not read here$/);
  });

  it('an empty standard input or empty file as a comparison side: "is empty", not the list of kinds it is not', async () => {
    expectOneLine(await runCli(['diff', '-', LIGHTNING_MANIFEST], { stdin: '' }), /^sdmatch: -: standard input is empty$/);
    expectOneLine(await runCli(['explain', '-'], { stdin: '\n' }), /^sdmatch: -: standard input holds only white space$/);
    const empty = join(tmp.dir, 'empty.bin');
    writeFileSync(empty, '');
    expectOneLine(await runCli(['diff', DDP, empty]), new RegExp(`^sdmatch: ${esc(empty)}: empty file$`));
  });
});

describe('apply', () => {
  it('--keep-container: the verdict names where the state dict sits in the output', async () => {
    const plan = join(tmp.dir, 'lightning.plan.json');
    expect((await runCli(['plan', LIGHTNING, LIGHTNING_MANIFEST, '-o', plan])).code).toBe(0);
    const r = await runCli(['apply', LIGHTNING, plan, '--keep-container', '-o', join(tmp.dir, 'kc.pt')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/load_state_dict\(strict=True\) accepts checkpoint\['state_dict'\] of the output$/);
    const alone = await runCli(['apply', LIGHTNING, plan, '-o', join(tmp.dir, 'alone.pt')]);
    expect(alone.stdout.split('\n')[0]).toMatch(/load_state_dict\(strict=True\) accepts the output$/);
  });

  it('--in-place in a folder this user may not write: names the folder, not the writable file', (ctx) => {
    const dir = join(tmp.dir, 'ro');
    mkdirSync(dir, { mode: 0o755 });
    const src = join(dir, 'ddp.pt');
    copyFileSync(DDP, src);
    const plan = join(dir, 'plan.json');
    expect(spawnSync(process.execPath, [bundle, 'plan', src, join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json'), '-o', plan]).status).toBe(0);
    spawnSync('chown', ['65534', src]);
    const r = asNobody(['apply', 'ddp.pt', 'plan.json', '--in-place'], dir);
    if (!r) return ctx.skip();
    expectOneLine(r, new RegExp(`^sdmatch: ddp\\.pt: cannot write into ${esc(dir)}: permission denied \\(EACCES\\)$`));
  });
});
