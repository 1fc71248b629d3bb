import type { DirectoryLayout } from './registry.js';
/**
 * The directory layouts sdmatch reads, one row each, in the order they are asked (the first whose
 * claim accepts a path reads it). Add a layout by adding its row here; claims should be specific
 * enough that order only matters for directories that really are two things.
 */
export declare const LAYOUTS: readonly DirectoryLayout[];
