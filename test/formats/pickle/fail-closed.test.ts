import { describe, expect, it } from 'vitest';
import { readPickle } from '../../../src/formats/pickle/machine.js';
import { explainGlobal, pickleFindings, safetyReport, worstVerdict } from '../../../src/formats/pickle/safety.js';
import { DANGEROUS_GLOBALS } from '../../../src/formats/pickle/safety-lists.js';
import { concat, run, u64le } from './helpers.js';
import { BufferSource } from '../../../src/formats/byte-source.js';

/** What makes a pickle's verdict fail closed: stops, limits, EXT, frames, dotted tails. */

describe('verdict order', () => {
  it('is safe < unknown < incomplete < dangerous', () => {
    expect(worstVerdict('unknown', 'incomplete')).toBe('incomplete');
    expect(worstVerdict('incomplete', 'dangerous')).toBe('dangerous');
    expect(worstVerdict('safe', 'incomplete')).toBe('incomplete');
  });
});

describe('parse stops and limits', () => {
  it('a stream that stops before STOP is incomplete, even with only allowlisted globals', () => {
    const r = run(concat('\x80\x02ccollections\nOrderedDict\n)R')); // no STOP
    expect(r.error).not.toBeNull();
    expect(safetyReport(pickleFindings(r, 'x')).verdict).toBe('incomplete');
  });

  it("a limit of sdmatch's is marked as such (CPython would read on)", () => {
    const memo = concat('\x80\x02', ...Array.from({ length: 10 }, () => 'N\x94'), 'N.');
    const r = readPickle(new BufferSource(memo, 'm'), 0, { maxMemo: 4 });
    expect(r.limited).toBe(true);
    expect(r.error!.message).toMatch(/sdmatch's limit/);
    const marks = readPickle(new BufferSource(concat('(((((N.'), 'k'), 0, { maxStack: 3 });
    expect(marks.limited).toBe(true);
    expect(run(concat('\x80\x02K')).limited).toBe(false); // truncation: CPython stops too
  });

  it('EXT1/EXT2/EXT4 are dangerous: the registry entry they import is not in the file', () => {
    for (const ext of ['\x82\x01', '\x83\x01\x00', '\x84\x01\x00\x00\x00']) {
      const r = run(concat('\x80\x02', ext, '.'));
      expect(safetyReport(pickleFindings(r, 'x')).verdict).toBe('dangerous');
    }
  });
});

describe('FRAME', () => {
  it('reports where the frame holding STOP ends when bytes of it follow STOP', () => {
    const body = concat('N.', 'K\x07.');
    const r = run(concat('\x80\x04\x95', u64le(BigInt(body.length)), body, 'K\x09.'));
    expect(r.end).toBe(13);
    expect(r.frameEnd).toBe(11 + body.length);
    expect(run(concat('\x80\x04\x95', u64le(2n), 'N.')).frameEnd).toBeNull();
  });
});

describe('dangerous globals', () => {
  it.each([
    ['torch._utils', '_import_dotted_name'],
    ['torch', '_import_dotted_name'],
    ['torch.serialization', '_import_dotted_name'],
    ['pkgutil', 'resolve_name'],
    ['_frozen_importlib', '_gcd_import'],
    ['xmlrpc.server', 'resolve_dotted_attribute'],
    ['SimpleXMLRPCServer', 'resolve_dotted_attribute'],
    ['torch.fx.graph_module', 'reduce_graph_module'],
    ['torch.fx.graph_module', '_forward_from_src'],
    ['typing', 'get_type_hints'],
    ['dataclasses', '_create_fn'],
    ['mailcap', 'findmatch'],
    ['site', 'addpackage'],
    ['copyreg', 'add_extension'],
    ['numpy.lib.format', 'read_array'],
    ['torch.utils.model_zoo', 'load_url'],
    ['torch.hub', '_load_local'],
    ['zipfile', 'ZipFile'],
    ['gzip', 'open'],
    ['sqlite3', 'connect'],
    ['numpy', 'save'],
    // protocol 4 walks dotted names: a tail reaching a dangerous module is dangerous
    ['torch.serialization', 'os.system'],
    ['torch.nn.modules.module', 'torch.serialization.pickle.loads'],
  ])('%s.%s is dangerous, with a reason', (module, name) => {
    const e = explainGlobal(module, name);
    expect(e.verdict).toBe('dangerous');
    expect(e.reason.length).toBeGreaterThan(5);
  });

  it('leaves the allowlist and nested classes alone', () => {
    expect(explainGlobal('torch.serialization', '_get_layout').verdict).toBe('safe');
    expect(explainGlobal('mymodels', 'Outer.Inner').verdict).toBe('unknown');
  });

  it('has one reason per row and no row twice', () => {
    const paths = DANGEROUS_GLOBALS.map(([p]) => p);
    expect(new Set(paths).size).toBe(paths.length);
    for (const [p, why] of DANGEROUS_GLOBALS) expect(why.length, p).toBeGreaterThan(5);
  });
});
