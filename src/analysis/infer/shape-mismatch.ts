/**
 * Step 4: a pair whose names correspond but whose shapes differ. What it is decides what the plan does:
 * a classifier of another class count or an embedding of another vocabulary is dropped (the model
 * keeps its freshly initialized one); transposed 2-D weights (Conv1D vs Linear) are transposed; shapes
 * that differ only by dims of size 1 (`[D]` vs `[1, 1, D]`, a 1×1 conv vs a linear) are reshaped; a
 * position embedding of another length is flagged, not fixed; anything else is another model size,
 * which no key transform fixes.
 */
import { HEAD_MODULE, isOutputHead, isVocabulary, POSITION_MODULE } from '../key-roles.js';
import { formatShape, kernelOnlyDiffers, outputsDiffer, shapeRelation } from './shapes.js';
import type { Located } from './types.js';
import { isBareMatrix } from './tensor-ops.js';
import { ruleFor } from '../../formats/megatron/splits.js';

export type MismatchVerdict =
  | { kind: 'compatible' }
  | { kind: 'transpose'; evidence: string }
  | { kind: 'reshape'; evidence: string }
  | { kind: 'drop'; reason: string; cause: 'classifier' | 'vocabulary' | 'head_kernel' }
  | { kind: 'position_embedding'; message: string }
  | { kind: 'vocabulary_padding'; table: PaddedTable }
  | { kind: 'size'; message: string };

/**
 * Megatron pads its vocabulary (training/tokenizer `_vocab_size_with_padding`): the embedding and output layer
 * have `padded_vocab_size` rows, the tokenizer's count rounded up to a multiple of make_vocab_size_divisible_by ×
 * the tensor-parallel size; rows past the tokenizer's are padding no token reaches. A model built for the
 * tokenizer's count holds the trained rows as the first of the checkpoint's (review25 F11: read as "an embedding
 * of another vocabulary", both trained tables were dropped and the model told to initialise its own).
 * `padded`: the source's saved padded_vocab_size and the multiple it was rounded to (null: not said).
 */
export interface VocabPadding {
  padded: number;
  multiple: number | null;
}

/** One table holding Megatron's vocabulary padding: its key and shape, what it is, the model's rows and the padded count. */
export interface PaddedTable {
  key: string;
  shape: readonly number[];
  what: 'embedding' | 'output layer';
  rows: number;
  pad: VocabPadding;
}

function paddingOf(source: Located, a: readonly number[], b: readonly number[], pad: VocabPadding | null): PaddedTable | null {
  if (pad === null || a.length !== b.length || !only(a, b, 0) || a[0] !== pad.padded || !(b[0]! < a[0]!)) return null;
  const rule = ruleFor(source.key);
  if (rule?.kind !== 'split' || (rule.layer !== 'VocabParallelEmbedding' && rule.layer !== 'ColumnParallelLinear (output layer)')) return null;
  if (pad.multiple !== null && Math.ceil(b[0]! / pad.multiple) * pad.multiple !== pad.padded) return null;
  return { key: source.key, shape: a, what: rule.layer === 'VocabParallelEmbedding' ? 'embedding' : 'output layer', rows: b[0]!, pad };
}

/**
 * The finding of the padded tables (one sentence for all: they share the padding), which names the slice that keeps the
 * trained rows. Conditional (s25-verify F3): the files do not say which tokenizer the model was built for, and two
 * tokenizers pad to the same size (GPT-2's 50,257 and GPT-NeoX's 50,277 tokens both to 50,304); without the multiple
 * the args round to, not even that the model's count pads to the checkpoint's is shown.
 */
export function vocabPaddingMessage(tables: readonly PaddedTable[]): string {
  const { rows: n, pad } = tables[0]!;
  const list = tables.map((t) => `\`${t.key}\` ${formatShape(t.shape)} (the trained ${t.what})`).join(' and ');
  const padding = pad.multiple !== null
    ? `Megatron pads a tokenizer's vocabulary up to a multiple of ${pad.multiple} (make_vocab_size_divisible_by × tensor-parallel ranks), and ${n} rounds up to this checkpoint's padded_vocab_size ${pad.padded}`
    : `Megatron pads a tokenizer's vocabulary up to padded_vocab_size ${pad.padded}, and the saved args do not give the multiple it rounds to (make_vocab_size_divisible_by), so that ${n} is the count it padded is not shown`;
  return `${list} against the model's ${n} rows: ${padding}; if the model uses the checkpoint's own tokenizer of ${n} tokens, rows 0–${n - 1} are the trained ones and rows ${n}–${pad.padded - 1} padding no token reaches: keep the checkpoint's first ${n} rows (\`state_dict[k] = state_dict[k][:${n}]\`, as Megatron's converters do), never the model's own initial values; a model built for another tokenizer whose size pads to the same count would get rows of other tokens that way: check the tokenizer first; a plan cannot slice rows, so it claims no fix`;
}


