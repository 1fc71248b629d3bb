import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { isWrapperClass, WRAPPER_PREFIXES } from '../../src/analysis/key-roles.js';

/** A model whose class is a wrapper's (key-roles' isWrapperClass) holds the wrapper's prefix on its own keys: not stripped. */
interface Out {
  plan: { ops: { op: string }[] };
}
const explain = async (text: string): Promise<{ code: number; out: Out | null }> => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  return { code: r.code, out: r.stdout.trim().startsWith('{') ? (JSON.parse(r.stdout) as Out) : null };
};

describe('a model that is a DataParallel subclass carries `module.` on its own keys', () => {
  it('facebookresearch/fairchem#463: `for OCPDataParallel` with an unexpected `module.atomic_mass`: `module.` is not stripped', async () => {
    const { out } = await explain(tuningCaseText('facebookresearch-fairchem-463'));
    expect(out?.plan.ops.map((o) => o.op)).not.toContain('strip_prefix');
  });

  it("mmcv's MMDistributedDataParallel too; a model of another class still has the prefix stripped", async () => {
    const text = (model: string) => `RuntimeError: Error(s) in loading state_dict for ${model}:\n\tUnexpected key(s) in state_dict: "module.backbone.extra.weight", "module.backbone.extra.bias". `;
    expect((await explain(text('MMDistributedDataParallel'))).out?.plan.ops.map((o) => o.op)).not.toContain('strip_prefix');
    expect((await explain(text('ResNet'))).out?.plan.ops.map((o) => o.op)).toContain('strip_prefix');
  });

  it('isWrapperClass: the class or a subclass named after it', () => {
    const dp = WRAPPER_PREFIXES.find((w) => w.prefix === 'module.')!.classes;
    expect(isWrapperClass(dp, 'DataParallel')).toBe(true);
    expect(isWrapperClass(dp, 'OCPDataParallel')).toBe(true);
    expect(isWrapperClass(dp, 'MMDataParallel')).toBe(true);
    expect(isWrapperClass(dp, 'ResNet')).toBe(false);
    expect(isWrapperClass(dp, null)).toBe(false);
    expect(isWrapperClass(undefined, 'DataParallel')).toBe(false);
  });
});
