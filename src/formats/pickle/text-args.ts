/**
 * Decoders for opcode arguments that are not plain binary integers: the text forms of protocol 0
 * (INT, LONG, FLOAT, STRING, UNICODE) and the little-endian two's-complement longs of LONG1/LONG4.
 * Each returns null for an argument CPython would reject, so the machine can report it precisely.
 */

const latin1 = new TextDecoder('latin1');

/** A Python int as the values contract wants it: number when exactly representable, else bigint. */
export function normalizeInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** C's isspace in the "C" locale, which PyLong_FromString and strtol skip (not Unicode spaces such as 0xa0) */
const C_SPACE = '[ \\t\\n\\v\\f\\r]*';
/** PyLong_FromString(s, NULL, 0) = `int(text, 0)`: a 0x/0o/0b prefix, else decimal with no leading zero but all zeros */
const INT_BASE0 = new RegExp(`^${C_SPACE}([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?0)*|[1-9](?:_?[0-9])*)${C_SPACE}$`);
/** PyLong_FromString(s, NULL, 10): decimal, leading zeros allowed */
const INT_BASE10 = new RegExp(`^${C_SPACE}([+-]?)([0-9](?:_?[0-9])*)${C_SPACE}$`);

/** The text a C function taking a `char *` sees: up to the first NUL. */
function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

/** `int(text, 0)` as PyLong_FromString does it (LONG, and INT's fallback), or null where CPython raises. */
export function parseIntText(text: string): number | bigint | null {
  const m = INT_BASE0.exec(cString(text));
  if (!m) return null;
  const digits = m[2]!.replace(/_/g, '');
  const prefixed = /^0[xXoObB]/.test(digits);
  const magnitude = prefixed ? BigInt(digits.toLowerCase()) : BigInt(digits);
  return normalizeInt(m[1] === '-' ? -magnitude : magnitude);
}

