import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';

/** spconv 1.x kernels in a spconv 2.x model read from an error text alone (src/analysis/sparse-kernels.ts, through explain). */
interface Out {
  fixable: boolean;
  plan: { ops: { op: string; dims?: number[]; key?: string; pattern?: string }[] };
}
const explain = async (text: string): Promise<{ code: number; out: Out | null }> => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  return { code: r.code, out: r.stdout.trim().startsWith('{') ? (JSON.parse(r.stdout) as Out) : null };
};

describe('spconv 1.x kernels in a spconv 2.x model, from the error text alone', () => {
  it("tianweiy/MVP#2 (det3d's `these keys have mismatched shape` table): each kernel transposed by the documented permutation", async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: tuningCaseText('tianweiy-MVP-2') });
    const out = JSON.parse(r.stdout) as Out;
    expect(out.fixable).toBe(true);
    const transposes = out.plan.ops.filter((o) => o.op === 'transpose');
    expect(transposes.length).toBeGreaterThan(0);
    expect(out.plan.ops.every((o) => o.op === 'transpose' && (o.dims ?? []).join() === '4,0,1,2,3')).toBe(true);
    // every kernel the table names, the square ones ([3, 3, 3, 16, 16]) too
    const named = ['backbone.conv_input.0.weight', 'backbone.conv1.0.conv1.weight', 'backbone.conv1.1.conv2.weight', 'backbone.conv2.0.weight', 'backbone.conv2.4.conv1.weight'];
    for (const k of named) expect(transposes.some((o) => o.key === k || (o.pattern !== undefined && new RegExp(o.pattern).test(k)))).toBe(true);
  });

  it('one kernel alone, or square kernels only (two layout pairs fit): no op, the finding stays a blocker', async () => {
    const line = (k: string, a: number[], b: number[]) => `\tsize mismatch for ${k}: copying a param with shape torch.Size([${a.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${b.join(', ')}]).`;
    const head = 'RuntimeError: Error(s) in loading state_dict for VoxelNet:\n';
    const one = (await explain(head + line('backbone.conv_input.0.weight', [3, 3, 3, 5, 16], [16, 3, 3, 3, 5]))).out!;
    expect(one.fixable).toBe(false);
    expect(one.plan.ops).toEqual([]);
    const square = (await explain(head + [line('backbone.conv1.0.conv1.weight', [3, 3, 3, 16, 16], [16, 3, 3, 3, 16]), line('backbone.conv1.0.conv2.weight', [3, 3, 3, 16, 16], [16, 3, 3, 3, 16])].join('\n'))).out!;
    expect(square.fixable).toBe(false);
    expect(square.plan.ops).toEqual([]);
  });
});
