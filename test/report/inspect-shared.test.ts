import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Review 14 F11: inspect's `shared` rows. Views of different parts of one storage were written `v0 = v1 = v2`
 * (row 0, row 1 and column 2 are not equal tensors); one tensor under three names (`w`, `t1`, `t2`: the tie
 * load_state_dict and a manifest's `tied` are about) was on no row, and `tensors 4` stood beside `6 tensors`;
 * at 30,000 views of one storage the row was one line of ~500,000 characters. Now: a tie as state_dict()
 * saves it stays `a = b`, one tensor under several names has its row, other views are said to be views,
 * and long lists are collapsed.
 */
const GEN = `
import torch, sys
from collections import OrderedDict
d = sys.argv[1]
a = torch.randn(4, 4); b = torch.randn(8, 8)
torch.save(OrderedDict(w=a, t1=a, t2=a, v0=b[0], v1=b[1], v2=b[:, 2]), d + '/small.pt')
base = torch.randn(16, 16)
sd = OrderedDict()
for i in range(3000):
    sd[f'layers.{i}.w'] = torch.randn(2)
    sd[f'layers.{i}.v'] = base[i % 16] if i % 2 else base[:, i % 16]
torch.save(sd, d + '/many.pt')
`;

function rows(stdout: string, name: string): string[] {
  return stdout.split('\n\n')[0]!.split('\n').flatMap((l) => {
    const m = /^ {2}(\w+)\s{2,}(.*)$/.exec(l);
    return m && m[1] === name ? [m[2]!] : [];
  });
}

describeWithTorch('inspect: shared storages and names said as they are (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('inspect-shared');
    runPython(GEN, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('one tensor under 3 names has its row; other views of a storage are not written as equal; long lists collapse', async () => {
    const small = (await runCli(['inspect', join(tmp.dir, 'small.pt')])).stdout;
    expect(rows(small, 'tensors')[0]).toMatch(/^4 \(.*\), under 6 names$/);
    expect(rows(small, 'shared')).toEqual([
      'w = t1 = t2 (one tensor under 3 names)',
      'v0, v1, v2 (storage 1: 3 tensors, 3 different views of it, not equal tensors)',
    ]);
    const many = (await runCli(['inspect', join(tmp.dir, 'many.pt')])).stdout;
    const shared = rows(many, 'shared');
    expect(shared).toEqual([expect.stringMatching(/^layers\.\{0\.\.2999\}\.v \(storage \d+: 3,000 tensors, 16 different views of it, not equal tensors\)$/)]);
    expect(Math.max(...many.split('\n').map((l) => l.length))).toBeLessThan(400);
  });
});
