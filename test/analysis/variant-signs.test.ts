import { describe, expect, it } from 'vitest';
import { errorHints } from '../../src/analysis/error-hints.js';
import { gatedPair, projectionNotClasses, stemBuiltOtherwise, trainingTwinMissing, variantAdditionsMissing, widthChange } from '../../src/analysis/variant-signs.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';

/**
 * Another variant, config or training stage of the model whose keys look renameable
 * (src/analysis/variant-signs.ts), on texts as people pasted them in the tuning halves of
 * bench/diagnosis (cases3.json: salesforce/PCL#10, PiotrNawrot/nanoT5#14, LAMDA-CL/PyCIL#69,
 * Zhengxinyang/LAS-Diffusion#18), each beside a text of the same shape that is a key fix.
 */

const parse = (t: string) => parseErrorText(t, 'e.txt');

describe('a training twin (momentum / teacher / EMA / target encoder) the checkpoint lacks', () => {
  // salesforce/PCL#10: the released file holds the query encoder; the model is the MoCo-style training wrapper
  const PCL = '`RuntimeError: Error(s) in loading state_dict for DistributedDataParallel:\n        Missing key(s) in state_dict: "module.queue", "module.queue_ptr", "module.encoder_k.conv1.weight", "module.encoder_k.bn1.weight", "module.encoder_k.bn1.bias", "module.encoder_k.bn1.running_mean", "module.encoder_k.bn1.running_var", "module.encoder_k.layer1.0.conv1.weight", "module.encoder_k.layer1.0.bn1.weight", "module.encoder_k.layer1.0.bn1.bias", "module.encoder_k.layer1.1';

  it('is the released network against the training wrapper: a blocker, no module. prefix added', () => {
    const h = errorHints(parse(PCL));
    expect(h.blockers.map((b) => b.code)).toEqual(['training_twin_missing']);
    expect(h.blockers[0]!.message).toMatch(/momentum \(key\) encoder/);
    expect(h.blockers[0]!.message).toMatch(/training state \(`module\.queue`/);
    expect(h.prefix).toBeNull();
  });

  it('explain offers no key edit and no strict=False', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: PCL });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { ops: unknown[] } };
    expect(j.fixable).toBe(false);
    expect(j.plan.ops).toEqual([]);
    const t = await runCli(['explain', '-'], { stdin: PCL });
    expect(t.stdout).not.toMatch(/strict\s*=\s*False/);
  });

  it('the same network missing under a wrapper prefix, with no twin: not this sign', () => {
    const plain = parse('RuntimeError: Error(s) in loading state_dict for DistributedDataParallel:\n\tMissing key(s) in state_dict: "module.encoder_q.conv1.weight", "module.encoder_q.bn1.weight". ');
    expect(trainingTwinMissing(plain)).toBeNull();
    // the twin on the checkpoint's side (a teacher and a student saved together) is a selection, not this sign
    const both = parse('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "backbone.conv1.weight". \n\tUnexpected key(s) in state_dict: "modelTeacher.backbone.conv1.weight", "modelStudent.backbone.conv1.weight". ');
    expect(trainingTwinMissing(both)).toBeNull();
  });
});

