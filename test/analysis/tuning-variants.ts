import { readFileSync } from 'node:fs';
import { PERTURBATIONS } from '../../bench/diagnosis/robust.js';
import type { DiagnosisCase } from '../../bench/diagnosis/score.js';
import { parseErrorText } from '../../src/formats/error-text.js';

/** A tuning text of bench/diagnosis as posted (never a held-out one: the half is checked). */
export function tuningCase(file: string, id: string): DiagnosisCase {
  const cases = JSON.parse(readFileSync(new URL(`../../bench/diagnosis/${file}`, import.meta.url), 'utf8')) as DiagnosisCase[];
  const c = cases.find((x) => x.id === id);
  if (!c || !c.half.startsWith('tuning')) throw new Error(`${id} is not a tuning case`);
  return c;
}

/** The text diagnose-robust's perturbation `kind` derives from a tuning case (the variant the probe scores). */
export function probeVariant(kind: string, c: DiagnosisCase): string {
  const d = PERTURBATIONS.find((p) => p.kind === kind)!.derive(c, parseErrorText(c.text, c.id));
  if (!d) throw new Error(`no ${kind} form of ${c.id}`);
  return d.text;
}
