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
import { templatesText } from './infer/causes.js';
import { firstSegmentOf, isIndexSegment, leafOf, sharedHolder, splitKey } from './key-tokens.js';
import { DEFAULT_CLASS_COUNTS, isCounter, STEM_MODULE, WRAPPER_PREFIXES } from './key-roles.js';

/**
 * Copies of the network a training method keeps beside the one it trains. A released file holds the
 * network that is used (the query encoder, the student or the EMA weights alone); the training wrapper
 * that builds both expects the copy too.
 */
export const TRAINING_TWINS: readonly { re: RegExp; what: string; why: string }[] = [
  { re: /^(?:encoder_k|key_encoder|momentum_\w+|\w*encoder_m|\w+_momentum)$/, what: 'a momentum (key) encoder', why: 'MoCo-style contrastive methods keep a slowly updated copy of the encoder for the keys; only the query encoder is used afterwards' },
  { re: /^(?:teacher|teacher_?\w+|\w+_?teacher)$/i, what: 'a teacher network', why: 'self-training and distillation keep a teacher beside the student; a release holds the one that is evaluated' },
  { re: /^(?:ema|ema_\w+|\w+_ema)$/, what: 'an exponential-moving-average copy', why: 'EMA training keeps an averaged copy of the weights beside the raw ones; a release holds one of them' },
  { re: /^target_(?:encoder|net|network|backbone|projector|model)$/, what: 'a target network', why: 'BYOL- and DQN-style methods keep a target copy updated from the online network; only the online network is used afterwards' },
];

/**
 * Modules a named variant adds to a base model, whose released weights include them: a checkpoint of the
 * base model loaded into the variant leaves exactly these missing, and they compute with their initial
 * values (under strict=False, silently). Keeping them missing is no fix; the variant's own weights are.
 */
export const VARIANT_ADDITIONS: readonly { parts: RegExp; variant: string; base: string; fix: string; why: string }[] = [
  {
    parts: /(?:^|\.)mask_decoder\.(hf_token|hf_mlp|compress_vit_feat|embedding_encoder|embedding_maskfeature)\./,
    variant: 'HQ-SAM (SysCV/sam-hq)',
    base: "Segment Anything's (sam_vit_*.pth)",
    fix: 'load the HQ-SAM checkpoint made for it (sam_hq_vit_h.pth, sam_hq_vit_l.pth, sam_hq_vit_b.pth), or build plain SAM for these weights',
    // sam-hq-6 and sam-hq-138 show these modules as the ones an HQ-SAM checkpoint has beyond SAM's; the HQ-SAM release ships them in sam_hq_vit_*.pth
    why: "HQ-SAM adds its high-quality output token (`hf_token`, `hf_mlp`) and the feature fusion (`compress_vit_feat`, `embedding_encoder`, `embedding_maskfeature`) to SAM's mask decoder and trains only those; its released sam_hq_vit_*.pth hold them beside SAM's frozen weights",
  },
];

/**
 * Every key the model misses is a module a named variant adds (VARIANT_ADDITIONS), at least two of them,
 * and nothing else differs: the checkpoint is the base model's, the model the variant.
 */
export function variantAdditionsMissing(report: ErrorReport): Cause | null {
  if (report.unexpected.length > 0 || report.sizeMismatch.length > 0) return null;
  const missing = report.missing.filter((k) => !isCounter(k));
  for (const row of VARIANT_ADDITIONS) {
    const parts = new Set(missing.map((k) => row.parts.exec(k)?.[1]));
    if (missing.length === 0 || parts.has(undefined) || parts.size < 2) continue;
    return {
      code: 'variant_additions_missing',
      message: `every key the model misses is a module ${row.variant} adds (${templatesText(missing)}): the checkpoint is ${row.base}, without them, so they would compute with their initial values (strict=False only hides that): ${row.why}. No key edit gives them: ${row.fix}`,
    };
  }
  return null;
}