describe('a gated layer pair in every block against a plain layer', () => {
  // PiotrNawrot/nanoT5#14: a T5 v1.1 (gated-gelu) checkpoint into a model built with the plain feed-forward
  const NANOT5 = "Some weights of the model checkpoint at /home/.../checkpoint-pt-60001/ were not used when initializing T5ForConditionalGeneration: ['encoder.block.8.layer.1.DenseReluDense.wi_1.weight', 'decoder.block.1.layer.2.DenseReluDense.wi_1.weight', 'decoder.block.5.layer.2.DenseReluDense.wi_1.weight', 'encoder.block.5.layer.1.DenseReluDense.wi_0.weight', 'decoder.block.3.layer.2.DenseReluDense.wi_0.weight', 'decoder.block.2.layer.2.DenseReluDense.wi_1.weight', 'encoder.block.11.layer.1.DenseReluDense.wi_1.weight'";

  it('is another config of the blocks, never a drop of the pair', () => {
    const h = errorHints(parse(NANOT5));
    expect(h.blockers.map((b) => b.code)).toEqual(['gated_layers']);
    expect(h.blockers[0]!.message).toMatch(/feed_forward_proj/);
    expect(h.drops).toEqual([]);
  });

  it('the model built gated, the checkpoint plain: the same sign from the other side', () => {
    const r = parse('RuntimeError: Error(s) in loading state_dict for T5:\n\tMissing key(s) in state_dict: "block.0.ff.wi_0.weight", "block.0.ff.wi_1.weight", "block.1.ff.wi_0.weight", "block.1.ff.wi_1.weight". \n\tUnexpected key(s) in state_dict: "block.0.ff.wi.weight", "block.1.ff.wi.weight". ');
    expect(gatedPair(r)?.message).toMatch(/model has `wi` as a pair/);
  });

  it('layers named after their block (`module_list.1.batch_norm_1`) or numbered past 1 are no pair', () => {
    // ultralytics/yolov3#20 (tuning2): Darknet names each layer after its block
    const yolo = parse('RuntimeError: Error(s) in loading state_dict for Darknet:\n\tUnexpected key(s) in state_dict: "module_list.0.batch_norm_0.num_batches_tracked", "module_list.1.batch_norm_1.num_batches_tracked", "module_list.2.batch_norm_2.num_batches_tracked". ');
    expect(gatedPair(yolo)).toBeNull();
    // a pair of layers of their own (`norm_0`, `norm_1`), no plain layer shown and no known gated pair
    const own = parse('RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "blocks.0.norm_0.weight", "blocks.0.norm_1.weight", "blocks.1.norm_0.weight", "blocks.1.norm_1.weight". ');
    expect(gatedPair(own)).toBeNull();
    const three = parse('RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "blocks.0.conv_0.weight", "blocks.0.conv_1.weight", "blocks.0.conv_2.weight", "blocks.1.conv_0.weight", "blocks.1.conv_1.weight", "blocks.1.conv_2.weight". ');
    expect(gatedPair(three)).toBeNull();
  });
});

describe('a first layer built otherwise (CIFAR-style stem against ImageNet)', () => {
  // LAMDA-CL/PyCIL#69: torchvision ImageNet ResNet-18 weights into the CIFAR ResNet whose conv1 is Sequential(conv, bn)
  const PYCIL = '`RuntimeError: Error(s) in loading state_dict for ResNet:\n        Missing key(s) in state_dict: "conv1.0.weight", "conv1.1.weight", "conv1.1.bias", "conv1.1.running_mean", "conv1.1.running_var".\n        Unexpected key(s) in state_dict: "bn1.running_mean", "bn1.running_var", "bn1.weight", "bn1.bias", "fc.weight", "fc.bias", "conv1.weight".\n`';

  it('is another variant: no prefix games with bn1. and conv1.1.', async () => {
    const h = errorHints(parse(PYCIL));
    expect(h.blockers.map((b) => b.code)).toEqual(['stem_variant']);
    const r = await runCli(['explain', '-', '--json'], { stdin: PYCIL });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { ops: unknown[] } };
    expect(j.fixable).toBe(false);
    expect(j.plan.ops).toEqual([]);
  });

  it('the stem packed the same way on both sides (a prefix differs): not this sign', () => {
    const r = parse('RuntimeError: Error(s) in loading state_dict for ResNet:\n\tMissing key(s) in state_dict: "conv1.0.weight", "conv1.1.weight". \n\tUnexpected key(s) in state_dict: "module.conv1.0.weight", "module.conv1.1.weight". ');
    expect(stemBuiltOtherwise(r)).toBeNull();
    // an embedding wrapped in a Sequential is the same table renamed, not a stem variant
    const emb = parse('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "embed.0.weight". \n\tUnexpected key(s) in state_dict: "embed.weight". ');
    expect(stemBuiltOtherwise(emb)).toBeNull();
  });

  // s22 robustness probe (layer-words: `conv` -> `cv`, `bn` -> `bnorm`, as YOLO names them): the same layers, packed the
  // same way, under other names; the structure (a norm's very keys in the block's later layer) says it, not `conv1`
  it('the same packing under other layer names is the same undecided reading, no leaf-name rename', async () => {
    const renamed = tuningCaseText('LAMDA-CL-PyCIL-69').replace(/"conv1\./g, '"cv1.').replace(/"bn1\./g, '"bnorm1.');
    expect(errorHints(parse(renamed)).blockers.map((b) => b.code)).toEqual(['stem_variant']);
    const r = await runCli(['explain', '-', '--json'], { stdin: renamed });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { ops: unknown[] } };
    expect(j.fixable).toBe(false);
    expect(j.plan.ops).toEqual([]);
    // without the norm's keys in the block, a layer not named as a stem is no stem variant
    expect(stemBuiltOtherwise(parse('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "cv1.0.weight", "cv1.1.weight". \n\tUnexpected key(s) in state_dict: "cv1.weight". '))).toBeNull();
  });
});

