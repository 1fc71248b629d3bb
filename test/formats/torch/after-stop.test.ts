import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCheckpoint } from '../../../src/checkpoint/open.js';
import { runCli } from '../../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../../helpers/torch.js';

/**
 * Review 14 F12: a torch.save file with a pickle after what torch.load reads (a zip whose data.pkl carries
 * a second pickle past its STOP; a legacy stream with one appended after its last storage). torch 1.13
 * reads one pickle there and never runs the tail (checked here in a throwaway process: its marker file is
 * never written), so the verdict stays that of what torch.load reads; but the file was presented as plainly
 * "safe" without a word. Now one detail line says how many bytes follow, what they import (dangerous marked),
 * and that torch.load never reads them.
 */
const GEN = `
import torch, pickle, io, os, sys, zipfile
from collections import OrderedDict
d, marker = sys.argv[1], sys.argv[2]
class Payload:
    def __reduce__(self): return (os.system, ('touch ' + marker,))
tail = pickle.dumps(Payload(), protocol=2)   # dumping runs nothing
sd = OrderedDict(w=torch.randn(4, 4), b=torch.randn(4))
torch.save(sd, d + '/base.pt')
zin = zipfile.ZipFile(d + '/base.pt'); zout = zipfile.ZipFile(d + '/zip_tail.pt', 'w', zipfile.ZIP_STORED)
for info in zin.infolist():
    data = zin.read(info.filename)
    zout.writestr(info.filename, data + tail if info.filename.endswith('data.pkl') else data)
zout.close()
buf = io.BytesIO(); torch.save(sd, buf, _use_new_zipfile_serialization=False)
open(d + '/legacy_tail.pt', 'wb').write(buf.getvalue() + tail)
`;

describeWithTorch('a pickle after what torch.load reads is said, the verdict unchanged (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let marker: string;
  beforeAll(() => {
    tmp = tempDir('after-stop');
    marker = join(tmp.dir, 'ran');
    runPython(GEN, [tmp.dir, marker]);
  });
  afterAll(() => tmp.cleanup());

  it('zip and legacy: one detail line naming the tail and posix.system as dangerous; verdict safe, as torch.load runs nothing', async () => {
    for (const [file, where] of [['zip_tail.pt', "base/data.pkl's STOP"], ['legacy_tail.pt', 'the last storage']] as const) {
      const c = openCheckpoint(join(tmp.dir, file));
      const lines = c.detail.filter((d) => d.includes(`bytes after ${where}`));
      expect(lines, file).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^\\d+ bytes after ${where.replace(/[.']/g, '\\$&')}: a pickle naming posix\\.system \\(dangerous\\); torch\\.load never reads them`));
      expect(c.safety.verdict, file).toBe('safe');
      // inspect (whose flat state dicts take the columns reader) says it too, and exits 0 as for a safe file
      const r = await runCli(['inspect', join(tmp.dir, file)]);
      expect(r.code, file).toBe(0);
      expect(r.stdout).toContain(lines[0]);
      // what the line claims of torch.load, by torch 1.13 itself
      runPython('import torch, sys; torch.load(sys.argv[1])', [join(tmp.dir, file)]);
      expect(existsSync(marker), file).toBe(false);
    }
    // a file with nothing after: no line
    expect(openCheckpoint(join(tmp.dir, 'base.pt')).detail.some((d) => /bytes after/.test(d))).toBe(false);
  });
});
