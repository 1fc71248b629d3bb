import type { ResolvedSide } from './sides.js';
/**
 * A key list that is no model's state-dict keys, though a user printed it for one (s23-verify F5, F8):
 * - a checkpoint's fields (`print(ckpt.keys())` → `dict_keys(['epoch', 'state_dict', 'optimizer'])`) were read as the
 *   model's keys: "probably of another model";
 * - module names (`named_children()` → `['conv', 'bn', 'fc']`) were read as keys, and a 0.95 rename `\.weight$ → ""`
 *   was planned.
 * Each is refused (exit 2) naming what the list holds and what to print instead; nothing is planned from it.
 */
export declare function refuseNotModelKeys(a: ResolvedSide, b: ResolvedSide): void;
