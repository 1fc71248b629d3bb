import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastTier } from './tier.js';

/** The shared corpus sits beside the project checkout (`../shared/corpus`), in CI as here. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = process.env.SDMATCH_CORPUS ?? resolve(repoRoot, '../shared/corpus');
/** Whether the corpus tests run: never in the fast tier (tier.ts), which reads none of its 932 files. */
export const corpusAvailable = !fastTier && existsSync(join(corpusDir, 'expected.json'));

export interface CorpusExpectation {
  format: string;
  detail: string;
  malicious: boolean;
  dangerous_globals: string[];
  all_globals: string[];
  tensor_count: number | null;
  size: number;
  sha256: string;
  notes?: string;
}

export function corpusExpectations(): Record<string, CorpusExpectation> {
  return JSON.parse(readFileSync(join(corpusDir, 'expected.json'), 'utf8')) as Record<string, CorpusExpectation>;
}
