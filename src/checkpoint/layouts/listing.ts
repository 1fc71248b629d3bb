import { readdirSync, readFileSync } from 'node:fs';

/** The entries of `dir` whose names `parse` accepts, with what it made of them (none when `dir` cannot be listed). */
export function parsedEntries<T extends object>(dir: string, parse: (name: string) => T | null): (T & { file: string })[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((file) => {
    const parsed = parse(file);
    return parsed ? [{ ...parsed, file }] : [];
  });
}

/** The start of a small text file a layout points with (DeepSpeed's latest, Megatron's tracker), or null. */
export function pointerText(path: string, max = 4096): string | null {
  try {
    return readFileSync(path, 'utf8').slice(0, max);
  } catch {
    return null;
  }
}
