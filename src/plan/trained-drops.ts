/**
 * Drops of trained weights the model has no place for (review 17 F0). With the checkpoint and the
 * model's full key list, inference drops every checkpoint key left without a counterpart once the model's
 * keys are all accounted for. For a buffer the model recomputes, a BatchNorm counter or a tie's duplicate
 * that is nothing lost. For trained weights it is a decision the names cannot make: the module may be one
 * the model does not use (an auxiliary head, a decoder a backbone leaves out), or the model's code may lack
 * a layer the checkpoint was trained with, and a strict load's refusal was the one signal of it. Dropping
 * it loads clean and loses the layer's weights.
 *
 * So such a drop stays in the plan, marked unsettled (plan/unsettled.ts: the one mechanism apply already
 * refuses without --allow-guessed-drops), with both readings in its reason, and the plan is not complete
 * (exit 1, as explain and check say of the same keys). `--drop REGEX` covering the keys is the user's
 * answer: then the drop is theirs and the plan is a fix.
 */
import { bufferRuleSeen, isCounter } from '../analysis/key-roles.js';
import type { KeyEntry } from '../formats/keys.js';
import { compilePattern, escapeRegex } from '../analysis/infer/regex.js';
import { moduleOf } from '../analysis/key-tokens.js';
import type { Cause } from '../analysis/infer/causes.js';
import { LIST_SHIFT, type Ambiguity, type ListShift } from '../analysis/infer/types.js';
import type { PlanOp } from './types.js';
import { ALLOW_GUESSED_DROPS, UNSETTLED_MARKER } from './unsettled.js';

type DropOp = Extract<PlanOp, { op: 'drop' }>;

/** The cause's code: the report's verdict and the JSON's causes name the decision by it. */
export const TRAINED_DROP = 'trained_drop';

export interface TrainedDrops {
  ops: PlanOp[];
  /** the trained keys dropped without a settled reason, in checkpoint order */
  keys: string[];
  /** the pattern `--drop` takes to accept them: one anchored module prefix per module */
  accept: string;
  cause: Cause | null;
  /**
   * the keys are the last of a numbered list of look-alikes (infer/list-ends.ts): gone at its end, or a layer
   * removed inside the list with the later ones moved down; the finding offers both, and neither is the fix.
   * Its words are the shift reading's edits (for the first look-alike removed), as `plan` takes them.
   */
  shift?: string[];
}

/**
 * Keys a drop removes that are not trained weights: what losing costs nothing. A buffer's name is read with
 * what the checkpoint shows of the key (`entries`: shape, dtype, its module's weight beside it), which may refute it.
 */
function notTrained(key: string, tied: ReadonlySet<string>, entries: ReadonlyMap<string, KeyEntry>): boolean {
  const e = entries.get(key);
  return isCounter(key) || bufferRuleSeen(key, e?.shape ?? null, e?.dtype ?? null, (k) => entries.has(k)) !== null || tied.has(key);
}

/**
 * The plan's ops with each no-counterpart drop of trained weights marked unsettled, unless the user's
 * `--drop` patterns already cover its keys. `dropped` are the checkpoint keys the plan maps to nothing;
 * `storages` the checkpoint's keys one storage holds (a tie's second name loses nothing); `placed`, the
 * checkpoint keys the plan gives a place (a bias whose module's weight is placed is a module the model has,
 * built without bias: said so, not as a module the model lacks).
 */
