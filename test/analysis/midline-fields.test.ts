import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { sideOfHeadless } from '../../src/analysis/readings.js';
import { explainOnce } from '../../bench/diagnosis/run-cases.js';

// MrGiovanni/SuPreM#5 (tuning12) as posted: the title quotes torch's list after the poster's words, its side word
// gone; the body's missing list is cut by the excerpt
const SUPREM =
  'weights file of SegResNet only includes: key(s) in state_dict: "net", "optimizer", "scheduler", "epoch".\n\nI am trying to load your SegResNet weights in the SegResNet model, however I get the error: \n\nError(s) in loading state_dict for SegResNet:\n\tMissing key(s) in state_dict: "convInit.conv.weight", "down_layers.0.1.norm1.weight", "down_layers.0.1.norm1.bias", "down_layers.0.1.norm2.weight", "down_layers.0.1.norm2.bias", "down_layers.0.1.conv1.conv.weight", "down_layers.0.1.conv2.conv.weight", "down_layers.1.0.conv.weight", "down_layers.1.1.norm1.wei';

describe("torch's list heading after the poster's words, its side word gone", () => {
  it('is read as a list whose side the text does not say', () => {
    const r = parseErrorText(SUPREM, 's');
    expect(r.unsided).toEqual(['net', 'optimizer', 'scheduler', 'epoch']);
    expect(r.missing[0]).toBe('convInit.conv.weight');
  });

  it('a side word before it still decides as before (no second reading of a sided list)', () => {
    const r = parseErrorText('I get: Unexpected key(s) in state_dict: "net", "optimizer". ', 's');
    expect(r.unexpected).toEqual(['net', 'optimizer']);
    expect(r.unsided ?? []).toEqual([]);
  });
});

describe("a training checkpoint's fields in a list without its side", () => {
  it('are the checkpoint\'s keys (unexpected), whatever the model\'s side lists', () => {
    const r = sideOfHeadless(parseErrorText(SUPREM, 's'));
    expect(r.unexpected).toEqual(['net', 'optimizer', 'scheduler', 'epoch']);
    expect(r.unsided).toBeUndefined();
  });

  it('model keys or fields without bookkeeping beside them stay unsided', () => {
    const fieldsOnly = sideOfHeadless({ ...parseErrorText(SUPREM, 's'), unsided: ['net', 'model'] });
    expect(fieldsOnly.unsided).toEqual(['net', 'model']);
  });

  it('explain selects the field that holds the weights, and advises no strict=False', async () => {
    const r = await explainOnce(SUPREM, true);
    const out = JSON.parse(r.stdout) as { fixable: boolean; plan: { source: { select: string[] } } };
    expect(out.plan.source.select).toEqual(['net']);
    expect(out.fixable).toBe(true);
    expect((await explainOnce(SUPREM, false)).stdout).not.toMatch(/load with strict=False/);
  });
});

// s22 robustness probe (bench/diagnosis/robust.ts, select-field): the same text with the weights field under a name no
// table of sdmatch lists. Beside two bookkeeping fields or more, the one other field is the container, whatever it is called.
describe('a weights field under a name no table lists, beside bookkeeping', () => {
  const RENAMED = SUPREM.replace('"net"', '"model_weights"');

  it('is a checkpoint field list all the same (unexpected)', () => {
    const r = sideOfHeadless(parseErrorText(RENAMED, 's'));
    expect(r.unexpected).toEqual(['model_weights', 'optimizer', 'scheduler', 'epoch']);
    expect(r.unsided).toBeUndefined();
  });

  it('explain selects it', async () => {
    const out = JSON.parse((await explainOnce(RENAMED, true)).stdout) as { fixable: boolean; plan: { source: { select: string[] } } };
    expect(out.plan.source.select).toEqual(['model_weights']);
    expect(out.fixable).toBe(true);
  });

  it('one bookkeeping field beside it, or two unknown names, stay unsided (a model may have root parameters)', () => {
    const base = parseErrorText(SUPREM, 's');
    expect(sideOfHeadless({ ...base, unsided: ['scale', 'step'] }).unsided).toEqual(['scale', 'step']);
    expect(sideOfHeadless({ ...base, unsided: ['alpha', 'beta', 'optimizer', 'epoch'] }).unsided).toEqual(['alpha', 'beta', 'optimizer', 'epoch']);
  });
});
