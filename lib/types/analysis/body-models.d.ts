/** A body or face model's constant, by its name in smplx, HMR, SPIN and 3DDFA/SynergyNet code. */
export declare const BODY_MODEL_CONSTANT: RegExp;
/**
 * Keys of one list that sit beside body-model constants in a module that is the body model: at least two
 * of the module's listed keys are such constants and they are most of them (HMR's `smpl.weight` and
 * `smpl.e3`, its skinning weights and a 3×3 identity, beside `smpl.v_template`, `smpl.shapedirs`, …). A
 * module at the root (no prefix) is the whole network, never the body model.
 */
export declare function bodyModelSiblings(keys: readonly string[]): string[];
