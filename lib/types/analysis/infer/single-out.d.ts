/** the pairs (row, column) singled out, and the rows and columns left open */
export declare function singleOut(cost: readonly (readonly number[])[], margin: number): {
    pairs: [number, number][];
    rows: Set<number>;
    cols: Set<number>;
};
