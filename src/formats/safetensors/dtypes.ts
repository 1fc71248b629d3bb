import { type DType, dtypeOfSafetensors } from '../dtype.js';

/** Codes the spec defines whose elements are not whole bytes; no PyTorch dtype holds them one per element. */
const SUB_BYTE_CODES = new Set(['F4', 'F6_E2M3', 'F6_E3M2']);

export type SafetensorsDtypeLookup = { ok: true; dtype: DType } | { ok: false; reason: string };

export function lookupSafetensorsDtype(code: string): SafetensorsDtypeLookup {
  const dtype = dtypeOfSafetensors(code);
  if (dtype) return { ok: true, dtype };
  if (SUB_BYTE_CODES.has(code)) return { ok: false, reason: `dtype ${code} (a sub-byte type sdmatch does not support yet)` };
  return { ok: false, reason: `unknown dtype ${JSON.stringify(code)}` };
}
