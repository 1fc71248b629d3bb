import { describe, expect, it } from 'vitest';
import { tuningCaseText } from '../../helpers/diagnosis-case.js';
import { parseErrorText, type ErrorReport } from '../../../src/formats/error-text.js';

/**
 * Texts read back off a screenshot (OCR): lines broken inside keys at uneven widths, no indentation. Each
 * pair is a real text as posted and its OCR form (bench/diagnosis/paste-variants.ts `ocr`); the OCR form
 * must read as the text does. A terminal's wrap is told by the widest line; these are told by the text.
 */
const facts = (r: ErrorReport) => ({
  missing: [...r.missing].sort(),
  unexpected: [...r.unexpected].sort(),
  unsided: [...(r.unsided ?? [])].sort(),
  sizes: r.sizeMismatch,
  truncated: r.truncated,
  evaluationRun: r.evaluationRun,
});
const parse = (t: string) => facts(parseErrorText(t, 'paste.txt'));

// yu-changqian-TorchSeg-45
const TORCHSEG = `WRN Missing key(s) in state_dict: layer3.0.bn1.num_batches_tracked, layer1.1.bn1.num_batches_tracked, layer2.1.bn2.num_batches_tracked, layer1.1.bn2.num_batches_tracked, layer1.0.bn1.num_batches_tracked, layer2.0.downsample.1.num_batches_tracked, layer3.1.bn2.num_batches_tracked, layer3.1.bn1.num_batches_tracked, layer3.0.downsample.1.num_batches_tracked, layer2.0.bn1.num_batches_tracked, layer2.0.bn2.num_batches_tracked, layer4.0.bn1.num_batches_tracked, layer4.0.bn2.num_batches_tracked, bn1.num_batches_tracked, layer4.1.bn2.num_batches_tracked, layer4.1.bn1.num_batches_tracked, layer1.0.bn2.num_batches_tracked, layer3.0.bn2.num_batches_tracked, layer4.0.downsample.1.num_batches_tracked, layer2.1.bn1.num_batches_tracked`;
const TORCHSEG_OCR = `WRN Missing key(s) in state_dict: layer3.0.bn1.num_batches_tracked, la
yer1.1.bn1.num_batches_tracked, layer2.1.bn2.num_batches_tracked, layer1.1.bn
2.num_batches_tracked, layer1.0.bn1.num_batches_tracked, layer2.0.downsample.1.num_b
atches_tracked, layer3.1.bn2.num_batches_tracked, layer3.1.bn1.num_batches_tracked, layer3.
0.downsample.1.num_batches_tracked, layer2.0.bn1.num_batches_tracked, layer
2.0.bn2.num_batches_tracked, layer4.0.bn1.num_batches_tracked, layer4.0.bn2.num_ba
tches_tracked, bn1.num_batches_tracked, layer4.1.bn2.num_batches_tracked, layer4.1.bn1.nu
m_batches_tracked, layer1.0.bn2.num_batches_tracked, layer3.0.bn2.num_bat
ches_tracked, layer4.0.downsample.1.num_batches_tracked, layer2.1.bn1.num_batche
s_tracked`;

// ofsoundof-GRL-Image-Restoration-4
const GRL = `I am having trouble loading the model because I am getting an error message indicating that some keys are missing from the state dictionary. 
I have noticed that all of the missing keys are associated with the function 'get_relative_coords_table_all'. Could you please let me know if there is anything I am missing or doing incorrectly?

"table_w", "table_sh", "table_sv", "index_w", "index_sh_a2w", "index_sh_w2a", "index_sv_a2w", "index_sv_w2a", "mask_w", "mask_sh_a2w", "mask_sh_w2a", "mask_sv_a2w", "mask_sv_w2a".`;
const GRL_OCR = `I am having trouble loading the model because I am getting an error me
ssage indicating that some keys are missing from the state dictionary.
I have noticed that all of the missing keys are associated with the function 'get_re
lative_coords_table_all'. Could you please let me know if there is anything I am missing or
doing incorrectly?

"table_w", "table_sh", "table_sv", "index_w", "index_sh_a2w", "index_sh_w2a", "index_sv_a
2w", "index_sv_w2a", "mask_w", "mask_sh_a2w", "mask_sh_w2a", "mask_sv_a2w
", "mask_sv_w2a".`;

// Yunkai-Ma-PathGeneration-2
const PATHGEN = tuningCaseText('Yunkai-Ma-PathGeneration-2');
const PATHGEN_OCR = `Traceback (most recent call last):
File "D:\\BrowserDownload\\PathGeneration-master\\PointROINet\\test_partseg_showw
eldpointcloud.py", line 358, in <module>
main(args)
File "D:\\BrowserDownload\\PathGeneration-master\\PointROINet\\test_partseg_sho
wweldpointcloud.py", line 98, in main
classifier.load_state_dict(checkpoint['model_state_dict'])
File "D:\\Anaconda\\envs\\weldnet\\lib\\site-packages\\torch\\nn\\modules\\module.
py", line 1605, in load_state_dict
self.__class__.__name__, "\\n\\t".join(error_msgs)))
RuntimeError: Error(s) in loading state_dict for get_model:
Missing key(s) in state_dict: "sa4.q_conv.weight", "sa4.k_conv.weight", "sa4.v
_conv.weight", "sa4.v_conv.bias", "sa4.trans_conv.weight", "sa4.trans_conv.bias", "sa
4.after_norm.weight", "sa4.after_norm.bias", "sa4.after_norm.running_mean", "sa4.after_norm.
running_var".`;

