/**
 * The one key tokenizer of the project: the diff, the grouping, the diagnosis, plan inference and the
 * reports all read a key's segments, indices and words here, so they agree on what an index is.
 * A state_dict key is a dot path of module names ending in a parameter or buffer name;
 * container indices (`layers.3.`) are the numeric segments. Everything here is a pure, allocation-light
 * string function because it runs over 100,000-key lists.
 */
/** `layers.3.attn.weight` → `['layers', '3', 'attn', 'weight']`. */
export declare function splitKey(key: string): string[];
/**
 * A segment that is a container index: plain decimal without leading zeros (`0`, `12`), so that
 * printing the number back gives the same segment. `01` or a 12-digit id is a name, not an index.
 */
export declare function isIndexSegment(seg: string): boolean;
/** isIndexSegment on `key.slice(from, end)`, without making the slice (scans over 1,000,000 keys). */
export declare function isIndexAt(key: string, from: number, end: number): boolean;
/**
 * The next whole index segment of `key` at or after `from` (a segment start): its [start, end) offsets,
 * or null. Scanned in place, without a segment array (every key of both sides, at 100,000 keys a side).
 */
export declare function indexSegmentAt(key: string, from?: number): [number, number] | null;
/**
 * An index glued to a name: a segment that is a name (a letter, then letters and underscores) followed by
 * a canonical decimal, as pycls writes stages and blocks (`s1.b1`), MMDetection and torchvision their
 * stages (`layer3`), PVT and SegFormer theirs (`patch_embed1`, `block2`) and many models their numbered
 * siblings (`conv2`, `norm1`). Where a whole-segment index says a container, a glued one is a position
 * the conversion may offset, re-base from 1 to 0 or regroup like any other index, so plan inference
 * reads both. Not an index: a plain index segment (isIndexSegment), a
 * name without trailing digits, digits with a leading zero (`block_000`: TensorFlow's, read by
 * tfPathSegments) or more than isIndexAt's nine. Returns the stem's length (the digits start there), or -1.
 */
export declare function gluedIndexAt(seg: string, from?: number, end?: number): number;
/**
 * A segment read as a possibly indexed name: `{ stem: 'layer', index: 3 }` for `layer3`, `{ stem: '',
 * index: 3 }` for `3`, `{ stem: 'attn', index: null }` for `attn`. The one reading of an index the
 * generalise stage uses (glued or whole), so its templates, captures and arithmetic agree.
 */
export interface IndexedSegment {
    stem: string;
    index: number | null;
    /** the name's text after an index read inside it (innerIndexedSegment: `_depthwise`); absent for the rest */
    rest?: string;
}
/**
 * An index inside a name: one canonical decimal between two underscores, and only one, in a segment that
 * starts with a letter — TF-slim's `Conv2d_3_depthwise` (`{ stem: 'Conv2d_', index: 3, rest: '_depthwise' }`),
 * which transformers' MobileNetV1 map sends to `layer.{2·3−2}`. Null for anything else, and on purpose for a
 * segment with two or more such numbers: kohya's flattened module paths (`lora_unet_down_blocks_0_attentions_1_proj_in`)
 * hold one per container and are read by the renames that unflatten them, not as one index. Plan inference
 * reads this only where a whole or glued index (indexedSegment) is absent and the index is computed.
 */
