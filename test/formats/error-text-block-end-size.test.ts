import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

// xhwNobody/yolov5_prune_sfp#5, as posted (its last two lines): the paste stops right after a size line's key
const YOLO_PRUNE = `\tsize mismatch for neck_self.csp1.cv1.conv.weight: copying a param with shape torch.Size([256, 922, 1, 1]) from checkpoint, the shape in current model is torch.Size([179, 716, 1, 1]).
\tsize mismatch for neck_self.csp1.cv1.bn.weight:`;

const CUT = { key: 'neck_self.csp1.cv1.bn.weight', source: null, expected: null };

/** The same paste as users wrap it: in a fence with prose around it, in a folded block, with the poster's Chinese words after it. */
const PASTES: [string, string][] = [
  ['in a GitHub fence, prose after it', `When I run the demo I get:\n\n\`\`\`python\n${YOLO_PRUNE}\n\`\`\`\n\nHow can I fix it? Thanks!`],
  ['in a <details> block', `The log:\n\n<details>\n<summary>Full error log</summary>\n\n\`\`\`\n${YOLO_PRUNE}\n\`\`\`\n\n</details>\n\nAny idea?`],
  ['with Chinese words after it', `我用官方给的“best_model.pth”测试时报错：\n${YOLO_PRUNE}\n请问这是什么原因？`],
];

const read = (text: string) => {
  const r = parseErrorText(text, 'e.txt');
  return { truncated: r.truncated, cut: r.sizeMismatchCut ?? [], sizes: r.sizeMismatch };
};

describe('a size line cut right after its key, at the end of a pasted block (error-text.ts headingsAtBlockEnds)', () => {
  for (const [how, text] of PASTES) {
    it(`${how}: read as the paste alone is, a size mismatch whose shapes the cut took`, () => {
      expect(read(text)).toEqual(read(YOLO_PRUNE));
      expect(read(text)).toMatchObject({ truncated: true, cut: [CUT] });
      // the block's end decides: a size line whose shapes follow on the next line, in the same block, is whole
      const whole = read(text.replace(`${YOLO_PRUNE}\n`, `${YOLO_PRUNE}\ncopying a param with shape torch.Size([256]) from checkpoint, the shape in current model is torch.Size([179]).\n`));
      expect(whole.cut).toEqual([]);
      expect(whole.sizes.find((m) => m.key === CUT.key)).toMatchObject({ source: [256], expected: [179] });
    });
  }
});
