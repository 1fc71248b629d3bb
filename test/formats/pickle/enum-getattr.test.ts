import { describe, expect, it } from 'vitest';
import { pickleFindings, safetyReport } from '../../../src/formats/pickle/safety.js';
import { run } from './helpers.js';

/**
 * Python 3.11+ pickles an Enum member as getattr(EnumClass, 'member') (what pickle.dumps(ZeroStageEnum.gradients,
 * protocol=2) writes, byte for byte below): named, kept `unknown`, never `safe`; any other use of getattr stays
 * dangerous.
 */
const GETATTR = "c__builtin__\ngetattr\nq\x00";
const ZERO = 'cdeepspeed.runtime.zero.config\nZeroStageEnum\nq\x01';
const member = (name: string) => `X${String.fromCharCode(name.length)}\x00\x00\x00${name}`;
const verdictOf = (body: string) => {
  const r = run(`\x80\x02${body}`);
  expect(r.error).toBeNull();
  return safetyReport(pickleFindings(r, 'data.pkl'));
};

describe('Enum members pickled through getattr', () => {
  it('getattr(ZeroStageEnum, "gradients") is unknown, named, with the lookup in the reason', () => {
    const report = verdictOf(`${GETATTR}${ZERO}${member('gradients')}\x86R.`);
    expect(report.verdict).toBe('unknown');
    const g = report.globals.find((f) => f.name === 'getattr')!;
    expect(g.verdict).toBe('unknown');
    expect(g.reason).toContain("getattr(deepspeed.runtime.zero.config.ZeroStageEnum, 'gradients')");
    expect(report.globals.find((f) => f.name === 'ZeroStageEnum')!.reason).toMatch(/ZeRO stage/);
  });

  it('getattr reused from the memo for a second member is still only member lookups', () => {
    expect(verdictOf(`(${GETATTR}${ZERO}${member('gradients')}\x86Rh\x00h\x01${member('weights')}\x86Rl.`).verdict).toBe('unknown');
  });

  it('a name that is not a member, a dunder, or a class that is not a known Enum stays dangerous', () => {
    expect(verdictOf(`${GETATTR}${ZERO}${member('__class__')}\x86R.`).verdict).toBe('dangerous');
    expect(verdictOf(`${GETATTR}cdeepspeed.runtime.fp16.loss_scaler\nLossScaler\nq\x01${member('gradients')}\x86R.`).verdict).toBe('dangerous');
    expect(verdictOf(`${GETATTR}cposix\nsystem\nq\x01${member('gradients')}\x86R.`).verdict).toBe('dangerous');
  });

  it('calling the looked-up member, or leaving a copy of getattr unused, stays dangerous', () => {
    expect(verdictOf(`${GETATTR}${ZERO}${member('gradients')}\x86R)R.`).verdict).toBe('dangerous');
    expect(verdictOf(`${GETATTR}${ZERO}${member('gradients')}\x86R0h\x00.`).verdict).toBe('dangerous');
    expect(verdictOf(`${GETATTR}2${ZERO}${member('gradients')}\x86R0.`).verdict).toBe('dangerous');
  });
});
