import type { KeyPath } from '../checkpoint/types.js';
/** A path as people write it: `trainer/var_wo_ddp`, `(root)` for the file's top object. */
export declare function pathText(path: KeyPath): string;
