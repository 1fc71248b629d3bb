/**
 * Pairs that the other pairs contradict on a numbered role name. A module's part keeps its role in
 * every block: LDM's `in_layers.2` is diffusers' `conv1` and `out_layers.3` its `conv2` in every resnet.
 * A pair that sends `input_blocks.11.0.in_layers.2` to a `conv2` while most blocks send `in_layers.2` to
 * `conv1` was decided by something weaker than that rule (an order that crossed two look-alike resnets),
 * and a template fitted to it turns the role into index arithmetic (`conv${1-9}`), which reads as a
 * rule. Such a pair is withdrawn and listed with its candidate: arithmetic belongs to the indices of
 * sequences, not to a numbered role name the pairs themselves contradict.
 *
 * Read per family: source keys alike once their index segments are masked (`input_blocks.#.#.in_layers.#.weight`),
 * each with its own role (the last name and the indices after it: `in_layers.2`), against target keys alike
 * once index segments and the digits inside names are masked (`down_blocks.#.resnets.#.conv%.weight`). A
 * role that lands on one numbered name at least MAJORITY times as often as on another keeps the first;
 * the pairs on the others are withdrawn. Names without digits, and roles met on one name only, are untouched.
 */
import { type KeyTokens, TokenRuns } from '../key-tokens.js';
import { goalTokens, type GoalTokens } from './goal-tokens.js';
import { MODULE_LEAVES } from '../../formats/module-leaves.js';

/** how much more often the role's usual name must be met than another for that other to be a contradiction */
const MAJORITY = 3;
/** numbered names a role's pairs must spread over, in block order, to read as stages of a sequence */
const STAGES = 3;

export interface Contradicted {
  source: string;
  target: string;
  /** the name most pairs of its role land on, and how many */
  usual: string;
  count: number;
  /** set where the role's pairs split over names no majority and no index decides: every name with its count */
  split?: string;
}

export function contradictedRoles(goals: ReadonlyMap<string, string> | GoalTokens): Contradicted[] {
  // keys split once into tokens (shared with index-contradictions.ts: goal-tokens.ts); families, roles and
  // numbered names as token runs numbered in the order first met, so the maps by run number list them as
  // maps keyed by their joined texts would
  const p = goalTokens(goals);
  const keys = p.keys;
  const masked = keys.token('#');
  const tokens = new TokenFacts(keys);
  const familyRuns = new TokenRuns();
  const roleRuns = new TokenRuns();
  const nameRuns = new TokenRuns();
  const nameTexts: string[] = [];
  const run: number[] = [];
  // family → role → numbered name → pairs
  const families = new Map<number, Map<number, Map<string, Pair[]>>>();
  for (let i = 0; i < p.size; i++) {
    const s = p.sources[i]!;
    const t = p.targets[i]!;
    // a pair re-paired onto its own name since it was split
    if (s === t) continue;
    const b = p.b[i]!;
    const tn = keys.segmentCount(b);
    // the target's numbered names (`conv1`): without one, no role is read here
    let numbered = false;
    for (let i = 0; i < tn && !numbered; i++) numbered = tokens.numbered(keys.segment(b, i));
    if (!numbered) continue;
    const a = p.a[i]!;
    const sn = keys.segmentCount(a);
    // a parameter a block holds itself (`network.2.0.layer_scale_1`) is its own role: the name right after the index
    const lastName = ownParameter(keys, a) ? sn - 1 : lastNamedModule(keys, a);
    if (lastName < 0) continue;
    run.length = 0;
    for (let i = 0; i < sn; i++) {
      const x = keys.segment(a, i);
      run.push(keys.value(x) >= 0 ? masked : x);
    }
    // no token is negative: the run holds the two keys apart as `\u0000` held their texts apart
    run.push(-1);
    for (let i = 0; i < tn; i++) {
      const x = keys.segment(b, i);
      run.push(keys.value(x) >= 0 ? masked : tokens.digitsMasked(x));
    }
    const family = familyRuns.of(run, run.length);
    run.length = 0;
    for (let i = lastName; i < Math.max(sn - 1, lastName + 1); i++) run.push(keys.segment(a, i));
    const role = roleRuns.of(run, run.length);
    run.length = 0;
    for (let i = 0; i < tn; i++) if (tokens.hasDigit(keys.segment(b, i))) run.push(keys.segment(b, i));
    const nameRun = nameRuns.of(run, run.length);
    if (nameRun === nameTexts.length) nameTexts.push(run.map((x) => keys.text(x)).join('.'));
    const name = nameTexts[nameRun]!;
    const roles = families.get(family) ?? families.set(family, new Map()).get(family)!;
    const names = roles.get(role) ?? roles.set(role, new Map()).get(role)!;
    (names.get(name) ?? names.set(name, []).get(name)!).push([s, t, a]);
  }
  const out: Contradicted[] = [];
  for (const roles of families.values()) {
    for (const names of roles.values()) {
      if (names.size < 2) continue;
      const ranked = [...names].sort((a, b) => b[1].length - a[1].length);
      // three or more numbered names in the order of the blocks' indices are stages, not a role's names:
      // torchvision MobileNetV2's flat `features.N` is mmpretrain's `layer1` … `layer7` (one block, then two, three, four…);
      // two names (`conv1` in most resnets, `conv2` in the last) stay a question of the role
      if (ranked.length >= STAGES && numberedByIndex(keys, ranked)) continue;
      const [usual, usualPairs] = ranked[0]!;
      // no name the role keeps, and none its blocks' indices give: the pairs crossed look-alikes, every one is in doubt
      if (usualPairs.length < MAJORITY * ranked[1]![1].length && !numberedByIndex(keys, ranked)) {
        for (const [name, pairs] of ranked) for (const [source, target] of pairs) out.push({ source, target, usual: name, count: 0, split: ranked.map(([n, p]) => `\`${n}\` ×${p.length}`).join(', ') });
        continue;
      }
      for (const [, pairs] of ranked.slice(1)) {
        if (usualPairs.length < MAJORITY * pairs.length) continue;
        for (const [source, target] of pairs) out.push({ source, target, usual, count: usualPairs.length });
      }
    }
  }
  return out;
}

