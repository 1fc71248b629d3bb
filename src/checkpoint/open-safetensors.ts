import type { OpenOptions, SafetensorsCheckpoint } from './open.js';
import { readSafetensorsSet } from './read-columns.js';
import { safetyOf } from './safety.js';

// Apart from open.ts, whose tree readers (pickle machine, zip reader, fflate, torch) inspect loads only
// when this returns null: evaluating those modules cost ~15 ms of CPU at start-up of a ~300 ms run
// (issue 14, bench/scale-reading.md, session 9).

/**
 * For a caller that only reports on the file (inspect), before openForReport: a safetensors file or a
 * sharded safetensors set (its shards read concurrently) in columns, or null for anything else and for
 * anything the tree reader would refuse (openForReport then reads it and says why).
 */
export async function openSafetensorsForReport(path: string, opts: Omit<OpenOptions, 'readOnly'> = {}): Promise<SafetensorsCheckpoint | null> {
  const set = await readSafetensorsSet(path);
  return set && { file: opts.name ?? path, size: set.size, format: set.format, detail: set.detail, safety: safetyOf([]), error: null, safetensors: set };
}
