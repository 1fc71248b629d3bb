import type { ByteSource } from './byte-source.js';
export declare function isKeyTextNotPickle(src: ByteSource): boolean;
