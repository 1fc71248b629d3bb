import { FormatError } from './errors.js';

/**
 * Which file of a Hugging Face model folder is its checkpoint, the way from_pretrained picks it: one table
 * for `hf://ORG/REPO` (src/remote/prefetch.ts, over the repository's file list) and for a folder on disk,
 * which sdmatch names instead of reading (review 14 F3: the same folder on disk was refused with only the
 * distributed layouts named).
 */

/** transformers' own names, in the order from_pretrained tries them (safetensors first) */
export const DEFAULT_FILES = ['model.safetensors.index.json', 'model.safetensors', 'pytorch_model.bin.index.json', 'pytorch_model.bin'];
const SAFETENSORS = /\.safetensors$/;
const PICKLES = /\.(bin|pt|pth|ckpt)$/;

/**
 * The checkpoint a repository holds when the user named none: transformers' index, then its single
 * file (safetensors before pickles), then the only *.safetensors, then the only pickle, at the
 * repository's top level (or under the folder named). More than one candidate is a question for the
 * user, not a guess.
 */
export function discoverCheckpoint(files: string[], folder: string, spec: string): string {
  const prefix = folder ? `${folder}/` : '';
  const here = files.filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/')).map((f) => f.slice(prefix.length));
  for (const name of DEFAULT_FILES) if (here.includes(name)) return prefix + name;
  for (const re of [/\.safetensors\.index\.json$/, SAFETENSORS, /\.bin\.index\.json$/, PICKLES]) {
    const found = here.filter((f) => re.test(f));
    if (found.length === 1) return prefix + found[0]!;
    if (found.length > 1) throw new FormatError(spec, `several checkpoints, name one: ${found.slice(0, 5).map((f) => `${spec.replace(/\/$/, '')}/${f}`).join(', ')}${found.length > 5 ? ', …' : ''}`);
  }
  throw new FormatError(spec, `no checkpoint found${folder ? ` in ${folder}/` : ''} (looked for ${DEFAULT_FILES.join(', ')}, *.safetensors, *.bin, *.pt, *.pth)`);
}