describe('an output width that is a feature width where the checkpoint has a class count', () => {
  // Zhengxinyang/LAS-Diffusion#18: an ImageNet-1k fine-tune where the model needs the CLIP tower's 1024-wide projection
  const LAS = 'RuntimeError: Error(s) in loading state_dict for VisionTransformer:\n\tsize mismatch for head.weight: copying a param with shape torch.Size([1000, 1280]) from checkpoint, the shape in current model is torch.Size([1024, 1280]).\n\tsize mismatch for head.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([1024]).';

  it('is another release of the network, not a head to re-initialise', () => {
    const h = errorHints(parse(LAS));
    expect(h.blockers.map((b) => b.code)).toEqual(['feature_projection']);
    expect(h.drops).toEqual([]);
  });

  it('a class count in the model (1000 → 10, or → 200) stays a head of another class count', () => {
    expect(projectionNotClasses({ key: 'head.weight', source: [1000, 1280], expected: [10, 1280] })).toBe(false);
    expect(projectionNotClasses({ key: 'head.weight', source: [1000, 1280], expected: [200, 1280] })).toBe(false);
    // a feature width in the checkpoint and a class count in the model: a new head, as usual
    expect(projectionNotClasses({ key: 'head.weight', source: [1024, 1280], expected: [1000, 1280] })).toBe(false);
    const h = errorHints(parse(LAS.replace(/\[1024, 1280\]/, '[10, 1280]').replace(/\[1024\]/, '[10]')));
    expect(h.drops.map((d) => d.key)).toEqual(['head.weight', 'head.bias']);
  });
});

describe('a teacher-student checkpoint given to the network alone', () => {
  // facebookresearch/unbiased-teacher#29 (tuning): fvcore's unused list, cut, every key under `modelTeacher.`
  const UT = 'The checkpoint state_dict contains keys that are not used by the model:\n  modelTeacher.backbone.fpn_lateral2.{bias, weight}\n  modelTeacher.backbone.fpn_output2.{bias, weight}\n  modelTeacher.backbone.fpn_late';

  it('strips the copy\'s prefix, saying whose it is', () => {
    const h = errorHints(parse(UT));
    expect(h.prefix?.op).toBe('strip_prefix');
    expect(h.prefix?.prefix).toBe('modelTeacher.');
    expect(h.prefix?.why).toMatch(/teacher/);
  });

  it('a whole error with nothing missing: the model loaded its own weights, the copy is not stripped onto them', () => {
    const h = errorHints(parse('RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "teacher.conv1.weight", "teacher.fc.weight". '));
    expect(h.prefix).toBeNull();
  });
});