// cnblogs-com-pplap-p-18141452
const CNBLOGS = `解决报错内容:
RuntimeError: Error(s) in loading state_dict for PyTorchBasedGPT2:
size mismatch for transformer.h.0.attn.c_attn.weight: copying a param with shape torch.Size([768, 2304]) from checkpoint, the shape in current model is torch.Size([2304, 768])......`;
const CNBLOGS_OCR = `解决报错内容:
RuntimeError: Error(s) in loading state_dict for PyTorchBasedGPT2:
size mismatch for transformer.h.0.attn.c_attn.weight: copying a param with shape tor
ch.Size([768, 2304]) from checkpoint, the shape in current model is torch.Size([2304, 768])
......`;

// Saquib764-omini-kontext-14
const OMINI = `\`
Loading adapter weights from state_dict led to unexpected keys found in the model: single_transformer_blocks.0.proj_out.lora_A.default.weight, single_transformer_blocks.0.proj_out.lora_B.default.weight, single_transformer_blocks.1.proj_out.lora_A.default.weight, single_transformer_blocks.1.proj_out.lora_B.default.weight, single_transformer_blocks.2.proj_out.lora_A.default.weight, single_transformer_blocks.2.proj_out.lora_B.default.weight, single_transformer_blocks.3.proj_out.lora_A.default.weight, single_transformer_blocks.3.proj_out.lora_B.default.weight, single_transformer_blocks.4.proj_out.lora_A.default.weight, single_transformer_blocks.4.proj_out.lora_B.default.weight, single_transformer_blocks.5.proj_out.lora_A.default.weight, single_transformer_blocks.5.proj_out.lora_B.default.weight, single_transformer_blocks.6.proj_out.lora_A.default.weight, single_transformer_blocks.6.proj_out.lora_B.default.weight, single_transformer_blocks.7.proj_out.lora_A.default.weight, single_transformer_blocks.7.proj_out.lora_B.default.weight, single_transformer_blocks.8.proj_out.lora_A.default.weight, single_transformer_blocks.8.proj_out.lora_B.default.weight, single_transformer_blocks.9.p`;
const OMINI_OCR = `\`
Loading adapter weights from state_dict led to unexpected keys found in the m
odel: single_transformer_blocks.0.proj_out.lora_A.default.weight, single_transformer
_blocks.0.proj_out.lora_B.default.weight, single_transformer_blocks.1.proj_out.lora_A.defau
lt.weight, single_transformer_blocks.1.proj_out.lora_B.default.weight, sing
le_transformer_blocks.2.proj_out.lora_A.default.weight, single_transformer_blocks.
2.proj_out.lora_B.default.weight, single_transformer_blocks.3.proj_out.lora_A.default.wei
ght, single_transformer_blocks.3.proj_out.lora_B.default.weight, single_t
ransformer_blocks.4.proj_out.lora_A.default.weight, single_transformer_blocks.4.
proj_out.lora_B.default.weight, single_transformer_blocks.5.proj_out.lora_A.default.wei
ght, single_transformer_blocks.5.proj_out.lora_B.default.weight, single
_transformer_blocks.6.proj_out.lora_A.default.weight, single_transformer_block
s.6.proj_out.lora_B.default.weight, single_transformer_blocks.7.proj_out.lora_A.defau
lt.weight, single_transformer_blocks.7.proj_out.lora_B.default.weight, single_transformer_bl
ocks.8.proj_out.lora_A.default.weight, single_transformer_blocks.8.proj_out.
lora_B.default.weight, single_transformer_blocks.9.p`;

describe('a line broken inside a token, whatever its width', () => {
  it('in an unquoted comma list: the item without its comma goes on at the next line (yu-changqian/TorchSeg#45, Saquib764/omini-kontext#14)', () => {
    expect(parse(TORCHSEG).missing).toHaveLength(20);
    expect(parse(TORCHSEG_OCR)).toEqual(parse(TORCHSEG));
    expect(parse(OMINI_OCR)).toEqual(parse(OMINI));
  });

  it('in a quoted key: a quote left open closes on the next line (ofsoundof/GRL-Image-Restoration#4)', () => {
    expect(parse(GRL).unsided.length + parse(GRL).missing.length).toBe(13);
    expect(parse(GRL_OCR)).toEqual(parse(GRL));
  });

  it('in a frame\'s path: `File "…` goes on where `", line N` stands, so the evaluation script is read (Yunkai-Ma/PathGeneration#2)', () => {
    expect(parse(PATHGEN).evaluationRun).toBeTruthy();
    expect(parse(PATHGEN_OCR)).toEqual(parse(PATHGEN));
  });

  it('a one-item list that ends the list is not joined to the prose after it', () => {
    const r = parseErrorText('missing keys in source state_dict: backbone.layer1.0.conv1.weight, backbone.la\nThanks for any help, I tried everything', 'p');
    expect(r.missing.some((k) => /Thanks|tried/.test(k))).toBe(false);
  });
});

describe('an elision glued to a size line\'s shape', () => {
  it('is lines left out, as one on its own line (cnblogs.com/pplap/p/18141452)', () => {
    expect(parse(CNBLOGS).truncated).toBe(true);
    expect(parse(CNBLOGS_OCR)).toEqual(parse(CNBLOGS));
    const one = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tsize mismatch for fc.weight: copying a param with shape torch.Size([10, 512]) from checkpoint, the shape in current model is torch.Size([2, 512]).';
    expect(parse(one).truncated).toBeFalsy();
  });
});
