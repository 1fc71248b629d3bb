/**
 * The other files of a state dict saved one file per rank by torch.save (`rank0.pt`, `rank1.pt`;
 * `model_rank_0.bin` …): files beside `file` whose names differ from its name only in the number after
 * `rank`. sdmatch reads one file; a plan of one rank's file lacks what the others hold (review 14 F2), and
 * naming them is what turns "no source" into the way to a source. Sorted by rank; empty when there are none.
 */
export declare function rankSiblings(file: string): string[];
