import type { Inflate } from 'fflate';
export declare function newInflate(ondata: (data: Uint8Array, final: boolean) => void): Inflate;
