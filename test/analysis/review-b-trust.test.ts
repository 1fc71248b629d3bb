import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { widthChange } from '../../src/analysis/variant-signs.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Texts from an independent review (session 6, review B, /work/notes/review6/rv) on which the diagnosis
 * lost weights silently or printed a claim the text cannot support.
 */

const HEAD = 'RuntimeError: Error(s) in loading state_dict for Net:\n';
const missing = (...keys: string[]) => `\tMissing key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}. \n`;
const unexpected = (...keys: string[]) => `\tUnexpected key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}. \n`;

describe('a submodule whose name looks like a training loss (finding 2)', () => {
  // rv/t1.txt: a DDP checkpoint of a model with its own `loss_head.fc`
  const T1 = HEAD + missing('backbone.conv.weight', 'backbone.conv.bias', 'loss_head.fc.weight', 'loss_head.fc.bias') + unexpected('module.backbone.conv.weight', 'module.backbone.conv.bias', 'module.loss_head.fc.weight', 'module.loss_head.fc.bias');
  // rv/t2.txt: the same weights under an extra `model.`
  const T2 = HEAD + missing('loss_head.fc.weight', 'loss_head.fc.bias') + unexpected('model.loss_head.fc.weight', 'model.loss_head.fc.bias');

  it('keys that are the missing ones under a prefix are neither dropped nor kept missing as buffers', () => {
    for (const t of [T1, T2]) {
      const h = errorHints(parseErrorText(t, 'e.txt'));
      expect(h.drops).toEqual([]);
      expect(h.keepMissing).toEqual([]);
    }
  });

  it('explain strips the prefix and loses nothing', async () => {
    for (const [t, prefix] of [[T1, 'module.'], [T2, 'model.']] as const) {
      const r = await runCli(['explain', '-'], { stdin: t });
      expect(r.stdout).toContain(`strip_prefix    '${prefix}'`);
      expect(r.stdout).toMatch(/after the plan: 0 missing, 0 unexpected/);
      expect(r.stdout).not.toMatch(/buffers|nothing trained is lost/);
    }
  });

  it('a loss network the model expects is called what it is, never buffers (rv/t1.txt wording)', async () => {
    const t = HEAD + missing('perceptual_loss.vgg.features.0.weight', 'perceptual_loss.vgg.features.0.bias');
    expect(errorHints(parseErrorText(t, 'e.txt')).keepMissing.map((k) => k.kind)).toEqual(['loss-network', 'loss-network']);
    const r = await runCli(['explain', '-'], { stdin: t });
    expect(r.stdout).toMatch(/2 keys the model expects are parameters of a loss network the inference model does not use \(`perceptual_loss\.vgg/);
    expect(r.stdout).toMatch(/pretrained or trained with the loss.*loses nothing the model needs/);
    expect(r.stdout).not.toMatch(/buffer|nothing trained is lost/);
    // the same row's reason on the checkpoint side: dropped, and not called buffers either
    const u = await runCli(['explain', '-'], { stdin: HEAD + unexpected('perceptual_loss.vgg.features.0.weight', 'perceptual_loss.vgg.features.0.bias') });
    expect(u.stdout).toMatch(/loses nothing the model needs/);
    expect(u.stdout).not.toMatch(/buffer|frozen/);
  });

  it('a loss network under a loss name with nothing missing is still left out', () => {
    const h = errorHints(parseErrorText(HEAD + unexpected('perceptual_loss.vgg.features.0.weight', 'perceptual_loss.vgg.features.0.bias'), 'e.txt'));
    expect(h.drops.map((d) => d.key)).toEqual(['perceptual_loss.vgg.features.0.weight', 'perceptual_loss.vgg.features.0.bias']);
  });
});

describe('a teacher copy in a cut text with nothing missing (finding 3)', () => {
  // rv/t4.txt: the unexpected list comes first (torch prints missing first), so the model lacked nothing
  const T4 = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "teacher.conv1.weight", "teacher.bn1.weight", "teacher.bn1.bias", "teacher.layer1.0.conv1.weight", "teacher.layer1.0.bn1.weigh';

  it('the prefix is not stripped onto keys that already loaded; the listed copy is left out', () => {
    const h = errorHints(parseErrorText(T4, 'e.txt'));
    expect(h.prefix ?? null).toBeNull();
    expect(h.drops.map((d) => d.key)).toEqual(['teacher.conv1.weight', 'teacher.bn1.weight', 'teacher.bn1.bias', 'teacher.layer1.0.conv1.weight']);
  });

  it('a copy whose names the missing list shows is still stripped', () => {
    const cutBoth = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv1.weight". \n\tUnexpected key(s) in state_dict: "teacher.conv1.weight", "teacher.bn1.weigh', 'e.txt'));
    expect(cutBoth.prefix?.prefix).toBe('teacher.');
  });
});

describe('halves renamed into a container are a rename, not a gated layer (finding 6)', () => {
  // rv/t3.txt: `conv_0`/`conv_1` in the checkpoint, `conv.0`/`conv.1` in the model
  const T3 = HEAD + missing('blocks.0.conv.0.weight', 'blocks.0.conv.1.weight', 'blocks.1.conv.0.weight', 'blocks.1.conv.1.weight') + unexpected('blocks.0.conv_0.weight', 'blocks.0.conv_1.weight', 'blocks.1.conv_0.weight', 'blocks.1.conv_1.weight');

  it('no "another design" blocker; the pair is renamed', async () => {
    const h = errorHints(parseErrorText(T3, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).not.toContain('gated_layers');
    const r = await runCli(['explain', '-'], { stdin: T3 });
    expect(r.stdout).toMatch(/after the plan: 0 missing, 0 unexpected/);
  });
});

describe('conv and norm packed in a Sequential: not called another stem outright (finding 7)', () => {
  // rv/t11.txt
  const T11 = HEAD + missing('conv1.0.weight', 'conv1.1.weight', 'conv1.1.bias', 'conv1.1.running_mean', 'conv1.1.running_var') + unexpected('conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var');

  it('both readings are said (a refactor or another stem), and the checkpoint asked for; no plan guesses', () => {
    const h = errorHints(parseErrorText(T11, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['stem_variant']);
    expect(h.blockers[0]!.message).toMatch(/either the same conv and norm packed in a Sequential .* or another stem .*names cannot tell which: give the checkpoint/);
  });

  it('a stem with no norm of the same keys is still said to be another variant', () => {
    const h = errorHints(parseErrorText(HEAD + missing('conv1.0.weight', 'conv1.1.weight', 'conv1.1.bias') + unexpected('conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var'), 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['stem_variant']);
    expect(h.blockers[0]!.message).toMatch(/the stems are built differently/);
  });
});

describe('a label count is not a width (finding 8a)', () => {
  // rv/t12.txt: a BERT-CRF tagger of 9 labels into one of 5
  const size = (key: string, a: number[], b: number[]) => `\tsize mismatch for ${key}: copying a param with shape torch.Size([${a.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${b.join(', ')}]).\n`;
  const T12 = 'RuntimeError: Error(s) in loading state_dict for BertCRF:\n' + size('classifier.weight', [9, 768], [5, 768]) + size('classifier.bias', [9], [5]) + size('crf.start_transitions', [9], [5]) + size('crf.end_transitions', [9], [5]) + size('crf.transitions', [9, 9], [5, 5]);

  it('a square label-by-label table alone does not make 9 → 5 a width change', () => {
    expect(widthChange(parseErrorText(T12, 'e.txt').sizeMismatch)).toBeNull();
    // the classifier is judged as a head of another class count
    expect(errorHints(parseErrorText(T12, 'e.txt')).drops.map((d) => d.key)).toEqual(['classifier.weight', 'classifier.bias']);
  });

  it('a width that a second tensor takes as input is still one', () => {
    const r = parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n' + size('a.weight', [768, 768], [512, 512]) + size('b.weight', [3072, 768], [2048, 512]), 'e.txt');
    expect(widthChange(r.sizeMismatch)?.from).toBe(768);
  });

  it("inference's size finding names no width for the label table (rv/t12.txt)", async () => {
    const r = await runCli(['explain', '-'], { stdin: T12 });
    expect(r.stdout).toMatch(/another model size or configuration/);
    expect(r.stdout).not.toMatch(/width 9|width 5/);
  });

  it("inference's size finding still names a width the layers' inputs show", async () => {
    const t = 'RuntimeError: Error(s) in loading state_dict for Net:\n' + size('a.weight', [768, 768], [512, 512]) + size('a.bias', [768], [512]) + size('b.weight', [3072, 768], [2048, 512]) + size('norm.weight', [768], [512]);
    const r = await runCli(['explain', '-'], { stdin: t });
    expect(r.stdout).toContain('the checkpoint has width 768; the model width 512');
  });
});

describe('claims the text cannot support are hedged (findings 8b, 8c)', () => {
  it('a 1000 → 1024 head is a projection or a class count: both said (rv/t7.txt)', () => {
    const T7 = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tsize mismatch for fc.weight: copying a param with shape torch.Size([1000, 2048]) from checkpoint, the shape in current model is torch.Size([1024, 2048]).\n\tsize mismatch for fc.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([1024]).\n';
    const msg = errorHints(parseErrorText(T7, 'e.txt')).blockers.map((b) => b.message).join('\n');
    expect(msg).toMatch(/if the model really has 1024 classes/);
    expect(msg).toMatch(/cannot tell which/);
  });

  it('one top-level module missing: "if the rest loaded", never "the rest of the model loaded" (rv/t10.txt)', () => {
    const T10 = HEAD + missing('model.input_proj.weight', 'model.layers.0.weight', 'model.layers.1.weight', 'model.out.weight');
    const msg = errorHints(parseErrorText(T10, 'e.txt')).notes.map((n) => n.message).join('\n');
    expect(msg).toMatch(/if the rest of the model loaded/);
    expect(msg).not.toMatch(/the rest of the model loaded;/);
  });
});

describe('the headline of an undecided blocker does not claim no transform exists (findings 7, 8b)', () => {
  it('rv/t11.txt: "the text alone", not "no key transform makes this checkpoint load"', async () => {
    const T11 = HEAD + missing('conv1.0.weight', 'conv1.1.weight', 'conv1.1.bias', 'conv1.1.running_mean', 'conv1.1.running_var') + unexpected('conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var');
    const r = await runCli(['explain', '-'], { stdin: T11 });
    expect(r.stdout.split('\n')[0]).toMatch(/no key transform the text alone can justify/);
    expect(r.stdout).not.toMatch(/no key transform makes this checkpoint load/i);
  });
});
