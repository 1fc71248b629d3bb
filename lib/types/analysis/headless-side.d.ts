/**
 * A paste that is nothing but a key list whose heading it cut, its keys saying nothing of the side
 * (sideOfHeadless in readings.ts sides the lists whose keys do): read, not refused. What is known is
 * said (how many keys, under which modules, a wrapper's prefix on all of them, buffers among them), and
 * what the side would mean either way; no key transform is proposed, since on the model's side the keys
 * have no source at all and on the checkpoint's side their counterparts are in the part not pasted.
 * Issue 10: "truncated or partial pastes: say what is missing and ask for the whole text".
 */
import type { Cause } from './infer/causes.js';
/** The finding for a text whose only keys are `keys`, in a list whose heading the paste cut. */
export declare function headlessSideCause(keys: readonly string[], withCheckpoint?: boolean): Cause;
