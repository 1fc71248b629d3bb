/**
 * DeepSpeed's checkpoint file names (deepspeed/runtime/engine.py `_get_ckpt_name`,
 * `_get_rank_zero_ckpt_name`, deepspeed/checkpoint/constants.py):
 * - `mp_rank_XX_model_states.pt`: the module and the engine's bookkeeping, one per model-parallel rank
 *   (ZeRO 0–2; written by data-parallel rank 0);
 * - `zero_pp_rank_D_mp_rank_XX_model_states.pt`: the same per data-parallel rank under ZeRO-3, whose
 *   module holds empty placeholders for every partitioned parameter;
 * - `[bf16_|fp16_]zero_pp_rank_D_mp_rank_XX_optim_states.pt`: each data-parallel rank's optimizer
 *   partition, holding the flat fp32 master weights;
 * - `layer_NN[-model_TT]-model_states.pt` (pipeline engine, runtime/pipe/module.py `ckpt_layer_path`): one
 *   pipeline layer's state dict (its own keys, without the `NN.` the PipelineModule gives them), one per
 *   layer and tensor-parallel rank; the mp_rank files' module is then None;
 * - `layer_L_expert_E_mp_rank_XX_model_states.pt` (MoE, engine.py `_get_expert_ckpt_name`; without `layer_L_`
 *   in old saves): one expert's weights under their full keys with its global expert id; the mp_rank file's
 *   module lacks every expert key; `expp_rank_R_mp_rank_XX_optim_states.pt` holds that expert rank's
 *   optimizer (no weights);
 * - `latest` (in the save folder): the tag folder of the last save.
 */
export type DeepSpeedFileKind = 'model' | 'zero-model' | 'optim' | 'pipeline-layer' | 'expert' | 'expert-optim';
export interface DeepSpeedFile {
    kind: DeepSpeedFileKind;
    /** data-parallel rank (zero files), expert-parallel rank (expp files), else 0 */
    dp: number;
    /** model-parallel rank (the model axis for pipeline layer files), else 0 */
    mp: number;
    /** `bf16_` / `fp16_` / '' before `zero_pp_rank_` */
    prefix: string;
    /** pipeline layer index (layer files) or MoE layer id (expert files; -1 in the old naming) */
    layer?: number;
    /** global expert id (expert files) */
    expert?: number;
}
/** What a DeepSpeed file name says, or null when it is not one of DeepSpeed's names. */
export declare function parseDeepSpeedName(base: string): DeepSpeedFile | null;
/** the save folder's files naming its last tag: `latest` (engine.py save_checkpoint), `latest_universal` (ds_to_universal.py); load_checkpoint reads one */
export declare const LATEST_FILE = "latest";
export declare const LATEST_UNIVERSAL_FILE = "latest_universal";
/**
 * Every file of a tag folder DeepSpeed's load_checkpoint may unpickle: model states (all model-parallel
 * ranks: SDLoaderFactory globs them), every rank's optimizer partition (elastic loads read all, and the
 * old `zero_pp_rank_Nmp_rank_XXoptim_states.pt` pattern too), layer, expert and expert-optimizer files.
 */
export declare const LOADER_FILE: RegExp;
/** The tag in a `latest` file (the engine writes the bare tag, no newline). */
export declare function parseLatestTag(text: string): string | null;
