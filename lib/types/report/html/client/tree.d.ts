/**
 * In the page: a side's keys as a module tree (`encoder.blocks.0.attention.query.weight` → encoder ›
 * blocks › 0 › attention › query › weight) with key, parameter and per-status counts per subtree.
 * Numbered siblings that look alike — same keys below them, shapes and statuses — collapse into one
 * run (`blocks 0-31 ×32`), so a run never hides a difference; a differing member stands apart.
 *
 * Built lazily: a module knows the keys under it (positions) and its counts; its children are made the
 * first time they are asked for (its kids or leaves read, a key under it revealed). A 100,000-key
 * side is ~136,000 modules, which cost 0.3-0.7 s to build eagerly; the first screen needs a few dozen,
 * made in a few passes over the keys. Without recursion: key paths can be deep.
 */
export declare const TREE_JS: string;
