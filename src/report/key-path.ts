import type { KeyPath } from '../checkpoint/types.js';

/** A path as people write it: `trainer/var_wo_ddp`, `(root)` for the file's top object. */
export function pathText(path: KeyPath): string {
  return path.length === 0 ? '(root)' : path.map(String).join('/');
}

/** True when `prefix` is `path`'s parent container. */
export function isParent(prefix: KeyPath, path: KeyPath): boolean {
  if (path.length !== prefix.length + 1) return false;
  for (let i = 0; i < prefix.length; i++) if (String(prefix[i]) !== String(path[i])) return false;
  return true;
}
