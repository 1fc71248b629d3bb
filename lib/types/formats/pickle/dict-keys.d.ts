import type { PyValue } from './values.js';
export declare class DictKeyIndex {
    private readonly indexes;
    /** the dict last indexed: SETITEMS sets up to 1,000 keys of one dict in a row */
    private lastEntries;
    private lastIndex;
    /** `entries[key] = value` with Python's overwrite rule. */
    set(entries: [PyValue, PyValue][], key: PyValue, value: PyValue): void;
}
