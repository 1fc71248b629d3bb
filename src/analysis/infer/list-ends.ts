/**
 * A layer new or gone at the end of a numbered list of look-alikes (review 18 F3). Four equal Linears
 * `layers.0–3` against five: exact names keep `layers.0–3`, and `layers.4` is what the model has new. But a
 * layer inserted anywhere in the list gives the same keys: inserted at the front, the checkpoint's
 * `layers.0–3` belong at `layers.1–4`, and the kept names load every one of them a place off (keeping
 * `layers.4` missing and loading the rest runs clean in torch with every trained tensor wrong). The same
 * for a layer removed: the checkpoint's last look-alike is left over whichever one the refactor removed.
 * Which index is new or gone, the keys cannot say: listed as an ambiguity naming both readings
 * (issue 11), and check does not call strict=False the way such keys load.
 */
import { isIndexSegment, splitKey } from '../key-tokens.js';
import { listMembers, type ListMember } from './list-members.js';
import { LIST_SHIFT, type Ambiguity, type Located } from './types.js';

/** The words every such ambiguity's reason starts with (the ambiguity says what it is by `listEnd`). */
const LIST_END = 'the last of a numbered list of look-alikes';

/** At most this many lists are read (each a pass over the keys): more is no list-end change but another model. */
const MAX_LISTS = 4;

/** The list members (`P.i`) each key sits under: every numbered segment but the last segment. */
function membersOf(key: string): [string, number][] {
  const parts = splitKey(key);
  const out: [string, number][] = [];
  for (let i = 1; i < parts.length - 1; i++) if (isIndexSegment(parts[i]!)) out.push([parts.slice(0, i).join('.'), Number(parts[i])]);
  return out;
}

/** A member's signature without its shapes: the names below its index. */
function namesOf(m: ListMember): string {
  return m.sig
    .split('|')
    .map((x) => x.slice(0, x.lastIndexOf(':')))
    .join('|');
}

/**
 * `open` are the keys of one side nothing pairs (the model's unmapped keys, or the checkpoint's dropped and
 * left over ones); `side` that side's keys, `other` the other side's; `kept(k)` whether key `k` of `side` is
 * paired with its own name.
 */
function ends(open: readonly string[], side: ReadonlyMap<string, Located>, other: ReadonlyMap<string, Located>, kept: (k: string) => boolean, added: boolean): Ambiguity[] {
  const openSet = new Set(open);
  const candidates = new Map<string, Set<number>>();
  for (const k of open) {
    for (const [list, i] of membersOf(k)) {
      const c = candidates.get(list) ?? new Set<number>();
      candidates.set(list, c.add(i));
    }
  }
  if (candidates.size === 0 || candidates.size > MAX_LISTS) return [];
  const out: Ambiguity[] = [];
  const said = new Set<string>();
  // coarsest list first: `layers` before `layers.4.mlp`
  for (const [list, idxs] of [...candidates].sort((a, b) => a[0].length - b[0].length)) {
    if (idxs.size !== 1) continue;
    const n = [...idxs][0]!;
    const here = listMembers(side, list);
    const end = here.get(n);
    if (!end || end.keys.some((k) => !openSet.has(k) || said.has(k))) continue;
    // keys an error text names without shapes (the model's missing ones, beside the checkpoint: F3's second
    // half) are look-alikes by their names below the index; with shapes, by names and shapes
    const sig = end.keys.every((k) => side.get(k)?.shape == null) ? namesOf : (m: ListMember) => m.sig;
    const alike = [...here].filter(([, m]) => sig(m) === sig(end)).map(([i]) => i).sort((a, b) => a - b);
    if (alike.length < 2 || alike[alike.length - 1] !== n) continue;
    const rest = alike.slice(0, -1);
    if (!rest.every((i) => here.get(i)!.keys.every(kept))) continue;
    const there = [...listMembers(other, list)].filter(([, m]) => sig(m) === sig(end)).map(([i]) => i).sort((a, b) => a - b);
    if (there.length !== rest.length || there.some((i, j) => i !== rest[j])) continue;
    for (const k of end.keys) said.add(k);
    const span = `\`${list}.${alike[0]}\`–\`${list}.${n}\``;
    out.push({
      keys: end.keys.slice(0, 8),
      candidates: rest.flatMap((i) => here.get(i)!.keys).slice(0, 8),
      held: end.keys.length,
      listEnd: true,
      [LIST_SHIFT]: { list, members: alike, removed: !added },
      reason: added
        ? `${LIST_END}: \`${list}.${n}\` is new at the end of ${span}, or a layer was inserted anywhere in the list and the ones after it moved one index on; the keys are the same either way, and then the checkpoint's layers after the insertion load one place off under their kept names; what decides is where the model's code inserted the layer (rename the shifted ones with --rename, then keep the new one missing)`
        : `${LIST_END}: \`${list}.${n}\` is gone at the end of ${span}, or a layer was removed anywhere in the list and the ones after it moved one index down; the keys are the same either way, and then the checkpoint's layers after the removal load one place off under their kept names; what decides is which layer the model's code removed (rename the shifted ones with --rename, then drop the removed one)`,
    });
  }
  return out;
}

/**
 * The ambiguities of a list one member longer or shorter at its end, where exact names kept the rest:
 * `unmapped` the model's keys nothing becomes, `unpaired` the checkpoint's keys the plan drops or leaves.
 */
export function listEnds(unmapped: readonly string[], unpaired: readonly string[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, mapped: (sourceKey: string) => unknown): Ambiguity[] {
  const out: Ambiguity[] = [];
  if (unmapped.length > 0 && unpaired.length === 0) out.push(...ends(unmapped, target, source, (k) => mapped(k) === k, true));
  if (unpaired.length > 0 && unmapped.length === 0) out.push(...ends(unpaired, source, target, (k) => mapped(k) === k, false));
  return out;
}
