import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';

/**
 * One rename family of the plan-inference benchmark: a checkpoint's keys, the keys a model expects, and
 * what a correct remap does with each checkpoint key, as a public conversion script states it.
 */
export interface Family {
  /** stable id, e.g. 'llama-meta-to-hf' */
  name: string;
  description: string;
  /** the public conversion code the truth is taken from: repo + path (+ function) */
  reference: string;
  /** where that code can be read (a public URL) */
  url?: string;
  /** checkpoint side, in the order its state_dict produces */
  source: KeyEntry[];
  /** model side, in the order its state_dict produces */
  target: KeyEntry[];
  /**
   * source key → target key (or keys, for a tensor the reference splits); null = must be dropped for the
   * load to succeed (e.g. a head of another class count). A source key absent from truth has no
   * counterpart and is out of scope: dropping it is fine, mapping it anywhere is wrong.
   */
  truth: Record<string, string | string[] | null>;
  /** source keys whose 2-D tensor must be transposed (GPT-2 Conv1D → Linear, CLIP proj → head) */
  transposed?: string[];
  /**
   * source keys whose tensor keeps its elements but changes shape (unsqueeze/squeeze, 1×1 conv ↔ linear),
   * e.g. CLIP `class_embedding` [D] → timm `cls_token` [1, 1, D]
   */
  reshaped?: string[];
  /**
   * target keys a strict load needs that the checkpoint leaves out because they are tied to another
   * tensor (safetensors / save_pretrained drop tied copies): target key → the source key it ties to
   */
  tied?: Record<string, string>;
  /**
   * target keys several source keys are joined into (stacked along a new dim or concatenated): the one
   * place where two source keys may name the same target; their elements add up to the target's
   */
  joined?: string[];
  /**
   * target key → exactly how its tensor is built from source tensors (per-head reshape + transpose, HWIO
   * kernels, fused q/k/v): where given, a pair is right only when the plan builds the same tensor
   * (recipe-trace.ts); keys not listed are checked from `transposed` / `reshaped` where those decide it
   */
  recipes?: Record<string, Recipe>;
  /**
   * number of distinct rename patterns a person would write for this family, counted the way the reference
   * script has them (for the floor: inferred ops ≤ 2 × patterns)
   */
  patterns: number;
}

/**
 * The family's tied target keys as a torch-written target checkpoint shows them (one storage under
 * both names): each `tied` key with the target key its source tensor lands on. Plan inference copies a
 * tie only where the target shows it (src/analysis/infer/ties.ts); the family's model ties these.
 */
export function targetStorages(f: Pick<Family, 'tied' | 'truth'>): string[][] {
  const groups: string[][] = [];
  for (const [key, source] of Object.entries(f.tied ?? {})) {
    // the truth names the tied source once (a string) or with its copies (an array holding the tied key too)
    const names = f.truth[source];
    const partner = typeof names === 'string' ? names : names?.find((n) => n !== key && !(n in (f.tied ?? {})));
    if (partner === undefined) continue;
    const g = groups.find((x) => x.includes(partner));
    if (g) g.push(key);
    else groups.push([partner, key]);
  }
  return groups;
}
