import { FormatError } from '../formats/errors.js';
import { holdsNumber, isBookkeepingField, isCheckpointField, WEIGHT_CONTAINERS } from './key-roles.js';
import type { ResolvedSide } from './sides.js';

/**
 * A key list that is no model's state-dict keys, though a user printed it for one (s23-verify F5, F8):
 * - a checkpoint's fields (`print(ckpt.keys())` → `dict_keys(['epoch', 'state_dict', 'optimizer'])`) were read as the
 *   model's keys: "probably of another model";
 * - module names (`named_children()` → `['conv', 'bn', 'fc']`) were read as keys, and a 0.95 rename `\.weight$ → ""`
 *   was planned.
 * Each is refused (exit 2) naming what the list holds and what to print instead; nothing is planned from it.
 */
export function refuseNotModelKeys(a: ResolvedSide, b: ResolvedSide): void {
  for (const [list, other] of [[a, b], [b, a]] as const) {
    if (list.kind !== 'key-list' || other.kind === 'error-text' || other.entries.length === 0) continue;
    const why = notModelKeys(list.entries.map((e) => e.key), new Set(other.entries.map((e) => e.key)));
    if (why) throw new FormatError(list.file, why);
  }
}

function notModelKeys(keys: readonly string[], other: ReadonlySet<string>): string | null {
  if (keys.length === 0 || keys.some((k) => other.has(k))) return null;
  const shown = (ks: readonly string[]) => ks.slice(0, 4).join(', ') + (ks.length > 4 ? ', …' : '');
  // fields alone that hold numbers (`step`, `epoch`) may be a model's root tensors (s22-verify F5): one must not
  const fields = keys.every((k) => isCheckpointField(k) || isBookkeepingField(k)) && keys.some((k) => !holdsNumber(k));
  if (fields) {
    const holder = WEIGHT_CONTAINERS.find((w) => keys.includes(w)) ?? 'state_dict';
    return `lists a checkpoint's fields (${shown(keys)}), not a model's state-dict keys: print the keys of the state dict it holds, e.g. print(ckpt['${holder}'].keys())`;
  }
  const prefixes = new Set<string>();
  for (const k of other) for (let i = k.indexOf('.'); i > 0; i = k.indexOf('.', i + 1)) prefixes.add(k.slice(0, i));
  if (keys.every((k) => prefixes.has(k))) {
    return `lists module names (${shown(keys)}), not state-dict keys (each is a module holding keys of the other side, none a key): print model.state_dict().keys()`;
  }
  return null;
}
