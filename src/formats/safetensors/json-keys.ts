/**
 * Keys of one JSON object in document order, duplicates included. JSON.parse cannot give either: it
 * moves integer-like keys ("0", "12") first and silently keeps the last of duplicate keys, and both
 * matter here (tensor order is evidence for matching; a duplicated name is how polyglot files hide data).
 *
 * `path` names the object: [] the top level, ['weight_map'] the object under that top-level key.
 * The text must already have passed JSON.parse; returns null when the path does not lead to an object.
 */
export function objectKeysInOrder(text: string, path: readonly string[]): string[] | null {
  let i = 0;

  const skipWs = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  /** i at the opening quote → i after the closing quote; returns the raw slice */
  const scanString = (): string => {
    const start = i++;
    while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  const decodeKey = (raw: string): string => (raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1));
  const skipValue = (): void => {
    skipWs();
    const c = text[i];
    if (c === '"') return void scanString();
    if (c !== '{' && c !== '[') {
      while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i++;
      return;
    }
    let depth = 0;
    while (i < text.length) {
      const d = text[i]!;
      if (d === '"') { scanString(); continue; }
      i++;
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') if (--depth === 0) return;
    }
  };
  /** i at '{': walks the object's members, descending into the one the path names */
  const visit = (depth: number): string[] | null => {
    const collect = depth === path.length;
    const keys: string[] = [];
    i++;
    skipWs();
    if (text[i] === '}') {
      i++;
      return collect ? keys : null;
    }
    while (i < text.length) {
      skipWs();
      const key = decodeKey(scanString());
      skipWs();
      i++; // ':'
      skipWs();
      if (collect) keys.push(key);
      if (!collect && key === path[depth] && text[i] === '{') {
        const found = visit(depth + 1);
        if (found) return found;
      } else {
        skipValue();
      }
      skipWs();
      if (text[i] === ',') { i++; continue; }
      break;
    }
    i++; // '}'
    return collect ? keys : null;
  };

  skipWs();
  return text[i] === '{' ? visit(0) : null;
}