/** PUT / GET indexes: PyLong_FromString(s, NULL, 10) (`g0x1` fails in CPython, `p010` is 10). */
export function parseIntText10(text: string): number | bigint | null {
  const m = INT_BASE10.exec(cString(text));
  if (!m) return null;
  const magnitude = BigInt(m[2]!.replace(/_/g, ''));
  return normalizeInt(m[1] === '-' ? -magnitude : magnitude);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * C's `strtol(s, &end, 0)` on a 64-bit long: spaces, a sign, then hex after `0x`, octal after a
 * leading `0`, else decimal; null when it does not reach the end of the line (or a NUL) or overflows,
 * the cases where CPython's load_int falls back to PyLong_FromString.
 */
function strtolWhole(text: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  if (rest !== '' && rest[0] !== '\0') return null;
  const d = m[2]!;
  const magnitude = /^0[xX]/.test(d) ? BigInt(d) : d.startsWith('0') ? BigInt(`0o${d.slice(1) || '0'}`) : BigInt(d);
  const v = m[1] === '-' ? -magnitude : magnitude;
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

/**
 * INT as CPython's load_int reads it (Modules/_pickle.c): `strtol(s, &end, 0)` when that takes the
 * whole line, so a leading `0` is octal (`I010` is 8; review 21 F5), `00`/`01` protocol 0's booleans;
 * else `int(text, 0)`.
 */
export function parseIntLine(line: Uint8Array): number | bigint | boolean | null {
  const text = latin1.decode(line);
  const x = strtolWhole(text);
  if (x === null) return parseIntText(text);
  if (line.length === 2 && (x === 0n || x === 1n)) return x === 1n;
  return normalizeInt(x);
}

/** LONG: Python 2 wrote a trailing `L`, which load_long drops before `int(text, 0)`. */
export function parseLongLine(line: Uint8Array): number | bigint | null {
  let text = latin1.decode(line);
  if (text.endsWith('L')) text = text.slice(0, -1);
  return parseIntText(text);
}

const FLOAT_TEXT = /^\s*([+-]?)(?:((?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?)|(inf|infinity)|(nan))\s*$/i;

/** FLOAT: `float(text)` — repr output, plus inf/nan spellings. */
export function parseFloatLine(line: Uint8Array): number | null {
  const m = FLOAT_TEXT.exec(latin1.decode(line));
  if (!m) return null;
  const negative = m[1] === '-';
  if (m[3] !== undefined) return negative ? -Infinity : Infinity;
  if (m[4] !== undefined) return NaN;
  const body = (m[2] ?? '').replace(/_/g, '');
  if (!/\d/.test(body)) return null;
  const v = Number(body);
  return negative ? -v : v;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * STRING: a Python 2 `repr()` of a byte string — quoted with ' or ", then `codecs.escape_decode`d.
 * Returns the raw bytes, or a reason string when CPython would reject the argument.
 */
export function decodeStringLine(line: Uint8Array): Uint8Array | string {
  const n = line.length;
  const q = line[0];
  if (n < 2 || (q !== 0x27 && q !== 0x22) || line[n - 1] !== q) return 'the STRING opcode argument must be quoted';
  const out = new Uint8Array(n - 2);
  let o = 0;
  for (let i = 1; i < n - 1; ) {
    const c = line[i++]!;
    if (c !== 0x5c) {
      out[o++] = c;
      continue;
    }
    if (i >= n - 1) return 'trailing \\ in string';
    const e = line[i++]!;
    switch (e) {
      case 0x0a: break; // backslash-newline continues the line
      case 0x5c: out[o++] = 0x5c; break;
      case 0x27: out[o++] = 0x27; break;
      case 0x22: out[o++] = 0x22; break;
      case 0x62: out[o++] = 0x08; break; // \b
      case 0x66: out[o++] = 0x0c; break; // \f
      case 0x74: out[o++] = 0x09; break; // \t
      case 0x6e: out[o++] = 0x0a; break; // \n
      case 0x72: out[o++] = 0x0d; break; // \r
      case 0x76: out[o++] = 0x0b; break; // \v
      case 0x61: out[o++] = 0x07; break; // \a
      case 0x78: { // \xhh: exactly two hex digits
        const h1 = i < n - 1 ? hexValue(line[i]!) : -1;
        const h2 = i + 1 < n - 1 ? hexValue(line[i + 1]!) : -1;
        if (h1 < 0 || h2 < 0) return `invalid \\x escape at position ${i - 2}`;
        out[o++] = h1 * 16 + h2;
        i += 2;
        break;
      }
      default:
        if (e >= 0x30 && e <= 0x37) { // up to three octal digits, kept to one byte as CPython does
          let v = e - 0x30;
          for (let k = 0; k < 2 && i < n - 1 && line[i]! >= 0x30 && line[i]! <= 0x37; k++) v = v * 8 + (line[i++]! - 0x30);
          out[o++] = v & 0xff;
        } else { // unknown escapes stay as written
          out[o++] = 0x5c;
          out[o++] = e;
        }
    }
  }
  return out.subarray(0, o);
}

/**
 * UNICODE: raw-unicode-escape — every byte is a Latin-1 character except `\uXXXX` and
 * `\UXXXXXXXX`. Throws RawUnicodeEscapeError where CPython would reject it.
 */
export function decodeRawUnicodeEscape(line: Uint8Array): string {
  const parts: string[] = [];
  let runStart = 0;
  const n = line.length;
  let i = 0;
  while (i < n) {
    if (line[i] !== 0x5c || i + 1 >= n) {
      i++;
      continue;
    }
    const e = line[i + 1];
    if (e !== 0x75 && e !== 0x55) {
      i += 2; // `\` + any other byte is literal, and that byte cannot start an escape
      continue;
    }
    const count = e === 0x75 ? 4 : 8;
    let cp = 0;
    for (let k = 0; k < count; k++) {
      const h = i + 2 + k < n ? hexValue(line[i + 2 + k]!) : -1;
      if (h < 0) throw new RawUnicodeEscapeError(`truncated \\${count === 4 ? 'u' : 'U'} escape at position ${i}`);
      cp = cp * 16 + h;
    }
    if (cp > 0x10ffff) throw new RawUnicodeEscapeError(`\\U${cp.toString(16)} out of range at position ${i}`);
    parts.push(latin1.decode(line.subarray(runStart, i)), String.fromCodePoint(cp));
    i += 2 + count;
    runStart = i;
  }
  parts.push(latin1.decode(line.subarray(runStart, n)));
  return parts.join('');
}

/** Raised inside decodeRawUnicodeEscape; the machine turns it into a FormatError with the offset. */
export class RawUnicodeEscapeError extends Error {}

/** pickle.decode_long: little-endian two's complement of any length. */
export function decodeLong(bytes: Uint8Array): number | bigint {
  const n = bytes.length;
  if (n === 0) return 0;
  if (n <= 6) {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[i]!;
    if (bytes[n - 1]! & 0x80) v -= 2 ** (8 * n);
    return v;
  }
  let hex = '';
  for (let i = n - 1; i >= 0; i--) hex += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  let v = BigInt('0x' + hex);
  if (bytes[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
  return normalizeInt(v);
}
