import { looksLikeErrorText } from '../formats/error-text.js';
import { looksLikeKeyList } from '../formats/key-list.js';
import { looksLikeManifest } from '../formats/manifest.js';
import { looksLikePlan } from '../formats/plan-format.js';
import { looksLikePrintedKeys } from '../formats/printed-keys.js';

/**
 * Names the common non-checkpoint files people pass by mistake, so the error says what the file is
 * rather than "unrecognised".
 */
export function describeForeign(head: Uint8Array, size: number): string {
  if (size === 0) return 'empty file';
  const text = (from: number, n: number): string => String.fromCharCode(...head.subarray(from, from + n));
  if (text(0, 8) === '\x89HDF\r\n\x1a\n') return 'HDF5 file (Keras/TensorFlow weights?), not a PyTorch checkpoint';
  if (text(0, 6) === "7z\xbc\xaf'\x1c") return '7z archive: PyTorch cannot load it; extract it first';
  if (text(0, 8) === '\x89PNG\r\n\x1a\n') return 'PNG image, not a checkpoint';
  if (text(0, 4) === 'GGUF') return 'GGUF file (llama.cpp), not a PyTorch checkpoint';
  if (size > 262 && text(257, 5) === 'ustar') {
    return text(0, 8) === 'sys_info'
      ? 'tar-format torch.save file (PyTorch < 0.1.10): not supported'
      : 'tar archive: extract it first';
  }
  if (text(0, 4) === 'PK\x05\x06') return 'empty zip archive';
  const hex = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `not a checkpoint: unrecognised content (first bytes ${hex})`;
}

/** How many bytes of a file that is no checkpoint are read to tell which text it is. */
export const TEXT_SNIFF_BYTES = 65536;

/**
 * The other files a user holds beside a checkpoint, told by content as the comparison commands tell them
 * (checkpoint/key-source.ts), with the command that reads each (review 22 F11: `inspect` on an error text
 * printed "unrecognised content (first bytes 45 72 72 6f …)"). null: none of them.
 */
export function describeTextFile(head: Uint8Array, file: string): string | null {
  if (head.includes(0)) return null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const f = /^[\w./@+-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
  if (looksLikePlan(text)) return `an sdmatch plan, not a checkpoint: sdmatch apply CHECKPOINT ${f}`;
  if (looksLikeManifest(text)) return `an sdmatch manifest, not a checkpoint: compare a checkpoint with it by sdmatch diff CHECKPOINT ${f}`;
  if (looksLikeErrorText(text)) return `a load_state_dict error text, not a checkpoint: sdmatch explain ${f} (or sdmatch explain CHECKPOINT ${f})`;
  if (looksLikePrintedKeys(text) || looksLikeKeyList(text)) return `a list of keys, not a checkpoint: compare a checkpoint with it by sdmatch diff CHECKPOINT ${f}`;
  return null;
}
