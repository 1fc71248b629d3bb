import { describe, expect, it } from 'vitest';
import type { DType } from '../../../src/formats/dtype.js';
import type { StorageInfo } from '../../../src/formats/tensor.js';
import { storageTable } from '../../../src/formats/torch/container.js';
import type { StorageRef } from '../../../src/formats/torch/storage-pid.js';

const ref = (key: string, dtype: DType | null = 'float32'): StorageRef => ({ key, dtype, device: 'cpu', numel: 4, view: null, typeName: 'torch.FloatStorage' });

function table() {
  const made: string[] = [];
  const t = storageTable((r, dtype): StorageInfo => {
    made.push(`${r.key}/${dtype}`);
    return { key: r.key, dtype, numel: r.numel, device: r.device, bytes: null };
  });
  return { ...t, made };
}

describe('storageTable', () => {
  it('makes one storage per key, whatever form the key takes, and lists them in the order first met', () => {
    const t = table();
    const keys = ['0', '1', '0', 'abc', '99999999', '2', '01', '1', '99999999', '01'];
    const infos = keys.map((k) => t.lookup(ref(k), null)!.info);
    expect(infos[0]).toBe(infos[2]);
    expect(infos[1]).toBe(infos[7]);
    expect(infos[4]).toBe(infos[8]);
    expect(infos[6]).toBe(infos[9]);
    expect(infos[6]).not.toBe(infos[1]); // '01' is its own key, not index 1
    expect(t.made).toEqual(['0/float32', '1/float32', 'abc/float32', '99999999/float32', '2/float32', '01/float32']);
    expect([...t.byKey.keys()]).toEqual(['0', '1', 'abc', '99999999', '2', '01']);
    expect(t.byKey.get('abc')).toBe(infos[3]);
  });

  it('finds a numbered key first met far ahead of the others once the numbers reach it', () => {
    const t = table();
    const far = t.lookup(ref('5000'), null)!.info;
    for (let i = 0; i <= 5000; i++) t.lookup(ref(String(i)), null);
    expect(t.lookup(ref('5000'), null)!.info).toBe(far);
    expect(t.made.filter((m) => m === '5000/float32')).toHaveLength(1);
    expect(t.byKey.size).toBe(5001);
  });

  it('keys untyped storages by key and rebuild dtype, and refuses them without a dtype', () => {
    const t = table();
    const a = t.lookup(ref('0', null), 'float16')!.info;
    const b = t.lookup(ref('0', null), 'int8')!.info;
    expect(a).not.toBe(b);
    expect(t.lookup(ref('0', null), 'float16')!.info).toBe(a);
    expect(t.lookup(ref('0', null), null)).toBeNull();
    expect([...t.byKey.keys()]).toEqual(['0\u0000float16', '0\u0000int8']);
    expect(t.lookup({ ...ref('0'), view: { key: 'v', offset: 3, numel: 1 } }, null)!.offset).toBe(3);
  });
});
