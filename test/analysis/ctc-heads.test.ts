import { describe, expect, it } from 'vitest';
import { ctcAlphabet } from '../../src/analysis/ctc-heads.js';
import { errorHints } from '../../src/analysis/error-hints.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

// jonatasgrosman/huggingsound#83, as posted: a Wav2Vec2ForCTC fine-tuned on a 45-symbol alphabet from a checkpoint tuned on 41
const HUGGINGSOUND = '``` RuntimeError: Error(s) in loading state_dict for Wav2Vec2ForCTC:\n\tsize mismatch for lm_head.weight: copying a param with shape torch.Size([41, 1024]) from checkpoint, the shape in current model is torch.Size([45, 1024]).\n\tsize mismatch for lm_head.bias: copying a param with shape torch.Size([41]) from checkpoint, the shape in current model is torch.Size([45]).\n\tYou may consider adding `ignore_mismatched_sizes=True` in the model `from_pretrained` method. ```\n```';

describe('a CTC recogniser\'s output alphabet (ctc-heads.ts)', () => {
  it('is a head of another class set, not a token table to resize', () => {
    const h = errorHints(parseErrorText(HUGGINGSOUND, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).not.toContain('vocab_size');
    expect(h.drops.map((d) => d.key).sort()).toEqual(['lm_head.bias', 'lm_head.weight']);
    expect(h.keepMissing.map((k) => k.kind)).toEqual(['head', 'head']);
  });

  it('explain drops it to fine-tune and never advises resize_token_embeddings, which these models lack', async () => {
    const json = JSON.parse((await runCli(['explain', '-', '--json'], { stdin: HUGGINGSOUND })).stdout) as { fixable: boolean };
    const text = (await runCli(['explain', '-'], { stdin: HUGGINGSOUND })).stdout;
    expect(json.fixable).toBe(true);
    expect(text).not.toContain('resize_token_embeddings');
    expect(text).not.toMatch(/strict\s*=\s*False/);
  });

  it('only a *ForCTC model\'s lm_head: a language model\'s lm_head stays a vocabulary', () => {
    expect(errorHints(parseErrorText(HUGGINGSOUND, 'e.txt')).blockers).toEqual([]);
    expect(ctcAlphabet('Wav2Vec2ForCTC', 'lm_head.weight')).toBe(true);
    expect(ctcAlphabet('HubertForCTC', 'model.lm_head.bias')).toBe(true);
    expect(ctcAlphabet('GPT2LMHeadModel', 'lm_head.weight')).toBe(false);
    expect(ctcAlphabet('Wav2Vec2ForCTC', 'wav2vec2.encoder.layers.0.attention.k_proj.weight')).toBe(false);
    const gpt = HUGGINGSOUND.replace('Wav2Vec2ForCTC', 'GPT2LMHeadModel');
    expect(errorHints(parseErrorText(gpt, 'e.txt')).blockers.map((b) => b.code)).toContain('vocab_size');
  });
});
