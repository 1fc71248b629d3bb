import type { KeyEntry } from '../../formats/keys.js';
import { type CheckReport } from '../check-json.js';
import { type PageData } from './page-data.js';
/** `sdmatch check --html`: the check's JSON, its verdict line and reasons as the text report words them. */
export declare function checkPageData(report: CheckReport, baseline: readonly KeyEntry[], current: readonly KeyEntry[]): PageData;
