/**
 * What an emitted file (--emit python, hf, mmengine) must carry of the plan's report (review 23 F4): the code
 * alone gives the plan's ops, not what the plan left open. A file that loads strict=True with two square
 * weights untransposed, and no word of them, is a claim by omission. So every emitter's header says the
 * plan's verdict when it is not a clean "explains every difference", and names the weights loaded as stored
 * whose layout nothing decided; the command says on stderr, in one line, why it exits 1.
 */
import type { PlanOutcome } from '../plan/build.js';
import { planVerdict } from './plan.js';

export interface EmitCaveats {
  /** the plan report's verdict, when it is no clean fix (null: nothing to say) */
  verdict: string | null;
  /** model keys loaded as stored whose layout is undecided (ambiguities that load as stored) */
  asStored: readonly string[];
}

export function emitCaveats(outcome: PlanOutcome): EmitCaveats {
  const v = planVerdict(outcome, false);
  return {
    verdict: v.tone === 'green' ? null : v.text,
    asStored: outcome.result.ambiguities.filter((a) => a.loadsAsStored).flatMap((a) => a.keys),
  };
}

/** The header comment lines of an emitted file: empty when the plan is a clean fix. */
export function caveatLines(c: EmitCaveats): string[] {
  const lines: string[] = [];
  if (c.verdict !== null) lines.push(`# NOTE, the plan's verdict (sdmatch plan without --emit prints its report): ${c.verdict}`);
  if (c.asStored.length) lines.push(`# loaded as stored, may be transposed (nothing decided their layout; check them): ${c.asStored.join(', ')}`);
  return lines.map((l) => l.replace(/[\r\n]+/g, ' '));
}

/** The one stderr line saying why `plan --emit` exits 1 (the emitted code is on stdout; the report is not printed). */
export function caveatStderr(c: EmitCaveats, emit: string): string {
  const shown = c.asStored.slice(0, 3).join(', ') + (c.asStored.length > 3 ? ', …' : '');
  const stored = c.asStored.length ? `; loaded as stored, may be transposed: ${shown}` : '';
  const line = `sdmatch: --emit ${emit} exits 1, the plan is no complete fix: ${c.verdict ?? 'see sdmatch plan without --emit'}${stored} (the emitted file's header says the same)`;
  return `${line.replace(/[\r\n]+/g, ' ')}\n`;
}
