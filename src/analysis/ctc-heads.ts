/**
 * The output alphabet of a speech recogniser trained with CTC. In transformers' `*ForCTC` models
 * (Wav2Vec2ForCTC, HubertForCTC, WavLMForCTC, Data2VecAudioForCTC, SEWForCTC, UniSpeechForCTC, …) `lm_head`
 * is a Linear over the tokenizer's characters, and the model takes audio, not tokens: it has no token table
 * (no get_input_embeddings), so `resize_token_embeddings` does not apply, and an `lm_head` of another row
 * count is an output of another class set, another alphabet. The library's fine-tuning recipe builds the
 * model with `vocab_size=len(processor.tokenizer)` and trains that layer anew
 * (https://huggingface.co/blog/fine-tune-wav2vec2-english; a checkpoint already fine-tuned on another
 * alphabet loads with `from_pretrained(..., ignore_mismatched_sizes=True)`, which the size-mismatch error
 * itself suggests); to use the weights as they are, the model is built with the checkpoint's vocabulary.
 * Those are the head readings (reading-priors.ts head_count), not a vocabulary to resize.
 */
const CTC_MODEL = /^[A-Z]\w*ForCTC$/;
const CTC_OUTPUT = /^(?:[\w.]*\.)?lm_head\.(?:weight|bias)$/;

/** `key` is the CTC output layer of the model the error names (`lm_head.weight` of a `Wav2Vec2ForCTC`). */
export function ctcAlphabet(modelName: string | null | undefined, key: string): boolean {
  return CTC_MODEL.test(modelName ?? '') && CTC_OUTPUT.test(key);
}
