/**
 * A repository's own loader log, one line per key whose shapes differ: no torch message, the loader
 * skipped the tensor and said so in its own words. Seen in real threads (and the words vary, typos included):
 * - `transformer.decoder.fc_out.weight missmatching shape, required torch.Size([256, 1024]) but found
 *   torch.Size([233, 1024])` (pbcquoc/vietocr's load_weights)
 * - `ignore weight of mistached shape in key sem_branch.conv1_block.spconv_layers.0.layers_in.0.weight`
 *   (Jieqianyu/SSC-RS's loader, no shapes)
 * The general shape: one state-dict key on the line, a word of the mismatch family (mismatch in any
 * spelling, incompatible, unmatched, does not match) and a word that says it is about shape or size. The
 * two shapes, when the line holds them, are sided by the word before each (required / expected / model /
 * current for the model's; found / got / loaded / checkpoint / pretrained for the checkpoint's); a line
 * whose shapes no word sides, or that holds none, names only the key (a shapeless mismatch).
 *
 * Pure: no I/O. The last resort after every known format (parseErrorText), as the loose reader is.
 */
import { endsInLeaf, NOT_A_KEY } from './loose.js';
import type { ReportedSizeMismatch } from '../error-text.js';

/** mismatch in the spellings posters' loaders print (`mismatched`, `missmatching`, `mistached`, `mis-match`) */
const MISMATCH_WORD = /\b(?:mis{1,2}[- ]?(?:mat?ch|mach|tach)\w*|incompatible|unmatched|(?:does|do|did)\s*n[o']?t\s+match)/i;
const SHAPE_WORD = /\b(?:shapes?|sizes?|dims?|dimensions?)\b|torch\.Size/i;
const KEY = /(?<![\w.\-/\\])[A-Za-z_][\w\-]*(?:\.[\w\-]+)+/g;
/** a shape: torch.Size([a, b]), [a, b] or (a, b), one dim at least */
const SHAPE = /torch\.Size\(\s*\[([\d,\s]*)\]\s*\)|\[(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*)\]|\((\s*\d+(?:\s*,\s*\d+)*\s*,?\s*)\)/g;
const TORCH_SIZE_LINE = /size\s*mismatch\s*for\b|copying\s*a\s*param|Error\(s\)\s*in\s*loading/i;
const MODEL_SIDE = /\b(?:required|requires|expected|expects|model|current|target|needs?|should)\b/i;
const CHECKPOINT_SIDE = /\b(?:found|got|gets|loaded|checkpoint|ckpt|pretrained|saved|given|provided)\b/i;

/** the most words a record holds beside its key and shapes (a logger's prefix `INFO - __main__ -` included) */
const MAX_WORDS = 14;

export interface ShapeLog {
  /** keys with both shapes sided */
  sized: ReportedSizeMismatch[];
  /** keys the log names as another shape without shapes it sides */
  shapeless: string[];
}

function sideOf(words: string): 'model' | 'checkpoint' | null {
  const m = MODEL_SIDE.test(words);
  const c = CHECKPOINT_SIDE.test(words);
  return m === c ? null : m ? 'model' : 'checkpoint';
}

const dims = (body: string) => body.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);

/** The lines of `lines` that are such log records, read. */
export function readShapeLog(lines: readonly string[]): ShapeLog {
  const out: ShapeLog = { sized: [], shapeless: [] };
  const seen = new Set<string>();
  for (const line of lines) {
    // torch's own size line (`size mismatch for K: copying a param …`) is torch's reader's, cut or whole: a key it
    // left unread (cut before its colon, maybe mid-name) is not read here either
    if (line.length > 2000 || TORCH_SIZE_LINE.test(line) || !MISMATCH_WORD.test(line) || !SHAPE_WORD.test(line)) continue;
    const keys = [...new Set([...line.matchAll(KEY)].map((m) => m[0].replace(/[.\-]+$/, '')).filter((k) => !k.startsWith('torch.') && endsInLeaf(k) && !NOT_A_KEY.test(k)))];
    // one record per line: a line naming several keys is prose or a list, not this log
    if (keys.length !== 1 || seen.has(keys[0]!)) continue;
    const key = keys[0]!;
    seen.add(key);
    const shapes = [...line.matchAll(SHAPE)];
    // a log record is terse: beside its key and shapes, a few words (`missmatching shape, required … but found …`,
    // `ignore weight of mistached shape in key …`); a poster's sentence about a size that does not match is prose
    let rest = line.split(key).join(' ');
    for (const m of shapes) rest = rest.split(m[0]).join(' ');
    if ((rest.match(/[A-Za-z\u00C0-\u024F]+/g) ?? []).length > MAX_WORDS) continue;
    if (shapes.length === 2) {
      const at = line.indexOf(key) + key.length;
      const first = sideOf(line.slice(at < shapes[0]!.index ? at : 0, shapes[0]!.index));
      const second = sideOf(line.slice(shapes[0]!.index + shapes[0]![0].length, shapes[1]!.index));
      if (first && second && first !== second) {
        const [a, b] = shapes.map((s) => dims(s[1] ?? s[2] ?? s[3] ?? ''));
        if (a!.length > 0 && b!.length > 0) {
          out.sized.push(first === 'model' ? { key, source: b!, expected: a! } : { key, source: a!, expected: b! });
          continue;
        }
      }
    }
    out.shapeless.push(key);
  }
  return out;
}
