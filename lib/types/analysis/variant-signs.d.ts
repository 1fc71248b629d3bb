/**
 * Signs, in an error text's key lists, that the checkpoint is another variant, configuration or
 * training stage of the model rather than the same weights under other names. Each sign reads the
 * structure of the keys (a subtree on one side only, a layer split in two in every block, a first
 * layer built otherwise, an output width that is a feature width where the checkpoint's is a class
 * count); the names it knows are data below, a reason per row. A sign found means no key edit
 * fixes the error: renaming or dropping would load the wrong tensors or leave trained parts random.
 * Pure: no I/O.
 */
import type { ErrorReport, ReportedSizeMismatch } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
/**
 * Copies of the network a training method keeps beside the one it trains. A released file holds the
 * network that is used (the query encoder, the student or the EMA weights alone); the training wrapper
 * that builds both expects the copy too.
 */
export declare const TRAINING_TWINS: readonly {
    re: RegExp;
    what: string;
    why: string;
}[];
/**
 * Modules a named variant adds to a base model, whose released weights include them: a checkpoint of the
 * base model loaded into the variant leaves exactly these missing, and they compute with their initial
 * values (under strict=False, silently). Keeping them missing is no fix; the variant's own weights are.
 */
export declare const VARIANT_ADDITIONS: readonly {
    parts: RegExp;
    variant: string;
    base: string;
    fix: string;
    why: string;
}[];
/**
 * Every key the model misses is a module a named variant adds (VARIANT_ADDITIONS), at least two of them,
 * and nothing else differs: the checkpoint is the base model's, the model the variant.
 */
export declare function variantAdditionsMissing(report: ErrorReport): Cause | null;
/** Layers that are one projection in one design and a gated pair in another, with the setting that picks. */
export declare const GATED_LAYERS: readonly {
    plain: string;
    gated: readonly [string, string];
    setting: string;
}[];
/**
 * The model expects a training twin of its network (and the method's queues) that the checkpoint
 * lacks, and nothing else is wrong: the file is the released network alone, the model the training
 * wrapper. Adding a prefix or keeping the twin missing would leave it random (or, for resuming, wrong).
 */
export declare function trainingTwinMissing(report: ErrorReport): Cause | null;
/**
 * A layer that is a `_0`/`_1` pair (no `_2`) inside two or more numbered blocks on one side, where the
 * other side shows the plain layer or nothing: the blocks are of another design (a gated feed-forward
 * against a plain one), not renamed; dropping the pair would discard a trained layer of every block.
 */
export declare function gatedPair(report: ErrorReport): Cause | null;
export declare function stemBuiltOtherwise(report: ErrorReport): Cause | null;
/**
 * An output layer whose rows are a known class count in the checkpoint (1000 for ImageNet) and a feature
 * width in the model (a power of two, 256 or more): the model's layer is a projection to an embedding
 * (as CLIP's image tower ends), not a classifier to re-train; the file is the classification
 * fine-tune of the network, where the model needs its feature (embedding) release.
 */
export declare function projectionNotClasses(m: ReportedSizeMismatch): boolean;
export declare function projectionCause(m: ReportedSizeMismatch): Cause;
/**
 * One attention's fused q/k/v projection saved under another implementation's name, the model's own
 * name known from the block's: one row per pair, both sides in the same [3E, E] layout (q, k, v stacked
 * along the rows). flash-attention's MHA (`Wqkv`, an nn.Linear to 3E whose output it splits as
 * `(three h d)`) in an attention named as torch's nn.TransformerEncoderLayer / TransformerDecoderLayer name theirs
 * (`layers.N.self_attn`, `stages.N.multihead_attn`), whose nn.MultiheadAttention holds the same tensor
 * as `in_proj_weight` / `in_proj_bias`: scGPT's load_pretrained renames `Wqkv.` to `in_proj_` when it
 * builds the model without flash-attention (scGPT-173, -123).
 */
