/**
 * In the page: one side's keys in a scrolling pane — the module tree, or while a search or filter is
 * on, the flat list of keys that pass it. Keyboard as a tree view: ↑ ↓ Home End PgUp PgDn move, → opens
 * (or steps in), ← closes (or steps out), Enter opens a module or shows a key's counterpart.
 */
export declare const PANE_JS: string;
