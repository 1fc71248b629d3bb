import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s25-verify F4: a model tying three keys (T5's shared / encoder / decoder token tables) written from three tensors, the
 * first and the last byte-equal (shared = E, enc = D, dec = E). torch keeps the last one copied, dec's E, which is
 * shared's too: only enc's D is lost. plan and apply said shared's values were lost as well; they must name enc alone,
 * and torch, loading apply's output into the tied model, shows what is kept.
 */

const WRITE = `
import sys, os, torch, torch.nn as nn
d = sys.argv[1]
class T5ish(nn.Module):
    def __init__(s):
        super().__init__(); s.shared = nn.Embedding(12, 8)
        s.enc = nn.Module(); s.enc.embed_tokens = s.shared
        s.dec = nn.Module(); s.dec.embed_tokens = s.shared
        s.head = nn.Linear(8, 3)
torch.manual_seed(0)
m = T5ish(); torch.save(m.state_dict(), os.path.join(d, 'tgt.pt'))
E, D = torch.randn(12, 8), torch.randn(12, 8)
sd = {'shared.weight': E.clone(), 'enc.embed_tokens.weight': D.clone(), 'dec.embed_tokens.weight': E.clone(), 'head.weight': torch.randn(3, 8), 'head.bias': torch.randn(3)}
torch.save(sd, os.path.join(d, 'src.pt')); torch.save({'E': E, 'D': D}, os.path.join(d, 'truth.pt'))
`;

const LOAD = `
import sys, os, torch
d, out = sys.argv[1], sys.argv[2]
import torch.nn as nn
class T5ish(nn.Module):
    def __init__(s):
        super().__init__(); s.shared = nn.Embedding(12, 8)
        s.enc = nn.Module(); s.enc.embed_tokens = s.shared
        s.dec = nn.Module(); s.dec.embed_tokens = s.shared
        s.head = nn.Linear(8, 3)
m = T5ish(); m.load_state_dict(torch.load(out), strict=True)
t = torch.load(os.path.join(d, 'truth.pt'))
print(torch.equal(m.shared.weight, t['E']), torch.equal(m.shared.weight, t['D']))
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('tie-three');
  runPython(WRITE, [tmp.dir]);
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a tie of three keys, two of them byte-equal (s25-verify F4)', () => {
  it('plan and apply exit 1 naming only enc.embed_tokens.weight as lost; torch keeps E, the value shared and dec held', async () => {
    const plan = join(tmp.dir, 'plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'src.pt'), join(tmp.dir, 'tgt.pt'), '-o', plan]);
    expect(p.code).toBe(1);
    expect(p.stdout).toMatch(/so the trained values of `enc\.embed_tokens\.weight` are lost/);
    expect(p.stdout).not.toMatch(/`shared\.weight`, `enc\.embed_tokens\.weight` are lost|trained values of `shared\.weight`/);
    const out = join(tmp.dir, 'out.pt');
    const a = await runCli(['apply', join(tmp.dir, 'src.pt'), plan, '-o', out]);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/the trained values of `enc\.embed_tokens\.weight` are lost/);
    expect(a.stdout).not.toMatch(/trained values of `shared\.weight`/);
    expect(runPython(LOAD, [tmp.dir, out]).trim()).toBe('True False');
  });
});
