/**
 * Fused tensors whose real layout is not the plain concatenation of their parts: the elements are the
 * same, so a strict load passes, but the rows are interleaved and a plain `concat` (or a `split` into
 * consecutive chunks) scrambles them.
 * Shapes cannot tell (the head count is not in a state dict), so the plan joins them plainly and says
 * so in a warning naming what to check. Knowledge as data: each row says whose layout it is and why.
 */
export interface JoinLayoutNote {
  /** the fused tensor's name */
  whole: RegExp;
  /** what the real layout is, and what to do */
  note: string;
  /** where the layout is defined */
  reason: string;
}

export const JOIN_LAYOUT_NOTES: readonly JoinLayoutNote[] = [
  {
    whole: /(^|\.)self_attention\.linear_qkv\.weight$/,
    note: 'Megatron-Core interleaves q, k and v per query group (for each KV head g: its query heads, then k_g, then v_g); with grouped-query or multi-head attention plain chunks put rows in the wrong order — reorder per query group as NeMo\'s Llama converters (convert_llama_hf_to_nemo.py, convert_llama_nemo_to_hf.py) do (needs the head count)',
    reason: 'megatron/core/transformer/attention.py SelfAttention.get_query_key_value_tensors splits linear_qkv\'s output per query group: [ng, (np/ng + 2) · hn]',
  },
];

/** The note for a joined tensor's name, if its real layout is not a plain concatenation. */
export function joinLayoutNote(whole: string): JoinLayoutNote | undefined {
  return JOIN_LAYOUT_NOTES.find((n) => n.whole.test(whole));
}
