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
/**
 * `m` is a YOLO Detect output convolution whose class count differs: a 1×1 kernel (or its bias), rows of
 * 3 × (nc + 5) on both sides with other class counts, nothing else of the shape changed. The class counts,
 * the checkpoint's and the model's, or null.
 */
export declare function yoloDetectClasses(m: ReportedSizeMismatch): {
    checkpoint: number;
    model: number;
} | null;
