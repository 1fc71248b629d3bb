import type { ByteSource } from './byte-source.js';
import { type PickleResult } from './pickle/machine.js';
/**
 * `run`: the pickle run over `src` from its first byte, when the caller has made it already (read-file's
 * unknown-content path runs it for its own probe): the same run, not made twice.
 */
export declare function isKeyTextNotPickle(src: ByteSource, run?: PickleResult): boolean;
