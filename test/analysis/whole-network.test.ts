import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

// ZhaoJ9014/face.evoLVe.PyTorch#95 as posted (cut inside the unexpected list): HEAD_RESUME_ROOT pointed at the backbone's file
const FACE_EVOLVE = `Loading Backbone Checkpoint './checkpoint/ms1m_ir50/backbone_ir50_ms1m_epoch63.pth'
Loading Head Checkpoint './checkpoint/ms1m_ir50/backbone_ir50_ms1m_epoch63.pth'
Traceback (most recent call last):
  File "/home/sai/YANG/face_recognition/face.evoLVe.PyTorch/train.py", line 142, in <module>
    HEAD.load_state_dict(torch.load(HEAD_RESUME_ROOT))
  File "/usr/local/lib/python3.5/dist-packages/torch/nn/modules/module.py", line 777, in load_state_dict
    self.__class__.__name__, "\\n\\t".join(error_msgs)))
RuntimeError: Error(s) in loading state_dict for ArcFace:
\tMissing key(s) in state_dict: "weight". 
\tUnexpected key(s) in state_dict: "input_layer.0.weight", "input_layer.1.weight", "input_layer.1.bias", "input_layer.1.running_mean", "input_layer.1.running_var", "inp`;

describe('a whole network given to a one-layer module (whole-network.ts)', () => {
  it('face.evoLVe-95: ArcFace\'s root `weight` missing, an IR-50 backbone from its input layer unexpected: another file, not fixable', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: FACE_EVOLVE });
    const j = JSON.parse(r.stdout) as { fixable: boolean; causes: { code: string; message: string }[] };
    expect(j.fixable).toBe(false);
    expect(j.causes[0]!.code).toBe('another_file');
    expect(j.causes[0]!.message).toMatch(/\(ArcFace\) misses is a parameter at its root \(`weight`\).*`input_layer\.0\.weight`, and more past the cut/);
  }, 60_000);
});
