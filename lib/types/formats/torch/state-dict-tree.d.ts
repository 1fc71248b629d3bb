import type { PyValue } from '../pickle/values.js';
import type { StorageColumns } from './archive.js';
import { type StateDictColumns } from './state-dict-columns.js';
export declare function treeFromColumns(t: StateDictColumns, storages: StorageColumns): PyValue | null;
