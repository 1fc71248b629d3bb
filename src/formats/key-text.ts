import type { ByteSource } from './byte-source.js';
import { looksLikeKeyList } from './key-list.js';
import { Op } from './pickle/opcodes.js';
import { readPickle, type PickleResult } from './pickle/machine.js';
import { looksLikePrintedKeys } from './printed-keys.js';

/**
 * A printed key list whose first byte is also a protocol 0 pickle opcode (s23-verify F4): resnet's `conv1.weight`
 * starts with `c` (GLOBAL), `VGG.weight` with `V` (UNICODE), so the pickle sniff took README's own one-a-line form
 * for a pickle, refused it and called it DANGEROUS. The text is a key list, not a pickle, only when all of these
 * hold (anything else stays a pickle and is scanned as one: a verdict fails closed):
 * - it is ASCII text with no NUL (every protocol 2+ opcode is a high byte);
 * - it reads whole as a key list or a printed key list;
 * - pickle.load stops on it with an error (a text that parses to STOP is a pickle, whatever it looks like);
 * - and no opcode that calls anything (REDUCE, BUILD, INST, OBJ, a persistent id) runs before that error: with
 *   none, the run did nothing but, at most, name a global (`onv1.weight`), which is not code.
 */
const TEXT_LIMIT = 1 << 20;

/** the protocol 0/1 opcodes that call code or hand a value to code */
const CALLS: ReadonlySet<number> = new Set([Op.REDUCE, Op.BUILD, Op.INST, Op.OBJ, Op.PERSID, Op.BINPERSID]);
/** opcodes whose argument is one line (INST and GLOBAL: two) */
const LINE_ARGS: ReadonlySet<number> = new Set([Op.FLOAT, Op.INT, Op.LONG, Op.STRING, Op.UNICODE, Op.PERSID, Op.GET, Op.PUT]);
/** fixed-size binary arguments; the length-prefixed ones are read below */
const FIXED_ARGS: ReadonlyMap<number, number> = new Map([[Op.BININT1, 1], [Op.BININT2, 2], [Op.BININT, 4], [Op.BINFLOAT, 8], [Op.BINGET, 1], [Op.BINPUT, 1], [Op.LONG_BINGET, 4], [Op.LONG_BINPUT, 4]]);

/**
 * `run`: the pickle run over `src` from its first byte, when the caller has made it already (read-file's
 * unknown-content path runs it for its own probe): the same run, not made twice.
 */
export function isKeyTextNotPickle(src: ByteSource, run?: PickleResult): boolean {
  // a protocol 2+ pickle starts with PROTO (0x80): told by its first byte, without reading the rest
  if (src.size === 0 || src.size > TEXT_LIMIT || src.read(0, 1)[0]! >= 0x80) return false;
  const bytes = src.read(0, src.size);
  for (const b of bytes) if (b === 0 || b >= 0x80) return false;
  const text = new TextDecoder('ascii').decode(bytes);
  if (!looksLikePrintedKeys(text) && !looksLikeKeyList(text)) return false;
  const ran = run ?? readPickle(src, 0, { where: 'pickle' });
  if (!ran.error || ran.limited) return false;
  return !callBefore(bytes, ran.end);
}

/** Whether an opcode that calls code sits at an opcode position before `end` (where the pickle run stopped). */
function callBefore(bytes: Uint8Array, end: number): boolean {
  const lineEnd = (from: number): number => {
    const nl = bytes.indexOf(0x0a, from);
    return nl < 0 ? bytes.length : nl + 1;
  };
  let at = 0;
  while (at < end && at < bytes.length) {
    const op = bytes[at]!;
    if (CALLS.has(op)) return true;
    at++;
    if (op === Op.GLOBAL || op === Op.INST) at = lineEnd(lineEnd(at));
    else if (LINE_ARGS.has(op)) at = lineEnd(at);
    else if (FIXED_ARGS.has(op)) at += FIXED_ARGS.get(op)!;
    else if (op === Op.SHORT_BINSTRING || op === Op.SHORT_BINBYTES) at += 1 + (bytes[at] ?? 0);
    else if (op === Op.BINSTRING || op === Op.BINUNICODE || op === Op.BINBYTES) {
      at += 4 + ((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0);
    }
  }
  return false;
}
