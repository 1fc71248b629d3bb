import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRemote } from '../../src/checkpoint/sources.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { startHub, type HubServer } from '../../bench/gen/hub-server.js';
import { corpusAvailable, corpusDir, corpusExpectations } from '../helpers/corpus.js';

/**
 * The same safety verdicts by range as from disk: a sample of the real corpus (every malicious file of
 * each format plus benign files of every format, chosen by a fixed stride, not by outcome) is served
 * by the Hub look-alike, and `inspect --json`, the exit code and the error line must equal the local
 * run's, the name aside. Ranges fetched never exceed the file.
 */
const PER_FORMAT = 6;
let hub: HubServer;
let sample: string[] = [];

beforeAll(async () => {
  if (!corpusAvailable) return;
  const all = Object.entries(corpusExpectations()).sort(([a], [b]) => a.localeCompare(b));
  const byKey = new Map<string, string[]>();
  for (const [rel, e] of all) {
    const k = `${e.format}/${e.malicious}`;
    byKey.set(k, [...(byKey.get(k) ?? []), rel]);
  }
  for (const rels of byKey.values()) {
    const stride = Math.max(1, Math.floor(rels.length / PER_FORMAT));
    for (let i = 0; i < rels.length && i / stride < PER_FORMAT; i += stride) sample.push(rels[i]!);
  }
  hub = await startHub({ 'corpus/all': { files: Object.fromEntries(sample.map((rel) => [rel, join(corpusDir, rel)])) } });
});

afterAll(async () => {
  await hub?.close();
});

describe.skipIf(!corpusAvailable)('remote corpus sample', () => {
  it('every sampled file reads the same by range as from disk', async () => {
    expect(sample.length).toBeGreaterThan(40);
    const env = { HF_ENDPOINT: hub.endpoint, SDMATCH_NO_CACHE: '1', HF_HOME: '/nonexistent' };
    for (const rel of sample) {
      const spec = `hf://corpus/all/${rel}`;
      const local = join(corpusDir, rel);
      clearRemote();
      const before = hub.sent.bytes;
      const r = await runCli(['inspect', '--json', spec], memoryIO({ env }));
      const fetched = hub.sent.bytes - before;
      clearRemote();
      const l = await runCli(['inspect', '--json', local], memoryIO({ env }));
      // a failed command prints its one error line only; a successful one leads with the bytes note
      const lines = r.stderr.split('\n');
      const [note, ...rest] = lines[0]!.startsWith('sdmatch: remote: ') ? lines : ['', ...lines];
      const ctx = `${rel}: ${r.stderr}`;
      expect(r.code, ctx).toBe(l.code);
      const norm = (s: string, name: string) => s.split(JSON.stringify(name).slice(1, -1)).join('<file>').split(name).join('<file>');
      expect(norm(rest.join('\n'), spec), ctx).toBe(norm(l.stderr, local));
      if (l.code !== 2 || l.stdout !== '') {
        expect(note, ctx).toMatch(/^sdmatch: remote: fetched/);
        expect(norm(r.stdout, spec), ctx).toBe(norm(l.stdout, local));
      }
      expect(fetched, ctx).toBeLessThanOrEqual(corpusExpectations()[rel]!.size);
    }
  });
});
