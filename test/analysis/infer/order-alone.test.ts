import { describe, expect, test } from 'vitest';
import { orderAloneChose, type ChosenPair } from '../../../src/analysis/infer/order-alone.js';

/**
 * order-alone.ts: of two template pairs whose swap fits as well by shapes and names, whether only the order of
 * definition chose them (then assign.ts lists them). Each pair given as its templates' names (the key is the
 * template's name here: the roles table is asked only where a test passes one).
 */
const pair = (source: string, target: string): ChosenPair => ({ source, target, sourceKey: source, targetKey: target });
const chose = (a: [string, string], b: [string, string], roles?: Record<string, string>) =>
  orderAloneChose(pair(...a), pair(...b), roles && { source: (k) => roles[k] ?? null, target: (k) => roles[k] ?? null });

describe('orderAloneChose', () => {
  test('PP-YOLOE conv1 / conv2 against main_conv / short_conv: numbers on one side, roles on the other: order alone', () => {
    expect(chose(['stages.{}.conv1.conv.weight', 'stage.{}.main_conv.conv.weight'], ['stages.{}.conv2.conv.weight', 'stage.{}.short_conv.conv.weight'])).toBe(true);
  });

  test('a known role either pair keeps decides: Meta wq → q_proj beside wo → o_proj (o has no q/k/v role), the roles table', () => {
    expect(chose(['layers.{}.attention.wq.weight', 'layers.{}.self_attn.q_proj.weight'], ['layers.{}.attention.wo.weight', 'layers.{}.self_attn.o_proj.weight'])).toBe(false);
    const roles = { 'm.{}.cv1.weight': 'main', 'b.{}.main_conv.weight': 'main' };
    expect(chose(['m.{}.cv1.weight', 'b.{}.main_conv.weight'], ['m.{}.cv2.weight', 'b.{}.short_conv.weight'], roles)).toBe(false);
    expect(chose(['m.{}.cv1.weight', 'b.{}.main_conv.weight'], ['m.{}.cv2.weight', 'b.{}.short_conv.weight'])).toBe(true);
  });

  test('both sides enumerate: chosen as the enumerations pair them, not order alone; against them, order alone', () => {
    expect(chose(['l.{}.conv1.weight', 'l.{}.conv_a.weight'], ['l.{}.conv2.weight', 'l.{}.conv_b.weight'])).toBe(false);
    expect(chose(['l.{}.conv1.weight', 'l.{}.conv_b.weight'], ['l.{}.conv2.weight', 'l.{}.conv_a.weight'])).toBe(true);
  });

  test('places the names say pair with the other side\'s numbers: norm1 is layernorm_before', () => {
    expect(chose(['b.{}.norm1.weight', 'l.{}.layernorm_before.weight'], ['b.{}.norm2.weight', 'l.{}.layernorm_after.weight'])).toBe(false);
    expect(chose(['b.{}.norm1.weight', 'l.{}.layernorm_after.weight'], ['b.{}.norm2.weight', 'l.{}.layernorm_before.weight'])).toBe(true);
  });

  test('a numbered sequence, or names apart in more than one segment, is not judged here', () => {
    expect(chose(['blocks.0.fc.weight', 'layers.0.proj.weight'], ['blocks.1.fc.weight', 'layers.1.proj.weight'])).toBe(false);
    expect(chose(['a.x.conv1.weight', 'b.main.weight'], ['a.y.conv2.weight', 'b.short.weight'])).toBe(false);
  });
});
