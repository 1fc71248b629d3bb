import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../../src/formats/error-text.js';
import { tuningCaseText } from '../../helpers/diagnosis-case.js';

/**
 * An fvcore list whose last group the paste cut inside its braces (bytedance/fc-clip#34, tuning15, ends at
 * `backbone.clip_model.transformer.resblocks.1.attn.{in_proj_bias,`): the list went on past the cut, so the text
 * is cut; the group's closed members are keys. Before, the open group ended the list silently and the text read as whole.
 */
const HEAD = 'WARNING [07/15 15:10:11 fvcore.common.checkpoint]: Some model parameters or buffers are not found in the checkpoint:\n' +
  'backbone.clip_model.ln_final.{bias, weight}\n' +
  'backbone.clip_model.transformer.resblocks.0.attn.out_proj.{bias, weight}\n';

describe('an fvcore group cut inside its braces', () => {
  it('fc-clip#34 as posted: cut, and the cut group\'s closed member read', () => {
    const r = parseErrorText(tuningCaseText('bytedance-fc-clip-34'), 'e.txt');
    expect(r.truncated).toBe(true);
    expect(r.missing).toContain('backbone.clip_model.transformer.resblocks.1.attn.in_proj_bias');
    expect(r.missing).toContain('backbone.clip_model.transformer.resblocks.1.attn.out_proj.weight');
    expect(r.notes.join("\n")).toMatch(/fvcore group is cut inside its braces/);
  });

  it('cut right after the brace, or at the end of a fenced block: cut, no member read', () => {
    const open = parseErrorText(`${HEAD}backbone.clip_model.transformer.resblocks.1.attn.{`, 'e.txt');
    expect(open.truncated).toBe(true);
    expect(open.missing.filter((k) => k.includes('resblocks.1'))).toEqual([]);
    const fenced = parseErrorText(`\`\`\`\n${HEAD}backbone.clip_model.transformer.resblocks.1.attn.{in_proj_bias, in_pr\n\`\`\`\nAny idea?`, 'e.txt');
    expect(fenced.truncated).toBe(true);
    expect(fenced.missing).toContain('backbone.clip_model.transformer.resblocks.1.attn.in_proj_bias');
    expect(fenced.missing.some((k) => k.endsWith('in_pr'))).toBe(false);
  });

  it('the same cut with the poster\'s words after it, or every line break lost: cut, the closed member read, no words taken for keys', () => {
    const text = tuningCaseText('bytedance-fc-clip-34');
    for (const form of [`${text}\n请问这是什么原因？应该怎么改，谢谢！`, `${text}\nAny idea, anyone? Thanks`, text.replace(/\n/g, ' '), `${text.replace(/\n/g, ' ')} Any idea, anyone?`]) {
      const r = parseErrorText(form, 'e.txt');
      expect(r.truncated, form.slice(-40)).toBe(true);
      expect(r.missing, form.slice(-40)).toContain('backbone.clip_model.transformer.resblocks.1.attn.in_proj_bias');
      expect(r.missing.filter((k) => !k.startsWith('backbone.clip_model.')), form.slice(-40)).toEqual([]);
    }
  });

  it('a group a terminal wrapped inside its braces and closed on the next line is whole', () => {
    const r = parseErrorText(`${HEAD}backbone.clip_model.transformer.resblocks.1.attn.{in_proj_bias,\n in_proj_weight}`, 'e.txt');
    expect(r.truncated).toBe(false);
    expect(r.missing).toContain('backbone.clip_model.transformer.resblocks.1.attn.in_proj_weight');
  });
});
