/**
 * torch's `TypeError: Expected state_dict to be dict-like, got <class '…'>` (review 20 F11): load_state_dict was given
 * something that is not a mapping of names to tensors — commonest, a file written by torch.save(model). explain reads
 * it and says what was passed and how to get its state dict (one line, exit 2: no key differs, nothing to match),
 * never "not … a load_state_dict error text". The traceback is torch 1.13's, as `traceback.format_exc()` gives it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

const traceback = (cls: string) => `Traceback (most recent call last):
  File "train.py", line 8, in <module>
    model.load_state_dict(torch.load('whole_model.pt'))
  File "/usr/lib/python3/dist-packages/torch/nn/modules/module.py", line 1624, in load_state_dict
    raise TypeError("Expected state_dict to be dict-like, got {}.".format(type(state_dict)))
TypeError: Expected state_dict to be dict-like, got <class '${cls}'>.
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('cli-not-dict-like');
});
afterAll(() => tmp.cleanup());

async function explain(cls: string) {
  const file = join(tmp.dir, `${cls}.txt`);
  writeFileSync(file, traceback(cls));
  return runCli(['explain', file, '--no-color']);
}

describe('explain on torch\'s "Expected state_dict to be dict-like"', () => {
  it('a whole pickled module: said as one, with its state_dict() and the pickle warning, exit 2, one line', async () => {
    const run = await explain('models.OldBN');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('load_state_dict was given a `models.OldBN`');
    expect(run.stderr).toContain('torch.save(model)');
    expect(run.stderr).toContain('obj.state_dict()');
    expect(run.stderr).toContain('sdmatch inspect');
    expect(run.stderr).not.toContain('not a checkpoint, an sdmatch manifest');
  });
  it('other objects are said as what they are, never as a whole model', async () => {
    for (const [cls, says] of [['str', 'a path'], ['NoneType', 'None'], ['tuple', 'a tuple'], ['torch.optim.adam.Adam', 'an optimizer']] as const) {
      const run = await explain(cls);
      expect(run.code, cls).toBe(2);
      expect(run.stderr, cls).toContain(says);
      expect(run.stderr, cls).not.toContain('torch.save(model)');
    }
  });
});
