import { isDType, type DType } from './dtype.js';
import type { KeyEntry } from './keys.js';
import { checkModules, checkTied, duplicateTensor, INTEGER_LIKE, MANIFEST_FORMAT, MANIFEST_VERSION, type ManifestContents } from './manifest.js';

/**
 * The long-form manifest read straight from its bytes, for the manifests of 100,000 to 1,000,000 keys
 * that `plan` and `diff` compare: JSON.parse of the whole text built a 100 MB string, then one object
 * per tensor, then the KeyEntry copied from it, and all of it had to be collected (at 1M keys a side the
 * reading alone peaked at 1 GB of RSS and 7 s of CPU). Here each key becomes one flat string, each
 * distinct shape one array shared by every key of that shape (shapes are read only, never changed in
 * place), each dtype the one string of its name.
 *
 * Only the plain long form is read here: `{"format", "version", "tensors", "model"?, "tied"?, "modules"?}` with every tensor
 * `{"shape": [sizes] | null, "dtype"?: "name" | null}` (any JSON whitespace). Anything else — the short
 * form, another field order inside a tensor, a size written as `1e3`, a key JavaScript would enumerate
 * out of order (`"0"`), an unknown dtype, any syntax error — returns null and the caller parses the text
 * with parseManifest, which gives the same entries or the error message for the file. A tensor named
 * twice is refused here, with parseManifest's message (JSON.parse would keep the last shape silently).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** 15 digits stay below 2^53: a longer size is left to parseManifest, which checks it */
const MAX_SIZE_DIGITS = 15;

class NotPlain extends Error {}
const notPlain = new NotPlain();

class Scanner {
  i = 0;
  constructor(readonly b: Buffer) {}

  ws(): void {
    const b = this.b;
    let i = this.i;
    for (let c = b[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = b[++i]);
    this.i = i;
  }

  /** skip whitespace, then the byte `c` */
  expect(c: number): void {
    this.ws();
    if (this.b[this.i] !== c) throw notPlain;
    this.i++;
  }

  /** skip whitespace; true (and consumed) when the next byte is `c` */
  take(c: number): boolean {
    this.ws();
    if (this.b[this.i] !== c) return false;
    this.i++;
    return true;
  }

  /** the string at the cursor as a flat JavaScript string of its own (never a slice of a large text) */
  string(): string {
    this.expect(QUOTE);
    const b = this.b;
    const start = this.i;
    let plain = true;
    let i = start;
    for (;;) {
      const c = b[i];
      if (c === undefined || c < 0x20) throw notPlain;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        plain = false;
        i += 2;
        continue;
      }
      if (c >= 0x80) plain = false;
      i++;
    }
    this.i = i + 1;
    // ASCII: a new flat string of those bytes (a slice of a large text would keep the whole text alive)
    if (plain) return b.toString('latin1', start, i);
    // escapes or UTF-8: JSON's own reading of the token, so the key is what JSON.parse would make
    try {
      return JSON.parse(b.toString('utf8', start - 1, i + 1)) as string;
    } catch {
      throw notPlain;
    }
  }

  /**
   * Is the string at the cursor `"text"` itself (ASCII text, no escapes)? Then it is consumed. Compared in
   * place: a field name or a dtype read per tensor made a string each (1,000,000 at scale) only to be
   * compared. A string written otherwise (with an escape) is not taken: the caller reads it with string().
   */
  is(text: string): boolean {
    this.ws();
    const b = this.b;
    const at = this.i;
    if (b[at] !== QUOTE || b[at + text.length + 1] !== QUOTE) return false;
    for (let k = 0; k < text.length; k++) if (b[at + 1 + k] !== text.charCodeAt(k)) return false;
    this.i = at + text.length + 2;
    return true;
  }

  /** a size: digits only, no leading zero, at most MAX_SIZE_DIGITS */
  size(): number {
    this.ws();
    const b = this.b;
    let i = this.i;
    let n = 0;
    const start = i;
    for (let c = b[i]!; c >= DIGIT_0 && c <= DIGIT_9; c = b[++i]!) n = n * 10 + (c - DIGIT_0);
    const len = i - start;
    if (len === 0 || len > MAX_SIZE_DIGITS || (len > 1 && b[start] === DIGIT_0)) throw notPlain;
    // `1.0`, `1e3`, `-1`: JSON numbers parseManifest judges
    const next = b[i];
    if (next === 0x2e || next === 0x65 || next === 0x45) throw notPlain;
    this.i = i;
    return n;
  }

  /** the literal `null` at the cursor, consumed; false when something else is there */
  null(): boolean {
    this.ws();
    const b = this.b;
    const i = this.i;
    if (b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      this.i = i + 4;
      return true;
    }
    return false;
  }
}

/** Shapes and dtypes shared between the keys that have them (one array per distinct shape). */
class Interned {
  /** by a hash of the sizes, the shapes under it (compared by their sizes: no text per tensor) */
  private readonly shapes = new Map<number, number[][]>();
  private readonly dtypes = new Map<string, DType>();
  private readonly sizes: number[] = [];
  /** the dtype read last: the next tensor's is nearly always the same, compared in place */
  private last: DType | null = null;

