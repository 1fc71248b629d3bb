/** Called once the sides are read, with the keys both hold. */
export declare function boundHeapGrowth(keys: number): void;
