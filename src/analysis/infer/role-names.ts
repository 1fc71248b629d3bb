/**
 * What well-known module names are for, as data: the naming conventions of public model code in which
 * two look-alike tensors (same shapes, same kinds) are told apart by nothing but a convention an
 * engineer knows — Meta's `w1` is the gate projection and `w3` the up projection, never the other way
 * round, though both are [F, D]. Module alignment (modules.ts) pairs look-alike siblings by these roles
 * when both sides' names have them, instead of by their order of definition, which is no evidence of
 * which is which (a model may define `up_proj` before `gate_proj`; Qwen's first `w1` is the up
 * projection). A convention holds only where all its names are siblings in one module, and a pairing
 * by roles is taken only where every pair's shapes agree (knownRolePairs): the same three names `w1`,
 * `w2`, `w3` also occur with `w3` as the down projection (GLU-paper code), which the shapes then refuse.
 * One row per convention, each with the code it is read from.
 */
import { sameShape } from '../../formats/keys.js';
import type { Group, Node } from './modules.js';
import { tensorsUnder } from './twin-order.js';
import { leafOf, moduleOf } from '../key-tokens.js';
import { SegmentWords } from './segment-words.js';

interface RoleConvention {
  /** sibling name → its role; every name must be a sibling for the convention to hold */
  roles: Readonly<Record<string, string>>;
  /** names that must be siblings too, without a role of their own here (the attention beside two norms) */
  alongside?: readonly string[];
  why: string;
}

const GATE = 'gated MLP: gate projection (activated)';
const UP = 'gated MLP: up projection (multiplied in)';
const DOWN = 'gated MLP: down projection';
const PRE_ATTN = 'norm before the attention';
const PRE_MLP = 'norm before the MLP';
const POST_ATTN = "norm of the attention's output, before its residual add";
const POST_MLP = "norm of the MLP's output, before its residual add";
const Q = 'attention: query projection';
const K = 'attention: key projection';
const V = 'attention: value projection';
const O = 'attention: output projection';
const CSP_MAIN = 'CSP layer: main-branch 1×1 conv, into the bottlenecks';
const CSP_SHORT = 'CSP layer: short-branch 1×1 conv, around the bottlenecks';
const CSP_FINAL = 'CSP layer: final conv, after the two branches are concatenated';

