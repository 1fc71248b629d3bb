import { describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/formats/byte-source.js';
import { FormatError } from '../../../src/formats/errors.js';
import { isZip, openZip, readEntry, zipAnomalies, type ZipArchive } from '../../../src/formats/zip/reader.js';
import { CORPUS, corpusAvailable, corpusFacts } from './corpus-facts.js';

const ZIP_FORMATS = new Set(['torch-zip', 'torchscript', 'npz', 'other']);

function withZip<T>(path: string, fn: (zip: ZipArchive) => T): T {
  const src = new FileSource(CORPUS + path, path);
  try {
    return fn(openZip(src));
  } finally {
    src.close();
  }
}

describe.skipIf(!corpusAvailable)('openZip over the corpus', () => {
  const files = corpusFacts().filter(([, f]) => ZIP_FORMATS.has(f.format));

  it('opens every zip-magic file and refuses every other one with a FormatError', () => {
    let opened = 0;
    for (const [path, fact] of files) {
      const src = new FileSource(CORPUS + path, path);
      const magic = isZip(src.read(0, Math.min(4, src.size)));
      try {
        const zip = openZip(src);
        expect(magic, path).toBe(true);
        expect(zip.entries.length, path).toBeGreaterThan(0);
        opened++;
      } catch (e) {
        expect(e, path).toBeInstanceOf(FormatError);
        expect(magic, `${path}: ${(e as Error).message}`).toBe(false);
        // only non-zip "other" files, and the PYTORCH1 container that predates TorchScript's zip format
        expect(fact.format === 'other' || fact.detail.includes('PYTORCH1'), path).toBe(true);
      } finally {
        src.close();
      }
    }
    expect(opened).toBeGreaterThan(50);
  });

  it('reads and CRC-checks every entry of the torch and TorchScript archives', () => {
    for (const [path, fact] of files) {
      if (fact.format !== 'torch-zip' && fact.format !== 'torchscript') continue;
      if (path.endsWith('tobiascz-MNIST_Pytorch_python_and_capi/model_trace.pt')) continue; // PYTORCH1 container, not a zip
      withZip(path, (zip) => {
        expect(zipAnomalies(zip), path).toEqual([]);
        expect([...zip.byName.keys()].some((n) => /(^|\/)(data|constants|bytecode)\.pkl$|model\.json$/.test(n)), path).toBe(true);
        for (const e of zip.entries) expect(readEntry(zip, e, { verifyCrc: true }).length).toBe(e.size);
      });
    }
  });

  it('counts npz members as .npy entries', () => {
    for (const [path, fact] of files) {
      if (fact.format !== 'npz') continue;
      withZip(path, (zip) => expect(zip.entries.filter((e) => e.name.endsWith('.npy')).length, path).toBe(fact.tensor_count));
    }
  });

  it('shows the zip tricks', () => {
    withZip('picklescan/data/malicious1_0x1.zip', (zip) => {
      const e = zip.entries[0]!;
      expect(() => readEntry(zip, e)).toThrow(/encrypted \(flag 0x1\)/);
      const bytes = readEntry(zip, e, { ignoreFlags: true });
      expect([bytes[0], bytes[1]]).toEqual([0x80, 0x04]); // the plaintext pickle behind the claim
    });
    withZip('picklescan/data/malicious1_0x20.zip', (zip) => expect(() => readEntry(zip, zip.entries[0]!)).toThrow(/flag 0x20/));
    withZip('picklescan/data/malicious1_0x40.zip', (zip) => expect(() => readEntry(zip, zip.entries[0]!)).toThrow(/flag 0x40/));
    withZip('picklescan/data/malicious1_central_directory.zip', (zip) =>
      expect(zipAnomalies(zip)).toEqual([{ kind: 'name-mismatch', entry: 'data.pkl', localName: 'datap.kl' }]),
    );
    for (const path of ['picklescan/data2/malicious1_crc.zip', 'JunSuzukiJapan-tl/test_out.npz']) {
      withZip(path, (zip) => {
        expect(() => readEntry(zip, zip.entries[0]!, { verifyCrc: true })).toThrow(/CRC-32 mismatch/);
        expect(readEntry(zip, zip.entries[0]!).length).toBe(zip.entries[0]!.size);
      });
    }
    withZip('modelaudit/samples/archives/path_traversal.zip', (zip) => expect(zipAnomalies(zip).map((a) => a.kind)).toContain('unsafe-path'));
    withZip('modelaudit/history/assets/malicious_zip.zip', (zip) => expect(zipAnomalies(zip).map((a) => a.kind)).toContain('unsafe-path'));
    withZip('picklescan/data/benign_password_protected.zip', (zip) =>
      expect(() => readEntry(zip, zip.entries[0]!, { ignoreFlags: true })).toThrow('bad zip: stored entry "test.txt" has 27 bytes but declares size 15 (it is really encrypted)'),
    );
    withZip('picklescan/data/malicious1.zip', (zip) => expect(zip.entries.map((e) => e.name)).toEqual(['data.pkl']));
  });
});
