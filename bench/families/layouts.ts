import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';

/**
 * The layout probe (issue 11's value ops, measured on data anyone may look at): a visible family whose
 * tensors are stored in another library's layout on one side, the way real cross-library conversions
 * find them. A mechanical transformation like opaque.ts: deterministic, and the truth carried over
 * exactly — every changed pair gets a `recipes` entry saying how the target tensor is built from the
 * new source tensors, so a pair is right only with the right value ops (value-check.ts).
 *
 *  - `sorted`: names and layouts as they are, the checkpoint's keys listed sorted by name, as a safetensors
 *    file lists them (every family changes).
 *  - `jax`: Flax storage on the source side. Every Linear weight is a `kernel` [in, out] (square ones too:
 *    shapes cannot tell them), convolutions HWIO kernels, norm weights `scale`, BatchNorm statistics
 *    `mean` / `var`; attention q / k / v kernels per head [D, H, Dh] (biases [H, Dh]) and the output
 *    kernel [H, Dh, D] (DenseGeneral), so each needs a reshape and a transpose. Head size 64, as in every
 *    family here whose width allows it.
 *  - `jax-sorted`: the same, with the checkpoint's keys listed sorted by name, as a Flax msgpack / npz
 *    file lists them (order is then no evidence: `blocks.10` before `blocks.2`, `attn` before `norm1`).
 *  - `fused-source`: each attention's q, k and v stored as one tensor (concatenated along dim 0) in the
 *    checkpoint, separate in the model: one split per layer.
 *  - `fused-target`: the reverse: separate in the checkpoint, one fused tensor in the model: a concat.
 *  - `foreign-weight`: TensorFlow / Keras layouts under PyTorch's names, as converters that copy the
 *    arrays without permuting them leave them: every Linear weight [in, out] and every conv weight HWIO
 *    (a conv1d's [k, I, O]), still named `weight` (square ones too). No `kernel` leaf says so: only the
 *    checkpoint's shapes, all permuted one way, can.
 *  - `per-head-target`: the model keeps attention parameters per head (names unchanged): q / k / v
 *    weights [H, Dh, D], their biases [H, Dh], the output weight [D, H, Dh]; the checkpoint merged, as
 *    torch.nn.Linear holds them: reshapes only (heads the outer factor).
 *  - `conv1x1`: the checkpoint stores every Linear weight as a 1×1 convolution [O, I, 1, 1], every 1×1
 *    convolution as a Linear [O, I], and norm parameters as [1, C]: reshapes only.
 *
 * Only plain pairs change (one source key → one target key, same shape, no transpose, reshape, join or tie
 * in the family already); which tensors are Linear, attention or norm parameters is read from the target's
 * names here, in the probe's generator — the matcher sees only the result. A misreading would only make a
 * different (still exact) layout.
 */
export type LayoutKind = 'sorted' | 'jax' | 'jax-sorted' | 'fused-source' | 'fused-target' | 'conv1x1' | 'foreign-weight' | 'per-head-target';

const EMBEDDING = /emb|wte|wpe|token|position|vocab|shared|codebook/i;
const QKV_ROLE: readonly [string, RegExp][] = [
  ['q', /^(q|q_proj|query|to_q|wq|q_lin)$/],
  ['k', /^(k|k_proj|key|to_k|wk|k_lin)$/],
  ['v', /^(v|v_proj|value|to_v|wv|v_lin)$/],
];
const OUT_PROJ = /^(o_proj|out_proj|wo|o|out_lin)$/;
const HEAD = 64;

const segs = (k: string) => k.split('.');
const parentName = (k: string) => segs(k).at(-2) ?? '';
const leafName = (k: string) => segs(k).at(-1) ?? '';
const withLeaf = (k: string, leaf: string) => [...segs(k).slice(0, -1), leaf].join('.');
const src = (key: string): Recipe => ({ kind: 'source', key });
const same = (a: readonly number[] | null, b: readonly number[] | null) => !!a && !!b && a.length === b.length && a.every((d, i) => d === b[i]);

function qkvRole(targetKey: string): 'q' | 'k' | 'v' | null {
  const p = parentName(targetKey);
  for (const [role, re] of QKV_ROLE) if (re.test(p)) return role as 'q' | 'k' | 'v';
  return null;
}

function isOutProj(targetKey: string): boolean {
  const s = segs(targetKey);
  const p = s.at(-2) ?? '';
  return OUT_PROJ.test(p) || (p === 'proj' && /attn|attention/.test(s.at(-3) ?? '')) || /attention\.output\.dense$/.test(s.slice(0, -1).join('.'));
}