/** Buffers only a training run keeps (MoCo's queue of negative keys and its pointer, memory banks). */
const TRAINING_STATE = /^(?:queue\w*|memory_bank\w*)$/;

/** Layers that are one projection in one design and a gated pair in another, with the setting that picks. */
export const GATED_LAYERS: readonly { plain: string; gated: readonly [string, string]; setting: string }[] = [
  { plain: 'wi', gated: ['wi_0', 'wi_1'], setting: "T5's `feed_forward_proj`: 'relu' builds `wi`, 'gated-gelu' (T5 v1.1, mT5, Flan-T5) builds `wi_0`/`wi_1`" },
];

/** The segments of a key after a wrapper prefix every framework adds (`module.`, `_orig_mod.`). */
function unwrapped(key: string): string[] {
  for (const w of WRAPPER_PREFIXES) if (key.startsWith(w.prefix)) return splitKey(key.slice(w.prefix.length));
  return splitKey(key);
}

function twinOf(key: string): (typeof TRAINING_TWINS)[number] | null {
  const segs = unwrapped(key);
  // the copy sits at the top of the model, or one level under the method's own container
  for (const seg of segs.slice(0, Math.min(2, segs.length - 1))) {
    const t = TRAINING_TWINS.find((r) => r.re.test(seg));
    if (t) return t;
  }
  return null;
}

const isTrainingState = (key: string) => {
  const segs = unwrapped(key);
  return segs.length <= 2 && TRAINING_STATE.test(segs[segs.length - 1]!);
};

/**
 * The model expects a training twin of its network (and the method's queues) that the checkpoint
 * lacks, and nothing else is wrong: the file is the released network alone, the model the training
 * wrapper. Adding a prefix or keeping the twin missing would leave it random (or, for resuming, wrong).
 */
export function trainingTwinMissing(report: ErrorReport): Cause | null {
  if (report.unexpected.length > 0 || report.sizeMismatch.length > 0) return null;
  const missing = report.missing.filter((k) => !isCounter(k));
  const twins = missing.filter((k) => twinOf(k) !== null);
  if (twins.length === 0 || !missing.every((k) => twinOf(k) !== null || isTrainingState(k))) return null;
  const t = twinOf(twins[0]!)!;
  const state = missing.filter((k) => twinOf(k) === null);
  return {
    code: 'training_twin_missing',
    message: `every key the model misses belongs to ${t.what} (${templatesText(twins)})${state.length > 0 ? ` or to training state (${templatesText(state)})` : ''}, and the checkpoint has none of it: ${t.why}, so this file is the released network and the model is the training wrapper around it; no key edit gives the copy. To use the weights, build the network alone and load into it; to resume training, load the full training checkpoint (or initialise the copy from the network, as the method does at its first step)`,
  };
}

/** `wi_0` → `wi` and `0`; null for a name without a `_N` suffix. */
function half(seg: string): { base: string; n: string } | null {
  const m = /^(.*[A-Za-z])_(\d+)$/.exec(seg);
  return m ? { base: m[1]!, n: m[2]! } : null;
}

/**
 * A layer that is a `_0`/`_1` pair (no `_2`) inside two or more numbered blocks on one side, where the
 * other side shows the plain layer or nothing: the blocks are of another design (a gated feed-forward
 * against a plain one), not renamed; dropping the pair would discard a trained layer of every block.
 */
