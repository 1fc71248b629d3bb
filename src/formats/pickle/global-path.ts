import { ownRow } from '../own-row.js';
import { PY2_MODULES, PY2_NAMES } from './safety-lists.js';

/** `module.name` the way Python 3's unpickler resolves it (Python 2 names mapped). */
export function globalPath(module: string, name: string): string {
  const path = `${ownRow(PY2_MODULES, module) ?? module}.${name}`;
  return ownRow(PY2_NAMES, path) ?? path;
}
