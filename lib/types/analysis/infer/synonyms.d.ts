export declare function canonicalSegment(segment: string): string;
/**
 * Is the key its own canonical form (canonicalKey returns it unchanged)? Then so is any key made by
 * joining whole segments of such keys (`add.` + a segment-aligned rest): no synonym segment appears and
 * `parametrizations.`, whose one dot ends it, cannot straddle a join after a dot.
 */
export declare function isCanonical(key: string): boolean;
export declare function canonicalKey(key: string): string;
/**
 * The key with synonyms applied, separators and case ignored: `norm.1.weight` and `norm1.weight`
 * (torchvision's legacy DenseNet names) or `LayerNorm.gamma` and `layer_norm.weight` agree.
 */
export declare function squashedKey(key: string): string;
/**
 * Caffe2 / Detectron blob names join a whole key with underscores (`res2_0_branch2a_bn_s`) and end in
 * abbreviated parameter names: weight, bias, affine-channel scale (a norm's weight), running mean and
 * inverse variance. Read only on keys without any dot, where `_` is the only separator.
 */
export declare const BLOB_LEAVES: Readonly<Record<string, string>>;
/**
 * The parameter name a key ends with, synonyms applied: `….LayerNorm.gamma` → weight, `conv1_w` → weight,
 * `MobilenetV1/Conv2d_0/BatchNorm/moving_mean` → running_mean. A key without a dot whose last `/` scope is a
 * name is a TensorFlow scope path (a ported TF model keeps them as its state-dict keys, `/` being a legal
 * name in torch): its variable is the last scope, read as a dot path's last segment is (readScopePaths reads
 * a source of such keys whole; a model's keys are read here).
 */
export declare function leafName(key: string): string;
