import { ownRow } from './own-row.js';

/**
 * Element types, named as PyTorch names them without `torch.` (what users read in error messages).
 * One table maps every spelling a file can use (storage class, torch dtype global, safetensors code,
 * numpy descr) to one DType, so the rest of the tool never compares foreign spellings.
 * `safetensorsRank` is the dtype's place in the safetensors crate's `Dtype` enum (declared in increasing
 * alignment: BOOL, F4, F6_E2M3, F6_E3M2, U8, I8, F8_E5M2, F8_E4M3, F8_E8M0, F8_E4M3FNUZ, F8_E5M2FNUZ, I16,
 * U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64): the reference writer lays data out by it.
 */
export const DTYPES = {
  float64: { itemsize: 8, safetensors: 'F64', storage: 'DoubleStorage', numpy: 'f8', safetensorsRank: 19 },
  float32: { itemsize: 4, safetensors: 'F32', storage: 'FloatStorage', numpy: 'f4', safetensorsRank: 17 },
  float16: { itemsize: 2, safetensors: 'F16', storage: 'HalfStorage', numpy: 'f2', safetensorsRank: 13 },
  bfloat16: { itemsize: 2, safetensors: 'BF16', storage: 'BFloat16Storage', numpy: null, safetensorsRank: 14 },
  float8_e4m3fn: { itemsize: 1, safetensors: 'F8_E4M3', storage: 'Float8_e4m3fnStorage', numpy: null, safetensorsRank: 7 },
  float8_e5m2: { itemsize: 1, safetensors: 'F8_E5M2', storage: 'Float8_e5m2Storage', numpy: null, safetensorsRank: 6 },
  float8_e4m3fnuz: { itemsize: 1, safetensors: 'F8_E4M3FNUZ', storage: 'Float8_e4m3fnuzStorage', numpy: null, safetensorsRank: 9 },
  float8_e5m2fnuz: { itemsize: 1, safetensors: 'F8_E5M2FNUZ', storage: 'Float8_e5m2fnuzStorage', numpy: null, safetensorsRank: 10 },
  float8_e8m0fnu: { itemsize: 1, safetensors: 'F8_E8M0', storage: 'Float8_e8m0fnuStorage', numpy: null, safetensorsRank: 8 },
  complex128: { itemsize: 16, safetensors: null, storage: 'ComplexDoubleStorage', numpy: 'c16', safetensorsRank: null },
  complex64: { itemsize: 8, safetensors: 'C64', storage: 'ComplexFloatStorage', numpy: 'c8', safetensorsRank: 18 },
  complex32: { itemsize: 4, safetensors: null, storage: 'ComplexHalfStorage', numpy: null, safetensorsRank: null },
  int64: { itemsize: 8, safetensors: 'I64', storage: 'LongStorage', numpy: 'i8', safetensorsRank: 20 },
  int32: { itemsize: 4, safetensors: 'I32', storage: 'IntStorage', numpy: 'i4', safetensorsRank: 15 },
  int16: { itemsize: 2, safetensors: 'I16', storage: 'ShortStorage', numpy: 'i2', safetensorsRank: 11 },
  int8: { itemsize: 1, safetensors: 'I8', storage: 'CharStorage', numpy: 'i1', safetensorsRank: 5 },
  uint64: { itemsize: 8, safetensors: 'U64', storage: 'UInt64Storage', numpy: 'u8', safetensorsRank: 21 },
  uint32: { itemsize: 4, safetensors: 'U32', storage: 'UInt32Storage', numpy: 'u4', safetensorsRank: 16 },
  uint16: { itemsize: 2, safetensors: 'U16', storage: 'UInt16Storage', numpy: 'u2', safetensorsRank: 12 },
  uint8: { itemsize: 1, safetensors: 'U8', storage: 'ByteStorage', numpy: 'u1', safetensorsRank: 4 },
  bool: { itemsize: 1, safetensors: 'BOOL', storage: 'BoolStorage', numpy: 'b1', safetensorsRank: 0 },
  qint8: { itemsize: 1, safetensors: null, storage: 'QInt8Storage', numpy: null, safetensorsRank: null },
  quint8: { itemsize: 1, safetensors: null, storage: 'QUInt8Storage', numpy: null, safetensorsRank: null },
  qint32: { itemsize: 4, safetensors: null, storage: 'QInt32Storage', numpy: null, safetensorsRank: null },
  quint4x2: { itemsize: 1, safetensors: null, storage: 'QUInt4x2Storage', numpy: null, safetensorsRank: null },
  quint2x4: { itemsize: 1, safetensors: null, storage: 'QUInt2x4Storage', numpy: null, safetensorsRank: null },
} as const satisfies Record<string, { itemsize: number; safetensors: string | null; storage: string; numpy: string | null; safetensorsRank: number | null }>;

