/**
 * Reading a plan someone may have edited: every structural problem is a FormatError naming the exact
 * place (`ops[2].pattern: invalid regex: …`), and a separate check that the ops still reproduce the
 * plan's mapping key by key.
 */
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import type { KeySetDigest } from './key-set.js';
import { IDENTITY_FIELDS, type SourceIdentity } from './source-identity.js';
import { PLAN_SOURCE_KINDS, type KeySelector, type Plan, type PlanOp, type PlanSourceKind } from './types.js';

const ARTICLE: Record<Exclude<PlanSourceKind, 'checkpoint'>, string> = { manifest: 'a manifest', 'key-list': 'a key list', 'error-text': 'an error text' };
import { PLAN_FORMAT, PLAN_VERSIONS, RELATIVE_TO_PLAN } from './schema.js';
import { OP_KINDS, ROPE_LAYOUTS, type RopeLayout } from '../analysis/op-vocabulary.js';
import { applyOpsToKeys, type MappingValue } from '../analysis/op-keys.js';
import { groupCount, hasArithmetic, regexProblem, replacementProblem } from '../analysis/infer/regex.js';

type Obj = Record<string, unknown>;

class Reader {
  constructor(private readonly file: string) {}

  fail(path: string, message: string): never {
    throw new FormatError(this.file, path ? `${path}: ${message}` : message);
  }

  object(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, `expected an object, got ${kind(v)}`);
    return v as Obj;
  }

  onlyFields(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(path, `unknown field '${k}' (allowed: ${allowed.join(', ')})`);
  }

  string(o: Obj, field: string, path: string, nonEmpty = false): string {
    const v = o[field];
    if (typeof v !== 'string') this.fail(`${path}.${field}`, v === undefined ? 'missing' : `expected a string, got ${kind(v)}`);
    if (nonEmpty && v.length === 0) this.fail(`${path}.${field}`, 'must not be empty');
    return v;
  }

  integer(o: Obj, field: string, path: string, min = 0): number {
    const v = o[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(`${path}.${field}`, v === undefined ? 'missing' : `expected an integer, got ${kind(v)}`);
    if (v < min) this.fail(`${path}.${field}`, `must be at least ${min}, got ${v}`);
    return v;
  }

  array(o: Obj, field: string, path: string): unknown[] {
    const v = o[field];
    if (!Array.isArray(v)) this.fail(`${path}.${field}`, v === undefined ? 'missing' : `expected an array, got ${kind(v)}`);
    return v;
  }

  strings(o: Obj, field: string, path: string, min = 0): string[] {
    const a = this.array(o, field, path);
    if (a.length < min) this.fail(`${path}.${field}`, `needs at least ${min} entries, got ${a.length}`);
    return a.map((x, i) => {
      if (typeof x !== 'string' || x.length === 0) this.fail(`${path}.${field}[${i}]`, `expected a non-empty string, got ${kind(x)}`);
      return x;
    });
  }

  integers(o: Obj, field: string, path: string, min: number, minItems: number): number[] {
    const a = this.array(o, field, path);
    if (a.length < minItems) this.fail(`${path}.${field}`, `needs at least ${minItems} entries, got ${a.length}`);
    return a.map((x, i) => {
      if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) this.fail(`${path}.${field}[${i}]`, `expected an integer ≥ ${min}, got ${kind(x)}`);
      return x;
    });
  }

  optionalConfidence(o: Obj, path: string): { confidence?: number } {
    const v = o.confidence;
    if (v === undefined) return {};
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) this.fail(`${path}.confidence`, `expected a number in [0, 1], got ${kind(v)}`);
    return { confidence: v };
  }

  optionalEvidence(o: Obj, path: string): { evidence?: string } {
    if (o.evidence === undefined) return {};
    return { evidence: this.string(o, 'evidence', path) };
  }

  regex(o: Obj, field: string, path: string): string {
    const p = this.string(o, field, path, true);
    const problem = regexProblem(p);
    if (problem) this.fail(`${path}.${field}`, problem);
    return p;
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : typeof v;
}

