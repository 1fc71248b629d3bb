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
  const k = canonicalKey(key);
  let out = '';
  let from = 0;
  // by hand: this runs over every unmatched key, 100,000 at scale
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c === 46 || c === 95) {
      out += k.slice(from, i);
      from = i + 1;
    }
  }
  return (out + k.slice(from)).toLowerCase();
}