describe('one width changed across layers: another size of the network', () => {
  // sail-sg/volo#38 (tuning2): a VOLO variant of width 768 into one of width 512
  const VOLO = 'size mismatch for pos_embed: copying a param with shape torch.Size([1, 14, 14, 768]) from checkpoint, the shape in current model is torch.Size([1, 14, 14, 512]).\n\tsize mismatch for network.3.8.mlp.fc2.bias: copying a param with shape torch.Size([768]) from checkpoint, the shape in current model is torch.Size([512]).\n\tsize mismatch for network.3.9.norm1.weight: copying a param with shape torch.Size([768]) from checkpoint, the shape in current model is torch.Size([512]).\n\tsize mismatch for network.3.9.attn.proj.weight: copying a param with shape torch.Size([768, 768]) from checkpoint, the shape in current model is torch.Size([512, 512]).';

  it('is said with both widths; no head is dropped and no position table called another length', async () => {
    const h = errorHints(parse(VOLO));
    expect(h.blockers).toEqual([]);
    expect(h.drops).toEqual([]);
    expect(h.untouched.sort()).toEqual(parse(VOLO).sizeMismatch.map((m) => m.key).sort());
    const r = await runCli(['explain', '-'], { stdin: VOLO });
    expect(r.stdout).toMatch(/the checkpoint has width 768; the model width 512/);
    expect(r.stdout).not.toMatch(/another length|another class count|another number of outputs/);
  });

  it('a buffer settled beside it does not make the plan a fix: the sizes still differ', async () => {
    const text = 'RuntimeError: Error(s) in loading state_dict for BertModel:\n\tUnexpected key(s) in state_dict: "embeddings.position_ids". \n\tsize mismatch for encoder.layer.0.attention.self.query.weight: copying a param with shape torch.Size([1024, 1024]) from checkpoint, the shape in current model is torch.Size([768, 768]).\n\tsize mismatch for encoder.layer.0.attention.self.query.bias: copying a param with shape torch.Size([1024]) from checkpoint, the shape in current model is torch.Size([768]).\n';
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    expect((JSON.parse(r.stdout) as { fixable: boolean }).fixable).toBe(false);
  });

  it('transposed weights (Conv1D) are a layout, not a width', () => {
    const gpt2 = parse('RuntimeError: Error(s) in loading state_dict for GPT2Model:\n\tsize mismatch for h.0.mlp.c_fc.weight: copying a param with shape torch.Size([8, 32]) from checkpoint, the shape in current model is torch.Size([32, 8]).\n\tsize mismatch for h.0.mlp.c_proj.weight: copying a param with shape torch.Size([32, 8]) from checkpoint, the shape in current model is torch.Size([8, 32]).');
    expect(widthChange(gpt2.sizeMismatch)).toBeNull();
  });

  it('heads of another class count change rows only: not another size', () => {
    // a distilled DeiT's two heads, 1000 → 10 classes each
    const deit = parse('RuntimeError: Error(s) in loading state_dict for VisionTransformerDistilled:\n\tsize mismatch for head.weight: copying a param with shape torch.Size([1000, 768]) from checkpoint, the shape in current model is torch.Size([10, 768]).\n\tsize mismatch for head.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([10]).\n\tsize mismatch for head_dist.weight: copying a param with shape torch.Size([1000, 768]) from checkpoint, the shape in current model is torch.Size([10, 768]).\n\tsize mismatch for head_dist.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([10]).');
    expect(widthChange(deit.sizeMismatch)).toBeNull();
    expect(errorHints(deit).drops.map((d) => d.key).sort()).toEqual(['head.bias', 'head.weight', 'head_dist.bias', 'head_dist.weight']);
  });

  it('a position table of another length still is one', () => {
    const vit = parse('RuntimeError: Error(s) in loading state_dict for VisionTransformer:\n\tsize mismatch for pos_embed: copying a param with shape torch.Size([1, 197, 768]) from checkpoint, the shape in current model is torch.Size([1, 577, 768]).');
    expect(errorHints(vit).blockers.map((b) => b.code)).toEqual(['position_embedding']);
  });
});

describe('a named variant\'s own modules missing: the base model\'s checkpoint (VARIANT_ADDITIONS)', () => {
  // autodistill-grounded-sam#4 (cases4 tuning4), as posted: HQ-SAM built, plain SAM's checkpoint loaded with strict=False
  const HQ = "```final text_encoder_type: bert-base-uncased\n_IncompatibleKeys(missing_keys=['mask_decoder.hf_token.weight', 'mask_decoder.hf_mlp.layers.0.weight', 'mask_decoder.hf_mlp.layers.0.bias', 'mask_decoder.hf_mlp.layers.1.weight', 'mask_decoder.hf_mlp.layers.1.bias', 'mask_decoder.hf_mlp.layers.2.weight', 'mask_decoder.hf_mlp.layers.2.bias', 'mask_decoder.compress_vit_feat.0.weight', 'mask_decoder.compress_vit_feat.0.bias', 'mask_decoder.compress_vit_feat.1.weight', 'mask_decoder.compress_vit_feat.1.bias', 'mask_decoder.compress_vit_feat.3.weight', 'mask_decoder.compress_vit_feat.3.bias', 'mask_decoder.embedding_encoder.0.weight', 'mask_decoder.embedding_encoder.0.bias', 'mask_decoder.embedding_encoder.1.weight', 'mask_decoder.embedding_encoder.1.bias', 'mask_decoder.embedding_encoder.3.weight', 'mask_decoder.embedding_encoder.3.bias', 'mask_decoder.embedding_maskfeature.0.weight', 'mask_decoder.embedding_maskfeature.0.bias', 'mask_decoder.embedding_maskfeature.1.weight', 'mask_decoder.embedding_maskfeature.1.bias', 'mask_decoder.embedding_maskfeature.3.weight', 'mask_decoder.embedding_maskfeature.3.bias'], unexpected_keys=[])\n```";
  it('HQ-SAM\'s additions missing: no key edit, the HQ-SAM checkpoint named; not kept missing as parts to train', async () => {
    const cause = variantAdditionsMissing(parse(HQ));
    expect(cause?.code).toBe('variant_additions_missing');
    expect(cause?.message).toMatch(/HQ-SAM \(SysCV\/sam-hq\) adds .*sam_hq_vit_h\.pth/);
    const r = await runCli(['explain', '-', '--json'], { stdin: HQ });
    const j = JSON.parse(r.stdout) as { fixable: boolean; causes: { code: string }[] };
    expect(j.fixable).toBe(false);
    expect(j.causes[0]!.code).toBe('variant_additions_missing');
  });
  it('one addition alone, another key beside them, or anything unexpected: no sign', () => {
    expect(variantAdditionsMissing(parse("_IncompatibleKeys(missing_keys=['mask_decoder.hf_token.weight'], unexpected_keys=[])"))).toBeNull();
    expect(variantAdditionsMissing(parse("_IncompatibleKeys(missing_keys=['mask_decoder.hf_token.weight', 'mask_decoder.hf_mlp.layers.0.weight', 'mask_decoder.iou_token.weight'], unexpected_keys=[])"))).toBeNull();
    expect(variantAdditionsMissing(parse("_IncompatibleKeys(missing_keys=['mask_decoder.hf_token.weight', 'mask_decoder.hf_mlp.layers.0.weight'], unexpected_keys=['mask_decoder.extra.weight'])"))).toBeNull();
  });
});

