/**
 * The truth files real PyTorch 1.13 wrote beside the fixtures (fixtures/truth.py → fixtures/truth/…):
 * what torch itself sees in each fixture, which the readers are checked against.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './corpus.js';

export type TruthPath = (string | number)[];

export interface TruthTensor {
  path: TruthPath;
  aliases: TruthPath[];
  kind: string;
  dtype: string;
  shape: number[];
  stride: number[];
  storage_offset: number;
  requires_grad: boolean;
  is_parameter: boolean;
  storage: number;
  storage_key: string | null;
  quantization?: { scheme: string; scale?: number; zero_point?: number; axis?: number };
}

export interface Truth {
  file: string;
  format: string;
  tensor_count: number;
  tensors: TruthTensor[];
  storages: { id: number; key: string | null; dtype: string; numel: number; location: { data_offset?: number } | null }[];
  state_dicts: { path: TruthPath; keys: string[]; non_tensor_keys: string[]; metadata: Record<string, Record<string, unknown>> | null }[];
}

export const FIXTURES = join(repoRoot, 'fixtures');
export const TRUTH_DIR = join(FIXTURES, 'truth');

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonFiles(p) : n.endsWith('.json') ? [p] : [];
  });
}

/** Every truth file, named by its path under fixtures/truth/. */
export function readTruths(): { name: string; truth: Truth }[] {
  return jsonFiles(TRUTH_DIR).map((p) => ({ name: relative(TRUTH_DIR, p), truth: JSON.parse(readFileSync(p, 'utf8')) as Truth }));
}
