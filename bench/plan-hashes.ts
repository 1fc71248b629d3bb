// A fingerprint of every family's inferred plan, to show a change to how inference runs (data structures,
// algorithms) leaves what it infers untouched: one line per family of bench/families, `NAME SHA-256` of the
// whole InferResult (ops, mapping, leftovers, ambiguities, warnings, causes, fixable), every set (1–19). Prints no precision,
// recall or misses, so it keeps the held-out halves clean. Usage (after `tsc -p tsconfig.bench.json`):
//   node dist-bench/bench/plan-hashes.js > before.txt   … change …   node dist-bench/bench/plan-hashes.js | diff before.txt -
// Options: `--scale N,M` adds the scale structures at N and M keys a side; `--scale-only` leaves the families out.
import { createHash } from 'node:crypto';
import { inferPlan } from '../src/analysis/infer/index.js';
import {
  FAMILY_MAKERS, FAMILY_MAKERS_2, FAMILY_MAKERS_3, FAMILY_MAKERS_5, FAMILY_MAKERS_6, FAMILY_MAKERS_7, FAMILY_MAKERS_8, FAMILY_MAKERS_9, FAMILY_MAKERS_10,
  FAMILY_MAKERS_11, FAMILY_MAKERS_12, FAMILY_MAKERS_13, FAMILY_MAKERS_14, FAMILY_MAKERS_15, FAMILY_MAKERS_16, FAMILY_MAKERS_17, FAMILY_MAKERS_18, FAMILY_MAKERS_19,
} from './families/index.js';
import { targetStorages } from './families/types.js';

const familiesToo = !process.argv.includes('--scale-only');
for (const [name, make] of !familiesToo ? [] : [FAMILY_MAKERS, FAMILY_MAKERS_2, FAMILY_MAKERS_3, FAMILY_MAKERS_5, FAMILY_MAKERS_6, FAMILY_MAKERS_7, FAMILY_MAKERS_8, FAMILY_MAKERS_9, FAMILY_MAKERS_10, FAMILY_MAKERS_11, FAMILY_MAKERS_12, FAMILY_MAKERS_13, FAMILY_MAKERS_14, FAMILY_MAKERS_15, FAMILY_MAKERS_16, FAMILY_MAKERS_17, FAMILY_MAKERS_18, FAMILY_MAKERS_19].flatMap((m) => Object.entries(m))) {
  const f = make();
  let text: string;
  try {
    text = JSON.stringify(inferPlan({ source: f.source, target: f.target, options: { targetStorages: targetStorages(f) } }));
  } catch (e) {
    text = `throws: ${(e as Error).message}`;
  }
  process.stdout.write(`${name} ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n`);
}

// `--scale 10000,30000`: the same fingerprint of every structure of bench/gen/scale-structures.ts at those
// sizes (keys a side), where the paths only depth takes run (blocks of thousands of templates, plans of
// hundreds of ops)
const scaleAt = process.argv.indexOf('--scale');
if (scaleAt >= 0) {
  const { SCALE_STRUCTURES } = await import('./gen/scale-structures.js');
  const only = process.env.SDMATCH_BENCH_STRUCTURES?.split(',').filter(Boolean);
  for (const size of (process.argv[scaleAt + 1] ?? '').split(',').map(Number).filter((n) => n > 0)) {
    for (const s of SCALE_STRUCTURES.filter((x) => !only || only.includes(x.name))) {
      const layout = s.make(size);
      const text = JSON.stringify(inferPlan({ source: layout.source, target: layout.target }));
      process.stdout.write(`${s.name}@${size} ${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n`);
    }
  }
}