describe('a projection into an embedding space of another output size (cases5 tuning5 t-simcne-13; public transformers-25622)', () => {
  // berenslab/t-simcne#13, as posted: the last stage's 2-D projection into a module built with the default 128
  const TSIMCNE = '`RuntimeError: Error(s) in loading state_dict for PLtSimCNE:\n\tsize mismatch for model.projection_head.layers.2.weight: copying a param with shape torch.Size([2, 1024]) from checkpoint, the shape in current model is torch.Size([128, 1024]).\n\tsize mismatch for model.projection_head.layers.2.bias: copying a param with shape torch.Size([2]) from ch';
  // huggingface/transformers#25622: CLIPVisionModelWithProjection built with the default projection_dim
  const CLIP = 'RuntimeError: Error(s) in loading state_dict for CLIPVisionModelWithProjection:\n        size mismatch for visual_projection.weight: copying a param with shape torch.Size([1280, 1664]) from checkpoint, the shape in current model is torch.Size([512, 1664]).';

  it('is a setting of the model, not a head to re-initialise', () => {
    for (const text of [TSIMCNE, CLIP]) {
      const h = errorHints(parse(text));
      // t-simcne's bias line is cut before its shapes: said apart (size_line_cut_beside)
      expect(h.blockers[0]!.code, text).toBe('projection_dim');
      expect(h.drops, text).toEqual([]);
    }
    expect(errorHints(parse(TSIMCNE)).blockers[0]!.message).toMatch(/build the model with the checkpoint's dimension \(2\)/);
    // the same sizes in a classifier stay a head of another class count
    const h = errorHints(parse(TSIMCNE.replaceAll('projection_head', 'classifier')));
    expect(h.blockers.map((b) => b.code)).not.toContain('projection_dim');
    expect(h.drops.map((d) => d.key)).toContain('model.classifier.layers.2.weight');
  });
});

describe('flash-attention\'s fused Wqkv in blocks named as torch\'s TransformerEncoderLayer (cases5 tuning5 scGPT-173; scGPT\'s load_pretrained renames Wqkv. to in_proj_)', () => {
  // bowang-lab/scGPT#173, as posted up to the cut (the tutorial merged the checkpoint into model.state_dict())
  const SCGPT = 'Exception has occurred: RuntimeError\nError(s) in loading state_dict for TransformerGenerator:\n\tUnexpected key(s) in state_dict: "transformer_encoder.layers.0.self_attn.Wqkv.weight", "transformer_encoder.layers.0.self_attn.Wqkv.bias", "transformer_encoder.layers.1.self_attn.Wqkv.weight", "transformer_encoder.layers.1.self_attn.Wqkv.bias", "transformer_enc';

  it('the model\'s names are nn.MultiheadAttention\'s: the plan renames, drops nothing', async () => {
    const h = errorHints(parse(SCGPT));
    expect(h.impliedName?.('transformer_encoder.layers.7.self_attn.Wqkv.weight')).toBe('transformer_encoder.layers.7.self_attn.in_proj_weight');
    expect(h.impliedName?.('transformer_encoder.layers.7.self_attn.Wqkv.bias')).toBe('transformer_encoder.layers.7.self_attn.in_proj_bias');
    expect(h.drops).toEqual([]);
    // a bare nn.TransformerEncoder as the model: its layers at the root
    expect(errorHints(parse(SCGPT.replaceAll('transformer_encoder.layers', 'layers'))).impliedName?.('layers.0.self_attn.Wqkv.bias')).toBe('layers.0.self_attn.in_proj_bias');
    const r = await runCli(['explain', '-', '--json'], { stdin: SCGPT });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { mapping: Record<string, string | null> } };
    expect(j.fixable).toBe(true);
    expect(j.plan.mapping['transformer_encoder.layers.1.self_attn.Wqkv.bias']).toBe('transformer_encoder.layers.1.self_attn.in_proj_bias');
    // not from the text alone: an attention not named as torch's layers name theirs (timm's `attn`), no numbered
    // stack, something else listed, or the model's side shown
    expect(errorHints(parse(SCGPT.replaceAll('self_attn', 'attn'))).impliedName).toBeUndefined();
    expect(errorHints(parse(SCGPT.replace(/transformer_encoder\.layers\.\d+\./g, 'transformer_encoder.'))).impliedName).toBeUndefined();
    expect(errorHints(parse(SCGPT.replace('"transformer_encoder.layers.0.self_attn.Wqkv.weight"', '"decoder.fc.weight"'))).impliedName).toBeUndefined();
    expect(errorHints(parse(`${SCGPT.slice(0, SCGPT.lastIndexOf(', "'))}.\n\tMissing key(s) in state_dict: "transformer_encoder.layers.0.self_attn.q_proj.weight". `)).impliedName).toBeUndefined();
  });
});

