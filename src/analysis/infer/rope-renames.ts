/**
 * A rotary q/k projection renamed between naming families whose row layouts may differ (../rope.ts):
 * Meta's `attention.wq` / `wk` and llama.cpp's GGUF `attn_q` / `attn_k` against transformers'
 * `self_attn.q_proj` / `k_proj`. A plain rename there loads strict=True with every q and k row in the
 * wrong place, so it is never made on the names alone (fail closed):
 * - Meta ↔ HF: the layouts are known (Meta's checkpoints interleave, transformers' converter always
 *   permutes), and the head counts are not in the key names: with the model's head counts given
 *   (InferOptions.ropeHeads, a config's num_attention_heads / num_key_value_heads) the rename is made
 *   with a `rope_permute`; without them it is withdrawn and listed with what decides it;
 * - HF ↔ GGUF: llama.cpp permutes for Llama-architecture models (LlamaModel.permute) and not for others
 *   (Qwen2Model, OrionModel, ExaoneModel write q/k as stored): the key names cannot say which the GGUF
 *   is, so the rename is withdrawn and listed with what decides it (the GGUF's `general.architecture`).
 * A rename within one family (or between Meta and GGUF, both interleaved for Llama) is left alone.
 */
import type { RopeLayout } from '../op-vocabulary.js';
import { ropeProblem } from '../rope.js';
import type { Ambiguity } from './types.js';

/**
 * The head counts a config records: num_attention_heads (q) and num_key_value_heads (k); kvHeads undefined
 * when only the heads were given (the k projection's rows then decide them: kvHeadsOf).
 */
export interface RopeHeads {
  heads: number;
  kvHeads?: number;
}

type Family = 'meta' | 'hf' | 'gguf';

/**
 * The q/k projections of each naming family: the module's name, the one its parent must have, and the
 * family's row layout (null: the writer's architecture decides).
 */
const ROPE_NAMES: readonly { family: Family; q: string; k: string; parent: RegExp; layout: RopeLayout | null; what: string }[] = [
  { family: 'meta', q: 'wq', k: 'wk', parent: /(^|\.)attention$/, layout: 'interleaved', what: "Meta's Llama / Mistral Attention (llama/model.py): rotary pairs in rows 2i, 2i+1 of each head" },
  { family: 'hf', q: 'q_proj', k: 'k_proj', parent: /(^|\.)self_attn$/, layout: 'halves', what: "transformers' LlamaAttention and kin (rotate_half: rows i, i + d/2 of each head)" },
  { family: 'gguf', q: 'attn_q', k: 'attn_k', parent: /(^|\.)blk\.\d+$/, layout: null, what: "llama.cpp's GGUF (interleaved when its writer permuted: LlamaModel does, Qwen2Model, OrionModel and ExaoneModel do not)" },
];

interface RopeName {
  family: Family;
  role: 'q' | 'k';
  layout: RopeLayout | null;
  what: string;
}

/** The family and role of a q/k projection's weight or bias, or null for any other key. */
export function ropeName(key: string): RopeName | null {
  const m = /^(?:(.*)\.)?([^.]+)\.(weight|bias)$/.exec(key);
  if (!m) return null;
  const parent = m[1] ?? '';
  for (const n of ROPE_NAMES) {
    const role = m[2] === n.q ? 'q' : m[2] === n.k ? 'k' : null;
    if (role && n.parent.test(parent)) return { family: n.family, role, layout: n.layout, what: n.what };
  }
  return null;
}

/** A rename to make with a rope_permute: the layout the rows go to and in how many heads. */
export interface RopePermute {
  to: RopeLayout;
  heads: number;
  /** the k projection's heads when they differ from `heads` (grouped-query attention) */
  kvHeads?: number;
  why: string;
}

/**
 * The renames (`goals`: source → model key) between q/k projections of families whose layouts may differ:
 * those to make with a permute (`permutes`, by source) and those withdrawn with why. Every other goal is left alone.
 */
