import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

/**
 * A fine-tuning script's "Removing key head.weight from pretrained checkpoint" (DeiT/MAE main_finetune.py):
 * the head is missing by design, and no other key is renamed onto it (src/analysis/loader-removed.ts).
 * jlianglab/Ark#1 as posted, and the same with its unexpected list cut mid-way (paste-variants `cut-list`).
 */
const ARK = `\`\`\`
0.5.4
Removing key head.weight from pretrained checkpoint
Removing key head.bias from pretrained checkpoint
_IncompatibleKeys(missing_keys=['head.weight', 'head.bias'], unexpected_keys=['projector.0.weight', 'projector.0.bias', 'projector.2.weight', 'projector.2.bias', 'omni_heads.0.weight', 'omni_heads.0.bias', 'omni_heads.1.weight', 'omni_heads.1.bias', 'omni_heads.2.weight', 'omni_heads.2.bias', 'omni_heads.3.weight', 'omni_heads.3.bias', 'omni_heads.4.weight', 'omni_heads.4.bias', 'omni_heads.5.weight', 'omni_heads.5.bias'])
\`\`\``;
const ARK_CUT = ARK.replace(/'omni_heads\.1\.bias'.*\]\)/, "'omni_heads.1.bias', ...])");

interface Out {
  plan: { ops: { op: string }[]; mapping: Record<string, string | null> };
  keptMissing: { key: string }[];
}

describe('keys the fine-tuning script removed from the pretrained checkpoint', () => {
  it('are read from its printout', () => {
    expect(parseErrorText(ARK, 'p').removedByLoader).toEqual(['head.weight', 'head.bias']);
  });

  it('stay missing as the new head on a cut list too: `omni_heads.0.*` is not renamed onto `head.*`', async () => {
    expect(ARK_CUT).toContain('...])');
    const j = JSON.parse((await runCli(['explain', '-', '--json'], { stdin: ARK_CUT })).stdout) as Out;
    expect(j.plan.ops.some((o) => o.op === 'rename')).toBe(false);
    expect(Object.values(j.plan.mapping)).not.toContain('head.weight');
    expect(j.keptMissing.map((k) => k.key).sort()).toEqual(['head.bias', 'head.weight']);
  });
});
