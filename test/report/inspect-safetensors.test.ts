import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint, openSafetensorsForReport } from '../../src/checkpoint/open.js';
import { BufferSource } from '../../src/formats/byte-source.js';
import { readShardIndex, scanShardIndexColumns } from '../../src/formats/hf-index.js';
import { DTYPE_ORDER, latin1, scanAnyForm, scanSafetensorsColumns, scanWriterForm, type SafetensorsColumns } from '../../src/formats/safetensors/columns.js';
import { readSafetensors } from '../../src/formats/safetensors/reader.js';
import { buildSafetensorsInspectModel } from '../../src/report/inspect-safetensors.js';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/corpus.js';
import { expectSameReports, filesUnder } from '../helpers/inspect-agree.js';
import { MUTATION_PIECES, mutations, safetensorsFile } from '../helpers/json-mutants.js';

/**
 * `inspect` reads a safetensors file or a sharded safetensors set into columns (openSafetensorsForReport)
 * when it can, and anything else as a tree. The report must not depend on the way, and the columns must
 * never take a file the tree reader refuses.
 */

/** 'columns' when the columns took the file (and agreed with the tree), 'declined' when they left it. */
async function compare(path: string): Promise<'columns' | 'declined'> {
  const opened = await openSafetensorsForReport(path);
  if (opened === null) return 'declined';
  const tree = openCheckpoint(path, { readOnly: true });
  expect(tree.error, path).toBeNull();
  expectSameReports(path, (opts) => buildSafetensorsInspectModel(opened, opts), tree);
  return 'columns';
}

