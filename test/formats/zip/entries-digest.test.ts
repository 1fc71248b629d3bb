import { closeSync, copyFileSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/formats/byte-source.js';
import { zipEntriesDigest } from '../../../src/formats/zip/entries-digest.js';
import { openZip, readEntry } from '../../../src/formats/zip/reader.js';
import { ZipWriter } from '../../../src/formats/zip/writer.js';
import { tempDir } from '../../helpers/torch.js';
import { editZipEntry } from '../../helpers/zip-edit.js';
import { ROOT } from '../../python/python.js';

const DDP = join(ROOT, 'fixtures/training/ddp.pt');

function digestOf(path: string) {
  const src = new FileSource(path);
  try {
    return zipEntriesDigest(openZip(src));
  } finally {
    src.close();
  }
}

function storageName(path: string): string {
  const src = new FileSource(path);
  try {
    return openZip(src).entries.find((e) => /\/data\/\d+$/.test(e.name) && e.size >= 4)!.name;
  } finally {
    src.close();
  }
}

describe('zipEntriesDigest', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => (tmp = tempDir('entries-digest')));
  afterAll(() => tmp.cleanup());

  it('is the same for a byte copy and differs when one storage holds other bytes', () => {
    const copy = join(tmp.dir, 'copy.pt');
    copyFileSync(DDP, copy);
    const original = digestOf(DDP);
    expect(original).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(digestOf(copy)).toEqual(original);
    // another training step: same names, same sizes, one float changed
    editZipEntry(copy, storageName(copy), (d) => (d[0] = d[0]! ^ 0x01));
    const changed = digestOf(copy);
    expect('sha256' in changed && changed.sha256).not.toBe((original as { sha256: string }).sha256);
  });

  it('describes contents, not layout: the same entries re-zipped at another alignment digest alike', () => {
    const src = new FileSource(DDP);
    const out = join(tmp.dir, 'realigned.pt');
    const fd = openSync(out, 'w');
    try {
      const zip = openZip(src);
      const z = new ZipWriter(fd, { alignment: 4096 });
      for (const e of zip.entries) z.addBytes(e.name, readEntry(zip, e));
      z.finish();
    } finally {
      closeSync(fd);
      src.close();
    }
    expect(digestOf(out)).toEqual(digestOf(DDP));
  });

  it('gives no digest when a non-empty entry records no CRC-32 (checksums turned off)', () => {
    const copy = join(tmp.dir, 'nocrc.pt');
    copyFileSync(DDP, copy);
    editZipEntry(copy, storageName(copy), () => {}, { crc: 0 });
    expect(digestOf(copy)).toEqual({ why: expect.stringMatching(/records no CRC-32 .*checksums turned off/) });
  });
});
