import type { DirectoryLayout } from './registry.js';
export declare const megatronLayout: DirectoryLayout;
