import { type DType } from '../dtype.js';
export type SafetensorsDtypeLookup = {
    ok: true;
    dtype: DType;
} | {
    ok: false;
    reason: string;
};
export declare function lookupSafetensorsDtype(code: string): SafetensorsDtypeLookup;
