import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from './capture-main.js';

/**
 * Review24 F7: torch's error for torchvision's resnet34 state dict loaded into resnet50 (written by torch 1.13,
 * review24/run.py). explain listed ambiguities by template names with empty braces
 * (`layer2.{}.downsample.{}.weight, layer3.{}.downsample.{}.weight → layer1.{}.downsample.{}.weight`): no key
 * of either side. Every key an ambiguity names is one the error names.
 */
const TEXT = readFileSync(join(import.meta.dirname, 'review24/resnet34-into-resnet50.error.txt'), 'utf8');

describe('ambiguities name keys, never templates (review24 F7)', () => {
  it('resnet34 into resnet50: no `{}` in any ambiguity, every key named by the error', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: TEXT });
    const j = JSON.parse(r.stdout) as { ambiguities: { keys: string[]; candidates: string[] }[]; fixable: boolean };
    expect(j.fixable).toBe(false);
    const report = parseErrorText(TEXT, 'e.txt');
    const named = new Set([...report.missing, ...report.unexpected, ...report.sizeMismatch.map((m) => m.key)]);
    for (const a of j.ambiguities) for (const k of [...a.keys, ...a.candidates]) {
      expect(k).not.toContain('{}');
      expect(named.has(k), k).toBe(true);
    }
  });
});
