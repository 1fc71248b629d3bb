/**
 * What a key's name says about its role, as data with a reason per row: the tables explain and plan
 * use to tell weights from what is not a weight. A key's role decides what a fix may do with it:
 * a buffer the model computes itself may be dropped or left missing without losing anything trained;
 * a head of another class count is re-initialised on purpose; a checkpoint's bookkeeping field means
 * the whole checkpoint was passed where its state dict belonged.
 * The leaf names every layer gives its tensors (`weight`, BatchNorm's `running_mean`) are one table in
 * formats/module-leaves.ts, below this layer, because the error-text reader needs them too.
 */
export interface BufferRule {
    /** matched against the whole key */
    pattern: RegExp;
    /** what the tensor is */
    what: string;
    /** why leaving it out (unexpected) or letting the model keep its own (missing) loses nothing trained */
    why: string;
    /**
     * the side a list of these keys is on when the text cut its heading: the library stopped saving
     * them, so older checkpoints carry them and newer models no longer expect them (unexpected); or
     * checkpoints often lack them and models that do not keep them drop the checkpoint's own before
     * comparing, so a listed one is the model's (missing)
     */
    usualSide?: 'unexpected' | 'missing';
    /**
     * the tensors are trained values kept elsewhere too (an EMA copy): not dropped unasked by plan
     * inference, where the user may mean to load them instead
     */
    copyOfWeights?: true;
    /**
     * computed from the input's patch grid (image size / patch size) and nothing else that was trained: another size
     * on a size line is another input resolution, and the model built for its own holds the right table, so the
     * checkpoint's is dropped and the model's kept (a table that follows a setting the weights were trained with, a
     * text rotary table's head dimension or rotary fraction, is never this)
     */
    gridSized?: true;
    /**
     * the tensors are parameters of a network the training loss holds (pretrained or trained with it),
     * not buffers the model computes: said as what they are, never as buffers
     */
    lossNetwork?: true;
    /**
     * what the tensor must look like to be this (its shape and dtype, where known): a name a trained tensor
     * also has is not enough (a Linear named `attn` has a trained `attn.bias`, review19 F2)
     */
    shaped?: (key: string, shape: readonly number[], dtype: string | null) => boolean;
    /** a `bias` of it beside its module's `weight` is that module's trained bias, never this (a Linear's) */
    notBesideWeight?: true;
}
/**
 * A TensorFlow checkpoint's training state saved beside the variables: optimizer slots and the step
 * counter. Plan inference sets them aside before pairing a TF checkpoint (scope-paths.ts).
 */
export declare const OPTIMIZER_STATE: readonly BufferRule[];
/**
 * Tensors in state dicts that are not trained weights of the model: recomputed by the module's constructor,
 * counters, or (lossNetwork) parameters of a network only the training loss uses. Each may be dropped from
 * a checkpoint or left to the model without changing what it predicts.
 */
export declare const NON_WEIGHT_BUFFERS: readonly BufferRule[];
/** A BatchNorm batch counter, which BatchNorm fills in itself when a checkpoint without module versions lacks it. */
export declare function isCounter(key: string): boolean;
export declare function bufferRule(key: string): BufferRule | null;
/**
 * bufferRule, unless what is known of the tensor refutes it: its shape and dtype (null: unknown) are not
 * the buffer's, or (`has`: the keys listed beside it) its module's `weight` is there, so a `bias` is that
 * module's trained one.
 */
export declare function bufferRuleSeen(key: string, shape: readonly number[] | null, dtype: string | null, has?: (k: string) => boolean): BufferRule | null;
/**
 * Output layers whose size follows the task (class count, box classes): a checkpoint trained for
 * another task has them of another size, and fine-tuning re-initialises them on purpose. `<what>_heads`
 * is a list of such heads as `heads` is (a distillation's `aligned_feature_projection_heads.N`, Ark's `omni_heads.N`).
 */
export declare const HEAD_MODULE: RegExp;
/**
 * Whether a key's module is named as an output head (HEAD_MODULE), a block's `fc` layer aside: the
 * name half of "the model's head" (where the model's key order is known, the head also ends it:
 * infer/stages/judge-shapes.ts). A name fragment alone would call `blocks.0.mlp.fc1` a head (s21-verify #1).
 */
export declare function isOutputHead(key: string): boolean;
/**
 * Heads that do different jobs, by name: a key of one is never the same tensor as a key of another,
 * however alike the rest of the names (`lm_head.dense.weight` and `pooler.dense.weight` are both a
 * dense layer, one of the masked-LM head, one of the pooler). A head renamed within its job
 * (`lm_predictions.lm_head` → `cls.predictions`) stays possible.
 */
export declare const HEAD_ROLES: readonly {
    role: string;
    re: RegExp;
    ownJobOnly?: {
        re: RegExp;
        why: string;
    };
}[];
export declare function headRole(key: string): string | null;
/**
 * Two keys in heads of different jobs: never one tensor under two names. A key of a head that pairs only
 * within its job (HEAD_ROLES `ownJobOnly`) crosses a key of no head role too.
 */
