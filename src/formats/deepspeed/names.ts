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

const MODEL = /^mp_rank_(\d+)_model_states\.pt$/;
const ZERO = /^(bf16_|fp16_)?zero_pp_rank_(\d+)_mp_rank_(\d+)_(model|optim)_states\.pt$/;
const LAYER = /^layer_\d+-model_states\.pt$/;
const MOE = /^(?:expp_rank_\d+_mp_rank_\d+_optim_states|(?:layer_\d+_)?expert_\d+_mp_rank_\d+_model_states)\.pt$/;

/** What a DeepSpeed file name says, or null when it is not one of DeepSpeed's names. */
export function parseDeepSpeedName(base: string): DeepSpeedFile | null {
  let m = MODEL.exec(base);
  if (m) return { kind: 'model', dp: 0, mp: Number(m[1]), prefix: '' };
  m = ZERO.exec(base);
  if (m) return { kind: m[4] === 'optim' ? 'optim' : 'zero-model', dp: Number(m[2]), mp: Number(m[3]), prefix: m[1] ?? '' };
  if (LAYER.test(base)) return { kind: 'pipeline-layer', dp: 0, mp: 0, prefix: '' };
  if (MOE.test(base)) return { kind: 'moe', dp: 0, mp: 0, prefix: '' };
  return null;
}

/** The tag in a `latest` file (the engine writes the bare tag, no newline). */
export function parseLatestTag(text: string): string | null {
  const tag = text.trim();
  return tag !== '' && !/[\\/]|^\.\.?$/.test(tag) && !tag.includes('\n') ? tag : null;
}