/** source key → its one target, for the pairs this probe may change */
function plainPairs(f: Family): Map<string, string> {
  const tShape = new Map(f.target.map((e) => [e.key, e.shape]));
  const sShape = new Map(f.source.map((e) => [e.key, e.shape]));
  const targetsOf = new Map<string, number>();
  for (const v of Object.values(f.truth)) for (const t of v === null ? [] : typeof v === 'string' ? [v] : v) targetsOf.set(t, (targetsOf.get(t) ?? 0) + 1);
  const tied = new Set([...Object.keys(f.tied ?? {}), ...Object.values(f.tied ?? {})]);
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(f.truth)) {
    if (typeof v !== 'string' || f.transposed?.includes(k) || f.reshaped?.includes(k) || f.joined?.includes(v) || f.recipes?.[v]) continue;
    if (tied.has(k) || tied.has(v) || targetsOf.get(v) !== 1 || !same(sShape.get(k) ?? null, tShape.get(v) ?? null)) continue;
    out.set(k, v);
  }
  return out;
}

interface Change {
  /** the new source entry (key and shape), or null: the key is removed (folded into another) */
  entry: KeyEntry | null;
}

/** the family with its source entries replaced as `changes` says, truth and recipes following */
function withSource(f: Family, label: string, changes: Map<string, Change>, truth: Family['truth'], recipes: Record<string, Recipe>): Family {
  const source: KeyEntry[] = [];
  for (const e of f.source) {
    const c = changes.get(e.key);
    if (!c) source.push(e);
    else if (c.entry) source.push(c.entry);
  }
  if (new Set(source.map((e) => e.key)).size !== source.length) throw new Error(`${f.name}: the ${label} layout merged two source keys`);
  return { ...f, name: `${f.name} (${label})`, source, truth, recipes: { ...f.recipes, ...recipes } };
}

function jax(f: Family): Family | null {
  const pairs = plainPairs(f);
  const shapeOf = new Map(f.source.map((e) => [e.key, e.shape]));
  const dtypeOf = new Map(f.source.map((e) => [e.key, e.dtype]));
  const changes = new Map<string, Change>();
  const truth: Family['truth'] = { ...f.truth };
  const recipes: Record<string, Recipe> = {};
  const taken = new Set(f.source.map((e) => e.key));
  const move = (k: string, t: string, key: string, shape: number[], recipe: (of: Recipe) => Recipe) => {
    // a key that is no module path (a Caffe2 blob name) or whose new name is already taken keeps its layout
    if (!k.includes('.') || (key !== k && taken.has(key))) return;
    taken.add(key);
    changes.set(k, { entry: { key, shape, dtype: dtypeOf.get(k) ?? null } });
    delete truth[k];
    truth[key] = t;
    recipes[t] = recipe(src(key));
  };
  for (const [k, t] of pairs) {
    const s = shapeOf.get(k)!;
    const leaf = leafName(t);
    const role = qkvRole(t);
    if (leaf === 'weight' && s.length === 2 && !EMBEDDING.test(t)) {
      const [o, i] = s as [number, number];
      if (role && o % HEAD === 0) {
        // DenseGeneral q/k/v kernel [D, H, Dh]: reshape to [D, H·Dh], then transpose to [H·Dh, D]
        move(k, t, withLeaf(k, 'kernel'), [i, o / HEAD, HEAD], (of) => ({ kind: 'transpose', of: { kind: 'reshape', of, shape: [i, o] }, dims: [1, 0] }));
      } else if (isOutProj(t) && i % HEAD === 0) {
        // DenseGeneral output kernel [H, Dh, D]: reshape to [H·Dh, D], then transpose to [D, H·Dh]
        move(k, t, withLeaf(k, 'kernel'), [i / HEAD, HEAD, o], (of) => ({ kind: 'transpose', of: { kind: 'reshape', of, shape: [i, o] }, dims: [1, 0] }));
      } else move(k, t, withLeaf(k, 'kernel'), [i, o], (of) => ({ kind: 'transpose', of, dims: [1, 0] }));
    } else if (leaf === 'weight' && s.length === 4) {
      const [o, i, kh, kw] = s as [number, number, number, number];
      move(k, t, withLeaf(k, 'kernel'), [kh, kw, i, o], (of) => ({ kind: 'transpose', of, dims: [3, 2, 0, 1] }));
    } else if (leaf === 'weight' && s.length === 3) {
      const [o, i, kw] = s as [number, number, number];
      move(k, t, withLeaf(k, 'kernel'), [kw, i, o], (of) => ({ kind: 'transpose', of, dims: [2, 1, 0] }));
    } else if (leaf === 'weight' && s.length === 1) {
      move(k, t, withLeaf(k, 'scale'), [...s], (of) => of);
    } else if (leaf === 'bias' && s.length === 1 && role && s[0]! % HEAD === 0) {
      move(k, t, k, [s[0]! / HEAD, HEAD], (of) => ({ kind: 'reshape', of, shape: [...s] }));
    } else if (leaf === 'running_mean' || leaf === 'running_var') {
      move(k, t, withLeaf(k, leaf === 'running_mean' ? 'mean' : 'var'), [...s], (of) => of);
    }
  }
  return changes.size ? withSource(f, 'jax layout', changes, truth, recipes) : null;
}