const META = ['confidence', 'evidence'];
/** the ways a reshape says its result: one exact shape, or trailing 1s per tensor (version 3) */
const RESHAPE_FORMS = ['shape', 'addTrailingOnes', 'removeTrailingOnes'] as const;
/** PyTorch's own limit on tensor dimensions */
const MAX_RANK = 64;

/** `key` or `pattern`, exactly one (a tensor op on one key or on every key a regex matches). */
function readSelector(r: Reader, o: Obj, path: string): KeySelector {
  const hasKey = o.key !== undefined;
  const hasPattern = o.pattern !== undefined;
  if (hasKey === hasPattern) r.fail(path, hasKey ? "give either 'key' or 'pattern', not both" : "needs 'key' (one tensor) or 'pattern' (a regex over keys)");
  return hasKey ? { key: r.string(o, 'key', path, true) } : { pattern: r.regex(o, 'pattern', path) };
}

function readOp(r: Reader, raw: unknown, path: string): PlanOp {
  const o = r.object(raw, path);
  const op = o.op;
  if (typeof op !== 'string' || !(OP_KINDS as readonly string[]).includes(op)) r.fail(`${path}.op`, `expected one of ${OP_KINDS.join(', ')}, got ${kind(op)}`);
  const meta = () => ({ ...r.optionalConfidence(o, path), ...r.optionalEvidence(o, path) });
  switch (op as PlanOp['op']) {
    case 'strip_prefix':
    case 'add_prefix': {
      r.onlyFields(o, path, ['op', 'prefix', ...META]);
      return { op: op as 'strip_prefix' | 'add_prefix', prefix: r.string(o, 'prefix', path, true), ...meta() };
    }
    case 'rename': {
      if (o.table !== undefined) return tableRename(r, o, path, meta());
      r.onlyFields(o, path, ['op', 'pattern', 'replacement', ...META]);
      const pattern = r.regex(o, 'pattern', path);
      const replacement = r.string(o, 'replacement', path);
      const problem = replacementProblem(replacement, groupCount(pattern));
      if (problem) r.fail(`${path}.replacement`, problem);
      return { op: 'rename', pattern, replacement, ...meta() };
    }
    case 'drop': {
      r.onlyFields(o, path, ['op', 'pattern', 'reason', 'confidence', 'unsettled', 'text_reading', 'no_counterpart']);
      // only `true` means something; `false` would read as a settled drop to some readers and not to others
      if (o.unsettled !== undefined && o.unsettled !== true) r.fail(`${path}.unsettled`, `expected true (or no such field: a settled drop), got ${typeof o.unsettled === 'boolean' ? String(o.unsettled) : kind(o.unsettled)}`);
      // the text's reading against a drop is said of an unsettled one: alone it would read as settled to a release that knows only `unsettled`
      if (o.text_reading !== undefined && o.unsettled !== true) r.fail(`${path}.text_reading`, 'is said only of an unsettled drop (unsettled: true)');
      const textReading = o.text_reading === undefined ? {} : { text_reading: r.string(o, 'text_reading', path, true) };
      if (o.no_counterpart !== undefined && o.no_counterpart !== true) r.fail(`${path}.no_counterpart`, `expected true (or no such field), got ${typeof o.no_counterpart === 'boolean' ? String(o.no_counterpart) : kind(o.no_counterpart)}`);
      return { op: 'drop', pattern: r.regex(o, 'pattern', path), reason: r.string(o, 'reason', path), ...r.optionalConfidence(o, path), ...(o.unsettled === true ? { unsettled: true as const } : {}), ...textReading, ...(o.no_counterpart === true ? { no_counterpart: true as const } : {}) };
    }
    case 'transpose': {
      r.onlyFields(o, path, ['op', 'key', 'pattern', 'dims', 'unwitnessed', ...META]);
      const selector = readSelector(r, o, path);
      const dims = r.integers(o, 'dims', path, 0, 2);
      const sorted = [...dims].sort((a, b) => a - b);
      if (!sorted.every((d, i) => d === i)) r.fail(`${path}.dims`, `[${dims.join(', ')}] is not a permutation of 0..${dims.length - 1}`);
      if (o.unwitnessed !== undefined && o.unwitnessed !== true) r.fail(`${path}.unwitnessed`, `expected true (or no such field: a transpose its layout witnesses), got ${typeof o.unwitnessed === 'boolean' ? String(o.unwitnessed) : kind(o.unwitnessed)}`);
      return { op: 'transpose', ...selector, dims, ...meta(), ...(o.unwitnessed === true ? { unwitnessed: true as const } : {}) };
    }
    case 'reshape': {
      r.onlyFields(o, path, ['op', 'key', 'pattern', 'shape', 'addTrailingOnes', 'removeTrailingOnes', ...META]);
      const selector = readSelector(r, o, path);
      const given = RESHAPE_FORMS.filter((f) => o[f] !== undefined);
      if (given.length !== 1) r.fail(path, given.length ? `a reshape gives one of ${RESHAPE_FORMS.join(', ')}, not ${given.join(' and ')}` : `a reshape needs 'shape' (one exact shape) or 'addTrailingOnes' / 'removeTrailingOnes' (dims of size 1 at the end of each tensor's own shape)`);
      if (given[0] !== 'shape') {
        const n = r.integer(o, given[0]!, path, 1);
        if (n >= MAX_RANK) r.fail(`${path}.${given[0]}`, `${n} dimensions; at most ${MAX_RANK - 1}`);
        return { op: 'reshape', ...selector, ...(given[0] === 'addTrailingOnes' ? { addTrailingOnes: n } : { removeTrailingOnes: n }), ...meta() };
      }
      const shape = r.integers(o, 'shape', path, 0, 0);
      if (shape.length > MAX_RANK) r.fail(`${path}.shape`, `${shape.length} dimensions; at most ${MAX_RANK}`);
      return { op: 'reshape', ...selector, shape, ...meta() };
    }
    case 'rope_permute': {
      r.onlyFields(o, path, ['op', 'key', 'pattern', 'heads', 'kv_heads', 'to', ...META]);
      const selector = readSelector(r, o, path);
      const heads = r.integer(o, 'heads', path, 1);
      const kvHeads = o.kv_heads === undefined ? {} : { kv_heads: r.integer(o, 'kv_heads', path, 1) };
      if (!(ROPE_LAYOUTS as readonly unknown[]).includes(o.to)) r.fail(`${path}.to`, `expected one of ${ROPE_LAYOUTS.join(', ')} (the row layout the op gives), got ${kind(o.to)}`);
      return { op: 'rope_permute', ...selector, heads, ...kvHeads, to: o.to as RopeLayout, ...meta() };
    }
    case 'split': {
      r.onlyFields(o, path, ['op', 'key', 'pattern', 'dim', 'targets', 'sizes', ...META]);
      const selector = readSelector(r, o, path);
      const dim = r.integer(o, 'dim', path);
      const targets = r.strings(o, 'targets', path, 2);
      const sizes = r.integers(o, 'sizes', path, 1, 2);
      if (sizes.length !== targets.length) r.fail(`${path}.sizes`, `${sizes.length} sizes for ${targets.length} targets`);
      if (selector.pattern !== undefined) {
        // by pattern, each target is a replacement expanded with the key's match
        const groups = groupCount(selector.pattern);
        targets.forEach((t, i) => {
          const problem = replacementProblem(t, groups);
          if (problem) r.fail(`${path}.targets[${i}]`, problem);
        });
      }
      return { op: 'split', ...selector, dim, targets, sizes, ...meta() };
    }
    case 'stack': {
      r.onlyFields(o, path, ['op', 'pattern', 'index', 'dim', 'target', ...META]);
      const pattern = r.regex(o, 'pattern', path);
      const groups = groupCount(pattern);
      const index = r.integer(o, 'index', path, 1);
      if (index > groups) r.fail(`${path}.index`, `group ${index} but the pattern has ${groups} group(s)`);
      const target = r.string(o, 'target', path, true);
      const problem = replacementProblem(target, groups);
      if (problem) r.fail(`${path}.target`, problem);
      return { op: 'stack', pattern, index, dim: r.integer(o, 'dim', path), target, ...meta() };
    }
    case 'copy': {
      r.onlyFields(o, path, ['op', 'key', 'target', ...META]);
      return { op: 'copy', key: r.string(o, 'key', path, true), target: r.string(o, 'target', path, true), ...meta() };
    }
    case 'concat': {
      r.onlyFields(o, path, ['op', 'keys', 'pattern', 'part', 'parts', 'dim', 'target', ...META]);
      const hasKeys = o.keys !== undefined;
      const byPattern = o.pattern !== undefined || o.part !== undefined || o.parts !== undefined;
      if (hasKeys === byPattern) r.fail(path, hasKeys ? "a concat names either 'keys' or 'pattern' with 'part' and 'parts', not both" : "a concat needs 'keys' (exact keys) or 'pattern', 'part' and 'parts' (every key a regex matches)");
      const dim = r.integer(o, 'dim', path);
      const target = r.string(o, 'target', path, true);
      if (hasKeys) return { op: 'concat', keys: r.strings(o, 'keys', path, 2), dim, target, ...meta() };
      const pattern = r.regex(o, 'pattern', path);
      const groups = groupCount(pattern);
      const part = r.integer(o, 'part', path, 1);
      if (part > groups) r.fail(`${path}.part`, `group ${part} but the pattern has ${groups} group(s)`);
      const parts = r.strings(o, 'parts', path, 2);
      const twice = parts.find((x, i) => parts.indexOf(x) !== i);
      if (twice !== undefined) r.fail(`${path}.parts`, `'${twice}' is listed twice: each part is joined once`);
      const problem = replacementProblem(target, groups);
      if (problem) r.fail(`${path}.target`, problem);
      return { op: 'concat', pattern, part, parts, dim, target, ...meta() };
    }
  }
}

