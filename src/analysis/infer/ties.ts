/**
 * Tied weights: a model that ties two parameters (lm_head.weight = embed_tokens.weight; a masked-LM
 * decoder.bias = the head's bias) lists the tensor under both names in its state_dict, while
 * safetensors / save_pretrained and many conversion scripts store it once. A strict load then misses
 * the second name. When a key the model expects has no source, and the key it is tied to by one of
 * these conventions is produced from the checkpoint with the same shape, a `copy` op gives the second
 * name the same tensor. Only a single candidate is proposed; several are listed as an ambiguity.
 * A name is no proof of a tie (tie_word_embeddings=False models have their own LM head): the copy is
 * made only where the target shows the tie, as one storage under both names in a torch-written
 * checkpoint. Where it shows separate storages, or cannot show storages (a manifest, a key list,
 * safetensors), the key stays missing with why and how to tie it if the model does (review11 F0).
 * The storage is the proof, not the name: a key no convention names (Whisper's `proj_out.weight`) that
 * the target shows in one storage with a key the plan produces, of one shape, gets the copy too (review 12 F4).
 */
import type { PlanOp } from '../op-vocabulary.js';
import { CONFIDENCE } from './confidence.js';
import type { Ambiguity, Located } from './types.js';
import { sameShape } from '../../formats/keys.js';

interface TieRule {
  /** the key the model expects and the checkpoint lacks */
  copy: RegExp;
  /** what it is tied to: a function of the copy's match (same module), or a pattern over all keys */
  partner: ((m: RegExpExecArray) => string) | RegExp;
  why: string;
}

/** The tie conventions, one row each, with where they come from. */
const TIE_RULES: readonly TieRule[] = [
  {
    // transformers PreTrainedModel.tie_weights (_tied_weights_keys = ["lm_head.weight"]), nanoGPT, Megatron's output layer
    copy: /(?:^|\.)(?:lm_head|output|embed_out|head)\.weight$/,
    partner: /(?:^|\.)(?:embed|embedding|embeddings|embed_tokens|wte|word_embeddings|tok_embeddings|token_embd|embed_in|shared|token_embedding)\.weight$/,
    why: 'the output projection is tied to the input embeddings (tie_word_embeddings)',
  },
  {
    // transformers T5Model / BartModel: _tied_weights_keys = ["encoder.embed_tokens.weight",
    // "decoder.embed_tokens.weight"], both the `shared` embedding (a TF T5 checkpoint stores it once)
    copy: /^(.*\.)?(?:encoder|decoder)\.embed_tokens\.weight$/,
    partner: (m) => `${m[1] ?? ''}shared.weight`,
    why: "the encoder's and decoder's token embeddings are the model's `shared` embedding",
  },
  {
    // BERT / RoBERTa masked-LM heads: decoder.weight = the word embeddings
    copy: /(?:^|\.)(?:predictions|lm_head)\.decoder\.weight$/,
    partner: /(?:^|\.)word_embeddings\.weight$/,
    why: 'the masked-LM decoder is tied to the word embeddings',
  },
  {
    // transformers SamModel (SamHQModel, Sam2Model, EdgeTAM alike) hands its shared_image_embedding to the
    // prompt encoder, which keeps it as shared_embedding: one module, two names in the state dict
    // (_tied_weights_keys = ["prompt_encoder.shared_embedding.positional_embedding"]; convert_sam_to_hf.py
    // and convert_sam2_to_hf.py copy the one into the other); a checkpoint stores it once, under either
    copy: /^(.*\.)?shared_image_embedding\.positional_embedding$/,
    partner: (m) => `${m[1] ?? ''}prompt_encoder.shared_embedding.positional_embedding`,
    why: "SAM's prompt encoder holds the model's shared_image_embedding as its shared_embedding",
  },
  {
    copy: /^(.*\.)?prompt_encoder\.shared_embedding\.positional_embedding$/,
    partner: (m) => `${m[1] ?? ''}shared_image_embedding.positional_embedding`,
    why: "SAM's prompt encoder holds the model's shared_image_embedding as its shared_embedding",
  },
  {
    // BertLMPredictionHead / RobertaLMHead: self.decoder.bias = self.bias
    copy: /^(.*\.)?decoder\.bias$/,
    partner: (m) => `${m[1] ?? ''}bias`,
    why: 'the decoder bias is the head\'s own bias parameter (decoder.bias = bias)',
  },
];

/** both shapes known and equal (formats/keys.ts's sameShape, the project's one comparison) */
const sameShapes = (a: Located, b: Located) => a.shape !== null && b.shape !== null && sameShape(a.shape, b.shape);

/**
 * What the target shows of its ties: the groups of its keys one storage holds (a torch-written
 * checkpoint stores a tied tensor once), or null where it cannot show storages (a manifest, a key
 * list, safetensors, which stores no tensor twice).
 */
