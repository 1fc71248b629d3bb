import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { shardFileName, writeShardIndex } from '../../src/formats/shards.js';

/**
 * Safetensors files of any size that cost no disk: the header is written and the data region is a
 * hole (ftruncate), which reads as zeros, a valid F32 payload. For the remote suite and tests, which
 * measure what is fetched of a file, never its tensor bytes.
 */
export function writeSparseSafetensors(path: string, names: readonly string[], bytesEach: number): number {
  const floats = bytesEach / 4;
  if (!Number.isInteger(floats)) throw new Error(`tensor size ${bytesEach} is not a whole number of F32 values`);
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  names.forEach((name, i) => {
    header[name] = { dtype: 'F32', shape: [floats], data_offsets: [i * bytesEach, (i + 1) * bytesEach] };
  });
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  const size = 8 + json.length + names.length * bytesEach;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, len);
    writeSync(fd, json);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
  return size;
}

/**
 * A transformers-style sharded model (`model-0000i-of-0000N.safetensors` + index), every shard sparse,
 * laid out as the real writers lay it out: transformers fills each shard with the next tensors in the
 * model's order (layers 0, 1, 2, …), and the safetensors writer orders a header's tensors (and their
 * data) by dtype, then name, so a one-dtype header lists its names sorted as text (`layers.10` before
 * `layers.2`; all 26 corpus headers are). The index is written with sorted keys (writeShardIndex).
 */
export function writeSparseShardedSafetensors(dir: string, shards: number, tensorsPerShard: number, bytesEach: number): { index: string; files: string[]; bytes: number } {
  const weightMap: Record<string, string> = {};
  const files: string[] = [];
  let bytes = 0;
  for (let s = 0; s < shards; s++) {
    const name = shardFileName('model', 'safetensors', s, shards);
    // code-unit order: byte order for these ASCII names, as Rust's String ordering the writer sorts by
    const keys = Array.from({ length: tensorsPerShard }, (_, t) => `model.layers.${s * tensorsPerShard + t}.mlp.weight`).sort();
    bytes += writeSparseSafetensors(join(dir, name), keys, bytesEach);
    for (const k of keys) weightMap[k] = name;
    files.push(name);
  }
  const index = join(dir, 'model.safetensors.index.json');
  const text = writeShardIndex({ metadata: { total_size: shards * tensorsPerShard * bytesEach }, weight_map: weightMap });
  const fd = openSync(index, 'w');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return { index, files: ['model.safetensors.index.json', ...files], bytes };
}
