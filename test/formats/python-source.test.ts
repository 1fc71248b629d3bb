import { describe, expect, it } from 'vitest';
import { pythonAccess, pyStr } from '../../src/formats/python-source.js';

describe('python-source', () => {
  it('reads a path out of a checkpoint, numbers as indices, names as exact literals', () => {
    expect(pythonAccess([])).toBe('checkpoint');
    expect(pythonAccess(['trainer', 'var_wo_ddp'])).toBe("checkpoint['trainer']['var_wo_ddp']");
    expect(pythonAccess(['model', 0])).toBe("checkpoint['model'][0]");
  });

  it('a field name with a quote, a backslash or a newline stays one Python literal (JSON quoting would break it)', () => {
    expect(pythonAccess(["it's"])).toBe("checkpoint['it\\'s']");
    expect(pythonAccess(['a\nb'])).toBe("checkpoint['a\\x0ab']");
    expect(pyStr('a\\.b')).toBe("r'a\\.b'");
  });
});
