import type { Located } from './types.js';
export type MismatchVerdict = {
    kind: 'compatible';
} | {
    kind: 'transpose';
    evidence: string;
} | {
    kind: 'reshape';
    evidence: string;
} | {
    kind: 'drop';
    reason: string;
    cause: 'classifier' | 'vocabulary' | 'head_kernel';
} | {
    kind: 'position_embedding';
    message: string;
} | {
    kind: 'vocabulary_padding';
    table: PaddedTable;
} | {
    kind: 'size';
    message: string;
};
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
/**
 * The finding of the padded tables (one sentence for all: they share the padding), which names the slice that keeps the
 * trained rows. Conditional (s25-verify F3): the files do not say which tokenizer the model was built for, and two
 * tokenizers pad to the same size (GPT-2's 50,257 and GPT-NeoX's 50,277 tokens both to 50,304); without the multiple
 * the args round to, not even that the model's count pads to the checkpoint's is shown.
 */
export declare function vocabPaddingMessage(tables: readonly PaddedTable[]): string;
/**
 * source/target: the two keys; lastness: the target key's position from the end of its state dict,
 * 0..1 (1 = the last key), because a classifier is the last layer whatever it is called. inTail: no key
 * after the target's but a named head's (the model's key order known; true where it is not, an error text).
 */
export declare function classifyShapes(source: Located, target: Located, lastness: number, inTail?: boolean, vocabPadding?: VocabPadding | null): MismatchVerdict;