export declare function crossesHeadRoles(a: string, b: string): boolean;
/**
 * Parameter-efficient fine-tuning weights (LoRA, DoRA, IA3, PEFT prompt tuning, PEFT's saved copies of
 * modules): the whole result of the fine-tune. Missing, they are never "new parts to train": the model
 * then runs as its base model, or with freshly initialised adapters, and says nothing.
 */
export declare const ADAPTER_WEIGHT: RegExp;
/**
 * A LoRA file's per-module scale, saved beside its factors (kohya-ss sd-scripts / LyCORIS
 * `lora_te_…_mlp_fc1.alpha`, `lora_unet_….alpha`: a 0-d tensor next to `lora_down` / `lora_up`). It is
 * not a weight of any module: the adapted module adds (alpha / rank) · up · down, rank being lora_down's
 * rows, so it sets how strongly the adapter acts. A PEFT adapter keeps no tensor for it; its config does
 * (LoraConfig's `lora_alpha`, `alpha_pattern` per module). diffusers' `_convert_non_diffusers_lora_to_diffusers`
 * (loaders/lora_conversion_utils.py) pops every alpha into `network_alphas`, and `get_peft_kwargs`
 * (utils/peft_utils.py) sets `lora_alpha` to the most common value and `alpha_pattern` to the modules
 * whose alpha differs. Left out with no config, the adapter acts at another strength: never harmless.
 */
export declare const ADAPTER_SCALE: BufferRule;
/** The LoRA scale rule when `key` is one (ADAPTER_SCALE), else null. */
export declare const adapterScale: (key: string) => BufferRule | null;
/**
 * Token tables whose first dimension is the vocabulary: another size means resize_token_embeddings (or the
 * vocabulary the checkpoint was trained with), not a drop. A bare `embedding` module's weight is one too
 * (torch's seq2seq tutorial's `decoder.embedding`, SGM's target vocabulary, OpenNMT's `emb_luts.0`), and so
 * is a bare `emb` module's (VITS's text encoder `enc_p.emb`, one row per symbol of the config's symbol list:
 * jaywalnut310/vits#88, VITS-fast-fine-tuning#259/#369, MoeGoe-35): its rows are token ids, never the
 * classes of a head to re-initialise.
 */
export declare const VOCAB_MODULE: RegExp;
/**
 * A vector-quantiser's codebook (VQ-VAE/VQGAN's `quantize.embedding`, `codebook.embed`, `vq.…`): an
 * `nn.Embedding` whose rows are code vectors, not tokens; another row count is another codebook size
 * (n_embed in the model's config), never a tokenizer's vocabulary to resize.
 */
export declare const CODEBOOK_MODULE: RegExp;
/**
 * A token table or its output layer, by name (VOCAB_MODULE), unless it sits in a codebook, or is a
 * `shared` table with an ImageNet class count of rows on either side (`rows`: the row counts known, the
 * checkpoint's and the model's).
 */
export declare const isVocabulary: (key: string, rows?: readonly (number | null | undefined)[]) => boolean;
/** A class-conditional GAN's class embedding (`shared` with an ImageNet class count of rows on either side, above): one row per class, a head of classes. */
export declare const isClassTable: (key: string, rows?: readonly (number | null | undefined)[]) => boolean;
/**
 * The projections inside attention (query, key, value, fused qkv): their rows are heads × head size, so
 * another row count is another number of (key/value) heads or another width — grouped- or multi-query
 * attention (Llama 3's `k_proj` [1024, 4096] in a library that builds full attention, Falcon's
 * `query_key_value`), another model size — never an output head of another class count, whatever module
 * holds them (`roi_head.attn.k_proj` is inside a head, and still not its classifier). The bare names
 * (`query`, `key`, `value`, `q`, `k`, `v`) are projections only under a module named as attention, at most
 * one segment up (BERT's `attention.self.query`, RWKV's `att.key`): elsewhere they are other layers (a
 * DQN's `q` output head, RWKV's channel-mixing `ffn.key`).
 */
export declare const ATTENTION_PROJECTION: RegExp;
/** Position tables: another length needs interpolation (timm `resample_abs_pos_embed`), never a drop. */
export declare const POSITION_MODULE: RegExp;
/** The top-level modules of `keys` that are a whole network of their own (TOWER_EMBEDDINGS and TOWER_STACK under one name). */
export declare function separateTowers(keys: readonly string[]): string[];
/** The top-level modules of a tower at the root (ROOT_EMBEDDINGS and ROOT_STACK outside every named tower), or null. */
export declare function rootTower(keys: readonly string[]): string[] | null;
export declare const DEFAULT_CLASS_COUNTS: ReadonlyMap<number, string>;
/**
 * The class count a model's head `key` gets when nobody sets one, or null: a row restricted to one
 * family (`onlyFor`) is a default only for that family's head. `family`: the row is one library's
 * default, not every model's.
 */
