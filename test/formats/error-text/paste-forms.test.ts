import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../../src/formats/error-text.js';
import { cleanLines } from '../../../src/formats/error-text/clean.js';

/**
 * Paste forms real posters use that the readers did not undo (s17-diag, paste-variants.ts's new kinds),
 * each on a real tuning text: the message escaped inside a log record or a repr, colours whose escape
 * byte was lost, the poster's words in Japanese after a line-based list, and a block that the Markdown
 * or the terminal around it ends (an e-mail reply's deeper quote, an indented code block, a shell prompt).
 */

// czczup/ViT-Adapter#51 (tuning2): mmcv's missing list, cut by the excerpt inside a key
const VIT_ADAPTER =
  'load checkpoint from local path: released/mask2former_beit_adapter_large_512_40k_cocostuff10k.pth.tar\nThe model and loaded state dict do not match exactly\n\nmissing keys in source state_dict: backbone.blocks.0.attn.relative_position_index, backbone.blocks.1.attn.relative_position_index, backbone.blocks.2.attn.relati';
// LiheYoung/UniMatch#31 (tuning8): the whole checkpoint passed, its fields unexpected
const UNIMATCH = '"Unexpected key(s) in state_dict: "model", "optimizer", "epoch", "previous_best"".';
// awsm-research/LineVul#11 (tuning5): torch's message under its traceback
const LINEVUL =
  'Traceback (most recent call last):\n  File "linevul_main.py", line 1253, in <module>\n    main()\n  File "linevul_main.py", line 1246, in main\n    model.load_state_dict(torch.load(output_dir, map_location=args.device))\n  File "/home/xxx/.local/lib/python3.8/site-packages/torch/nn/modules/module.py", line 2041, in load_state_dict\n    raise RuntimeError(\'Error(s) in loading state_dict for {}:\\n\\t{}\'.format(\nRuntimeError: Error(s) in loading state_dict for Model:\n        Unexpected key(s) in state_dict: "roberta.embeddings.position_ids", "encoder.roberta.embeddings.position_ids".';
// SysCV/transfiner#24 (tuning4): fvcore's groups, one a line, the list elided
const TRANSFINER =
  'fvcore.common.checkpoint WARNING: Some model parameters or buffers are not found in the checkpoint:\n backbone.fpn_lateral2.{bias, weight}\nbackbone.fpn_lateral3.{bias, weight}\nroi_heads.box_head.fc2.{bias, weight}\n......';

const keysOf = (t: string) => {
  const r = parseErrorText(t, 't');
  return { missing: r.missing, unexpected: r.unexpected, truncated: r.truncated };
};

describe('a message escaped on one line is read as the message', () => {
  it('inside a structured log record (a JSON string: \\n, \\t and \\" escapes)', () => {
    const record = `{"level": "ERROR", "message": ${JSON.stringify(UNIMATCH)}}`;
    expect(keysOf(record).unexpected).toEqual(['model', 'optimizer', 'epoch', 'previous_best']);
    const lineVul = `{"level": "ERROR", "message": ${JSON.stringify(LINEVUL)}}`;
    expect(keysOf(lineVul)).toEqual(keysOf(LINEVUL));
  });

  it("as the exception's repr (outer single quotes, the source line's own escapes kept as code)", () => {
    const repr = `[RuntimeError('${LINEVUL.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}')]`;
    expect(keysOf(repr)).toEqual(keysOf(LINEVUL));
    expect(keysOf(repr).unexpected).toEqual(['roberta.embeddings.position_ids', 'encoder.roberta.embeddings.position_ids']);
  });

  it('leaves a Windows path and torch 0.3\'s KeyError repr as they are', () => {
    const keyError = 'KeyError: \'missing keys in state_dict: "{\\\'rcst_lstm.h2h.bias\\\', \\\'h_2_pre_h.weight\\\'}"\'';
    expect(keysOf(keyError).missing.sort()).toEqual(['h_2_pre_h.weight', 'rcst_lstm.h2h.bias']);
    const win = `  File "C:\\Users\\me\\nets\\train.py", line 3, in <module>\n${LINEVUL.split('\n').slice(-2).join('\n')}`;
    expect(keysOf(win).unexpected).toHaveLength(2);
  });
});

describe('code around the message is not a message', () => {
  it('a separator literal joined in a traceback\'s source line (`"\\n\\t".join(`) is left as it is', () => {
    // NVIDIA/tacotron2#35 (tuning): IPython shows torch's source line above the message
    const text = '                            self.__class__.__name__, "\\n\\t".join(error_msgs)))\n    722 \n\nRuntimeError: Error(s) in loading state_dict for Tacotron2:\n\tUnexpected key(s) in state_dict: "encoder.convolutions.0.1.num_batches_tracked". ';
    expect(cleanLines(text)).toContain('self.__class__.__name__, "\\n\\t".join(error_msgs)))');
    expect(parseErrorText(text, 't').nothingMissing).toBe(true);
  });

  it('a tab-indented heading with its list on the next line is no Markdown code block', () => {
    // Ming-er/MGA-CLAP#3 (tuning), wrapped at a space
    expect(keysOf('\tUnexpected key(s) in state_dict:\n"text_encoder.text_encoder.embeddings.position_ids".').truncated).toBe(false);
  });
});

describe('colours whose escape byte was lost', () => {
  it('are taken off when a bare reset shows them (`[1;31m` … `[0m`)', () => {
    const bare = UNIMATCH.replace(/"(\w+)"/g, '[32m"$1"[0m').replace('Unexpected', '[1;31mUnexpected[0m');
    expect(keysOf(bare).unexpected).toEqual(['model', 'optimizer', 'epoch', 'previous_best']);
  });
});

describe('where a pasted block ends', () => {
  it('a line of the poster\'s own script (Japanese) is no key of a line-based list', () => {
    const r = keysOf(`学習済みモデル「best.pth」を読み込むと、次のエラーが出ます：\n${TRANSFINER}\nどうすればいいでしょうか？よろしくお願いします。`);
    expect(r.missing).toEqual(keysOf(TRANSFINER).missing);
    expect(r.missing.some((k) => /[^\x00-\x7f]/.test(k))).toBe(false);
  });

  it('a deeper quote in an e-mail reply ends where the reply\'s own words start: a key cut there is cut', () => {
    const quoted = VIT_ADAPTER.split('\n').map((l) => (l.trim() ? `> > ${l}` : '> >')).join('\n');
    const reply = `Same here.\n\nOn Tue, Mar 5, 2024 someone wrote:\n\n${quoted}\n>\n> —\n> Reply to this email directly.\n`;
    expect(keysOf(VIT_ADAPTER).truncated).toBe(true);
    expect(keysOf(reply).truncated).toBe(true);
  });

  it('an indented code block ends at the unindented words after it', () => {
    const block = `Loading fails with\n\n${VIT_ADAPTER.split('\n').map((l) => `    ${l}`).join('\n')}\n\nWhat am I doing wrong?`;
    expect(keysOf(block).truncated).toBe(true);
  });

  it('a shell prompt ends the output of the command before it', () => {
    const session = `\`\`\`console\n(venv) user@gpu01:~/project$ python run.py\n${VIT_ADAPTER}\n(venv) user@gpu01:~/project$\n\`\`\``;
    expect(keysOf(session).truncated).toBe(true);
  });
});
