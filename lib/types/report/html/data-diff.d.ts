import type { ResolvedSide } from '../../analysis/sides.js';
import { type DiffReport } from '../../analysis/diff-model.js';
import { type PageData } from './page-data.js';
/** `sdmatch diff --html`: the diff's JSON, the verdict and diagnosis as the text report words them. */
export declare function diffPageData(report: DiffReport, source: ResolvedSide, expected: ResolvedSide, remake?: readonly string[]): PageData;