export declare function modelDefaultClassCount(key: string, count: number): {
    what: string;
    family: boolean;
} | null;
/** The public dataset whose class count a checkpoint's head `key` has (a row restricted to one family counts for that family's head only), or null. */
export declare function datasetOfCount(key: string, count: number): string | null;
/** The counts of CLASS_COUNT_ROWS that are a public dataset's. */
export declare const DATASET_CLASS_COUNTS: ReadonlySet<number>;
/**
 * Top-level fields of a training checkpoint that hold the model's weights, most likely first: when an
 * error lists these as unexpected keys, the whole checkpoint was passed instead of one of them.
 */
export declare const WEIGHT_CONTAINERS: readonly string[];
/** Top-level bookkeeping fields of a training checkpoint: never weights of the model. */
export declare const CHECKPOINT_METADATA: ReadonlySet<string>;
/** A checkpoint's bookkeeping field (a BOOKKEEPING_FIELDS row): never the weights. */
export declare const isBookkeepingField: (key: string) => boolean;
export declare const holdsNumber: (key: string) => boolean;
/**
 * A top-level field that names where another file is, never tensors: a path, file name, directory or URL
 * (`model_path`, `ckpt_file`, `save_dir`), or the pointer an info file keeps to the checkpoint it describes
 * (D-X-Y/AutoDL-Projects' `last-info` file holds `epoch`, `args` and `last_checkpoint`, the path of the
 * checkpoint with the weights; detectron2's `last_checkpoint` file holds a file name the same way).
 * Selecting one gives a string, not a state dict.
 */
export declare const CHECKPOINT_POINTER: RegExp;
/** A checkpoint's top-level field name, known as weights or as bookkeeping. */
export declare function isCheckpointField(key: string): boolean;
/**
 * Prefixes a wrapper adds to every key, and who adds them: safe to strip (or add) even when the error
 * shows one side only, because nothing else produces them.
 */
export declare const WRAPPER_PREFIXES: readonly {
    prefix: string;
    who: string;
    classes?: readonly string[];
}[];
/**
 * Module names a wrapper inserts between a model's own (review25 F13f): a rename that removes only these, wherever
 * they sit, leaves every key on its own name as stripping `module.` does, so it is a rule read off the names and no
 * guess (plan/guesses.ts, check's confidence). One row per wrapper, with who inserts it.
 */
export declare const WRAPPER_INFIXES: readonly {
    name: string;
    who: string;
}[];
/** Whether a rename only removes wrapper infixes: `(^|\.)_fsdp_wrapped_module\._fpw_module\.` → `$1`. */
export declare function removesWrapperInfix(op: {
    op: string;
    pattern?: string;
    replacement?: string;
}): boolean;
/**
 * Keys that hold many parameters flattened into one vector: a wrapper's storage of the model's weights, not
 * a tensor of the model's. No key edit maps one back (its cut points are in the wrapper's metadata, not in
 * the file), so the fix is to save the model's own state dict. Review 25 F4: an FSDP flat-parameter dict was
 * called "probably of another model" (plan) and "a regrouping" (explain).
 */
export declare const FLATTENED_PARAMETERS: readonly {
    pattern: RegExp;
    what: string;
    fix: string;
}[];
/** The first row of FLATTENED_PARAMETERS some key matches, with the keys it matches; null when none does. */
export declare function flattenedParameters(keys: readonly string[]): {
    row: (typeof FLATTENED_PARAMETERS)[number];
    keys: string[];
} | null;
/**
 * A prefix that is the tail of a whole one, cut inside its first segment (`odule.` of `module.`): the code that
 * stripped the checkpoint's prefix cut a fixed number of characters that ended mid-word (`k[7:]` on
 * `model.module.conv1` leaves `odule.conv1`; review24 F12). At least four characters before the dot, so a real
 * short module name is not read as one. The whole prefix it was cut from, or null.
 */
export declare function overStrippedFrom(prefix: string): string | null;
/**
 * Is `modelName` (the class an error names, "for OCPDataParallel:") the wrapper `classes` lists, or a subclass
 * named after it? Libraries subclass the wrappers and keep the name's end: mmcv's MMDataParallel and
 * MMDistributedDataParallel, fairchem's OCPDataParallel (`class OCPDataParallel(torch.nn.DataParallel)`); such a
 * model's own keys carry the wrapper's prefix as DataParallel's do.
 */
export declare function isWrapperClass(classes: readonly string[] | undefined, modelName: string | null): boolean;
/**
 * A component's name before every key of a whole model's checkpoint, where the loader was given the
 * component alone: OpenMMLab's `init_cfg=dict(type='Pretrained', checkpoint=...)` on a backbone
 * reports each key of a detector or classifier checkpoint as unexpected, all under `backbone.`.
 */
export declare const COMPONENT_PREFIXES: readonly {
    prefix: string;
    who: string;
    why: string;
}[];
/** The first layers of common models: what any checkpoint of the model holds. */
export declare const STEM_MODULE: RegExp;