export function gatedPair(report: ErrorReport): Cause | null {
  for (const [side, other, whose] of [[report.unexpected, report.missing, 'checkpoint'], [report.missing, report.unexpected, 'model']] as const) {
    const pairs = new Map<string, { base: string; blocks: Map<string, Set<string>>; keys: string[] }>();
    for (const k of side) {
      const segs = splitKey(k);
      const at = segs.findIndex((s, i) => i < segs.length - 1 && half(s) !== null && segs.slice(0, i).some(isIndexSegment));
      if (at < 0) continue;
      const h = half(segs[at]!)!;
      const template = [...segs.slice(0, at).map((s) => (isIndexSegment(s) ? '#' : s)), h.base, ...segs.slice(at + 1)].join('.');
      const e = pairs.get(template) ?? pairs.set(template, { base: h.base, blocks: new Map(), keys: [] }).get(template)!;
      const block = segs.slice(0, at);
      // a layer named after its block (`module_list.3.conv_3`) is numbered, not a half
      const own = block.filter(isIndexSegment).at(-1) === h.n;
      (e.blocks.get(block.join('.')) ?? e.blocks.set(block.join('.'), new Set()).get(block.join('.'))!).add(own ? `own:${h.n}` : h.n);
      e.keys.push(k);
    }
    for (const e of pairs.values()) {
      // halves `_0` and `_1` and no third, in two blocks or more (a list cut or in set order may show one
      // half of a block), not every one named after its block
      const ns = new Set([...e.blocks.values()].flatMap((h) => [...h]));
      const halves = [...ns].map((n) => n.replace(/^own:/, ''));
      if (e.blocks.size < 2 || new Set(halves).size !== 2 || !halves.includes('0') || !halves.includes('1') || [...ns].every((n) => n.startsWith('own:'))) continue;
      const base = e.base;
      // the other side shows this layer only as the plain one, or shows no layer of these blocks at all
      // the plain layer is a leaf module (`conv.weight`); `conv.0`/`conv.1` is the same pair in a container
      const at = (k: string) => splitKey(k).indexOf(base);
      const plainThere = other.filter((k) => at(k) >= 0 && at(k) === splitKey(k).length - 2);
      const pairThere = other.some((k) => at(k) >= 0 && /^[01]$/.test(splitKey(k)[at(k) + 1] ?? ''));
      const halvesThere = other.some((k) => splitKey(k).some((s) => half(s)?.base === base));
      if (halvesThere || pairThere || (other.length > 0 && plainThere.length === 0)) continue;
      const row = GATED_LAYERS.find((g) => g.plain === base);
      // with no plain layer in view, only a known gated pair says the design differs (`norm_0`/`norm_1`
      // may be two layers of their own)
      if (plainThere.length === 0 && !row) continue;
      const otherWhose = whose === 'checkpoint' ? 'model' : 'checkpoint';
      return {
        code: 'gated_layers',
        message: `the ${whose} has \`${base}\` as a pair of layers (\`${base}_0\`, \`${base}_1\`) in its blocks (${templatesText(e.keys)}) where the ${otherWhose} has ${plainThere.length > 0 ? `a single \`${base}\`` : 'none in the text'}: a gated layer against a plain one, another design of the blocks (another variant or config), not a rename; ${whose === 'checkpoint' ? 'dropping the pair would discard a trained layer of every block' : 'no key of the checkpoint gives the pair'}: build the model with the checkpoint's config${row ? ` (${row.setting})` : ''}; the names alone cannot rule out a refactor: give the checkpoint to confirm (sdmatch explain CHECKPOINT ERROR.txt)`,
      };
    }
  }
  return null;
}

/**
 * The first layer built otherwise: one layer in one side (`conv1.weight`) and a block of numbered layers
 * under the same name in the other (`conv1.0.weight`, `conv1.1.weight`). The first layer is the part
 * every checkpoint of one architecture shares; built otherwise it is another variant (an ImageNet
 * ResNet's 7×7 conv beside `bn1` and a CIFAR-style 3×3 stem packed with its norm), whose kernels need
 * not fit even when renamed. Without shapes (an error text) that cannot be told from a refactor.
 */
