import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';

/**
 * The generalisation probe's transformation (issue 11): a family whose TARGET names carry no information.
 * Every name a library author chose on the target side (`model`, `layers`, `self_attn`, `q_proj`, `cls_token`)
 * becomes an unrelated token, the same token wherever that name occurs; what stays is what structure says —
 * shapes, nesting, state-dict order and the indices (`layers.3` → `kwzhrt.3`, `stage3` → `pmtvsq3`: a number is
 * an index, i.e. order, not a name). The parameter names PyTorch itself fixes (`weight`, `bias`, BatchNorm's
 * buffers, `nn.MultiheadAttention`'s `in_proj_*`) stay: no conversion between two PyTorch libraries can
 * rename those, and without them no tensor's kind could be told on the target side at all.
 *
 * With `reorder`, the named children of every target module are also listed in reverse order (a model that
 * defines its submodules in another order in `__init__`, as HF Whisper lists `k_proj, v_proj, q_proj` where
 * OpenAI's lists `query, key, value`); numbered children (`3`, `conv2`, `stage3`) keep their order and their
 * places, as the model numbers them, and a module's own parameters stay first. Truth, ties and joins are carried over to the new names, so the family's ground truth
 * is unchanged: a name-driven matcher loses what it read from names, a structure-aware one should not pair
 * wrongly (it may leave more unpaired).
 */

/** parameter and buffer names fixed by torch.nn itself, kept as they are */
export const TORCH_FIXED_LEAVES: ReadonlySet<string> = new Set([
  'weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked', 'in_proj_weight', 'in_proj_bias',
]);

const LETTERS = 'bcdfghjklmnpqrstvwxz';

/** deterministic tokens of six consonants: no vowels, so none reads as a word the matcher knows */
function tokenMaker(): (name: string) => string {
  const given = new Map<string, string>();
  const used = new Set<string>();
  let state = 0x9e3779b9;
  const next = () => {
    // xorshift32: a fixed sequence, so the probe is the same on every run
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % LETTERS.length;
  };
  return (name) => {
    let t = given.get(name);
    if (t === undefined) {
      do t = Array.from({ length: 6 }, () => LETTERS[next()]).join('');
      while (used.has(t));
      used.add(t);
      given.set(name, t);
    }
    return t;
  };
}

/** `layers` → token, `3` → `3`, `stage3` → token + `3`, `weight` (last segment) → `weight` */
function renamer(): (key: string) => string {
  const token = tokenMaker();
  const cache = new Map<string, string>();
  return (key) => {
    let out = cache.get(key);
    if (out !== undefined) return out;
    const segs = key.split('.');
    out = segs
      .map((seg, i) => {
        if (/^\d+$/.test(seg)) return seg;
        if (i === segs.length - 1 && TORCH_FIXED_LEAVES.has(seg)) return seg;
        const m = /^(.*?)(\d+)$/.exec(seg);
        return m && m[1] !== '' ? token(m[1]!) + m[2]! : token(seg);
      })
      .join('.');
    cache.set(key, out);
    return out;
  };
}

/** a sequence member, stand-alone (`3`) or glued (`conv2`, `stage3`): numbered siblings keep their order, as the model numbers them */
const NUMBERED = /\d$/;

interface TreeNode {
  seg: string;
  /** the entry when this node is a key */
  entry: KeyEntry | null;
  children: TreeNode[];
}

/**
 * The entries in the order a module that defines its named children in reverse would list them: per node,
 * its own tensors first (in their order), then its children, the named ones reversed among the slots they
 * held, the numbered ones (`3`, `conv2`) where they were.
 */
export function reverseNamedSiblings(entries: readonly KeyEntry[]): KeyEntry[] {
  const root: TreeNode = { seg: '', entry: null, children: [] };
  for (const e of entries) {
    let node = root;
    for (const seg of e.key.split('.')) {
      let child = node.children.find((c) => c.seg === seg);
      if (!child) node.children.push((child = { seg, entry: null, children: [] }));
      node = child;
    }
    node.entry = e;
  }
  const out: KeyEntry[] = [];
  const visit = (n: TreeNode) => {
    if (n.entry) out.push(n.entry);
    const own = n.children.filter((c) => c.children.length === 0);
    const modules = n.children.filter((c) => c.children.length > 0);
    const named = modules.filter((c) => !NUMBERED.test(c.seg)).reverse();
    let k = 0;
    const ordered = modules.map((c) => (NUMBERED.test(c.seg) ? c : named[k++]!));
    for (const c of [...own, ...ordered]) visit(c);
  };
  visit(root);
  return out;
}

export interface OpaqueOptions {
  /** also reverse the named children of every target module (reverseNamedSiblings) */
  reorder?: boolean;
}

/** The family with every target name replaced by an unrelated token (and, with `reorder`, named siblings reversed). */
export function opaqueTarget(f: Family, options: OpaqueOptions = {}): Family {
  const rename = renamer();
  const renamed = f.target.map((e) => ({ ...e, key: rename(e.key) }));
  if (new Set(renamed.map((e) => e.key)).size !== renamed.length) throw new Error(`${f.name}: the probe's renaming merged two target keys`);
  const truth: Family['truth'] = {};
  for (const [k, v] of Object.entries(f.truth)) truth[k] = v === null ? null : typeof v === 'string' ? rename(v) : v.map(rename);
  return {
    ...f,
    name: `${f.name}${options.reorder ? ' (opaque, reordered)' : ' (opaque)'}`,
    target: options.reorder ? reverseNamedSiblings(renamed) : renamed,
    truth,
    ...(f.tied && { tied: Object.fromEntries(Object.entries(f.tied).map(([t, s]) => [rename(t), s])) }),
    ...(f.joined && { joined: f.joined.map(rename) }),
  };
}
