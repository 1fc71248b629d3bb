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

/** Storage keys that are not plain numbers, and a storage member name that occurs twice. */
const ODD_KEYS = String.raw`
import io, sys, zipfile, torch
buf = io.BytesIO()
torch.save({'a': torch.zeros(2), 'b': torch.zeros(3), 'c': torch.zeros(4)}, buf, _use_new_zipfile_serialization=True, pickle_protocol=2)
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
with zipfile.ZipFile(sys.argv[1], 'w') as out:
    for info in src.infolist():
        data = src.read(info)
        name = info.filename
        if name.endswith('data.pkl'):
            assert data.count(b'X\x01\x00\x00\x000') == 1
            data = data.replace(b'X\x01\x00\x00\x000', b'X\x02\x00\x00\x0001')
        if name.endswith('/data/0'):
            name = name[:-1] + '01'
        out.writestr(name, data)
        if name.endswith('/data/2'):
            out.writestr(name, b'\0' * 40)  # the same name again: loaders take the first
`;

describeWithTorch('torch zip storage members', () => {
  it('finds members by the exact key (01 is not 1) and takes the first of two same-named members', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sdmatch-archive-')), 'keys.pt');
    runPython(ODD_KEYS, [path]);
    const src = new FileSource(path);
    const zip = openZip(src);
    const tf = readTorchArchive(zip, path, findTorchRecord(zip)!, 'torch-zip', 'lead');
    src.close();
    const { tensors } = walkTree(tf.root);
    const at = (k: string) => tensors.find((t) => t.path[0] === k)!.info.storage;
    expect(at('a')).toMatchObject({ key: '01', numel: 2, bytes: { kind: 'raw', length: 8 } });
    expect(at('b')).toMatchObject({ key: '1', numel: 3, bytes: { kind: 'raw', length: 12 } });
    expect(at('c')).toMatchObject({ key: '2', numel: 4, bytes: { kind: 'raw', length: 16 } });
    expect(tf.detail.join('\n')).not.toMatch(/missing/);
  });
});
