import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './corpus.js';

/**
 * The text of a diagnosis case of a tuning half (bench/diagnosis/cases*.json), by its id: tests that
 * exercise a real paste read it here instead of pasting a copy of it by hand (a copy drifts from the
 * case, and the same text was pasted into several tests). A case of a held-out half is refused before its
 * text is looked at: held-out texts are never read (bench/diagnosis/README.md).
 */
interface DiagnosisCase {
  id: string;
  half: string;
  text: string;
}

let byId: Map<string, DiagnosisCase> | null = null;

function cases(): Map<string, DiagnosisCase> {
  if (byId) return byId;
  const dir = join(repoRoot, 'bench/diagnosis');
  byId = new Map();
  for (const f of readdirSync(dir).filter((n) => /^cases\d*\.json$/.test(n)).sort()) {
    for (const c of JSON.parse(readFileSync(join(dir, f), 'utf8')) as DiagnosisCase[]) byId.set(c.id, c);
  }
  return byId;
}

export function tuningCaseText(id: string): string {
  const c = cases().get(id);
  if (!c) throw new Error(`no diagnosis case ${id}`);
  if (!c.half.startsWith('tuning')) throw new Error(`${id} is in ${c.half}, a held-out half: its text is never read by a test`);
  return c.text;
}
