/**
 * Square weights beside a transposed sibling (review 23 F1). Where the plan transposes a non-square 2-d
 * weight because its shapes are the model's reversed (the checkpoint stores it [in, out]), the checkpoint
 * has shown that it stores Linear-like weights of that kind in another layout than the model. A square
 * weight of the same kind (same leaf name, `weight`) reads the same either way, so nothing in the shapes
 * says whether it was stored so too: a strict load takes it as stored, right or transposed, without an
 * error. Every such square that no other reading decided (a transpose by name or by both sides' classes,
 * both sides' classes storing it alike) is listed, loaded as stored, never claimed right. The rule is the
 * layout evidence, not a model's names: GPT-2's `c_proj` and a plain `proj` beside a transposed `out` alike.
 */
import { leafOf } from '../key-tokens.js';
import { isTable } from './layout-fixes.js';
import { formatShape } from './shapes.js';
import type { TensorFix } from './tensor-ops.js';
import type { Located } from './types.js';

/**
 * The source keys of square 2-d weights paired as stored (`goals`, same shape on both sides) whose leaf is
 * that of a weight the fixes transpose on its shapes (non-square, reversed), and which no fix and no
 * `decided` key covers, each with the words it is listed with. Empty when nothing non-square is transposed.
 */
export function squaresBesideTransposes(
  goals: ReadonlyMap<string, string>,
  fixes: readonly TensorFix[],
  source: ReadonlyMap<string, Located>,
  target: ReadonlyMap<string, Located>,
  decided: ReadonlySet<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  // the layout evidence: per leaf, the transposes of non-square 2-d weights whose shape is the model's reversed
  const shown = new Map<string, TensorFix[]>();
  for (const f of fixes) {
    const from = f.from ?? source.get(f.source)?.shape;
    if (f.kind !== 'transpose' || !from || from.length !== 2 || f.shape.length !== 2 || from[0] === from[1]) continue;
    if (from[0] !== f.shape[1] || from[1] !== f.shape[0]) continue;
    const leaf = leafOf(f.source);
    (shown.get(leaf) ?? shown.set(leaf, []).get(leaf)!).push(f);
  }
  if (shown.size === 0) return out;
  const fixed = new Set(fixes.map((f) => f.source));
  for (const [s, t] of goals) {
    const witnesses = shown.get(leafOf(s));
    if (!witnesses || fixed.has(s) || decided.has(s)) continue;
    const a = source.get(s)?.shape;
    const b = target.get(t)?.shape;
    if (!a || !b || a.length !== 2 || b.length !== 2 || a[0] !== a[1] || b[0] !== a[0] || b[1] !== a[1]) continue;
    // a lookup table (token or position embedding) is no Linear weight: no layout to share
    if (isTable(source, s) || isTable(target, t)) continue;
    out.set(s, siblingWords(a, witnesses));
  }
  return out;
}

/** Why a square beside transposed siblings is listed, and what would decide it. */
function siblingWords(shape: readonly number[], witnesses: readonly TensorFix[]): string {
  const w = witnesses[0]!;
  const n = witnesses.length;
  const from = w.from ?? [w.shape[1]!, w.shape[0]!];
  const which = `${n === 1 ? 'a weight' : `${n} weights`} of its kind (\`${w.source}\` ${formatShape(from)} for the model's ${formatShape(w.shape)}${n === 1 ? '' : ', …'})`;
  return `values unverified: transpose? square ${formatShape(shape)}, so its shape cannot tell; the checkpoint stores ${which} transposed, which the plan transposes back, and nothing says whether this one was stored so too: loaded as stored, which may be transposed; manifests of both models recording their modules' classes (python/sdmatch_manifest.py module …) decide it`;
}
