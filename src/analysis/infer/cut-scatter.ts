/**
 * On a text cut short, a structural pair stands only where the module it comes from is moved whole.
 * Pairs found by structure or similarity (module alignment, templates, key similarity, suffixes) rest on
 * what the paste kept: once a cut removed the keys that pair a module with its real counterpart, the
 * ones left pair with look-alikes of other modules (PyCIL#69: `bn1.*` split over `conv1.0` and `conv1.1`
 * once `conv1.weight` is cut; TransPath#32: `patch_embed.proj.1.bias` onto `patch_embed.proj.bias` while
 * the rest of `proj.1` stays unpaired). A rename moves a module with all its tensors, so a source module
 * whose shown keys go to several target modules, or partly stay unpaired, is no rename the text shows:
 * its pairs are withheld (the keys stay missing and unexpected, and the text is said to be cut).
 * Batch counters are left out of "unpaired": a model may keep none where the checkpoint has them. Nor is a
 * source key renamed away from a name the model still lacks unpaired (torch named it in a size line, so both sides
 * hold it): the model's key would be left without a source (deepvoice3_pytorch#138, speech-driven-animation#70;
 * rule by s15-diag11).
 * Nor does a part of a numbered block leave it while the block's other parts stay unpaired: a block moves whole
 * too, so `updateformer.time_blocks.3.mlp.*` paired with the model's `corr_mlp.*` (no index 3 in its name) while
 * `time_blocks.3.attn.*` stays unexpected is a look-alike of another module, and block 3 one the model lacks
 * (co-tracker-123: a CoTracker2 checkpoint in the CoTracker3 model).
 */
import { isCounter } from '../key-roles.js';
import { isIndexSegment, modulePrefixOf, splitKey } from '../key-tokens.js';
import type { KeyPair, MatchStage, Pool } from './types.js';

const STRUCTURAL: ReadonlySet<MatchStage> = new Set(['module', 'template', 'key', 'suffix']);

/** The innermost numbered block a key lies in (`updateformer.time_blocks.3.`) and its index; null outside any. */
function blockOf(key: string): { path: string; index: string } | null {
  const segs = splitKey(key);
  for (let i = segs.length - 2; i >= 1; i--) {
    if (isIndexSegment(segs[i]!)) return { path: `${segs.slice(0, i + 1).join('.')}.`, index: segs[i]! };
  }
  return null;
}

/** The structural pairs to withhold from a cut text (see above); none from a whole one. */
export function scatteredOnCut(pairs: readonly KeyPair[], pool: Pool): Set<KeyPair> {
  const targets = new Map<string, Set<string>>();
  for (const p of pairs) {
    if (!STRUCTURAL.has(p.stage)) continue;
    const m = modulePrefixOf(p.source);
    if (!targets.has(m)) targets.set(m, new Set());
    targets.get(m)!.add(modulePrefixOf(p.target));
  }
  if (targets.size === 0) return new Set();
  // a source key whose own name the model still lacks (torch named it in a size line: both sides hold it) is no
  // rename: moved away, the model's key of that name would be left without a source (deepvoice3_pytorch#138)
  const ownNameLeft = pairs.filter((p) => STRUCTURAL.has(p.stage) && p.source !== p.target && pool.target.has(p.source));
  const unpaired = new Set<string>();
  for (const k of pool.source.keys()) if (!isCounter(k)) unpaired.add(modulePrefixOf(k));
  const scattered = new Set([...targets].filter(([m, t]) => t.size > 1 || unpaired.has(m)).map(([m]) => m));
  // numbered blocks with a key left unpaired, and the pairs that take a part out of one (no index of theirs in the target)
  const blocksLeft = new Set<string>();
  for (const k of pool.source.keys()) {
    const b = isCounter(k) ? null : blockOf(k);
    if (b) blocksLeft.add(b.path);
  }
  const leavesBlock = (p: KeyPair) => {
    const b = blockOf(p.source);
    return b !== null && blocksLeft.has(b.path) && !splitKey(p.target).includes(b.index);
  };
  return new Set([...pairs.filter((p) => STRUCTURAL.has(p.stage) && (scattered.has(modulePrefixOf(p.source)) || leavesBlock(p))), ...ownNameLeft]);
}