export function checkRopeRenames(goals: ReadonlyMap<string, string>, heads: RopeHeads | null, shapeOf: (source: string) => readonly number[] | null): { permutes: Map<string, RopePermute>; withdrawn: Ambiguity[] } {
  const permutes = new Map<string, RopePermute>();
  const withdrawn: Ambiguity[] = [];
  for (const [s, t] of goals) {
    const a = ropeName(s);
    const b = a === null ? null : ropeName(t);
    if (a === null || b === null || a.family === b.family || a.role !== b.role) continue;
    if (a.layout !== null && a.layout === b.layout) continue;
    const withdraw = (reason: string) => withdrawn.push({ keys: [s], candidates: [t], reason });
    const rotary = `a rotary ${a.role} projection renamed between ${a.what} and ${b.what}`;
    const plain = 'a plain rename would load strict=True with every row of it in the wrong place';
    if (a.layout === null || b.layout === null) {
      withdraw(`${rotary}: whether its rows need a rope permute is not known here: ${plain}, or be right. The GGUF's general.architecture decides it (llama.cpp convert_hf_to_gguf.py LlamaModel.permute), with the model's num_attention_heads / num_key_value_heads; not paired`);
      continue;
    }
    const counts = heads === null ? null : a.role === 'q' ? { n: heads.heads, why: '' } : kvHeadsOf(s, heads, shapeOf, goals);
    if (counts !== null && 'refused' in counts) {
      withdraw(`${rotary}: its rows need a rope permute per head (transformers convert_llama_weights_to_hf.py permute), and ${counts.refused}: ${plain}; not paired`);
      continue;
    }
    const n = counts === null ? null : counts.n;
    const problem = n === null ? null : ropeProblem(n, shapeOf(s));
    if (n === null || problem !== null) {
      withdraw(`${rotary}: its rows need a rope permute per head (transformers convert_llama_weights_to_hf.py permute), ${n === null ? 'and the head counts are not known here' : `and ${problem}`}: ${plain}. The model's num_attention_heads and num_key_value_heads (its config) decide it; not paired`);
      continue;
    }
    // a k cut into other heads than q's gets its own words; q and an alike k share one op (generalise.ts groups them)
    const own = n !== heads!.heads;
    permutes.set(s, {
      to: b.layout,
      heads: heads!.heads,
      ...(own ? { kvHeads: n } : {}),
      why: `rotary ${own ? 'k ' : ''}rows from the ${a.layout} layout to the ${b.layout} one, in ${n}${own ? ' key/value' : ''} heads (${counts!.why || 'the head counts given'}: the values rest on them)`,
    });
  }
  return { permutes, withdrawn };
}

/** The q projection beside a k one (same family and parent), by name. */
function qSibling(k: string): string {
  const m = /^(?:(.*)\.)?([^.]+)\.(weight|bias)$/.exec(k)!;
  const n = ROPE_NAMES.find((r) => r.k === m[2])!;
  return `${m[1] !== undefined ? `${m[1]}.` : ''}${n.q}.${m[3]}`;
}

/**
 * The heads a k projection `k` is cut into. The q projection's rows over the heads fix the head size, which k
 * shares (review 23 F2: `--heads 4` on a grouped-query model once cut k's 8 rows into 4 heads of 2 while q's
 * heads are 4 rows, loading strict=True with k scrambled). So: the key/value heads given when k's rows make
 * them of q's head size, else refused naming the counts that fit; not given, the ones k's rows make (said so).
 * With no shapes to read (an error text), the counts given (or the heads) are taken as they are.
 */
function kvHeadsOf(k: string, heads: RopeHeads, shapeOf: (source: string) => readonly number[] | null, goals: ReadonlyMap<string, string>): { n: number; why: string } | { refused: string } {
  const given = heads.kvHeads;
  const kRows = shapeOf(k)?.[0];
  // q beside it, else any q of the same family renamed here (every layer has the same heads)
  const fam = ropeName(k)!.family;
  const qKey = [qSibling(k), ...[...goals.keys()].filter((s) => ropeName(s)?.family === fam && ropeName(s)?.role === 'q')].find((q) => shapeOf(q)?.length);
  const qRows = qKey === undefined ? undefined : shapeOf(qKey)![0];
  if (kRows === undefined || qRows === undefined || qRows % heads.heads !== 0) return { n: given ?? heads.heads, why: '' };
  const size = qRows / heads.heads;
  const fits = kRows % size === 0 && heads.heads % (kRows / size) === 0 ? kRows / size : null;
  if (fits !== null && fits === (given ?? heads.heads)) return { n: fits, why: '' };
  const fix = fits === null ? `no key/value head count does (${heads.heads} heads of ${size} rows in q)` : `give --heads ${heads.heads}/${fits}`;
  if (given !== undefined || fits === null) return { refused: `k has ${kRows} rows, q ${qRows}: ${given ?? heads.heads} key/value heads would cut k into heads of another size than q's ${size} rows; ${fix}` };
  return { n: fits, why: `k's ${kRows} rows in q's head size, ${qRows} rows over the ${heads.heads} heads given` };
}