export declare function innerIndexedSegment(seg: string): IndexedSegment | null;
export declare function indexedSegment(seg: string): IndexedSegment;
/** Does the segment `key.slice(from, end)` carry an index, whole (`3`) or glued (`layer3`)? */
export declare function hasIndexAt(key: string, from: number, end: number): boolean;
/** The placeholder an index segment becomes in a template. Braces never occur in real module names. */
export declare const INDEX_PLACEHOLDER = "{}";
export interface KeyTemplate {
    /** the key with every index segment replaced by `{}`: `layers.{}.attn.weight` */
    template: string;
    /** the indices taken out, left to right */
    indices: number[];
}
/** `layers.3.attn.weight` → `{ template: 'layers.{}.attn.weight', indices: [3] }`. */
export declare function templateOf(key: string): KeyTemplate;
/** Put indices back into a template (inverse of templateOf). */
export declare function fillTemplate(template: string, indices: readonly (number | string)[]): string;
/** The module a key belongs to: everything before the last dot (`''` for a top-level key). */
export declare function moduleOf(key: string): string;
/** The parameter or buffer name: the last segment. */
export declare function leafOf(key: string): string;
/** The module with its trailing dot (`layers.3.attn.` of `layers.3.attn.weight`; `''` for a top-level key): a prefix its siblings share. */
export declare function modulePrefixOf(key: string): string;
/** The module's own name, its last segment (`attn` of `layers.3.attn.weight`; `''` for a top-level key): leafOf(moduleOf(key)). */
export declare function moduleNameOf(key: string): string;
/** The first segment: the top-level module (`layers` of `layers.3.attn.weight`; the key itself when it has no dot). */
export declare function firstSegmentOf(key: string): string;
/** The first `n` segments with their trailing dot (`firstSegments('a.b.c', 1)` = `'a.'`); null when the key is not longer. */
export declare function leadingPrefix(key: string, n: number): string | null;
/**
 * The longest dot-aligned prefix every key shares (`module.`, `model.backbone.`), or `''`.
 * Never the whole of a key: a prefix must leave something after it.
 */
export declare function commonPrefix(keys: readonly string[]): string;
/**
 * The module that holds the network on both sides (`model.` of a LightningModule or task wrapper): the prefix the
 * keys of the two sides share, when both list keys; `''` when one side is empty (keys of one side under one name
 * may be that module's own, not a holder's). A numbered block is no holder: the prefix stops before its index.
 * Decisions that read a key's first segment as the network's top read the keys below it.
 */
export declare function sharedHolder(one: readonly string[], other: readonly string[]): string;
/** `key` without `prefix`, or null when it does not start with it. */
export declare function stripPrefix(key: string, prefix: string): string | null;
/**
 * Prefixes that wrappers put in front of every key: DataParallel/DDP (`module.`), torch.compile
 * (`_orig_mod.`), Lightning and training wrappers (`model.`, `net.`, `network.`) and trainers that
 * store the dict under a name. Plan inference and candidate selection try these first.
 */
export declare const WRAPPER_PREFIXES: readonly string[];
/**
 * Count, for each first-segment prefix (`module.`), how many keys start with it. Keys without a dot
 * are not counted. Used to find a prefix most keys share when not all do.
 */
export declare function leadingSegmentCounts(keys: readonly string[]): Map<string, number>;
/** Every proper dot-suffix of a key, longest first: `a.b.c` → `b.c`, `c`. */
export declare function dotSuffixes(key: string): string[];
/**
 * Whether `tail` is one of `key`'s dotSuffixes: `key` is `tail` with leading segments added
 * (`model.clip.visual.conv1.weight` over `clip.visual.conv1.weight`), a prefix at a dot boundary.
 */
export declare function isDotSuffix(tail: string, key: string): boolean;
/** Alias of INDEX_PLACEHOLDER for template code that reads better with the short name. */
export declare const PLACEHOLDER = "{}";
/**
 * Sub-word tokens of a name, for similarity: split on dots, underscores, digit runs and camelCase,
 * lower-cased. `attention_norm` → [attention, norm]; `LayerNorm` → [layer, norm]; `wq` → [wq].
 */
export declare function wordsOf(name: string): string[];
/**
 * The words of one segment that say what the module is: a word qualified by a positional word before a
 * head word names the neighbour, not the module — `post_attention_layernorm` is a layernorm after the
 * attention (GGUF's `ffn_norm`), not an attention (`attn_norm`). `pre_norm` keeps its only noun.
 */
export declare function ownWords(segmentWords: readonly string[]): string[];
/** Number of leading segments two segment lists share. */
export declare function commonPrefixLength(a: readonly string[], b: readonly string[]): number;
/** Number of trailing segments two segment lists share (never overlapping `skip` leading ones). */
export declare function commonSuffixLength(a: readonly string[], b: readonly string[], skip?: number): number;
/** Does `key` instantiate `template` (`{}` standing for one index segment)? */
export declare function instantiates(template: string, key: string): boolean;
/**
 * Caffe2 / Detectron blob names join a whole key with underscores and no dot (`res2_0_branch2a_bn_s`):
 * the underscores are the module path. The segments such a key stands for (`res2`, `0`, `branch2a`,
 * `bn`, `s`), or null when the key is no blob name (it has a dot, no underscore, or an empty segment).
 */