function only(a: readonly number[], b: readonly number[], dim: number): boolean {
  return a.length === b.length && a.every((d, i) => i === dim || d === b[i]);
}

/**
 * What a reversed 2-d pair is, by its names: a bare matrix used as `x @ P` (CLIP's `text_projection`)
 * becoming a Linear weight, which computes `x @ W.T`, or a Linear weight becoming such a matrix (HF's
 * CLIP back to OpenAI's); else a weight stored [in, out], as GPT-2's Conv1D.
 */
function transposedWords(source: string, target: string): string {
  if (isBareMatrix(source) && target.endsWith('.weight')) return 'stored as a bare matrix used as x @ P (a Linear weight holds its transpose)';
  if (source.endsWith('.weight') && isBareMatrix(target)) return 'a Linear weight where the model holds a bare matrix used as x @ P (its transpose)';
  return 'stored transposed (Conv1D vs Linear)';
}

/** one verdict shared by every pair whose shapes agree (nearly all of them, 1,000,000 at scale) */
const COMPATIBLE: MismatchVerdict = Object.freeze({ kind: 'compatible' });

/**
 * source/target: the two keys; lastness: the target key's position from the end of its state dict,
 * 0..1 (1 = the last key), because a classifier is the last layer whatever it is called. inTail: no key
 * after the target's but a named head's (the model's key order known; true where it is not, an error text).
 */
export function classifyShapes(source: Located, target: Located, lastness: number, inTail = true, vocabPadding: VocabPadding | null = null): MismatchVerdict {
  const rel = shapeRelation(source.shape, target.shape);
  if (rel === 'equal' || rel === 'unknown') return COMPATIBLE;
  const a = source.shape!;
  const b = target.shape!;
  const shapes = `shape ${formatShape(a)} vs ${formatShape(b)}`;
  if (rel === 'transposed') return { kind: 'transpose', evidence: `${shapes}: ${transposedWords(source.key, target.key)}` };
  if (rel === 'reshaped') return { kind: 'reshape', evidence: `${shapes}: the same elements in another shape (dims of size 1 added or removed)` };
  // what a name says is key-roles.ts's: output layers, vocabularies and position tables are named there once
  const key = target.key;
  // a table whose last dimension alone differs has another width (embed_dim), not another length
  if (POSITION_MODULE.test(key) && a.length === b.length && !(a.length >= 2 && only(a, b, a.length - 1))) {
    return {
      kind: 'position_embedding',
      message: `${target.key}: ${shapes}: a position embedding of another length (image size or context); sdmatch does not resize it — interpolate it or keep the model's`,
    };
  }
  const padding = paddingOf(source, a, b, vocabPadding);
  if (padding !== null) return { kind: 'vocabulary_padding', table: padding };
  // an empty [0] where the model has elements is ZeRO-3's placeholder, no head (review 16 F16: one finding, build.ts)
  if (a.length === 1 && a[0] === 0) return { kind: 'size', message: `${target.key}: ${shapes}` };
  // another class count (a conv head's kernel may have changed with it: 3×3 → 1×1)
  if ((only(a, b, 0) || outputsDiffer({ source: a, expected: b })) && (HEAD_MODULE.test(key) || lastness >= 0.97)) {
    const vocab = isVocabulary(key, [a[0], b[0]]);
    return vocab
      ? { kind: 'drop', cause: 'vocabulary', reason: `${shapes}: output layer of another vocabulary size` }
      : { kind: 'drop', cause: 'classifier', reason: `${shapes}: classifier of another class count` };
  }
  // a head conv built with another kernel (3×3 → 1×1), the same classes and inputs (issue 10's third canonical
  // failure): another layer, whose values cannot go in; dropped, the model's own re-initialised, as explain's
  // error hints read the same size line (error-hints.ts), so plan CKPT MODEL and explain CKPT ERROR agree;
  // the model's head, not a name fragment: a named head (a block's `mlp.fc1` is none) at the end of the model
  if (isOutputHead(key) && inTail && kernelOnlyDiffers({ source: a, expected: b })) {
    return { kind: 'drop', cause: 'head_kernel', reason: `${shapes}: head conv of another kernel size (the model builds its head with a ${b.slice(2).join('×')} kernel where the checkpoint's was ${a.slice(2).join('×')}; to use the trained head, build it with a ${a.slice(2).join('×')} kernel)` };
  }
  if (a.length === 2 && only(a, b, 0) && isVocabulary(key, [a[0], b[0]])) {
    return { kind: 'drop', cause: 'vocabulary', reason: `${shapes}: embedding of another vocabulary (${a[0]} vs ${b[0]} entries)` };
  }
  return { kind: 'size', message: `${target.key}: ${shapes}` };
}
