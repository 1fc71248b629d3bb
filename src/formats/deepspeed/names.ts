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

const MODEL = /^mp_rank_(\d+)_model_states\.pt$/;
const ZERO = /^(bf16_|fp16_)?zero_pp_rank_(\d+)_mp_rank_(\d+)_(model|optim)_states\.pt$/;
const LAYER = /^layer_(\d+)(?:-model_(\d+))?-model_states\.pt$/;
const EXPERT = /^(?:layer_(\d+)_)?expert_(\d+)_mp_rank_(\d+)_model_states\.pt$/;
const EXPERT_OPTIM = /^expp_rank_(\d+)_mp_rank_(\d+)_optim_states\.pt$/;

/** What a DeepSpeed file name says, or null when it is not one of DeepSpeed's names. */
export function parseDeepSpeedName(base: string): DeepSpeedFile | null {
  let m = MODEL.exec(base);
  if (m) return { kind: 'model', dp: 0, mp: Number(m[1]), prefix: '' };
  m = ZERO.exec(base);
  if (m) return { kind: m[4] === 'optim' ? 'optim' : 'zero-model', dp: Number(m[2]), mp: Number(m[3]), prefix: m[1] ?? '' };
  m = LAYER.exec(base);
  if (m) return { kind: 'pipeline-layer', dp: 0, mp: m[2] === undefined ? 0 : Number(m[2]), prefix: '', layer: Number(m[1]) };
  m = EXPERT.exec(base);
  if (m) return { kind: 'expert', dp: 0, mp: Number(m[3]), prefix: '', layer: m[1] === undefined ? -1 : Number(m[1]), expert: Number(m[2]) };
  m = EXPERT_OPTIM.exec(base);
  if (m) return { kind: 'expert-optim', dp: Number(m[1]), mp: Number(m[2]), prefix: '' };
  return null;
}

/** the save folder's files naming its last tag: `latest` (engine.py save_checkpoint), `latest_universal` (ds_to_universal.py); load_checkpoint reads one */
export const LATEST_FILE = 'latest';
export const LATEST_UNIVERSAL_FILE = 'latest_universal';

/**
 * Every file of a tag folder DeepSpeed's load_checkpoint may unpickle: model states (all model-parallel
 * ranks: SDLoaderFactory globs them), every rank's optimizer partition (elastic loads read all, and the
 * old `zero_pp_rank_Nmp_rank_XXoptim_states.pt` pattern too), layer, expert and expert-optimizer files.
 */
export const LOADER_FILE = /(?:model|optim)_states\.pt$/;

/** The tag in a `latest` file (the engine writes the bare tag, no newline). */
export function parseLatestTag(text: string): string | null {
  const tag = text.trim();
  return tag !== '' && !/[\\/]|^\.\.?$/.test(tag) && !tag.includes('\n') ? tag : null;
}
