export interface DatasetHead {
    module: string;
    keys: readonly string[];
    classes: number;
    dataset: string;
}
/** the keys as apply lists them: grouped, at most five lines */
export declare const listedKeys: (keys: readonly string[]) => string;
/** `whose`: the output's (apply), the checkpoint's (plan, explain). */
export declare function datasetHeadText(h: DatasetHead, whose: string): string;
/** The last line of a command that exits 1 for it: `what` is not shown to load into `into`. */
export declare function datasetHeadExitLine(what: string, into: string, h: DatasetHead): string;
