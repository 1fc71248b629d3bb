import type { ByteSource } from './byte-source.js';
import { looksLikeShardIndex } from './hf-index.js';
import { looksLikeSafetensors } from './safetensors/reader.js';
import { isNpy, isTar, isZip } from './magic.js';

export type DetectedKind = 'zip' | 'tar' | 'pickle' | 'legacy-torch' | 'safetensors' | 'shard-index' | 'npy' | 'gzip' | 'unknown';

/**
 * One read serves every test: shard indexes put "weight_map" near the top, and a protocol 0 UNICODE
 * line (the longest first token a pickle has) ends well within this.
 */
const HEAD = 1 << 16;

/** 0x1950a86a20f9469cfc6c, torch.save's legacy magic number, as LONG1's 10 little-endian bytes. */
const LEGACY_MAGIC_LONG1 = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
/** the same number as protocol 0/1 write it */
const LEGACY_MAGIC_TEXT = 'L119547037146038801333356L\n';

/** What a file is by its content, never by its name; `tar: false` for torch.load's reading after tarfile refused it. */
export function detectKind(src: ByteSource, opts: { tar?: boolean } = {}): DetectedKind {
  if (src.size === 0) return 'unknown';
  const head = src.read(0, Math.min(HEAD, src.size));
  // torch's _is_zipfile wants PK\3\4 only; anything else goes to _legacy_load, which asks tarfile first
  // (the tar format of the earliest torch.save): a tar whose first name is an end record is a tar to torch
  if (isZip(head) && head[2] === 3) return 'zip';
  if (opts.tar !== false && isTar(head)) return 'tar';
  if (isZip(head)) return 'zip';
  if (isNpy(head)) return 'npy';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // before pickle: a header length such as 0x280 starts with the bytes of PROTO 2
  if (looksLikeSafetensors(head, src.size) || looksLikeMalformedSafetensors(head)) return 'safetensors';
  if (isLegacyTorch(head)) return 'legacy-torch';
  if (looksLikePickle(head)) return 'pickle';
  if (looksLikeShardIndex(new TextDecoder('utf-8').decode(head))) return 'shard-index';
  return 'unknown';
}

/**
 * A length whose high bytes are zero followed by `{"` or `{ `: only a safetensors header looks like
 * this, so a length that does not fit the file is the reader's precise error, not "unknown format".
 */
function looksLikeMalformedSafetensors(head: Uint8Array): boolean {
  if (head.length < 10 || head[8] !== 0x7b) return false;
  if (head[4] !== 0 || head[5] !== 0 || head[6] !== 0 || head[7] !== 0) return false;
  return head[9] === 0x22 || head[9] === 0x20 || head[9] === 0x0a || head[9] === 0x7d;
}

function isLegacyTorch(head: Uint8Array): boolean {
  if (head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) {
    let at = 2;
    if (head[at] === 0x95) at += 9; // FRAME (protocol 4+) and its 8-byte length
    return LEGACY_MAGIC_LONG1.every((b, i) => head[at + i] === b);
  }
  return startsWithText(head, LEGACY_MAGIC_TEXT);
}

/**
 * PROTO with a known version, or a first opcode a protocol 0/1 pickle can start with, checked far
 * enough to turn away text and other binaries that merely share a first byte.
 */
function looksLikePickle(head: Uint8Array): boolean {
  const b0 = head[0]!;
  if (b0 === 0x80) return head.length >= 2 && head[1]! <= 5;
  const c = String.fromCharCode(b0);
  const rest = latin1(head.subarray(1, 256));
  switch (c) {
    case '(': // MARK, then any opcode but STOP (`(dp0`, `(lp0`, `(t` start protocol 0 dicts, lists, tuples)
      return head.length > 1 && head[1] !== 0x2e && OPCODES.has(head[1]!);
    case '}': case ']': case ')': case 'N':
      return followedByOpcode(head, 1);
    case 'c': // GLOBAL module\nname\n
      return /^[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n/.test(rest);
    case 'I': case 'L': // INT / LONG: decimal text line
      return /^[-+]?\d+L?(\n|$)/.test(rest) || /^(00|01)\n/.test(rest);
    case 'F': // FLOAT: repr text line, including nan and inf
      return /^([-+]?[\d.]+(e[-+]?\d+)?|[-+]?(nan|inf))\n/i.test(rest);
    case 'S': // STRING: a quoted repr
      return rest[0] === "'" || rest[0] === '"';
    case 'V': // UNICODE: raw-unicode-escaped text, any bytes up to a newline
      return head.indexOf(0x0a) > 0 || head.length < HEAD;
    case 'K': return followedByOpcode(head, 2);
    case 'M': return followedByOpcode(head, 3);
    case 'J': return followedByOpcode(head, 5);
    case 'G': return followedByOpcode(head, 9);
    case 'U': return followedByOpcode(head, 2 + (head[1] ?? 0));
    case 'T': case 'X': return lengthPrefixedFits(head);
    default:
      return false;
  }
}

/** Every opcode byte pickletools knows (protocols 0–5). */
const OPCODES = new Set([...'(.012FIJKLMNPQRSTUVXabcd}eghijl]opqrst)uGBC'].map((c) => c.charCodeAt(0)));
for (let b = 0x80; b <= 0x98; b++) OPCODES.add(b);

/**
 * Opcodes that can follow a pickle's first value with nothing else on the stack: STOP, a memo PUT,
 * POP, DUP, MARK, or another value. (APPENDS, SETITEM, BUILD … need more on the stack, which is what
 * turns away text such as "Model card".)
 */
const AFTER_FIRST_VALUE = new Set([...'.pqr02(ghjILFSVKMJGUTXN}])c'].map((c) => c.charCodeAt(0)));

/** The first value's operand ends at `next`: the byte there must be able to follow it (when we have it). */
function followedByOpcode(head: Uint8Array, next: number): boolean {
  // a file ending right after the value is a truncated pickle: the pickle reader will say so
  return next >= head.length ? next === head.length : AFTER_FIRST_VALUE.has(head[next]!);
}

/** BINSTRING / BINUNICODE: a 4-byte length that is not absurd for a first value. */
function lengthPrefixedFits(head: Uint8Array): boolean {
  if (head.length < 5) return false;
  const n = (head[1]! | (head[2]! << 8) | (head[3]! << 16) | (head[4]! << 24)) >>> 0;
  return 5 + n >= head.length ? n < 1 << 30 : AFTER_FIRST_VALUE.has(head[5 + n]!);
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

function startsWithText(head: Uint8Array, text: string): boolean {
  if (head.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (head[i] !== text.charCodeAt(i)) return false;
  return true;
}
