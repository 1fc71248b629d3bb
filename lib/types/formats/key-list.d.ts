import type { KeyEntry } from './keys.js';
export declare function looksLikeKeyList(text: string): boolean;
export declare function parseKeyList(text: string, file: string): KeyEntry[];
