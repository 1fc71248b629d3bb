/**
 * Square weights whose module changed class between a Conv1D and a Linear (review 18 F6). GPT-2's Conv1D
 * stores its weight [in, out], torch's Linear [out, in]: a square one has the same shape either way, so keys
 * and shapes cannot show that the values must be transposed, and a strict load takes them as stored. A
 * manifest may record each module's class (`modules`, python/sdmatch_manifest.py); where both sides record
 * one, a change of layout class is a transpose the plan carries. Where one side records a Linear and the
 * other records nothing but names the weight as GPT-2 names its Conv1Ds (`attn.c_attn`), the layout is a
 * question the plan cannot answer: listed, loaded as stored, never claimed right.
 */
import { leafOf, moduleOf } from '../key-tokens.js';
import { CONFIDENCE } from './confidence.js';
import type { TensorFix } from './tensor-ops.js';
import type { Located } from './types.js';

/** How a module class stores its 2-d `weight`: one row per table (a class in neither says nothing). */
const LAYOUT_OF_CLASS: ReadonlyMap<string, 'in-out' | 'out-in'> = new Map([
  // transformers' Conv1D (GPT-2, GPT, CTRL, …): `weight` is [nx, nf], input first
  ['Conv1D', 'in-out'],
  // torch's Linear and the subclasses that keep its layout
  ['Linear', 'out-in'],
  ['NonDynamicallyQuantizableLinear', 'out-in'],
  ['LazyLinear', 'out-in'],
]);

/** GPT-2's Conv1D modules (`attn.c_attn`, `mlp.c_fc`, `c_proj`): their names say the weights are stored [in, out] */
export const CONV1D_WEIGHT = /(?:^|\.)(?:c_attn|c_fc|c_proj|q_attn)\.weight$/;

/** The words a weight whose layout class one side cannot say is listed with (explain.ts). */
export const CLASS_LAYOUT_UNKNOWN = "values unverified: transpose? a square weight named as GPT-2 names its Conv1D layers (stored [in, out]) against a module recorded as a Linear ([out, in]); its shape reads the same both ways and the other side records no module class, so it loads as stored, which may be transposed: give a manifest of the checkpoint's model (python/sdmatch_manifest.py module …), which records its classes";

function layoutOf(classes: ReadonlyMap<string, string> | null, key: string): { cls: string; layout: 'in-out' | 'out-in' | undefined } | null {
  if (classes === null || leafOf(key) !== 'weight') return null;
  const cls = classes.get(moduleOf(key));
  return cls === undefined ? null : { cls, layout: LAYOUT_OF_CLASS.get(cls) };
}

export interface ClassLayouts {
  /** transposes both sides' classes call for */
  fixes: TensorFix[];
  /** source keys whose layout one side's class and the other's name leave open */
  undecided: string[];
  /**
   * source keys whose transpose was guessed from other weights (below CONFIDENCE.transposeByClass) while only one side
   * records the module's class, with the words they are listed with: one side's class says how that side stores the
   * weight, not whether the other stored it otherwise, and the guess is no more evidence than it was (s19-verify V2: a
   * Linear on both sides, recorded on one, was transposed at 0.60). Withdrawn: loaded as stored, listed, said what decides.
   */
  oneSided: Map<string, string>;
  /**
   * source keys both sides' classes store alike: a transpose guessed from other weights (or a layout left open)
   * is ruled out, the classes decide it (s19-verify: a Linear recorded on both sides was transposed at 0.60)
   */
  sameLayout: string[];
}

/**
 * The square 2-d weights paired (`goals`) and not already fixed whose module classes differ in layout.
 * Non-square ones need nothing from here: their shapes show the transpose.
 */
export function classLayoutFixes(
  goals: ReadonlyMap<string, string>,
  fixes: readonly TensorFix[],
  source: ReadonlyMap<string, Located>,
  target: ReadonlyMap<string, Located>,
  sourceModules: ReadonlyMap<string, string> | null,
  targetModules: ReadonlyMap<string, string> | null,
): ClassLayouts {
  const out: ClassLayouts = { fixes: [], undecided: [], sameLayout: [], oneSided: new Map() };
  if (sourceModules === null && targetModules === null) return out;
  // a weight another reading already transposes keeps it, unless both sides' classes decide (they replace a guess)
  const fixed = new Set(fixes.map((f) => f.source));
  for (const [s, t] of goals) {
    const a = source.get(s)?.shape;
    const b = target.get(t)?.shape;
    if (!a || !b || a.length !== 2 || b.length !== 2 || a[0] !== a[1] || b[0] !== a[0] || b[1] !== a[1]) continue;
    const from = layoutOf(sourceModules, s);
    const to = layoutOf(targetModules, t);
    if (from?.layout && to?.layout) {
      if (from.layout === to.layout) {
        out.sameLayout.push(s);
        continue;
      }
      // (a convention's transpose, at the class line, gives way to both sides' classes)
      if (fixes.some((f) => f.source === s && f.confidence > CONFIDENCE.transposeByClass)) continue;
      out.fixes.push({
        kind: 'transpose',
        source: s,
        target: t,
        shape: [...b],
        from: [...a],
        // (no ': ' after the first: check quotes what follows the last one as the row's reason)
        evidence: `decided by the module classes: square [${a.join(', ')}], so its shape cannot tell; the manifests record its module as a ${from.cls} before (stored ${from.layout === 'in-out' ? '[in, out]' : '[out, in]'}) and a ${to.cls} now (${to.layout === 'in-out' ? '[in, out]' : '[out, in]'}), so it is transposed`,
        confidence: CONFIDENCE.transposeBothClasses,
        byName: true,
      });
    } else if (!fixed.has(s) && ((from === null && to?.layout === 'out-in' && CONV1D_WEIGHT.test(s)) || (to === null && from?.layout === 'out-in' && CONV1D_WEIGHT.test(t)))) {
      out.undecided.push(s);
    } else if (!from?.layout !== !to?.layout) {
      const guessed = fixes.find((f) => f.source === s && f.kind === 'transpose' && f.confidence < CONFIDENCE.transposeByClass);
      if (guessed) out.oneSided.set(s, oneSidedWords(a, from?.layout ? { side: 'the checkpoint', ...from } : { side: 'the model', ...to! }, guessed.witness));
    }
  }
  return out;
}

/**
 * Why a transpose guessed beside one side's recorded class is withdrawn, and what would decide it. A guess that rested
 * on a same-named module (GPT-2's `mlp.c_proj` for its square `attn.c_proj`, review 23 F7) names that module: it is
 * evidence of how the checkpoint stores modules of that name, but of another module, and the one side's class says how
 * that side stores this one, not whether the other side changed it.
 */
function oneSidedWords(shape: readonly number[], known: { side: string; cls: string; layout: 'in-out' | 'out-in' | undefined }, witness: TensorFix['witness']): string {
  const other = known.side === 'the model' ? "the checkpoint's model" : 'the model';
  const stored = known.layout === 'in-out' ? '[in, out]' : '[out, in]';
  const rested = witness
    ? `the model's \`${witness.key}\` (a module also named \`${witness.module}\`) is stored transposed between the two, but it is another module, and which class ${other} gave this one nothing records`
    : `the transpose guessed from other weights says nothing of how ${other} stored this one`;
  return `values unverified: transpose? square [${shape.join(', ')}], so its shape cannot tell; only ${known.side}'s manifest records its module's class (${known.cls}, stored ${stored}), and ${rested}: loaded as stored, which may be transposed; a manifest of ${other} recording its classes (python/sdmatch_manifest.py module …) decides it`;
}
