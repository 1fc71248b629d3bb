import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * A tar (torch's pre-1.6 tar format) whose first name field is a copy of the end record of an npz appended after
 * it (offsets absolute; review 21's t19, with an npz for the zip). Each real loader reads another file: torch.load's
 * _is_zipfile wants PK\3\4, so it reads the tar (`{'x': 7}`); numpy.load sees PK\5\6 and opens the npz, whose object
 * array holds a pickle naming posix.system (numpy.load(allow_pickle=True) would run it). Both readings are checked
 * below with the real loaders (the object array is listed, never read). sdmatch read the tar only and said "safe"
 * (exit 0); it now scans both views, names the npz's global and is never safe.
 */
const BUILD = `
import io, os, pickle, struct, sys, tarfile, zipfile
d = sys.argv[1]
def hdr(name, size):
    ti = tarfile.TarInfo(name); ti.size = size
    return ti.tobuf(format=tarfile.USTAR_FORMAT)
def blk(b): return b + b'\\0' * (-len(b) % 512)
STOR0 = pickle.dumps(0, protocol=2) + pickle.dumps([], protocol=2)
TENS0 = pickle.dumps(0, protocol=2)
TREE = pickle.dumps({'x': 7}, protocol=2)
tar = b''.join(hdr(n, len(b)) + blk(b) for n, b in [('x', b''), ('storages', STOR0), ('tensors', TENS0), ('pickle', TREE)]) + b'\\0' * 1024
def npy_object(p):
    h = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
    h += ' ' * (-(10 + len(h) + 1) % 64) + '\\n'
    return b'\\x93NUMPY\\x01\\x00' + struct.pack('<H', len(h)) + h.encode('latin1') + p
EVIL = b'\\x80\\x02cposix\\nsystem\\nX\\x04\\x00\\x00\\x00true\\x85R.'
bio = io.BytesIO()
with zipfile.ZipFile(bio, 'w', zipfile.ZIP_STORED) as z:
    z.writestr('meta.npy', npy_object(EVIL))
zb = bytearray(bio.getvalue()); P = len(tar)
e = zb.rfind(b'PK\\x05\\x06'); n = struct.unpack_from('<H', zb, e + 10)[0]; cd = struct.unpack_from('<I', zb, e + 16)[0]
struct.pack_into('<I', zb, e + 16, cd + P)
at = cd
for _ in range(n):
    lo = struct.unpack_from('<I', zb, at + 42)[0]; struct.pack_into('<I', zb, at + 42, lo + P)
    ln, le, lc = struct.unpack_from('<HHH', zb, at + 28); at += 46 + ln + le + lc
b = bytearray(tar + bytes(zb))
rec = bytes(b[len(b) - 22:])
assert rec[:4] == b'PK\\x05\\x06'
b[0:100] = rec.ljust(100, b'\\0')
b[148:156] = b' ' * 8; b[148:156] = ('%06o' % sum(b[:512])).encode() + b'\\0 '
path = os.path.join(d, 'tar-npz.pt')
open(path, 'wb').write(bytes(b))
import torch, numpy
print('torch', torch.load(path, weights_only=True))
print('numpy', numpy.load(path).files)
`;

describeWithTorch('a tar that is also an npz: each loader reads its own view', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-tar-npz-');
  });
  afterAll(() => tmp.cleanup());

  it("torch.load reads the tar, numpy.load the npz; inspect scans both: dangerous, naming the npz's posix.system", async () => {
    expect(runPython(BUILD, [tmp.dir]).trim().split('\n')).toEqual(["torch {'x': 7}", "numpy ['meta']"]);
    const file = join(tmp.dir, 'tar-npz.pt');
    const r = await runCli(['inspect', file, '--no-color']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/posix\.system/);
    expect(r.stdout + r.stderr).toMatch(/a tar to torch\.load and a zip of 1 member\(s\) to zip readers and numpy\.load/);
    expect(r.stdout).not.toMatch(/^safe/m);
    // the global is in the npz's object array: numpy.load runs it, torch.load (which reads the tar) does not
    expect(r.stderr).toMatch(/in meta\.npy object payload: numpy\.load\(allow_pickle=True\) on it runs code/);
    expect(r.stdout).toContain('!! DANGEROUS: loading this file with pickle or numpy.load(allow_pickle=True) would run code.');
  }, 600_000);
});
