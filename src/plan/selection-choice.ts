/**
 * Two state dicts that fit the model equally, the one written chosen by the file's order (review 24 F2: DINO's
 * `student` over `teacher`, `model` over `model_ema`, applied as "verified", exit 0). Keys and shapes cannot say
 * which trained values the user meant: the plan records the others that fit (`source.rivals`), lists the choice
 * with the `--select` for each, and exits 1; apply names the one written and says it was not verified as the one
 * meant (exit 1). A convention of which copy is evaluated is said as a suggestion, never taken as the decision.
 */
import type { Cause } from '../analysis/infer/causes.js';
import { formatKeyPath, type Selection } from '../analysis/select.js';
import type { KeyPath } from '../checkpoint/types.js';
import { SELECTION_TIE, selectionRival, withSelectionTie } from './tied-selection.js';
import type { PlanOutcome } from './build.js';

/** The note's code when the rival holds the chosen state dict's very bytes. */
export const SELECTION_SAME = 'selection_same';

/**
 * Names of a copy that a training framework evaluates and releases, beside the raw weights it trains (matched on
 * the last segment of the state dict's path). A convention, not a fact about one file: said as a suggestion.
 */
export const EVALUATED_COPIES: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^(?:model_?ema|ema(?:_model|_state_dict|_params)?|state_dict_ema|ema_\w+)$/i, why: 'an exponential moving average of the weights, which timm, YOLO and diffusion training evaluate and release' },
  { pattern: /^teacher$/i, why: "a self-distillation teacher (DINO, iBOT): its linear evaluation and released backbones use the teacher's weights" },
];

/** A candidate's `--select` argument, quoted for a shell where it needs it. */
function selectArg(path: KeyPath): string {
  const p = formatKeyPath(path);
  return /^[\w./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`;
}

/** The convention that points to one of the paths, as words; null when none does or more than one would. */
function evaluatedCopy(paths: readonly KeyPath[]): { path: KeyPath; why: string } | null {
  const hits = paths.flatMap((path) => {
    const last = String(path.at(-1) ?? '');
    const row = EVALUATED_COPIES.find((r) => r.pattern.test(last));
    return row ? [{ path, why: row.why }] : [];
  });
  return hits.length === 1 ? hits[0]! : null;
}

/**
 * The outcome with the tie said first (tied-selection.ts), the plan's `source.rivals` set and the plan not
 * complete: the choice is the user's. The rival is the one the finding names (selectionRival, the same rule).
 */
export function withSelectionChoice(outcome: PlanOutcome, selection: Selection | null, selectedByUser: boolean, format?: string, sameWeights?: (a: KeyPath, b: KeyPath) => boolean): PlanOutcome {
  const causes = withSelectionTie(outcome.causes, selection, selectedByUser, format);
  const tie = causes.find((c) => c.code === SELECTION_TIE);
  if (!tie || !selection?.chosen) return { ...outcome, causes };
  const chosen = selection.chosen.path;
  const rival = selectionRival(selection);
  if (!rival) return { ...outcome, causes };
  // the file shows the two hold the same weights (a deepcopy saved as `best_model`): no choice to make (review24 F4)
  if (sameWeights?.(chosen, rival.path)) return { ...outcome, causes: [...outcome.causes, { code: SELECTION_SAME, message: `\`${formatKeyPath(rival.path)}\` fits the model as well as \`${formatKeyPath(chosen)}\`, and the two hold the same weights (every tensor's bytes compared): either gives the same values, so no --select is needed` }] };
  const rivals = [rival.path];
  const cause: Cause = { ...tie, message: `${tie.message}. Which one is meant, keys and shapes cannot tell: ${[chosen, ...rivals].map((p) => `--select ${selectArg(p)} for \`${formatKeyPath(p)}\``).join(', ')}${suggestion([chosen, ...rivals])}`, undecided: true };
  return {
    ...outcome,
    plan: { ...outcome.plan, source: { ...outcome.plan.source, rivals: rivals.map((p) => [...p]) } },
    causes: causes.map((c) => (c === tie ? cause : c)),
    complete: false,
  };
}

function suggestion(paths: readonly KeyPath[]): string {
  const copy = evaluatedCopy(paths);
  return copy ? `; by convention \`${formatKeyPath(copy.path)}\` is the one evaluated (${copy.why}): a suggestion, not something this file shows` : '';
}

/** apply's words for a plan whose state dict was chosen by order: which was written, over which. */
export function orderChoiceWords(select: KeyPath, rivals: readonly KeyPath[]): string {
  return `which state dict: \`${formatKeyPath(select)}\` was written, chosen by the file's order over ${rivals.map((p) => `\`${formatKeyPath(p)}\``).join(', ')}, which ${rivals.length === 1 ? 'fits' : 'fit'} as well (plan again with ${rivals.map((p) => `--select ${selectArg(p)}`).join(' or ')} for ${rivals.length === 1 ? 'the other' : 'another'}, or --select ${selectArg(select)} to keep this one)`;
}
