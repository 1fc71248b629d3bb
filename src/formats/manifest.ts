import { isDType } from './dtype.js';
import { FormatError } from './errors.js';
import type { KeyEntry } from './keys.js';
import { JOINED_TP } from './megatron/names.js';
import { objectKeysInOrder } from './safetensors/json-keys.js';

/**
 * The expected-keys manifest: what a model's `state_dict()` holds, in its order, without weights.
 * Long form `{"format": "sdmatch-manifest", "version": 1, "tensors": {"k": {"shape": [..], "dtype": ".."}}}`
 * (documented in schemas/manifest.schema.json), short form `{"k": [..], ...}`.
 * The long form may add `"tied": [["embed.weight", "lm_head.weight"], …]`: the keys that view one storage
 * (a tied weight), as python/sdmatch_manifest.py reads them off the model. Without it a manifest cannot
 * show a tie, and plan inference leaves a tied head missing rather than guess it (side-facts.ts).
 * It may add `"modules": {"h.0.attn.c_attn": "Conv1D", …}`: the class of each module that holds tensors, as
 * python/sdmatch_manifest.py reads it off the model. Keys and shapes cannot show a square weight whose module
 * went from a Conv1D (stored [in, out]) to a Linear ([out, in]); the classes can (judge-shapes.ts, review 18 F6).
 * Absent: it cannot say.
 */

/** A manifest's tensors, and its storage groups: null when it does not say (no `tied` field, the short form). */
export interface ManifestContents {
  entries: KeyEntry[];
  tied: string[][] | null;
  /** the Megatron save's args a conversion needs (`megatron`): null when it does not say */
  megatron?: ManifestMegatron | null;
  /** each module's class (`modules`: module name → class name, `""` the root): null or absent when it does not say */
  modules?: ReadonlyMap<string, string> | null;
}

/**
 * What a Megatron (or Megatron-DeepSpeed) save says of its attention, kept in a manifest (`"megatron": {…}`) so
 * that a plan made from the manifest, or a key list's stand-in, knows the fused q/k/v rows' layout the way one
 * made from the checkpoint does (analysis/infer/megatron-qkv.ts reads exactly these): without them a rename
 * between layouts is withdrawn. `sdmatch manifest` writes them from the save's `args` and `checkpoint_version`.
 */
export interface ManifestMegatron {
  args: Map<string, number | boolean>;
  ckptVersion: number | null;
}

/**
 * The args of `megatron` (the Namespace's names), positive integers but `group_query_attention`, a boolean;
 * `tensor_model_parallel_size` is the ranks the tensors were joined from (megatron/names.ts JOINED_TP).
 */
export const MEGATRON_ARGS = ['num_attention_heads', 'hidden_size', 'kv_channels', 'num_query_groups', 'group_query_attention', JOINED_TP] as const;

export const MANIFEST_FORMAT = 'sdmatch-manifest';
export const MANIFEST_VERSION = 1;

/** A JSON-pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`. */
function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function parseShape(v: unknown, file: string, at: string, text: string): number[] {
  if (!Array.isArray(v)) throw new FormatError(file, `${at}: shape must be an array of sizes, not ${typeName(v)}`);
  for (let i = 0; i < v.length; i++) {
    const d = v[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      const big = typeof d === 'number' && Math.abs(d) >= 2 ** 53;
      throw new FormatError(file, `${at}/${i}: a size must be a non-negative integer${big ? ' below 2^53' : ''}, not ${big ? numberAsWritten(d, text) : JSON.stringify(d)}`);
    }
  }
  return v as number[];
}

/**
 * The number `d` as the text writes it: JSON.parse rounds a number past 2^53 (9007199254740993 reads as
 * ...992), and a message must quote the file, not the rounding. The first number token of that value;
 * JSON's spelling of the value if none is found.
 */
