import { dcpLayout } from './dcp.js';
import { deepspeedLayout } from './deepspeed.js';
import { deepspeedUniversalLayout } from './deepspeed-universal.js';
import { megatronLayout } from './megatron.js';
import type { DirectoryLayout } from './registry.js';

/**
 * The directory layouts sdmatch reads, one row each, in the order they are asked (the first whose
 * claim accepts a path reads it). Add a layout by adding its row here; claims should be specific
 * enough that order only matters for directories that really are two things.
 */
// the universal layout first: its folder also holds the copied mp_rank_00_model_states.pt DeepSpeed's row claims
export const LAYOUTS: readonly DirectoryLayout[] = [dcpLayout, deepspeedUniversalLayout, deepspeedLayout, megatronLayout];
