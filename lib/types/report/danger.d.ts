import type { KeySource } from '../checkpoint/key-source.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import type { CheckpointSafety } from '../checkpoint/safety.js';
/**
 * The call that runs a file's pickle, as the safety lines name it (review 21 F9): torch.load cannot read an npy
 * (its legacy path stops at byte 0x93) nor an npz (no subdirectory in the archive); numpy.load(allow_pickle=True)
 * is what unpickles their object arrays. Every other format's pickle is torch.load's.
 */
export declare function pickleLoader(format: string | null | undefined): string;
/**
 * The loader that runs a global found at `where`: an npy array's object payload (zip-sweep.ts, read-arrays.ts name
 * it so) is unpickled by numpy.load(allow_pickle=True) whatever file holds it (torch.load never reads an npz member;
 * a tar that is also an npz is read by torch as the tar: s22-mend); anything else by the file's own loader.
 */
export declare function loaderAt(format: string | null | undefined, where: string | undefined): string;
/**
 * The one stderr line every command that reads a checkpoint without showing its safety report
 * (diff, manifest, plan, explain, apply) prints when that checkpoint is dangerous, or when its verdict
 * is incomplete: what sdmatch read is fine, but the user is about to load the file somewhere, and
 * loading it runs code (or may: what sdmatch could not read is not vetted). `format` is required: apply and
 * plan invert left it out and named torch.load for an npz (s22-mend).
 */
export declare function dangerWarning(file: string, safety: SafetyReport, format: string | null): string | null;
/**
 * inspect's one stderr line for a verdict that is not safe (its exit code is the verdict: SAFETY_EXIT in
 * cli/inspect.ts); null for a safe file. Printable: it quotes names from the file.
 */
export declare function safetyVerdictLine(safety: SafetyReport, format: string | null): string | null;
/** The warnings for several inputs, one line each, in order; '' when none is dangerous or unvetted. */
export declare function dangerWarnings(inputs: readonly {
    file: string;
    safety: SafetyReport | null;
    format: string | null;
}[]): string;
/** A key source's safety report: only a checkpoint has one. */
export declare function sourceSafety(side: KeySource): {
    file: string;
    safety: SafetyReport | null;
    format: string | null;
};
/**
 * The page's lines for the checkpoints whose loading runs code (dangerous) or may (incomplete): what
 * stderr says, shown first on the HTML page too, where no stderr is (review 16 F6).
 */
export declare function safetyPageLines(list: readonly CheckpointSafety[]): string[];
