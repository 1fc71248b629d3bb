"use strict"; const __sdmatchUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/formats/errors.ts
function quoteSizes(sizes) {
  if (sizes.length <= QUOTED_SIZES) return `[${sizes.join(", ")}]`;
  return `[${sizes.slice(0, QUOTED_SIZES).join(", ")}, \u2026 and ${(sizes.length - QUOTED_SIZES).toLocaleString("en-US")} more]`;
}
var FormatError, QUOTED_SIZES;
var init_errors = __esm({
  "src/formats/errors.ts"() {
    "use strict";
    FormatError = class extends Error {
      constructor(file, message, options) {
        super(message, options);
        this.file = file;
      }
      file;
      name = "FormatError";
      /** The single line the CLI prints. */
      toLine() {
        return this.file ? `${this.file}: ${this.message}` : this.message;
      }
    };
    QUOTED_SIZES = 8;
  }
});

// src/formats/io-errors.ts
function environmentCode(e) {
  if (!(e instanceof Error)) return null;
  const code = e.code;
  return typeof code === "string" && code in ENVIRONMENT_ERRORS ? code : null;
}
function readFailure(e, name) {
  const code = environmentCode(e);
  if (code === "ENOENT" && name === "-") return "this argument names a file; standard input (-) is not read here";
  if (code === "ENOENT" && name.includes("\uFFFD")) return "no such file: the name is not valid UTF-8, which Node cannot pass on; rename the file";
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory";
  if (code !== null) return `${ENVIRONMENT_ERRORS[code]} (${code})`;
  return e.code ?? String(e);
}
function asEnvironmentError(e, file, doing) {
  const code = environmentCode(e);
  if (code === null) return e;
  return new FormatError(file, `${doing}: ${ENVIRONMENT_ERRORS[code]} (${code})`, { cause: e });
}
var ENVIRONMENT_ERRORS;
var init_io_errors = __esm({
  "src/formats/io-errors.ts"() {
    "use strict";
    init_errors();
    ENVIRONMENT_ERRORS = {
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
  }
});

// src/formats/byte-source.ts
var import_node_fs, FileSource, BufferSource;
var init_byte_source = __esm({
  "src/formats/byte-source.ts"() {
    "use strict";
    import_node_fs = require("node:fs");
    init_errors();
    init_io_errors();
    FileSource = class {
      constructor(path, name = path) {
        this.path = path;
        this.name = name;
        try {
          this.fd = (0, import_node_fs.openSync)(path, "r");
        } catch (e) {
          throw new FormatError(name, readFailure(e, name));
        }
        const st = (0, import_node_fs.fstatSync)(this.fd);
        if (st.isDirectory()) {
          (0, import_node_fs.closeSync)(this.fd);
          throw new FormatError(name, "is a directory");
        }
        this.size = st.size;
      }
      path;
      name;
      size;
      fd;
      read(offset, length) {
        if (offset < 0 || length < 0 || offset + length > this.size) {
          throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but the file has ${this.size} bytes`);
        }
        const buf = new Uint8Array(length);
        this.fill(offset, buf);
        return buf;
      }
      readInto(offset, into) {
        if (offset < 0 || offset + into.length > this.size) {
          throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + into.length} but the file has ${this.size} bytes`);
        }
        this.fill(offset, into);
      }
      fill(offset, buf) {
        const length = buf.length;
        let done = 0;
        while (done < length) {
          const n = (0, import_node_fs.readSync)(this.fd, buf, done, length - done, offset + done);
          if (n === 0) throw new FormatError(this.name, `truncated: file ended at ${offset + done}`);
          done += n;
        }
      }
      close() {
        (0, import_node_fs.closeSync)(this.fd);
      }
    };
    BufferSource = class {
      constructor(bytes, name) {
        this.bytes = bytes;
        this.name = name;
        this.size = bytes.length;
      }
      bytes;
      name;
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
  }
});

// src/checkpoint/sources.ts
function isRemotePath(path) {
  return /^(https?|hf):\/\//i.test(path);
}
function resolveAlias(path) {
  return aliases.get(path) ?? path;
}
function openSource(path, name) {
  if (!isRemotePath(path)) return new FileSource(path, name);
  const src = remote.get(resolveAlias(path));
  if (!src) throw new FormatError(name, "remote file was not fetched (sdmatch reads URLs and hf:// paths only through its commands, or after prefetchRemote)");
  return src;
}
function siblingPath(base, name) {
  if (!isRemotePath(base)) return (0, import_node_path.join)((0, import_node_path.dirname)(base), name);
  return base.slice(0, base.lastIndexOf("/") + 1) + name;
}
var import_node_path, remote, aliases;
var init_sources = __esm({
  "src/checkpoint/sources.ts"() {
    "use strict";
    import_node_path = require("node:path");
    init_byte_source();
    init_errors();
    remote = /* @__PURE__ */ new Map();
    aliases = /* @__PURE__ */ new Map();
  }
});

// src/formats/byte-keys.ts
function hash(b, start, length) {
  return hashBytes(b, start, start + length) | 0;
}
function hashBytes(b, start, end) {
  let h = 2166136261;
  for (let k = start; k < end; k++) h = Math.imul(h ^ b[k], 16777619);
  return h;
}
function sameBytes(a, aStart, b, bStart, length) {
  for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}
var ByteKeyTable;
var init_byte_keys = __esm({
  "src/formats/byte-keys.ts"() {
    "use strict";
    ByteKeyTable = class {
      /**
       * `expected` is a guess of the entry count: the table grows past it (a guess too large costs cache
       * misses on every probe). With `checkLater`, add neither hashes a key nor checks it distinct: it only
       * records where the key is, for a caller that proves the keys distinct another way (a sharded set whose
       * index lists its keys in ascending order, each header's names matched to them in order: issue 14,
       * hashing 100,000 names was a sixth of reading the bench's set) or calls checkNow before any lookup.
       */
      constructor(bytes, expected = 16, checkLater = false) {
        this.bytes = bytes;
        this.checkLater = checkLater;
        let n = 16;
        while (n < expected * 2) n *= 2;
        this.slots = new Int32Array(checkLater ? 0 : n);
        this.mask = n - 1;
        this.hashes = new Int32Array(checkLater ? 0 : n >> 1);
        this.start = new Int32Array(n >> 1);
        this.length = new Int32Array(n >> 1);
      }
      bytes;
      checkLater;
      /** entry number + 1 per slot, 0 when empty; a power of two, at least twice the entries (grown as they come) */
      slots;
      mask;
      /** each entry's hash, so growing does not read the keys again */
      hashes;
      start;
      length;
      size = 0;
      /**
       * Entries [0, placed) are hashed and in `slots`; the rest were added unchecked (`checkLater`) and are
       * placed, and checked distinct, by checkNow.
       */
      placed = 0;
      /** Adds bytes[start, start+length) as the next entry and returns its number, or -1 when the key is already there. */
      add(start, length) {
        if (this.checkLater) {
          const e2 = this.size++;
          this.start[e2] = start;
          this.length[e2] = length;
          if (this.size === this.start.length) this.grow();
          return e2;
        }
        const h = hash(this.bytes, start, length);
        let slot = h & this.mask;
        for (; ; ) {
          const e2 = this.slots[slot] - 1;
          if (e2 < 0) break;
          if (this.hashes[e2] === h && this.length[e2] === length && sameBytes(this.bytes, this.start[e2], this.bytes, start, length)) return -1;
          slot = slot + 1 & this.mask;
        }
        const e = this.size++;
        this.hashes[e] = h;
        this.start[e] = start;
        this.length[e] = length;
        this.slots[slot] = e + 1;
        this.placed = this.size;
        if (this.size === this.start.length) this.grow();
        return e;
      }
      /**
       * Hashes and places the entries added unchecked, in order, and adds from now on as `add` does: false
       * when one of them equals an earlier key (the table is then not to be used). Nothing to do when every
       * entry was checked as it came.
       */
      checkNow() {
        this.checkLater = false;
        if (this.slots.length === 0) {
          this.slots = new Int32Array(this.start.length * 2);
          this.mask = this.slots.length - 1;
          this.hashes = new Int32Array(this.start.length);
        }
        for (let e = this.placed; e < this.size; e++) {
          const start = this.start[e];
          const length = this.length[e];
          const h = hash(this.bytes, start, length);
          let slot = h & this.mask;
          for (; ; ) {
            const o = this.slots[slot] - 1;
            if (o < 0) break;
            if (this.hashes[o] === h && this.length[o] === length && sameBytes(this.bytes, this.start[o], this.bytes, start, length)) return false;
            slot = slot + 1 & this.mask;
          }
          this.hashes[e] = h;
          this.slots[slot] = e + 1;
          this.placed = e + 1;
        }
        return true;
      }
      /** whether every entry is hashed and placed (find and hashOf may be used) */
      get checked() {
        return this.placed === this.size;
      }
      /** The number of the entry whose key is other[start, start+length), or -1 (every entry checked: see `checked`). */
      find(other, start, length) {
        return this.findHashed(other, start, length, hash(other, start, length));
      }
      /** find, for a key whose hash is known: entry e of another table (its `hashOf(e)`; both tables hash alike). */
      findHashed(other, start, length, h) {
        let slot = h & this.mask;
        for (; ; ) {
          const e = this.slots[slot] - 1;
          if (e < 0) return -1;
          if (this.hashes[e] === h && this.length[e] === length && sameBytes(this.bytes, this.start[e], other, start, length)) return e;
          slot = slot + 1 & this.mask;
        }
      }
      /** entry e's hash, for findHashed in another table */
      hashOf(e) {
        return this.hashes[e];
      }
      /** twice the slots and room, the entries placed again by their hashes */
      grow() {
        const n = this.start.length * 4;
        const widen = (a) => {
          const b = new Int32Array(n >> 1);
          b.set(a);
          return b;
        };
        this.start = widen(this.start);
        this.length = widen(this.length);
        if (this.slots.length === 0) return;
        this.hashes = widen(this.hashes);
        this.slots = new Int32Array(n);
        this.mask = n - 1;
        for (let e = 0; e < this.placed; e++) {
          let slot = this.hashes[e] & this.mask;
          while (this.slots[slot] !== 0) slot = slot + 1 & this.mask;
          this.slots[slot] = e + 1;
        }
      }
    };
  }
});

// src/formats/own-row.ts
function ownRow(table, name) {
  return Object.hasOwn(table, name) ? table[name] : void 0;
}
var init_own_row = __esm({
  "src/formats/own-row.ts"() {
    "use strict";
  }
});

// src/formats/dtype.ts
function isDType(s) {
  return Object.prototype.hasOwnProperty.call(DTYPES, s);
}
function itemSize(d) {
  return DTYPES[d].itemsize;
}
function elementBytes(d, elements) {
  const per = ELEMENTS_PER_BYTE[d];
  return per === void 0 ? elements * DTYPES[d].itemsize : Math.ceil(elements / per);
}
function dtypeOfStorageClass(name) {
  return byStorage.get(name);
}
function dtypeOfSafetensors(code) {
  return bySafetensors.get(code);
}
function dtypeOfTorchGlobal(name) {
  if (isDType(name)) return name;
  return ownRow(TORCH_DTYPE_ALIASES, name);
}
var DTYPES, DTYPE_BY_CODE, ELEMENTS_PER_BYTE, byStorage, bySafetensors, TORCH_DTYPE_ALIASES, TORCH_DTYPE_ALIAS_NAMES;
var init_dtype = __esm({
  "src/formats/dtype.ts"() {
    "use strict";
    init_own_row();
    DTYPES = {
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
    DTYPE_BY_CODE = Object.keys(DTYPES);
    ELEMENTS_PER_BYTE = { quint4x2: 2, quint2x4: 4 };
    byStorage = /* @__PURE__ */ new Map();
    bySafetensors = /* @__PURE__ */ new Map();
    for (const [name, info] of Object.entries(DTYPES)) {
      byStorage.set(info.storage, name);
      if (info.safetensors) bySafetensors.set(info.safetensors, name);
    }
    TORCH_DTYPE_ALIASES = {
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
    TORCH_DTYPE_ALIAS_NAMES = Object.keys(TORCH_DTYPE_ALIASES);
  }
});

// src/formats/safetensors/dtypes.ts
function lookupSafetensorsDtype(code) {
  const dtype = dtypeOfSafetensors(code);
  if (dtype) return { ok: true, dtype };
  if (SUB_BYTE_CODES.has(code)) return { ok: false, reason: `dtype ${code} (a sub-byte type sdmatch does not support yet)` };
  return { ok: false, reason: `unknown dtype ${JSON.stringify(code)}` };
}
var SUB_BYTE_CODES;
var init_dtypes = __esm({
  "src/formats/safetensors/dtypes.ts"() {
    "use strict";
    init_dtype();
    SUB_BYTE_CODES = /* @__PURE__ */ new Set(["F4", "F6_E2M3", "F6_E3M2"]);
  }
});

// src/formats/safetensors/json-scan.ts
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
function plainStringEnd(t, open2) {
  if (open2 >= t.length || t.charCodeAt(open2) !== QUOTE) return -1;
  const close2 = t.indexOf('"', open2 + 1);
  if (close2 < 0) return -1;
  for (let k = open2 + 1; k < close2; k++) {
    const c = t.charCodeAt(k);
    if (c < 32 || c === BACKSLASH) return -1;
  }
  return close2;
}
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
      const close2 = plainStringEnd(t, i);
      if (close2 < 0) return null;
      const name = t.slice(i + 1, close2);
      if (seen.has(name)) return null;
      seen.add(name);
      i = close2 + 1;
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
  let close2;
  if (t.charCodeAt(i) !== OPEN_BRACE) return -1;
  i++;
  let dtype = "";
  let shape = null;
  let offsets = null;
  let got = 0;
  for (; ; ) {
    i = skipWs(t, i);
    close2 = plainStringEnd(t, i);
    if (close2 < 0) return -1;
    const len = close2 - i - 1;
    const bit = len === 5 && t.startsWith("dtype", i + 1) ? DTYPE : len === 5 && t.startsWith("shape", i + 1) ? SHAPE : len === 12 && t.startsWith("data_offsets", i + 1) ? OFFSETS : 0;
    if (bit === 0 || (got & bit) !== 0) return -1;
    got |= bit;
    i = close2 + 1;
    i = skipWs(t, i);
    if (t.charCodeAt(i) !== COLON) return -1;
    i++;
    i = skipWs(t, i);
    if (bit === DTYPE) {
      close2 = plainStringEnd(t, i);
      if (close2 < 0) return -1;
      dtype = t.slice(i + 1, close2);
      i = close2 + 1;
    } else {
      const list = [];
      i = scanCounts(t, i, list);
      if (i < 0) return -1;
      if (bit === SHAPE) shape = list;
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
  out.shapes.push(shape);
  out.begins.push(offsets[0]);
  out.ends.push(offsets[1]);
  return i;
}
function scanStringMap(t, open2) {
  const pairs = scanStringPairs(t, open2);
  if (pairs === null) return null;
  const map = /* @__PURE__ */ Object.create(null);
  for (let k = 0; k < pairs.keys.length; k++) {
    if (Object.hasOwn(map, pairs.keys[k])) return null;
    map[pairs.keys[k]] = pairs.values[k];
  }
  return { map, end: pairs.end };
}
function scanStringPairs(t, open2) {
  const keys = [];
  const values = [];
  let i = open2;
  if (t.charCodeAt(i) !== OPEN_BRACE) return null;
  i++;
  i = skipWs(t, i);
  if (t.charCodeAt(i) === CLOSE_BRACE) return { keys, values, end: i + 1 };
  for (; ; ) {
    i = skipWs(t, i);
    let close2 = plainStringEnd(t, i);
    if (close2 < 0) return null;
    keys.push(t.slice(i + 1, close2));
    i = close2 + 1;
    i = skipWs(t, i);
    if (t.charCodeAt(i) !== COLON) return null;
    i++;
    i = skipWs(t, i);
    close2 = plainStringEnd(t, i);
    if (close2 < 0) return null;
    values.push(t.slice(i + 1, close2));
    i = close2 + 1;
    i = skipWs(t, i);
    const c = t.charCodeAt(i);
    i++;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACE) return { keys, values, end: i };
    return null;
  }
}
var QUOTE, COLON, COMMA, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, BACKSLASH, ZERO, NINE, MAX_DIGITS, METADATA_KEY, DTYPE, SHAPE, OFFSETS;
var init_json_scan = __esm({
  "src/formats/safetensors/json-scan.ts"() {
    "use strict";
    QUOTE = 34;
    COLON = 58;
    COMMA = 44;
    OPEN_BRACE = 123;
    CLOSE_BRACE = 125;
    OPEN_BRACKET = 91;
    CLOSE_BRACKET = 93;
    BACKSLASH = 92;
    ZERO = 48;
    NINE = 57;
    MAX_DIGITS = 15;
    METADATA_KEY = "__metadata__";
    DTYPE = 1;
    SHAPE = 2;
    OFFSETS = 4;
  }
});

// src/formats/tensor.ts
function locationFiles(loc) {
  if (loc.kind === "memory") return [];
  if (loc.kind === "chunks") return [...new Set(loc.chunks.flatMap((c) => c.tensor.storage.bytes ? locationFiles(c.tensor.storage.bytes) : []))];
  return [loc.file];
}
function numel(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
function contiguousStrides(shape) {
  const s = new Array(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
function isContiguous(t) {
  let want = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    if (t.shape[i] > 1 && t.stride[i] !== want) return false;
    want *= t.shape[i];
  }
  return true;
}
function locationLength(loc) {
  return loc.kind === "memory" ? loc.bytes.length : loc.length;
}
function viewSpan(info) {
  if (numel(info.shape) === 0) return null;
  let last = info.storageOffset;
  for (let i = 0; i < info.shape.length; i++) last += (info.shape[i] - 1) * info.stride[i];
  return { first: info.storageOffset, end: last + 1 };
}
function storageShortfall(t) {
  const loc = t.storage.bytes;
  if (loc === null || loc.kind === "chunks") return null;
  const span = viewSpan(t);
  if (span === null) return null;
  const have = locationLength(loc);
  const need = elementBytes(t.dtype, span.end);
  return need > have ? { need, have } : null;
}
var init_tensor = __esm({
  "src/formats/tensor.ts"() {
    "use strict";
    init_dtype();
  }
});

// src/formats/safetensors/json-keys.ts
function objectKeysInOrder(text, path) {
  const n = text.length;
  let i = 0;
  let backslash = -1;
  const skipWs2 = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
  };
  const skipString = () => {
    const open2 = i;
    if (backslash < open2) backslash = text.indexOf("\\", open2);
    if (backslash < 0) backslash = n;
    const close2 = text.indexOf('"', open2 + 1);
    if (close2 >= 0 && close2 < backslash) {
      i = close2 + 1;
      return false;
    }
    i = open2 + 1;
    while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
    i++;
    return true;
  };
  const readKey = () => {
    const start = i;
    const escaped = skipString();
    return escaped ? JSON.parse(text.slice(start, i)) : text.slice(start + 1, i - 1);
  };
  const skipValue = () => {
    skipWs2();
    const c = text.charCodeAt(i);
    if (c === 34) return void skipString();
    if (c !== 123 && c !== 91) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 9 || d === 13 || d === 10) break;
        i++;
      }
      return;
    }
    let depth = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 34) {
        skipString();
        continue;
      }
      i++;
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return;
      }
    }
  };
  const visit = (depth) => {
    const collect = depth === path.length;
    const keys = [];
    i++;
    skipWs2();
    if (text.charCodeAt(i) === 125) {
      i++;
      return collect ? keys : null;
    }
    while (i < n) {
      skipWs2();
      const key = readKey();
      skipWs2();
      i++;
      skipWs2();
      if (collect) keys.push(key);
      if (!collect && key === path[depth] && text.charCodeAt(i) === 123) {
        const found = visit(depth + 1);
        if (found) return found;
      } else {
        skipValue();
      }
      skipWs2();
      if (text.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      break;
    }
    i++;
    return collect ? keys : null;
  };
  skipWs2();
  return text.charCodeAt(i) === 123 ? visit(0) : null;
}
var init_json_keys = __esm({
  "src/formats/safetensors/json-keys.ts"() {
    "use strict";
  }
});

// src/formats/safetensors/reader.ts
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
  const text = decodeHeader(src.read(8, headerLength), fail);
  if (!text.startsWith("{")) fail(`bad safetensors header: starts with ${JSON.stringify(text.slice(0, 1))}, not '{'`);
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
  const scan = opts.exact ? null : scanHeader(text);
  let metadata;
  if (scan) {
    metadata = readMetadata(scan.metadata, fail);
    for (let k = 0; k < scan.names.length; k++) {
      const name = scan.names[k];
      const code = scan.dtypes[k];
      add(name, spanEntry(name, code, dtypeOf(name, code, fail), scan.shapes[k], scan.begins[k], scan.ends[k], fail));
    }
  } else {
    const json = parseHeaderJson(text, fail);
    metadata = readMetadata(Object.hasOwn(json, METADATA_KEY2) ? json[METADATA_KEY2] : void 0, fail);
    const names = (objectKeysInOrder(text, []) ?? []).filter((k) => k !== METADATA_KEY2);
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
  const buf = import_node_buffer.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if ((0, import_node_buffer.isAscii)(buf)) return buf.toString("latin1");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail("bad safetensors header: not valid UTF-8");
  }
}
function parseHeaderJson(text, fail) {
  let json;
  try {
    json = JSON.parse(text);
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
function tensorEntry(name, code, shapeValue, offsets, fail) {
  if (typeof code !== "string") fail(`bad safetensors header: tensor "${name}" has no dtype string`);
  const dtype = dtypeOf(name, code, fail);
  if (!Array.isArray(shapeValue) || !shapeValue.every(isCount)) fail(`bad safetensors header: tensor "${name}" shape is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`bad safetensors header: tensor "${name}" data_offsets is not [begin, end] of non-negative integers`);
  }
  const [begin, end] = offsets;
  return spanEntry(name, code, dtype, shapeValue, begin, end, fail);
}
function dtypeOf(name, code, fail) {
  const looked = lookupSafetensorsDtype(code);
  return looked.ok ? looked.dtype : fail(`safetensors tensor "${name}" has ${looked.reason}`);
}
function spanEntry(name, code, dtype, shape, begin, end, fail) {
  if (end < begin) fail(`bad safetensors header: tensor "${name}" data_offsets [${begin}, ${end}] end before they begin`);
  let numel2 = 1;
  for (const d of shape) {
    numel2 *= d;
    if (!Number.isSafeInteger(numel2)) fail(`bad safetensors header: tensor "${name}" shape ${quoteSizes(shape)} has too many elements`);
  }
  const bytes = numel2 * itemSize(dtype);
  if (!Number.isSafeInteger(bytes) || bytes !== end - begin) {
    fail(`bad safetensors header: tensor "${name}" is ${code} ${quoteSizes(shape)} = ${bytes} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { dtype, shape, numel: numel2, begin, end };
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
var import_node_buffer, MAX_HEADER_LENGTH, METADATA_KEY2;
var init_reader = __esm({
  "src/formats/safetensors/reader.ts"() {
    "use strict";
    import_node_buffer = require("node:buffer");
    init_dtype();
    init_errors();
    init_tensor();
    init_dtypes();
    init_json_keys();
    init_json_scan();
    MAX_HEADER_LENGTH = 1e8;
    METADATA_KEY2 = "__metadata__";
  }
});

// src/formats/safetensors/text-window.ts
var import_node_buffer2, TextWindow, WINDOW;
var init_text_window = __esm({
  "src/formats/safetensors/text-window.ts"() {
    "use strict";
    import_node_buffer2 = require("node:buffer");
    TextWindow = class {
      constructor(bytes, size = WINDOW) {
        this.bytes = bytes;
        this.size = size;
        this.buf = import_node_buffer2.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      }
      bytes;
      size;
      /** the window's text: bytes [base, base + text.length) */
      text = "";
      base = 0;
      buf;
      /** whether the window holds the text up to its end */
      get reachesEnd() {
        return this.base + this.text.length === this.bytes.length;
      }
      /** The window from byte `at`: `size` bytes, twice as many as before when it already started there, or up to the end. */
      moveTo(at) {
        const length = at === this.base && this.text.length > 0 ? this.text.length * 2 : this.size;
        this.base = at;
        this.text = this.buf.toString("latin1", at, Math.min(this.bytes.length, at + length));
      }
      /**
       * Whether the sticky expression `re` matches at byte `i`, the window moved (and widened) as needed;
       * on true, `re.lastIndex + base` is where the match ends and the window holds all of it.
       */
      matchAt(re, i) {
        for (; ; ) {
          re.lastIndex = i - this.base;
          if (i >= this.base && re.test(this.text)) return true;
          if (this.reachesEnd && i >= this.base) return false;
          this.moveTo(i);
        }
      }
    };
    WINDOW = 32 * 1024;
  }
});

// src/formats/safetensors/columns.ts
function acceptedHeaderLength(first8, size) {
  if (size < 8) return null;
  const n = headerLengthOf(first8);
  return n === null || n > MAX_HEADER_LENGTH || n > size - 8 ? null : n;
}
function plainEnd(b, open2) {
  if (b[open2] !== QUOTE) return -1;
  for (let k = open2 + 1; k < b.length; k++) {
    const c = b[k];
    if (c === QUOTE) return k;
    if (c < 32 || c === BACKSLASH || c >= 128) return -1;
  }
  return -1;
}
function scanCounts2(b, i, out) {
  if (b[i] !== OPEN_BRACKET) return -1;
  i++;
  while (b[i] <= 32 && isWs(b[i])) i++;
  if (b[i] === CLOSE_BRACKET) return i + 1;
  for (; ; ) {
    while (b[i] <= 32 && isWs(b[i])) i++;
    const start = i;
    let v = 0;
    let c = b[i];
    while (c !== void 0 && c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = b[++i];
    }
    const digits = i - start;
    if (digits === 0 || digits > MAX_DIGITS || digits > 1 && b[start] === ZERO) return -1;
    out.push(v);
    while (b[i] <= 32 && isWs(b[i])) i++;
    c = b[i++];
    if (c === CLOSE_BRACKET) return i;
    if (c !== COMMA) return -1;
  }
}
function scanMetadata(b, i) {
  if (b[i] !== OPEN_BRACE) return null;
  const map = /* @__PURE__ */ Object.create(null);
  i++;
  while (b[i] <= 32 && isWs(b[i])) i++;
  if (b[i] === CLOSE_BRACE) return { map, end: i + 1 };
  const text = (from, to) => latin1(b, from, to);
  for (; ; ) {
    while (b[i] <= 32 && isWs(b[i])) i++;
    let close2 = plainEnd(b, i);
    if (close2 < 0) return null;
    const key = text(i + 1, close2);
    if (Object.hasOwn(map, key)) return null;
    i = close2 + 1;
    while (b[i] <= 32 && isWs(b[i])) i++;
    if (b[i++] !== COLON) return null;
    while (b[i] <= 32 && isWs(b[i])) i++;
    close2 = plainEnd(b, i);
    if (close2 < 0) return null;
    map[key] = text(i + 1, close2);
    i = close2 + 1;
    while (b[i] <= 32 && isWs(b[i])) i++;
    const c = b[i++];
    if (c === CLOSE_BRACE) return { map, end: i };
    if (c !== COMMA) return null;
  }
}
function scanSafetensorsColumns(header, dataLength, namesCheckedLater = false) {
  const b = header;
  const n = b.length;
  if (b[0] !== OPEN_BRACE) return null;
  const cap = Math.floor(n / MIN_ENTRY_BYTES) + 1;
  let writer = null;
  try {
    writer = scanWriterForm(b, dataLength, cap, namesCheckedLater);
  } catch {
    writer = null;
  }
  return writer ?? scanAnyForm(b, dataLength, cap, namesCheckedLater);
}
function scanWriterForm(b, dataLength, cap, namesCheckedLater = false) {
  const n = b.length;
  const s = new TextWindow(b);
  s.moveTo(0);
  let i = 1;
  let metadata = null;
  if (s.text.startsWith(METADATA_KEY3)) {
    const m = scanMetadata(b, METADATA_KEY3.length);
    if (m === null || b[m.end] !== COMMA) return null;
    metadata = m.map;
    i = m.end + 1;
  }
  if (!s.matchAt(WRITER_ENTRY, i)) return null;
  const first = s.base + WRITER_ENTRY.lastIndex - i;
  const room = Math.min(cap, Math.ceil((n - i) / first * 1.25) + 8);
  const names = new ByteKeyTable(b, room, namesCheckedLater);
  const cols = new TensorColumns(room);
  do {
    i = writerEntry(b, s, i, names, cols);
    if (i < 0) return null;
  } while (b[i - 1] === COMMA);
  while (b[i] === 32) i++;
  if (i !== n) return null;
  return finished(b, dataLength, names, cols, metadata);
}
function writerEntry(b, window, i, names, cols) {
  const re = WRITER_ENTRY;
  if (!window.matchAt(re, i)) return -1;
  const { text, base } = window;
  const entryEnd = re.lastIndex + base;
  const nameEnd = text.indexOf('"', i + 1 - base) + base;
  const codeFrom = nameEnd + TO_DTYPE;
  const codeEnd = text.indexOf('"', codeFrom - base) + base;
  const d = dtypeCode(b, codeFrom, codeEnd);
  if (d < 0) return -1;
  const nameLength = nameEnd - i - 1;
  if (nameLength === METADATA.length && sameBytes(b, i + 1, METADATA, 0, nameLength)) return -1;
  const t = names.add(i + 1, nameLength);
  if (t < 0) return -1;
  const dimsFrom = cols.dims.n;
  const shapeEnd = matchedCounts(b, codeEnd + TO_SHAPE, cols.dims);
  const offsets = cols.offsets;
  offsets.n = 0;
  matchedCounts(b, shapeEnd + TO_OFFSETS, offsets);
  return keepTensor(cols, t, d, dimsFrom, offsets.a[0], offsets.a[1]) ? entryEnd : -1;
}
function matchedCounts(b, k, out) {
  let c = b[k];
  if (c === CLOSE_BRACKET) return k;
  let v = 0;
  for (; ; ) {
    if (c === COMMA) {
      out.push(v);
      v = 0;
    } else if (c === CLOSE_BRACKET) {
      out.push(v);
      return k;
    } else v = v * 10 + (c - ZERO);
    c = b[++k];
  }
}
function scanAnyForm(b, dataLength, cap, namesCheckedLater = false) {
  const n = b.length;
  const names = new ByteKeyTable(b, cap, namesCheckedLater);
  const cols = new TensorColumns(cap);
  let metadata = null;
  let sawMetadata = false;
  let i = 1;
  while (b[i] <= 32 && isWs(b[i])) i++;
  if (b[i] === CLOSE_BRACE) i++;
  else {
    for (; ; ) {
      while (b[i] <= 32 && isWs(b[i])) i++;
      const close2 = plainEnd(b, i);
      if (close2 < 0) return null;
      const nameStart = i + 1;
      const nameLength = close2 - nameStart;
      i = close2 + 1;
      while (b[i] <= 32 && isWs(b[i])) i++;
      if (b[i++] !== COLON) return null;
      while (b[i] <= 32 && isWs(b[i])) i++;
      if (nameLength === METADATA.length && sameBytes(b, nameStart, METADATA, 0, nameLength)) {
        if (sawMetadata) return null;
        sawMetadata = true;
        const m = scanMetadata(b, i);
        if (m === null) return null;
        metadata = m.map;
        i = m.end;
      } else {
        const t = names.add(nameStart, nameLength);
        if (t < 0) return null;
        i = scanTensor(b, i, t, cols);
        if (i < 0) return null;
      }
      while (b[i] <= 32 && isWs(b[i])) i++;
      const c = b[i++];
      if (c === COMMA) continue;
      if (c === CLOSE_BRACE) break;
      return null;
    }
  }
  while (b[i] <= 32 && isWs(b[i])) i++;
  if (i !== n) return null;
  return finished(b, dataLength, names, cols, metadata);
}
function finished(b, dataLength, names, cols, metadata) {
  const count = names.size;
  if (cols.tiledTo !== dataLength && !tiles(cols.begin, cols.end, count, dataLength)) return null;
  return {
    header: b,
    headerLength: b.length,
    names,
    dtype: cols.dtype,
    rank: cols.rank,
    dimsAt: cols.dimsAt,
    dims: cols.dims.a,
    begin: cols.begin,
    end: cols.end,
    dtypeTensors: cols.dtypeTensors,
    dtypeBytes: cols.dtypeBytes,
    metadata
  };
}
function twice(a) {
  const b = new a.constructor(a.length * 2);
  b.set(a);
  return b;
}
function scanTensor(b, i, t, cols) {
  if (b[i++] !== OPEN_BRACE) return -1;
  const { dims: dims2, offsets } = cols;
  let got = 0;
  let d = -1;
  const dimsFrom = dims2.n;
  offsets.n = 0;
  for (; ; ) {
    while (b[i] <= 32 && isWs(b[i])) i++;
    const fieldEnd = plainEnd(b, i);
    if (fieldEnd < 0) return -1;
    const len = fieldEnd - i - 1;
    const bit = len === 5 && sameBytes(b, i + 1, F_DTYPE, 0, 5) ? DTYPE2 : len === 5 && sameBytes(b, i + 1, F_SHAPE, 0, 5) ? SHAPE2 : len === 12 && sameBytes(b, i + 1, F_OFFSETS, 0, 12) ? OFFSETS2 : 0;
    if (bit === 0 || (got & bit) !== 0) return -1;
    got |= bit;
    i = fieldEnd + 1;
    while (b[i] <= 32 && isWs(b[i])) i++;
    if (b[i++] !== COLON) return -1;
    while (b[i] <= 32 && isWs(b[i])) i++;
    if (bit === DTYPE2) {
      const codeEnd = plainEnd(b, i);
      if (codeEnd < 0) return -1;
      d = dtypeCode(b, i + 1, codeEnd);
      if (d < 0) return -1;
      i = codeEnd + 1;
    } else {
      i = scanCounts2(b, i, bit === SHAPE2 ? dims2 : offsets);
      if (i < 0) return -1;
    }
    while (b[i] <= 32 && isWs(b[i])) i++;
    const c = b[i++];
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) return -1;
  }
  if (got !== (DTYPE2 | SHAPE2 | OFFSETS2) || offsets.n !== 2) return -1;
  return keepTensor(cols, t, d, dimsFrom, offsets.a[0], offsets.a[1]) ? i : -1;
}
function keepTensor(cols, t, d, dimsFrom, bg, en) {
  const { dims: dims2 } = cols;
  const r = dims2.n - dimsFrom;
  if (r > MAX_RANK) return false;
  if (en < bg) return false;
  let numel2 = 1;
  for (let k = dimsFrom; k < dims2.n; k++) {
    numel2 *= dims2.a[k];
    if (!Number.isSafeInteger(numel2)) return false;
  }
  const bytes = numel2 * itemSize(DTYPE_ORDER[d]);
  if (!Number.isSafeInteger(bytes) || bytes !== en - bg) return false;
  if (t >= cols.dtype.length) cols.grow();
  cols.dtype[t] = d;
  cols.rank[t] = r;
  cols.dimsAt[t] = dimsFrom;
  cols.begin[t] = bg;
  cols.end[t] = en;
  cols.tiledTo = cols.tiledTo === bg ? en : -1;
  cols.dtypeTensors[d] += 1;
  cols.dtypeBytes[d] += en - bg;
  return true;
}
function dtypeCode(b, from, to) {
  const len = to - from;
  for (let k = 0; k < CODE_BYTES.length; k++) {
    const c = CODE_BYTES[k];
    if (c.length === len && sameBytes(b, from, c, 0, len)) return CODE_INDEX[k];
  }
  const looked = lookupSafetensorsDtype(latin1(b, from, to));
  if (!looked.ok) return -1;
  const index = DTYPE_INDEX.get(looked.dtype);
  CODE_BYTES.push(Uint8Array.from(b.subarray(from, to)));
  CODE_INDEX.push(index);
  return index;
}
function tiles(begin, end, count, dataLength) {
  let inOrder = true;
  for (let k = 1; k < count && inOrder; k++) inOrder = begin[k - 1] < begin[k] || begin[k - 1] === begin[k] && end[k - 1] <= end[k];
  let order = null;
  if (!inOrder) {
    order = Int32Array.from({ length: count }, (_, k) => k);
    order.sort((a, b) => begin[a] - begin[b] || end[a] - end[b]);
  }
  let at = 0;
  for (let j = 0; j < count; j++) {
    const k = order === null ? j : order[j];
    if (begin[k] !== at) return false;
    at = end[k];
  }
  return at === dataLength;
}
var import_node_buffer3, DTYPE_ORDER, DTYPE_INDEX, MIN_ENTRY_BYTES, ascii, METADATA, F_DTYPE, F_SHAPE, F_OFFSETS, DTYPE2, SHAPE2, OFFSETS2, latin1, isWs, Dims, WHOLE, PLAIN_CHARS, MAX_RANK, WRITER_ENTRY, TO_DTYPE, TO_SHAPE, TO_OFFSETS, METADATA_KEY3, TensorColumns, CODE_BYTES, CODE_INDEX;
var init_columns = __esm({
  "src/formats/safetensors/columns.ts"() {
    "use strict";
    import_node_buffer3 = require("node:buffer");
    init_byte_keys();
    init_dtype();
    init_dtypes();
    init_json_scan();
    init_reader();
    init_text_window();
    DTYPE_ORDER = DTYPE_BY_CODE;
    DTYPE_INDEX = new Map(DTYPE_ORDER.map((d, i) => [d, i]));
    MIN_ENTRY_BYTES = 48;
    ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    METADATA = ascii("__metadata__");
    F_DTYPE = ascii("dtype");
    F_SHAPE = ascii("shape");
    F_OFFSETS = ascii("data_offsets");
    DTYPE2 = 1;
    SHAPE2 = 2;
    OFFSETS2 = 4;
    latin1 = (b, from, to) => import_node_buffer3.Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1", from, to);
    isWs = (c) => c === 32 || c === 10 || c === 13 || c === 9;
    Dims = class {
      a;
      n = 0;
      constructor(capacity) {
        this.a = new Float64Array(Math.max(2, capacity));
      }
      push(v) {
        if (this.n === this.a.length) {
          const next = new Float64Array(this.a.length * 2);
          next.set(this.a);
          this.a = next;
        }
        this.a[this.n++] = v;
      }
    };
    WHOLE = `(?:0|[1-9][0-9]{0,${MAX_DIGITS - 1}})`;
    PLAIN_CHARS = "[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*";
    MAX_RANK = 255;
    WRITER_ENTRY = new RegExp(`"${PLAIN_CHARS}":\\{"dtype":"${PLAIN_CHARS}","shape":\\[(?:${WHOLE}(?:,${WHOLE}){0,${MAX_RANK - 1}})?\\],"data_offsets":\\[${WHOLE},${WHOLE}\\]\\}[,}]`, "y");
    TO_DTYPE = 12;
    TO_SHAPE = 11;
    TO_OFFSETS = 18;
    METADATA_KEY3 = '{"__metadata__":';
    TensorColumns = class {
      dtype;
      rank;
      dimsAt;
      dims;
      begin;
      end;
      /** where the spans met so far end while each started where the one before ended (from 0), else -1 */
      tiledTo = 0;
      dtypeTensors = new Float64Array(DTYPE_ORDER.length);
      dtypeBytes = new Float64Array(DTYPE_ORDER.length);
      /** each tensor's data_offsets, read here first */
      offsets = new Dims(2);
      constructor(cap) {
        this.dtype = new Uint8Array(cap);
        this.rank = new Uint8Array(cap);
        this.dimsAt = new Int32Array(cap);
        this.dims = new Dims(cap * 2);
        this.begin = new Float64Array(cap);
        this.end = new Float64Array(cap);
      }
      /** twice the room (tensor t did not fit) */
      grow() {
        this.dtype = twice(this.dtype);
        this.rank = twice(this.rank);
        this.dimsAt = twice(this.dimsAt);
        this.begin = twice(this.begin);
        this.end = twice(this.end);
      }
    };
    CODE_BYTES = [];
    CODE_INDEX = [];
  }
});

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
function looksLikeShardIndex(text) {
  return /^\uFEFF?\s*\{/.test(text) && /"weight_map"\s*:\s*\{/.test(text);
}
function readShardIndex(text, file, opts = {}) {
  const fail = (msg) => {
    throw new FormatError(file, `bad shard index: ${msg}`);
  };
  const body = text.replace(/^\uFEFF/, "");
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
  if (weightMap.size === 0 && !opts.restOnly) fail("its weight_map is empty: it names no tensor and so no shard (a set's index lists every tensor with its shard)");
  return { metadata, weightMap, shards: shards.sort(shardOrder) };
}
function scanIndex(body) {
  if (body.includes("\\")) return null;
  const at = body.indexOf('"weight_map"');
  if (at < 0 || body.indexOf('"weight_map"', at + 1) >= 0) return null;
  let open2 = at + '"weight_map"'.length;
  while (open2 < body.length && body.charCodeAt(open2) !== 123) {
    if (!/[\s:]/.test(body[open2])) return null;
    open2++;
  }
  const pairs = scanStringPairs(body, open2);
  if (!pairs || new Set(pairs.keys).size !== pairs.keys.length) return null;
  let rest;
  try {
    rest = JSON.parse(`${body.slice(0, open2)}{}${body.slice(pairs.end)}`);
  } catch {
    return null;
  }
  const placeholder = typeof rest === "object" && rest !== null && !Array.isArray(rest) ? rest.weight_map : void 0;
  if (typeof placeholder !== "object" || placeholder === null || Array.isArray(placeholder) || Object.keys(placeholder).length !== 0) return null;
  return { rest, keys: pairs.keys, values: pairs.values };
}
function weightMapKeyMayRepeat(text) {
  if (text.includes("\\")) return true;
  const first = text.indexOf('"weight_map"');
  return first >= 0 && text.indexOf('"weight_map"', first + 1) >= 0;
}
function escapesDirectory(name) {
  if (name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name) || name.includes("\0")) return true;
  return name.split(/[\\/]/).some((seg) => seg === "..");
}
function shardNumber(name, shardNames, shards) {
  const known = shardNames.get(name);
  if (known !== void 0) return known;
  if (name === "" || escapesDirectory(name)) return -1;
  shardNames.set(name, shards.length);
  shards.push(name);
  return shards.length - 1;
}
function scanShardIndexColumns(bytes, file, keysCheckedLater = false) {
  const n = bytes.length;
  const text = import_node_buffer4.Buffer.from(bytes.buffer, bytes.byteOffset, n);
  if (!(0, import_node_buffer4.isAscii)(text) || text.indexOf(92) >= 0) return null;
  const at = text.indexOf('"weight_map"');
  if (at < 0 || text.indexOf('"weight_map"', at + 1) >= 0) return null;
  let i = at + '"weight_map"'.length;
  while (isWs(bytes[i]) || bytes[i] === 58) i++;
  const open2 = i;
  if (bytes[i++] !== 123) return null;
  const cap = Math.floor(n / 8) + 1;
  const keys = new ByteKeyTable(bytes, Math.floor(n / 64), keysCheckedLater);
  let ascending = keysCheckedLater;
  let previous = "";
  const shardOf = new Int32Array(cap);
  const shards = [];
  const shardNames = /* @__PURE__ */ new Map();
  let previousName = null;
  let previousShard = -1;
  while (bytes[i] <= 32 && isWs(bytes[i])) i++;
  if (bytes[i] === 125) i++;
  else {
    const window = new TextWindow(bytes);
    window.moveTo(i);
    for (; ; ) {
      const member = WEIGHT_MAP_MEMBER;
      if (!window.matchAt(member, i)) return null;
      const { text: s, base } = window;
      const keyOpen = s.indexOf('"', i - base);
      const keyClose = s.indexOf('"', keyOpen + 1);
      if (ascending) {
        const key = s.substring(keyOpen + 1, keyClose);
        ascending = previous < key;
        previous = key;
      }
      const e = keys.add(base + keyOpen + 1, keyClose - keyOpen - 1);
      if (e < 0) return null;
      const start = s.indexOf('"', keyClose + 1) + 1;
      const name = s.substring(start, s.indexOf('"', start));
      const last = name === previousName ? previousShard : shardNumber(name, shardNames, shards);
      if (last < 0) return null;
      previousName = name;
      previousShard = last;
      shardOf[e] = last;
      i = base + member.lastIndex;
      if (bytes[i - 1] === 125) break;
    }
  }
  try {
    if (keys.size === 0) return null;
    const rest = readShardIndex(`${text.toString("latin1", 0, open2)}{}${text.toString("latin1", i)}`, file, { restOnly: true });
    if (rest.weightMap.size !== 0) return null;
  } catch (e) {
    if (e instanceof FormatError) return null;
    throw e;
  }
  const sorted = shards.map((name, s) => ({ name, s })).sort((x, y) => shardOrder(x.name, y.name));
  const renumber = new Int32Array(shards.length);
  sorted.forEach((x, k) => renumber[x.s] = k);
  for (let e = 0; e < keys.size; e++) shardOf[e] = renumber[shardOf[e]];
  if (!ascending && !keys.checkNow()) return null;
  return { keys, shardOf, shards: sorted.map((x) => x.name) };
}
var import_node_buffer4, isDigit, WS_PLAIN, WEIGHT_MAP_MEMBER;
var init_hf_index = __esm({
  "src/formats/hf-index.ts"() {
    "use strict";
    import_node_buffer4 = require("node:buffer");
    init_byte_keys();
    init_errors();
    init_columns();
    init_json_keys();
    init_json_scan();
    init_text_window();
    isDigit = (run) => run.charCodeAt(0) >= 48 && run.charCodeAt(0) <= 57;
    WS_PLAIN = '[ \\t\\n\\r]*"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*"';
    WEIGHT_MAP_MEMBER = new RegExp(`${WS_PLAIN}[ \\t\\n\\r]*:${WS_PLAIN}[ \\t\\n\\r]*[,}]`, "y");
  }
});

// src/formats/tar-header.ts
function pyStrip(s) {
  return s.replace(PY_SPACE, "");
}
function nti(b, at, n) {
  const first = b[at];
  if (first === 128 || first === 255) {
    let v2 = 0n;
    for (let i = 1; i < n; i++) v2 = (v2 << 8n) + BigInt(b[at + i]);
    return first === 255 ? -(256n ** BigInt(n - 1) - v2) : v2;
  }
  let s = "";
  for (let i = at; i < at + n && b[i] !== 0; i++) {
    if (b[i] > 127) return null;
    s += String.fromCharCode(b[i]);
  }
  s = pyStrip(s);
  if (s === "") return 0n;
  const m = PY_OCTAL.exec(s);
  if (!m) return null;
  const v = BigInt(`0o${m[2].replace(/_/g, "")}`);
  return m[1] === "-" ? -v : v;
}
function nts(b, at, n) {
  let end = at;
  while (end < at + n && b[end] !== 0) end++;
  return new TextDecoder("utf-8").decode(b.subarray(at, end));
}
function checksums(b) {
  let unsigned = 256;
  let signed = 256;
  for (let i = 0; i < TAR_BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    unsigned += b[i];
    signed += b[i] > 127 ? b[i] - 256 : b[i];
  }
  return [BigInt(unsigned), BigInt(signed)];
}
function parseTarHeader(buf) {
  if (buf.length === 0) return "empty";
  if (buf.length < TAR_BLOCK) return "truncated";
  const b = buf.length === TAR_BLOCK ? buf : buf.subarray(0, TAR_BLOCK);
  if (b.every((x) => x === 0)) return "eof";
  const chksum = nti(b, 148, 8);
  if (chksum === null || !checksums(b).includes(chksum)) return "invalid";
  for (const [at, n] of NUMBER_FIELDS) if (nti(b, at, n) === null) return "invalid";
  let type = String.fromCharCode(b[156]);
  if (type === "S") {
    for (let at = 386; at < 482; at += 12) if (nti(b, at, 12) === null) return "invalid";
    if (nti(b, 483, 12) === null) return "invalid";
  }
  let name = nts(b, 0, 100);
  if (type === "\0" && name.endsWith("/")) type = "5";
  if (type === "5") name = name.replace(/\/+$/, "");
  const prefix = nts(b, 345, 155);
  if (prefix && !GNU_TYPES.has(type)) name = `${prefix}/${name}`;
  return { name, type, size: nti(b, 124, 12), linkname: nts(b, 157, 100) };
}
function isTar(head) {
  return typeof parseTarHeader(head.subarray(0, TAR_BLOCK)) !== "string";
}
var TAR_BLOCK, PY_SPACE, PY_OCTAL, GNU_TYPES, NUMBER_FIELDS;
var init_tar_header = __esm({
  "src/formats/tar-header.ts"() {
    "use strict";
    TAR_BLOCK = 512;
    PY_SPACE = /^[\t\n\v\f\r\x1c-\x1f ]+|[\t\n\v\f\r\x1c-\x1f ]+$/g;
    PY_OCTAL = /^([+-]?)(?:0[oO]_?)?([0-7](?:_?[0-7])*)$/;
    GNU_TYPES = /* @__PURE__ */ new Set(["L", "K", "S"]);
    NUMBER_FIELDS = [[100, 8], [108, 8], [116, 8], [124, 12], [136, 12], [329, 8], [337, 8]];
  }
});

// src/formats/magic.ts
function isZip(head) {
  return head.length >= 4 && head[0] === 80 && head[1] === 75 && (head[2] === 3 && head[3] === 4 || head[2] === 5 && head[3] === 6);
}
function isNpy(head) {
  return head.length >= 6 && NPY_MAGIC.every((b, i) => head[i] === b);
}
var NPY_MAGIC;
var init_magic = __esm({
  "src/formats/magic.ts"() {
    "use strict";
    init_tar_header();
    NPY_MAGIC = [147, 78, 85, 77, 80, 89];
  }
});

// src/formats/detect.ts
function detectKind(src, opts = {}) {
  if (src.size === 0) return "unknown";
  const head = src.read(0, Math.min(HEAD, src.size));
  if (isZip(head) && head[2] === 3) return "zip";
  if (opts.tar !== false && isTar(head)) return "tar";
  if (isZip(head)) return "zip";
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
  const rest = latin12(head.subarray(1, 256));
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
function followedByOpcode(head, next) {
  return next >= head.length ? next === head.length : AFTER_FIRST_VALUE.has(head[next]);
}
function lengthPrefixedFits(head) {
  if (head.length < 5) return false;
  const n = (head[1] | head[2] << 8 | head[3] << 16 | head[4] << 24) >>> 0;
  return 5 + n >= head.length ? n < 1 << 30 : AFTER_FIRST_VALUE.has(head[5 + n]);
}
function latin12(b) {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return s;
}
function startsWithText(head, text) {
  if (head.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (head[i] !== text.charCodeAt(i)) return false;
  return true;
}
var HEAD, LEGACY_MAGIC_LONG1, LEGACY_MAGIC_TEXT, OPCODES, AFTER_FIRST_VALUE;
var init_detect = __esm({
  "src/formats/detect.ts"() {
    "use strict";
    init_hf_index();
    init_reader();
    init_magic();
    HEAD = 1 << 16;
    LEGACY_MAGIC_LONG1 = [138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25];
    LEGACY_MAGIC_TEXT = "L119547037146038801333356L\n";
    OPCODES = new Set([..."(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC"].map((c) => c.charCodeAt(0)));
    for (let b = 128; b <= 152; b++) OPCODES.add(b);
    AFTER_FIRST_VALUE = new Set([...".pqr02(ghjILFSVKMJGUTXN}])c"].map((c) => c.charCodeAt(0)));
  }
});

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
var INDEX_FROM, DictKeyIndex;
var init_dict_keys = __esm({
  "src/formats/pickle/dict-keys.ts"() {
    "use strict";
    INDEX_FROM = 8;
    DictKeyIndex = class {
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
        let index;
        if (entries === this.lastEntries) index = this.lastIndex;
        else {
          index = this.indexes.get(entries);
          if (index !== void 0) {
            this.lastEntries = entries;
            this.lastIndex = index;
          }
        }
        if (index === void 0) {
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
          index = { str: /* @__PURE__ */ new Map(), other: /* @__PURE__ */ new Map() };
          for (let i = 0; i < entries.length; i++) {
            const ek = entries[i][0];
            const tag = keyOf(ek);
            if (tag !== void 0) (typeof ek === "string" ? index.str : index.other).set(tag, i);
          }
          this.indexes.set(entries, index);
          this.lastEntries = entries;
          this.lastIndex = index;
        }
        const map = typeof key === "string" ? index.str : index.other;
        const at = map.get(k);
        if (at !== void 0) {
          entries[at][1] = value;
          return;
        }
        map.set(k, entries.length);
        entries.push([key, value]);
      }
    };
  }
});

// src/formats/pickle/opcodes.ts
function describeOpcode(code) {
  const hex2 = `0x${code.toString(16).padStart(2, "0")}`;
  const name = NAMES[code];
  return name ? `${hex2} ${name}` : hex2;
}
function opName(code) {
  return NAMES[code];
}
var Op, HIGHEST_PROTOCOL, NAMES;
var init_opcodes = __esm({
  "src/formats/pickle/opcodes.ts"() {
    "use strict";
    Op = {
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
    HIGHEST_PROTOCOL = 5;
    NAMES = new Array(256).fill(void 0);
    for (const [name, code] of Object.entries(Op)) NAMES[code] = name;
  }
});

// src/formats/pickle/reader.ts
function truncated(src, what, offset) {
  return new FormatError(src, `truncated pickle: ${what} at offset ${offset}`);
}
var import_node_buffer5, WINDOW2, MAX_ASCII, PickleReader;
var init_reader2 = __esm({
  "src/formats/pickle/reader.ts"() {
    "use strict";
    import_node_buffer5 = require("node:buffer");
    init_errors();
    WINDOW2 = 64 * 1024;
    MAX_ASCII = 256;
    PickleReader = class {
      constructor(src, start) {
        this.src = src;
        this.pos = start;
        this.size = src.size;
      }
      src;
      buf = new Uint8Array(0);
      /** `buf` as a Buffer (same memory), to make strings straight from the window without a view per string */
      chars = import_node_buffer5.Buffer.alloc(0);
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
       * Little-endian unsigned integer of `n` \u2264 4 bytes read straight from the window (no view object: the
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
            const want = Math.min(this.size - start, Math.max(WINDOW2, (scanFrom - start) * 2 + 1));
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
        const length = Math.min(this.size - pos, Math.max(need, WINDOW2));
        if (length < need) {
          throw new Error(`PickleReader: read of ${need} bytes at ${pos} past end ${this.size}`);
        }
        const buf = this.src.read(pos, length);
        this.buf = buf;
        this.chars = import_node_buffer5.Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
        this.bufStart = pos;
        this.bufEnd = pos + length;
      }
    };
  }
});

// src/formats/pickle/text-args.ts
function normalizeInt(v) {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
function cString(text) {
  const nul = text.indexOf("\0");
  return nul < 0 ? text : text.slice(0, nul);
}
function parseIntText(text) {
  const m = INT_BASE0.exec(cString(text));
  if (!m) return null;
  const digits = m[2].replace(/_/g, "");
  const prefixed = /^0[xXoObB]/.test(digits);
  const magnitude = prefixed ? BigInt(digits.toLowerCase()) : BigInt(digits);
  return normalizeInt(m[1] === "-" ? -magnitude : magnitude);
}
function parseIntText10(text) {
  const m = INT_BASE10.exec(cString(text));
  if (!m) return null;
  const magnitude = BigInt(m[2].replace(/_/g, ""));
  return normalizeInt(m[1] === "-" ? -magnitude : magnitude);
}
function strtolWhole(text) {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  if (rest !== "" && rest[0] !== "\0") return null;
  const d = m[2];
  const magnitude = /^0[xX]/.test(d) ? BigInt(d) : d.startsWith("0") ? BigInt(`0o${d.slice(1) || "0"}`) : BigInt(d);
  const v = m[1] === "-" ? -magnitude : magnitude;
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}
function parseIntLine(line) {
  const text = latin13.decode(line);
  const x = strtolWhole(text);
  if (x === null) return parseIntText(text);
  if (line.length === 2 && (x === 0n || x === 1n)) return x === 1n;
  return normalizeInt(x);
}
function parseLongLine(line) {
  let text = latin13.decode(line);
  if (text.endsWith("L")) text = text.slice(0, -1);
  return parseIntText(text);
}
function parseFloatLine(line) {
  const m = FLOAT_TEXT.exec(latin13.decode(line));
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
    const count = e === 117 ? 4 : 8;
    let cp = 0;
    for (let k = 0; k < count; k++) {
      const h = i + 2 + k < n ? hexValue(line[i + 2 + k]) : -1;
      if (h < 0) throw new RawUnicodeEscapeError(`truncated \\${count === 4 ? "u" : "U"} escape at position ${i}`);
      cp = cp * 16 + h;
    }
    if (cp > 1114111) throw new RawUnicodeEscapeError(`\\U${cp.toString(16)} out of range at position ${i}`);
    parts.push(latin13.decode(line.subarray(runStart, i)), String.fromCodePoint(cp));
    i += 2 + count;
    runStart = i;
  }
  parts.push(latin13.decode(line.subarray(runStart, n)));
  return parts.join("");
}
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
var latin13, C_SPACE, INT_BASE0, INT_BASE10, INT64_MIN, INT64_MAX, FLOAT_TEXT, RawUnicodeEscapeError;
var init_text_args = __esm({
  "src/formats/pickle/text-args.ts"() {
    "use strict";
    latin13 = new TextDecoder("latin1");
    C_SPACE = "[ \\t\\n\\v\\f\\r]*";
    INT_BASE0 = new RegExp(`^${C_SPACE}([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?0)*|[1-9](?:_?[0-9])*)${C_SPACE}$`);
    INT_BASE10 = new RegExp(`^${C_SPACE}([+-]?)([0-9](?:_?[0-9])*)${C_SPACE}$`);
    INT64_MIN = -(2n ** 63n);
    INT64_MAX = 2n ** 63n - 1n;
    FLOAT_TEXT = /^\s*([+-]?)(?:((?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?)|(inf|infinity)|(nan))\s*$/i;
    RawUnicodeEscapeError = class extends Error {
    };
  }
});

// src/formats/pickle/safety-lists.ts
var torchDtypes, storageClasses, tensorElems, rebuildFunctions, DCP_META, DCP_META_OLD, SHARDED_TENSOR_META, DCP_METADATA_CLASSES, STORAGE_INFO_WHY, DCP_GLOBALS, DCP_ENUMS, SAFE_GLOBALS, SAFE_PATTERNS, DANGEROUS_GLOBALS, PY2_MODULES, PY2_NAMES, FRAMEWORK_GLOBALS;
var init_safety_lists = __esm({
  "src/formats/pickle/safety-lists.ts"() {
    "use strict";
    init_dtype();
    torchDtypes = [...Object.keys(DTYPES), ...TORCH_DTYPE_ALIAS_NAMES, "bits8", "bits16"];
    storageClasses = Object.values(DTYPES).map((d) => d.storage);
    tensorElems = ["Double", "Float", "Half", "Long", "Int", "Short", "Char", "Byte", "Bool", "BFloat16"];
    rebuildFunctions = [
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
    DCP_META = "torch.distributed.checkpoint.metadata";
    DCP_META_OLD = "torch.distributed._shard.checkpoint.metadata";
    SHARDED_TENSOR_META = "torch.distributed._shard.sharded_tensor.metadata";
    DCP_METADATA_CLASSES = [
      ["Metadata", "DCP Metadata dataclass: state_dict_metadata, planner_data, storage_data (storage_meta, version from torch 2.4)"],
      ["TensorStorageMetadata", "dataclass: a tensor's properties, global size and chunk list"],
      ["BytesStorageMetadata", "empty dataclass marking a non-tensor item"],
      ["ChunkStorageMetadata", "dataclass: a chunk's offsets and sizes (torch.Size)"],
      ["MetadataIndex", "frozen dataclass keying storage_data: fqn, offset, index"]
    ];
    STORAGE_INFO_WHY = "dataclass: relative_path, offset, length (and transform_descriptors, torch \u2265 2.8)";
    DCP_GLOBALS = [
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
    DCP_ENUMS = /* @__PURE__ */ new Map([
      [`${DCP_META}._MEM_FORMAT_ENCODING`, ["TORCH_CONTIGUOUS_FORMAT", "TORCH_CHANNELS_LAST", "TORCH_PRESERVE_FORMAT"]],
      [`${SHARDED_TENSOR_META}.MEM_FORMAT_ENCODING`, ["TORCH_CONTIGUOUS_FORMAT", "TORCH_CHANNELS_LAST", "TORCH_PRESERVE_FORMAT"]]
    ]);
    SAFE_GLOBALS = /* @__PURE__ */ new Set([
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
    SAFE_PATTERNS = [/^numpy\.dtypes\.[A-Za-z0-9]+DType$/];
    DANGEROUS_GLOBALS = [
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
    PY2_MODULES = {
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
    PY2_NAMES = {
      "builtins.long": "builtins.int",
      "builtins.unicode": "builtins.str",
      "builtins.basestring": "builtins.str",
      "builtins.xrange": "builtins.range",
      "builtins.unichr": "builtins.chr",
      "builtins.reduce": "functools.reduce",
      "builtins.intern": "sys.intern"
    };
    FRAMEWORK_GLOBALS = [
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
  }
});

// src/formats/pickle/global-path.ts
function globalPath(module2, name) {
  const path = `${ownRow(PY2_MODULES, module2) ?? module2}.${name}`;
  return ownRow(PY2_NAMES, path) ?? path;
}
var init_global_path = __esm({
  "src/formats/pickle/global-path.ts"() {
    "use strict";
    init_own_row();
    init_safety_lists();
  }
});

// src/formats/pickle/machine.ts
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
function py2strValue(raw, utf83, notUtf8) {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] > 127) {
      if (utf83) {
        try {
          return strictUtf8.decode(raw);
        } catch {
          notUtf8(raw);
        }
      }
      return { kind: "bytes", flavor: "py2str", length: raw.length, data: raw.slice(), fileOffset: null };
    }
  }
  return latin14.decode(raw);
}
function pyBytesRepr(raw) {
  let out = "";
  for (const b of raw.subarray(0, 40)) out += b === 39 || b === 92 ? `\\${String.fromCharCode(b)}` : b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  return `b'${out}${raw.length > 40 ? "\u2026" : ""}'`;
}
var DEFAULT_LARGE_BYTES, DEFAULT_MAX_MEMO, DEFAULT_MAX_STACK, MAX_LINE, NO_VALUES, NO_PAIRS, EMPTY_TUPLE, utf8, utf8Strict, latin14, StartOver, TOMBSTONE, Stop, Machine, strictUtf8;
var init_machine = __esm({
  "src/formats/pickle/machine.ts"() {
    "use strict";
    init_errors();
    init_dict_keys();
    init_opcodes();
    init_reader2();
    init_text_args();
    init_global_path();
    DEFAULT_LARGE_BYTES = 64 * 1024;
    DEFAULT_MAX_MEMO = 2 ** 24;
    DEFAULT_MAX_STACK = 2 ** 24;
    MAX_LINE = 64 * 1024 * 1024;
    NO_VALUES = Object.freeze([]);
    NO_PAIRS = Object.freeze([]);
    EMPTY_TUPLE = Object.freeze({ kind: "tuple", items: NO_VALUES });
    utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
    utf8Strict = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });
    latin14 = new TextDecoder("latin1");
    StartOver = class extends Error {
    };
    TOMBSTONE = Object.freeze({ kind: "tombstone" });
    Stop = class extends Error {
      constructor(formatError, limit = false) {
        super(formatError.message);
        this.formatError = formatError;
        this.limit = limit;
      }
      formatError;
      limit;
    };
    Machine = class {
      r;
      name;
      largeBytes;
      maxMemo;
      maxStack;
      onCall;
      reduce;
      leanMemo;
      py2Utf8;
      /** the first Python 2 str that is not UTF-8 (PickleOptions.py2Utf8 only): see PickleResult.py2NotUtf8 */
      py2NotUtf8 = null;
      notUtf8 = (raw) => {
        this.py2NotUtf8 ??= raw.slice();
      };
      /**
       * One flat stack for every MARK level, as CPython keeps it: a MARK records where its items start
       * instead of opening a new array, so the two MARKs of each tensor rebuild allocate nothing and the
       * items move only once, into the exact-size array of the tuple (list, call \u2026) they become.
       */
      stack = [];
      /** start of each open MARK's items in `stack`, outermost first */
      marks = [];
      /** start of the innermost open MARK's items (0 when none is open): the stack below it is out of reach */
      base = 0;
      /**
       * The memo: picklers number entries 0, 1, 2 \u2026 so a dense array holds nearly all of them (a Map of a
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
        this.py2Utf8 = options.py2Utf8 === true;
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
        return { value, end, protocol: this.protocol, globals: this.globals, error, limited, anomalies: this.anomalies, shared: this.shared, frameEnd, getattr: this.getattrUse, py2NotUtf8: this.py2NotUtf8 };
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
      anomaly(kind, target, detail) {
        const opcode = opName(this.op);
        if (opcode === void 0) throw new Error(`anomaly recorded outside an opcode (0x${this.op.toString(16)})`);
        this.anomalies.push({ kind, offset: this.opAt, opcode, target: target && { module: target.module, name: target.name }, detail });
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
      /** `part` is a constant ('argument', 'payload' \u2026): messages are only built on failure, off the hot path. */
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
        return latin14.decode(l);
      }
      intLine(what) {
        const v = parseIntText10(latin14.decode(this.line()));
        if (typeof v !== "number") throw this.fail(`${what} is not an integer`);
        return v;
      }
      text(n) {
        this.need(n, "string");
        return this.r.ascii(n) ?? utf8.decode(this.r.take(n));
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
       * A Python 2 `str` (STRING/BINSTRING/SHORT_BINSTRING): text when ASCII \u2014 what every Python 3 loader
       * makes of it \u2014 otherwise the raw bytes, since the encoding is unknowable (Latin-1 is one guess).
       */
      py2str(n) {
        if (n > this.largeBytes) return this.bytes(n, "py2str");
        this.need(n, "payload");
        return py2strValue(this.r.take(n), this.py2Utf8, this.notUtf8);
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
      global(module2, name) {
        const key = module2 + "\n" + name;
        let g = this.globalsSeen.get(key);
        if (g === void 0) {
          g = { kind: "global", module: module2, name };
          this.globalsSeen.set(key, g);
          this.globals.push({ module: module2, name });
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
      memoPut(index) {
        if (index < 0) throw this.fail("negative memo index");
        const top = this.top();
        const value = this.leanMemo && hasItems(top) ? TOMBSTONE : top;
        const dense = this.memoDense;
        if (index < dense.length) {
          if (dense[index] === void 0) this.newMemoEntry();
          dense[index] = value;
        } else if (index === dense.length) {
          if (!(this.memoSparse.size > 0 && this.memoSparse.delete(index))) this.newMemoEntry();
          dense.push(value);
        } else {
          if (!this.memoSparse.has(index)) this.newMemoEntry();
          this.memoSparse.set(index, value);
        }
      }
      newMemoEntry() {
        if (this.memoCount >= this.maxMemo) throw this.limit(`memo grows past ${this.maxMemo} entries`);
        this.memoCount++;
      }
      memoGet(index) {
        const v = index < this.memoDense.length ? this.memoDense[index] : this.memoSparse.get(index);
        if (v === void 0) throw this.fail(`memo key ${index} was never stored`);
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
              stack.push(py2strValue(decoded, this.py2Utf8, this.notUtf8));
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
              const module2 = this.utf8Line("GLOBAL module");
              const name = this.utf8Line("GLOBAL name");
              const g = this.global(module2, name);
              this.notePush(g);
              stack.push(g);
              break;
            }
            case Op.STACK_GLOBAL: {
              const name = this.pop();
              const module2 = this.pop();
              if (typeof module2 !== "string" || typeof name !== "string") {
                if (isOpaque(module2) || isOpaque(name)) throw this.dynamic("STACK_GLOBAL module or name");
                throw this.fail(`STACK_GLOBAL needs str module and name, got ${typeName(module2)} and ${typeName(name)}`);
              }
              const g = this.global(module2, name);
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
              const module2 = this.utf8Line("INST module");
              const name = this.utf8Line("INST name");
              const cls = this.global(module2, name);
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
              const code = op === Op.EXT1 ? this.u8() : op === Op.EXT2 ? this.u16() : this.i32();
              if (code <= 0) throw this.fail("EXT specifies code <= 0");
              this.anomaly("extension", null, `${opName(op)} ${code} imports the global copyreg's extension registry maps it to`);
              stack.push({ kind: "ext", code });
              break;
            }
            default:
              throw this.fail(`not an opcode`);
          }
        }
      }
    };
    strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  }
});

// src/formats/pickle/values.ts
function isPyObject(v) {
  return typeof v === "object" && v !== null && v.kind === "object";
}
function isPyDict(v) {
  return typeof v === "object" && v !== null && v.kind === "dict";
}
function isGlobal(v, module2, name) {
  if (typeof v !== "object" || v === null || v.kind !== "global") return false;
  const g = v;
  return (module2 === void 0 || g.module === module2) && (name === void 0 || g.name === name);
}
var init_values = __esm({
  "src/formats/pickle/values.ts"() {
    "use strict";
  }
});

// src/formats/dcp/metadata.ts
function classOf(v) {
  if (typeof v !== "object" || v === null || v.kind !== "object") return null;
  const c = v.callable;
  return typeof c === "object" && c !== null && c.kind === "global" ? `${c.module}.${c.name}` : null;
}
function describe(v) {
  if (v === null) return "None";
  if (typeof v !== "object") return typeof v === "string" ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v} ${String(v)}`;
  if (v.kind === "global") return `the global ${v.module}.${v.name}`;
  const cls = classOf(v);
  return cls ? `a ${cls}` : `a ${v.kind}`;
}
function tensorMeta(r, fqn, v, module2) {
  const cls = classOf(v);
  if (cls === `${module2}.BytesStorageMetadata`) return { kind: "bytes" };
  const f = r.dataclass(v, [`${module2}.TensorStorageMetadata`], `state_dict_metadata["${fqn}"]`);
  const props = f.get("properties");
  const pcls = classOf(props ?? null);
  if (pcls === null || !PROPERTIES.includes(pcls)) r.fail(`"${fqn}".properties is ${describe(props ?? null)}, not TensorProperties`);
  const state = props.states[0];
  const tuple = typeof state === "object" && state !== null && state.kind === "tuple" ? state.items : null;
  const dtypeGlobal = tuple?.[0];
  const dtype = typeof dtypeGlobal === "object" && dtypeGlobal !== null && dtypeGlobal.kind === "global" && dtypeGlobal.module === "torch" ? dtypeOfTorchGlobal(dtypeGlobal.name) : void 0;
  if (!dtype) r.fail(`"${fqn}".properties does not name a torch dtype`);
  const size = r.size(f.get("size") ?? null, `"${fqn}".size`);
  const chunksV = f.get("chunks");
  if (typeof chunksV !== "object" || chunksV === null || chunksV.kind !== "list") r.fail(`"${fqn}".chunks is not a list`);
  const chunks = chunksV.items.map((c, i) => {
    const cf = r.dataclass(c, [`${module2}.ChunkStorageMetadata`], `"${fqn}".chunks[${i}]`);
    return { offsets: r.size(cf.get("offsets") ?? null, `"${fqn}".chunks[${i}].offsets`), sizes: r.size(cf.get("sizes") ?? null, `"${fqn}".chunks[${i}].sizes`) };
  });
  return { kind: "tensor", dtype, size, requiresGrad: tuple?.[2] === true, chunks };
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
    return { meta: interpret(res.value, file), scan, value: res.value, error: null };
  } catch (e) {
    if (e instanceof FormatError) return { meta: null, scan, value: res.value, error: e };
    throw e;
  }
}
function interpret(value, file) {
  const r = new Reader(file);
  const res = { value };
  const top = classOf(res.value);
  const module2 = META_MODULES.find((m) => top === `${m}.Metadata`);
  if (!module2) r.fail(`the pickle holds ${describe(res.value)}, not torch.distributed.checkpoint's Metadata`);
  const f = r.dataclass(res.value, [`${module2}.Metadata`], "the pickle");
  const sdm = r.dict(f.get("state_dict_metadata") ?? null, "state_dict_metadata");
  const items2 = /* @__PURE__ */ new Map();
  for (const [k, v] of sdm.entries) {
    const fqn = r.str(k, "a state_dict_metadata key");
    items2.set(fqn, tensorMeta(r, fqn, v, module2));
  }
  const storage = [];
  for (const [k, v] of r.dict(f.get("storage_data") ?? null, "storage_data").entries) {
    const idx = r.dataclass(k, [`${module2}.MetadataIndex`], "a storage_data key");
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
  if (sm !== void 0 && sm !== null && classOf(sm) === `${module2}.StorageMeta`) {
    const s = r.dataclass(sm, [`${module2}.StorageMeta`], "storage_meta").get("save_id");
    if (typeof s === "string") saveId = s;
  }
  const planner = f.get("planner_data");
  const paths = plannerPaths(planner);
  return { items: items2, storage, paths, plannerData: planner === void 0 || planner === null ? "none" : paths ? "paths" : "other", version: typeof version === "string" ? version : null, module: module2.replace(/\.metadata$/, ""), saveId };
}
var DCP_METADATA_FILE, META_MODULES, STORAGE_INFO, PROPERTIES, Reader;
var init_metadata = __esm({
  "src/formats/dcp/metadata.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    init_machine();
    init_safety_lists();
    init_values();
    DCP_METADATA_FILE = ".metadata";
    META_MODULES = ["torch.distributed.checkpoint.metadata", "torch.distributed._shard.checkpoint.metadata"];
    STORAGE_INFO = ["torch.distributed.checkpoint.filesystem._StorageInfo", "torch.distributed._shard.checkpoint.filesystem._StorageInfo"];
    PROPERTIES = ["torch.distributed.checkpoint.metadata.TensorProperties", "torch.distributed._shard.sharded_tensor.metadata.TensorProperties"];
    Reader = class {
      constructor(file) {
        this.file = file;
      }
      file;
      fail(msg) {
        throw new FormatError(this.file, `DCP .metadata: ${msg}`);
      }
      /** A dataclass instance of one of `classes`: its BUILD dict as a map. */
      dataclass(v, classes, what) {
        const cls = classOf(v);
        if (cls === null || !classes.includes(cls)) this.fail(`${what} is ${cls ?? describe(v)}, not ${classes.join(" or ")}`);
        const obj = v;
        const fields2 = /* @__PURE__ */ new Map();
        for (const s of obj.states) {
          if (!isPyDict(s)) this.fail(`${what} (${cls}) has a non-dict state`);
          for (const [k, val] of s.entries) if (typeof k === "string") fields2.set(k, val);
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
  }
});

// src/formats/pickle/sub-source.ts
var SubSource;
var init_sub_source = __esm({
  "src/formats/pickle/sub-source.ts"() {
    "use strict";
    init_errors();
    SubSource = class {
      constructor(parent, start, size, name) {
        this.parent = parent;
        this.start = start;
        this.size = size;
        this.name = name;
        if (start < 0 || size < 0 || start + size > parent.size) {
          throw new Error(`SubSource: ${start}+${size} outside ${parent.name} (${parent.size} bytes)`);
        }
      }
      parent;
      start;
      size;
      name;
      read(offset, length) {
        if (offset < 0 || length < 0 || offset + length > this.size) {
          throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but there are ${this.size}`);
        }
        return this.parent.read(this.start + offset, length);
      }
      close() {
      }
    };
  }
});

// src/formats/megatron/names.ts
function trackerFolder(text) {
  const s = text.trim();
  if (s === "release") return "release";
  return /^\d+$/.test(s) ? `iter_${s.padStart(7, "0")}` : null;
}
function isIterationFolder(name) {
  return /^iter_\d{7,}$/.test(name) || name === "release";
}
function parseRankFolder(name) {
  const m = /^mp_rank_(\d{2,})(?:_(\d{3,}))?(?:_(\d{3,}))?$/.exec(name);
  if (!m) return null;
  return { tp: Number(m[1]), pp: m[2] === void 0 ? null : Number(m[2]), ep: m[3] === void 0 ? null : Number(m[3]) };
}
var TRACKER_FILE, RANK_FILE, MCORE_CONFIG, MCORE_COMMON, SAME_ON_EVERY_RANK;
var init_names = __esm({
  "src/formats/megatron/names.ts"() {
    "use strict";
    TRACKER_FILE = "latest_checkpointed_iteration.txt";
    RANK_FILE = "model_optim_rng.pt";
    MCORE_CONFIG = "metadata.json";
    MCORE_COMMON = "common.pt";
    SAME_ON_EVERY_RANK = {
      root: ["iteration", "checkpoint_version"],
      args: ["iteration", "consumed_train_samples", "tensor_model_parallel_size", "pipeline_model_parallel_size", "num_layers", "hidden_size", "ffn_hidden_size", "num_attention_heads", "kv_channels", "num_query_groups", "padded_vocab_size", "swiglu"]
    };
  }
});

// src/formats/deepspeed/names.ts
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
function parseLatestTag(text) {
  const tag = text.trim();
  return tag !== "" && !/[\\/]|^\.\.?$/.test(tag) && !tag.includes("\n") ? tag : null;
}
var MODEL, ZERO2, LAYER, EXPERT, EXPERT_OPTIM, LATEST_FILE, LATEST_UNIVERSAL_FILE, LOADER_FILE;
var init_names2 = __esm({
  "src/formats/deepspeed/names.ts"() {
    "use strict";
    MODEL = /^mp_rank_(\d+)_model_states\.pt$/;
    ZERO2 = /^(bf16_|fp16_)?zero_pp_rank_(\d+)_mp_rank_(\d+)_(model|optim)_states\.pt$/;
    LAYER = /^layer_(\d+)(?:-model_(\d+))?-model_states\.pt$/;
    EXPERT = /^(?:layer_(\d+)_)?expert_(\d+)_mp_rank_(\d+)_model_states\.pt$/;
    EXPERT_OPTIM = /^expp_rank_(\d+)_mp_rank_(\d+)_optim_states\.pt$/;
    LATEST_FILE = "latest";
    LATEST_UNIVERSAL_FILE = "latest_universal";
    LOADER_FILE = /(?:model|optim)_states\.pt$/;
  }
});

// src/formats/torch/container.ts
function gapScan(where2, what, reason, verdict = "incomplete") {
  return { where: where2, protocol: 0, globals: [], anomalies: [], error: null, extra: [{ module: "", name: what, verdict, where: where2, reason }] };
}
function probeScan(where2, r) {
  if (r.globals.length === 0 && r.anomalies.length === 0 && !r.limited) return null;
  return scanOf(where2, r);
}
function scanOf(where2, r) {
  return { where: where2, protocol: r.protocol, globals: r.globals, anomalies: r.anomalies, error: r.error, getattr: r.getattr };
}
function readScanned(src, offset, where2, scans, options = {}) {
  const r = readPickle(src, offset, { ...options, where: where2, py2Utf8: true });
  scans.push(scanOf(where2, r));
  if (r.error === null && r.py2NotUtf8 !== null) return { ...r, value: void 0, error: py2NotUtf8Error(src.name, r.py2NotUtf8) };
  return r;
}
function py2NotUtf8Error(file, raw) {
  return new FormatError(file, `a Python 2 str ${pyBytesRepr(raw)} is not valid UTF-8: torch.load's default (encoding='utf-8') fails on it with UnicodeDecodeError; torch.load(..., encoding='latin1') reads it as Latin-1 text, a guess sdmatch does not make`);
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
  let byKey = null;
  let spilled = false;
  const create = (id, ref, dtype) => {
    const info = make(ref, dtype);
    madeIds.push(id);
    made.push(info);
    byKey?.set(id, info);
    return { info, offset: 0 };
  };
  const at = (r, ref) => {
    const offset = ref.view?.offset ?? 0;
    return offset === 0 ? r : { info: r.info, offset };
  };
  const lookup = (ref, dtypeHint) => {
    const dtype = ref.dtype ?? dtypeHint;
    if (!dtype) return null;
    const index = ref.dtype ? denseIndex(ref.key, byIndex.length) : -1;
    if (index >= 0) {
      let r2 = byIndex[index];
      if (!r2) {
        r2 = (spilled ? byId.get(ref.key) : void 0) ?? create(ref.key, ref, dtype);
        while (byIndex.length < index) byIndex.push(void 0);
        byIndex[index] = r2;
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
      if (byKey === null) {
        byKey = /* @__PURE__ */ new Map();
        for (let i = 0; i < made.length; i++) byKey.set(madeIds[i], made[i]);
      }
      return byKey;
    },
    lookup
  };
}
function storageKeyIndex(s, from = 0) {
  const n = s.length - from;
  if (n <= 0 || n > MAX_STORAGE_DIGITS || n > 1 && s.charCodeAt(from) === 48) return -1;
  let v = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
function denseIndex(key, seen) {
  const v = storageKeyIndex(key);
  return v >= 0 && v <= seen + 1024 ? v : -1;
}
var MAX_STORAGE_DIGITS;
var init_container = __esm({
  "src/formats/torch/container.ts"() {
    "use strict";
    init_errors();
    init_machine();
    MAX_STORAGE_DIGITS = 9;
  }
});

// src/checkpoint/layouts/loader-files.ts
function scanLoaderFiles(dir, rels, readFile) {
  const out = { pickles: [], paths: [], size: 0 };
  for (const rel of rels) {
    const ref = { path: (0, import_node_path2.join)(dir.path, rel), name: `${dir.name}/${rel}`, readOnly: true };
    out.paths.push(ref.path);
    try {
      const c = readFile(ref);
      out.size += c.size;
      for (const s of c.pickles) out.pickles.push({ ...s, where: `${rel}: ${s.where}` });
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      out.pickles.push(gapScan(rel, "file not read", `the framework's loader unpickles ${rel} on resume, and sdmatch could not read it (${e.message}): what it would run was not seen`));
    }
  }
  return out;
}
function filesIn(dir, keep) {
  try {
    return (0, import_node_fs2.readdirSync)(dir, { withFileTypes: true }).filter((e) => e.isFile() && keep(e.name)).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
function pointerFiles(paths) {
  return paths.filter((p) => (0, import_node_fs2.existsSync)(p));
}
function withLoaderFiles(c, dir, rels, pointers, readFile) {
  const read5 = new Set(c.files ?? []);
  const scan = scanLoaderFiles(
    dir,
    rels.filter((r) => !read5.has((0, import_node_path2.join)(dir.path, r))),
    readFile
  );
  const opened2 = [.../* @__PURE__ */ new Set([...c.files ?? [], ...scan.paths, ...pointerFiles(pointers)])].sort();
  return { ...c, pickles: [...c.pickles, ...scan.pickles], size: c.size + scan.size, opened: opened2 };
}
var import_node_fs2, import_node_path2;
var init_loader_files = __esm({
  "src/checkpoint/layouts/loader-files.ts"() {
    "use strict";
    import_node_fs2 = require("node:fs");
    import_node_path2 = require("node:path");
    init_names2();
    init_names();
    init_metadata();
    init_errors();
    init_container();
  }
});

// src/checkpoint/layouts/dcp.ts
function memberPath(dir, relative2) {
  if (relative2 === "" || relative2.includes("/") || relative2.includes("\\") || relative2 === "." || relative2 === ".." || relative2.includes("\0")) {
    throw new FormatError((0, import_node_path3.join)(dir.name, DCP_METADATA), `storage_data names the file ${JSON.stringify(relative2)}, which is not a file in the checkpoint's directory`);
  }
  return { path: (0, import_node_path3.join)(dir.path, relative2), name: (0, import_node_path3.join)(dir.name, relative2) };
}
function readDcp(dir, readFile) {
  const metaRef = { path: (0, import_node_path3.join)(dir.path, DCP_METADATA), name: (0, import_node_path3.join)(dir.name, DCP_METADATA) };
  const src = new FileSource(metaRef.path, metaRef.name);
  let read5;
  try {
    read5 = readDcpMetadata(src, metaRef.name);
  } finally {
    src.close();
  }
  const size0 = (0, import_node_fs3.statSync)(metaRef.path).size;
  if (!read5.meta) {
    return { format: "dcp", detail: ["torch.distributed.checkpoint directory whose .metadata could not be interpreted"], root: null, error: read5.error, pickles: [read5.scan], size: size0 };
  }
  const c = new DcpReader(dir, read5.meta, readFile, [read5.scan], size0).read();
  return withLoaderFiles(c, dir, megatronDistFiles(dir.path), [(0, import_node_path3.join)((0, import_node_path3.dirname)(dir.path), TRACKER_FILE), (0, import_node_path3.join)(dir.path, MCORE_CONFIG)], readFile);
}
function megatronDistFiles(dir) {
  const rels = filesIn(dir, (n) => n === MCORE_COMMON);
  let subs;
  try {
    subs = (0, import_node_fs3.readdirSync)(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    subs = [];
  }
  for (const d of subs) rels.push(...filesIn((0, import_node_path3.join)(dir, d), (n) => n.endsWith(".pt")).map((n) => `${d}/${n}`));
  return rels;
}
function tilingProblem(size, chunks) {
  const rank = size.length;
  let volume = 0;
  for (const c of chunks) {
    if (c.offsets.length !== rank || c.sizes.length !== rank || c.offsets.some((o, d) => o + c.sizes[d] > size[d])) {
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
      for (let d2 = 0; d2 < rank; d2++) cell += idx[d2] * cellStrides[d2];
      if (covered[cell] !== 0) return `chunks overlap (the one at [${c.offsets}] covers part of another)`;
      covered[cell] = 1;
      let d = rank - 1;
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
var import_node_fs3, import_node_path3, DCP_METADATA, SHARD_SUFFIX, MAX_TILING_CELLS, dcpLayout, DcpReader;
var init_dcp = __esm({
  "src/checkpoint/layouts/dcp.ts"() {
    "use strict";
    import_node_fs3 = require("node:fs");
    import_node_path3 = require("node:path");
    init_byte_source();
    init_metadata();
    init_dtype();
    init_errors();
    init_sub_source();
    init_reader();
    init_tensor();
    init_names();
    init_loader_files();
    DCP_METADATA = DCP_METADATA_FILE;
    SHARD_SUFFIX = ".distcp";
    MAX_TILING_CELLS = 1 << 22;
    dcpLayout = {
      name: "torch.distributed.checkpoint (DCP)",
      marker: `a ${DCP_METADATA} file`,
      claim(path, isDir) {
        if (isDir) return (0, import_node_fs3.existsSync)((0, import_node_path3.join)(path, DCP_METADATA)) ? path : null;
        const base = (0, import_node_path3.basename)(path);
        if (base === DCP_METADATA || base.endsWith(SHARD_SUFFIX)) {
          const dir = (0, import_node_path3.dirname)(path);
          return (0, import_node_fs3.existsSync)((0, import_node_path3.join)(dir, DCP_METADATA)) ? dir : null;
        }
        return null;
      },
      read: readDcp
    };
    DcpReader = class {
      constructor(dir, meta, readFile, pickles, size) {
        this.dir = dir;
        this.meta = meta;
        this.readFile = readFile;
        this.pickles = pickles;
        this.size = size;
        for (const e of meta.storage) this.byKey.set(storageKey(e.fqn, e.offset), e);
      }
      dir;
      meta;
      readFile;
      pickles;
      size;
      byKey = /* @__PURE__ */ new Map();
      files = /* @__PURE__ */ new Map();
      /** safetensors blobs by file and start: one parse per rank's file */
      blobs = /* @__PURE__ */ new Map();
      chunkCount = 0;
      /** data files kept open while reading (closed by read) */
      open = /* @__PURE__ */ new Map();
      serializations = /* @__PURE__ */ new Set();
      fail(msg) {
        throw new FormatError((0, import_node_path3.join)(this.dir.name, DCP_METADATA), msg);
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
        for (const [file] of this.files) this.size += (0, import_node_fs3.statSync)(file).size;
        const detail = [
          `torch.distributed.checkpoint directory (${this.meta.module}${this.meta.version ? `, version ${this.meta.version}` : ""}): ${tensors} tensor(s) in ${this.chunkCount} chunk(s), ${bytesItems} bytes item(s), ${this.files.size} data file(s)`,
          `serialization: ${[...this.serializations].sort().join(", ") || "none"}`
        ];
        const files = [(0, import_node_path3.join)(this.dir.path, DCP_METADATA), ...[...this.files.keys()].sort()];
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
        const where2 = `${e.info.relativePath}@${e.info.offset} ("${fqn}")`;
        for (const s of c.pickles) this.pickles.push({ ...s, where: `${where2}: ${s.where}` });
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
        for (const s of c.pickles) this.pickles.push({ ...s, where: `${e.info.relativePath}@${e.info.offset}: ${s.where}` });
        const root = c.root;
        if (root === null || typeof root !== "object" || root.kind !== "tensor") {
          this.fail(`${at} is not a saved tensor${c.error ? `: ${c.error.message}` : ""}`);
        }
        return root.info;
      }
      /**
       * SAFETENSORS serialization (torch \u2265 2.8): every tensor item of a rank's file points at the blob the
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
  }
});

// src/formats/pickle/read-values.ts
function asDict(v) {
  return typeof v === "object" && v !== null && v.kind === "dict" ? v : void 0;
}
function dictGet(d, key) {
  const dict = asDict(d);
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
  return asDict(v.states[v.states.length - 1]);
}
var init_read_values = __esm({
  "src/formats/pickle/read-values.ts"() {
    "use strict";
  }
});

// src/formats/deepspeed/states.ts
function shapeList(v, what, file) {
  const d = asDict(v);
  if (!d) throw new FormatError(file, `${what} is not a mapping of names to shapes`);
  return d.entries.map(([k, s]) => {
    const shape = asShape(s);
    if (typeof k !== "string" || !shape) throw new FormatError(file, `${what} has an entry that is not a name and a shape`);
    return [k, shape];
  });
}
function readModelStates(root, file, moe = false) {
  const bufferNames = asItems(dictGet(root, "buffer_names")) ?? (moe && asDict(root) ? [] : void 0);
  if (!bufferNames) throw new FormatError(file, "is not a DeepSpeed model-states file: no buffer_names list");
  const ps = dictGet(root, "param_shapes");
  const groups = ps === null || ps === void 0 ? null : asItems(ps);
  if (groups === void 0) throw new FormatError(file, "param_shapes is not a list of optimizer groups");
  const frozen = dictGet(root, "frozen_param_shapes");
  const fragments = asDict(dictGet(root, "frozen_param_fragments"));
  const shared = asDict(dictGet(root, "shared_params"));
  return {
    module: asDict(dictGet(root, "module")) ?? null,
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
  if (!asDict(osd)) throw new FormatError(file, "is not a DeepSpeed ZeRO optimizer file: no optimizer_state_dict");
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
function zero12Params(paramShapes, groupLengths, worldSize, file) {
  const out = [];
  paramShapes.forEach((shapes, g) => {
    const lengths = groupLengths.map((rank) => rank[g] ?? 0);
    const avail = lengths.reduce((a, b) => a + b, 0);
    let offset = 0;
    for (const [name, shape] of shapes) {
      const n = numelOf(shape);
      if (offset + n > avail) throw new FormatError(file, `group ${g}: parameter ${name} needs elements ${offset}..${offset + n} of a flat buffer of ${avail}`);
      out.push({ name, shape, ranges: sliceConcat(lengths, offset, n).map((r) => ({ rank: r.piece, group: g, start: r.start, numel: r.numel })) });
      offset += n;
    }
    const align = (x) => 2 * worldSize * Math.ceil(x / (2 * worldSize));
    if (align(offset) !== align(avail)) throw new FormatError(file, `group ${g}: parameters use ${offset} of ${avail} flat elements, which zero_to_fp32 rejects too`);
  });
  return out;
}
function zero3Params(paramShapes, groupLengths, worldSize, file) {
  const out = [];
  const avail = groupLengths[0].reduce((a, b) => a + b, 0);
  let offset = 0;
  for (const [name, shape] of paramShapes.flat()) {
    const n = numelOf(shape);
    const pn = Math.ceil(n / worldSize);
    if (offset + pn > avail) throw new FormatError(file, `parameter ${name} needs partition elements ${offset}..${offset + pn} of ${avail}`);
    const ranges = [];
    let left = n;
    for (let rank = 0; rank < worldSize && left > 0; rank++) {
      for (const r of sliceConcat(groupLengths[rank], offset, Math.min(pn, left))) ranges.push({ rank, group: r.piece, start: r.start, numel: r.numel });
      left -= Math.min(pn, left);
    }
    out.push({ name, shape, ranges });
    offset += pn;
  }
  if (offset !== avail) throw new FormatError(file, `parameters use ${offset * worldSize} of ${avail * worldSize} flat elements, which zero_to_fp32 rejects too`);
  return out;
}
var ZERO_STAGE_MEMBERS, numelOf;
var init_states = __esm({
  "src/formats/deepspeed/states.ts"() {
    "use strict";
    init_errors();
    init_read_values();
    init_safety_lists();
    ZERO_STAGE_MEMBERS = FRAMEWORK_GLOBALS.find((f) => f.path === "deepspeed.runtime.zero.config.ZeroStageEnum").members;
    numelOf = (shape) => shape.reduce((a, b) => a * b, 1);
  }
});

// src/checkpoint/gather.ts
function viewOf(p, rows, file) {
  const info = p.tensor.info;
  if (!info.storage.bytes) throw new FormatError(file, `storage ${info.storage.key} has no readable bytes, so it cannot be merged`);
  if (!isContiguous(info)) throw new FormatError(file, `a shard tensor of shape [${info.shape}] is not contiguous, so it cannot be merged by element ranges`);
  const shape = rows === 1 ? [p.rowElems] : [rows, p.rowElems];
  return { ...info, shape, stride: contiguousStrides(shape), storageOffset: info.storageOffset + p.start };
}
function gatheredTensor(key, dtype, shape, rows, pieces, file, storageKey2 = key) {
  for (const p of pieces) {
    if (p.tensor.info.dtype !== dtype) throw new FormatError(file, `${key}: pieces of dtype ${p.tensor.info.dtype} and ${dtype} cannot be merged`);
    const have = numel(p.tensor.info.shape);
    if (p.start + rows * p.rowElems > have) throw new FormatError(file, `${key}: a piece needs elements ${p.start}..${p.start + rows * p.rowElems} of a tensor of ${have}`);
  }
  const size = itemSize(dtype);
  const length = numel(shape) * size;
  const rowElems = pieces.reduce((a, p) => a + p.rowElems, 0);
  if (rows * rowElems * size !== length) throw new FormatError(file, `${key}: the pieces hold ${rows * rowElems * size} bytes, shape [${shape}] needs ${length}`);
  const grid = rows === 1 ? [rowElems] : [rows, rowElems];
  let col = 0;
  const chunks = pieces.map((p) => {
    const at = col;
    col += p.rowElems;
    return rows === 1 ? { offsets: [at], sizes: [p.rowElems], tensor: viewOf(p, 1, file) } : { offsets: [0, at], sizes: [rows, p.rowElems], tensor: viewOf(p, rows, file) };
  });
  return {
    kind: "tensor",
    info: { kind: "tensor", dtype, shape, stride: contiguousStrides(shape), storageOffset: 0, storage: { key: storageKey2, dtype, numel: numel(shape), device: "cpu", bytes: { kind: "chunks", file, length, shape: grid, itemsize: size, chunks } }, requiresGrad: false },
    original: null
  };
}
function concatTensors(key, tensors, dim, file, storageKey2 = key) {
  const first = tensors[0].info;
  const shape = first.shape.slice();
  shape[dim] = tensors.reduce((a, t) => a + t.info.shape[dim], 0);
  for (const t of tensors) {
    const s = t.info.shape;
    if (s.length !== shape.length || s.some((d, i) => i !== dim && d !== shape[i])) {
      throw new FormatError(file, `${key}: shard shapes ${tensors.map((x) => `[${x.info.shape}]`).join(", ")} cannot be joined along dim ${dim}`);
    }
  }
  const rows = numel(shape.slice(0, dim));
  return gatheredTensor(key, first.dtype, shape, rows, tensors.map((t) => ({ tensor: t, start: 0, rowElems: numel(t.info.shape.slice(dim)) })), file, storageKey2);
}
var init_gather = __esm({
  "src/checkpoint/gather.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    init_tensor();
  }
});

// src/formats/megatron/splits.ts
function ruleFor(key) {
  const name = key.replace(GROUPED_EXPERT, "$1");
  for (const [suffix, rule] of SPLIT_RULES) if (name === suffix || name.endsWith(`.${suffix}`)) return rule;
  if (NORM.test(key)) return { kind: "replicated", layer: "norm" };
  return null;
}
function blocksOf(key, rule, layout) {
  if (rule?.kind === "split" && rule.gated) {
    if (layout.gatedMlp === null) return { unknown: `a ${rule.layer} holds [gate; up] halves on each rank when the MLP is gated (SwiGLU), and no saved args say whether it is` };
    return layout.gatedMlp ? { blocks: "gated" } : {};
  }
  if (LEGACY_QKV.test(key)) {
    if (layout.ckptVersion === null) return { unknown: "no checkpoint_version: its q/k/v rows on each rank are [3, np/tp, hn] at version 0 (what Megatron reads a file without one as) and interleaved from 1.0 on" };
    return layout.ckptVersion < 1 ? { blocks: "qkvV0" } : {};
  }
  return {};
}
function inferSplit(key, shapes, layout, sizes) {
  const first = shapes[0];
  if (shapes.some((s) => s.length !== first.length)) return { kind: "unknown", why: "ranks hold tensors of different ranks" };
  const differ = first.map((_, d) => shapes.some((s) => s[d] !== first[d])).flatMap((x, d) => x ? [d] : []);
  if (differ.length > 1) return { kind: "unknown", why: `shapes differ across ranks in dims ${differ.join(", ")}` };
  const rule = ruleFor(key);
  const withBlocks = (dim, why) => {
    const b = dim === 0 ? blocksOf(key, rule, layout) : {};
    if ("unknown" in b) return { kind: "unknown", why: b.unknown };
    return { kind: "split", dim, ...b, why };
  };
  if (differ.length === 1) {
    const d = differ[0];
    if (rule?.kind === "split" && rule.dim !== d) return { kind: "unknown", why: `shapes differ in dim ${d}, but a ${rule.layer} splits dim ${rule.dim}` };
    const b = d === 0 ? blocksOf(key, rule, layout) : {};
    if ("unknown" in b || b.blocks) return { kind: "unknown", why: `shapes differ across ranks in dim ${d}, where each rank's rows are ${"unknown" in b ? "blocks nothing says" : BLOCKED_JOINS[b.blocks].says}` };
    return { kind: "split", dim: d, why: `shapes differ across ranks in dim ${d}` };
  }
  if (shapes.length === 1) return { kind: "replicated", why: "one tensor-parallel rank" };
  if (!rule) return { kind: "unknown", why: "equal shapes on every rank and a name of no known parallel layer" };
  if (rule.kind === "replicated") return { kind: "replicated", why: `${rule.layer}: whole on every rank` };
  if (rule.kind === "sized") return sizedSplit(rule, first, shapes.length, layout.args ?? null);
  if (first.length <= rule.dim) return { kind: "unknown", why: `a ${rule.layer} splits dim ${rule.dim}, which a [${first}] tensor lacks` };
  const merged = first[rule.dim] * shapes.length;
  if (sizes && !sizes.has(merged)) return { kind: "unknown", why: `a ${rule.layer} splits dim ${rule.dim}, but ${shapes.length} \xD7 ${first[rule.dim]} = ${merged} is none of the model's sizes in the saved args` };
  return withBlocks(rule.dim, `${rule.layer}, equal shard shapes${sizes ? ", merged size matches the saved args" : ""}`);
}
function sizedSplit(rule, first, ranks, args) {
  const parts = rule.arg.split("+").map((k) => args?.get(k));
  if (first.length === 0 || !parts.every((v) => typeof v === "number")) return { kind: "unknown", why: `a ${rule.layer}: whole or split on dim 0 as the model's spec chose, which only the saved args' ${rule.arg} tells, and they give none` };
  const whole = parts.reduce((a, b) => a + b, 0);
  if (first[0] === whole) return { kind: "replicated", why: `${rule.layer}: each rank's ${whole} rows are the args' ${rule.arg}, whole on every rank` };
  if (first[0] * ranks === whole) return { kind: "split", dim: 0, why: `${rule.layer}: ${ranks} \xD7 ${first[0]} rows make the args' ${rule.arg} = ${whole}, split on dim 0` };
  return { kind: "unknown", why: `a ${rule.layer}: ${first[0]} rows on each rank are neither the args' ${rule.arg} = ${whole} nor 1/${ranks} of it` };
}
function modelSizes(args, gatedMlp) {
  const n = (k) => {
    const v2 = args.get(k);
    return typeof v2 === "number" ? v2 : null;
  };
  const h = n("hidden_size");
  if (h === null) return null;
  const out = /* @__PURE__ */ new Set([h]);
  const heads = n("num_attention_heads");
  const kv = n("kv_channels") ?? (heads ? h / heads : null);
  const ffn = n("ffn_hidden_size") ?? 4 * h;
  out.add(ffn);
  if (gatedMlp !== false) out.add(2 * ffn);
  const moeFfn = n("moe_ffn_hidden_size");
  if (moeFfn !== null) {
    out.add(moeFfn);
    if (gatedMlp !== false) out.add(2 * moeFfn);
  }
  const vocab = n("padded_vocab_size");
  if (vocab !== null) out.add(vocab);
  const qk = n("qk_head_dim");
  const rope = n("qk_pos_emb_head_dim");
  const v = n("v_head_dim");
  if (heads !== null && qk !== null && rope !== null) out.add(heads * (qk + rope));
  if (heads !== null && qk !== null && v !== null) out.add(heads * (qk + v));
  if (heads !== null && kv !== null) {
    const groups = args.get("group_query_attention") === true ? n("num_query_groups") ?? heads : heads;
    out.add(heads * kv);
    out.add((heads + 2 * groups) * kv);
  }
  return out;
}
var SPLIT_RULES, NORM, GROUPED_EXPERT, BLOCKED_JOINS, LEGACY_QKV;
var init_splits = __esm({
  "src/formats/megatron/splits.ts"() {
    "use strict";
    SPLIT_RULES = [
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
      // legacy megatron/legacy/model/module.py@4e4b3802 initialize_word_embeddings: the last pipeline stage of a model that
      // ties its output layer holds its own VocabParallelEmbedding(padded_vocab_size, hidden), kept equal to stage 0's by an
      // all-reduce, saved as `word_embeddings_for_head` (gpt_model.py@4e4b3802 state_dict_for_save_checkpoint)
      ["word_embeddings_for_head.weight", { kind: "split", dim: 0, layer: "VocabParallelEmbedding (the tied output layer's copy of the word embeddings)" }],
      // Multi-Latent Attention, megatron/core/transformer/multi_latent_attention.py@d98e8a64 with gpt_layer_specs.py@d98e8a64:
      // the up projections (and linear_q_proj without q_lora_rank) are column-parallel in every spec (TE and local)
      ["linear_q_up_proj.weight", { kind: "split", dim: 0, layer: "ColumnParallelLinear (MLA q up projection)" }],
      ["linear_kv_up_proj.weight", { kind: "split", dim: 0, layer: "ColumnParallelLinear (MLA kv up projection)" }],
      ["linear_q_proj.weight", { kind: "split", dim: 0, layer: "ColumnParallelLinear (MLA q projection)" }],
      // ... the down projections are TELinear(parallel_mode='duplicated') in the TE spec, ColumnParallelLinear in the local
      // one: which, only their rows against the args tell (downProjection below)
      ["linear_q_down_proj.weight", { kind: "sized", arg: "q_lora_rank", layer: "MLA q down projection (TELinear duplicated, or ColumnParallelLinear)" }],
      ["linear_kv_down_proj.weight", { kind: "sized", arg: "kv_lora_rank+qk_pos_emb_head_dim", layer: "MLA kv down projection (TELinear duplicated, or ColumnParallelLinear)" }],
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
    NORM = /(?:^|\.)[a-z_]*(?:layernorm|layer_norm|norm)[a-z_]*\.(?:weight|bias)$|\.layer_norm_(?:weight|bias)$/;
    GROUPED_EXPERT = /(\.experts\.linear_fc[12]\.(?:weight|bias))\d+$/;
    BLOCKED_JOINS = {
      // megatron/core/transformer/mlp.py (and Megatron-DeepSpeed glu_activations.py): each rank's fc1 output is
      // chunked in two, gate then up, so the TP=1 tensor is [every rank's gate; every rank's up]
      gated: { parts: 2, says: "[gate; up] halves" },
      // checkpoint_version 0: ParallelSelfAttention cuts each rank's own rows in three, [3, np/tp, hn]; the TP=1
      // tensor is [3, np, hn] (tools/merge_mp_partitions.py merges query_key_value with stride 3)
      qkvV0: { parts: 3, says: "[q; k; v] thirds (checkpoint_version 0)" }
    };
    LEGACY_QKV = /(?:^|\.)query_key_value\.(?:weight|bias)$/;
  }
});

// src/checkpoint/tp-merge.ts
function savedArgs(root) {
  const out = /* @__PURE__ */ new Map();
  for (const [k, v] of objectAttrs(dictGet(root, "args"))?.entries ?? []) {
    if (typeof k === "string" && (typeof v === "number" || typeof v === "boolean")) out.set(k, v);
  }
  return out;
}
function savedVersion(root) {
  const v = dictGet(root, "checkpoint_version");
  return typeof v === "number" ? v : typeof v === "object" && v !== null && v.kind === "float" ? v.value : null;
}
function savedGatedMlp(root) {
  const attrs = objectAttrs(dictGet(root, "args"))?.entries ?? [];
  if (attrs.length === 0) return null;
  return attrs.some(([k, v]) => (k === "swiglu" || k === "gated_linear_unit") && v === true || k === "glu_activation" && typeof v === "string" && v !== "");
}
function describe2(s) {
  if (s.kind === "split") return `split on dim ${s.dim}${s.blocks ? ` as ${BLOCKED_JOINS[s.blocks].says}` : ""} (${s.why})`;
  if (s.kind === "replicated") return `whole on every rank (${s.why})`;
  return "with an unknown split";
}
function mergeShards(key, tensors, split, at) {
  const t = tensors[0];
  const named = (name, bytes = t.info.storage.bytes) => ({ ...t, info: { ...t.info, storage: { ...t.info.storage, key: name, bytes } } });
  if (split.kind === "unknown") return named(`${key} (${at.first} of ${tensors.length} ranks, split unknown: ${split.why})`, null);
  if (tensors.length === 1) return t;
  if (split.kind === "replicated") return named(`${at.first} (whole on every rank)`);
  const file = at.file;
  if (!split.blocks) return concatTensors(key, tensors, split.dim, file, `${at.ranks}, dim ${split.dim}`);
  const { parts, says } = BLOCKED_JOINS[split.blocks];
  const first = tensors[0].info;
  if (split.dim !== 0 || first.shape[0] % parts !== 0) throw new FormatError(file, `${key}: a shard of shape [${first.shape}] does not split into ${says}`);
  const block = first.shape[0] / parts * (first.shape.length > 1 ? first.shape.slice(1).reduce((a, b) => a * b, 1) : 1);
  const shape = first.shape.slice();
  shape[0] = first.shape[0] * tensors.length;
  const pieces = Array.from({ length: parts }, (_, h) => h).flatMap((h) => tensors.map((t2) => ({ tensor: t2, start: h * block, rowElems: block })));
  return gatheredTensor(key, first.dtype, shape, 1, pieces, file, `${at.ranks}, dim 0 as ${says}`);
}
var TpMerger;
var init_tp_merge = __esm({
  "src/checkpoint/tp-merge.ts"() {
    "use strict";
    init_errors();
    init_splits();
    init_read_values();
    init_gather();
    init_tensor();
    TpMerger = class {
      counts = /* @__PURE__ */ new Map();
      unknown = [];
      layout;
      sizes;
      /** `root`: tensor-parallel rank 0's file, whose args and checkpoint_version say how its shards are laid out */
      constructor(root) {
        const args = savedArgs(root);
        this.layout = { gatedMlp: savedGatedMlp(root), ckptVersion: savedVersion(root), args };
        this.sizes = modelSizes(args, this.layout.gatedMlp);
      }
      /** The whole tensor of `key` (named `global` in the merged checkpoint) from its shard on every rank. */
      merge(key, global, tensors, at) {
        const empty = tensors.every((t) => numel(t.info.shape) === 0 && t.info.shape.join(",") === tensors[0].info.shape.join(","));
        const split = empty && tensors.length > 1 ? { kind: "replicated", why: "no elements on any rank" } : inferSplit(key, tensors.map((t) => t.info.shape), this.layout, this.sizes);
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
  }
});

// src/checkpoint/layouts/listing.ts
function parsedEntries(dir, parse) {
  let names;
  try {
    names = (0, import_node_fs4.readdirSync)(dir);
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
    return (0, import_node_fs4.readFileSync)(path, "utf8").slice(0, max);
  } catch {
    return null;
  }
}
var import_node_fs4;
var init_listing = __esm({
  "src/checkpoint/layouts/listing.ts"() {
    "use strict";
    import_node_fs4 = require("node:fs");
  }
});

// src/checkpoint/layouts/deepspeed.ts
function deepSpeedFiles(dir) {
  return parsedEntries(dir, parseDeepSpeedName);
}
function latestTagDir(dir) {
  const text = pointerText((0, import_node_path4.join)(dir, LATEST_FILE));
  const tag = text === null ? null : parseLatestTag(text);
  return tag !== null && deepSpeedFiles((0, import_node_path4.join)(dir, tag)).length > 0 ? (0, import_node_path4.join)(dir, tag) : null;
}
function claim(path, isDir) {
  if (!isDir) return parseDeepSpeedName((0, import_node_path4.basename)(path)) ? (0, import_node_path4.dirname)(path) : null;
  if (deepSpeedFiles(path).some((f) => f.kind === "model" || f.kind === "zero-model" || f.kind === "optim" || f.kind === "pipeline-layer" || f.kind === "expert")) return path;
  return latestTagDir(path);
}
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
    const merger = new TpMerger(ranks[0].root);
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
  const read5 = { format: "deepspeed", detail, root, error: null, pickles: members.pickles, size: members.size, files: members.read.sort(), tensorParallel: ranks.length };
  const parent = (0, import_node_path4.dirname)(dir.path);
  return withLoaderFiles(read5, dir, filesIn(dir.path, (n) => LOADER_FILE.test(n)), [(0, import_node_path4.join)(parent, LATEST_FILE), (0, import_node_path4.join)(parent, LATEST_UNIVERSAL_FILE)], readFile);
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
      const d = asDict(members.open(f));
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
    const where2 = members.ref(optimFiles[0]).name;
    if (o.partitionCount !== optims.length) {
      throw new FormatError(name, `expected ${o.partitionCount} *_mp_rank_${two(mp)}_optim_states.pt files (partition_count) but found ${optims.length}: a rank's file is missing or left over from another save`);
    }
    if (stage === 3 !== zero3) throw new FormatError(where2, `zero_stage ${stage ?? "none"} does not match the model-states files (${zero3 ? "ZeRO-3 per-rank" : `one mp_rank_${two(mp)}`})`);
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
    const configured = zeroStageOf(dictGet(dictGet(dictGet(modelRoots[0], "ds_config"), "zero_optimization"), "stage"));
    if (optims.length === 0 && configured !== null && configured > 0) {
      detail.push(`DeepSpeed ZeRO-${configured} checkpoint (its ds_config) without its optimizer files: its fp32 master weights are not in the folder; model is the module as saved (the ${moduleDtype(first)} weights, rounded from them)`);
    } else detail.push(`DeepSpeed checkpoint, ${optims.length === 0 ? "no ZeRO optimizer files" : "param_shapes is None"}: model is the module as saved`);
  }
  return { model, root: modelRoots[0], stage, detail };
}
function pipelineRanks(layers, members, name) {
  const tp = Math.max(...layers.map((l) => l.mp)) + 1;
  const indices = [...new Set(layers.map((l) => l.layer))].sort((a, b) => a - b);
  const out = [];
  for (let t = 0; t < tp; t++) {
    const entries = [];
    for (const idx of indices) {
      const f = layers.find((l) => l.layer === idx && l.mp === t);
      if (!f) throw new FormatError(name, `pipeline layer ${idx} has no file for tensor-parallel rank ${t} (layer_${two(idx)}-model_${two(t)}-model_states.pt)`);
      const d = asDict(members.open(f));
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
function moduleDtype(s) {
  for (const [, v] of s.module?.entries ?? []) if (typeof v === "object" && v !== null && v.kind === "tensor" && v.info.dtype !== "int64") return v.info.dtype;
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
  const module2 = tensorEntries(first.module);
  for (const b of first.bufferNames) {
    const t = module2.get(b);
    if (t) out.set(b, t);
  }
  for (const [n, shape] of first.frozenShapes ?? []) {
    if (!zero3) {
      const t = first.frozenFragments?.get(n);
      if (!t) throw new FormatError(name, `frozen parameter ${n} has no fragment in frozen_param_fragments`);
      out.set(n, t);
      continue;
    }
    const frags = states.map((s, r) => {
      const t = s.frozenFragments?.get(n);
      if (!t) throw new FormatError(name, `frozen parameter ${n} has no fragment on rank ${r}`);
      return t;
    });
    let left = numel(shape);
    const pieces = frags.flatMap((t) => {
      const take = Math.min(left, numel(t.info.shape));
      left -= take;
      return take > 0 ? [{ tensor: t, start: 0, rowElems: take }] : [];
    });
    out.set(n, gatheredTensor(n, frags[0].info.dtype, shape, 1, pieces, name, `frozen_param_fragments of ${rankSpan(pieces.map((_, r) => r))}`));
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
  for (const [k, saved] of module2) {
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
function placeholderShapes(s, name) {
  const shapes = new Map([...(s.paramShapes ?? []).flat(), ...s.frozenShapes ?? []]);
  const module2 = tensorEntries(s.module);
  const entries = [];
  for (const [k, t] of module2) {
    const shape = shapes.get(k) ?? s.shared.filter(([a]) => a === k).map(([, b]) => shapes.get(b)).find((x) => x !== void 0);
    if (!shape) {
      entries.push([k, t]);
      continue;
    }
    const info = { ...t.info, shape, stride: contiguousStrides(shape), storage: { ...t.info.storage, key: `${k} (a ZeRO-3 partition: its weights are in the *_optim_states.pt files, which are missing)`, numel: null, bytes: null } };
    entries.push([k, { kind: "tensor", info, original: null }]);
  }
  if (entries.length === 0) throw new FormatError(name, "ZeRO-3 model states without a module");
  return { kind: "dict", entries };
}
var import_node_path4, byRank, two, Members, deepspeedLayout;
var init_deepspeed = __esm({
  "src/checkpoint/layouts/deepspeed.ts"() {
    "use strict";
    import_node_path4 = require("node:path");
    init_names2();
    init_states();
    init_errors();
    init_read_values();
    init_tensor();
    init_gather();
    init_tp_merge();
    init_listing();
    init_loader_files();
    byRank = (a, b) => a.dp - b.dp;
    two = (n) => String(n).padStart(2, "0");
    Members = class {
      constructor(dir, readFile) {
        this.dir = dir;
        this.readFile = readFile;
      }
      dir;
      readFile;
      pickles = [];
      read = [];
      size = 0;
      ref(f) {
        return { path: (0, import_node_path4.join)(this.dir.path, f.file), name: `${this.dir.name}/${f.file}` };
      }
      open(f) {
        const ref = this.ref(f);
        this.read.push(ref.path);
        const c = this.readFile(ref);
        this.size += c.size;
        for (const s of c.pickles) this.pickles.push({ ...s, where: `${f.file}: ${s.where}` });
        if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
        return c.root;
      }
    };
    deepspeedLayout = {
      name: "DeepSpeed",
      marker: "mp_rank_XX_model_states.pt, zero_pp_rank_N_mp_rank_XX_{model,optim}_states.pt, layer_NN-model_states.pt or layer_L_expert_E_mp_rank_XX_model_states.pt, or a latest file naming that folder",
      claim,
      read
    };
  }
});

// src/checkpoint/layouts/deepspeed-universal.ts
function paramFolders(dir) {
  try {
    return (0, import_node_fs5.readdirSync)((0, import_node_path5.join)(dir, ZERO3), { withFileTypes: true }).filter((e) => e.isDirectory() && (0, import_node_fs5.existsSync)((0, import_node_path5.join)(dir, ZERO3, e.name, FP32))).map((e) => e.name).sort();
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
    if ((0, import_node_path5.basename)(path) === ZERO3 && isUniversal((0, import_node_path5.dirname)(path))) return (0, import_node_path5.dirname)(path);
    const text = pointerText((0, import_node_path5.join)(path, LATEST_UNIVERSAL_FILE));
    const tag = text === null ? null : parseLatestTag(text);
    return tag !== null && isUniversal((0, import_node_path5.join)(path, tag)) ? (0, import_node_path5.join)(path, tag) : null;
  }
  const name = (0, import_node_path5.basename)(path);
  if (name === LATEST_UNIVERSAL_FILE) {
    const text = pointerText(path);
    const tag = text === null ? null : parseLatestTag(text);
    return tag !== null && isUniversal((0, import_node_path5.join)((0, import_node_path5.dirname)(path), tag)) ? (0, import_node_path5.join)((0, import_node_path5.dirname)(path), tag) : null;
  }
  if (/^(?:fp32|exp_avg|exp_avg_sq|step)\.pt$/.test(name) && (0, import_node_path5.basename)((0, import_node_path5.dirname)((0, import_node_path5.dirname)(path))) === ZERO3) {
    const root = (0, import_node_path5.dirname)((0, import_node_path5.dirname)((0, import_node_path5.dirname)(path)));
    return isUniversal(root) ? root : null;
  }
  if (MODEL_STATES.test(name) && isUniversal((0, import_node_path5.dirname)(path))) return (0, import_node_path5.dirname)(path);
  if (name === OPTIMIZER_STATE && (0, import_node_path5.basename)((0, import_node_path5.dirname)(path)) === ZERO3 && isUniversal((0, import_node_path5.dirname)((0, import_node_path5.dirname)(path)))) return (0, import_node_path5.dirname)((0, import_node_path5.dirname)(path));
  return null;
}
function read2(dir, readFile) {
  const pickles = [];
  const files = [];
  let size = 0;
  const open2 = (rel) => {
    const ref = { path: (0, import_node_path5.join)(dir.path, rel), name: `${dir.name}/${rel}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${rel}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    return c.root;
  };
  let statesFile;
  try {
    statesFile = (0, import_node_fs5.readdirSync)(dir.path).filter((f) => MODEL_STATES.test(f)).sort()[0];
  } catch {
    statesFile = void 0;
  }
  if (!statesFile) throw new FormatError(dir.name, "DeepSpeed universal checkpoint without its model-states file (mp_rank_00_model_states.pt, copied there by ds_to_universal.py)");
  const statesRoot = open2(statesFile);
  const states = readModelStates(statesRoot, `${dir.name}/${statesFile}`);
  const shapes = new Map((states.paramShapes ?? []).flat());
  const params = /* @__PURE__ */ new Map();
  let zero3 = 0;
  for (const p of paramFolders(dir.path)) {
    const rel = `${ZERO3}/${p}/${FP32}`;
    const root2 = open2(rel);
    const whole = asTensor(dictGet(root2, "param"));
    const flat = whole ? null : asTensor(root2);
    if (whole) {
      params.set(p, whole);
      continue;
    }
    if (!flat) throw new FormatError(`${dir.name}/${rel}`, "is neither a dict with a param tensor (ZeRO 1/2) nor a tensor (ZeRO-3)");
    const shape = shapes.get(p);
    if (!shape) throw new FormatError(`${dir.name}/${rel}`, `a flat tensor, and ${statesFile}'s param_shapes does not name ${p}`);
    if (!isContiguous(flat.info) || numel(flat.info.shape) !== numel(shape)) throw new FormatError(`${dir.name}/${rel}`, `a flat tensor of ${numel(flat.info.shape)} elements cannot be ${p}'s shape [${shape}]`);
    params.set(p, { ...flat, info: { ...flat.info, shape, stride: contiguousStrides(shape) } });
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
  const contents = { format: "deepspeed", detail, root, error: null, pickles, size, files: files.sort() };
  const parent = (0, import_node_path5.dirname)(dir.path);
  return withLoaderFiles(contents, dir, loaderFiles(dir.path), [(0, import_node_path5.join)(parent, LATEST_UNIVERSAL_FILE), (0, import_node_path5.join)(parent, LATEST_FILE)], readFile);
}
function loaderFiles(dir) {
  const rels = filesIn(dir, (n) => LOADER_FILE.test(n));
  rels.push(...filesIn((0, import_node_path5.join)(dir, ZERO3), (n) => n === OPTIMIZER_STATE).map((n) => `${ZERO3}/${n}`));
  let params;
  try {
    params = (0, import_node_fs5.readdirSync)((0, import_node_path5.join)(dir, ZERO3), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    params = [];
  }
  for (const p of params) rels.push(...filesIn((0, import_node_path5.join)(dir, ZERO3, p), (n) => n.endsWith(".pt")).map((n) => `${ZERO3}/${p}/${n}`));
  return rels;
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
    const s = asTensor(saved);
    if (frozen) take(k, frozen);
    else if (s && numel(s.info.shape) > 0) take(k, s);
  }
  for (const [k, t] of out) entries.push([k, t]);
  return { dict: { kind: "dict", entries }, fromModule };
}
var import_node_fs5, import_node_path5, ZERO3, FP32, OPTIMIZER_STATE, MODEL_STATES, deepspeedUniversalLayout;
var init_deepspeed_universal = __esm({
  "src/checkpoint/layouts/deepspeed-universal.ts"() {
    "use strict";
    import_node_fs5 = require("node:fs");
    import_node_path5 = require("node:path");
    init_names2();
    init_states();
    init_errors();
    init_read_values();
    init_tensor();
    init_listing();
    init_loader_files();
    ZERO3 = "zero";
    FP32 = "fp32.pt";
    OPTIMIZER_STATE = "optimizer_state.pt";
    MODEL_STATES = /^(?:zero_pp_rank_0_)?mp_rank_00_model_states\.pt$/;
    deepspeedUniversalLayout = {
      name: "DeepSpeed universal",
      marker: "zero/<parameter>/fp32.pt beside mp_rank_00_model_states.pt, or a latest_universal file naming that folder",
      claim: claim2,
      read: read2
    };
  }
});

// src/checkpoint/layouts/megatron.ts
function rankFolders(iterDir) {
  return parsedEntries(iterDir, parseRankFolder).flatMap((r) => (0, import_node_fs6.existsSync)((0, import_node_path6.join)(iterDir, r.file, RANK_FILE)) ? [{ ...r, folder: r.file }] : []);
}
function trackedIteration(saveDir) {
  const text = pointerText((0, import_node_path6.join)(saveDir, TRACKER_FILE), 256);
  const folder = text === null ? null : trackerFolder(text);
  return folder && rankFolders((0, import_node_path6.join)(saveDir, folder)).length > 0 ? (0, import_node_path6.join)(saveDir, folder) : null;
}
function claim3(path, isDir) {
  if (!isDir) {
    if ((0, import_node_path6.basename)(path) === TRACKER_FILE) return trackedIteration((0, import_node_path6.dirname)(path));
    if ((0, import_node_path6.basename)(path) !== RANK_FILE && (0, import_node_path6.basename)(path) !== "distrib_optim.pt") return null;
    const rankDir = (0, import_node_path6.dirname)(path);
    return parseRankFolder((0, import_node_path6.basename)(rankDir)) ? (0, import_node_path6.dirname)(rankDir) : null;
  }
  if (rankFolders(path).length > 0) return path;
  if (parseRankFolder((0, import_node_path6.basename)(path)) && (0, import_node_fs6.existsSync)((0, import_node_path6.join)(path, RANK_FILE))) return (0, import_node_path6.dirname)(path);
  return trackedIteration(path);
}
function flatten(d, prefix, out) {
  for (const [k, v] of d.entries) {
    if (typeof k !== "string") continue;
    const inner = asDict(v);
    if (inner && inner.entries.length > 0 && inner.entries.every(([x]) => typeof x === "string")) flatten(inner, `${prefix}${k}.`, out);
    else out.set(`${prefix}${k}`, v);
  }
}
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
function read3(dir, readFile) {
  const ranks = rankFolders(dir.path);
  if (ranks.length === 0) throw new FormatError(dir.name, `Megatron iteration folder without mp_rank_* folders holding ${RANK_FILE}`);
  const pickles = [];
  const files = [];
  let size = 0;
  const openRank = (r) => {
    const ref = { path: (0, import_node_path6.join)(dir.path, r.folder, RANK_FILE), name: `${dir.name}/${r.folder}/${RANK_FILE}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${r.folder}/${RANK_FILE}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    return { root: c.root, name: ref.name };
  };
  const sorted = ranks.slice().sort((a, b) => a.folder.localeCompare(b.folder));
  const first = openRank(sorted[0]);
  const facts = saveFacts(first.root);
  const args = savedArgs(first.root);
  const at = places(sorted, args, dir.name);
  const tp = Math.max(...at.map((r) => r.tp)) + 1;
  const stages = Math.max(...at.map((r) => r.pp)) + 1;
  const experts = Math.max(...at.map((r) => r.ep)) + 1;
  const grid = new Map(sorted.map((r, i) => [`${at[i].tp}/${at[i].pp}/${at[i].ep}`, r]));
  const missing = [];
  for (let t = 0; t < tp; t++) for (let p = 0; p < stages; p++) for (let e = 0; e < experts; e++) if (!grid.has(`${t}/${p}/${e}`)) missing.push(`tp ${t} pp ${p}${experts > 1 ? ` ep ${e}` : ""}`);
  const shape = `${tp} tensor \xD7 ${stages} pipeline${experts > 1 ? ` \xD7 ${experts} expert` : ""} ranks`;
  if (missing.length > 0) throw new FormatError(dir.name, `Megatron checkpoint of ${shape} lacks ${missing.join(", ")}`);
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
        const { root: root2, name } = r === sorted[0] ? first : openRank(r);
        if (r !== sorted[0]) sameSave(facts, saveFacts(root2), sorted[0].folder, r.folder, dir.name);
        const chunks = modelChunks(root2, name);
        if (virtual === 0) virtual = chunks.length;
        else if (chunks.length !== virtual) throw new FormatError(name, `${chunks.length} model chunk(s), where ${grid.get("0/0/0").folder} has ${virtual}`);
        row.push(chunks);
      }
      byExpert.push(row);
    }
    chunksOf.push(byExpert);
  }
  const detail = [`Megatron-LM checkpoint, ${shape}${virtual > 1 ? `, ${virtual} virtual pipeline stages (model0\u2026model${virtual - 1})` : ""}${args.has("iteration") ? `, iteration ${args.get("iteration")}` : ""}`];
  const model = { kind: "dict", entries: [] };
  const merger = new TpMerger(first.root);
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
  for (const [k, v] of asDict(first.root)?.entries ?? []) {
    if (typeof k === "string" && k !== "optimizer" && k !== "rng_state" && !/^model\d*$/.test(k)) root.entries.push([k, v]);
  }
  const contents = { format: "megatron", detail, root, error: null, pickles, size, files: files.sort(), tensorParallel: tp };
  const rels = ranks.flatMap((r) => filesIn((0, import_node_path6.join)(dir.path, r.folder), (n) => n.endsWith(".pt")).map((n) => `${r.folder}/${n}`));
  return withLoaderFiles(contents, dir, rels, [(0, import_node_path6.join)((0, import_node_path6.dirname)(dir.path), TRACKER_FILE)], readFile);
}
function saveFacts(root) {
  const out = /* @__PURE__ */ new Map();
  const text = (v) => v === void 0 || v === null ? null : typeof v === "object" ? v.kind === "float" ? String(v.value) : null : String(v);
  for (const k of SAME_ON_EVERY_RANK.root) {
    const v = text(dictGet(root, k));
    if (v !== null) out.set(k, v);
  }
  const args = new Map((objectAttrs(dictGet(root, "args"))?.entries ?? []).map(([k, v]) => [k, v]));
  for (const k of SAME_ON_EVERY_RANK.args) {
    const v = text(args.get(k));
    if (v !== null) out.set(`args.${k}`, v);
  }
  return out;
}
function sameSave(want, got, first, rank, name) {
  for (const [k, v] of want) {
    const w = got.get(k);
    if (w !== void 0 && w !== v) throw new FormatError(name, `${rank}/${RANK_FILE} has ${k} ${w} where ${first}/${RANK_FILE} has ${v}: rank files of two different saves cannot be joined into one model; restore the folder from one save`);
  }
  for (const k of got.keys()) if (!want.has(k)) throw new FormatError(name, `${rank}/${RANK_FILE} has ${k} ${got.get(k)} where ${first}/${RANK_FILE} has none: rank files of two different saves cannot be joined into one model; restore the folder from one save`);
}
function modelChunks(root, name) {
  const one = asDict(dictGet(root, "model"));
  const dicts = [];
  if (one) dicts.push(one);
  else for (let i = 0; asDict(dictGet(root, `model${i}`)); i++) dicts.push(asDict(dictGet(root, `model${i}`)));
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
var import_node_fs6, import_node_path6, LAYER2, LOCAL_EXPERT, megatronLayout;
var init_megatron = __esm({
  "src/checkpoint/layouts/megatron.ts"() {
    "use strict";
    import_node_fs6 = require("node:fs");
    import_node_path6 = require("node:path");
    init_errors();
    init_names();
    init_read_values();
    init_tp_merge();
    init_listing();
    init_loader_files();
    LAYER2 = /^((?:.*\.)?layers\.)(\d+)(\..*)$/;
    LOCAL_EXPERT = /^(.*\.experts\.local_experts\.)(\d+)(\..*)$/;
    megatronLayout = {
      name: "Megatron-LM",
      marker: `iter_NNNNNNN/mp_rank_TT[_PPP]/${RANK_FILE}, or ${TRACKER_FILE} naming that folder`,
      claim: claim3,
      read: read3
    };
  }
});

// src/checkpoint/layouts/table.ts
var LAYOUTS;
var init_table = __esm({
  "src/checkpoint/layouts/table.ts"() {
    "use strict";
    init_dcp();
    init_deepspeed();
    init_deepspeed_universal();
    init_megatron();
    LAYOUTS = [dcpLayout, deepspeedUniversalLayout, deepspeedLayout, megatronLayout];
  }
});

// src/checkpoint/layouts/registry.ts
function isDirectory(path) {
  try {
    return (0, import_node_fs7.statSync)(path).isDirectory();
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
var import_node_fs7;
var init_registry = __esm({
  "src/checkpoint/layouts/registry.ts"() {
    "use strict";
    import_node_fs7 = require("node:fs");
    init_table();
  }
});

// src/checkpoint/format-detail.ts
function safetensorsDetail(headerLength, metadata) {
  const detail = [`safetensors, header ${headerLength} bytes`];
  if (metadata) {
    const meta = Object.entries(metadata).map(([k, v]) => `${k}=${v.length > 40 ? `${v.slice(0, 40)}\u2026` : v}`);
    detail.push(`__metadata__: ${meta.slice(0, 8).join(", ")}${meta.length > 8 ? `, \u2026 (${meta.length} entries)` : ""}`);
  }
  return detail;
}
function shardedDetail(shards, keys) {
  return `sharded checkpoint index, ${shards} shard(s), ${keys} keys`;
}
var MAX_INDEX_BYTES;
var init_format_detail = __esm({
  "src/checkpoint/format-detail.ts"() {
    "use strict";
    MAX_INDEX_BYTES = 256 << 20;
  }
});

// src/checkpoint/read-columns.ts
async function readSafetensorsSet(path) {
  if (isRemotePath(path) || namesDirectoryCheckpoint(path)) return null;
  const head = await readHead(path);
  if (head === null) return null;
  if (head.kind === "safetensors") {
    const columns = head.columns;
    if (columns === null || columns.names.size === 0) return null;
    const count2 = columns.names.size;
    return {
      format: "safetensors",
      detail: safetensorsDetail(columns.headerLength, columns.metadata),
      size: head.size,
      parts: [{ path, columns }],
      count: count2,
      part: new Int32Array(count2),
      tensor: Int32Array.from({ length: count2 }, (_, k) => k)
    };
  }
  if (head.index === null) return null;
  const index = scanShardIndexColumns(head.index, path, true);
  if (index === null || index.keys.size === 0) return null;
  const shards = await mapLimited(index.shards, SHARD_READS, async (shard) => {
    const h = await readHead(siblingPath(path, shard), true);
    return h?.columns ? { path: siblingPath(path, shard), columns: h.columns, size: h.size } : null;
  });
  let size = head.size;
  const headers = [];
  for (const shard of shards) {
    if (!shard) return null;
    size += shard.size;
    headers.push(shard.columns);
  }
  const tensor = matchInOrder(index, headers) ?? matchInShards(index, headers);
  if (tensor === null) return null;
  const count = index.keys.size;
  return {
    format: "hf-sharded",
    detail: [shardedDetail(index.shards.length, count), ...index.shards.map((s) => `${s}: safetensors`)],
    size,
    parts: shards.map((s) => ({ path: s.path, columns: s.columns })),
    count,
    part: index.shardOf.subarray(0, count),
    tensor
  };
}
function matchInOrder(index, headers) {
  const { keys, shardOf } = index;
  const count = keys.size;
  const tensor = new Int32Array(count);
  const next = new Int32Array(headers.length);
  for (let e = 0; e < count; e++) {
    const s = shardOf[e];
    const { header, names } = headers[s];
    const t = next[s]++;
    const length = keys.length[e];
    if (t >= names.size || names.length[t] !== length || !sameBytes(keys.bytes, keys.start[e], header, names.start[t], length)) return null;
    tensor[e] = t;
  }
  for (let s = 0; s < headers.length; s++) if (next[s] !== headers[s].names.size) return null;
  return tensor;
}
function matchInShards(index, headers) {
  const { keys, shardOf } = index;
  for (const { names } of headers) if (!names.checkNow()) return null;
  const tensor = new Int32Array(keys.size);
  const found = new Int32Array(headers.length);
  for (let e = 0; e < keys.size; e++) {
    const s = shardOf[e];
    const t = headers[s].names.find(keys.bytes, keys.start[e], keys.length[e]);
    if (t < 0) return null;
    tensor[e] = t;
    found[s]++;
  }
  for (let s = 0; s < headers.length; s++) if (found[s] !== headers[s].names.size) return null;
  return tensor;
}
async function readHead(path, namesCheckedLater = false) {
  let fd;
  try {
    fd = await call((done) => fs.open(path, "r", done));
  } catch {
    return null;
  }
  try {
    const stat = await call((done) => fs.fstat(fd, done));
    if (!stat.isFile()) return null;
    const size = stat.size;
    const first = await readAt(fd, 0, Math.min(HEAD_BYTES, size));
    const kind = detectKind({ name: path, size, read: (o, l) => first.subarray(o, o + l), close: () => {
    } });
    if (kind === "safetensors") {
      const n = acceptedHeaderLength(first, size);
      if (n === null) return { kind, size, columns: null, index: null };
      const header = 8 + n <= first.length ? first.subarray(8, 8 + n) : await readAt(fd, 8, n);
      return { kind, size, columns: scanSafetensorsColumns(header, size - 8 - n, namesCheckedLater), index: null };
    }
    if (kind !== "shard-index" || size > MAX_INDEX_BYTES) return { kind, size, columns: null, index: null };
    return { kind, size, columns: null, index: size <= first.length ? first : await readAt(fd, 0, size) };
  } catch (e) {
    if (typeof e.code === "string") return null;
    throw e;
  } finally {
    fs.close(fd, () => void 0);
  }
}
function call(f) {
  return new Promise((resolve3, reject) => f((e, value) => e ? reject(e) : resolve3(value)));
}
async function readAt(fd, offset, length) {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const bytesRead = await call((cb) => fs.read(fd, buf, done, length - done, offset + done, cb));
    if (bytesRead === 0) throw Object.assign(new Error("file ended early"), { code: "EOF" });
    done += bytesRead;
  }
  return buf;
}
async function mapLimited(items2, limit, f) {
  const out = new Array(items2.length);
  let next = 0;
  const worker = async () => {
    while (next < items2.length) {
      const k = next++;
      out[k] = await f(items2[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items2.length) }, worker));
  return out;
}
var fs, SHARD_READS, HEAD_BYTES;
var init_read_columns = __esm({
  "src/checkpoint/read-columns.ts"() {
    "use strict";
    fs = __toESM(require("node:fs"), 1);
    init_detect();
    init_byte_keys();
    init_hf_index();
    init_columns();
    init_registry();
    init_format_detail();
    init_sources();
    SHARD_READS = 8;
    HEAD_BYTES = 1 << 16;
  }
});

// src/formats/pickle/safety.ts
function worstVerdict(a, b) {
  return RANK[a] >= RANK[b] ? a : b;
}
function isMethodThroughClass(name) {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return false;
  const last = name.charCodeAt(dot + 1);
  return last === 95 || last >= 97 && last <= 122;
}
function dangerousTail(name) {
  for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", dot + 1)) {
    const tail = name.slice(dot + 1);
    const path = ownRow(PY2_MODULES, tail.split(".")[0]) !== void 0 ? globalPath(tail.split(".")[0], tail.split(".").slice(1).join(".")) : tail;
    for (let end = path.length; end > 0; end = path.lastIndexOf(".", end - 1)) {
      const why = dangerousByPath.get(path.slice(0, end));
      if (why !== void 0) return { path, why };
    }
  }
  return null;
}
function explainGlobal(module2, name) {
  const path = globalPath(module2, name);
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
function classifyGlobal(module2, name) {
  return explainGlobal(module2, name).verdict;
}
function safetyReport(findings) {
  let verdict = "safe";
  for (const f of findings) verdict = worstVerdict(verdict, f.verdict);
  return { verdict, globals: findings };
}
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
function incompleteFinding(where2, what, reason) {
  return { module: "", name: what, verdict: "incomplete", where: where2, reason };
}
function pickleFindings(result, where2) {
  const findings = [];
  const members = result.getattr ? enumMemberLookups(result.getattr) : null;
  for (const g of result.globals) {
    const { verdict, reason } = members !== null && globalPath(g.module, g.name) === "builtins.getattr" ? { verdict: "unknown", reason: `only as Python 3.11+ pickles Enum members: ${members}; loading imports those classes' package` } : explainGlobal(g.module, g.name);
    findings.push(verdict === "safe" ? { module: g.module, name: g.name, verdict, where: where2 } : { module: g.module, name: g.name, verdict, where: where2, reason });
  }
  for (const a of result.anomalies) {
    findings.push({
      module: a.target?.module ?? "",
      name: a.target?.name ?? a.opcode,
      verdict: ANOMALY_VERDICT[a.kind],
      where: where2,
      reason: `${a.detail} at offset ${a.offset}${ANOMALY_NOTE[a.kind]}`
    });
  }
  if (result.error) findings.push(incompleteFinding(where2, "parse stopped", result.error.message));
  return findings;
}
var RANK, dangerousByPath, frameworkByPath, ANOMALY_VERDICT, ANOMALY_NOTE;
var init_safety = __esm({
  "src/formats/pickle/safety.ts"() {
    "use strict";
    init_own_row();
    init_global_path();
    init_safety_lists();
    RANK = { safe: 0, unknown: 1, incomplete: 2, dangerous: 3 };
    dangerousByPath = new Map(DANGEROUS_GLOBALS.map(([path, why]) => [path, why]));
    frameworkByPath = new Map(FRAMEWORK_GLOBALS.map((f) => [f.path, f]));
    ANOMALY_VERDICT = {
      // rewriting a module's or class's attributes changes what later imports resolve to
      "global-mutated": "dangerous",
      // an import or call the scanner cannot see through is a known evasion technique
      "dynamic-operand": "dangerous",
      "state-dropped": "unknown",
      // EXT1/EXT2/EXT4 import whatever copyreg's extension registry maps the code to at load time
      "extension": "dangerous"
    };
    ANOMALY_NOTE = {
      "global-mutated": " (rewrites attributes that later imports resolve)",
      "dynamic-operand": " (computed at load time)",
      "state-dropped": "",
      "extension": " (the registry entry is not in the file)"
    };
  }
});

// src/checkpoint/safety.ts
function safetyOf(scans) {
  return safetyReport(scans.flatMap((s) => [...pickleFindings(s, s.where), ...s.extra ?? []]));
}
function checkpointSafety(file, safety) {
  const globals = safety.verdict === "safe" ? [] : safety.globals.filter((g) => g.verdict === safety.verdict).map((g) => g.module ? `${g.module}.${g.name}` : g.name);
  return { file, verdict: safety.verdict, globals: [...new Set(globals)] };
}
var init_safety2 = __esm({
  "src/checkpoint/safety.ts"() {
    "use strict";
    init_safety();
  }
});

// src/checkpoint/open-safetensors.ts
async function openSafetensorsForReport(path, opts = {}) {
  const set = await readSafetensorsSet(path);
  return set && { file: opts.name ?? path, size: set.size, format: set.format, detail: set.detail, safety: safetyOf([]), error: null, safetensors: set };
}
var init_open_safetensors = __esm({
  "src/checkpoint/open-safetensors.ts"() {
    "use strict";
    init_read_columns();
    init_safety2();
  }
});

// src/checkpoint/module-object.ts
function isModuleObject(v) {
  if (typeof v !== "object" || v === null || v.kind !== "object") return false;
  const st = moduleState(v);
  return st !== null && st.has("_parameters") && st.has("_modules");
}
function moduleState(o) {
  const s = o.states[o.states.length - 1];
  if (typeof s !== "object" || s === null || s.kind !== "dict") return null;
  const m = /* @__PURE__ */ new Map();
  for (const [k, x] of s.entries) if (typeof k === "string") m.set(k, x);
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
var init_module_object = __esm({
  "src/checkpoint/module-object.ts"() {
    "use strict";
  }
});

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
    const s = t.info.storage;
    if (s.key === "") continue;
    const first = firstAt.get(s);
    if (first === void 0) {
      firstAt.set(s, i);
      continue;
    }
    const g = groups.get(s);
    if (g) g.push(t);
    else groups.set(s, [tensors[first], t]);
  }
  const shared = [...groups].sort((a, b) => firstAt.get(a[0]) - firstAt.get(b[0]));
  const view = (t) => `${t.info.storageOffset}/${t.info.shape.join(",")}/${t.info.stride.join(",")}`;
  return shared.map(([s, ts]) => ({ key: s.key, dtype: s.dtype, numel: s.numel, paths: ts.map((t) => t.path), views: new Set(ts.map(view)).size }));
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
function clip(s, max) {
  return s.length <= max ? s : `${s.slice(0, max - 1)}\u2026`;
}
function short(v, budget, depth = 0) {
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
      if (depth >= MAX_NESTING) return "\u2026";
      return containerText(v, budget, depth + 1);
  }
}
function containerText(v, budget, depth) {
  switch (v.kind) {
    case "tuple":
    case "list":
    case "set": {
      const [open2, close2] = v.kind === "tuple" ? ["(", ")"] : v.kind === "list" ? ["[", "]"] : ["{", "}"];
      return open2 + items(v.items.map((x) => (b) => short(x, b, depth)), budget) + close2;
    }
    case "dict":
      return `{${items(v.entries.map(([k]) => (b) => typeof k === "string" ? k : short(k, b, depth)), budget)}}`;
    case "object":
      return objectText(v, budget, depth);
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
    const s = p(Math.max(8, budget - used));
    out.push(s);
    used += s.length + 2;
  }
  return out.join(", ");
}
function objectText(o, budget, depth) {
  const cls = typeof o.callable === "object" && o.callable !== null && o.callable.kind === "global" ? o.callable : null;
  const name = cls ? cls.module === "argparse" || cls.module === "builtins" ? cls.name : `${cls.module}.${cls.name}` : "object";
  const state = o.states[o.states.length - 1];
  if (state !== void 0 && isDict(state)) {
    const attrs = state.entries.map(([k, x]) => (b) => `${typeof k === "string" ? k : short(k, 20, depth)}=${short(x, Math.max(8, b / 2), depth)}`);
    return `${name}(${items(attrs, budget - name.length)})`;
  }
  if (o.args.length > 0) return `${name}(${items(o.args.map((x) => (b) => short(x, b, depth)), budget - name.length)})`;
  return `${name}()`;
}
var MAX_NESTING;
var init_summary = __esm({
  "src/checkpoint/summary.ts"() {
    "use strict";
    init_dtype();
    init_tensor();
    init_module_object();
    MAX_NESTING = 4;
  }
});

// src/report/byte-writer.ts
function put(buf, at, bytes, quote) {
  if (quote) buf[at++] = 34;
  buf.set(bytes, at);
  at += bytes.length;
  if (quote) buf[at++] = 34;
  return at;
}
var import_node_buffer6, ascii2, ByteWriter;
var init_byte_writer = __esm({
  "src/report/byte-writer.ts"() {
    "use strict";
    import_node_buffer6 = require("node:buffer");
    ascii2 = (text) => import_node_buffer6.Buffer.from(text, "latin1");
    ByteWriter = class {
      buf;
      at = 0;
      constructor(capacity) {
        this.buf = import_node_buffer6.Buffer.allocUnsafe(Math.max(64, capacity));
      }
      /** Makes room for n more bytes (a caller writing many small pieces may reserve a line's most at once) */
      reserve(n) {
        if (this.at + n <= this.buf.length) return;
        const next = import_node_buffer6.Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
        this.buf.copy(next, 0, 0, this.at);
        this.buf = next;
      }
      byte(c) {
        this.reserve(1);
        this.buf[this.at++] = c;
      }
      // copied byte by byte: the pieces are a few bytes to a key's length, where a TypedArray.set call
      // costs more than the copy (this runs ~20 times per tensor line)
      bytes(src, start, end) {
        this.reserve(end - start);
        const buf = this.buf;
        let at = this.at;
        for (let k = start; k < end; k++) buf[at++] = src[k];
        this.at = at;
      }
      /** how many bytes are written: a position in the lines being written (LineMemo's marks) */
      get length() {
        return this.at;
      }
      /**
       * Writes again the line at marks m[o\u2026o + 5] (LineMemo: start, key, key end, storage key, its end, end)
       * with another key: key[start, end) (between quotes when `quote`) where the line has its key, and
       * there again, or the number `storage` between quotes when it is not negative, where it has its
       * storage's key; then moves the marks to the line just written, so that the slot's next line copies
       * the latest one. Native copies but for that number: the same cost cold or warm (a one-shot CLI runs
       * byte loops in V8's interpreter until it has compiled them: issue 14).
       *
       * When the new keys' text is as long as the line's (the key, and the storage's key where the new
       * line has its own key there), the line is copied whole and the keys written over its keys: four
       * native calls instead of six. Each call, not the bytes, is the cost (the 20-shard set's 50,000
       * lines: ~100 \u2192 ~88 ms of CPU, bench/scale-reading.md, session 19), and the latest line of a slot
       * mostly has a key of the same length (`layers.1000` \u2026 `layers.1009`, `q_proj` / `o_proj`).
       */
      lineAgain(m, o, key, start, end, quote, storage) {
        const a = m[o];
        const k = m[o + 1];
        const ke = m[o + 2];
        const s = m[o + 3];
        const se = m[o + 4];
        const e = m[o + 5];
        const keyText3 = end - start + (quote ? 2 : 0);
        this.reserve(e - a - (ke - k) - (se - s) + keyText3 + (storage < 0 ? keyText3 : 26));
        let buf = this.buf;
        const bytes = key.subarray(start, end);
        const from = this.at;
        const keyAt = from + (k - a);
        const keyEnd = keyAt + keyText3;
        let storageAt;
        let storageEnd;
        if (storage < 0 && ke - k === keyText3 && se - s === keyText3) {
          storageAt = from + (s - a);
          storageEnd = storageAt + keyText3;
          buf.copyWithin(from, a, e);
          put(buf, keyAt, bytes, quote);
          put(buf, storageAt, bytes, quote);
          this.at = from + (e - a);
        } else {
          buf.copyWithin(from, a, k);
          put(buf, keyAt, bytes, quote);
          buf.copyWithin(keyEnd, ke, s);
          storageAt = keyEnd + (s - ke);
          let at = storageAt;
          if (storage < 0) at = put(buf, at, bytes, quote);
          else {
            buf[at] = 34;
            this.at = at + 1;
            this.int(storage);
            buf = this.buf;
            at = this.at;
            buf[at++] = 34;
          }
          storageEnd = at;
          buf.copyWithin(at, se, e);
          this.at = at + e - se;
        }
        m[o] = from;
        m[o + 1] = keyAt;
        m[o + 2] = keyEnd;
        m[o + 3] = storageAt;
        m[o + 4] = storageEnd;
        m[o + 5] = this.at;
      }
      text(t) {
        this.bytes(t, 0, t.length);
      }
      /** a non-negative integer in decimal, as JSON (and String) write it */
      int(v) {
        if (v < 10) {
          this.byte(48 + v);
          return;
        }
        if (!Number.isSafeInteger(v) || v < 0) {
          this.text(ascii2(JSON.stringify(v)));
          return;
        }
        let digits = 0;
        for (let x2 = v; x2 >= 1; x2 = Math.floor(x2 / 10)) digits++;
        this.reserve(digits);
        let x = v;
        for (let k = this.at + digits - 1; k >= this.at; k--) {
          const q = x < 2147483648 ? x / 10 | 0 : Math.floor(x / 10);
          this.buf[k] = 48 + (x - q * 10);
          x = q;
        }
        this.at += digits;
      }
      /**
       * `s` as JSON.stringify writes it, when that is its characters between quotes (printable ASCII, no
       * quote or backslash): true, written; else false and nothing written.
       */
      plainString(s) {
        const n = s.length;
        for (let i = 0; i < n; i++) {
          const c = s.charCodeAt(i);
          if (c < 32 || c > 126 || c === 34 || c === 92) return false;
        }
        this.reserve(n + 2);
        const buf = this.buf;
        let at = this.at;
        buf[at++] = 34;
        for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
        buf[at++] = 34;
        this.at = at;
        return true;
      }
      done() {
        return this.buf.subarray(0, this.at);
      }
      /**
       * Empties the writer, keeping its buffer (grown to `capacity` if smaller), for a caller done with
       * what done() gave before: `inspect --json` writes its 13 MB of lines through one buffer, not one
       * new megabyte per chunk (fresh memory is paid page by page: ~40 ms of a 20-shard set's run, issue 14).
       */
      reset(capacity) {
        this.at = 0;
        this.reserve(capacity);
        return this;
      }
    };
  }
});

// src/report/line-memo.ts
var LineMemo, MARKS, SLOT_BITS, SCALARS, MAX_RANK2;
var init_line_memo = __esm({
  "src/report/line-memo.ts"() {
    "use strict";
    LineMemo = class {
      /** 2^slotBits slots; 0 (one slot: every line meets the last one remembered) lets a test reach every field's check */
      constructor(slotBits = SLOT_BITS) {
        this.slotBits = slotBits;
        const slots = 1 << slotBits;
        this.slotChunk = new Int32Array(slots);
        this.marks = new Float64Array(slots * MARKS);
        this.scalars = new Float64Array(slots * SCALARS);
        this.dims = new Float64Array(slots * 2 * MAX_RANK2);
        this.devices = new Array(slots).fill(null);
      }
      slotBits;
      /** the chunk the slots were written in: a slot of an earlier one points into bytes since overwritten */
      chunk = 1;
      slotChunk;
      /** per slot (at slot \u00D7 MARKS): [start, keyAt, keyEnd, storageAt, storageEnd, end) positions of its line in the writer */
      marks;
      /** per slot: the scalar fields (SCALARS of them), then the shape and the explicit stride */
      scalars;
      dims;
      devices;
      /** A new chunk: the writer's earlier bytes are gone, and so are the lines remembered in them. */
      forget() {
        this.chunk++;
      }
      /** l's slot, or -1 when a line of its rank is not remembered */
      slotOf(l) {
        const { rank, dims: dims2, dimsAt, strideAt } = l;
        if (rank > MAX_RANK2) return -1;
        let h = Math.imul(l.dtype + 1, 2654435761) ^ rank;
        for (let d = 0; d < rank; d++) h = Math.imul(h ^ (dims2[dimsAt + d] | 0), 2246822507);
        if (strideAt >= 0) for (let d = 0; d < rank; d++) h = Math.imul(h ^ (dims2[strideAt + d] | 0), 3266489909);
        h = Math.imul(h ^ (l.storageOffset | 0) ^ (l.numel | 0), 668265263);
        return this.slotBits === 0 ? 0 : h >>> 32 - this.slotBits;
      }
      /** Whether the slot's line says what l says besides the keys (its positions: `marks` at slot \u00D7 MARKS). */
      match(slot, l) {
        if (this.slotChunk[slot] !== this.chunk || this.devices[slot] !== l.device) return false;
        const s = slot * SCALARS;
        const v = this.scalars;
        const { rank, dims: dims2, dimsAt, strideAt } = l;
        if (v[s] !== l.dtype || v[s + 1] !== rank || v[s + 2] !== (strideAt >= 0 ? 1 : 0) || v[s + 3] !== l.storageOffset) return false;
        if (v[s + 4] !== (l.contiguous ? 1 : 0) || v[s + 5] !== (l.requiresGrad ? 1 : 0) || v[s + 6] !== l.storageDtype || v[s + 7] !== l.numel) return false;
        const at = slot * 2 * MAX_RANK2;
        for (let d = 0; d < rank; d++) if (this.dims[at + d] !== dims2[dimsAt + d]) return false;
        if (strideAt >= 0) {
          for (let d = 0; d < rank; d++) if (this.dims[at + MAX_RANK2 + d] !== dims2[strideAt + d]) return false;
        }
        return true;
      }
      /** Remembers l's line, just written at `marks` ([start, keyAt, keyEnd, storageAt, storageEnd, end)), in its slot. */
      remember(slot, l, marks) {
        this.slotChunk[slot] = this.chunk;
        this.marks.set(marks, slot * MARKS);
        this.devices[slot] = l.device;
        const s = slot * SCALARS;
        const v = this.scalars;
        const { rank, dims: dims2, dimsAt, strideAt } = l;
        v[s] = l.dtype;
        v[s + 1] = rank;
        v[s + 2] = strideAt >= 0 ? 1 : 0;
        v[s + 3] = l.storageOffset;
        v[s + 4] = l.contiguous ? 1 : 0;
        v[s + 5] = l.requiresGrad ? 1 : 0;
        v[s + 6] = l.storageDtype;
        v[s + 7] = l.numel;
        const at = slot * 2 * MAX_RANK2;
        for (let d = 0; d < rank; d++) this.dims[at + d] = dims2[dimsAt + d];
        if (strideAt >= 0) for (let d = 0; d < rank; d++) this.dims[at + MAX_RANK2 + d] = dims2[strideAt + d];
      }
    };
    MARKS = 6;
    SLOT_BITS = 6;
    SCALARS = 8;
    MAX_RANK2 = 8;
  }
});

// src/report/inspect-json-lines.ts
function emptyLine() {
  return {
    keyBytes: EMPTY,
    keyStart: 0,
    keyEnd: 0,
    keyPlain: true,
    dtype: 0,
    dims: EMPTY,
    dimsAt: 0,
    rank: 0,
    strideAt: -1,
    storageOffset: 0,
    contiguous: true,
    requiresGrad: false,
    storageKey: -1,
    storageDtype: 0,
    numel: 0,
    device: EMPTY
  };
}
function linePieces(values) {
  const fields2 = [];
  const pre = [];
  let text = INDENT;
  LINE_FIELDS.forEach((f, k) => {
    text += opening(f, k);
    if (Object.hasOwn(values, f)) text += JSON.stringify(values[f]);
    else {
      fields2.push(k);
      pre.push(ascii2(text));
      text = "";
    }
  });
  return { fields: fields2, pre, tails: [ascii2(`${text}}},
`), ascii2(`${text}}}
`)] };
}
function unwritten(f) {
  throw new Error(`inspect --json line: no writer for the field ${LINE_FIELDS[f]}`);
}
function opening(f, k) {
  if (f === "storage.key") return ',"storage":{"key":';
  const name = f.startsWith("storage.") ? f.slice("storage.".length) : f;
  return `${k === 0 ? "{" : ","}"${name}":`;
}
function quotedKey(l) {
  return l.keyPlain ? null : ascii2(JSON.stringify(import_node_buffer7.Buffer.from(l.keyBytes.buffer, l.keyBytes.byteOffset, l.keyBytes.length).toString("latin1", l.keyStart, l.keyEnd)));
}
function writeDims(w, l, stride) {
  const { dims: dims2, dimsAt, rank } = l;
  w.byte(91);
  for (let d = 0; d < rank; d++) {
    if (d > 0) w.byte(44);
    if (!stride) w.int(dims2[dimsAt + d]);
    else if (l.strideAt >= 0) w.int(dims2[l.strideAt + d]);
    else {
      let s = 1;
      for (let e = d + 1; e < rank; e++) s *= dims2[dimsAt + e];
      w.int(s);
    }
  }
  w.byte(93);
}
function writeKey(w, l, quoted) {
  if (quoted !== null) {
    w.text(quoted);
    return;
  }
  w.byte(34);
  w.bytes(l.keyBytes, l.keyStart, l.keyEnd);
  w.byte(34);
}
function plainKey(b, start, end) {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c < 32 || c === 34 || c === 92) return false;
  }
  return true;
}
var import_node_buffer7, EMPTY, LINE_FIELDS, LineTemplate, INDENT, DTYPE_TEXT, TRUE, FALSE, LINE_GUESS, INT_MAX_BYTES;
var init_inspect_json_lines = __esm({
  "src/report/inspect-json-lines.ts"() {
    "use strict";
    import_node_buffer7 = require("node:buffer");
    init_dtype();
    init_byte_writer();
    init_line_memo();
    EMPTY = new Uint8Array(0);
    LINE_FIELDS = ["path", "dtype", "shape", "stride", "storageOffset", "contiguous", "kind", "requiresGrad", "storage.key", "storage.dtype", "storage.numel", "storage.device"];
    LineTemplate = class {
      // this source's LinePieces
      fields;
      pre;
      tails;
      /** the longest the literal text of a line can be, the dtypes and booleans included */
      fixedRoom;
      /** where write() put the last line's pieces: start, key, key end, storage key, its end, end (LineMemo's marks) */
      marks = new Float64Array(MARKS);
      memo;
      /** memoSlotBits: LineMemo's (a test's) */
      constructor(fixedFields, memoSlotBits) {
        this.memo = new LineMemo(memoSlotBits);
        ({ fields: this.fields, pre: this.pre, tails: this.tails } = linePieces(fixedFields));
        const literal = this.pre.reduce((n, t) => n + t.length, 0) + this.tails[0].length;
        this.fixedRoom = literal + 2 * Math.max(...DTYPE_TEXT.map((t) => t.length)) + 2 * FALSE.length + 8;
      }
      /**
       * Lines start..end (numbers `at` maps to tensors) as InspectModel.tensorText gives them: each
       * indented and followed by `,\n`, or by `\n` after the listing's last line (number count - 1);
       * written into `into` when given (emptied first: the bytes are a view of it, see tensorText).
       */
      lines(fill2, start, end, at, count, into) {
        const room = (end - start) * LINE_GUESS;
        const w = into ? into.reset(room) : new ByteWriter(room);
        const line = emptyLine();
        const memo = this.memo;
        memo.forget();
        for (let k = start; k < end; k++) {
          fill2(at(k), line);
          const slot = k === count - 1 ? -1 : memo.slotOf(line);
          if (slot >= 0 && memo.match(slot, line)) {
            this.writeAgain(w, line, memo.marks, slot * MARKS);
            continue;
          }
          this.write(w, line, k === count - 1);
          if (slot >= 0) memo.remember(slot, line, this.marks);
        }
        return w.done();
      }
      /** JSON.stringify(tensorJson(record)) of tensor i: one line without its indent and end. */
      line(fill2, i) {
        const line = emptyLine();
        fill2(i, line);
        const w = new ByteWriter(256);
        this.write(w, line, true);
        const b = w.done();
        return import_node_buffer7.Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1", INDENT.length, b.length - 1);
      }
      /**
       * l's line as the copy of an earlier line of this chunk that says the same besides the keys (LineMemo),
       * its marks at m[o\u2026o + 5]: its text around the keys copied, l's keys written between.
       */
      writeAgain(w, l, m, o) {
        if (l.keyPlain) w.lineAgain(m, o, l.keyBytes, l.keyStart, l.keyEnd, true, l.storageKey);
        else {
          const quoted = quotedKey(l);
          w.lineAgain(m, o, quoted, 0, quoted.length, false, l.storageKey);
        }
      }
      write(w, l, last) {
        const { fields: fields2, pre, marks } = this;
        const quoted = quotedKey(l);
        const keyLength = quoted ? quoted.length : l.keyEnd - l.keyStart + 2;
        w.reserve(this.fixedRoom + 2 * keyLength + (2 * l.rank + 3) * INT_MAX_BYTES + l.device.length);
        marks[0] = w.length;
        for (let s = 0; s < fields2.length; s++) {
          w.text(pre[s]);
          const f = fields2[s];
          switch (f) {
            case 0:
              w.byte(91);
              marks[1] = w.length;
              writeKey(w, l, quoted);
              marks[2] = w.length;
              w.byte(93);
              break;
            case 1:
              w.text(DTYPE_TEXT[l.dtype]);
              break;
            case 2:
              writeDims(w, l, false);
              break;
            case 3:
              writeDims(w, l, true);
              break;
            case 4:
              w.int(l.storageOffset);
              break;
            case 5:
              w.text(l.contiguous ? TRUE : FALSE);
              break;
            case 6:
              throw new Error("inspect --json line: a LineTemplate without a fixed kind");
            case 7:
              w.text(l.requiresGrad ? TRUE : FALSE);
              break;
            case 8:
              marks[3] = w.length;
              if (l.storageKey < 0) writeKey(w, l, quoted);
              else {
                w.byte(34);
                w.int(l.storageKey);
                w.byte(34);
              }
              marks[4] = w.length;
              break;
            case 9:
              w.text(DTYPE_TEXT[l.storageDtype]);
              break;
            case 10:
              w.int(l.numel);
              break;
            case 11:
              w.text(l.device);
              break;
            default:
              unwritten(f);
          }
        }
        w.text(this.tails[last ? 1 : 0]);
        marks[5] = w.length;
      }
    };
    INDENT = "    ";
    DTYPE_TEXT = DTYPE_BY_CODE.map((d) => ascii2(JSON.stringify(d)));
    TRUE = ascii2("true");
    FALSE = ascii2("false");
    LINE_GUESS = 400;
    INT_MAX_BYTES = 25;
  }
});

// src/report/inspect-listing.ts
function columnarListing(n, key, record, filter) {
  let shown = null;
  if (filter) {
    const keep = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if (filter.test(key(i))) keep[k++] = i;
    shown = keep.slice(0, k);
  }
  const at = (i) => shown === null ? i : shown[i];
  const count = shown === null ? n : shown.length;
  const row = (i) => {
    const r = record(at(i));
    return { key: r.path[0], record: r };
  };
  const rows = (limit) => Array.from({ length: Math.min(limit, count) }, (_, i) => row(i));
  let all = null;
  const group = {
    dict: [],
    count,
    head: (limit) => limit >= count ? all ??= rows(count) : rows(limit),
    get rows() {
      return all ??= rows(count);
    }
  };
  return { at, count, groups: count > 0 || !filter ? [group] : [], tensors: () => (all ??= rows(count)).map((r) => r.record) };
}
function columnarInspectModel(p) {
  const { checkpoint: c, count: n, filter, lines, fill: fill2 } = p;
  const list = columnarListing(n, p.key, p.record, filter);
  return {
    file: c.file,
    format: c.format,
    size: c.size,
    detail: c.detail,
    totals: p.totals,
    shared: p.shared,
    stateDicts: [{ path: [], count: n, nonTensor: [] }],
    leaves: [],
    groups: list.groups,
    get tensors() {
      return list.tensors();
    },
    // the columns hold one name per tensor (see InspectModel.aliased): the table makes no record per tensor to learn that
    aliased: () => [],
    tensorCount: list.count,
    tensorLine: (i) => lines.line(fill2, list.at(i)),
    tensorText: (start, end, into) => lines.lines(fill2, start, end, list.at, list.count, into),
    filter: filter ? filter.source : null,
    safety: c.safety,
    error: null
  };
}
var init_inspect_listing = __esm({
  "src/report/inspect-listing.ts"() {
    "use strict";
  }
});

// src/checkpoint/walk.ts
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
    const kind = v.kind;
    if (kind !== "dict" && kind !== "list" && kind !== "tuple" && kind !== "set" && kind !== "object") continue;
    visited.add(v);
    let enclosing = f.enclosing;
    if (kind === "dict") {
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
    if (kind === "object") {
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
      const [key, value, underIntKeys, index] = children[i];
      if (typeof value !== "object" || value === null) continue;
      stack.push({ value, parent: f, key, index, underIntKeys, enclosing });
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
  for (const s of o.states) {
    if (typeof s === "object" && s !== null && s.kind === "dict") {
      for (const [k, x] of s.entries) out.push([keyText(k), x, false, -1]);
    } else if (typeof s === "object" && s !== null && s.kind === "tuple" && s.items.length === 2 && s.items.every((x) => x === null || typeof x === "object" && x.kind === "dict")) {
      for (const part of s.items) if (part) for (const [k, x] of part.entries) out.push([keyText(k), x, false, -1]);
    } else out.push(["__state__", s, false, -1]);
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
function topFields(root) {
  if (typeof root !== "object" || root === null || root.kind !== "dict") return { fields: [], stateDicts: [], emptyOnly: [] };
  const tensorsOf = (v) => typeof v === "object" && v !== null && v.kind === "dict" ? v.entries.map(([, x]) => x).filter((x) => typeof x === "object" && x !== null && x.kind === "tensor") : [];
  const held = root.entries.map(([k, v]) => [keyText(k), tensorsOf(v)]).filter(([, ts]) => ts.length > 0);
  return {
    fields: root.entries.map(([k]) => keyText(k)),
    stateDicts: held.map(([k]) => k),
    emptyOnly: held.filter(([, ts]) => ts.every((t) => t.info.shape.includes(0))).map(([k]) => k)
  };
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
  for (let s = o.states.length - 1; s >= 0; s--) {
    const st = o.states[s];
    const dicts = typeof st === "object" && st !== null && st.kind === "dict" ? [st] : typeof st === "object" && st !== null && st.kind === "tuple" ? st.items.filter((x) => typeof x === "object" && x !== null && x.kind === "dict") : [];
    for (const d of dicts) {
      const hit = d.entries.find(([k]) => keyText(k) === String(step));
      if (hit) return hit[1];
    }
  }
  if (typeof step === "number") return o.listItems[step];
  return o.dictItems.find(([k]) => keyText(k) === step)?.[1];
}
var NO_ALIASES;
var init_walk = __esm({
  "src/checkpoint/walk.ts"() {
    "use strict";
    init_module_object();
    NO_ALIASES = Object.freeze([]);
  }
});

// node_modules/cli-table3/src/debug.js
var require_debug = __commonJS({
  "node_modules/cli-table3/src/debug.js"(exports2, module2) {
    var messages = [];
    var level = 0;
    var debug = (msg, min) => {
      if (level >= min) {
        messages.push(msg);
      }
    };
    debug.WARN = 1;
    debug.INFO = 2;
    debug.DEBUG = 3;
    debug.reset = () => {
      messages = [];
    };
    debug.setDebugLevel = (v) => {
      level = v;
    };
    debug.warn = (msg) => debug(msg, debug.WARN);
    debug.info = (msg) => debug(msg, debug.INFO);
    debug.debug = (msg) => debug(msg, debug.DEBUG);
    debug.debugMessages = () => messages;
    module2.exports = debug;
  }
});

// node_modules/ansi-regex/index.js
var require_ansi_regex = __commonJS({
  "node_modules/ansi-regex/index.js"(exports2, module2) {
    "use strict";
    module2.exports = ({ onlyFirst = false } = {}) => {
      const pattern = [
        "[\\u001B\\u009B][[\\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]+)*|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]*)*)?\\u0007)",
        "(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-ntqry=><~]))"
      ].join("|");
      return new RegExp(pattern, onlyFirst ? void 0 : "g");
    };
  }
});

// node_modules/strip-ansi/index.js
var require_strip_ansi = __commonJS({
  "node_modules/strip-ansi/index.js"(exports2, module2) {
    "use strict";
    var ansiRegex = require_ansi_regex();
    module2.exports = (string) => typeof string === "string" ? string.replace(ansiRegex(), "") : string;
  }
});

// node_modules/is-fullwidth-code-point/index.js
var require_is_fullwidth_code_point = __commonJS({
  "node_modules/is-fullwidth-code-point/index.js"(exports2, module2) {
    "use strict";
    var isFullwidthCodePoint = (codePoint) => {
      if (Number.isNaN(codePoint)) {
        return false;
      }
      if (codePoint >= 4352 && (codePoint <= 4447 || // Hangul Jamo
      codePoint === 9001 || // LEFT-POINTING ANGLE BRACKET
      codePoint === 9002 || // RIGHT-POINTING ANGLE BRACKET
      // CJK Radicals Supplement .. Enclosed CJK Letters and Months
      11904 <= codePoint && codePoint <= 12871 && codePoint !== 12351 || // Enclosed CJK Letters and Months .. CJK Unified Ideographs Extension A
      12880 <= codePoint && codePoint <= 19903 || // CJK Unified Ideographs .. Yi Radicals
      19968 <= codePoint && codePoint <= 42182 || // Hangul Jamo Extended-A
      43360 <= codePoint && codePoint <= 43388 || // Hangul Syllables
      44032 <= codePoint && codePoint <= 55203 || // CJK Compatibility Ideographs
      63744 <= codePoint && codePoint <= 64255 || // Vertical Forms
      65040 <= codePoint && codePoint <= 65049 || // CJK Compatibility Forms .. Small Form Variants
      65072 <= codePoint && codePoint <= 65131 || // Halfwidth and Fullwidth Forms
      65281 <= codePoint && codePoint <= 65376 || 65504 <= codePoint && codePoint <= 65510 || // Kana Supplement
      110592 <= codePoint && codePoint <= 110593 || // Enclosed Ideographic Supplement
      127488 <= codePoint && codePoint <= 127569 || // CJK Unified Ideographs Extension B .. Tertiary Ideographic Plane
      131072 <= codePoint && codePoint <= 262141)) {
        return true;
      }
      return false;
    };
    module2.exports = isFullwidthCodePoint;
    module2.exports.default = isFullwidthCodePoint;
  }
});

// node_modules/emoji-regex/index.js
var require_emoji_regex = __commonJS({
  "node_modules/emoji-regex/index.js"(exports2, module2) {
    "use strict";
    module2.exports = function() {
      return /\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62(?:\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67|\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74|\uDB40\uDC77\uDB40\uDC6C\uDB40\uDC73)\uDB40\uDC7F|\uD83D\uDC68(?:\uD83C\uDFFC\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68\uD83C\uDFFB|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFF\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB-\uDFFE])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFE\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB-\uDFFD])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFD\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB\uDFFC])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\u200D(?:\u2764\uFE0F\u200D(?:\uD83D\uDC8B\u200D)?\uD83D\uDC68|(?:\uD83D[\uDC68\uDC69])\u200D(?:\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67]))|\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67])|(?:\uD83D[\uDC68\uDC69])\u200D(?:\uD83D[\uDC66\uDC67])|[\u2695\u2696\u2708]\uFE0F|\uD83D[\uDC66\uDC67]|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|(?:\uD83C\uDFFB\u200D[\u2695\u2696\u2708]|\uD83C\uDFFF\u200D[\u2695\u2696\u2708]|\uD83C\uDFFE\u200D[\u2695\u2696\u2708]|\uD83C\uDFFD\u200D[\u2695\u2696\u2708]|\uD83C\uDFFC\u200D[\u2695\u2696\u2708])\uFE0F|\uD83C\uDFFB\u200D(?:\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C[\uDFFB-\uDFFF])|(?:\uD83E\uDDD1\uD83C\uDFFB\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFC\u200D\uD83E\uDD1D\u200D\uD83D\uDC69)\uD83C\uDFFB|\uD83E\uDDD1(?:\uD83C\uDFFF\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1(?:\uD83C[\uDFFB-\uDFFF])|\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1)|(?:\uD83E\uDDD1\uD83C\uDFFE\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFF\u200D\uD83E\uDD1D\u200D(?:\uD83D[\uDC68\uDC69]))(?:\uD83C[\uDFFB-\uDFFE])|(?:\uD83E\uDDD1\uD83C\uDFFC\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFD\u200D\uD83E\uDD1D\u200D\uD83D\uDC69)(?:\uD83C[\uDFFB\uDFFC])|\uD83D\uDC69(?:\uD83C\uDFFE\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB-\uDFFD\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFC\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB\uDFFD-\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFB\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFC-\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFD\u200D(?:\uD83E\uDD1D\u200D\uD83D\uDC68(?:\uD83C[\uDFFB\uDFFC\uDFFE\uDFFF])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\u200D(?:\u2764\uFE0F\u200D(?:\uD83D\uDC8B\u200D(?:\uD83D[\uDC68\uDC69])|\uD83D[\uDC68\uDC69])|\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD])|\uD83C\uDFFF\u200D(?:\uD83C[\uDF3E\uDF73\uDF93\uDFA4\uDFA8\uDFEB\uDFED]|\uD83D[\uDCBB\uDCBC\uDD27\uDD2C\uDE80\uDE92]|\uD83E[\uDDAF-\uDDB3\uDDBC\uDDBD]))|\uD83D\uDC69\u200D\uD83D\uDC69\u200D(?:\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67]))|(?:\uD83E\uDDD1\uD83C\uDFFD\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1|\uD83D\uDC69\uD83C\uDFFE\u200D\uD83E\uDD1D\u200D\uD83D\uDC69)(?:\uD83C[\uDFFB-\uDFFD])|\uD83D\uDC69\u200D\uD83D\uDC66\u200D\uD83D\uDC66|\uD83D\uDC69\u200D\uD83D\uDC69\u200D(?:\uD83D[\uDC66\uDC67])|(?:\uD83D\uDC41\uFE0F\u200D\uD83D\uDDE8|\uD83D\uDC69(?:\uD83C\uDFFF\u200D[\u2695\u2696\u2708]|\uD83C\uDFFE\u200D[\u2695\u2696\u2708]|\uD83C\uDFFC\u200D[\u2695\u2696\u2708]|\uD83C\uDFFB\u200D[\u2695\u2696\u2708]|\uD83C\uDFFD\u200D[\u2695\u2696\u2708]|\u200D[\u2695\u2696\u2708])|(?:(?:\u26F9|\uD83C[\uDFCB\uDFCC]|\uD83D\uDD75)\uFE0F|\uD83D\uDC6F|\uD83E[\uDD3C\uDDDE\uDDDF])\u200D[\u2640\u2642]|(?:\u26F9|\uD83C[\uDFCB\uDFCC]|\uD83D\uDD75)(?:\uD83C[\uDFFB-\uDFFF])\u200D[\u2640\u2642]|(?:\uD83C[\uDFC3\uDFC4\uDFCA]|\uD83D[\uDC6E\uDC71\uDC73\uDC77\uDC81\uDC82\uDC86\uDC87\uDE45-\uDE47\uDE4B\uDE4D\uDE4E\uDEA3\uDEB4-\uDEB6]|\uD83E[\uDD26\uDD37-\uDD39\uDD3D\uDD3E\uDDB8\uDDB9\uDDCD-\uDDCF\uDDD6-\uDDDD])(?:(?:\uD83C[\uDFFB-\uDFFF])\u200D[\u2640\u2642]|\u200D[\u2640\u2642])|\uD83C\uDFF4\u200D\u2620)\uFE0F|\uD83D\uDC69\u200D\uD83D\uDC67\u200D(?:\uD83D[\uDC66\uDC67])|\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08|\uD83D\uDC15\u200D\uD83E\uDDBA|\uD83D\uDC69\u200D\uD83D\uDC66|\uD83D\uDC69\u200D\uD83D\uDC67|\uD83C\uDDFD\uD83C\uDDF0|\uD83C\uDDF4\uD83C\uDDF2|\uD83C\uDDF6\uD83C\uDDE6|[#\*0-9]\uFE0F\u20E3|\uD83C\uDDE7(?:\uD83C[\uDDE6\uDDE7\uDDE9-\uDDEF\uDDF1-\uDDF4\uDDF6-\uDDF9\uDDFB\uDDFC\uDDFE\uDDFF])|\uD83C\uDDF9(?:\uD83C[\uDDE6\uDDE8\uDDE9\uDDEB-\uDDED\uDDEF-\uDDF4\uDDF7\uDDF9\uDDFB\uDDFC\uDDFF])|\uD83C\uDDEA(?:\uD83C[\uDDE6\uDDE8\uDDEA\uDDEC\uDDED\uDDF7-\uDDFA])|\uD83E\uDDD1(?:\uD83C[\uDFFB-\uDFFF])|\uD83C\uDDF7(?:\uD83C[\uDDEA\uDDF4\uDDF8\uDDFA\uDDFC])|\uD83D\uDC69(?:\uD83C[\uDFFB-\uDFFF])|\uD83C\uDDF2(?:\uD83C[\uDDE6\uDDE8-\uDDED\uDDF0-\uDDFF])|\uD83C\uDDE6(?:\uD83C[\uDDE8-\uDDEC\uDDEE\uDDF1\uDDF2\uDDF4\uDDF6-\uDDFA\uDDFC\uDDFD\uDDFF])|\uD83C\uDDF0(?:\uD83C[\uDDEA\uDDEC-\uDDEE\uDDF2\uDDF3\uDDF5\uDDF7\uDDFC\uDDFE\uDDFF])|\uD83C\uDDED(?:\uD83C[\uDDF0\uDDF2\uDDF3\uDDF7\uDDF9\uDDFA])|\uD83C\uDDE9(?:\uD83C[\uDDEA\uDDEC\uDDEF\uDDF0\uDDF2\uDDF4\uDDFF])|\uD83C\uDDFE(?:\uD83C[\uDDEA\uDDF9])|\uD83C\uDDEC(?:\uD83C[\uDDE6\uDDE7\uDDE9-\uDDEE\uDDF1-\uDDF3\uDDF5-\uDDFA\uDDFC\uDDFE])|\uD83C\uDDF8(?:\uD83C[\uDDE6-\uDDEA\uDDEC-\uDDF4\uDDF7-\uDDF9\uDDFB\uDDFD-\uDDFF])|\uD83C\uDDEB(?:\uD83C[\uDDEE-\uDDF0\uDDF2\uDDF4\uDDF7])|\uD83C\uDDF5(?:\uD83C[\uDDE6\uDDEA-\uDDED\uDDF0-\uDDF3\uDDF7-\uDDF9\uDDFC\uDDFE])|\uD83C\uDDFB(?:\uD83C[\uDDE6\uDDE8\uDDEA\uDDEC\uDDEE\uDDF3\uDDFA])|\uD83C\uDDF3(?:\uD83C[\uDDE6\uDDE8\uDDEA-\uDDEC\uDDEE\uDDF1\uDDF4\uDDF5\uDDF7\uDDFA\uDDFF])|\uD83C\uDDE8(?:\uD83C[\uDDE6\uDDE8\uDDE9\uDDEB-\uDDEE\uDDF0-\uDDF5\uDDF7\uDDFA-\uDDFF])|\uD83C\uDDF1(?:\uD83C[\uDDE6-\uDDE8\uDDEE\uDDF0\uDDF7-\uDDFB\uDDFE])|\uD83C\uDDFF(?:\uD83C[\uDDE6\uDDF2\uDDFC])|\uD83C\uDDFC(?:\uD83C[\uDDEB\uDDF8])|\uD83C\uDDFA(?:\uD83C[\uDDE6\uDDEC\uDDF2\uDDF3\uDDF8\uDDFE\uDDFF])|\uD83C\uDDEE(?:\uD83C[\uDDE8-\uDDEA\uDDF1-\uDDF4\uDDF6-\uDDF9])|\uD83C\uDDEF(?:\uD83C[\uDDEA\uDDF2\uDDF4\uDDF5])|(?:\uD83C[\uDFC3\uDFC4\uDFCA]|\uD83D[\uDC6E\uDC71\uDC73\uDC77\uDC81\uDC82\uDC86\uDC87\uDE45-\uDE47\uDE4B\uDE4D\uDE4E\uDEA3\uDEB4-\uDEB6]|\uD83E[\uDD26\uDD37-\uDD39\uDD3D\uDD3E\uDDB8\uDDB9\uDDCD-\uDDCF\uDDD6-\uDDDD])(?:\uD83C[\uDFFB-\uDFFF])|(?:\u26F9|\uD83C[\uDFCB\uDFCC]|\uD83D\uDD75)(?:\uD83C[\uDFFB-\uDFFF])|(?:[\u261D\u270A-\u270D]|\uD83C[\uDF85\uDFC2\uDFC7]|\uD83D[\uDC42\uDC43\uDC46-\uDC50\uDC66\uDC67\uDC6B-\uDC6D\uDC70\uDC72\uDC74-\uDC76\uDC78\uDC7C\uDC83\uDC85\uDCAA\uDD74\uDD7A\uDD90\uDD95\uDD96\uDE4C\uDE4F\uDEC0\uDECC]|\uD83E[\uDD0F\uDD18-\uDD1C\uDD1E\uDD1F\uDD30-\uDD36\uDDB5\uDDB6\uDDBB\uDDD2-\uDDD5])(?:\uD83C[\uDFFB-\uDFFF])|(?:[\u231A\u231B\u23E9-\u23EC\u23F0\u23F3\u25FD\u25FE\u2614\u2615\u2648-\u2653\u267F\u2693\u26A1\u26AA\u26AB\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA\u26FD\u2705\u270A\u270B\u2728\u274C\u274E\u2753-\u2755\u2757\u2795-\u2797\u27B0\u27BF\u2B1B\u2B1C\u2B50\u2B55]|\uD83C[\uDC04\uDCCF\uDD8E\uDD91-\uDD9A\uDDE6-\uDDFF\uDE01\uDE1A\uDE2F\uDE32-\uDE36\uDE38-\uDE3A\uDE50\uDE51\uDF00-\uDF20\uDF2D-\uDF35\uDF37-\uDF7C\uDF7E-\uDF93\uDFA0-\uDFCA\uDFCF-\uDFD3\uDFE0-\uDFF0\uDFF4\uDFF8-\uDFFF]|\uD83D[\uDC00-\uDC3E\uDC40\uDC42-\uDCFC\uDCFF-\uDD3D\uDD4B-\uDD4E\uDD50-\uDD67\uDD7A\uDD95\uDD96\uDDA4\uDDFB-\uDE4F\uDE80-\uDEC5\uDECC\uDED0-\uDED2\uDED5\uDEEB\uDEEC\uDEF4-\uDEFA\uDFE0-\uDFEB]|\uD83E[\uDD0D-\uDD3A\uDD3C-\uDD45\uDD47-\uDD71\uDD73-\uDD76\uDD7A-\uDDA2\uDDA5-\uDDAA\uDDAE-\uDDCA\uDDCD-\uDDFF\uDE70-\uDE73\uDE78-\uDE7A\uDE80-\uDE82\uDE90-\uDE95])|(?:[#\*0-9\xA9\xAE\u203C\u2049\u2122\u2139\u2194-\u2199\u21A9\u21AA\u231A\u231B\u2328\u23CF\u23E9-\u23F3\u23F8-\u23FA\u24C2\u25AA\u25AB\u25B6\u25C0\u25FB-\u25FE\u2600-\u2604\u260E\u2611\u2614\u2615\u2618\u261D\u2620\u2622\u2623\u2626\u262A\u262E\u262F\u2638-\u263A\u2640\u2642\u2648-\u2653\u265F\u2660\u2663\u2665\u2666\u2668\u267B\u267E\u267F\u2692-\u2697\u2699\u269B\u269C\u26A0\u26A1\u26AA\u26AB\u26B0\u26B1\u26BD\u26BE\u26C4\u26C5\u26C8\u26CE\u26CF\u26D1\u26D3\u26D4\u26E9\u26EA\u26F0-\u26F5\u26F7-\u26FA\u26FD\u2702\u2705\u2708-\u270D\u270F\u2712\u2714\u2716\u271D\u2721\u2728\u2733\u2734\u2744\u2747\u274C\u274E\u2753-\u2755\u2757\u2763\u2764\u2795-\u2797\u27A1\u27B0\u27BF\u2934\u2935\u2B05-\u2B07\u2B1B\u2B1C\u2B50\u2B55\u3030\u303D\u3297\u3299]|\uD83C[\uDC04\uDCCF\uDD70\uDD71\uDD7E\uDD7F\uDD8E\uDD91-\uDD9A\uDDE6-\uDDFF\uDE01\uDE02\uDE1A\uDE2F\uDE32-\uDE3A\uDE50\uDE51\uDF00-\uDF21\uDF24-\uDF93\uDF96\uDF97\uDF99-\uDF9B\uDF9E-\uDFF0\uDFF3-\uDFF5\uDFF7-\uDFFF]|\uD83D[\uDC00-\uDCFD\uDCFF-\uDD3D\uDD49-\uDD4E\uDD50-\uDD67\uDD6F\uDD70\uDD73-\uDD7A\uDD87\uDD8A-\uDD8D\uDD90\uDD95\uDD96\uDDA4\uDDA5\uDDA8\uDDB1\uDDB2\uDDBC\uDDC2-\uDDC4\uDDD1-\uDDD3\uDDDC-\uDDDE\uDDE1\uDDE3\uDDE8\uDDEF\uDDF3\uDDFA-\uDE4F\uDE80-\uDEC5\uDECB-\uDED2\uDED5\uDEE0-\uDEE5\uDEE9\uDEEB\uDEEC\uDEF0\uDEF3-\uDEFA\uDFE0-\uDFEB]|\uD83E[\uDD0D-\uDD3A\uDD3C-\uDD45\uDD47-\uDD71\uDD73-\uDD76\uDD7A-\uDDA2\uDDA5-\uDDAA\uDDAE-\uDDCA\uDDCD-\uDDFF\uDE70-\uDE73\uDE78-\uDE7A\uDE80-\uDE82\uDE90-\uDE95])\uFE0F|(?:[\u261D\u26F9\u270A-\u270D]|\uD83C[\uDF85\uDFC2-\uDFC4\uDFC7\uDFCA-\uDFCC]|\uD83D[\uDC42\uDC43\uDC46-\uDC50\uDC66-\uDC78\uDC7C\uDC81-\uDC83\uDC85-\uDC87\uDC8F\uDC91\uDCAA\uDD74\uDD75\uDD7A\uDD90\uDD95\uDD96\uDE45-\uDE47\uDE4B-\uDE4F\uDEA3\uDEB4-\uDEB6\uDEC0\uDECC]|\uD83E[\uDD0F\uDD18-\uDD1F\uDD26\uDD30-\uDD39\uDD3C-\uDD3E\uDDB5\uDDB6\uDDB8\uDDB9\uDDBB\uDDCD-\uDDCF\uDDD1-\uDDDD])/g;
    };
  }
});

// node_modules/string-width/index.js
var require_string_width = __commonJS({
  "node_modules/string-width/index.js"(exports2, module2) {
    "use strict";
    var stripAnsi = require_strip_ansi();
    var isFullwidthCodePoint = require_is_fullwidth_code_point();
    var emojiRegex = require_emoji_regex();
    var stringWidth = (string) => {
      if (typeof string !== "string" || string.length === 0) {
        return 0;
      }
      string = stripAnsi(string);
      if (string.length === 0) {
        return 0;
      }
      string = string.replace(emojiRegex(), "  ");
      let width = 0;
      for (let i = 0; i < string.length; i++) {
        const code = string.codePointAt(i);
        if (code <= 31 || code >= 127 && code <= 159) {
          continue;
        }
        if (code >= 768 && code <= 879) {
          continue;
        }
        if (code > 65535) {
          i++;
        }
        width += isFullwidthCodePoint(code) ? 2 : 1;
      }
      return width;
    };
    module2.exports = stringWidth;
    module2.exports.default = stringWidth;
  }
});

// node_modules/cli-table3/src/utils.js
var require_utils = __commonJS({
  "node_modules/cli-table3/src/utils.js"(exports2, module2) {
    var stringWidth = require_string_width();
    function codeRegex(capture) {
      return capture ? /\u001b\[((?:\d*;){0,5}\d*)m/g : /\u001b\[(?:\d*;){0,5}\d*m/g;
    }
    function strlen(str) {
      let code = codeRegex();
      let stripped = ("" + str).replace(code, "");
      let split = stripped.split("\n");
      return split.reduce(function(memo, s) {
        return stringWidth(s) > memo ? stringWidth(s) : memo;
      }, 0);
    }
    function repeat(str, times) {
      return Array(times + 1).join(str);
    }
    function pad(str, len, pad2, dir) {
      let length = strlen(str);
      if (len + 1 >= length) {
        let padlen = len - length;
        switch (dir) {
          case "right": {
            str = repeat(pad2, padlen) + str;
            break;
          }
          case "center": {
            let right = Math.ceil(padlen / 2);
            let left = padlen - right;
            str = repeat(pad2, left) + str + repeat(pad2, right);
            break;
          }
          default: {
            str = str + repeat(pad2, padlen);
            break;
          }
        }
      }
      return str;
    }
    var codeCache = {};
    function addToCodeCache(name, on, off) {
      on = "\x1B[" + on + "m";
      off = "\x1B[" + off + "m";
      codeCache[on] = { set: name, to: true };
      codeCache[off] = { set: name, to: false };
      codeCache[name] = { on, off };
    }
    addToCodeCache("bold", 1, 22);
    addToCodeCache("italics", 3, 23);
    addToCodeCache("underline", 4, 24);
    addToCodeCache("inverse", 7, 27);
    addToCodeCache("strikethrough", 9, 29);
    function updateState(state, controlChars) {
      let controlCode = controlChars[1] ? parseInt(controlChars[1].split(";")[0]) : 0;
      if (controlCode >= 30 && controlCode <= 39 || controlCode >= 90 && controlCode <= 97) {
        state.lastForegroundAdded = controlChars[0];
        return;
      }
      if (controlCode >= 40 && controlCode <= 49 || controlCode >= 100 && controlCode <= 107) {
        state.lastBackgroundAdded = controlChars[0];
        return;
      }
      if (controlCode === 0) {
        for (let i in state) {
          if (Object.prototype.hasOwnProperty.call(state, i)) {
            delete state[i];
          }
        }
        return;
      }
      let info = codeCache[controlChars[0]];
      if (info) {
        state[info.set] = info.to;
      }
    }
    function readState(line) {
      let code = codeRegex(true);
      let controlChars = code.exec(line);
      let state = {};
      while (controlChars !== null) {
        updateState(state, controlChars);
        controlChars = code.exec(line);
      }
      return state;
    }
    function unwindState(state, ret) {
      let lastBackgroundAdded = state.lastBackgroundAdded;
      let lastForegroundAdded = state.lastForegroundAdded;
      delete state.lastBackgroundAdded;
      delete state.lastForegroundAdded;
      Object.keys(state).forEach(function(key) {
        if (state[key]) {
          ret += codeCache[key].off;
        }
      });
      if (lastBackgroundAdded && lastBackgroundAdded != "\x1B[49m") {
        ret += "\x1B[49m";
      }
      if (lastForegroundAdded && lastForegroundAdded != "\x1B[39m") {
        ret += "\x1B[39m";
      }
      return ret;
    }
    function rewindState(state, ret) {
      let lastBackgroundAdded = state.lastBackgroundAdded;
      let lastForegroundAdded = state.lastForegroundAdded;
      delete state.lastBackgroundAdded;
      delete state.lastForegroundAdded;
      Object.keys(state).forEach(function(key) {
        if (state[key]) {
          ret = codeCache[key].on + ret;
        }
      });
      if (lastBackgroundAdded && lastBackgroundAdded != "\x1B[49m") {
        ret = lastBackgroundAdded + ret;
      }
      if (lastForegroundAdded && lastForegroundAdded != "\x1B[39m") {
        ret = lastForegroundAdded + ret;
      }
      return ret;
    }
    function truncateWidth(str, desiredLength) {
      if (str.length === strlen(str)) {
        return str.substr(0, desiredLength);
      }
      while (strlen(str) > desiredLength) {
        str = str.slice(0, -1);
      }
      return str;
    }
    function truncateWidthWithAnsi(str, desiredLength) {
      let code = codeRegex(true);
      let split = str.split(codeRegex());
      let splitIndex = 0;
      let retLen = 0;
      let ret = "";
      let myArray;
      let state = {};
      while (retLen < desiredLength) {
        myArray = code.exec(str);
        let toAdd = split[splitIndex];
        splitIndex++;
        if (retLen + strlen(toAdd) > desiredLength) {
          toAdd = truncateWidth(toAdd, desiredLength - retLen);
        }
        ret += toAdd;
        retLen += strlen(toAdd);
        if (retLen < desiredLength) {
          if (!myArray) {
            break;
          }
          ret += myArray[0];
          updateState(state, myArray);
        }
      }
      return unwindState(state, ret);
    }
    function truncate(str, desiredLength, truncateChar) {
      truncateChar = truncateChar || "\u2026";
      let lengthOfStr = strlen(str);
      if (lengthOfStr <= desiredLength) {
        return str;
      }
      desiredLength -= strlen(truncateChar);
      let ret = truncateWidthWithAnsi(str, desiredLength);
      ret += truncateChar;
      const hrefTag = "\x1B]8;;\x07";
      if (str.includes(hrefTag) && !ret.includes(hrefTag)) {
        ret += hrefTag;
      }
      return ret;
    }
    function defaultOptions() {
      return {
        chars: {
          top: "\u2500",
          "top-mid": "\u252C",
          "top-left": "\u250C",
          "top-right": "\u2510",
          bottom: "\u2500",
          "bottom-mid": "\u2534",
          "bottom-left": "\u2514",
          "bottom-right": "\u2518",
          left: "\u2502",
          "left-mid": "\u251C",
          mid: "\u2500",
          "mid-mid": "\u253C",
          right: "\u2502",
          "right-mid": "\u2524",
          middle: "\u2502"
        },
        truncate: "\u2026",
        colWidths: [],
        rowHeights: [],
        colAligns: [],
        rowAligns: [],
        style: {
          "padding-left": 1,
          "padding-right": 1,
          head: ["red"],
          border: ["grey"],
          compact: false
        },
        head: []
      };
    }
    function mergeOptions(options, defaults) {
      options = options || {};
      defaults = defaults || defaultOptions();
      let ret = Object.assign({}, defaults, options);
      ret.chars = Object.assign({}, defaults.chars, options.chars);
      ret.style = Object.assign({}, defaults.style, options.style);
      return ret;
    }
    function wordWrap(maxLength, input) {
      let lines = [];
      let split = input.split(/(\s+)/g);
      let line = [];
      let lineLength = 0;
      let whitespace;
      for (let i = 0; i < split.length; i += 2) {
        let word = split[i];
        let newLength = lineLength + strlen(word);
        if (lineLength > 0 && whitespace) {
          newLength += whitespace.length;
        }
        if (newLength > maxLength) {
          if (lineLength !== 0) {
            lines.push(line.join(""));
          }
          line = [word];
          lineLength = strlen(word);
        } else {
          line.push(whitespace || "", word);
          lineLength = newLength;
        }
        whitespace = split[i + 1];
      }
      if (lineLength) {
        lines.push(line.join(""));
      }
      return lines;
    }
    function textWrap(maxLength, input) {
      let lines = [];
      let line = "";
      function pushLine(str, ws) {
        if (line.length && ws) line += ws;
        line += str;
        while (line.length > maxLength) {
          lines.push(line.slice(0, maxLength));
          line = line.slice(maxLength);
        }
      }
      let split = input.split(/(\s+)/g);
      for (let i = 0; i < split.length; i += 2) {
        pushLine(split[i], i && split[i - 1]);
      }
      if (line.length) lines.push(line);
      return lines;
    }
    function multiLineWordWrap(maxLength, input, wrapOnWordBoundary = true) {
      let output = [];
      input = input.split("\n");
      const handler = wrapOnWordBoundary ? wordWrap : textWrap;
      for (let i = 0; i < input.length; i++) {
        output.push.apply(output, handler(maxLength, input[i]));
      }
      return output;
    }
    function colorizeLines(input) {
      let state = {};
      let output = [];
      for (let i = 0; i < input.length; i++) {
        let line = rewindState(state, input[i]);
        state = readState(line);
        let temp = Object.assign({}, state);
        output.push(unwindState(temp, line));
      }
      return output;
    }
    function hyperlink(url, text) {
      const OSC = "\x1B]";
      const BEL = "\x07";
      const SEP = ";";
      return [OSC, "8", SEP, SEP, url || text, BEL, text, OSC, "8", SEP, SEP, BEL].join("");
    }
    module2.exports = {
      strlen,
      repeat,
      pad,
      truncate,
      mergeOptions,
      wordWrap: multiLineWordWrap,
      colorizeLines,
      hyperlink
    };
  }
});

// node_modules/@colors/colors/lib/styles.js
var require_styles = __commonJS({
  "node_modules/@colors/colors/lib/styles.js"(exports2, module2) {
    var styles = {};
    module2["exports"] = styles;
    var codes = {
      reset: [0, 0],
      bold: [1, 22],
      dim: [2, 22],
      italic: [3, 23],
      underline: [4, 24],
      inverse: [7, 27],
      hidden: [8, 28],
      strikethrough: [9, 29],
      black: [30, 39],
      red: [31, 39],
      green: [32, 39],
      yellow: [33, 39],
      blue: [34, 39],
      magenta: [35, 39],
      cyan: [36, 39],
      white: [37, 39],
      gray: [90, 39],
      grey: [90, 39],
      brightRed: [91, 39],
      brightGreen: [92, 39],
      brightYellow: [93, 39],
      brightBlue: [94, 39],
      brightMagenta: [95, 39],
      brightCyan: [96, 39],
      brightWhite: [97, 39],
      bgBlack: [40, 49],
      bgRed: [41, 49],
      bgGreen: [42, 49],
      bgYellow: [43, 49],
      bgBlue: [44, 49],
      bgMagenta: [45, 49],
      bgCyan: [46, 49],
      bgWhite: [47, 49],
      bgGray: [100, 49],
      bgGrey: [100, 49],
      bgBrightRed: [101, 49],
      bgBrightGreen: [102, 49],
      bgBrightYellow: [103, 49],
      bgBrightBlue: [104, 49],
      bgBrightMagenta: [105, 49],
      bgBrightCyan: [106, 49],
      bgBrightWhite: [107, 49],
      // legacy styles for colors pre v1.0.0
      blackBG: [40, 49],
      redBG: [41, 49],
      greenBG: [42, 49],
      yellowBG: [43, 49],
      blueBG: [44, 49],
      magentaBG: [45, 49],
      cyanBG: [46, 49],
      whiteBG: [47, 49]
    };
    Object.keys(codes).forEach(function(key) {
      var val = codes[key];
      var style = styles[key] = [];
      style.open = "\x1B[" + val[0] + "m";
      style.close = "\x1B[" + val[1] + "m";
    });
  }
});

// node_modules/@colors/colors/lib/system/has-flag.js
var require_has_flag = __commonJS({
  "node_modules/@colors/colors/lib/system/has-flag.js"(exports2, module2) {
    "use strict";
    module2.exports = function(flag, argv) {
      argv = argv || process.argv;
      var terminatorPos = argv.indexOf("--");
      var prefix = /^-{1,2}/.test(flag) ? "" : "--";
      var pos = argv.indexOf(prefix + flag);
      return pos !== -1 && (terminatorPos === -1 ? true : pos < terminatorPos);
    };
  }
});

// node_modules/@colors/colors/lib/system/supports-colors.js
var require_supports_colors = __commonJS({
  "node_modules/@colors/colors/lib/system/supports-colors.js"(exports2, module2) {
    "use strict";
    var os = require("os");
    var hasFlag = require_has_flag();
    var env = process.env;
    var forceColor = void 0;
    if (hasFlag("no-color") || hasFlag("no-colors") || hasFlag("color=false")) {
      forceColor = false;
    } else if (hasFlag("color") || hasFlag("colors") || hasFlag("color=true") || hasFlag("color=always")) {
      forceColor = true;
    }
    if ("FORCE_COLOR" in env) {
      forceColor = env.FORCE_COLOR.length === 0 || parseInt(env.FORCE_COLOR, 10) !== 0;
    }
    function translateLevel(level) {
      if (level === 0) {
        return false;
      }
      return {
        level,
        hasBasic: true,
        has256: level >= 2,
        has16m: level >= 3
      };
    }
    function supportsColor(stream) {
      if (forceColor === false) {
        return 0;
      }
      if (hasFlag("color=16m") || hasFlag("color=full") || hasFlag("color=truecolor")) {
        return 3;
      }
      if (hasFlag("color=256")) {
        return 2;
      }
      if (stream && !stream.isTTY && forceColor !== true) {
        return 0;
      }
      var min = forceColor ? 1 : 0;
      if (process.platform === "win32") {
        var osRelease = os.release().split(".");
        if (Number(process.versions.node.split(".")[0]) >= 8 && Number(osRelease[0]) >= 10 && Number(osRelease[2]) >= 10586) {
          return Number(osRelease[2]) >= 14931 ? 3 : 2;
        }
        return 1;
      }
      if ("CI" in env) {
        if (["TRAVIS", "CIRCLECI", "APPVEYOR", "GITLAB_CI"].some(function(sign) {
          return sign in env;
        }) || env.CI_NAME === "codeship") {
          return 1;
        }
        return min;
      }
      if ("TEAMCITY_VERSION" in env) {
        return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? 1 : 0;
      }
      if ("TERM_PROGRAM" in env) {
        var version = parseInt((env.TERM_PROGRAM_VERSION || "").split(".")[0], 10);
        switch (env.TERM_PROGRAM) {
          case "iTerm.app":
            return version >= 3 ? 3 : 2;
          case "Hyper":
            return 3;
          case "Apple_Terminal":
            return 2;
        }
      }
      if (/-256(color)?$/i.test(env.TERM)) {
        return 2;
      }
      if (/^screen|^xterm|^vt100|^rxvt|color|ansi|cygwin|linux/i.test(env.TERM)) {
        return 1;
      }
      if ("COLORTERM" in env) {
        return 1;
      }
      if (env.TERM === "dumb") {
        return min;
      }
      return min;
    }
    function getSupportLevel(stream) {
      var level = supportsColor(stream);
      return translateLevel(level);
    }
    module2.exports = {
      supportsColor: getSupportLevel,
      stdout: getSupportLevel(process.stdout),
      stderr: getSupportLevel(process.stderr)
    };
  }
});

// node_modules/@colors/colors/lib/custom/trap.js
var require_trap = __commonJS({
  "node_modules/@colors/colors/lib/custom/trap.js"(exports2, module2) {
    module2["exports"] = function runTheTrap(text, options) {
      var result = "";
      text = text || "Run the trap, drop the bass";
      text = text.split("");
      var trap = {
        a: ["@", "\u0104", "\u023A", "\u0245", "\u0394", "\u039B", "\u0414"],
        b: ["\xDF", "\u0181", "\u0243", "\u026E", "\u03B2", "\u0E3F"],
        c: ["\xA9", "\u023B", "\u03FE"],
        d: ["\xD0", "\u018A", "\u0500", "\u0501", "\u0502", "\u0503"],
        e: [
          "\xCB",
          "\u0115",
          "\u018E",
          "\u0258",
          "\u03A3",
          "\u03BE",
          "\u04BC",
          "\u0A6C"
        ],
        f: ["\u04FA"],
        g: ["\u0262"],
        h: ["\u0126", "\u0195", "\u04A2", "\u04BA", "\u04C7", "\u050A"],
        i: ["\u0F0F"],
        j: ["\u0134"],
        k: ["\u0138", "\u04A0", "\u04C3", "\u051E"],
        l: ["\u0139"],
        m: ["\u028D", "\u04CD", "\u04CE", "\u0520", "\u0521", "\u0D69"],
        n: ["\xD1", "\u014B", "\u019D", "\u0376", "\u03A0", "\u048A"],
        o: [
          "\xD8",
          "\xF5",
          "\xF8",
          "\u01FE",
          "\u0298",
          "\u047A",
          "\u05DD",
          "\u06DD",
          "\u0E4F"
        ],
        p: ["\u01F7", "\u048E"],
        q: ["\u09CD"],
        r: ["\xAE", "\u01A6", "\u0210", "\u024C", "\u0280", "\u042F"],
        s: ["\xA7", "\u03DE", "\u03DF", "\u03E8"],
        t: ["\u0141", "\u0166", "\u0373"],
        u: ["\u01B1", "\u054D"],
        v: ["\u05D8"],
        w: ["\u0428", "\u0460", "\u047C", "\u0D70"],
        x: ["\u04B2", "\u04FE", "\u04FC", "\u04FD"],
        y: ["\xA5", "\u04B0", "\u04CB"],
        z: ["\u01B5", "\u0240"]
      };
      text.forEach(function(c) {
        c = c.toLowerCase();
        var chars = trap[c] || [" "];
        var rand = Math.floor(Math.random() * chars.length);
        if (typeof trap[c] !== "undefined") {
          result += trap[c][rand];
        } else {
          result += c;
        }
      });
      return result;
    };
  }
});

// node_modules/@colors/colors/lib/custom/zalgo.js
var require_zalgo = __commonJS({
  "node_modules/@colors/colors/lib/custom/zalgo.js"(exports2, module2) {
    module2["exports"] = function zalgo(text, options) {
      text = text || "   he is here   ";
      var soul = {
        "up": [
          "\u030D",
          "\u030E",
          "\u0304",
          "\u0305",
          "\u033F",
          "\u0311",
          "\u0306",
          "\u0310",
          "\u0352",
          "\u0357",
          "\u0351",
          "\u0307",
          "\u0308",
          "\u030A",
          "\u0342",
          "\u0313",
          "\u0308",
          "\u034A",
          "\u034B",
          "\u034C",
          "\u0303",
          "\u0302",
          "\u030C",
          "\u0350",
          "\u0300",
          "\u0301",
          "\u030B",
          "\u030F",
          "\u0312",
          "\u0313",
          "\u0314",
          "\u033D",
          "\u0309",
          "\u0363",
          "\u0364",
          "\u0365",
          "\u0366",
          "\u0367",
          "\u0368",
          "\u0369",
          "\u036A",
          "\u036B",
          "\u036C",
          "\u036D",
          "\u036E",
          "\u036F",
          "\u033E",
          "\u035B",
          "\u0346",
          "\u031A"
        ],
        "down": [
          "\u0316",
          "\u0317",
          "\u0318",
          "\u0319",
          "\u031C",
          "\u031D",
          "\u031E",
          "\u031F",
          "\u0320",
          "\u0324",
          "\u0325",
          "\u0326",
          "\u0329",
          "\u032A",
          "\u032B",
          "\u032C",
          "\u032D",
          "\u032E",
          "\u032F",
          "\u0330",
          "\u0331",
          "\u0332",
          "\u0333",
          "\u0339",
          "\u033A",
          "\u033B",
          "\u033C",
          "\u0345",
          "\u0347",
          "\u0348",
          "\u0349",
          "\u034D",
          "\u034E",
          "\u0353",
          "\u0354",
          "\u0355",
          "\u0356",
          "\u0359",
          "\u035A",
          "\u0323"
        ],
        "mid": [
          "\u0315",
          "\u031B",
          "\u0300",
          "\u0301",
          "\u0358",
          "\u0321",
          "\u0322",
          "\u0327",
          "\u0328",
          "\u0334",
          "\u0335",
          "\u0336",
          "\u035C",
          "\u035D",
          "\u035E",
          "\u035F",
          "\u0360",
          "\u0362",
          "\u0338",
          "\u0337",
          "\u0361",
          " \u0489"
        ]
      };
      var all = [].concat(soul.up, soul.down, soul.mid);
      function randomNumber(range) {
        var r = Math.floor(Math.random() * range);
        return r;
      }
      function isChar(character) {
        var bool = false;
        all.filter(function(i) {
          bool = i === character;
        });
        return bool;
      }
      function heComes(text2, options2) {
        var result = "";
        var counts2;
        var l;
        options2 = options2 || {};
        options2["up"] = typeof options2["up"] !== "undefined" ? options2["up"] : true;
        options2["mid"] = typeof options2["mid"] !== "undefined" ? options2["mid"] : true;
        options2["down"] = typeof options2["down"] !== "undefined" ? options2["down"] : true;
        options2["size"] = typeof options2["size"] !== "undefined" ? options2["size"] : "maxi";
        text2 = text2.split("");
        for (l in text2) {
          if (isChar(l)) {
            continue;
          }
          result = result + text2[l];
          counts2 = { "up": 0, "down": 0, "mid": 0 };
          switch (options2.size) {
            case "mini":
              counts2.up = randomNumber(8);
              counts2.mid = randomNumber(2);
              counts2.down = randomNumber(8);
              break;
            case "maxi":
              counts2.up = randomNumber(16) + 3;
              counts2.mid = randomNumber(4) + 1;
              counts2.down = randomNumber(64) + 3;
              break;
            default:
              counts2.up = randomNumber(8) + 1;
              counts2.mid = randomNumber(6) / 2;
              counts2.down = randomNumber(8) + 1;
              break;
          }
          var arr = ["up", "mid", "down"];
          for (var d in arr) {
            var index = arr[d];
            for (var i = 0; i <= counts2[index]; i++) {
              if (options2[index]) {
                result = result + soul[index][randomNumber(soul[index].length)];
              }
            }
          }
        }
        return result;
      }
      return heComes(text, options);
    };
  }
});

// node_modules/@colors/colors/lib/maps/america.js
var require_america = __commonJS({
  "node_modules/@colors/colors/lib/maps/america.js"(exports2, module2) {
    module2["exports"] = function(colors) {
      return function(letter, i, exploded) {
        if (letter === " ") return letter;
        switch (i % 3) {
          case 0:
            return colors.red(letter);
          case 1:
            return colors.white(letter);
          case 2:
            return colors.blue(letter);
        }
      };
    };
  }
});

// node_modules/@colors/colors/lib/maps/zebra.js
var require_zebra = __commonJS({
  "node_modules/@colors/colors/lib/maps/zebra.js"(exports2, module2) {
    module2["exports"] = function(colors) {
      return function(letter, i, exploded) {
        return i % 2 === 0 ? letter : colors.inverse(letter);
      };
    };
  }
});

// node_modules/@colors/colors/lib/maps/rainbow.js
var require_rainbow = __commonJS({
  "node_modules/@colors/colors/lib/maps/rainbow.js"(exports2, module2) {
    module2["exports"] = function(colors) {
      var rainbowColors = ["red", "yellow", "green", "blue", "magenta"];
      return function(letter, i, exploded) {
        if (letter === " ") {
          return letter;
        } else {
          return colors[rainbowColors[i++ % rainbowColors.length]](letter);
        }
      };
    };
  }
});

// node_modules/@colors/colors/lib/maps/random.js
var require_random = __commonJS({
  "node_modules/@colors/colors/lib/maps/random.js"(exports2, module2) {
    module2["exports"] = function(colors) {
      var available = [
        "underline",
        "inverse",
        "grey",
        "yellow",
        "red",
        "green",
        "blue",
        "white",
        "cyan",
        "magenta",
        "brightYellow",
        "brightRed",
        "brightGreen",
        "brightBlue",
        "brightWhite",
        "brightCyan",
        "brightMagenta"
      ];
      return function(letter, i, exploded) {
        return letter === " " ? letter : colors[available[Math.round(Math.random() * (available.length - 2))]](letter);
      };
    };
  }
});

// node_modules/@colors/colors/lib/colors.js
var require_colors = __commonJS({
  "node_modules/@colors/colors/lib/colors.js"(exports2, module2) {
    var colors = {};
    module2["exports"] = colors;
    colors.themes = {};
    var util = require("util");
    var ansiStyles = colors.styles = require_styles();
    var defineProps = Object.defineProperties;
    var newLineRegex = new RegExp(/[\r\n]+/g);
    colors.supportsColor = require_supports_colors().supportsColor;
    if (typeof colors.enabled === "undefined") {
      colors.enabled = colors.supportsColor() !== false;
    }
    colors.enable = function() {
      colors.enabled = true;
    };
    colors.disable = function() {
      colors.enabled = false;
    };
    colors.stripColors = colors.strip = function(str) {
      return ("" + str).replace(/\x1B\[\d+m/g, "");
    };
    var stylize = colors.stylize = function stylize2(str, style) {
      if (!colors.enabled) {
        return str + "";
      }
      var styleMap = ansiStyles[style];
      if (!styleMap && style in colors) {
        return colors[style](str);
      }
      return styleMap.open + str + styleMap.close;
    };
    var matchOperatorsRe = /[|\\{}()[\]^$+*?.]/g;
    var escapeStringRegexp = function(str) {
      if (typeof str !== "string") {
        throw new TypeError("Expected a string");
      }
      return str.replace(matchOperatorsRe, "\\$&");
    };
    function build(_styles) {
      var builder = function builder2() {
        return applyStyle.apply(builder2, arguments);
      };
      builder._styles = _styles;
      builder.__proto__ = proto;
      return builder;
    }
    var styles = (function() {
      var ret = {};
      ansiStyles.grey = ansiStyles.gray;
      Object.keys(ansiStyles).forEach(function(key) {
        ansiStyles[key].closeRe = new RegExp(escapeStringRegexp(ansiStyles[key].close), "g");
        ret[key] = {
          get: function() {
            return build(this._styles.concat(key));
          }
        };
      });
      return ret;
    })();
    var proto = defineProps(function colors2() {
    }, styles);
    function applyStyle() {
      var args = Array.prototype.slice.call(arguments);
      var str = args.map(function(arg) {
        if (arg != null && arg.constructor === String) {
          return arg;
        } else {
          return util.inspect(arg);
        }
      }).join(" ");
      if (!colors.enabled || !str) {
        return str;
      }
      var newLinesPresent = str.indexOf("\n") != -1;
      var nestedStyles = this._styles;
      var i = nestedStyles.length;
      while (i--) {
        var code = ansiStyles[nestedStyles[i]];
        str = code.open + str.replace(code.closeRe, code.open) + code.close;
        if (newLinesPresent) {
          str = str.replace(newLineRegex, function(match) {
            return code.close + match + code.open;
          });
        }
      }
      return str;
    }
    colors.setTheme = function(theme) {
      if (typeof theme === "string") {
        console.log("colors.setTheme now only accepts an object, not a string.  If you are trying to set a theme from a file, it is now your (the caller's) responsibility to require the file.  The old syntax looked like colors.setTheme(__dirname + '/../themes/generic-logging.js'); The new syntax looks like colors.setTheme(require(__dirname + '/../themes/generic-logging.js'));");
        return;
      }
      for (var style in theme) {
        (function(style2) {
          colors[style2] = function(str) {
            if (typeof theme[style2] === "object") {
              var out = str;
              for (var i in theme[style2]) {
                out = colors[theme[style2][i]](out);
              }
              return out;
            }
            return colors[theme[style2]](str);
          };
        })(style);
      }
    };
    function init() {
      var ret = {};
      Object.keys(styles).forEach(function(name) {
        ret[name] = {
          get: function() {
            return build([name]);
          }
        };
      });
      return ret;
    }
    var sequencer = function sequencer2(map2, str) {
      var exploded = str.split("");
      exploded = exploded.map(map2);
      return exploded.join("");
    };
    colors.trap = require_trap();
    colors.zalgo = require_zalgo();
    colors.maps = {};
    colors.maps.america = require_america()(colors);
    colors.maps.zebra = require_zebra()(colors);
    colors.maps.rainbow = require_rainbow()(colors);
    colors.maps.random = require_random()(colors);
    for (map in colors.maps) {
      (function(map2) {
        colors[map2] = function(str) {
          return sequencer(colors.maps[map2], str);
        };
      })(map);
    }
    var map;
    defineProps(colors, init());
  }
});

// node_modules/@colors/colors/safe.js
var require_safe = __commonJS({
  "node_modules/@colors/colors/safe.js"(exports2, module2) {
    var colors = require_colors();
    module2["exports"] = colors;
  }
});

// node_modules/cli-table3/src/cell.js
var require_cell = __commonJS({
  "node_modules/cli-table3/src/cell.js"(exports2, module2) {
    var { info, debug } = require_debug();
    var utils = require_utils();
    var Cell = class _Cell {
      /**
       * A representation of a cell within the table.
       * Implementations must have `init` and `draw` methods,
       * as well as `colSpan`, `rowSpan`, `desiredHeight` and `desiredWidth` properties.
       * @param options
       * @constructor
       */
      constructor(options) {
        this.setOptions(options);
        this.x = null;
        this.y = null;
      }
      setOptions(options) {
        if (["boolean", "number", "bigint", "string"].indexOf(typeof options) !== -1) {
          options = { content: "" + options };
        }
        options = options || {};
        this.options = options;
        let content = options.content;
        if (["boolean", "number", "bigint", "string"].indexOf(typeof content) !== -1) {
          this.content = String(content);
        } else if (!content) {
          this.content = this.options.href || "";
        } else {
          throw new Error("Content needs to be a primitive, got: " + typeof content);
        }
        this.colSpan = options.colSpan || 1;
        this.rowSpan = options.rowSpan || 1;
        if (this.options.href) {
          Object.defineProperty(this, "href", {
            get() {
              return this.options.href;
            }
          });
        }
      }
      mergeTableOptions(tableOptions, cells) {
        this.cells = cells;
        let optionsChars = this.options.chars || {};
        let tableChars = tableOptions.chars;
        let chars = this.chars = {};
        CHAR_NAMES.forEach(function(name) {
          setOption(optionsChars, tableChars, name, chars);
        });
        this.truncate = this.options.truncate || tableOptions.truncate;
        let style = this.options.style = this.options.style || {};
        let tableStyle = tableOptions.style;
        setOption(style, tableStyle, "padding-left", this);
        setOption(style, tableStyle, "padding-right", this);
        this.head = style.head || tableStyle.head;
        this.border = style.border || tableStyle.border;
        this.fixedWidth = tableOptions.colWidths[this.x];
        this.lines = this.computeLines(tableOptions);
        this.desiredWidth = utils.strlen(this.content) + this.paddingLeft + this.paddingRight;
        this.desiredHeight = this.lines.length;
      }
      computeLines(tableOptions) {
        const tableWordWrap = tableOptions.wordWrap || tableOptions.textWrap;
        const { wordWrap = tableWordWrap } = this.options;
        if (this.fixedWidth && wordWrap) {
          this.fixedWidth -= this.paddingLeft + this.paddingRight;
          if (this.colSpan) {
            let i = 1;
            while (i < this.colSpan) {
              this.fixedWidth += tableOptions.colWidths[this.x + i];
              i++;
            }
          }
          const { wrapOnWordBoundary: tableWrapOnWordBoundary = true } = tableOptions;
          const { wrapOnWordBoundary = tableWrapOnWordBoundary } = this.options;
          return this.wrapLines(utils.wordWrap(this.fixedWidth, this.content, wrapOnWordBoundary));
        }
        return this.wrapLines(this.content.split("\n"));
      }
      wrapLines(computedLines) {
        const lines = utils.colorizeLines(computedLines);
        if (this.href) {
          return lines.map((line) => utils.hyperlink(this.href, line));
        }
        return lines;
      }
      /**
       * Initializes the Cells data structure.
       *
       * @param tableOptions - A fully populated set of tableOptions.
       * In addition to the standard default values, tableOptions must have fully populated the
       * `colWidths` and `rowWidths` arrays. Those arrays must have lengths equal to the number
       * of columns or rows (respectively) in this table, and each array item must be a Number.
       *
       */
      init(tableOptions) {
        let x = this.x;
        let y = this.y;
        this.widths = tableOptions.colWidths.slice(x, x + this.colSpan);
        this.heights = tableOptions.rowHeights.slice(y, y + this.rowSpan);
        this.width = this.widths.reduce(sumPlusOne, -1);
        this.height = this.heights.reduce(sumPlusOne, -1);
        this.hAlign = this.options.hAlign || tableOptions.colAligns[x];
        this.vAlign = this.options.vAlign || tableOptions.rowAligns[y];
        this.drawRight = x + this.colSpan == tableOptions.colWidths.length;
      }
      /**
       * Draws the given line of the cell.
       * This default implementation defers to methods `drawTop`, `drawBottom`, `drawLine` and `drawEmpty`.
       * @param lineNum - can be `top`, `bottom` or a numerical line number.
       * @param spanningCell - will be a number if being called from a RowSpanCell, and will represent how
       * many rows below it's being called from. Otherwise it's undefined.
       * @returns {String} The representation of this line.
       */
      draw(lineNum, spanningCell) {
        if (lineNum == "top") return this.drawTop(this.drawRight);
        if (lineNum == "bottom") return this.drawBottom(this.drawRight);
        let content = utils.truncate(this.content, 10, this.truncate);
        if (!lineNum) {
          info(`${this.y}-${this.x}: ${this.rowSpan - lineNum}x${this.colSpan} Cell ${content}`);
        } else {
        }
        let padLen = Math.max(this.height - this.lines.length, 0);
        let padTop;
        switch (this.vAlign) {
          case "center":
            padTop = Math.ceil(padLen / 2);
            break;
          case "bottom":
            padTop = padLen;
            break;
          default:
            padTop = 0;
        }
        if (lineNum < padTop || lineNum >= padTop + this.lines.length) {
          return this.drawEmpty(this.drawRight, spanningCell);
        }
        let forceTruncation = this.lines.length > this.height && lineNum + 1 >= this.height;
        return this.drawLine(lineNum - padTop, this.drawRight, forceTruncation, spanningCell);
      }
      /**
       * Renders the top line of the cell.
       * @param drawRight - true if this method should render the right edge of the cell.
       * @returns {String}
       */
      drawTop(drawRight) {
        let content = [];
        if (this.cells) {
          this.widths.forEach(function(width, index) {
            content.push(this._topLeftChar(index));
            content.push(utils.repeat(this.chars[this.y == 0 ? "top" : "mid"], width));
          }, this);
        } else {
          content.push(this._topLeftChar(0));
          content.push(utils.repeat(this.chars[this.y == 0 ? "top" : "mid"], this.width));
        }
        if (drawRight) {
          content.push(this.chars[this.y == 0 ? "topRight" : "rightMid"]);
        }
        return this.wrapWithStyleColors("border", content.join(""));
      }
      _topLeftChar(offset) {
        let x = this.x + offset;
        let leftChar;
        if (this.y == 0) {
          leftChar = x == 0 ? "topLeft" : offset == 0 ? "topMid" : "top";
        } else {
          if (x == 0) {
            leftChar = "leftMid";
          } else {
            leftChar = offset == 0 ? "midMid" : "bottomMid";
            if (this.cells) {
              let spanAbove = this.cells[this.y - 1][x] instanceof _Cell.ColSpanCell;
              if (spanAbove) {
                leftChar = offset == 0 ? "topMid" : "mid";
              }
              if (offset == 0) {
                let i = 1;
                while (this.cells[this.y][x - i] instanceof _Cell.ColSpanCell) {
                  i++;
                }
                if (this.cells[this.y][x - i] instanceof _Cell.RowSpanCell) {
                  leftChar = "leftMid";
                }
              }
            }
          }
        }
        return this.chars[leftChar];
      }
      wrapWithStyleColors(styleProperty, content) {
        if (this[styleProperty] && this[styleProperty].length) {
          try {
            let colors = require_safe();
            for (let i = this[styleProperty].length - 1; i >= 0; i--) {
              colors = colors[this[styleProperty][i]];
            }
            return colors(content);
          } catch (e) {
            return content;
          }
        } else {
          return content;
        }
      }
      /**
       * Renders a line of text.
       * @param lineNum - Which line of text to render. This is not necessarily the line within the cell.
       * There may be top-padding above the first line of text.
       * @param drawRight - true if this method should render the right edge of the cell.
       * @param forceTruncationSymbol - `true` if the rendered text should end with the truncation symbol even
       * if the text fits. This is used when the cell is vertically truncated. If `false` the text should
       * only include the truncation symbol if the text will not fit horizontally within the cell width.
       * @param spanningCell - a number of if being called from a RowSpanCell. (how many rows below). otherwise undefined.
       * @returns {String}
       */
      drawLine(lineNum, drawRight, forceTruncationSymbol, spanningCell) {
        let left = this.chars[this.x == 0 ? "left" : "middle"];
        if (this.x && spanningCell && this.cells) {
          let cellLeft = this.cells[this.y + spanningCell][this.x - 1];
          while (cellLeft instanceof ColSpanCell) {
            cellLeft = this.cells[cellLeft.y][cellLeft.x - 1];
          }
          if (!(cellLeft instanceof RowSpanCell)) {
            left = this.chars["rightMid"];
          }
        }
        let leftPadding = utils.repeat(" ", this.paddingLeft);
        let right = drawRight ? this.chars["right"] : "";
        let rightPadding = utils.repeat(" ", this.paddingRight);
        let line = this.lines[lineNum];
        let len = this.width - (this.paddingLeft + this.paddingRight);
        if (forceTruncationSymbol) line += this.truncate || "\u2026";
        let content = utils.truncate(line, len, this.truncate);
        content = utils.pad(content, len, " ", this.hAlign);
        content = leftPadding + content + rightPadding;
        return this.stylizeLine(left, content, right);
      }
      stylizeLine(left, content, right) {
        left = this.wrapWithStyleColors("border", left);
        right = this.wrapWithStyleColors("border", right);
        if (this.y === 0) {
          content = this.wrapWithStyleColors("head", content);
        }
        return left + content + right;
      }
      /**
       * Renders the bottom line of the cell.
       * @param drawRight - true if this method should render the right edge of the cell.
       * @returns {String}
       */
      drawBottom(drawRight) {
        let left = this.chars[this.x == 0 ? "bottomLeft" : "bottomMid"];
        let content = utils.repeat(this.chars.bottom, this.width);
        let right = drawRight ? this.chars["bottomRight"] : "";
        return this.wrapWithStyleColors("border", left + content + right);
      }
      /**
       * Renders a blank line of text within the cell. Used for top and/or bottom padding.
       * @param drawRight - true if this method should render the right edge of the cell.
       * @param spanningCell - a number of if being called from a RowSpanCell. (how many rows below). otherwise undefined.
       * @returns {String}
       */
      drawEmpty(drawRight, spanningCell) {
        let left = this.chars[this.x == 0 ? "left" : "middle"];
        if (this.x && spanningCell && this.cells) {
          let cellLeft = this.cells[this.y + spanningCell][this.x - 1];
          while (cellLeft instanceof ColSpanCell) {
            cellLeft = this.cells[cellLeft.y][cellLeft.x - 1];
          }
          if (!(cellLeft instanceof RowSpanCell)) {
            left = this.chars["rightMid"];
          }
        }
        let right = drawRight ? this.chars["right"] : "";
        let content = utils.repeat(" ", this.width);
        return this.stylizeLine(left, content, right);
      }
    };
    var ColSpanCell = class {
      /**
       * A Cell that doesn't do anything. It just draws empty lines.
       * Used as a placeholder in column spanning.
       * @constructor
       */
      constructor() {
      }
      draw(lineNum) {
        if (typeof lineNum === "number") {
          debug(`${this.y}-${this.x}: 1x1 ColSpanCell`);
        }
        return "";
      }
      init() {
      }
      mergeTableOptions() {
      }
    };
    var RowSpanCell = class {
      /**
       * A placeholder Cell for a Cell that spans multiple rows.
       * It delegates rendering to the original cell, but adds the appropriate offset.
       * @param originalCell
       * @constructor
       */
      constructor(originalCell) {
        this.originalCell = originalCell;
      }
      init(tableOptions) {
        let y = this.y;
        let originalY = this.originalCell.y;
        this.cellOffset = y - originalY;
        this.offset = findDimension(tableOptions.rowHeights, originalY, this.cellOffset);
      }
      draw(lineNum) {
        if (lineNum == "top") {
          return this.originalCell.draw(this.offset, this.cellOffset);
        }
        if (lineNum == "bottom") {
          return this.originalCell.draw("bottom");
        }
        debug(`${this.y}-${this.x}: 1x${this.colSpan} RowSpanCell for ${this.originalCell.content}`);
        return this.originalCell.draw(this.offset + 1 + lineNum);
      }
      mergeTableOptions() {
      }
    };
    function firstDefined(...args) {
      return args.filter((v) => v !== void 0 && v !== null).shift();
    }
    function setOption(objA, objB, nameB, targetObj) {
      let nameA = nameB.split("-");
      if (nameA.length > 1) {
        nameA[1] = nameA[1].charAt(0).toUpperCase() + nameA[1].substr(1);
        nameA = nameA.join("");
        targetObj[nameA] = firstDefined(objA[nameA], objA[nameB], objB[nameA], objB[nameB]);
      } else {
        targetObj[nameB] = firstDefined(objA[nameB], objB[nameB]);
      }
    }
    function findDimension(dimensionTable, startingIndex, span) {
      let ret = dimensionTable[startingIndex];
      for (let i = 1; i < span; i++) {
        ret += 1 + dimensionTable[startingIndex + i];
      }
      return ret;
    }
    function sumPlusOne(a, b) {
      return a + b + 1;
    }
    var CHAR_NAMES = [
      "top",
      "top-mid",
      "top-left",
      "top-right",
      "bottom",
      "bottom-mid",
      "bottom-left",
      "bottom-right",
      "left",
      "left-mid",
      "mid",
      "mid-mid",
      "right",
      "right-mid",
      "middle"
    ];
    module2.exports = Cell;
    module2.exports.ColSpanCell = ColSpanCell;
    module2.exports.RowSpanCell = RowSpanCell;
  }
});

// node_modules/cli-table3/src/layout-manager.js
var require_layout_manager = __commonJS({
  "node_modules/cli-table3/src/layout-manager.js"(exports2, module2) {
    var { warn, debug } = require_debug();
    var Cell = require_cell();
    var { ColSpanCell, RowSpanCell } = Cell;
    (function() {
      function next(alloc, col) {
        if (alloc[col] > 0) {
          return next(alloc, col + 1);
        }
        return col;
      }
      function layoutTable(table) {
        let alloc = {};
        table.forEach(function(row, rowIndex) {
          let col = 0;
          row.forEach(function(cell) {
            cell.y = rowIndex;
            cell.x = rowIndex ? next(alloc, col) : col;
            const rowSpan = cell.rowSpan || 1;
            const colSpan = cell.colSpan || 1;
            if (rowSpan > 1) {
              for (let cs = 0; cs < colSpan; cs++) {
                alloc[cell.x + cs] = rowSpan;
              }
            }
            col = cell.x + colSpan;
          });
          Object.keys(alloc).forEach((idx) => {
            alloc[idx]--;
            if (alloc[idx] < 1) delete alloc[idx];
          });
        });
      }
      function maxWidth(table) {
        let mw = 0;
        table.forEach(function(row) {
          row.forEach(function(cell) {
            mw = Math.max(mw, cell.x + (cell.colSpan || 1));
          });
        });
        return mw;
      }
      function maxHeight(table) {
        return table.length;
      }
      function cellsConflict(cell1, cell2) {
        let yMin1 = cell1.y;
        let yMax1 = cell1.y - 1 + (cell1.rowSpan || 1);
        let yMin2 = cell2.y;
        let yMax2 = cell2.y - 1 + (cell2.rowSpan || 1);
        let yConflict = !(yMin1 > yMax2 || yMin2 > yMax1);
        let xMin1 = cell1.x;
        let xMax1 = cell1.x - 1 + (cell1.colSpan || 1);
        let xMin2 = cell2.x;
        let xMax2 = cell2.x - 1 + (cell2.colSpan || 1);
        let xConflict = !(xMin1 > xMax2 || xMin2 > xMax1);
        return yConflict && xConflict;
      }
      function conflictExists(rows, x, y) {
        let i_max = Math.min(rows.length - 1, y);
        let cell = { x, y };
        for (let i = 0; i <= i_max; i++) {
          let row = rows[i];
          for (let j = 0; j < row.length; j++) {
            if (cellsConflict(cell, row[j])) {
              return true;
            }
          }
        }
        return false;
      }
      function allBlank(rows, y, xMin, xMax) {
        for (let x = xMin; x < xMax; x++) {
          if (conflictExists(rows, x, y)) {
            return false;
          }
        }
        return true;
      }
      function addRowSpanCells(table) {
        table.forEach(function(row, rowIndex) {
          row.forEach(function(cell) {
            for (let i = 1; i < cell.rowSpan; i++) {
              let rowSpanCell = new RowSpanCell(cell);
              rowSpanCell.x = cell.x;
              rowSpanCell.y = cell.y + i;
              rowSpanCell.colSpan = cell.colSpan;
              insertCell(rowSpanCell, table[rowIndex + i]);
            }
          });
        });
      }
      function addColSpanCells(cellRows) {
        for (let rowIndex = cellRows.length - 1; rowIndex >= 0; rowIndex--) {
          let cellColumns = cellRows[rowIndex];
          for (let columnIndex = 0; columnIndex < cellColumns.length; columnIndex++) {
            let cell = cellColumns[columnIndex];
            for (let k = 1; k < cell.colSpan; k++) {
              let colSpanCell = new ColSpanCell();
              colSpanCell.x = cell.x + k;
              colSpanCell.y = cell.y;
              cellColumns.splice(columnIndex + 1, 0, colSpanCell);
            }
          }
        }
      }
      function insertCell(cell, row) {
        let x = 0;
        while (x < row.length && row[x].x < cell.x) {
          x++;
        }
        row.splice(x, 0, cell);
      }
      function fillInTable(table) {
        let h_max = maxHeight(table);
        let w_max = maxWidth(table);
        debug(`Max rows: ${h_max}; Max cols: ${w_max}`);
        for (let y = 0; y < h_max; y++) {
          for (let x = 0; x < w_max; x++) {
            if (!conflictExists(table, x, y)) {
              let opts = { x, y, colSpan: 1, rowSpan: 1 };
              x++;
              while (x < w_max && !conflictExists(table, x, y)) {
                opts.colSpan++;
                x++;
              }
              let y2 = y + 1;
              while (y2 < h_max && allBlank(table, y2, opts.x, opts.x + opts.colSpan)) {
                opts.rowSpan++;
                y2++;
              }
              let cell = new Cell(opts);
              cell.x = opts.x;
              cell.y = opts.y;
              warn(`Missing cell at ${cell.y}-${cell.x}.`);
              insertCell(cell, table[y]);
            }
          }
        }
      }
      function generateCells(rows) {
        return rows.map(function(row) {
          if (!Array.isArray(row)) {
            let key = Object.keys(row)[0];
            row = row[key];
            if (Array.isArray(row)) {
              row = row.slice();
              row.unshift(key);
            } else {
              row = [key, row];
            }
          }
          return row.map(function(cell) {
            return new Cell(cell);
          });
        });
      }
      function makeTableLayout(rows) {
        let cellRows = generateCells(rows);
        layoutTable(cellRows);
        fillInTable(cellRows);
        addRowSpanCells(cellRows);
        addColSpanCells(cellRows);
        return cellRows;
      }
      module2.exports = {
        makeTableLayout,
        layoutTable,
        addRowSpanCells,
        maxWidth,
        fillInTable,
        computeWidths: makeComputeWidths("colSpan", "desiredWidth", "x", 1),
        computeHeights: makeComputeWidths("rowSpan", "desiredHeight", "y", 1)
      };
    })();
    function makeComputeWidths(colSpan, desiredWidth, x, forcedMin) {
      return function(vals, table) {
        let result = [];
        let spanners = [];
        let auto = {};
        table.forEach(function(row) {
          row.forEach(function(cell) {
            if ((cell[colSpan] || 1) > 1) {
              spanners.push(cell);
            } else {
              result[cell[x]] = Math.max(result[cell[x]] || 0, cell[desiredWidth] || 0, forcedMin);
            }
          });
        });
        vals.forEach(function(val, index) {
          if (typeof val === "number") {
            result[index] = val;
          }
        });
        for (let k = spanners.length - 1; k >= 0; k--) {
          let cell = spanners[k];
          let span = cell[colSpan];
          let col = cell[x];
          let existingWidth = result[col];
          let editableCols = typeof vals[col] === "number" ? 0 : 1;
          if (typeof existingWidth === "number") {
            for (let i = 1; i < span; i++) {
              existingWidth += 1 + result[col + i];
              if (typeof vals[col + i] !== "number") {
                editableCols++;
              }
            }
          } else {
            existingWidth = desiredWidth === "desiredWidth" ? cell.desiredWidth - 1 : 1;
            if (!auto[col] || auto[col] < existingWidth) {
              auto[col] = existingWidth;
            }
          }
          if (cell[desiredWidth] > existingWidth) {
            let i = 0;
            while (editableCols > 0 && cell[desiredWidth] > existingWidth) {
              if (typeof vals[col + i] !== "number") {
                let dif = Math.round((cell[desiredWidth] - existingWidth) / editableCols);
                existingWidth += dif;
                result[col + i] += dif;
                editableCols--;
              }
              i++;
            }
          }
        }
        Object.assign(vals, result, auto);
        for (let j = 0; j < vals.length; j++) {
          vals[j] = Math.max(forcedMin, vals[j] || 0);
        }
      };
    }
  }
});

// node_modules/cli-table3/src/table.js
var require_table = __commonJS({
  "node_modules/cli-table3/src/table.js"(exports2, module2) {
    var debug = require_debug();
    var utils = require_utils();
    var tableLayout = require_layout_manager();
    var Table2 = class extends Array {
      constructor(opts) {
        super();
        const options = utils.mergeOptions(opts);
        Object.defineProperty(this, "options", {
          value: options,
          enumerable: options.debug
        });
        if (options.debug) {
          switch (typeof options.debug) {
            case "boolean":
              debug.setDebugLevel(debug.WARN);
              break;
            case "number":
              debug.setDebugLevel(options.debug);
              break;
            case "string":
              debug.setDebugLevel(parseInt(options.debug, 10));
              break;
            default:
              debug.setDebugLevel(debug.WARN);
              debug.warn(`Debug option is expected to be boolean, number, or string. Received a ${typeof options.debug}`);
          }
          Object.defineProperty(this, "messages", {
            get() {
              return debug.debugMessages();
            }
          });
        }
      }
      toString() {
        let array = this;
        let headersPresent = this.options.head && this.options.head.length;
        if (headersPresent) {
          array = [this.options.head];
          if (this.length) {
            array.push.apply(array, this);
          }
        } else {
          this.options.style.head = [];
        }
        let cells = tableLayout.makeTableLayout(array);
        cells.forEach(function(row) {
          row.forEach(function(cell) {
            cell.mergeTableOptions(this.options, cells);
          }, this);
        }, this);
        tableLayout.computeWidths(this.options.colWidths, cells);
        tableLayout.computeHeights(this.options.rowHeights, cells);
        cells.forEach(function(row) {
          row.forEach(function(cell) {
            cell.init(this.options);
          }, this);
        }, this);
        let result = [];
        for (let rowIndex = 0; rowIndex < cells.length; rowIndex++) {
          let row = cells[rowIndex];
          let heightOfRow = this.options.rowHeights[rowIndex];
          if (rowIndex === 0 || !this.options.style.compact || rowIndex == 1 && headersPresent) {
            doDraw(row, "top", result);
          }
          for (let lineNum = 0; lineNum < heightOfRow; lineNum++) {
            doDraw(row, lineNum, result);
          }
          if (rowIndex + 1 == cells.length) {
            doDraw(row, "bottom", result);
          }
        }
        return result.join("\n");
      }
      get width() {
        let str = this.toString().split("\n");
        return str[0].length;
      }
    };
    Table2.reset = () => debug.reset();
    function doDraw(row, lineNum, result) {
      let line = [];
      row.forEach(function(cell) {
        line.push(cell.draw(lineNum));
      });
      let str = line.join("");
      if (str.length) result.push(str);
    }
    module2.exports = Table2;
  }
});

// node_modules/cli-table3/index.js
var require_cli_table3 = __commonJS({
  "node_modules/cli-table3/index.js"(exports2, module2) {
    module2.exports = require_table();
  }
});

// src/formats/hf-folder.ts
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
var TRANSFORMERS_FILES, DEFAULT_FILES, SAFETENSORS, PICKLES;
var init_hf_folder = __esm({
  "src/formats/hf-folder.ts"() {
    "use strict";
    init_errors();
    TRANSFORMERS_FILES = [
      { name: "model.safetensors", why: "SAFE_WEIGHTS_NAME: tried first whenever use_safetensors is not False (its default)" },
      { name: "model.safetensors.index.json", why: "SAFE_WEIGHTS_INDEX_NAME: tried only when model.safetensors is absent" },
      { name: "pytorch_model.bin", why: "WEIGHTS_NAME: tried only when there is no safetensors checkpoint" },
      { name: "pytorch_model.bin.index.json", why: "WEIGHTS_INDEX_NAME: tried only when pytorch_model.bin is absent" }
    ];
    DEFAULT_FILES = TRANSFORMERS_FILES.map((f) => f.name);
    SAFETENSORS = /\.safetensors$/;
    PICKLES = /\.(bin|pt|pth|ckpt)$/;
  }
});

// src/formats/key-list.ts
function withoutComment(line) {
  if (line.startsWith("#")) return "";
  const m = /\s#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}
function looksLikeKeyList(text) {
  const head = text.slice(0, 65536).replace(/^\uFEFF/, "");
  if (head.includes("\0")) return false;
  const lines = head.split(/\r\n|\r|\n/);
  if (text.length > head.length) lines.pop();
  let keys = 0;
  for (const raw of lines) {
    const line = withoutComment(raw).trim();
    if (!line) continue;
    if (WHITESPACE.test(line) || line.startsWith("{") || line.startsWith("[")) return false;
    keys++;
  }
  return keys > 0;
}
var WHITESPACE;
var init_key_list = __esm({
  "src/formats/key-list.ts"() {
    "use strict";
    init_errors();
    WHITESPACE = /\s/;
  }
});

// src/formats/printed-keys.ts
function cutShapeLine(line) {
  const m = /^\S+?:?\s+(.*)$/.exec(line);
  if (!m) return /^\S+$/.test(line);
  const rest = m[1];
  return "torch.Size([".startsWith(rest) || /^(?:torch\.Size\(\[|[(\[])[\d,\s]*(?:\]\)?)?$/.test(rest);
}
function looksLikePrintedKeys(text) {
  const head = text.slice(0, SAMPLE).replace(/^\uFEFF/, "");
  if (LIST_START.test(head)) return true;
  const lines = head.split(/\r\n|\r|\n/);
  if (text.length > head.length || lines.length > 1 && cutShapeLine(lines[lines.length - 1].trim())) lines.pop();
  let shaped = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || CUT_LINE.test(line)) continue;
    if (!SHAPE_LINE.test(line)) return false;
    shaped++;
  }
  return shaped > 0;
}
var KEY_LIST_FORMS, KEY_LIST_FORMS_LINE, LIST_START, SHAPE_LINE, CUT_LINE, SAMPLE;
var init_printed_keys = __esm({
  "src/formats/printed-keys.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    KEY_LIST_FORMS = [
      { printedBy: `print(*sd, sep='\\n')`, looks: "one key a line", shapes: false },
      { printedBy: "print(sd.keys())", looks: "odict_keys(['conv.weight', \u2026])", shapes: false },
      { printedBy: "print(list(sd))", looks: "['conv.weight', \u2026]", shapes: false },
      { printedBy: "print(k, v.shape)", looks: "conv.weight torch.Size([8, 3, 3, 3])", shapes: true },
      { printedBy: "print(k, tuple(v.shape))", looks: "conv.weight (8, 3, 3, 3)", shapes: true }
    ];
    KEY_LIST_FORMS_LINE = KEY_LIST_FORMS.map((f) => f.printedBy).join(", ");
    LIST_START = /^\s*(?:(o?dict_keys)\(\s*)?\[\s*(?=['"]|\]|\.\.\.|\u2026)/;
    SHAPE_LINE = /^(\S+?):?\s+(?:torch\.Size\(\[([\d,\s]*)\]\)|\(([\d,\s]*)\)|\[([\d,\s]*)\])(?:\s+torch\.(\w+))?\s*$/;
    CUT_LINE = /^(?:\.\.\.|\u2026)$/;
    SAMPLE = 65536;
  }
});

// src/formats/key-text.ts
function isKeyTextNotPickle(src, run) {
  if (src.size === 0 || src.size > TEXT_LIMIT || src.read(0, 1)[0] >= 128) return false;
  const bytes = src.read(0, src.size);
  for (const b of bytes) if (b === 0 || b >= 128) return false;
  const text = new TextDecoder("ascii").decode(bytes);
  if (!looksLikePrintedKeys(text) && !looksLikeKeyList(text)) return false;
  const ran = run ?? readPickle(src, 0, { where: "pickle" });
  if (!ran.error || ran.limited) return false;
  return !callBefore(bytes, ran.end);
}
function callBefore(bytes, end) {
  const lineEnd = (from) => {
    const nl = bytes.indexOf(10, from);
    return nl < 0 ? bytes.length : nl + 1;
  };
  let at = 0;
  while (at < end && at < bytes.length) {
    const op = bytes[at];
    if (CALLS.has(op)) return true;
    at++;
    if (op === Op.GLOBAL || op === Op.INST) at = lineEnd(lineEnd(at));
    else if (LINE_ARGS.has(op)) at = lineEnd(at);
    else if (FIXED_ARGS.has(op)) at += FIXED_ARGS.get(op);
    else if (op === Op.SHORT_BINSTRING || op === Op.SHORT_BINBYTES) at += 1 + (bytes[at] ?? 0);
    else if (op === Op.BINSTRING || op === Op.BINUNICODE || op === Op.BINBYTES) {
      at += 4 + ((bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | bytes[at + 3] << 24) >>> 0);
    }
  }
  return false;
}
var TEXT_LIMIT, CALLS, LINE_ARGS, FIXED_ARGS;
var init_key_text = __esm({
  "src/formats/key-text.ts"() {
    "use strict";
    init_key_list();
    init_opcodes();
    init_machine();
    init_printed_keys();
    TEXT_LIMIT = 1 << 20;
    CALLS = /* @__PURE__ */ new Set([Op.REDUCE, Op.BUILD, Op.INST, Op.OBJ, Op.PERSID, Op.BINPERSID]);
    LINE_ARGS = /* @__PURE__ */ new Set([Op.FLOAT, Op.INT, Op.LONG, Op.STRING, Op.UNICODE, Op.PERSID, Op.GET, Op.PUT]);
    FIXED_ARGS = /* @__PURE__ */ new Map([[Op.BININT1, 1], [Op.BININT2, 2], [Op.BININT, 4], [Op.BINFLOAT, 8], [Op.BINGET, 1], [Op.BINPUT, 1], [Op.LONG_BINGET, 4], [Op.LONG_BINPUT, 4]]);
  }
});

// src/formats/torch/follow.ts
function scanFollowing(src, starts, label, scans, budget) {
  const queue = starts.filter((s) => s !== null);
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
    const where2 = `${label} at offset ${at}`;
    const r = readPickle(src, at, { where: where2 });
    const s = probeScan(where2, r);
    if (s) scans.push(s);
    if (r.error) continue;
    parsed++;
    queue.push(r.end);
    if (r.frameEnd !== null) queue.push(r.frameEnd);
  }
  return parsed;
}
function unreachedTail(src, start, label, reader) {
  if (start >= src.size) return null;
  const scans = [];
  const parsed = scanFollowing(src, [start], label, scans, { left: 8 });
  const named = new Map(scans.flatMap((s) => s.globals).map((g) => [globalPath(g.module, g.name), classifyGlobal(g.module, g.name)]));
  const globals = [...named].map(([path, verdict]) => verdict === "dangerous" ? `${path} (dangerous)` : path);
  const what = globals.length === 0 ? "they import nothing" : `${parsed <= 1 ? "a pickle" : `${parsed} pickles`} naming ${globals.slice(0, 4).join(", ")}${globals.length > 4 ? ", \u2026" : ""}`;
  return `${src.size - start} bytes after ${label}: ${what}; ${reader} never reads them, so the verdict is that of what it reads, but a loader calling pickle.load again would run them`;
}
var init_follow = __esm({
  "src/formats/torch/follow.ts"() {
    "use strict";
    init_machine();
    init_global_path();
    init_safety();
    init_container();
  }
});

// src/formats/pickle/scan.ts
function nestedPayload(call2, src, label, seen) {
  const fn = call2.callable;
  if (!isGlobal(fn)) return null;
  const loader = globalPath(fn.module, fn.name);
  if (!NESTED_LOADERS.has(loader)) return null;
  const arg = call2.args[0];
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
    const [text, encoding = "utf-8"] = v.args;
    if (typeof text !== "string" || typeof encoding !== "string") return null;
    const enc = encoding.toLowerCase();
    if (LATIN1_NAMES.has(enc)) return latin1Bytes(text, label);
    if (UTF8_NAMES.has(enc)) return new BufferSource(new TextEncoder().encode(text), label);
  }
  return null;
}
function latin1Bytes(text, label) {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) return null;
    out[i] = c;
  }
  return new BufferSource(out, label);
}
var NESTED_LOADERS, ENCODERS, BYTES_IO, LATIN1_NAMES, UTF8_NAMES;
var init_scan = __esm({
  "src/formats/pickle/scan.ts"() {
    "use strict";
    init_byte_source();
    init_machine();
    init_safety();
    init_sub_source();
    init_values();
    NESTED_LOADERS = /* @__PURE__ */ new Set([
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
    ENCODERS = /* @__PURE__ */ new Set(["_codecs.encode", "codecs.encode"]);
    BYTES_IO = /* @__PURE__ */ new Set(["io.BytesIO", "_io.BytesIO"]);
    LATIN1_NAMES = /* @__PURE__ */ new Set(["latin1", "latin-1", "latin_1", "iso-8859-1", "iso8859-1", "iso_8859_1", "l1"]);
    UTF8_NAMES = /* @__PURE__ */ new Set(["utf-8", "utf8", "utf_8"]);
  }
});

// src/formats/zip/window.ts
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
var WindowedReader;
var init_window = __esm({
  "src/formats/zip/window.ts"() {
    "use strict";
    WindowedReader = class {
      constructor(src, windowSize) {
        this.src = src;
        this.windowSize = windowSize;
      }
      src;
      windowSize;
      start = 0;
      bytes = new Uint8Array(0);
      /** the two window buffers of a source with readInto, made on first use */
      spare = null;
      other = null;
      read(offset, length) {
        const rel = offset - this.start;
        if (rel >= 0 && rel + length <= this.bytes.length) return this.bytes.subarray(rel, rel + length);
        const want = Math.max(length, Math.min(this.windowSize, this.src.size - offset));
        this.bytes = this.src.readInto && want <= this.windowSize && offset >= 0 && offset + want <= this.src.size ? this.refill(offset, want) : this.src.read(offset, want);
        this.start = offset;
        return this.bytes.subarray(0, length);
      }
      /** the window read into the buffer not holding the current one (so the current one's views stay good) */
      refill(offset, want) {
        const buf = this.spare ??= new Uint8Array(Math.min(this.windowSize, this.src.size));
        this.spare = this.other;
        this.other = buf;
        const view = buf.subarray(0, want);
        this.src.readInto(offset, view);
        return view;
      }
    };
  }
});

// src/formats/zip/end-record.ts
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
  const comment = tail.slice(at + EOCD_SIZE, at + EOCD_SIZE + commentLength);
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
    const count = u64(rec, 32);
    const size64 = u64(rec, 40);
    const offset64 = u64(rec, 48);
    if (count === null || size64 === null || offset64 === null) {
      throw new FormatError(src.name, `zip64 end record at ${recordPos} declares sizes over 2^53 bytes`);
    }
    if (u32(rec, 16) !== 0 || u32(rec, 20) !== 0) throw new FormatError(src.name, "multi-disk (spanned) zip archives are not supported");
    entryCount = count;
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
  return { offset: cdOffset, size: cdSize, entryCount, zip64, comment, limit, concat: concat2, shift, eocdPos };
}
var ZIP64_LOCATOR_SIG, ZIP64_EOCD_SIG, EOCD_SIZE, ZIP64_LOCATOR_SIZE, ZIP64_EOCD_MIN_SIZE, MAX_EOCD_SEARCH;
var init_end_record = __esm({
  "src/formats/zip/end-record.ts"() {
    "use strict";
    init_errors();
    init_window();
    ZIP64_LOCATOR_SIG = 117853008;
    ZIP64_EOCD_SIG = 101075792;
    EOCD_SIZE = 22;
    ZIP64_LOCATOR_SIZE = 20;
    ZIP64_EOCD_MIN_SIZE = 56;
    MAX_EOCD_SEARCH = 65535 + EOCD_SIZE;
  }
});

// src/formats/zip/names.ts
function decodeEntryName(bytes, flags) {
  if (flags & FLAG_UTF8) return utf82.decode(bytes);
  let ascii3 = true;
  for (const b of bytes) if (b >= 128) {
    ascii3 = false;
    break;
  }
  if (ascii3) return ascii7.decode(bytes);
  let s = "";
  for (const b of bytes) s += b < 128 ? String.fromCharCode(b) : CP437_HIGH[b - 128];
  return s;
}
var FLAG_UTF8, CP437_HIGH, utf82, ascii7;
var init_names3 = __esm({
  "src/formats/zip/names.ts"() {
    "use strict";
    FLAG_UTF8 = 2048;
    CP437_HIGH = "\xC7\xFC\xE9\xE2\xE4\xE0\xE5\xE7\xEA\xEB\xE8\xEF\xEE\xEC\xC4\xC5\xC9\xE6\xC6\xF4\xF6\xF2\xFB\xF9\xFF\xD6\xDC\xA2\xA3\xA5\u20A7\u0192\xE1\xED\xF3\xFA\xF1\xD1\xAA\xBA\xBF\u2310\xAC\xBD\xBC\xA1\xAB\xBB\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580\u03B1\xDF\u0393\u03C0\u03A3\u03C3\xB5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229\u2261\xB1\u2265\u2264\u2320\u2321\xF7\u2248\xB0\u2219\xB7\u221A\u207F\xB2\u25A0\xA0";
    utf82 = new TextDecoder("utf-8");
    ascii7 = new TextDecoder("latin1");
  }
});

// src/formats/byte-string-set.ts
var ByteStringSet, TAGGED_LIMIT, NUMBER_MASK;
var init_byte_string_set = __esm({
  "src/formats/byte-string-set.ts"() {
    "use strict";
    init_byte_keys();
    ByteStringSet = class {
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
      bytes;
      start;
      length;
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
          const s = this.start(n);
          const h = hashBytes(b, s, s + this.length(n));
          let slot = h & mask;
          while (table[slot] !== 0) slot = slot + 1 & mask;
          table[slot] = tagged ? h >>> 24 << 23 | n + 1 : n + 1;
        }
        this.table = table;
        this.tagged = tagged;
      }
    };
    TAGGED_LIMIT = (1 << 23) - 1;
    NUMBER_MASK = (1 << 23) - 1;
  }
});

// src/formats/zip/directory.ts
function asciiBytes(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return null;
    out[i] = c;
  }
  return out;
}
var ZipDirectory;
var init_directory = __esm({
  "src/formats/zip/directory.ts"() {
    "use strict";
    init_byte_string_set();
    init_names3();
    ZipDirectory = class {
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
        const s = this.nameStart[i];
        return this.pool.subarray(s, s + this.nameLength[i]);
      }
      /** the central name, decoded as the loaders decode it */
      nameAt(i) {
        return decodeEntryName(this.nameBytes(i), this.flags[i]);
      }
      localNameAt(i) {
        return this.localNames.get(i) ?? this.nameAt(i);
      }
      /** whether member i's name starts with `ascii` (an ASCII text, as bytes) */
      startsWith(i, ascii3) {
        const n = ascii3.length;
        if (this.nameLength[i] < n) return false;
        const s = this.nameStart[i];
        const pool = this.pool;
        for (let k = 0; k < n; k++) if (pool[s + k] !== ascii3[k]) return false;
        return true;
      }
      /** whether member i's name is exactly `ascii` */
      is(i, ascii3) {
        return this.nameLength[i] === ascii3.length && this.startsWith(i, ascii3);
      }
      /** whether member i's name ends with `ascii` */
      endsWith(i, ascii3) {
        const n = ascii3.length;
        const len = this.nameLength[i];
        if (len < n) return false;
        const s = this.nameStart[i] + len - n;
        const pool = this.pool;
        for (let k = 0; k < n; k++) if (pool[s + k] !== ascii3[k]) return false;
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
        const s = this.nameStart[i];
        const len = this.nameLength[i];
        const pool = this.pool;
        for (let k = from; k < len; k++) if (pool[s + k] === byte) return k;
        return -1;
      }
      /** whether every name is ASCII (then names are equal exactly when their bytes are) */
      allAscii() {
        if (this.ascii === null) {
          const pool = this.pool;
          let any = 0;
          for (let k = 0; k < this.poolLength; k++) any |= pool[k];
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
            const s = this.nameStart[i];
            if (!set.add(i, s, s + this.nameLength[i])) {
              this.duplicates = true;
              break;
            }
          }
        }
        return this.duplicates;
      }
      duplicates = null;
      /** Whether two names are equal once ASCII A-Z are lowered (miniz's compare), on bytes; the same set as hasDuplicateAsciiNames when no name has a capital. */
      hasFoldedDuplicates() {
        const pool = this.pool;
        let capitals = false;
        for (let k = 0; k < this.poolLength && !capitals; k++) capitals = pool[k] >= 65 && pool[k] <= 90;
        if (!capitals) return this.hasDuplicateAsciiNames();
        const folded = pool.slice(0, this.poolLength);
        for (let k = 0; k < folded.length; k++) if (folded[k] >= 65 && folded[k] <= 90) folded[k] = folded[k] | 32;
        const set = new ByteStringSet(this.count, () => folded, (i) => this.nameStart[i], (i) => this.nameLength[i]);
        for (let i = 0; i < this.count; i++) {
          const s = this.nameStart[i];
          if (!set.add(i, s, s + this.nameLength[i])) return true;
        }
        return false;
      }
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
  }
});

// src/formats/zip/crc32.ts
function buildTables() {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let s = 1; s < 8; s++) {
    const prev = tables[s - 1];
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
var TABLES;
var init_crc32 = __esm({
  "src/formats/zip/crc32.ts"() {
    "use strict";
    TABLES = buildTables();
  }
});

// src/formats/zip/inflate.ts
function newInflate(ondata) {
  fflate ??= (0, import_node_module.createRequire)(__sdmatchUrl)("fflate");
  return new fflate.Inflate(ondata);
}
var import_node_module, fflate;
var init_inflate = __esm({
  "src/formats/zip/inflate.ts"() {
    "use strict";
    import_node_module = require("node:module");
  }
});

// src/formats/zip/anomalies.ts
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
  for (const [a, b] of caseTwins(zip)) out.push({ kind: "case-twin", entry: a, other: b });
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
function caseTwins(zip) {
  if (zip.dir.allAscii() && !zip.dir.hasFoldedDuplicates()) return [];
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  for (const e of zip.entries) {
    const key = asciiLower(e.name);
    const first = seen.get(key);
    if (first === void 0) seen.set(key, e.name);
    else if (first !== e.name) out.push([first, e.name]);
  }
  return out;
}
function hasDuplicateNames(zip) {
  return zip.dir.allAscii() ? zip.dir.hasDuplicateAsciiNames() : zip.byName.size !== zip.entries.length;
}
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
var FLAG_ENCRYPTED, FLAG_PATCHED, FLAG_STRONG_ENCRYPTION, FLAG_UNREADABLE, asciiLower, SLASH, BACKSLASH2, COLON2, DOT;
var init_anomalies = __esm({
  "src/formats/zip/anomalies.ts"() {
    "use strict";
    FLAG_ENCRYPTED = 1;
    FLAG_PATCHED = 32;
    FLAG_STRONG_ENCRYPTION = 64;
    FLAG_UNREADABLE = FLAG_ENCRYPTED | FLAG_PATCHED | FLAG_STRONG_ENCRYPTION;
    asciiLower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
    SLASH = 47;
    BACKSLASH2 = 92;
    COLON2 = 58;
    DOT = 46;
  }
});

// src/formats/zip/entry-data.ts
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
    const inflater = newInflate((data) => emit(data));
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
var DEFAULT_MAX_ENTRY_BYTES, STORED_CHUNK, DEFLATE_CHUNK, METHOD_NAMES;
var init_entry_data = __esm({
  "src/formats/zip/entry-data.ts"() {
    "use strict";
    init_inflate();
    init_errors();
    init_anomalies();
    init_crc32();
    DEFAULT_MAX_ENTRY_BYTES = 1 << 30;
    STORED_CHUNK = 1 << 20;
    DEFLATE_CHUNK = 1 << 16;
    METHOD_NAMES = { 1: "shrink", 6: "implode", 9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstd", 95: "xz", 99: "AES" };
  }
});

// src/formats/zip/reader.ts
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
  const count = dir.count;
  const declaredMatches = count === loc.entryCount || !loc.zip64 && count % 65536 === loc.entryCount;
  if (!declaredMatches && notes.length === 0) {
    notes.push(`bad zip: central directory holds ${count} entries but the end record declares ${loc.entryCount} (miniz reads the declared number, zipfile all of them)`);
  }
  if (count === 0 && notes.length > 0) throw new FormatError(src.name, notes[0].replace(/ \(miniz.*\)$/, ""));
  const archive = new ColumnArchive(src, dir, loc.zip64, new TextDecoder("utf-8").decode(loc.comment), loc.shift);
  if (notes.length > 0) archive.otherViews = notes;
  return archive;
}
function readCentralEntry(src, central, local, pos, cdEnd, dir, shift) {
  const index = dir.count;
  const fixed = central.read(pos, CENTRAL_FIXED);
  if (u32(fixed, 0) !== CENTRAL_SIG) throw new FormatError(src.name, `bad zip: central directory entry #${index} at ${pos} has a wrong signature`);
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
  if (next > cdEnd) throw new FormatError(src.name, `bad zip: central directory entry #${index} at ${pos} runs past the end of the central directory`);
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
var ColumnArchive, MAX_END_RECORDS, CENTRAL_SIG, LOCAL_SIG, CENTRAL_FIXED, LOCAL_FIXED, ZIP64_EXTRA_ID;
var init_reader3 = __esm({
  "src/formats/zip/reader.ts"() {
    "use strict";
    init_byte_source();
    init_errors();
    init_end_record();
    init_names3();
    init_directory();
    init_window();
    init_crc32();
    init_entry_data();
    init_anomalies();
    init_magic();
    ColumnArchive = class {
      constructor(source, dir, zip64, comment, shiftedBy) {
        this.source = source;
        this.dir = dir;
        this.zip64 = zip64;
        this.comment = comment;
        this.shiftedBy = shiftedBy;
      }
      source;
      dir;
      zip64;
      comment;
      shiftedBy;
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
        const ascii3 = asciiBytes(name);
        const d = this.dir;
        if (ascii3) {
          for (let i = 0; i < d.count; i++) if (d.is(i, ascii3)) return i;
          return -1;
        }
        for (let i = 0; i < d.count; i++) if (d.nameAt(i) === name) return i;
        return -1;
      }
    };
    MAX_END_RECORDS = 16;
    CENTRAL_SIG = 33639248;
    LOCAL_SIG = 67324752;
    CENTRAL_FIXED = 46;
    LOCAL_FIXED = 30;
    ZIP64_EXTRA_ID = 1;
  }
});

// src/formats/numpy.ts
function readNpyHeader(src, offset, file) {
  const available = src.size - offset;
  if (available < 10) throw new FormatError(file, `truncated npy: ${Math.max(available, 0)} bytes is too short for the npy preamble`);
  const preamble = src.read(offset, Math.min(12, available));
  const { headerStart, headerLength } = readPreamble(preamble, available, file);
  const h = parseNpyHeaderText(src.read(offset + headerStart, headerLength), preamble[6], file);
  return finish2(h, offset, headerStart + headerLength, available, file);
}
function readNpyHeaderFromEntry(zip, e, file) {
  const preamble = readEntryPrefix(zip, e, 12);
  if (preamble.length < 10) throw new FormatError(file, `truncated npy in "${e.name}": ${preamble.length} bytes is too short for the npy preamble`);
  const { headerStart, headerLength } = readPreamble(preamble, e.size, file);
  const whole = readEntryPrefix(zip, e, headerStart + headerLength);
  const h = parseNpyHeaderText(whole.subarray(headerStart), preamble[6], file);
  return finish2(h, 0, headerStart + headerLength, e.size, file);
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
  const text = new TextDecoder(major >= 3 ? "utf-8" : "latin1").decode(bytes);
  let lit;
  try {
    lit = parsePyLiteral(text);
  } catch (e) {
    throw new FormatError(file, `bad npy header: ${e.message} in ${JSON.stringify(text.trim().slice(0, 120))}`);
  }
  if (!(lit instanceof Map)) throw new FormatError(file, "bad npy header: not a dict");
  const keys = [...lit.keys()].sort().join(",");
  if (keys !== "descr,fortran_order,shape") throw new FormatError(file, `bad npy header: keys are {${keys}}, expected descr, fortran_order, shape`);
  const fortranOrder = lit.get("fortran_order");
  if (typeof fortranOrder !== "boolean") throw new FormatError(file, "bad npy header: fortran_order is not True or False");
  const shape = lit.get("shape");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
    throw new FormatError(file, "bad npy header: shape is not a tuple of non-negative integers");
  }
  const descr = lit.get("descr");
  if (typeof descr === "string") return { ...simpleDescr(descr), fortranOrder, shape };
  if (!Array.isArray(descr)) throw new FormatError(file, "bad npy header: descr is neither a type string nor a field list");
  const holds = descrHoldsObjects(descr);
  return { descr: reprFieldList(descr), dtype: null, objectArray: holds === "yes", unknownDescr: holds === "unknown", bigEndian: false, itemsize: null, fortranOrder, shape };
}
function simpleDescr(descr) {
  const order = "<>|=".includes(descr[0] ?? "") ? descr[0] : "";
  const code = descr.slice(order.length);
  const dtype = BY_NUMPY_CODE.get(code) ?? null;
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
    const code = d.replace(/^[<>|=]/, "");
    if (OBJECT_SPELLING.test(code)) return "yes";
    return PLAIN_CODE.test(code) || PLAIN_NAME.test(code) ? "no" : "unknown";
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
function finish2(f, base, headerEnd, available, file) {
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
function parsePyLiteral(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && " 	\r\n".includes(text[i])) i++;
  };
  const value = (depth) => {
    if (depth > MAX_DEPTH) throw new Error("nested too deeply");
    ws();
    const c = text[i];
    if (c === void 0) throw new Error("unexpected end");
    if (c === "{") return dict(depth);
    if (c === "(" || c === "[") return sequence(c === "(" ? ")" : "]", depth);
    if (c === "'" || c === '"') return str();
    if (/[-+0-9]/.test(c)) return int();
    for (const [word, v2] of [["True", true], ["False", false], ["None", null]]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v2;
      }
    }
    throw new Error(`unexpected ${JSON.stringify(c)} at ${i}`);
  };
  const expect = (ch) => {
    ws();
    if (text[i] !== ch) throw new Error(`expected ${JSON.stringify(ch)} at ${i}`);
    i++;
  };
  const dict = (depth) => {
    const m = /* @__PURE__ */ new Map();
    i++;
    for (; ; ) {
      ws();
      if (text[i] === "}") {
        i++;
        return m;
      }
      const k = value(depth + 1);
      if (typeof k !== "string") throw new Error("dict key is not a string");
      expect(":");
      if (m.has(k)) throw new Error(`duplicate key ${JSON.stringify(k)}`);
      m.set(k, value(depth + 1));
      ws();
      if (text[i] === ",") i++;
      else if (text[i] !== "}") throw new Error(`expected ',' or '}' at ${i}`);
    }
  };
  const sequence = (close2, depth) => {
    const out = [];
    i++;
    for (; ; ) {
      ws();
      if (text[i] === close2) {
        i++;
        return out;
      }
      out.push(value(depth + 1));
      ws();
      if (text[i] === ",") i++;
      else if (text[i] !== close2) throw new Error(`expected ',' or '${close2}' at ${i}`);
    }
  };
  const str = () => {
    const q = text[i];
    i++;
    let s = "";
    while (i < text.length && text[i] !== q) {
      if (text[i] !== "\\") {
        s += text[i++];
        continue;
      }
      const e = text[i + 1];
      const simple = { n: "\n", t: "	", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
      if (e !== void 0 && simple[e] !== void 0) {
        s += simple[e];
        i += 2;
        continue;
      }
      const hexLen = e === "x" ? 2 : e === "u" ? 4 : 0;
      const hex2 = text.slice(i + 2, i + 2 + hexLen);
      if (!hexLen || !/^[0-9a-fA-F]+$/.test(hex2) || hex2.length !== hexLen) throw new Error(`unsupported escape at ${i}`);
      s += String.fromCharCode(parseInt(hex2, 16));
      i += 2 + hexLen;
    }
    if (i >= text.length) throw new Error("unterminated string");
    i++;
    return s;
  };
  const int = () => {
    const m = /^[-+]?[0-9]+[lL]?/.exec(text.slice(i, i + 40));
    if (!m) throw new Error(`bad number at ${i}`);
    i += m[0].length;
    if (text[i] === "." || text[i] === "e" || text[i] === "E") throw new Error(`floats are not expected (at ${i})`);
    const n = Number(m[0].replace(/[lL]$/, ""));
    if (!Number.isSafeInteger(n)) throw new Error(`integer ${m[0]} is too large`);
    return n;
  };
  const v = value(0);
  ws();
  if (i !== text.length) throw new Error(`unexpected text after the literal at ${i}`);
  return v;
}
var MAX_NPY_HEADER, BY_NUMPY_CODE, OBJECT_SPELLING, PLAIN_CODE, PLAIN_NAME, MAX_DEPTH;
var init_numpy = __esm({
  "src/formats/numpy.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    init_magic();
    init_reader3();
    MAX_NPY_HEADER = 1 << 20;
    BY_NUMPY_CODE = /* @__PURE__ */ new Map();
    for (const [name, info] of Object.entries(DTYPES)) if (info.numpy) BY_NUMPY_CODE.set(info.numpy, name);
    OBJECT_SPELLING = /^(O\d*|object_?|object0)$/;
    PLAIN_CODE = /^[?bBhHiIlLqQpPnNefdgFDGSUVaMmc]\d*(\[[A-Za-z0-9]+\])?$/;
    PLAIN_NAME = /^(u?int(8|16|32|64|p|c)?|float(16|32|64|96|128)?|complex(64|128|192|256)?|bool8?|bool_|str_?|bytes_?|unicode_?|void\d*|half|single|double|longdouble|longfloat|byte|ubyte|short|ushort|intc|uintc|intp|uintp|longlong|ulonglong|csingle|cdouble|clongdouble|float_|int_|uint|datetime64(\[\w+\])?|timedelta64(\[\w+\])?)$/;
    MAX_DEPTH = 32;
  }
});

// src/formats/torch/region.ts
function fileRegion(src, file, base = 0) {
  return { src, locate: (offset, length) => ({ kind: "raw", file, offset: base + offset, length }) };
}
function memoryRegion(src) {
  return { src, locate: (offset, length) => ({ kind: "memory", bytes: src.bytes.subarray(offset, offset + length) }) };
}
var SliceSource;
var init_region = __esm({
  "src/formats/torch/region.ts"() {
    "use strict";
    init_errors();
    SliceSource = class {
      constructor(base, start, size, name = base.name) {
        this.base = base;
        this.start = start;
        this.size = size;
        this.name = name;
        if (start < 0 || size < 0 || start + size > base.size) {
          throw new FormatError(base.name, `truncated: needs bytes ${start}..${start + size} but the file has ${base.size} bytes`);
        }
      }
      base;
      start;
      size;
      name;
      read(offset, length) {
        if (offset < 0 || length < 0 || offset + length > this.size) {
          throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} of a ${this.size}-byte range at ${this.start}`);
        }
        return this.base.read(this.start + offset, length);
      }
      close() {
      }
    };
  }
});

// src/formats/torch/zip-members.ts
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
  const kind = detectKind(new BufferSource(head, zip.source.name));
  return kind === "pickle" || kind === "legacy-torch" ? "pickle-content" : "other";
}
var MAX_PICKLE_ENTRY_BYTES, INFLATE_RATIO, INFLATE_FLOOR, INFLATE_BUDGET_FLOOR, INFLATE_BUDGET_PER_BYTE, budgets;
var init_zip_members = __esm({
  "src/formats/torch/zip-members.ts"() {
    "use strict";
    init_byte_source();
    init_errors();
    init_detect();
    init_numpy();
    init_reader3();
    init_region();
    MAX_PICKLE_ENTRY_BYTES = 1 << 30;
    INFLATE_RATIO = 256;
    INFLATE_FLOOR = 32 << 20;
    INFLATE_BUDGET_FLOOR = 64 << 20;
    INFLATE_BUDGET_PER_BYTE = 32;
    budgets = /* @__PURE__ */ new WeakMap();
  }
});

// src/formats/torch/zip-safety.ts
function zipGapScans(zip, where2) {
  const out = [];
  for (const a of zipAnomalies(zip)) {
    if (a.kind === "duplicate-name") out.push(gapScan(where2, "duplicate member", `zip member "${a.entry}" is listed ${a.count} times: loaders differ in which copy they read (every copy was scanned)`));
    else if (a.kind === "case-twin") out.push(gapScan(where2, "members differ only in case", `zip members "${a.entry}" and "${a.other}" differ only in case: torch's reader (miniz) ignores case in names and may read either (every copy was scanned)`));
    else if (a.kind === "name-mismatch") out.push(gapScan(where2, "local header disagrees", `zip member "${a.entry}" is named "${a.localName}" in its local header: readers that walk local headers see another file`));
  }
  for (const v of zip.otherViews ?? []) {
    out.push(gapScan(where2, "zip views disagree", v));
  }
  return out;
}
var init_zip_safety = __esm({
  "src/formats/torch/zip-safety.ts"() {
    "use strict";
    init_reader3();
    init_container();
  }
});

// src/formats/torch/nested.ts
function scanNestedPayload(region, label, depth) {
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
      const kind = memberKind(zip, e);
      if (kind === "unreadable") scans.push(gapScan(`${label} > ${e.name}`, "member not read", `member with pickle content or name cannot be read (method ${e.method})`));
      if (kind !== "pickle-name" && kind !== "pickle-content") continue;
      try {
        scans.push(...scanPickleBytes(entryRegion(zip, e, src.name).src, `${label} > ${e.name}`, depth, kind === "pickle-content"));
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        scans.push(gapScan(`${label} > ${e.name}`, "member not read", err.message));
      }
    }
    return scans;
  }
  return scanPickleBytes(src, label, depth, false);
}
function scanPickleBytes(src, label, depth, sniffed, start = 0) {
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
    const where2 = at === start ? label : `${label} at offset ${at}`;
    const r = readPickle(src, at, {
      where: where2,
      onCall: (call2) => {
        const p = nestedPayload(call2, src, `${where2} payload`, seenPayloads);
        if (p) payloads.push(p);
      }
    });
    if (at === start && !sniffed) scans.push(scanOf(where2, r));
    else if (r.error === null || r.globals.length > 0 || r.anomalies.length > 0 || r.limited) scans.push(scanOf(where2, r));
    payloads.forEach((p, i) => {
      const inner = `${where2} > ${p.loader} #${i + 1}`;
      if (depth >= MAX_DEPTH2) scans.push(gapScan(inner, "limit reached", `payloads nested deeper than ${MAX_DEPTH2} levels were not read`));
      else scans.push(...scanNestedPayload({ src: p.source }, inner, depth + 1));
    });
    if (r.error) continue;
    queue.push(r.end);
    if (r.frameEnd !== null) queue.push(r.frameEnd);
  }
  return scans;
}
var MAX_DEPTH2, MAX_PICKLES;
var init_nested = __esm({
  "src/formats/torch/nested.ts"() {
    "use strict";
    init_errors();
    init_machine();
    init_scan();
    init_reader3();
    init_container();
    init_zip_members();
    init_zip_safety();
    MAX_DEPTH2 = 4;
    MAX_PICKLES = 64;
  }
});

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
  const typeName2 = typeof type === "object" && type !== null && type.kind === "global" ? `${type.module}.${type.name}` : String(type);
  let dtype = null;
  if (typeof type === "object" && type !== null && type.kind === "global") {
    if (type.name === "UntypedStorage") dtype = null;
    else if (type.module === "torch" || type.module === "torch.cuda") {
      const d = dtypeOfStorageClass(type.name);
      if (!d) return { kind: "unknown", why: `unknown storage type ${typeName2}` };
      dtype = d;
    } else return { kind: "unknown", why: `unknown storage type ${typeName2}` };
  } else return { kind: "unknown", why: `storage type is not a class reference` };
  let view = null;
  const viewItems = items2.length >= 6 ? tupleItems(items2[5]) : null;
  if (viewItems && viewItems.length === 3) {
    const vk = keyText2(viewItems[0]);
    const off = asCount(viewItems[1]);
    const vn = asCount(viewItems[2]);
    if (vk !== null && off !== null && vn !== null) view = { key: vk, offset: off, numel: vn };
  }
  return { kind: "storage", ref: { key, dtype, device, numel: numel2, view, typeName: typeName2 } };
}
function tupleItems(v) {
  if (typeof v !== "object" || v === null) return null;
  if (v.kind === "tuple" || v.kind === "list") return v.items;
  return null;
}
function asText(v) {
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null && v.kind === "bytes" && v.data) return latin15(v);
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
function latin15(b) {
  let s = "";
  const d = b.data;
  for (let i = 0; i < d.length; i++) s += String.fromCharCode(d[i]);
  return s;
}
var init_storage_pid = __esm({
  "src/formats/torch/storage-pid.ts"() {
    "use strict";
    init_dtype();
  }
});

// src/formats/torch/numpy-values.ts
function isNumpyCore(module2) {
  return module2 === "numpy.core.multiarray" || module2 === "numpy._core.multiarray";
}
function readNumpyDtype(v) {
  if (!isPyObject(v) || !isGlobal(v.callable, "numpy", "dtype")) return null;
  const code = v.args[0] === void 0 ? null : asText(v.args[0]);
  if (code === null) return null;
  const state = v.states.length > 0 ? tupleItems(v.states[v.states.length - 1]) : null;
  const order = state && state.length > 1 ? asText(state[1]) : null;
  return { code, dtype: dtypeOfNumpyCode(code), bigEndian: order === ">" };
}
function dtypeOfNumpyCode(descr) {
  const code = descr.replace(/^[<>=|]/, "");
  if (code === "?") return "bool";
  return byNumpyCode.get(code) ?? null;
}
function readNdarrayState(obj) {
  if (obj.states.length === 0) return null;
  const st = tupleItems(obj.states[obj.states.length - 1]);
  if (!st || st.length < 5) return null;
  const shapeItems = tupleItems(st[1]);
  const dtype = readNumpyDtype(st[2]);
  if (!shapeItems || !dtype) return null;
  const shape = [];
  for (const d of shapeItems) {
    const n = asCount(d);
    if (n === null) return null;
    shape.push(n);
  }
  return { shape, dtype, fortran: st[3] === true, raw: st[4] };
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
var byNumpyCode;
var init_numpy_values = __esm({
  "src/formats/torch/numpy-values.ts"() {
    "use strict";
    init_dtype();
    init_values();
    init_storage_pid();
    byNumpyCode = /* @__PURE__ */ new Map();
    for (const [name, info] of Object.entries(DTYPES)) {
      if (info.numpy) byNumpyCode.set(info.numpy, name);
    }
  }
});

// src/formats/torch/constructors.ts
function plainRebuildOf(f) {
  return f.module === TORCH_UTILS ? PLAIN_REBUILDS.get(f.name) ?? null : null;
}
function constructorOf(f) {
  if (isNumpyCore(f.module)) return f.name === "_reconstruct" ? numpyReconstruct : f.name === "scalar" ? numpyScalar : null;
  return CONSTRUCTORS.get(`${f.module}.${f.name}`) ?? null;
}
function construct(call2, original, st) {
  const f = call2.callable;
  if (typeof f !== "object" || f === null || f.kind !== "global") return null;
  let ctor = st.constructors.get(f);
  if (ctor === void 0) {
    ctor = constructorOf(f);
    st.constructors.set(f, ctor);
  }
  return ctor ? ctor(call2, original, st) : null;
}
function counts(v) {
  if (v === void 0) return null;
  const items2 = tupleItems(v);
  if (!items2) return null;
  let plain = true;
  for (let i = 0; i < items2.length; i++) {
    const x = items2[i];
    if (typeof x === "number" && Number.isSafeInteger(x) && x >= 0) continue;
    if (asCount(x) === null) return null;
    plain = false;
  }
  if (plain) return items2;
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
function directRebuild(call2, layout, st, pidMayRecur) {
  if (call2.kwargs !== null || call2.states.length > 0 || call2.listItems.length > 0 || call2.dictItems.length > 0) return null;
  const args = call2.args;
  if (args.length < 4) return null;
  const pid = args[0];
  if (typeof pid !== "object" || pid === null || pid.kind !== "persid" || !inert(pid.pid, 2)) return null;
  for (let i = 1; i < args.length; i++) if (!inert(args[i], 1)) return null;
  const dtype = rebuildDtype(args, layout);
  if (dtype === false) return null;
  const offset = asCount(args[1]);
  const shape = counts(args[2]);
  const stride = counts(args[3]);
  if (offset === null || !shape || !stride || shape.length !== stride.length) return null;
  const storage = resolveStorage(pid, dtype, st, pidMayRecur);
  if (!storage) return null;
  const info = {
    kind: "tensor",
    dtype: dtype ?? storage.info.dtype,
    shape,
    stride,
    storageOffset: storage.offset + offset,
    storage: storage.info,
    requiresGrad: layout.grad !== null && args[layout.grad] === true
  };
  return { kind: "tensor", info, original: call2 };
}
function inert(v, depth) {
  if (typeof v !== "object" || v === null) return true;
  switch (v.kind) {
    case "float":
    case "bytes":
    case "global":
    case "ext":
      return true;
    case "tuple":
    case "list": {
      if (depth === 0) return false;
      const items2 = v.items;
      for (let i = 0; i < items2.length; i++) if (!inert(items2[i], depth - 1)) return false;
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
function rebuildTensor(args, original, st, layout, kind = "tensor") {
  const dtype = rebuildDtype(args, layout);
  if (dtype === false) return null;
  const storage = storageOf(args[0], dtype, st);
  const offset = args[1] === void 0 ? null : asCount(args[1]);
  const shape = counts(args[2]);
  const stride = counts(args[3]);
  if (!storage || offset === null || !shape || !stride || shape.length !== stride.length) {
    st.ctx.warn(`a tensor rebuild call with arguments that do not describe a tensor was kept as a call`);
    return null;
  }
  const requiresGrad = layout.grad !== null && args[layout.grad] === true;
  const info = {
    kind,
    dtype: dtype ?? storage.info.dtype,
    shape,
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
function loadFromBytes(call2, st) {
  const b = call2.args[0];
  if (typeof b !== "object" || b === null) return null;
  if (b.kind !== "bytes") {
    st.ctx.payloadNotRead?.(b.kind === "tensor" ? "an array" : `a ${b.kind}`);
    return null;
  }
  const info = st.ctx.loadFromBytes(b);
  if (info) st.storages.set(call2, { info, offset: 0 });
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
  const shape = counts(args[1]);
  const stride = counts(args[2]);
  if (!g || !isGlobal(g, "torch") || !shape || !stride) return null;
  const dtype = dtypeOfTorchGlobal(g.name);
  if (!dtype) return null;
  const info = {
    kind: "tensor",
    dtype,
    shape,
    stride,
    storageOffset: 0,
    requiresGrad: args[3] === true,
    storage: { key: "", dtype, numel: 0, device: "meta", bytes: null }
  };
  return { kind: "tensor", info, original };
}
function asDict2(call2, original, keepState) {
  const d = { kind: "dict", entries: [], cls: call2.callable, original };
  const first = call2.args[0];
  if (keepState && first !== void 0) {
    const pairs = tupleItems(first);
    if (!pairs) return null;
    for (const p of pairs) {
      const kv = tupleItems(p);
      if (!kv || kv.length !== 2) return null;
      d.entries.push([kv[0], kv[1]]);
    }
  }
  const items2 = call2.dictItems;
  if (d.entries.length === 0) d.entries = items2 !== original.dictItems ? items2 : items2.slice();
  else for (const kv of items2) d.entries.push(kv);
  if (keepState && call2.states.length > 0) d.attrs = call2.states[call2.states.length - 1];
  return d;
}
function encodeLatin1(text, encoding) {
  if (typeof text !== "string") return null;
  const enc = typeof encoding === "string" ? encoding.toLowerCase().replace(/[-_]/g, "") : "";
  if (enc !== "latin1" && enc !== "iso88591") return null;
  const data = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) return null;
    data[i] = c;
  }
  return { kind: "bytes", flavor: "bytes", length: data.length, data, fileOffset: null };
}
function ndarray(call2, original, st) {
  const s = readNdarrayState(call2);
  if (!s || !s.dtype.dtype) return null;
  const raw = s.raw;
  if (typeof raw !== "object" || raw === null || raw.kind !== "bytes") return null;
  const n = numel(s.shape);
  const want = n * itemSize(s.dtype.dtype);
  if (raw.length !== want) {
    st.ctx.warn(`numpy array of shape (${s.shape.join(", ")}) ${s.dtype.code} holds ${raw.length} bytes, expected ${want}`);
    return null;
  }
  if (s.dtype.bigEndian) st.ctx.warn(`numpy array of dtype >${s.dtype.code} is big-endian`);
  const stride = s.fortran ? contiguousStrides([...s.shape].reverse()).reverse() : contiguousStrides(s.shape);
  const info = {
    kind: "ndarray",
    dtype: s.dtype.dtype,
    shape: s.shape,
    stride,
    storageOffset: 0,
    requiresGrad: false,
    storage: { key: `ndarray:${++st.ndarrays}`, dtype: s.dtype.dtype, numel: n, device: "cpu", bytes: st.ctx.bytesLocation(raw) }
  };
  return { kind: "tensor", info, original };
}
var TORCH_UTILS, REBUILD_V1, REBUILD_V2, REBUILD_V3, CONSTRUCTORS, PLAIN_REBUILDS, numpyReconstruct, numpyScalar;
var init_constructors = __esm({
  "src/formats/torch/constructors.ts"() {
    "use strict";
    init_dtype();
    init_values();
    init_tensor();
    init_numpy_values();
    init_storage_pid();
    TORCH_UTILS = "torch._utils";
    REBUILD_V1 = { grad: null, dtypeAt: null };
    REBUILD_V2 = { grad: 4, dtypeAt: null };
    REBUILD_V3 = { grad: 4, dtypeAt: 6 };
    CONSTRUCTORS = /* @__PURE__ */ new Map([
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
      ["collections.OrderedDict", (c, o) => asDict2(c, o, true)],
      ["collections.defaultdict", (c, o) => asDict2(c, o, false)],
      ["_codecs.encode", (c) => encodeLatin1(c.args[0], c.args[1])]
    ]);
    PLAIN_REBUILDS = /* @__PURE__ */ new Map([
      ["_rebuild_tensor", REBUILD_V1],
      ["_rebuild_tensor_v2", REBUILD_V2],
      ["_rebuild_tensor_v3", REBUILD_V3]
    ]);
    numpyReconstruct = (c, o, st) => ndarray(c, o, st);
    numpyScalar = (c) => c.args.length === 2 ? decodeNumpyScalar(c.args[0], c.args[1]) : null;
  }
});

// src/formats/torch/interpret.ts
function hasChildren(v) {
  if (typeof v !== "object" || v === null) return false;
  const k = v.kind;
  return k === "tuple" || k === "list" || k === "set" || k === "dict" || k === "object" || k === "persid";
}
function interpret2(root, ctx, shared) {
  const state = { ctx, storages: /* @__PURE__ */ new Map(), ndarrays: 0, constructors: /* @__PURE__ */ new Map() };
  if (!hasChildren(root)) return { value: root };
  return { value: new Interpreter(state, shared).run(root) };
}
function tensorsAsRead(ctx) {
  const state = { ctx, storages: /* @__PURE__ */ new Map(), ndarrays: 0, constructors: /* @__PURE__ */ new Map() };
  return (call2) => {
    const layout = plainRebuildOf(call2.callable);
    if (layout === null) return void 0;
    const tensor = directRebuild(call2, layout, state, false);
    if (tensor === null) return void 0;
    tensor.original = null;
    return tensor;
  };
}
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
var PENDING, Interpreter;
var init_interpret = __esm({
  "src/formats/torch/interpret.ts"() {
    "use strict";
    init_constructors();
    init_storage_pid();
    PENDING = /* @__PURE__ */ Symbol("pending");
    Interpreter = class {
      constructor(state, shared) {
        this.state = state;
        this.shared = shared;
      }
      state;
      shared;
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
        const s = this.shared;
        return s === void 0 || s.size > 0 && s.has(v);
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
        let s = this.shells.get(node);
        if (s === void 0) {
          s = shellOf(node);
          this.shells.set(node, s);
        }
        return s;
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
  }
});

// src/formats/torch/legacy.ts
function isLegacyMagic(v) {
  return v === LEGACY_MAGIC;
}
function readLegacy(region, where2 = "legacy", depth = 0) {
  const src = region.src;
  const scans = [];
  const warnings = [];
  const magic = readScanned(src, 0, `${where2} magic number`, scans);
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
  const proto = readScanned(src, magic.end, `${where2} protocol version`, scans);
  if (proto.error) return fail(proto.error);
  if (proto.value !== LEGACY_PROTOCOL) detail.push(`unexpected protocol version ${String(proto.value)}`);
  const sysInfo = readScanned(src, proto.end, `${where2} sys_info`, scans);
  if (sysInfo.error) return fail(sysInfo.error);
  if (isBigEndian(sysInfo.value)) detail.push("big-endian (sys_info little_endian=False): storage bytes are big-endian");
  const data = readScanned(src, sysInfo.end, `${where2} data pickle`, scans);
  if (data.error || data.value === void 0) return fail(data.error ?? new FormatError(src.name, "legacy data pickle has no value"));
  const table = storageTable((ref, dtype) => ({ key: ref.key, dtype, numel: ref.numel, device: ref.device, bytes: null }));
  const ctx = {
    storage: table.lookup,
    bytesLocation: bytesLocator(region),
    loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), where2, depth),
    payloadNotRead: payloadGap(scans, where2),
    warn: (m) => warnings.push(m)
  };
  const root = interpret2(data.value, ctx, data.shared).value;
  const keysPickle = readScanned(src, data.end, `${where2} storage keys`, scans);
  const frameEnds = [magic, proto, sysInfo, data, keysPickle].map((r) => r.frameEnd);
  if (frameEnds.some((e) => e !== null)) {
    scanFollowing(src, frameEnds, `${where2} pickle after a frame`, scans, { left: 64 });
    detail.push("a STOP inside a FRAME: the pickles a BytesIO loader would read after the frame were scanned too");
  }
  const keys = keysPickle.value === void 0 ? null : tupleItems(keysPickle.value);
  if (keysPickle.error || !keys) {
    warnings.push(`storage key list unreadable${keysPickle.error ? `: ${keysPickle.error.message}` : ""}; storage bytes not located`);
  }
  const located = keys && !keysPickle.error ? locateStorages(src.size, keysPickle.end, keys, table.byKey, region, warnings) : null;
  const truncation = located?.truncation ?? null;
  const tail = located && located.end !== null ? unreachedTail(src, located.end, "the last storage", "torch.load") : null;
  if (tail) detail.push(tail);
  detail.unshift(`legacy torch.save stream (protocol ${String(proto.value)}, ${keys?.length ?? "?"} storages)`);
  const error = truncation === null ? null : new FormatError(src.name, truncation);
  return { format: "legacy-torch", detail: [...detail, ...dedupe(warnings)], root, error, pickles: scans, storages: [...table.byKey.values()] };
}
function locateStorages(fileSize, start, keys, byKey, region, warnings) {
  let offset = start;
  for (const k of keys) {
    const key = typeof k === "number" ? String(k) : asText(k);
    const info = key === null ? void 0 : byKey.get(key);
    if (!info) {
      warnings.push(`storage ${String(key)} is listed but no tensor uses it, so its element size is unknown; later storages not located`);
      return { truncation: null, end: null };
    }
    if (offset + 8 > fileSize) {
      const why = `truncated: storage ${key} header at ${offset} is past the end of the file (${fileSize} bytes)`;
      warnings.push(why);
      return { truncation: why, end: null };
    }
    const head = region.src.read(offset, 8);
    const count = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
    const bytes = count * BigInt(itemSize(info.dtype));
    if (offset + 8 + Number(bytes) > fileSize || bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
      const why = `truncated: storage ${key} declares ${count} elements (${bytes} bytes) at ${offset + 8}, past the end of the file (${fileSize} bytes)`;
      warnings.push(why);
      return { truncation: why, end: null };
    }
    if (info.numel !== null && info.numel !== Number(count)) {
      warnings.push(`storage ${key}: persistent id says ${info.numel} elements, the record says ${count}`);
    }
    info.numel = Number(count);
    info.bytes = region.locate(offset + 8, Number(bytes));
    offset += 8 + Number(bytes);
  }
  return { truncation: null, end: offset };
}
function payloadGap(scans, where2) {
  return (what) => void scans.push(gapScan(`${where2} \u2192 _load_from_bytes`, "payload not read", `torch.storage._load_from_bytes of ${what}, not a byte string in the file: torch.load would unpickle the buffer, which sdmatch did not read`));
}
function nestedStorageLoader(region, scans, warn, where2, depth) {
  let n = 0;
  const seen = /* @__PURE__ */ new Map();
  return (b) => {
    if (seen.has(b)) return seen.get(b);
    const result = loadOnce(b);
    seen.set(b, result);
    return result;
  };
  function loadOnce(b) {
    const label = `${where2} \u2192 _load_from_bytes #${++n}`;
    if (depth >= MAX_NESTING2) {
      warn(`${label}: nested torch streams deeper than ${MAX_NESTING2} levels were not read`);
      scans.push(gapScan(label, "limit reached", `nested torch streams deeper than ${MAX_NESTING2} levels were not read`));
      return null;
    }
    const inner = bytesRegion(region, b);
    if (!inner) {
      scans.push(gapScan(label, "payload not in the file", "the byte string torch.load would read is not in the file (out-of-band buffer)"));
      return null;
    }
    const nested = readLegacy(inner, label, depth + 1);
    if (!nested) {
      const other = scanNestedPayload(inner, label, depth + 1);
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
var LEGACY_MAGIC, LEGACY_PROTOCOL, MAX_NESTING2;
var init_legacy = __esm({
  "src/formats/torch/legacy.ts"() {
    "use strict";
    init_byte_source();
    init_dtype();
    init_errors();
    init_container();
    init_follow();
    init_nested();
    init_interpret();
    init_region();
    init_storage_pid();
    LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
    LEGACY_PROTOCOL = 1001;
    MAX_NESTING2 = 4;
  }
});

// src/formats/torch/tar.ts
function walkTar(src) {
  const members = [];
  let pos = 0;
  let offset = 0;
  const globalPax = /* @__PURE__ */ new Map();
  const read5 = (n) => {
    if (pos >= src.size) return new Uint8Array(0);
    const b = src.read(pos, Math.min(n, src.size - pos));
    pos += b.length;
    return b;
  };
  const block = (size) => Math.ceil(size / BLOCK) * BLOCK;
  const sizeOf = (v) => {
    if (v < 0n) throw new Unsupported(`a member with a negative size (${v})`);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  };
  const fromtarfile = () => {
    const h = parseTarHeader(read5(BLOCK));
    if (typeof h === "string") throw new HeaderFailure(h);
    const size = sizeOf(h.size);
    if (h.type === "S") throw new Unsupported("a GNU sparse member");
    if (h.type === "L" || h.type === "K") {
      const buf = read5(block(size));
      const next = subsequent();
      const text = nts(buf, 0, buf.length);
      if (h.type === "L") next.name = next.type === "5" ? text.replace(/\/$/, "") : text;
      else next.linkname = text;
      return next;
    }
    if (h.type === "x" || h.type === "X" || h.type === "g") {
      const records = paxRecords(read5(block(size)));
      const pax = h.type === "g" ? globalPax : new Map(globalPax);
      for (const [k, v] of records) {
        if (k.startsWith("GNU.sparse.")) throw new Unsupported(`a pax ${k} record (GNU sparse)`);
        if (h.type === "g" && PAX_APPLIED.has(k)) throw new Unsupported(`a global pax ${k} record`);
        pax.set(k, v);
      }
      const next = subsequent();
      if (h.type !== "g") {
        const path = pax.get("path");
        if (path !== void 0) next.name = path.replace(/\/+$/, "");
        const link = pax.get("linkpath");
        if (link !== void 0) next.linkname = link;
        const size2 = pax.get("size");
        if (size2 !== void 0) {
          next.size = sizeOf(paxInt(size2));
          offset = next.offset + (isFileType(next.type) ? block(next.size) : 0);
        }
      }
      return next;
    }
    const data = pos;
    offset = data + (isFileType(h.type) ? block(size) : 0);
    return { name: h.name, type: h.type, linkname: h.linkname, offset: data, size };
  };
  const subsequent = () => {
    try {
      return fromtarfile();
    } catch (e) {
      if (e instanceof HeaderFailure) throw new HeaderFailure("subsequent");
      throw e;
    }
  };
  for (; ; ) {
    if (offset !== pos) {
      if (offset - 1 >= src.size) return { members, end: { kind: "tar-error", why: `a member at ${members.at(-1)?.offset ?? 0} runs past the end of the file` } };
      pos = offset;
    }
    const at = offset;
    try {
      members.push(fromtarfile());
    } catch (e) {
      if (e instanceof Unsupported) return { members, end: { kind: "unsupported", why: `${e.message} at ${at}` } };
      if (!(e instanceof HeaderFailure)) throw e;
      if (e.what === "subsequent" || at === 0 && e.what !== "eof") return { members, end: { kind: "tar-error", why: `the header after the long-name or pax header at ${at} is bad` } };
      return { members, end: { kind: "end" } };
    }
    if (members.length > MAX_RECORDS) return { members, end: { kind: "unsupported", why: `more than ${MAX_RECORDS} members` } };
  }
}
function paxRecords(buf) {
  const out = [];
  let pos = 0;
  while (pos < buf.length && buf[pos] !== 0) {
    let i = pos;
    while (i < buf.length && i - pos < 20 && buf[i] >= 48 && buf[i] <= 57) i++;
    const length = Number(new TextDecoder().decode(buf.subarray(pos, i)));
    if (i === pos || buf[i] !== 32 || length < 5 || pos + length > buf.length || buf[pos + length - 1] !== 10) throw new Unsupported("a pax header tarfile would reject");
    const kv = buf.subarray(i + 1, pos + length - 1);
    const eq = kv.indexOf(61);
    if (eq <= 0) throw new Unsupported("a pax header tarfile would reject");
    const utf83 = new TextDecoder("utf-8", { fatal: true });
    try {
      out.push([utf83.decode(kv.subarray(0, eq)), utf83.decode(kv.subarray(eq + 1))]);
    } catch {
      throw new Unsupported("a pax record that is not UTF-8");
    }
    pos += length;
  }
  return out;
}
function paxInt(v) {
  const t = pyStrip(v);
  const m = /^([+-]?)(\d(?:_?\d)*)$/.exec(t);
  if (m) return (m[1] === "-" ? -1n : 1n) * BigInt(m[2].replace(/_/g, ""));
  if (/^[\x00-\x7f]*$/.test(t)) return 0n;
  throw new Unsupported(`a pax size sdmatch does not read as Python's int() does (${JSON.stringify(v)})`);
}
function readTarTorch(src, file) {
  const { members, end } = walkTar(src);
  const scans = [];
  const detail = [`tar-format torch.save (PyTorch < 0.1.10): ${members.length} member(s); pickles scanned, tensors not listed`];
  if (end.kind === "unsupported") {
    scans.push(gapScan("tar archive", "archive not followed", `${end.why}, which sdmatch does not read as Python's tarfile does: the members torch.load would read were not all seen`));
  }
  const atZero = probeScan("pickle.load at byte 0 (torch.load's reading when tarfile refuses the file)", readPickle(src, 0, { where: "byte 0" }));
  if (atZero) scans.push(atZero);
  let root = null;
  let error = null;
  const regular = members.filter(isFile);
  for (const m of members) {
    const base = m.name.replace(/^\.\//, "");
    if (!TORCH_MEMBERS.has(base)) continue;
    const found = targetsOf(m, members, 0);
    if (typeof found === "string") {
      scans.push(gapScan(m.name, "link not followed", found));
      continue;
    }
    for (const t of found) {
      if (t.offset + t.size > src.size) {
        scans.push(gapScan(m.name, "member cut short", `${t.name} needs ${t.size} bytes at ${t.offset}, past the end of the file`));
        continue;
      }
      const where2 = t === m ? m.name : `${m.name} (a link to ${t.name})`;
      const sub = new SliceSource(src, t.offset, t.size);
      if (base === "storages" || base === "tensors") scanRecords(sub, where2, base, scans);
      else {
        const r = readPickle(sub, 0, { where: where2 });
        scans.push(scanOf(where2, r));
        if (base === "pickle") {
          if (r.error || r.value === void 0) error = r.error ?? new FormatError(file, "tar pickle member has no value");
          else root = interpret2(r.value, { storage: () => null, bytesLocation: bytesLocator(fileRegion(sub, file, t.offset)), loadFromBytes: () => null, warn: (w) => detail.push(w) }, r.shared).value;
        }
      }
    }
  }
  const tarError = end.kind === "tar-error" ? end.why : null;
  const torchMembers = members.filter((m) => TORCH_MEMBERS.has(m.name.replace(/^\.\//, "")));
  if (torchMembers.length === 0) {
    const pickles = regular.filter((m) => isPickleName(m.name));
    if (pickles.length === 0 && end.kind === "end") {
      throw new FormatError(file, `tar archive without torch.save's storages, tensors and pickle members, so not a checkpoint (${members.length} members: ${members.slice(0, 5).map((m) => m.name).join(", ")})`);
    }
    for (const m of pickles) scans.push(scanOf(m.name, readPickle(new SliceSource(src, m.offset, m.size), 0, { where: m.name })));
    return { format: "pickle", detail: [`tar archive holding ${pickles.length} pickle member(s), not a torch.save tar`], root: null, error: null, pickles: scans, tarError };
  }
  if (!members.some((m) => m.name.replace(/^\.\//, "") === "pickle")) detail.push("no pickle member: torch.load would fail");
  return { format: "legacy-torch", detail, root, error, pickles: scans, tarError };
}
function isFileType(type) {
  return REGULAR.has(type) || !SUPPORTED.has(type);
}
function isFile(m) {
  return isFileType(m.type);
}
function targetsOf(m, members, depth) {
  if (isFile(m)) return [m];
  if (m.type !== "1" && m.type !== "2") return [];
  const dir = m.type === "2" ? m.name.split("/").slice(0, -1).join("/") : "";
  const target = normalPath(m.linkname.startsWith("/") ? m.linkname : dir ? `${dir}/${m.linkname}` : m.linkname);
  if (m.linkname.startsWith("/") || target === null) return `${m.name} is a link to ${m.linkname}, outside this file: torch.load would read that file, which sdmatch did not see`;
  if (depth > 8) return `${m.name} is a link in a chain of links longer than sdmatch follows`;
  const found = members.filter((x) => x !== m && normalPath(x.name) === target);
  if (found.length === 0) return `${m.name} is a link to ${m.linkname}, which is not in the archive: what torch.load would read there was not seen`;
  const out = [];
  for (const t of found) {
    const r = targetsOf(t, members, depth + 1);
    if (typeof r === "string") return r;
    out.push(...r);
  }
  return out;
}
function normalPath(p) {
  const out = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}
function scanRecords(src, where2, kind, scans) {
  let at = 0;
  const next = (label) => {
    const r = readPickle(src, at, { where: `${where2} ${label}` });
    scans.push(scanOf(`${where2} ${label}`, r));
    if (r.error) return null;
    at = r.frameEnd ?? r.end;
    return r;
  };
  const gap = (why) => void scans.push(gapScan(where2, "parse stopped", `${why}; the rest of the member (from offset ${at}) was not followed`));
  const count = next("count");
  if (!count) return;
  if (typeof count.value !== "number" || count.value < 0) return gap("the record count is not a small integer");
  if (count.value > MAX_RECORDS) return gap(`${count.value} records is more than sdmatch follows`);
  for (let i = 0; i < count.value; i++) {
    const args = next(`record ${i}`);
    if (!args) return;
    if (kind === "storages") {
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
  if (kind === "storages") next("storage views");
}
function tupleAt(v, i) {
  return typeof v === "object" && v !== null && (v.kind === "tuple" || v.kind === "list") ? v.items[i] : void 0;
}
var BLOCK, TORCH_MEMBERS, MAX_RECORDS, REGULAR, SUPPORTED, PAX_APPLIED, Unsupported, HeaderFailure;
var init_tar = __esm({
  "src/formats/torch/tar.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    init_machine();
    init_values();
    init_container();
    init_interpret();
    init_region();
    init_zip_members();
    init_tar_header();
    BLOCK = TAR_BLOCK;
    TORCH_MEMBERS = /* @__PURE__ */ new Set(["storages", "tensors", "pickle", "sys_info"]);
    MAX_RECORDS = 1 << 20;
    REGULAR = /* @__PURE__ */ new Set(["0", "\0", "7", "S"]);
    SUPPORTED = /* @__PURE__ */ new Set([...REGULAR, "1", "2", "3", "4", "5", "6", "L", "K"]);
    PAX_APPLIED = /* @__PURE__ */ new Set(["path", "linkpath", "size"]);
    Unsupported = class extends Error {
    };
    HeaderFailure = class extends Error {
      constructor(what) {
        super(what);
        this.what = what;
      }
      what;
    };
  }
});

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
function inStorageFolder(d, i, folder, ascii3) {
  if (!ascii3) {
    const name = d.nameAt(i);
    return name.startsWith(folder) && !isPickleName(name);
  }
  if (!d.startsWith(i, ascii3)) return false;
  const last = d.byteAt(i, -1) | 32;
  return last !== 108 && last !== 101 || !isPickleName(d.nameAt(i));
}
function sweepMember(zip, e, file, scans) {
  const kind = memberKind(zip, e);
  try {
    switch (kind) {
      case "unreadable":
        scans.push(gapScan(e.name, "member not read", `zip member "${e.name}" uses compression method ${e.method}, which sdmatch does not inflate (Python's zipfile reads bzip2 and lzma)`));
        return;
      case "pickle-name":
      case "pickle-content":
        scans.push(...scanPickleBytes(entryRegion(zip, e, file).src, e.name, 0, kind === "pickle-content"));
        return;
      case "npy": {
        const h = readNpyHeaderFromEntry(zip, e, file);
        if (!h.objectArray && h.dtype !== null) return;
        if (!h.objectArray && !h.unknownDescr) return;
        const src = entryRegion(zip, e, file).src;
        const where2 = `${e.name} object payload`;
        const found = scanPickleBytes(src, where2, 0, false, afterPadding(src, h.dataOffset));
        scans.push(...found);
        if (h.unknownDescr) scans.push(gapScan(where2, "dtype not understood", `npy dtype ${h.descr} is not one sdmatch knows holds no objects; its payload was scanned as a pickle`));
        return;
      }
      default:
        return;
    }
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    scans.push(gapScan(e.name, "member not read", err.message));
    if (kind === "npy") scanUnparsedNpy(zip, e, file, scans);
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
var init_zip_sweep = __esm({
  "src/formats/torch/zip-sweep.ts"() {
    "use strict";
    init_errors();
    init_numpy();
    init_directory();
    init_container();
    init_nested();
    init_zip_members();
    init_zip_safety();
  }
});

// src/formats/torch/pytorch1.ts
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
  const shape = [];
  const ints = [];
  let dataType = 0;
  let name = null;
  for (const f of fields(msg)) {
    if (f.no === 1 && f.varint !== void 0) shape.push(f.varint);
    else if (f.no === 1 && f.bytes) shape.push(...packed(f.bytes));
    else if (f.no === 2 && f.varint !== void 0) dataType = f.varint;
    else if (f.no === 7 && f.bytes) ints.push(...packed(f.bytes));
    else if (f.no === 7 && f.varint !== void 0) ints.push(f.varint);
    else if (f.no === 8 && f.bytes) name = new TextDecoder("utf-8").decode(f.bytes);
  }
  const dtype = ONNX_DTYPES[dataType];
  if (!dtype || name === null || ints.length !== 4 + shape.length) return null;
  const [, requiresGrad, record, offset] = ints;
  const rec = record + 16 <= src.size ? u64pair(src, record) : null;
  const size = rec ? rec[1] : 0;
  const bytes = rec && record + ALIGN + size <= src.size ? { kind: "raw", file, offset: record + ALIGN, length: size } : null;
  const info = {
    kind: "tensor",
    dtype,
    shape,
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
  const c = new ProtoCursor(b);
  while (!c.done) {
    const key = c.varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.push({ no, varint: c.varint() });
    else if (wire === 2) {
      const n = c.varint();
      if (c.p + n > b.length) throw new RangeError("length past end");
      out.push({ no, bytes: b.subarray(c.p, c.p + n) });
      c.p += n;
    } else if (wire === 1) c.p += 8;
    else if (wire === 5) c.p += 4;
    else throw new RangeError(`wire type ${wire}`);
  }
  return out;
}
function packed(b) {
  const out = [];
  const c = new ProtoCursor(b);
  while (!c.done) out.push(c.varint());
  return out;
}
var PYTORCH1_MAGIC, ALIGN, MAX_MODEL_BYTES, ONNX_DTYPES, ProtoCursor;
var init_pytorch1 = __esm({
  "src/formats/torch/pytorch1.ts"() {
    "use strict";
    init_dtype();
    PYTORCH1_MAGIC = "PYTORCH1";
    ALIGN = 64;
    MAX_MODEL_BYTES = 64 << 20;
    ONNX_DTYPES = {
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
    ProtoCursor = class {
      constructor(b) {
        this.b = b;
      }
      b;
      p = 0;
      get done() {
        return this.p >= this.b.length;
      }
      varint() {
        const b = this.b;
        let r = 0;
        let mul = 1;
        for (; ; ) {
          if (this.p >= b.length) throw new RangeError("truncated varint");
          const x = b[this.p++];
          r += (x & 127) * mul;
          mul *= 128;
          if (x < 128) return r;
          if (mul > 2 ** 63) throw new RangeError("varint too long");
        }
      }
    };
  }
});

// src/formats/error-text/lists.ts
var WIDE_SCRIPT, WIDE, BARE_KEY, REPR_ITEM, REPR_GROUP, NAME_RUN, REPR_KEY, REPR_GROUP_AT, REPR_GROUP_CUT;
var init_lists = __esm({
  "src/formats/error-text/lists.ts"() {
    "use strict";
    WIDE_SCRIPT = "\\u2E80-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF\\uFF00-\\uFFEF";
    WIDE = new RegExp(`[${WIDE_SCRIPT}]`);
    BARE_KEY = new RegExp(`^[^\\s"'()[\\]{}<>,;${WIDE_SCRIPT}]+$`);
    REPR_ITEM = `(?:'[^'\\n]{0,256}'|"[^"\\n]{0,256}"|[\\w.+-]{1,256})`;
    REPR_GROUP = `(?:\\((?:${REPR_ITEM}(?:\\s*,\\s*${REPR_ITEM})*\\s*,?)?\\s*\\)|\\[(?:${REPR_ITEM}(?:\\s*,\\s*${REPR_ITEM})*\\s*,?)?\\s*\\])`;
    NAME_RUN = `[^\\s"'()[\\]{}<>,;${WIDE_SCRIPT}]`;
    REPR_KEY = new RegExp(`^${NAME_RUN}+(?:${REPR_GROUP}${NAME_RUN}*)+$`);
    REPR_GROUP_AT = new RegExp(REPR_GROUP, "y");
    REPR_GROUP_CUT = new RegExp(`[([](?:${REPR_ITEM}\\s*,\\s*)*(?:'[^'\\n]{0,256}|"[^"\\n]{0,256}|[\\w.+-]{0,256})\\s*$`, "y");
  }
});

// src/formats/module-leaves.ts
var MODULE_LEAF_ROWS, leavesOf, MODULE_LEAVES, NORM_BUFFERS, NORM_STATISTICS;
var init_module_leaves = __esm({
  "src/formats/module-leaves.ts"() {
    "use strict";
    MODULE_LEAF_ROWS = [
      { leaf: "weight", kind: "parameter", why: "a Linear's, Conv's or Embedding's trained weight, a norm's gain: every framework's converters keep the name" },
      { leaf: "bias", kind: "parameter", why: "the trained bias beside a weight; a norm's shift too" },
      {
        leaf: "running_mean",
        kind: "statistic",
        why: "BatchNorm's running mean over training batches: a buffer (not in named_parameters()), specific to a norm where weight and bias are not"
      },
      { leaf: "running_var", kind: "statistic", why: "BatchNorm's running variance, the running mean's partner: a buffer as well" },
      {
        leaf: "num_batches_tracked",
        kind: "counter",
        why: "BatchNorm's batch counter (PyTorch \u2265 0.4.1): a buffer BatchNorm fills in itself when a checkpoint lacks it, so it tells nothing of a module's match"
      }
    ];
    leavesOf = (keep) => MODULE_LEAF_ROWS.filter((r) => keep(r.kind)).map((r) => r.leaf);
    MODULE_LEAVES = leavesOf(() => true);
    NORM_BUFFERS = leavesOf((k) => k !== "parameter");
    NORM_STATISTICS = leavesOf((k) => k === "statistic");
  }
});

// src/formats/error-text/leaves.ts
var PARAMETER_LEAVES, MODULE_OR_PARAMETER_LEAVES;
var init_leaves = __esm({
  "src/formats/error-text/leaves.ts"() {
    "use strict";
    init_module_leaves();
    PARAMETER_LEAVES = [
      ...MODULE_LEAVES,
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
    MODULE_OR_PARAMETER_LEAVES = ["embeddings", "lora_A", "lora_B", "scales", "zeros"];
  }
});

// src/formats/error-text/loose.ts
function joinWrappedKeys(text, widths) {
  const starts = [0];
  for (let k = text.indexOf("\n"); k >= 0; k = text.indexOf("\n", k + 1)) starts.push(k + 1);
  const lineWidth = (k) => widths?.[k] ?? text.slice(starts[k], (starts[k + 1] ?? text.length + 1) - 1).replace(/\r$/, "").length;
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
  return text.replace(BREAK_IN_TOKEN, (all, before, a, b, at) => {
    const closed2 = before !== void 0 && /^["']$/.test(before) && text[at + all.length] === before;
    const sideWord = before === void 0 && SIDE_WORD.test(a + b);
    if (!closed2 && !sideWord && (/^[^.]*\.$/.test(a) && !before || endsInLeaf(a) || !endsInLeaf(a + b))) return all;
    if (closed2) return before + a + b;
    const line = lineAt(at);
    if (lineWidth(line) < wrapWidth) return all;
    const lineText = text.slice(starts[line], at + (before?.length ?? 0) + a.length);
    if (lineText.replace(/^[\s"',]+/, "") === a) return all;
    return sideWord || a.includes(".") || b.startsWith(".") || before ? (before ?? "") + a + b : all;
  });
}
function readLoosely(pasted, widths) {
  const text = joinWrappedKeys(pasted, widths).replace(BLANK_BEFORE_DOT, "");
  const marks = [];
  const words = [];
  for (const m of text.matchAll(MODEL_SIDE)) marks.push({ at: m.index, side: "missing" });
  for (const m of text.matchAll(CHECKPOINT_SIDE)) marks.push({ at: m.index, side: "unexpected" });
  for (const mark of marks) words.push(mark.at);
  for (const { side, re } of LABELS) {
    for (const m of text.matchAll(re)) {
      const bol = text.lastIndexOf("\n", m.index - 1) + 1;
      if (words.some((w) => w >= bol && w < m.index)) continue;
      const eol = text.indexOf("\n", m.index);
      marks.push({ at: m.index, side, until: eol < 0 ? text.length : eol });
    }
  }
  marks.sort((a, b) => a.at - b.at);
  const out = { missing: [], unexpected: [] };
  if (marks.length === 0) return out;
  const read5 = [];
  const records = [...text.matchAll(KEY_THEN_SIDE_LINE), ...text.matchAll(PARAMETER_THEN_SIDE)].sort((a, b) => a.index - b.index);
  for (const m of records) if (!NOT_A_KEY.test(m[1])) read5.push({ key: m[1], side: "missing", labelled: false });
  let mi = -1;
  for (const m of text.matchAll(KEY)) {
    while (mi + 1 < marks.length && marks[mi + 1].at < m.index) mi++;
    if (mi < 0 || m.index > (marks[mi].until ?? Infinity)) continue;
    const key = m[0].replace(/[.\-]+$/, "");
    const leaf = key.slice(key.lastIndexOf(".") + 1);
    if (!LEAF.test(leaf) || NOT_A_KEY.test(key)) continue;
    read5.push({ key, side: marks[mi].side, labelled: marks[mi].until !== void 0 });
  }
  let ni = -1;
  for (const m of text.matchAll(QUOTED_NAMES)) {
    while (ni + 1 < marks.length && marks[ni + 1].at < m.index) ni++;
    if (ni < 0 || m.index > (marks[ni].until ?? Infinity)) continue;
    const names = [...m[0].matchAll(QUOTED_NAME)].map((n) => n[1]);
    if (names.filter((n) => n.includes("_")).length * 2 < names.length) continue;
    for (const key of names) read5.push({ key, side: marks[ni].side, labelled: marks[ni].until !== void 0 });
  }
  const labelledOn = (side) => new Set(read5.filter((r) => r.labelled && r.side === side).map((r) => r.key));
  const model = labelledOn("missing");
  const onBoth = new Set([...labelledOn("unexpected")].filter((k) => model.has(k)));
  const seen = /* @__PURE__ */ new Set();
  for (const r of read5) {
    if (seen.has(r.key) || r.labelled && onBoth.has(r.key)) continue;
    seen.add(r.key);
    out[r.side].push(r.key);
  }
  return out;
}
var LEAF, NOT_A_KEY, KEY, QUOTED_NAMES, QUOTED_NAME, MODEL_SIDE, CHECKPOINT_SIDE, LABELS, KEY_THEN_SIDE_LINE, PARAMETER_THEN_SIDE, BREAK_IN_TOKEN, SIDE_WORD, endsInLeaf, BLANK_BEFORE_DOT;
var init_loose = __esm({
  "src/formats/error-text/loose.ts"() {
    "use strict";
    init_leaves();
    LEAF = new RegExp(`^(?:${[...PARAMETER_LEAVES, ...MODULE_OR_PARAMETER_LEAVES].join("|")})$`);
    NOT_A_KEY = /^(?:torch|transformers|mmcv|mmengine|mmdet|detectron2|fvcore|timm|peft|lightning|pytorch_lightning|numpy|os|sys|self|model_zoo)\.|\.(?:py|pth|pt|ckpt|bin|json|yaml|yml|txt|safetensors|pkl|com|org|io|html)$/;
    KEY = /[A-Za-z_][\w\-]*(?:\.[\w\-]+)+/g;
    QUOTED_NAMES = /(["'])[A-Za-z_]\w{0,80}\1(?:[ \t]*,\s{0,8}(["'])[A-Za-z_]\w{0,80}\2){2,}/g;
    QUOTED_NAME = /["']([A-Za-z_]\w*)["']/g;
    MODEL_SIDE = /\b(?:missing|not\s+found|not\s+initiali[sz]ed|newly\s+initiali[sz]ed|not\s+loaded|were\s+not\s+restored)\b/gi;
    CHECKPOINT_SIDE = /\b(?:unexpected|not\s+used|unused|ignored|were\s+not\s+consumed|extra\s+keys?)\b/gi;
    LABELS = [
      { side: "unexpected", re: /\b(?:checkpoint(?:'s)?\s+keys?|keys?\s+in\s+the\s+checkpoint|saved\s+keys?)\s*\W{0,3}:/gi },
      { side: "missing", re: /\b(?:expected\s+keys?|model(?:'s)?\s+keys?|keys?\s+(?:the\s+)?model\s+expects|(?:the\s+)?model\s+expects)\s*\W{0,3}:/gi }
    ];
    KEY_THEN_SIDE_LINE = /^[ \t"'`]*(?:(?:parameter|param|key|weight|tensor)[ \t]+)?["'`]?([A-Za-z_][\w\-]*(?:\.[\w\-]+)+)["'`]?[ \t]+(?:is[ \t]+|was[ \t]+)?(?:not[ \t]+found|missing|not[ \t]+loaded)\b/gim;
    PARAMETER_THEN_SIDE = /(?<=\s)(?:parameter|param)[ \t]+["'`]?([A-Za-z_][\w\-]*(?:\.[\w\-]+)+)["'`]?[ \t]+(?:is[ \t]+|was[ \t]+)?(?:not[ \t]+found|missing|not[ \t]+loaded)\b/gi;
    BREAK_IN_TOKEN = /(["']|,[ \t]?)?(?<![\w.\-])([\w.\-]+)\r?\n[ \t]*([\w.\-]+)/g;
    SIDE_WORD = /^(?:missing|unexpected|unused|ignored|initiali[sz]ed)$/i;
    endsInLeaf = (token) => LEAF.test(token.replace(/[.\-]+$/, "").split(".").pop());
    BLANK_BEFORE_DOT = /(?<=[\w\-])[ \t]+(?=\.[A-Za-z_])/g;
  }
});

// src/formats/error-text/families.ts
var MESSAGE_FAMILIES, MESSAGE_DETECTOR;
var init_families = __esm({
  "src/formats/error-text/families.ts"() {
    "use strict";
    MESSAGE_FAMILIES = [
      { pattern: /Error\(s\)inloadingstate_dictfor/, example: "RuntimeError: Error(s) in loading state_dict for ResNet:", family: "torch", printer: "torch \u2265 0.4, strict load_state_dict", source: "torch/nn/modules/module.py Module.load_state_dict" },
      { pattern: /Missingkey\(s\)instate_dict/, example: '	Missing key(s) in state_dict: "fc.weight", "fc.bias". ', family: "torch", printer: "torch \u2265 0.4, strict load_state_dict", source: "torch/nn/modules/module.py Module.load_state_dict" },
      { pattern: /Unexpectedkey\(s\)instate_dict/, example: '	Unexpected key(s) in state_dict: "module.fc.weight". ', family: "torch", printer: "torch \u2265 0.4, strict load_state_dict", source: "torch/nn/modules/module.py Module.load_state_dict" },
      {
        pattern: /copyingaparam(?:withshape|of)torch/,
        example: "	size mismatch for fc.weight: copying a param with shape torch.Size([1000, 512]) from checkpoint, the shape in current model is torch.Size([10, 512]).",
        family: "torch",
        printer: "torch size mismatch: `of torch.Size` in 0.4.x (shapes the other way round), `with shape` since 1.0",
        source: "torch/nn/modules/module.py Module._load_from_state_dict"
      },
      { pattern: /IncompatibleKeys\(missing_keys=/, example: "_IncompatibleKeys(missing_keys=['fc.weight'], unexpected_keys=[])", family: "torch", printer: "torch \u2265 1.1, load_state_dict's return value printed", source: "torch/nn/modules/module.py _IncompatibleKeys" },
      {
        pattern: /(?:missing|unexpected)_?keys['"]?[=:]\[['"]/,
        example: "unexpected_keys=['head.weight', 'head.bias']",
        family: "torch",
        printer: "one field of torch's _IncompatibleKeys, or a dict of them, or the two lists load_state_dict(strict=False) returns printed under their names (`unexpected keys: [...]`, cheerss/CrossFormer#9), by a user's script",
        source: "torch/nn/modules/module.py _IncompatibleKeys"
      },
      { pattern: /werenotusedwheninitializing/, example: "Some weights of the model checkpoint at bert-base-uncased were not used when initializing BertModel: ['cls.predictions.bias']", family: "transformers", printer: "transformers (and diffusers) from_pretrained: checkpoint weights the model does not use", source: "transformers/modeling_utils.py _load_pretrained_model" },
      { pattern: /werenotinitializedfromthemodelcheckpoint/, example: "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at bert-base-uncased and are newly initialized: ['classifier.weight']", family: "transformers", printer: "transformers from_pretrained: model weights newly initialized", source: "transformers/modeling_utils.py _load_pretrained_model" },
      {
        pattern: /foundshape\S{0,200}inthecheckpointand\S{0,200}inthemodelinstantiated/,
        example: "- classifier.weight: found shape torch.Size([1000, 768]) in the checkpoint and torch.Size([6, 768]) in the model instantiated",
        family: "transformers",
        printer: "transformers' size lines under `newly initialized because the shapes did not match` (ignore_mismatched_sizes)",
        source: "transformers/modeling_utils.py _load_pretrained_model"
      },
      { pattern: /Whilecopyingtheparameternamed/, example: "While copying the parameter named fc.weight, whose dimensions in the model are torch.Size([10, 512]) and whose dimensions in the checkpoint are torch.Size([1000, 512]).", family: "torch", printer: "torch \u2264 1.0 size mismatch, and the copy failure of later versions", source: "torch/nn/modules/module.py Module._load_from_state_dict" },
      { pattern: /LOADREPORTfrom:/, example: "ViTModel LOAD REPORT from: google/vit-base-patch16-224", family: "transformers", printer: "transformers v5's LOAD REPORT table", source: "transformers/modeling_utils.py (loading report)" },
      { pattern: /\|MISMATCH\|Reinitduetosizemismatch/, example: "classifier.weight | MISMATCH | Reinit due to size mismatch - ckpt: torch.Size([1000, 768]) vs model:torch.Size([6, 768])", family: "transformers", printer: "a MISMATCH row of transformers v5's LOAD REPORT", source: "transformers/modeling_utils.py (loading report)" },
      { pattern: /insourcestate_dict:/, example: "unexpected key in source state_dict: fc.weight, fc.bias", family: "mmcv", printer: "mmcv / MMEngine load_state_dict: `unexpected key` / `missing keys in source state_dict:`", source: "mmcv/runner/checkpoint.py, mmengine/runner/checkpoint.py load_state_dict" },
      { pattern: /unexpectedkey"[^"]*"instate_dict/, example: `KeyError: 'unexpected key "module.conv1.weight" in state_dict'`, family: "torch-keyerror", printer: "torch 0.1\u20130.3 KeyError, one unexpected key", source: "torch/nn/modules/module.py Module.load_state_dict (0.3)" },
      { pattern: /missingkeysinstate_dict:"/, example: `KeyError: 'missing keys in state_dict: "{\\'fc.weight\\'}"'`, family: "torch-keyerror", printer: "torch 0.1\u20130.3 KeyError, the missing keys as a set", source: "torch/nn/modules/module.py Module.load_state_dict (0.3)" },
      { pattern: /<Allkeysmatchedsuccessfully>/, example: "<All keys matched successfully>", family: "torch", printer: "torch: the repr of load_state_dict's result when nothing was missing or unexpected", source: "torch/nn/modules/module.py _IncompatibleKeys.__repr__" },
      {
        pattern: /Somemodelparameters(?:orbuffers)?arenot(?:found)?inthecheckpoint/,
        example: "Some model parameters or buffers are not found in the checkpoint:\nroi_heads.box_predictor.{bias, weight}",
        family: "fvcore",
        printer: "fvcore / Detectron2 Checkpointer (older: `not in the checkpoint`)",
        source: "fvcore/common/checkpoint.py get_missing_parameters_message"
      },
      {
        pattern: /checkpoint(?:state_dict)?contains(?:keys|parameters)(?:thatare)?notusedbythemodel/,
        example: "The checkpoint state_dict contains keys that are not used by the model:\n  pixel_mean",
        family: "fvcore",
        printer: "fvcore / Detectron2 Checkpointer (older: `contains parameters not used`)",
        source: "fvcore/common/checkpoint.py get_unexpected_parameters_message"
      },
      { pattern: /tothemodelduetoincompatibleshapes/, example: "Skip loading parameter 'roi_heads.box_predictor.cls_score.weight' to the model due to incompatible shapes: (81, 1024) in the checkpoint but (2, 1024) in the model! You might want to double check if this is expected.", family: "fvcore", printer: "fvcore / Detectron2 `Skip loading parameter` (older: `Unable to load`)", source: "fvcore/common/checkpoint.py Checkpointer._load_model" },
      { pattern: /inthecheckpointbut\S{0,200}inthemodel!Skipped/, example: "'heads.classifier.weight' has shape (751, 2048) in the checkpoint but (702, 2048) in the model! Skipped.", family: "fvcore", printer: "older Detectron2 and fastreid's `has shape ... in the checkpoint but ... in the model! Skipped.`", source: "detectron2/checkpoint/c2_model_loading.py, fastreid/utils/checkpoint.py" },
      { pattern: /Foundmissingadapterkeys/, example: "Found missing adapter keys while loading the checkpoint: ['base_model.model.lm_head.lora_A.default.weight']", family: "peft", printer: "PEFT PeftModel.load_adapter / set_peft_model_state_dict warning", source: "peft/peft_model.py" },
      { pattern: /ledto(?:unexpected|missing)keys/, example: "Loading adapter weights from lora.safetensors led to unexpected keys not found in the model: ['x.lora_A.weight']", family: "peft", printer: "transformers' load_adapter (and diffusers' LoRA scripts): `led to unexpected keys not found in the model`", source: "transformers/integrations/peft.py load_adapter" },
      { pattern: /Foundkeysthatare(?:not)?inthemodelstatedict/, example: "Found keys that are in the model state dict but not in the checkpoint: ['head.weight']", family: "lightning", printer: "Lightning load_from_checkpoint(strict=False) warnings", source: "lightning/pytorch/core/saving.py _load_state" },
      { pattern: /(?:discovered|found)whileloadingpretrainedweights/, example: "Missing keys (head.weight, head.bias) discovered while loading pretrained weights. This is expected if model is being adapted.", family: "timm", printer: "timm's pretrained loader: `Missing keys (...) discovered` / `Unexpected keys (...) found`", source: "timm/models/_builder.py load_pretrained" },
      { pattern: /thesekeyshavemismatchedshape/, example: "these keys have mismatched shape:", family: "mmcv", printer: "older mmcv's shape table", source: "mmcv/runner/checkpoint.py load_state_dict (mmcv < 1.0)" },
      { pattern: /notinitializedfrompretrainedmodel/, example: "Weights of BertForMaskedLM not initialized from pretrained model: ['cls.predictions.bias']", family: "transformers", printer: "pytorch-transformers 1.x, transformers 2.x: `Weights of X not initialized from pretrained model`", source: "pytorch_transformers/modeling_utils.py from_pretrained" },
      { pattern: /Weightsfrompretrainedmodelnotusedin/, example: "Weights from pretrained model not used in BertModel: ['cls.predictions.bias']", family: "transformers", printer: "pytorch-transformers 1.x, transformers 2.x", source: "pytorch_transformers/modeling_utils.py from_pretrained" },
      { pattern: /becausethefollowingkeysaremissing/, example: "Cannot load <class 'UNet2DConditionModel'> from ./unet because the following keys are missing: conv_in.weight, conv_in.bias.", family: "diffusers", printer: "diffusers' low_cpu_mem_usage loader: `Cannot load ... because the following keys are missing`", source: "diffusers/models/modeling_utils.py from_pretrained" },
      { pattern: /expectedshape\S{0,200}butgot/, example: "Cannot load ./unet because conv_in.weight expected shape tensor(..., device='meta', size=(320, 4, 3, 3)), but got torch.Size([320, 8, 3, 3]).", family: "diffusers", printer: "diffusers' meta-device loader: `because X expected shape ..., but got ...`", source: "diffusers/models/model_loading_utils.py load_model_dict_into_meta" },
      { pattern: /Sizemismatchbetweensavedtorch\.Size/, example: "ValueError: Size mismatch between saved torch.Size([50, 16]) and current: torch.Size([40, 16]) for model.embed.weight", family: "torch", printer: "torch.distributed.checkpoint's load planner, at the first key of another size", source: "torch/distributed/checkpoint/planner_helpers.py _create_read_items" },
      { pattern: /Missingkeyincheckpointstate_dict/, example: "RuntimeError: Missing key in checkpoint state_dict: model.fc.weight.", family: "torch", printer: "torch.distributed.checkpoint's default load planner", source: "torch/distributed/checkpoint/default_planner.py" },
      {
        pattern: /missingkeysinstate_dict:(?:\{|set\(\[)|\bmismatch:[^\s:]{1,4096}?torch\.Size/,
        example: "mismatch: classifier.weight torch.Size([2800, 768]) torch.Size([96, 768])",
        family: "open-reid",
        printer: "open-reid's copy_state_dict: `mismatch: KEY <checkpoint size> <model size>`, then `missing keys in state_dict: {...}` (a set)",
        source: "Cysu/open-reid reid/utils/serialization.py copy_state_dict; hwz-zju/Instruct-ReID#20"
      },
      { pattern: /Thefollowinglayersarediscardedduetounmatchedkeysorlayersize/, example: "** The following layers are discarded due to unmatched keys or layer size: ['classifier.weight', 'classifier.bias']", family: "torchreid", printer: "torchreid's load_pretrained_weights", source: "torchreid/utils/torchtools.py load_pretrained_weights" },
      { pattern: /ThisIS(?:NOT)?expectedifyouareinitializing/, example: "- This IS expected if you are initializing BertModel from the checkpoint of a model trained on another task", family: "transformers", printer: "transformers' warning tail (its list may be cut before it)", source: "transformers/modeling_utils.py _load_pretrained_model" },
      { pattern: /YoushouldprobablyTRAINthismodel/, example: "You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.", family: "transformers", printer: "transformers' warning tail", source: "transformers/modeling_utils.py _load_pretrained_model" },
      {
        pattern: /KeyError:['"](?:[A-Za-z_]\w*\.)*num_batches_tracked['"]/,
        example: "KeyError: 'bn1.num_batches_tracked'",
        family: "torch-keyerror",
        printer: "a dict KeyError on a BatchNorm counter (torch \u2265 0.4.1 adds it) in a script's own copy loop",
        source: "jindongwang/transferlearning#58, ruotianluo/pytorch-faster-rcnn#104"
      },
      {
        pattern: /assertset\([\w.]{0,80}missing_keys\)==\{/,
        example: 'assert set(msg.missing_keys) == {"fc.weight", "fc.bias"}',
        family: "torch",
        printer: "a linear-evaluation loader's assertion on load_state_dict's result (MoCo, MoCo v3, SimSiam)",
        source: "facebookresearch/moco, moco-v3, simsiam main_lincls.py"
      }
    ];
    MESSAGE_DETECTOR = new RegExp(MESSAGE_FAMILIES.map((r) => r.pattern.source).join("|"), "i");
  }
});

// src/formats/error-text/clean.ts
function normaliseCharacters(text) {
  let out = text.replace(/^\uFEFF/, "").replace(ANSI, "");
  for (const [re, to] of CHARACTER_FIXES) out = out.replace(re, to);
  return out;
}
function stripSharedLogHead(lines) {
  const content = lines.filter((l) => l.trim() !== "");
  if (content.length === 0) return lines;
  const head = (l) => SHARED_HEAD.exec(l.slice(0, 200));
  const widths = lines.map((l) => l.replace(ANSI, "").length);
  const wrapWidth = widths.reduce((m, w) => Math.max(m, w), 0);
  const after = /* @__PURE__ */ new Set();
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (l.trim() === "") continue;
    const m = head(l);
    if (!m) {
      if (k > 0 && widths[k - 1] === wrapWidth && wrapWidth >= 40) continue;
      return lines;
    }
    after.add(/^\s*([-|:])(?:\s|$)/.exec(l.slice(m[0].length))?.[1] ?? "message");
  }
  if (after.size === 1 && !after.has("message")) return lines;
  return lines.map((l) => {
    const m = head(l);
    return m ? m[1] + l.slice(m[0].length) : l;
  });
}
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
function joinPaddedRows(line) {
  if (line.length < 80) return line;
  const runs = [...line.matchAll(PADDING_RUN)];
  if (runs.length < 2) return line;
  const rows = runs.map((r, k) => r.index + r[0].length - (k === 0 ? 0 : runs[k - 1].index + runs[k - 1][0].length));
  const row = rows.length >= 3 ? rows[1] : rows[0];
  if (row < 80 || rows.some((w, k) => w !== row && !(k === 0 && rows.length >= 3 && w > row))) return line;
  return line.replace(PADDING_RUN, "");
}
function breaksInside(line, next) {
  if (OPEN_FRAME.test(line)) return FRAME_REST.test(next);
  const quoted = OPEN_QUOTED_KEY.exec(line);
  if (quoted) {
    const q = quoted[1];
    if (line.split(q).length % 2 !== 0) return false;
    const close2 = new RegExp(`^([\\w.\\-]*)${q}(?=[\\s,.\\]})]|$)`).exec(next);
    return close2 !== null && /[._]/.test(quoted[2] + close2[1]);
  }
  const tail = COMMA_LIST_TAIL.exec(line);
  const head = COMMA_LIST_HEAD.exec(next);
  if (!tail || !head || !/[\w\])],\s*[A-Za-z_]|:\s*[A-Za-z_][\w.\-]*$/.test(line)) return false;
  const a = tail[1];
  const b = head[1];
  return !endsInLeaf(a) && endsInLeaf(a + b) && (a + b).includes(".");
}
function joinWrapsInKeys(lines, widths) {
  const wrapWidth = widths.reduce((m, w) => Math.max(m, w), 0);
  const atWidth = linesAtWidth(lines, widths, wrapWidth);
  const firstModules = /* @__PURE__ */ new Map();
  lines.forEach((l, k) => {
    const m = /^[\w\-]+(?=\.)/.exec(l);
    if (m && !(k > 0 && widths[k - 1] === wrapWidth && wrapWidth >= 40)) firstModules.set(m[0], (firstModules.get(m[0]) ?? 0) + 1);
  });
  const blankRow = (k) => k < lines.length && lines[k] === "" && wrapWidth >= 40 && widths[k] === wrapWidth;
  const wraps = (k, line) => {
    let n = k + 1;
    while (widths[k] === wrapWidth && blankRow(n)) n++;
    return n < lines.length && wrapsOnto(k, n, line) ? n : -1;
  };
  const wrapsOnto = (k, n, line) => {
    if (breaksInside(line.length > 400 ? line.slice(-400) : line, lines[n])) return true;
    const dotStart = /^\.[A-Za-z_]/.test(lines[n]);
    if (!dotStart && (wrapWidth < 40 || widths[k] !== wrapWidth)) return false;
    const end = line.length > 400 ? line.slice(-400) : line;
    const tail = TAIL_RUN.exec(end);
    if (tail && tail.index === 0 && end !== line) return false;
    const next = lines[n];
    if (/^(?:\.{2}|\u2026)/.test(next)) return false;
    const head = HEAD_RUN.exec(next);
    if (!tail || !head) return false;
    const a = tail[2];
    const b = head[0];
    const group = next.charAt(b.length) === "{";
    if (/^[^.]*\.$/.test(a) && !/["',]/.test(tail[1]) && !(/^\d+\./.test(b) && endsInLeaf(a + b))) return false;
    if (!b.startsWith(".") && endsInLeaf(a)) return false;
    if (!(b.startsWith(".") || group || endsInLeaf(a + b))) return false;
    if (!/[._]/.test(a + b.charAt(0)) && !/["',]/.test(tail[1])) return false;
    if (tail.index === 0 && !dotStart && !a.endsWith(".")) {
      const module2 = /^[\w\-]+(?=\.)/.exec(next)?.[0];
      if (atWidth < 2 || module2 && (firstModules.get(module2) ?? 0) > 1) return false;
    }
    return true;
  };
  const out = [];
  const at = [];
  for (let k = 0; k < lines.length; k++) {
    let line = lines[k];
    let j = k;
    for (let n = wraps(j, line); n >= 0; n = wraps(j, line)) {
      while (j < n) line += lines[++j];
    }
    for (let i = k; i <= j; i++) at.push(out.length);
    out.push(line);
    k = j;
  }
  return { lines: out, at };
}
function readThroughFrames(line) {
  if (BOX_RULE.test(line)) return "";
  const inner = BOX_SIDE.test(line) ? line.slice(1).trimEnd().replace(/[\u2502\u2503\u2551]$/, "") : line;
  const source = FORMATTING_SOURCE.exec(inner);
  if (!source) return inner;
  const after = inner.slice(source.index + source[0].length);
  const raised = RAISED_AFTER_SOURCE.exec(after);
  const before = inner.slice(0, source.index);
  const kept = [MESSAGE_DETECTOR.test(before.replace(/\s+/g, "")) || FRAME_ON_LINE.test(before) ? before.trimEnd() : "", raised ? after.slice(raised.index) : ""];
  return kept.filter((part) => part !== "").join(" ");
}
function linesAtWidth(lines, widths, width) {
  return new Set(lines.filter((_, k) => widths[k] === width)).size;
}
function unwrap(lines, widths) {
  const wrapWidth = widths.reduce((m, w) => Math.max(m, w), 0);
  if (wrapWidth < 40 || linesAtWidth(lines, widths, wrapWidth) < 2) return lines.join("\n");
  return lines.map((l, k) => widths[k] === wrapWidth ? l : `${l}
`).join("");
}
function stripBareColours(text) {
  const t = text.replace(ANSI, "");
  return t.includes("[0m") ? t.replace(BARE_SGR, "") : t;
}
function decodeEscapes(body) {
  return body.replace(ESCAPE, (_, e) => {
    if (e === "n") return "\n";
    if (e === "t") return "	";
    if (e === "r" || /^[ \t]/.test(e)) return "";
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  });
}
function escapedMessage(body) {
  if (!HAS_ESCAPE.test(body)) return null;
  const decoded = decodeEscapes(body);
  if (!/[A-Za-z]{3}/.test(decoded)) return null;
  return ESCAPED_BREAK.test(body) || MESSAGE_DETECTOR.test(decoded.replace(/\s+/g, "")) ? decoded : null;
}
function stringsOf(value, depth = 0) {
  if (typeof value === "string") return [value];
  if (depth > 4 || value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap((v) => stringsOf(v, depth + 1));
}
function jsonRecordLines(text) {
  if (!text.includes('{"') && !text.includes('{ "')) return text;
  return text.split(/(\r\n|\r|\n)/).map((line) => {
    const t = line.trim();
    if (!t.startsWith("{") || !t.endsWith("}")) return line;
    let record;
    try {
      record = JSON.parse(t);
    } catch {
      return line;
    }
    if (record === null || typeof record !== "object" || Array.isArray(record)) return line;
    const messages = stringsOf(record).filter((v) => MESSAGE_DETECTOR.test(v.replace(/\s+/g, "")));
    return messages.length > 0 ? messages.join("\n") : line;
  }).join("");
}
function unescapeMessageLines(text) {
  if (!text.includes("\\")) return text;
  return text.split(/\r\n|\r|\n/).map((raw) => {
    if (!raw.includes("\\")) return raw;
    const l = QUOTE_FIXES.reduce((t, [re, to]) => t.replace(re, to), raw);
    let decoded = false;
    const out = l.replace(STRING_LITERAL, (whole, _q, body, close2, at) => {
      if (FORMATTED_LITERAL.test(l.slice(at + whole.length, at + whole.length + 40)) || /\bf$/.test(l.slice(Math.max(0, at - 2), at)) && /\{[^{}\n]+\}/.test(body)) return whole;
      if (KEY_ERROR_BEFORE.test(l.slice(Math.max(0, at - 20), at))) return whole;
      const message = escapedMessage(body);
      if (message === null) return whole;
      decoded = true;
      return `
${message}${close2 ? "\n" : ""}`;
    });
    return decoded ? out : raw;
  }).join("\n");
}
function quoteDepth(line) {
  const m = /^\s*(?:>[ \t]?)+/.exec(line);
  return m ? (m[0].match(/>/g) ?? []).length : 0;
}
function indentOf(line) {
  const m = /^[ \t]*/.exec(line)[0];
  return m.replace(/\t/g, "    ").length;
}
function markdownBlockEnds(raw) {
  const ends = [];
  const content = (k) => raw[k].replace(/^\s*(?:>[ \t]?)+/, "").trim() !== "";
  let prev = -1;
  let codeFrom = -1;
  for (let k = 0; k < raw.length; k++) {
    if (!content(k)) continue;
    if (prev >= 0 && quoteDepth(raw[k]) < quoteDepth(raw[prev])) ends.push(prev);
    const indented = indentOf(raw[k]) >= 4;
    if (indented && codeFrom < 0 && (prev < 0 || prev < k - 1)) codeFrom = k;
    else if (!indented && codeFrom >= 0) {
      if (prev < k - 1) ends.push(prev);
      codeFrom = -1;
    }
    prev = k;
  }
  return ends;
}
function unglueFences(text) {
  if (!text.includes("```") && !text.includes("~~~")) return text;
  return text.split(/(\r\n|\r|\n)/).map((l) => {
    const open2 = FENCE_THEN_TEXT.exec(l);
    const line = open2 ? open2[2] : l;
    const close2 = TEXT_THEN_FENCE.exec(line);
    const parts = close2 ? [close2[1], close2[2]] : [line];
    return (open2 ? [open2[1], ...parts] : parts).join("\n");
  }).join("");
}
function literalClose(piece, escaped) {
  for (let k = escaped ? 1 : 0; k < piece.length; k++) {
    if (piece[k] === "\\") k++;
    else if (piece[k] === '"') return k;
  }
  return -1;
}
function joinYamlScalars(text) {
  if (!text.includes("\\")) return text;
  const lines = text.split(/\r\n|\r|\n/);
  const widths = lines.map((l) => l.length);
  const widest = widths.reduce((m, w) => Math.max(m, w), 0);
  const wrapWidth = widest >= 40 && widths.filter((w) => w === widest).length >= 2 ? widest : -1;
  const norm = (raw) => QUOTE_FIXES.reduce((t, [re, to]) => t.replace(re, to), raw).replace(/[\u00A0\u2007\u202F]/g, " ");
  const strip = (l) => stripLinePrefixes(l.length > 4e3 ? l.slice(0, 4e3) : l) + (l.length > 4e3 ? l.slice(4e3) : "");
  const bare = (raw) => strip(norm(raw));
  const out = [];
  for (let k = 0; k < lines.length; k++) {
    const line = norm(lines[k]);
    const content = strip(line);
    const keyInPrefix = content.startsWith('"') && /[\w.\-]+:[ \t]*$/.test(line.slice(0, line.length - content.length));
    const opened2 = YAML_SCALAR_OPEN.exec(content)?.[0].length ?? (keyInPrefix ? 1 : -1);
    const escapes = opened2 >= 0 && /\\[nt"]|\\$/.test(`${content.slice(0, 4e3)}${bare(lines[k + 1] ?? "").slice(0, 4e3)}`);
    if (!escapes || literalClose(content.slice(opened2), false) >= 0) {
      out.push(lines[k]);
      continue;
    }
    let joined = content;
    let j = k;
    while (j + 1 < lines.length && bare(lines[j + 1]).trim() !== "") {
      const next = bare(lines[j + 1]);
      const escapedBreak = ESCAPED_LINE_END.test(joined.slice(-200));
      let piece;
      let escaped = false;
      if (escapedBreak && next.startsWith('"')) {
        piece = next;
        escaped = true;
      } else if (escapedBreak) {
        joined = joined.slice(0, -1);
        piece = next.trimStart();
      } else if (widths[j] === wrapWidth || !/^[ \t]/.test(next)) {
        piece = next;
      } else {
        joined = joined.trimEnd();
        piece = ` ${next.trimStart()}`;
      }
      joined += piece;
      j++;
      if (literalClose(piece, escaped) >= 0) break;
    }
    if (ESCAPED_LINE_END.test(joined.slice(-200))) joined = joined.slice(0, -1);
    out.push(line.slice(0, line.length - content.length) + joined);
    k = j;
  }
  return out.join("\n");
}
function joinBlankInQuotedKey(line) {
  if (!line.includes(" ")) return line;
  const items2 = [...line.matchAll(QUOTED_ITEM)].map((m) => m[2]);
  if (items2.length < 3) return line;
  const bare = items2.filter((i) => /\s/.test(i) && BLANK_IN_ITEM.exec(i)?.[2] === void 0).length;
  const joined = (item) => {
    const m = BLANK_IN_ITEM.exec(item);
    if (!m || m[2] === void 0 && bare !== 1) return null;
    const [a, b] = [m[1], m[3]];
    return !endsInLeaf(a) && endsInLeaf(a + b) && (a + b).includes(".") ? a + b : null;
  };
  return line.replace(QUOTED_ITEM, (all, q, item) => {
    const key = /\s/.test(item) ? joined(item) : null;
    return key === null ? all : q + key + q;
  });
}
function cleanPaste(pasted) {
  const text = unescapeMessageLines(joinYamlScalars(jsonRecordLines(stripBareColours(unglueFences(pasted)))));
  const raw = text.split(/\r\n|\r|\n/);
  const numbered = stripSharedLogHead(stripLineNumbers(raw));
  const fences = numbered.map((l) => FENCE.test(stripLinePrefixes(l).trim()));
  const prefixless = normaliseCharacters(numbered.map((l, k) => fences[k] ? "" : l).join("\n")).split("\n").map((l) => stripLinePrefixes(l).trim());
  const boxed = prefixless.map((l) => BOX_RULE.test(l) || BOX_SIDE.test(l));
  const lines = prefixless.map((l) => joinBlankInQuotedKey(joinPaddedRows(readThroughFrames(l).trim())));
  const blockEnds = [];
  const lastContent = (before) => {
    let k = before - 1;
    while (k >= 0 && !lines[k]) k--;
    return k;
  };
  const fenceAt = fences.flatMap((fence, k) => fence ? [k] : []);
  let open2 = false;
  for (const k of fenceAt) {
    const info = /[\w+-]$/.test(stripLinePrefixes(numbered[k]).trim());
    const closes = !info && (open2 || k === fenceAt[fenceAt.length - 1]);
    if (closes) blockEnds.push(lastContent(k));
    open2 = !closes;
  }
  for (let k = 1; k < lines.length; k++) {
    if (WIDE2.test(lines[k]) && !WIDE2.test(lines[k - 1])) blockEnds.push(lastContent(k));
  }
  for (const k of markdownBlockEnds(numbered)) blockEnds.push(lastContent(k + 1));
  for (let k = 2; k < lines.length; k++) {
    if (lines[k - 1] === "" && lines[k - 2] !== "" && PROSE_LINE.test(lines[k]) && !MESSAGE_DETECTOR.test(lines[k].replace(/\s+/g, ""))) blockEnds.push(k - 2);
  }
  for (let k = 1; k < lines.length; k++) if (SHELL_PROMPT.test(lines[k])) blockEnds.push(lastContent(k));
  const last = lastContent(lines.length);
  if (!blockEnds.includes(last)) blockEnds.push(last);
  const rawWidths = raw.map((l, k) => boxed[k] ? 0 : l.replace(ANSI, "").length);
  const joined = joinWrapsInKeys(lines, rawWidths);
  const widths = joined.lines.map(() => 0);
  joined.at.forEach((to, k) => widths[to] = rawWidths[k]);
  const ends = [...new Set(blockEnds.filter((k) => k >= 0).map((k) => joined.at[k]))];
  return { lines: joined.lines, blockEnds: ends, widths, unwrapped: unwrap(joined.lines, widths) };
}
var WIDE2, ANSI, CHARACTER_FIXES, QUOTE_FIXES, LINE_PREFIXES, LEVEL_HEAD, TIMESTAMP_HEAD, LEVEL_WORD, LOG_FIELDS, SHARED_HEAD, FENCE, LINE_NUMBER, PADDING_RUN, TAIL_RUN, HEAD_RUN, OPEN_FRAME, FRAME_REST, OPEN_QUOTED_KEY, COMMA_LIST_TAIL, COMMA_LIST_HEAD, BOX_RULE, BOX_SIDE, FORMATTING_SOURCE, FRAME_ON_LINE, RAISED_AFTER_SOURCE, BARE_SGR, ESCAPED_BREAK, ESCAPE, STRING_LITERAL, FORMATTED_LITERAL, HAS_ESCAPE, KEY_ERROR_BEFORE, SHELL_PROMPT, PROSE_LINE, FENCE_THEN_TEXT, TEXT_THEN_FENCE, YAML_SCALAR_OPEN, ESCAPED_LINE_END, QUOTED_ITEM, BLANK_IN_ITEM;
var init_clean = __esm({
  "src/formats/error-text/clean.ts"() {
    "use strict";
    init_lists();
    init_loose();
    init_families();
    WIDE2 = new RegExp(`[${WIDE_SCRIPT}]`);
    ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
    CHARACTER_FIXES = [
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
    QUOTE_FIXES = CHARACTER_FIXES.filter(([, to]) => ['"', "'", "<", ">", "&"].includes(to));
    LINE_PREFIXES = [
      /^\s*\[(?:rank|default)\d+\]:\s?/,
      /^\s*\((?:\w+ )?pid=\d+[^)]*\)\s/,
      // one or more quote levels (`> > `), a quoted blank line (`>`), a quote before a tab-indented line
      /^\s*(?:>[ \t]?)+/,
      /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]*:\s?/
    ];
    LEVEL_HEAD = /^\s*-?\s*\[(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|[IWEF]\d{4}[^\]]*)(?:\|[^\]]*)?\]/;
    TIMESTAMP_HEAD = /^\s*-?\s*[[(]?(?:\d{4}[-/]\d{2}[-/]\d{2}[ T]|\d{2}\/\d{2}[ -])\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[\])]?/;
    LEVEL_WORD = /^\s*(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)[ \t]+(?![-|:])/;
    LOG_FIELDS = /^(?:\s*(?:[-|]\s*)?(?:\[[^\]\s]{1,40}\]\s*)*(?:[A-Za-z_][\w.]*(?::\s*\d+)?)?\s*(?:-|\||:|>>)(?=\s|$))+\s*|^(?:\s*\[[^\]\s]{1,40}\])+\s*/;
    SHARED_HEAD = new RegExp(
      `^(\\s*(?:>[ \\t]?)*)${TIMESTAMP_HEAD.source.slice(1)}[ \\t]+(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)(?:[ \\t]|$)`
    );
    FENCE = /^(?:`{3,}|~{3,})[\w+-]*$/;
    LINE_NUMBER = /^ *(\d{1,7})(?:\t| {2,}| ?\| ?|[ \t]*$)/;
    PADDING_RUN = / {8,}|\t+/g;
    TAIL_RUN = /(^|["',\s:])([\w.\-]+)$/;
    HEAD_RUN = /^[\w.\-]+/;
    OPEN_FRAME = /(?:^|\s)File\s+"[^"]*$/;
    FRAME_REST = /^[^"]*",\s*line\s+\d+/;
    OPEN_QUOTED_KEY = /(?:^|[\s,:[({])(["'])([A-Za-z_][\w.\-]*)$/;
    COMMA_LIST_TAIL = /(?:^|[,:]\s*)([A-Za-z_][\w\-]*(?:\.[\w\-]*)*)$/;
    COMMA_LIST_HEAD = /^([\w\-]+(?:\.[\w\-]*)*)(?=,|\s*$|\s*(?:\.{2,}|\u2026))/;
    BOX_RULE = /^[\u256D\u2570\u250F\u2517\u250C\u2514\u2554\u255A][^\n]*[\u256E\u256F\u2513\u251B\u2510\u2518\u2557\u255D]$/;
    BOX_SIDE = /^[\u2502\u2503\u2551]/;
    FORMATTING_SOURCE = /(["'])[^"'\n]*\{[^{}\n]*\}[^"'\n]*\1\s*\.\s*format\s*\(|\bf(["'])[^"'\n]*\{[^{}\n]+\}|(["'])[^"'\n]*%[sr][^"'\n]*\3\s*%/;
    FRAME_ON_LINE = /File\s+"[^"\n]{1,400}",\s*line\s+\d/;
    RAISED_AFTER_SOURCE = /\b[A-Z]\w*(?:Error|Exception)\s*:/;
    BARE_SGR = /\[\d{1,3}(?:;\d{1,3})*m/g;
    ESCAPED_BREAK = /\\n(?:\\t| {2}|(?:Missing|Unexpected|size mismatch|Traceback|[A-Z]\w*(?:Error|Exception)\b))|\\"[\w.\-]+\\",\s*\\"[\w.\-]+\\"|\\"[\w\-]+(?:\.[\w\-]+)+\\"/;
    ESCAPE = /\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[nrt"'\\/]|[ \t]+)/g;
    STRING_LITERAL = /(?<!\\)(["'])(?![ \t]*,[ \t]*line[ \t]+\d)((?:\\[\s\S]|(?!\1)[^\\])*)(\1|$)/g;
    FORMATTED_LITERAL = /^\s*(?:\.\s*\w+\s*\(|%)/;
    HAS_ESCAPE = /\\[nt"']/;
    KEY_ERROR_BEFORE = /KeyError:\s*$/;
    SHELL_PROMPT = /^(?:\([\w.\-]+\)\s*)?(?:[\w.\-]+@[\w.\-]+(?::[^\s$#]*)?\s?[$#]|\$|PS [A-Za-z]:\\[^>\n]*>|[A-Za-z]:\\[^>\n]*>)(?:\s|$)/;
    PROSE_LINE = /^(?![^\n]*(?:\w\.\w|File "))[A-Za-z][a-z']*(?: [A-Za-z][\w',?!:;-]*){3,}[\s\w',.?!:;()-]*$/;
    FENCE_THEN_TEXT = /^([ \t]*(?:`{3,}|~{3,})[\w+-]*)[ \t]+(\S.*)$/;
    TEXT_THEN_FENCE = /^(.*["'.,)\]}])[ \t]+(`{3,}|~{3,})[ \t]*$/;
    YAML_SCALAR_OPEN = /^[ \t]*(?:-[ \t]+)?[\w.\-]+:[ \t]*"/;
    ESCAPED_LINE_END = /(?<!\\)(?:\\\\)*\\$/;
    QUOTED_ITEM = /(?<=^|[\s,[(])(['"])([^'"\n]*)\1(?=\s*[,\])]|\s*$|\.{2,}|\u2026)/g;
    BLANK_IN_ITEM = /^([A-Za-z_][\w.\-]*)\s+(>\s+)?([\w.\-]+)$/;
  }
});

// src/formats/error-text/shape-logs.ts
function sideOf(words) {
  const m = MODEL_SIDE2.test(words);
  const c = CHECKPOINT_SIDE2.test(words);
  return m === c ? null : m ? "model" : "checkpoint";
}
function readShapeLog(lines) {
  const out = { sized: [], shapeless: [] };
  const seen = /* @__PURE__ */ new Set();
  for (const line of lines) {
    if (line.length > 2e3 || TORCH_SIZE_LINE.test(line) || !MISMATCH_WORD.test(line) || !SHAPE_WORD.test(line)) continue;
    const keys = [...new Set([...line.matchAll(KEY2)].map((m) => m[0].replace(/[.\-]+$/, "")).filter((k) => !k.startsWith("torch.") && endsInLeaf(k) && !NOT_A_KEY.test(k)))];
    if (keys.length !== 1 || seen.has(keys[0])) continue;
    const key = keys[0];
    seen.add(key);
    const shapes = [...line.matchAll(SHAPE3)];
    let rest = line.split(key).join(" ");
    for (const m of shapes) rest = rest.split(m[0]).join(" ");
    if ((rest.match(/[A-Za-z\u00C0-\u024F]+/g) ?? []).length > MAX_WORDS) continue;
    if (shapes.length === 2) {
      const at = line.indexOf(key) + key.length;
      const first = sideOf(line.slice(at < shapes[0].index ? at : 0, shapes[0].index));
      const second = sideOf(line.slice(shapes[0].index + shapes[0][0].length, shapes[1].index));
      if (first && second && first !== second) {
        const [a, b] = shapes.map((s) => dims(s[1] ?? s[2] ?? s[3] ?? ""));
        if (a.length > 0 && b.length > 0) {
          out.sized.push(first === "model" ? { key, source: b, expected: a } : { key, source: a, expected: b });
          continue;
        }
      }
    }
    out.shapeless.push(key);
  }
  return out;
}
var MISMATCH_WORD, SHAPE_WORD, KEY2, SHAPE3, TORCH_SIZE_LINE, MODEL_SIDE2, CHECKPOINT_SIDE2, MAX_WORDS, dims;
var init_shape_logs = __esm({
  "src/formats/error-text/shape-logs.ts"() {
    "use strict";
    init_loose();
    MISMATCH_WORD = /\b(?:mis{1,2}[- ]?(?:mat?ch|mach|tach)\w*|incompatible|unmatched|(?:does|do|did)\s*n[o']?t\s+match)/i;
    SHAPE_WORD = /\b(?:shapes?|sizes?|dims?|dimensions?)\b|torch\.Size/i;
    KEY2 = /(?<![\w.\-/\\])[A-Za-z_][\w\-]*(?:\.[\w\-]+)+/g;
    SHAPE3 = /torch\.Size\(\s*\[([\d,\s]*)\]\s*\)|\[(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*)\]|\((\s*\d+(?:\s*,\s*\d+)*\s*,?\s*)\)/g;
    TORCH_SIZE_LINE = /size\s*mismatch\s*for\b|copying\s*a\s*param|Error\(s\)\s*in\s*loading/i;
    MODEL_SIDE2 = /\b(?:required|requires|expected|expects|model|current|target|needs?|should)\b/i;
    CHECKPOINT_SIDE2 = /\b(?:found|got|gets|loaded|checkpoint|ckpt|pretrained|saved|given|provided)\b/i;
    MAX_WORDS = 14;
    dims = (body) => body.split(",").map((x) => x.trim()).filter((x) => x !== "").map(Number);
  }
});

// src/formats/error-text.ts
function phrase(words) {
  return words.split(" ").map((w) => [...w].join("[ \\t]*")).join("\\s*");
}
function looksLikeErrorText(text) {
  const head = text.slice(0, 1 << 20);
  const paste = cleanPaste(head);
  const cleaned = paste.lines;
  const loose = readLoosely(cleaned.join("\n"), paste.widths);
  if (loose.missing.length + loose.unexpected.length > 0 && /\b(?:state_?dict|checkpoint|load(?:ing|ed)?|weights?)\b/i.test(head)) return true;
  if (cleaned.some((l) => RE_SIDELESS_HEAD.test(l)) || quotedRunStart(cleaned) !== null) return true;
  const log = readShapeLog(cleaned);
  if (log.sized.length + log.shapeless.length > 0) return true;
  const flat = cleaned.join("").replace(/\s+/g, "");
  return MESSAGE_DETECTOR.test(flat);
}
function listOpenAfter(line, open2) {
  const close2 = line.lastIndexOf("]");
  let opener = -1;
  for (const m of line.matchAll(RE_LIST_OPEN)) opener = m.index;
  if (opener < 0 && close2 < 0) return open2;
  return opener > close2;
}
function quotedRunStart(lines) {
  let tries = 0;
  let inList = false;
  for (let k = 0; k < lines.length && tries < MAX_RUN_TRIES; k++) {
    const continues = inList || k > 0 && RE_OPEN_KEY_AT_END.test(lines[k - 1].slice(-400));
    inList = lines[k] === "" ? false : listOpenAfter(lines[k], inList);
    if (continues) continue;
    const at = RE_QUOTED_RUN_START.test(lines[k]) ? 0 : proseThenRun(lines[k]);
    if (at < 0) continue;
    tries++;
    let run = lines[k].slice(at);
    for (let j = k + 1; j < lines.length && run.length < 4096; j++) run += lines[j];
    if (RE_QUOTED_RUN.test(run)) return { line: k, at };
  }
  return null;
}
function proseThenRun(line) {
  const m = RE_PROSE_THEN_RUN.exec(line.slice(0, 800));
  return m ? m[0].length : -1;
}
var SIZE, TUPLE, MODEL2, LIST_PHRASES, PARAM_SIZE, RE_SIZE_REST, RE_SIZE_FIRST, RE_WHILE_COPYING, RE_WHILE_COPYING_MODEL, FVCORE_SHAPES, RE_DCP_SIZE, RE_DIFFUSERS_SHAPE, RE_HF_SHAPES_HEAD, RE_HF_SHAPE, RE_MMCV_LIST, RE_MMCV_TABLE_HEAD, RE_KEY_THEN_WORDS, RE_KEY_LIST_TAIL, FVCORE_HEADS, RE_DIFFUSERS_MISSING, RE_SIDELESS_HEAD, MAX_RUN_TRIES, RE_QUOTED_RUN_START, RE_QUOTED_RUN, RE_OPEN_KEY_AT_END, RE_LIST_OPEN, RE_PROSE_THEN_RUN, RE_COPY_MISMATCH, LINE_HEADS, GROUP_KEY, COMMON_LEAVES, MAX_ABOVE_MESSAGE;
var init_error_text = __esm({
  "src/formats/error-text.ts"() {
    "use strict";
    init_own_row();
    init_errors();
    init_clean();
    init_families();
    init_leaves();
    init_loose();
    init_shape_logs();
    init_lists();
    init_lists();
    SIZE = String.raw`torch\s*\.?\s*Size\s*\(\s*\[([\d,\s]*)\]\s*\)`;
    TUPLE = String.raw`(?:torch\s*\.?\s*Size\s*)?\(\s*\[?([\d,\s]*)\]?\s*\)`;
    MODEL2 = String.raw`["']?([A-Za-z_][\w.]*)["']?`;
    LIST_PHRASES = [
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
      { family: "transformers", kind: "transformers", side: "missing", list: "python", why: "pytorch-transformers 1.x, transformers 2.x (tie_weights ran after this report)", listsTied: true, re: /Weights\s*of\s*([A-Za-z_][\w.]*)\s*not\s*initialized\s*from\s*pretrained\s*model\s*:/g },
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
      { family: "lightning", kind: "incompatible_keys", side: "unexpected", list: "python", why: "Lightning load_from_checkpoint(strict=False)", re: /Found\s*keys\s*that\s*are\s*not\s*in\s*the\s*model\s*state\s*dict\s*but\s*in\s*the\s*checkpoint\s*:/g },
      {
        family: "open-reid",
        kind: "incompatible_keys",
        side: "missing",
        list: "python",
        why: "open-reid's copy_state_dict (copied into MMT, SpCL and many re-ID codes): `print(\"missing keys in state_dict:\", missing)`, a Python set (torch 0.1-0.3's KeyError puts the same words before a quoted set: RE_OLD_MISSING)",
        re: /missing\s*keys\s*in\s*state_dict\s*:\s*(?:set\s*\()?(?=\s*[{[])/g
      }
    ];
    PARAM_SIZE = String.raw`(?:\(\s*['"][^'"]{1,4096}['"]\s*,\s*)?${SIZE}(?:\s*\))?`;
    RE_SIZE_REST = new RegExp(
      String.raw`\s*${phrase("copying a param")}\s*(with\s*shape|of)\s*${PARAM_SIZE}\s*${phrase("from")}\s*(?:the\s*)?${phrase("checkpoint")}[\s,]*(?:${phrase("the shape in current model is")}\s*${SIZE}|${phrase("where the shape is")}\s*${SIZE}\s*${phrase("in current model")})`,
      "iy"
    );
    RE_SIZE_FIRST = new RegExp(String.raw`\s*copying\s*a\s*param\s*(with\s*shape|of)\s*${PARAM_SIZE}`, "iy");
    RE_WHILE_COPYING = new RegExp(
      String.raw`While\s*copying\s*the\s*parameter\s*named\s*"?([^",\s]+)"?\s*,\s*whose\s*dimensions\s*in\s*the\s*model\s*are\s*${SIZE}\s*and\s*whose\s*dimensions\s*in\s*the\s*checkpoint\s*are\s*${SIZE}`,
      "g"
    );
    RE_WHILE_COPYING_MODEL = new RegExp(String.raw`\s*whose\s*dimensions\s*in\s*the\s*model\s*are\s*${SIZE}`, "y");
    FVCORE_SHAPES = [
      new RegExp(String.raw`Skip\s*loading\s*parameter\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g"),
      new RegExp(String.raw`Unable\s*to\s*load\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g"),
      new RegExp(String.raw`'([^'\s]{1,4096})'\s*has\s*shape\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g")
    ];
    RE_DCP_SIZE = new RegExp(String.raw`Size\s*mismatch\s*between\s*saved\s*${SIZE}\s*and\s*current\s*:\s*${SIZE}\s*for\s*([^\s"']{1,4096}?)(?=Traceback|ValueError|$|\s)`, "g");
    RE_DIFFUSERS_SHAPE = new RegExp(String.raw`because\s*([^\s]{1,4096}?)\s*expected\s*shape\s*${TUPLE}\s*,\s*but\s*got\s*${TUPLE}`, "g");
    RE_HF_SHAPES_HEAD = new RegExp(String.raw`Some\s*weights\s*of\s*${MODEL2}\s*were\s*not\s*initialized\s*from\s*the\s*model\s*checkpoint`, "g");
    RE_HF_SHAPE = new RegExp(
      String.raw`-\s*(\S+?)\s*:\s*found\s*shape\s*${SIZE}\s*in\s*the\s*checkpoint\s*and\s*${SIZE}\s*in\s*the\s*model\s*instantiated`,
      "g"
    );
    RE_MMCV_LIST = /(unexpected key|missing keys) in source state_dict:\s*(.*)$/;
    RE_MMCV_TABLE_HEAD = /these keys have mismatched shape:?\s*$/;
    RE_KEY_THEN_WORDS = new RegExp(`^[^\\s,"'()[\\]{}<>;${WIDE_SCRIPT}]*\\.[^\\s,"'()[\\]{}<>;${WIDE_SCRIPT}]*(?:\\s|$)`);
    RE_KEY_LIST_TAIL = new RegExp(`^[^\\s,${WIDE_SCRIPT}]*(?:,\\s*[^\\s,${WIDE_SCRIPT}]+)*,?$`);
    FVCORE_HEADS = [
      { side: "missing", re: /Some model parameters(?: or buffers)? are not (?:found )?in the checkpoint:\s*(.*)$/ },
      { side: "unexpected", re: /The checkpoint(?: state_dict)? contains (?:keys|parameters) (?:that are )?not used by the model:\s*(.*)$/ }
    ];
    RE_DIFFUSERS_MISSING = /because the following keys are missing:\s*(.*)$/;
    RE_SIDELESS_HEAD = /^(?:\d{1,6}\s*\|\s*)?(?:[\w()]{1,12}\s+)?in\s+state_dict\s*:\s*(?=["'])/;
    MAX_RUN_TRIES = 64;
    RE_QUOTED_RUN_START = /^(?:["']?[^\s"'{}[\]()]+["'])?\s*,/;
    RE_QUOTED_RUN = /^(?:["']?[^\s"'{}[\]()]+["'])?\s*,\s*(?:["'][^\s"'{}[\]()]*\.[^\s"'{}[\]()]*["']\s*,\s*){2,}/;
    RE_OPEN_KEY_AT_END = /(?:^|[\s,[(])["'][^"',]+$/;
    RE_LIST_OPEN = /\[\s*(?:["']|$)/g;
    RE_PROSE_THEN_RUN = /^[^"'`:[\]{}]{0,300}\s(?=["']?[^\s"'{}[\]()]+["']\s*,)/;
    RE_COPY_MISMATCH = new RegExp(String.raw`\bmismatch\s*:\s*([^\s:,()'"]+?)\s*${SIZE}\s*${SIZE}`, "g");
    LINE_HEADS = [RE_MMCV_LIST, RE_MMCV_TABLE_HEAD, ...FVCORE_HEADS.map((h) => h.re), RE_DIFFUSERS_MISSING];
    GROUP_KEY = new RegExp(`^[^\\s"'()[\\]<>,;:${WIDE_SCRIPT}]+$`);
    COMMON_LEAVES = new Set(PARAMETER_LEAVES);
    MAX_ABOVE_MESSAGE = 1 << 16;
  }
});

// src/formats/manifest.ts
function looksLikeManifest(text) {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, "").trimStart();
  if (!head.startsWith("{")) return false;
  return head.includes(`"${MANIFEST_FORMAT}"`) || /^\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\[\s*(?:\d|\])/.test(head);
}
var MANIFEST_FORMAT;
var init_manifest = __esm({
  "src/formats/manifest.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    init_names();
    init_json_keys();
    MANIFEST_FORMAT = "sdmatch-manifest";
  }
});

// src/formats/plan-format.ts
function looksLikePlan(text) {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, "");
  return /^\s*\{/.test(head) && new RegExp(`"format"\\s*:\\s*"${PLAN_FORMAT}"`).test(head);
}
var PLAN_FORMAT;
var init_plan_format = __esm({
  "src/formats/plan-format.ts"() {
    "use strict";
    PLAN_FORMAT = "sdmatch-plan";
  }
});

// src/checkpoint/identify.ts
function describeForeign(head, size) {
  if (size === 0) return "empty file";
  const text = (from, n) => String.fromCharCode(...head.subarray(from, from + n));
  if (text(0, 8) === "\x89HDF\r\n\n") return "HDF5 file (Keras/TensorFlow weights?), not a PyTorch checkpoint";
  if (text(0, 6) === "7z\xBC\xAF'") return "7z archive: PyTorch cannot load it; extract it first";
  if (text(0, 8) === "\x89PNG\r\n\n") return "PNG image, not a checkpoint";
  if (text(0, 4) === "GGUF") return "GGUF file (llama.cpp), not a PyTorch checkpoint";
  if (size > 262 && text(257, 5) === "ustar") {
    return text(0, 8) === "sys_info" ? "tar-format torch.save file (PyTorch < 0.1.10): not supported" : "tar archive: extract it first";
  }
  if (text(0, 4) === "PK") return "empty zip archive";
  const hex2 = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  return `not a checkpoint: unrecognised content (first bytes ${hex2})`;
}
function describeTextFile(head, file) {
  if (head.includes(0)) return null;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const f = /^[\w./@+-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
  if (looksLikePlan(text)) return `an sdmatch plan, not a checkpoint: sdmatch apply CHECKPOINT ${f}`;
  if (looksLikeManifest(text)) return `an sdmatch manifest, not a checkpoint: compare a checkpoint with it by sdmatch diff CHECKPOINT ${f}`;
  if (looksLikeErrorText(text)) return `a load_state_dict error text, not a checkpoint: sdmatch explain ${f} (or sdmatch explain CHECKPOINT ${f})`;
  if (looksLikePrintedKeys(text) || looksLikeKeyList(text)) return `a list of keys, not a checkpoint: compare a checkpoint with it by sdmatch diff CHECKPOINT ${f}`;
  return null;
}
var TEXT_SNIFF_BYTES;
var init_identify = __esm({
  "src/checkpoint/identify.ts"() {
    "use strict";
    init_error_text();
    init_key_list();
    init_manifest();
    init_plan_format();
    init_printed_keys();
    TEXT_SNIFF_BYTES = 65536;
  }
});

// src/checkpoint/read-arrays.ts
function readSafetensorsFile(src, ref) {
  const st = readSafetensors(src, ref.path);
  const root = { kind: "dict", entries: st.tensors.map((t) => [t.name, { kind: "tensor", info: t.info, original: null }]) };
  return { format: "safetensors", detail: safetensorsDetail(st.headerLength, st.metadata), root, error: null, pickles: [], size: src.size };
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
function objectArray(region, at, where2, scans, detail) {
  const start = afterPadding(region.src, at);
  if (start > at) detail.push(`${where2}: the header runs ${start - at} bytes past its declared length (padding); the pickle starts at ${start}`);
  const r = readPickle(region.src, start, { where: where2 });
  scans.push(scanOf(where2, r));
  if (r.error || r.value === void 0) {
    detail.push(`${where2} unreadable: ${r.error?.message ?? "no value"}`);
    return null;
  }
  return interpret2(r.value, { storage: () => null, bytesLocation: bytesLocator(region), loadFromBytes: () => null, warn: (m) => detail.push(m) }, r.shared).value;
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
var init_read_arrays = __esm({
  "src/checkpoint/read-arrays.ts"() {
    "use strict";
    init_errors();
    init_dtype();
    init_numpy();
    init_machine();
    init_reader();
    init_tensor();
    init_container();
    init_interpret();
    init_region();
    init_zip_members();
    init_zip_sweep();
    init_format_detail();
  }
});

// src/checkpoint/read-pickles.ts
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
  const root = interpret2(first.value, {
    storage: () => null,
    bytesLocation: bytesLocator(region),
    loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), scans[0].where, 0),
    payloadNotRead: payloadGap(scans, scans[0].where),
    warn: (m) => warnings.push(m)
  }, first.shared).value;
  return { format: "pickle", detail: [...detail, ...new Set(warnings)], root, error: null, pickles: scans, size };
}
function looksLikeLegacyLookalike(first, count) {
  return count >= 4 && typeof first === "object" && first !== null && first.kind === "object";
}
var MAX_PICKLES2;
var init_read_pickles = __esm({
  "src/checkpoint/read-pickles.ts"() {
    "use strict";
    init_machine();
    init_container();
    init_follow();
    init_interpret();
    init_legacy();
    MAX_PICKLES2 = 1e4;
  }
});

// src/formats/transpose-tiles.ts
function wordSize(a, b, itemsize) {
  for (const w of [4, 2]) {
    if (itemsize % w === 0 && a.byteOffset % w === 0 && a.length % w === 0 && b.byteOffset % w === 0 && b.length % w === 0) return w;
  }
  return 1;
}
function wordView(a, w) {
  if (w === 1) return a;
  if (w === 2) return new Uint16Array(a.buffer, a.byteOffset, a.length / 2);
  return new Uint32Array(a.buffer, a.byteOffset, a.length / 4);
}
function transposeTiles(S, D, k, base, rows, cols, step, outBase = 0, outStride = cols * k) {
  if (k === 1) transposeWords(S, D, base, rows, cols, step, outBase, outStride);
  else if (k === 2) transposePairs(S, D, base, rows, cols, step, outBase, outStride);
  else transposeItems(S, D, k, base, rows, cols, step, outBase, outStride);
}
function eachTile(rows, cols, tile) {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) tile(i0, i1, j0, Math.min(cols, j0 + TILE));
  }
}
function transposeWords(S, D, base, rows, cols, step, outBase, C) {
  eachTile(rows, cols, (i0, i1, j0, j1) => {
    let i = i0;
    for (; i + 8 <= i1; i += 8) {
      let o = outBase + i * C + j0;
      let p = base + i + j0 * step;
      for (let j = j0; j < j1; j++, p += step, o++) {
        D[o] = S[p];
        D[o + C] = S[p + 1];
        D[o + 2 * C] = S[p + 2];
        D[o + 3 * C] = S[p + 3];
        D[o + 4 * C] = S[p + 4];
        D[o + 5 * C] = S[p + 5];
        D[o + 6 * C] = S[p + 6];
        D[o + 7 * C] = S[p + 7];
      }
    }
    for (; i < i1; i++) {
      let o = outBase + i * C + j0;
      for (let j = j0, p = base + i + j0 * step; j < j1; j++, p += step) D[o++] = S[p];
    }
  });
}
function transposePairs(S, D, base, rows, cols, step, outBase, C) {
  eachTile(rows, cols, (i0, i1, j0, j1) => {
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      let o = outBase + i * C + j0 * 2;
      let p = base + i * 2 + j0 * step;
      for (let j = j0; j < j1; j++, p += step, o += 2) {
        D[o] = S[p];
        D[o + 1] = S[p + 1];
        D[o + C] = S[p + 2];
        D[o + C + 1] = S[p + 3];
        D[o + 2 * C] = S[p + 4];
        D[o + 2 * C + 1] = S[p + 5];
        D[o + 3 * C] = S[p + 6];
        D[o + 3 * C + 1] = S[p + 7];
      }
    }
    for (; i < i1; i++) {
      let o = outBase + i * C + j0 * 2;
      for (let j = j0, p = base + i * 2 + j0 * step; j < j1; j++, p += step, o += 2) {
        D[o] = S[p];
        D[o + 1] = S[p + 1];
      }
    }
  });
}
function transposeItems(S, D, k, base, rows, cols, step, outBase, C) {
  eachTile(rows, cols, (i0, i1, j0, j1) => {
    for (let i = i0; i < i1; i++) {
      let o = outBase + i * C + j0 * k;
      let p = base + i * k + j0 * step;
      for (let j = j0; j < j1; j++, p += step) for (let q = 0; q < k; q++) D[o++] = S[p + q];
    }
  });
}
var TILE;
var init_transpose_tiles = __esm({
  "src/formats/transpose-tiles.ts"() {
    "use strict";
    TILE = 64;
  }
});

// src/formats/storage-copy.ts
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
  const rank = loc.shape.length;
  for (const c of loc.chunks) {
    const want = numel(c.sizes) * loc.itemsize;
    if (want === 0) continue;
    const t = c.tensor;
    const plain = t.storage.bytes?.kind === "raw" && isContiguous(t) && itemSize(t.dtype) === loc.itemsize ? t.storage.bytes : null;
    let inner = Math.max(0, rank - 1);
    while (inner > 0 && c.sizes[inner] === loc.shape[inner]) inner--;
    let first = 0;
    for (let d = 0; d < rank; d++) first += c.offsets[d] * strides[d];
    if (plain && c.sizes.slice(0, inner).every((n) => n === 1)) {
      readRawInto(plain, t.storageOffset * loc.itemsize, out.subarray(first * loc.itemsize, first * loc.itemsize + want), files);
      continue;
    }
    let bytes;
    if (plain) {
      bytes = pieceScratch(want);
      readRawInto(plain, t.storageOffset * loc.itemsize, bytes, files);
    } else bytes = readTensorBytes(t, files);
    if (bytes.length !== want) {
      throw new FormatError(loc.file, `chunk at [${c.offsets}] of a [${loc.shape}] tensor holds ${bytes.length} bytes, not the ${want} its sizes [${c.sizes}] need`);
    }
    if (rank === 0) {
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
  const rank = loc.shape.length;
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
    for (let d = 0; d < rank; d++) at += c.offsets[d] * strides[d];
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
function pieceScratch(length) {
  if (pieceBuffer.length < length) pieceBuffer = new Uint8Array(length);
  return pieceBuffer.subarray(0, length);
}
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
    const n = (0, import_node_fs8.readSync)(fd, dest, got, dest.length - got, offset + got);
    if (n === 0) throw new FormatError(loc.file, `truncated: file ended at ${offset + got}`);
    got += n;
  }
}
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
      const n = (0, import_node_fs8.readSync)(fd, buf, got, want - got, offset + done + got);
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
  const inflate = newInflate((chunk) => {
    const from = produced;
    produced += chunk.length;
    if (produced > loc.length) throw new FormatError(loc.file, `zip entry ${loc.entry} inflates to more than its declared ${loc.length} bytes`);
    const lo = Math.max(start, from);
    const hi = Math.min(end, produced);
    if (lo < hi) sink(chunk.subarray(lo - from, hi - from));
  });
  const buf = new Uint8Array(Math.min(bufSize, DEFLATE_STEP, Math.max(1, loc.compressedLength)));
  let read5 = 0;
  try {
    while (read5 < loc.compressedLength && produced < end) {
      const want = Math.min(buf.length, loc.compressedLength - read5);
      const n = (0, import_node_fs8.readSync)(fd, buf, 0, want, loc.offset + read5);
      if (n === 0) throw new FormatError(loc.file, `truncated: file ended inside zip entry ${loc.entry}`);
      read5 += n;
      inflate.push(buf.subarray(0, n), read5 === loc.compressedLength);
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
function checkView(info) {
  const ok = info.shape.length === info.stride.length && Number.isSafeInteger(info.storageOffset) && info.storageOffset >= 0 && info.shape.every((d) => Number.isSafeInteger(d) && d >= 0) && info.stride.every((s) => Number.isSafeInteger(s) && s >= 0);
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
function gatherStrided(src, itemsize, shape, stride, offset, into) {
  const n = numel(shape) * itemsize;
  const out = into?.length === n ? into : new Uint8Array(n);
  if (out.length === 0) return out;
  const dims2 = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const prev = dims2[dims2.length - 1];
    if (prev && prev.stride === stride[i] * shape[i]) {
      prev.size *= shape[i];
      prev.stride = stride[i];
    } else {
      dims2.push({ size: shape[i], stride: stride[i] });
    }
  }
  if (dims2.length === 0) dims2.push({ size: 1, stride: 1 });
  const w = wordSize(src, out, itemsize);
  const k = itemsize / w;
  const S = wordView(src, w);
  const D = wordView(out, w);
  if (dims2.length === 2 && dims2[0].stride === 1 && dims2[1].stride !== 1) {
    transposeTiles(S, D, k, offset * k, dims2[0].size, dims2[1].size, dims2[1].stride * k);
    return out;
  }
  const inner = dims2[dims2.length - 1];
  const outer = dims2.slice(0, -1);
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
var import_node_fs8, COPY_BUFFER_SIZE, MAX_DEFLATE_RATIO, DEFLATE_STEP, OpenFiles, pieceBuffer, scratch, copyBuf;
var init_storage_copy = __esm({
  "src/formats/storage-copy.ts"() {
    "use strict";
    import_node_fs8 = require("node:fs");
    init_inflate();
    init_errors();
    init_io_errors();
    init_dtype();
    init_tensor();
    init_transpose_tiles();
    COPY_BUFFER_SIZE = 4 << 20;
    MAX_DEFLATE_RATIO = 1032;
    DEFLATE_STEP = 64 << 10;
    OpenFiles = class {
      fds = /* @__PURE__ */ new Map();
      get(path) {
        let f = this.fds.get(path);
        if (!f) {
          let fd;
          try {
            fd = (0, import_node_fs8.openSync)(path, "r");
          } catch (e) {
            throw new FormatError(path, `cannot open storage source: ${readFailure(e, path)}`);
          }
          f = { fd, size: (0, import_node_fs8.fstatSync)(fd).size };
          this.fds.set(path, f);
        }
        return f;
      }
      close() {
        for (const { fd } of this.fds.values()) (0, import_node_fs8.closeSync)(fd);
        this.fds.clear();
      }
    };
    pieceBuffer = new Uint8Array(0);
    scratch = new Uint8Array(0);
    copyBuf = new Uint8Array(0);
  }
});

// src/checkpoint/read-sharded.ts
function readShardedFile(src, ref, readShard) {
  if (src.size > MAX_INDEX_BYTES) throw new FormatError(ref.path, `shard index of ${src.size} bytes is over the ${MAX_INDEX_BYTES}-byte limit`);
  const index = readShardIndex(new TextDecoder("utf-8").decode(src.read(0, src.size)), ref.path);
  const byShard = /* @__PURE__ */ new Map();
  const pickles = [];
  const detail = [shardedDetail(index.shards.length, index.weightMap.size)];
  let size = src.size;
  for (const shard of index.shards) {
    const c = readShard({ path: siblingPath(ref.path, shard), name: siblingPath(ref.name, shard) });
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${shard}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `shard ${shard} could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    byShard.set(shard, shardTensors(c.root));
    detail.push(`${shard}: ${c.format}`);
  }
  const root = { kind: "dict", entries: [] };
  const missing = [];
  const named = /* @__PURE__ */ new Map();
  for (const [key, shard] of index.weightMap) {
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
    const copies = [];
    for (const [key, e] of tensors) {
      const at = index.weightMap.get(key);
      if (at === void 0) {
        root.entries.push(e);
        extra++;
      } else if (at !== shard) {
        const why = copiesDiffer(e[1], byShard.get(at).get(key)[1]);
        if (why !== null) throw new FormatError(ref.name, `"${key}" is in two shards with different values, ${at} (where the index maps it) and ${shard}: ${why}; which copy the model should load is not known (transformers would load ${[at, shard].sort().at(-1)}'s, the later by name)`);
        copies.push(key);
      }
    }
    if (extra > 0) detail.push(`${shard} holds ${extra} tensor(s) the index does not list`);
    if (copies.length > 0) detail.push(`${shard} also holds ${copies.length} key(s) the index maps to another shard (\`${copies[0]}\`${copies.length > 1 ? ", \u2026" : ""}), equal to the index's copies (dtype, shape and ${isRemotePath(ref.path) ? "size; values not compared on a remote source" : "values"}): read once (transformers loads both, in shard name order)`);
  }
  return { format: "hf-sharded", detail, root, error: null, pickles, size };
}
function copiesDiffer(a, b) {
  if (a.info.dtype !== b.info.dtype) return `${a.info.dtype} vs ${b.info.dtype}`;
  if (a.info.shape.join() !== b.info.shape.join()) return `shape [${a.info.shape.join(", ")}] vs [${b.info.shape.join(", ")}]`;
  const local = (t) => t.info.storage.bytes !== null && !locationFiles(t.info.storage.bytes).some(isRemotePath);
  if (!local(a) || !local(b)) return null;
  const x = readTensorBytes(a.info);
  const y = readTensorBytes(b.info);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `values differ (byte ${i} of ${x.length})`;
  return null;
}
function shardTensors(root) {
  const flat = flatTensorDict(root);
  if (flat) return flat;
  const out = /* @__PURE__ */ new Map();
  const best = walkTree(root).stateDicts.reduce(
    (a, c) => a === null || c.keys.length > a.keys.length ? c : a,
    null
  );
  if (!best) return out;
  for (const [k, t] of candidateEntries(root, best)) out.set(k, [k, t]);
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
var init_read_sharded = __esm({
  "src/checkpoint/read-sharded.ts"() {
    "use strict";
    init_errors();
    init_hf_index();
    init_format_detail();
    init_sources();
    init_storage_copy();
    init_tensor();
    init_walk();
  }
});

// src/formats/torch/state-dict-columns.ts
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
var C_ORDERED, C_LIST, DTYPE_NAMES, NO_STORAGE, DTYPE_CODE, STORAGE_TAG, T_NONE, T_FALSE, T_TRUE, T_INT, T_WIDE, T_NEGATIVE, T_STR, T_GLOBAL, T_TUPLE, T_PERSID, T_DICT, T_TENSOR, T_LIST, T_FLOAT, HANDLE, handleTag, handlePayload, tagOf, payloadOf, handle, INLINE_MAX, MAX_PAYLOAD, G_ORDERED_DICT, G_REBUILD_V2, G_STORAGE, MAX_MEMO, MAX_STACK, Decline, OutOfBytes, decline, outOfBytes, IntColumn, D_ORDERED, D_MUTATED, D_ROOT, D_LIST, D_BUILT, D_PLACED, Scanner;
var init_state_dict_columns = __esm({
  "src/formats/torch/state-dict-columns.ts"() {
    "use strict";
    init_dtype();
    init_opcodes();
    init_container();
    C_ORDERED = 1;
    C_LIST = 8;
    DTYPE_NAMES = DTYPE_BY_CODE;
    NO_STORAGE = 255;
    DTYPE_CODE = new Map(DTYPE_NAMES.map((d, i) => [d, i]));
    STORAGE_TAG = new TextEncoder().encode("storage");
    T_NONE = 0;
    T_FALSE = 1;
    T_TRUE = 2;
    T_INT = 3;
    T_WIDE = 4;
    T_NEGATIVE = 11;
    T_STR = 5;
    T_GLOBAL = 6;
    T_TUPLE = 7;
    T_PERSID = 8;
    T_DICT = 9;
    T_TENSOR = 10;
    T_LIST = 12;
    T_FLOAT = 13;
    HANDLE = { NONE: T_NONE, FALSE: T_FALSE, TRUE: T_TRUE, INT: T_INT, WIDE: T_WIDE, STR: T_STR, TUPLE: T_TUPLE, DICT: T_DICT, LIST: T_LIST, TENSOR: T_TENSOR, FLOAT: T_FLOAT };
    handleTag = (h) => h & 15;
    handlePayload = (h) => h >>> 4;
    tagOf = (h) => h & 15;
    payloadOf = (h) => h >>> 4;
    handle = (payload, tag) => payload * 16 + tag;
    INLINE_MAX = 1 << 25;
    MAX_PAYLOAD = 1 << 27;
    G_ORDERED_DICT = 0;
    G_REBUILD_V2 = 1;
    G_STORAGE = 2;
    MAX_MEMO = 2 ** 24;
    MAX_STACK = 1 << 22;
    Decline = class extends Error {
    };
    OutOfBytes = class extends Decline {
    };
    decline = () => {
      throw new Decline();
    };
    outOfBytes = () => {
      throw new OutOfBytes();
    };
    IntColumn = class {
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
    D_ORDERED = 1;
    D_MUTATED = 2;
    D_ROOT = 4;
    D_LIST = C_LIST;
    D_BUILT = 16;
    D_PLACED = 32;
    Scanner = class {
      constructor(bytes) {
        this.bytes = bytes;
        const guess = Math.max(64, Math.ceil(bytes.length / 96));
        this.memo = new Int32Array(Math.min(MAX_MEMO, Math.max(1024, guess * 8)));
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
        this.placedFlag = new Uint8Array(guess);
        this.entOwner = new IntColumn(guess);
        this.entKey = new IntColumn(guess);
        this.entValue = new IntColumn(guess);
        let slots = 1 << 10;
        while (slots < guess * 1.5) slots *= 2;
        this.keySet = new Int32Array(slots);
      }
      bytes;
      pos = 0;
      protocol = 0;
      /** the stack of value handles (a typed column: no array length changes, no boxed numbers) */
      stack = new IntColumn(1024);
      marks = [];
      /**
       * memo slots: `~handle` (never 0: handles are \u2265 0), 0 where nothing was put. Zero is what a fresh
       * array holds, so the slots past the last put are never written (no fill): untouched pages of a
       * fresh array cost no page fault (issue 14: ~15 \u00B5s each here; the memo is ~10 MB at 200,000 tensors)
       */
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
      /** a container or tuple went into a container: the pools hold values for good and are never emptied */
      keepPools = false;
      floats = [];
      // entries (see NestedColumns)
      entOwner;
      entKey;
      entValue;
      /** per tensor: 1 once it went into a container */
      placedFlag;
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
      /** open-addressing set of (container, key) pairs (entry index + 1 per slot), for Python's duplicate-key rule */
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
            case Op.EMPTY_LIST:
              stack.push(this.list());
              break;
            case Op.APPEND:
              this.appendItems(stack.length - 1);
              break;
            case Op.APPENDS:
              this.appendItems(this.closeMark());
              break;
            case Op.BINFLOAT: {
              this.need(8);
              const b8 = this.bytes;
              const at = this.pos;
              this.pos += 8;
              if (this.floats.length >= MAX_PAYLOAD) decline();
              this.floats.push(new DataView(b8.buffer, b8.byteOffset + at, 8).getFloat64(0, false));
              stack.push(handle(this.floats.length - 1, T_FLOAT));
              break;
            }
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
              const module2 = this.pop();
              if (tagOf(module2) !== T_STR || tagOf(name) !== T_STR) decline();
              stack.push(this.global(this.strRange(module2), this.strRange(name)));
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
        let s = "";
        for (let i = start; i < end; i++) s += String.fromCharCode(this.bytes[i]);
        return s;
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
          let same = true;
          for (let k = 0; k < n && same; k++) same = b[ls + k] === b[start + k];
          if (same) return this.lastDeviceIndex;
        }
        const text = this.text(start, start + n);
        let dev = this.devices.indexOf(text);
        if (dev < 0) {
          if (this.devices.length >= 65535) decline();
          dev = this.devices.push(text) - 1;
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
      list() {
        if (this.dictFlags.length >= MAX_PAYLOAD) decline();
        return handle(this.dictFlags.push(D_LIST), T_LIST);
      }
      flags(h) {
        return this.dictFlags.data[payloadOf(h)];
      }
      global(module2, name) {
        const m = this.text(module2[0], module2[1]);
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
      put(index) {
        if (this.stack.length <= this.base()) decline();
        if (index > this.memoCount + 1024 || index >= MAX_MEMO - 1) decline();
        while (index >= this.memo.length) {
          const next = new Int32Array(this.memo.length * 2);
          next.set(this.memo);
          this.memo = next;
        }
        if (this.memo[index] === 0) this.memoCount++;
        this.memo[index] = ~this.stack.data[this.stack.length - 1];
      }
      /**
       * Only values with no identity are fetched again (the machine would share a container between two
       * places, which the columns cannot say): torch.save fetches globals and strings.
       */
      get(index) {
        if (index >= this.memo.length) decline();
        const slot = this.memo[index];
        if (slot === 0) decline();
        const h = ~slot;
        const tag = tagOf(h);
        if (tag !== T_STR && tag !== T_GLOBAL && tag !== T_INT && tag !== T_WIDE && tag !== T_NEGATIVE && tag !== T_FLOAT && tag > T_TRUE) decline();
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
        const rank = this.tupleN;
        const strideAt = this.tupleAt(items2[at + 3]);
        const strideRank = this.tupleN;
        if (rank !== strideRank || rank > 255) decline();
        const i = this.count;
        if (i >= MAX_PAYLOAD) decline();
        if (i === this.keyStart.length) this.growTensors();
        const dimsAt = this.dims.length;
        for (let d = 0; d < rank; d++) this.dims.push(this.count0(this.tupleItems.data[shapeAt + d]));
        for (let d = 0; d < rank; d++) this.dims.push(this.count0(this.tupleItems.data[strideAt + d]));
        const s = payloadOf(pid);
        this.storage[i] = s;
        this.dtype[i] = this.storageDtype[s];
        this.storageOffset[i] = this.count0(offset);
        this.dimsAt[i] = dimsAt;
        this.rank[i] = rank;
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
        const s = this.storageNumber(items2[at + 2]);
        const dev = this.device(items2[at + 3]);
        const numel2 = tagOf(items2[at + 4]);
        if (numel2 !== T_INT && numel2 !== T_WIDE && numel2 !== T_NEGATIVE) decline();
        if (s < 0 || s > this.storageCount + 1024) decline();
        while (s >= this.storageDtype.length) {
          const d = new Uint8Array(this.storageDtype.length * 2).fill(NO_STORAGE);
          d.set(this.storageDtype);
          this.storageDtype = d;
          const v = new Uint16Array(this.storageDevice.length * 2);
          v.set(this.storageDevice);
          this.storageDevice = v;
        }
        if (this.storageDtype[s] === NO_STORAGE) {
          this.storageDtype[s] = dtype;
          this.storageDevice[s] = dev;
          if (s >= this.storageCount) this.storageCount = s + 1;
        } else if (this.storageDtype[s] !== dtype || this.storageDevice[s] !== dev) decline();
        return handle(s, T_PERSID);
      }
      // ---- containers -----------------------------------------------------------------------------
      /** SETITEM(S): the items from `from` up go into the dict below them */
      setItems(from) {
        const stack = this.stack;
        const n = stack.length - from;
        if (n < 0 || n % 2 !== 0 || from - 1 < this.base()) decline();
        const target = stack.data[from - 1];
        if (tagOf(target) !== T_DICT) decline();
        const d = payloadOf(target);
        const flags = this.dictFlags.data[d];
        if (flags & D_BUILT) decline();
        this.dictFlags.data[d] = flags | D_MUTATED;
        for (let i = from; i < stack.length; i += 2) this.entry(d, stack.data[i], stack.data[i + 1], true);
        stack.length = from;
        if (flags & D_ROOT && from === 1 && this.marks.length === 0 && !this.keepPools) {
          this.tupleItems.length = 0;
          this.tupleStart.length = 0;
          this.tupleLength.length = 0;
          this.dictFlags.length = 1;
        }
      }
      /** APPEND(S): the items from `from` up go into the list below them, at the next indexes */
      appendItems(from) {
        const stack = this.stack;
        if (from - 1 < this.base() || from > stack.length) decline();
        const target = stack.data[from - 1];
        if (tagOf(target) !== T_LIST) decline();
        const l = payloadOf(target);
        let at = this.listLength.get(l) ?? 0;
        for (let i = from; i < stack.length; i++) {
          if (at >= INLINE_MAX) decline();
          this.entry(l, handle(at++, T_INT), stack.data[i], false);
        }
        this.listLength.set(l, at);
        stack.length = from;
      }
      listLength = /* @__PURE__ */ new Map();
      /**
       * One value put into a container: str (ASCII) or non-negative int keys; tensors, containers and
       * tuples each into one place only (their handles are never fetched again); scalars (None, bools,
       * non-negative ints, ASCII str, floats) anywhere; a tuple only of scalars.
       */
      entry(owner, k, v, keyed) {
        const kt = tagOf(k);
        if (kt !== T_STR && kt !== T_INT && kt !== T_WIDE) decline();
        switch (tagOf(v)) {
          case T_TENSOR: {
            const t = payloadOf(v);
            if (this.placedFlag[t]) decline();
            this.placedFlag[t] = 1;
            break;
          }
          case T_DICT:
          case T_LIST: {
            const c = payloadOf(v);
            const f = this.dictFlags.data[c];
            if (f & (D_ROOT | D_PLACED)) decline();
            this.dictFlags.data[c] = f | D_PLACED;
            this.keepPools = true;
            break;
          }
          case T_TUPLE:
            this.scalarTuple(v, 0);
            this.keepPools = true;
            break;
          case T_STR:
            this.ascii(v);
            break;
          case T_NONE:
          case T_FALSE:
          case T_TRUE:
          case T_INT:
          case T_WIDE:
          case T_FLOAT:
            break;
          default:
            decline();
        }
        if (this.entOwner.length >= MAX_PAYLOAD) decline();
        const e = this.entOwner.push(owner);
        this.entKey.push(k);
        this.entValue.push(v);
        if (keyed) this.addKey(e);
      }
      /** a tuple of scalars (nested tuples of scalars included), or a decline */
      scalarTuple(h, depth) {
        if (depth > 8) decline();
        const at = this.tupleAt(h);
        const n = this.tupleN;
        for (let i = at; i < at + n; i++) {
          const x = this.tupleItems.data[i];
          const t = tagOf(x);
          if (t === T_TUPLE) this.scalarTuple(x, depth + 1);
          else if (t === T_STR) this.ascii(x);
          else if (t !== T_NONE && t !== T_FALSE && t !== T_TRUE && t !== T_INT && t !== T_WIDE && t !== T_FLOAT) decline();
        }
      }
      /** a str handle of ASCII bytes only (then bytes and text agree one to one), or a decline */
      ascii(h) {
        const i = payloadOf(h);
        const b = this.bytes;
        for (let k = this.strStart.data[i], end = k + this.strLength.data[i]; k < end; k++) if (b[k] > 127) decline();
      }
      /** BUILD on an OrderedDict with a plain dict state: its `_metadata` (the walk does not read it) */
      build() {
        const state = this.pop();
        const stack = this.stack;
        if (stack.length <= this.base()) decline();
        const target = stack.data[stack.length - 1];
        if (tagOf(target) !== T_DICT || tagOf(state) !== T_DICT) decline();
        const d = this.flags(target);
        const s = this.flags(state);
        if (!(d & D_ORDERED) || d & D_BUILT || s & (D_ROOT | D_ORDERED | D_PLACED | D_LIST)) decline();
        this.dictFlags.data[payloadOf(target)] = d | D_BUILT;
        this.dictFlags.data[payloadOf(state)] = s | D_PLACED;
      }
      /** entry e's (container, key) added to the set, or a decline when the container already has that key */
      addKey(e) {
        const h = this.entryHash(e);
        if ((this.entOwner.length + 1) * 2 > this.keySet.length) this.growKeySet();
        const mask = this.keySet.length - 1;
        for (let slot = h & mask; ; slot = slot + 1 & mask) {
          const other = this.keySet[slot];
          if (other === 0) {
            this.keySet[slot] = e + 1;
            return;
          }
          if (this.sameKey(other - 1, e)) decline();
        }
      }
      entryHash(e) {
        let h = Math.imul(2166136261 ^ this.entOwner.data[e], 16777619);
        const k = this.entKey.data[e];
        if (tagOf(k) === T_STR) {
          const b = this.bytes;
          const i = payloadOf(k);
          for (let p = this.strStart.data[i], end = p + this.strLength.data[i]; p < end; p++) {
            const c = b[p];
            if (c > 127) decline();
            h = Math.imul(h ^ c, 16777619);
          }
          return h;
        }
        const v = this.count0(k);
        h = Math.imul(h ^ 256 ^ v % 1073741824, 16777619);
        return Math.imul(h ^ Math.floor(v / 1073741824), 16777619);
      }
      /** whether entries a and b have the same container and equal keys (a str is never an int's equal) */
      sameKey(a, b) {
        if (this.entOwner.data[a] !== this.entOwner.data[b]) return false;
        const ka = this.entKey.data[a];
        const kb = this.entKey.data[b];
        const sa = tagOf(ka) === T_STR;
        if (sa !== (tagOf(kb) === T_STR)) return false;
        if (!sa) return this.count0(ka) === this.count0(kb);
        const ia = payloadOf(ka);
        const ib = payloadOf(kb);
        const n = this.strLength.data[ia];
        if (this.strLength.data[ib] !== n) return false;
        const bytes = this.bytes;
        const pa = this.strStart.data[ia];
        const pb = this.strStart.data[ib];
        for (let i = 0; i < n; i++) if (bytes[pa + i] !== bytes[pb + i]) return false;
        return true;
      }
      growKeySet() {
        const old = this.keySet;
        this.keySet = new Int32Array(old.length * 2);
        const mask = this.keySet.length - 1;
        for (const entry of old) {
          if (entry === 0) continue;
          let slot = this.entryHash(entry - 1) & mask;
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
        this.placedFlag = grow(this.placedFlag, (k) => new Uint8Array(k));
      }
      stop() {
        const stack = this.stack;
        if (stack.length !== 1 || this.marks.length !== 0) decline();
        const root = stack.data[0];
        if (tagOf(root) !== T_DICT || !(this.flags(root) & D_ROOT)) decline();
        if (this.count === 0) decline();
        for (let t = 0; t < this.count; t++) if (!this.placedFlag[t]) decline();
        const nested = this.flat() ? null : this.nestedColumns();
        const n = this.count;
        return {
          bytes: this.bytes,
          protocol: this.protocol,
          globals: this.globals,
          end: this.pos,
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
          devices: this.devices,
          nested
        };
      }
      /**
       * Whether the root holds tensors only, each under a str key, in the order they were made, and every
       * tensor is in it: then dict order is tensor order and the keys are filled in. Else the stream is nested.
       */
      flat() {
        const owner = this.entOwner.data;
        const key = this.entKey.data;
        const value = this.entValue.data;
        const rootId = payloadOf(this.stack.data[0]);
        let next = 0;
        for (let e = 0; e < this.entOwner.length; e++) {
          if (owner[e] !== rootId) continue;
          const v = value[e];
          if (tagOf(v) !== T_TENSOR || payloadOf(v) !== next || tagOf(key[e]) !== T_STR) return false;
          const k = payloadOf(key[e]);
          this.keyStart[next] = this.strStart.data[k];
          this.keyLength[next] = this.strLength.data[k];
          next++;
        }
        return next === this.count;
      }
      nestedColumns() {
        if (payloadOf(this.stack.data[0]) !== 0) decline();
        const n = this.entOwner.length;
        return {
          containers: this.dictFlags.data.subarray(0, this.dictFlags.length),
          entries: n,
          owner: this.entOwner.data.subarray(0, n),
          key: this.entKey.data.subarray(0, n),
          value: this.entValue.data.subarray(0, n),
          strStart: this.strStart.data.subarray(0, this.strStart.length),
          strLength: this.strLength.data.subarray(0, this.strLength.length),
          wide: this.wide,
          floats: this.floats,
          tupleItems: this.tupleItems.data.subarray(0, this.tupleItems.length),
          tupleStart: this.tupleStart.data.subarray(0, this.tupleStart.length),
          tupleLength: this.tupleLength.data.subarray(0, this.tupleLength.length)
        };
      }
    };
  }
});

// src/formats/torch/archive.ts
function findTorchRecord(zip) {
  const record = findRecord(zip);
  if (record) {
    const folder = asciiLower(record.prefix);
    const twin = caseTwins(zip).find(([a]) => asciiLower(a).startsWith(folder));
    if (twin) throw new FormatError("", `zip members "${twin[0]}" and "${twin[1]}" differ only in case: torch's reader (miniz) ignores case in names and may read either, so sdmatch cannot say which bytes torch.load reads`);
  }
  return record;
}
function findRecord(zip) {
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
function archiveFacts(zip, prefix) {
  const out = [];
  const text = (name) => {
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
  const version = text("version") ?? text(".data/version");
  if (version !== null) out.push(`version ${version}`);
  const order = text("byteorder");
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
      case "case-twin":
        out.push(`zip entries "${a.entry}" and "${a.other}" differ only in case`);
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
      payloadNotRead: payloadGap(scans, record.dataPkl.name),
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
    const tail = r.error ? null : unreachedTail(region.src, r.end, `${record.dataPkl.name}'s STOP`, "torch.load");
    if (tail) detail.push(tail);
    if (r.error || r.value === void 0) error = r.error ?? new FormatError(file, `${record.dataPkl.name} has no value`);
    else {
      if (readOnly && !r.reduced) ctx = context();
      root = interpret2(r.value, ctx, r.shared).value;
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
  const count = byIndex.length;
  const members = { count, state: new Uint8Array(count), size: new Float64Array(count), offset: new Float64Array(count), crc32: new Uint32Array(count) };
  const d = zip.dir;
  for (let s = 0; s < count; s++) {
    const i = byIndex[s];
    if (i < 0) continue;
    members.state[s] = MEMBER_OTHER;
    if (d.method[i] !== 0 || d.flags[i] & FLAG_UNREADABLE || d.compressedSize[i] !== d.size[i]) continue;
    members.state[s] = MEMBER_STORED;
    members.size[s] = d.size[i];
    members.offset[s] = d.dataOffset[i];
    members.crc32[s] = d.crc32[i];
  }
  const pickles = [];
  const detail = [lead, ...archiveFacts(zip, record.prefix)];
  const sweep = [];
  scanOtherPickles(zip, file, /* @__PURE__ */ new Set([record.dataPkl]), sweep, [], `${record.prefix}data/`);
  pickles.push({ where: record.dataPkl.name, protocol: 0, globals: [], anomalies: [], error: null, getattr: null }, ...sweep);
  return { file, pickle, detail, pickles, members };
}
function readPlannedColumns(plan) {
  let tensors;
  try {
    tensors = scanStateDictColumns(plan.pickle.read(0, plan.pickle.size));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return null;
  }
  if (tensors === null) return null;
  const m = plan.members;
  const n = tensors.storageCount;
  if (n > m.count) return null;
  const storages = { file: plan.file, numel: new Float64Array(n), offset: m.offset.subarray(0, n), length: m.size.subarray(0, n), crc32: m.crc32.subarray(0, n) };
  for (let s = 0; s < n; s++) {
    const code = tensors.storageDtype[s];
    if (code === NO_STORAGE) continue;
    const size = itemSize(DTYPE_NAMES[code]);
    if (m.state[s] !== MEMBER_STORED || m.size[s] % size !== 0) return null;
    storages.numel[s] = Math.floor(m.size[s] / size);
  }
  if (someViewPastItsMember(tensors, m.size)) return null;
  const data = plan.pickles[0];
  const pickles = [{ ...data, protocol: tensors.protocol, globals: tensors.globals }, ...plan.pickles.slice(1)];
  const detail = [...plan.detail, tensors.protocol >= 2 ? `pickle protocol ${tensors.protocol}` : "pickle protocol 0/1"];
  const tail = unreachedTail(plan.pickle, tensors.end, `${data.where}'s STOP`, "torch.load");
  if (tail) detail.push(tail);
  return { format: "torch-zip", detail, pickles, tensors, storages };
}
function storageMembers(zip, prefix) {
  const folder = `${prefix}data/`;
  const d = zip.dir;
  const limit = d.count * 2 + 16;
  let byIndex = new Int32Array(Math.min(limit + 1, d.count + 16)).fill(-1);
  let length = 0;
  const ascii3 = asciiBytes(folder);
  for (let i = 0; i < d.count; i++) {
    const n = ascii3 ? d.startsWith(i, ascii3) ? storageNumberAt(d, i, ascii3.length) : -1 : nameIndex(d.nameAt(i), folder);
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
  if (i >= 0) return zip.entryAt(i);
  const name = `${members.folder}${key}`;
  const exact = zip.byName.get(name);
  if (exact) return exact;
  members.folded ??= new Map(zip.entries.map((e) => [asciiLower(e.name), e]));
  return members.folded.get(asciiLower(name));
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
function someViewPastItsMember(t, memberSize) {
  for (let i = 0; i < t.count; i++) {
    const at = t.dimsAt[i];
    const rank = t.rank[i];
    let last = 0;
    let empty = false;
    for (let d = 0; d < rank; d++) {
      const n = t.dims[at + d];
      if (n === 0) empty = true;
      last += (n - 1) * t.dims[at + rank + d];
    }
    if (empty) continue;
    if (elementBytes(DTYPE_NAMES[t.dtype[i]], t.storageOffset[i] + last + 1) > memberSize[t.storage[i]]) return true;
  }
  return false;
}
var SLASH_DATA_PKL, MEMBER_STORED, MEMBER_OTHER, PREFIX_BYTES, nameIndex;
var init_archive = __esm({
  "src/formats/torch/archive.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    init_reader3();
    init_directory();
    init_anomalies();
    init_container();
    init_follow();
    init_zip_sweep();
    init_interpret();
    init_legacy();
    init_zip_members();
    init_state_dict_columns();
    SLASH_DATA_PKL = new TextEncoder().encode("/data.pkl");
    MEMBER_STORED = 1;
    MEMBER_OTHER = 2;
    PREFIX_BYTES = 1 << 16;
    nameIndex = (name, folder) => name.startsWith(folder) ? storageKeyIndex(name, folder.length) : -1;
  }
});

// src/formats/torch/state-dict-tree.ts
function treeFromColumns(t, storages) {
  const nested = t.nested;
  if (!nested) return null;
  const text = Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.length);
  const n = nested.entries;
  const containerCount = nested.containers.length;
  const first = new Int32Array(containerCount + 1);
  for (let e = 0; e < n; e++) first[nested.owner[e] + 1] += 1;
  for (let c = 0; c < containerCount; c++) first[c + 1] += first[c];
  const order = new Int32Array(n);
  const fill2 = first.slice(0, containerCount);
  for (let e = 0; e < n; e++) order[fill2[nested.owner[e]]++] = e;
  const storageInfos = [];
  const storage = (s) => {
    let info = storageInfos[s];
    if (info === void 0) {
      info = {
        key: String(s),
        dtype: DTYPE_NAMES[t.storageDtype[s]],
        numel: storages.numel[s],
        device: t.devices[t.storageDevice[s]],
        bytes: { kind: "raw", file: storages.file, offset: storages.offset[s], length: storages.length[s], crc32: storages.crc32[s] }
      };
      storageInfos[s] = info;
    }
    return info;
  };
  const dims2 = (i, second) => {
    const rank = t.rank[i];
    const from = t.dimsAt[i] + (second ? rank : 0);
    const out = [];
    for (let k = from; k < from + rank; k++) out.push(t.dims[k]);
    return out;
  };
  let tensors = 0;
  const tensor = (i) => {
    tensors++;
    return {
      kind: "tensor",
      info: {
        kind: "tensor",
        dtype: DTYPE_NAMES[t.dtype[i]],
        shape: dims2(i, false),
        stride: dims2(i, true),
        storageOffset: t.storageOffset[i],
        storage: storage(t.storage[i]),
        requiresGrad: t.requiresGrad[i] === 1
      },
      original: null
    };
  };
  const str = (h) => {
    const k = handlePayload(h);
    const start = nested.strStart[k];
    return text.toString("latin1", start, start + nested.strLength[k]);
  };
  const tuple = (h) => {
    const at = nested.tupleStart[handlePayload(h)];
    const items2 = [];
    for (let k = at, end = at + nested.tupleLength[handlePayload(h)]; k < end; k++) items2.push(scalar(nested.tupleItems[k]));
    return { kind: "tuple", items: items2 };
  };
  const scalar = (h) => {
    switch (handleTag(h)) {
      case HANDLE.NONE:
        return null;
      case HANDLE.FALSE:
        return false;
      case HANDLE.TRUE:
        return true;
      case HANDLE.INT:
        return handlePayload(h);
      case HANDLE.WIDE:
        return nested.wide[handlePayload(h)];
      case HANDLE.STR:
        return str(h);
      case HANDLE.FLOAT:
        return { kind: "float", value: nested.floats[handlePayload(h)] };
      case HANDLE.TUPLE:
        return tuple(h);
      default:
        throw new Error(`state-dict-tree: handle tag ${handleTag(h)} where the scanner puts only scalars`);
    }
  };
  const made = new Uint8Array(containerCount);
  const container = (c) => {
    if (made[c]) throw new Error(`state-dict-tree: container ${c} placed twice`);
    made[c] = 1;
    const flags = nested.containers[c];
    if (flags & C_LIST) return { kind: "list", items: [] };
    return flags & C_ORDERED ? { kind: "dict", entries: [], cls: ORDERED_DICT } : { kind: "dict", entries: [] };
  };
  const root = container(0);
  const work = [{ id: 0, into: root, depth: 0 }];
  while (work.length > 0) {
    const { id, into, depth } = work.pop();
    if (depth > MAX_DEPTH3) return null;
    for (let k = first[id], end = first[id + 1]; k < end; k++) {
      const e = order[k];
      const v = nested.value[e];
      const tag = handleTag(v);
      let value;
      if (tag === HANDLE.TENSOR) value = tensor(handlePayload(v));
      else if (tag === HANDLE.DICT || tag === HANDLE.LIST) {
        const child = container(handlePayload(v));
        work.push({ id: handlePayload(v), into: child, depth: depth + 1 });
        value = child;
      } else value = scalar(v);
      if (into.kind === "list") into.items.push(value);
      else into.entries.push([scalar(nested.key[e]), value]);
    }
  }
  return tensors === t.count ? root : null;
}
var MAX_DEPTH3, ORDERED_DICT;
var init_state_dict_tree = __esm({
  "src/formats/torch/state-dict-tree.ts"() {
    "use strict";
    init_state_dict_columns();
    MAX_DEPTH3 = 1e3;
    ORDERED_DICT = { kind: "global", module: "collections", name: "OrderedDict" };
  }
});

// src/formats/torch/torchscript.ts
function readTorchScript(zip, file, record) {
  const lead = `TorchScript archive, record folder '${record.prefix}'${zip.byName.has(`${record.prefix}bytecode.pkl`) ? " (lite interpreter: bytecode.pkl)" : ""}`;
  const tf = readTorchArchive(zip, file, record, "torchscript", lead);
  if (tf.root === null) return tf;
  const module2 = tf.root;
  const view = stateDictView(module2);
  if (typeof module2 === "object" && module2 !== null && module2.kind === "object") view.original = module2;
  else tf.detail.push("data.pkl does not hold a module object");
  return { ...tf, root: view };
}
function isModuleObject2(v) {
  return typeof v === "object" && v !== null && v.kind === "object" && typeof v.callable === "object" && v.callable !== null && v.callable.kind === "global" && v.callable.module.startsWith("__torch__") && attributesOf(v) !== null;
}
function attributesOf(o) {
  const s = o.states[o.states.length - 1];
  return typeof s === "object" && s !== null && s.kind === "dict" ? s : null;
}
function stateDictView(root) {
  const view = { kind: "dict", entries: [] };
  const onPath = /* @__PURE__ */ new Set();
  const stack = [{ value: root, name: "" }];
  const join8 = (a, b) => a === "" ? String(b) : `${a}.${b}`;
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
      states.forEach((s, i) => children.push([states.length === 1 ? "" : i, s]));
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
      stack.push({ value: x, name: k === "" ? f.name : join8(f.name, k) });
    }
  }
  return view;
}
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
  const dtype = t.dataType ? ownRow(JSON_DTYPES, t.dataType) : void 0;
  const shape = (t.dims ?? []).map(Number);
  const stride = t.strides ? t.strides.map(Number) : contiguousStrides(shape);
  if (!dtype || shape.some((d) => !Number.isSafeInteger(d) || d < 0) || stride.length !== shape.length) {
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
    shape,
    stride,
    storageOffset: Number(t.offset ?? 0) || 0,
    requiresGrad: t.requiresGrad === true,
    storage: { key, dtype, numel: entry ? Math.floor(entry.size / itemSize(dtype)) : numel(shape), device: t.device ?? "cpu", bytes }
  };
  return { kind: "tensor", info, original: null };
}
var JSON_DTYPES;
var init_torchscript = __esm({
  "src/formats/torch/torchscript.ts"() {
    "use strict";
    init_own_row();
    init_dtype();
    init_errors();
    init_tensor();
    init_reader3();
    init_archive();
    JSON_DTYPES = {
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
  }
});

// src/checkpoint/read-zip.ts
function readZipFile(src, ref) {
  let zip = null;
  if (ref.readOnly && ref.columns) {
    const first = planColumns(src, ref);
    if ("zip" in first) zip = first.zip;
    else {
      const c = readPlannedColumns(first.plan);
      if (c && !c.tensors.nested) return { format: c.format, detail: c.detail, root: null, error: null, pickles: c.pickles, size: src.size, columns: { tensors: c.tensors, storages: c.storages } };
      const root = c ? treeFromColumns(c.tensors, c.storages) : null;
      if (c && root) return { format: c.format, detail: c.detail, root, error: null, pickles: c.pickles, size: src.size, fromColumns: true };
    }
  }
  return readArchive(zip ?? openZip(src), src, ref);
}
function planColumns(src, ref) {
  const zip = openZip(src);
  const record = findTorchRecord(zip);
  if (!record || !record.prefix || isScripted(zip, record.prefix)) return { zip };
  const plan = planTorchColumns(zip, ref.path, record, torchLead(record.prefix));
  return plan ? { plan } : { zip };
}
function isScripted(zip, p) {
  return zip.find(`${p}constants.pkl`) >= 0 || zip.find(`${p}bytecode.pkl`) >= 0 || anyNameStartsWith(zip, `${p}code/`);
}
function anyNameStartsWith(zip, prefix) {
  const d = zip.dir;
  const ascii3 = asciiBytes(prefix);
  for (let i = 0; i < d.count; i++) if (ascii3 ? d.startsWith(i, ascii3) : d.nameAt(i).startsWith(prefix)) return true;
  return false;
}
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
    const kind = detectKind(new BufferSource(head, zip.source.name));
    return kind === "pickle" || kind === "legacy-torch";
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
      if (!named && inner.error && inner.pickles.every((s) => s.globals.length === 0 && s.anomalies.length === 0)) {
        detail.push(`${e.name} looked like a pickle but is not one (${inner.error.message})`);
        root.entries.push([e.name, null]);
        continue;
      }
      for (const s of inner.pickles) scans.push({ ...s, where: `${e.name}${s.where === "pickle" ? "" : ` ${s.where}`}` });
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
var torchLead;
var init_read_zip = __esm({
  "src/checkpoint/read-zip.ts"() {
    "use strict";
    init_byte_source();
    init_detect();
    init_errors();
    init_numpy();
    init_archive();
    init_container();
    init_zip_sweep();
    init_state_dict_tree();
    init_torchscript();
    init_zip_members();
    init_reader3();
    init_directory();
    init_read_arrays();
    init_read_pickles();
    torchLead = (p) => `torch.save zip archive, record folder '${p}'`;
  }
});

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
function unnamedCheckpoints(dir, name) {
  let subs;
  try {
    subs = (0, import_node_fs9.readdirSync)(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return null;
  }
  const found = subs.filter((n) => claimLayout((0, import_node_path8.join)(dir, n), true) !== null).sort((a, b) => a.localeCompare(b, void 0, { numeric: true }));
  if (found.length === 0) return null;
  const shown = found.slice(0, 5).join(", ") + (found.length > 5 ? ", \u2026" : "");
  return `holds ${found.length === 1 ? "a checkpoint folder" : `${found.length} checkpoint folders`} (${shown}) and no pointer file naming one (DeepSpeed's latest, Megatron's latest_checkpointed_iteration.txt): name the one to read, e.g. ${(0, import_node_path8.join)(name, found[found.length - 1])}`;
}
function brokenPointer(dir) {
  const folders = (keep) => {
    try {
      return (0, import_node_fs9.readdirSync)(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && keep(e.name)).map((e) => e.name).sort();
    } catch {
      return [];
    }
  };
  const here = (names, what) => names.length > 0 ? `${what} here: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", \u2026" : ""}` : `no ${what} here`;
  const latest = pointerText((0, import_node_path8.join)(dir, LATEST_FILE));
  if (latest !== null) {
    const tag = parseLatestTag(latest);
    const tags = here(folders((n) => n !== "zero"), "tag folders");
    return tag === null ? `its ${LATEST_FILE} file names no tag folder (${JSON.stringify(latest.slice(0, 40))}): DeepSpeed reads the tag to load from it (${tags})` : `its ${LATEST_FILE} file names ${tag}, which is not a DeepSpeed tag folder in it (${tags})`;
  }
  const tracker = pointerText((0, import_node_path8.join)(dir, TRACKER_FILE));
  if (tracker !== null) {
    const iter = trackerFolder(tracker);
    const iters = here(folders(isIterationFolder), "iteration folders");
    return iter === null ? `its ${TRACKER_FILE} holds ${JSON.stringify(tracker.trim().slice(0, 40))}, not an iteration or release: Megatron reads it to find the folder to load (${iters})` : `its ${TRACKER_FILE} names ${iter}, which is not a Megatron iteration folder in it (${iters})`;
  }
  return null;
}
function readLayout(ref) {
  const isDir = isDirectory(ref.path);
  if (isDir === null) return null;
  const match = claimLayout(ref.path, isDir);
  if (!match) {
    if (!isDir) return null;
    const file = modelFolderFile(ref.path);
    if (file) {
      const why = DEFAULT_FILES.includes(file) ? "the file from_pretrained reads first" : "its only checkpoint file";
      throw new FormatError(ref.name, `is a model folder, not one checkpoint: pass its checkpoint file, ${(0, import_node_path8.join)(ref.name, file)} (${why}${file.endsWith(".index.json") ? "; the index reads its shards as one checkpoint" : ""})`);
    }
    const pointer = brokenPointer(ref.path) ?? unnamedCheckpoints(ref.path, ref.name);
    if (pointer) throw new FormatError(ref.name, pointer);
    const markers = layoutMarkers();
    throw new FormatError(ref.name, `is a directory, not a checkpoint sdmatch recognises${markers ? ` (${markers})` : ""}`);
  }
  const dirName = nameOfDir(ref, match.dir);
  let namedMember;
  const member = (m) => {
    const read5 = readCheckpointFile(m, 1);
    if (!isDir && (0, import_node_path8.resolve)(m.path) === (0, import_node_path8.resolve)(ref.path)) namedMember = { file: ref.name, folder: dirName, ...topFields(read5.root) };
    return read5;
  };
  const c = withName({ path: match.dir, name: dirName }, () => match.layout.read({ path: match.dir, name: dirName }, (m, range) => range ? readCheckpointRange(m, range.offset, range.length) : member(m)));
  if (isDir) return c;
  const seen = new Set([...c.files ?? [], ...c.opened ?? []].map((f) => (0, import_node_path8.resolve)(f)));
  if (seen.has((0, import_node_path8.resolve)(ref.path))) return namedMember ? { ...c, namedMember } : c;
  const named = scanLoaderFiles({ path: (0, import_node_path8.dirname)(ref.path), name: (0, import_node_path8.dirname)(ref.name) }, [(0, import_node_path8.basename)(ref.path)], member);
  return { ...c, pickles: [...c.pickles, ...named.pickles], opened: [.../* @__PURE__ */ new Set([...c.opened ?? c.files ?? [], ...named.paths])].sort(), ...namedMember ? { namedMember } : {} };
}
function modelFolderFile(dir) {
  try {
    const files = (0, import_node_fs9.readdirSync)(dir);
    if (!files.includes("config.json") && !files.some((f) => DEFAULT_FILES.includes(f))) return null;
    return discoverCheckpoint(files, "", dir);
  } catch {
    return null;
  }
}
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
function tryDispatch(f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
}
function nameOfDir(ref, dir) {
  const below = (0, import_node_path8.relative)(dir, ref.path);
  if (below === "") return ref.name;
  const tail = below.split(import_node_path8.sep).join("/");
  const name = ref.name.split(import_node_path8.sep).join("/");
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
function keyTextRefusal(src, ref) {
  return new FormatError(ref.path, describeTextFile(src.read(0, Math.min(src.size, TEXT_SNIFF_BYTES)), ref.path) ?? "a text, not a checkpoint");
}
function dispatch(src, ref, shardDepth, kind = detectKind(src)) {
  switch (kind) {
    case "zip":
      return readZipFile(src, ref);
    case "tar": {
      const tf = readTarTorch(src, ref.path);
      if (tf.tarError !== null) {
        const note = `tarfile accepts the first block but then refuses the archive (${tf.tarError}), so torch.load reads it from byte 0 as a pickle`;
        const asPickle = tryDispatch(() => dispatch(src, ref, shardDepth, detectKind(src, { tar: false })));
        if (asPickle instanceof FormatError) throw new FormatError(ref.path, `${note}, and that is not a pickle either: ${asPickle.message}`);
        return { ...asPickle, detail: [note, ...asPickle.detail], pickles: [...asPickle.pickles, ...tf.pickles] };
      }
      return withAppendedZip(src, ref, { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size: src.size }, "a tar");
    }
    case "legacy-torch": {
      const region = fileRegion(src, ref.path);
      const tf = readLegacy(region);
      if (tf) return withAppendedZip(src, ref, { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size: src.size });
      return withAppendedZip(src, ref, readPickleFile(region, src.size));
    }
    case "pickle":
      if (isKeyTextNotPickle(src)) throw keyTextRefusal(src, ref);
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
      if (isKeyTextNotPickle(src, first)) throw keyTextRefusal(src, ref);
      if (isPytorch1(head)) {
        const tf = readPytorch1(src, ref.path);
        const probe = probeScan("torch.load's first pickle.load", first);
        return { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: probe ? [...tf.pickles, probe] : tf.pickles, size: src.size };
      }
      if (!first.error || probeScan("pickle", first)) {
        const c = readPickleFile(fileRegion(src, ref.path), src.size, "starts with an opcode a pickle rarely starts with: read as the pickle torch.load and pickle.load would run");
        return withAppendedZip(src, ref, c);
      }
      throw new FormatError(ref.path, brokenIndex(src, head) ?? describeTextFile(src.read(0, Math.min(src.size, TEXT_SNIFF_BYTES)), ref.path) ?? describeForeign(head, src.size));
    }
  }
}
function brokenIndex(src, head) {
  const text = new TextDecoder("utf-8").decode(head);
  if (!/^\s*\{/.test(text) || !text.includes('"weight_map"') || src.size > MAX_INDEX_BYTES) return null;
  try {
    JSON.parse(new TextDecoder("utf-8").decode(src.read(0, src.size)));
    return null;
  } catch (e) {
    return `shard index: not valid JSON (${e.message})`;
  }
}
function withAppendedZip(src, ref, c, what = "a pickle") {
  let zip;
  try {
    zip = openZip(src);
  } catch (e) {
    if (e instanceof FormatError) return c;
    throw e;
  }
  const npz = isZip(src.read(0, Math.min(src.size, 4))) ? " and numpy.load, which reads it as an npz" : "";
  const scans = [gapScan(`zip after the ${what.slice(2)}`, "zip views disagree", `the file is ${what} to torch.load and a zip of ${zip.entries.length} member(s) to zip readers${npz}`)];
  sweepZip(zip, ref.name, /* @__PURE__ */ new Set(), scans);
  return { ...c, detail: [...c.detail, `also a zip archive (${zip.entries.length} members) after the ${what.slice(2)}${npz ? ` (an npz to numpy.load: the file starts PK\\5\\6)` : ""}: its members were scanned`], pickles: [...c.pickles, ...scans] };
}
var import_node_fs9, import_node_path8, SMALL_RANGE_BYTES;
var init_read_file = __esm({
  "src/checkpoint/read-file.ts"() {
    "use strict";
    init_magic();
    import_node_fs9 = require("node:fs");
    import_node_path8 = require("node:path");
    init_hf_folder();
    init_byte_source();
    init_sources();
    init_registry();
    init_loader_files();
    init_listing();
    init_names2();
    init_names();
    init_detect();
    init_key_text();
    init_errors();
    init_machine();
    init_sub_source();
    init_walk();
    init_container();
    init_legacy();
    init_tar();
    init_zip_sweep();
    init_reader3();
    init_pytorch1();
    init_region();
    init_identify();
    init_format_detail();
    init_read_arrays();
    init_read_pickles();
    init_read_sharded();
    init_read_zip();
    SMALL_RANGE_BYTES = 1 << 20;
  }
});

// src/checkpoint/short-storage.ts
function shortStorageLine(key, info, format) {
  const s = storageShortfall(info);
  if (s === null) return null;
  const where2 = ZIP_MEMBERS.has(format) ? `storage member data/${info.storage.key}` : `storage ${info.storage.key}`;
  return `tensor ${key} (${info.dtype} [${info.shape.join(", ")}] at element ${info.storageOffset}) needs ${s.need} bytes of its ${where2}, which holds ${s.have}: the file is cut short or corrupt, not a loadable checkpoint (torch 1.13 fills the rest with uninitialised memory)`;
}
function shortStorageDetail(tensors, format) {
  const lines = [];
  let more = 0;
  for (const t of tensors) {
    if (storageShortfall(t.info) === null) continue;
    const line = shortStorageLine(t.path.map(String).join("/"), t.info, format);
    if (lines.length < NAMED) lines.push(line);
    else more++;
  }
  if (more > 0) lines.push(`and ${more} more tensor(s) whose storage is short`);
  return lines;
}
var ZIP_MEMBERS, NAMED;
var init_short_storage = __esm({
  "src/checkpoint/short-storage.ts"() {
    "use strict";
    init_tensor();
    ZIP_MEMBERS = /* @__PURE__ */ new Set(["torch-zip", "torchscript"]);
    NAMED = 3;
  }
});

// src/checkpoint/open.ts
var open_exports = {};
__export(open_exports, {
  openCheckpoint: () => openCheckpoint,
  openForReport: () => openForReport,
  openSafetensorsForReport: () => openSafetensorsForReport,
  scanSafety: () => scanSafety
});
function openCheckpoint(path, opts = {}) {
  const name = opts.name ?? path;
  return opened(name, readCheckpointFile({ path, name, readOnly: opts.readOnly === true }));
}
function openForReport(path, opts = {}) {
  const name = opts.name ?? path;
  const c = readCheckpointFile({ path, name, readOnly: true, columns: true });
  if (c.columns) return { file: name, size: c.size, format: c.format, detail: c.detail, safety: safetyOf(c.pickles), error: null, columns: c.columns };
  return opened(name, c);
}
function opened(name, c) {
  const walked = c.root === null ? { tensors: [], stateDicts: [] } : walkTree(c.root);
  const short2 = shortStorageDetail(walked.tensors, c.format);
  return {
    file: name,
    size: c.size,
    format: c.format,
    detail: short2.length > 0 ? [...c.detail, ...short2] : c.detail,
    root: c.root,
    tensors: walked.tensors,
    stateDicts: walked.stateDicts,
    safety: safetyOf(c.pickles),
    error: c.error,
    ...c.files ? { files: c.files } : {},
    ...c.opened ? { opened: c.opened } : {},
    ...c.tensorParallel !== void 0 ? { tensorParallel: c.tensorParallel } : {},
    ...c.namedMember ? { namedMember: c.namedMember } : {}
  };
}
function scanSafety(path, opts = {}) {
  return safetyOf(readCheckpointFile({ path, name: opts.name ?? path, readOnly: true }).pickles);
}
var init_open = __esm({
  "src/checkpoint/open.ts"() {
    "use strict";
    init_read_file();
    init_safety2();
    init_walk();
    init_short_storage();
    init_open_safetensors();
  }
});

// src/report/inspect-columns.ts
var inspect_columns_exports = {};
__export(inspect_columns_exports, {
  buildColumnarInspectModel: () => buildColumnarInspectModel
});
function buildColumnarInspectModel(c, opts = {}) {
  const view = new ColumnView(c);
  return columnarInspectModel({
    checkpoint: c,
    count: view.count,
    key: (i) => view.key(i),
    record: (i) => view.record(i),
    filter: opts.filter,
    totals: view.totals(),
    shared: view.shared(),
    lines: LINES2,
    fill: view.fill
  });
}
var ColumnView, LINES2;
var init_inspect_columns = __esm({
  "src/report/inspect-columns.ts"() {
    "use strict";
    init_summary();
    init_state_dict_columns();
    init_byte_writer();
    init_inspect_json_lines();
    init_inspect_listing();
    ColumnView = class {
      constructor(c) {
        this.c = c;
        const b = c.columns.tensors.bytes;
        this.text = Buffer.from(b.buffer, b.byteOffset, b.length);
        this.count = c.columns.tensors.count;
      }
      c;
      count;
      text;
      storageInfos = [];
      /** the state-dict key (ASCII: the scanner takes no other) */
      key(i) {
        const t = this.c.columns.tensors;
        const start = t.keyStart[i];
        return this.text.toString("latin1", start, start + t.keyLength[i]);
      }
      dtypeOf(i) {
        return DTYPE_NAMES[this.c.columns.tensors.dtype[i]];
      }
      dims(i, second) {
        const t = this.c.columns.tensors;
        const rank = t.rank[i];
        const from = t.dimsAt[i] + (second ? rank : 0);
        return Array.from(t.dims.subarray(from, from + rank));
      }
      storage(s) {
        let info = this.storageInfos[s];
        if (info === void 0) {
          const { tensors, storages } = this.c.columns;
          const dtype = DTYPE_NAMES[tensors.storageDtype[s]];
          info = {
            key: String(s),
            dtype,
            numel: storages.numel[s],
            device: tensors.devices[tensors.storageDevice[s]],
            bytes: { kind: "raw", file: storages.file, offset: storages.offset[s], length: storages.length[s], crc32: storages.crc32[s] }
          };
          this.storageInfos[s] = info;
        }
        return info;
      }
      /** the record the tree walk makes for tensor i (one storage object per storage, shared as in the tree) */
      record(i) {
        const t = this.c.columns.tensors;
        const info = {
          kind: "tensor",
          dtype: this.dtypeOf(i),
          shape: this.dims(i, false),
          stride: this.dims(i, true),
          storageOffset: t.storageOffset[i],
          storage: this.storage(t.storage[i]),
          requiresGrad: t.requiresGrad[i] === 1
        };
        return { path: [this.key(i)], info, aliases: [] };
      }
      elements(i) {
        const t = this.c.columns.tensors;
        let n = 1;
        for (let k = t.dimsAt[i], end = k + t.rank[i]; k < end; k++) n *= t.dims[k];
        return n;
      }
      /** isContiguous over the columns: every dimension longer than 1 has the row-major stride */
      contiguous(i) {
        const t = this.c.columns.tensors;
        const rank = t.rank[i];
        const at = t.dimsAt[i];
        let want = 1;
        for (let d = rank - 1; d >= 0; d--) {
          const size = t.dims[at + d];
          if (size > 1 && t.dims[at + rank + d] !== want) return false;
          want *= size;
        }
        return true;
      }
      /** tensorTotals, in the same dtype order (first met) */
      totals() {
        const t = this.c.columns.tensors;
        const out = emptyTotals();
        for (let i = 0; i < this.count; i++) countTensor(out, DTYPE_NAMES[t.dtype[i]], this.elements(i));
        return out;
      }
      /** sharedStorages: storages two or more tensors view, in the order first met */
      shared() {
        const t = this.c.columns.tensors;
        const firstAt = new Int32Array(t.storageCount).fill(-1);
        const groups = /* @__PURE__ */ new Map();
        for (let i = 0; i < this.count; i++) {
          const s = t.storage[i];
          const first = firstAt[s];
          if (first < 0) {
            firstAt[s] = i;
            continue;
          }
          const g = groups.get(s);
          if (g) g.push(i);
          else groups.set(s, [first, i]);
        }
        const order = [...groups.keys()].sort((a, b) => firstAt[a] - firstAt[b]);
        return order.map((s) => {
          const info = this.storage(s);
          const members = groups.get(s);
          const view = (i) => `${t.storageOffset[i]}/${t.dims.subarray(t.dimsAt[i], t.dimsAt[i] + 2 * t.rank[i]).join(",")}`;
          return { key: info.key, dtype: info.dtype, numel: info.numel, paths: members.map((i) => [this.key(i)]), views: new Set(members.map(view)).size };
        });
      }
      /** The `--json` line of tensor i, filled from the columns (the tree reader's record, as record() makes it). */
      fill = (i, l) => {
        const t = this.c.columns.tensors;
        const s = t.storage[i];
        l.keyBytes = t.bytes;
        l.keyStart = t.keyStart[i];
        l.keyEnd = l.keyStart + t.keyLength[i];
        l.keyPlain = plainKey(t.bytes, l.keyStart, l.keyEnd);
        l.dtype = t.dtype[i];
        l.dims = t.dims;
        l.dimsAt = t.dimsAt[i];
        l.rank = t.rank[i];
        l.strideAt = l.dimsAt + l.rank;
        l.storageOffset = t.storageOffset[i];
        l.contiguous = this.contiguous(i);
        l.requiresGrad = t.requiresGrad[i] === 1;
        l.storageKey = s;
        l.storageDtype = t.storageDtype[s];
        l.numel = this.c.columns.storages.numel[s];
        l.device = (this.deviceText ??= t.devices.map((d) => ascii2(JSON.stringify(d))))[t.storageDevice[s]];
      };
      deviceText;
    };
    LINES2 = new LineTemplate({ kind: "tensor" });
  }
});

// src/cli/inspect-entry.ts
var inspect_entry_exports = {};
__export(inspect_entry_exports, {
  inspectEntry: () => inspectEntry,
  simpleInspect: () => simpleInspect
});
module.exports = __toCommonJS(inspect_entry_exports);
init_sources();

// src/cli/inspect.ts
init_open_safetensors();

// src/report/inspect-safetensors.ts
init_summary();
init_dtype();
init_columns();
init_inspect_json_lines();
init_inspect_listing();
function buildSafetensorsInspectModel(c, opts = {}) {
  return columnarInspectModel({
    checkpoint: c,
    count: c.safetensors.count,
    key: (i) => keyOf2(c, i),
    record: (i) => recordOf(c, i),
    filter: opts.filter,
    totals: totalsOf(c),
    shared: [],
    lines: LINES,
    fill: lineFiller(c)
  });
}
function where(c, i) {
  const p = c.safetensors.parts[c.safetensors.part[i]];
  return { columns: p.columns, path: p.path, t: c.safetensors.tensor[i] };
}
function keyOf2(c, i) {
  const { columns, t } = where(c, i);
  const start = columns.names.start[t];
  return latin1(columns.header, start, start + columns.names.length[t]);
}
function recordOf(c, i) {
  const { columns: h, path, t } = where(c, i);
  const name = keyOf2(c, i);
  const dtype = DTYPE_ORDER[h.dtype[t]];
  const from = h.dimsAt[t];
  const shape = Array.from(h.dims.subarray(from, from + h.rank[t]));
  const stride = new Array(shape.length);
  let numel2 = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    stride[d] = numel2;
    numel2 *= shape[d];
  }
  const begin = h.begin[t];
  return {
    path: [name],
    info: {
      kind: "safetensors",
      dtype,
      shape,
      stride,
      storageOffset: 0,
      storage: { key: name, dtype, numel: numel2, device: "cpu", bytes: { kind: "raw", file: path, offset: 8 + h.headerLength + begin, length: h.end[t] - begin } },
      requiresGrad: false
    },
    aliases: []
  };
}
function totalsOf(c) {
  const { parts, part, tensor, count } = c.safetensors;
  const codes = DTYPE_ORDER.length;
  const tensors = new Float64Array(codes);
  const bytes = new Float64Array(codes);
  for (const { columns: h } of parts) {
    for (let d = 0; d < codes; d++) {
      tensors[d] += h.dtypeTensors[d];
      bytes[d] += h.dtypeBytes[d];
    }
  }
  const present = tensors.reduce((n, k) => n + (k > 0 ? 1 : 0), 0);
  const order = [];
  const met = new Uint8Array(codes);
  for (let i = 0; i < count && order.length < present; i++) {
    const d = parts[part[i]].columns.dtype[tensor[i]];
    if (met[d] === 0) {
      met[d] = 1;
      order.push(d);
    }
  }
  const out = emptyTotals();
  for (const d of order) {
    const dtype = DTYPE_ORDER[d];
    const t = { tensors: tensors[d], elements: bytes[d] / itemSize(dtype), bytes: bytes[d] };
    out.byDtype[dtype] = t;
    out.tensors += t.tensors;
    out.elements += t.elements;
    out.bytes += t.bytes;
  }
  return out;
}
function lineFiller(c) {
  const { parts, part, tensor } = c.safetensors;
  return (i, l) => {
    const h = parts[part[i]].columns;
    const t = tensor[i];
    l.keyBytes = h.header;
    l.keyStart = h.names.start[t];
    l.keyEnd = l.keyStart + h.names.length[t];
    l.keyPlain = true;
    l.dtype = h.dtype[t];
    l.dims = h.dims;
    l.dimsAt = h.dimsAt[t];
    l.rank = h.rank[t];
    l.strideAt = -1;
    l.storageKey = -1;
    l.storageDtype = l.dtype;
    let numel2 = 1;
    for (let k = l.dimsAt, end = k + l.rank; k < end; k++) numel2 *= h.dims[k];
    l.numel = numel2;
  };
}
var LINES = new LineTemplate({ storageOffset: 0, contiguous: true, kind: "safetensors", requiresGrad: false, "storage.device": "cpu" });

// src/report/inspect-model.ts
init_summary();
init_walk();
init_safety2();
init_tensor();
init_byte_writer();
init_inspect_json_lines();

// src/report/key-path.ts
function pathText(path) {
  return path.length === 0 ? "(root)" : path.map(String).join("/");
}

// src/report/inspect-model.ts
function groupOf(dict, rows) {
  return { dict, get count() {
    return rows.length;
  }, head: (n) => n >= rows.length ? rows : rows.slice(0, n), rows };
}
function buildInspectModel(ckpt, opts = {}) {
  const { filter } = opts;
  const all = ckpt.tensors;
  const grouped = filter ? groupTensors(ckpt, filter) : null;
  let lazy = null;
  const tensors = grouped ? all.filter((_, i) => grouped.shown[i] === 1) : all;
  return {
    file: ckpt.file,
    format: ckpt.format,
    size: ckpt.size,
    detail: ckpt.detail,
    totals: tensorTotals(all),
    shared: sharedStorages(all),
    stateDicts: ckpt.stateDicts.map((d) => ({ path: d.path, count: d.keys.length, nonTensor: d.nonTensor })),
    leaves: ckpt.root === null ? [] : summarizeLeaves(ckpt.root),
    get groups() {
      return grouped ? grouped.groups : lazy ??= groupTensors(ckpt, void 0).groups;
    },
    tensors,
    tensorCount: tensors.length,
    aliased: () => tensors.filter((t) => t.aliases.length > 0),
    tensorLine: (i) => JSON.stringify(tensorJson(tensors[i])),
    tensorText: (start, end, into) => recordLines(tensors, start, end, into),
    filter: filter ? filter.source : null,
    safety: ckpt.safety,
    error: ckpt.error ? ckpt.error.message : null
  };
}
function groupTensors(ckpt, filter) {
  const all = ckpt.tensors;
  const find = recordFinder(all);
  const inSomeDict = new Uint8Array(all.length);
  const shown = new Uint8Array(all.length);
  const groups = [];
  const made = (g) => groupOf(g.dict, g.rows);
  for (const d of ckpt.stateDicts) {
    const group = { dict: d.path, rows: [] };
    for (const [key, tensor] of candidateEntries(ckpt.root, d)) {
      const i = find(tensor.info);
      const record = i >= 0 ? all[i] : { path: [...d.path, key], info: tensor.info, aliases: [] };
      if (i >= 0) inSomeDict[i] = 1;
      if (filter && !filter.test(key)) continue;
      group.rows.push({ key, record });
      if (i >= 0) shown[i] = 1;
    }
    if (group.rows.length > 0 || !filter) groups.push(made(group));
  }
  const loose = { dict: null, rows: [] };
  for (let i = 0; i < all.length; i++) {
    if (inSomeDict[i]) continue;
    const record = all[i];
    const key = pathText(record.path);
    if (filter && !filter.test(key)) continue;
    loose.rows.push({ key, record });
    shown[i] = 1;
  }
  if (loose.rows.length > 0) groups.push(made(loose));
  return { groups, shown };
}
function recordFinder(records) {
  let next = 0;
  let byInfo = null;
  return (info) => {
    if (next < records.length && records[next].info === info) return next++;
    if (byInfo === null) {
      byInfo = /* @__PURE__ */ new Map();
      for (let i2 = 0; i2 < records.length; i2++) byInfo.set(records[i2].info, i2);
    }
    const i = byInfo.get(info);
    if (i === void 0) return -1;
    next = i + 1;
    return i;
  };
}
function jsonDocument(m, tensors) {
  return {
    file: m.file,
    format: m.format,
    size: m.size,
    detail: m.detail,
    tensorCount: m.totals.tensors,
    parameterCount: m.totals.elements,
    bytes: m.totals.bytes,
    bytesByDtype: Object.fromEntries(Object.entries(m.totals.byDtype).map(([d, v]) => [d, v.bytes])),
    sharedStorages: m.shared.map((s) => ({ storage: s.key, dtype: s.dtype, paths: s.paths })),
    stateDicts: m.stateDicts.map((d) => ({ path: d.path, count: d.count, nonTensor: d.nonTensor })),
    leaves: m.leaves.map((l) => ({ path: l.path, text: l.text })),
    filter: m.filter,
    tensors,
    globals: m.safety.globals.map(globalJson),
    safety: { verdict: m.safety.verdict, globals: m.safety.globals.map(globalJson) },
    checkpointSafety: [checkpointSafety(m.file, m.safety)],
    error: m.error
  };
}
var TENSORS_PLACEHOLDER = "\0tensors\0";
var TENSORS_PLACEHOLDER_JSON = JSON.stringify(TENSORS_PLACEHOLDER);
var TENSORS_PER_CHUNK = 5e3;
function* inspectJsonChunks(m, opts = {}) {
  const text = JSON.stringify(jsonDocument(m, TENSORS_PLACEHOLDER), null, 2);
  const at = text.indexOf(TENSORS_PLACEHOLDER_JSON);
  const n = m.tensorCount;
  if (n === 0) {
    yield `${text.slice(0, at)}[]${text.slice(at + TENSORS_PLACEHOLDER_JSON.length)}`;
    return;
  }
  yield `${text.slice(0, at)}[
`;
  const into = opts.reuse ? new ByteWriter(0) : void 0;
  for (let start = 0; start < n; start += TENSORS_PER_CHUNK) {
    const end = Math.min(n, start + TENSORS_PER_CHUNK);
    if (m.tensorText) {
      yield m.tensorText(start, end, into);
      continue;
    }
    const lines = new Array(end - start);
    for (let i = start; i < end; i++) lines[i - start] = `    ${m.tensorLine(i)}`;
    yield lines.join(",\n") + (end < n ? ",\n" : "\n");
  }
  yield `  ]${text.slice(at + TENSORS_PLACEHOLDER_JSON.length)}`;
}
function recordLines(tensors, start, end, into) {
  const w = into ? into.reset((end - start) * 256) : new ByteWriter((end - start) * 256);
  const n = tensors.length;
  const str = (s) => {
    if (!w.plainString(s)) w.text(Buffer.from(JSON.stringify(s), "utf8"));
  };
  const num = (v) => {
    if (v !== null && Number.isSafeInteger(v) && v >= 0) w.int(v);
    else w.text(ascii2(JSON.stringify(v)));
  };
  const ints = (xs) => {
    for (let d = 0; d < xs.length; d++) {
      if (d > 0) w.byte(44);
      num(xs[d]);
    }
  };
  for (let i = start; i < end; i++) {
    const r = tensors[i];
    const t = r.info;
    const last = i === n - 1;
    if (t.quantization || r.aliases.length > 0) {
      w.text(Buffer.from(`    ${JSON.stringify(tensorJson(r))}`, "utf8"));
      w.text(last ? L_LAST : L_NEXT);
      continue;
    }
    const contiguous = isContiguous(t);
    const { fields: fields2, pre, tails } = RECORD_PIECES[(contiguous ? 2 : 0) + (t.requiresGrad ? 1 : 0)];
    for (let s = 0; s < fields2.length; s++) {
      w.text(pre[s]);
      const f = fields2[s];
      switch (f) {
        case 0:
          w.byte(91);
          for (let k = 0; k < r.path.length; k++) {
            if (k > 0) w.byte(44);
            const step = r.path[k];
            if (typeof step === "string") str(step);
            else num(step);
          }
          w.byte(93);
          break;
        case 1:
          str(t.dtype);
          break;
        case 2:
          w.byte(91);
          ints(t.shape);
          w.byte(93);
          break;
        case 3:
          w.byte(91);
          ints(t.stride);
          w.byte(93);
          break;
        case 4:
          num(t.storageOffset);
          break;
        case 5:
          w.text(contiguous ? TRUE2 : FALSE2);
          break;
        case 6:
          str(t.kind);
          break;
        case 7:
          w.text(t.requiresGrad ? TRUE2 : FALSE2);
          break;
        case 8:
          str(t.storage.key);
          break;
        case 9:
          str(t.storage.dtype);
          break;
        case 10:
          num(t.storage.numel);
          break;
        case 11:
          str(t.storage.device);
          break;
        default:
          unwritten(f);
      }
    }
    w.text(tails[last ? 1 : 0]);
  }
  return w.done();
}
var RECORD_PIECES = [false, true].flatMap((contiguous) => [false, true].map((requiresGrad) => linePieces({ contiguous, requiresGrad })));
var TRUE2 = ascii2("true");
var FALSE2 = ascii2("false");
var L_NEXT = ascii2(",\n");
var L_LAST = ascii2("\n");
function tensorJson(rec) {
  const t = rec.info;
  const out = {
    path: rec.path,
    dtype: t.dtype,
    shape: t.shape,
    stride: t.stride,
    storageOffset: t.storageOffset,
    contiguous: isContiguous(t),
    kind: t.kind,
    requiresGrad: t.requiresGrad,
    storage: { key: t.storage.key, dtype: t.storage.dtype, numel: t.storage.numel, device: t.storage.device }
  };
  if (t.quantization) out.quantization = t.quantization;
  if (rec.aliases.length > 0) out.aliases = rec.aliases;
  return out;
}
function globalJson(g) {
  return { module: g.module, name: g.name, verdict: g.verdict, where: g.where, ...g.reason ? { reason: g.reason } : {} };
}

// src/checkpoint/module-tree.ts
init_tensor();
function moduleTree(entries) {
  const root = { name: "", path: "", tensors: [], children: /* @__PURE__ */ new Map() };
  for (const { key, shape } of entries) {
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
    node.tensors.push({ name: parts[parts.length - 1], shape });
  }
  return finish(root);
}
function finish(root) {
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

// src/analysis/key-tokens.ts
function splitKey(key) {
  return key.split(".");
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
  const indices = [];
  const template = key.replace(NUMBER, (d) => {
    indices.push(Number(d));
    return SLOT;
  });
  return { template, indices };
}
function fill(template, slots) {
  let i = 0;
  return splitKey(template).map((seg) => seg.replace(/\{\}/g, () => slots[i++]));
}
function isCrossProduct(rows, depth) {
  const width = rows[0].t.length;
  let product = 1;
  for (let p = depth; p < width; p++) {
    const seen = /* @__PURE__ */ new Set();
    for (const r of rows) seen.add(r.t[p]);
    product *= seen.size;
    if (product > rows.length) return false;
  }
  return product === rows.length;
}
function factor(rows, depth) {
  const width = rows[0].t.length;
  if (depth === width) return [{ slots: [], rows }];
  if (isCrossProduct(rows, depth)) {
    const slots = [];
    for (let p = depth; p < width; p++) slots.push(formatIndexSet(rows.map((r) => r.t[p])));
    return [{ slots, rows }];
  }
  const byFirst = /* @__PURE__ */ new Map();
  for (const r of rows) {
    const v = r.t[depth];
    const list = byFirst.get(v);
    if (list) list.push(r);
    else byFirst.set(v, [r]);
  }
  const bySub = /* @__PURE__ */ new Map();
  for (const [v, group] of byFirst) {
    const sub = factor(group, depth + 1);
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
    const sig = p >= 0 && d.segments.length >= 2 && mergeable(d.segments[p]) ? `${d.segments.length}|${d.segments.map((s, i) => i === p ? "*" : s).join(".")}` : null;
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
    segments: g.slots === null ? g.rows[0].item.key.split(".") : fill(g.template, g.slots),
    keys: g.rows.map((r) => r.item.key),
    first: g.rows[0].pos
  }));
  drafts = mergeSiblings(mergeSiblings(drafts, 1), 2);
  return drafts.map((d) => ({ pattern: d.segments.join("."), module: d.segments.length > 1 ? d.keys[0].slice(0, d.keys[0].indexOf(".")) : "", keys: d.keys }));
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

// src/report/inspect-text.ts
var import_node_path7 = require("node:path");
init_tensor();

// src/report/printable.ts
var CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
function printable(text) {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// src/report/danger.ts
function pickleLoader(format) {
  return format === "npy" || format === "npz" ? "numpy.load(allow_pickle=True)" : "torch.load(weights_only=False)";
}
function loaderAt(format, where2) {
  return where2?.endsWith("object payload") ? pickleLoader("npy") : pickleLoader(format);
}
function safetyVerdictLine(safety, format) {
  if (safety.verdict === "safe") return null;
  const hits = safety.globals.filter((g) => g.verdict === safety.verdict);
  const first = hits[0];
  const more = hits.length > 1 ? ` and ${hits.length - 1} more` : "";
  const name = first ? `${first.module ? `${first.module}.` : ""}${first.name}` : "";
  if (safety.verdict === "incomplete") return printable(`safety verdict incomplete: ${first ? `${first.where}: ${first.reason ?? first.name}` : "part of it could not be read"}`);
  if (safety.verdict === "dangerous") {
    return printable(`safety verdict dangerous: its pickle reaches ${name || "code"}${first?.reason ? ` (${first.reason})` : ""}${first ? ` in ${first.where}` : ""}${more}: ${loaderAt(format, first?.where)} on it runs code; do not load it`);
  }
  return printable(`safety verdict unknown: it names ${name || "globals"}${more}, not on the allowlist: loading it runs that code, so load it only if you trust its source`);
}

// src/report/style.ts
var CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 };
function paint(style, tone, text) {
  return style.color ? `\x1B[${CODES[tone]}m${text}\x1B[0m` : text;
}

// src/report/table.ts
var import_cli_table3 = __toESM(require_cli_table3(), 1);
var SLICE = 200;
function renderTable(style, head, rows, align) {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, c) => {
    let w = h.length;
    for (const r of cells) w = Math.max(w, (r[c] ?? "").length);
    return w;
  });
  const pad = (text, c) => align?.[c] === "right" ? text.padStart(widths[c]) : text.padEnd(widths[c]);
  const lines = allPrintableAscii(head, cells) ? plainLines(head, cells, pad) : cliTableLines(head, cells, pad);
  if (lines.length > 0) lines[0] = paint(style, "bold", lines[0]);
  return lines.join("\n");
}
var PLAIN = /^[\x20-\x7e]*$/;
function allPrintableAscii(head, cells) {
  return head.every((h) => PLAIN.test(h)) && cells.every((r) => r.length === head.length && r.every((c) => PLAIN.test(c)));
}
function plainLines(head, cells, pad) {
  const line = (r) => r.map(pad).join("    ").trimEnd();
  return [line(head), ...cells.map(line)];
}
function cliTableLines(head, cells, pad) {
  const headCells = head.map(pad);
  const lines = [];
  for (let i = 0; i < Math.max(cells.length, 1); i += SLICE) {
    const table = new import_cli_table3.default({
      head: headCells,
      style: { head: [], border: [], compact: true },
      chars: {
        top: "",
        "top-mid": "",
        "top-left": "",
        "top-right": "",
        bottom: "",
        "bottom-mid": "",
        "bottom-left": "",
        "bottom-right": "",
        left: "",
        "left-mid": "",
        mid: "",
        "mid-mid": "",
        right: "",
        "right-mid": "",
        middle: "  "
      }
    });
    for (const r of cells.slice(i, i + SLICE)) table.push(r.map(pad));
    const text = table.toString().split("\n").map((l) => l.replace(/^ /, "").trimEnd());
    lines.push(...i === 0 ? text : text.slice(1));
  }
  return lines;
}
function formatBytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(n)} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}
function groupDigits(n) {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let k = head; k < digits.length; k += 3) out += `,${digits.slice(k, k + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}
function formatCount(n) {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}
function formatShape(shape) {
  return shape === null ? "?" : `[${shape.join(", ")}]`;
}

// src/report/inspect-text.ts
function renderInspect(m, style, opts = {}) {
  const out = [];
  out.push(paint(style, "bold", printable(m.file)));
  out.push(...safetyBlock(m, style));
  const facts = [
    ["format", [m.format, ...m.detail].map(printable).join(" \xB7 ")],
    ["size", formatBytes(m.size)],
    ["tensors", `${groupDigits(m.totals.tensors)} (${formatCount(m.totals.elements)} parameters, ${formatBytes(m.totals.bytes)})`]
  ];
  const dtypes = Object.entries(m.totals.byDtype).sort((a, b) => b[1].bytes - a[1].bytes).map(([d, v]) => `${d} ${formatBytes(v.bytes)} (${v.tensors})`);
  if (dtypes.length > 0) facts.push(["dtypes", dtypes.join(", ")]);
  const names = namesOf(m.tensorCount, m.aliased());
  if (names.total > m.totals.tensors) facts[2][1] += `, under ${groupDigits(names.total)} names`;
  for (const line of names.lines) facts.push(["shared", line]);
  for (const s of m.shared.slice(0, 10)) facts.push(["shared", sharedLine(s)]);
  if (m.shared.length > 10) facts.push(["shared", `\u2026 ${m.shared.length - 10} more shared storages`]);
  facts.push(["safety", safetyLine(m)]);
  if (m.error) facts.push(["error", paint(style, "red", printable(m.error))]);
  if (m.filter !== null) facts.push(["filter", `tensors whose key matches /${printable(m.filter)}/`]);
  const width = Math.max(...facts.map(([k]) => k.length));
  for (const [k, v] of facts) out.push(`  ${paint(style, "gray", k.padEnd(width))}  ${v}`);
  if (m.stateDicts.length > 0 || m.leaves.length > 0) {
    out.push("", paint(style, "bold", "Object tree"));
    for (const d of m.stateDicts) {
      const extra = d.nonTensor.length > 0 ? `, ${d.nonTensor.length} non-tensor: ${d.nonTensor.slice(0, 4).map(printable).join(", ")}${d.nonTensor.length > 4 ? ", \u2026" : ""}` : "";
      out.push(`  ${paint(style, "cyan", shownPath(d.path))}  state dict, ${plural(d.count, "tensor")}${extra}`);
    }
    for (const l of m.leaves) out.push(`  ${shownPath(l.path)}: ${printable(l.text)}`);
  }
  for (const g of m.groups) {
    out.push("", paint(style, "bold", groupTitle(g)));
    if (opts.tree && g.dict !== null) out.push(...renderTree(moduleTree(g.rows.map((r) => ({ key: printable(r.key), shape: r.record.info.shape })))));
    else out.push(tensorTable(g, style, opts));
  }
  return out.join("\n");
}
var KEYS_INLINE = 6;
function keysText(keys, sep2) {
  if (keys.length <= KEYS_INLINE) return keys.join(sep2);
  return renderGroups(groupKeys(keys), { maxLines: 3 }).join(", ");
}
function namesOf(count, aliased) {
  let total = count;
  const lines = [];
  let more = 0;
  for (const t of aliased) {
    total += t.aliases.length;
    if (lines.length < 10) lines.push(`${keysText([t.path, ...t.aliases].map(shownPath), " = ")} (one tensor under ${1 + t.aliases.length} names)`);
    else more++;
  }
  if (more > 0) lines.push(`\u2026 ${more} more tensors under several names`);
  return { total, lines };
}
function sharedLine(s) {
  const paths = s.paths.map(shownPath);
  const views = s.views;
  const storage = `storage ${printable(s.key)}`;
  if (views <= 1) return `${keysText(paths, " = ")} (${storage}${paths.length > KEYS_INLINE ? `: ${groupDigits(paths.length)} tensors viewing it alike, equal` : ""})`;
  return `${keysText(paths, ", ")} (${storage}: ${groupDigits(paths.length)} tensors, ${groupDigits(views)} different views of it, not equal tensors)`;
}
function groupTitle(g) {
  return g.dict === null ? `Other tensors (${g.count})` : `Tensors in ${shownPath(g.dict)} (${g.count})`;
}
var MAX_CHUNKS_SHOWN = 8;
function chunkText(loc) {
  if (loc === null || loc.kind !== "chunks") return "whole";
  const wheres = loc.chunks.slice(0, MAX_CHUNKS_SHOWN).map((c) => c.tensor.storage.bytes ? locationFiles(c.tensor.storage.bytes)[0] : void 0);
  const paths = new Set(wheres.filter((w) => w !== void 0));
  const twoLevels = new Set([...paths].map((w) => (0, import_node_path7.basename)(w))).size < paths.size;
  const shown = loc.chunks.slice(0, MAX_CHUNKS_SHOWN).map((c, i) => {
    const where2 = wheres[i];
    const file = where2 !== void 0 ? ` ${twoLevels ? `${(0, import_node_path7.basename)((0, import_node_path7.dirname)(where2))}/${(0, import_node_path7.basename)(where2)}` : (0, import_node_path7.basename)(where2)}` : "";
    return `[${c.offsets.map((o, d) => `${o}:${o + c.sizes[d]}`).join(", ")}]${printable(file)}`;
  });
  const more = loc.chunks.length > MAX_CHUNKS_SHOWN ? ` \u2026 ${loc.chunks.length - MAX_CHUNKS_SHOWN} more` : "";
  return `${loc.chunks.length}: ${shown.join(" \xB7 ")}${more}`;
}
function tensorTable(g, style, opts) {
  const max = opts.maxRows ?? Infinity;
  const shown = g.head(max);
  const chunked = opts.verbose === true && g.rows.some((r) => r.record.info.storage.bytes?.kind === "chunks");
  const rows = shown.map(({ key, record }) => {
    const t = record.info;
    const base = [printable(key), t.dtype, formatShape(t.shape)];
    if (opts.verbose) base.push(formatShape(t.stride), String(t.storageOffset), printable(t.storage.key), isContiguous(t) ? "yes" : "no");
    if (opts.verbose && chunked) base.push(chunkText(t.storage.bytes));
    return base;
  });
  const head = opts.verbose ? ["key", "dtype", "shape", "stride", "offset", "storage", "contiguous"] : ["key", "dtype", "shape"];
  if (opts.verbose && chunked) head.push("chunks");
  let text = renderTable(style, head, rows);
  if (g.count > max) text += `
\u2026 ${g.count - max} more (use --all, --json or --filter to see them)`;
  return text;
}
var MAX_CHAIN_LINES = 16;
function renderTree(root) {
  const lines = [];
  for (const t of root.tensors) lines.push(`  ${t.name}  ${formatShape(t.shape)}`);
  const stack = root.children.map((node) => ({ node, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { node: top, depth } = stack.pop();
    let node = top;
    const names = [top.name];
    for (let n = top; n.tensors.length === 0 && n.children.length === 1 && !n.repeat && !n.children[0].repeat; ) {
      n = n.children[0];
      names.push(n.name);
    }
    if (names.length > MAX_CHAIN_LINES) {
      while (node.tensors.length === 0 && node.children.length === 1 && !node.repeat && !node.children[0].repeat) node = node.children[0];
    } else names.length = 1;
    const name = names.join(".");
    const count = node.elements === null ? "?" : formatCount(node.elements);
    const label = node.repeat ? `${name}  (${node.repeat.count} \xD7 ${node.repeat.elementsEach === null ? "?" : formatCount(node.repeat.elementsEach)} = ${count})` : `${name}  (${count})`;
    lines.push(`${"  ".repeat(depth + 1)}${label}`);
    const leafIndent = "  ".repeat(depth + 2);
    for (const t of node.tensors) lines.push(`${leafIndent}${t.name}  ${formatShape(t.shape)}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], depth: depth + 1 });
  }
  return lines;
}
function safetyLine(m) {
  const g = m.safety.globals;
  if (g.length === 0) return "safe: no pickle globals";
  if (m.safety.verdict === "unknown") return `unknown: ${unknownParts(g)}; not on the allowlist, so loading it needs trust in the code it names`;
  const dangerous = g.filter((x) => x.verdict === "dangerous");
  const unknown = g.filter((x) => x.verdict === "unknown");
  const incomplete = g.filter((x) => x.verdict === "incomplete");
  const parts = [plural(g.length, "global")];
  if (dangerous.length) parts.push(`${dangerous.length} dangerous`);
  if (incomplete.length) parts.push(`${incomplete.length} not seen (${incomplete.slice(0, 2).map((x) => printable(`${x.where}: ${x.reason ?? x.name}`)).join("; ")}${incomplete.length > 2 ? "; \u2026" : ""})`);
  if (unknown.length) parts.push(`${unknown.length} unknown (${unknown.slice(0, 3).map(globalName).join(", ")}${unknown.length > 3 ? ", \u2026" : ""})`);
  return `${m.safety.verdict}: ${parts.join(", ")}`;
}
function unknownParts(g) {
  const unknown = g.filter((x) => x.verdict === "unknown");
  return `${plural(g.length, "global")}, ${unknown.length} unknown (${unknown.slice(0, 3).map(globalName).join(", ")}${unknown.length > 3 ? ", \u2026" : ""})`;
}
function globalName(g) {
  return printable(g.module === "" ? g.name : `${g.module}.${g.name}`);
}
function safetyBlock(m, style) {
  const bad = m.safety.globals.filter((g) => g.verdict === "dangerous");
  if (bad.length === 0) return [];
  const lines = [
    paint(style, "red", `!! DANGEROUS: loading this file with ${m.format === "npy" || m.format === "npz" ? pickleLoader(m.format) : `pickle or ${[...new Set(bad.map((g) => loaderAt(m.format, g.where)))].join(" or ")}`} would run code.`)
  ];
  for (const g of bad) lines.push(paint(style, "red", `!!   ${globalName(g)}  in ${printable(g.where)}${g.reason ? `: ${printable(g.reason)}` : ""}`));
  lines.push(paint(style, "red", "!! sdmatch did not execute anything; do not load this file."));
  return lines;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function shownPath(path) {
  return printable(pathText(path));
}

// src/cli/errors.ts
init_errors();
init_io_errors();
var EXIT = {
  /** success; for diff/check: no differences / passes policy */
  ok: 0,
  /** diff found differences; check failed its policy */
  differences: 1,
  /** bad input, bad usage, or a file that cannot be read */
  error: 2,
  /** a bug in sdmatch itself */
  internal: 3
};
var UsageError = class extends Error {
  name = "UsageError";
};
function describeError(e, debug) {
  if (e instanceof FormatError) return { line: `sdmatch: ${printable(e.toLine())}${debug && e.stack ? `
${e.stack}` : ""}`, code: EXIT.error };
  if (e instanceof UsageError) return { line: `sdmatch: ${printable(e.message)}`, code: EXIT.error };
  const env = environmentCode(e);
  if (env !== null) {
    const err2 = e;
    const where2 = err2.path ? `${err2.path}: ` : "";
    return { line: `sdmatch: ${printable(`${where2}${ENVIRONMENT_ERRORS[env]} (${env})`)}${debug && err2.stack ? `
${err2.stack}` : ""}`, code: EXIT.error };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const trace = debug ? `
${err.stack ?? ""}` : " (run with --debug for the trace)";
  return { line: `sdmatch: internal error: ${printable(err.message)}${trace}`, code: EXIT.internal };
}

// src/cli/help-texts.ts
var REMOTE_HELP = "A checkpoint may be an https:// URL or hf://ORG/REPO[@REVISION][/FILE]: read by range requests (only the bytes needed). HF_ENDPOINT names a hub mirror, HF_TOKEN a token (sent to the hub only), SDMATCH_HTTP_TIMEOUT the seconds to wait for a byte (default 30), SDMATCH_NO_CACHE=1 or SDMATCH_CACHE_DIR the range cache. apply copies tensor bytes, so its SOURCE is a local file.";
var EXIT_HELP = {
  inspect: "Exit codes: the safety verdict: 0 safe, 1 unknown (loading runs code it names), 2 dangerous, incomplete or unreadable; 3 a bug in sdmatch.",
  diff: "Exit codes: 0 load_state_dict(strict=True) would succeed (the sides match, or differ only in BatchNorm counters it fills in or in dtypes it casts on copy), 1 it would fail (or the error text leaves keys open), 2 bad input; 3 a bug in sdmatch.",
  plan: "Exit codes: 0 the plan explains every difference, 1 keys stay missing, unexpected or ambiguous (or a trained module would be dropped: --drop REGEX says to), or the checkpoint's head has a public dataset's class count an error text listing keys by name does not confirm for the model (as apply), or --emit hf / mmengine cannot express an op of the plan (said on stderr's first line), 2 bad input; 3 a bug in sdmatch.",
  // explain has no --emit and no --drop (review 22 F11: it printed plan's words)
  explain: "Exit codes: 0 the fix found makes the checkpoint load, 1 keys stay missing, unexpected or ambiguous, or no key transform explains the error (or a trained module would be dropped: sdmatch plan CHECKPOINT ERROR --drop REGEX says to), or the checkpoint's head has a public dataset's class count an error text listing keys by name does not confirm for the model (as apply), 2 bad input; 3 a bug in sdmatch.",
  manifest: "Exit codes: 0 written, 2 bad input; 3 a bug in sdmatch.",
  check: "Exit codes: 0 the policy passes (--update: written), 1 the policy fails (--fail-on), 2 bad input; 3 a bug in sdmatch. The gate judges keys: a dangerous checkpoint (or one whose safety is incomplete) is warned about on stderr and in checkpointSafety, but does not change the exit code (sdmatch inspect, whose exit code is the safety verdict, is the safety gate).",
  "plan-check": "Exit codes: 0 the plan covers the model exactly, 1 it leaves a gap (a source key not consumed, a model key missing or written twice, a shape not the model's), writes two keys the model ties from separate tensors (one's trained values lost), or leaves weights it lists as undecided, 2 bad input; 3 a bug in sdmatch.",
  "plan-edit": "Exit codes: 0 the edited plan written (or printed), 2 bad input or an edit the plan refuses; 3 a bug in sdmatch.",
  "plan-invert": "Exit codes: 0 the inverse written (or printed; drops it cannot undo are listed on stderr), 2 bad input; 3 a bug in sdmatch.",
  global: "Exit codes: 0 success (inspect: safe; diff: a strict load would succeed), 1 differences or a policy failed (inspect: unknown), 2 bad input or a dangerous file, 3 a bug in sdmatch."
};
function epilogue(exit, first) {
  return [first, exit, REMOTE_HELP].filter(Boolean).join("\n\n");
}

// src/cli/inspect.ts
var inspectCommand = {
  builder: (y) => y.positional("file", { type: "string", demandOption: true, describe: "checkpoint: torch zip, legacy torch, TorchScript, pickle, safetensors, shard index, npy/npz; or an https:// URL or hf://ORG/REPO[/FILE]" }).option("json", { type: "boolean", describe: "one JSON object (schema in schemas/inspect.schema.json)" }).option("verbose", { alias: "v", type: "boolean", describe: "also stride, storage offset, storage key and contiguity" }).option("tree", { type: "boolean", describe: "module hierarchy with parameter counts instead of the tensor table" }).option("filter", { type: "string", describe: "only tensors whose key matches this regular expression" }).option("all", { type: "boolean", describe: "list every tensor (the table stops at 200 per state dict)" }).epilogue(epilogue(EXIT_HELP.inspect)),
  run: async (args, io) => {
    let filter;
    if (args.filter !== void 0) {
      try {
        filter = new RegExp(args.filter);
      } catch (e) {
        throw new UsageError(`--filter: not a regular expression: ${e.message}`);
      }
    }
    const ckpt = await openSafetensorsForReport(args.file) ?? (await Promise.resolve().then(() => (init_open(), open_exports))).openForReport(args.file);
    const model = "columns" in ckpt ? (await Promise.resolve().then(() => (init_inspect_columns(), inspect_columns_exports))).buildColumnarInspectModel(ckpt, { filter }) : "safetensors" in ckpt ? buildSafetensorsInspectModel(ckpt, { filter }) : buildInspectModel(ckpt, { filter });
    const stdout = args.json ? "" : renderInspect(model, io.stdoutStyle, { verbose: args.verbose, tree: args.tree, maxRows: args.all ? Infinity : 200 });
    const stream = args.json ? { stream: inspectJsonChunks(model, { reuse: true }) } : {};
    if (ckpt.error) {
      const line = `sdmatch: ${printable(ckpt.file)}: ${printable(ckpt.error.message)}`;
      return { stdout, ...stream, stderr: args.debug && ckpt.error.stack ? `${line}
${ckpt.error.stack}` : line, code: EXIT.error };
    }
    const verdict = safetyVerdictLine(ckpt.safety, ckpt.format);
    if (verdict) return { stdout, ...stream, stderr: `sdmatch: ${printable(ckpt.file)}: ${verdict}`, code: SAFETY_EXIT[ckpt.safety.verdict] };
    return { stdout, ...stream, code: EXIT.ok };
  }
};
var SAFETY_EXIT = { safe: EXIT.ok, unknown: EXIT.differences, incomplete: EXIT.error, dangerous: EXIT.error };

// src/cli/io.ts
function colorFor(stream, env = process.env) {
  const force = env.FORCE_COLOR;
  if (force !== void 0) return { color: !["0", "false"].includes(force.toLowerCase()) };
  const noColor = env.NO_COLOR !== void 0 && env.NO_COLOR !== "";
  return { color: Boolean(stream.isTTY) && !noColor && env.TERM !== "dumb" };
}
function processIO() {
  return {
    stdoutStyle: colorFor(process.stdout),
    stderrStyle: colorFor(process.stderr),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    readStdin: async () => {
      const chunks = [];
      for await (const c of process.stdin) chunks.push(c);
      return Buffer.concat(chunks).toString("utf8");
    },
    progress: (line) => {
      if (process.stderr.isTTY) process.stderr.write(`\r\x1B[2K${line}`);
    }
  };
}

// src/cli/stdout.ts
var import_node_fs10 = require("node:fs");
var import_node_tty = require("node:tty");
init_io_errors();
var closed = false;
var failedWith = null;
var watching = false;
var direct = null;
function writesDirectly() {
  if (direct === null) {
    try {
      const st = (0, import_node_fs10.fstatSync)(1);
      direct = (st.isFile() || st.isCharacterDevice() && !(0, import_node_tty.isatty)(1)) && !Object.hasOwn(process.stdout, "write");
    } catch {
      direct = false;
    }
  }
  return direct;
}
function failed(e) {
  closed = true;
  if (e?.code === "EPIPE") return;
  const known = asEnvironmentError(e, "standard output", "cannot write");
  if (known === e) throw e;
  if (failedWith !== null) return;
  const { line, code } = describeError(known, false);
  failedWith = code;
  process.stderr.write(`${line}
`);
  process.exitCode = code;
}
function watchStdout() {
  if (watching) return;
  watching = true;
  process.stdout.on("error", failed);
  process.stderr.on("error", () => {
  });
}
function stdoutClosed() {
  return closed;
}
function stdoutFailure() {
  return failedWith;
}
function writeStdout(data, done) {
  if (closed) {
    done?.();
    return;
  }
  if (!writesDirectly()) {
    process.stdout.write(data, done);
    return;
  }
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  try {
    for (let at = 0; at < bytes.length; ) {
      const n = (0, import_node_fs10.writeSync)(1, bytes, at, bytes.length - at);
      if (n <= 0) throw Object.assign(new Error("standard output took no bytes"), { code: "EIO" });
      at += n;
    }
  } catch (e) {
    failed(e);
  }
  done?.();
}
function withNewline(s) {
  return s === "" || s.endsWith("\n") ? s : `${s}
`;
}
var WRITE_BATCH = 1 << 20;
function writeOut(chunk) {
  return new Promise((resolve3) => {
    writeStdout(chunk, () => resolve3());
    if (process.stdout.writableLength === 0) resolve3();
  });
}
async function printResult(r) {
  if (!r.stream) {
    if (r.stdout) writeStdout(withNewline(r.stdout));
  } else {
    let pending = r.stdout;
    let endsLine = true;
    let any = false;
    const flush = () => {
      if (!pending) return;
      any = true;
      endsLine = pending.endsWith("\n");
      writeStdout(pending);
      pending = "";
    };
    for (const chunk of r.stream) {
      if (typeof chunk === "string") {
        pending += chunk;
        if (pending.length < WRITE_BATCH) continue;
        flush();
      } else {
        flush();
        if (chunk.length === 0) continue;
        any = true;
        endsLine = chunk[chunk.length - 1] === 10;
        await writeOut(chunk);
      }
      await new Promise((resolve3) => setImmediate(resolve3));
      if (stdoutClosed()) break;
    }
    if (!stdoutClosed()) {
      flush();
      if (any && !endsLine) writeStdout("\n");
    }
  }
  if (r.stderr) process.stderr.write(withNewline(r.stderr));
  return stdoutFailure() ?? r.code;
}

// src/cli/inspect-entry.ts
async function inspectEntry(argv, io = processIO()) {
  const line = simpleInspect(argv);
  if (line === null || isRemotePath(line.file)) return null;
  let result;
  try {
    result = await inspectCommand.run({ file: line.file, json: line.json }, io);
  } catch {
    return null;
  }
  watchStdout();
  return printResult({ ...result, stderr: result.stderr ?? "" });
}
function simpleInspect(argv) {
  if (argv[0] !== "inspect") return null;
  const rest = argv.slice(1);
  const json = rest.includes("--json");
  const files = rest.filter((a) => a !== "--json");
  if (files.length !== 1 || rest.length !== files.length + (json ? 1 : 0)) return null;
  const file = files[0];
  return file === "" || file.startsWith("-") ? null : { file, json };
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  inspectEntry,
  simpleInspect
});
