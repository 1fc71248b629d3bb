/**
 * A paste that is nothing but a key list whose heading it cut, its keys saying nothing of the side
 * (sideOfHeadless in readings.ts sides the lists whose keys do): read, not refused. What is known is
 * said (how many keys, under which modules, a wrapper's prefix on all of them, buffers among them), and
 * what the side would mean either way; no key transform is proposed, since on the model's side the keys
 * have no source at all and on the checkpoint's side their counterparts are in the part not pasted.
 * Issue 10: "truncated or partial pastes: say what is missing and ask for the whole text".
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
/** The finding for a text whose only keys are `keys`, in a list whose heading the paste cut. */
export declare function headlessSideCause(keys: readonly string[], withCheckpoint?: boolean): Cause;
/**
 * With the checkpoint given (`explain CKPT ERROR`), a list whose heading the paste cut is sided by the
 * checkpoint itself: torch's unexpected keys are the state dict's keys the model lacks, its missing keys the
 * model's the state dict lacks, so a list whose every key the checkpoint holds is the unexpected list and one
 * whose every key it lacks is the missing list. A list the checkpoint holds in part is neither (another file,
 * or keys the loading code renamed first): left unsided, and said.
 */
export declare function sideByCheckpoint(report: ErrorReport, held: ReadonlySet<string>): ErrorReport;
