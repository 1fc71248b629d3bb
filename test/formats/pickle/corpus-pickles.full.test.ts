import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/formats/byte-source.js';
import { scanFindings, scanGlobalNames, scanPickleStream } from '../../../src/formats/pickle/scan.js';
import { classifyGlobal, safetyReport } from '../../../src/formats/pickle/safety.js';
import { corpusAvailable, corpusDir, corpusExpectations, type CorpusExpectation } from '../../helpers/corpus.js';

/**
 * The machine and the classifier against real files: every plain pickle and every legacy torch
 * stream (pickles back to back, then raw bytes) of the shared corpus.
 */

/** Hand-resolved cases (MANIFEST.md) where the dangerous callable is not a literal import. */
const RESOLVED_AT_LOAD_TIME: Record<string, string> = {
  // BUILD on the module object torch._utils rewrites its attributes so that a later STACK_GLOBAL
  // resolves to builtins.eval; no literal 'builtins.eval' exists in the bytes. The scan must flag the
  // module mutation itself as dangerous.
  'picklescan/data/sys_module_override_sploit.pkl': 'global-mutated',
};

function scan(file: string) {
  const src = new FileSource(join(corpusDir, file), file);
  try {
    return scanPickleStream(src, 0, { nested: true });
  } finally {
    src.close();
  }
}

const entries: [string, CorpusExpectation][] = corpusAvailable
  ? Object.entries(corpusExpectations()).filter(([, e]) => e.format === 'pickle' || e.format === 'legacy-torch')
  : [];

describe.skipIf(!corpusAvailable)('corpus pickles', () => {
  it('has the pickles the manifest promises', () => {
    expect(entries.length).toBeGreaterThan(800);
  });

  it.each(entries)('%s', (file, expected) => {
    const result = scan(file);
    expect(result.results.length).toBeGreaterThan(0);
    const found = scanGlobalNames(result);
    const report = safetyReport(scanFindings(result, file));

    // every literal import the manifest lists, including those inside nested payloads
    for (const g of expected.all_globals) expect(found, `global ${g}`).toContain(g);

    if (expected.malicious) {
      expect(report.verdict).toBe('dangerous');
      const special = RESOLVED_AT_LOAD_TIME[file];
      if (special) {
        const flagged = report.globals.filter((f) => f.verdict === 'dangerous');
        expect(flagged.length).toBeGreaterThan(0);
        expect(result.results.some((r) => r.anomalies.some((a) => a.kind === special))).toBe(true);
      } else {
        for (const g of expected.dangerous_globals) {
          expect(found, `dangerous global ${g}`).toContain(g);
          const dot = findSplit(result, g);
          expect(classifyGlobal(dot.module, dot.name), g).toBe('dangerous');
        }
      }
    } else {
      const dangerous = report.globals.filter((f) => f.verdict === 'dangerous');
      expect(dangerous, JSON.stringify(dangerous)).toEqual([]);
    }
  });
});

describe.skipIf(!corpusAvailable)('every corpus file, whatever its format', () => {
  it('is scanned as a pickle stream without throwing (zips, safetensors, HDF5, junk are all bad input)', () => {
    const files = Object.keys(corpusExpectations());
    expect(files.length).toBeGreaterThan(900);
    for (const file of files) {
      const s = scan(file);
      expect(s.results.length, file).toBeGreaterThan(0);
    }
  });
});

/** The (module, name) split the file used for a dotted `module.name`. */
function findSplit(result: ReturnType<typeof scan>, dotted: string): { module: string; name: string } {
  for (const r of [...result.results, ...result.nested.flatMap((n) => n.results)]) {
    for (const g of r.globals) if (`${g.module}.${g.name}` === dotted) return g;
  }
  throw new Error(`${dotted} not found`);
}
