import type { CheckReport } from './check-json.js';
import { summaryLine } from './check-text.js';
import { safetyPageLines } from './danger.js';
import { printable } from './printable.js';

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
export function xmlEscape(s: string, inAttribute = true): string {
  const escaped = s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
  // attribute values normalise raw line breaks and tabs to spaces; entities keep them
  return inAttribute ? escaped.replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped;
}

const attrs = (a: Record<string, string | number>) => Object.entries(a).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');

export function renderCheckJunit(r: CheckReport): string {
  const { result } = r;
  const failures = result.rules.filter((x) => x.failed).length;
  const suiteName = printable(`sdmatch check ${r.baseline.file} → ${r.current.file}`);
  const counts = { tests: result.rules.length, failures, errors: 0, skipped: 0 };
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'sdmatch check', ...counts })}>`,
    `  <testsuite${attrs({ name: suiteName, ...counts })}>`,
    '    <properties>',
    `      <property${attrs({ name: 'verdict', value: result.verdict })}/>`,
    `      <property${attrs({ name: 'passed', value: String(result.passed) })}/>`,
    // what a strict load of an old checkpoint does, whatever the policy allows or ignores
    `      <property${attrs({ name: 'loads', value: result.loads })}/>`,
    `      <property${attrs({ name: 'failOn', value: result.policy.failOn })}/>`,
    `      <property${attrs({ name: 'minConfidence', value: result.policy.minConfidence })}/>`,
    '    </properties>',
  ];
  for (const rule of result.rules) {
    const head = `    <testcase${attrs({ classname: 'sdmatch.check', name: rule.name })}`;
    if (rule.severity === null) {
      out.push(`${head}/>`);
      continue;
    }
    // one line per violation: a line break inside a key is shown escaped, like everywhere else
    const body = (lines: readonly string[]) => xmlEscape(lines.map(printable).join('\n'), false);
    const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`;
    out.push(`${head}>`);
    // the failure lists only the changes that fail the policy, at their own severity; those the policy
    // accepts go to the case's output, each group under its severity (review 22 F4: a compatible bfloat16
    // cast was listed, and counted, in a breaking float16 one's failure)
    const failing = rule.groups.filter((g) => g.failed);
    if (failing.length) {
      const n = failing.reduce((k, g) => k + g.violations.length, 0);
      const worst = failing[0]!.severity;
      out.push(`      <failure${attrs({ type: worst, message: `${changes(n)} (${failing.map((g) => g.severity).join(', ')}) ${n === 1 ? 'fails' : 'fail'} the policy` })}>${body(failing.flatMap((g) => g.violations))}</failure>`);
    }
    const accepted = rule.groups.filter((g) => !g.failed);
    if (accepted.length) {
      out.push(`      <system-out>${accepted.map((g) => `${xmlEscape(`${changes(g.violations.length)} the policy accepts (${g.severity}):\n`, false)}${body(g.violations)}`).join(xmlEscape('\n', false))}</system-out>`);
    }
    out.push('    </testcase>');
  }
  // a checkpoint whose loading runs code leads the suite's output, as it leads the HTML page (s17-verify F15)
  out.push(`    <system-out>${xmlEscape([...safetyPageLines(r.checkpointSafety ?? []), summaryLine(r)].join('\n'), false)}</system-out>`, '  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}
