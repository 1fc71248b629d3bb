/**
 * A table the model computes from the input's patch grid, on a size line: another image (or patch) size, not
 * another model. RoPE-ViT (naver-ai/rope-vit) registers the patches' x and y coordinates as buffers
 * (`freqs_t_x`, `freqs_t_y`: [196] at 224 px, [576] at 384), EVA-02 the cos and sin of its 2-D rotary
 * embedding ([patches, head dim]); neither holds a trained value, and a rotary embedding is made to carry a
 * network to another resolution, so the model built for its own keeps its table and the checkpoint's is
 * dropped (rope-vit#31). Only the grid's dimension (the first) may differ: another head dimension is
 * another model.
 *
 * A learned position table of another length (`pos_embed`) is no such table: it needs interpolation
 * (error-hints.ts `position_embedding`). Pure: no I/O.
 */
import type { ReportedSizeMismatch } from '../formats/error-text.js';
import { type BufferRule } from './key-roles.js';
/** The buffer rule of a grid-sized table whose size line differs in the grid's dimension alone, else null. */
export declare function gridTableResized(m: ReportedSizeMismatch): BufferRule | null;
export declare function gridTableReason(m: ReportedSizeMismatch, r: BufferRule): string;
