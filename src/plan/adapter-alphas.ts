/**
 * The values of the kohya-ss / LyCORIS LoRA alphas a plan leaves out of the state dict (key-roles.ts
 * ADAPTER_SCALE), for the adapter's config: LoraConfig(lora_alpha=the most common value, alpha_pattern=
 * {module: value} for the modules whose alpha differs), as diffusers' get_peft_kwargs sets them. Saying
 * "set lora_alpha" without the value sent the user to read the file in Python. Each alpha is a one-element
 * tensor: read from the file, one element each (checkpoint/scalar-values.ts), nothing else.
 */
import { ADAPTER_SCALE } from '../analysis/key-roles.js';
import type { ResolvedSide } from '../analysis/sides.js';
import { scalarValues } from '../checkpoint/scalar-values.js';
import type { Plan } from './types.js';

export interface AdapterAlphas {
  /** how many alphas were read (one element each) */
  read: number;
  /** the most common value (LoraConfig's lora_alpha); null when none could be read */
  loraAlpha: number | null;
  /** each value with the modules that have it, the most common first; the modules in the target's names where the plan renames the module's lora_down */
  groups: { value: number; modules: string[] }[];
  /** alpha keys whose value could not be read (not one element, a dtype without a plain number, unreadable bytes) */
  unknown: string[];
}

/** The module an alpha scales, as the plan names its lora_down factor (`….lora_A.weight` → `…`); its kohya name otherwise. */
function moduleOf(alphaKey: string, plan: Plan): string {
  const base = alphaKey.slice(0, -'.alpha'.length);
  const down = plan.mapping[`${base}.lora_down.weight`];
  if (typeof down === 'string') {
    const at = down.search(/\.lora_(?:A|down)(?:\.|$)/);
    if (at > 0) return down.slice(0, at);
  }
  return base;
}

/** The alphas the plan drops, read from the source checkpoint; null when it drops none or the source is no checkpoint. */
export function adapterAlphas(plan: Plan, source: ResolvedSide): AdapterAlphas | null {
  if (!source.checkpoint || source.selected === null) return null;
  const keys = Object.keys(plan.mapping).filter((k) => plan.mapping[k] === null && ADAPTER_SCALE.pattern.test(k));
  if (keys.length === 0) return null;
  const values = scalarValues(source.checkpoint, source.selected, new Set(keys));
  const byValue = new Map<number, string[]>();
  const unknown: string[] = [];
  for (const k of keys) {
    const v = values.get(k);
    if (v === undefined || v === null || Number.isNaN(v)) {
      unknown.push(k);
      continue;
    }
    const g = byValue.get(v);
    if (g) g.push(moduleOf(k, plan));
    else byValue.set(v, [moduleOf(k, plan)]);
  }
  // most common first; a tie goes to the value met first (diffusers takes collections.Counter's most_common)
  const groups = [...byValue].map(([value, modules]) => ({ value, modules })).sort((a, b) => b.modules.length - a.modules.length);
  return { read: keys.length - unknown.length, loraAlpha: groups[0]?.value ?? null, groups, unknown };
}

/** LoraConfig's alpha_pattern: each module whose alpha is not lora_alpha (the most common value), with its value. */
export function alphaPattern(a: AdapterAlphas): [module: string, value: number][] {
  return a.groups.slice(1).flatMap((g) => g.modules.map((m): [string, number] => [m, g.value]));
}
