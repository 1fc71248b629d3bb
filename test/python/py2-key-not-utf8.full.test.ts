import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * A state dict key written as a Python 2 str (SHORT_BINSTRING) whose bytes are not UTF-8 (`w\xe9`, Latin-1):
 * torch 1.13's torch.load fails on it by default (UnicodeDecodeError, weights_only both ways); with encoding='latin1' it loads it,
 * and runs any global after it (checked below): sdmatch refuses the key read in one line and still scans on (s22-mend5).
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
print(sorted(torch.load(path, encoding='latin1', weights_only=True)))
# the same str, then a global torch.load(..., encoding='latin1') runs (a harmless posix.getpid here)
pkl = b'\\x80\\x02}q\\x00(U\\x02w\\xe9K\\x01X\\x01\\x00\\x00\\x00xcposix\\ngetpid\\n)Ru.'
path = os.path.join(d, 'py2-payload.pt')
with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as out:
    for n in src.namelist():
        out.writestr(n, pkl if n == folder + '/data.pkl' else src.read(n))
print(type(torch.load(path, encoding='latin1')['x']).__name__)
`;

describeWithTorch('a Python 2 str key that is not UTF-8', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-py2-latin1-');
  });
  afterAll(() => tmp.cleanup());

  it('torch.load fails on it by default, encoding=latin1 reads it; sdmatch plan says both in one line, exit 2', async () => {
    // s22-verify F3: the words said "torch.load … fails on it", false for torch.load(..., encoding='latin1')
    expect(runPython(BUILD, [tmp.dir]).trim().split('\n')).toEqual(['UnicodeDecodeError', 'UnicodeDecodeError', "['b', 'wé']", 'int']);
    const file = join(tmp.dir, 'py2.pt');
    const r = await runCli(['plan', file, file]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/a Python 2 str b'w\\xe9' is not valid UTF-8: torch\.load's default \(encoding='utf-8'\) fails on it with UnicodeDecodeError; torch\.load\(\.\.\., encoding='latin1'\) reads it as Latin-1 text/);
    // the global after the str, which torch.load(..., encoding='latin1') runs, is seen and named
    const ins = await runCli(['inspect', join(tmp.dir, 'py2-payload.pt')]);
    expect(ins.code).toBe(2);
    expect(ins.stdout).toMatch(/safety +dangerous: .*\n?/);
    expect(ins.stdout).toMatch(/posix\.getpid/);
  }, 600_000);
});
