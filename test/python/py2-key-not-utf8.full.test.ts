import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * A state dict key written as a Python 2 str (SHORT_BINSTRING) whose bytes are not UTF-8 (`w\xe9`, Latin-1):
 * torch 1.13's torch.load decodes Python 2 strings as UTF-8 and fails (checked below, with weights_only both ways).
 * sdmatch said "holds no state dict" naming nothing; it now says what torch.load fails on, in one line, exit 2.
 */
const BUILD = `
import io, os, sys, zipfile, torch
d = sys.argv[1]
buf = io.BytesIO(); torch.save({'w': torch.ones(2), 'b': torch.zeros(2)}, buf)
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
folder = src.namelist()[0].split('/')[0]
pkl = src.read(folder + '/data.pkl')
key = b'X\\x01\\x00\\x00\\x00w'
assert pkl.count(key) == 1
pkl = pkl.replace(key, b'U\\x02w\\xe9')
path = os.path.join(d, 'py2.pt')
with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as out:
    for n in src.namelist():
        out.writestr(n, pkl if n == folder + '/data.pkl' else src.read(n))
for wo in (True, False):
    try:
        torch.load(path, weights_only=wo); print('loaded')
    except UnicodeDecodeError:
        print('UnicodeDecodeError')
`;

describeWithTorch('a Python 2 str key that is not UTF-8', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-py2-latin1-');
  });
  afterAll(() => tmp.cleanup());

  it('torch.load fails on it with UnicodeDecodeError; sdmatch plan says so in one line, exit 2', async () => {
    expect(runPython(BUILD, [tmp.dir]).trim().split('\n')).toEqual(['UnicodeDecodeError', 'UnicodeDecodeError']);
    const file = join(tmp.dir, 'py2.pt');
    const r = await runCli(['plan', file, file]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/a Python 2 str b'w\\xe9' is not valid UTF-8: torch\.load decodes Python 2 strings as UTF-8 and fails on it \(UnicodeDecodeError\)/);
  }, 600_000);
});
