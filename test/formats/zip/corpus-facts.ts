import { readFileSync } from 'node:fs';
import { corpusAvailable, corpusDir } from '../../helpers/corpus.js';

export { corpusAvailable };

/** The shared real-file corpus (read-only; never copied into the project). Tests skip when it is absent. */
export const CORPUS = `${corpusDir}/`;

export interface CorpusFact {
  format: 'torch-zip' | 'legacy-torch' | 'torchscript' | 'pickle' | 'safetensors' | 'npz' | 'npy' | 'other';
  detail: string;
  tensor_count: number | null;
  malicious: boolean;
  size: number;
}

export function corpusFacts(): [string, CorpusFact][] {
  if (!corpusAvailable) return [];
  return Object.entries(JSON.parse(readFileSync(CORPUS + 'expected.json', 'utf8')) as Record<string, CorpusFact>);
}