function numberAsWritten(d: number, text: string): string {
  for (const m of text.matchAll(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) if (Number(m[0]) === d) return m[0];
  return JSON.stringify(d);
}

/** The check parseShape makes, without building the location it would report. */
function isSizes(v: unknown): v is number[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const d: unknown = v[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return false;
  }
  return true;
}

/** Cheap sniff for format detection: a JSON object that names the format or maps a key to a shape. */
export function looksLikeManifest(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{')) return false;
  return head.includes(`"${MANIFEST_FORMAT}"`) || /^\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\[\s*(?:\d|\])/.test(head);
}

/**
 * The keys of the object at `path` ([] the top level, ['tensors'] the long form's map) in the text's
 * order. JSON.parse cannot give it: integer-like names (`"0"`) are enumerated first whatever the
 * text's order, and state-dict order is evidence; and of a name written twice it silently keeps the
 * last (its shape), so a name written twice is refused here, as the shard index and safetensors
 * readers refuse it.
 */
function keysInTextOrder(obj: Record<string, unknown>, body: string, path: readonly string[], file: string): string[] {
  const keys = objectKeysInOrder(body, path);
  if (keys === null) return Object.keys(obj);
  if (keys.length !== Object.keys(obj).length) {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) throw duplicateTensor(file, k);
      seen.add(k);
    }
  }
  return keys;
}

/** The error for a tensor named twice (manifest-scan.ts refuses it too). */
export function duplicateTensor(file: string, key: string): FormatError {
  return new FormatError(file, `the manifest names tensor ${quoteKey(key)} twice`);
}

/** A key as a message quotes it: JSON's quoting, and at most 200 characters of a longer key. */
function quoteKey(key: string): string {
  return key.length > 200 ? `${JSON.stringify(key.slice(0, 200)).slice(0, -1)}…" (${key.length} characters)` : JSON.stringify(key);
}

export const INTEGER_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/**
 * Whether the long form's top level may name "tensors" twice (JSON.parse keeps the last, silently):
 * without a backslash every quote delimits a string, so one `"tensors"` token means one such field
 * and the walk over the top level is skipped.
 */
function tensorsFieldMayRepeat(text: string): boolean {
  if (text.includes('\\')) return true;
  const first = text.indexOf('"tensors"');
  return first >= 0 && text.indexOf('"tensors"', first + 1) >= 0;
}

export function parseManifest(text: string, file: string): KeyEntry[] {
  return parseManifestContents(text, file).entries;
}

/**
 * `tied` checked against the tensors: groups of two or more of its keys, no key in two groups (one
 * storage per key). A group naming a key the manifest lacks is refused: it would tie a key to nothing.
 */
export function checkTied(tied: unknown, entries: readonly KeyEntry[], file: string): string[][] {
  if (!Array.isArray(tied)) throw new FormatError(file, `${pointer('tied')}: must be an array of groups of keys that share one storage, not ${typeName(tied)}`);
  const keys = new Set(entries.map((e) => e.key));
  const grouped = new Set<string>();
  return tied.map((g, i) => {
    if (!Array.isArray(g) || g.length < 2) throw new FormatError(file, `${pointer('tied', i)}: a group is an array of two or more keys, not ${Array.isArray(g) ? `${g.length} key${g.length === 1 ? '' : 's'}` : typeName(g)}`);
    return g.map((k, j) => {
      if (typeof k !== 'string') throw new FormatError(file, `${pointer('tied', i, j)}: a key is a string, not ${typeName(k)}`);
      if (!keys.has(k)) throw new FormatError(file, `${pointer('tied', i, j)}: ${quoteKey(k)} is not a tensor of this manifest`);
      if (grouped.has(k)) throw new FormatError(file, `${pointer('tied', i, j)}: ${quoteKey(k)} is in two groups (a key views one storage)`);
      grouped.add(k);
      return k;
    });
  });
}

/**
 * `modules` checked: an object of module name → class name (a non-empty string), each name a module that
 * holds a tensor of the manifest (`""`, the root, holds the keys without a dot). A name no tensor is under
 * is refused, as `tied` refuses a key the manifest lacks: it would describe nothing.
 */
