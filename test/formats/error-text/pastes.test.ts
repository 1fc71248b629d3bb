import { describe, expect, it } from 'vitest';
import { looksLikeErrorText, parseErrorText, type ErrorReport } from '../../../src/formats/error-text.js';
import { cleanPaste } from '../../../src/formats/error-text/clean.js';
import { readLoosely } from '../../../src/formats/error-text/loose.js';

/**
 * How a pasted text reaches sdmatch (Markdown, terminals, loggers, IDE consoles, cut pastes): each case
 * is a real text's shape, and the parse of the pasted form must equal the clean one's.
 */

const facts = (r: ErrorReport) => ({
  missing: [...r.missing].sort(),
  unexpected: [...r.unexpected].sort(),
  sizes: r.sizeMismatch,
  families: r.families,
  truncated: r.truncated,
  nothingMissing: r.nothingMissing === true,
});
const parse = (t: string) => facts(parseErrorText(t, 'paste.txt'));

// huggingface/pytorch-image-models#232: torch's heading, then the unexpected list at once (nothing missing)
const HEAD_THEN_UNEXPECTED = `RuntimeError: Error(s) in loading state_dict for HighResolutionNetFeatures:
\tUnexpected key(s) in state_dict: "downsamp_modules.0.0.weight", "downsamp_modules.0.0.bias", "final_layer.0.weight".`;

// open-mmlab/mmdetection#805-like: an mmcv list that the excerpt cut mid-key
const MMCV_CUT = `missing keys in source state_dict: bbox_head.0.fc_cls.weight, bbox_head.0.fc_cls.bias, bbox_head.1.fc_cls.weight, bbox_head.1`;

describe('Markdown and editors', () => {
  it('a quoted paste keeps its structure: `> ` on blank lines, before tab-indented lines, nested', () => {
    const quoted = HEAD_THEN_UNEXPECTED.split('\n').map((l) => `> ${l}`).join('\n');
    expect(parse(quoted)).toEqual(parse(HEAD_THEN_UNEXPECTED));
    expect(parse(quoted).nothingMissing).toBe(true);
    expect(parse(`> > ${HEAD_THEN_UNEXPECTED.replace('\n', '\n>\n> > ')}`)).toEqual(parse(HEAD_THEN_UNEXPECTED));
  });

  it('a code fence with prose after it ends the paste: a list cut there is cut, and its cut key is not read', () => {
    const clean = parse(MMCV_CUT);
    expect(clean.truncated).toBe(true);
    expect(clean.missing).not.toContain('bbox_head.1');
    for (const fence of ['```', '~~~']) {
      expect(parse(`I get this when loading:\n\n${fence}python\n${MMCV_CUT}\n${fence}\n\nAny idea?`)).toEqual(clean);
    }
    // torch's heading at the end of the block, its list not pasted
    const headOnly = parse('```\nRuntimeError: Error(s) in loading state_dict for SACPolicy:\n\tUnexpected key(s) in state_dict\n```\n\nAny idea?');
    expect(headOnly.truncated).toBe(true);
  });

  it('prose before an opening fence is no cut paste: only a closing fence and the end of the text are cut points (review 7a: p6, p8)', () => {
    const torch = 'RuntimeError: Error(s) in loading state_dict for ResNet:\n\tsize mismatch for fc.weight: copying a param with shape torch.Size([1000, 512]) from checkpoint, the shape in current model is torch.Size([10, 512]).';
    for (const fence of ['```', '~~~python']) {
      const p6 = parse(`Getting size mismatch for fc.weight\n${fence}\n${torch}\n${fence.slice(0, 3)}`);
      expect(p6).toEqual(parse(torch));
      expect(p6.truncated).toBe(false);
    }
    const unexpected = 'RuntimeError: Error(s) in loading state_dict for ResNet:\n\tUnexpected key(s) in state_dict: "fc.weight", "fc.bias".';
    const p8 = parseErrorText(`When I load the checkpoint I get Unexpected key(s) in state_dict:\n\`\`\`\n${unexpected}\n\`\`\``, 'paste.txt');
    expect(p8.truncated).toBe(false);
    expect(p8.notes.join(' ')).not.toMatch(/list heading/);
    // the poster's sentence at the text's end quotes a heading: nothing is cut
    expect(parse(`${unexpected}\nThen I get size mismatch for fc.weight`).truncated).toBe(false);
    // a heading that starts its line at the text's end is still a cut
    expect(parse(`${unexpected}\nsize mismatch for fc.wei`).truncated).toBe(true);
    // an excerpt that kept a block's opening fence but not its close, quoted in a fenced block: the last fence still closes
    expect(parse(`I get:\n\`\`\`python\n\`\`\`\n${unexpected}\nsize mismatch for fc.wei\n\`\`\`\nAny idea?`).truncated).toBe(true);
  });

  it("a whole mmcv list in a fence with prose after it keeps its last key when that key ends in a parameter's name (review 7a: mmcv-fence)", () => {
    const list = 'missing keys in source state_dict: backbone.blocks.0.norm1.weight, backbone.blocks.0.norm1.bias, backbone.pos_embed';
    const r = parse(`When I load the pretrained ViT with mmdet I get:\n\`\`\`\n${list}\n\`\`\`\nAny idea what I am doing wrong? I use mmdet 2.25.`);
    expect(r.missing).toEqual(['backbone.blocks.0.norm1.bias', 'backbone.blocks.0.norm1.weight', 'backbone.pos_embed']);
    expect(r.truncated).toBe(false);
    // a last key that names a module in other models (PEFT's `lora_A` before `.default.weight`) is still taken as cut
    const lora = parse('missing keys in source state_dict: a.lora_A.default.weight, a.lora_B.default.weight, b.lora_A\n```\nthanks');
    expect(lora.missing).not.toContain('b.lora_A');
  });

  it('line numbers of an IDE console or a numbered view are taken off only when every line counts up by one', () => {
    const lines = HEAD_THEN_UNEXPECTED.split('\n');
    for (const number of [(k: number) => `${k + 41}  `, (k: number) => `${k + 7} | `, (k: number) => `${k + 1}\t`]) {
      expect(parse(lines.map((l, k) => number(k) + l).join('\n'))).toEqual(parse(HEAD_THEN_UNEXPECTED));
    }
    // mmcv's shape table numbered with a tab: the row's own `|` stays
    expect(cleanPaste('12\t| key | a | b |\n13\t| fc.weight | x | y |').lines).toEqual(['| key | a | b |', '| fc.weight | x | y |']);
    // numbers that do not count up are the text's own
    expect(cleanPaste('3  a\n5  b').lines).toEqual(['3  a', '5  b']);
  });
});