export declare function blobSegments(key: string): string[] | null;
/**
 * TensorFlow variable names are `/` scope paths, a repeated layer's index glued to its name with `_`
 * (Mesh TF's `encoder/block_000/layer_001/SelfAttention/q`, Keras' `dense_1`): the segments such a key
 * stands for, an indexed scope read as its name and index (`block`, `0`) as transformers'
 * `load_tf_weights_in_*` read them (a scope that fullmatches `[A-Za-z]+_\d+` is `re.split(r"_(\d+)")`),
 * and also where the name has underscores of its own (TF-slim's `expanded_conv_4`, Keras'
 * `batch_normalization_3`: the fifth block, the fourth layer of that kind). Read as one word, sixteen
 * such blocks were sixteen unrelated names whose look-alike parts were paired by shape alone, across
 * blocks and within them (MobileNet v2, session 21). A name with digits (`Conv2d_1`, `conv_1x1`) stays
 * one scope, as in transformers. A scope in `names` stays one scope too: the model names a module so
 * (GPT-2's `ln_1`, which its own converter never splits), so it is a name there, not an index.
 * Null when the key has a dot or an empty scope.
 */
export declare const TF_INDEXED_SCOPE: RegExp;
export declare function tfPathSegments(key: string, names?: ReadonlySet<string>): string[] | null;
/**
 * Keys split once, into integer tokens: every distinct segment text is one token id in one table, and a
 * key is the run of its segments' ids, with the values of its index segments beside them. Steps that
 * group keys by their segments (index segments masked, digits inside names masked) hash and compare
 * those runs, instead of splitting every key again and building a masked string per key: at 1,000,000
 * keys a side those strings and arrays were most of what the steps allocated. A segment is hashed and
 * compared where it stands in its key; only a text met for the first time is sliced out. Keys are
 * numbered 0, 1, … in the order added.
 */
export declare class KeyTokens {
    /** token id → the segment's text */
    private readonly texts;
    /** token id → the segment's value as an index (isIndexSegment), or -1 */
    private readonly values;
    /** hash of a text → the first token under it; `sameHash` chains the others */
    private readonly byHash;
    private readonly sameHash;
    /** key k's token ids are segs[segStart[k] .. segStart[k + 1]), its index values idx[idxStart[k] .. idxStart[k + 1]) */
    private segs;
    private segStart;
    private idx;
    private idxStart;
    private count;
    /** how many keys were added */
    get size(): number;
    /** Adds a key; returns its number. */
    add(key: string): number;
    /** the token id of a text (a whole segment: no dot), added to the table when new */
    token(text: string): number;
    /** how many segments key k has */
    segmentCount(k: number): number;
    /** the token id of key k's i-th segment */
    segment(k: number, i: number): number;
    /** how many index segments key k has */
    indexCount(k: number): number;
    /** the value of key k's i-th index segment, left to right */
    index(k: number, i: number): number;
    /** key k's index values, left to right (a new array) */
    indices(k: number): number[];
    /** the text of a token */
    text(t: number): string;
    /** a token's value as an index segment, or -1 where it is a name */
    value(t: number): number;
    /** the token of key.slice(from, end), hashed and compared in place */
    private tokenAt;
    private newToken;
}
/**
 * Runs of integers (token ids of keys, masked) numbered by their content: equal runs get one number,
 * numbers given 0, 1, … in the order first met, so a list of groups by run number is in the order a
 * Map keyed by the runs' joined texts would iterate.
 */
export declare class TokenRuns {
    private readonly byHash;
    private readonly sameHash;
    private data;
    private readonly starts;
    /** how many distinct runs were met */
    get size(): number;
    /** the number of the run run[0 .. length), given the next number when it is new */
    of(run: ArrayLike<number>, length: number): number;
    private equals;
    private push;
}