export declare const FUSED_ATTENTION_NAMES: readonly {
    from: RegExp;
    to: (block: string, leaf: string) => string;
    what: string;
}[];
/**
 * The model's names for the fused projections a strict torch load lists as unexpected, nothing else
 * listed and nothing missing (the side that would name them hidden: the checkpoint merged into
 * `model.state_dict()` before the load): null unless every listed key is one of a row's.
 */
export declare function fusedAttentionNames(report: ErrorReport): {
    renames: {
        from: string;
        to: string;
    }[];
    what: string;
    name: (key: string) => string | null;
} | null;
/**
 * Library hooks that load a checkpoint a second time, strictly, where the model's own load skips what
 * does not fit: the error is the hook's, one row per hook (`file:function` of the traceback's frame).
 * mmengine's EMAHook loaded the checkpoint's EMA weights into the EMA copy with strict load_state_dict
 * on `load_from` too, so fine-tuning a checkpoint with another head (YOLOX on another class count) failed
 * there although the model itself loaded with the head skipped; open-mmlab/mmengine#507 loads the copy
 * like the model when not resuming.
 */
export declare const LIBRARY_HOOK_LOADS: readonly {
    hook: string;
    what: string;
    fix: string;
}[];
/** The hook whose own strict load raised, when the text shows one that LIBRARY_HOOK_LOADS knows: a library's behaviour, not this checkpoint's keys. */
export declare function libraryHookLoad(report: ErrorReport): Cause | null;
/**
 * A projection into an embedding space, by name: self-supervised projection heads (SimCLR's and
 * lightly's `projection_head`, BYOL/VICReg/Barlow Twins' `projector`) and CLIP's `text_projection` /
 * `visual_projection` (transformers' CLIPConfig.projection_dim). Their output size is a setting of the
 * model (out_dim, projection_dim), trained with the rest, never a class count re-initialised for new data.
 */
export declare const EMBEDDING_PROJECTION: RegExp;
/**
 * A vision-language model's connector, whose output layer feeds the language model: Qwen2-VL / Qwen2.5-VL's
 * `visual.merger` (PatchMerger: its last Linear's output is the LLM's hidden size), LLaVA's `mm_projector` and
 * transformers' `multi_modal_projector` (LLaVA, PaliGemma), BLIP-2 / InstructBLIP's `language_projection`. Its
 * output size is the language model's width, so another size is another language model (size or version), never
 * a class count (2U1/Qwen-VL-Series-Finetune#37: Qwen2.5-VL-3B's 2048 into Qwen2-VL's class, 1280).
 */
export declare const LANGUAGE_CONNECTOR: RegExp;
export declare function connectorWidthCause(m: ReportedSizeMismatch): Cause;
export declare function embeddingDimCause(m: ReportedSizeMismatch): Cause;
/**
 * Every checkpoint key the error lists under one training copy's name (`modelTeacher.`, `teacher.`,
 * `encoder_k.`): the file is the training wrapper's state (a teacher-student or momentum pair), the
 * model the network alone; the copy's keys are the network's under that name. Only when the model's
 * side shows those names missing, or the text was cut where a missing list could still follow
 * (`missingListCut`): an error with nothing missing, whole or cut after its (empty) missing part, means
 * the model loaded its own weights and the copy is extra; stripping it would overwrite them.
 */
export declare function twinCopyPrefix(unexpected: readonly string[], missing: readonly string[], missingListCut: boolean): {
    prefix: string;
    who: string;
    why: string;
} | null;
/**
 * One change of width across the size mismatches: the same pair of sizes (768 in the checkpoint, 512 in
 * the model) in two tensors or more, and in a dimension past the first of at least one (a layer's
 * input width: a head of another class count changes only its rows). The model is another size of
 * the network (embed_dim, hidden_size, channels): every tensor of that width differs, norms and position
 * tables included, and none of them is a head or a table to resize. Inference says the size (the
 * mismatch it cannot fix names both widths); this only keeps those tensors from the name rules.
 */
export declare function widthChange(sizes: readonly ReportedSizeMismatch[]): {
    from: number;
    to: number;
    keys: string[];
} | null;