/** The top-level module of the single side (`bn1`) whose leaves are those of a later layer `stem.N` (N ≥ 1) of the packed block; null when none. */
function normPackedBeside(stem: string, single: readonly string[], inside: readonly string[]): string | null {
  const leavesOf = (keys: readonly string[], module: (k: string) => string | null) => {
    const out = new Map<string, Set<string>>();
    for (const k of keys) {
      const m = module(k);
      if (m !== null) (out.get(m) ?? out.set(m, new Set()).get(m)!).add(leafOf(k));
    }
    return out;
  };
  const singleModules = leavesOf(single, (k) => (splitKey(k).length === 2 && !k.startsWith(`${stem}.`) ? firstSegmentOf(k) : null));
  const packedLayers = leavesOf(inside, (k) => {
    const segs = unwrapped(k);
    return segs.length === 3 && segs[1] !== '0' ? segs[1]! : null;
  });
  const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
  for (const leaves of packedLayers.values()) {
    if (leaves.size < 2) continue;
    for (const [name, s] of singleModules) if (same(s, leaves)) return name;
  }
  return null;
}

export function stemBuiltOtherwise(report: ErrorReport): Cause | null {
  // a convolutional stem by its name: an embedding wrapped in a Sequential is the same table renamed
  const stemWord = (name: string) => STEM_MODULE.test(`${name}.`) && /conv|stem/.test(name);
  // below the module both sides hold the network in (a LightningModule's `model.`): its first layer is a stem there too
  const holder = sharedHolder(report.missing, report.unexpected);
  const below = (keys: readonly string[]) => keys.map((k) => k.slice(holder.length));
  const segsOf = (k: string) => {
    const segs = unwrapped(k);
    return segs.length >= 2 ? segs : null;
  };
  for (const [single, packed, singleWhose] of [[below(report.unexpected), below(report.missing), 'checkpoint'], [below(report.missing), below(report.unexpected), 'model']] as const) {
    for (const k of single) {
      const segs = segsOf(k);
      if (!segs || segs.length !== 2) continue;
      const inside = packed.filter((p) => {
        const ps = segsOf(p);
        return ps !== null && ps[0] === segs[0] && ps.length >= 3 && isIndexSegment(ps[1]!);
      });
      if (inside.length === 0) continue;
      // a later layer of the block whose leaves are those of a norm the single side lists beside its conv
      // (`conv1.1.running_mean` … against `bn1.running_mean` …): conv and norm packed in a Sequential, a refactor.
      // The layers' structure says it, whatever they are called (YOLO's `cv1`: s22 robustness probe, layer-words)
      const packedWhose = singleWhose === 'checkpoint' ? 'model' : 'checkpoint';
      const norm = normPackedBeside(segs[0]!, single, inside);
      const stem = stemWord(segs[0]!);
      if (norm) {
        return {
          code: 'stem_variant',
          undecided: true,
          message: `the ${stem ? 'first ' : ''}layer \`${segs[0]}\` is a single layer in the ${singleWhose} (\`${holder}${k}\`, beside \`${norm}\`) and a block of numbered layers in the ${packedWhose} (${templatesText(inside)}) whose later layer has the very keys of \`${norm}\`: either the same conv and norm packed in a Sequential (a refactor: rename \`${segs[0]}.\` to \`${segs[0]}.0.\` and \`${norm}.\` to its place in the block) or another ${stem ? 'stem' : 'design of that layer'} of the architecture; the names cannot tell which: give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) so that shapes decide`,
        };
      }
      if (!stem) continue;
      return {
        code: 'stem_variant',
        message: `the first layer \`${segs[0]}\` is a single layer in the ${singleWhose} (\`${holder}${k}\`) and a block of numbered layers in the ${packedWhose} (${templatesText(inside)}): the stems are built differently, as an ImageNet ResNet's 7×7 conv (with \`bn1\` and a max-pool) and a CIFAR-style 3×3 stem are: another variant of the architecture, whose first-layer kernels need not fit even when renamed; build the variant the checkpoint was trained as (or train without its weights); if you know the layers are the same, give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) so that shapes decide`,
      };
    }
  }
  return null;
}

