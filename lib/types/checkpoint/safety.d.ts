import { type SafetyReport } from '../formats/pickle/safety.js';
import type { PickleScan } from '../formats/torch/container.js';
/**
 * One report over every pickle the file holds; a pickle that broke still contributes what it imported
 * before the break, and the break itself (what followed it was not seen) makes the report incomplete.
 */
export declare function safetyOf(scans: PickleScan[]): SafetyReport;
