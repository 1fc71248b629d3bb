/**
 * The output convolutions of a YOLO detection layer (ultralytics/yolov5 models/yolo.py `Detect`, and the
 * models built on it: YOLOv7's `IDetect`, YOLOP's `MCnet`, yolov3's port): `self.no = nc + 5` outputs per
 * anchor (4 box coordinates, objectness, one score per class), `self.na = len(anchors[0]) // 2` anchors per
 * level (3 in every released model yaml), and one 1×1 `nn.Conv2d(x, self.no * self.na, 1)` per level in
 * `self.m`, the last layer of the `model` Sequential: `model.24.m.0.weight` [3 × (nc + 5), C, 1, 1].
 * Its rows are a class count, so another row count there is a head of another class count (18 = 3 × (1 + 5)
 * against 24 = 3 × (3 + 5): a 1-class detector fine-tuned to 3 classes, hustvl/YOLOP#113), even where no
 * name says head and the text was cut (the generic output-layer reading needs the whole list: error-hints.ts
 * outputLayers). A YOLOv5 `C3` block's bottlenecks are `model.N.m.I.cv1.conv.weight`: never a weight of
 * `m.I` itself.
 */
import type { ReportedSizeMismatch } from '../formats/error-text.js';

const DETECT_OUTPUT = /(?:^|\.)model\.\d+\.m\.\d+\.(?:weight|bias)$/;
/** anchors per level in YOLOv5/YOLOv7's released configs (`anchors:` rows of three pairs) */
const ANCHORS = 3;
/** box coordinates (4) and objectness (1) per anchor, before the class scores */
const BOX_AND_OBJECTNESS = 5;

/** The class count a Detect output of `rows` rows holds, or null when the rows are not 3 × (nc + 5) with nc ≥ 1. */
function classesOf(rows: number | undefined): number | null {
  if (rows === undefined || rows % ANCHORS !== 0) return null;
  const nc = rows / ANCHORS - BOX_AND_OBJECTNESS;
  return nc >= 1 ? nc : null;
}

/**
 * `m` is a YOLO Detect output convolution whose class count differs: a 1×1 kernel (or its bias), rows of
 * 3 × (nc + 5) on both sides with other class counts, nothing else of the shape changed. The class counts,
 * the checkpoint's and the model's, or null.
 */
export function yoloDetectClasses(m: ReportedSizeMismatch): { checkpoint: number; model: number } | null {
  if (!DETECT_OUTPUT.test(m.key) || m.source.length !== m.expected.length) return null;
  if (m.source.length !== 1 && m.source.length !== 4) return null;
  if (m.source.length === 4 && (m.source.slice(1).join() !== m.expected.slice(1).join() || m.source[2] !== 1 || m.source[3] !== 1)) return null;
  const checkpoint = classesOf(m.source[0]);
  const model = classesOf(m.expected[0]);
  return checkpoint !== null && model !== null && checkpoint !== model ? { checkpoint, model } : null;
}
