import { isDType } from './dtype.js';
import { FormatError } from './errors.js';
import type { KeyEntry } from './keys.js';

/**
 * The expected-keys manifest: what a model's `state_dict()` holds, in its order, without weights.
 * Long form `{"format": "sdmatch-manifest", "version": 1, "tensors": {"k": {"shape": [..], "dtype": ".."}}}`
 * (documented in schemas/manifest.schema.json), short form `{"k": [..], ...}`.
 */

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

function parseShape(v: unknown, file: string, at: string): number[] {
  if (!Array.isArray(v)) throw new FormatError(file, `${at}: shape must be an array of sizes, not ${typeName(v)}`);
  for (let i = 0; i < v.length; i++) {
    const d = v[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new FormatError(file, `${at}/${i}: a size must be a non-negative integer, not ${JSON.stringify(d)}`);
    }
  }
  return v as number[];
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
 * Integer-like property names (`"0"`) are enumerated first by JavaScript objects whatever the text's
 * order, and state-dict order is evidence; so when they occur, the order is read back from the text.
 * Returns the keys of the top-level object (depth 1) or of the object under `tensors` (depth 2).
 */
function keysInTextOrder(text: string, underTensors: boolean): string[] {
  const keys: string[] = [];
  const stack: string[] = [];
  let inTensors = false;
  let lastTopKey: string | null = null;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const str = JSON.parse(text.slice(i, j + 1)) as string;
        const depth = stack.length;
        if (depth === 1) lastTopKey = str;
        if ((!underTensors && depth === 1) || (underTensors && inTensors && depth === 2)) keys.push(str);
      }
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push(c);
      if (c === '{' && stack.length === 2) inTensors = lastTopKey === 'tensors';
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] === '{';
    }
  }
  return keys;
}

export const INTEGER_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/** Only keys starting with a digit can be integer-like: the regex runs on those alone. */
function hasIntegerLikeKey(keys: readonly string[]): boolean {
  for (const k of keys) {
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57 && INTEGER_LIKE.test(k)) return true;
  }
  return false;
}

function orderedKeys(obj: Record<string, unknown>, text: string, underTensors: boolean): string[] {
  const keys = Object.keys(obj);
  if (!hasIntegerLikeKey(keys)) return keys;
  const fromText = keysInTextOrder(text, underTensors);
  return fromText.length === keys.length ? fromText : keys;
}

export function parseManifest(text: string, file: string): KeyEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
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
      if (extra !== 'format' && extra !== 'version' && extra !== 'tensors' && extra !== 'model') {
        throw new FormatError(file, `${pointer(extra)}: unknown manifest field`);
      }
    }
    if (doc.model !== undefined && typeof doc.model !== 'string') {
      throw new FormatError(file, `${pointer('model')}: must be a string, not ${typeName(doc.model)}`);
    }
    const keys = orderedKeys(tensors, text, true);
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
      const shape = t.shape === null ? null : isSizes(t.shape) ? t.shape : parseShape(t.shape, file, `${pointer('tensors', key)}/shape`);
      const d = t.dtype ?? null;
      if (d !== null && (typeof d !== 'string' || !isDType(d))) {
        throw new FormatError(file, `${pointer('tensors', key)}/dtype: unknown dtype ${JSON.stringify(d)} (use PyTorch's name, e.g. "float32", "bfloat16")`);
      }
      out[i] = { key, shape, dtype: d };
    }
    return out;
  }

  const keys = orderedKeys(doc, text, false);
  if (keys.length === 0) throw new FormatError(file, 'the manifest lists no tensors');
  return keys.map((key) => {
    const v = doc[key];
    return { key, shape: isSizes(v) ? v : parseShape(v, file, pointer(key)), dtype: null };
  });
}

/** The long form, one tensor a line so that manifests diff well in review; order preserved. */
export function writeManifest(entries: readonly KeyEntry[]): string {
  const seen = new Set<string>();
  const lines = entries.map((e) => {
    if (seen.has(e.key)) throw new Error(`writeManifest: duplicate key ${JSON.stringify(e.key)}`);
    seen.add(e.key);
    const shape = e.shape === null ? 'null' : `[${e.shape.join(', ')}]`;
    const dtype = e.dtype === null ? '' : `, "dtype": ${JSON.stringify(e.dtype)}`;
    return `    ${JSON.stringify(e.key)}: {"shape": ${shape}${dtype}}`;
  });
  const body = lines.length ? `{\n${lines.join(',\n')}\n  }` : '{}';
  return `{\n  "format": "${MANIFEST_FORMAT}",\n  "version": ${MANIFEST_VERSION},\n  "tensors": ${body}\n}\n`;
}