export const ROLE_CONVENTIONS: readonly RoleConvention[] = [
  {
    roles: { w1: GATE, w2: DOWN, w3: UP },
    why: "Meta's Llama and Mistral/Mixtral FeedForward: `w2(silu(w1(x)) * w3(x))` (llama/model.py; transformers convert_llama_weights_to_hf.py and convert_mixtral_weights_to_hf.py map w1 → gate_proj, w2 → down_proj, w3 → up_proj; MixtralBlockSparseTop2MLP keeps the names)",
  },
  {
    roles: { w1: UP, w2: GATE, c_proj: DOWN },
    why: "Qwen (v1) QWenMLP: `c_proj(w1(x) * silu(w2(x)))` (Qwen/Qwen-7B modeling_qwen.py; llama.cpp's converter maps mlp.w2 → ffn_gate, mlp.w1 → ffn_up)",
  },
  {
    roles: { w1: GATE, v1: UP, w2: DOWN },
    why: 'DBRX DbrxExpertGLU: `(act(x @ w1.T) * (x @ v1.T)) @ w2` (transformers models/dbrx/modeling_dbrx.py)',
  },
  {
    roles: { wi_0: GATE, wi_1: UP, wo: DOWN },
    why: 'T5 v1.1 / Flan-T5 T5DenseGatedActDense: `wo(act(wi_0(x)) * wi_1(x))` (transformers models/t5/modeling_t5.py)',
  },
  {
    roles: { w1: GATE, w2: UP, w3: DOWN },
    alongside: ['ffn_ln'],
    why: "EVA-02's SwiGLU (baaivision EVA-02): `w3(ffn_ln(act(w1(x)) * w2(x)))` — the same three names as Meta's with w2 and w3 the other way round; its sub-LN `ffn_ln` is its mark (timm eva.py checkpoint_filter_fn maps w1 → fc1_g, w2 → fc1_x, w3 → fc2)",
  },
  {
    roles: { fc1_g: GATE, fc1_x: UP, fc2: DOWN },
    why: 'timm SwiGLU (layers/mlp.py, used by eva.py): `fc2(norm(act(fc1_g(x)) * fc1_x(x)))`',
  },
  {
    roles: { gate_proj: GATE, up_proj: UP, down_proj: DOWN },
    why: 'transformers LlamaMLP and its kin (Mistral, Qwen2, Gemma, DeepSeek): `down_proj(act(gate_proj(x)) * up_proj(x))`',
  },
  {
    roles: { ffn_gate: GATE, ffn_up: UP, ffn_down: DOWN },
    why: "llama.cpp's GGUF tensor names (gguf-py constants.py MODEL_TENSOR.FFN_GATE / FFN_UP / FFN_DOWN)",
  },
  {
    roles: { ffn_gate_exps: GATE, ffn_up_exps: UP, ffn_down_exps: DOWN },
    why: "llama.cpp's GGUF names of stacked experts (gguf-py constants.py FFN_GATE_EXP / FFN_UP_EXP / FFN_DOWN_EXP)",
  },
  {
    roles: { ffn_gate_shexp: GATE, ffn_up_shexp: UP, ffn_down_shexp: DOWN },
    why: "llama.cpp's GGUF names of a shared expert (gguf-py constants.py FFN_GATE_SHEXP / FFN_UP_SHEXP / FFN_DOWN_SHEXP)",
  },
  {
    // q and k also need their rows permuted per head on the way to transformers' names: rope-renames.ts makes
    // that rename only with the permute, or lists it (a plain rename would load with the rows scrambled)
    roles: { wq: Q, wk: K, wv: V, wo: O },
    why: "Meta's Llama / Mistral Attention: `wo(attn(wq(x), wk(x), wv(x)))` (llama/model.py; transformers convert_llama_weights_to_hf.py maps wq → q_proj and wk → k_proj, both permuted for rope, wv → v_proj, wo → o_proj)",
  },
  {
    roles: { q_proj: Q, k_proj: K, v_proj: V, o_proj: O },
    why: 'transformers LlamaAttention and its kin (Mistral, Mixtral, Qwen2, Gemma): `o_proj(attn(q_proj(x), k_proj(x), v_proj(x)))`',
  },
  {
    roles: { q_proj: Q, k_proj: K, v_proj: V, out_proj: O },
    why: 'fairseq MultiheadAttention and transformers BART / CLIP / Whisper attention: `out_proj(attn(q_proj(x), k_proj(x), v_proj(x)))`',
  },
  {
    roles: { attn_q: Q, attn_k: K, attn_v: V, attn_output: O },
    why: "llama.cpp's GGUF tensor names (gguf-py constants.py MODEL_TENSOR.ATTN_Q / ATTN_K / ATTN_V / ATTN_OUT)",
  },
  {
    roles: { q: Q, k: K, v: V, o: O },
    why: 'T5Attention (transformers models/t5/modeling_t5.py; Mesh TensorFlow SelfAttention/{q,k,v,o}): `o(attn(q(x), k(x), v(x)))`',
  },
  {
    roles: { to_q: Q, to_k: K, to_v: V, to_out: O },
    why: 'diffusers Attention: `to_out(attn(to_q(x), to_k(c), to_v(c)))` (to_out a list: Linear, Dropout)',
  },
  {
    // the two branch convs are one shape ([hidden, in, 1, 1]) and nothing but this convention tells them apart
    roles: { conv1: CSP_MAIN, conv2: CSP_SHORT, conv3: CSP_FINAL },
    alongside: ['m'],
    why: "Megvii YOLOX CSPLayer (yolox/models/network_blocks.py): `conv3(cat(m(conv1(x)), conv2(x)))` (MMDetection's tools/model_converters/yolox2mmdet.py maps conv1 → main_conv, conv2 → short_conv, conv3 → final_conv)",
  },
  {
    roles: { cv1: CSP_MAIN, cv2: CSP_SHORT, cv3: CSP_FINAL },
    alongside: ['m'],
    why: "ultralytics YOLOv5 C3: `cv3(cat(m(cv1(x)), cv2(x)))` (MMYOLO's tools/model_converters/yolov5_to_mmyolo.py maps cv1 → main_conv, cv2 → short_conv, cv3 → final_conv)",
  },
  {
    roles: { main_conv: CSP_MAIN, short_conv: CSP_SHORT, final_conv: CSP_FINAL },
    alongside: ['blocks'],
    why: 'MMDetection / MMYOLO CSPLayer (mmdet/models/layers/csp_layer.py): `final_conv(cat(blocks(main_conv(x)), short_conv(x)))`',
  },
  {
    roles: { norm1: PRE_ATTN, norm2: PRE_MLP },
    alongside: ['attn', 'mlp'],
    why: 'timm Block (vision_transformer.py, swin, eva, deit): `x + attn(norm1(x))`, then `x + mlp(norm2(x))`',
  },
  {
    roles: { ln_1: PRE_ATTN, ln_2: PRE_MLP },
    alongside: ['attn', 'mlp'],
    why: 'GPT-2 Block and its kin (transformers GPT2Block, GPTNeoBlock, GPTBigCodeBlock, ExaoneBlock; nanoGPT): `x + attn(ln_1(x))`, then `x + mlp(ln_2(x))`',
  },
  {
    roles: { layernorm_before: PRE_ATTN, layernorm_after: PRE_MLP },
    why: 'transformers ViTLayer / SwinLayer / Dinov2Layer: layernorm_before feeds the attention, layernorm_after (after the attention) the MLP',
  },
  {
    roles: { attention_norm: PRE_ATTN, ffn_norm: PRE_MLP },
    why: "Meta's Llama / Mistral TransformerBlock: `h = x + attention(attention_norm(x))`, `h + feed_forward(ffn_norm(h))`",
  },
  {
    roles: { attn_norm: PRE_ATTN, ffn_norm: PRE_MLP },
    why: "llama.cpp's GGUF tensor names (gguf-py constants.py MODEL_TENSOR.ATTN_NORM / FFN_NORM)",
  },
  {
    roles: { input_layernorm: PRE_ATTN, post_attention_layernorm: PRE_MLP },
    why: 'transformers LlamaDecoderLayer and its kin: input_layernorm before self_attn, post_attention_layernorm before the MLP',
  },
  {
    roles: { input_layernorm: PRE_ATTN, post_attention_layernorm: POST_ATTN, pre_feedforward_layernorm: PRE_MLP, post_feedforward_layernorm: POST_MLP },
    why: "transformers Gemma2DecoderLayer / Gemma3: a norm before and after each sublayer; here post_attention_layernorm normalises the attention's output (llama.cpp maps it to ATTN_POST_NORM, not FFN_NORM)",
  },
  {
    roles: { attn_norm: PRE_ATTN, post_attention_norm: POST_ATTN, ffn_norm: PRE_MLP, post_ffw_norm: POST_MLP },
    why: "llama.cpp's GGUF names of Gemma-2's four norms (gguf-py constants.py ATTN_NORM / ATTN_POST_NORM / FFN_NORM / FFN_POST_NORM)",
  },
  {
    roles: { post_attention_layernorm: POST_ATTN, post_feedforward_layernorm: POST_MLP },
    why: 'transformers Olmo2DecoderLayer: no norm before a sublayer, one after each: `h = x + post_attention_layernorm(self_attn(x))`, `h + post_feedforward_layernorm(mlp(h))` (with Gemma-2\'s four present, that larger convention holds)',
  },
  {
    roles: { post_attention_norm: POST_ATTN, post_ffw_norm: POST_MLP },
    why: "llama.cpp's GGUF names of those two (gguf-py constants.py ATTN_POST_NORM / FFN_POST_NORM, which OLMo-2 uses without ATTN_NORM / FFN_NORM)",
  },
  {
    roles: { pre_attn_norm: PRE_ATTN, post_attn_norm: POST_ATTN, pre_moe_norm: PRE_MLP, post_moe_norm: POST_MLP },
    why: 'transformers Grok1DecoderLayer (models/grok_1): `h = x + post_attn_norm(attn(pre_attn_norm(x)))`, `h + post_moe_norm(moe(pre_moe_norm(h)))`',
  },
  {
    roles: { attn_norm: PRE_ATTN, attn_output_norm: POST_ATTN, ffn_norm: PRE_MLP, layer_output_norm: POST_MLP },
    why: "llama.cpp's GGUF names of Grok's four norms (gguf-py tensor_mapping.py: Grok's rms_norm → ATTN_NORM, rms_norm_1 → ATTN_OUT_NORM, rms_norm_2 → FFN_NORM, rms_norm_3 → LAYER_OUT_NORM)",
  },
];

