// src/checkpoint/module-object.ts
function isModuleObject(v) {
  if (typeof v !== "object" || v === null || v.kind !== "object") return false;
  const st = moduleState(v);
  return st !== null && st.has("_parameters") && st.has("_modules");
}
function moduleState(o) {
  const s2 = o.states[o.states.length - 1];
  if (typeof s2 !== "object" || s2 === null || s2.kind !== "dict") return null;
  const m = /* @__PURE__ */ new Map();
  for (const [k, x] of s2.entries) if (typeof k === "string") m.set(k, x);
  return m;
}
function dictEntries(v) {
  return typeof v === "object" && v !== null && v.kind === "dict" ? v.entries : [];
}
function stringSet(v) {
  const out = /* @__PURE__ */ new Set();
  if (typeof v !== "object" || v === null) return out;
  const items2 = v.kind === "set" ? v.items : v.kind === "object" ? v.args.flatMap((a) => typeof a === "object" && a !== null && (a.kind === "list" || a.kind === "tuple") ? a.items : []) : [];
  for (const x of items2) if (typeof x === "string") out.add(x);
  return out;
}
function moduleStateDict(root) {
  const out = [];
  const onPath = /* @__PURE__ */ new Set();
  const stack = [{ module: root, prefix: "" }];
  while (stack.length > 0) {
    const f = stack.pop();
    if ("leave" in f) {
      onPath.delete(f.leave);
      continue;
    }
    if (onPath.has(f.module)) continue;
    const st = moduleState(f.module);
    if (!st) continue;
    onPath.add(f.module);
    for (const [k, x] of dictEntries(st.get("_parameters"))) {
      if (typeof k === "string" && typeof x === "object" && x !== null && x.kind === "tensor") out.push([f.prefix + k, x]);
    }
    const skip = stringSet(st.get("_non_persistent_buffers_set"));
    for (const [k, x] of dictEntries(st.get("_buffers"))) {
      if (typeof k === "string" && !skip.has(k) && typeof x === "object" && x !== null && x.kind === "tensor") out.push([f.prefix + k, x]);
    }
    stack.push({ leave: f.module });
    const children = dictEntries(st.get("_modules"));
    for (let i = children.length - 1; i >= 0; i--) {
      const [k, x] = children[i];
      if (typeof k === "string" && isModuleObject(x)) stack.push({ module: x, prefix: `${f.prefix}${k}.` });
    }
  }
  return out;
}

// src/checkpoint/walk.ts
var NO_ALIASES = Object.freeze([]);
function walkTree(root) {
  const tensors = [];
  const stateDicts = [];
  const byTensor = /* @__PURE__ */ new Map();
  const visited = /* @__PURE__ */ new Set();
  const stack = [{ value: root, parent: null, key: "", index: -1, underIntKeys: false, enclosing: 0 }];
  const record = (t, path) => {
    const known = byTensor.get(t);
    if (known) {
      if (known.aliases === NO_ALIASES) known.aliases = [path];
      else known.aliases.push(path);
    } else {
      const rec = { path, info: t.info, aliases: NO_ALIASES };
      byTensor.set(t, rec);
      tensors.push(rec);
    }
  };
  while (stack.length > 0) {
    const f = stack.pop();
    const v = f.value;
    if (typeof v !== "object" || v === null) continue;
    if (v.kind === "tensor") {
      record(v, pathOf(f));
      continue;
    }
    if (visited.has(v)) continue;
    const kind2 = v.kind;
    if (kind2 !== "dict" && kind2 !== "list" && kind2 !== "tuple" && kind2 !== "set" && kind2 !== "object") continue;
    visited.add(v);
    let enclosing = f.enclosing;
    if (kind2 === "dict") {
      const cand = f.underIntKeys ? null : dictCandidate(v, f);
      if (cand && cand.keys.length > f.enclosing) {
        stateDicts.push(cand);
        enclosing = cand.keys.length;
      }
      let intKeys = false;
      for (const e of v.entries) if (typeof e[0] !== "string") intKeys = true;
      const entries = v.entries;
      let first = 0;
      let base = null;
      for (; first < entries.length; first++) {
        const x = entries[first][1];
        if (typeof x !== "object" || x === null) continue;
        if (x.kind !== "tensor") break;
        base ??= pathOf(f);
        const key = keyText(entries[first][0]);
        record(x, base.length === 0 ? [key] : [...base, key]);
      }
      for (let i = entries.length - 1; i >= first; i--) {
        const [k, x] = entries[i];
        if (typeof x !== "object" || x === null) continue;
        stack.push({ value: x, parent: f, key: keyText(k), index: -1, underIntKeys: intKeys, enclosing });
      }
      continue;
    }
    const children = [];
    if (kind2 === "object") {
      if (isModuleObject(v) && !f.underIntKeys) {
        const sd = moduleStateDict(v);
        if (sd.length > f.enclosing) {
          stateDicts.push({ path: pathOf(f), keys: sd.map(([k]) => k), nonTensor: [] });
          enclosing = sd.length;
        }
      }
      objectChildren(v, children);
    } else {
      v.items.forEach((x, i) => children.push([i, x, false, -1]));
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, value, underIntKeys, index2] = children[i];
      if (typeof value !== "object" || value === null) continue;
      stack.push({ value, parent: f, key, index: index2, underIntKeys, enclosing });
    }
  }
  return { tensors, stateDicts };
}
function dictCandidate(d, f) {
  if (d.entries.length === 0) return null;
  const keys = [];
  const nonTensor = [];
  for (const [k, x] of d.entries) {
    if (typeof k !== "string") return null;
    if (typeof x === "object" && x !== null && x.kind === "tensor") keys.push(k);
    else nonTensor.push(k);
  }
  if (keys.length === 0 || keys.length * 2 < d.entries.length) return null;
  return { path: pathOf(f), keys, nonTensor };
}
function objectChildren(o, out) {
  o.args.forEach((x, i) => out.push(["__args__", x, false, i]));
  for (const s2 of o.states) {
    if (typeof s2 === "object" && s2 !== null && s2.kind === "dict") {
      for (const [k, x] of s2.entries) out.push([keyText(k), x, false, -1]);
    } else if (typeof s2 === "object" && s2 !== null && s2.kind === "tuple" && s2.items.length === 2 && s2.items.every((x) => x === null || typeof x === "object" && x.kind === "dict")) {
      for (const part of s2.items) if (part) for (const [k, x] of part.entries) out.push([keyText(k), x, false, -1]);
    } else out.push(["__state__", s2, false, -1]);
  }
  o.listItems.forEach((x, i) => out.push([i, x, false, -1]));
  for (const [k, x] of o.dictItems) out.push([keyText(k), x, typeof k !== "string", -1]);
}
function keyText(k) {
  if (typeof k === "string") return k;
  if (typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return String(k);
  if (k === null) return "None";
  if (typeof k === "object" && k.kind === "float") return String(k.value);
  if (typeof k === "object" && k.kind === "tuple") return `(${k.items.map((x) => keyText(x)).join(", ")})`;
  if (typeof k === "object" && k.kind === "global") return `${k.module}.${k.name}`;
  return `<${typeof k === "object" ? k.kind : typeof k}>`;
}
function pathOf(f) {
  const out = [];
  for (let x = f; x && x.parent; x = x.parent) {
    if (x.index >= 0) out.push(x.index);
    out.push(x.key);
  }
  return out.reverse();
}
function candidateTensors(root, cand) {
  return candidateEntries(root, cand).map(([k, t]) => [k, t.info]);
}
function candidateEntries(root, cand) {
  const at = valueAt(root, cand.path);
  if (at === void 0 || typeof at !== "object" || at === null) return [];
  if (at.kind === "dict") {
    const out = [];
    for (const [k, x] of at.entries) if (typeof k === "string" && typeof x === "object" && x !== null && x.kind === "tensor") out.push([k, x]);
    return out;
  }
  if (isModuleObject(at)) return moduleStateDict(at);
  return [];
}
function valueAt(root, path) {
  let v = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (typeof v !== "object" || v === null) return void 0;
    if (v.kind === "dict") v = v.entries.find(([k]) => keyText(k) === String(step))?.[1];
    else if (v.kind === "list" || v.kind === "tuple" || v.kind === "set") v = typeof step === "number" ? v.items[step] : void 0;
    else if (v.kind === "object") {
      if (step === "__args__") {
        const idx = path[++i];
        v = typeof idx === "number" ? v.args[idx] : void 0;
      } else if (step === "__state__") v = v.states[v.states.length - 1];
      else v = attribute(v, step);
    } else return void 0;
  }
  return v;
}
function attribute(o, step) {
  for (let s2 = o.states.length - 1; s2 >= 0; s2--) {
    const st = o.states[s2];
    const dicts = typeof st === "object" && st !== null && st.kind === "dict" ? [st] : typeof st === "object" && st !== null && st.kind === "tuple" ? st.items.filter((x) => typeof x === "object" && x !== null && x.kind === "dict") : [];
    for (const d of dicts) {
      const hit = d.entries.find(([k]) => keyText(k) === String(step));
      if (hit) return hit[1];
    }
  }
  if (typeof step === "number") return o.listItems[step];
  return o.dictItems.find(([k]) => keyText(k) === step)?.[1];
}

// src/formats/byte-keys.ts
function hashBytes(b, start, end) {
  let h = 2166136261;
  for (let k = start; k < end; k++) h = Math.imul(h ^ b[k], 16777619);
  return h;
}
function sameBytes(a, aStart, b, bStart, length) {
  for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}

// src/formats/errors.ts
var FormatError = class extends Error {
  constructor(file, message, options) {
    super(message, options);
    this.file = file;
  }
  name = "FormatError";
  /** The single line the CLI prints. */
  toLine() {
    return this.file ? `${this.file}: ${this.message}` : this.message;
  }
};

// src/formats/dtype.ts
var DTYPES = {
  float64: { itemsize: 8, safetensors: "F64", storage: "DoubleStorage", numpy: "f8", safetensorsRank: 19 },
  float32: { itemsize: 4, safetensors: "F32", storage: "FloatStorage", numpy: "f4", safetensorsRank: 17 },
  float16: { itemsize: 2, safetensors: "F16", storage: "HalfStorage", numpy: "f2", safetensorsRank: 13 },
  bfloat16: { itemsize: 2, safetensors: "BF16", storage: "BFloat16Storage", numpy: null, safetensorsRank: 14 },
  float8_e4m3fn: { itemsize: 1, safetensors: "F8_E4M3", storage: "Float8_e4m3fnStorage", numpy: null, safetensorsRank: 7 },
  float8_e5m2: { itemsize: 1, safetensors: "F8_E5M2", storage: "Float8_e5m2Storage", numpy: null, safetensorsRank: 6 },
  float8_e4m3fnuz: { itemsize: 1, safetensors: "F8_E4M3FNUZ", storage: "Float8_e4m3fnuzStorage", numpy: null, safetensorsRank: 9 },
  float8_e5m2fnuz: { itemsize: 1, safetensors: "F8_E5M2FNUZ", storage: "Float8_e5m2fnuzStorage", numpy: null, safetensorsRank: 10 },
  float8_e8m0fnu: { itemsize: 1, safetensors: "F8_E8M0", storage: "Float8_e8m0fnuStorage", numpy: null, safetensorsRank: 8 },
  complex128: { itemsize: 16, safetensors: null, storage: "ComplexDoubleStorage", numpy: "c16", safetensorsRank: null },
  complex64: { itemsize: 8, safetensors: "C64", storage: "ComplexFloatStorage", numpy: "c8", safetensorsRank: 18 },
  complex32: { itemsize: 4, safetensors: null, storage: "ComplexHalfStorage", numpy: null, safetensorsRank: null },
  int64: { itemsize: 8, safetensors: "I64", storage: "LongStorage", numpy: "i8", safetensorsRank: 20 },
  int32: { itemsize: 4, safetensors: "I32", storage: "IntStorage", numpy: "i4", safetensorsRank: 15 },
  int16: { itemsize: 2, safetensors: "I16", storage: "ShortStorage", numpy: "i2", safetensorsRank: 11 },
  int8: { itemsize: 1, safetensors: "I8", storage: "CharStorage", numpy: "i1", safetensorsRank: 5 },
  uint64: { itemsize: 8, safetensors: "U64", storage: "UInt64Storage", numpy: "u8", safetensorsRank: 21 },
  uint32: { itemsize: 4, safetensors: "U32", storage: "UInt32Storage", numpy: "u4", safetensorsRank: 16 },
  uint16: { itemsize: 2, safetensors: "U16", storage: "UInt16Storage", numpy: "u2", safetensorsRank: 12 },
  uint8: { itemsize: 1, safetensors: "U8", storage: "ByteStorage", numpy: "u1", safetensorsRank: 4 },
  bool: { itemsize: 1, safetensors: "BOOL", storage: "BoolStorage", numpy: "b1", safetensorsRank: 0 },
  qint8: { itemsize: 1, safetensors: null, storage: "QInt8Storage", numpy: null, safetensorsRank: null },
  quint8: { itemsize: 1, safetensors: null, storage: "QUInt8Storage", numpy: null, safetensorsRank: null },
  qint32: { itemsize: 4, safetensors: null, storage: "QInt32Storage", numpy: null, safetensorsRank: null },
  quint4x2: { itemsize: 1, safetensors: null, storage: "QUInt4x2Storage", numpy: null, safetensorsRank: null },
  quint2x4: { itemsize: 1, safetensors: null, storage: "QUInt2x4Storage", numpy: null, safetensorsRank: null }
};
var DTYPE_BY_CODE = Object.keys(DTYPES);
function isDType(s2) {
  return Object.prototype.hasOwnProperty.call(DTYPES, s2);
}
function itemSize(d) {
  return DTYPES[d].itemsize;
}
var byStorage = /* @__PURE__ */ new Map();
var bySafetensors = /* @__PURE__ */ new Map();
for (const [name, info] of Object.entries(DTYPES)) {
  byStorage.set(info.storage, name);
  if (info.safetensors) bySafetensors.set(info.safetensors, name);
}
function dtypeOfStorageClass(name) {
  return byStorage.get(name);
}
function dtypeOfSafetensors(code2) {
  return bySafetensors.get(code2);
}
var TORCH_DTYPE_ALIASES = {
  float: "float32",
  double: "float64",
  half: "float16",
  long: "int64",
  int: "int32",
  short: "int16",
  cfloat: "complex64",
  cdouble: "complex128",
  chalf: "complex32",
  complex32: "complex32"
};
var TORCH_DTYPE_ALIAS_NAMES = Object.keys(TORCH_DTYPE_ALIASES);
function dtypeOfTorchGlobal(name) {
  if (isDType(name)) return name;
  return TORCH_DTYPE_ALIASES[name];
}

// src/formats/safetensors/dtypes.ts
var SUB_BYTE_CODES = /* @__PURE__ */ new Set(["F4", "F6_E2M3", "F6_E3M2"]);
function lookupSafetensorsDtype(code2) {
  const dtype = dtypeOfSafetensors(code2);
  if (dtype) return { ok: true, dtype };
  if (SUB_BYTE_CODES.has(code2)) return { ok: false, reason: `dtype ${code2} (a sub-byte type sdmatch does not support yet)` };
  return { ok: false, reason: `unknown dtype ${JSON.stringify(code2)}` };
}

// src/formats/safetensors/json-scan.ts
var QUOTE = 34;
var COLON = 58;
var COMMA = 44;
var OPEN_BRACE = 123;
var CLOSE_BRACE = 125;
var OPEN_BRACKET = 91;
var CLOSE_BRACKET = 93;
var BACKSLASH = 92;
var ZERO = 48;
var NINE = 57;
var MAX_DIGITS = 15;
function skipWs(t, i) {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}
function scanCounts(t, i, out) {
  const n = t.length;
  if (t.charCodeAt(i) !== OPEN_BRACKET) return -1;
  i = skipWs(t, i + 1);
  if (i < n && t.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (; ; ) {
    i = skipWs(t, i);
    const start = i;
    let v = 0;
    let c = -1;
    while (i < n) {
      c = t.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      v = v * 10 + (c - ZERO);
      i++;
    }
    const digits = i - start;
    if (i >= n || digits === 0 || digits > MAX_DIGITS || digits > 1 && t.charCodeAt(start) === ZERO || c === 46 || c === 101 || c === 69) return -1;
    out.push(v);
    i = skipWs(t, i);
    if (i >= n) return -1;
    c = t.charCodeAt(i++);
    if (c === CLOSE_BRACKET) return i;
    if (c !== COMMA) return -1;
  }
}
function plainStringEnd(t, open) {
  if (open >= t.length || t.charCodeAt(open) !== QUOTE) return -1;
  const close = t.indexOf('"', open + 1);
  if (close < 0) return -1;
  for (let k = open + 1; k < close; k++) {
    const c = t.charCodeAt(k);
    if (c < 32 || c === BACKSLASH) return -1;
  }
  return close;
}
var METADATA_KEY = "__metadata__";
var DTYPE = 1;
var SHAPE = 2;
var OFFSETS = 4;
function scanHeader(t) {
  const n = t.length;
  const out = { names: [], dtypes: [], shapes: [], begins: [], ends: [], metadata: void 0 };
  const seen = /* @__PURE__ */ new Set();
  let i = 0;
  i = skipWs(t, i);
  if (t.charCodeAt(i) !== OPEN_BRACE) return null;
  i++;
  i = skipWs(t, i);
  if (t.charCodeAt(i) === CLOSE_BRACE) {
    i++;
  } else {
    for (; ; ) {
      i = skipWs(t, i);
      const close = plainStringEnd(t, i);
      if (close < 0) return null;
      const name = t.slice(i + 1, close);
      if (seen.has(name)) return null;
      seen.add(name);
      i = close + 1;
      i = skipWs(t, i);
      if (t.charCodeAt(i) !== COLON) return null;
      i++;
      i = skipWs(t, i);
      if (name === METADATA_KEY) {
        const m = scanStringMap(t, i);
        if (m === null) return null;
        out.metadata = m.map;
        i = m.end;
      } else {
        i = scanTensorEntry(t, i, name, out);
        if (i < 0) return null;
      }
      i = skipWs(t, i);
      const c = t.charCodeAt(i);
      i++;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACE) break;
      return null;
    }
  }
  i = skipWs(t, i);
  return i === n ? out : null;
}
function scanTensorEntry(t, i, name, out) {
  let close;
  if (t.charCodeAt(i) !== OPEN_BRACE) return -1;
  i++;
  let dtype = "";
  let shape4 = null;
  let offsets = null;
  let got = 0;
  for (; ; ) {
    i = skipWs(t, i);
    close = plainStringEnd(t, i);
    if (close < 0) return -1;
    const len = close - i - 1;
    const bit = len === 5 && t.startsWith("dtype", i + 1) ? DTYPE : len === 5 && t.startsWith("shape", i + 1) ? SHAPE : len === 12 && t.startsWith("data_offsets", i + 1) ? OFFSETS : 0;
    if (bit === 0 || (got & bit) !== 0) return -1;
    got |= bit;
    i = close + 1;
    i = skipWs(t, i);
    if (t.charCodeAt(i) !== COLON) return -1;
    i++;
    i = skipWs(t, i);
    if (bit === DTYPE) {
      close = plainStringEnd(t, i);
      if (close < 0) return -1;
      dtype = t.slice(i + 1, close);
      i = close + 1;
    } else {
      const list = [];
      i = scanCounts(t, i, list);
      if (i < 0) return -1;
      if (bit === SHAPE) shape4 = list;
      else offsets = list;
    }
    i = skipWs(t, i);
    const c = t.charCodeAt(i);
    i++;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACE) break;
    return -1;
  }
  if (got !== (DTYPE | SHAPE | OFFSETS) || offsets.length !== 2) return -1;
  out.names.push(name);
  out.dtypes.push(dtype);
  out.shapes.push(shape4);
  out.begins.push(offsets[0]);
  out.ends.push(offsets[1]);
  return i;
}
function scanStringMap(t, open) {
  const pairs = scanStringPairs(t, open);
  if (pairs === null) return null;
  const map = /* @__PURE__ */ Object.create(null);
  for (let k = 0; k < pairs.keys.length; k++) {
    if (Object.hasOwn(map, pairs.keys[k])) return null;
    map[pairs.keys[k]] = pairs.values[k];
  }
  return { map, end: pairs.end };
}
function scanStringPairs(t, open) {
  const n = t.length;
  const keys = [];
  const values = [];
  let i = open;
  if (t.charCodeAt(i) !== OPEN_BRACE) return null;
  i++;
  i = skipWs(t, i);
  if (t.charCodeAt(i) === CLOSE_BRACE) return { keys, values, end: i + 1 };
  for (; ; ) {
    i = skipWs(t, i);
    let close = plainStringEnd(t, i);
    if (close < 0) return null;
    keys.push(t.slice(i + 1, close));
    i = close + 1;
    i = skipWs(t, i);
    if (t.charCodeAt(i) !== COLON) return null;
    i++;
    i = skipWs(t, i);
    close = plainStringEnd(t, i);
    if (close < 0) return null;
    values.push(t.slice(i + 1, close));
    i = close + 1;
    i = skipWs(t, i);
    const c = t.charCodeAt(i);
    i++;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACE) return { keys, values, end: i };
    return null;
  }
}

// src/formats/safetensors/reader.ts
import { Buffer as Buffer2, isAscii } from "node:buffer";

// src/formats/tensor.ts
function locationFiles(loc) {
  if (loc.kind === "memory") return [];
  if (loc.kind === "chunks") return [...new Set(loc.chunks.flatMap((c) => c.tensor.storage.bytes ? locationFiles(c.tensor.storage.bytes) : []))];
  return [loc.file];
}
function numel(shape4) {
  let n = 1;
  for (const d of shape4) n *= d;
  return n;
}
function contiguousStrides(shape4) {
  const s2 = new Array(shape4.length);
  let acc = 1;
  for (let i = shape4.length - 1; i >= 0; i--) {
    s2[i] = acc;
    acc *= shape4[i];
  }
  return s2;
}
function isContiguous(t) {
  let want = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    if (t.shape[i] > 1 && t.stride[i] !== want) return false;
    want *= t.shape[i];
  }
  return true;
}

// src/formats/safetensors/json-keys.ts
function objectKeysInOrder(text2, path) {
  const n = text2.length;
  let i = 0;
  let backslash = -1;
  const skipWs2 = () => {
    while (i < n) {
      const c = text2.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
  };
  const skipString = () => {
    const open = i;
    if (backslash < open) backslash = text2.indexOf("\\", open);
    if (backslash < 0) backslash = n;
    const close = text2.indexOf('"', open + 1);
    if (close >= 0 && close < backslash) {
      i = close + 1;
      return false;
    }
    i = open + 1;
    while (i < n && text2.charCodeAt(i) !== 34) i += text2.charCodeAt(i) === 92 ? 2 : 1;
    i++;
    return true;
  };
  const readKey2 = () => {
    const start = i;
    const escaped = skipString();
    return escaped ? JSON.parse(text2.slice(start, i)) : text2.slice(start + 1, i - 1);
  };
  const skipValue = () => {
    skipWs2();
    const c = text2.charCodeAt(i);
    if (c === 34) return void skipString();
    if (c !== 123 && c !== 91) {
      while (i < n) {
        const d = text2.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 9 || d === 13 || d === 10) break;
        i++;
      }
      return;
    }
    let depth2 = 0;
    while (i < n) {
      const d = text2.charCodeAt(i);
      if (d === 34) {
        skipString();
        continue;
      }
      i++;
      if (d === 123 || d === 91) depth2++;
      else if (d === 125 || d === 93) {
        if (--depth2 === 0) return;
      }
    }
  };
  const visit = (depth2) => {
    const collect = depth2 === path.length;
    const keys = [];
    i++;
    skipWs2();
    if (text2.charCodeAt(i) === 125) {
      i++;
      return collect ? keys : null;
    }
    while (i < n) {
      skipWs2();
      const key = readKey2();
      skipWs2();
      i++;
      skipWs2();
      if (collect) keys.push(key);
      if (!collect && key === path[depth2] && text2.charCodeAt(i) === 123) {
        const found = visit(depth2 + 1);
        if (found) return found;
      } else {
        skipValue();
      }
      skipWs2();
      if (text2.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      break;
    }
    i++;
    return collect ? keys : null;
  };
  skipWs2();
  return text2.charCodeAt(i) === 123 ? visit(0) : null;
}

// src/formats/safetensors/reader.ts
var MAX_HEADER_LENGTH = 1e8;
var METADATA_KEY2 = "__metadata__";
function looksLikeSafetensors(head, size) {
  if (head.length < 9 || head[8] !== 123) return false;
  const n = headerLengthOf(head);
  return n !== null && n >= 2 && n <= MAX_HEADER_LENGTH && n <= size - 8;
}
function readSafetensors(src, file, opts = {}) {
  const fail = (msg) => {
    throw new FormatError(file, msg);
  };
  if (src.size < 8) fail(`not a safetensors file: ${src.size} bytes is shorter than the 8-byte header length`);
  const n = headerLengthOf(src.read(0, 8));
  if (n === null || n > MAX_HEADER_LENGTH) {
    fail(`bad safetensors header length ${n ?? "over 2^53"}: over the ${MAX_HEADER_LENGTH}-byte limit`);
  }
  const headerLength = n;
  if (headerLength > src.size - 8) {
    fail(`truncated safetensors: header length ${headerLength} exceeds the ${src.size - 8} bytes after the length field`);
  }
  const text2 = decodeHeader(src.read(8, headerLength), fail);
  if (!text2.startsWith("{")) fail(`bad safetensors header: starts with ${JSON.stringify(text2.slice(0, 1))}, not '{'`);
  const dataStart = 8 + headerLength;
  const dataLength = src.size - dataStart;
  const tensors = [];
  const begins = [];
  const ends = [];
  const add = (name, t) => {
    begins.push(t.begin);
    ends.push(t.end);
    tensors.push({
      name,
      info: {
        kind: "safetensors",
        dtype: t.dtype,
        shape: t.shape,
        stride: contiguousStrides(t.shape),
        storageOffset: 0,
        storage: {
          key: name,
          dtype: t.dtype,
          numel: t.numel,
          device: "cpu",
          bytes: { kind: "raw", file, offset: dataStart + t.begin, length: t.end - t.begin }
        },
        requiresGrad: false
      }
    });
  };
  const scan = opts.exact ? null : scanHeader(text2);
  let metadata;
  if (scan) {
    metadata = readMetadata(scan.metadata, fail);
    for (let k = 0; k < scan.names.length; k++) {
      const name = scan.names[k];
      const code2 = scan.dtypes[k];
      add(name, spanEntry(name, code2, dtypeOf(name, code2, fail), scan.shapes[k], scan.begins[k], scan.ends[k], fail));
    }
  } else {
    const json = parseHeaderJson(text2, fail);
    metadata = readMetadata(Object.hasOwn(json, METADATA_KEY2) ? json[METADATA_KEY2] : void 0, fail);
    const names = (objectKeysInOrder(text2, []) ?? []).filter((k) => k !== METADATA_KEY2);
    const seen = /* @__PURE__ */ new Set();
    for (const name of names) {
      if (seen.has(name)) fail(`safetensors header names tensor "${name}" twice`);
      seen.add(name);
      add(name, readTensorEntry(name, json[name], fail));
    }
  }
  checkTiling(tensors, begins, ends, dataLength, fail);
  return { tensors, metadata, headerLength };
}
function headerLengthOf(b) {
  const lo = (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) >>> 0;
  const hi = (b[4] | b[5] << 8 | b[6] << 16 | b[7] << 24) >>> 0;
  return hi >= 2097152 ? null : hi * 4294967296 + lo;
}
function decodeHeader(bytes, fail) {
  const buf = Buffer2.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (isAscii(buf)) return buf.toString("latin1");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail("bad safetensors header: not valid UTF-8");
  }
}
function parseHeaderJson(text2, fail) {
  let json;
  try {
    json = JSON.parse(text2);
  } catch (e) {
    return fail(`bad safetensors header: not valid JSON (${e.message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("bad safetensors header: not a JSON object");
  return json;
}
function readMetadata(value, fail) {
  if (value === void 0 || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) return fail("bad safetensors header: __metadata__ is not an object");
  const out = /* @__PURE__ */ Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") fail(`bad safetensors header: __metadata__ value for "${k}" is not a string`);
    out[k] = v;
  }
  return out;
}
function readTensorEntry(name, value, fail) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`bad safetensors header: tensor "${name}" is not an object`);
  const v = value;
  return tensorEntry(name, v.dtype, Array.isArray(v.shape) ? v.shape.slice() : v.shape, v.data_offsets, fail);
}
function tensorEntry(name, code2, shapeValue, offsets, fail) {
  if (typeof code2 !== "string") fail(`bad safetensors header: tensor "${name}" has no dtype string`);
  const dtype = dtypeOf(name, code2, fail);
  if (!Array.isArray(shapeValue) || !shapeValue.every(isCount)) fail(`bad safetensors header: tensor "${name}" shape is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`bad safetensors header: tensor "${name}" data_offsets is not [begin, end] of non-negative integers`);
  }
  const [begin, end] = offsets;
  return spanEntry(name, code2, dtype, shapeValue, begin, end, fail);
}
function dtypeOf(name, code2, fail) {
  const looked = lookupSafetensorsDtype(code2);
  return looked.ok ? looked.dtype : fail(`safetensors tensor "${name}" has ${looked.reason}`);
}
function spanEntry(name, code2, dtype, shape4, begin, end, fail) {
  if (end < begin) fail(`bad safetensors header: tensor "${name}" data_offsets [${begin}, ${end}] end before they begin`);
  let numel2 = 1;
  for (const d of shape4) {
    numel2 *= d;
    if (!Number.isSafeInteger(numel2)) fail(`bad safetensors header: tensor "${name}" shape [${shape4.join(", ")}] has too many elements`);
  }
  const bytes = numel2 * itemSize(dtype);
  if (!Number.isSafeInteger(bytes) || bytes !== end - begin) {
    fail(`bad safetensors header: tensor "${name}" is ${code2} [${shape4.join(", ")}] = ${bytes} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { dtype, shape: shape4, numel: numel2, begin, end };
}
function isCount(x) {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}
function checkTiling(tensors, begins, ends, dataLength, fail) {
  const begin = (k) => begins[k];
  const end = (k) => ends[k];
  let inOrder = true;
  for (let k = 1; k < tensors.length && inOrder; k++) inOrder = begin(k - 1) < begin(k) || begin(k - 1) === begin(k) && end(k - 1) <= end(k);
  const order = tensors.map((_, k) => k);
  if (!inOrder) order.sort((a, b) => begin(a) - begin(b) || end(a) - end(b));
  let at = 0;
  let prev = null;
  for (const k of order) {
    const b = begin(k);
    const name = tensors[k].name;
    if (b < at) fail(`bad safetensors header: tensor "${name}" (bytes ${b}..${end(k)}) overlaps tensor "${prev}" (ends at ${at})`);
    if (b > at) fail(`bad safetensors header: data section has a hole at bytes ${at}..${b} (before tensor "${name}")`);
    at = end(k);
    prev = name;
  }
  if (at > dataLength) {
    fail(`truncated safetensors: tensor "${prev}" ends at byte ${at} of the data section, which has only ${dataLength} bytes`);
  }
  if (at < dataLength) fail(`bad safetensors file: ${dataLength - at} bytes after the last tensor are not described by the header`);
}

// src/formats/safetensors/columns.ts
var DTYPE_ORDER = DTYPE_BY_CODE;
var DTYPE_INDEX = new Map(DTYPE_ORDER.map((d, i) => [d, i]));
var ascii = (s2) => Uint8Array.from(s2, (c) => c.charCodeAt(0));
var METADATA = ascii("__metadata__");
var F_DTYPE = ascii("dtype");
var F_SHAPE = ascii("shape");
var F_OFFSETS = ascii("data_offsets");

// src/formats/hf-index.ts
function shardOrder(a, b) {
  const runs = /\d+|\D+/g;
  const pa = a.match(runs) ?? [];
  const pb = b.match(runs) ?? [];
  for (let k = 0; k < Math.min(pa.length, pb.length); k++) {
    const x = pa[k];
    const y = pb[k];
    if (x === y) continue;
    if (isDigit(x) && isDigit(y)) {
      const nx = x.replace(/^0+(?=\d)/, "");
      const ny = y.replace(/^0+(?=\d)/, "");
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}
var isDigit = (run) => run.charCodeAt(0) >= 48 && run.charCodeAt(0) <= 57;
function looksLikeShardIndex(text2) {
  return /^\uFEFF?\s*\{/.test(text2) && /"weight_map"\s*:\s*\{/.test(text2);
}
function readShardIndex(text2, file, opts = {}) {
  const fail = (msg) => {
    throw new FormatError(file, `bad shard index: ${msg}`);
  };
  const body = text2.replace(/^\uFEFF/, "");
  const fast = opts.exact ? null : scanIndex(body);
  let json;
  try {
    json = fast ? fast.rest : JSON.parse(body);
  } catch (e) {
    return fail(`not valid JSON (${e.message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("not a JSON object");
  const top = json;
  if (!fast && weightMapKeyMayRepeat(body) && (objectKeysInOrder(body, []) ?? []).filter((k) => k === "weight_map").length > 1) fail('"weight_map" appears twice');
  const metadata = top.metadata ?? {};
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) fail('"metadata" is not an object');
  const weights = top.weight_map;
  if (typeof weights !== "object" || weights === null || Array.isArray(weights)) return fail('no "weight_map" object');
  const keys = fast ? fast.keys : objectKeysInOrder(body, ["weight_map"]) ?? [];
  const shardOf = fast ? (k) => fast.values[k] : (k) => weights[keys[k]];
  const weightMap = /* @__PURE__ */ new Map();
  const shards = [];
  const seenShards = /* @__PURE__ */ new Set();
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (weightMap.has(key)) fail(`weight_map names tensor "${key}" twice`);
    const shard = shardOf(k);
    if (typeof shard !== "string" || shard === "") fail(`weight_map entry "${key}" is not a shard file name`);
    const name = shard;
    if (!seenShards.has(name)) {
      if (escapesDirectory(name)) fail(`shard "${name}" (for "${key}") is not a file beside the index`);
      seenShards.add(name);
      shards.push(name);
    }
    weightMap.set(key, name);
  }
  return { metadata, weightMap, shards: shards.sort(shardOrder) };
}
function scanIndex(body) {
  if (body.includes("\\")) return null;
  const at = body.indexOf('"weight_map"');
  if (at < 0 || body.indexOf('"weight_map"', at + 1) >= 0) return null;
  let open = at + '"weight_map"'.length;
  while (open < body.length && body.charCodeAt(open) !== 123) {
    if (!/[\s:]/.test(body[open])) return null;
    open++;
  }
  const pairs = scanStringPairs(body, open);
  if (!pairs || new Set(pairs.keys).size !== pairs.keys.length) return null;
  let rest;
  try {
    rest = JSON.parse(`${body.slice(0, open)}{}${body.slice(pairs.end)}`);
  } catch {
    return null;
  }
  const placeholder = typeof rest === "object" && rest !== null && !Array.isArray(rest) ? rest.weight_map : void 0;
  if (typeof placeholder !== "object" || placeholder === null || Array.isArray(placeholder) || Object.keys(placeholder).length !== 0) return null;
  return { rest, keys: pairs.keys, values: pairs.values };
}
function weightMapKeyMayRepeat(text2) {
  if (text2.includes("\\")) return true;
  const first = text2.indexOf('"weight_map"');
  return first >= 0 && text2.indexOf('"weight_map"', first + 1) >= 0;
}
function escapesDirectory(name) {
  if (name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name) || name.includes("\0")) return true;
  return name.split(/[\\/]/).some((seg) => seg === "..");
}

// src/formats/byte-source.ts
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
var FileSource = class {
  constructor(path, name = path) {
    this.path = path;
    this.name = name;
    try {
      this.fd = openSync(path, "r");
    } catch (e) {
      const code2 = e.code;
      throw new FormatError(name, code2 === "ENOENT" ? "no such file" : code2 === "EISDIR" ? "is a directory" : `cannot open: ${code2 ?? String(e)}`);
    }
    const st = fstatSync(this.fd);
    if (st.isDirectory()) {
      closeSync(this.fd);
      throw new FormatError(name, "is a directory");
    }
    this.size = st.size;
  }
  size;
  fd;
  read(offset, length) {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but the file has ${this.size} bytes`);
    }
    const buf = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw new FormatError(this.name, `truncated: file ended at ${offset + done}`);
      done += n;
    }
    return buf;
  }
  close() {
    closeSync(this.fd);
  }
};
var BufferSource = class {
  constructor(bytes, name) {
    this.bytes = bytes;
    this.name = name;
    this.size = bytes.length;
  }
  size;
  read(offset, length) {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but there are ${this.size}`);
    }
    return this.bytes.subarray(offset, offset + length);
  }
  close() {
  }
};

// src/formats/zip/window.ts
var WindowedReader = class {
  constructor(src, windowSize) {
    this.src = src;
    this.windowSize = windowSize;
  }
  start = 0;
  bytes = new Uint8Array(0);
  read(offset, length) {
    const rel = offset - this.start;
    if (rel >= 0 && rel + length <= this.bytes.length) return this.bytes.subarray(rel, rel + length);
    const want = Math.max(length, Math.min(this.windowSize, this.src.size - offset));
    this.bytes = this.src.read(offset, want);
    this.start = offset;
    return this.bytes.subarray(0, length);
  }
};
function u16(b, at) {
  return b[at] | b[at + 1] << 8;
}
function u32(b, at) {
  return (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;
}
function u64(b, at) {
  const lo = u32(b, at);
  const hi = u32(b, at + 4);
  if (hi >= 2097152) return null;
  return hi * 4294967296 + lo;
}

// src/formats/zip/end-record.ts
var ZIP64_LOCATOR_SIG = 117853008;
var ZIP64_EOCD_SIG = 101075792;
var EOCD_SIZE = 22;
var ZIP64_LOCATOR_SIZE = 20;
var ZIP64_EOCD_MIN_SIZE = 56;
var MAX_EOCD_SEARCH = 65535 + EOCD_SIZE;
function endRecordCandidates(src) {
  const size = src.size;
  if (size < EOCD_SIZE) throw new FormatError(src.name, `not a zip archive: ${size} bytes is too short for an end-of-central-directory record`);
  const tailStart = size - Math.min(size, MAX_EOCD_SEARCH);
  const tail = src.read(tailStart, size - tailStart);
  const out = [];
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail[i] === 80 && tail[i + 1] === 75 && tail[i + 2] === 5 && tail[i + 3] === 6) out.push(tailStart + i);
  }
  if (out.length === 0) {
    const startsAsZip = size >= 4 && u32(src.read(0, 4), 0) === 67324752;
    throw new FormatError(
      src.name,
      startsAsZip ? `truncated zip: it starts as a zip archive but has no end-of-central-directory record (the file ends at ${size} bytes)` : "not a zip archive: no end-of-central-directory record in the last 64 KiB"
    );
  }
  return out;
}
function locateCentralDirectory(src, eocdPos, shift = 0) {
  const size = src.size;
  if (eocdPos === void 0) eocdPos = endRecordCandidates(src)[0];
  const at = 0;
  const tail = src.read(eocdPos, Math.min(size - eocdPos, EOCD_SIZE + 65535));
  const disk = u16(tail, at + 4);
  const cdDisk = u16(tail, at + 6);
  let entryCount = u16(tail, at + 10);
  let cdSize = u32(tail, at + 12);
  let cdOffset = u32(tail, at + 16);
  const commentLength = Math.min(u16(tail, at + 20), tail.length - at - EOCD_SIZE);
  const comment2 = tail.slice(at + EOCD_SIZE, at + EOCD_SIZE + commentLength);
  let zip64 = false;
  let limit = eocdPos;
  const locatorPos = eocdPos - ZIP64_LOCATOR_SIZE;
  if (locatorPos >= 0 && u32(src.read(locatorPos, 4), 0) === ZIP64_LOCATOR_SIG) {
    const locator = src.read(locatorPos, ZIP64_LOCATOR_SIZE);
    const recordPos = u64(locator, 8);
    if (recordPos === null || recordPos + ZIP64_EOCD_MIN_SIZE > locatorPos) {
      throw new FormatError(src.name, `bad zip64 locator: end record offset ${recordPos ?? "over 2^53"} does not lie before the locator at ${locatorPos}`);
    }
    const rec = src.read(recordPos, ZIP64_EOCD_MIN_SIZE);
    if (u32(rec, 0) !== ZIP64_EOCD_SIG) throw new FormatError(src.name, `bad zip64 end-of-central-directory record at ${recordPos}: wrong signature`);
    const count2 = u64(rec, 32);
    const size64 = u64(rec, 40);
    const offset64 = u64(rec, 48);
    if (count2 === null || size64 === null || offset64 === null) {
      throw new FormatError(src.name, `zip64 end record at ${recordPos} declares sizes over 2^53 bytes`);
    }
    if (u32(rec, 16) !== 0 || u32(rec, 20) !== 0) throw new FormatError(src.name, "multi-disk (spanned) zip archives are not supported");
    entryCount = count2;
    cdSize = size64;
    cdOffset = offset64;
    zip64 = true;
    limit = recordPos;
  } else if (disk !== 0 || cdDisk !== 0) {
    throw new FormatError(src.name, "multi-disk (spanned) zip archives are not supported");
  }
  const concat2 = limit - cdSize - cdOffset;
  cdOffset += shift;
  if (cdOffset > size) throw new FormatError(src.name, `truncated zip: central directory at ${cdOffset} is past end of file (${size} bytes)`);
  if (cdOffset + cdSize > limit) {
    throw new FormatError(src.name, `truncated zip: central directory at ${cdOffset} (${cdSize} bytes) runs past its end record at ${limit} (file has ${size} bytes)`);
  }
  return { offset: cdOffset, size: cdSize, entryCount, zip64, comment: comment2, limit, concat: concat2, shift, eocdPos };
}

// src/formats/zip/names.ts
var FLAG_UTF8 = 2048;
var CP437_HIGH = "\xC7\xFC\xE9\xE2\xE4\xE0\xE5\xE7\xEA\xEB\xE8\xEF\xEE\xEC\xC4\xC5\xC9\xE6\xC6\xF4\xF6\xF2\xFB\xF9\xFF\xD6\xDC\xA2\xA3\xA5\u20A7\u0192\xE1\xED\xF3\xFA\xF1\xD1\xAA\xBA\xBF\u2310\xAC\xBD\xBC\xA1\xAB\xBB\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580\u03B1\xDF\u0393\u03C0\u03A3\u03C3\xB5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229\u2261\xB1\u2265\u2264\u2320\u2321\xF7\u2248\xB0\u2219\xB7\u221A\u207F\xB2\u25A0\xA0";
var utf8 = new TextDecoder("utf-8");
var ascii7 = new TextDecoder("latin1");
function decodeEntryName(bytes, flags) {
  if (flags & FLAG_UTF8) return utf8.decode(bytes);
  let ascii2 = true;
  for (const b of bytes) if (b >= 128) {
    ascii2 = false;
    break;
  }
  if (ascii2) return ascii7.decode(bytes);
  let s2 = "";
  for (const b of bytes) s2 += b < 128 ? String.fromCharCode(b) : CP437_HIGH[b - 128];
  return s2;
}

// src/formats/byte-string-set.ts
var ByteStringSet = class {
  /**
   * `bytes` holds every string; `start(n)` and `length(n)` say where string n is (called only to
   * compare with a string whose hash bits agree, and to rehash when the table grows).
   */
  constructor(capacity, bytes, start, length) {
    this.bytes = bytes;
    this.start = start;
    this.length = length;
    let slots = 1 << 10;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Int32Array(slots);
  }
  table;
  size = 0;
  /** slots hold `tag << 23 | (number + 1)` while every number is below TAGGED_LIMIT, else `number + 1` */
  tagged = true;
  /** Adds string `n` (bytes start..end); false when an equal string is already in the set. */
  add(n, start, end) {
    return this.addHashed(n, start, end, hashBytes(this.bytes(), start, end));
  }
  /** add() with the hash the caller computed (hashBytes of the same bytes) */
  addHashed(n, start, end, h) {
    if (n >= TAGGED_LIMIT && this.tagged) this.rehash(this.table.length, false);
    if ((this.size + 1) * 2 > this.table.length) this.rehash(this.table.length * 2, this.tagged);
    const table = this.table;
    const mask = table.length - 1;
    const tagged = this.tagged;
    const tag = h >>> 24;
    for (let slot = h & mask; ; slot = slot + 1 & mask) {
      const entry = table[slot];
      if (entry === 0) {
        table[slot] = tagged ? tag << 23 | n + 1 : n + 1;
        this.size++;
        return true;
      }
      if (tagged && entry >>> 23 !== tag) continue;
      if (this.same((tagged ? entry & NUMBER_MASK : entry) - 1, start, end)) return false;
    }
  }
  same(other, start, end) {
    if (this.length(other) !== end - start) return false;
    const b = this.bytes();
    return sameBytes(b, this.start(other), b, start, end - start);
  }
  rehash(slots, tagged) {
    const old = this.table;
    const wasTagged = this.tagged;
    const table = new Int32Array(slots);
    const mask = slots - 1;
    const b = this.bytes();
    for (let k = 0; k < old.length; k++) {
      if (old[k] === 0) continue;
      const n = (wasTagged ? old[k] & NUMBER_MASK : old[k]) - 1;
      const s2 = this.start(n);
      const h = hashBytes(b, s2, s2 + this.length(n));
      let slot = h & mask;
      while (table[slot] !== 0) slot = slot + 1 & mask;
      table[slot] = tagged ? h >>> 24 << 23 | n + 1 : n + 1;
    }
    this.table = table;
    this.tagged = tagged;
  }
};
var TAGGED_LIMIT = (1 << 23) - 1;
var NUMBER_MASK = (1 << 23) - 1;

// src/formats/zip/directory.ts
var ZipDirectory = class {
  count = 0;
  pool;
  poolLength = 0;
  nameStart;
  nameLength;
  flags;
  method;
  crc32;
  compressedSize;
  size;
  localHeaderOffset;
  dataOffset;
  /** decoded local-header names, only for the members whose local name differs from the central one */
  localNames = /* @__PURE__ */ new Map();
  constructor(capacity) {
    const n = Math.max(16, capacity);
    this.pool = new Uint8Array(Math.max(1024, n * 24));
    this.nameStart = new Float64Array(n);
    this.nameLength = new Uint16Array(n);
    this.flags = new Uint16Array(n);
    this.method = new Uint16Array(n);
    this.crc32 = new Uint32Array(n);
    this.compressedSize = new Float64Array(n);
    this.size = new Float64Array(n);
    this.localHeaderOffset = new Float64Array(n);
    this.dataOffset = new Float64Array(n);
  }
  /** Appends a member (its name bytes are copied); returns its index. */
  push(name, flags, method, crc, compressedSize, size, localHeaderOffset, dataOffset) {
    const i = this.count;
    if (i === this.nameLength.length) this.grow();
    this.ascii = this.duplicates = null;
    while (this.poolLength + name.length > this.pool.length) {
      const next = new Uint8Array(this.pool.length * 2);
      next.set(this.pool.subarray(0, this.poolLength));
      this.pool = next;
    }
    this.pool.set(name, this.poolLength);
    this.nameStart[i] = this.poolLength;
    this.poolLength += name.length;
    this.nameLength[i] = name.length;
    this.flags[i] = flags;
    this.method[i] = method;
    this.crc32[i] = crc;
    this.compressedSize[i] = compressedSize;
    this.size[i] = size;
    this.localHeaderOffset[i] = localHeaderOffset;
    this.dataOffset[i] = dataOffset;
    this.count++;
    return i;
  }
  /** the name's raw bytes (a view into the pool: do not keep it past the directory) */
  nameBytes(i) {
    const s2 = this.nameStart[i];
    return this.pool.subarray(s2, s2 + this.nameLength[i]);
  }
  /** the central name, decoded as the loaders decode it */
  nameAt(i) {
    return decodeEntryName(this.nameBytes(i), this.flags[i]);
  }
  localNameAt(i) {
    return this.localNames.get(i) ?? this.nameAt(i);
  }
  /** whether member i's name starts with `ascii` (an ASCII text, as bytes) */
  startsWith(i, ascii2) {
    const n = ascii2.length;
    if (this.nameLength[i] < n) return false;
    const s2 = this.nameStart[i];
    const pool2 = this.pool;
    for (let k = 0; k < n; k++) if (pool2[s2 + k] !== ascii2[k]) return false;
    return true;
  }
  /** whether member i's name is exactly `ascii` */
  is(i, ascii2) {
    return this.nameLength[i] === ascii2.length && this.startsWith(i, ascii2);
  }
  /** whether member i's name ends with `ascii` */
  endsWith(i, ascii2) {
    const n = ascii2.length;
    const len = this.nameLength[i];
    if (len < n) return false;
    const s2 = this.nameStart[i] + len - n;
    const pool2 = this.pool;
    for (let k = 0; k < n; k++) if (pool2[s2 + k] !== ascii2[k]) return false;
    return true;
  }
  /** the byte at position k of member i's name (k may be negative: from the end), or -1 */
  byteAt(i, k) {
    const len = this.nameLength[i];
    const at = k < 0 ? len + k : k;
    return at < 0 || at >= len ? -1 : this.pool[this.nameStart[i] + at];
  }
  /** position of the first `byte` in member i's name from `from`, or -1 */
  indexOf(i, byte, from = 0) {
    const s2 = this.nameStart[i];
    const len = this.nameLength[i];
    const pool2 = this.pool;
    for (let k = from; k < len; k++) if (pool2[s2 + k] === byte) return k;
    return -1;
  }
  /** whether every name is ASCII (then names are equal exactly when their bytes are) */
  allAscii() {
    if (this.ascii === null) {
      const pool2 = this.pool;
      let any = 0;
      for (let k = 0; k < this.poolLength; k++) any |= pool2[k];
      this.ascii = any < 128;
    }
    return this.ascii;
  }
  ascii = null;
  /** Whether two members share a name, on bytes (exact when every name is ASCII; the caller asks nameAt otherwise); kept. */
  hasDuplicateAsciiNames() {
    if (this.duplicates === null) {
      const set = new ByteStringSet(this.count, () => this.pool, (i) => this.nameStart[i], (i) => this.nameLength[i]);
      this.duplicates = false;
      for (let i = 0; i < this.count; i++) {
        const s2 = this.nameStart[i];
        if (!set.add(i, s2, s2 + this.nameLength[i])) {
          this.duplicates = true;
          break;
        }
      }
    }
    return this.duplicates;
  }
  duplicates = null;
  /**
   * Views of the filled part (the columns were sized by the declared count, which an honest archive
   * gives exactly: a copy would cost ~140 MB of copying and a second set at 2,000,000 members).
   */
  trim() {
    const n = this.count;
    this.pool = this.pool.subarray(0, this.poolLength);
    this.nameStart = this.nameStart.subarray(0, n);
    this.nameLength = this.nameLength.subarray(0, n);
    this.flags = this.flags.subarray(0, n);
    this.method = this.method.subarray(0, n);
    this.crc32 = this.crc32.subarray(0, n);
    this.compressedSize = this.compressedSize.subarray(0, n);
    this.size = this.size.subarray(0, n);
    this.localHeaderOffset = this.localHeaderOffset.subarray(0, n);
    this.dataOffset = this.dataOffset.subarray(0, n);
  }
  grow() {
    const n = this.nameLength.length * 2;
    const grown = (a, make) => {
      const next = make(n);
      next.set(a);
      return next;
    };
    this.nameStart = grown(this.nameStart, (k) => new Float64Array(k));
    this.nameLength = grown(this.nameLength, (k) => new Uint16Array(k));
    this.flags = grown(this.flags, (k) => new Uint16Array(k));
    this.method = grown(this.method, (k) => new Uint16Array(k));
    this.crc32 = grown(this.crc32, (k) => new Uint32Array(k));
    this.compressedSize = grown(this.compressedSize, (k) => new Float64Array(k));
    this.size = grown(this.size, (k) => new Float64Array(k));
    this.localHeaderOffset = grown(this.localHeaderOffset, (k) => new Float64Array(k));
    this.dataOffset = grown(this.dataOffset, (k) => new Float64Array(k));
  }
};
function asciiBytes(s2) {
  const out = new Uint8Array(s2.length);
  for (let i = 0; i < s2.length; i++) {
    const c = s2.charCodeAt(i);
    if (c >= 128) return null;
    out[i] = c;
  }
  return out;
}

// src/formats/zip/crc32.ts
var TABLES = buildTables();
function buildTables() {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let s2 = 1; s2 < 8; s2++) {
    const prev = tables[s2 - 1];
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (t0[prev[n] & 255] ^ prev[n] >>> 8) >>> 0;
    tables.push(t);
  }
  return tables;
}
function crc32(data, prev = 0) {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let c = ~prev >>> 0;
  let i = 0;
  const n = data.length;
  const end8 = n - n % 8;
  while (i < end8) {
    const a = (c ^ (data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24)) >>> 0;
    c = t7[a & 255] ^ t6[a >>> 8 & 255] ^ t5[a >>> 16 & 255] ^ t4[a >>> 24] ^ t3[data[i + 4]] ^ t2[data[i + 5]] ^ t1[data[i + 6]] ^ t0[data[i + 7]];
    i += 8;
  }
  while (i < n) c = t0[(c ^ data[i++]) & 255] ^ c >>> 8;
  return ~c >>> 0;
}

// src/formats/zip/entry-data.ts
import { Inflate } from "fflate";

// src/formats/zip/anomalies.ts
var FLAG_ENCRYPTED = 1;
var FLAG_PATCHED = 32;
var FLAG_STRONG_ENCRYPTION = 64;
var FLAG_UNREADABLE = FLAG_ENCRYPTED | FLAG_PATCHED | FLAG_STRONG_ENCRYPTION;
function describeUnreadableFlags(flags) {
  const parts = [];
  if (flags & FLAG_ENCRYPTED) parts.push("encrypted (flag 0x1)");
  if (flags & FLAG_PATCHED) parts.push("compressed patched data (flag 0x20)");
  if (flags & FLAG_STRONG_ENCRYPTION) parts.push("strongly encrypted (flag 0x40)");
  return parts.join(", ");
}
function isUnsafeEntryName(name) {
  const c = name.charCodeAt(0);
  if (c === 47 || c === 92 || name.charCodeAt(1) === 58 && ((c | 32) >= 97 && (c | 32) <= 122)) return true;
  return name.includes("..") && name.split(/[\\/]/).some((seg) => seg === "..");
}
function zipAnomalies(zip) {
  const out = [];
  const d = zip.dir;
  for (let i = 0; i < d.count; i++) {
    const flags = d.flags[i];
    const method = d.method[i];
    const localName = d.localNames.get(i);
    if (flags & FLAG_UNREADABLE || localName !== void 0 || method !== 0 && method !== 8 || mayBeUnsafe(d, i)) {
      const name = d.nameAt(i);
      entryAnomalies(name, localName ?? name, flags, method, out);
    }
  }
  if (!hasDuplicateNames(zip)) return out;
  const counts2 = /* @__PURE__ */ new Map();
  for (const e of zip.entries) counts2.set(e.name, (counts2.get(e.name) ?? 0) + 1);
  const reportedDuplicates = /* @__PURE__ */ new Set();
  for (const e of zip.entries) {
    const n = counts2.get(e.name);
    if (n > 1 && !reportedDuplicates.has(e.name)) {
      reportedDuplicates.add(e.name);
      out.push({ kind: "duplicate-name", entry: e.name, count: n });
    }
  }
  return out;
}
function hasDuplicateNames(zip) {
  return zip.dir.allAscii() ? zip.dir.hasDuplicateAsciiNames() : zip.byName.size !== zip.entries.length;
}
var SLASH = 47;
var BACKSLASH2 = 92;
var COLON2 = 58;
var DOT = 46;
function mayBeUnsafe(d, i) {
  const c = d.byteAt(i, 0);
  if (c === SLASH || c === BACKSLASH2 || d.byteAt(i, 1) === COLON2) return true;
  for (let at = d.indexOf(i, DOT); at >= 0; at = d.indexOf(i, DOT, at + 1)) if (d.byteAt(i, at + 1) === DOT) return true;
  return false;
}
function entryAnomalies(name, localName, flags, method, out) {
  if (flags & FLAG_UNREADABLE) out.push({ kind: "unreadable-flags", entry: name, flags, detail: describeUnreadableFlags(flags) });
  if (localName !== name) out.push({ kind: "name-mismatch", entry: name, localName });
  if (isUnsafeEntryName(name) || localName !== name && isUnsafeEntryName(localName)) out.push({ kind: "unsafe-path", entry: name });
  if (method !== 0 && method !== 8) out.push({ kind: "unsupported-method", entry: name, method });
}

// src/formats/zip/entry-data.ts
var DEFAULT_MAX_ENTRY_BYTES = 1 << 30;
var STORED_CHUNK = 1 << 20;
var DEFLATE_CHUNK = 1 << 16;
function streamEntry(zip, e, onChunk, opts = {}) {
  const file = zip.source.name;
  checkReadable(file, e, opts.ignoreFlags ?? false);
  let produced = 0;
  let crc = 0;
  let stopped = false;
  const emit = (chunk) => {
    if (stopped || chunk.length === 0) return;
    produced += chunk.length;
    if (produced > e.size) throw new FormatError(file, `bad zip: entry "${e.name}" inflates past its declared size of ${e.size} bytes`);
    if (opts.verifyCrc) crc = crc32(chunk, crc);
    if (onChunk(chunk) === false) stopped = true;
  };
  if (e.method === 0) {
    for (let off = 0; off < e.compressedSize && !stopped; off += STORED_CHUNK) {
      emit(zip.source.read(e.dataOffset + off, Math.min(STORED_CHUNK, e.compressedSize - off)));
    }
  } else {
    const inflater = new Inflate((data) => emit(data));
    try {
      for (let off = 0; off < e.compressedSize && !stopped; off += DEFLATE_CHUNK) {
        const n = Math.min(DEFLATE_CHUNK, e.compressedSize - off);
        inflater.push(zip.source.read(e.dataOffset + off, n), off + n >= e.compressedSize);
      }
      if (e.compressedSize === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw new FormatError(file, `bad zip: entry "${e.name}" is not valid deflate data (${err.message})`, { cause: err });
    }
  }
  if (stopped) return;
  if (produced !== e.size) {
    throw new FormatError(file, `bad zip: entry "${e.name}" holds ${produced} bytes but declares ${e.size}`);
  }
  if (opts.verifyCrc && crc !== e.crc32) {
    throw new FormatError(file, `bad zip: CRC-32 mismatch in entry "${e.name}": stored ${hex(e.crc32)}, computed ${hex(crc)}`);
  }
}
function readEntry(zip, e, opts = {}) {
  const max = opts.maxBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  if (e.size > max) {
    throw new FormatError(zip.source.name, `zip entry "${e.name}" is ${e.size} bytes, over the ${max}-byte limit for reading it whole`);
  }
  if (e.method === 0 && !opts.verifyCrc) {
    checkReadable(zip.source.name, e, opts.ignoreFlags ?? false);
    return zip.source.read(e.dataOffset, e.size);
  }
  const chunks = [];
  streamEntry(zip, e, (c) => void chunks.push(c), opts);
  return concat(chunks, e.size);
}
function readEntryPrefix(zip, e, n, opts = {}) {
  const want = Math.min(n, e.size);
  if (e.method === 0) {
    checkReadable(zip.source.name, e, opts.ignoreFlags ?? false);
    return zip.source.read(e.dataOffset, want);
  }
  const chunks = [];
  let got = 0;
  streamEntry(
    zip,
    e,
    (c) => {
      chunks.push(c);
      got += c.length;
      return got < want;
    },
    opts
  );
  return concat(chunks, got).subarray(0, want);
}
function entryLocation(zip, e, file) {
  checkReadable(zip.source.name, e, false);
  if (e.method === 0) return { kind: "raw", file, offset: e.dataOffset, length: e.size, crc32: e.crc32 };
  return { kind: "deflate", file, offset: e.dataOffset, compressedLength: e.compressedSize, length: e.size, entry: e.name };
}
function checkReadable(file, e, ignoreFlags) {
  if (e.method !== 0 && e.method !== 8) {
    throw new FormatError(file, `zip entry "${e.name}" uses compression method ${e.method}${METHOD_NAMES[e.method] ? ` (${METHOD_NAMES[e.method]})` : ""}; only stored and deflate are supported`);
  }
  if (!ignoreFlags && e.flags & FLAG_UNREADABLE) {
    throw new FormatError(file, `zip entry "${e.name}" is ${describeUnreadableFlags(e.flags)}; PyTorch and numpy cannot read it`);
  }
  if (e.method === 0 && e.compressedSize !== e.size) {
    const why = e.flags & 1 ? " (it is really encrypted)" : "";
    throw new FormatError(file, `bad zip: stored entry "${e.name}" has ${e.compressedSize} bytes but declares size ${e.size}${why}`);
  }
}
var METHOD_NAMES = { 1: "shrink", 6: "implode", 9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstd", 95: "xz", 99: "AES" };
function concat(chunks, total) {
  if (chunks.length === 1 && chunks[0].length === total) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, total - at), at);
    at += Math.min(c.length, total - at);
  }
  return out;
}
function hex(n) {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

// src/formats/zip/reader.ts
var ColumnArchive = class {
  constructor(source, dir, zip64, comment2, shiftedBy) {
    this.source = source;
    this.dir = dir;
    this.zip64 = zip64;
    this.comment = comment2;
    this.shiftedBy = shiftedBy;
  }
  made = /* @__PURE__ */ new Map();
  all = null;
  names = null;
  alternates;
  otherViews;
  entryAt(i) {
    if (this.all) return this.all[i];
    let e = this.made.get(i);
    if (!e) {
      const d = this.dir;
      const name = d.nameAt(i);
      e = {
        name,
        localName: d.localNames.get(i) ?? name,
        method: d.method[i],
        flags: d.flags[i],
        compressedSize: d.compressedSize[i],
        size: d.size[i],
        crc32: d.crc32[i],
        localHeaderOffset: d.localHeaderOffset[i],
        dataOffset: d.dataOffset[i]
      };
      this.made.set(i, e);
    }
    return e;
  }
  get entries() {
    if (!this.all) {
      const out = new Array(this.dir.count);
      for (let i = 0; i < out.length; i++) out[i] = this.entryAt(i);
      this.all = out;
      this.made.clear();
    }
    return this.all;
  }
  get byName() {
    if (!this.names) {
      const entries = this.entries;
      const m = /* @__PURE__ */ new Map();
      for (let i = entries.length - 1; i >= 0; i--) m.set(entries[i].name, entries[i]);
      this.names = m;
    }
    return this.names;
  }
  find(name) {
    if (this.names) {
      const e = this.names.get(name);
      return e ? this.entries.indexOf(e) : -1;
    }
    const ascii2 = asciiBytes(name);
    const d = this.dir;
    if (ascii2) {
      for (let i = 0; i < d.count; i++) if (d.is(i, ascii2)) return i;
      return -1;
    }
    for (let i = 0; i < d.count; i++) if (d.nameAt(i) === name) return i;
    return -1;
  }
};
var MAX_END_RECORDS = 16;
var CENTRAL_SIG = 33639248;
var LOCAL_SIG = 67324752;
var CENTRAL_FIXED = 46;
var LOCAL_FIXED = 30;
var ZIP64_EXTRA_ID = 1;
function isZip(head) {
  return head.length >= 4 && head[0] === 80 && head[1] === 75 && (head[2] === 3 && head[3] === 4 || head[2] === 5 && head[3] === 6);
}
function openZip(src) {
  const candidates = endRecordCandidates(src);
  let primary = null;
  let firstError = null;
  const alternates = [];
  const views = [];
  const tried = candidates.slice(0, MAX_END_RECORDS);
  if (candidates.length > tried.length) views.push(`${candidates.length} end-of-central-directory signatures: only the last ${tried.length} were read`);
  for (const at of tried) {
    for (const shift of [0, null]) {
      let archive;
      try {
        const loc = locateCentralDirectory(src, at);
        if (shift === null && loc.concat <= 0) continue;
        archive = listArchive(src, shift === null ? locateCentralDirectory(src, at, loc.concat) : loc);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        if (at === candidates[0] && shift === 0) firstError = e;
        continue;
      }
      if (!primary) {
        primary = archive;
        if (at !== candidates[0] || shift !== 0) views.push(`the end record loaders read (at ${candidates[0]}) does not parse (${firstError?.message ?? "no directory"}); sdmatch read the one at ${at}${shift === null ? " with zipfile's offset shift" : ""}`);
      } else if (!sameMembers(primary, archive)) {
        alternates.push(archive);
        const who = shift === null ? `Python zipfile, shifting offsets by the ${archive.shiftedBy} bytes in front of the archive,` : `another end record, at ${at},`;
        views.push(`${who} lists ${archive.dir.count} member(s) (${[0, 1, 2].filter((i) => i < archive.dir.count).map((i) => archive.dir.nameAt(i)).join(", ")}) unlike the central directory miniz and zipfile read: they were scanned too`);
      }
    }
  }
  if (!primary) throw firstError ?? new FormatError(src.name, "bad zip: no end-of-central-directory record leads to a central directory");
  if (alternates.length > 0) primary.alternates = alternates;
  views.push(...primary.otherViews ?? []);
  if (views.length > 0) primary.otherViews = views;
  return primary;
}
function sameMembers(a, b) {
  const x = a.dir;
  const y = b.dir;
  if (x.count !== y.count) return false;
  for (let i = 0; i < x.count; i++) {
    if (x.dataOffset[i] !== y.dataOffset[i] || x.compressedSize[i] !== y.compressedSize[i] || x.method[i] !== y.method[i]) return false;
    const sameName = x.flags[i] === y.flags[i] && sameBytes2(x.nameBytes(i), y.nameBytes(i)) || x.nameAt(i) === y.nameAt(i);
    if (!sameName) return false;
  }
  return true;
}
function listArchive(src, loc) {
  const notes = [];
  if (loc.entryCount * CENTRAL_FIXED > loc.size) {
    notes.push(`bad zip: end record declares ${loc.entryCount} entries but the central directory has only ${loc.size} bytes (miniz refuses it; zipfile reads the directory by its size)`);
  }
  const central = new WindowedReader(src, 1 << 20);
  const dense = src instanceof FileSource && src.size / Math.max(1, loc.entryCount) < 1 << 14;
  const local = new WindowedReader(src, dense ? 1 << 16 : 1 << 12);
  const dir = new ZipDirectory(Math.min(loc.entryCount, Math.floor(loc.size / CENTRAL_FIXED)));
  const cdEnd = loc.offset + loc.size;
  let pos = loc.offset;
  while (pos + CENTRAL_FIXED <= cdEnd) pos = readCentralEntry(src, central, local, pos, cdEnd, dir, loc.shift);
  dir.trim();
  const count2 = dir.count;
  const declaredMatches = count2 === loc.entryCount || !loc.zip64 && count2 % 65536 === loc.entryCount;
  if (!declaredMatches && notes.length === 0) {
    notes.push(`bad zip: central directory holds ${count2} entries but the end record declares ${loc.entryCount} (miniz reads the declared number, zipfile all of them)`);
  }
  if (count2 === 0 && notes.length > 0) throw new FormatError(src.name, notes[0].replace(/ \(miniz.*\)$/, ""));
  const archive = new ColumnArchive(src, dir, loc.zip64, new TextDecoder("utf-8").decode(loc.comment), loc.shift);
  if (notes.length > 0) archive.otherViews = notes;
  return archive;
}
function readCentralEntry(src, central, local, pos, cdEnd, dir, shift) {
  const index2 = dir.count;
  const fixed = central.read(pos, CENTRAL_FIXED);
  if (u32(fixed, 0) !== CENTRAL_SIG) throw new FormatError(src.name, `bad zip: central directory entry #${index2} at ${pos} has a wrong signature`);
  const flags = u16(fixed, 8);
  const method = u16(fixed, 10);
  const crc = u32(fixed, 16);
  let compressedSize = u32(fixed, 20);
  let size = u32(fixed, 24);
  const nameLength = u16(fixed, 28);
  const extraLength = u16(fixed, 30);
  const commentLength = u16(fixed, 32);
  let localHeaderOffset = u32(fixed, 42);
  const next = pos + CENTRAL_FIXED + nameLength + extraLength + commentLength;
  if (next > cdEnd) throw new FormatError(src.name, `bad zip: central directory entry #${index2} at ${pos} runs past the end of the central directory`);
  const nameBytes = central.read(pos + CENTRAL_FIXED, nameLength);
  const name = () => decodeEntryName(nameBytes, flags);
  if (compressedSize === 4294967295 || size === 4294967295 || localHeaderOffset === 4294967295) {
    const extra = central.read(pos + CENTRAL_FIXED + nameLength, extraLength);
    const z = parseZip64Extra(extra, size === 4294967295, compressedSize === 4294967295, localHeaderOffset === 4294967295);
    if (!z) throw new FormatError(src.name, `bad zip: entry "${name()}" needs a zip64 extra field but has none (or it is short or over 2^53)`);
    size = z.size ?? size;
    compressedSize = z.compressedSize ?? compressedSize;
    localHeaderOffset = z.localHeaderOffset ?? localHeaderOffset;
  }
  localHeaderOffset += shift;
  const fileSize = src.size;
  if (localHeaderOffset + LOCAL_FIXED > fileSize) {
    throw new FormatError(src.name, `truncated zip: entry "${name()}" local header at ${localHeaderOffset} is past end of file (${fileSize} bytes)`);
  }
  const i = dir.push(nameBytes, flags, method, crc, compressedSize, size, localHeaderOffset, 0);
  const head = local.read(localHeaderOffset, LOCAL_FIXED);
  if (u32(head, 0) !== LOCAL_SIG) throw new FormatError(src.name, `bad zip: entry "${dir.nameAt(i)}" has no local header at ${localHeaderOffset}`);
  const localNameLength = u16(head, 26);
  const localExtraLength = u16(head, 28);
  const dataOffset = localHeaderOffset + LOCAL_FIXED + localNameLength + localExtraLength;
  if (dataOffset > fileSize) {
    throw new FormatError(src.name, `truncated zip: entry "${dir.nameAt(i)}" local header at ${localHeaderOffset} runs past end of file (${fileSize} bytes)`);
  }
  const localFlags = u16(head, 6);
  const localNameBytes = local.read(localHeaderOffset + LOCAL_FIXED, localNameLength);
  if ((localFlags & FLAG_UTF8) !== (flags & FLAG_UTF8) || !sameBytes2(localNameBytes, dir.nameBytes(i))) {
    const localName = decodeEntryName(localNameBytes, localFlags);
    if (localName !== dir.nameAt(i)) dir.localNames.set(i, localName);
  }
  if (dataOffset + compressedSize > fileSize) {
    throw new FormatError(
      src.name,
      `truncated zip: entry "${dir.nameAt(i)}" data at ${dataOffset} (${compressedSize} bytes) runs past end of file (${fileSize} bytes)`
    );
  }
  dir.dataOffset[i] = dataOffset;
  return next;
}
function sameBytes2(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function parseZip64Extra(extra, needSize, needCompressed, needOffset) {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = u16(extra, p);
    const len = u16(extra, p + 2);
    const body = extra.subarray(p + 4, Math.min(extra.length, p + 4 + len));
    p += 4 + len;
    if (id !== ZIP64_EXTRA_ID) continue;
    const out = {};
    let q = 0;
    const take = () => {
      if (q + 8 > body.length) return null;
      const v = u64(body, q);
      q += 8;
      return v;
    };
    if (needSize) {
      const v = take();
      if (v === null) return null;
      out.size = v;
    }
    if (needCompressed) {
      const v = take();
      if (v === null) return null;
      out.compressedSize = v;
    }
    if (needOffset) {
      const v = take();
      if (v === null) return null;
      out.localHeaderOffset = v;
    }
    return out;
  }
  return null;
}

// src/formats/numpy.ts
var MAGIC = [147, 78, 85, 77, 80, 89];
var MAX_NPY_HEADER = 1 << 20;
function isNpy(head) {
  return head.length >= 6 && MAGIC.every((b, i) => head[i] === b);
}
function readNpyHeader(src, offset, file) {
  const available = src.size - offset;
  if (available < 10) throw new FormatError(file, `truncated npy: ${Math.max(available, 0)} bytes is too short for the npy preamble`);
  const preamble = src.read(offset, Math.min(12, available));
  const { headerStart, headerLength } = readPreamble(preamble, available, file);
  const h = parseNpyHeaderText(src.read(offset + headerStart, headerLength), preamble[6], file);
  return finish(h, offset, headerStart + headerLength, available, file);
}
function readNpyHeaderFromEntry(zip, e, file) {
  const preamble = readEntryPrefix(zip, e, 12);
  if (preamble.length < 10) throw new FormatError(file, `truncated npy in "${e.name}": ${preamble.length} bytes is too short for the npy preamble`);
  const { headerStart, headerLength } = readPreamble(preamble, e.size, file);
  const whole = readEntryPrefix(zip, e, headerStart + headerLength);
  const h = parseNpyHeaderText(whole.subarray(headerStart), preamble[6], file);
  return finish(h, 0, headerStart + headerLength, e.size, file);
}
function readNpz(zip, file) {
  const members = [];
  const others = [];
  for (const e of zip.entries) {
    let header = null;
    try {
      if (!e.name.endsWith("/") && e.size >= 10 && (e.method === 0 || e.method === 8) && isNpy(readEntryPrefix(zip, e, 6, { ignoreFlags: true }))) {
        header = readNpyHeaderFromEntry(zip, e, file);
      }
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
    }
    if (!header) {
      others.push(e);
      continue;
    }
    const key = e.name.endsWith(".npy") ? e.name.slice(0, -4) : e.name;
    members.push({ key, entry: e, header });
  }
  return { members, others };
}
function npyPayloadStart(preamble, available, file) {
  const { headerStart, headerLength } = readPreamble(preamble, available, file);
  return headerStart + headerLength;
}
function readPreamble(p, available, file) {
  if (!isNpy(p)) throw new FormatError(file, "not an npy array: missing the \\x93NUMPY magic");
  const major = p[6];
  let headerStart;
  let headerLength;
  if (major === 1) {
    headerStart = 10;
    headerLength = p[8] | p[9] << 8;
  } else if (major === 2 || major === 3) {
    if (p.length < 12) throw new FormatError(file, `truncated npy: version ${major} preamble needs 12 bytes`);
    headerStart = 12;
    headerLength = (p[8] | p[9] << 8 | p[10] << 16 | p[11] << 24) >>> 0;
  } else {
    throw new FormatError(file, `unsupported npy format version ${major}.${p[7]}`);
  }
  if (headerLength > MAX_NPY_HEADER) throw new FormatError(file, `bad npy: header length ${headerLength} is over the ${MAX_NPY_HEADER}-byte limit`);
  if (headerStart + headerLength > available) {
    throw new FormatError(file, `truncated npy: header of ${headerLength} bytes runs past the end (${available} bytes)`);
  }
  return { headerStart, headerLength };
}
function parseNpyHeaderText(bytes, major, file) {
  const text2 = new TextDecoder(major >= 3 ? "utf-8" : "latin1").decode(bytes);
  let lit2;
  try {
    lit2 = parsePyLiteral(text2);
  } catch (e) {
    throw new FormatError(file, `bad npy header: ${e.message} in ${JSON.stringify(text2.trim().slice(0, 120))}`);
  }
  if (!(lit2 instanceof Map)) throw new FormatError(file, "bad npy header: not a dict");
  const keys = [...lit2.keys()].sort().join(",");
  if (keys !== "descr,fortran_order,shape") throw new FormatError(file, `bad npy header: keys are {${keys}}, expected descr, fortran_order, shape`);
  const fortranOrder = lit2.get("fortran_order");
  if (typeof fortranOrder !== "boolean") throw new FormatError(file, "bad npy header: fortran_order is not True or False");
  const shape4 = lit2.get("shape");
  if (!Array.isArray(shape4) || !shape4.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
    throw new FormatError(file, "bad npy header: shape is not a tuple of non-negative integers");
  }
  const descr = lit2.get("descr");
  if (typeof descr === "string") return { ...simpleDescr(descr), fortranOrder, shape: shape4 };
  if (!Array.isArray(descr)) throw new FormatError(file, "bad npy header: descr is neither a type string nor a field list");
  const holds = descrHoldsObjects(descr);
  return { descr: reprFieldList(descr), dtype: null, objectArray: holds === "yes", unknownDescr: holds === "unknown", bigEndian: false, itemsize: null, fortranOrder, shape: shape4 };
}
var BY_NUMPY_CODE = /* @__PURE__ */ new Map();
for (const [name, info] of Object.entries(DTYPES)) if (info.numpy) BY_NUMPY_CODE.set(info.numpy, name);
function simpleDescr(descr) {
  const order = "<>|=".includes(descr[0] ?? "") ? descr[0] : "";
  const code2 = descr.slice(order.length);
  const dtype = BY_NUMPY_CODE.get(code2) ?? null;
  const holds = dtype ? "no" : descrHoldsObjects(descr);
  return {
    descr,
    dtype,
    objectArray: holds === "yes",
    unknownDescr: holds === "unknown",
    bigEndian: order === ">" && dtype !== null && DTYPES[dtype].itemsize > 1,
    itemsize: dtype ? DTYPES[dtype].itemsize : null
  };
}
function reprFieldList(fields2) {
  const repr = (v, asTuple) => {
    if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
    if (Array.isArray(v)) {
      const inner = v.map((x) => repr(x, true)).join(", ");
      return asTuple ? `(${inner}${v.length === 1 ? "," : ""})` : `[${inner}]`;
    }
    if (v instanceof Map) return `{${[...v].map(([k, x]) => `${repr(k, true)}: ${repr(x, true)}`).join(", ")}}`;
    return v === null ? "None" : typeof v === "boolean" ? v ? "True" : "False" : String(v);
  };
  return repr(fields2, false);
}
function descrHoldsObjects(d) {
  if (typeof d === "string") {
    const code2 = d.replace(/^[<>|=]/, "");
    if (OBJECT_SPELLING.test(code2)) return "yes";
    return PLAIN_CODE.test(code2) || PLAIN_NAME.test(code2) ? "no" : "unknown";
  }
  if (!Array.isArray(d)) return "unknown";
  const isShape = (x) => typeof x === "number" || Array.isArray(x) && x.every((n) => typeof n === "number");
  if (d.length === 2 && (typeof d[0] === "string" || Array.isArray(d[0])) && isShape(d[1]) && !d.every(Array.isArray)) return descrHoldsObjects(d[0]);
  let worst = "no";
  for (const f of d) {
    if (!Array.isArray(f) || f.length < 2 || f.length > 3) return "unknown";
    const r = descrHoldsObjects(f[1]);
    if (r === "yes") return "yes";
    if (r === "unknown") worst = "unknown";
  }
  return worst;
}
var OBJECT_SPELLING = /^(O\d*|object_?|object0)$/;
var PLAIN_CODE = /^[?bBhHiIlLqQpPnNefdgFDGSUVaMmc]\d*(\[[A-Za-z0-9]+\])?$/;
var PLAIN_NAME = /^(u?int(8|16|32|64|p|c)?|float(16|32|64|96|128)?|complex(64|128|192|256)?|bool8?|bool_|str_?|bytes_?|unicode_?|void\d*|half|single|double|longdouble|longfloat|byte|ubyte|short|ushort|intc|uintc|intp|uintp|longlong|ulonglong|csingle|cdouble|clongdouble|float_|int_|uint|datetime64(\[\w+\])?|timedelta64(\[\w+\])?)$/;
function finish(f, base, headerEnd, available, file) {
  let numel2 = 1;
  for (const d of f.shape) numel2 *= d;
  if (!Number.isSafeInteger(numel2)) throw new FormatError(file, `bad npy header: shape (${f.shape.join(", ")}) has too many elements`);
  if (f.itemsize !== null && !f.objectArray && !f.unknownDescr) {
    const bytes = numel2 * f.itemsize;
    if (!Number.isSafeInteger(bytes) || headerEnd + bytes > available) {
      throw new FormatError(file, `truncated npy: ${f.descr} (${f.shape.join(", ")}) needs ${bytes} bytes after the header but ${available - headerEnd} remain`);
    }
  }
  return { dtype: f.dtype, descr: f.descr, fortranOrder: f.fortranOrder, shape: f.shape, dataOffset: base + headerEnd, objectArray: f.objectArray, unknownDescr: f.unknownDescr, bigEndian: f.bigEndian };
}
var MAX_DEPTH = 32;
function parsePyLiteral(text2) {
  let i = 0;
  const ws = () => {
    while (i < text2.length && " 	\r\n".includes(text2[i])) i++;
  };
  const value = (depth2) => {
    if (depth2 > MAX_DEPTH) throw new Error("nested too deeply");
    ws();
    const c = text2[i];
    if (c === void 0) throw new Error("unexpected end");
    if (c === "{") return dict(depth2);
    if (c === "(" || c === "[") return sequence(c === "(" ? ")" : "]", depth2);
    if (c === "'" || c === '"') return str();
    if (/[-+0-9]/.test(c)) return int();
    for (const [word, v2] of [["True", true], ["False", false], ["None", null]]) {
      if (text2.startsWith(word, i)) {
        i += word.length;
        return v2;
      }
    }
    throw new Error(`unexpected ${JSON.stringify(c)} at ${i}`);
  };
  const expect = (ch) => {
    ws();
    if (text2[i] !== ch) throw new Error(`expected ${JSON.stringify(ch)} at ${i}`);
    i++;
  };
  const dict = (depth2) => {
    const m = /* @__PURE__ */ new Map();
    i++;
    for (; ; ) {
      ws();
      if (text2[i] === "}") {
        i++;
        return m;
      }
      const k = value(depth2 + 1);
      if (typeof k !== "string") throw new Error("dict key is not a string");
      expect(":");
      if (m.has(k)) throw new Error(`duplicate key ${JSON.stringify(k)}`);
      m.set(k, value(depth2 + 1));
      ws();
      if (text2[i] === ",") i++;
      else if (text2[i] !== "}") throw new Error(`expected ',' or '}' at ${i}`);
    }
  };
  const sequence = (close, depth2) => {
    const out = [];
    i++;
    for (; ; ) {
      ws();
      if (text2[i] === close) {
        i++;
        return out;
      }
      out.push(value(depth2 + 1));
      ws();
      if (text2[i] === ",") i++;
      else if (text2[i] !== close) throw new Error(`expected ',' or '${close}' at ${i}`);
    }
  };
  const str = () => {
    const q = text2[i];
    i++;
    let s2 = "";
    while (i < text2.length && text2[i] !== q) {
      if (text2[i] !== "\\") {
        s2 += text2[i++];
        continue;
      }
      const e = text2[i + 1];
      const simple = { n: "\n", t: "	", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
      if (e !== void 0 && simple[e] !== void 0) {
        s2 += simple[e];
        i += 2;
        continue;
      }
      const hexLen = e === "x" ? 2 : e === "u" ? 4 : 0;
      const hex2 = text2.slice(i + 2, i + 2 + hexLen);
      if (!hexLen || !/^[0-9a-fA-F]+$/.test(hex2) || hex2.length !== hexLen) throw new Error(`unsupported escape at ${i}`);
      s2 += String.fromCharCode(parseInt(hex2, 16));
      i += 2 + hexLen;
    }
    if (i >= text2.length) throw new Error("unterminated string");
    i++;
    return s2;
  };
  const int = () => {
    const m = /^[-+]?[0-9]+[lL]?/.exec(text2.slice(i, i + 40));
    if (!m) throw new Error(`bad number at ${i}`);
    i += m[0].length;
    if (text2[i] === "." || text2[i] === "e" || text2[i] === "E") throw new Error(`floats are not expected (at ${i})`);
    const n = Number(m[0].replace(/[lL]$/, ""));
    if (!Number.isSafeInteger(n)) throw new Error(`integer ${m[0]} is too large`);
    return n;
  };
  const v = value(0);
  ws();
  if (i !== text2.length) throw new Error(`unexpected text after the literal at ${i}`);
  return v;
}

// src/formats/pickle/dict-keys.ts
function keyOf(v) {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return "i" + v;
    case "bigint":
      return "i" + v.toString();
    case "boolean":
      return v ? "i1" : "i0";
    case "object":
      if (v === null) return "n";
      if (v.kind === "float") {
        const f = v.value;
        if (Number.isNaN(f)) return void 0;
        if (Number.isInteger(f)) return "i" + (Number.isSafeInteger(f) ? String(f === 0 ? 0 : f) : BigInt(f).toString());
        return "f" + f;
      }
      return void 0;
    default:
      return void 0;
  }
}
var INDEX_FROM = 8;
var DictKeyIndex = class {
  indexes = /* @__PURE__ */ new Map();
  /** the dict last indexed: SETITEMS sets up to 1,000 keys of one dict in a row */
  lastEntries = null;
  lastIndex;
  /** `entries[key] = value` with Python's overwrite rule. */
  set(entries, key, value) {
    const k = keyOf(key);
    if (k === void 0) {
      entries.push([key, value]);
      return;
    }
    let index2;
    if (entries === this.lastEntries) index2 = this.lastIndex;
    else {
      index2 = this.indexes.get(entries);
      if (index2 !== void 0) {
        this.lastEntries = entries;
        this.lastIndex = index2;
      }
    }
    if (index2 === void 0) {
      if (entries.length < INDEX_FROM) {
        for (const entry of entries) {
          const other = entry[0];
          if (typeof key === "string" ? other === key : typeof other !== "string" && keyOf(other) === k) {
            entry[1] = value;
            return;
          }
        }
        entries.push([key, value]);
        return;
      }
      index2 = { str: /* @__PURE__ */ new Map(), other: /* @__PURE__ */ new Map() };
      for (let i = 0; i < entries.length; i++) {
        const ek = entries[i][0];
        const tag = keyOf(ek);
        if (tag !== void 0) (typeof ek === "string" ? index2.str : index2.other).set(tag, i);
      }
      this.indexes.set(entries, index2);
      this.lastEntries = entries;
      this.lastIndex = index2;
    }
    const map = typeof key === "string" ? index2.str : index2.other;
    const at = map.get(k);
    if (at !== void 0) {
      entries[at][1] = value;
      return;
    }
    map.set(k, entries.length);
    entries.push([key, value]);
  }
};

// src/formats/pickle/opcodes.ts
var Op = {
  // protocol 0/1
  MARK: 40,
  // (
  STOP: 46,
  // .
  POP: 48,
  // 0
  POP_MARK: 49,
  // 1
  DUP: 50,
  // 2
  FLOAT: 70,
  // F
  INT: 73,
  // I
  BININT: 74,
  // J
  BININT1: 75,
  // K
  LONG: 76,
  // L
  BININT2: 77,
  // M
  NONE: 78,
  // N
  PERSID: 80,
  // P
  BINPERSID: 81,
  // Q
  REDUCE: 82,
  // R
  STRING: 83,
  // S
  BINSTRING: 84,
  // T
  SHORT_BINSTRING: 85,
  // U
  UNICODE: 86,
  // V
  BINUNICODE: 88,
  // X
  APPEND: 97,
  // a
  BUILD: 98,
  // b
  GLOBAL: 99,
  // c
  DICT: 100,
  // d
  EMPTY_DICT: 125,
  // }
  APPENDS: 101,
  // e
  GET: 103,
  // g
  BINGET: 104,
  // h
  INST: 105,
  // i
  LONG_BINGET: 106,
  // j
  LIST: 108,
  // l
  EMPTY_LIST: 93,
  // ]
  OBJ: 111,
  // o
  PUT: 112,
  // p
  BINPUT: 113,
  // q
  LONG_BINPUT: 114,
  // r
  SETITEM: 115,
  // s
  TUPLE: 116,
  // t
  EMPTY_TUPLE: 41,
  // )
  SETITEMS: 117,
  // u
  BINFLOAT: 71,
  // G
  // protocol 2
  PROTO: 128,
  NEWOBJ: 129,
  EXT1: 130,
  EXT2: 131,
  EXT4: 132,
  TUPLE1: 133,
  TUPLE2: 134,
  TUPLE3: 135,
  NEWTRUE: 136,
  NEWFALSE: 137,
  LONG1: 138,
  LONG4: 139,
  // protocol 3
  BINBYTES: 66,
  // B
  SHORT_BINBYTES: 67,
  // C
  // protocol 4
  SHORT_BINUNICODE: 140,
  BINUNICODE8: 141,
  BINBYTES8: 142,
  EMPTY_SET: 143,
  ADDITEMS: 144,
  FROZENSET: 145,
  NEWOBJ_EX: 146,
  STACK_GLOBAL: 147,
  MEMOIZE: 148,
  FRAME: 149,
  // protocol 5
  BYTEARRAY8: 150,
  NEXT_BUFFER: 151,
  READONLY_BUFFER: 152
};
var HIGHEST_PROTOCOL = 5;
var NAMES = new Array(256).fill(void 0);
for (const [name, code2] of Object.entries(Op)) NAMES[code2] = name;
function describeOpcode(code2) {
  const hex2 = `0x${code2.toString(16).padStart(2, "0")}`;
  const name = NAMES[code2];
  return name ? `${hex2} ${name}` : hex2;
}
function opName(code2) {
  return NAMES[code2];
}

// src/formats/pickle/reader.ts
import { Buffer as Buffer3 } from "node:buffer";
var WINDOW = 64 * 1024;
var MAX_ASCII = 256;
var PickleReader = class {
  constructor(src, start) {
    this.src = src;
    this.pos = start;
    this.size = src.size;
  }
  buf = new Uint8Array(0);
  /** `buf` as a Buffer (same memory), to make strings straight from the window without a view per string */
  chars = Buffer3.alloc(0);
  bufStart = 0;
  bufEnd = 0;
  /** absolute offset of the next unread byte */
  pos;
  size;
  get name() {
    return this.src.name;
  }
  remaining() {
    return this.size - this.pos;
  }
  /** One byte, or -1 at the end of the source. */
  byte() {
    const pos = this.pos;
    if (pos >= this.bufEnd || pos < this.bufStart) {
      if (pos >= this.size) return -1;
      this.fill(pos, 1);
    }
    this.pos = pos + 1;
    return this.buf[pos - this.bufStart];
  }
  /**
   * A view of the next `n` bytes. The caller has checked `n <= remaining()` (so a declared length is
   * validated before anything is allocated for it).
   */
  take(n) {
    const pos = this.pos;
    if (pos < this.bufStart || pos + n > this.bufEnd) this.fill(pos, n);
    this.pos = pos + n;
    const at = pos - this.bufStart;
    return this.buf.subarray(at, at + n);
  }
  /**
   * Little-endian unsigned integer of `n` ≤ 4 bytes read straight from the window (no view object: the
   * machine reads millions of these). The caller has checked `n <= remaining()`.
   */
  uint(n) {
    const pos = this.pos;
    if (pos < this.bufStart || pos + n > this.bufEnd) this.fill(pos, n);
    const buf = this.buf;
    const at = pos - this.bufStart;
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + buf[at + i];
    this.pos = pos + n;
    return v;
  }
  /**
   * The next `n` bytes as a string when they are all ASCII (UTF-8 and Latin-1 then read them alike),
   * consuming them; null, consuming nothing, when one is not or `n` is large. Keys and storage names
   * are short ASCII: this spares a view object and a decoder call for each of 200,000 of them. The
   * caller has checked `n <= remaining()`.
   */
  ascii(n) {
    if (n > MAX_ASCII) return null;
    const pos = this.pos;
    if (pos < this.bufStart || pos + n > this.bufEnd) this.fill(pos, n);
    const buf = this.buf;
    const at = pos - this.bufStart;
    const end = at + n;
    for (let i = at; i < end; i++) if (buf[i] > 127) return null;
    this.pos = pos + n;
    return this.chars.toString("latin1", at, end);
  }
  skip(n) {
    this.pos += n;
  }
  /**
   * The bytes up to (not including) the next `\n`, consuming the newline; null when the source ends
   * first, 'too-long' past `maxLength` bytes (a newline-free file must not be pulled into memory
   * whole). Protocol-0 arguments are lines.
   */
  line(maxLength) {
    const start = this.pos;
    let scanFrom = start;
    for (; ; ) {
      if (scanFrom >= this.size) return null;
      if (scanFrom - start > maxLength) return "too-long";
      if (start < this.bufStart || scanFrom >= this.bufEnd) {
        const want = Math.min(this.size - start, Math.max(WINDOW, (scanFrom - start) * 2 + 1));
        this.fill(start, want);
      }
      const rel = this.buf.indexOf(10, scanFrom - this.bufStart);
      if (rel >= 0) {
        const nl = this.bufStart + rel;
        this.pos = nl + 1;
        return this.buf.subarray(start - this.bufStart, rel);
      }
      scanFrom = this.bufEnd;
    }
  }
  fill(pos, need) {
    const length = Math.min(this.size - pos, Math.max(need, WINDOW));
    if (length < need) {
      throw new Error(`PickleReader: read of ${need} bytes at ${pos} past end ${this.size}`);
    }
    const buf = this.src.read(pos, length);
    this.buf = buf;
    this.chars = Buffer3.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.bufStart = pos;
    this.bufEnd = pos + length;
  }
};
function truncated(src, what, offset) {
  return new FormatError(src, `truncated pickle: ${what} at offset ${offset}`);
}

// src/formats/pickle/text-args.ts
var latin1 = new TextDecoder("latin1");
function normalizeInt(v) {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
var INT_TEXT = /^\s*([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[0-9](?:_?[0-9])*)\s*$/;
function parseIntText(text2) {
  const m = INT_TEXT.exec(text2);
  if (!m) return null;
  const digits = m[2].replace(/_/g, "");
  const prefixed = /^0[xXoObB]/.test(digits);
  const magnitude = prefixed ? BigInt(digits.toLowerCase()) : BigInt(digits);
  return normalizeInt(m[1] === "-" ? -magnitude : magnitude);
}
function parseIntLine(line) {
  if (line.length === 2 && line[0] === 48 && (line[1] === 48 || line[1] === 49)) return line[1] === 49;
  return parseIntText(latin1.decode(line));
}
function parseLongLine(line) {
  let text2 = latin1.decode(line);
  if (text2.endsWith("L")) text2 = text2.slice(0, -1);
  return parseIntText(text2);
}
var FLOAT_TEXT = /^\s*([+-]?)(?:((?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?)|(inf|infinity)|(nan))\s*$/i;
function parseFloatLine(line) {
  const m = FLOAT_TEXT.exec(latin1.decode(line));
  if (!m) return null;
  const negative = m[1] === "-";
  if (m[3] !== void 0) return negative ? -Infinity : Infinity;
  if (m[4] !== void 0) return NaN;
  const body = (m[2] ?? "").replace(/_/g, "");
  if (!/\d/.test(body)) return null;
  const v = Number(body);
  return negative ? -v : v;
}
function hexValue(c) {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 97 + 10;
  if (c >= 65 && c <= 70) return c - 65 + 10;
  return -1;
}
function decodeStringLine(line) {
  const n = line.length;
  const q = line[0];
  if (n < 2 || q !== 39 && q !== 34 || line[n - 1] !== q) return "the STRING opcode argument must be quoted";
  const out = new Uint8Array(n - 2);
  let o = 0;
  for (let i = 1; i < n - 1; ) {
    const c = line[i++];
    if (c !== 92) {
      out[o++] = c;
      continue;
    }
    if (i >= n - 1) return "trailing \\ in string";
    const e = line[i++];
    switch (e) {
      case 10:
        break;
      // backslash-newline continues the line
      case 92:
        out[o++] = 92;
        break;
      case 39:
        out[o++] = 39;
        break;
      case 34:
        out[o++] = 34;
        break;
      case 98:
        out[o++] = 8;
        break;
      // \b
      case 102:
        out[o++] = 12;
        break;
      // \f
      case 116:
        out[o++] = 9;
        break;
      // \t
      case 110:
        out[o++] = 10;
        break;
      // \n
      case 114:
        out[o++] = 13;
        break;
      // \r
      case 118:
        out[o++] = 11;
        break;
      // \v
      case 97:
        out[o++] = 7;
        break;
      // \a
      case 120: {
        const h1 = i < n - 1 ? hexValue(line[i]) : -1;
        const h2 = i + 1 < n - 1 ? hexValue(line[i + 1]) : -1;
        if (h1 < 0 || h2 < 0) return `invalid \\x escape at position ${i - 2}`;
        out[o++] = h1 * 16 + h2;
        i += 2;
        break;
      }
      default:
        if (e >= 48 && e <= 55) {
          let v = e - 48;
          for (let k = 0; k < 2 && i < n - 1 && line[i] >= 48 && line[i] <= 55; k++) v = v * 8 + (line[i++] - 48);
          out[o++] = v & 255;
        } else {
          out[o++] = 92;
          out[o++] = e;
        }
    }
  }
  return out.subarray(0, o);
}
function decodeRawUnicodeEscape(line) {
  const parts = [];
  let runStart = 0;
  const n = line.length;
  let i = 0;
  while (i < n) {
    if (line[i] !== 92 || i + 1 >= n) {
      i++;
      continue;
    }
    const e = line[i + 1];
    if (e !== 117 && e !== 85) {
      i += 2;
      continue;
    }
    const count2 = e === 117 ? 4 : 8;
    let cp = 0;
    for (let k = 0; k < count2; k++) {
      const h = i + 2 + k < n ? hexValue(line[i + 2 + k]) : -1;
      if (h < 0) throw new RawUnicodeEscapeError(`truncated \\${count2 === 4 ? "u" : "U"} escape at position ${i}`);
      cp = cp * 16 + h;
    }
    if (cp > 1114111) throw new RawUnicodeEscapeError(`\\U${cp.toString(16)} out of range at position ${i}`);
    parts.push(latin1.decode(line.subarray(runStart, i)), String.fromCodePoint(cp));
    i += 2 + count2;
    runStart = i;
  }
  parts.push(latin1.decode(line.subarray(runStart, n)));
  return parts.join("");
}
var RawUnicodeEscapeError = class extends Error {
};
function decodeLong(bytes) {
  const n = bytes.length;
  if (n === 0) return 0;
  if (n <= 6) {
    let v2 = 0;
    for (let i = n - 1; i >= 0; i--) v2 = v2 * 256 + bytes[i];
    if (bytes[n - 1] & 128) v2 -= 2 ** (8 * n);
    return v2;
  }
  let hex2 = "";
  for (let i = n - 1; i >= 0; i--) hex2 += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  let v = BigInt("0x" + hex2);
  if (bytes[n - 1] & 128) v -= 1n << BigInt(8 * n);
  return normalizeInt(v);
}

// src/formats/pickle/safety-lists.ts
var torchDtypes = [...Object.keys(DTYPES), ...TORCH_DTYPE_ALIAS_NAMES, "bits8", "bits16"];
var storageClasses = Object.values(DTYPES).map((d) => d.storage);
var tensorElems = ["Double", "Float", "Half", "Long", "Int", "Short", "Char", "Byte", "Bool", "BFloat16"];
var rebuildFunctions = [
  "_rebuild_parameter",
  "_rebuild_parameter_with_state",
  "_rebuild_qtensor",
  "_rebuild_tensor",
  "_rebuild_tensor_v2",
  "_rebuild_tensor_v3",
  "_rebuild_sparse_tensor",
  "_rebuild_sparse_csr_tensor",
  "_rebuild_meta_tensor_no_storage",
  "_rebuild_nested_tensor",
  "_rebuild_wrapper_subclass",
  "_rebuild_device_tensor_from_numpy",
  "_rebuild_device_tensor_from_cpu_tensor"
];
var DCP_META = "torch.distributed.checkpoint.metadata";
var DCP_META_OLD = "torch.distributed._shard.checkpoint.metadata";
var SHARDED_TENSOR_META = "torch.distributed._shard.sharded_tensor.metadata";
var DCP_METADATA_CLASSES = [
  ["Metadata", "DCP Metadata dataclass: state_dict_metadata, planner_data, storage_data (storage_meta, version from torch 2.4)"],
  ["TensorStorageMetadata", "dataclass: a tensor's properties, global size and chunk list"],
  ["BytesStorageMetadata", "empty dataclass marking a non-tensor item"],
  ["ChunkStorageMetadata", "dataclass: a chunk's offsets and sizes (torch.Size)"],
  ["MetadataIndex", "frozen dataclass keying storage_data: fqn, offset, index"]
];
var STORAGE_INFO_WHY = "dataclass: relative_path, offset, length (and transform_descriptors, torch \u2265 2.8)";
var DCP_GLOBALS = [
  ...DCP_METADATA_CLASSES.map(([c, why]) => [`${DCP_META}.${c}`, why]),
  [`${DCP_META}.StorageMeta`, "dataclass (torch \u2265 2.4): checkpoint_id, save_id, load_id, modules"],
  [`${DCP_META}.TensorProperties`, "dataclass (torch \u2265 2.2) whose __setstate__ unpacks a 5-tuple of dtype, layout, bools and the enum below"],
  [`${DCP_META}._MEM_FORMAT_ENCODING`, "Enum of three ints standing for torch.memory_format, which cannot be pickled"],
  ["torch.distributed.checkpoint.filesystem._StorageInfo", STORAGE_INFO_WHY],
  [`${SHARDED_TENSOR_META}.TensorProperties`, "the same TensorProperties, where torch 1.12-2.1 defined it"],
  [`${SHARDED_TENSOR_META}.MEM_FORMAT_ENCODING`, "the same Enum, where torch 1.12-2.1 defined it"],
  // torch 1.12-1.13: DCP was torch.distributed._shard.checkpoint, the same classes
  ...DCP_METADATA_CLASSES.map(([c, why]) => [`${DCP_META_OLD}.${c}`, `torch 1.12-1.13: ${why}`]),
  ["torch.distributed._shard.checkpoint.filesystem._StorageInfo", `torch 1.12-1.13: ${STORAGE_INFO_WHY}`]
];
var DCP_ENUMS = /* @__PURE__ */ new Map([
  [`${DCP_META}._MEM_FORMAT_ENCODING`, ["TORCH_CONTIGUOUS_FORMAT", "TORCH_CHANNELS_LAST", "TORCH_PRESERVE_FORMAT"]],
  [`${SHARDED_TENSOR_META}.MEM_FORMAT_ENCODING`, ["TORCH_CONTIGUOUS_FORMAT", "TORCH_CHANNELS_LAST", "TORCH_PRESERVE_FORMAT"]]
]);
var SAFE_GLOBALS = /* @__PURE__ */ new Set([
  // torch weights-only allowlist
  "collections.OrderedDict",
  "collections.Counter",
  "torch.nn.parameter.Parameter",
  "torch.serialization._get_layout",
  "torch.Size",
  "torch.Tensor",
  "torch.device",
  "_codecs.encode",
  "builtins.bytearray",
  "builtins.set",
  "builtins.complex",
  "torch._tensor._rebuild_from_type_v2",
  "torch._tensor._rebuild_from_type",
  ...rebuildFunctions.map((f) => `torch._utils.${f}`),
  ...torchDtypes.map((d) => `torch.${d}`),
  ...storageClasses.flatMap((c) => [`torch.${c}`, `torch.cuda.${c}`]),
  "torch.UntypedStorage",
  "torch.TypedStorage",
  "torch.storage.UntypedStorage",
  "torch.storage.TypedStorage",
  "torch.storage._TypedStorage",
  "torch.storage._UntypedStorage",
  ...tensorElems.flatMap((e) => [`torch.${e}Tensor`, `torch.cuda.${e}Tensor`]),
  "torch.per_tensor_affine",
  "torch.per_tensor_symmetric",
  "torch.per_channel_affine",
  "torch.per_channel_symmetric",
  "torch.per_channel_affine_float_qparams",
  "torch.strided",
  "torch.sparse_coo",
  "torch.sparse_csr",
  "torch.sparse_csc",
  "torch.sparse_bsr",
  "torch.sparse_bsc",
  "torch._mkldnn",
  "torch.contiguous_format",
  "torch.channels_last",
  "torch.channels_last_3d",
  "torch.preserve_format",
  // TorchScript constant helpers (build plain lists)
  "torch.jit._pickle.build_intlist",
  "torch.jit._pickle.build_doublelist",
  "torch.jit._pickle.build_boollist",
  "torch.jit._pickle.build_tensorlist",
  "torch.jit._pickle.build_tensor_from_id",
  "torch.jit._pickle.restore_type_tag",
  // numpy reconstruction
  "numpy.core.multiarray._reconstruct",
  "numpy._core.multiarray._reconstruct",
  "numpy.core.multiarray.scalar",
  "numpy._core.multiarray.scalar",
  "numpy.core.numeric._frombuffer",
  "numpy._core.numeric._frombuffer",
  "numpy.ndarray",
  "numpy.dtype",
  // plain data types
  "builtins.frozenset",
  "builtins.int",
  "builtins.float",
  "builtins.str",
  "builtins.bytes",
  "builtins.bool",
  "builtins.list",
  "builtins.dict",
  "builtins.tuple",
  "builtins.slice",
  "builtins.range",
  "builtins.object",
  "collections.defaultdict",
  "collections.deque",
  "datetime.date",
  "datetime.datetime",
  "datetime.time",
  "datetime.timedelta",
  "datetime.timezone",
  "datetime.tzinfo",
  "decimal.Decimal",
  "fractions.Fraction",
  "uuid.UUID",
  "array.array",
  "array._array_reconstructor",
  "argparse.Namespace",
  "pathlib.Path",
  "pathlib.PosixPath",
  "pathlib.WindowsPath",
  "pathlib.PurePath",
  "pathlib.PurePosixPath",
  "pathlib.PureWindowsPath",
  ...DCP_GLOBALS.map(([path]) => path)
]);
var SAFE_PATTERNS = [/^numpy\.dtypes\.[A-Za-z0-9]+DType$/];
var DANGEROUS_GLOBALS = [
  // processes and the OS
  ["os", "operating-system access (os.system, os.execvp \u2026)"],
  ["posix", "os alias on POSIX (posix.system)"],
  ["nt", "os alias on Windows (nt.system)"],
  ["subprocess", "spawns processes"],
  ["_posixsubprocess", "spawns processes"],
  ["commands", "Python 2 shell commands"],
  ["popen2", "Python 2 process spawning"],
  ["pty", "pty.spawn runs commands"],
  ["platform", "runs shell commands to probe the system"],
  ["signal", "installs signal handlers / kills processes"],
  ["_signal", "installs signal handlers / kills processes"],
  ["multiprocessing", "spawns processes"],
  ["concurrent", "process pools run callables"],
  ["asyncio", "asyncio subprocess transports spawn processes"],
  ["sys", "interpreter control (sys.exit, sys.modules overrides)"],
  ["ctypes", "foreign function interface: loads libraries, touches raw memory"],
  ["_ctypes", "foreign function interface"],
  ["uuid", "uuid._get_command_stdout runs commands"],
  ["_aix_support", "_read_cmd_output runs commands"],
  ["_osx_support", "_read_output runs commands"],
  ["_pyrepl", "pager helpers run commands"],
  // code execution and import machinery
  ["builtins.eval", "evaluates code"],
  ["builtins.exec", "executes code"],
  ["builtins.execfile", "executes a file"],
  ["builtins.compile", "compiles code objects"],
  ["builtins.__import__", "imports arbitrary modules"],
  ["builtins.getattr", "reaches any attribute (os.system from a module)"],
  ["builtins.setattr", "rewrites attributes"],
  ["builtins.delattr", "deletes attributes"],
  ["builtins.globals", "exposes interpreter globals"],
  ["builtins.locals", "exposes interpreter locals"],
  ["builtins.vars", "exposes object namespaces"],
  ["builtins.apply", "calls any callable"],
  ["builtins.open", "opens files"],
  ["builtins.file", "opens files"],
  ["builtins.input", "reads stdin / blocks"],
  ["builtins.raw_input", "reads stdin / blocks"],
  ["builtins.breakpoint", "starts a debugger"],
  ["builtins.reload", "reloads modules"],
  ["builtins.exit", "exits the interpreter"],
  ["builtins.quit", "exits the interpreter"],
  ["builtins.help", "starts an interactive pager"],
  ["importlib", "imports arbitrary modules"],
  ["imp", "imports arbitrary modules"],
  ["zipimport", "imports code from archives"],
  ["pkgutil", "resolve_name imports arbitrary modules"],
  ["runpy", "runs code"],
  ["code", "interactive interpreter runs code"],
  ["codeop", "compiles code"],
  ["types.CodeType", "builds code objects"],
  ["types.FunctionType", "builds functions from code objects"],
  ["types.LambdaType", "builds functions from code objects"],
  ["types.MethodType", "binds callables"],
  ["marshal", "loads code objects"],
  ["operator.attrgetter", "attribute-access gadget"],
  ["operator.itemgetter", "item-access gadget"],
  ["operator.methodcaller", "calls any method"],
  ["_operator.attrgetter", "attribute-access gadget"],
  ["_operator.itemgetter", "item-access gadget"],
  ["_operator.methodcaller", "calls any method"],
  ["functools.partial", "wraps any callable with arguments"],
  ["functools.partialmethod", "wraps any callable with arguments"],
  ["functools.reduce", "calls any callable"],
  ["_functools.partial", "wraps any callable with arguments"],
  ["_functools.reduce", "calls any callable"],
  ["bdb", "debugger runs code"],
  ["pdb", "debugger runs code"],
  ["trace", "Trace.run executes code"],
  ["profile", "run/runctx execute code"],
  ["cProfile", "run/runctx execute code"],
  ["_lsprof", "profiler internals"],
  ["timeit", "executes code strings"],
  ["doctest", "debug_script executes code"],
  ["pydoc", "locate imports anything; pipepager runs commands"],
  ["idlelib", "IDLE helpers evaluate code"],
  ["lib2to3", "Grammar.loads unpickles; make_label evaluates"],
  ["test", "test.support helpers spawn interpreters"],
  // nested unpickling and serializers that carry code
  ["pickle", "nested unpickling"],
  ["_pickle", "nested unpickling"],
  ["cPickle", "nested unpickling"],
  ["shelve", "unpickles from files"],
  ["dill", "serializes code objects"],
  ["cloudpickle", "rebuilds functions from code"],
  ["joblib.load", "unpickles another file"],
  ["pandas.read_pickle", "unpickles another file"],
  ["pandas.io.pickle", "unpickles another file"],
  ["numpy.load", "can unpickle another file"],
  ["numpy.lib.npyio", "can unpickle another file"],
  ["numpy.f2py", "evaluates expressions"],
  ["numpy.testing", "runstring executes code"],
  ["numpy.ctypeslib", "loads native libraries"],
  ["numpy.distutils", "runs build commands"],
  // torch entry points that load, save, compile or run code
  ["torch.load", "loads another file with full unpickling"],
  ["torch.save", "writes files"],
  ["torch.serialization.load", "loads another file with full unpickling"],
  ["torch.serialization._load", "loads another file with full unpickling"],
  ["torch.serialization._legacy_load", "loads another file with full unpickling"],
  ["torch.serialization.save", "writes files"],
  ["torch.jit.load", "loads TorchScript from a file"],
  ["torch.hub", "downloads and runs code"],
  ["torch.package", "imports code from packages"],
  ["torch.utils.cpp_extension", "compiles and loads native code"],
  ["torch._inductor", "compiles and runs code"],
  ["torch._dynamo", "guard helpers evaluate code"],
  ["torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression", "evaluates code"],
  ["torch.jit.unsupported_tensor_ops", "execWrapper executes code"],
  ["torch.utils._config_module.ConfigModule.load_config", "unpickles nested data"],
  ["torch.utils.bottleneck", "profiles (runs) scripts"],
  ["torch.utils.collect_env", "runs commands"],
  ["torch.utils.data.datapipes.utils.decoder.basichandlers", "unpickles nested data"],
  // importers of dotted names: they return any object of any module, which the pickle then calls
  ["torch._utils._import_dotted_name", "imports any dotted name (the pickle then calls what it returns)"],
  ["torch._import_dotted_name", "re-export of torch._utils._import_dotted_name: imports any dotted name"],
  ["torch.serialization._import_dotted_name", "re-export of torch._utils._import_dotted_name: imports any dotted name"],
  ["torch._utils._type", "imports the dotted name given as dtype and calls it"],
  ["torch._utils._cuda", "Tensor.cuda helper: allocates on devices, takes arbitrary kwargs"],
  ["_frozen_importlib", "the interpreter's frozen import machinery: imports arbitrary modules"],
  ["_frozen_importlib_external", "frozen import machinery: loads modules from files"],
  ["_imp", "low-level import machinery: creates and executes modules"],
  ["xmlrpc.server.resolve_dotted_attribute", "walks any dotted attribute path"],
  ["pydoc.locate", "imports any dotted name"],
  ["typing._eval_type", "evaluates string annotations with eval"],
  ["typing.get_type_hints", "evaluates string annotations with eval"],
  ["typing.ForwardRef", "ForwardRef._evaluate runs eval on its string"],
  ["dataclasses._create_fn", "builds functions with exec from text it is given"],
  ["dataclasses._FuncBuilder", "builds functions with exec from text it is given"],
  ["dataclasses.make_dataclass", "builds a class with exec-generated methods"],
  ["mailcap", "findmatch/subst build shell commands from file entries"],
  ["site", "addpackage executes `import` lines of .pth files; addsitedir/main run them"],
  ["sitecustomize", "runs at import"],
  ["usercustomize", "runs at import"],
  ["torch.fx.graph_module", "reduce_graph_module / _forward_from_src / _exec_with_source exec the Python source in the file"],
  ["torch.fx._symbolic_trace", "traces (runs) callables"],
  ["torch.fx.experimental", "symbolic-shape helpers evaluate expressions"],
  ["torch.jit.frontend", "parses and compiles source"],
  ["torch.jit._script", "compiles source (CompilationUnit, script)"],
  ["torch.jit.CompilationUnit", "compiles TorchScript source text"],
  ["torch._C._jit_script_compile", "compiles TorchScript source text"],
  ["torch.ops", "loads and calls operator libraries"],
  ["torch.library", "registers and loads operator libraries"],
  ["torch.classes", "loads custom-class libraries"],
  ["torch._ops", "loads operator libraries (load_library)"],
  // the copyreg extension registry: EXT1/EXT2/EXT4 import whatever a registered code names
  ["copyreg.add_extension", "registers an extension code that a later EXT opcode imports (a hidden import)"],
  ["copyreg.remove_extension", "rewrites the extension registry"],
  ["copyreg.pickle", "rewrites the dispatch table of the running interpreter"],
  // nested loaders of every payload kind
  ["torch.storage._load_from_file", "loads another file with full unpickling"],
  ["torch.utils.model_zoo", "load_url downloads a file and torch.loads it"],
  ["torch.serialization", "loaders and writers of files (load, save, _open_file \u2026)"],
  ["torch.storage.TypedStorage._new_with_file", "reads raw bytes from a file object"],
  ["torch.storage.UntypedStorage.from_file", "maps a file of the attacker's choosing"],
  ["torch.from_file", "maps a file of the attacker's choosing"],
  ["torch.UntypedStorage.from_file", "maps a file of the attacker's choosing"],
  ["numpy.lib.format.read_array", "unpickles object arrays from another stream"],
  ["numpy.lib.format.open_memmap", "creates and maps files"],
  ["numpy.lib.format.write_array", "writes files"],
  ["numpy.lib.format.read_array_header_1_0", "reads another stream (first step of a nested load)"],
  ["numpy.lib.format.read_array_header_2_0", "reads another stream (first step of a nested load)"],
  ["numpy.save", "writes files"],
  ["numpy.savez", "writes files"],
  ["numpy.savez_compressed", "writes files"],
  ["numpy.savetxt", "writes files"],
  ["numpy.memmap", "creates and maps files"],
  ["numpy.fromfile", "reads files"],
  ["numpy.loadtxt", "reads files (converters run callables)"],
  ["numpy.genfromtxt", "reads files (converters run callables)"],
  ["numpy.lib._npyio_impl", "can unpickle another file"],
  ["numpy.core.records.fromfile", "reads files"],
  ["safetensors.torch.load_file", "reads files"],
  ["yaml.load", "full YAML loader builds arbitrary objects"],
  ["yaml.unsafe_load", "builds arbitrary objects"],
  ["jsonpickle", "decodes arbitrary objects"],
  // file writers (and readers that create files)
  ["zipfile", "ZipFile opens, creates and extracts files"],
  ["gzip", "gzip.open reads and writes files"],
  ["bz2", "bz2.open reads and writes files"],
  ["lzma", "lzma.open reads and writes files"],
  ["tarfile", "opens, creates and extracts archives"],
  ["sqlite3", "connect creates database files"],
  ["dbm", "opens and creates database files"],
  ["glob", "lists files"],
  ["linecache", "reads files"],
  ["filecmp", "reads files"],
  ["mmap", "maps files and memory"],
  ["io.BufferedWriter", "writes to file objects"],
  ["io.BufferedReader", "reads file objects"],
  ["io.TextIOWrapper", "wraps file objects"],
  ["pathlib.Path.write_text", "writes files"],
  ["pathlib.Path.write_bytes", "writes files"],
  ["pathlib.Path.open", "opens files"],
  ["_thread", "starts threads running callables"],
  ["threading", "starts threads running callables"],
  ["atexit", "registers callables to run at exit"],
  ["gc", "reaches every live object (gc.get_objects)"],
  ["inspect", "reaches frames and globals of the running interpreter"],
  ["weakref.finalize", "registers callables to run later"],
  ["builtins.memoryview", "views raw memory"],
  ["builtins.type", "creates classes with attacker-chosen namespaces"],
  ["builtins.super", "reaches base-class methods of any object"],
  ["builtins.staticmethod", "wraps any callable"],
  ["builtins.classmethod", "wraps any callable"],
  ["builtins.property", "wraps any callable"],
  ["builtins.map", "calls any callable over items (lazily, when consumed)"],
  ["builtins.filter", "calls any callable over items (lazily, when consumed)"],
  ["builtins.iter", "iter(callable, sentinel) calls any callable"],
  ["builtins.next", "drives iterators (runs lazy map/filter calls)"],
  ["builtins.sorted", "key= calls any callable"],
  ["builtins.min", "key= calls any callable"],
  ["builtins.max", "key= calls any callable"],
  ["builtins.print", "writes to files (file=)"],
  ["builtins.__build_class__", "runs a class body"],
  ["builtins.__loader__", "the import machinery"],
  ["builtins.__spec__", "the import machinery"],
  ["builtins.__builtins__", "every builtin, eval included"],
  ["builtins.dir", "enumerates namespaces"],
  ["collections.namedtuple", "builds a class with exec-generated code"],
  ["abc.ABCMeta", "creates classes with attacker-chosen namespaces"],
  ["enum.EnumMeta", "creates classes"],
  ["string.Formatter", "format fields reach attributes of arguments"],
  ["contextlib", "ExitStack callbacks run callables"],
  ["sched", "runs scheduled callables"],
  ["unittest", "mock objects and loaders import and run code"],
  ["configparser", "reads configuration files"],
  ["plistlib", "reads files"],
  ["cgi", "reads request input, runs handlers"],
  ["cgitb", "writes logs, evaluates frames"],
  ["wsgiref", "network servers"],
  ["xml.sax", "parses files and URLs"],
  ["xml.dom", "parses files and URLs"],
  ["xml.etree.ElementTree.parse", "parses files"],
  ["email", "parses and sends mail"],
  ["mimetypes", "reads files"],
  ["netrc", "reads credential files"],
  ["getpass", "reads terminals and user names"],
  ["pwd", "reads the password database"],
  ["grp", "reads the group database"],
  ["resource", "changes process limits"],
  ["faulthandler", "writes to files, dumps tracebacks"],
  ["tracemalloc", "reads interpreter memory"],
  ["zipapp", "creates executable archives"],
  ["compileall", "compiles files"],
  ["py_compile", "compiles files"],
  ["modulefinder", "runs module code analysis (imports)"],
  ["pickletools", "disassembles and optimizes pickles (writes output)"],
  ["copy", "deepcopy/copy call __reduce_ex__ and reconstructors of any object"],
  ["torch.multiprocessing", "spawns processes"],
  ["torch.distributed.rpc", "remote procedure calls"],
  ["torch.distributed.run", "launches processes"],
  ["torch.distributed.launch", "launches processes"],
  ["torch.distributed.elastic", "launches processes"],
  ["pandas.eval", "evaluates expressions"],
  ["pandas.read_csv", "reads files and URLs"],
  ["pandas.read_json", "reads files and URLs"],
  ["pandas.read_html", "reads files and URLs"],
  ["pandas.read_sql", "runs database queries"],
  ["pandas.read_parquet", "reads files and URLs"],
  ["pandas.read_hdf", "reads files (and unpickles object columns)"],
  ["pandas.read_feather", "reads files"],
  ["pandas.DataFrame.to_pickle", "writes files"],
  ["pandas.DataFrame.to_csv", "writes files"],
  ["pandas.DataFrame.query", "evaluates expressions"],
  ["pandas.DataFrame.eval", "evaluates expressions"],
  ["pandas.core.computation", "evaluates expressions"],
  ["joblib.numpy_pickle.load", "unpickles another file"],
  ["joblib.Parallel", "runs callables in worker processes"],
  ["joblib.dump", "writes files"],
  ["torch.cuda.memory._record_memory_history", "writes files"],
  ["torch.profiler", "writes trace files"],
  ["torch.autograd.profiler", "writes trace files"],
  ["torch.onnx", "exports (runs) models and writes files"],
  ["torch.export", "traces (runs) and loads programs"],
  ["torch.compile", "compiles and runs code"],
  ["torch.utils.data.datapipes", "pipes open files and URLs and run callables"],
  ["torch.utils.tensorboard", "writes files"],
  ["torch.utils.checkpoint", "runs callables"],
  ["torch.utils.benchmark", "compiles and runs statements"],
  ["torch.testing", "runs code"],
  ["torch._C._jit_pass_lower_all_tuples", "mutates graphs"],
  ["torch._C._load_for_lite_interpreter", "loads another file"],
  ["torch._C.import_ir_module", "loads TorchScript from a file or buffer"],
  ["torch._C.import_ir_module_from_buffer", "loads TorchScript from a buffer"],
  ["torch.jit._serialization", "loads TorchScript"],
  ["torch._weights_only_unpickler", "unpickles nested data"],
  ["torch._export", "loads and runs programs"],
  ["torch._functorch", "compiles and runs code"],
  ["torch._higher_order_ops", "runs callables"],
  ["torch._subclasses", "fake-tensor modes run callables"],
  ["torch.nn.Module.register_forward_hook", "installs callables that run on every call"],
  ["torch.nn.Module.register_forward_pre_hook", "installs callables that run on every call"],
  ["torch.nn.Module.register_backward_hook", "installs callables that run on every call"],
  ["torch.nn.Module.register_full_backward_hook", "installs callables that run on every call"],
  ["torch.Tensor.register_hook", "installs callables that run on backward"],
  ["torch.Tensor.__setstate__", "sets arbitrary state on tensors"],
  ["torch.Tensor.__reduce_ex__", "calls reducers of any object"],
  ["torch.Tensor.type", "imports the dotted name given as dtype and calls it"],
  ["torch.Tensor.cuda", "moves data to devices"],
  // files
  ["io.open", "opens files"],
  ["io.open_code", "opens files"],
  ["io.FileIO", "opens files"],
  ["_io.open", "opens files"],
  ["_io.FileIO", "opens files"],
  ["codecs.open", "opens files"],
  ["fileinput", "reads files"],
  ["shutil", "copies, moves and deletes files"],
  ["tempfile", "creates files"],
  ["logging.FileHandler", "creates files"],
  ["logging.handlers", "file, socket, SMTP and HTTP log handlers"],
  ["logging.config", "fileConfig/listen evaluate configuration"],
  ["distutils", "spawns commands, writes files"],
  ["setuptools", "runs build commands"],
  ["pip", "installs packages"],
  ["ensurepip", "installs packages"],
  ["venv", "creates environments, runs commands"],
  // network
  ["socket", "network access"],
  ["_socket", "network access"],
  ["socketserver", "network servers"],
  ["ssl", "network access (get_server_certificate exfiltration)"],
  ["http.client", "network access"],
  ["http.server", "network servers"],
  ["httplib", "network access"],
  ["urllib.request", "network access"],
  ["urllib.urlopen", "network access"],
  ["urllib.urlretrieve", "network access"],
  ["urllib2", "network access"],
  ["requests", "network access"],
  ["aiohttp", "network access"],
  ["ftplib", "network access"],
  ["smtplib", "network access"],
  ["telnetlib", "network access"],
  ["poplib", "network access"],
  ["imaplib", "network access; IMAP4_stream runs commands"],
  ["nntplib", "network access"],
  ["xmlrpc", "network access"],
  ["xmlrpclib", "network access"],
  ["webbrowser", "opens URLs / runs a browser"]
];
var PY2_MODULES = {
  __builtin__: "builtins",
  exceptions: "builtins",
  copy_reg: "copyreg",
  cPickle: "pickle",
  httplib: "http.client",
  urllib2: "urllib.request",
  cStringIO: "io",
  StringIO: "io",
  thread: "_thread",
  Queue: "queue",
  SocketServer: "socketserver",
  xmlrpclib: "xmlrpc.client",
  SimpleXMLRPCServer: "xmlrpc.server",
  DocXMLRPCServer: "xmlrpc.server",
  CGIHTTPServer: "http.server",
  SimpleHTTPServer: "http.server",
  BaseHTTPServer: "http.server",
  urllib: "urllib",
  dbhash: "dbm.bsd",
  dumbdbm: "dbm.dumb",
  anydbm: "dbm",
  whichdb: "dbm",
  gdbm: "dbm.gnu",
  dbm: "dbm",
  __main__: "__main__",
  _winreg: "winreg",
  ConfigParser: "configparser",
  copy_reg_: "copyreg",
  repr: "reprlib",
  cookielib: "http.cookiejar",
  Cookie: "http.cookies",
  htmlentitydefs: "html.entities",
  HTMLParser: "html.parser",
  robotparser: "urllib.robotparser",
  commands: "subprocess",
  UserString: "collections",
  __future__: "__future__",
  _abcoll: "collections.abc",
  urlparse: "urllib.parse",
  UserDict: "collections",
  UserList: "collections"
};
var PY2_NAMES = {
  "builtins.long": "builtins.int",
  "builtins.unicode": "builtins.str",
  "builtins.basestring": "builtins.str",
  "builtins.xrange": "builtins.range",
  "builtins.unichr": "builtins.chr",
  "builtins.reduce": "functools.reduce",
  "builtins.intern": "sys.intern"
};
var FRAMEWORK_GLOBALS = [
  // deepspeed/runtime/zero/config.py: stage_1_and_2.py and stage3.py save it as optimizer_state_dict['zero_stage']
  { path: "deepspeed.runtime.zero.config.ZeroStageEnum", what: "DeepSpeed's ZeRO stage, an int Enum saved as the optimizer state's zero_stage", members: ["disabled", "optimizer_states", "gradients", "weights", "max_stage"] },
  // deepspeed/runtime/fp16/loss_scaler.py: the ZeRO and fp16 optimizers save the scaler object itself as 'loss_scaler'
  { path: "deepspeed.runtime.fp16.loss_scaler.LossScaler", what: "DeepSpeed's static loss scaler, saved whole as the optimizer state's loss_scaler" },
  { path: "deepspeed.runtime.fp16.loss_scaler.DynamicLossScaler", what: "DeepSpeed's dynamic fp16 loss scaler, saved whole as the optimizer state's loss_scaler" },
  { path: "deepspeed.runtime.fp16.loss_scaler.LossScalerBase", what: "the base class of DeepSpeed's loss scalers" },
  // deepspeed/utils/tensor_fragment.py: ZeRO-1/2 and bf16 optimizers save param_slice_mappings of these
  { path: "deepspeed.utils.tensor_fragment.fragment_address", what: "DeepSpeed's dataclass (numel, start) locating a parameter's slice of a flat partition (param_slice_mappings)" },
  // megatron/core/enums.py and megatron/core/transformer/enums.py: values in the saved argparse args
  { path: "megatron.core.enums.ModelType", what: "Megatron-LM's model type Enum (args.model_type)", members: ["encoder_or_decoder", "encoder_and_decoder", "retro_encoder", "retro_decoder"] },
  { path: "megatron.core.transformer.enums.AttnBackend", what: "Megatron-LM's attention backend Enum (args.attention_backend)", members: ["flash", "fused", "unfused", "local", "auto"] },
  { path: "megatron.core.enums.Fp8Recipe", what: "Megatron-LM's FP8 recipe str Enum (args.fp8_recipe)", members: ["delayed", "tensorwise", "mxfp8", "blockwise", "custom"] }
];

// src/formats/pickle/global-path.ts
function globalPath(module, name) {
  const path = `${PY2_MODULES[module] ?? module}.${name}`;
  return PY2_NAMES[path] ?? path;
}

// src/formats/pickle/machine.ts
var DEFAULT_LARGE_BYTES = 64 * 1024;
var DEFAULT_MAX_MEMO = 2 ** 24;
var DEFAULT_MAX_STACK = 2 ** 24;
var MAX_LINE = 64 * 1024 * 1024;
var NO_VALUES = Object.freeze([]);
var NO_PAIRS = Object.freeze([]);
var EMPTY_TUPLE = Object.freeze({ kind: "tuple", items: NO_VALUES });
var utf82 = new TextDecoder("utf-8", { ignoreBOM: true });
var utf8Strict = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });
var latin12 = new TextDecoder("latin1");
function readPickle(src, offset = 0, options = {}) {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`readPickle: bad offset ${offset}`);
  if (options.reduce === void 0) return new Machine(src, offset, options).run();
  try {
    return { ...new Machine(src, offset, options).run(), reduced: true };
  } catch (e) {
    if (!(e instanceof StartOver)) throw e;
    return new Machine(src, offset, { ...options, reduce: void 0, leanMemo: false }).run();
  }
}
var StartOver = class extends Error {
};
var TOMBSTONE = Object.freeze({ kind: "tombstone" });
var Stop = class extends Error {
  constructor(formatError, limit = false) {
    super(formatError.message);
    this.formatError = formatError;
    this.limit = limit;
  }
};
function isOpaque(v) {
  if (typeof v !== "object" || v === null) return false;
  const k = v.kind;
  return k === "object" || k === "global" || k === "persid" || k === "ext" || k === "tensor";
}
function typeName(v) {
  switch (typeof v) {
    case "string":
      return "str";
    case "number":
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    case "object":
      if (v === null) return "None";
      switch (v.kind) {
        case "float":
          return "float";
        case "bytes":
          return v.flavor === "bytearray" ? "bytearray" : v.flavor === "py2str" ? "py2 str" : "bytes";
        case "tuple":
          return "tuple";
        case "list":
          return "list";
        case "dict":
          return "dict";
        case "set":
          return v.frozen ? "frozenset" : "set";
        case "global":
          return `global ${v.module}.${v.name}`;
        case "object":
          return "call result";
        case "persid":
          return "persistent id";
        case "ext":
          return "extension";
        case "tensor":
          throw new StartOver();
      }
  }
  return "value";
}
function isReplaced(v) {
  return typeof v === "object" && v !== null && v.kind === "tensor";
}
function hasItems(v) {
  if (typeof v !== "object" || v === null) return false;
  const k = v.kind;
  return k === "tuple" || k === "list" || k === "set" || k === "dict" || k === "object" || k === "persid";
}
function isUncallableLiteral(v) {
  return !isOpaque(v);
}
function isEmptyLiteral(v) {
  if (v === null) return true;
  if (typeof v !== "object") return false;
  return v.kind === "dict" && v.entries.length === 0 || (v.kind === "tuple" || v.kind === "list") && v.items.length === 0;
}
var Machine = class {
  r;
  name;
  largeBytes;
  maxMemo;
  maxStack;
  onCall;
  reduce;
  leanMemo;
  /**
   * One flat stack for every MARK level, as CPython keeps it: a MARK records where its items start
   * instead of opening a new array, so the two MARKs of each tensor rebuild allocate nothing and the
   * items move only once, into the exact-size array of the tuple (list, call …) they become.
   */
  stack = [];
  /** start of each open MARK's items in `stack`, outermost first */
  marks = [];
  /** start of the innermost open MARK's items (0 when none is open): the stack below it is out of reach */
  base = 0;
  /**
   * The memo: picklers number entries 0, 1, 2 … so a dense array holds nearly all of them (a Map of a
   * million entries is several times slower); indexes beyond its end go to the sparse map.
   */
  memoDense = [];
  memoSparse = /* @__PURE__ */ new Map();
  memoCount = 0;
  dictKeys = new DictKeyIndex();
  /** see PickleResult.shared */
  shared = /* @__PURE__ */ new Set();
  globalsSeen = /* @__PURE__ */ new Map();
  globals = [];
  anomalies = [];
  getattrUse = null;
  getattrResults = /* @__PURE__ */ new Set();
  protocol = 0;
  /** end of the last FRAME read (0 before any) */
  frameEnd = 0;
  /** offset and byte of the opcode being run, for messages */
  opAt = 0;
  op = 0;
  constructor(src, start, options) {
    this.r = new PickleReader(src, start);
    this.name = src.name;
    this.largeBytes = options.largeBytes ?? DEFAULT_LARGE_BYTES;
    this.maxMemo = options.maxMemo ?? DEFAULT_MAX_MEMO;
    this.maxStack = options.maxStack ?? DEFAULT_MAX_STACK;
    this.onCall = options.onCall;
    this.reduce = options.reduce;
    this.leanMemo = options.reduce !== void 0 && options.leanMemo === true;
  }
  run() {
    let value;
    let error = null;
    let limited = false;
    let end;
    try {
      value = this.loop();
      end = this.r.pos;
    } catch (e) {
      if (e instanceof Stop) {
        error = e.formatError;
        limited = e.limit;
      } else if (e instanceof FormatError) error = e;
      else throw e;
      end = this.opAt;
    }
    const frameEnd = error === null && this.frameEnd > end ? this.frameEnd : null;
    return { value, end, protocol: this.protocol, globals: this.globals, error, limited, anomalies: this.anomalies, shared: this.shared, frameEnd, getattr: this.getattrUse };
  }
  // ---- errors -------------------------------------------------------------------------------
  fail(message, limit = false) {
    return new Stop(new FormatError(this.name, `pickle: opcode ${describeOpcode(this.op)} at offset ${this.opAt}: ${message}`), limit);
  }
  /** One of sdmatch's limits stopped the scan: CPython would go on, so what follows was never seen. */
  limit(message) {
    return this.fail(`${message} (sdmatch's limit; the loader would read on)`, true);
  }
  truncated(what) {
    return new Stop(truncated(this.name, what, this.opAt));
  }
  anomaly(kind2, target, detail) {
    const opcode = opName(this.op);
    if (opcode === void 0) throw new Error(`anomaly recorded outside an opcode (0x${this.op.toString(16)})`);
    this.anomalies.push({ kind: kind2, offset: this.opAt, opcode, target: target && { module: target.module, name: target.name }, detail });
  }
  /** The machine cannot follow a load-time value: record it (a scanner must not be bypassed silently) and stop. */
  dynamic(detail) {
    this.anomaly("dynamic-operand", null, detail);
    return this.fail(`${detail} is computed at load time; cannot follow`);
  }
  // ---- stack --------------------------------------------------------------------------------
  underflow() {
    return this.fail(this.marks.length ? "stack underflow (nothing after MARK)" : "stack underflow");
  }
  pop() {
    const stack = this.stack;
    if (stack.length <= this.base) throw this.underflow();
    return stack.pop();
  }
  top() {
    const stack = this.stack;
    if (stack.length <= this.base) throw this.underflow();
    return stack[stack.length - 1];
  }
  /** Closes the innermost MARK: its items, in a new array of exactly their number (the tree keeps 100,000s). */
  popMark() {
    const from = this.closeMark();
    const stack = this.stack;
    const items2 = stack.slice(from);
    stack.length = from;
    return items2;
  }
  /** Closes the innermost MARK, leaving its items on the stack above the returned index for the caller to take and drop. */
  closeMark() {
    const from = this.base;
    if (this.marks.pop() === void 0) throw this.fail("MARK not found");
    const marks = this.marks;
    this.base = marks.length > 0 ? marks[marks.length - 1] : 0;
    return from;
  }
  // ---- arguments ----------------------------------------------------------------------------
  /** `part` is a constant ('argument', 'payload' …): messages are only built on failure, off the hot path. */
  need(n, part) {
    const left = this.r.remaining();
    if (n > left) throw this.truncated(`${describeOpcode(this.op)} ${part} needs ${n} bytes but ${left} remain`);
  }
  u8() {
    const b = this.r.byte();
    if (b < 0) throw this.truncated(`${describeOpcode(this.op)} argument cut off`);
    return b;
  }
  fixed(n) {
    this.need(n, "argument");
    return this.r.take(n);
  }
  u16() {
    this.need(2, "argument");
    return this.r.uint(2);
  }
  u32() {
    this.need(4, "argument");
    return this.r.uint(4);
  }
  i32() {
    this.need(4, "argument");
    return this.r.uint(4) | 0;
  }
  /** An 8-byte length; imprecise beyond 2^53, which is past any file anyway. */
  u64() {
    this.need(8, "argument");
    const lo = this.r.uint(4);
    return this.r.uint(4) * 4294967296 + lo;
  }
  line() {
    const l = this.r.line(MAX_LINE);
    if (l === null) throw this.truncated(`${describeOpcode(this.op)} line has no newline before the end`);
    if (l === "too-long") throw this.limit(`argument line longer than ${MAX_LINE} bytes`);
    return l;
  }
  utf8Line(what) {
    try {
      return utf8Strict.decode(this.line());
    } catch (e) {
      if (e instanceof Stop) throw e;
      throw this.fail(`${what} is not valid UTF-8`);
    }
  }
  asciiLine(what) {
    const l = this.line();
    for (let i = 0; i < l.length; i++) if (l[i] > 127) throw this.fail(`${what} is not ASCII`);
    return latin12.decode(l);
  }
  intLine(what) {
    const v = parseIntText(latin12.decode(this.line()));
    if (typeof v !== "number") throw this.fail(`${what} is not an integer`);
    return v;
  }
  text(n) {
    this.need(n, "string");
    return this.r.ascii(n) ?? utf82.decode(this.r.take(n));
  }
  /** Byte payloads: copied when small, left in the source (by offset) when large. */
  bytes(n, flavor) {
    this.need(n, "payload");
    if (n > this.largeBytes) {
      const fileOffset = this.r.pos;
      this.r.skip(n);
      return { kind: "bytes", flavor, length: n, data: null, fileOffset };
    }
    return { kind: "bytes", flavor, length: n, data: this.r.take(n).slice(), fileOffset: null };
  }
  /**
   * A Python 2 `str` (STRING/BINSTRING/SHORT_BINSTRING): text when ASCII — what every Python 3 loader
   * makes of it — otherwise the raw bytes, since the encoding is unknowable (Latin-1 is one guess).
   */
  py2str(n) {
    if (n > this.largeBytes) return this.bytes(n, "py2str");
    this.need(n, "payload");
    return py2strValue(this.r.take(n));
  }
  // ---- globals and calls --------------------------------------------------------------------
  /** `v` was put on the stack once more: counted when it is builtins.getattr */
  notePush(v) {
    if (typeof v !== "object" || v === null || v.kind !== "global" || globalPath(v.module, v.name) !== "builtins.getattr") return;
    (this.getattrUse ??= { pushes: 0, calls: [], resultsCalled: 0 }).pushes++;
  }
  noteGetattrCall(obj) {
    const use = this.getattrUse;
    const f = obj.callable;
    if (typeof f === "object" && f !== null && f.kind === "object" && this.getattrResults.has(f)) use.resultsCalled++;
    if (typeof f !== "object" || f === null || f.kind !== "global" || globalPath(f.module, f.name) !== "builtins.getattr") return;
    this.getattrResults.add(obj);
    const [owner, name] = obj.args;
    const literal = obj.args.length === 2 && obj.kwargs === null && typeof name === "string" && typeof owner === "object" && owner !== null && owner.kind === "global";
    use.calls.push(literal ? { owner: { module: owner.module, name: owner.name }, name, result: obj } : null);
  }
  global(module, name) {
    const key = module + "\n" + name;
    let g = this.globalsSeen.get(key);
    if (g === void 0) {
      g = { kind: "global", module, name };
      this.globalsSeen.set(key, g);
      this.globals.push({ module, name });
    }
    return g;
  }
  call(via, callable, args, kwargs) {
    const obj = { kind: "object", via, callable, args, kwargs, states: NO_VALUES, listItems: NO_VALUES, dictItems: NO_PAIRS };
    if (this.getattrUse !== null) this.noteGetattrCall(obj);
    this.onCall?.(obj);
    return obj;
  }
  /** REDUCE/NEWOBJ arguments: CPython insists on a real tuple. */
  argTuple(v, what) {
    if (typeof v === "object" && v !== null && v.kind === "tuple") return v.items;
    if (isOpaque(v)) throw this.dynamic(`${what} arguments (a ${typeName(v)})`);
    throw this.fail(`${what} arguments must be a tuple, got ${typeName(v)}`);
  }
  checkCallable(v, what) {
    if (isReplaced(v)) throw new StartOver();
    if (isUncallableLiteral(v)) throw this.fail(`${what} on a ${typeName(v)}, which is not callable`);
  }
  // ---- mutation of the object on top of the stack -------------------------------------------
  /** A mutation aimed at something that is not a container we model. Returns true when handled. */
  mutateOpaque(target, what) {
    if (typeof target !== "object" || target === null) return false;
    if (target.kind === "tensor") throw new StartOver();
    if (target.kind === "global") {
      this.anomaly("global-mutated", target, `${what} on ${target.module}.${target.name}`);
      return true;
    }
    if (target.kind === "persid" || target.kind === "ext") {
      this.anomaly("state-dropped", null, `${what} on a ${typeName(target)}`);
      return true;
    }
    return false;
  }
  appendItems(items2, what) {
    const target = this.top();
    if (typeof target === "object" && target !== null) {
      if (target.kind === "list") {
        if (target.items.length === 0) target.items = items2;
        else for (const item of items2) target.items.push(item);
        return;
      }
      if (target.kind === "object") {
        if (target.listItems === NO_VALUES) target.listItems = items2;
        else for (const item of items2) target.listItems.push(item);
        return;
      }
    }
    if (this.mutateOpaque(target, what)) return;
    if (items2.length === 0) return;
    throw this.fail(`${what} to a ${typeName(target)}`);
  }
  setItems(items2, what) {
    if (items2.length % 2 !== 0) throw this.fail(`odd number of items for ${what}`);
    const target = this.top();
    if (typeof target === "object" && target !== null) {
      if (target.kind === "object" && target.dictItems === NO_PAIRS) target.dictItems = [];
      const entries = target.kind === "dict" ? target.entries : target.kind === "object" ? target.dictItems : null;
      if (entries !== null) {
        for (let i = 0; i < items2.length; i += 2) this.dictKeys.set(entries, items2[i], items2[i + 1]);
        return;
      }
      if (target.kind === "list") {
        for (let i = 0; i < items2.length; i += 2) {
          const k = items2[i];
          const n = target.items.length;
          const at = typeof k === "number" ? k < 0 ? k + n : k : -1;
          if (at < 0 || at >= n) throw this.fail(`${what} on a list with index ${typeName(k) === "int" ? String(k) : typeName(k)}`);
          target.items[at] = items2[i + 1];
        }
        return;
      }
    }
    if (this.mutateOpaque(target, what)) return;
    if (items2.length === 0) return;
    throw this.fail(`${what} on a ${typeName(target)}`);
  }
  build(state) {
    const target = this.top();
    if (typeof target === "object" && target !== null && target.kind === "object") {
      if (target.states === NO_VALUES) target.states = [state];
      else target.states.push(state);
      return;
    }
    if (this.mutateOpaque(target, "BUILD")) return;
    if (isEmptyLiteral(state)) return;
    if (isOpaque(state)) throw this.dynamic(`BUILD state for a ${typeName(target)}`);
    throw this.fail(`BUILD on a ${typeName(target)} (only objects take state)`);
  }
  addItems(items2) {
    const target = this.top();
    if (typeof target === "object" && target !== null) {
      if (target.kind === "set" && !target.frozen) {
        for (const item of items2) target.items.push(item);
        return;
      }
      if (target.kind === "object") {
        if (target.listItems === NO_VALUES) target.listItems = items2;
        else for (const item of items2) target.listItems.push(item);
        return;
      }
    }
    if (this.mutateOpaque(target, "ADDITEMS")) return;
    throw this.fail(`ADDITEMS to a ${typeName(target)}`);
  }
  memoPut(index2) {
    if (index2 < 0) throw this.fail("negative memo index");
    const top = this.top();
    const value = this.leanMemo && hasItems(top) ? TOMBSTONE : top;
    const dense = this.memoDense;
    if (index2 < dense.length) {
      if (dense[index2] === void 0) this.newMemoEntry();
      dense[index2] = value;
    } else if (index2 === dense.length) {
      if (!(this.memoSparse.size > 0 && this.memoSparse.delete(index2))) this.newMemoEntry();
      dense.push(value);
    } else {
      if (!this.memoSparse.has(index2)) this.newMemoEntry();
      this.memoSparse.set(index2, value);
    }
  }
  newMemoEntry() {
    if (this.memoCount >= this.maxMemo) throw this.limit(`memo grows past ${this.maxMemo} entries`);
    this.memoCount++;
  }
  memoGet(index2) {
    const v = index2 < this.memoDense.length ? this.memoDense[index2] : this.memoSparse.get(index2);
    if (v === void 0) throw this.fail(`memo key ${index2} was never stored`);
    if (v === TOMBSTONE) throw new StartOver();
    this.share(v);
    return v;
  }
  /** `v` gets a second parent (memo fetch, DUP): remembered when it can hold children. */
  share(v) {
    if (typeof v !== "object" || v === null) return;
    const k = v.kind;
    if (k === "global") this.notePush(v);
    if (k === "tuple" || k === "list" || k === "set" || k === "dict" || k === "object" || k === "persid") this.shared.add(v);
  }
  // ---- the loop -----------------------------------------------------------------------------
  loop() {
    const r = this.r;
    const stack = this.stack;
    for (; ; ) {
      const at = r.pos;
      this.opAt = at;
      const op = r.byte();
      if (op < 0) {
        this.op = 46;
        throw new Stop(truncated(this.name, "no STOP before the end of the data", at));
      }
      this.op = op;
      if (stack.length - this.base > this.maxStack) throw this.limit(`stack grows past ${this.maxStack} items`);
      switch (op) {
        // -- structure
        case Op.MARK:
          if (this.marks.length >= this.maxStack) throw this.limit(`MARK nesting deeper than ${this.maxStack}`);
          this.base = stack.length;
          this.marks.push(this.base);
          break;
        case Op.STOP:
          return this.pop();
        case Op.POP:
          if (stack.length > this.base) stack.pop();
          else this.closeMark();
          break;
        case Op.POP_MARK:
          stack.length = this.closeMark();
          break;
        case Op.DUP: {
          const v = this.top();
          this.share(v);
          stack.push(v);
          break;
        }
        case Op.PROTO: {
          const v = this.u8();
          if (v > HIGHEST_PROTOCOL) throw this.fail(`unsupported pickle protocol ${v}`);
          this.protocol = v;
          break;
        }
        case Op.FRAME: {
          const n = this.u64();
          this.frameEnd = r.pos + n;
          break;
        }
        // -- numbers
        case Op.INT: {
          const v = parseIntLine(this.line());
          if (v === null) throw this.fail("INT argument is not an integer");
          stack.push(v);
          break;
        }
        case Op.BININT:
          stack.push(this.i32());
          break;
        case Op.BININT1:
          stack.push(this.u8());
          break;
        case Op.BININT2:
          stack.push(this.u16());
          break;
        case Op.LONG: {
          const v = parseLongLine(this.line());
          if (v === null) throw this.fail("LONG argument is not an integer");
          stack.push(v);
          break;
        }
        case Op.LONG1: {
          const n = this.u8();
          this.need(n, "digits");
          stack.push(decodeLong(r.take(n)));
          break;
        }
        case Op.LONG4: {
          const n = this.i32();
          if (n < 0) throw this.fail("LONG pickle has negative byte count");
          this.need(n, "digits");
          stack.push(decodeLong(r.take(n)));
          break;
        }
        case Op.FLOAT: {
          const v = parseFloatLine(this.line());
          if (v === null) throw this.fail("FLOAT argument is not a number");
          stack.push({ kind: "float", value: v });
          break;
        }
        case Op.BINFLOAT: {
          const b = this.fixed(8);
          stack.push({ kind: "float", value: new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, false) });
          break;
        }
        case Op.NONE:
          stack.push(null);
          break;
        case Op.NEWTRUE:
          stack.push(true);
          break;
        case Op.NEWFALSE:
          stack.push(false);
          break;
        // -- strings and bytes
        case Op.STRING: {
          const decoded = decodeStringLine(this.line());
          if (typeof decoded === "string") throw this.fail(decoded);
          stack.push(py2strValue(decoded));
          break;
        }
        case Op.BINSTRING: {
          const n = this.i32();
          if (n < 0) throw this.fail("BINSTRING pickle has negative byte count");
          stack.push(this.py2str(n));
          break;
        }
        case Op.SHORT_BINSTRING:
          stack.push(this.py2str(this.u8()));
          break;
        case Op.UNICODE: {
          const l = this.line();
          try {
            stack.push(decodeRawUnicodeEscape(l));
          } catch (e) {
            if (e instanceof RawUnicodeEscapeError) throw this.fail(`raw-unicode-escape: ${e.message}`);
            throw e;
          }
          break;
        }
        case Op.BINUNICODE:
          stack.push(this.text(this.u32()));
          break;
        case Op.SHORT_BINUNICODE:
          stack.push(this.text(this.u8()));
          break;
        case Op.BINUNICODE8:
          stack.push(this.text(this.u64()));
          break;
        case Op.BINBYTES:
          stack.push(this.bytes(this.u32(), "bytes"));
          break;
        case Op.SHORT_BINBYTES:
          stack.push(this.bytes(this.u8(), "bytes"));
          break;
        case Op.BINBYTES8:
          stack.push(this.bytes(this.u64(), "bytes"));
          break;
        case Op.BYTEARRAY8:
          stack.push(this.bytes(this.u64(), "bytearray"));
          break;
        case Op.NEXT_BUFFER:
          stack.push({ kind: "bytes", flavor: "buffer", length: 0, data: null, fileOffset: null });
          break;
        case Op.READONLY_BUFFER:
          this.top();
          break;
        // -- containers
        case Op.EMPTY_TUPLE:
          stack.push(this.leanMemo ? EMPTY_TUPLE : { kind: "tuple", items: NO_VALUES });
          break;
        case Op.TUPLE: {
          const items2 = this.popMark();
          stack.push({ kind: "tuple", items: items2 });
          break;
        }
        case Op.TUPLE1: {
          const a = this.pop();
          stack.push({ kind: "tuple", items: [a] });
          break;
        }
        case Op.TUPLE2: {
          const b = this.pop();
          const a = this.pop();
          stack.push({ kind: "tuple", items: [a, b] });
          break;
        }
        case Op.TUPLE3: {
          const c = this.pop();
          const b = this.pop();
          const a = this.pop();
          stack.push({ kind: "tuple", items: [a, b, c] });
          break;
        }
        case Op.EMPTY_LIST:
          stack.push({ kind: "list", items: [] });
          break;
        case Op.LIST: {
          const items2 = this.popMark();
          stack.push({ kind: "list", items: items2 });
          break;
        }
        case Op.APPEND: {
          const item = this.pop();
          const target = this.top();
          if (typeof target === "object" && target !== null && target.kind === "list") target.items.push(item);
          else this.appendItems([item], "APPEND");
          break;
        }
        case Op.APPENDS:
          this.appendItems(this.popMark(), "APPENDS");
          break;
        case Op.EMPTY_DICT:
          stack.push({ kind: "dict", entries: [] });
          break;
        case Op.DICT: {
          const items2 = this.popMark();
          if (items2.length % 2 !== 0) throw this.fail("odd number of items for DICT");
          const dict = { kind: "dict", entries: [] };
          for (let i = 0; i < items2.length; i += 2) this.dictKeys.set(dict.entries, items2[i], items2[i + 1]);
          stack.push(dict);
          break;
        }
        case Op.SETITEM: {
          const value = this.pop();
          const key = this.pop();
          this.setItems([key, value], "SETITEM");
          break;
        }
        case Op.SETITEMS:
          this.setItems(this.popMark(), "SETITEMS");
          break;
        case Op.EMPTY_SET:
          stack.push({ kind: "set", frozen: false, items: [] });
          break;
        case Op.ADDITEMS:
          this.addItems(this.popMark());
          break;
        case Op.FROZENSET: {
          const items2 = this.popMark();
          stack.push({ kind: "set", frozen: true, items: items2 });
          break;
        }
        // -- memo
        case Op.PUT:
          this.memoPut(this.intLine("PUT index"));
          break;
        case Op.BINPUT:
          this.memoPut(this.u8());
          break;
        case Op.LONG_BINPUT:
          this.memoPut(this.u32());
          break;
        case Op.MEMOIZE:
          this.memoPut(this.memoCount);
          break;
        case Op.GET:
          stack.push(this.memoGet(this.intLine("GET index")));
          break;
        case Op.BINGET:
          stack.push(this.memoGet(this.u8()));
          break;
        case Op.LONG_BINGET:
          stack.push(this.memoGet(this.u32()));
          break;
        // -- imports, calls, objects
        case Op.GLOBAL: {
          const module = this.utf8Line("GLOBAL module");
          const name = this.utf8Line("GLOBAL name");
          const g = this.global(module, name);
          this.notePush(g);
          stack.push(g);
          break;
        }
        case Op.STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== "string" || typeof name !== "string") {
            if (isOpaque(module) || isOpaque(name)) throw this.dynamic("STACK_GLOBAL module or name");
            throw this.fail(`STACK_GLOBAL needs str module and name, got ${typeName(module)} and ${typeName(name)}`);
          }
          const g = this.global(module, name);
          this.notePush(g);
          stack.push(g);
          break;
        }
        case Op.REDUCE: {
          const args = this.pop();
          const callable = this.top();
          this.checkCallable(callable, "REDUCE");
          const obj = this.call("reduce", callable, this.argTuple(args, "REDUCE"), null);
          const replaced = this.reduce !== void 0 && this.shared.size === 0 && typeof callable === "object" && callable !== null && callable.kind === "global" ? this.reduce(obj) : void 0;
          stack[stack.length - 1] = replaced === void 0 ? obj : replaced;
          break;
        }
        case Op.NEWOBJ: {
          const args = this.pop();
          const cls = this.pop();
          this.checkCallable(cls, "NEWOBJ");
          stack.push(this.call("newobj", cls, this.argTuple(args, "NEWOBJ"), null));
          break;
        }
        case Op.NEWOBJ_EX: {
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          this.checkCallable(cls, "NEWOBJ_EX");
          let kw;
          if (typeof kwargs === "object" && kwargs !== null && kwargs.kind === "dict") kw = kwargs;
          else if (isOpaque(kwargs)) throw this.dynamic(`NEWOBJ_EX keyword arguments (a ${typeName(kwargs)})`);
          else throw this.fail(`NEWOBJ_EX keyword arguments must be a dict, got ${typeName(kwargs)}`);
          stack.push(this.call("newobj_ex", cls, this.argTuple(args, "NEWOBJ_EX"), kw));
          break;
        }
        case Op.INST: {
          const module = this.utf8Line("INST module");
          const name = this.utf8Line("INST name");
          const cls = this.global(module, name);
          this.notePush(cls);
          const args = this.popMark();
          stack.push(this.call("inst", cls, args, null));
          break;
        }
        case Op.OBJ: {
          const items2 = this.popMark();
          if (items2.length === 0) throw this.fail("OBJ without a class");
          const cls = items2[0];
          this.checkCallable(cls, "OBJ");
          stack.push(this.call("obj", cls, items2.slice(1), null));
          break;
        }
        case Op.BUILD: {
          const state = this.pop();
          this.build(state);
          break;
        }
        case Op.PERSID:
          stack.push({ kind: "persid", pid: this.asciiLine("PERSID id") });
          break;
        case Op.BINPERSID: {
          const pid = this.pop();
          if (isReplaced(pid)) throw new StartOver();
          stack.push({ kind: "persid", pid });
          break;
        }
        case Op.EXT1:
        case Op.EXT2:
        case Op.EXT4: {
          const code2 = op === Op.EXT1 ? this.u8() : op === Op.EXT2 ? this.u16() : this.i32();
          if (code2 <= 0) throw this.fail("EXT specifies code <= 0");
          this.anomaly("extension", null, `${opName(op)} ${code2} imports the global copyreg's extension registry maps it to`);
          stack.push({ kind: "ext", code: code2 });
          break;
        }
        default:
          throw this.fail(`not an opcode`);
      }
    }
  }
};
function py2strValue(raw) {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] > 127) return { kind: "bytes", flavor: "py2str", length: raw.length, data: raw.slice(), fileOffset: null };
  }
  return latin12.decode(raw);
}

// src/formats/pickle/values.ts
function isPyObject(v) {
  return typeof v === "object" && v !== null && v.kind === "object";
}
function isPyDict(v) {
  return typeof v === "object" && v !== null && v.kind === "dict";
}
function isGlobal(v, module, name) {
  if (typeof v !== "object" || v === null || v.kind !== "global") return false;
  const g = v;
  return (module === void 0 || g.module === module) && (name === void 0 || g.name === name);
}

// src/formats/torch/container.ts
function gapScan(where, what, reason, verdict = "incomplete") {
  return { where, protocol: 0, globals: [], anomalies: [], error: null, extra: [{ module: "", name: what, verdict, where, reason }] };
}
function probeScan(where, r) {
  if (r.globals.length === 0 && r.anomalies.length === 0 && !r.limited) return null;
  return scanOf(where, r);
}
function scanOf(where, r) {
  return { where, protocol: r.protocol, globals: r.globals, anomalies: r.anomalies, error: r.error, getattr: r.getattr };
}
function readScanned(src, offset, where, scans, options = {}) {
  const r = readPickle(src, offset, { ...options, where });
  scans.push(scanOf(where, r));
  return r;
}
function bytesLocator(region) {
  return (b) => {
    if (b.fileOffset !== null) return region.locate(b.fileOffset, b.length);
    if (b.data) return { kind: "memory", bytes: b.data };
    return null;
  };
}
function storageTable(make) {
  const byIndex = [];
  const byId = /* @__PURE__ */ new Map();
  const madeIds = [];
  const made = [];
  let byKey3 = null;
  let spilled = false;
  const create = (id, ref, dtype) => {
    const info = make(ref, dtype);
    madeIds.push(id);
    made.push(info);
    byKey3?.set(id, info);
    return { info, offset: 0 };
  };
  const at = (r, ref) => {
    const offset = ref.view?.offset ?? 0;
    return offset === 0 ? r : { info: r.info, offset };
  };
  const lookup = (ref, dtypeHint) => {
    const dtype = ref.dtype ?? dtypeHint;
    if (!dtype) return null;
    const index2 = ref.dtype ? denseIndex(ref.key, byIndex.length) : -1;
    if (index2 >= 0) {
      let r2 = byIndex[index2];
      if (!r2) {
        r2 = (spilled ? byId.get(ref.key) : void 0) ?? create(ref.key, ref, dtype);
        while (byIndex.length < index2) byIndex.push(void 0);
        byIndex[index2] = r2;
      }
      return at(r2, ref);
    }
    if (ref.dtype) spilled = true;
    const id = ref.dtype ? ref.key : `${ref.key}\0${dtype}`;
    let r = byId.get(id);
    if (!r) {
      r = create(id, ref, dtype);
      byId.set(id, r);
    }
    return at(r, ref);
  };
  return {
    get byKey() {
      if (byKey3 === null) {
        byKey3 = /* @__PURE__ */ new Map();
        for (let i = 0; i < made.length; i++) byKey3.set(madeIds[i], made[i]);
      }
      return byKey3;
    },
    lookup
  };
}
var MAX_STORAGE_DIGITS = 9;
function storageKeyIndex(s2, from = 0) {
  const n = s2.length - from;
  if (n <= 0 || n > MAX_STORAGE_DIGITS || n > 1 && s2.charCodeAt(from) === 48) return -1;
  let v = 0;
  for (let i = from; i < s2.length; i++) {
    const c = s2.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
function denseIndex(key, seen) {
  const v = storageKeyIndex(key);
  return v >= 0 && v <= seen + 1024 ? v : -1;
}

// src/formats/torch/storage-pid.ts
function parsePersistentId(pid) {
  const items2 = tupleItems(pid);
  if (!items2 || items2.length === 0) return { kind: "unknown", why: "persistent id is not a tuple" };
  const tag = asText(items2[0]);
  if (tag === "module") {
    return items2.length >= 2 ? { kind: "module", cls: items2[1] } : { kind: "unknown", why: "module persistent id without a class" };
  }
  if (tag !== "storage") return { kind: "unknown", why: `persistent id tag ${JSON.stringify(tag ?? typeof items2[0])}` };
  if (items2.length < 5) return { kind: "unknown", why: `storage persistent id has ${items2.length} fields, expected 5 or 6` };
  const type = items2[1];
  const key = keyText2(items2[2]);
  const device = asText(items2[3]);
  const numel2 = asCount(items2[4]);
  if (key === null || device === null) return { kind: "unknown", why: "storage persistent id with a non-string key or location" };
  const typeName3 = typeof type === "object" && type !== null && type.kind === "global" ? `${type.module}.${type.name}` : String(type);
  let dtype = null;
  if (typeof type === "object" && type !== null && type.kind === "global") {
    if (type.name === "UntypedStorage") dtype = null;
    else if (type.module === "torch" || type.module === "torch.cuda") {
      const d = dtypeOfStorageClass(type.name);
      if (!d) return { kind: "unknown", why: `unknown storage type ${typeName3}` };
      dtype = d;
    } else return { kind: "unknown", why: `unknown storage type ${typeName3}` };
  } else return { kind: "unknown", why: `storage type is not a class reference` };
  let view = null;
  const viewItems = items2.length >= 6 ? tupleItems(items2[5]) : null;
  if (viewItems && viewItems.length === 3) {
    const vk = keyText2(viewItems[0]);
    const off = asCount(viewItems[1]);
    const vn = asCount(viewItems[2]);
    if (vk !== null && off !== null && vn !== null) view = { key: vk, offset: off, numel: vn };
  }
  return { kind: "storage", ref: { key, dtype, device, numel: numel2, view, typeName: typeName3 } };
}
function tupleItems(v) {
  if (typeof v !== "object" || v === null) return null;
  if (v.kind === "tuple" || v.kind === "list") return v.items;
  return null;
}
function asText(v) {
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null && v.kind === "bytes" && v.data) return latin13(v);
  return null;
}
function keyText2(v) {
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  return asText(v);
}
function asCount(v) {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === "bigint" && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return null;
}
function latin13(b) {
  let s2 = "";
  const d = b.data;
  for (let i = 0; i < d.length; i++) s2 += String.fromCharCode(d[i]);
  return s2;
}

// src/formats/torch/numpy-values.ts
function isNumpyCore(module) {
  return module === "numpy.core.multiarray" || module === "numpy._core.multiarray";
}
var byNumpyCode = /* @__PURE__ */ new Map();
for (const [name, info] of Object.entries(DTYPES)) {
  if (info.numpy) byNumpyCode.set(info.numpy, name);
}
function readNumpyDtype(v) {
  if (!isPyObject(v) || !isGlobal(v.callable, "numpy", "dtype")) return null;
  const code2 = v.args[0] === void 0 ? null : asText(v.args[0]);
  if (code2 === null) return null;
  const state = v.states.length > 0 ? tupleItems(v.states[v.states.length - 1]) : null;
  const order = state && state.length > 1 ? asText(state[1]) : null;
  return { code: code2, dtype: dtypeOfNumpyCode(code2), bigEndian: order === ">" };
}
function dtypeOfNumpyCode(descr) {
  const code2 = descr.replace(/^[<>=|]/, "");
  if (code2 === "?") return "bool";
  return byNumpyCode.get(code2) ?? null;
}
function readNdarrayState(obj) {
  if (obj.states.length === 0) return null;
  const st = tupleItems(obj.states[obj.states.length - 1]);
  if (!st || st.length < 5) return null;
  const shapeItems = tupleItems(st[1]);
  const dtype = readNumpyDtype(st[2]);
  if (!shapeItems || !dtype) return null;
  const shape4 = [];
  for (const d of shapeItems) {
    const n = asCount(d);
    if (n === null) return null;
    shape4.push(n);
  }
  return { shape: shape4, dtype, fortran: st[3] === true, raw: st[4] };
}
function decodeNumpyScalar(dtypeValue, payload) {
  const dt = readNumpyDtype(dtypeValue);
  if (!dt || !dt.dtype || typeof payload !== "object" || payload === null || payload.kind !== "bytes") return null;
  const b = payload.data;
  if (!b || b.length !== DTYPES[dt.dtype].itemsize) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = !dt.bigEndian;
  switch (dt.dtype) {
    case "float64":
      return { kind: "float", value: view.getFloat64(0, le) };
    case "float32":
      return { kind: "float", value: view.getFloat32(0, le) };
    case "int64":
      return safeInt(view.getBigInt64(0, le));
    case "uint64":
      return safeInt(view.getBigUint64(0, le));
    case "int32":
      return view.getInt32(0, le);
    case "uint32":
      return view.getUint32(0, le);
    case "int16":
      return view.getInt16(0, le);
    case "uint16":
      return view.getUint16(0, le);
    case "int8":
      return view.getInt8(0);
    case "uint8":
      return view.getUint8(0);
    case "bool":
      return view.getUint8(0) !== 0;
    default:
      return null;
  }
}
function safeInt(v) {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

// src/formats/torch/constructors.ts
var TORCH_UTILS = "torch._utils";
var REBUILD_V1 = { grad: null, dtypeAt: null };
var REBUILD_V2 = { grad: 4, dtypeAt: null };
var REBUILD_V3 = { grad: 4, dtypeAt: 6 };
var CONSTRUCTORS = /* @__PURE__ */ new Map([
  [`${TORCH_UTILS}._rebuild_tensor`, (c, o, st) => rebuildTensor(c.args, o, st, REBUILD_V1)],
  [`${TORCH_UTILS}._rebuild_tensor_v2`, (c, o, st) => rebuildTensor(c.args, o, st, REBUILD_V2)],
  [`${TORCH_UTILS}._rebuild_tensor_v3`, (c, o, st) => rebuildTensor(c.args, o, st, REBUILD_V3)],
  [`${TORCH_UTILS}._rebuild_qtensor`, (c, o, st) => rebuildQTensor(c.args, o, st)],
  [`${TORCH_UTILS}._rebuild_parameter`, (c, o) => asParameter(c.args[0], c.args[1], o)],
  [`${TORCH_UTILS}._rebuild_parameter_with_state`, (c, o) => asParameter(c.args[0], c.args[1], o)],
  // before torch 0.4, Parameter pickled as REDUCE(Parameter, (data, requires_grad))
  ["torch.nn.parameter.Parameter", (c, o) => asParameter(c.args[0], c.args[1] ?? true, o)],
  [`${TORCH_UTILS}._rebuild_device_tensor_from_numpy`, (c, o) => tensorFromNumpy(c.args, o)],
  [`${TORCH_UTILS}._rebuild_meta_tensor_no_storage`, (c, o) => metaTensor(c.args, o)],
  // tensor subclasses and tensors with Python attributes: (func, type, args, state)
  ["torch._tensor._rebuild_from_type_v2", (c, o, st) => applyInner(c.args[0], c.args[2], o, st)],
  ["torch._tensor._rebuild_from_type", (c, o, st) => applyInner(c.args[0], c.args[2], o, st)],
  ["torch.storage._load_from_bytes", (c, _o, st) => loadFromBytes(c, st)],
  ["torch.Size", (c) => c.args[0] !== void 0 && tupleItems(c.args[0]) ? { kind: "tuple", items: tupleItems(c.args[0]) } : null],
  ["collections.OrderedDict", (c, o) => asDict(c, o, true)],
  ["collections.defaultdict", (c, o) => asDict(c, o, false)],
  ["_codecs.encode", (c) => encodeLatin1(c.args[0], c.args[1])]
]);
var PLAIN_REBUILDS = /* @__PURE__ */ new Map([
  ["_rebuild_tensor", REBUILD_V1],
  ["_rebuild_tensor_v2", REBUILD_V2],
  ["_rebuild_tensor_v3", REBUILD_V3]
]);
function plainRebuildOf(f) {
  return f.module === TORCH_UTILS ? PLAIN_REBUILDS.get(f.name) ?? null : null;
}
var numpyReconstruct = (c, o, st) => ndarray(c, o, st);
var numpyScalar = (c) => c.args.length === 2 ? decodeNumpyScalar(c.args[0], c.args[1]) : null;
function constructorOf(f) {
  if (isNumpyCore(f.module)) return f.name === "_reconstruct" ? numpyReconstruct : f.name === "scalar" ? numpyScalar : null;
  return CONSTRUCTORS.get(`${f.module}.${f.name}`) ?? null;
}
function construct(call, original, st) {
  const f = call.callable;
  if (typeof f !== "object" || f === null || f.kind !== "global") return null;
  let ctor = st.constructors.get(f);
  if (ctor === void 0) {
    ctor = constructorOf(f);
    st.constructors.set(f, ctor);
  }
  return ctor ? ctor(call, original, st) : null;
}
function counts(v) {
  if (v === void 0) return null;
  const items2 = tupleItems(v);
  if (!items2) return null;
  let plain2 = true;
  for (let i = 0; i < items2.length; i++) {
    const x = items2[i];
    if (typeof x === "number" && Number.isSafeInteger(x) && x >= 0) continue;
    if (asCount(x) === null) return null;
    plain2 = false;
  }
  if (plain2) return items2;
  const out = new Array(items2.length);
  for (let i = 0; i < items2.length; i++) out[i] = asCount(items2[i]);
  return out;
}
function storageOf(v, dtype, st) {
  if (v === void 0 || typeof v !== "object" || v === null) return null;
  return resolveStorage(v, dtype, st, true);
}
function resolveStorage(v, dtype, st, remember) {
  const known = st.storages.size > 0 ? st.storages.get(v) : void 0;
  if (known) return known;
  if (v.kind !== "persid") return null;
  const parsed = parsePersistentId(v.pid);
  if (parsed.kind !== "storage") return null;
  const r = st.ctx.storage(parsed.ref, parsed.ref.dtype ?? dtype);
  if (r && remember) st.storages.set(v, r);
  return r;
}
function directRebuild(call, layout, st, pidMayRecur) {
  if (call.kwargs !== null || call.states.length > 0 || call.listItems.length > 0 || call.dictItems.length > 0) return null;
  const args = call.args;
  if (args.length < 4) return null;
  const pid = args[0];
  if (typeof pid !== "object" || pid === null || pid.kind !== "persid" || !inert(pid.pid, 2)) return null;
  for (let i = 1; i < args.length; i++) if (!inert(args[i], 1)) return null;
  const dtype = rebuildDtype(args, layout);
  if (dtype === false) return null;
  const offset = asCount(args[1]);
  const shape4 = counts(args[2]);
  const stride = counts(args[3]);
  if (offset === null || !shape4 || !stride || shape4.length !== stride.length) return null;
  const storage = resolveStorage(pid, dtype, st, pidMayRecur);
  if (!storage) return null;
  const info = {
    kind: "tensor",
    dtype: dtype ?? storage.info.dtype,
    shape: shape4,
    stride,
    storageOffset: storage.offset + offset,
    storage: storage.info,
    requiresGrad: layout.grad !== null && args[layout.grad] === true
  };
  return { kind: "tensor", info, original: call };
}
function inert(v, depth2) {
  if (typeof v !== "object" || v === null) return true;
  switch (v.kind) {
    case "float":
    case "bytes":
    case "global":
    case "ext":
      return true;
    case "tuple":
    case "list": {
      if (depth2 === 0) return false;
      const items2 = v.items;
      for (let i = 0; i < items2.length; i++) if (!inert(items2[i], depth2 - 1)) return false;
      return true;
    }
    case "object":
      return v.args.length === 0 && v.kwargs === null && v.states.length === 0 && v.listItems.length === 0 && v.dictItems.length === 0 && isGlobal(v.callable, "collections", "OrderedDict");
    default:
      return false;
  }
}
function rebuildDtype(args, layout) {
  if (layout.dtypeAt === null) return null;
  const g = args[layout.dtypeAt];
  if (!g || !isGlobal(g, "torch")) return false;
  return dtypeOfTorchGlobal(g.name) ?? false;
}
function rebuildTensor(args, original, st, layout, kind2 = "tensor") {
  const dtype = rebuildDtype(args, layout);
  if (dtype === false) return null;
  const storage = storageOf(args[0], dtype, st);
  const offset = args[1] === void 0 ? null : asCount(args[1]);
  const shape4 = counts(args[2]);
  const stride = counts(args[3]);
  if (!storage || offset === null || !shape4 || !stride || shape4.length !== stride.length) {
    st.ctx.warn(`a tensor rebuild call with arguments that do not describe a tensor was kept as a call`);
    return null;
  }
  const requiresGrad = layout.grad !== null && args[layout.grad] === true;
  const info = {
    kind: kind2,
    dtype: dtype ?? storage.info.dtype,
    shape: shape4,
    stride,
    storageOffset: storage.offset + offset,
    storage: storage.info,
    requiresGrad
  };
  return { kind: "tensor", info, original };
}
function rebuildQTensor(args, original, st) {
  const t = rebuildTensor([args[0], args[1], args[2], args[3], args[5] ?? false], original, st, REBUILD_V2, "qtensor");
  if (!t) return null;
  const params = args[4] === void 0 ? null : tupleItems(args[4]);
  const scheme = params?.[0];
  if (params && scheme && isGlobal(scheme, "torch")) {
    const q = { scheme: scheme.name };
    if (scheme.name.startsWith("per_tensor")) {
      const scale = params[1];
      if (typeof scale === "number") q.scale = scale;
      else if (typeof scale === "object" && scale !== null && scale.kind === "float") q.scale = scale.value;
      if (typeof params[2] === "number") q.zeroPoint = params[2];
    } else if (scheme.name.startsWith("per_channel")) {
      const axis = params[3] === void 0 ? null : asCount(params[3]);
      if (axis !== null) q.axis = axis;
    }
    t.info.quantization = q;
  }
  return t;
}
function asParameter(data, requiresGrad, original) {
  if (typeof data !== "object" || data === null || data.kind !== "tensor") return null;
  const info = { ...data.info, kind: data.info.kind === "qtensor" ? "qtensor" : "parameter", requiresGrad: requiresGrad !== false };
  return { kind: "tensor", info, original };
}
function applyInner(func, args, original, st) {
  if (func === void 0 || args === void 0) return null;
  const items2 = tupleItems(args);
  if (!items2) return null;
  const inner = { kind: "object", via: "reduce", callable: func, args: items2, kwargs: null, states: [], listItems: [], dictItems: [] };
  const v = construct(inner, original, st);
  return v !== null && typeof v === "object" && v.kind === "tensor" ? v : null;
}
function loadFromBytes(call, st) {
  const b = call.args[0];
  if (typeof b !== "object" || b === null || b.kind !== "bytes") return null;
  const info = st.ctx.loadFromBytes(b);
  if (info) st.storages.set(call, { info, offset: 0 });
  return null;
}
function tensorFromNumpy(args, original) {
  const data = args[0];
  const g = args[1];
  if (typeof data !== "object" || data === null || data.kind !== "tensor" || !g || !isGlobal(g, "torch")) return null;
  const dtype = dtypeOfTorchGlobal(g.name);
  if (!dtype) return null;
  const device = args[2] === void 0 ? null : asText(args[2]);
  const info = { ...data.info, kind: "tensor", dtype, requiresGrad: args[3] === true };
  if (device) info.storage = { ...info.storage, device };
  return { kind: "tensor", info, original };
}
function metaTensor(args, original) {
  const g = args[0];
  const shape4 = counts(args[1]);
  const stride = counts(args[2]);
  if (!g || !isGlobal(g, "torch") || !shape4 || !stride) return null;
  const dtype = dtypeOfTorchGlobal(g.name);
  if (!dtype) return null;
  const info = {
    kind: "tensor",
    dtype,
    shape: shape4,
    stride,
    storageOffset: 0,
    requiresGrad: args[3] === true,
    storage: { key: "", dtype, numel: 0, device: "meta", bytes: null }
  };
  return { kind: "tensor", info, original };
}
function asDict(call, original, keepState) {
  const d = { kind: "dict", entries: [], cls: call.callable, original };
  const first = call.args[0];
  if (keepState && first !== void 0) {
    const pairs = tupleItems(first);
    if (!pairs) return null;
    for (const p of pairs) {
      const kv = tupleItems(p);
      if (!kv || kv.length !== 2) return null;
      d.entries.push([kv[0], kv[1]]);
    }
  }
  const items2 = call.dictItems;
  if (d.entries.length === 0) d.entries = items2 !== original.dictItems ? items2 : items2.slice();
  else for (const kv of items2) d.entries.push(kv);
  if (keepState && call.states.length > 0) d.attrs = call.states[call.states.length - 1];
  return d;
}
function encodeLatin1(text2, encoding) {
  if (typeof text2 !== "string") return null;
  const enc = typeof encoding === "string" ? encoding.toLowerCase().replace(/[-_]/g, "") : "";
  if (enc !== "latin1" && enc !== "iso88591") return null;
  const data = new Uint8Array(text2.length);
  for (let i = 0; i < text2.length; i++) {
    const c = text2.charCodeAt(i);
    if (c > 255) return null;
    data[i] = c;
  }
  return { kind: "bytes", flavor: "bytes", length: data.length, data, fileOffset: null };
}
function ndarray(call, original, st) {
  const s2 = readNdarrayState(call);
  if (!s2 || !s2.dtype.dtype) return null;
  const raw = s2.raw;
  if (typeof raw !== "object" || raw === null || raw.kind !== "bytes") return null;
  const n = numel(s2.shape);
  const want = n * itemSize(s2.dtype.dtype);
  if (raw.length !== want) {
    st.ctx.warn(`numpy array of shape (${s2.shape.join(", ")}) ${s2.dtype.code} holds ${raw.length} bytes, expected ${want}`);
    return null;
  }
  if (s2.dtype.bigEndian) st.ctx.warn(`numpy array of dtype >${s2.dtype.code} is big-endian`);
  const stride = s2.fortran ? contiguousStrides([...s2.shape].reverse()).reverse() : contiguousStrides(s2.shape);
  const info = {
    kind: "ndarray",
    dtype: s2.dtype.dtype,
    shape: s2.shape,
    stride,
    storageOffset: 0,
    requiresGrad: false,
    storage: { key: `ndarray:${++st.ndarrays}`, dtype: s2.dtype.dtype, numel: n, device: "cpu", bytes: st.ctx.bytesLocation(raw) }
  };
  return { kind: "tensor", info, original };
}

// src/formats/torch/interpret.ts
function hasChildren(v) {
  if (typeof v !== "object" || v === null) return false;
  const k = v.kind;
  return k === "tuple" || k === "list" || k === "set" || k === "dict" || k === "object" || k === "persid";
}
var PENDING = Symbol("pending");
function interpret(root, ctx, shared) {
  const state = { ctx, storages: /* @__PURE__ */ new Map(), ndarrays: 0, constructors: /* @__PURE__ */ new Map() };
  if (!hasChildren(root)) return { value: root };
  return { value: new Interpreter(state, shared).run(root) };
}
function tensorsAsRead(ctx) {
  const state = { ctx, storages: /* @__PURE__ */ new Map(), ndarrays: 0, constructors: /* @__PURE__ */ new Map() };
  return (call) => {
    const layout = plainRebuildOf(call.callable);
    if (layout === null) return void 0;
    const tensor = directRebuild(call, layout, state, false);
    if (tensor === null) return void 0;
    tensor.original = null;
    return tensor;
  };
}
var Interpreter = class {
  constructor(state, shared) {
    this.state = state;
    this.shared = shared;
  }
  /** results of finished (or, for PENDING, entered) nodes that may be met again */
  done = /* @__PURE__ */ new Map();
  /** the copies handed out for nodes met again while still being interpreted (cycles) */
  shells = /* @__PURE__ */ new Map();
  /** results of finished children, in child order; a node's children's results end the array when it finishes */
  results = [];
  /** read position in `results` while a node is being finished */
  cursor = 0;
  /** whether the node being finished needs a copy: a child's result differs from the child, or it has a shell */
  changed = false;
  tracked(v) {
    const s2 = this.shared;
    return s2 === void 0 || s2.size > 0 && s2.has(v);
  }
  run(root) {
    const work = [root];
    const marks = [-1];
    const results = this.results;
    while (work.length > 0) {
      const node = work.pop();
      const mark = marks.pop();
      if (mark >= 0) {
        this.cursor = mark;
        const result = this.finish(node);
        results.length = mark;
        results.push(result);
        continue;
      }
      if (this.tracked(node)) {
        const seen = this.done.get(node);
        if (seen !== void 0) {
          results.push(seen === PENDING ? this.shellFor(node) : seen);
          continue;
        }
        this.done.set(node, PENDING);
      }
      if (node.kind === "object") {
        const tensor = this.direct(node);
        if (tensor !== null) {
          if (this.tracked(node)) this.done.set(node, tensor);
          results.push(tensor);
          continue;
        }
      }
      work.push(node);
      marks.push(results.length);
      pushChildren(node, work, marks);
    }
    return results[0];
  }
  /** A plain tensor rebuild whose arguments need no interpreting, as a tensor; else null (see directRebuild). */
  direct(node) {
    const f = node.callable;
    if (typeof f !== "object" || f === null || f.kind !== "global") return null;
    const layout = plainRebuildOf(f);
    if (layout === null) return null;
    const pid = node.args[0];
    return directRebuild(node, layout, this.state, typeof pid === "object" && pid !== null && this.tracked(pid));
  }
  /** A cycle reached `node` before it was finished: it gets a copy now, filled when it finishes. */
  shellFor(node) {
    let s2 = this.shells.get(node);
    if (s2 === void 0) {
      s2 = shellOf(node);
      this.shells.set(node, s2);
    }
    return s2;
  }
  /** The interpreted value of the next child (the child itself when it has no children). */
  next(raw) {
    if (!hasChildren(raw)) return raw;
    const v = this.results[this.cursor++];
    if (v !== raw) this.changed = true;
    return v;
  }
  /** `items` interpreted: the same array when no item changed, else an exact-size copy. */
  items(raw) {
    let out = null;
    const results = this.results;
    for (let i = 0; i < raw.length; i++) {
      const x = raw[i];
      if (!hasChildren(x)) continue;
      const v = results[this.cursor++];
      if (v !== x) (out ??= raw.slice())[i] = v;
    }
    if (out === null) return raw;
    this.changed = true;
    return out;
  }
  /** `pairs` interpreted: the same array when no key or value changed, else an exact-size copy; unchanged pairs are reused. */
  pairs(raw) {
    let out = null;
    const results = this.results;
    for (let i = 0; i < raw.length; i++) {
      const p = raw[i];
      const k = hasChildren(p[0]) ? results[this.cursor++] : p[0];
      const x = hasChildren(p[1]) ? results[this.cursor++] : p[1];
      if (k !== p[0] || x !== p[1]) (out ??= raw.slice())[i] = [k, x];
    }
    if (out === null) return raw;
    this.changed = true;
    return out;
  }
  finish(node) {
    const shell = this.shells.size > 0 ? this.shells.get(node) : void 0;
    this.changed = shell !== void 0;
    let result;
    switch (node.kind) {
      case "tuple":
      case "list":
      case "set": {
        const items2 = this.items(node.items);
        if (!this.changed) result = node;
        else if (shell) {
          shell.items = items2;
          result = shell;
        } else result = node.kind === "set" ? { kind: "set", frozen: node.frozen, items: items2 } : { kind: node.kind, items: items2 };
        break;
      }
      case "dict": {
        const entries = this.pairs(node.entries);
        const attrs = node.attrs === void 0 ? void 0 : this.next(node.attrs);
        if (!this.changed) result = node;
        else {
          const d = shell ?? { kind: "dict", entries: [] };
          d.entries = entries;
          if (node.cls) d.cls = node.cls;
          if (attrs !== void 0) d.attrs = attrs;
          if (node.original) d.original = node.original;
          result = d;
        }
        break;
      }
      case "object": {
        const callable = this.next(node.callable);
        const args = this.items(node.args);
        const kwargs = node.kwargs ? this.next(node.kwargs) : null;
        const states = this.items(node.states);
        const listItems = this.items(node.listItems);
        const dictItems = this.pairs(node.dictItems);
        let o = node;
        if (this.changed) {
          if (shell) {
            o = shell;
            o.callable = callable;
            o.args = args;
            o.kwargs = kwargs;
            o.states = states;
            o.listItems = listItems;
            o.dictItems = dictItems;
          } else o = { kind: "object", via: node.via, callable, args, kwargs, states, listItems, dictItems };
        }
        result = construct(o, node, this.state) ?? o;
        break;
      }
      case "persid": {
        const pid = this.next(node.pid);
        let p = node;
        if (this.changed) {
          p = shell ?? { kind: "persid", pid: null };
          p.pid = pid;
        }
        result = this.persistent(p);
        break;
      }
      default:
        result = node;
    }
    if (this.tracked(node)) this.done.set(node, result);
    return result;
  }
  persistent(p) {
    const st = this.state;
    const parsed = parsePersistentId(p.pid);
    if (parsed.kind === "module") return parsed.cls;
    if (parsed.kind === "storage" && parsed.ref.dtype !== null) {
      const r = st.ctx.storage(parsed.ref, null);
      if (r) st.storages.set(p, r);
    } else if (parsed.kind === "unknown") st.ctx.warn(`unrecognised persistent id: ${parsed.why}`);
    return p;
  }
};
function pushChildren(v, work, marks) {
  switch (v.kind) {
    case "tuple":
    case "list":
    case "set":
      pushItems(v.items, work, marks);
      return;
    case "dict":
      if (v.attrs !== void 0) pushChild(v.attrs, work, marks);
      pushPairs(v.entries, work, marks);
      return;
    case "object":
      pushPairs(v.dictItems, work, marks);
      pushItems(v.listItems, work, marks);
      pushItems(v.states, work, marks);
      if (v.kwargs) pushChild(v.kwargs, work, marks);
      pushItems(v.args, work, marks);
      pushChild(v.callable, work, marks);
      return;
    case "persid":
      pushChild(v.pid, work, marks);
      return;
    default:
      return;
  }
}
function pushChild(c, work, marks) {
  if (hasChildren(c)) {
    work.push(c);
    marks.push(-1);
  }
}
function pushItems(items2, work, marks) {
  for (let i = items2.length - 1; i >= 0; i--) pushChild(items2[i], work, marks);
}
function pushPairs(pairs, work, marks) {
  for (let i = pairs.length - 1; i >= 0; i--) {
    const p = pairs[i];
    pushChild(p[1], work, marks);
    pushChild(p[0], work, marks);
  }
}
function shellOf(v) {
  switch (v.kind) {
    case "tuple":
    case "list":
      return { kind: v.kind, items: [] };
    case "set":
      return { kind: "set", frozen: v.frozen, items: [] };
    case "dict":
      return { kind: "dict", entries: [] };
    case "object":
      return { kind: "object", via: v.via, callable: null, args: [], kwargs: null, states: [], listItems: [], dictItems: [] };
    case "persid":
      return { kind: "persid", pid: null };
    default:
      return v;
  }
}

// src/formats/torch/region.ts
var SliceSource = class {
  constructor(base, start, size, name = base.name) {
    this.base = base;
    this.start = start;
    this.size = size;
    this.name = name;
    if (start < 0 || size < 0 || start + size > base.size) {
      throw new FormatError(base.name, `truncated: needs bytes ${start}..${start + size} but the file has ${base.size} bytes`);
    }
  }
  read(offset, length) {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} of a ${this.size}-byte range at ${this.start}`);
    }
    return this.base.read(this.start + offset, length);
  }
  close() {
  }
};
function fileRegion(src, file, base = 0) {
  return { src, locate: (offset, length) => ({ kind: "raw", file, offset: base + offset, length }) };
}
function memoryRegion(src) {
  return { src, locate: (offset, length) => ({ kind: "memory", bytes: src.bytes.subarray(offset, offset + length) }) };
}

// src/formats/torch/zip-members.ts
var MAX_PICKLE_ENTRY_BYTES = 1 << 30;
function entryRegion(zip, e, file) {
  if (e.method === 0 && e.compressedSize === e.size) {
    return fileRegion(new SliceSource(zip.source, e.dataOffset, e.size, zip.source.name), file, e.dataOffset);
  }
  if (e.size > MAX_PICKLE_ENTRY_BYTES) {
    throw new FormatError(file, `zip entry "${e.name}" is ${e.size} bytes, too large to be a pickle`);
  }
  chargeInflation(zip, e, file);
  const bytes = readEntry(zip, e, { ignoreFlags: true, maxBytes: MAX_PICKLE_ENTRY_BYTES });
  return memoryRegion(new BufferSource(bytes, zip.source.name));
}
var INFLATE_RATIO = 256;
var INFLATE_FLOOR = 32 << 20;
var INFLATE_BUDGET_FLOOR = 64 << 20;
var INFLATE_BUDGET_PER_BYTE = 32;
var budgets = /* @__PURE__ */ new WeakMap();
function chargeInflation(zip, e, file) {
  if (e.size > INFLATE_FLOOR && e.size > INFLATE_RATIO * Math.max(e.compressedSize, 1)) {
    throw new FormatError(file, `zip entry "${e.name}" claims ${e.size} bytes from ${e.compressedSize} (over ${INFLATE_RATIO}:1): a deflate bomb, not inflated`);
  }
  let budget = budgets.get(zip);
  if (!budget) {
    budget = { left: INFLATE_BUDGET_FLOOR + INFLATE_BUDGET_PER_BYTE * zip.source.size };
    budgets.set(zip, budget);
  }
  if (e.size > budget.left) {
    throw new FormatError(file, `zip entry "${e.name}" would inflate past the archive's budget (${budget.left} of ${INFLATE_BUDGET_FLOOR + INFLATE_BUDGET_PER_BYTE * zip.source.size} bytes left): not inflated`);
  }
  budget.left -= e.size;
}
function isPickleName(name) {
  return /\.(pkl|pickle|debug_pkl)$/i.test(name);
}
function memberKind(zip, e) {
  if (e.name.endsWith("/") && e.size === 0) return "folder";
  const named = isPickleName(e.name) || isPickleName(e.localName);
  if (e.method !== 0 && e.method !== 8) return "unreadable";
  let head;
  try {
    head = readEntryPrefix(zip, e, 1 << 12, { ignoreFlags: true });
  } catch (err) {
    if (err instanceof FormatError) return named ? "unreadable" : "other";
    throw err;
  }
  if (isNpy(head)) return "npy";
  if (named) return "pickle-name";
  const kind2 = detectKind(new BufferSource(head, zip.source.name));
  return kind2 === "pickle" || kind2 === "legacy-torch" ? "pickle-content" : "other";
}

// src/formats/torch/tar.ts
var BLOCK = 512;
var TORCH_MEMBERS = /* @__PURE__ */ new Set(["storages", "tensors", "pickle", "sys_info"]);
var MAX_RECORDS = 1 << 20;
function isTar(head) {
  if (head.length < BLOCK) return false;
  const stored = octal(head, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  for (let i = 0; i < BLOCK; i++) unsigned += i >= 148 && i < 156 ? 32 : head[i];
  return stored === unsigned && head[0] !== 0;
}
function octal(b, at, n) {
  let s2 = "";
  for (let i = at; i < at + n; i++) {
    const c = b[i];
    if (c === 0 || c === 32) {
      if (s2.length > 0) break;
      continue;
    }
    if (c < 48 || c > 55) return null;
    s2 += String.fromCharCode(c);
  }
  return s2.length === 0 ? 0 : parseInt(s2, 8);
}
function text(b, at, n) {
  let end = at;
  while (end < at + n && b[end] !== 0) end++;
  return new TextDecoder("utf-8").decode(b.subarray(at, end));
}
function listTar(src) {
  const out = [];
  let at = 0;
  let longName = null;
  while (at + BLOCK <= src.size) {
    const h = src.read(at, BLOCK);
    if (h.every((x) => x === 0)) break;
    if (!isTar(h)) throw new FormatError(src.name, `bad tar: header at ${at} has a wrong checksum`);
    const size = octal(h, 124, 12);
    if (size === null) throw new FormatError(src.name, `bad tar: header at ${at} has a bad size`);
    const type = String.fromCharCode(h[156]);
    const data = at + BLOCK;
    if (data + size > src.size) throw new FormatError(src.name, `truncated tar: member at ${at} needs ${size} bytes`);
    const prefix = text(h, 345, 155);
    let name = longName ?? (prefix && h[257] === 117 ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = null;
    if (type === "L") longName = text(src.read(data, size), 0, size);
    else if (type === "x") {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder("utf-8").decode(src.read(data, size)));
      if (m) longName = m[1];
    } else if (type === "0" || type === "\0" || type === "7") out.push({ name, offset: data, size });
    at = data + Math.ceil(size / BLOCK) * BLOCK;
    if (out.length > MAX_RECORDS) break;
  }
  return out;
}
function readTarTorch(src, file) {
  const members = listTar(src);
  const scans = [];
  const detail = [`tar-format torch.save (PyTorch < 0.1.10): ${members.length} member(s); pickles scanned, tensors not listed`];
  let root = null;
  let error = null;
  for (const m of members) {
    const sub = new SliceSource(src, m.offset, m.size);
    const base = m.name.replace(/^\.\//, "");
    if (base === "storages") scanRecords(sub, m.name, "storages", scans);
    else if (base === "tensors") scanRecords(sub, m.name, "tensors", scans);
    else if (base === "pickle" || base === "sys_info") {
      const r = readPickle(sub, 0, { where: m.name });
      scans.push(scanOf(m.name, r));
      if (base === "pickle") {
        if (r.error || r.value === void 0) error = r.error ?? new FormatError(file, "tar pickle member has no value");
        else root = interpret(r.value, { storage: () => null, bytesLocation: bytesLocator(fileRegion(sub, file, m.offset)), loadFromBytes: () => null, warn: (w) => detail.push(w) }, r.shared).value;
      }
    }
  }
  const torchMembers = members.filter((m) => TORCH_MEMBERS.has(m.name.replace(/^\.\//, "")));
  if (torchMembers.length === 0) {
    const pickles = members.filter((m) => isPickleName(m.name));
    if (pickles.length === 0) {
      throw new FormatError(file, `tar archive without torch.save's storages, tensors and pickle members, so not a checkpoint (${members.length} members: ${members.slice(0, 5).map((m) => m.name).join(", ")})`);
    }
    for (const m of pickles) scans.push(scanOf(m.name, readPickle(new SliceSource(src, m.offset, m.size), 0, { where: m.name })));
    return { format: "pickle", detail: [`tar archive holding ${pickles.length} pickle member(s), not a torch.save tar`], root: null, error: null, pickles: scans };
  }
  if (!members.some((m) => m.name.replace(/^\.\//, "") === "pickle")) detail.push("no pickle member: torch.load would fail");
  return { format: "legacy-torch", detail, root, error, pickles: scans };
}
function scanRecords(src, where, kind2, scans) {
  let at = 0;
  const next = (label) => {
    const r = readPickle(src, at, { where: `${where} ${label}` });
    scans.push(scanOf(`${where} ${label}`, r));
    if (r.error) return null;
    at = r.frameEnd ?? r.end;
    return r;
  };
  const gap = (why) => void scans.push(gapScan(where, "parse stopped", `${why}; the rest of the member (from offset ${at}) was not followed`));
  const count2 = next("count");
  if (!count2) return;
  if (typeof count2.value !== "number" || count2.value < 0) return gap("the record count is not a small integer");
  if (count2.value > MAX_RECORDS) return gap(`${count2.value} records is more than sdmatch follows`);
  for (let i = 0; i < count2.value; i++) {
    const args = next(`record ${i}`);
    if (!args) return;
    if (kind2 === "storages") {
      const type = tupleAt(args.value, 2);
      const dtype = type !== void 0 && isGlobal(type) ? dtypeOfStorageClass(type.name) : void 0;
      if (!dtype) return gap(`storage record ${i} has no storage type sdmatch knows`);
      if (at + 8 > src.size) return gap(`storage record ${i} is cut off`);
      const b = src.read(at, 8);
      const n = Number(new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true));
      const bytes = n * itemSize(dtype);
      if (!Number.isSafeInteger(bytes) || bytes < 0 || at + 8 + bytes > src.size) return gap(`storage record ${i} declares ${n} elements past the member's end`);
      at += 8 + bytes;
    } else {
      if (at + 8 > src.size) return gap(`tensor record ${i} is cut off`);
      const b = src.read(at, 4);
      const ndim = new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
      const len = 8 + 16 * ndim + 8;
      if (ndim < 0 || ndim > 64 || at + len > src.size) return gap(`tensor record ${i} has ${ndim} dimensions past the member's end`);
      at += len;
    }
  }
  if (kind2 === "storages") next("storage views");
}
function tupleAt(v, i) {
  return typeof v === "object" && v !== null && (v.kind === "tuple" || v.kind === "list") ? v.items[i] : void 0;
}

// src/formats/detect.ts
var HEAD = 1 << 16;
var LEGACY_MAGIC_LONG1 = [138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25];
var LEGACY_MAGIC_TEXT = "L119547037146038801333356L\n";
function detectKind(src) {
  if (src.size === 0) return "unknown";
  const head = src.read(0, Math.min(HEAD, src.size));
  if (isZip(head)) return "zip";
  if (isTar(head)) return "tar";
  if (isNpy(head)) return "npy";
  if (head[0] === 31 && head[1] === 139) return "gzip";
  if (looksLikeSafetensors(head, src.size) || looksLikeMalformedSafetensors(head)) return "safetensors";
  if (isLegacyTorch(head)) return "legacy-torch";
  if (looksLikePickle(head)) return "pickle";
  if (looksLikeShardIndex(new TextDecoder("utf-8").decode(head))) return "shard-index";
  return "unknown";
}
function looksLikeMalformedSafetensors(head) {
  if (head.length < 10 || head[8] !== 123) return false;
  if (head[4] !== 0 || head[5] !== 0 || head[6] !== 0 || head[7] !== 0) return false;
  return head[9] === 34 || head[9] === 32 || head[9] === 10 || head[9] === 125;
}
function isLegacyTorch(head) {
  if (head[0] === 128 && head[1] >= 2 && head[1] <= 5) {
    let at = 2;
    if (head[at] === 149) at += 9;
    return LEGACY_MAGIC_LONG1.every((b, i) => head[at + i] === b);
  }
  return startsWithText(head, LEGACY_MAGIC_TEXT);
}
function looksLikePickle(head) {
  const b0 = head[0];
  if (b0 === 128) return head.length >= 2 && head[1] <= 5;
  const c = String.fromCharCode(b0);
  const rest = latin14(head.subarray(1, 256));
  switch (c) {
    case "(":
      return head.length > 1 && head[1] !== 46 && OPCODES.has(head[1]);
    case "}":
    case "]":
    case ")":
    case "N":
      return followedByOpcode(head, 1);
    case "c":
      return /^[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n/.test(rest);
    case "I":
    case "L":
      return /^[-+]?\d+L?(\n|$)/.test(rest) || /^(00|01)\n/.test(rest);
    case "F":
      return /^([-+]?[\d.]+(e[-+]?\d+)?|[-+]?(nan|inf))\n/i.test(rest);
    case "S":
      return rest[0] === "'" || rest[0] === '"';
    case "V":
      return head.indexOf(10) > 0 || head.length < HEAD;
    case "K":
      return followedByOpcode(head, 2);
    case "M":
      return followedByOpcode(head, 3);
    case "J":
      return followedByOpcode(head, 5);
    case "G":
      return followedByOpcode(head, 9);
    case "U":
      return followedByOpcode(head, 2 + (head[1] ?? 0));
    case "T":
    case "X":
      return lengthPrefixedFits(head);
    default:
      return false;
  }
}
var OPCODES = new Set([..."(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC"].map((c) => c.charCodeAt(0)));
for (let b = 128; b <= 152; b++) OPCODES.add(b);
var AFTER_FIRST_VALUE = new Set([...".pqr02(ghjILFSVKMJGUTXN}])c"].map((c) => c.charCodeAt(0)));
function followedByOpcode(head, next) {
  return next >= head.length ? next === head.length : AFTER_FIRST_VALUE.has(head[next]);
}
function lengthPrefixedFits(head) {
  if (head.length < 5) return false;
  const n = (head[1] | head[2] << 8 | head[3] << 16 | head[4] << 24) >>> 0;
  return 5 + n >= head.length ? n < 1 << 30 : AFTER_FIRST_VALUE.has(head[5 + n]);
}
function latin14(b) {
  let s2 = "";
  for (const x of b) s2 += String.fromCharCode(x);
  return s2;
}
function startsWithText(head, text2) {
  if (head.length < text2.length) return false;
  for (let i = 0; i < text2.length; i++) if (head[i] !== text2.charCodeAt(i)) return false;
  return true;
}

// src/checkpoint/layouts/registry.ts
import { statSync as statSync2 } from "node:fs";

// src/checkpoint/layouts/dcp.ts
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// src/formats/dcp/metadata.ts
var META_MODULES = ["torch.distributed.checkpoint.metadata", "torch.distributed._shard.checkpoint.metadata"];
var STORAGE_INFO = ["torch.distributed.checkpoint.filesystem._StorageInfo", "torch.distributed._shard.checkpoint.filesystem._StorageInfo"];
var PROPERTIES = ["torch.distributed.checkpoint.metadata.TensorProperties", "torch.distributed._shard.sharded_tensor.metadata.TensorProperties"];
function classOf(v) {
  if (typeof v !== "object" || v === null || v.kind !== "object") return null;
  const c = v.callable;
  return typeof c === "object" && c !== null && c.kind === "global" ? `${c.module}.${c.name}` : null;
}
var Reader = class {
  constructor(file) {
    this.file = file;
  }
  fail(msg) {
    throw new FormatError(this.file, `DCP .metadata: ${msg}`);
  }
  /** A dataclass instance of one of `classes`: its BUILD dict as a map. */
  dataclass(v, classes, what) {
    const cls = classOf(v);
    if (cls === null || !classes.includes(cls)) this.fail(`${what} is ${cls ?? describe(v)}, not ${classes.join(" or ")}`);
    const obj = v;
    const fields2 = /* @__PURE__ */ new Map();
    for (const s2 of obj.states) {
      if (!isPyDict(s2)) this.fail(`${what} (${cls}) has a non-dict state`);
      for (const [k, val] of s2.entries) if (typeof k === "string") fields2.set(k, val);
    }
    return fields2;
  }
  int(v, what) {
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
    return this.fail(`${what} is ${describe(v)}, not a non-negative integer`);
  }
  str(v, what) {
    return typeof v === "string" ? v : this.fail(`${what} is ${describe(v)}, not a string`);
  }
  /** torch.Size(tuple) as pickled (a reduce of torch.Size), or a plain tuple/list of ints. */
  size(v, what) {
    let items2 = null;
    if (typeof v === "object" && v !== null) {
      if (v.kind === "tuple" || v.kind === "list") items2 = v.items;
      else if (classOf(v) === "torch.Size") {
        const a = v.args[0];
        if (a === void 0) items2 = [];
        else if (typeof a === "object" && a !== null && (a.kind === "tuple" || a.kind === "list")) items2 = a.items;
      }
    }
    if (items2 === null) return this.fail(`${what} is ${describe(v)}, not a torch.Size`);
    return items2.map((x, i) => this.int(x, `${what}[${i}]`));
  }
  dict(v, what) {
    return isPyDict(v) ? v : this.fail(`${what} is ${describe(v)}, not a dict`);
  }
};
function describe(v) {
  if (v === null) return "None";
  if (typeof v !== "object") return typeof v === "string" ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v} ${String(v)}`;
  if (v.kind === "global") return `the global ${v.module}.${v.name}`;
  const cls = classOf(v);
  return cls ? `a ${cls}` : `a ${v.kind}`;
}
function tensorMeta(r, fqn, v, module) {
  const cls = classOf(v);
  if (cls === `${module}.BytesStorageMetadata`) return { kind: "bytes" };
  const f = r.dataclass(v, [`${module}.TensorStorageMetadata`], `state_dict_metadata["${fqn}"]`);
  const props = f.get("properties");
  const pcls = classOf(props ?? null);
  if (pcls === null || !PROPERTIES.includes(pcls)) r.fail(`"${fqn}".properties is ${describe(props ?? null)}, not TensorProperties`);
  const state = props.states[0];
  const tuple2 = typeof state === "object" && state !== null && state.kind === "tuple" ? state.items : null;
  const dtypeGlobal = tuple2?.[0];
  const dtype = typeof dtypeGlobal === "object" && dtypeGlobal !== null && dtypeGlobal.kind === "global" && dtypeGlobal.module === "torch" ? dtypeOfTorchGlobal(dtypeGlobal.name) : void 0;
  if (!dtype) r.fail(`"${fqn}".properties does not name a torch dtype`);
  const size = r.size(f.get("size") ?? null, `"${fqn}".size`);
  const chunksV = f.get("chunks");
  if (typeof chunksV !== "object" || chunksV === null || chunksV.kind !== "list") r.fail(`"${fqn}".chunks is not a list`);
  const chunks = chunksV.items.map((c, i) => {
    const cf = r.dataclass(c, [`${module}.ChunkStorageMetadata`], `"${fqn}".chunks[${i}]`);
    return { offsets: r.size(cf.get("offsets") ?? null, `"${fqn}".chunks[${i}].offsets`), sizes: r.size(cf.get("sizes") ?? null, `"${fqn}".chunks[${i}].sizes`) };
  });
  return { kind: "tensor", dtype, size, requiresGrad: tuple2?.[2] === true, chunks };
}
function plannerPaths(v) {
  if (!isPyDict(v ?? null)) return null;
  const out = /* @__PURE__ */ new Map();
  for (const [k, p] of v.entries) {
    if (typeof k !== "string" || typeof p !== "object" || p === null || p.kind !== "tuple" && p.kind !== "list") return null;
    if (p.items.length === 0 || !p.items.every((x) => typeof x === "string" || typeof x === "number" && Number.isSafeInteger(x))) return null;
    out.set(k, p.items);
  }
  return out;
}
function enumGetattrs(r, calls) {
  const uses = calls.filter((c) => classOf(c) === "builtins.getattr");
  if (uses.length === 0) return null;
  for (const c of uses) {
    const [cls, member] = c.args;
    const enumName = typeof cls === "object" && cls !== null && cls.kind === "global" ? `${cls.module}.${cls.name}` : null;
    if (c.via !== "reduce" || c.args.length !== 2 || c.kwargs !== null || enumName === null || typeof member !== "string") return null;
    if (!DCP_ENUMS.get(enumName)?.includes(member)) return null;
  }
  if (r.anomalies.length > 0) return null;
  return [{ module: "builtins", name: "getattr", verdict: "safe", where: ".metadata", reason: `only as getattr(<DCP memory-format enum>, <member>), how Python \u2265 3.11 pickles an Enum member (${uses.length} call(s))` }];
}
function readDcpMetadata(src, file) {
  const calls = [];
  const res = readPickle(src, 0, { where: ".metadata", onCall: (c) => calls.push(c) });
  const getattrOk = enumGetattrs(res, calls);
  const globals = getattrOk ? res.globals.filter((g) => !(g.module === "builtins" && g.name === "getattr")) : res.globals;
  const scan = { where: ".metadata", protocol: res.protocol, globals, anomalies: res.anomalies, error: res.error, ...getattrOk ? { extra: getattrOk } : {} };
  if (res.error || res.value === void 0) {
    return { meta: null, scan, value: res.value, error: new FormatError(file, `DCP .metadata is not a readable pickle: ${res.error?.message ?? "no value"}`) };
  }
  try {
    return { meta: interpret2(res.value, file), scan, value: res.value, error: null };
  } catch (e) {
    if (e instanceof FormatError) return { meta: null, scan, value: res.value, error: e };
    throw e;
  }
}
function interpret2(value, file) {
  const r = new Reader(file);
  const res = { value };
  const top = classOf(res.value);
  const module = META_MODULES.find((m) => top === `${m}.Metadata`);
  if (!module) r.fail(`the pickle holds ${describe(res.value)}, not torch.distributed.checkpoint's Metadata`);
  const f = r.dataclass(res.value, [`${module}.Metadata`], "the pickle");
  const sdm = r.dict(f.get("state_dict_metadata") ?? null, "state_dict_metadata");
  const items2 = /* @__PURE__ */ new Map();
  for (const [k, v] of sdm.entries) {
    const fqn = r.str(k, "a state_dict_metadata key");
    items2.set(fqn, tensorMeta(r, fqn, v, module));
  }
  const storage = [];
  for (const [k, v] of r.dict(f.get("storage_data") ?? null, "storage_data").entries) {
    const idx = r.dataclass(k, [`${module}.MetadataIndex`], "a storage_data key");
    const fqn = r.str(idx.get("fqn") ?? null, "MetadataIndex.fqn");
    const off = idx.get("offset");
    const si = r.dataclass(v, STORAGE_INFO, `storage_data["${fqn}"]`);
    const td = si.get("transform_descriptors");
    const transforms = td === void 0 || td === null ? [] : typeof td === "object" && (td.kind === "list" || td.kind === "tuple") ? td.items.map((x) => r.str(x, "a transform descriptor")) : r.fail(`storage_data["${fqn}"].transform_descriptors is ${describe(td)}`);
    storage.push({
      fqn,
      offset: off === void 0 || off === null ? null : r.size(off, `MetadataIndex("${fqn}").offset`),
      info: {
        relativePath: r.str(si.get("relative_path") ?? null, `storage_data["${fqn}"].relative_path`),
        offset: r.int(si.get("offset") ?? null, `storage_data["${fqn}"].offset`),
        length: r.int(si.get("length") ?? null, `storage_data["${fqn}"].length`),
        transforms
      }
    });
  }
  const version = f.get("version");
  const sm = f.get("storage_meta");
  let saveId = null;
  if (sm !== void 0 && sm !== null && classOf(sm) === `${module}.StorageMeta`) {
    const s2 = r.dataclass(sm, [`${module}.StorageMeta`], "storage_meta").get("save_id");
    if (typeof s2 === "string") saveId = s2;
  }
  const planner = f.get("planner_data");
  const paths = plannerPaths(planner);
  return { items: items2, storage, paths, plannerData: planner === void 0 || planner === null ? "none" : paths ? "paths" : "other", version: typeof version === "string" ? version : null, module: module.replace(/\.metadata$/, ""), saveId };
}

// src/formats/pickle/sub-source.ts
var SubSource = class {
  constructor(parent, start, size, name) {
    this.parent = parent;
    this.start = start;
    this.size = size;
    this.name = name;
    if (start < 0 || size < 0 || start + size > parent.size) {
      throw new Error(`SubSource: ${start}+${size} outside ${parent.name} (${parent.size} bytes)`);
    }
  }
  read(offset, length) {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but there are ${this.size}`);
    }
    return this.parent.read(this.start + offset, length);
  }
  close() {
  }
};

// src/checkpoint/layouts/dcp.ts
var DCP_METADATA = ".metadata";
var SHARD_SUFFIX = ".distcp";
var MAX_TILING_CELLS = 1 << 22;
var dcpLayout = {
  name: "torch.distributed.checkpoint (DCP)",
  marker: `a ${DCP_METADATA} file`,
  claim(path, isDir) {
    if (isDir) return existsSync(join(path, DCP_METADATA)) ? path : null;
    const base = basename(path);
    if (base === DCP_METADATA || base.endsWith(SHARD_SUFFIX)) {
      const dir = dirname(path);
      return existsSync(join(dir, DCP_METADATA)) ? dir : null;
    }
    return null;
  },
  read: readDcp
};
function memberPath(dir, relative2) {
  if (relative2 === "" || relative2.includes("/") || relative2.includes("\\") || relative2 === "." || relative2 === ".." || relative2.includes("\0")) {
    throw new FormatError(join(dir.name, DCP_METADATA), `storage_data names the file ${JSON.stringify(relative2)}, which is not a file in the checkpoint's directory`);
  }
  return { path: join(dir.path, relative2), name: join(dir.name, relative2) };
}
function readDcp(dir, readFile) {
  const metaRef = { path: join(dir.path, DCP_METADATA), name: join(dir.name, DCP_METADATA) };
  const src = new FileSource(metaRef.path, metaRef.name);
  let read4;
  try {
    read4 = readDcpMetadata(src, metaRef.name);
  } finally {
    src.close();
  }
  const size0 = statSync(metaRef.path).size;
  if (!read4.meta) {
    return { format: "dcp", detail: ["torch.distributed.checkpoint directory whose .metadata could not be interpreted"], root: null, error: read4.error, pickles: [read4.scan], size: size0 };
  }
  return new DcpReader(dir, read4.meta, readFile, [read4.scan], size0).read();
}
var DcpReader = class {
  constructor(dir, meta, readFile, pickles, size) {
    this.dir = dir;
    this.meta = meta;
    this.readFile = readFile;
    this.pickles = pickles;
    this.size = size;
    for (const e of meta.storage) this.byKey.set(storageKey(e.fqn, e.offset), e);
  }
  byKey = /* @__PURE__ */ new Map();
  files = /* @__PURE__ */ new Map();
  /** safetensors blobs by file and start: one parse per rank's file */
  blobs = /* @__PURE__ */ new Map();
  chunkCount = 0;
  /** data files kept open while reading (closed by read) */
  open = /* @__PURE__ */ new Map();
  serializations = /* @__PURE__ */ new Set();
  fail(msg) {
    throw new FormatError(join(this.dir.name, DCP_METADATA), msg);
  }
  read() {
    try {
      return this.readAll();
    } finally {
      for (const f of this.open.values()) f.close();
    }
  }
  readAll() {
    const values = /* @__PURE__ */ new Map();
    let tensors = 0;
    let bytesItems = 0;
    for (const [fqn, item] of this.meta.items) {
      if (item.kind === "bytes") {
        values.set(fqn, this.bytesItem(fqn));
        bytesItems++;
      } else {
        values.set(fqn, this.tensor(fqn, item));
        tensors++;
      }
    }
    for (const [file] of this.files) this.size += statSync(file).size;
    const detail = [
      `torch.distributed.checkpoint directory (${this.meta.module}${this.meta.version ? `, version ${this.meta.version}` : ""}): ${tensors} tensor(s) in ${this.chunkCount} chunk(s), ${bytesItems} bytes item(s), ${this.files.size} data file(s)`,
      `serialization: ${[...this.serializations].sort().join(", ") || "none"}`
    ];
    const files = [join(this.dir.path, DCP_METADATA), ...[...this.files.keys()].sort()];
    return { format: "dcp", detail, root: this.tree(values, detail), error: null, pickles: this.pickles, size: this.size, files };
  }
  entry(fqn, offsets) {
    const e = this.byKey.get(storageKey(fqn, offsets));
    if (!e) this.fail(`storage_data has no entry for "${fqn}"${offsets ? ` chunk at [${offsets}]` : ""}`);
    if (e.info.transforms.length > 0) this.fail(`"${fqn}" is stored through transform(s) ${e.info.transforms.join(", ")} (a torch \u2265 2.8 storage extension): sdmatch does not read them`);
    const ref = memberPath(this.dir, e.info.relativePath);
    this.files.set(ref.path, 0);
    return e;
  }
  bytesItem(fqn) {
    const e = this.entry(fqn, null);
    const ref = memberPath(this.dir, e.info.relativePath);
    const c = this.readFile(ref, { offset: e.info.offset, length: e.info.length });
    const where = `${e.info.relativePath}@${e.info.offset} ("${fqn}")`;
    for (const s2 of c.pickles) this.pickles.push({ ...s2, where: `${where}: ${s2.where}` });
    if (c.root === null) this.fail(`bytes item "${fqn}" could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    return c.root;
  }
  tensor(fqn, item) {
    this.checkTiling(fqn, item);
    const chunks = item.chunks.map((c) => ({ offsets: c.offsets, sizes: c.sizes, tensor: this.chunkTensor(fqn, item, c.offsets, c.sizes) }));
    this.chunkCount += chunks.length;
    const n = numel(item.size);
    const whole = chunks.length === 1 ? chunks[0].tensor : null;
    const info = whole ? { ...whole, kind: "tensor", requiresGrad: item.requiresGrad } : {
      kind: "tensor",
      dtype: item.dtype,
      shape: item.size.slice(),
      stride: contiguousStrides(item.size),
      storageOffset: 0,
      storage: {
        key: fqn,
        dtype: item.dtype,
        numel: n,
        device: "cpu",
        bytes: { kind: "chunks", file: this.dir.name, length: n * itemSize(item.dtype), shape: item.size.slice(), itemsize: itemSize(item.dtype), chunks }
      },
      requiresGrad: item.requiresGrad
    };
    return { kind: "tensor", info, original: null };
  }
  checkTiling(fqn, item) {
    const problem = tilingProblem(item.size, item.chunks);
    if (problem) this.fail(`"${fqn}": ${problem}`);
  }
  chunkTensor(fqn, item, offsets, sizes) {
    const e = this.entry(fqn, offsets);
    const ref = memberPath(this.dir, e.info.relativePath);
    const at = `"${fqn}" chunk at [${offsets}] (${e.info.relativePath}@${e.info.offset})`;
    const info = this.isSafetensorsAt(ref, e.info.offset) ? this.safetensorsChunk(ref, e, fqn, offsets) : this.torchChunk(ref, e, at);
    if (info.dtype !== item.dtype) this.fail(`${at} is ${info.dtype}, the metadata says ${item.dtype}`);
    if (info.shape.length !== sizes.length || info.shape.some((d, i) => d !== sizes[i])) this.fail(`${at} has shape [${info.shape}], the metadata says [${sizes}]`);
    return info;
  }
  isSafetensorsAt(ref, offset) {
    let src = this.open.get(ref.path);
    if (!src) {
      src = new FileSource(ref.path, ref.name);
      this.open.set(ref.path, src);
    }
    if (offset + 9 > src.size) return false;
    return looksLikeSafetensors(src.read(offset, 9), src.size - offset);
  }
  /** TORCH_SAVE serialization: a complete torch.save of the chunk at its offset. */
  torchChunk(ref, e, at) {
    this.serializations.add("torch_save");
    const c = this.readFile(ref, { offset: e.info.offset, length: e.info.length });
    for (const s2 of c.pickles) this.pickles.push({ ...s2, where: `${e.info.relativePath}@${e.info.offset}: ${s2.where}` });
    const root = c.root;
    if (root === null || typeof root !== "object" || root.kind !== "tensor") {
      this.fail(`${at} is not a saved tensor${c.error ? `: ${c.error.message}` : ""}`);
    }
    return root.info;
  }
  /**
   * SAFETENSORS serialization (torch ≥ 2.8): every tensor item of a rank's file points at the blob the
   * file ends with, keyed by fqn, its chunk offsets in the blob's DCP_SHARDING_INFO.
   */
  safetensorsChunk(ref, e, fqn, offsets) {
    this.serializations.add("safetensors");
    const key = `${ref.path}\0${e.info.offset}`;
    let blob = this.blobs.get(key);
    if (!blob) {
      const src = new FileSource(ref.path, ref.name);
      try {
        const sf = readSafetensors(new SubSource(src, e.info.offset, src.size - e.info.offset, ref.name), ref.path);
        blob = new Map(sf.tensors.map((t2) => [t2.name, shifted(t2.info, e.info.offset)]));
        const info = sf.metadata?.["DCP_SHARDING_INFO"];
        if (info !== void 0) {
          try {
            blob.sharding = JSON.parse(info);
          } catch {
            throw new FormatError(ref.name, "safetensors DCP_SHARDING_INFO is not JSON");
          }
        }
      } finally {
        src.close();
      }
      this.blobs.set(key, blob);
    }
    const t = blob.get(fqn);
    if (!t) this.fail(`"${fqn}" chunk at [${offsets}]: the safetensors data in ${e.info.relativePath} has no tensor of that name`);
    const saved = blob.sharding?.[fqn]?.saved_offsets;
    if (saved !== void 0 && (!Array.isArray(saved) || saved.length !== offsets.length || saved.some((o, i) => o !== offsets[i]))) {
      this.fail(`"${fqn}": ${e.info.relativePath} saved its chunk at [${String(saved)}], the metadata says [${offsets}]`);
    }
    return { ...t, kind: "tensor" };
  }
  /** Nested back by planner_data's paths (what dcp.load fills), or flat when planner_data is not that. */
  tree(values, detail) {
    const root = { kind: "dict", entries: [] };
    const paths = this.meta.paths;
    const usable = paths !== null && [...values.keys()].every((k) => paths.has(k));
    if (!usable) {
      for (const [k, v] of values) root.entries.push([k, v]);
      if (paths === null && this.meta.plannerData !== "none") detail.push("planner_data is not a key-path mapping: keys shown as saved");
      return root;
    }
    for (const [fqn, v] of values) {
      const path = paths.get(fqn);
      let at = root;
      for (const step of path.slice(0, -1)) {
        let next = at.entries.find(([k]) => k === step)?.[1];
        if (next === void 0) {
          next = { kind: "dict", entries: [] };
          at.entries.push([step, next]);
        }
        if (typeof next !== "object" || next === null || next.kind !== "dict") {
          detail.push(`planner_data paths conflict at "${fqn}": keys shown flattened`);
          return this.flat(values);
        }
        at = next;
      }
      at.entries.push([path[path.length - 1], v]);
    }
    return root;
  }
  flat(values) {
    return { kind: "dict", entries: [...values] };
  }
};
function tilingProblem(size, chunks) {
  const rank3 = size.length;
  let volume = 0;
  for (const c of chunks) {
    if (c.offsets.length !== rank3 || c.sizes.length !== rank3 || c.offsets.some((o, d) => o + c.sizes[d] > size[d])) {
      return `chunk at [${c.offsets}] of size [${c.sizes}] is not inside its [${size}] tensor`;
    }
    volume += numel(c.sizes);
  }
  const total = numel(size);
  if (volume !== total) return `its chunks hold ${volume} of the tensor's ${total} elements (${volume < total ? "part of it was not saved" : "they overlap"})`;
  if (total === 0) return null;
  const live = chunks.filter((c) => numel(c.sizes) > 0);
  const cuts = size.map((n, d) => [.../* @__PURE__ */ new Set([0, n, ...live.flatMap((c) => [c.offsets[d], c.offsets[d] + c.sizes[d]])])].sort((x, y) => x - y));
  const cells = cuts.reduce((n, c) => n * (c.length - 1), 1);
  if (cells > MAX_TILING_CELLS) return `its ${chunks.length} chunks cut it into ${cells} pieces, too irregular for sdmatch to check`;
  const covered = new Uint8Array(cells);
  const cellStrides = contiguousStrides(cuts.map((c) => c.length - 1));
  for (const c of live) {
    const lo = c.offsets.map((o, d) => cuts[d].indexOf(o));
    const hi = c.offsets.map((o, d) => cuts[d].indexOf(o + c.sizes[d]));
    const idx = lo.slice();
    for (; ; ) {
      let cell = 0;
      for (let d2 = 0; d2 < rank3; d2++) cell += idx[d2] * cellStrides[d2];
      if (covered[cell] !== 0) return `chunks overlap (the one at [${c.offsets}] covers part of another)`;
      covered[cell] = 1;
      let d = rank3 - 1;
      for (; d >= 0; d--) {
        if (++idx[d] < hi[d]) break;
        idx[d] = lo[d];
      }
      if (d < 0) break;
    }
  }
  return null;
}
function storageKey(fqn, offsets) {
  return offsets === null ? `${fqn}\0bytes` : `${fqn}\0${offsets.join(",")}`;
}
function shifted(info, by) {
  const b = info.storage.bytes;
  if (!b || b.kind !== "raw") return info;
  return { ...info, storage: { ...info.storage, bytes: { ...b, offset: b.offset + by } } };
}

// src/checkpoint/layouts/deepspeed.ts
import { basename as basename2, dirname as dirname2, join as join2 } from "node:path";

// src/formats/deepspeed/names.ts
var MODEL = /^mp_rank_(\d+)_model_states\.pt$/;
var ZERO2 = /^(bf16_|fp16_)?zero_pp_rank_(\d+)_mp_rank_(\d+)_(model|optim)_states\.pt$/;
var LAYER = /^layer_(\d+)(?:-model_(\d+))?-model_states\.pt$/;
var EXPERT = /^(?:layer_(\d+)_)?expert_(\d+)_mp_rank_(\d+)_model_states\.pt$/;
var EXPERT_OPTIM = /^expp_rank_(\d+)_mp_rank_(\d+)_optim_states\.pt$/;
function parseDeepSpeedName(base) {
  let m = MODEL.exec(base);
  if (m) return { kind: "model", dp: 0, mp: Number(m[1]), prefix: "" };
  m = ZERO2.exec(base);
  if (m) return { kind: m[4] === "optim" ? "optim" : "zero-model", dp: Number(m[2]), mp: Number(m[3]), prefix: m[1] ?? "" };
  m = LAYER.exec(base);
  if (m) return { kind: "pipeline-layer", dp: 0, mp: m[2] === void 0 ? 0 : Number(m[2]), prefix: "", layer: Number(m[1]) };
  m = EXPERT.exec(base);
  if (m) return { kind: "expert", dp: 0, mp: Number(m[3]), prefix: "", layer: m[1] === void 0 ? -1 : Number(m[1]), expert: Number(m[2]) };
  m = EXPERT_OPTIM.exec(base);
  if (m) return { kind: "expert-optim", dp: Number(m[1]), mp: Number(m[2]), prefix: "" };
  return null;
}
function parseLatestTag(text2) {
  const tag = text2.trim();
  return tag !== "" && !/[\\/]|^\.\.?$/.test(tag) && !tag.includes("\n") ? tag : null;
}

// src/formats/pickle/read-values.ts
function asDict2(v) {
  return typeof v === "object" && v !== null && v.kind === "dict" ? v : void 0;
}
function dictGet(d, key) {
  const dict = asDict2(d);
  if (!dict) return void 0;
  for (const [k, v] of dict.entries) if (k === key) return v;
  return void 0;
}
function asItems(v) {
  return typeof v === "object" && v !== null && (v.kind === "list" || v.kind === "tuple") ? v.items : void 0;
}
function asInt(v) {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return void 0;
}
function asStr(v) {
  return typeof v === "string" ? v : void 0;
}
function asTensor(v) {
  return typeof v === "object" && v !== null && v.kind === "tensor" ? v : void 0;
}
function asShape(v) {
  const items2 = asItems(v);
  if (!items2) return void 0;
  const out = [];
  for (const x of items2) {
    const n = asInt(x);
    if (n === void 0 || n < 0) return void 0;
    out.push(n);
  }
  return out;
}
function objectAttrs(v) {
  if (typeof v !== "object" || v === null || v.kind !== "object") return void 0;
  return asDict2(v.states[v.states.length - 1]);
}

// src/formats/deepspeed/states.ts
function shapeList(v, what, file) {
  const d = asDict2(v);
  if (!d) throw new FormatError(file, `${what} is not a mapping of names to shapes`);
  return d.entries.map(([k, s2]) => {
    const shape4 = asShape(s2);
    if (typeof k !== "string" || !shape4) throw new FormatError(file, `${what} has an entry that is not a name and a shape`);
    return [k, shape4];
  });
}
function readModelStates(root, file, moe = false) {
  const bufferNames = asItems(dictGet(root, "buffer_names")) ?? (moe && asDict2(root) ? [] : void 0);
  if (!bufferNames) throw new FormatError(file, "is not a DeepSpeed model-states file: no buffer_names list");
  const ps = dictGet(root, "param_shapes");
  const groups = ps === null || ps === void 0 ? null : asItems(ps);
  if (groups === void 0) throw new FormatError(file, "param_shapes is not a list of optimizer groups");
  const frozen = dictGet(root, "frozen_param_shapes");
  const fragments = asDict2(dictGet(root, "frozen_param_fragments"));
  const shared = asDict2(dictGet(root, "shared_params"));
  return {
    module: asDict2(dictGet(root, "module")) ?? null,
    bufferNames: bufferNames.filter((b) => typeof b === "string"),
    paramShapes: groups === null ? null : groups.map((g, i) => shapeList(g, `param_shapes[${i}]`, file)),
    frozenShapes: frozen === null || frozen === void 0 ? null : shapeList(frozen, "frozen_param_shapes", file),
    frozenFragments: fragments ? new Map(fragments.entries.flatMap(([k, t]) => typeof k === "string" && asTensor(t) ? [[k, asTensor(t)]] : [])) : null,
    shared: shared ? shared.entries.flatMap(([a, b]) => typeof a === "string" && typeof b === "string" ? [[a, b]] : []) : [],
    dsVersion: asStr(dictGet(root, "ds_version")) ?? null,
    dpWorldSize: asInt(dictGet(root, "dp_world_size")) ?? null,
    mpWorldSize: asInt(dictGet(root, "mp_world_size")) ?? null
  };
}
var ZERO_STAGE_MEMBERS = FRAMEWORK_GLOBALS.find((f) => f.path === "deepspeed.runtime.zero.config.ZeroStageEnum").members;
function zeroStageOf(v) {
  const n = asInt(v);
  if (n !== void 0) return n;
  if (typeof v !== "object" || v === null || v.kind !== "object") return null;
  const [a, b] = v.args;
  if (typeof b === "string") {
    const i = ZERO_STAGE_MEMBERS.indexOf(b);
    return i < 0 ? null : Math.min(i, 3);
  }
  return asInt(a) ?? null;
}
function readOptimStates(root, file) {
  const osd = dictGet(root, "optimizer_state_dict");
  if (!asDict2(osd)) throw new FormatError(file, "is not a DeepSpeed ZeRO optimizer file: no optimizer_state_dict");
  const stageValue = dictGet(osd, "zero_stage");
  const zeroStage = stageValue === void 0 ? null : zeroStageOf(stageValue);
  if (stageValue !== void 0 && zeroStage === null) throw new FormatError(file, "zero_stage is not a ZeRO stage");
  const groupsKey = zeroStage === 3 ? "fp32_flat_groups" : "single_partition_of_fp32_groups";
  const items2 = asItems(dictGet(osd, groupsKey));
  if (!items2) throw new FormatError(file, `optimizer_state_dict has no ${groupsKey} list`);
  const groups = items2.map((t, i) => {
    const tensor = asTensor(t);
    if (!tensor || tensor.info.shape.length !== 1) throw new FormatError(file, `${groupsKey}[${i}] is not a flat tensor`);
    return tensor;
  });
  const pc = dictGet(osd, "partition_count");
  const counts2 = asItems(pc)?.map((x) => asInt(x) ?? 0) ?? [asInt(pc) ?? 0];
  const partitionCount = Math.max(...counts2);
  if (!(partitionCount > 0)) throw new FormatError(file, "partition_count is missing or not a positive int");
  return { zeroStage, partitionCount, groups, groupsKey };
}
function sliceConcat(lengths, from, n) {
  const out = [];
  let base = 0;
  for (let i = 0; i < lengths.length && n > 0; i++) {
    const len = lengths[i];
    if (from < base + len) {
      const start = Math.max(0, from - base);
      const take = Math.min(len - start, n);
      out.push({ piece: i, start, numel: take });
      from += take;
      n -= take;
    }
    base += len;
  }
  if (n > 0) throw new RangeError(`${n} elements past the end of the flat pieces`);
  return out;
}
var numelOf = (shape4) => shape4.reduce((a, b) => a * b, 1);
function zero12Params(paramShapes, groupLengths, worldSize, file) {
  const out = [];
  paramShapes.forEach((shapes, g) => {
    const lengths = groupLengths.map((rank3) => rank3[g] ?? 0);
    const avail = lengths.reduce((a, b) => a + b, 0);
    let offset = 0;
    for (const [name, shape4] of shapes) {
      const n = numelOf(shape4);
      if (offset + n > avail) throw new FormatError(file, `group ${g}: parameter ${name} needs elements ${offset}..${offset + n} of a flat buffer of ${avail}`);
      out.push({ name, shape: shape4, ranges: sliceConcat(lengths, offset, n).map((r) => ({ rank: r.piece, group: g, start: r.start, numel: r.numel })) });
      offset += n;
    }
    const align2 = (x) => 2 * worldSize * Math.ceil(x / (2 * worldSize));
    if (align2(offset) !== align2(avail)) throw new FormatError(file, `group ${g}: parameters use ${offset} of ${avail} flat elements, which zero_to_fp32 rejects too`);
  });
  return out;
}
function zero3Params(paramShapes, groupLengths, worldSize, file) {
  const out = [];
  const avail = groupLengths[0].reduce((a, b) => a + b, 0);
  let offset = 0;
  for (const [name, shape4] of paramShapes.flat()) {
    const n = numelOf(shape4);
    const pn = Math.ceil(n / worldSize);
    if (offset + pn > avail) throw new FormatError(file, `parameter ${name} needs partition elements ${offset}..${offset + pn} of ${avail}`);
    const ranges = [];
    let left = n;
    for (let rank3 = 0; rank3 < worldSize && left > 0; rank3++) {
      for (const r of sliceConcat(groupLengths[rank3], offset, Math.min(pn, left))) ranges.push({ rank: rank3, group: r.piece, start: r.start, numel: r.numel });
      left -= Math.min(pn, left);
    }
    out.push({ name, shape: shape4, ranges });
    offset += pn;
  }
  if (offset !== avail) throw new FormatError(file, `parameters use ${offset * worldSize} of ${avail * worldSize} flat elements, which zero_to_fp32 rejects too`);
  return out;
}

// src/checkpoint/gather.ts
function viewOf(p, rows, file) {
  const info = p.tensor.info;
  if (!info.storage.bytes) throw new FormatError(file, `storage ${info.storage.key} has no readable bytes, so it cannot be merged`);
  if (!isContiguous(info)) throw new FormatError(file, `a shard tensor of shape [${info.shape}] is not contiguous, so it cannot be merged by element ranges`);
  const shape4 = rows === 1 ? [p.rowElems] : [rows, p.rowElems];
  return { ...info, shape: shape4, stride: contiguousStrides(shape4), storageOffset: info.storageOffset + p.start };
}
function gatheredTensor(key, dtype, shape4, rows, pieces, file, storageKey2 = key) {
  for (const p of pieces) {
    if (p.tensor.info.dtype !== dtype) throw new FormatError(file, `${key}: pieces of dtype ${p.tensor.info.dtype} and ${dtype} cannot be merged`);
    const have = numel(p.tensor.info.shape);
    if (p.start + rows * p.rowElems > have) throw new FormatError(file, `${key}: a piece needs elements ${p.start}..${p.start + rows * p.rowElems} of a tensor of ${have}`);
  }
  const size = itemSize(dtype);
  const length = numel(shape4) * size;
  const rowElems = pieces.reduce((a, p) => a + p.rowElems, 0);
  if (rows * rowElems * size !== length) throw new FormatError(file, `${key}: the pieces hold ${rows * rowElems * size} bytes, shape [${shape4}] needs ${length}`);
  const grid = rows === 1 ? [rowElems] : [rows, rowElems];
  let col = 0;
  const chunks = pieces.map((p) => {
    const at = col;
    col += p.rowElems;
    return rows === 1 ? { offsets: [at], sizes: [p.rowElems], tensor: viewOf(p, 1, file) } : { offsets: [0, at], sizes: [rows, p.rowElems], tensor: viewOf(p, rows, file) };
  });
  return {
    kind: "tensor",
    info: { kind: "tensor", dtype, shape: shape4, stride: contiguousStrides(shape4), storageOffset: 0, storage: { key: storageKey2, dtype, numel: numel(shape4), device: "cpu", bytes: { kind: "chunks", file, length, shape: grid, itemsize: size, chunks } }, requiresGrad: false },
    original: null
  };
}
function concatTensors(key, tensors, dim, file, storageKey2 = key) {
  const first = tensors[0].info;
  const shape4 = first.shape.slice();
  shape4[dim] = tensors.reduce((a, t) => a + t.info.shape[dim], 0);
  for (const t of tensors) {
    const s2 = t.info.shape;
    if (s2.length !== shape4.length || s2.some((d, i) => i !== dim && d !== shape4[i])) {
      throw new FormatError(file, `${key}: shard shapes ${tensors.map((x) => `[${x.info.shape}]`).join(", ")} cannot be joined along dim ${dim}`);
    }
  }
  const rows = numel(shape4.slice(0, dim));
  return gatheredTensor(key, first.dtype, shape4, rows, tensors.map((t) => ({ tensor: t, start: 0, rowElems: numel(t.info.shape.slice(dim)) })), file, storageKey2);
}

// src/formats/megatron/splits.ts
var SPLIT_RULES = [
  ["linear_qkv.weight", { kind: "split", dim: 0, layer: "ColumnParallelLinear (attention qkv)" }],
  ["linear_qkv.bias", { kind: "split", dim: 0, layer: "ColumnParallelLinear (attention qkv)" }],
  ["query_key_value.weight", { kind: "split", dim: 0, layer: "ColumnParallelLinear (attention qkv)" }],
  ["query_key_value.bias", { kind: "split", dim: 0, layer: "ColumnParallelLinear (attention qkv)" }],
  ["linear_fc1.weight", { kind: "split", dim: 0, gated: true, layer: "ColumnParallelLinear (MLP fc1)" }],
  ["linear_fc1.bias", { kind: "split", dim: 0, gated: true, layer: "ColumnParallelLinear (MLP fc1)" }],
  ["dense_h_to_4h.weight", { kind: "split", dim: 0, gated: true, layer: "ColumnParallelLinear (MLP h\u21924h)" }],
  ["dense_h_to_4h.bias", { kind: "split", dim: 0, gated: true, layer: "ColumnParallelLinear (MLP h\u21924h)" }],
  ["linear_proj.weight", { kind: "split", dim: 1, layer: "RowParallelLinear (attention output)" }],
  ["self_attention.dense.weight", { kind: "split", dim: 1, layer: "RowParallelLinear (attention output)" }],
  ["attention.dense.weight", { kind: "split", dim: 1, layer: "RowParallelLinear (attention output)" }],
  ["linear_fc2.weight", { kind: "split", dim: 1, layer: "RowParallelLinear (MLP fc2)" }],
  ["dense_4h_to_h.weight", { kind: "split", dim: 1, layer: "RowParallelLinear (MLP 4h\u2192h)" }],
  ["word_embeddings.weight", { kind: "split", dim: 0, layer: "VocabParallelEmbedding" }],
  ["output_layer.weight", { kind: "split", dim: 0, layer: "ColumnParallelLinear (output layer)" }],
  ["linear_proj.bias", { kind: "replicated", layer: "RowParallelLinear bias" }],
  ["self_attention.dense.bias", { kind: "replicated", layer: "RowParallelLinear bias" }],
  ["attention.dense.bias", { kind: "replicated", layer: "RowParallelLinear bias" }],
  ["linear_fc2.bias", { kind: "replicated", layer: "RowParallelLinear bias" }],
  ["dense_4h_to_h.bias", { kind: "replicated", layer: "RowParallelLinear bias" }],
  ["position_embeddings.weight", { kind: "replicated", layer: "position embedding" }],
  // megatron/core/transformer/moe/router.py TopKRouter: a plain Parameter [num_moe_experts, hidden], not split
  ["router.weight", { kind: "replicated", layer: "MoE TopKRouter" }],
  ["router.expert_bias", { kind: "replicated", layer: "MoE TopKRouter" }]
];
var NORM = /(?:^|\.)[a-z_]*(?:layernorm|layer_norm|norm)[a-z_]*\.(?:weight|bias)$|\.layer_norm_(?:weight|bias)$/;
function ruleFor(key) {
  for (const [suffix, rule] of SPLIT_RULES) if (key === suffix || key.endsWith(`.${suffix}`)) return rule;
  if (NORM.test(key)) return { kind: "replicated", layer: "norm" };
  return null;
}
function inferSplit(key, shapes, gatedMlp, sizes) {
  const first = shapes[0];
  if (shapes.some((s2) => s2.length !== first.length)) return { kind: "unknown", why: "ranks hold tensors of different ranks" };
  const differ = first.map((_, d) => shapes.some((s2) => s2[d] !== first[d])).flatMap((x, d) => x ? [d] : []);
  if (differ.length > 1) return { kind: "unknown", why: `shapes differ across ranks in dims ${differ.join(", ")}` };
  const rule = ruleFor(key);
  if (differ.length === 1) {
    const d = differ[0];
    if (rule?.kind === "split" && rule.dim !== d) return { kind: "unknown", why: `shapes differ in dim ${d}, but a ${rule.layer} splits dim ${rule.dim}` };
    return { kind: "split", dim: d, gated: rule?.kind === "split" && Boolean(rule.gated) && gatedMlp, why: `shapes differ across ranks in dim ${d}` };
  }
  if (shapes.length === 1) return { kind: "replicated", why: "one tensor-parallel rank" };
  if (!rule) return { kind: "unknown", why: "equal shapes on every rank and a name of no known parallel layer" };
  if (rule.kind === "replicated") return { kind: "replicated", why: `${rule.layer}: whole on every rank` };
  if (first.length <= rule.dim) return { kind: "unknown", why: `a ${rule.layer} splits dim ${rule.dim}, which a [${first}] tensor lacks` };
  const merged = first[rule.dim] * shapes.length;
  if (sizes && !sizes.has(merged)) return { kind: "unknown", why: `a ${rule.layer} splits dim ${rule.dim}, but ${shapes.length} \xD7 ${first[rule.dim]} = ${merged} is none of the model's sizes in the saved args` };
  return { kind: "split", dim: rule.dim, gated: Boolean(rule.gated) && gatedMlp, why: `${rule.layer}, equal shard shapes${sizes ? ", merged size matches the saved args" : ""}` };
}
function modelSizes(args) {
  const n = (k) => {
    const v = args.get(k);
    return typeof v === "number" ? v : null;
  };
  const h = n("hidden_size");
  if (h === null) return null;
  const out = /* @__PURE__ */ new Set([h]);
  const heads = n("num_attention_heads");
  const kv = n("kv_channels") ?? (heads ? h / heads : null);
  const ffn = n("ffn_hidden_size") ?? 4 * h;
  out.add(ffn);
  out.add(2 * ffn);
  const moeFfn = n("moe_ffn_hidden_size");
  if (moeFfn !== null) {
    out.add(moeFfn);
    out.add(2 * moeFfn);
  }
  const vocab = n("padded_vocab_size");
  if (vocab !== null) out.add(vocab);
  if (heads !== null && kv !== null) {
    const groups = args.get("group_query_attention") === true ? n("num_query_groups") ?? heads : heads;
    out.add(heads * kv);
    out.add((heads + 2 * groups) * kv);
  }
  return out;
}

// src/checkpoint/tp-merge.ts
function savedArgs(root) {
  const out = /* @__PURE__ */ new Map();
  for (const [k, v] of objectAttrs(dictGet(root, "args"))?.entries ?? []) {
    if (typeof k === "string" && (typeof v === "number" || typeof v === "boolean")) out.set(k, v);
  }
  return out;
}
var TpMerger = class {
  counts = /* @__PURE__ */ new Map();
  unknown = [];
  gated;
  sizes;
  constructor(args) {
    this.gated = args.get("swiglu") === true || args.get("gated_linear_unit") === true;
    this.sizes = modelSizes(args);
  }
  /** The whole tensor of `key` (named `global` in the merged checkpoint) from its shard on every rank. */
  merge(key, global, tensors, at) {
    const split = inferSplit(key, tensors.map((t) => t.info.shape), this.gated, this.sizes);
    const how = describe2(split);
    this.counts.set(how, (this.counts.get(how) ?? 0) + 1);
    if (split.kind === "unknown") this.unknown.push(`${global} (${split.why})`);
    return mergeShards(global, tensors, split, at);
  }
  /** A key the layout knows it cannot merge (`why`): rank 0's tensor, kept without bytes, listed as not merged. */
  refuse(global, tensors, why, at) {
    const split = { kind: "unknown", why };
    this.counts.set(describe2(split), (this.counts.get(describe2(split)) ?? 0) + 1);
    this.unknown.push(`${global} (${why})`);
    return mergeShards(global, tensors, split, at);
  }
  /** detail lines: the count of each kind of merge, and the keys that could not be merged */
  detail() {
    const out = [...this.counts].map(([how, n]) => `${n} tensor(s) ${how}`);
    if (this.unknown.length > 0) out.push(`split not known, kept from tp rank 0 (apply refuses them): ${this.unknown.slice(0, 3).join("; ")}${this.unknown.length > 3 ? "; \u2026" : ""}`);
    return out;
  }
};
function describe2(s2) {
  if (s2.kind === "split") return `split on dim ${s2.dim}${s2.gated ? " as [gate; up] halves" : ""} (${s2.why})`;
  if (s2.kind === "replicated") return `whole on every rank (${s2.why})`;
  return "with an unknown split";
}
function mergeShards(key, tensors, split, at) {
  const t = tensors[0];
  const named = (name, bytes = t.info.storage.bytes) => ({ ...t, info: { ...t.info, storage: { ...t.info.storage, key: name, bytes } } });
  if (split.kind === "unknown") return named(`${key} (${at.first} of ${tensors.length} ranks, split unknown)`, null);
  if (tensors.length === 1) return t;
  if (split.kind === "replicated") return named(`${at.first} (whole on every rank)`);
  const file = at.file;
  if (!split.gated) return concatTensors(key, tensors, split.dim, file, `${at.ranks}, dim ${split.dim}`);
  const first = tensors[0].info;
  if (split.dim !== 0 || first.shape[0] % 2 !== 0) throw new FormatError(file, `${key}: a gated MLP shard of shape [${first.shape}] does not split into [gate; up] halves`);
  const half2 = first.shape[0] / 2 * (first.shape.length > 1 ? first.shape.slice(1).reduce((a, b) => a * b, 1) : 1);
  const shape4 = first.shape.slice();
  shape4[0] = first.shape[0] * tensors.length;
  const pieces = [0, 1].flatMap((h) => tensors.map((t2) => ({ tensor: t2, start: h * half2, rowElems: half2 })));
  return gatheredTensor(key, first.dtype, shape4, 1, pieces, file, `${at.ranks}, dim 0 as [gate; up] halves`);
}

// src/checkpoint/layouts/listing.ts
import { readdirSync, readFileSync } from "node:fs";
function parsedEntries(dir, parse) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((file) => {
    const parsed = parse(file);
    return parsed ? [{ ...parsed, file }] : [];
  });
}
function pointerText(path, max = 4096) {
  try {
    return readFileSync(path, "utf8").slice(0, max);
  } catch {
    return null;
  }
}

// src/checkpoint/layouts/deepspeed.ts
function deepSpeedFiles(dir) {
  return parsedEntries(dir, parseDeepSpeedName);
}
function latestTagDir(dir) {
  const text2 = pointerText(join2(dir, "latest"));
  const tag = text2 === null ? null : parseLatestTag(text2);
  return tag !== null && deepSpeedFiles(join2(dir, tag)).length > 0 ? join2(dir, tag) : null;
}
function claim(path, isDir) {
  if (!isDir) return parseDeepSpeedName(basename2(path)) ? dirname2(path) : null;
  if (deepSpeedFiles(path).some((f) => f.kind === "model" || f.kind === "zero-model" || f.kind === "optim" || f.kind === "pipeline-layer" || f.kind === "expert")) return path;
  return latestTagDir(path);
}
var byRank = (a, b) => a.dp - b.dp;
var two = (n) => String(n).padStart(2, "0");
var Members = class {
  constructor(dir, readFile) {
    this.dir = dir;
    this.readFile = readFile;
  }
  pickles = [];
  read = [];
  size = 0;
  ref(f) {
    return { path: join2(this.dir.path, f.file), name: `${this.dir.name}/${f.file}` };
  }
  open(f) {
    const ref = this.ref(f);
    this.read.push(ref.path);
    const c = this.readFile(ref);
    this.size += c.size;
    for (const s2 of c.pickles) this.pickles.push({ ...s2, where: `${f.file}: ${s2.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    return c.root;
  }
};
function read(dir, readFile) {
  const files = deepSpeedFiles(dir.path);
  const members = new Members(dir, readFile);
  const layers = files.filter((f) => f.kind === "pipeline-layer");
  const mpRanks = [...new Set(files.filter((f) => f.kind !== "pipeline-layer" && f.kind !== "expert-optim").map((f) => f.mp))].sort((a, b) => a - b);
  if (mpRanks.length === 0) throw new FormatError(dir.name, "DeepSpeed checkpoint folder without a model-states file (mp_rank_00_model_states.pt or zero_pp_rank_0_mp_rank_00_model_states.pt)");
  const gaps = mpRanks.filter((r, i) => r !== i);
  if (gaps.length > 0) throw new FormatError(dir.name, `DeepSpeed checkpoint with model-parallel ranks ${mpRanks.join(", ")}: rank ${gaps[0] - 1} is missing`);
  let ranks;
  const detail = [];
  if (layers.length > 0) {
    const first = files.find((f) => f.mp === 0 && (f.kind === "model" || f.kind === "zero-model"));
    if (!first) throw new FormatError(dir.name, "DeepSpeed pipeline checkpoint without mp_rank_00_model_states.pt");
    const root2 = members.open(first);
    ranks = pipelineRanks(layers, members, dir.name).map((model2) => ({ model: model2, root: root2, stage: null, detail: [] }));
    detail.push(`DeepSpeed pipeline-engine checkpoint: ${new Set(layers.map((l) => l.layer)).size} layer file(s) \xD7 ${ranks.length} tensor-parallel rank(s), keys numbered by layer as PipelineModule names them (layer_NN \u2192 NN.); the weights as the layer files hold them`);
  } else {
    ranks = mpRanks.map((mp) => rankModel(files.filter((f) => f.mp === mp), members, dir.name));
    detail.push(...ranks[0].detail);
  }
  let model = ranks[0].model;
  if (ranks.length > 1) {
    const merger = new TpMerger(savedArgs(ranks[0].root));
    model = mergeRanks(ranks.map((r) => r.model), merger, dir.name, layers.length > 0 ? "model" : "mp_rank");
    detail.push(`${ranks.length} tensor-parallel ranks merged key by key:`, ...merger.detail());
  }
  const root = { kind: "dict", entries: [["model", model]] };
  const savedRoot = ranks[0].root;
  if (savedRoot && typeof savedRoot === "object" && savedRoot.kind === "dict") {
    for (const [k, v] of savedRoot.entries) if (k !== "frozen_param_fragments" && !(k === "module" && ranks.length > 1)) root.entries.push([k, v]);
  }
  const stage = ranks[0].stage;
  if (stage !== null) root.entries.push(["zero_stage", stage]);
  return { format: "deepspeed", detail, root, error: null, pickles: members.pickles, size: members.size, files: members.read.sort() };
}
function rankModel(files, members, name) {
  const experts = files.filter((f) => f.kind === "expert").sort((a, b) => a.layer - b.layer || a.expert - b.expert);
  const modelFiles = files.filter((f) => f.kind === "model");
  const zeroModelFiles = files.filter((f) => f.kind === "zero-model").sort(byRank);
  const optimFiles = files.filter((f) => f.kind === "optim").sort(byRank);
  const modelStateFiles = zeroModelFiles.length > 0 ? zeroModelFiles : modelFiles;
  const mp = files[0]?.mp ?? 0;
  if (modelStateFiles.length === 0) throw new FormatError(name, `DeepSpeed checkpoint folder without a model-states file for model-parallel rank ${mp} (mp_rank_${two(mp)}_model_states.pt or zero_pp_rank_0_mp_rank_${two(mp)}_model_states.pt)`);
  const modelRoots = modelStateFiles.map((f) => members.open(f));
  const states = modelRoots.map((r, i) => readModelStates(r, members.ref(modelStateFiles[i]).name, experts.length > 0));
  const first = states[0];
  const detail = [];
  if (experts.length > 0) {
    const entries = [...first.module?.entries ?? []];
    const seen = new Set(entries.map(([k]) => k));
    for (const f of experts) {
      const d = asDict2(members.open(f));
      if (!d) throw new FormatError(members.ref(f).name, "is not an expert state dict");
      for (const [k, v] of d.entries) {
        if (seen.has(k)) throw new FormatError(members.ref(f).name, `expert key ${String(k)} is also in another file`);
        seen.add(k);
        entries.push([k, v]);
      }
    }
    detail.push(`DeepSpeed mixture-of-experts checkpoint: the module as saved plus ${experts.length} expert file(s) (${new Set(experts.map((e) => e.layer)).size} MoE layer(s)), experts under their global ids; weights as saved (a MoE save records no param_shapes for fp32 masters)`);
    return { model: { kind: "dict", entries }, root: modelRoots[0], stage: null, detail };
  }
  const optims = optimFiles.map((f) => readOptimStates(members.open(f), members.ref(f).name));
  const zero3 = zeroModelFiles.length > 0;
  let model;
  let stage = zero3 ? 3 : null;
  if (optims.length > 0 && first.paramShapes !== null) {
    const o = optims[0];
    stage = o.zeroStage;
    const where = members.ref(optimFiles[0]).name;
    if (o.partitionCount !== optims.length) {
      throw new FormatError(name, `expected ${o.partitionCount} *_mp_rank_${two(mp)}_optim_states.pt files (partition_count) but found ${optims.length}: a rank's file is missing or left over from another save`);
    }
    if (stage === 3 !== zero3) throw new FormatError(where, `zero_stage ${stage ?? "none"} does not match the model-states files (${zero3 ? "ZeRO-3 per-rank" : `one mp_rank_${two(mp)}`})`);
    const c = consolidated(states, optims, stage === 3, name);
    model = c.dict;
    detail.push(`DeepSpeed ZeRO-${stage ?? "1 (bf16 optimizer)"} checkpoint, ${optims.length} data-parallel rank(s), deepspeed ${first.dsVersion ?? "?"}`);
    detail.push(`model: fp32 master weights from the optimizer files' ${o.groupsKey} (as zero_to_fp32.py makes them); module: the ${moduleDtype(first)} weights as saved`);
    if (c.fromModule.length > 0) detail.push(`${c.fromModule.length} tensor(s) in no optimizer group (frozen, not recorded by a ZeRO-${stage ?? 1} save) taken from the module as saved: ${c.fromModule.slice(0, 3).join(", ")}${c.fromModule.length > 3 ? ", \u2026" : ""}`);
  } else if (zero3) {
    model = placeholderShapes(first, name);
    detail.push(`DeepSpeed ZeRO-3 checkpoint without its optimizer files: shapes from param_shapes, no weights (the module holds empty placeholders)`);
  } else {
    model = first.module ?? { kind: "dict", entries: [] };
    detail.push(`DeepSpeed checkpoint, ${optims.length === 0 ? "no ZeRO optimizer files" : "param_shapes is None"}: model is the module as saved`);
  }
  return { model, root: modelRoots[0], stage, detail };
}
function pipelineRanks(layers, members, name) {
  const tp = Math.max(...layers.map((l) => l.mp)) + 1;
  const indices2 = [...new Set(layers.map((l) => l.layer))].sort((a, b) => a - b);
  const out = [];
  for (let t = 0; t < tp; t++) {
    const entries = [];
    for (const idx of indices2) {
      const f = layers.find((l) => l.layer === idx && l.mp === t);
      if (!f) throw new FormatError(name, `pipeline layer ${idx} has no file for tensor-parallel rank ${t} (layer_${two(idx)}-model_${two(t)}-model_states.pt)`);
      const d = asDict2(members.open(f));
      if (!d) throw new FormatError(members.ref(f).name, "is not a layer state dict");
      for (const [k, v] of d.entries) entries.push([`${idx}.${String(k)}`, v]);
    }
    out.push({ kind: "dict", entries });
  }
  return out;
}
function mergeRanks(ranks, merger, name, axis) {
  const maps = ranks.map((r) => new Map(r.entries));
  const entries = [];
  const span = `${axis}_00\u2026${two(ranks.length - 1)}`;
  for (const [k, v0] of ranks[0].entries) {
    const key = String(k);
    const values = maps.map((m) => m.get(k));
    if (!isTensor(v0)) {
      entries.push([k, v0]);
      continue;
    }
    const missing = values.findIndex((v) => !isTensor(v));
    if (missing >= 0) throw new FormatError(name, `${key}: a tensor on model-parallel rank 0 but not on rank ${missing}`);
    entries.push([k, merger.merge(key, key, values, { file: name, ranks: span, first: `${axis}_00` })]);
  }
  for (let r = 1; r < maps.length; r++) {
    for (const k of maps[r].keys()) if (!maps[0].has(k)) throw new FormatError(name, `${String(k)}: on model-parallel rank ${r} but not on rank 0`);
  }
  return { kind: "dict", entries };
}
function isTensor(v) {
  return typeof v === "object" && v !== null && v.kind === "tensor";
}
function moduleDtype(s2) {
  for (const [, v] of s2.module?.entries ?? []) if (typeof v === "object" && v !== null && v.kind === "tensor" && v.info.dtype !== "int64") return v.info.dtype;
  return "saved";
}
function tensorEntries(d) {
  const out = /* @__PURE__ */ new Map();
  for (const [k, v] of d?.entries ?? []) if (typeof k === "string" && typeof v === "object" && v !== null && v.kind === "tensor") out.set(k, v);
  return out;
}
function rankSpan(ranks) {
  const lo = Math.min(...ranks);
  const hi = Math.max(...ranks);
  return lo === hi ? `rank ${lo}` : `ranks ${lo}\u2013${hi}`;
}
function consolidated(states, optims, zero3, name) {
  const first = states[0];
  const world = optims.length;
  const out = /* @__PURE__ */ new Map();
  const module = tensorEntries(first.module);
  for (const b of first.bufferNames) {
    const t = module.get(b);
    if (t) out.set(b, t);
  }
  for (const [n, shape4] of first.frozenShapes ?? []) {
    if (!zero3) {
      const t = first.frozenFragments?.get(n);
      if (!t) throw new FormatError(name, `frozen parameter ${n} has no fragment in frozen_param_fragments`);
      out.set(n, t);
      continue;
    }
    const frags = states.map((s2, r) => {
      const t = s2.frozenFragments?.get(n);
      if (!t) throw new FormatError(name, `frozen parameter ${n} has no fragment on rank ${r}`);
      return t;
    });
    let left = numel(shape4);
    const pieces = frags.flatMap((t) => {
      const take = Math.min(left, numel(t.info.shape));
      left -= take;
      return take > 0 ? [{ tensor: t, start: 0, rowElems: take }] : [];
    });
    out.set(n, gatheredTensor(n, frags[0].info.dtype, shape4, 1, pieces, name, `frozen_param_fragments of ${rankSpan(pieces.map((_, r) => r))}`));
  }
  const lengths = optims.map((o) => o.groups.map((g) => numel(g.info.shape)));
  const params = (zero3 ? zero3Params : zero12Params)(first.paramShapes, lengths, world, name);
  for (const p of params) {
    const dtype = optims[0].groups[0].info.dtype;
    const pieces = p.ranges.map((r) => ({ tensor: optims[r.rank].groups[r.group], start: r.start, rowElems: r.numel }));
    out.set(p.name, gatheredTensor(p.name, dtype, p.shape, 1, pieces, name, `${optims[0].groupsKey} of ${rankSpan(p.ranges.map((r) => r.rank))}`));
  }
  for (const [alias, holder] of first.shared) {
    const t = out.get(holder);
    if (t) out.set(alias, t);
  }
  const entries = [];
  const fromModule = [];
  for (const [k, saved] of module) {
    const t = out.get(k);
    if (t) {
      entries.push([k, t]);
      out.delete(k);
    } else if (numel(saved.info.shape) > 0 || !zero3) {
      entries.push([k, saved]);
      fromModule.push(k);
    }
  }
  for (const [k, t] of out) entries.push([k, t]);
  return { dict: { kind: "dict", entries }, fromModule };
}
function placeholderShapes(s2, name) {
  const shapes = new Map([...(s2.paramShapes ?? []).flat(), ...s2.frozenShapes ?? []]);
  const module = tensorEntries(s2.module);
  const entries = [];
  for (const [k, t] of module) {
    const shape4 = shapes.get(k) ?? s2.shared.filter(([a]) => a === k).map(([, b]) => shapes.get(b)).find((x) => x !== void 0);
    if (!shape4) {
      entries.push([k, t]);
      continue;
    }
    const info = { ...t.info, shape: shape4, stride: contiguousStrides(shape4), storage: { ...t.info.storage, key: `${k} (a ZeRO-3 partition: its weights are in the *_optim_states.pt files, which are missing)`, numel: null, bytes: null } };
    entries.push([k, { kind: "tensor", info, original: null }]);
  }
  if (entries.length === 0) throw new FormatError(name, "ZeRO-3 model states without a module");
  return { kind: "dict", entries };
}
var deepspeedLayout = {
  name: "DeepSpeed",
  marker: "mp_rank_XX_model_states.pt, zero_pp_rank_N_mp_rank_XX_{model,optim}_states.pt, layer_NN-model_states.pt or layer_L_expert_E_mp_rank_XX_model_states.pt, or a latest file naming that folder",
  claim,
  read
};

// src/checkpoint/layouts/deepspeed-universal.ts
import { existsSync as existsSync2, readdirSync as readdirSync2 } from "node:fs";
import { basename as basename3, dirname as dirname3, join as join3 } from "node:path";
var ZERO3 = "zero";
var FP32 = "fp32.pt";
var MODEL_STATES = /^(?:zero_pp_rank_0_)?mp_rank_00_model_states\.pt$/;
function paramFolders(dir) {
  try {
    return readdirSync2(join3(dir, ZERO3), { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync2(join3(dir, ZERO3, e.name, FP32))).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
function isUniversal(dir) {
  return paramFolders(dir).length > 0;
}
function claim2(path, isDir) {
  if (isDir) {
    if (isUniversal(path)) return path;
    if (basename3(path) === ZERO3 && isUniversal(dirname3(path))) return dirname3(path);
    const text2 = pointerText(join3(path, "latest_universal"));
    const tag = text2 === null ? null : parseLatestTag(text2);
    return tag !== null && isUniversal(join3(path, tag)) ? join3(path, tag) : null;
  }
  const name = basename3(path);
  if (name === "latest_universal") {
    const text2 = pointerText(path);
    const tag = text2 === null ? null : parseLatestTag(text2);
    return tag !== null && isUniversal(join3(dirname3(path), tag)) ? join3(dirname3(path), tag) : null;
  }
  if (/^(?:fp32|exp_avg|exp_avg_sq|step)\.pt$/.test(name) && basename3(dirname3(dirname3(path))) === ZERO3) {
    const root = dirname3(dirname3(dirname3(path)));
    return isUniversal(root) ? root : null;
  }
  if (MODEL_STATES.test(name) && isUniversal(dirname3(path))) return dirname3(path);
  if (name === "optimizer_state.pt" && basename3(dirname3(path)) === ZERO3 && isUniversal(dirname3(dirname3(path)))) return dirname3(dirname3(path));
  return null;
}
function read2(dir, readFile) {
  const pickles = [];
  const files = [];
  let size = 0;
  const open = (rel) => {
    const ref = { path: join3(dir.path, rel), name: `${dir.name}/${rel}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s2 of c.pickles) pickles.push({ ...s2, where: `${rel}: ${s2.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    return c.root;
  };
  let statesFile;
  try {
    statesFile = readdirSync2(dir.path).filter((f) => MODEL_STATES.test(f)).sort()[0];
  } catch {
    statesFile = void 0;
  }
  if (!statesFile) throw new FormatError(dir.name, "DeepSpeed universal checkpoint without its model-states file (mp_rank_00_model_states.pt, copied there by ds_to_universal.py)");
  const statesRoot = open(statesFile);
  const states = readModelStates(statesRoot, `${dir.name}/${statesFile}`);
  const shapes = new Map((states.paramShapes ?? []).flat());
  const params = /* @__PURE__ */ new Map();
  let zero3 = 0;
  for (const p of paramFolders(dir.path)) {
    const rel = `${ZERO3}/${p}/${FP32}`;
    const root2 = open(rel);
    const whole = asTensor(dictGet(root2, "param"));
    const flat = whole ? null : asTensor(root2);
    if (whole) {
      params.set(p, whole);
      continue;
    }
    if (!flat) throw new FormatError(`${dir.name}/${rel}`, "is neither a dict with a param tensor (ZeRO 1/2) nor a tensor (ZeRO-3)");
    const shape4 = shapes.get(p);
    if (!shape4) throw new FormatError(`${dir.name}/${rel}`, `a flat tensor, and ${statesFile}'s param_shapes does not name ${p}`);
    if (!isContiguous(flat.info) || numel(flat.info.shape) !== numel(shape4)) throw new FormatError(`${dir.name}/${rel}`, `a flat tensor of ${numel(flat.info.shape)} elements cannot be ${p}'s shape [${shape4}]`);
    params.set(p, { ...flat, info: { ...flat.info, shape: shape4, stride: contiguousStrides(shape4) } });
    zero3++;
  }
  const model = universalModel(states, params);
  const detail = [
    `DeepSpeed universal checkpoint (ds_to_universal.py): ${params.size} parameter folder(s) under zero/, fp32 weights${zero3 > 0 ? " (ZeRO-3: flat, shaped by param_shapes)" : " (tensor-parallel slices merged by the converter)"}, deepspeed ${states.dsVersion ?? "?"}`
  ];
  if (model.fromModule.length > 0) detail.push(`${model.fromModule.length} tensor(s) with no parameter folder (buffers, frozen parameters) taken from ${statesFile}: ${model.fromModule.slice(0, 3).join(", ")}${model.fromModule.length > 3 ? ", \u2026" : ""}`);
  const root = { kind: "dict", entries: [["model", model.dict]] };
  if (statesRoot && typeof statesRoot === "object" && statesRoot.kind === "dict") {
    for (const [k, v] of statesRoot.entries) if (k !== "frozen_param_fragments") root.entries.push([k, v]);
  }
  return { format: "deepspeed", detail, root, error: null, pickles, size, files: files.sort() };
}
function universalModel(states, params) {
  const out = new Map(params);
  for (const [alias, holder] of states.shared) {
    const t = out.get(holder);
    if (t && !out.has(alias)) out.set(alias, t);
  }
  const entries = [];
  const fromModule = [];
  const take = (k, t) => {
    entries.push([k, t]);
    fromModule.push(k);
  };
  for (const [k, saved] of states.module?.entries ?? []) {
    if (typeof k !== "string") continue;
    const t = out.get(k);
    if (t) {
      entries.push([k, t]);
      out.delete(k);
      continue;
    }
    const frozen = states.frozenFragments?.get(k);
    const s2 = asTensor(saved);
    if (frozen) take(k, frozen);
    else if (s2 && numel(s2.info.shape) > 0) take(k, s2);
  }
  for (const [k, t] of out) entries.push([k, t]);
  return { dict: { kind: "dict", entries }, fromModule };
}
var deepspeedUniversalLayout = {
  name: "DeepSpeed universal",
  marker: "zero/<parameter>/fp32.pt beside mp_rank_00_model_states.pt, or a latest_universal file naming that folder",
  claim: claim2,
  read: read2
};

// src/checkpoint/layouts/megatron.ts
import { existsSync as existsSync3 } from "node:fs";
import { basename as basename4, dirname as dirname4, join as join4 } from "node:path";

// src/formats/megatron/names.ts
var TRACKER_FILE = "latest_checkpointed_iteration.txt";
var RANK_FILE = "model_optim_rng.pt";
function trackerFolder(text2) {
  const s2 = text2.trim();
  if (s2 === "release") return "release";
  return /^\d+$/.test(s2) ? `iter_${s2.padStart(7, "0")}` : null;
}
function parseRankFolder(name) {
  const m = /^mp_rank_(\d{2,})(?:_(\d{3,}))?(?:_(\d{3,}))?$/.exec(name);
  if (!m) return null;
  return { tp: Number(m[1]), pp: m[2] === void 0 ? null : Number(m[2]), ep: m[3] === void 0 ? null : Number(m[3]) };
}

// src/checkpoint/layouts/megatron.ts
function rankFolders(iterDir) {
  return parsedEntries(iterDir, parseRankFolder).flatMap((r) => existsSync3(join4(iterDir, r.file, RANK_FILE)) ? [{ ...r, folder: r.file }] : []);
}
function trackedIteration(saveDir) {
  const text2 = pointerText(join4(saveDir, TRACKER_FILE), 256);
  const folder = text2 === null ? null : trackerFolder(text2);
  return folder && rankFolders(join4(saveDir, folder)).length > 0 ? join4(saveDir, folder) : null;
}
function claim3(path, isDir) {
  if (!isDir) {
    if (basename4(path) === TRACKER_FILE) return trackedIteration(dirname4(path));
    if (basename4(path) !== RANK_FILE && basename4(path) !== "distrib_optim.pt") return null;
    const rankDir = dirname4(path);
    return parseRankFolder(basename4(rankDir)) ? dirname4(rankDir) : null;
  }
  if (rankFolders(path).length > 0) return path;
  if (parseRankFolder(basename4(path)) && existsSync3(join4(path, RANK_FILE))) return dirname4(path);
  return trackedIteration(path);
}
function flatten(d, prefix, out) {
  for (const [k, v] of d.entries) {
    if (typeof k !== "string") continue;
    const inner = asDict2(v);
    if (inner && inner.entries.length > 0 && inner.entries.every(([x]) => typeof x === "string")) flatten(inner, `${prefix}${k}.`, out);
    else out.set(`${prefix}${k}`, v);
  }
}
var LAYER2 = /^((?:.*\.)?layers\.)(\d+)(\..*)$/;
function isTensor2(v) {
  return typeof v === "object" && v !== null && v.kind === "tensor";
}
function places(ranks, args, name) {
  const pp = args.get("pipeline_model_parallel_size");
  const ep = args.get("expert_model_parallel_size");
  const secondIsExpert = typeof ep === "number" && ep > 1 && (pp === void 0 || pp === 1);
  return ranks.map((r) => {
    if (r.ep !== null) return { tp: r.tp, pp: r.pp ?? 0, ep: r.ep };
    if (secondIsExpert && r.pp === null) throw new FormatError(name, `the saved args say ${ep} expert-parallel ranks but ${r.folder} names none`);
    return secondIsExpert ? { tp: r.tp, pp: 0, ep: r.pp } : { tp: r.tp, pp: r.pp ?? 0, ep: 0 };
  });
}
var LOCAL_EXPERT = /^(.*\.experts\.local_experts\.)(\d+)(\..*)$/;
function read3(dir, readFile) {
  const ranks = rankFolders(dir.path);
  if (ranks.length === 0) throw new FormatError(dir.name, `Megatron iteration folder without mp_rank_* folders holding ${RANK_FILE}`);
  const pickles = [];
  const files = [];
  let size = 0;
  const open = (r) => {
    const ref = { path: join4(dir.path, r.folder, RANK_FILE), name: `${dir.name}/${r.folder}/${RANK_FILE}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s2 of c.pickles) pickles.push({ ...s2, where: `${r.folder}/${RANK_FILE}: ${s2.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    return { root: c.root, name: ref.name };
  };
  const sorted = ranks.slice().sort((a, b) => a.folder.localeCompare(b.folder));
  const first = open(sorted[0]);
  const args = savedArgs(first.root);
  const at = places(sorted, args, dir.name);
  const tp = Math.max(...at.map((r) => r.tp)) + 1;
  const stages = Math.max(...at.map((r) => r.pp)) + 1;
  const experts = Math.max(...at.map((r) => r.ep)) + 1;
  const grid = new Map(sorted.map((r, i) => [`${at[i].tp}/${at[i].pp}/${at[i].ep}`, r]));
  const missing = [];
  for (let t = 0; t < tp; t++) for (let p = 0; p < stages; p++) for (let e = 0; e < experts; e++) if (!grid.has(`${t}/${p}/${e}`)) missing.push(`tp ${t} pp ${p}${experts > 1 ? ` ep ${e}` : ""}`);
  const shape4 = `${tp} tensor \xD7 ${stages} pipeline${experts > 1 ? ` \xD7 ${experts} expert` : ""} ranks`;
  if (missing.length > 0) throw new FormatError(dir.name, `Megatron checkpoint of ${shape4} lacks ${missing.join(", ")}`);
  const argTp = args.get("tensor_model_parallel_size");
  const argPp = args.get("pipeline_model_parallel_size");
  if (typeof argTp === "number" && argTp !== tp || typeof argPp === "number" && argPp !== stages) {
    throw new FormatError(dir.name, `the saved args say ${argTp} \xD7 ${argPp} ranks but the folder holds ${tp} \xD7 ${stages}: a rank folder is missing or left over`);
  }
  const chunksOf = [];
  let virtual = 0;
  for (let p = 0; p < stages; p++) {
    const byExpert = [];
    for (let e = 0; e < experts; e++) {
      const row = [];
      for (let t = 0; t < tp; t++) {
        const r = grid.get(`${t}/${p}/${e}`);
        const { root: root2, name } = r === sorted[0] ? first : open(r);
        const chunks = modelChunks(root2, name);
        if (virtual === 0) virtual = chunks.length;
        else if (chunks.length !== virtual) throw new FormatError(name, `${chunks.length} model chunk(s), where ${grid.get("0/0/0").folder} has ${virtual}`);
        row.push(chunks);
      }
      byExpert.push(row);
    }
    chunksOf.push(byExpert);
  }
  const detail = [`Megatron-LM checkpoint, ${shape4}${virtual > 1 ? `, ${virtual} virtual pipeline stages (model0\u2026model${virtual - 1})` : ""}${args.has("iteration") ? `, iteration ${args.get("iteration")}` : ""}`];
  const model = { kind: "dict", entries: [] };
  const merger = new TpMerger(args);
  let layerBase = 0;
  const seen = /* @__PURE__ */ new Set();
  for (let v = 0; v < virtual; v++) {
    for (let p = 0; p < stages; p++) {
      const stageSuffix = stages > 1 ? `_${String(p).padStart(3, "0")}` : "";
      const ranks2 = `${tp > 1 ? `mp_rank_00\u2026${String(tp - 1).padStart(2, "0")}` : "mp_rank_00"}${stageSuffix}${experts > 1 ? `_000\u2026${String(experts - 1).padStart(3, "0")}` : ""}`;
      const layers = /* @__PURE__ */ new Set();
      const stageKeys = [];
      for (let e = 0; e < experts; e++) {
        const row = chunksOf[p][e].map((chunks) => chunks[v]);
        const local = localExperts(row[0]);
        for (const key of row[0].keys()) {
          const x = LOCAL_EXPERT.exec(key);
          if (e > 0 && !x) continue;
          const named = x ? `${x[1]}${e * local + Number(x[2])}${x[3]}` : key;
          const m = LAYER2.exec(named);
          if (m) layers.add(Number(m[2]));
          const global = m ? `${m[1]}${Number(m[2]) + layerBase}${m[3]}` : named;
          if (seen.has(global)) continue;
          seen.add(global);
          stageKeys.push(global);
          const values = row.map((r) => r.get(key));
          const v0 = values[0];
          if (!isTensor2(v0)) {
            model.entries.push([global, v0 ?? null]);
            continue;
          }
          if (values.some((x2) => !isTensor2(x2))) throw new FormatError(dir.name, `${key}: a tensor on tp rank 0 but not on every tensor-parallel rank of stage ${p}`);
          if (experts > 1 && !x && /\.experts\./.test(key)) {
            model.entries.push([global, merger.refuse(global, values, "grouped-GEMM experts: each expert rank holds its own in one tensor, which sdmatch does not merge", { file: dir.name, ranks: ranks2, first: `mp_rank_00${stageSuffix}_000` })]);
            continue;
          }
          model.entries.push([global, merger.merge(key, global, values, { file: dir.name, ranks: ranks2, first: `mp_rank_00${stageSuffix}` })]);
        }
      }
      const span = layers.size > 0 ? `, layers ${layerBase}\u2013${layerBase + layers.size - 1}` : "";
      detail.push(`${virtual > 1 ? `model${v} on ` : ""}stage ${p} (${ranks2}): ${stageKeys.length} keys${span}${experts > 1 ? `, experts of ${experts} expert ranks under global ids` : ""}`);
      layerBase += layers.size;
    }
  }
  detail.push(...merger.detail());
  const root = { kind: "dict", entries: [["model", model]] };
  for (const [k, v] of asDict2(first.root)?.entries ?? []) {
    if (typeof k === "string" && k !== "optimizer" && k !== "rng_state" && !/^model\d*$/.test(k)) root.entries.push([k, v]);
  }
  return { format: "megatron", detail, root, error: null, pickles, size, files: files.sort() };
}
function modelChunks(root, name) {
  const one = asDict2(dictGet(root, "model"));
  const dicts = [];
  if (one) dicts.push(one);
  else for (let i = 0; asDict2(dictGet(root, `model${i}`)); i++) dicts.push(asDict2(dictGet(root, `model${i}`)));
  if (dicts.length === 0) throw new FormatError(name, "is not a Megatron rank checkpoint: no model state dict");
  return dicts.map((d) => {
    const flat = /* @__PURE__ */ new Map();
    flatten(d, "", flat);
    return flat;
  });
}
function localExperts(chunk) {
  let n = 0;
  for (const k of chunk.keys()) {
    const x = LOCAL_EXPERT.exec(k);
    if (x) n = Math.max(n, Number(x[2]) + 1);
  }
  return n;
}
var megatronLayout = {
  name: "Megatron-LM",
  marker: `iter_NNNNNNN/mp_rank_TT[_PPP]/${RANK_FILE}, or ${TRACKER_FILE} naming that folder`,
  claim: claim3,
  read: read3
};

// src/checkpoint/layouts/table.ts
var LAYOUTS = [dcpLayout, deepspeedUniversalLayout, deepspeedLayout, megatronLayout];

// src/checkpoint/layouts/registry.ts
function isDirectory(path) {
  try {
    return statSync2(path).isDirectory();
  } catch {
    return null;
  }
}
function claimLayout(path, isDir) {
  for (const layout of LAYOUTS) {
    const dir = layout.claim(path, isDir);
    if (dir !== null) return { layout, dir };
  }
  return null;
}
function layoutMarkers() {
  return LAYOUTS.map((l) => `${l.name}: ${l.marker}`).join("; ");
}
function namesDirectoryCheckpoint(path) {
  const isDir = isDirectory(path);
  if (isDir === null) return false;
  return isDir || claimLayout(path, false) !== null;
}

// src/formats/pickle/safety.ts
var RANK = { safe: 0, unknown: 1, incomplete: 2, dangerous: 3 };
function worstVerdict(a, b) {
  return RANK[a] >= RANK[b] ? a : b;
}
var dangerousByPath = new Map(DANGEROUS_GLOBALS.map(([path, why]) => [path, why]));
var frameworkByPath = new Map(FRAMEWORK_GLOBALS.map((f) => [f.path, f]));
function isMethodThroughClass(name) {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return false;
  const last = name.charCodeAt(dot + 1);
  return last === 95 || last >= 97 && last <= 122;
}
function dangerousTail(name) {
  for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", dot + 1)) {
    const tail = name.slice(dot + 1);
    const path = PY2_MODULES[tail.split(".")[0]] ? globalPath(tail.split(".")[0], tail.split(".").slice(1).join(".")) : tail;
    for (let end = path.length; end > 0; end = path.lastIndexOf(".", end - 1)) {
      const why = dangerousByPath.get(path.slice(0, end));
      if (why !== void 0) return { path, why };
    }
  }
  return null;
}
function explainGlobal(module, name) {
  const path = globalPath(module, name);
  if (SAFE_GLOBALS.has(path) || SAFE_PATTERNS.some((p) => p.test(path))) return { verdict: "safe", reason: "" };
  for (let end = path.length; end > 0; end = path.lastIndexOf(".", end - 1)) {
    const why = dangerousByPath.get(path.slice(0, end));
    if (why !== void 0) return { verdict: "dangerous", reason: why };
  }
  const tail = dangerousTail(name);
  if (tail) return { verdict: "dangerous", reason: `protocol 4 walks the dotted name attribute by attribute and reaches ${tail.path}: ${tail.why}` };
  if (isMethodThroughClass(name)) return { verdict: "dangerous", reason: "function reached through a class attribute path" };
  const known = frameworkByPath.get(path);
  if (known) return { verdict: "unknown", reason: `${known.what}: loading imports and runs that package's code, so it needs trust in it (torch.load(weights_only=True) needs it in add_safe_globals)` };
  return { verdict: "unknown", reason: "not on the weights-only allowlist: loading it runs code the file only names, so it needs trust in that code" };
}
function classifyGlobal(module, name) {
  return explainGlobal(module, name).verdict;
}
function safetyReport(findings) {
  let verdict = "safe";
  for (const f of findings) verdict = worstVerdict(verdict, f.verdict);
  return { verdict, globals: findings };
}
var ANOMALY_VERDICT = {
  // rewriting a module's or class's attributes changes what later imports resolve to
  "global-mutated": "dangerous",
  // an import or call the scanner cannot see through is a known evasion technique
  "dynamic-operand": "dangerous",
  "state-dropped": "unknown",
  // EXT1/EXT2/EXT4 import whatever copyreg's extension registry maps the code to at load time
  "extension": "dangerous"
};
var ANOMALY_NOTE = {
  "global-mutated": " (rewrites attributes that later imports resolve)",
  "dynamic-operand": " (computed at load time)",
  "state-dropped": "",
  "extension": " (the registry entry is not in the file)"
};
function enumMemberLookups(use) {
  if (use.resultsCalled > 0 || use.calls.length !== use.pushes || use.calls.length === 0) return null;
  const seen = /* @__PURE__ */ new Set();
  for (const c of use.calls) {
    if (c === null) return null;
    const known = frameworkByPath.get(globalPath(c.owner.module, c.owner.name));
    if (!known?.members?.includes(c.name)) return null;
    const r = c.result;
    if (r.states.length > 0 || r.listItems.length > 0 || r.dictItems.length > 0) return null;
    seen.add(`getattr(${known.path}, '${c.name}')`);
  }
  return [...seen].join(", ");
}
function incompleteFinding(where, what, reason) {
  return { module: "", name: what, verdict: "incomplete", where, reason };
}
function pickleFindings(result, where) {
  const findings = [];
  const members = result.getattr ? enumMemberLookups(result.getattr) : null;
  for (const g of result.globals) {
    const { verdict, reason } = members !== null && globalPath(g.module, g.name) === "builtins.getattr" ? { verdict: "unknown", reason: `only as Python 3.11+ pickles Enum members: ${members}; loading imports those classes' package` } : explainGlobal(g.module, g.name);
    findings.push(verdict === "safe" ? { module: g.module, name: g.name, verdict, where } : { module: g.module, name: g.name, verdict, where, reason });
  }
  for (const a of result.anomalies) {
    findings.push({
      module: a.target?.module ?? "",
      name: a.target?.name ?? a.opcode,
      verdict: ANOMALY_VERDICT[a.kind],
      where,
      reason: `${a.detail} at offset ${a.offset}${ANOMALY_NOTE[a.kind]}`
    });
  }
  if (result.error) findings.push(incompleteFinding(where, "parse stopped", result.error.message));
  return findings;
}

// src/formats/pickle/scan.ts
var NESTED_LOADERS = /* @__PURE__ */ new Set([
  "pickle.loads",
  "pickle._loads",
  "_pickle.loads",
  "dill.loads",
  "dill._dill.loads",
  "cloudpickle.loads",
  "numpy.loads",
  "torch.storage._load_from_bytes",
  // loaders of file objects: their payload is found when it is an io.BytesIO of bytes in the file
  "pickle.load",
  "_pickle.load",
  "torch.load",
  "torch.serialization.load",
  "numpy.load",
  "numpy.lib.format.read_array"
]);
var DEFAULT_NESTED_DEPTH = 4;
var MAX_NESTED_PAYLOADS = 1e4;
var ENCODERS = /* @__PURE__ */ new Set(["_codecs.encode", "codecs.encode"]);
var BYTES_IO = /* @__PURE__ */ new Set(["io.BytesIO", "_io.BytesIO"]);
var LATIN1_NAMES = /* @__PURE__ */ new Set(["latin1", "latin-1", "latin_1", "iso-8859-1", "iso8859-1", "iso_8859_1", "l1"]);
var UTF8_NAMES = /* @__PURE__ */ new Set(["utf-8", "utf8", "utf_8"]);
function scanPickleStream(src, offset = 0, options = {}) {
  const where = options.where ?? src.name;
  const top = readStream(src, offset, options, where);
  const scan = { results: top.results, nested: [], unread: [] };
  if (!options.nested) return scan;
  const maxDepth = options.maxNestedDepth ?? DEFAULT_NESTED_DEPTH;
  const queue = top.payloads.map((p, i) => ({ ...p, depth: 1, where: `${where} > ${p.loader} #${i + 1}` }));
  for (let q = 0; q < queue.length; q++) {
    const item = queue[q];
    if (q >= MAX_NESTED_PAYLOADS) {
      scan.unread.push(`${queue.length - q} nested payloads past the ${MAX_NESTED_PAYLOADS} read`);
      break;
    }
    const inner = readStream(item.source, 0, options, item.where);
    scan.nested.push({ loader: item.loader, where: item.where, depth: item.depth, results: inner.results });
    if (item.depth < maxDepth) {
      inner.payloads.forEach((p, i) => queue.push({ ...p, depth: item.depth + 1, where: `${item.where} > ${p.loader} #${i + 1}` }));
    } else if (inner.payloads.length > 0) {
      scan.unread.push(`${item.where}: ${inner.payloads.length} payload(s) nested deeper than ${maxDepth} levels`);
    }
  }
  return scan;
}
function readStream(src, offset, options, where) {
  const results = [];
  const payloads = [];
  const seenPayloads = /* @__PURE__ */ new Set();
  let at = offset;
  for (; ; ) {
    const found = [];
    const onCall = options.nested ? (call) => {
      const p = nestedPayload(call, src, `${where} payload`, seenPayloads);
      if (p) found.push(p);
    } : void 0;
    const r = readPickle(src, at, { ...options, onCall });
    if (results.length > 0 && r.error && !looksLikePickle2(src, at, r)) break;
    results.push(r);
    payloads.push(...found);
    if (r.error || r.end >= src.size) break;
    at = r.end;
  }
  return { results, payloads };
}
var IDENTIFIER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
function looksLikePickle2(src, at, r) {
  if (at + 2 <= src.size) {
    const head = src.read(at, 2);
    if (head[0] === 128 && head[1] <= 5) return true;
  }
  return r.globals.length > 0 && r.globals.every((g) => IDENTIFIER_PATH.test(g.module) && IDENTIFIER_PATH.test(g.name));
}
function nestedPayload(call, src, label, seen) {
  const fn = call.callable;
  if (!isGlobal(fn)) return null;
  const loader = globalPath(fn.module, fn.name);
  if (!NESTED_LOADERS.has(loader)) return null;
  const arg = call.args[0];
  if (arg === void 0 || typeof arg === "object" && arg !== null && seen.has(arg)) return null;
  if (typeof arg === "object" && arg !== null) seen.add(arg);
  const source = payloadSource(arg, src, label);
  return source && { loader, source };
}
function payloadSource(v, src, label) {
  if (typeof v === "string") return latin1Bytes(v, label);
  if (typeof v !== "object" || v === null) return null;
  if (v.kind === "bytes") {
    if (v.data) return new BufferSource(v.data, label);
    if (v.fileOffset !== null) return new SubSource(src, v.fileOffset, v.length, label);
    return null;
  }
  if (v.kind === "object" && isGlobal(v.callable) && BYTES_IO.has(globalPath(v.callable.module, v.callable.name)) && v.args[0] !== void 0) {
    return payloadSource(v.args[0], src, label);
  }
  if (v.kind === "object" && isGlobal(v.callable) && ENCODERS.has(globalPath(v.callable.module, v.callable.name))) {
    const [text2, encoding = "utf-8"] = v.args;
    if (typeof text2 !== "string" || typeof encoding !== "string") return null;
    const enc = encoding.toLowerCase();
    if (LATIN1_NAMES.has(enc)) return latin1Bytes(text2, label);
    if (UTF8_NAMES.has(enc)) return new BufferSource(new TextEncoder().encode(text2), label);
  }
  return null;
}
function latin1Bytes(text2, label) {
  const out = new Uint8Array(text2.length);
  for (let i = 0; i < text2.length; i++) {
    const c = text2.charCodeAt(i);
    if (c > 255) return null;
    out[i] = c;
  }
  return new BufferSource(out, label);
}

// src/formats/torch/zip-safety.ts
function zipGapScans(zip, where) {
  const out = [];
  for (const a of zipAnomalies(zip)) {
    if (a.kind === "duplicate-name") out.push(gapScan(where, "duplicate member", `zip member "${a.entry}" is listed ${a.count} times: loaders differ in which copy they read (every copy was scanned)`));
    else if (a.kind === "name-mismatch") out.push(gapScan(where, "local header disagrees", `zip member "${a.entry}" is named "${a.localName}" in its local header: readers that walk local headers see another file`));
  }
  for (const v of zip.otherViews ?? []) {
    out.push(gapScan(where, "zip views disagree", v));
  }
  return out;
}

// src/formats/torch/nested.ts
var MAX_DEPTH2 = 4;
var MAX_PICKLES = 64;
function scanNestedPayload(region, label, depth2) {
  const src = region.src;
  const scans = [];
  if (src.size >= 4 && isZip(src.read(0, 4))) {
    let zip;
    try {
      zip = openZip(src);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      return [gapScan(label, "member not read", `nested zip payload unreadable: ${e.message}`)];
    }
    scans.push(...zipGapScans(zip, label));
    for (const e of zip.entries) {
      const kind2 = memberKind(zip, e);
      if (kind2 === "unreadable") scans.push(gapScan(`${label} > ${e.name}`, "member not read", `member with pickle content or name cannot be read (method ${e.method})`));
      if (kind2 !== "pickle-name" && kind2 !== "pickle-content") continue;
      try {
        scans.push(...scanPickleBytes(entryRegion(zip, e, src.name).src, `${label} > ${e.name}`, depth2, kind2 === "pickle-content"));
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        scans.push(gapScan(`${label} > ${e.name}`, "member not read", err.message));
      }
    }
    return scans;
  }
  return scanPickleBytes(src, label, depth2, false);
}
function scanPickleBytes(src, label, depth2, sniffed, start = 0) {
  const scans = [];
  const queue = [start];
  const seen = /* @__PURE__ */ new Set();
  const seenPayloads = /* @__PURE__ */ new Set();
  let n = 0;
  while (queue.length > 0) {
    const at = queue.shift();
    if (seen.has(at) || at >= src.size) continue;
    seen.add(at);
    if (++n > MAX_PICKLES) {
      scans.push(gapScan(label, "limit reached", `more than ${MAX_PICKLES} pickles in a nested payload`));
      break;
    }
    const payloads = [];
    const where = at === start ? label : `${label} at offset ${at}`;
    const r = readPickle(src, at, {
      where,
      onCall: (call) => {
        const p = nestedPayload(call, src, `${where} payload`, seenPayloads);
        if (p) payloads.push(p);
      }
    });
    if (at === start && !sniffed) scans.push(scanOf(where, r));
    else if (r.error === null || r.globals.length > 0 || r.anomalies.length > 0 || r.limited) scans.push(scanOf(where, r));
    payloads.forEach((p, i) => {
      const inner = `${where} > ${p.loader} #${i + 1}`;
      if (depth2 >= MAX_DEPTH2) scans.push(gapScan(inner, "limit reached", `payloads nested deeper than ${MAX_DEPTH2} levels were not read`));
      else scans.push(...scanNestedPayload({ src: p.source }, inner, depth2 + 1));
    });
    if (r.error) continue;
    queue.push(r.end);
    if (r.frameEnd !== null) queue.push(r.frameEnd);
  }
  return scans;
}

// src/formats/torch/zip-sweep.ts
function sweepZip(zip, file, scanned, scans, storageFolder) {
  scans.push(...zipGapScans(zip, file));
  const later = (zip.alternates?.length ?? 0) > 0;
  const folder = storageFolder === void 0 ? null : asciiBytes(storageFolder);
  for (const archive of [zip, ...zip.alternates ?? []]) {
    const d = archive.dir;
    for (let i = 0; i < d.count; i++) {
      const storage = storageFolder !== void 0 && archive === zip && inStorageFolder(d, i, storageFolder, folder);
      if (storage && !later) continue;
      const offset = d.dataOffset[i];
      if (scanned.has(offset)) continue;
      scanned.add(offset);
      if (!storage) sweepMember(archive, archive.entryAt(i), file, scans);
    }
  }
}
function inStorageFolder(d, i, folder, ascii2) {
  if (!ascii2) {
    const name = d.nameAt(i);
    return name.startsWith(folder) && !isPickleName(name);
  }
  if (!d.startsWith(i, ascii2)) return false;
  const last = d.byteAt(i, -1) | 32;
  return last !== 108 && last !== 101 || !isPickleName(d.nameAt(i));
}
function sweepMember(zip, e, file, scans) {
  const kind2 = memberKind(zip, e);
  try {
    switch (kind2) {
      case "unreadable":
        scans.push(gapScan(e.name, "member not read", `zip member "${e.name}" uses compression method ${e.method}, which sdmatch does not inflate (Python's zipfile reads bzip2 and lzma)`));
        return;
      case "pickle-name":
      case "pickle-content":
        scans.push(...scanPickleBytes(entryRegion(zip, e, file).src, e.name, 0, kind2 === "pickle-content"));
        return;
      case "npy": {
        const h = readNpyHeaderFromEntry(zip, e, file);
        if (!h.objectArray && h.dtype !== null) return;
        if (!h.objectArray && !h.unknownDescr) return;
        const src = entryRegion(zip, e, file).src;
        const where = `${e.name} object payload`;
        const found = scanPickleBytes(src, where, 0, false, afterPadding(src, h.dataOffset));
        scans.push(...found);
        if (h.unknownDescr) scans.push(gapScan(where, "dtype not understood", `npy dtype ${h.descr} is not one sdmatch knows holds no objects; its payload was scanned as a pickle`));
        return;
      }
      default:
        return;
    }
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    scans.push(gapScan(e.name, "member not read", err.message));
    if (kind2 === "npy") scanUnparsedNpy(zip, e, file, scans);
  }
}
function scanUnparsedNpy(zip, e, file, scans) {
  try {
    const src = entryRegion(zip, e, file).src;
    const start = npyPayloadStart(src.read(0, Math.min(12, src.size)), src.size, file);
    scans.push(...scanPickleBytes(src, `${e.name} payload after an unparsed header`, 0, true, afterPadding(src, start)));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
  }
}
function afterPadding(src, at) {
  const n = Math.min(src.size - at, 4096);
  if (n <= 0) return at;
  const b = src.read(at, n);
  let i = 0;
  while (i < b.length && (b[i] === 32 || b[i] === 10)) i++;
  return i < b.length ? at + i : at;
}

// src/checkpoint/read-arrays.ts
function readSafetensorsFile(src, ref) {
  const st = readSafetensors(src, ref.path);
  const root = { kind: "dict", entries: st.tensors.map((t) => [t.name, { kind: "tensor", info: t.info, original: null }]) };
  return { format: "safetensors", detail: safetensorsDetail(st.headerLength, st.metadata), root, error: null, pickles: [], size: src.size };
}
function safetensorsDetail(headerLength, metadata) {
  const detail = [`safetensors, header ${headerLength} bytes`];
  if (metadata) {
    const meta = Object.entries(metadata).map(([k, v]) => `${k}=${v.length > 40 ? `${v.slice(0, 40)}\u2026` : v}`);
    detail.push(`__metadata__: ${meta.slice(0, 8).join(", ")}${meta.length > 8 ? `, \u2026 (${meta.length} entries)` : ""}`);
  }
  return detail;
}
function arrayStandIn(h) {
  return {
    kind: "object",
    via: "reduce",
    callable: { kind: "global", module: "numpy", name: "ndarray" },
    args: [h.descr, { kind: "tuple", items: h.shape }],
    kwargs: null,
    states: [],
    listItems: [],
    dictItems: []
  };
}
function ndarrayTensor(h, key, bytes) {
  if (!h.dtype || h.objectArray) return null;
  const stride = h.fortranOrder ? contiguousStrides([...h.shape].reverse()).reverse() : contiguousStrides(h.shape);
  const n = numel(h.shape);
  return {
    kind: "tensor",
    info: { kind: "ndarray", dtype: h.dtype, shape: h.shape, stride, storageOffset: 0, requiresGrad: false, storage: { key, dtype: h.dtype, numel: n, device: "cpu", bytes } },
    original: null
  };
}
function objectArray(region, at, where, scans, detail) {
  const start = afterPadding(region.src, at);
  if (start > at) detail.push(`${where}: the header runs ${start - at} bytes past its declared length (padding); the pickle starts at ${start}`);
  const r = readPickle(region.src, start, { where });
  scans.push(scanOf(where, r));
  if (r.error || r.value === void 0) {
    detail.push(`${where} unreadable: ${r.error?.message ?? "no value"}`);
    return null;
  }
  return interpret(r.value, { storage: () => null, bytesLocation: bytesLocator(region), loadFromBytes: () => null, warn: (m) => detail.push(m) }, r.shared).value;
}
function readNpyFile(src, ref) {
  let h;
  try {
    h = readNpyHeader(src, 0, ref.path);
  } catch (err) {
    if (!(err instanceof FormatError) || !err.message.includes("bad npy header")) throw err;
    return unparsedNpy(src, ref, err);
  }
  const detail = [`npy ${h.descr} (${h.shape.join(", ")})${h.fortranOrder ? ", Fortran order" : ""}${h.bigEndian ? ", big-endian" : ""}`];
  const scans = [];
  if (h.objectArray || h.unknownDescr) {
    detail.push(h.objectArray ? "object array: its payload is a pickle (numpy.load needs allow_pickle=True); not a tensor" : `dtype ${h.descr} not understood: its payload was scanned as a pickle`);
    if (h.unknownDescr) scans.push(gapScan("npy object payload", "dtype not understood", `npy dtype ${h.descr} is not one sdmatch knows holds no objects`));
    const root2 = objectArray(fileRegion(src, ref.path), h.dataOffset, "npy object payload", scans, detail);
    return { format: "npy", detail, root: root2, error: null, pickles: scans, size: src.size };
  }
  if (!h.dtype) return { format: "npy", detail: [...detail, `dtype ${h.descr} has no PyTorch equivalent`], root: arrayStandIn(h), error: null, pickles: scans, size: src.size };
  const length = numel(h.shape) * itemSize(h.dtype);
  if (h.dataOffset + length > src.size) {
    throw new FormatError(ref.path, `truncated npy: ${h.descr} (${h.shape.join(", ")}) needs ${length} bytes at ${h.dataOffset}, the file has ${src.size}`);
  }
  const root = ndarrayTensor(h, "array", { kind: "raw", file: ref.path, offset: h.dataOffset, length });
  return { format: "npy", detail, root, error: null, pickles: scans, size: src.size };
}
function readNpzFile(zip, ref, npz) {
  const detail = [`npz, ${npz.members.length} member(s)`];
  const scans = [];
  const root = { kind: "dict", entries: [] };
  let error = null;
  let deflated = 0;
  for (const m of npz.members) {
    const h = m.header;
    let value;
    if (h.objectArray || h.unknownDescr) {
      detail.push(`member ${m.entry.name} is an object array: its payload is a pickle; not a tensor`);
      if (h.unknownDescr) scans.push(gapScan(m.entry.name, "dtype not understood", `npy dtype ${h.descr} is not one sdmatch knows holds no objects`));
      value = objectMember(zip, m.entry, ref.path, h.dataOffset, scans, detail);
    } else if (!h.dtype) {
      value = arrayStandIn(h);
    } else {
      const length = numel(h.shape) * itemSize(h.dtype);
      if (h.dataOffset + length > m.entry.size) {
        const why = `truncated npy in "${m.entry.name}": ${h.descr} (${h.shape.join(", ")}) needs ${length} bytes, the member has ${m.entry.size - h.dataOffset}`;
        error ??= new FormatError(ref.path, why);
        detail.push(why);
        root.entries.push([m.key, null]);
        continue;
      }
      let bytes = null;
      if (m.entry.method === 0) bytes = { kind: "raw", file: ref.path, offset: m.entry.dataOffset + h.dataOffset, length };
      else deflated++;
      value = ndarrayTensor(h, m.key, bytes);
    }
    root.entries.push([m.key, value]);
  }
  if (deflated > 0) detail.push(`${deflated} deflated member(s): array bytes are only addressable after inflating`);
  if (npz.others.length > 0) detail.push(`${npz.others.length} member(s) that are not .npy arrays: ${npz.others.slice(0, 5).map((e) => e.name).join(", ")}`);
  return { format: "npz", detail, root, error, pickles: scans, size: zip.source.size };
}
function unparsedNpy(src, ref, err) {
  let start;
  try {
    start = npyPayloadStart(src.read(0, Math.min(12, src.size)), src.size, ref.path);
  } catch {
    throw err;
  }
  const scans = [gapScan("npy header", "member not read", err.message)];
  const r = readPickle(src, afterPadding(src, start), { where: "npy payload" });
  if (r.globals.length > 0 || r.anomalies.length > 0 || !r.error) scans.push(scanOf("npy payload", r));
  return { format: "npy", detail: [`npy header not understood: ${err.message}`], root: null, error: err, pickles: scans, size: src.size };
}
function objectMember(zip, e, file, at, scans, detail) {
  let region;
  try {
    region = entryRegion(zip, e, file);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    scans.push(gapScan(e.name, "member not read", err.message));
    detail.push(`${e.name} not read: ${err.message}`);
    return null;
  }
  return objectArray(region, at, e.name, scans, detail);
}

// src/checkpoint/sources.ts
import { dirname as dirname5, join as join5 } from "node:path";
var remote = /* @__PURE__ */ new Map();
var aliases = /* @__PURE__ */ new Map();
function isRemotePath(path) {
  return /^(https?|hf):\/\//i.test(path);
}
function registerRemote(path, src) {
  remote.set(path, src);
}
function registerAlias(spec, path) {
  if (spec !== path) aliases.set(spec, path);
}
function resolveAlias(path) {
  return aliases.get(path) ?? path;
}
function clearRemote() {
  remote.clear();
  aliases.clear();
}
function openSource(path, name) {
  if (!isRemotePath(path)) return new FileSource(path, name);
  const src = remote.get(resolveAlias(path));
  if (!src) throw new FormatError(name, "remote file was not fetched (sdmatch reads URLs and hf:// paths only through its commands, or after prefetchRemote)");
  return src;
}
function siblingPath(base, name) {
  if (!isRemotePath(base)) return join5(dirname5(base), name);
  return base.slice(0, base.lastIndexOf("/") + 1) + name;
}

// src/checkpoint/read-sharded.ts
var MAX_INDEX_BYTES = 256 << 20;
function readShardedFile(src, ref, readShard) {
  if (src.size > MAX_INDEX_BYTES) throw new FormatError(ref.path, `shard index of ${src.size} bytes is over the ${MAX_INDEX_BYTES}-byte limit`);
  const index2 = readShardIndex(new TextDecoder("utf-8").decode(src.read(0, src.size)), ref.path);
  const byShard = /* @__PURE__ */ new Map();
  const pickles = [];
  const detail = [shardedDetail(index2.shards.length, index2.weightMap.size)];
  let size = src.size;
  for (const shard of index2.shards) {
    const c = readShard({ path: siblingPath(ref.path, shard), name: siblingPath(ref.name, shard) });
    size += c.size;
    for (const s2 of c.pickles) pickles.push({ ...s2, where: `${shard}: ${s2.where}` });
    if (c.root === null) throw new FormatError(ref.name, `shard ${shard} could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    byShard.set(shard, shardTensors(c.root));
    detail.push(`${shard}: ${c.format}`);
  }
  const root = { kind: "dict", entries: [] };
  const missing = [];
  const named = /* @__PURE__ */ new Map();
  for (const [key, shard] of index2.weightMap) {
    const e = byShard.get(shard).get(key);
    if (e) {
      root.entries.push(e);
      named.set(shard, (named.get(shard) ?? 0) + 1);
    } else missing.push(`"${key}" (\u2192 ${shard})`);
  }
  if (missing.length > 0) {
    throw new FormatError(ref.name, `shard index names ${missing.length} key(s) its shards do not hold: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", \u2026" : ""}`);
  }
  for (const [shard, tensors] of byShard) {
    if (named.get(shard) === tensors.size) continue;
    let extra = 0;
    for (const [key, e] of tensors) {
      if (index2.weightMap.get(key) !== shard) {
        root.entries.push(e);
        extra++;
      }
    }
    if (extra > 0) detail.push(`${shard} holds ${extra} tensor(s) the index does not list`);
  }
  return { format: "hf-sharded", detail, root, error: null, pickles, size };
}
function shardedDetail(shards, keys) {
  return `sharded checkpoint index, ${shards} shard(s), ${keys} keys`;
}
function shardTensors(root) {
  const flat = flatTensorDict(root);
  if (flat) return flat;
  const out = /* @__PURE__ */ new Map();
  const best2 = walkTree(root).stateDicts.reduce(
    (a, c) => a === null || c.keys.length > a.keys.length ? c : a,
    null
  );
  if (!best2) return out;
  for (const [k, t] of candidateEntries(root, best2)) out.set(k, [k, t]);
  return out;
}
function flatTensorDict(root) {
  if (typeof root !== "object" || root === null || root.kind !== "dict" || root.entries.length === 0) return null;
  const out = /* @__PURE__ */ new Map();
  for (const e of root.entries) {
    const [k, t] = e;
    if (typeof k !== "string" || typeof t !== "object" || t === null || t.kind !== "tensor" || out.has(k)) return null;
    out.set(k, e);
  }
  return out;
}

// src/checkpoint/read-columns.ts
var HEAD_BYTES = 1 << 16;

// src/checkpoint/read-file.ts
import { relative, sep } from "node:path";

// src/formats/torch/follow.ts
function scanFollowing(src, starts, label, scans, budget) {
  const queue = starts.filter((s2) => s2 !== null);
  const seen = /* @__PURE__ */ new Set();
  let parsed = 0;
  while (queue.length > 0) {
    const at = queue.shift();
    if (seen.has(at) || at >= src.size) continue;
    seen.add(at);
    if (budget.left <= 0) {
      scans.push(gapScan(label, "limit reached", `more pickles follow at offset ${at} than sdmatch reads (a loader calling load() again would run them)`));
      return parsed;
    }
    budget.left--;
    const where = `${label} at offset ${at}`;
    const r = readPickle(src, at, { where });
    const s2 = probeScan(where, r);
    if (s2) scans.push(s2);
    if (r.error) continue;
    parsed++;
    queue.push(r.end);
    if (r.frameEnd !== null) queue.push(r.frameEnd);
  }
  return parsed;
}

// src/formats/torch/legacy.ts
var LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
var LEGACY_PROTOCOL = 1001;
var MAX_NESTING = 4;
function isLegacyMagic(v) {
  return v === LEGACY_MAGIC;
}
function readLegacy(region, where = "legacy", depth2 = 0) {
  const src = region.src;
  const scans = [];
  const warnings = [];
  const magic = readScanned(src, 0, `${where} magic number`, scans);
  if (magic.error || !isLegacyMagic(magic.value)) return null;
  const detail = [];
  const fail = (error2) => ({
    format: "legacy-torch",
    detail: [...detail, `unreadable: ${error2.message}`],
    root: null,
    error: error2,
    pickles: scans,
    storages: []
  });
  const proto = readScanned(src, magic.end, `${where} protocol version`, scans);
  if (proto.error) return fail(proto.error);
  if (proto.value !== LEGACY_PROTOCOL) detail.push(`unexpected protocol version ${String(proto.value)}`);
  const sysInfo = readScanned(src, proto.end, `${where} sys_info`, scans);
  if (sysInfo.error) return fail(sysInfo.error);
  if (isBigEndian(sysInfo.value)) detail.push("big-endian (sys_info little_endian=False): storage bytes are big-endian");
  const data = readScanned(src, sysInfo.end, `${where} data pickle`, scans);
  if (data.error || data.value === void 0) return fail(data.error ?? new FormatError(src.name, "legacy data pickle has no value"));
  const table = storageTable((ref, dtype) => ({ key: ref.key, dtype, numel: ref.numel, device: ref.device, bytes: null }));
  const ctx = {
    storage: table.lookup,
    bytesLocation: bytesLocator(region),
    loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), where, depth2),
    warn: (m) => warnings.push(m)
  };
  const root = interpret(data.value, ctx, data.shared).value;
  const keysPickle = readScanned(src, data.end, `${where} storage keys`, scans);
  const frameEnds = [magic, proto, sysInfo, data, keysPickle].map((r) => r.frameEnd);
  if (frameEnds.some((e) => e !== null)) {
    scanFollowing(src, frameEnds, `${where} pickle after a frame`, scans, { left: 64 });
    detail.push("a STOP inside a FRAME: the pickles a BytesIO loader would read after the frame were scanned too");
  }
  const keys = keysPickle.value === void 0 ? null : tupleItems(keysPickle.value);
  if (keysPickle.error || !keys) {
    warnings.push(`storage key list unreadable${keysPickle.error ? `: ${keysPickle.error.message}` : ""}; storage bytes not located`);
  }
  const truncation = keys && !keysPickle.error ? locateStorages(src.size, keysPickle.end, keys, table.byKey, region, warnings) : null;
  detail.unshift(`legacy torch.save stream (protocol ${String(proto.value)}, ${keys?.length ?? "?"} storages)`);
  const error = truncation === null ? null : new FormatError(src.name, truncation);
  return { format: "legacy-torch", detail: [...detail, ...dedupe(warnings)], root, error, pickles: scans, storages: [...table.byKey.values()] };
}
function locateStorages(fileSize, start, keys, byKey3, region, warnings) {
  let offset = start;
  for (const k of keys) {
    const key = typeof k === "number" ? String(k) : asText(k);
    const info = key === null ? void 0 : byKey3.get(key);
    if (!info) {
      warnings.push(`storage ${String(key)} is listed but no tensor uses it, so its element size is unknown; later storages not located`);
      return null;
    }
    if (offset + 8 > fileSize) {
      const why = `truncated: storage ${key} header at ${offset} is past the end of the file (${fileSize} bytes)`;
      warnings.push(why);
      return why;
    }
    const head = region.src.read(offset, 8);
    const count2 = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
    const bytes = count2 * BigInt(itemSize(info.dtype));
    if (offset + 8 + Number(bytes) > fileSize || bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
      const why = `truncated: storage ${key} declares ${count2} elements (${bytes} bytes) at ${offset + 8}, past the end of the file (${fileSize} bytes)`;
      warnings.push(why);
      return why;
    }
    if (info.numel !== null && info.numel !== Number(count2)) {
      warnings.push(`storage ${key}: persistent id says ${info.numel} elements, the record says ${count2}`);
    }
    info.numel = Number(count2);
    info.bytes = region.locate(offset + 8, Number(bytes));
    offset += 8 + Number(bytes);
  }
  return null;
}
function nestedStorageLoader(region, scans, warn, where, depth2) {
  let n = 0;
  const seen = /* @__PURE__ */ new Map();
  return (b) => {
    if (seen.has(b)) return seen.get(b);
    const result = loadOnce(b);
    seen.set(b, result);
    return result;
  };
  function loadOnce(b) {
    const label = `${where} \u2192 _load_from_bytes #${++n}`;
    if (depth2 >= MAX_NESTING) {
      warn(`${label}: nested torch streams deeper than ${MAX_NESTING} levels were not read`);
      scans.push(gapScan(label, "limit reached", `nested torch streams deeper than ${MAX_NESTING} levels were not read`));
      return null;
    }
    const inner = bytesRegion(region, b);
    if (!inner) {
      scans.push(gapScan(label, "payload not in the file", "the byte string torch.load would read is not in the file (out-of-band buffer)"));
      return null;
    }
    const nested = readLegacy(inner, label, depth2 + 1);
    if (!nested) {
      const other = scanNestedPayload(inner, label, depth2 + 1);
      scans.push(...other);
      warn(`${label}: not a legacy torch stream (its pickles were scanned)`);
      return null;
    }
    scans.push(...nested.pickles);
    for (const d of nested.detail.slice(1)) warn(`${label}: ${d}`);
    if (nested.storages.length !== 1) {
      warn(`${label}: holds ${nested.storages.length} storages, expected 1`);
      return null;
    }
    return nested.storages[0];
  }
}
function bytesRegion(region, b) {
  const at = b.fileOffset;
  if (at !== null) {
    const src = new SliceSource(region.src, at, b.length);
    return { src, locate: (o, l) => region.locate(at + o, l) };
  }
  if (b.data) return memoryRegion(new BufferSource(b.data, region.src.name));
  return null;
}
function isBigEndian(v) {
  if (typeof v !== "object" || v === null || v.kind !== "dict") return false;
  for (const [k, x] of v.entries) if (k === "little_endian") return x === false;
  return false;
}
function dedupe(xs) {
  return [...new Set(xs)];
}

// src/formats/torch/pytorch1.ts
var PYTORCH1_MAGIC = "PYTORCH1";
var ALIGN = 64;
var MAX_MODEL_BYTES = 64 << 20;
var ONNX_DTYPES = {
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64"
};
function isPytorch1(head) {
  return head.length >= 8 && new TextDecoder("latin1").decode(head.subarray(0, 8)) === PYTORCH1_MAGIC;
}
function readPytorch1(src, file) {
  const detail = ["TorchScript PyTorch 1.0-preview PYTORCH1 container"];
  const notListed = (why) => ({
    format: "torchscript",
    detail: [...detail, `old TorchScript layout: tensors not listed (${why})`],
    root: null,
    error: null,
    pickles: []
  });
  if (src.size < 2 * ALIGN) return notListed("file too short");
  const trailer = u64pair(src, src.size - ALIGN);
  if (!trailer || trailer[0] !== 2) return notListed("no trailing model-record pointer");
  const modelAt = trailer[1];
  const header = modelAt + 16 <= src.size ? u64pair(src, modelAt) : null;
  if (!header || header[1] > MAX_MODEL_BYTES || modelAt + ALIGN + header[1] > src.size) return notListed("model record out of range");
  const proto = src.read(modelAt + ALIGN, header[1]);
  const view = { kind: "dict", entries: [] };
  try {
    for (const graph of fields(proto).filter((f) => f.no === 7 && f.bytes)) {
      for (const init of fields(graph.bytes).filter((f) => f.no === 5 && f.bytes)) {
        const t = initializer(init.bytes, src, file);
        if (t) view.entries.push(t);
      }
    }
  } catch (err) {
    if (err instanceof RangeError) return notListed("model record is not a readable protobuf");
    throw err;
  }
  return { format: "torchscript", detail, root: view, error: null, pickles: [] };
}
function initializer(msg, src, file) {
  const shape4 = [];
  const ints = [];
  let dataType = 0;
  let name = null;
  for (const f of fields(msg)) {
    if (f.no === 1 && f.varint !== void 0) shape4.push(f.varint);
    else if (f.no === 1 && f.bytes) shape4.push(...packed(f.bytes));
    else if (f.no === 2 && f.varint !== void 0) dataType = f.varint;
    else if (f.no === 7 && f.bytes) ints.push(...packed(f.bytes));
    else if (f.no === 7 && f.varint !== void 0) ints.push(f.varint);
    else if (f.no === 8 && f.bytes) name = new TextDecoder("utf-8").decode(f.bytes);
  }
  const dtype = ONNX_DTYPES[dataType];
  if (!dtype || name === null || ints.length !== 4 + shape4.length) return null;
  const [, requiresGrad, record, offset] = ints;
  const rec = record + 16 <= src.size ? u64pair(src, record) : null;
  const size = rec ? rec[1] : 0;
  const bytes = rec && record + ALIGN + size <= src.size ? { kind: "raw", file, offset: record + ALIGN, length: size } : null;
  const info = {
    kind: "tensor",
    dtype,
    shape: shape4,
    stride: ints.slice(4),
    storageOffset: offset,
    requiresGrad: requiresGrad === 1,
    storage: { key: String(record), dtype, numel: bytes ? Math.floor(size / itemSize(dtype)) : null, device: "cpu", bytes }
  };
  return [name, { kind: "tensor", info, original: null }];
}
function u64pair(src, at) {
  const b = src.read(at, 16);
  const v = new DataView(b.buffer, b.byteOffset, 16);
  const a = v.getBigUint64(0, true);
  const c = v.getBigUint64(8, true);
  if (a > BigInt(Number.MAX_SAFE_INTEGER) || c > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return [Number(a), Number(c)];
}
function fields(b) {
  const out = [];
  let p = 0;
  const varint = () => {
    let r = 0;
    let mul = 1;
    for (; ; ) {
      if (p >= b.length) throw new RangeError("truncated varint");
      const x = b[p++];
      r += (x & 127) * mul;
      mul *= 128;
      if (x < 128) return r;
      if (mul > 2 ** 63) throw new RangeError("varint too long");
    }
  };
  while (p < b.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.push({ no, varint: varint() });
    else if (wire === 2) {
      const n = varint();
      if (p + n > b.length) throw new RangeError("length past end");
      out.push({ no, bytes: b.subarray(p, p + n) });
      p += n;
    } else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else throw new RangeError(`wire type ${wire}`);
  }
  return out;
}
function packed(b) {
  const out = [];
  let p = 0;
  while (p < b.length) {
    let r = 0;
    let mul = 1;
    for (; ; ) {
      if (p >= b.length) throw new RangeError("truncated varint");
      const x = b[p++];
      r += (x & 127) * mul;
      mul *= 128;
      if (x < 128) break;
      if (mul > 2 ** 63) throw new RangeError("varint too long");
    }
    out.push(r);
  }
  return out;
}

// src/checkpoint/identify.ts
function describeForeign(head, size) {
  if (size === 0) return "empty file";
  const text2 = (from, n) => String.fromCharCode(...head.subarray(from, from + n));
  if (text2(0, 8) === "\x89HDF\r\n\n") return "HDF5 file (Keras/TensorFlow weights?), not a PyTorch checkpoint";
  if (text2(0, 6) === "7z\xBC\xAF'") return "7z archive: PyTorch cannot load it; extract it first";
  if (text2(0, 8) === "\x89PNG\r\n\n") return "PNG image, not a checkpoint";
  if (text2(0, 4) === "GGUF") return "GGUF file (llama.cpp), not a PyTorch checkpoint";
  if (size > 262 && text2(257, 5) === "ustar") {
    return text2(0, 8) === "sys_info" ? "tar-format torch.save file (PyTorch < 0.1.10): not supported" : "tar archive: extract it first";
  }
  if (text2(0, 4) === "PK") return "empty zip archive";
  const hex2 = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  return `not a checkpoint: unrecognised content (first bytes ${hex2})`;
}

// src/checkpoint/read-pickles.ts
var MAX_PICKLES2 = 1e4;
function readPickleFile(region, size, lead) {
  const src = region.src;
  const first = readPickle(src, 0, { where: "pickle" });
  const following = [];
  const more = first.error ? 0 : scanFollowing(src, [first.end, first.frameEnd], "following pickle", following, { left: MAX_PICKLES2 });
  const scans = [scanOf("pickle", first), ...following];
  const detail = [];
  if (lead) detail.push(lead);
  detail.push(first.protocol >= 2 ? `pickle protocol ${first.protocol}` : "pickle protocol 0/1 (no PROTO opcode)");
  if (more > 0) detail.push(`${more + 1} concatenated pickles: all scanned, the first is the value`);
  if (first.frameEnd !== null) detail.push(`bytes follow STOP inside its frame (to offset ${first.frameEnd}): scanned as the next pickle a loader could read`);
  if (first.error || first.value === void 0) {
    detail.push(`unreadable: ${first.error?.message ?? "no value"}`);
    return { format: "pickle", detail, root: null, error: first.error, pickles: scans, size };
  }
  if (looksLikeLegacyLookalike(first.value, more + 1)) {
    detail.push("legacy torch.save look-alike: the magic-number pickle is a call, which torch.load would execute");
  }
  const warnings = [];
  const root = interpret(first.value, {
    storage: () => null,
    bytesLocation: bytesLocator(region),
    loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), scans[0].where, 0),
    warn: (m) => warnings.push(m)
  }, first.shared).value;
  return { format: "pickle", detail: [...detail, ...new Set(warnings)], root, error: null, pickles: scans, size };
}
function looksLikeLegacyLookalike(first, count2) {
  return count2 >= 4 && typeof first === "object" && first !== null && first.kind === "object";
}

// src/formats/torch/state-dict-columns.ts
var DTYPE_NAMES = DTYPE_BY_CODE;
var NO_STORAGE = 255;
var DTYPE_CODE = new Map(DTYPE_NAMES.map((d, i) => [d, i]));
var STORAGE_TAG = new TextEncoder().encode("storage");
var T_NONE = 0;
var T_FALSE = 1;
var T_TRUE = 2;
var T_INT = 3;
var T_WIDE = 4;
var T_NEGATIVE = 11;
var T_STR = 5;
var T_GLOBAL = 6;
var T_TUPLE = 7;
var T_PERSID = 8;
var T_DICT = 9;
var T_TENSOR = 10;
var tagOf = (h) => h & 15;
var payloadOf = (h) => h >>> 4;
var handle = (payload, tag) => payload * 16 + tag;
var INLINE_MAX = 1 << 25;
var MAX_PAYLOAD = 1 << 27;
var G_ORDERED_DICT = 0;
var G_REBUILD_V2 = 1;
var G_STORAGE = 2;
var MAX_MEMO = 2 ** 24;
var MAX_STACK = 1 << 22;
var Decline = class extends Error {
};
var OutOfBytes = class extends Decline {
};
var decline = () => {
  throw new Decline();
};
var outOfBytes = () => {
  throw new OutOfBytes();
};
var IntColumn = class {
  data;
  length = 0;
  constructor(capacity) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v) {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
};
function stateDictPrefixFits(prefix) {
  try {
    new Scanner(prefix).run();
    return true;
  } catch (e) {
    if (e instanceof OutOfBytes) return true;
    if (e instanceof Decline) return false;
    throw e;
  }
}
function scanStateDictColumns(bytes) {
  try {
    return new Scanner(bytes).run();
  } catch (e) {
    if (e instanceof Decline) return null;
    throw e;
  }
}
var D_ORDERED = 1;
var D_MUTATED = 2;
var D_ROOT = 4;
var Scanner = class {
  constructor(bytes) {
    this.bytes = bytes;
    const guess = Math.max(64, Math.ceil(bytes.length / 96));
    this.memo = new Int32Array(Math.min(MAX_MEMO, Math.max(1024, guess * 8))).fill(-1);
    this.strStart = new IntColumn(guess * 2);
    this.strLength = new IntColumn(guess * 2);
    this.dims = new IntColumn(guess * 4);
    this.keyStart = new Int32Array(guess);
    this.keyLength = new Int32Array(guess);
    this.dtype = new Uint8Array(guess);
    this.storage = new Int32Array(guess);
    this.storageOffset = new Float64Array(guess);
    this.dimsAt = new Int32Array(guess);
    this.rank = new Uint8Array(guess);
    this.requiresGrad = new Uint8Array(guess);
    let slots = 1 << 10;
    while (slots < guess * 2) slots *= 2;
    this.keySet = new Int32Array(slots);
  }
  pos = 0;
  protocol = 0;
  /** the stack of value handles (a typed column: no array length changes, no boxed numbers) */
  stack = new IntColumn(1024);
  marks = [];
  /** memo slots (value handles), -1 where nothing was put */
  memo;
  wide = [];
  memoCount = 0;
  globals = [];
  globalSeen = /* @__PURE__ */ new Set();
  strStart;
  strLength;
  /** tuple items (handles), and each tuple's start in them and length; emptied between SETITEMS batches */
  tupleItems = new IntColumn(1024);
  tupleStart = new IntColumn(256);
  tupleLength = new IntColumn(256);
  /** per dict made (EMPTY_DICT, OrderedDict()): D_* flags; emptied to the root between SETITEMS batches */
  dictFlags = new IntColumn(256);
  rootBuilt = false;
  // tensor columns
  count = 0;
  keyStart;
  keyLength;
  dtype;
  storage;
  storageOffset;
  dimsAt;
  rank;
  requiresGrad;
  dims;
  storageDtype = new Uint8Array(1024).fill(NO_STORAGE);
  storageDevice = new Uint16Array(1024);
  storageCount = 0;
  devices = [];
  /** open-addressing set of key byte strings (tensor index + 1 per slot), for Python's duplicate-key rule */
  keySet;
  run() {
    const b = this.bytes;
    const stack = this.stack;
    for (; ; ) {
      if (this.pos >= b.length) outOfBytes();
      const op = b[this.pos++];
      switch (op) {
        case Op.PROTO: {
          const v = this.u8();
          if (v > HIGHEST_PROTOCOL) decline();
          this.protocol = v;
          break;
        }
        case Op.FRAME:
          this.need(8);
          this.pos += 8;
          break;
        case Op.MARK:
          if (stack.length > MAX_STACK) decline();
          this.marks.push(stack.length);
          break;
        case Op.STOP:
          return this.stop();
        case Op.BININT1:
          stack.push(handle(this.u8(), T_INT));
          break;
        case Op.BININT2:
          stack.push(handle(this.uint(2), T_INT));
          break;
        case Op.BININT: {
          const v = this.u32() | 0;
          stack.push(v < 0 ? T_NEGATIVE : v < INLINE_MAX ? handle(v, T_INT) : this.wideInt(v));
          break;
        }
        case Op.NONE:
          stack.push(T_NONE);
          break;
        case Op.NEWTRUE:
          stack.push(T_TRUE);
          break;
        case Op.NEWFALSE:
          stack.push(T_FALSE);
          break;
        case Op.SHORT_BINUNICODE:
          stack.push(this.str(this.u8()));
          break;
        case Op.BINUNICODE:
          stack.push(this.str(this.u32()));
          break;
        case Op.EMPTY_TUPLE:
          stack.push(this.tuple(0));
          break;
        case Op.TUPLE1:
          stack.push(this.tuple(1));
          break;
        case Op.TUPLE2:
          stack.push(this.tuple(2));
          break;
        case Op.TUPLE3:
          stack.push(this.tuple(3));
          break;
        case Op.TUPLE: {
          const from = this.closeMark();
          stack.push(this.tuple(stack.length - from));
          break;
        }
        case Op.EMPTY_DICT:
          stack.push(this.dict(false));
          break;
        case Op.SETITEM:
          this.setItems(stack.length - 2);
          break;
        case Op.SETITEMS:
          this.setItems(this.closeMark());
          break;
        case Op.BINPUT:
          this.put(this.u8());
          break;
        case Op.LONG_BINPUT:
          this.put(this.u32());
          break;
        case Op.MEMOIZE:
          this.put(this.memoCount);
          break;
        case Op.BINGET:
          stack.push(this.get(this.u8()));
          break;
        case Op.LONG_BINGET:
          stack.push(this.get(this.u32()));
          break;
        case Op.GLOBAL:
          stack.push(this.global(this.line(), this.line()));
          break;
        case Op.STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (tagOf(module) !== T_STR || tagOf(name) !== T_STR) decline();
          stack.push(this.global(this.strRange(module), this.strRange(name)));
          break;
        }
        case Op.REDUCE:
          this.reduce();
          break;
        case Op.BINPERSID:
          stack.push(this.persid(this.pop()));
          break;
        case Op.BUILD:
          this.build();
          break;
        default:
          decline();
      }
    }
  }
  // ---- bytes ----------------------------------------------------------------------------------
  need(n) {
    if (this.pos + n > this.bytes.length) outOfBytes();
  }
  u8() {
    this.need(1);
    return this.bytes[this.pos++];
  }
  uint(n) {
    this.need(n);
    const b = this.bytes;
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[this.pos + i];
    this.pos += n;
    return v;
  }
  /** a little-endian u32 (LONG_BINPUT/GET, BININT, BINUNICODE: 8 of a tensor's ~25 opcodes) */
  u32() {
    this.need(4);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p] | b[p + 1] << 8 | b[p + 2] << 16 | b[p + 3] << 24) >>> 0;
  }
  /** a GLOBAL argument line: printable ASCII up to the newline, as [start, end) */
  line() {
    const b = this.bytes;
    const start = this.pos;
    const end = b.indexOf(10, start);
    if (end < 0) outOfBytes();
    if (end - start > 256) decline();
    for (let i = start; i < end; i++) if (b[i] < 32 || b[i] > 126) decline();
    this.pos = end + 1;
    return [start, end];
  }
  text(start, end) {
    let s2 = "";
    for (let i = start; i < end; i++) s2 += String.fromCharCode(this.bytes[i]);
    return s2;
  }
  // ---- stack ----------------------------------------------------------------------------------
  base() {
    const m = this.marks;
    return m.length > 0 ? m[m.length - 1] : 0;
  }
  pop() {
    const stack = this.stack;
    if (stack.length <= this.base()) decline();
    return stack.data[--stack.length];
  }
  closeMark() {
    const from = this.marks.pop();
    if (from === void 0) decline();
    return from;
  }
  // ---- values ---------------------------------------------------------------------------------
  str(n) {
    this.need(n);
    if (this.strStart.length >= MAX_PAYLOAD) decline();
    const i = this.strStart.push(this.pos);
    this.strLength.push(n);
    this.pos += n;
    return handle(i, T_STR);
  }
  strRange(h) {
    const i = payloadOf(h);
    const start = this.strStart.data[i];
    return [start, start + this.strLength.data[i]];
  }
  /** whether a handle is the str `want` (ASCII) */
  isText(h, want) {
    if (tagOf(h) !== T_STR) return false;
    const i = payloadOf(h);
    const start = this.strStart.data[i];
    if (this.strLength.data[i] !== want.length) return false;
    for (let k = 0; k < want.length; k++) if (this.bytes[start + k] !== want[k]) return false;
    return true;
  }
  /** a str handle holding a canonical decimal, container.ts's storageKeyIndex read over the pickle's bytes (no string made) */
  storageNumber(h) {
    if (tagOf(h) !== T_STR) return decline();
    const i = payloadOf(h);
    const start = this.strStart.data[i];
    const n = this.strLength.data[i];
    const b = this.bytes;
    if (n === 0 || n > MAX_STORAGE_DIGITS || n > 1 && b[start] === 48) return decline();
    let v = 0;
    for (let k = start; k < start + n; k++) {
      const c = b[k] - 48;
      if (c < 0 || c > 9) return decline();
      v = v * 10 + c;
    }
    return v;
  }
  /** a device string's index in `devices` (the one last met is tried first: nearly always 'cpu') */
  device(h) {
    if (tagOf(h) !== T_STR) return decline();
    const i = payloadOf(h);
    const start = this.strStart.data[i];
    const n = this.strLength.data[i];
    const b = this.bytes;
    for (let k = start; k < start + n; k++) if (b[k] > 127) decline();
    const last = this.lastDevice;
    if (last >= 0 && this.strLength.data[last] === n) {
      const ls = this.strStart.data[last];
      let same2 = true;
      for (let k = 0; k < n && same2; k++) same2 = b[ls + k] === b[start + k];
      if (same2) return this.lastDeviceIndex;
    }
    const text2 = this.text(start, start + n);
    let dev = this.devices.indexOf(text2);
    if (dev < 0) {
      if (this.devices.length >= 65535) decline();
      dev = this.devices.push(text2) - 1;
    }
    this.lastDevice = i;
    this.lastDeviceIndex = dev;
    return dev;
  }
  lastDevice = -1;
  lastDeviceIndex = 0;
  wideInt(v) {
    if (this.wide.length >= MAX_PAYLOAD) decline();
    return handle(this.wide.push(v) - 1, T_WIDE);
  }
  /** a non-negative integer handle's value; declines for anything else */
  count0(h) {
    const tag = tagOf(h);
    if (tag === T_INT) return payloadOf(h);
    if (tag === T_WIDE) return this.wide[payloadOf(h)];
    return decline();
  }
  /** the top n stack items become a tuple */
  tuple(n) {
    const stack = this.stack;
    if (stack.length - n < this.base()) decline();
    const at = this.tupleItems.length;
    if (this.tupleStart.length >= MAX_PAYLOAD) decline();
    for (let i = stack.length - n; i < stack.length; i++) this.tupleItems.push(stack.data[i]);
    stack.length -= n;
    const t = this.tupleStart.push(at);
    this.tupleLength.push(n);
    return handle(t, T_TUPLE);
  }
  /** a tuple handle's first item in tupleItems; its length is left in `tupleN` (no pair allocated per call) */
  tupleAt(h) {
    if (tagOf(h) !== T_TUPLE) decline();
    const t = payloadOf(h);
    this.tupleN = this.tupleLength.data[t];
    return this.tupleStart.data[t];
  }
  tupleN = 0;
  dict(ordered) {
    const root = this.stack.length === 0 && this.dictFlags.length === 0;
    if (this.dictFlags.length >= MAX_PAYLOAD) decline();
    return handle(this.dictFlags.push((ordered ? D_ORDERED : 0) | (root ? D_ROOT : 0)), T_DICT);
  }
  flags(h) {
    return this.dictFlags.data[payloadOf(h)];
  }
  global(module, name) {
    const m = this.text(module[0], module[1]);
    const n = this.text(name[0], name[1]);
    let g;
    if (m === "collections" && n === "OrderedDict") g = G_ORDERED_DICT;
    else if (m === "torch._utils" && n === "_rebuild_tensor_v2") g = G_REBUILD_V2;
    else if (m === "torch" && n !== "UntypedStorage" && dtypeOfStorageClass(n) !== void 0) g = G_STORAGE + DTYPE_CODE.get(dtypeOfStorageClass(n));
    else return decline();
    if (!this.globalSeen.has(g)) {
      this.globalSeen.add(g);
      this.globals.push({ module: m, name: n });
    }
    return handle(g, T_GLOBAL);
  }
  // ---- memo -----------------------------------------------------------------------------------
  put(index2) {
    if (this.stack.length <= this.base()) decline();
    if (index2 > this.memoCount + 1024 || index2 >= MAX_MEMO - 1) decline();
    while (index2 >= this.memo.length) {
      const next = new Int32Array(this.memo.length * 2).fill(-1);
      next.set(this.memo);
      this.memo = next;
    }
    if (this.memo[index2] === -1) this.memoCount++;
    this.memo[index2] = this.stack.data[this.stack.length - 1];
  }
  /**
   * Only values with no identity are fetched again (the machine would share a container between two
   * places, which the columns cannot say): torch.save fetches globals and strings.
   */
  get(index2) {
    if (index2 >= this.memo.length) decline();
    const h = this.memo[index2];
    if (h === -1) decline();
    const tag = tagOf(h);
    if (tag !== T_STR && tag !== T_GLOBAL && tag !== T_INT && tag !== T_WIDE && tag !== T_NEGATIVE && tag > T_TRUE) decline();
    return h;
  }
  // ---- calls ----------------------------------------------------------------------------------
  reduce() {
    const args = this.pop();
    const fn = this.pop();
    if (tagOf(fn) !== T_GLOBAL) decline();
    const g = payloadOf(fn);
    const at = this.tupleAt(args);
    const n = this.tupleN;
    if (g === G_ORDERED_DICT) {
      if (n !== 0) decline();
      this.stack.push(this.dict(true));
      return;
    }
    if (g !== G_REBUILD_V2 || n !== 6) decline();
    this.stack.push(this.tensor(at));
  }
  /** `_rebuild_tensor_v2(storage, offset, shape, stride, requires_grad, backward_hooks)` from its argument tuple's items */
  tensor(at) {
    const items2 = this.tupleItems.data;
    const pid = items2[at];
    const offset = items2[at + 1];
    const grad = items2[at + 4];
    const hooks = items2[at + 5];
    if (tagOf(pid) !== T_PERSID || grad !== T_TRUE && grad !== T_FALSE) decline();
    if (tagOf(hooks) !== T_DICT || this.flags(hooks) !== D_ORDERED) decline();
    const shapeAt = this.tupleAt(items2[at + 2]);
    const rank3 = this.tupleN;
    const strideAt = this.tupleAt(items2[at + 3]);
    const strideRank = this.tupleN;
    if (rank3 !== strideRank || rank3 > 255) decline();
    const i = this.count;
    if (i >= MAX_PAYLOAD) decline();
    if (i === this.keyStart.length) this.growTensors();
    const dimsAt = this.dims.length;
    for (let d = 0; d < rank3; d++) this.dims.push(this.count0(this.tupleItems.data[shapeAt + d]));
    for (let d = 0; d < rank3; d++) this.dims.push(this.count0(this.tupleItems.data[strideAt + d]));
    const s2 = payloadOf(pid);
    this.storage[i] = s2;
    this.dtype[i] = this.storageDtype[s2];
    this.storageOffset[i] = this.count0(offset);
    this.dimsAt[i] = dimsAt;
    this.rank[i] = rank3;
    this.requiresGrad[i] = grad === T_TRUE ? 1 : 0;
    this.count++;
    return handle(i, T_TENSOR);
  }
  /**
   * `('storage', torch.XStorage, '<n>', '<device>', numel)`: the storage is named by its number, and a
   * number named twice must name the same dtype and device (else the full reader's storage table
   * decides which one wins, and it is left to it).
   */
  persid(pid) {
    const at = this.tupleAt(pid);
    const n = this.tupleN;
    if (n !== 5) decline();
    const items2 = this.tupleItems.data;
    if (!this.isText(items2[at], STORAGE_TAG)) decline();
    const cls = items2[at + 1];
    if (tagOf(cls) !== T_GLOBAL || payloadOf(cls) < G_STORAGE) decline();
    const dtype = payloadOf(cls) - G_STORAGE;
    const s2 = this.storageNumber(items2[at + 2]);
    const dev = this.device(items2[at + 3]);
    const numel2 = tagOf(items2[at + 4]);
    if (numel2 !== T_INT && numel2 !== T_WIDE && numel2 !== T_NEGATIVE) decline();
    if (s2 < 0 || s2 > this.storageCount + 1024) decline();
    while (s2 >= this.storageDtype.length) {
      const d = new Uint8Array(this.storageDtype.length * 2).fill(NO_STORAGE);
      d.set(this.storageDtype);
      this.storageDtype = d;
      const v = new Uint16Array(this.storageDevice.length * 2);
      v.set(this.storageDevice);
      this.storageDevice = v;
    }
    if (this.storageDtype[s2] === NO_STORAGE) {
      this.storageDtype[s2] = dtype;
      this.storageDevice[s2] = dev;
      if (s2 >= this.storageCount) this.storageCount = s2 + 1;
    } else if (this.storageDtype[s2] !== dtype || this.storageDevice[s2] !== dev) decline();
    return handle(s2, T_PERSID);
  }
  // ---- dicts ----------------------------------------------------------------------------------
  /** SETITEM(S): the items from `from` up go into the dict below them */
  setItems(from) {
    const stack = this.stack;
    const n = stack.length - from;
    if (n < 0 || n % 2 !== 0 || from - 1 < this.base()) decline();
    const target = stack.data[from - 1];
    if (tagOf(target) !== T_DICT) decline();
    const d = payloadOf(target);
    const root = (this.dictFlags.data[d] & D_ROOT) !== 0;
    if (this.rootBuilt && root) decline();
    this.dictFlags.data[d] |= D_MUTATED;
    for (let i = from; i < stack.length; i += 2) {
      const k = stack.data[i];
      const v = stack.data[i + 1];
      if (root) this.rootItem(k, v);
      else this.otherItem(k, v);
    }
    stack.length = from;
    if (root && from === 1 && this.marks.length === 0) {
      this.tupleItems.length = 0;
      this.tupleStart.length = 0;
      this.tupleLength.length = 0;
      this.dictFlags.length = 1;
    }
  }
  /** the state dict's items: str keys (ASCII, each once) to tensors made in place, in order */
  rootItem(k, v) {
    if (tagOf(k) !== T_STR || tagOf(v) !== T_TENSOR) decline();
    const t = payloadOf(v);
    if (t !== this.placed) decline();
    this.placed++;
    const start = this.strStart.data[payloadOf(k)];
    const end = start + this.strLength.data[payloadOf(k)];
    this.keyStart[t] = start;
    this.keyLength[t] = end - start;
    this.addKey(t, start, end);
  }
  placed = 0;
  /** `_metadata` and the like: plain keys and values, never looked at again (the walk does not read a dict's BUILD state) */
  otherItem(k, v) {
    const kt = tagOf(k);
    if (kt !== T_STR && kt !== T_INT && kt !== T_WIDE && kt !== T_NEGATIVE && kt > T_TRUE) decline();
    const vt = tagOf(v);
    if (vt === T_DICT) {
      if (this.flags(v) & D_ROOT) decline();
      return;
    }
    if (vt !== T_STR && vt !== T_INT && vt !== T_WIDE && vt !== T_NEGATIVE && vt > T_TRUE) decline();
  }
  /** BUILD on the state dict (an OrderedDict) with a dict state: its `_metadata` */
  build() {
    const state = this.pop();
    const stack = this.stack;
    if (stack.length !== 1 || this.marks.length !== 0 || this.rootBuilt) decline();
    const target = stack.data[0];
    if (tagOf(target) !== T_DICT || tagOf(state) !== T_DICT) decline();
    const d = this.flags(target);
    const s2 = this.flags(state);
    if (!(d & D_ROOT) || !(d & D_ORDERED) || s2 & (D_ROOT | D_ORDERED)) decline();
    this.rootBuilt = true;
  }
  addKey(t, start, end) {
    const b = this.bytes;
    let h = 2166136261;
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c > 127) decline();
      h = Math.imul(h ^ c, 16777619);
    }
    if ((this.placed + 1) * 2 > this.keySet.length) this.growKeySet();
    const mask = this.keySet.length - 1;
    for (let slot = h & mask; ; slot = slot + 1 & mask) {
      const other = this.keySet[slot];
      if (other === 0) {
        this.keySet[slot] = t + 1;
        return;
      }
      if (this.sameKey(other - 1, start, end)) decline();
    }
  }
  sameKey(t, start, end) {
    const os = this.keyStart[t];
    if (this.keyLength[t] !== end - start) return false;
    const b = this.bytes;
    for (let i = 0; i < end - start; i++) if (b[os + i] !== b[start + i]) return false;
    return true;
  }
  growKeySet() {
    const old = this.keySet;
    this.keySet = new Int32Array(old.length * 2);
    const mask = this.keySet.length - 1;
    const b = this.bytes;
    for (const entry of old) {
      if (entry === 0) continue;
      const t = entry - 1;
      let h = 2166136261;
      for (let i = this.keyStart[t], end = i + this.keyLength[t]; i < end; i++) h = Math.imul(h ^ b[i], 16777619);
      let slot = h & mask;
      while (this.keySet[slot] !== 0) slot = slot + 1 & mask;
      this.keySet[slot] = entry;
    }
  }
  growTensors() {
    const n = this.keyStart.length * 2;
    const grow = (a, make) => {
      const next = make(n);
      next.set(a);
      return next;
    };
    this.keyStart = grow(this.keyStart, (k) => new Int32Array(k));
    this.keyLength = grow(this.keyLength, (k) => new Int32Array(k));
    this.dtype = grow(this.dtype, (k) => new Uint8Array(k));
    this.storage = grow(this.storage, (k) => new Int32Array(k));
    this.storageOffset = grow(this.storageOffset, (k) => new Float64Array(k));
    this.dimsAt = grow(this.dimsAt, (k) => new Int32Array(k));
    this.rank = grow(this.rank, (k) => new Uint8Array(k));
    this.requiresGrad = grow(this.requiresGrad, (k) => new Uint8Array(k));
  }
  stop() {
    const stack = this.stack;
    if (stack.length !== 1 || this.marks.length !== 0) decline();
    const root = stack.data[0];
    if (tagOf(root) !== T_DICT || !(this.flags(root) & D_ROOT)) decline();
    if (this.count === 0 || this.placed !== this.count) decline();
    const n = this.count;
    return {
      bytes: this.bytes,
      protocol: this.protocol,
      globals: this.globals,
      count: n,
      keyStart: this.keyStart.subarray(0, n),
      keyLength: this.keyLength.subarray(0, n),
      dtype: this.dtype.subarray(0, n),
      storage: this.storage.subarray(0, n),
      storageOffset: this.storageOffset.subarray(0, n),
      dimsAt: this.dimsAt.subarray(0, n),
      rank: this.rank.subarray(0, n),
      dims: this.dims.data.subarray(0, this.dims.length),
      requiresGrad: this.requiresGrad.subarray(0, n),
      storageCount: this.storageCount,
      storageDtype: this.storageDtype.slice(0, this.storageCount),
      storageDevice: this.storageDevice.slice(0, this.storageCount),
      devices: this.devices
    };
  }
};

// src/formats/torch/archive.ts
function findTorchRecord(zip) {
  const d = zip.dir;
  for (let i = 0; i < d.count; i++) {
    if (!d.endsWith(i, SLASH_DATA_PKL)) continue;
    const slash = d.nameLength[i] - SLASH_DATA_PKL.length;
    if (slash > 0 && d.indexOf(i, 47) === slash) {
      const e = zip.entryAt(i);
      return { prefix: e.name.slice(0, e.name.length - "data.pkl".length), dataPkl: e };
    }
  }
  const root = zip.find("data.pkl");
  return root >= 0 ? { prefix: "", dataPkl: zip.entryAt(root) } : null;
}
var SLASH_DATA_PKL = new TextEncoder().encode("/data.pkl");
function archiveFacts(zip, prefix) {
  const out = [];
  const text2 = (name) => {
    const i = zip.find(prefix + name);
    if (i < 0 || zip.dir.size[i] > 64) return null;
    const e = zip.entryAt(i);
    try {
      return new TextDecoder("latin1").decode(readEntry(zip, e, { ignoreFlags: true })).trim();
    } catch (err) {
      if (err instanceof FormatError) return null;
      throw err;
    }
  };
  const version = text2("version") ?? text2(".data/version");
  if (version !== null) out.push(`version ${version}`);
  const order = text2("byteorder");
  if (order === "big") out.push("big-endian (byteorder record): storage bytes are big-endian");
  else if (order !== null && order !== "little") out.push(`unknown byteorder record ${JSON.stringify(order)}`);
  if (zip.zip64) out.push("zip64");
  for (const v of zip.otherViews ?? []) out.push(v);
  for (const a of zipAnomalies(zip)) {
    switch (a.kind) {
      case "unreadable-flags":
        out.push(`zip entry "${a.entry}" is flagged ${a.detail}`);
        break;
      case "name-mismatch":
        out.push(`zip entry "${a.entry}" is named "${a.localName}" in its local header`);
        break;
      case "duplicate-name":
        out.push(`zip entry name "${a.entry}" occurs ${a.count} times`);
        break;
      case "unsafe-path":
        out.push(`zip entry "${a.entry}" has a path that escapes the extraction folder`);
        break;
      case "unsupported-method":
        out.push(`zip entry "${a.entry}" uses compression method ${a.method}`);
        break;
    }
  }
  return out;
}
function readTorchArchive(zip, file, record, format, lead, readOnly = false) {
  const scans = [];
  const warnings = [];
  const detail = [lead, ...archiveFacts(zip, record.prefix)];
  let root = null;
  let error = null;
  try {
    const region = entryRegion(zip, record.dataPkl, file);
    const members = storageMembers(zip, record.prefix);
    const context = () => ({
      storage: storageTable((ref, dtype) => storageMember(zip, file, members, ref.key, dtype, ref.numel, ref.device, warnings)).lookup,
      bytesLocation: bytesLocator(region),
      loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), record.dataPkl.name, 0),
      warn: (m) => warnings.push(m)
    });
    let ctx = context();
    const clean = (ref, hint) => {
      const dtype = ref.dtype ?? hint;
      return dtype && quietMember(zip, file, members, ref.key, dtype) ? ctx.storage(ref, hint) : null;
    };
    const options = readOnly ? { reduce: tensorsAsRead({ ...ctx, storage: clean }), leanMemo: true } : {};
    const r = readScanned(region.src, 0, record.dataPkl.name, scans, options);
    detail.push(r.protocol >= 2 ? `pickle protocol ${r.protocol}` : "pickle protocol 0/1");
    if (r.error || r.value === void 0) error = r.error ?? new FormatError(file, `${record.dataPkl.name} has no value`);
    else {
      if (readOnly && !r.reduced) ctx = context();
      root = interpret(r.value, ctx, r.shared).value;
    }
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    error = err;
    if (scans.length === 0) scans.push(gapScan(record.dataPkl.name, "member not read", err.message));
  }
  if (error) detail.push(`${record.dataPkl.name} unreadable: ${error.message}`);
  scanOtherPickles(zip, file, /* @__PURE__ */ new Set([record.dataPkl]), scans, warnings, `${record.prefix}data/`);
  return { format, detail: [...detail, ...new Set(warnings)], root, error, pickles: scans };
}
var MEMBER_STORED = 1;
var MEMBER_OTHER = 2;
var PREFIX_BYTES = 1 << 16;
function planTorchColumns(zip, file, record, lead) {
  let pickle;
  try {
    pickle = entryRegion(zip, record.dataPkl, file).src;
    if (!stateDictPrefixFits(pickle.read(0, Math.min(pickle.size, PREFIX_BYTES)))) return null;
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return null;
  }
  const byIndex = storageMembers(zip, record.prefix).byIndex;
  const count2 = byIndex.length;
  const members = { count: count2, state: new Uint8Array(count2), size: new Float64Array(count2), offset: new Float64Array(count2), crc32: new Uint32Array(count2) };
  const d = zip.dir;
  for (let s2 = 0; s2 < count2; s2++) {
    const i = byIndex[s2];
    if (i < 0) continue;
    members.state[s2] = MEMBER_OTHER;
    if (d.method[i] !== 0 || d.flags[i] & FLAG_UNREADABLE || d.compressedSize[i] !== d.size[i]) continue;
    members.state[s2] = MEMBER_STORED;
    members.size[s2] = d.size[i];
    members.offset[s2] = d.dataOffset[i];
    members.crc32[s2] = d.crc32[i];
  }
  const pickles = [];
  const detail = [lead, ...archiveFacts(zip, record.prefix)];
  const sweep = [];
  scanOtherPickles(zip, file, /* @__PURE__ */ new Set([record.dataPkl]), sweep, [], `${record.prefix}data/`);
  pickles.push({ where: record.dataPkl.name, protocol: 0, globals: [], anomalies: [], error: null, getattr: null }, ...sweep);
  return { file, pickle, detail, pickles, members };
}
function readPlannedColumns(plan2) {
  let tensors;
  try {
    tensors = scanStateDictColumns(plan2.pickle.read(0, plan2.pickle.size));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return null;
  }
  if (tensors === null) return null;
  const m = plan2.members;
  const n = tensors.storageCount;
  const storages = { file: plan2.file, numel: new Float64Array(n), offset: new Float64Array(n), length: new Float64Array(n), crc32: new Uint32Array(n) };
  for (let s2 = 0; s2 < n; s2++) {
    const code2 = tensors.storageDtype[s2];
    if (code2 === NO_STORAGE) continue;
    const size = itemSize(DTYPE_NAMES[code2]);
    if (s2 >= m.count || m.state[s2] !== MEMBER_STORED || m.size[s2] % size !== 0) return null;
    storages.numel[s2] = Math.floor(m.size[s2] / size);
    storages.offset[s2] = m.offset[s2];
    storages.length[s2] = m.size[s2];
    storages.crc32[s2] = m.crc32[s2];
  }
  const data = plan2.pickles[0];
  const pickles = [{ ...data, protocol: tensors.protocol, globals: tensors.globals }, ...plan2.pickles.slice(1)];
  const detail = [...plan2.detail, tensors.protocol >= 2 ? `pickle protocol ${tensors.protocol}` : "pickle protocol 0/1"];
  return { format: "torch-zip", detail, pickles, tensors, storages };
}
function storageMembers(zip, prefix) {
  const folder = `${prefix}data/`;
  const d = zip.dir;
  const limit = d.count * 2 + 16;
  let byIndex = new Int32Array(Math.min(limit + 1, d.count + 16)).fill(-1);
  let length = 0;
  const ascii2 = asciiBytes(folder);
  for (let i = 0; i < d.count; i++) {
    const n = ascii2 ? d.startsWith(i, ascii2) ? storageNumberAt(d, i, ascii2.length) : -1 : nameIndex(d.nameAt(i), folder);
    if (n < 0 || n > limit) continue;
    if (n >= byIndex.length) {
      const grown = new Int32Array(Math.min(limit + 1, Math.max(n + 1, byIndex.length * 2))).fill(-1);
      grown.set(byIndex);
      byIndex = grown;
    }
    if (byIndex[n] === -1) byIndex[n] = i;
    if (n >= length) length = n + 1;
  }
  return { folder, byIndex: byIndex.subarray(0, length) };
}
var nameIndex = (name, folder) => name.startsWith(folder) ? storageKeyIndex(name, folder.length) : -1;
function storageNumberAt(d, i, from) {
  const n = d.nameLength[i] - from;
  if (n <= 0 || n > MAX_STORAGE_DIGITS || n > 1 && d.byteAt(i, from) === 48) return -1;
  let v = 0;
  for (let k = from; k < from + n; k++) {
    const c = d.byteAt(i, k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
function quietMember(zip, file, members, key, dtype) {
  const e = memberOf(zip, members, key);
  if (!e || e.size % itemSize(dtype) !== 0) return false;
  try {
    entryLocation(zip, e, file);
    return true;
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return false;
  }
}
function memberOf(zip, members, key) {
  const n = storageKeyIndex(key);
  const i = n >= 0 && n < members.byIndex.length ? members.byIndex[n] : -1;
  return i >= 0 ? zip.entryAt(i) : zip.byName.get(`${members.folder}${key}`);
}
function storageMember(zip, file, members, key, dtype, pidNumel, device, warnings) {
  const e = memberOf(zip, members, key);
  if (!e) {
    warnings.push(`storage member ${members.folder}${key} is missing`);
    return { key, dtype, numel: pidNumel, device, bytes: null };
  }
  const size = itemSize(dtype);
  if (e.size % size !== 0) warnings.push(`storage member ${members.folder}${key} has ${e.size} bytes, not a multiple of ${dtype}'s ${size}`);
  let bytes = null;
  try {
    bytes = entryLocation(zip, e, file);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    warnings.push(err.message);
  }
  return { key, dtype, numel: Math.floor(e.size / size), device, bytes };
}
function scanOtherPickles(zip, file, skip, scans, _warnings, storageFolder) {
  sweepZip(zip, file, new Set([...skip].map((e) => e.dataOffset)), scans, storageFolder);
}

// src/formats/torch/torchscript.ts
function readTorchScript(zip, file, record) {
  const lead = `TorchScript archive, record folder '${record.prefix}'${zip.byName.has(`${record.prefix}bytecode.pkl`) ? " (lite interpreter: bytecode.pkl)" : ""}`;
  const tf = readTorchArchive(zip, file, record, "torchscript", lead);
  if (tf.root === null) return tf;
  const module = tf.root;
  const view = stateDictView(module);
  if (typeof module === "object" && module !== null && module.kind === "object") view.original = module;
  else tf.detail.push("data.pkl does not hold a module object");
  return { ...tf, root: view };
}
function isModuleObject2(v) {
  return typeof v === "object" && v !== null && v.kind === "object" && typeof v.callable === "object" && v.callable !== null && v.callable.kind === "global" && v.callable.module.startsWith("__torch__") && attributesOf(v) !== null;
}
function attributesOf(o) {
  const s2 = o.states[o.states.length - 1];
  return typeof s2 === "object" && s2 !== null && s2.kind === "dict" ? s2 : null;
}
function stateDictView(root) {
  const view = { kind: "dict", entries: [] };
  const onPath = /* @__PURE__ */ new Set();
  const stack = [{ value: root, name: "" }];
  const join13 = (a, b) => a === "" ? String(b) : `${a}.${b}`;
  while (stack.length > 0) {
    const f = stack.pop();
    if (f.exit) {
      onPath.delete(f.exit);
      continue;
    }
    const v = f.value;
    if (typeof v !== "object" || v === null) continue;
    if (v.kind === "tensor") {
      view.entries.push([f.name, v]);
      continue;
    }
    if (onPath.has(v)) continue;
    const children = [];
    if (isModuleObject2(v)) {
      for (const [k, x] of attributesOf(v).entries) if (typeof k === "string") children.push([k, x]);
    } else if (v.kind === "object") {
      const states = v.states.length === 1 ? [v.states[0]] : v.states;
      states.forEach((s2, i) => children.push([states.length === 1 ? "" : i, s2]));
      v.listItems.forEach((x, i) => children.push([i, x]));
      for (const [k, x] of v.dictItems) children.push([String(k), x]);
    } else if (v.kind === "tuple" || v.kind === "list") {
      v.items.forEach((x, i) => children.push([i, x]));
    } else if (v.kind === "dict") {
      for (const [k, x] of v.entries) children.push([typeof k === "string" ? k : String(k), x]);
    } else continue;
    onPath.add(v);
    stack.push({ value: null, name: "", exit: v });
    for (let i = children.length - 1; i >= 0; i--) {
      const [k, x] = children[i];
      stack.push({ value: x, name: k === "" ? f.name : join13(f.name, k) });
    }
  }
  return view;
}
var JSON_DTYPES = {
  FLOAT: "float32",
  DOUBLE: "float64",
  HALF: "float16",
  INT64: "int64",
  INT32: "int32",
  INT16: "int16",
  INT8: "int8",
  UINT8: "uint8",
  BOOL: "bool"
};
function readModelJson(zip, file, prefix) {
  const e = zip.byName.get(`${prefix}model.json`);
  const detail = [`TorchScript archive, PyTorch 1.0 model.json layout, record folder '${prefix}'`, ...archiveFacts(zip, prefix)];
  const scans = [];
  const warnings = [];
  scanOtherPickles(zip, file, /* @__PURE__ */ new Set(), scans, warnings, `${prefix}tensors/`);
  let doc;
  try {
    doc = JSON.parse(new TextDecoder("utf-8").decode(readEntry(zip, e, { maxBytes: 64 << 20 })));
  } catch (err) {
    const error = err instanceof FormatError ? err : new FormatError(file, `${e.name} is not valid JSON: ${err.message}`);
    return { format: "torchscript", detail: [...detail, `old TorchScript layout: tensors not listed (${error.message})`], root: null, error, pickles: scans };
  }
  const tensors = (Array.isArray(doc.tensors) ? doc.tensors : []).map((t, i) => jsonTensor(zip, file, prefix, t, i, warnings));
  const view = { kind: "dict", entries: [] };
  const named = /* @__PURE__ */ new Set();
  const stack = doc.mainModule ? [[doc.mainModule, ""]] : [];
  while (stack.length > 0) {
    const [m, path] = stack.pop();
    for (const p of m.parameters ?? []) {
      const id = Number(p.tensorId);
      const t = tensors[id];
      if (t && typeof p.name === "string") {
        view.entries.push([path + p.name, t]);
        named.add(id);
      }
    }
    const subs = m.submodules ?? [];
    for (let i = subs.length - 1; i >= 0; i--) stack.push([subs[i], `${path}${subs[i].name ?? i}.`]);
  }
  tensors.forEach((t, i) => {
    if (t && !named.has(i)) view.entries.push([`tensors/${i}`, t]);
  });
  return { format: "torchscript", detail: [...detail, ...new Set(warnings)], root: view, error: null, pickles: scans };
}
function jsonTensor(zip, file, prefix, t, i, warnings) {
  const dtype = t.dataType ? JSON_DTYPES[t.dataType] : void 0;
  const shape4 = (t.dims ?? []).map(Number);
  const stride = t.strides ? t.strides.map(Number) : contiguousStrides(shape4);
  if (!dtype || shape4.some((d) => !Number.isSafeInteger(d) || d < 0) || stride.length !== shape4.length) {
    warnings.push(`model.json tensor ${i} (${t.dataType ?? "?"}) not understood`);
    return null;
  }
  const key = t.data?.key ?? "";
  const entry = zip.byName.get(prefix + key);
  let bytes = null;
  if (entry) {
    try {
      bytes = entryLocation(zip, entry, file);
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      warnings.push(err.message);
    }
  } else warnings.push(`tensor record ${prefix}${key} is missing`);
  const info = {
    kind: "tensor",
    dtype,
    shape: shape4,
    stride,
    storageOffset: Number(t.offset ?? 0) || 0,
    requiresGrad: t.requiresGrad === true,
    storage: { key, dtype, numel: entry ? Math.floor(entry.size / itemSize(dtype)) : numel(shape4), device: t.device ?? "cpu", bytes }
  };
  return { kind: "tensor", info, original: null };
}

// src/checkpoint/read-zip.ts
function readZipFile(src, ref) {
  let zip = null;
  if (ref.readOnly && ref.columns) {
    const first = planColumns(src, ref);
    if ("zip" in first) zip = first.zip;
    else {
      const c = readPlannedColumns(first.plan);
      if (c) return { format: c.format, detail: c.detail, root: null, error: null, pickles: c.pickles, size: src.size, columns: { tensors: c.tensors, storages: c.storages } };
    }
  }
  return readArchive(zip ?? openZip(src), src, ref);
}
function planColumns(src, ref) {
  const zip = openZip(src);
  const record = findTorchRecord(zip);
  if (!record || !record.prefix || isScripted(zip, record.prefix)) return { zip };
  const plan2 = planTorchColumns(zip, ref.path, record, torchLead(record.prefix));
  return plan2 ? { plan: plan2 } : { zip };
}
function isScripted(zip, p) {
  return zip.find(`${p}constants.pkl`) >= 0 || zip.find(`${p}bytecode.pkl`) >= 0 || anyNameStartsWith(zip, `${p}code/`);
}
function anyNameStartsWith(zip, prefix) {
  const d = zip.dir;
  const ascii2 = asciiBytes(prefix);
  for (let i = 0; i < d.count; i++) if (ascii2 ? d.startsWith(i, ascii2) : d.nameAt(i).startsWith(prefix)) return true;
  return false;
}
var torchLead = (p) => `torch.save zip archive, record folder '${p}'`;
function readArchive(zip, src, ref) {
  const record = findTorchRecord(zip);
  if (record && record.prefix) {
    const p = record.prefix;
    const tf = isScripted(zip, p) ? readTorchScript(zip, ref.path, record) : readTorchArchive(zip, ref.path, record, "torch-zip", torchLead(p), ref.readOnly);
    return fromTorch(tf, src.size);
  }
  const modelJson = zip.entries.find((e) => /^[^/]+\/model\.json$/.test(e.name));
  if (modelJson) return fromTorch(readModelJson(zip, ref.path, modelJson.name.slice(0, -"model.json".length)), src.size);
  if (!record) {
    const npz = readNpz(zip, ref.path);
    if (npz.members.length > 0) {
      const contents = readNpzFile(zip, ref, npz);
      sweepZip(zip, ref.name, new Set(npz.members.map((m) => m.entry.dataOffset)), contents.pickles);
      return contents;
    }
  }
  if (record) {
    const lead = "zip with data.pkl at the archive root: a torch archive look-alike (torch.load requires a record folder)";
    return { ...fromTorch(readTorchArchive(zip, ref.path, record, "pickle", lead), src.size) };
  }
  const pickles = zip.entries.filter((e) => !e.name.endsWith("/") && isPickleMember(zip, e));
  if (pickles.length === 0) {
    const gaps = [];
    sweepZip(zip, ref.name, /* @__PURE__ */ new Set(), gaps);
    if (gaps.length > 0) {
      return { format: "pickle", detail: ["zip archive with no readable pickle, npy or torch member", ...archiveFacts(zip, "")], root: null, error: null, pickles: gaps, size: src.size };
    }
    const names = zip.entries.slice(0, 6).map((e) => e.name);
    throw new FormatError(ref.path, `zip archive is not a checkpoint: no data.pkl, model.json, .npy or pickle members (${zip.entries.length} members: ${names.join(", ")}${zip.entries.length > 6 ? ", \u2026" : ""})`);
  }
  return pickleMembers(zip, ref, pickles);
}
function fromTorch(tf, size) {
  return { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size };
}
function isPickleMember(zip, e) {
  if (isPickleName(e.name) || isPickleName(e.localName)) return true;
  if (e.method !== 0 && e.method !== 8) return false;
  try {
    const head = readEntryPrefix(zip, e, 1 << 12, { ignoreFlags: true });
    const kind2 = detectKind(new BufferSource(head, zip.source.name));
    return kind2 === "pickle" || kind2 === "legacy-torch";
  } catch (err) {
    if (err instanceof FormatError) return false;
    throw err;
  }
}
function pickleMembers(zip, ref, members) {
  const detail = [`zip archive holding ${members.length} pickle member(s), not a torch archive`, ...archiveFacts(zip, "")];
  const scans = [];
  const root = { kind: "dict", entries: [] };
  for (const e of members) {
    let value = null;
    try {
      const inner = readPickleFile(entryRegion(zip, e, ref.path), e.size);
      const named = isPickleName(e.name) || isPickleName(e.localName);
      if (!named && inner.error && inner.pickles.every((s2) => s2.globals.length === 0 && s2.anomalies.length === 0)) {
        detail.push(`${e.name} looked like a pickle but is not one (${inner.error.message})`);
        root.entries.push([e.name, null]);
        continue;
      }
      for (const s2 of inner.pickles) scans.push({ ...s2, where: `${e.name}${s2.where === "pickle" ? "" : ` ${s2.where}`}` });
      value = inner.root;
      if (inner.error) detail.push(`${e.name} unreadable: ${inner.error.message}`);
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      detail.push(`${e.name} could not be read: ${err.message}`);
      scans.push(gapScan(e.name, "member not read", err.message));
    }
    root.entries.push([e.name, value]);
  }
  sweepZip(zip, ref.name, new Set(members.map((e) => e.dataOffset)), scans);
  return { format: "pickle", detail, root, error: null, pickles: scans, size: zip.source.size };
}

// src/checkpoint/read-file.ts
function readCheckpointFile(given, shardDepth = 0) {
  const path = resolveAlias(given.path);
  const ref = path === given.path ? given : { ...given, path, name: given.name === given.path ? path : given.name };
  const layout = shardDepth === 0 && !isRemotePath(ref.path) ? readLayout(ref) : null;
  if (layout) return layout;
  const src = openSource(ref.path, ref.name);
  try {
    return withName(ref, () => dispatch(src, ref, shardDepth));
  } finally {
    src.close();
  }
}
function readLayout(ref) {
  const isDir = isDirectory(ref.path);
  if (isDir === null) return null;
  const match = claimLayout(ref.path, isDir);
  if (!match) {
    if (!isDir) return null;
    const markers = layoutMarkers();
    throw new FormatError(ref.name, `is a directory, not a checkpoint sdmatch recognises${markers ? ` (${markers})` : ""}`);
  }
  const dirName = nameOfDir(ref, match.dir);
  return withName({ path: match.dir, name: dirName }, () => match.layout.read({ path: match.dir, name: dirName }, (member, range) => range ? readCheckpointRange(member, range.offset, range.length) : readCheckpointFile(member, 1)));
}
var SMALL_RANGE_BYTES = 1 << 20;
function readCheckpointRange(ref, offset, length) {
  const src = openSource(ref.path, ref.name);
  try {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > src.size) {
      throw new FormatError(ref.name, `truncated: needs bytes ${offset}..${offset + length} but the file has ${src.size} bytes`);
    }
    const sub = length <= SMALL_RANGE_BYTES ? new BufferSource(src.read(offset, length), ref.name) : new SubSource(src, offset, length, ref.name);
    const c = withName(ref, () => dispatch(sub, ref, 1));
    if (c.root !== null) shiftLocations(c.root, ref.path, offset);
    return { ...c, size: length };
  } finally {
    src.close();
  }
}
function shiftLocations(root, file, by) {
  const seen = /* @__PURE__ */ new Set();
  for (const t of walkTree(root).tensors) {
    const b = t.info.storage.bytes;
    if (!b || seen.has(b) || b.kind !== "raw" && b.kind !== "deflate" || b.file !== file) continue;
    seen.add(b);
    b.offset += by;
  }
}
function nameOfDir(ref, dir) {
  const below = relative(dir, ref.path);
  if (below === "") return ref.name;
  const tail = below.split(sep).join("/");
  const name = ref.name.split(sep).join("/");
  return name.endsWith(`/${tail}`) ? name.slice(0, -tail.length - 1) : dir;
}
function withName(ref, f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError && (e.file === ref.path || e.file === "")) e.file = ref.name;
    throw e;
  }
}
function dispatch(src, ref, shardDepth) {
  const kind2 = detectKind(src);
  switch (kind2) {
    case "zip":
      return readZipFile(src, ref);
    case "tar": {
      const tf = readTarTorch(src, ref.path);
      return { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size: src.size };
    }
    case "legacy-torch": {
      const region = fileRegion(src, ref.path);
      const tf = readLegacy(region);
      if (tf) return withAppendedZip(src, ref, { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size: src.size });
      return withAppendedZip(src, ref, readPickleFile(region, src.size));
    }
    case "pickle":
      return withAppendedZip(src, ref, readPickleFile(fileRegion(src, ref.path), src.size));
    case "safetensors":
      return readSafetensorsFile(src, ref);
    case "npy":
      return readNpyFile(src, ref);
    case "shard-index":
      if (shardDepth > 0) throw new FormatError(ref.path, "a shard is itself a shard index");
      return readShardedFile(src, ref, (shard) => readCheckpointFile({ ...shard, readOnly: ref.readOnly }, shardDepth + 1));
    case "gzip":
      throw new FormatError(ref.path, "gzip-compressed file: decompress it first (torch.load cannot read it as is)");
    case "unknown": {
      const head = src.read(0, Math.min(src.size, 512));
      const first = readPickle(src, 0, { where: "pickle" });
      if (isPytorch1(head)) {
        const tf = readPytorch1(src, ref.path);
        const probe = probeScan("torch.load's first pickle.load", first);
        return { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: probe ? [...tf.pickles, probe] : tf.pickles, size: src.size };
      }
      if (!first.error || probeScan("pickle", first)) {
        const c = readPickleFile(fileRegion(src, ref.path), src.size, "starts with an opcode a pickle rarely starts with: read as the pickle torch.load and pickle.load would run");
        return withAppendedZip(src, ref, c);
      }
      throw new FormatError(ref.path, describeForeign(head, src.size));
    }
  }
}
function withAppendedZip(src, ref, c) {
  let zip;
  try {
    zip = openZip(src);
  } catch (e) {
    if (e instanceof FormatError) return c;
    throw e;
  }
  const scans = [gapScan("zip after the pickle", "zip views disagree", `the file is a pickle to torch.load and a zip of ${zip.entries.length} member(s) to zip readers`)];
  sweepZip(zip, ref.name, /* @__PURE__ */ new Set(), scans);
  return { ...c, detail: [...c.detail, `also a zip archive (${zip.entries.length} members) after the pickle: its members were scanned`], pickles: [...c.pickles, ...scans] };
}

// src/checkpoint/safety.ts
function safetyOf(scans) {
  return safetyReport(scans.flatMap((s2) => [...pickleFindings(s2, s2.where), ...s2.extra ?? []]));
}

// src/checkpoint/open.ts
function openCheckpoint(path, opts = {}) {
  const name = opts.name ?? path;
  return opened(name, readCheckpointFile({ path, name, readOnly: opts.readOnly === true }));
}
function opened(name, c) {
  const walked = c.root === null ? { tensors: [], stateDicts: [] } : walkTree(c.root);
  return {
    file: name,
    size: c.size,
    format: c.format,
    detail: c.detail,
    root: c.root,
    tensors: walked.tensors,
    stateDicts: walked.stateDicts,
    safety: safetyOf(c.pickles),
    error: c.error,
    ...c.files ? { files: c.files } : {}
  };
}
function scanSafety(path, opts = {}) {
  return safetyOf(readCheckpointFile({ path, name: opts.name ?? path, readOnly: true }).pickles);
}

// src/checkpoint/summary.ts
function tensorTotals(tensors) {
  const out = emptyTotals();
  for (const t of tensors) countTensor(out, t.info.dtype, numel(t.info.shape));
  return out;
}
function emptyTotals() {
  return { tensors: 0, elements: 0, bytes: 0, byDtype: {} };
}
function countTensor(out, dtype, elements) {
  const b = elements * itemSize(dtype);
  out.tensors++;
  out.elements += elements;
  out.bytes += b;
  const d = out.byDtype[dtype] ??= { tensors: 0, elements: 0, bytes: 0 };
  d.tensors++;
  d.elements += elements;
  d.bytes += b;
}
function sharedStorages(tensors) {
  const firstAt = /* @__PURE__ */ new Map();
  const groups = /* @__PURE__ */ new Map();
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    const s2 = t.info.storage;
    if (s2.key === "") continue;
    const first = firstAt.get(s2);
    if (first === void 0) {
      firstAt.set(s2, i);
      continue;
    }
    const g = groups.get(s2);
    if (g) g.push(t);
    else groups.set(s2, [tensors[first], t]);
  }
  const shared = [...groups].sort((a, b) => firstAt.get(a[0]) - firstAt.get(b[0]));
  return shared.map(([s2, ts]) => ({ key: s2.key, dtype: s2.dtype, numel: s2.numel, paths: ts.map((t) => t.path) }));
}
function summarizeLeaves(root, opts = {}) {
  const maxDepth = opts.maxDepth ?? 1;
  const maxText = opts.maxText ?? 100;
  const maxLines = opts.maxLines ?? 200;
  const out = [];
  const stack = [{ v: root, path: [] }];
  while (stack.length > 0 && out.length < maxLines) {
    const { v, path } = stack.pop();
    if (isTensor3(v) || isModuleObject(v)) continue;
    if (isDict(v) && path.length < maxDepth && !mostlyTensors(v)) {
      for (let i = v.entries.length - 1; i >= 0; i--) {
        const [k, x] = v.entries[i];
        stack.push({ v: x, path: [...path, typeof k === "string" ? k : short(k, 40)] });
      }
      continue;
    }
    if (isDict(v) && mostlyTensors(v)) continue;
    out.push({ path, text: clip(short(v, maxText), maxText) });
  }
  return out;
}
function isTensor3(v) {
  return typeof v === "object" && v !== null && v.kind === "tensor";
}
function isDict(v) {
  return typeof v === "object" && v !== null && v.kind === "dict";
}
function mostlyTensors(d) {
  let n = 0;
  for (const [, x] of d.entries) if (isTensor3(x)) n++;
  return n > 0 && n * 2 >= d.entries.length;
}
function clip(s2, max) {
  return s2.length <= max ? s2 : `${s2.slice(0, max - 1)}\u2026`;
}
var MAX_NESTING2 = 4;
function short(v, budget, depth2 = 0) {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "string") return JSON.stringify(v.length > budget ? `${v.slice(0, budget)}\u2026` : v);
  switch (v.kind) {
    case "float":
      return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case "bytes":
      return `${v.flavor === "bytearray" ? "bytearray" : "bytes"}(${v.length})`;
    case "global":
      return `${v.module}.${v.name}`;
    case "tensor":
      return `${v.info.kind === "ndarray" ? "ndarray" : "tensor"} ${v.info.dtype} [${v.info.shape.join(", ")}]`;
    case "persid":
      return "storage";
    case "ext":
      return `extension ${v.code}`;
    case "tuple":
    case "list":
    case "set":
    case "dict":
    case "object":
      if (depth2 >= MAX_NESTING2) return "\u2026";
      return containerText(v, budget, depth2 + 1);
  }
}
function containerText(v, budget, depth2) {
  switch (v.kind) {
    case "tuple":
    case "list":
    case "set": {
      const [open, close] = v.kind === "tuple" ? ["(", ")"] : v.kind === "list" ? ["[", "]"] : ["{", "}"];
      return open + items(v.items.map((x) => (b) => short(x, b, depth2)), budget) + close;
    }
    case "dict":
      return `{${items(v.entries.map(([k]) => (b) => typeof k === "string" ? k : short(k, b, depth2)), budget)}}`;
    case "object":
      return objectText(v, budget, depth2);
  }
}
function items(parts, budget) {
  const out = [];
  let used = 0;
  for (const p of parts.slice(0, budget)) {
    if (used >= budget) {
      out.push(`\u2026 ${parts.length} items`);
      break;
    }
    const s2 = p(Math.max(8, budget - used));
    out.push(s2);
    used += s2.length + 2;
  }
  return out.join(", ");
}
function objectText(o, budget, depth2) {
  const cls = typeof o.callable === "object" && o.callable !== null && o.callable.kind === "global" ? o.callable : null;
  const name = cls ? cls.module === "argparse" || cls.module === "builtins" ? cls.name : `${cls.module}.${cls.name}` : "object";
  const state = o.states[o.states.length - 1];
  if (state !== void 0 && isDict(state)) {
    const attrs = state.entries.map(([k, x]) => (b) => `${typeof k === "string" ? k : short(k, 20, depth2)}=${short(x, Math.max(8, b / 2), depth2)}`);
    return `${name}(${items(attrs, budget - name.length)})`;
  }
  if (o.args.length > 0) return `${name}(${items(o.args.map((x) => (b) => short(x, b, depth2)), budget - name.length)})`;
  return `${name}()`;
}

// src/checkpoint/module-tree.ts
function moduleTree(entries) {
  const root = { name: "", path: "", tensors: [], children: /* @__PURE__ */ new Map() };
  for (const { key, shape: shape4 } of entries) {
    const parts = key.split(".");
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const seg = parts[i];
      let next = node.children.get(seg);
      if (!next) {
        next = { name: seg, path: node.path === "" ? seg : `${node.path}.${seg}`, tensors: [], children: /* @__PURE__ */ new Map() };
        node.children.set(seg, next);
      }
      node = next;
    }
    node.tensors.push({ name: parts[parts.length - 1], shape: shape4 });
  }
  return finish2(root);
}
function finish2(root) {
  const done = /* @__PURE__ */ new Map();
  const signatures = /* @__PURE__ */ new Map();
  const intern = /* @__PURE__ */ new Map();
  const stack = [[root, false]];
  while (stack.length > 0) {
    const [b, visited] = stack.pop();
    if (!visited) {
      stack.push([b, true]);
      for (const c of b.children.values()) stack.push([c, false]);
      continue;
    }
    const kids = [...b.children.values()].map((c) => done.get(c));
    const sig = JSON.stringify([b.tensors.map((t) => [t.name, t.shape]), [...b.children.values()].map((c) => [c.name, signatures.get(c)])]);
    let id = intern.get(sig);
    if (id === void 0) intern.set(sig, id = intern.size);
    signatures.set(b, String(id));
    let tensorCount = b.tensors.length;
    let elements = 0;
    for (const t of b.tensors) elements = t.shape && elements !== null ? elements + numel(t.shape) : null;
    for (const k of kids) {
      tensorCount += k.tensorCount;
      elements = elements !== null && k.elements !== null ? elements + k.elements : null;
    }
    done.set(b, { name: b.name, path: b.path, tensors: b.tensors, children: collapseRuns(kids, [...b.children.values()].map((c) => signatures.get(c))), tensorCount, elements, repeat: null });
  }
  return done.get(root);
}
function collapseRuns(kids, sigs) {
  const out = [];
  let i = 0;
  while (i < kids.length) {
    let j = i + 1;
    const first = /^\d+$/.test(kids[i].name) ? Number(kids[i].name) : null;
    if (first !== null) {
      while (j < kids.length && kids[j].name === String(first + (j - i)) && sigs[j] === sigs[i]) j++;
    }
    if (j - i >= 2) {
      const each = kids[i];
      const members = kids.slice(i, j);
      const elements = members.every((m) => m.elements !== null) ? members.reduce((a, m) => a + m.elements, 0) : null;
      out.push({
        ...each,
        name: `${first}-${first + (j - i) - 1}`,
        tensorCount: each.tensorCount * (j - i),
        elements,
        repeat: { count: j - i, first, last: first + (j - i) - 1, elementsEach: each.elements }
      });
    } else out.push(kids[i]);
    i = j;
  }
  return out;
}

// src/checkpoint/key-source.ts
import { readFileSync as readFileSync2 } from "node:fs";

// src/formats/error-text/clean.ts
var ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
var CHARACTER_FIXES = [
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"', "typographic double quotes (forums, word processors, \u201Csmart quotes\u201D)"],
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'", "typographic single quotes"],
  [/[\u00A0\u2007\u202F]/g, " ", "non-breaking spaces from a rendered page"],
  [/\uFF0C|\u3001/g, ", ", "fullwidth commas from a CJK input method (`backbone.bn1.weight\uFF0Cand missing keys`)"],
  [/\uFF1A/g, ": ", "fullwidth colons from a CJK input method"],
  [/[\u200B\u200C\u200D\u2060]/g, "", "zero-width characters from a rendered page"],
  [/&quot;|&#34;/g, '"', "HTML entities from a scraped page"],
  [/&#39;|&#x27;|&apos;/g, "'", "HTML entities"],
  [/&lt;/g, "<", "HTML entities"],
  [/&gt;/g, ">", "HTML entities"],
  [/&amp;/g, "&", "HTML entities"],
  [/\*\*|`/g, "", "Markdown bold and code marks around a pasted message (`**Unexpected key(s)**`, ``` ``RuntimeError`` ```)"],
  [/\\_/g, "_", "Markdown-escaped underscores (`conv1\\_weight`)"]
];
function normaliseCharacters(text2) {
  let out = text2.replace(/^\uFEFF/, "").replace(ANSI, "");
  for (const [re, to] of CHARACTER_FIXES) out = out.replace(re, to);
  return out;
}
var LINE_PREFIXES = [
  /^\s*\[(?:rank|default)\d+\]:\s?/,
  /^\s*\((?:\w+ )?pid=\d+[^)]*\)\s/,
  // one or more quote levels (`> > `), a quoted blank line (`>`), a quote before a tab-indented line
  /^\s*(?:>[ \t]?)+/,
  /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]*:\s?/
];
var LEVEL_HEAD = /^\s*-?\s*\[(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|[IWEF]\d{4}[^\]]*)(?:\|[^\]]*)?\]/;
var TIMESTAMP_HEAD = /^\s*-?\s*[[(]?(?:\d{4}[-/]\d{2}[-/]\d{2}[ T]|\d{2}\/\d{2}[ -])\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[\])]?/;
var LEVEL_WORD = /^\s*(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)[ \t]+(?![-|:])/;
var LOG_FIELDS = /^(?:\s*(?:[-|]\s*)?(?:\[[^\]\s]{1,40}\]\s*)*(?:[A-Za-z_][\w.]*(?::\s*\d+)?)?\s*(?:-|\||:|>>)(?=\s|$))+\s*|^(?:\s*\[[^\]\s]{1,40}\])+\s*/;
function stripLinePrefixes(line) {
  for (let round = 0; round < 4; round++) {
    const before = line;
    for (const re of LINE_PREFIXES) line = line.replace(re, "");
    const level = LEVEL_HEAD.exec(line);
    const stamp = level ? null : TIMESTAMP_HEAD.exec(line);
    const head = level ?? stamp;
    if (head) {
      line = line.slice(head[0].length);
      line = line.replace(TIMESTAMP_HEAD, "");
      line = line.replace(LEVEL_WORD, "");
      line = line.slice(0, 240).replace(LOG_FIELDS, "") + line.slice(240);
    }
    if (line === before) break;
  }
  return line;
}
var FENCE = /^(?:`{3,}|~{3,})[\w+-]*$/;
var LINE_NUMBER = /^ *(\d{1,7})(?:\t| {2,}| ?\| ?|[ \t]*$)/;
function stripLineNumbers(lines) {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === "") end--;
  if (end < 2) return lines;
  let first = -1;
  for (let k = 0; k < end; k++) {
    const m = LINE_NUMBER.exec(lines[k]);
    if (!m) return lines;
    const n = Number(m[1]);
    if (k === 0) first = n;
    else if (n !== first + k) return lines;
  }
  return lines.map((l, k) => k < end ? l.replace(LINE_NUMBER, "") : l);
}
function cleanPaste(text2) {
  const raw = text2.split(/\r\n|\r|\n/);
  const numbered = stripLineNumbers(raw);
  const fences = numbered.map((l) => FENCE.test(stripLinePrefixes(l).trim()));
  const lines = normaliseCharacters(numbered.map((l, k) => fences[k] ? "" : l).join("\n")).split("\n").map((l) => stripLinePrefixes(l).trim());
  const blockEnds = [];
  const lastContent = (before) => {
    let k = before - 1;
    while (k >= 0 && !lines[k]) k--;
    return k;
  };
  const fenceAt = fences.flatMap((fence, k) => fence ? [k] : []);
  let open = false;
  for (const k of fenceAt) {
    const info = /[\w+-]$/.test(stripLinePrefixes(numbered[k]).trim());
    const closes = !info && (open || k === fenceAt[fenceAt.length - 1]);
    if (closes) blockEnds.push(lastContent(k));
    open = !closes;
  }
  const last = lastContent(lines.length);
  if (!blockEnds.includes(last)) blockEnds.push(last);
  const widths = raw.map((l) => l.replace(ANSI, "").length);
  return { lines, blockEnds: blockEnds.filter((k) => k >= 0), widths };
}

// src/formats/error-text/leaves.ts
var PARAMETER_LEAVES = [
  "weight",
  "bias",
  "running_mean",
  "running_var",
  "num_batches_tracked",
  "position_ids",
  "inv_freq",
  "gamma",
  "beta",
  "scale",
  "attn_mask",
  "relative_position_index",
  "masked_bias",
  "in_proj_weight",
  "in_proj_bias",
  "weight_g",
  "weight_v",
  // ViT/Swin tokens and tables (`backbone.pos_embed`), GPTQ's packed weights
  "relative_position_bias_table",
  "pos_embed",
  "cls_token",
  "mask_token",
  "absolute_pos_embed",
  "qweight",
  "qzeros",
  "g_idx"
];
var MODULE_OR_PARAMETER_LEAVES = ["embeddings", "lora_A", "lora_B", "scales", "zeros"];

// src/formats/error-text/loose.ts
var LEAF = new RegExp(`^(?:${[...PARAMETER_LEAVES, ...MODULE_OR_PARAMETER_LEAVES].join("|")})$`);
var NOT_A_KEY = /^(?:torch|transformers|mmcv|mmengine|mmdet|detectron2|fvcore|timm|peft|lightning|pytorch_lightning|numpy|os|sys|self|model_zoo)\.|\.(?:py|pth|pt|ckpt|bin|json|yaml|yml|txt|safetensors|pkl|com|org|io|html)$/;
var KEY = /[A-Za-z_][\w\-]*(?:\.[\w\-]+)+/g;
var MODEL_SIDE = /\b(?:missing|not\s+found|not\s+initiali[sz]ed|newly\s+initiali[sz]ed|not\s+loaded|were\s+not\s+restored)\b/gi;
var CHECKPOINT_SIDE = /\b(?:unexpected|not\s+used|unused|ignored|were\s+not\s+consumed|extra\s+keys?)\b/gi;
var BREAK_IN_TOKEN = /(["']|,[ \t]?)?(?<![\w.\-])([\w.\-]+)\r?\n[ \t]*([\w.\-]+)/g;
var endsInLeaf = (token) => LEAF.test(token.replace(/[.\-]+$/, "").split(".").pop());
function joinWrappedKeys(text2, widths) {
  const starts = [0];
  for (let k = text2.indexOf("\n"); k >= 0; k = text2.indexOf("\n", k + 1)) starts.push(k + 1);
  const lineWidth = (k) => widths?.[k] ?? text2.slice(starts[k], (starts[k + 1] ?? text2.length + 1) - 1).replace(/\r$/, "").length;
  let wrapWidth = 0;
  for (let k = 0; k < starts.length; k++) wrapWidth = Math.max(wrapWidth, lineWidth(k));
  const lineAt = (at) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return text2.replace(BREAK_IN_TOKEN, (all, before, a, b, at) => {
    if (/^[^.]*\.$/.test(a) && !before || endsInLeaf(a) || !endsInLeaf(a + b)) return all;
    const line = lineAt(at);
    if (lineWidth(line) < wrapWidth) return all;
    const lineText = text2.slice(starts[line], at + (before?.length ?? 0) + a.length);
    if (lineText.replace(/^[\s"',]+/, "") === a) return all;
    return a.includes(".") || b.startsWith(".") || before ? (before ?? "") + a + b : all;
  });
}
function readLoosely(pasted, widths) {
  const text2 = joinWrappedKeys(pasted, widths);
  const marks = [];
  for (const m of text2.matchAll(MODEL_SIDE)) marks.push({ at: m.index, side: "missing" });
  for (const m of text2.matchAll(CHECKPOINT_SIDE)) marks.push({ at: m.index, side: "unexpected" });
  marks.sort((a, b) => a.at - b.at);
  const out = { missing: [], unexpected: [] };
  if (marks.length === 0) return out;
  const seen = /* @__PURE__ */ new Set();
  let mi = -1;
  for (const m of text2.matchAll(KEY)) {
    while (mi + 1 < marks.length && marks[mi + 1].at < m.index) mi++;
    if (mi < 0) continue;
    const key = m[0].replace(/[.\-]+$/, "");
    const leaf = key.slice(key.lastIndexOf(".") + 1);
    if (!LEAF.test(leaf) || NOT_A_KEY.test(key) || seen.has(key)) continue;
    seen.add(key);
    out[marks[mi].side].push(key);
  }
  return out;
}

// src/formats/error-text/lists.ts
var ELLIPSIS = /^(?:\.{2,}|…|\[\s*(?:\.{2,}|…)\s*\])/;
var ELLIPSIS_TOKEN = /^(?:\.{2,}|…)$/;
var CUT_IN_KEY = /* @__PURE__ */ new Set(["\n", "\u2026"]);
var NOT_IN_KEY = /* @__PURE__ */ new Set(["(", ")", "[", "]", "{", "}", "<", ">", ";"]);
var SPACE_AFTER_KEY_CHAR = /[^\s,]\s/;
var MAX_KEY = 65536;
function readKey(s2, i, q, close) {
  const n = s2.length;
  const stop = Math.min(n, i + 1 + MAX_KEY);
  let odd = false;
  for (let j = i + 1; j < stop; j++) {
    const ch = s2[j];
    if (ch === q) {
      const raw = s2.slice(i + 1, j);
      if (odd || SPACE_AFTER_KEY_CHAR.test(raw)) {
        let k = j + 1;
        while (k < n && (s2[k] === " " || s2[k] === "	")) k++;
        if (s2[k] !== "," && s2[k] !== close) return null;
      }
      return { key: raw.replace(/\s+/g, ""), end: j + 1 };
    }
    if (CUT_IN_KEY.has(ch) || ch === "." && s2[j + 1] === ".") return null;
    if (NOT_IN_KEY.has(ch)) odd = true;
  }
  return null;
}
function readQuotedList(s2, pos, close) {
  const keys = [];
  let truncated2 = false;
  let i = pos;
  const n = s2.length;
  for (; ; ) {
    while (i < n && (s2[i] === " " || s2[i] === "	" || s2[i] === ",")) i++;
    if (i >= n) return { keys, truncated: true, end: i };
    const ell = ELLIPSIS.exec(s2.slice(i, i + 8));
    if (ell) {
      truncated2 = true;
      i += ell[0].length;
      continue;
    }
    let q = s2[i];
    if ((q === "u" || q === "b" || q === "r") && (s2[i + 1] === '"' || s2[i + 1] === "'")) q = s2[++i];
    if (q === close) return { keys, truncated: truncated2, end: i + 1 };
    if (q !== '"' && q !== "'") return { keys, truncated: truncated2 || keys.length > 0, end: i };
    const key = readKey(s2, i, q, close);
    if (!key) return { keys, truncated: true, end: i + 1 };
    keys.push(key.key);
    i = key.end;
    while (i < n && (s2[i] === " " || s2[i] === "	")) i++;
    if (i >= n) return { keys, truncated: true, end: i };
    if (s2[i] === ",") continue;
    if (ELLIPSIS.test(s2.slice(i, i + 8))) continue;
    if (s2[i] === close) return { keys, truncated: truncated2, end: i + 1 };
    return { keys, truncated: true, end: i };
  }
}
function readPythonList(s2, pos) {
  let i = pos;
  while (i < s2.length && (s2[i] === " " || s2[i] === "	")) i++;
  const open = s2[i];
  if (open !== "[" && open !== "{") return null;
  const r = readQuotedList(s2, i + 1, open === "{" ? "}" : "]");
  const joined = r.keys.some((k) => k.includes(","));
  const keys = joined ? r.keys.flatMap((k) => k.split(",").filter((x) => x !== "")) : r.keys;
  return { ...r, keys, joined };
}
function keysOfSetRepr(body) {
  const keys = [];
  for (const m of body.matchAll(/\\?(['"])((?:(?!\\?\1).){0,4096}?)\\?\1/g)) keys.push(m[2].replace(/\s+/g, ""));
  return keys;
}
var BARE_KEY = /^[^\s"'()[\]{}<>,;]+$/;
function readUnquotedList(body) {
  const keys = [];
  let truncated2 = false;
  const parts = body.split(",");
  for (let p = 0; p < parts.length; p++) {
    let k = parts[p].trim();
    if (p === parts.length - 1) k = k.replace(/["')\]]+$/, "");
    if (!k) continue;
    if (ELLIPSIS_TOKEN.test(k)) {
      truncated2 = true;
      continue;
    }
    const glued = /^(.*?[^.])(\.{2,}|…)$/.exec(k);
    if (glued) {
      truncated2 = true;
      continue;
    }
    if (!BARE_KEY.test(k)) {
      const [first, ...rest] = k.split(/\s+/);
      if (rest.length > 0 && first !== void 0 && first.includes(".") && BARE_KEY.test(first)) keys.push(first);
      return { keys, truncated: truncated2, stopped: true };
    }
    keys.push(k);
  }
  return { keys, truncated: truncated2, stopped: false };
}
var MAX_EXPANSION = 1e5;
function isBraceGroup(text2) {
  let depth2 = 0;
  for (let k = 0; k < text2.length; k++) {
    const ch = text2[k];
    if (ch === "{") depth2++;
    else if (ch === "}") {
      if (--depth2 < 0) return false;
    } else if (depth2 === 0 && (ch === "," || /\s/.test(ch))) return false;
  }
  return depth2 === 0 && text2.includes("{");
}
var COUNT = {
  one: () => 1,
  literal: (x) => x,
  // digits past 2^1024 read as Infinity; Infinity - Infinity must not make NaN
  range: (lo, hi) => Number.isFinite(hi) ? hi - lo + 1 : Infinity,
  sum: (a, b) => a + b,
  times: (a, b) => a * b
};
var KEYS = {
  one: () => [""],
  literal: (x, text2) => text2 ? x.map((o) => o + text2) : x,
  range: (lo, hi) => {
    const out = [];
    for (let v = lo; v <= hi; v++) out.push(String(v));
    return out;
  },
  sum: (a, b) => {
    for (const k of b) a.push(k);
    return a;
  },
  times: (a, b) => {
    const out = [];
    for (const l of a) for (const r of b) out.push(l + r);
    return out;
  }
};
var RANGE = /^(\d+)\s*\.\.\.\s*(\d+)$/;
function walkBraces(text2, algebra) {
  const n = text2.length;
  const stack = [];
  let cur = { alts: null, seq: algebra.one(), start: 0, nested: false };
  const skipSpace = (at) => {
    while (at < n && /\s/.test(text2[at])) at++;
    return at;
  };
  let pos = 0;
  while (pos < n) {
    const ch = text2[pos];
    if (ch === "{") {
      cur.nested = true;
      stack.push(cur);
      pos = skipSpace(pos + 1);
      cur = { alts: null, seq: algebra.one(), start: pos, nested: false };
    } else if (ch === "," || ch === "}") {
      if (stack.length === 0) return null;
      let value = cur.seq;
      if (!cur.nested) {
        const range = RANGE.exec(text2.slice(cur.start, pos).trimEnd());
        if (range) {
          const lo = Number(range[1]);
          const hi = Number(range[2]);
          if (!(hi >= lo)) return null;
          value = algebra.range(lo, hi);
        }
      }
      cur.alts = cur.alts === null ? value : algebra.sum(cur.alts, value);
      if (ch === ",") {
        pos = skipSpace(pos + 1);
        cur.seq = algebra.one();
        cur.start = pos;
        cur.nested = false;
      } else {
        const parent = stack.pop();
        parent.seq = algebra.times(parent.seq, cur.alts);
        cur = parent;
        pos++;
      }
    } else {
      let j = pos;
      while (j < n && text2[j] !== "{" && text2[j] !== "}" && text2[j] !== ",") j++;
      let lit2 = text2.slice(pos, j);
      if (stack.length === 0 && /\s/.test(lit2)) return null;
      if (stack.length > 0 && j < n && text2[j] !== "{") lit2 = lit2.trimEnd();
      cur.seq = algebra.literal(cur.seq, lit2);
      pos = j;
    }
  }
  return stack.length === 0 ? cur.seq : null;
}
function braceExpansion(text2, limit = MAX_EXPANSION) {
  const count2 = walkBraces(text2, COUNT);
  if (count2 === null) return null;
  return { count: count2, keys: count2 > limit ? null : walkBraces(text2, KEYS) };
}

// src/formats/error-text.ts
var SIZE = String.raw`torch\s*\.?\s*Size\s*\(\s*\[([\d,\s]*)\]\s*\)`;
var TUPLE = String.raw`(?:torch\s*\.?\s*Size\s*)?\(\s*\[?([\d,\s]*)\]?\s*\)`;
var MAX_GAP = 2e3;
var MODEL2 = String.raw`["']?([A-Za-z_][\w.]*)["']?`;
var RE_ERROR_HEAD = /Error\s*\(\s*s\s*\)\s*in\s*loading\s*state\S?dict\s*for\s*([A-Za-z_][\w.]*)\s*:/g;
var RE_UNEXPECTED_NEXT = /[\s*_]*Unexpected\s*key\(s\)\s*in\s*state_dict\s*:/y;
var RE_SIZE_CUT_HEAD = /size\s*mismatch\s*for/gi;
var RE_KEY_START_AT_END = /^\s*([^\s:,]*)$/;
var RE_FVCORE_CUT_AT_END = /(?:Skip\s*loading\s*parameter|Unable\s*to\s*load)\s*'(?:([^'\s]*)|([^'\s]+)'(?:(?!in\s*the\s*model)[\s\S])*)$/;
var RE_HEAD_AT_END = /(?:Missing|Unexpected)\s*key\(s\)\s*in\s*state_dict\s*:?\s*$/;
var LIST_PHRASES = [
  { family: "torch", kind: "load_state_dict", side: "missing", list: "torch", re: /Missing\s*key\(s\)\s*in\s*state_dict\s*:/g, why: "torch \u2265 0.4 strict load" },
  { family: "torch", kind: "load_state_dict", side: "unexpected", list: "torch", re: /Unexpected\s*key\(s\)\s*in\s*state_dict\s*:/g, why: "torch \u2265 0.4 strict load" },
  {
    family: "transformers",
    kind: "transformers",
    side: "unexpected",
    list: "python",
    why: 'transformers/diffusers from_pretrained (TF models say "layers")',
    re: /Some\s*(?:weights|layers)\s*of\s*the\s*model\s*checkpoint/g,
    tail: new RegExp(String.raw`were\s*not\s*used\s*when\s*initializing\s*${MODEL2}\s*:?`, "g")
  },
  {
    family: "transformers",
    kind: "transformers",
    side: "missing",
    list: "python",
    why: "transformers from_pretrained",
    re: new RegExp(String.raw`Some\s*(?:weights|layers)\s*of\s*${MODEL2}\s*were\s*not\s*initialized\s*from\s*the\s*model\s*checkpoint`, "g"),
    tail: /and\s*are\s*newly\s*initialized\s*:/g
  },
  { family: "transformers", kind: "transformers", side: "missing", list: "python", why: "pytorch-transformers 1.x", re: /Weights\s*of\s*([A-Za-z_][\w.]*)\s*not\s*initialized\s*from\s*pretrained\s*model\s*:/g },
  { family: "transformers", kind: "transformers", side: "unexpected", list: "python", why: "pytorch-transformers 1.x", re: /Weights\s*from\s*pretrained\s*model\s*not\s*used\s*in\s*([A-Za-z_][\w.]*)\s*:/g },
  { family: "peft", kind: "incompatible_keys", side: "missing", list: "python", why: "PEFT set_peft_model_state_dict / PeftModel.from_pretrained", re: /Found\s*missing\s*adapter\s*keys\s*while\s*loading\s*the\s*checkpoint\s*:/g },
  { family: "peft", kind: "incompatible_keys", side: "unexpected", list: "python", why: "transformers load_adapter, diffusers LoRA scripts", re: /led\s*to\s*unexpected\s*keys\s*not\s*found\s*in\s*the\s*model\s*:/g },
  { family: "peft", kind: "incompatible_keys", side: "missing", list: "python", why: "transformers load_adapter", re: /led\s*to\s*missing\s*keys\s*in\s*the\s*model\s*:/g },
  {
    family: "torchreid",
    kind: "incompatible_keys",
    side: "unexpected",
    list: "python",
    why: "torchreid load_pretrained_weights: checkpoint keys it skipped (absent from the model, or of another size)",
    re: /The\s*following\s*layers\s*are\s*discarded\s*due\s*to\s*unmatched\s*keys\s*or\s*layer\s*size\s*:/g
  },
  { family: "lightning", kind: "incompatible_keys", side: "missing", list: "python", why: "Lightning load_from_checkpoint(strict=False)", re: /Found\s*keys\s*that\s*are\s*in\s*the\s*model\s*state\s*dict\s*but\s*not\s*in\s*the\s*checkpoint\s*:/g },
  { family: "lightning", kind: "incompatible_keys", side: "unexpected", list: "python", why: "Lightning load_from_checkpoint(strict=False)", re: /Found\s*keys\s*that\s*are\s*not\s*in\s*the\s*model\s*state\s*dict\s*but\s*in\s*the\s*checkpoint\s*:/g }
];
var RE_DCP_MISSING = /Missing key in checkpoint state_dict: ([^\s"'{}()[\]]+?)\.?(?:\s|$)/;
var PAREN_PHRASES = [
  { side: "missing", re: /Missing\s*keys\s*\(([^()]*)\)\s*discovered\s*while\s*loading\s*pretrained\s*weights/g },
  { side: "unexpected", re: /Unexpected\s*keys\s*\(([^()]*)\)\s*found\s*while\s*loading\s*pretrained\s*weights/g }
];
var RE_SIZE_HEAD = /(size\s*)?mismatch\s*for\s*/gi;
var RE_SIZE_KEY_END = /\s*[:,]/y;
var RE_SIZE_REST = new RegExp(
  String.raw`\s*copying\s*a\s*param\s*(with\s*shape|of)\s*${SIZE}\s*from\s*(?:the\s*)?checkpoint\s*,?\s*(?:the\s*shape\s*in\s*current\s*model\s*is\s*${SIZE}|where\s*the\s*shape\s*is\s*${SIZE}\s*in\s*current\s*model)`,
  "iy"
);
var RE_SIZE_FIRST = new RegExp(String.raw`\s*copying\s*a\s*param\s*(with\s*shape|of)\s*${SIZE}`, "iy");
var RE_SIZE_COPYING = /\s*copying/iy;
var RE_WHILE_COPYING = new RegExp(
  String.raw`While\s*copying\s*the\s*parameter\s*named\s*"?([^",\s]+)"?\s*,\s*whose\s*dimensions\s*in\s*the\s*model\s*are\s*${SIZE}\s*and\s*whose\s*dimensions\s*in\s*the\s*checkpoint\s*are\s*${SIZE}`,
  "g"
);
var RE_NOT_TENSOR = /While\s*copying\s*the\s*parameter\s*named\s*"([^"]{1,4096})"\s*,\s*expected\s*torch\.Tensor\s*or\s*Tensor-like\s*object\s*from\s*checkpoint\s*but\s*received\s*(<[^>]*>|\S+)/g;
var RE_OLD_UNEXPECTED = /unexpected\s*key\s*"([^"\s]{1,4096})"\s*in\s*state_dict/g;
var RE_OLD_MISSING = /missing\s*keys\s*in\s*state_dict\s*:\s*"\s*(set\s*\(\s*\[|\{)/g;
var RE_INCOMPATIBLE = /_?IncompatibleKeys\s*\(\s*missing_keys\s*=\s*\[/g;
var RE_INCOMPATIBLE_UNEXPECTED = /^\s*,\s*unexpected_keys\s*=\s*\[/;
var RE_INCOMPATIBLE_FIELD = /\b(missing|unexpected)_keys['"]?\s*[=:]\s*(?=\[)/g;
var RE_ALL_MATCHED = /<All\s*keys\s*matched\s*successfully>/;
var FVCORE_SHAPES = [
  new RegExp(String.raw`Skip\s*loading\s*parameter\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g"),
  new RegExp(String.raw`Unable\s*to\s*load\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g"),
  new RegExp(String.raw`'([^'\s]{1,4096})'\s*has\s*shape\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g")
];
var RE_DIFFUSERS_SHAPE = new RegExp(String.raw`because\s*([^\s]{1,4096}?)\s*expected\s*shape\s*${TUPLE}\s*,\s*but\s*got\s*${TUPLE}`, "g");
var RE_HF_SHAPES_HEAD = new RegExp(String.raw`Some\s*weights\s*of\s*${MODEL2}\s*were\s*not\s*initialized\s*from\s*the\s*model\s*checkpoint`, "g");
var RE_HF_SHAPES_TAIL = /newly\s*initialized\s*because\s*the\s*shapes\s*did\s*not\s*match\s*:/g;
var RE_HF_SHAPE = new RegExp(
  String.raw`-\s*(\S+?)\s*:\s*found\s*shape\s*${SIZE}\s*in\s*the\s*checkpoint\s*and\s*${SIZE}\s*in\s*the\s*model\s*instantiated`,
  "g"
);
var RE_HF_REPORT_HEAD = /^([A-Za-z_][\w.]*)\s+LOAD REPORT from:/;
var RE_HF_REPORT_ROW = /^(\S+)\s*\|\s*(UNEXPECTED|MISSING|MISMATCH)\b/;
var RE_HF_REPORT_SHAPES = /ckpt:\s*torch\.Size\(\[([\d,\s]*)\]\)\s*vs\s*model:\s*torch\.Size\(\[([\d,\s]*)\]\)/;
var RE_MMCV_LIST = /(unexpected key|missing keys) in source state_dict:\s*(.*)$/;
var RE_MMCV_HEADS = /(?:unexpected key|missing keys) in source state_dict:/g;
var RE_JOINING_AND = /[,\s]*(?:\band)?\s*$/;
var RE_MMCV_TABLE_HEAD = /these keys have mismatched shape:?\s*$/;
var RE_MMCV_TABLE_ROW = /^\|\s*(\S+)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|$/;
var RE_SIZE_LINE = /^size mismatch for/i;
var RE_KEY_THEN_WORDS = /^[^\s,"'()[\]{}<>;]*\.[^\s,"'()[\]{}<>;]*(?:\s|$)/;
var RE_KEY_LIST_TAIL = /^[^\s,]*(?:,\s*[^\s,]+)*,?$/;
var FVCORE_HEADS = [
  { side: "missing", re: /Some model parameters(?: or buffers)? are not (?:found )?in the checkpoint:\s*(.*)$/ },
  { side: "unexpected", re: /The checkpoint(?: state_dict)? contains (?:keys|parameters) (?:that are )?not used by the model:\s*(.*)$/ }
];
var RE_DIFFUSERS_MISSING = /because the following keys are missing:\s*(.*)$/;
var ELLIPSIS_LINE = /^(?:\.{3,}|…|\[\s*(?:\.{3,}|…)\s*\])$/;
function looksLikeErrorText(text2) {
  const head = text2.slice(0, 1 << 20);
  const loose = readLoosely(head);
  if (loose.missing.length + loose.unexpected.length > 0 && /\b(?:state_?dict|checkpoint|load(?:ing|ed)?|weights?)\b/i.test(head)) return true;
  const cleaned = cleanPaste(head).lines;
  if (cleaned.some((l) => RE_SIDELESS_HEAD.test(l)) || quotedRunStart(cleaned) >= 0) return true;
  const flat = cleaned.join("").replace(/\s+/g, "");
  return /Error\(s\)inloadingstate_dictfor|Missingkey\(s\)instate_dict|Unexpectedkey\(s\)instate_dict|copyingaparam(?:withshape|of)torch|IncompatibleKeys\(missing_keys=|(?:missing|unexpected)_keys['"]?[=:]\[['"]|werenotusedwheninitializing|werenotinitializedfromthemodelcheckpoint|Whilecopyingtheparameternamed|LOADREPORTfrom:|\|MISMATCH\|Reinitduetosizemismatch|insourcestate_dict:|unexpectedkey"[^"]*"instate_dict|missingkeysinstate_dict:"|<Allkeysmatchedsuccessfully>|Somemodelparameters(?:orbuffers)?arenot(?:found)?inthecheckpoint|checkpoint(?:state_dict)?contains(?:keys|parameters)(?:thatare)?notusedbythemodel|tothemodelduetoincompatibleshapes|inthecheckpointbut\S{0,200}inthemodel!Skipped|Foundmissingadapterkeys|ledto(?:unexpected|missing)keys|Foundkeysthatare(?:not)?inthemodelstatedict|(?:discovered|found)whileloadingpretrainedweights|thesekeyshavemismatchedshape|notinitializedfrompretrainedmodel|Weightsfrompretrainedmodelnotusedin|becausethefollowingkeysaremissing|expectedshape\S{0,200}butgot|Missingkeyincheckpointstate_dict|Thefollowinglayersarediscardedduetounmatchedkeysorlayersize/i.test(
    flat
  );
}
function parseShape(s2) {
  const body = (s2 ?? "").replace(/\s+/g, "");
  if (!body) return [];
  return body.split(",").filter((x) => x !== "").map(Number);
}
function* headings(s2, head, tail) {
  let found = null;
  let searchedFrom = -1;
  for (const m of s2.matchAll(head)) {
    const headEnd = m.index + m[0].length;
    if (!tail) {
      yield { index: m.index, end: headEnd, text: m[0], model: m[1] };
      continue;
    }
    if (searchedFrom < 0 || found !== null && found.index < headEnd) {
      tail.lastIndex = headEnd;
      found = tail.exec(s2);
      searchedFrom = headEnd;
    }
    if (!found || found.index - headEnd > MAX_GAP) continue;
    yield { index: m.index, end: found.index + found[0].length, text: s2.slice(m.index, m.index + 80), model: found[1] ?? m[1] };
  }
}
var MAX_EXPANDED_KEYS = 1e6;
var MAX_GROUP_KEYS = 1e5;
var Collector = class {
  kinds = /* @__PURE__ */ new Set();
  families = [];
  missing = /* @__PURE__ */ new Set();
  unexpected = /* @__PURE__ */ new Set();
  sizes = /* @__PURE__ */ new Map();
  cutSizes = /* @__PURE__ */ new Map();
  models = /* @__PURE__ */ new Set();
  unsided = /* @__PURE__ */ new Set();
  /** a Set: a 5 MB paste may repeat the same remark thousands of times */
  notes = /* @__PURE__ */ new Set();
  /** a torch heading was followed at once by its unexpected list: the model lacked nothing */
  headThenUnexpected = false;
  /** the last keys of line-based lists that ran to a pasted block's end (a fence, the text's end): each may be cut mid-name */
  blockEndKeys = [];
  /** what is left of MAX_EXPANDED_KEYS for the whole text */
  expansionLeft = MAX_EXPANDED_KEYS;
  /** a LOAD REPORT row / an fvcore group stood for more keys than were left, and was not expanded */
  reportRangesOver = false;
  groupsOver = false;
  truncated = false;
  allMatched = false;
  recognised = false;
  saw(kind2, family) {
    this.kinds.add(kind2);
    if (!this.families.includes(family)) this.families.push(family);
    this.recognised = true;
  }
  model(name) {
    if (name) this.models.add(name);
  }
  target(side) {
    return side === "missing" ? this.missing : this.unexpected;
  }
  addList(side, r) {
    const target = this.target(side);
    for (const k of r.keys) target.add(k);
    if (r.truncated) this.truncated = true;
  }
  size(key, source, expected) {
    if (!this.sizes.has(key)) this.sizes.set(key, { key, source, expected });
  }
  /**
   * The keys a brace group or range stands for; `null` when it is not one (or stands for more than
   * `cap`, more than one group honestly holds); `'over'` when it would take more of the whole text's
   * budget than is left (the caller keeps it as written or skips it, and says so).
   */
  expand(group, cap = Infinity) {
    const r = braceExpansion(group, Math.min(cap, this.expansionLeft));
    if (!r) return null;
    if (!r.keys) return r.count > cap ? null : "over";
    this.expansionLeft -= r.keys.length;
    return r.keys;
  }
  note(text2) {
    this.notes.add(text2);
  }
};
function scanPyTorch(s2, c) {
  let errorHeads = 0;
  for (const m of s2.matchAll(RE_ERROR_HEAD)) {
    c.saw("load_state_dict", "torch");
    c.model(m[1]);
    errorHeads++;
    RE_UNEXPECTED_NEXT.lastIndex = m.index + m[0].length;
    if (RE_UNEXPECTED_NEXT.test(s2)) c.headThenUnexpected = true;
  }
  let firstUnexpected = -1;
  let sawMissing = false;
  for (const phrase of LIST_PHRASES) {
    let readUntil = 0;
    for (const m of headings(s2, phrase.re, phrase.tail)) {
      c.saw(phrase.kind, phrase.family);
      c.model(m.model);
      if (m.index < readUntil) continue;
      const at = m.end;
      if (phrase.list === "torch") {
        if (phrase.side === "missing") sawMissing = true;
        else if (firstUnexpected < 0) firstUnexpected = m.index;
        const list2 = readQuotedList(s2, at, ".");
        c.addList(phrase.side, list2);
        readUntil = list2.end;
        continue;
      }
      const list = readPythonList(s2, at);
      if (list) {
        if (phrase.family === "transformers" && list.joined) c.saw("transformers", "diffusers");
        c.addList(phrase.side, list);
        readUntil = list.end;
      } else {
        c.truncated = true;
        c.note(`the text has the heading "${m.text.replace(/\s+/g, " ").trim()}" but not its key list`);
      }
    }
  }
  if (firstUnexpected >= 0 && !sawMissing) readHeadlessMissing(s2, firstUnexpected, c);
  let failedRunEnd = -1;
  for (const m of s2.matchAll(RE_SIZE_HEAD)) {
    const from = m.index + m[0].length;
    if (from < failedRunEnd) continue;
    let k = from;
    while (k < s2.length && k - from < MAX_KEY && !/[\s:,]/.test(s2[k])) k++;
    RE_SIZE_KEY_END.lastIndex = k;
    if (k === from || !RE_SIZE_KEY_END.test(s2)) {
      failedRunEnd = k;
      continue;
    }
    const key = s2.slice(from, k);
    const at = RE_SIZE_KEY_END.lastIndex;
    RE_SIZE_REST.lastIndex = at;
    const full = RE_SIZE_REST.exec(s2);
    if (full) {
      c.saw("load_state_dict", "torch");
      const first = parseShape(full[2]);
      const second = parseShape(full[3] ?? full[4]);
      if (/^of$/i.test(full[1])) c.size(key, second, first);
      else c.size(key, first, second);
      continue;
    }
    if (!m[1]) continue;
    RE_SIZE_FIRST.lastIndex = at;
    const part = RE_SIZE_FIRST.exec(s2);
    RE_SIZE_COPYING.lastIndex = at;
    if (!part && !RE_SIZE_COPYING.test(s2) && s2.slice(at).trim() !== "") continue;
    c.saw("load_state_dict", "torch");
    c.truncated = true;
    const shape4 = part ? parseShape(part[2]) : null;
    const modelFirst = part !== null && /^of$/i.test(part[1]);
    if (!c.sizes.has(key) && !c.cutSizes.has(key)) {
      c.cutSizes.set(key, { key, source: modelFirst ? null : shape4, expected: modelFirst ? shape4 : null });
    }
  }
  for (const m of s2.matchAll(RE_WHILE_COPYING)) {
    c.saw("load_state_dict", "torch");
    const model = parseShape(m[2]);
    const ckpt = parseShape(m[3]);
    if (model.join() !== ckpt.join()) c.size(m[1], ckpt, model);
    else c.note(`copying \`${m[1]}\` failed although its shape [${model.join(", ")}] matches: see the exception in the text`);
  }
  for (const m of s2.matchAll(RE_NOT_TENSOR)) {
    c.saw("load_state_dict", "torch");
    c.note(`the checkpoint's \`${m[1]}\` is not a tensor (received ${m[2]})`);
  }
  for (const m of s2.matchAll(RE_OLD_UNEXPECTED)) {
    c.saw("load_state_dict", "torch-keyerror");
    c.unexpected.add(m[1]);
  }
  readOldMissingSets(s2, c);
  if (c.cutSizes.size > 0) {
    const first = c.cutSizes.keys().next().value;
    c.note(`${c.cutSizes.size} size-mismatch line(s) are cut before both shapes (the first for \`${first}\`)`);
  }
  if (errorHeads > 0 && c.missing.size + c.unexpected.size + c.sizes.size + c.cutSizes.size === 0 && c.notes.size === 0) {
    c.truncated = true;
    c.note("the text has the error heading but no key lists: it was cut short");
  }
}
var RE_SIDELESS_HEAD = /^(?:[\w()]{1,12}\s+)?in\s+state_dict\s*:\s*(?=["'])/;
var RE_SIDED_HEAD_END = /(?:Missing|Unexpected)\s*key\(s\)\s*in\s*state_dict\s*:\s*$/i;
var MAX_RUN_TRIES = 64;
var RE_QUOTED_RUN_START = /^[^\s"'{}[\]()]+["']\s*,/;
var RE_QUOTED_RUN = /^[^\s"'{}[\]()]+["']\s*,\s*(?:["'][^\s"'{}[\]()]*\.[^\s"'{}[\]()]*["']\s*,\s*){2,}/;
function quotedRunStart(lines) {
  let tries = 0;
  for (let k = 0; k < lines.length && tries < MAX_RUN_TRIES; k++) {
    if (!RE_QUOTED_RUN_START.test(lines[k])) continue;
    tries++;
    let run = "";
    for (let j = k; j < lines.length && run.length < 4096; j++) run += lines[j];
    if (RE_QUOTED_RUN.test(run)) return k;
  }
  return -1;
}
function readSidelessLists(lines, c) {
  let offset = 0;
  const squashed = lines.join("");
  const starts = lines.map((l) => {
    const at = offset;
    offset += l.length;
    return at;
  });
  let readUntil = 0;
  lines.forEach((line, k) => {
    if (starts[k] < readUntil) return;
    const m = RE_SIDELESS_HEAD.exec(line);
    if (!m || RE_SIDED_HEAD_END.test(squashed.slice(Math.max(0, starts[k] - 40), starts[k] + m[0].length))) return;
    const list = readQuotedList(squashed, starts[k] + m[0].length, ".");
    readUntil = list.end;
    if (list.keys.length === 0) return;
    c.saw("load_state_dict", "torch");
    for (const key of list.keys) c.unsided.add(key);
    c.truncated = true;
  });
  const from = quotedRunStart(lines);
  if (from < 0) return;
  const open = lines[from].search(/["']\s*,/) + 1;
  const rest = squashed.slice(starts[from] + open).replace(/^\s*,\s*/, "");
  const keys = readQuotedList(rest, 0, "]").keys.filter((k) => !c.missing.has(k) && !c.unexpected.has(k));
  if (keys.length < 2 || keys.filter((k) => k.includes(".")).length * 2 < keys.length) return;
  if (!c.recognised) c.kinds.add("load_state_dict");
  c.recognised = true;
  for (const key of keys) c.unsided.add(key);
  c.truncated = true;
}
function sizeCutAtEnd(tail) {
  let head = null;
  RE_SIZE_CUT_HEAD.lastIndex = 0;
  for (let m = RE_SIZE_CUT_HEAD.exec(tail); m; m = RE_SIZE_CUT_HEAD.exec(tail)) head = m;
  if (!head || !startsAStatement(tail, head.index)) return null;
  return RE_KEY_START_AT_END.exec(tail.slice(head.index + head[0].length));
}
var RE_WORD_BEFORE = /[A-Za-z0-9_][ \t]+$/;
var startsAStatement = (tail, at) => !RE_WORD_BEFORE.test(tail.slice(Math.max(0, at - 16), at));
function headingsAtBlockEnds(lines, blockEnds, c) {
  for (const end of blockEnds) {
    const tail = lines.slice(Math.max(0, end - 3), end + 1).join("");
    const size = sizeCutAtEnd(tail);
    if (size) {
      c.saw("load_state_dict", "torch");
      c.truncated = true;
      c.note(`the text ends inside a size-mismatch line${size[1] ? ` (at \`${size[1]}\`)` : ""}: its key and shapes are cut`);
    }
    const fv = RE_FVCORE_CUT_AT_END.exec(tail.slice(-4096));
    if (fv) {
      c.saw("incompatible_keys", "fvcore");
      c.truncated = true;
      const key = fv[2];
      if (key !== void 0 && !c.sizes.has(key) && !c.cutSizes.has(key)) c.cutSizes.set(key, { key, source: null, expected: null });
      c.note(`the text ends inside fvcore's shape line${key ? ` for \`${key}\`` : ` (at \`${fv[1]}\`)`}: its shapes are cut`);
    }
    const head = RE_HEAD_AT_END.exec(tail);
    if (!head || !startsAStatement(tail, head.index)) continue;
    c.saw("load_state_dict", "torch");
    c.truncated = true;
    c.note("the text ends at a list heading: the list itself is cut off");
  }
}
function readOldMissingSets(s2, c) {
  const closers = { "}": forwardSearch(s2, "}"), "]": forwardSearch(s2, "]") };
  const heads = [...s2.matchAll(RE_OLD_MISSING)];
  let setUntil = 0;
  heads.forEach((m, k) => {
    c.saw("load_state_dict", "torch-keyerror");
    if (m.index < setUntil) return;
    const start = m.index + m[0].length;
    const end = closers[m[1].startsWith("{") ? "}" : "]"](start);
    if (end >= 0) {
      for (const key of keysOfSetRepr(s2.slice(start, end))) c.missing.add(key);
      setUntil = end + 1;
      return;
    }
    c.truncated = true;
    for (const key of keysOfSetRepr(s2.slice(start, heads[k + 1]?.index ?? s2.length))) c.missing.add(key);
  });
}
function forwardSearch(s2, ch) {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = s2.indexOf(ch, from);
    return found;
  };
}
function readHeadlessMissing(s2, heading, c) {
  let i = heading - 1;
  while (i >= 0 && /\s/.test(s2[i])) i--;
  if (s2[i] !== ".") return;
  i--;
  while (i >= 0 && /\s/.test(s2[i])) i--;
  const keys = [];
  let cut = false;
  const limit = Math.max(0, heading - (1 << 22));
  while (i >= limit) {
    const q = s2[i];
    if (q !== '"' && q !== "'") break;
    let j = i - 1;
    while (j >= limit && s2[j] !== q && /[^\s"'()[\]{}<>,;:]/.test(s2[j])) j--;
    if (j < limit || s2[j] !== q) {
      cut = true;
      break;
    }
    keys.push(s2.slice(j + 1, i));
    i = j - 1;
    while (i >= limit && (s2[i] === " " || s2[i] === "	")) i--;
    if (s2[i] !== ",") break;
    i--;
    while (i >= limit && (s2[i] === " " || s2[i] === "	")) i--;
  }
  if (keys.length < 2) return;
  c.saw("load_state_dict", "torch");
  keys.reverse();
  for (const k of keys) c.missing.add(k);
  c.truncated = true;
  c.note(`the text starts inside the missing-key list (its heading is cut off): ${keys.length} key(s) read${cut ? ", the first one cut" : ""}`);
}
function scanIncompatible(s2, c) {
  let readUntil = 0;
  for (const m of s2.matchAll(RE_INCOMPATIBLE)) {
    c.saw("incompatible_keys", "torch");
    if (m.index < readUntil) continue;
    const missing = readQuotedList(s2, m.index + m[0].length, "]");
    c.addList("missing", missing);
    readUntil = missing.end;
    const tail = RE_INCOMPATIBLE_UNEXPECTED.exec(s2.slice(missing.end, missing.end + 64));
    if (tail) {
      const unexpected = readQuotedList(s2, missing.end + tail[0].length, "]");
      c.addList("unexpected", unexpected);
      readUntil = unexpected.end;
      if (missing.keys.length + unexpected.keys.length === 0 && !missing.truncated && !unexpected.truncated) c.allMatched = true;
    } else c.truncated = true;
  }
  if (readUntil === 0) {
    for (const m of s2.matchAll(RE_INCOMPATIBLE_FIELD)) {
      const list = readPythonList(s2, m.index + m[0].length);
      if (!list) continue;
      c.saw("incompatible_keys", "torch");
      c.addList(m[1] === "missing" ? "missing" : "unexpected", list);
    }
  }
  if (RE_ALL_MATCHED.test(s2)) {
    c.saw("incompatible_keys", "torch");
    c.allMatched = true;
    c.note("the text reports that all keys matched");
  }
  for (const { side, re } of PAREN_PHRASES) {
    for (const m of s2.matchAll(re)) {
      c.saw("incompatible_keys", "timm");
      c.addList(side, readUnquotedList(m[1]));
    }
  }
  for (const re of FVCORE_SHAPES) {
    for (const m of s2.matchAll(re)) {
      c.saw("incompatible_keys", "fvcore");
      c.size(m[1], parseShape(m[2]), parseShape(m[3]));
    }
  }
}
function scanTransformers(s2, c) {
  for (const m of headings(s2, RE_HF_SHAPES_HEAD, RE_HF_SHAPES_TAIL)) {
    c.saw("transformers", "transformers");
    c.model(m.model);
  }
  for (const m of s2.matchAll(RE_HF_SHAPE)) {
    c.saw("transformers", "transformers");
    c.size(m[1], parseShape(m[2]), parseShape(m[3]));
  }
  for (const m of s2.matchAll(RE_DIFFUSERS_SHAPE)) {
    c.saw("transformers", "diffusers");
    c.size(m[1], parseShape(m[3]), parseShape(m[2]));
  }
}
function scanLines(pasted, pastedBlockEnds, c) {
  const lines = [];
  const blockEnd = /* @__PURE__ */ new Set();
  const ends = new Set(pastedBlockEnds);
  const joined = joinWrappedHeadings(pasted);
  joined.forEach((l, k) => {
    lines.push(...splitMmcvHeadings(l.text));
    if (l.from.some((j) => ends.has(j))) blockEnd.add(lines.length - 1);
  });
  let mismatchRows = 0;
  let orphanGroups = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const head = RE_HF_REPORT_HEAD.exec(line);
    if (head) {
      c.saw("transformers", "transformers");
      c.model(head[1]);
      continue;
    }
    const row = RE_HF_REPORT_ROW.exec(line);
    if (row && row[1] !== "Key") {
      c.saw("transformers", "transformers");
      const expanded = c.expand(row[1]);
      if (expanded === "over") c.reportRangesOver = true;
      const keys = Array.isArray(expanded) ? expanded : [row[1]];
      const shapes = row[2] === "MISMATCH" ? RE_HF_REPORT_SHAPES.exec(line) : null;
      if (row[2] === "MISSING") for (const k of keys) c.missing.add(k);
      else if (row[2] === "UNEXPECTED") for (const k of keys) c.unexpected.add(k);
      else if (shapes) for (const k of keys) c.size(k, parseShape(shapes[1]), parseShape(shapes[2]));
      else mismatchRows += keys.length;
      continue;
    }
    const mm = RE_MMCV_LIST.exec(line);
    if (mm) {
      c.saw("incompatible_keys", "mmcv");
      let body = mm[2];
      while (i + 1 < lines.length) {
        const next = lines[i + 1];
        if (!next || RE_MMCV_LIST.test(next) || RE_SIZE_LINE.test(next)) break;
        if (!RE_KEY_LIST_TAIL.test(next)) {
          if (!/,\s*$/.test(body) || !RE_KEY_THEN_WORDS.test(next)) break;
          const token = next.split(/\s/, 1)[0];
          if (NOT_A_KEY.test(token) || token.endsWith(":")) break;
          if (!endsInLeaf(token)) {
            c.truncated = true;
            c.note(`the line after an mmcv list starts with \`${token}\`, which may be its last key or the poster's own words: it is not read`);
            break;
          }
        }
        body += next;
        i++;
      }
      const side = mm[1] === "unexpected key" ? "unexpected" : "missing";
      const list = readUnquotedList(body);
      c.addList(side, list);
      if (!list.stopped && !list.truncated && blockEnd.has(i) && list.keys.length > 0) c.blockEndKeys.push({ side, key: list.keys[list.keys.length - 1] });
      continue;
    }
    if (RE_MMCV_TABLE_HEAD.test(line)) {
      c.saw("incompatible_keys", "mmcv");
      i = readMmcvTable(lines, i + 1, c) - 1;
      continue;
    }
    const fv = FVCORE_HEADS.map((h) => ({ side: h.side, m: h.re.exec(line) })).find((h) => h.m);
    if (fv) {
      c.saw("incompatible_keys", "fvcore");
      if (fv.m[1]) readGroupsOnOneLine(fv.m[1], fv.side, c);
      i = readFvcoreGroups(lines, i + 1, fv.side, blockEnd, c) - 1;
      continue;
    }
    const dcp = RE_DCP_MISSING.exec(line);
    if (dcp) {
      c.saw("load_state_dict", "torch");
      c.missing.add(dcp[1]);
      continue;
    }
    const dm = RE_DIFFUSERS_MISSING.exec(line);
    if (dm) {
      c.saw("transformers", "diffusers");
      let body = dm[1];
      while (i + 1 < lines.length && lines[i + 1] && !/^Please\b/.test(lines[i + 1])) body += lines[++i];
      const list = readUnquotedList(body.replace(/\.\s*$/, ""));
      c.addList("missing", list);
      continue;
    }
    if (isBraceGroup(line)) orphanGroups++;
  }
  if (orphanGroups > 0 && c.families.includes("fvcore")) {
    c.truncated = true;
    c.note(`${orphanGroups} key group line(s) stand under no heading (the paste starts inside a list): their side is unknown, so they are not read`);
  }
  if (c.reportRangesOver) {
    c.truncated = true;
    c.note(`the LOAD REPORT's {a...b} ranges stand for more than ${MAX_EXPANDED_KEYS.toLocaleString("en-US")} keys: those past that were kept as written, unexpanded`);
  }
  if (c.groupsOver) {
    c.truncated = true;
    c.note(`the key groups {a, b} stand for more than ${MAX_EXPANDED_KEYS.toLocaleString("en-US")} keys: the groups past that were not read`);
  }
  if (mismatchRows > 0) {
    c.note(`the LOAD REPORT marks ${mismatchRows} key(s) MISMATCH; their shapes are not in the table`);
  }
}
var LINE_HEADS = [RE_MMCV_LIST, RE_MMCV_TABLE_HEAD, ...FVCORE_HEADS.map((h) => h.re), RE_DIFFUSERS_MISSING];
function joinWrappedHeadings(pasted) {
  const out = [];
  const isHead = (l) => LINE_HEADS.some((re) => re.test(l));
  pasted.forEach((line, k) => {
    const prev = out[out.length - 1];
    if (prev && prev.from.length === 1 && prev.text && line && !isHead(prev.text) && !isHead(line)) {
      for (const text2 of [prev.text + line, `${prev.text} ${line}`]) {
        const at = LINE_HEADS.map((re) => re.exec(text2)?.index ?? -1).filter((x) => x >= 0);
        if (at.length > 0 && Math.min(...at) < prev.text.length) {
          out[out.length - 1] = { text: text2, from: [...prev.from, k] };
          return;
        }
      }
    }
    out.push({ text: line, from: [k] });
  });
  return out;
}
function splitMmcvHeadings(line) {
  const at = [...line.matchAll(RE_MMCV_HEADS)].map((m) => m.index);
  if (at.length < 2) return [line];
  return at.map((from, k) => {
    const part = line.slice(from, at[k + 1] ?? line.length);
    return k + 1 < at.length ? part.replace(RE_JOINING_AND, "") : part;
  });
}
function readMmcvTable(lines, from, c) {
  let i = from;
  for (; i < lines.length; i++) {
    let line = lines[i];
    if (/^[-+]+$/.test(line)) continue;
    for (let j = i + 1; line.startsWith("|") && !RE_MMCV_TABLE_ROW.test(line) && j < lines.length && j - i <= 3 && lines[j]; j++) {
      line += lines[j];
      if (RE_MMCV_TABLE_ROW.test(line)) i = j;
    }
    const row = RE_MMCV_TABLE_ROW.exec(line);
    if (!row) {
      if (line.startsWith("|")) {
        c.truncated = true;
        c.note("the mismatched-shape table is cut inside a row");
        i++;
      }
      break;
    }
    if (row[1] === "key") continue;
    const expected = new RegExp(SIZE).exec(row[2]);
    const loaded = new RegExp(SIZE).exec(row[3]);
    if (expected && loaded) c.size(row[1], parseShape(loaded[1]), parseShape(expected[1]));
  }
  return i;
}
function readFvcoreGroups(lines, from, side, blockEnd, c) {
  let i = from;
  const target = c.target(side);
  for (; i < lines.length; i++) {
    let line = lines[i];
    if (!line) break;
    if (ELLIPSIS_TOKEN.test(line)) {
      c.truncated = true;
      continue;
    }
    let j = i;
    while (depth(line) > 0 && j + 1 < lines.length && j - i < 8 && lines[j + 1]) line += lines[++j];
    const keys = c.expand(line, MAX_GROUP_KEYS);
    if (keys === "over") {
      c.groupsOver = true;
      i = j;
      continue;
    }
    if (!keys || keys.some((k) => !/^[^\s"'()[\]<>,;:]+$/.test(k))) break;
    i = j;
    for (const k of keys) target.add(k);
    if (blockEnd.has(i) && !line.endsWith("}") && keys.length === 1) c.blockEndKeys.push({ side, key: keys[0] });
  }
  return i;
}
function readGroupsOnOneLine(rest, side, c) {
  let depth2 = 0;
  let start = 0;
  const tokens = [];
  for (let k = 0; k <= rest.length; k++) {
    const ch = rest[k];
    if (ch === "{") depth2++;
    else if (ch === "}") depth2--;
    else if (k === rest.length || depth2 === 0 && (ch === " " || ch === "	")) {
      if (k > start) tokens.push(rest.slice(start, k));
      start = k + 1;
    }
  }
  for (const t of tokens) {
    if (ELLIPSIS_TOKEN.test(t)) {
      c.truncated = true;
      continue;
    }
    const keys = c.expand(t, MAX_GROUP_KEYS);
    if (keys === "over") {
      c.groupsOver = true;
      continue;
    }
    if (!keys || keys.some((k) => !/^[^\s"'()[\]<>,;:]+$/.test(k))) return;
    for (const k of keys) c.target(side).add(k);
  }
}
function depth(line) {
  let d = 0;
  for (let k = 0; k < line.length; k++) {
    if (line[k] === "{") d++;
    else if (line[k] === "}") d--;
  }
  return d;
}
var COMMON_LEAVES = new Set(PARAMETER_LEAVES);
function checkBlockEndKeys(c) {
  for (const last of c.blockEndKeys) checkBlockEndKey(c, last);
}
function checkBlockEndKey(c, last) {
  const leaf = (k) => k.slice(k.lastIndexOf(".") + 1);
  const others = [...c.missing, ...c.unexpected, ...c.sizes.keys()].filter((k) => k !== last.key);
  if (!last.key.includes(".")) {
    if (!others.some((k) => k.split(".")[0].startsWith(last.key) && k.split(".")[0] !== last.key)) return;
    c.target(last.side).delete(last.key);
    c.truncated = true;
    c.note(`the last key the text shows, \`${last.key}\`, looks cut by the paste (another key's module name starts with it), so it is not read`);
    return;
  }
  if (others.length < 2) return;
  const want = leaf(last.key);
  const headOfAnother = others.some((k) => k.startsWith(`${last.key}.`));
  if (!headOfAnother && (COMMON_LEAVES.has(want) || others.some((k) => leaf(k) === want))) return;
  c.target(last.side).delete(last.key);
  c.truncated = true;
  c.note(`the last key the text shows, \`${last.key}\`, looks cut by the paste (${headOfAnother ? "another key starts with it" : "no other key ends in that name"}), so it is not read`);
}
var WRAPPER_NOTES = {
  DataParallel: "the model was wrapped in DataParallel when loading, so it expected keys starting with `module.`",
  DistributedDataParallel: "the model was wrapped in DistributedDataParallel when loading, so it expected keys starting with `module.`",
  OptimizedModule: "the model was compiled with torch.compile when loading, so it expected keys starting with `_orig_mod.`"
};
function parseErrorText(text2, file) {
  const { lines, blockEnds, widths } = cleanPaste(text2);
  const squashed = lines.join("");
  const c = new Collector();
  scanPyTorch(squashed, c);
  headingsAtBlockEnds(lines, blockEnds, c);
  scanIncompatible(squashed, c);
  scanTransformers(squashed, c);
  scanLines(lines, blockEnds, c);
  checkBlockEndKeys(c);
  readSidelessLists(lines, c);
  if (c.recognised && lines.some((l) => ELLIPSIS_LINE.test(l))) {
    c.truncated = true;
    c.note("a line of the text is only an elision (`...`): lines were left out");
  }
  const loose = c.missing.size + c.unexpected.size + c.sizes.size === 0 ? readLoosely(lines.join("\n"), widths) : null;
  if (loose && loose.missing.length + loose.unexpected.length > 0) {
    if (!c.recognised) c.kinds.add("load_state_dict");
    c.recognised = true;
    for (const k of loose.missing) c.missing.add(k);
    for (const k of loose.unexpected) c.unexpected.add(k);
    c.truncated = true;
    c.note("no key list of a known format was found: the keys were read from the words around them (missing / unexpected), so the lists may be incomplete");
  }
  if (!c.recognised) {
    throw new FormatError(
      file,
      'no load_state_dict error found: expected "Error(s) in loading state_dict", "Missing key(s)", "Unexpected key(s)", "size mismatch for", "_IncompatibleKeys(...)", an mmcv, fvcore, timm, PEFT or Lightning key list, or a transformers "Some weights of ..." warning'
    );
  }
  const notes = [];
  const models = [...c.models];
  if (models.length > 1) {
    notes.push(`the text holds errors for ${models.length} models (${models.slice(0, 5).join(", ")}${models.length > 5 ? ", \u2026" : ""}); their key lists are merged`);
  }
  for (const m of models) {
    const note = WRAPPER_NOTES[m];
    if (note) notes.push(note);
  }
  const both = [...c.missing].filter((k) => c.unexpected.has(k));
  if (both.length > 0) {
    notes.push(`${both.length} key(s) are listed both as missing and as unexpected (e.g. \`${both[0]}\`): the text mixes several loads`);
  }
  if (c.truncated) notes.push("a key list in the text was cut short: there may be more keys than it shows");
  const unsided = [...c.unsided].filter((k) => !c.missing.has(k) && !c.unexpected.has(k));
  if (unsided.length > 0) {
    notes.push(
      `${unsided.length} key(s) stand in a list whose heading the paste cut before it said missing or unexpected (e.g. \`${unsided[0]}\`): paste the whole message, from its first line`
    );
  }
  for (const n of c.notes) notes.push(n);
  const kinds = [...c.kinds];
  const report = {
    kind: kinds.length === 1 ? kinds[0] : "mixed",
    modelName: models[0] ?? null,
    missing: [...c.missing],
    unexpected: [...c.unexpected],
    sizeMismatch: [...c.sizes.values()],
    families: c.families,
    truncated: c.truncated,
    notes
  };
  if (unsided.length > 0) report.unsided = unsided;
  if (c.allMatched) report.allMatched = true;
  if (c.headThenUnexpected && c.missing.size === 0) report.nothingMissing = true;
  const cut = [...c.cutSizes.values()].filter((s2) => !c.sizes.has(s2.key));
  if (cut.length > 0) report.sizeMismatchCut = cut;
  return report;
}

// src/formats/key-list.ts
var WHITESPACE = /\s/;
function withoutComment(line) {
  if (line.startsWith("#")) return "";
  const m = /\s#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}
function looksLikeKeyList(text2) {
  const head = text2.slice(0, 65536).replace(/^\uFEFF/, "");
  if (head.includes("\0")) return false;
  const lines = head.split(/\r\n|\r|\n/);
  if (text2.length > head.length) lines.pop();
  let keys = 0;
  for (const raw of lines) {
    const line = withoutComment(raw).trim();
    if (!line) continue;
    if (WHITESPACE.test(line) || line.startsWith("{") || line.startsWith("[")) return false;
    keys++;
  }
  return keys > 0;
}
function parseKeyList(text2, file) {
  const lines = text2.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const firstLine = /* @__PURE__ */ new Map();
  const entries = [];
  for (let i = 0; i < lines.length; i++) {
    const key = withoutComment(lines[i]).trim();
    if (!key) continue;
    const ws = WHITESPACE.exec(key);
    if (ws) {
      const shown = key.length > 80 ? `${key.slice(0, 77)}...` : key;
      throw new FormatError(
        file,
        `line ${i + 1}: ${JSON.stringify(shown)} has whitespace at column ${ws.index + 1}; a key list holds one key a line and keys have no spaces`
      );
    }
    const first = firstLine.get(key);
    if (first !== void 0) throw new FormatError(file, `line ${i + 1}: duplicate key ${JSON.stringify(key)} (first on line ${first})`);
    firstLine.set(key, i + 1);
    entries.push({ key, shape: null, dtype: null });
  }
  if (entries.length === 0) throw new FormatError(file, "the key list holds no keys (only blank lines and comments)");
  return entries;
}

// src/formats/manifest.ts
var MANIFEST_FORMAT = "sdmatch-manifest";
var MANIFEST_VERSION = 1;
function pointer(...segments) {
  return segments.map((s2) => "/" + String(s2).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
function isPlainObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function typeName2(v) {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}
function parseShape2(v, file, at) {
  if (!Array.isArray(v)) throw new FormatError(file, `${at}: shape must be an array of sizes, not ${typeName2(v)}`);
  for (let i = 0; i < v.length; i++) {
    const d = v[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      throw new FormatError(file, `${at}/${i}: a size must be a non-negative integer, not ${JSON.stringify(d)}`);
    }
  }
  return v;
}
function isSizes(v) {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const d = v[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) return false;
  }
  return true;
}
function looksLikeManifest(text2) {
  const head = text2.slice(0, 4096).replace(/^\uFEFF/, "").trimStart();
  if (!head.startsWith("{")) return false;
  return head.includes(`"${MANIFEST_FORMAT}"`) || /^\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\[\s*(?:\d|\])/.test(head);
}
function keysInTextOrder(text2, underTensors) {
  const keys = [];
  const stack = [];
  let inTensors = false;
  let lastTopKey = null;
  let expectKey = false;
  for (let i = 0; i < text2.length; i++) {
    const c = text2[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text2.length && text2[j] !== '"') j += text2[j] === "\\" ? 2 : 1;
      if (expectKey) {
        const str = JSON.parse(text2.slice(i, j + 1));
        const depth2 = stack.length;
        if (depth2 === 1) lastTopKey = str;
        if (!underTensors && depth2 === 1 || underTensors && inTensors && depth2 === 2) keys.push(str);
      }
      expectKey = false;
      i = j;
    } else if (c === "{" || c === "[") {
      stack.push(c);
      if (c === "{" && stack.length === 2) inTensors = lastTopKey === "tensors";
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      expectKey = stack[stack.length - 1] === "{";
    }
  }
  return keys;
}
var INTEGER_LIKE = /^(?:0|[1-9]\d{0,9})$/;
function hasIntegerLikeKey(keys) {
  for (const k of keys) {
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57 && INTEGER_LIKE.test(k)) return true;
  }
  return false;
}
function orderedKeys(obj, text2, underTensors) {
  const keys = Object.keys(obj);
  if (!hasIntegerLikeKey(keys)) return keys;
  const fromText2 = keysInTextOrder(text2, underTensors);
  return fromText2.length === keys.length ? fromText2 : keys;
}
function parseManifest(text2, file) {
  let doc;
  try {
    doc = JSON.parse(text2.charCodeAt(0) === 65279 ? text2.slice(1) : text2);
  } catch (e) {
    throw new FormatError(file, `not valid JSON: ${e.message}`);
  }
  if (!isPlainObject(doc)) throw new FormatError(file, `a manifest is a JSON object, not ${typeName2(doc)}`);
  if ("format" in doc) {
    if (doc.format !== MANIFEST_FORMAT) {
      throw new FormatError(file, `${pointer("format")}: expected "${MANIFEST_FORMAT}", found ${JSON.stringify(doc.format)}`);
    }
    if (doc.version !== MANIFEST_VERSION) {
      throw new FormatError(file, `${pointer("version")}: unsupported manifest version ${JSON.stringify(doc.version)} (this sdmatch reads version ${MANIFEST_VERSION})`);
    }
    const tensors = doc.tensors;
    if (!isPlainObject(tensors)) throw new FormatError(file, `${pointer("tensors")}: must be an object of key \u2192 {shape, dtype}, not ${typeName2(tensors)}`);
    for (const extra of Object.keys(doc)) {
      if (extra !== "format" && extra !== "version" && extra !== "tensors" && extra !== "model") {
        throw new FormatError(file, `${pointer(extra)}: unknown manifest field`);
      }
    }
    if (doc.model !== void 0 && typeof doc.model !== "string") {
      throw new FormatError(file, `${pointer("model")}: must be a string, not ${typeName2(doc.model)}`);
    }
    const keys2 = orderedKeys(tensors, text2, true);
    const out = new Array(keys2.length);
    for (let i = 0; i < keys2.length; i++) {
      const key = keys2[i];
      const t = tensors[key];
      if (!isPlainObject(t)) throw new FormatError(file, `${pointer("tensors", key)}: must be an object {shape, dtype}, not ${typeName2(t)}`);
      for (const f in t) {
        if (f !== "shape" && f !== "dtype") throw new FormatError(file, `${pointer("tensors", key)}/${f}: unknown field (expected shape, dtype)`);
      }
      if (!("shape" in t)) throw new FormatError(file, `${pointer("tensors", key)}: shape is required (null when unknown)`);
      const shape4 = t.shape === null ? null : isSizes(t.shape) ? t.shape : parseShape2(t.shape, file, `${pointer("tensors", key)}/shape`);
      const d = t.dtype ?? null;
      if (d !== null && (typeof d !== "string" || !isDType(d))) {
        throw new FormatError(file, `${pointer("tensors", key)}/dtype: unknown dtype ${JSON.stringify(d)} (use PyTorch's name, e.g. "float32", "bfloat16")`);
      }
      out[i] = { key, shape: shape4, dtype: d };
    }
    return out;
  }
  const keys = orderedKeys(doc, text2, false);
  if (keys.length === 0) throw new FormatError(file, "the manifest lists no tensors");
  return keys.map((key) => {
    const v = doc[key];
    return { key, shape: isSizes(v) ? v : parseShape2(v, file, pointer(key)), dtype: null };
  });
}
function writeManifest(entries) {
  const seen = /* @__PURE__ */ new Set();
  const lines = entries.map((e) => {
    if (seen.has(e.key)) throw new Error(`writeManifest: duplicate key ${JSON.stringify(e.key)}`);
    seen.add(e.key);
    const shape4 = e.shape === null ? "null" : `[${e.shape.join(", ")}]`;
    const dtype = e.dtype === null ? "" : `, "dtype": ${JSON.stringify(e.dtype)}`;
    return `    ${JSON.stringify(e.key)}: {"shape": ${shape4}${dtype}}`;
  });
  const body = lines.length ? `{
${lines.join(",\n")}
  }` : "{}";
  return `{
  "format": "${MANIFEST_FORMAT}",
  "version": ${MANIFEST_VERSION},
  "tensors": ${body}
}
`;
}

// src/checkpoint/key-source.ts
var MAX_TEXT_BYTES = 256 * 1024 * 1024;
function openKeySource(path, stdinText) {
  if (path === "-") {
    if (stdinText === void 0) throw new FormatError("-", "no standard input to read");
    return fromText("<stdin>", stdinText);
  }
  if (!isRemotePath(path) && namesDirectoryCheckpoint(path)) return { kind: "checkpoint", file: path, checkpoint: openCheckpoint(path) };
  const src = openSource(path, path);
  let kind2;
  try {
    kind2 = detectKind(src);
    if (kind2 === "unknown" || kind2 === "shard-index") {
      if (kind2 === "unknown" && src.size > MAX_TEXT_BYTES) {
        throw new FormatError(path, "not a checkpoint (unrecognised content) and too large to be a manifest or key list");
      }
    }
  } finally {
    src.close();
  }
  if (kind2 !== "unknown") return { kind: "checkpoint", file: path, checkpoint: openCheckpoint(path, { readOnly: true }) };
  if (isRemotePath(path)) throw new FormatError(path, "not a checkpoint: remote sources are read as checkpoints or shard indexes only (download a manifest, key list or error text first)");
  return fromText(path, readFileSync2(path, "utf8"));
}
function fromText(file, text2) {
  if (looksLikeManifest(text2)) return { kind: "manifest", file, entries: parseManifest(text2, file) };
  if (looksLikeErrorText(text2)) return { kind: "error-text", file, report: parseErrorText(text2, file) };
  if (looksLikeKeyList(text2)) return { kind: "key-list", file, entries: parseKeyList(text2, file) };
  throw new FormatError(file, "not a checkpoint, an sdmatch manifest, a load_state_dict error text, or a list of keys");
}

// src/formats/sparse-source.ts
var MissingBytes = class extends Error {
  constructor(source, offset, length) {
    super(`${source}: bytes ${offset}..${offset + length} not fetched yet`);
    this.source = source;
    this.offset = offset;
    this.length = length;
  }
  name = "MissingBytes";
};
var SparseSource = class {
  constructor(name, size) {
    this.name = name;
    this.size = size;
  }
  /** sorted, non-overlapping, non-adjacent held ranges */
  ranges = [];
  /** ranges asked for and not held, since the last clearMisses() */
  misses = [];
  read(offset, length) {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but the file has ${this.size} bytes`);
    }
    if (length === 0) return new Uint8Array(0);
    const r = this.rangeAt(offset);
    if (r && offset + length <= r.start + r.bytes.length) return r.bytes.subarray(offset - r.start, offset - r.start + length);
    this.misses.push({ offset, length });
    throw new MissingBytes(this.name, offset, length);
  }
  close() {
  }
  clearMisses() {
    this.misses = [];
  }
  /** bytes held, in total */
  get held() {
    return this.ranges.reduce((a, r) => a + r.bytes.length, 0);
  }
  /** Whether [offset, offset+length) is held entirely. */
  has(offset, length) {
    const r = this.rangeAt(offset);
    return r !== void 0 && offset + length <= r.start + r.bytes.length;
  }
  /** The held range ending exactly at `offset`, if any (a reader walking forward through the file). */
  rangeEndingAt(offset) {
    const r = this.ranges.find((x) => x.start + x.bytes.length === offset);
    return r && { start: r.start, length: r.bytes.length };
  }
  /** Held ranges as [start, bytes] for the cache. */
  entries() {
    return this.ranges.map((r) => [r.start, r.bytes]);
  }
  /** Adds the real bytes at `start`, merging with ranges it touches or overlaps. */
  add(start, bytes) {
    if (start < 0 || start + bytes.length > this.size) throw new Error(`SparseSource.add: ${start}+${bytes.length} outside ${this.size}`);
    if (bytes.length === 0) return;
    let lo = start;
    let hi = start + bytes.length;
    const keep = [];
    const merge = [];
    for (const r of this.ranges) {
      if (r.start + r.bytes.length < lo || r.start > hi) keep.push(r);
      else merge.push(r);
    }
    for (const r of merge) {
      lo = Math.min(lo, r.start);
      hi = Math.max(hi, r.start + r.bytes.length);
    }
    const out = new Uint8Array(hi - lo);
    for (const r of merge) out.set(r.bytes, r.start - lo);
    out.set(bytes, start - lo);
    keep.push({ start: lo, bytes: out });
    keep.sort((a, b) => a.start - b.start);
    this.ranges = keep;
  }
  rangeAt(offset) {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = lo + hi >> 1;
      const r = this.ranges[mid];
      if (offset < r.start) hi = mid - 1;
      else if (offset >= r.start + r.bytes.length) lo = mid + 1;
      else return r;
    }
    return void 0;
  }
};

// src/remote/cache.ts
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync as readFileSync3, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join as join6 } from "node:path";
function cacheDir(env) {
  if (env.SDMATCH_NO_CACHE === "1") return null;
  if (env.SDMATCH_CACHE_DIR) return env.SDMATCH_CACHE_DIR;
  return join6(env.XDG_CACHE_HOME || join6(homedir(), ".cache"), "sdmatch", "ranges");
}
function isImmutableUrl(url) {
  return /\/resolve\/[0-9a-f]{40}\//.test(url);
}
function fileFor(dir, url) {
  return join6(dir, `${createHash("sha256").update(url).digest("hex")}.json`);
}
function readCache(dir, url) {
  if (!dir) return null;
  try {
    const j = JSON.parse(readFileSync3(fileFor(dir, url), "utf8"));
    if (j.url !== url || !Number.isSafeInteger(j.size) || !Array.isArray(j.ranges)) return null;
    const ranges = [];
    for (const [start, b64] of j.ranges) {
      const bytes = new Uint8Array(Buffer.from(b64, "base64"));
      if (!Number.isSafeInteger(start) || start < 0 || start + bytes.length > j.size) return null;
      ranges.push([start, bytes]);
    }
    return { url, etag: j.etag, size: j.size, ranges };
  } catch {
    return null;
  }
}
function writeCache(dir, f) {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const target = fileFor(dir, f.url);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ url: f.url, etag: f.etag, size: f.size, ranges: f.ranges.map(([s2, b]) => [s2, Buffer.from(b).toString("base64")]) }));
    renameSync(tmp, target);
  } catch {
  }
}

// src/remote/http.ts
var MAX_REDIRECTS = 5;
var MAX_ATTEMPTS = 5;
var MAX_RETRY_AFTER_MS = 3e4;
var MAX_JSON_BYTES = 64 << 20;
var retryPolicy = { baseMs: 500 };
async function fetchRange(t, start, length, stats, ifRange) {
  const headers = { Range: `bytes=${start}-${start + length - 1}`, "Accept-Encoding": "identity" };
  if (ifRange && !ifRange.startsWith("W/")) headers["If-Range"] = ifRange;
  const res = await request(t, "GET", headers, stats);
  if (res.status === 416) {
    await res.body?.cancel();
    const total = /\*\/(\d+)/.exec(res.headers.get("content-range") ?? "");
    if (total && Number(total[1]) === 0) return { bytes: new Uint8Array(0), size: 0, etag: res.headers.get("etag") };
    throw new FormatError(t.name, `server refused range ${start}-${start + length - 1} (HTTP 416)${total ? `: the file has ${total[1]} bytes` : ""}`);
  }
  if (res.status === 200) {
    await res.body?.cancel();
    if (headers["If-Range"]) throw new FormatError(t.name, "the remote file changed while it was being read (its ETag no longer matches): run again");
    throw new FormatError(t.name, `server does not support range requests (it answered a Range request with the whole file): download the file and pass its local path (e.g. curl -LO '${t.url}')`);
  }
  if (res.status !== 206) {
    await res.body?.cancel();
    throw statusError(t, res.status);
  }
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec((res.headers.get("content-range") ?? "").trim());
  if (!m || m[3] === "*") {
    await res.body?.cancel();
    throw new FormatError(t.name, `server answered a Range request without a usable Content-Range (${res.headers.get("content-range") ?? "none"}): download the file and pass its local path`);
  }
  const body = await readBounded(res, length, t.name);
  stats.bytes += body.length;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from !== start || to - from + 1 !== body.length || to >= start + length) {
    throw new FormatError(t.name, `server sent bytes ${from}-${to} (${body.length} bytes) for a request of ${start}-${start + length - 1}`);
  }
  return { bytes: body, size: Number(m[3]), etag: res.headers.get("etag") };
}
async function fetchEtag(t, stats) {
  const res = await request(t, "HEAD", {}, stats);
  if (res.status >= 400) throw statusError(t, res.status);
  return res.headers.get("etag");
}
async function fetchJson(t, stats) {
  const res = await request(t, "GET", { Accept: "application/json" }, stats);
  if (res.status !== 200) {
    await res.body?.cancel();
    throw statusError(t, res.status);
  }
  const bytes = await readBounded(res, MAX_JSON_BYTES, t.name);
  stats.bytes += bytes.length;
  const text2 = new TextDecoder("utf-8").decode(bytes);
  try {
    return JSON.parse(text2);
  } catch {
    throw new FormatError(t.name, `the hub answered with something that is not JSON (${text2.slice(0, 60)})`);
  }
}
async function request(t, method, headers, stats) {
  if (t.resolved) {
    const direct = await requestFrom(t, t.resolved, method, headers, stats);
    if (direct.status !== 401 && direct.status !== 403 && direct.status !== 404 && direct.status !== 410) return direct;
    await direct.body?.cancel();
    delete t.resolved;
  }
  return requestFrom(t, t.url, method, headers, stats);
}
async function requestFrom(t, from, method, headers, stats) {
  const origin = new URL(t.url).origin;
  for (let attempt = 1; ; attempt++) {
    let url = from;
    let res;
    for (let hop = 0; ; hop++) {
      const h = { ...headers };
      if (t.token && new URL(url).origin === origin) h.Authorization = `Bearer ${t.token}`;
      stats.requests++;
      try {
        res = await fetch(url, { method, headers: h, redirect: "manual" });
      } catch (e) {
        res = void 0;
        if (attempt >= MAX_ATTEMPTS) throw new FormatError(t.name, `cannot reach ${new URL(url).host}: ${causeOf(e)}`);
        break;
      }
      if (res.status < 300 || res.status >= 400 || res.status === 304) break;
      const loc = res.headers.get("location");
      await res.body?.cancel();
      if (!loc) throw new FormatError(t.name, `HTTP ${res.status} redirect without a Location`);
      if (hop >= MAX_REDIRECTS) throw new FormatError(t.name, `more than ${MAX_REDIRECTS} redirects`);
      url = parseUrl(loc, url, t.name);
      if (!/^https?:$/.test(new URL(url).protocol)) throw new FormatError(t.name, `redirected to a non-HTTP location (${new URL(url).protocol})`);
    }
    if (res && res.status !== 429 && res.status < 500) {
      if (res.ok && url !== t.url && method === "GET") t.resolved = url;
      return res;
    }
    if (res && attempt >= MAX_ATTEMPTS) return res;
    await res?.body?.cancel();
    const after = Number(res?.headers.get("retry-after"));
    const wait = Number.isFinite(after) && after > 0 ? Math.min(after * 1e3, MAX_RETRY_AFTER_MS) : retryPolicy.baseMs * 2 ** (attempt - 1);
    await new Promise((r) => setTimeout(r, wait));
  }
}
function parseUrl(text2, base, name) {
  try {
    return new URL(text2, base).href;
  } catch {
    throw new FormatError(name, `not a valid URL: ${text2}`);
  }
}
async function readBounded(res, max, name) {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new FormatError(name, `server sent ${declared} bytes where at most ${max} were asked for`);
  }
  if (!res.body) return new Uint8Array(0);
  const parts = [];
  let n = 0;
  for await (const chunk of res.body) {
    n += chunk.length;
    if (n > max) throw new FormatError(name, `server sent more than the ${max} bytes asked for`);
    parts.push(chunk);
  }
  return parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts));
}
function statusError(t, status) {
  if (status === 401 || status === 403) {
    const how = t.token ? "the token was refused: check it has access to this repository (gated repositories need their terms accepted)" : "needs a token: set HF_TOKEN or run `huggingface-cli login`";
    return new FormatError(t.name, `HTTP ${status}: ${how}`);
  }
  if (status === 404) return new FormatError(t.name, "HTTP 404: no such file (check the repository, revision and path)");
  if (status === 429) return new FormatError(t.name, `HTTP 429: rate limited, still after ${MAX_ATTEMPTS} attempts: try again later`);
  if (status >= 500) return new FormatError(t.name, `HTTP ${status}: server error, still after ${MAX_ATTEMPTS} attempts`);
  return new FormatError(t.name, `HTTP ${status}`);
}
function causeOf(e) {
  const c = e.cause;
  return c?.code ?? c?.message ?? e.message ?? String(e);
}

// src/remote/hub.ts
import { readFileSync as readFileSync4 } from "node:fs";
import { homedir as homedir2 } from "node:os";
import { join as join7 } from "node:path";
function parseHubPath(spec) {
  const m = /^hf:\/\/([A-Za-z0-9][\w.-]*)\/([\w.-]+)(?:@([^/]+))?(?:\/(.*))?$/.exec(spec);
  if (!m) throw new FormatError(spec, "not a hub path: expected hf://ORG/REPO[@REVISION][/PATH]");
  const path = (m[4] ?? "").replace(/\/+$/, "");
  if (path.split("/").some((s2) => s2 === ".." || s2 === ".")) throw new FormatError(spec, "hub path must not contain . or .. segments");
  return { repo: `${m[1]}/${m[2]}`, revision: m[3] ? decodeURIComponent(m[3]) : "main", path, revisionGiven: m[3] !== void 0 };
}
function hubEndpoint(env) {
  return (env.HF_ENDPOINT || "https://huggingface.co").replace(/\/+$/, "");
}
function hubToken(env) {
  const fromEnv = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN;
  if (fromEnv) return fromEnv.trim();
  const file = env.HF_TOKEN_PATH || join7(env.HF_HOME || join7(env.XDG_CACHE_HOME || join7(homedir2(), ".cache"), "huggingface"), "token");
  try {
    const t = readFileSync4(file, "utf8").trim();
    return t || void 0;
  } catch {
    return void 0;
  }
}
function resolveUrl(endpoint, repo, revision, path) {
  const enc = (s2) => s2.split("/").map(encodeURIComponent).join("/");
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${enc(path)}`;
}
async function repoFiles(endpoint, hp, token, spec, stats) {
  const url = `${endpoint}/api/models/${hp.repo}/revision/${encodeURIComponent(hp.revision)}`;
  const info = await fetchJson({ name: spec, url, ...token ? { token } : {} }, stats);
  const files = Array.isArray(info.siblings) ? info.siblings.map((s2) => s2.rfilename).filter((f) => typeof f === "string") : [];
  const sha = typeof info.sha === "string" && /^[0-9a-f]{40}$/.test(info.sha) ? info.sha : hp.revision;
  return { sha, files };
}
var DEFAULT_FILES = ["model.safetensors.index.json", "model.safetensors", "pytorch_model.bin.index.json", "pytorch_model.bin"];
var SAFETENSORS = /\.safetensors$/;
var PICKLES = /\.(bin|pt|pth|ckpt)$/;
function discoverCheckpoint(files, folder, spec) {
  const prefix = folder ? `${folder}/` : "";
  const here = files.filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes("/")).map((f) => f.slice(prefix.length));
  for (const name of DEFAULT_FILES) if (here.includes(name)) return prefix + name;
  for (const re of [/\.safetensors\.index\.json$/, SAFETENSORS, /\.bin\.index\.json$/, PICKLES]) {
    const found = here.filter((f) => re.test(f));
    if (found.length === 1) return prefix + found[0];
    if (found.length > 1) throw new FormatError(spec, `several checkpoints, name one: ${found.slice(0, 5).map((f) => `${spec.replace(/\/$/, "")}/${f}`).join(", ")}${found.length > 5 ? ", \u2026" : ""}`);
  }
  throw new FormatError(spec, `no checkpoint found${folder ? ` in ${folder}/` : ""} (looked for ${DEFAULT_FILES.join(", ")}, *.safetensors, *.bin, *.pt, *.pth)`);
}

// src/remote/prefetch.ts
var HEAD_BYTES2 = 1 << 16;
var MAX_SAFETENSORS_HEADER = 25e6;
var MAX_SHARDS = 4096;
var MAX_INDEX_BYTES2 = 64 << 20;
var MAX_FILE_FETCH = 512 << 20;
var MAX_ROUNDS = 1024;
var RANGE_CONCURRENCY = 8;
var SHARD_CONCURRENCY = 4;
var COALESCE_GAP = 4096;
var MAX_READ_AHEAD = 16 << 20;
async function prefetchRemote(spec, env) {
  const stats = { requests: 0, bytes: 0 };
  let rounds = 0;
  const settleCounted = async (fs, read4) => {
    rounds = Math.max(rounds, await settle(fs, read4, stats));
  };
  const files = /* @__PURE__ */ new Map();
  const dir = cacheDir(env);
  const { key, url, token } = await resolveSpec(spec, env, stats);
  registerAlias(spec, key);
  const open = async (k, u) => {
    const f = await openRemote({ name: k, url: u, ...token ? { token } : {} }, dir, stats);
    files.set(k, f);
    registerRemote(k, f.src);
    return f;
  };
  const top = await open(key, url);
  const kind2 = detectKind(top.src);
  if (kind2 === "safetensors" && top.src.size >= 8) {
    const n = u64(top.src.read(0, 8), 0);
    if (n !== null && n > MAX_SAFETENSORS_HEADER && n + 8 <= top.src.size) {
      throw new FormatError(key, `safetensors header of ${n} bytes is over the ${MAX_SAFETENSORS_HEADER}-byte limit for remote reads (huggingface.js applies the same): download the file`);
    }
  }
  if (kind2 === "shard-index") {
    if (top.src.size > MAX_INDEX_BYTES2) throw new FormatError(key, `shard index of ${top.src.size} bytes is over the ${MAX_INDEX_BYTES2}-byte limit for remote reads`);
    await fill(top, [{ offset: 0, length: top.src.size }], stats);
    const index2 = readShardIndex(new TextDecoder("utf-8").decode(top.src.read(0, top.src.size)), key);
    if (index2.shards.length > MAX_SHARDS) throw new FormatError(key, `shard index names ${index2.shards.length} shards, over the limit of ${MAX_SHARDS}`);
    await pool(index2.shards, SHARD_CONCURRENCY, async (shard) => {
      const k = siblingPath(key, shard);
      const f = await open(k, siblingUrl(url, shard));
      await settleCounted([f], () => readCheckpointFile({ path: k, name: k }, 1));
    });
  }
  await settleCounted([...files.values()], () => readCheckpointFile({ path: key, name: key }));
  for (const f of files.values()) {
    if (f.src.held > f.cachedBytes) writeCache(dir, { url: f.target.url, etag: f.etag, size: f.src.size, ranges: f.src.entries() });
  }
  const all = [...files.values()];
  return {
    files: all.length,
    size: all.reduce((a, f) => a + f.src.size, 0),
    requests: stats.requests,
    bytes: stats.bytes,
    cachedBytes: all.reduce((a, f) => a + f.cachedBytes, 0),
    rounds
  };
}
async function resolveSpec(spec, env, stats) {
  const endpoint = parseUrl(hubEndpoint(env), void 0, "HF_ENDPOINT").replace(/\/+$/, "");
  const token = hubToken(env);
  if (spec.startsWith("hf://")) {
    const hp = parseHubPath(spec);
    const { sha, files } = await repoFiles(endpoint, hp, token, spec, stats);
    let path = hp.path;
    if (path === "" || !files.includes(path) && files.some((f) => f.startsWith(`${path}/`))) path = discoverCheckpoint(files, path, spec);
    else if (files.length > 0 && !files.includes(path)) throw new FormatError(spec, `HTTP 404: the repository has no file ${path} at revision ${hp.revision}`);
    const key = `hf://${hp.repo}${hp.revisionGiven ? `@${hp.revision}` : ""}/${path}`;
    return { key, url: resolveUrl(endpoint, hp.repo, sha, path), ...token ? { token } : {} };
  }
  if (!/^https?:\/\//i.test(spec)) throw new FormatError(spec, "not a remote path");
  const sameHub = new URL(parseUrl(spec, void 0, spec)).origin === new URL(endpoint).origin;
  return { key: spec, url: spec, ...token && sameHub ? { token } : {} };
}
function siblingUrl(base, name) {
  const u = new URL(base);
  u.pathname = u.pathname.slice(0, u.pathname.lastIndexOf("/") + 1) + name.split("/").map(encodeURIComponent).join("/");
  return u.href;
}
async function openRemote(target, dir, stats) {
  const cached = readCache(dir, target.url);
  if (cached) {
    const fresh = isImmutableUrl(target.url) || cached.etag !== null && await fetchEtag(target, stats) === cached.etag;
    if (fresh) {
      const src2 = new SparseSource(target.name, cached.size);
      for (const [s2, b] of cached.ranges) src2.add(s2, b);
      return { target, src: src2, etag: cached.etag, cachedBytes: src2.held };
    }
  }
  const first = await fetchRange(target, 0, HEAD_BYTES2, stats);
  const src = new SparseSource(target.name, first.size);
  src.add(0, first.bytes);
  return { target, src, etag: first.etag, cachedBytes: 0 };
}
async function settle(files, read4, stats) {
  for (let round = 0; ; round++) {
    for (const f of files) f.src.clearMisses();
    try {
      read4();
    } catch (e) {
      if (!(e instanceof MissingBytes) && !(e instanceof FormatError)) throw e;
    }
    const wanting = files.filter((f) => f.src.misses.length > 0);
    if (wanting.length === 0) return round;
    if (round >= MAX_ROUNDS) throw new FormatError(wanting[0].target.name, `still needed more bytes after ${MAX_ROUNDS} rounds of range requests: download the file and pass its local path`);
    await Promise.all(wanting.map((f) => fill(f, [...f.src.misses, ...zipLocalHeaders(f.src)], stats)));
  }
}
async function fill(f, wants, stats) {
  const size = f.src.size;
  const spans = [];
  for (const w of wants) {
    if (f.src.has(w.offset, w.length)) continue;
    let start = w.offset;
    let end = Math.min(size, w.offset + Math.max(w.length, 4096));
    const before = f.src.rangeEndingAt(w.offset);
    if (before) end = Math.min(size, Math.max(end, w.offset + Math.min(before.length, MAX_READ_AHEAD)));
    while (start < end && f.src.has(start, 1)) start++;
    if (start < end) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const s2 of spans) {
    const last = merged[merged.length - 1];
    if (last && s2[0] <= last[1] + COALESCE_GAP) last[1] = Math.max(last[1], s2[1]);
    else merged.push([...s2]);
  }
  const total = merged.reduce((a, [s2, e]) => a + e - s2, 0);
  if (f.src.held + total > MAX_FILE_FETCH) {
    throw new FormatError(f.target.name, `reading it would fetch over ${MAX_FILE_FETCH >> 20} MiB of ranges: download the file and pass its local path`);
  }
  await pool(merged, RANGE_CONCURRENCY, async ([s2, e]) => {
    const r = await fetchRange(f.target, s2, e - s2, stats, f.etag);
    if (r.size !== size) throw new FormatError(f.target.name, "the remote file changed while it was being read (its size differs): run again");
    f.src.add(s2, r.bytes);
  });
}
function zipLocalHeaders(src) {
  const out = [];
  try {
    if (!src.has(0, 4) || u32(src.read(0, 4), 0) !== 67324752) return out;
    const loc = locateCentralDirectory(src);
    if (!src.has(loc.offset, loc.size)) return out;
    const cd = src.read(loc.offset, loc.size);
    for (let p = 0; p + 46 <= cd.length && u32(cd, p) === 33639248; ) {
      const nameLen = u16(cd, p + 28);
      const extraLen = u16(cd, p + 30);
      let lho = u32(cd, p + 42);
      if (lho === 4294967295) lho = zip64Offset(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), u32(cd, p + 24) === 4294967295, u32(cd, p + 20) === 4294967295);
      if (lho !== null && lho + 30 <= src.size && !src.has(lho, 30)) out.push({ offset: lho, length: Math.min(4096, src.size - lho) });
      p += 46 + nameLen + extraLen + u16(cd, p + 32);
    }
  } catch (e) {
    if (!(e instanceof MissingBytes) && !(e instanceof FormatError)) throw e;
  }
  src.clearMisses();
  return out;
}
function zip64Offset(extra, sizeSaturated, compressedSaturated) {
  for (let p = 0; p + 4 <= extra.length; p += 4 + u16(extra, p + 2)) {
    if (u16(extra, p) !== 1) continue;
    const at = p + 4 + (sizeSaturated ? 8 : 0) + (compressedSaturated ? 8 : 0);
    return at + 8 <= extra.length ? u64(extra, at) : null;
  }
  return null;
}
async function pool(items2, limit, job) {
  let next = 0;
  const worker = async () => {
    while (next < items2.length) await job(items2[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items2.length) }, worker));
}
function describeReport(r) {
  const pct = r.size > 0 ? ` (${(100 * (r.bytes + r.cachedBytes) / r.size).toFixed(3)} % of ${formatBytes(r.size)})` : "";
  return `sdmatch: remote: fetched ${formatBytes(r.bytes)} in ${r.requests} request(s) from ${r.files} file(s)${pct}${r.cachedBytes > 0 ? `, ${formatBytes(r.cachedBytes)} from the range cache` : ""}`;
}
function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units2 = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units2.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units2[i]}`;
}

// src/analysis/diff.ts
function sameShape(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function byKey(entries) {
  const m = /* @__PURE__ */ new Map();
  for (const e of entries) if (!m.has(e.key)) m.set(e.key, e);
  return m;
}
function diffKeys(source, expected, opts = {}) {
  const src = byKey(source);
  const exp = byKey(expected);
  const out = { matched: [], missing: [], unexpected: [], shapeMismatch: [], dtypeMismatch: [] };
  for (const e of exp.values()) {
    const s2 = src.get(e.key);
    if (!s2) {
      out.missing.push(e.key);
      continue;
    }
    let ok = true;
    if (s2.shape && e.shape && !sameShape(s2.shape, e.shape)) {
      out.shapeMismatch.push({ key: e.key, source: s2.shape, expected: e.shape });
      ok = false;
    }
    if (!opts.ignoreDtype && s2.dtype && e.dtype && s2.dtype !== e.dtype) {
      out.dtypeMismatch.push({ key: e.key, source: s2.dtype, expected: e.dtype });
      ok = false;
    }
    if (ok) out.matched.push(e.key);
  }
  for (const s2 of src.values()) if (!exp.has(s2.key)) out.unexpected.push(s2.key);
  return out;
}
function passedWhole(entries, report) {
  if (report.unexpected.length === 0) return false;
  const have = new Set(entries.map((e) => e.key));
  return report.unexpected.every((k) => !k.includes(".") && !have.has(k));
}
var EXAMPLES = 3;
function examples(keys) {
  const shown = keys.slice(0, EXAMPLES).map((k) => `\`${k}\``).join(", ");
  return keys.length > EXAMPLES ? `${shown}, \u2026` : shown;
}
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
function diffWithErrorReport(source, report) {
  const notes = [...report.notes];
  const reportedSizes = new Map(report.sizeMismatch.map((s2) => [s2.key, s2]));
  const out = {
    matched: [],
    missing: [...report.missing],
    unexpected: [],
    shapeMismatch: [],
    dtypeMismatch: [],
    unknown: [],
    notes
  };
  if (!source) {
    out.unexpected = [...report.unexpected];
    out.shapeMismatch = report.sizeMismatch.map((s2) => ({ key: s2.key, source: s2.source, expected: s2.expected }));
    notes.push("without the checkpoint, the error cannot tell which keys matched, nor any dtypes");
    if (report.truncated) notes.push("the error text was cut short, so its lists may be incomplete");
    return out;
  }
  const src = byKey(source);
  const reportedUnexpected = new Set(report.unexpected);
  const mentioned = /* @__PURE__ */ new Set([...report.missing, ...report.unexpected, ...reportedSizes.keys()]);
  const strangerUnexpected = report.unexpected.filter((k) => !src.has(k));
  if (strangerUnexpected.length > 0 && !passedWhole(source, report)) {
    notes.push(
      `${plural(strangerUnexpected.length, "key")} the error calls unexpected ${strangerUnexpected.length === 1 ? "is" : "are"} not in this checkpoint (${examples(strangerUnexpected)}): the error was not produced by this checkpoint as it is`
    );
  }
  const presentMissing = report.missing.filter((k) => src.has(k));
  if (presentMissing.length > 0 && presentMissing.length === report.missing.length && strangerUnexpected.length === report.unexpected.length && report.unexpected.length > 0 && report.unexpected.every((k) => !k.includes("."))) {
    notes.push(
      `every key the error calls missing is in this state dict and none it calls unexpected is (${examples(report.unexpected)}): the error came from passing the whole checkpoint to load_state_dict instead of this state dict inside it`
    );
  } else if (presentMissing.length > 0) {
    notes.push(
      `${plural(presentMissing.length, "key")} the error calls missing ${presentMissing.length === 1 ? "is" : "are"} in this checkpoint (${examples(presentMissing)}): the error was not produced by this checkpoint as it is`
    );
  }
  if (presentMissing.length > 0) out.missing = report.missing.filter((k) => !src.has(k));
  const reportedMissing = new Set(presentMissing);
  const settled = /* @__PURE__ */ new Set();
  for (const s2 of report.sizeMismatch) {
    const have = src.get(s2.key);
    if (!have) out.missing.push(s2.key);
    else if (have.shape !== null && have.shape.join() === s2.expected.join()) settled.add(s2.key);
    else out.shapeMismatch.push({ key: s2.key, source: have.shape ?? s2.source, expected: s2.expected });
  }
  const sizeDisagree = report.sizeMismatch.filter((s2) => {
    const have = src.get(s2.key);
    return !have || have.shape !== null && have.shape.join() !== s2.source.join();
  });
  if (sizeDisagree.length > 0) {
    notes.push(
      `${plural(sizeDisagree.length, "size mismatch", "size mismatches")} in the error ${sizeDisagree.length === 1 ? "does" : "do"} not fit this checkpoint's shapes (${examples(sizeDisagree.map((s2) => s2.key))}): the error was not produced by this checkpoint`
    );
  }
  for (const e of src.values()) {
    if (reportedUnexpected.has(e.key)) out.unexpected.push(e.key);
    else if (settled.has(e.key) || reportedMissing.has(e.key)) out.matched.push(e.key);
    else if (!mentioned.has(e.key)) (report.truncated ? out.unknown : out.matched).push(e.key);
  }
  if (report.truncated) {
    notes.push(
      `the error text was cut short: it lists ${plural(report.missing.length, "missing key")}, ${plural(report.unexpected.length, "unexpected key")} and ${plural(report.sizeMismatch.length, "size mismatch", "size mismatches")}, but may have held more, so ${plural(out.unknown.length, "checkpoint key")} it does not mention could be matched or unexpected`
    );
  } else if (out.matched.length > settled.size + reportedMissing.size) {
    const assumed = out.matched.length - settled.size - reportedMissing.size;
    notes.push(`${plural(assumed, "key")} the checkpoint has that the error does not mention ${assumed === 1 ? "is" : "are"} assumed matched`);
  }
  if (source.some((e) => e.dtype !== null)) notes.push("an error text holds no dtypes, so dtype mismatches cannot be checked");
  if (report.missing.length > 0) notes.push("the error gives no shapes for the missing keys");
  return out;
}

// src/analysis/key-tokens.ts
function splitKey(key) {
  return key.split(".");
}
function isIndexSegment(seg) {
  return isIndexAt(seg, 0, seg.length);
}
function isIndexAt(key, from, end) {
  const n = end - from;
  if (n <= 0 || n > 9) return false;
  if (n > 1 && key.charCodeAt(from) === 48) return false;
  for (let i = from; i < end; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
function indexSegmentAt(key, from = 0) {
  while (from <= key.length) {
    let dot = key.indexOf(".", from);
    if (dot < 0) dot = key.length;
    if (isIndexAt(key, from, dot)) return [from, dot];
    from = dot + 1;
  }
  return null;
}
function gluedIndexAt(seg, from = 0, end = seg.length) {
  let at = end;
  while (at > from) {
    const c = seg.charCodeAt(at - 1);
    if (c < 48 || c > 57) break;
    at--;
  }
  if (at === end || at === from || !isIndexAt(seg, at, end)) return -1;
  const first = seg.charCodeAt(from) | 32;
  if (first < 97 || first > 122) return -1;
  for (let i = from + 1; i < at; i++) {
    const c = seg.charCodeAt(i);
    const l = c | 32;
    if (!(l >= 97 && l <= 122 || c === 95)) return -1;
  }
  return at - from;
}
function indexedSegment(seg) {
  if (isIndexSegment(seg)) return { stem: "", index: Number(seg) };
  const at = gluedIndexAt(seg);
  return at < 0 ? { stem: seg, index: null } : { stem: seg.slice(0, at), index: Number(seg.slice(at)) };
}
var INDEX_PLACEHOLDER = "{}";
function templateOf(key) {
  const segs = key.split(".");
  const indices2 = [];
  for (let i = 0; i < segs.length; i++) {
    const s2 = segs[i];
    if (isIndexSegment(s2)) {
      indices2.push(Number(s2));
      segs[i] = INDEX_PLACEHOLDER;
    }
  }
  return { template: indices2.length ? segs.join(".") : key, indices: indices2 };
}
function moduleOf(key) {
  const dot = key.lastIndexOf(".");
  return dot < 0 ? "" : key.slice(0, dot);
}
function leafOf(key) {
  const dot = key.lastIndexOf(".");
  return dot < 0 ? key : key.slice(dot + 1);
}
function leadingPrefix(key, n) {
  let pos = -1;
  for (let i = 0; i < n; i++) {
    pos = key.indexOf(".", pos + 1);
    if (pos < 0) return null;
  }
  return key.slice(0, pos + 1);
}
function commonPrefix(keys) {
  if (keys.length === 0) return "";
  let prefix = keys[0];
  const lastDot = prefix.lastIndexOf(".");
  prefix = lastDot < 0 ? "" : prefix.slice(0, lastDot + 1);
  for (let i = 1; i < keys.length && prefix; i++) {
    const k = keys[i];
    if (k.startsWith(prefix) && k.length > prefix.length) continue;
    let end = 0;
    const max = Math.min(prefix.length, k.length - 1);
    while (end < max && prefix.charCodeAt(end) === k.charCodeAt(end)) end++;
    const dot = end === 0 ? -1 : prefix.lastIndexOf(".", end - 1);
    prefix = dot < 0 ? "" : prefix.slice(0, dot + 1);
  }
  return prefix;
}
var WRAPPER_PREFIXES = [
  "module.",
  "_orig_mod.",
  "model.",
  "net.",
  "network.",
  "state_dict.",
  "model.module.",
  "module.model.",
  "_orig_mod.module.",
  "module._orig_mod."
];
function leadingSegmentCounts(keys) {
  const counts2 = /* @__PURE__ */ new Map();
  for (const k of keys) {
    const dot = k.indexOf(".");
    if (dot <= 0) continue;
    const p = k.slice(0, dot + 1);
    counts2.set(p, (counts2.get(p) ?? 0) + 1);
  }
  return counts2;
}
function dotSuffixes(key) {
  const out = [];
  let pos = key.indexOf(".");
  while (pos >= 0) {
    out.push(key.slice(pos + 1));
    pos = key.indexOf(".", pos + 1);
  }
  return out;
}
var PLACEHOLDER = INDEX_PLACEHOLDER;
function wordsOf(name) {
  const out = [];
  for (const part of name.split(/[._\-/]+/)) {
    if (!part) continue;
    const pieces = part.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Za-z])(\d)/g, "$1 $2").replace(/(\d)([A-Za-z])/g, "$1 $2");
    for (const p of pieces.split(" ")) if (p) out.push(p.toLowerCase());
  }
  return out;
}
var POSITIONAL = /* @__PURE__ */ new Set(["post", "pre", "after", "before"]);
function ownWords(segmentWords) {
  return segmentWords.filter((_, i) => !(i > 0 && i < segmentWords.length - 1 && POSITIONAL.has(segmentWords[i - 1])));
}
function commonPrefixLength(a, b) {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
function commonSuffixLength(a, b, skip = 0) {
  const n = Math.min(a.length, b.length) - skip;
  let i = 0;
  while (i < n && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}
function instantiates(template, key) {
  if (!template.includes(INDEX_PLACEHOLDER)) return false;
  const t = template.split(".");
  const k = key.split(".");
  return t.length === k.length && t.every((s2, i) => s2 === k[i] || s2 === INDEX_PLACEHOLDER && isIndexSegment(k[i]));
}
function blobSegments(key) {
  if (key.includes(".") || key.includes("/") || !key.includes("_")) return null;
  const segs = key.split("_");
  return segs.every((s2) => s2.length > 0) ? segs : null;
}
var TF_INDEXED_SCOPE = /^([A-Za-z]+)_(\d+)$/;
function tfPathSegments(key) {
  if (key.includes(".")) return null;
  const out = [];
  for (const seg of key.split("/")) {
    if (seg.length === 0) return null;
    const m = TF_INDEXED_SCOPE.exec(seg);
    if (m) out.push(m[1], String(Number(m[2])));
    else out.push(seg);
  }
  return out;
}

// src/analysis/select.ts
function formatKeyPath(path) {
  return path.length === 0 ? "(root)" : path.map(String).join("/");
}
function findCandidate(candidates, spec) {
  const want = spec.replace(/^\/+|\/+$/g, "");
  const found = candidates.find((c) => c.path.length === 0 ? want === "" || want === "(root)" : c.path.map(String).join("/") === want);
  if (found) return found;
  const have = candidates.map((c) => formatKeyPath(c.path)).join(", ") || "none";
  throw new FormatError("", `no state dict at "${spec}"; the file's state dicts are: ${have}`);
}
var PREFERRED = /^(?:state_dict|model|module|net|network|model_state_dict|model_state|state|weights|params|generator)$/i;
var DISFAVOURED = /ema|optim|sched|swa|averaged|teacher|discriminator/i;
function namePreference(path) {
  const last = [...path].reverse().find((p) => typeof p === "string");
  if (last === void 0) return 0;
  if (DISFAVOURED.test(last)) return -1;
  return PREFERRED.test(last) ? 1 : 0;
}
function shapesEqual(a, b) {
  if (!a.shape || !b.shape) return null;
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}
function strippablePrefixes(keys) {
  const out = /* @__PURE__ */ new Set([""]);
  const common = commonPrefix(keys);
  if (common) out.add(common);
  const counts2 = leadingSegmentCounts(keys);
  for (const p of WRAPPER_PREFIXES) {
    const head = p.slice(0, p.indexOf(".") + 1);
    if ((counts2.get(head) ?? 0) * 2 >= keys.length) out.add(p);
  }
  return [...out];
}
function strip(key, prefix) {
  return prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
}
function overlap(cand, target, sp) {
  const plain2 = sp ? keysWithout(cand, sp) : null;
  const r = { explained: 0, agree: 0, known: 0 };
  for (const c of cand) {
    let k = c.key;
    if (plain2 && k.startsWith(sp)) {
      k = k.slice(sp.length);
      if (plain2.has(k)) continue;
    }
    const e = target.get(k);
    if (!e) continue;
    r.explained++;
    const eq = shapesEqual(c, e);
    if (eq !== null) {
      r.known++;
      if (eq) r.agree++;
    }
  }
  return r;
}
function keysWithout(cand, prefix) {
  const out = /* @__PURE__ */ new Set();
  for (const c of cand) if (!c.key.startsWith(prefix)) out.add(c.key);
  return out;
}
function sampleMatches(cand, view, sp) {
  if (cand.length <= 4096) return true;
  const step = cand.length / 256;
  for (let i = 0; i < cand.length; i += step) {
    const k = cand[Math.floor(i)].key;
    if (view.has(sp ? strip(k, sp) : k)) return true;
  }
  return false;
}
function countWithPrefix(keys, prefix) {
  if (!prefix) return keys.length;
  let n = 0;
  for (const k of keys) if (k.key.startsWith(prefix)) n++;
  return n;
}
var SUFFIX_SAMPLE = 2e3;
function tail2(key) {
  const last = key.lastIndexOf(".");
  const prev = last > 0 ? key.lastIndexOf(".", last - 1) : -1;
  return prev < 0 ? key : key.slice(prev + 1);
}
function suffixOverlap(cand, views) {
  const candKeys = /* @__PURE__ */ new Set();
  const byTail = /* @__PURE__ */ new Map();
  for (const c of cand) {
    candKeys.add(c.key);
    const t = tail2(c.key);
    const list = byTail.get(t);
    if (list) list.push(c.key);
    else byTail.set(t, [c.key]);
  }
  let best2 = 0;
  for (const view of views) {
    const keys = [...view.byStrippedKey().keys()];
    const step = Math.max(1, keys.length / SUFFIX_SAMPLE);
    let hits = 0;
    let sampled = 0;
    for (let i = 0; i < keys.length; i += step) {
      const k = keys[Math.floor(i)];
      sampled++;
      const endsCand = (byTail.get(tail2(k)) ?? []).some((c) => c.length > k.length && c.endsWith(k) && c[c.length - k.length - 1] === ".");
      if (endsCand || candKeys.has(k) || dotSuffixes(k).some((x) => candKeys.has(x))) hits++;
    }
    best2 = Math.max(best2, sampled ? Math.round(hits / sampled * keys.length) : 0);
  }
  return best2;
}
function expectedViews(exp) {
  const entries = [...exp.values()];
  return strippablePrefixes([...exp.keys()]).map((prefix) => {
    let built = prefix ? null : exp;
    return {
      prefix,
      keysWithPrefix: countWithPrefix(entries, prefix),
      byStrippedKey: () => built ??= new Map(entries.map((e) => [strip(e.key, prefix), e])),
      // `s` is a stripped key when `prefix + s` is an expected key, or `s` is one that lacks the prefix
      has: (s2) => built ? built.has(s2) : exp.has(prefix + s2) || !s2.startsWith(prefix) && exp.has(s2)
    };
  });
}
function scoreAgainst(c, expected, views) {
  const keys = c.entries.map((e) => e.key);
  let best2 = {
    path: c.path,
    coverage: 0,
    explained: 0,
    method: "exact",
    prefix: null,
    shapeAgreement: 1,
    tensors: c.entries.length
  };
  const combos = [];
  for (const sp of strippablePrefixes(keys)) {
    const withSp = countWithPrefix(c.entries, sp);
    for (const view of views) if (!(sp && sp === view.prefix)) combos.push([sp, withSp, view]);
  }
  combos.sort((x, y) => Number(x[0] !== "") + Number(x[2].prefix !== "") - (Number(y[0] !== "") + Number(y[2].prefix !== "")));
  for (const [sp, withSp, view] of combos) {
    const ep = view.prefix;
    if (Math.min(withSp, view.keysWithPrefix) <= best2.explained) continue;
    if (!sampleMatches(c.entries, view, sp)) continue;
    const o = overlap(c.entries, view.byStrippedKey(), sp);
    if (o.explained > best2.explained) {
      best2 = {
        ...best2,
        explained: o.explained,
        method: sp || ep ? "prefix" : "exact",
        prefix: sp || ep ? { source: sp, expected: ep } : null,
        shapeAgreement: o.known ? o.agree / o.known : 1
      };
    }
  }
  if (best2.explained * 2 < expected.length) {
    const n = suffixOverlap(c.entries, views);
    if (n > best2.explained) best2 = { ...best2, explained: n, method: "suffix", prefix: null, shapeAgreement: 1 };
  }
  best2.coverage = expected.length ? best2.explained / expected.length : 0;
  return best2;
}
function compareWithExpected(a, b) {
  return (b.score.coverage ?? 0) - (a.score.coverage ?? 0) || b.score.shapeAgreement - a.score.shapeAgreement || a.score.tensors - a.score.explained - (b.score.tensors - b.score.explained) || namePreference(b.cand.path) - namePreference(a.cand.path) || b.score.tensors - a.score.tensors || a.index - b.index;
}
function sizeWeight(r) {
  const p = namePreference(r.cand.path);
  return r.score.tensors * (p > 0 ? 1.05 : p < 0 ? 0.9 : 1);
}
function compareBySize(a, b) {
  return sizeWeight(b) - sizeWeight(a) || b.score.tensors - a.score.tensors || a.index - b.index;
}
function describe3(s2, total, what) {
  if (s2.coverage === null || total === null) return `${s2.tensors} tensors`;
  const how = s2.method === "exact" ? "by exact key" : s2.method === "prefix" ? `after stripping ${[s2.prefix?.source, s2.prefix?.expected].filter(Boolean).map((p) => `\`${p}\``).join(" / ")}` : s2.method === "suffix" ? "by key suffix" : "as the error describes";
  return `explains ${s2.explained} of ${total} ${what} (${how})`;
}
function finish3(ranked, total, what) {
  const scores = ranked.map((r) => r.score);
  const chosen = ranked[0];
  if (!chosen) return { chosen: null, runnerUp: null, scores, reason: "the file holds no state dict" };
  const runner = ranked[1];
  let reason = `${formatKeyPath(chosen.cand.path)} ${describe3(chosen.score, total, what)}`;
  if (!runner) reason += "; it is the only state dict in the file";
  else {
    reason += `; runner-up ${formatKeyPath(runner.cand.path)} ${describe3(runner.score, total, what)}`;
    if (total === null && runner.score.tensors >= chosen.score.tensors) reason += `, less likely by its name`;
  }
  return { chosen: chosen.cand, runnerUp: runner?.cand ?? null, scores, reason };
}
function sizeOnly(c) {
  return { path: c.path, coverage: null, explained: 0, method: "size", prefix: null, shapeAgreement: 1, tensors: c.entries.length };
}
function selectStateDict(candidates, expected) {
  if (!expected || expected.length === 0) {
    const ranked2 = candidates.map((cand, index2) => ({ cand, score: sizeOnly(cand), index: index2 })).sort(compareBySize);
    return finish3(ranked2, null, "");
  }
  const exp = /* @__PURE__ */ new Map();
  for (const e of expected) if (!exp.has(e.key)) exp.set(e.key, e);
  const views = expectedViews(exp);
  const ranked = candidates.map((cand, index2) => ({ cand, score: scoreAgainst(cand, expected, views), index: index2 })).sort(compareWithExpected);
  return finish3(ranked, exp.size, "expected keys");
}
function selectForErrorReport(candidates, report) {
  const facts = report.unexpected.length + report.sizeMismatch.length + report.missing.length;
  if (facts === 0) return selectStateDict(candidates, null);
  const ranked = candidates.map((cand, index2) => {
    const byKey3 = new Map(cand.entries.map((e) => [e.key, e]));
    let explained = 0;
    for (const k of report.unexpected) if (byKey3.has(k)) explained++;
    for (const k of report.missing) if (!byKey3.has(k)) explained++;
    for (const s2 of report.sizeMismatch) {
      const e = byKey3.get(s2.key);
      if (e && (!e.shape || e.shape.join() === s2.source.join())) explained++;
    }
    const score = {
      path: cand.path,
      coverage: explained / facts,
      explained,
      method: "error-facts",
      prefix: null,
      shapeAgreement: 1,
      tensors: cand.entries.length
    };
    return { cand, score, index: index2 };
  });
  ranked.sort((a, b) => (b.score.coverage ?? 0) - (a.score.coverage ?? 0) || compareBySize(a, b));
  return holderOfMissing(candidates, report) ?? finish3(ranked, facts, "facts the error states");
}
function holderOfMissing(candidates, report) {
  if (report.missing.length === 0 || report.unexpected.length === 0) return null;
  let producerBest = 0;
  for (const c of candidates) {
    const keys = new Set(c.entries.map((e) => e.key));
    let n = 0;
    for (const k of report.unexpected) if (keys.has(k)) n++;
    producerBest = Math.max(producerBest, n);
  }
  if (producerBest * 2 >= report.unexpected.length) return null;
  const ranked = candidates.map((cand, index2) => {
    const keys = new Set(cand.entries.map((e) => e.key));
    let held = 0;
    for (const k of report.missing) if (keys.has(k)) held++;
    const score = {
      path: cand.path,
      coverage: held / report.missing.length,
      explained: held,
      method: "error-facts",
      prefix: null,
      shapeAgreement: 1,
      tensors: cand.entries.length
    };
    return { cand, score, index: index2 };
  }).sort((a, b) => (b.score.coverage ?? 0) - (a.score.coverage ?? 0) || compareBySize(a, b));
  const best2 = ranked[0];
  if (!best2 || (best2.score.coverage ?? 0) < 0.5) return null;
  return finish3(ranked, report.missing.length, "keys the error calls missing (the error came from loading a container that holds this dict)");
}

// src/analysis/sides.ts
function candidatesOf(ckpt) {
  if (ckpt.root === null) return [];
  return ckpt.stateDicts.map((c) => ({
    path: c.path,
    nonTensor: c.nonTensor,
    entries: candidateTensors(ckpt.root, c).map(([key, t]) => ({ key, shape: t.shape, dtype: t.dtype }))
  }));
}
function fromCheckpoint(src, choose, select) {
  const ckpt = src.checkpoint;
  const cands = candidatesOf(ckpt);
  if (cands.length === 0) {
    const why = ckpt.error?.message;
    throw new FormatError(src.file, why ? `holds no readable state dict: ${why}` : "holds no state dict (no mapping of names to tensors)");
  }
  let selection = null;
  let chosen;
  if (select !== void 0) {
    try {
      chosen = findCandidate(cands, select);
    } catch (e) {
      if (e instanceof FormatError) e.file = src.file;
      throw e;
    }
  } else {
    selection = choose(cands);
    chosen = cands.find((c) => c === selection.chosen) ?? cands[0];
  }
  return {
    file: src.file,
    kind: "checkpoint",
    entries: [...chosen.entries],
    selected: chosen.path,
    selection,
    nonTensor: chosen.nonTensor,
    report: null,
    checkpoint: ckpt
  };
}
function plain(src) {
  if (src.kind === "error-text") {
    const r = src.report;
    const entries = [
      ...r.unexpected.map((key) => ({ key, shape: null, dtype: null })),
      ...r.sizeMismatch.map((s2) => ({ key: s2.key, shape: s2.source, dtype: null }))
    ];
    return { file: src.file, kind: src.kind, entries, selected: null, selection: null, nonTensor: [], report: r, checkpoint: null };
  }
  return { file: src.file, kind: src.kind, entries: src.entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null };
}
function resolveSides(source, expected, opts = {}) {
  const exp = expected.kind === "checkpoint" ? fromCheckpoint(expected, (c) => selectStateDict(c, null), opts.selectExpected) : plain(expected);
  let src;
  if (source.kind === "checkpoint") {
    const chooser = exp.report ? (c) => selectForErrorReport(c, exp.report) : (c) => selectStateDict(c, exp.entries);
    src = fromCheckpoint(source, chooser, opts.select);
  } else {
    src = plain(source);
  }
  return { source: src, expected: exp };
}

// src/analysis/key-roles.ts
var OPTIMIZER_STATE = [
  {
    pattern: /_slot_(?:v|vr|vc|m)$/,
    what: "Adafactor optimizer slot (Mesh TensorFlow / T5X `kernel_slot_vr`, `_slot_vc`, `_slot_v`)",
    why: "the optimizer's running second moments (factored over rows and columns) saved beside each variable; transformers' load_tf_weights_in_t5 skips them, the model has no place for them"
  },
  {
    pattern: /(?:^|[./])(?:Adam|Adam_1|Momentum|RMSProp|RMSProp_1|Adagrad)$|(?:^|[./])(?:beta1_power|beta2_power)$/,
    what: "TensorFlow optimizer slot (`kernel/Adam`, `kernel/Adam_1`, `beta1_power`)",
    why: "the optimizer's moments and step powers saved beside each variable; the TF\u2192PyTorch converters skip every name holding `adam_v`, `adam_m`, `AdamWeightDecayOptimizer`, `global_step`"
  },
  {
    pattern: /(?:^|[./])global_step$/,
    what: "TensorFlow training step counter (`global_step`)",
    why: "counts optimizer steps; no module holds it, and the TF\u2192PyTorch converters skip it"
  }
];
var NON_WEIGHT_BUFFERS = [
  {
    pattern: /(?:^|\.)num_batches_tracked$/,
    what: "BatchNorm batch counter",
    why: "it counts training batches and only matters for momentum=None; PyTorch \u2265 0.4.1 writes it, older checkpoints lack it and BatchNorm fills it in when it loads a checkpoint saved without module versions"
  },
  {
    pattern: /(?:^|\.)position_ids$/,
    what: "position-id buffer (transformers)",
    why: "an arange(max_positions) the model builds in its constructor; transformers 4.31 made it non-persistent, so checkpoints from before it carry the key and newer models no longer expect it"
  },
  {
    pattern: /(?:^|\.)(?:attn|attention|self_attn|attn1|attn2)\.(?:bias|masked_bias)$/,
    what: "causal attention mask (GPT-2 style `attn.bias` / `attn.masked_bias`)",
    why: "a constant lower-triangular mask and fill value the model builds in its constructor; transformers stopped saving them, so older checkpoints carry them"
  },
  {
    pattern: /(?:^|\.)(?:relative_position_index|relative_coords_table|attn_mask|coords_table)$/,
    what: "window-attention index or mask (Swin, BEiT, CoAtNet)",
    why: "computed from the window size in the constructor; only the `relative_position_bias_table` next to it is trained"
  },
  {
    pattern: /(?:^|\.)(?:rotary_emb\.)?inv_freq$|(?:^|\.)freqs_cis$|(?:^|\.)(?:cos|sin)_cached$/,
    what: "rotary-embedding frequency table",
    why: "computed from the head dimension and base in the constructor; transformers made it non-persistent"
  },
  {
    pattern: /(?:^|\.)anchor_grid$/,
    what: "YOLO detection-head anchor grid",
    why: "the anchors expanded to the output grid, recomputed from the `anchors` tensor beside it (YOLOv5 saved it as a buffer before v6.0, later releases do not)"
  },
  {
    pattern: /(?:^|\.)masked_spec_embed$/,
    what: "SpecAugment mask embedding (wav2vec 2.0, HuBERT, WavLM)",
    why: "the vector that replaces masked time steps while training with SpecAugment; inference and training without time masking never read it, and checkpoints fine-tuned or converted without it lack it"
  },
  {
    pattern: /(?:^|\.)_float_tensor$/,
    what: "fairseq sinusoidal-embedding dtype marker",
    why: "an empty tensor fairseq keeps to track the device and dtype; it holds no values"
  },
  {
    pattern: /(?:^|\.)(?:total_ops|total_params)$/,
    what: "thop profiling counter",
    why: "`thop.profile` registers these counters on every module it measures; they are not part of the model"
  },
  // the EMA helper's own counters first: the shadow-copy rule below would also match them
  {
    pattern: /(?:^|\.)(?:num_updates|decay|collected_params)$/,
    what: "EMA bookkeeping (`model_ema.num_updates`, `decay`)",
    why: "the EMA helper's update counter and decay rate, not weights of the model"
  },
  {
    pattern: /^(?:ema_|ema\.|model_ema\.|ema_model\.|module_ema\.)/,
    what: "EMA shadow copy (`ema_backbone_\u2026`, `model_ema.\u2026`)",
    copyOfWeights: true,
    why: "a moving-average copy of weights the checkpoint also holds under their own names, which are what the model loads; to use the EMA weights instead, select them (sdmatch plan --select)"
  },
  {
    pattern: /(?:^|\.)(?:betas|alphas|alphas_cumprod|alphas_cumprod_prev|sqrt_alphas_cumprod|sqrt_one_minus_alphas_cumprod|log_one_minus_alphas_cumprod|sqrt_recip_alphas_cumprod|sqrt_recipm1_alphas_cumprod|posterior_variance|posterior_log_variance_clipped|posterior_mean_coef1|posterior_mean_coef2|ddim_(?:sigmas|alphas|alphas_prev|sqrt_one_minus_alphas)|sigmas|log_sigmas|timesteps)$/,
    what: "diffusion noise schedule",
    why: "computed from the scheduler settings (betas, number of steps) in the constructor; not trained"
  },
  {
    pattern: /(?:^|\.)(?:criterion|loss_fn|loss_func|loss|losses)\.[\w.]*(?:weight|pos_weight|class_weights?)$/,
    what: "loss-function buffer (class weights)",
    why: "the loss function's constant class weights, set from the config; inference does not use them"
  },
  {
    // a network inside the loss (two or more segments under it), not a loss's own constant: `lm_loss` is XLM's head;
    // `loss_head` is a model's own head (ArcFace-style margin heads), not a loss network
    pattern: /(?:^|\.)(?!lm_loss\.)(?:loss_(?!heads?\.)\w+|\w+_loss|perceptual\w*|lpips|criterion\w*)\.\w+(?:\.\w+)+$/,
    what: "network of a training loss (a perceptual, segmentation or LPIPS loss's feature extractor)",
    lossNetwork: true,
    why: "its parameters are pretrained or trained with the loss, which uses the network to compare outputs during training; the inference model does not use it to predict, so leaving it out loses nothing the model needs"
  },
  ...OPTIMIZER_STATE,
  {
    pattern: /(?:^|\.)EncDecAttention\.relative_attention_bias\.weight$/,
    what: "T5 cross-attention relative bias",
    why: "T5 cross-attention never uses a relative position bias; transformers stopped creating this unused table"
  }
];
function isCounter(key) {
  return key === "num_batches_tracked" || key.endsWith(".num_batches_tracked");
}
function bufferRule(key) {
  for (const r of NON_WEIGHT_BUFFERS) if (r.pattern.test(key)) return r;
  return null;
}
var HEAD_MODULE = /(?:^|\.)(?:fc|fc\d|fcn|classifier|classifiers|head\d*|heads|\w+_head\d*|cls|cls_head|cls_score|cls_logits|bbox_pred|fc_cls|fc_reg|conv_cls|conv_reg|logits?|last_linear|last_layer|linear_head|class_embed|bbox_embed|predictor|score|score_fr|pretrain_head|aux_head|auxlogits|aux_classifier|decode_head\.conv_seg|auxiliary_head\.conv_seg|conv_seg|final_layer|output_layer|proj_head|mlp_head|top|qa_outputs|pooler|pooler_head)(?:\.|$)/i;
var HEAD_ROLES = [
  { role: "language-model head", re: /(?:^|\.)(?:lm_head|lm_predictions|predictions|generator_lm_head|mlm_head|lm_loss)(?:\.|$)/ },
  { role: "next-sentence head", re: /(?:^|\.)seq_relationship(?:\.|$)/ },
  { role: "pooler", re: /(?:^|\.)pooler(?:\.|$)/ },
  { role: "classifier", re: /(?:^|\.)(?:classifier|qa_outputs|score)(?:\.|$)/ }
];
function headRole(key) {
  return HEAD_ROLES.find((h) => h.re.test(key))?.role ?? null;
}
function crossesHeadRoles(a, b) {
  const ra = headRole(a);
  const rb = headRole(b);
  return ra !== null && rb !== null && ra !== rb;
}
var ADAPTER_WEIGHT = /(?:^|\.)(?:lora_[AB]|lora_embedding_[AB]|lora_magnitude_vector|ia3_l|modules_to_save)(?:\.|$)|(?:^|\.)prompt_encoder\.default(?:\.|$)/;
var VOCAB_MODULE = /(?:^|\.)(?:embed_tokens|wte|word_embeddings|tok_embeddings|tok_emb|token_embedding|shared|lut|lm_head|embed_out|output)(?:\.|$)/;
var POSITION_MODULE = /(?:^|\.)(?:\w*pos_embed\w*|\w*pos\d*_emb\w*|position_embeddings?|positional_embedding|wpe|relative_position_bias_table|embed_positions)(?:\.|$)/;
var DEFAULT_CLASS_COUNTS = /* @__PURE__ */ new Map([
  [1e3, "ImageNet-1k"],
  [1001, "ImageNet-1k with a background class (TF)"],
  [21843, "ImageNet-21k"],
  [21841, "ImageNet-21k"],
  [11821, "ImageNet-21k-P"],
  [80, "COCO"],
  [81, "COCO with background"],
  [91, "COCO (torchvision ids)"],
  [255, "COCO YOLO head: (80 classes + 5) \xD7 3 anchors"],
  [2, "transformers' default num_labels"],
  [19, "Cityscapes"],
  [150, "ADE20K"],
  [365, "Places365"]
]);
var WEIGHT_CONTAINERS = [
  "state_dict",
  "model_state_dict",
  "model",
  "model_state",
  "net",
  "network",
  "module",
  "params",
  "weights",
  "weight",
  "generator",
  "netG",
  "G",
  "trainer",
  "state_dict_ema",
  "model_ema",
  "ema",
  "ema_model",
  "teacher",
  "student"
];
var CHECKPOINT_METADATA = /* @__PURE__ */ new Set([
  "optimizer",
  "optimizers",
  "optimizer_state_dict",
  "optimizer_states",
  "optim",
  "opt",
  "opt_g",
  "opt_d",
  "optimizer_g",
  "optimizer_d",
  "scheduler",
  "schedulers",
  "lr_scheduler",
  "lr_schedulers",
  "scaler",
  "amp",
  "grad_scaler",
  "epoch",
  "epochs",
  "step",
  "steps",
  "global_step",
  "iteration",
  "iterations",
  "iter",
  "iters",
  "it",
  "niter",
  "config",
  "config_dict",
  "cfg",
  "args",
  "opts",
  "hyper_parameters",
  "hparams",
  "hparams_name",
  "hyperparameters",
  "callbacks",
  "loops",
  "meta",
  "metadata",
  "pytorch-lightning_version",
  "arch",
  "version",
  "date",
  "best_acc",
  "best_acc1",
  "best_prec1",
  "best_loss",
  "best_score",
  "best_metric",
  "best_epoch",
  "previous_best",
  "best_val",
  "loss",
  "acc",
  "train_loss",
  "val_loss",
  "history",
  "rng_state",
  "random_state",
  "seed",
  "stats",
  "metrics"
]);
function isCheckpointField(key) {
  return CHECKPOINT_METADATA.has(key) || WEIGHT_CONTAINERS.includes(key);
}
var WRAPPER_PREFIXES2 = [
  // `classes`: the wrapper's class as an error names it ("for DataParallel:"): that model's own keys carry the prefix
  { prefix: "module.", who: "DataParallel / DistributedDataParallel", classes: ["DataParallel", "DistributedDataParallel"] },
  { prefix: "_orig_mod.", who: "torch.compile", classes: ["OptimizedModule"] },
  { prefix: "_orig_mod.module.", who: "torch.compile around DataParallel/DDP" },
  { prefix: "module._orig_mod.", who: "DataParallel/DDP around torch.compile" }
];
var COMPONENT_PREFIXES = [
  {
    prefix: "backbone.",
    who: "OpenMMLab backbone init_cfg / pretrained",
    why: "a whole model's checkpoint (detector, segmentor, classifier) was given as the backbone's pretrained weights, and the backbone alone does not know the `backbone.` its keys start with: strip it (in the config: init_cfg=dict(type='Pretrained', checkpoint=..., prefix='backbone.')), or load the whole checkpoint into the whole model (load_from)"
  }
];
var STEM_MODULE = /(?:^|\.)(?:conv1|bn1|stem|conv_stem|patch_embed|embeddings|embedding|embed|embed_tokens|wte|word_embeddings|tok_embeddings|tok_emb|token_embedding|input_layer|first_conv|conv_first|conv_in|input_blocks\.0|features\.0)(?:\.|$)/;

// src/analysis/diagnose.ts
var s = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
var code = (k) => `\`${k}\``;
var shape = (d) => `[${d.join(", ")}]`;
function wrapperCause(prefix) {
  switch (prefix) {
    case "module.":
      return "the checkpoint was saved from a DataParallel/DistributedDataParallel-wrapped model";
    case "_orig_mod.":
      return "the checkpoint was saved from a model compiled with torch.compile, whose wrapper holds the model as `_orig_mod`";
    case "_orig_mod.module.":
    case "module._orig_mod.":
      return "the checkpoint was saved from a model both compiled with torch.compile and wrapped in DataParallel/DDP";
    case "model.":
    case "net.":
    case "network.":
      return `the checkpoint was saved from a wrapper that held the model as ${code(prefix.slice(0, -1))} (a PyTorch Lightning LightningModule or a training wrapper)`;
    default:
      return `the checkpoint was saved from a larger model that held this one as ${code(prefix.slice(0, -1))}`;
  }
}
function wrapperNow(prefix) {
  switch (prefix) {
    case "module.":
      return "the model is wrapped in DataParallel/DistributedDataParallel now and the checkpoint was saved from the bare model";
    case "_orig_mod.":
      return "the model is compiled with torch.compile now and the checkpoint was saved from the uncompiled model";
    default:
      return `the model now holds the checkpoint's network as ${code(prefix.slice(0, -1))}`;
  }
}
function bestPrefix(from, into) {
  if (from.length === 0 || into.size === 0) return null;
  const heads = /* @__PURE__ */ new Set();
  for (const k of into) heads.add(firstSegment(k));
  const SAMPLE = 512;
  let candidates = null;
  if (from.length > SAMPLE * 4) {
    const step = from.length / SAMPLE;
    const sample2 = [];
    for (let i = 0; i < SAMPLE; i++) sample2.push(from[Math.floor(i * step)]);
    const counts2 = [...prefixHits(sample2, into, heads, null)].sort((a, b) => b[1].length - a[1].length);
    candidates = new Set(counts2.slice(0, 3).map(([p]) => p));
    if (candidates.size === 0) return null;
  }
  let best2 = null;
  for (const [prefix, keys] of prefixHits(from, into, heads, candidates)) if (!best2 || keys.length > best2.keys.length) best2 = { prefix, keys };
  return best2;
}
function prefixHits(from, into, heads, only2) {
  const hits = /* @__PURE__ */ new Map();
  for (const k of from) {
    let end = -1;
    for (let n = 1; n <= 3; n++) {
      end = k.indexOf(".", end + 1);
      if (end < 0) break;
      const next = k.indexOf(".", end + 1);
      if (!heads.has(k.slice(end + 1, next < 0 ? k.length : next))) continue;
      const p = k.slice(0, end + 1);
      if (only2 !== null && !only2.has(p)) continue;
      if (!into.has(k.slice(end + 1))) continue;
      const list = hits.get(p);
      if (list) list.push(k);
      else hits.set(p, [k]);
    }
  }
  return hits;
}
function bestSwap(unexpected, missing) {
  const restToPrefix = /* @__PURE__ */ new Map();
  for (const u of unexpected) {
    for (let n = 1; n <= 2; n++) {
      const p = leadingPrefix(u, n);
      if (p === null) break;
      const rest = u.slice(p.length);
      if (!restToPrefix.has(rest)) restToPrefix.set(rest, p);
    }
  }
  const pairs = /* @__PURE__ */ new Map();
  for (const m of missing) {
    for (let n = 1; n <= 2; n++) {
      const p = leadingPrefix(m, n);
      if (p === null) break;
      const from = restToPrefix.get(m.slice(p.length));
      if (from === void 0 || from === p) continue;
      const id = `${from}\0${p}`;
      const e = pairs.get(id);
      if (e) e.keys.push(m);
      else pairs.set(id, { from, to: p, keys: [m] });
      break;
    }
  }
  let best2 = null;
  for (const p of pairs.values()) if (!best2 || p.keys.length > best2.keys.length) best2 = p;
  return best2;
}
var NESTED_CONTAINERS = new Set(WEIGHT_CONTAINERS);
function onlyFirstDimDiffers(m) {
  const a = m.source;
  const b = m.expected;
  return a.length === b.length && a.length > 0 && a[0] !== b[0] && a.every((d, i) => i === 0 || d === b[i]);
}
function isTransposed(m) {
  const [a0, a1] = m.source;
  const [b0, b1] = m.expected;
  return m.source.length === 2 && m.expected.length === 2 && a0 === b1 && a1 === b0 && a0 !== a1;
}
function firstSegment(k) {
  const dot = k.indexOf(".");
  return dot < 0 ? k : k.slice(0, dot);
}
function wholeModules(keys, other) {
  if (keys.length === 0) return null;
  const present = new Set(other.map((e) => firstSegment(e.key)));
  const mods = [];
  for (const k of keys) {
    const m = firstSegment(k);
    if (m === k || present.has(m)) return null;
    if (!mods.includes(m)) mods.push(m);
  }
  return mods;
}
function sameShapes(missing, unexpected, expected, source) {
  const expShape = new Map(expected.map((e) => [e.key, e.shape]));
  const srcShape = new Map(source.map((e) => [e.key, e.shape]));
  const m = missing.map((k) => expShape.get(k) ?? null);
  const u = unexpected.map((k) => srcShape.get(k) ?? null);
  if (m.some((x) => x === null) || u.some((x) => x === null)) return null;
  const ms = m.map((x) => x.join("x"));
  const us = u.map((x) => x.join("x"));
  if (ms.length === us.length && ms.every((x, i) => x === us[i])) return { inOrder: true, paired: ms.length };
  const pool2 = /* @__PURE__ */ new Map();
  for (const x of us) pool2.set(x, (pool2.get(x) ?? 0) + 1);
  let paired = 0;
  for (const x of ms) {
    const n = pool2.get(x) ?? 0;
    if (n > 0) {
      paired++;
      pool2.set(x, n - 1);
    }
  }
  return paired * 5 >= ms.length * 4 ? { inOrder: false, paired } : null;
}
function diagnose(diff, source, expected) {
  const out = [];
  const missingSet = new Set(diff.missing);
  const unexpectedSet = new Set(diff.unexpected);
  let explainedMissing = 0;
  const extra = bestPrefix(diff.unexpected, missingSet);
  if (extra && extra.keys.length * 2 >= Math.min(diff.missing.length, diff.unexpected.length)) {
    const all = extra.keys.length === source.length;
    const who = all ? "every key in the checkpoint has" : `${s(extra.keys.length, "key")} of the checkpoint's ${source.length} ${extra.keys.length === 1 ? "has" : "have"}`;
    out.push({
      code: "extra-prefix",
      message: `${who} an extra ${code(extra.prefix)} prefix that the model's keys lack (e.g. ${code(extra.keys[0])} for ${code(extra.keys[0].slice(extra.prefix.length))}): ${wrapperCause(extra.prefix)}.`,
      keys: extra.keys
    });
    explainedMissing += extra.keys.length;
  }
  const lacking = bestPrefix(diff.missing, unexpectedSet);
  if (lacking && lacking.keys.length * 2 >= Math.min(diff.missing.length, diff.unexpected.length) && lacking.keys.length > (extra?.keys.length ?? 0)) {
    const all = lacking.keys.length === expected.length;
    const who = all ? "the model expects every key" : `the model expects ${s(lacking.keys.length, "key")}`;
    out.push({
      code: "missing-prefix",
      message: `${who} under ${code(lacking.prefix)}, and the checkpoint has the same keys without it (e.g. ${code(lacking.keys[0].slice(lacking.prefix.length))} for ${code(lacking.keys[0])}): ${wrapperNow(lacking.prefix)}.`,
      keys: lacking.keys
    });
    explainedMissing += lacking.keys.length;
  }
  if (explainedMissing * 2 < diff.missing.length) {
    const swap = bestSwap(diff.unexpected, diff.missing);
    if (swap && swap.keys.length * 2 >= diff.missing.length - explainedMissing) {
      const eg = swap.keys[0];
      out.push({
        code: "prefix-swap",
        message: `${s(swap.keys.length, "key")} the model expects under ${code(swap.to)} ${swap.keys.length === 1 ? "is" : "are"} in the checkpoint under ${code(swap.from)} with the same remainder (e.g. ${code(swap.from + eg.slice(swap.to.length))} for ${code(eg)}): the same module was saved under another name${swap.from === "module." || swap.to === "module." || swap.from === "_orig_mod." || swap.to === "_orig_mod." ? " (one side carries a DataParallel `module.` or torch.compile `_orig_mod.` wrapper)" : ""}.`,
        keys: swap.keys
      });
      explainedMissing += swap.keys.length;
    }
  }
  if (explainedMissing * 2 < diff.missing.length && diff.missing.length > 0 && diff.unexpected.length > 0) {
    const renamed = sameShapes(diff.missing, diff.unexpected, expected, source);
    if (renamed) {
      out.push({
        code: "renamed",
        message: `none of the ${s(diff.missing.length, "missing key")} is in the checkpoint by name, but ${renamed.inOrder ? `the checkpoint's ${s(diff.unexpected.length, "unexpected tensor")} have the same shapes in the same order` : `${renamed.paired} of them have the same shapes as unexpected tensors in the checkpoint`} (e.g. ${code(diff.unexpected[0])} for ${code(diff.missing[0])}): the same modules were saved under other names.`,
        keys: diff.missing
      });
      explainedMissing = diff.missing.length;
    }
  }
  const topLevel = diff.unexpected.filter(isCheckpointField);
  const container = topLevel.find((k) => NESTED_CONTAINERS.has(k));
  if (container !== void 0 && topLevel.length * 2 >= diff.unexpected.length && diff.missing.length * 2 >= expected.length) {
    out.push({
      code: "nested",
      message: `the keys given to the model are a checkpoint's fields (${topLevel.slice(0, 4).map(code).join(", ")}) rather than weights: the state dict is nested inside the checkpoint, under ${code(container)}.`,
      keys: topLevel
    });
    explainedMissing = diff.missing.length;
  }
  const transposed = diff.shapeMismatch.filter(isTransposed);
  if (transposed.length > 0) {
    const t = transposed[0];
    out.push({
      code: "transposed",
      message: `${s(transposed.length, "weight")} ${transposed.length === 1 ? "has its" : "have their"} two dimensions swapped (e.g. ${code(t.key)}: ${shape(t.source)} in the checkpoint, ${shape(t.expected)} in the model): the checkpoint stores ${transposed.length === 1 ? "it" : "them"} transposed, as GPT-2-style Conv1D layers do compared with nn.Linear.`,
      keys: transposed.map((m) => m.key)
    });
  }
  const rowsOnly = diff.shapeMismatch.filter((m) => !isTransposed(m) && onlyFirstDimDiffers(m));
  const vocab = rowsOnly.filter((m) => VOCAB_MODULE.test(m.key));
  const vocabSizes = new Set(vocab.map((m) => `${m.source[0]}>${m.expected[0]}`));
  const hasEmbedding = vocab.some((m) => !/lm_head|output|logit|embed_out/.test(m.key));
  if (vocab.length > 0 && hasEmbedding && vocabSizes.size === 1) {
    const v = vocab[0];
    out.push({
      code: "vocab-size",
      message: `the token embedding${vocab.length > 1 ? " and output layers have" : " has"} ${v.source[0]} rows in the checkpoint and ${v.expected[0]} in the model (${vocab.map((m) => code(m.key)).join(", ")}): the vocabulary size differs, as when tokens are added to or removed from the tokenizer.`,
      keys: vocab.map((m) => m.key)
    });
  }
  const vocabKeys = new Set(out.find((d) => d.code === "vocab-size")?.keys ?? []);
  const others = rowsOnly.filter((m) => !vocabKeys.has(m.key));
  const lastModules = others.length > 0 ? lastTwoModules(expected) : /* @__PURE__ */ new Set();
  const head = others.filter((m) => HEAD_MODULE.test(m.key) || lastModules.has(moduleOf(m.key)));
  if (head.length > 0 && head.length === others.length && head.length <= 4) {
    const h = head[0];
    const mod = moduleOf(h.key) || h.key;
    out.push({
      code: "head-size",
      message: `the output layer ${code(mod)} has ${h.source[0]} outputs in the checkpoint and ${h.expected[0]} in the model (${code(h.key)}: ${shape(h.source)} vs ${shape(h.expected)}): the checkpoint was trained for another number of classes.`,
      keys: head.map((m) => m.key)
    });
  }
  const nbt = (k) => leafOf(k) === "num_batches_tracked";
  if (diff.missing.length > 0 && diff.missing.every(nbt)) {
    out.push({
      code: "num-batches-tracked",
      message: `only \`num_batches_tracked\` buffers are missing (${s(diff.missing.length, "BatchNorm layer")}): the checkpoint was saved by PyTorch older than 0.4.1, before BatchNorm counted batches.`,
      keys: diff.missing
    });
    explainedMissing = diff.missing.length;
  } else if (diff.unexpected.length > 0 && diff.unexpected.every(nbt)) {
    out.push({
      code: "num-batches-tracked",
      message: `the only unexpected keys are \`num_batches_tracked\` buffers (${s(diff.unexpected.length, "BatchNorm layer")}): the model's normalisation layers do not keep this counter (e.g. BatchNorm with track_running_stats=False, or another normalisation).`,
      keys: diff.unexpected
    });
  }
  if (explainedMissing === 0 && (expected.length - diff.missing.length) * 2 >= expected.length) {
    const mods = wholeModules(diff.missing, source);
    if (mods && mods.length <= 3) {
      out.push({
        code: "missing-module",
        message: `all ${s(diff.missing.length, "missing key")} belong to ${mods.map((m) => code(m)).join(", ")}, which the checkpoint lacks entirely: the model has a part the checkpoint was not trained with (such as a new head).`,
        keys: diff.missing
      });
    }
    const unused = wholeModules(diff.unexpected, expected);
    if (unused && unused.length <= 3 && !out.some((d) => d.code === "nested")) {
      out.push({
        code: "unused-module",
        message: `all ${s(diff.unexpected.length, "unexpected key")} belong to ${unused.map((m) => code(m)).join(", ")}, which the model does not have: the checkpoint holds a part the model leaves out (such as a pretraining head).`,
        keys: diff.unexpected
      });
    }
  }
  if (diff.dtypeMismatch.length > 0) {
    const pairs = /* @__PURE__ */ new Map();
    for (const d of diff.dtypeMismatch) pairs.set(`${d.source} \u2192 ${d.expected}`, (pairs.get(`${d.source} \u2192 ${d.expected}`) ?? 0) + 1);
    const [pair, n] = [...pairs.entries()].sort((a, b) => b[1] - a[1])[0];
    const [from, to] = pair.split(" \u2192 ");
    out.push({
      code: "dtype",
      message: `${s(diff.dtypeMismatch.length, "tensor")} differ in dtype${pairs.size === 1 ? "" : ` (most often ${n})`}: ${from} in the checkpoint, ${to} in the model. load_state_dict casts on copy, so this alone does not make loading fail.`,
      keys: diff.dtypeMismatch.map((d) => d.key)
    });
  }
  const inBoth = expected.length - diff.missing.length;
  if (expected.length > 0 && source.length > 0 && inBoth * 10 < expected.length && explainedMissing * 2 < diff.missing.length) {
    const shapesKnown = mostlyShaped(source) && mostlyShaped(expected);
    out.push({
      code: shapesKnown ? "disjoint" : "unexplained",
      message: shapesKnown ? `the checkpoint and the model share almost no keys (${inBoth} of the model's ${expected.length} are in the checkpoint's ${source.length}) and no common prefix explains it: the checkpoint is probably for another model.` : `the checkpoint and the model share almost no keys (${inBoth} of the model's ${expected.length} are in the checkpoint's ${source.length}) and no common prefix explains it. Shapes are not known on both sides, so a rename cannot be told from another model: compare against the checkpoint itself or a manifest.`,
      keys: []
    });
  }
  return out;
}
function lastTwoModules(expected) {
  const seen = /* @__PURE__ */ new Set();
  let previous = null;
  let last = null;
  let beforeLast = null;
  for (const e of expected) {
    if (e.key.endsWith("num_batches_tracked")) continue;
    const m = moduleOf(e.key);
    if (m === previous) continue;
    previous = m;
    if (seen.has(m)) continue;
    seen.add(m);
    beforeLast = last;
    last = m;
  }
  const out = /* @__PURE__ */ new Set();
  if (beforeLast !== null) out.add(beforeLast);
  if (last !== null) out.add(last);
  return out;
}
function mostlyShaped(entries) {
  let known = 0;
  for (const e of entries) if (e.shape !== null) known++;
  return known * 2 > entries.length;
}

// src/analysis/group.ts
function formatIndexSet(values) {
  const v = [...new Set(values)].sort((a, b) => a - b);
  if (v.length === 1) return String(v[0]);
  const parts = [];
  for (let i = 0; i < v.length; ) {
    let j = i;
    while (j + 1 < v.length && v[j + 1] === v[j] + 1) j++;
    if (j - i >= 2) parts.push(`${v[i]}..${v[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(v[k]));
    i = j + 1;
  }
  return `{${parts.join(",")}}`;
}
var SLOT = "{}";
var NUMBER = /(?<!\d)(?:0|[1-9]\d{0,8})(?!\d)/g;
function nameTemplate(key) {
  const indices2 = [];
  const template = key.replace(NUMBER, (d) => {
    indices2.push(Number(d));
    return SLOT;
  });
  return { template, indices: indices2 };
}
function fill2(template, slots) {
  let i = 0;
  return template.split(".").map((seg) => seg.replace(/\{\}/g, () => slots[i++]));
}
function isCrossProduct(rows, depth2) {
  const width = rows[0].t.length;
  let product = 1;
  for (let p = depth2; p < width; p++) {
    const seen = /* @__PURE__ */ new Set();
    for (const r of rows) seen.add(r.t[p]);
    product *= seen.size;
    if (product > rows.length) return false;
  }
  return product === rows.length;
}
function factor(rows, depth2) {
  const width = rows[0].t.length;
  if (depth2 === width) return [{ slots: [], rows }];
  if (isCrossProduct(rows, depth2)) {
    const slots = [];
    for (let p = depth2; p < width; p++) slots.push(formatIndexSet(rows.map((r) => r.t[p])));
    return [{ slots, rows }];
  }
  const byFirst = /* @__PURE__ */ new Map();
  for (const r of rows) {
    const v = r.t[depth2];
    const list = byFirst.get(v);
    if (list) list.push(r);
    else byFirst.set(v, [r]);
  }
  const bySub = /* @__PURE__ */ new Map();
  for (const [v, group] of byFirst) {
    const sub = factor(group, depth2 + 1);
    const sig = sub.map((f) => f.slots.join("|")).join("||");
    const entry = bySub.get(sig);
    if (entry) {
      entry.values.push(v);
      entry.subs.push(sub);
    } else bySub.set(sig, { values: [v], subs: [sub] });
  }
  const out = [];
  for (const { values, subs } of bySub.values()) {
    const head = formatIndexSet(values);
    subs[0].forEach((f, i) => out.push({ slots: [head, ...f.slots], rows: subs.flatMap((sub) => sub[i].rows) }));
  }
  return out;
}
function mergeable(seg) {
  return !/^\d/.test(seg) && !/[{},]/.test(seg);
}
function mergeSiblings(drafts, fromEnd) {
  const out = [];
  let run = [];
  let runSig = "";
  const flush = () => {
    if (run.length === 1) out.push(run[0]);
    else if (run.length > 1) {
      const p = run[0].segments.length - fromEnd;
      const segments = [...run[0].segments];
      segments[p] = `{${run.map((d) => d.segments[p]).join(",")}}`;
      out.push({ segments, keys: run.flatMap((d) => d.keys), first: run[0].first });
    }
    run = [];
  };
  for (const d of drafts) {
    const p = d.segments.length - fromEnd;
    const sig = p >= 0 && d.segments.length >= 2 && mergeable(d.segments[p]) ? `${d.segments.length}|${d.segments.map((s2, i) => i === p ? "*" : s2).join(".")}` : null;
    if (sig !== null && run.length > 0 && sig === runSig) {
      run.push(d);
      continue;
    }
    flush();
    run = [d];
    runSig = sig ?? "\0";
  }
  flush();
  return out;
}
function collapse(items2, template) {
  const byTemplate = /* @__PURE__ */ new Map();
  const alone = [];
  for (const item of items2) {
    const t = template(item);
    if (t === null) {
      alone.push({ rows: [{ t: [], key: "", pos: item.pos, item }], slots: null, template: "" });
      continue;
    }
    const row = { t: t.indices, key: "", pos: item.pos, item };
    const rows = byTemplate.get(t.template);
    if (rows) rows.push(row);
    else byTemplate.set(t.template, [row]);
  }
  const out = [...alone];
  for (const [template2, rows] of byTemplate) {
    for (const f of factor(rows, 0)) {
      const fr = f.rows;
      fr.sort((a, b) => a.pos - b.pos);
      out.push({ rows: fr, slots: fr.length === 1 ? null : f.slots, template: template2 });
    }
  }
  return out.sort((a, b) => a.rows[0].pos - b.rows[0].pos);
}
function groupKeys(keys) {
  const seen = /* @__PURE__ */ new Set();
  const items2 = [];
  keys.forEach((key, pos) => {
    if (seen.has(key)) return;
    seen.add(key);
    items2.push({ key, pos });
  });
  let drafts = collapse(items2, (x) => nameTemplate(x.key)).map((g) => ({
    segments: g.slots === null ? g.rows[0].item.key.split(".") : fill2(g.template, g.slots),
    keys: g.rows.map((r) => r.item.key),
    first: g.rows[0].pos
  }));
  drafts = mergeSiblings(mergeSiblings(drafts, 1), 2);
  return drafts.map((d) => ({ pattern: d.segments.join("."), module: d.segments.length > 1 ? d.keys[0].slice(0, d.keys[0].indexOf(".")) : "", keys: d.keys }));
}
function groupRenames(renames) {
  const items2 = renames.map((r, pos) => ({ r, pos, from: nameTemplate(r.from), to: nameTemplate(r.to) }));
  const offsets = (x) => x.from.indices.length === x.to.indices.length ? x.from.indices.map((v, i) => x.to.indices[i] - v) : null;
  const groups = collapse(items2, (x) => {
    const shift = offsets(x);
    return shift ? { template: `${x.from.template}\0${x.to.template}\0${shift.join(",")}`, indices: x.from.indices } : null;
  }).map((g) => {
    const first = g.rows[0].item;
    const renamesOf = g.rows.map((row) => row.item.r);
    if (g.slots === null) return { from: first.r.from.split("."), to: first.r.to.split("."), renames: renamesOf };
    const toSlots = g.slots.map((_, p) => formatIndexSet(g.rows.map((row) => row.item.to.indices[p])));
    return { from: fill2(first.from.template, g.slots), to: fill2(first.to.template, toSlots), renames: renamesOf };
  });
  return mergeLeaves(groups).map((g) => ({ from: g.from.join("."), to: g.to.join("."), renames: g.renames }));
}
function mergeLeaves(groups) {
  const out = [];
  const stem = (g) => `${g.from.slice(0, -1).join(".")}\0${g.to.slice(0, -1).join(".")}`;
  const leafOk = (g) => g.from.length >= 2 && g.to.length >= 2 && g.from.at(-1) === g.to.at(-1) && mergeable(g.from.at(-1));
  let run = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]);
    else if (run.length > 1) {
      const leaves = `{${run.map((g) => g.from.at(-1)).join(",")}}`;
      out.push({ from: [...run[0].from.slice(0, -1), leaves], to: [...run[0].to.slice(0, -1), leaves], renames: run.flatMap((g) => g.renames) });
    }
    run = [];
  };
  for (const g of groups) {
    if (run.length > 0 && leafOk(g) && leafOk(run[0]) && stem(g) === stem(run[0]) && g.renames.length === run[0].renames.length) {
      run.push(g);
      continue;
    }
    flush();
    run = [g];
  }
  flush();
  return out;
}
function renderGroups(groups, opts = {}) {
  const line = (g) => opts.counts && g.keys.length > 1 ? `${g.pattern}  (${g.keys.length} keys)` : g.pattern;
  const max = opts.maxLines ?? Infinity;
  if (groups.length <= max) return groups.map(line);
  const shown = groups.slice(0, Math.max(0, max - 1));
  const rest = groups.slice(shown.length);
  const restKeys = rest.reduce((n, g) => n + g.keys.length, 0);
  return [...shown.map(line), `\u2026 and ${restKeys} more key${restKeys === 1 ? "" : "s"} in ${rest.length} more line${rest.length === 1 ? "" : "s"}`];
}

// src/analysis/infer/types.ts
function locate(entries) {
  const m = /* @__PURE__ */ new Map();
  entries.forEach((e, pos) => {
    if (!m.has(e.key)) m.set(e.key, { key: e.key, shape: e.shape, dtype: e.dtype, pos });
  });
  return m;
}

// src/analysis/infer/shapes.ts
function sameDims(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function squeezed(shape4) {
  return shape4.filter((d) => d !== 1);
}
function shapeRelation(a, b) {
  if (!a || !b) return "unknown";
  if (sameDims(a, b)) return "equal";
  if (a.length === 2 && b.length === 2 && a[0] === b[1] && a[1] === b[0]) return "transposed";
  if (sameDims(squeezed(a), squeezed(b))) return "reshaped";
  return "different";
}
function outputsDiffer(m) {
  const a = m.source;
  const b = m.expected;
  if (a.length !== b.length || a.length === 0 || a[0] === b[0]) return false;
  if (a.length === 2) return a[1] === b[1];
  return a.length === 1 || a[1] === b[1];
}
function formatShape(s2) {
  return s2 ? `[${s2.join(", ")}]` : "[?]";
}
function dtypeKind(d) {
  if (d === "bool") return "bool";
  if (d.startsWith("complex")) return "complex";
  if (d.startsWith("q")) return "quantized";
  if (d.startsWith("float") || d === "bfloat16") return "float";
  return "int";
}
function dtypesCompatible(a, b) {
  if (!a || !b) return true;
  return dtypeKind(a) === dtypeKind(b);
}
function canCorrespond(a, b) {
  return shapeRelation(a.shape, b.shape) !== "different" && dtypesCompatible(a.dtype, b.dtype);
}
function shapeClass(e) {
  const kind2 = e.dtype ? dtypeKind(e.dtype) : "?";
  if (!e.shape) return `?|${kind2}`;
  const q = squeezed(e.shape);
  const s2 = q.length === 2 ? q.sort((x, y) => x - y) : q;
  return `${s2.join("x")}|${kind2}`;
}

// src/analysis/infer/confidence.ts
var CONFIDENCE = {
  /** the same key on both sides: nothing is inferred */
  exact: 1,
  /** names equal up to separators and known synonyms (`gamma` = `weight`): spelling, not a guess */
  canonical: 0.95,
  /** a prefix rule: starts here and rises with the number of keys it explains (capped by prefixCap) */
  prefixBase: 0.9,
  /** even a prefix over 100,000 keys is a rule read off the data, not the same name: stays below exact */
  prefixCap: 0.99,
  /** a whole module tree aligned by subtree signatures (shapes, relative keys, order) */
  moduleTree: 0.9,
  /** per level of look-alike siblings paired by order alone (experts): each level leans on order more */
  moduleOrderStep: 0.95,
  /** per level of siblings paired by name and order (Hungarian): nearly as sure as the level above */
  moduleAssignStep: 0.97,
  /**
   * every checkpoint key is its model key minus the same number of leading characters (fixed-cut.ts):
   * a mechanical rule read off the data, but the characters cut are inferred, never seen
   */
  fixedCut: 0.85,
  /** a Detectron2-style longest common dot-suffix: starts here, rises with the suffix's length */
  suffixBase: 0.8,
  /** suffix matches never reach canonical names: they ignore everything before the suffix */
  suffixCap: 0.95,
  /** a template match: base before name similarity, order and shapes add their share (template-score.ts) */
  templateBase: 0.55,
  /** a template match is similarity, never certainty */
  templateCap: 0.98,
  /** a fused tensor split or joined with both sides' shapes: starts here, rises with name similarity */
  fusedBase: 0.75,
  fusedCap: 0.95,
  /** a fused tensor whose sizes rest on one side's shapes only (equal parts assumed) */
  fusedAssumed: 0.6,
  /**
   * a whole cut into exactly what is left unpaired in the block its neighbours went to (FLUX's
   * linear1 → to_q/to_k/to_v/proj_mlp): sizes from both sides' shapes, but the order of unequal
   * parts rests on a convention (named q, k, v first), so below a named fusion
   */
  fusedResidual: 0.7,
  /** a square Conv1D weight transposed because a same-named module's shape proves the layout */
  squareTransposeByName: 0.6,
  /**
   * a top-level container renamed whole, every key below its first segment equal on both sides and
   * that set unique on each side (container-swap.ts): a rule read off the data, below prefix rules
   * because the renamed word is inferred from the set, not seen alike
   */
  containerSwap: 0.85,
  /**
   * the one normalisation layer left in a container on each side, same parameters and running
   * statistics (sole-norm.ts): specific, but the names need not read alike, so below suffix matches
   */
  soleNorm: 0.75,
  /** a drop: the key has no counterpart in a model whose every key is accounted for, or is a head of another size */
  drop: 0.9,
  /**
   * a copy for a tied weight (lm_head ↔ embeddings, decoder.bias ↔ bias): the model lists the tensor
   * twice, the checkpoint once; the tie is known by name and the shapes agree, but it is a known
   * convention, not something the checkpoint shows
   */
  tie: 0.85,
  /** one group of tensors that differ only in an index 0..n−1 fits a stacked tensor's shape and layer */
  stackUnique: 0.85,
  /** several such groups fit alike, paired with their targets in state-dict order: order is weaker evidence */
  stackByOrder: 0.75,
  /**
   * groups stacked, then joined along the next dim (transformers v5's `gate_up_proj` of w1 and w3): each
   * group fits as a stack does, their sizes add up exactly, and the whole's name lists the parts in
   * order — as specific as one stack, but the order rests on a naming convention, not on shapes
   */
  stackJoined: 0.8,
  /**
   * Caffe2 blob names read as module paths (`res2_0_branch2a_w` → `res2.0.branch2a.weight`,
   * blob-names.ts): how Detectron's own converters read them, a fixed convention rather than a guess,
   * but it rests on every underscore being a separator, which a blob name cannot confirm
   */
  blobNames: 0.9
};
function opConfidence(sources, pairs) {
  let sum = 0;
  let n = 0;
  for (const s2 of sources) {
    const p = pairs.get(s2);
    if (!p) continue;
    sum += p.confidence;
    n++;
  }
  return n ? Math.round(sum / n * 100) / 100 : 0.5;
}
var POS_SPAN = 2 ** 26;
function opEvidence(sources, pairs, source, target) {
  const rels = /* @__PURE__ */ new Set();
  const positions = new Float64Array(sources.length);
  let n = 0;
  for (const s2 of sources) {
    const p = pairs.get(s2);
    const a = source.get(s2);
    const b = p ? target.get(p.target) : void 0;
    if (!a || !b) continue;
    rels.add(shapeRelation(a.shape, b.shape));
    positions[n++] = a.pos * POS_SPAN + b.pos;
  }
  const sorted = positions.subarray(0, n).sort();
  let inversions = 0;
  for (let i = 1; i < n; i++) if (sorted[i] % POS_SPAN < sorted[i - 1] % POS_SPAN) inversions++;
  const shapes = rels.size === 1 && rels.has("equal") ? "shapes equal" : rels.has("different") ? "some shapes differ" : rels.has("transposed") || rels.has("reshaped") ? `shapes equal up to ${rels.has("transposed") ? "transpose" : "dims of size 1"}` : rels.has("unknown") && rels.size === 1 ? "shapes unknown" : "shapes equal where known";
  const order = n < 2 ? "" : inversions === 0 ? ", order preserved" : `, order differs at ${inversions} place${inversions > 1 ? "s" : ""}`;
  return `${sources.length} key${sources.length === 1 ? "" : "s"}, ${shapes}${order}`;
}

// src/analysis/infer/exact.ts
function matchExact(pool2) {
  const pairs = [];
  for (const key of pool2.source.keys()) if (pool2.target.has(key)) pairs.push({ source: key, target: key, stage: "exact", confidence: CONFIDENCE.exact });
  return pairs;
}

// src/analysis/infer/synonyms.ts
var SEGMENT_SYNONYMS = {
  gamma: "weight",
  beta: "bias",
  moving_mean: "running_mean",
  moving_variance: "running_var",
  moving_var: "running_var"
};
function canonicalSegment(segment) {
  return SEGMENT_SYNONYMS[segment] ?? segment;
}
var ANY_SYNONYM = new RegExp(`(^|\\.)(${Object.keys(SEGMENT_SYNONYMS).join("|")})(\\.|$)`);
var PARAMETRIZED = /(^|\.)parametrizations\.([A-Za-z_]\w*)\.original([01])$/;
function isCanonical(key) {
  return !key.includes("parametrizations.") && !ANY_SYNONYM.test(key);
}
function canonicalKey(key) {
  if (key.includes("parametrizations.")) key = key.replace(PARAMETRIZED, (_m, dot, name, i) => `${dot}${name}_${i === "0" ? "g" : "v"}`);
  if (!ANY_SYNONYM.test(key)) return key;
  return key.split(".").map(canonicalSegment).join(".");
}
function squashedKey(key) {
  const k = canonicalKey(key);
  let out = "";
  let from = 0;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c === 46 || c === 95) {
      out += k.slice(from, i);
      from = i + 1;
    }
  }
  return (out + k.slice(from)).toLowerCase();
}
var BLOB_LEAVES = { w: "weight", b: "bias", s: "weight", rm: "running_mean", riv: "running_var" };
function leafName(key) {
  const dot = key.lastIndexOf(".");
  if (dot < 0) {
    const tail = key.slice(key.lastIndexOf("_") + 1);
    const blob = key.includes("_") ? BLOB_LEAVES[tail] : void 0;
    if (blob) return blob;
  }
  return canonicalSegment(key.slice(dot + 1));
}

// src/analysis/infer/prefix.ts
var MAX_PREFIX_SEGMENTS = 3;
var MAX_FAN_OUT = 32;
function startsWithIndex(key, at) {
  const c = key.charCodeAt(at);
  return c >= 48 && c <= 57;
}
function countSegments(key) {
  let n = 1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 46) n++;
  return n;
}
function segmentStarts(key, max) {
  const starts = [0];
  let i = -1;
  while (starts.length <= max && (i = key.indexOf(".", i + 1)) >= 0) starts.push(i + 1);
  return starts;
}
var SAMPLE_ABOVE = 4e3;
var SAMPLE_SIZE = 2e3;
function discover(sources, pool2) {
  const bySuffix = /* @__PURE__ */ new Map();
  for (const s2 of sources) {
    const canon = canonicalKey(s2);
    const starts = segmentStarts(canon, MAX_PREFIX_SEGMENTS);
    const rawStarts = canon === s2 ? starts : segmentStarts(s2, MAX_PREFIX_SEGMENTS);
    starts.forEach((at, k) => {
      const suffix = canon.slice(at);
      const list = bySuffix.get(suffix);
      if (!list) bySuffix.set(suffix, [{ key: s2, k, cut: rawStarts[k] }]);
      else if (list.length <= MAX_FAN_OUT) list.push({ key: s2, k, cut: rawStarts[k] });
    });
  }
  const rules = /* @__PURE__ */ new Map();
  for (const t of pool2.target.keys()) {
    const canon = canonicalKey(t);
    const starts = segmentStarts(canon, MAX_PREFIX_SEGMENTS);
    const rawStarts = canon === t ? starts : segmentStarts(t, MAX_PREFIX_SEGMENTS);
    const segCount = countSegments(canon);
    starts.forEach((at, m) => {
      const hits = bySuffix.get(canon.slice(at));
      if (!hits || hits.length > MAX_FAN_OUT) return;
      for (const { key: s2, k, cut } of hits) {
        if (k === 0 && m === 0 && s2 === t) continue;
        if (k > 0 && m > 0 && (segCount - m < 2 || startsWithIndex(canon, at))) continue;
        const strip2 = s2.slice(0, cut);
        const add = t.slice(0, rawStarts[m]);
        if (strip2 === add) continue;
        const id = `${strip2}\0${add}`;
        const r = rules.get(id);
        if (r) r.votes++;
        else rules.set(id, { strip: strip2, add, votes: 1 });
      }
    });
  }
  return rules;
}
function numberedTemplate(add) {
  return add.split(".").map((seg) => /^\d+$/.test(seg) ? "#" : seg).join(".");
}
function tiedSiblingRules(candidates, pool2) {
  const groups = /* @__PURE__ */ new Map();
  for (const c of candidates) {
    const g = `${c.strip}\0${numberedTemplate(c.add)}`;
    if (g === `${c.strip}\0${c.add}`) continue;
    (groups.get(g) ?? groups.set(g, []).get(g)).push(c);
  }
  const out = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const seen = /* @__PURE__ */ new Map();
    for (const c of g) for (const [src, tgt] of c.pairs) if (shapeRelation(pool2.source.get(src).shape, pool2.target.get(tgt).shape) !== "different") seen.set(src, (seen.get(src) ?? 0) + 1);
    if ([...seen.values()].some((n) => n > 1)) for (const c of g) out.push(`${c.strip}\0${c.add}`);
  }
  return out;
}
function findPrefixRules(pool2) {
  const all = [...pool2.source.keys()];
  const step = all.length > SAMPLE_ABOVE ? all.length / SAMPLE_SIZE : 1;
  const sample2 = step === 1 ? all : Array.from({ length: SAMPLE_SIZE }, (_, i) => all[Math.floor(i * step)]);
  const byCanonical = /* @__PURE__ */ new Map();
  for (const t of pool2.target.keys()) {
    const c = canonicalKey(t);
    if (!byCanonical.has(c)) byCanonical.set(c, t);
  }
  const candidates = /* @__PURE__ */ new Map();
  const plain2 = all.map(isCanonical);
  for (const [id, r] of discover(sample2, pool2)) {
    const pairs = [];
    const addPlain = isCanonical(r.add);
    for (let i = 0; i < all.length; i++) {
      const s2 = all[i];
      if (!s2.startsWith(r.strip)) continue;
      const joined = r.add + s2.slice(r.strip.length);
      const t = byCanonical.get(addPlain && plain2[i] ? joined : canonicalKey(joined));
      if (t === void 0 || t === s2) continue;
      if (!dtypesCompatible(pool2.source.get(s2).dtype, pool2.target.get(t).dtype)) continue;
      pairs.push([s2, t]);
    }
    if (pairs.length) candidates.set(id, { strip: r.strip, add: r.add, pairs });
  }
  const tied = tiedSiblingRules([...candidates.values()], pool2);
  for (const id of tied) candidates.delete(id);
  const ordered = [...candidates.values()].sort(
    (a, b) => b.pairs.length - a.pairs.length || a.strip.length + a.add.length - (b.strip.length + b.add.length)
  );
  const usedS = /* @__PURE__ */ new Set();
  const usedT = /* @__PURE__ */ new Set();
  const rules = [];
  for (const c of ordered) {
    const free = c.pairs.filter(([s2, t]) => !usedS.has(s2) && !usedT.has(t));
    const pure = c.strip === "" || c.add === "";
    if (free.length < (pure ? 1 : 2)) continue;
    if (!pure && suffixModules(c.strip, free) < 2) continue;
    let agree = 0;
    let disagree = 0;
    for (const [s2, t] of free) {
      const rel = shapeRelation(pool2.source.get(s2).shape, pool2.target.get(t).shape);
      if (rel === "different") disagree++;
      else if (rel !== "unknown") agree++;
    }
    if (disagree > agree) continue;
    const confidence3 = Math.min(CONFIDENCE.prefixCap, CONFIDENCE.prefixBase + 0.02 * Math.log2(1 + free.length)) * (agree + disagree ? 0.9 + 0.1 * agree / (agree + disagree) : 0.95);
    const pairs = [];
    for (const [s2, t] of free) {
      if (usedS.has(s2) || usedT.has(t)) continue;
      usedS.add(s2);
      usedT.add(t);
      pairs.push({ source: s2, target: t, stage: c.strip === "" && c.add === "" ? "canonical" : "prefix", confidence: confidence3 });
    }
    rules.push({ strip: c.strip, add: c.add, pairs });
  }
  return rules;
}
function suffixModules(strip2, pairs) {
  const modules = /* @__PURE__ */ new Set();
  for (const [s2] of pairs) {
    const rest = s2.slice(strip2.length);
    modules.add(rest.slice(0, Math.max(0, rest.lastIndexOf("."))));
  }
  return modules.size;
}
function applyPrefixRule(rule, key) {
  if (!key.startsWith(rule.strip)) return null;
  return rule.add + key.slice(rule.strip.length);
}

// src/analysis/infer/canonical.ts
var SEVERAL = "\0several";
function matchCanonical(pool2, rules) {
  const targets = /* @__PURE__ */ new Map();
  for (const t of pool2.target.keys()) {
    const q = squashedKey(t);
    targets.set(q, targets.has(q) ? SEVERAL : t);
  }
  const withIdentity = [{ strip: "", add: "" }, ...rules];
  const claims = /* @__PURE__ */ new Map();
  for (const s2 of pool2.source.keys()) {
    let seen = null;
    for (const rule of withIdentity) {
      const renamed = applyPrefixRule(rule, s2);
      if (renamed === null) continue;
      const hit = targets.get(squashedKey(renamed));
      if (hit === void 0 || hit === SEVERAL) continue;
      seen = seen === null || seen === hit ? hit : SEVERAL;
    }
    if (seen !== null && seen !== SEVERAL) claims.set(seen, claims.has(seen) ? SEVERAL : s2);
  }
  const pairs = [];
  for (const [t, s2] of claims) {
    if (s2 === SEVERAL) continue;
    if (!canCorrespond(pool2.source.get(s2), pool2.target.get(t))) continue;
    pairs.push({ source: s2, target: t, stage: "canonical", confidence: CONFIDENCE.canonical });
  }
  return pairs;
}

// src/analysis/infer/suffix.ts
var MIN_SUFFIX = 2;
var MAX_BUCKET = 256;
function suffixes(key) {
  const canon = canonicalKey(key);
  const segs = canon.split(".");
  const out = [];
  let named = false;
  let at = canon.length - segs[segs.length - 1].length;
  for (let l = 2; l <= segs.length; l++) {
    const seg = segs[segs.length - l];
    at -= seg.length + 1;
    if (!isIndexSegment(seg)) named = true;
    if (named) out.push(canon.slice(at));
  }
  return out.reverse();
}
function index(side) {
  const m = /* @__PURE__ */ new Map();
  for (const k of side.keys()) {
    for (const s2 of suffixes(k)) {
      const l = m.get(s2);
      if (!l) m.set(s2, [k]);
      else if (l.length <= MAX_BUCKET) l.push(k);
    }
  }
  return m;
}
function best(key, other, idx) {
  for (const s2 of suffixes(key.key)) {
    const bucket = idx.get(s2);
    if (!bucket || bucket.length > MAX_BUCKET) continue;
    const ok = bucket.filter((k) => canCorrespond(key, other.get(k)));
    if (ok.length === 1) return { key: ok[0], length: s2.split(".").length };
    if (ok.length > 1) return { tied: ok };
  }
  return null;
}
function matchBySuffix(pool2) {
  const srcIdx = index(pool2.source);
  const tgtIdx = index(pool2.target);
  const pairs = [];
  const ambiguities = [];
  for (const t of pool2.target.values()) {
    const b = best(t, pool2.source, srcIdx);
    if (!b) continue;
    if ("tied" in b) {
      ambiguities.push({ keys: [t.key], candidates: b.tied.slice(0, 8), reason: "several checkpoint keys end the same way and fit its shape" });
      continue;
    }
    const back = best(pool2.source.get(b.key), pool2.target, tgtIdx);
    if (!back || "tied" in back || back.key !== t.key) continue;
    pairs.push({ source: b.key, target: t.key, stage: "suffix", confidence: Math.min(CONFIDENCE.suffixCap, CONFIDENCE.suffixBase + 0.05 * (b.length - MIN_SUFFIX)) });
  }
  return { pairs, ambiguities };
}

// src/analysis/infer/fixed-cut.ts
var MAX_CUT = 16;
var MIN_KEYS = 3;
var MIN_SHARE = 0.8;
var SEVERAL2 = "\0several";
var HASH_BASE = 131;
var SMI_MASK = 1073741823;
function tailHash(text2) {
  let h = 0;
  for (let i = text2.length - 1; i >= 0; i--) h = text2.charCodeAt(i) + Math.imul(h, HASH_BASE) | 0;
  return h;
}
function tailHits(pool2) {
  const hits = Array.from({ length: MAX_CUT + 1 }, () => /* @__PURE__ */ new Map());
  const byHash = /* @__PURE__ */ new Map();
  for (const s2 of pool2.source.keys()) {
    const h = tailHash(s2) & SMI_MASK;
    const have = byHash.get(h);
    if (have === void 0) byHash.set(h, s2);
    else if (typeof have === "string") byHash.set(h, [have, s2]);
    else have.push(s2);
  }
  const hit = (n, t, tail) => {
    const m = hits[n];
    m.set(tail, m.has(tail) ? SEVERAL2 : t);
  };
  const isTail = (t, n, s2) => s2.length === t.length - n && t.endsWith(s2);
  const emptyIsKey = pool2.source.has("");
  for (const t of pool2.target.keys()) {
    let h = 0;
    for (let i = t.length - 1; i >= 1; i--) {
      h = t.charCodeAt(i) + Math.imul(h, HASH_BASE) | 0;
      if (i > MAX_CUT) continue;
      const found = byHash.get(h & SMI_MASK);
      if (found === void 0) continue;
      if (typeof found === "string") {
        if (isTail(t, i, found)) hit(i, t, found);
      } else {
        for (const s2 of found) if (isTail(t, i, s2)) hit(i, t, s2);
      }
    }
    if (emptyIsKey) for (let n = Math.max(1, t.length); n <= MAX_CUT; n++) hit(n, t, "");
  }
  return hits;
}
function pairsForCut(pool2, byTail) {
  const pairs = [];
  if (byTail.size === 0) return pairs;
  for (const s2 of pool2.source.keys()) {
    const t = byTail.get(s2);
    if (t === void 0 || t === SEVERAL2 || t === s2) continue;
    if (!canCorrespond(pool2.source.get(s2), pool2.target.get(t))) continue;
    pairs.push({ source: s2, target: t, stage: "cut", confidence: CONFIDENCE.fixedCut });
  }
  return pairs;
}
function matchFixedCut(pool2) {
  const left = pool2.source.size;
  if (left < MIN_KEYS || pool2.target.size < MIN_KEYS) return [];
  const hits = tailHits(pool2);
  if (hits.every((h) => h.size < MIN_KEYS || h.size < MIN_SHARE * left)) return [];
  let best2 = null;
  for (let n2 = 1; n2 <= MAX_CUT; n2++) {
    if (best2 && hits[n2].size <= best2.pairs.length) continue;
    const pairs = pairsForCut(pool2, hits[n2]);
    if (!best2 || pairs.length > best2.pairs.length) best2 = { n: n2, pairs };
  }
  if (!best2 || best2.pairs.length < MIN_KEYS || best2.pairs.length < MIN_SHARE * left) return [];
  const n = best2.n;
  const cutParts = new Set(best2.pairs.map((p) => p.target.slice(0, n)));
  const insideName = best2.pairs.some((p) => p.target.length > n && p.target[n - 1] !== ".");
  return cutParts.size >= 2 && insideName ? best2.pairs : [];
}
function cutLength(pairs) {
  return Math.max(0, ...pairs.map((p) => p.target.length - p.source.length));
}

// src/analysis/hungarian.ts
function hungarian(cost) {
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  if (rows === 0 || cols === 0) return new Array(rows).fill(-1);
  for (const r of cost) if (r.length !== cols) throw new Error("hungarian: ragged cost matrix");
  let finiteMax = 0;
  for (const r of cost) for (const c of r) if (Number.isFinite(c)) finiteMax = Math.max(finiteMax, Math.abs(c));
  const forbidden = (finiteMax + 1) * (Math.max(rows, cols) + 1);
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  const a = (i, j) => {
    const v2 = transpose ? cost[j][i] : cost[i][j];
    return Number.isFinite(v2) ? v2 : forbidden;
  };
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = a(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = p[j];
          u[r] = u[r] + delta;
          v[j] = v[j] - delta;
        } else minv[j] = minv[j] - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array(rows).fill(-1);
  for (let j = 1; j <= m; j++) {
    const i = p[j];
    if (i === 0) continue;
    const [r, c] = transpose ? [j - 1, i - 1] : [i - 1, j - 1];
    if (Number.isFinite(cost[r][c])) result[r] = c;
  }
  return result;
}
function greedyAssignmentMatrix(rows, cols, cost) {
  return greedyOver(rows, cost, (k) => Math.floor(k / cols), (k) => k % cols);
}
function greedyOver(rows, costs, rowOf, colOf) {
  const finite = new Uint32Array(costs.length);
  let n = 0;
  for (let k = 0; k < costs.length; k++) if (Number.isFinite(costs[k])) finite[n++] = k;
  const order = finite.subarray(0, n).sort((x, y) => costs[x] - costs[y] || x - y);
  const result = new Array(rows).fill(-1);
  const takenCols = /* @__PURE__ */ new Set();
  for (const k of order) {
    const row = rowOf(k);
    const col = colOf(k);
    if (result[row] !== -1 || takenCols.has(col)) continue;
    result[row] = col;
    takenCols.add(col);
  }
  return result;
}

// src/analysis/infer/similarity.ts
function isAbbreviation(short2, long) {
  if (short2.length < 2 || short2.length >= long.length || short2[0] !== long[0]) return false;
  let j = 0;
  for (const ch of long) if (ch === short2[j]) j++;
  return j === short2.length;
}
var KNOWN_ABBREVIATIONS = {
  ln: ["norm", "layernorm"],
  bn: ["norm", "batchnorm"],
  gn: ["norm", "groupnorm"]
};
var memo = /* @__PURE__ */ new Map();
var MEMO_MAX_TOKENS = 2e4;
function tokenSimilarity(a, b) {
  if (a === b) return 1;
  let row = memo.get(a);
  if (row === void 0) {
    if (memo.size >= MEMO_MAX_TOKENS) memo.clear();
    memo.set(a, row = /* @__PURE__ */ new Map());
  }
  let s2 = row.get(b);
  if (s2 === void 0) row.set(b, s2 = compareTokens(a, b));
  return s2;
}
function compareTokens(a, b) {
  if (KNOWN_ABBREVIATIONS[a]?.includes(b) || KNOWN_ABBREVIATIONS[b]?.includes(a)) return 0.6;
  const [s2, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s2.length >= 3 && l.startsWith(s2)) return 0.8;
  let p = 0;
  while (p < s2.length && s2[p] === l[p]) p++;
  if (p >= 4) return 0.7;
  if (s2.length >= 4 && l.endsWith(s2)) return 0.7;
  if (isAbbreviation(s2, l)) return 0.6;
  if (s2.length === 1 && /[a-z]/.test(s2) && l[0] === s2 && l.length <= 6) return 0.4;
  return 0;
}
function wordSimilarity(a, b) {
  return softDice(a.length, b.length, (i, j) => tokenSimilarity(a[i], b[j]));
}
function softDice(na, nb, sim) {
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  const many = nb > 31;
  const usedB = many ? new Uint8Array(nb) : null;
  let usedBits = 0;
  let total = 0;
  for (let i = 0; i < na; i++) {
    let best2 = 0;
    let bestJ = -1;
    for (let j = 0; j < nb; j++) {
      if (many ? usedB[j] : usedBits & 1 << j) continue;
      const s2 = sim(i, j);
      if (s2 > best2) {
        best2 = s2;
        bestJ = j;
        if (s2 === 1) break;
      }
    }
    if (bestJ >= 0) {
      if (many) usedB[bestJ] = 1;
      else usedBits |= 1 << bestJ;
      total += best2;
    }
  }
  return 2 * total / (na + nb);
}
var WordListMemo = class {
  ids = /* @__PURE__ */ new Map();
  lists = [];
  pairs = /* @__PURE__ */ new Map();
  tokenIds = /* @__PURE__ */ new Map();
  tokens = [];
  tokenPairs = /* @__PURE__ */ new Map();
  /** bumped when the tables are emptied (a long-lived process meeting many vocabularies): ids of an older generation are void */
  generation = 0;
  /** the id of a list of words (equal lists, equal ids) */
  id(words2) {
    const text2 = JSON.stringify(words2);
    let id = this.ids.get(text2);
    if (id === void 0) {
      if (this.lists.length >= MEMO_MAX_LISTS || this.tokens.length + words2.length >= MEMO_MAX_LISTS) {
        this.ids.clear();
        this.lists.length = 0;
        this.pairs.clear();
        this.tokenIds.clear();
        this.tokens.length = 0;
        this.tokenPairs.clear();
        this.generation++;
      }
      this.ids.set(text2, id = this.lists.length);
      this.lists.push(Int32Array.from(words2, (w) => this.token(w)));
    }
    return id;
  }
  token(word) {
    let t = this.tokenIds.get(word);
    if (t === void 0) {
      this.tokenIds.set(word, t = this.tokens.length);
      this.tokens.push(word);
    }
    return t;
  }
  tokenPair(a, b) {
    if (a === b) return 1;
    const k = a * PAIR_KEY_BASE + b;
    let s2 = this.tokenPairs.get(k);
    if (s2 === void 0) {
      s2 = tokenSimilarity(this.tokens[a], this.tokens[b]);
      if (this.tokenPairs.size < MEMO_MAX_PAIRS) this.tokenPairs.set(k, s2);
    }
    return s2;
  }
  similarity(a, b) {
    const k = a * PAIR_KEY_BASE + b;
    let s2 = this.pairs.get(k);
    if (s2 === void 0) {
      const x = this.lists[a];
      const y = this.lists[b];
      s2 = softDice(x.length, y.length, (i, j) => this.tokenPair(x[i], y[j]));
      if (this.pairs.size < MEMO_MAX_PAIRS) this.pairs.set(k, s2);
    }
    return s2;
  }
};
var MEMO_MAX_LISTS = 2 ** 20;
var PAIR_KEY_BASE = MEMO_MAX_LISTS;
var MEMO_MAX_PAIRS = 1e6;
function nameSimilarity(a, b) {
  return wordSimilarity(wordsOf(a), wordsOf(b));
}

// src/analysis/infer/template-score.ts
var TRANSPOSE_PENALTY = 0.8;
var RESHAPE_PENALTY = 0.9;
var UNKNOWN_SHAPE_PENALTY = 0.15;
function templateShapes(a, b) {
  if (a.instances.length !== b.instances.length) return null;
  let seen = null;
  const uniform = a.shapeSignature.startsWith("*") && b.shapeSignature.startsWith("*");
  const n = uniform ? 1 : a.instances.length;
  for (let i = 0; i < n; i++) {
    const rel = shapeRelation(a.instances[i].entry.shape, b.instances[i].entry.shape);
    if (rel === "different") return null;
    if (rel === "unknown") continue;
    if (seen === null) seen = rel;
    else if (seen !== rel) return null;
  }
  return seen ?? "unknown";
}
var PARAMETER_LEAVES2 = /* @__PURE__ */ new Set(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
function leafKind(name) {
  const leaf = leafName(name);
  if (PARAMETER_LEAVES2.has(leaf)) return leaf;
  const tail = leaf.slice(leaf.lastIndexOf("_") + 1);
  return tail !== leaf && (tail === "weight" || tail === "bias") ? tail : null;
}
function scoreTemplatePair(a, b, rankA, rankB) {
  const one = new PairScores(1);
  scoreTemplatePairInto(one, 0, a, b, rankA, rankB);
  return one.at(0);
}
var SHAPE_KINDS = ["equal", "transposed", "reshaped", "unknown"];
var PairScores = class {
  cost;
  nameSimilarity;
  moduleSimilarity;
  orderDistance;
  /** index into SHAPE_KINDS */
  shapes;
  constructor(n) {
    this.cost = new Float64Array(n);
    this.nameSimilarity = new Float64Array(n);
    this.moduleSimilarity = new Float64Array(n);
    this.orderDistance = new Float64Array(n);
    this.shapes = new Uint8Array(n);
  }
  at(k) {
    return { cost: this.cost[k], nameSimilarity: this.nameSimilarity[k], moduleSimilarity: this.moduleSimilarity[k], orderDistance: this.orderDistance[k], shapes: SHAPE_KINDS[this.shapes[k]] };
  }
};
function scoreTemplatePairInto(out, k, a, b, rankA, rankB) {
  let ra = readingOf(a);
  const rb = readingOf(b);
  if (ra.generation !== rb.generation) ra = readingOf(a);
  const la = ra.leafKind;
  const lb = rb.leafKind;
  const shapes = la && lb && la !== lb ? null : templateShapes(a, b);
  const nameSimilarity2 = WORDS.similarity(ra.words, rb.words);
  const orderDistance = Math.abs(rankA - rankB);
  out.nameSimilarity[k] = nameSimilarity2;
  out.orderDistance[k] = orderDistance;
  if (!shapes) {
    out.cost[k] = Infinity;
    out.moduleSimilarity[k] = 0;
    out.shapes[k] = SHAPE_KINDS.indexOf("unknown");
    return;
  }
  const shapeCost = shapes === "transposed" ? TRANSPOSE_PENALTY : shapes === "reshaped" ? RESHAPE_PENALTY : shapes === "unknown" ? UNKNOWN_SHAPE_PENALTY : 0;
  const moduleSimilarity = WORDS.similarity(ra.moduleWords, rb.moduleWords);
  out.cost[k] = 1 - nameSimilarity2 - MODULE_WEIGHT * moduleSimilarity + orderDistance + shapeCost;
  out.moduleSimilarity[k] = moduleSimilarity;
  out.shapes[k] = SHAPE_KINDS.indexOf(shapes);
}
var readings = /* @__PURE__ */ new WeakMap();
var WORDS = new WordListMemo();
function readingOf(t) {
  let r = readings.get(t);
  if (r === void 0 || r.generation !== WORDS.generation) {
    let generation;
    let words2;
    let moduleWords;
    do {
      generation = WORDS.generation;
      words2 = WORDS.id(t.words);
      moduleWords = WORDS.id(readModuleWords(t));
    } while (generation !== WORDS.generation);
    readings.set(t, r = { leafKind: leafKind(t.name), words: words2, moduleWords, generation });
  }
  return r;
}
function readModuleWords(t) {
  const segs = t.name.split(".");
  for (let i = segs.length - 2; i >= 0; i--) {
    const s2 = segs[i];
    if (s2 !== PLACEHOLDER && !isIndexSegment(s2)) return wordsOf(s2);
  }
  return [];
}
var MODULE_WEIGHT = 1;
function templateConfidence(s2, instances) {
  const c = CONFIDENCE.templateBase + 0.25 * s2.nameSimilarity + 0.1 * (1 - Math.min(1, s2.orderDistance)) + // shapes that say nothing leave names and order alone to decide: less sure than any shape evidence
  (s2.shapes === "equal" ? 0.07 : s2.shapes === "transposed" || s2.shapes === "reshaped" ? 0.04 : -0.05) + 0.03 * Math.min(1, Math.log10(Math.max(1, instances)));
  return Math.min(CONFIDENCE.templateCap, c);
}

// src/analysis/infer/modules.ts
var MODULE_ALIGN_MAX_KEYS = 2e4;
var RENUMBERED_SHARE = 0.5;
function indexTuple(key) {
  let out = "";
  for (let at = indexSegmentAt(key); at !== null; at = indexSegmentAt(key, at[1] + 1)) {
    out = out === "" ? key.slice(at[0], at[1]) : `${out}.${key.slice(at[0], at[1])}`;
  }
  return out;
}
function renumberedAtScale(pool2) {
  const counts2 = /* @__PURE__ */ new Map();
  for (const k of pool2.source.keys()) {
    const t = indexTuple(k);
    counts2.set(t, (counts2.get(t) ?? 0) + 1);
  }
  let met = 0;
  for (const k of pool2.target.keys()) {
    const t = indexTuple(k);
    const n = counts2.get(t);
    if (n) {
      met++;
      counts2.set(t, n - 1);
    }
  }
  return met < RENUMBERED_SHARE * Math.min(pool2.source.size, pool2.target.size);
}
var LEAVES = /* @__PURE__ */ new Set(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
var NORM_SCALES = /* @__PURE__ */ new Set(["scale", "gamma"]);
function tensorKind(e, unnamedAreWeights) {
  const leaf = leafName(e.key);
  const other = unnamedAreWeights && e.shape && e.shape.length >= 2 || NORM_SCALES.has(leaf) ? "weight" : "*";
  const table = e.shape !== null && e.shape.length >= 2;
  const kind2 = LEAVES.has(leaf) ? leaf : leaf.endsWith("weight") || table && leaf.endsWith("_bias") ? "weight" : leaf.endsWith("bias") ? "bias" : other;
  return `${shapeClass(e)}/${kind2}`;
}
var informative = (k) => !k.endsWith("/num_batches_tracked") && !k.endsWith("/running_mean") && !k.endsWith("/running_var");
function buildTree(entries, sigIds, unnamedAreWeights) {
  const root = { path: "", key: null, children: [], sig: 0, pos: Infinity, below: /* @__PURE__ */ new Set(), size: 0 };
  const childOf = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const k = e.key;
    let parent = root;
    for (let from = 0; ; ) {
      let dot = k.indexOf(".", from);
      const last = dot < 0;
      if (last) dot = k.length;
      const seg = k.slice(from, dot);
      let byName = childOf.get(parent);
      if (!byName) childOf.set(parent, byName = /* @__PURE__ */ new Map());
      let node = dot === 0 ? root : byName.get(seg);
      if (!node) {
        node = { path: k.slice(0, dot), key: null, children: [], sig: 0, pos: e.pos, below: /* @__PURE__ */ new Set(), size: 0 };
        byName.set(seg, node);
        parent.children.push(node);
      }
      node.pos = Math.min(node.pos, e.pos);
      node.size++;
      if (last) {
        node.key = e;
        break;
      }
      parent = node;
      from = dot + 1;
    }
    root.pos = Math.min(root.pos, e.pos);
  }
  const kinds = (n) => {
    if (n.key) n.kind = tensorKind(n.key, unnamedAreWeights);
    const counts2 = /* @__PURE__ */ new Map();
    if (n.kind !== void 0) counts2.set(n.kind, 1);
    for (const c of n.children) {
      for (const [kind2, count2] of kinds(c)) {
        const up = kind2 === c.kind && !informative(kind2) ? count2 - 1 : count2;
        if (up > 0) counts2.set(kind2, (counts2.get(kind2) ?? 0) + up);
      }
    }
    const text2 = [...counts2.keys()].sort().map((kind2) => `${kind2}*${counts2.get(kind2)}`).join(",");
    let id = sigIds.get(text2);
    if (id === void 0) sigIds.set(text2, id = sigIds.size + 1);
    n.sig = id;
    n.below.add(id);
    for (const c of n.children) for (const s2 of c.below) n.below.add(s2);
    return counts2;
  };
  kinds(root);
  return root;
}
function units(node, other) {
  const out = [];
  const visit = (n) => {
    if (other.has(n.sig)) out.push(n);
    else for (const c of n.children) visit(c);
  };
  for (const c of node.children) visit(c);
  return out;
}
function unitWords(unit, parent) {
  const rel = parent.path ? unit.path.slice(parent.path.length + 1) : unit.path;
  return rel.split(".").filter((s2) => !isIndexSegment(s2)).flatMap((s2) => ownWords(wordsOf(s2)));
}
function weightedSimilarity(a, b, wa, wb) {
  if (a.length === 0 && b.length === 0) return 1;
  let num = 0;
  let den = 0;
  for (const x of a) {
    let best2 = 0;
    for (const y of b) best2 = Math.max(best2, tokenSimilarity(x, y));
    num += wa(x) * best2;
    den += wa(x);
  }
  for (const y of b) {
    let best2 = 0;
    for (const x of a) best2 = Math.max(best2, tokenSimilarity(x, y));
    num += wb(y) * best2;
    den += wb(y);
  }
  return den === 0 ? 0 : num / den;
}
function rarity(wordLists) {
  const df = /* @__PURE__ */ new Map();
  for (const ws of wordLists) for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  return (w) => 1 / (df.get(w) ?? 1);
}
function indexedSlot(unit, parent) {
  const rel = parent.path ? unit.path.slice(parent.path.length + 1) : unit.path;
  const segs = rel.split(".");
  const at = segs.findIndex(isIndexSegment);
  if (at < 0) return null;
  return { container: segs.slice(0, at).join("."), index: Number(segs[at]) };
}
var NAME_WEIGHT = 2;
var HUNGARIAN_MAX_CELLS = 4e4;
var INDEX_MAP_PENALTY = 1.5;
var SIBLING_PENALTY = 1.5;
function fitIndexMaps(anchors) {
  const byContainers = /* @__PURE__ */ new Map();
  for (const a of anchors) {
    const k = `${a.from}\0${a.to}`;
    (byContainers.get(k) ?? byContainers.set(k, []).get(k)).push({ i: a.i, j: a.j });
  }
  const maps = /* @__PURE__ */ new Map();
  for (const [k, list] of byContainers) {
    if (list.length < 2) continue;
    const shift = list[0].j - list[0].i;
    const mirror = list[0].j + list[0].i;
    if (list.every((x) => x.j - x.i === shift)) maps.set(k, (i) => i + shift);
    else if (list.every((x) => x.j + x.i === mirror)) maps.set(k, (i) => mirror - i);
  }
  return maps;
}
function unwrap(n) {
  while (!n.key && n.children.length === 1) n = n.children[0];
  return n;
}
function solo(n) {
  while (!n.key && n.children.length === 1) n = n.children[0];
  return n.key && n.children.length === 0 ? n.key : null;
}
function kindsUnder(n) {
  const out = [];
  const visit = (x) => {
    if (x.kind !== void 0) out.push(x.kind);
    for (const c of x.children) visit(c);
  };
  visit(n);
  return out.filter((k, i) => i === 0 || informative(k)).sort();
}
function partOf(n, children, sig) {
  const below = /* @__PURE__ */ new Set([sig]);
  for (const c of children) for (const b of c.below) below.add(b);
  return { path: n.path, key: null, children, sig, pos: Math.min(...children.map((c) => c.pos)), below, size: children.reduce((a, c) => a + c.size, 0) };
}
function regrouped(s2, t, out, confidence3) {
  const sLone = s2.children.filter((c) => !c.key && !t.below.has(c.sig));
  const tLone = t.children.filter((c) => !c.key && !s2.below.has(c.sig));
  if (sLone.length === 0 || tLone.length === 0 || sLone.length * tLone.length > 16) return false;
  const whole = kindsUnder(s2).join(",");
  for (const a of sLone) {
    for (const b of tLone) {
      if ([...kindsUnder(a), ...kindsUnder(b)].sort().join(",") !== whole) continue;
      const sRest = s2.children.filter((c) => c !== a);
      const tRest = t.children.filter((c) => c !== b);
      if (sRest.length === 0 || tRest.length === 0) continue;
      align(a, partOf(t, tRest, a.sig), out, confidence3 * CONFIDENCE.moduleAssignStep);
      align(partOf(s2, sRest, b.sig), b, out, confidence3 * CONFIDENCE.moduleAssignStep);
      return true;
    }
  }
  return false;
}
function soleDescendant(n, sig) {
  let found = null;
  let count2 = 0;
  const visit = (x) => {
    for (const c of x.children) {
      if (c.sig === sig) {
        found = c;
        count2++;
      } else if (c.below.has(sig)) visit(c);
      if (count2 > 1) return;
    }
  };
  visit(n);
  return count2 === 1 ? found : null;
}
function align(sNode, tNode, out, confidence3) {
  const s2 = unwrap(sNode);
  const t = unwrap(tNode);
  if (s2.key && t.key && s2.children.length === 0 && t.children.length === 0) {
    if (canCorrespond(s2.key, t.key)) out.push({ source: s2.key.key, target: t.key.key, stage: "module", confidence: confidence3 });
    return;
  }
  if (s2.sig !== t.sig) {
    const tInner = t.below.has(s2.sig) ? soleDescendant(t, s2.sig) : null;
    if (tInner) return align(s2, tInner, out, confidence3);
    const sInner = s2.below.has(t.sig) ? soleDescendant(s2, t.sig) : null;
    if (sInner) return align(sInner, t, out, confidence3);
  }
  if (s2.sig === t.sig && regrouped(s2, t, out, confidence3)) return;
  const groups = /* @__PURE__ */ new Map();
  for (const u of units(s2, t.below)) (groups.get(u.sig) ?? groups.set(u.sig, { s: [], t: [] }).get(u.sig)).s.push(u);
  for (const u of units(t, s2.below)) groups.get(u.sig)?.t.push(u);
  const live = [...groups.values()].filter((g) => g.s.length && g.t.length);
  const anchors = [];
  for (const g of live) {
    if (g.s.length !== 1 || g.t.length !== 1) continue;
    const a = indexedSlot(g.s[0], s2);
    const b = indexedSlot(g.t[0], t);
    if (a && b) anchors.push({ from: a.container, to: b.container, i: a.index, j: b.index });
  }
  const maps = fitIndexMaps(anchors);
  const solved = [];
  const multi = [];
  for (const g of live) {
    g.s.sort((x, y) => x.pos - y.pos);
    g.t.sort((x, y) => x.pos - y.pos);
    if (g.s.length === 1 && g.t.length === 1) {
      solved.push([g.s[0], g.t[0], confidence3]);
      continue;
    }
    if (g.s.length * g.t.length > HUNGARIAN_MAX_CELLS) {
      if (g.s.length === g.t.length) g.s.forEach((u, i) => solved.push([u, g.t[i], confidence3 * CONFIDENCE.moduleOrderStep]));
      continue;
    }
    multi.push({ g, cost: groupCost(g, s2, t, maps) });
  }
  const firstPass = multi.map(({ g, cost }) => assigned(g, hungarian(cost)));
  const home = blockHomes([...solved, ...firstPass.flat()]);
  multi.forEach(({ g, cost }, k) => {
    const away = (i, j) => {
      const want = home.get(blockOf(g.s[i].path));
      return want !== void 0 && want !== blockOf(g.t[j].path);
    };
    const again = firstPass[k].some(([u, v]) => away(g.s.indexOf(u), g.t.indexOf(v)));
    const pairs = again ? assigned(g, hungarian(cost.map((row, i) => row.map((c, j) => away(i, j) ? c + SIBLING_PENALTY : c)))) : firstPass[k];
    for (const [u, v] of pairs) solved.push([u, v, confidence3 * CONFIDENCE.moduleAssignStep]);
  });
  for (const [u, v, c] of solved) align(u, v, out, c);
}
function groupCost(g, s2, t, maps) {
  const sWords = g.s.map((u) => unitWords(u, s2));
  const tWords = g.t.map((u) => unitWords(u, t));
  const wa = rarity(sWords);
  const wb = rarity(tWords);
  const rank3 = (i, n) => n <= 1 ? 0 : i / (n - 1);
  return g.s.map(
    (u, i) => g.t.map((v, j) => {
      let c = NAME_WEIGHT * (1 - weightedSimilarity(sWords[i], tWords[j], wa, wb)) + Math.abs(rank3(i, g.s.length) - rank3(j, g.t.length));
      const a1 = solo(u);
      const b1 = a1 ? solo(v) : null;
      if (a1 && b1) {
        const rel = shapeRelation(a1.shape, b1.shape);
        if (rel === "transposed") c += TRANSPOSE_PENALTY;
        else if (rel === "reshaped") c += RESHAPE_PENALTY;
      }
      const a = indexedSlot(u, s2);
      const b = indexedSlot(v, t);
      const map = a && b ? maps.get(`${a.container}\0${b.container}`) : void 0;
      if (map && a && b && map(a.index) !== b.index) c += INDEX_MAP_PENALTY;
      return c;
    })
  );
}
function assigned(g, assignment) {
  const out = [];
  assignment.forEach((j, i) => {
    if (j >= 0) out.push([g.s[i], g.t[j]]);
  });
  return out;
}
function blockOf(path) {
  for (let end = path.lastIndexOf("."); end > 0; ) {
    const start = path.lastIndexOf(".", end - 1) + 1;
    if (isIndexAt(path, start, end)) return path.slice(0, end);
    end = start - 1;
  }
  return "";
}
function blockHomes(pairs) {
  const votes = /* @__PURE__ */ new Map();
  for (const [u, v] of pairs) {
    const a = blockOf(u.path);
    const m = votes.get(a) ?? votes.set(a, /* @__PURE__ */ new Map()).get(a);
    const b = blockOf(v.path);
    m.set(b, (m.get(b) ?? 0) + u.size);
  }
  const out = /* @__PURE__ */ new Map();
  for (const [a, m] of votes) {
    let total = 0;
    for (const n of m.values()) total += n;
    for (const [b, n] of m) if (n * 2 > total) out.set(a, b);
  }
  return out;
}
function matchModules(pool2, unnamedAreWeights = false) {
  if ((pool2.source.size > MODULE_ALIGN_MAX_KEYS || pool2.target.size > MODULE_ALIGN_MAX_KEYS) && !renumberedAtScale(pool2)) return [];
  const sized = (side) => [...side.values()].filter((e) => e.shape !== null);
  const sources = sized(pool2.source);
  const targets = sized(pool2.target);
  if (sources.length === 0 || targets.length === 0) return [];
  const sigIds = /* @__PURE__ */ new Map();
  const sRoot = buildTree(sources, sigIds, unnamedAreWeights);
  const tRoot = buildTree(targets, sigIds, unnamedAreWeights);
  const out = [];
  align(sRoot, tRoot, out, CONFIDENCE.moduleTree);
  return out;
}

// src/analysis/infer/templates.ts
function numericCount(key) {
  let n = 0;
  let from = 0;
  for (let dot = key.indexOf("."); ; dot = key.indexOf(".", from)) {
    if (isIndexAt(key, from, dot < 0 ? key.length : dot)) n++;
    if (dot < 0) return n;
    from = dot + 1;
  }
}
function templateAtLevel(key, keep) {
  const indices2 = [];
  let name = "";
  let copied = 0;
  let from = 0;
  while (indices2.length < keep) {
    const dot = key.indexOf(".", from);
    const end = dot < 0 ? key.length : dot;
    if (isIndexAt(key, from, end)) {
      indices2.push(Number(key.slice(from, end)));
      name += key.slice(copied, from) + PLACEHOLDER;
      copied = end;
    }
    if (dot < 0) break;
    from = dot + 1;
  }
  return { name: copied === 0 ? key : name + key.slice(copied), indices: indices2 };
}
function compareIndices(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
var TemplateCache = class {
  level = -1;
  instances = /* @__PURE__ */ new Map();
  names = /* @__PURE__ */ new Map();
  at(e, keep) {
    if (keep !== this.level) {
      this.instances.clear();
      this.names.clear();
      this.level = keep;
    }
    let inst = this.instances.get(e);
    if (inst === void 0) {
      const t = templateAtLevel(e.key, keep);
      let name = this.names.get(t.name);
      if (name === void 0) this.names.set(t.name, name = t.name);
      inst = { entry: e, indices: t.indices, name, shape: shapeClass(e) };
      this.instances.set(e, inst);
    }
    return inst;
  }
};
function groupTemplates(entries, keep, cache = new TemplateCache()) {
  const groups = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const inst = cache.at(e, keep);
    if (inst.indices.length < keep) continue;
    const g = groups.get(inst.name);
    if (g) g.push(inst);
    else groups.set(inst.name, [inst]);
  }
  const out = [];
  for (const [name, instances] of groups) {
    instances.sort((a, b) => compareIndices(a.indices, b.indices));
    const first = instances[0].shape;
    const uniform = instances.every((i) => i.shape === first);
    let firstPos = Infinity;
    for (const i of instances) if (i.entry.pos < firstPos) firstPos = i.entry.pos;
    out.push({
      name,
      placeholders: keep,
      instances,
      indexSignature: instances.map((i) => i.indices.join(",")).join(";"),
      shapeSignature: uniform ? `*${first}` : instances.map((i) => i.shape).join(";"),
      words: wordsOf(name.split(PLACEHOLDER).join("")),
      firstPos
    });
  }
  return out.sort((a, b) => a.firstPos - b.firstPos);
}
function blockKey(t) {
  return `${structureKey(t)}|${t.shapeSignature}`;
}
function structureKey(t) {
  return `${t.placeholders}|${t.instances.length}|${t.indexSignature}`;
}
function hasUnknownShape(t) {
  return t.instances.some((i) => i.entry.shape === null);
}

// src/analysis/infer/assign.ts
var HUNGARIAN_MAX_CELLS2 = 25e4;
var GREEDY_MAX_CELLS = 4e6;
var TIE_EPSILON = 1e-9;
var DEFAULT_ASSIGN = { maxCost: 1.35, minNameSimilarityForSingles: 0.3 };
function rank(i, n) {
  return n <= 1 ? 0 : i / (n - 1);
}
function makeBlocks(sources, targets) {
  const unknown = /* @__PURE__ */ new Set();
  for (const t of [...sources, ...targets]) if (hasUnknownShape(t)) unknown.add(structureKey(t));
  const keyOf2 = (t) => {
    const structure = structureKey(t);
    return unknown.has(structure) ? structure : blockKey(t);
  };
  const blocks = /* @__PURE__ */ new Map();
  for (const s2 of sources) {
    const k = keyOf2(s2);
    const b = blocks.get(k);
    if (b) b.s.push(s2);
    else blocks.set(k, { s: [s2], t: [] });
  }
  for (const t of targets) blocks.get(keyOf2(t))?.t.push(t);
  return blocks;
}
var nameScore = (sc, k) => sc.nameSimilarity[k] + sc.moduleSimilarity[k];
function rivalsByName(i, j, scores, rows, cols, allowed) {
  const mine = nameScore(scores, i * cols + j) - TIE_EPSILON;
  const targets = [];
  for (let jj = 0; jj < cols; jj++) {
    if (jj !== j && allowed(i, jj) && nameScore(scores, i * cols + jj) >= mine) targets.push(jj);
  }
  const sources = [];
  for (let ii = 0; ii < rows; ii++) {
    if (ii !== i && allowed(ii, j) && nameScore(scores, ii * cols + j) >= mine) sources.push(ii);
  }
  return { sources, targets };
}
function assignTemplates(sources, targets, options = DEFAULT_ASSIGN) {
  const blocks = makeBlocks(sources, targets);
  const matches = [];
  const ambiguities = [];
  let skippedBlocks = 0;
  for (const { s: s2, t } of blocks.values()) {
    if (t.length === 0) continue;
    const cells = s2.length * t.length;
    if (cells > GREEDY_MAX_CELLS) {
      skippedBlocks++;
      continue;
    }
    const n = s2.length;
    const m = t.length;
    const scores = new PairScores(cells);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) scoreTemplatePairInto(scores, i * m + j, s2[i], t[j], rank(i, n), rank(j, m));
    const allowed = (i, j) => {
      const k = i * m + j;
      if (!(scores.cost[k] <= options.maxCost)) return false;
      return s2[i].placeholders > 0 || scores.nameSimilarity[k] >= options.minNameSimilarityForSingles;
    };
    const cost = new Float64Array(cells);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cost[i * m + j] = allowed(i, j) ? scores.cost[i * m + j] : Infinity;
    const assignment = cells <= HUNGARIAN_MAX_CELLS2 ? hungarian(Array.from({ length: n }, (_, i) => Array.from(cost.subarray(i * m, (i + 1) * m)))) : greedyAssignmentMatrix(n, m, cost);
    const chosen = assignment.map((j, i) => ({ i, j })).filter(({ j }) => j >= 0);
    const tied = /* @__PURE__ */ new Set();
    if (chosen.length <= 200) {
      for (let x = 0; x < chosen.length; x++) {
        for (let y = x + 1; y < chosen.length; y++) {
          const a = chosen[x];
          const b = chosen[y];
          const here = cost[a.i * m + a.j] + cost[b.i * m + b.j];
          const swapped = cost[a.i * m + b.j] + cost[b.i * m + a.j];
          if (Math.abs(here - swapped) <= TIE_EPSILON) {
            tied.add(x);
            tied.add(y);
          }
        }
      }
    }
    chosen.forEach(({ i, j }, x) => {
      if (tied.has(x)) return;
      const score = scores.at(i * m + j);
      if (score.shapes === "unknown") {
        const rivals = rivalsByName(i, j, scores, n, m, allowed);
        if (rivals.sources.length + rivals.targets.length > 0) {
          ambiguities.push({
            keys: [i, ...rivals.sources].slice(0, 8).map((x2) => s2[x2].name),
            candidates: [j, ...rivals.targets].slice(0, 8).map((x2) => t[x2].name),
            reason: "no shapes to tell them apart and the names fit several equally: only the order would choose, which is a guess"
          });
          return;
        }
      }
      matches.push({ source: s2[i], target: t[j], score });
    });
    if (tied.size) {
      const tiedChoices = [...tied].map((x) => chosen[x]);
      ambiguities.push({
        keys: tiedChoices.map(({ i }) => s2[i].name),
        candidates: tiedChoices.map(({ j }) => t[j].name),
        reason: "equally good candidates (same shapes, names and order say nothing to choose between them)"
      });
    }
  }
  return { matches, ambiguities, skippedBlocks };
}

// src/analysis/infer/rename-match.ts
var SECONDARY_LEAVES = /\.(bias|beta|running_mean|running_var|moving_mean|moving_variance|num_batches_tracked)$/;
function isPrimary(t) {
  return !SECONDARY_LEAVES.test(t.name);
}
function moduleOf2(name) {
  return name.slice(0, name.lastIndexOf(".") + 1);
}
function followSiblings(matches, st, tt, source, target) {
  const byName = (ts) => new Map(ts.filter((t) => !isPrimary(t)).map((t) => [t.name, t]));
  const tSec = byName(tt);
  const sByModule = /* @__PURE__ */ new Map();
  for (const [name, s2] of byName(st)) {
    const m = moduleOf2(name);
    const list = sByModule.get(m);
    if (list) list.push([name, s2]);
    else sByModule.set(m, [[name, s2]]);
  }
  const out = [];
  const usedT = /* @__PURE__ */ new Set();
  for (const m of matches) {
    const sm = moduleOf2(m.source.name);
    const tm = moduleOf2(m.target.name);
    for (const [name, s2] of sByModule.get(sm) ?? []) {
      const leaf = name.slice(sm.length);
      const leafCanon = leaf === "beta" ? "bias" : leaf;
      const t = tSec.get(tm + leafCanon) ?? tSec.get(tm + leaf);
      if (!t || usedT.has(t.name)) continue;
      if (!s2.instances.every((i) => source.has(i.entry.key)) || !t.instances.every((i) => target.has(i.entry.key))) continue;
      const score = scoreTemplatePair(s2, t, 0, 0);
      if (!Number.isFinite(score.cost)) continue;
      usedT.add(t.name);
      out.push({ source: s2, target: t, score: { ...score, nameSimilarity: Math.max(score.nameSimilarity, m.score.nameSimilarity) } });
    }
  }
  return out;
}
var KEY_LEVEL = { maxCost: 1, minNameSimilarityForSingles: 0.34 };
function matchRenames(pool2) {
  const source = new Map(pool2.source);
  const target = new Map(pool2.target);
  let maxLevel = 0;
  const cache = new TemplateCache();
  for (const e of source.values()) maxLevel = Math.max(maxLevel, numericCount(e.key));
  const pairs = [];
  const pending = [];
  const accept = (matches, level) => {
    for (const m of matches) {
      const confidence3 = templateConfidence(m.score, m.source.instances.length);
      m.source.instances.forEach((inst, i) => {
        const t = m.target.instances[i];
        pairs.push({ source: inst.entry.key, target: t.entry.key, stage: level === 0 ? "key" : "template", confidence: confidence3 });
        source.delete(inst.entry.key);
        target.delete(t.entry.key);
      });
    }
  };
  for (let level = maxLevel; level >= 0; level--) {
    if (source.size === 0 || target.size === 0) break;
    const options = level === 0 ? KEY_LEVEL : DEFAULT_ASSIGN;
    const st = groupTemplates(source.values(), level, cache);
    const tt = groupTemplates(target.values(), level, cache);
    const first = assignTemplates(st.filter(isPrimary), tt.filter(isPrimary), options);
    accept(first.matches, level);
    accept(followSiblings(first.matches, st, tt, source, target), level);
    const rest = assignTemplates(
      groupTemplates(source.values(), level, cache),
      groupTemplates(target.values(), level, cache),
      options
    );
    accept(rest.matches, level);
    for (const a of [...first.ambiguities, ...rest.ambiguities]) pending.push({ level, ambiguity: a });
  }
  const reported = /* @__PURE__ */ new Set();
  const ambiguities = [];
  let byName = /* @__PURE__ */ new Map();
  let at = -1;
  for (const { level, ambiguity } of pending) {
    if (level !== at) {
      at = level;
      byName = /* @__PURE__ */ new Map();
      for (const e of source.values()) {
        const name = level === 0 ? e.key : cache.at(e, level).name;
        const l = byName.get(name);
        if (l) l.push(e);
        else byName.set(name, [e]);
      }
    }
    const left = [...new Set(ambiguity.keys)].flatMap((k) => byName.get(k) ?? []);
    if (left.length === 0 || left.every((e) => reported.has(e.key))) continue;
    for (const e of left) reported.add(e.key);
    ambiguities.push(ambiguity);
  }
  return { pairs, ambiguities };
}

// src/analysis/infer/sole-norm.ts
var STATS = ["running_mean", "running_var"];
function normModules(side) {
  const modules = /* @__PURE__ */ new Map();
  for (const key of side.keys()) {
    const dot = key.lastIndexOf(".");
    if (dot < 0) continue;
    const mod = key.slice(0, dot);
    (modules.get(mod) ?? modules.set(mod, /* @__PURE__ */ new Map()).get(mod)).set(key.slice(dot + 1), key);
  }
  const byTop = /* @__PURE__ */ new Map();
  for (const [mod, leaves] of modules) {
    if (!STATS.every((s2) => leaves.has(s2))) continue;
    const top = mod.split(".")[0];
    (byTop.get(top) ?? byTop.set(top, /* @__PURE__ */ new Map()).get(top)).set(mod, leaves);
  }
  return byTop;
}
function matchSoleNorms(pool2) {
  const source = normModules(pool2.source);
  const target = normModules(pool2.target);
  const pairs = [];
  for (const [top, mods] of source) {
    const other = target.get(top);
    if (mods.size !== 1 || other?.size !== 1) continue;
    const [, from] = [...mods][0];
    const [, to] = [...other][0];
    const own = (m) => [...m.keys()].filter((l) => !isCounter(l)).sort().join();
    if (own(from) !== own(to)) continue;
    const layer = [];
    for (const [leaf, key] of from) {
      const t = to.get(leaf);
      if (t !== void 0) layer.push({ source: key, target: t, stage: "module", confidence: CONFIDENCE.soleNorm });
    }
    if (layer.every((p) => canCorrespond(pool2.source.get(p.source), pool2.target.get(p.target)))) pairs.push(...layer);
  }
  return pairs;
}

// src/analysis/infer/container-swap.ts
var MAX_DEPTH3 = 2;
function containers(side, only2) {
  const out = /* @__PURE__ */ new Map();
  if (only2.size === 0) return out;
  for (const key of side.keys()) {
    let dot = -1;
    for (let depth2 = 1; depth2 <= MAX_DEPTH3; depth2++) {
      dot = key.indexOf(".", dot + 1);
      if (dot <= 0) break;
      const top = key.slice(0, dot);
      if (!only2.has(top)) continue;
      const c = out.get(top) ?? out.set(top, { keys: /* @__PURE__ */ new Map(), id: "" }).get(top);
      c.keys.set(key.slice(dot + 1), key);
    }
  }
  for (const c of out.values()) c.id = [...c.keys.keys()].filter((r) => !isCounter(r)).sort().join("\n");
  return out;
}
function fingerprints(side) {
  const acc = /* @__PURE__ */ new Map();
  for (const key of side.keys()) {
    const counter = isCounter(key);
    let dot = -1;
    for (let depth2 = 1; depth2 <= MAX_DEPTH3; depth2++) {
      dot = key.indexOf(".", dot + 1);
      if (dot <= 0) break;
      const top = key.slice(0, dot);
      const a = acc.get(top) ?? acc.set(top, { n: 0, sum: 0 }).get(top);
      if (counter) continue;
      a.n++;
      a.sum += hashFrom(key, dot + 1);
    }
  }
  const out = /* @__PURE__ */ new Map();
  for (const [top, a] of acc) out.set(top, `${a.n}:${a.sum}`);
  return out;
}
function hashFrom(key, from) {
  let h = 2166136261;
  for (let i = from; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}
function comparable(source, target) {
  const fs = fingerprints(source);
  const ft = fingerprints(target);
  const prints = new Set(fs.values());
  const shared = /* @__PURE__ */ new Set();
  for (const p of ft.values()) if (prints.has(p)) shared.add(p);
  const tops = (f) => new Set([...f].filter(([, p]) => shared.has(p)).map(([top]) => top));
  return [tops(fs), tops(ft)];
}
function uniqueById(cs) {
  const byId = /* @__PURE__ */ new Map();
  for (const [top, c] of cs) {
    if (![...c.keys.keys()].some((r) => r.includes("."))) continue;
    byId.set(c.id, byId.has(c.id) ? null : [top, c]);
  }
  const out = /* @__PURE__ */ new Map();
  for (const [id, v] of byId) if (v) out.set(id, v);
  return out;
}
function matchContainerSwaps(pool2) {
  const [sourceTops, targetTops] = comparable(pool2.source, pool2.target);
  const source = containers(pool2.source, sourceTops);
  const target = containers(pool2.target, targetTops);
  const targets = uniqueById(target);
  const pairs = [];
  const wrappers = /* @__PURE__ */ new Set();
  for (const [id, [top, from]] of uniqueById(source)) {
    const hit = targets.get(id);
    if (!hit || hit[0] === top) continue;
    const to = hit[1];
    const found = [];
    let fits = true;
    for (const [rest, key] of from.keys) {
      const t = to.keys.get(rest);
      if (t === void 0) continue;
      if (!canCorrespond(pool2.source.get(key), pool2.target.get(t))) {
        fits = false;
        break;
      }
      found.push({ source: key, target: t, stage: "prefix", confidence: CONFIDENCE.containerSwap });
    }
    if (fits) {
      pairs.push(...found);
      if (top.split(".").length > hit[0].split(".").length) wrappers.add(top.slice(0, top.indexOf(".") + 1));
    }
  }
  const taken = new Set(pairs.map((p) => p.source));
  const claimed = new Set(pairs.map((p) => p.target));
  for (const w of wrappers) {
    for (const key of pool2.source.keys()) {
      if (!key.startsWith(w) || taken.has(key)) continue;
      const rest = key.slice(w.length);
      if (!pool2.target.has(rest) || claimed.has(rest)) continue;
      claimed.add(rest);
      pairs.push({ source: key, target: rest, stage: "prefix", confidence: CONFIDENCE.containerSwap });
    }
  }
  return pairs;
}

// src/analysis/infer/segment-diff.ts
function segmentHunks(a, b) {
  const m = a.length;
  const n = b.length;
  const lcs = Array.from({ length: m + 1 }, () => new Array(n + 1).fill(0));
  for (let i2 = m - 1; i2 >= 0; i2--) {
    for (let j2 = n - 1; j2 >= 0; j2--) {
      lcs[i2][j2] = a[i2] === b[j2] ? lcs[i2 + 1][j2 + 1] + 1 : Math.max(lcs[i2 + 1][j2], lcs[i2][j2 + 1]);
    }
  }
  const hunks = [];
  let i = 0;
  let j = 0;
  let open = null;
  const close = () => {
    if (open) hunks.push(open);
    open = null;
  };
  while (i < m || j < n) {
    if (i < m && j < n && a[i] === b[j] && lcs[i][j] === lcs[i + 1][j + 1] + 1) {
      close();
      i++;
      j++;
      continue;
    }
    open ??= { from: i, to: i, tFrom: j, tTo: j };
    if (i < m && (j >= n || lcs[i + 1][j] >= lcs[i][j + 1])) open.to = ++i;
    else open.tTo = ++j;
  }
  close();
  return hunks;
}

// src/analysis/infer/name-evidence.ts
var WRAPPER_SEGMENTS = new Set(WRAPPER_PREFIXES2.flatMap((w) => w.prefix.split(".").filter((x) => x !== "")));
var words = (segs) => segs.filter((s2) => !isIndexSegment(s2)).flatMap(wordsOf);
var shape2 = (segs) => segs.map((s2) => isIndexSegment(s2) ? "{}" : s2).join(".");
function hunksOf(source, target) {
  const a = source.split(".");
  const b = target.split(".");
  return segmentHunks(a, b).map((h) => {
    const x = a.slice(h.from, h.to);
    const y = b.slice(h.tFrom, h.tTo);
    const digitless = (segs) => segs.filter((seg) => !WRAPPER_SEGMENTS.has(seg)).join(".").replace(/\d+/g, "#");
    return { id: `${shape2(x)}\0${shape2(y)}`, alike: wordSimilarity(words(x), words(y)) > 0 && digitless(x) !== digitless(y) };
  });
}
var shapeless = (pair, source, target) => source.get(pair.source)?.shape == null || target.get(pair.target)?.shape == null;
function requireNameEvidence(pairs, source, target) {
  const hunks = /* @__PURE__ */ new Map();
  const corroborated = /* @__PURE__ */ new Set();
  for (const p of pairs) {
    if (!shapeless(p, source, target)) continue;
    const hs = hunksOf(p.source, p.target);
    hunks.set(p, hs);
    if (hs.some((h) => h.alike)) for (const h of hs) corroborated.add(h.id);
  }
  const kept = [];
  const refused = [];
  for (const p of pairs) {
    const hs = hunks.get(p);
    if (!hs || hs.length > 0 && hs.every((h) => h.alike || corroborated.has(h.id))) kept.push(p);
    else refused.push(p);
  }
  return { kept, refused };
}
function renumberedPair(leftover, unmapped) {
  const byTemplate = /* @__PURE__ */ new Map();
  for (const t of unmapped) {
    const { template, indices: indices2 } = templateOf(t);
    if (indices2.length > 0 && !byTemplate.has(template)) byTemplate.set(template, t);
  }
  for (const s2 of leftover) {
    const t = byTemplate.get(templateOf(s2).template);
    if (t !== void 0) return { source: s2, target: t };
  }
  return null;
}

// src/analysis/infer/fused.ts
function families(side, sized = true) {
  const groups = /* @__PURE__ */ new Map();
  const add = (e, pattern, label) => {
    const g = groups.get(pattern);
    if (g) {
      g.members.push(e);
      g.labels.push(label);
    } else groups.set(pattern, { members: [e], labels: [label] });
  };
  for (const e of side.values()) {
    if (sized ? !e.shape || e.shape.length === 0 : e.shape !== null) continue;
    const k = e.key;
    const e3 = k.length;
    const d2 = k.lastIndexOf(".");
    const d1 = d2 > 0 ? k.lastIndexOf(".", d2 - 1) : -1;
    const d0 = d1 > 0 ? k.lastIndexOf(".", d1 - 1) : -1;
    if (d0 >= 0) add(e, `${k.slice(0, d0 + 1)}*${k.slice(d1)}`, k.slice(d0 + 1, d1));
    else if (d1 >= 0) add(e, `*${k.slice(d1)}`, k.slice(0, d1));
    if (d1 >= 0) add(e, `${k.slice(0, d1 + 1)}*${k.slice(d2)}`, k.slice(d1 + 1, d2));
    else if (d2 >= 0) add(e, `*${k.slice(d2)}`, k.slice(0, d2));
    add(e, d2 >= 0 ? `${k.slice(0, d2 + 1)}*` : "*", k.slice(d2 + 1, e3));
  }
  const out = [];
  for (const [pattern, g] of groups) {
    if (g.members.length < 2) continue;
    out.push({ pattern, ...g });
    const cover = g.labels.map((l, i) => qkvRoles(l) ? i : -1).filter((i) => i >= 0);
    if (cover.length >= 2 && cover.length < g.members.length && coversQkv(cover.map((i) => g.labels[i]))) {
      out.push({ pattern, members: cover.map((i) => g.members[i]), labels: cover.map((i) => g.labels[i]) });
    }
  }
  return out;
}
function qkvRoles(label) {
  const single = QKV_ORDER.findIndex((re) => re.test(label));
  if (single >= 0) return [single];
  if (/^w?kv(_proj)?$/i.test(label)) return [1, 2];
  if (/^w?qk(_proj)?$/i.test(label)) return [0, 1];
  return null;
}
function coversQkv(labels) {
  const roles = labels.flatMap((l) => qkvRoles(l) ?? [-1]).sort();
  return roles.length === 3 && roles.every((r, i) => r === i);
}
function indexFamilies(fams) {
  const byShape = /* @__PURE__ */ new Map();
  const byShapeIndex = /* @__PURE__ */ new Map();
  const push = (index2, k, f) => {
    const l = index2.get(k);
    if (l) {
      if (l[l.length - 1] !== f) l.push(f);
    } else index2.set(k, [f]);
  };
  const add = (k, f) => {
    push(byShape, k, f);
    const p = f.pattern;
    for (let from = 0; from <= p.length; ) {
      let dot = p.indexOf(".", from);
      if (dot < 0) dot = p.length;
      if (isIndexAt(p, from, dot)) push(byShapeIndex, `${k}|${p.slice(from, dot)}`, f);
      from = dot + 1;
    }
  };
  for (const f of fams) {
    const first = f.members[0].shape;
    if (f.members.every((m) => sameDimsFrom(m.shape, first, 0))) add(`${f.members.length}x${first.join("x")}`, f);
    if (f.members.every((m) => sameDimsFrom(m.shape, first, 1))) {
      const sum = f.members.reduce((a, m) => a + m.shape[0], 0);
      add([sum, ...first.slice(1)].join("x"), f);
    }
  }
  return { byShape, byShapeIndex };
}
function sameDimsFrom(a, b, from) {
  if (a.length !== b.length) return false;
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
function shapeCandidates(shape4, indexTokens, index2) {
  const key = shape4.join("x");
  if (indexTokens.length === 0) return index2.byShape.get(key) ?? [];
  let best2;
  for (const t of indexTokens) {
    const l = index2.byShapeIndex.get(`${key}|${t}`);
    if (!l) return [];
    if (!best2 || l.length < best2.length) best2 = l;
  }
  return best2;
}
var QKV_ORDER = [/^(?:to_|add_)?(w?q|query|q_?proj)$/i, /^(?:to_|add_)?(w?k|key|k_?proj)$/i, /^(?:to_|add_)?(w?v|value|v_?proj)$/i];
var STREAMS = [
  {
    stream: "text",
    whole: /(^|[._])(txt|text|context|ctx)(_|\.)/i,
    part: /^add_|^added_|_add_|context/i,
    why: "diffusers' Attention names the text (encoder_hidden_states) stream's projections `add_q_proj`/`add_k_proj`/`add_v_proj`/`to_add_out` (FLUX txt_attn, SD3 context_block)"
  }
];
function listKey(whole, list) {
  return `${PART_LISTS.findIndex(([, l]) => l === list)}:${STREAMS.map((st) => st.whole.test(whole)).join()}`;
}
function ofStream(whole, labels, idx) {
  for (const s2 of STREAMS) {
    if (!labels.some((l) => s2.part.test(l))) continue;
    const mine = s2.whole.test(whole);
    idx = idx.filter((i) => s2.part.test(labels[i]) === mine);
  }
  return idx;
}
var GATE_UP_ORDER = [/gate|^w1$/i, /up|^w3$/i];
var KV_ORDER = [/^(w?k|key|k_?proj)$/i, /^(w?v|value|v_?proj)$/i];
var FUSED_WORDS = /(^|[._])(qkv|wqkv|kv|qk|in_proj\w*|c_attn|fused\w*|packed\w*|merged\w*|gate_up\w*|experts?|stacked\w*)([._]|$)/i;
function looksFused(whole, f) {
  const listed = listedParts(whole);
  if (listed) return f.labels.every(isIndexSegment) && f.pattern.split(".").includes(moduleName(whole)) || f.labels.length === listed.length && new Set(f.labels.map((l) => listed.findIndex((re) => re.test(l)))).size === listed.length && f.labels.every((l) => listed.some((re) => re.test(l)));
  if (QKV_WHOLE.test(whole)) return f.labels.every(isIndexSegment) || f.labels.every((l) => qkvRoles(l) !== null) && coversQkv(f.labels) || namedParts(f);
  if (FUSED_WORDS.test(whole)) return true;
  if (f.labels.every(isIndexSegment)) return true;
  return namedParts(f);
}
var QKV_WHOLE = /(^|[._])(w?qkv\w*|in_proj\w*|c_attn|query_key_value)([._]|$)/i;
var PART_LISTS = [
  // Megatron's `linear_qkv` as well as `qkv`, `wqkv`, `qkv_proj`
  [/(^|[._])w?qkv(_proj)?\.[^.]*$/i, QKV_ORDER],
  [/(^|\.)kv(_proj)?\.[^.]*$/i, KV_ORDER],
  [/(^|\.)gate_up(_proj)?(\.[^.]*)?$/i, GATE_UP_ORDER]
];
function moduleName(key) {
  const segs = key.split(".");
  return segs.length >= 2 ? segs[segs.length - 2] : "";
}
function listedParts(whole) {
  for (const [re, parts] of PART_LISTS) if (re.test(whole)) return parts;
  return null;
}
function listedOrder(whole, labels) {
  const list = listedParts(whole);
  if (!list || list.length !== labels.length) return null;
  const slot = labels.map((l) => list.findIndex((re) => re.test(l)));
  if (slot.some((s2) => s2 < 0) || new Set(slot).size !== slot.length) return null;
  return labels.map((_, i) => i).sort((a, b) => slot[a] - slot[b]);
}
function listedSubfamilies(fams, wholes) {
  const lists = /* @__PURE__ */ new Map();
  for (const w of wholes) {
    const list = listedParts(w.key);
    if (!list) continue;
    const key = listKey(w.key, list);
    if (!lists.has(key)) lists.set(key, { list, whole: w.key });
  }
  const out = [];
  if (lists.size === 0) return out;
  const made = new Set(fams.map((f) => `${f.pattern}|${f.members.map((m) => m.key).join()}`));
  for (const [key, { list, whole }] of lists) {
    for (const f of fams) {
      if (f.members.length <= list.length) continue;
      const pick = list.map((re) => ofStream(whole, f.labels, f.labels.flatMap((l, i) => re.test(l) ? [i] : [])));
      if (!pick.every((p) => p.length === 1) || new Set(pick.map((p) => p[0])).size !== list.length) continue;
      const idx = pick.map((p) => p[0]).sort((a, b) => a - b);
      if (made.has(`${f.pattern}|${idx.map((i) => f.members[i].key).join()}`)) continue;
      out.push({ pattern: f.pattern, members: idx.map((i) => f.members[i]), labels: idx.map((i) => f.labels[i]), listedFor: key });
    }
  }
  return out;
}
function listLengths(keys) {
  const out = /* @__PURE__ */ new Map();
  for (const k of keys) {
    const at = indexSegmentAt(k);
    if (at === null) continue;
    const list = k.slice(0, Math.max(0, at[0] - 1));
    out.set(list, Math.max(out.get(list) ?? 0, Number(k.slice(at[0], at[1])) + 1));
  }
  return out;
}
function blockCount(key, lengths) {
  const at = indexSegmentAt(key);
  return at === null ? null : lengths.get(key.slice(0, Math.max(0, at[0] - 1))) ?? null;
}
function chunkOrder(f) {
  const idx = f.members.map((_, i) => i);
  if (f.labels.length === 2 && coversQkv(f.labels)) return idx.sort((a, b) => qkvRoles(f.labels[a])[0] - qkvRoles(f.labels[b])[0]);
  for (const order of [QKV_ORDER, GATE_UP_ORDER, KV_ORDER]) {
    if (f.labels.length === order.length) {
      const slot = f.labels.map((l) => order.findIndex((re) => re.test(l)));
      if (slot.every((s2) => s2 >= 0) && new Set(slot).size === slot.length) return idx.sort((a, b) => slot[a] - slot[b]);
    }
  }
  if (f.labels.every(isIndexSegment)) return idx.sort((a, b) => Number(f.labels[a]) - Number(f.labels[b]));
  return idx.sort((a, b) => f.members[a].pos - f.members[b].pos);
}
function fit(whole, f) {
  const shapes = f.members.map((m) => m.shape);
  const rest = whole.slice(1);
  if (shapes.every((s2) => s2.length === rest.length && s2.every((d, i) => d === rest[i])) && whole[0] === shapes.length) {
    return { sizes: shapes.map(() => 1), stacked: true };
  }
  if (!shapes.every((s2) => s2.length === whole.length && s2.slice(1).every((d, i) => d === rest[i]))) return null;
  const sizes = shapes.map((s2) => s2[0]);
  return sizes.reduce((a, b) => a + b, 0) === whole[0] ? { sizes, stacked: false } : null;
}
function namedParts(f) {
  if (f.labels.length === 2 && coversQkv(f.labels)) return true;
  return [QKV_ORDER, GATE_UP_ORDER, KV_ORDER].some(
    (order) => f.labels.length === order.length && new Set(f.labels.map((l) => order.findIndex((re) => re.test(l)))).size === order.length && f.labels.every((l) => order.some((re) => re.test(l)))
  );
}
function sameKind(whole, f) {
  const a = leafKind(whole);
  const b = leafKind(f.pattern);
  return a === null || b === null || a === b;
}
function byHead(fams) {
  const m = /* @__PURE__ */ new Map();
  for (const f of fams) {
    const head = f.pattern.slice(0, f.pattern.indexOf("*"));
    (m.get(head) ?? m.set(head, []).get(head)).push(f);
  }
  return m;
}
function familiesAround(key, heads) {
  const out = [];
  for (let i = key.indexOf("."); i >= 0; i = key.indexOf(".", i + 1)) out.push(...heads.get(key.slice(0, i + 1)) ?? []);
  return out;
}
function fitAssuming(w, f) {
  const partsKnown = f.members.every((m) => m.shape !== null);
  if (w.shape && !partsKnown) {
    const n = f.members.length;
    const d0 = w.shape[0];
    if (f.labels.every(isIndexSegment)) return d0 === n ? { sizes: f.members.map(() => 1), stacked: true, assumed: "equal parts" } : null;
    if (!namedParts(f) || d0 % n !== 0 || d0 === 0) return null;
    return { sizes: f.members.map(() => d0 / n), stacked: false, assumed: "equal parts" };
  }
  if (!w.shape && partsKnown) {
    if (!namedParts(f)) return null;
    const first = f.members[0].shape;
    if (first.length === 0 || !f.members.every((m) => m.shape.length === first.length && m.shape.slice(1).every((d, i) => d === first[i + 1]))) return null;
    return { sizes: f.members.map((m) => m.shape[0]), stacked: false, assumed: "sum of the parts" };
  }
  return null;
}
var FUSED_NAME = /(^|[._])(qkv|wqkv|kv|qk|in_proj\w*|c_attn|fused\w*|packed\w*|merged\w*|gate_up\w*|experts\.(?!\d))/i;
function hasFusedName(key) {
  return FUSED_NAME.test(key);
}
function placementOf(pairs) {
  const votes = /* @__PURE__ */ new Map();
  const parent = (k) => k.slice(0, Math.max(0, k.lastIndexOf(".")));
  for (const { from, to } of pairs) {
    let a = parent(from);
    let b = parent(to);
    for (let up = 0; up < 2 && a && b; up++, a = parent(a), b = parent(b)) {
      const m = votes.get(a) ?? votes.set(a, /* @__PURE__ */ new Map()).get(a);
      m.set(b, (m.get(b) ?? 0) + 1);
    }
  }
  const out = /* @__PURE__ */ new Map();
  for (const [a, m] of votes) out.set(a, [...m].sort((x, y) => y[1] - x[1])[0][0]);
  return out;
}
function findFused(wholes, parts, placement = /* @__PURE__ */ new Map()) {
  const none = { found: [], ambiguities: [], unsized: [] };
  if (wholes.size === 0 || parts.size < 2) return none;
  const sizedFamilies = families(parts);
  const index2 = indexFamilies([...sizedFamilies, ...listedSubfamilies(sizedFamilies, wholes.values())]);
  const shapeless2 = [...wholes.values()].some((w) => w.shape === null) || [...parts.values()].some((p) => p.shape === null);
  const unsizedHeads = shapeless2 ? byHead(families(parts, false)) : /* @__PURE__ */ new Map();
  const sizedHeads = shapeless2 ? byHead(sizedFamilies) : /* @__PURE__ */ new Map();
  const found = [];
  const ambiguities = [];
  const unsized = [];
  if (index2.byShape.size === 0 && unsizedHeads.size === 0) return none;
  const wholeLengths = listLengths(wholes.keys());
  const partLengths = listLengths(parts.keys());
  const byHome = /* @__PURE__ */ new Map();
  if (placement.size > 0) {
    for (const f of sizedFamilies) {
      const home = placement.get(f.pattern.slice(0, Math.max(0, f.pattern.indexOf("*") - 1)));
      if (home !== void 0) (byHome.get(home) ?? byHome.set(home, []).get(home)).push(f);
    }
  }
  for (const w of wholes.values()) {
    if (w.shape && w.shape.length === 0) continue;
    const indexTokens = w.key.split(".").filter(isIndexSegment);
    const sameLayer = (f) => {
      const famSegs = f.pattern.split(".");
      return indexTokens.every((t) => famSegs.includes(t));
    };
    const wholeBlocks = blockCount(w.key, wholeLengths);
    const sameList = (f) => wholeBlocks === null || blockCount(f.pattern, partLengths) === null || blockCount(f.pattern, partLengths) === wholeBlocks;
    const home = w.key.slice(0, Math.max(0, w.key.lastIndexOf(".")));
    const outer = home.slice(0, Math.max(0, home.lastIndexOf(".")));
    const placed = (f) => {
      if (placement.size === 0) return false;
      const p = placement.get(f.pattern.slice(0, Math.max(0, f.pattern.indexOf("*") - 1)));
      return p === home || outer !== "" && p === outer;
    };
    const fitting = [];
    const candidates = w.shape ? [...shapeCandidates(w.shape, indexTokens, index2)] : [];
    if (w.shape) {
      for (const f of [...byHome.get(home) ?? [], ...outer ? byHome.get(outer) ?? [] : []]) if (!candidates.includes(f)) candidates.push(f);
    }
    for (const f of candidates) {
      if (f.listedFor !== void 0) {
        const list = listedParts(w.key);
        if (!list || f.listedFor !== listKey(w.key, list)) continue;
      }
      const shape4 = fit(w.shape, f);
      if (!shape4) continue;
      const beside = placed(f);
      if ((!sameLayer(f) || !sameList(f)) && !beside) continue;
      if (!looksFused(w.key, f)) continue;
      const order = chunkOrder(f);
      fitting.push({ whole: w, family: f, order, sizes: order.map((i) => shape4.sizes[i]), stacked: shape4.stacked, similarity: nameSimilarity(w.key, f.pattern) + (beside ? 1 : 0) });
    }
    if (shapeless2 && FUSED_WORDS.test(w.key)) {
      const around = [...familiesAround(w.key, unsizedHeads), ...w.shape ? [] : familiesAround(w.key, sizedHeads)];
      for (const f of around) {
        if (!sameLayer(f) || !sameKind(w.key, f)) continue;
        const order = chunkOrder(f);
        if (!w.shape && f.members.every((m) => m.shape === null)) {
          if (namedParts(f)) unsized.push({ whole: w.key, parts: order.map((i) => f.members[i].key) });
          continue;
        }
        const shape4 = fitAssuming(w, f);
        if (!shape4) continue;
        fitting.push({ whole: w, family: f, order, sizes: order.map((i) => shape4.sizes[i]), stacked: shape4.stacked, similarity: nameSimilarity(w.key, f.pattern), assumed: shape4.assumed });
      }
    }
    if (fitting.length === 0) continue;
    fitting.sort((a, b) => b.similarity - a.similarity);
    const [best2, second] = fitting;
    if (second && second.similarity >= best2.similarity - 1e-9) {
      ambiguities.push({ keys: [w.key], candidates: fitting.slice(0, 4).map((f) => f.family.pattern), reason: "several families of tensors add up to its shape" });
      continue;
    }
    if (best2.similarity < 0.3) continue;
    found.push(best2);
  }
  const used = /* @__PURE__ */ new Set();
  const unique = found.filter((f) => {
    if (f.family.members.some((m) => used.has(m.key))) return false;
    for (const m of f.family.members) used.add(m.key);
    return true;
  });
  return { found: unique, ambiguities, unsized: unsized.filter((u) => !unique.some((f) => f.whole.key === u.whole)) };
}
function evidence(f) {
  const parts = f.order.map((i) => f.family.members[i]);
  if (f.assumed === "equal parts") {
    const how2 = f.stacked ? `stacks ${parts.length} tensors` : `dim 0 is ${f.sizes.join(" + ")}`;
    return `${formatShape(f.whole.shape)} ${how2} (${f.family.pattern}), assumed: the parts' shapes are not known, so equal parts are taken`;
  }
  if (f.assumed === "sum of the parts") return `${f.family.pattern} add up along dim 0 to ${f.sizes.join(" + ")}, assumed to be the whole's shape (not known)`;
  const how = f.stacked ? `stacks ${parts.length} tensors of shape ${formatShape(parts[0].shape)}` : `dim 0 is ${f.sizes.join(" + ")}`;
  return `${formatShape(f.whole.shape)} ${how} (${f.family.pattern})`;
}
function confidence(f) {
  return f.assumed ? CONFIDENCE.fusedAssumed : Math.min(CONFIDENCE.fusedCap, CONFIDENCE.fusedBase + 0.2 * f.similarity);
}
function findSplits(source, target, placement) {
  const { found, ambiguities, unsized } = findFused(source, target, placement);
  const splits = found.map((f) => ({
    source: f.whole.key,
    targets: f.order.map((i) => f.family.members[i].key),
    dim: 0,
    sizes: f.sizes,
    confidence: confidence(f),
    evidence: evidence(f),
    assumed: f.assumed !== void 0
  }));
  return { splits, ambiguities, unsized };
}
function findConcats(source, target, placement) {
  const { found, ambiguities } = findFused(target, source, placement);
  const concats = found.filter((f) => !f.stacked).map((f) => ({
    sources: f.order.map((i) => f.family.members[i].key),
    target: f.whole.key,
    dim: 0,
    confidence: confidence(f),
    evidence: evidence(f),
    assumed: f.assumed !== void 0
  }));
  return { concats, ambiguities };
}
function findResidualSplits(source, target, placement) {
  const wholes = /* @__PURE__ */ new Map();
  for (const w of source.values()) {
    if (!w.shape || w.shape.length === 0) continue;
    const block = moduleOf(moduleOf(w.key));
    const home = block ? placement.get(block) : void 0;
    if (home === void 0) continue;
    const id = `${home}\0${leafOf(w.key)}`;
    (wholes.get(id) ?? wholes.set(id, []).get(id)).push(w);
  }
  if (wholes.size === 0) return [];
  const leftovers = /* @__PURE__ */ new Map();
  for (const t of target.values()) {
    if (!t.shape || t.shape.length === 0) continue;
    for (let home = moduleOf(t.key); home; home = moduleOf(home)) {
      const id = `${home}\0${leafOf(t.key)}`;
      if (wholes.has(id)) (leftovers.get(id) ?? leftovers.set(id, []).get(id)).push(t);
    }
  }
  const out = [];
  for (const [id, ws] of wholes) {
    const parts = leftovers.get(id);
    if (ws.length !== 1 || !parts || parts.length < 2) continue;
    const w = ws[0];
    const rest = w.shape.slice(1);
    if (!parts.every((p) => p.shape.length === w.shape.length && p.shape.slice(1).every((d, i) => d === rest[i]))) continue;
    if (parts.reduce((a, p) => a + p.shape[0], 0) !== w.shape[0]) continue;
    const slot = (p) => QKV_ORDER.findIndex((re) => re.test(p.key.split(".").at(-2) ?? ""));
    const ordered = [...parts].sort((a, b) => {
      const x = slot(a);
      const y = slot(b);
      return (x < 0 ? 3 : x) - (y < 0 ? 3 : y) || a.pos - b.pos;
    });
    const sizes = ordered.map((p) => p.shape[0]);
    out.push({
      source: w.key,
      targets: ordered.map((p) => p.key),
      dim: 0,
      sizes,
      confidence: CONFIDENCE.fusedResidual,
      orderAssumed: true,
      evidence: `${formatShape(w.shape)} dim 0 is ${sizes.join(" + ")}: exactly what is left unpaired in ${id.split("\0")[0]}; the order is assumed (q, k, v first, then the rest in state-dict order): shapes cannot tell it`
    });
  }
  return out;
}

// src/analysis/infer/stacks.ts
var shapeText = (s2) => s2.join(",");
function indexValues(key) {
  return key.split(".").filter(isIndexSegment).join(",");
}
function sourceGroups(source) {
  const raw = /* @__PURE__ */ new Map();
  for (const e of source.values()) {
    if (!e.shape) continue;
    const segs = e.key.split(".");
    segs.forEach((seg, p) => {
      if (!isIndexSegment(seg)) return;
      const templ2 = [...segs.slice(0, p), "{}", ...segs.slice(p + 1)].join(".");
      const shape4 = shapeText(e.shape);
      const id = `${templ2}|${shape4}`;
      let g = raw.get(id);
      if (!g) raw.set(id, g = { at: [], keys: [], fixed: segs.filter((s2, i) => i !== p && isIndexSegment(s2)).join(","), shape: shape4, pos: e.pos });
      g.at.push(Number(seg));
      g.keys.push(e.key);
      g.pos = Math.min(g.pos, e.pos);
    });
  }
  const out = /* @__PURE__ */ new Map();
  for (const [id, g] of raw) {
    const n = g.keys.length;
    if (n < 2) continue;
    const order = g.at.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
    if (order.some(([v], i) => v !== i)) continue;
    const group = { id, keys: order.map(([, i]) => g.keys[i]), fixed: g.fixed, shape: g.shape, pos: g.pos };
    const k = `${n}|${g.shape}|${g.fixed}`;
    (out.get(k) ?? out.set(k, []).get(k)).push(group);
  }
  return out;
}
function findStacks(pool2) {
  const stacks = [];
  const ambiguities = [];
  const targets = [...pool2.target.values()].filter((t) => t.shape && t.shape.length >= 2 && t.shape[0] >= 2);
  if (targets.length === 0) return { stacks, ambiguities };
  const groups = sourceGroups(pool2.source);
  if (groups.size === 0) return { stacks, ambiguities };
  const wanting = /* @__PURE__ */ new Map();
  for (const t of targets) {
    const k = `${t.shape[0]}|${shapeText(t.shape.slice(1))}|${indexValues(t.key)}`;
    if (!groups.has(k)) continue;
    (wanting.get(k) ?? wanting.set(k, []).get(k)).push(t);
  }
  const used = /* @__PURE__ */ new Set();
  for (const [k, ts] of wanting) {
    const gs = groups.get(k).filter((g) => g.keys.every((key) => !used.has(key)));
    if (gs.length !== ts.length) {
      ambiguities.push({ keys: ts.map((t) => t.key).slice(0, 8), candidates: gs.map((g) => g.keys[0]).slice(0, 8), reason: `${ts.length} stacked tensor(s) of this shape and ${gs.length} groups of tensors that could be stacked into them: not paired` });
      continue;
    }
    gs.sort((a, b) => a.pos - b.pos);
    ts.sort((a, b) => a.pos - b.pos);
    const alone = gs.length === 1;
    gs.forEach((g, i) => {
      const t = ts[i];
      for (const key of g.keys) used.add(key);
      stacks.push({
        sources: g.keys,
        target: t.key,
        dim: 0,
        confidence: alone ? CONFIDENCE.stackUnique : CONFIDENCE.stackByOrder,
        evidence: `${g.keys.length} tensors [${g.shape}] stack into [${t.shape.join(", ")}]${alone ? "" : `; ${gs.length} such groups paired in state-dict order`}`
      });
    });
  }
  const joined = findJoinedStacks(targets.filter((t) => !stacks.some((s2) => s2.target === t.key)), groups, used);
  return { stacks: [...stacks, ...joined.stacks], ambiguities: [...ambiguities, ...joined.ambiguities] };
}
function labelsOf(templates) {
  const segs = templates.map((t) => t.split("."));
  if (segs.some((s2) => s2.length !== segs[0].length)) return null;
  const differ = segs[0].flatMap((_, i) => segs.some((s2) => s2[i] !== segs[0][i]) ? [i] : []);
  return differ.length === 1 ? segs.map((s2) => s2[differ[0]]) : null;
}
function findJoinedStacks(targets, groups, used) {
  const stacks = [];
  const ambiguities = [];
  const byRest = /* @__PURE__ */ new Map();
  for (const [k, gs] of groups) {
    const [n, shape4, fixed] = k.split("|");
    const dims = shape4.split(",");
    if (dims.length < 2) continue;
    const rk = `${n}|${dims.slice(1).join(",")}|${fixed}`;
    (byRest.get(rk) ?? byRest.set(rk, []).get(rk)).push(...gs);
  }
  for (const t of targets) {
    if (t.shape.length < 3) continue;
    const candidates = (byRest.get(`${t.shape[0]}|${shapeText(t.shape.slice(2))}|${indexValues(t.key)}`) ?? []).filter((g) => g.keys.every((k) => !used.has(k)));
    if (candidates.length < 2) continue;
    const dim0 = (g) => Number(g.shape.split(",")[0]);
    const labels = labelsOf(candidates.map((g) => g.id.slice(0, g.id.indexOf("|"))));
    const order = labels ? listedOrder(t.key, labels) : null;
    if (!order) {
      if (candidates.reduce((a, g) => a + dim0(g), 0) === t.shape[1]) {
        ambiguities.push({ keys: [t.key], candidates: candidates.map((g) => g.keys[0]).slice(0, 8), reason: `${candidates.length} groups of stacked tensors add up to it along dim 1, but its name does not say in which order they join: not joined` });
      }
      continue;
    }
    const parts = order.map((i) => candidates[i]);
    if (parts.reduce((a, g) => a + dim0(g), 0) !== t.shape[1]) continue;
    for (const g of parts) for (const k of g.keys) used.add(k);
    stacks.push({
      sources: parts.flatMap((g) => g.keys),
      target: t.key,
      dim: 0,
      join: { parts: parts.map((g) => g.keys), dim: 1 },
      confidence: CONFIDENCE.stackJoined,
      evidence: `${parts.map((g, i) => `${g.keys.length} \xD7 [${g.shape}] (${labels[order[i]]})`).join(" and ")} stacked along a new dim 0 and joined along dim 1 make [${t.shape.join(", ")}]; the order ${order.map((i) => labels[i]).join(", ")} is the one its name lists`
    });
  }
  return { stacks, ambiguities };
}

// src/analysis/infer/stages/fuse.ts
var MIN_STRONG_SHARE = 0.5;
function newFusions() {
  return { splits: [], concats: [], stacks: [], ambiguities: [], unsized: /* @__PURE__ */ new Map() };
}
function unfusedTwins(candidates, other) {
  const tail = (k) => {
    const a = k.lastIndexOf(".");
    const b = a > 0 ? k.lastIndexOf(".", a - 1) : -1;
    return k.slice(b + 1);
  };
  const at = (k, shape4) => `${tail(k)}\0${shape4.join(",")}`;
  const wanted = /* @__PURE__ */ new Map();
  for (const e of candidates) {
    if (!e.shape) continue;
    const id = at(e.key, e.shape);
    const list = wanted.get(id);
    if (list) list.push(e.key);
    else wanted.set(id, [e.key]);
  }
  const out = /* @__PURE__ */ new Set();
  if (wanted.size === 0) return out;
  for (const o of other.values()) {
    if (!o.shape) continue;
    const id = at(o.key, o.shape);
    const list = wanted.get(id);
    if (!list) continue;
    for (const k of list) out.add(k);
    wanted.delete(id);
  }
  return out;
}
function collectFusions(pool2, into, onlyNamed, pairs = []) {
  const namedS = [...pool2.source].filter(([k]) => !onlyNamed || hasFusedName(k));
  const twinS = unfusedTwins(namedS.map(([, e]) => e), pool2.target);
  const wholesS = new Map(namedS.filter(([k]) => !twinS.has(k)));
  const small = pairs.length + pool2.source.size <= MODULE_ALIGN_MAX_KEYS && pairs.length + pool2.target.size <= MODULE_ALIGN_MAX_KEYS;
  const toSource = small ? placementOf(pairs.map((p) => ({ from: p.target, to: p.source }))) : void 0;
  const toTarget = small ? placementOf(pairs.map((p) => ({ from: p.source, to: p.target }))) : void 0;
  const found = findSplits(wholesS, pool2.target, toSource);
  into.ambiguities.push(...found.ambiguities);
  for (const u of found.unsized) if (!into.unsized.has(u.whole)) into.unsized.set(u.whole, u);
  for (const s2 of found.splits) {
    if (!pool2.source.has(s2.source) || !s2.targets.every((t) => pool2.target.has(t))) continue;
    into.splits.push(s2);
    pool2.source.delete(s2.source);
    for (const t of s2.targets) pool2.target.delete(t);
  }
  const namedT = [...pool2.target].filter(([k]) => !onlyNamed || hasFusedName(k));
  const twinT = unfusedTwins(namedT.map(([, e]) => e), pool2.source);
  const wholesT = new Map(namedT.filter(([k]) => !twinT.has(k)));
  const joined = findConcats(pool2.source, wholesT, toTarget);
  into.ambiguities.push(...joined.ambiguities);
  for (const c of joined.concats) {
    if (!pool2.target.has(c.target) || !c.sources.every((s2) => pool2.source.has(s2))) continue;
    into.concats.push(c);
    pool2.target.delete(c.target);
    for (const s2 of c.sources) pool2.source.delete(s2);
  }
  if (!onlyNamed && toTarget) {
    for (const s2 of findResidualSplits(pool2.source, pool2.target, toTarget)) {
      if (!pool2.source.has(s2.source) || !s2.targets.every((t) => pool2.target.has(t))) continue;
      into.splits.push(s2);
      pool2.source.delete(s2.source);
      for (const t of s2.targets) pool2.target.delete(t);
    }
  }
}
var isStrong = (p) => p.stage === "exact" || p.stage === "prefix" || p.stage === "canonical";
function fuse(sides, c) {
  const { pool: pool2, fusions } = c;
  collectFusions(pool2, fusions, false, c.pairs);
  const stacked = findStacks(pool2);
  fusions.ambiguities.push(...stacked.ambiguities);
  for (const s2 of stacked.stacks) {
    fusions.stacks.push(s2);
    pool2.target.delete(s2.target);
    for (const k of s2.sources) pool2.source.delete(k);
  }
  const { splits, concats, stacks } = fusions;
  const strong = c.pairs.filter(isStrong).length;
  const unsizedKeys = [...fusions.unsized.values()].filter((u) => pool2.source.has(u.whole) && u.parts.every((t) => pool2.target.has(t)));
  const weakCount = c.pairs.length - strong + splits.length + concats.length + stacks.length + unsizedKeys.length;
  const comparable2 = Math.min(sides.source.size - sides.options.drops.length, sides.target.size - sides.options.keepMissing.size);
  const anotherModel = comparable2 > 0 && (strong + weakCount) / comparable2 < MIN_STRONG_SHARE;
  let kept = anotherModel ? c.pairs.filter(isStrong) : c.pairs;
  let fusedKept = anotherModel ? { splits: [], concats: [], stacks: [] } : { splits, concats, stacks };
  const ambiguities = [];
  const min = sides.options.minConfidence;
  if (min > 0) {
    for (const p of kept) if (p.confidence < min) ambiguities.push({ keys: [p.source], candidates: [p.target], reason: `confidence ${p.confidence.toFixed(2)} is below ${min}` });
    kept = kept.filter((p) => p.confidence >= min);
    fusedKept = { splits: fusedKept.splits.filter((s2) => s2.confidence >= min), concats: fusedKept.concats.filter((x) => x.confidence >= min), stacks: fusedKept.stacks.filter((x) => x.confidence >= min) };
  }
  return { kept, ...fusedKept, unsizedKeys, strong, anotherModel, ambiguities, fusionTies: fusions.ambiguities };
}

// src/analysis/infer/stages/correspond.ts
function correspond(sides) {
  const pool2 = { source: new Map(sides.source), target: new Map(sides.target) };
  for (const d of sides.options.drops) pool2.source.delete(d.key);
  for (const k of sides.options.keepMissing) pool2.target.delete(k);
  const pairs = [];
  const take = (found) => {
    for (const p of found) {
      if (!pool2.source.has(p.source) || !pool2.target.has(p.target)) continue;
      if (crossesHeadRoles(p.source, p.target)) continue;
      pairs.push(p);
      pool2.source.delete(p.source);
      pool2.target.delete(p.target);
    }
  };
  const refused = [];
  const evidenced = (found) => {
    const r = requireNameEvidence(found, sides.source, sides.target);
    refused.push(...r.refused);
    return r.kept;
  };
  const exact = matchExact(pool2);
  const clash = (p) => !canCorrespond(sides.source.get(p.source), sides.target.get(p.target));
  take(exact.filter((p) => !clash(p)));
  take(matchFixedCut(pool2));
  if (!sides.options.cut) take(matchContainerSwaps(pool2));
  const rules = findPrefixRules(pool2);
  for (const r of rules) take(r.pairs);
  take(matchCanonical(pool2, rules));
  const fusions = newFusions();
  collectFusions(pool2, fusions, true);
  take(evidenced(alignModulesAroundFusions(pool2, pairs, fusions, sides.tfLayout)));
  const renames = matchRenames(pool2);
  take(evidenced(renames.pairs));
  const bySuffix = matchBySuffix(pool2);
  take(bySuffix.pairs);
  take(exact.filter(clash));
  take(matchSoleNorms(pool2));
  return { pairs, pool: pool2, fusions, refused, similarityTies: [...bySuffix.ambiguities, ...renames.ambiguities] };
}
function alignModulesAroundFusions(pool2, pairs, fusions, tfLayout) {
  const first = matchModules(pool2, tfLayout);
  const fusedLeft = (side) => {
    for (const k of side.keys()) if (hasFusedName(k)) return true;
    return false;
  };
  if (first.length === 0 || !fusedLeft(pool2.source) && !fusedLeft(pool2.target)) return first;
  const before = fusions.splits.length + fusions.concats.length;
  collectFusions(pool2, fusions, true, [...pairs, ...first]);
  return fusions.splits.length + fusions.concats.length === before ? first : matchModules(pool2, tfLayout);
}

// src/analysis/infer/shape-mismatch.ts
function only(a, b, dim) {
  return a.length === b.length && a.every((d, i) => i === dim || d === b[i]);
}
var COMPATIBLE = Object.freeze({ kind: "compatible" });
function classifyShapes(source, target, lastness) {
  const rel = shapeRelation(source.shape, target.shape);
  if (rel === "equal" || rel === "unknown") return COMPATIBLE;
  const a = source.shape;
  const b = target.shape;
  const shapes = `shape ${formatShape(a)} vs ${formatShape(b)}`;
  if (rel === "transposed") return { kind: "transpose", evidence: `${shapes}: stored transposed (Conv1D vs Linear)` };
  if (rel === "reshaped") return { kind: "reshape", evidence: `${shapes}: the same elements in another shape (dims of size 1 added or removed)` };
  const key = target.key;
  if (POSITION_MODULE.test(key) && a.length === b.length && !(a.length >= 2 && only(a, b, a.length - 1))) {
    return {
      kind: "position_embedding",
      message: `${target.key}: ${shapes}: a position embedding of another length (image size or context); sdmatch does not resize it \u2014 interpolate it or keep the model's`
    };
  }
  if ((only(a, b, 0) || outputsDiffer({ source: a, expected: b })) && (HEAD_MODULE.test(key) || lastness >= 0.97)) {
    const vocab = VOCAB_MODULE.test(key);
    return vocab ? { kind: "drop", cause: "vocabulary", reason: `${shapes}: output layer of another vocabulary size` } : { kind: "drop", cause: "classifier", reason: `${shapes}: classifier of another class count` };
  }
  if (a.length === 2 && only(a, b, 0) && VOCAB_MODULE.test(key)) {
    return { kind: "drop", cause: "vocabulary", reason: `${shapes}: embedding of another vocabulary (${a[0]} vs ${b[0]} entries)` };
  }
  return { kind: "size", message: `${target.key}: ${shapes}` };
}

// src/analysis/infer/linear-regex.ts
var LinearRegexError = class extends Error {
  name = "LinearRegexError";
};
var DIGIT = [48, 57];
var WORD = [48, 57, 65, 90, 95, 95, 97, 122];
var SPACE = [9, 13, 32, 32, 160, 160, 5760, 5760, 8192, 8202, 8232, 8233, 8239, 8239, 8287, 8287, 12288, 12288, 65279, 65279];
var DOT2 = negate([10, 10, 13, 13, 8232, 8233]);
var ESCAPED_CONTROL = { t: 9, n: 10, r: 13, f: 12, v: 11, "0": 0 };
function normalize(r) {
  const pairs = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i], r[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}
function negate(r) {
  const n = normalize(r);
  const out = [];
  let next = 0;
  for (let i = 0; i < n.length; i += 2) {
    if (n[i] > next) out.push(next, n[i] - 1);
    next = n[i + 1] + 1;
  }
  if (next <= 65535) out.push(next, 65535);
  return out;
}
var Parser = class {
  constructor(src) {
    this.src = src;
  }
  i = 0;
  groups = 0;
  depth = 0;
  parse() {
    const n = this.alternation();
    if (this.i < this.src.length) this.fail(`unexpected '${this.src[this.i]}'`);
    return n;
  }
  fail(why) {
    throw new LinearRegexError(`${why} at ${this.i}`);
  }
  alternation() {
    const options = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { t: "alt", options };
  }
  sequence() {
    const items2 = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") items2.push(this.quantified());
    return items2.length === 1 ? items2[0] : { t: "seq", items: items2 };
  }
  quantified() {
    const atom = this.atom();
    const c = this.src[this.i];
    let min;
    let max;
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 24));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === void 0 ? min : m[3] === "" ? Infinity : Number(m[3]);
      if (max < min) this.fail("numbers out of order in {} quantifier");
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (atom.t === "assert") this.fail("nothing to repeat");
    let greedy = true;
    if (this.src[this.i] === "?") {
      greedy = false;
      this.i++;
    }
    const next = this.src[this.i];
    if (next === "*" || next === "+" || next === "?" || next === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i, this.i + 24))) this.fail("nothing to repeat");
    return { t: "repeat", body: atom, min, max, greedy };
  }
  atom() {
    const c = this.src[this.i];
    this.i++;
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return { t: "char", ranges: this.charClass() };
      case ".":
        return { t: "char", ranges: DOT2 };
      case "^":
        return { t: "assert", kind: "^" };
      case "$":
        return { t: "assert", kind: "$" };
      case "\\":
        return this.escape();
      case "*":
      case "+":
      case "?":
        return this.fail("nothing to repeat");
      default: {
        const code2 = c.charCodeAt(0);
        return { t: "char", ranges: [code2, code2] };
      }
    }
  }
  group() {
    if (++this.depth > MAX_DEPTH4) this.fail(`groups nested deeper than ${MAX_DEPTH4}`);
    let index2 = null;
    if (this.src[this.i] === "?") {
      if (this.src[this.i + 1] !== ":") this.fail("lookaround and named groups are not in the plan regex dialect");
      this.i += 2;
    } else index2 = ++this.groups;
    const body = this.alternation();
    if (this.src[this.i] !== ")") this.fail("unterminated group");
    this.i++;
    this.depth--;
    return { t: "group", index: index2, body };
  }
  escape() {
    const c = this.src[this.i++];
    if (c === void 0) this.fail("\\ at end of pattern");
    if (c === "b" || c === "B") return { t: "assert", kind: c };
    const cls = this.classEscape(c);
    if (cls) return { t: "char", ranges: cls };
    if (/[1-9]/.test(c)) this.fail("backreferences are not in the plan regex dialect");
    if (c === "k") this.fail("named backreferences are not in the plan regex dialect");
    const code2 = this.codeEscape(c);
    return { t: "char", ranges: [code2, code2] };
  }
  classEscape(c) {
    switch (c) {
      case "d":
        return DIGIT;
      case "D":
        return negate(DIGIT);
      case "w":
        return WORD;
      case "W":
        return negate(WORD);
      case "s":
        return SPACE;
      case "S":
        return negate(SPACE);
      default:
        return null;
    }
  }
  /** the code unit an escape stands for: a control escape, \xHH, \uHHHH, or the character itself */
  codeEscape(c) {
    if (c in ESCAPED_CONTROL) return ESCAPED_CONTROL[c];
    if (c === "x" || c === "u") {
      const n = c === "x" ? 2 : 4;
      const hex2 = this.src.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex2)) this.fail(`bad \\${c} escape`);
      this.i += n;
      return parseInt(hex2, 16);
    }
    if (/[a-zA-Z]/.test(c)) this.fail(`\\${c} is not in the plan regex dialect`);
    return c.charCodeAt(0);
  }
  charClass() {
    let negated = false;
    if (this.src[this.i] === "^") {
      negated = true;
      this.i++;
    }
    const ranges = [];
    while (this.i < this.src.length && this.src[this.i] !== "]") {
      const lo = this.classAtom(ranges);
      if (lo === null) continue;
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classAtom(ranges);
        if (hi === null) this.fail("a class escape cannot end a range");
        if (hi < lo) this.fail("range out of order in character class");
        ranges.push(lo, hi);
      } else ranges.push(lo, lo);
    }
    if (this.src[this.i] !== "]") this.fail("unterminated character class");
    this.i++;
    const set = normalize(ranges);
    return negated ? negate(set) : set;
  }
  /** one class member: a code unit, or null after adding a class escape (\d …) to `ranges` */
  classAtom(ranges) {
    const c = this.src[this.i++];
    if (c !== "\\") return c.charCodeAt(0);
    const e = this.src[this.i++];
    if (e === void 0) this.fail("\\ at end of pattern");
    const cls = this.classEscape(e);
    if (cls) {
      ranges.push(...cls);
      return null;
    }
    if (e === "b") return 8;
    return this.codeEscape(e);
  }
};
var MAX_DEPTH4 = 200;
var MAX_PROGRAM = 5e4;
var Compiler = class {
  prog = [];
  emit(i) {
    if (this.prog.length >= MAX_PROGRAM) throw new LinearRegexError(`the pattern is too large (over ${MAX_PROGRAM} instructions once its counted repeats are spelled out)`);
    this.prog.push(i);
    return this.prog.length - 1;
  }
  /** compiled iteratively over the tree's width; depth is bounded by the parser */
  node(n) {
    switch (n.t) {
      case "char":
        this.emit({ op: 0 /* Char */, ranges: n.ranges });
        return;
      case "assert":
        this.emit({ op: 4 /* Assert */, kind: n.kind });
        return;
      case "seq":
        for (const item of n.items) this.node(item);
        return;
      case "group":
        if (n.index !== null) this.emit({ op: 3 /* Save */, n: 2 * n.index });
        this.node(n.body);
        if (n.index !== null) this.emit({ op: 3 /* Save */, n: 2 * n.index + 1 });
        return;
      case "alt": {
        const jumps = [];
        for (let k = 0; k < n.options.length; k++) {
          if (k < n.options.length - 1) {
            const split = this.emit({ op: 1 /* Split */ });
            this.prog[split].x = this.prog.length;
            this.node(n.options[k]);
            jumps.push(this.emit({ op: 2 /* Jmp */ }));
            this.prog[split].y = this.prog.length;
          } else this.node(n.options[k]);
        }
        for (const j of jumps) this.prog[j].x = this.prog.length;
        return;
      }
      case "repeat":
        this.repeat(n);
        return;
    }
  }
  repeat(n) {
    const slots = groupSlots(n.body);
    const body = () => {
      if (slots) this.emit({ op: 5 /* Reset */, n: slots[0], m: slots[1] });
      this.node(n.body);
    };
    for (let k = 0; k < n.min; k++) body();
    if (n.max === Infinity) {
      const split = this.emit({ op: 1 /* Split */ });
      const start = this.prog.length;
      body();
      this.emit({ op: 2 /* Jmp */, x: split });
      const out2 = this.prog.length;
      Object.assign(this.prog[split], n.greedy ? { x: start, y: out2 } : { x: out2, y: start });
      return;
    }
    const splits = [];
    for (let k = n.min; k < n.max; k++) {
      splits.push(this.emit({ op: 1 /* Split */ }));
      body();
    }
    const out = this.prog.length;
    for (const s2 of splits) Object.assign(this.prog[s2], n.greedy ? { x: s2 + 1, y: out } : { x: out, y: s2 + 1 });
  }
};
function groupSlots(n) {
  let lo = Infinity;
  let hi = -Infinity;
  const stack = [n];
  while (stack.length) {
    const x = stack.pop();
    if (x.t === "group") {
      if (x.index !== null) {
        lo = Math.min(lo, x.index);
        hi = Math.max(hi, x.index);
      }
      stack.push(x.body);
    } else if (x.t === "seq") stack.push(...x.items);
    else if (x.t === "alt") stack.push(...x.options);
    else if (x.t === "repeat") stack.push(x.body);
  }
  return lo === Infinity ? null : [2 * lo, 2 * hi + 2];
}
function inRanges(r, c) {
  for (let i = 0; i < r.length; i += 2) {
    if (c < r[i]) return false;
    if (c <= r[i + 1]) return true;
  }
  return false;
}
function isWord(s2, i) {
  if (i < 0 || i >= s2.length) return false;
  return inRanges(WORD, s2.charCodeAt(i));
}
function backtrackBound(source) {
  const tree = new Parser(source).parse();
  let nested = false;
  let fixed = 1;
  let power = 0;
  const stack = [[tree, false]];
  while (stack.length) {
    const [x, insideRepeat] = stack.pop();
    if (x.t === "repeat") {
      if (insideRepeat || x.body.t !== "char" && x.body.t !== "assert") nested = true;
      if (x.max === Infinity) power++;
      else fixed *= x.max - x.min + 1;
      stack.push([x.body, true]);
    } else if (x.t === "alt") {
      if (insideRepeat) nested = true;
      fixed *= x.options.length;
      for (const o of x.options) stack.push([o, insideRepeat]);
    } else if (x.t === "seq") for (const i of x.items) stack.push([i, insideRepeat]);
    else if (x.t === "group") stack.push([x.body, insideRepeat]);
  }
  const anchored = startsAnchored(tree);
  if (nested) return () => Infinity;
  return (n) => fixed * (n + 1) ** (power + (anchored ? 0 : 1));
}
function startsAnchored(n) {
  for (let x = n; x; ) {
    if (x.t === "assert") return x.kind === "^";
    if (x.t === "seq") x = x.items[0];
    else if (x.t === "group") x = x.body;
    else return false;
  }
  return false;
}
var LinearRegex = class {
  constructor(source) {
    this.source = source;
    const p = new Parser(source);
    const tree = p.parse();
    this.groups = p.groups;
    this.slots = 2 * (p.groups + 1);
    const c = new Compiler();
    c.emit({ op: 3 /* Save */, n: 0 });
    c.node(tree);
    c.emit({ op: 3 /* Save */, n: 1 });
    c.emit({ op: 6 /* Match */ });
    this.prog = c.prog;
  }
  prog;
  groups;
  slots;
  test(s2) {
    return this.run(s2) !== null;
  }
  exec(s2) {
    const caps = this.run(s2);
    if (!caps) return null;
    const out = [];
    for (let g = 0; g <= this.groups; g++) {
      const a = caps[2 * g];
      const b = caps[2 * g + 1];
      out.push(a >= 0 && b >= 0 ? s2.slice(a, b) : void 0);
    }
    return Object.assign(out, { index: caps[0], input: s2, groups: void 0 });
  }
  /** capture slots of the leftmost-first match, or null */
  run(s2) {
    const n = this.prog.length;
    let clist = new ThreadList(n);
    let nlist = new ThreadList(n);
    let matched = null;
    const init = new Int32Array(this.slots).fill(-1);
    for (let i = 0; i <= s2.length; i++) {
      if (matched === null) this.add(clist, 0, init, s2, i);
      else if (clist.size === 0) break;
      const c = i < s2.length ? s2.charCodeAt(i) : -1;
      nlist.clear();
      for (let k = 0; k < clist.size; k++) {
        const pc = clist.pcs[k];
        const inst = this.prog[pc];
        if (inst.op === 6 /* Match */) {
          matched = clist.caps[k];
          break;
        }
        if (inst.op === 0 /* Char */ && c >= 0 && inRanges(inst.ranges, c)) this.add(nlist, pc + 1, clist.caps[k], s2, i + 1);
      }
      [clist, nlist] = [nlist, clist];
    }
    for (let k = 0; k < clist.size; k++) {
      if (this.prog[clist.pcs[k]].op === 6 /* Match */) return clist.caps[k];
    }
    return matched;
  }
  /** Follow the epsilon closure of `pc` at position `i` (iteratively), adding threads in priority order. */
  add(list, pc0, caps0, s2, i) {
    const stack = [[pc0, caps0]];
    while (stack.length) {
      const [pc, caps] = stack.pop();
      if (list.has(pc)) continue;
      list.mark(pc);
      const inst = this.prog[pc];
      switch (inst.op) {
        case 2 /* Jmp */:
          stack.push([inst.x, caps]);
          break;
        case 1 /* Split */:
          stack.push([inst.y, caps], [inst.x, caps]);
          break;
        case 3 /* Save */: {
          const next = caps.slice();
          next[inst.n] = i;
          stack.push([pc + 1, next]);
          break;
        }
        case 5 /* Reset */: {
          const next = caps.slice();
          next.fill(-1, inst.n, inst.m);
          stack.push([pc + 1, next]);
          break;
        }
        case 4 /* Assert */:
          if (assertion(inst.kind, s2, i)) stack.push([pc + 1, caps]);
          break;
        default:
          list.push(pc, caps);
      }
    }
  }
};
function assertion(kind2, s2, i) {
  switch (kind2) {
    case "^":
      return i === 0;
    case "$":
      return i === s2.length;
    case "b":
      return isWord(s2, i - 1) !== isWord(s2, i);
    case "B":
      return isWord(s2, i - 1) === isWord(s2, i);
  }
}
var ThreadList = class {
  pcs;
  caps = [];
  size = 0;
  seen;
  generation = 1;
  constructor(n) {
    this.pcs = new Int32Array(n);
    this.seen = new Int32Array(n);
  }
  has(pc) {
    return this.seen[pc] === this.generation;
  }
  mark(pc) {
    this.seen[pc] = this.generation;
  }
  push(pc, caps) {
    this.pcs[this.size] = pc;
    this.caps[this.size] = caps;
    this.size++;
  }
  clear() {
    this.size = 0;
    this.generation++;
  }
};

// src/analysis/infer/regex.ts
function escapeRegex(literal) {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function regexProblem(pattern) {
  try {
    new RegExp(pattern);
  } catch (e) {
    return `invalid regex: ${e.message}`;
  }
  if (/\(\?<(?![=!])/.test(pattern)) return "named groups are spelled differently in Python: use a plain group";
  if (/\\k</.test(pattern) || /\\[1-9]/.test(pattern)) return "backreferences are not allowed";
  if (/\(\?<?[=!]/.test(pattern)) return "lookaround is not allowed (plans are matched in linear time, which lookaround rules out)";
  if (hasNestedQuantifier(pattern)) return "a quantified group contains a quantifier (catastrophic backtracking)";
  try {
    new LinearRegex(pattern);
  } catch (e) {
    if (e instanceof LinearRegexError) return `not in the plan regex dialect: ${e.message}`;
    throw e;
  }
  return null;
}
var NATIVE_BUDGET = 1e7;
function compilePattern(pattern) {
  const native = new RegExp(pattern);
  const bound = backtrackBound(pattern);
  let linear = null;
  const pick = (key) => {
    if (bound(key.length) <= NATIVE_BUDGET) {
      native.lastIndex = 0;
      return native;
    }
    return linear ??= new LinearRegex(pattern);
  };
  return {
    source: pattern,
    exec: (key) => pick(key).exec(key),
    test: (key) => pick(key).test(key)
  };
}
function hasNestedQuantifier(pattern) {
  const stack = [];
  let inClass = false;
  let lastGroupHadQuantifier = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      lastGroupHadQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      lastGroupHadQuantifier = false;
      continue;
    }
    if (c === "(") {
      stack.push(false);
      continue;
    }
    const repeats = c === "*" || c === "+" || c === "{" && /^\{\d*,\d*\}/.test(pattern.slice(i, i + 12));
    if (c === ")") {
      lastGroupHadQuantifier = stack.pop() ?? false;
      const next = pattern[i + 1];
      if (lastGroupHadQuantifier && (next === "*" || next === "+" || next === "{")) return true;
      if (lastGroupHadQuantifier && stack.length) stack[stack.length - 1] = true;
      continue;
    }
    if (repeats && stack.length) stack[stack.length - 1] = true;
    lastGroupHadQuantifier = false;
  }
  return false;
}
function groupCount(pattern) {
  const m = new RegExp(`${pattern}|`).exec("");
  return m ? m.length - 1 : 0;
}
var ARITHMETIC = /^\$\{(\d{1,2})((?:(?:\+|-|\*|\/\/|%)\d{1,9})*)\}/;
var ARITH_STEP = /(\+|-|\*|\/\/|%)(\d{1,9})/g;
function parseArithmetic(text2) {
  const m = ARITHMETIC.exec(text2);
  if (!m) return null;
  const steps = [];
  for (const s2 of m[2].matchAll(ARITH_STEP)) steps.push([s2[1], Number(s2[2])]);
  return { part: { group: Number(m[1]), steps }, length: m[0].length };
}
function evaluateArithmetic(part, captured) {
  if (captured === void 0 || !/^\d{1,9}$/.test(captured)) return null;
  let v = Number(captured);
  for (const [op, k] of part.steps) {
    if (op === "+") v += k;
    else if (op === "-") v -= k;
    else if (op === "*") v *= k;
    else if (op === "//") {
      if (k === 0) return null;
      v = Math.floor(v / k);
    } else {
      if (k === 0) return null;
      v = (v % k + k) % k;
    }
  }
  return v >= 0 ? v : null;
}
function hasArithmetic(replacement) {
  return replacement.includes("${");
}
function replacementParts(replacement) {
  const parts = [];
  let literal = "";
  for (let i = 0; i < replacement.length; i++) {
    if (replacement[i] !== "$") {
      literal += replacement[i];
      continue;
    }
    const rest = replacement.slice(i + 1);
    if (rest.startsWith("$")) {
      literal += "$";
      i++;
      continue;
    }
    const arith = parseArithmetic(replacement.slice(i));
    const plain2 = arith ? null : /^\d{1,2}/.exec(rest);
    if (!arith && !plain2) {
      literal += "$";
      continue;
    }
    if (literal) parts.push(literal);
    literal = "";
    if (arith) {
      parts.push(arith.part);
      i += arith.length - 1;
    } else {
      parts.push(Number(plain2[0]));
      i += plain2[0].length;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}
function replacementProblem(replacement, groups) {
  for (let i = 0; i < replacement.length; i++) {
    if (replacement[i] !== "$") continue;
    const next = replacement[i + 1];
    if (next === "$") {
      i++;
      continue;
    }
    if (next === "{") {
      const a = parseArithmetic(replacement.slice(i));
      if (!a) return `'\${' at ${i} must be index arithmetic like \${1+1}, \${1//3} or \${1%3} (or write '$$' for a literal '$')`;
      if (a.part.group < 1 || a.part.group > groups) return `\${${a.part.group}\u2026} refers to group ${a.part.group} but the pattern has ${groups} group(s)`;
      if (a.part.steps.some(([op, k]) => (op === "//" || op === "%") && k === 0)) return `division by zero in ${replacement.slice(i, i + a.length)}`;
      i += a.length - 1;
      continue;
    }
    const m = /^\d{1,2}/.exec(replacement.slice(i + 1));
    if (!m) return `'$' at ${i} must be followed by a group number (or written '$$')`;
    const n = Number(m[0]);
    if (n < 1 || n > groups) return `$${n} refers to group ${n} but the pattern has ${groups} group(s)`;
    i += m[0].length;
  }
  return null;
}
function expandReplacement(replacement, match) {
  if (!replacement.includes("$")) return replacement;
  return compileReplacement(replacement)(match) ?? "";
}
function compileReplacement(replacement) {
  if (!replacement.includes("$")) return () => replacement;
  const parts = replacementParts(replacement);
  return (match) => {
    let out = "";
    for (const p of parts) {
      if (typeof p === "string") out += p;
      else if (typeof p === "number") out += match[p] ?? "";
      else {
        const v = evaluateArithmetic(p, match[p.group]);
        if (v === null) return void 0;
        out += String(v);
      }
    }
    return out;
  };
}

// src/analysis/infer/tensor-ops.ts
function familyPattern(name) {
  return `^${name.split(".").map((s2) => isIndexSegment(s2) ? "\\d+" : escapeRegex(s2)).join("\\.")}$`;
}
function exactIndices(pattern, targets) {
  const segs = pattern.slice(1, -1).split("\\.");
  if (!targets.every((t) => t.split(".").length === segs.length)) return pattern;
  return `^${segs.map((p, i) => {
    if (p !== "\\d+") return p;
    const values = [...new Set(targets.map((t) => t.split(".")[i]))].sort((a, b) => Number(a) - Number(b));
    return values.length === 1 ? values[0] : `(?:${values.join("|")})`;
  }).join("\\.")}$`;
}
var round2 = (x) => Math.round(x * 100) / 100;
function trailingOnes(from, to) {
  if (!from) return 0;
  const [short2, long, sign] = from.length < to.length ? [from, to, 1] : [to, from, -1];
  if (short2.length === long.length || short2.some((d, i) => d !== long[i]) || long.slice(short2.length).some((d) => d !== 1)) return 0;
  return sign * (long.length - short2.length);
}
function onesWords(group, n) {
  const conv = Math.abs(n) === 2 && group.every((f) => (n > 0 ? f.from?.length : f.shape.length) === 2);
  if (conv) return n > 0 ? "linear weights where the model has 1\xD71 convs" : "1\xD71 conv weights where the model has linear ones";
  return `${Math.abs(n)} trailing dim${Math.abs(n) === 1 ? "" : "s"} of size 1 ${n > 0 ? "added" : "removed"} each`;
}
function sharedEndsPattern(targets) {
  const split = targets.map(splitKey);
  let head = split[0].length;
  let tail = split[0].length;
  for (const s2 of split.slice(1)) {
    head = Math.min(head, commonPrefixLength(split[0], s2));
    tail = Math.min(tail, commonSuffixLength(split[0], s2));
  }
  if (head + tail === 0 || split.some((s2) => head + tail >= s2.length)) return null;
  const lit2 = (segs) => segs.map(escapeRegex).join("\\.");
  const first = split[0];
  return `^${head ? `${lit2(first.slice(0, head))}\\.` : ""}.+${tail ? `\\.${lit2(first.slice(first.length - tail))}` : ""}$`;
}
function matchesExactly(pattern, group, names) {
  const re = new RegExp(pattern);
  const members = new Set(group.map((f) => f.target));
  return names.every((n) => members.has(n) || !re.test(n)) && group.every((f) => re.test(f.target));
}
function sharedPattern(targets) {
  const split = targets.map((t) => t.split("."));
  const at = (i) => [...new Set(split.map((s2) => s2[i]))];
  const parts = split[0].map((_, i) => {
    const values = at(i);
    if (values.every(isIndexSegment)) return values.length === 1 ? values[0] : "\\d+";
    if (values.length === 1) return escapeRegex(values[0]);
    return `(?:${values.map(escapeRegex).join("|")})`;
  });
  return `^${parts.join("\\.")}$`;
}
function exactPattern(pattern, group, names) {
  if (matchesExactly(pattern, group, names)) return pattern;
  const targets = group.map((f) => f.target);
  const segs = pattern.slice(1, -1).split("\\.");
  const narrow = exactIndices(pattern, targets).slice(1, -1).split("\\.");
  if (narrow.length !== segs.length) return null;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (segs[i] !== "\\d+") continue;
    const one = `^${segs.map((x, k) => k === i ? narrow[k] : x).join("\\.")}$`;
    if (matchesExactly(one, group, names)) return one;
  }
  const all = `^${narrow.join("\\.")}$`;
  return matchesExactly(all, group, names) ? all : null;
}
function findTensorOps(fixes, names, exact = false) {
  const ones = (f) => !exact && f.kind === "reshape" && !f.byName ? trailingOnes(f.from, f.shape) : 0;
  const groups = [];
  const byOnes = /* @__PURE__ */ new Map();
  for (const f of fixes) if (ones(f) !== 0) (byOnes.get(ones(f)) ?? byOnes.set(ones(f), []).get(ones(f))).push(f);
  const bySegments = /* @__PURE__ */ new Map();
  const bySegment = (id, f) => (bySegments.get(id) ?? bySegments.set(id, []).get(id)).push(f);
  for (const [n, list] of byOnes) {
    const oneLength = new Set(list.map((f) => f.target.split(".").length)).size === 1;
    const ends = () => {
      const p = sharedEndsPattern(list.map((f) => f.target));
      return p !== null && matchesExactly(p, list, names) ? p : null;
    };
    const pattern = list.length < 2 ? null : (oneLength ? exactPattern(sharedPattern(list.map((f) => f.target)), list, names) : null) ?? ends();
    if (pattern !== null) {
      groups.push({ pattern, fixes: list, ones: n });
      continue;
    }
    const bySize = /* @__PURE__ */ new Map();
    for (const f of list) (bySize.get(f.target.split(".").length) ?? bySize.set(f.target.split(".").length, []).get(f.target.split(".").length)).push(f);
    for (const same2 of bySize.values()) {
      const p = same2.length > 1 ? exactPattern(sharedPattern(same2.map((f) => f.target)), same2, names) : null;
      if (p !== null) groups.push({ pattern: p, fixes: same2, ones: n });
    }
  }
  const placed = new Set(groups.flatMap((g) => g.fixes));
  for (const f of fixes) {
    if (!placed.has(f)) bySegment(`${f.kind}\0${f.kind === "reshape" ? f.shape.join("x") : ""}\0${ones(f)}\0${f.target.split(".").length}\0${f.byName ? 1 : 0}`, f);
  }
  for (const list of bySegments.values()) {
    const n = ones(list[0]);
    const pattern = sharedPattern(list.map((f) => f.target));
    if (list.length > 1 && matchesExactly(pattern, list, names)) {
      groups.push({ pattern, fixes: list, ones: n });
      continue;
    }
    const families2 = /* @__PURE__ */ new Map();
    for (const f of list) (families2.get(familyPattern(f.target)) ?? families2.set(familyPattern(f.target), []).get(familyPattern(f.target))).push(f);
    for (const [p, fam] of families2) groups.push({ pattern: p, fixes: fam, ones: n });
  }
  const out = [];
  for (const { pattern, fixes: group, ones: n } of groups) {
    const first = group[0];
    const grouped = group.length > 1 && matchesExactly(pattern, group, names);
    const confidence3 = round2(group.reduce((a, f) => a + f.confidence, 0) / group.length);
    const make = (sel, evidence3, shape4) => first.kind === "transpose" ? { op: "transpose", ...sel, dims: [1, 0], confidence: confidence3, evidence: evidence3 } : { op: "reshape", ...sel, shape: [...shape4], confidence: confidence3, evidence: evidence3 };
    if (grouped) {
      const p = exact ? exactIndices(pattern, group.map((f) => f.target)) : pattern;
      const evidence3 = `${group.length} keys: ${n === 0 ? first.evidence : `${onesWords(group, n)} (${first.evidence})`}`;
      const op = make({ pattern: p }, evidence3, first.shape);
      out.push({ op: n === 0 || op.op !== "reshape" ? op : { op: "reshape", pattern: p, ...n > 0 ? { addTrailingOnes: n } : { removeTrailingOnes: -n }, confidence: confidence3, evidence: evidence3 }, covers: group.map((f) => f.source) });
      continue;
    }
    for (const f of group) {
      const op = make({ key: f.target }, f.evidence, f.shape);
      out.push({ op: { ...op, confidence: round2(f.confidence) }, covers: [f.source] });
    }
  }
  return out;
}
function moduleOf3(name) {
  const segs = name.split(".");
  let lastIndex = -1;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (isIndexSegment(segs[i])) {
      lastIndex = i;
      break;
    }
  }
  const block = segs.slice(0, lastIndex + 1).map((s2) => isIndexSegment(s2) ? "{}" : s2).join(".");
  return { block, module: segs[segs.length - 2] ?? "", leaf: segs[segs.length - 1] };
}
function squareConv1dFixes(fixes, goals, source) {
  const proven = /* @__PURE__ */ new Map();
  for (const f of fixes) {
    if (f.kind !== "transpose") continue;
    const m = moduleOf3(f.target);
    if (m.leaf === "weight" && m.block) proven.set(`${m.block}\0${m.module}`, f.target);
  }
  if (proven.size === 0) return [];
  const fixed = new Set(fixes.map((f) => f.source));
  const out = [];
  for (const [s2, t] of goals) {
    if (fixed.has(s2)) continue;
    const shape4 = source.get(s2)?.shape;
    if (!shape4 || shape4.length !== 2 || shape4[0] !== shape4[1]) continue;
    const m = moduleOf3(t);
    const witness = m.leaf === "weight" ? proven.get(`${m.block}\0${m.module}`) : void 0;
    if (!witness) continue;
    out.push({
      kind: "transpose",
      source: s2,
      target: t,
      shape: [...shape4],
      evidence: `square [${shape4.join(", ")}], so its shape cannot tell; \`${witness}\`, a module of the same name, is stored transposed (Conv1D), so this one is taken to be too`,
      confidence: CONFIDENCE.squareTransposeByName,
      byName: true
    });
  }
  return out;
}
function isBareMatrix(key) {
  const leaf = key.slice(key.lastIndexOf(".") + 1);
  return !/(^|_)(weight|bias|w|b)$/i.test(leaf);
}
function sameJob(a, b) {
  const words2 = (k) => wordsOf(k.slice(k.lastIndexOf(".") + 1)).filter((w) => w.length >= 3);
  const wb = words2(b);
  return words2(a).some((x) => wb.some((y) => x.startsWith(y) || y.startsWith(x)));
}
function squareProjectionFixes(fixes, goals, source) {
  const transposed = new Set(fixes.filter((f) => f.kind === "transpose").map((f) => f.source));
  const proving = [];
  const squares = [];
  for (const [s2, t] of goals) {
    const shape4 = source.get(s2)?.shape;
    if (!shape4 || shape4.length !== 2 || !isBareMatrix(s2) || !t.endsWith(".weight")) continue;
    if (shape4[0] !== shape4[1]) proving.push(s2);
    else if (!transposed.has(s2)) squares.push([s2, t, shape4]);
  }
  const out = [];
  for (const [s2, t, shape4] of squares) {
    const peers = proving.filter((p) => sameJob(p, s2));
    if (peers.length === 0 || !peers.every((p) => transposed.has(p))) continue;
    out.push({
      kind: "transpose",
      source: s2,
      target: t,
      shape: [...shape4],
      evidence: `square [${shape4.join(", ")}], so its shape cannot tell; \`${peers[0]}\`, a bare matrix for the same job that also became a Linear weight, is stored transposed (x @ P), so this one is taken to be too`,
      confidence: CONFIDENCE.squareTransposeByName,
      byName: true
    });
  }
  return out;
}
var SAME_LAYOUT_VARIABLE = /(?:^|\.)(?:embedding|embeddings|\w*_embedding)$/;
function squareKernelFixes(fixes, goals, source) {
  const transposed = new Set(fixes.filter((f) => f.kind === "transpose").map((f) => f.source));
  let witnesses = 0;
  let witness = "";
  for (const s2 of goals.keys()) {
    const shape4 = source.get(s2)?.shape;
    if (!shape4 || shape4.length !== 2 || shape4[0] === shape4[1] || SAME_LAYOUT_VARIABLE.test(s2)) continue;
    if (!transposed.has(s2)) return [];
    witnesses++;
    witness ||= s2;
  }
  if (witnesses < 2) return [];
  const fixed = new Set(fixes.map((f) => f.source));
  const out = [];
  for (const [s2, t] of goals) {
    const shape4 = source.get(s2)?.shape;
    if (fixed.has(s2) || !shape4 || shape4.length !== 2 || shape4[0] !== shape4[1] || SAME_LAYOUT_VARIABLE.test(s2)) continue;
    out.push({
      kind: "transpose",
      source: s2,
      target: t,
      shape: [...shape4],
      evidence: `square [${shape4.join(", ")}], so its shape cannot tell; a TensorFlow checkpoint stores dense kernels [in, out], and all ${witnesses} of its non-square 2-d variables (\`${witness}\`, \u2026) are stored transposed, so this one is taken to be too`,
      confidence: CONFIDENCE.squareTransposeByName,
      byName: true
    });
  }
  return out;
}

// src/analysis/infer/stages/judge-shapes.ts
function judgeShapes(sides, m) {
  const { source, target } = sides;
  const j = {
    goals: /* @__PURE__ */ new Map(),
    pairInfo: /* @__PURE__ */ new Map(),
    tensorFixes: [],
    dropRequests: sides.options.drops.map((d) => ({ source: d.key, detail: "", why: d.reason, rolePattern: bufferRule(d.key)?.pattern })),
    sizeMismatches: [],
    positionWarnings: [],
    warnings: []
  };
  const lastIndex = Math.max(1, target.size - 1);
  for (const p of m.kept) {
    const a = source.get(p.source);
    const b = target.get(p.target);
    const verdict = classifyShapes(a, b, sides.options.partial ? 0 : b.pos / lastIndex);
    if (verdict.kind === "drop" && sides.options.neverDrop.has(p.source)) {
      j.goals.set(p.source, p.target);
      j.pairInfo.set(p.source, { target: p.target, confidence: p.confidence });
      j.sizeMismatches.push({ source: p.source, target: p.target, sourceShape: a.shape, targetShape: b.shape });
      continue;
    }
    if (verdict.kind === "drop") {
      const [detail, ...why] = verdict.reason.split(": ");
      j.dropRequests.push({ source: p.source, detail, why: why.join(": ") });
      continue;
    }
    j.goals.set(p.source, p.target);
    j.pairInfo.set(p.source, { target: p.target, confidence: p.confidence });
    if (verdict.kind === "transpose" || verdict.kind === "reshape") {
      j.tensorFixes.push({ kind: verdict.kind, source: p.source, target: p.target, shape: b.shape ?? [], ...a.shape ? { from: a.shape } : {}, evidence: verdict.evidence, confidence: p.confidence });
    } else if (verdict.kind === "position_embedding") j.positionWarnings.push(verdict.message);
    else if (verdict.kind === "size") j.sizeMismatches.push({ source: p.source, target: p.target, sourceShape: a.shape, targetShape: b.shape });
  }
  for (const fix of [...squareConv1dFixes(j.tensorFixes, j.goals, source), ...squareProjectionFixes(j.tensorFixes, j.goals, source)]) {
    j.tensorFixes.push(fix);
    j.warnings.push(`${fix.target}: ${fix.evidence}`);
  }
  const kernels = sides.tfLayout ? squareKernelFixes(j.tensorFixes, j.goals, source) : [];
  if (kernels.length > 0) {
    j.tensorFixes.push(...kernels);
    j.warnings.push(`${kernels.length} square weight${kernels.length === 1 ? "" : "s"} (\`${kernels[0].target}\`, \u2026): ${kernels[0].evidence}`);
  }
  const accounted = /* @__PURE__ */ new Set([...m.kept.map((p) => p.target), ...m.splits.flatMap((x) => x.targets), ...m.concats.map((x) => x.target), ...m.stacks.map((x) => x.target)]);
  const fusedSources = /* @__PURE__ */ new Set([...m.splits.map((x) => x.source), ...m.concats.flatMap((x) => x.sources), ...m.stacks.flatMap((x) => x.sources)]);
  const requested = new Set(j.dropRequests.map((d) => d.source));
  const unpaired2 = sides.sourceKeys.filter((k) => !j.goals.has(k) && !requested.has(k) && !fusedSources.has(k));
  if (!m.anotherModel && sides.complete && [...target.keys()].every((t) => accounted.has(t))) {
    for (const k of unpaired2) j.dropRequests.push({ source: k, detail: "", why: "no counterpart in the model (a strict load refuses unexpected keys)" });
  } else if (!m.anotherModel && sides.complete && !sides.options.partial) {
    const openShapes = /* @__PURE__ */ new Set();
    for (const t of target.values()) if (!accounted.has(t.key)) openShapes.add(shapeClass(t));
    const couldFill = (k) => openShapes.has(shapeClass(source.get(k)));
    let headWhy;
    const whyHead = () => headWhy ??= [...target.keys()].some((t) => HEAD_MODULE.test(t)) ? "a task head of another size than the model's (another class count): a strict load refuses it; the model keeps its own head" : "a task head the model does not have (a backbone without classifier); a strict load refuses it";
    for (const k of unpaired2) {
      const rule = bufferRule(k);
      if (rule && !rule.copyOfWeights) j.dropRequests.push({ source: k, detail: "", why: `${rule.what}: ${rule.why}` });
      else if (HEAD_MODULE.test(k) && !couldFill(k)) j.dropRequests.push({ source: k, detail: "", why: whyHead() });
    }
  }
  return j;
}

// src/analysis/infer/rename-candidates.ts
var lit = (s2) => s2.replace(/\$/g, "$$$$");
var esc = (segs) => segs.map(escapeRegex).join("\\.");
function headRule(c, t, e, f, generalize) {
  const head = c.slice(0, e);
  const tHead = t.slice(0, f);
  const whole = e === c.length;
  const groupOf = /* @__PURE__ */ new Map();
  const used = /* @__PURE__ */ new Set();
  const repl = tHead.map((seg) => {
    if (!generalize || !isIndexSegment(seg)) return lit(seg);
    const i = head.findIndex((h, j) => h === seg && !used.has(j));
    if (i < 0) return seg;
    used.add(i);
    groupOf.set(i, 0);
    return `\0${i}\0`;
  });
  let g = 0;
  for (const i of [...groupOf.keys()].sort((a, b) => a - b)) groupOf.set(i, ++g);
  const pattern = `^${head.map((h, j) => groupOf.has(j) ? "(\\d+)" : escapeRegex(h)).join("\\.")}${whole ? "$" : "\\."}`;
  const body = repl.join(".").replace(/\u0000(\d+)\u0000/g, (_, i) => `$${groupOf.get(Number(i))}`);
  const replacement = whole ? body : f > 0 ? `${body}.` : "";
  return { pattern, replacement, literals: head.filter((_, j) => !groupOf.has(j)) };
}
function segmentRule(c, t, h, before) {
  const x = [...before, ...c.slice(h.from, h.to)];
  const y = [...before, ...t.slice(h.tFrom, h.tTo)];
  const atEnd = h.to === c.length;
  if (x.length === 0) return null;
  if (y.length === 0) {
    if (atEnd) return h.from > 0 ? { pattern: `\\.${esc(x)}$`, replacement: "", literals: x } : null;
    return { pattern: `(^|\\.)${esc(x)}\\.`, replacement: "$1", literals: x };
  }
  if (digitAfterGroup(y[0])) return null;
  return {
    pattern: `(^|\\.)${esc(x)}${atEnd ? "$" : "\\."}`,
    replacement: `$1${lit(y.join("."))}${atEnd ? "" : "."}`,
    literals: x
  };
}
function digitAfterGroup(text2) {
  return /^\d/.test(text2);
}
function insertionRule(c, t, h) {
  const y = lit(t.slice(h.tFrom, h.tTo).join("."));
  if (h.from < c.length) {
    const next = c[h.from];
    const atEnd = h.from + 1 === c.length;
    if (h.from === 0) return { pattern: `^${escapeRegex(next)}${atEnd ? "$" : "\\."}`, replacement: `${y}.${lit(next)}${atEnd ? "" : "."}`, literals: [next] };
    if (digitAfterGroup(y)) return null;
    return { pattern: `(^|\\.)${escapeRegex(next)}${atEnd ? "$" : "\\."}`, replacement: `$1${y}.${lit(next)}${atEnd ? "" : "."}`, literals: [next] };
  }
  if (h.from === 0) return null;
  const prev = c[h.from - 1];
  return { pattern: `(^|\\.)${escapeRegex(prev)}$`, replacement: `$1${lit(prev)}.${y}`, literals: [prev] };
}
function insertionAfter(c, t, h) {
  if (h.from === 0 || h.from >= c.length) return null;
  let b = h.from - 1;
  while (b > 0 && isIndexSegment(c[b])) b--;
  if (isIndexSegment(c[b]) || b === h.from - 1) return null;
  const before = c.slice(b, h.from);
  const y = lit(t.slice(h.tFrom, h.tTo).join("."));
  return { pattern: `(^|\\.)${esc(before)}\\.`, replacement: `$1${lit(before.join("."))}.${y}.`, literals: before.filter((x) => !isIndexSegment(x)) };
}
function proposeRenames(c, t, out) {
  const hunks = segmentHunks(c, t);
  if (hunks.length === 0) return;
  const first = hunks[0];
  const last = hunks[hunks.length - 1];
  const tailFrom = last.to;
  const tTailFrom = last.tTo;
  const ends = [[first.to, first.tTo]];
  for (let e = first.to + 1; e <= tailFrom; e++) {
    if (!isIndexSegment(c[e - 1])) continue;
    for (let f = first.tTo + 1; f <= tTailFrom; f++) if (isIndexSegment(t[f - 1])) ends.push([e, f]);
  }
  for (const [e, f] of ends) {
    if (e === 0) continue;
    out(headRule(c, t, e, f, true));
    out(headRule(c, t, e, f, false));
  }
  for (const h of first === last ? [first] : [first, last]) {
    if (h.from === h.to) {
      const ins = insertionRule(c, t, h);
      if (ins) out(ins);
      const after = insertionAfter(c, t, h);
      if (after) out(after);
      continue;
    }
    const numbersOnly = c.slice(h.from, h.to).every(isIndexSegment);
    const plain2 = numbersOnly ? null : segmentRule(c, t, h, []);
    if (plain2) out(plain2);
    if (h.from > 0 && numbersOnly) {
      const ctx = segmentRule(c, t, { from: h.from, to: h.to, tFrom: h.tFrom, tTo: h.tTo }, [c[h.from - 1]]);
      if (ctx && h.tFrom > 0 && t[h.tFrom - 1] === c[h.from - 1]) out(ctx);
    }
  }
}
function exactRename(c, t) {
  return { pattern: `^${escapeRegex(c)}$`, replacement: lit(t), literals: c.split(".") };
}

// src/analysis/infer/index-arithmetic.ts
var MAX_GROUP = 64;
var MIN_POINTS_FOR_REGROUPING = 3;
var tokensOf = (name) => name.split(".").map(indexedSegment);
var sameToken = (a, b) => a.stem === b.stem && a.index === b.index;
function headAndTail(name, goal) {
  const a = tokensOf(name);
  const b = tokensOf(goal);
  let n = 0;
  while (n < a.length - 1 && n < b.length - 1 && sameToken(a[a.length - 1 - n], b[b.length - 1 - n]) && a[a.length - 1 - n].stem !== "") n++;
  return { hs: a.slice(0, a.length - n), ht: b.slice(0, b.length - n), tail: a.slice(a.length - n) };
}
var templ = (segs) => segs.map((s2) => s2.index === null ? s2.stem : `${s2.stem}{}`).join(".");
var indices = (segs) => segs.filter((s2) => s2.index !== null).map((s2) => s2.index);
function fit2(members, t) {
  const ys = members.map((m) => m.tgt[t]);
  if (ys.every((y) => y === ys[0])) return { kind: "const", value: ys[0] };
  const width = members[0].src.length;
  for (let s2 = 0; s2 < width; s2++) {
    const xs = members.map((m) => m.src[s2]);
    const offset = ys[0] - xs[0];
    if (xs.every((x, i) => x + offset === ys[i])) return { kind: "affine", from: s2, offset };
  }
  for (let s2 = 0; s2 < width; s2++) {
    const xs = members.map((m) => m.src[s2]);
    if (new Set(xs).size < MIN_POINTS_FOR_REGROUPING) continue;
    const first = Math.min(...xs);
    for (let k = 2; k <= MAX_GROUP; k++) {
      for (let n = 0; n < k; n++) {
        const pre = (first + n) % k;
        const d = ys[0] - Math.floor((xs[0] - pre) / k);
        if (xs.every((x, i) => Math.floor((x - pre) / k) + d === ys[i])) return { kind: "div", from: s2, k, pre, offset: d };
      }
      const r = ys[0] - xs[0] % k;
      if (xs.every((x, i) => x % k + r === ys[i])) return { kind: "mod", from: s2, k, offset: r };
    }
  }
  return null;
}
function fitAll(members) {
  const fns = [];
  for (let t = 0; t < members[0].tgt.length; t++) {
    const f = fit2(members, t);
    if (!f) return null;
    fns.push(f);
  }
  return fns;
}
function spell(fn, groupOf) {
  const off = (o) => o > 0 ? `+${o}` : o < 0 ? `-${-o}` : "";
  switch (fn.kind) {
    case "const":
      return String(fn.value);
    case "affine":
      return fn.offset === 0 ? `$${groupOf(fn.from)}` : `\${${groupOf(fn.from)}${off(fn.offset)}}`;
    case "div": {
      const pre = fn.offset < 0 ? fn.pre - fn.offset * fn.k : fn.pre;
      const d = fn.offset < 0 ? 0 : fn.offset;
      return `\${${groupOf(fn.from)}${off(-pre)}//${fn.k}${off(d)}}`;
    }
    case "mod":
      return `\${${groupOf(fn.from)}%${fn.k}${off(fn.offset)}}`;
  }
}
function propose(hs, ht, members, restrict) {
  const fns = fitAll(members);
  if (!fns) return null;
  let si = 0;
  const group = /* @__PURE__ */ new Map();
  const pattern = hs.map((seg) => {
    if (seg.index === null) return escapeRegex(seg.stem);
    const stem = escapeRegex(seg.stem);
    const s2 = si++;
    const used = fns.some((f) => f.kind !== "const" && f.from === s2);
    const only2 = restrict.get(s2);
    if (!used && !only2) {
      const values = [...new Set(members.map((m) => m.src[s2]))].sort((a, b) => a - b);
      group.set(s2, group.size + 1);
      return `${stem}(${values.join("|")})`;
    }
    group.set(s2, group.size + 1);
    if (only2) return `${stem}(${[...only2].sort((a, b) => a - b).join("|")})`;
    return `${stem}(\\d+)`;
  }).join("\\.");
  let ti = 0;
  const replacement = ht.map((seg) => seg.stem.replace(/\$/g, "$$$$") + (seg.index === null ? "" : spell(fns[ti++], (s2) => group.get(s2)))).join(".");
  const computed = fns.some((f) => f.kind === "div" || f.kind === "mod" || f.kind === "affine" && f.offset !== 0);
  const srcIndexed = hs.filter((x) => x.index !== null);
  const tgtIndexed = ht.filter((x) => x.index !== null);
  const restemmed = fns.some((f, t) => f.kind !== "const" && srcIndexed[f.from].stem !== tgtIndexed[t].stem);
  return { pattern: `^${pattern}\\.`, replacement: `${replacement}.`, ids: members.map((m) => m.id), arithmetic: computed || restemmed };
}
function arithmeticRenames(pairs) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of pairs) {
    const { hs, ht, tail } = headAndTail(p.name, p.goal);
    const src = indices(hs);
    const tgt = indices(ht);
    if (src.length === 0 || tgt.length === 0) continue;
    const id = `${templ(hs)}\0${templ(ht)}`;
    const g = groups.get(id) ?? groups.set(id, { hs, ht, members: [] }).get(id);
    g.members.push({ id: p.id, src, tgt, tail });
  }
  const out = [];
  for (const g of groups.values()) fitGroup(g.hs, g.ht, g.members, out);
  return out.sort((a, b) => b[0].ids.length - a[0].ids.length);
}
function fitGroup(hs, ht, members, out) {
  if (members.length < 2) return;
  const whole = alternatives(hs, ht, members);
  if (whole.length) {
    out.push(whole);
    return;
  }
  const tgtIndexed = ht.filter((x) => x.index !== null);
  const glued = tgtIndexed.flatMap((seg, t) => seg.stem !== "" && fit2(members, t) === null ? [t] : []);
  const parts = /* @__PURE__ */ new Map();
  const partOf2 = glued.length ? (m) => glued.map((t) => m.tgt[t]).join() : (m) => String(m.tgt[0]);
  for (const m of members) (parts.get(partOf2(m)) ?? parts.set(partOf2(m), []).get(partOf2(m))).push(m);
  for (const part of parts.values()) {
    if (part.length < 2) continue;
    if (glued.length) fitGroup(hs, ht, part, out);
    else {
      const alts = alternatives(hs, ht, part);
      if (alts.length) out.push(alts);
    }
  }
}
function alternatives(hs, ht, members) {
  const all = () => [members[0].src.length, members[0].tgt.length];
  const heads = [];
  const short2 = indicesOnly(hs, ht, members);
  if (short2) heads.push(short2);
  heads.push([[...hs], [...ht], all()]);
  const tail0 = members[0].tail;
  for (let k = 1; k < tail0.length; k++) {
    const seg = tail0[k - 1];
    if (seg.index !== null || !members.every((m) => m.tail.length > k && sameToken(m.tail[k - 1], seg))) break;
    heads.push([[...hs, ...tail0.slice(0, k)], [...ht, ...tail0.slice(0, k)], all()]);
  }
  const out = [];
  for (const restricted of [false, true]) {
    for (const [h, t, [srcKept, tgtKept]] of heads) {
      const cut = srcKept === members[0].src.length && tgtKept === members[0].tgt.length ? members : members.map((m) => ({ ...m, src: m.src.slice(0, srcKept), tgt: m.tgt.slice(0, tgtKept) }));
      const restrict = /* @__PURE__ */ new Map();
      if (restricted) for (let x = 0; x < srcKept; x++) restrict.set(x, new Set(cut.map((m) => m.src[x])));
      const p = propose(h, t, cut, restrict);
      if (p) out.push(p);
    }
  }
  return out;
}
function indicesOnly(hs, ht, members) {
  const fns = fitAll(members);
  if (!fns) return null;
  let end = 0;
  let tgtKept = 0;
  let ti = 0;
  ht.forEach((seg, i) => {
    if (seg.index === null) return;
    const t = ti++;
    if (fns[t].kind !== "const" || seg.stem === "") {
      end = i + 1;
      tgtKept = t + 1;
    }
  });
  const used = fns.slice(0, tgtKept).flatMap((f) => f.kind === "const" ? [] : [f.from]);
  if (used.length === 0) return null;
  const srcKept = Math.max(...used) + 1;
  let srcEnd = 0;
  let si = 0;
  hs.forEach((seg, i) => {
    if (seg.index !== null && si++ < srcKept) srcEnd = i + 1;
  });
  const dropped = hs.length - srcEnd;
  if (dropped === 0 || ht.length - end > dropped) return null;
  return [hs.slice(0, srcEnd), ht.slice(0, end), [srcKept, tgtKept]];
}

// src/analysis/op-vocabulary.ts
function reshapedShape(to, current) {
  const numel2 = (s2) => s2.reduce((a, b) => a * b, 1);
  if (to.shape !== void 0) {
    if (to.shape.some((d) => !Number.isSafeInteger(d) || d < 0)) return { problem: `shape [${to.shape.join(", ")}] has a dimension that is not a size` };
    if (current && numel2(to.shape) !== numel2(current)) return { problem: `shape [${to.shape.join(", ")}] has ${numel2(to.shape)} elements but the tensor [${current.join(", ")}] has ${numel2(current)}` };
    return { shape: [...to.shape] };
  }
  if (!current) return { shape: null };
  if (to.addTrailingOnes !== void 0) return { shape: [...current, ...Array(to.addTrailingOnes).fill(1)] };
  const n = to.removeTrailingOnes;
  if (current.length < n || current.slice(current.length - n).some((d) => d !== 1)) {
    return { problem: `removeTrailingOnes ${n}: the tensor [${current.join(", ")}] does not end in ${n} dim${n === 1 ? "" : "s"} of size 1` };
  }
  return { shape: current.slice(0, current.length - n) };
}
function describeReshape(to) {
  if (to.shape !== void 0) return `[${to.shape.join(", ")}]`;
  const n = to.addTrailingOnes ?? to.removeTrailingOnes;
  const ones = `${n} trailing 1${n === 1 ? "" : "s"}`;
  return to.addTrailingOnes !== void 0 ? `each tensor's shape with ${ones} added` : `each tensor's shape with ${ones} removed`;
}
var OP_KINDS = ["strip_prefix", "add_prefix", "rename", "drop", "transpose", "reshape", "split", "concat", "copy", "stack"];
function isNameOp(op) {
  return op.op === "strip_prefix" || op.op === "add_prefix" || op.op === "rename" || op.op === "drop";
}
function compileNameOp(op) {
  switch (op.op) {
    case "strip_prefix": {
      const p = op.prefix;
      return (name) => name.startsWith(p) ? name.slice(p.length) : void 0;
    }
    case "add_prefix": {
      const p = op.prefix;
      return (name) => p + name;
    }
    case "rename": {
      const re = compilePattern(op.pattern);
      const expand = compileReplacement(op.replacement);
      const head = anchoredLiteral(op.pattern);
      return (name) => {
        if (head && !name.startsWith(head)) return void 0;
        const m = re.exec(name);
        if (!m) return void 0;
        const replaced = expand(m);
        if (replaced === void 0) return void 0;
        return name.slice(0, m.index) + replaced + name.slice(m.index + m[0].length);
      };
    }
    case "drop": {
      const re = compilePattern(op.pattern);
      const head = anchoredLiteral(op.pattern);
      return (name) => (!head || name.startsWith(head)) && re.test(name) ? null : void 0;
    }
  }
}
function nameOpLiteral(op) {
  if (op.op === "strip_prefix") return op.prefix;
  if (op.op === "add_prefix") return "";
  return anchoredLiteral(op.pattern);
}
function anchoredLiteral(pattern) {
  if (!pattern.startsWith("^") || hasTopLevelAlternation(pattern)) return "";
  let out = "";
  let i = 1;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === void 0 || /[A-Za-z0-9]/.test(next)) break;
      out += next;
      i++;
    } else if (/[\w\-:\/ ]/.test(c)) out += c;
    else break;
  }
  return /^[*+?{]/.test(pattern.slice(i)) ? out.slice(0, -1) : out;
}
function hasTopLevelAlternation(pattern) {
  let depth2 = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth2++;
    else if (c === ")") depth2--;
    else if (c === "|" && depth2 === 0) return true;
  }
  return false;
}
function stackGroups(op, names) {
  const re = new RegExp(op.pattern);
  const expand = compileReplacement(op.target);
  const byTarget = /* @__PURE__ */ new Map();
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const target = expand(m);
    const at = m[op.index];
    if (target === void 0 || at === void 0 || !/^\d{1,9}$/.test(at)) continue;
    (byTarget.get(target) ?? byTarget.set(target, []).get(target)).push([Number(at), name]);
  }
  const groups = /* @__PURE__ */ new Map();
  for (const [target, members] of byTarget) {
    members.sort((a, b) => a[0] - b[0]);
    if (members.some(([i], j) => i !== j)) return { groups, error: `'${target}': the stacked indices are not 0..${members.length - 1} (${members.map(([i]) => i).slice(0, 6).join(", ")}${members.length > 6 ? ", \u2026" : ""})` };
    groups.set(target, members.map(([, n]) => n));
  }
  return { groups, error: null };
}
function concatGroups(op, names) {
  const re = new RegExp(op.pattern);
  const expand = compileReplacement(op.target);
  const slot = new Map(op.parts.map((p, i) => [p, i]));
  const byTarget = /* @__PURE__ */ new Map();
  const groups = /* @__PURE__ */ new Map();
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const target = expand(m);
    if (target === void 0) continue;
    const at = slot.get(m[op.part] ?? "");
    if (at === void 0) return { groups, error: `'${name}': its part '${m[op.part] ?? ""}' (group ${op.part}) is not one of ${op.parts.join(", ")}` };
    const members = byTarget.get(target) ?? byTarget.set(target, new Array(op.parts.length)).get(target);
    if (members[at] !== void 0) return { groups, error: `'${target}': both '${members[at]}' and '${name}' are its part '${op.parts[at]}'` };
    members[at] = name;
  }
  for (const [target, members] of byTarget) {
    const lacking = op.parts.filter((_, i) => members[i] === void 0);
    if (lacking.length > 0) return { groups, error: `'${target}': no key for part${lacking.length > 1 ? "s" : ""} ${lacking.join(", ")} at this point` };
    groups.set(target, members);
  }
  return { groups, error: null };
}
function compileSplit(op) {
  if (op.key !== void 0) {
    const key = op.key;
    return (name) => name === key ? op.targets : null;
  }
  const re = new RegExp(op.pattern);
  const expanders = op.targets.map(compileReplacement);
  return (name) => {
    const m = re.exec(name);
    if (!m) return null;
    const out = [];
    for (const e of expanders) {
      const t = e(m);
      if (t === void 0) return null;
      out.push(t);
    }
    return out;
  };
}
function describeOp(op) {
  switch (op.op) {
    case "strip_prefix":
    case "add_prefix":
      return `${op.op} '${op.prefix}'`;
    case "rename":
    case "drop":
      return `${op.op} ${op.pattern}`;
    case "transpose":
    case "reshape":
      return op.key !== void 0 ? `${op.op} ${op.key}` : `${op.op} ${op.pattern}`;
    case "split":
      return `${op.op} ${op.key ?? op.pattern}`;
    case "concat":
      return op.pattern !== void 0 ? `concat ${op.pattern} \u2192 ${op.target}` : `concat \u2192 ${op.target}`;
    case "copy":
      return `copy ${op.key} \u2192 ${op.target}`;
    case "stack":
      return `stack ${op.pattern} \u2192 ${op.target}`;
  }
}

// src/analysis/name-prefix-index.ts
var NamePrefixIndex = class {
  one = /* @__PURE__ */ new Map();
  two = /* @__PURE__ */ new Map();
  add(item, name) {
    const d1 = name.indexOf(".");
    if (d1 < 0) return;
    put(this.one, name.slice(0, d1 + 1), item);
    const d2 = name.indexOf(".", d1 + 1);
    if (d2 >= 0) put(this.two, name.slice(0, d2 + 1), item);
  }
  delete(item, name) {
    const d1 = name.indexOf(".");
    if (d1 < 0) return;
    this.one.get(name.slice(0, d1 + 1))?.delete(item);
    const d2 = name.indexOf(".", d1 + 1);
    if (d2 >= 0) this.two.get(name.slice(0, d2 + 1))?.delete(item);
  }
  /**
   * A snapshot of every item whose name may start with `literal` (a superset: the caller still tests
   * each), or null when the literal holds no whole segment and any item may.
   */
  candidates(literal) {
    const d1 = literal.indexOf(".");
    if (d1 < 0) return null;
    const d2 = literal.indexOf(".", d1 + 1);
    const set = d2 < 0 ? this.one.get(literal.slice(0, d1 + 1)) : this.two.get(literal.slice(0, d2 + 1));
    return set ? [...set] : [];
  }
};
function put(m, k, item) {
  const s2 = m.get(k);
  if (s2) s2.add(item);
  else m.set(k, /* @__PURE__ */ new Set([item]));
}

// src/analysis/infer/rename-ops.ts
function nextIndex(name, from) {
  while (from <= name.length) {
    let dot = name.indexOf(".", from);
    if (dot < 0) dot = name.length;
    if (isIndexAt(name, from, dot)) return { seg: from, digits: from, end: dot };
    const stem = gluedIndexAt(name, from, dot);
    if (stem >= 0) return { seg: from, digits: from + stem, end: dot };
    from = dot + 1;
  }
  return null;
}
function sameIndices(name, goal) {
  let i = nextIndex(name, 0);
  let j = nextIndex(goal, 0);
  while (j !== null) {
    if (i === null) return false;
    const stemLen = i.digits - i.seg;
    if (stemLen !== j.digits - j.seg || i.end - i.digits !== j.end - j.digits || !name.startsWith(goal.slice(j.seg, j.end), i.seg)) return false;
    i = nextIndex(name, i.end + 1);
    j = nextIndex(goal, j.end + 1);
  }
  return true;
}
function literalsOf(pattern) {
  return pattern.replace(/^\^/, "").split("\\.").filter((s2) => /^[\w-]+$/.test(s2));
}
var PROPOSERS_PER_ROUND = 1500;
var MAX_ROUNDS2 = 2e3;
var PROPOSALS_KEPT = 8 * PROPOSERS_PER_ROUND;
var SHORTLIST = 48;
var DOT3 = 46;
var PREFIX_INDEX_MIN_KEYS = 2e3;
var PREFIX_INDEX_AFTER_SCANS = 64;
function longestLiteral(cand) {
  return cand.literals.reduce((a, b) => b.length > a.length ? b : a, "");
}
function dots(s2) {
  let n = 0;
  for (let i = 0; i < s2.length; i++) if (s2.charCodeAt(i) === DOT3) n++;
  return n;
}
function segmentCount(name) {
  let n = 1;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === DOT3) n++;
  return n;
}
function commonEnds(a, b, na = segmentCount(a), nb = segmentCount(b)) {
  if (a === b) return { distance: 0, headChars: a.length, tailChars: a.length };
  let cp = 0;
  let headChars = 0;
  let i = 0;
  for (; i < a.length && i < b.length; i++) {
    const c = a.charCodeAt(i);
    if (c !== b.charCodeAt(i)) break;
    if (c === DOT3) {
      cp++;
      headChars = i + 1;
    }
  }
  if (i === a.length && b.charCodeAt(i) === DOT3 || i === b.length && a.charCodeAt(i) === DOT3) {
    cp++;
    headChars = i;
  }
  const room = Math.min(na, nb) - cp;
  let cs = 0;
  let tailChars = 0;
  for (let x = a.length - 1, y = b.length - 1; x >= 0 && y >= 0 && cs < room; x--, y--) {
    const c = a.charCodeAt(x);
    if (c !== b.charCodeAt(y)) break;
    if (c === DOT3) {
      cs++;
      tailChars = a.length - x;
    } else if (x === 0 || y === 0) {
      if ((x === 0 || a.charCodeAt(x - 1) === DOT3) && (y === 0 || b.charCodeAt(y - 1) === DOT3)) {
        cs++;
        tailChars = a.length - x;
      }
      break;
    }
  }
  return { distance: na + nb - 2 * (cp + cs), headChars, tailChars };
}
function nameDistance(a, b, na = segmentCount(a), nb = segmentCount(b)) {
  return commonEnds(a, b, na, nb).distance;
}
function progress(next, nextCount, from, to, goal, goalCount) {
  const e = commonEnds(next, goal, nextCount, goalCount);
  if (e.distance === 0) return 0;
  if (from >= next.length - e.tailChars) return e.distance;
  if (to > e.headChars) return -1;
  const c = goal.charCodeAt(e.headChars);
  return e.headChars === to && c >= 48 && c <= 57 ? -1 : e.distance;
}
var KeyState = class {
  names;
  goals;
  goalCounts;
  /** segments in each name now */
  counts;
  dist;
  owner;
  apart = /* @__PURE__ */ new Set();
  /** which ids the check in progress moves (stamped with that check's number) */
  stamp;
  check = 0;
  prefixes = null;
  /** anchored look-ups answered by a full scan so far (the index is built past PREFIX_INDEX_AFTER_SCANS) */
  scans = 0;
  /**
   * names: every key's name now, each once; owner: name → its index in `names` (taken over, not
   * copied: at scale a second map of 1,000,000 names is ~50 MB). The arrays are taken over too.
   */
  constructor(names, goals, owner, optional = /* @__PURE__ */ new Set()) {
    this.names = names;
    this.goals = goals;
    this.owner = owner;
    const n = names.length;
    this.goalCounts = new Array(n);
    this.counts = new Array(n);
    this.dist = new Array(n);
    this.stamp = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const name = names[i];
      const goal = goals[i];
      this.counts[i] = segmentCount(name);
      this.goalCounts[i] = goal === null ? 0 : segmentCount(goal);
      this.dist[i] = goal === null ? 0 : nameDistance(name, goal, this.counts[i], this.goalCounts[i]);
      if (goal !== null && name !== goal && !optional.has(i)) this.apart.add(i);
    }
  }
  /**
   * How many of `ids` (keys still apart) the candidate moves, and how much closer they get; null when
   * it would move one of them the wrong way. A cheap estimate on a sample: `evaluate` decides.
   */
  estimate(re, expand, ids) {
    let count2 = 0;
    let gain = 0;
    for (const id of ids) {
      const name = this.names[id];
      const m = re.exec(name);
      if (!m) continue;
      const written = expand(m);
      if (written === void 0) continue;
      const next = name.slice(0, m.index) + written + name.slice(m.index + m[0].length);
      const d = progress(next, this.counts[id] - dots(m[0]) + dots(written), m.index, m.index + written.length, this.goals[id], this.goalCounts[id]);
      if (d < 0 || d >= this.dist[id]) return null;
      count2++;
      gain += this.dist[id] - d;
    }
    return count2 ? { count: count2, gain } : null;
  }
  /**
   * What the candidate does to every key, or null when it is unsafe or moves nothing. `total`: also null
   * when it matches a name its index arithmetic cannot apply to (a capture going negative): the plan's
   * executor leaves such a name alone, but a script written from the plan (emit-python) would not.
   */
  evaluate(cand, re, expand, total = false) {
    const needle = longestLiteral(cand);
    const moves = { ids: [], names: [], counts: [], dists: [] };
    const stamp = ++this.check;
    const names = this.names;
    const ids = this.candidates(anchoredLiteral(cand.pattern));
    const n = ids ? ids.length : names.length;
    for (let x = 0; x < n; x++) {
      const id = ids ? ids[x] : x;
      const name = names[id];
      if (!name.includes(needle)) continue;
      const m = re.exec(name);
      if (!m) continue;
      if (this.dist[id] === 0) return null;
      const written = expand(m);
      if (written === void 0) {
        if (total) return null;
        continue;
      }
      const next = name.slice(0, m.index) + written + name.slice(m.index + m[0].length);
      const count2 = this.counts[id] - dots(m[0]) + dots(written);
      const d = progress(next, count2, m.index, m.index + written.length, this.goals[id], this.goalCounts[id]);
      if (d < 0 || d >= this.dist[id]) return null;
      moves.ids.push(id);
      moves.counts.push(count2);
      moves.names.push(next);
      moves.dists.push(d);
      this.stamp[id] = stamp;
    }
    if (moves.ids.length === 0) return null;
    const given = /* @__PURE__ */ new Set();
    for (const name of moves.names) {
      const other = this.owner.get(name);
      if (other !== void 0 && this.stamp[other] !== stamp || given.has(name)) return null;
      given.add(name);
    }
    return moves;
  }
  /**
   * The ids whose names start with `literal`'s whole segments, ascending, or null (every id may): through
   * a prefix index built on first use. Plans of many renames (a flat list regrouped block by block) run a
   * round per op, and testing every name in every round made them quadratic in the keys.
   */
  candidates(literal) {
    if (!literal.includes(".") || this.names.length < PREFIX_INDEX_MIN_KEYS) return null;
    if (this.prefixes === null) {
      if (++this.scans <= PREFIX_INDEX_AFTER_SCANS) return null;
      this.prefixes = new NamePrefixIndex();
      this.names.forEach((name, id) => this.prefixes.add(id, name));
    }
    return this.prefixes.candidates(literal)?.sort((a, b) => a - b) ?? null;
  }
  apply(moves) {
    for (const id of moves.ids) {
      if (this.owner.get(this.names[id]) === id) this.owner.delete(this.names[id]);
      this.prefixes?.delete(id, this.names[id]);
    }
    moves.ids.forEach((id, i) => {
      const name = moves.names[i];
      this.prefixes?.add(id, name);
      this.names[id] = name;
      this.dist[id] = moves.dists[i];
      this.counts[id] = moves.counts[i];
      this.owner.set(name, id);
      if (moves.dists[i] === 0) this.apart.delete(id);
    });
  }
};
function sample(ids, n) {
  if (ids.length <= n) return [...ids];
  const step = ids.length / n;
  return Array.from({ length: n }, (_, i) => ids[Math.floor(i * step)]);
}
function findRenameOps(pending, universe, allow = () => true, riders = /* @__PURE__ */ new Map()) {
  const names = [];
  const goals = [];
  const keys = [];
  const owner = /* @__PURE__ */ new Map();
  const optional = /* @__PURE__ */ new Set();
  const slot = (name) => {
    let i = owner.get(name);
    if (i === void 0) {
      owner.set(name, i = names.length);
      names.push(name);
      goals.push(null);
      keys.push(void 0);
    }
    return i;
  };
  for (const n of universe) slot(n);
  for (const [s2, [c, t]] of pending) {
    const i = slot(c);
    goals[i] = t;
    keys[i] = s2;
  }
  for (const [s2, [c, direction]] of riders) {
    const i = slot(c);
    if (keys[i] !== void 0) continue;
    goals[i] = direction;
    keys[i] = s2;
    optional.add(i);
  }
  const state = new KeyState(names, goals, owner, optional);
  const ops = [];
  const covers = [];
  const proposals = /* @__PURE__ */ new Map();
  const proposalsOf = (key) => {
    let list = proposals.get(key);
    if (list === void 0) {
      const made = [];
      proposeRenames(state.names[key].split("."), state.goals[key].split("."), (cand) => made.push({ id: `${cand.pattern}\0${cand.replacement}`, cand }));
      if (proposals.size >= PROPOSALS_KEPT) proposals.clear();
      proposals.set(key, list = made);
    }
    return list;
  };
  const take = (cand, moves) => {
    ops.push({ op: "rename", pattern: cand.pattern, replacement: cand.replacement });
    covers.push(moves.ids.map((id) => keys[id]));
    state.apply(moves);
    for (const id of moves.ids) proposals.delete(id);
  };
  const takeArithmetic = (onlyChanging) => {
    let rest = [...state.apart].map((id) => ({ id, name: state.names[id], goal: state.goals[id] }));
    if (onlyChanging) rest = rest.filter((p) => !sameIndices(p.name, p.goal));
    for (const alternatives2 of arithmeticRenames(rest)) {
      for (const p of alternatives2) {
        if (onlyChanging && !p.arithmetic) continue;
        const cand = { pattern: p.pattern, replacement: p.replacement, literals: literalsOf(p.pattern) };
        if (!allow(cand)) continue;
        const moves = state.evaluate(cand, new RegExp(cand.pattern), compileReplacement(cand.replacement), true);
        if (!moves || moves.ids.length < p.ids.length) continue;
        const moved = new Set(moves.ids);
        if (!p.ids.every((id) => moved.has(id))) continue;
        take(cand, moves);
        break;
      }
    }
  };
  takeArithmetic(true);
  for (let round = 0; round < MAX_ROUNDS2 && state.apart.size > 0; round++) {
    const proposers = sample([...state.apart], PROPOSERS_PER_ROUND);
    const cands = /* @__PURE__ */ new Map();
    for (const id of proposers) {
      for (const { id: k, cand } of proposalsOf(id)) {
        const have = cands.get(k);
        if (have) have.votes++;
        else cands.set(k, { cand, votes: 1 });
      }
    }
    const shortlist = [...cands.values()].filter(({ cand }) => allow(cand)).sort((a, b) => b.votes - a.votes).slice(0, SHORTLIST);
    const ranked = [];
    for (const { cand } of shortlist) {
      const re = new RegExp(cand.pattern);
      const expand = compileReplacement(cand.replacement);
      const est = state.estimate(re, expand, proposers);
      if (est) ranked.push({ cand, re, expand, ...est });
    }
    ranked.sort((a, b) => b.count - a.count || b.gain - a.gain || a.cand.pattern.length - b.cand.pattern.length);
    let taken = false;
    for (const r of ranked) {
      const moves = state.evaluate(r.cand, r.re, r.expand);
      if (!moves) continue;
      take(r.cand, moves);
      taken = true;
      break;
    }
    if (!taken) break;
  }
  takeArithmetic(false);
  for (const id of [...state.apart]) {
    const name = state.goals[id];
    if (state.owner.has(name)) continue;
    take(exactRename(state.names[id], name), { ids: [id], names: [name], counts: [state.goalCounts[id]], dists: [0] });
  }
  const unexpressed = [...state.apart].map((id) => keys[id]);
  return { ops, covers, unexpressed };
}

// src/analysis/infer/prefix-ops.ts
var MAX_ROUNDS3 = 4;
var CANDIDATES_PER_ROUND = 8;
function leadingPrefixes(name) {
  const a = name.indexOf(".");
  if (a < 0) return [];
  const b = name.indexOf(".", a + 1);
  return b < 0 ? [name.slice(0, a + 1)] : [name.slice(0, a + 1), name.slice(0, b + 1)];
}
function applyPrefix(op, name) {
  if (op.op === "add_prefix") return op.prefix + name;
  return name.startsWith(op.prefix) ? name.slice(op.prefix.length) : name;
}
function findPrefixOps(sources, goals, allow = () => true) {
  const names = [...sources];
  const goalAt = [];
  const goalTarget = [];
  sources.forEach((s2, i) => {
    const t = goals.get(s2);
    if (t !== void 0) {
      goalAt.push(i);
      goalTarget.push(t);
    }
  });
  const ops = [];
  const covers = [];
  for (let round = 0; round < MAX_ROUNDS3; round++) {
    const strips = /* @__PURE__ */ new Map();
    const adds = /* @__PURE__ */ new Map();
    let seq = 0;
    const vote = (kind2, prefix) => {
      const freq = kind2 === "strip_prefix" ? strips : adds;
      const f = freq.get(prefix);
      if (f) f.n++;
      else freq.set(prefix, { op: { op: kind2, prefix }, n: 1, seq: seq++ });
    };
    goalAt.forEach((i, g) => {
      const c = names[i];
      const t = goalTarget[g];
      if (c === t) return;
      for (const p of leadingPrefixes(c)) if (!t.startsWith(p)) vote("strip_prefix", p);
      for (const q of leadingPrefixes(t)) if (!c.startsWith(q)) vote("add_prefix", q);
    });
    const candidates = [...strips.values(), ...adds.values()].sort((a, b) => b.n - a.n || b.op.prefix.length - a.op.prefix.length || a.seq - b.seq).slice(0, CANDIDATES_PER_ROUND);
    const viable = [];
    for (const { op } of candidates) {
      if (!allow(op)) continue;
      let finished = 0;
      let touched = 0;
      let broken = false;
      for (let g = 0; g < goalAt.length; g++) {
        const c = names[goalAt[g]];
        const n = applyPrefix(op, c);
        if (n === c) continue;
        if (c === goalTarget[g]) {
          broken = true;
          break;
        }
        touched++;
        if (n === goalTarget[g]) finished++;
      }
      if (broken || touched === 0) continue;
      const mostlyFinished = finished * 2 >= touched;
      if (!mostlyFinished && !(op.op === "strip_prefix" && isWrapper(op.prefix, names, goalTarget))) continue;
      let gain = 0;
      let better = 0;
      let worse = 0;
      for (let g = 0; g < goalAt.length; g++) {
        const c = names[goalAt[g]];
        const moved2 = applyPrefix(op, c);
        if (moved2 === c) continue;
        const t = goalTarget[g];
        const d = nameDistance(c, t) - nameDistance(moved2, t);
        gain += d;
        if (d > 0) better++;
        else if (d < 0) worse++;
      }
      if (gain <= 0 || better <= worse) continue;
      if (!mostlyFinished && (worse > 0 || better < touched)) continue;
      viable.push({ op, gain });
    }
    viable.sort((a, b) => b.gain - a.gain);
    const best2 = viable.find(({ op }) => {
      const seen = /* @__PURE__ */ new Set();
      for (const c of names) {
        const n = applyPrefix(op, c);
        if (seen.has(n)) return false;
        seen.add(n);
      }
      return true;
    });
    if (!best2) break;
    const moved = [];
    names.forEach((c, i) => {
      const n = applyPrefix(best2.op, c);
      if (n !== c) moved.push(sources[i]);
      names[i] = n;
    });
    ops.push(best2.op);
    covers.push(moved);
  }
  const current = /* @__PURE__ */ new Map();
  sources.forEach((s2, i) => current.set(s2, names[i]));
  return { ops, covers, current };
}
function isWrapper(prefix, names, targets) {
  if (prefix.indexOf(".") !== prefix.length - 1 || gluedIndexAt(prefix, 0, prefix.length - 1) >= 0) return false;
  let on = 0;
  for (const c of names) {
    if (!c.startsWith(prefix)) continue;
    on++;
    const next = c.charCodeAt(prefix.length);
    if (next >= 48 && next <= 57) return false;
  }
  if (on * 2 < names.length) return false;
  for (const t of targets) if (t.startsWith(prefix) || t.includes(`.${prefix}`)) return false;
  return true;
}

// src/analysis/infer/drop-ops.ts
var MAX_ENDING = 3;
function formsOf(name, role) {
  const segs = name.split(".");
  const out = [];
  if (role) out.push({ pattern: role.source, test: (k) => role.test(k), rank: -1 });
  for (let n = 1; n < segs.length; n++) {
    const p = `${segs.slice(0, n).join(".")}.`;
    out.push({ pattern: `^${escapeRegex(p)}`, test: (k) => k.startsWith(p), rank: 0 });
  }
  for (let n = 1; n <= Math.min(MAX_ENDING, segs.length - 1); n++) {
    const e = segs.slice(segs.length - n).join(".");
    if (isIndexSegment(segs[segs.length - n])) continue;
    out.push({ pattern: `(^|\\.)${escapeRegex(e)}$`, test: (k) => k === e || k.endsWith(`.${e}`), rank: 1 });
  }
  if (segs.some(isIndexSegment)) {
    const re = new RegExp(`^${segs.map((s2) => isIndexSegment(s2) ? "\\d+" : escapeRegex(s2)).join("\\.")}$`);
    out.push({ pattern: re.source, test: (k) => re.test(k), rank: 2 });
  }
  return out;
}
function reasonOf(rs) {
  const whys = [...new Set(rs.map((r) => r.why))];
  if (rs.length === 1) return rs[0].detail ? `${rs[0].detail}: ${rs[0].why}` : rs[0].why;
  const shown = rs.slice(0, 3).map((r) => r.detail ? `${r.name} ${r.detail.replace(/^shape /, "")}` : r.name);
  const more = rs.length > 3 ? ` and ${rs.length - 3} more` : "";
  return `${shown.join(", ")}${more}: ${whys.join("; ")}`;
}
function exactDropOp(requests) {
  const names = [...new Set(requests.map((r) => r.name))].map(escapeRegex);
  const pattern = names.length === 1 ? `^${names[0]}$` : `^(?:${names.join("|")})$`;
  return { ops: [{ op: "drop", pattern, reason: reasonOf(requests) }], covers: [requests.map((r) => r.source)] };
}
function findDropOps(requests, universe, exact = false) {
  if (requests.length === 0) return { ops: [], covers: [] };
  if (exact) return exactDropOp(requests);
  const wanted = new Set(requests.map((r) => r.name));
  const forms = /* @__PURE__ */ new Map();
  for (const r of requests) {
    for (const form of formsOf(r.name, r.rolePattern)) {
      const have = forms.get(form.pattern);
      if (have) have.rs.push(r);
      else forms.set(form.pattern, { form, rs: [r] });
    }
  }
  const safe = [...forms.values()].filter(({ rs }) => rs.length > 1).filter(({ form }) => universe.every((k) => wanted.has(k) || !form.test(k))).sort((a, b) => b.rs.length - a.rs.length || a.form.rank - b.form.rank || a.form.pattern.length - b.form.pattern.length);
  const done = /* @__PURE__ */ new Set();
  const ops = [];
  const covers = [];
  const emit = (pattern, rs) => {
    ops.push({ op: "drop", pattern, reason: reasonOf(rs) });
    covers.push(rs.map((r) => r.source));
    for (const r of rs) done.add(r.name);
  };
  for (const { form, rs } of safe) {
    const fresh = rs.filter((r) => !done.has(r.name));
    if (fresh.length * 2 <= rs.length || fresh.length < 2) continue;
    emit(form.pattern, rs.filter((r) => !done.has(r.name)));
  }
  for (const r of requests) if (!done.has(r.name)) emit(`^${escapeRegex(r.name)}$`, [r]);
  return { ops, covers };
}

// src/analysis/infer/fused-ops.ts
function templated(s2, fixed = /* @__PURE__ */ new Set()) {
  const segs = s2.key.split(".");
  const groupOf = /* @__PURE__ */ new Map();
  const ordinal = [];
  let g = 0;
  const pattern = `^${segs.map((seg, at) => {
    if (!isIndexSegment(seg)) return escapeRegex(seg);
    if (fixed.has(at)) {
      ordinal.push(seg);
      return escapeRegex(seg);
    }
    g++;
    ordinal.push(g);
    if (!groupOf.has(seg)) groupOf.set(seg, g);
    return "(\\d+)";
  }).join("\\.")}$`;
  const targets = s2.targets.map((t) => {
    let k = 0;
    return t.split(".").map((seg) => {
      if (!isIndexSegment(seg)) return seg.replace(/\$/g, "$$$$");
      const mine = ordinal[k];
      const keySeg = segs.filter(isIndexSegment)[k++];
      if (mine !== void 0 && keySeg === seg) return typeof mine === "number" ? `$${mine}` : seg;
      return groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg;
    }).join(".");
  });
  return { pattern, targets };
}
function splitOps(splits, namesNow) {
  const ops = [];
  const covers = [];
  const round = (x) => Math.round(x * 100) / 100;
  const isExact = (op, members) => {
    const cut = compileSplit(op);
    const mine = new Map(members.map((m) => [m.key, m]));
    return namesNow.every((n) => {
      const t = cut(n);
      const m = mine.get(n);
      return t === null ? m === void 0 : m !== void 0 && t.length === m.targets.length && t.every((x, i) => x === m.targets[i]);
    });
  };
  const byPattern = (members, fixedFor) => {
    const groups = /* @__PURE__ */ new Map();
    for (const s2 of members) {
      const t = templated(s2, fixedFor(s2));
      const id = `${t.pattern}\0${t.targets.join("\0")}\0${s2.dim}\0${s2.sizes.join(",")}`;
      const g = groups.get(id);
      if (g) g.members.push(s2);
      else groups.set(id, { ...t, members: [s2] });
    }
    const left2 = [];
    for (const g of groups.values()) {
      const first = g.members[0];
      const op = { op: "split", pattern: g.pattern, dim: first.dim, targets: g.targets, sizes: first.sizes, confidence: 0, evidence: "" };
      if (g.members.length >= 2 && isExact(op, g.members)) {
        op.confidence = round(Math.min(...g.members.map((m) => m.confidence)));
        op.evidence = `${g.members.length} tensors cut alike; ${first.evidence}`;
        ops.push(op);
        covers.push(g.members.map((m) => m.source));
      } else left2.push(...g.members);
    }
    return left2;
  };
  let left = byPattern(splits, () => /* @__PURE__ */ new Set());
  const shared = /* @__PURE__ */ new Map();
  for (const s2 of left) {
    const id = `${templated(s2).pattern}\0${s2.dim}\0${s2.sizes.join(",")}`;
    const segs = s2.key.split(".");
    const now = new Set(segs.flatMap((seg, at) => isIndexSegment(seg) ? [at] : []));
    const prev = shared.get(id);
    const key = (x) => x.key.split(".");
    if (!prev) shared.set(id, now);
    else {
      const first = left.find((x) => `${templated(x).pattern}\0${x.dim}\0${x.sizes.join(",")}` === id);
      for (const at of [...prev]) if (key(first)[at] !== segs[at]) prev.delete(at);
    }
  }
  left = byPattern(left, (s2) => shared.get(`${templated(s2).pattern}\0${s2.dim}\0${s2.sizes.join(",")}`) ?? /* @__PURE__ */ new Set());
  for (const m of left) {
    ops.push({ op: "split", key: m.key, dim: m.dim, targets: m.targets, sizes: m.sizes, confidence: round(m.confidence), evidence: m.evidence });
    covers.push([m.source]);
  }
  return { ops, covers };
}
function stackOps(stacks, namesNow) {
  const groups = /* @__PURE__ */ new Map();
  const single = [];
  for (const s2 of stacks) {
    const first = s2.keys[0].split(".");
    const second = s2.keys[1].split(".");
    const at = first.findIndex((seg, i) => seg !== second[i]);
    if (at < 0 || !isIndexSegment(first[at])) {
      single.push(s2);
      continue;
    }
    let g = 0;
    let index2 = 0;
    const groupOf = /* @__PURE__ */ new Map();
    const pattern = `^${first.map((seg, i) => {
      if (!isIndexSegment(seg)) return escapeRegex(seg);
      g++;
      if (i === at) index2 = g;
      else if (!groupOf.has(seg)) groupOf.set(seg, g);
      return "(\\d+)";
    }).join("\\.")}$`;
    const target = s2.target.split(".").map((seg) => isIndexSegment(seg) && groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg.replace(/\$/g, "$$$$")).join(".");
    const id = `${pattern}\0${index2}\0${target}\0${s2.dim}`;
    const entry = groups.get(id) ?? groups.set(id, { op: { op: "stack", pattern, index: index2, dim: s2.dim, target, confidence: 0, evidence: "" }, members: [] }).get(id);
    entry.members.push(s2);
  }
  const ops = [];
  const covers = [];
  const round = (x) => Math.round(x * 100) / 100;
  const alone = (s2) => {
    const segs = s2.keys[0].split(".");
    const at = segs.findIndex((seg, i) => seg !== s2.keys[1].split(".")[i]);
    const pattern = `^${segs.map((seg, i) => i === at ? "(\\d+)" : escapeRegex(seg)).join("\\.")}$`;
    ops.push({ op: "stack", pattern, index: 1, dim: s2.dim, target: s2.target.replace(/\$/g, "$$$$"), confidence: round(s2.confidence), evidence: s2.evidence });
    covers.push(s2.sources);
  };
  for (const { op, members } of groups.values()) {
    const { groups: made, error } = stackGroups(op, namesNow);
    const exact = !error && made.size === members.length && members.every((m) => {
      const got = made.get(m.target);
      return got !== void 0 && got.length === m.keys.length && got.every((k, i) => k === m.keys[i]);
    });
    if (exact) {
      op.confidence = round(Math.min(...members.map((m) => m.confidence)));
      op.evidence = `${members.length} stacked tensor(s); ${members[0].evidence}`;
      ops.push(op);
      covers.push(members.flatMap((m) => m.sources));
    } else members.forEach(alone);
  }
  single.forEach(alone);
  return { ops, covers };
}
function concatTemplate(c) {
  const segs = c.keys.map((k) => k.split("."));
  const first = segs[0];
  if (segs.some((s2) => s2.length !== first.length)) return null;
  const differ = first.flatMap((_, i) => segs.some((s2) => s2[i] !== first[i]) ? [i] : []);
  if (differ.length !== 1) return null;
  const at = differ[0];
  const parts = segs.map((s2) => s2[at]);
  if (new Set(parts).size !== parts.length) return null;
  let g = 0;
  let part = 0;
  const indexGroups = [];
  const pattern = `^${first.map((seg, i) => {
    if (i === at) {
      part = ++g;
      return `(${parts.map(escapeRegex).join("|")})`;
    }
    if (!isIndexSegment(seg)) return escapeRegex(seg);
    indexGroups.push({ group: ++g, value: seg });
    return "(\\d+)";
  }).join("\\.")}$`;
  let last = 0;
  const target = c.target.split(".").map((seg) => {
    if (!isIndexSegment(seg)) return seg.replace(/\$/g, "$$$$");
    const same2 = indexGroups.filter((x) => x.value === seg);
    const chosen = same2.find((x) => x.group > last) ?? same2[0];
    if (chosen === void 0) return seg;
    last = chosen.group;
    return `$${chosen.group}`;
  }).join(".");
  return { pattern, part, parts, target };
}
function concatOps(concats, namesNow, byPattern = true) {
  const round = (x) => Math.round(x * 100) / 100;
  const groups = /* @__PURE__ */ new Map();
  const single = [];
  for (const c of concats) {
    const t = byPattern ? concatTemplate(c) : null;
    if (!t) {
      single.push(c);
      continue;
    }
    const id = `${t.pattern}\0${t.target}\0${c.dim}`;
    const entry = groups.get(id) ?? groups.set(id, { op: { op: "concat", ...t, dim: c.dim, confidence: 0, evidence: "" }, members: [] }).get(id);
    entry.members.push(c);
  }
  const ops = [];
  const covers = [];
  for (const { op, members } of groups.values()) {
    if (members.length < 2) {
      single.push(...members);
      continue;
    }
    const { groups: made, error } = concatGroups(op, namesNow);
    const exact = !error && made.size === members.length && members.every((m) => {
      const got = made.get(m.target);
      return got !== void 0 && got.length === m.keys.length && got.every((k, i) => k === m.keys[i]);
    });
    if (!exact) {
      single.push(...members);
      continue;
    }
    op.confidence = round(Math.min(...members.map((m) => m.confidence)));
    op.evidence = `${members.length} tensors joined alike; ${members[0].evidence}`;
    ops.push(op);
    covers.push(members.flatMap((m) => m.sources));
  }
  for (const c of single) {
    ops.push({ op: "concat", keys: c.keys, dim: c.dim, target: c.target, confidence: round(c.confidence), evidence: c.evidence });
    covers.push(c.sources);
  }
  return { ops, covers };
}

// src/analysis/infer/ties.ts
var TIE_RULES = [
  {
    // transformers PreTrainedModel.tie_weights (_tied_weights_keys = ["lm_head.weight"]), nanoGPT, Megatron's output layer
    copy: /(?:^|\.)(?:lm_head|output|embed_out|head)\.weight$/,
    partner: /(?:^|\.)(?:embed|embedding|embeddings|embed_tokens|wte|word_embeddings|tok_embeddings|token_embd|embed_in|shared|token_embedding)\.weight$/,
    why: "the output projection is tied to the input embeddings (tie_word_embeddings)"
  },
  {
    // transformers T5Model / BartModel: _tied_weights_keys = ["encoder.embed_tokens.weight",
    // "decoder.embed_tokens.weight"], both the `shared` embedding (a TF T5 checkpoint stores it once)
    copy: /^(.*\.)?(?:encoder|decoder)\.embed_tokens\.weight$/,
    partner: (m) => `${m[1] ?? ""}shared.weight`,
    why: "the encoder's and decoder's token embeddings are the model's `shared` embedding"
  },
  {
    // BERT / RoBERTa masked-LM heads: decoder.weight = the word embeddings
    copy: /(?:^|\.)(?:predictions|lm_head)\.decoder\.weight$/,
    partner: /(?:^|\.)word_embeddings\.weight$/,
    why: "the masked-LM decoder is tied to the word embeddings"
  },
  {
    // BertLMPredictionHead / RobertaLMHead: self.decoder.bias = self.bias
    copy: /^(.*\.)?decoder\.bias$/,
    partner: (m) => `${m[1] ?? ""}bias`,
    why: "the decoder bias is the head's own bias parameter (decoder.bias = bias)"
  }
];
var sameShape2 = (a, b) => a.shape !== null && b.shape !== null && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
function findTies(unmapped, produced, target) {
  const ops = [];
  const covers = [];
  const ambiguities = [];
  for (const key of unmapped) {
    const t = target.get(key);
    if (!t) continue;
    for (const rule of TIE_RULES) {
      const m = rule.copy.exec(key);
      if (!m) continue;
      let candidates;
      if (typeof rule.partner === "function") {
        const p = rule.partner(m);
        candidates = produced.has(p) ? [p] : [];
      } else {
        const re = rule.partner;
        candidates = [...produced].filter((p) => re.test(p));
      }
      candidates = candidates.filter((p) => p !== key && sameShape2(target.get(p), t));
      if (candidates.length === 1) {
        ops.push({ op: "copy", key: candidates[0], target: key, confidence: CONFIDENCE.tie, evidence: `${rule.why}; shapes equal [${t.shape.join(", ")}]` });
        covers.push(candidates[0]);
      } else if (candidates.length > 1) {
        ambiguities.push({ keys: [key], candidates: candidates.slice(0, 8), reason: `${rule.why}, but several keys of its shape could be that tensor` });
      }
      if (candidates.length) break;
    }
  }
  return { ops, covers, ambiguities };
}

// src/analysis/op-keys.ts
var NameIndex = class {
  constructor(items2) {
    this.items = items2;
  }
  map = null;
  /** two alive items share a name (a collision, reported at the end): removals then rebuild */
  dup = false;
  get(name) {
    if (this.map === null) {
      this.map = /* @__PURE__ */ new Map();
      this.dup = false;
      for (const it of this.items()) {
        if (!it.alive) continue;
        if (this.map.has(it.name)) this.dup = true;
        else this.map.set(it.name, it);
      }
    }
    return this.map.get(name);
  }
  invalidate() {
    this.map = null;
  }
  removed(it) {
    if (this.map === null) return;
    if (this.dup) this.map = null;
    else if (this.map.get(it.name) === it) this.map.delete(it.name);
  }
  added(it) {
    if (this.map === null) return;
    if (this.map.has(it.name)) this.dup = true;
    else this.map.set(it.name, it);
  }
};
var PREFIX_INDEX_AFTER_OPS = 256;
var NameOpRunner = class {
  constructor(items2, nameOps) {
    this.items = items2;
    this.nameOps = nameOps;
  }
  prefixes = null;
  /** The number of keys the op concerned, or why it could not run (an invalid regex). */
  run(op) {
    let step;
    try {
      step = compileNameOp(op);
    } catch (e) {
      return e;
    }
    const literal = nameOpLiteral(op);
    if (this.prefixes === null && this.nameOps > PREFIX_INDEX_AFTER_OPS && literal.includes(".")) {
      this.prefixes = new NamePrefixIndex();
      for (const it of this.items()) if (it.alive) this.prefixes.add(it, it.name);
    }
    const prefixes = this.prefixes;
    const scan = literal && prefixes?.candidates(literal) || this.items();
    let matched = 0;
    for (const it of scan) {
      if (!it.alive) continue;
      const r = step(it.name);
      if (r === void 0) continue;
      matched++;
      prefixes?.delete(it, it.name);
      if (r === null) it.alive = false;
      else {
        it.name = r;
        prefixes?.add(it, r);
      }
    }
    return matched;
  }
  /** Items were made or consumed otherwise: the index is rebuilt when next needed. */
  invalidate() {
    this.prefixes = null;
  }
};
function applyOpsToKeys(ops, sourceKeys) {
  const errors = [];
  let items2 = [];
  const seen = /* @__PURE__ */ new Set();
  for (const e of sourceKeys) {
    if (seen.has(e.key)) {
      errors.push(`source key '${e.key}' appears twice`);
      continue;
    }
    seen.add(e.key);
    items2.push({ name: e.key, recipe: { kind: "source", key: e.key }, shape: e.shape ? [...e.shape] : null, sources: [e.key], alive: true });
  }
  const index2 = new NameIndex(() => items2);
  const alive = () => items2.filter((it) => it.alive);
  const push = (it) => {
    items2.push(it);
    index2.added(it);
  };
  const consume = (it) => {
    it.alive = false;
    index2.removed(it);
  };
  const names = new NameOpRunner(() => items2, ops.filter(isNameOp).length);
  ops.forEach((op, i) => {
    const where = `ops[${i}] (${describeOp(op)})`;
    if (isNameOp(op)) {
      const matched = names.run(op);
      index2.invalidate();
      if (matched instanceof Error) errors.push(`${where}: ${matched.message}`);
      else if (matched === 0) errors.push(`${where}: matches no key`);
      return;
    }
    names.invalidate();
    switch (op.op) {
      case "transpose":
      case "reshape": {
        const chosen = selectItems(op, items2, index2);
        if (typeof chosen === "string") return void errors.push(`${where}: ${chosen}`);
        const shapes = [];
        for (const it of chosen) {
          let problem = null;
          if (op.op === "transpose") problem = permutationProblem(op.dims, it.shape);
          else {
            const r = reshapedShape(op, it.shape);
            if ("problem" in r) problem = r.problem;
            else shapes.push(r.shape);
          }
          if (problem) return void errors.push(`${where}: ${op.pattern !== void 0 ? `'${it.name}': ` : ""}${problem}`);
        }
        chosen.forEach((it, i2) => {
          if (op.op === "transpose") {
            it.recipe = { kind: "transpose", of: it.recipe, dims: [...op.dims] };
            if (it.shape) it.shape = op.dims.map((d) => it.shape[d]);
          } else {
            it.recipe = { kind: "reshape", of: it.recipe, shape: shapes[i2] ?? null };
            it.shape = shapes[i2] ?? null;
          }
        });
        return;
      }
      case "split": {
        if (op.targets.length !== op.sizes.length) return void errors.push(`${where}: ${op.targets.length} targets but ${op.sizes.length} sizes`);
        if (op.targets.length < 2) return void errors.push(`${where}: a split needs at least 2 targets`);
        const cut = compileSplit(op);
        const chosen = [];
        for (const it of op.key !== void 0 ? [index2.get(op.key)].filter((x) => !!x) : alive()) {
          const targets = cut(it.name);
          if (targets) chosen.push([it, targets]);
        }
        if (chosen.length === 0) return void errors.push(op.key !== void 0 ? `${where}: no key '${op.key}' at this point` : `${where}: matches no key`);
        const squeeze = op.sizes.every((s2) => s2 === 1);
        const total = op.sizes.reduce((a, b) => a + b, 0);
        for (const [it] of chosen) {
          if (!it.shape) continue;
          const at = op.pattern !== void 0 ? `'${it.name}': ` : "";
          if (op.dim < 0 || op.dim >= it.shape.length) return void errors.push(`${where}: ${at}dim ${op.dim} out of range for shape [${it.shape.join(", ")}]`);
          if (it.shape[op.dim] !== total) return void errors.push(`${where}: ${at}sizes add up to ${total} but dim ${op.dim} of [${it.shape.join(", ")}] is ${it.shape[op.dim]}`);
        }
        for (const [it, targets] of chosen) {
          consume(it);
          let start = 0;
          targets.forEach((t, j) => {
            const size = op.sizes[j];
            let shape4 = null;
            if (it.shape) {
              shape4 = [...it.shape];
              if (squeeze) shape4.splice(op.dim, 1);
              else shape4[op.dim] = size;
            }
            push({ name: t, recipe: { kind: "split", of: it.recipe, dim: op.dim, start, size, squeeze }, shape: shape4, sources: [...it.sources], alive: true });
            start += size;
          });
        }
        return;
      }
      case "stack": {
        const { groups, error } = stackGroups(op, alive().map((it) => it.name));
        if (error) return void errors.push(`${where}: ${error}`);
        if (groups.size === 0) return void errors.push(`${where}: matches no key`);
        const built = [];
        for (const [target, members] of groups) {
          const parts = members.map((n) => index2.get(n));
          const first = parts[0].shape;
          let shape4 = null;
          if (parts.every((p) => p.shape)) {
            const bad = parts.find((p) => p.shape.length !== first.length || p.shape.some((d, k) => d !== first[k]));
            if (bad) return void errors.push(`${where}: '${bad.name}' [${bad.shape.join(", ")}] differs from '${parts[0].name}' [${first.join(", ")}]: only tensors of one shape stack`);
            if (op.dim < 0 || op.dim > first.length) return void errors.push(`${where}: dim ${op.dim} out of range for stacking [${first.join(", ")}]`);
            shape4 = [...first];
            shape4.splice(op.dim, 0, parts.length);
          }
          const unsqueezed = parts.map((p) => {
            if (!p.shape) return p.recipe;
            const s2 = [...p.shape];
            s2.splice(op.dim, 0, 1);
            return { kind: "reshape", of: p.recipe, shape: s2 };
          });
          for (const p of parts) consume(p);
          built.push({ name: target, recipe: { kind: "concat", parts: unsqueezed, dim: op.dim }, shape: shape4, sources: parts.flatMap((p) => p.sources), alive: true });
        }
        for (const b of built) push(b);
        return;
      }
      case "copy": {
        const it = index2.get(op.key);
        if (!it) return void errors.push(`${where}: no key '${op.key}' at this point`);
        push({ name: op.target, recipe: it.recipe, shape: it.shape ? [...it.shape] : null, sources: [...it.sources], alive: true });
        return;
      }
      case "concat": {
        const groups = /* @__PURE__ */ new Map();
        if (op.pattern === void 0) {
          const parts = [];
          for (const k of op.keys) {
            const it = index2.get(k);
            if (!it) return void errors.push(`${where}: no key '${k}' at this point`);
            parts.push(it);
          }
          if (parts.length < 2) return void errors.push(`${where}: a concat needs at least 2 keys`);
          groups.set(op.target, parts);
        } else {
          if (op.parts.length < 2) return void errors.push(`${where}: a concat needs at least 2 parts`);
          const found = concatGroups(op, alive().map((it) => it.name));
          if (found.error) return void errors.push(`${where}: ${found.error}`);
          if (found.groups.size === 0) return void errors.push(`${where}: matches no key`);
          for (const [target, names2] of found.groups) groups.set(target, names2.map((n) => index2.get(n)));
        }
        const built = [];
        for (const [target, parts] of groups) {
          let shape4 = null;
          if (parts.every((p) => p.shape)) {
            const first = parts[0].shape;
            if (op.dim < 0 || op.dim >= first.length) return void errors.push(`${where}: dim ${op.dim} out of range for shape [${first.join(", ")}]`);
            const bad = parts.find((p) => p.shape.length !== first.length || p.shape.some((d, j) => j !== op.dim && d !== first[j]));
            if (bad) return void errors.push(`${where}: '${bad.name}' [${bad.shape.join(", ")}] does not line up with [${first.join(", ")}] outside dim ${op.dim}`);
            shape4 = [...first];
            shape4[op.dim] = parts.reduce((a, p) => a + p.shape[op.dim], 0);
          }
          built.push({ name: target, recipe: { kind: "concat", parts: parts.map((p) => p.recipe), dim: op.dim }, shape: shape4, sources: parts.flatMap((p) => p.sources), alive: true });
        }
        for (const parts of groups.values()) for (const p of parts) consume(p);
        for (const b of built) push(b);
        return;
      }
    }
  });
  items2 = alive();
  const finalNames = /* @__PURE__ */ new Map();
  for (const it of items2) {
    const other = finalNames.get(it.name);
    if (other) errors.push(`collision: '${other.sources.join("', '")}' and '${it.sources.join("', '")}' both become '${it.name}'`);
    else finalNames.set(it.name, it);
  }
  const mapping = /* @__PURE__ */ Object.create(null);
  for (const e of sourceKeys) mapping[e.key] = null;
  const lists = /* @__PURE__ */ new Map();
  for (const it of items2) {
    for (const s2 of it.sources) {
      const l = lists.get(s2);
      if (l) l.push(it.name);
      else lists.set(s2, [it.name]);
    }
  }
  for (const [s2, names2] of lists) mapping[s2] = names2.length === 1 ? names2[0] : names2;
  const transposedDims = /* @__PURE__ */ new Map();
  for (const it of items2) {
    const dims = transposeIn(it.recipe);
    if (dims) transposedDims.set(it.name, dims);
  }
  return {
    mapping,
    transposed: transposedDims,
    outputs: items2.map((it) => ({ key: it.name, recipe: it.recipe, shape: it.shape, sources: it.sources })),
    errors
  };
}
function transposeIn(r) {
  if (r.kind === "transpose") return r.dims;
  if (r.kind === "split") return transposeIn(r.of);
  return null;
}
function selectItems(op, items2, byName) {
  if (op.key !== void 0) {
    const it = byName.get(op.key);
    return it ? [it] : `no key '${op.key}' at this point`;
  }
  let re;
  try {
    re = compilePattern(op.pattern);
  } catch (e) {
    return e.message;
  }
  const chosen = items2.filter((it) => it.alive && re.test(it.name));
  return chosen.length ? chosen : "matches no key";
}
function permutationProblem(dims, shape4) {
  const n = dims.length;
  const sorted = [...dims].sort((a, b) => a - b);
  if (!sorted.every((d, i) => d === i)) return `dims [${dims.join(", ")}] is not a permutation of 0..${n - 1}`;
  if (shape4 && shape4.length !== n) return `dims [${dims.join(", ")}] has ${n} entries but the tensor has shape [${shape4.join(", ")}]`;
  return null;
}
function simulateNames(ops, sources) {
  if (ops.every(isNameOp)) {
    const items2 = [];
    const bySource = /* @__PURE__ */ new Map();
    for (const key of sources) {
      if (bySource.has(key)) continue;
      const it = { name: key, alive: true };
      items2.push(it);
      bySource.set(key, it);
    }
    const runner = new NameOpRunner(() => items2, ops.length);
    for (const op of ops) runner.run(op);
    return new Map(sources.map((s2) => {
      const it = bySource.get(s2);
      return [s2, it.alive ? it.name : null];
    }));
  }
  const { mapping } = applyOpsToKeys(ops, sources.map((key) => ({ key, shape: null, dtype: null })));
  return new Map(sources.map((s2) => [s2, mapping[s2] ?? null]));
}

// src/analysis/infer/partial-scope.ts
function literalHead(pattern) {
  if (!pattern.startsWith("^")) return null;
  let out = "";
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === void 0 || /[A-Za-z0-9]/.test(next)) return out;
      out += next;
      i++;
      continue;
    }
    if (".*+?()[]{}|$".includes(c)) {
      if ("*?{".includes(c)) return out.slice(0, -1);
      return out;
    }
    out += c;
  }
  return out;
}
function isExactPattern(pattern) {
  if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) return false;
  const head = literalHead(pattern);
  return head !== null && `^${escapeRegex(head)}$` === pattern;
}
var PartialScope = class {
  /** every module path (`a.`, `a.b.`) of a key the model side names */
  modelPaths = /* @__PURE__ */ new Set();
  constructor(modelKeys) {
    for (const k of modelKeys) {
      for (let i = k.indexOf("."); i >= 0; i = k.indexOf(".", i + 1)) this.modelPaths.add(k.slice(0, i + 1));
    }
  }
  /**
   * A module path (`world_classifier.`, `encoder.layer.`) no model key starts with: the error shows it
   * on the checkpoint's side only. (Every dotted prefix of a model key is in the set, so a path some
   * model key starts with is in it too.)
   */
  checkpointOnly(path) {
    return path.length > 1 && path.endsWith(".") && !this.modelPaths.has(path);
  }
  /**
   * The module path a regex op is scoped to: '' when it is exact, null when it could reach keys the
   * error did not name (not anchored on a checkpoint-only module).
   */
  scopeOfPattern(pattern) {
    if (isExactPattern(pattern)) return "";
    const head = literalHead(pattern);
    if (head === null) return null;
    const path = head.slice(0, head.lastIndexOf(".") + 1);
    return this.checkpointOnly(path) ? path : null;
  }
  /** `strip_prefix` touches only keys that start with the prefix: scoped when that is a checkpoint-only module path. */
  scopeOfStrip(prefix) {
    return this.checkpointOnly(prefix) ? prefix : null;
  }
};
function scopeWarnings(ops, scope) {
  const paths = /* @__PURE__ */ new Set();
  const added = [];
  for (const op of ops) {
    if (op.op === "add_prefix") added.push(op.prefix);
    const path = op.op === "rename" || op.op === "drop" ? scope.scopeOfPattern(op.pattern) : null;
    if (path) paths.add(path);
  }
  const out = [];
  if (paths.size > 0) {
    const list = [...paths].map((p) => `\`${p}\``).join(", ");
    out.push(`the error names only the keys that differ: ops reaching past them are scoped to ${list}, which the error shows on the checkpoint's side only; this assumes the model has no key there that the checkpoint shares`);
  }
  for (const p of added) out.push(`the error names only the keys that differ: \`add_prefix '${p}'\` renames every key, which assumes no checkpoint key already loads as it is`);
  return out;
}

// src/analysis/infer/causes.ts
var fmt = (s2) => s2 ? `[${s2.join(", ")}]` : "[?]";
function examples2(keys, n = 3) {
  const shown = keys.slice(0, n).map((k) => `\`${k}\``).join(", ");
  return keys.length > n ? `${shown}, \u2026` : shown;
}
function keyTemplates(keys) {
  const groups = /* @__PURE__ */ new Map();
  for (const k of new Set(keys)) {
    const segs = k.split(".");
    const skeleton = segs.map((x) => isIndexSegment(x) ? "#" : x).join(".");
    (groups.get(skeleton) ?? groups.set(skeleton, []).get(skeleton)).push(segs);
  }
  const letters = "ijklmn";
  return [...groups.values()].map((members) => {
    let used = 0;
    return members[0].map((seg, i) => members.every((m) => m[i] === seg) ? seg : `{${letters[used++] ?? "i"}}`).join(".");
  });
}
function templatesText(keys, n = 3) {
  return examples2(keyTemplates(keys), n);
}
function explainCauses(f) {
  const causes = [];
  if (f.anotherModel && f.renumbered) {
    const { source, target } = f.renumbered;
    causes.push({
      code: "another_model",
      message: `the checkpoint's keys and the model's differ in their layer numbers (\`${source}\` where the model has \`${target}\`; ${f.sourceCount} vs ${f.targetCount} keys): the checkpoint is of another model size or depth; pairing layers by position would be a guess, so no rename is proposed`
    });
  } else if (f.anotherModel && f.partial) {
    const how = f.matched === 0 ? "do not correspond by name" : `correspond by name or prefix for only ${f.matched} of them`;
    causes.push({
      code: "another_model",
      message: `the ${f.sourceCount} checkpoint keys and ${f.targetCount} model keys the error names ${how}: they are different modules rather than renamed ones (or the checkpoint is of another model altogether); no key transform explains them, so none is proposed`
    });
  } else if (f.anotherModel) {
    causes.push({
      code: "another_model",
      message: `only ${f.matched} of ${Math.min(f.sourceCount, f.targetCount)} keys correspond by name or prefix: the checkpoint is probably of another model; no key transform explains the difference, so none is proposed`
    });
  }
  const another = causes.find((c) => c.code === "another_model") ?? null;
  if (f.dims && another) another.message += ` (${f.dims})`;
  const unsized = f.unsized ?? [];
  if (unsized.length > 0) {
    const wholes = templatesText(unsized.map((u) => u.whole));
    const parts = templatesText(unsized.flatMap((u) => u.parts));
    const one = unsized.length === 1;
    causes.push({
      code: "fused_unknown_shape",
      message: `${one ? wholes : `${unsized.length} tensors (${wholes})`} look${one ? "s" : ""} like several tensors fused into one (the model keeps ${parts} apart): splitting needs ${one ? "its shape" : "their shapes"}, which the error does not give \u2014 give the checkpoint too (sdmatch explain CHECKPOINT ERROR.txt)`
    });
  }
  if (f.sizeMismatches.length) {
    const m = f.sizeMismatches;
    causes.push({
      code: "size_mismatch",
      message: `${m.length} key${m.length > 1 ? "s" : ""} correspond by name but not by shape (e.g. \`${m[0].target}\` ${fmt(m[0].sourceShape)} vs ${fmt(m[0].targetShape)}): the checkpoint is of another model size or configuration${f.dims && !another ? ` (${f.dims})` : ""}, which no key transform fixes`
    });
  }
  const names = (keys) => keys.map((k) => f.exampleOf(k) ?? k);
  f.ops.forEach((op, i) => {
    const keys = f.covers[i] ?? [];
    const n = keys.length;
    const all = n === f.sourceCount;
    const ex = keys[0];
    const exTarget = ex !== void 0 ? f.exampleOf(ex) : void 0;
    switch (op.op) {
      case "strip_prefix":
        causes.push({ code: "strip_prefix", message: `${all ? "every checkpoint key" : `${n} of ${f.sourceCount} checkpoint keys`} carr${!all && n !== 1 ? "y" : "ies"} an extra \`${op.prefix}\` prefix: strip it` });
        break;
      case "add_prefix":
        causes.push({ code: "add_prefix", message: `the model's keys start with \`${op.prefix}\` and the checkpoint's do not: add it` });
        break;
      case "rename":
        causes.push({ code: "rename", message: `${n} key${n === 1 ? " is" : "s are"} named differently${ex && exTarget ? ` (\`${ex}\` is \`${exTarget}\`)` : ""}: rename ${op.pattern} \u2192 ${op.replacement}` });
        break;
      case "drop":
        causes.push({ code: "drop", message: `${examples2(keys)}: ${op.reason}: leave ${n === 1 ? "it" : "them"} out and keep the model's` });
        break;
      case "transpose": {
        const subject = op.key !== void 0 ? `\`${op.key}\`` : templatesText(names(keys));
        const what = op.key !== void 0 || n === 1 ? `${subject} is` : `${n} weights (${subject}) are`;
        causes.push({ code: "transpose", subject, count: n, message: `${what} stored transposed (Conv1D vs Linear): transpose ${n === 1 ? "it" : "them"}` });
        break;
      }
      case "reshape": {
        const subject = op.key !== void 0 ? `\`${op.key}\`` : templatesText(names(keys));
        const what = op.key !== void 0 || n === 1 ? `${subject} has` : `${n} tensors (${subject}) have`;
        causes.push({ code: "reshape", subject, count: n, message: `${what} the model's elements in another shape (${op.shape !== void 0 ? "model " : ""}${describeReshape(op)}): reshape ${n === 1 ? "it" : "them"}` });
        break;
      }
      case "split":
        causes.push({
          code: "split",
          message: op.key !== void 0 ? `\`${op.key}\` holds ${op.targets.length} tensors the model keeps apart (${examples2(op.targets)}): split it` : `every tensor matching \`${op.pattern}\` holds ${op.targets.length} tensors the model keeps apart (${examples2(op.targets)}): split them`
        });
        break;
      case "concat":
        causes.push({
          code: "concat",
          message: op.pattern !== void 0 ? `the model keeps the tensors matching \`${op.pattern}\` (${op.parts.join(", ")}) as one tensor per \`${op.target}\`: join them` : `the model keeps ${examples2(op.keys)} as one tensor \`${op.target}\`: join them`
        });
        break;
      case "stack":
        causes.push({ code: "stack", message: `the model keeps the tensors matching \`${op.pattern}\` stacked into one per \`${op.target}\` (a new leading dimension, e.g. experts): stack them` });
        break;
      case "copy":
        causes.push({ code: "tie", message: `the model ties \`${op.target}\` to \`${op.key}\` and lists it under both names; the checkpoint stores it once: give it the second name` });
        break;
    }
  });
  for (const w of f.positionWarnings) causes.push({ code: "position_embedding", message: w });
  if (f.ambiguous) causes.push({ code: "ambiguous", message: `${f.ambiguous} correspondence${f.ambiguous > 1 ? "s are" : " is"} undecided (equally good candidates, or names that do not say): listed, not guessed` });
  if (f.unmapped.length) causes.push({ code: "missing", message: `${f.unmapped.length} key${f.unmapped.length > 1 ? "s" : ""} the model expects ha${f.unmapped.length > 1 ? "ve" : "s"} no source in the checkpoint (${examples2(f.unmapped)})` });
  if (f.leftover.length) causes.push({ code: "unexpected", message: `${f.leftover.length} checkpoint key${f.leftover.length > 1 ? "s have" : " has"} no place in the model (${examples2(f.leftover)})` });
  if (causes.length === 0) causes.push({ code: "match", message: "the checkpoint already matches what the model expects" });
  return causes;
}

// src/analysis/infer/join-layouts.ts
var JOIN_LAYOUT_NOTES = [
  {
    whole: /(^|\.)self_attention\.linear_qkv\.weight$/,
    note: "Megatron-Core interleaves q, k and v per query group (for each KV head g: its query heads, then k_g, then v_g); with grouped-query or multi-head attention plain chunks put rows in the wrong order \u2014 reorder per query group as NeMo's Llama converters (convert_llama_hf_to_nemo.py, convert_llama_nemo_to_hf.py) do (needs the head count)",
    reason: "megatron/core/transformer/attention.py SelfAttention.get_query_key_value_tensors splits linear_qkv's output per query group: [ng, (np/ng + 2) \xB7 hn]"
  }
];
function joinLayoutNote(whole) {
  return JOIN_LAYOUT_NOTES.find((n) => n.whole.test(whole));
}

// src/analysis/infer/stages/generalise.ts
function generalise(sides, m, j) {
  const { source, target, sourceKeys } = sides;
  const partial = sides.options.partial;
  const { goals, pairInfo } = j;
  const ambiguities = [];
  const warnings = [];
  const scope = partial ? new PartialScope(target.keys()) : null;
  const prefix = findPrefixOps(sourceKeys, goals, (op) => !scope || op.op === "add_prefix" || scope.scopeOfStrip(op.prefix) !== null);
  const current = prefix.current;
  const drops = findDropOps(j.dropRequests.map((d) => ({ ...d, name: current.get(d.source) })), [...current.values()], partial);
  const droppedSet = new Set(j.dropRequests.map((d) => d.source));
  const pending = /* @__PURE__ */ new Map();
  for (const [s2, t] of goals) if (current.get(s2) !== t) pending.set(s2, [current.get(s2), t]);
  const riders = /* @__PURE__ */ new Map();
  for (const s2 of m.splits) riders.set(s2.source, [current.get(s2.source), fusedDirection(s2.targets, s2.source)]);
  for (const c of m.concats) for (const k of c.sources) riders.set(k, [current.get(k), fusedDirection([c.target], k)]);
  for (const s2 of m.stacks) for (const k of s2.sources) riders.set(k, [current.get(k), fusedDirection([s2.target], k)]);
  const rename = findRenameOps(
    pending,
    sourceKeys.filter((k) => !droppedSet.has(k)).map((k) => current.get(k)),
    (cand) => !scope || scope.scopeOfPattern(cand.pattern) !== null,
    scope ? /* @__PURE__ */ new Map() : riders
  );
  for (const s2 of rename.unexpressed) {
    goals.delete(s2);
    pairInfo.delete(s2);
    ambiguities.push({ keys: [s2], candidates: [pending.get(s2)[1]], reason: "no rename can move it without moving another key (names swap)" });
  }
  const withMeta = (op, covers2) => {
    if (op.op === "drop") return { ...op, confidence: CONFIDENCE.drop };
    return { ...op, confidence: opConfidence(covers2, pairInfo), evidence: opEvidence(covers2, pairInfo, source, target) };
  };
  const ops = [];
  const covers = [];
  const push = (op, c) => {
    ops.push(op);
    covers.push(c);
  };
  prefix.ops.forEach((op, i) => push(withMeta(op, prefix.covers[i]), prefix.covers[i]));
  drops.ops.forEach((op, i) => push(withMeta(op, drops.covers[i]), drops.covers[i]));
  rename.ops.forEach((op, i) => push(withMeta(op, rename.covers[i]), rename.covers[i]));
  const fixes = j.tensorFixes.filter((f) => goals.has(f.source));
  if (fixes.length) {
    const namesNow = [];
    for (const v of simulateNames(ops, sourceKeys).values()) if (typeof v === "string") namesNow.push(v);
    for (const { op, covers: c } of findTensorOps(fixes, namesNow, partial)) push(op, c);
  }
  const assumed = [...m.splits.filter((x) => x.assumed).map((x) => x.source), ...m.concats.filter((x) => x.assumed).map((x) => x.target)];
  if (assumed.length > 0) {
    warnings.push(`${assumed.length === 1 ? `\`${assumed[0]}\` is` : `${assumed.length} fused tensors (${templatesText(assumed)}) are`} split or joined with sizes only one side's shapes give (equal parts, or the parts' sum): check them against the model`);
  }
  const ordered = m.splits.filter((x) => x.orderAssumed).map((x) => x.source);
  if (ordered.length > 0) {
    warnings.push(`${ordered.length === 1 ? `\`${ordered[0]}\` is` : `${ordered.length} fused tensors (${templatesText(ordered)}) are`} split in an assumed order (q, k, v first, then the rest in state-dict order): shapes cannot tell it and a strict load passes in any order; check the order against the model's code`);
  }
  const interleaved = /* @__PURE__ */ new Map();
  const noteOn = (whole, how) => {
    const note = joinLayoutNote(whole);
    if (!note) return;
    const id = `${how}\0${note.note}`;
    interleaved.set(id, [...interleaved.get(id) ?? [], whole]);
  };
  for (const c of m.concats) noteOn(c.target, "joined as a plain concatenation");
  for (const x of m.splits) noteOn(x.source, "cut into plain consecutive chunks");
  for (const [id, wholes] of interleaved) {
    const [how, note] = id.split("\0");
    warnings.push(`${wholes.length === 1 ? `\`${wholes[0]}\` is` : `${wholes.length} fused tensors (${templatesText(wholes)}) are`} ${how}, which loads strict=True, but ${note}`);
  }
  const fusedNow = m.splits.length || m.concats.length || m.stacks.length ? simulateNames(ops, sourceKeys) : /* @__PURE__ */ new Map();
  const nameNow = (k) => {
    const v = fusedNow.get(k);
    return typeof v === "string" ? v : current.get(k);
  };
  if (m.splits.length) {
    const names = [];
    for (const v of fusedNow.values()) if (typeof v === "string") names.push(v);
    const cut = splitOps(m.splits.map((s2) => ({ ...s2, key: nameNow(s2.source) })), names);
    cut.ops.forEach((op, i) => push(op, cut.covers[i]));
  }
  const joins = m.concats.map((c) => ({ ...c, keys: c.sources.map(nameNow) }));
  if (m.stacks.length) {
    const names = [];
    for (const v of simulateNames(ops, sourceKeys).values()) if (typeof v === "string") names.push(v);
    const taken = /* @__PURE__ */ new Set([...names, ...target.keys()]);
    const inputs = [];
    for (const s2 of m.stacks) {
      if (!s2.join) {
        inputs.push({ ...s2, keys: s2.sources.map(nameNow) });
        continue;
      }
      const stacked = s2.join.parts.map((p) => {
        const keys = p.map(nameNow);
        const name = withoutStackedIndex(keys, taken);
        taken.add(name);
        inputs.push({ sources: p, keys, target: name, dim: s2.dim, confidence: s2.confidence, evidence: s2.evidence });
        return name;
      });
      joins.push({ sources: s2.sources, keys: stacked, target: s2.target, dim: s2.join.dim, confidence: s2.confidence, evidence: s2.evidence });
    }
    const st = stackOps(inputs, names);
    st.ops.forEach((op, i) => push(op, st.covers[i]));
  }
  if (joins.length) {
    const names = /* @__PURE__ */ new Set();
    for (const v of simulateNames(ops, sourceKeys).values()) if (typeof v === "string") names.add(v);
    const joined = concatOps(joins, [...names], !partial);
    joined.ops.forEach((op, i) => push(op, joined.covers[i]));
  }
  let { mapping, produced, leftover } = settle2(ops, sourceKeys, target);
  if (!m.anotherModel && !partial) {
    const ties = findTies([...target.keys()].filter((t) => !produced.has(t)), produced, target);
    ambiguities.push(...ties.ambiguities);
    if (ties.ops.length) {
      ties.ops.forEach((op, i) => push(op, [ties.covers[i]]));
      ({ mapping, produced, leftover } = settle2(ops, sourceKeys, target));
    }
  }
  if (scope) warnings.push(...scopeWarnings(ops, scope));
  return { ops, covers, mapping, produced, leftover, scope, ambiguities, warnings };
}
function fusedDirection(targets, source) {
  let prefix = targets.length === 1 ? targets[0].slice(0, targets[0].lastIndexOf(".") + 1) : targets[0];
  for (const t of targets.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < t.length && prefix[i] === t[i]) i++;
    prefix = prefix.slice(0, prefix.lastIndexOf(".", i - 1) + 1);
  }
  const segs = source.split(".");
  return prefix + segs.slice(-2).join(".");
}
function withoutStackedIndex(keys, taken) {
  const a = keys[0].split(".");
  const b = keys[1].split(".");
  const at = a.findIndex((seg, i) => seg !== b[i]);
  const segs = a.filter((_, i) => i !== at);
  let name = segs.join(".");
  while (taken.has(name)) {
    segs[segs.length - 1] += "_stacked";
    name = segs.join(".");
  }
  return name;
}
function settle2(ops, sourceKeys, target) {
  const simulated = simulateNames(ops, sourceKeys);
  const mapping = /* @__PURE__ */ Object.create(null);
  const produced = /* @__PURE__ */ new Set();
  const leftover = [];
  for (const s2 of sourceKeys) {
    const v = simulated.get(s2) ?? null;
    mapping[s2] = v;
    if (v === null) continue;
    let hit = false;
    if (typeof v === "string") {
      if (target.has(v)) {
        produced.add(v);
        hit = true;
      }
    } else {
      for (const n of v) {
        if (!target.has(n)) continue;
        produced.add(n);
        hit = true;
      }
    }
    if (!hit) leftover.push(s2);
  }
  return { mapping, produced, leftover };
}

// src/analysis/variant-signs.ts
var TRAINING_TWINS = [
  { re: /^(?:encoder_k|key_encoder|momentum_\w+|\w*encoder_m|\w+_momentum)$/, what: "a momentum (key) encoder", why: "MoCo-style contrastive methods keep a slowly updated copy of the encoder for the keys; only the query encoder is used afterwards" },
  { re: /^(?:teacher|teacher_?\w+|\w+_?teacher)$/i, what: "a teacher network", why: "self-training and distillation keep a teacher beside the student; a release holds the one that is evaluated" },
  { re: /^(?:ema|ema_\w+|\w+_ema)$/, what: "an exponential-moving-average copy", why: "EMA training keeps an averaged copy of the weights beside the raw ones; a release holds one of them" },
  { re: /^target_(?:encoder|net|network|backbone|projector|model)$/, what: "a target network", why: "BYOL- and DQN-style methods keep a target copy updated from the online network; only the online network is used afterwards" }
];
var TRAINING_STATE = /^(?:queue\w*|memory_bank\w*)$/;
var GATED_LAYERS = [
  { plain: "wi", gated: ["wi_0", "wi_1"], setting: "T5's `feed_forward_proj`: 'relu' builds `wi`, 'gated-gelu' (T5 v1.1, mT5, Flan-T5) builds `wi_0`/`wi_1`" }
];
function unwrapped(key) {
  for (const w of WRAPPER_PREFIXES2) if (key.startsWith(w.prefix)) return key.slice(w.prefix.length).split(".");
  return key.split(".");
}
function twinOf(key) {
  const segs = unwrapped(key);
  for (const seg of segs.slice(0, Math.min(2, segs.length - 1))) {
    const t = TRAINING_TWINS.find((r) => r.re.test(seg));
    if (t) return t;
  }
  return null;
}
var isTrainingState = (key) => {
  const segs = unwrapped(key);
  return segs.length <= 2 && TRAINING_STATE.test(segs[segs.length - 1]);
};
function trainingTwinMissing(report) {
  if (report.unexpected.length > 0 || report.sizeMismatch.length > 0) return null;
  const missing = report.missing.filter((k) => !isCounter(k));
  const twins = missing.filter((k) => twinOf(k) !== null);
  if (twins.length === 0 || !missing.every((k) => twinOf(k) !== null || isTrainingState(k))) return null;
  const t = twinOf(twins[0]);
  const state = missing.filter((k) => twinOf(k) === null);
  return {
    code: "training_twin_missing",
    message: `every key the model misses belongs to ${t.what} (${templatesText(twins)})${state.length > 0 ? ` or to training state (${templatesText(state)})` : ""}, and the checkpoint has none of it: ${t.why}, so this file is the released network and the model is the training wrapper around it; no key edit gives the copy. To use the weights, build the network alone and load into it; to resume training, load the full training checkpoint (or initialise the copy from the network, as the method does at its first step)`
  };
}
function half(seg) {
  const m = /^(.*[A-Za-z])_(\d+)$/.exec(seg);
  return m ? { base: m[1], n: m[2] } : null;
}
function gatedPair(report) {
  for (const [side, other, whose] of [[report.unexpected, report.missing, "checkpoint"], [report.missing, report.unexpected, "model"]]) {
    const pairs = /* @__PURE__ */ new Map();
    for (const k of side) {
      const segs = k.split(".");
      const at = segs.findIndex((s2, i) => i < segs.length - 1 && half(s2) !== null && segs.slice(0, i).some(isIndexSegment));
      if (at < 0) continue;
      const h = half(segs[at]);
      const template = [...segs.slice(0, at).map((s2) => isIndexSegment(s2) ? "#" : s2), h.base, ...segs.slice(at + 1)].join(".");
      const e = pairs.get(template) ?? pairs.set(template, { base: h.base, blocks: /* @__PURE__ */ new Map(), keys: [] }).get(template);
      const block = segs.slice(0, at);
      const own = block.filter(isIndexSegment).at(-1) === h.n;
      (e.blocks.get(block.join(".")) ?? e.blocks.set(block.join("."), /* @__PURE__ */ new Set()).get(block.join("."))).add(own ? `own:${h.n}` : h.n);
      e.keys.push(k);
    }
    for (const e of pairs.values()) {
      const ns = new Set([...e.blocks.values()].flatMap((h) => [...h]));
      const halves = [...ns].map((n) => n.replace(/^own:/, ""));
      if (e.blocks.size < 2 || new Set(halves).size !== 2 || !halves.includes("0") || !halves.includes("1") || [...ns].every((n) => n.startsWith("own:"))) continue;
      const base = e.base;
      const at = (k) => k.split(".").indexOf(base);
      const plainThere = other.filter((k) => at(k) >= 0 && at(k) === k.split(".").length - 2);
      const pairThere = other.some((k) => at(k) >= 0 && /^[01]$/.test(k.split(".")[at(k) + 1] ?? ""));
      const halvesThere = other.some((k) => k.split(".").some((s2) => half(s2)?.base === base));
      if (halvesThere || pairThere || other.length > 0 && plainThere.length === 0) continue;
      const row = GATED_LAYERS.find((g) => g.plain === base);
      if (plainThere.length === 0 && !row) continue;
      const otherWhose = whose === "checkpoint" ? "model" : "checkpoint";
      return {
        code: "gated_layers",
        message: `the ${whose} has \`${base}\` as a pair of layers (\`${base}_0\`, \`${base}_1\`) in its blocks (${templatesText(e.keys)}) where the ${otherWhose} has ${plainThere.length > 0 ? `a single \`${base}\`` : "none in the text"}: a gated layer against a plain one, another design of the blocks (another variant or config), not a rename; ${whose === "checkpoint" ? "dropping the pair would discard a trained layer of every block" : "no key of the checkpoint gives the pair"}: build the model with the checkpoint's config${row ? ` (${row.setting})` : ""}; the names alone cannot rule out a refactor: give the checkpoint to confirm (sdmatch explain CHECKPOINT ERROR.txt)`
      };
    }
  }
  return null;
}
function normPackedBeside(stem, single, inside) {
  const leavesOf = (keys, module) => {
    const out = /* @__PURE__ */ new Map();
    for (const k of keys) {
      const m = module(k);
      if (m !== null) (out.get(m) ?? out.set(m, /* @__PURE__ */ new Set()).get(m)).add(k.slice(k.lastIndexOf(".") + 1));
    }
    return out;
  };
  const singleModules = leavesOf(single, (k) => k.split(".").length === 2 && !k.startsWith(`${stem}.`) ? k.split(".")[0] : null);
  const packedLayers = leavesOf(inside, (k) => {
    const segs = unwrapped(k);
    return segs.length === 3 && segs[1] !== "0" ? segs[1] : null;
  });
  const same2 = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
  for (const leaves of packedLayers.values()) {
    if (leaves.size < 2) continue;
    for (const [name, s2] of singleModules) if (same2(s2, leaves)) return name;
  }
  return null;
}
function stemBuiltOtherwise(report) {
  const stemOf = (k) => {
    const segs = unwrapped(k);
    return segs.length >= 2 && STEM_MODULE.test(`${segs[0]}.`) && /conv|stem/.test(segs[0]) ? segs : null;
  };
  for (const [single, packed2, singleWhose] of [[report.unexpected, report.missing, "checkpoint"], [report.missing, report.unexpected, "model"]]) {
    for (const k of single) {
      const segs = stemOf(k);
      if (!segs || segs.length !== 2) continue;
      const inside = packed2.filter((p) => {
        const ps = stemOf(p);
        return ps !== null && ps[0] === segs[0] && ps.length >= 3 && isIndexSegment(ps[1]);
      });
      if (inside.length === 0) continue;
      const packedWhose = singleWhose === "checkpoint" ? "model" : "checkpoint";
      const norm = normPackedBeside(segs[0], single, inside);
      if (norm) {
        return {
          code: "stem_variant",
          undecided: true,
          message: `the first layer \`${segs[0]}\` is a single layer in the ${singleWhose} (\`${k}\`, beside \`${norm}\`) and a block of numbered layers in the ${packedWhose} (${templatesText(inside)}) whose later layer has the very keys of \`${norm}\`: either the same conv and norm packed in a Sequential (a refactor: rename \`${segs[0]}.\` to \`${segs[0]}.0.\` and \`${norm}.\` to its place in the block) or another stem of the architecture; the names cannot tell which: give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) so that shapes decide`
        };
      }
      return {
        code: "stem_variant",
        message: `the first layer \`${segs[0]}\` is a single layer in the ${singleWhose} (\`${k}\`) and a block of numbered layers in the ${packedWhose} (${templatesText(inside)}): the stems are built differently, as an ImageNet ResNet's 7\xD77 conv (with \`bn1\` and a max-pool) and a CIFAR-style 3\xD73 stem are: another variant of the architecture, whose first-layer kernels need not fit even when renamed; build the variant the checkpoint was trained as (or train without its weights); if you know the layers are the same, give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) so that shapes decide`
      };
    }
  }
  return null;
}
function projectionNotClasses(m) {
  const ckpt = m.source[0];
  const model = m.expected[0];
  if (ckpt === void 0 || model === void 0 || !DEFAULT_CLASS_COUNTS.has(ckpt) || DEFAULT_CLASS_COUNTS.has(model)) return false;
  return model >= 256 && (model & model - 1) === 0;
}
function projectionCause(m) {
  return {
    code: "feature_projection",
    undecided: true,
    message: `\`${m.key}\` has ${m.source[0]} outputs in the checkpoint (${DEFAULT_CLASS_COUNTS.get(m.source[0])} classes) and ${m.expected[0]} in the model, a power of two like a feature width: if the model's layer projects to an embedding (as CLIP's image tower ends), the file is the classification fine-tune of the network and dropping the head would leave the projection random: load the network's feature (embedding) release instead, the weights the model was written for; if the model really has ${m.expected[0]} classes, the head is of another class count: leave \`${m.key}\` out (sdmatch plan --drop) and train the model's own; the shapes alone cannot tell which`
  };
}
function twinCopyPrefix(unexpected, missing, missingListCut) {
  if (unexpected.length === 0) return null;
  const first = unexpected[0].split(".")[0];
  const row = TRAINING_TWINS.find((r) => r.re.test(first));
  const prefix = `${first}.`;
  if (!row || !unexpected.every((k) => k.startsWith(prefix) && k.length > prefix.length)) return null;
  const shown = missing.length > 0 ? unexpected.some((k) => missing.includes(k.slice(prefix.length))) : missingListCut;
  if (!shown) return null;
  return {
    prefix,
    who: `${row.what} of a training checkpoint`,
    why: `${row.why}; the model is the network alone and these are its weights under \`${first}\`: strip the prefix to load them (the file's other copy, if any, is left out; to load that one instead, strip its prefix)`
  };
}
function widthChange(sizes) {
  if (sizes.length < 2) return null;
  const pairs = /* @__PURE__ */ new Map();
  for (const m of sizes) {
    if (m.source.length !== m.expected.length || [...m.source].sort().join() === [...m.expected].sort().join()) continue;
    m.source.forEach((a, i) => {
      const b = m.expected[i];
      if (a === b) return;
      const id = `${a}>${b}`;
      const e = pairs.get(id) ?? pairs.set(id, { from: a, to: b, keys: /* @__PURE__ */ new Set(), inputs: 0 }).get(id);
      e.keys.add(m.key);
      if (i > 0) e.inputs += m.source[0] === a && m.expected[0] === b ? 0.5 : 1;
    });
  }
  let best2 = null;
  for (const e of pairs.values()) if (e.inputs >= 1 && e.keys.size >= 2 && (!best2 || e.keys.size > best2.keys.size)) best2 = e;
  return best2 ? { from: best2.from, to: best2.to, keys: [...best2.keys] } : null;
}

// src/analysis/infer/dims.ts
function modelDims(entries) {
  const indices2 = /* @__PURE__ */ new Map();
  const widths = /* @__PURE__ */ new Map();
  for (const { key, shape: shape4 } of entries) {
    let start = key.indexOf(".") + 1;
    while (start > 0) {
      let end = key.indexOf(".", start);
      if (end < 0) end = key.length;
      if (isIndexAt(key, start, end)) {
        const name = key.slice(0, start - 1);
        (indices2.get(name) ?? indices2.set(name, /* @__PURE__ */ new Set()).get(name)).add(Number(key.slice(start, end)));
        break;
      }
      start = end === key.length ? 0 : end + 1;
    }
    if (shape4 && shape4.length === 1 && isWeightOrBias(key)) widths.set(shape4[0], (widths.get(shape4[0]) ?? 0) + 1);
  }
  let stack = null;
  for (const [name, set] of indices2) {
    let max = -1;
    for (const i of set) if (i > max) max = i;
    const layers = max + 1;
    if (set.size === layers && (!stack || layers > stack.layers)) stack = { name, layers };
  }
  let width = null;
  let best2 = 0;
  for (const [w, n] of widths) if (n > best2) [width, best2] = [w, n];
  return { stack, width };
}
function isWeightOrBias(key) {
  const leaf = key.length - (key.endsWith("weight") ? 6 : key.endsWith("bias") ? 4 : key.length + 1);
  return leaf === 0 || leaf > 0 && key.charCodeAt(leaf - 1) === 46;
}
function dimsDiffer(a, b, sizes = []) {
  if (widthIsClassCount(a, b, sizes)) [a, b] = [{ ...a, width: null }, { ...b, width: null }];
  const sameStack = a.stack && b.stack && a.stack.name === b.stack.name;
  const layersDiffer = sameStack && a.stack.layers !== b.stack.layers;
  const widthsDiffer = a.width !== null && b.width !== null && a.width !== b.width;
  if (!layersDiffer && !widthsDiffer) return null;
  const side = (d, first) => {
    const layers = sameStack ? `${d.stack.layers} layers` : null;
    const width = d.width !== null && (widthsDiffer || layersDiffer) ? `width ${d.width}` : null;
    if (first) return [layers, width].filter(Boolean).join(" of ");
    if (layers && width) return `${d.stack.layers} of ${width}`;
    return layers ? String(d.stack.layers) : width;
  };
  return `the checkpoint has ${side(a, true)}; the model ${side(b, false)}`;
}
function widthIsClassCount(a, b, sizes) {
  if (a.width === null || b.width === null || a.width === b.width) return false;
  const shown = sizes.some((m) => m.source.some((s2, i) => s2 === a.width && m.expected[i] === b.width));
  if (!shown) return false;
  const w = widthChange(sizes);
  return !(w && w.from === a.width && w.to === b.width);
}

// src/analysis/infer/stages/explain.ts
function explain(sides, c, m, j, g) {
  const { source, target, sourceKeys } = sides;
  const { ops, mapping, produced, leftover } = g;
  const unmapped = [...target.keys()].filter((t) => !produced.has(t));
  const leftSet = new Set(leftover);
  const unmappedSet = new Set(unmapped);
  const unsizedLive = m.anotherModel ? [] : m.unsizedKeys.filter((u) => leftSet.has(u.whole));
  const ambiguities = [...m.ambiguities, ...g.ambiguities];
  const orderOnly = c.refused.filter((p) => leftSet.has(p.source) && unmappedSet.has(p.target));
  if (orderOnly.length > 0 && !m.anotherModel) {
    ambiguities.push({
      keys: orderOnly.map((p) => p.source).slice(0, 8),
      candidates: orderOnly.map((p) => p.target).slice(0, 8),
      reason: "no shapes to check, and the names do not say these are the same tensors: only their positions would pair them, which is not proposed"
    });
  }
  const fusedWholes = unsizedLive.map((u) => u.whole);
  const explainedByFusion = (a) => a.keys.every((k) => fusedWholes.some((w) => w === k || instantiates(k, w)));
  const similarityTies = m.anotherModel ? [] : [...c.similarityTies, ...m.fusionTies];
  const live = [...ambiguities, ...similarityTies].filter(
    (a) => a.keys.some((k) => leftSet.has(k) || unmappedSet.has(k) || !source.has(k)) && !a.keys.every((k) => produced.has(k)) && !explainedByFusion(a)
  );
  const example = (s2) => {
    const v = mapping[s2];
    return typeof v === "string" ? v : Array.isArray(v) ? v.join(", ") : void 0;
  };
  const causes = explainCauses({
    sourceCount: sourceKeys.length,
    targetCount: target.size,
    ops,
    covers: g.covers,
    exampleOf: example,
    anotherModel: m.anotherModel,
    matched: m.strong,
    sizeMismatches: j.sizeMismatches,
    positionWarnings: j.positionWarnings,
    leftover,
    unmapped,
    ambiguous: live.length,
    unsized: unsizedLive,
    renumbered: m.anotherModel ? renumberedPair(leftover, unmapped) : null,
    partial: sides.options.partial,
    dims: dimsDiffer(
      modelDims(source.values()),
      modelDims(target.values()),
      j.sizeMismatches.flatMap((s2) => s2.sourceShape && s2.targetShape ? [{ key: s2.target, source: s2.sourceShape, expected: s2.targetShape }] : [])
    )
  });
  const cut = c.pairs.filter((p) => p.stage === "cut");
  if (cut.length > 0) causes.unshift(cutCause(cut));
  const fixable = !m.anotherModel && j.sizeMismatches.length === 0 && unsizedLive.length === 0;
  return { ops, mapping, unmapped, leftover, ambiguities: live, warnings: [...j.positionWarnings, ...j.warnings, ...g.warnings], causes, sizeMismatches: j.sizeMismatches, fixable };
}
function cutCause(pairs) {
  const n = cutLength(pairs);
  const ex = pairs.find((p) => p.source.length > 0) ?? pairs[0];
  return {
    code: "cut_keys",
    message: `every checkpoint key is a model key without its first ${n} characters (\`${ex.source}\` is \`${ex.target}\`): the code that saved or loaded it cut ${n} characters from each key (as \`k[${n}:]\` does to remove \`module.\`) although the keys had no such prefix; the renames restore the names, and the cutting code should check the prefix (\`k.removeprefix('module.')\`)`
  };
}

// src/analysis/infer/blob-names.ts
var MIN_BLOB_SHARE = 0.9;
function readBlobNames(source, target) {
  if (source.length === 0 || target.length === 0) return null;
  const segsOf = source.map((e) => blobSegments(e.key));
  const blobs = segsOf.filter((s2) => s2 !== null).length;
  if (blobs < MIN_BLOB_SHARE * source.length || source.some((e) => e.key.includes("."))) return null;
  if (target.filter((e) => blobSegments(e.key) !== null).length >= MIN_BLOB_SHARE * target.length) return null;
  const original = /* @__PURE__ */ new Map();
  const counts2 = /* @__PURE__ */ new Set();
  const leaves = /* @__PURE__ */ new Map();
  const entries = [];
  for (let i = 0; i < source.length; i++) {
    const e = source[i];
    const segs = segsOf[i];
    let name = e.key;
    if (segs) {
      counts2.add(segs.length - 1);
      const leaf = BLOB_LEAVES[segs[segs.length - 1]];
      if (leaf) (leaves.get(leaf) ?? leaves.set(leaf, /* @__PURE__ */ new Set()).get(leaf)).add(segs[segs.length - 1]);
      name = segs.join(".");
      if (leaf) name = name.slice(0, name.lastIndexOf(".") + 1) + leaf;
    }
    if (original.has(name)) return null;
    original.set(name, e.key);
    entries.push({ ...e, key: name });
  }
  const ops = [];
  const evidence3 = (what) => `${blobs} Caffe2-style blob names (underscore-joined, no dot) read as module paths: ${what}`;
  ops.push(...underscoreRenames(counts2, evidence3), ...leafRenames(leaves, evidence3));
  return { entries, ops, original };
}
function underscoreRenames(counts2, evidence3) {
  return [...counts2].sort((a, b) => a - b).map((n) => ({
    op: "rename",
    pattern: `^${Array.from({ length: n + 1 }, () => "([^_.]+)").join("_")}$`,
    replacement: Array.from({ length: n + 1 }, (_, i) => `$${i + 1}`).join("."),
    confidence: CONFIDENCE.blobNames,
    evidence: evidence3(`${n} underscore${n === 1 ? "" : "s"}`)
  }));
}
function leafRenames(leaves, evidence3) {
  return [...leaves].map(([leaf, names]) => {
    const alts = [...names].sort().map(escapeRegex);
    return { op: "rename", pattern: `\\.${alts.length === 1 ? alts[0] : `(?:${alts.join("|")})`}$`, replacement: `.${leaf}`, confidence: CONFIDENCE.blobNames, evidence: evidence3(`${alts.join("/")} is ${leaf}`) };
  });
}

// src/analysis/infer/scope-paths.ts
var INDEXED_SCOPE = TF_INDEXED_SCOPE;
var INDEXED_SCOPE_SOURCE = TF_INDEXED_SCOPE.source.slice(1, -1).replace("_(\\d+)", "_0*(\\d+)");
var PLAIN_SCOPE_SOURCE = "([^/]+)";
function dottedScopePath(key) {
  return tfPathSegments(key)?.join(".") ?? key;
}
function readScopePaths(source, target) {
  if (source.length === 0 || target.length === 0) return null;
  let slashed = 0;
  for (const e of source) {
    if (e.key.includes(".")) return null;
    if (e.key.includes("/")) slashed++;
  }
  if (slashed * 2 < source.length) return null;
  if (target.some((e) => e.key.includes("/")) || !target.some((e) => e.key.includes("."))) return null;
  const dotted = /* @__PURE__ */ new Map();
  const original = /* @__PURE__ */ new Map();
  const layouts = /* @__PURE__ */ new Map();
  for (const { key } of source) {
    const d = key.includes("/") ? dottedScopePath(key) : key;
    const prior = original.get(d);
    if (prior !== void 0 && prior !== key) return null;
    dotted.set(key, d);
    original.set(d, key);
    if (!key.includes("/")) continue;
    const kinds = key.split("/").map((s2) => INDEXED_SCOPE.test(s2) ? "i" : "p").join("");
    layouts.set(kinds, (layouts.get(kinds) ?? 0) + 1);
  }
  const order = [...layouts.keys()].sort((a, b) => count(b, "i") - count(a, "i") || b.length - a.length || (a < b ? -1 : 1));
  const ops = order.map((kinds) => {
    let group = 0;
    const parts = [];
    const repl = [];
    for (const k of kinds) {
      if (k === "i") {
        parts.push(INDEXED_SCOPE_SOURCE);
        repl.push(`$${++group}.$${++group}`);
      } else {
        parts.push(PLAIN_SCOPE_SOURCE);
        repl.push(`$${++group}`);
      }
    }
    const n = layouts.get(kinds);
    return {
      op: "rename",
      pattern: `^${parts.join("/")}$`,
      replacement: repl.join("."),
      confidence: 1,
      evidence: `${n} TensorFlow scope path${n === 1 ? "" : "s"} of ${kinds.length} scopes read as a state_dict key: \`/\` \u2192 \`.\`, \`name_NNN\` \u2192 \`name.N\``
    };
  });
  const setAside = [];
  for (const { key } of source) {
    const rule = OPTIMIZER_STATE.find((r) => r.pattern.test(key));
    if (rule) setAside.push({ key: dotted.get(key), reason: `${rule.what}: ${rule.why}` });
  }
  const entries = source.map((e) => ({ ...e, key: dotted.get(e.key) }));
  return { entries, dotted, original, ops, setAside, tfLayout: true };
}
function count(s2, c) {
  let n = 0;
  for (const x of s2) if (x === c) n++;
  return n;
}

// src/analysis/infer/index.ts
function inferPlan(input) {
  const reading = (input.options?.partial ? null : readScopePaths(input.source, input.target)) ?? readBlobNames(input.source, input.target);
  if (!reading) return inferStages(input, false);
  const toPath = new Map([...reading.original].map(([path, blob]) => [blob, path]));
  const o = input.options;
  const hinted = (o?.drops ?? []).map((d) => ({ ...d, key: toPath.get(d.key) ?? d.key }));
  const seen = new Set(hinted.map((d) => d.key));
  const drops = [...hinted, ...(reading.setAside ?? []).filter((d) => !seen.has(d.key))];
  const result = inferStages(
    {
      ...input,
      source: reading.entries,
      options: {
        ...o,
        ...drops.length > 0 && { drops },
        ...o?.neverDrop && { neverDrop: o.neverDrop.map((k) => toPath.get(k) ?? k) }
      }
    },
    reading.tfLayout ?? false
  );
  return restoreBlobNames(result, reading);
}
function restoreBlobNames(r, blobs) {
  const back = (k) => blobs.original.get(k) ?? k;
  const mapping = /* @__PURE__ */ Object.create(null);
  for (const [k, v] of Object.entries(r.mapping)) mapping[back(k)] = v;
  return {
    ...r,
    ops: [...blobs.ops, ...r.ops],
    mapping,
    leftover: r.leftover.map(back),
    ambiguities: r.ambiguities.map((a) => ({ ...a, keys: a.keys.map(back), candidates: a.candidates.map(back) })),
    sizeMismatches: r.sizeMismatches.map((m) => ({ ...m, source: back(m.source) }))
  };
}
function inferStages(input, tfLayout) {
  const source = locate(input.source);
  const target = locate(input.target);
  const sides = {
    source,
    target,
    sourceKeys: input.source.map((e) => e.key).filter((k, i) => source.get(k).pos === i),
    complete: input.source.every((e) => e.shape !== null) && input.target.every((e) => e.shape !== null),
    tfLayout,
    options: {
      minConfidence: input.options?.minConfidence ?? 0,
      partial: input.options?.partial ?? false,
      cut: input.options?.cut ?? false,
      drops: (input.options?.drops ?? []).filter((d) => source.has(d.key)),
      keepMissing: new Set((input.options?.keepMissing ?? []).filter((k) => target.has(k))),
      neverDrop: new Set(input.options?.neverDrop ?? [])
    }
  };
  const corresponding = correspond(sides);
  const matched = fuse(sides, corresponding);
  const judged = judgeShapes(sides, matched);
  const generalised = generalise(sides, matched, judged);
  return explain(sides, corresponding, matched, judged, generalised);
}

// src/plan/source-identity.ts
import { closeSync as closeSync2, fstatSync as fstatSync2, openSync as openSync2 } from "node:fs";
var IDENTITY_FIELDS = ["device", "inode", "size", "mtimeNs", "ctimeNs"];
function identityOf(st) {
  return { device: String(st.dev), inode: String(st.ino), size: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) };
}
function sameIdentity(a, b) {
  return IDENTITY_FIELDS.every((f) => a[f] === b[f]);
}
function identityHolds(file, recorded) {
  if (!recorded) return false;
  let fd;
  try {
    fd = openSync2(file, "r");
  } catch {
    return false;
  }
  try {
    return sameIdentity(identityOf(fstatSync2(fd, { bigint: true })), recorded);
  } finally {
    closeSync2(fd);
  }
}

// src/plan/types.ts
var PLAN_SOURCE_KINDS = ["checkpoint", "manifest", "key-list", "error-text"];
function planSourceKind(plan2) {
  return plan2.source.kind ?? "checkpoint";
}

// src/plan/schema.ts
var PLAN_FORMAT = "sdmatch-plan";
var PLAN_VERSION = 3;
var PLAN_VERSIONS = [1, 2, 3];
var confidence2 = { type: "number", minimum: 0, maximum: 1, description: "how sure inference is (0..1)" };
var evidence2 = { type: "string", description: "what the op rests on, in words" };
var regex = { type: "string", minLength: 1, description: "regex in the common subset of JavaScript and Python re" };
var keyName = { type: "string", minLength: 1 };
function opSchema(name, description, properties, required) {
  return {
    type: "object",
    description,
    additionalProperties: false,
    required: ["op", ...required],
    properties: { op: { const: name }, ...properties }
  };
}
var keyOrPattern = { oneOf: [{ required: ["key"] }, { required: ["pattern"] }] };
var planJsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/sdmatch/sdmatch/schemas/plan.schema.json",
  title: "sdmatch remap plan",
  description: "How a checkpoint's tensors map onto the keys a model expects. `ops` apply in order, each to the keys as earlier ops left them, and each must match at least one key; `mapping` is their result key by key.",
  type: "object",
  additionalProperties: false,
  required: ["format", "version", "source", "target", "ops", "mapping", "unmapped"],
  properties: {
    format: { const: PLAN_FORMAT },
    version: { enum: [...PLAN_VERSIONS], description: "3 (written now); 2 and 1 are still read: 2 has no concat by pattern or reshape by trailing 1s, 1 also no copy, stack, split by pattern or index arithmetic" },
    source: {
      type: "object",
      additionalProperties: false,
      required: ["file", "size", "sha256", "select"],
      properties: {
        file: { type: "string" },
        size: { type: "integer", minimum: 0 },
        sha256: { type: "string", pattern: "^([0-9a-f]{64})?$", description: "hex digest of the source checkpoint; empty when unknown, and for the other kinds (they name no checkpoint bytes)" },
        entriesSha256: {
          type: "string",
          pattern: "^[0-9a-f]{64}$",
          description: "for a zip checkpoint (torch.save, TorchScript): sha256 over each entry's name, method, sizes and CRC-32 as its central directory lists them. It identifies the bytes without reading them, so apply checks it instead of sha256 (--full-hash checks sha256 as well)"
        },
        identity: {
          type: "object",
          additionalProperties: false,
          required: ["device", "inode", "size", "mtimeNs", "ctimeNs"],
          description: "the source file's device, inode, size, mtime and ctime (nanoseconds) when plan hashed it, read by fstat of the hashing descriptor before and after (absent if they differed, for several files, and for a file written just before). Every write updates ctime, which user space cannot set: apply skips re-reading a source with all five unchanged (--full-hash re-reads it anyway); another identity means the full sha256 check. Needs sha256; optional, so no version bump",
          properties: {
            device: { type: "string", pattern: "^[0-9]{1,20}$" },
            inode: { type: "string", pattern: "^[0-9]{1,20}$" },
            size: { type: "integer", minimum: 0, description: "equals source.size" },
            mtimeNs: { type: "string", pattern: "^[0-9]{1,20}$" },
            ctimeNs: { type: "string", pattern: "^[0-9]{1,20}$" }
          }
        },
        select: { type: "array", items: { type: ["string", "integer"] }, description: "path to the state dict inside the file" },
        keySet: {
          type: "object",
          additionalProperties: false,
          required: ["count", "sha256"],
          description: `the selected state dict's key names, shapes and dtypes: sha256 over one JSON line ["name",[shape],"dtype"] per key, sorted by name. apply accepts any checkpoint whose selected state dict has this key set (another snapshot of the same run) without --force`,
          properties: { count: { type: "integer", minimum: 0 }, sha256: { type: "string", pattern: "^[0-9a-f]{64}$" } }
        },
        kind: {
          enum: [...PLAN_SOURCE_KINDS],
          description: "what the plan was made from (absent: checkpoint). apply checks a checkpoint's size and entriesSha256 or sha256; for a plan made from a manifest, a key list or an error text it checks only that the checkpoint's state dict holds exactly the keys of the mapping"
        }
      }
    },
    target: {
      type: "object",
      additionalProperties: false,
      required: ["file", "keys"],
      properties: { file: { type: "string" }, keys: { type: "integer", minimum: 0 } }
    },
    ops: {
      type: "array",
      items: {
        oneOf: [
          opSchema("strip_prefix", "keys starting with prefix lose it", { prefix: { type: "string", minLength: 1 }, confidence: confidence2, evidence: evidence2 }, ["prefix"]),
          opSchema("add_prefix", "every key gets prefix (use rename with ^ for part of the keys)", { prefix: { type: "string", minLength: 1 }, confidence: confidence2, evidence: evidence2 }, ["prefix"]),
          opSchema("rename", "the first match of pattern is replaced; $1 is group 1, $$ a literal $; version 2: ${1+1}, ${1//3}, ${1%3} do index arithmetic on a group (steps left to right, Python floor division and modulo)", { pattern: regex, replacement: { type: "string" }, confidence: confidence2, evidence: evidence2 }, ["pattern", "replacement"]),
          opSchema("drop", "keys matching pattern are removed", { pattern: regex, reason: { type: "string" }, confidence: confidence2 }, ["pattern", "reason"]),
          {
            ...opSchema(
              "transpose",
              "permute the dims of one tensor (key) or of every tensor a regex matches (pattern), named as they are at this point",
              { key: keyName, pattern: regex, dims: { type: "array", items: { type: "integer", minimum: 0 }, minItems: 2 }, confidence: confidence2, evidence: evidence2 },
              ["dims"]
            ),
            ...keyOrPattern
          },
          {
            ...opSchema(
              "reshape",
              "give one tensor (key) or every tensor a regex matches (pattern) another shape with the same number of elements (unsqueeze, squeeze, 1\xD71 conv \u2194 linear): one exact shape, or (version 3) each tensor's own shape with addTrailingOnes dims of size 1 appended ([o, i] \u2192 [o, i, 1, 1]) or removeTrailingOnes of its last dims, each 1, removed",
              {
                key: keyName,
                pattern: regex,
                shape: { type: "array", items: { type: "integer", minimum: 0 }, maxItems: 64 },
                addTrailingOnes: { type: "integer", minimum: 1, maximum: 63, description: "dims of size 1 appended to each tensor's own shape (linear \u2192 1\xD71 conv: 2)" },
                removeTrailingOnes: { type: "integer", minimum: 1, maximum: 63, description: "last dims of each tensor, each of size 1, removed (1\xD71 conv \u2192 linear: 2)" },
                confidence: confidence2,
                evidence: evidence2
              },
              []
            ),
            ...keyOrPattern,
            // exactly one of shape / addTrailingOnes / removeTrailingOnes (oneOf is taken by key/pattern)
            anyOf: [{ required: ["shape"] }, { required: ["addTrailingOnes"] }, { required: ["removeTrailingOnes"] }],
            not: { anyOf: [{ required: ["shape", "addTrailingOnes"] }, { required: ["shape", "removeTrailingOnes"] }, { required: ["addTrailingOnes", "removeTrailingOnes"] }] }
          },
          {
            ...opSchema(
              "split",
              "cut one tensor (key) along dim into targets with sizes along dim; all sizes 1 removes the dim. Version 2: or every tensor a regex matches (pattern), each target then a replacement ($1, ${1+1}) expanded with that key's match into the whole new key",
              { key: keyName, pattern: regex, dim: { type: "integer", minimum: 0 }, targets: { type: "array", items: keyName, minItems: 2 }, sizes: { type: "array", items: { type: "integer", minimum: 1 }, minItems: 2 }, confidence: confidence2, evidence: evidence2 },
              ["dim", "targets", "sizes"]
            ),
            ...keyOrPattern
          },
          {
            ...opSchema(
              "concat",
              "join tensors along dim into target: the exact keys, in the order given; or (version 3) every key a regex matches (pattern), grouped by target expanded with each key's match ($1, ${1+1}), each group joined in the order parts lists the text of capture group part (q_proj, k_proj, v_proj) and holding each part exactly once",
              {
                keys: { type: "array", items: keyName, minItems: 2 },
                pattern: regex,
                part: { type: "integer", minimum: 1, description: "the capture group of pattern whose text names the part" },
                parts: { type: "array", items: keyName, minItems: 2, description: "the texts of group part, each once, in the order they are joined" },
                dim: { type: "integer", minimum: 0 },
                target: keyName,
                confidence: confidence2,
                evidence: evidence2
              },
              ["dim", "target"]
            ),
            oneOf: [{ required: ["keys"] }, { required: ["pattern", "part", "parts"] }]
          },
          opSchema(
            "stack",
            "version 2: the keys pattern matches, grouped by target expanded with each key's match, each group stacked along a new dimension dim in the order of capture group index (0, 1, \u2026, n\u22121)",
            { pattern: regex, index: { type: "integer", minimum: 1 }, dim: { type: "integer", minimum: 0 }, target: keyName, confidence: confidence2, evidence: evidence2 },
            ["pattern", "index", "dim", "target"]
          ),
          opSchema("copy", "version 2: store the tensor key also as target, sharing its storage (a weight the model ties, e.g. lm_head.weight to the embeddings)", { key: keyName, target: keyName, confidence: confidence2, evidence: evidence2 }, ["key", "target"])
        ]
      }
    },
    mapping: {
      type: "object",
      description: "every source key \u2192 its final key, its final keys (split), or null (dropped); keys the target does not expect keep the name the ops give them",
      additionalProperties: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }, { type: "null" }] }
    },
    unmapped: { type: "array", items: { type: "string" }, description: "derived from the ops: target keys left without a source; they will be missing" },
    unexpected: { type: "array", items: { type: "string" }, description: "derived from the ops: keys they produce that the target does not expect" },
    keepMissing: { type: "array", items: regex, description: "regexes over target keys the model initialises itself (a new head): missing on purpose; sdmatch plan check accepts them" }
  }
};
function makePlan(source, target, result) {
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    source: {
      file: source.file,
      size: source.size,
      sha256: source.sha256,
      ...source.entriesSha256 !== void 0 ? { entriesSha256: source.entriesSha256 } : {},
      ...source.identity !== void 0 ? { identity: { ...source.identity } } : {},
      select: [...source.select],
      ...source.kind !== void 0 ? { kind: source.kind } : {},
      ...source.keySet !== void 0 ? { keySet: { ...source.keySet } } : {}
    },
    target: { file: target.file, keys: target.keys },
    ops: result.ops,
    mapping: result.mapping,
    unmapped: result.unmapped,
    ...result.unexpected !== void 0 ? { unexpected: result.unexpected } : {},
    ...result.keepMissing !== void 0 && result.keepMissing.length > 0 ? { keepMissing: result.keepMissing } : {}
  };
}

// src/plan/validate.ts
var ARTICLE = { manifest: "a manifest", "key-list": "a key list", "error-text": "an error text" };
var Reader2 = class {
  constructor(file) {
    this.file = file;
  }
  fail(path, message) {
    throw new FormatError(this.file, path ? `${path}: ${message}` : message);
  }
  object(v, path) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(path, `expected an object, got ${kind(v)}`);
    return v;
  }
  onlyFields(o, path, allowed) {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(path, `unknown field '${k}' (allowed: ${allowed.join(", ")})`);
  }
  string(o, field, path, nonEmpty = false) {
    const v = o[field];
    if (typeof v !== "string") this.fail(`${path}.${field}`, v === void 0 ? "missing" : `expected a string, got ${kind(v)}`);
    if (nonEmpty && v.length === 0) this.fail(`${path}.${field}`, "must not be empty");
    return v;
  }
  integer(o, field, path, min = 0) {
    const v = o[field];
    if (typeof v !== "number" || !Number.isSafeInteger(v)) this.fail(`${path}.${field}`, v === void 0 ? "missing" : `expected an integer, got ${kind(v)}`);
    if (v < min) this.fail(`${path}.${field}`, `must be at least ${min}, got ${v}`);
    return v;
  }
  array(o, field, path) {
    const v = o[field];
    if (!Array.isArray(v)) this.fail(`${path}.${field}`, v === void 0 ? "missing" : `expected an array, got ${kind(v)}`);
    return v;
  }
  strings(o, field, path, min = 0) {
    const a = this.array(o, field, path);
    if (a.length < min) this.fail(`${path}.${field}`, `needs at least ${min} entries, got ${a.length}`);
    return a.map((x, i) => {
      if (typeof x !== "string" || x.length === 0) this.fail(`${path}.${field}[${i}]`, `expected a non-empty string, got ${kind(x)}`);
      return x;
    });
  }
  integers(o, field, path, min, minItems) {
    const a = this.array(o, field, path);
    if (a.length < minItems) this.fail(`${path}.${field}`, `needs at least ${minItems} entries, got ${a.length}`);
    return a.map((x, i) => {
      if (typeof x !== "number" || !Number.isSafeInteger(x) || x < min) this.fail(`${path}.${field}[${i}]`, `expected an integer \u2265 ${min}, got ${kind(x)}`);
      return x;
    });
  }
  optionalConfidence(o, path) {
    const v = o.confidence;
    if (v === void 0) return {};
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) this.fail(`${path}.confidence`, `expected a number in [0, 1], got ${kind(v)}`);
    return { confidence: v };
  }
  optionalEvidence(o, path) {
    if (o.evidence === void 0) return {};
    return { evidence: this.string(o, "evidence", path) };
  }
  regex(o, field, path) {
    const p = this.string(o, field, path, true);
    const problem = regexProblem(p);
    if (problem) this.fail(`${path}.${field}`, problem);
    return p;
  }
};
function kind(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `"${v.length > 40 ? `${v.slice(0, 40)}\u2026` : v}"`;
  if (typeof v === "number") return String(v);
  return typeof v === "object" ? "an object" : typeof v;
}
var META = ["confidence", "evidence"];
var RESHAPE_FORMS = ["shape", "addTrailingOnes", "removeTrailingOnes"];
var MAX_RANK = 64;
function readSelector(r, o, path) {
  const hasKey = o.key !== void 0;
  const hasPattern = o.pattern !== void 0;
  if (hasKey === hasPattern) r.fail(path, hasKey ? "give either 'key' or 'pattern', not both" : "needs 'key' (one tensor) or 'pattern' (a regex over keys)");
  return hasKey ? { key: r.string(o, "key", path, true) } : { pattern: r.regex(o, "pattern", path) };
}
function readOp(r, raw, path) {
  const o = r.object(raw, path);
  const op = o.op;
  if (typeof op !== "string" || !OP_KINDS.includes(op)) r.fail(`${path}.op`, `expected one of ${OP_KINDS.join(", ")}, got ${kind(op)}`);
  const meta = () => ({ ...r.optionalConfidence(o, path), ...r.optionalEvidence(o, path) });
  switch (op) {
    case "strip_prefix":
    case "add_prefix": {
      r.onlyFields(o, path, ["op", "prefix", ...META]);
      return { op, prefix: r.string(o, "prefix", path, true), ...meta() };
    }
    case "rename": {
      r.onlyFields(o, path, ["op", "pattern", "replacement", ...META]);
      const pattern = r.regex(o, "pattern", path);
      const replacement = r.string(o, "replacement", path);
      const problem = replacementProblem(replacement, groupCount(pattern));
      if (problem) r.fail(`${path}.replacement`, problem);
      return { op: "rename", pattern, replacement, ...meta() };
    }
    case "drop": {
      r.onlyFields(o, path, ["op", "pattern", "reason", "confidence"]);
      return { op: "drop", pattern: r.regex(o, "pattern", path), reason: r.string(o, "reason", path), ...r.optionalConfidence(o, path) };
    }
    case "transpose": {
      r.onlyFields(o, path, ["op", "key", "pattern", "dims", ...META]);
      const selector = readSelector(r, o, path);
      const dims = r.integers(o, "dims", path, 0, 2);
      const sorted = [...dims].sort((a, b) => a - b);
      if (!sorted.every((d, i) => d === i)) r.fail(`${path}.dims`, `[${dims.join(", ")}] is not a permutation of 0..${dims.length - 1}`);
      return { op: "transpose", ...selector, dims, ...meta() };
    }
    case "reshape": {
      r.onlyFields(o, path, ["op", "key", "pattern", "shape", "addTrailingOnes", "removeTrailingOnes", ...META]);
      const selector = readSelector(r, o, path);
      const given = RESHAPE_FORMS.filter((f) => o[f] !== void 0);
      if (given.length !== 1) r.fail(path, given.length ? `a reshape gives one of ${RESHAPE_FORMS.join(", ")}, not ${given.join(" and ")}` : `a reshape needs 'shape' (one exact shape) or 'addTrailingOnes' / 'removeTrailingOnes' (dims of size 1 at the end of each tensor's own shape)`);
      if (given[0] !== "shape") {
        const n = r.integer(o, given[0], path, 1);
        if (n >= MAX_RANK) r.fail(`${path}.${given[0]}`, `${n} dimensions; at most ${MAX_RANK - 1}`);
        return { op: "reshape", ...selector, ...given[0] === "addTrailingOnes" ? { addTrailingOnes: n } : { removeTrailingOnes: n }, ...meta() };
      }
      const shape4 = r.integers(o, "shape", path, 0, 0);
      if (shape4.length > MAX_RANK) r.fail(`${path}.shape`, `${shape4.length} dimensions; at most ${MAX_RANK}`);
      return { op: "reshape", ...selector, shape: shape4, ...meta() };
    }
    case "split": {
      r.onlyFields(o, path, ["op", "key", "pattern", "dim", "targets", "sizes", ...META]);
      const selector = readSelector(r, o, path);
      const dim = r.integer(o, "dim", path);
      const targets = r.strings(o, "targets", path, 2);
      const sizes = r.integers(o, "sizes", path, 1, 2);
      if (sizes.length !== targets.length) r.fail(`${path}.sizes`, `${sizes.length} sizes for ${targets.length} targets`);
      if (selector.pattern !== void 0) {
        const groups = groupCount(selector.pattern);
        targets.forEach((t, i) => {
          const problem = replacementProblem(t, groups);
          if (problem) r.fail(`${path}.targets[${i}]`, problem);
        });
      }
      return { op: "split", ...selector, dim, targets, sizes, ...meta() };
    }
    case "stack": {
      r.onlyFields(o, path, ["op", "pattern", "index", "dim", "target", ...META]);
      const pattern = r.regex(o, "pattern", path);
      const groups = groupCount(pattern);
      const index2 = r.integer(o, "index", path, 1);
      if (index2 > groups) r.fail(`${path}.index`, `group ${index2} but the pattern has ${groups} group(s)`);
      const target = r.string(o, "target", path, true);
      const problem = replacementProblem(target, groups);
      if (problem) r.fail(`${path}.target`, problem);
      return { op: "stack", pattern, index: index2, dim: r.integer(o, "dim", path), target, ...meta() };
    }
    case "copy": {
      r.onlyFields(o, path, ["op", "key", "target", ...META]);
      return { op: "copy", key: r.string(o, "key", path, true), target: r.string(o, "target", path, true), ...meta() };
    }
    case "concat": {
      r.onlyFields(o, path, ["op", "keys", "pattern", "part", "parts", "dim", "target", ...META]);
      const hasKeys = o.keys !== void 0;
      const byPattern = o.pattern !== void 0 || o.part !== void 0 || o.parts !== void 0;
      if (hasKeys === byPattern) r.fail(path, hasKeys ? "a concat names either 'keys' or 'pattern' with 'part' and 'parts', not both" : "a concat needs 'keys' (exact keys) or 'pattern', 'part' and 'parts' (every key a regex matches)");
      const dim = r.integer(o, "dim", path);
      const target = r.string(o, "target", path, true);
      if (hasKeys) return { op: "concat", keys: r.strings(o, "keys", path, 2), dim, target, ...meta() };
      const pattern = r.regex(o, "pattern", path);
      const groups = groupCount(pattern);
      const part = r.integer(o, "part", path, 1);
      if (part > groups) r.fail(`${path}.part`, `group ${part} but the pattern has ${groups} group(s)`);
      const parts = r.strings(o, "parts", path, 2);
      const twice = parts.find((x, i) => parts.indexOf(x) !== i);
      if (twice !== void 0) r.fail(`${path}.parts`, `'${twice}' is listed twice: each part is joined once`);
      const problem = replacementProblem(target, groups);
      if (problem) r.fail(`${path}.target`, problem);
      return { op: "concat", pattern, part, parts, dim, target, ...meta() };
    }
  }
}
function validatePlan(json, file) {
  const r = new Reader2(file);
  const o = r.object(json, "");
  r.onlyFields(o, "", ["format", "version", "source", "target", "ops", "mapping", "unmapped", "unexpected", "keepMissing"]);
  if (o.format !== PLAN_FORMAT) r.fail("format", `expected "${PLAN_FORMAT}", got ${kind(o.format)}`);
  if (!PLAN_VERSIONS.includes(o.version)) r.fail("version", `this sdmatch reads versions ${PLAN_VERSIONS.slice(0, -1).join(", ")} and ${PLAN_VERSIONS.at(-1)}, got ${kind(o.version)}`);
  const version = o.version;
  const so = r.object(o.source, "source");
  r.onlyFields(so, "source", ["file", "size", "sha256", "entriesSha256", "identity", "select", "kind", "keySet"]);
  const sha256 = r.string(so, "sha256", "source");
  if (!/^([0-9a-f]{64})?$/.test(sha256)) r.fail("source.sha256", "expected 64 lowercase hex digits (or empty)");
  let entriesSha256;
  if (so.entriesSha256 !== void 0) {
    entriesSha256 = r.string(so, "entriesSha256", "source");
    if (!/^[0-9a-f]{64}$/.test(entriesSha256)) r.fail("source.entriesSha256", "expected 64 lowercase hex digits");
  }
  let sourceKind;
  if (so.kind !== void 0) {
    if (!PLAN_SOURCE_KINDS.includes(so.kind)) r.fail("source.kind", `expected one of ${PLAN_SOURCE_KINDS.join(", ")}, got ${kind(so.kind)}`);
    sourceKind = so.kind;
    if (sourceKind !== "checkpoint" && sha256 !== "") r.fail("source.sha256", `a plan made from ${ARTICLE[sourceKind]} records no digest (apply checks the checkpoint's keys instead): leave it empty`);
    if (sourceKind !== "checkpoint" && entriesSha256 !== void 0) r.fail("source.entriesSha256", `a plan made from ${ARTICLE[sourceKind]} records no digest (apply checks the checkpoint's keys instead): leave it out`);
  }
  const select = r.array(so, "select", "source").map((x, i) => {
    if (typeof x === "string" || typeof x === "number" && Number.isSafeInteger(x) && x >= 0) return x;
    return r.fail(`source.select[${i}]`, `expected a string or an index, got ${kind(x)}`);
  });
  const size = r.integer(so, "size", "source");
  const source = {
    file: r.string(so, "file", "source"),
    size,
    sha256,
    ...entriesSha256 !== void 0 ? { entriesSha256 } : {},
    ...so.identity !== void 0 ? { identity: readIdentity(r, so.identity, sha256, size) } : {},
    select,
    ...sourceKind !== void 0 ? { kind: sourceKind } : {},
    ...so.keySet !== void 0 ? { keySet: readKeySet(r, so.keySet) } : {}
  };
  const to = r.object(o.target, "target");
  r.onlyFields(to, "target", ["file", "keys"]);
  const target = { file: r.string(to, "file", "target"), keys: r.integer(to, "keys", "target") };
  const ops = r.array(o, "ops", "").map((x, i) => readOp(r, x, `ops[${i}]`));
  if (version < 3) {
    ops.forEach((op, i) => {
      if (op.op === "concat" && op.pattern !== void 0) r.fail(`ops[${i}].pattern`, `a concat by pattern needs plan version 3 (this plan says version ${version})`);
      if (op.op === "reshape" && op.shape === void 0) {
        r.fail(`ops[${i}].${op.addTrailingOnes !== void 0 ? "addTrailingOnes" : "removeTrailingOnes"}`, `a reshape by trailing 1s needs plan version 3 (this plan says version ${version})`);
      }
    });
  }
  if (version === 1) {
    ops.forEach((op, i) => {
      if (op.op === "copy" || op.op === "stack") r.fail(`ops[${i}].op`, `'${op.op}' needs plan version 2`);
      if (op.op === "rename" && hasArithmetic(op.replacement)) r.fail(`ops[${i}].replacement`, "index arithmetic (${\u2026}) needs plan version 2");
      if (op.op === "split" && op.pattern !== void 0) r.fail(`ops[${i}].pattern`, "a split by pattern needs plan version 2");
    });
  }
  const mo = r.object(o.mapping, "mapping");
  const mapping = /* @__PURE__ */ Object.create(null);
  for (const [k, v] of Object.entries(mo)) {
    const path = `mapping[${JSON.stringify(k)}]`;
    if (v === null || typeof v === "string") mapping[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "string")) mapping[k] = v;
    else r.fail(path, `expected a key, a list of keys or null, got ${kind(v)}`);
  }
  const keyList = (field) => r.array(o, field, "").map((x, i) => {
    if (typeof x !== "string") return r.fail(`${field}[${i}]`, `expected a string, got ${kind(x)}`);
    return x;
  });
  const unmapped = keyList("unmapped");
  const unexpected = o.unexpected !== void 0 ? keyList("unexpected") : void 0;
  const keepMissing = o.keepMissing !== void 0 ? r.array(o, "keepMissing", "").map((_, i) => r.regex(o.keepMissing, String(i), "keepMissing")) : void 0;
  return { format: PLAN_FORMAT, version, source, target, ops, mapping, unmapped, ...unexpected ? { unexpected } : {}, ...keepMissing ? { keepMissing } : {} };
}
function readKeySet(r, raw) {
  const o = r.object(raw, "source.keySet");
  r.onlyFields(o, "source.keySet", ["count", "sha256"]);
  const sha256 = r.string(o, "sha256", "source.keySet");
  if (!/^[0-9a-f]{64}$/.test(sha256)) r.fail("source.keySet.sha256", "expected 64 lowercase hex digits");
  return { count: r.integer(o, "count", "source.keySet"), sha256 };
}
function readIdentity(r, raw, sha256, size) {
  const o = r.object(raw, "source.identity");
  r.onlyFields(o, "source.identity", IDENTITY_FIELDS);
  if (sha256 === "") r.fail("source.identity", "says the file is unchanged since its sha256 was computed, but source.sha256 is empty: remove it (or record the sha256)");
  const decimal = (field) => {
    const v = r.string(o, field, "source.identity");
    if (!/^[0-9]{1,20}$/.test(v)) r.fail(`source.identity.${field}`, `expected a decimal integer as a string, got ${kind(v)}`);
    return v;
  };
  const identity = { device: decimal("device"), inode: decimal("inode"), size: r.integer(o, "size", "source.identity"), mtimeNs: decimal("mtimeNs"), ctimeNs: decimal("ctimeNs") };
  if (identity.size !== size) r.fail("source.identity.size", `is ${identity.size}, but source.size is ${size}: they describe the same file`);
  return identity;
}
function show(v) {
  if (v === void 0) return "nothing";
  if (v === null) return "dropped";
  return Array.isArray(v) ? `[${v.map((x) => `'${x}'`).join(", ")}]` : `'${v}'`;
}
function sameValue(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
function checkPlanConsistency(plan2, sourceKeys) {
  const { mapping, errors } = applyOpsToKeys(plan2.ops, sourceKeys);
  const problems = [...errors];
  const planned = new Map(Object.entries(plan2.mapping));
  for (const e of sourceKeys) {
    const want = planned.get(e.key);
    const got = mapping[e.key];
    if (want === void 0) problems.push(`mapping has no entry for source key '${e.key}' (ops give ${show(got)})`);
    else if (!sameValue(want, got)) problems.push(`mapping['${e.key}']: the plan says ${show(want)} but the ops give ${show(got)}`);
    planned.delete(e.key);
  }
  for (const k of planned.keys()) problems.push(`mapping names '${k}', which is not a key of the source`);
  const produced = /* @__PURE__ */ new Set();
  for (const v of Object.values(mapping)) {
    if (typeof v === "string") produced.add(v);
    else if (Array.isArray(v)) for (const x of v) produced.add(x);
  }
  for (const u of plan2.unmapped) if (produced.has(u)) problems.push(`unmapped lists '${u}', but the ops produce it`);
  return problems;
}

// src/analysis/error-hints.ts
var NO_HINTS = { select: null, drops: [], keepMissing: [], prefix: null, untouched: [], blockers: [], notes: [] };
var shape3 = (d) => `[${d.join(", ")}]`;
var plural2 = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function examples3(keys, n = 3) {
  const t = keyTemplates(keys);
  const shown = t.slice(0, n).map((k) => `\`${k}\``).join(", ");
  return t.length > n ? `${shown}, \u2026` : shown;
}
function findSelect(report) {
  const top = report.unexpected.filter((k) => !k.includes("."));
  if (top.length === 0 || top.length * 2 < report.unexpected.length) return null;
  const metadata = top.filter((k) => CHECKPOINT_METADATA.has(k));
  const known = top.filter(isCheckpointField);
  if (metadata.length === 0 && !(known.length > 0 && top.length === report.unexpected.length)) return null;
  const holders = top.filter((k) => !CHECKPOINT_METADATA.has(k));
  if (holders.length === 0) return null;
  const ranked = [...holders].sort((a, b) => rank2(a) - rank2(b));
  return { field: ranked[0], fields: top, alternatives: ranked.slice(1) };
}
function rank2(field) {
  const i = WEIGHT_CONTAINERS.indexOf(field);
  return i < 0 ? WEIGHT_CONTAINERS.length : i;
}
function sharedWrapper(keys) {
  if (keys.length === 0) return null;
  let best2 = null;
  for (const w of WRAPPER_PREFIXES2) {
    if (keys.every((k) => k.startsWith(w.prefix) && k.length > w.prefix.length) && (!best2 || w.prefix.length > best2.prefix.length)) best2 = w;
  }
  return best2;
}
function perBlockParameters(keys) {
  const byTemplate = /* @__PURE__ */ new Map();
  for (const k of keys) {
    const segs = k.split(".");
    if (!segs.some(isIndexSegment)) continue;
    const t = segs.map((s2) => isIndexSegment(s2) ? "#" : s2).join(".");
    (byTemplate.get(t) ?? byTemplate.set(t, []).get(t)).push(k);
  }
  const out = [];
  for (const [t, ks] of byTemplate) {
    const leaf = t.slice(t.lastIndexOf(".") + 1);
    if (ks.length < 2 || /^(weight|bias|running_mean|running_var)$/.test(leaf)) continue;
    const siblings = keys.filter((k) => !ks.includes(k) && ks.some((x) => k.startsWith(x.slice(0, x.lastIndexOf(".") + 1))));
    if (siblings.length === 0) out.push(...ks);
  }
  return out;
}
function extraLayers(keys) {
  const minOf = /* @__PURE__ */ new Map();
  const stacks = keys.map((k) => {
    const segs = k.split(".");
    const out = [];
    segs.forEach((seg, i) => {
      if (isIndexSegment(seg)) out.push({ stack: segs.slice(0, i).join("."), index: Number(seg) });
    });
    for (const o of out) minOf.set(o.stack, Math.min(minOf.get(o.stack) ?? Infinity, o.index));
    return out;
  });
  const extra = keys.filter((_, i) => stacks[i].some((o) => o.index > 0 && minOf.get(o.stack) > 0));
  return extra.length === keys.length ? extra : [];
}
function builtWithDefault(m) {
  const model = m.expected[0];
  const ckpt = m.source[0];
  if (model === void 0 || ckpt === void 0 || !DEFAULT_CLASS_COUNTS.has(model)) return false;
  return !DEFAULT_CLASS_COUNTS.has(ckpt) || Math.abs(model - ckpt) === 1;
}
var STANDARD_LEAF = /(?:^|\.)(?:weight|bias|running_mean|running_var|num_batches_tracked)$/;
var MAX_OUTPUT_LAYERS = 3;
function outputLayers(sizes) {
  const none = /* @__PURE__ */ new Set();
  const modules = /* @__PURE__ */ new Map();
  for (const m of sizes) {
    if (!outputsDiffer(m)) return none;
    const mod = m.key.slice(0, m.key.lastIndexOf(".") + 1);
    (modules.get(mod) ?? modules.set(mod, []).get(mod)).push(m);
  }
  if (modules.size === 0 || modules.size > MAX_OUTPUT_LAYERS) return none;
  for (const ms of modules.values()) {
    if (!ms.some((m) => m.source.length >= 2)) return none;
    if (new Set(ms.map((m) => `${m.source[0]}>${m.expected[0]}`)).size !== 1) return none;
  }
  return new Set(sizes.map((m) => m.key));
}
var RNN_LAYER = /(?:^|\.)(?:weight|bias)_(?:ih|hh|hr)_l(\d+)(?:_reverse)?$/;
var inHead = (k) => HEAD_MODULE.test(k.slice(0, k.lastIndexOf(".") + 1) || k);
var LENIENT = /* @__PURE__ */ new Set(["mmcv", "fvcore", "transformers", "diffusers", "peft", "timm", "lightning", "torchreid"]);
function isLenientLoad(report) {
  if (report.kind === "incompatible_keys") return true;
  const f = report.families ?? [];
  return f.length > 0 && f.every((x) => LENIENT.has(x));
}
function lenientHints(report, leftover, unmapped) {
  if (!isLenientLoad(report) || report.truncated && report.unexpected.length > 0 && report.missing.length > 0) return null;
  if (unmapped.some((k) => ADAPTER_WEIGHT.test(k)) || leftover.some((k) => ADAPTER_WEIGHT.test(k))) return null;
  if (unmapped.length > 0 && nothingLoaded(unmapped)) return null;
  if (perBlockParameters(leftover).length > 0) return null;
  if (looksRenamed(leftover, unmapped)) return null;
  const hints = { ...NO_HINTS, drops: [], keepMissing: [], blockers: [], notes: [], untouched: [] };
  for (const k of leftover) hints.drops.push({ key: k, reason: `unused by this model: the ${report.kind === "incompatible_keys" ? "strict=False" : "lenient"} load skipped it (a pretraining or other task's module)` });
  for (const k of unmapped) hints.keepMissing.push({ key: k, reason: "new in this model (a task head or added module): the load left it initialised; train or fine-tune it", kind: "head" });
  if (hints.drops.length + hints.keepMissing.length === 0) return null;
  hints.notes.push({
    code: "lenient_load",
    message: `this is the report of a load that went on without them (it did not fail): ${hints.drops.length > 0 ? `${plural2(hints.drops.length, "checkpoint key")} the model does not use (${examples3(hints.drops.map((d) => d.key))})` : ""}${hints.drops.length > 0 && hints.keepMissing.length > 0 ? " and " : ""}${hints.keepMissing.length > 0 ? `${plural2(hints.keepMissing.length, "model key")} the checkpoint does not have (${examples3(hints.keepMissing.map((d) => d.key))}), which start from their initial values` : ""}; that is expected when fine-tuning on another task; if you meant these weights to load, their names differ and the checkpoint is of another model`
  });
  return hints;
}
function outsideSubmoduleHints(report, ops, leftover, unmapped) {
  if (unmapped.length > 0 || leftover.length === 0 || report.truncated) return null;
  const strips = ops.filter((o) => o.op === "strip_prefix");
  if (strips.length !== 1 || ops.some((o) => o.op !== "strip_prefix" && o.op !== "drop")) return null;
  const prefix = strips[0].prefix;
  const head = prefix.split(".")[0];
  if (leftover.some((k) => k.startsWith(prefix) || k.split(".")[0] === head || ADAPTER_WEIGHT.test(k))) return null;
  const holder = prefix.replace(/\.$/, "");
  const drops = leftover.map((key) => ({ key, reason: `a part of the larger model that held this one as \`${holder}\`: not this model's` }));
  return {
    ...NO_HINTS,
    drops,
    keepMissing: [],
    blockers: [],
    untouched: [],
    notes: [{
      code: "outside_submodule",
      message: `the checkpoint is of a larger model that held this one as \`${holder}\` (its keys under \`${prefix}\` are this model's): its other parts (${examples3(leftover)}) are not this model's, so they are left out; or save \`${holder}\`'s own state dict instead`
    }]
  };
}
function looksRenamed(leftover, unmapped) {
  if (leftover.length < 2 || unmapped.length < 2) return false;
  if (leftover.every((l) => unmapped.every((u) => crossesHeadRoles(l, u)))) return false;
  const tail = (k) => k.split(".").slice(-2).map((x) => isIndexSegment(x) ? "#" : x).join(".");
  const counts2 = /* @__PURE__ */ new Map();
  for (const k of leftover) counts2.set(tail(k), (counts2.get(tail(k)) ?? 0) + 1);
  let shared = 0;
  for (const k of unmapped) {
    const n = counts2.get(tail(k)) ?? 0;
    if (n > 0) {
      shared++;
      counts2.set(tail(k), n - 1);
    }
  }
  return shared * 2 >= Math.min(leftover.length, unmapped.length);
}
function strictBiasesWithoutPlace(report) {
  if (report.truncated || report.missing.length > 0 || report.unexpected.length < 2) return [];
  if (!(report.families ?? []).every((f) => f === "torch")) return [];
  const listed = new Set(report.unexpected);
  for (const k of report.unexpected) if (!k.endsWith(".bias") || listed.has(`${k.slice(0, -"bias".length)}weight`)) return [];
  return [...report.unexpected];
}
var REPARAMETRISED_PARTS = ["weight_orig", "weight_u", "weight_v", "weight_g"];
function reparametrisedWeights(report) {
  const unexpected = new Set(report.unexpected);
  return report.missing.filter((k) => k.endsWith(".weight") && REPARAMETRISED_PARTS.some((p) => unexpected.has(`${k.slice(0, -"weight".length)}${p}`)));
}
function errorHints(report) {
  const hints = { select: null, drops: [], keepMissing: [], prefix: null, untouched: [], blockers: [], notes: [] };
  if (report.unexpected.includes("state") && report.unexpected.includes("param_groups")) {
    hints.blockers.push({
      code: "optimizer_state",
      message: "the keys given to the model are `state` and `param_groups`: that is an optimizer's state dict, not the model's (saved or passed in its place); load the model's checkpoint instead (`sdmatch inspect FILE` shows what a file holds)"
    });
    return hints;
  }
  hints.select = findSelect(report);
  if (hints.select) return hints;
  const oldKeyError = (report.families ?? []).includes("torch-keyerror");
  if (oldKeyError && report.unexpected.length === 1 && report.missing.length === 0 && isCounter(report.unexpected[0])) {
    hints.drops.push({ key: report.unexpected[0], reason: "BatchNorm batch counter written by PyTorch >= 0.4.1 and unknown to the PyTorch <= 0.3 that raised this KeyError: it holds no weights" });
    hints.notes.push({
      code: "counters_newer_checkpoint",
      message: `\`${report.unexpected[0]}\` is the first of the checkpoint's \`num_batches_tracked\` counters: it was saved by PyTorch >= 0.4.1 and this KeyError comes from PyTorch <= 0.3, whose BatchNorm keeps no counter; every counter in the checkpoint is unexpected, not only this one: drop them all (\`{k: v for k, v in state_dict.items() if not k.endswith('num_batches_tracked')}\`) or load with a newer PyTorch; other keys the first error hid may still differ`
    });
    return hints;
  }
  if (oldKeyError && report.unexpected.length === 1 && report.missing.length === 0 && !sharedWrapper(report.unexpected) && !RNN_LAYER.test(report.unexpected[0])) {
    hints.blockers.push({
      code: "first_key_only",
      message: `PyTorch before 0.4 stops at the first key it does not expect (\`${report.unexpected[0]}\`), so the error shows one key of an unknown number: nothing can be inferred from it; give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) or compare the key sets (sdmatch diff CHECKPOINT MODEL)`
    });
    return hints;
  }
  const orphanBiases = strictBiasesWithoutPlace(report);
  if (orphanBiases.length > 0) {
    hints.blockers.push({
      code: "bias_config",
      message: `the checkpoint's layers were trained with biases (${examples3(orphanBiases)}) and the model builds the same layers without one (their weights loaded): dropping the biases would load but change every output; build those layers with bias=True (or use the weights made for this code)`
    });
    return hints;
  }
  const reparametrised = reparametrisedWeights(report);
  if (reparametrised.length > 0) {
    hints.blockers.push({
      code: "reparametrised_weights",
      message: `the checkpoint saved ${plural2(reparametrised.length, "layer")} under a weight reparametrisation (${examples3(reparametrised)}: spectral_norm keeps weight_orig/weight_u/weight_v, weight_norm weight_g/weight_v) and the model builds ${reparametrised.length === 1 ? "it" : "them"} with a plain \`weight\`: no key rename gives the weight (weight_v is not it); build the model with the same parametrisation (torch.nn.utils.spectral_norm / weight_norm) before loading, then remove it (remove_spectral_norm / remove_weight_norm) if a plain weight is wanted`
    });
    return hints;
  }
  const extraAdapters = report.unexpected.filter((k) => ADAPTER_WEIGHT.test(k));
  if (extraAdapters.length > 0 && report.missing.length === 0) {
    hints.blockers.push({
      code: "adapter_unplaced",
      message: `the checkpoint holds ${plural2(extraAdapters.length, "trained adapter weight")} (${examples3(extraAdapters)}) and the model has no adapter layers to take them: leaving them out would silently discard the fine-tune; build the model with the same adapter config (peft.PeftModel / get_peft_model with the training LoraConfig) before loading, or merge the adapter into the base weights first (merge_and_unload)`
    });
    return hints;
  }
  const adapters = report.missing.filter((k) => ADAPTER_WEIGHT.test(k));
  if (adapters.length > 0 && report.unexpected.length === 0) {
    hints.blockers.push({
      code: "adapter_not_loaded",
      message: `${plural2(adapters.length, "trained adapter weight")} the model expects ${adapters.length === 1 ? "is" : "are"} not in what was loaded (${examples3(adapters)}): the fine-tuned adapter did not load, and the model runs as its base model (or with fresh adapters); this is not a part to train anew. The adapter file names its weights otherwise (another adapter_name, a PEFT version, other target module names) or is another adapter: compare the keys of adapter_model.safetensors with these (\`sdmatch diff ADAPTER MODEL\`, or \`sdmatch explain ADAPTER ERROR.txt\`)`
    });
    return hints;
  }
  const variant = trainingTwinMissing(report) ?? gatedPair(report) ?? stemBuiltOtherwise(report);
  if (variant) {
    hints.blockers.push(variant);
    hints.anotherVariant = true;
    return hints;
  }
  const named = (k, other) => other.some((o) => o !== k && (o.endsWith(`.${k}`) || k.endsWith(`.${o}`)));
  const unexpected = [];
  const counters = [];
  for (const k of report.unexpected) {
    if (isCounter(k)) {
      counters.push(k);
      continue;
    }
    const r = named(k, report.missing) ? null : bufferRule(k);
    if (r) hints.drops.push({ key: k, reason: `${r.what}: ${r.why}` });
    else unexpected.push(k);
  }
  const missing = [];
  for (const k of report.missing) {
    if (isCounter(k)) continue;
    const r = named(k, report.unexpected) ? null : bufferRule(k);
    if (r) hints.keepMissing.push({ key: k, reason: `${r.what}: ${r.why}`, kind: r.lossNetwork ? "loss-network" : "buffer" });
    else missing.push(k);
  }
  const terminal = report.truncated ? /* @__PURE__ */ new Set() : outputLayers(report.sizeMismatch);
  const width = widthChange(report.sizeMismatch);
  if (width) hints.untouched.push(...width.keys);
  for (const m of report.sizeMismatch) {
    if (width?.keys.includes(m.key)) continue;
    const first = outputsDiffer(m);
    if (POSITION_MODULE.test(m.key)) {
      hints.untouched.push(m.key);
      hints.blockers.push({
        code: "position_embedding",
        message: `\`${m.key}\` has ${shape3(m.source)} in the checkpoint and ${shape3(m.expected)} in the model: a position table of another length (another image size, patch grid or context length); no key edit fixes it: build the model with the checkpoint's size (img_size, max_length, max_position_embeddings), or resize the table on purpose (timm \`resample_abs_pos_embed\`, interpolation) and fine-tune`
      });
      continue;
    }
    if (VOCAB_MODULE.test(m.key) && first) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === "vocab_size")) continue;
      hints.blockers.push({
        code: "vocab_size",
        message: `\`${m.key}\` has ${m.source[0]} rows in the checkpoint and ${m.expected[0]} in the model: the vocabulary changed size (tokens added or removed); no key edit fixes it: call \`model.resize_token_embeddings(${m.source[0]})\` before loading (or load the tokenizer the checkpoint was trained with)`
      });
    } else if ((inHead(m.key) || terminal.has(m.key)) && first && projectionNotClasses(m)) {
      hints.untouched.push(m.key);
      if (!hints.blockers.some((b) => b.code === "feature_projection")) hints.blockers.push(projectionCause(m));
    } else if ((inHead(m.key) || terminal.has(m.key)) && first && builtWithDefault(m)) {
      hints.untouched.push(m.key);
      if (hints.blockers.some((b) => b.code === "class_count_config")) continue;
      const n = m.expected[0];
      hints.blockers.push({
        code: "class_count_config",
        message: `the model's head \`${m.key}\` has ${n} outputs (${DEFAULT_CLASS_COUNTS.get(n)}, a default) and the checkpoint's ${m.source[0]}: the model was built with the default class count where the checkpoint's own belonged; build it with ${m.source[0]} classes (num_classes / num_labels / classes file) to use the trained head; re-initialising the head instead would throw away what it learned`
      });
    } else if ((inHead(m.key) || terminal.has(m.key)) && first) {
      const kernel = m.source.length > 2 && m.source.slice(2).join() !== m.expected.slice(2).join() ? `, and a ${m.source.slice(2).join("\xD7")} kernel where the model has ${m.expected.slice(2).join("\xD7")}` : "";
      hints.drops.push({ key: m.key, reason: `head of another size (${shape3(m.source)} in the checkpoint, ${shape3(m.expected)} in the model): trained for another number of classes${kernel}` });
      hints.keepMissing.push({ key: m.key, reason: `the model's own head (${shape3(m.expected)}) is initialised from scratch: train or fine-tune it`, kind: "head" });
    }
  }
  for (const c of report.sizeMismatchCut ?? []) {
    const module = c.key.slice(0, c.key.lastIndexOf(".") + 1);
    const sibling = report.sizeMismatch.find((m) => m.key !== c.key && m.key.startsWith(module) && !m.key.slice(module.length).includes(".") && hints.drops.some((d) => d.key === m.key));
    if (hints.drops.some((d) => d.key === c.key)) continue;
    const lone = !sibling && report.sizeMismatch.length === 0 && inHead(c.key) && c.source === null;
    if (!sibling && !lone) continue;
    hints.drops.push({ key: c.key, reason: sibling ? `head of another size beside \`${sibling.key}\` (its own size line was cut): trained for another number of classes` : "a head whose size differs (its line was cut before the shapes): trained for another number of classes; if the model's count is a default (1000, 2) where you meant the checkpoint's, build it with the checkpoint's count instead" });
    hints.keepMissing.push({ key: c.key, reason: "the model's own head is initialised from scratch: train or fine-tune it", kind: "head" });
  }
  for (const c of report.sizeMismatchCut ?? []) {
    if (hints.drops.some((d) => d.key === c.key) || hints.untouched.includes(c.key)) continue;
    hints.untouched.push(c.key);
    const rows = c.source?.[0] ?? null;
    const what = VOCAB_MODULE.test(c.key) ? { code: "vocab_size", message: `\`${c.key}\` has another size in the checkpoint${rows !== null ? ` (${rows} rows)` : ""} than in the model (the line was cut before the model's shape): the vocabulary changed size (tokens added or removed); no key edit fixes it: call \`model.resize_token_embeddings(${rows ?? "len(tokenizer)"})\` before loading (or load the tokenizer the checkpoint was trained with)` } : POSITION_MODULE.test(c.key) ? { code: "position_embedding", message: `\`${c.key}\` has another size in the checkpoint than in the model (the line was cut before both shapes): a position table of another length; no key edit fixes it: build the model with the checkpoint's size, or resize the table on purpose` } : report.missing.length + report.unexpected.length > 0 ? null : report.sizeMismatch.length > 0 ? (
      // only size lines, the others settled here (heads dropped): the plan leaves this key as it is and
      // a strict load still fails on it: say so by name, and the plan is no fix (never "only the keys
      // kept missing stay missing")
      { code: "size_line_cut_beside", message: `\`${c.key}\` also has another shape in the checkpoint than in the model (its line was cut before the shapes): the plan leaves it as it is, so a strict load still fails on it; give the whole line (or the checkpoint: sdmatch explain CHECKPOINT ERROR.txt) to tell what differs` }
    ) : { code: "size_line_cut", message: `\`${c.key}\` has another shape in the checkpoint than in the model, and the line was cut before both shapes: no key edit changes a shape; give the whole line (or the checkpoint: sdmatch explain CHECKPOINT ERROR.txt) to tell what differs` };
    if (what && !hints.blockers.some((b) => b.code === what.code && (b.code !== "size_line_cut_beside" || b.message === what.message))) hints.blockers.push(what);
  }
  const heads = report.sizeMismatch.filter((m) => hints.drops.some((d) => d.key === m.key));
  if (heads.length > 0) {
    const larger = heads.filter((m) => (m.expected[0] ?? 0) > (m.source[0] ?? 0));
    hints.notes.push({
      code: "head",
      message: `the head has another number of outputs (${examples3(heads.map((h) => h.key))}: ${shape3(heads[0].source)} in the checkpoint, ${shape3(heads[0].expected)} in the model): the checkpoint was trained for another class count, so its head is dropped and the model's new head (${plural2(heads.length, "key")}) starts from scratch${larger.length > 0 ? "; if you meant to use the checkpoint on its own dataset, the model's class count is set larger than the checkpoint's: fix the config (num_classes) instead" : ""}`
    });
  }
  if (missing.length === 0 && unexpected.length === 0 && report.sizeMismatch.length === 0 && counters.length > 0) {
    for (const k of counters) hints.drops.push({ key: k, reason: "BatchNorm batch counter the model does not keep (its normalisation layers use track_running_stats=False, or it predates PyTorch 0.4.1): it holds no weights" });
  }
  const shared = sharedWrapper(unexpected);
  const wrapped = shared && !(report.modelName !== null && shared.classes?.includes(report.modelName)) ? shared : null;
  if (wrapped && report.sizeMismatch.length === 0 && (missing.length === 0 || report.truncated && missing.every((k) => !k.startsWith(wrapped.prefix)) && unexpected.some((k) => !missing.includes(k.slice(wrapped.prefix.length))))) {
    hints.prefix = { op: "strip_prefix", prefix: wrapped.prefix, who: wrapped.who, keys: unexpected };
  } else if (unexpected.length === 0 && report.sizeMismatch.length === 0) {
    const w = sharedWrapper(missing);
    if (w && shownWhole(report)) {
      hints.blockers.push({
        code: "wrapped_nothing_loaded",
        message: `every key the model expects is missing under \`${w.prefix}\` (${w.who}) and the error lists no checkpoint key in their place: the state dict passed holds none of these weights under any name (torch would list them as unexpected), so adding \`${w.prefix}\` changes nothing; it is empty or not this model's (a module whose state_dict()/load_state_dict() is overridden loads through the wrapper's own: call the inner module's load_state_dict, e.g. model.${w.prefix.replace(/\.$/, "")}.load_state_dict); \`sdmatch inspect CHECKPOINT\` shows what the file holds`
      });
      return hints;
    }
    if (w) hints.prefix = { op: "add_prefix", prefix: w.prefix, who: w.who, keys: missing };
  }
  const mm = report.families ?? [];
  if (!hints.prefix && mm.length > 0 && mm.every((f) => f === "mmcv") && missing.length === 0 && report.sizeMismatch.length === 0 && unexpected.length > 0) {
    const c = COMPONENT_PREFIXES.find((p) => unexpected.every((k) => k.startsWith(p.prefix) && k.length > p.prefix.length));
    if (c) hints.prefix = { op: "strip_prefix", prefix: c.prefix, who: c.who, keys: unexpected, why: c.why };
  }
  const twin = hints.prefix || report.sizeMismatch.length > 0 ? null : twinCopyPrefix(unexpected, missing, report.truncated && report.nothingMissing !== true);
  if (twin) hints.prefix = { op: "strip_prefix", prefix: twin.prefix, who: twin.who, keys: unexpected, why: twin.why };
  if (hints.prefix) return hints;
  const rnnExtra = unexpected.filter((k) => Number(RNN_LAYER.exec(k)?.[1] ?? 0) >= 1);
  const rnnMissing = missing.filter((k) => Number(RNN_LAYER.exec(k)?.[1] ?? 0) >= 1);
  if (rnnExtra.length + rnnMissing.length > 0 && (rnnExtra.length === unexpected.length || rnnMissing.length === missing.length)) {
    const more = rnnExtra.length > 0;
    hints.blockers.push({
      code: "rnn_layers",
      message: `${more ? "the checkpoint" : "the model"} has recurrent layers ${more ? "the model lacks" : "the checkpoint lacks"} (${examples3(more ? rnnExtra : rnnMissing)}): it was ${more ? "trained" : "built"} with a larger num_layers; build the model with the checkpoint's num_layers (dropping a trained layer would lose it)`
    });
    return hints;
  }
  const sizesSettled = report.sizeMismatch.every((m) => hints.untouched.includes(m.key) || hints.drops.some((d) => d.key === m.key));
  if (missing.length === 0 && sizesSettled && unexpected.length > 0 && (!report.truncated || report.nothingMissing === true)) {
    const inBlocks = report.truncated ? unexpected.filter((k) => k.split(".").some(isIndexSegment)) : [];
    const cutInBlocks = inBlocks.some((k) => !STANDARD_LEAF.test(k)) ? inBlocks : [];
    const newer = cutInBlocks.length > 0 ? cutInBlocks : perBlockParameters(unexpected);
    const deeper = isLenientLoad(report) ? [] : extraLayers(unexpected);
    if (deeper.length > 0) {
      hints.blockers.push({
        code: "extra_layers",
        message: `the checkpoint has numbered layers past the model's (${examples3(deeper)}; the lower-numbered ones loaded, so the model has those): it was trained deeper or larger (more layers, blocks or resolutions: another depth, size or config); dropping them would throw trained layers away: build the model with the checkpoint's depth or size`
      });
    } else if (newer.length > 0) {
      hints.blockers.push({
        code: "code_version",
        message: `${cutInBlocks.length > 0 ? `the checkpoint has parameters inside numbered blocks that the model's code does not define (${examples3(newer)}), and the list was cut: it most likely goes on through every block` : `the checkpoint has a parameter in every block that the model's code does not define (${examples3(newer)})`}: it was trained with another version of the model code (or another config flag); dropping ${newer.length === 1 ? "it" : "them"} would throw away trained weights: update the model code or config to the checkpoint's`
      });
    } else {
      const heads2 = unexpected.filter(inHead);
      for (const k of counters) hints.drops.push({ key: k, reason: "the batch counter of a module the model does not have" });
      for (const k of unexpected) {
        hints.drops.push({
          key: k,
          reason: heads2.includes(k) ? "a head the model does not have (trained for another task): unused by this model" : "a module the model does not have: unused by this model"
        });
      }
    }
  }
  const missingCounters = report.missing.filter(isCounter);
  if (missing.length === 0 && unexpected.length === 0 && report.sizeMismatch.length === 0 && missingCounters.length > 0) {
    for (const k of missingCounters) hints.keepMissing.push({ key: k, reason: "BatchNorm batch counter: the checkpoint predates PyTorch 0.4.1, which added it; the counter starts at 0 and holds no weights", kind: "buffer" });
  }
  if (unexpected.length === 0 && report.sizeMismatch.length === 0 && missing.length > 0) {
    if (nothingLoaded(missing)) {
      hints.blockers.push(nothingLoadedCause(missing));
    } else if ((missing.every(inHead) || report.kind === "transformers") && !report.truncated) {
      for (const k of missing) hints.keepMissing.push({ key: k, reason: "a head the checkpoint does not have: the model initialises it; train or fine-tune it", kind: "head" });
    } else if (newModulesOnly(report, missing)) {
      const mods = [...new Set(missing.map((k) => k.split(".")[0]))];
      for (const k of missing) hints.keepMissing.push({ key: k, reason: `part of \`${k.split(".")[0]}\`, a module the checkpoint was not trained with: the model initialises it; train it`, kind: "head" });
      hints.notes.push({
        code: "new_modules",
        message: `the whole error lists only keys of ${mods.map((m) => `\`${m}\``).join(", ")} as missing, and nothing in their place: ${mods.length === 1 ? "a module" : "modules"} the checkpoint was not trained with (a new part, or one the released weights leave out); if the rest of the model loaded (the text names no key that loaded: when ${mods.length === 1 ? "this module is" : "these modules are"} the whole model, nothing loaded; \`sdmatch inspect CHECKPOINT\` shows what the file holds), ${mods.length === 1 ? "it starts" : "they start"} from ${mods.length === 1 ? "its" : "their"} initial values: train ${mods.length === 1 ? "it" : "them"}, or, if you expected trained weights for ${mods.length === 1 ? "it" : "them"}, get the checkpoint that includes ${mods.length === 1 ? "it" : "them"}`
      });
    }
  }
  return hints;
}
var MAX_NEW_MODULES = 3;
function newModulesOnly(report, missing) {
  if (report.truncated || !(report.families ?? []).every((f) => f === "torch" || f === "torch-keyerror")) return false;
  if (missing.some((k) => !k.includes("."))) return false;
  if (new Set(missing.map((k) => k.split(".")[0])).size > MAX_NEW_MODULES) return false;
  return !missing.some((k) => numberedPastLoaded(k, missing));
}
function numberedPastLoaded(key, keys) {
  const segs = key.split(".");
  return segs.some((seg, i) => {
    if (!isIndexSegment(seg) || seg === "0") return false;
    const stack = `${segs.slice(0, i).join(".")}.`;
    return !keys.some((k) => k.startsWith(stack) && k.slice(stack.length).split(".")[0] === "0");
  });
}
function shownWhole(report) {
  return !report.truncated && report.kind === "load_state_dict" && (report.families ?? []).every((f) => f === "torch") && report.modelName !== null;
}
function nothingLoadedCause(missing) {
  return {
    code: "nothing_loaded",
    message: `the model's keys are missing across the whole model (${examples3(missing)}) and the checkpoint's side lists nothing usable: what was passed to load_state_dict is not this model's state dict (a whole training checkpoint whose weights sit under a field, or another file); run \`sdmatch inspect CHECKPOINT\` to see where its weights are, or \`sdmatch explain CHECKPOINT ERROR.txt\` to find the state dict that fits; do not load with strict=False: nothing would load`
  };
}
function nothingLoaded(missing) {
  const tops = new Set(missing.map((k) => k.split(".")[0]));
  const rootParams = missing.some((k) => !k.includes("."));
  const stem = missing.some((k) => STEM_MODULE.test(k));
  if (!stem) return missing.every((k) => !k.includes("."));
  return rootParams || tops.size >= 2 || missing.length >= 8;
}

// src/plan/key-set.ts
import { createHash as createHash2 } from "node:crypto";
function keySetDigest(entries) {
  if (entries.some((e) => e.shape === null || e.dtype === null)) return null;
  const sorted = [...entries].sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const h = createHash2("sha256");
  for (const e of sorted) h.update(`${JSON.stringify([e.key, e.shape, e.dtype])}
`);
  return { count: entries.length, sha256: h.digest("hex") };
}
function sameKeySet(a, b) {
  return a.count === b.count && a.sha256 === b.sha256;
}

// src/plan/edit.ts
var NO_EDITS = { drop: [], keepMissing: [], rename: [], tie: [] };
function hasEdits(e) {
  return e.drop.length + e.keepMissing.length + e.rename.length + e.tie.length > 0;
}
function checkRegex(option, pattern) {
  const problem = pattern.length === 0 ? "an empty pattern matches every key" : regexProblem(pattern);
  if (problem) throw new FormatError("", `${option} ${pattern}: ${problem}`);
}
function checkEdits(e) {
  for (const d of e.drop) checkRegex("--drop", d);
  for (const k of e.keepMissing) checkRegex("--keep-missing", k);
  for (const r of e.rename) {
    checkRegex("--rename", r.from);
    const problem = replacementProblem(r.to, groupCount(r.from));
    if (problem) throw new FormatError("", `--rename ${r.from}=${r.to}: ${problem}`);
  }
  for (const t of e.tie) if (!t.target || !t.source) throw new FormatError("", `--tie ${t.target}=${t.source}: expected TARGET=SOURCE`);
}
function dropsAlreadyDone(ops, source, drops) {
  if (drops.length === 0) return [];
  const after = applyOpsToKeys(ops, source).mapping;
  const left = producedNames(after);
  const dropped = source.filter((e) => after[e.key] === null);
  if (dropped.length === 0) return [];
  const renamed = applyOpsToKeys(ops.filter((o) => o.op !== "drop"), dropped).mapping;
  const droppedNames = dropped.flatMap(({ key }) => [key, ...typeof renamed[key] === "string" ? [renamed[key]] : []]);
  return drops.filter((d) => {
    const re = compilePattern(d);
    return !left.some((k) => re.test(k)) && droppedNames.some((k) => re.test(k));
  });
}
function editOps(ops, e) {
  return [
    ...ops,
    ...e.rename.map((r) => ({ op: "rename", pattern: r.from, replacement: r.to, evidence: "given with --rename" })),
    ...e.tie.map((t) => ({ op: "copy", key: t.source, target: t.target, evidence: "given with --tie" })),
    ...e.drop.map((d) => ({ op: "drop", pattern: d, reason: "given with --drop" }))
  ];
}
function producedNames(mapping) {
  const out = /* @__PURE__ */ new Set();
  for (const v of Object.values(mapping)) {
    if (typeof v === "string") out.add(v);
    else if (Array.isArray(v)) for (const x of v) out.add(x);
  }
  return [...out];
}
function targetKeysOf(plan2) {
  const produced = producedNames(plan2.mapping);
  if (plan2.unexpected) {
    const unexpected = new Set(plan2.unexpected);
    return /* @__PURE__ */ new Set([...produced.filter((k) => !unexpected.has(k)), ...plan2.unmapped]);
  }
  if (produced.length + plan2.unmapped.length === plan2.target.keys) return /* @__PURE__ */ new Set([...produced, ...plan2.unmapped]);
  return null;
}
function deriveFromOps(ops, source, target, targetOrder = [...target]) {
  const { mapping, errors } = applyOpsToKeys(ops, source);
  const produced = producedNames(mapping);
  const made = new Set(produced);
  return {
    mapping,
    unmapped: targetOrder.filter((k) => !made.has(k)),
    unexpected: produced.filter((k) => !target.has(k)),
    errors
  };
}
function keptMissingBy(patterns, keys) {
  if (patterns.length === 0) return [];
  const res = patterns.map(compilePattern);
  return keys.filter((k) => res.some((re) => re.test(k)));
}
function checkDeclaredMissing(file, patterns, unmapped) {
  for (const k of patterns) {
    if (keptMissingBy([k], unmapped).length > 0) continue;
    const shown = unmapped.slice(0, 3).map((x) => `'${x}'`).join(", ") + (unmapped.length > 3 ? ", \u2026" : "");
    throw new FormatError(file, `--keep-missing ${k}: matches no key the plan leaves missing (${unmapped.length ? shown : "none is"})`);
  }
}

// src/formats/python-source.ts
function pyStr(s2) {
  if (/^[\x20-\x7e]*$/.test(s2) && !s2.includes("'") && s2.includes("\\") && !/\\$/.test(s2)) return `r'${s2}'`;
  let out = "'";
  for (const ch of s2) {
    const c = ch.codePointAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (c < 32 || c === 127) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}'`;
}
function pythonAccess(path) {
  return `checkpoint${path.map((p) => `[${typeof p === "number" ? String(p) : pyStr(p)}]`).join("")}`;
}

// src/plan/build.ts
var COUNTER = "num_batches_tracked";
var plural3 = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function withImplied(mode, source, target, uncertain, report, selected = null) {
  const implied = /* @__PURE__ */ new Set();
  let withCounters = target;
  if (source.some((e) => isCounter(e.key))) {
    const have = new Set(target.map((e) => e.key));
    withCounters = [];
    for (const e of target) {
      withCounters.push(e);
      if (!e.key.endsWith(".running_var")) continue;
      const module = e.key.slice(0, -"running_var".length);
      const counter = `${module}${COUNTER}`;
      if (have.has(`${module}running_mean`) && !have.has(counter)) {
        have.add(counter);
        implied.add(counter);
        withCounters.push({ key: counter, shape: [], dtype: null });
      }
    }
  }
  return { mode, source, target: withCounters, implied, uncertain, report, selected };
}
var unshaped = (key) => ({ key, shape: null, dtype: null });
function errorOnly(report) {
  const cut = (report.sizeMismatchCut ?? []).filter((c) => !report.sizeMismatch.some((m) => m.key === c.key));
  const source = [...report.unexpected.map(unshaped), ...report.sizeMismatch.map((s2) => ({ key: s2.key, shape: s2.source, dtype: null })), ...cut.map((c) => ({ key: c.key, shape: c.source, dtype: null }))];
  const target = [...report.missing.map(unshaped), ...report.sizeMismatch.map((s2) => ({ key: s2.key, shape: s2.expected, dtype: null })), ...cut.map((c) => ({ key: c.key, shape: c.expected, dtype: null }))];
  const uncertain = ["the error names only the keys that differed: the keys it does not mention are assumed to load as they are, and the plan covers only the keys it names"];
  if (report.truncated) uncertain.push("the error text was cut short: its lists may have held more keys than the plan could see");
  if (report.missing.length > 0 && report.unexpected.length > 0) {
    uncertain.push("the error gives no shapes for missing or unexpected keys, so correspondences rest on names and order alone (give the checkpoint too: sdmatch explain CHECKPOINT ERROR.txt)");
  }
  return withImplied("error-only", source, target, uncertain, report);
}
var WRAPPER_PREFIXES_AND_LIGHTNING = [...WRAPPER_PREFIXES2, { prefix: "model.", who: "a LightningModule" }, { prefix: "net.", who: "a training wrapper" }];
function strippedBeforeLoad(entries, report) {
  const named = [...report.unexpected, ...report.sizeMismatch.map((m) => m.key)];
  const have = new Set(entries.map((e) => e.key));
  if (named.length === 0 || named.some((k) => have.has(k))) return null;
  for (const { prefix } of WRAPPER_PREFIXES_AND_LIGHTNING) {
    if (named.every((k) => have.has(prefix + k))) return prefix;
  }
  return null;
}
var topModule = (key) => key.split(".")[0];
function unexpectedOnlyModules(report) {
  const modelSide = new Set([...report.missing, ...report.sizeMismatch.map((m) => m.key)].map(topModule));
  return new Set(report.unexpected.map(topModule).filter((m) => !modelSide.has(m)));
}
function checkpointAndError(source, report) {
  const whole = passedWhole(source.entries, report);
  const stripped = whole ? null : strippedBeforeLoad(source.entries, report);
  const view = stripped ? source.entries.map((e) => e.key.startsWith(stripped) ? { ...e, key: e.key.slice(stripped.length) } : e) : source.entries;
  const d = diffWithErrorReport(view, report);
  const matched = new Set(d.matched);
  const resized = new Map(d.shapeMismatch.map((m) => [m.key, m.expected]));
  const target = [];
  if (whole) {
    target.push(...report.missing.map(unshaped), ...report.sizeMismatch.map((m) => ({ key: m.key, shape: m.expected, dtype: null })));
  } else {
    for (const e of view) {
      const shape4 = resized.get(e.key);
      if (shape4) target.push({ key: e.key, shape: shape4, dtype: null });
      else if (matched.has(e.key)) target.push({ key: e.key, shape: e.shape, dtype: null });
    }
    const extraOnly = unexpectedOnlyModules(report);
    for (const e of view) if (d.unknown.includes(e.key) && !extraOnly.has(topModule(e.key))) target.push({ key: e.key, shape: e.shape, dtype: null });
    target.push(...d.missing.map(unshaped));
  }
  const uncertain = whole ? [] : [...d.notes];
  if (stripped) uncertain.unshift(`the error names this state dict's keys without \`${stripped}\`: it came from a load that stripped that prefix first, so the model's keys are taken to be these without it`);
  if (d.unknown.length > 0) {
    uncertain.push(`${plural3(d.unknown.length, "checkpoint key")} the cut-short error text does not mention ${d.unknown.length === 1 ? "is" : "are"} taken to load as they are, except those under a module the text shows only as unexpected: if a strict load still names some, give the whole error text`);
  }
  return withImplied("checkpoint-and-error", [...source.entries], target, uncertain, report, source.selected);
}
function errorAndModel(report, model) {
  const missing = new Set(report.missing);
  const resized = new Map(report.sizeMismatch.map((s2) => [s2.key, s2.source]));
  const source = [];
  for (const e of model) {
    if (missing.has(e.key)) continue;
    const shape4 = resized.get(e.key);
    source.push(shape4 ? { key: e.key, shape: shape4, dtype: null } : e);
  }
  const modelKeys = new Set(model.map((e) => e.key));
  for (const s2 of report.sizeMismatch) if (!modelKeys.has(s2.key)) source.push({ key: s2.key, shape: s2.source, dtype: null });
  source.push(...report.unexpected.filter((k) => !modelKeys.has(k)).map(unshaped));
  const uncertain = ["the checkpoint is known only through the error: the model keys the error does not call missing are assumed to be in it with the model's shapes"];
  if (report.truncated) uncertain.push("the error text was cut short: more keys may be missing or unexpected than it shows");
  return withImplied("error-and-model", source, [...model], uncertain, report);
}
function inferenceSides(source, expected) {
  if (source.report && expected?.report) throw new FormatError(expected.file, "both sides are error texts; give the checkpoint or the model on the other side");
  if (expected === null) {
    if (!source.report) throw new FormatError(source.file, "is not a load_state_dict error text; name what the model expects too (a manifest, a checkpoint or a key list)");
    return errorOnly(source.report);
  }
  if (expected.report) return checkpointAndError(source, expected.report);
  if (source.report) return errorAndModel(source.report, expected.entries);
  return { mode: "keys", source: [...source.entries], target: [...expected.entries], implied: /* @__PURE__ */ new Set(), uncertain: [], report: null, selected: source.selected };
}
function shapesStillDiffering(plan2, sides) {
  const expected = new Map(sides.target.map((e) => [e.key, e.shape]));
  const out = [];
  for (const t of applyOpsToKeys(plan2.ops, sides.source).outputs) {
    const want = expected.get(t.key);
    if (!want || !t.shape) continue;
    if (want.length !== t.shape.length || want.some((d, i) => d !== t.shape[i])) out.push(t.key);
  }
  return out;
}
function opKeyCounts(ops, sourceKeys) {
  let names = [...sourceKeys];
  return ops.map((op) => {
    if (isNameOp(op)) {
      const step = compileNameOp(op);
      let n = 0;
      const next = [];
      for (const name of names) {
        const r = step(name);
        if (r !== void 0) n++;
        if (r === null) continue;
        next.push(r ?? name);
      }
      names = next;
      return n;
    }
    switch (op.op) {
      case "transpose":
      case "reshape": {
        if (typeof op.key === "string") return names.includes(op.key) ? 1 : 0;
        if (typeof op.pattern !== "string") return null;
        const re = compilePattern(op.pattern);
        return names.filter((k) => re.test(k)).length;
      }
      case "split": {
        if (op.key === void 0 && typeof op.pattern !== "string") return null;
        const cut = compileSplit(op);
        const next = [];
        let n = 0;
        for (const k of names) {
          const targets = cut(k);
          if (targets) {
            n++;
            next.push(...targets);
          } else next.push(k);
        }
        names = next;
        return n;
      }
      case "concat": {
        if (op.pattern !== void 0) {
          const { groups } = concatGroups(op, names);
          const joined = new Set([...groups.values()].flat());
          names = [...names.filter((k) => !joined.has(k)), ...groups.keys()];
          return joined.size;
        }
        const keys = op.keys;
        const parts = keys.filter((k) => names.includes(k));
        names = [...names.filter((k) => !keys.includes(k)), op.target];
        return parts.length;
      }
      case "stack": {
        const { groups } = stackGroups(op, names);
        const stacked = new Set([...groups.values()].flat());
        names = [...names.filter((k) => !stacked.has(k)), ...groups.keys()];
        return stacked.size;
      }
      case "copy": {
        if (!names.includes(op.key)) return 0;
        if (!names.includes(op.target)) names = [...names, op.target];
        return 1;
      }
      default:
        return null;
    }
  });
}
function examples4(keys, n = 3) {
  const shown = keys.slice(0, n).map((k) => `\`${k}\``).join(", ");
  return keys.length > n ? `${shown}, \u2026` : shown;
}
var counterNote = (n) => `${plural3(n, "BatchNorm layer")}`;
function containerPassedWhole(sides) {
  return sides.mode === "checkpoint-and-error" && sides.report !== null && passedWhole(sides.source, sides.report);
}
function adjustCauses(result, sides, missing, counters) {
  let causes = result.causes.filter((c) => c.code !== "missing" && c.code !== "match");
  let fixable = result.fixable;
  const lead = [];
  const nested = sides.mode === "error-only" || sides.mode === "error-and-model" ? diagnose(diffWithErrorReport(null, sides.report), sides.source, sides.target).find((d) => d.code === "nested") : void 0;
  if (nested) {
    causes = causes.filter((c) => c.code !== "another_model");
    fixable = false;
    lead.push({ code: "nested", message: `${nested.message.replace(/\.$/, "")}: load that state dict instead of the whole checkpoint (sdmatch diff CHECKPOINT ERROR.txt finds it); no key transform is needed` });
  } else if (containerPassedWhole(sides)) {
    const path = sides.selected ?? [];
    lead.push({
      code: "nested",
      message: `the error came from passing the whole checkpoint to load_state_dict: the state dict is inside it, at ${path.length ? path.join("/") : "(root)"}; load \`${pythonAccess(path)}\` instead`
    });
  }
  const oneSided = sides.source.length === 0 || sides.target.length - sides.implied.size === 0;
  if (oneSided && !nested) {
    const listedCounters = missing.length > 0 && missing.every(isCounter);
    const leftCounters = missing.length === 0 && result.leftover.length > 0 && result.leftover.every(isCounter);
    if (listedCounters) {
      fixable = false;
      lead.push({
        code: "num_batches_tracked",
        message: `only \`num_batches_tracked\` counters are missing (${counterNote(missing.length)}): the checkpoint was saved before PyTorch 0.4.1 counted batches, and this PyTorch does not fill them in; no key transform supplies them: give each listed counter a zero (\`state_dict[k] = torch.tensor(0)\`; they count batches and hold no weights) and keep the load strict, or use PyTorch 1.0 or later`
      });
      missing = [];
    } else if (leftCounters) {
      fixable = false;
      lead.push({
        code: "num_batches_tracked",
        message: `the only unexpected keys are \`num_batches_tracked\` counters (${counterNote(result.leftover.length)}): the model's normalisation layers keep no such counter (PyTorch before 0.4.1, or track_running_stats=False); leave them out: they hold no weights`
      });
    } else if (missing.length > 0 || result.leftover.length > 0) {
      fixable = false;
      lead.push({
        code: "one_sided",
        message: missing.length > 0 ? `the checkpoint lacks ${plural3(missing.length, "key")} the model expects and the error shows nothing in ${missing.length === 1 ? "its" : "their"} place: no key transform supplies ${missing.length === 1 ? "it" : "them"} from what it shows; ${sides.report?.truncated ? "the text was cut, so the keys that would correspond may be in the part not pasted: give the whole text, or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)" : "either the model has parts the checkpoint was not trained with (they can only start from their initial values), or the checkpoint is of another version of the model: sdmatch explain CHECKPOINT ERROR.txt tells which"}` : `the model lacks nothing, but the checkpoint holds ${plural3(result.leftover.length, "key")} it has no place for: no key transform is needed; leave ${result.leftover.length === 1 ? "it" : "them"} out`
      });
    }
  }
  const extra = [];
  if (missing.length > 0) {
    extra.push({ code: "missing", message: `${plural3(missing.length, "key")} the model expects ha${missing.length > 1 ? "ve" : "s"} no source in the checkpoint (${examples4(missing)})` });
  }
  if (counters.length > 0) {
    extra.push({
      code: "num_batches_tracked",
      message: `the checkpoint has no \`num_batches_tracked\` for ${counterNote(counters.length)} (${examples4(counters)}): it was saved before PyTorch 0.4.1 counted batches; BatchNorm fills the counters in when loading`
    });
  }
  const at = causes.findIndex((c) => c.code === "unexpected");
  causes.splice(at < 0 ? causes.length : at, 0, ...extra);
  causes = [...lead, ...causes];
  if (causes.length === 0) causes.push({ code: "match", message: "the checkpoint already matches what the model expects" });
  return { causes, fixable };
}
function keptMissingRecipe(keys) {
  const n = keys.length;
  const named = n <= 3 ? `[${keys.map((k) => `'${k}'`).join(", ")}]` : `KEPT`;
  return `after the plan, give ${n === 1 ? "it" : "them"} the model's own ${n === 1 ? "value" : "values"} and keep the load strict: \`own = model.state_dict(); state_dict.update({k: own[k] for k in ${named}})\`${n > 3 ? ` (KEPT: the ${n} keys listed as kept missing)` : ""}, then load_state_dict(state_dict): any other key still wrong fails loudly instead of staying random`;
}
function planFromInference(sides, result, source, targetFile, hints = null, keepMissing = []) {
  const unmapped = result.unmapped.filter((k) => !sides.implied.has(k));
  const targetKeys = new Set(sides.target.map((e) => e.key));
  const unexpected = producedNames(result.mapping).filter((k) => !targetKeys.has(k));
  const plan2 = makePlan(source, { file: targetFile, keys: sides.target.length - sides.implied.size }, { ops: result.ops, mapping: result.mapping, unmapped, unexpected, keepMissing: [...keepMissing] });
  if (keepMissing.length > 0) {
    const declared = keptMissingBy(keepMissing, unmapped).map((key) => ({ key, reason: "declared with --keep-missing", kind: "head" }));
    hints = { ...hints ?? NO_HINTS, keepMissing: [...hints?.keepMissing ?? [], ...declared] };
  }
  const listed = new Set(sides.report?.missing ?? []);
  const counters = unmapped.filter((k) => isCounter(k) && !listed.has(k));
  const kept = new Map([...replacedByPlan(plan2, sides), ...hints?.keepMissing ?? []].map((k) => [k.key, k]));
  const keptMissing = unmapped.filter((k) => kept.has(k)).map((k) => kept.get(k));
  const missing = unmapped.filter((k) => !counters.includes(k));
  let { causes, fixable } = adjustCauses(result, sides, missing.filter((k) => !kept.has(k)), counters);
  if (hints || keptMissing.length > 0) ({ causes, fixable } = withHintCauses(causes, fixable, hints ?? NO_HINTS, keptMissing));
  const explained = new Set(hints?.untouched ?? []);
  if (hints && hints.blockers.length > 0 && result.sizeMismatches.length > 0 && result.sizeMismatches.every((m) => explained.has(m.target))) {
    causes = causes.filter((c) => c.code !== "size_mismatch");
  }
  const cutLeft = (sides.report?.sizeMismatchCut ?? []).filter((c) => result.mapping[c.key] === c.key && !result.sizeMismatches.some((m) => m.target === c.key));
  if (cutLeft.length > 0) {
    fixable = false;
    result = { ...result, sizeMismatches: [...result.sizeMismatches, ...cutLeft.map((c) => ({ source: c.key, target: c.key, sourceShape: c.source, targetShape: c.expected }))] };
    const unnamed = cutLeft.filter((c) => !causes.some((x) => x.message.includes(`\`${c.key}\``)));
    if (unnamed.length > 0) {
      causes.push({ code: "size_line_cut", message: `${examples4(unnamed.map((c) => c.key))} ${unnamed.length === 1 ? "has" : "have"} another shape in the checkpoint than in the model (the line was cut before the shapes): the plan leaves ${unnamed.length === 1 ? "it" : "them"} as ${unnamed.length === 1 ? "it is" : "they are"}, so a strict load still fails on ${unnamed.length === 1 ? "it" : "them"}; give the whole line (or the checkpoint: sdmatch explain CHECKPOINT ERROR.txt) to tell what differs` });
    }
  }
  const shapesDiffer = shapesStillDiffering(plan2, sides);
  const complete = !sides.report?.truncated && fixable && missing.length === 0 && result.leftover.length === 0 && result.ambiguities.length === 0 && result.sizeMismatches.length === 0 && shapesDiffer.length === 0;
  return {
    plan: plan2,
    result,
    mode: sides.mode,
    opKeys: opKeyCounts(result.ops, sides.source.map((e) => e.key)),
    missing,
    counters,
    unexpected: result.leftover,
    causes,
    fixable,
    complete,
    shapesDiffer,
    uncertain: sides.uncertain,
    keptMissing
  };
}
function replacedByPlan(plan2, sides) {
  const dropped = Object.keys(plan2.mapping).filter((k) => plan2.mapping[k] === null);
  if (dropped.length === 0 || plan2.unmapped.length === 0) return [];
  const landing = simulateNames(plan2.ops.filter((o) => o.op !== "drop"), dropped);
  const unmapped = new Set(plan2.unmapped);
  const shapes = new Map(sides.source.map((e) => [e.key, e.shape]));
  const out = [];
  for (const s2 of dropped) {
    const t = landing.get(s2);
    if (typeof t !== "string" || !unmapped.has(t) || !HEAD_MODULE.test(t)) continue;
    const shape4 = shapes.get(s2);
    out.push({ key: t, reason: `the plan drops the checkpoint's \`${s2}\`${shape4 ? ` (${`[${shape4.join(", ")}]`})` : ""}, of another shape: the model initialises its own; train or fine-tune it`, kind: "head" });
  }
  return out;
}
function withHintCauses(causes, fixable, hints, keptMissing) {
  const lead = [...hints.blockers, ...hints.notes];
  if (hints.prefix) {
    const p = hints.prefix;
    lead.push({
      code: "wrapper_prefix",
      message: p.why !== void 0 ? `every checkpoint key the error lists starts with \`${p.prefix}\` (${p.who}): ${p.why}` : p.op === "strip_prefix" ? `every checkpoint key the error lists starts with \`${p.prefix}\` (${p.who} adds it when the checkpoint is saved from the wrapped model): strip it` : `every key the model expects starts with \`${p.prefix}\`: the model is wrapped (${p.who}) and the checkpoint was saved from the bare model: add the prefix (or load into the unwrapped model: \`model.module.load_state_dict(...)\`)`
    });
  }
  const buffers = keptMissing.filter((k) => k.kind !== "head" && k.kind !== "loss-network");
  const lossNetwork = keptMissing.filter((k) => k.kind === "loss-network");
  const newHead = keptMissing.filter((k) => k.kind === "head");
  const part = newHead.every((k) => HEAD_MODULE.test(k.key)) ? "the model's head" : "parts new in the model";
  if (newHead.length > 0) lead.push({ code: "new_head", message: `${plural3(newHead.length, "key")} of ${part} stay missing on purpose (${examples4(newHead.map((k) => k.key))}): the model initialises ${newHead.length === 1 ? "it" : "them"}; ${keptMissingRecipe(newHead.map((k) => k.key))}` });
  if (lossNetwork.length > 0) lead.push({ code: "loss_network_missing", message: `${plural3(lossNetwork.length, "key")} the model expects ${lossNetwork.length === 1 ? "is a parameter" : "are parameters"} of a loss network the inference model does not use (${examples4(lossNetwork.map((k) => k.key))}; ${lossNetwork[0].reason}); ${keptMissingRecipe(lossNetwork.map((k) => k.key))}` });
  if (buffers.length > 0) lead.push({ code: "buffers_missing", message: `${plural3(buffers.length, "key")} the model expects ${buffers.length === 1 ? "is a buffer" : "are buffers"} it computes itself (${examples4(buffers.map((k) => k.key))}; ${buffers[0].reason}): nothing trained is lost; ${keptMissingRecipe(buffers.map((k) => k.key))}` });
  const rest = causes.filter((c) => !(lead.length > 0 && (c.code === "one_sided" || c.code === "match" || c.code === "num_batches_tracked" && buffers.length > 0)));
  const blocked = hints.blockers.length > 0;
  const settledByHints = hints.prefix !== null || hints.drops.length > 0 || hints.keepMissing.length > 0 || hints.notes.length > 0;
  return { causes: [...lead, ...rest], fixable: blocked ? false : fixable || settledByHints && rest.every((c) => c.code !== "another_model" && c.code !== "size_mismatch") };
}
function withEdits(result, sides, edits) {
  const done = new Set(dropsAlreadyDone(result.ops, sides.source, edits.drop));
  const ops = editOps(result.ops, { ...edits, drop: edits.drop.filter((d2) => !done.has(d2)) });
  const target = sides.target.map((e) => e.key);
  const d = deriveFromOps(ops, sides.source, new Set(target), target);
  if (d.errors.length > 0) {
    const more = d.errors.length > 1 ? ` (and ${d.errors.length - 1} more problem(s))` : "";
    throw new FormatError("", `after --rename/--tie/--drop: ${d.errors[0]}${more}`);
  }
  const unexpected = new Set(d.unexpected);
  const names = (v) => v == null ? [] : typeof v === "string" ? [v] : v;
  const leftover = sides.source.map((e) => e.key).filter((k) => names(d.mapping[k]).some((n) => unexpected.has(n)));
  const still = new Set(leftover);
  const said = edits.rename.map((r) => `rename ${r.from} \u2192 ${r.to === "" ? '""' : r.to}`).concat(
    edits.tie.map((t) => `tie ${t.target} = ${t.source}`),
    edits.drop.map((d2) => done.has(d2) ? `drop ${d2} (the plan already drops those keys)` : `drop ${d2}`)
  );
  const causes = result.causes.filter((c) => c.code !== "missing" && c.code !== "unexpected" && c.code !== "match");
  if (said.length > 0) causes.push({ code: "edited", message: `edited on the command line: ${said.join("; ")}` });
  if (d.unmapped.length) causes.push({ code: "missing", message: `${plural3(d.unmapped.length, "key")} the model expects ${d.unmapped.length > 1 ? "have" : "has"} no source in the checkpoint (${examples4(d.unmapped)})` });
  if (leftover.length) causes.push({ code: "unexpected", message: `${plural3(leftover.length, "checkpoint key")} ${leftover.length > 1 ? "have" : "has"} no place in the model (${examples4(leftover)})` });
  return {
    ...result,
    causes,
    ops,
    mapping: d.mapping,
    unmapped: d.unmapped,
    leftover,
    ambiguities: result.ambiguities.filter((a) => a.keys.some((k) => still.has(k))),
    sizeMismatches: result.sizeMismatches.filter((m) => names(d.mapping[m.source]).includes(m.target))
  };
}
function buildPlan(sides, source, targetFile, options = {}) {
  const edits = options.edits ?? NO_EDITS;
  checkEdits(edits);
  const edited = (r) => hasEdits(edits) ? withEdits(r, sides, edits) : r;
  const hints = sides.mode === "error-only" && sides.report ? errorHints(sides.report) : null;
  if (hints?.select) return selectionPlan(sides, hints.select, source, targetFile);
  const hinted = hints ? withImpliedPrefix(sides, hints) : sides;
  const infer = (h) => inferPlan({
    source: hinted.source,
    target: hinted.target,
    options: {
      minConfidence: options.minConfidence ?? 0,
      partial: sides.mode === "error-only",
      cut: sides.report?.truncated ?? false,
      // from an error alone the names decide which size mismatches are heads (error-hints.ts); inference's
      // position-and-word guess is for full key lists, so every other mismatch stays one
      ...h ? { drops: h.drops, keepMissing: h.keepMissing.map((k) => k.key), neverDrop: [...h.untouched, ...(sides.report?.sizeMismatch ?? []).map((m) => m.key).filter((k) => !h.drops.some((d) => d.key === k))] } : {}
    }
  });
  const result = hints?.anotherVariant ? unpaired(hinted) : infer(hints);
  const movesNothing = result.ops.every((o) => o.op === "drop");
  const unmappedNow = result.unmapped.filter((k) => !sides.implied.has(k));
  const lenient = hints && hints.blockers.length === 0 && sides.report ? (movesNothing || isLenientLoad(sides.report) ? lenientHints(sides.report, result.leftover, unmappedNow) : null) ?? (movesNothing ? null : outsideSubmoduleHints(sides.report, result.ops, result.leftover, unmappedNow)) : null;
  if (lenient) {
    const merged = { ...hints, drops: [...hints.drops, ...lenient.drops], keepMissing: [...hints.keepMissing, ...lenient.keepMissing], notes: [...hints.notes, ...lenient.notes] };
    return declaredMissingFound(planFromInference(hinted, edited(infer(merged)), source, targetFile, merged, edits.keepMissing));
  }
  return declaredMissingFound(planFromInference(hinted, edited(result), source, targetFile, hints, edits.keepMissing));
}
function unpaired(sides) {
  const sourceKeys = sides.source.map((e) => e.key);
  const have = new Set(sourceKeys);
  const targetKeys = sides.target.map((e) => e.key);
  const expected = new Set(targetKeys);
  const mapping = /* @__PURE__ */ Object.create(null);
  for (const k of sourceKeys) mapping[k] = k;
  return { ops: [], mapping, unmapped: targetKeys.filter((k) => !have.has(k)), leftover: sourceKeys.filter((k) => !expected.has(k)), ambiguities: [], warnings: [], causes: [], sizeMismatches: [], fixable: false };
}
function declaredMissingFound(outcome) {
  checkDeclaredMissing("", outcome.plan.keepMissing ?? [], outcome.plan.unmapped);
  return outcome;
}
function withImpliedPrefix(sides, hints) {
  const p = hints.prefix;
  if (!p) return sides;
  const implied = new Set(sides.implied);
  if (p.op === "strip_prefix") {
    const have2 = new Set(sides.target.map((e) => e.key));
    const extra2 = p.keys.map((k) => k.slice(p.prefix.length)).filter((k) => !have2.has(k));
    for (const k of extra2) implied.add(k);
    return { ...sides, target: [...sides.target, ...extra2.map(unshaped)], implied };
  }
  const have = new Set(sides.source.map((e) => e.key));
  const extra = p.keys.map((k) => k.slice(p.prefix.length)).filter((k) => !have.has(k));
  return { ...sides, source: [...sides.source, ...extra.map(unshaped)] };
}
function selectionPlan(sides, select, source, targetFile) {
  const plan2 = makePlan({ ...source, select: [select.field] }, { file: targetFile, keys: sides.target.length - sides.implied.size }, { ops: [], mapping: {}, unmapped: [] });
  const others = select.alternatives.length > 0 ? ` (it also holds ${select.alternatives.map((f) => `\`${f}\``).join(", ")}: if the weights you want are there, select that instead)` : "";
  const causes = [{
    code: "nested",
    message: `the keys given to the model are a checkpoint's fields (${select.fields.slice(0, 5).map((f) => `\`${f}\``).join(", ")}) rather than weights: the whole checkpoint was passed to load_state_dict; its weights are under \`${select.field}\`${others}: load \`${pythonAccess([select.field])}\` instead`
  }];
  const uncertain = [
    `the error shows the checkpoint's fields, not the keys inside \`${select.field}\`: they may still differ from the model's (a \`module.\` prefix from DataParallel, or a state dict nested one level deeper); run \`sdmatch explain CHECKPOINT ERROR.txt\` to check them`,
    ...sides.uncertain.filter((u) => !u.startsWith("the error names only"))
  ];
  const result = { ops: [], mapping: {}, unmapped: [], leftover: [], ambiguities: [], warnings: [], causes, sizeMismatches: [], fixable: true };
  return { plan: plan2, result, mode: sides.mode, opKeys: [], missing: [], counters: [], unexpected: [], causes, fixable: true, complete: false, shapesDiffer: [], uncertain, keptMissing: [] };
}

// src/apply/apply.ts
import { readdirSync as readdirSync6, statSync as statSync7 } from "node:fs";
import { dirname as dirname8, extname, resolve } from "node:path";

// src/formats/io-errors.ts
var ENVIRONMENT_ERRORS = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large for this file system",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or folder",
  ENOTDIR: "a folder on the path is a file",
  EISDIR: "is a folder",
  EIO: "input/output error (the disk failed)",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many symbolic links",
  EXDEV: "crosses file systems",
  ETXTBSY: "file is busy"
};
function environmentCode(e) {
  if (!(e instanceof Error)) return null;
  const code2 = e.code;
  return typeof code2 === "string" && code2 in ENVIRONMENT_ERRORS ? code2 : null;
}
function asEnvironmentError(e, file, doing) {
  const code2 = environmentCode(e);
  if (code2 === null) return e;
  return new FormatError(file, `${doing}: ${ENVIRONMENT_ERRORS[code2]} (${code2})`, { cause: e });
}
function notRegularFile(st) {
  if (st.isFile()) return null;
  const what = st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" : st.isFIFO() ? "a FIFO (named pipe)" : st.isSocket() ? "a socket" : st.isDirectory() ? "a folder" : "not a regular file";
  return `is ${what}, not a regular file; name a new path or a regular file`;
}

// src/formats/storage-copy.ts
import { closeSync as closeSync3, fstatSync as fstatSync3, openSync as openSync3, readSync as readSync2 } from "node:fs";
import { Inflate as Inflate2 } from "fflate";
var COPY_BUFFER_SIZE = 4 << 20;
var MAX_DEFLATE_RATIO = 1032;
var DEFLATE_STEP = 64 << 10;
var OpenFiles = class {
  fds = /* @__PURE__ */ new Map();
  get(path) {
    let f = this.fds.get(path);
    if (!f) {
      let fd;
      try {
        fd = openSync3(path, "r");
      } catch (e) {
        throw new FormatError(path, `cannot open storage source: ${e.code ?? String(e)}`);
      }
      f = { fd, size: fstatSync3(fd).size };
      this.fds.set(path, f);
    }
    return f;
  }
  close() {
    for (const { fd } of this.fds.values()) closeSync3(fd);
    this.fds.clear();
  }
};
function locationLength(loc) {
  return loc.kind === "memory" ? loc.bytes.length : loc.length;
}
function locationFile(loc) {
  return locationFiles(loc)[0] ?? "";
}
function copyRange(loc, sink, opts = {}) {
  const total = locationLength(loc);
  const start = opts.start ?? 0;
  const length = opts.length ?? total - start;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > total) {
    throw new FormatError(locationFile(loc), `bytes ${start}..${start + length} are outside a storage of ${total} bytes`);
  }
  if (length === 0) return;
  const bufSize = Math.max(1, Math.min(opts.bufSize ?? COPY_BUFFER_SIZE, COPY_BUFFER_SIZE));
  if (loc.kind === "memory" || loc.kind === "computed") {
    const bytes = loc.kind === "memory" ? loc.bytes : computedBytes(loc);
    for (let at = start; at < start + length; at += bufSize) sink(bytes.subarray(at, Math.min(at + bufSize, start + length)));
    return;
  }
  const files = opts.files ?? new OpenFiles();
  try {
    if (loc.kind === "chunks") {
      const runs = chunkRuns(loc);
      if (runs) copyRuns(runs, start, length, sink, bufSize, files);
      else {
        const whole = assembleChunks(loc, files, chunkScratch(loc.length));
        for (let at = start; at < start + length; at += bufSize) sink(whole.subarray(at, Math.min(at + bufSize, start + length)));
      }
    } else if (loc.kind === "raw") copyRaw(loc.file, loc.offset + start, length, sink, bufSize, files);
    else copyDeflated(loc, start, length, sink, bufSize, files);
  } finally {
    if (!opts.files) files.close();
  }
}
function assembleChunks(loc, files, into) {
  const out = into ?? new Uint8Array(loc.length);
  const strides = contiguousStrides(loc.shape);
  const rank3 = loc.shape.length;
  for (const c of loc.chunks) {
    const want = numel(c.sizes) * loc.itemsize;
    if (want === 0) continue;
    const t = c.tensor;
    const plain2 = t.storage.bytes?.kind === "raw" && isContiguous(t) && itemSize(t.dtype) === loc.itemsize ? t.storage.bytes : null;
    let inner = Math.max(0, rank3 - 1);
    while (inner > 0 && c.sizes[inner] === loc.shape[inner]) inner--;
    let first = 0;
    for (let d = 0; d < rank3; d++) first += c.offsets[d] * strides[d];
    if (plain2 && c.sizes.slice(0, inner).every((n) => n === 1)) {
      readRawInto(plain2, t.storageOffset * loc.itemsize, out.subarray(first * loc.itemsize, first * loc.itemsize + want), files);
      continue;
    }
    let bytes;
    if (plain2) {
      bytes = pieceScratch(want);
      readRawInto(plain2, t.storageOffset * loc.itemsize, bytes, files);
    } else bytes = readTensorBytes(t, files);
    if (bytes.length !== want) {
      throw new FormatError(loc.file, `chunk at [${c.offsets}] of a [${loc.shape}] tensor holds ${bytes.length} bytes, not the ${want} its sizes [${c.sizes}] need`);
    }
    if (rank3 === 0) {
      out.set(bytes);
      continue;
    }
    const run = numel(c.sizes.slice(inner)) * loc.itemsize;
    const idx = new Array(inner).fill(0);
    for (let from = 0; from < bytes.length; from += run) {
      let el = first;
      for (let d = 0; d < inner; d++) el += idx[d] * strides[d];
      out.set(bytes.subarray(from, from + run), el * loc.itemsize);
      for (let d = inner - 1; d >= 0; d--) {
        if (++idx[d] < c.sizes[d]) break;
        idx[d] = 0;
      }
    }
  }
  return out;
}
function chunkRuns(loc) {
  const strides = contiguousStrides(loc.shape);
  const rank3 = loc.shape.length;
  const runs = [];
  for (const c of loc.chunks) {
    const n = numel(c.sizes);
    if (n === 0) continue;
    const t = c.tensor;
    const b = t.storage.bytes;
    if (b?.kind !== "raw" || !isContiguous(t) || itemSize(t.dtype) !== loc.itemsize) return null;
    const first = c.sizes.findIndex((x) => x > 1);
    if (first >= 0 && c.sizes.some((x, d) => d > first && x !== loc.shape[d])) return null;
    let at = 0;
    for (let d = 0; d < rank3; d++) at += c.offsets[d] * strides[d];
    const length = n * loc.itemsize;
    if (t.storageOffset * loc.itemsize + length > b.length) return null;
    runs.push({ file: b.file, offset: b.offset + t.storageOffset * loc.itemsize, at: at * loc.itemsize, length });
  }
  runs.sort((x, y) => x.at - y.at);
  let end = 0;
  for (const r of runs) {
    if (r.at !== end) return null;
    end += r.length;
  }
  return end === loc.length ? runs : null;
}
function copyRuns(runs, start, length, sink, bufSize, files) {
  const end = start + length;
  for (const r of runs) {
    const lo = Math.max(start, r.at);
    const hi = Math.min(end, r.at + r.length);
    if (lo < hi) copyRaw(r.file, r.offset + (lo - r.at), hi - lo, sink, bufSize, files);
  }
}
var pieceBuffer = new Uint8Array(0);
function pieceScratch(length) {
  if (pieceBuffer.length < length) pieceBuffer = new Uint8Array(length);
  return pieceBuffer.subarray(0, length);
}
var scratch = new Uint8Array(0);
function chunkScratch(length) {
  if (scratch.length < length) scratch = new Uint8Array(length);
  return scratch.subarray(0, length);
}
function readRawInto(loc, start, dest, files) {
  const { fd, size } = files.get(loc.file);
  const offset = loc.offset + start;
  if (start + dest.length > loc.length || offset + dest.length > size) {
    throw new FormatError(loc.file, `truncated: storage needs bytes ${offset}..${offset + dest.length} but the file has ${size} bytes`);
  }
  for (let got = 0; got < dest.length; ) {
    const n = readSync2(fd, dest, got, dest.length - got, offset + got);
    if (n === 0) throw new FormatError(loc.file, `truncated: file ended at ${offset + got}`);
    got += n;
  }
}
var copyBuf = new Uint8Array(0);
function copyBuffer(length) {
  if (copyBuf.length < length) copyBuf = new Uint8Array(Math.max(length, Math.min(COPY_BUFFER_SIZE, 2 * copyBuf.length)));
  return copyBuf.subarray(0, length);
}
function copyRaw(file, offset, length, sink, bufSize, files) {
  const { fd, size } = files.get(file);
  if (offset + length > size) {
    throw new FormatError(file, `truncated: storage needs bytes ${offset}..${offset + length} but the file has ${size} bytes`);
  }
  const buf = copyBuffer(Math.min(bufSize, length));
  let done = 0;
  while (done < length) {
    const want = Math.min(buf.length, length - done);
    let got = 0;
    while (got < want) {
      const n = readSync2(fd, buf, got, want - got, offset + done + got);
      if (n === 0) throw new FormatError(file, `truncated: file ended at ${offset + done + got}`);
      got += n;
    }
    sink(buf.subarray(0, want));
    done += want;
  }
}
function copyDeflated(loc, start, length, sink, bufSize, files) {
  const { fd, size } = files.get(loc.file);
  if (loc.offset + loc.compressedLength > size) {
    throw new FormatError(loc.file, `truncated: zip entry ${loc.entry} needs bytes ${loc.offset}..${loc.offset + loc.compressedLength} but the file has ${size} bytes`);
  }
  const end = start + length;
  let produced = 0;
  const inflate = new Inflate2((chunk) => {
    const from = produced;
    produced += chunk.length;
    if (produced > loc.length) throw new FormatError(loc.file, `zip entry ${loc.entry} inflates to more than its declared ${loc.length} bytes`);
    const lo = Math.max(start, from);
    const hi = Math.min(end, produced);
    if (lo < hi) sink(chunk.subarray(lo - from, hi - from));
  });
  const buf = new Uint8Array(Math.min(bufSize, DEFLATE_STEP, Math.max(1, loc.compressedLength)));
  let read4 = 0;
  try {
    while (read4 < loc.compressedLength && produced < end) {
      const want = Math.min(buf.length, loc.compressedLength - read4);
      const n = readSync2(fd, buf, 0, want, loc.offset + read4);
      if (n === 0) throw new FormatError(loc.file, `truncated: file ended inside zip entry ${loc.entry}`);
      read4 += n;
      inflate.push(buf.subarray(0, n), read4 === loc.compressedLength);
    }
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(loc.file, `zip entry ${loc.entry}: corrupt deflate stream (${e.message})`);
  }
  if (produced < end) throw new FormatError(loc.file, `zip entry ${loc.entry} inflates to ${produced} bytes, fewer than the ${end} needed`);
}
function computedBytes(loc) {
  const bytes = loc.compute();
  if (bytes.length !== loc.length) throw new Error(`a rebuilt tensor from ${loc.file} came to ${bytes.length} bytes, not the ${loc.length} planned`);
  return bytes;
}
function readRange(loc, start, length, files, into) {
  if (loc.kind === "deflate" && loc.length > loc.compressedLength * MAX_DEFLATE_RATIO + 1024) {
    throw new FormatError(loc.file, `zip entry ${loc.entry} declares ${loc.length} bytes from ${loc.compressedLength} compressed: impossible for deflate`);
  }
  const own = files ?? new OpenFiles();
  try {
    if (loc.kind === "chunks" && start === 0 && length === loc.length) return assembleChunks(loc, own);
    if (loc.kind === "raw" && loc.offset + start + length > own.get(loc.file).size) {
      throw new FormatError(loc.file, `truncated: storage needs bytes ${loc.offset + start}..${loc.offset + start + length} but the file has ${own.get(loc.file).size} bytes`);
    }
    if (loc.kind === "computed") return computedBytes(loc).slice(start, start + length);
    const out = loc.kind === "raw" && into?.length === length ? into : new Uint8Array(length);
    if (loc.kind === "raw") {
      readRawInto(loc, start, out, own);
      return out;
    }
    let at = 0;
    copyRange(loc, (chunk) => {
      out.set(chunk, at);
      at += chunk.length;
    }, { start, length, files: own });
    return out;
  } finally {
    if (!files) own.close();
  }
}
function viewSpan(info) {
  if (numel(info.shape) === 0) return null;
  let last = info.storageOffset;
  for (let i = 0; i < info.shape.length; i++) last += (info.shape[i] - 1) * info.stride[i];
  return { first: info.storageOffset, end: last + 1 };
}
function checkView(info) {
  const ok = info.shape.length === info.stride.length && Number.isSafeInteger(info.storageOffset) && info.storageOffset >= 0 && info.shape.every((d) => Number.isSafeInteger(d) && d >= 0) && info.stride.every((s2) => Number.isSafeInteger(s2) && s2 >= 0);
  if (!ok) {
    throw new FormatError(
      locationFile(info.storage.bytes ?? { kind: "memory", bytes: new Uint8Array(0) }),
      `tensor with shape [${info.shape}] stride [${info.stride}] offset ${info.storageOffset} is not a valid view`
    );
  }
}
function readTensorBytes(info, files, into) {
  checkView(info);
  const size = itemSize(info.dtype);
  const loc = info.storage.bytes;
  const span = viewSpan(info);
  if (!span) return new Uint8Array(0);
  if (!loc) throw new FormatError("", `storage ${info.storage.key} has no readable bytes in the file`);
  const have = locationLength(loc);
  if (span.end * size > have) {
    throw new FormatError(
      locationFile(loc),
      `tensor view needs storage elements ${span.first}..${span.end} but storage ${info.storage.key} holds ${Math.floor(have / size)}`
    );
  }
  const bytes = readRange(loc, span.first * size, (span.end - span.first) * size, files, isContiguous(info) ? into : void 0);
  if (isContiguous(info)) return bytes;
  return gatherStrided(bytes, size, info.shape, info.stride, 0);
}
function gatherStrided(src, itemsize, shape4, stride, offset, into) {
  const n = numel(shape4) * itemsize;
  const out = into?.length === n ? into : new Uint8Array(n);
  if (out.length === 0) return out;
  const dims = [];
  for (let i = 0; i < shape4.length; i++) {
    if (shape4[i] === 1) continue;
    const prev = dims[dims.length - 1];
    if (prev && prev.stride === stride[i] * shape4[i]) {
      prev.size *= shape4[i];
      prev.stride = stride[i];
    } else {
      dims.push({ size: shape4[i], stride: stride[i] });
    }
  }
  if (dims.length === 0) dims.push({ size: 1, stride: 1 });
  const w = wordSize(src, out, itemsize);
  const k = itemsize / w;
  const S = wordView(src, w);
  const D = wordView(out, w);
  if (dims.length === 2 && dims[0].stride === 1 && dims[1].stride !== 1) {
    transposeTiles(S, D, k, offset * k, dims[0].size, dims[1].size, dims[1].stride * k);
    return out;
  }
  const inner = dims[dims.length - 1];
  const outer = dims.slice(0, -1);
  const idx = new Array(outer.length).fill(0);
  const runWords = inner.size * k;
  const innerStep = inner.stride * k;
  let base = offset * k;
  let o = 0;
  for (; ; ) {
    if (inner.stride === 1) {
      D.set(S.subarray(base, base + runWords), o);
      o += runWords;
    } else if (k === 1) {
      for (let j = 0, p = base; j < inner.size; j++, p += innerStep) D[o++] = S[p];
    } else {
      for (let j = 0, p = base; j < inner.size; j++, p += innerStep) for (let q = 0; q < k; q++) D[o++] = S[p + q];
    }
    let d = outer.length - 1;
    for (; d >= 0; d--) {
      const dim = outer[d];
      base += dim.stride * k;
      if (++idx[d] < dim.size) break;
      base -= dim.stride * k * dim.size;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return out;
}
var TILE = 64;
function transposeTiles(S, D, k, base, rows, cols, step) {
  if (k === 1) {
    transposeWords(S, D, base, rows, cols, step);
    return;
  }
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        let o = (i * cols + j0) * k;
        let p = base + i * k + j0 * step;
        for (let j = j0; j < j1; j++, p += step) for (let q = 0; q < k; q++) D[o++] = S[p + q];
      }
    }
  }
}
function transposeWords(S, D, base, rows, cols, step) {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      let i = i0;
      for (; i + 8 <= i1; i += 8) {
        let o = i * cols + j0;
        let p = base + i + j0 * step;
        for (let j = j0; j < j1; j++, p += step, o++) {
          D[o] = S[p];
          D[o + cols] = S[p + 1];
          D[o + 2 * cols] = S[p + 2];
          D[o + 3 * cols] = S[p + 3];
          D[o + 4 * cols] = S[p + 4];
          D[o + 5 * cols] = S[p + 5];
          D[o + 6 * cols] = S[p + 6];
          D[o + 7 * cols] = S[p + 7];
        }
      }
      for (; i < i1; i++) {
        let o = i * cols + j0;
        for (let j = j0, p = base + i + j0 * step; j < j1; j++, p += step) D[o++] = S[p];
      }
    }
  }
}
function wordSize(a, b, itemsize) {
  for (const w of [4, 2]) {
    if (itemsize % w === 0 && a.byteOffset % w === 0 && a.length % w === 0 && b.byteOffset % w === 0) return w;
  }
  return 1;
}
function wordView(a, w) {
  if (w === 1) return a;
  if (w === 2) return new Uint16Array(a.buffer, a.byteOffset, a.length / 2);
  return new Uint32Array(a.buffer, a.byteOffset, a.length / 4);
}
function checkDense(bytes, shape4, itemsize, what) {
  if (bytes.length !== numel(shape4) * itemsize) {
    throw new Error(`${what}: ${bytes.length} bytes do not hold shape [${shape4}] of ${itemsize}-byte items`);
  }
}
function transposeBytes(bytes, shape4, itemsize, dims, into) {
  checkDense(bytes, shape4, itemsize, "transpose");
  const seen = new Set(dims);
  if (dims.length !== shape4.length || seen.size !== dims.length || dims.some((d) => !(d >= 0 && d < shape4.length))) {
    throw new Error(`transpose: [${dims}] is not a permutation of ${shape4.length} dims`);
  }
  const strides = contiguousStrides(shape4);
  return gatherStrided(bytes, itemsize, dims.map((d) => shape4[d]), dims.map((d) => strides[d]), 0, into);
}
function concatBytes(parts, itemsize, dim) {
  const first = parts[0];
  if (!first) throw new Error("concat: no parts");
  if (!(dim >= 0 && dim < first.shape.length)) throw new Error(`concat: dim ${dim} out of range for shape [${first.shape}]`);
  for (const p of parts) {
    checkDense(p.bytes, p.shape, itemsize, "concat");
    if (p.shape.length !== first.shape.length || p.shape.some((d, i) => i !== dim && d !== first.shape[i])) {
      throw new Error(`concat: shape [${p.shape}] does not match [${first.shape}] outside dim ${dim}`);
    }
  }
  const shape4 = first.shape.slice();
  shape4[dim] = parts.reduce((a, p) => a + p.shape[dim], 0);
  const outer = numel(shape4.slice(0, dim));
  const out = new Uint8Array(numel(shape4) * itemsize);
  const blocks = parts.map((p) => numel(p.shape.slice(dim)) * itemsize);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < parts.length; j++) {
      const blk = blocks[j];
      out.set(parts[j].bytes.subarray(i * blk, (i + 1) * blk), o);
      o += blk;
    }
  }
  return { bytes: out, shape: shape4 };
}

// src/apply/apply-changes.ts
function rebuilds(c) {
  return c.outputs.filter((o) => o.recipe.kind !== "source").length;
}
function splitSource(r) {
  if (r.kind === "source") return r.key;
  if (r.kind === "concat") return null;
  return splitSource(r.of);
}
function rearrangement(r) {
  if (r.kind === "source") return { from: r.key, dims: null, shape: null };
  if (r.kind !== "transpose" && r.kind !== "reshape") return null;
  const inner = rearrangement(r.of);
  if (!inner) return null;
  if (r.kind === "transpose") return { ...inner, dims: inner.dims ?? r.dims };
  return { ...inner, shape: r.shape };
}
function planKeyChanges(plan2, planFile, source) {
  const result = applyOpsToKeys(plan2.ops, source);
  if (result.errors.length > 0) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problem(s))` : "";
    throw new FormatError(planFile, `${result.errors[0]}${more}`);
  }
  const target = targetKeysOf(plan2);
  const written = new Set(result.outputs.map((o) => o.key));
  const listed = new Set(plan2.unmapped);
  const missing = [...plan2.unmapped.filter((k) => !written.has(k)), ...target ? [...target].filter((k) => !written.has(k) && !listed.has(k)) : []];
  const c = { outputs: result.outputs, kept: [], renamed: [], dropped: [], transposed: [], reshaped: [], split: [], concat: [], missing, mapping: result.mapping };
  const splits = /* @__PURE__ */ new Map();
  for (const o of result.outputs) {
    const r = o.recipe;
    if (r.kind === "source") {
      if (r.key === o.key) c.kept.push(o.key);
      else c.renamed.push({ from: r.key, to: o.key });
    } else if (rearrangement(r)) {
      const a = rearrangement(r);
      if (a.dims) c.transposed.push({ from: a.from, to: o.key, dims: a.dims });
      else c.reshaped.push({ from: a.from, to: o.key, shape: a.shape });
    } else if (r.kind === "concat") {
      c.concat.push({ from: o.sources, into: o.key });
    } else {
      const from = splitSource(r) ?? o.sources.join("+");
      const list = splits.get(from) ?? [];
      list.push(o.key);
      splits.set(from, list);
    }
  }
  for (const [from, into] of splits) c.split.push({ from, into });
  for (const e of source) if (result.mapping[e.key] === null) c.dropped.push(e.key);
  return c;
}

// src/apply/dcp-rename.ts
import { closeSync as closeSync4, fsyncSync, openSync as openSync4, renameSync as renameSync2, rmSync, writeSync } from "node:fs";
import { dirname as dirname6, join as join8 } from "node:path";

// src/formats/pickle/writer.ts
var OP = {
  MARK: 40,
  STOP: 46,
  POP: 48,
  POP_MARK: 49,
  BININT: 74,
  BININT1: 75,
  BININT2: 77,
  NONE: 78,
  BINPERSID: 81,
  REDUCE: 82,
  BINSTRING: 84,
  SHORT_BINSTRING: 85,
  BINUNICODE: 88,
  APPEND: 97,
  BUILD: 98,
  GLOBAL: 99,
  DICT: 100,
  APPENDS: 101,
  BINGET: 104,
  INST: 105,
  LONG_BINGET: 106,
  OBJ: 111,
  BINPUT: 113,
  LONG_BINPUT: 114,
  SETITEM: 115,
  TUPLE: 116,
  SETITEMS: 117,
  EMPTY_DICT: 125,
  EMPTY_LIST: 93,
  EMPTY_TUPLE: 41,
  BINFLOAT: 71,
  PROTO: 128,
  NEWOBJ: 129,
  EXT1: 130,
  EXT2: 131,
  EXT4: 132,
  TUPLE1: 133,
  TUPLE2: 134,
  TUPLE3: 135,
  NEWTRUE: 136,
  NEWFALSE: 137,
  LONG1: 138,
  LONG4: 139
};
var BATCH = 1e3;
var G = (module, name) => ({ kind: "global", module, name });
var CODECS_ENCODE = G("_codecs", "encode");
var BUILTIN_BYTES = G("__builtin__", "bytes");
var BUILTIN_BYTEARRAY = G("__builtin__", "bytearray");
var BUILTIN_SET = G("__builtin__", "set");
var BUILTIN_FROZENSET = G("__builtin__", "frozenset");
var NEWOBJ_EX = G("copyreg", "__newobj_ex__");
var Step = class {
  constructor(run) {
    this.run = run;
  }
};
function writePickle(value, opts = {}) {
  if (opts.protocol !== void 0 && opts.protocol !== 2) throw new Error(`pickle writer: protocol ${String(opts.protocol)} is not supported`);
  return new Pickler(opts).dump(value);
}
var Pickler = class {
  constructor(opts) {
    this.opts = opts;
  }
  out = new Output();
  memoObj = /* @__PURE__ */ new Map();
  memoStr = /* @__PURE__ */ new Map();
  memoGlobal = /* @__PURE__ */ new Map();
  nextMemo = 0;
  work = [];
  dump(root) {
    this.out.byte(OP.PROTO).byte(2);
    this.work.push(root);
    while (this.work.length > 0) {
      const w = this.work.pop();
      if (w instanceof Step) w.run();
      else this.save(w);
    }
    this.out.byte(OP.STOP);
    return this.out.result();
  }
  /** Schedules items to be written in order (the stack pops last-pushed first). */
  later(items2) {
    for (let i = items2.length - 1; i >= 0; i--) this.work.push(items2[i]);
  }
  /**
   * Objects under construction. Re-entering one once is legitimate (a cycle through a mutable item,
   * which is memoized before its children, ends the second pass); a third entry means a cycle through
   * constructor arguments alone, which no pickle can express, and would never end.
   */
  building = /* @__PURE__ */ new Map();
  enter(self) {
    const depth2 = (this.building.get(self) ?? 0) + 1;
    if (depth2 > 2) throw new FormatError("", "cannot pickle a value that contains itself through constructor arguments only");
    this.building.set(self, depth2);
  }
  leave(self) {
    const depth2 = this.building.get(self) - 1;
    if (depth2 === 0) this.building.delete(self);
    else this.building.set(self, depth2);
  }
  op(code2) {
    return new Step(() => this.out.byte(code2));
  }
  put() {
    const i = this.nextMemo++;
    if (i < 256) this.out.byte(OP.BINPUT).byte(i);
    else this.out.byte(OP.LONG_BINPUT).u32(i);
    return i;
  }
  get(i) {
    if (i < 256) this.out.byte(OP.BINGET).byte(i);
    else this.out.byte(OP.LONG_BINGET).u32(i);
  }
  save(v) {
    if (this.opts.persistentId) {
      const pid = this.opts.persistentId(v);
      if (pid !== void 0) {
        this.later([pid, this.op(OP.BINPERSID)]);
        return;
      }
    }
    if (v === null) return void this.out.byte(OP.NONE);
    switch (typeof v) {
      case "boolean":
        return void this.out.byte(v ? OP.NEWTRUE : OP.NEWFALSE);
      case "number":
        if (!Number.isInteger(v)) throw new Error(`pickle writer: ${v} is not an int (floats are PyFloat)`);
        return this.saveInt(v);
      case "bigint":
        return this.saveInt(v);
      case "string":
        return this.saveStr(v);
    }
    const known = this.memoObj.get(v);
    if (known !== void 0) return this.get(known);
    switch (v.kind) {
      case "float":
        this.out.byte(OP.BINFLOAT).f64be(v.value);
        return;
      case "bytes":
        return this.saveBytes(v);
      case "tuple":
        return this.saveTuple(v);
      case "list":
        this.out.byte(OP.EMPTY_LIST);
        this.memoObj.set(v, this.put());
        return this.batchAppends(v.items);
      case "dict":
        return this.saveDict(v);
      case "set": {
        const items2 = { kind: "list", items: v.items };
        return this.saveReduce(v, v.frozen ? BUILTIN_FROZENSET : BUILTIN_SET, [items2]);
      }
      case "global":
        return this.saveGlobal(v);
      case "object":
        return this.saveObject(v);
      case "persid":
        return this.later([v.pid, this.op(OP.BINPERSID)]);
      case "ext":
        if (v.code < 256) this.out.byte(OP.EXT1).byte(v.code);
        else if (v.code < 65536) this.out.byte(OP.EXT2).u16(v.code);
        else this.out.byte(OP.EXT4).i32(v.code);
        return;
      case "tensor":
        return this.saveTensor(v);
    }
  }
  saveInt(v) {
    if (typeof v === "number" || v >= -0x80000000n && v <= 0x7fffffffn) {
      const n = Number(v);
      if (n >= 0 && n <= 255) return void this.out.byte(OP.BININT1).byte(n);
      if (n >= 0 && n <= 65535) return void this.out.byte(OP.BININT2).u16(n);
      if (n >= -2147483648 && n <= 2147483647) return void this.out.byte(OP.BININT).i32(n);
    }
    const enc = encodeLong(BigInt(v));
    if (enc.length < 256) this.out.byte(OP.LONG1).byte(enc.length);
    else this.out.byte(OP.LONG4).i32(enc.length);
    this.out.bytes(enc);
  }
  saveStr(s2) {
    const known = this.memoStr.get(s2);
    if (known !== void 0) return this.get(known);
    const enc = encodeUtf8SurrogatePass(s2);
    this.out.byte(OP.BINUNICODE).u32(enc.length).bytes(enc);
    this.memoStr.set(s2, this.put());
  }
  saveGlobal(g) {
    const key = `${g.module}
${g.name}`;
    const known = this.memoGlobal.get(key);
    if (known !== void 0) return this.get(known);
    if (g.module.includes("\n") || g.name.includes("\n")) {
      throw new FormatError("", `cannot write global ${JSON.stringify(`${g.module}.${g.name}`)} in protocol 2: the name contains a newline`);
    }
    this.out.byte(OP.GLOBAL).bytes(encodeUtf8SurrogatePass(key + "\n"));
    this.memoGlobal.set(key, this.put());
  }
  payload(b) {
    if (b.data) return b.data;
    if (!this.opts.readBytes) throw new Error(`pickle writer: ${b.length} bytes at offset ${b.fileOffset} were not loaded and no readBytes was given`);
    const data = this.opts.readBytes(b);
    if (data.length !== b.length) throw new Error(`pickle writer: readBytes returned ${data.length} bytes, expected ${b.length}`);
    return data;
  }
  saveBytes(b) {
    const data = this.payload(b);
    if (b.flavor === "py2str") {
      if (data.length < 256) this.out.byte(OP.SHORT_BINSTRING).byte(data.length);
      else this.out.byte(OP.BINSTRING).i32(data.length);
      this.out.bytes(data);
      this.memoObj.set(b, this.put());
      return;
    }
    if (b.flavor === "bytearray") {
      const inner = { kind: "bytes", flavor: "bytes", length: data.length, data, fileOffset: null };
      return this.saveReduce(b, BUILTIN_BYTEARRAY, data.length === 0 ? [] : [inner]);
    }
    if (data.length === 0) return this.saveReduce(b, BUILTIN_BYTES, []);
    this.saveReduce(b, CODECS_ENCODE, [latin15(data), "latin1"]);
  }
  saveTuple(t) {
    const n = t.items.length;
    if (n === 0) return void this.out.byte(OP.EMPTY_TUPLE);
    this.enter(t);
    const finish4 = new Step(() => {
      this.leave(t);
      const again = this.memoObj.get(t);
      if (again !== void 0) {
        if (n <= 3) for (let i = 0; i < n; i++) this.out.byte(OP.POP);
        else this.out.byte(OP.POP_MARK);
        return this.get(again);
      }
      this.out.byte(n === 1 ? OP.TUPLE1 : n === 2 ? OP.TUPLE2 : n === 3 ? OP.TUPLE3 : OP.TUPLE);
      this.memoObj.set(t, this.put());
    });
    if (n <= 3) this.later([...t.items, finish4]);
    else this.later([this.op(OP.MARK), ...t.items, finish4]);
  }
  saveDict(d) {
    if (!d.cls && !d.original) {
      this.out.byte(OP.EMPTY_DICT);
      this.memoObj.set(d, this.put());
      return this.batchSetItems(d.entries);
    }
    const orig = d.original;
    const tail = [new Step(() => this.batchSetItems(d.entries))];
    if (d.attrs !== void 0 && d.attrs !== null) tail.push(d.attrs, this.op(OP.BUILD));
    if (orig && orig.args.length === 0 && (orig.kwargs === null || orig.kwargs.entries.length === 0)) this.construct(d, orig, tail);
    else this.saveReduce(d, d.cls ?? orig.callable, [], tail);
  }
  saveObject(o) {
    const tail = [
      new Step(() => this.batchAppends(o.listItems)),
      new Step(() => this.batchSetItems(o.dictItems))
    ];
    for (const s2 of o.states) tail.push(s2, this.op(OP.BUILD));
    this.construct(o, o, tail);
  }
  /** Replays how `how` was created, memoizes the result as `self`, then runs `tail`. */
  construct(self, how, tail) {
    const args = { kind: "tuple", items: how.args };
    switch (how.via) {
      case "reduce":
        return this.saveReduce(self, how.callable, how.args, tail);
      case "newobj":
        this.enter(self);
        return this.later([how.callable, args, this.op(OP.NEWOBJ), this.memoizeBuilt(self), ...tail]);
      case "newobj_ex": {
        const kwargs = how.kwargs ?? { kind: "dict", entries: [] };
        return this.saveReduce(self, NEWOBJ_EX, [how.callable, args, kwargs], tail);
      }
      case "inst":
      case "obj": {
        this.enter(self);
        const g = how.callable;
        const build = isGlobalValue(g) && how.via === "inst" && !g.module.includes("\n") && !g.name.includes("\n") ? [this.op(OP.MARK), ...how.args, new Step(() => this.out.byte(OP.INST).bytes(encodeUtf8SurrogatePass(`${g.module}
${g.name}
`)))] : [this.op(OP.MARK), g, ...how.args, this.op(OP.OBJ)];
        return this.later([...build, this.memoizeBuilt(self), ...tail]);
      }
    }
  }
  saveReduce(self, callable, args, tail = []) {
    this.enter(self);
    this.later([callable, { kind: "tuple", items: args }, this.op(OP.REDUCE), this.memoizeBuilt(self), ...tail]);
  }
  /**
   * After an object is built: memoize it, or, when a cycle through its arguments already wrote it,
   * discard the new one and fetch the first (CPython's save_reduce does the same).
   */
  memoizeBuilt(self) {
    return new Step(() => {
      this.leave(self);
      const again = this.memoObj.get(self);
      if (again !== void 0) {
        this.out.byte(OP.POP);
        return this.get(again);
      }
      this.memoObj.set(self, this.put());
    });
  }
  saveTensor(t) {
    const v = this.opts.tensorWriter ? this.opts.tensorWriter(t) : t.original;
    this.later([v, new Step(() => {
      const written = typeof v === "object" && v !== null ? this.memoObj.get(v) : void 0;
      if (written !== void 0) this.memoObj.set(t, written);
      else if (!this.memoObj.has(t)) this.memoObj.set(t, this.put());
    })]);
  }
  batchAppends(items2) {
    const steps = [];
    for (let i = 0; i < items2.length; i += BATCH) {
      const batch = items2.slice(i, i + BATCH);
      if (batch.length === 1) steps.push(batch[0], this.op(OP.APPEND));
      else steps.push(this.op(OP.MARK), ...batch, this.op(OP.APPENDS));
    }
    this.later(steps);
  }
  batchSetItems(entries) {
    const steps = [];
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      if (batch.length === 1) steps.push(batch[0][0], batch[0][1], this.op(OP.SETITEM));
      else {
        steps.push(this.op(OP.MARK));
        for (const [k, val] of batch) steps.push(k, val);
        steps.push(this.op(OP.SETITEMS));
      }
    }
    this.later(steps);
  }
};
function isGlobalValue(v) {
  return typeof v === "object" && v !== null && v.kind === "global";
}
function encodeLong(x) {
  if (x === 0n) return new Uint8Array(0);
  const abs = x < 0n ? -x : x;
  const bitLength = abs.toString(2).length;
  let n = (bitLength >> 3) + 1;
  let v = x < 0n ? (1n << BigInt(8 * n)) + x : x;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (x < 0n && n > 1 && out[n - 1] === 255 && (out[n - 2] & 128) !== 0) n -= 1;
  return out.subarray(0, n);
}
function encodeUtf8SurrogatePass(s2) {
  if (!/[\ud800-\udfff]/.test(s2)) return UTF8.encode(s2);
  const out = [];
  for (let i = 0; i < s2.length; i++) {
    let c = s2.charCodeAt(i);
    if (c >= 55296 && c < 56320 && i + 1 < s2.length) {
      const d = s2.charCodeAt(i + 1);
      if (d >= 56320 && d < 57344) {
        c = 65536 + (c - 55296 << 10) + (d - 56320);
        i++;
      }
    }
    if (c < 128) out.push(c);
    else if (c < 2048) out.push(192 | c >> 6, 128 | c & 63);
    else if (c < 65536) out.push(224 | c >> 12, 128 | c >> 6 & 63, 128 | c & 63);
    else out.push(240 | c >> 18, 128 | c >> 12 & 63, 128 | c >> 6 & 63, 128 | c & 63);
  }
  return Uint8Array.from(out);
}
var UTF8 = new TextEncoder();
function latin15(data) {
  let s2 = "";
  for (let i = 0; i < data.length; i += 32768) s2 += String.fromCharCode(...data.subarray(i, i + 32768));
  return s2;
}
var Output = class {
  buf = new Uint8Array(1 << 16);
  view = new DataView(this.buf.buffer);
  n = 0;
  reserve(k) {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  byte(b) {
    this.reserve(1);
    this.buf[this.n++] = b;
    return this;
  }
  u16(v) {
    this.reserve(2);
    this.view.setUint16(this.n, v, true);
    this.n += 2;
    return this;
  }
  u32(v) {
    this.reserve(4);
    this.view.setUint32(this.n, v, true);
    this.n += 4;
    return this;
  }
  i32(v) {
    this.reserve(4);
    this.view.setInt32(this.n, v, true);
    this.n += 4;
    return this;
  }
  f64be(v) {
    this.reserve(8);
    this.view.setFloat64(this.n, v, false);
    this.n += 8;
    return this;
  }
  bytes(b) {
    this.reserve(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }
  result() {
    return this.buf.slice(0, this.n);
  }
};

// src/apply/dcp-rename.ts
function dcpRenames(meta, select, mapping, file) {
  const byPath = /* @__PURE__ */ new Map();
  for (const [fqn, path] of meta.paths ?? []) byPath.set(JSON.stringify(path), fqn);
  const fqnOf = (key) => meta.paths ? byPath.get(JSON.stringify([...select, key])) : [...select, key].join(".");
  const out = /* @__PURE__ */ new Map();
  for (const [from, to] of mapping) {
    const fqn = fqnOf(from);
    if (fqn === void 0 || !meta.items.has(fqn)) throw new FormatError(file, `the plan renames "${from}", which this DCP checkpoint does not hold`);
    if (to === null) {
      out.set(fqn, null);
      continue;
    }
    const path = [...select, to];
    out.set(fqn, { fqn: meta.paths ? path.join(".") : [...select, to].join("."), path });
  }
  const after = /* @__PURE__ */ new Set();
  for (const fqn of meta.items.keys()) {
    const r = out.has(fqn) ? out.get(fqn) : { fqn };
    if (r === null) continue;
    if (after.has(r.fqn)) throw new FormatError(file, `renaming would give two items the key "${r.fqn}"`);
    after.add(r.fqn);
  }
  return out;
}
function fieldsOf(obj) {
  const s2 = obj.states[0];
  if (obj.states.length !== 1 || s2 === void 0 || !isPyDict(s2)) throw new FormatError("", "DCP .metadata: an object without a dict state cannot be rewritten");
  return s2;
}
function withFields(obj, entries) {
  return { ...obj, states: [{ ...fieldsOf(obj), entries }] };
}
function fqnOfIndex(idx) {
  if (typeof idx !== "object" || idx === null || idx.kind !== "object") return null;
  const f = fieldsOf(idx).entries.find(([k]) => k === "fqn")?.[1];
  return typeof f === "string" ? f : null;
}
function renameMetadataValue(value, renames) {
  const md = value;
  const fields2 = fieldsOf(md).entries.map(([name, v]) => {
    if (!isPyDict(v)) return [name, v];
    if (name === "state_dict_metadata" || name === "planner_data") {
      const entries = [];
      for (const [k, item] of v.entries) {
        const r = typeof k === "string" && renames.has(k) ? renames.get(k) : void 0;
        if (r === null) continue;
        if (r === void 0) entries.push([k, item]);
        else entries.push([r.fqn, name === "planner_data" ? { kind: "tuple", items: r.path } : item]);
      }
      return [name, { ...v, entries }];
    }
    if (name === "storage_data") {
      const entries = [];
      for (const [idx, info] of v.entries) {
        const fqn = fqnOfIndex(idx);
        const r = fqn !== null && renames.has(fqn) ? renames.get(fqn) : void 0;
        if (r === null) continue;
        if (r === void 0) entries.push([idx, info]);
        else entries.push([withFields(idx, fieldsOf(idx).entries.map(([k, x]) => [k, k === "fqn" ? r.fqn : x])), info]);
      }
      return [name, { ...v, entries }];
    }
    return [name, v];
  });
  return withFields(md, fields2);
}
function rewriteDcpMetadata(metadataFile, renames, opts) {
  const src = new FileSource(metadataFile);
  let read4;
  try {
    read4 = readDcpMetadata(src, metadataFile);
  } finally {
    src.close();
  }
  if (!read4.meta || read4.value === void 0) throw read4.error ?? new FormatError(metadataFile, "not a DCP .metadata");
  refuseNamedStorage(dirname6(metadataFile), read4.meta, metadataFile);
  const bytes = writePickle(renameMetadataValue(read4.value, renames));
  const back = readDcpMetadata(new BufferSource(bytes, metadataFile), metadataFile);
  const want = [...read4.meta.items.keys()].flatMap((k) => {
    const r = renames.has(k) ? renames.get(k) : { fqn: k };
    return r === null ? [] : [r.fqn];
  });
  if (!back.meta || JSON.stringify([...back.meta.items.keys()]) !== JSON.stringify(want) || back.scan.globals.some((g) => !read4.scan.globals.some((h) => h.module === g.module && h.name === g.name))) {
    throw new Error(`rewritten DCP .metadata does not read back as written (${back.error?.message ?? "keys or globals differ"})`);
  }
  const temp = join8(dirname6(metadataFile), `.metadata.sdmatch-${process.pid}.tmp`);
  try {
    const fd = openSync4(temp, "wx");
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      if (opts.sync) fsyncSync(fd);
    } finally {
      closeSync4(fd);
    }
    renameSync2(temp, metadataFile);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  if (opts.sync) {
    const dfd = openSync4(dirname6(metadataFile), "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync4(dfd);
    }
  }
  let renamed = 0;
  let dropped = 0;
  for (const r of renames.values()) r === null ? dropped++ : renamed++;
  return { metadataFile, renamed, dropped, bytes: bytes.length };
}
var ZIP_MAGIC = [80, 75, 3, 4];
function refuseNamedStorage(dir, meta, file) {
  const seen = /* @__PURE__ */ new Set();
  for (const e of meta.storage) {
    if (e.offset === null) continue;
    const key = `${e.info.relativePath}\0${e.info.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const src = new FileSource(join8(dir, e.info.relativePath));
    try {
      const head = e.info.offset + 4 <= src.size ? src.read(e.info.offset, 4) : new Uint8Array(0);
      if (!ZIP_MAGIC.every((b, i) => head[i] === b)) {
        throw new FormatError(file, `"${e.fqn}" is not a torch.save stream in ${e.info.relativePath} (safetensors serialization keys tensors by name inside the data files): renaming only .metadata would break it; write a consolidated checkpoint instead (-o out.safetensors)`);
      }
    } finally {
      src.close();
    }
  }
}

// src/apply/apply-bytes.ts
var Reused = class {
  buf = new Uint8Array(0);
  take(length) {
    if (this.buf.length < length) {
      this.buf = new Uint8Array(0);
      this.buf = new Uint8Array(length);
    }
    return this.buf.subarray(0, length);
  }
};
var Rebuilder = class {
  constructor(sources, files) {
    this.sources = sources;
    this.files = files;
  }
  lastSplit = null;
  input = new Reused();
  output = new Reused();
  /** The output tensor, its bytes computed when read (every check that needs no byte is made here). */
  build(out) {
    const d = this.shaped(out.recipe, out.key);
    const base = d.base;
    const n = numel(d.shape);
    const length = n * itemSize(base.dtype);
    const file = (base.storage.bytes && locationFiles(base.storage.bytes)[0]) ?? "";
    const info = {
      kind: base.kind === "parameter" ? "parameter" : "tensor",
      dtype: base.dtype,
      shape: d.shape,
      stride: contiguousStrides(d.shape),
      storageOffset: 0,
      storage: { key: `rebuilt:${out.key}`, dtype: base.dtype, numel: n, device: base.storage.device, bytes: { kind: "computed", file, length, compute: () => this.bytes(out.recipe, out.key) } },
      requiresGrad: base.requiresGrad
    };
    return { kind: "tensor", info, original: null };
  }
  /** The result's bytes; a transpose of a stored tensor goes through the reused buffers. */
  bytes(r, outKey) {
    if (r.kind === "transpose" && r.of.kind === "source") {
      const info = this.source(r.of.key, outKey).info;
      const size = itemSize(info.dtype);
      const into = this.input.take(numel(info.shape) * size);
      const src = readTensorBytes(info, this.files, into);
      return transposeBytes(src, info.shape, size, r.dims, this.output.take(src.length));
    }
    return this.dense(r, outKey).bytes;
  }
  source(key, outKey) {
    const t = this.sources.get(key);
    if (!t) throw new Error(`plan output ${outKey}: no source tensor ${key}`);
    return t;
  }
  /** What `dense` would make, without reading a byte: its checks, its shape, its dtype. */
  shaped(r, outKey) {
    switch (r.kind) {
      case "source": {
        const info = this.source(r.key, outKey).info;
        if (info.kind === "qtensor") throw new FormatError("", `${r.key} is a quantized tensor: sdmatch cannot transpose, split or concatenate it`);
        if (info.dtype !== info.storage.dtype) throw new FormatError("", `${r.key}: dtype ${info.dtype} on a ${info.storage.dtype} storage cannot be rearranged`);
        return { shape: info.shape.slice(), base: info };
      }
      case "transpose": {
        const of = this.shaped(r.of, outKey);
        const seen = new Set(r.dims);
        if (r.dims.length !== of.shape.length || seen.size !== r.dims.length || r.dims.some((d) => !(d >= 0 && d < of.shape.length))) {
          throw new Error(`transpose: [${r.dims}] is not a permutation of ${of.shape.length} dims`);
        }
        return { shape: r.dims.map((d) => of.shape[d]), base: of.base };
      }
      case "reshape": {
        const of = this.shaped(r.of, outKey);
        const to = reshapeTarget(r, outKey);
        if (numel(to) !== numel(of.shape)) throw new Error(`plan output ${outKey}: reshape of [${of.shape}] to [${to}] changes the element count`);
        return { shape: to.slice(), base: of.base };
      }
      case "split": {
        const of = this.shaped(r.of, outKey);
        if (!(r.dim >= 0 && r.dim < of.shape.length) || r.start < 0 || r.start + r.size > of.shape[r.dim]) {
          throw new Error(`plan output ${outKey}: split [${r.start}, ${r.start + r.size}) of dim ${r.dim} is outside [${of.shape}]`);
        }
        const shape4 = of.shape.slice();
        shape4[r.dim] = r.size;
        if (r.squeeze) shape4.splice(r.dim, 1);
        return { shape: shape4, base: of.base };
      }
      case "concat": {
        const parts = r.parts.map((p) => this.shaped(p, outKey));
        const first = parts[0];
        if (!first) throw new Error(`plan output ${outKey}: concat of no parts`);
        const other = parts.find((p) => p.base.dtype !== first.base.dtype);
        if (other) throw new FormatError("", `${outKey}: cannot concatenate ${first.base.dtype} with ${other.base.dtype}`);
        if (!(r.dim >= 0 && r.dim < first.shape.length) || parts.some((p) => p.shape.length !== first.shape.length || p.shape.some((d, i) => i !== r.dim && d !== first.shape[i]))) {
          throw new Error(`plan output ${outKey}: concat along dim ${r.dim} of shapes ${parts.map((p) => `[${p.shape}]`).join(", ")}`);
        }
        const shape4 = first.shape.slice();
        shape4[r.dim] = parts.reduce((a, p) => a + p.shape[r.dim], 0);
        return { shape: shape4, base: first.base };
      }
    }
  }
  dense(r, outKey) {
    switch (r.kind) {
      case "source": {
        const info = this.shaped(r, outKey).base;
        return { bytes: readTensorBytes(info, this.files), shape: info.shape.slice(), base: info };
      }
      case "transpose": {
        const of = this.dense(r.of, outKey);
        return { bytes: transposeBytes(of.bytes, of.shape, itemSize(of.base.dtype), r.dims), shape: r.dims.map((d) => of.shape[d]), base: of.base };
      }
      case "reshape": {
        const of = this.dense(r.of, outKey);
        return { bytes: of.bytes, shape: reshapeTarget(r, outKey).slice(), base: of.base };
      }
      case "split": {
        const of = this.lastSplit?.recipe === r.of ? this.lastSplit.dense : this.dense(r.of, outKey);
        this.lastSplit = { recipe: r.of, dense: of };
        const partShape = of.shape.slice();
        partShape[r.dim] = r.size;
        const strides = contiguousStrides(of.shape);
        const bytes = gatherStrided(of.bytes, itemSize(of.base.dtype), partShape, strides, r.start * strides[r.dim]);
        if (r.squeeze) partShape.splice(r.dim, 1);
        return { bytes, shape: partShape, base: of.base };
      }
      case "concat": {
        const parts = r.parts.map((p) => this.dense(p, outKey));
        const joined = concatBytes(parts, itemSize(parts[0].base.dtype), r.dim);
        return { bytes: joined.bytes, shape: joined.shape, base: parts[0].base };
      }
    }
  }
};
function reshapeTarget(r, outKey) {
  if (r.shape === null) throw new Error(`plan output ${outKey}: a reshape whose shape was never derived (source shape unknown)`);
  return r.shape;
}

// src/apply/apply-metadata.ts
function metadataOf(dict) {
  const attrs = dict.attrs;
  if (typeof attrs !== "object" || attrs === null || attrs.kind !== "dict") return null;
  const m = attrs.entries.find(([k]) => k === "_metadata")?.[1];
  return typeof m === "object" && m !== null && m.kind === "dict" ? m : null;
}
function withMetadata(attrs, metadata) {
  const base = typeof attrs === "object" && attrs !== null && attrs.kind === "dict" ? attrs : { kind: "dict", entries: [] };
  const entries = base.entries.filter(([k]) => k !== "_metadata");
  entries.push(["_metadata", metadata]);
  return { ...base, entries };
}
var under = (module) => module === "" ? "" : `${module}.`;
function renameMetadata(metadata, ops, mapping) {
  const steps = ops.filter(isNameOp).map(compileNameOp);
  const probe = (module) => {
    let name = under(module);
    for (const step of steps) {
      const r = step(name);
      if (r === null) return null;
      if (r !== void 0) name = r;
    }
    return name.endsWith(".") ? name.slice(0, -1) : name;
  };
  const keys = Object.keys(mapping);
  const decided = [];
  for (const [k, value] of metadata.entries) {
    if (typeof k !== "string") {
      decided.push({ from: String(k), to: null, value });
      continue;
    }
    decided.push({ from: k, to: newModuleName(k, keys, mapping, probe), value });
  }
  const taken = /* @__PURE__ */ new Set();
  for (const d of decided) if (d.to !== null && d.to !== d.from) taken.add(d.to);
  const entries = [];
  const dropped = [];
  let renamed = 0;
  const seen = /* @__PURE__ */ new Set();
  for (const d of decided) {
    const lost = d.to === null || seen.has(d.to) || d.to === d.from && taken.has(d.to);
    if (lost) {
      dropped.push(d.from);
      continue;
    }
    seen.add(d.to);
    if (d.to !== d.from) renamed++;
    entries.push([d.to, d.value]);
  }
  const out = { kind: "dict", entries };
  if (metadata.cls) out.cls = metadata.cls;
  return { metadata: out, renamed, dropped };
}
function newModuleName(module, keys, mapping, probe) {
  const prefix = under(module);
  const direct = [];
  const below = [];
  for (const k of keys) {
    if (!k.startsWith(prefix)) continue;
    (k.indexOf(".", prefix.length) < 0 ? direct : below).push(k);
  }
  if (direct.length > 0) {
    const fromOwn = ownTensorsName(prefix, direct, mapping);
    if (fromOwn !== void 0) return fromOwn;
  }
  const all = direct.concat(below);
  const probed = probe(module);
  if (probed === null) return null;
  if (allUnder(probed, all, mapping)) return probed;
  const sameDepth = sharedAtDepth(prefix, all, mapping);
  if (sameDepth !== null && allUnder(sameDepth, all, mapping)) return sameDepth;
  return null;
}
function ownTensorsName(prefix, direct, mapping) {
  let name;
  let live = 0;
  for (const k of direct) {
    const v = mapping[k];
    if (v === null || v === void 0) continue;
    live++;
    if (Array.isArray(v)) return void 0;
    const leaf = k.slice(prefix.length);
    if (v !== leaf && !v.endsWith(`.${leaf}`)) return void 0;
    const n = v.slice(0, Math.max(0, v.length - leaf.length - 1));
    if (name !== void 0 && name !== n) return void 0;
    name = n;
  }
  return live === 0 ? null : name;
}
function allUnder(module, keys, mapping) {
  const p = under(module);
  for (const k of keys) {
    const v = mapping[k];
    if (v === null || v === void 0) continue;
    for (const x of Array.isArray(v) ? v : [v]) if (!x.startsWith(p) || x.length === p.length) return false;
  }
  return true;
}
function sharedAtDepth(prefix, keys, mapping) {
  let name = null;
  for (const k of keys) {
    const v = mapping[k];
    if (typeof v !== "string") continue;
    const depth2 = k.slice(prefix.length).split(".").length;
    const segs = v.split(".");
    if (segs.length <= depth2) return null;
    const n = segs.slice(0, segs.length - depth2).join(".");
    if (name !== null && name !== n) return null;
    name = n;
  }
  return name;
}

// src/apply/apply-fast.ts
import { chmodSync, closeSync as closeSync5, constants, fchmodSync, fstatSync as fstatSync4, openSync as openSync5, unlinkSync, writeSync as writeSync4 } from "node:fs";

// src/formats/zip/append.ts
import { ftruncateSync, writeSync as writeSync3 } from "node:fs";

// src/formats/zip/writer.ts
import { writeSync as writeSync2 } from "node:fs";
import * as zlib from "node:zlib";

// src/formats/zip/records.ts
var U32_MAX = 4294967295;
var U16_MAX = 65535;
var LOCAL_HEADER_SIZE = 30;
var CENTRAL_HEADER_SIZE = 46;
var VERSION_DEFAULT = 20;
var VERSION_ZIP64 = 45;
var DOS_DATE = 33;
function localHeader(e, alignment) {
  const zip64 = e.size >= U32_MAX;
  const zip64Len = zip64 ? 4 + 16 : 0;
  const unpadded = e.offset + LOCAL_HEADER_SIZE + e.name.length + zip64Len + 4;
  const padding = (alignment - unpadded % alignment) % alignment;
  const extraLen = zip64Len + 4 + padding;
  const h = new Record(LOCAL_HEADER_SIZE + e.name.length + extraLen);
  h.u32(67324752).u16(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT).u16(FLAG_UTF8).u16(0).u16(0).u16(DOS_DATE).u32(e.crc).u32(zip64 ? U32_MAX : e.size).u32(zip64 ? U32_MAX : e.size).u16(e.name.length).u16(extraLen).raw(e.name);
  if (zip64) h.u16(1).u16(16).u64(e.size).u64(e.size);
  h.u8(70).u8(66).u16(padding).fill(90, padding);
  return h.bytes;
}
function centralHeader(e) {
  const bigSize = e.size >= U32_MAX;
  const bigOffset = e.offset >= U32_MAX;
  const zip64Len = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
  const extraLen = zip64Len ? 4 + zip64Len : 0;
  const h = new Record(CENTRAL_HEADER_SIZE + e.name.length + extraLen);
  h.u32(33639248).u16(VERSION_ZIP64).u16(zip64Len ? VERSION_ZIP64 : VERSION_DEFAULT).u16(FLAG_UTF8).u16(0).u16(0).u16(DOS_DATE).u32(e.crc).u32(bigSize ? U32_MAX : e.size).u32(bigSize ? U32_MAX : e.size).u16(e.name.length).u16(extraLen).u16(0).u16(0).u16(0).u32(0).u32(bigOffset ? U32_MAX : e.offset).raw(e.name);
  if (extraLen) {
    h.u16(1).u16(zip64Len);
    if (bigSize) h.u64(e.size).u64(e.size);
    if (bigOffset) h.u64(e.offset);
  }
  return h.bytes;
}
function endRecords(count2, cdSize, cdStart, at) {
  const zip64 = count2 >= U16_MAX || cdSize >= U32_MAX || cdStart >= U32_MAX;
  const r = new Record((zip64 ? 56 + 20 : 0) + 22);
  if (zip64) {
    r.u32(101075792).u64(44).u16(VERSION_ZIP64).u16(VERSION_ZIP64).u32(0).u32(0).u64(count2).u64(count2).u64(cdSize).u64(cdStart);
    r.u32(117853008).u32(0).u64(at).u32(1);
  }
  r.u32(101010256).u16(0).u16(0).u16(Math.min(count2, U16_MAX)).u16(Math.min(count2, U16_MAX)).u32(Math.min(cdSize, U32_MAX)).u32(Math.min(cdStart, U32_MAX)).u16(0);
  return r.bytes;
}
function entryName(name) {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length > U16_MAX) throw new Error(`zip entry name is ${bytes.length} bytes, the limit is 65535`);
  return bytes;
}
var Record = class {
  bytes;
  view;
  at = 0;
  constructor(size) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(v) {
    this.view.setUint8(this.at, v);
    this.at += 1;
    return this;
  }
  u16(v) {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v) {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(v) {
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  raw(b) {
    this.bytes.set(b, this.at);
    this.at += b.length;
    return this;
  }
  fill(v, n) {
    this.bytes.fill(v, this.at, this.at + n);
    this.at += n;
    return this;
  }
};

// src/formats/zip/writer.ts
var crc323 = typeof zlib.crc32 === "function" ? (data, prev = 0) => zlib.crc32(data, prev) : crc32;
var DEFAULT_ALIGNMENT = 64;
var WRITE_BUFFER = 1 << 20;
var DIRECT_WRITE = 64 << 10;
var ZipWriter = class {
  entries = [];
  names = /* @__PURE__ */ new Set();
  finished = false;
  writing = false;
  alignment;
  out;
  constructor(fd, opts = {}) {
    this.out = new BufferedOutput(fd);
    this.alignment = opts.alignment ?? DEFAULT_ALIGNMENT;
    if (!(Number.isSafeInteger(this.alignment) && this.alignment >= 1 && this.alignment <= 32768)) {
      throw new Error(`zip alignment must be 1..32768, not ${this.alignment}`);
    }
  }
  /** Bytes written so far (the offset the next entry's local header starts at). */
  get offset() {
    return this.out.position;
  }
  /**
   * Adds an entry of exactly `size` bytes, which `write` streams through `sink` (in as many chunks as it
   * likes; chunks may be reused buffers, they are consumed before `sink` returns). `knownCrc`, when the
   * caller has it (bytes copied whole from another zip entry), is trusted instead of computed.
   */
  addEntry(name, size, write, knownCrc) {
    const { headerOffset } = this.startEntry(name, size, knownCrc ?? 0);
    let crc = 0;
    let written = 0;
    this.writing = true;
    try {
      write((chunk) => {
        written += chunk.length;
        if (written > size) throw new Error(`zip entry ${name}: more than the declared ${size} bytes were written`);
        if (knownCrc === void 0) crc = crc323(chunk, crc);
        this.out.write(chunk);
      });
    } finally {
      this.writing = false;
    }
    if (written !== size) throw new Error(`zip entry ${name}: ${written} bytes written, ${size} declared`);
    if (knownCrc !== void 0) return;
    const rec = this.entries[this.entries.length - 1];
    rec.crc = crc;
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, crc, true);
    this.out.patch(headerOffset + 14, c);
  }
  /** Adds an entry from memory (its CRC is known before the header is written). */
  addBytes(name, data) {
    this.startEntry(name, data.length, crc323(data));
    this.out.write(data);
  }
  /** Writes the central directory (zip64 records when anything needs them) and flushes. */
  finish() {
    this.checkOpen();
    this.finished = true;
    const cdStart = this.out.position;
    for (const e of this.entries) this.out.write(centralHeader(e));
    const cdSize = this.out.position - cdStart;
    this.out.write(endRecords(this.entries.length, cdSize, cdStart, this.out.position));
    this.out.flush();
  }
  checkOpen() {
    if (this.finished) throw new Error("zip writer already finished");
    if (this.writing) throw new Error("zip writer: an entry is still being written");
  }
  startEntry(name, size, crc) {
    this.checkOpen();
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`zip entry ${name}: bad size ${size}`);
    if (this.names.has(name)) throw new Error(`zip entry ${name} written twice`);
    this.names.add(name);
    const nameBytes = entryName(name);
    const headerOffset = this.out.position;
    const record = { name: nameBytes, offset: headerOffset, size, crc };
    this.out.write(localHeader(record, this.alignment));
    this.entries.push(record);
    return { headerOffset };
  }
};
var BufferedOutput = class {
  constructor(fd) {
    this.fd = fd;
  }
  pending = new Uint8Array(WRITE_BUFFER);
  pendingLength = 0;
  pendingStart = 0;
  pos = 0;
  get position() {
    return this.pos;
  }
  write(chunk) {
    if (chunk.length >= DIRECT_WRITE) {
      this.flush();
      writeAll(this.fd, chunk, this.pos);
      this.pos += chunk.length;
      this.pendingStart = this.pos;
      return;
    }
    if (this.pendingLength + chunk.length > this.pending.length) this.flush();
    this.pending.set(chunk, this.pendingLength);
    this.pendingLength += chunk.length;
    this.pos += chunk.length;
  }
  /** Overwrites bytes already written (a header field known only afterwards). */
  patch(at, bytes) {
    if (at >= this.pendingStart) this.pending.set(bytes, at - this.pendingStart);
    else writeAll(this.fd, bytes, at);
  }
  flush() {
    if (this.pendingLength > 0) writeAll(this.fd, this.pending.subarray(0, this.pendingLength), this.pendingStart);
    this.pendingLength = 0;
    this.pendingStart = this.pos;
  }
};
function writeAll(fd, bytes, position) {
  let done = 0;
  while (done < bytes.length) done += writeSync2(fd, bytes, done, bytes.length - done, position + done);
}

// src/formats/zip/append.ts
var CENTRAL_SIG2 = 33639248;
var TAIL_BUFFER = 1 << 20;
function tailLayout(zip, keep) {
  const file = zip.source.name;
  const kept = new Set(keep);
  const all = new Set(zip.entries);
  for (const e of keep) if (!all.has(e)) throw new Error(`zip append: entry ${e.name} is not from this archive`);
  const cd = locateCentralDirectory(zip.source);
  const byOffset = [...zip.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let last = -1;
  for (let i = 0; i < byOffset.length; i++) if (kept.has(byOffset[i])) last = i;
  const endOf = (i) => Math.min(byOffset[i + 1]?.localHeaderOffset ?? cd.offset, cd.offset);
  const keepUntil = last < 0 ? 0 : endOf(last);
  const orphans = [];
  for (let i = 0; i <= last; i++) {
    const e = byOffset[i];
    const end = e.dataOffset + e.compressedSize;
    if (end > endOf(i) || e.localHeaderOffset >= cd.offset) {
      throw new FormatError(file, `cannot append to this zip: entry "${e.name}" (bytes ${e.localHeaderOffset}..${end}) overlaps the next entry or the central directory at ${cd.offset}`);
    }
    if (!kept.has(e)) orphans.push({ name: e.name, bytes: endOf(i) - e.localHeaderOffset });
  }
  return { keepUntil, orphans };
}
function rewriteTail(fd, zip, keep, added, opts = {}) {
  const layout = tailLayout(zip, keep);
  const alignment = opts.alignment ?? DEFAULT_ALIGNMENT;
  const names = new Set(keep.map((e) => e.name));
  for (const a of added) {
    if (names.has(a.name)) throw new Error(`zip append: entry ${a.name} would be listed twice`);
    names.add(a.name);
  }
  ftruncateSync(fd, layout.keepUntil);
  const out = new TailWriter(fd, layout.keepUntil);
  const records = [];
  for (const a of added) {
    const entry = { name: entryName(a.name), offset: out.position, size: a.data.length, crc: crc32(a.data) };
    out.write(localHeader(entry, alignment));
    out.write(a.data);
    records.push(centralHeader(entry));
  }
  const cdStart = out.position;
  for (const r of records) out.write(r);
  copyCentralRecords(zip, new Set(keep), (record) => out.write(record));
  const cdSize = out.position - cdStart;
  out.write(endRecords(keep.length + added.length, cdSize, cdStart, out.position));
  out.flush();
  return { ...layout, size: out.position };
}
function copyCentralRecords(zip, kept, emit) {
  const cd = locateCentralDirectory(zip.source);
  const reader = new WindowedReader(zip.source, TAIL_BUFFER);
  const end = cd.offset + cd.size;
  let pos = cd.offset;
  for (const e of zip.entries) {
    if (pos + CENTRAL_HEADER_SIZE > end) throw new FormatError(zip.source.name, `the central directory changed since it was read: it ends before entry "${e.name}"`);
    const fixed = reader.read(pos, CENTRAL_HEADER_SIZE);
    if (u32(fixed, 0) !== CENTRAL_SIG2) throw new FormatError(zip.source.name, `the central directory changed since it was read: no record at ${pos}`);
    const length = CENTRAL_HEADER_SIZE + u16(fixed, 28) + u16(fixed, 30) + u16(fixed, 32);
    if (pos + length > end) throw new FormatError(zip.source.name, `the central directory changed since it was read: record at ${pos} runs past its end`);
    if (kept.has(e)) emit(reader.read(pos, length));
    pos += length;
  }
}
var TailWriter = class {
  constructor(fd, start) {
    this.fd = fd;
    this.flushed = start;
  }
  buffer = new Uint8Array(TAIL_BUFFER);
  used = 0;
  flushed;
  get position() {
    return this.flushed + this.used;
  }
  write(bytes) {
    if (this.used + bytes.length > this.buffer.length) this.flush();
    if (bytes.length >= this.buffer.length) {
      this.writeAt(bytes, this.flushed);
      this.flushed += bytes.length;
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }
  flush() {
    this.writeAt(this.buffer.subarray(0, this.used), this.flushed);
    this.flushed += this.used;
    this.used = 0;
  }
  writeAt(bytes, position) {
    for (let done = 0; done < bytes.length; ) done += writeSync3(this.fd, bytes, done, bytes.length - done, position + done);
  }
};

// src/apply/copy-file.ts
import { copyFileSync, statSync as statSync3 } from "node:fs";
import { Worker } from "node:worker_threads";
var SAMPLE_MS = 100;
var RESULT_BYTES = 1024;
var PENDING2 = 0;
var DONE = 1;
var FAILED = 2;
var WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData.shared, 0, 2);
const out = new Uint8Array(workerData.shared, 8);
try {
  fs.copyFileSync(workerData.from, workerData.to, workerData.flags);
  Atomics.store(state, 0, ${DONE});
} catch (e) {
  const text = Buffer.from(JSON.stringify({ code: e && e.code, message: String(e && e.message || e) }).slice(0, ${RESULT_BYTES / 4}), 'utf8');
  out.set(text.subarray(0, out.length));
  Atomics.store(state, 1, Math.min(text.length, out.length));
  Atomics.store(state, 0, ${FAILED});
}
Atomics.notify(state, 0);
`;
function copyFileInKernel(from, to, flags, progress2, sampleMs = SAMPLE_MS) {
  if (!progress2) {
    copyFileSync(from, to, flags);
    return;
  }
  const shared = new SharedArrayBuffer(8 + RESULT_BYTES);
  const state = new Int32Array(shared, 0, 2);
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { from, to, flags, shared } });
  worker.unref();
  worker.on("error", () => {
  });
  try {
    while (Atomics.load(state, 0) === PENDING2) {
      Atomics.wait(state, 0, PENDING2, sampleMs);
      if (Atomics.load(state, 0) === PENDING2) progress2(sizeOf(to));
    }
  } finally {
    void worker.terminate();
  }
  if (Atomics.load(state, 0) === FAILED) {
    const n = Atomics.load(state, 1);
    const { code: code2, message } = JSON.parse(Buffer.from(new Uint8Array(shared, 8, n)).toString("utf8"));
    throw Object.assign(new Error(message), code2 ? { code: code2 } : {});
  }
}
function sizeOf(path) {
  try {
    return statSync3(path).size;
  } catch {
    return 0;
  }
}

// src/apply/apply-fast.ts
var MAX_ORPHAN_BYTES = 1 << 20;
var MAX_ORPHAN_SHARE = 0.01;
function copyInKernel(temp, req) {
  const early = reasonToStream(req);
  if (early) return { kind: "streamed", why: early };
  const source = new FileSource(req.src.path);
  try {
    const plan2 = tailPlan(openZip(source), req);
    if ("why" in plan2) return { kind: "streamed", why: plan2.why };
    const progress2 = req.progress;
    progress2?.(0, req.totalBytes);
    const orphans = writeCopy(req.src.path, temp, plan2, progress2 && ((copied) => progress2(Math.round(copied / plan2.zip.source.size * req.totalBytes), req.totalBytes)));
    progress2?.(req.totalBytes, req.totalBytes);
    return { kind: "in-kernel", orphans };
  } finally {
    source.close();
  }
}
function reasonToStream(req) {
  if (!req.enabled) return "the in-kernel copy was turned off (--no-fast)";
  if (req.src.checkpoint.format !== "torch-zip") return `the source is ${req.src.checkpoint.format}, not a torch zip archive`;
  if (req.format !== "torch") return `the output is ${req.format}`;
  if (req.sharded) return "the output is sharded";
  const rebuilt = req.outputs.filter((o) => o.recipe.kind !== "source").length;
  if (rebuilt > 0) return `the plan rewrites the bytes of ${rebuilt} tensor(s) (transpose, reshape, split or concat)`;
  const callless = req.tensors.filter(([, t]) => typeof t.original !== "object" || t.original === null).length;
  if (callless > 0) return `${callless} tensor(s) have no torch rebuild call of their own (numpy arrays written as tensors)`;
  return null;
}
function storageEntries(zip, record) {
  const folder = `${record.prefix}data/`;
  const out = /* @__PURE__ */ new Map();
  for (const e of zip.entries) if (e.name.startsWith(folder)) out.set(e.name.slice(folder.length), e);
  return out;
}
function tailPlan(zip, req) {
  const record = findTorchRecord(zip);
  if (!record || record.prefix === "") return { why: "the source archive has no <root>/data.pkl record" };
  const anomalies = zipAnomalies(zip);
  if (anomalies.length > 0) return { why: `the source archive is unusual (${anomalies[0].kind} at "${anomalies[0].entry}")` };
  const storages = storageEntries(zip, record);
  const compressed = [...storages.values()].filter((e) => e.method !== 0 || e.compressedSize !== e.size).length;
  if (compressed > 0) return { why: `${compressed} of the source's storages are compressed` };
  const otherPickle = zip.entries.find((e) => e !== record.dataPkl && isPickleName(e.name));
  if (otherPickle) return { why: `the source archive holds another pickle (${otherPickle.name})` };
  const foreign = zip.entries.find((e) => e !== record.dataPkl && !e.name.startsWith(`${record.prefix}data/`) && !TORCH_RECORDS.has(e.name.slice(record.prefix.length)));
  if (foreign) return { why: `the source archive holds an entry torch.save does not write (${foreign.name})` };
  const stray = unlistedBytes(zip);
  if (stray) return { why: stray };
  if (!req.keepContainer) {
    const used = new Set(req.tensors.map(([, t]) => t.info.storage.key));
    const left2 = unreferenced(storages, used);
    if (left2) return { why: left2 };
  }
  const referenced = /* @__PURE__ */ new Set();
  const odd = { foreign: null };
  const data = writePickle(req.root, {
    persistentId: (v) => {
      if (typeof v === "object" && v !== null && v.kind === "persid") {
        const p = parsePersistentId(v.pid);
        if (p.kind === "storage" && p.ref.view === null && storages.has(p.ref.key)) referenced.add(p.ref.key);
        else odd.foreign ??= p.kind === "storage" ? `storage ${p.ref.key}` : p.kind === "module" ? "a module" : p.why;
      }
      return void 0;
    }
  });
  if (odd.foreign !== null) return { why: `the tree references ${odd.foreign}, which is not a storage entry of the archive` };
  const left = unreferenced(storages, referenced);
  if (left) return { why: left };
  const keep = zip.entries.filter((e) => e !== record.dataPkl);
  let orphaned;
  try {
    orphaned = tailLayout(zip, keep).orphans.reduce((n, o) => n + o.bytes, 0);
  } catch (e) {
    if (e instanceof FormatError) return { why: `the source's entries cannot stay in place (${e.message})` };
    throw e;
  }
  if (orphaned > Math.max(MAX_ORPHAN_BYTES, zip.source.size * MAX_ORPHAN_SHARE)) {
    return { why: `the old data.pkl (${orphaned} bytes, ${Math.round(orphaned / zip.source.size * 100)}% of the file) would stay in it unlisted` };
  }
  return { zip, keep, dataPkl: { name: record.dataPkl.name, data } };
}
var TORCH_RECORDS = /* @__PURE__ */ new Set(["version", "byteorder", ".data/version", ".data/serialization_id"]);
var MAX_DESCRIPTOR = 24;
var FLAG_DATA_DESCRIPTOR = 8;
function unlistedBytes(zip) {
  const cd = locateCentralDirectory(zip.source);
  const byOffset = [...zip.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let pos = 0;
  for (const e of byOffset) {
    if (e.localHeaderOffset !== pos) {
      const gap = e.localHeaderOffset - pos;
      const prev = byOffset[byOffset.indexOf(e) - 1];
      const descriptor = prev !== void 0 && (prev.flags & FLAG_DATA_DESCRIPTOR) !== 0 && gap > 0 && gap <= MAX_DESCRIPTOR;
      if (!descriptor) return pos === 0 ? `the source has ${gap} bytes before its first zip entry` : `the source has bytes outside its listed entries (at ${pos}, before "${e.name}")`;
    }
    pos = e.dataOffset + e.compressedSize;
  }
  const tail = cd.offset - pos;
  const last = byOffset[byOffset.length - 1];
  if (tail !== 0 && !(last && (last.flags & FLAG_DATA_DESCRIPTOR) !== 0 && tail > 0 && tail <= MAX_DESCRIPTOR)) {
    return `the source has bytes outside its listed entries (at ${pos}, before its central directory)`;
  }
  return null;
}
function unreferenced(storages, used) {
  let count2 = 0;
  let bytes = 0;
  for (const [key, e] of storages) {
    if (used.has(key)) continue;
    count2++;
    bytes += e.size;
  }
  return count2 === 0 ? null : `${count2} of the source's storages (${bytes} bytes) would be left unreferenced`;
}
function zeroUnlisted(fd, zip, keep, keepUntil) {
  const kept = new Set(keep);
  const byOffset = [...zip.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const zeros = new Uint8Array(ZERO_CHUNK);
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i];
    if (kept.has(e) || e.localHeaderOffset >= keepUntil) continue;
    const end = Math.min(byOffset[i + 1]?.localHeaderOffset ?? keepUntil, keepUntil);
    for (let pos = Math.min(e.dataOffset, end); pos < end; ) pos += writeSync4(fd, zeros, 0, Math.min(zeros.length, end - pos), pos);
  }
}
var ZERO_CHUNK = 64 << 10;
function writeCopy(sourcePath, temp, plan2, progress2) {
  let fd = openSync5(temp, "wx");
  const mode = fstatSync4(fd).mode & 4095;
  closeSync5(fd);
  unlinkSync(temp);
  copyFileInKernel(sourcePath, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE, progress2);
  chmodSync(temp, 384);
  fd = openSync5(temp, "r+");
  try {
    fchmodSync(fd, mode);
    const size = fstatSync4(fd).size;
    if (size !== plan2.zip.source.size) {
      throw new FormatError(sourcePath, `changed while it was being copied: ${size} bytes copied, ${plan2.zip.source.size} listed`);
    }
    const written = rewriteTail(fd, plan2.zip, plan2.keep, [plan2.dataPkl]);
    zeroUnlisted(fd, plan2.zip, plan2.keep, written.keepUntil);
    return written.orphans;
  } finally {
    closeSync5(fd);
  }
}

// src/apply/apply-output.ts
import { closeSync as closeSync6, fsyncSync as fsyncSync2, openSync as openSync6, readdirSync as readdirSync4, renameSync as renameSync3, rmSync as rmSync3, statSync as statSync5 } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename as basename5, dirname as dirname7, join as join10 } from "node:path";

// src/apply/output-guard.ts
import { spawn } from "node:child_process";
import { readdirSync as readdirSync3, rmSync as rmSync2, statSync as statSync4 } from "node:fs";
import { join as join9 } from "node:path";
import { Worker as Worker2 } from "node:worker_threads";
var WATCHER_SOURCE = `
const fs = require('node:fs');
const [ppid, ...paths] = process.argv.slice(1);
const gone = () => { try { process.kill(Number(ppid), 0); return false; } catch (e) { return e.code === 'ESRCH'; } };
const timer = setInterval(() => {
  if (!gone()) return;
  clearInterval(timer);
  for (const p of paths) { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} }
}, 100);
`;
var GUARD_POLL_MS = 50;
var STOP_WAIT_MS = 2e3;
var RUNNING = 0;
var STOPPING = 1;
var STOPPED = 2;
var GUARD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const shared = new Int32Array(workerData.shared);
function alive(pid) {
  if (!pid) return false;
  try { process.kill(pid, 0); } catch (e) { return e.code === 'EPERM'; }
  try { return !/^\\d+ \\(.*\\) Z/s.test(fs.readFileSync('/proc/' + pid + '/stat', 'utf8')); } catch { return true; }
}
const timer = setInterval(() => {
  if (Atomics.load(shared, 0) !== ${RUNNING}) {
    clearInterval(timer);
    Atomics.store(shared, 0, ${STOPPED});
    Atomics.notify(shared, 0);
    return;
  }
  if (alive(Atomics.load(shared, 1))) return;
  try {
    const child = spawn(process.execPath, ['-e', workerData.source, String(process.pid), ...workerData.paths], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    if (child.pid) Atomics.store(shared, 1, child.pid);
  } catch {}
}, ${GUARD_POLL_MS});
`;
function startGuard(paths) {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  Atomics.store(state, 1, startWatcher(paths) ?? 0);
  let worker = null;
  try {
    worker = new Worker2(GUARD_SOURCE, { eval: true, execArgv: [], workerData: { shared, paths: [...paths], source: WATCHER_SOURCE } });
    worker.unref();
    worker.on("error", () => {
    });
  } catch {
    worker = null;
  }
  let stopped = false;
  return {
    get watcherPid() {
      const pid = Atomics.load(state, 1);
      return pid === 0 ? null : pid;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (worker) {
        Atomics.compareExchange(state, 0, RUNNING, STOPPING);
        const deadline = Date.now() + STOP_WAIT_MS;
        while (Atomics.load(state, 0) !== STOPPED && Date.now() < deadline) Atomics.wait(state, 0, STOPPING, 20);
        void worker.terminate();
      }
      const pid = Atomics.load(state, 1);
      if (pid !== 0) {
        try {
          process.kill(pid);
        } catch {
        }
      }
    }
  };
}
function startWatcher(paths) {
  try {
    const child = spawn(process.execPath, ["-e", WATCHER_SOURCE, String(process.pid), ...paths], { detached: true, stdio: "ignore" });
    child.on("error", () => {
    });
    child.unref();
    return child.pid ?? null;
  } catch {
    return null;
  }
}
var TEMP_NAME = /^\..+\.sdmatch-(\d+)-[0-9a-f]{8}\.(?:tmp|scratch)$/;
var STALE_MS = 10 * 6e4;
function sweepStale(dir, now = Date.now()) {
  const removed = [];
  let names;
  try {
    names = readdirSync3(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidExists(pid)) continue;
    const path = join9(dir, name);
    try {
      if (now - statSync4(path).mtimeMs < STALE_MS) continue;
      rmSync2(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
    }
  }
  return removed;
}
function pidExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

// src/apply/writeback.ts
import { Worker as Worker3 } from "node:worker_threads";
var ROUND_MS = 10;
var STOP_WAIT_MS2 = 6e4;
var RUNNING2 = 0;
var STOPPING2 = 1;
var STOPPED2 = 2;
var WORKER_SOURCE2 = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const state = new Int32Array(workerData.shared, 0, 1);
const started = new Int32Array(workerData.shared, 4, 1);
const open = new Map();
function files() {
  let st;
  try { st = fs.statSync(workerData.path); } catch { return []; }
  if (!st.isDirectory()) return [workerData.path];
  try { return fs.readdirSync(workerData.path).map((n) => path.join(workerData.path, n)); } catch { return []; }
}
// a path may be replaced under the same name (the writer probes a new file's mode, then copies onto
// the name): the descriptor must be of the file the path names now
function descriptor(f) {
  const had = open.get(f);
  let ino;
  try { ino = fs.statSync(f).ino; } catch { return undefined; }
  if (had && had.ino === ino) return had.fd;
  if (had) { try { fs.closeSync(had.fd); } catch {} open.delete(f); }
  let fd;
  try { fd = fs.openSync(f, 'r'); } catch { return undefined; }
  open.set(f, { fd, ino: fs.fstatSync(fd).ino });
  return fd;
}
function round() {
  for (const f of files()) {
    const fd = descriptor(f);
    if (fd === undefined) continue;
    try { fs.fdatasyncSync(fd); } catch {}
    if (Atomics.load(state, 0) !== ${RUNNING2}) return;
  }
}
// stop() gave up on a worker that had not started yet: nobody waits, nothing to do
// whatever ends the loop (a throw included), stop() is told, or it would wait its whole deadline
if (Atomics.compareExchange(started, 0, 0, 1) === 0) {
  try {
    while (Atomics.load(state, 0) === ${RUNNING2}) {
      round();
      Atomics.wait(state, 0, ${RUNNING2}, ${ROUND_MS});
    }
  } finally {
    for (const o of open.values()) { try { fs.closeSync(o.fd); } catch {} }
    Atomics.store(state, 0, ${STOPPED2});
    Atomics.notify(state, 0);
  }
}
`;
function startWriteback(path) {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared, 0, 1);
  const started = new Int32Array(shared, 4, 1);
  let worker;
  try {
    worker = new Worker3(WORKER_SOURCE2, { eval: true, execArgv: [], workerData: { path, shared } });
    worker.unref();
    worker.on("error", () => {
    });
  } catch {
    worker = null;
  }
  return {
    stop() {
      if (worker === null) return;
      Atomics.compareExchange(state, 0, RUNNING2, STOPPING2);
      Atomics.notify(state, 0);
      const neverStarted = Atomics.compareExchange(started, 0, 0, -1) === 0;
      const deadline = Date.now() + STOP_WAIT_MS2;
      while (!neverStarted && Atomics.load(state, 0) !== STOPPED2 && Date.now() < deadline) Atomics.wait(state, 0, STOPPING2, 50);
      void worker?.terminate();
      worker = null;
    }
  };
}

// src/apply/apply-output.ts
var AtomicOutput = class {
  constructor(out, kind2, opts = {}) {
    this.out = out;
    this.kind = kind2;
    const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
    const dir = dirname7(out);
    this.temp = join10(dir, `.${basename5(out)}.sdmatch-${tag}.tmp`);
    sweepStale(dir);
    if (opts.guardInterrupts) this.guard = startGuard([this.temp]);
    this.sync = opts.sync ?? true;
    if (this.sync) this.writeback = startWriteback(this.temp);
  }
  /** the temporary file or folder the output is written to */
  temp;
  guard = null;
  writeback = null;
  sync;
  flushed = false;
  done = false;
  /** The writing is done: fsync the temporary output (once; commit does it if nobody did). */
  flush() {
    if (this.flushed) return;
    this.stopWriteback();
    if (this.sync) syncTree(this.temp);
    this.flushed = true;
  }
  /** fsync the temporary output if not yet done, rename it into place, fsync the folder. */
  commit() {
    this.flush();
    renameSync3(this.temp, this.out);
    if (this.sync) syncPath(dirname7(this.out));
    this.finish();
  }
  /** Remove everything written (safe to call more than once, and after commit). */
  abort() {
    this.stopWriteback();
    if (!this.done) {
      rmSync3(this.temp, { recursive: true, force: true });
    }
    this.finish();
  }
  /** the process that removes the temporaries if this one dies (null without guardInterrupts) */
  get watcherPid() {
    return this.guard?.watcherPid ?? null;
  }
  stopWriteback() {
    this.writeback?.stop();
    this.writeback = null;
  }
  finish() {
    this.done = true;
    this.guard?.stop();
    this.guard = null;
  }
};
function syncPath(path) {
  const fd = openSync6(path, "r");
  try {
    fsyncSync2(fd);
  } finally {
    closeSync6(fd);
  }
}
function syncTree(path) {
  if (statSync5(path).isDirectory()) for (const name of readdirSync4(path)) syncTree(join10(path, name));
  syncPath(path);
}

// src/apply/apply-source.ts
function showPath(path) {
  return path.length === 0 ? "(root)" : path.map(String).join("/");
}
function openPlanSource(path, select, override) {
  const checkpoint = openCheckpoint(path);
  if (checkpoint.root === null) {
    throw new FormatError(path, `cannot be rewritten: ${checkpoint.error?.message ?? "its object tree could not be read"}`);
  }
  const want = override !== void 0 ? override.replace(/^\/+|\/+$/g, "").replace(/^\(root\)$/, "") : select.map(String).join("/");
  const cand = checkpoint.stateDicts.find((c) => c.path.map(String).join("/") === want);
  if (!cand) {
    const have = checkpoint.stateDicts.map((c) => showPath(c.path)).join(", ") || "none";
    if (override !== void 0) throw new FormatError(path, `--select ${override}: no state dict there (its state dicts: ${have})`);
    throw new FormatError(path, `the plan selects the state dict at ${showPath(select)}, which this file does not have (its state dicts: ${have}; pick one with --select PATH)`);
  }
  const at = valueAt(checkpoint.root, cand.path);
  const dict = typeof at === "object" && at !== null && at.kind === "dict" ? at : null;
  return { path, checkpoint, select: cand.path, entries: candidateEntries(checkpoint.root, cand), dict };
}

// src/apply/apply-tree.ts
var ORDERED_DICT = { kind: "global", module: "collections", name: "OrderedDict" };
function stateDictNode(entries, like, attrs) {
  const d = { kind: "dict", entries, cls: like?.cls ?? { ...ORDERED_DICT } };
  if (like?.cls && like.original) d.original = like.original;
  if (attrs !== void 0) d.attrs = attrs;
  return d;
}
function replaceAt(root, path, value, file) {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  const fail = (why) => {
    throw new FormatError(file, `cannot keep the container: ${why} on the way to the state dict`);
  };
  if (typeof root !== "object" || root === null) return fail(`a ${root === null ? "None" : typeof root} value`);
  switch (root.kind) {
    case "dict": {
      const i = root.entries.findIndex(([k]) => keyText3(k) === String(step));
      if (i < 0) return fail(`no key ${String(step)}`);
      const entries = root.entries.slice();
      entries[i] = [entries[i][0], replaceAt(entries[i][1], rest, value, file)];
      return { ...root, entries };
    }
    case "list":
    case "tuple": {
      if (typeof step !== "number" || step >= root.items.length) return fail(`no item ${String(step)}`);
      const items2 = root.items.slice();
      items2[step] = replaceAt(items2[step], rest, value, file);
      return { ...root, items: items2 };
    }
    case "object":
      return replaceAttribute(root, step, rest, value, file, fail);
    default:
      return fail(`a ${root.kind}`);
  }
}
function replaceAttribute(o, step, rest, value, file, fail) {
  for (let s2 = o.states.length - 1; s2 >= 0; s2--) {
    const st = o.states[s2];
    if (typeof st !== "object" || st === null || st.kind !== "dict") continue;
    const i = st.entries.findIndex(([k]) => keyText3(k) === String(step));
    if (i < 0) continue;
    const entries = st.entries.slice();
    entries[i] = [entries[i][0], replaceAt(entries[i][1], rest, value, file)];
    const states = o.states.slice();
    states[s2] = { ...st, entries };
    return { ...o, states };
  }
  const j = o.dictItems.findIndex(([k]) => keyText3(k) === String(step));
  if (j >= 0) {
    const dictItems = o.dictItems.slice();
    dictItems[j] = [dictItems[j][0], replaceAt(dictItems[j][1], rest, value, file)];
    return { ...o, dictItems };
  }
  return fail(`an object attribute ${String(step)} that is not a plain attribute`);
}
function keyText3(k) {
  if (typeof k === "string") return k;
  if (typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return String(k);
  return k === null ? "None" : "";
}

// src/apply/apply-verify.ts
function verifyOutput(req) {
  const fail = (why) => {
    throw new FormatError(req.name, `the written output does not hold what the plan promised: ${why}`);
  };
  const ckpt = openCheckpoint(req.entry, { name: req.name });
  if (ckpt.root === null) fail(`it cannot be read back (${ckpt.error?.message ?? "no object tree"})`);
  if (ckpt.safety.verdict === "dangerous" && !req.allowDangerous) {
    const g = ckpt.safety.globals.find((x) => x.verdict === "dangerous");
    fail(`its pickle reaches ${g.module ? `${g.module}.` : ""}${g.name}, which is dangerous`);
  }
  const want = req.select.map(String).join("/");
  const cand = ckpt.stateDicts.find((c) => c.path.map(String).join("/") === want);
  const got = cand ? candidateEntries(ckpt.root, cand) : [];
  if (!cand && req.tensors.length > 0) fail(`no state dict at ${want || "(root)"}`);
  const order = !req.ordered ? sortedByKey : (x) => x;
  const a = order(got);
  const b = order(req.tensors.map((t) => [t.key, { kind: "tensor", info: t.info, original: null }]));
  if (a.length !== b.length) fail(`${a.length} tensors instead of ${b.length}`);
  for (let i = 0; i < b.length; i++) {
    const [k, t] = a[i];
    const [wantKey, w] = b[i];
    if (k !== wantKey) fail(`tensor ${i} is '${k}' instead of '${wantKey}'`);
    const problem = tensorDifference(t.info, w.info, req.layout);
    if (problem) fail(`'${k}': ${problem}`);
  }
  return { tensors: a.length };
}
function sortedByKey(x) {
  return x.slice().sort((p, q) => p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0);
}
var same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function tensorDifference(got, want, layout) {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype} instead of ${want.dtype}`;
  if (!same(got.shape, want.shape)) return `shape [${got.shape}] instead of [${want.shape}]`;
  const bytes = got.storage.bytes;
  if (!bytes) return "its storage has no bytes";
  const have = locationLength(bytes);
  if (layout === "tensors") {
    const n = numel(want.shape) * itemSize(want.dtype);
    return have === n ? null : `${have} bytes instead of ${n}`;
  }
  const wantBytes = want.storage.bytes ? locationLength(want.storage.bytes) : null;
  if (wantBytes !== null && have !== wantBytes) return `storage of ${have} bytes instead of ${wantBytes}`;
  if (!same(got.stride, want.stride)) return `stride [${got.stride}] instead of [${want.stride}]`;
  if (got.storageOffset !== want.storageOffset) return `storage offset ${got.storageOffset} instead of ${want.storageOffset}`;
  return null;
}

// src/apply/apply-write.ts
import { closeSync as closeSync9, openSync as openSync9, readdirSync as readdirSync5, statSync as statSync6 } from "node:fs";
import { join as join12 } from "node:path";

// src/formats/torch/write-archive.ts
import { closeSync as closeSync7, openSync as openSync7, unlinkSync as unlinkSync2 } from "node:fs";
import { basename as basename6 } from "node:path";

// src/formats/shards.ts
import { mkdirSync as mkdirSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { join as join11 } from "node:path";
function planShards(sizes, maxBytes) {
  if (!(maxBytes > 0)) throw new Error(`shard size must be positive, not ${maxBytes}`);
  const shards = [];
  let current = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (current.length > 0 && bytes + size > maxBytes) {
      shards.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) shards.push(current);
  return shards;
}
function shardFileName(baseName, ext, index2, count2) {
  const pad = (n) => String(n).padStart(5, "0");
  return `${baseName}-${pad(index2 + 1)}-of-${pad(count2)}.${ext}`;
}
function writeShardIndex(index2) {
  const names = Object.keys(index2.weight_map).sort(compareCodePoints);
  const lines = names.map((n) => `    ${pyJson(n)}: ${pyJson(index2.weight_map[n])}`);
  return `{
  "metadata": {
    "total_size": ${index2.metadata.total_size}
  },
  "weight_map": {
${lines.join(",\n")}
  }
}
`;
}
function compareCodePoints(a, b) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
function pyJson(s2) {
  return JSON.stringify(s2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
function writeShards(job) {
  mkdirSync2(job.dir, { recursive: true });
  const sizes = job.items.map(job.sizeOf);
  const shards = planShards(sizes, job.maxShardBytes);
  if (shards.length <= 1) {
    const name = `${job.baseName}.${job.ext}`;
    job.write(join11(job.dir, name), [...job.items]);
    return { files: [name], index: null };
  }
  const names = [];
  const weightMap = /* @__PURE__ */ Object.create(null);
  shards.forEach((members, i) => {
    const name = shardFileName(job.baseName, job.ext, i, shards.length);
    const part = members.map((m) => job.items[m]);
    job.write(join11(job.dir, name), part);
    for (const t of part) weightMap[job.nameOf(t)] = name;
    names.push(name);
  });
  const index2 = { metadata: { total_size: sizes.reduce((a, b) => a + b, 0) }, weight_map: weightMap };
  writeFileSync2(join11(job.dir, `${job.baseName}.${job.ext}.index.json`), writeShardIndex(index2));
  return { files: names, index: index2 };
}

// src/formats/torch/write-archive.ts
var STREAM_CHUNK = 128 << 10;
var FORMAT_VERSION = "3\n";
var G2 = (module, name) => ({ kind: "global", module, name });
var REBUILD_TENSOR_V2 = G2("torch._utils", "_rebuild_tensor_v2");
var REBUILD_PARAMETER = G2("torch._utils", "_rebuild_parameter");
var ORDERED_DICT2 = G2("collections", "OrderedDict");
function writeTorchArchive(target, root, opts = {}) {
  const archiveName = opts.archiveName ?? (typeof target === "string" ? defaultArchiveName(target) : "archive");
  if (typeof target === "number") return writeToFd(target, root, archiveName, opts);
  const fd = openSync7(target, "w");
  try {
    writeToFd(fd, root, archiveName, opts);
  } catch (e) {
    closeSync7(fd);
    unlinkSync2(target);
    throw e;
  }
  closeSync7(fd);
}
function defaultArchiveName(path) {
  const base = basename6(path);
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return stem || "archive";
}
function writeToFd(fd, root, archiveName, opts) {
  const storages = new StorageKeys();
  const data = writePickle(root, {
    tensorWriter: (t) => rebuildCall(t, storages),
    persistentId: (v) => {
      if (typeof v === "object" && v !== null && v.kind === "persid" && !storages.isOurs(v)) {
        throw new FormatError("", "cannot rewrite a checkpoint holding a bare storage (a persistent id outside a tensor)");
      }
      return void 0;
    },
    ...opts.readBytes ? { readBytes: opts.readBytes } : {}
  });
  const zip = new ZipWriter(fd);
  const prefix = `${archiveName}/`;
  zip.addBytes(`${prefix}data.pkl`, data);
  zip.addBytes(`${prefix}byteorder`, new TextEncoder().encode("little"));
  const files = opts.files ?? new OpenFiles();
  try {
    for (const s2 of storages.all().sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) {
      const crc = s2.bytes.kind === "raw" ? s2.bytes.crc32 : void 0;
      zip.addEntry(`${prefix}data/${s2.key}`, s2.nbytes, (sink) => copyRange(s2.bytes, sink, { files, bufSize: STREAM_CHUNK }), crc);
    }
  } finally {
    if (!opts.files) files.close();
  }
  zip.addBytes(`${prefix}version`, new TextEncoder().encode(FORMAT_VERSION));
  zip.finish();
}
var StorageKeys = class {
  byId = /* @__PURE__ */ new Map();
  list = [];
  keyFor(info) {
    const id = storageIdentity(info);
    let s2 = this.byId.get(id);
    if (!s2) {
      const bytes = info.bytes;
      if (!bytes) throw new FormatError("", `storage ${info.key} has no bytes in the file to copy`);
      const nbytes = locationLength(bytes);
      const size = itemSize(info.dtype);
      if (info.numel !== null && info.numel * size !== nbytes) {
        throw new FormatError(fileOf(bytes), `storage ${info.key} holds ${nbytes} bytes, not the ${info.numel} \xD7 ${size} its header declares`);
      }
      if (nbytes % size !== 0) throw new FormatError(fileOf(bytes), `storage ${info.key} holds ${nbytes} bytes, not a whole number of ${info.dtype} elements`);
      s2 = { key: String(this.list.length), info, bytes, nbytes };
      this.byId.set(id, s2);
      this.list.push(s2);
    }
    return s2;
  }
  all() {
    return this.list.slice();
  }
  pids = /* @__PURE__ */ new WeakSet();
  /** The persistent id torch.save's persistent_id returns for a storage. */
  pid(info) {
    const s2 = this.keyFor(info);
    const pid = {
      kind: "persid",
      pid: tuple(["storage", G2("torch", DTYPES[s2.info.dtype].storage), s2.key, s2.info.device, s2.nbytes / itemSize(s2.info.dtype)])
    };
    this.pids.add(pid);
    return pid;
  }
  isOurs(v) {
    return this.pids.has(v);
  }
};
function storageIdentity(info) {
  const b = info.bytes;
  if (!b || b.kind === "memory" || b.kind === "chunks" || b.kind === "computed") return info;
  return `${b.kind}\0${b.file}\0${b.offset}\0${info.dtype}`;
}
function fileOf(loc) {
  return locationFiles(loc)[0] ?? "";
}
var tuple = (items2) => ({ kind: "tuple", items: items2 });
var reduce = (callable, args) => ({
  kind: "object",
  via: "reduce",
  callable,
  args,
  kwargs: null,
  states: [],
  listItems: [],
  dictItems: []
});
var emptyOrderedDict = () => ({ kind: "dict", entries: [], cls: ORDERED_DICT2 });
function rebuildCall(t, storages) {
  const info = t.info;
  if (info.dtype !== info.storage.dtype) {
    throw new FormatError("", `tensor of dtype ${info.dtype} on a ${info.storage.dtype} storage cannot be written`);
  }
  const view = (requiresGrad) => reduce(REBUILD_TENSOR_V2, [
    storages.pid(t.info.storage),
    info.storageOffset,
    tuple(info.shape.slice()),
    tuple(info.stride.slice()),
    requiresGrad,
    emptyOrderedDict()
  ]);
  switch (info.kind) {
    case "tensor":
    case "safetensors":
      return view(info.requiresGrad);
    case "parameter":
      return reduce(REBUILD_PARAMETER, [view(false), info.requiresGrad, emptyOrderedDict()]);
    case "qtensor":
      return requantized(t, storages);
    case "ndarray":
      return t.original;
  }
}
function requantized(t, storages) {
  const o = t.original;
  if (typeof o !== "object" || o === null || o.kind !== "object" || o.via !== "reduce" || o.args.length < 4) {
    throw new FormatError("", "cannot rewrite a quantized tensor whose pickled form is not a _rebuild_qtensor call");
  }
  const args = o.args.slice();
  args[0] = storages.pid(t.info.storage);
  args[1] = t.info.storageOffset;
  args[2] = tuple(t.info.shape.slice());
  args[3] = tuple(t.info.stride.slice());
  return { ...o, args };
}
function writeShardedTorch(dir, baseName, tensors, maxShardBytes, opts = {}) {
  const files = opts.files ?? new OpenFiles();
  try {
    return writeShards({
      dir,
      baseName,
      ext: "bin",
      items: tensors,
      maxShardBytes,
      sizeOf: (t) => storageBytes(t.tensor),
      nameOf: (t) => t.name,
      write: (path, part) => writeTorchArchive(path, stateDict(part), { files })
    });
  } finally {
    if (!opts.files) files.close();
  }
}
function storageBytes(t) {
  let n = 1;
  for (const d of t.info.shape) n *= d;
  return n * itemSize(t.info.dtype);
}
function stateDict(tensors) {
  return { kind: "dict", entries: tensors.map((t) => [t.name, t.tensor]), cls: ORDERED_DICT2 };
}

// src/formats/safetensors/writer.ts
import { closeSync as closeSync8, openSync as openSync8, unlinkSync as unlinkSync3 } from "node:fs";
function safetensorsCode(dtype) {
  return DTYPES[dtype].safetensors;
}
function safetensorsRank(dtype) {
  return DTYPES[dtype].safetensorsRank ?? -1;
}
function writeSafetensors(path, tensors, metadata, opts = {}) {
  const planned = plan(path, tensors, opts.order ?? "reference");
  const header = headerBytes(planned, metadata);
  const fd = openSync8(path, "w");
  const files = opts.files ?? new OpenFiles();
  try {
    const out = new BufferedOutput(fd);
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(header.length), true);
    out.write(len);
    out.write(header);
    for (const t of planned) writeTensor(t, out, files);
    out.flush();
  } catch (e) {
    closeSync8(fd);
    unlinkSync3(path);
    throw e;
  } finally {
    if (!opts.files) files.close();
  }
  closeSync8(fd);
}
function plan(path, tensors, order) {
  const seen = /* @__PURE__ */ new Set();
  const planned = tensors.map(({ name, info }) => {
    if (seen.has(name)) throw new FormatError(path, `tensor ${JSON.stringify(name)} given twice`);
    if (name === "__metadata__") throw new FormatError(path, "a tensor cannot be named __metadata__ in safetensors");
    seen.add(name);
    const code2 = safetensorsCode(info.dtype);
    if (!code2) throw new FormatError(path, `tensor ${JSON.stringify(name)} has dtype ${info.dtype}, which safetensors cannot store`);
    return { name, info, code: code2, nbytes: numel(info.shape) * itemSize(info.dtype) };
  });
  if (order === "reference") {
    const utf83 = new Map(planned.map((p) => [p.name, Buffer.from(p.name, "utf8")]));
    planned.sort((a, b) => safetensorsRank(b.info.dtype) - safetensorsRank(a.info.dtype) || Buffer.compare(utf83.get(a.name), utf83.get(b.name)));
  }
  return planned;
}
function headerBytes(planned, metadata) {
  const parts = [];
  if (metadata) {
    const m = Object.entries(metadata).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(String(v))}`);
    parts.push(`"__metadata__":{${m.join(",")}}`);
  }
  let offset = 0;
  for (const t of planned) {
    parts.push(`${JSON.stringify(t.name)}:{"dtype":${JSON.stringify(t.code)},"shape":[${t.info.shape.join(",")}],"data_offsets":[${offset},${offset + t.nbytes}]}`);
    offset += t.nbytes;
  }
  const json = Buffer.from(`{${parts.join(",")}}`, "utf8");
  const padded = new Uint8Array(json.length + (8 - json.length % 8) % 8).fill(32);
  padded.set(json);
  return padded;
}
function writeTensor(t, out, files) {
  if (t.nbytes === 0) return;
  const loc = t.info.storage.bytes;
  if (!loc) throw new FormatError("", `tensor ${JSON.stringify(t.name)}: its storage has no bytes in the file to copy`);
  if (isContiguous(t.info)) {
    const size = itemSize(t.info.dtype);
    copyRange(loc, (chunk) => out.write(chunk), { start: t.info.storageOffset * size, length: t.nbytes, files });
  } else {
    out.write(readTensorBytes(t.info, files));
  }
}
function writeShardedSafetensors(dir, baseName, tensors, maxShardBytes, metadata, opts = {}) {
  const files = opts.files ?? new OpenFiles();
  const shardOpts = { ...opts, files };
  try {
    return writeShards({
      dir,
      baseName,
      ext: "safetensors",
      items: tensors,
      maxShardBytes,
      sizeOf: (t) => numel(t.info.shape) * itemSize(t.info.dtype),
      nameOf: (t) => t.name,
      write: (path, part) => writeSafetensors(path, part, metadata, shardOpts)
    });
  } finally {
    if (!opts.files) files.close();
  }
}

// src/apply/apply-write.ts
var SHARD_BASE = { torch: "pytorch_model", safetensors: "model" };
var SAFETENSORS_METADATA = { format: "pt" };
function writeOutput(temp, req, files) {
  const progress2 = req.progress ? new ProgressFiles(files, () => outputSize(temp), req.totalBytes, req.progress) : files;
  if (req.maxShardBytes !== null) {
    const base = SHARD_BASE[req.format];
    const named = req.tensors.map(([name, tensor]) => ({ name, tensor }));
    const r = req.format === "torch" ? writeShardedTorch(temp, base, named, req.maxShardBytes, { files: progress2 }) : writeShardedSafetensors(temp, base, named.map((n) => ({ name: n.name, info: n.tensor.info })), req.maxShardBytes, SAFETENSORS_METADATA, { files: progress2 });
    const index2 = r.index ? `${base}.${req.format === "torch" ? "bin" : "safetensors"}.index.json` : r.files[0];
    return { entry: join12(temp, index2), files: (r.index ? [...r.files, index2] : r.files).map((f) => join12(temp, f)) };
  }
  if (req.format === "safetensors") {
    writeSafetensors(temp, req.tensors.map(([name, t]) => ({ name, info: t.info })), SAFETENSORS_METADATA, { files: progress2 });
    return { entry: temp, files: [temp] };
  }
  const fd = openSync9(temp, "wx");
  try {
    writeTorchArchive(fd, req.root, { archiveName: defaultArchiveName(req.out), files: progress2 });
  } finally {
    closeSync9(fd);
  }
  return { entry: temp, files: [temp] };
}
function outputSize(path) {
  try {
    const st = statSync6(path);
    if (!st.isDirectory()) return st.size;
    let n = 0;
    for (const f of readdirSync5(path)) n += statSync6(join12(path, f)).size;
    return n;
  } catch {
    return 0;
  }
}
var PROGRESS_EVERY_MS = 100;
var ProgressFiles = class extends OpenFiles {
  constructor(inner, size, total, report) {
    super();
    this.inner = inner;
    this.size = size;
    this.total = total;
    this.report = report;
  }
  last = 0;
  get(path) {
    const now = Date.now();
    if (now - this.last >= PROGRESS_EVERY_MS) {
      this.last = now;
      this.report(Math.min(this.size(), this.total), this.total);
    }
    return this.inner.get(path);
  }
  close() {
  }
};

// src/plan/fingerprint.ts
import { Worker as Worker4 } from "node:worker_threads";

// src/formats/zip/entries-digest.ts
import { createHash as createHash3 } from "node:crypto";
function zipEntriesDigest(zip) {
  const h = createHash3("sha256");
  const fixed = new DataView(new ArrayBuffer(28));
  for (const e of zip.entries) {
    if (e.size > 0 && e.crc32 === 0) {
      return { why: `its entry "${e.name}" records no CRC-32 (written with checksums turned off), so its directory does not identify its bytes` };
    }
    const name = Buffer.from(e.name, "utf8");
    fixed.setUint32(0, name.length, true);
    fixed.setUint32(4, e.method, true);
    fixed.setFloat64(8, e.size, true);
    fixed.setFloat64(16, e.compressedSize, true);
    fixed.setUint32(24, e.crc32 >>> 0, true);
    h.update(new Uint8Array(fixed.buffer));
    h.update(name);
  }
  return { sha256: h.digest("hex") };
}

// src/plan/fingerprint.ts
function sourceFiles(ckpt, path) {
  if (ckpt.files) return ckpt.files;
  if (ckpt.format !== "hf-sharded") return [path];
  const shards = /* @__PURE__ */ new Set();
  for (const t of ckpt.tensors) {
    const b = t.info.storage.bytes;
    if (b) for (const f of locationFiles(b)) shards.add(f);
  }
  return [path, ...[...shards].sort()];
}
var ZIP_FORMATS = /* @__PURE__ */ new Set(["torch-zip", "torchscript"]);
function entriesFingerprint(format, path) {
  if (!ZIP_FORMATS.has(format)) return { why: `a ${format} file has no directory of checksums` };
  const source = openSource(path, path);
  try {
    return zipEntriesDigest(openZip(source));
  } finally {
    source.close();
  }
}
var HASH_CHUNK = 128 << 10;
var RESULT_BYTES2 = 1024;
function keySetMatches(plan2, entries) {
  const recorded = plan2.source.keySet;
  if (!recorded || !entries) return null;
  const now = keySetDigest(entries);
  return now !== null && sameKeySet(now, recorded);
}
var MADE_FROM = {
  manifest: "a manifest",
  "key-list": "a key list",
  "error-text": "an error text"
};
function fingerprintProblems(plan2, facts) {
  const problems = [];
  const kind2 = planSourceKind(plan2);
  const keySet = keySetMatches(plan2, facts.entries);
  if (keySet === true) return problems;
  if (kind2 === "checkpoint" && plan2.source.size !== facts.size) problems.push(`size is ${facts.size} bytes, the plan's source had ${plan2.source.size}`);
  const planned = new Set(Object.keys(plan2.mapping));
  const have = new Set(facts.keys);
  const extra = facts.keys.filter((k) => !planned.has(k));
  const absent = [...planned].filter((k) => !have.has(k));
  if (keySet === false && extra.length === 0 && absent.length === 0) {
    problems.push(`key set differs: the same ${facts.keys.length} key names as the plan's source, but shapes or dtypes differ (the plan records their digest, source.keySet)`);
  }
  if (extra.length || absent.length) {
    const parts = [];
    if (absent.length) parts.push(`${absent.length} planned key(s) absent (${examples5(absent)})`);
    if (extra.length) parts.push(`${extra.length} key(s) the plan does not know (${examples5(extra)})`);
    if (kind2 === "checkpoint") problems.push(`key set differs: ${parts.join("; ")}`);
    else {
      const why = kind2 === "error-text" ? "which names only the keys that differed, so its plan fits no whole checkpoint: make the plan from the checkpoint with sdmatch plan CHECKPOINT ERROR.txt" : `so the checkpoint's keys must be exactly those of ${plan2.source.file || "that source"}`;
      problems.push(`key set differs (the plan was made from ${MADE_FROM[kind2]}, ${why}): ${parts.join("; ")}`);
    }
  }
  return problems;
}
function examples5(keys) {
  const shown = keys.slice(0, 3).map((k) => `'${k}'`).join(", ");
  return keys.length > 3 ? `${shown}, \u2026` : shown;
}
var WORKER_SOURCE3 = `
const { workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { files, shared } = workerData;
const state = new Int32Array(shared, 0, 1);
const out = new Uint8Array(shared, 4);
let text = 'error:hash worker ended without an answer';
try {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(${HASH_CHUNK});
  for (const f of files) {
    const fd = fs.openSync(f, 'r');
    try {
      for (let pos = 0, n; (n = fs.readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) h.update(buf.subarray(0, n));
    } finally { fs.closeSync(fd); }
  }
  text = 'ok:' + h.digest('hex');
} catch (e) {
  text = 'error:' + String(e && e.message || e);
}
const bytes = Buffer.from(text.slice(0, ${RESULT_BYTES2 / 4}), 'utf8');
out.set(bytes.subarray(0, out.length));
Atomics.store(state, 0, 1 + bytes.length);
Atomics.notify(state, 0);
`;
function hashInBackground(files) {
  const shared = new SharedArrayBuffer(4 + RESULT_BYTES2);
  const state = new Int32Array(shared, 0, 1);
  const worker = new Worker4(WORKER_SOURCE3, { eval: true, execArgv: [], workerData: { files: [...files], shared } });
  worker.unref();
  worker.on("error", () => {
  });
  let settled = null;
  return {
    result() {
      if (settled) return settled;
      while (Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0, 1e3);
      const n = Atomics.load(state, 0) - 1;
      const text2 = Buffer.from(new Uint8Array(shared, 4, n)).toString("utf8");
      settled = text2.startsWith("ok:") ? { sha256: text2.slice(3) } : { error: text2.replace(/^error:/, "") };
      void worker.terminate();
      return settled;
    },
    cancel() {
      void worker.terminate();
    }
  };
}

// src/apply/apply.ts
function dryRunApply(opts) {
  const { preview, src } = prepare(opts);
  const notes = dcpInPlaceTarget(opts, src) ? [...preview.notes, `in place: only ${src.checkpoint.files[0]} would be rewritten; the data files are not touched`] : preview.notes;
  return { ...preview, notes, hash: preview.hash === "matched" ? "not checked (dry run)" : preview.hash };
}
function applyPlan(opts) {
  const started = Date.now();
  const early = mayNeedHash(opts) ? hashInBackground([opts.source]) : null;
  let prepared;
  try {
    prepared = prepare(opts);
  } catch (e) {
    early?.cancel();
    throw e;
  }
  const { preview, src, metadata } = prepared;
  const hashed = sourceFiles(src.checkpoint, src.path);
  const earlyFits = preview.hash === "matched" && hashed.length === 1 && hashed[0] === opts.source;
  if (!earlyFits) early?.cancel();
  const dcpMetadata = dcpInPlaceTarget(opts, src);
  if (dcpMetadata) return renameDcpInPlace(opts, preview, src, dcpMetadata, started);
  const hash = preview.hash !== "matched" ? null : earlyFits ? early : hashInBackground(hashed);
  let output;
  try {
    output = new AtomicOutput(opts.out, preview.sharded ? "dir" : "file", { guardInterrupts: opts.guardInterrupts ?? false, sync: opts.sync ?? true });
  } catch (e) {
    hash?.cancel();
    throw writeProblem(e, opts.out, src.path);
  }
  const files = new OpenFiles();
  try {
    const sources = new Map(src.entries);
    const rebuilder = new Rebuilder(sources, files);
    const tensors = preview.changes.outputs.map((o) => [
      o.key,
      o.recipe.kind === "source" ? asTorchTensor(sources.get(o.recipe.key)) : rebuilder.build(o)
    ]);
    const root = outputRoot(src, tensors, metadata, preview.keepContainer);
    const progress2 = opts.progress ? { progress: opts.progress } : {};
    const storages = withSourceFile(src.path, () => copyInKernel(output.temp, {
      enabled: opts.fast ?? true,
      src,
      format: preview.format,
      sharded: preview.sharded,
      keepContainer: preview.keepContainer,
      outputs: preview.changes.outputs,
      tensors,
      root,
      totalBytes: preview.totalBytes,
      ...progress2
    }));
    const written = storages.kind === "in-kernel" ? { entry: output.temp, files: [output.temp] } : withSourceFile(
      src.path,
      () => writeOutput(output.temp, { format: preview.format, root, tensors, maxShardBytes: opts.maxShardBytes ?? null, out: opts.out, totalBytes: preview.totalBytes, ...progress2 }, files)
    );
    output.flush();
    const check = verifyOutput({
      entry: written.entry,
      name: opts.out,
      select: preview.keepContainer ? src.select : [],
      tensors: tensors.map(([key, t]) => ({ key, info: t.info })),
      layout: preview.format === "torch" ? "storages" : "tensors",
      ordered: preview.format === "torch" && !preview.sharded,
      allowDangerous: opts.trust ?? false
    });
    if (preview.hash === "unchanged since plan" && !identityHolds(src.path, opts.plan.source.identity)) {
      throw new FormatError(src.path, "changed while apply was reading it (its device, inode, size, mtime or ctime is no longer what plan recorded): nothing was written; run apply again once it is complete");
    }
    if (hash) {
      const h = hash.result();
      if ("error" in h) throw new FormatError(src.path, `cannot hash the source: ${h.error}`);
      if (h.sha256 !== opts.plan.source.sha256 && keySetMatches(opts.plan, src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }))) === true) {
        preview.hash = "key set matched";
      } else if (h.sha256 !== opts.plan.source.sha256) {
        throw new FormatError(opts.planFile, `the plan was made for another file: ${src.path} has sha256 ${h.sha256.slice(0, 12)}\u2026, the plan's source ${opts.plan.source.sha256.slice(0, 12)}\u2026 (same size and keys; pass --force to apply it anyway)`);
      }
    }
    output.commit();
    const names = written.files.map((f) => f.replace(output.temp, opts.out));
    const bytes = names.reduce((n, f) => n + statSync7(f).size, 0);
    return { ...preview, written: { files: names, bytes, tensors: check.tensors, seconds: (Date.now() - started) / 1e3, storages } };
  } catch (e) {
    try {
      output.abort();
    } catch {
    }
    throw writeProblem(e, opts.out, src.path);
  } finally {
    hash?.cancel();
    files.close();
  }
}
function mayNeedHash(opts) {
  if (!opts.plan.source.sha256 || opts.force || opts.verifyHash === false) return false;
  if (!opts.fullHash && identityHolds(opts.source, opts.plan.source.identity)) return false;
  try {
    return statSync7(opts.source).isFile();
  } catch {
    return false;
  }
}
function prepare(opts) {
  const { plan: plan2, planFile } = opts;
  const sharded = opts.maxShardBytes !== void 0 && opts.maxShardBytes !== null;
  if (sharded && !(opts.maxShardBytes > 0)) throw new FormatError("", `--max-shard-size must be positive`);
  const src = openPlanSource(opts.source, plan2.source.select, opts.selectOverride);
  checkOutputPath(opts, src, sharded);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  const problems = fingerprintProblems(plan2, { size: src.checkpoint.size, keys: keys.map((k) => k.key), entries: keys });
  if (problems.length > 0 && !opts.force) {
    throw new FormatError(planFile, `the plan was made for another file: ${src.path}'s ${problems.join("; ")} (pass --force to apply its ops anyway)`);
  }
  const changes = planKeyChanges(plan2, planFile, keys);
  if (!opts.force) {
    const disagree = checkPlanConsistency(plan2, keys);
    if (disagree.length > 0) {
      const more = disagree.length > 1 ? ` (and ${disagree.length - 1} more)` : "";
      throw new FormatError(planFile, `ops and mapping disagree: ${disagree[0]}${more}; the ops define the plan: after editing them, recompute the mapping with sdmatch plan edit ${planFile} -o ${planFile}`);
    }
  }
  const format = opts.format ?? formatFor(opts.out, src.checkpoint.format, src);
  const keepContainer = opts.keepContainer ?? false;
  if (keepContainer) {
    if (format !== "torch" || sharded) throw new FormatError("", "--keep-container writes a single torch file: it cannot be combined with safetensors or sharded output");
    if (!["torch-zip", "legacy-torch", "pickle"].includes(src.checkpoint.format) || src.dict === null) {
      throw new FormatError(src.path, `--keep-container needs a pickled checkpoint whose state dict is a dict; this ${src.checkpoint.format} file has only tensors to keep (write it without --keep-container)`);
    }
    if (src.checkpoint.safety.verdict === "dangerous" && !opts.trust) {
      throw new FormatError(src.path, "is dangerous (sdmatch inspect lists what its pickle reaches): --keep-container would carry its objects, and the code they run, into OUT; write the state dict alone (without --keep-container), or pass --trust if you trust this file");
    }
    if (src.checkpoint.safety.verdict === "incomplete" && !opts.trust) {
      throw new FormatError(src.path, "has a safety verdict of incomplete (sdmatch inspect says why): --keep-container would carry objects sdmatch could not vet into OUT; write the state dict alone (without --keep-container), or pass --trust if you trust this file");
    }
  }
  const notes = [];
  const meta = src.dict ? metadataOf(src.dict) : null;
  let metadata = null;
  let renamedMeta = null;
  if (meta) {
    const r = renameMetadata(meta, plan2.ops, changes.mapping);
    renamedMeta = r.metadata;
    metadata = { entries: r.metadata.entries.length, renamed: r.renamed, dropped: r.dropped, carried: format === "torch" };
    if (format !== "torch") notes.push("module versions (_metadata) are not carried: safetensors has no place for them; BatchNorm then assumes the current version");
  }
  const hash = identityCheck(opts, src, notes, keySetMatches(plan2, keys) === true);
  const preview = {
    source: { file: src.path, format: src.checkpoint.format, size: src.checkpoint.size, select: [...src.select], safety: src.checkpoint.safety },
    out: opts.out,
    format,
    sharded,
    keepContainer,
    changes,
    forced: opts.force ? problems : [],
    hash,
    metadata,
    totalBytes: outputBytes(changes, new Map(src.entries), format),
    notes
  };
  return { preview, src, metadata: renamedMeta };
}
function identityCheck(opts, src, notes, keySetMatched) {
  const { sha256, entriesSha256 } = opts.plan.source;
  if (!sha256 && !entriesSha256) return keySetMatched ? "key set matched" : "not recorded";
  if (opts.force) return "not checked (--force)";
  if (opts.verifyHash === false) return "not checked (--no-verify-hash)";
  if (keySetMatched && src.checkpoint.size !== opts.plan.source.size) return "key set matched";
  if (entriesSha256) {
    const now = entriesFingerprint(src.checkpoint.format, src.path);
    if (keySetMatched && "sha256" in now && now.sha256 !== entriesSha256) return "key set matched";
    if ("sha256" in now && now.sha256 !== entriesSha256) {
      throw new FormatError(opts.planFile, `the plan was made for another file: ${src.path} holds other bytes under the same names (its zip directory's CRC-32s give entries digest ${now.sha256.slice(0, 12)}\u2026, the plan's source ${entriesSha256.slice(0, 12)}\u2026; pass --force to apply it anyway)`);
    }
    if ("sha256" in now && !sha256) return "entries matched";
    if ("why" in now && sha256) notes.push(`the source's entries digest cannot be checked: ${now.why}; its sha256 (or, unchanged since plan hashed it, its identity) is checked instead`);
  }
  if (!sha256) return "not recorded";
  const single = sourceFiles(src.checkpoint, src.path);
  const unchanged = !opts.fullHash && single.length === 1 && single[0] === src.path && identityHolds(src.path, opts.plan.source.identity);
  return unchanged ? "unchanged since plan" : "matched";
}
function formatFor(out, format, src) {
  const ext = extname(out).toLowerCase();
  if (ext === ".safetensors") return "safetensors";
  if ([".pt", ".pth", ".bin", ".ckpt", ".tar"].includes(ext)) return "torch";
  if (format === "safetensors") return "safetensors";
  if (format === "hf-sharded") {
    const first = src.entries[0]?.[1].info.kind;
    return first === "safetensors" ? "safetensors" : "torch";
  }
  return "torch";
}
function dcpInPlaceTarget(opts, src) {
  const files = src.checkpoint.files;
  if (src.checkpoint.format !== "dcp" || !opts.inPlace || !files) return null;
  const out = resolve(opts.out);
  const metadata = files[0];
  return out === resolve(dirname8(metadata)) || files.some((f) => resolve(f) === out) ? metadata : null;
}
function renameDcpInPlace(opts, preview, src, metadataFile, started) {
  const c = preview.changes;
  if (rebuilds(c) > 0 || c.outputs.some((o) => o.recipe.kind === "source" && o.sources.length !== 1)) {
    throw new FormatError(opts.planFile, "renaming a DCP checkpoint in place rewrites only its .metadata: this plan changes tensor bytes (transpose, reshape, split or concat); write a consolidated checkpoint instead (-o out.safetensors)");
  }
  const mapping = new Map(src.entries.map(([k]) => [k, null]));
  const seen = /* @__PURE__ */ new Set();
  for (const o of c.outputs) {
    const from = o.sources[0];
    if (seen.has(from)) throw new FormatError(opts.planFile, `the plan gives "${from}" two names: a DCP checkpoint renamed in place holds each tensor once`);
    seen.add(from);
    mapping.set(from, o.key);
  }
  for (const [k, v] of [...mapping]) if (v === k) mapping.delete(k);
  if (preview.hash === "matched") {
    const h = hashInBackground(sourceFiles(src.checkpoint, src.path)).result();
    if ("error" in h) throw new FormatError(src.path, `cannot hash the source: ${h.error}`);
    if (h.sha256 !== opts.plan.source.sha256) {
      throw new FormatError(opts.planFile, `the plan was made for another checkpoint: ${src.path} has sha256 ${h.sha256.slice(0, 12)}\u2026, the plan's source ${opts.plan.source.sha256.slice(0, 12)}\u2026 (same size and keys; pass --force to apply it anyway)`);
    }
  }
  const meta = readDcpMetadataOf(metadataFile);
  const r = rewriteDcpMetadata(metadataFile, dcpRenames(meta, src.select, mapping, metadataFile), { sync: opts.sync ?? true });
  const after = openPlanSource(dirname8(metadataFile), src.select);
  const got = new Map(after.entries.map(([k, t]) => [k, t.info.shape]));
  const wrong = c.outputs.filter((o) => !got.has(o.key) || o.shape !== null && JSON.stringify(got.get(o.key)) !== JSON.stringify(o.shape));
  if (wrong.length > 0) throw new Error(`DCP .metadata rewritten but ${wrong[0].key} is not read back as planned`);
  const notes = [...preview.notes, `in place: only ${metadataFile} was rewritten (${r.renamed} renamed, ${r.dropped} dropped); the data files were not touched${r.dropped > 0 ? " (dropped chunks stay in them, unreferenced)" : ""}`];
  return { ...preview, notes, written: { files: [metadataFile], bytes: r.bytes, tensors: after.entries.length, seconds: (Date.now() - started) / 1e3, storages: { kind: "streamed", why: "DCP renamed in place: only .metadata was rewritten" } } };
}
function readDcpMetadataOf(file) {
  const source = new FileSource(file);
  try {
    const r = readDcpMetadata(source, file);
    if (!r.meta) throw r.error ?? new FormatError(file, "not a DCP .metadata");
    return r.meta;
  } finally {
    source.close();
  }
}
function checkOutputPath(opts, src, sharded) {
  if (dcpInPlaceTarget(opts, src)) return;
  const folder = dirname8(resolve(opts.out));
  let dir;
  try {
    dir = statSync7(folder);
  } catch (e) {
    throw asEnvironmentError(e, opts.out, `cannot write into ${folder}`);
  }
  if (!dir.isDirectory()) throw new FormatError(opts.out, `cannot write into ${folder}: it is not a folder`);
  let st;
  try {
    st = statSync7(opts.out);
  } catch (e) {
    if (e.code === "ENOENT") return;
    throw asEnvironmentError(e, opts.out, "cannot write");
  }
  if (st.isDirectory()) {
    if (!sharded) throw new FormatError(opts.out, "is a folder; name the output file (or shard with --max-shard-size, which writes a folder)");
    if (readdirSync6(opts.out).length > 0) throw new FormatError(opts.out, "exists and is not empty; sharded output needs a new or empty folder");
    return;
  }
  const special = notRegularFile(st);
  if (special) throw new FormatError(opts.out, special);
  if (sharded) throw new FormatError(opts.out, "exists and is a file; sharded output is a folder");
  for (const f of sourceFiles(src.checkpoint, src.path)) {
    let s2;
    try {
      s2 = statSync7(f);
    } catch {
      continue;
    }
    if (s2.dev === st.dev && s2.ino === st.ino && !opts.inPlace) {
      throw new FormatError(opts.out, `is the source (${f}); sdmatch never writes over its source unless --in-place is given`);
    }
  }
}
function writeProblem(e, out, source) {
  const err = e;
  const path = typeof err?.path === "string" ? err.path : null;
  if (path !== null && resolve(path) === resolve(source) && err.dest === void 0) return asEnvironmentError(e, source, "cannot read");
  return asEnvironmentError(e, out, "cannot write");
}
function asTorchTensor(t) {
  if (t.info.kind !== "ndarray") return t;
  return { kind: "tensor", info: { ...t.info, kind: "tensor" }, original: null };
}
function outputRoot(src, tensors, metadata, keepContainer) {
  const attrs = metadata ? withMetadata(src.dict?.attrs, metadata) : src.dict?.attrs;
  const dict = stateDictNode(tensors, src.dict, attrs);
  return keepContainer ? replaceAt(src.checkpoint.root, src.select, dict, src.path) : dict;
}
function outputBytes(changes, sources, format) {
  let total = 0;
  const storages = /* @__PURE__ */ new Set();
  for (const o of changes.outputs) {
    const t = o.recipe.kind === "source" ? sources.get(o.recipe.key) : void 0;
    if (t && format === "torch") {
      if (storages.has(t.info.storage)) continue;
      storages.add(t.info.storage);
      total += t.info.storage.bytes ? locationLength(t.info.storage.bytes) : 0;
      continue;
    }
    const base = sources.get(o.sources[0]);
    total += numel(o.shape ?? base.info.shape) * itemSize(base.info.dtype);
  }
  return total;
}
function withSourceFile(file, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FormatError && !e.file) e.file = file;
    throw e;
  }
}

// src/report/emit-python.ts
function pyReplacement(replacement) {
  let out = "";
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === "$") {
      if (replacement[i + 1] === "$") {
        out += "$";
        i++;
        continue;
      }
      const m = /^\d{1,2}/.exec(replacement.slice(i + 1));
      if (m) {
        out += `\\g<${m[0]}>`;
        i += m[0].length;
        continue;
      }
    }
    out += c === "\\" ? "\\\\" : c;
  }
  return out;
}
function pyArithmetic(p) {
  let e = `int(m.group(${p.group}))`;
  for (const [op, k] of p.steps) e = `(${e} ${op} ${k})`;
  return e;
}
function pyArithmeticGuard(replacement) {
  const parts = replacementParts(replacement).filter((p) => typeof p === "object");
  if (parts.length === 0) return null;
  const groups = [...new Set(parts.map((p) => p.group))];
  const isIndex2 = groups.map((g) => `(m.group(${g}) or '').isascii() and (m.group(${g}) or '').isdigit() and len(m.group(${g})) <= 9`);
  const notNegative = parts.filter((p) => p.steps.length > 0).map((p) => `${pyArithmetic(p)} >= 0`);
  return [.../* @__PURE__ */ new Set([...isIndex2, ...notNegative])].join(" and ");
}
function pyReplacementLambda(replacement) {
  const pieces = replacementParts(replacement).map((p) => {
    if (typeof p === "string") return pyStr(p);
    if (typeof p === "number") return `(m.group(${p}) or '')`;
    return `str(${pyArithmetic(p)})`;
  });
  const value = pieces.length ? pieces.join(" + ") : "''";
  const guard = pyArithmeticGuard(replacement);
  return `lambda m: ${guard ? `(${value}) if ${guard} else m.group(0)` : value}`;
}
function pyMatchingKeys(targets) {
  const guards = [...new Set(targets.map(pyArithmeticGuard).filter((g) => g !== null))];
  if (guards.length === 0) return "[k for k in sd if pattern.search(k)]";
  return `[k for k in sd if (m := pattern.search(k)) and ${guards.map((g) => `(${g})`).join(" and ")}]`;
}
function pySubArgument(replacement) {
  return hasArithmetic(replacement) ? pyReplacementLambda(replacement) : pyStr(pyReplacement(replacement));
}
function pyList(xs) {
  return `[${xs.map((x) => typeof x === "number" ? String(x) : pyStr(x)).join(", ")}]`;
}
function needsTorch(ops) {
  return ops.some((o) => o.op === "split" || o.op === "concat" || o.op === "stack");
}
function needsRe(ops) {
  return ops.some((o) => opLines(o).some((l) => l.includes("re.compile(")));
}
function opLines(op) {
  switch (op.op) {
    case "strip_prefix":
      return [`    sd = {(k[${op.prefix.length}:] if k.startswith(${pyStr(op.prefix)}) else k): v for k, v in sd.items()}`];
    case "add_prefix":
      return [`    sd = {${pyStr(op.prefix)} + k: v for k, v in sd.items()}`];
    case "rename":
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    sd = {pattern.sub(${pySubArgument(op.replacement)}, k, count=1): v for k, v in sd.items()}`
      ];
    case "drop":
      return [`    pattern = re.compile(${pyStr(op.pattern)})`, `    sd = {k: v for k, v in sd.items() if not pattern.search(k)}`];
    case "transpose":
      if (op.key !== void 0) return [`    sd[${pyStr(op.key)}] = sd[${pyStr(op.key)}].permute(${op.dims.join(", ")}).contiguous()`];
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    sd = {k: (v.permute(${op.dims.join(", ")}).contiguous() if pattern.search(k) else v) for k, v in sd.items()}`
      ];
    case "reshape": {
      const shape4 = (v) => op.shape !== void 0 ? `(${op.shape.join(", ")}${op.shape.length === 1 ? "," : ""})` : op.addTrailingOnes !== void 0 ? `tuple(${v}.shape) + (1,) * ${op.addTrailingOnes}` : `tuple(${v}.shape)[:-${op.removeTrailingOnes}]`;
      if (op.key !== void 0) return [`    sd[${pyStr(op.key)}] = sd[${pyStr(op.key)}].reshape(${shape4(`sd[${pyStr(op.key)}]`)})`];
      return [`    pattern = re.compile(${pyStr(op.pattern)})`, `    sd = {k: (v.reshape(${shape4("v")}) if pattern.search(k) else v) for k, v in sd.items()}`];
    }
    case "split": {
      const unbind = op.sizes.every((s2) => s2 === 1);
      const cut = (v) => unbind ? `torch.unbind(${v}, dim=${op.dim})` : `torch.split(${v}, ${pyList(op.sizes)}, dim=${op.dim})`;
      if (op.key !== void 0) return [`    for name, part in zip(${pyList(op.targets)}, ${cut(`sd.pop(${pyStr(op.key)})`)}):`, `        sd[name] = part.contiguous()`];
      const targets = `[${op.targets.map((t) => `pattern.sub(${pySubArgument(t)}, m.group(0), count=1)`).join(", ")}]`;
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    for k in ${pyMatchingKeys(op.targets)}:`,
        `        m = pattern.search(k)`,
        `        for name, part in zip(${targets}, ${cut("sd.pop(k)")}):`,
        `            sd[name] = part.contiguous()`
      ];
    }
    case "concat":
      if (op.pattern === void 0) return [`    sd[${pyStr(op.target)}] = torch.cat([sd.pop(k) for k in ${pyList(op.keys)}], dim=${op.dim})`];
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    groups = {}`,
        `    for k in ${pyMatchingKeys([op.target])}:`,
        `        m = pattern.search(k)`,
        `        groups.setdefault(pattern.sub(${pySubArgument(op.target)}, m.group(0), count=1), {})[m.group(${op.part})] = k`,
        `    for name, parts in groups.items():`,
        `        sd[name] = torch.cat([sd.pop(parts[p]) for p in ${pyList(op.parts)}], dim=${op.dim})`
      ];
    case "stack":
      return [
        `    pattern = re.compile(${pyStr(op.pattern)})`,
        `    groups = {}`,
        `    for k in ${pyMatchingKeys([op.target])}:`,
        `        m = pattern.search(k)`,
        `        groups.setdefault(pattern.sub(${pySubArgument(op.target)}, m.group(0), count=1), []).append((int(m.group(${op.index})), k))`,
        `    for name, parts in groups.items():`,
        `        sd[name] = torch.stack([sd.pop(k) for _, k in sorted(parts)], dim=${op.dim})`
      ];
    case "copy":
      return [`    sd[${pyStr(op.target)}] = sd[${pyStr(op.key)}]`];
  }
}
function comment(op) {
  const why = op.op === "drop" ? op.reason : op.evidence ?? "";
  const line = `    # ${op.op}${why ? `: ${why}` : ""}`;
  return line.replace(/[\r\n]+/g, " ");
}
function importsOf(plan2) {
  return [...needsRe(plan2.ops) ? ["import re"] : [], ...needsTorch(plan2.ops) ? ["import torch"] : []];
}
function remapLines(plan2, functionName) {
  const lines = [`def ${functionName}(state_dict):`, `    """Return a new state dict whose keys are what the model expects."""`, "    sd = dict(state_dict)"];
  for (const op of plan2.ops) lines.push(comment(op), ...opLines(op));
  lines.push("    return sd");
  return lines;
}
function emitPython(plan2, functionName = "remap_state_dict") {
  const imports = importsOf(plan2);
  const select = plan2.source.select;
  const lines = [
    `# Generated by sdmatch from a plan for ${plan2.source.file || "a checkpoint"}.`.replace(/[\r\n]+/g, " "),
    "# Ops apply in order, each to the keys as the previous ones left them.",
    "# Run it: python THIS_FILE.py IN OUT (or import it and call the functions).",
    ...imports.length ? ["", ...imports] : [],
    "",
    "",
    "def select_state_dict(checkpoint):",
    `    """The state dict inside the checkpoint, where the plan found it${select.length ? "" : " (the checkpoint itself)"}."""`,
    `    return ${pythonAccess(select)}`,
    "",
    "",
    ...remapLines(plan2, functionName),
    "",
    "",
    "if __name__ == '__main__':",
    "    import sys",
    "    import torch as _torch",
    "",
    "    # torch's default weights_only (True since torch 2.6) decides whether pickled code may run;",
    "    # check a file you did not make with `sdmatch inspect` first",
    "    checkpoint = _torch.load(sys.argv[1], map_location='cpu')",
    `    _torch.save(${functionName}(select_state_dict(checkpoint)), sys.argv[2])`,
    ""
  ];
  return lines.join("\n");
}
function emitPythonOneLiner(plan2) {
  if (plan2.ops.length !== 1) return null;
  const op = plan2.ops[0];
  switch (op.op) {
    case "strip_prefix":
      return `state_dict = {k.removeprefix(${pyStr(op.prefix)}): v for k, v in state_dict.items()}`;
    case "add_prefix":
      return `state_dict = {${pyStr(op.prefix)} + k: v for k, v in state_dict.items()}`;
    case "rename":
      return `state_dict = {re.sub(${pyStr(op.pattern)}, ${pySubArgument(op.replacement)}, k, count=1): v for k, v in state_dict.items()}`;
    case "drop":
      return `state_dict = {k: v for k, v in state_dict.items() if not re.search(${pyStr(op.pattern)}, k)}`;
    default:
      return null;
  }
}

// src/report/emit-hf.ts
function applyHfKeyMapping(entries, key) {
  for (const e of entries) {
    const re = new RegExp(e.pattern, "g");
    let n = 0;
    const out = key.replace(re, (...args) => {
      n++;
      const m = Object.assign(args.slice(0, -2), { index: 0, input: key });
      return expandReplacement(e.replacement, m);
    });
    if (n > 0) return out;
  }
  return key;
}
function asPythonDict(entries) {
  const dict = /* @__PURE__ */ new Map();
  for (const e of entries) dict.set(e.pattern, e.replacement);
  return [...dict].map(([pattern, replacement]) => ({ pattern, replacement }));
}
function opEntry(op) {
  switch (op.op) {
    case "strip_prefix":
      return { pattern: `^${escapeRegex(op.prefix)}`, replacement: "" };
    case "add_prefix":
      return { pattern: "^", replacement: op.prefix.replace(/\$/g, "$$$$") };
    case "rename":
      return hasArithmetic(op.replacement) ? null : { pattern: op.pattern, replacement: op.replacement };
    case "drop":
      return null;
  }
}
function composedEntry(ops) {
  if (ops.length === 1) return opEntry(ops[0]);
  if (ops.length !== 2 || ops.some((o) => o.op === "rename" && hasArithmetic(o.replacement))) return null;
  const [a, b] = ops;
  const lit2 = (s2) => s2.replace(/\$/g, "$$$$");
  if (a.op === "strip_prefix" && b.op === "add_prefix") return { pattern: `^${escapeRegex(a.prefix)}`, replacement: lit2(b.prefix) };
  if (a.op === "strip_prefix" && b.op === "rename" && b.pattern.startsWith("^")) {
    return { pattern: `^${escapeRegex(a.prefix)}${b.pattern.slice(1)}`, replacement: b.replacement };
  }
  if (a.op === "add_prefix" && b.op === "rename" && b.pattern.startsWith(`^${escapeRegex(a.prefix)}`)) {
    return { pattern: `^${b.pattern.slice(1 + escapeRegex(a.prefix).length)}`, replacement: b.replacement };
  }
  return null;
}
function hfKeyMapping(plan2) {
  const notExpressible = plan2.ops.filter((o) => !isNameOp(o) || o.op === "drop").map((o) => describeOp(o));
  for (const o of plan2.ops) if (o.op === "rename" && hasArithmetic(o.replacement)) notExpressible.push(`${describeOp(o)} \u2192 ${o.replacement}: index arithmetic, so the keys it moves have entries of their own above`);
  const nameOps = plan2.ops.map((o) => isNameOp(o) ? o : null);
  const steps = nameOps.map((o) => o ? compileNameOp(o) : null);
  const histories = /* @__PURE__ */ new Map();
  for (const key of Object.keys(plan2.mapping)) {
    let name = key;
    const used = [];
    let dropped = false;
    steps.forEach((step, i) => {
      if (!step || dropped) return;
      const r = step(name);
      if (r === void 0) return;
      if (r === null) dropped = true;
      else {
        name = r;
        used.push(i);
      }
    });
    if (dropped || used.length === 0) continue;
    const sig = used.join(",");
    const h = histories.get(sig);
    if (h) h.keys.push(key);
    else histories.set(sig, { ops: used, keys: [key] });
  }
  const general = [];
  const exact = [];
  const sorted = [...histories.values()].sort((x, y) => y.ops.length - x.ops.length || x.ops[0] - y.ops[0]);
  for (const h of sorted) {
    const entry = composedEntry(h.ops.map((i) => nameOps[i]));
    if (entry) {
      const same2 = general.find((g) => g.entry.pattern === entry.pattern && g.entry.replacement === entry.replacement);
      if (same2) same2.keys.push(...h.keys);
      else general.push({ entry, keys: [...h.keys] });
    } else {
      const { entries: families2, rest } = familyEntries(h.keys, plan2.mapping);
      general.push(...families2);
      for (const k of rest) exact.push(exactEntry(k, plan2.mapping[k]));
    }
  }
  const perPattern = /* @__PURE__ */ new Map();
  for (const g of general) perPattern.set(g.entry.pattern, (perPattern.get(g.entry.pattern) ?? 0) + 1);
  const composed = [];
  for (const g of general) {
    if (perPattern.get(g.entry.pattern) === 1) composed.push(g.entry);
    else for (const k of g.keys) exact.push(exactEntry(k, plan2.mapping[k]));
  }
  let entries = [...exact, ...composed];
  const fixes = [];
  const sources = /* @__PURE__ */ new Map();
  for (const want of Object.values(plan2.mapping)) if (typeof want === "string") sources.set(want, (sources.get(want) ?? 0) + 1);
  let joinedKeys = 0;
  const joinedInto = /* @__PURE__ */ new Set();
  for (const [key, want] of Object.entries(plan2.mapping)) {
    if (typeof want !== "string") {
      if (Array.isArray(want)) notExpressible.push(`'${key}' becomes several tensors`);
      continue;
    }
    if (sources.get(want) > 1) {
      joinedKeys++;
      joinedInto.add(want);
      continue;
    }
    if (applyHfKeyMapping(asPythonDict(entries), key) !== want) fixes.push(exactEntry(key, want));
  }
  if (joinedKeys > 0) notExpressible.push(`${joinedKeys} keys are joined into ${joinedInto.size} tensors (${templatesText([...joinedInto])}): a key_mapping gives each key one name of its own`);
  const fixed = new Set(fixes.map((f) => f.pattern));
  entries = [...fixes, ...entries.filter((e) => !fixed.has(e.pattern))];
  return { entries: asPythonDict(entries), notExpressible };
}
var isIndex = isIndexSegment;
function familyEntries(keys, mapping) {
  const families2 = /* @__PURE__ */ new Map();
  const rest = [];
  for (const key of keys) {
    const want = mapping[key];
    if (typeof want !== "string") {
      rest.push(key);
      continue;
    }
    const segs = key.split(".");
    const indexAt = segs.flatMap((seg, i) => isIndex(seg) ? [i] : []);
    const groupOf = /* @__PURE__ */ new Map();
    indexAt.forEach((i, g) => {
      if (!groupOf.has(segs[i])) groupOf.set(segs[i], g + 1);
    });
    const pattern = `^${segs.map((seg) => isIndex(seg) ? "(\\d+)" : escapeRegex(seg)).join("\\.")}$`;
    const replacement = want.split(".").map((seg) => isIndex(seg) && groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg.replace(/\$/g, "$$$$")).join(".");
    const id = `${pattern}\0${replacement}`;
    const f = families2.get(id);
    if (f) f.keys.push(key);
    else families2.set(id, { entry: { pattern, replacement }, keys: [key] });
  }
  const entries = [];
  for (const family of families2.values()) {
    const { entry, keys: members } = family;
    if (reproducesAll(entry, members, mapping)) entries.push(family);
    else rest.push(...members);
  }
  return { entries, rest };
}
function reproducesAll(entry, keys, mapping) {
  return keys.every((k) => applyHfKeyMapping([entry], k) === mapping[k]);
}
function exactEntry(key, target) {
  const t = typeof target === "string" ? target : key;
  return { pattern: `^${escapeRegex(key)}$`, replacement: t.replace(/\$/g, "$$$$") };
}
function emitHf(plan2) {
  const { entries, notExpressible } = hfKeyMapping(plan2);
  const lines = [
    `# Generated by sdmatch from a plan for ${plan2.source.file || "a checkpoint"}.`,
    "# transformers applies the first pattern that matches each key, so the order below matters.",
    "# Use: model = AutoModel.from_pretrained(path, key_mapping=key_mapping)",
    "key_mapping = {",
    ...entries.map((e) => `    ${pyStr(e.pattern)}: ${pyStr(pyReplacement(e.replacement))},`),
    "}"
  ];
  if (notExpressible.length) {
    lines.push("# Not expressible as a key_mapping (apply the plan with `sdmatch apply` or --emit python):");
    for (const n of notExpressible) lines.push(`#   ${n.replace(/[\r\n]+/g, " ")}`);
  }
  return `${lines.join("\n")}
`;
}

// src/report/emit-mmengine.ts
function reviseKeys(plan2) {
  const pairs = [];
  const notExpressible = [];
  const unanchored = [];
  for (const op of plan2.ops) {
    switch (op.op) {
      case "strip_prefix":
        pairs.push({ pattern: `^${escapeRegex(op.prefix)}`, replacement: "" });
        break;
      case "add_prefix":
        pairs.push({ pattern: "^", replacement: op.prefix.replace(/\\/g, "\\\\") });
        break;
      case "rename":
        pairs.push(hasArithmetic(op.replacement) ? { pattern: op.pattern, replacement: op.replacement, callable: pyReplacementLambda(op.replacement) } : { pattern: op.pattern, replacement: pyReplacement(op.replacement) });
        if (!op.pattern.startsWith("^")) unanchored.push(op.pattern);
        break;
      default:
        notExpressible.push(describeOp(op) + (op.op === "drop" ? ` (${op.reason})` : ""));
    }
  }
  return { pairs, notExpressible, unanchored };
}
function emitMmengine(plan2) {
  const { pairs, notExpressible, unanchored } = reviseKeys(plan2);
  const lines = [
    `# Generated by sdmatch from a plan for ${plan2.source.file || "a checkpoint"}.`,
    "# Use: load_checkpoint(model, filename, revise_keys=revise_keys)",
    "revise_keys = [",
    ...pairs.map((p) => `    (${pyStr(p.pattern)}, ${p.callable ?? pyStr(p.replacement)}),`),
    "]"
  ];
  if (unanchored.length) {
    lines.push("# Note: MMEngine replaces every occurrence of these unanchored patterns (the plan replaces the first):");
    for (const u of unanchored) lines.push(`#   ${u}`);
  }
  if (notExpressible.length) {
    lines.push("# Not expressible in revise_keys (apply the plan with `sdmatch apply` or --emit python):");
    for (const n of notExpressible) lines.push(`#   ${n.replace(/[\r\n]+/g, " ")}`);
  }
  return `${lines.join("\n")}
`;
}

// src/analysis/check-policy.ts
var DEFAULT_POLICY = Object.freeze({
  failOn: "breaking",
  allow: [],
  ignore: [],
  // inference gives renames it can see in names, shapes and order 0.9 and more; below 0.8 it is guessing
  minConfidence: 0.8
});
var RANK2 = { allowed: 0, compatible: 1, migratable: 2, breaking: 3 };
var THRESHOLD = { any: 1, migratable: 2, breaking: 3 };
function severityRank(s2) {
  return RANK2[s2];
}
function failsPolicy(s2, failOn) {
  return RANK2[s2] >= THRESHOLD[failOn];
}
function verdictOf(severities) {
  let worst = "compatible";
  for (const s2 of severities) if (s2 !== "allowed" && RANK2[s2] > RANK2[worst]) worst = s2;
  return worst;
}

// src/analysis/check.ts
var RULES = [
  { id: "no-removed-keys", name: "no removed keys" },
  { id: "no-added-keys", name: "no added keys" },
  { id: "no-shape-changes", name: "no shape changes" },
  { id: "renames-migratable", name: "renames are migratable" },
  { id: "loads-without-plan", name: "old checkpoints load without a plan" },
  { id: "no-dtype-changes", name: "no dtype changes" }
];
function traceOps(ops, sources) {
  let items2 = sources.map((s2) => ({ name: s2, from: [s2], touched: [] }));
  const dropped = [];
  let byName = null;
  const named = (name) => {
    byName ??= new Map(items2.map((it) => [it.name, it]));
    return byName.get(name);
  };
  ops.forEach((op, index2) => {
    if (isNameOp(op)) {
      const step = compileNameOp(op);
      const next = [];
      for (const it of items2) {
        const r = step(it.name);
        if (r === null) {
          dropped.push({ name: it.name, from: it.from, op: index2 });
          continue;
        }
        if (r !== void 0 && r !== it.name) {
          it.name = r;
          it.touched.push(index2);
        }
        next.push(it);
      }
      items2 = next;
      byName = null;
    } else if (op.op === "transpose" || op.op === "reshape") {
      if (op.pattern !== void 0) {
        const re = compilePattern(op.pattern);
        for (const it of items2) if (re.test(it.name)) it.touched.push(index2);
      } else {
        named(op.key)?.touched.push(index2);
      }
    } else if (op.op === "split") {
      const cut = compileSplit(op);
      const chosen = items2.flatMap((it) => {
        const targets = cut(it.name);
        return targets ? [[it, targets]] : [];
      });
      if (chosen.length === 0) return;
      const gone = new Set(chosen.map(([it]) => it));
      items2 = items2.filter((x) => !gone.has(x));
      for (const [it, targets] of chosen) {
        const from = [...it.from];
        for (const t of targets) items2.push({ name: t, from, touched: [...it.touched, index2] });
      }
      byName = null;
    } else if (op.op === "copy") {
      const it = named(op.key);
      if (!it) return;
      items2.push({ name: op.target, from: it.from, touched: [...it.touched, index2] });
      byName = null;
    } else {
      const joins = op.op === "stack" ? [...stackGroups(op, items2.map((it) => it.name)).groups].map(([t, names]) => [t, names.map((k) => named(k))]) : op.pattern !== void 0 ? [...concatGroups(op, items2.map((it) => it.name)).groups].map(([t, names]) => [t, names.map((k) => named(k))]) : [[op.target, op.keys.map((k) => named(k))]];
      for (const [target, parts] of joins) {
        if (parts.some((p) => !p)) continue;
        const joined = new Set(parts);
        items2 = items2.filter((x) => !joined.has(x));
        items2.push({ name: target, from: parts.flatMap((p) => p.from), touched: [.../* @__PURE__ */ new Set([...parts.flatMap((p) => p.touched), index2])] });
        byName = null;
      }
    }
  });
  return { finals: items2, dropped };
}
function sameShape3(a, b) {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
var fmtShape = (s2) => `[${s2.join(", ")}]`;
function byKey2(entries) {
  const m = /* @__PURE__ */ new Map();
  for (const e of entries) if (!m.has(e.key)) m.set(e.key, e);
  return m;
}
function whyOf(reason) {
  const i = reason.lastIndexOf(": ");
  return i < 0 ? reason : reason.slice(i + 2);
}
function compileIgnore(patterns) {
  for (const p of patterns) {
    const problem = regexProblem(p);
    if (problem) throw new FormatError("", `ignore pattern ${JSON.stringify(p)}: ${problem}`);
  }
  const res = patterns.map((p) => compilePattern(p));
  return (key) => res.some((re) => re.test(key));
}
function classify(baseline, current, inference, policy) {
  const base = byKey2(baseline);
  const cur = byKey2(current);
  const { ops } = inference;
  const conf = (indices2) => indices2.reduce((m, i2) => Math.min(m, ops[i2].confidence ?? 1), 1);
  const migrated = (c) => c >= policy.minConfidence ? "migratable" : "breaking";
  const changes = { added: [], removed: [], renamed: [], shapeChanged: [], dtypeChanged: [] };
  const unchanged = [];
  const produced = /* @__PURE__ */ new Set();
  const removed = (key, reason) => {
    const e = base.get(key);
    changes.removed.push({ key, shape: e.shape, dtype: e.dtype, severity: "breaking", reason });
  };
  const dtypeCheck = (from, key) => {
    const a = base.get(from).dtype;
    const b = cur.get(key).dtype;
    if (a !== null && b !== null && a !== b) {
      changes.dtypeChanged.push({ key, from, baseline: a, current: b, severity: policy.allow.includes("dtype") ? "allowed" : "compatible" });
    }
  };
  const sizeReason = (key, renamedFrom) => {
    const warning = inference.warnings.find((w) => w.includes(key));
    const why = warning ?? "another size: no key transform makes the old weights fit";
    return renamedFrom === null ? why : `renamed from ${renamedFrom}, and ${why}`;
  };
  const { finals, dropped } = traceOps(ops, [...base.keys()]);
  for (const d of dropped) {
    const op = ops[d.op];
    const b = d.from.length === 1 ? base.get(d.from[0]) : null;
    const c = cur.get(d.name);
    if (b && c && b.shape && c.shape && !sameShape3(b.shape, c.shape) && !produced.has(d.name)) {
      produced.add(d.name);
      changes.shapeChanged.push({ key: d.name, from: b.key, baseline: b.shape, current: c.shape, fix: null, confidence: null, reason: whyOf(op.reason), severity: "breaking" });
    } else {
      for (const f of d.from) removed(f, op.reason);
    }
  }
  const units2 = /* @__PURE__ */ new Map();
  for (const it of finals) {
    const list = units2.get(it.from);
    if (list) list.push(it);
    else units2.set(it.from, [it]);
  }
  for (const items2 of units2.values()) {
    const from = items2[0].from;
    const names = items2.map((i2) => i2.name);
    if (!names.every((n) => cur.has(n) && !produced.has(n))) {
      for (const f of from) removed(f, null);
      continue;
    }
    for (const n of names) produced.add(n);
    const touched = items2.length === 1 ? items2[0].touched : [...new Set(items2.flatMap((i2) => i2.touched))];
    let split = false;
    let concat2 = false;
    let transposed = false;
    for (const i2 of touched) {
      const kind2 = ops[i2].op;
      if (kind2 === "split") split = true;
      else if (kind2 === "concat") concat2 = true;
      else if (kind2 === "transpose" || kind2 === "reshape") transposed = true;
    }
    const renamedFrom = from.length === 1 && names.length === 1 && from[0] !== names[0] ? from[0] : null;
    if (split || concat2 || renamedFrom !== null) {
      const c = conf(touched);
      const b2 = base.get(from[0]);
      const t2 = cur.get(names[0]);
      if (renamedFrom !== null && !transposed && b2.shape && t2.shape && !sameShape3(b2.shape, t2.shape)) {
        changes.shapeChanged.push({ key: t2.key, from: b2.key, baseline: b2.shape, current: t2.shape, fix: null, confidence: null, reason: sizeReason(t2.key, b2.key), severity: "breaking" });
        continue;
      }
      changes.renamed.push({ from, to: names, how: split ? "split" : concat2 ? "concat" : "rename", reshaped: transposed, confidence: c, severity: migrated(c) });
      if (from.length === 1 && names.length === 1) dtypeCheck(from[0], names[0]);
      continue;
    }
    const key = names[0];
    const b = base.get(key);
    const t = cur.get(key);
    if (transposed) {
      const c = conf(touched);
      const op = ops[touched.find((i2) => ops[i2].op === "transpose" || ops[i2].op === "reshape")];
      const reason = op.evidence ? whyOf(op.evidence) : op.op === "transpose" ? "stored transposed" : "same elements in another shape";
      changes.shapeChanged.push({ key, from: key, baseline: b.shape ?? [], current: t.shape ?? [], fix: op.op, confidence: c, reason, severity: migrated(c) });
      dtypeCheck(key, key);
      continue;
    }
    const reshaped = b.shape !== null && t.shape !== null && !sameShape3(b.shape, t.shape);
    if (reshaped) changes.shapeChanged.push({ key, from: key, baseline: b.shape, current: t.shape, fix: null, confidence: null, reason: sizeReason(key, null), severity: "breaking" });
    const before = changes.dtypeChanged.length;
    dtypeCheck(key, key);
    if (!reshaped && changes.dtypeChanged.length === before) unchanged.push(key);
  }
  for (const e of cur.values()) {
    if (!produced.has(e.key)) changes.added.push({ key: e.key, shape: e.shape, dtype: e.dtype, severity: policy.allow.includes("added") ? "allowed" : "breaking" });
  }
  const basePos = /* @__PURE__ */ new Map();
  let i = 0;
  for (const k of base.keys()) basePos.set(k, i++);
  inBaselineOrder(changes.removed, (c) => basePos.get(c.key));
  inBaselineOrder(changes.renamed, (c) => basePos.get(c.from[0]));
  inBaselineOrder(changes.shapeChanged, (c) => basePos.get(c.from));
  inBaselineOrder(changes.dtypeChanged, (c) => basePos.get(c.from));
  return { changes, unchanged };
}
function inBaselineOrder(list, pos) {
  const at = list.map(pos);
  if (at.every((p, i) => i === 0 || at[i - 1] <= p)) return;
  const order = list.map((_, i) => i).sort((a, b) => at[a] - at[b]);
  const sorted = order.map((i) => list[i]);
  sorted.forEach((x, i) => list[i] = x);
}
function withoutIgnored(changes, ignore) {
  const ignored = /* @__PURE__ */ new Set();
  const keep = (list, keys) => list.filter((c) => {
    const ks = keys(c);
    if (!ks.every(ignore)) return true;
    for (const k of ks) ignored.add(k);
    return false;
  });
  const kept = {
    added: keep(changes.added, (c) => [c.key]),
    removed: keep(changes.removed, (c) => [c.key]),
    renamed: keep(changes.renamed, (c) => [...c.from, ...c.to]),
    shapeChanged: keep(changes.shapeChanged, (c) => [c.from, c.key]),
    dtypeChanged: keep(changes.dtypeChanged, (c) => [c.from, c.key])
  };
  return { kept, ignored: [...ignored] };
}
var plural4 = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function examples6(keys, n = 3) {
  const shown = keys.slice(0, n).join(", ");
  return keys.length > n ? `${shown}, \u2026` : shown;
}
function renameLine(r) {
  const how = r.how === "rename" ? "" : ` (${r.how})`;
  return `${r.from.join(", ")} \u2192 ${r.to.join(", ")}${how}${r.reshaped ? ", reshaped to fit" : ""}, confidence ${r.confidence.toFixed(2)}`;
}
function shapeLine(s2) {
  const name = s2.from === s2.key ? s2.key : `${s2.from} \u2192 ${s2.key}`;
  return `${name}: ${fmtShape(s2.baseline)} \u2192 ${fmtShape(s2.current)} (${s2.reason}${s2.fix ? `; fixed by a ${s2.fix}, confidence ${s2.confidence.toFixed(2)}` : ""})`;
}
function evaluateRules(c, policy) {
  const below = (x) => `confidence ${x.confidence.toFixed(2)} is below the minimum ${policy.minConfidence}`;
  const groups = {
    "no-removed-keys": c.removed.map((r) => ({ severity: r.severity, line: `${r.key}${r.shape ? ` ${fmtShape(r.shape)}` : ""}${r.reason ? ` (${r.reason})` : ""}` })),
    "no-added-keys": c.added.map((a) => ({ severity: a.severity, line: `${a.key}${a.shape ? ` ${fmtShape(a.shape)}` : ""}` })),
    "no-shape-changes": c.shapeChanged.filter((s2) => s2.fix === null).map((s2) => ({ severity: s2.severity, line: shapeLine(s2) })),
    "renames-migratable": [
      ...c.renamed.filter((r) => r.severity === "breaking").map((r) => ({ severity: r.severity, line: `${renameLine(r)}: ${below(r)}` })),
      ...c.shapeChanged.filter((s2) => s2.fix !== null && s2.severity === "breaking").map((s2) => ({ severity: s2.severity, line: `${shapeLine(s2)}: ${below(s2)}` }))
    ],
    "loads-without-plan": [
      ...c.renamed.filter((r) => r.severity !== "breaking").map((r) => ({ severity: r.severity, line: renameLine(r) })),
      ...c.shapeChanged.filter((s2) => s2.fix !== null && s2.severity !== "breaking").map((s2) => ({ severity: s2.severity, line: shapeLine(s2) }))
    ],
    "no-dtype-changes": c.dtypeChanged.map((d) => ({ severity: d.severity, line: `${d.key}: ${d.baseline} \u2192 ${d.current}` }))
  };
  return RULES.map(({ id, name }) => {
    const v = groups[id];
    const severity = v.length === 0 ? null : v.reduce((w, x) => severityRank(x.severity) > severityRank(w) ? x.severity : w, "allowed");
    return { id, name, severity, failed: v.some((x) => failsPolicy(x.severity, policy.failOn)), violations: v.map((x) => x.line) };
  });
}
function explain2(c, policy) {
  const out = [];
  const worst = (list) => verdictOf(list.map((x) => x.severity));
  const shapes = c.shapeChanged.filter((s2) => s2.fix === null);
  for (const s2 of shapes.slice(0, 3)) out.push({ severity: s2.severity, message: `${shapeLine(s2)}: old weights do not fit the new model` });
  if (shapes.length > 3) out.push({ severity: "breaking", message: `${plural4(shapes.length - 3, "more shape change")}` });
  if (c.removed.length) {
    out.push({ severity: "breaking", message: `${plural4(c.removed.length, "key")} removed (${examples6(c.removed.map((r) => r.key))}): old checkpoints hold weights the new model has no place for` });
  }
  if (c.added.length) {
    const allowed = c.added.every((a) => a.severity === "allowed");
    out.push({
      severity: worst(c.added),
      message: `${plural4(c.added.length, "key")} added (${examples6(c.added.map((a) => a.key))}): old checkpoints have no weights for ${c.added.length === 1 ? "it" : "them"}, so they load only with strict=False${allowed ? " (allowed by the policy)" : ""}`
    });
  }
  const lowRenames = c.renamed.filter((r) => r.severity === "breaking");
  const lowTransposes = c.shapeChanged.filter((s2) => s2.fix !== null && s2.severity === "breaking");
  if (lowRenames.length + lowTransposes.length) {
    out.push({ severity: "breaking", message: `${plural4(lowRenames.length + lowTransposes.length, "migration")} inferred with confidence below the minimum ${policy.minConfidence} (${examples6([...lowRenames.map((r) => r.from[0]), ...lowTransposes.map((s2) => s2.key)])}): not trusted to carry old weights` });
  }
  const okRenames = c.renamed.filter((r) => r.severity !== "breaking");
  if (okRenames.length) {
    const keys = okRenames.reduce((n, r) => n + r.from.length, 0);
    const grouped = groupRenames(okRenames.map((r) => ({ from: r.from[0], to: r.to[0] })));
    out.push({ severity: "migratable", message: `${plural4(keys, "key")} renamed (${examples6(grouped.map((g) => `${g.from} \u2192 ${g.to}`), 2)}): old checkpoints load after the plan` });
  }
  const okTransposes = c.shapeChanged.filter((s2) => s2.fix !== null && s2.severity !== "breaking");
  if (okTransposes.length) out.push({ severity: "migratable", message: `${plural4(okTransposes.length, "tensor")} stored transposed (${examples6(okTransposes.map((s2) => s2.key))}): old checkpoints load after the plan` });
  if (c.dtypeChanged.length) {
    const pairs = [...new Set(c.dtypeChanged.map((d) => `${d.baseline} \u2192 ${d.current}`))].join(", ");
    const allowed = c.dtypeChanged.every((d) => d.severity === "allowed");
    out.push({ severity: worst(c.dtypeChanged), message: `${plural4(c.dtypeChanged.length, "tensor")} changed dtype (${pairs}): old checkpoints still load, load_state_dict casts on copy${allowed ? " (allowed by the policy)" : ""}` });
  }
  return out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}
function checkKeys(input) {
  const { policy } = input;
  const inference = input.inference ?? inferPlan({ source: [...input.baseline], target: [...input.current] });
  const draft = classify(input.baseline, input.current, inference, policy);
  const { kept, ignored } = withoutIgnored(draft.changes, compileIgnore(policy.ignore));
  const severities = [
    ...kept.added,
    ...kept.removed,
    ...kept.renamed,
    ...kept.shapeChanged,
    ...kept.dtypeChanged
  ].map((c) => c.severity);
  const renamedKeys = kept.renamed.reduce((n, r) => n + r.from.length, 0);
  return {
    verdict: verdictOf(severities),
    passed: !severities.some((s2) => failsPolicy(s2, policy.failOn)),
    policy,
    counts: {
      baseline: byKey2(input.baseline).size,
      current: byKey2(input.current).size,
      unchanged: draft.unchanged.length,
      added: kept.added.length,
      removed: kept.removed.length,
      renamed: renamedKeys,
      shapeChanged: kept.shapeChanged.length,
      dtypeChanged: kept.dtypeChanged.length,
      ignored: ignored.length
    },
    changes: kept,
    unchanged: draft.unchanged,
    ignored,
    rules: evaluateRules(kept, policy),
    reasons: explain2(kept, policy),
    inference
  };
}

// src/index.ts
function listTensors(ckpt, stateDict2) {
  if (ckpt.root === null) return [];
  const want = stateDict2?.map(String).join("/");
  const cand = want === void 0 ? ckpt.stateDicts[0] : ckpt.stateDicts.find((c) => c.path.map(String).join("/") === want);
  if (!cand) return [];
  return candidateTensors(ckpt.root, cand).map(([key, t]) => ({ key, dtype: t.dtype, shape: t.shape }));
}
function keyEntries(ckpt, stateDict2) {
  return listTensors(ckpt, stateDict2).map((t) => ({ key: t.key, shape: t.shape, dtype: t.dtype }));
}
export {
  FormatError,
  applyOpsToKeys,
  applyPlan,
  buildPlan,
  candidateTensors,
  candidatesOf,
  checkKeys,
  checkPlanConsistency,
  classifyGlobal,
  clearRemote,
  describeReport,
  diagnose,
  diffKeys,
  diffWithErrorReport,
  dryRunApply,
  emitHf,
  emitMmengine,
  emitPython,
  emitPythonOneLiner,
  groupKeys,
  inferPlan,
  inferenceSides,
  isRemotePath,
  keyEntries,
  listTensors,
  moduleTree,
  openCheckpoint,
  openKeySource,
  parseErrorText,
  parseManifest,
  prefetchRemote,
  readPickle,
  renderGroups,
  resolveSides,
  scanPickleStream,
  scanSafety,
  selectStateDict,
  sharedStorages,
  summarizeLeaves,
  tensorTotals,
  validatePlan,
  valueAt,
  walkTree,
  writeManifest
};