/**
 * An output layer whose rows are a known class count in the checkpoint (1000 for ImageNet) and a feature
 * width in the model (a power of two, 256 or more): the model's layer is a projection to an embedding
 * (as CLIP's image tower ends), not a classifier to re-train; the file is the classification
 * fine-tune of the network, where the model needs its feature (embedding) release.
 */
export function projectionNotClasses(m: ReportedSizeMismatch): boolean {
  const ckpt = m.source[0];
  const model = m.expected[0];
  if (ckpt === undefined || model === undefined || !DEFAULT_CLASS_COUNTS.has(ckpt) || DEFAULT_CLASS_COUNTS.has(model)) return false;
  return model >= 256 && (model & (model - 1)) === 0;
}

export function projectionCause(m: ReportedSizeMismatch): Cause {
  return {
    code: 'feature_projection',
    undecided: true,
    message: `\`${m.key}\` has ${m.source[0]} outputs in the checkpoint (${DEFAULT_CLASS_COUNTS.get(m.source[0]!)} classes) and ${m.expected[0]} in the model, a power of two like a feature width: if the model's layer projects to an embedding (as CLIP's image tower ends), the file is the classification fine-tune of the network and dropping the head would leave the projection random: load the network's feature (embedding) release instead, the weights the model was written for; if the model really has ${m.expected[0]} classes, the head is of another class count: leave \`${m.key}\` out (sdmatch plan --drop) and train the model's own; the shapes alone cannot tell which`,
  };
}

/**
 * One attention's fused q/k/v projection saved under another implementation's name, the model's own
 * name known from the block's: one row per pair, both sides in the same [3E, E] layout (q, k, v stacked
 * along the rows). flash-attention's MHA (`Wqkv`, an nn.Linear to 3E whose output it splits as
 * `(three h d)`) in an attention named as torch's nn.TransformerEncoderLayer / TransformerDecoderLayer name theirs
 * (`layers.N.self_attn`, `stages.N.multihead_attn`), whose nn.MultiheadAttention holds the same tensor
 * as `in_proj_weight` / `in_proj_bias`: scGPT's load_pretrained renames `Wqkv.` to `in_proj_` when it
 * builds the model without flash-attention (scGPT-173, -123).
 */
export const FUSED_ATTENTION_NAMES: readonly { from: RegExp; to: (block: string, leaf: string) => string; what: string }[] = [
  {
    // any numbered stack (`layers.N`, `stages.N`, `blocks.N`): what says nn.MultiheadAttention is the attribute torch's
    // layers give it (`self_attn`, `multihead_attn`), not the container's word (s22 robustness probe, module-words)
    from: /^((?:.*\.)?[A-Za-z_]\w*\.\d+\.(?:self_attn|multihead_attn))\.Wqkv\.(weight|bias)$/,
    to: (block, leaf) => `${block}.in_proj_${leaf}`,
    what: 'flash-attention\'s fused `Wqkv` in an attention named as torch\'s nn.TransformerEncoderLayer names its own, whose nn.MultiheadAttention holds the same [3E, E] tensor as `in_proj_weight` / `in_proj_bias`',
  },
];

/**
 * The model's names for the fused projections a strict torch load lists as unexpected, nothing else
 * listed and nothing missing (the side that would name them hidden: the checkpoint merged into
 * `model.state_dict()` before the load): null unless every listed key is one of a row's.
 */
export function fusedAttentionNames(report: ErrorReport): { renames: { from: string; to: string }[]; what: string; name: (key: string) => string | null } | null {
  if (report.missing.length > 0 || report.sizeMismatch.length > 0 || report.unexpected.length === 0 || (report.unsided ?? []).length > 0) return null;
  const families = report.families ?? [];
  if (families.length === 0 || !families.every((f) => f === 'torch')) return null;
  for (const row of FUSED_ATTENTION_NAMES) {
    const name = (key: string) => {
      const m = row.from.exec(key);
      return m ? row.to(m[1]!, m[2]!) : null;
    };
    const renames = report.unexpected.map((from) => ({ from, to: name(from) }));
    if (renames.every((r) => r.to !== null)) return { renames: renames as { from: string; to: string }[], what: row.what, name };
  }
  return null;
}

