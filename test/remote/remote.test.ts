import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearRemote } from '../../src/checkpoint/sources.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { retryPolicy } from '../../src/remote/http.js';
import { MAX_SHARDS, prefetchRemote } from '../../src/remote/prefetch.js';
import { repoRoot } from '../helpers/corpus.js';
import { SHA, startHub, TOKEN, type HubServer } from '../../bench/gen/hub-server.js';
import { writeSparseSafetensors } from '../../bench/gen/sparse-safetensors.js';
import { writeSyntheticTorchZip } from '../../bench/gen/torch-zip.js';

/**
 * Remote checkpoints end to end: a Hub look-alike on 127.0.0.1 serves the fixtures; every remote
 * result must equal the local-file result (the file name aside), and a large file costs a sliver.
 */
const fx = (p: string) => join(repoRoot, 'fixtures', p);
let hub: HubServer;
let tmp: string;
let big: string;
let bigZip: string;
const BIG_TENSORS = 64;
const BIG_BYTES_EACH = 4 << 20;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sdmatch-remote-'));
  big = join(tmp, 'big.safetensors');
  writeSparseSafetensors(big, Array.from({ length: BIG_TENSORS }, (_, i) => `layers.${i}.weight`), BIG_BYTES_EACH);
  bigZip = join(tmp, 'big.pt');
  // real tensor bytes (the project's torch-zip writer): 64 × 2 MiB, a local header before each
  writeSyntheticTorchZip(bigZip, Array.from({ length: BIG_TENSORS }, (_, i) => ({ key: `blocks.${i}.weight`, shape: [512, 1024] })));
  const sharded = {
    'pytorch_model.bin.index.json': fx('hf-sharded/bin/pytorch_model.bin.index.json'),
    'pytorch_model-00001-of-00002.bin': fx('hf-sharded/bin/pytorch_model-00001-of-00002.bin'),
    'pytorch_model-00002-of-00002.bin': fx('hf-sharded/bin/pytorch_model-00002-of-00002.bin'),
  };
  writeFileSync(join(tmp, 'escape.index.json'), JSON.stringify({ metadata: {}, weight_map: { 'a.weight': '../other/model.safetensors' } }));
  writeFileSync(join(tmp, 'empty.bin'), '');
  // a safetensors header length over huggingface.js's 25,000,000-byte cap (the file is sparse)
  const huge = Buffer.alloc(16, 0x20);
  huge.writeBigUInt64LE(30_000_000n);
  huge.write('{"', 8);
  writeFileSync(join(tmp, 'huge-header.safetensors'), huge);
  truncateSync(join(tmp, 'huge-header.safetensors'), 30_000_100);
  const many: Record<string, string> = {};
  for (let i = 0; i <= MAX_SHARDS; i++) many[`k${i}`] = `shard-${i}.safetensors`;
  writeFileSync(join(tmp, 'many.index.json'), JSON.stringify({ metadata: {}, weight_map: many }));
  mkdirSync(join(tmp, 'hf-home'));
  writeFileSync(join(tmp, 'hf-home', 'token'), `${TOKEN}\n`);
  hub = await startHub({
    'org/odd': { files: { 'model.safetensors.index.json': join(tmp, 'escape.index.json'), 'empty.bin': join(tmp, 'empty.bin'), 'huge.safetensors': join(tmp, 'huge-header.safetensors'), 'many/model.safetensors.index.json': join(tmp, 'many.index.json') } },
    'org/mlp': { files: { 'model.safetensors': fx('safetensors/mlp.safetensors'), 'torch/mlp.pt': fx('torch-zip/mlp.pt'), 'legacy/mlp-legacy.pt': fx('legacy/mlp-legacy.pt'), 'deflated.pt': fx('torch-zip/deflated.pt') } },
    'org/sharded': { files: sharded },
    // review 25 F3: a consolidated file beside a sharded set (each index with its shards): from_pretrained reads the single file
    'org/both': { files: { 'model.safetensors': fx('safetensors/mlp.safetensors'), 'model.safetensors.index.json': fx('hf-sharded/safetensors/model.safetensors.index.json'), 'model-00001-of-00003.safetensors': fx('hf-sharded/safetensors/model-00001-of-00003.safetensors'), 'model-00002-of-00003.safetensors': fx('hf-sharded/safetensors/model-00002-of-00003.safetensors'), 'model-00003-of-00003.safetensors': fx('hf-sharded/safetensors/model-00003-of-00003.safetensors') } },
    'org/bothbin': { files: { ...sharded, 'pytorch_model.bin': fx('torch-zip/mlp.pt') } },
    'org/ddp': { files: { 'ddp.pt': fx('training/ddp.pt') } },
    'org/big': { files: { 'model.safetensors': big, 'model.pt': bigZip } },
    'gated/mlp': { files: { 'model.safetensors': fx('safetensors/mlp.safetensors') } },
    'norange/mlp': { files: { 'model.safetensors': fx('safetensors/mlp.safetensors') } },
    'norange/sharded': { files: sharded },
    'flaky/mlp': { files: { 'model.safetensors': fx('safetensors/mlp.safetensors') } },
  });
  retryPolicy.baseMs = 1;
});

