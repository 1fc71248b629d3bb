import type { KeyEntry } from '../../src/formats/keys.js';
import { MOE_SCALE, moeLayout } from '../families/index.js';
import type { SyntheticTensor } from './torch-zip.js';

/**
 * The tensor layouts the benchmark writes to disk. Each big layout has a small twin with the same keys
 * and ranks, so "inspect does not depend on tensor bytes" compares like with like.
 */

/** The prefix DistributedDataParallel adds; the apply benchmark's plan strips it. */
export const DDP_PREFIX = 'module.';

export interface BigLayoutConfig {
  blocks: number;
  /** the two MLP matrices are [wide, narrow] and [narrow, wide] float32 */
  wide: number;
  narrow: number;
}

/** 12 blocks × 2 matrices of 6144 × 4096 float32 (96 MiB each): 24 tensors, 2.25 GiB of data. */
export const BIG: BigLayoutConfig = { blocks: 12, wide: 6144, narrow: 4096 };

/** Same keys and ranks as BIG, 6 × 4 matrices. */
export const BIG_TWIN: BigLayoutConfig = { blocks: 12, wide: 6, narrow: 4 };

/** A DDP-saved MLP stack: `module.blocks.{i}.mlp.fc1.weight` [wide, narrow], `fc2.weight` [narrow, wide]. */
export function mlpStack(c: BigLayoutConfig): SyntheticTensor[] {
  const out: SyntheticTensor[] = [];
  for (let i = 0; i < c.blocks; i++) {
    out.push({ key: `${DDP_PREFIX}blocks.${i}.mlp.fc1.weight`, shape: [c.wide, c.narrow] });
    out.push({ key: `${DDP_PREFIX}blocks.${i}.mlp.fc2.weight`, shape: [c.narrow, c.wide] });
  }
  return out;
}

export function dataBytes(tensors: readonly SyntheticTensor[]): number {
  return tensors.reduce((sum, t) => sum + t.shape.reduce((a, b) => a * b, 1) * (t.dtype === 'bfloat16' ? 2 : 4), 0);
}

/**
 * Two sides of a 100,000-key comparison, built on the MoE scale layout (64 layers × 528 experts,
 * Mixtral names) with tiny tensor shapes:
 *  - `expected`: what the model expects (the layout's keys, as they are);
 *  - `checkpoint`: the same tensors saved from a DDP wrapper (every key under `module.`), with a few
 *    keys missing, a few the model does not have, and a few of another shape — what diff must find.
 */
export interface HundredKSides {
  expected: KeyEntry[];
  checkpoint: KeyEntry[];
  /** how the checkpoint was perturbed, in expected-side key names */
  perturbed: { missing: string[]; unexpected: string[]; reshaped: string[] };
}

/** Tiny dimensions: 100k tensors of a few dozen bytes each keep the file (and its generation) small. */
const TINY = { hidden: 8, expertFfn: 4, heads: 2, kvHeads: 1, vocab: 16 } as const;

export function hundredKSides(): HundredKSides {
  const expected = moeLayout({ ...MOE_SCALE, ...TINY }).source;
  const missing = ['model.layers.3.block_sparse_moe.experts.7.w1.weight', 'model.layers.40.self_attn.k_proj.weight', 'model.norm.weight'];
  const reshaped = ['model.embed_tokens.weight', 'model.layers.63.block_sparse_moe.gate.weight', 'lm_head.weight'];
  const unexpected = ['model.layers.0.self_attn.rotary_emb.inv_freq', 'model.layers.1.self_attn.rotary_emb.inv_freq', 'model.extra_head.weight'];
  const drop = new Set(missing);
  const grow = new Set(reshaped);
  for (const k of [...missing, ...reshaped]) {
    if (!expected.some((e) => e.key === k)) throw new Error(`hundredKSides: ${k} is not a key of the MoE layout`);
  }
  const checkpoint: KeyEntry[] = [];
  for (const e of expected) {
    if (drop.has(e.key)) continue;
    const shape = grow.has(e.key) && e.shape ? [e.shape[0]! * 2, ...e.shape.slice(1)] : e.shape;
    checkpoint.push({ key: DDP_PREFIX + e.key, shape, dtype: e.dtype });
  }
  for (const k of unexpected) checkpoint.push({ key: DDP_PREFIX + k, shape: [4], dtype: 'bfloat16' });
  return { expected, checkpoint, perturbed: { missing, unexpected, reshaped } };
}

/** KeyEntries as tensors to write (the layout's dtypes are float32 or bfloat16). */
export function asSyntheticTensors(entries: readonly KeyEntry[]): SyntheticTensor[] {
  return entries.map((e) => {
    if (!e.shape) throw new Error(`asSyntheticTensors: ${e.key} has no shape`);
    if (e.dtype !== 'float32' && e.dtype !== 'bfloat16') throw new Error(`asSyntheticTensors: ${e.key} is ${String(e.dtype)}`);
    return { key: e.key, shape: e.shape, dtype: e.dtype };
  });
}
