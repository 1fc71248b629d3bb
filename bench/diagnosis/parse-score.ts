import { readFileSync } from 'node:fs';
import { expandBraces, parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import { keysWithPrefix, type DiagnosisCase } from './score.js';

/**
 * How well the error-text parser alone reads the corpus: for each case, is every key the thread's fix
 * names found on the side it belongs to? Checkpoint side = unexpected or a size-mismatch key (also
 * one whose line was cut, `sizeMismatchCut`); model side = missing or a size-mismatch key. Rename sources, drops → checkpoint; rename targets, keys kept
 * missing → model; transformed keys → either. A prefix fix is checked on the keys of the raw text that
 * carry the prefix (strip → checkpoint side, add → model side).
 *
 * Also reported: texts the parser rejects, parsed keys whose parts do not occur in the text (invented),
 * and the truncated flag against the label's `excerptCut`.
 *
 *   npx esbuild bench/diagnosis/parse-score.ts --bundle --platform=node --format=esm --outfile=/tmp/ps.mjs
 *   node /tmp/ps.mjs CASES.json [half] [-v]
 */

interface Row {
  id: string;
  family: string;
  named: number;
  found: number;
  misses: string[];
  prefixMisses: string[];
  invented: string[];
  truncated: boolean | null;
  cut: boolean;
  error: string | null;
}

function sides(r: ErrorReport): { ckpt: Set<string>; model: Set<string> } {
  const sizes = [...r.sizeMismatch.map((s) => s.key), ...(r.sizeMismatchCut ?? []).map((s) => s.key)];
  return { ckpt: new Set([...r.unexpected, ...sizes]), model: new Set([...r.missing, ...sizes]) };
}

/**
 * A key is invented when one of its dot-parts does not occur in the text at all, or when it holds
 * what no state-dict key holds (an elision, a quote, a space, a colon, brackets): a misread.
 */
function invented(keys: string[], text: string): string[] {
  const flat = text.replace(/\s+/g, '');
  return keys.filter((k) => /\.\.|…|["'\s:()[\]{},]/.test(k) || k.split('.').some((p) => p !== '' && !flat.includes(p)));
}

export function scoreParse(c: DiagnosisCase): Row {
  const row: Row = { id: c.id, family: c.family, named: 0, found: 0, misses: [], prefixMisses: [], invented: [], truncated: null, cut: c.excerptCut, error: null };
  let r: ErrorReport;
  try {
    r = parseErrorText(c.text, c.id);
  } catch (e) {
    row.error = (e as Error).message;
    r = { kind: 'load_state_dict', modelName: null, missing: [], unexpected: [], sizeMismatch: [], truncated: false, notes: [] };
  }
  row.truncated = row.error ? null : r.truncated;
  const { ckpt, model } = sides(r);
  const want: [string, 'ckpt' | 'model' | 'either'][] = [];
  // a label may name an fvcore group (`a.{bias, weight}`): each key of it counts
  const add = (key: string, side: 'ckpt' | 'model' | 'either'): void => {
    for (const k of expandBraces(key) ?? [key]) want.push([k, side]);
  };
  for (const x of c.fix.renames) add(x.from, 'ckpt'), add(x.to, 'model');
  for (const k of c.fix.drop) add(k, 'ckpt');
  for (const k of c.fix.keepMissing) add(k, 'model');
  for (const t of c.fix.transforms) add(t.key, 'either');
  for (const [k, side] of want) {
    row.named++;
    const ok = side === 'ckpt' ? ckpt.has(k) : side === 'model' ? model.has(k) : ckpt.has(k) || model.has(k);
    if (ok) row.found++;
    else row.misses.push(`${side}:${k}`);
  }
  for (const [prefix, side] of [
    [c.fix.stripPrefix, ckpt],
    [c.fix.addPrefix, model],
  ] as const) {
    if (!prefix) continue;
    const keys = keysWithPrefix(c.text, prefix);
    // an fvcore group `p.a.{bias, weight}` shows in the raw text as `p.a`: its keys extend it
    const parsed = [...side].filter((k) => keys.some((t) => k === t || k.startsWith(`${t}.`)));
    if (keys.length > 0 && parsed.length === 0) row.prefixMisses.push(`${prefix}: none of ${keys.length} text keys parsed`);
  }
  row.invented = invented([...r.missing, ...r.unexpected, ...r.sizeMismatch.map((s) => s.key), ...(r.sizeMismatchCut ?? []).map((s) => s.key)], c.text);
  return row;
}

function main(): void {
  const [file, half = 'tuning', ...flags] = process.argv.slice(2);
  if (!file) throw new Error('usage: parse-score CASES.json [half] [-v]');
  const verbose = flags.includes('-v');
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as DiagnosisCase[]).filter((c) => c.half === half);
  const rows = cases.map(scoreParse);
  const withKeys = rows.filter((r) => r.named > 0);
  const allFound = withKeys.filter((r) => r.found === r.named);
  const withPrefix = rows.filter((r) => {
    const c = cases.find((x) => x.id === r.id)!;
    return [c.fix.stripPrefix, c.fix.addPrefix].some((p) => p && keysWithPrefix(c.text, p).length > 0);
  });
  const prefixOk = withPrefix.filter((r) => r.prefixMisses.length === 0);
  const keysNamed = rows.reduce((a, r) => a + r.named, 0);
  const keysFound = rows.reduce((a, r) => a + r.found, 0);
  const rejected = rows.filter((r) => r.error);
  const inv = rows.filter((r) => r.invented.length > 0);
  const cutMissed = rows.filter((r) => r.cut && r.truncated === false);
  console.log(`${half}: ${cases.length} cases`);
  console.log(`  cases whose fix names keys: ${allFound.length}/${withKeys.length} with every named key on the right side (${keysFound}/${keysNamed} keys)`);
  console.log(`  prefix cases with the prefixed keys parsed: ${prefixOk.length}/${withPrefix.length}`);
  console.log(`  rejected (no error recognised): ${rejected.length}`);
  console.log(`  cases with invented keys: ${inv.length}`);
  console.log(`  labelled cut but not flagged truncated: ${cutMissed.length}/${rows.filter((r) => r.cut).length}`);
  for (const r of rows) {
    const bad = r.misses.length > 0 || r.prefixMisses.length > 0 || r.error || r.invented.length > 0 || (r.cut && r.truncated === false);
    if (!bad && !verbose) continue;
    const parts = [
      r.error ? `REJECTED ${r.error.slice(0, 80)}` : '',
      r.misses.length ? `missed ${r.misses.length}/${r.named}: ${r.misses.slice(0, 4).join(' ')}` : '',
      r.prefixMisses.join(' '),
      r.invented.length ? `invented: ${r.invented.slice(0, 3).join(' ')}` : '',
      r.cut && r.truncated === false ? 'cut not flagged' : '',
    ].filter(Boolean);
    console.log(`  - ${r.id} [${r.family}] ${parts.join('; ') || 'ok'}`);
  }
}

main();
