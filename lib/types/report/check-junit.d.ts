import type { CheckReport } from './check-json.js';
/**
 * `sdmatch check --format junit`: one test case per rule (no removed keys, no shape changes, renames
 * are migratable, …), so CI systems that read JUnit (GitLab's `artifacts:reports:junit`, Jenkins,
 * Azure) show which rule a change broke. A rule whose violations fail the policy is a `<failure>`
 * listing those; violations the policy tolerates are listed in the case's `<system-out>`, by severity.
 */
/**
 * Text and attribute values for XML 1.0: markup characters as entities, and characters XML cannot
 * hold at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) as visible `\uXXXX` escapes.
 */
export declare function xmlEscape(s: string, inAttribute?: boolean): string;
export declare function renderCheckJunit(r: CheckReport): string;