afterAll(async () => {
  await hub?.close();
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => clearRemote());

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HF_ENDPOINT: hub.endpoint, SDMATCH_NO_CACHE: '1', HF_HOME: join(tmp, 'no-hf-home'), ...extra };
}

async function run(argv: string[], e: NodeJS.ProcessEnv = env()) {
  clearRemote();
  return runCli(argv, memoryIO({ env: e }));
}

/** the JSON with the checkpoint's own name taken out: the only thing that may differ */
function sameJson(remote: string, local: string, remoteName: string, localName: string): void {
  expect(remote.split(JSON.stringify(remoteName).slice(1, -1)).join('<file>')).toBe(local.split(JSON.stringify(localName).slice(1, -1)).join('<file>'));
}

describe('remote inspect equals local inspect', () => {
  const cases: [string, string][] = [
    ['hf://org/mlp', 'safetensors/mlp.safetensors'],
    ['hf://org/mlp/torch/mlp.pt', 'torch-zip/mlp.pt'],
    ['hf://org/mlp/legacy/mlp-legacy.pt', 'legacy/mlp-legacy.pt'],
    ['hf://org/mlp/deflated.pt', 'torch-zip/deflated.pt'],
  ];
  for (const [spec, local] of cases) {
    it(`${spec} = ${local}`, async () => {
      const r = await run(['inspect', '--json', spec]);
      const l = await run(['inspect', '--json', fx(local)]);
      expect(r.code).toBe(l.code);
      expect(r.stderr).toMatch(/^sdmatch: remote: fetched .* in \d+ request\(s\) from 1 file\(s\)/);
      sameJson(r.stdout, l.stdout, spec, fx(local));
    });
  }

  it('a sharded index by URL: shards resolve beside it, same result as on disk', async () => {
    const url = `${hub.endpoint}/org/sharded/resolve/main/pytorch_model.bin.index.json`;
    const r = await run(['inspect', '--json', url]);
    const l = await run(['inspect', '--json', fx('hf-sharded/bin/pytorch_model.bin.index.json')]);
    expect(r.code).toBe(l.code);
    expect(r.stderr).toMatch(/from 3 file\(s\)/);
    const strip = (s: string, base: string) => s.split(base).join('<dir>/');
    expect(strip(r.stdout, `${hub.endpoint}/org/sharded/resolve/main/`)).toBe(strip(l.stdout, `${fx('hf-sharded/bin')}/`));
  });

  it('hf://ORG/REPO discovers the index when there is no single file', async () => {
    const r = await run(['inspect', '--json', 'hf://org/sharded']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/from 3 file\(s\)/);
    expect(r.stdout).toContain('"format": "hf-sharded"');
  });

  it('hf://ORG/REPO holding a single file and an index reads the single file, as from_pretrained does (review 25 F3)', async () => {
    for (const [repo, file, local] of [
      ['org/both', 'model.safetensors', fx('safetensors/mlp.safetensors')],
      ['org/bothbin', 'pytorch_model.bin', fx('torch-zip/mlp.pt')],
    ] as const) {
      const r = await run(['inspect', '--json', `hf://${repo}`]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/from 1 file\(s\)/);
      const l = await run(['inspect', '--json', local]);
      const keys = (s: string) => (JSON.parse(s) as { tensors: { key: string }[] }).tensors.map((t) => t.key);
      expect(keys(r.stdout), file).toEqual(keys(l.stdout));
    }
  });

  it('diff --json of two remote checkpoints equals the local diff', async () => {
    const r = await run(['diff', '--json', 'hf://org/mlp/torch/mlp.pt', 'hf://org/mlp']);
    const l = await run(['diff', '--json', fx('torch-zip/mlp.pt'), fx('safetensors/mlp.safetensors')]);
    expect(r.code).toBe(l.code);
    const norm = (s: string, a: string, b: string) => s.split(a).join('<A>').split(b).join('<B>');
    expect(norm(r.stdout, 'hf://org/mlp/torch/mlp.pt', 'hf://org/mlp')).toBe(norm(l.stdout, fx('torch-zip/mlp.pt'), fx('safetensors/mlp.safetensors')));
  });
});

