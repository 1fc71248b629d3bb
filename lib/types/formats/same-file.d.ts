export declare function sameFile(a: string, b: string): boolean;
