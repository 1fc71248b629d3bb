/**
 * The words for source tensors sdmatch cannot write as one tensor (plan/unwritable.ts finds them): one sentence
 * that plan, apply and check all print (review25 F6: check said "compatible" where apply refused them).
 */

/**
 * One sentence: how many, the first key and why (unwritableWhy: the reader's reason, e.g.
 * `(mp_rank_00 of 2 ranks, split unknown: …)`), and what the user can do.
 */
export function unwritableMessage(keys: readonly string[], whyOf: (key: string) => string): string {
  const first = keys[0]!;
  const more = keys.length > 1 ? ` (and ${keys.length - 1} more)` : '';
  const n = keys.length === 1 ? '1 tensor' : `${keys.length} tensors`;
  const why = whyOf(first);
  return `${n} of the checkpoint ${keys.length === 1 ? 'has' : 'have'} no bytes sdmatch can write as one tensor, so apply refuses ${keys.length === 1 ? 'it' : 'them'}: \`${first}\`${why ? ` ${why}` : ''}${more}; join the pieces with the framework's own converter first, or leave ${keys.length === 1 ? 'it' : 'them'} to the model (--drop for the checkpoint's key, --keep-missing for the model's)`;
}

/** Why one key has no bytes, from its storage's name: the name repeats the key before its reason, which is kept alone. */
export function unwritableWhy(key: string, storage: string | undefined): string {
  const s = storage ?? '';
  return s.startsWith(`${key} (`) ? s.slice(key.length + 1) : s ? `(storage ${s})` : '';
}
