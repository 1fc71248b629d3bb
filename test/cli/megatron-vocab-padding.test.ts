import { join, resolve } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Review 25 F11: Megatron pads its vocabulary to padded_vocab_size (16 in fixtures/megatron/core-tp2, whose args
 * say so); a model built for the tokenizer's 14 tokens holds the trained rows as the checkpoint's first 14. The
 * plan read the pair as "an embedding of another vocabulary", dropped the trained embedding and output layer and
 * told the user the model initialises them. Now: nothing dropped, the padding said with the slice that keeps the
 * trained rows, and no fix claimed (exit 1) since no plan op slices rows.
 */

const FOLDER = resolve(__dirname, '../../fixtures/megatron/core-tp2');
const TABLES = ['embedding.word_embeddings.weight', 'output_layer.weight'];

let tmp: ReturnType<typeof tempDir>;
const at = (f: string) => join(tmp.dir, f);
beforeAll(async () => {
  tmp = tempDir('megatron-vocab');
  const m = await runCli(['manifest', FOLDER, '-o', at('ref.json')]);
  expect(m.code, m.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(at('ref.json'), 'utf8')) as { tensors: Record<string, { shape: number[] }> };
  const want = (rows: number) => ({ ...manifest, tensors: Object.fromEntries(Object.entries(manifest.tensors).map(([k, t]) => [k, TABLES.includes(k) ? { ...t, shape: [rows, ...t.shape.slice(1)] } : t])) });
  writeFileSync(at('vocab14.json'), JSON.stringify(want(14)));
  writeFileSync(at('vocab20.json'), JSON.stringify(want(20)));
});
afterAll(() => tmp.cleanup());

it('a model of the tokenizer\'s 14 tokens: no trained table dropped or left to the model; the padding rows said with the slice (exit 1)', async () => {
  const p = await runCli(['plan', FOLDER, at('vocab14.json'), '-o', at('plan.json')]);
  expect(p.code, p.stdout + p.stderr).toBe(1);
  expect(p.stdout).toMatch(/`embedding.word_embeddings.weight` \[16, 8\] \(the trained embedding\) and `output_layer.weight` \[16, 8\] \(the trained output layer\) against the model's 14 rows: Megatron pads a tokenizer's vocabulary up to padded_vocab_size 16/);
  // s25-verify F3: the fixture's args give no make_vocab_size_divisible_by, and no file names the model's tokenizer
  expect(p.stdout).toMatch(/do not give the multiple it rounds to \(make_vocab_size_divisible_by\), so that 14 is the count it padded is not shown; if the model uses the checkpoint's own tokenizer of 14 tokens, rows 0–13 are the trained ones and rows 14–15 padding/);
  expect(p.stdout).toMatch(/check the tokenizer first/);
  expect(p.stdout).toMatch(/state_dict\[k\] = state_dict\[k\]\[:14\]/);
  expect(p.stdout).not.toMatch(/initialises it|another vocabulary/);
  const plan = JSON.parse(readFileSync(at('plan.json'), 'utf8')) as { ops: { op: string }[]; mapping: Record<string, unknown>; keepMissing?: string[] };
  expect(plan.ops.filter((o) => o.op === 'drop')).toEqual([]);
  for (const k of TABLES) expect(plan.mapping[k]).toBe(k);
  expect(plan.keepMissing ?? []).toEqual([]);
});

it('a model of more rows than the padded table is no padding: judged as before', async () => {
  const p = await runCli(['plan', FOLDER, at('vocab20.json'), '-o', at('plan20.json')]);
  expect(p.stdout).not.toMatch(/pads its vocabulary/);
});
