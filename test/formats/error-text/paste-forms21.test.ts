import { describe, expect, it } from 'vitest';
import { tuningCaseText } from '../../helpers/diagnosis-case.js';
import { pasted, readPaste as read } from '../../helpers/pasted-form.js';

/**
 * Real tuning texts pasted as users paste them (bench/diagnosis/paste-variants.ts), session 21 (s21-paste): each
 * pasted form must read as the clean text does. What broke: a terminal's wrap right after a dot inside a key whose
 * rest starts with an index (`…for model.` + `0.0.weight`), the dot read as a sentence's full stop.
 */

// Daniil-Osokin/gccpm-look-into-person-cvpr19.pytorch#2 (tuning17): a repository's own `[WARNING] Not found
// pre-trained parameters for model.0.0.weight` log, one key a line
const GCCPM = tuningCaseText('Daniil-Osokin-gccpm-look-into-person-cvpr19.pytorch-2');

describe('pasted forms read as the clean text (session 21)', () => {
  it('a wrap right after a dot inside a key, its rest an index that makes a parameter name, joins the key (gccpm-2)', () => {
    const clean = read(GCCPM);
    expect(clean).toMatchObject({ missing: expect.arrayContaining(['model.0.0.weight']) });
    for (const kind of ['combined', 'wrap-80', 'log-prefix']) expect(read(pasted(kind, GCCPM)), kind).toEqual(clean);
  });
});
