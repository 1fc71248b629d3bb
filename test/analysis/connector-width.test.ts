import { describe, expect, it } from 'vitest';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { errorHints } from '../../src/analysis/error-hints.js';
import { parseErrorText } from '../../src/formats/error-text.js';

/**
 * A vision-language connector's output layer is sized by the language model's width, never by classes
 * (variant-signs.ts LANGUAGE_CONNECTOR). 2U1/Qwen-VL-Series-Finetune#37 (tuning22's arrival miss): Qwen2.5-VL-3B's
 * merger (2048) in Qwen2-VL's class (1280) was read as a head of another class count, dropped and re-initialised.
 */
const hints = (text: string) => errorHints(parseErrorText(text, 'e.txt'));
const line = (key: string, a: string, b: string) => `\tsize mismatch for ${key}: copying a param with shape torch.Size([${a}]) from checkpoint, the shape in current model is torch.Size([${b}]).`;

describe("a vision-language connector's output is the language model's width", () => {
  it('Qwen-VL-Series-Finetune#37: another model (a blocker), nothing dropped', () => {
    const h = hints(tuningCaseText('2U1-Qwen-VL-Series-Finetune-37'));
    expect(h.blockers.map((b) => b.code)).toContain('connector_width');
    expect(h.drops).toEqual([]);
  });

  it("LLaVA's `multi_modal_projector` alike; a classifier beside no connector is still a head", () => {
    const llava = hints(`RuntimeError: Error(s) in loading state_dict for LlavaForConditionalGeneration:\n${line('multi_modal_projector.linear_1.weight', '5120, 1024', '4096, 1024')}\n${line('multi_modal_projector.linear_1.bias', '5120', '4096')}`);
    expect(llava.blockers.map((b) => b.code)).toContain('connector_width');
    const head = hints(`RuntimeError: Error(s) in loading state_dict for Net:\n${line('classifier.weight', '1000, 768', '10, 768')}\n${line('classifier.bias', '1000', '10')}`);
    expect(head.blockers.map((b) => b.code)).not.toContain('connector_width');
    expect(head.drops.map((d) => d.key)).toContain('classifier.weight');
  });
});
