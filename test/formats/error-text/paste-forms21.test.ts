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

// HVision-NKU/MaskCLIPpp#5 (tuning12): a headless Python list of fvcore's missing keys, one key wrapped (`'visual.tru`
// + `nk.stages.2.blocks.26.gamma'`)
const MASKCLIPPP = tuningCaseText('HVision-NKU-MaskCLIPpp-5');

describe('flattened pastes read as the clean text (session 21)', () => {
  it('a blank inside one quoted item of a list, where a wrap split a key, is the lost line break (MaskCLIPpp-5)', () => {
    expect(read(pasted('flattened', MASKCLIPPP))).toEqual(read(MASKCLIPPP));
  });
});

// BobLiu20/YOLOv3_PyTorch#4 (tuning): torch's lists pasted in a Markdown quote, two keys wrapped (`"backb` + `> one.layer1…`)
const YOLOV3 = tuningCaseText('BobLiu20-YOLOv3_PyTorch-4');

describe('flattened Markdown quotes read as the clean text (session 21)', () => {
  it("a quote's `>` inside a quoted key, where a wrap split it, is the lost line break (YOLOv3-4)", () => {
    expect(read(pasted('flattened', YOLOV3))).toEqual(read(YOLOV3));
  });
});

// JiangWenPL/multiperson#4 (tuning): MMEngine's lists copied from a terminal with each row's padding (`layer3` + blanks
// + `.2.bn1.num_batches_tracked`)
const MULTIPERSON = tuningCaseText('JiangWenPL-multiperson-4');

describe('flattened terminal rows read as the clean text (session 21)', () => {
  it('padded rows after the lines a flattening put before the first row are still rows (multiperson-4)', () => {
    expect(read(pasted('flattened', MULTIPERSON))).toEqual(read(MULTIPERSON));
  });
});
