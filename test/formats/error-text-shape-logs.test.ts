import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { readShapeLog } from '../../src/formats/error-text/shape-logs.js';

/** A repository's own per-key shape-mismatch log read as an error text (src/formats/error-text/shape-logs.ts), the last reader tried. */
interface Out {
  fixable: boolean;
  plan: { ops: { op: string }[] };
}
const explain = async (text: string): Promise<{ code: number; out: Out | null }> => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  return { code: r.code, out: r.stdout.trim().startsWith('{') ? (JSON.parse(r.stdout) as Out) : null };
};

describe("a repository's own per-key shape-mismatch log is an error text", () => {
  it('pbcquoc/vietocr#47: `K missmatching shape, required torch.Size(A) but found torch.Size(B)`: A is the model\'s, B the checkpoint\'s', async () => {
    const text = tuningCaseText('pbcquoc-vietocr-47');
    const r = parseErrorText(text, '<stdin>');
    expect(r.sizeMismatch).toEqual([
      { key: 'transformer.decoder.embedding.weight', source: [233, 256], expected: [256, 256] },
      { key: 'transformer.decoder.fc_out.weight', source: [233, 1024], expected: [256, 1024] },
      { key: 'transformer.decoder.fc_out.bias', source: [233], expected: [256] },
    ]);
    expect(r.missing).toEqual([]);
    expect(r.unexpected).toEqual([]);
    const { code, out } = await explain(text);
    expect(code).not.toBe(2);
    expect(out).not.toBeNull();
  });

  it('Jieqianyu/SSC-RS#4: `ignore weight of mistached shape in key K` names the keys without shapes: read, shapes unknown, no fix', async () => {
    const text = tuningCaseText('Jieqianyu-SSC-RS-4');
    const r = parseErrorText(text, '<stdin>');
    expect(r.sizeMismatch).toEqual([]);
    expect(r.sizeMismatchCut?.length).toBe(9);
    expect(r.sizeMismatchCut?.[0]).toEqual({ key: 'sem_branch.conv1_block.spconv_layers.0.layers_in.0.weight', source: null, expected: null });
    expect(r.truncated).toBe(true);
    const { code, out } = await explain(text);
    expect(code).not.toBe(2);
    expect(out?.fixable).toBe(false);
    expect(out?.plan.ops).toEqual([]);
  });

  it('the sides follow the words before each shape, in either order', () => {
    expect(readShapeLog(['conv1.weight: shape mismatch, got (64, 4, 3, 3) but expected (64, 3, 3, 3)']).sized).toEqual([
      { key: 'conv1.weight', source: [64, 4, 3, 3], expected: [64, 3, 3, 3] },
    ]);
    expect(readShapeLog(['size mismatched for head.fc.bias: model [10] vs pretrained [1000]']).sized).toEqual([{ key: 'head.fc.bias', source: [1000], expected: [10] }]);
    // two shapes no word sides: the key alone
    expect(readShapeLog(['head.fc.bias mismatched shape [10] [1000]'])).toEqual({ sized: [], shapeless: ['head.fc.bias'] });
  });

  it('no record: a line without a word of shape, several keys on one line, a module path, prose', () => {
    expect(readShapeLog(['head.fc.weight mismatch'])).toEqual({ sized: [], shapeless: [] });
    expect(readShapeLog(['the shapes of head.fc.weight and head.fc.bias mismatch'])).toEqual({ sized: [], shapeless: [] });
    expect(readShapeLog(['File "torch/nn/modules/module.py", shape mismatch in torch.nn.modules'])).toEqual({ sized: [], shapeless: [] });
    expect(readShapeLog(['I think the shapes mismatch, can you help?'])).toEqual({ sized: [], shapeless: [] });
    // a poster's sentence about one key's size (facebookresearch/VideoPose3D#196's kind): prose, not a log record
    expect(readShapeLog(['The size of expand_conv.weight in their variables is [1024 30 3], but the pretrained file from the checkpoint seems to have [1024 34 3]. How can I fix the mismatch? I appreciate any help!'])).toEqual({ sized: [], shapeless: [] });
    // torch's own size line, cut before its colon (zai-org/ChatGLM3#657): torch's reader's, left as it leaves it
    expect(readShapeLog(['RuntimeError: Error(s) in loading state_dict for PeftModelForCausalLM: size mismatch for base_model.model.embed_tokens.weight'])).toEqual({ sized: [], shapeless: [] });
  });

  it('a known format is read as before: the log reader is a last resort', () => {
    const r = parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tsize mismatch for fc.weight: copying a param with shape torch.Size([1000, 512]) from checkpoint, the shape in current model is torch.Size([10, 512]).', '<stdin>');
    expect(r.sizeMismatch).toEqual([{ key: 'fc.weight', source: [1000, 512], expected: [10, 512] }]);
    expect(r.notes.join(' ')).not.toMatch(/loader's own log/);
  });
});