  shape(s: Scanner): number[] | null {
    if (s.null()) return null;
    s.expect(OPEN_BRACKET);
    const sizes = this.sizes;
    sizes.length = 0;
    if (!s.take(CLOSE_BRACKET)) {
      do sizes.push(s.size());
      while (s.take(COMMA));
      s.expect(CLOSE_BRACKET);
    }
    let h = sizes.length;
    for (const n of sizes) h = (Math.imul(h, 31) + (n | 0) + Math.floor(n / 2 ** 32)) | 0;
    let same = this.shapes.get(h);
    if (same === undefined) this.shapes.set(h, (same = []));
    for (const shape of same) if (shape.length === sizes.length && shape.every((n, k) => n === sizes[k])) return shape;
    const shape = sizes.slice();
    same.push(shape);
    return shape;
  }

  dtype(s: Scanner): DType | null {
    if (s.null()) return null;
    if (this.last !== null && s.is(this.last)) return this.last;
    const name = s.string();
    let d = this.dtypes.get(name);
    if (d === undefined) {
      if (!isDType(name)) throw notPlain;
      this.dtypes.set(name, (d = name));
    }
    this.last = d;
    return d;
  }
}

function tensors(s: Scanner, out: KeyEntry[], file: string): void {
  const interned = new Interned();
  const seen = new Set<string>();
  s.expect(OPEN_BRACE);
  if (s.take(CLOSE_BRACE)) return;
  do {
    const key = s.string();
    const c0 = key.charCodeAt(0);
    // a key JavaScript enumerates before the others whatever the text's order: parseManifest reads those apart
    if (seen.has(key)) throw duplicateTensor(file, key);
    if (c0 >= DIGIT_0 && c0 <= DIGIT_9 && INTEGER_LIKE.test(key)) throw notPlain;
    seen.add(key);
    s.expect(COLON);
    s.expect(OPEN_BRACE);
    if (!s.is('shape')) throw notPlain;
    s.expect(COLON);
    const shape = interned.shape(s);
    let dtype: DType | null = null;
    if (s.take(COMMA)) {
      if (!s.is('dtype')) throw notPlain;
      s.expect(COLON);
      dtype = interned.dtype(s);
    }
    s.expect(CLOSE_BRACE);
    out.push({ key, shape, dtype });
  } while (s.take(COMMA));
  s.expect(CLOSE_BRACE);
}

/** `tied`: an array of arrays of keys (what they name is checked once the tensors are read: checkTied). */
function groups(s: Scanner): string[][] {
  const out: string[][] = [];
  s.expect(OPEN_BRACKET);
  if (s.take(CLOSE_BRACKET)) return out;
  do {
    const g: string[] = [];
    s.expect(OPEN_BRACKET);
    if (!s.take(CLOSE_BRACKET)) {
      do g.push(s.string());
      while (s.take(COMMA));
      s.expect(CLOSE_BRACKET);
    }
    out.push(g);
  } while (s.take(COMMA));
  s.expect(CLOSE_BRACKET);
  return out;
}

/** `modules`: an object of module name → class name (what they name is checked once the tensors are read: checkModules). */
function classes(s: Scanner): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  s.expect(OPEN_BRACE);
  if (s.take(CLOSE_BRACE)) return out;
  do {
    const name = s.string();
    s.expect(COLON);
    out[name] = s.string();
  } while (s.take(COMMA));
  s.expect(CLOSE_BRACE);
  return out;
}

/** The entries (and ties) of a plain long-form manifest, or null when parseManifest must read the text (see above); a FormatError for a tensor named twice or a bad `tied`. */
export function scanManifest(bytes: Buffer, file: string): ManifestContents | null {
  const s = new Scanner(bytes);
  // a UTF-8 byte-order mark, as parseManifest skips it
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) s.i = 3;
  const out: KeyEntry[] = [];
  const fields = new Set<string>();
  let tied: string[][] | null = null;
  let modules: Record<string, unknown> | null = null;
  try {
    s.expect(OPEN_BRACE);
    do {
      const field = s.string();
      if (fields.has(field)) throw notPlain;
      fields.add(field);
      s.expect(COLON);
      if (field === 'format') {
        if (s.string() !== MANIFEST_FORMAT) throw notPlain;
      } else if (field === 'version') {
        if (s.size() !== MANIFEST_VERSION) throw notPlain;
      } else if (field === 'model') {
        s.string();
      } else if (field === 'tensors') {
        tensors(s, out, file);
      } else if (field === 'tied') {
        tied = groups(s);
      } else if (field === 'modules') {
        modules = classes(s);
      } else throw notPlain;
    } while (s.take(COMMA));
    s.expect(CLOSE_BRACE);
    s.ws();
    if (s.i !== bytes.length || !fields.has('format') || !fields.has('version') || !fields.has('tensors')) return null;
  } catch (e) {
    if (e === notPlain) return null;
    throw e;
  }
  return { entries: out, tied: tied === null ? null : checkTied(tied, out, file), ...(modules !== null ? { modules: checkModules(modules, out, file) } : {}) };
}
