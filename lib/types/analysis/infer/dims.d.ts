export interface Dims {
    /** the numbered container with the most members (`encoder.layer`), and how many it holds */
    stack: {
        name: string;
        layers: number;
    } | null;
    /** the most common size among 1-D weights (norms, biases): the hidden width */
    width: number | null;
}
export declare function modelDims(entries: Iterable<{
    key: string;
    shape: readonly number[] | null;
}>): Dims;
/** `the checkpoint has 12 layers of width 768; the model 24 of 1024`, or null when nothing differs that both show. */
export declare function dimsDiffer(a: Dims, b: Dims): string | null;
