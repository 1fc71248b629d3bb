import { describe, expect, test } from 'vitest';
import { matchModules } from '../../../src/analysis/infer/modules.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const N = 6;
const D = 16;

/** a numbered list of look-alike blocks under one name, the same tensors under another, block 0 of the second holding one tensor more */
function sides(): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  for (let i = 0; i < N; i++) {
    source.push(e(`enc.stack_${i}.attn.wq.weight`, [D, D]), e(`enc.stack_${i}.attn.wo.weight`, [D, D]), e(`enc.stack_${i}.ffn.up.weight`, [4 * D, D]), e(`enc.stack_${i}.ffn.down.weight`, [D, 4 * D]));
    const extra = i === 0 ? [e(`encoder.block.${i}.self.pos_table.weight`, [32, 4])] : [];
    target.push(e(`encoder.block.${i}.self.query.weight`, [D, D]), e(`encoder.block.${i}.self.out.weight`, [D, D]), ...extra, e(`encoder.block.${i}.mlp.fc1.weight`, [4 * D, D]), e(`encoder.block.${i}.mlp.fc2.weight`, [D, 4 * D]));
  }
  // the source's list under `stack.N`: numbered as the target's is
  return { source: source.map((x) => ({ ...x, key: x.key.replace(/stack_(\d+)/, 'stack.$1') })), target };
}

const blockOf = (k: string) => /\.(\d+)\./.exec(k)![1];

describe('module alignment: numbered look-alikes one side holds fewer of', () => {
  // set 13's T5X families: HF's block 0 holds the relative bias the T5X tree keeps outside its layers, so
  // block 0 is no look-alike of `layers_0`; rank spread eight layers over seven blocks, one block off
  test('the numbers both sides hold say which block is which, not rank', () => {
    const { source, target } = sides();
    const pairs = matchModules({ source: locate(source), target: locate(target) });
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) expect(blockOf(p.target)).toBe(blockOf(p.source));
    expect(pairs.find((p) => p.source === 'enc.stack.3.ffn.up.weight')?.target).toBe('encoder.block.3.mlp.fc1.weight');
  });

  test('no plan pair lands a block off', () => {
    const { source, target } = sides();
    const r = inferPlan({ source, target });
    const off = Object.entries(r.mapping).filter(([k, v]) => typeof v === 'string' && !r.leftover.includes(k) && /\.\d+\./.test(v) && blockOf(k) !== blockOf(v));
    expect(off).toEqual([]);
  });
});
