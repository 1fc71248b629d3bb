import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

/**
 * facebookresearch/fairchem#463 (tuning18): a strict torch load that fails only on `module.atomic_mass`. PyG's
 * SchNet registered the periodic table's masses as a buffer and later releases register it only with
 * dipole=True; the maintainers' fix drops it. It is a constant, not a trained weight, so it is no module the
 * model "should have": before this row the tool took that reading (exit 1, drop marked NOT A SETTLED FIX).
 */
const TEXT = 'RuntimeError: Error(s) in loading state_dict for OCPDataParallel:\n\tUnexpected key(s) in state_dict: "module.atomic_mass". \n';

describe('a constant table the library stopped registering', () => {
  it('module.atomic_mass is dropped as a constant, settled, with nothing said of modules the model lacks', async () => {
    const io = memoryIO({ stdin: TEXT });
    const r = await runCli(['explain', '-', '--json'], io);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.fixable).toBe(true);
    const drop = out.plan.ops.find((o: { op: string }) => o.op === 'drop');
    expect(drop.reason).toMatch(/atomic masses/);
    expect(drop.unsettled).toBeUndefined();
    expect(out.after.unexpected).toEqual([]);
    const text = await runCli(['explain', '-'], memoryIO({ stdin: TEXT }));
    expect(text.stdout).not.toMatch(/NOT A SETTLED FIX|modules the model should have/);
    expect(text.stdout).not.toMatch(/strict\s*=\s*False/);
  });
  it('a trained module of the same strict shape is still not called a constant', async () => {
    const other = TEXT.replace('module.atomic_mass', 'module.affine.weight');
    const r = await runCli(['explain', '-'], memoryIO({ stdin: other }));
    expect(r.stdout).not.toMatch(/atomic masses/);
  });
});
