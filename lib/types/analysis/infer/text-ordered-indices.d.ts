/**
 * A side whose names are not sorted can still be listed in a sort's order: a converter that writes tensors
 * in the order it read them from a file sorted by *its source's* names (llama.cpp's GGUF writer reads a
 * safetensors file so) lists `blk.0`, `blk.1`, `blk.10`, …, `blk.19`, `blk.2`: the indices' text order, the
 * one `model.layers.10` < `model.layers.2` gives. Position in such a list is not layer order, so sequences
 * aligned by order would pair `layers.2` with `blk.10`. The evidence is the indices themselves: under every
 * container, each index first met comes after the one before it as text, and somewhere before it as a
 * number (`10` before `2`). A state_dict lists a ModuleList by number (`9` before `10`) and fails the text
 * order at its tenth block; a list of ten blocks or fewer carries no such evidence and is left alone.
 */
import type { KeyEntry } from '../../formats/keys.js';
/** whether the entries list the blocks of every indexed container in their indices' text order, and some not by number */
export declare function indicesListedAsText(entries: readonly KeyEntry[]): boolean;