function foreignWeight(f: Family): Family | null {
  const pairs = plainPairs(f);
  const shapeOf = new Map(f.source.map((e) => [e.key, e.shape]));
  const dtypeOf = new Map(f.source.map((e) => [e.key, e.dtype]));
  const changes = new Map<string, Change>();
  const recipes: Record<string, Recipe> = {};
  const store = (k: string, t: string, shape: number[], dims: number[]) => {
    changes.set(k, { entry: { key: k, shape, dtype: dtypeOf.get(k) ?? null } });
    recipes[t] = { kind: 'transpose', of: src(k), dims };
  };
  for (const [k, t] of pairs) {
    const s = shapeOf.get(k)!;
    if (leafName(t) !== 'weight' || leafName(k) !== 'weight') continue;
    if (s.length === 2 && !EMBEDDING.test(t)) store(k, t, [s[1]!, s[0]!], [1, 0]);
    else if (s.length === 4) store(k, t, [s[2]!, s[3]!, s[1]!, s[0]!], [3, 2, 0, 1]);
    else if (s.length === 3) store(k, t, [s[2]!, s[1]!, s[0]!], [2, 1, 0]);
  }
  return changes.size ? withSource(f, 'foreign layouts under PyTorch names', changes, { ...f.truth }, recipes) : null;
}

function perHeadTarget(f: Family): Family | null {
  const pairs = plainPairs(f);
  const tShape = new Map(f.target.map((e) => [e.key, e.shape]));
  const replaced = new Map<string, KeyEntry>();
  const recipes: Record<string, Recipe> = {};
  for (const [k, t] of pairs) {
    const s = tShape.get(t)!;
    const leaf = leafName(t);
    let shape: number[] | null = null;
    if (leaf === 'weight' && s.length === 2 && qkvRole(t) && s[0]! % HEAD === 0) shape = [s[0]! / HEAD, HEAD, s[1]!];
    else if (leaf === 'weight' && s.length === 2 && isOutProj(t) && s[1]! % HEAD === 0) shape = [s[0]!, s[1]! / HEAD, HEAD];
    else if (leaf === 'bias' && s.length === 1 && qkvRole(t) && s[0]! % HEAD === 0) shape = [s[0]! / HEAD, HEAD];
    if (!shape) continue;
    replaced.set(t, { key: t, shape, dtype: f.target.find((e) => e.key === t)!.dtype });
    recipes[t] = { kind: 'reshape', of: src(k), shape };
  }
  if (replaced.size === 0) return null;
  const target = f.target.map((e) => replaced.get(e.key) ?? e);
  return { ...f, name: `${f.name} (per head in the model)`, target, recipes: { ...f.recipes, ...recipes } };
}

/** q, k and v pairs of one attention (same leaf, same module path above them), in q, k, v order */
function qkvGroups(f: Family, pairs: Map<string, string>): [string, string][][] {
  const shapeOf = new Map(f.source.map((e) => [e.key, e.shape]));
  const groups = new Map<string, Map<string, [string, string]>>();
  for (const [k, t] of pairs) {
    const role = qkvRole(t);
    if (!role) continue;
    const at = `${segs(t).slice(0, -2).join('.')}|${leafName(t)}|${segs(k).slice(0, -2).join('.')}`;
    const g = groups.get(at) ?? new Map<string, [string, string]>();
    g.set(role, [k, t]);
    groups.set(at, g);
  }
  const out: [string, string][][] = [];
  for (const g of groups.values()) {
    const trio = ['q', 'k', 'v'].map((r) => g.get(r));
    if (trio.some((x) => !x)) continue;
    const shapes = trio.map((x) => shapeOf.get(x![0])!);
    if (shapes.some((s) => s.length !== shapes[0]!.length || !same(s.slice(1), shapes[0]!.slice(1)))) continue;
    out.push(trio as [string, string][]);
  }
  return out;
}

