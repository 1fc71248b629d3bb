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

/** Heatmap outputs of pose networks, by their modules' names (HRNet's `final_layer(s)`, keypoint/heatmap heads). */
const HEATMAP_OUTPUT = /(?:^|\.)(?:final_layers?|keypoint_head|keypoints?_(?:conv|out|pred)\w*|heatmap\w*|hm_out|kpt_\w*)(?:\.\d+)*\.(?:weight|bias)$/;

/** Keypoint counts of public skeletons, each with a dataset that uses it. */
export const KEYPOINT_COUNTS: ReadonlyMap<number, string> = new Map([
  [17, 'COCO'],
  [14, 'CrowdPose / AI Challenger / LSP'],
  [16, 'MPII'],
  [18, 'OpenPose COCO-18'],
  [21, 'hand (OneHand10K, FreiHAND)'],
  [25, 'OpenPose BODY_25'],
  [68, '300W face'],
  [98, 'WFLW face'],
  [133, 'COCO-WholeBody'],
]);

export interface KeypointLayout {
  key: string;
  /** what the two counts are */
  says: string;
}

/** The two output counts of a heatmap layer as skeletons (or heatmaps + tags), or null. */
export function keypointLayout(m: ReportedSizeMismatch): KeypointLayout | null {
  if (!HEATMAP_OUTPUT.test(m.key)) return null;
  const ckpt = m.source[0];
  const model = m.expected[0];
  if (ckpt === undefined || model === undefined || ckpt === model) return null;
  if (m.source.slice(1).join() !== m.expected.slice(1).join()) return null;
  const joints = (n: number) => KEYPOINT_COUNTS.get(n);
  if (joints(ckpt) && joints(model)) {
    return { key: m.key, says: `${ckpt} keypoints (${joints(ckpt)}) in the checkpoint and ${model} (${joints(model)}) in the model: a model built for another dataset's skeleton; build it with the checkpoint's NUM_JOINTS (its dataset config)` };
  }
  const [small, large] = ckpt < model ? [ckpt, model] : [model, ckpt];
  if (large === 2 * small && joints(small)) {
    const side = ckpt > model ? 'the checkpoint' : 'the model';
    return { key: m.key, says: `${large} outputs in ${side} = ${small} heatmaps + ${small} associative-embedding tags (${joints(small)} keypoints), ${small} on the other side: the tag output is configured otherwise (HigherHRNet's WITH_AE_LOSS); build the model with the checkpoint's setting` };
  }
  return null;
}
