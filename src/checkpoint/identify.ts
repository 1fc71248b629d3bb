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