/**
 * Library hooks that load a checkpoint a second time, strictly, where the model's own load skips what
 * does not fit: the error is the hook's, one row per hook (`file:function` of the traceback's frame).
 * mmengine's EMAHook loaded the checkpoint's EMA weights into the EMA copy with strict load_state_dict
 * on `load_from` too, so fine-tuning a checkpoint with another head (YOLOX on another class count) failed
 * there although the model itself loaded with the head skipped; open-mmlab/mmengine#507 loads the copy
 * like the model when not resuming.
 */
export const LIBRARY_HOOK_LOADS: readonly { hook: string; what: string; fix: string }[] = [
  {
    hook: 'ema_hook:after_load_checkpoint',
    what: 'mmengine\'s EMAHook loading the checkpoint\'s EMA weights into its EMA copy with a strict load_state_dict (after the model\'s own load, which skips mismatched heads when fine-tuning with `load_from`)',
    fix: 'upgrade mmengine (open-mmlab/mmengine#507 loads the EMA copy non-strictly when not resuming), or fine-tune from a checkpoint without the EMA state',
  },
];

/** The hook whose own strict load raised, when the text shows one that LIBRARY_HOOK_LOADS knows: a library's behaviour, not this checkpoint's keys. */
export function libraryHookLoad(report: ErrorReport): Cause | null {
  const row = LIBRARY_HOOK_LOADS.find((r) => r.hook === report.hookLoad);
  if (!row || report.sizeMismatch.length + (report.sizeMismatchCut ?? []).length + report.missing.length + report.unexpected.length === 0) return null;
  return {
    code: 'library_hook_load',
    message: `the load that failed is ${row.what}: the keys it lists are what that second load could not take; no key edit of the checkpoint is the fix: ${row.fix}`,
  };
}

/**
 * A projection into an embedding space, by name: self-supervised projection heads (SimCLR's and
 * lightly's `projection_head`, BYOL/VICReg/Barlow Twins' `projector`) and CLIP's `text_projection` /
 * `visual_projection` (transformers' CLIPConfig.projection_dim). Their output size is a setting of the
 * model (out_dim, projection_dim), trained with the rest, never a class count re-initialised for new data.
 */
export const EMBEDDING_PROJECTION = /(?:^|\.)(?:projection_head|projector|proj_head|text_projection|visual_projection|image_projection|vision_projection)(?:\.|$)/i;

/**
 * A vision-language model's connector, whose output layer feeds the language model: Qwen2-VL / Qwen2.5-VL's
 * `visual.merger` (PatchMerger: its last Linear's output is the LLM's hidden size), LLaVA's `mm_projector` and
 * transformers' `multi_modal_projector` (LLaVA, PaliGemma), BLIP-2 / InstructBLIP's `language_projection`. Its
 * output size is the language model's width, so another size is another language model (size or version), never
 * a class count (2U1/Qwen-VL-Series-Finetune#37: Qwen2.5-VL-3B's 2048 into Qwen2-VL's class, 1280).
 */
export const LANGUAGE_CONNECTOR = /(?:^|\.)(?:visual\.merger|mm_projector|multi_modal_projector|language_projection)\./;

export function connectorWidthCause(m: ReportedSizeMismatch): Cause {
  return {
    code: 'connector_width',
    message: `\`${m.key}\` is the vision-language connector's output layer with ${m.source[0]} outputs in the checkpoint and ${m.expected[0]} in the model: that size is the language model's hidden size (the connector feeds image tokens into it), so the checkpoint's language model has another width: another model size or version (e.g. Qwen2.5-VL weights in Qwen2-VL's class), not a class count; no key edit fixes it: build the model class and config the checkpoint was saved with; re-initialising the connector would cut the image path to the language model`,
  };
}

