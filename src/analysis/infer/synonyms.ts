/**
 * Names that mean the same parameter across frameworks and eras: old LayerNorm/BatchNorm names,
 * TF/Keras spellings. Applied to whole dot segments only, so `beta` inside `beta_schedule` is safe.
 */
const SEGMENT_SYNONYMS: Record<string, string> = {
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
  moving_var: 'running_var',
};

export function canonicalSegment(segment: string): string {
  return SEGMENT_SYNONYMS[segment] ?? segment;
}

const ANY_SYNONYM = new RegExp(`(^|\\.)(${Object.keys(SEGMENT_SYNONYMS).join('|')})(\\.|$)`);

export function canonicalKey(key: string): string {
  if (!ANY_SYNONYM.test(key)) return key;
  return key
    .split('.')
    .map(canonicalSegment)
    .join('.');
}

/**
 * The key with synonyms applied, separators and case ignored: `norm.1.weight` and `norm1.weight`
 * (torchvision's legacy DenseNet names) or `LayerNorm.gamma` and `layer_norm.weight` agree.
 */
export function squashedKey(key: string): string {
  return canonicalKey(key).replace(/[._]/g, '').toLowerCase();
}