export type TargetStorages = readonly (readonly string[])[] | null;

/** The tie the copy would make is one storage in the target (true), two (false), or not shown (null). */
function shownTie(storages: TargetStorages, a: string, b: string): boolean | null {
  if (storages === null) return null;
  return storages.some((g) => g.includes(a) && g.includes(b));
}

/** target keys the ops already give a tensor, iterated in the order first given (a set, or key-numbers.ts's ProducedTargets) */
type ProducedNames = { has(key: string): boolean } & Iterable<string>;

/**
 * Copy ops for target keys nothing produces but a tie convention fills from a produced key of the same
 * shape, where the target shows that tie (`storages`). `produced` are target keys the ops already give a tensor.
 */
export function findTies(unmapped: readonly string[], produced: ProducedNames, target: ReadonlyMap<string, Located>, storages: TargetStorages): { ops: PlanOp[]; covers: string[]; ambiguities: Ambiguity[] } {
  const ops: PlanOp[] = [];
  const covers: string[] = [];
  const ambiguities: Ambiguity[] = [];
  for (const key of unmapped) {
    const t = target.get(key);
    if (!t) continue;
    const before = covers.length;
    const listed = ambiguities.length;
    for (const rule of TIE_RULES) {
      const m = rule.copy.exec(key);
      if (!m) continue;
      let candidates: string[];
      if (typeof rule.partner === 'function') {
        const p = rule.partner(m);
        candidates = produced.has(p) ? [p] : [];
      } else {
        const re = rule.partner;
        candidates = [...produced].filter((p) => re.test(p));
      }
      candidates = candidates.filter((p) => p !== key && sameShapes(target.get(p)!, t));
      const tied = candidates.length === 1 ? shownTie(storages, key, candidates[0]!) : null;
      if (tied) {
        ops.push({ op: 'copy', key: candidates[0]!, target: key, confidence: CONFIDENCE.tie, evidence: `${rule.why}; the target stores both in one storage; shapes equal [${t.shape!.join(', ')}]` });
        covers.push(candidates[0]!);
      } else if (candidates.length === 1) {
        // no copy on a name: an untied head filled with the embeddings loads strict=True with wrong values
        const fix = `\`--tie ${key}=${candidates[0]}\``;
        const why = tied === false
          ? `the target stores \`${key}\` apart from \`${candidates[0]}\` (separate storages): the model does not tie them, so it has no source here: train it or take it from a checkpoint that stores it`
          : `${rule.why} only if the model ties them, which the target cannot show (no storages in a manifest, key list or safetensors file): if it does (tie_word_embeddings), give ${fix}; else it has no source here: train it or take it from a checkpoint that stores it`;
        ambiguities.push({ keys: [key], candidates: [candidates[0]!], reason: why });
      } else if (candidates.length > 1) {
        ambiguities.push({ keys: [key], candidates: candidates.slice(0, 8), reason: `${rule.why}, but several keys of its shape could be that tensor` });
      }
      if (candidates.length) break;
    }
    if (covers.length > before || ambiguities.length > listed) continue;
    const shown = storageTie(key, produced, target, storages);
    if (shown !== null) {
      ops.push({ op: 'copy', key: shown, target: key, confidence: CONFIDENCE.tie, evidence: `the target stores it in one storage with \`${shown}\`, a key the plan gives a tensor: a tie, whatever the names (WhisperForConditionalGeneration ties proj_out to embed_tokens); shapes equal [${t.shape!.join(', ')}]` });
      covers.push(shown);
    }
  }
  return { ops, covers, ambiguities };
}

/**
 * The one key the plan produces that the target shows tied to `key` by storage alone, whatever the names
 * (Whisper's `proj_out.weight`, no name a convention above knows): a group of keys of one shape, as a
 * tie is (views of one buffer, as a flat-parameter save stores every weight, differ in shape), and one
 * produced member of it. Null otherwise, or where the target shows no storages.
 */
function storageTie(key: string, produced: ProducedNames, target: ReadonlyMap<string, Located>, storages: TargetStorages): string | null {
  const group = storages?.find((g) => g.includes(key));
  if (!group || !isOneTensor(group, target)) return null;
  const from = group.filter((k) => k !== key && produced.has(k));
  return from.length === 1 ? from[0]! : null;
}

/**
 * Whether a storage group of the target is one tensor under several names: every member listed, with a
 * shape, all one shape (a tie). Views of one flat buffer, as a flat-parameter save stores every weight,
 * differ in shape and are not. Read here and by judge-shapes (a tie's copy is accounted for).
 */
export function isOneTensor(group: readonly string[], target: ReadonlyMap<string, Located>): boolean {
  const first = target.get(group[0]!);
  return first !== undefined && group.every((k) => {
    const m = target.get(k);
    return m !== undefined && sameShapes(m, first);
  });
}
