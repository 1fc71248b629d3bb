import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Issue 10's reviewer's instrument: which branches of the decision code the TUNING texts reach, and how
 * many of them reach each. A branch no tuning text reaches is a rule with no tuning evidence; one that a
 * single text reaches is a rule that may exist for that text only (then ask whether it is keyed on what
 * the text can establish, or on its words). Held-out halves are filtered out before anything reads a
 * text, as paste-variants.ts does: no held-out text is explained here.
 *
 * It runs `explain -` on each tuning text in this process with V8's block coverage on, and takes the
 * counts after each text (taking them resets them), so each block's reach is the set of texts that ran it.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/diagnosis/rule-reach.js [--max N | --unreached] [--files a,b]
 *
 * prints, per compiled file of src/analysis (not infer/) and src/formats/error-text*, each outermost
 * block that at most N tuning texts reach (default 1), with the texts and the block's first characters
 * (lines are the compiled file's); `--unreached`: the blocks of functions that ran which no tuning text
 * reached, and the named functions no tuning text calls (mostly the paths that need the checkpoint). Whether a rule a few texts reach decides
 * them is a separate question: disable it and compare the bench (notes/s20-diag-report.md did so).
 */

/** One V8 coverage range of a function that ran: [start, end) offsets in the compiled file, and its count. */
export type Range = readonly [start: number, end: number, count: number];

/**
 * For each block (every range any text's coverage names), the texts that ran it. V8 names a nested range
 * only where its count differs from its parent's, so a block's count for one text is the count of the
 * smallest of that text's ranges holding it (0 when none does: its function never ran for that text).
 */
export function reachOfBlocks(perText: ReadonlyMap<string, readonly Range[]>): Map<string, string[]> {
  const blocks = new Set<string>();
  for (const ranges of perText.values()) for (const [s, e] of ranges) blocks.add(`${s}:${e}`);
  const reach = new Map<string, string[]>([...blocks].map((b) => [b, []]));
  for (const [text, ranges] of perText) {
    const smallestFirst = [...ranges].sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
    for (const b of blocks) {
      const [s, e] = b.split(':').map(Number) as [number, number];
      const holder = smallestFirst.find(([rs, re]) => rs <= s && e <= re);
      if (holder && holder[2] > 0) reach.get(b)!.push(text);
    }
  }
  return reach;
}

/**
 * The outermost blocks reached by between `min` and `max` texts (a block inside a printed one adds nothing).
 * With `min` 0, blocks of functions that ran but which no text reached (a branch with no tuning evidence).
 */
export function rarelyReached(reach: ReadonlyMap<string, readonly string[]>, max: number, min = 1): { start: number; end: number; texts: readonly string[] }[] {
  const rows = [...reach]
    .map(([b, texts]) => {
      const [start, end] = b.split(':').map(Number) as [number, number];
      return { start, end, texts };
    })
    .filter((r) => r.texts.length >= min && r.texts.length <= max)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: typeof rows = [];
  let end = -1;
  for (const r of rows) {
    if (r.start < end) continue;
    out.push(r);
    end = r.end;
  }
  return out;
}

const DECISION_CODE = /dist-bench\/src\/(?:analysis\/[^/]+\.js|formats\/error-text)/;

async function main(argv: string[]): Promise<void> {
  const unreached = argv.includes('--unreached');
  const max = unreached ? 0 : Number(argv[argv.indexOf('--max') + 1] ?? 1) || 1;
  const only = argv.includes('--files') ? argv[argv.indexOf('--files') + 1]!.split(',') : null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  // loaded after coverage starts, so that every function of the decision code is counted, called or not
  const { CASE_FILES, explainCase, loadFile } = await import('./run-cases.js');
  const { scoreCase } = await import('./score.js');
  // tuning halves only, filtered before any text is read further
  const tuning = CASE_FILES.flatMap((f) => loadFile(f).filter((c) => c.half.startsWith('tuning')));
  const perFile = new Map<string, Map<string, Range[]>>();
  // per file, each named function by its start offset: its name, and whether any tuning text called it;
  // seeded from the take after loading (later takes may leave out scripts no text ran), which also resets the counts
  const functions = new Map<string, Map<number, { name: string; called: boolean }>>();
  for (const script of (await session.post('Profiler.takePreciseCoverage')).result) {
    if (!DECISION_CODE.test(script.url)) continue;
    const named = script.functions.filter((f) => f.functionName !== '').map((f) => [f.ranges[0]!.startOffset, { name: f.functionName, called: false }] as const);
    functions.set(script.url.slice(script.url.indexOf('dist-bench/')), new Map(named));
  }
  let passed = 0;
  for (const c of tuning) {
    if (scoreCase(c, await explainCase(c)).pass) passed++;
    const { result } = await session.post('Profiler.takePreciseCoverage');
    for (const script of result) {
      if (!DECISION_CODE.test(script.url)) continue;
      const ranges: Range[] = [];
      const file = script.url.slice(script.url.indexOf('dist-bench/'));
      const seen = functions.get(file) ?? functions.set(file, new Map()).get(file)!;
      for (const f of script.functions) {
        const at = f.ranges[0]!.startOffset;
        const called = f.ranges[0]!.count > 0;
        if (f.functionName !== '') seen.set(at, { name: f.functionName, called: called || (seen.get(at)?.called ?? false) });
        if (called) for (const r of f.ranges) ranges.push([r.startOffset, r.endOffset, r.count]);
      }
      if (ranges.length === 0) continue;
      (perFile.get(file) ?? perFile.set(file, new Map()).get(file)!).set(c.id, ranges);
    }
  }
  console.log(`${tuning.length} tuning texts (${passed} right); ${unreached ? 'blocks of functions that ran which none of them reached' : `blocks reached by at most ${max} of them`}:`);
  for (const file of [...new Set([...perFile.keys(), ...functions.keys()])].sort()) {
    const perText = perFile.get(file) ?? new Map<string, Range[]>();
    if (only && !only.some((o) => file.includes(o))) continue;
    const url = script(file);
    const source = readFileSync(url, 'utf8');
    const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
    const rows = rarelyReached(reachOfBlocks(perText), max, unreached ? 0 : 1).filter((r) => r.end - r.start > 40);
    const uncalled = unreached ? [...(functions.get(file) ?? new Map()).values()].filter((f) => !f.called).map((f) => f.name) : [];
    if (rows.length === 0 && uncalled.length === 0) continue;
    console.log(`\n${file}`);
    if (uncalled.length > 0) console.log(`  functions no tuning text calls: ${uncalled.join(', ')}`);
    for (const r of rows) {
      const what = source.slice(r.start, r.end).replace(/\s+/g, ' ').trim().slice(0, 120);
      console.log(`  ${lineOf(r.start)}-${lineOf(r.end)}  ${r.texts.length}: ${r.texts.join(', ')}  ${what}`);
    }
  }
  session.disconnect();
}

function script(file: string): string {
  return fileURLToPath(new URL(`../../../${file}`, import.meta.url));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
