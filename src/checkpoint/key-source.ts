import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { detectKind } from '../formats/detect.js';
import { isKeyTextNotPickle } from '../formats/key-text.js';
import { FormatError } from '../formats/errors.js';
import { looksLikeErrorText, parseErrorText, type ErrorReport } from '../formats/error-text.js';
import { looksLikeKeyList, parseKeyList } from '../formats/key-list.js';
import { KEY_LIST_FORMS_LINE, looksLikePrintedKeys, parsePrintedKeys } from '../formats/printed-keys.js';
import { notDictLikeMessage } from '../formats/error-text/not-dict-like.js';
import type { KeyEntry } from '../formats/keys.js';
import { looksLikeManifest, parseManifestContents, type ManifestMegatron } from '../formats/manifest.js';
import { scanManifest } from '../formats/manifest-scan.js';
import { namesDirectoryCheckpoint } from './layouts/registry.js';
import { openCheckpoint } from './open.js';
import { isRemotePath, openSource } from './sources.js';
import type { Checkpoint } from './types.js';
import { refuseUnloadable } from './unloadable.js';

/**
 * Anything a comparison command accepts on either side. The kind is decided by content, never by
 * file name: users paste errors into `.log`, `.txt`, or stdin, and checkpoints come with any extension.
 */
export type KeySource =
  | { kind: 'checkpoint'; file: string; checkpoint: Checkpoint }
  /** tied: the keys that share one storage, as the manifest says (null: it does not say) */
  /** megatron: the Megatron save's args the manifest keeps (null: it does not say) */
  /** modules: each module's class, as the manifest records it (null: it does not say) */
  /** printed: read from a printed `KEY torch.Size([…])` list, not an sdmatch manifest (for the words only) */
  | { kind: 'manifest'; file: string; entries: KeyEntry[]; tied?: string[][] | null; megatron?: ManifestMegatron | null; modules?: ReadonlyMap<string, string> | null; printed?: true }
  | { kind: 'key-list'; file: string; entries: KeyEntry[] }
  | { kind: 'error-text'; file: string; report: ErrorReport };

/** Text sources are small; anything over this is not a manifest, key list or pasted error. */
const MAX_TEXT_BYTES = 256 * 1024 * 1024;

export function openKeySource(path: string, stdinText?: string): KeySource {
  if (path === '-') {
    if (stdinText === undefined) throw new FormatError('-', 'no standard input to read');
    return fromText('<stdin>', stdinText);
  }
  if (!isRemotePath(path) && namesDirectoryCheckpoint(path)) return loadable(path, openCheckpoint(path));
  const src = openSource(path, path);
  let kind: ReturnType<typeof detectKind>;
  try {
    kind = detectKind(src);
    // a key list starting `conv1.weight` sniffs as a protocol 0 pickle (s23-verify F4)
    if (kind === 'pickle' && isKeyTextNotPickle(src)) kind = 'unknown';
    if (kind === 'unknown' || kind === 'shard-index') {
      if (kind === 'unknown' && src.size > MAX_TEXT_BYTES) {
        throw new FormatError(path, 'not a checkpoint (unrecognised content) and too large to be a manifest or key list');
      }
    }
  } finally {
    src.close();
  }
  if (kind !== 'unknown') return loadable(path, openCheckpoint(path, { readOnly: true }));
  // a remote source is read by range as a checkpoint; text sources are small enough to download
  if (isRemotePath(path)) throw new FormatError(path, 'not a checkpoint: remote sources are read as checkpoints or shard indexes only (download a manifest, key list or error text first)');
  const read = readTextFile(path);
  return typeof read === 'string' ? fromText(path, read) : read;
}

/** A checkpoint side, unless torch cannot load it as it is (cut short, a storage shorter than its tensor): refused. */
function loadable(file: string, checkpoint: Checkpoint): KeySource {
  refuseUnloadable(file, checkpoint);
  return { kind: 'checkpoint', file, checkpoint };
}

/** Sniffed from its first bytes, a large manifest is read from its bytes without a string of the whole text (manifest-scan.ts). */
const SNIFF_BYTES = 4096;

/**
 * A plain long-form manifest's entries, read from the file's bytes; else the file as text. The text is
 * returned, not parsed here: the file's buffer dies with this function's frame, before the text's
 * parser runs (it stayed alive beside the text while it was parsed: a peak of the file's size more).
 */
function readTextFile(file: string): KeySource | string {
  const bytes = readFileSync(file);
  if (looksLikeManifest(bytes.toString('utf8', 0, SNIFF_BYTES))) {
    // JSON text is UTF-8: decoded leniently, a bad byte in a key would become U+FFFD and the key another
    // one (the safetensors reader refuses its header alike)
    if (!isUtf8(bytes)) throw new FormatError(file, 'bad manifest: not valid UTF-8');
    const read = scanManifest(bytes, file);
    if (read) return { kind: 'manifest', file, entries: read.entries, tied: read.tied, megatron: read.megatron ?? null, modules: read.modules ?? null };
  }
  return bytes.toString('utf8');
}

function fromText(file: string, text: string): KeySource {
  // nothing to detect: say so rather than list every kind it is not
  if (text.trim() === '') {
    if (file === '<stdin>') throw new FormatError('-', text === '' ? 'standard input is empty' : 'standard input holds only white space');
    throw new FormatError(file, text === '' ? 'empty file' : 'holds only white space');
  }
  if (looksLikeManifest(text)) {
    const read = parseManifestContents(text, file);
    return { kind: 'manifest', file, entries: read.entries, tied: read.tied, megatron: read.megatron ?? null, modules: read.modules ?? null };
  }
  if (looksLikeErrorText(text)) return { kind: 'error-text', file, report: parseErrorText(text, file) };
  // before the one-a-line reader: `odict_keys(['a'])` has no space, and would be read as one key
  if (looksLikePrintedKeys(text)) {
    // with shapes (`print(k, v.shape)`) it says what a manifest says, bar dtypes and ties
    const read = parsePrintedKeys(text, file);
    return read.shapes ? { kind: 'manifest', file, entries: read.entries, tied: null, printed: true } : { kind: 'key-list', file, entries: read.entries };
  }
  if (looksLikeKeyList(text)) return { kind: 'key-list', file, entries: parseKeyList(text, file) };
  // torch's error for a whole model (or any other object) passed as the state dict: said, not "no error text"
  throw new FormatError(file, notDictLikeMessage(text) ?? `not a checkpoint, an sdmatch manifest, a load_state_dict error text, or a list of keys (as ${KEY_LIST_FORMS_LINE} print it)`);
}