/**
 * Whether a role's numbered names follow its blocks' indices: some source index along which the names'
 * numbers never go down, one name per index value (torchvision's `layer{s+1}` for a stage s of several
 * blocks; LeViT's `patch_embed.{0,2,4,6}` as `stem.conv{1..4}`). Look-alikes that order crossed give
 * `conv1`, `conv2`, `conv1`, … along the blocks.
 */
function numberedByIndex(keys: KeyTokens, ranked: readonly (readonly [string, readonly Pair[]])[]): boolean {
  const rows = ranked.flatMap(([name, pairs]) => pairs.map(([, , k]) => ({ name, idx: keys.indices(k), nums: (name.match(/\d+/g) ?? []).map(Number) })));
  const width = Math.min(...rows.map((r) => r.idx.length));
  const order = (a: readonly number[], b: readonly number[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  for (let q = 0; q < width; q++) {
    const sorted = [...rows].sort((a, b) => a.idx[q]! - b.idx[q]!);
    let follows = true;
    for (let i = 1; i < sorted.length && follows; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      follows = a.idx[q] === b.idx[q] ? a.name === b.name : order(a.nums, b.nums) <= 0;
    }
    if (follows) return true;
  }
  return false;
}


/** what a module of any kind names its tensors: a parameter of that name says nothing of the block's role for it */
const GENERIC_LEAVES: ReadonlySet<string> = new Set(MODULE_LEAVES);

/**
 * Is key k's leaf a parameter its block holds itself, named for its role (EfficientFormer's `layer_scale_1` right
 * after the block's index), where a module's tensor (`….in_layers.2.weight`) takes its role from the module?
 */
function ownParameter(keys: KeyTokens, k: number): boolean {
  const n = keys.segmentCount(k);
  if (n < 2 || keys.value(keys.segment(k, n - 2)) < 0) return false;
  const leaf = keys.segment(k, n - 1);
  return keys.value(leaf) < 0 && !GENERIC_LEAVES.has(keys.text(leaf));
}

/** the position of key k's last named segment before the leaf (`in_layers` in `….in_layers.2.weight`), -1 when none */
function lastNamedModule(keys: KeyTokens, k: number): number {
  for (let i = keys.segmentCount(k) - 2; i >= 0; i--) if (keys.value(keys.segment(k, i)) < 0) return i;
  return -1;
}

/** a source key, its target, and the source's number among the keys split */
type Pair = [string, string, number];

/** What a token's text says, read once per distinct segment rather than once per key that holds it. */
class TokenFacts {
  private readonly flags: number[] = [];
  private readonly masked: number[] = [];
  constructor(private readonly keys: KeyTokens) {}

  /** a numbered name (`conv1`): not an index, a digit and a letter or underscore in it */
  numbered(t: number): boolean {
    return (this.read(t) & NUMBERED) !== 0;
  }

  /** a name with a digit in it (not an index) */
  hasDigit(t: number): boolean {
    return (this.read(t) & DIGIT) !== 0;
  }

  /** the token of the text with its digit runs masked (`conv%`) */
  digitsMasked(t: number): number {
    return (this.masked[t] ??= this.keys.token(this.keys.text(t).replace(/\d+/g, '%')));
  }

  private read(t: number): number {
    let f = this.flags[t];
    if (f === undefined) {
      const x = this.keys.text(t);
      const digit = this.keys.value(t) < 0 && /\d/.test(x);
      f = this.flags[t] = (digit ? DIGIT : 0) | (digit && /[A-Za-z_]/.test(x) ? NUMBERED : 0);
    }
    return f;
  }
}
const DIGIT = 1;
const NUMBERED = 2;
