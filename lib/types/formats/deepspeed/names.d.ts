/**
 * DeepSpeed's checkpoint file names (deepspeed/runtime/engine.py `_get_ckpt_name`,
 * `_get_rank_zero_ckpt_name`, deepspeed/checkpoint/constants.py):
 * - `mp_rank_XX_model_states.pt`: the module and the engine's bookkeeping, one per model-parallel rank
 *   (ZeRO 0–2; written by data-parallel rank 0);
 * - `zero_pp_rank_D_mp_rank_XX_model_states.pt`: the same per data-parallel rank under ZeRO-3, whose
 *   module holds empty placeholders for every partitioned parameter;
 * - `[bf16_|fp16_]zero_pp_rank_D_mp_rank_XX_optim_states.pt`: each data-parallel rank's optimizer
 *   partition, holding the flat fp32 master weights;
 * - `layer_NN-model_states.pt` (pipeline engine) and `expp_rank_…`/`…expert_…` (MoE): recognised, not read;
 * - `latest` (in the save folder): the tag folder of the last save.
 */
export type DeepSpeedFileKind = 'model' | 'zero-model' | 'optim' | 'pipeline-layer' | 'moe';
export interface DeepSpeedFile {
    kind: DeepSpeedFileKind;
    /** data-parallel rank (zero files), else 0 */
    dp: number;
    /** model-parallel rank, else 0 */
    mp: number;
    /** `bf16_` / `fp16_` / '' before `zero_pp_rank_` */
    prefix: string;
}
/** What a DeepSpeed file name says, or null when it is not one of DeepSpeed's names. */
export declare function parseDeepSpeedName(base: string): DeepSpeedFile | null;
/** The tag in a `latest` file (the engine writes the bare tag, no newline). */
export declare function parseLatestTag(text: string): string | null;
