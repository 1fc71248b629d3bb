import type { DirectoryLayout } from './registry.js';
/** the files in a DeepSpeed save folder naming a tag: `latest` (load_checkpoint) and `latest_universal` (universal checkpoints) */
export declare const DEEPSPEED_POINTERS: readonly ['latest', 'latest_universal'];
export declare const deepspeedLayout: DirectoryLayout;
