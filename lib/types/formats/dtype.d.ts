/**
 * Element types, named as PyTorch names them without `torch.` (what users read in error messages).
 * One table maps every spelling a file can use (storage class, torch dtype global, safetensors code,
 * numpy descr) to one DType, so the rest of the tool never compares foreign spellings.
 * `safetensorsRank` is the dtype's place in the safetensors crate's `Dtype` enum (declared in increasing
 * alignment: BOOL, F4, F6_E2M3, F6_E3M2, U8, I8, F8_E5M2, F8_E4M3, F8_E8M0, F8_E4M3FNUZ, F8_E5M2FNUZ, I16,
 * U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64): the reference writer lays data out by it.
 */
export declare const DTYPES: {
    readonly float64: {
        readonly itemsize: 8;
        readonly safetensors: 'F64';
        readonly storage: 'DoubleStorage';
        readonly numpy: 'f8';
        readonly safetensorsRank: 19;
    };
    readonly float32: {
        readonly itemsize: 4;
        readonly safetensors: 'F32';
        readonly storage: 'FloatStorage';
        readonly numpy: 'f4';
        readonly safetensorsRank: 17;
    };
    readonly float16: {
        readonly itemsize: 2;
        readonly safetensors: 'F16';
        readonly storage: 'HalfStorage';
        readonly numpy: 'f2';
        readonly safetensorsRank: 13;
    };
    readonly bfloat16: {
        readonly itemsize: 2;
        readonly safetensors: 'BF16';
        readonly storage: 'BFloat16Storage';
        readonly numpy: null;
        readonly safetensorsRank: 14;
    };
    readonly float8_e4m3fn: {
        readonly itemsize: 1;
        readonly safetensors: 'F8_E4M3';
        readonly storage: 'Float8_e4m3fnStorage';
        readonly numpy: null;
        readonly safetensorsRank: 7;
    };
    readonly float8_e5m2: {
        readonly itemsize: 1;
        readonly safetensors: 'F8_E5M2';
        readonly storage: 'Float8_e5m2Storage';
        readonly numpy: null;
        readonly safetensorsRank: 6;
    };
    readonly float8_e4m3fnuz: {
        readonly itemsize: 1;
        readonly safetensors: 'F8_E4M3FNUZ';
        readonly storage: 'Float8_e4m3fnuzStorage';
        readonly numpy: null;
        readonly safetensorsRank: 9;
    };
    readonly float8_e5m2fnuz: {
        readonly itemsize: 1;
        readonly safetensors: 'F8_E5M2FNUZ';
        readonly storage: 'Float8_e5m2fnuzStorage';
        readonly numpy: null;
        readonly safetensorsRank: 10;
    };
    readonly float8_e8m0fnu: {
        readonly itemsize: 1;
        readonly safetensors: 'F8_E8M0';
        readonly storage: 'Float8_e8m0fnuStorage';
        readonly numpy: null;
        readonly safetensorsRank: 8;
    };
    readonly complex128: {
        readonly itemsize: 16;
        readonly safetensors: null;
        readonly storage: 'ComplexDoubleStorage';
        readonly numpy: 'c16';
        readonly safetensorsRank: null;
    };
    readonly complex64: {
        readonly itemsize: 8;
        readonly safetensors: 'C64';
        readonly storage: 'ComplexFloatStorage';
        readonly numpy: 'c8';
        readonly safetensorsRank: 18;
    };
    readonly complex32: {
        readonly itemsize: 4;
        readonly safetensors: null;
        readonly storage: 'ComplexHalfStorage';
        readonly numpy: null;
        readonly safetensorsRank: null;
    };
    readonly int64: {
        readonly itemsize: 8;
        readonly safetensors: 'I64';
        readonly storage: 'LongStorage';
        readonly numpy: 'i8';
        readonly safetensorsRank: 20;
    };
    readonly int32: {
        readonly itemsize: 4;
        readonly safetensors: 'I32';
        readonly storage: 'IntStorage';
        readonly numpy: 'i4';
        readonly safetensorsRank: 15;
    };
    readonly int16: {
        readonly itemsize: 2;
        readonly safetensors: 'I16';
        readonly storage: 'ShortStorage';
        readonly numpy: 'i2';
        readonly safetensorsRank: 11;
    };
    readonly int8: {
        readonly itemsize: 1;
        readonly safetensors: 'I8';
        readonly storage: 'CharStorage';
        readonly numpy: 'i1';
        readonly safetensorsRank: 5;
    };
    readonly uint64: {
        readonly itemsize: 8;
        readonly safetensors: 'U64';
        readonly storage: 'UInt64Storage';
        readonly numpy: 'u8';
        readonly safetensorsRank: 21;
    };
    readonly uint32: {
        readonly itemsize: 4;
        readonly safetensors: 'U32';
        readonly storage: 'UInt32Storage';
        readonly numpy: 'u4';
        readonly safetensorsRank: 16;
    };
    readonly uint16: {
        readonly itemsize: 2;
        readonly safetensors: 'U16';
        readonly storage: 'UInt16Storage';
        readonly numpy: 'u2';
        readonly safetensorsRank: 12;
    };
    readonly uint8: {
        readonly itemsize: 1;
        readonly safetensors: 'U8';
        readonly storage: 'ByteStorage';
        readonly numpy: 'u1';
        readonly safetensorsRank: 4;
    };
    readonly bool: {
        readonly itemsize: 1;
        readonly safetensors: 'BOOL';
        readonly storage: 'BoolStorage';
        readonly numpy: 'b1';
        readonly safetensorsRank: 0;
    };
    readonly qint8: {
        readonly itemsize: 1;
        readonly safetensors: null;
        readonly storage: 'QInt8Storage';
        readonly numpy: null;
        readonly safetensorsRank: null;
    };
    readonly quint8: {
        readonly itemsize: 1;
        readonly safetensors: null;
        readonly storage: 'QUInt8Storage';
        readonly numpy: null;
        readonly safetensorsRank: null;
    };
    readonly qint32: {
        readonly itemsize: 4;
        readonly safetensors: null;
        readonly storage: 'QInt32Storage';
        readonly numpy: null;
        readonly safetensorsRank: null;
    };
    readonly quint4x2: {
        readonly itemsize: 1;
        readonly safetensors: null;
        readonly storage: 'QUInt4x2Storage';
        readonly numpy: null;
        readonly safetensorsRank: null;
    };
    readonly quint2x4: {
        readonly itemsize: 1;
        readonly safetensors: null;
        readonly storage: 'QUInt2x4Storage';
        readonly numpy: null;
        readonly safetensorsRank: null;
    };
};
export type DType = keyof typeof DTYPES;
/**
 * The floating types' range (complex ones by their parts): the largest finite value, the largest binary
 * exponent (the range a cast keeps is the exponent's: float32 → bfloat16 only rounds, float32 → float16
 * overflows past 65504), and whether a value past it becomes inf (else NaN: the fn/fnuz float8s have no inf).
 */
export declare const FLOAT_RANGE: Partial<Record<DType, {
    max: number;
    emax: number;
    inf: boolean;
}>>;
/** DType by code: columns (safetensors headers, torch state dicts read without a tree) hold a dtype as its index here. */
export declare const DTYPE_BY_CODE: DType[];
export declare function isDType(s: string): s is DType;
export declare function itemSize(d: DType): number;
/** The bytes `elements` elements of `d` take in a storage. */
export declare function elementBytes(d: DType, elements: number): number;
/** `FloatStorage` (module `torch`) → float32; undefined for names that are not typed storages. */
export declare function dtypeOfStorageClass(name: string): DType | undefined;
/** Safetensors' `F32` → float32. */
export declare function dtypeOfSafetensors(code: string): DType | undefined;
/** the alias spellings (`float`, `half`, `long` …), for lists of every `torch.<dtype>` name */
export declare const TORCH_DTYPE_ALIAS_NAMES: readonly string[];
/** The dtype named by the global `torch.<name>` (`torch.bfloat16`), if it is one. */
export declare function dtypeOfTorchGlobal(name: string): DType | undefined;
