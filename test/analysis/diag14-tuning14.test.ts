import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { bufferRule } from '../../src/analysis/key-roles.js';

interface Out {
  fixable: boolean;
  readings: { situation: string; chosen: string }[];
  plan: { ops: { op: string }[]; mapping: Record<string, unknown> };
  after: { missing: string[]; unexpected: string[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

// grenlayk/deep-text-edit#29 (tuning14), as posted: the OCR recogniser's TPS grid generator registers `inv_delta_C` and
// `P_hat` as buffers computed in its constructor; the released file lacks them
const DEEP_TEXT_EDIT = `when train the model ,there is a error: 

RuntimeError: Error(s) in loading state_dict for DataParallel:
        Missing key(s) in state_dict: "module.Transformation.GridGenerator.inv_delta_C", "module.Transformation.GridGenerator.P_hat".`;

// RobustBench/robustbench#16 (tuning14), the message as posted: the CIFAR-100 wrapper's normalisation constants at its root
const ROBUSTBENCH = `RuntimeError: Error(s) in loading state_dict for Wu2020AdversarialNet:
        Missing key(s) in state_dict: "mu", "sigma".`;

describe('tuning14: buffers that carry no learned weight, missing from the file', () => {
  it('the TPS grid constants of a scene-text recogniser are kept missing, not read as nothing loaded', async () => {
    const r = await explain(DEEP_TEXT_EDIT);
    expect(r.fixable).toBe(true);
    expect(r.after.missing.sort()).toEqual(['module.Transformation.GridGenerator.P_hat', 'module.Transformation.GridGenerator.inv_delta_C']);
  });

  it("a wrapper's input normalisation constants at its root are kept missing", async () => {
    const r = await explain(ROBUSTBENCH);
    expect(r.fixable).toBe(true);
    expect(r.after.missing.sort()).toEqual(['mu', 'sigma']);
  });

  it("only at the root: a module's own `mu` (a policy's layer, an EM attention's bases) is no constant", () => {
    expect(bufferRule('mu')).not.toBeNull();
    expect(bufferRule('std')).not.toBeNull();
    expect(bufferRule('actor.mu')).toBeNull();
    expect(bufferRule('emau.mu')).toBeNull();
    expect(bufferRule('graph_conv.1.gated_mlp_atom.sigma')).toBeNull();
  });
});
