import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { isWrapperClass, WRAPPER_PREFIXES } from '../../src/analysis/key-roles.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { readShapeLog } from '../../src/formats/error-text/shape-logs.js';

interface Out {
  fixable: boolean;
  truncated: boolean;
  plan: { ops: { op: string; prefix?: string; dims?: number[]; key?: string; pattern?: string }[] };
}
const explain = async (text: string): Promise<{ code: number; out: Out | null }> => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  return { code: r.code, out: r.stdout.trim().startsWith('{') ? (JSON.parse(r.stdout) as Out) : null };
};

/** a tuning18 text as posted (never a held-out one: the half is checked) */
function tuning18(id: string): string {
  const cases = JSON.parse(readFileSync(new URL('../../bench/diagnosis/cases18.json', import.meta.url), 'utf8')) as { id: string; half: string; text: string }[];
  const c = cases.find((x) => x.id === id);
  if (!c || c.half !== 'tuning18') throw new Error(`${id} is not a tuning18 case`);
  return c.text;
}

describe("tuning18: a repository's own per-key shape-mismatch log is an error text", () => {
  it('pbcquoc/vietocr#47: `K missmatching shape, required torch.Size(A) but found torch.Size(B)`: A is the model\'s, B the checkpoint\'s', async () => {
    const text = tuning18('pbcquoc-vietocr-47');
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
    const text = tuning18('Jieqianyu-SSC-RS-4');
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

describe('tuning18: a model that is a DataParallel subclass carries `module.` on its own keys', () => {
  it('facebookresearch/fairchem#463: `for OCPDataParallel` with an unexpected `module.atomic_mass`: `module.` is not stripped', async () => {
    const { out } = await explain(tuning18('facebookresearch-fairchem-463'));
    expect(out?.plan.ops.map((o) => o.op)).not.toContain('strip_prefix');
  });

  it("mmcv's MMDistributedDataParallel too; a model of another class still has the prefix stripped", async () => {
    const text = (model: string) => `RuntimeError: Error(s) in loading state_dict for ${model}:\n\tUnexpected key(s) in state_dict: "module.backbone.extra.weight", "module.backbone.extra.bias". `;
    expect((await explain(text('MMDistributedDataParallel'))).out?.plan.ops.map((o) => o.op)).not.toContain('strip_prefix');
    expect((await explain(text('ResNet'))).out?.plan.ops.map((o) => o.op)).toContain('strip_prefix');
  });

  it('isWrapperClass: the class or a subclass named after it', () => {
    const dp = WRAPPER_PREFIXES.find((w) => w.prefix === 'module.')!.classes;
    expect(isWrapperClass(dp, 'DataParallel')).toBe(true);
    expect(isWrapperClass(dp, 'OCPDataParallel')).toBe(true);
    expect(isWrapperClass(dp, 'MMDataParallel')).toBe(true);
    expect(isWrapperClass(dp, 'ResNet')).toBe(false);
    expect(isWrapperClass(dp, null)).toBe(false);
    expect(isWrapperClass(undefined, 'DataParallel')).toBe(false);
  });
});

describe('tuning18: spconv 1.x kernels in a spconv 2.x model, from the error text alone', () => {
  it("tianweiy/MVP#2 (det3d's `these keys have mismatched shape` table): each kernel transposed by the documented permutation", async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: tuning18('tianweiy-MVP-2') });
    const out = JSON.parse(r.stdout) as Out;
    expect(out.fixable).toBe(true);
    const transposes = out.plan.ops.filter((o) => o.op === 'transpose');
    expect(transposes.length).toBeGreaterThan(0);
    expect(out.plan.ops.every((o) => o.op === 'transpose' && (o.dims ?? []).join() === '4,0,1,2,3')).toBe(true);
    // every kernel the table names, the square ones ([3, 3, 3, 16, 16]) too
    const named = ['backbone.conv_input.0.weight', 'backbone.conv1.0.conv1.weight', 'backbone.conv1.1.conv2.weight', 'backbone.conv2.0.weight', 'backbone.conv2.4.conv1.weight'];
    for (const k of named) expect(transposes.some((o) => o.key === k || (o.pattern !== undefined && new RegExp(o.pattern).test(k)))).toBe(true);
  });

  it('one kernel alone, or square kernels only (two layout pairs fit): no op, the finding stays a blocker', async () => {
    const line = (k: string, a: number[], b: number[]) => `\tsize mismatch for ${k}: copying a param with shape torch.Size([${a.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${b.join(', ')}]).`;
    const head = 'RuntimeError: Error(s) in loading state_dict for VoxelNet:\n';
    const one = (await explain(head + line('backbone.conv_input.0.weight', [3, 3, 3, 5, 16], [16, 3, 3, 3, 5]))).out!;
    expect(one.fixable).toBe(false);
    expect(one.plan.ops).toEqual([]);
    const square = (await explain(head + [line('backbone.conv1.0.conv1.weight', [3, 3, 3, 16, 16], [16, 3, 3, 3, 16]), line('backbone.conv1.0.conv2.weight', [3, 3, 3, 16, 16], [16, 3, 3, 3, 16])].join('\n'))).out!;
    expect(square.fixable).toBe(false);
    expect(square.plan.ops).toEqual([]);
  });
});
