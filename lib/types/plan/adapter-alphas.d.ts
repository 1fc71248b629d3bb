import type { ResolvedSide } from '../analysis/sides.js';
import type { Plan } from './types.js';
export interface AdapterAlphas {
    /** how many alphas were read (one element each) */
    read: number;
    /** the most common value (LoraConfig's lora_alpha); null when none could be read */
    loraAlpha: number | null;
    /** each value with the modules that have it, the most common first; the modules in the target's names where the plan renames the module's lora_down */
    groups: {
        value: number;
        modules: string[];
    }[];
    /** alpha keys whose value could not be read (not one element, a dtype without a plain number, unreadable bytes) */
    unknown: string[];
}
/** The alphas the plan drops, read from the source checkpoint; null when it drops none or the source is no checkpoint. */
export declare function adapterAlphas(plan: Plan, source: ResolvedSide): AdapterAlphas | null;
/** LoraConfig's alpha_pattern: each module whose alpha is not lora_alpha (the most common value), with its value. */
export declare function alphaPattern(a: AdapterAlphas): [module: string, value: number][];
