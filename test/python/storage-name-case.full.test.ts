import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 21 c03: a torch zip whose data.pkl names storage `A` while the only member is `archive/data/a`. torch's
 * reader finds members by miniz's case-blind search, so torch.load reads `data/a` for `A` (checked below, in the
 * same run); sdmatch looked the name up exactly, found no member, and plan/apply refused with "no bytes sdmatch can
 * write as one tensor … join the pieces with the framework's own converter" (a wrong cause and a wrong fix). Now
 * it reads the member torch reads: plan, apply, and the output loads strict=True with every tensor equal.
 * Built from torch.save's own bytes: the storage key '0' (BINUNICODE, one character) becomes 'A', and the
 * member data/0 is renamed data/a.
 */
const BUILD = `
import torch, zipfile, sys, os, io
d = sys.argv[1]
want = {'w': torch.arange(6, dtype=torch.float32).reshape(2, 3), 'b': torch.ones(3)}
torch.save(want, os.path.join(d, 'want.pt'))
buf = io.BytesIO(); torch.save(want, buf)
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
names = src.namelist()
folder = names[0].split('/')[0]
pkl = src.read(folder + '/data.pkl')
key = b'X\\x01\\x00\\x00\\x000'
assert pkl.count(key) == 1, pkl  # w's storage; b's is data/1, left as it is
pkl = pkl.replace(key, b'X\\x01\\x00\\x00\\x00A')
with zipfile.ZipFile(os.path.join(d, 'case.pt'), 'w', zipfile.ZIP_STORED) as out:
    for n in names:
        data = pkl if n == folder + '/data.pkl' else src.read(n)
        out.writestr(folder + '/data/a' if n == folder + '/data/0' else n, data)
got = torch.load(os.path.join(d, 'case.pt'), weights_only=True)
print('torch reads it' if all(torch.equal(got[k], want[k]) for k in want) else 'DIFFERENT')
`;

const EQUAL = `
import torch, sys
out, want = torch.load(sys.argv[1], weights_only=True), torch.load(sys.argv[2], weights_only=True)
assert sorted(out) == sorted(want), sorted(out)
print('equal' if all(torch.equal(out[k], want[k]) for k in want) else 'DIFFERENT')
`;

describeWithTorch('a lone storage member whose name differs in case from its key (review 21 c03)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-storage-case-');
  });
  afterAll(() => tmp.cleanup());

  it('torch.load reads data/a for storage A; so does sdmatch: plan, apply, and the output equals what torch loads', async () => {
    const d = tmp.dir;
    expect(runPython(BUILD, [d]).trim()).toBe('torch reads it');
    const [ckpt, want] = [join(d, 'case.pt'), join(d, 'want.pt')];
    const plan = join(d, 'plan.json');
    const p = await runCli(['plan', ckpt, want, '-o', plan, '--no-color']);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect(p.stdout + p.stderr).not.toMatch(/pieces|converter/);
    const out = join(d, 'out.pt');
    const a = await runCli(['apply', ckpt, plan, '-o', out, '--no-color']);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(runPython(EQUAL, [out, want]).trim()).toBe('equal');
    const i = await runCli(['inspect', ckpt, '--no-color']);
    expect(i.stdout + i.stderr).not.toMatch(/is missing/);
  }, 600_000);
});
