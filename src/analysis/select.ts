import type { KeyPath } from '../checkpoint/types.js';
import type { ErrorReport } from '../formats/error-text.js';
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { commonPrefix, dotSuffixes, leadingSegmentCounts, WRAPPER_PREFIXES } from './key-tokens.js';

/**
 * Which state dict inside a file to compare. A training checkpoint holds several (`model`, `ema`,
 * `optimizer` …); the right one is the one whose keys best explain what the other side expects.
 */

export interface Candidate {
  path: KeyPath;
  entries: readonly KeyEntry[];
}

/** How a candidate's keys were lined up with the expected ones. */
export type MatchMethod = 'exact' | 'prefix' | 'suffix' | 'error-facts' | 'size';

export interface CandidateScore {
  path: KeyPath;
  /** share (0–1) of the expected side this candidate explains; null when there is no expected side */
  coverage: number | null;
  /** how many expected keys (or error facts) it explains */
  explained: number;
  method: MatchMethod;
  /** for method 'prefix': what was stripped from the candidate's keys and from the expected keys */
  prefix: { source: string; expected: string } | null;
  /** of the explained keys whose shapes both sides know, the share with equal shapes (1 when none known) */
  shapeAgreement: number;
  tensors: number;
}

export interface Selection {
  chosen: Candidate | null;
  runnerUp: Candidate | null;
  /** best first; the same order as the candidates are ranked */
  scores: CandidateScore[];
  /** one sentence for the report */
  reason: string;
}

/** `['trainer', 'var_wo_ddp']` → `trainer/var_wo_ddp`; the file's root is `(root)`. */
export function formatKeyPath(path: KeyPath): string {
  return path.length === 0 ? '(root)' : path.map(String).join('/');
}

/** The candidate `--select SPEC` names (`trainer/var_wo_ddp`, `state_dict`, `(root)`). */
export function findCandidate<C extends Candidate>(candidates: readonly C[], spec: string): C {
  const want = spec.replace(/^\/+|\/+$/g, '');
  const found = candidates.find((c) => (c.path.length === 0 ? want === '' || want === '(root)' : c.path.map(String).join('/') === want));
  if (found) return found;
  const have = candidates.map((c) => formatKeyPath(c.path)).join(', ') || 'none';
  throw new FormatError('', `no state dict at "${spec}"; the file's state dicts are: ${have}`);
}

const PREFERRED = /^(?:state_dict|model|module|net|network|model_state_dict|model_state|state|weights|params|generator)$/i;
const DISFAVOURED = /ema|optim|sched|swa|averaged|teacher|discriminator/i;

/** Name preference: 1 for model-ish names, -1 for EMA/optimizer-ish names, 0 otherwise. */
function namePreference(path: KeyPath): number {
  const last = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (last === undefined) return 0;
  if (DISFAVOURED.test(last)) return -1;
  return PREFERRED.test(last) ? 1 : 0;
}

function shapesEqual(a: KeyEntry, b: KeyEntry): boolean | null {
  if (!a.shape || !b.shape) return null;
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape![i]);
}

/** Prefixes worth stripping from a key set: the common one, and wrapper prefixes half the keys carry. */
function strippablePrefixes(keys: readonly string[]): string[] {
  const out = new Set<string>(['']);
  const common = commonPrefix(keys);
  if (common) out.add(common);
  const counts = leadingSegmentCounts(keys);
  for (const p of WRAPPER_PREFIXES) {
    const head = p.slice(0, p.indexOf('.') + 1);
    if ((counts.get(head) ?? 0) * 2 >= keys.length) out.add(p);
  }
  return [...out];
}

