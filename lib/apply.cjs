"use strict"; const __sdmatchUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
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
function notRegularFile(st) {
  if (st.isFile()) return null;
  const what = st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" : st.isFIFO() ? "a FIFO (named pipe)" : st.isSocket() ? "a socket" : st.isDirectory() ? "a folder" : "not a regular file";
  return `is ${what}, not a regular file; name a new path or a regular file`;
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
      readInto(offset, into2) {
        if (offset < 0 || offset + into2.length > this.size) {
          throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + into2.length} but the file has ${this.size} bytes`);
        }
        this.fill(offset, into2);
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
function registerRemote(path, src) {
  remote.set(path, src);
}
function registerAlias(spec, path) {
  if (spec !== path) aliases.set(spec, path);
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

// src/formats/deepspeed/names.ts
function parseDeepSpeedName(base) {
  let m = MODEL.exec(base);
  if (m) return { kind: "model", dp: 0, mp: Number(m[1]), prefix: "" };
  m = ZERO.exec(base);
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
var MODEL, ZERO, LAYER, EXPERT, EXPERT_OPTIM, LATEST_FILE, LATEST_UNIVERSAL_FILE, LOADER_FILE;
var init_names = __esm({
  "src/formats/deepspeed/names.ts"() {
    "use strict";
    MODEL = /^mp_rank_(\d+)_model_states\.pt$/;
    ZERO = /^(bf16_|fp16_)?zero_pp_rank_(\d+)_mp_rank_(\d+)_(model|optim)_states\.pt$/;
    LAYER = /^layer_(\d+)(?:-model_(\d+))?-model_states\.pt$/;
    EXPERT = /^(?:layer_(\d+)_)?expert_(\d+)_mp_rank_(\d+)_model_states\.pt$/;
    EXPERT_OPTIM = /^expp_rank_(\d+)_mp_rank_(\d+)_optim_states\.pt$/;
    LATEST_FILE = "latest";
    LATEST_UNIVERSAL_FILE = "latest_universal";
    LOADER_FILE = /(?:model|optim)_states\.pt$/;
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
var TRACKER_FILE, RANK_FILE, MCORE_CONFIG, MCORE_COMMON, JOINED_TP;
var init_names2 = __esm({
  "src/formats/megatron/names.ts"() {
    "use strict";
    TRACKER_FILE = "latest_checkpointed_iteration.txt";
    RANK_FILE = "model_optim_rng.pt";
    MCORE_CONFIG = "metadata.json";
    MCORE_COMMON = "common.pt";
    JOINED_TP = "tensor_model_parallel_size";
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
var import_node_buffer, WINDOW, MAX_ASCII, PickleReader;
var init_reader = __esm({
  "src/formats/pickle/reader.ts"() {
    "use strict";
    import_node_buffer = require("node:buffer");
    init_errors();
    WINDOW = 64 * 1024;
    MAX_ASCII = 256;
    PickleReader = class {
      constructor(src, start) {
        this.src = src;
        this.pos = start;
        this.size = src.size;
      }
      buf = new Uint8Array(0);
      /** `buf` as a Buffer (same memory), to make strings straight from the window without a view per string */
      chars = import_node_buffer.Buffer.alloc(0);
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
        this.chars = import_node_buffer.Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
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
  const text = latin1.decode(line);
  const x = strtolWhole(text);
  if (x === null) return parseIntText(text);
  if (line.length === 2 && (x === 0n || x === 1n)) return x === 1n;
  return normalizeInt(x);
}
function parseLongLine(line) {
  let text = latin1.decode(line);
  if (text.endsWith("L")) text = text.slice(0, -1);
  return parseIntText(text);
}
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
    const count = e === 117 ? 4 : 8;
    let cp = 0;
    for (let k = 0; k < count; k++) {
      const h = i + 2 + k < n ? hexValue(line[i + 2 + k]) : -1;
      if (h < 0) throw new RawUnicodeEscapeError(`truncated \\${count === 4 ? "u" : "U"} escape at position ${i}`);
      cp = cp * 16 + h;
    }
    if (cp > 1114111) throw new RawUnicodeEscapeError(`\\U${cp.toString(16)} out of range at position ${i}`);
    parts.push(latin1.decode(line.subarray(runStart, i)), String.fromCodePoint(cp));
    i += 2 + count;
    runStart = i;
  }
  parts.push(latin1.decode(line.subarray(runStart, n)));
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
var latin1, C_SPACE, INT_BASE0, INT_BASE10, INT64_MIN, INT64_MAX, FLOAT_TEXT, RawUnicodeEscapeError;
var init_text_args = __esm({
  "src/formats/pickle/text-args.ts"() {
    "use strict";
    latin1 = new TextDecoder("latin1");
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
  return latin12.decode(raw);
}
function pyBytesRepr(raw) {
  let out = "";
  for (const b of raw.subarray(0, 40)) out += b === 39 || b === 92 ? `\\${String.fromCharCode(b)}` : b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  return `b'${out}${raw.length > 40 ? "\u2026" : ""}'`;
}
var DEFAULT_LARGE_BYTES, DEFAULT_MAX_MEMO, DEFAULT_MAX_STACK, MAX_LINE, NO_VALUES, NO_PAIRS, EMPTY_TUPLE, utf8, utf8Strict, latin12, StartOver, TOMBSTONE, Stop, Machine, strictUtf8;
var init_machine = __esm({
  "src/formats/pickle/machine.ts"() {
    "use strict";
    init_errors();
    init_dict_keys();
    init_opcodes();
    init_reader();
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
    latin12 = new TextDecoder("latin1");
    StartOver = class extends Error {
    };
    TOMBSTONE = Object.freeze({ kind: "tombstone" });
    Stop = class extends Error {
      constructor(formatError, limit = false) {
        super(formatError.message);
        this.formatError = formatError;
        this.limit = limit;
      }
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
        const items = stack.slice(from);
        stack.length = from;
        return items;
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
        return latin12.decode(l);
      }
      intLine(what) {
        const v = parseIntText10(latin12.decode(this.line()));
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
      appendItems(items, what) {
        const target = this.top();
        if (typeof target === "object" && target !== null) {
          if (target.kind === "list") {
            if (target.items.length === 0) target.items = items;
            else for (const item of items) target.items.push(item);
            return;
          }
          if (target.kind === "object") {
            if (target.listItems === NO_VALUES) target.listItems = items;
            else for (const item of items) target.listItems.push(item);
            return;
          }
        }
        if (this.mutateOpaque(target, what)) return;
        if (items.length === 0) return;
        throw this.fail(`${what} to a ${typeName(target)}`);
      }
      setItems(items, what) {
        if (items.length % 2 !== 0) throw this.fail(`odd number of items for ${what}`);
        const target = this.top();
        if (typeof target === "object" && target !== null) {
          if (target.kind === "object" && target.dictItems === NO_PAIRS) target.dictItems = [];
          const entries = target.kind === "dict" ? target.entries : target.kind === "object" ? target.dictItems : null;
          if (entries !== null) {
            for (let i = 0; i < items.length; i += 2) this.dictKeys.set(entries, items[i], items[i + 1]);
            return;
          }
          if (target.kind === "list") {
            for (let i = 0; i < items.length; i += 2) {
              const k = items[i];
              const n = target.items.length;
              const at = typeof k === "number" ? k < 0 ? k + n : k : -1;
              if (at < 0 || at >= n) throw this.fail(`${what} on a list with index ${typeName(k) === "int" ? String(k) : typeName(k)}`);
              target.items[at] = items[i + 1];
            }
            return;
          }
        }
        if (this.mutateOpaque(target, what)) return;
        if (items.length === 0) return;
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
      addItems(items) {
        const target = this.top();
        if (typeof target === "object" && target !== null) {
          if (target.kind === "set" && !target.frozen) {
            for (const item of items) target.items.push(item);
            return;
          }
          if (target.kind === "object") {
            if (target.listItems === NO_VALUES) target.listItems = items;
            else for (const item of items) target.listItems.push(item);
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
              const items = this.popMark();
              stack.push({ kind: "tuple", items });
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
              const items = this.popMark();
              stack.push({ kind: "list", items });
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
              const items = this.popMark();
              if (items.length % 2 !== 0) throw this.fail("odd number of items for DICT");
              const dict = { kind: "dict", entries: [] };
              for (let i = 0; i < items.length; i += 2) this.dictKeys.set(dict.entries, items[i], items[i + 1]);
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
              const items = this.popMark();
              stack.push({ kind: "set", frozen: true, items });
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
              const items = this.popMark();
              if (items.length === 0) throw this.fail("OBJ without a class");
              const cls = items[0];
              this.checkCallable(cls, "OBJ");
              stack.push(this.call("obj", cls, items.slice(1), null));
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
  const tuple2 = typeof state === "object" && state !== null && state.kind === "tuple" ? state.items : null;
  const dtypeGlobal = tuple2?.[0];
  const dtype = typeof dtypeGlobal === "object" && dtypeGlobal !== null && dtypeGlobal.kind === "global" && dtypeGlobal.module === "torch" ? dtypeOfTorchGlobal(dtypeGlobal.name) : void 0;
  if (!dtype) r.fail(`"${fqn}".properties does not name a torch dtype`);
  const size = r.size(f.get("size") ?? null, `"${fqn}".size`);
  const chunksV = f.get("chunks");
  if (typeof chunksV !== "object" || chunksV === null || chunksV.kind !== "list") r.fail(`"${fqn}".chunks is not a list`);
  const chunks = chunksV.items.map((c, i) => {
    const cf = r.dataclass(c, [`${module2}.ChunkStorageMetadata`], `"${fqn}".chunks[${i}]`);
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
  const items = /* @__PURE__ */ new Map();
  for (const [k, v] of sdm.entries) {
    const fqn = r.str(k, "a state_dict_metadata key");
    items.set(fqn, tensorMeta(r, fqn, v, module2));
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
  return { items, storage, paths, plannerData: planner === void 0 || planner === null ? "none" : paths ? "paths" : "other", version: typeof version === "string" ? version : null, module: module2.replace(/\.metadata$/, ""), saveId };
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
      fail(msg) {
        throw new FormatError(this.file, `DCP .metadata: ${msg}`);
      }
      /** A dataclass instance of one of `classes`: its BUILD dict as a map. */
      dataclass(v, classes2, what) {
        const cls = classOf(v);
        if (cls === null || !classes2.includes(cls)) this.fail(`${what} is ${cls ?? describe(v)}, not ${classes2.join(" or ")}`);
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
        let items = null;
        if (typeof v === "object" && v !== null) {
          if (v.kind === "tuple" || v.kind === "list") items = v.items;
          else if (classOf(v) === "torch.Size") {
            const a = v.args[0];
            if (a === void 0) items = [];
            else if (typeof a === "object" && a !== null && (a.kind === "tuple" || a.kind === "list")) items = a.items;
          }
        }
        if (items === null) return this.fail(`${what} is ${describe(v)}, not a torch.Size`);
        return items.map((x, i) => this.int(x, `${what}[${i}]`));
      }
      dict(v, what) {
        return isPyDict(v) ? v : this.fail(`${what} is ${describe(v)}, not a dict`);
      }
    };
  }
});

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
  const r = readPickle(src, offset, { ...options, where, py2Utf8: true });
  scans.push(scanOf(where, r));
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
  let byKey2 = null;
  let spilled = false;
  const create = (id, ref, dtype) => {
    const info = make(ref, dtype);
    madeIds.push(id);
    made.push(info);
    byKey2?.set(id, info);
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
      if (byKey2 === null) {
        byKey2 = /* @__PURE__ */ new Map();
        for (let i = 0; i < made.length; i++) byKey2.set(madeIds[i], made[i]);
      }
      return byKey2;
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
  const read4 = new Set(c.files ?? []);
  const scan = scanLoaderFiles(
    dir,
    rels.filter((r) => !read4.has((0, import_node_path2.join)(dir.path, r))),
    readFile
  );
  const opened2 = [.../* @__PURE__ */ new Set([...c.files ?? [], ...scan.paths, ...pointerFiles(pointers)])].sort();
  return { ...c, pickles: [...c.pickles, ...scan.pickles], size: c.size + scan.size, opened: opened2 };
}
function listedByLoader(opened2, out) {
  const folder = realFolder((0, import_node_path2.dirname)((0, import_node_path2.resolve)(out)));
  const name = (0, import_node_path2.basename)(out);
  const inFolder = (up) => {
    const at = up === 0 ? folder : (0, import_node_path2.dirname)(folder);
    return opened2.filter((f) => realFolder((0, import_node_path2.dirname)((0, import_node_path2.resolve)(f))) === at);
  };
  for (const row of LISTED_FOLDERS) if (row.takes(name) && inFolder(row.up).some(row.holds)) return row.what;
  return null;
}
function realFolder(dir) {
  try {
    return (0, import_node_fs2.realpathSync)(dir);
  } catch {
    return dir;
  }
}
var import_node_fs2, import_node_path2, LISTED_FOLDERS;
var init_loader_files = __esm({
  "src/checkpoint/layouts/loader-files.ts"() {
    "use strict";
    import_node_fs2 = require("node:fs");
    import_node_path2 = require("node:path");
    init_names();
    init_names2();
    init_metadata();
    init_errors();
    init_container();
    LISTED_FOLDERS = [
      // DeepSpeed's load_checkpoint globs a tag folder's model and optimizer states (every data-parallel rank's)
      { what: "a DeepSpeed tag folder, whose *model_states.pt / *optim_states.pt files load_checkpoint reads", up: 0, holds: (f) => LOADER_FILE.test((0, import_node_path2.basename)(f)), takes: (n) => LOADER_FILE.test(n) },
      // the universal checkpoint's load_hp_checkpoint_state torch.loads every .pt of a parameter's folder
      { what: "a DeepSpeed universal checkpoint's parameter folder (zero/<param>/), every .pt of which its loader reads", up: 0, holds: (f) => (0, import_node_path2.basename)((0, import_node_path2.dirname)((0, import_node_path2.dirname)(f))) === "zero", takes: (n) => n.endsWith(".pt") },
      // Megatron's load_checkpoint reads a rank folder's model_optim_rng.pt, and distrib_optim.pt with the distributed optimizer
      { what: "a Megatron rank folder, whose model_optim_rng.pt and distrib_optim.pt its loader reads", up: 0, holds: (f) => (0, import_node_path2.basename)(f) === RANK_FILE, takes: (n) => n === RANK_FILE || n === "distrib_optim.pt" },
      // torch.distributed.checkpoint's FileSystemReader.read_metadata opens `.metadata`, or `__<rank>.metadata` when a rank
      // loads without collectives; the data files it reads are those storage_data names (all of them the checkpoint's own)
      { what: "a torch.distributed.checkpoint folder, whose .metadata (or a rank's __<rank>.metadata) its FileSystemReader reads", up: 0, holds: (f) => (0, import_node_path2.basename)(f) === DCP_METADATA_FILE, takes: (n) => n === DCP_METADATA_FILE || /^__\d+\.metadata$/.test(n) },
      // Megatron-Core's dist_checkpointing (metadata.json marks the folder, maybe_load_config): load_common reads common.pt
      { what: "a Megatron-Core torch_dist folder, whose common.pt its loader reads", up: 0, holds: (f) => (0, import_node_path2.basename)(f) === MCORE_CONFIG, takes: (n) => n === MCORE_COMMON },
      // \u2026 and load_sharded_metadata globs every subfolder's shard_*.pt (load_sharded_objects loads `<key>/shard_\u2026.pt`)
      { what: "a sharded object's folder of a Megatron-Core torch_dist checkpoint, whose shard_*.pt files its loader lists", up: 1, holds: (f) => (0, import_node_path2.basename)(f) === MCORE_CONFIG, takes: (n) => /^shard_.*\.pt$/.test(n) }
    ];
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
function assembleChunks(loc, files, into2) {
  const out = into2 ?? new Uint8Array(loc.length);
  const strides = contiguousStrides(loc.shape);
  const rank = loc.shape.length;
  for (const c of loc.chunks) {
    const want = numel(c.sizes) * loc.itemsize;
    if (want === 0) continue;
    const t = c.tensor;
    const plain2 = t.storage.bytes?.kind === "raw" && isContiguous(t) && itemSize(t.dtype) === loc.itemsize ? t.storage.bytes : null;
    let inner = Math.max(0, rank - 1);
    while (inner > 0 && c.sizes[inner] === loc.shape[inner]) inner--;
    let first = 0;
    for (let d = 0; d < rank; d++) first += c.offsets[d] * strides[d];
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
    const n = (0, import_node_fs5.readSync)(fd, dest, got, dest.length - got, offset + got);
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
      const n = (0, import_node_fs5.readSync)(fd, buf, got, want - got, offset + done + got);
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
  let read4 = 0;
  try {
    while (read4 < loc.compressedLength && produced < end) {
      const want = Math.min(buf.length, loc.compressedLength - read4);
      const n = (0, import_node_fs5.readSync)(fd, buf, 0, want, loc.offset + read4);
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
function readRange(loc, start, length, files, into2) {
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
    const out = loc.kind === "raw" && into2?.length === length ? into2 : new Uint8Array(length);
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
function readTensorBytes(info, files, into2) {
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
  const bytes = readRange(loc, span.first * size, (span.end - span.first) * size, files, isContiguous(info) ? into2 : void 0);
  if (isContiguous(info)) return bytes;
  return gatherStrided(bytes, size, info.shape, info.stride, 0);
}
function gatherStrided(src, itemsize, shape, stride, offset, into2) {
  const n = numel(shape) * itemsize;
  const out = into2?.length === n ? into2 : new Uint8Array(n);
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
function checkDense(bytes, shape, itemsize, what) {
  if (bytes.length !== numel(shape) * itemsize) {
    throw new Error(`${what}: ${bytes.length} bytes do not hold shape [${shape}] of ${itemsize}-byte items`);
  }
}
function transposeBytes(bytes, shape, itemsize, dims2, into2) {
  checkDense(bytes, shape, itemsize, "transpose");
  const seen = new Set(dims2);
  if (dims2.length !== shape.length || seen.size !== dims2.length || dims2.some((d) => !(d >= 0 && d < shape.length))) {
    throw new Error(`transpose: [${dims2}] is not a permutation of ${shape.length} dims`);
  }
  const strides = contiguousStrides(shape);
  return gatherStrided(bytes, itemsize, dims2.map((d) => shape[d]), dims2.map((d) => strides[d]), 0, into2);
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
  const shape = first.shape.slice();
  shape[dim] = parts.reduce((a, p) => a + p.shape[dim], 0);
  const outer = numel(shape.slice(0, dim));
  const out = new Uint8Array(numel(shape) * itemsize);
  const blocks = parts.map((p) => numel(p.shape.slice(dim)) * itemsize);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < parts.length; j++) {
      const blk = blocks[j];
      out.set(parts[j].bytes.subarray(i * blk, (i + 1) * blk), o);
      o += blk;
    }
  }
  return { bytes: out, shape };
}
var import_node_fs5, COPY_BUFFER_SIZE, MAX_DEFLATE_RATIO, DEFLATE_STEP, OpenFiles, pieceBuffer, scratch, copyBuf;
var init_storage_copy = __esm({
  "src/formats/storage-copy.ts"() {
    "use strict";
    import_node_fs5 = require("node:fs");
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
            fd = (0, import_node_fs5.openSync)(path, "r");
          } catch (e) {
            throw new FormatError(path, `cannot open storage source: ${readFailure(e, path)}`);
          }
          f = { fd, size: (0, import_node_fs5.fstatSync)(fd).size };
          this.fds.set(path, f);
        }
        return f;
      }
      close() {
        for (const { fd } of this.fds.values()) (0, import_node_fs5.closeSync)(fd);
        this.fds.clear();
      }
    };
    pieceBuffer = new Uint8Array(0);
    scratch = new Uint8Array(0);
    copyBuf = new Uint8Array(0);
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
  const items = v.kind === "set" ? v.items : v.kind === "object" ? v.args.flatMap((a) => typeof a === "object" && a !== null && (a.kind === "list" || a.kind === "tuple") ? a.items : []) : [];
  for (const x of items) if (typeof x === "string") out.add(x);
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

// src/checkpoint/walk.ts
function walkTree(root) {
  const tensors2 = [];
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
      tensors2.push(rec);
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
      const [key, value, underIntKeys, index] = children[i];
      if (typeof value !== "object" || value === null) continue;
      stack.push({ value, parent: f, key, index, underIntKeys, enclosing });
    }
  }
  return { tensors: tensors2, stateDicts };
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
function candidateAt(ckpt, path) {
  return ckpt.stateDicts.find((c) => c.path.length === path.length && c.path.every((p, i) => p === path[i]));
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
  let ascii2 = true;
  for (const b of bytes) if (b >= 128) {
    ascii2 = false;
    break;
  }
  if (ascii2) return ascii7.decode(bytes);
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
var init_byte_keys = __esm({
  "src/formats/byte-keys.ts"() {
    "use strict";
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
      startsWith(i, ascii2) {
        const n = ascii2.length;
        if (this.nameLength[i] < n) return false;
        const s = this.nameStart[i];
        const pool2 = this.pool;
        for (let k = 0; k < n; k++) if (pool2[s + k] !== ascii2[k]) return false;
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
        const s = this.nameStart[i] + len - n;
        const pool2 = this.pool;
        for (let k = 0; k < n; k++) if (pool2[s + k] !== ascii2[k]) return false;
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
        const pool2 = this.pool;
        for (let k = from; k < len; k++) if (pool2[s + k] === byte) return k;
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
        const pool2 = this.pool;
        let capitals = false;
        for (let k = 0; k < this.poolLength && !capitals; k++) capitals = pool2[k] >= 65 && pool2[k] <= 90;
        if (!capitals) return this.hasDuplicateAsciiNames();
        const folded = pool2.slice(0, this.poolLength);
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
  if (c === SLASH || c === BACKSLASH || d.byteAt(i, 1) === COLON) return true;
  for (let at = d.indexOf(i, DOT2); at >= 0; at = d.indexOf(i, DOT2, at + 1)) if (d.byteAt(i, at + 1) === DOT2) return true;
  return false;
}
function entryAnomalies(name, localName, flags, method, out) {
  if (flags & FLAG_UNREADABLE) out.push({ kind: "unreadable-flags", entry: name, flags, detail: describeUnreadableFlags(flags) });
  if (localName !== name) out.push({ kind: "name-mismatch", entry: name, localName });
  if (isUnsafeEntryName(name) || localName !== name && isUnsafeEntryName(localName)) out.push({ kind: "unsafe-path", entry: name });
  if (method !== 0 && method !== 8) out.push({ kind: "unsupported-method", entry: name, method });
}
var FLAG_ENCRYPTED, FLAG_PATCHED, FLAG_STRONG_ENCRYPTION, FLAG_UNREADABLE, asciiLower, SLASH, BACKSLASH, COLON, DOT2;
var init_anomalies = __esm({
  "src/formats/zip/anomalies.ts"() {
    "use strict";
    FLAG_ENCRYPTED = 1;
    FLAG_PATCHED = 32;
    FLAG_STRONG_ENCRYPTION = 64;
    FLAG_UNREADABLE = FLAG_ENCRYPTED | FLAG_PATCHED | FLAG_STRONG_ENCRYPTION;
    asciiLower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
    SLASH = 47;
    BACKSLASH = 92;
    COLON = 58;
    DOT2 = 46;
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
var init_reader2 = __esm({
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
    MAX_END_RECORDS = 16;
    CENTRAL_SIG = 33639248;
    LOCAL_SIG = 67324752;
    CENTRAL_FIXED = 46;
    LOCAL_FIXED = 30;
    ZIP64_EXTRA_ID = 1;
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
    const where = `${label} at offset ${at}`;
    const r = readPickle(src, at, { where });
    const s = probeScan(where, r);
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

// src/formats/numpy.ts
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
    let header2 = null;
    try {
      if (!e.name.endsWith("/") && e.size >= 10 && (e.method === 0 || e.method === 8) && isNpy(readEntryPrefix(zip, e, 6, { ignoreFlags: true }))) {
        header2 = readNpyHeaderFromEntry(zip, e, file);
      }
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
    }
    if (!header2) {
      others.push(e);
      continue;
    }
    const key = e.name.endsWith(".npy") ? e.name.slice(0, -4) : e.name;
    members.push({ key, entry: e, header: header2 });
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
function parsePyLiteral(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && " 	\r\n".includes(text[i])) i++;
  };
  const value = (depth2) => {
    if (depth2 > MAX_DEPTH2) throw new Error("nested too deeply");
    ws();
    const c = text[i];
    if (c === void 0) throw new Error("unexpected end");
    if (c === "{") return dict(depth2);
    if (c === "(" || c === "[") return sequence(c === "(" ? ")" : "]", depth2);
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
  const dict = (depth2) => {
    const m = /* @__PURE__ */ new Map();
    i++;
    for (; ; ) {
      ws();
      if (text[i] === "}") {
        i++;
        return m;
      }
      const k = value(depth2 + 1);
      if (typeof k !== "string") throw new Error("dict key is not a string");
      expect(":");
      if (m.has(k)) throw new Error(`duplicate key ${JSON.stringify(k)}`);
      m.set(k, value(depth2 + 1));
      ws();
      if (text[i] === ",") i++;
      else if (text[i] !== "}") throw new Error(`expected ',' or '}' at ${i}`);
    }
  };
  const sequence = (close, depth2) => {
    const out = [];
    i++;
    for (; ; ) {
      ws();
      if (text[i] === close) {
        i++;
        return out;
      }
      out.push(value(depth2 + 1));
      ws();
      if (text[i] === ",") i++;
      else if (text[i] !== close) throw new Error(`expected ',' or '${close}' at ${i}`);
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
var MAX_NPY_HEADER, BY_NUMPY_CODE, OBJECT_SPELLING, PLAIN_CODE, PLAIN_NAME, MAX_DEPTH2;
var init_numpy = __esm({
  "src/formats/numpy.ts"() {
    "use strict";
    init_dtype();
    init_errors();
    init_magic();
    init_reader2();
    MAX_NPY_HEADER = 1 << 20;
    BY_NUMPY_CODE = /* @__PURE__ */ new Map();
    for (const [name, info] of Object.entries(DTYPES)) if (info.numpy) BY_NUMPY_CODE.set(info.numpy, name);
    OBJECT_SPELLING = /^(O\d*|object_?|object0)$/;
    PLAIN_CODE = /^[?bBhHiIlLqQpPnNefdgFDGSUVaMmc]\d*(\[[A-Za-z0-9]+\])?$/;
    PLAIN_NAME = /^(u?int(8|16|32|64|p|c)?|float(16|32|64|96|128)?|complex(64|128|192|256)?|bool8?|bool_|str_?|bytes_?|unicode_?|void\d*|half|single|double|longdouble|longfloat|byte|ubyte|short|ushort|intc|uintc|intp|uintp|longlong|ulonglong|csingle|cdouble|clongdouble|float_|int_|uint|datetime64(\[\w+\])?|timedelta64(\[\w+\])?)$/;
    MAX_DEPTH2 = 32;
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

// src/formats/pickle/scan.ts
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
      if (c < ZERO2 || c > NINE) break;
      v = v * 10 + (c - ZERO2);
      i++;
    }
    const digits = i - start;
    if (i >= n || digits === 0 || digits > MAX_DIGITS || digits > 1 && t.charCodeAt(start) === ZERO2 || c === 46 || c === 101 || c === 69) return -1;
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
    if (c < 32 || c === BACKSLASH2) return -1;
  }
  return close;
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
      const close = plainStringEnd(t, i);
      if (close < 0) return null;
      const name = t.slice(i + 1, close);
      if (seen.has(name)) return null;
      seen.add(name);
      i = close + 1;
      i = skipWs(t, i);
      if (t.charCodeAt(i) !== COLON2) return null;
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
  let shape = null;
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
    if (t.charCodeAt(i) !== COLON2) return -1;
    i++;
    i = skipWs(t, i);
    if (bit === DTYPE) {
      close = plainStringEnd(t, i);
      if (close < 0) return -1;
      dtype = t.slice(i + 1, close);
      i = close + 1;
    } else {
      const list2 = [];
      i = scanCounts(t, i, list2);
      if (i < 0) return -1;
      if (bit === SHAPE) shape = list2;
      else offsets = list2;
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
    if (t.charCodeAt(i) !== COLON2) return null;
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
var QUOTE, COLON2, COMMA, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, BACKSLASH2, ZERO2, NINE, MAX_DIGITS, METADATA_KEY, DTYPE, SHAPE, OFFSETS;
var init_json_scan = __esm({
  "src/formats/safetensors/json-scan.ts"() {
    "use strict";
    QUOTE = 34;
    COLON2 = 58;
    COMMA = 44;
    OPEN_BRACE = 123;
    CLOSE_BRACE = 125;
    OPEN_BRACKET = 91;
    CLOSE_BRACKET = 93;
    BACKSLASH2 = 92;
    ZERO2 = 48;
    NINE = 57;
    MAX_DIGITS = 15;
    METADATA_KEY = "__metadata__";
    DTYPE = 1;
    SHAPE = 2;
    OFFSETS = 4;
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
    const open = i;
    if (backslash < open) backslash = text.indexOf("\\", open);
    if (backslash < 0) backslash = n;
    const close = text.indexOf('"', open + 1);
    if (close >= 0 && close < backslash) {
      i = close + 1;
      return false;
    }
    i = open + 1;
    while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
    i++;
    return true;
  };
  const readKey2 = () => {
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
    let depth2 = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
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
    if (text.charCodeAt(i) === 125) {
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
      if (!collect && key === path[depth2] && text.charCodeAt(i) === 123) {
        const found = visit(depth2 + 1);
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
  const tensors2 = [];
  const begins = [];
  const ends = [];
  const add = (name, t) => {
    begins.push(t.begin);
    ends.push(t.end);
    tensors2.push({
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
  checkTiling(tensors2, begins, ends, dataLength, fail);
  return { tensors: tensors2, metadata, headerLength };
}
function headerLengthOf(b) {
  const lo = (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) >>> 0;
  const hi = (b[4] | b[5] << 8 | b[6] << 16 | b[7] << 24) >>> 0;
  return hi >= 2097152 ? null : hi * 4294967296 + lo;
}
function decodeHeader(bytes, fail) {
  const buf = import_node_buffer2.Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if ((0, import_node_buffer2.isAscii)(buf)) return buf.toString("latin1");
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
function checkTiling(tensors2, begins, ends, dataLength, fail) {
  const begin = (k) => begins[k];
  const end = (k) => ends[k];
  let inOrder = true;
  for (let k = 1; k < tensors2.length && inOrder; k++) inOrder = begin(k - 1) < begin(k) || begin(k - 1) === begin(k) && end(k - 1) <= end(k);
  const order = tensors2.map((_, k) => k);
  if (!inOrder) order.sort((a, b) => begin(a) - begin(b) || end(a) - end(b));
  let at = 0;
  let prev = null;
  for (const k of order) {
    const b = begin(k);
    const name = tensors2[k].name;
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
var import_node_buffer2, MAX_HEADER_LENGTH, METADATA_KEY2;
var init_reader3 = __esm({
  "src/formats/safetensors/reader.ts"() {
    "use strict";
    import_node_buffer2 = require("node:buffer");
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
var WINDOW2;
var init_text_window = __esm({
  "src/formats/safetensors/text-window.ts"() {
    "use strict";
    WINDOW2 = 32 * 1024;
  }
});

// src/formats/safetensors/columns.ts
var DTYPE_ORDER, DTYPE_INDEX, ascii, METADATA, F_DTYPE, F_SHAPE, F_OFFSETS, WHOLE, PLAIN_CHARS, MAX_RANK, WRITER_ENTRY;
var init_columns = __esm({
  "src/formats/safetensors/columns.ts"() {
    "use strict";
    init_byte_keys();
    init_dtype();
    init_dtypes();
    init_json_scan();
    init_reader3();
    init_text_window();
    DTYPE_ORDER = DTYPE_BY_CODE;
    DTYPE_INDEX = new Map(DTYPE_ORDER.map((d, i) => [d, i]));
    ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    METADATA = ascii("__metadata__");
    F_DTYPE = ascii("dtype");
    F_SHAPE = ascii("shape");
    F_OFFSETS = ascii("data_offsets");
    WHOLE = `(?:0|[1-9][0-9]{0,${MAX_DIGITS - 1}})`;
    PLAIN_CHARS = "[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*";
    MAX_RANK = 255;
    WRITER_ENTRY = new RegExp(`"${PLAIN_CHARS}":\\{"dtype":"${PLAIN_CHARS}","shape":\\[(?:${WHOLE}(?:,${WHOLE}){0,${MAX_RANK - 1}})?\\],"data_offsets":\\[${WHOLE},${WHOLE}\\]\\}[,}]`, "y");
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
function weightMapKeyMayRepeat(text) {
  if (text.includes("\\")) return true;
  const first = text.indexOf('"weight_map"');
  return first >= 0 && text.indexOf('"weight_map"', first + 1) >= 0;
}
function escapesDirectory(name) {
  if (name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name) || name.includes("\0")) return true;
  return name.split(/[\\/]/).some((seg) => seg === "..");
}
var isDigit, WS_PLAIN, WEIGHT_MAP_MEMBER;
var init_hf_index = __esm({
  "src/formats/hf-index.ts"() {
    "use strict";
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
function followedByOpcode(head, next) {
  return next >= head.length ? next === head.length : AFTER_FIRST_VALUE.has(head[next]);
}
function lengthPrefixedFits(head) {
  if (head.length < 5) return false;
  const n = (head[1] | head[2] << 8 | head[3] << 16 | head[4] << 24) >>> 0;
  return 5 + n >= head.length ? n < 1 << 30 : AFTER_FIRST_VALUE.has(head[5 + n]);
}
function latin14(b) {
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
    init_reader3();
    init_magic();
    HEAD = 1 << 16;
    LEGACY_MAGIC_LONG1 = [138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25];
    LEGACY_MAGIC_TEXT = "L119547037146038801333356L\n";
    OPCODES = new Set([..."(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC"].map((c) => c.charCodeAt(0)));
    for (let b = 128; b <= 152; b++) OPCODES.add(b);
    AFTER_FIRST_VALUE = new Set([...".pqr02(ghjILFSVKMJGUTXN}])c"].map((c) => c.charCodeAt(0)));
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
  const kind2 = detectKind(new BufferSource(head, zip.source.name));
  return kind2 === "pickle" || kind2 === "legacy-torch" ? "pickle-content" : "other";
}
var MAX_PICKLE_ENTRY_BYTES, INFLATE_RATIO, INFLATE_FLOOR, INFLATE_BUDGET_FLOOR, INFLATE_BUDGET_PER_BYTE, budgets;
var init_zip_members = __esm({
  "src/formats/torch/zip-members.ts"() {
    "use strict";
    init_byte_source();
    init_errors();
    init_detect();
    init_numpy();
    init_reader2();
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
function zipGapScans(zip, where) {
  const out = [];
  for (const a of zipAnomalies(zip)) {
    if (a.kind === "duplicate-name") out.push(gapScan(where, "duplicate member", `zip member "${a.entry}" is listed ${a.count} times: loaders differ in which copy they read (every copy was scanned)`));
    else if (a.kind === "case-twin") out.push(gapScan(where, "members differ only in case", `zip members "${a.entry}" and "${a.other}" differ only in case: torch's reader (miniz) ignores case in names and may read either (every copy was scanned)`));
    else if (a.kind === "name-mismatch") out.push(gapScan(where, "local header disagrees", `zip member "${a.entry}" is named "${a.localName}" in its local header: readers that walk local headers see another file`));
  }
  for (const v of zip.otherViews ?? []) {
    out.push(gapScan(where, "zip views disagree", v));
  }
  return out;
}
var init_zip_safety = __esm({
  "src/formats/torch/zip-safety.ts"() {
    "use strict";
    init_reader2();
    init_container();
  }
});

// src/formats/torch/nested.ts
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
      if (depth2 >= MAX_DEPTH3) scans.push(gapScan(inner, "limit reached", `payloads nested deeper than ${MAX_DEPTH3} levels were not read`));
      else scans.push(...scanNestedPayload({ src: p.source }, inner, depth2 + 1));
    });
    if (r.error) continue;
    queue.push(r.end);
    if (r.frameEnd !== null) queue.push(r.frameEnd);
  }
  return scans;
}
var MAX_DEPTH3, MAX_PICKLES;
var init_nested = __esm({
  "src/formats/torch/nested.ts"() {
    "use strict";
    init_errors();
    init_machine();
    init_scan();
    init_reader2();
    init_container();
    init_zip_members();
    init_zip_safety();
    MAX_DEPTH3 = 4;
    MAX_PICKLES = 64;
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

// src/formats/torch/storage-pid.ts
function parsePersistentId(pid) {
  const items = tupleItems(pid);
  if (!items || items.length === 0) return { kind: "unknown", why: "persistent id is not a tuple" };
  const tag = asText(items[0]);
  if (tag === "module") {
    return items.length >= 2 ? { kind: "module", cls: items[1] } : { kind: "unknown", why: "module persistent id without a class" };
  }
  if (tag !== "storage") return { kind: "unknown", why: `persistent id tag ${JSON.stringify(tag ?? typeof items[0])}` };
  if (items.length < 5) return { kind: "unknown", why: `storage persistent id has ${items.length} fields, expected 5 or 6` };
  const type = items[1];
  const key = keyText2(items[2]);
  const device = asText(items[3]);
  const numel2 = asCount(items[4]);
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
  const viewItems = items.length >= 6 ? tupleItems(items[5]) : null;
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
  const items = tupleItems(v);
  if (!items) return null;
  let plain2 = true;
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x === "number" && Number.isSafeInteger(x) && x >= 0) continue;
    if (asCount(x) === null) return null;
    plain2 = false;
  }
  if (plain2) return items;
  const out = new Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = asCount(items[i]);
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
      const items = v.items;
      for (let i = 0; i < items.length; i++) if (!inert(items[i], depth2 - 1)) return false;
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
  const shape = counts(args[2]);
  const stride = counts(args[3]);
  if (!storage || offset === null || !shape || !stride || shape.length !== stride.length) {
    st.ctx.warn(`a tensor rebuild call with arguments that do not describe a tensor was kept as a call`);
    return null;
  }
  const requiresGrad = layout.grad !== null && args[layout.grad] === true;
  const info = {
    kind: kind2,
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
  const items = tupleItems(args);
  if (!items) return null;
  const inner = { kind: "object", via: "reduce", callable: func, args: items, kwargs: null, states: [], listItems: [], dictItems: [] };
  const v = construct(inner, original, st);
  return v !== null && typeof v === "object" && v.kind === "tensor" ? v : null;
}
function loadFromBytes(call, st) {
  const b = call.args[0];
  if (typeof b !== "object" || b === null) return null;
  if (b.kind !== "bytes") {
    st.ctx.payloadNotRead?.(b.kind === "tensor" ? "an array" : `a ${b.kind}`);
    return null;
  }
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
  const items = call.dictItems;
  if (d.entries.length === 0) d.entries = items !== original.dictItems ? items : items.slice();
  else for (const kv of items) d.entries.push(kv);
  if (keepState && call.states.length > 0) d.attrs = call.states[call.states.length - 1];
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
function ndarray(call, original, st) {
  const s = readNdarrayState(call);
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
      ["collections.OrderedDict", (c, o) => asDict(c, o, true)],
      ["collections.defaultdict", (c, o) => asDict(c, o, false)],
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
  return (call) => {
    const layout = plainRebuildOf(call.callable);
    if (layout === null) return void 0;
    const tensor = directRebuild(call, layout, state, false);
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
function pushItems(items, work, marks) {
  for (let i = items.length - 1; i >= 0; i--) pushChild(items[i], work, marks);
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
    PENDING = Symbol("pending");
    Interpreter = class {
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
            const items = this.items(node.items);
            if (!this.changed) result = node;
            else if (shell) {
              shell.items = items;
              result = shell;
            } else result = node.kind === "set" ? { kind: "set", frozen: node.frozen, items } : { kind: node.kind, items };
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
    payloadNotRead: payloadGap(scans, where),
    warn: (m) => warnings.push(m)
  };
  const root = interpret2(data.value, ctx, data.shared).value;
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
  const located = keys && !keysPickle.error ? locateStorages(src.size, keysPickle.end, keys, table.byKey, region, warnings) : null;
  const truncation = located?.truncation ?? null;
  const tail = located && located.end !== null ? unreachedTail(src, located.end, "the last storage", "torch.load") : null;
  if (tail) detail.push(tail);
  detail.unshift(`legacy torch.save stream (protocol ${String(proto.value)}, ${keys?.length ?? "?"} storages)`);
  const error = truncation === null ? null : new FormatError(src.name, truncation);
  return { format: "legacy-torch", detail: [...detail, ...dedupe(warnings)], root, error, pickles: scans, storages: [...table.byKey.values()] };
}
function locateStorages(fileSize, start, keys, byKey2, region, warnings) {
  let offset = start;
  for (const k of keys) {
    const key = typeof k === "number" ? String(k) : asText(k);
    const info = key === null ? void 0 : byKey2.get(key);
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
function payloadGap(scans, where) {
  return (what) => void scans.push(gapScan(`${where} \u2192 _load_from_bytes`, "payload not read", `torch.storage._load_from_bytes of ${what}, not a byte string in the file: torch.load would unpickle the buffer, which sdmatch did not read`));
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
var LEGACY_MAGIC, LEGACY_PROTOCOL, MAX_NESTING;
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
    MAX_NESTING = 4;
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
          let same2 = true;
          for (let k = 0; k < n && same2; k++) same2 = b[ls + k] === b[start + k];
          if (same2) return this.lastDeviceIndex;
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
        const items = this.tupleItems.data;
        const pid = items[at];
        const offset = items[at + 1];
        const grad = items[at + 4];
        const hooks = items[at + 5];
        if (tagOf(pid) !== T_PERSID || grad !== T_TRUE && grad !== T_FALSE) decline();
        if (tagOf(hooks) !== T_DICT || this.flags(hooks) !== D_ORDERED) decline();
        const shapeAt = this.tupleAt(items[at + 2]);
        const rank = this.tupleN;
        const strideAt = this.tupleAt(items[at + 3]);
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
        const items = this.tupleItems.data;
        if (!this.isText(items[at], STORAGE_TAG)) decline();
        const cls = items[at + 1];
        if (tagOf(cls) !== T_GLOBAL || payloadOf(cls) < G_STORAGE) decline();
        const dtype = payloadOf(cls) - G_STORAGE;
        const s = this.storageNumber(items[at + 2]);
        const dev = this.device(items[at + 3]);
        const numel2 = tagOf(items[at + 4]);
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
      scalarTuple(h, depth2) {
        if (depth2 > 8) decline();
        const at = this.tupleAt(h);
        const n = this.tupleN;
        for (let i = at; i < at + n; i++) {
          const x = this.tupleItems.data[i];
          const t = tagOf(x);
          if (t === T_TUPLE) this.scalarTuple(x, depth2 + 1);
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
function readPlannedColumns(plan2) {
  let tensors2;
  try {
    tensors2 = scanStateDictColumns(plan2.pickle.read(0, plan2.pickle.size));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return null;
  }
  if (tensors2 === null) return null;
  const m = plan2.members;
  const n = tensors2.storageCount;
  if (n > m.count) return null;
  const storages = { file: plan2.file, numel: new Float64Array(n), offset: m.offset.subarray(0, n), length: m.size.subarray(0, n), crc32: m.crc32.subarray(0, n) };
  for (let s = 0; s < n; s++) {
    const code = tensors2.storageDtype[s];
    if (code === NO_STORAGE) continue;
    const size = itemSize(DTYPE_NAMES[code]);
    if (m.state[s] !== MEMBER_STORED || m.size[s] % size !== 0) return null;
    storages.numel[s] = Math.floor(m.size[s] / size);
  }
  if (someViewPastItsMember(tensors2, m.size)) return null;
  const data = plan2.pickles[0];
  const pickles = [{ ...data, protocol: tensors2.protocol, globals: tensors2.globals }, ...plan2.pickles.slice(1)];
  const detail = [...plan2.detail, tensors2.protocol >= 2 ? `pickle protocol ${tensors2.protocol}` : "pickle protocol 0/1"];
  const tail = unreachedTail(plan2.pickle, tensors2.end, `${data.where}'s STOP`, "torch.load");
  if (tail) detail.push(tail);
  return { format: "torch-zip", detail, pickles, tensors: tensors2, storages };
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
    init_reader2();
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
var DEFAULT_FILES, SAFETENSORS, PICKLES;
var init_hf_folder = __esm({
  "src/formats/hf-folder.ts"() {
    "use strict";
    init_errors();
    DEFAULT_FILES = ["model.safetensors.index.json", "model.safetensors", "pytorch_model.bin.index.json", "pytorch_model.bin"];
    SAFETENSORS = /\.safetensors$/;
    PICKLES = /\.(bin|pt|pth|ckpt)$/;
  }
});

// src/checkpoint/layouts/dcp.ts
function memberPath(dir, relative3) {
  if (relative3 === "" || relative3.includes("/") || relative3.includes("\\") || relative3 === "." || relative3 === ".." || relative3.includes("\0")) {
    throw new FormatError((0, import_node_path8.join)(dir.name, DCP_METADATA), `storage_data names the file ${JSON.stringify(relative3)}, which is not a file in the checkpoint's directory`);
  }
  return { path: (0, import_node_path8.join)(dir.path, relative3), name: (0, import_node_path8.join)(dir.name, relative3) };
}
function readDcp(dir, readFile) {
  const metaRef = { path: (0, import_node_path8.join)(dir.path, DCP_METADATA), name: (0, import_node_path8.join)(dir.name, DCP_METADATA) };
  const src = new FileSource(metaRef.path, metaRef.name);
  let read4;
  try {
    read4 = readDcpMetadata(src, metaRef.name);
  } finally {
    src.close();
  }
  const size0 = (0, import_node_fs13.statSync)(metaRef.path).size;
  if (!read4.meta) {
    return { format: "dcp", detail: ["torch.distributed.checkpoint directory whose .metadata could not be interpreted"], root: null, error: read4.error, pickles: [read4.scan], size: size0 };
  }
  const c = new DcpReader(dir, read4.meta, readFile, [read4.scan], size0).read();
  return withLoaderFiles(c, dir, megatronDistFiles(dir.path), [(0, import_node_path8.join)((0, import_node_path8.dirname)(dir.path), TRACKER_FILE), (0, import_node_path8.join)(dir.path, MCORE_CONFIG)], readFile);
}
function megatronDistFiles(dir) {
  const rels = filesIn(dir, (n) => n === MCORE_COMMON);
  let subs;
  try {
    subs = (0, import_node_fs13.readdirSync)(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    subs = [];
  }
  for (const d of subs) rels.push(...filesIn((0, import_node_path8.join)(dir, d), (n) => n.endsWith(".pt")).map((n) => `${d}/${n}`));
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
var import_node_fs13, import_node_path8, DCP_METADATA, SHARD_SUFFIX, MAX_TILING_CELLS, dcpLayout, DcpReader;
var init_dcp = __esm({
  "src/checkpoint/layouts/dcp.ts"() {
    "use strict";
    import_node_fs13 = require("node:fs");
    import_node_path8 = require("node:path");
    init_byte_source();
    init_metadata();
    init_dtype();
    init_errors();
    init_sub_source();
    init_reader3();
    init_tensor();
    init_names2();
    init_loader_files();
    DCP_METADATA = DCP_METADATA_FILE;
    SHARD_SUFFIX = ".distcp";
    MAX_TILING_CELLS = 1 << 22;
    dcpLayout = {
      name: "torch.distributed.checkpoint (DCP)",
      marker: `a ${DCP_METADATA} file`,
      claim(path, isDir) {
        if (isDir) return (0, import_node_fs13.existsSync)((0, import_node_path8.join)(path, DCP_METADATA)) ? path : null;
        const base = (0, import_node_path8.basename)(path);
        if (base === DCP_METADATA || base.endsWith(SHARD_SUFFIX)) {
          const dir = (0, import_node_path8.dirname)(path);
          return (0, import_node_fs13.existsSync)((0, import_node_path8.join)(dir, DCP_METADATA)) ? dir : null;
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
      byKey = /* @__PURE__ */ new Map();
      files = /* @__PURE__ */ new Map();
      /** safetensors blobs by file and start: one parse per rank's file */
      blobs = /* @__PURE__ */ new Map();
      chunkCount = 0;
      /** data files kept open while reading (closed by read) */
      open = /* @__PURE__ */ new Map();
      serializations = /* @__PURE__ */ new Set();
      fail(msg) {
        throw new FormatError((0, import_node_path8.join)(this.dir.name, DCP_METADATA), msg);
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
        let tensors2 = 0;
        let bytesItems = 0;
        for (const [fqn, item] of this.meta.items) {
          if (item.kind === "bytes") {
            values.set(fqn, this.bytesItem(fqn));
            bytesItems++;
          } else {
            values.set(fqn, this.tensor(fqn, item));
            tensors2++;
          }
        }
        for (const [file] of this.files) this.size += (0, import_node_fs13.statSync)(file).size;
        const detail = [
          `torch.distributed.checkpoint directory (${this.meta.module}${this.meta.version ? `, version ${this.meta.version}` : ""}): ${tensors2} tensor(s) in ${this.chunkCount} chunk(s), ${bytesItems} bytes item(s), ${this.files.size} data file(s)`,
          `serialization: ${[...this.serializations].sort().join(", ") || "none"}`
        ];
        const files = [(0, import_node_path8.join)(this.dir.path, DCP_METADATA), ...[...this.files.keys()].sort()];
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
        for (const s of c.pickles) this.pickles.push({ ...s, where: `${where}: ${s.where}` });
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
  const items = asItems(v);
  if (!items) return void 0;
  const out = [];
  for (const x of items) {
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
var init_read_values = __esm({
  "src/formats/pickle/read-values.ts"() {
    "use strict";
  }
});

// src/formats/deepspeed/states.ts
function shapeList(v, what, file) {
  const d = asDict2(v);
  if (!d) throw new FormatError(file, `${what} is not a mapping of names to shapes`);
  return d.entries.map(([k, s]) => {
    const shape = asShape(s);
    if (typeof k !== "string" || !shape) throw new FormatError(file, `${what} has an entry that is not a name and a shape`);
    return [k, shape];
  });
}
function readModelStates(root, file, moe = false) {
  const bufferNames = asItems(dictGet(root, "buffer_names")) ?? (moe && asDict2(root) ? [] : void 0);
  if (!bufferNames) throw new FormatError(file, "is not a DeepSpeed model-states file: no buffer_names list");
  const ps = dictGet(root, "param_shapes");
  const groups2 = ps === null || ps === void 0 ? null : asItems(ps);
  if (groups2 === void 0) throw new FormatError(file, "param_shapes is not a list of optimizer groups");
  const frozen = dictGet(root, "frozen_param_shapes");
  const fragments = asDict2(dictGet(root, "frozen_param_fragments"));
  const shared = asDict2(dictGet(root, "shared_params"));
  return {
    module: asDict2(dictGet(root, "module")) ?? null,
    bufferNames: bufferNames.filter((b) => typeof b === "string"),
    paramShapes: groups2 === null ? null : groups2.map((g, i) => shapeList(g, `param_shapes[${i}]`, file)),
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
  if (!asDict2(osd)) throw new FormatError(file, "is not a DeepSpeed ZeRO optimizer file: no optimizer_state_dict");
  const stageValue = dictGet(osd, "zero_stage");
  const zeroStage = stageValue === void 0 ? null : zeroStageOf(stageValue);
  if (stageValue !== void 0 && zeroStage === null) throw new FormatError(file, "zero_stage is not a ZeRO stage");
  const groupsKey = zeroStage === 3 ? "fp32_flat_groups" : "single_partition_of_fp32_groups";
  const items = asItems(dictGet(osd, groupsKey));
  if (!items) throw new FormatError(file, `optimizer_state_dict has no ${groupsKey} list`);
  const groups2 = items.map((t, i) => {
    const tensor = asTensor(t);
    if (!tensor || tensor.info.shape.length !== 1) throw new FormatError(file, `${groupsKey}[${i}] is not a flat tensor`);
    return tensor;
  });
  const pc = dictGet(osd, "partition_count");
  const counts2 = asItems(pc)?.map((x) => asInt(x) ?? 0) ?? [asInt(pc) ?? 0];
  const partitionCount = Math.max(...counts2);
  if (!(partitionCount > 0)) throw new FormatError(file, "partition_count is missing or not a positive int");
  return { zeroStage, partitionCount, groups: groups2, groupsKey };
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
function concatTensors(key, tensors2, dim, file, storageKey2 = key) {
  const first = tensors2[0].info;
  const shape = first.shape.slice();
  shape[dim] = tensors2.reduce((a, t) => a + t.info.shape[dim], 0);
  for (const t of tensors2) {
    const s = t.info.shape;
    if (s.length !== shape.length || s.some((d, i) => i !== dim && d !== shape[i])) {
      throw new FormatError(file, `${key}: shard shapes ${tensors2.map((x) => `[${x.info.shape}]`).join(", ")} cannot be joined along dim ${dim}`);
    }
  }
  const rows = numel(shape.slice(0, dim));
  return gatheredTensor(key, first.dtype, shape, rows, tensors2.map((t) => ({ tensor: t, start: 0, rowElems: numel(t.info.shape.slice(dim)) })), file, storageKey2);
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
  for (const [suffix, rule] of SPLIT_RULES) if (key === suffix || key.endsWith(`.${suffix}`)) return rule;
  if (NORM.test(key)) return { kind: "replicated", layer: "norm" };
  return null;
}
function inferSplit(key, shapes, gatedMlp, sizes) {
  const first = shapes[0];
  if (shapes.some((s) => s.length !== first.length)) return { kind: "unknown", why: "ranks hold tensors of different ranks" };
  const differ = first.map((_, d) => shapes.some((s) => s[d] !== first[d])).flatMap((x, d) => x ? [d] : []);
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
    const groups2 = args.get("group_query_attention") === true ? n("num_query_groups") ?? heads : heads;
    out.add(heads * kv);
    out.add((heads + 2 * groups2) * kv);
  }
  return out;
}
var SPLIT_RULES, NORM;
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
function describe3(s) {
  if (s.kind === "split") return `split on dim ${s.dim}${s.gated ? " as [gate; up] halves" : ""} (${s.why})`;
  if (s.kind === "replicated") return `whole on every rank (${s.why})`;
  return "with an unknown split";
}
function mergeShards(key, tensors2, split, at) {
  const t = tensors2[0];
  const named = (name, bytes = t.info.storage.bytes) => ({ ...t, info: { ...t.info, storage: { ...t.info.storage, key: name, bytes } } });
  if (split.kind === "unknown") return named(`${key} (${at.first} of ${tensors2.length} ranks, split unknown: ${split.why})`, null);
  if (tensors2.length === 1) return t;
  if (split.kind === "replicated") return named(`${at.first} (whole on every rank)`);
  const file = at.file;
  if (!split.gated) return concatTensors(key, tensors2, split.dim, file, `${at.ranks}, dim ${split.dim}`);
  const first = tensors2[0].info;
  if (split.dim !== 0 || first.shape[0] % 2 !== 0) throw new FormatError(file, `${key}: a gated MLP shard of shape [${first.shape}] does not split into [gate; up] halves`);
  const half = first.shape[0] / 2 * (first.shape.length > 1 ? first.shape.slice(1).reduce((a, b) => a * b, 1) : 1);
  const shape = first.shape.slice();
  shape[0] = first.shape[0] * tensors2.length;
  const pieces = [0, 1].flatMap((h) => tensors2.map((t2) => ({ tensor: t2, start: h * half, rowElems: half })));
  return gatheredTensor(key, first.dtype, shape, 1, pieces, file, `${at.ranks}, dim 0 as [gate; up] halves`);
}
var TpMerger;
var init_tp_merge = __esm({
  "src/checkpoint/tp-merge.ts"() {
    "use strict";
    init_errors();
    init_splits();
    init_read_values();
    init_gather();
    TpMerger = class {
      counts = /* @__PURE__ */ new Map();
      unknown = [];
      gated;
      sizes;
      constructor(args) {
        this.gated = args.get("swiglu") === true || args.get("gated_linear_unit") === true;
        this.sizes = modelSizes(args);
      }
      /** The whole tensor of `key` (named `global` in the merged checkpoint) from its shard on every rank. */
      merge(key, global, tensors2, at) {
        const split = inferSplit(key, tensors2.map((t) => t.info.shape), this.gated, this.sizes);
        const how = describe3(split);
        this.counts.set(how, (this.counts.get(how) ?? 0) + 1);
        if (split.kind === "unknown") this.unknown.push(`${global} (${split.why})`);
        return mergeShards(global, tensors2, split, at);
      }
      /** A key the layout knows it cannot merge (`why`): rank 0's tensor, kept without bytes, listed as not merged. */
      refuse(global, tensors2, why, at) {
        const split = { kind: "unknown", why };
        this.counts.set(describe3(split), (this.counts.get(describe3(split)) ?? 0) + 1);
        this.unknown.push(`${global} (${why})`);
        return mergeShards(global, tensors2, split, at);
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
    names = (0, import_node_fs14.readdirSync)(dir);
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
    return (0, import_node_fs14.readFileSync)(path, "utf8").slice(0, max);
  } catch {
    return null;
  }
}
var import_node_fs14;
var init_listing = __esm({
  "src/checkpoint/layouts/listing.ts"() {
    "use strict";
    import_node_fs14 = require("node:fs");
  }
});

// src/checkpoint/layouts/deepspeed.ts
function deepSpeedFiles(dir) {
  return parsedEntries(dir, parseDeepSpeedName);
}
function latestTagDir(dir) {
  const text = pointerText((0, import_node_path9.join)(dir, LATEST_FILE));
  const tag = text === null ? null : parseLatestTag(text);
  return tag !== null && deepSpeedFiles((0, import_node_path9.join)(dir, tag)).length > 0 ? (0, import_node_path9.join)(dir, tag) : null;
}
function claim(path, isDir) {
  if (!isDir) return parseDeepSpeedName((0, import_node_path9.basename)(path)) ? (0, import_node_path9.dirname)(path) : null;
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
  const read4 = { format: "deepspeed", detail, root, error: null, pickles: members.pickles, size: members.size, files: members.read.sort(), tensorParallel: ranks.length };
  const parent = (0, import_node_path9.dirname)(dir.path);
  return withLoaderFiles(read4, dir, filesIn(dir.path, (n) => LOADER_FILE.test(n)), [(0, import_node_path9.join)(parent, LATEST_FILE), (0, import_node_path9.join)(parent, LATEST_UNIVERSAL_FILE)], readFile);
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
var import_node_path9, byRank, two, Members, deepspeedLayout;
var init_deepspeed = __esm({
  "src/checkpoint/layouts/deepspeed.ts"() {
    "use strict";
    import_node_path9 = require("node:path");
    init_names();
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
      pickles = [];
      read = [];
      size = 0;
      ref(f) {
        return { path: (0, import_node_path9.join)(this.dir.path, f.file), name: `${this.dir.name}/${f.file}` };
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
    return (0, import_node_fs15.readdirSync)((0, import_node_path10.join)(dir, ZERO3), { withFileTypes: true }).filter((e) => e.isDirectory() && (0, import_node_fs15.existsSync)((0, import_node_path10.join)(dir, ZERO3, e.name, FP32))).map((e) => e.name).sort();
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
    if ((0, import_node_path10.basename)(path) === ZERO3 && isUniversal((0, import_node_path10.dirname)(path))) return (0, import_node_path10.dirname)(path);
    const text = pointerText((0, import_node_path10.join)(path, LATEST_UNIVERSAL_FILE));
    const tag = text === null ? null : parseLatestTag(text);
    return tag !== null && isUniversal((0, import_node_path10.join)(path, tag)) ? (0, import_node_path10.join)(path, tag) : null;
  }
  const name = (0, import_node_path10.basename)(path);
  if (name === LATEST_UNIVERSAL_FILE) {
    const text = pointerText(path);
    const tag = text === null ? null : parseLatestTag(text);
    return tag !== null && isUniversal((0, import_node_path10.join)((0, import_node_path10.dirname)(path), tag)) ? (0, import_node_path10.join)((0, import_node_path10.dirname)(path), tag) : null;
  }
  if (/^(?:fp32|exp_avg|exp_avg_sq|step)\.pt$/.test(name) && (0, import_node_path10.basename)((0, import_node_path10.dirname)((0, import_node_path10.dirname)(path))) === ZERO3) {
    const root = (0, import_node_path10.dirname)((0, import_node_path10.dirname)((0, import_node_path10.dirname)(path)));
    return isUniversal(root) ? root : null;
  }
  if (MODEL_STATES.test(name) && isUniversal((0, import_node_path10.dirname)(path))) return (0, import_node_path10.dirname)(path);
  if (name === OPTIMIZER_STATE2 && (0, import_node_path10.basename)((0, import_node_path10.dirname)(path)) === ZERO3 && isUniversal((0, import_node_path10.dirname)((0, import_node_path10.dirname)(path)))) return (0, import_node_path10.dirname)((0, import_node_path10.dirname)(path));
  return null;
}
function read2(dir, readFile) {
  const pickles = [];
  const files = [];
  let size = 0;
  const open = (rel) => {
    const ref = { path: (0, import_node_path10.join)(dir.path, rel), name: `${dir.name}/${rel}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${rel}: ${s.where}` });
    if (c.root === null) throw new FormatError(ref.name, `could not be read: ${c.error?.message ?? c.detail.join("; ")}`);
    return c.root;
  };
  let statesFile;
  try {
    statesFile = (0, import_node_fs15.readdirSync)(dir.path).filter((f) => MODEL_STATES.test(f)).sort()[0];
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
  const parent = (0, import_node_path10.dirname)(dir.path);
  return withLoaderFiles(contents, dir, loaderFiles(dir.path), [(0, import_node_path10.join)(parent, LATEST_UNIVERSAL_FILE), (0, import_node_path10.join)(parent, LATEST_FILE)], readFile);
}
function loaderFiles(dir) {
  const rels = filesIn(dir, (n) => LOADER_FILE.test(n));
  rels.push(...filesIn((0, import_node_path10.join)(dir, ZERO3), (n) => n === OPTIMIZER_STATE2).map((n) => `${ZERO3}/${n}`));
  let params;
  try {
    params = (0, import_node_fs15.readdirSync)((0, import_node_path10.join)(dir, ZERO3), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    params = [];
  }
  for (const p of params) rels.push(...filesIn((0, import_node_path10.join)(dir, ZERO3, p), (n) => n.endsWith(".pt")).map((n) => `${ZERO3}/${p}/${n}`));
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
var import_node_fs15, import_node_path10, ZERO3, FP32, OPTIMIZER_STATE2, MODEL_STATES, deepspeedUniversalLayout;
var init_deepspeed_universal = __esm({
  "src/checkpoint/layouts/deepspeed-universal.ts"() {
    "use strict";
    import_node_fs15 = require("node:fs");
    import_node_path10 = require("node:path");
    init_names();
    init_states();
    init_errors();
    init_read_values();
    init_tensor();
    init_listing();
    init_loader_files();
    ZERO3 = "zero";
    FP32 = "fp32.pt";
    OPTIMIZER_STATE2 = "optimizer_state.pt";
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
  return parsedEntries(iterDir, parseRankFolder).flatMap((r) => (0, import_node_fs16.existsSync)((0, import_node_path11.join)(iterDir, r.file, RANK_FILE)) ? [{ ...r, folder: r.file }] : []);
}
function trackedIteration(saveDir) {
  const text = pointerText((0, import_node_path11.join)(saveDir, TRACKER_FILE), 256);
  const folder = text === null ? null : trackerFolder(text);
  return folder && rankFolders((0, import_node_path11.join)(saveDir, folder)).length > 0 ? (0, import_node_path11.join)(saveDir, folder) : null;
}
function claim3(path, isDir) {
  if (!isDir) {
    if ((0, import_node_path11.basename)(path) === TRACKER_FILE) return trackedIteration((0, import_node_path11.dirname)(path));
    if ((0, import_node_path11.basename)(path) !== RANK_FILE && (0, import_node_path11.basename)(path) !== "distrib_optim.pt") return null;
    const rankDir = (0, import_node_path11.dirname)(path);
    return parseRankFolder((0, import_node_path11.basename)(rankDir)) ? (0, import_node_path11.dirname)(rankDir) : null;
  }
  if (rankFolders(path).length > 0) return path;
  if (parseRankFolder((0, import_node_path11.basename)(path)) && (0, import_node_fs16.existsSync)((0, import_node_path11.join)(path, RANK_FILE))) return (0, import_node_path11.dirname)(path);
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
  const open = (r) => {
    const ref = { path: (0, import_node_path11.join)(dir.path, r.folder, RANK_FILE), name: `${dir.name}/${r.folder}/${RANK_FILE}` };
    files.push(ref.path);
    const c = readFile(ref);
    size += c.size;
    for (const s of c.pickles) pickles.push({ ...s, where: `${r.folder}/${RANK_FILE}: ${s.where}` });
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
  const detail = [`Megatron-LM checkpoint, ${shape}${virtual > 1 ? `, ${virtual} virtual pipeline stages (model0\u2026model${virtual - 1})` : ""}${args.has("iteration") ? `, iteration ${args.get("iteration")}` : ""}`];
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
  const contents = { format: "megatron", detail, root, error: null, pickles, size, files: files.sort(), tensorParallel: tp };
  const rels = ranks.flatMap((r) => filesIn((0, import_node_path11.join)(dir.path, r.folder), (n) => n.endsWith(".pt")).map((n) => `${r.folder}/${n}`));
  return withLoaderFiles(contents, dir, rels, [(0, import_node_path11.join)((0, import_node_path11.dirname)(dir.path), TRACKER_FILE)], readFile);
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
var import_node_fs16, import_node_path11, LAYER2, LOCAL_EXPERT, megatronLayout;
var init_megatron = __esm({
  "src/checkpoint/layouts/megatron.ts"() {
    "use strict";
    import_node_fs16 = require("node:fs");
    import_node_path11 = require("node:path");
    init_errors();
    init_names2();
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
    return (0, import_node_fs17.statSync)(path).isDirectory();
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
var import_node_fs17;
var init_registry = __esm({
  "src/checkpoint/layouts/registry.ts"() {
    "use strict";
    import_node_fs17 = require("node:fs");
    init_table();
  }
});

// src/formats/torch/tar.ts
function walkTar(src) {
  const members = [];
  let pos = 0;
  let offset = 0;
  const globalPax = /* @__PURE__ */ new Map();
  const read4 = (n) => {
    if (pos >= src.size) return new Uint8Array(0);
    const b = src.read(pos, Math.min(n, src.size - pos));
    pos += b.length;
    return b;
  };
  const block = (size) => Math.ceil(size / BLOCK) * BLOCK;
  const sizeOf2 = (v) => {
    if (v < 0n) throw new Unsupported(`a member with a negative size (${v})`);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  };
  const fromtarfile = () => {
    const h = parseTarHeader(read4(BLOCK));
    if (typeof h === "string") throw new HeaderFailure(h);
    const size = sizeOf2(h.size);
    if (h.type === "S") throw new Unsupported("a GNU sparse member");
    if (h.type === "L" || h.type === "K") {
      const buf = read4(block(size));
      const next = subsequent();
      const text = nts(buf, 0, buf.length);
      if (h.type === "L") next.name = next.type === "5" ? text.replace(/\/$/, "") : text;
      else next.linkname = text;
      return next;
    }
    if (h.type === "x" || h.type === "X" || h.type === "g") {
      const records = paxRecords(read4(block(size)));
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
          next.size = sizeOf2(paxInt(size2));
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
      const where = t === m ? m.name : `${m.name} (a link to ${t.name})`;
      const sub = new SliceSource(src, t.offset, t.size);
      if (base === "storages" || base === "tensors") scanRecords(sub, where, base, scans);
      else {
        const r = readPickle(sub, 0, { where });
        scans.push(scanOf(where, r));
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
function targetsOf(m, members, depth2) {
  if (isFile(m)) return [m];
  if (m.type !== "1" && m.type !== "2") return [];
  const dir = m.type === "2" ? m.name.split("/").slice(0, -1).join("/") : "";
  const target = normalPath(m.linkname.startsWith("/") ? m.linkname : dir ? `${dir}/${m.linkname}` : m.linkname);
  if (m.linkname.startsWith("/") || target === null) return `${m.name} is a link to ${m.linkname}, outside this file: torch.load would read that file, which sdmatch did not see`;
  if (depth2 > 8) return `${m.name} is a link in a chain of links longer than sdmatch follows`;
  const found = members.filter((x) => x !== m && normalPath(x.name) === target);
  if (found.length === 0) return `${m.name} is a link to ${m.linkname}, which is not in the archive: what torch.load would read there was not seen`;
  const out = [];
  for (const t of found) {
    const r = targetsOf(t, members, depth2 + 1);
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
  const count = next("count");
  if (!count) return;
  if (typeof count.value !== "number" || count.value < 0) return gap("the record count is not a small integer");
  if (count.value > MAX_RECORDS) return gap(`${count.value} records is more than sdmatch follows`);
  for (let i = 0; i < count.value; i++) {
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
    };
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
  const header2 = modelAt + 16 <= src.size ? u64pair(src, modelAt) : null;
  if (!header2 || header2[1] > MAX_MODEL_BYTES || modelAt + ALIGN + header2[1] > src.size) return notListed("model record out of range");
  const proto = src.read(modelAt + ALIGN, header2[1]);
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
var init_identify = __esm({
  "src/checkpoint/identify.ts"() {
    "use strict";
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
function objectArray(region, at, where, scans, detail) {
  const start = afterPadding(region.src, at);
  if (start > at) detail.push(`${where}: the header runs ${start - at} bytes past its declared length (padding); the pickle starts at ${start}`);
  const r = readPickle(region.src, start, { where });
  scans.push(scanOf(where, r));
  if (r.error || r.value === void 0) {
    detail.push(`${where} unreadable: ${r.error?.message ?? "no value"}`);
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
    init_reader3();
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
  for (const [shard, tensors2] of byShard) {
    if (named.get(shard) === tensors2.size) continue;
    let extra = 0;
    const copies = [];
    for (const [key, e] of tensors2) {
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
  const fill3 = first.slice(0, containerCount);
  for (let e = 0; e < n; e++) order[fill3[nested.owner[e]]++] = e;
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
  let tensors2 = 0;
  const tensor = (i) => {
    tensors2++;
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
  const tuple2 = (h) => {
    const at = nested.tupleStart[handlePayload(h)];
    const items = [];
    for (let k = at, end = at + nested.tupleLength[handlePayload(h)]; k < end; k++) items.push(scalar(nested.tupleItems[k]));
    return { kind: "tuple", items };
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
        return tuple2(h);
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
    const { id, into: into2, depth: depth2 } = work.pop();
    if (depth2 > MAX_DEPTH4) return null;
    for (let k = first[id], end = first[id + 1]; k < end; k++) {
      const e = order[k];
      const v = nested.value[e];
      const tag = handleTag(v);
      let value;
      if (tag === HANDLE.TENSOR) value = tensor(handlePayload(v));
      else if (tag === HANDLE.DICT || tag === HANDLE.LIST) {
        const child = container(handlePayload(v));
        work.push({ id: handlePayload(v), into: child, depth: depth2 + 1 });
        value = child;
      } else value = scalar(v);
      if (into2.kind === "list") into2.items.push(value);
      else into2.entries.push([scalar(nested.key[e]), value]);
    }
  }
  return tensors2 === t.count ? root : null;
}
var MAX_DEPTH4, ORDERED_DICT;
var init_state_dict_tree = __esm({
  "src/formats/torch/state-dict-tree.ts"() {
    "use strict";
    init_state_dict_columns();
    MAX_DEPTH4 = 1e3;
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
  const join17 = (a, b) => a === "" ? String(b) : `${a}.${b}`;
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
      stack.push({ value: x, name: k === "" ? f.name : join17(f.name, k) });
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
  const tensors2 = (Array.isArray(doc.tensors) ? doc.tensors : []).map((t, i) => jsonTensor(zip, file, prefix, t, i, warnings));
  const view = { kind: "dict", entries: [] };
  const named = /* @__PURE__ */ new Set();
  const stack = doc.mainModule ? [[doc.mainModule, ""]] : [];
  while (stack.length > 0) {
    const [m, path] = stack.pop();
    for (const p of m.parameters ?? []) {
      const id = Number(p.tensorId);
      const t = tensors2[id];
      if (t && typeof p.name === "string") {
        view.entries.push([path + p.name, t]);
        named.add(id);
      }
    }
    const subs = m.submodules ?? [];
    for (let i = subs.length - 1; i >= 0; i--) stack.push([subs[i], `${path}${subs[i].name ?? i}.`]);
  }
  tensors2.forEach((t, i) => {
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
    init_reader2();
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
    init_reader2();
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
function brokenPointer(dir) {
  const folders = (keep) => {
    try {
      return (0, import_node_fs18.readdirSync)(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && keep(e.name)).map((e) => e.name).sort();
    } catch {
      return [];
    }
  };
  const here = (names, what) => names.length > 0 ? `${what} here: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", \u2026" : ""}` : `no ${what} here`;
  const latest = pointerText((0, import_node_path12.join)(dir, LATEST_FILE));
  if (latest !== null) {
    const tag = parseLatestTag(latest);
    const tags = here(folders((n) => n !== "zero"), "tag folders");
    return tag === null ? `its ${LATEST_FILE} file names no tag folder (${JSON.stringify(latest.slice(0, 40))}): DeepSpeed reads the tag to load from it (${tags})` : `its ${LATEST_FILE} file names ${tag}, which is not a DeepSpeed tag folder in it (${tags})`;
  }
  const tracker = pointerText((0, import_node_path12.join)(dir, TRACKER_FILE));
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
      throw new FormatError(ref.name, `is a model folder, not one checkpoint: pass its checkpoint file, ${(0, import_node_path12.join)(ref.name, file)} (${why}${file.endsWith(".index.json") ? "; the index reads its shards as one checkpoint" : ""})`);
    }
    const pointer2 = brokenPointer(ref.path);
    if (pointer2) throw new FormatError(ref.name, pointer2);
    const markers = layoutMarkers();
    throw new FormatError(ref.name, `is a directory, not a checkpoint sdmatch recognises${markers ? ` (${markers})` : ""}`);
  }
  const dirName = nameOfDir(ref, match.dir);
  const member = (m) => readCheckpointFile(m, 1);
  const c = withName({ path: match.dir, name: dirName }, () => match.layout.read({ path: match.dir, name: dirName }, (m, range) => range ? readCheckpointRange(m, range.offset, range.length) : member(m)));
  if (isDir) return c;
  const seen = new Set([...c.files ?? [], ...c.opened ?? []].map((f) => (0, import_node_path12.resolve)(f)));
  if (seen.has((0, import_node_path12.resolve)(ref.path))) return c;
  const named = scanLoaderFiles({ path: (0, import_node_path12.dirname)(ref.path), name: (0, import_node_path12.dirname)(ref.name) }, [(0, import_node_path12.basename)(ref.path)], member);
  return { ...c, pickles: [...c.pickles, ...named.pickles], opened: [.../* @__PURE__ */ new Set([...c.opened ?? c.files ?? [], ...named.paths])].sort() };
}
function modelFolderFile(dir) {
  try {
    const files = (0, import_node_fs18.readdirSync)(dir);
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
  const below = (0, import_node_path12.relative)(dir, ref.path);
  if (below === "") return ref.name;
  const tail = below.split(import_node_path12.sep).join("/");
  const name = ref.name.split(import_node_path12.sep).join("/");
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
function dispatch(src, ref, shardDepth, kind2 = detectKind(src)) {
  switch (kind2) {
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
      throw new FormatError(ref.path, brokenIndex(src, head) ?? describeForeign(head, src.size));
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
var import_node_fs18, import_node_path12, SMALL_RANGE_BYTES;
var init_read_file = __esm({
  "src/checkpoint/read-file.ts"() {
    "use strict";
    init_magic();
    import_node_fs18 = require("node:fs");
    import_node_path12 = require("node:path");
    init_hf_folder();
    init_byte_source();
    init_sources();
    init_registry();
    init_loader_files();
    init_listing();
    init_names();
    init_names2();
    init_detect();
    init_errors();
    init_machine();
    init_sub_source();
    init_walk();
    init_container();
    init_legacy();
    init_tar();
    init_zip_sweep();
    init_reader2();
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

// src/formats/sparse-source.ts
var MissingBytes, SparseSource;
var init_sparse_source = __esm({
  "src/formats/sparse-source.ts"() {
    "use strict";
    init_errors();
    MissingBytes = class extends Error {
      constructor(source, offset, length) {
        super(`${source}: bytes ${offset}..${offset + length} not fetched yet`);
        this.source = source;
        this.offset = offset;
        this.length = length;
      }
      name = "MissingBytes";
    };
    SparseSource = class {
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
  }
});

// src/remote/cache.ts
function cacheDir(env) {
  if (env.SDMATCH_NO_CACHE === "1") return null;
  if (env.SDMATCH_CACHE_DIR) return env.SDMATCH_CACHE_DIR;
  return (0, import_node_path19.join)(env.XDG_CACHE_HOME || (0, import_node_path19.join)((0, import_node_os.homedir)(), ".cache"), "sdmatch", "ranges");
}
function isImmutableUrl(url) {
  return /\/resolve\/[0-9a-f]{40}\//.test(url);
}
function fileFor(dir, url) {
  return (0, import_node_path19.join)(dir, `${(0, import_node_crypto4.createHash)("sha256").update(url).digest("hex")}.json`);
}
function ownPrivate(st) {
  const mine = typeof process.getuid !== "function" || st.uid === process.getuid();
  return mine && (st.mode & 63) === 0;
}
function trusted(path, dir) {
  try {
    const st = (0, import_node_fs28.lstatSync)(path);
    return (dir ? st.isDirectory() : st.isFile()) && ownPrivate(st);
  } catch {
    return false;
  }
}
function readCache(dir, url) {
  if (!dir || !trusted(dir, true) || !trusted(fileFor(dir, url), false)) return null;
  try {
    const j = JSON.parse((0, import_node_fs28.readFileSync)(fileFor(dir, url), "utf8"));
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
    (0, import_node_fs28.mkdirSync)(dir, { recursive: true, mode: 448 });
    if (!trusted(dir, true)) return;
    const target = fileFor(dir, f.url);
    const tmp = `${target}.${process.pid}.tmp`;
    (0, import_node_fs28.writeFileSync)(tmp, JSON.stringify({ url: f.url, etag: f.etag, size: f.size, ranges: f.ranges.map(([s, b]) => [s, Buffer.from(b).toString("base64")]) }), { mode: 384 });
    (0, import_node_fs28.renameSync)(tmp, target);
  } catch {
  }
}
var import_node_crypto4, import_node_fs28, import_node_os, import_node_path19;
var init_cache = __esm({
  "src/remote/cache.ts"() {
    "use strict";
    import_node_crypto4 = require("node:crypto");
    import_node_fs28 = require("node:fs");
    import_node_os = require("node:os");
    import_node_path19 = require("node:path");
  }
});

// src/remote/http.ts
function httpTimeoutMs(env) {
  const v = env.SDMATCH_HTTP_TIMEOUT;
  if (v === void 0 || v === "") return DEFAULT_TIMEOUT_MS;
  const s = Number(v);
  if (!Number.isFinite(s) || s <= 0) throw new FormatError("SDMATCH_HTTP_TIMEOUT", `expected a number of seconds above 0, got ${JSON.stringify(v)}`);
  return Math.round(s * 1e3);
}
async function withBodyRetries(t, job) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await job();
    } catch (e) {
      if (!(e instanceof BodyFailed)) throw e;
      if (e.timedOut) throw new FormatError(t.name, `${e.why}: no byte for ${timeoutOf(t) / 1e3} s (SDMATCH_HTTP_TIMEOUT=SECONDS waits longer)`);
      if (attempt >= MAX_ATTEMPTS) throw new FormatError(t.name, `${e.why}, still after ${MAX_ATTEMPTS} attempts`);
      await new Promise((r) => setTimeout(r, retryPolicy.baseMs * 2 ** (attempt - 1)));
    }
  }
}
function fetchRange(t, start, length, stats, ifRange) {
  return withBodyRetries(t, () => fetchRangeOnce(t, start, length, stats, ifRange));
}
async function fetchRangeOnce(t, start, length, stats, ifRange) {
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
    const index = /\.index\.json$/.test(new URL(t.url).pathname);
    const what = index ? `download the index and every shard file it names into one folder, and pass the index's local path (e.g. curl -LO '${t.url}', then each shard beside it)` : `download the file and pass its local path (e.g. curl -LO '${t.url}')`;
    throw new FormatError(t.name, `server does not support range requests (it answered a Range request with the whole file): ${what}`);
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
  if (res.status >= 400) return void 0;
  return res.headers.get("etag");
}
function fetchJson(t, stats) {
  return withBodyRetries(t, () => fetchJsonOnce(t, stats));
}
async function fetchJsonOnce(t, stats) {
  const res = await request(t, "GET", { Accept: "application/json" }, stats);
  if (res.status !== 200) {
    await res.body?.cancel();
    throw statusError(t, res.status);
  }
  const bytes = await readBounded(res, MAX_JSON_BYTES, t.name);
  stats.bytes += bytes.length;
  const text = new TextDecoder("utf-8").decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new FormatError(t.name, `the hub answered with something that is not JSON (${text.slice(0, 60)})`);
  }
}
async function request(t, method, headers, stats) {
  if (t.resolved) {
    const direct2 = await requestFrom(t, t.resolved, method, headers, stats);
    if (direct2.status !== 401 && direct2.status !== 403 && direct2.status !== 404 && direct2.status !== 410) return direct2;
    await direct2.body?.cancel();
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
        res = await fetchTimed(url, { method, headers: h, redirect: "manual" }, timeoutOf(t));
      } catch (e) {
        res = void 0;
        if (e instanceof BodyFailed) throw new FormatError(t.name, `no answer from ${new URL(url).host} within ${timeoutOf(t) / 1e3} s (SDMATCH_HTTP_TIMEOUT=SECONDS waits longer)`);
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
async function fetchTimed(url, init, ms) {
  const ctl = new AbortController();
  let timer;
  let timedOut = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, ms);
    timer.unref();
  };
  arm();
  try {
    const res = await fetch(url, { ...init, signal: ctl.signal });
    arm();
    idleOf.set(res, { arm, done: () => clearTimeout(timer), timedOut: () => timedOut });
    return res;
  } catch (e) {
    clearTimeout(timer);
    if (timedOut) throw new BodyFailed("timed out", true);
    throw e;
  }
}
function parseUrl(text, base, name) {
  try {
    return new URL(text, base).href;
  } catch {
    throw new FormatError(name, `not a valid URL: ${text}`);
  }
}
async function readBounded(res, max, name) {
  const declared2 = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared2) && declared2 > max) {
    await res.body?.cancel();
    throw new FormatError(name, `server sent ${declared2} bytes where at most ${max} were asked for`);
  }
  const idle = idleOf.get(res);
  if (!res.body) {
    idle?.done();
    return new Uint8Array(0);
  }
  const parts = [];
  let n = 0;
  try {
    for await (const chunk of res.body) {
      idle?.arm();
      n += chunk.length;
      if (n > max) throw new FormatError(name, `server sent more than the ${max} bytes asked for`);
      parts.push(chunk);
    }
  } catch (e) {
    if (e instanceof FormatError) throw e;
    const of = Number.isFinite(declared2) && declared2 > 0 ? ` of ${declared2}` : "";
    const timedOut = idle?.timedOut() ?? false;
    throw new BodyFailed(timedOut ? `the server stopped sending after ${n}${of} bytes` : `the connection was closed after ${n}${of} bytes`, timedOut);
  } finally {
    idle?.done();
  }
  return parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts));
}
function statusError(t, status) {
  if (!t.hub && (status === 401 || status === 403)) return new FormatError(t.name, `HTTP ${status}: the server refused access (sdmatch sends no credentials to hosts other than the hub's; download the file with what the server needs and pass its local path)`);
  if (!t.hub && status === 404) return new FormatError(t.name, "HTTP 404: no such file at this URL");
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
var MAX_REDIRECTS, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, MAX_JSON_BYTES, retryPolicy, DEFAULT_TIMEOUT_MS, BodyFailed, timeoutOf, idleOf;
var init_http = __esm({
  "src/remote/http.ts"() {
    "use strict";
    init_errors();
    MAX_REDIRECTS = 5;
    MAX_ATTEMPTS = 5;
    MAX_RETRY_AFTER_MS = 3e4;
    MAX_JSON_BYTES = 64 << 20;
    retryPolicy = { baseMs: 500 };
    DEFAULT_TIMEOUT_MS = 3e4;
    BodyFailed = class extends Error {
      constructor(why, timedOut) {
        super(why);
        this.why = why;
        this.timedOut = timedOut;
      }
    };
    timeoutOf = (t) => t.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    idleOf = /* @__PURE__ */ new WeakMap();
  }
});

// src/remote/hub.ts
function parseHubPath(spec) {
  const m = /^hf:\/\/([A-Za-z0-9][\w.-]*)\/([\w.-]+)(?:@([^/]+))?(?:\/(.*))?$/.exec(spec);
  if (!m) throw new FormatError(spec, "not a hub path: expected hf://ORG/REPO[@REVISION][/PATH]");
  const path = (m[4] ?? "").replace(/\/+$/, "");
  if (path.split("/").some((s) => s === ".." || s === ".")) throw new FormatError(spec, "hub path must not contain . or .. segments");
  return { repo: `${m[1]}/${m[2]}`, revision: m[3] ? decodeURIComponent(m[3]) : "main", path, revisionGiven: m[3] !== void 0 };
}
function hubEndpoint(env) {
  return (env.HF_ENDPOINT || "https://huggingface.co").replace(/\/+$/, "");
}
function hubToken(env) {
  const fromEnv = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN;
  if (fromEnv) return fromEnv.trim();
  const file = env.HF_TOKEN_PATH || (0, import_node_path20.join)(env.HF_HOME || (0, import_node_path20.join)(env.XDG_CACHE_HOME || (0, import_node_path20.join)((0, import_node_os2.homedir)(), ".cache"), "huggingface"), "token");
  try {
    const t = (0, import_node_fs29.readFileSync)(file, "utf8").trim();
    return t || void 0;
  } catch {
    return void 0;
  }
}
function resolveUrl(endpoint, repo, revision, path) {
  const enc = (s) => s.split("/").map(encodeURIComponent).join("/");
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${enc(path)}`;
}
async function repoFiles(endpoint, hp, token, spec, stats, timeoutMs) {
  const url = `${endpoint}/api/models/${hp.repo}/revision/${encodeURIComponent(hp.revision)}`;
  const info = await fetchJson({ name: spec, url, hub: true, ...token ? { token } : {}, ...timeoutMs !== void 0 ? { timeoutMs } : {} }, stats);
  const files = Array.isArray(info.siblings) ? info.siblings.map((s) => s.rfilename).filter((f) => typeof f === "string") : [];
  const sha = typeof info.sha === "string" && /^[0-9a-f]{40}$/.test(info.sha) ? info.sha : hp.revision;
  return { sha, files };
}
var import_node_fs29, import_node_os2, import_node_path20;
var init_hub = __esm({
  "src/remote/hub.ts"() {
    "use strict";
    import_node_fs29 = require("node:fs");
    import_node_os2 = require("node:os");
    import_node_path20 = require("node:path");
    init_errors();
    init_http();
    init_hf_folder();
  }
});

// src/remote/prefetch.ts
var prefetch_exports = {};
__export(prefetch_exports, {
  MAX_SAFETENSORS_HEADER: () => MAX_SAFETENSORS_HEADER,
  MAX_SHARDS: () => MAX_SHARDS,
  describeReport: () => describeReport,
  isRemotePath: () => isRemotePath,
  prefetchRemote: () => prefetchRemote
});
async function prefetchRemote(spec, env) {
  const stats = { requests: 0, bytes: 0 };
  let rounds = 0;
  const settleCounted = async (fs, read4) => {
    rounds = Math.max(rounds, await settle(fs, read4, stats));
  };
  const files = /* @__PURE__ */ new Map();
  const dir = cacheDir(env);
  const timeoutMs = httpTimeoutMs(env);
  const { key, url, token, hub } = await resolveSpec(spec, env, stats, timeoutMs);
  registerAlias(spec, key);
  const open = async (k, u) => {
    const f = await openRemote({ name: k, url: u, hub, timeoutMs, ...token ? { token } : {} }, dir, stats);
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
    await fill2(top, [{ offset: 0, length: top.src.size }], stats);
    const index = readShardIndex(new TextDecoder("utf-8").decode(top.src.read(0, top.src.size)), key);
    if (index.shards.length > MAX_SHARDS) throw new FormatError(key, `shard index names ${index.shards.length} shards, over the limit of ${MAX_SHARDS}`);
    await pool(index.shards, SHARD_CONCURRENCY, async (shard) => {
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
async function resolveSpec(spec, env, stats, timeoutMs) {
  const endpoint = parseUrl(hubEndpoint(env), void 0, "HF_ENDPOINT").replace(/\/+$/, "");
  const token = hubToken(env);
  if (spec.startsWith("hf://")) {
    const hp = parseHubPath(spec);
    const { sha, files } = await repoFiles(endpoint, hp, token, spec, stats, timeoutMs);
    let path = hp.path;
    if (path === "" || !files.includes(path) && files.some((f) => f.startsWith(`${path}/`))) path = discoverCheckpoint(files, path, spec);
    else if (files.length > 0 && !files.includes(path)) throw new FormatError(spec, `HTTP 404: the repository has no file ${path} at revision ${hp.revision}`);
    const key = `hf://${hp.repo}${hp.revisionGiven ? `@${hp.revision}` : ""}/${path}`;
    return { key, url: resolveUrl(endpoint, hp.repo, sha, path), hub: true, ...token ? { token } : {} };
  }
  if (!/^https?:\/\//i.test(spec)) throw new FormatError(spec, "not a remote path");
  const sameHub = new URL(parseUrl(spec, void 0, spec)).origin === new URL(endpoint).origin;
  return { key: spec, url: spec, hub: sameHub, ...token && sameHub ? { token } : {} };
}
function siblingUrl(base, name) {
  const u = new URL(base);
  u.pathname = u.pathname.slice(0, u.pathname.lastIndexOf("/") + 1) + name.split("/").map(encodeURIComponent).join("/");
  return u.href;
}
async function openRemote(target, dir, stats) {
  const cached = readCache(dir, target.url);
  const fromCache = (c) => {
    const src2 = new SparseSource(target.name, c.size);
    for (const [s, b] of c.ranges) src2.add(s, b);
    return { target, src: src2, etag: c.etag, cachedBytes: src2.held };
  };
  if (cached && (isImmutableUrl(target.url) || cached.etag !== null && await fetchEtag(target, stats) === cached.etag)) return fromCache(cached);
  const first = await fetchRange(target, 0, HEAD_BYTES2, stats);
  if (cached && cached.etag !== null && first.etag === cached.etag && first.size === cached.size) {
    const f = fromCache(cached);
    f.src.add(0, first.bytes);
    return f;
  }
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
    await Promise.all(wanting.map((f) => fill2(f, [...f.src.misses, ...zipLocalHeaders(f.src)], stats)));
  }
}
async function fill2(f, wants, stats) {
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
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1] + COALESCE_GAP) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  const total = merged.reduce((a, [s, e]) => a + e - s, 0);
  if (f.src.held + total > MAX_FILE_FETCH) {
    throw new FormatError(f.target.name, `reading it would fetch over ${MAX_FILE_FETCH >> 20} MiB of ranges: download the file and pass its local path`);
  }
  await pool(merged, RANGE_CONCURRENCY, async ([s, e]) => {
    const r = await fetchRange(f.target, s, e - s, stats, f.etag);
    if (r.size !== size) throw new FormatError(f.target.name, "the remote file changed while it was being read (its size differs): run again");
    f.src.add(s, r.bytes);
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
async function pool(items, limit, job) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await job(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
function describeReport(r) {
  const pct = r.size > 0 ? ` (${(100 * (r.bytes + r.cachedBytes) / r.size).toFixed(3)} % of ${formatBytes2(r.size)})` : "";
  return `sdmatch: remote: fetched ${formatBytes2(r.bytes)} in ${r.requests} request(s) from ${r.files} file(s)${pct}${r.cachedBytes > 0 ? `, ${formatBytes2(r.cachedBytes)} from the range cache` : ""}`;
}
function formatBytes2(n) {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
var HEAD_BYTES2, MAX_SAFETENSORS_HEADER, MAX_SHARDS, MAX_INDEX_BYTES2, MAX_FILE_FETCH, MAX_ROUNDS, RANGE_CONCURRENCY, SHARD_CONCURRENCY, COALESCE_GAP, MAX_READ_AHEAD;
var init_prefetch = __esm({
  "src/remote/prefetch.ts"() {
    "use strict";
    init_read_file();
    init_sources();
    init_detect();
    init_errors();
    init_hf_index();
    init_sparse_source();
    init_end_record();
    init_window();
    init_cache();
    init_http();
    init_hub();
    HEAD_BYTES2 = 1 << 16;
    MAX_SAFETENSORS_HEADER = 25e6;
    MAX_SHARDS = 4096;
    MAX_INDEX_BYTES2 = 64 << 20;
    MAX_FILE_FETCH = 512 << 20;
    MAX_ROUNDS = 1024;
    RANGE_CONCURRENCY = 8;
    SHARD_CONCURRENCY = 4;
    COALESCE_GAP = 4096;
    MAX_READ_AHEAD = 16 << 20;
  }
});

// src/cli/apply-entry.ts
var apply_entry_exports = {};
__export(apply_entry_exports, {
  applyEntry: () => applyEntry,
  simpleApply: () => simpleApply
});
module.exports = __toCommonJS(apply_entry_exports);
init_sources();

// src/cli/apply.ts
var import_node_fs30 = require("node:fs");
init_errors();

// src/report/printable.ts
var CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
function printable(text) {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// src/report/danger.ts
function pickleLoader(format) {
  return format === "npy" || format === "npz" ? "numpy.load(allow_pickle=True)" : "torch.load(weights_only=False)";
}
function loaderAt(format, where) {
  return where?.endsWith("object payload") ? pickleLoader("npy") : pickleLoader(format);
}
function dangerWarning(file, safety, format) {
  if (safety.verdict === "incomplete") {
    const loader = pickleLoader(format);
    const gap = safety.globals.find((g) => g.verdict === "incomplete");
    const why = gap ? `${gap.where}: ${gap.reason ?? gap.name}` : "part of it could not be read";
    return printable(`sdmatch: warning: ${file}: its safety is not known (${why}): sdmatch did not see every byte ${loader} would run, so do not load it that way unless you trust it (sdmatch inspect ${file} says more)`);
  }
  if (safety.verdict !== "dangerous") return null;
  const hits = safety.globals.filter((g) => g.verdict === "dangerous");
  const first = hits[0];
  const what = first ? `${first.module ? `${first.module}.` : ""}${first.name}${first.reason ? ` (${first.reason})` : ""}` : "code";
  const more = hits.length > 1 ? ` and ${hits.length - 1} more` : "";
  return printable(`sdmatch: warning: ${file} is dangerous: its pickle reaches ${what}${more}; ${loaderAt(format, first?.where)} on it runs code (sdmatch inspect ${file} lists what)`);
}

// src/cli/apply.ts
init_sources();

// src/report/table.ts
var import_cli_table3 = __toESM(require_cli_table3(), 1);

// src/report/style.ts
var CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 };
function paint(style, tone, text) {
  return style.color ? `\x1B[${CODES[tone]}m${text}\x1B[0m` : text;
}

// src/report/table.ts
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
function formatCount(n) {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

// src/apply/apply.ts
var import_node_fs24 = require("node:fs");
var import_node_path16 = require("node:path");
init_loader_files();
init_errors();
init_io_errors();

// src/formats/output-link.ts
var import_node_fs3 = require("node:fs");
var import_node_path3 = require("node:path");
init_io_errors();
var DESCRIPTOR = /^\/(?:dev\/(?:std(?:in|out|err)|fd\/\d+)|proc\/(?:self|thread-self|\d+)\/fd\/\d+)$/;
var MAX_HOPS = 40;
function outputTarget(out) {
  let path = (0, import_node_path3.resolve)(out);
  const hops = [path];
  for (let i = 0; i < MAX_HOPS; i++) {
    let st2;
    try {
      st2 = (0, import_node_fs3.lstatSync)(path);
    } catch {
      break;
    }
    if (!st2.isSymbolicLink()) break;
    path = (0, import_node_path3.resolve)((0, import_node_path3.dirname)(path), (0, import_node_fs3.readlinkSync)(path));
    hops.push(path);
  }
  const fd = hops.find((h) => DESCRIPTOR.test(h));
  if (fd !== void 0) return { ok: false, why: `it names an open file descriptor (${fd}), not a file sdmatch can write into place`, descriptor: true };
  if (hops.length === 1) return { ok: true, target: out };
  let st;
  try {
    st = (0, import_node_fs3.statSync)(path);
  } catch {
  }
  const special = st ? notRegularFile(st) : null;
  if (special) return { ok: false, why: `it is a link to ${path}, which ${special}`, descriptor: false };
  return { ok: true, target: path };
}

// src/formats/same-file.ts
var import_node_fs4 = require("node:fs");
var import_node_path4 = require("node:path");
function sameFile(a, b) {
  if ((0, import_node_path4.resolve)(a) === (0, import_node_path4.resolve)(b)) return true;
  try {
    const sa = (0, import_node_fs4.statSync)(a, { bigint: true });
    const sb = (0, import_node_fs4.statSync)(b, { bigint: true });
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

// src/apply/apply.ts
init_storage_copy();
init_dtype();
init_tensor();

// src/apply/apply-changes.ts
init_errors();

// src/analysis/infer/linear-regex.ts
var LinearRegexError = class extends Error {
  name = "LinearRegexError";
};
var DIGIT = [48, 57];
var WORD = [48, 57, 65, 90, 95, 95, 97, 122];
var SPACE = [9, 13, 32, 32, 160, 160, 5760, 5760, 8192, 8202, 8232, 8233, 8239, 8239, 8287, 8287, 12288, 12288, 65279, 65279];
var DOT = negate([10, 10, 13, 13, 8232, 8233]);
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
    const items = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") items.push(this.quantified());
    return items.length === 1 ? items[0] : { t: "seq", items };
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
        return { t: "char", ranges: DOT };
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
        const code = c.charCodeAt(0);
        return { t: "char", ranges: [code, code] };
      }
    }
  }
  group() {
    if (++this.depth > MAX_DEPTH) this.fail(`groups nested deeper than ${MAX_DEPTH}`);
    let index = null;
    if (this.src[this.i] === "?") {
      if (this.src[this.i + 1] !== ":") this.fail("lookaround and named groups are not in the plan regex dialect");
      this.i += 2;
    } else index = ++this.groups;
    const body = this.alternation();
    if (this.src[this.i] !== ")") this.fail("unterminated group");
    this.i++;
    this.depth--;
    return { t: "group", index, body };
  }
  escape() {
    const c = this.src[this.i++];
    if (c === void 0) this.fail("\\ at end of pattern");
    if (c === "b" || c === "B") return { t: "assert", kind: c };
    const cls = this.classEscape(c);
    if (cls) return { t: "char", ranges: cls };
    if (/[1-9]/.test(c)) this.fail("backreferences are not in the plan regex dialect");
    if (c === "k") this.fail("named backreferences are not in the plan regex dialect");
    const code = this.codeEscape(c);
    return { t: "char", ranges: [code, code] };
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
  /** one class member: a code unit, or null after adding a class escape (\d \u2026) to `ranges` */
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
var MAX_DEPTH = 200;
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
    for (const s of splits) Object.assign(this.prog[s], n.greedy ? { x: s + 1, y: out } : { x: out, y: s + 1 });
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
function isWord(s, i) {
  if (i < 0 || i >= s.length) return false;
  return inRanges(WORD, s.charCodeAt(i));
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
  test(s) {
    return this.run(s) !== null;
  }
  exec(s) {
    const caps = this.run(s);
    if (!caps) return null;
    const out = [];
    for (let g = 0; g <= this.groups; g++) {
      const a = caps[2 * g];
      const b = caps[2 * g + 1];
      out.push(a >= 0 && b >= 0 ? s.slice(a, b) : void 0);
    }
    return Object.assign(out, { index: caps[0], input: s, groups: void 0 });
  }
  /** capture slots of the leftmost-first match, or null */
  run(s) {
    const n = this.prog.length;
    let clist = new ThreadList(n);
    let nlist = new ThreadList(n);
    let matched = null;
    const init = new Int32Array(this.slots).fill(-1);
    for (let i = 0; i <= s.length; i++) {
      if (matched === null) this.add(clist, 0, init, s, i);
      else if (clist.size === 0) break;
      const c = i < s.length ? s.charCodeAt(i) : -1;
      nlist.clear();
      for (let k = 0; k < clist.size; k++) {
        const pc = clist.pcs[k];
        const inst = this.prog[pc];
        if (inst.op === 6 /* Match */) {
          matched = clist.caps[k];
          break;
        }
        if (inst.op === 0 /* Char */ && c >= 0 && inRanges(inst.ranges, c)) this.add(nlist, pc + 1, clist.caps[k], s, i + 1);
      }
      [clist, nlist] = [nlist, clist];
    }
    for (let k = 0; k < clist.size; k++) {
      if (this.prog[clist.pcs[k]].op === 6 /* Match */) return clist.caps[k];
    }
    return matched;
  }
  /** Follow the epsilon closure of `pc` at position `i` (iteratively), adding threads in priority order. */
  add(list2, pc0, caps0, s, i) {
    const stack = [[pc0, caps0]];
    while (stack.length) {
      const [pc, caps] = stack.pop();
      if (list2.has(pc)) continue;
      list2.mark(pc);
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
          if (assertion(inst.kind, s, i)) stack.push([pc + 1, caps]);
          break;
        default:
          list2.push(pc, caps);
      }
    }
  }
};
function assertion(kind2, s, i) {
  switch (kind2) {
    case "^":
      return i === 0;
    case "$":
      return i === s.length;
    case "b":
      return isWord(s, i - 1) !== isWord(s, i);
    case "B":
      return isWord(s, i - 1) === isWord(s, i);
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
  let nativeUpToLength = -1;
  const pick = (key) => {
    if (key.length <= nativeUpToLength || bound(key.length) <= NATIVE_BUDGET) {
      if (key.length > nativeUpToLength) nativeUpToLength = key.length;
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
function parseArithmetic(text) {
  const m = ARITHMETIC.exec(text);
  if (!m) return null;
  const steps = [];
  for (const s of m[2].matchAll(ARITH_STEP)) steps.push([s[1], Number(s[2])]);
  return { part: { group: Number(m[1]), steps }, length: m[0].length };
}
function evaluateArithmetic(part, captured) {
  if (captured === void 0 || captured.length === 0 || captured.length > 9) return null;
  let v = 0;
  for (let i = 0; i < captured.length; i++) {
    const c = captured.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  for (let i = 0; i < part.steps.length; i++) {
    const [op, k] = part.steps[i];
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
function replacementProblem(replacement, groups2) {
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
      if (a.part.group < 1 || a.part.group > groups2) return `\${${a.part.group}\u2026} refers to group ${a.part.group} but the pattern has ${groups2} group(s)`;
      if (a.part.steps.some(([op, k]) => (op === "//" || op === "%") && k === 0)) return `division by zero in ${replacement.slice(i, i + a.length)}`;
      i += a.length - 1;
      continue;
    }
    const m = /^\d{1,2}/.exec(replacement.slice(i + 1));
    if (!m) return `'$' at ${i} must be followed by a group number (or written '$$')`;
    const n = Number(m[0]);
    if (n < 1 || n > groups2) return `$${n} refers to group ${n} but the pattern has ${groups2} group(s)`;
    i += m[0].length;
  }
  return null;
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

// src/analysis/op-vocabulary.ts
function reshapedShape(to, current) {
  const numel2 = (s) => s.reduce((a, b) => a * b, 1);
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
var ROPE_LAYOUTS = ["interleaved", "halves"];
var OP_KINDS = ["strip_prefix", "add_prefix", "rename", "drop", "transpose", "reshape", "split", "concat", "copy", "stack", "rope_permute"];
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
      const expand = op.table !== void 0 ? tableExpander(op.table) : compileReplacement(op.replacement);
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
function tableExpander(table) {
  const rows = new Map(Object.entries(table).map(([k, v]) => [k, compileReplacement(v)]));
  return (m) => {
    const at = m[1];
    return at === void 0 ? void 0 : rows.get(at)?.(m);
  };
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
  const groups2 = /* @__PURE__ */ new Map();
  for (const [target, members] of byTarget) {
    members.sort((a, b) => a[0] - b[0]);
    if (members.some(([i], j) => i !== j)) return { groups: groups2, error: `'${target}': the stacked indices are not 0..${members.length - 1} (${members.map(([i]) => i).slice(0, 6).join(", ")}${members.length > 6 ? ", \u2026" : ""})` };
    groups2.set(target, members.map(([, n]) => n));
  }
  return { groups: groups2, error: null };
}
function concatGroups(op, names) {
  const re = new RegExp(op.pattern);
  const expand = compileReplacement(op.target);
  const slot = new Map(op.parts.map((p, i) => [p, i]));
  const byTarget = /* @__PURE__ */ new Map();
  const groups2 = /* @__PURE__ */ new Map();
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const target = expand(m);
    if (target === void 0) continue;
    const at = slot.get(m[op.part] ?? "");
    if (at === void 0) return { groups: groups2, error: `'${name}': its part '${m[op.part] ?? ""}' (group ${op.part}) is not one of ${op.parts.join(", ")}` };
    const members = byTarget.get(target) ?? byTarget.set(target, new Array(op.parts.length)).get(target);
    if (members[at] !== void 0) return { groups: groups2, error: `'${target}': both '${members[at]}' and '${name}' are its part '${op.parts[at]}'` };
    members[at] = name;
  }
  for (const [target, members] of byTarget) {
    const lacking = op.parts.filter((_, i) => members[i] === void 0);
    if (lacking.length > 0) return { groups: groups2, error: `'${target}': no key for part${lacking.length > 1 ? "s" : ""} ${lacking.join(", ")} at this point` };
    groups2.set(target, members);
  }
  return { groups: groups2, error: null };
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
      return `rename ${op.pattern}${op.table !== void 0 ? ` by a table of ${Object.keys(op.table).length}` : ""}`;
    case "drop":
      return `${op.op} ${op.pattern}`;
    case "transpose":
    case "reshape":
    case "rope_permute":
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
  /**
   * The groups the last added name went to, with their prefixes: names added in order share them with
   * the name before (`blocks.3.attn.q.weight`, `blocks.3.attn.q.bias`), so those are found by comparing,
   * not by slicing each prefix out and hashing it (the index is built over every key at 100,000 keys)
   */
  lastOne = null;
  lastTwo = null;
  add(item, name) {
    const d1 = name.indexOf(".");
    if (d1 < 0) return;
    this.lastOne = into(this.one, this.lastOne, name, d1 + 1, item);
    const d2 = name.indexOf(".", d1 + 1);
    if (d2 >= 0) this.lastTwo = into(this.two, this.lastTwo, name, d2 + 1, item);
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
function into(m, last, name, end, item) {
  if (last && last.prefix.length === end && name.startsWith(last.prefix)) {
    last.set.add(item);
    return last;
  }
  const prefix = name.slice(0, end);
  let set = m.get(prefix);
  if (set) set.add(item);
  else m.set(prefix, set = /* @__PURE__ */ new Set([item]));
  return { prefix, set };
}

// src/analysis/rope.ts
function ropeHeads(op) {
  return op.kv_heads ?? op.heads;
}
function ropeProblem(heads, shape) {
  if (!Number.isSafeInteger(heads) || heads < 1) return `${heads} heads is not a head count`;
  if (!shape) return null;
  if (shape.length === 0) return "a scalar has no rows to permute";
  const rows = shape[0];
  if (rows % (2 * heads) !== 0) return `${rows} rows do not make ${heads} heads of an even size (the rotary pairs)`;
  return null;
}
function ropeView(shape, heads, to) {
  const [rows, ...rest] = shape;
  const half = rows / heads / 2;
  const view = to === "interleaved" ? [heads, 2, half, ...rest] : [heads, half, 2, ...rest];
  const dims2 = view.map((_, i) => i === 1 ? 2 : i === 2 ? 1 : i);
  return { view, dims: dims2 };
}

// src/analysis/op-keys.ts
var NameIndex = class {
  constructor(items) {
    this.items = items;
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
  constructor(items, nameOps) {
    this.items = items;
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
  const run = new KeyExecution(sourceKeys, ops.filter(isNameOp).length);
  ops.forEach((op, i) => run.run(op, i));
  return run.result();
}
var KeyExecution = class {
  errors = [];
  /** consumed items stay here (alive: false) until the end: filtering after every op is quadratic */
  items = [];
  index = new NameIndex(() => this.items);
  names;
  /** every source key, each once, in order */
  sourceKeys = [];
  /**
   * nameOps: how many name ops the plan holds (how names are looked up, never what they become);
   * reading: for a caller that only reads and gives each key once \u2014 items take the entries' shape
   * arrays as they are (no op changes a shape array in place: each makes a new one), no twins looked for
   */
  constructor(sourceKeys, nameOps, from, reading = false) {
    const { errors, items } = this;
    if (from) {
      for (const it of from) {
        items.push({ name: it.name, recipe: { kind: "source", key: it.key }, shape: null, sources: [it.key], alive: it.alive });
        this.sourceKeys.push(it.key);
      }
    } else if (reading) {
      for (const e of sourceKeys) {
        this.sourceKeys.push(e.key);
        items.push({ name: e.key, recipe: { kind: "source", key: e.key }, shape: e.shape, sources: [e.key], alive: true });
      }
    } else {
      const seen = /* @__PURE__ */ new Set();
      for (const e of sourceKeys) {
        if (seen.has(e.key)) {
          errors.push(`source key '${e.key}' appears twice`);
          continue;
        }
        seen.add(e.key);
        this.sourceKeys.push(e.key);
        items.push({ name: e.key, recipe: { kind: "source", key: e.key }, shape: e.shape ? [...e.shape] : null, sources: [e.key], alive: true });
      }
    }
    this.names = new NameOpRunner(() => this.items, nameOps);
  }
  /** Runs ops[i]: its effect on the items, or an error naming it. */
  run(op, i) {
    const { errors, items, index, names } = this;
    const alive = () => items.filter((it) => it.alive);
    const push = (it) => {
      items.push(it);
      index.added(it);
    };
    const consume = (it) => {
      it.alive = false;
      index.removed(it);
    };
    const where = `ops[${i}] (${describeOp(op)})`;
    if (isNameOp(op)) {
      const matched = names.run(op);
      index.invalidate();
      if (matched instanceof Error) errors.push(`${where}: ${matched.message}`);
      else if (matched === 0) errors.push(`${where}: matches no key`);
      return;
    }
    names.invalidate();
    switch (op.op) {
      case "transpose":
      case "reshape": {
        const chosen = selectItems(op, items, index);
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
      case "rope_permute": {
        const chosen = selectItems(op, items, index);
        if (typeof chosen === "string") return void errors.push(`${where}: ${chosen}`);
        const heads = ropeHeads(op);
        for (const it of chosen) {
          const problem = ropeProblem(heads, it.shape);
          if (problem) return void errors.push(`${where}: ${op.pattern !== void 0 ? `'${it.name}': ` : ""}${problem}`);
        }
        for (const it of chosen) {
          if (!it.shape) {
            it.recipe = { kind: "reshape", of: it.recipe, shape: null };
            continue;
          }
          const { view, dims: dims2 } = ropeView(it.shape, heads, op.to);
          it.recipe = { kind: "reshape", of: { kind: "transpose", of: { kind: "reshape", of: it.recipe, shape: view }, dims: dims2 }, shape: [...it.shape] };
        }
        return;
      }
      case "split": {
        if (op.targets.length !== op.sizes.length) return void errors.push(`${where}: ${op.targets.length} targets but ${op.sizes.length} sizes`);
        if (op.targets.length < 2) return void errors.push(`${where}: a split needs at least 2 targets`);
        const cut = compileSplit(op);
        const chosen = [];
        for (const it of op.key !== void 0 ? [index.get(op.key)].filter((x) => !!x) : alive()) {
          const targets = cut(it.name);
          if (targets) chosen.push([it, targets]);
        }
        if (chosen.length === 0) return void errors.push(op.key !== void 0 ? `${where}: no key '${op.key}' at this point` : `${where}: matches no key`);
        const squeeze = op.sizes.every((s) => s === 1);
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
            let shape = null;
            if (it.shape) {
              shape = [...it.shape];
              if (squeeze) shape.splice(op.dim, 1);
              else shape[op.dim] = size;
            }
            push({ name: t, recipe: { kind: "split", of: it.recipe, dim: op.dim, start, size, squeeze }, shape, sources: [...it.sources], alive: true });
            start += size;
          });
        }
        return;
      }
      case "stack": {
        const { groups: groups2, error } = stackGroups(op, alive().map((it) => it.name));
        if (error) return void errors.push(`${where}: ${error}`);
        if (groups2.size === 0) return void errors.push(`${where}: matches no key`);
        const built = [];
        for (const [target, members] of groups2) {
          const parts = members.map((n) => index.get(n));
          const first = parts[0].shape;
          let shape = null;
          if (parts.every((p) => p.shape)) {
            const bad = parts.find((p) => p.shape.length !== first.length || p.shape.some((d, k) => d !== first[k]));
            if (bad) return void errors.push(`${where}: '${bad.name}' [${bad.shape.join(", ")}] differs from '${parts[0].name}' [${first.join(", ")}]: only tensors of one shape stack`);
            if (op.dim < 0 || op.dim > first.length) return void errors.push(`${where}: dim ${op.dim} out of range for stacking [${first.join(", ")}]`);
            shape = [...first];
            shape.splice(op.dim, 0, parts.length);
          }
          const unsqueezed = parts.map((p) => {
            if (!p.shape) return p.recipe;
            const s = [...p.shape];
            s.splice(op.dim, 0, 1);
            return { kind: "reshape", of: p.recipe, shape: s };
          });
          for (const p of parts) consume(p);
          built.push({ name: target, recipe: { kind: "concat", parts: unsqueezed, dim: op.dim }, shape, sources: parts.flatMap((p) => p.sources), alive: true });
        }
        for (const b of built) push(b);
        return;
      }
      case "copy": {
        const it = index.get(op.key);
        if (!it) return void errors.push(`${where}: no key '${op.key}' at this point`);
        push({ name: op.target, recipe: it.recipe, shape: it.shape ? [...it.shape] : null, sources: [...it.sources], alive: true });
        return;
      }
      case "concat": {
        const groups2 = /* @__PURE__ */ new Map();
        if (op.pattern === void 0) {
          const parts = [];
          for (const k of op.keys) {
            const it = index.get(k);
            if (!it) return void errors.push(`${where}: no key '${k}' at this point`);
            parts.push(it);
          }
          if (parts.length < 2) return void errors.push(`${where}: a concat needs at least 2 keys`);
          groups2.set(op.target, parts);
        } else {
          if (op.parts.length < 2) return void errors.push(`${where}: a concat needs at least 2 parts`);
          const found = concatGroups(op, alive().map((it) => it.name));
          if (found.error) return void errors.push(`${where}: ${found.error}`);
          if (found.groups.size === 0) return void errors.push(`${where}: matches no key`);
          for (const [target, names2] of found.groups) groups2.set(target, names2.map((n) => index.get(n)));
        }
        const built = [];
        for (const [target, parts] of groups2) {
          let shape = null;
          if (parts.every((p) => p.shape)) {
            const first = parts[0].shape;
            if (op.dim < 0 || op.dim >= first.length) return void errors.push(`${where}: dim ${op.dim} out of range for shape [${first.join(", ")}]`);
            const bad = parts.find((p) => p.shape.length !== first.length || p.shape.some((d, j) => j !== op.dim && d !== first[j]));
            if (bad) return void errors.push(`${where}: '${bad.name}' [${bad.shape.join(", ")}] does not line up with [${first.join(", ")}] outside dim ${op.dim}`);
            shape = [...first];
            shape[op.dim] = parts.reduce((a, p) => a + p.shape[op.dim], 0);
          }
          built.push({ name: target, recipe: { kind: "concat", parts: parts.map((p) => p.recipe), dim: op.dim }, shape, sources: parts.flatMap((p) => p.sources), alive: true });
        }
        for (const parts of groups2.values()) for (const p of parts) consume(p);
        for (const b of built) push(b);
        return;
      }
    }
  }
  /**
   * Every source key (each once, in order) \u2192 its name now, its names (split), or null: what simulateNames
   * reads, as an array beside the source keys (no map of every key per read; `indexOf`: key \u2192 position).
   */
  namesNow(indexOf) {
    const out = new Array(this.sourceKeys.length).fill(null);
    for (const it of this.items) {
      if (!it.alive) continue;
      for (const s of it.sources) {
        const i = indexOf(s);
        const v = out[i];
        if (v === null) out[i] = it.name;
        else if (typeof v === "string") out[i] = [v, it.name];
        else v.push(it.name);
      }
    }
    return out;
  }
  /** The names each source key's tensors now have, alive items in order. */
  lists(items) {
    const lists = /* @__PURE__ */ new Map();
    for (const it of items) {
      for (const s of it.sources) {
        const l = lists.get(s);
        if (l) l.push(it.name);
        else lists.set(s, [it.name]);
      }
    }
    return lists;
  }
  /** The output tensors of the ops run so far, in order. */
  outputs() {
    const out = [];
    for (const it of this.items) if (it.alive) out.push({ key: it.name, recipe: it.recipe, shape: it.shape, sources: it.sources });
    return out;
  }
  /**
   * Names the items as name ops left them (`names` beside the source keys: a name, or null when
   * dropped), before any other op has run; false, with nothing changed, when they do not line up.
   */
  startFrom(names) {
    const { items } = this;
    if (names.length !== items.length || names.some((n) => Array.isArray(n))) return false;
    for (let i = 0; i < items.length; i++) {
      const n = names[i];
      if (n === null) items[i].alive = false;
      else items[i].name = n;
    }
    this.index.invalidate();
    this.names.invalidate();
    return true;
  }
  /** outputs(), one tensor at a time, without the objects. */
  visitOutputs(visit) {
    for (const it of this.items) if (it.alive) visit(it.name, it.shape, it.sources);
  }
  /** The mapping, outputs and errors of the ops run so far (read once, at the end). */
  result() {
    const { errors } = this;
    const items = this.items.filter((it) => it.alive);
    const finalNames = /* @__PURE__ */ new Map();
    for (const it of items) {
      const other = finalNames.get(it.name);
      if (other) errors.push(`collision: '${other.sources.join("', '")}' and '${it.sources.join("', '")}' both become '${it.name}'`);
      else finalNames.set(it.name, it);
    }
    const mapping = /* @__PURE__ */ Object.create(null);
    for (const k of this.sourceKeys) mapping[k] = null;
    for (const [s, names] of this.lists(items)) mapping[s] = names.length === 1 ? names[0] : names;
    const transposedDims = /* @__PURE__ */ new Map();
    for (const it of items) {
      const dims2 = transposeIn(it.recipe);
      if (dims2) transposedDims.set(it.name, dims2);
    }
    return {
      mapping,
      transposed: transposedDims,
      outputs: this.outputs(),
      errors
    };
  }
};
function transposeIn(r) {
  if (r.kind === "transpose") return r.dims;
  if (r.kind === "split") return transposeIn(r.of);
  return null;
}
function selectItems(op, items, byName) {
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
  const chosen = items.filter((it) => it.alive && re.test(it.name));
  return chosen.length ? chosen : "matches no key";
}
function permutationProblem(dims2, shape) {
  const n = dims2.length;
  const sorted = [...dims2].sort((a, b) => a - b);
  if (!sorted.every((d, i) => d === i)) return `dims [${dims2.join(", ")}] is not a permutation of 0..${n - 1}`;
  if (shape && shape.length !== n) return `dims [${dims2.join(", ")}] has ${n} entries but the tensor has shape [${shape.join(", ")}]`;
  return null;
}

// src/plan/edit.ts
init_errors();

// src/plan/key-set.ts
var import_node_crypto = require("node:crypto");
function keySetDigest(entries) {
  if (entries.some((e) => e.shape === null || e.dtype === null)) return null;
  const sorted = [...entries].sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const h = (0, import_node_crypto.createHash)("sha256");
  let batch = "";
  for (const e of sorted) {
    batch += `${JSON.stringify([e.key, e.shape, e.dtype])}
`;
    if (batch.length >= HASH_BATCH_CHARS) {
      h.update(batch);
      batch = "";
    }
  }
  h.update(batch);
  return { count: entries.length, sha256: h.digest("hex") };
}
var HASH_BATCH_CHARS = 1 << 16;
function sameKeySet(a, b) {
  return a.count === b.count && a.sha256 === b.sha256;
}

// src/plan/edit.ts
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
  const listed2 = new Set(plan2.unmapped);
  const missing = [...plan2.unmapped.filter((k) => !written.has(k)), ...target ? [...target].filter((k) => !written.has(k) && !listed2.has(k)) : []];
  const c = { outputs: result.outputs, kept: [], renamed: [], tied: [], dropped: [], transposed: [], reshaped: [], split: [], concat: [], missing, mapping: result.mapping };
  const splits = /* @__PURE__ */ new Map();
  const made = /* @__PURE__ */ new Map();
  for (const o of result.outputs) {
    const r = o.recipe;
    const first = made.get(r);
    if (first !== void 0) c.tied.push({ from: first, to: o.key });
    else made.set(r, o.key);
    if (first !== void 0) continue;
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
      const list2 = splits.get(from) ?? [];
      list2.push(o.key);
      splits.set(from, list2);
    }
  }
  for (const [from, into2] of splits) c.split.push({ from, into: into2 });
  for (const e of source) if (result.mapping[e.key] === null) c.dropped.push(e.key);
  return c;
}

// src/apply/dcp-rename.ts
var import_node_fs6 = require("node:fs");
var import_node_path5 = require("node:path");
init_byte_source();
init_metadata();
init_errors();

// src/formats/pickle/writer.ts
init_errors();
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
var G = (module2, name) => ({ kind: "global", module: module2, name });
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
  later(items) {
    for (let i = items.length - 1; i >= 0; i--) this.work.push(items[i]);
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
  op(code) {
    return new Step(() => this.out.byte(code));
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
        const items = { kind: "list", items: v.items };
        return this.saveReduce(v, v.frozen ? BUILTIN_FROZENSET : BUILTIN_SET, [items]);
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
  saveStr(s) {
    const known = this.memoStr.get(s);
    if (known !== void 0) return this.get(known);
    const enc = encodeUtf8SurrogatePass(s);
    this.out.byte(OP.BINUNICODE).u32(enc.length).bytes(enc);
    this.memoStr.set(s, this.put());
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
    this.saveReduce(b, CODECS_ENCODE, [latin13(data), "latin1"]);
  }
  saveTuple(t) {
    const n = t.items.length;
    if (n === 0) return void this.out.byte(OP.EMPTY_TUPLE);
    this.enter(t);
    const finish3 = new Step(() => {
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
    if (n <= 3) this.later([...t.items, finish3]);
    else this.later([this.op(OP.MARK), ...t.items, finish3]);
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
    for (const s of o.states) tail.push(s, this.op(OP.BUILD));
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
  batchAppends(items) {
    const steps = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
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
function encodeUtf8SurrogatePass(s) {
  if (!/[\ud800-\udfff]/.test(s)) return UTF8.encode(s);
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 55296 && c < 56320 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
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
function latin13(data) {
  let s = "";
  for (let i = 0; i < data.length; i += 32768) s += String.fromCharCode(...data.subarray(i, i + 32768));
  return s;
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
init_values();
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
function optimizerStateLeftBehind(meta, select, mapping) {
  const renamed = new Set([...mapping].filter(([from, to]) => to !== null && to !== from).map(([from]) => from));
  if (renamed.size === 0) return [];
  const model = JSON.stringify(select).slice(0, -1);
  const out = [];
  for (const fqn of meta.items.keys()) {
    const path = meta.paths?.get(fqn);
    if (path) {
      if (select.length > 0 && JSON.stringify(path.slice(0, select.length)).slice(0, -1) === model) continue;
      if (path.some((p, i) => p === "state" && typeof path[i + 1] === "string" && renamed.has(path[i + 1]))) out.push(fqn);
      continue;
    }
    for (let i = fqn.indexOf("state."); i >= 0; i = fqn.indexOf("state.", i + 1)) {
      if (i > 0 && fqn[i - 1] !== ".") continue;
      const rest = fqn.slice(i + "state.".length);
      if (renamed.has(rest.slice(0, rest.lastIndexOf(".")))) {
        out.push(fqn);
        break;
      }
    }
  }
  return out;
}
function fieldsOf(obj) {
  const s = obj.states[0];
  if (obj.states.length !== 1 || s === void 0 || !isPyDict(s)) throw new FormatError("", "DCP .metadata: an object without a dict state cannot be rewritten");
  return s;
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
  refuseNamedStorage((0, import_node_path5.dirname)(metadataFile), read4.meta, metadataFile);
  const bytes = writePickle(renameMetadataValue(read4.value, renames));
  const back = readDcpMetadata(new BufferSource(bytes, metadataFile), metadataFile);
  const want = [...read4.meta.items.keys()].flatMap((k) => {
    const r = renames.has(k) ? renames.get(k) : { fqn: k };
    return r === null ? [] : [r.fqn];
  });
  if (!back.meta || JSON.stringify([...back.meta.items.keys()]) !== JSON.stringify(want) || back.scan.globals.some((g) => !read4.scan.globals.some((h) => h.module === g.module && h.name === g.name))) {
    throw new Error(`rewritten DCP .metadata does not read back as written (${back.error?.message ?? "keys or globals differ"})`);
  }
  const temp = (0, import_node_path5.join)((0, import_node_path5.dirname)(metadataFile), `.metadata.sdmatch-${process.pid}.tmp`);
  try {
    const fd = (0, import_node_fs6.openSync)(temp, "wx");
    try {
      for (let done = 0; done < bytes.length; ) done += (0, import_node_fs6.writeSync)(fd, bytes, done, bytes.length - done);
      if (opts.sync) (0, import_node_fs6.fsyncSync)(fd);
    } finally {
      (0, import_node_fs6.closeSync)(fd);
    }
    (0, import_node_fs6.renameSync)(temp, metadataFile);
  } catch (e) {
    (0, import_node_fs6.rmSync)(temp, { force: true });
    throw e;
  }
  if (opts.sync) {
    const dfd = (0, import_node_fs6.openSync)((0, import_node_path5.dirname)(metadataFile), "r");
    try {
      (0, import_node_fs6.fsyncSync)(dfd);
    } finally {
      (0, import_node_fs6.closeSync)(dfd);
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
    const src = new FileSource((0, import_node_path5.join)(dir, e.info.relativePath));
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

// src/apply/apply.ts
init_byte_source();
init_metadata();

// src/apply/apply-bytes.ts
init_dtype();
init_errors();
init_storage_copy();
init_tensor();

// src/apply/transpose-stored.ts
init_dtype();
init_storage_copy();
init_tensor();
init_transpose_tiles();
var BAND_BYTES = 4 << 20;
function asSwap(shape, dims2) {
  const strides = contiguousStrides(shape);
  const merged = [];
  for (const d of dims2) {
    const size = shape[d];
    const stride = strides[d];
    if (size === 1) continue;
    const prev = merged[merged.length - 1];
    if (prev && prev.stride === stride * size) {
      prev.size *= size;
      prev.stride = stride;
    } else merged.push({ size, stride });
  }
  if (merged.length !== 2) return null;
  const [outer, inner] = merged;
  return outer.stride === 1 && inner.stride === outer.size ? { rows: outer.size, cols: inner.size } : null;
}
function transposeStored(info, dims2, files, out, band) {
  const loc = info.storage.bytes;
  const n = numel(info.shape);
  const size = itemSize(info.dtype);
  if (loc?.kind !== "raw" || n === 0 || !isContiguous(info) || out.length !== n * size) return false;
  if (!Number.isSafeInteger(info.storageOffset) || info.storageOffset < 0 || (info.storageOffset + n) * size > locationLength(loc)) return false;
  const swap = asSwap(info.shape, dims2);
  if (!swap) return false;
  const rowBytes = swap.rows * size;
  const h = Math.max(1, Math.min(swap.cols, Math.floor(BAND_BYTES / rowBytes)));
  const buf = band(h * rowBytes);
  const w = wordSize(buf, out, size);
  const k = size / w;
  const D = wordView(out, w);
  for (let j0 = 0; j0 < swap.cols; j0 += h) {
    const rows = Math.min(h, swap.cols - j0);
    const b = buf.subarray(0, rows * rowBytes);
    readRawInto(loc, (info.storageOffset + j0 * swap.rows) * size, b, files);
    transposeTiles(wordView(b, w), D, k, 0, swap.rows, rows, swap.rows * k, j0 * k, swap.cols * k);
  }
  return true;
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
var SPLIT_CACHE_TENSORS = 2;
var SplitSources = class {
  /** parts still to be made, per source recipe (counted as outputs are built) */
  parts = /* @__PURE__ */ new Map();
  /** in use order, oldest first (a Map keeps insertion order) */
  held = /* @__PURE__ */ new Map();
  heldBytes = 0;
  largest = 0;
  /** how many times a source was read (tests and the bench count re-reads) */
  reads = 0;
  expect(of, bytes) {
    this.parts.set(of, (this.parts.get(of) ?? 0) + 1);
    if (bytes > this.largest) this.largest = bytes;
  }
  /** the source's bytes for one of its parts, read (by `read`) only when not held */
  take(of, read4) {
    let d = this.held.get(of);
    if (d) this.held.delete(of);
    else {
      this.reads++;
      d = read4();
      this.heldBytes += d.bytes.length;
    }
    const left = (this.parts.get(of) ?? 1) - 1;
    this.parts.set(of, left);
    if (left > 0) this.held.set(of, d);
    else this.heldBytes -= d.bytes.length;
    for (const [k, v] of this.held) {
      if (this.heldBytes <= SPLIT_CACHE_TENSORS * this.largest) break;
      if (k === of && this.held.size > 1) continue;
      this.held.delete(k);
      this.heldBytes -= v.bytes.length;
    }
    return d;
  }
};
var Rebuilder = class {
  constructor(sources, files) {
    this.sources = sources;
    this.files = files;
  }
  splits = new SplitSources();
  input = new Reused();
  output = new Reused();
  /** source reads made for splits that could not read their part alone */
  get splitSourceReads() {
    return this.splits.reads;
  }
  /** The output tensor, its bytes computed when read (every check that needs no byte is made here). */
  build(out) {
    const d = this.shaped(out.recipe, out.key);
    this.countSplits(out.recipe, out.key);
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
  /** Tells the split cache of every part this recipe makes from a source it cannot read alone. */
  countSplits(r, outKey) {
    if (r.kind === "split") {
      if (this.partView(r, outKey) === null) {
        const of = this.shaped(r.of, outKey);
        this.splits.expect(r.of, numel(of.shape) * itemSize(of.base.dtype));
      }
      this.countSplits(r.of, outKey);
    } else if (r.kind === "transpose" || r.kind === "reshape") this.countSplits(r.of, outKey);
    else if (r.kind === "concat") for (const p of r.parts) this.countSplits(p, outKey);
  }
  /**
   * A split part that is one run of its stored source's elements, as a view of the source's storage
   * (read alone, nothing else of the source read), or null. The source's whole span is checked against
   * its storage here, as reading it whole would.
   */
  partView(r, outKey) {
    if (r.of.kind !== "source") return null;
    const info = this.source(r.of.key, outKey).info;
    const shape = info.shape.slice();
    shape[r.dim] = r.size;
    const view = { ...info, shape, storageOffset: info.storageOffset + r.start * info.stride[r.dim], requiresGrad: false };
    if (!isContiguous(view) || numel(shape) === 0) return null;
    const span = viewSpan(info);
    const loc = info.storage.bytes;
    if (!span || !loc || span.end * itemSize(info.dtype) > locationLength(loc)) return null;
    return view;
  }
  /**
   * The result's bytes; a transpose of a stored tensor goes through the reused buffers: band by band
   * when it can (transpose-stored.ts: the input buffer stays a few MB), else read whole.
   */
  bytes(r, outKey) {
    if (r.kind === "transpose" && r.of.kind === "source") {
      const info = this.source(r.of.key, outKey).info;
      const size = itemSize(info.dtype);
      const length = numel(info.shape) * size;
      const out = this.output.take(length);
      if (transposeStored(info, r.dims, this.files, out, (n) => this.input.take(n))) return out;
      const src = readTensorBytes(info, this.files, this.input.take(length));
      return transposeBytes(src, info.shape, size, r.dims, out);
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
        const shape = of.shape.slice();
        shape[r.dim] = r.size;
        if (r.squeeze) shape.splice(r.dim, 1);
        return { shape, base: of.base };
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
        const shape = first.shape.slice();
        shape[r.dim] = parts.reduce((a, p) => a + p.shape[r.dim], 0);
        return { shape, base: first.base };
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
        const view = this.partView(r, outKey);
        if (view) {
          const shape = view.shape.slice();
          if (r.squeeze) shape.splice(r.dim, 1);
          return { bytes: readTensorBytes(view, this.files), shape, base: this.shaped(r.of, outKey).base };
        }
        const of = this.splits.take(r.of, () => this.dense(r.of, outKey));
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

// src/analysis/module-versions.ts
init_walk();

// src/analysis/key-tokens.ts
function splitKey(key) {
  return key.split(".");
}
function moduleOf(key) {
  const dot = key.lastIndexOf(".");
  return dot < 0 ? "" : key.slice(0, dot);
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

// src/analysis/body-models.ts
var BODY_MODEL_CONSTANT = /(?:^|\.)(?:v_template|shapedirs|posedirs|expr_dirs|J_regressor\w*|joints?_regressor\w*|lbs_weights|faces_tensor|extra_joints_idxs|kintree_table|(?:u|w)_(?:shp|exp|tex)|(?:u|w_shp|w_exp)_base)$/;

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
    why: "it counts training batches and only matters for momentum=None; PyTorch \u2265 0.4.1 writes it, older checkpoints lack it and BatchNorm fills it in when it loads a checkpoint saved without module versions",
    // listed, it is the model's far more often than the checkpoint's: weights converted from Caffe2 or
    // TensorFlow (detectron2's model zoo, LayoutLMv2's visual backbone) lack it, while the modules that keep
    // no counter (torchvision.ops.FrozenBatchNorm2d, DETR's FrozenBatchNorm2d) delete the checkpoint's in
    // their _load_from_state_dict before anything is compared
    usualSide: "missing"
  },
  {
    pattern: /(?:^|\.)position_ids$/,
    what: "position-id buffer (transformers)",
    why: "an arange(max_positions) the model builds in its constructor; transformers 4.31 made it non-persistent, so checkpoints from before it carry the key and newer models no longer expect it",
    usualSide: "unexpected"
  },
  {
    pattern: /(?:^|\.)(?:attn|attention|self_attn|attn1|attn2)\.(?:bias|masked_bias)$/,
    what: "causal attention mask (GPT-2 style `attn.bias` / `attn.masked_bias`)",
    why: "a constant lower-triangular mask and fill value the model builds in its constructor; transformers stopped saving them, so older checkpoints carry them",
    // GPT-2's mask is tril(ones(n, n)).view(1, 1, n, n) (uint8, later bool), its fill value a 0-d float; a 1-d
    // float `attn.bias` is an `attn` Linear's bias
    shaped: (key, shape, dtype) => key.endsWith("masked_bias") ? shape.every((d) => d === 1) : shape.length >= 2 && shape[shape.length - 1] === shape[shape.length - 2] || dtype !== null && !/float/.test(dtype),
    notBesideWeight: true
  },
  {
    pattern: /(?:^|\.)(?:relative_position_index|relative_coords_table|coords_table)$/,
    what: "window-attention relative-position index or coordinate table (Swin, BEiT, CoAtNet)",
    why: "computed from the window size in the constructor; only the `relative_position_bias_table` next to it is trained"
  },
  {
    // its own row: a model's `attn_mask` is as often a causal mask (a decoder's triangle) as Swin's shifted-window
    // mask, and the name alone does not say which; the Swin story told of a causal mask was another model's (review 18 F9)
    pattern: /(?:^|\.)attn_mask$/,
    what: "attention mask (a causal mask, or Swin's shifted-window mask)",
    why: "a constant the module builds in its constructor from the sequence length (causal) or the window and shift sizes (Swin); nothing trained"
  },
  {
    // cheerss/CrossFormer models/crossformer.py Attention.__init__: `register_buffer("biases", ...)` beside
    // `relative_position_index`; its downstream backbones compute both on the fly, and the maintainer (CrossFormer#9)
    // calls them "indices for the DPB module ... non-trainable" that "can also be computed dynamically"
    pattern: /(?:^|\.)attn\.biases$/,
    what: "CrossFormer dynamic-position-bias coordinates (`attn.biases`)",
    why: "the relative coordinates of a group (an arange over the group size) that the trained DPB MLP `attn.pos` reads, computed from the group size in the constructor; not trained"
  },
  {
    // GRL (ofsoundof/GRL-Image-Restoration) registers them at the model's root from get_relative_coords_table_all,
    // get_relative_position_index_simple and calculate_mask_all; spandrel's GRL loader lists them as _NON_PERSISTENT_BUFFERS
    pattern: /(?:^|\.)(?:table_(?:w|sh|sv)|(?:index|mask)_(?:w|sh_a2w|sh_w2a|sv_a2w|sv_w2a))$/,
    what: "GRL window and stripe attention coordinate tables, indices and masks",
    why: "computed from the window and stripe sizes in the constructor; released GRL weights do not all carry them"
  },
  {
    pattern: /(?:^|\.)(?:rotary_emb\.)?inv_freq$|(?:^|\.)freqs_cis$|(?:^|\.)(?:cos|sin)_cached$/,
    what: "rotary-embedding frequency table",
    why: "computed from the head dimension and base in the constructor; transformers made it non-persistent"
  },
  {
    // windows an audio front end computes from its FFT size and window function and registers as buffers:
    // torchlibrosa's ISTFT `ola_window` (the overlap-add window; Freddd13/music-separation-gui#3 carries one the
    // model of another torch version does not register, haoheliu/voicefixer#3 lacks one), ddsp-pytorch's loudness
    // extractor `smoothing_window` (its maintainer, ddsp-pytorch#1: "not a learnable parameter"), torchaudio's
    // Spectrogram / InverseSpectrogram `window` under an STFT-named module
    pattern: /(?:^|\.)(?:ola_window|smoothing_window|window_sumsquare)$|(?:^|\.)(?:stft|istft|spectrogram|inverse_spectrogram|melspec|mel_spectrogram)\.window$/,
    what: "STFT / ISTFT or smoothing window of an audio front end (`ola_window`, `smoothing_window`, a spectrogram's `window`)",
    why: "computed from the FFT size and the window function in the constructor; nothing trained, and library versions differ in which of them they save"
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
  {
    pattern: BODY_MODEL_CONSTANT,
    what: "parametric body or face model constant (SMPL/MANO/FLAME `v_template`, `shapedirs`, `J_regressor`, `lbs_weights`; a 3D morphable model's mean and bases `u_tex`, `w_shp`)",
    why: "read from the body or face model file (SMPL_NEUTRAL.pkl, BFM) by the constructor and registered as a buffer, never trained: checkpoints carry it or not as their code registered it, and the network is the same"
  },
  {
    // kwea123/ngp_pl train.py registers the training set's ray directions and camera poses on the Lightning
    // system (`self.register_buffer('directions', \u2026)`, `'poses'`); a run built without that dataset lacks them
    pattern: /^(?:directions|poses)$/,
    what: "a NeRF system's dataset buffers at its root (ray `directions`, camera `poses`)",
    why: "the training images' ray directions and camera poses, registered on the system from the dataset (ngp_pl train.py); they hold no network weights, and a run on other views computes its own"
  },
  {
    // clovaai/deep-text-recognition-benchmark modules/transformation.py GridGenerator.__init__:
    // `register_buffer("inv_delta_C", \u2026)` and `register_buffer("P_hat", \u2026)` from the fiducial count F and the
    // output size; the module is copied into most scene-text recognisers (deep-text-edit-29's released file,
    // from a code version that did not register them, lacks both)
    pattern: /(?:^|\.)(?:inv_delta_C|P_hat)$/,
    what: "thin-plate-spline grid constants (`GridGenerator.inv_delta_C`, `P_hat`: the TPS spatial transformer of scene-text recognisers)",
    why: "computed from the number of fiducial points and the output size in the constructor; only the localisation network beside them is trained"
  },
  {
    // a model wrapper that normalises its input registers the dataset's mean and standard deviation at its
    // root (RobustBench's CIFAR wrappers: `mu` and `sigma`, robustbench-16's Wu2020AdversarialNet); files
    // released as the inner network's weights lack them. Only at the root: a module's own `mu` (an EM
    // attention's bases, a policy's `actor.mu` layer) may be trained or updated
    pattern: /^(?:mu|sigma|mean|std)$/,
    what: "input normalisation constants at the model's root (`mu` / `sigma`, `mean` / `std`)",
    why: "the dataset's per-channel mean and standard deviation, set in the wrapper's constructor and subtracted from the input before the network runs; not trained"
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
var HEAD_MODULE = /(?:^|\.)(?:fc\d*|fcn|classifier|classifiers|head\d*|heads|\w+_heads?\d*|cls|cls_head|cls_score|cls_logits|bbox_pred|fc_cls|fc_reg|conv_cls|conv_reg|logits?|last_linear|last_layer|linear_head|class_embed|bbox_embed|predictor|score|score_fr|pretrain_head|aux_head|auxlogits|aux_classifier|decode_head\.conv_seg|auxiliary_head\.conv_seg|conv_seg|final_layer|output_layer|proj_head|mlp_head|top|qa_outputs|pooler|pooler_head)(?:\.|$)/i;
var BLOCK_LAYER = /(?:^|\.)(?:\d+|mlp|ffn|feed_?forward|\w*attn\w*|\w*attention\d*|se|se_module|squeeze_excite\w*|\w*gate\d*|mixer)\.fc\d*\./i;
function isOutputHead(key) {
  const path = key.slice(0, key.lastIndexOf(".") + 1);
  if (!HEAD_MODULE.test(path)) return false;
  if (!BLOCK_LAYER.test(path)) return true;
  return HEAD_MODULE.test(path.replace(new RegExp(BLOCK_LAYER.source, "gi"), "."));
}
var HEAD_ROLES = [
  { role: "language-model head", re: /(?:^|\.)(?:lm_head|lm_predictions|predictions|generator_lm_head|mlm_head|lm_loss)(?:\.|$)/ },
  { role: "next-sentence head", re: /(?:^|\.)seq_relationship(?:\.|$)/ },
  { role: "pooler", re: /(?:^|\.)pooler(?:\.|$)/ },
  { role: "classifier", re: /(?:^|\.)(?:classifier|qa_outputs|score)(?:\.|$)/ }
];
var ANY_HEAD_ROLE = new RegExp(HEAD_ROLES.map((h) => `(?:${h.re.source})`).join("|"));
var DETR_CLASS_HEAD = /(?:^|\.)class_embed(?:\.\d+)?\.(?:weight|bias)$/;
var CLASS_COUNT_ROWS = [
  { count: 1e3, what: "ImageNet-1k", dataset: true },
  { count: 1001, what: "ImageNet-1k with a background class (TF)", dataset: true },
  { count: 21843, what: "ImageNet-21k", dataset: true },
  { count: 21841, what: "ImageNet-21k", dataset: true },
  // ImageNet-21K-P (Alibaba-MIIL's processed ImageNet-21k, timm's `in21k_miil`): 11221 classes of the fall11
  // release, 10450 of winter21 (MIIL's dataset_preprocessing/processing_instructions.md)
  { count: 11221, what: "ImageNet-21k-P", dataset: true },
  { count: 10450, what: "ImageNet-21k-P (winter21)", dataset: true },
  { count: 80, what: "COCO", dataset: true },
  { count: 81, what: "COCO with background", dataset: true },
  { count: 91, what: "COCO (torchvision ids)", dataset: true },
  // DETR adds a no-object row to its class head: 91 + 1 for COCO (bubbliiiing detr-pytorch-4: a 5-class
  // model's weights into DETR built with the COCO default)
  { count: 92, what: "COCO in DETR (91 ids and no-object)", dataset: true, onlyFor: DETR_CLASS_HEAD },
  // Pascal VOC, and DETR's `num_classes = 20 if dataset_file != 'coco'` (facebookresearch/detr-83), which
  // Deformable DETR keeps as is (20 rows, trackformer-120) and DETR's head adds no-object to (21 rows:
  // trackformer-62, MOTS weights of 1 class + no-object into the default). As a model's default they hold
  // for DETR's head only (`onlyFor`): a BERT, RoBERTa or ResNet head of 20/21 outputs was set by its user
  // (review9 A #3), so another count there is a head of another class count, dropped and re-initialised
  { count: 20, what: "Pascal VOC; DETR's default for a dataset that is not COCO", dataset: true, onlyFor: DETR_CLASS_HEAD },
  { count: 21, what: "Pascal VOC with background; DETR's non-COCO default with no-object", dataset: true, onlyFor: DETR_CLASS_HEAD },
  { count: 255, what: "COCO YOLO head: (80 classes + 5) \xD7 3 anchors", dataset: true },
  { count: 2, what: "transformers' default num_labels", dataset: false },
  { count: 19, what: "Cityscapes", dataset: true },
  { count: 150, what: "ADE20K", dataset: true },
  { count: 365, what: "Places365", dataset: true }
];
var DEFAULT_CLASS_COUNTS = new Map(CLASS_COUNT_ROWS.map((r) => [r.count, r.what]));
function datasetOfCount(key, count) {
  return CLASS_COUNT_ROWS.find((r) => r.dataset && r.count === count && (r.onlyFor === void 0 || r.onlyFor.test(key)))?.what ?? null;
}
var DATASET_CLASS_COUNTS = new Set(CLASS_COUNT_ROWS.filter((r) => r.dataset).map((r) => r.count));
var IMAGENET_CLASS_COUNTS = new Set([...DEFAULT_CLASS_COUNTS].filter(([, what]) => what.startsWith("ImageNet")).map(([n]) => n));

// src/analysis/module-versions.ts
var COUNTER_LEAF = ".num_batches_tracked";
function metadataOf(dict) {
  const attrs = dict.attrs;
  if (typeof attrs !== "object" || attrs === null || attrs.kind !== "dict") return null;
  const m = attrs.entries.find(([k]) => k === "_metadata")?.[1];
  return typeof m === "object" && m !== null && m.kind === "dict" ? m : null;
}
function moduleVersions(side) {
  const dict = side.checkpoint?.root && side.selected ? valueAt(side.checkpoint.root, side.selected) : void 0;
  return dictVersions(dict && typeof dict === "object" && dict.kind === "dict" ? dict : null);
}
function dictVersions(dict) {
  const versions = /* @__PURE__ */ new Map();
  const meta = dict ? metadataOf(dict) : null;
  for (const [module2, info] of meta?.entries ?? []) {
    if (typeof module2 !== "string" || typeof info !== "object" || info === null || info.kind !== "dict") continue;
    const v = info.entries.find(([k]) => k === "version")?.[1];
    if (typeof v === "number" || typeof v === "bigint") versions.set(module2, Number(v));
  }
  return versions;
}
function counterModule(key) {
  return key.endsWith(COUNTER_LEAF) ? key.slice(0, -COUNTER_LEAF.length) : "";
}
function counterFilledIn(key, versions, moduleInSource = (m) => m) {
  if (!isCounter(key)) return false;
  if (versions.size === 0) return true;
  return (versions.get(moduleInSource(counterModule(key))) ?? 1) < 2;
}
function countersFilledIn(side) {
  const versions = moduleVersions(side);
  return (key) => counterFilledIn(key, versions);
}

// src/apply/apply-metadata.ts
function withMetadata(attrs, metadata) {
  const base = typeof attrs === "object" && attrs !== null && attrs.kind === "dict" ? attrs : { kind: "dict", entries: [] };
  const entries = base.entries.filter(([k]) => k !== "_metadata");
  entries.push(["_metadata", metadata]);
  return { ...base, entries };
}
var under = (module2) => module2 === "" ? "" : `${module2}.`;
function renameMetadata(metadata, ops, mapping) {
  const steps = ops.filter(isNameOp).map(compileNameOp);
  const probe = (module2) => {
    let name = under(module2);
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
function newModuleName(module2, keys, mapping, probe) {
  const prefix = under(module2);
  const direct2 = [];
  const below = [];
  for (const k of keys) {
    if (!k.startsWith(prefix)) continue;
    (k.indexOf(".", prefix.length) < 0 ? direct2 : below).push(k);
  }
  const probed = probe(module2);
  if (direct2.length > 0) {
    const fromOwn = ownTensorsName(prefix, direct2, mapping, probed);
    if (fromOwn !== void 0) return fromOwn;
  }
  const all = direct2.concat(below);
  if (probed === null) return null;
  if (allUnder(probed, all, mapping)) return probed;
  const sameDepth = sharedAtDepth(prefix, all, mapping);
  if (sameDepth !== null && allUnder(sameDepth, all, mapping)) return sameDepth;
  return null;
}
function ownTensorsName(prefix, direct2, mapping, probed) {
  let name;
  let live = 0;
  for (const k of direct2) {
    const v = mapping[k];
    if (v === null || v === void 0) continue;
    live++;
    const leaf = k.slice(prefix.length);
    const moduleOf2 = (x) => x !== leaf && !x.endsWith(`.${leaf}`) ? void 0 : x.slice(0, Math.max(0, x.length - leaf.length - 1));
    const n = Array.isArray(v) ? probed !== null && v.some((x) => moduleOf2(x) === probed) ? probed : void 0 : moduleOf2(v);
    if (n === void 0) return void 0;
    if (name !== void 0 && name !== n) return void 0;
    name = n;
  }
  return live === 0 ? null : name;
}
function allUnder(module2, keys, mapping) {
  const p = under(module2);
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
var import_node_fs10 = require("node:fs");
init_byte_source();
init_errors();
init_archive();
init_storage_pid();
init_zip_members();

// src/formats/zip/append.ts
var import_node_fs8 = require("node:fs");
init_errors();
init_crc32();

// src/formats/zip/writer.ts
var import_node_fs7 = require("node:fs");
var zlib = __toESM(require("node:zlib"), 1);
init_crc32();

// src/formats/zip/records.ts
init_names3();
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
function endRecords(count, cdSize, cdStart, at) {
  const zip64 = count >= U16_MAX || cdSize >= U32_MAX || cdStart >= U32_MAX;
  const r = new Record((zip64 ? 56 + 20 : 0) + 22);
  if (zip64) {
    r.u32(101075792).u64(44).u16(VERSION_ZIP64).u16(VERSION_ZIP64).u32(0).u32(0).u64(count).u64(count).u64(cdSize).u64(cdStart);
    r.u32(117853008).u32(0).u64(at).u32(1);
  }
  r.u32(101010256).u16(0).u16(0).u16(Math.min(count, U16_MAX)).u16(Math.min(count, U16_MAX)).u32(Math.min(cdSize, U32_MAX)).u32(Math.min(cdStart, U32_MAX)).u16(0);
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
  while (done < bytes.length) done += (0, import_node_fs7.writeSync)(fd, bytes, done, bytes.length - done, position + done);
}

// src/formats/zip/append.ts
init_end_record();
init_window();
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
  (0, import_node_fs8.ftruncateSync)(fd, layout.keepUntil);
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
    for (let done = 0; done < bytes.length; ) done += (0, import_node_fs8.writeSync)(this.fd, bytes, done, bytes.length - done, position + done);
  }
};

// src/apply/apply-fast.ts
init_end_record();
init_reader2();

// src/apply/copy-file.ts
var import_node_fs9 = require("node:fs");
var import_node_worker_threads = require("node:worker_threads");
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
function copyFileInKernel(from, to, flags, progress, sampleMs = SAMPLE_MS) {
  if (!progress) {
    (0, import_node_fs9.copyFileSync)(from, to, flags);
    return;
  }
  const shared = new SharedArrayBuffer(8 + RESULT_BYTES);
  const state = new Int32Array(shared, 0, 2);
  const worker = new import_node_worker_threads.Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { from, to, flags, shared } });
  worker.unref();
  worker.on("error", () => {
  });
  try {
    while (Atomics.load(state, 0) === PENDING2) {
      Atomics.wait(state, 0, PENDING2, sampleMs);
      if (Atomics.load(state, 0) === PENDING2) progress(sizeOf(to));
    }
  } finally {
    void worker.terminate();
  }
  if (Atomics.load(state, 0) === FAILED) {
    const n = Atomics.load(state, 1);
    const { code, message } = JSON.parse(Buffer.from(new Uint8Array(shared, 8, n)).toString("utf8"));
    throw Object.assign(new Error(message), code ? { code } : {});
  }
}
function sizeOf(path) {
  try {
    return (0, import_node_fs9.statSync)(path).size;
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
    const progress = req.progress;
    progress?.(0, req.totalBytes);
    const orphans = writeCopy(req.src.path, temp, plan2, progress && ((copied) => progress(Math.round(copied / plan2.zip.source.size * req.totalBytes), req.totalBytes)));
    progress?.(req.totalBytes, req.totalBytes);
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
  let count = 0;
  let bytes = 0;
  for (const [key, e] of storages) {
    if (used.has(key)) continue;
    count++;
    bytes += e.size;
  }
  return count === 0 ? null : `${count} of the source's storages (${bytes} bytes) would be left unreferenced`;
}
function zeroUnlisted(fd, zip, keep, keepUntil) {
  const kept = new Set(keep);
  const byOffset = [...zip.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const zeros = new Uint8Array(ZERO_CHUNK);
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i];
    if (kept.has(e) || e.localHeaderOffset >= keepUntil) continue;
    const end = Math.min(byOffset[i + 1]?.localHeaderOffset ?? keepUntil, keepUntil);
    for (let pos = Math.min(e.dataOffset, end); pos < end; ) pos += (0, import_node_fs10.writeSync)(fd, zeros, 0, Math.min(zeros.length, end - pos), pos);
  }
}
var ZERO_CHUNK = 64 << 10;
function writeCopy(sourcePath, temp, plan2, progress) {
  let fd = (0, import_node_fs10.openSync)(temp, "wx");
  const mode = (0, import_node_fs10.fstatSync)(fd).mode & 4095;
  (0, import_node_fs10.closeSync)(fd);
  (0, import_node_fs10.unlinkSync)(temp);
  copyFileInKernel(sourcePath, temp, import_node_fs10.constants.COPYFILE_EXCL | import_node_fs10.constants.COPYFILE_FICLONE, progress);
  (0, import_node_fs10.chmodSync)(temp, 384);
  fd = (0, import_node_fs10.openSync)(temp, "r+");
  try {
    (0, import_node_fs10.fchmodSync)(fd, mode);
    const size = (0, import_node_fs10.fstatSync)(fd).size;
    if (size !== plan2.zip.source.size) {
      throw new FormatError(sourcePath, `changed while it was being copied: ${size} bytes copied, ${plan2.zip.source.size} listed`);
    }
    const written = rewriteTail(fd, plan2.zip, plan2.keep, [plan2.dataPkl]);
    zeroUnlisted(fd, plan2.zip, plan2.keep, written.keepUntil);
    return written.orphans;
  } finally {
    (0, import_node_fs10.closeSync)(fd);
  }
}

// src/apply/apply-output.ts
var import_node_fs12 = require("node:fs");
var import_node_crypto2 = require("node:crypto");
var import_node_path7 = require("node:path");

// src/apply/output-guard.ts
var import_node_child_process = require("node:child_process");
var import_node_fs11 = require("node:fs");
var import_node_path6 = require("node:path");
var WATCHER_SH = `exec 3<&0 0</dev/null
PATH="\${PATH:+$PATH:}/usr/bin:/bin"
while :; do
  ( while IFS= read -r _ <&3; do :; done; rm -rf -- "$@" ) &
  wait $!
  [ $? -lt 128 ] && exit 0
done`;
var WATCHER_JS = `
const fs = require('node:fs');
const paths = process.argv.slice(1);
const clean = () => { for (const p of paths) { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} } process.exit(0); };
process.stdin.on('data', () => {}).on('end', clean).on('error', clean);
`;
function startGuard(paths, shell = process.platform === "win32" ? null : "/bin/sh") {
  const child = (shell === null ? null : startWatcher(shell, ["-c", WATCHER_SH, "sdmatch-guard", ...paths])) ?? startWatcher(process.execPath, ["-e", WATCHER_JS, ...paths]);
  let stopped = false;
  return {
    watcherPid: child?.pid ?? null,
    stop() {
      if (stopped) return;
      stopped = true;
      child?.stdin?.destroy();
    }
  };
}
function startWatcher(file, args) {
  try {
    const child = (0, import_node_child_process.spawn)(file, args, { detached: true, stdio: ["pipe", "ignore", "ignore"] });
    child.on("error", () => {
    });
    child.stdin?.on("error", () => {
    });
    if (child.pid === void 0) {
      child.stdin?.destroy();
      return null;
    }
    child.unref();
    child.stdin?.unref();
    return child;
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
    names = (0, import_node_fs11.readdirSync)(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidExists(pid)) continue;
    const path = (0, import_node_path6.join)(dir, name);
    try {
      if (now - (0, import_node_fs11.statSync)(path).mtimeMs < STALE_MS) continue;
      (0, import_node_fs11.rmSync)(path, { recursive: true, force: true });
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
var import_node_worker_threads2 = require("node:worker_threads");
var ROUND_MS = 10;
var STOP_WAIT_MS = 6e4;
var RUNNING = 0;
var STOPPING = 1;
var STOPPED = 2;
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
    if (Atomics.load(state, 0) !== ${RUNNING}) return;
  }
}
// stop() gave up on a worker that had not started yet: nobody waits, nothing to do
// whatever ends the loop (a throw included), stop() is told, or it would wait its whole deadline
if (Atomics.compareExchange(started, 0, 0, 1) === 0) {
  try {
    while (Atomics.load(state, 0) === ${RUNNING}) {
      round();
      Atomics.wait(state, 0, ${RUNNING}, ${ROUND_MS});
    }
  } finally {
    for (const o of open.values()) { try { fs.closeSync(o.fd); } catch {} }
    Atomics.store(state, 0, ${STOPPED});
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
    worker = new import_node_worker_threads2.Worker(WORKER_SOURCE2, { eval: true, execArgv: [], workerData: { path, shared } });
    worker.unref();
    worker.on("error", () => {
    });
  } catch {
    worker = null;
  }
  return {
    stop() {
      if (worker === null) return;
      Atomics.compareExchange(state, 0, RUNNING, STOPPING);
      Atomics.notify(state, 0);
      const neverStarted = Atomics.compareExchange(started, 0, 0, -1) === 0;
      const deadline = Date.now() + STOP_WAIT_MS;
      while (!neverStarted && Atomics.load(state, 0) !== STOPPED && Date.now() < deadline) Atomics.wait(state, 0, STOPPING, 50);
      void worker?.terminate();
      worker = null;
    }
  };
}

// src/apply/apply-output.ts
var WRITEBACK_MIN_BYTES = 64 * 2 ** 20;
var AtomicOutput = class {
  constructor(out, kind2, opts = {}) {
    this.out = out;
    this.kind = kind2;
    const tag = `${process.pid}-${(0, import_node_crypto2.randomBytes)(4).toString("hex")}`;
    const link = outputTarget(out);
    this.target = link.ok ? link.target : out;
    const dir = (0, import_node_path7.dirname)(this.target);
    this.temp = (0, import_node_path7.join)(dir, `.${(0, import_node_path7.basename)(this.target)}.sdmatch-${tag}.tmp`);
    sweepStale(dir);
    if (opts.guardInterrupts) this.guard = startGuard([this.temp]);
    this.sync = opts.sync ?? true;
    if (this.sync && (opts.expectedBytes ?? Infinity) >= WRITEBACK_MIN_BYTES) this.writeback = startWriteback(this.temp);
  }
  /** the temporary file or folder the output is written to */
  temp;
  /** where the temporary is renamed to: OUT, or the file a symlinked OUT points to (the link is kept: review 22 F2) */
  target;
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
    (0, import_node_fs12.renameSync)(this.temp, this.target);
    if (this.sync) syncPath((0, import_node_path7.dirname)(this.target));
    this.finish();
  }
  /** Remove everything written (safe to call more than once, and after commit). */
  abort() {
    this.stopWriteback();
    if (!this.done) {
      (0, import_node_fs12.rmSync)(this.temp, { recursive: true, force: true });
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
  const fd = (0, import_node_fs12.openSync)(path, "r");
  try {
    (0, import_node_fs12.fsyncSync)(fd);
  } finally {
    (0, import_node_fs12.closeSync)(fd);
  }
}
function syncTree(path) {
  if ((0, import_node_fs12.statSync)(path).isDirectory()) for (const name of (0, import_node_fs12.readdirSync)(path)) syncTree((0, import_node_path7.join)(path, name));
  syncPath(path);
}

// src/analysis/select.ts
init_errors();
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
    const list2 = byTail.get(t);
    if (list2) list2.push(c.key);
    else byTail.set(t, [c.key]);
  }
  let best = 0;
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
    best = Math.max(best, sampled ? Math.round(hits / sampled * keys.length) : 0);
  }
  return best;
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
      has: (s) => built ? built.has(s) : exp.has(prefix + s) || !s.startsWith(prefix) && exp.has(s)
    };
  });
}
function scoreAgainst(c, expected, views) {
  const keys = c.entries.map((e) => e.key);
  let best = {
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
    if (Math.min(withSp, view.keysWithPrefix) <= best.explained) continue;
    if (!sampleMatches(c.entries, view, sp)) continue;
    const o = overlap(c.entries, view.byStrippedKey(), sp);
    if (o.explained > best.explained) {
      best = {
        ...best,
        explained: o.explained,
        method: sp || ep ? "prefix" : "exact",
        prefix: sp || ep ? { source: sp, expected: ep } : null,
        shapeAgreement: o.known ? o.agree / o.known : 1
      };
    }
  }
  if (best.explained * 2 < expected.length) {
    const n = suffixOverlap(c.entries, views);
    if (n > best.explained) best = { ...best, explained: n, method: "suffix", prefix: null, shapeAgreement: 1 };
  }
  best.coverage = expected.length ? best.explained / expected.length : 0;
  return best;
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
function describe2(s, total, what) {
  if (s.coverage === null || total === null) return `${s.tensors} tensors`;
  const how = s.method === "exact" ? "by exact key" : s.method === "prefix" ? `after stripping ${[s.prefix?.source, s.prefix?.expected].filter(Boolean).map((p) => `\`${p}\``).join(" / ")}` : s.method === "suffix" ? "by key suffix" : "as the error describes";
  return `explains ${s.explained} of ${total} ${what} (${how})`;
}
function finish2(ranked, total, what) {
  const scores = ranked.map((r) => r.score);
  const chosen = ranked[0];
  if (!chosen) return { chosen: null, runnerUp: null, scores, reason: "the file holds no state dict" };
  const runner = ranked[1];
  let reason = `${formatKeyPath(chosen.cand.path)} ${describe2(chosen.score, total, what)}`;
  if (!runner) reason += "; it is the only state dict in the file";
  else {
    reason += `; runner-up ${formatKeyPath(runner.cand.path)} ${describe2(runner.score, total, what)}`;
    if (total === null && runner.score.tensors >= chosen.score.tensors) reason += `, less likely by its name`;
  }
  return { chosen: chosen.cand, runnerUp: runner?.cand ?? null, scores, reason };
}
function sizeOnly(c) {
  return { path: c.path, coverage: null, explained: 0, method: "size", prefix: null, shapeAgreement: 1, tensors: c.entries.length };
}
function selectStateDict(candidates, expected) {
  if (!expected || expected.length === 0) {
    const ranked2 = candidates.map((cand, index) => ({ cand, score: sizeOnly(cand), index })).sort(compareBySize);
    return finish2(ranked2, null, "");
  }
  const exp = /* @__PURE__ */ new Map();
  for (const e of expected) if (!exp.has(e.key)) exp.set(e.key, e);
  const views = expectedViews(exp);
  const ranked = candidates.map((cand, index) => ({ cand, score: scoreAgainst(cand, expected, views), index })).sort(compareWithExpected);
  return finish2(ranked, exp.size, "expected keys");
}
function selectForErrorReport(candidates, report) {
  const facts = report.unexpected.length + report.sizeMismatch.length + report.missing.length;
  if (facts === 0) return selectStateDict(candidates, null);
  const ranked = candidates.map((cand, index) => {
    const byKey2 = new Map(cand.entries.map((e) => [e.key, e]));
    let explained = 0;
    for (const k of report.unexpected) if (byKey2.has(k)) explained++;
    for (const k of report.missing) if (!byKey2.has(k)) explained++;
    for (const s of report.sizeMismatch) {
      const e = byKey2.get(s.key);
      if (e && (!e.shape || e.shape.join() === s.source.join())) explained++;
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
    return { cand, score, index };
  });
  ranked.sort((a, b) => (b.score.coverage ?? 0) - (a.score.coverage ?? 0) || compareBySize(a, b));
  return holderOfMissing(candidates, report) ?? finish2(ranked, facts, "facts the error states");
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
  const ranked = candidates.map((cand, index) => {
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
    return { cand, score, index };
  }).sort((a, b) => (b.score.coverage ?? 0) - (a.score.coverage ?? 0) || compareBySize(a, b));
  const best = ranked[0];
  if (!best || (best.score.coverage ?? 0) < 0.5) return null;
  return finish2(ranked, report.missing.length, "keys the error calls missing (the error came from loading a container that holds this dict)");
}

// src/checkpoint/open.ts
init_read_file();

// src/checkpoint/safety.ts
init_safety();
function safetyOf(scans) {
  return safetyReport(scans.flatMap((s) => [...pickleFindings(s, s.where), ...s.extra ?? []]));
}
function checkpointSafety(file, safety) {
  const globals = safety.verdict === "safe" ? [] : safety.globals.filter((g) => g.verdict === safety.verdict).map((g) => g.module ? `${g.module}.${g.name}` : g.name);
  return { file, verdict: safety.verdict, globals: [...new Set(globals)] };
}

// src/checkpoint/open.ts
init_walk();

// src/checkpoint/short-storage.ts
init_tensor();
function shortStorageLine(key, info, format) {
  const s = storageShortfall(info);
  if (s === null) return null;
  const where = ZIP_MEMBERS.has(format) ? `storage member data/${info.storage.key}` : `storage ${info.storage.key}`;
  return `tensor ${key} (${info.dtype} [${info.shape.join(", ")}] at element ${info.storageOffset}) needs ${s.need} bytes of its ${where}, which holds ${s.have}: the file is cut short or corrupt, not a loadable checkpoint (torch 1.13 fills the rest with uninitialised memory)`;
}
var ZIP_MEMBERS = /* @__PURE__ */ new Set(["torch-zip", "torchscript"]);
var NAMED = 3;
function shortStorageDetail(tensors2, format) {
  const lines = [];
  let more = 0;
  for (const t of tensors2) {
    if (storageShortfall(t.info) === null) continue;
    const line = shortStorageLine(t.path.map(String).join("/"), t.info, format);
    if (lines.length < NAMED) lines.push(line);
    else more++;
  }
  if (more > 0) lines.push(`and ${more} more tensor(s) whose storage is short`);
  return lines;
}

// src/checkpoint/read-columns.ts
init_detect();
init_byte_keys();
init_hf_index();
init_columns();
init_registry();
init_format_detail();
init_sources();
var HEAD_BYTES = 1 << 16;

// src/checkpoint/open.ts
function openCheckpoint(path, opts = {}) {
  const name = opts.name ?? path;
  return opened(name, readCheckpointFile({ path, name, readOnly: opts.readOnly === true }));
}
function opened(name, c) {
  const walked = c.root === null ? { tensors: [], stateDicts: [] } : walkTree(c.root);
  const short = shortStorageDetail(walked.tensors, c.format);
  return {
    file: name,
    size: c.size,
    format: c.format,
    detail: short.length > 0 ? [...c.detail, ...short] : c.detail,
    root: c.root,
    tensors: walked.tensors,
    stateDicts: walked.stateDicts,
    safety: safetyOf(c.pickles),
    error: c.error,
    ...c.files ? { files: c.files } : {},
    ...c.opened ? { opened: c.opened } : {},
    ...c.tensorParallel !== void 0 ? { tensorParallel: c.tensorParallel } : {}
  };
}

// src/checkpoint/unloadable.ts
init_errors();
function unloadableReason(checkpoint) {
  const error = checkpoint.error;
  if (error && checkpoint.root !== null) return error.message;
  const short = shortStorageDetail(checkpoint.tensors, checkpoint.format);
  return short.length > 0 ? short[0] : null;
}
function refuseUnloadable(file, checkpoint) {
  const why = unloadableReason(checkpoint);
  if (why !== null) throw new UnloadableFile(file, `${why}; sdmatch reads no file torch cannot load as it is: save the checkpoint again from where it was made`);
}
var UnloadableFile = class extends FormatError {
};

// src/apply/apply-source.ts
init_walk();
init_errors();
function openPlanSource(path, select, override, plan2) {
  return planStateDict(openCheckpoint(path), path, select, override, plan2);
}
function planStateDict(checkpoint, path, select, override, plan2) {
  if (checkpoint.root === null) {
    throw new FormatError(path, `cannot be rewritten: ${checkpoint.error?.message ?? "its object tree could not be read"}`);
  }
  refuseUnloadable(path, checkpoint);
  let cand = override === void 0 ? candidateAt(checkpoint, select) : spelledCandidate(checkpoint.stateDicts, override, path);
  let foundByKeys = false;
  if (override === void 0 && plan2 !== void 0) {
    const byKeys = byPlanKeys(checkpoint, plan2, cand);
    if (byKeys) [cand, foundByKeys] = [byKeys, true];
  }
  if (!cand) {
    const have = checkpoint.stateDicts.map((c) => formatKeyPath(c.path)).join(", ") || "none";
    if (override !== void 0) throw new FormatError(path, `--select ${override}: no state dict there (its state dicts: ${have})`);
    throw new FormatError(path, `the plan selects the state dict at ${formatKeyPath(select)}, which this file does not have (its state dicts: ${have}; pick one with --select PATH)`);
  }
  const at = valueAt(checkpoint.root, cand.path);
  const dict = typeof at === "object" && at !== null && at.kind === "dict" ? at : null;
  return { path, checkpoint, select: cand.path, entries: candidateEntries(checkpoint.root, cand), dict, foundByKeys };
}
function byPlanKeys(checkpoint, plan2, selected) {
  const fromCheckpoint2 = (plan2.source.kind ?? "checkpoint") === "checkpoint";
  if (selected && fromCheckpoint2) return null;
  const want = new Set(Object.keys(plan2.mapping));
  const holds = (c) => {
    const keys = candidateEntries(checkpoint.root, c);
    return keys.length === want.size && keys.every(([k]) => want.has(k));
  };
  if (selected && holds(selected)) return null;
  const found = checkpoint.stateDicts.filter(holds);
  return found.length === 1 ? found[0] : null;
}
function spelledCandidate(cands, spec, file) {
  const want = spec.replace(/^\/+|\/+$/g, "") || "(root)";
  const found = cands.filter((c) => formatKeyPath(c.path) === want);
  if (found.length > 1) throw new FormatError(file, `--select ${spec}: ${found.length} state dicts are spelled that way (a list index and a key, or a key holding '/'): the plan made on this file names the right one; apply it without --select`);
  return found[0];
}

// src/apply/apply-tree.ts
init_errors();
var ORDERED_DICT2 = { kind: "global", module: "collections", name: "OrderedDict" };
function stateDictNode(entries, like, attrs) {
  const d = { kind: "dict", entries, cls: like?.cls ?? { ...ORDERED_DICT2 } };
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
      const items = root.items.slice();
      items[step] = replaceAt(items[step], rest, value, file);
      return { ...root, items };
    }
    case "object":
      return replaceAttribute(root, step, rest, value, file, fail);
    default:
      return fail(`a ${root.kind}`);
  }
}
function replaceAttribute(o, step, rest, value, file, fail) {
  for (let s = o.states.length - 1; s >= 0; s--) {
    const st = o.states[s];
    if (typeof st !== "object" || st === null || st.kind !== "dict") continue;
    const i = st.entries.findIndex(([k]) => keyText3(k) === String(step));
    if (i < 0) continue;
    const entries = st.entries.slice();
    entries[i] = [entries[i][0], replaceAt(entries[i][1], rest, value, file)];
    const states = o.states.slice();
    states[s] = { ...st, entries };
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
init_walk();
init_dtype();
init_errors();
init_storage_copy();
init_tensor();
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
  const cand = candidateAt(ckpt, req.select);
  const got = cand ? candidateEntries(ckpt.root, cand) : [];
  if (!cand && req.tensors.length > 0) fail(`no state dict at ${formatKeyPath(req.select)}`);
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
var import_node_fs22 = require("node:fs");
var import_node_path15 = require("node:path");
init_storage_copy();

// src/formats/torch/write-archive.ts
var import_node_fs20 = require("node:fs");
var import_node_path14 = require("node:path");
init_dtype();
init_errors();
init_storage_copy();
init_tensor();

// src/formats/shards.ts
var import_node_fs19 = require("node:fs");
var import_node_path13 = require("node:path");
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
function shardFileName(baseName, ext, index, count) {
  const pad = (n) => String(n).padStart(5, "0");
  return `${baseName}-${pad(index + 1)}-of-${pad(count)}.${ext}`;
}
function writeShardIndex(index) {
  const names = Object.keys(index.weight_map).sort(compareCodePoints);
  const lines = names.map((n) => `    ${pyJson(n)}: ${pyJson(index.weight_map[n])}`);
  return `{
  "metadata": {
    "total_size": ${index.metadata.total_size}
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
function pyJson(s) {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
function writeShards(job) {
  (0, import_node_fs19.mkdirSync)(job.dir, { recursive: true });
  const sizes = job.items.map(job.sizeOf);
  const shards = planShards(sizes, job.maxShardBytes);
  if (shards.length <= 1) {
    const name = `${job.baseName}.${job.ext}`;
    job.write((0, import_node_path13.join)(job.dir, name), [...job.items]);
    return { files: [name], index: null };
  }
  const names = [];
  const weightMap = /* @__PURE__ */ Object.create(null);
  shards.forEach((members, i) => {
    const name = shardFileName(job.baseName, job.ext, i, shards.length);
    const part = members.map((m) => job.items[m]);
    job.write((0, import_node_path13.join)(job.dir, name), part);
    for (const t of part) weightMap[job.nameOf(t)] = name;
    names.push(name);
  });
  const index = { metadata: { total_size: sizes.reduce((a, b) => a + b, 0) }, weight_map: weightMap };
  (0, import_node_fs19.writeFileSync)((0, import_node_path13.join)(job.dir, `${job.baseName}.${job.ext}.index.json`), writeShardIndex(index));
  return { files: names, index };
}

// src/formats/torch/write-archive.ts
var STREAM_CHUNK = 128 << 10;
var FORMAT_VERSION = "3\n";
var G2 = (module2, name) => ({ kind: "global", module: module2, name });
var REBUILD_TENSOR_V2 = G2("torch._utils", "_rebuild_tensor_v2");
var REBUILD_PARAMETER = G2("torch._utils", "_rebuild_parameter");
var ORDERED_DICT3 = G2("collections", "OrderedDict");
function writeTorchArchive(target, root, opts = {}) {
  const archiveName = opts.archiveName ?? (typeof target === "string" ? defaultArchiveName(target) : "archive");
  if (typeof target === "number") return writeToFd(target, root, archiveName, opts);
  const fd = (0, import_node_fs20.openSync)(target, "w");
  try {
    writeToFd(fd, root, archiveName, opts);
  } catch (e) {
    (0, import_node_fs20.closeSync)(fd);
    (0, import_node_fs20.unlinkSync)(target);
    throw e;
  }
  (0, import_node_fs20.closeSync)(fd);
}
function defaultArchiveName(path) {
  const base = (0, import_node_path14.basename)(path);
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
    for (const s of storages.all().sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) {
      const crc = s.bytes.kind === "raw" ? s.bytes.crc32 : void 0;
      zip.addEntry(`${prefix}data/${s.key}`, s.nbytes, (sink) => copyRange(s.bytes, sink, { files, bufSize: STREAM_CHUNK }), crc);
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
    let s = this.byId.get(id);
    if (!s) {
      const bytes = info.bytes;
      if (!bytes) throw new FormatError("", `storage ${info.key} has no bytes in the file to copy`);
      const nbytes = locationLength(bytes);
      const size = itemSize(info.dtype);
      if (info.numel !== null && info.numel * size !== nbytes) {
        throw new FormatError(fileOf(bytes), `storage ${info.key} holds ${nbytes} bytes, not the ${info.numel} \xD7 ${size} its header declares`);
      }
      if (nbytes % size !== 0) throw new FormatError(fileOf(bytes), `storage ${info.key} holds ${nbytes} bytes, not a whole number of ${info.dtype} elements`);
      s = { key: String(this.list.length), info, bytes, nbytes };
      this.byId.set(id, s);
      this.list.push(s);
    }
    return s;
  }
  all() {
    return this.list.slice();
  }
  pids = /* @__PURE__ */ new WeakSet();
  /** The persistent id torch.save's persistent_id returns for a storage. */
  pid(info) {
    const s = this.keyFor(info);
    const pid = {
      kind: "persid",
      pid: tuple(["storage", G2("torch", DTYPES[s.info.dtype].storage), s.key, s.info.device, s.nbytes / itemSize(s.info.dtype)])
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
var tuple = (items) => ({ kind: "tuple", items });
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
var emptyOrderedDict = () => ({ kind: "dict", entries: [], cls: ORDERED_DICT3 });
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
function writeShardedTorch(dir, baseName, tensors2, maxShardBytes, opts = {}) {
  const files = opts.files ?? new OpenFiles();
  try {
    return writeShards({
      dir,
      baseName,
      ext: "bin",
      items: tensors2,
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
function stateDict(tensors2) {
  return { kind: "dict", entries: tensors2.map((t) => [t.name, t.tensor]), cls: ORDERED_DICT3 };
}

// src/formats/safetensors/writer.ts
var import_node_fs21 = require("node:fs");
init_dtype();
init_errors();
init_storage_copy();
init_tensor();
function safetensorsCode(dtype) {
  return DTYPES[dtype].safetensors;
}
function safetensorsRank(dtype) {
  return DTYPES[dtype].safetensorsRank ?? -1;
}
function writeSafetensors(path, tensors2, metadata, opts = {}) {
  const planned = plan(path, tensors2, opts.order ?? "reference");
  const header2 = headerBytes(planned, metadata);
  const fd = (0, import_node_fs21.openSync)(path, "w");
  const files = opts.files ?? new OpenFiles();
  try {
    const out = new BufferedOutput(fd);
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(header2.length), true);
    out.write(len);
    out.write(header2);
    for (const t of planned) writeTensor(t, out, files);
    out.flush();
  } catch (e) {
    (0, import_node_fs21.closeSync)(fd);
    (0, import_node_fs21.unlinkSync)(path);
    throw e;
  } finally {
    if (!opts.files) files.close();
  }
  (0, import_node_fs21.closeSync)(fd);
}
function plan(path, tensors2, order) {
  const seen = /* @__PURE__ */ new Set();
  const planned = tensors2.map(({ name, info }) => {
    if (seen.has(name)) throw new FormatError(path, `tensor ${JSON.stringify(name)} given twice`);
    if (name === "__metadata__") throw new FormatError(path, "a tensor cannot be named __metadata__ in safetensors");
    seen.add(name);
    const code = safetensorsCode(info.dtype);
    if (!code) throw new FormatError(path, `tensor ${JSON.stringify(name)} has dtype ${info.dtype}, which safetensors cannot store`);
    return { name, info, code, nbytes: numel(info.shape) * itemSize(info.dtype) };
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
function writeShardedSafetensors(dir, baseName, tensors2, maxShardBytes, metadata, opts = {}) {
  const files = opts.files ?? new OpenFiles();
  const shardOpts = { ...opts, files };
  try {
    return writeShards({
      dir,
      baseName,
      ext: "safetensors",
      items: tensors2,
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
  const progress = req.progress ? new ProgressFiles(files, () => outputSize(temp), req.totalBytes, req.progress) : files;
  if (req.maxShardBytes !== null) {
    const base = SHARD_BASE[req.format];
    const named = req.tensors.map(([name, tensor]) => ({ name, tensor }));
    const r = req.format === "torch" ? writeShardedTorch(temp, base, named, req.maxShardBytes, { files: progress }) : writeShardedSafetensors(temp, base, named.map((n) => ({ name: n.name, info: n.tensor.info })), req.maxShardBytes, SAFETENSORS_METADATA, { files: progress });
    const index = r.index ? `${base}.${req.format === "torch" ? "bin" : "safetensors"}.index.json` : r.files[0];
    return { entry: (0, import_node_path15.join)(temp, index), files: (r.index ? [...r.files, index] : r.files).map((f) => (0, import_node_path15.join)(temp, f)) };
  }
  if (req.format === "safetensors") {
    writeSafetensors(temp, req.tensors.map(([name, t]) => ({ name, info: t.info })), SAFETENSORS_METADATA, { files: progress });
    return { entry: temp, files: [temp] };
  }
  const fd = (0, import_node_fs22.openSync)(temp, "wx");
  try {
    writeTorchArchive(fd, req.root, { archiveName: defaultArchiveName(req.out), files: progress });
  } finally {
    (0, import_node_fs22.closeSync)(fd);
  }
  return { entry: temp, files: [temp] };
}
function outputSize(path) {
  try {
    const st = (0, import_node_fs22.statSync)(path);
    if (!st.isDirectory()) return st.size;
    let n = 0;
    for (const f of (0, import_node_fs22.readdirSync)(path)) n += (0, import_node_fs22.statSync)((0, import_node_path15.join)(path, f)).size;
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
var import_node_worker_threads3 = require("node:worker_threads");
init_sources();
init_tensor();

// src/formats/zip/entries-digest.ts
var import_node_crypto3 = require("node:crypto");
function zipEntriesDigest(zip) {
  const h = (0, import_node_crypto3.createHash)("sha256");
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
init_reader2();

// src/plan/source-identity.ts
var import_node_fs23 = require("node:fs");
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
    fd = (0, import_node_fs23.openSync)(file, "r");
  } catch {
    return false;
  }
  try {
    return sameIdentity(identityOf((0, import_node_fs23.fstatSync)(fd, { bigint: true })), recorded);
  } finally {
    (0, import_node_fs23.closeSync)(fd);
  }
}

// src/plan/types.ts
var PLAN_SOURCE_KINDS = ["checkpoint", "manifest", "key-list", "error-text"];
function planSourceKind(plan2) {
  return plan2.source.kind ?? "checkpoint";
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
    if (absent.length) parts.push(`${absent.length} planned key(s) absent (${examples(absent)})`);
    if (extra.length) parts.push(`${extra.length} key(s) the plan does not know (${examples(extra)})`);
    if (kind2 === "checkpoint") problems.push(`key set differs: ${parts.join("; ")}`);
    else {
      const why = kind2 === "error-text" ? "which names only the keys that differed, so its plan fits no whole checkpoint: make the plan from the checkpoint with sdmatch plan CHECKPOINT ERROR.txt" : `so the checkpoint's keys must be exactly those of ${plan2.source.file || "that source"}`;
      problems.push(`key set differs (the plan was made from ${MADE_FROM[kind2]}, ${why}): ${parts.join("; ")}`);
    }
  }
  return problems;
}
function examples(keys) {
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
  const worker = new import_node_worker_threads3.Worker(WORKER_SOURCE3, { eval: true, execArgv: [], workerData: { files: [...files], shared } });
  worker.unref();
  worker.on("error", () => {
  });
  let settled = null;
  return {
    result() {
      if (settled) return settled;
      while (Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0, 1e3);
      const n = Atomics.load(state, 0) - 1;
      const text = Buffer.from(new Uint8Array(shared, 4, n)).toString("utf8");
      settled = text.startsWith("ok:") ? { sha256: text.slice(3) } : { error: text.replace(/^error:/, "") };
      void worker.terminate();
      return settled;
    },
    cancel() {
      void worker.terminate();
    }
  };
}

// src/plan/validate.ts
init_errors();

// src/plan/schema.ts
var PLAN_FORMAT = "sdmatch-plan";
var RELATIVE_TO_PLAN = "relative-to-plan";
var PLAN_VERSIONS = [1, 2, 3, 4];
var confidence = { type: "number", minimum: 0, maximum: 1, description: "how sure inference is (0..1)" };
var evidence = { type: "string", description: "what the op rests on, in words" };
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
    version: { enum: [...PLAN_VERSIONS], description: "3 (written now), or 4 when the plan holds a rope_permute; 2 and 1 are still read: 2 has no concat by pattern or reshape by trailing 1s, 1 also no copy, stack, split by pattern or index arithmetic" },
    paths: {
      const: RELATIVE_TO_PLAN,
      description: "a relative source.file or target.file starts at the folder of the plan file (plan -o writes them so, and this field): a plan moved, committed or checked out elsewhere together with its files still names them, from any working folder. Absent (plans written before it): an absolute name as it is, a relative one as given, then beside the plan file. Optional, so no version bump: a release before it refuses the field by name rather than look for the files from where it runs"
    },
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
          description: "the source file's device, inode, size, mtime and ctime (nanoseconds) when plan hashed it, read by fstat of the hashing descriptor before and after (absent if they differed, for several files, and for a file written just before). Every write updates ctime, which user space cannot set: apply skips re-reading a source with all five unchanged (--full-hash re-reads it anyway); another identity means the full sha256 check. Needs sha256. Optional, so no version bump: a release before it refuses the field by name (every object of a plan refuses unknown fields) rather than misread it",
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
          opSchema("strip_prefix", "keys starting with prefix lose it", { prefix: { type: "string", minLength: 1 }, confidence, evidence }, ["prefix"]),
          opSchema("add_prefix", "every key gets prefix (use rename with ^ for part of the keys)", { prefix: { type: "string", minLength: 1 }, confidence, evidence }, ["prefix"]),
          opSchema("rename", "the first match of pattern is replaced; $1 is group 1, $$ a literal $; version 2: ${1+1}, ${1//3}, ${1%3} do index arithmetic on a group (steps left to right, Python floor division and modulo)", { pattern: regex, replacement: { type: "string" }, confidence, evidence }, ["pattern", "replacement"]),
          opSchema(
            "rename",
            "a rename by index table: the text of group 1 of the first match picks the row of table whose replacement ($1, $$; no index arithmetic) replaces the match; a key whose group 1 the table does not list is left as it is (at most 256 rows). Optional field, so no version bump: a release before it refuses the field table by name",
            { pattern: regex, table: { type: "object", minProperties: 1, maxProperties: 256, additionalProperties: { type: "string" } }, confidence, evidence },
            ["pattern", "table"]
          ),
          opSchema(
            "drop",
            "keys matching pattern are removed",
            {
              pattern: regex,
              reason: { type: "string" },
              confidence,
              unsettled: {
                const: true,
                description: "inference made this drop on a reading the error text does not settle (the text points to another reading, or leaves it open): the keys may be trained weights the model should have. apply refuses such a plan (exit 2, naming the plan and the op, nothing written) unless --allow-guessed-drops. Optional, so no version bump: a release before it refuses the field by name rather than apply the drop silently; a plan written before it carries only the opening words of the reason, NOT A SETTLED FIX, which apply reads as the same mark"
              },
              text_reading: {
                type: "string",
                minLength: 1,
                description: "with unsettled only: the reading the error text points to instead of this drop (model_lacks: the model should have these keys; renamed: it holds them under another name), so the text argues against it. apply --allow-guessed-drops leaves such a drop undone, its keys kept in the output (the check against the target names them); remove unsettled and text_reading once you have decided they should go. A plan written before it carries only the words NOT A SETTLED FIX: the text points to another reading, read the same way"
              },
              no_counterpart: {
                const: true,
                description: "inference dropped (some of) these keys for having no counterpart in a model whose every key was accounted for: with the model's full key list, where they are trained weights, the drop is a decision and is also unsettled (an unused module, or a layer the model's code lacks). Informative: apply reads unsettled, not this. Optional, so no version bump: a release before it refuses the field by name"
              }
            },
            ["pattern", "reason"]
          ),
          {
            ...opSchema(
              "transpose",
              "permute the dims of one tensor (key) or of every tensor a regex matches (pattern), named as they are at this point",
              {
                key: keyName,
                pattern: regex,
                dims: { type: "array", items: { type: "integer", minimum: 0 }, minItems: 2 },
                confidence,
                evidence,
                unwitnessed: {
                  const: true,
                  description: "the weights are reversed and nothing witnesses a layout (no Conv1D name, kernel, bias or decided layout): a transposed layout and a model of swapped sizes explain them alike, and the op takes them to be transposed. A guess about values that a strict load cannot catch; listed in `guesses` (explain) and by apply. Optional, so no version bump"
                }
              },
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
                confidence,
                evidence
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
              { key: keyName, pattern: regex, dim: { type: "integer", minimum: 0 }, targets: { type: "array", items: keyName, minItems: 2 }, sizes: { type: "array", items: { type: "integer", minimum: 1 }, minItems: 2 }, confidence, evidence },
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
                confidence,
                evidence
              },
              ["dim", "target"]
            ),
            oneOf: [{ required: ["keys"] }, { required: ["pattern", "part", "parts"] }]
          },
          opSchema(
            "stack",
            "version 2: the keys pattern matches, grouped by target expanded with each key's match, each group stacked along a new dimension dim in the order of capture group index (0, 1, \u2026, n\u22121)",
            { pattern: regex, index: { type: "integer", minimum: 1 }, dim: { type: "integer", minimum: 0 }, target: keyName, confidence, evidence },
            ["pattern", "index", "dim", "target"]
          ),
          {
            ...opSchema(
              "rope_permute",
              "version 4: reorder the rows of a rotary q or k projection (key, or every key pattern matches) within each head, keeping its name and shape: the rows cut into kv_heads heads when given, else heads (llama.cpp LlamaModel.permute(w, n_head, n_head_kv)), each head viewed as [2, d/2] and swapped to [d/2, 2] (to: interleaved, HF \u2192 Meta / GGUF), or viewed as [d/2, 2] and swapped to [2, d/2] (to: halves, transformers permute_for_rope, Meta \u2192 HF)",
              {
                key: keyName,
                pattern: regex,
                heads: { type: "integer", minimum: 1, description: "attention heads (n_head)" },
                kv_heads: { type: "integer", minimum: 1, description: "key/value heads (n_head_kv): when given, the rows are cut into this many heads (k of a model with grouped-query attention)" },
                to: { enum: ["interleaved", "halves"], description: "the row layout the op gives: interleaved (rotary pairs in rows 2i, 2i+1: Meta, GGUF) or halves (rows i, i + d/2: transformers)" },
                confidence,
                evidence
              },
              ["heads", "to"]
            ),
            ...keyOrPattern
          },
          opSchema("copy", "version 2: store the tensor key also as target, sharing its storage (a weight the model ties, e.g. lm_head.weight to the embeddings)", { key: keyName, target: keyName, confidence, evidence }, ["key", "target"])
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
    keepMissing: { type: "array", items: regex, description: "regexes over target keys the model initialises itself (a new head): missing on purpose; sdmatch plan check accepts them" },
    loadsAsStored: {
      type: "array",
      items: { type: "string" },
      description: "source keys written as stored although nothing decided their layout (a square kernel beside kernels of its name stored transposed, listed as ambiguous): load_state_dict(strict=True) accepts them, and their values may be transposed, so apply names them as not verified. Optional, so no version bump"
    },
    tiedApart: {
      type: "array",
      items: { type: "array", items: { type: "string" }, minItems: 2 },
      description: "model keys the model ties (one tensor under several names) that the plan writes from separate tensors of the checkpoint, one array per tie in the model's order: load_state_dict(strict=True) accepts them and keeps only the last one's values, so apply says the others' trained values are lost and exits 1, and plan check calls the plan not exact. Optional, so no version bump"
    }
  }
};

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
var MAX_RANK2 = 64;
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
      if (o.table !== void 0) return tableRename(r, o, path, meta());
      r.onlyFields(o, path, ["op", "pattern", "replacement", ...META]);
      const pattern = r.regex(o, "pattern", path);
      const replacement = r.string(o, "replacement", path);
      const problem = replacementProblem(replacement, groupCount(pattern));
      if (problem) r.fail(`${path}.replacement`, problem);
      return { op: "rename", pattern, replacement, ...meta() };
    }
    case "drop": {
      r.onlyFields(o, path, ["op", "pattern", "reason", "confidence", "unsettled", "text_reading", "no_counterpart"]);
      if (o.unsettled !== void 0 && o.unsettled !== true) r.fail(`${path}.unsettled`, `expected true (or no such field: a settled drop), got ${typeof o.unsettled === "boolean" ? String(o.unsettled) : kind(o.unsettled)}`);
      if (o.text_reading !== void 0 && o.unsettled !== true) r.fail(`${path}.text_reading`, "is said only of an unsettled drop (unsettled: true)");
      const textReading = o.text_reading === void 0 ? {} : { text_reading: r.string(o, "text_reading", path, true) };
      if (o.no_counterpart !== void 0 && o.no_counterpart !== true) r.fail(`${path}.no_counterpart`, `expected true (or no such field), got ${typeof o.no_counterpart === "boolean" ? String(o.no_counterpart) : kind(o.no_counterpart)}`);
      return { op: "drop", pattern: r.regex(o, "pattern", path), reason: r.string(o, "reason", path), ...r.optionalConfidence(o, path), ...o.unsettled === true ? { unsettled: true } : {}, ...textReading, ...o.no_counterpart === true ? { no_counterpart: true } : {} };
    }
    case "transpose": {
      r.onlyFields(o, path, ["op", "key", "pattern", "dims", "unwitnessed", ...META]);
      const selector = readSelector(r, o, path);
      const dims2 = r.integers(o, "dims", path, 0, 2);
      const sorted = [...dims2].sort((a, b) => a - b);
      if (!sorted.every((d, i) => d === i)) r.fail(`${path}.dims`, `[${dims2.join(", ")}] is not a permutation of 0..${dims2.length - 1}`);
      if (o.unwitnessed !== void 0 && o.unwitnessed !== true) r.fail(`${path}.unwitnessed`, `expected true (or no such field: a transpose its layout witnesses), got ${typeof o.unwitnessed === "boolean" ? String(o.unwitnessed) : kind(o.unwitnessed)}`);
      return { op: "transpose", ...selector, dims: dims2, ...meta(), ...o.unwitnessed === true ? { unwitnessed: true } : {} };
    }
    case "reshape": {
      r.onlyFields(o, path, ["op", "key", "pattern", "shape", "addTrailingOnes", "removeTrailingOnes", ...META]);
      const selector = readSelector(r, o, path);
      const given = RESHAPE_FORMS.filter((f) => o[f] !== void 0);
      if (given.length !== 1) r.fail(path, given.length ? `a reshape gives one of ${RESHAPE_FORMS.join(", ")}, not ${given.join(" and ")}` : `a reshape needs 'shape' (one exact shape) or 'addTrailingOnes' / 'removeTrailingOnes' (dims of size 1 at the end of each tensor's own shape)`);
      if (given[0] !== "shape") {
        const n = r.integer(o, given[0], path, 1);
        if (n >= MAX_RANK2) r.fail(`${path}.${given[0]}`, `${n} dimensions; at most ${MAX_RANK2 - 1}`);
        return { op: "reshape", ...selector, ...given[0] === "addTrailingOnes" ? { addTrailingOnes: n } : { removeTrailingOnes: n }, ...meta() };
      }
      const shape = r.integers(o, "shape", path, 0, 0);
      if (shape.length > MAX_RANK2) r.fail(`${path}.shape`, `${shape.length} dimensions; at most ${MAX_RANK2}`);
      return { op: "reshape", ...selector, shape, ...meta() };
    }
    case "rope_permute": {
      r.onlyFields(o, path, ["op", "key", "pattern", "heads", "kv_heads", "to", ...META]);
      const selector = readSelector(r, o, path);
      const heads = r.integer(o, "heads", path, 1);
      const kvHeads = o.kv_heads === void 0 ? {} : { kv_heads: r.integer(o, "kv_heads", path, 1) };
      if (!ROPE_LAYOUTS.includes(o.to)) r.fail(`${path}.to`, `expected one of ${ROPE_LAYOUTS.join(", ")} (the row layout the op gives), got ${kind(o.to)}`);
      return { op: "rope_permute", ...selector, heads, ...kvHeads, to: o.to, ...meta() };
    }
    case "split": {
      r.onlyFields(o, path, ["op", "key", "pattern", "dim", "targets", "sizes", ...META]);
      const selector = readSelector(r, o, path);
      const dim = r.integer(o, "dim", path);
      const targets = r.strings(o, "targets", path, 2);
      const sizes = r.integers(o, "sizes", path, 1, 2);
      if (sizes.length !== targets.length) r.fail(`${path}.sizes`, `${sizes.length} sizes for ${targets.length} targets`);
      if (selector.pattern !== void 0) {
        const groups2 = groupCount(selector.pattern);
        targets.forEach((t, i) => {
          const problem = replacementProblem(t, groups2);
          if (problem) r.fail(`${path}.targets[${i}]`, problem);
        });
      }
      return { op: "split", ...selector, dim, targets, sizes, ...meta() };
    }
    case "stack": {
      r.onlyFields(o, path, ["op", "pattern", "index", "dim", "target", ...META]);
      const pattern = r.regex(o, "pattern", path);
      const groups2 = groupCount(pattern);
      const index = r.integer(o, "index", path, 1);
      if (index > groups2) r.fail(`${path}.index`, `group ${index} but the pattern has ${groups2} group(s)`);
      const target = r.string(o, "target", path, true);
      const problem = replacementProblem(target, groups2);
      if (problem) r.fail(`${path}.target`, problem);
      return { op: "stack", pattern, index, dim: r.integer(o, "dim", path), target, ...meta() };
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
      const groups2 = groupCount(pattern);
      const part = r.integer(o, "part", path, 1);
      if (part > groups2) r.fail(`${path}.part`, `group ${part} but the pattern has ${groups2} group(s)`);
      const parts = r.strings(o, "parts", path, 2);
      const twice = parts.find((x, i) => parts.indexOf(x) !== i);
      if (twice !== void 0) r.fail(`${path}.parts`, `'${twice}' is listed twice: each part is joined once`);
      const problem = replacementProblem(target, groups2);
      if (problem) r.fail(`${path}.target`, problem);
      return { op: "concat", pattern, part, parts, dim, target, ...meta() };
    }
  }
}
function validatePlan(json, file) {
  const r = new Reader2(file);
  const o = r.object(json, "");
  r.onlyFields(o, "", ["format", "version", "paths", "source", "target", "ops", "mapping", "unmapped", "unexpected", "keepMissing", "loadsAsStored", "tiedApart"]);
  if (o.paths !== void 0 && o.paths !== RELATIVE_TO_PLAN) r.fail("paths", `expected "${RELATIVE_TO_PLAN}" (relative file names start at the plan file's folder) or no field, got ${kind(o.paths)}`);
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
  if (version < 4) {
    ops.forEach((op, i) => {
      if (op.op === "rope_permute") r.fail(`ops[${i}].op`, `'rope_permute' needs plan version 4 (this plan says version ${version})`);
    });
  }
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
      if (op.op === "rename" && op.replacement !== void 0 && hasArithmetic(op.replacement)) r.fail(`ops[${i}].replacement`, "index arithmetic (${\u2026}) needs plan version 2");
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
  const keyList2 = (field) => r.array(o, field, "").map((x, i) => {
    if (typeof x !== "string") return r.fail(`${field}[${i}]`, `expected a string, got ${kind(x)}`);
    return x;
  });
  const unmapped = keyList2("unmapped");
  const unexpected = o.unexpected !== void 0 ? keyList2("unexpected") : void 0;
  const keepMissing = o.keepMissing !== void 0 ? r.array(o, "keepMissing", "").map((_, i) => r.regex(o.keepMissing, String(i), "keepMissing")) : void 0;
  const loadsAsStored = o.loadsAsStored !== void 0 ? r.array(o, "loadsAsStored", "").map((_, i) => r.string(o.loadsAsStored, String(i), "loadsAsStored", true)) : void 0;
  const tiedApart = o.tiedApart !== void 0 ? r.array(o, "tiedApart", "").map((g, i) => {
    const keys = r.array(o.tiedApart, String(i), "tiedApart").map((_, j) => r.string(g, String(j), `tiedApart[${i}]`, true));
    return keys.length >= 2 ? keys : r.fail(`tiedApart[${i}]`, `expected two or more keys, got ${keys.length}`);
  }) : void 0;
  return { format: PLAN_FORMAT, version, ...o.paths !== void 0 ? { paths: RELATIVE_TO_PLAN } : {}, source, target, ops, mapping, unmapped, ...unexpected ? { unexpected } : {}, ...keepMissing ? { keepMissing } : {}, ...loadsAsStored ? { loadsAsStored } : {}, ...tiedApart ? { tiedApart } : {} };
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
var TABLE_ROWS_MAX = 256;
function tableRename(r, o, path, meta) {
  r.onlyFields(o, path, ["op", "pattern", "table", ...META]);
  const pattern = r.regex(o, "pattern", path);
  const groups2 = groupCount(pattern);
  if (groups2 < 1) r.fail(`${path}.pattern`, "a rename by table needs a group 1: its text picks the row");
  const t = r.object(o.table, `${path}.table`);
  const rows = Object.entries(t);
  if (rows.length === 0) r.fail(`${path}.table`, "has no rows");
  if (rows.length > TABLE_ROWS_MAX) r.fail(`${path}.table`, `has ${rows.length} rows; at most ${TABLE_ROWS_MAX}`);
  const table = /* @__PURE__ */ Object.create(null);
  for (const [k, v] of rows) {
    const at = `${path}.table[${JSON.stringify(k)}]`;
    if (typeof v !== "string") r.fail(at, `expected a string (a replacement), got ${kind(v)}`);
    if (hasArithmetic(v)) r.fail(at, "index arithmetic (${\u2026}) is not read in a table row: write the row's text");
    const problem = replacementProblem(v, groups2);
    if (problem) r.fail(at, problem);
    table[k] = v;
  }
  return { op: "rename", pattern, table, ...meta };
}

// src/plan/unsettled.ts
var UNSETTLED_MARKER = "NOT A SETTLED FIX";
var AGAINST_TEXT = "the text points to another reading";
var ALLOW_GUESSED_DROPS = "--allow-guessed-drops";
function isUnsettledDrop(op) {
  return op.op === "drop" && (op.unsettled === true || op.reason.trimStart().toUpperCase().startsWith(UNSETTLED_MARKER));
}
function isAgainstText(op) {
  if (!isUnsettledDrop(op)) return false;
  const reason = op.reason.trimStart();
  return op.text_reading !== void 0 || reason.slice(UNSETTLED_MARKER.length).replace(/^:\s*/, "").startsWith(AGAINST_TEXT);
}
function unsettledDrops(plan2) {
  return plan2.ops.flatMap((op, index) => isUnsettledDrop(op) ? [{ index, op }] : []);
}
function guessedDrops(plan2) {
  return unsettledDrops(plan2).filter((d) => !isAgainstText(d.op));
}
function againstTextDrops(plan2) {
  return unsettledDrops(plan2).filter((d) => isAgainstText(d.op));
}
var opsList = (found) => {
  const names = found.map((f) => `ops[${f.index}]`);
  return names.length > 4 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
};
function unsettledLine(plan2) {
  const found = unsettledDrops(plan2);
  const first = found[0];
  if (!first) return null;
  const rest = found.slice(1);
  const more = rest.length === 0 ? "" : ` (nor ${rest.length === 1 ? "is" : "are"} ${opsList(rest)})`;
  const against = againstTextDrops(plan2);
  const undone = against.length === 0 ? "" : `; ${opsList(against)} the text argues against (the model should have those keys, or holds them under another name): even with ${ALLOW_GUESSED_DROPS} ${against.length === 1 ? "it is" : "they are"} left undone, the keys kept`;
  return `ops[${first.index}] (drop ${first.op.pattern}) is a guessed drop${more}: nothing the plan was made from (an error text, or a model with no place for trained weights) settles that these keys should go, and they may be trained weights the model should have (the op's reason says what decides)${undone}`;
}
function guessedDropsRefusal(plan2, allowed, done) {
  const line = allowed ? null : unsettledLine(plan2);
  if (line === null) return null;
  const then = guessedDrops(plan2).length > 0 ? `then pass ${ALLOW_GUESSED_DROPS} to drop them anyway` : `${ALLOW_GUESSED_DROPS} writes the output with those keys kept`;
  return `${line}; nothing ${done}: review it, ${then}`;
}
function withoutAgainstTextDrops(plan2, source) {
  const against = againstTextDrops(plan2);
  if (against.length === 0) return { plan: plan2, undone: [], kept: [] };
  const skip = new Set(against.map((d) => d.index));
  const ops = plan2.ops.filter((_, i) => !skip.has(i));
  const { mapping } = applyOpsToKeys(ops, source);
  const names = (m) => Object.values(m).flatMap((v) => v === null ? [] : Array.isArray(v) ? v : [v]);
  const before = new Set(names(plan2.mapping));
  const kept = names(mapping).filter((k) => !before.has(k));
  return { plan: { ...plan2, ops, mapping, unexpected: [...plan2.unexpected ?? [], ...kept] }, undone: against.map((d) => d.op), kept };
}

// src/plan/unwritable.ts
init_walk();
init_tensor();
function hasNoBytes(info) {
  return info.storage.bytes === null && numel(info.shape) > 0;
}
function unwritableMessage(keys, storageOf2) {
  const first = keys[0];
  const storage = storageOf2(first) ?? "";
  const why = storage.startsWith(`${first} (`) ? storage.slice(first.length + 1) : storage ? `(storage ${storage})` : "";
  const more = keys.length > 1 ? ` (and ${keys.length - 1} more)` : "";
  const n = keys.length === 1 ? "1 tensor" : `${keys.length} tensors`;
  return `${n} of the checkpoint ${keys.length === 1 ? "has" : "have"} no bytes sdmatch can write as one tensor, so apply refuses ${keys.length === 1 ? "it" : "them"}: \`${first}\`${why ? ` ${why}` : ""}${more}; join the pieces with the framework's own converter first, or leave ${keys.length === 1 ? "it" : "them"} to the model (--drop for the checkpoint's key, --keep-missing for the model's)`;
}

// src/apply/apply.ts
function dryRunApply(opts) {
  refuseGuessedDrops(opts);
  const { preview, src } = prepare(opts);
  const notes = [
    ...preview.notes,
    ...dcpInPlaceTarget(opts, src) ? [`in place: only ${src.checkpoint.files[0]} would be rewritten; the data files are not touched`] : []
  ];
  return { ...preview, notes, hash: preview.hash === "matched" ? "not checked (dry run)" : preview.hash, ...dcpInPlaceTarget(opts, src) ? { dcpInPlace: true } : {} };
}
function refuseGuessedDrops(opts) {
  const line = guessedDropsRefusal(opts.plan, opts.allowGuessedDrops ?? false, "written");
  if (line) throw new FormatError(opts.planFile, line);
}
function applyPlan(opts) {
  refuseGuessedDrops(opts);
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
    output = new AtomicOutput(opts.out, preview.sharded ? "dir" : "file", { guardInterrupts: opts.guardInterrupts ?? false, sync: opts.sync ?? true, expectedBytes: preview.totalBytes });
  } catch (e) {
    hash?.cancel();
    throw writeProblem(e, opts.out, src.path);
  }
  const files = new OpenFiles();
  try {
    const sources = new Map(src.entries);
    const rebuilder = new Rebuilder(sources, files);
    const tensors2 = preview.changes.outputs.map((o) => [
      o.key,
      o.recipe.kind === "source" ? asTorchTensor(sources.get(o.recipe.key)) : rebuilder.build(o)
    ]);
    const root = outputRoot(src, tensors2, metadata, preview.keepContainer);
    const progress = opts.progress ? { progress: opts.progress } : {};
    const storages = withSourceFile(src.path, () => copyInKernel(output.temp, {
      enabled: opts.fast ?? true,
      src,
      format: preview.format,
      sharded: preview.sharded,
      keepContainer: preview.keepContainer,
      outputs: preview.changes.outputs,
      tensors: tensors2,
      root,
      totalBytes: preview.totalBytes,
      ...progress
    }));
    const written = storages.kind === "in-kernel" ? { entry: output.temp, files: [output.temp] } : withSourceFile(
      src.path,
      () => writeOutput(output.temp, { format: preview.format, root, tensors: tensors2, maxShardBytes: opts.maxShardBytes ?? null, out: opts.out, totalBytes: preview.totalBytes, ...progress }, files)
    );
    output.flush();
    const check = verifyOutput({
      entry: written.entry,
      name: opts.out,
      select: preview.keepContainer ? src.select : [],
      tensors: tensors2.map(([key, t]) => ({ key, info: t.info })),
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
    const bytes = names.reduce((n, f) => n + (0, import_node_fs24.statSync)(f).size, 0);
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
    return (0, import_node_fs24.statSync)(opts.source).isFile();
  } catch {
    return false;
  }
}
function prepare(opts) {
  const { planFile } = opts;
  const sharded = opts.maxShardBytes !== void 0 && opts.maxShardBytes !== null;
  if (sharded && !(opts.maxShardBytes > 0)) throw new FormatError("", `--max-shard-size must be positive`);
  const src = openPlanSource(opts.source, opts.plan.source.select, opts.selectOverride, opts.plan);
  checkOutputPath(opts, src, sharded);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  const problems = fingerprintProblems(opts.plan, { size: src.checkpoint.size, keys: keys.map((k) => k.key), entries: keys });
  if (problems.length > 0 && !opts.force) {
    throw new FormatError(planFile, `the plan was made for another file: ${src.path}'s ${problems.join("; ")} (pass --force to apply its ops anyway)`);
  }
  const notes = [];
  const { plan: plan2, undone, kept } = opts.allowGuessedDrops ? withoutAgainstTextDrops(opts.plan, keys) : { plan: opts.plan, undone: [], kept: [] };
  if (undone.length > 0) notes.push(undoneNote(undone, kept));
  if (src.foundByKeys) notes.push(`the state dict is the one at ${formatKeyPath(src.select)}, found by the plan's source keys (the plan records ${formatKeyPath(opts.plan.source.select)}, from ${opts.plan.source.file})`);
  const changes = planKeyChanges(plan2, planFile, keys);
  if (!opts.force) {
    const disagree = checkPlanConsistency(opts.plan, keys);
    if (disagree.length > 0) {
      const more = disagree.length > 1 ? ` (and ${disagree.length - 1} more)` : "";
      throw new FormatError(planFile, `ops and mapping disagree: ${disagree[0]}${more}; the ops define the plan: after editing them, recompute the mapping with sdmatch plan edit ${planFile} -o ${planFile}`);
    }
  }
  refuseUnwritable(changes, src);
  const format = opts.format ?? formatFor(opts.out, src.checkpoint.format, src);
  const keepContainer = opts.keepContainer ?? false;
  if (keepContainer) {
    if (format !== "torch" || sharded) throw new FormatError("", "--keep-container writes a single torch file: it cannot be combined with safetensors or sharded output");
    const folder = DISTRIBUTED[src.checkpoint.format];
    if (folder !== void 0) {
      throw new FormatError(src.path, `--keep-container keeps a file's other objects around its state dict; a consolidated ${folder} checkpoint is written as its state dict alone (the rest stays in its folder): write it without --keep-container`);
    }
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
  const meta = src.dict ? metadataOf(src.dict) : null;
  let metadata = null;
  let renamedMeta = null;
  if (meta) {
    const r = renameMetadata(meta, plan2.ops, changes.mapping);
    renamedMeta = r.metadata;
    metadata = { entries: r.metadata.entries.length, renamed: r.renamed, dropped: r.dropped, carried: format === "torch" };
    if (format !== "torch") notes.push("module versions (_metadata) are not carried: safetensors has no place for them; BatchNorm then assumes the current version");
  }
  const hash = identityCheck(opts, src, notes, keySetMatches(opts.plan, keys) === true);
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
function refuseUnwritable(changes, src) {
  const sources = new Map(src.entries);
  const keys = [...new Set(changes.outputs.flatMap((o) => o.sources))].filter((k) => {
    const t = sources.get(k);
    return t !== void 0 && hasNoBytes(t.info);
  });
  if (keys.length > 0) throw new FormatError(src.path, unwritableMessage(keys, (k) => sources.get(k)?.info.storage.key));
}
function undoneNote(undone, kept) {
  const readings = [...new Set(undone.map((op) => op.text_reading ?? "another reading"))].join(", ");
  const shown = kept.slice(0, 3).join(", ") + (kept.length > 3 ? ", \u2026" : "");
  return `${undone.length === 1 ? `drop ${undone[0].pattern} was` : `${undone.length} drops were`} left undone: the error text argues against ${undone.length === 1 ? "it" : "them"} (it points to ${readings}), so ${ALLOW_GUESSED_DROPS} does not apply ${undone.length === 1 ? "it" : "them"}; ${kept.length} key(s) kept in the output as they are (${shown}): the model as the text shows it does not take them, so strict=True still refuses them until the model takes them (built with them, or renamed onto the names it holds them by), or you decide they should go (remove the op's unsettled and text_reading)`;
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
  const ext = (0, import_node_path16.extname)(out).toLowerCase();
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
  const out = (0, import_node_path16.resolve)(opts.out);
  const metadata = files[0];
  return out === (0, import_node_path16.resolve)((0, import_node_path16.dirname)(metadata)) || files.some((f) => (0, import_node_path16.resolve)(f) === out) ? metadata : null;
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
  const behind = optimizerStateLeftBehind(meta, src.select, mapping);
  const r = rewriteDcpMetadata(metadataFile, dcpRenames(meta, src.select, mapping, metadataFile), { sync: opts.sync ?? true });
  const after = openPlanSource((0, import_node_path16.dirname)(metadataFile), src.select);
  const got = new Map(after.entries.map(([k, t]) => [k, t.info.shape]));
  const wrong = c.outputs.filter((o) => !got.has(o.key) || o.shape !== null && JSON.stringify(got.get(o.key)) !== JSON.stringify(o.shape));
  if (wrong.length > 0) throw new Error(`DCP .metadata rewritten but ${wrong[0].key} is not read back as planned`);
  const notes = [...preview.notes, `in place: only ${metadataFile} was rewritten (${r.renamed} renamed, ${r.dropped} dropped); the data files were not touched${r.dropped > 0 ? " (dropped chunks stay in them, unreferenced)" : ""}`];
  if (behind.length > 0) {
    notes.push(`in place: ${behind.length} optimizer-state item(s) still name the renamed parameters by their old names (${behind.slice(0, 2).map((k) => `\`${k}\``).join(", ")}${behind.length > 2 ? ", \u2026" : ""}), and get_state_dict's param_groups list parameter names too, inside the data files, which a .metadata rewrite cannot change: the model loads from this folder under its new names, but resuming the optimizer from it fails; to keep training from it, save model and optimizer again from the renamed model (get_state_dict)`);
  }
  return { ...preview, notes, dcpInPlace: true, written: { files: [metadataFile], bytes: r.bytes, tensors: after.entries.length, seconds: (Date.now() - started) / 1e3, storages: { kind: "metadata-only" } } };
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
  const link = outputTarget(opts.out);
  if (!link.ok) throw new FormatError(opts.out, `cannot write: ${link.why}`);
  const folder = (0, import_node_path16.dirname)((0, import_node_path16.resolve)(opts.out));
  let dir;
  try {
    dir = (0, import_node_fs24.statSync)(folder);
  } catch (e) {
    throw asEnvironmentError(e, opts.out, `cannot write into ${folder}`);
  }
  if (!dir.isDirectory()) throw new FormatError(opts.out, `cannot write into ${folder}: it is not a folder`);
  let st;
  try {
    st = (0, import_node_fs24.statSync)(opts.out);
  } catch (e) {
    if (e.code === "ENOENT") {
      const listed2 = listedByLoader([...sourceFiles(src.checkpoint, src.path), ...src.checkpoint.opened ?? []], opts.out);
      if (listed2 !== null) throw new FormatError(opts.out, `is in ${listed2}: a file written there would be read as part of the source on resume; sdmatch never writes into its source: write the output elsewhere`);
      return;
    }
    throw asEnvironmentError(e, opts.out, "cannot write");
  }
  if (st.isDirectory()) {
    if (opts.inPlace) throw new FormatError(opts.out, `is a ${MULTI_FILE[src.checkpoint.format] ?? "checkpoint folder"}: --in-place rewrites one file (or a DCP folder's .metadata) and cannot rewrite it; write a consolidated checkpoint with -o OUT.pt (or -o DIR --max-shard-size SIZE)`);
    if (!sharded) throw new FormatError(opts.out, "is a folder; name the output file (or shard with --max-shard-size, which writes a folder)");
    if ((0, import_node_fs24.readdirSync)(opts.out).length > 0) throw new FormatError(opts.out, "exists and is not empty; sharded output needs a new or empty folder");
    return;
  }
  const special = notRegularFile(st);
  if (special) throw new FormatError(opts.out, special);
  if (sharded) throw new FormatError(opts.out, "exists and is a file; sharded output is a folder");
  const identity = sourceFiles(src.checkpoint, src.path);
  const guarded = [.../* @__PURE__ */ new Set([...identity, ...src.checkpoint.opened ?? []])];
  const hit = guarded.find((f) => sameFile(f, opts.out));
  if (hit === void 0) return;
  if (opts.inPlace && guarded.length > 1) {
    const what = MULTI_FILE[src.checkpoint.format] ?? "checkpoint made of several files";
    throw new FormatError(opts.out, `is one of the ${guarded.length} files of a ${what}: --in-place rewrites one file and cannot rewrite the set; write a new checkpoint with -o (one file, or -o DIR --max-shard-size SIZE for a sharded set)`);
  }
  if (opts.inPlace) return;
  if (identity.includes(hit)) throw new FormatError(opts.out, `is the source (${hit}); sdmatch never writes over its source unless --in-place is given`);
  throw new FormatError(opts.out, `is part of the source (${hit}: its framework's loader reads it on resume); sdmatch never writes over its source`);
}
var DISTRIBUTED = { dcp: "DCP", deepspeed: "DeepSpeed", megatron: "Megatron-LM" };
var MULTI_FILE = {
  "hf-sharded": "sharded set (its index and shards)",
  deepspeed: "DeepSpeed checkpoint folder",
  megatron: "Megatron-LM checkpoint folder"
};
var FOLDER_REFUSALS = /* @__PURE__ */ new Set(["EACCES", "EPERM", "EROFS"]);
function writeProblem(e, out, source) {
  const err = e;
  const path = typeof err?.path === "string" ? err.path : null;
  if (path !== null && (0, import_node_path16.resolve)(path) === (0, import_node_path16.resolve)(source) && err.dest === void 0) return asEnvironmentError(e, source, "cannot read");
  const folder = (0, import_node_path16.dirname)((0, import_node_path16.resolve)(out));
  if (path !== null && (0, import_node_path16.resolve)(path) !== (0, import_node_path16.resolve)(out) && (0, import_node_path16.dirname)((0, import_node_path16.resolve)(path)) === folder && FOLDER_REFUSALS.has(err.code ?? "")) {
    return asEnvironmentError(e, out, `cannot write into ${folder}`);
  }
  return asEnvironmentError(e, out, "cannot write");
}
function asTorchTensor(t) {
  if (t.info.kind !== "ndarray") return t;
  return { kind: "tensor", info: { ...t.info, kind: "tensor" }, original: null };
}
function outputRoot(src, tensors2, metadata, keepContainer) {
  const attrs = metadata ? withMetadata(src.dict?.attrs, metadata) : src.dict?.attrs;
  const dict = stateDictNode(tensors2, src.dict, attrs);
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

// src/formats/keys.ts
function sameShape(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// src/analysis/diff.ts
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
    const s = src.get(e.key);
    if (!s) {
      out.missing.push(e.key);
      continue;
    }
    let ok = true;
    if (s.shape && e.shape && !sameShape(s.shape, e.shape)) {
      out.shapeMismatch.push({ key: e.key, source: s.shape, expected: e.shape });
      ok = false;
    }
    if (!opts.ignoreDtype && s.dtype && e.dtype && s.dtype !== e.dtype) {
      out.dtypeMismatch.push({ key: e.key, source: s.dtype, expected: e.dtype });
      ok = false;
    }
    if (ok) out.matched.push(e.key);
  }
  for (const s of src.values()) if (!exp.has(s.key)) out.unexpected.push(s.key);
  return out;
}
function passedWhole(entries, report) {
  if (report.unexpected.length === 0) return false;
  const have = new Set(entries.map((e) => e.key));
  return report.unexpected.every((k) => !k.includes(".") && !have.has(k));
}
var EXAMPLES = 3;
function examples2(keys) {
  const shown = keys.slice(0, EXAMPLES).map((k) => `\`${k}\``).join(", ");
  return keys.length > EXAMPLES ? `${shown}, \u2026` : shown;
}
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
function assumedMatchedNote(assumed) {
  return `${plural(assumed, "key")} the checkpoint has that the error does not mention ${assumed === 1 ? "is" : "are"} assumed matched`;
}
function diffWithErrorReport(source, report) {
  const notes = [...report.notes];
  const reportedSizes = new Map(report.sizeMismatch.map((s) => [s.key, s]));
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
    out.shapeMismatch = report.sizeMismatch.map((s) => ({ key: s.key, source: s.source, expected: s.expected }));
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
      `${plural(strangerUnexpected.length, "key")} the error calls unexpected ${strangerUnexpected.length === 1 ? "is" : "are"} not in this checkpoint (${examples2(strangerUnexpected)}): the error was not produced by this checkpoint as it is`
    );
  }
  const presentMissing = report.missing.filter((k) => src.has(k));
  if (presentMissing.length > 0 && presentMissing.length === report.missing.length && strangerUnexpected.length === report.unexpected.length && report.unexpected.length > 0 && report.unexpected.every((k) => !k.includes("."))) {
    notes.push(
      `every key the error calls missing is in this state dict and none it calls unexpected is (${examples2(report.unexpected)}): the error came from passing the whole checkpoint to load_state_dict instead of this state dict inside it`
    );
  } else if (presentMissing.length > 0) {
    notes.push(
      `${plural(presentMissing.length, "key")} the error calls missing ${presentMissing.length === 1 ? "is" : "are"} in this checkpoint (${examples2(presentMissing)}): the error was not produced by this checkpoint as it is`
    );
  }
  if (presentMissing.length > 0) out.missing = report.missing.filter((k) => !src.has(k));
  const reportedMissing = new Set(presentMissing);
  const settled = /* @__PURE__ */ new Set();
  for (const s of report.sizeMismatch) {
    const have = src.get(s.key);
    if (!have) out.missing.push(s.key);
    else if (have.shape !== null && have.shape.join() === s.expected.join()) settled.add(s.key);
    else out.shapeMismatch.push({ key: s.key, source: have.shape ?? s.source, expected: s.expected });
  }
  const sizeDisagree = report.sizeMismatch.filter((s) => {
    const have = src.get(s.key);
    return !have || have.shape !== null && have.shape.join() !== s.source.join();
  });
  if (sizeDisagree.length > 0) {
    notes.push(
      `${plural(sizeDisagree.length, "size mismatch", "size mismatches")} in the error ${sizeDisagree.length === 1 ? "does" : "do"} not fit this checkpoint's shapes (${examples2(sizeDisagree.map((s) => s.key))}): the error was not produced by this checkpoint`
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
    notes.push(assumedMatchedNote(assumed));
  }
  if (source.some((e) => e.dtype !== null)) notes.push("an error text holds no dtypes, so dtype mismatches cannot be checked");
  if (report.missing.length > 0) notes.push("the error gives no shapes for the missing keys");
  return out;
}

// src/analysis/sides.ts
init_walk();
init_errors();
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
      ...r.sizeMismatch.map((s) => ({ key: s.key, shape: s.source, dtype: null }))
    ];
    return { file: src.file, kind: src.kind, entries, selected: null, selection: null, nonTensor: [], report: r, checkpoint: null };
  }
  return { file: src.file, kind: src.kind, entries: src.entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null, ...src.kind === "manifest" && src.tied ? { tied: src.tied } : {}, ...src.kind === "manifest" && src.megatron ? { megatron: src.megatron } : {}, ...src.kind === "manifest" && src.modules ? { modules: src.modules } : {} };
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

// src/checkpoint/key-source.ts
var import_node_buffer3 = require("node:buffer");
var import_node_fs25 = require("node:fs");
init_detect();
init_errors();

// src/formats/error-text.ts
init_own_row();
init_errors();

// src/formats/error-text/lists.ts
var ELLIPSIS = /^(?:\.{2,}|\u2026|\[\s*(?:\.{2,}|\u2026)\s*\])/;
var ELLIPSIS_TOKEN = /^(?:\.{2,}|\u2026)$/;
var CUT_IN_KEY = /* @__PURE__ */ new Set(["\n", "\u2026"]);
var WIDE_SCRIPT = "\\u2E80-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF\\uFF00-\\uFFEF";
var WIDE = new RegExp(`[${WIDE_SCRIPT}]`);
var NOT_IN_KEY = /* @__PURE__ */ new Set(["(", ")", "[", "]", "{", "}", "<", ">", ";"]);
var SPACE_AFTER_KEY_CHAR = /[^\s,]\s/;
var MAX_KEY = 65536;
function readKey(s, i, q, close) {
  const n = s.length;
  const stop = Math.min(n, i + 1 + MAX_KEY);
  let odd = false;
  for (let j = i + 1; j < stop; j++) {
    const ch = s[j];
    if (ch === q) {
      const raw = s.slice(i + 1, j);
      if (odd || SPACE_AFTER_KEY_CHAR.test(raw)) {
        let k = j + 1;
        while (k < n && (s[k] === " " || s[k] === "	")) k++;
        if (s[k] !== "," && s[k] !== close) return null;
      }
      return { key: raw.replace(/\s+/g, ""), end: j + 1 };
    }
    if (CUT_IN_KEY.has(ch) || ch === "." && s[j + 1] === "." || ch > "\u2E7F" && WIDE.test(ch)) return null;
    if (NOT_IN_KEY.has(ch)) odd = true;
  }
  return null;
}
function readQuotedList(s, pos, close) {
  const keys = [];
  let truncated2 = false;
  let i = pos;
  const n = s.length;
  for (; ; ) {
    while (i < n && (s[i] === " " || s[i] === "	" || s[i] === ",")) i++;
    if (i >= n) return { keys, truncated: true, end: i };
    const ell = ELLIPSIS.exec(s.slice(i, i + 8));
    if (ell) {
      truncated2 = true;
      i += ell[0].length;
      while (i < n && (s[i] === "." || s[i] === "\u2026")) i++;
      continue;
    }
    let q = s[i];
    if ((q === "u" || q === "b" || q === "r") && (s[i + 1] === '"' || s[i + 1] === "'")) q = s[++i];
    if (q === close) return { keys, truncated: truncated2, end: i + 1 };
    if (q !== '"' && q !== "'") return { keys, truncated: truncated2 || keys.length > 0, end: i };
    const key = readKey(s, i, q, close);
    if (!key) return { keys, truncated: true, end: i + 1 };
    keys.push(key.key);
    i = key.end;
    while (i < n && (s[i] === " " || s[i] === "	")) i++;
    if (i >= n) return { keys, truncated: true, end: i };
    if (s[i] === ",") continue;
    if (ELLIPSIS.test(s.slice(i, i + 8))) continue;
    if (s[i] === close) return { keys, truncated: truncated2, end: i + 1 };
    return { keys, truncated: true, end: i };
  }
}
function readPythonList(s, pos) {
  let i = pos;
  while (i < s.length && (s[i] === " " || s[i] === "	")) i++;
  const open = s[i];
  if (open !== "[" && open !== "{") return null;
  const r = readQuotedList(s, i + 1, open === "{" ? "}" : "]");
  const joined = r.keys.some((k) => k.includes(","));
  const keys = joined ? r.keys.flatMap((k) => k.split(",").filter((x) => x !== "")) : r.keys;
  return { ...r, keys, joined };
}
function keysOfSetRepr(body) {
  const keys = [];
  for (const m of body.matchAll(/\\?(['"])((?:(?!\\?\1).){0,4096}?)\\?\1/g)) keys.push(m[2].replace(/\s+/g, ""));
  return keys;
}
var BARE_KEY = new RegExp(`^[^\\s"'()[\\]{}<>,;${WIDE_SCRIPT}]+$`);
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
    const glued = /^(.*?[^.])(\.{2,}|\u2026)$/.exec(k);
    if (glued) {
      truncated2 = true;
      continue;
    }
    if (!BARE_KEY.test(k)) {
      const [first, ...rest] = k.split(/\s+/);
      if (first !== void 0 && ELLIPSIS_TOKEN.test(first)) return { keys, truncated: true, stopped: true };
      const next = parts[p + 1]?.trim() ?? "";
      if (rest.length === 1 && / \S+$/.test(k) && !/\s{2,}|\t/.test(k) && first !== void 0 && BARE_KEY.test(first) && BARE_KEY.test(rest[0]) && next.includes(".") && BARE_KEY.test(next)) {
        keys.push(first + rest[0]);
        continue;
      }
      if (rest.length > 0 && first !== void 0 && first.includes(".") && BARE_KEY.test(first)) keys.push(first);
      return { keys, truncated: truncated2, stopped: true };
    }
    keys.push(k);
  }
  return { keys, truncated: truncated2, stopped: false };
}
var MAX_EXPANSION = 1e5;
function isBraceGroup(text) {
  let depth2 = 0;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (ch === "{") depth2++;
    else if (ch === "}") {
      if (--depth2 < 0) return false;
    } else if (depth2 === 0 && (ch === "," || /\s/.test(ch))) return false;
  }
  return depth2 === 0 && text.includes("{");
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
  literal: (x, text) => text ? x.map((o) => o + text) : x,
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
function walkBraces(text, algebra) {
  const n = text.length;
  const stack = [];
  let cur = { alts: null, seq: algebra.one(), start: 0, nested: false };
  const skipSpace = (at) => {
    while (at < n && /\s/.test(text[at])) at++;
    return at;
  };
  let pos = 0;
  while (pos < n) {
    const ch = text[pos];
    if (ch === "{") {
      cur.nested = true;
      stack.push(cur);
      pos = skipSpace(pos + 1);
      cur = { alts: null, seq: algebra.one(), start: pos, nested: false };
    } else if (ch === "," || ch === "}") {
      if (stack.length === 0) return null;
      let value = cur.seq;
      if (!cur.nested) {
        const range = RANGE.exec(text.slice(cur.start, pos).trimEnd());
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
      while (j < n && text[j] !== "{" && text[j] !== "}" && text[j] !== ",") j++;
      let lit = text.slice(pos, j);
      if (stack.length === 0 && /\s/.test(lit)) return null;
      if (stack.length > 0 && j < n && text[j] !== "{") lit = lit.trimEnd();
      cur.seq = algebra.literal(cur.seq, lit);
      pos = j;
    }
  }
  return stack.length === 0 ? cur.seq : null;
}
function braceExpansion(text, limit = MAX_EXPANSION) {
  const count = walkBraces(text, COUNT);
  if (count === null) return null;
  return { count, keys: count > limit ? null : walkBraces(text, KEYS) };
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
var QUOTED_NAMES = /(["'])[A-Za-z_]\w{0,80}\1(?:[ \t]*,\s{0,8}(["'])[A-Za-z_]\w{0,80}\2){2,}/g;
var QUOTED_NAME = /["']([A-Za-z_]\w*)["']/g;
var MODEL_SIDE = /\b(?:missing|not\s+found|not\s+initiali[sz]ed|newly\s+initiali[sz]ed|not\s+loaded|were\s+not\s+restored)\b/gi;
var CHECKPOINT_SIDE = /\b(?:unexpected|not\s+used|unused|ignored|were\s+not\s+consumed|extra\s+keys?)\b/gi;
var LABELS = [
  { side: "unexpected", re: /\b(?:checkpoint(?:'s)?\s+keys?|keys?\s+in\s+the\s+checkpoint|saved\s+keys?)\s*\W{0,3}:/gi },
  { side: "missing", re: /\b(?:expected\s+keys?|model(?:'s)?\s+keys?|keys?\s+(?:the\s+)?model\s+expects|(?:the\s+)?model\s+expects)\s*\W{0,3}:/gi }
];
var KEY_THEN_SIDE_LINE = /^[ \t"'`]*(?:(?:parameter|param|key|weight|tensor)[ \t]+)?["'`]?([A-Za-z_][\w\-]*(?:\.[\w\-]+)+)["'`]?[ \t]+(?:is[ \t]+|was[ \t]+)?(?:not[ \t]+found|missing|not[ \t]+loaded)\b/gim;
var PARAMETER_THEN_SIDE = /(?<=\s)(?:parameter|param)[ \t]+["'`]?([A-Za-z_][\w\-]*(?:\.[\w\-]+)+)["'`]?[ \t]+(?:is[ \t]+|was[ \t]+)?(?:not[ \t]+found|missing|not[ \t]+loaded)\b/gi;
var BREAK_IN_TOKEN = /(["']|,[ \t]?)?(?<![\w.\-])([\w.\-]+)\r?\n[ \t]*([\w.\-]+)/g;
var SIDE_WORD = /^(?:missing|unexpected|unused|ignored|initiali[sz]ed)$/i;
var endsInLeaf = (token) => LEAF.test(token.replace(/[.\-]+$/, "").split(".").pop());
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
var BLANK_BEFORE_DOT = /(?<=[\w\-])[ \t]+(?=\.[A-Za-z_])/g;
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
  const read4 = [];
  const records = [...text.matchAll(KEY_THEN_SIDE_LINE), ...text.matchAll(PARAMETER_THEN_SIDE)].sort((a, b) => a.index - b.index);
  for (const m of records) if (!NOT_A_KEY.test(m[1])) read4.push({ key: m[1], side: "missing", labelled: false });
  let mi = -1;
  for (const m of text.matchAll(KEY)) {
    while (mi + 1 < marks.length && marks[mi + 1].at < m.index) mi++;
    if (mi < 0 || m.index > (marks[mi].until ?? Infinity)) continue;
    const key = m[0].replace(/[.\-]+$/, "");
    const leaf = key.slice(key.lastIndexOf(".") + 1);
    if (!LEAF.test(leaf) || NOT_A_KEY.test(key)) continue;
    read4.push({ key, side: marks[mi].side, labelled: marks[mi].until !== void 0 });
  }
  let ni = -1;
  for (const m of text.matchAll(QUOTED_NAMES)) {
    while (ni + 1 < marks.length && marks[ni + 1].at < m.index) ni++;
    if (ni < 0 || m.index > (marks[ni].until ?? Infinity)) continue;
    const names = [...m[0].matchAll(QUOTED_NAME)].map((n) => n[1]);
    if (names.filter((n) => n.includes("_")).length * 2 < names.length) continue;
    for (const key of names) read4.push({ key, side: marks[ni].side, labelled: marks[ni].until !== void 0 });
  }
  const labelledOn = (side) => new Set(read4.filter((r) => r.labelled && r.side === side).map((r) => r.key));
  const model = labelledOn("missing");
  const onBoth = new Set([...labelledOn("unexpected")].filter((k) => model.has(k)));
  const seen = /* @__PURE__ */ new Set();
  for (const r of read4) {
    if (seen.has(r.key) || r.labelled && onBoth.has(r.key)) continue;
    seen.add(r.key);
    out[r.side].push(r.key);
  }
  return out;
}

// src/formats/error-text/families.ts
var MESSAGE_FAMILIES = [
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
var MESSAGE_DETECTOR = new RegExp(MESSAGE_FAMILIES.map((r) => r.pattern.source).join("|"), "i");

// src/formats/error-text/clean.ts
var WIDE2 = new RegExp(`[${WIDE_SCRIPT}]`);
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
var QUOTE_FIXES = CHARACTER_FIXES.filter(([, to]) => ['"', "'", "<", ">", "&"].includes(to));
function normaliseCharacters(text) {
  let out = text.replace(/^\uFEFF/, "").replace(ANSI, "");
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
var SHARED_HEAD = new RegExp(
  `^(\\s*(?:>[ \\t]?)*)${TIMESTAMP_HEAD.source.slice(1)}[ \\t]+(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)(?:[ \\t]|$)`
);
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
var PADDING_RUN = / {8,}|\t+/g;
function joinPaddedRows(line) {
  if (line.length < 80) return line;
  const runs = [...line.matchAll(PADDING_RUN)];
  if (runs.length < 2) return line;
  const rows = runs.map((r, k) => r.index + r[0].length - (k === 0 ? 0 : runs[k - 1].index + runs[k - 1][0].length));
  const row = rows.length >= 3 ? rows[1] : rows[0];
  if (row < 80 || rows.some((w, k) => w !== row && !(k === 0 && rows.length >= 3 && w > row))) return line;
  return line.replace(PADDING_RUN, "");
}
var TAIL_RUN = /(^|["',\s:])([\w.\-]+)$/;
var HEAD_RUN = /^[\w.\-]+/;
var OPEN_FRAME = /(?:^|\s)File\s+"[^"]*$/;
var FRAME_REST = /^[^"]*",\s*line\s+\d+/;
var OPEN_QUOTED_KEY = /(?:^|[\s,:[({])(["'])([A-Za-z_][\w.\-]*)$/;
var COMMA_LIST_TAIL = /(?:^|[,:]\s*)([A-Za-z_][\w\-]*(?:\.[\w\-]*)*)$/;
var COMMA_LIST_HEAD = /^([\w\-]+(?:\.[\w\-]*)*)(?=,|\s*$|\s*(?:\.{2,}|\u2026))/;
function breaksInside(line, next) {
  if (OPEN_FRAME.test(line)) return FRAME_REST.test(next);
  const quoted = OPEN_QUOTED_KEY.exec(line);
  if (quoted) {
    const q = quoted[1];
    if (line.split(q).length % 2 !== 0) return false;
    const close = new RegExp(`^([\\w.\\-]*)${q}(?=[\\s,.\\]})]|$)`).exec(next);
    return close !== null && /[._]/.test(quoted[2] + close[1]);
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
var BOX_RULE = /^[\u256D\u2570\u250F\u2517\u250C\u2514\u2554\u255A][^\n]*[\u256E\u256F\u2513\u251B\u2510\u2518\u2557\u255D]$/;
var BOX_SIDE = /^[\u2502\u2503\u2551]/;
var FORMATTING_SOURCE = /(["'])[^"'\n]*\{[^{}\n]*\}[^"'\n]*\1\s*\.\s*format\s*\(|\bf(["'])[^"'\n]*\{[^{}\n]+\}|(["'])[^"'\n]*%[sr][^"'\n]*\3\s*%/;
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
var FRAME_ON_LINE = /File\s+"[^"\n]{1,400}",\s*line\s+\d/;
var RAISED_AFTER_SOURCE = /\b[A-Z]\w*(?:Error|Exception)\s*:/;
function linesAtWidth(lines, widths, width) {
  return new Set(lines.filter((_, k) => widths[k] === width)).size;
}
function unwrap(lines, widths) {
  const wrapWidth = widths.reduce((m, w) => Math.max(m, w), 0);
  if (wrapWidth < 40 || linesAtWidth(lines, widths, wrapWidth) < 2) return lines.join("\n");
  return lines.map((l, k) => widths[k] === wrapWidth ? l : `${l}
`).join("");
}
var BARE_SGR = /\[\d{1,3}(?:;\d{1,3})*m/g;
function stripBareColours(text) {
  const t = text.replace(ANSI, "");
  return t.includes("[0m") ? t.replace(BARE_SGR, "") : t;
}
var ESCAPED_BREAK = /\\n(?:\\t| {2}|(?:Missing|Unexpected|size mismatch|Traceback|[A-Z]\w*(?:Error|Exception)\b))|\\"[\w.\-]+\\",\s*\\"[\w.\-]+\\"|\\"[\w\-]+(?:\.[\w\-]+)+\\"/;
var ESCAPE = /\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[nrt"'\\/]|[ \t]+)/g;
var STRING_LITERAL = /(?<!\\)(["'])(?![ \t]*,[ \t]*line[ \t]+\d)((?:\\[\s\S]|(?!\1)[^\\])*)(\1|$)/g;
function decodeEscapes(body) {
  return body.replace(ESCAPE, (_, e) => {
    if (e === "n") return "\n";
    if (e === "t") return "	";
    if (e === "r" || /^[ \t]/.test(e)) return "";
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  });
}
var FORMATTED_LITERAL = /^\s*(?:\.\s*\w+\s*\(|%)/;
var HAS_ESCAPE = /\\[nt"']/;
var KEY_ERROR_BEFORE = /KeyError:\s*$/;
function escapedMessage(body) {
  if (!HAS_ESCAPE.test(body)) return null;
  const decoded = decodeEscapes(body);
  if (!/[A-Za-z]{3}/.test(decoded)) return null;
  return ESCAPED_BREAK.test(body) || MESSAGE_DETECTOR.test(decoded.replace(/\s+/g, "")) ? decoded : null;
}
function stringsOf(value, depth2 = 0) {
  if (typeof value === "string") return [value];
  if (depth2 > 4 || value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap((v) => stringsOf(v, depth2 + 1));
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
    const out = l.replace(STRING_LITERAL, (whole, _q, body, close, at) => {
      if (FORMATTED_LITERAL.test(l.slice(at + whole.length, at + whole.length + 40)) || /\bf$/.test(l.slice(Math.max(0, at - 2), at)) && /\{[^{}\n]+\}/.test(body)) return whole;
      if (KEY_ERROR_BEFORE.test(l.slice(Math.max(0, at - 20), at))) return whole;
      const message = escapedMessage(body);
      if (message === null) return whole;
      decoded = true;
      return `
${message}${close ? "\n" : ""}`;
    });
    return decoded ? out : raw;
  }).join("\n");
}
var SHELL_PROMPT = /^(?:\([\w.\-]+\)\s*)?(?:[\w.\-]+@[\w.\-]+(?::[^\s$#]*)?\s?[$#]|\$|PS [A-Za-z]:\\[^>\n]*>|[A-Za-z]:\\[^>\n]*>)(?:\s|$)/;
var PROSE_LINE = /^(?![^\n]*(?:\w\.\w|File "))[A-Za-z][a-z']*(?: [A-Za-z][\w',?!:;-]*){3,}[\s\w',.?!:;()-]*$/;
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
var FENCE_THEN_TEXT = /^([ \t]*(?:`{3,}|~{3,})[\w+-]*)[ \t]+(\S.*)$/;
var TEXT_THEN_FENCE = /^(.*["'.,)\]}])[ \t]+(`{3,}|~{3,})[ \t]*$/;
function unglueFences(text) {
  if (!text.includes("```") && !text.includes("~~~")) return text;
  return text.split(/(\r\n|\r|\n)/).map((l) => {
    const open = FENCE_THEN_TEXT.exec(l);
    const line = open ? open[2] : l;
    const close = TEXT_THEN_FENCE.exec(line);
    const parts = close ? [close[1], close[2]] : [line];
    return (open ? [open[1], ...parts] : parts).join("\n");
  }).join("");
}
var YAML_SCALAR_OPEN = /^[ \t]*(?:-[ \t]+)?[\w.\-]+:[ \t]*"/;
var ESCAPED_LINE_END = /(?<!\\)(?:\\\\)*\\$/;
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
  const strip2 = (l) => stripLinePrefixes(l.length > 4e3 ? l.slice(0, 4e3) : l) + (l.length > 4e3 ? l.slice(4e3) : "");
  const bare = (raw) => strip2(norm(raw));
  const out = [];
  for (let k = 0; k < lines.length; k++) {
    const line = norm(lines[k]);
    const content = strip2(line);
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
var QUOTED_ITEM = /(?<=^|[\s,[(])(['"])([^'"\n]*)\1(?=\s*[,\])]|\s*$|\.{2,}|\u2026)/g;
var BLANK_IN_ITEM = /^([A-Za-z_][\w.\-]*)\s+(>\s+)?([\w.\-]+)$/;
function joinBlankInQuotedKey(line) {
  if (!line.includes(" ")) return line;
  const items = [...line.matchAll(QUOTED_ITEM)].map((m) => m[2]);
  if (items.length < 3) return line;
  const bare = items.filter((i) => /\s/.test(i) && BLANK_IN_ITEM.exec(i)?.[2] === void 0).length;
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
  let open = false;
  for (const k of fenceAt) {
    const info = /[\w+-]$/.test(stripLinePrefixes(numbered[k]).trim());
    const closes = !info && (open || k === fenceAt[fenceAt.length - 1]);
    if (closes) blockEnds.push(lastContent(k));
    open = !closes;
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

// src/formats/error-text/shape-logs.ts
var MISMATCH_WORD = /\b(?:mis{1,2}[- ]?(?:mat?ch|mach|tach)\w*|incompatible|unmatched|(?:does|do|did)\s*n[o']?t\s+match)/i;
var SHAPE_WORD = /\b(?:shapes?|sizes?|dims?|dimensions?)\b|torch\.Size/i;
var KEY2 = /(?<![\w.\-/\\])[A-Za-z_][\w\-]*(?:\.[\w\-]+)+/g;
var SHAPE2 = /torch\.Size\(\s*\[([\d,\s]*)\]\s*\)|\[(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*)\]|\((\s*\d+(?:\s*,\s*\d+)*\s*,?\s*)\)/g;
var TORCH_SIZE_LINE = /size\s*mismatch\s*for\b|copying\s*a\s*param|Error\(s\)\s*in\s*loading/i;
var MODEL_SIDE2 = /\b(?:required|requires|expected|expects|model|current|target|needs?|should)\b/i;
var CHECKPOINT_SIDE2 = /\b(?:found|got|gets|loaded|checkpoint|ckpt|pretrained|saved|given|provided)\b/i;
var MAX_WORDS = 14;
function sideOf(words) {
  const m = MODEL_SIDE2.test(words);
  const c = CHECKPOINT_SIDE2.test(words);
  return m === c ? null : m ? "model" : "checkpoint";
}
var dims = (body) => body.split(",").map((x) => x.trim()).filter((x) => x !== "").map(Number);
function readShapeLog(lines) {
  const out = { sized: [], shapeless: [] };
  const seen = /* @__PURE__ */ new Set();
  for (const line of lines) {
    if (line.length > 2e3 || TORCH_SIZE_LINE.test(line) || !MISMATCH_WORD.test(line) || !SHAPE_WORD.test(line)) continue;
    const keys = [...new Set([...line.matchAll(KEY2)].map((m) => m[0].replace(/[.\-]+$/, "")).filter((k) => !k.startsWith("torch.") && endsInLeaf(k) && !NOT_A_KEY.test(k)))];
    if (keys.length !== 1 || seen.has(keys[0])) continue;
    const key = keys[0];
    seen.add(key);
    const shapes = [...line.matchAll(SHAPE2)];
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

// src/formats/error-text.ts
var SIZE = String.raw`torch\s*\.?\s*Size\s*\(\s*\[([\d,\s]*)\]\s*\)`;
var TUPLE = String.raw`(?:torch\s*\.?\s*Size\s*)?\(\s*\[?([\d,\s]*)\]?\s*\)`;
var MAX_GAP = 2e3;
var MODEL2 = String.raw`["']?([A-Za-z_][\w.]*)["']?`;
var RE_ERROR_HEAD = /Error\s*\(\s*s\s*\)\s*in\s*loading\s*state\S?dict\s*for\s*([A-Za-z_][\w.]*)\s*:/g;
var RE_UNEXPECTED_NEXT = /[\s*_]*Unexpected\s*key\(s\)\s*in\s*state_dict\s*:/y;
var RE_SIZE_CUT_HEAD = /size\s*mismatch\s*for/gi;
var RE_KEY_START_AT_END = /^\s*([^\s:,]*)(\s*:)?\s*$/;
var RE_FVCORE_CUT_AT_END = /(?:Skip\s*loading\s*parameter|Unable\s*to\s*load)\s*'(?:([^'\s]*)|([^'\s]+)'(?:(?!in\s*the\s*model)[\s\S])*)$/;
var RE_HEAD_AT_END = /(?:Missing|Unexpected)\s*key\(s\)\s*in\s*state_dict\s*:?\s*$/;
var RE_EVALUATION_RUN = /(?:^|[\s\/\\"'`])((?:test|eval|evaluate|evaluation|infer|inference|run_infer|demo|predict|track|generate|sample|sampling|synthesize|synthesis)\w*\.(?:py|sh))\b|(?:^|\s)(--(?:eval|eval-only|eval_only|infer|inference|test)|--?run_type[\s=]+(?:val|test|inference|predict)|\brun_type=(?:val|test|inference|predict))\b|\b(trainer\.test\()/i;
var LIBRARY_PATH = /site-packages|dist-packages|[\/\\]lib[\/\\]python\d/;
var TRAINS_A_HEAD = /linear|knn|probe|fine_?tune|train|few_?shot/i;
function evaluationRun(text) {
  for (const line of text.split(/\n|(?=\bFile\s+")/)) {
    if (!LIBRARY_PATH.test(line)) {
      const m = RE_EVALUATION_RUN.exec(line);
      const what = m ? m[1] ?? m[2] ?? m[3] : null;
      if (what && !TRAINS_A_HEAD.test(what)) return what;
      continue;
    }
    for (const m of line.matchAll(new RegExp(RE_EVALUATION_RUN.source, "gi"))) {
      const what = m[1] ?? m[2] ?? m[3];
      const end = m.index + m[0].length;
      const path = line.slice(0, end).split(/[\s"'`]/).at(-1) ?? "";
      if (!LIBRARY_PATH.test(path) && !TRAINS_A_HEAD.test(what)) return what;
    }
  }
  return null;
}
var RE_PROSE_EVALUATION_RUN = /\b((?:run|runs|ran|running|execute|executed|executing)\s+(?:the\s+|a\s+|an\s+|my\s+|your\s+|this\s+)?(?:demo|inference|evaluation))\b/i;
var RE_TRAINING_WORD = /\b(?:train\w*|fine[\s_-]?tun\w*|finetun\w*|retrain\w*|transfer\s+learning)\b/i;
var PY_FILE = /[\w.\/\\~:-]*\.py\b/g;
var RE_PROSE_RESULT_NEAR_ZERO = /\b((?:result(?:s|ed|ing)?|accuracy|mAP|AP|NDS|mIoU|PSNR|outputs?|predictions?|rewards?|scores?|metrics?)\b[^.\n]{0,60}?\b(?:all|almost|nearly|exactly|about|close\s+to)\s+(?:exactly\s+)?(?:0|zero))\b/i;
var TRANSFORMERS_TRAIN_ADVICE = /You\s+should\s+probably\s+TRAIN\s+this\s+model\s+on\s+a\s+down-?\s*stream\s+task[^.]*\./g;
function proseEvaluationRun(text) {
  const m = RE_PROSE_EVALUATION_RUN.exec(text) ?? RE_PROSE_RESULT_NEAR_ZERO.exec(text);
  return m && !RE_TRAINING_WORD.test(text.replace(TRANSFORMERS_TRAIN_ADVICE, " ").replace(PY_FILE, " ")) ? m[1].replace(/\s+/g, " ") : null;
}
var RE_RESTORE_RUN = /\b(_restore_modules_and_callbacks|load_from_checkpoint)\b|(Restoring\s+states\s+from\s+the\s+checkpoint)/;
var RE_CONNECTOR_RESTORE = /checkpoint_connector[\s\S]{0,400}?\b(restore_model|restore_weights)\b/;
var RE_RESUME_RUN = /\b(ema\.ema\.load_state_dict)\s*\(\s*ckpt\s*\[\s*["']ema["']\s*\]/;
function restoreRun(text) {
  const m = RE_RESTORE_RUN.exec(text) ?? RE_CONNECTOR_RESTORE.exec(text);
  return m ? m[1] ?? m[2].replace(/\s+/g, " ") : null;
}
var RE_HOOK_FRAME = /[\/\\](\w+_hook)\.py["']?\s*(?:,\s*line\s*\d+\s*,|:\d+\s*,?)?\s*in\s*(?:[A-Za-z_]\w*\.)?(\w+)/g;
var RE_WHOLE_MODEL_LOAD = /\b(init_(?:detector|model|segmentor|pose_estimator|pose_model|recognizer))\s*\(/;
function hookLoad(text) {
  let last = null;
  for (const m of text.matchAll(RE_HOOK_FRAME)) last = `${m[1]}:${m[2]}`;
  return last;
}
var RE_OLDER_FORMAT = /Weight\s*format\s*of\s*([A-Za-z_]\w*)\s*ha(?:ve|s)\s*changed/;
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
var RE_DCP_MISSING = /Missing key in checkpoint state_dict: ([^\s"'{}()[\]]+?)\.?(?:\s|$)/;
var PAREN_PHRASES = [
  { side: "missing", re: /Missing\s*keys\s*\(([^()]*)\)\s*discovered\s*while\s*loading\s*pretrained\s*weights/g },
  { side: "unexpected", re: /Unexpected\s*keys\s*\(([^()]*)\)\s*found\s*while\s*loading\s*pretrained\s*weights/g }
];
var RE_SIZE_HEAD = /(size\s*)?mismatch\s*for\s*/gi;
var PARAM_SIZE = String.raw`(?:\(\s*['"][^'"]{1,4096}['"]\s*,\s*)?${SIZE}(?:\s*\))?`;
var RE_SIZE_KEY_END = /\s*[:,]/y;
var RE_KEY_WORD = /[\p{L}\p{N}_]/u;
var RE_ELIDED_KEY = /^(?:\.{2,}|\u2026)+$/;
function phrase(words) {
  return words.split(" ").map((w) => [...w].join("[ \\t]?")).join("\\s*");
}
var RE_SIZE_REST = new RegExp(
  String.raw`\s*${phrase("copying a param")}\s*(with\s*shape|of)\s*${PARAM_SIZE}\s*${phrase("from")}\s*(?:the\s*)?${phrase("checkpoint")}[\s,]*(?:${phrase("the shape in current model is")}\s*${SIZE}|${phrase("where the shape is")}\s*${SIZE}\s*${phrase("in current model")})`,
  "iy"
);
var RE_SIZE_FIRST = new RegExp(String.raw`\s*copying\s*a\s*param\s*(with\s*shape|of)\s*${PARAM_SIZE}`, "iy");
var RE_SIZE_COPYING = /\s*copying/iy;
var RE_WHILE_COPYING = new RegExp(
  String.raw`While\s*copying\s*the\s*parameter\s*named\s*"?([^",\s]+)"?\s*,\s*whose\s*dimensions\s*in\s*the\s*model\s*are\s*${SIZE}\s*and\s*whose\s*dimensions\s*in\s*the\s*checkpoint\s*are\s*${SIZE}`,
  "g"
);
var RE_NOT_TENSOR = /While\s*copying\s*the\s*parameter\s*named\s*"([^"]{1,4096})"\s*,\s*expected\s*torch\.Tensor\s*or\s*Tensor-like\s*object\s*from\s*checkpoint\s*but\s*received\s*(<[^>]*>|\S+)/g;
var RE_OLD_UNEXPECTED = /unexpected\s*key\s*"([^"\s]{1,4096})"\s*in\s*state_dict/g;
var RE_OLD_MISSING = /missing\s*keys\s*in\s*state_dict\s*:\s*"\s*(set\s*\(\s*\[|\{)/g;
var RE_COUNTER_KEYERROR = /KeyError\s*:\s*['"]((?:[A-Za-z_]\w*\.)*num_batches_tracked)['"]/g;
var RE_INCOMPATIBLE = /_?IncompatibleKeys\s*\(\s*missing_keys\s*=\s*\[/g;
var RE_INCOMPATIBLE_UNEXPECTED = /^\s*,\s*unexpected_keys\s*=\s*\[/;
var RE_INCOMPATIBLE_FIELD = /(missing|unexpected)(?:_|\s*)keys['"]?\s*[=:]\s*(?=\[)/gi;
var RE_ALL_MATCHED = /<All\s*keys\s*matched\s*successfully>/;
var FVCORE_SHAPES = [
  new RegExp(String.raw`Skip\s*loading\s*parameter\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g"),
  new RegExp(String.raw`Unable\s*to\s*load\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g"),
  new RegExp(String.raw`'([^'\s]{1,4096})'\s*has\s*shape\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, "g")
];
var RE_DCP_SIZE = new RegExp(String.raw`Size\s*mismatch\s*between\s*saved\s*${SIZE}\s*and\s*current\s*:\s*${SIZE}\s*for\s*([^\s"']{1,4096}?)(?=Traceback|ValueError|$|\s)`, "g");
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
var RE_SPARSE_LIBRARY = /spconv|SubMConv[1-3]d|SparseConv[1-3]d|SparseConvTensor|SparseSequential|\bdet3d|mmdet3d|these\s*keys\s*have\s*mismatched\s*shape/i;
var RE_MMCV_TABLE_HEAD = /these keys have mismatched shape:?\s*$/;
var RE_MMCV_TABLE_ROW = /^\|\s*(\S+)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|$/;
var RE_SIZE_LINE = /^size mismatch for/i;
var RE_KEY_THEN_WORDS = new RegExp(`^[^\\s,"'()[\\]{}<>;${WIDE_SCRIPT}]*\\.[^\\s,"'()[\\]{}<>;${WIDE_SCRIPT}]*(?:\\s|$)`);
var RE_KEY_LIST_TAIL = new RegExp(`^[^\\s,${WIDE_SCRIPT}]*(?:,\\s*[^\\s,${WIDE_SCRIPT}]+)*,?$`);
var FVCORE_HEADS = [
  { side: "missing", re: /Some model parameters(?: or buffers)? are not (?:found )?in the checkpoint:\s*(.*)$/ },
  { side: "unexpected", re: /The checkpoint(?: state_dict)? contains (?:keys|parameters) (?:that are )?not used by the model:\s*(.*)$/ }
];
var RE_DIFFUSERS_MISSING = /because the following keys are missing:\s*(.*)$/;
var RE_REMOVED_KEY = /Removing key ([A-Za-z_][\w.\-]{0,200}) from pretrained checkpoint/g;
var ELLIPSIS_LINE = /^(?:\.{3,}|\u2026|\[\s*(?:\.{3,}|\u2026)\s*\])$/;
var ELIDED_AFTER_SHAPE = /\]\)\s*(?:\.[ \t]+)?(?:\.{3,}|\u2026)\s*$/;
var FOLD_LINE = /^(?:(?:show|load|see) more\b\W*|\d+ (?:hidden items|more lines?)\b.*|[[(]?(?:output|log|text|message) (?:is |was )?truncated\b.*|[[(]?\s*(?:\.{3}|\u2026)?\s*[[(]?\d+ (?:more )?lines? (?:omitted|hidden|truncated|skipped)\b.*|(?:\.{3}|\u2026)\s*(?:and\s*)?[[(]?\d+ more\b.*|[[(]?truncated[\])]?)$/i;
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
function parseShape(s) {
  const body = (s ?? "").replace(/\s+/g, "");
  if (!body) return [];
  return body.split(",").filter((x) => x !== "").map(Number);
}
function* headings(s, head, tail) {
  let found = null;
  let searchedFrom = -1;
  for (const m of s.matchAll(head)) {
    const headEnd = m.index + m[0].length;
    if (!tail) {
      yield { index: m.index, end: headEnd, text: m[0], model: m[1] };
      continue;
    }
    if (searchedFrom < 0 || found !== null && found.index < headEnd) {
      tail.lastIndex = headEnd;
      found = tail.exec(s);
      searchedFrom = headEnd;
    }
    if (!found || found.index - headEnd > MAX_GAP) continue;
    yield { index: m.index, end: found.index + found[0].length, text: s.slice(m.index, m.index + 80), model: found[1] ?? m[1] };
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
  missingListsTied = false;
  recognised = false;
  assertedMissing = null;
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
  note(text) {
    this.notes.add(text);
  }
};
function scanPyTorch(s, c) {
  let errorHeads = 0;
  for (const m of s.matchAll(RE_ERROR_HEAD)) {
    c.saw("load_state_dict", "torch");
    c.model(m[1]);
    errorHeads++;
    RE_UNEXPECTED_NEXT.lastIndex = m.index + m[0].length;
    if (RE_UNEXPECTED_NEXT.test(s)) c.headThenUnexpected = true;
  }
  let firstUnexpected = -1;
  let sawMissing = false;
  const torchListed = /* @__PURE__ */ new Set();
  const torchEmpty = /* @__PURE__ */ new Set();
  for (const phrase2 of LIST_PHRASES) {
    let readUntil = 0;
    for (const m of headings(s, phrase2.re, phrase2.tail)) {
      c.saw(phrase2.kind, phrase2.family);
      c.model(m.model);
      if (m.index < readUntil) continue;
      const at = m.end;
      if (phrase2.list === "torch") {
        if (phrase2.side === "missing") sawMissing = true;
        else if (firstUnexpected < 0) firstUnexpected = m.index;
        const list3 = readQuotedList(s, at, ".");
        c.addList(phrase2.side, list3);
        readUntil = list3.end;
        (list3.keys.length > 0 ? torchListed : torchEmpty).add(phrase2.side);
        continue;
      }
      const list2 = readPythonList(s, at);
      if (list2) {
        if (phrase2.family === "transformers" && list2.joined) c.saw("transformers", "diffusers");
        if (phrase2.listsTied && list2.keys.length > 0) c.missingListsTied = true;
        c.addList(phrase2.side, list2);
        readUntil = list2.end;
      } else {
        c.truncated = true;
        c.note(`the text has the heading "${m.text.replace(/\s+/g, " ").trim()}" but not its key list`);
      }
    }
  }
  for (const side of torchEmpty) {
    if (torchListed.has(side)) continue;
    c.truncated = true;
    c.note(`the text has torch's ${side === "missing" ? "Missing" : "Unexpected"} key(s) heading but no key after it: the list was cut`);
  }
  if (firstUnexpected >= 0 && !sawMissing) readHeadlessMissing(s, firstUnexpected, c);
  let failedRunEnd = -1;
  for (const m of s.matchAll(RE_SIZE_HEAD)) {
    const from = m.index + m[0].length;
    if (from < failedRunEnd) continue;
    let k = from;
    while (k < s.length && k - from < MAX_KEY && !/[\s:,]/.test(s[k])) k++;
    RE_SIZE_KEY_END.lastIndex = k;
    if (k === from || !RE_SIZE_KEY_END.test(s)) {
      failedRunEnd = k;
      continue;
    }
    const key = s.slice(from, k);
    if (!RE_KEY_WORD.test(key)) {
      if (RE_ELIDED_KEY.test(key)) {
        c.truncated = true;
        c.note("a size-mismatch line names its key as `...`: the poster elided it");
      }
      continue;
    }
    const at = RE_SIZE_KEY_END.lastIndex;
    RE_SIZE_REST.lastIndex = at;
    const full = RE_SIZE_REST.exec(s);
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
    const part = RE_SIZE_FIRST.exec(s);
    RE_SIZE_COPYING.lastIndex = at;
    if (!part && !RE_SIZE_COPYING.test(s) && s.slice(at).trim() !== "") continue;
    c.saw("load_state_dict", "torch");
    c.truncated = true;
    const shape = part ? parseShape(part[2]) : null;
    const modelFirst = part !== null && /^of$/i.test(part[1]);
    if (!c.sizes.has(key) && !c.cutSizes.has(key)) {
      c.cutSizes.set(key, { key, source: modelFirst ? null : shape, expected: modelFirst ? shape : null });
    }
  }
  for (const m of s.matchAll(RE_WHILE_COPYING)) {
    c.saw("load_state_dict", "torch");
    const model = parseShape(m[2]);
    const ckpt = parseShape(m[3]);
    if (model.join() !== ckpt.join()) c.size(m[1], ckpt, model);
    else c.note(`copying \`${m[1]}\` failed although its shape [${model.join(", ")}] matches: see the exception in the text`);
  }
  for (const m of s.matchAll(RE_NOT_TENSOR)) {
    c.saw("load_state_dict", "torch");
    c.note(`the checkpoint's \`${m[1]}\` is not a tensor (received ${m[2]})`);
  }
  for (const m of s.matchAll(RE_OLD_UNEXPECTED)) {
    c.saw("load_state_dict", "torch-keyerror");
    c.unexpected.add(m[1]);
  }
  for (const m of s.matchAll(RE_COUNTER_KEYERROR)) {
    c.saw("load_state_dict", "torch-keyerror");
    c.missing.add(m[1]);
    c.note(`the KeyError names a BatchNorm counter (\`${m[1]}\`) that a loop copying tensors by key did not find: the model (PyTorch >= 0.4.1) has it and the checkpoint, saved before PyTorch 0.4.1, does not`);
  }
  readOldMissingSets(s, c);
  if (c.cutSizes.size > 0) {
    const first = c.cutSizes.keys().next().value;
    c.note(`${c.cutSizes.size} size-mismatch line(s) are cut before both shapes (the first for \`${first}\`)`);
  }
  if (errorHeads > 0 && c.missing.size + c.unexpected.size + c.sizes.size + c.cutSizes.size === 0 && c.notes.size === 0) {
    c.truncated = true;
    c.note("the text has the error heading but no key lists: it was cut short");
  }
}
var RE_SIDELESS_HEAD = /^(?:\d{1,6}\s*\|\s*)?(?:[\w()]{1,12}\s+)?in\s+state_dict\s*:\s*(?=["'])/;
var RE_SIDELESS_MIDLINE = /(?<=\s)key\(s\)\s*in\s*state_dict\s*:\s*(?=["'])/g;
var RE_SIDED_HEAD_END = /(?:Missing|Unexpected)\s*key\(s\)\s*in\s*state_dict\s*:\s*$/i;
var MAX_RUN_TRIES = 64;
var RE_QUOTED_RUN_START = /^(?:["']?[^\s"'{}[\]()]+["'])?\s*,/;
var RE_QUOTED_RUN = /^(?:["']?[^\s"'{}[\]()]+["'])?\s*,\s*(?:["'][^\s"'{}[\]()]*\.[^\s"'{}[\]()]*["']\s*,\s*){2,}/;
var RE_OPEN_KEY_AT_END = /(?:^|[\s,[(])["'][^"',]+$/;
var RE_LIST_OPEN = /\[\s*(?:["']|$)/g;
function listOpenAfter(line, open) {
  const close = line.lastIndexOf("]");
  let opener = -1;
  for (const m of line.matchAll(RE_LIST_OPEN)) opener = m.index;
  if (opener < 0 && close < 0) return open;
  return opener > close;
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
var RE_PROSE_THEN_RUN = /^[^"'`:[\]{}]{0,300}\s(?=["']?[^\s"'{}[\]()]+["']\s*,)/;
function proseThenRun(line) {
  const m = RE_PROSE_THEN_RUN.exec(line.slice(0, 800));
  return m ? m[0].length : -1;
}
function readSideless(squashed, from, c) {
  const list2 = readQuotedList(squashed, from, ".");
  if (list2.keys.length === 0) return list2.end;
  c.saw("load_state_dict", "torch");
  for (const key of list2.keys) c.unsided.add(key);
  c.truncated = true;
  return list2.end;
}
function readSidelessLists(lines, c) {
  let offset = 0;
  const squashed = squash(lines);
  const starts = lines.map((l) => {
    const at = offset;
    offset += l === "" ? 1 : l.length;
    return at;
  });
  let readUntil = 0;
  lines.forEach((line, k) => {
    if (starts[k] < readUntil) return;
    const m = RE_SIDELESS_HEAD.exec(line);
    if (!m || RE_SIDED_HEAD_END.test(squashed.slice(Math.max(0, starts[k] - 40), starts[k] + m[0].length))) return;
    readUntil = readSideless(squashed, starts[k] + m[0].length, c);
  });
  for (const m of squashed.matchAll(RE_SIDELESS_MIDLINE)) {
    if (m.index < readUntil || RE_SIDED_HEAD_END.test(squashed.slice(Math.max(0, m.index - 40), m.index + m[0].length))) continue;
    readUntil = readSideless(squashed, m.index + m[0].length, c);
  }
  const run = quotedRunStart(lines);
  if (!run) return;
  const first = lines[run.line].slice(run.at);
  const open = /^\s*[,"']/.test(first) ? 0 : first.search(/["']\s*,/) + 1;
  const rest = squashed.slice(starts[run.line] + run.at + open).replace(/^\s*,\s*/, "");
  const list2 = readQuotedList(rest, 0, "]");
  const keys = list2.keys.filter((k) => !c.missing.has(k) && !c.unexpected.has(k));
  if (keys.length < 2 || keys.filter((k) => k.includes(".")).length * 2 < keys.length) return;
  c.truncated = true;
  const side = list2.end <= rest.length && rest[list2.end - 1] === "]" ? transformersListSide(rest.slice(list2.end, list2.end + 200)) : null;
  if (side) {
    c.saw("transformers", "transformers");
    for (const key of keys) c.target(side).add(key);
    c.note(`the paste starts inside a list whose heading it cut; the words after it (transformers' ${side === "unexpected" ? '"This IS expected if you are initializing"' : '"You should probably TRAIN this model"'}) say it is the ${side === "unexpected" ? '"were not used" (unexpected)' : '"newly initialized" (missing)'} list`);
    return;
  }
  if (!c.recognised) c.kinds.add("load_state_dict");
  c.recognised = true;
  for (const key of keys) c.unsided.add(key);
}
var RE_MISSING_ASSERTION = /assert\s*set\s*\(\s*[\w.]{0,80}missing_keys\s*\)\s*==\s*\{([^{}]{0,400})\}/;
var RE_PRINTED_KEY = /^[A-Za-z_][\w\-]*(?:\.[\w\-]+)+$/;
function readMissingAssertion(squashed, lines, blockEnds, c) {
  const m = RE_MISSING_ASSERTION.exec(squashed);
  if (!m) return;
  const allowed = [...m[1].matchAll(/["']([^"'\s]+)["']/g)].map((k) => k[1]);
  if (allowed.length === 0) return;
  c.saw("incompatible_keys", "torch");
  c.assertedMissing = allowed;
  c.note(`the load asserts that only ${allowed.map((k) => `\`${k}\``).join(", ")} stay missing (a linear-evaluation loader's check): the assertion failing means more keys were missing`);
  let best = [0, 0];
  for (let k = 0; k < lines.length; ) {
    let j = k;
    while (j < lines.length && RE_PRINTED_KEY.test(lines[j])) j++;
    if (j - k > best[1] - best[0]) best = [k, j];
    k = j > k ? j : k + 1;
  }
  if (best[1] - best[0] < 3) return;
  const keys = lines.slice(best[0], best[1]);
  const last = keys[keys.length - 1];
  if ((blockEnds.includes(best[1] - 1) || startsASibling(last, keys)) && !endsInLeaf(last)) {
    keys.pop();
    c.truncated = true;
    c.note("the printed key list stops inside a key: the paste was cut, and the keys after it are not shown");
  }
  for (const k of keys) if (!allowed.includes(k) && !c.missing.has(k) && !c.unexpected.has(k)) c.unsided.add(k);
}
function startsASibling(key, keys) {
  const cut = key.lastIndexOf(".");
  if (cut < 0) return false;
  const parent = key.slice(0, cut + 1);
  const name = key.slice(cut + 1);
  const names = keys.filter((k) => k !== key && k.startsWith(parent)).map((k) => k.slice(parent.length).split(".")[0]);
  return names.some((n) => n.length > name.length && n.startsWith(name)) && !keys.some((k) => k !== key && k.endsWith(`.${name}`));
}
function transformersListSide(after) {
  if (/^\s*-?\s*This\s*IS\s*(?:NOT\s*)?expected\s*if\s*you\s*are\s*initializing/.test(after)) return "unexpected";
  if (/^\s*-?\s*You\s*should\s*probably\s*TRAIN\s*this\s*model/.test(after)) return "missing";
  return null;
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
    if (size?.[2] && size[1]) {
      c.saw("load_state_dict", "torch");
      c.truncated = true;
      if (!c.sizes.has(size[1]) && !c.cutSizes.has(size[1])) {
        c.cutSizes.set(size[1], { key: size[1], source: null, expected: null });
        c.note(`the pasted block ends after the key of a size-mismatch line (\`${size[1]}\`): its shapes are cut`);
      }
    } else if (size && !size[2]) {
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
function readOldMissingSets(s, c) {
  const closers = { "}": forwardSearch(s, "}"), "]": forwardSearch(s, "]") };
  const heads = [...s.matchAll(RE_OLD_MISSING)];
  let setUntil = 0;
  heads.forEach((m, k) => {
    c.saw("load_state_dict", "torch-keyerror");
    if (m.index < setUntil) return;
    const start = m.index + m[0].length;
    const end = closers[m[1].startsWith("{") ? "}" : "]"](start);
    if (end >= 0) {
      for (const key of keysOfSetRepr(s.slice(start, end))) c.missing.add(key);
      setUntil = end + 1;
      return;
    }
    c.truncated = true;
    for (const key of keysOfSetRepr(s.slice(start, heads[k + 1]?.index ?? s.length))) c.missing.add(key);
  });
}
function forwardSearch(s, ch) {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = s.indexOf(ch, from);
    return found;
  };
}
function readHeadlessMissing(s, heading, c) {
  let i = heading - 1;
  while (i >= 0 && /\s/.test(s[i])) i--;
  if (s[i] !== ".") return;
  i--;
  while (i >= 0 && /\s/.test(s[i])) i--;
  const keys = [];
  let cut = false;
  const limit = Math.max(0, heading - (1 << 22));
  while (i >= limit) {
    const q = s[i];
    if (q !== '"' && q !== "'") break;
    let j = i - 1;
    while (j >= limit && s[j] !== q && /[^\n"'()[\]{}<>,;:]/.test(s[j])) j--;
    if (j < limit || s[j] !== q) {
      cut = true;
      break;
    }
    keys.push(s.slice(j + 1, i).replace(/[ \t]+/g, ""));
    i = j - 1;
    while (i >= limit && (s[i] === " " || s[i] === "	")) i--;
    if (s[i] !== ",") break;
    i--;
    while (i >= limit && (s[i] === " " || s[i] === "	")) i--;
  }
  if (keys.length < 2) return;
  c.saw("load_state_dict", "torch");
  keys.reverse();
  for (const k of keys) c.missing.add(k);
  c.truncated = true;
  c.note(`the text starts inside the missing-key list (its heading is cut off): ${keys.length} key(s) read${cut ? ", the first one cut" : ""}`);
}
function scanIncompatible(s, c, lineStarts) {
  let readUntil = 0;
  for (const m of s.matchAll(RE_INCOMPATIBLE)) {
    c.saw("incompatible_keys", "torch");
    if (m.index < readUntil) continue;
    const missing = readQuotedList(s, m.index + m[0].length, "]");
    c.addList("missing", missing);
    readUntil = missing.end;
    const tail = RE_INCOMPATIBLE_UNEXPECTED.exec(s.slice(missing.end, missing.end + 64));
    if (tail) {
      const unexpected = readQuotedList(s, missing.end + tail[0].length, "]");
      c.addList("unexpected", unexpected);
      readUntil = unexpected.end;
      if (missing.keys.length + unexpected.keys.length === 0 && !missing.truncated && !unexpected.truncated) c.allMatched = true;
    } else c.truncated = true;
  }
  if (readUntil === 0) {
    for (const m of s.matchAll(RE_INCOMPATIBLE_FIELD)) {
      if (m.index > 0 && /\w/.test(s[m.index - 1]) && !lineStarts.has(m.index)) continue;
      const list2 = readPythonList(s, m.index + m[0].length);
      if (!list2) continue;
      c.saw("incompatible_keys", "torch");
      c.addList(m[1].toLowerCase() === "missing" ? "missing" : "unexpected", list2);
    }
  }
  if (RE_ALL_MATCHED.test(s)) {
    c.saw("incompatible_keys", "torch");
    c.allMatched = true;
    c.note("the text reports that all keys matched");
  }
  for (const { side, re } of PAREN_PHRASES) {
    for (const m of s.matchAll(re)) {
      c.saw("incompatible_keys", "timm");
      c.addList(side, readUnquotedList(m[1]));
    }
  }
  for (const re of FVCORE_SHAPES) {
    for (const m of s.matchAll(re)) {
      c.saw("incompatible_keys", "fvcore");
      c.size(m[1], parseShape(m[2]), parseShape(m[3]));
    }
  }
}
var RE_COPY_MISMATCH = new RegExp(String.raw`\bmismatch\s*:\s*([^\s:,()'"]+?)\s*${SIZE}\s*${SIZE}`, "g");
function readCopyStateDict(s, c) {
  const sized = [];
  for (const m of s.matchAll(RE_COPY_MISMATCH)) {
    c.saw("incompatible_keys", "open-reid");
    c.size(m[1], parseShape(m[2]), parseShape(m[3]));
    sized.push(m[1]);
  }
  if (c.families.includes("open-reid")) for (const k of sized) c.missing.delete(k);
}
function scanTransformers(s, c) {
  for (const m of headings(s, RE_HF_SHAPES_HEAD, RE_HF_SHAPES_TAIL)) {
    c.saw("transformers", "transformers");
    c.model(m.model);
  }
  for (const m of s.matchAll(RE_HF_SHAPE)) {
    c.saw("transformers", "transformers");
    c.size(m[1], parseShape(m[2]), parseShape(m[3]));
  }
  for (const m of s.matchAll(RE_DIFFUSERS_SHAPE)) {
    c.saw("transformers", "diffusers");
    c.size(m[1], parseShape(m[3]), parseShape(m[2]));
  }
  for (const m of s.matchAll(RE_DCP_SIZE)) {
    c.saw("load_state_dict", "torch");
    c.size(m[3], parseShape(m[1]), parseShape(m[2]));
    c.truncated = true;
  }
}
function scanLines(pasted, pastedBlockEnds, c) {
  const lines = [];
  const blockEnd = /* @__PURE__ */ new Set();
  const ends = new Set(pastedBlockEnds);
  const joined = joinWrappedHeadings(pasted);
  joined.forEach((l) => {
    lines.push(...splitMmcvHeadings(l.text).flatMap(splitFlatTable));
    if (l.from.some((j) => ends.has(j))) blockEnd.add(lines.length - 1);
  });
  let mismatchRows = 0;
  let orphanGroups = 0;
  let orphanRun = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (orphanRun.length > 0 && orphanRun[orphanRun.length - 1].end !== i - 1) orphanRun = [];
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
      const list2 = readUnquotedList(body);
      c.addList(side, list2);
      if (!list2.stopped && !list2.truncated && blockEnd.has(i) && list2.keys.length > 0) c.blockEndKeys.push({ side, key: list2.keys[list2.keys.length - 1] });
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
      if (orphanRun.length > 0 && orphanRun[orphanRun.length - 1].end === i - 1) {
        orphanGroups -= readOrphanGroups(orphanRun.map((g) => g.text), c);
        orphanRun = [];
      }
      const before = groupsBeforeHeading(line.slice(0, fv.m.index));
      if (before.length > 0) readOrphanGroups(before, c);
      if (fv.m[1]) readGroupsOnOneLine(fv.m[1], fv.side, blockEnd.has(i), c);
      i = readFvcoreGroups(lines, i + 1, fv.side, blockEnd, c) - 1;
      continue;
    }
    const dcp = RE_DCP_MISSING.exec(line);
    if (dcp) {
      c.saw("load_state_dict", "torch");
      c.missing.add(dcp[1]);
      c.truncated = true;
      continue;
    }
    const dm = RE_DIFFUSERS_MISSING.exec(line);
    if (dm) {
      c.saw("transformers", "diffusers");
      let body = dm[1];
      while (i + 1 < lines.length && lines[i + 1] && !/^Please\b/.test(lines[i + 1])) body += lines[++i];
      const list2 = readUnquotedList(body.replace(/\.\s*$/, ""));
      c.addList("missing", list2);
      continue;
    }
    if (isBraceGroup(line)) orphanGroups++;
    if (isBraceGroup(line) || RE_PLAIN_KEY_LINE.test(line)) orphanRun.push({ text: line, end: i });
    else if (depth(line) > 0) {
      let joined2 = line;
      let j = i;
      while (depth(joined2) > 0 && j + 1 < lines.length && j - i < 8 && lines[j + 1]) joined2 += lines[++j];
      if (isBraceGroup(joined2)) {
        orphanGroups++;
        orphanRun.push({ text: joined2, end: j });
        i = j;
      }
    }
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
      for (const text of [prev.text + line, `${prev.text} ${line}`]) {
        const at = LINE_HEADS.map((re) => re.exec(text)?.index ?? -1).filter((x) => x >= 0);
        if (at.length > 0 && Math.min(...at) < prev.text.length) {
          out[out.length - 1] = { text, from: [...prev.from, k] };
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
var RE_MMCV_TABLE_INLINE = /these keys have mismatched shape:?\s*(?=[+|])/;
function splitFlatTable(line) {
  const m = RE_MMCV_TABLE_INLINE.exec(line);
  if (!m) return [line];
  const at = m.index + m[0].length;
  const rows = line.slice(at).replace(/\s*(\+[-+]{2,}\+)\s*/g, "\n$1\n").replace(/\|[ \t]+\|/g, "|\n|").split("\n").map((r) => r.trim()).filter((r) => r);
  return [line.slice(0, at).trimEnd(), ...rows];
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
var GROUP_KEY = new RegExp(`^[^\\s"'()[\\]<>,;:${WIDE_SCRIPT}]+$`);
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
    if (!keys || keys.some((k) => !GROUP_KEY.test(k))) break;
    i = j;
    for (const k of keys) target.add(k);
    if (blockEnd.has(i) && !line.endsWith("}") && keys.length === 1) c.blockEndKeys.push({ side, key: keys[0] });
  }
  return i;
}
var RE_PLAIN_KEY_LINE = /^[A-Za-z_][\w-]*(?:\.[\w-]+)+$/;
function readOrphanGroups(run, c) {
  const keys = [];
  let groups2 = 0;
  for (const line of run) {
    const got = c.expand(line, MAX_GROUP_KEYS);
    if (!Array.isArray(got) || got.some((k) => !GROUP_KEY.test(k))) return 0;
    keys.push(...got);
    if (isBraceGroup(line)) groups2++;
  }
  for (const k of keys) if (!c.missing.has(k) && !c.unexpected.has(k)) c.unsided.add(k);
  return groups2;
}
function readGroupsOnOneLine(rest, side, atBlockEnd, c) {
  const tokens = groupTokens(rest);
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
    if (!keys || keys.some((k) => !GROUP_KEY.test(k))) return;
    for (const k of keys) c.target(side).add(k);
  }
  const last = tokens[tokens.length - 1];
  if (atBlockEnd && last !== void 0 && !last.includes("{") && !ELLIPSIS_TOKEN.test(last)) c.blockEndKeys.push({ side, key: last });
}
function groupTokens(rest) {
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
  return tokens;
}
function groupsBeforeHeading(before) {
  const tokens = groupTokens(before);
  let from = tokens.length;
  const isGroup = (t) => t.includes(".") && (isBraceGroup(t) || RE_PLAIN_KEY_LINE.test(t));
  while (from > 0 && isGroup(tokens[from - 1])) from--;
  return tokens.length - from >= 2 ? tokens.slice(from) : [];
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
function parseFrames(cleanText) {
  const out = {};
  const whole = RE_WHOLE_MODEL_LOAD.exec(cleanText);
  if (whole) out.wholeModelLoad = whole[1];
  const resume = RE_RESUME_RUN.exec(cleanText);
  if (resume) out.resumeRun = resume[1];
  const run = evaluationRun(cleanText) ?? proseEvaluationRun(cleanText);
  if (run) out.evaluationRun = run;
  const restore = restoreRun(cleanText);
  if (restore) out.restoreRun = restore;
  const hook = hookLoad(cleanText);
  if (hook) out.hookLoad = hook;
  return out;
}
function squash(lines) {
  return lines.map((l) => l === "" ? "\n" : l).join("");
}
function lineStartsOf(lines) {
  const starts = /* @__PURE__ */ new Set();
  let at = 0;
  for (const l of lines) {
    starts.add(at);
    at += l === "" ? 1 : l.length;
  }
  return starts;
}
var RE_HEAD_LINE = /Error\(s\) in loading state_dict for ([A-Za-z_][\w.]*):/;
function lastAttempt(text) {
  const raw = text.split(/\r\n|\r|\n/);
  const heads = [];
  raw.forEach((l, k) => {
    const line = (l.length > 4096 ? l.slice(0, 4096) : l).replace(ANSI_CODES, "");
    const m = RE_HEAD_LINE.exec(line);
    if (m) heads.push({ line: k, model: m[1], rest: line.slice(m.index + m[0].length) });
  });
  if (heads.length < 2 || heads.some((h) => h.model !== heads[0].model)) return null;
  const body = (h, to) => (h.rest + raw.slice(h.line + 1, to).join("")).replace(/\s+/g, "").slice(0, 4096);
  const bodies = heads.map((h, i) => body(h, i + 1 < heads.length ? heads[i + 1].line : raw.length));
  const last = bodies[bodies.length - 1];
  if (bodies.every((b) => b === last)) return null;
  const lastHead = heads[heads.length - 1].line;
  const start = lastAttemptStart(raw, heads[heads.length - 2].line, lastHead);
  const lastText = raw.slice(start).join("\n");
  const before = new Set(raw.slice(0, heads[0].line).map((l) => l.trim()));
  const wordsBetween = raw.slice(start, lastHead).some((l) => l.trim() !== "" && !before.has(l.trim()));
  if (!wordsBetween && bodies.slice(0, -1).some((b) => b.startsWith(last)) && parseErrorText(lastText, "attempt").truncated) return null;
  return { text: lastText, attempts: heads.length, model: heads[0].model };
}
var ANSI_CODES = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
var RE_TORCH_LIST_LINE = /^\s*(?:Missing key\(s\)|Unexpected key\(s\)|size mismatch for|While copying)/;
function lastAttemptStart(raw, previousHead, lastHead) {
  for (let k = previousHead + 1; k < lastHead; k++) {
    if (raw[k].trim() !== "") continue;
    let next = k + 1;
    while (next < lastHead && raw[next].trim() === "") next++;
    if (next < lastHead && !RE_TORCH_LIST_LINE.test(raw[next].slice(0, 200))) return k;
  }
  return lastHead;
}
var MAX_ABOVE_MESSAGE = 1 << 16;
var RE_TOKEN_BREAK = /[\s"'`,;()[\]{}<>]+/;
function linesBeforeMessage(lines, c) {
  let above = 0;
  let chars = 0;
  for (; above < lines.length; above++) {
    const line = lines[above];
    if (MESSAGE_DETECTOR.test(line.replace(/\s+/g, ""))) break;
    chars += line.length;
    if (chars > MAX_ABOVE_MESSAGE) return 0;
  }
  if (above === lines.length) return 0;
  for (let i = 0; i < above; i++) {
    for (const token of lines[i].split(RE_TOKEN_BREAK)) {
      if (c.missing.has(token) || c.unexpected.has(token) || c.unsided.has(token) || c.sizes.has(token)) return 0;
    }
  }
  return above;
}
function pastedOnce(text) {
  const t = text.trim();
  for (let gap = 0; gap <= 4; gap++) {
    if ((t.length - gap) % 2 !== 0) continue;
    const half = (t.length - gap) / 2;
    if (half < 40) continue;
    if (t.slice(half, half + gap).trim() === "" && t.startsWith(t.slice(half + gap))) return t.slice(0, half);
  }
  return null;
}
function parseErrorText(text, file) {
  const once = pastedOnce(text);
  if (once !== null) {
    const r = parseErrorText(once, file);
    return { ...r, notes: ["the text is the same paste twice in a row: it is read once", ...r.notes] };
  }
  const last = lastAttempt(text);
  if (last) {
    const whole = parseErrorText(last.text, file);
    const frames = parseFrames(cleanPaste(text).unwrapped);
    return {
      ...frames,
      ...whole,
      notes: [
        `the text holds ${last.attempts} errors for ${last.model}, saying different things: torch raises at the first load that fails, so each is one attempt, and the last (after the changes between them) is the one read`,
        ...whole.notes
      ]
    };
  }
  const { lines, blockEnds, widths, unwrapped } = cleanPaste(text);
  const squashed = squash(lines);
  const c = new Collector();
  scanPyTorch(squashed, c);
  headingsAtBlockEnds(lines, blockEnds, c);
  scanIncompatible(squashed, c, lineStartsOf(lines));
  readCopyStateDict(squashed, c);
  scanTransformers(squashed, c);
  scanLines(lines, blockEnds, c);
  checkBlockEndKeys(c);
  readSidelessLists(lines, c);
  readMissingAssertion(squashed, lines, blockEnds, c);
  const fromLine = linesBeforeMessage(lines, c);
  if (c.recognised && lines.some((l, i) => i >= fromLine && (ELLIPSIS_LINE.test(l) || ELIDED_AFTER_SHAPE.test(l.slice(-40))))) {
    c.truncated = true;
    c.note("a line of the text is only an elision (`...`): lines were left out");
  } else if (c.recognised && lines.some((l, i) => i >= fromLine && l.length < 200 && FOLD_LINE.test(l))) {
    c.truncated = true;
    c.note("a line of the text is where the page or viewer it was copied from hid lines (`Show more`, `Output is truncated`): lines were left out");
  }
  const shapeLog = c.missing.size + c.unexpected.size + c.sizes.size + c.cutSizes.size === 0 ? readShapeLog(lines) : null;
  if (shapeLog && shapeLog.sized.length + shapeLog.shapeless.length > 0) {
    if (!c.recognised) c.kinds.add("load_state_dict");
    c.recognised = true;
    for (const m of shapeLog.sized) c.size(m.key, m.source, m.expected);
    for (const key of shapeLog.shapeless) c.cutSizes.set(key, { key, source: null, expected: null });
    c.note("no message of a known format was found: the keys were read from a loader's own log lines (a key and the words mismatched shape), which name only the tensors it skipped");
    if (shapeLog.shapeless.length > 0) {
      c.truncated = true;
      c.note(`the log names ${shapeLog.shapeless.length} key(s) whose shapes differ without the shapes (e.g. \`${shapeLog.shapeless[0]}\`): give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) or the shapes`);
    }
  }
  const readLog = shapeLog !== null && shapeLog.sized.length + shapeLog.shapeless.length > 0;
  const loose = c.missing.size + c.unexpected.size + c.sizes.size === 0 && !readLog ? readLoosely(lines.join("\n"), widths) : null;
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
    const note = ownRow(WRAPPER_NOTES, m);
    if (note !== void 0) notes.push(note);
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
  if (c.missingListsTied) report.missingListsTied = true;
  const older = RE_OLDER_FORMAT.exec(squashed);
  if (older) report.olderFormat = older[1];
  const sparse = RE_SPARSE_LIBRARY.exec(squashed);
  if (sparse) report.sparseLibrary = sparse[0];
  Object.assign(report, parseFrames(unwrapped));
  if (c.headThenUnexpected && c.missing.size === 0) report.nothingMissing = true;
  if (c.assertedMissing) report.assertedMissing = c.assertedMissing;
  const removed = [...unwrapped.matchAll(RE_REMOVED_KEY)].map((m) => m[1]);
  if (removed.length > 0) report.removedByLoader = [...new Set(removed)];
  const cut = [...c.cutSizes.values()].filter((s) => !c.sizes.has(s.key));
  if (cut.length > 0) report.sizeMismatchCut = cut;
  return report;
}

// src/formats/key-list.ts
init_errors();
var WHITESPACE = /\s/;
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
function parseKeyList(text, file) {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
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

// src/formats/error-text/not-dict-like.ts
var NOT_DICT_LIKE = /Expected state_dict to be dict-like, got <class '([^']+)'>/;
var PASSED = [
  { test: (c) => c === "str" || c.endsWith("Path"), what: "a path, not the loaded file", fix: "`model.load_state_dict(torch.load(path))`" },
  { test: (c) => c === "NoneType", what: "None (the function that should return the state dict returned nothing)", fix: "return the state dict from it" },
  { test: (c) => c === "list" || c === "tuple", what: (c) => `a ${c}: the state dict may be one of its items`, fix: "pass the item that maps names to tensors (`sdmatch inspect FILE` lists what the file holds)" },
  { test: (c) => c === "torch.Tensor" || c.startsWith("torch.nn.parameter."), what: "a single tensor, not a state dict", fix: "pass the file's mapping of names to tensors (`sdmatch inspect FILE` lists what the file holds)" },
  { test: (c) => c.startsWith("torch.optim."), what: "an optimizer, not a model's state dict", fix: "pass the model's own weights (the checkpoint's `model` / `state_dict` entry)" }
];
function notDictLikeMessage(text) {
  const m = NOT_DICT_LIKE.exec(text);
  if (!m) return null;
  const cls = m[1];
  const row = PASSED.find((r) => r.test(cls));
  const said = `torch's error for an object that is not a state dict (load_state_dict was given a \`${cls}\`)`;
  if (row) return `${said}: ${typeof row.what === "string" ? row.what : row.what(cls)}; no key differs, so there is nothing to match: ${row.fix}`;
  return `${said}: probably a whole module saved with torch.save(model), which torch.load returns as the model object, not its weights; no key differs, so there is nothing to match: pass its state dict, \`model.load_state_dict(obj.state_dict())\` (loading such a file runs code from it: \`sdmatch inspect FILE\` first), or save \`model.state_dict()\` instead`;
}

// src/formats/manifest.ts
init_dtype();
init_errors();
init_names2();
init_json_keys();
var MEGATRON_ARGS = ["num_attention_heads", "hidden_size", "kv_channels", "num_query_groups", "group_query_attention", JOINED_TP];
var MANIFEST_FORMAT = "sdmatch-manifest";
var MANIFEST_VERSION = 1;
function pointer(...segments) {
  return segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
function isPlainObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function typeName2(v) {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}
function parseShape2(v, file, at, text) {
  if (!Array.isArray(v)) throw new FormatError(file, `${at}: shape must be an array of sizes, not ${typeName2(v)}`);
  for (let i = 0; i < v.length; i++) {
    const d = v[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      const big = typeof d === "number" && Math.abs(d) >= 2 ** 53;
      throw new FormatError(file, `${at}/${i}: a size must be a non-negative integer${big ? " below 2^53" : ""}, not ${big ? numberAsWritten(d, text) : JSON.stringify(d)}`);
    }
  }
  return v;
}
function numberAsWritten(d, text) {
  for (const m of text.matchAll(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) if (Number(m[0]) === d) return m[0];
  return JSON.stringify(d);
}
function isSizes(v) {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const d = v[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) return false;
  }
  return true;
}
function looksLikeManifest(text) {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, "").trimStart();
  if (!head.startsWith("{")) return false;
  return head.includes(`"${MANIFEST_FORMAT}"`) || /^\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\[\s*(?:\d|\])/.test(head);
}
function keysInTextOrder(obj, body, path, file) {
  const keys = objectKeysInOrder(body, path);
  if (keys === null) return Object.keys(obj);
  if (keys.length !== Object.keys(obj).length) {
    const seen = /* @__PURE__ */ new Set();
    for (const k of keys) {
      if (seen.has(k)) throw duplicateTensor(file, k);
      seen.add(k);
    }
  }
  return keys;
}
function duplicateTensor(file, key) {
  return new FormatError(file, `the manifest names tensor ${quoteKey(key)} twice`);
}
function quoteKey(key) {
  return key.length > 200 ? `${JSON.stringify(key.slice(0, 200)).slice(0, -1)}\u2026" (${key.length} characters)` : JSON.stringify(key);
}
var INTEGER_LIKE = /^(?:0|[1-9]\d{0,9})$/;
function tensorsFieldMayRepeat(text) {
  if (text.includes("\\")) return true;
  const first = text.indexOf('"tensors"');
  return first >= 0 && text.indexOf('"tensors"', first + 1) >= 0;
}
function checkTied(tied, entries, file) {
  if (!Array.isArray(tied)) throw new FormatError(file, `${pointer("tied")}: must be an array of groups of keys that share one storage, not ${typeName2(tied)}`);
  const keys = new Set(entries.map((e) => e.key));
  const grouped = /* @__PURE__ */ new Set();
  return tied.map((g, i) => {
    if (!Array.isArray(g) || g.length < 2) throw new FormatError(file, `${pointer("tied", i)}: a group is an array of two or more keys, not ${Array.isArray(g) ? `${g.length} key${g.length === 1 ? "" : "s"}` : typeName2(g)}`);
    return g.map((k, j) => {
      if (typeof k !== "string") throw new FormatError(file, `${pointer("tied", i, j)}: a key is a string, not ${typeName2(k)}`);
      if (!keys.has(k)) throw new FormatError(file, `${pointer("tied", i, j)}: ${quoteKey(k)} is not a tensor of this manifest`);
      if (grouped.has(k)) throw new FormatError(file, `${pointer("tied", i, j)}: ${quoteKey(k)} is in two groups (a key views one storage)`);
      grouped.add(k);
      return k;
    });
  });
}
function checkModules(v, entries, file) {
  if (!isPlainObject(v)) throw new FormatError(file, `${pointer("modules")}: must be an object of module name \u2192 class name, not ${typeName2(v)}`);
  const owners = /* @__PURE__ */ new Set();
  for (const e of entries) {
    const dot = e.key.lastIndexOf(".");
    owners.add(dot < 0 ? "" : e.key.slice(0, dot));
  }
  const out = /* @__PURE__ */ new Map();
  for (const [name, cls] of Object.entries(v)) {
    if (typeof cls !== "string" || cls.length === 0) throw new FormatError(file, `${pointer("modules", name)}: a class name is a non-empty string, not ${JSON.stringify(cls)}`);
    if (!owners.has(name)) throw new FormatError(file, `${pointer("modules", name)}: ${quoteKey(name)} holds no tensor of this manifest`);
    out.set(name, cls);
  }
  return out;
}
function checkMegatron(v, file) {
  if (!isPlainObject(v)) throw new FormatError(file, `${pointer("megatron")}: must be an object of the Megatron save's args (${MEGATRON_ARGS.join(", ")}, checkpoint_version), not ${typeName2(v)}`);
  const args = /* @__PURE__ */ new Map();
  let ckptVersion = null;
  for (const [k, x] of Object.entries(v)) {
    if (k === "checkpoint_version") {
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0) throw new FormatError(file, `${pointer("megatron", k)}: a number \u2265 0 (the save's checkpoint_version), not ${JSON.stringify(x)}`);
      ckptVersion = x;
    } else if (k === "group_query_attention") {
      if (typeof x !== "boolean") throw new FormatError(file, `${pointer("megatron", k)}: true or false, not ${JSON.stringify(x)}`);
      args.set(k, x);
    } else if (MEGATRON_ARGS.includes(k)) {
      if (typeof x !== "number" || !Number.isSafeInteger(x) || x <= 0) throw new FormatError(file, `${pointer("megatron", k)}: a positive integer, not ${JSON.stringify(x)}`);
      args.set(k, x);
    } else {
      throw new FormatError(file, `${pointer("megatron", k)}: unknown Megatron arg (a manifest keeps ${MEGATRON_ARGS.join(", ")} and checkpoint_version)`);
    }
  }
  return { args, ckptVersion };
}
function parseManifestContents(text, file) {
  const body = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  let doc;
  try {
    doc = JSON.parse(body);
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
    const tensors2 = doc.tensors;
    if (!isPlainObject(tensors2)) throw new FormatError(file, `${pointer("tensors")}: must be an object of key \u2192 {shape, dtype}, not ${typeName2(tensors2)}`);
    for (const extra of Object.keys(doc)) {
      if (extra !== "format" && extra !== "version" && extra !== "tensors" && extra !== "model" && extra !== "tied" && extra !== "megatron" && extra !== "modules") {
        throw new FormatError(file, `${pointer(extra)}: unknown manifest field`);
      }
    }
    if (doc.model !== void 0 && typeof doc.model !== "string") {
      throw new FormatError(file, `${pointer("model")}: must be a string, not ${typeName2(doc.model)}`);
    }
    if (tensorsFieldMayRepeat(body) && (objectKeysInOrder(body, []) ?? []).filter((k) => k === "tensors").length > 1) {
      throw new FormatError(file, `${pointer("tensors")}: appears twice`);
    }
    const keys2 = keysInTextOrder(tensors2, body, ["tensors"], file);
    const out = new Array(keys2.length);
    for (let i = 0; i < keys2.length; i++) {
      const key = keys2[i];
      const t = tensors2[key];
      if (!isPlainObject(t)) throw new FormatError(file, `${pointer("tensors", key)}: must be an object {shape, dtype}, not ${typeName2(t)}`);
      for (const f in t) {
        if (f !== "shape" && f !== "dtype") throw new FormatError(file, `${pointer("tensors", key)}/${f}: unknown field (expected shape, dtype)`);
      }
      if (!("shape" in t)) throw new FormatError(file, `${pointer("tensors", key)}: shape is required (null when unknown)`);
      const shape = t.shape === null ? null : isSizes(t.shape) ? t.shape : parseShape2(t.shape, file, `${pointer("tensors", key)}/shape`, body);
      const d = t.dtype ?? null;
      if (d !== null && (typeof d !== "string" || !isDType(d))) {
        throw new FormatError(file, `${pointer("tensors", key)}/dtype: unknown dtype ${JSON.stringify(d)} (use PyTorch's name, e.g. "float32", "bfloat16")`);
      }
      out[i] = { key, shape, dtype: d };
    }
    return {
      entries: out,
      tied: doc.tied === void 0 ? null : checkTied(doc.tied, out, file),
      ...doc.megatron !== void 0 ? { megatron: checkMegatron(doc.megatron, file) } : {},
      ...doc.modules !== void 0 ? { modules: checkModules(doc.modules, out, file) } : {}
    };
  }
  const keys = keysInTextOrder(doc, body, [], file);
  if (keys.length === 0) throw new FormatError(file, "the manifest lists no tensors");
  const entries = keys.map((key) => {
    const v = doc[key];
    return { key, shape: isSizes(v) ? v : parseShape2(v, file, pointer(key), body), dtype: null };
  });
  return { entries, tied: null };
}

// src/formats/manifest-scan.ts
init_dtype();
var QUOTE2 = 34;
var BACKSLASH3 = 92;
var COMMA2 = 44;
var COLON3 = 58;
var OPEN_BRACE2 = 123;
var CLOSE_BRACE2 = 125;
var OPEN_BRACKET2 = 91;
var CLOSE_BRACKET2 = 93;
var DIGIT_0 = 48;
var DIGIT_9 = 57;
var MAX_SIZE_DIGITS = 15;
var NotPlain = class extends Error {
};
var notPlain = new NotPlain();
var Scanner2 = class {
  constructor(b) {
    this.b = b;
  }
  i = 0;
  ws() {
    const b = this.b;
    let i = this.i;
    for (let c = b[i]; c === 32 || c === 10 || c === 13 || c === 9; c = b[++i]) ;
    this.i = i;
  }
  /** skip whitespace, then the byte `c` */
  expect(c) {
    this.ws();
    if (this.b[this.i] !== c) throw notPlain;
    this.i++;
  }
  /** skip whitespace; true (and consumed) when the next byte is `c` */
  take(c) {
    this.ws();
    if (this.b[this.i] !== c) return false;
    this.i++;
    return true;
  }
  /** the string at the cursor as a flat JavaScript string of its own (never a slice of a large text) */
  string() {
    this.expect(QUOTE2);
    const b = this.b;
    const start = this.i;
    let plain2 = true;
    let i = start;
    for (; ; ) {
      const c = b[i];
      if (c === void 0 || c < 32) throw notPlain;
      if (c === QUOTE2) break;
      if (c === BACKSLASH3) {
        plain2 = false;
        i += 2;
        continue;
      }
      if (c >= 128) plain2 = false;
      i++;
    }
    this.i = i + 1;
    if (plain2) return b.toString("latin1", start, i);
    try {
      return JSON.parse(b.toString("utf8", start - 1, i + 1));
    } catch {
      throw notPlain;
    }
  }
  /**
   * Is the string at the cursor `"text"` itself (ASCII text, no escapes)? Then it is consumed. Compared in
   * place: a field name or a dtype read per tensor made a string each (1,000,000 at scale) only to be
   * compared. A string written otherwise (with an escape) is not taken: the caller reads it with string().
   */
  is(text) {
    this.ws();
    const b = this.b;
    const at = this.i;
    if (b[at] !== QUOTE2 || b[at + text.length + 1] !== QUOTE2) return false;
    for (let k = 0; k < text.length; k++) if (b[at + 1 + k] !== text.charCodeAt(k)) return false;
    this.i = at + text.length + 2;
    return true;
  }
  /** a size: digits only, no leading zero, at most MAX_SIZE_DIGITS */
  size() {
    this.ws();
    const b = this.b;
    let i = this.i;
    let n = 0;
    const start = i;
    for (let c = b[i]; c >= DIGIT_0 && c <= DIGIT_9; c = b[++i]) n = n * 10 + (c - DIGIT_0);
    const len = i - start;
    if (len === 0 || len > MAX_SIZE_DIGITS || len > 1 && b[start] === DIGIT_0) throw notPlain;
    const next = b[i];
    if (next === 46 || next === 101 || next === 69) throw notPlain;
    this.i = i;
    return n;
  }
  /** the literal `null` at the cursor, consumed; false when something else is there */
  null() {
    this.ws();
    const b = this.b;
    const i = this.i;
    if (b[i] === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) {
      this.i = i + 4;
      return true;
    }
    return false;
  }
};
var Interned = class {
  /** by a hash of the sizes, the shapes under it (compared by their sizes: no text per tensor) */
  shapes = /* @__PURE__ */ new Map();
  dtypes = /* @__PURE__ */ new Map();
  sizes = [];
  /** the dtype read last: the next tensor's is nearly always the same, compared in place */
  last = null;
  shape(s) {
    if (s.null()) return null;
    s.expect(OPEN_BRACKET2);
    const sizes = this.sizes;
    sizes.length = 0;
    if (!s.take(CLOSE_BRACKET2)) {
      do
        sizes.push(s.size());
      while (s.take(COMMA2));
      s.expect(CLOSE_BRACKET2);
    }
    let h = sizes.length;
    for (const n of sizes) h = Math.imul(h, 31) + (n | 0) + Math.floor(n / 2 ** 32) | 0;
    let same2 = this.shapes.get(h);
    if (same2 === void 0) this.shapes.set(h, same2 = []);
    for (const shape2 of same2) if (shape2.length === sizes.length && shape2.every((n, k) => n === sizes[k])) return shape2;
    const shape = sizes.slice();
    same2.push(shape);
    return shape;
  }
  dtype(s) {
    if (s.null()) return null;
    if (this.last !== null && s.is(this.last)) return this.last;
    const name = s.string();
    let d = this.dtypes.get(name);
    if (d === void 0) {
      if (!isDType(name)) throw notPlain;
      this.dtypes.set(name, d = name);
    }
    this.last = d;
    return d;
  }
};
function tensors(s, out, file) {
  const interned = new Interned();
  const seen = /* @__PURE__ */ new Set();
  s.expect(OPEN_BRACE2);
  if (s.take(CLOSE_BRACE2)) return;
  do {
    const key = s.string();
    const c0 = key.charCodeAt(0);
    if (seen.has(key)) throw duplicateTensor(file, key);
    if (c0 >= DIGIT_0 && c0 <= DIGIT_9 && INTEGER_LIKE.test(key)) throw notPlain;
    seen.add(key);
    s.expect(COLON3);
    s.expect(OPEN_BRACE2);
    if (!s.is("shape")) throw notPlain;
    s.expect(COLON3);
    const shape = interned.shape(s);
    let dtype = null;
    if (s.take(COMMA2)) {
      if (!s.is("dtype")) throw notPlain;
      s.expect(COLON3);
      dtype = interned.dtype(s);
    }
    s.expect(CLOSE_BRACE2);
    out.push({ key, shape, dtype });
  } while (s.take(COMMA2));
  s.expect(CLOSE_BRACE2);
}
function groups(s) {
  const out = [];
  s.expect(OPEN_BRACKET2);
  if (s.take(CLOSE_BRACKET2)) return out;
  do {
    const g = [];
    s.expect(OPEN_BRACKET2);
    if (!s.take(CLOSE_BRACKET2)) {
      do
        g.push(s.string());
      while (s.take(COMMA2));
      s.expect(CLOSE_BRACKET2);
    }
    out.push(g);
  } while (s.take(COMMA2));
  s.expect(CLOSE_BRACKET2);
  return out;
}
function classes(s) {
  const out = /* @__PURE__ */ Object.create(null);
  s.expect(OPEN_BRACE2);
  if (s.take(CLOSE_BRACE2)) return out;
  do {
    const name = s.string();
    s.expect(COLON3);
    out[name] = s.string();
  } while (s.take(COMMA2));
  s.expect(CLOSE_BRACE2);
  return out;
}
function scanManifest(bytes, file) {
  const s = new Scanner2(bytes);
  if (bytes[0] === 239 && bytes[1] === 187 && bytes[2] === 191) s.i = 3;
  const out = [];
  const fields2 = /* @__PURE__ */ new Set();
  let tied = null;
  let modules = null;
  try {
    s.expect(OPEN_BRACE2);
    do {
      const field = s.string();
      if (fields2.has(field)) throw notPlain;
      fields2.add(field);
      s.expect(COLON3);
      if (field === "format") {
        if (s.string() !== MANIFEST_FORMAT) throw notPlain;
      } else if (field === "version") {
        if (s.size() !== MANIFEST_VERSION) throw notPlain;
      } else if (field === "model") {
        s.string();
      } else if (field === "tensors") {
        tensors(s, out, file);
      } else if (field === "tied") {
        tied = groups(s);
      } else if (field === "modules") {
        modules = classes(s);
      } else throw notPlain;
    } while (s.take(COMMA2));
    s.expect(CLOSE_BRACE2);
    s.ws();
    if (s.i !== bytes.length || !fields2.has("format") || !fields2.has("version") || !fields2.has("tensors")) return null;
  } catch (e) {
    if (e === notPlain) return null;
    throw e;
  }
  return { entries: out, tied: tied === null ? null : checkTied(tied, out, file), ...modules !== null ? { modules: checkModules(modules, out, file) } : {} };
}

// src/checkpoint/key-source.ts
init_registry();
init_sources();
var MAX_TEXT_BYTES = 256 * 1024 * 1024;
function openKeySource(path, stdinText) {
  if (path === "-") {
    if (stdinText === void 0) throw new FormatError("-", "no standard input to read");
    return fromText("<stdin>", stdinText);
  }
  if (!isRemotePath(path) && namesDirectoryCheckpoint(path)) return loadable(path, openCheckpoint(path));
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
  if (kind2 !== "unknown") return loadable(path, openCheckpoint(path, { readOnly: true }));
  if (isRemotePath(path)) throw new FormatError(path, "not a checkpoint: remote sources are read as checkpoints or shard indexes only (download a manifest, key list or error text first)");
  const read4 = readTextFile(path);
  return typeof read4 === "string" ? fromText(path, read4) : read4;
}
function loadable(file, checkpoint) {
  refuseUnloadable(file, checkpoint);
  return { kind: "checkpoint", file, checkpoint };
}
var SNIFF_BYTES = 4096;
function readTextFile(file) {
  const bytes = (0, import_node_fs25.readFileSync)(file);
  if (looksLikeManifest(bytes.toString("utf8", 0, SNIFF_BYTES))) {
    if (!(0, import_node_buffer3.isUtf8)(bytes)) throw new FormatError(file, "bad manifest: not valid UTF-8");
    const read4 = scanManifest(bytes, file);
    if (read4) return { kind: "manifest", file, entries: read4.entries, tied: read4.tied, megatron: read4.megatron ?? null, modules: read4.modules ?? null };
  }
  return bytes.toString("utf8");
}
function fromText(file, text) {
  if (text.trim() === "") {
    if (file === "<stdin>") throw new FormatError("-", text === "" ? "standard input is empty" : "standard input holds only white space");
    throw new FormatError(file, text === "" ? "empty file" : "holds only white space");
  }
  if (looksLikeManifest(text)) {
    const read4 = parseManifestContents(text, file);
    return { kind: "manifest", file, entries: read4.entries, tied: read4.tied, megatron: read4.megatron ?? null, modules: read4.modules ?? null };
  }
  if (looksLikeErrorText(text)) return { kind: "error-text", file, report: parseErrorText(text, file) };
  if (looksLikeKeyList(text)) return { kind: "key-list", file, entries: parseKeyList(text, file) };
  throw new FormatError(file, notDictLikeMessage(text) ?? "not a checkpoint, an sdmatch manifest, a load_state_dict error text, or a list of keys");
}

// src/apply/apply-target.ts
init_walk();
init_errors();

// src/plan/plan-paths.ts
var import_node_fs26 = require("node:fs");
var import_node_path17 = require("node:path");
init_sources();
function namesNoFile(named) {
  return !named || named === "-" || named === "<stdin>";
}
function notLocal(named) {
  return namesNoFile(named) || isRemotePath(named);
}
function usablePath(named, plan2, planFile) {
  if (notLocal(named) || (0, import_node_path17.isAbsolute)(named)) return named;
  if (plan2.paths === RELATIVE_TO_PLAN) return (0, import_node_path17.join)((0, import_node_path17.dirname)(planFile), named);
  return fileNamedByPlan(named, planFile) ?? named;
}
function usablePaths(plan2, planFile) {
  const { paths: _recorded, ...rest } = plan2;
  return {
    ...rest,
    source: { ...plan2.source, file: usablePath(plan2.source.file, plan2, planFile) },
    target: { ...plan2.target, file: usablePath(plan2.target.file, plan2, planFile) }
  };
}
function fileNamedByPlan(named, planFile) {
  if (namesNoFile(named)) return null;
  const besidePlan = planFile && !(0, import_node_path17.isAbsolute)(named) ? (0, import_node_path17.join)((0, import_node_path17.dirname)(planFile), named) : null;
  return (0, import_node_fs26.existsSync)(named) ? named : besidePlan && (0, import_node_fs26.existsSync)(besidePlan) ? besidePlan : null;
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
  /** what a prefix rule gains per doubling of the keys it explains (log2): more keys make a surer rule, slowly */
  prefixStep: 0.02,
  /**
   * the share of a prefix rule's confidence kept when every shape both sides show disagrees: the names still
   * read alike (a shape vote weighs less than the names it sits under)
   */
  prefixShapeFloor: 0.9,
  /** what the shapes' agreement adds above prefixShapeFloor, in proportion to the votes that agree */
  prefixShapeShare: 0.1,
  /** the share kept when no key has a shape on both sides to vote: halfway between all disagreeing and all agreeing */
  prefixNoShapes: 0.95,
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
  /** what each dot-segment of the shared suffix beyond the shortest one accepted adds (suffix.ts MIN_SUFFIX) */
  suffixStep: 0.05,
  /** a template match: base before name similarity, order and shapes add their share (template-score.ts) */
  templateBase: 0.55,
  /** a template match is similarity, never certainty */
  templateCap: 0.98,
  /** a template match's share from name similarity (0..1): the names weigh most, below certainty */
  templateName: 0.25,
  /** its share from order (1 \u2212 the order distance): siblings in the same order agree, a weaker sign than names */
  templateOrder: 0.1,
  /** its share from shapes equal on both sides */
  templateShapesEqual: 0.07,
  /** its share from shapes transposed or reshaped alike: evidence, but a layout step the values cannot confirm */
  templateShapesRelaid: 0.04,
  /** shapes that say nothing (a side without them) leave names and order alone to decide: less sure than any shape evidence */
  templateShapesUnknown: -0.05,
  /** its share from the number of instances (log10, full at 10): a pattern seen in many places is surer */
  templateInstances: 0.03,
  /** a fused tensor split or joined with both sides' shapes: starts here, rises with name similarity */
  fusedBase: 0.75,
  fusedCap: 0.95,
  /** what a fused split or join gains from name similarity (0..1), above fusedBase */
  fusedSimilarity: 0.2,
  /** a fused tensor whose sizes rest on one side's shapes only (equal parts assumed) */
  fusedAssumed: 0.6,
  /**
   * a whole cut into exactly what is left unpaired in the block its neighbours went to (FLUX's
   * linear1 \u2192 to_q/to_k/to_v/proj_mlp): sizes from both sides' shapes, but the order of unequal
   * parts rests on a convention (named q, k, v first), so below a named fusion
   */
  fusedResidual: 0.7,
  /** a square Conv1D weight transposed because a same-named module's shape proves the layout */
  squareTransposeByName: 0.6,
  /**
   * a square weight transposed because both manifests record its module's class, one storing [in, out]
   * (Conv1D), the other [out, in] (Linear) (class-layouts.ts): the classes say it, but a class name is a
   * convention the values cannot confirm, so below the guess line (its values unverified) and above the
   * default minimum (old checkpoints load after the plan)
   */
  transposeByClass: 0.85,
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
   * a copy for a tied weight (lm_head \u2194 embeddings, decoder.bias \u2194 bias): the model lists the tensor
   * twice, the checkpoint once; the tie is known by name and the shapes agree, but it is a known
   * convention, not something the checkpoint shows
   */
  tie: 0.85,
  /** one group of tensors that differ only in an index 0..n\u22121 fits a stacked tensor's shape and layer */
  stackUnique: 0.85,
  /**
   * several such groups fit alike and each one's own words name one target (`gate_proj` experts \u2192
   * `ffn_gate_exps`), or a known convention gives both sides roles (`w1` = gate): names read; below stackUnique, which shapes alone decide
   */
  stackByName: 0.8,
  /**
   * groups stacked, then joined along the next dim (transformers v5's `gate_up_proj` of w1 and w3): each
   * group fits as a stack does, their sizes add up exactly, and the whole's name lists the parts in
   * order \u2014 as specific as one stack, but the order rests on a naming convention, not on shapes
   */
  stackJoined: 0.8,
  /**
   * Caffe2 blob names read as module paths (`res2_0_branch2a_w` \u2192 `res2.0.branch2a.weight`,
   * blob-names.ts): how Detectron's own converters read them, a fixed convention rather than a guess,
   * but it rests on every underscore being a separator, which a blob name cannot confirm
   */
  blobNames: 0.9,
  /**
   * TensorFlow scope paths read as state_dict keys (scope-paths.ts: `/` \u2192 `.`, `name_NNN` \u2192 `name.N`): the
   * same names in TensorFlow's spelling, rewritten by a fixed rule, nothing inferred; as sure as the same key
   */
  scopePaths: 1
};
var POS_SPAN = 2 ** 26;

// src/plan/guesses.ts
var GUESS_BELOW = CONFIDENCE.prefixBase;
function guessedOps(ops) {
  const out = [];
  ops.forEach((op, index) => {
    if (op.op === "drop" || op.op === "strip_prefix" || op.op === "add_prefix") return;
    const confidence2 = typeof op.confidence === "number" ? op.confidence : null;
    if (op.op === "transpose" && op.unwitnessed === true) {
      out.push({ index, op: op.op, confidence: confidence2, why: "a reversed weight nothing witnesses, taken to be transposed: a model of swapped sizes would load the same" });
    } else if (confidence2 !== null && confidence2 < GUESS_BELOW) {
      out.push({ index, op: op.op, confidence: confidence2, why: `confidence ${confidence2.toFixed(2)}, below the ${GUESS_BELOW.toFixed(2)} rules read off the names reach: paired by structure, similarity or order` });
    }
  });
  return out;
}

// src/plan/unshaped.ts
function unshapedTargets(target, produced) {
  const unknown = target.filter((e) => e.shape === null && produced.has(e.key));
  if (unknown.length === 0) return null;
  let last = null;
  for (const e of target) {
    const from = produced.get(e.key);
    if (from?.shape && from.shape.length === 2 && e.key.endsWith(".weight")) last = e;
  }
  const unknownKeys = new Set(unknown.map((e) => e.key));
  const classes2 = (e) => produced.get(e.key).shape[0];
  const lastHead = last !== null && unknownKeys.has(last.key) && HEAD_MODULE.test(last.key) ? last : null;
  const datasetHead = lastHead !== null && datasetOfCount(lastHead.key, classes2(lastHead)) !== null ? lastHead : target.find((e) => {
    const shape2 = unknownKeys.has(e.key) && e.key.endsWith(".weight") ? produced.get(e.key)?.shape : null;
    return shape2 != null && shape2.length >= 2 && isOutputHead(e.key) && datasetOfCount(e.key, shape2[0]) !== null;
  }) ?? null;
  const head = datasetHead ?? lastHead;
  if (head === null) return { count: unknown.length, head: null };
  const module2 = moduleOf(head.key);
  const shape = [...produced.get(head.key).shape];
  const keys = target.filter((e) => moduleOf(e.key) === module2 && unknownKeys.has(e.key)).map((e) => e.key);
  return { count: unknown.length, head: { module: module2, keys, shape, known: DEFAULT_CLASS_COUNTS.get(shape[0]) ?? null, dataset: datasetOfCount(head.key, shape[0]) } };
}
function unshapedDatasetHead(u) {
  const head = u?.head;
  if (!head?.dataset) return null;
  return { module: head.module, keys: head.keys, classes: head.shape[0], dataset: head.dataset };
}

// src/apply/apply-target.ts
function strictLoad(c) {
  if (c.against === "none") return "unchecked";
  if (c.missing.length > 0 || c.unexpected.length > 0 || c.shapes.length > 0) return "refused";
  if (c.cut || c.datasetHead) return "unknown";
  return c.unshaped ? "names" : "loads";
}
function loadsStrict(c) {
  return strictLoad(c) === "loads";
}
function failsTarget(c) {
  const known = strictLoad(c);
  return known === "refused" || known === "unknown" || c.unreached === true || (c.tiedApart?.length ?? 0) > 0;
}
function verdictOf(plan2, counters) {
  const guesses = guessedOps(plan2.ops);
  const asStored = plan2.loadsAsStored ?? [];
  const apart = plan2.tiedApart ?? [];
  return { ...counters.length > 0 ? { counters } : {}, ...guesses.length > 0 ? { guesses } : {}, ...asStored.length > 0 ? { loadsAsStored: [...asStored] } : {}, ...apart.length > 0 ? { tiedApart: apart.map((g) => [...g]) } : {} };
}
function targetFile(plan2, planFile) {
  return fileNamedByPlan(plan2.target.file, planFile);
}
function writtenSides(out, expected, outSelect) {
  const sides = resolveSides(out, expected);
  const ckpt = out.kind === "checkpoint" && outSelect !== null ? out.checkpoint : null;
  const cand = ckpt?.root ? candidateAt(ckpt, outSelect) : void 0;
  if (!cand) return sides;
  const entries = candidateTensors(ckpt.root, cand).map(([key, t]) => ({ key, shape: t.shape, dtype: t.dtype }));
  return { ...sides, source: { ...sides.source, entries, selected: cand.path, selection: null, nonTensor: cand.nonTensor } };
}
function checkAgainstTarget(plan2, outEntry, opts = {}) {
  const named = opts.given ?? plan2.target.file;
  const outSelect = opts.outSelect ?? null;
  const none = (why, unreached = false) => ({ target: named, against: "none", why, ...unreached ? { unreached } : {}, missing: [], unexpected: [], shapes: [] });
  if (opts.given === void 0 && namesNoFile(named)) return none("the plan was made against standard input");
  const target = opts.given ?? targetFile(plan2, opts.planFile ?? null);
  if (target === null) return none(`the plan's target ${named} is not here (a plan moved without its files?)`, true);
  let expected;
  try {
    expected = openKeySource(target);
  } catch (e) {
    if (e instanceof FormatError) return none(`the target ${named} cannot be read (${e.message})`, true);
    throw e;
  }
  const out = openKeySource(outEntry);
  if (expected.kind === "error-text") {
    const sides2 = writtenSides(out, expected, outSelect);
    const d2 = diffWithErrorReport(sides2.source.entries, expected.report);
    const filled2 = countersFilledIn(sides2.source);
    const head = datasetHeadOf(expected.report, sides2.source.entries);
    return {
      ...head ? { datasetHead: head } : {},
      ...verdictOf(plan2, d2.missing.filter(filled2)),
      target,
      against: "error-text",
      cut: expected.report.truncated,
      // the drops --allow-guessed-drops applied: those the text argues against were left undone
      guessedDrops: guessedDrops(plan2).length,
      missing: d2.missing.filter((k) => !filled2(k)),
      unexpected: d2.unexpected,
      shapes: d2.shapeMismatch.map((m) => ({ key: m.key, have: m.source, want: m.expected })),
      unshaped: expected.report.missing.length - d2.missing.filter((k) => expected.report.missing.includes(k)).length
    };
  }
  const sides = writtenSides(out, expected, outSelect);
  const d = diffKeys(sides.source.entries, sides.expected.entries, { ignoreDtype: true });
  const filled = countersFilledIn(sides.source);
  return {
    ...verdictOf(plan2, d.missing.filter(filled)),
    target,
    against: "model",
    missing: d.missing.filter((k) => !filled(k)),
    unexpected: d.unexpected,
    shapes: d.shapeMismatch.map((m) => ({ key: m.key, have: m.source, want: m.expected }))
  };
}
var nameOnly = (key) => ({ key, shape: null, dtype: null });
function datasetHeadOf(report, written) {
  const target = [...report.missing.map(nameOnly), ...report.sizeMismatch.map((m) => ({ key: m.key, shape: m.expected, dtype: null }))];
  return unshapedDatasetHead(unshapedTargets(target, new Map(written.map((e) => [e.key, e]))));
}

// src/plan/tied-writes.ts
function tiedApartWords(groups2) {
  const g = groups2[0];
  const kept = g[g.length - 1];
  const lost = g.slice(0, -1).map((k) => `\`${k}\``).join(", ");
  const more = groups2.length > 1 ? ` (and ${groups2.length - 1} more tie${groups2.length === 2 ? "" : "s"})` : "";
  return `the model ties ${g.map((k) => `\`${k}\``).join(" and ")} (one tensor) and the plan writes them from separate tensors of the checkpoint${more}: torch copies each into the one tensor and keeps the last, \`${kept}\`'s, so the trained values of ${lost} are lost (no error); if the checkpoint's model did not tie them, build the model untied (tie_word_embeddings=False)`;
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
    const list2 = byFirst.get(v);
    if (list2) list2.push(r);
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
function collapse(items, template) {
  const byTemplate = /* @__PURE__ */ new Map();
  const alone = [];
  for (const item of items) {
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
  const items = [];
  keys.forEach((key, pos) => {
    if (seen.has(key)) return;
    seen.add(key);
    items.push({ key, pos });
  });
  let drafts = collapse(items, (x) => nameTemplate(x.key)).map((g) => ({
    segments: g.slots === null ? g.rows[0].item.key.split(".") : fill(g.template, g.slots),
    keys: g.rows.map((r) => r.item.key),
    first: g.rows[0].pos
  }));
  drafts = mergeSiblings(mergeSiblings(drafts, 1), 2);
  return drafts.map((d) => ({ pattern: d.segments.join("."), module: d.segments.length > 1 ? d.keys[0].slice(0, d.keys[0].indexOf(".")) : "", keys: d.keys }));
}
function groupRenames(renames) {
  const items = renames.map((r, pos) => ({ r, pos, from: nameTemplate(r.from), to: nameTemplate(r.to) }));
  const offsets = (x) => x.from.indices.length === x.to.indices.length ? x.from.indices.map((v, i) => x.to.indices[i] - v) : null;
  const groups2 = collapse(items, (x) => {
    const shift = offsets(x);
    return shift ? { template: `${x.from.template}\0${x.to.template}\0${shift.join(",")}`, indices: x.from.indices } : null;
  }).map((g) => {
    const first = g.rows[0].item;
    const renamesOf = g.rows.map((row) => row.item.r);
    if (g.slots === null) return { from: splitKey(first.r.from), to: splitKey(first.r.to), renames: renamesOf };
    const toSlots = g.slots.map((_, p) => formatIndexSet(g.rows.map((row) => row.item.to.indices[p])));
    return { from: fill(first.from.template, g.slots), to: fill(first.to.template, toSlots), renames: renamesOf };
  });
  return mergeLeaves(groups2).map((g) => ({ from: g.from.join("."), to: g.to.join("."), renames: g.renames }));
}
function mergeLeaves(groups2) {
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
  for (const g of groups2) {
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
function renderGroups(groups2, opts = {}) {
  const line = (g) => opts.counts && g.keys.length > 1 ? `${g.pattern}  (${g.keys.length} keys)` : g.pattern;
  const max = opts.maxLines ?? Infinity;
  if (groups2.length <= max) return groups2.map(line);
  const shown = groups2.slice(0, Math.max(0, max - 1));
  const rest = groups2.slice(shown.length);
  const restKeys = rest.reduce((n, g) => n + g.keys.length, 0);
  return [...shown.map(line), `\u2026 and ${restKeys} more key${restKeys === 1 ? "" : "s"} in ${rest.length} more line${rest.length === 1 ? "" : "s"}`];
}

// src/formats/python-source.ts
function pyStr(s) {
  if (/^[\x20-\x7e]*$/.test(s) && !s.includes("'") && s.includes("\\") && !/\\$/.test(s)) return `r'${s}'`;
  let out = "'";
  for (const ch of s) {
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

// src/report/answer.ts
function mergeRepeated(lines) {
  const count = /* @__PURE__ */ new Map();
  for (const l of lines) count.set(l, (count.get(l) ?? 0) + 1);
  return [...count].map(([l, n]) => n > 1 ? `${l} (\xD7${n})` : l);
}

// src/report/dataset-head.ts
var listedKeys = (keys) => renderGroups(groupKeys(keys), { maxLines: 5 }).map(printable).join(", ");
function datasetHeadText(h, whose) {
  return `${whose} head \`${h.module}\` has ${h.classes} outputs, ${h.dataset}'s classes, which the model has only if it was built for ${h.dataset}: a model built for classes of its own refuses ${listedKeys(h.keys)}`;
}
function datasetHeadExitLine(what, into2, h) {
  return `exit 1: ${what} is not shown to load with strict=True into ${into2}: its head \`${h.module}\` has ${h.dataset}'s ${h.classes} classes and the error does not give the model's class count (a model built for classes of its own refuses ${listedKeys(h.keys)})`;
}

// src/report/apply.ts
var DEFAULT_LIMIT = 20;
function list(items, show2, limit) {
  const shown = items.slice(0, limit).map((x) => `    ${printable(show2(x))}`);
  if (items.length > limit) shown.push(`    \u2026 and ${formatCount(items.length - limit)} more (--all lists every one)`);
  return shown;
}
function keyList(keys, limit) {
  return renderGroups(groupKeys(keys), { counts: true, maxLines: limit }).map((l) => `    ${printable(l)}`);
}
function renameList(renames, limit) {
  return list(groupRenames(renames), (g) => `${g.from} \u2192 ${g.to}${g.renames.length > 1 ? `  (${formatCount(g.renames.length)} keys)` : ""}`, limit);
}
function countsText(c) {
  return [
    c.renamed.length && `${formatCount(c.renamed.length)} renamed`,
    c.tied.length && `${formatCount(c.tied.length)} tied (a second name for a written tensor)`,
    c.kept.length && `${formatCount(c.kept.length)} unchanged`,
    c.transposed.length && `${formatCount(c.transposed.length)} transposed`,
    c.reshaped.length && `${formatCount(c.reshaped.length)} reshaped`,
    c.split.length && `${formatCount(c.split.length)} split into ${formatCount(c.split.reduce((n, x) => n + x.into.length, 0))}`,
    c.concat.length && `${formatCount(c.concat.length)} concatenated`,
    c.dropped.length && `${formatCount(c.dropped.length)} dropped`,
    c.missing.length && `${formatCount(c.missing.length)} left missing`
  ].filter(Boolean).join(", ") || "no tensors";
}
function selectText(select) {
  return select.length === 0 ? "(root)" : select.map(String).join("/");
}
function stateDictInOutput(p) {
  return p.keepContainer && p.source.select.length > 0 ? `${pythonAccess(p.source.select)} of the output` : "the output";
}
function outputText(p) {
  if (p.dcpInPlace) return `${p.out} (DCP folder, renamed in place: its .metadata rewritten)`;
  const oneShard = p.sharded && "written" in p && p.written.files.length === 1;
  const what = p.keepContainer ? `the whole checkpoint, state dict replaced at ${pythonAccess(p.source.select)}` : "the state dict alone";
  const fmt = p.format === "torch" ? "torch zip" : "safetensors";
  return `${p.out} (${fmt}${oneShard ? ", one file and no index: everything fits in one shard" : p.sharded ? ", sharded with an index" : ""}; ${what})`;
}
function header(style, p) {
  const lines = [
    `${paint(style, "bold", "source")}  ${p.source.file} (${p.source.format}, ${formatBytes(p.source.size)}), state dict at ${selectText(p.source.select)}`,
    `${paint(style, "bold", "output")}  ${outputText(p)}`
  ];
  if (p.forced.length > 0) lines.push(paint(style, "yellow", `--force: the plan was made for another file (${p.forced.join("; ")})`));
  return lines;
}
function chainText(recipe, single) {
  const steps = [];
  for (let r = recipe; r && (r.kind === "transpose" || r.kind === "reshape"); r = r.of) {
    steps.unshift(r.kind === "transpose" ? `transpose dims [${r.dims.join(", ")}]` : `reshape${r.shape ? ` to [${r.shape.join(", ")}]` : ""}`);
  }
  return steps.length > 1 ? steps.join(", then ") : single;
}
function renderDryRun(style, p, opts = {}) {
  const limit = opts.all ? Infinity : DEFAULT_LIMIT;
  const c = p.changes;
  const out = [paint(style, "bold", `dry run: nothing written. ${formatCount(c.outputs.length)} tensors would be written (${formatBytes(p.totalBytes)}): ${countsText(c)}`), ""];
  out.push(...header(style, p), "");
  const section = (title, n, lines) => {
    if (n === 0) return;
    out.push(`  ${title} (${formatCount(n)})`);
    out.push(...lines);
  };
  section("renamed", c.renamed.length, renameList(c.renamed, limit));
  section("tied", c.tied.length, list(c.tied, (t) => `${t.to} = ${t.from} (one tensor, two names)`, limit));
  const recipes = c.transposed.length + c.reshaped.length > 0 ? new Map(c.outputs.map((o) => [o.key, o.recipe])) : null;
  section("transposed", c.transposed.length, list(c.transposed, (t) => `${t.from}${t.to !== t.from ? ` \u2192 ${t.to}` : ""}  ${chainText(recipes?.get(t.to), `dims [${t.dims.join(", ")}]`)}`, limit));
  section("reshaped", c.reshaped.length, list(c.reshaped, (t) => `${t.from}${t.to !== t.from ? ` \u2192 ${t.to}` : ""}  ${chainText(recipes?.get(t.to), `to [${t.shape.join(", ")}]`)}`, limit));
  section("split", c.split.length, list(c.split, (s) => `${s.from} \u2192 ${s.into.join(", ")}`, limit));
  section("concatenated", c.concat.length, list(c.concat, (s) => `${s.from.join(" + ")} \u2192 ${s.into}`, limit));
  section(paint(style, "red", "dropped"), c.dropped.length, keyList(c.dropped, limit));
  if (c.kept.length > 0) out.push(`  unchanged (${formatCount(c.kept.length)})`);
  section(paint(style, "yellow", "left missing: the model keeps its own values"), c.missing.length, keyList(c.missing, limit));
  out.push("");
  out.push(...checks(p));
  for (const n of mergeRepeated(p.notes)) out.push(`note: ${n}`);
  return out.join("\n");
}
function checks(p) {
  const lines = [identityLine(p.hash)];
  if (p.metadata) {
    const dropped = p.metadata.dropped.length ? `, ${p.metadata.dropped.length} dropped (${p.metadata.dropped.slice(0, 3).map((m) => `'${m}'`).join(", ")}${p.metadata.dropped.length > 3 ? ", \u2026" : ""})` : "";
    lines.push(p.metadata.carried ? `module versions (_metadata): ${p.metadata.entries} carried, ${p.metadata.renamed} renamed${dropped}` : "module versions (_metadata): not carried");
  }
  return lines;
}
function identityLine(hash) {
  if (hash === "key set matched") return "source: another file than the plan's, with the key set it was made for (names, shapes and dtypes; e.g. another snapshot of the run)";
  if (hash === "unchanged since plan") return "source unchanged since `plan` hashed it (same device, inode, size, mtime, ctime): sha256 not re-read (--full-hash re-reads it)";
  if (hash === "entries matched") return "source: its zip directory's names, sizes and CRC-32s match the plan's (entries digest; the plan recorded no sha256, made with --no-hash)";
  return `sha256: ${hash}`;
}
function storagesText(s) {
  if (s.kind === "streamed") return `streamed storages from the source (no in-kernel copy: ${s.why})`;
  if (s.kind === "metadata-only") return "no tensor bytes written: only the DCP folder's .metadata was rewritten, its data files are as they were";
  const left = s.orphans.map((o) => `the source's old ${o.name.slice(o.name.lastIndexOf("/") + 1)} (${formatBytes(o.bytes)})`).join(", ");
  const note = left ? `; in the output, the place of ${left} is filled with zeros and listed by no entry (the source file is not changed)` : "";
  return `copied storages in-kernel (the source copied whole, only its data.pkl and zip directory rewritten)${note}`;
}
function renderApplied(style, r, target) {
  const last = exitLine(target);
  return `${renderTargetCheck(style, target, stateDictInOutput(r))}
${renderApplySummary(style, r)}${last ? `
${paint(style, "red", last)}` : ""}`;
}
function renderApplySummary(style, r) {
  const c = r.changes;
  const counts2 = countsText({ ...c, missing: [] });
  const secs = r.written.seconds;
  const rate = secs > 0 ? `, ${formatBytes(r.written.bytes / secs)}/s` : "";
  const out = [
    `${paint(style, "green", "wrote")} ${r.written.files.length === 1 ? r.written.files[0] : `${r.written.files.length} files in ${r.out}`}: ${formatCount(r.written.tensors)} tensors, ${formatBytes(r.written.bytes)} in ${secs.toFixed(2)} s${rate}`,
    `  ${counts2}`,
    `  ${storagesText(r.written.storages)}`,
    "",
    ...header(style, r)
  ];
  if (c.missing.length > 0) out.push(`  ${paint(style, "yellow", `${formatCount(c.missing.length)} target key(s) left missing`)} by the plan: ${listedKeys(c.missing)}`);
  out.push(`written as planned: re-read the output: keys, dtypes, shapes and storage sizes as the plan says`);
  out.push(...checks(r));
  for (const n of mergeRepeated(r.notes)) out.push(`note: ${n}`);
  return out.join("\n");
}
var listed = (items) => `${items.slice(0, 5).join(", ")}${items.length > 5 ? ", \u2026" : ""}`;
function errorTextCheckLine(c, what) {
  const named = `none of ${what} is missing, unexpected or of another shape in the output`;
  const guessed = guessedText(c);
  if (c.cut) return `not shown to load with strict=True: ${named}, but the text was cut, so the keys past the cut were not checked (give the whole error text, or run sdmatch diff OUT MODEL)${guessed}`;
  if (c.datasetHead) return `not shown to load with strict=True: none of ${what} is missing or unexpected in the output, but the error gives no shapes for ${c.unshaped === 1 ? "one of them" : `${c.unshaped} of them`} (it lists the model's keys by name), so ${c.unshaped === 1 ? "its shape was" : "their shapes were"} not compared, and ${datasetHeadText(c.datasetHead, "the output's")}: compare \`model.state_dict()['${c.datasetHead.keys[0]}'].shape\`, or run sdmatch diff OUT MODEL${guessed}`;
  if (c.unshaped) return `checked, not verified: none of ${what} is missing or unexpected in the output, but the error gives no shapes for ${c.unshaped === 1 ? "one of them" : `${c.unshaped} of them`} (it lists the model's keys by name), so ${c.unshaped === 1 ? "its shape was" : "their shapes were"} not compared and a strict load may still refuse one of another size: sdmatch diff OUT MODEL checks them${guessed}`;
  const head = c.guessedDrops ? `checked, not verified: ${named}` : `verified against ${what}: ${named.replace(`none of ${what}`, "none")}`;
  return `${head} (the keys the error does not name are not known: sdmatch diff OUT MODEL checks them all)${guessed}`;
}
function guessedText(c) {
  return c.guessedDrops ? `; ${c.guessedDrops === 1 ? "one drop was" : `${c.guessedDrops} drops were`} a guess (--allow-guessed-drops): if the model has those keys, load_state_dict(strict=True) reports them missing` : "";
}
function countersText(c) {
  const n = c.counters?.length ?? 0;
  return n === 0 ? "" : ` but ${n === 1 ? "one BatchNorm `num_batches_tracked` counter" : `${formatCount(n)} BatchNorm \`num_batches_tracked\` counters`}, which BatchNorm fills in as it loads`;
}
function guessesLine(c) {
  const g = c.guesses ?? [];
  const stored = c.loadsAsStored ?? [];
  if (g.length === 0 && stored.length === 0) return "";
  const named = `${g.slice(0, 4).map((x) => `ops[${x.index}]`).join(", ")}${g.length > 4 ? ", \u2026" : ""}`;
  const ops = g.length === 0 ? null : `the values of ${g.length === 1 ? "one op that rests" : `${formatCount(g.length)} ops that rest`} on a guess (${named}: ${g[0].why}${g.length > 1 ? ", \u2026" : ""})`;
  const kernels = stored.length === 0 ? null : `${stored.length === 1 ? "one weight" : `${formatCount(stored.length)} weights`} written as stored although nothing decided ${stored.length === 1 ? "its" : "their"} layout (${listedKeys(stored)}: may be transposed)`;
  return `; not verified: ${[ops, kernels].filter(Boolean).join("; and ")}, which a strict load cannot catch: check those tensors (sdmatch plan's report says what each rests on)`;
}
function refusedKeys(c) {
  return [
    c.missing.length && `${formatCount(c.missing.length)} missing (${listedKeys(c.missing)})`,
    c.unexpected.length && `${formatCount(c.unexpected.length)} unexpected (${listedKeys(c.unexpected)})`,
    c.shapes.length && `${formatCount(c.shapes.length)} of another shape (${listed(c.shapes.map((s) => `${s.key} [${s.have.join(", ")}] vs [${s.want.join(", ")}]`))})`
  ].filter(Boolean).join(", ");
}
function renderTargetCheck(style, c, output = "the output") {
  if (c.against === "none") return paint(style, c.unreached ? "red" : "yellow", `not checked against the model: ${c.why ?? "no target"}; ${c.unreached ? "give it with --target MODEL, or " : ""}run sdmatch diff OUT MODEL to check it`);
  const what = c.against === "model" ? c.target : `the keys ${c.target} names`;
  const known = strictLoad(c);
  if ((known === "loads" || known === "names") && c.tiedApart && c.tiedApart.length > 0) {
    return paint(style, "red", `load_state_dict(strict=True) accepts ${output} into ${what}, but trained weights are lost: ${tiedApartWords(c.tiedApart)}${guessesLine(c)}`);
  }
  if (known === "loads" || known === "names" || known === "unknown") {
    const guessed = guessesLine(c);
    return paint(style, c.cut || c.guessedDrops || c.unshaped || guessed ? "yellow" : "green", c.against === "model" ? `${guessed ? "keys and shapes verified" : "verified"} against ${c.target}: every key it expects is there with its shape${countersText(c)}, and nothing else: load_state_dict(strict=True) accepts ${output}${guessed}` : `${errorTextCheckLine(c, what)}${guessed}`);
  }
  const past = c.cut ? " (and the text was cut: the keys past the cut were not checked)" : "";
  return paint(style, "red", `the output does not load with strict=True into ${what}: ${refusedKeys(c)}${past}`);
}
function exitLine(c) {
  if (!failsTarget(c)) return null;
  if (c.against === "none") return `exit 1: the output was compared with no model: ${c.why ?? "no target"}`;
  const into2 = c.against === "model" ? c.target : `the model behind ${c.target}`;
  if ((strictLoad(c) === "loads" || strictLoad(c) === "names") && c.tiedApart) return `exit 1: load_state_dict(strict=True) into ${into2} accepts the output, but keeps one tensor of a tie the plan writes from two: \`${c.tiedApart[0].slice(0, -1).join("`, `")}\`'s trained values are lost`;
  if (strictLoad(c) !== "unknown") return `exit 1: load_state_dict(strict=True) into ${into2} refuses the output: ${refusedKeys(c)}`;
  return c.cut ? `exit 1: the output is not shown to load with strict=True into ${into2}: the error text was cut, so keys past the cut may still be missing or unexpected` : datasetHeadExitLine("the output", into2, c.datasetHead);
}

// src/report/apply-json.ts
var APPLY_FORMAT = "sdmatch-apply";
var APPLY_VERSION = 1;
function applyToJson(p, target) {
  const { source: s } = p;
  return {
    format: APPLY_FORMAT,
    version: APPLY_VERSION,
    dryRun: !("written" in p),
    source: { file: s.file, format: s.format, size: s.size, select: s.select, safety: s.safety.verdict },
    checkpointSafety: [checkpointSafety(s.file, s.safety)],
    output: { path: p.out, format: p.format, sharded: p.sharded, keepContainer: p.keepContainer },
    forced: p.forced,
    hash: p.hash,
    metadata: p.metadata,
    totalBytes: p.totalBytes,
    changes: p.changes,
    notes: p.notes,
    written: "written" in p ? p.written : null,
    target: target ? { ...target, loadsStrict: loadsStrict(target), strictLoad: strictLoad(target) } : null
  };
}
function formatApplyJson(p, target) {
  return JSON.stringify(applyToJson(p, target), null, 2);
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
    const where = err2.path ? `${err2.path}: ` : "";
    return { line: `sdmatch: ${printable(`${where}${ENVIRONMENT_ERRORS[env]} (${env})`)}${debug && err2.stack ? `
${err2.stack}` : ""}`, code: EXIT.error };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const trace = debug ? `
${err.stack ?? ""}` : " (run with --debug for the trace)";
  return { line: `sdmatch: internal error: ${printable(err.message)}${trace}`, code: EXIT.internal };
}

// src/cli/shared.ts
var import_node_fs27 = require("node:fs");
var import_node_path18 = require("node:path");
init_errors();
init_io_errors();
function checkOutPath(out, inputs, option = "-o", what = "the plan", guard) {
  const problem = guard ? unwritable(out) : linkProblem(out);
  if (problem?.descriptor) {
    throw new UsageError(`${option} ${out}: cannot write: ${problem.why}; ${option === "-o" && guard?.writes === "json" ? "omit -o to print" : `name a file for ${what}`}`);
  }
  if (problem) throw new FormatError(out, `cannot write: ${problem.why}`);
  for (const i of inputs) {
    if (i === void 0 || i === null || i === "-" || !sameFile(out, i)) continue;
    const alias = (0, import_node_path18.resolve)(i) === (0, import_node_path18.resolve)(out) ? "" : ` (${i} is the same file)`;
    throw new UsageError(`${option} ${out} would overwrite an input${alias}; name another file for ${what}`);
  }
  if (guard && !guard.force) {
    const other = otherKind(out, guard.writes);
    if (other) throw new UsageError(`${option} ${out} would replace ${other} with ${what} (${guard.writes === "json" ? "JSON" : "HTML"}); name another file, or add --force to replace it`);
  }
}
var ZIP_MAGIC2 = [80, 75];
var PICKLE_PROTO = 128;
function otherKind(out, kind2) {
  let head;
  try {
    if (!(0, import_node_fs27.statSync)(out).isFile()) return null;
    const fd = (0, import_node_fs27.openSync)(out, "r");
    try {
      head = Buffer.alloc(512);
      head = head.subarray(0, (0, import_node_fs27.readSync)(fd, head, 0, head.length, 0));
    } finally {
      (0, import_node_fs27.closeSync)(fd);
    }
  } catch {
    return null;
  }
  const text = head.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (head.length === 0 || text === "") return null;
  if (kind2 === "json" ? text.startsWith("{") || text.startsWith("[") : text.startsWith("<")) return null;
  if (head[0] === ZIP_MAGIC2[0] && head[1] === ZIP_MAGIC2[1]) return "a zip file (a torch checkpoint?)";
  if (head[0] === PICKLE_PROTO) return "a pickle (a torch checkpoint?)";
  return head.includes(0) ? "a binary file (a checkpoint?)" : `a file that is not ${kind2 === "json" ? "JSON" : "an HTML page"}`;
}
function linkProblem(out) {
  const link = outputTarget(out);
  return link.ok ? null : link;
}
function unwritable(out) {
  const link = outputTarget(out);
  if (!link.ok) return link;
  let st;
  try {
    st = (0, import_node_fs27.statSync)(link.target);
  } catch {
  }
  const special = st ? notRegularFile(st) : null;
  if (special) return { why: `it ${special}`, descriptor: false };
  if (st) return null;
  try {
    if (!(0, import_node_fs27.statSync)((0, import_node_path18.dirname)(link.target)).isDirectory()) return { why: ENVIRONMENT_ERRORS.ENOTDIR, descriptor: false };
    (0, import_node_fs27.accessSync)((0, import_node_path18.dirname)(link.target), import_node_fs27.constants.W_OK);
  } catch (e) {
    const code = environmentCode(e);
    return { why: code === "ENOENT" ? "no such folder" : code !== null ? ENVIRONMENT_ERRORS[code] : e.message, descriptor: false };
  }
  return null;
}
function readPlanFile(path) {
  let text;
  try {
    text = (0, import_node_fs27.readFileSync)(path, "utf8");
  } catch (e) {
    throw new FormatError(path, `cannot read the plan: ${readFailure(e, path)}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FormatError(path, `not a JSON plan: ${e.message}`);
  }
  return usablePaths(validatePlan(json, path), path);
}

// src/cli/apply.ts
var UNITS = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40
};
function parseByteSize(text) {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(text);
  const n = m ? Math.floor(Number(m[1]) * UNITS[(m[2] ?? "b").toLowerCase()]) : NaN;
  if (!(Number.isSafeInteger(n) && n > 0)) throw new UsageError(`--max-shard-size: expected a size such as 5GB, 500MB or 2GiB, got '${text}'`);
  return n;
}
var APPLY_EXIT_CODES = [
  "Exit codes: 0 written, and it loads with strict=True into the target the plan was made against (or the plan was made against standard input, so there is no file to compare with; or the target is an error text that lists the model's keys by name only, so their shapes were not compared and nothing points to one of another size: the first line says so);",
  "1 written, but not shown to load with strict=True into that target: keys stay missing, unexpected or of another shape, the target is known only from an error text cut short or one that does not give the model's class count for a public dataset's head the output holds, or the file the plan names as its target is not here (--target MODEL names it) (the last line says which);",
  "2 bad input, a plan that does not fit SOURCE, or a plan with guessed drops without --allow-guessed-drops: nothing written, one line on stderr; 3 a bug in sdmatch."
].join(" ");
var BAR = 24;
async function fetchTarget(spec, io) {
  const { prefetchRemote: prefetchRemote2, describeReport: describeReport2 } = await Promise.resolve().then(() => (init_prefetch(), prefetch_exports));
  return describeReport2(await prefetchRemote2(spec, io.env));
}
function progressLine(out, written, total) {
  const share = total > 0 ? Math.min(1, written / total) : 1;
  const filled = Math.round(share * BAR);
  return `writing ${out} [${"#".repeat(filled)}${".".repeat(BAR - filled)}] ${Math.floor(share * 100)}% ${formatBytes(written)} / ${formatBytes(total)}`;
}
var applyCommand = {
  builder: (y) => y.positional("source", { type: "string", demandOption: true, describe: "the checkpoint the plan was made for, or any with its key set (another snapshot of the run)" }).positional("plan", { type: "string", demandOption: true, describe: "plan.json written by sdmatch plan (or by hand)" }).option("out", { alias: "o", type: "string", describe: "output file (a folder with --max-shard-size); replaces an existing file, never SOURCE (unless --in-place), the plan or its target" }).option("format", { choices: ["torch", "safetensors"], describe: "output format (default: from OUT's extension, else safetensors for safetensors input, torch otherwise)" }).option("keep-container", { type: "boolean", describe: "write the whole checkpoint (epoch, optimizer, args \u2026) with the state dict replaced, instead of the state dict alone" }).option("max-shard-size", { type: "string", describe: "shard the output (e.g. 5GB): OUT is a folder with transformers' shard names and an index" }).option("force", { type: "boolean", describe: "apply a plan to a file with another key set, following its ops (a file with the plan's key set \u2014 names, shapes, dtypes \u2014 needs no --force)" }).option("select", { type: "string", describe: "the state dict inside SOURCE (e.g. state_dict, (root)) when it is nested elsewhere than in the file the plan was made on; its key set is still checked" }).option("in-place", { type: "boolean", describe: "replace SOURCE with the output, atomically (one file, or a DCP folder's .metadata); the check of what it loads is said after (exit 1 when a strict load would still fail), not a condition of the replace" }).option("dry-run", { type: "boolean", describe: "print what would change; write nothing" }).option("verify-hash", { type: "boolean", default: true, describe: "check that SOURCE is the plan's file: by the sha256 the plan recorded (not re-read when SOURCE is unchanged since plan hashed it, see --full-hash; else hashed while writing; a zip's directory CRC-32s are checked first, instantly, and alone only for a plan made with --no-hash); --no-verify-hash skips it, size and key set are still checked" }).option("full-hash", { alias: "rehash", type: "boolean", describe: "re-read SOURCE and check the plan's sha256 even when SOURCE is the very file plan hashed, unchanged since (same device, inode, size, mtime and ctime as the plan recorded; every write changes ctime), which apply otherwise trusts without re-reading it" }).option("sync", { type: "boolean", default: true, describe: "fsync OUT before and after renaming it into place (--no-sync skips it: OUT still appears whole or not at all, but a machine crash soon after may lose it)" }).option("fast", { type: "boolean", default: true, describe: "when every storage stays byte-identical, copy SOURCE in-kernel and rewrite only its data.pkl and zip directory (--no-fast streams storages into a compact archive numbered as torch.save numbers it)" }).option("all", { type: "boolean", describe: "with --dry-run, list every change" }).option("json", { type: "boolean", describe: "what was (or would be) written and whether the model accepts it (schemas/apply.schema.json)" }).option("allow-guessed-drops", { type: "boolean", describe: "drop the keys of guessed drops anyway (ops marked unsettled / NOT A SETTLED FIX: made from an error text that does not settle them, so they may be trained weights the model should have); without it such a plan is refused, nothing written, exit 2 (--dry-run too); with it only the drops the text leaves open are applied (a drop the text argues against, text_reading, is left undone, its keys kept) and the output is only checked, not verified" }).option("target", { type: "string", describe: "the model (checkpoint, manifest or error text) to check the output against, instead of the target the plan names: for a plan moved without its files" }).option("trust", { type: "boolean", describe: "with --keep-container, carry a dangerous SOURCE's objects (and the code they run) into OUT anyway" }).epilogue(APPLY_EXIT_CODES),
  run: async (args, io) => {
    const out = args.out ?? (args.inPlace ? args.source : void 0);
    if (out === void 0 && !args.dryRun) throw new UsageError("name the output with -o OUT (or pass --in-place to replace SOURCE)");
    const plan2 = readPlanFile(args.plan);
    if (args.target !== void 0 && !isRemotePath(args.target) && !(0, import_node_fs30.existsSync)(args.target)) throw new UsageError(`--target ${args.target}: no such file`);
    const remoteTarget = args.target === void 0 && !args.dryRun && isRemotePath(plan2.target.file) ? plan2.target.file : void 0;
    const remoteNote = remoteTarget !== void 0 ? await fetchTarget(remoteTarget, io) : "";
    const given = args.target ?? remoteTarget;
    const opts = {
      source: args.source,
      plan: plan2,
      planFile: args.plan,
      out: out ?? "",
      keepContainer: args.keepContainer ?? false,
      maxShardBytes: args.maxShardSize !== void 0 ? parseByteSize(args.maxShardSize) : null,
      force: args.force ?? false,
      ...args.select !== void 0 ? { selectOverride: args.select } : {},
      inPlace: args.inPlace ?? false,
      verifyHash: args.verifyHash,
      fullHash: args.fullHash ?? false,
      sync: args.sync,
      fast: args.fast,
      guardInterrupts: true,
      trust: args.trust ?? false,
      allowGuessedDrops: args.allowGuessedDrops ?? false,
      ...args.format ? { format: args.format } : {}
    };
    if (args.dryRun) {
      const preview = dryRunApply(opts);
      const warning = dangerWarning(preview.source.file, preview.source.safety, preview.source.format);
      const shown = out === void 0 ? { ...preview, out: "(none given)" } : preview;
      const stdout = args.json ? formatApplyJson(shown, null) : renderDryRun(io.stdoutStyle, shown, { all: args.all });
      return { stdout, ...warning ? { stderr: warning } : {}, code: EXIT.ok };
    }
    checkOutPath(out, [args.plan, given ?? targetFile(plan2, args.plan)], "-o", "the output");
    if (io.stderrIsTTY) opts.progress = (written, total) => io.progress(progressLine(out, written, total));
    try {
      const result = applyPlan(opts);
      const written = result.written.files.find((f) => f.endsWith(".index.json")) ?? result.written.files[0];
      const target = withdrawnOnError(
        out,
        opts.inPlace === true || result.dcpInPlace === true,
        () => checkAgainstTarget(plan2, written, { planFile: args.plan, outSelect: result.keepContainer ? result.source.select : [], ...given !== void 0 ? { given } : {} })
      );
      const summary = args.json ? formatApplyJson(result, target) : renderApplied(io.stdoutStyle, result, target);
      const warning = [remoteNote, dangerWarning(result.source.file, result.source.safety, result.source.format)].filter(Boolean).join("\n");
      return { stdout: summary, ...warning ? { stderr: warning } : {}, code: failsTarget(target) ? EXIT.differences : EXIT.ok };
    } finally {
      if (io.stderrIsTTY) io.progress("");
    }
  }
};
function withdrawnOnError(out, inPlace, check) {
  try {
    return check();
  } catch (e) {
    if (inPlace) throw e;
    (0, import_node_fs30.rmSync)(out, { recursive: true, force: true });
    if (e instanceof FormatError) e.message += `; the output was written but cannot be read back as a checkpoint under this name, so apply removed it: write it under another name or folder`;
    throw e;
  }
}

// src/cli/global-options.ts
var GLOBAL_OPTIONS = {
  json: { type: "boolean", describe: "print the result as JSON (each command's schema is in schemas/)" },
  quiet: { alias: "q", type: "boolean", describe: "print no report on stdout, only data asked for (JSON, a manifest, emitted code); the exit code is the verdict" },
  color: { type: "boolean", describe: "colour the report (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it); --no-color turns it off" },
  debug: { type: "boolean", describe: "print stack traces for errors" }
};

// src/cli/option-rules.ts
var CONFLICTING_OPTIONS = [
  { options: ["out", "in-place"], said: "-o/--out and --in-place", why: "--in-place writes the output over SOURCE; -o writes it elsewhere" }
];
function optionConflict(given) {
  const c = CONFLICTING_OPTIONS.find(({ options }) => options.every(given));
  return c ? `${c.said} cannot be given together (${c.why}): give one` : null;
}

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

// src/cli/run-parsed.ts
async function runParsed(command, args, io, prefetch) {
  const flag = typeof args.color === "boolean" ? args.color : void 0;
  const runIO = flag === void 0 ? io : { ...io, stdoutStyle: { color: flag }, stderrStyle: { color: flag } };
  const remoteNote = prefetch ? await prefetch(runIO) : "";
  const result = await command.run(args, runIO);
  const quiet = args.quiet === true && args.json !== true && result.data !== true;
  const out = quiet ? { stdout: "" } : { stdout: result.stdout, ...result.stream ? { stream: result.stream } : {} };
  const stderr = [remoteNote, result.stderr ?? ""].filter((l) => l !== "").join("\n");
  return { ...out, stderr, code: result.code };
}
function failedRun(e, debug) {
  const { line, code } = describeError(e, debug);
  return { stdout: "", stderr: line, code };
}

// src/cli/stdout.ts
var import_node_fs31 = require("node:fs");
var import_node_tty = require("node:tty");
init_io_errors();
var closed = false;
var failedWith = null;
var watching = false;
var direct = null;
function writesDirectly() {
  if (direct === null) {
    try {
      const st = (0, import_node_fs31.fstatSync)(1);
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
      const n = (0, import_node_fs31.writeSync)(1, bytes, at, bytes.length - at);
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
  return new Promise((resolve8) => {
    writeStdout(chunk, () => resolve8());
    if (process.stdout.writableLength === 0) resolve8();
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
      await new Promise((resolve8) => setImmediate(resolve8));
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

// src/cli/apply-entry.ts
async function applyEntry(argv, io = processIO()) {
  const args = simpleApply(argv);
  if (args === null) return null;
  watchStdout();
  let outcome;
  try {
    outcome = await runParsed(applyCommand, args, io);
  } catch (e) {
    outcome = failedRun(e, argv.includes("--debug"));
  }
  return printResult(outcome);
}
var declared;
function declarations() {
  if (declared !== void 0) return declared;
  const positionals = [];
  const options = /* @__PURE__ */ new Map();
  const add = (name, o) => {
    const aliases2 = o.alias === void 0 ? [] : Array.isArray(o.alias) ? o.alias : [o.alias];
    const type = o.type === "boolean" ? "boolean" : o.type === "string" || o.type === void 0 && o.choices !== void 0 ? "value" : null;
    if (type === null || o.coerce !== void 0 || o.array !== void 0 || o.count !== void 0 || o.nargs !== void 0) throw new Error(`apply-entry: --${name} is not a plain option`);
    const d = { name, type, aliases: aliases2, ...o.default !== void 0 ? { default: o.default } : {}, ...o.choices !== void 0 ? { choices: [o.choices].flat() } : {} };
    for (const spelling of [name, ...aliases2]) options.set(spelling, d);
  };
  const recorder = {
    positional(name) {
      positionals.push(name);
      return recorder;
    },
    option(name, o) {
      add(name, o);
      return recorder;
    },
    epilogue() {
      return recorder;
    }
  };
  try {
    for (const [name, o] of Object.entries(GLOBAL_OPTIONS)) add(name, o);
    applyCommand.builder(recorder);
    declared = { positionals, options };
  } catch {
    declared = null;
  }
  return declared;
}
var camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
function simpleApply(argv) {
  const decl = declarations();
  if (argv[0] !== "apply" || decl === null) return null;
  const words = [];
  const args = {};
  const given = /* @__PURE__ */ new Set();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "true" || a === "false" || a === "") return null;
    if (!a.startsWith("-")) {
      words.push(a);
      continue;
    }
    const long = /^--([a-z][a-z-]*[a-z])$/.exec(a)?.[1];
    const short = /^-([a-z])$/.exec(a)?.[1];
    const spelled = long ?? short;
    if (spelled === void 0) return null;
    const negated = long !== void 0 && long.startsWith("no-") && decl.options.get(long.slice(3))?.type === "boolean";
    const opt = decl.options.get(negated ? long.slice(3) : spelled);
    if (opt === void 0 || short !== void 0 && !opt.aliases.includes(short) || given.has(opt)) return null;
    given.add(opt);
    if (opt.type === "boolean") {
      args[camel(opt.name)] = !negated;
      continue;
    }
    const value = argv[++i];
    if (value === void 0 || value === "" || value === "true" || value === "false" || value.startsWith("-")) return null;
    if (opt.choices !== void 0 && !opt.choices.includes(value)) return null;
    args[camel(opt.name)] = value;
  }
  if (words.length !== decl.positionals.length) return null;
  if (optionConflict((name) => args[camel(name)] !== void 0 && args[camel(name)] !== false) !== null) return null;
  words.forEach((w, i) => args[camel(decl.positionals[i])] = w);
  if (Object.values(args).some((v) => typeof v === "string" && isRemotePath(v))) return null;
  for (const opt of new Set(decl.options.values())) {
    if (opt.default !== void 0 && !given.has(opt)) args[camel(opt.name)] = opt.default;
  }
  return args;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  applyEntry,
  simpleApply
});