describe('terminals and loggers', () => {
  it('a bare level after a timestamp is a log prefix (`%(asctime)s %(levelname)s %(message)s`)', () => {
    const logged = HEAD_THEN_UNEXPECTED.split('\n').map((l) => `[2023-01-01 12:00:00,123] ERROR ${l}`).join('\n');
    expect(parse(logged)).toEqual(parse(HEAD_THEN_UNEXPECTED));
    expect(parse(HEAD_THEN_UNEXPECTED.split('\n').map((l) => `2024-03-05 10:11:12,345 INFO ${l}`).join('\n'))).toEqual(parse(HEAD_THEN_UNEXPECTED));
  });

  it('a timestamp and a bare level on every line are the logger\'s, even when the message starts with `|`, `-->` or nothing (open-mmlab/mmdetection#1837, jindongwang/transferlearning#58)', () => {
    const log = (t: string) => t.split('\n').map((l) => `2024-01-01 12:00:00 ERROR ${l}`).join('\n');
    // mmcv's shape table: alone, `ERROR | key | …` reads as a logger field (`ERROR |`) and the row loses its first bar
    const table = `these keys have mismatched shape:
+--------------------------------+----------------------------+-----------------------------+
| key                            | expected shape             | loaded shape                |
+--------------------------------+----------------------------+-----------------------------+
| bbox_head.0.fc_cls.weight      | torch.Size([9, 1024])      | torch.Size([81, 1024])      |
| bbox_head.0.fc_cls.bias        | torch.Size([9])            | torch.Size([81])            |
+--------------------------------+----------------------------+-----------------------------+`;
    expect(parse(table).sizes).toHaveLength(2);
    expect(parse(log(table))).toEqual(parse(table));
    // a notebook traceback: `ERROR --> 117` and `ERROR ---> 50` frames, blank records, a dict KeyError last
    const notebook = `KeyError                                  Traceback (most recent call last)
<ipython-input-14-c438d9ae2c55> in load_pretrain(model)
     49         if not "cls_fc" in k:
---> 50             model_dict[k] = pretrained_dict[k[k.find(".") + 1:]]
     51     model.load_state_dict(model_dict)

KeyError: 'bn1.num_batches_tracked'`;
    expect(parse(notebook).missing).toEqual(['bn1.num_batches_tracked']);
    expect(parse(log(notebook))).toEqual(parse(notebook));
    // a logger whose fields follow the level on every line (`ERROR | main | …`) keeps being read as fields
    const fields = HEAD_THEN_UNEXPECTED.split('\n').map((l) => `2024-01-01 12:00:00 ERROR | train | ${l}`).join('\n');
    expect(parse(fields)).toEqual(parse(HEAD_THEN_UNEXPECTED));
  });

  it('one logged line is read as the message after its head; a wrap inside a side word of a loosely read text is undone (tencent-ailab/PCDMs#6, wkqscut/DCGNet#3)', () => {
    const size = 'tch: - conv_in.weight: found shape torch.Size([320, 4, 3, 3]) in the checkpoint and torch.Size([320, 9, 3, 3]) in the model instantiated';
    expect(parse(size).sizes).toHaveLength(1);
    expect(parse(`2024-01-01 12:00:00 ERROR ${size}`)).toEqual(parse(size));
    const prose = 'Hello,  when I use pretrained model, error show missing key(s) in state_dict: "dgcnn.layer0.conv.bias", "dgcnn.layer1.mlps.0.conv.bias", "dgcnn.layer1.mlps.1.conv.bias", "dgcnn.layer1.mlps.2.conv.bias".  I print parameters and find lack bias part of dgcnn.';
    expect(parse(prose).missing).toHaveLength(4);
    const wrapped = `2024-01-01 12:00:00 ERROR ${prose}`.match(/.{1,80}/g)!.join('\n');
    expect(wrapped).toContain('missin\ng key(s)');
    expect(parse(wrapped)).toEqual(parse(prose));
    // a word that only ends like one is not joined: `mis` + `sing` on a line shorter than the widest stays apart
    expect(readLoosely('the checkpoint has mis\nsing keys: a.weight\nand a much longer line than the one above it, to be the widest').missing).toEqual([]);
  });

  it('a terminal wrap inside a key of a line-read list is undone (fvcore groups, PEFT lists); a one-key-a-line list is not joined', () => {
    // facebookresearch/Mask2Former#95's fvcore list and huggingface/diffusers#11675's PEFT list, wrapped at 80 columns
    const fvcore = `WARNING [05/12 17:01:40 fvcore.common.checkpoint]: Some model parameters or buffers are not found in the checkpoint:
sem_seg_head.pixel_decoder.layer_1.norm.{bias, weight}
sem_seg_head.pixel_decoder.transformer.encoder.layers.0.self_attn.attention_weights.{bias, weight}
sem_seg_head.pixel_decoder.transformer.encoder.layers.0.self_attn.value_proj.{bias, weight}`;
    const wrap80 = (t: string) => t.split('\n').flatMap((l) => l.match(/.{1,80}/g) ?? ['']).join('\n');
    expect(parse(fvcore).missing).toContain('sem_seg_head.pixel_decoder.transformer.encoder.layers.0.self_attn.attention_weights.bias');
    expect(wrap80(fvcore)).toContain('attention_weig\nhts.{bias');
    expect(parse(wrap80(fvcore))).toEqual(parse(fvcore));
    const peft = 'Loading adapter weights from state_dict led to missing keys in the model: down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora_A\n.default_0.weight, down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora_B.default_0.weight, ...';
    expect(parse(peft).missing).toContain('down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.default_0.weight');
    expect(parse(wrap80(peft))).toEqual(parse(peft));
    // a log prefix on each record, then the terminal's wrap: the wrapped rests carry no prefix, and a wrap after
    // `layers.` leaves a line ending in a dot, which no key does (facebookresearch/Mask2Former#95, combined)
    const logged = wrap80(fvcore.split('\n').map((l) => `2024-01-01 12:00:00 ERROR ${l}`).join('\n'));
    expect(logged).toMatch(/\.\n[a-z0-9_]/);
    expect(parse(logged)).toEqual(parse(fvcore));
    // the same width twice, one whole key a line: list items, not a wrap
    const items = 'Some model parameters or buffers are not found in the checkpoint:\nroi_heads.box_predictor.cls_score.weight\nroi_heads.box_predictor.bbox_pred.weight';
    expect(parse(items).missing).toEqual(['roi_heads.box_predictor.bbox_pred.weight', 'roi_heads.box_predictor.cls_score.weight']);
  });

  it('traceback frames are read as pasted: typographic quotes, HTML entities, a terminal wrap inside a path (open-mmlab/mmengine#507, Yunkai-Ma/PathGeneration#2)', () => {
    const hook = `  File "/opt/conda/lib/python3.8/site-packages/mmengine/hooks/ema_hook.py", line 187, in after_load_checkpoint
    self.ema_model.module.load_state_dict(
RuntimeError: Error(s) in loading state_dict for YOLOX:
	size mismatch for bbox_head.multi_level_conv_cls.0.weight: copying a param with shape torch.Size([80, 128, 1, 1]) from checkpoint, the shape in current model is torch.Size([4, 128, 1, 1]).`;
    expect(parseErrorText(hook, 'e.txt').hookLoad).toBe('ema_hook:after_load_checkpoint');
    expect(parseErrorText(hook.replace(/"([^"]*)"/g, '\u201C$1\u201D'), 'e.txt').hookLoad).toBe('ema_hook:after_load_checkpoint');
    expect(parseErrorText(hook.replaceAll('"', '&quot;'), 'e.txt').hookLoad).toBe('ema_hook:after_load_checkpoint');
    const frames = `  File "D:\\BrowserDownload\\PathGeneration-master\\PointROINet\\test_partseg_showweldpointcloud.py", line 98, in main
    classifier.load_state_dict(checkpoint['model_state_dict'])
  File "D:\\Anaconda\\envs\\weldnet\\lib\\site-packages\\torch\\nn\\modules\\module.py", line 1605, in load_state_dict
RuntimeError: Error(s) in loading state_dict for get_model:
	Missing key(s) in state_dict: "sa4.q_conv.weight", "sa4.k_conv.weight". `;
    const wrapped = frames.split('\n').flatMap((l) => l.match(/.{1,80}/g) ?? ['']).join('\n');
    expect(wrapped).toContain('showwe\nldpointcloud');
    expect(parseErrorText(frames, 'e.txt').evaluationRun).toBe('test_partseg_showweldpointcloud.py');
    expect(parseErrorText(wrapped, 'e.txt').evaluationRun).toBe('test_partseg_showweldpointcloud.py');
  });

  it('a phrase wrapped across lines that each carry a log prefix and a Markdown quote is still detected as an error text', () => {
    const text = '> [2023-01-01 12:00:00,123] ERROR RuntimeError: Error(s) in loading state_d\r\n> [2023-01-01 12:00:00,123] ERROR ict for ResNet:\r\n> [2023-01-01 12:00:00,123] ERROR size mismatch for fc.weight: copying a param with shape torch.Size([1000, 1024]) from checkpoint, the shape in current model is torch.Size([42, 1024]).';
    expect(looksLikeErrorText(text)).toBe(true);
    expect(parseErrorText(text, 'paste.txt').sizeMismatch).toEqual([{ key: 'fc.weight', source: [1000, 1024], expected: [42, 1024] }]);
  });

  it('a key cut at a line end and glued to the next record (the same error printed again) is not read as a key', () => {
    const cut = `Missing key(s) in state_dict: "backbone.dark2.1.m.2.cv2.bn.weight", "backbone.dark2.1.m.2.cv2.bn.running_va\nFile "train.py", line 3, in <module>`;
    const r = parseErrorText(cut, 'paste.txt');
    expect(r.missing).toEqual(['backbone.dark2.1.m.2.cv2.bn.weight']);
    expect(r.truncated).toBe(true);
  });

  it('a terminal wrap inside a loosely read key (no known format) is undone; a word before a key on the next line stays apart', () => {
    // a terminal wrap before a dot, after one inside a key (43), after a list comma, inside a name
    const keys = ['layer2.0.downsample.1.num_batches_tracked', 'layer2.1.bn2.num_batches_tracked'];
    for (const width of [40, 43, 44, 46, 50]) {
      const text = `WRN Missing key(s) in state_dict: ${keys.join(', ')}`;
      const wrapped = text.replace(new RegExp(`(.{${width}})(?!$)`, 'g'), '$1\n');
      expect(readLoosely(wrapped).missing).toEqual(keys);
    }
    expect(readLoosely('these are missing\nfc.weight').missing).toEqual(['fc.weight']);
    // a break in a key's first part: inside a quote that opened before it, or after a list's comma
    expect(readLoosely('Unexpected key(s) in state_dict "enco\nders.0.conv.weight"').unexpected).toEqual(['encoders.0.conv.weight']);
    expect(readLoosely('Missing: layer3.0.bn1.weight, lay\ner1.1.bn1.weight').missing).toEqual(['layer3.0.bn1.weight', 'layer1.1.bn1.weight']);
  });

  it('a key list one key a line, or a sentence ending in a full stop above a key, is never joined as a wrap (review 7a: loose1, loose2)', () => {
    // a line shorter than the paste's widest is no terminal wrap, nor is a line holding one whole key
    expect(parse('I load the CLIP checkpoint into my model and these keys come out missing:\nvisual.proj\nvisual.ln_post.weight\nvisual.ln_post.bias').missing).toEqual([
      'visual.ln_post.bias',
      'visual.ln_post.weight',
    ]);
    expect(readLoosely('missing keys follow here, and the list is long:\nvisual.pro\nvisual.ln_post.weight').missing).toEqual(['visual.ln_post.weight']);
    // the widest line ends a sentence: `missing.` is no key's start
    expect(parse('After loading the weights, the following keys were reported as missing.\nencoder.layer.0.attention.weight\nencoder.layer.0.attention.bias').missing).toEqual([
      'encoder.layer.0.attention.bias',
      'encoder.layer.0.attention.weight',
    ]);
    // the widths are the captured lines': the log prefix the cleaning takes off the first line does not hide its wrap
    const logged = 'INFO:x: missing: conv1.weight, layer2.0.downsa\nmple.1.num_batches_tracked, layer3.0.conv1.wei\nght';
    expect(parse(logged).missing).toEqual(['conv1.weight', 'layer2.0.downsample.1.num_batches_tracked', 'layer3.0.conv1.weight']);
  });

  it('an mmcv list wrapped at a space before its last key and the words after it (yinjunbo/IS-Fusion#27) keeps that key', () => {
    const text = 'unexpected key in source state_dict: img_backbone.norm0.weight, img_backbone.norm0.bias 加载swin transformer时这两个不匹配 会影响后面训练结果吗？';
    expect(parse(text).unexpected).toEqual(['img_backbone.norm0.bias', 'img_backbone.norm0.weight']);
    expect(parse(text.replace('weight, ', 'weight,\n'))).toEqual(parse(text));
  });

  it('after an mmcv list ending in a comma, a file, a logger or a word is not read as its last key (review 7a: mmcv-words2, words3)', () => {
    const list = 'unexpected key in source state_dict: head.fc.weight, head.fc.bias, neck.lateral_convs.0.conv.weight,';
    const whole = ['head.fc.bias', 'head.fc.weight', 'neck.lateral_convs.0.conv.weight'];
    for (const after of ['config.py is the file I used', 'mmdet.apis - INFO - done', 'model.init: then it trains']) {
      expect(parse(`${list}\n${after}`).unexpected).toEqual(whole);
    }
    // a token that ends in no parameter name may be the last key or the poster's word: not read, and the list is not whole
    const unsure = parse(`${list}\nneck.fpn_convs is what I changed`);
    expect(unsure.unexpected).toEqual(whole);
    expect(unsure.truncated).toBe(true);
  });

  it('a size line cut after `copying` and wrapped at the space after it is still a cut size line', () => {
    const text = 'size mismatch for backbone.blocks.3.bottleneck_conv.conv.weight: copying a param wi';
    const r = parseErrorText(text.replace('copying ', 'copying\n'), 'paste.txt');
    expect(r.sizeMismatchCut?.map((s) => s.key)).toEqual(['backbone.blocks.3.bottleneck_conv.conv.weight']);
    expect(r.truncated).toBe(true);
  });

  it("mmcv's shape table wrapped inside its rows and borders reads as whole", () => {
    const table = `these keys have mismatched shape:
+---------------------------+-----------------------+------------------------+
| key                       | expected shape        | loaded shape           |
+---------------------------+-----------------------+------------------------+
| bbox_head.0.fc_cls.weight | torch.Size([9, 1024]) | torch.Size([81, 1024]) |
| bbox_head.0.fc_cls.bias   | torch.Size([9])       | torch.Size([81])       |
+---------------------------+-----------------------+------------------------+`;
    const wrapped = table
      .split('\n')
      .flatMap((l) => (l.length > 50 ? [l.slice(0, 50), l.slice(50)] : [l]))
      .join('\n');
    expect(parse(wrapped)).toEqual(parse(table));
    expect(parse(table).sizes).toEqual([
      { key: 'bbox_head.0.fc_cls.weight', source: [81, 1024], expected: [9, 1024] },
      { key: 'bbox_head.0.fc_cls.bias', source: [81], expected: [9] },
    ]);
  });

  it('a paste that ends inside a size line, before its colon, is cut (also at a fence with prose after it)', () => {
    const text = `size mismatch for fc.weight: copying a param with shape torch.Size([80, 256]) from checkpoint, the shape in current model is torch.Size([24, 256]).
        size mismatch for detection_head.cls.`;
    expect(parse(text).truncated).toBe(true);
    expect(parse(`\`\`\`\n${text}\n\`\`\`\nthanks`).truncated).toBe(true);
    expect(parse(text).sizes).toEqual([{ key: 'fc.weight', source: [80, 256], expected: [24, 256] }]);
  });
});

describe('fvcore shape lines cut by the paste', () => {
  // ayanban011/SwinDocSegmenter#2: the excerpt stops inside the last `Skip loading parameter` line
  const whole = "WARNING [07/17 17:28:00 fvcore.common.checkpoint]: Skip loading parameter 'sem_seg_head.input_proj.2.0.weight' to the model due to incompatible shapes: (256, 768, 1, 1) in the checkpoint but (256, 1024, 1, 1) in the model! You might want to double check if this is expected.";
  it('after the key: the key is a size mismatch whose shapes are cut', () => {
    const r = parseErrorText(`${whole}\nWARNING [07/17 17:28:00 fvcore.common.checkpoint]: Skip loading parameter 'sem_seg_head.input_proj.3.0.weight' to the model due to incompatible sh`, 'paste.txt');
    expect(r.sizeMismatch.map((s) => s.key)).toEqual(['sem_seg_head.input_proj.2.0.weight']);
    expect(r.sizeMismatchCut).toEqual([{ key: 'sem_seg_head.input_proj.3.0.weight', source: null, expected: null }]);
    expect(r.truncated).toBe(true);
  });
  it('inside the key: nothing of it is read, the text is cut; a whole line is not', () => {
    const r = parseErrorText(`${whole}\nSkip loading parameter 'sem_seg_head.input_pr`, 'paste.txt');
    expect(r.sizeMismatchCut).toBeUndefined();
    expect(r.truncated).toBe(true);
    expect(parseErrorText(whole, 'paste.txt').truncated).toBe(false);
  });
});

describe('fvcore brace groups', () => {
  // deeplearning-wisc/vos#44: fvcore's unused-keys list, the heading wrapped by an editor or a terminal
  const FVCORE = 'Warning: The checkpoint state_dict contains keys that are not used by the model:\nfc1000.{bias, weight}\nstem.conv1.bias';
  it('expands `prefix.{a, b}` into keys, also when the heading is wrapped at a space or mid-word', () => {
    const clean = parse(FVCORE);
    expect(clean.unexpected).toEqual(['fc1000.bias', 'fc1000.weight', 'stem.conv1.bias']);
    expect(clean.families).toEqual(['fvcore']);
    expect(parse(FVCORE.replace('that are not used', 'that are not\nused'))).toEqual(clean);
    expect(parse(FVCORE.replace('not used by', 'not us\ned by'))).toEqual(clean);
  });
});

describe('a list whose heading the paste cut before the side', () => {
  it("torch's heading cut before `Missing`/`Unexpected` (haoheliu/AudioLDM#105) is an error text whose keys have no side", () => {
    const text = 'in state_dict: "cond_stage_model.model.text_branch.embeddings.position_ids".';
    expect(looksLikeErrorText(text)).toBe(true);
    const r = parseErrorText(text, 'paste.txt');
    expect(r.unsided).toEqual(['cond_stage_model.model.text_branch.embeddings.position_ids']);
    expect(r.missing).toEqual([]);
    expect(r.unexpected).toEqual([]);
    expect(r.truncated).toBe(true);
    expect(r.notes.join('\n')).toMatch(/heading the paste cut before it said missing or unexpected/);
  });

  it('a heading wrapped before `key(s)` is whole: its side is read, nothing is left unsided', () => {
    const r = parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected\nkey(s) in state_dict: "fc.weight", "fc.bias".', 'paste.txt');
    expect(r.unexpected).toEqual(['fc.weight', 'fc.bias']);
    expect(r.unsided).toBeUndefined();
    expect(r.truncated).toBe(false);
  });

  it('a paste that starts inside a quoted list (microsoft/unilm#343) keeps its whole keys, not the cut first and last', () => {
    const text = "```\nbackbone.res4.12.conv2.norm.num_batches_tracked', 'v.backbone.res4.12.conv3.norm.num_batches_tracked', 'v.backbone.res4.13.conv1.norm.num_batches_tr\nacked', 'v.backbone.res4.13.conv2.norm.num_batches_tracked', 'v.backbone.res4.18.c";
    expect(looksLikeErrorText(text)).toBe(true);
    const r = parseErrorText(text, 'paste.txt');
    expect(r.unsided).toEqual([
      'v.backbone.res4.12.conv3.norm.num_batches_tracked',
      'v.backbone.res4.13.conv1.norm.num_batches_tracked',
      'v.backbone.res4.13.conv2.norm.num_batches_tracked',
    ]);
    expect(r.truncated).toBe(true);
  });

  it('a JSON list of keys, or a list of characters a script printed, is not taken for a cut error list', () => {
    expect(looksLikeErrorText('["fc.weight", "fc.bias", "conv1.weight"]')).toBe(false);
    // FactoDeepLearning/DAN#7: the character set printed after the error, wrapped by a terminal
    const r = parseErrorText("size mismatch for end_conv.bias: copying a param with shape torch.Size([89]) from checkpoint, the shape in current model is torch.Size([100]).\nPretrained chars (88): [' ', '(', ')', '+', ',', '-', '.'\n, '/', '0', '1', '2', '3', 'A', 'B', 'C', \n'D', 'E']", 'paste.txt');
    expect(r.unsided).toBeUndefined();
    expect(r.truncated).toBe(false);
  });

  it("a headless piece of a list after another library's warning is still read, apart from the warning's keys", () => {
    const warning = "Some weights of the model checkpoint at bert-base-uncased were not used when initializing BertModel: ['cls.predictions.bias', 'cls.seq_relationship.weight']";
    const r = parseErrorText(`${warning}\nres4.12.conv2.norm.num_batches_tracked', 'v.res4.12.conv3.norm.num_batches_tracked', 'v.res4.13.conv1.norm.num_batches_tracked', 'v.res4.13.conv2.norm.num_batches_tracked']`, 'paste.txt');
    expect(r.unexpected).toEqual(['cls.predictions.bias', 'cls.seq_relationship.weight']);
    expect(r.unsided).toEqual(['v.res4.12.conv3.norm.num_batches_tracked', 'v.res4.13.conv1.norm.num_batches_tracked', 'v.res4.13.conv2.norm.num_batches_tracked']);
  });
});

// torch 2.x's module.py around the raise, as IPython 8 and rich print a traceback frame: the message's own
// phrases with `{}` where the keys go (the lines are torch's source, not a message)
const IPYTHON_TORCH_FRAME = `---------------------------------------------------------------------------
RuntimeError                              Traceback (most recent call last)
Cell In[7], line 12
---> 12 model.load_state_dict(ckpt)

File /opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py:2152, in Module.load_state_dict(self, state_dict, strict, assign)
   2147         error_msgs.insert(
   2148             0, 'Missing key(s) in state_dict: {}. '.format(
   2149                 ', '.join(f'"{k}"' for k in missing_keys)))
   2151 if len(error_msgs) > 0:
-> 2152     raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
   2153                        self.__class__.__name__, "\\n\\t".join(error_msgs)))
`;
const RICH_TORCH_FRAME = [
  '╭──────── Traceback (most recent call last) ────────╮',
  "│ 2148 │   0, 'Missing key(s) in state_dict: {}. '.format(      │",
  '│ /opt/conda/lib/python3.8/site-packages/mmengine/hooks/ema_hook.py:187 in after_load_checkpoint │',
  '╰───────────────────────────────────────────────────╯',
].join('\n');

// SwinTransformer/Swin-Transformer-Object-Detection#26's shape: mmcv's report of a lenient load
const MMCV_LENIENT = `unexpected key in source state_dict: norm.weight, norm.bias, head.weight, head.bias

missing keys in source state_dict: norm0.weight, norm0.bias, norm1.weight, norm1.bias`;
// microsoft/unilm#343's shape: a paste that starts inside a quoted list (its heading cut)
const HEADLESS = `.num_batches_tracked", "layoutlmv2.visual.backbone.bottom_up.res4.12.conv3.norm.num_batches_tracked", "layoutlmv2.visual.backbone.bottom_up.res4.13.conv1.norm.num_batches_tracked", "layoutlmv2.visual.backbone.bottom_up.res4.13.conv2.norm.num_batches_tracked", "layoutlmv2.visual.backbone.bottom_up.res4.13.conv3.norm.num_batches_tracked".`;

describe('tracebacks as IPython and rich print them, pastes repeated, prose in another script', () => {
  it("a frame's source line with the message's phrase and a placeholder is not a message (IPython 8, rich)", () => {
    expect(parse(`${IPYTHON_TORCH_FRAME}\n${MMCV_LENIENT}`)).toEqual(parse(MMCV_LENIENT));
    expect(parse(`${RICH_TORCH_FRAME}\n${MMCV_LENIENT}`)).toEqual(parse(MMCV_LENIENT));
    // the source's `Missing key(s) in state_dict:` would be the heading of a headless list after it
    expect(parse(`${IPYTHON_TORCH_FRAME}\n${HEADLESS}`)).toEqual(parse(HEADLESS));
    expect(parseErrorText(`${IPYTHON_TORCH_FRAME}\n${HEADLESS}`, 'p').missing).toEqual([]);
  });

  it("a library hook's frame is read in IPython's and rich's layouts (open-mmlab/mmengine#507)", () => {
    const msg = 'RuntimeError: Error(s) in loading state_dict for YOLOX:\n\tsize mismatch for bbox_head.multi_level_conv_cls.0.weight: copying a param with shape torch.Size([80, 96, 1, 1]) from checkpoint, the shape in current model is torch.Size([1, 96, 1, 1]).';
    for (const frame of [
      'File /opt/conda/lib/python3.8/site-packages/mmengine/hooks/ema_hook.py:187, in EMAHook.after_load_checkpoint(self, runner, checkpoint)',
      '/opt/conda/lib/python3.8/site-packages/mmengine/hooks/ema_hook.py in after_load_checkpoint(self, runner, checkpoint)',
      RICH_TORCH_FRAME,
    ]) {
      expect(parseErrorText(`${frame}\n${msg}`, 'p').hookLoad).toBe('ema_hook:after_load_checkpoint');
    }
  });

  it("a box's lines are padded to its width, not wrapped there: the line after the box is read apart (mikel-brostrom/boxmot#165)", () => {
    // rich pads every line of its box to the console's width, wider here than any line of the message
    const width = 170;
    const box = [`╭${'─'.repeat(width - 2)}╮`, '│ /home/user/boxmot/track.py:12 in <module>', '│ ❱ 12 │   model.load_state_dict(state_dict)', '│ /opt/conda/lib/python3.8/site-packages/torch/nn/modules/module.py:2152 in load_state_dict']
      .map((l, k) => (k === 0 ? l : `${l.padEnd(width - 1)}│`))
      .concat([`╰${'─'.repeat(width - 2)}╯`])
      .join('\n');
    const text = `${box}\nThis error occurred after I ran track.py\nRuntimeError: Error(s) in loading state_dict for Net:\n\tsize mismatch for classifier.4.bias: copying a param with shape torch.Size([751]) from checkpoint, the shape in current model is torch.Size([1]).`;
    expect(parseErrorText(text, 'p').evaluationRun).toBe('track.py');
  });

  it('a paste cut inside a key, then words after an empty line and the paste again: the open key ends at the empty line', () => {
    const cut = 'RuntimeError: Error(s) in loading state_dict for IFNet:\n\tMissing key(s) in state_dict: "block0.conv0.0.0.weight", "block0.conv0.0.0.bias", "bloc';
    const twice = `${cut}\n\nRunning it again gives the same error:\n\n${cut}`;
    expect(parse(twice)).toEqual(parse(cut));
    // a line the same text holds twice at the widest width is no sign of a terminal's wrap
    const frame = '  File "/opt/conda/lib/python3.8/site-packages/mmengine/hooks/ema_hook.py", line 187, in after_load_checkpoint\n    self.ema_model.module.load_state_dict(';
    const one = `${frame}\nRuntimeError: Error(s) in loading state_dict for YOLOX:\n\tsize mismatch for a.weight: copying a param with shape torch.Size([80,`;
    expect(parseErrorText(`${one}\n\nAgain:\n\n${one}`, 'p').hookLoad).toBe('ema_hook:after_load_checkpoint');
  });

  it("Chinese prose after a cut list (full-width punctuation) is the poster's words: no key holds it, the cut stays a cut", () => {
    const withProse = `${MMCV_CUT}\n请问这是什么原因？应该怎么改，谢谢！`;
    expect(parse(withProse)).toEqual(parse(MMCV_CUT));
    const torchCut = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "a.weight", "a.bi\n请问怎么解决？';
    expect(parseErrorText(torchCut, 'p').missing).toEqual(['a.weight']);
  });

  it("torch's heading with no key after it (the poster's words follow) lost its list: the text is cut", () => {
    const text = 'RuntimeError: Error(s) in loading state_dict for SACPolicy:\n\tMissing key(s) in state_dict: "actor.mu.weight", "actor.mu.bias". \n\tUnexpected key(s) in state_dict: \nHow can I fix it?';
    expect(parseErrorText(text, 'p').truncated).toBe(true);
    // a heading quoted in prose beside the list it names is not a cut
    const quoted = 'I get Unexpected key(s) in state_dict: every time.\nRuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "fc.weight", "fc.bias". ';
    expect(parseErrorText(quoted, 'p').truncated).toBe(false);
  });
});

describe('several errors for one model class in one paste', () => {
  // a thread's shape (the whole checkpoint passed, then its `model` field): two attempts, the last one counts
  const first = 'RuntimeError: Error(s) in loading state_dict for VisionTransformer:\n\tMissing key(s) in state_dict: "cls_token", "pos_embed", "patch_embed.proj.weight". \n\tUnexpected key(s) in state_dict: "epoch", "model", "optimizer". ';
  const then = 'RuntimeError: Error(s) in loading state_dict for VisionTransformer:\n\tsize mismatch for head.weight: copying a param with shape torch.Size([21843, 768]) from checkpoint, the shape in current model is torch.Size([6, 768]).';

  it('errors that differ are attempts one after the other: torch raises at the first failing load, so the last is read', () => {
    const r = parseErrorText(`First I got:\n\n${first}\n\nThen I loaded checkpoint["model"] and now get:\n\n${then}`, 'p');
    expect(facts(r)).toEqual(parse(then));
    expect(r.notes[0]).toMatch(/2 errors for VisionTransformer.*the last .* is the one read/);
  });

  it('the same error twice, errors of two classes, or a last copy the paste cut are read whole', () => {
    expect(parseErrorText(`${then}\n\n${then}`, 'p').notes.some((n) => /attempt/.test(n))).toBe(false);
    const other = then.replace('VisionTransformer', 'Discriminator').replace('head.weight', 'disc.head.weight');
    expect(parseErrorText(`${then}\n${other}`, 'p').sizeMismatch).toHaveLength(2);
    const cutCopy = first.slice(0, first.indexOf('"patch_embed'));
    expect(parseErrorText(`${first}\n\n${cutCopy}`, 'p').unexpected).toEqual(['epoch', 'model', 'optimizer']);
  });
});
