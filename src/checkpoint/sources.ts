import { dirname, join } from 'node:path';
import { FileSource, type ByteSource } from '../formats/byte-source.js';
import { FormatError } from '../formats/errors.js';

/**
 * Where the readers get their bytes: a local file, or a remote file (https://, hf://) whose needed
 * ranges were fetched beforehand (src/remote/prefetch.ts) and registered here. The readers stay
 * synchronous and see only real bytes; a remote path nobody fetched is an error, never a download.
 */
const remote = new Map<string, ByteSource>();
/** a name the user typed (hf://org/repo) → the file it resolved to (hf://org/repo/model.safetensors) */
const aliases = new Map<string, string>();

/** URLs and hub paths, as opposed to local file names. */
export function isRemotePath(path: string): boolean {
  return /^(https?|hf):\/\//i.test(path);
}

export function registerRemote(path: string, src: ByteSource): void {
  remote.set(path, src);
}

export function registerAlias(spec: string, path: string): void {
  if (spec !== path) aliases.set(spec, path);
}

/** The path a user-typed remote name stands for (itself when it names a file). */
export function resolveAlias(path: string): string {
  return aliases.get(path) ?? path;
}

/** For tests and long-lived library callers: forget everything fetched. */
export function clearRemote(): void {
  remote.clear();
  aliases.clear();
}

export function openSource(path: string, name: string): ByteSource {
  if (!isRemotePath(path)) return new FileSource(path, name);
  const src = remote.get(resolveAlias(path));
  if (!src) throw new FormatError(name, 'remote file was not fetched (sdmatch reads URLs and hf:// paths only through its commands, or after prefetchRemote)');
  return src;
}

/**
 * A file beside `base` (a shard beside its index). Remote paths join by '/', never by path.join
 * (which would fold https:// into https:/); the shard name was checked not to escape its folder.
 */
export function siblingPath(base: string, name: string): string {
  if (!isRemotePath(base)) return join(dirname(base), name);
  return base.slice(0, base.lastIndexOf('/') + 1) + name;
}
