import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { normSiblingShapes } from '../../src/analysis/norm-siblings.js';

/**
 * A running-stats norm keeps weight, bias, running_mean and running_var in one shape, so a size line the paste cut
 * before its shapes, for one of them, is read with a whole line of another of the same module. okankop/MFF-pytorch#2
 * (tuning6): torch ≤ 1.0's `While copying the parameter named` lines of a Caffe-converted BNInception ([1, 64] against
 * [64]), the third line cut at `whose dimensions in th`. Before: the cut line was not read at all, and explain said
 * "the plan accounts for every key the error names" (exit 0) on a text the paste had cut.
 */
const line = (k: string) => `\tWhile copying the parameter named "${k}", whose dimensions in the model are torch.Size([64]) and whose dimensions in the checkpoint are torch.Size([1, 64]).`;
const MFF = [
  'RuntimeError: Error(s) in loading state_dict for BNInception:',
  line('conv1_7x7_s2_bn.weight'),
  line('conv1_7x7_s2_bn.bias'),
  '\tWhile copying the parameter named "conv1_7x7_s2_bn.running_mean", whose dimensions in th',
].join('\n');

interface Out {
  fixable: boolean;
  complete: boolean;
  truncated: boolean;
  plan: { ops: { op: string; pattern?: string }[]; mapping: Record<string, unknown> };
}
const explain = async (text: string): Promise<{ code: number; out: Out }> => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  return { code: r.code, out: JSON.parse(r.stdout) as Out };
};

describe('a cut While-copying line, and a norm tensor read with its siblings', () => {
  it('the parser reads the cut line: its key named, the text cut (before: the text read as whole)', () => {
    const r = parseErrorText(MFF, 'e.txt');
    expect(r.truncated).toBe(true);
    expect(r.sizeMismatch.map((m) => m.key)).toEqual(['conv1_7x7_s2_bn.weight', 'conv1_7x7_s2_bn.bias']);
    expect(r.sizeMismatchCut).toEqual([{ key: 'conv1_7x7_s2_bn.running_mean', source: null, expected: null }]);
    // a whole line, and the copy failure with another message, are no cut lines
    expect(parseErrorText([MFF.split('\n')[0], line('a.bn.weight')].join('\n'), 'e.txt').sizeMismatchCut ?? []).toEqual([]);
    expect(parseErrorText('While copying the parameter named "a.w", expected torch.Tensor or Tensor-like object from checkpoint but received <class \'NoneType\'>', 'e.txt').sizeMismatchCut ?? []).toEqual([]);
    // the same cut pasted inside a fence with the poster's words after it (the paste-variants test's gh-fence): still cut
    const fenced = parseErrorText(`I get this:\n\`\`\`\n${MFF}\n\`\`\`\n\nWhat should I do?`, 'e.txt');
    expect(fenced.truncated).toBe(true);
    expect(fenced.sizeMismatchCut?.map((c) => c.key)).toEqual(['conv1_7x7_s2_bn.running_mean']);
    // a whole line a terminal wrapped inside its words, its shapes on the next line: not cut
    const wrapped = `${MFF.split('\n').slice(0, 3).join('\n')}\n\tWhile copying the parameter named "conv1_7x7_s2_bn.running_mean", whose dim\nensions in the model are torch.Size([64]) and whose dimensions in the checkpoint are torch.Size([1, 64]).`;
    expect(parseErrorText(wrapped, 'e.txt').sizeMismatchCut ?? []).toEqual([]);
  });

  it("the cut running_mean takes its BatchNorm siblings' shapes; a conv's bias never takes its weight's", () => {
    const r = normSiblingShapes(parseErrorText(MFF, 'e.txt'));
    expect(r.sizeMismatch).toContainEqual({ key: 'conv1_7x7_s2_bn.running_mean', source: [1, 64], expected: [64] });
    expect(r.sizeMismatchCut).toEqual([]);
    const conv = normSiblingShapes({ ...r, sizeMismatch: [{ key: 'conv1.weight', source: [64, 3, 7, 7], expected: [32, 3, 7, 7] }], sizeMismatchCut: [{ key: 'conv1.bias', source: null, expected: null }] });
    expect(conv.sizeMismatchCut).toEqual([{ key: 'conv1.bias', source: null, expected: null }]);
  });

  it('explain: the reshape covers the cut key too, and the answer says the text is cut (exit 1, not "accounts for every key")', async () => {
    const { code, out } = await explain(MFF);
    expect(code).toBe(1);
    expect(out.truncated).toBe(true);
    expect(out.complete).toBe(false);
    expect(out.fixable).toBe(true);
    expect(out.plan.ops).toEqual([expect.objectContaining({ op: 'reshape' })]);
    expect(out.plan.ops[0]!.pattern).toContain('running_mean');
  });
});
