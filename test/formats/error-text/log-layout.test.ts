import { describe, expect, it } from 'vitest';
import { parseErrorText, type ErrorReport } from '../../../src/formats/error-text.js';

const facts = (r: ErrorReport) => ({
  missing: [...r.missing].sort(),
  unexpected: [...r.unexpected].sort(),
  sizes: r.sizeMismatch,
  families: r.families,
  truncated: r.truncated,
});
const parse = (t: string) => facts(parseErrorText(t, 'paste.txt'));
const log = (t: string, fields = '') => t.split('\n').map((l) => `2024-01-01 12:00:00 ERROR ${fields}${l}`).join('\n');

// texttron/tevatron#203 as posted: transformers' size list, each item a `- ` line, the paste cut mid-word above it
const TEVATRON = `-ft_2 and are newly initialized because the shapes did not match:
- lm_head.weight: found shape torch.Size([0]) in the checkpoint and torch.Size([151936, 1536]) in the model instantiated
- model.language_model.embed_tokens.weight: found shape torch.Size([0]) in the checkpoint and torch.Size([151936, 1536]) in the model instantiated
- model.language_model.layers.0.mlp.down_proj.weight: found shape torch.Size([0]) in the checkpoint and torch.Size([1536, 8960]) in the model instantiated
- model.language_model.layers.0.self_attn.o_proj.weight: found shape torch.S`;

describe('a logger head on every line of a message whose lines start with a dash', () => {
  it('is the logger\'s head when one record glues the dash to a word (no `%(levelname)s - %(message)s` layout prints that)', () => {
    expect(parse(TEVATRON).sizes.length).toBeGreaterThanOrEqual(3);
    expect(parse(log(TEVATRON))).toEqual(parse(TEVATRON));
  });

  it('a real field layout (` - ` before every record) is still read as fields', () => {
    const torch = `RuntimeError: Error(s) in loading state_dict for HighResolutionNetFeatures:
\tUnexpected key(s) in state_dict: "downsamp_modules.0.0.weight", "downsamp_modules.0.0.bias", "final_layer.0.weight".`;
    expect(parse(log(torch, '- '))).toEqual(parse(torch));
    expect(parse(log(torch, '- ')).unexpected).toHaveLength(3);
  });
});
