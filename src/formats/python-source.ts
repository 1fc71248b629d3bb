/**
 * Python source spelled from data: string literals and the expression that reads a path out of a loaded
 * checkpoint. Every emitter and every message that shows Python uses these, so a key with a quote or a
 * control character is spelled one (correct) way everywhere.
 */

/** A Python string literal for any string: raw when that is exact and readable, escaped otherwise. */
export function pyStr(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s) && !s.includes("'") && s.includes('\\') && !/\\$/.test(s)) return `r'${s}'`;
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** Python that reads `path` out of a loaded `checkpoint`: `checkpoint['model'][0]`. */
export function pythonAccess(path: readonly (string | number)[]): string {
  return `checkpoint${path.map((p) => `[${typeof p === 'number' ? String(p) : pyStr(p)}]`).join('')}`;
}
