import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { scanSafety } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, tempDir, torchPython } from '../helpers/torch.js';

/**
 * The hostile corpus (fixtures/hostile/generate.py): files that each run code under pickle.load,
 * torch.load(weights_only=False) or numpy.load(allow_pickle=True). First proved to run code, each in a
 * forked throwaway /usr/bin/python3 process (fixtures/hostile/verify.py: the payload only creates a
 * marker file in the temporary folder); then sdmatch must call none of them safe, give every one a
 * verdict, and call at least 95 % dangerous. The files that are not dangerous are named here, with why.
 */

interface Entry {
  file: string;
  technique: string;
  class: string;
  loader: string;
  note: string;
}

/** Techniques whose right verdict is not `dangerous`, and what it is. */
const NOT_DANGEROUS: Record<string, { verdict: string; why: string }> = {
  many_pickles_then_evil: { verdict: 'incomplete', why: '10,001 benign pickles before the evil one: past the 10,000 sdmatch reads, so it says it did not see everything' },
};

const CLASSES = ['classic', 'dotted-importer', 'exec-sink', 'nested-loader', 'file-writer', 'framing', 'format', 'zip', 'numpy-dtype'];

describeWithTorch('hostile corpus', () => {
  let dir = '';
  let cleanup = (): void => {};
  let entries: Entry[] = [];
  let ranCode: Record<string, boolean> = {};

  beforeAll(() => {
    ({ dir, cleanup } = tempDir('hostile'));
    execFileSync(torchPython!, [join(repoRoot, 'fixtures/hostile/generate.py'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    entries = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Entry[];
    ranCode = JSON.parse(execFileSync(torchPython!, [join(repoRoot, 'fixtures/hostile/verify.py'), dir], { encoding: 'utf8', maxBuffer: 16 << 20 })) as Record<string, boolean>;
  }, 600_000);
  afterAll(() => cleanup());

  it('has at least 100 techniques, covering every class', () => {
    expect(entries.length).toBeGreaterThanOrEqual(100);
    for (const c of CLASSES) expect(entries.filter((e) => e.class === c).length, c).toBeGreaterThanOrEqual(4);
    expect(new Set(entries.map((e) => e.technique)).size).toBe(entries.length);
  });

  it('every file really runs code under its loader (checked in a throwaway process)', () => {
    const silent = entries.filter((e) => ranCode[e.file] !== true).map((e) => `${e.file} (${e.loader})`);
    expect(silent).toEqual([]);
  });

  it('sdmatch: none safe, every one with a verdict, at least 95 % dangerous', () => {
    const verdicts: Record<string, string> = {};
    for (const e of entries) {
      try {
        verdicts[e.technique] = scanSafety(join(dir, e.file)).verdict;
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        verdicts[e.technique] = `no verdict (${err.message})`;
      }
    }
    const counts: Record<string, number> = {};
    for (const v of Object.values(verdicts)) counts[v] = (counts[v] ?? 0) + 1;
    const wrong = entries
      .filter((e) => verdicts[e.technique] !== (NOT_DANGEROUS[e.technique]?.verdict ?? 'dangerous'))
      .map((e) => `${e.file}: ${verdicts[e.technique]}`);
    expect(wrong).toEqual([]);
    expect(counts.safe ?? 0).toBe(0);
    expect(Object.keys(counts).filter((v) => v.startsWith('no verdict'))).toEqual([]);
    expect((counts.dangerous ?? 0) / entries.length).toBeGreaterThanOrEqual(0.95);
  });

  it('inspect --json agrees, exits 2 (dangerous or incomplete: the exit code is the verdict), never 0 or 3, and never prints safe', async () => {
    const problems: string[] = [];
    for (const e of entries) {
      const r = await runCli(['inspect', join(dir, e.file), '--json'], memoryIO());
      const want = NOT_DANGEROUS[e.technique]?.verdict ?? 'dangerous';
      if (r.code === 3) problems.push(`${e.file}: internal error ${r.stderr}`);
      const j = r.stdout === '' ? null : (JSON.parse(r.stdout) as { safety: { verdict: string } });
      if (!j) problems.push(`${e.file}: no report (exit ${r.code}: ${r.stderr})`);
      else if (j.safety.verdict !== want) problems.push(`${e.file}: inspect says ${j.safety.verdict}`);
      if ((want === 'incomplete' || want === 'dangerous') && r.code !== 2) problems.push(`${e.file}: ${want} but exit ${r.code}`);
      if (r.code === 0) problems.push(`${e.file}: exit 0 (a hostile file passes a script gate)`);
    }
    expect(problems).toEqual([]);
  });
});

