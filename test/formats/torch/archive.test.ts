import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { FileSource } from '../../../src/formats/byte-source.js';
import { findTorchRecord, readTorchArchive } from '../../../src/formats/torch/archive.js';
import { openZip } from '../../../src/formats/zip/reader.js';
import { walkTree } from '../../../src/checkpoint/walk.js';
import { describeWithTorch, runPython } from '../../helpers/torch.js';

/** A torch.save archive rewritten the way other writers and attackers leave them. */
const MAKE = String.raw`
import io, sys, zipfile, torch
buf = io.BytesIO()
torch.save({'w': torch.zeros(2, 3), 'b': torch.ones(3, dtype=torch.float64)}, buf)
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
with zipfile.ZipFile(sys.argv[1], 'w') as out:
    for info in src.infolist():
        name = info.filename.replace('archive/', 'weird name/', 1)
        if name.endswith('/data/1'):
            continue  # a storage member gone missing
        data = src.read(info)
        out.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if name.endswith('data/0') else zipfile.ZIP_STORED)
    out.writestr('weird name/byteorder', b'big')  # torch >= 2.1 writes this record
    out.writestr('weird name/extra.pkl', b'\x80\x04\x95\x15\x00\x00\x00\x00\x00\x00\x00\x8c\x05posix\x94\x8c\x06system\x94\x93\x94.')
`;

let file = '';

describeWithTorch('torch zip archives', () => {
  beforeAll(() => {
    file = join(mkdtempSync(join(tmpdir(), 'sdmatch-archive-')), 'odd.pt');
    runPython(MAKE, [file]);
  });

  it('finds any record folder, says big-endian, locates deflated storages and notes missing ones', () => {
    const src = new FileSource(file);
    const zip = openZip(src);
    const record = findTorchRecord(zip)!;
    expect(record.prefix).toBe('weird name/');
    const tf = readTorchArchive(zip, file, record, 'torch-zip', 'lead');
    src.close();
    expect(tf.detail.join('\n')).toMatch(/big-endian/);
    expect(tf.detail.join('\n')).toMatch(/storage member weird name\/data\/1 is missing/);
    const { tensors } = walkTree(tf.root);
    const w = tensors.find((t) => t.path[0] === 'w')!;
    expect(w.info.storage.bytes).toMatchObject({ kind: 'deflate', entry: 'weird name/data/0', length: 24 });
    expect(w.info.storage.numel).toBe(6);
    const b = tensors.find((t) => t.path[0] === 'b')!;
    expect(b.info.storage.bytes).toBeNull();
    expect(b.info.dtype).toBe('float64');
  });

  it('scans every pickle member, not only data.pkl', () => {
    const src = new FileSource(file);
    const zip = openZip(src);
    const tf = readTorchArchive(zip, file, findTorchRecord(zip)!, 'torch-zip', 'lead');
    src.close();
    const extra = tf.pickles.find((p) => p.where === 'weird name/extra.pkl')!;
    expect(extra.globals).toEqual([{ module: 'posix', name: 'system' }]);
    expect(tf.pickles.map((p) => p.where)).toContain('weird name/data.pkl');
  });
});
