import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeManifest } from '../../src/formats/manifest.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 16 F10's rest, the words of `plan`: a pair `--min-confidence` cut is no tie ("undecided") but a
 * correspondence found below the threshold, with its confidence and the value that keeps it; and a plan
 * with no ops prints no `fix:` line (applying it would change nothing), saying instead that nothing needs doing.
 */
const { dir, cleanup } = tempDir('plan-words');
afterAll(() => cleanup());

describe('plan says what it did and did not do', () => {
  it('a pair cut by --min-confidence: below the threshold, its confidence, and how to keep it', async () => {
    const old = join(dir, 'old.json');
    const cur = join(dir, 'cur.json');
    const head = [{ key: 'head.weight', shape: [3, 8], dtype: 'float32' as const }, { key: 'head.bias', shape: [3], dtype: 'float32' as const }];
    writeFileSync(old, writeManifest([{ key: 'enc.weight', shape: [8, 4], dtype: 'float32' }, { key: 'enc.bias', shape: [8], dtype: 'float32' }, ...head]));
    writeFileSync(cur, writeManifest([{ key: 'encoder.weight', shape: [8, 4], dtype: 'float32' }, { key: 'encoder.bias', shape: [8], dtype: 'float32' }, ...head]));
    const cut = await runCli(['plan', old, cur, '--min-confidence', '0.95']);
    expect(cut.code).toBe(1);
    expect(cut.stdout).not.toMatch(/undecided/);
    const line = cut.stdout.split('\n').find((l) => l.includes('below --min-confidence'));
    expect(line).toMatch(/2 correspondences were found with confidence 0\.\d\d, below --min-confidence 0\.95: listed, not applied; `--min-confidence (0\.\d\d)` keeps them/);
    // the value it names keeps them
    const keep = /`--min-confidence (0\.\d\d)`/.exec(line!)![1]!;
    const kept = await runCli(['plan', old, cur, '--min-confidence', keep]);
    expect(kept.code, kept.stdout).toBe(0);
  });

  it('a plan with no ops prints no fix line; a nested match says to load the state dict inside', async () => {
    const var_ = join(repoRoot, 'fixtures/training/var.pth');
    const model = join(dir, 'var.json');
    expect((await runCli(['manifest', var_, '-o', model, '-q'])).code).toBe(0);
    for (const args of [['plan', var_, model], ['plan', var_, model, '-o', join(dir, 'noop.json')]]) {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout, args.join(' ')).not.toMatch(/^fix:/m);
      expect(r.stdout).toMatch(/the state dict at `trainer\/var_wo_ddp` already matches what the model expects: nothing needs doing to its keys; load it, `checkpoint\['trainer'\]\['var_wo_ddp'\]`/);
    }
  });
});
