/**
 * `JSON.stringify(value, null, 2)` as a sequence of strings of about `batch` characters: the same text,
 * never held whole. A plan of 1,000,000 keys is a 125 MB document (its mapping, its missing lists);
 * built as one string, then copied into a buffer to be written, it was the CLI's last peak of memory.
 * Primitives are written by JSON.stringify itself (escapes, numbers, null for what has no JSON), so only
 * the layout is ours: two-space indents, `"key": value`, members left out where JSON.stringify leaves
 * them out (undefined, functions, symbols in objects; null for them in arrays), toJSON honoured.
 */
const INDENT = '  ';

/** what JSON.stringify leaves out of an object (and writes as null in an array) */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * `inlineIntegers`: an array of integers only (shapes, paths of indices) on one line, `[3, 4]`, as
 * `sdmatch diff --json` has always written them (diff-json.ts).
 */
export function* jsonChunks(value: unknown, batch = 1 << 16, inlineIntegers = false): Generator<string> {
  const out = { text: '', inlineIntegers };
  const v = prepared(value, '');
  // undefined at the top is JSON.stringify's undefined: no text at all
  if (isContainer(v)) yield* container(out, v, '', batch);
  else out.text += JSON.stringify(v) ?? '';
  if (out.text) yield out.text;
}

/** the value JSON.stringify writes for `raw` under `key` (its toJSON's, when it has one) */
function prepared(raw: unknown, key: string): unknown {
  return raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function' ? (raw as { toJSON(k: string): unknown }).toJSON(key) : raw;
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

const INTEGER_TEXT = /^-?\d+$/;

/** the array on one line when every member is written as an integer, else null */
function integersInline(value: unknown[]): string | null {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const v = prepared(value[i], String(i));
    if (typeof v !== 'number') return null;
    const t = JSON.stringify(v);
    if (!INTEGER_TEXT.test(t)) return null;
    parts.push(t);
  }
  return `[${parts.join(', ')}]`;
}

/** an object or array, primitives written in place (no generator per value: a mapping has 1,000,000) */
function* container(out: { text: string; inlineIntegers: boolean }, value: object, indent: string, batch: number): Generator<string> {
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.text += '[]';
      return;
    }
    const inline = out.inlineIntegers ? integersInline(value) : null;
    if (inline !== null) {
      out.text += inline;
      return;
    }
    out.text += '[';
    for (let i = 0; i < value.length; i++) {
      out.text += `${i === 0 ? '' : ','}\n${inner}`;
      const v = prepared(value[i], String(i));
      if (omitted(v)) out.text += 'null';
      else if (isContainer(v)) yield* container(out, v, inner, batch);
      else out.text += JSON.stringify(v);
      if (out.text.length >= batch) {
        yield out.text;
        out.text = '';
      }
    }
    out.text += `\n${indent}]`;
    return;
  }
  let first = true;
  for (const k of Object.keys(value)) {
    const v = prepared((value as Record<string, unknown>)[k], k);
    if (omitted(v)) continue;
    out.text += `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    if (isContainer(v)) yield* container(out, v, inner, batch);
    else out.text += JSON.stringify(v);
    if (out.text.length >= batch) {
      yield out.text;
      out.text = '';
    }
  }
  out.text += first ? '{}' : `\n${indent}}`;
}
