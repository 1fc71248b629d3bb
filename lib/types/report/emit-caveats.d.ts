/**
 * What an emitted file (--emit python, hf, mmengine) must carry of the plan's report (review 23 F4): the code
 * alone gives the plan's ops, not what the plan left open. A file that loads strict=True with two square
 * weights untransposed, and no word of them, is a claim by omission. So every emitter's header says the
 * plan's verdict when it is not a clean "explains every difference", and names the weights loaded as stored
 * whose layout nothing decided; the command says on stderr, in one line, why it exits 1.
 */
import type { PlanOutcome } from '../plan/build.js';
export interface EmitCaveats {
    /** the plan report's verdict, when it is no clean fix (null: nothing to say) */
    verdict: string | null;
    /** model keys loaded as stored whose layout is undecided (ambiguities that load as stored) */
    asStored: readonly string[];
}
export declare function emitCaveats(outcome: PlanOutcome): EmitCaveats;
/** The header comment lines of an emitted file: empty when the plan is a clean fix. */
export declare function caveatLines(c: EmitCaveats): string[];
/** The one stderr line saying why `plan --emit` exits 1 (the emitted code is on stdout; the report is not printed). */
export declare function caveatStderr(c: EmitCaveats, emit: string): string;
