import type { CheckReport } from './check-json.js';
export declare function escapeData(s: string): string;
export declare function escapeProperty(s: string): string;
export type AnnotationLevel = 'error' | 'warning' | 'notice';
export declare function annotation(level: AnnotationLevel, properties: Record<string, string>, message: string): string;
export declare function renderCheckGithub(r: CheckReport): string;