/** Parse and check a plan read from JSON. Throws FormatError(file, `path: problem`). */
export function validatePlan(json: unknown, file: string): Plan {
  const r = new Reader(file);
  const o = r.object(json, '');
  r.onlyFields(o, '', ['format', 'version', 'paths', 'source', 'target', 'ops', 'mapping', 'unmapped', 'unexpected', 'keepMissing', 'loadsAsStored', 'tiedApart']);
  if (o.paths !== undefined && o.paths !== RELATIVE_TO_PLAN) r.fail('paths', `expected "${RELATIVE_TO_PLAN}" (relative file names start at the plan file's folder) or no field, got ${kind(o.paths)}`);
  if (o.format !== PLAN_FORMAT) r.fail('format', `expected "${PLAN_FORMAT}", got ${kind(o.format)}`);
  if (!(PLAN_VERSIONS as readonly unknown[]).includes(o.version)) r.fail('version', `this sdmatch reads versions ${PLAN_VERSIONS.slice(0, -1).join(', ')} and ${PLAN_VERSIONS.at(-1)}, got ${kind(o.version)}`);
  const version = o.version as Plan['version'];

  const so = r.object(o.source, 'source');
  r.onlyFields(so, 'source', ['file', 'size', 'sha256', 'entriesSha256', 'identity', 'select', 'kind', 'keySet', 'rivals']);
  const sha256 = r.string(so, 'sha256', 'source');
  if (!/^([0-9a-f]{64})?$/.test(sha256)) r.fail('source.sha256', 'expected 64 lowercase hex digits (or empty)');
  let entriesSha256: string | undefined;
  if (so.entriesSha256 !== undefined) {
    entriesSha256 = r.string(so, 'entriesSha256', 'source');
    if (!/^[0-9a-f]{64}$/.test(entriesSha256)) r.fail('source.entriesSha256', 'expected 64 lowercase hex digits');
  }
  let sourceKind: PlanSourceKind | undefined;
  if (so.kind !== undefined) {
    if (!(PLAN_SOURCE_KINDS as readonly unknown[]).includes(so.kind)) r.fail('source.kind', `expected one of ${PLAN_SOURCE_KINDS.join(', ')}, got ${kind(so.kind)}`);
    sourceKind = so.kind as PlanSourceKind;
    // only a checkpoint's bytes are what apply reads: a digest of anything else could never match
    if (sourceKind !== 'checkpoint' && sha256 !== '') r.fail('source.sha256', `a plan made from ${ARTICLE[sourceKind]} records no digest (apply checks the checkpoint's keys instead): leave it empty`);
    if (sourceKind !== 'checkpoint' && entriesSha256 !== undefined) r.fail('source.entriesSha256', `a plan made from ${ARTICLE[sourceKind]} records no digest (apply checks the checkpoint's keys instead): leave it out`);
  }
  const select = r.array(so, 'select', 'source').map((x, i) => {
    if (typeof x === 'string' || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) return x;
    return r.fail(`source.select[${i}]`, `expected a string or an index, got ${kind(x)}`);
  });
  const size = r.integer(so, 'size', 'source');
  const source = {
    file: r.string(so, 'file', 'source'),
    size,
    sha256,
    ...(entriesSha256 !== undefined ? { entriesSha256 } : {}),
    ...(so.identity !== undefined ? { identity: readIdentity(r, so.identity, sha256, size) } : {}),
    select,
    ...(sourceKind !== undefined ? { kind: sourceKind } : {}),
    ...(so.keySet !== undefined ? { keySet: readKeySet(r, so.keySet) } : {}),
    ...(so.rivals !== undefined ? { rivals: r.array(so, 'rivals', 'source').map((p, i) => r.array(so.rivals as Obj, String(i), 'source.rivals').map((x, j) => (typeof x === 'string' || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) ? x : r.fail(`source.rivals[${i}][${j}]`, `expected a string or an index, got ${kind(x)}`)))) } : {}),
  };

  const to = r.object(o.target, 'target');
  r.onlyFields(to, 'target', ['file', 'keys']);
  const target = { file: r.string(to, 'file', 'target'), keys: r.integer(to, 'keys', 'target') };

  const ops = r.array(o, 'ops', '').map((x, i) => readOp(r, x, `ops[${i}]`));
  if (version < 4) {
    // what version 4 added
    ops.forEach((op, i) => {
      if (op.op === 'rope_permute') r.fail(`ops[${i}].op`, `'rope_permute' needs plan version 4 (this plan says version ${version})`);
    });
  }
  if (version < 3) {
    // what version 3 added, in a plan that says it was written for a reader without it
    ops.forEach((op, i) => {
      if (op.op === 'concat' && op.pattern !== undefined) r.fail(`ops[${i}].pattern`, `a concat by pattern needs plan version 3 (this plan says version ${version})`);
      if (op.op === 'reshape' && op.shape === undefined) {
        r.fail(`ops[${i}].${op.addTrailingOnes !== undefined ? 'addTrailingOnes' : 'removeTrailingOnes'}`, `a reshape by trailing 1s needs plan version 3 (this plan says version ${version})`);
      }
    });
  }
  if (version === 1) {
    // what version 2 added: a version-1 plan saying it was written by a reader that knew none of it
    ops.forEach((op, i) => {
      if (op.op === 'copy' || op.op === 'stack') r.fail(`ops[${i}].op`, `'${op.op}' needs plan version 2`);
      if (op.op === 'rename' && op.replacement !== undefined && hasArithmetic(op.replacement)) r.fail(`ops[${i}].replacement`, 'index arithmetic (${…}) needs plan version 2');
      if (op.op === 'split' && op.pattern !== undefined) r.fail(`ops[${i}].pattern`, 'a split by pattern needs plan version 2');
    });
  }

  const mo = r.object(o.mapping, 'mapping');
  const mapping: Record<string, MappingValue> = Object.create(null);
  for (const [k, v] of Object.entries(mo)) {
    const path = `mapping[${JSON.stringify(k)}]`;
    if (v === null || typeof v === 'string') mapping[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) mapping[k] = v as string[];
    else r.fail(path, `expected a key, a list of keys or null, got ${kind(v)}`);
  }
  const keyList = (field: string) => r.array(o, field, '').map((x, i) => {
    if (typeof x !== 'string') return r.fail(`${field}[${i}]`, `expected a string, got ${kind(x)}`);
    return x;
  });
  const unmapped = keyList('unmapped');
  const unexpected = o.unexpected !== undefined ? keyList('unexpected') : undefined;
  const keepMissing = o.keepMissing !== undefined ? r.array(o, 'keepMissing', '').map((_, i) => r.regex(o.keepMissing as Obj, String(i), 'keepMissing')) : undefined;
  const loadsAsStored = o.loadsAsStored !== undefined ? r.array(o, 'loadsAsStored', '').map((_, i) => r.string(o.loadsAsStored as Obj, String(i), 'loadsAsStored', true)) : undefined;
  const tiedApart = o.tiedApart !== undefined ? r.array(o, 'tiedApart', '').map((g, i) => {
    const keys = r.array(o.tiedApart as Obj, String(i), 'tiedApart').map((_, j) => r.string(g as Obj, String(j), `tiedApart[${i}]`, true));
    return keys.length >= 2 ? keys : r.fail(`tiedApart[${i}]`, `expected two or more keys, got ${keys.length}`);
  }) : undefined;
  return { format: PLAN_FORMAT, version, ...(o.paths !== undefined ? { paths: RELATIVE_TO_PLAN } : {}), source, target, ops, mapping, unmapped, ...(unexpected ? { unexpected } : {}), ...(keepMissing ? { keepMissing } : {}), ...(loadsAsStored ? { loadsAsStored } : {}), ...(tiedApart ? { tiedApart } : {}) };
}