describe('other commands on a remote source', () => {
  it('plan: the same plan as from disk with --no-hash (a remote file is never hashed), CRC-32 digest kept', async () => {
    const manifest = fx('pairs/ddp-vs-plain.manifest.json');
    const outR = join(tmp, 'remote.plan.json');
    const outL = join(tmp, 'local.plan.json');
    const r = await run(['plan', 'hf://org/ddp/ddp.pt', manifest, '-o', outR]);
    const l = await run(['plan', '--no-hash', fx('training/ddp.pt'), manifest, '-o', outL]);
    expect(r.code).toBe(l.code);
    const norm = (s: string, name: string) => s.split(JSON.stringify(name).slice(1, -1)).join('<src>').split(name).join('<src>');
    // a local path is written relative to the plan's folder (plans are portable); a URL stays as it is
    const localAsWritten = relative(dirname(outL), fx('training/ddp.pt'));
    expect(norm(readFileSync(outR, 'utf8'), 'hf://org/ddp/ddp.pt').replace(/"file": "[^"]*remote\.plan\.json"/, '')).toBe(norm(readFileSync(outL, 'utf8'), localAsWritten).replace(/"file": "[^"]*local\.plan\.json"/, ''));
    expect(readFileSync(outR, 'utf8')).toMatch(/"entriesSha256": "[0-9a-f]{64}"/);
    // the report is the local one but for its fix line, which downloads a remote source first (apply reads local files)
    const fix = /^fix: .*$/m;
    expect(norm(r.stdout, 'hf://org/ddp/ddp.pt').split(outR).join('<out>').replace(fix, '')).toBe(norm(l.stdout, fx('training/ddp.pt')).split(outL).join('<out>').replace(fix, ''));
    expect(fix.exec(r.stdout)?.[0]).toBe(`fix: d=$(mktemp -d sdmatch-download.XXXXXX) && huggingface-cli download org/ddp ddp.pt --local-dir "$d" && sdmatch apply "$d"/ddp.pt ${outR} -o fixed.pt`);
  });

  it('explain CKPT ERROR and manifest read a remote checkpoint as from disk', async () => {
    const error = fx('pairs/ddp-vs-plain.error.txt');
    const r = await run(['explain', 'hf://org/ddp/ddp.pt', error]);
    const l = await run(['explain', fx('training/ddp.pt'), error]);
    expect(r.code).toBe(l.code);
    expect(r.stdout.split('hf://org/ddp/ddp.pt').join('<src>')).toBe(l.stdout.split(fx('training/ddp.pt')).join('<src>'));
    const mr = await run(['manifest', 'hf://org/ddp/ddp.pt']);
    const ml = await run(['manifest', fx('training/ddp.pt')]);
    expect(mr.code).toBe(0);
    expect(mr.stdout.split('hf://org/ddp/ddp.pt').join('<src>')).toBe(ml.stdout.split(fx('training/ddp.pt')).join('<src>'));
  });
});

describe('bytes fetched', () => {
  it('a 256 MiB safetensors file costs under 1 % of its size', async () => {
    const before = hub.sent.bytes;
    const r = await run(['inspect', '--json', 'hf://org/big']);
    expect(r.code).toBe(0);
    const sent = hub.sent.bytes - before;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan((8 + BIG_TENSORS * BIG_BYTES_EACH) / 100);
    const l = await run(['inspect', '--json', big]);
    sameJson(r.stdout, l.stdout, 'hf://org/big', big);
  });

  it('a 128 MiB torch zip: under 1 %, every local header asked for in one round, same result as from disk', async () => {
    const b0 = hub.sent.bytes;
    const q0 = hub.sent.requests;
    const r = await run(['inspect', '--json', 'hf://org/big/model.pt']);
    expect(r.code).toBe(0);
    const sent = hub.sent.bytes - b0;
    expect(sent).toBeLessThan(statSync(bigZip).size / 100);
    // one range per member's local header, after the first through the redirect straight to the CDN
    expect(hub.sent.requests - q0).toBeLessThan(BIG_TENSORS + 12);
    clearRemote();
    // the hint asks for every local header in one round (a round per member would be 64+)
    const report = await prefetchRemote('hf://org/big/model.pt', env());
    expect(report.rounds).toBeLessThan(8);
    const l = await run(['inspect', '--json', bigZip]);
    sameJson(r.stdout, l.stdout, 'hf://org/big/model.pt', bigZip);
  });

  it('a second run reads the range cache and fetches no file bytes', async () => {
    const e = env({ SDMATCH_NO_CACHE: '', SDMATCH_CACHE_DIR: join(tmp, 'cache') });
    const first = await run(['inspect', '--json', 'hf://org/mlp/torch/mlp.pt'], e);
    const before = hub.sent.bytes;
    const second = await run(['inspect', '--json', 'hf://org/mlp/torch/mlp.pt'], e);
    expect(hub.sent.bytes - before).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    // the one request left is the revision lookup (the API JSON), no file range
    expect(second.stderr).toMatch(/in 1 request\(s\) from 1 file\(s\).* from the range cache/);
  });
});