function strip(key: string, prefix: string): string {
  return prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

interface Overlap {
  explained: number;
  agree: number;
  known: number;
}

function overlap(cand: readonly KeyEntry[], target: Map<string, KeyEntry>, sp: string): Overlap {
  // stripping can make two keys one (`module.a` and `a`), and only so, since a candidate's keys are
  // unique: the key that never had the prefix counts, once. (A set of every stripped key would cost a
  // 100,000-key candidate more than the rest of the pass.)
  const plain = sp ? keysWithout(cand, sp) : null;
  const r: Overlap = { explained: 0, agree: 0, known: 0 };
  for (const c of cand) {
    let k = c.key;
    if (plain && k.startsWith(sp)) {
      k = k.slice(sp.length);
      if (plain.has(k)) continue;
    }
    const e = target.get(k);
    if (!e) continue;
    r.explained++;
    const eq = shapesEqual(c, e);
    if (eq !== null) {
      r.known++;
      if (eq) r.agree++;
    }
  }
  return r;
}

function keysWithout(cand: readonly KeyEntry[], prefix: string): Set<string> {
  const out = new Set<string>();
  for (const c of cand) if (!c.key.startsWith(prefix)) out.add(c.key);
  return out;
}

/**
 * A full pass over a big candidate is only worth it when an even sample of 256 of its keys finds a
 * match: a pairing that explains under 1/256 of the keys cannot decide the ranking anyway.
 */
function sampleMatches(cand: readonly KeyEntry[], view: ExpectedView, sp: string): boolean {
  if (cand.length <= 4096) return true;
  const step = cand.length / 256;
  for (let i = 0; i < cand.length; i += step) {
    const k = cand[Math.floor(i)]!.key;
    if (view.has(sp ? strip(k, sp) : k)) return true;
  }
  return false;
}

function countWithPrefix(keys: readonly { key: string }[], prefix: string): number {
  if (!prefix) return keys.length;
  let n = 0;
  for (const k of keys) if (k.key.startsWith(prefix)) n++;
  return n;
}

const SUFFIX_SAMPLE = 2000;

/** The last two segments of a key, the bucket dot-suffix matching looks in. */
function tail2(key: string): string {
  const last = key.lastIndexOf('.');
  const prev = last > 0 ? key.lastIndexOf('.', last - 1) : -1;
  return prev < 0 ? key : key.slice(prev + 1);
}

/**
 * How many expected keys (with or without their common prefix) end a candidate key at a dot, or
 * end with one: the model nested at different depths on the two sides. Counted on an even sample
 * of at most 2,000 expected keys and scaled, so a 100,000-key candidate costs one pass.
 */
function suffixOverlap(cand: readonly KeyEntry[], views: ExpectedViews): number {
  const candKeys = new Set<string>();
  const byTail = new Map<string, string[]>();
  for (const c of cand) {
    candKeys.add(c.key);
    const t = tail2(c.key);
    const list = byTail.get(t);
    if (list) list.push(c.key);
    else byTail.set(t, [c.key]);
  }
  let best = 0;
  for (const view of views) {
    const keys = [...view.byStrippedKey().keys()];
    const step = Math.max(1, keys.length / SUFFIX_SAMPLE);
    let hits = 0;
    let sampled = 0;
    for (let i = 0; i < keys.length; i += step) {
      const k = keys[Math.floor(i)]!;
      sampled++;
      const endsCand = (byTail.get(tail2(k)) ?? []).some((c) => c.length > k.length && c.endsWith(k) && c[c.length - k.length - 1] === '.');
      if (endsCand || candKeys.has(k) || dotSuffixes(k).some((x) => candKeys.has(x))) hits++;
    }
    best = Math.max(best, sampled ? Math.round((hits / sampled) * keys.length) : 0);
  }
  return best;
}

/** The expected keys with one of their strippable prefixes removed, built once for all candidates. */
interface ExpectedView {
  prefix: string;
  keysWithPrefix: number;
  /** built on first use: most candidates never need a stripped view */
  byStrippedKey: () => Map<string, KeyEntry>;
  /** whether a stripped key is in the view, without building it (for samples) */
  has: (stripped: string) => boolean;
}
type ExpectedViews = ExpectedView[];

function expectedViews(exp: Map<string, KeyEntry>): ExpectedViews {
  const entries = [...exp.values()];
  return strippablePrefixes([...exp.keys()]).map((prefix) => {
    let built: Map<string, KeyEntry> | null = prefix ? null : exp;
    return {
      prefix,
      keysWithPrefix: countWithPrefix(entries, prefix),
      byStrippedKey: () => (built ??= new Map(entries.map((e) => [strip(e.key, prefix), e]))),
      // `s` is a stripped key when `prefix + s` is an expected key, or `s` is one that lacks the prefix
      has: (s) => (built ? built.has(s) : exp.has(prefix + s) || (!s.startsWith(prefix) && exp.has(s))),
    };
  });
}

function scoreAgainst(c: Candidate, expected: readonly KeyEntry[], views: ExpectedViews): CandidateScore {
  const keys = c.entries.map((e) => e.key);
  let best: CandidateScore = {
    path: c.path, coverage: 0, explained: 0, method: 'exact', prefix: null, shapeAgreement: 1, tensors: c.entries.length,
  };
  // exact first, then one side stripped, then both: the likely answers come early, and a pass that
  // cannot beat the best so far is skipped, which keeps a 100,000-key candidate to one or two passes
  const combos: [string, number, ExpectedView][] = [];
  for (const sp of strippablePrefixes(keys)) {
    const withSp = countWithPrefix(c.entries, sp);
    for (const view of views) if (!(sp && sp === view.prefix)) combos.push([sp, withSp, view]);
  }
  combos.sort((x, y) => Number(x[0] !== '') + Number(x[2].prefix !== '') - (Number(y[0] !== '') + Number(y[2].prefix !== '')));
  for (const [sp, withSp, view] of combos) {
    const ep = view.prefix;
    if (Math.min(withSp, view.keysWithPrefix) <= best.explained) continue;
    if (!sampleMatches(c.entries, view, sp)) continue;
    const o = overlap(c.entries, view.byStrippedKey(), sp);
    if (o.explained > best.explained) {
      best = {
        ...best,
        explained: o.explained,
        method: sp || ep ? 'prefix' : 'exact',
        prefix: sp || ep ? { source: sp, expected: ep } : null,
        shapeAgreement: o.known ? o.agree / o.known : 1,
      };
    }
  }
  // dot-suffix matching is the weak last resort, only for candidates that explain little otherwise
  if (best.explained * 2 < expected.length) {
    const n = suffixOverlap(c.entries, views);
    if (n > best.explained) best = { ...best, explained: n, method: 'suffix', prefix: null, shapeAgreement: 1 };
  }
  best.coverage = expected.length ? best.explained / expected.length : 0;
  return best;
}

interface Ranked {
  cand: Candidate;
  score: CandidateScore;
  index: number;
}

/** Ranking: coverage, then shape agreement, then fewest unexplained keys, then name, then size, then file order. */
function compareWithExpected(a: Ranked, b: Ranked): number {
  return (
    (b.score.coverage ?? 0) - (a.score.coverage ?? 0) ||
    b.score.shapeAgreement - a.score.shapeAgreement ||
    a.score.tensors - a.score.explained - (b.score.tensors - b.score.explained) ||
    namePreference(b.cand.path) - namePreference(a.cand.path) ||
    b.score.tensors - a.score.tensors ||
    a.index - b.index
  );
}

/** Without an expected side: the largest, weighing names so a model beats its same-sized EMA copy. */
function sizeWeight(r: Ranked): number {
  const p = namePreference(r.cand.path);
  return r.score.tensors * (p > 0 ? 1.05 : p < 0 ? 0.9 : 1);
}

function compareBySize(a: Ranked, b: Ranked): number {
  return sizeWeight(b) - sizeWeight(a) || b.score.tensors - a.score.tensors || a.index - b.index;
}

function describe(s: CandidateScore, total: number | null, what: string): string {
  if (s.coverage === null || total === null) return `${s.tensors} tensors`;
  const how =
    s.method === 'exact' ? 'by exact key'
    : s.method === 'prefix' ? `after stripping ${[s.prefix?.source, s.prefix?.expected].filter(Boolean).map((p) => `\`${p}\``).join(' / ')}`
    : s.method === 'suffix' ? 'by key suffix'
    : 'as the error describes';
  return `explains ${s.explained} of ${total} ${what} (${how})`;
}

function finish(ranked: Ranked[], total: number | null, what: string): Selection {
  const scores = ranked.map((r) => r.score);
  const chosen = ranked[0];
  if (!chosen) return { chosen: null, runnerUp: null, scores, reason: 'the file holds no state dict' };
  const runner = ranked[1];
  let reason = `${formatKeyPath(chosen.cand.path)} ${describe(chosen.score, total, what)}`;
  if (!runner) reason += '; it is the only state dict in the file';
  else {
    reason += `; runner-up ${formatKeyPath(runner.cand.path)} ${describe(runner.score, total, what)}`;
    if (total === null && runner.score.tensors >= chosen.score.tensors) reason += `, less likely by its name`;
  }
  return { chosen: chosen.cand, runnerUp: runner?.cand ?? null, scores, reason };
}

function sizeOnly(c: Candidate): CandidateScore {
  return { path: c.path, coverage: null, explained: 0, method: 'size', prefix: null, shapeAgreement: 1, tensors: c.entries.length };
}

export function selectStateDict(candidates: readonly Candidate[], expected: readonly KeyEntry[] | null): Selection {
  if (!expected || expected.length === 0) {
    const ranked = candidates.map((cand, index) => ({ cand, score: sizeOnly(cand), index })).sort(compareBySize);
    return finish(ranked, null, '');
  }
  const exp = new Map<string, KeyEntry>();
  for (const e of expected) if (!exp.has(e.key)) exp.set(e.key, e);
  const views = expectedViews(exp);
  const ranked = candidates
    .map((cand, index) => ({ cand, score: scoreAgainst(cand, expected, views), index }))
    .sort(compareWithExpected);
  return finish(ranked, exp.size, 'expected keys');
}

/**
 * With an error text as the other side: the dict that produced the error holds every key it calls
 * unexpected, every size-mismatched key at the checkpoint shape it states, and none it calls missing.
 */
export function selectForErrorReport(candidates: readonly Candidate[], report: ErrorReport): Selection {
  const facts = report.unexpected.length + report.sizeMismatch.length + report.missing.length;
  if (facts === 0) return selectStateDict(candidates, null);
  const ranked = candidates.map((cand, index) => {
    const byKey = new Map(cand.entries.map((e) => [e.key, e]));
    let explained = 0;
    for (const k of report.unexpected) if (byKey.has(k)) explained++;
    for (const k of report.missing) if (!byKey.has(k)) explained++;
    for (const s of report.sizeMismatch) {
      const e = byKey.get(s.key);
      if (e && (!e.shape || e.shape.join() === s.source.join())) explained++;
    }
    const score: CandidateScore = {
      path: cand.path, coverage: explained / facts, explained, method: 'error-facts', prefix: null, shapeAgreement: 1, tensors: cand.entries.length,
    };
    return { cand, score, index };
  });
  // equal coverage (e.g. only missing keys listed, which every dict lacks) falls back to size and name
  ranked.sort((a, b) => (b.score.coverage ?? 0) - (a.score.coverage ?? 0) || compareBySize(a, b));
  return holderOfMissing(candidates, report) ?? finish(ranked, facts, 'facts the error states');
}

/**
 * The other way an error arises from a file: the whole checkpoint was passed to load_state_dict, so
 * the error calls the file's top-level entries (`trainer`, `args`, `epoch`) unexpected and every
 * model key missing. Then no dict holds the unexpected keys, and the right one is the dict that
 * holds the missing keys.
 */
function holderOfMissing(candidates: readonly Candidate[], report: ErrorReport): Selection | null {
  if (report.missing.length === 0 || report.unexpected.length === 0) return null;
  let producerBest = 0;
  for (const c of candidates) {
    const keys = new Set(c.entries.map((e) => e.key));
    let n = 0;
    for (const k of report.unexpected) if (keys.has(k)) n++;
    producerBest = Math.max(producerBest, n);
  }
  if (producerBest * 2 >= report.unexpected.length) return null;
  const ranked = candidates
    .map((cand, index) => {
      const keys = new Set(cand.entries.map((e) => e.key));
      let held = 0;
      for (const k of report.missing) if (keys.has(k)) held++;
      const score: CandidateScore = {
        path: cand.path, coverage: held / report.missing.length, explained: held, method: 'error-facts', prefix: null, shapeAgreement: 1, tensors: cand.entries.length,
      };
      return { cand, score, index };
    })
    .sort((a, b) => (b.score.coverage ?? 0) - (a.score.coverage ?? 0) || compareBySize(a, b));
  const best = ranked[0];
  if (!best || (best.score.coverage ?? 0) < 0.5) return null;
  return finish(ranked, report.missing.length, 'keys the error calls missing (the error came from loading a container that holds this dict)');
}
