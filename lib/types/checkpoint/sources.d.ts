import { type ByteSource } from '../formats/byte-source.js';
/** URLs and hub paths, as opposed to local file names. */
export declare function isRemotePath(path: string): boolean;
export declare function registerRemote(path: string, src: ByteSource): void;
export declare function registerAlias(spec: string, path: string): void;
/** The path a user-typed remote name stands for (itself when it names a file). */
export declare function resolveAlias(path: string): string;
/** For tests and long-lived library callers: forget everything fetched. */
export declare function clearRemote(): void;
export declare function openSource(path: string, name: string): ByteSource;
/**
 * A file beside `base` (a shard beside its index). Remote paths join by '/', never by path.join
 * (which would fold https:// into https:/); the shard name was checked not to escape its folder.
 */
export declare function siblingPath(base: string, name: string): string;
