/**
 * Keys, file names and messages come from untrusted files: a control character (an escape sequence
 * above all) printed raw could rewrite the terminal or forge report lines, so every piece of
 * file-borne text is shown with such characters escaped as `\u001b`.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
