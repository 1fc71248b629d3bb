import { execFileSync } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
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

/**
 * A checkpoint that carries a payload: unpickling it fully runs os.system, which writes a marker file.
 * Ours, written here (never a corpus file); sdmatch calls it dangerous and still plans it, so the script
 * it emits is what a user runs on it. With a float beside it (`lr`) torch 1.13's weights-only loader stops
 * at the float's opcode first, so both of the script's readers meet the payload.
 */
const EVIL = `
import os, sys, torch, torch.nn as nn
class Payload:
    def __reduce__(self):
        return (os.system, ('echo ran > ' + sys.argv[2],))
sd = {'module.' + k: v for k, v in nn.Linear(3, 2).state_dict().items()}
extra = {'lr': 0.1} if sys.argv[3] == 'float' else {}
torch.save({'state_dict': sd, 'hook': Payload(), **extra}, sys.argv[1])
`;

/** Runs the script as the user would (python fix.py IN OUT), or after `wrap`: Python run before it in the same process. */
function runScript(script: string, args: string[], wrap = ''): { status: number | null; stderr: string } {
  const code = `${wrap}\nimport runpy, sys\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')`;
  const r = spawnSync(torchPython!, ['-c', code, script, ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** torch.load as torch before 1.13 had it: no weights_only parameter, always a full unpickle. */
const OLD_TORCH = `
import torch
_load = torch.load
def load(f, map_location=None, pickle_module=None, **kwargs):
    return _load(f, map_location=map_location, weights_only=False, **kwargs)
torch.load = load
`;

describeWithTorch('--emit python never unpickles fully (real torch 1.13)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('emit-evil');
    runPython(`import torch, torch.nn as nn\ntorch.save(nn.Linear(3, 2).state_dict(), '${at('expected.pt')}')`);
  });
  afterAll(() => tmp.cleanup());

  for (const kind of ['float', 'plain']) {
    it(`refuses a checkpoint whose pickle runs code (${kind}): the payload never runs, no output is written`, async () => {
      const evil = at(`evil-${kind}.pt`);
      const marker = at(`ran-${kind}.txt`);
      runPython(EVIL, [evil, marker, kind]);
      expect(existsSync(marker)).toBe(false);
      const r = await runCli(['plan', evil, at('expected.pt'), '--emit', 'python']);
      expect(r.stderr).toContain('is dangerous');
      writeFileSync(at(`fix-${kind}.py`), r.stdout);
      const run = runScript(at(`fix-${kind}.py`), [evil, at(`out-${kind}.pt`)]);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('not loaded');
      expect(run.stderr).toContain('posix.system');
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(at(`out-${kind}.pt`))).toBe(false);
    });
  }

  it('refuses to load at all on a torch whose torch.load has no weights_only', async () => {
    const evil = at('evil-old.pt');
    const marker = at('ran-old.txt');
    runPython(EVIL, [evil, marker, 'plain']);
    const r = await runCli(['plan', evil, at('expected.pt'), '--emit', 'python']);
    writeFileSync(at('fix-old.py'), r.stdout);
    const run = runScript(at('fix-old.py'), [evil, at('out-old.pt')], OLD_TORCH);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('has no torch.load(weights_only=True)');
    expect(existsSync(marker)).toBe(false);
  });
});
