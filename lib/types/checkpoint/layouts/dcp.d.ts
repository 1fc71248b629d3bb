import type { DirectoryLayout } from './registry.js';
export declare const DCP_METADATA = ".metadata";
export declare const dcpLayout: DirectoryLayout;
/**
 * Why chunks do not tile a tensor exactly (inside it, not overlapping, covering every element), or
 * null when they do. dcp.load would leave uncovered elements as whatever the target held, and the
 * assembler writes each tensor into a reused buffer, so exactness is checked, never assumed: the cuts
 * of all chunks split the tensor into a grid of cells, each of which must be covered exactly once.
 */
export declare function tilingProblem(size: readonly number[], chunks: readonly {
    offsets: number[];
    sizes: number[];
}[]): string | null;
