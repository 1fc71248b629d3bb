/**
 * Step 3: renames. Templates are matched level by level, from the most placeholders to none (single
 * keys), each level on what earlier levels left; a template match is instantiated key by key through
 * equal index values.
 */
import { assignTemplates, DEFAULT_ASSIGN, type AssignOptions, type TemplateMatch } from './assign.js';
import { groupTemplates, TemplateCache, type Template } from './templates.js';
import { scoreTemplatePair, templateConfidence } from './template-score.js';
import type { Ambiguity, KeyPair, Located, Pool } from './types.js';
import { modulePrefixOf } from '../key-tokens.js';

/** Tensors that belong to a module whose weight says where the module went. */
const SECONDARY_LEAVES = /\.(bias|beta|running_mean|running_var|moving_mean|moving_variance|num_batches_tracked)$/;

function isPrimary(t: Template): boolean {
  return !SECONDARY_LEAVES.test(t.name);
}

/** For each matched `a.weight` → `b.weight`, pair `a.bias` → `b.bias` (etc.) when shapes allow. */
function followSiblings(
  matches: readonly TemplateMatch[],
  st: readonly Template[],
  tt: readonly Template[],
  taken: ReadonlySet<Located>,
): TemplateMatch[] {
  const byName = (ts: readonly Template[]) => new Map(ts.filter((t) => !isPrimary(t)).map((t) => [t.name, t]));
  const tSec = byName(tt);
  // the source's secondary templates by their module, in their order: each match looks at its own
  // module's (scanning them all per match was quadratic at depth: levit, SD UNet past 20,000 keys)
  const sByModule = new Map<string, [string, Template][]>();
  for (const [name, s] of byName(st)) {
    const m = modulePrefixOf(name);
    const list = sByModule.get(m);
    if (list) list.push([name, s]);
    else sByModule.set(m, [[name, s]]);
  }
  const out: TemplateMatch[] = [];
  const usedT = new Set<string>();
  for (const m of matches) {
    const sm = modulePrefixOf(m.source.name);
    const tm = modulePrefixOf(m.target.name);
    for (const [name, s] of sByModule.get(sm) ?? []) {
      const leaf = name.slice(sm.length);
      const leafCanon = leaf === 'beta' ? 'bias' : leaf;
      const t = tSec.get(tm + leafCanon) ?? tSec.get(tm + leaf);
      if (!t || usedT.has(t.name)) continue;
      if (s.instances.some((i) => taken.has(i.entry)) || t.instances.some((i) => taken.has(i.entry))) continue;
      const score = scoreTemplatePair(s, t, 0, 0);
      if (!Number.isFinite(score.cost)) continue;
      usedT.add(t.name);
      out.push({ source: s, target: t, score: { ...score, nameSimilarity: Math.max(score.nameSimilarity, m.score.nameSimilarity) } });
    }
  }
  return out;
}

/** Single keys need more alike names than indexed families, whose structure is evidence already. */
const KEY_LEVEL: AssignOptions = { maxCost: 1.0, minNameSimilarityForSingles: 0.34 };