describe('the fused Wqkv under another stack word (s22 robustness probe, module-words: `layers` -> `stages` in scGPT-173)', () => {
  const STAGES = tuningCaseText('bowang-lab-scGPT-173').replace(/\.layers\./g, '.stages.');

  it('is renamed as under torch\'s `layers`: the attention\'s name (`self_attn`) is the evidence, not the stack\'s', async () => {
    expect(errorHints(parse(STAGES)).impliedName?.('transformer_encoder.stages.3.self_attn.Wqkv.weight')).toBe('transformer_encoder.stages.3.self_attn.in_proj_weight');
    const r = await runCli(['explain', '-', '--json'], { stdin: STAGES });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { mapping: Record<string, string | null> } };
    expect(j.fixable).toBe(true);
    expect(j.plan.mapping['transformer_encoder.stages.0.self_attn.Wqkv.bias']).toBe('transformer_encoder.stages.0.self_attn.in_proj_bias');
  });
});

describe('a library hook\'s own strict load (cases7 tuning7 mmengine-507: EMAHook on load_from)', () => {
  // open-mmlab/mmengine#507, the traceback as posted (cut inside the first size line)
  const EMA = `  File "/opt/conda/lib/python3.8/site-packages/mmengine/runner/runner.py", line 1977, in load_checkpoint
    self.call_hook('after_load_checkpoint', checkpoint=checkpoint)
  File "/opt/conda/lib/python3.8/site-packages/mmengine/hooks/ema_hook.py", line 187, in after_load_checkpoint
    self.ema_model.module.load_state_dict(
  File "/opt/conda/lib/python3.8/site-packages/torch/nn/modules/module.py", line 1605, in load_state_dict
    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
RuntimeError: Error(s) in loading state_dict for YOLOX:
        size mismatch for bbox_head.multi_level_conv_cls.0.weight: copying a param with shape torch.Size([80,`;
  it('is the library\'s fix, not a head to drop', () => {
    const h = errorHints(parse(EMA));
    expect(h.blockers[0]!.code).toBe('library_hook_load');
    expect(h.blockers[0]!.message).toMatch(/mmengine#507/);
    expect(h.drops).toEqual([]);
    // the model's own load (no hook frame): the head of another class count, as usual
    expect(errorHints(parse(EMA.split('\n').slice(4).join('\n'))).blockers.map((b) => b.code)).not.toContain('library_hook_load');
  });
});
