/** The one-line answer for torch's not-dict-like error in `text`, or null when the text is not that error. */
export declare function notDictLikeMessage(text: string): string | null;
