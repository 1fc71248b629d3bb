/**
 * A state dict's `_metadata` (OrderedDict attribute: module name → {'version': n}) tells
 * load_state_dict which version each module's parameters were saved by; BatchNorm fills in
 * `num_batches_tracked` when it is below 2. Renaming tensors without renaming these module names would
 * silently give every module "no version". The new module names come from the tensors themselves:
 *
 * 1. a module with tensors of its own (`features.1` holds `features.1.weight`) goes where they went
 *    (`features.1.weight` → `1.weight`… gives `1`); all of them dropped → its entry is dropped; own tensors
 *    written under several names (a `--tie` copies `emb.weight` to `lm_head.weight`) go where the name ops
 *    take the module, when every one of them is written there too (s20-verify: the tie dropped `emb`'s entry);
 * 2. otherwise (containers, the root, modules without tensors) the plan's name ops are applied to the
 *    module path with a trailing dot (`module.` → `` under strip_prefix `module.`), and the result is
 *    kept only when every tensor under the module went under the new name; failing that, the name the
 *    tensors under it share at the same depth is used; failing that, the entry is dropped (a version
 *    claimed for the wrong module is worse than none).
 *
 * When two entries land on one name (DDP's wrapper `` and its `module` → ``), the renamed one wins: it
 * describes the module the tensors came from.
 */
import { compileNameOp, isNameOp } from '../analysis/op-vocabulary.js';
import type { PyDict, PyValue } from '../formats/pickle/values.js';
import type { PlanOp } from '../plan/types.js';

export interface MetadataRename {
  /** the renamed `_metadata` dict (same class, same version values) */
  metadata: PyDict;
  renamed: number;
  dropped: string[];
}

type Final = string | string[] | null;

// reading `_metadata` is the analysis layer's (module-versions.ts: what it means for BatchNorm's counters)
export { metadataOf } from '../analysis/module-versions.js';

/** The OrderedDict attributes with `_metadata` replaced (other attributes kept as they were). */
export function withMetadata(attrs: PyValue | undefined, metadata: PyDict): PyValue {
  const base: PyDict = typeof attrs === 'object' && attrs !== null && attrs.kind === 'dict' ? attrs : { kind: 'dict', entries: [] };
  const entries = base.entries.filter(([k]) => k !== '_metadata');
  entries.push(['_metadata', metadata]);
  return { ...base, entries };
}

const under = (module: string) => (module === '' ? '' : `${module}.`);

export function renameMetadata(metadata: PyDict, ops: readonly PlanOp[], mapping: Readonly<Record<string, Final>>): MetadataRename {
  const steps = ops.filter(isNameOp).map(compileNameOp);
  const probe = (module: string): string | null => {
    let name = under(module);
    for (const step of steps) {
      const r = step(name);
      if (r === null) return null;
      if (r !== undefined) name = r;
    }
    return name.endsWith('.') ? name.slice(0, -1) : name;
  };

  const keys = Object.keys(mapping);
  const decided: { from: string; to: string | null; value: PyValue }[] = [];
  for (const [k, value] of metadata.entries) {
    if (typeof k !== 'string') {
      decided.push({ from: String(k), to: null, value });
      continue;
    }
    decided.push({ from: k, to: newModuleName(k, keys, mapping, probe), value });
  }

  const taken = new Set<string>();
  for (const d of decided) if (d.to !== null && d.to !== d.from) taken.add(d.to);
  const entries: [PyValue, PyValue][] = [];
  const dropped: string[] = [];
  let renamed = 0;
  const seen = new Set<string>();
  for (const d of decided) {
    const lost = d.to === null || seen.has(d.to) || (d.to === d.from && taken.has(d.to));
    if (lost) {
      dropped.push(d.from);
      continue;
    }
    seen.add(d.to!);
    if (d.to !== d.from) renamed++;
    entries.push([d.to!, d.value]);
  }
  const out: PyDict = { kind: 'dict', entries };
  if (metadata.cls) out.cls = metadata.cls;
  return { metadata: out, renamed, dropped };
}

function newModuleName(module: string, keys: readonly string[], mapping: Readonly<Record<string, Final>>, probe: (m: string) => string | null): string | null {
  const prefix = under(module);
  const direct: string[] = [];
  const below: string[] = [];
  for (const k of keys) {
    if (!k.startsWith(prefix)) continue;
    (k.indexOf('.', prefix.length) < 0 ? direct : below).push(k);
  }
  const probed = probe(module);
  if (direct.length > 0) {
    const fromOwn = ownTensorsName(prefix, direct, mapping, probed);
    if (fromOwn !== undefined) return fromOwn;
  }
  const all = direct.concat(below);
  if (probed === null) return null;
  if (allUnder(probed, all, mapping)) return probed;
  const sameDepth = sharedAtDepth(prefix, all, mapping);
  if (sameDepth !== null && allUnder(sameDepth, all, mapping)) return sameDepth;
  return null;
}

/**
 * undefined: the own tensors do not settle it (renamed leaves, splits); null: all dropped. A tensor written under
 * several names (a copy) settles it only at `probed`, the module's name after the name ops, when it is one of them.
 */
function ownTensorsName(prefix: string, direct: readonly string[], mapping: Readonly<Record<string, Final>>, probed: string | null): string | null | undefined {
  let name: string | undefined;
  let live = 0;
  for (const k of direct) {
    const v = mapping[k];
    if (v === null || v === undefined) continue;
    live++;
    const leaf = k.slice(prefix.length);
    const moduleOf = (x: string) => (x !== leaf && !x.endsWith(`.${leaf}`) ? undefined : x.slice(0, Math.max(0, x.length - leaf.length - 1)));
    const n = Array.isArray(v) ? (probed !== null && v.some((x) => moduleOf(x) === probed) ? probed : undefined) : moduleOf(v);
    if (n === undefined) return undefined;
    if (name !== undefined && name !== n) return undefined;
    name = n;
  }
  return live === 0 ? null : name;
}

function allUnder(module: string, keys: readonly string[], mapping: Readonly<Record<string, Final>>): boolean {
  const p = under(module);
  for (const k of keys) {
    const v = mapping[k];
    if (v === null || v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) if (!x.startsWith(p) || x.length === p.length) return false;
  }
  return true;
}

/** The name all tensors below the module share once their (old) depth below it is removed, if one. */
function sharedAtDepth(prefix: string, keys: readonly string[], mapping: Readonly<Record<string, Final>>): string | null {
  let name: string | null = null;
  for (const k of keys) {
    const v = mapping[k];
    if (typeof v !== 'string') continue;
    const depth = k.slice(prefix.length).split('.').length;
    const segs = v.split('.');
    if (segs.length <= depth) return null;
    const n = segs.slice(0, segs.length - depth).join('.');
    if (name !== null && name !== n) return null;
    name = n;
  }
  return name;
}