export type DType = keyof typeof DTYPES;

/**
 * The floating types' range (complex ones by their parts): the largest finite value, the largest binary
 * exponent (the range a cast keeps is the exponent's: float32 → bfloat16 only rounds, float32 → float16
 * overflows past 65504), and whether a value past it becomes inf (else NaN: the fn/fnuz float8s have no inf).
 */
export const FLOAT_RANGE: Partial<Record<DType, { max: number; emax: number; inf: boolean }>> = {
  float64: { max: 1.7976931348623157e308, emax: 1023, inf: true },
  float32: { max: 3.4028234663852886e38, emax: 127, inf: true },
  float16: { max: 65504, emax: 15, inf: true },
  bfloat16: { max: 3.3895313892515355e38, emax: 127, inf: true },
  float8_e4m3fn: { max: 448, emax: 8, inf: false },
  float8_e5m2: { max: 57344, emax: 15, inf: true },
  float8_e4m3fnuz: { max: 240, emax: 7, inf: false },
  float8_e5m2fnuz: { max: 57344, emax: 15, inf: false },
  float8_e8m0fnu: { max: 1.7014118346046923e38, emax: 127, inf: false },
  complex128: { max: 1.7976931348623157e308, emax: 1023, inf: true },
  complex64: { max: 3.4028234663852886e38, emax: 127, inf: true },
  complex32: { max: 65504, emax: 15, inf: true },
};

/** DType by code: columns (safetensors headers, torch state dicts read without a tree) hold a dtype as its index here. */
export const DTYPE_BY_CODE = Object.keys(DTYPES) as DType[];

export function isDType(s: string): s is DType {
  return Object.prototype.hasOwnProperty.call(DTYPES, s);
}

export function itemSize(d: DType): number {
  return DTYPES[d].itemsize;
}

/** the packed quantized dtypes, whose byte holds several elements (a quint4x2 [4] tensor's storage is 2 bytes) */
const ELEMENTS_PER_BYTE: Partial<Record<DType, number>> = { quint4x2: 2, quint2x4: 4 };

/** The bytes `elements` elements of `d` take in a storage. */
export function elementBytes(d: DType, elements: number): number {
  const per = ELEMENTS_PER_BYTE[d];
  return per === undefined ? elements * DTYPES[d].itemsize : Math.ceil(elements / per);
}

const byStorage = new Map<string, DType>();
const bySafetensors = new Map<string, DType>();
for (const [name, info] of Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][]) {
  byStorage.set(info.storage, name);
  if (info.safetensors) bySafetensors.set(info.safetensors, name);
}

/** `FloatStorage` (module `torch`) → float32; undefined for names that are not typed storages. */
export function dtypeOfStorageClass(name: string): DType | undefined {
  return byStorage.get(name);
}

/** Safetensors' `F32` → float32. */
export function dtypeOfSafetensors(code: string): DType | undefined {
  return bySafetensors.get(code);
}

/**
 * Aliases a `torch.<name>` global may use for a dtype (`torch.float` is float32, `torch.half` float16 …).
 */
const TORCH_DTYPE_ALIASES: Record<string, DType> = {
  float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16',
  cfloat: 'complex64', cdouble: 'complex128', chalf: 'complex32', complex32: 'complex32',
};

/** the alias spellings (`float`, `half`, `long` …), for lists of every `torch.<dtype>` name */
export const TORCH_DTYPE_ALIAS_NAMES: readonly string[] = Object.keys(TORCH_DTYPE_ALIASES);

/** The dtype named by the global `torch.<name>` (`torch.bfloat16`), if it is one. */
export function dtypeOfTorchGlobal(name: string): DType | undefined {
  if (isDType(name)) return name;
  return ownRow(TORCH_DTYPE_ALIASES, name);
}
