import { parseErrorText } from '../../src/formats/error-text.js';
import { VARIANTS } from '../../bench/diagnosis/paste-variants.js';

/**
 * What a paste reads as (its keys by side, its cut), or the first words of the error it raises: the tests that compare
 * a text pasted another way with the clean text compare these.
 */
export const readPaste = (t: string) => {
  try {
    const r = parseErrorText(t, 't');
    return { missing: r.missing, unexpected: r.unexpected, sizes: r.sizeMismatch, unsided: r.unsided ?? [], truncated: r.truncated };
  } catch (e) {
    return { error: (e as Error).message.slice(0, 40) };
  }
};

/** The text pasted as paste-variants.ts's `kind` pastes it (bench/diagnosis/paste-variants.ts VARIANTS). */
export const pasted = (kind: string, text: string): string => {
  const v = VARIANTS.find((x) => x.kind === kind)!;
  let clean;
  try {
    clean = parseErrorText(text, 't');
  } catch {
    clean = { missing: [], unexpected: [], sizeMismatch: [] } as unknown as ReturnType<typeof parseErrorText>;
  }
  return v.apply(text, clean)!;
};