export function checkModules(v: unknown, entries: readonly KeyEntry[], file: string): Map<string, string> {
  if (!isPlainObject(v)) throw new FormatError(file, `${pointer('modules')}: must be an object of module name → class name, not ${typeName(v)}`);
  const owners = new Set<string>();
  for (const e of entries) {
    const dot = e.key.lastIndexOf('.');
    owners.add(dot < 0 ? '' : e.key.slice(0, dot));
  }
  const out = new Map<string, string>();
  for (const [name, cls] of Object.entries(v)) {
    if (typeof cls !== 'string' || cls.length === 0) throw new FormatError(file, `${pointer('modules', name)}: a class name is a non-empty string, not ${JSON.stringify(cls)}`);
    if (!owners.has(name)) throw new FormatError(file, `${pointer('modules', name)}: ${quoteKey(name)} holds no tensor of this manifest`);
    out.set(name, cls);
  }
  return out;
}

/** `megatron` checked: known names only, each of its type; `checkpoint_version` a number ≥ 0. */
export function checkMegatron(v: unknown, file: string): ManifestMegatron {
  if (!isPlainObject(v)) throw new FormatError(file, `${pointer('megatron')}: must be an object of the Megatron save's args (${MEGATRON_ARGS.join(', ')}, checkpoint_version), not ${typeName(v)}`);
  const args = new Map<string, number | boolean>();
  let ckptVersion: number | null = null;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'checkpoint_version') {
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new FormatError(file, `${pointer('megatron', k)}: a number ≥ 0 (the save's checkpoint_version), not ${JSON.stringify(x)}`);
      ckptVersion = x;
    } else if (k === 'group_query_attention') {
      if (typeof x !== 'boolean') throw new FormatError(file, `${pointer('megatron', k)}: true or false, not ${JSON.stringify(x)}`);
      args.set(k, x);
    } else if ((MEGATRON_ARGS as readonly string[]).includes(k)) {
      if (typeof x !== 'number' || !Number.isSafeInteger(x) || x <= 0) throw new FormatError(file, `${pointer('megatron', k)}: a positive integer, not ${JSON.stringify(x)}`);
      args.set(k, x);
    } else {
      throw new FormatError(file, `${pointer('megatron', k)}: unknown Megatron arg (a manifest keeps ${MEGATRON_ARGS.join(', ')} and checkpoint_version)`);
    }
  }
  return { args, ckptVersion };
}

