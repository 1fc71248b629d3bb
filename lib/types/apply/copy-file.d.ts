export declare function copyFileInKernel(from: string, to: string, flags: number, progress?: (copied: number) => void, sampleMs?: number): void;
