import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './capture-main.js';

/**
 * Review 22 F11: `inspect` on the other files a new user holds (a pasted error, a manifest, a key list) said
 * "not a checkpoint: unrecognised content (first bytes 45 72 72 6f …)". It names what the file is and the command
 * that reads it, in one line, exit 2.
 */
const dir = mkdtempSync(join(tmpdir(), 'sdmatch-inspect-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('inspect on a file that is no checkpoint but one sdmatch reads', () => {
  it.each([
    ['err.txt', 'Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc.weight", "fc.bias". \n\tUnexpected key(s) in state_dict: "module.fc.weight", "module.fc.bias". \n', /a load_state_dict error text, not a checkpoint: sdmatch explain \S*err\.txt/],
    ['model.json', '{"format": "sdmatch-manifest", "version": 1, "tensors": {"fc.weight": {"shape": [2, 2], "dtype": "float32"}}}\n', /an sdmatch manifest, not a checkpoint: compare a checkpoint with it by sdmatch diff CHECKPOINT \S*model\.json/],
    ['keys.txt', "odict_keys(['fc.weight', 'fc.bias'])\n", /a list of keys, not a checkpoint: compare a checkpoint with it by sdmatch diff CHECKPOINT \S*keys\.txt/],
    // s23-verify F10: sdmatch's own plan
    ['plan.json', '{\n  "format": "sdmatch-plan",\n  "version": 1,\n  "ops": []\n}\n', /an sdmatch plan, not a checkpoint: sdmatch apply CHECKPOINT \S*plan\.json/],
  ])('%s: names what it is and the command to use', async (name, text, words) => {
    const r = await runCli(['inspect', write(name, text)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(words);
    expect(r.stderr).not.toMatch(/first bytes/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('other bytes keep the hex', async () => {
    const r = await runCli(['inspect', write('blob.bin', '\x01\x02\x03\x04\x05\x06\x07\x08\x00')]);
    expect(r.stderr).toMatch(/first bytes 01 02 03/);
  });
});
