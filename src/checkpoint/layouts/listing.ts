import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/**
 * The pointer files (DeepSpeed's `latest`, `latest_universal`; Megatron's tracker) in the save folder that
 * holds checkpoint folder `dir`, those there: whichever tag they name, the library's loader reads them, so
 * they are the source's too (Checkpoint.pointers) and never an output.
 */
export function pointerFiles(dir: string, names: readonly string[]): string[] {
  const save = dirname(dir);
  return names.map((n) => join(save, n)).filter((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
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