const scratch = mkdtempSync(join(tmpdir(), 'sdmatch-st-columns-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER =
  '{"__metadata__":{"format":"pt","10":"x"},"b.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},' +
  '"7":{"dtype":"BF16","shape":[4],"data_offsets":[24,32]},"a":{"shape":[],"dtype":"I64","data_offsets":[32,40]},' +
  '"e": { "dtype" : "U8" , "shape" : [ 0 , 5 ] , "data_offsets" : [ 40 , 40 ] }}';

/** what the columns hold, in the reader's terms */
function columnsFacts(bytes: Uint8Array) {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const c = scanSafetensorsColumns(bytes.subarray(8, 8 + n), bytes.length - 8 - n);
  if (c === null) return null;
  const tensors = Array.from({ length: c.names.size }, (_, t) => {
    const at = c.dimsAt[t]!;
    return {
      name: latin1(c.header, c.names.start[t]!, c.names.start[t]! + c.names.length[t]!),
      dtype: DTYPE_ORDER[c.dtype[t]!],
      shape: Array.from(c.dims.subarray(at, at + c.rank[t]!)),
      offset: 8 + n + c.begin[t]!,
      length: c.end[t]! - c.begin[t]!,
    };
  });
  return { tensors, metadata: c.metadata && { ...c.metadata }, headerLength: c.headerLength };
}

function readerFacts(bytes: Uint8Array) {
  try {
    const st = readSafetensors(new BufferSource(bytes, 'm.safetensors'), 'm.safetensors');
    const tensors = st.tensors.map((t) => ({
      name: t.name,
      dtype: t.info.dtype,
      shape: t.info.shape,
      offset: (t.info.storage.bytes as { offset: number }).offset,
      length: (t.info.storage.bytes as { length: number }).length,
    }));
    return { tensors, metadata: st.metadata && { ...st.metadata }, headerLength: st.headerLength };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('safetensors header columns', () => {
  it('read the common header as the reader does', () => {
    const bytes = safetensorsFile(HEADER, 40);
    expect(columnsFacts(bytes)).toEqual(readerFacts(bytes));
    expect(columnsFacts(bytes)!.tensors.map((t) => t.name)).toEqual(['b.weight', '7', 'a', 'e']);
  });

  it('take no header the reader refuses, and agree with it on every one they take (thousands of mutants)', () => {
    const bases = [HEADER, HEADER.replace(/,"/g, ',\n  "'), '{"x":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"y":{"dtype":"F16","shape":[2],"data_offsets":[8,12]}}'];
    let taken = 0;
    let refused = 0;
    for (const [b, base] of bases.entries()) {
      for (const text of mutations(base, 1500, 11 + b, [...MUTATION_PIECES, '"F16"', '"F4"'])) {
        for (const dataLength of [40, 12]) {
          const bytes = safetensorsFile(text, dataLength);
          const got = columnsFacts(bytes);
          const want = readerFacts(bytes);
          if (got === null) {
            if ('error' in want) refused++;
            continue;
          }
          taken++;
          expect(got, JSON.stringify(text)).toEqual(want);
        }
      }
    }
    // the comparison means something only if many mutants take the columns and many are refused
    expect(taken).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  });

  it('leave a name with a non-ASCII byte, a header not starting with "{", a rank over 255 and an empty header to the reader', () => {
    const one = (name: string) => `{"${name}":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}`;
    expect(columnsFacts(safetensorsFile(one('w'), 1))).not.toBeNull();
    expect(columnsFacts(safetensorsFile(one('wé'), 1))).toBeNull();
    expect(columnsFacts(safetensorsFile(` ${one('w')}`, 1))).toBeNull();
    const deep = `{"w":{"dtype":"U8","shape":[${Array(256).fill(1).join(',')}],"data_offsets":[0,1]}}`;
    expect(readerFacts(safetensorsFile(deep, 1))).toHaveProperty('tensors');
    expect(columnsFacts(safetensorsFile(deep, 1))).toBeNull();
  });
});

/** everything a SafetensorsColumns holds, as plain values (its arrays are sized for the worst case) */
function walkFacts(c: SafetensorsColumns | null) {
  if (c === null) return null;
  const tensors = Array.from({ length: c.names.size }, (_, t) => ({
    name: latin1(c.header, c.names.start[t]!, c.names.start[t]! + c.names.length[t]!),
    dtype: c.dtype[t],
    shape: Array.from(c.dims.subarray(c.dimsAt[t]!, c.dimsAt[t]! + c.rank[t]!)),
    begin: c.begin[t],
    end: c.end[t],
  }));
  return { tensors, totals: [Array.from(c.dtypeTensors), Array.from(c.dtypeBytes)], metadata: c.metadata && { ...c.metadata }, headerLength: c.headerLength };
}

/** the header bytes of safetensorsFile(text) (padded as the writer pads) and the data section's length */
function headerOf(text: string, dataLength: number): [Uint8Array, number, number] {
  const bytes = safetensorsFile(text, dataLength);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return [bytes.subarray(8, 8 + n), dataLength, Math.floor(n / 48) + 1];
}

describe('the writer-form walk of a header (a regular expression per entry)', () => {
  const WRITER =
    '{"__metadata__":{"format":"pt"},"b.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},' +
    '"7":{"dtype":"BF16","shape":[4],"data_offsets":[24,32]},"a":{"dtype":"I64","shape":[],"data_offsets":[32,40]}}';
  const entry = (name: string, from: number, to: number, shape = `[${(to - from) / 4}]`) => `"${name}":{"dtype":"F32","shape":${shape},"data_offsets":[${from},${to}]}`;

  it('takes the header the safetensors writer prints, and what it reads is what the general walk reads', () => {
    const cases: [string, number][] = [
      [WRITER, 40],
      [WRITER.replace('{"__metadata__":{"format":"pt"},', '{'), 40],
      [`{${entry('', 0, 8)},${entry('x y', 8, 8, '[0,3]')}}`, 8],
    ];
    for (const [text, dataLength] of cases) {
      const [h, data, cap] = headerOf(text, dataLength);
      const fast = scanWriterForm(h, data, cap);
      expect(fast, text).not.toBeNull();
      expect(walkFacts(fast)).toEqual(walkFacts(scanAnyForm(h, data, cap)));
    }
  });

  it('refuses each malformed header the reader refuses (truncated, escapes or non-ASCII in names, duplicates, overlapping spans, …)', () => {
    const ok = `{${entry('a', 0, 8)},${entry('b', 8, 16)}}`;
    const bad: [string, string][] = [
      ['truncated', ok.slice(0, -10)],
      ['truncated after an entry', `{${entry('a', 0, 8)},`],
      ['a control character in a name', `{${entry('a\u0001', 0, 8)},${entry('b', 8, 16)}}`],
      ['a duplicate name', `{${entry('a', 0, 8)},${entry('a', 8, 16)}}`],
      ['overlapping spans', `{${entry('a', 0, 8)},${entry('b', 4, 12)}}`],
      ['a gap between spans', `{${entry('a', 0, 8)},${entry('b', 12, 20)}}`],
      ['spans short of the data section', `{${entry('a', 0, 8)}}`],
      ['a span that is not the shape\'s bytes', `{${entry('a', 0, 8, '[3]')},${entry('b', 8, 16)}}`],
      ['offsets out of order', `{${entry('a', 8, 0, '[2]')},${entry('b', 8, 16)}}`],
      ['a leading zero', `{${entry('a', 0, 8, '[02]')},${entry('b', 8, 16)}}`],
      ['a 16-digit number', `{${entry('a', 0, 8, '[2,1000000000000000]')},${entry('b', 8, 16)}}`],
      ['an unknown dtype', ok.replace('"F32"', '"F33"')],
      ['__metadata__ as a tensor', `{${entry('__metadata__', 0, 8)},${entry('b', 8, 16)}}`],
      ['__metadata__ as a later tensor', `{${entry('a', 0, 8)},${entry('__metadata__', 8, 16)}}`],
      ['metadata that is not strings', `{"__metadata__":{"n":1},${entry('a', 0, 8)},${entry('b', 8, 16)}}`],
      ['text after the header', `${ok}x`],
      ['a missing field', ok.replace(',"shape":[2]', '')],
    ];
    for (const [what, text] of bad) {
      const bytes = safetensorsFile(text, 16);
      expect(readerFacts(bytes), what).toHaveProperty('error');
      const [h, data, cap] = headerOf(text, 16);
      expect(scanWriterForm(h, data, cap), what).toBeNull();
      expect(columnsFacts(bytes), what).toBeNull();
    }
    const [h, data, cap] = headerOf(ok, 16);
    expect(scanWriterForm(h, data, cap)).not.toBeNull();
    // headers the reader takes but the columns leave to it (it decodes the names)
    for (const [what, text] of [
      ['an escape in a name', `{${entry('a\\u0062', 0, 8)},${entry('b', 8, 16)}}`],
      ['an escaped quote in a name', `{${entry('a\\"', 0, 8)},${entry('b', 8, 16)}}`],
      ['a non-ASCII name', `{${entry('aé', 0, 8)},${entry('b', 8, 16)}}`],
      ['(JSON.parse keeps the last) __metadata__ twice', `{"__metadata__":{},"__metadata__":{},${entry('a', 0, 8)},${entry('b', 8, 16)}}`],
    ]) {
      const bytes = safetensorsFile(text!, 16);
      expect(readerFacts(bytes), what).toHaveProperty('tensors');
      const [h2, data2, cap2] = headerOf(text!, 16);
      expect(scanWriterForm(h2, data2, cap2), what).toBeNull();
      expect(columnsFacts(bytes), what).toBeNull();
    }
  });

  it('agrees with the general walk on every mutant it takes, and takes none the general walk refuses', () => {
    let taken = 0;
    let left = 0;
    for (const text of mutations(WRITER, 8000, 8, [...MUTATION_PIECES, '"F16"', '"F4"', '0', '00', '8'])) {
      for (const dataLength of [40, 32]) {
        const [h, data, cap] = headerOf(text, dataLength);
        const fast = walkFacts(scanWriterForm(h, data, cap));
        const general = walkFacts(scanAnyForm(h, data, cap));
        if (fast === null) {
          if (general !== null) left++;
          continue;
        }
        taken++;
        expect(fast, JSON.stringify(text)).toEqual(general);
      }
    }
    // the comparison means something only if many mutants stay in the writer's form
    expect(taken).toBeGreaterThan(100);
    expect(left).toBeGreaterThan(10);
  });
});

describe('shard index columns', () => {
  const INDEX = '{\n  "metadata": {\n    "total_size": 40\n  },\n  "weight_map": {\n    "b.weight": "m-1.safetensors",\n    "7": "m-2.safetensors",\n    "a": "m-1.safetensors"\n  }\n}';
  const facts = (text: string) => {
    const c = scanShardIndexColumns(new TextEncoder().encode(text), 'i.json');
    if (c === null) return null;
    const bytes = new TextEncoder().encode(text);
    return [...Array(c.keys.size).keys()].map((e) => [latin1(bytes, c.keys.start[e]!, c.keys.start[e]! + c.keys.length[e]!), c.shards[c.shardOf[e]!]]);
  };
  const exact = (text: string) => {
    try {
      return [...readShardIndex(text, 'i.json').weightMap];
    } catch (e) {
      return { error: (e as Error).message };
    }
  };

  it('read weight_map in file order, shard by shard name', () => {
    expect(facts(INDEX)).toEqual([
      ['b.weight', 'm-1.safetensors'],
      ['7', 'm-2.safetensors'],
      ['a', 'm-1.safetensors'],
    ]);
  });

  it('take no index readShardIndex refuses and agree with it on the rest (thousands of mutants)', () => {
    let taken = 0;
    // runs of keys in one shard (the scan takes a repeat of the last shard's name by comparing bytes), a name extending it, an escape in it
    const RUNS = '{"weight_map": {"a": "m-1.safetensors", "b": "m-1.safetensors", "c": "m-1.safetensorsx", "d": "m-1.safetensors", "e": "m-1.safetensors", "f": "m-2.safetensors", "g": "m-1.safe\\u0074ensors"}}';
    const extra = [INDEX.replace('m-2', '../m-2'), INDEX.replace('"m-2.safetensors"', '""'), RUNS, RUNS.replace(/"g": [^}]*/, '"g": "m-1.safetensors"'), RUNS.replace('"e": "m-1.safetensors"', '"e": "m-1.safetensors\u0001"')];
    for (const text of [...mutations(INDEX, 2000, 21), ...mutations(INDEX.replace(/\s+/g, ''), 1000, 22), ...mutations(RUNS.replace(/, "g": [^}]*/, ''), 1500, 23), ...extra]) {
      const got = facts(text);
      if (got === null) continue;
      taken++;
      expect(got, JSON.stringify(text)).toEqual(exact(text));
    }
    expect(taken).toBeGreaterThan(300);
  });
});

describe('inspect of safetensors from columns', () => {
  it('gives the fixtures (files and the sharded set) the report the tree gives them', async () => {
    const paths = filesUnder(join(repoRoot, 'fixtures'), (p) => /\.safetensors(\.index\.json)?$/.test(p) && !p.includes('/truth/'));
    const outcomes = await Promise.all(paths.map(compare));
    expect(outcomes.filter((o) => o === 'columns').length).toBe(paths.length);
    expect(paths.some((p) => p.endsWith('.index.json'))).toBe(true);
  });

  it.skipIf(!corpusAvailable)('gives every corpus safetensors file it takes the report the tree gives it, and takes none the tree refuses', async () => {
    const paths = filesUnder(corpusDir, (p) => /\.safetensors$/.test(p));
    let taken = 0;
    for (const path of paths) {
      const opened = await openSafetensorsForReport(path).catch((e: Error) => e);
      expect(opened, path).not.toBeInstanceOf(Error);
      if (opened === null) continue;
      taken++;
      await compare(path);
    }
    expect(taken).toBeGreaterThan(10);
  });

  it('leaves a set to the tree reader when a shard is missing, holds a tensor the index does not list, or misses one it lists', async () => {
    const dir = mkdtempSync(join(scratch, 'set-'));
    const shard = (names: string[]) => safetensorsFile(`{${names.map((n, k) => `"${n}":{"dtype":"U8","shape":[1],"data_offsets":[${k},${k + 1}]}`).join(',')}}`, names.length);
    const index = (map: Record<string, string>) => JSON.stringify({ metadata: {}, weight_map: map });
    writeFileSync(join(dir, 's1.safetensors'), shard(['a', 'b']));
    writeFileSync(join(dir, 's2.safetensors'), shard(['c']));
    const at = (name: string, map: Record<string, string>) => {
      writeFileSync(join(dir, name), index(map));
      return join(dir, name);
    };
    const good = at('good.json', { a: 's1.safetensors', c: 's2.safetensors', b: 's1.safetensors' });
    expect(await compare(good)).toBe('columns');
    const opened = (await openSafetensorsForReport(good))!;
    expect(buildSafetensorsInspectModel(opened).tensors.map((t) => t.path[0])).toEqual(['a', 'c', 'b']);
    // the format line lists the shards in their order, not the order weight_map first names them
    const backwards = at('backwards.json', { c: 's2.safetensors', a: 's1.safetensors', b: 's1.safetensors' });
    expect(await compare(backwards)).toBe('columns');
    const detail = ['sharded checkpoint index, 2 shard(s), 3 keys', 's1.safetensors: safetensors', 's2.safetensors: safetensors'];
    expect((await openSafetensorsForReport(backwards))!.detail).toEqual(detail);
    expect(openCheckpoint(backwards, { readOnly: true }).detail).toEqual(detail);
    const others: Record<string, string>[] = [{ a: 's1.safetensors', b: 's1.safetensors', c: 's3.safetensors' }, { a: 's1.safetensors', c: 's2.safetensors' }, { a: 's1.safetensors', b: 's1.safetensors', c: 's2.safetensors', d: 's2.safetensors' }];
    for (const map of others) {
      const path = at('other.json', map);
      expect(await openSafetensorsForReport(path), JSON.stringify(map)).toBeNull();
    }
  });

  it('matches headers to the index in order when they list the same names alike, by each shard\'s names when not, and takes no set with a name too many, missing or repeated', async () => {
    const dir = mkdtempSync(join(scratch, 'order-'));
    const shard = (names: string[]) => safetensorsFile(`{${names.map((n, k) => `"${n}":{"dtype":"U8","shape":[1],"data_offsets":[${k},${k + 1}]}`).join(',')}}`, names.length);
    let sets = 0;
    const set = async (shards: string[][], members: [string, number][]) => {
      const sub = join(dir, `set-${sets++}`);
      mkdirSync(sub);
      shards.forEach((names, k) => writeFileSync(join(sub, `s${k + 1}.safetensors`), shard(names)));
      // written by hand: JSON.stringify cannot repeat a key
      const map = members.map(([key, s]) => `"${key}": "s${s + 1}.safetensors"`).join(', ');
      writeFileSync(join(sub, 'index.json'), `{"metadata": {}, "weight_map": {${map}}}`);
      const path = join(sub, 'index.json');
      return (await openSafetensorsForReport(path)) === null ? 'declined' : compare(path);
    };
    const sorted: [string, number][] = [['a', 0], ['b', 1], ['c', 0], ['d', 1]];
    // the writer's order: weight_map sorted, each header in name order
    expect(await set([['a', 'c'], ['b', 'd']], sorted)).toBe('columns');
    // headers in another order than the index's
    expect(await set([['c', 'a'], ['d', 'b']], sorted)).toBe('columns');
    // weight_map out of order, headers in its order
    expect(await set([['c', 'a'], ['d', 'b']], [['d', 1], ['c', 0], ['b', 1], ['a', 0]])).toBe('columns');
    // a name the index does not list, after names that match in order
    expect(await set([['a', 'c', 'x'], ['b', 'd']], sorted)).toBe('declined');
    // a name the index lists under the other shard, in both shards
    expect(await set([['a', 'c'], ['b', 'c', 'd']], sorted)).toBe('declined');
    // a key missing from its shard; a shard holding no tensor
    expect(await set([['a'], ['b', 'd']], sorted)).toBe('declined');
    expect(await set([['a', 'b', 'c', 'd'], []], sorted)).toBe('declined');
    // one shard in the index's order, another not
    expect(await set([['a', 'c'], ['d', 'b']], sorted)).toBe('columns');
    expect(await set([['c', 'a'], ['b', 'd']], sorted)).toBe('columns');
    // a header repeating a name where the index has another
    expect(await set([['a', 'a'], ['b', 'd']], sorted)).toBe('declined');
    // a key repeated in weight_map, in order and out of order
    expect(await set([['a', 'c'], ['b', 'd']], [['a', 0], ['a', 0], ['b', 1], ['c', 0], ['d', 1]])).toBe('declined');
    expect(await set([['a', 'c'], ['b', 'd']], [['c', 0], ['a', 0], ['b', 1], ['a', 0], ['d', 1]])).toBe('declined');
    // a key listed under both shards, each holding it
    expect(await set([['a', 'c'], ['a', 'b', 'd']], [['a', 0], ['a', 1], ['b', 1], ['c', 0], ['d', 1]])).toBe('declined');
    // random sets: whatever the columns take, the tree reads alike (compare checks it), and they take the good ones
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const shuffled = <T,>(xs: T[]) => {
      const out = [...xs];
      for (let k = out.length - 1; k > 0; k--) {
        const j = rand(k + 1);
        [out[k], out[j]] = [out[j]!, out[k]!];
      }
      return out;
    };
    let taken = 0;
    for (let round = 0; round < 60; round++) {
      const names = Array.from({ length: 6 }, (_, k) => `layer.${k}.w`);
      const owner = names.map(() => rand(2));
      const members: [string, number][] = names.map((n, k) => [n, owner[k]!]);
      const shards = [0, 1].map((s) => names.filter((_, k) => owner[k] === s));
      const ordered = round % 3 !== 0;
      const spoil = rand(4);
      if (spoil === 1) shards[rand(2)]!.push(names[rand(names.length)]!);
      if (spoil === 2) members.push(members[rand(members.length)]!);
      const good = spoil === 0 || spoil === 3;
      const got = await set(
        shards.map((s) => (ordered ? s : shuffled(s))),
        ordered ? members : shuffled(members),
      );
      if (good) expect(got, `round ${round}`).toBe('columns');
      if (got === 'columns') taken++;
    }
    expect(taken).toBeGreaterThan(20);
  });
});