export function embeddingDimCause(m: ReportedSizeMismatch): Cause {
  return {
    code: 'projection_dim',
    message: `\`${m.key}\` is a projection into an embedding space with ${m.source[0]} outputs in the checkpoint and ${m.expected[0]} in the model: that size is a setting of the model (the projection or output dimension: out_dim, projection_dim), not a class count, so the checkpoint was made with another setting; no key edit fixes it: build the model with the checkpoint's dimension (${m.source[0]}) to use these weights; re-initialising the projection would lose the embedding the checkpoint learned`,
  };
}

/**
 * Every checkpoint key the error lists under one training copy's name (`modelTeacher.`, `teacher.`,
 * `encoder_k.`): the file is the training wrapper's state (a teacher-student or momentum pair), the
 * model the network alone; the copy's keys are the network's under that name. Only when the model's
 * side shows those names missing, or the text was cut where a missing list could still follow
 * (`missingListCut`): an error with nothing missing, whole or cut after its (empty) missing part, means
 * the model loaded its own weights and the copy is extra; stripping it would overwrite them.
 */
export function twinCopyPrefix(unexpected: readonly string[], missing: readonly string[], missingListCut: boolean): { prefix: string; who: string; why: string } | null {
  if (unexpected.length === 0) return null;
  const first = unexpected[0]!.split('.')[0]!;
  const row = TRAINING_TWINS.find((r) => r.re.test(first));
  const prefix = `${first}.`;
  if (!row || !unexpected.every((k) => k.startsWith(prefix) && k.length > prefix.length)) return null;
  const shown = missing.length > 0 ? unexpected.some((k) => missing.includes(k.slice(prefix.length))) : missingListCut;
  if (!shown) return null;
  return {
    prefix,
    who: `${row.what} of a training checkpoint`,
    why: `${row.why}; the model is the network alone and these are its weights under \`${first}\`: strip the prefix to load them (the file's other copy, if any, is left out; to load that one instead, strip its prefix)`,
  };
}

/**
 * One change of width across the size mismatches: the same pair of sizes (768 in the checkpoint, 512 in
 * the model) in two tensors or more, and in a dimension past the first of at least one (a layer's
 * input width: a head of another class count changes only its rows). The model is another size of
 * the network (embed_dim, hidden_size, channels): every tensor of that width differs, norms and position
 * tables included, and none of them is a head or a table to resize. Inference says the size (the
 * mismatch it cannot fix names both widths); this only keeps those tensors from the name rules.
 */
export function widthChange(sizes: readonly ReportedSizeMismatch[]): { from: number; to: number; keys: string[] } | null {
  if (sizes.length < 2) return null;
  const pairs = new Map<string, { from: number; to: number; keys: Set<string>; inputs: number }>();
  for (const m of sizes) {
    // the same sizes in another order is a layout (Conv1D's transposed weight), not a width
    if (m.source.length !== m.expected.length || [...m.source].sort().join() === [...m.expected].sort().join()) continue;
    m.source.forEach((a, i) => {
      const b = m.expected[i]!;
      if (a === b) return;
      const id = `${a}>${b}`;
      const e = pairs.get(id) ?? pairs.set(id, { from: a, to: b, keys: new Set(), inputs: 0 }).get(id)!;
      e.keys.add(m.key);
      // a [C, C] table changing both dims (a CRF's label transitions) counts its classes twice: an input
      // width only when a second tensor shows it too, or the rows change otherwise
      if (i > 0) e.inputs += m.source[0] === a && m.expected[0] === b ? 0.5 : 1;
    });
  }
  let best: { from: number; to: number; keys: Set<string>; inputs: number } | null = null;
  for (const e of pairs.values()) if (e.inputs >= 1 && e.keys.size >= 2 && (!best || e.keys.size > best.keys.size)) best = e;
  return best ? { from: best.from, to: best.to, keys: [...best.keys] } : null;
}
