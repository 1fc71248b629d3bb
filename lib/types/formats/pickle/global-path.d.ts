/** `module.name` the way Python 3's unpickler resolves it (Python 2 names mapped). */
export declare function globalPath(module: string, name: string): string;
