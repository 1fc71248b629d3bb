import { FormatError } from './errors.js';
import type { KeyEntry } from './keys.js';

/**
 * A plain list of keys, one a line (what `print(*model.state_dict(), sep="\n")` writes). Blank lines
 * and `#` comments are ignored; shapes and dtypes are unknown. A key never holds whitespace, so a line
 * that does is rejected rather than guessed at: it is usually a pasted table or an error text.
 */

const WHITESPACE = /\s/;

/** Strip a `#` comment that starts a line or follows whitespace (keys never contain ` #`). */
function withoutComment(line: string): string {
  if (line.startsWith('#')) return '';
  const m = /\s#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

export function looksLikeKeyList(text: string): boolean {
  const head = text.slice(0, 65536).replace(/^\uFEFF/, '');
  if (head.includes('\0')) return false;
  const lines = head.split(/\r\n|\r|\n/);
  // the sample may end inside a line: judge only whole lines unless the text is all here
  if (text.length > head.length) lines.pop();
  let keys = 0;
  for (const raw of lines) {
    const line = withoutComment(raw).trim();
    if (!line) continue;
    if (WHITESPACE.test(line) || line.startsWith('{') || line.startsWith('[')) return false;
    keys++;
  }
  return keys > 0;
}

export function parseKeyList(text: string, file: string): KeyEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const firstLine = new Map<string, number>();
  const entries: KeyEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const key = withoutComment(lines[i]!).trim();
    if (!key) continue;
    const ws = WHITESPACE.exec(key);
    if (ws) {
      const shown = key.length > 80 ? `${key.slice(0, 77)}...` : key;
      throw new FormatError(
        file,
        `line ${i + 1}: ${JSON.stringify(shown)} has whitespace at column ${ws.index + 1}; a key list holds one key a line and keys have no spaces`,
      );
    }
    const first = firstLine.get(key);
    if (first !== undefined) throw new FormatError(file, `line ${i + 1}: duplicate key ${JSON.stringify(key)} (first on line ${first})`);
    firstLine.set(key, i + 1);
    entries.push({ key, shape: null, dtype: null });
  }
  if (entries.length === 0) throw new FormatError(file, 'the key list holds no keys (only blank lines and comments)');
  return entries;
}
