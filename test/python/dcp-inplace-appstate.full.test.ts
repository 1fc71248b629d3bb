import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * review19 F6/F7: the DCP tutorial's AppState (`dcp.save({'app': AppState(model, optimizer)})`) keys its
 * optimizer state by parameter FQN (`app.optim.state.<fqn>.exp_avg`). `apply --in-place` renamed `app.model.*`
 * and left those under the old names without a word; its report called the folder a "torch zip" whose storages
 * were "streamed". Written by fixtures/dcp.py (torch 1.13 has no torch 2.x DCP).
 */
const FIXTURES = resolve(__dirname, '../../fixtures');

const BUILD_PY = `
import sys, pathlib, torch
sys.path.insert(0, ${JSON.stringify(FIXTURES)})
import dcp as D
D.OUT = pathlib.Path(sys.argv[1])
g = torch.Generator().manual_seed(6)
model = {'_orig_mod.embed.weight': torch.randn(10, 4, generator=g), '_orig_mod.head.weight': torch.randn(3, 4, generator=g), '_orig_mod.head.bias': torch.randn(3, generator=g)}
state = {k: {'step': torch.tensor(3.0), 'exp_avg': torch.randn(v.shape, generator=g)} for k, v in model.items()}
D.write_dcp('app', {'app': {'model': model, 'optim': {'state': state, 'param_groups': [{'lr': 0.1}]}}}, D.rows(2), D.layout_2_8(), 2, 'torch_save')
torch.save({k[len('_orig_mod.'):]: torch.zeros_like(v) for k, v in model.items()}, sys.argv[1] + '/tgt.pt')
`;

describeWithTorch('DCP in place with FQN-keyed optimizer state (review19 F6, F7)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('dcp-appstate');
    runPython(BUILD_PY, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('says which optimizer-state items keep the old names, and calls the output the DCP folder it is', async () => {
    const p = await runCli(['plan', at('app'), at('tgt.pt'), '-o', at('plan.json')]);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const a = await runCli(['apply', at('app'), at('plan.json'), '--in-place']);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(a.stdout).toMatch(/6 optimizer-state item\(s\) still name the renamed parameters by their old names \(`app\.optim\.state\._orig_mod\./);
    expect(a.stdout).toMatch(/resuming the optimizer from it fails/);
    expect(a.stdout).not.toMatch(/torch zip|streamed storages/);
    expect(a.stdout).toMatch(/DCP folder, renamed in place/);
    expect(a.stdout).toMatch(/no tensor bytes written/);
    expect(JSON.parse(readFileSync(at('plan.json'), 'utf8')).source.select).toEqual(['app', 'model']);
  });
});
