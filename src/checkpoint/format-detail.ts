/**
 * What both readers of a safetensors file or a shard index (the tree: read-arrays.ts, read-sharded.ts;
 * the columns: read-columns.ts) say of it besides its tensors, in a module of its own: the columns'
 * path of `inspect` imports it without the tree readers and what they pull in (the pickle machine,
 * the zip reader, fflate), which it does not run.
 */

/** an index is JSON of a few MB at most (a key and a file name per tensor) */
export const MAX_INDEX_BYTES = 256 << 20;

/** What inspect says of a safetensors file besides its tensors. */
export function safetensorsDetail(headerLength: number, metadata: Record<string, string> | null): string[] {
  const detail = [`safetensors, header ${headerLength} bytes`];
  if (metadata) {
    const meta = Object.entries(metadata).map(([k, v]) => `${k}=${v.length > 40 ? `${v.slice(0, 40)}…` : v}`);
    detail.push(`__metadata__: ${meta.slice(0, 8).join(', ')}${meta.length > 8 ? `, … (${meta.length} entries)` : ''}`);
  }
  return detail;
}

/** the first detail line of a sharded checkpoint */
export function shardedDetail(shards: number, keys: number): string {
  return `sharded checkpoint index, ${shards} shard(s), ${keys} keys`;
}
