/**
 * Words several commands' --help share (review 15 F6: no help named remote sources, and only apply's
 * gave its exit codes). The README's "Exit codes" table is the full statement; these are its lines.
 */
export declare const REMOTE_HELP: string;
export declare const EXIT_HELP: {
    readonly inspect: 'Exit codes: the safety verdict: 0 safe, 1 unknown (loading runs code it names), 2 dangerous, incomplete or unreadable; 3 a bug in sdmatch.';
    readonly diff: 'Exit codes: 0 load_state_dict(strict=True) would succeed (the sides match, or differ only in BatchNorm counters it fills in or in dtypes it casts on copy), 1 it would fail (or the error text leaves keys open), 2 bad input; 3 a bug in sdmatch.';
    readonly plan: 'Exit codes: 0 the plan explains every difference, 1 keys stay missing, unexpected or ambiguous (or a trained module would be dropped: --drop REGEX says to), or the checkpoint\'s head has a public dataset\'s class count an error text listing keys by name does not confirm for the model (as apply), or --emit hf / mmengine cannot express an op of the plan (said on stderr\'s first line), 2 bad input; 3 a bug in sdmatch.';
    readonly explain: 'Exit codes: 0 the fix found makes the checkpoint load, 1 keys stay missing, unexpected or ambiguous, or no key transform explains the error (or a trained module would be dropped: sdmatch plan CHECKPOINT ERROR --drop REGEX says to), or the checkpoint\'s head has a public dataset\'s class count an error text listing keys by name does not confirm for the model (as apply), 2 bad input; 3 a bug in sdmatch.';
    readonly manifest: 'Exit codes: 0 written, 2 bad input; 3 a bug in sdmatch.';
    readonly check: 'Exit codes: 0 the policy passes (--update: written), 1 the policy fails (--fail-on), 2 bad input; 3 a bug in sdmatch. The gate judges keys: a dangerous checkpoint (or one whose safety is incomplete) is warned about on stderr and in checkpointSafety, but does not change the exit code (sdmatch inspect, whose exit code is the safety verdict, is the safety gate).';
    readonly 'plan-check': 'Exit codes: 0 the plan covers the model exactly, 1 it leaves a gap (a source key not consumed, a model key missing or written twice, a shape not the model\'s), writes two keys the model ties from separate tensors (one\'s trained values lost), or leaves weights it lists as undecided, 2 bad input; 3 a bug in sdmatch.';
    readonly 'plan-edit': 'Exit codes: 0 the edited plan written (or printed), 2 bad input or an edit the plan refuses; 3 a bug in sdmatch.';
    readonly 'plan-invert': 'Exit codes: 0 the inverse written (or printed; drops it cannot undo are listed on stderr), 2 bad input; 3 a bug in sdmatch.';
    readonly global: 'Exit codes: 0 success (inspect: safe; diff: a strict load would succeed), 1 differences or a policy failed (inspect: unknown), 2 bad input or a dangerous file, 3 a bug in sdmatch.';
};
/** A command's epilogue: what it says first, its exit codes, and the remote sources it reads. */
export declare function epilogue(exit: string, first?: string): string;
