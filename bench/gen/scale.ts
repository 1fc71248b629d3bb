import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFiles } from './files.js';
import { writeSparseShardedSafetensors } from './sparse-safetensors.js';
import { writeLightningTorchZip, writeSyntheticTorchZip, type SyntheticTensor } from './torch-zip.js';

/**
 * Inputs of the scale suite (issue 14): torch zips of n tiny tensors named as a mixture-of-experts
 * checkpoint names them (per layer: attention, norms, a router and 128 experts × w1/w2/w3), and a
 * transformers-style set of 20 safetensors shards holding 50,000 tensors. Tensor bytes are tiny:
 * what reading costs at this scale is the pickle, the zip directory and the headers.
 */

const EXPERTS = 128;

/** The first `n` tensors of an endless MoE layout, shapes varying with the position so they are not all alike. */
export function scaleTensors(n: number): SyntheticTensor[] {
  const out: SyntheticTensor[] = [];
  const push = (key: string, shape: number[]): void => {
    if (out.length < n) out.push({ key, shape, dtype: 'bfloat16' });
  };
  for (let l = 0; out.length < n; l++) {
    const p = `model.layers.${l}.`;
    for (const w of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) push(`${p}self_attn.${w}.weight`, [8, 8]);
    push(`${p}input_layernorm.weight`, [8]);
    push(`${p}post_attention_layernorm.weight`, [8]);
    push(`${p}block_sparse_moe.gate.weight`, [EXPERTS, 8]);
    for (let e = 0; e < EXPERTS; e++) {
      const f = 2 + (e % 3);
      push(`${p}block_sparse_moe.experts.${e}.w1.weight`, [f, 8]);
      push(`${p}block_sparse_moe.experts.${e}.w2.weight`, [8, f]);
      push(`${p}block_sparse_moe.experts.${e}.w3.weight`, [f, 8]);
    }
  }
  return out;
}

/** `scale-<n>.pt`: a torch zip of scaleTensors(n). */
export function scaleCheckpoint(files: BenchFiles, n: number): string {
  return files.once(`scale-${n}.pt`, (path) => writeSyntheticTorchZip(path, scaleTensors(n)));
}

/** A Lightning checkpoint (writeLightningTorchZip) of n tensors: n/4 model tensors, each with Adam's step, exp_avg, exp_avg_sq. */
export function lightningCheckpoint(files: BenchFiles, n: number): string {
  if (n % 4 !== 0) throw new Error(`lightningCheckpoint: ${n} tensors is not 4 per parameter`);
  return files.once(`lightning-${n}.ckpt`, (path) => writeLightningTorchZip(path, scaleTensors(n / 4)));
}

export const SHARDS = 20;
export const SHARD_TENSORS = 2500;

/** 20 safetensors shards of 2,500 tensors each and their index (sparse data regions: headers are what is read); returns the index. */
export function shardedSafetensors(files: BenchFiles): string {
  const dir = files.once('sharded-50k', (path) => {
    mkdirSync(path, { recursive: true });
    return { bytes: writeSparseShardedSafetensors(path, SHARDS, SHARD_TENSORS, 64).bytes };
  });
  return join(dir, 'model.safetensors.index.json');
}
