import type { DirectoryLayout } from './registry.js';
export declare const deepspeedUniversalLayout: DirectoryLayout;
