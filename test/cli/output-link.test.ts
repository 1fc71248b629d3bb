import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

/**
 * Review 22 F2: `-o /dev/stdout` (a link to /proc/self/fd/1) was written by renaming the temporary over the link
 * itself: the kind test followed the link, the rename did not (as root, /dev/stdout became a file machine-wide).
 * Here only a private link in a temporary folder stands for /dev/stdout. F7: with two outputs, the second's bad
 * folder was found after the first was written: exit 2 left a file behind.
 */
const fx = (p: string) => join(repoRoot, 'fixtures', p);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-output-link-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CKPT = fx('training/ddp.pt');
const MODEL = fx('pairs/ddp-vs-plain.manifest.json');

/** a fresh link to this process's standard output, as /dev/stdout is */
function stdoutLink(name: string): string {
  const link = join(tmp, name);
  symlinkSync('/proc/self/fd/1', link);
  return link;
}

describe('an output that is a link to standard output (review 22 F2)', () => {
  const cases: [string, (so: string) => string[], RegExp][] = [
    ['manifest -o', (so) => ['manifest', CKPT, '-o', so], /^sdmatch: -o .*so-manifest-o: cannot write: it names an open file descriptor \(\/proc\/self\/fd\/1\).*; omit -o to print\n$/],
    ['plan -o', (so) => ['plan', CKPT, MODEL, '-o', so, '--json'], /^sdmatch: -o .*: cannot write: it names an open file descriptor .*; omit -o to print\n$/],
    ['diff --html', (so) => ['diff', CKPT, MODEL, '--html', so], /^sdmatch: --html .*: cannot write: it names an open file descriptor .*; name a file for the page\n$/],
    ['apply -o', (so) => ['apply', CKPT, join(tmp, 'p.json'), '-o', so], /^sdmatch: -o .*: cannot write: it names an open file descriptor/],
  ];
  it.each(cases)('%s: one line, exit 2, nothing written, the link still a link', async (name, argv, line) => {
    if (name === 'apply -o') expect((await runCli(['plan', CKPT, MODEL, '-o', join(tmp, 'p.json'), '-q'])).code).toBe(0);
    const so = stdoutLink(`so-${name.replace(/\W+/g, '-')}`);
    const r = await runCli(argv(so));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(line);
    expect(lstatSync(so).isSymbolicLink()).toBe(true);
    expect(readlinkSync(so)).toBe('/proc/self/fd/1');
  });
});

describe('an output that is a link to a regular file is written through it (review 22 F2)', () => {
  it('manifest -o LINK: the link stays, the file it names holds the manifest', async () => {
    const real = join(tmp, 'real.json');
    writeFileSync(real, '{}\n');
    const link = join(tmp, 'link.json');
    symlinkSync(real, link);
    const r = await runCli(['manifest', CKPT, '-o', link]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8'))).toMatchObject({ format: 'sdmatch-manifest' });
  });

  it('apply -o LINK: the link stays, the file it names holds the output', async () => {
    const plan = join(tmp, 'p2.json');
    expect((await runCli(['plan', CKPT, MODEL, '-o', plan, '-q'])).code).toBe(0);
    const real = join(tmp, 'real.pt');
    writeFileSync(real, '');
    const link = join(tmp, 'link.pt');
    symlinkSync(real, link);
    const r = await runCli(['apply', CKPT, plan, '-o', link]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('every output is checked before the first is written (review 22 F7)', () => {
  it('plan -o GOOD --html MISSING-FOLDER: exit 2, GOOD not written', async () => {
    const good = join(tmp, 'f7-plan.json');
    const r = await runCli(['plan', CKPT, MODEL, '-o', good, '--html', join(tmp, 'no-such-folder', 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-folder\/x\.html: cannot write: no such folder\n$/);
    expect(existsSync(good)).toBe(false);
  });

  it('check --plan-out GOOD --html MISSING-FOLDER: exit 2, GOOD not written', async () => {
    const good = join(tmp, 'f7-check.json');
    const r = await runCli(['check', MODEL, CKPT, '--plan-out', good, '--html', join(tmp, 'no-such-folder', 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write: no such folder\n$/);
    expect(existsSync(good)).toBe(false);
  });
});