/** `sorted`: which sides list their keys sorted by name (natural-order.ts), whose order between unlike names is no evidence (assign.ts) */
export function matchRenames(pool: Pool, sorted?: { source: boolean; target: boolean }, roles?: AssignOptions['roles']): { pairs: KeyPair[]; ambiguities: Ambiguity[]; withheld: { ties: Ambiguity[]; keys: string[] } } {
  // The pool's entries still open, in its order: the ones a level takes are marked, and each side's list is
  // filtered when read next (copying both sides into maps to delete from cost a fifth of this step at 100,000 keys)
  let source = [...pool.source.values()];
  let target = [...pool.target.values()];
  const taken = new Set<Located>();
  const isOpen = (e: Located) => !taken.has(e);
  const refresh = () => {
    if (taken.size === 0) return;
    source = source.filter(isOpen);
    target = target.filter(isOpen);
  };
  let maxLevel = 0;
  const cache = new TemplateCache();
  for (const e of source) maxLevel = Math.max(maxLevel, cache.indexCount(e));
  const pairs: KeyPair[] = [];
  const pending: { level: number; ambiguity: Ambiguity; orderless?: boolean }[] = [];
  const accept = (matches: TemplateMatch[], level: number) => {
    for (const m of matches) {
      const confidence = templateConfidence(m.score, m.source.instances.length);
      m.source.instances.forEach((inst, i) => {
        const t = m.target.instances[i]!;
        pairs.push({ source: inst.entry.key, target: t.entry.key, stage: level === 0 ? 'key' : 'template', confidence });
        taken.add(inst.entry);
        taken.add(t.entry);
      });
    }
  };
  for (let level = maxLevel; level >= 0; level--) {
    refresh();
    if (source.length === 0 || target.length === 0) break;
    const options = { ...(level === 0 ? KEY_LEVEL : DEFAULT_ASSIGN), sorted, roles };
    // A module's weight decides where its bias and statistics go: match weights first, then let
    // their siblings follow, then match what is left among itself.
    const st = groupTemplates(source, level, cache);
    const tt = groupTemplates(target, level, cache);
    const first = assignTemplates(st.filter(isPrimary), tt.filter(isPrimary), options);
    accept(first.matches, level);
    accept(followSiblings(first.matches, st, tt, taken), level);
    refresh();
    const rest = assignTemplates(
      groupTemplates(source, level, cache),
      groupTemplates(target, level, cache),
      options,
    );
    accept(rest.matches, level);
    for (const a of [...first.ambiguities, ...rest.ambiguities]) pending.push({ level, ambiguity: a });
    for (const a of [...first.orderless, ...rest.orderless]) pending.push({ level, ambiguity: a, orderless: true });
  }
  refresh();
  // A tie at one level may be settled at a lower one; report only ties whose keys stayed unmatched,
  // each key once: in the most general tie that names it (a template says it for all its instances).
  const reported = new Set<string>();
  const ambiguities: Ambiguity[] = [];
  const withheld = { ties: [] as Ambiguity[], keys: [] as string[] };
  // the keys still unmatched by their name at a level, built once per level (pending runs level by level)
  let byName = new Map<string, Located[]>();
  let at = -1;
  for (const { level, ambiguity, orderless } of pending) {
    if (level !== at) {
      at = level;
      byName = new Map();
      for (const e of source) {
        const name = level === 0 ? e.key : cache.at(e, level).name;
        const l = byName.get(name);
        if (l) l.push(e);
        else byName.set(name, [e]);
      }
    }
    const left = [...new Set(ambiguity.keys)].flatMap((k) => byName.get(k) ?? []);
    if (left.length === 0 || left.every((e) => reported.has(e.key))) continue;
    for (const e of left) reported.add(e.key);
    // the keys of both sides, as the templates named them, that stayed unmatched
    const open = new Set(ambiguity.candidates);
    const candidates = target.filter((e) => open.has(level === 0 ? e.key : cache.at(e, level).name));
    if (!orderless) {
      // a template's name (`layer2.{}.downsample.{}.weight`) is no key: said by the keys it stands for (review24 F7)
      ambiguities.push(level === 0 ? ambiguity : { ...ambiguity, keys: left.map((e) => e.key).slice(0, 8), candidates: candidates.map((e) => e.key).slice(0, 8) });
      continue;
    }
    withheld.keys.push(...left.map((e) => e.key), ...candidates.map((e) => e.key));
    withheld.ties.push({ ...ambiguity, keys: left.map((e) => e.key).slice(0, 8), candidates: candidates.map((e) => e.key).slice(0, 8), held: Math.min(left.length, candidates.length) });
  }
  return { pairs, ambiguities, withheld };
}