function readKeySet(r: Reader, raw: unknown): KeySetDigest {
  const o = r.object(raw, 'source.keySet');
  r.onlyFields(o, 'source.keySet', ['count', 'sha256']);
  const sha256 = r.string(o, 'sha256', 'source.keySet');
  if (!/^[0-9a-f]{64}$/.test(sha256)) r.fail('source.keySet.sha256', 'expected 64 lowercase hex digits');
  return { count: r.integer(o, 'count', 'source.keySet'), sha256 };
}

/**
 * `source.identity` (src/plan/source-identity.ts): optional, so it needs no version bump (as
 * entriesSha256 and keySet before it): a release that predates it never misreads it, because every
 * release refuses a field it does not know, by name (onlyFields; checked on the release before it:
 * `source: unknown field 'identity'`, exit 2), and a plan without it is read as before. It vouches that
 * the file still holds the bytes of `sha256`, so it needs one, and the size it names is the source's.
 */
function readIdentity(r: Reader, raw: unknown, sha256: string, size: number): SourceIdentity {
  const o = r.object(raw, 'source.identity');
  r.onlyFields(o, 'source.identity', IDENTITY_FIELDS);
  if (sha256 === '') r.fail('source.identity', 'says the file is unchanged since its sha256 was computed, but source.sha256 is empty: remove it (or record the sha256)');
  const decimal = (field: 'device' | 'inode' | 'mtimeNs' | 'ctimeNs') => {
    const v = r.string(o, field, 'source.identity');
    if (!/^[0-9]{1,20}$/.test(v)) r.fail(`source.identity.${field}`, `expected a decimal integer as a string, got ${kind(v)}`);
    return v;
  };
  const identity = { device: decimal('device'), inode: decimal('inode'), size: r.integer(o, 'size', 'source.identity'), mtimeNs: decimal('mtimeNs'), ctimeNs: decimal('ctimeNs') };
  if (identity.size !== size) r.fail('source.identity.size', `is ${identity.size}, but source.size is ${size}: they describe the same file`);
  return identity;
}

