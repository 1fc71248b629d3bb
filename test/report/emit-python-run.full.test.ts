import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * `plan --emit python` runs as emitted, judged by real PyTorch: the script, executed on a checkpoint
 * that nests its state dict under 'model' (DDP prefix, a renamed submodule, a tied output projection),
 * writes a state dict the model loads with strict=True, every tensor equal, the tie one storage; and
 * it imports nothing it does not use.
 */

const SAVE = `
import sys, torch, torch.nn as nn
torch.manual_seed(0)
class Old(nn.Module):
    def __init__(s):
        super().__init__()
        s.backbone = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 6))
        s.embed = nn.Embedding(7, 6)
sd = {'module.' + k: v for k, v in Old().state_dict().items()}
torch.save({'model': sd, 'epoch': 3, 'lr': 0.1}, sys.argv[1] + '/src.pt')
`;

const NEW = `
import torch, torch.nn as nn
class New(nn.Module):
    def __init__(s):
        super().__init__()
        s.encoder = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 6))
        s.embed = nn.Embedding(7, 6)
        s.lm_head = nn.Linear(6, 7, bias=False)
        s.lm_head.weight = s.embed.weight
`;

const LOAD = `${NEW}
import sys
out = torch.load(sys.argv[1])
src = torch.load(sys.argv[2])['model']
m = New()
m.load_state_dict(out, strict=True)
assert out['lm_head.weight'].data_ptr() == out['embed.weight'].data_ptr(), 'the tie is two storages'
for k, v in src.items():
    k2 = k[len('module.'):].replace('backbone.', 'encoder.')
    assert torch.equal(out[k2], v), k
print('ok')
`;

/** Every name a module imports is used somewhere in it (what pyflakes calls an unused import). */
const UNUSED_IMPORTS = `
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
imported = {}
for node in ast.walk(tree):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        for a in node.names: imported[(a.asname or a.name).split('.')[0]] = node.lineno
used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
print(','.join(sorted(k for k in imported if k not in used)))
`;

describeWithTorch('--emit python runs as emitted (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('emit');
    runPython(SAVE, [tmp.dir]);
    runPython(`${NEW}\ntorch.save(New().state_dict(), '${at('expected.pt')}')`);
  });
  afterAll(() => tmp.cleanup());

  it('selects the state dict, keeps the tie, imports only what it uses, and its output loads strict=True', async () => {
    const r = await runCli(['plan', at('src.pt'), at('expected.pt'), '--emit', 'python']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("return checkpoint['model']");
    expect(r.stdout).toContain("sd['lm_head.weight'] = sd['embed.weight']");
    writeFileSync(at('fix.py'), r.stdout);
    expect(runPython(UNUSED_IMPORTS, [at('fix.py')]).trim()).toBe('');
    execFileSync(torchPython!, [at('fix.py'), at('src.pt'), at('out.pt')], { stdio: 'pipe' });
    expect(runPython(LOAD, [at('out.pt'), at('src.pt')]).trim()).toBe('ok');
  });

  it('with a --drop edit it imports re for the drop, and torch nowhere at the top', async () => {
    const r = await runCli(['plan', at('src.pt'), at('expected.pt'), '--emit', 'python', '--drop', '^lm_head']);
    // the drop is an edit that makes the plan incomplete (lm_head then missing): still emitted
    writeFileSync(at('fix2.py'), r.stdout);
    expect(runPython(UNUSED_IMPORTS, [at('fix2.py')]).trim()).toBe('');
    expect(r.stdout).toMatch(/^import re$/m);
    expect(r.stdout).not.toMatch(/^import torch$/m);
  });
});
