/**
 * Keys of one JSON object in document order, duplicates included. JSON.parse cannot give either: it
 * moves integer-like keys ("0", "12") first and silently keeps the last of duplicate keys, and both
 * matter here (tensor order is evidence for matching; a duplicated name is how polyglot files hide data).
 *
 * `path` names the object: [] the top level, ['weight_map'] the object under that top-level key.
 * The text must already have passed JSON.parse; returns null when the path does not lead to an object.
 */
export function objectKeysInOrder(text: string, path: readonly string[]): string[] | null {
  const n = text.length;
  let i = 0;
  /**
   * The first backslash at or after `i` (n when none): a string with no backslash before its closing
   * quote ends at the next quote, found by indexOf instead of a loop over its characters (headers and
   * indexes have tens of thousands of keys and hardly any escapes).
   */
  let backslash = -1;

  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  /** i at the opening quote → i after the closing quote; returns whether the string holds an escape */
  const skipString = (): boolean => {
    const open = i;
    if (backslash < open) backslash = text.indexOf('\\', open);
    if (backslash < 0) backslash = n;
    const close = text.indexOf('"', open + 1);
    if (close >= 0 && close < backslash) {
      i = close + 1;
      return false;
    }
    i = open + 1;
    while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
    i++;
    return true;
  };
  const readKey = (): string => {
    const start = i;
    const escaped = skipString();
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const skipValue = (): void => {
    skipWs();
    const c = text.charCodeAt(i);
    if (c === 0x22) return void skipString();
    if (c !== 0x7b && c !== 0x5b) {
      // a number, true, false or null: up to the next delimiter
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x09 || d === 0x0d || d === 0x0a) break;
        i++;
      }
      return;
    }
    let depth = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 0x22) { skipString(); continue; }
      i++;
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) if (--depth === 0) return;
    }
  };
  /** i at '{': walks the object's members, descending into the one the path names */
  const visit = (depth: number): string[] | null => {
    const collect = depth === path.length;
    const keys: string[] = [];
    i++;
    skipWs();
    if (text.charCodeAt(i) === 0x7d) {
      i++;
      return collect ? keys : null;
    }
    while (i < n) {
      skipWs();
      const key = readKey();
      skipWs();
      i++; // ':'
      skipWs();
      if (collect) keys.push(key);
      if (!collect && key === path[depth] && text.charCodeAt(i) === 0x7b) {
        const found = visit(depth + 1);
        if (found) return found;
      } else {
        skipValue();
      }
      skipWs();
      if (text.charCodeAt(i) === 0x2c) { i++; continue; }
      break;
    }
    i++; // '}'
    return collect ? keys : null;
  };

  skipWs();
  return text.charCodeAt(i) === 0x7b ? visit(0) : null;
}