function fusedSource(f: Family): Family | null {
  const shapeOf = new Map(f.source.map((e) => [e.key, e.shape]));
  const changes = new Map<string, Change>();
  const truth: Family['truth'] = { ...f.truth };
  const recipes: Record<string, Recipe> = {};
  for (const trio of qkvGroups(f, plainPairs(f))) {
    const [qk] = trio[0]!;
    const fused = [...segs(qk).slice(0, -2), 'qkv', leafName(qk)].join('.');
    if (!qk.includes('.') || shapeOf.has(fused)) continue;
    const shapes = trio.map(([k]) => shapeOf.get(k)!);
    const shape = [shapes.reduce((a, s) => a + s[0]!, 0), ...shapes[0]!.slice(1)];
    changes.set(qk, { entry: { key: fused, shape, dtype: f.source.find((e) => e.key === qk)!.dtype } });
    let start = 0;
    for (const [i, [k, t]] of trio.entries()) {
      if (i > 0) changes.set(k, { entry: null });
      delete truth[k];
      recipes[t] = { kind: 'split', of: src(fused), dim: 0, start, size: shapes[i]![0]!, squeeze: false };
      start += shapes[i]![0]!;
    }
    truth[fused] = trio.map(([, t]) => t);
  }
  return changes.size ? withSource(f, 'fused qkv in the checkpoint', changes, truth, recipes) : null;
}

function fusedTarget(f: Family): Family | null {
  const tShape = new Map(f.target.map((e) => [e.key, e.shape]));
  const replaced = new Map<string, KeyEntry | null>();
  const truth: Family['truth'] = { ...f.truth };
  const recipes: Record<string, Recipe> = {};
  const joined: string[] = [];
  for (const trio of qkvGroups(f, plainPairs(f))) {
    const [, qt] = trio[0]!;
    const fused = [...segs(qt).slice(0, -2), 'qkv', leafName(qt)].join('.');
    if (tShape.has(fused)) continue;
    const shapes = trio.map(([, t]) => tShape.get(t)!);
    replaced.set(qt, { key: fused, shape: [shapes.reduce((a, s) => a + s[0]!, 0), ...shapes[0]!.slice(1)], dtype: f.target.find((e) => e.key === qt)!.dtype });
    for (const [i, [k, t]] of trio.entries()) {
      if (i > 0) replaced.set(t, null);
      truth[k] = fused;
    }
    recipes[fused] = { kind: 'concat', parts: trio.map(([k]) => src(k)), dim: 0 };
    joined.push(fused);
  }
  if (!joined.length) return null;
  const target = f.target.flatMap((e) => (replaced.has(e.key) ? (replaced.get(e.key) ? [replaced.get(e.key)!] : []) : [e]));
  if (new Set(target.map((e) => e.key)).size !== target.length) throw new Error(`${f.name}: the fused target merged two keys`);
  return { ...f, name: `${f.name} (fused qkv in the model)`, target, truth, recipes: { ...f.recipes, ...recipes }, joined: [...(f.joined ?? []), ...joined] };
}

function conv1x1(f: Family): Family | null {
  const pairs = plainPairs(f);
  const shapeOf = new Map(f.source.map((e) => [e.key, e.shape]));
  const oneDimWeight = new Set(f.target.filter((e) => leafName(e.key) === 'weight' && e.shape?.length === 1).map((e) => withLeaf(e.key, '')));
  const changes = new Map<string, Change>();
  const recipes: Record<string, Recipe> = {};
  const dtypeOf = new Map(f.source.map((e) => [e.key, e.dtype]));
  const restore = (k: string, t: string, shape: number[], back: number[]) => {
    changes.set(k, { entry: { key: k, shape, dtype: dtypeOf.get(k) ?? null } });
    recipes[t] = { kind: 'reshape', of: src(k), shape: back };
  };
  for (const [k, t] of pairs) {
    const s = shapeOf.get(k)!;
    const leaf = leafName(t);
    if (leaf === 'weight' && s.length === 2 && !EMBEDDING.test(t)) restore(k, t, [...s, 1, 1], [...s]);
    else if (leaf === 'weight' && s.length === 4 && s[2] === 1 && s[3] === 1) restore(k, t, s.slice(0, 2), [...s]);
    else if ((leaf === 'weight' || leaf === 'bias') && s.length === 1 && oneDimWeight.has(withLeaf(t, ''))) restore(k, t, [1, s[0]!], [...s]);
  }
  return changes.size ? withSource(f, '1×1 conv ↔ linear, [1, C] norms', changes, { ...f.truth }, recipes) : null;
}

const sortedByKey = (entries: readonly KeyEntry[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** The family in the given layout; null when the layout changes none of its pairs. */
export function relayout(f: Family, kind: LayoutKind): Family | null {
  switch (kind) {
    case 'sorted':
      return { ...f, name: `${f.name} (keys sorted)`, source: sortedByKey(f.source) };
    case 'jax':
      return jax(f);
    case 'jax-sorted': {
      const g = jax(f);
      return g && { ...g, name: `${f.name} (jax layout, sorted)`, source: sortedByKey(g.source) };
    }
    case 'fused-source':
      return fusedSource(f);
    case 'fused-target':
      return fusedTarget(f);
    case 'conv1x1':
      return conv1x1(f);
    case 'foreign-weight':
      return foreignWeight(f);
    case 'per-head-target':
      return perHeadTarget(f);
  }
}