/** The tensors and the storage groups of a manifest's text (parseManifest's reading, `tied` too). */
export function parseManifestContents(text: string, file: string): ManifestContents {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    throw new FormatError(file, `not valid JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(doc)) throw new FormatError(file, `a manifest is a JSON object, not ${typeName(doc)}`);

  if ('format' in doc) {
    if (doc.format !== MANIFEST_FORMAT) {
      throw new FormatError(file, `${pointer('format')}: expected "${MANIFEST_FORMAT}", found ${JSON.stringify(doc.format)}`);
    }
    if (doc.version !== MANIFEST_VERSION) {
      throw new FormatError(file, `${pointer('version')}: unsupported manifest version ${JSON.stringify(doc.version)} (this sdmatch reads version ${MANIFEST_VERSION})`);
    }
    const tensors = doc.tensors;
    if (!isPlainObject(tensors)) throw new FormatError(file, `${pointer('tensors')}: must be an object of key → {shape, dtype}, not ${typeName(tensors)}`);
    for (const extra of Object.keys(doc)) {
      if (extra !== 'format' && extra !== 'version' && extra !== 'tensors' && extra !== 'model' && extra !== 'tied' && extra !== 'megatron' && extra !== 'modules') {
        throw new FormatError(file, `${pointer(extra)}: unknown manifest field`);
      }
    }
    if (doc.model !== undefined && typeof doc.model !== 'string') {
      throw new FormatError(file, `${pointer('model')}: must be a string, not ${typeName(doc.model)}`);
    }
    if (tensorsFieldMayRepeat(body) && (objectKeysInOrder(body, []) ?? []).filter((k) => k === 'tensors').length > 1) {
      throw new FormatError(file, `${pointer('tensors')}: appears twice`);
    }
    const keys = keysInTextOrder(tensors, body, ['tensors'], file);
    const out: KeyEntry[] = new Array<KeyEntry>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      // the JSON pointer is built only for a message: 100,000 keys must not each pay for one
      const t = tensors[key];
      if (!isPlainObject(t)) throw new FormatError(file, `${pointer('tensors', key)}: must be an object {shape, dtype}, not ${typeName(t)}`);
      for (const f in t) {
        if (f !== 'shape' && f !== 'dtype') throw new FormatError(file, `${pointer('tensors', key)}/${f}: unknown field (expected shape, dtype)`);
      }
      if (!('shape' in t)) throw new FormatError(file, `${pointer('tensors', key)}: shape is required (null when unknown)`);
      const shape = t.shape === null ? null : isSizes(t.shape) ? t.shape : parseShape(t.shape, file, `${pointer('tensors', key)}/shape`, body);
      const d = t.dtype ?? null;
      if (d !== null && (typeof d !== 'string' || !isDType(d))) {
        throw new FormatError(file, `${pointer('tensors', key)}/dtype: unknown dtype ${JSON.stringify(d)} (use PyTorch's name, e.g. "float32", "bfloat16")`);
      }
      out[i] = { key, shape, dtype: d };
    }
    return {
      entries: out,
      tied: doc.tied === undefined ? null : checkTied(doc.tied, out, file),
      ...(doc.megatron !== undefined ? { megatron: checkMegatron(doc.megatron, file) } : {}),
      ...(doc.modules !== undefined ? { modules: checkModules(doc.modules, out, file) } : {}),
    };
  }

  const keys = keysInTextOrder(doc, body, [], file);
  if (keys.length === 0) throw new FormatError(file, 'the manifest lists no tensors');
  const entries = keys.map((key) => {
    const v = doc[key];
    return { key, shape: isSizes(v) ? v : parseShape(v, file, pointer(key), body), dtype: null };
  });
  return { entries, tied: null };
}

/** The long form, one tensor a line so that manifests diff well in review; order preserved. */
export function writeManifest(entries: readonly KeyEntry[], tied: readonly (readonly string[])[] | null = null, megatron: ManifestMegatron | null = null, modules: ReadonlyMap<string, string> | null = null): string {
  const seen = new Set<string>();
  const lines = entries.map((e) => {
    if (seen.has(e.key)) throw new Error(`writeManifest: duplicate key ${JSON.stringify(e.key)}`);
    seen.add(e.key);
    const shape = e.shape === null ? 'null' : `[${e.shape.join(', ')}]`;
    const dtype = e.dtype === null ? '' : `, "dtype": ${JSON.stringify(e.dtype)}`;
    return `    ${JSON.stringify(e.key)}: {"shape": ${shape}${dtype}}`;
  });
  const body = lines.length ? `{\n${lines.join(',\n')}\n  }` : '{}';
  const groups = tied === null ? '' : `,\n  "tied": [${tied.map((g) => `[${g.map((k) => JSON.stringify(k)).join(', ')}]`).join(', ')}]`;
  const fields = megatron === null ? [] : [...MEGATRON_ARGS.filter((k) => megatron.args.has(k)).map((k) => `${JSON.stringify(k)}: ${megatron.args.get(k)}`), ...(megatron.ckptVersion !== null ? [`"checkpoint_version": ${megatron.ckptVersion}`] : [])];
  const args = megatron === null ? '' : `,\n  "megatron": {${fields.join(', ')}}`;
  const classes = modules === null ? '' : `,\n  "modules": {${[...modules].map(([m, c]) => `${JSON.stringify(m)}: ${JSON.stringify(c)}`).join(', ')}}`;
  return `{\n  "format": "${MANIFEST_FORMAT}",\n  "version": ${MANIFEST_VERSION},\n  "tensors": ${body}${groups}${args}${classes}\n}\n`;
}
