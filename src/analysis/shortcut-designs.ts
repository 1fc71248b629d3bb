/**
 * A residual block's projection shortcut, by the names the codebases that build it give it. Its parts say
 * which block design the weights belong to: a checkpoint whose blocks hold one design's shortcut, loaded
 * into a model whose same blocks hold another design's with other parts, is another network (post- against
 * pre-activation blocks), not the same weights under other names: pairing its layers by structure would load
 * a convolution where a normalisation sits, or leave one of them random. Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';

/** How a shortcut is built: its parts, in order. */
type Parts = 'conv+norm' | 'conv';

const SHORTCUT_DESIGNS: readonly { name: string; parts: Parts; design: string }[] = [
  // torchvision/models/resnet.py `_make_layer`: `downsample = nn.Sequential(conv1x1(...), norm_layer(...))`
  { name: 'downsample', parts: 'conv+norm', design: "torchvision's ResNet (post-activation blocks; `downsample` = 1x1 conv + BatchNorm)" },
  // kuangliu/pytorch-cifar models/resnet.py: `self.shortcut = nn.Sequential(nn.Conv2d(...), nn.BatchNorm2d(...))`
  { name: 'shortcut', parts: 'conv+norm', design: "the CIFAR ResNets of kuangliu/pytorch-cifar (`shortcut` = 1x1 conv + BatchNorm)" },
  // xternalz/WideResNet-pytorch wideresnet.py BasicBlock (and pytorch-prunes' blocks after it): BN and ReLU before each conv,
  // `self.convShortcut = (not self.equalInOut) and nn.Conv2d(in_planes, out_planes, 1, stride, bias=False) or None`
  { name: 'convShortcut', parts: 'conv', design: 'Wide ResNet (pre-activation blocks; `convShortcut` = a bare 1x1 conv, no norm)' },
];

/** `<block>.<name>[.<i>].<leaf>`: the block and the design of a shortcut key, or null. */
function shortcutOf(key: string): { block: string; row: (typeof SHORTCUT_DESIGNS)[number] } | null {
  for (const row of SHORTCUT_DESIGNS) {
    const m = new RegExp(`^(.*?)\\.${row.name}(?:\\.\\d+)?\\.\\w+$`).exec(key);
    if (m) return { block: m[1]!, row };
  }
  return null;
}

/**
 * In a block the text lists on both sides, the checkpoint's shortcut is one design's and the model's another's
 * with other parts (torchvision's conv + BatchNorm `downsample` against Wide ResNet's bare `convShortcut`:
 * BayesWatch/pytorch-prunes#5, ImageNet ResNet weights into blocks copied from a WRN): the checkpoint is of
 * another block design; no key edit loads it.
 */
export function shortcutBuiltOtherwise(report: ErrorReport): Cause | null {
  const model = new Map<string, (typeof SHORTCUT_DESIGNS)[number]>();
  for (const k of report.missing) {
    const s = shortcutOf(k);
    if (s) model.set(s.block, s.row);
  }
  for (const k of report.unexpected) {
    const s = shortcutOf(k);
    const mine = s ? model.get(s.block) : undefined;
    if (!s || !mine || mine.parts === s.row.parts) continue;
    return {
      code: 'shortcut_design',
      message:
        `the blocks' shortcuts are of two designs: the checkpoint's \`${k}\` is ${s.row.design}, the model's ` +
        `\`${s.block}.${mine.name}\` is ${mine.design}: the checkpoint holds another block design, and renaming its layers ` +
        'onto the model\'s would load a convolution where a normalisation sits or leave one of them random; no key edit fixes it: ' +
        'build the model with the blocks the checkpoint was trained with (or train the new blocks from scratch)',
    };
  }
  return null;
}
