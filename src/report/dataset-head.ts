/**
 * A pretraining head whose class count in the model an error text does not give (plan/unshaped.ts): a head of a
 * public dataset's count (ImageNet-21k's 21841), which a model built for classes of its own refuses. apply says
 * it of the output it wrote, plan and explain of the state dict their plan makes (s22-mend: they exited 0 where
 * apply, on the same plan, exits 1); one wording, so the three commands say the same thing.
 */
import { groupKeys, renderGroups } from '../analysis/group.js';
import { printable } from './printable.js';

export interface DatasetHead {
  module: string;
  keys: readonly string[];
  classes: number;
  dataset: string;
}

/** the keys as apply lists them: grouped, at most five lines */
export const listedKeys = (keys: readonly string[]) => renderGroups(groupKeys(keys), { maxLines: 5 }).map(printable).join(', ');

/** `whose`: the output's (apply), the checkpoint's (plan, explain). */
export function datasetHeadText(h: DatasetHead, whose: string): string {
  return `${whose} head \`${h.module}\` has ${h.classes} outputs, ${h.dataset}'s classes, which the model has only if it was built for ${h.dataset}: a model built for classes of its own refuses ${listedKeys(h.keys)}`;
}

/** The last line of a command that exits 1 for it: `what` is not shown to load into `into`. */
export function datasetHeadExitLine(what: string, into: string, h: DatasetHead): string {
  return `exit 1: ${what} is not shown to load with strict=True into ${into}: its head \`${h.module}\` has ${h.dataset}'s ${h.classes} classes and the error does not give the model's class count (a model built for classes of its own refuses ${listedKeys(h.keys)})`;
}
