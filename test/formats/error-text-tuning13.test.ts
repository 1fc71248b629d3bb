import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

// blog.csdn.net/weixin_44966641/article/details/120083303 (tuning13), as posted: the post's title quotes torch's size line as a
// template (`[]` where the key and shapes stand), then the real error: a 1000-class ImageNet head against a 10-output head
const CSDN_VIT_AES = `strict=False 但还是size mismatch for []: copying a param with shape [] from checkpoint,the shape in cur
问题
我们知道通过
model.load_state_dict(state_dict, strict=False)
可以暂且忽略掉模型和参数文件中不匹配的参数,先将正常匹配的参数从文件中载入模型。
笔者在使用时遇到了这样一个报错:
RuntimeError: Error(s) in loading state_dict for ViT_Aes:
size mismatch for mlp_head.1.weight: copying a param with shape torch.Size([1000, 768]) from checkpoint, the shape in current model is torch.Size([10, 768]).
size mismatch for mlp_head.1.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([10]).`;

// sweetcocoa/ddsp-pytorch#1 (tuning13): the traceback's frames elided with a line of dots above the message, as posted; the
// list given torch's closing full stop, which the poster's copy lost (a list without it reads as cut, whatever stands above)
const DDSP = `When i try to inference the audio file with pretrained weights (provided by the weights.zip in branch models), some errors happened as following:
Traceback (most recent call last):
    net.load_state_dict(model)
.......
TrntimeError: Error(s) in loading state_dict for AutoEncoder:
    Missing key(s) in state_dict: "encoder.loudness_extractor.smoothing_window".`;
const ELISION_NOTE = 'a line of the text is only an elision (`...`): lines were left out';

describe('tuning13 texts whose reading the parser lacked', () => {
  it('an elision line among the traceback frames above the message left out frames, not keys: the lists are whole', () => {
    const r = parseErrorText(DDSP, 'e.txt');
    expect(r.missing).toEqual(['encoder.loudness_extractor.smoothing_window']);
    expect(r.notes).not.toContain(ELISION_NOTE);
    expect(r.truncated).toBe(false);
  });

  it('an elision line below the message, or above it under a key the lists name (a headless list first), still marks the text as cut', () => {
    const below = parseErrorText(`RuntimeError: Error(s) in loading state_dict for Net:
\tsize mismatch for fc.weight: copying a param with shape torch.Size([1000, 512]) from checkpoint, the shape in current model is torch.Size([10, 512]).
...
\tsize mismatch for fc.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([10]).`, 'e.txt');
    expect(below.truncated).toBe(true);
    expect(below.notes).toContain(ELISION_NOTE);
    const underKey = parseErrorText(`"layer1.0.conv1.weight", "layer1.0.bn1.weight"
...
RuntimeError: Error(s) in loading state_dict for Net:
\tMissing key(s) in state_dict: "layer1.0.conv1.weight", "layer1.0.bn1.weight".`, 'e.txt');
    expect(underKey.notes).toContain(ELISION_NOTE);
  });

  it('a size line whose key is a template placeholder (`[]`) is the message quoted in prose, not a key cut before its shapes', () => {
    const r = parseErrorText(CSDN_VIT_AES, 'e.txt');
    expect(r.sizeMismatch.map((s) => s.key)).toEqual(['mlp_head.1.weight', 'mlp_head.1.bias']);
    expect(r.sizeMismatchCut ?? []).toEqual([]);
    expect(r.truncated).toBe(false);
  });

  it('a size line whose key the poster elided (`...`) still marks the text as cut', () => {
    const r = parseErrorText(`RuntimeError: Error(s) in loading state_dict for Net:
\tsize mismatch for ...: copying a param with shape torch.Size([3]) from checkpoint, the shape in current model is torch.Size([4]).
\tsize mismatch for fc.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([10]).`, 'e.txt');
    expect(r.sizeMismatch.map((s) => s.key)).toEqual(['fc.bias']);
    expect(r.truncated).toBe(true);
  });
});
