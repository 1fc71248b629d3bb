import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/formats/byte-source.js';
import { isKeyTextNotPickle } from '../../src/formats/key-text.js';
import { runCli } from './capture-main.js';

/**
 * s23-verify F4: a one-key-a-line list whose first key starts with `c` (resnet's `conv1.weight`: pickle's GLOBAL) or
 * `V` (UNICODE) was sniffed as a pickle: plan refused README's own form, inspect said "DANGEROUS … would run code".
 * It is a key list; a protocol 0 pickle that reaches a call stays a pickle and is still called dangerous.
 */
const dir = mkdtempSync(join(tmpdir(), 'sdmatch-opcode-first-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const src = (text: string) => new BufferSource(new TextEncoder().encode(text), 'x');

const RESNET = 'conv1.weight\nbn1.weight\nbn1.bias\nbn1.running_mean\nbn1.running_var\nbn1.num_batches_tracked\nfc.weight\nfc.bias\n';
const VIT = 'cls_token\npos_embed\npatch_embed.proj.weight\npatch_embed.proj.bias\nhead.weight\nhead.bias\n';
const VGG = 'VGG.weight\nfeatures.0.bias\n';
const SHAPES = 'conv1.weight torch.Size([64, 3, 7, 7])\nbn1.weight torch.Size([64])\n';

describe('a key list whose first byte is a pickle opcode', () => {
  it.each([['resnet', RESNET], ['vit', VIT], ['vgg', VGG], ['shapes', SHAPES]])('%s: read as text, not a pickle', (_n, text) => {
    expect(isKeyTextNotPickle(src(text))).toBe(true);
  });

  it.each([['resnet.txt', RESNET], ['vit.txt', VIT], ['shapes.txt', SHAPES]])('inspect %s: a list of keys, not DANGEROUS', async (name, text) => {
    const r = await runCli(['inspect', write(name, text)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/a list of keys, not a checkpoint/);
    expect(r.stderr).not.toMatch(/DANGEROUS|pickle/);
  });

  it('diff reads the resnet list as keys', async () => {
    const r = await runCli(['diff', write('a.txt', RESNET), write('b.txt', RESNET.replace(/^/gm, 'module.').replace(/module\.$/, ''))]);
    expect(r.stderr).not.toMatch(/pickle/);
    expect(r.stdout).toMatch(/module\./);
  });
});

describe('a protocol 0 pickle stays a pickle', () => {
  // every line of each would pass for a key; each reaches a call before it stops (or parses to STOP)
  it.each([
    ['whole', 'cos\nsystem\n(Vecho\ntR.'],
    ['call then garbage', 'cos\nsystem\n(tRxx\n'],
    ['build on a global', 'cos\nenviron\ncos\nenviron\nbxx\n'],
  ])('%s', async (name, text) => {
    expect(isKeyTextNotPickle(src(text))).toBe(false);
    const r = await runCli(['inspect', write(`${name.replace(/ /g, '-')}.pkl`, text)]);
    expect(r.stdout + r.stderr).toMatch(/DANGEROUS/);
  });
});
