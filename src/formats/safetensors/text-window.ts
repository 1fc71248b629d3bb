import { Buffer } from 'node:buffer';

/**
 * ASCII bytes as text, one window at a time, for the regular expressions that check a safetensors
 * header's entries and a shard index's members (which need a string) without the whole file as one.
 * A string of a 225 KB header is made in V8's large-object space, in pages of its own that the
 * process touches for the first time, and a 3.6 MB index as an external string: on the shared VM
 * every fresh page costs a fault (~10 µs), and the 20-shard set's 8 MB of such text was ~2,000 of
 * them (issue 14). Windows below V8's large-object size are made in the young generation, whose
 * pages are reused from one window to the next.
 *
 * Exactness: the expressions matched through a window (WRITER_ENTRY, WEIGHT_MAP_MEMBER) have no
 * anchor or lookaround, and each of their repeats is followed by a character it cannot take, so
 * they match a string's prefix exactly where they match the string. A match in a window is then the
 * match in the whole text; a failure counts only in a window that reaches the text's end (matchAt
 * moves or widens the window until it does).
 */
export class TextWindow {
  /** the window's text: bytes [base, base + text.length) */
  text = '';
  base = 0;
  private readonly buf: Buffer;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly size = WINDOW,
  ) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  /** whether the window holds the text up to its end */
  get reachesEnd(): boolean {
    return this.base + this.text.length === this.bytes.length;
  }

  /** The window from byte `at`: `size` bytes, twice as many as before when it already started there, or up to the end. */
  moveTo(at: number): void {
    const length = at === this.base && this.text.length > 0 ? this.text.length * 2 : this.size;
    this.base = at;
    this.text = this.buf.toString('latin1', at, Math.min(this.bytes.length, at + length));
  }

  /**
   * Whether the sticky expression `re` matches at byte `i`, the window moved (and widened) as needed;
   * on true, `re.lastIndex + base` is where the match ends and the window holds all of it.
   */
  matchAt(re: RegExp, i: number): boolean {
    for (;;) {
      re.lastIndex = i - this.base;
      if (i >= this.base && re.test(this.text)) return true;
      if (this.reachesEnd && i >= this.base) return false;
      this.moveTo(i);
    }
  }
}

/**
 * The window's size: below V8's largest object outside the large-object space (128 KB), and a few
 * native calls for a header of a few hundred entries of ~80 bytes.
 */
const WINDOW = 32 * 1024;