describe('hub behaviour and errors', () => {
  it('a gated repository without a token: one line asking for one', async () => {
    const r = await run(['inspect', 'hf://gated/mlp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sdmatch: hf:\/\/gated\/mlp: HTTP 401: needs a token: set HF_TOKEN/);
    expect(r.stderr.split('\n')).toHaveLength(1);
  });

  it('with HF_TOKEN it reads, and the token is not sent on to the CDN', async () => {
    const r = await run(['inspect', '--json', 'hf://gated/mlp'], env({ HF_TOKEN: TOKEN }));
    expect(r.code).toBe(0);
  });

  it('the token file huggingface-cli login writes is used when HF_TOKEN is unset', async () => {
    const r = await run(['inspect', '--json', 'hf://gated/mlp'], env({ HF_HOME: join(tmp, 'hf-home') }));
    expect(r.code).toBe(0);
  });

  it('a shard name escaping its folder is refused before anything is fetched for it', async () => {
    const r = await run(['inspect', 'hf://org/odd/model.safetensors.index.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a file beside the index/);
  });

  it('caps as in huggingface.js: a safetensors header over 25,000,000 bytes, an index of too many shards', async () => {
    const before = hub.sent.bytes;
    const h = await run(['inspect', 'hf://org/odd/huge.safetensors']);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/header of 30000000 bytes is over the 25000000-byte limit.*download the file/);
    expect(hub.sent.bytes - before).toBeLessThan(1 << 17);
    const m = await run(['inspect', 'hf://org/odd/many']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(new RegExp(`names ${MAX_SHARDS + 1} shards, over the limit of ${MAX_SHARDS}`));
  });

  it('an empty remote file (416 to any range) reads as the empty local file does', async () => {
    const r = await run(['inspect', 'hf://org/odd/empty.bin']);
    const l = await run(['inspect', join(tmp, 'empty.bin')]);
    expect(r.code).toBe(l.code);
    expect(r.stderr.split('hf://org/odd/empty.bin').join('<f>')).toBe(l.stderr.split(join(tmp, 'empty.bin')).join('<f>'));
  });

  it('a plain URL is revalidated by ETag on a second run (a HEAD, no ranges)', async () => {
    const e = env({ SDMATCH_NO_CACHE: '', SDMATCH_CACHE_DIR: join(tmp, 'cache-url') });
    const url = `${hub.endpoint}/org/mlp/resolve/main/torch/mlp.pt`;
    const first = await run(['inspect', '--json', url], e);
    const before = hub.sent.bytes;
    const second = await run(['inspect', '--json', url], e);
    expect(hub.sent.bytes - before).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/fetched 0 B in \d+ request\(s\).* from the range cache/);
    // what the cache gave is not counted as fetched (review 25 F13c)
    expect(second.stderr).toMatch(/fetched 0 B in \d+ request\(s\) from 1 file\(s\) \(0\.000 % of /);
  });

  it('a bad HF_ENDPOINT or URL is one line, not a crash', async () => {
    const a = await run(['inspect', 'hf://org/mlp'], env({ HF_ENDPOINT: 'not a url' }));
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^sdmatch: HF_ENDPOINT: not a valid URL/);
    const b = await run(['inspect', 'https://exa mple.org/x.safetensors']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/not a valid URL/);
  });

  it('a missing file is a 404 line', async () => {
    const r = await run(['inspect', `${hub.endpoint}/org/mlp/resolve/main/nope.safetensors`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HTTP 404: no such file/);
  });

  it('a server without range support is refused, never read whole', async () => {
    const r = await run(['inspect', 'hf://norange/mlp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not support range requests.*download the file/);
    expect(r.stderr.split('\n')).toHaveLength(1);
  });

  it('a shard index on a server without range support: the advice downloads its shards beside it (review 19 F11)', async () => {
    const r = await run(['inspect', 'hf://norange/sharded/pytorch_model.bin.index.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not support range requests.*: download the index and every shard file it names into one folder, and pass the index's local path/);
    expect(r.stderr.split('\n')).toHaveLength(1);
  });

  it('503 is retried', async () => {
    const r = await run(['inspect', '--json', 'hf://flaky/mlp']);
    expect(r.code).toBe(0);
  });

  it('a pinned revision resolves; an unknown one is a 404', async () => {
    expect((await run(['inspect', `hf://org/mlp@${SHA}`])).code).toBe(0);
    const r = await run(['inspect', 'hf://org/mlp@nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HTTP 404/);
  });

  it('apply refuses a URL source and says to download it', async () => {
    const r = await run(['apply', 'plan.json', 'hf://org/mlp', '-o', join(tmp, 'out.safetensors')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/download it first \(d=\$\(mktemp -d sdmatch-download\.XXXXXX\) && huggingface-cli download org\/mlp --local-dir "\$d"\) and pass the file it writes \("\$d"\)/);
  });
});
