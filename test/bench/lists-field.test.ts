import { describe, expect, it } from 'vitest';
import { listsField } from '../../bench/diagnosis/score.js';

/**
 * The scorer's "does the text show this field" reads a quoted field as listed unless it is a subscript. The first
 * item of a printed list (`unexpected_keys=['state_dict', …]`, `dict_keys(['model', …])`) is listed: the probe's
 * `_IncompatibleKeys` form of wyqing20/PFRec#3 was scored as a text that shows no field.
 */
describe('listsField', () => {
  it("a list's first item is listed", () => {
    expect(listsField("_IncompatibleKeys(missing_keys=['a.weight'], unexpected_keys=['state_dict', 'g_optimizer'])", 'state_dict')).toBe(true);
    expect(listsField("dict_keys(['model', 'optimizer'])", 'model')).toBe(true);
    expect(listsField('Unexpected key(s) in state_dict: "state_dict", "epoch".', 'state_dict')).toBe(true);
  });

  it('a subscript after a name, a call or another subscript is code', () => {
    expect(listsField("model.load_state_dict(ckpt['state_dict'])", 'state_dict')).toBe(false);
    expect(listsField("torch.load(path)['model']", 'model')).toBe(false);
    expect(listsField("ckpt['trainer']['var_wo_ddp']", 'var_wo_ddp')).toBe(false);
    expect(listsField("'my_state_dict'", 'state_dict')).toBe(false);
  });
});