export function markTrainedDrops(ops: readonly PlanOp[], dropped: readonly string[], userDrops: readonly string[], storages: readonly (readonly string[])[] | null, placed: ReadonlySet<string> = new Set(), ambiguities: readonly Ambiguity[] = [], entries: ReadonlyMap<string, KeyEntry> = new Map(), copies: ReadonlyMap<string, { of: string; what: string }> = new Map()): TrainedDrops {
  // a saved copy whose bytes equal its original's (build.ts savedCopies) is a tie's second name by another route
  const tied = new Set([...(storages ?? []).filter((g) => g.length > 1).flatMap((g) => g.slice(1)), ...copies.keys()]);
  const accepted = userDrops.map(compilePattern);
  // biases of modules the model has are said as layers without a bias; the rest as modules the model lacks
  const words = (keys: readonly string[]) => {
    const biases = keys.filter((k) => biasOfPlacedModule(k, placed));
    const rest = keys.filter((k) => !biasOfPlacedModule(k, placed));
    if (biases.length === 0) return decisionWords(keys);
    return rest.length === 0 ? biasWords(biases) : `${decisionWords(rest)}; and ${biasWords(biases)}`;
  };
  const keys: string[] = [];
  const out = ops.map((op): PlanOp => {
    if (op.op !== 'drop' || op.unsettled || op.no_counterpart !== true) return op;
    const re = compilePattern(op.pattern);
    const matched = dropped.filter((k) => re.test(k));
    // a drop of saved copies alone says what they are: the reason the drop is settled
    if (matched.length > 0 && matched.every((k) => copies.has(k))) return { ...op, reason: copyWords(matched, copies) } satisfies DropOp;
    const trained = matched.filter((k) => !notTrained(k, tied, entries) && !accepted.some((a) => a.test(k)));
    if (trained.length === 0) return op;
    keys.push(...trained);
    return { ...op, reason: `${UNSETTLED_MARKER}: ${words(trained)}`, unsettled: true } satisfies DropOp;
  });
  if (keys.length === 0) return { ops: out, keys, accept: '', cause: null };
  const accept = acceptPattern(keys, keptModules(entries.keys(), new Set(dropped)));
  const shift = removedListEnd(keys, ambiguities);
  if (shift) {
    const edits = shiftEdits(shift);
    return { ops: out, keys, accept, shift: edits, cause: { code: TRAINED_DROP, message: shiftWords(keys, accept, shift, edits), count: keys.length } };
  }
  return { ops: out, keys, accept, cause: { code: TRAINED_DROP, message: `${words(keys)}; to drop them, say so: --drop '${accept}' (or apply --allow-guessed-drops on the plan as written)`, count: keys.length } };
}

/** Why dropping saved copies loses nothing: what each is, and the original whose bytes it equals. */
export function copyWords(keys: readonly string[], copies: ReadonlyMap<string, { of: string; what: string }>): string {
  return keys.map((k) => `\`${k}\` is ${copies.get(k)!.what}, byte for byte equal to \`${copies.get(k)!.of}\`, which the plan keeps: the model has no key for it and loses nothing`).join('; ');
}

/** The list whose last look-alike, gone from the model, holds every one of the keys (a removal list-end ambiguity), or null. */
function removedListEnd(keys: readonly string[], ambiguities: readonly Ambiguity[]): ListShift | null {
  for (const a of ambiguities) {
    const s = a[LIST_SHIFT];
    if (!s || !s.removed || s.members.length < 2) continue;
    const end = `${s.list}.${s.members[s.members.length - 1]}.`;
    if (keys.every((k) => k.startsWith(end))) return s;
  }
  return null;
}

/**
 * Both readings of trained weights that are the last of a list of look-alikes, as equal choices, each with what
 * to run (review 18 S08c): the keys are the same whether the last layer is gone or one inside the list was
 * removed and the later ones moved down a place, so neither is offered as the fix. The shift's command is
 * written for the first look-alike removed (a rename that moves it out of the way, one per later layer, the
 * drop); another removed layer starts the renames there.
 */
function shiftWords(keys: readonly string[], accept: string, s: ListShift, edits: readonly string[]): string {
  const n = keys.length;
  const them = n === 1 ? 'it' : 'them';
  const member = (i: number) => `${s.list}.${i}`;
  const last = member(s.members[s.members.length - 1]!);
  const first = s.members[0]!;
  const renames = edits.flatMap((w, i) => (i % 2 === 0 ? [] : [`${edits[i - 1]} '${w}'`]));
  return `${n === 1 ? 'a trained weight' : `${n} trained weights`} of \`${last}\`, the last of the look-alikes \`${member(first)}\`–\`${last}\`, ${n === 1 ? 'has' : 'have'} no place in the model, and two readings give these keys alike (the keys cannot say which; neither is the fix): either \`${last}\` is gone from the end of the list (drop ${them}: the plan as written does; apply it with ${ALLOW_GUESSED_DROPS}, as --drop '${accept}' acts on the names the plan's renames leave, where the checkpoint's next layer may have taken that name), or a layer inside the list was removed and the checkpoint's layers after it belong one place down, where the plan as written loads them one place off under their kept names (rename each later one down a place and drop the removed one; for \`${member(first)}\` removed: ${renames.join(' ')}; for another, start the renames at it); what decides: which layer your model's code removed`;
}

/** The shift reading's edits for the first look-alike removed: a rename that moves it out of the way, one per later layer, the drop. */
function shiftEdits(s: ListShift): string[] {
  const member = (i: number) => `${s.list}.${i}`;
  const esc = (i: number) => `^${escapeRegex(member(i))}\\.`;
  return [
    '--rename', `${esc(s.members[0]!)}=removed.`,
    ...s.members.slice(1).flatMap((i, j) => ['--rename', `${esc(i)}=${member(s.members[j]!)}.`]),
    '--drop', '^removed\\.',
  ];
}

