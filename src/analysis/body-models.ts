/**
 * Parametric body and face models inside a network: SMPL / SMPL-X / MANO / FLAME layers (HMR, SPIN, VIBE,
 * multi-person mesh recovery) and a 3D morphable face model's bases (Basel Face Model in 3DDFA, SynergyNet).
 * Their tensors are read from the model file (SMPL_NEUTRAL.pkl, BFM) by the constructor and registered as
 * buffers: the template mesh, shape and pose blend shapes, joint regressors, skinning weights, faces, and a
 * morphable model's mean and bases. None is trained, so a checkpoint that carries them (saved by code that
 * registered them) or lacks them (saved by code that did not, or released without them) holds the same
 * network: left out when unexpected, the model's own kept when missing.
 *
 * Backing: vchoutas/smplx body_models.py (`register_buffer('v_template' | 'shapedirs' | 'posedirs' |
 * 'J_regressor' | 'lbs_weights' | 'faces_tensor' | 'parents', ...)`); MandyMo/pytorch_HMR#17, the maintainer:
 * "These parameters are constant, as a result, they are not included in the pre-trained model";
 * choyingw/SynergyNet#6, the poster deleted the BFM texture bases `u_tex` / `w_tex` and the weights loaded;
 * open-mmlab/mmpose#978, "the parameters in SMPL models are not updated during training".
 *
 * Pure: no I/O.
 */
import { modulePrefixOf } from './key-tokens.js';

/** A body or face model's constant, by its name in smplx, HMR, SPIN and 3DDFA/SynergyNet code. */
export const BODY_MODEL_CONSTANT = /(?:^|\.)(?:v_template|shapedirs|posedirs|expr_dirs|J_regressor\w*|joints?_regressor\w*|lbs_weights|faces_tensor|extra_joints_idxs|kintree_table|(?:u|w)_(?:shp|exp|tex)|(?:u|w_shp|w_exp)_base)$/;

/**
 * Keys of one list that sit beside body-model constants in a module that is the body model: at least two
 * of the module's listed keys are such constants and they are most of them (HMR's `smpl.weight` and
 * `smpl.e3`, its skinning weights and a 3×3 identity, beside `smpl.v_template`, `smpl.shapedirs`, …). A
 * module at the root (no prefix) is the whole network, never the body model.
 */
export function bodyModelSiblings(keys: readonly string[]): string[] {
  const byModule = new Map<string, { constants: number; others: string[] }>();
  for (const k of keys) {
    const m = modulePrefixOf(k);
    if (!m) continue;
    const e = byModule.get(m) ?? byModule.set(m, { constants: 0, others: [] }).get(m)!;
    if (BODY_MODEL_CONSTANT.test(k)) e.constants++;
    else e.others.push(k);
  }
  const out: string[] = [];
  for (const e of byModule.values()) if (e.constants >= 2 && e.constants > e.others.length) out.push(...e.others);
  return out;
}
