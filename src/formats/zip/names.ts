/**
 * Zip entry names are bytes: UTF-8 when general-purpose flag bit 11 is set, otherwise code page 437
 * (what Python's zipfile, and so numpy, assumes). Decoding the same way keeps our names equal to the
 * names the loaders look up.
 */
export const FLAG_UTF8 = 0x800;

const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const utf8 = new TextDecoder('utf-8');
/** windows-1252 in WHATWG terms, but identical to ASCII on the bytes it is used for */
const ascii7 = new TextDecoder('latin1');

export function decodeEntryName(bytes: Uint8Array, flags: number): string {
  if (flags & FLAG_UTF8) return utf8.decode(bytes);
  let ascii = true;
  for (const b of bytes) if (b >= 0x80) { ascii = false; break; }
  if (ascii) return ascii7.decode(bytes);
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!;
  return s;
}