function modules(keys: readonly string[]): string[] {
  return [...new Set(keys.map((k) => moduleOf(k) || k))];
}

/**
 * `^(?:out_proj\.|aux\.head\.)`: the modules the keys belong to, anchored (a key at the root by its whole name). A
 * module holding a checkpoint key the plan keeps (`kept`) is named by the keys' leaf names, `bn\.(?:running_mean|running_var)$`:
 * `--drop` matches every key, and `^bn\.` would drop `bn.weight` the model has too (s23-verify F6).
 */
function acceptPattern(keys: readonly string[], kept: ReadonlySet<string>): string {
  const part = (mod: string): string => {
    if (!kept.has(mod)) return `${escapeRegex(mod)}\\.`;
    const leaves = keys.filter((k) => moduleOf(k) === mod).map((k) => escapeRegex(k.slice(mod.length + 1)));
    return `${escapeRegex(mod)}\\.${leaves.length === 1 ? leaves[0] : `(?:${leaves.join('|')})`}$`;
  };
  const parts = [...new Set(keys.map((k) => (moduleOf(k) ? part(moduleOf(k)) : `${escapeRegex(k)}$`)))];
  return parts.length === 1 ? `^${parts[0]}` : `^(?:${parts.join('|')})`;
}

/** Every module (dotted prefix) that holds a checkpoint key the plan does not drop. */
function keptModules(all: Iterable<string>, dropped: ReadonlySet<string>): Set<string> {
  const kept = new Set<string>();
  for (const k of all) {
    if (dropped.has(k)) continue;
    for (let i = k.indexOf('.'); i > 0; i = k.indexOf('.', i + 1)) kept.add(k.slice(0, i));
  }
  return kept;
}

/** The first three modules, quoted, and how many more. */
function shownModules(mods: readonly string[]): string {
  return mods.slice(0, 3).map((m) => `\`${m}\``).join(', ') + (mods.length > 3 ? ` and ${mods.length - 3} more` : '');
}

/** Both readings, and what decides: the words of the op's reason and of the finding. */
function decisionWords(keys: readonly string[]): string {
  const mods = modules(keys);
  const shown = shownModules(mods);
  const n = keys.length;
  return `${n === 1 ? 'a trained weight' : `${n} trained weights`} of ${shown} ${n === 1 ? 'has' : 'have'} no place in the model: a strict load refuses ${n === 1 ? 'it' : 'them'}, and dropping ${n === 1 ? 'it' : 'them'} loses ${n === 1 ? 'it' : 'them'}; either ${mods.length === 1 ? 'the module is one' : 'the modules are ones'} the model does not use (an auxiliary head, a part a backbone leaves out: drop ${n === 1 ? 'it' : 'them'}) or the model's code lacks ${mods.length === 1 ? 'a layer' : 'layers'} the checkpoint was trained with (add ${mods.length === 1 ? 'it' : 'them'} to the model, and nothing is dropped); what decides: whether your model should have ${shown}`;
}

/** A bias whose module's weight the plan places: the model has the module, built without a bias. */
function biasOfPlacedModule(key: string, placed: ReadonlySet<string>): boolean {
  return key.endsWith('.bias') && placed.has(`${key.slice(0, -'.bias'.length)}.weight`);
}

/**
 * Biases of modules the model has (their weights load): its layers there are built without a bias (a GPT-style
 * checkpoint into Llama names, `bias=False`), not modules it lacks. Still a decision: dropped, the biases are
 * lost and the model computes without them.
 */
function biasWords(keys: readonly string[]): string {
  const mods = modules(keys);
  const shown = shownModules(mods);
  const n = keys.length;
  const one = n === 1;
  return `${one ? 'a trained bias' : `${n} trained biases`} (of ${shown}) ${one ? 'has' : 'have'} no place in the model: its ${mods.length === 1 ? 'layer has' : 'layers have'} no bias, though ${one ? 'that weight loads' : 'their weights load'}; a strict load refuses ${one ? 'it' : 'them'}, and dropping ${one ? 'it' : 'them'} loses ${one ? 'it' : 'them'}, so the model computes without ${one ? 'it' : 'them'}; either the model is meant without biases (drop ${one ? 'it' : 'them'}; its outputs then differ from the checkpoint's model) or it should be built with them (bias=True, add_bias_linear: nothing is dropped); what decides: whether your model's layers should have a bias`;
}
