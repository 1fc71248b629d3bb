import { describe, expect, it } from 'vitest';
import { classifyGlobal, explainGlobal, pickleFindings, safetyReport } from '../../../src/formats/pickle/safety.js';
import { run } from './helpers.js';

describe('classifyGlobal', () => {
  it.each([
    ['collections', 'OrderedDict'],
    ['torch._utils', '_rebuild_tensor_v2'],
    ['torch._utils', '_rebuild_parameter'],
    ['torch._utils', '_rebuild_qtensor'],
    ['torch', 'FloatStorage'],
    ['torch', 'UntypedStorage'],
    ['torch', 'float16'],
    ['torch', 'Size'],
    ['torch', 'device'],
    ['torch', 'per_channel_affine'],
    ['_codecs', 'encode'],
    ['builtins', 'set'],
    ['__builtin__', 'set'], // Python 2 spelling
    ['__builtin__', 'long'],
    ['numpy.core.multiarray', '_reconstruct'],
    ['numpy._core.multiarray', '_reconstruct'],
    ['numpy', 'dtype'],
    ['numpy.dtypes', 'Float32DType'],
    ['argparse', 'Namespace'],
    ['datetime', 'datetime'],
    ['uuid', 'UUID'],
  ])('%s.%s is safe', (module, name) => {
    expect(classifyGlobal(module, name)).toBe('safe');
  });

  it.each([
    ['torch.nn.modules.linear', 'Linear'],
    ['__main__', 'Net'],
    ['__main__', 'Outer.Inner'],
    ['transformers.training_args', 'TrainingArguments'],
    ['sklearn.linear_model._logistic', 'LogisticRegression'],
    ['lightgbm.basic', 'Booster'],
    ['torch.storage', '_load_from_bytes'], // unpickles its argument: the scan follows it instead
    ['copy_reg', '_reconstructor'],
    ['re', '_compile'],
  ])('%s.%s is unknown', (module, name) => {
    expect(classifyGlobal(module, name)).toBe('unknown');
  });

  it.each([
    ['os', 'system'],
    ['os.path', 'join'], // whole module, submodules included
    ['posix', 'system'],
    ['nt', 'system'],
    ['subprocess', 'Popen'],
    ['builtins', 'eval'],
    ['__builtin__', 'eval'],
    ['__builtin__', 'apply'],
    ['builtins', 'getattr'],
    ['builtins', '__import__'],
    ['pickle', 'loads'],
    ['_pickle', 'loads'],
    ['cPickle', 'loads'],
    ['marshal', 'loads'],
    ['bdb', 'Bdb.run'], // dotted names
    ['code', 'InteractiveInterpreter.runcode'],
    ['torch.serialization', 'load'],
    ['torch', 'load'],
    ['torch._inductor.codecache', 'compile_file'],
    ['operator', 'attrgetter'],
    ['_operator', 'methodcaller'],
    ['functools', 'partial'],
    ['__builtin__', 'reduce'], // Python 2 name for functools.reduce
    ['sys', 'modules'],
    ['types', 'CodeType'],
    ['httplib', 'HTTPSConnection'],
    ['requests.api', 'get'],
    ['webbrowser', 'open'],
    ['__main__', 'EvilClass._obfuscated_eval'], // a function reached through a class
    ['uuid', '_get_command_stdout'],
    ['torch', 'Tensor.__reduce_ex__'], // safe only as exactly torch.Tensor
  ])('%s.%s is dangerous', (module, name) => {
    expect(classifyGlobal(module, name)).toBe('dangerous');
    expect(explainGlobal(module, name).reason).not.toBe('');
  });

  it('does not confuse modules that merely share a prefix', () => {
    expect(classifyGlobal('osmium', 'system')).toBe('unknown');
    expect(classifyGlobal('tests.helpers', 'Thing')).toBe('unknown');
    expect(classifyGlobal('torch.loader', 'X')).toBe('unknown');
  });
});

describe('safetyReport', () => {
  it('is safe with no findings and takes the worst verdict otherwise', () => {
    expect(safetyReport([])).toEqual({ verdict: 'safe', globals: [] });
    const where = 'data.pkl';
    expect(safetyReport([{ module: 'a', name: 'b', verdict: 'safe', where }, { module: 'c', name: 'd', verdict: 'unknown', where }]).verdict).toBe('unknown');
    expect(
      safetyReport([
        { module: 'os', name: 'system', verdict: 'dangerous', where },
        { module: 'c', name: 'd', verdict: 'unknown', where },
      ]).verdict,
    ).toBe('dangerous');
  });
});

describe('pickleFindings', () => {
  it('reports each global with its verdict and where', () => {
    const r = run('ccollections\nOrderedDict\n)Rcos\nsystem\n(S"ls"\ntR0.');
    const findings = pickleFindings(r, 'x.pkl');
    expect(findings.map((f) => [f.module, f.name, f.verdict, f.where])).toEqual([
      ['collections', 'OrderedDict', 'safe', 'x.pkl'],
      ['os', 'system', 'dangerous', 'x.pkl'],
    ]);
  });

  it('flags a BUILD that rewrites a module as dangerous even though every import is harmless', () => {
    const r = run('ctorch\n_utils\n(dS"_rebuild_tensor"\nS"builtins"\nsb.');
    const report = safetyReport(pickleFindings(r, 'sploit.pkl'));
    expect(report.verdict).toBe('dangerous');
    expect(report.globals.find((f) => f.verdict === 'dangerous')).toMatchObject({ module: 'torch', name: '_utils' });
  });
});
