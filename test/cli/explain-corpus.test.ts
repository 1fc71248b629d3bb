import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisCase } from '../../bench/diagnosis/score.js';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * `explain CHECKPOINT ERROR` with real files of ../shared/corpus (read by sdmatch's readers only, never
 * loaded with Python, never copied) beside real error texts of the tuning halves whose model is that
 * file's kind. Neither text was produced by that very file: a paste cannot invent a checkpoint key, so an
 * error naming keys the checkpoint lacks came from another file (or a load that changed the keys), and
 * explain must say so first, not "the checkpoint already matches" or "its head is dropped".
 */

const text = (file: string, id: string): string => {
  const c = (JSON.parse(readFileSync(join(repoRoot, 'bench/diagnosis', file), 'utf8')) as DiagnosisCase[]).find((x) => x.id === id);
  if (!c || !c.half.startsWith('tuning')) throw new Error(`${id}: not a tuning-half case of ${file}`);
  return c.text;
};

interface Json { fixable: boolean; complete: boolean; causes: { code: string; message: string }[]; keptMissing: { key: string }[]; fix?: string | null }

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('explain-corpus');
});
afterAll(() => tmp?.cleanup());

async function explain(ckpt: string, file: string, id: string): Promise<{ j: Json; code: number; said: string }> {
  const err = join(tmp.dir, `${id}.txt`);
  writeFileSync(err, text(file, id));
  const r = await runCli(['explain', join(corpusDir, ckpt), err, '--json']);
  const human = await runCli(['explain', join(corpusDir, ckpt), err]);
  expect(human.code).toBe(r.code);
  return { j: JSON.parse(r.stdout) as Json, code: r.code, said: human.stdout };
}

describe.skipIf(!corpusAvailable)('explain CHECKPOINT ERROR on real corpus files beside tuning-half texts', () => {
  it('yolov5n.pt (Detect head at model.24) beside ultralytics-yolov5-5974 (unexpected model.33.anchor_grid): not this checkpoint, never "already matches"', async () => {
    const { j, code, said } = await explain('level0rd-PPE-Detector/yolov5n.pt', 'cases2.json', 'ultralytics-yolov5-5974');
    expect(code).toBe(1);
    expect(j.fixable).toBe(false);
    expect(j.causes[0]!.code).toBe('not_this_checkpoint');
    expect(j.causes[0]!.message).toContain('`model.33.anchor_grid`');
    expect(j.causes[0]!.message).toContain('at model');
    expect(j.causes.map((c) => c.code)).not.toContain('match');
    expect(said.split('\n')[0]).toBe('the error text does not come from this checkpoint as it is: see the first finding');
    expect(said).not.toMatch(/^fix:/m);
  });

  it('a tiny DistilBERT QA state dict (no classifier) beside asahi417-tner-37 (classifier 9 → 15 rows): no head dropped or kept missing on the text\'s word', async () => {
    const { j, code, said } = await explain('picklescan/data/pytorch_model.bin', 'cases.json', 'asahi417-tner-37');
    expect(code).toBe(1);
    expect(j.causes[0]!.code).toBe('not_this_checkpoint');
    expect(j.causes[0]!.message).toMatch(/both keys it names on the checkpoint's side are not in its state dict \(`classifier\.weight`, `classifier\.bias`\)/);
    expect(j.keptMissing).toEqual([]);
    expect(said).not.toMatch(/trained for another class count/);
  });
});
