import type { KeySource } from '../checkpoint/key-source.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import { printable } from './printable.js';
import type { CheckpointSafety } from '../checkpoint/safety.js';

/**
 * The call that runs a file's pickle, as the safety lines name it (review 21 F9): torch.load cannot read an npy
 * (its legacy path stops at byte 0x93) nor an npz (no subdirectory in the archive); numpy.load(allow_pickle=True)
 * is what unpickles their object arrays. Every other format's pickle is torch.load's.
 */
export function pickleLoader(format: string | null | undefined): string {
  return format === 'npy' || format === 'npz' ? 'numpy.load(allow_pickle=True)' : 'torch.load(weights_only=False)';
}

/**
 * The loader that runs a global found at `where`: an npy array's object payload (zip-sweep.ts, read-arrays.ts name
 * it so) is unpickled by numpy.load(allow_pickle=True) whatever file holds it (torch.load never reads an npz member;
 * a tar that is also an npz is read by torch as the tar: s22-mend); anything else by the file's own loader.
 */
export function loaderAt(format: string | null | undefined, where: string | undefined): string {
  return where?.endsWith('object payload') ? pickleLoader('npy') : pickleLoader(format);
}

/**
 * The one stderr line every command that reads a checkpoint without showing its safety report
 * (diff, manifest, plan, explain, apply) prints when that checkpoint is dangerous, or when its verdict
 * is incomplete: what sdmatch read is fine, but the user is about to load the file somewhere, and
 * loading it runs code (or may: what sdmatch could not read is not vetted). `format` is required: apply and
 * plan invert left it out and named torch.load for an npz (s22-mend).
 */
export function dangerWarning(file: string, safety: SafetyReport, format: string | null): string | null {
  if (safety.verdict === 'incomplete') {
    const loader = pickleLoader(format);
    // fail closed: what sdmatch could not read may be what a loader runs
    const gap = safety.globals.find((g) => g.verdict === 'incomplete');
    const why = gap ? `${gap.where}: ${gap.reason ?? gap.name}` : 'part of it could not be read';
    return printable(`sdmatch: warning: ${file}: its safety is not known (${why}): sdmatch did not see every byte ${loader} would run, so do not load it that way unless you trust it (sdmatch inspect ${file} says more)`);
  }
  if (safety.verdict !== 'dangerous') return null;
  const hits = safety.globals.filter((g) => g.verdict === 'dangerous');
  const first = hits[0];
  const what = first ? `${first.module ? `${first.module}.` : ''}${first.name}${first.reason ? ` (${first.reason})` : ''}` : 'code';
  const more = hits.length > 1 ? ` and ${hits.length - 1} more` : '';
  return printable(`sdmatch: warning: ${file} is dangerous: its pickle reaches ${what}${more}; ${loaderAt(format, first?.where)} on it runs code (sdmatch inspect ${file} lists what)`);
}

/**
 * inspect's one stderr line for a verdict that is not safe (its exit code is the verdict: SAFETY_EXIT in
 * cli/inspect.ts); null for a safe file. Printable: it quotes names from the file.
 */
export function safetyVerdictLine(safety: SafetyReport, format: string | null): string | null {
  if (safety.verdict === 'safe') return null;
  const hits = safety.globals.filter((g) => g.verdict === safety.verdict);
  const first = hits[0];
  const more = hits.length > 1 ? ` and ${hits.length - 1} more` : '';
  const name = first ? `${first.module ? `${first.module}.` : ''}${first.name}` : '';
  if (safety.verdict === 'incomplete') return printable(`safety verdict incomplete: ${first ? `${first.where}: ${first.reason ?? first.name}` : 'part of it could not be read'}`);
  if (safety.verdict === 'dangerous') {
    return printable(`safety verdict dangerous: its pickle reaches ${name || 'code'}${first?.reason ? ` (${first.reason})` : ''}${first ? ` in ${first.where}` : ''}${more}: ${loaderAt(format, first?.where)} on it runs code; do not load it`);
  }
  return printable(`safety verdict unknown: it names ${name || 'globals'}${more}, not on the allowlist: loading it runs that code, so load it only if you trust its source`);
}

/** The warnings for several inputs, one line each, in order; '' when none is dangerous or unvetted. */
export function dangerWarnings(inputs: readonly { file: string; safety: SafetyReport | null; format: string | null }[]): string {
  return inputs.flatMap((i) => (i.safety ? [dangerWarning(i.file, i.safety, i.format)] : [])).filter((l): l is string => l !== null).join('\n');
}

/** A key source's safety report: only a checkpoint has one. */
export function sourceSafety(side: KeySource): { file: string; safety: SafetyReport | null; format: string | null } {
  return side.kind === 'checkpoint' ? { file: side.file, safety: side.checkpoint.safety, format: side.checkpoint.format } : { file: side.file, safety: null, format: null };
}

/**
 * The page's lines for the checkpoints whose loading runs code (dangerous) or may (incomplete): what
 * stderr says, shown first on the HTML page too, where no stderr is (review 16 F6).
 */
export function safetyPageLines(list: readonly CheckpointSafety[]): string[] {
  return list.flatMap((s) => {
    const what = s.globals.length > 0 ? `${s.globals.slice(0, 3).join(', ')}${s.globals.length > 3 ? ` and ${s.globals.length - 3} more` : ''}` : '';
    if (s.verdict === 'dangerous') return [printable(`DANGEROUS: ${s.file}: its pickle reaches ${what || 'code'}; torch.load(weights_only=False) on it runs code, so do not load it (sdmatch did not run it; sdmatch inspect ${s.file} lists what)`)];
    if (s.verdict === 'incomplete') return [printable(`safety not known: ${s.file}: sdmatch did not see every byte torch.load(weights_only=False) would run${what ? ` (${what})` : ''}, so do not load it that way unless you trust it (sdmatch inspect ${s.file} says why)`)];
    return [];
  });
}
