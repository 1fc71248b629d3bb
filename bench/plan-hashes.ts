// A fingerprint of every family's inferred plan, to show a change to how inference runs (data structures,
// algorithms) leaves what it infers untouched: one line per family of bench/families, `NAME SHA-256` of the
// whole InferResult (ops, mapping, leftovers, ambiguities, warnings, causes, fixable). Prints no precision,
// recall or misses, so it keeps the held-out halves clean. Usage (after `tsc -p tsconfig.bench.json`):
//   node dist-bench/bench/plan-hashes.js > before.txt   … change …   node dist-bench/bench/plan-hashes.js | diff before.txt -
import { createHash } from 'node:crypto';
import { inferPlan } from '../src/analysis/infer/index.js';
import { FAMILY_MAKERS, FAMILY_MAKERS_2, FAMILY_MAKERS_3 } from './families/index.js';

for (const [name, make] of [...Object.entries(FAMILY_MAKERS), ...Object.entries(FAMILY_MAKERS_2), ...Object.entries(FAMILY_MAKERS_3)]) {
  const f = make();
  let text: string;
  try {
    text = JSON.stringify(inferPlan({ source: f.source, target: f.target }));
  } catch (e) {
    text = `throws: ${(e as Error).message}`;
  }
  process.stdout.write(`${name} ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n`);
}
