/**
 * Missing keys that are one sub-network nested inside the model, reported by a loader that went on.
 *
 * "Nothing loaded" rests on the model's input layers: had anything loaded, the stem would have. A stem found
 * inside a sub-network two named levels down (`model.clip.visual.conv1`, `backbone.clip_model.token_embedding`)
 * is that sub-network's own input, not the model's. When every missing key sits inside one such module and the
 * loader reported and went on (mmengine, fvcore: the rest of the checkpoint loaded, and it listed no key it
 * could not place), what is missing is that one part: most often a pretrained tower the model builds from its
 * own file and keeps frozen, which the released weights leave out (FC-CLIP's and FineMoGen's CLIP encoders:
 * bytedance/fc-clip#34, MotrixLab/FineMoGen#3). A chain of holder names (`model.model.`, `module.model.`) is the
 * whole model under wrappers, never such a part.
 */
import type { ErrorReport } from '../formats/error-text.js';
/**
 * The module every key sits inside (`model.clip`), when it is at least two levels down, names a part (not
 * only holders), no level of it is a list index (`blocks.0`: one block of a stack, whose siblings loaded,
 * is another question) and it holds an input layer of its own (without one, nothing read the keys as "nothing
 * loaded" in the first place); null otherwise.
 */
export declare function nestedTower(missing: readonly string[]): string | null;
/**
 * Whether the text shows that the loader found no checkpoint key it could not place: no unexpected list,
 * and none that a cut could have hidden. mmcv and mmengine print their unexpected list before the missing
 * one (`load_state_dict` in mmcv/runner/checkpoint.py and mmengine/runner/checkpoint.py), so a cut inside
 * their missing list hides no unexpected key; torch's `_IncompatibleKeys` and fvcore print it after.
 */
export declare function nothingUnplaced(report: ErrorReport): boolean;
/**
 * Whether the text shows no checkpoint key the loader could not place: none listed, though a cut after the
 * missing list (fvcore and `_IncompatibleKeys` print the unexpected one after it) may hide some. Enough to read
 * a nested tower's input layer as the tower's own, never as "nothing loaded"; not enough to say the rest of the
 * model loaded (nothingUnplaced).
 */
export declare function noneUnplacedShown(report: ErrorReport): boolean;
