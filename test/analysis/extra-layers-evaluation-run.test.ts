import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { parseErrorText } from '../../src/formats/error-text.js';

/** Numbered layers past the model's in a lenient load (error-hints' extra_layers), read as another depth when the run evaluates. */
interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { ops: { op: string }[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

describe('a lenient load in an evaluation run with numbered layers past the model\'s: another depth, not unused parts', () => {
  it('emecercelik/ssl-3d-detection#4 (mmengine, `./tools/test_our_pointpillars_nus.sh`): vfe_layers.1 is no drop', async () => {
    const r = await explain(tuningCaseText('emecercelik-ssl-3d-detection-4'));
    expect(r.fixable).toBe(false);
    expect(r.causes.map((c) => c.code)).toContain('extra_layers');
    expect(r.plan.ops.map((o) => o.op)).not.toContain('drop');
  });

  it('the same list cut after two keys (`...`) gets no drop either (the whole text gets none)', async () => {
    const whole = tuningCaseText('emecercelik-ssl-3d-detection-4');
    const at = whole.indexOf('pts_voxel_encoder.vfe_layers.1.norm.running_mean');
    const cut = `${whole.slice(0, at)}...${whole.slice(whole.indexOf('\n```', at))}`;
    const r = await explain(cut);
    expect(r.fixable).toBe(false);
    expect(r.plan.ops.map((o) => o.op)).not.toContain('drop');
  });

  it('a shell script of a test, demo or inference run is an evaluation run', () => {
    const text = (cmd: string) => `I ran ${cmd}\nunexpected key in source state_dict: enc.layers.1.linear.weight, enc.layers.1.norm.weight`;
    expect(parseErrorText(text('`./tools/test_our_pointpillars_nus.sh`'), 'x').evaluationRun).toBe('test_our_pointpillars_nus.sh');
    expect(parseErrorText(text('bash demo.sh'), 'x').evaluationRun).toBe('demo.sh');
    expect(parseErrorText(text('bash tools/train.sh'), 'x').evaluationRun).toBeUndefined();
  });

  it('the same lenient load outside an evaluation run (a shallower model fine-tuned from deeper weights) still drops them', async () => {
    const r = await explain('bash tools/train.sh configs/x.py\nThe model and loaded state dict do not match exactly\n\nunexpected key in source state_dict: enc.layers.1.linear.weight, enc.layers.1.norm.weight, enc.layers.1.norm.bias\n');
    expect(r.causes.map((c) => c.code)).not.toContain('extra_layers');
    expect(r.plan.ops.map((o) => o.op)).toContain('drop');
  });
});
