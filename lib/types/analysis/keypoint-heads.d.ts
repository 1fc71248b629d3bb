/**
 * A pose network's heatmap output of another keypoint layout. Its output channels are one heatmap per
 * keypoint of the skeleton the config names (NUM_JOINTS), and bottom-up networks trained with
 * associative embedding add one tag map per keypoint (HigherHRNet's `final_layers`: NUM_JOINTS * 2 when
 * WITH_AE_LOSS is on, NUM_JOINTS otherwise). Two such counts on the two sides (17 COCO vs 14 CrowdPose,
 * or 34 = 17 heatmaps + 17 tags vs 17) are the config of another dataset's skeleton or of the tag
 * output, not a class set a fine-tune re-initialises: the trained layer fits once the model is built
 * with the checkpoint's joints and loss settings, and re-initialising it leaves a pose model that
 * predicts nothing.
 *
 * Backing: HRNet/HigherHRNet-Human-Pose-Estimation lib/models/pose_higher_hrnet.py (_make_final_layers:
 * `NUM_JOINTS * 2 if WITH_AE_LOSS[0] else NUM_JOINTS`), its experiments' DATASET.NUM_JOINTS (COCO 17,
 * CrowdPose 14); TeCSAR-UNCC/EfficientHRNet#10 (34 vs 17: set WITH_AE_LOSS: [True, True]);
 * HRNet/HRNet-Bottom-Up-Pose-Estimation#3 (a CrowdPose model, 14, with the COCO config, 17).
 *
 * Pure: no I/O.
 */
import type { ReportedSizeMismatch } from '../formats/error-text.js';
/** Keypoint counts of public skeletons, each with a dataset that uses it. */
export declare const KEYPOINT_COUNTS: ReadonlyMap<number, string>;
export interface KeypointLayout {
    key: string;
    /** what the two counts are */
    says: string;
}
/** The two output counts of a heatmap layer as skeletons (or heatmaps + tags), or null. */
export declare function keypointLayout(m: ReportedSizeMismatch): KeypointLayout | null;