function show(v: MappingValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'dropped';
  return Array.isArray(v) ? `[${v.map((x) => `'${x}'`).join(', ')}]` : `'${v}'`;
}

function sameValue(a: MappingValue | undefined, b: MappingValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/**
 * Do the ops, run over these source keys, give exactly the plan's mapping? Returns every disagreement
 * (empty when consistent): op errors, keys whose result differs, keys one side has and the other not.
 */
export function checkPlanConsistency(plan: Plan, sourceKeys: readonly KeyEntry[]): string[] {
  const { mapping, errors } = applyOpsToKeys(plan.ops, sourceKeys);
  const problems = [...errors];
  const planned = new Map(Object.entries(plan.mapping));
  for (const e of sourceKeys) {
    const want = planned.get(e.key);
    const got = mapping[e.key];
    if (want === undefined) problems.push(`mapping has no entry for source key '${e.key}' (ops give ${show(got)})`);
    else if (!sameValue(want, got)) problems.push(`mapping['${e.key}']: the plan says ${show(want)} but the ops give ${show(got)}`);
    planned.delete(e.key);
  }
  for (const k of planned.keys()) problems.push(`mapping names '${k}', which is not a key of the source`);
  const produced = new Set<string>();
  for (const v of Object.values(mapping)) {
    if (typeof v === 'string') produced.add(v);
    else if (Array.isArray(v)) for (const x of v) produced.add(x);
  }
  for (const u of plan.unmapped) if (produced.has(u)) problems.push(`unmapped lists '${u}', but the ops produce it`);
  return problems;
}

/** an index table's most rows: a table is a short list the reader can check, not a key-by-key mapping */
export const TABLE_ROWS_MAX = 256;

/**
 * A rename by index table: a pattern with a group 1 whose text picks the row, and rows that are plain
 * replacements (`$N`, `$$`; no index arithmetic: the table is the arithmetic). At most TABLE_ROWS_MAX rows.
 */
function tableRename(r: Reader, o: Obj, path: string, meta: Pick<PlanOp, 'confidence'> & { evidence?: string }): PlanOp {
  r.onlyFields(o, path, ['op', 'pattern', 'table', ...META]);
  const pattern = r.regex(o, 'pattern', path);
  const groups = groupCount(pattern);
  if (groups < 1) r.fail(`${path}.pattern`, 'a rename by table needs a group 1: its text picks the row');
  const t = r.object(o.table, `${path}.table`);
  const rows = Object.entries(t);
  if (rows.length === 0) r.fail(`${path}.table`, 'has no rows');
  if (rows.length > TABLE_ROWS_MAX) r.fail(`${path}.table`, `has ${rows.length} rows; at most ${TABLE_ROWS_MAX}`);
  const table: Record<string, string> = Object.create(null);
  for (const [k, v] of rows) {
    const at = `${path}.table[${JSON.stringify(k)}]`;
    if (typeof v !== 'string') r.fail(at, `expected a string (a replacement), got ${kind(v)}`);
    if (hasArithmetic(v as string)) r.fail(at, 'index arithmetic (${…}) is not read in a table row: write the row\'s text');
    const problem = replacementProblem(v as string, groups);
    if (problem) r.fail(at, problem);
    table[k] = v as string;
  }
  return { op: 'rename', pattern, table, ...meta };
}