/** every name some convention gives a role: most groups have none, which is known at once */
const NAMED = new Set(ROLE_CONVENTIONS.flatMap((c) => Object.keys(c.roles)));
/** every name a convention asks to be present (its roles' and its `alongside` names): all rolesOf reads of a module's children */
const CONVENTION_WORDS = new Set(ROLE_CONVENTIONS.flatMap((c) => [...Object.keys(c.roles), ...(c.alongside ?? [])]));

/**
 * The roles of sibling `names` (last segments, one parent) among all that parent's child names: the one
 * role each name has in every convention whose names are all present (and are no part of a larger one
 * present), distinct; null when a name has none, conventions disagree, or two names would share a role.
 */
export function rolesOf(names: readonly string[], siblings: ReadonlySet<string>): string[] | null {
  if (!names.every((n) => NAMED.has(n))) return null;
  const present = ROLE_CONVENTIONS.filter((c) => Object.keys(c.roles).every((n) => siblings.has(n)) && (c.alongside ?? []).every((n) => siblings.has(n)));
  // a convention all of whose names another present one also has is that one's part: the larger says more
  // (Gemma-2's four norms include Llama's `input_layernorm`, `post_attention_layernorm`, in another role)
  const size = (c: RoleConvention) => Object.keys(c.roles).length;
  // and of two over the same names, the one whose marks beside them are present too says more (EVA-02's `w1`,
  // `w2`, `w3` beside its `ffn_ln`, not Meta's): its reading is the one held
  const marks = (c: RoleConvention) => c.alongside?.length ?? 0;
  const sameNames = (c: RoleConvention, d: RoleConvention) => size(c) === size(d) && Object.keys(c.roles).every((n) => d.roles[n] !== undefined);
  const held = present.filter((c) => !present.some((d) => d !== c && ((size(d) > size(c) && Object.keys(c.roles).every((n) => d.roles[n] !== undefined)) || (sameNames(c, d) && marks(d) > marks(c)))));
  const roles: string[] = [];
  for (const n of names) {
    const said = new Set(held.flatMap((c) => (c.roles[n] !== undefined ? [c.roles[n]!] : [])));
    if (said.size !== 1) return null;
    roles.push([...said][0]!);
  }
  return new Set(roles).size === roles.length ? roles : null;
}

