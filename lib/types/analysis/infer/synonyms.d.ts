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
 * inverse variance. Read only on keys without any dot, where `_` is the only separator (module-leaves.ts
 * FOREIGN_LEAF_ROWS, with the TensorFlow scope path's one-letter variables).
 */
export declare const BLOB_LEAVES: Readonly<Record<string, string>>;
/** a TF scope path's last scope that is a one-letter variable: GPT-2's `w` / `g` (weight) and `b` (bias) */
export declare const SCOPE_LEAVES: Readonly<Record<string, string>>;
/** the blob suffix a dotless name ends in, read as torch's leaf (`res2_0_branch2a_bn_s` → weight), or undefined */
export declare function blobLeaf(name: string): string | undefined;
/**
 * The parameter name a key ends with, synonyms applied: `….LayerNorm.gamma` → weight, `conv1_w` → weight,
 * `MobilenetV1/Conv2d_0/BatchNorm/moving_mean` → running_mean. A key without a dot whose last `/` scope is a
 * name is a TensorFlow scope path (a ported TF model keeps them as its state-dict keys, `/` being a legal
 * name in torch): its variable is the last scope, read as a dot path's last segment is (readScopePaths reads
 * a source of such keys whole; a model's keys are read here), GPT-2's one-letter `g` / `b` / `w` included;
 * a last scope that is a Caffe2 blob (`gpu_0/res2_0_branch2a_bn_s`, Detectron's device scope) is read as
 * the blob. One reading whatever the separators, so the role veto (a weight is never a bias) sees every form.
 */
export declare function leafName(key: string): string;
