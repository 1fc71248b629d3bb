/** `key` is the CTC output layer of the model the error names (`lm_head.weight` of a `Wav2Vec2ForCTC`). */
export declare function ctcAlphabet(modelName: string | null | undefined, key: string): boolean;
