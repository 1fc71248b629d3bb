import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { bufferRule } from '../../src/analysis/key-roles.js';

/**
 * A module's extra state (`<module>._extra_state`, torch's get_extra_state / set_extra_state; Transformer Engine keeps
 * its FP8 scaling metadata there): not a weight, on either side. Zyphra/Zamba2#3 (tuning22's arrival miss): every
 * weight loaded, only the TE attention modules' `_extra_state` missing.
 */
interface Out { fixable: boolean; keptMissing: ({ key: string } | string)[]; plan: { mapping: Record<string, unknown> } }
const explain = async (text: string) => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

describe("a module's extra state is not a weight", () => {
  it('Zamba2#3: the missing `dpa._extra_state` entries stay missing, the load is fixable', async () => {
    const r = await explain(tuningCaseText('Zyphra-Zamba2-3'));
    expect(r.fixable).toBe(true);
    expect(r.keptMissing.map((k) => (typeof k === 'string' ? k : k.key))).toContain('decoder.blocks.0.sa.mixer.dpa._extra_state');
  });

  it('unexpected, beside nothing missing (a Transformer Engine model saved, loaded without it): dropped', async () => {
    const text = 'RuntimeError: Error(s) in loading state_dict for GPTModel:\n\tUnexpected key(s) in state_dict: "decoder.layers.0.self_attention.linear_qkv._extra_state", "decoder.layers.0.self_attention.core_attention._extra_state", "decoder.layers.1.self_attention.linear_qkv._extra_state". ';
    const r = await explain(text);
    expect(r.plan.mapping['decoder.layers.0.self_attention.linear_qkv._extra_state']).toBeNull();
  });

  it('only the whole name `_extra_state` is one', () => {
    expect(bufferRule('decoder.layers.0.mlp.linear_fc1._extra_state')?.what).toMatch(/extra state/);
    expect(bufferRule('decoder.layers.0.extra_state')).toBeNull();
    expect(bufferRule('encoder.my_extra_state')).toBeNull();
  });
});
