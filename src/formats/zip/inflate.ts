/**
 * fflate's streaming Inflate, loaded on its first use. Evaluating fflate builds its Huffman and
 * length tables (~20 ms of CPU on this 2-core machine: issue 14, a tenth of what `apply` spends
 * beyond cp's own copy), and most checkpoints never need it: torch.save and safetensors store their
 * entries uncompressed. Loaded with require (synchronously: the readers are synchronous), from
 * node_modules, where it is one of sdmatch's dependencies; the CLI bundle therefore leaves it out.
 */
import { createRequire } from 'node:module';
import type { Inflate } from 'fflate';

let fflate: typeof import('fflate') | undefined;

export function newInflate(ondata: (data: Uint8Array, final: boolean) => void): Inflate {
  fflate ??= createRequire(import.meta.url)('fflate') as typeof import('fflate');
  return new fflate.Inflate(ondata);
}