/**
 * Look-alike siblings each side's names give the same roles (rolesOf), paired role to role, each pair's
 * tensors of equal shapes; null unless every unit with a known name on the side with fewer of them is so
 * paired. Units without one are left to other evidence (OLMo-2's block holds four [d] norms on each side: HF's
 * `post_attention_layernorm`, `post_feedforward_layernorm` beside `self_attn.q_norm`, `self_attn.k_norm`, GGUF's
 * `post_attention_norm`, `post_ffw_norm` beside `attn_q_norm`, `attn_k_norm`: the roles pair the first two).
 */
export function knownRolePairs(g: Group, s: Node, t: Node): [Node, Node][] | null {
  const known = (units: readonly Node[]) => (units.every((u) => NAMED.has(leafOf(u.path))) ? units : units.filter((u) => NAMED.has(leafOf(u.path))));
  const ks = known(g.s);
  const kt = known(g.t);
  if (Math.min(ks.length, kt.length) < 2) return null;
  const flip = ks.length > kt.length;
  const [few, fewRoot, many, manyRoot] = flip ? [kt, t, ks, s] : [ks, s, kt, t];
  const a = unitRoles(few, fewRoot);
  const b = a && unitRoles(many, manyRoot);
  if (!a || !b) return null;
  const pairs: [Node, Node][] = [];
  for (let i = 0; i < a.length; i++) {
    const j = b.indexOf(a[i]!);
    if (j < 0 || !sameTensors(few[i]!, many[j]!)) return null;
    pairs.push(flip ? [many[j]!, few[i]!] : [few[i]!, many[j]!]);
  }
  return pairs;
}

/** The roles of units that are children of one module under `root`, among that module's children. */
function unitRoles(units: readonly Node[], root: Node): string[] | null {
  const names = units.map((u) => leafOf(u.path));
  if (!names.every((n) => NAMED.has(n))) return null;
  const home = moduleOf(units[0]!.path);
  if (units.some((u) => moduleOf(u.path) !== home)) return null;
  const parent = descend(root, home);
  return parent ? rolesOf(names, new Set(parent.children.map((c) => leafOf(c.path)))) : null;
}

