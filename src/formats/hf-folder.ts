import { FormatError } from './errors.js';

/**
 * Which file of a Hugging Face model folder is its checkpoint, the way from_pretrained picks it: one table
 * for `hf://ORG/REPO` (src/remote/prefetch.ts, over the repository's file list) and for a folder on disk,
 * which sdmatch names instead of reading (review 14 F3: the same folder on disk was refused with only the
 * distributed layouts named).
 */

/**
 * transformers' own names, in the order from_pretrained tries them, with why each stands where it does
 * (modeling_utils.py: a folder on disk is an `if os.path.isfile(SAFE_WEIGHTS_NAME) … elif SAFE_WEIGHTS_INDEX_NAME
 * … elif WEIGHTS_NAME … elif WEIGHTS_INDEX_NAME` chain; the Hub asks `cached_file(SAFE_WEIGHTS_NAME)` first and
 * the index only when that is absent). Review 25 F3: the index used to come first, so a repository holding a
 * consolidated file beside an older sharded set was described by weights from_pretrained never loads.
 */
const TRANSFORMERS_FILES = [
  { name: 'model.safetensors', why: 'SAFE_WEIGHTS_NAME: tried first whenever use_safetensors is not False (its default)' },
  { name: 'model.safetensors.index.json', why: 'SAFE_WEIGHTS_INDEX_NAME: tried only when model.safetensors is absent' },
  { name: 'pytorch_model.bin', why: 'WEIGHTS_NAME: tried only when there is no safetensors checkpoint' },
  { name: 'pytorch_model.bin.index.json', why: 'WEIGHTS_INDEX_NAME: tried only when pytorch_model.bin is absent' },
] as const;
export const DEFAULT_FILES: readonly string[] = TRANSFORMERS_FILES.map((f) => f.name);
const SAFETENSORS = /\.safetensors$/;
const PICKLES = /\.(bin|pt|pth|ckpt)$/;

/**
 * The checkpoint a repository holds when the user named none: transformers' own names in from_pretrained's
 * order (the single file before its index, safetensors before pickles), then the only *.safetensors, then the only pickle, at the
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
