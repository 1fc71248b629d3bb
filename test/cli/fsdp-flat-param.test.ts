import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeManifest } from '../../src/formats/manifest.js';
import { safetensorsFile } from '../helpers/json-mutants.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 25 F4: a state dict of FSDP's flattened parameters (`_fsdp_wrapped_module.flat_param`: every parameter
 * of the model in one vector, as FSDP's LOCAL_STATE_DICT with use_orig_params=False lays it out) was "probably of
 * another model" (plan) and "a regrouping" (explain). It is the model's weights in a form no key edit maps back:
 * said as such, with how to save the model's own state dict; exit 1, nothing planned from it.
 */
let tmp: { dir: string; cleanup: () => void };
let ckpt: string;
let model: string;
const MODEL_KEYS = [
  { key: 'fc1.weight', shape: [4, 3] },
  { key: 'fc1.bias', shape: [4] },
  { key: 'fc2.weight', shape: [2, 4] },
  { key: 'fc2.bias', shape: [2] },
];
const ERROR = `RuntimeError: Error(s) in loading state_dict for Net:
\tMissing key(s) in state_dict: "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias".
\tUnexpected key(s) in state_dict: "_fsdp_wrapped_module.flat_param".`;

beforeAll(() => {
  tmp = tempDir('fsdp-flat');
  // 12 + 4 + 8 + 2 = 26 parameters, flattened, plus FSDP's one element of padding
  ckpt = join(tmp.dir, 'fsdp_local.safetensors');
  writeFileSync(ckpt, safetensorsFile(JSON.stringify({ '_fsdp_wrapped_module.flat_param': { dtype: 'F32', shape: [27], data_offsets: [0, 108] } }), 108));
  model = join(tmp.dir, 'net.json');
  writeFileSync(model, writeManifest(MODEL_KEYS.map((k) => ({ ...k, dtype: 'float32' }))));
});
afterAll(() => tmp?.cleanup());

const SAID = /`_fsdp_wrapped_module\.flat_param` is FSDP's flattened parameters .*StateDictType\.FULL_STATE_DICT/;

it('plan CHECKPOINT MODEL: the flattened parameters are named, not another model; exit 1', async () => {
  const r = await runCli(['plan', ckpt, model, '--no-color']);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toMatch(SAID);
  expect(r.stdout).not.toMatch(/another model|regrouping/);
});

it('explain of the error text, and of the checkpoint with it: the same finding, no regrouping', async () => {
  const errFile = join(tmp.dir, 'error.txt');
  writeFileSync(errFile, ERROR);
  for (const args of [[errFile], [ckpt, errFile]]) {
    const r = await runCli(['explain', ...args, '--no-color']);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
    expect(r.stdout, args.join(' ')).toMatch(SAID);
    expect(r.stdout, args.join(' ')).not.toMatch(/another model|regrouping/);
  }
});