/** The node at `path` under `root` (root itself when equal), following children whose path leads there. */
export function descend(root: Node, path: string): Node | null {
  let n = root;
  while (n.path !== path) {
    const next = n.children.find((c) => path === c.path || path.startsWith(`${c.path}.`));
    if (!next) return null;
    n = next;
  }
  return n;
}

/** The two units' tensors, in order, have the same shapes where both are known (a role pairing shapes refuse is no pairing). */
function sameTensors(u: Node, v: Node): boolean {
  const a = tensorsUnder(u);
  const b = tensorsUnder(v);
  if (a.length !== b.length) return false;
  return a.every((x, i) => !x.shape || !b[i]!.shape || sameShape(x.shape, b[i]!.shape!));
}


/**
 * Names every convention that has them gives one role (`cv3`, `short_conv`, `q_proj`; not `w1`, `w2`, `w3`,
 * which Meta, Qwen, DBRX and EVA-02 read differently, and GLU-paper code outside the table reads again, with
 * `w3` the down projection: there the shapes decide, not a veto)
 */
const ONE_ROLE = new Set([...NAMED].filter((n) => new Set(ROLE_CONVENTIONS.flatMap((c) => (c.roles[n] !== undefined ? [c.roles[n]] : []))).size === 1));

/** CONVENTION_WORDS and ONE_ROLE, read off a key's segments in place (keyRoles reads every segment of every key) */
const CONVENTION_SEGMENTS = new SegmentWords(CONVENTION_WORDS);
const ONE_ROLE_SEGMENTS = new SegmentWords(ONE_ROLE);

/**
 * The role of each key of one side (a reader over that side's keys): the role of its deepest module whose name
 * has one role in the table (ONE_ROLE) and a convention holds among that module's siblings (rolesOf), null where none does. A key under `model.4.cv3.bn.`
 * beside `cv1`, `cv2` and `m` is the CSP layer's final conv; under `backbone.stage2.1.short_conv.` beside
 * `main_conv`, `final_conv` and `blocks` the short branch. Each module's role is read once, when the reader is made;
 * a key's is then a look-up per segment of one role.
 */
export function keyRoles(keys: Iterable<string>): (key: string) => string | null {
  // rolesOf asks of a module's children only whether a convention's words are among them, so only those words are
  // recorded, under their parent's path: a slice per such segment, not a string and a look-up per prefix of every
  // key (the prefixes of 100,000 keys were ~7 % of a plan's time)
  // The segments are read in place (segment-words.ts), as `split('.')` cuts them: empty ones included, none a word
  const children = new Map<string, Set<string>>();
  for (const k of keys) {
    for (let at = 0; ; ) {
      const dot = k.indexOf('.', at);
      const end = dot < 0 ? k.length : dot;
      const s = CONVENTION_SEGMENTS.at(k, at, end);
      if (s !== null) {
        const parent = at === 0 ? '' : k.slice(0, at - 1);
        let c = children.get(parent);
        if (!c) children.set(parent, (c = new Set()));
        c.add(s);
      }
      if (dot < 0) break;
      at = dot + 1;
    }
  }
  // each module's role, read once per parent and child name (not once per key below it): parent path → name → role
  const roleAt = new Map<string, Map<string, string>>();
  for (const [parent, names] of children) {
    for (const name of names) {
      if (!ONE_ROLE.has(name)) continue;
      const roles = rolesOf([name], names);
      if (!roles) continue;
      let m = roleAt.get(parent);
      if (!m) roleAt.set(parent, (m = new Map()));
      m.set(name, roles[0]!);
    }
  }
  return (key) => {
    if (roleAt.size === 0) return null;
    // the deepest module first: the segments before the last, right to left; `end` is the dot after the segment
    for (let end = key.lastIndexOf('.'); end >= 0; ) {
      const dot = end === 0 ? -1 : key.lastIndexOf('.', end - 1);
      const at = dot + 1;
      const name = ONE_ROLE_SEGMENTS.at(key, at, end);
      if (name !== null) {
        const r = roleAt.get(at === 0 ? '' : key.slice(0, at - 1))?.get(name);
        if (r !== undefined) return r;
      }
      end = dot;
    }
    return null;
  };
}
