import { FAMILY_MAKERS, FAMILY_MAKERS_2, FAMILY_MAKERS_3, HELD_OUT_2, HELD_OUT_3, type Family } from '../families/index.js';
import { opaqueTarget, type OpaqueOptions } from '../families/opaque.js';
import { relayout, type LayoutKind } from '../families/layouts.js';
import { runFamily, scoreHalf, type FamilyRow, type HalfScore } from './plan.js';
import { info, pct, type FloorCheck, type Table } from './suite.js';

/**
 * Issue 11's generalisation probe, built from the VISIBLE families only (set 1, both halves — its held-out
 * half was read in session 3 — tuning2 and tuning3; heldout2 and heldout3 are never built here): each family
 * again with its target names made opaque (bench/families/opaque.ts: every name a library chose becomes an
 * unrelated token; shapes, nesting, order and indices stay), and once more with the target's named siblings
 * also listed in reverse order. Names then carry no information, so what the matcher still pairs it pairs
 * by structure: a structure-aware matcher keeps its precision there (it may leave more unpaired, listed as
 * ambiguities), a name-driven one pairs wrongly. Informational, no floor yet.
 */

export const PROBE_VARIANTS: readonly { label: string; options: OpaqueOptions }[] = [
  { label: 'opaque', options: {} },
  { label: 'opaque, reordered', options: { reorder: true } },
];

/** the families anyone may look at: set 1 (both halves), tuning2, tuning3 — held-out halves are filtered before they are built */
export function visibleFamilyMakers(): [string, () => Family][] {
  return [
    ...Object.entries(FAMILY_MAKERS),
    ...Object.entries(FAMILY_MAKERS_2).filter(([name]) => !HELD_OUT_2.has(name)),
    ...Object.entries(FAMILY_MAKERS_3).filter(([name]) => !HELD_OUT_3.has(name)),
  ];
}

export interface ProbeResult {
  variant: string;
  rows: FamilyRow[];
  score: HalfScore;
}

export function runProbe(makers: readonly [string, () => Family][] = visibleFamilyMakers()): ProbeResult[] {
  return PROBE_VARIANTS.map(({ label, options }) => {
    const rows = makers.map(([name, make]) => ({ ...runFamily(name, () => opaqueTarget(make(), options)), name }));
    return { variant: label, rows, score: scoreHalf(rows) };
  });
}

/**
 * The layout probe (bench/families/layouts.ts): the visible families with one side stored in another
 * library's layout — Flax kernels (transposed, HWIO, per-head attention), q/k/v fused on one side, 1×1
 * conv ↔ linear and [1, C] norms. Names stay; each pair is right only with the right value ops. A family
 * the layout does not change is left out of that variant.
 */
export const LAYOUT_VARIANTS: readonly { label: string; kind: LayoutKind }[] = [
  { label: 'keys sorted', kind: 'sorted' },
  { label: 'jax layout', kind: 'jax' },
  { label: 'jax layout, keys sorted', kind: 'jax-sorted' },
  { label: 'fused qkv in the checkpoint', kind: 'fused-source' },
  { label: 'fused qkv in the model', kind: 'fused-target' },
  { label: '1×1 conv ↔ linear, [1, C]', kind: 'conv1x1' },
  { label: 'TF layouts named weight', kind: 'foreign-weight' },
  { label: 'per head in the model', kind: 'per-head-target' },
];

export function runLayoutProbe(makers: readonly [string, () => Family][] = visibleFamilyMakers()): ProbeResult[] {
  return LAYOUT_VARIANTS.map(({ label, kind }) => {
    const rows: FamilyRow[] = [];
    for (const [name, make] of makers) {
      const f = relayout(make(), kind);
      if (f) rows.push({ ...runFamily(name, () => f), name });
    }
    return { variant: label, rows, score: scoreHalf(rows) };
  });
}

/** one table per layout variant (each has its own families), and their wrong pairs */
export function layoutProbeTables(results: readonly ProbeResult[]): Table[] {
  const cells = (r: FamilyRow) => [r.name, pct(r.precision), pct(r.recall), `${r.correct} / ${r.predicted} / ${r.expected}`, r.error ? 'error' : (r.ops ?? 'n/a')];
  return [
    ...results.map((r) => ({
      title: `plan layout probe: ${r.variant} (${r.rows.length} visible families; informational)`,
      head: ['family', 'precision', 'recall', 'correct / pred / truth', 'ops'],
      rows: [...r.rows.map(cells), ['overall (micro)', pct(r.score.precision), pct(r.score.recall), `${r.score.correct} / ${r.score.predicted} / ${r.score.expected}`, r.rows.reduce((a, x) => a + (x.ops ?? 0), 0)]],
    })),
    {
      title: 'plan layout probe: wrong pairs (first 2 per family and variant)',
      head: ['variant', 'family', 'miss'],
      rows: results.flatMap((r) => r.rows.flatMap((row) => row.wrong.slice(0, 2).map((m) => [r.variant, row.name, m]))),
    },
  ];
}

export function probeTables(results: readonly ProbeResult[]): Table[] {
  const [first] = results;
  if (!first) return [];
  const head = ['family', ...results.flatMap((r) => [`${r.variant}: precision`, 'recall', 'correct / pred / truth', 'ops'])];
  const cells = (r: FamilyRow) => [pct(r.precision), pct(r.recall), `${r.correct} / ${r.predicted} / ${r.expected}`, r.error ? 'error' : (r.ops ?? 'n/a')];
  return [
    {
      title: `plan generalisation probe: ${first.rows.length} visible families, target names opaque (bench/families/opaque.ts; informational)`,
      head,
      rows: [
        ...first.rows.map((row, i) => [row.name, ...results.flatMap((r) => cells(r.rows[i]!))]),
        [
          'overall (micro)',
          ...results.flatMap((r) => [pct(r.score.precision), pct(r.score.recall), `${r.score.correct} / ${r.score.predicted} / ${r.score.expected}`, r.rows.reduce((a, x) => a + (x.ops ?? 0), 0)]),
        ],
      ],
    },
    {
      title: 'plan generalisation probe: wrong pairs (first 2 per family and variant)',
      head: ['variant', 'family', 'miss'],
      rows: results.flatMap((r) => r.rows.flatMap((row) => row.wrong.slice(0, 2).map((m) => [r.variant, row.name, m]))),
    },
  ];
}

export function probeFloors(results: readonly ProbeResult[]): FloorCheck[] {
  return results.flatMap((r) => [
    info(`plan probe (${r.variant}): precision (micro)`, r.score.precision, ''),
    info(`plan probe (${r.variant}): recall (micro)`, r.score.recall, ''),
    { ...info(`plan probe (${r.variant}): worst family precision`, r.score.worstFamilyPrecision, ''), ...(r.score.lowPrecision.length ? { note: r.score.lowPrecision.map((x) => `${x.name} (${pct(x.precision)})`).join(', ') } : {}) },
    info(`plan probe (${r.variant}): time`, r.rows.reduce((a, x) => a + x.ms, 0), 'ms'),
  ]);
}
