import { compileNameOp, concatGroups, isNameOp } from '../../analysis/op-vocabulary.js';
import type { PlanOp } from '../../plan/types.js';

/**
 * Which of the original source keys each op acts on, as the ops run in order (each sees names as the
 * earlier ops left them), so hovering a rule on the page can light every key it moves. Names only:
 * the mapping itself (and every check of the plan) is src/analysis/op-keys.ts's; an op that fails there
 * simply covers what it matched here.
 */
export function opCoverage(ops: readonly PlanOp[], sourceKeys: readonly string[]): number[][] {
  // live names → the original key indices each stands for (a concat's output stands for several)
  let live: { name: string; from: number[] }[] = sourceKeys.map((k, i) => ({ name: k, from: [i] }));
  return ops.map((op) => {
    const covered: number[] = [];
    const take = (it: { from: number[] }) => covered.push(...it.from);
    if (isNameOp(op)) {
      let step;
      try {
        step = compileNameOp(op);
      } catch {
        return covered;
      }
      const next: typeof live = [];
      for (const it of live) {
        const r = step(it.name);
        if (r === undefined) next.push(it);
        else {
          take(it);
          if (r !== null) next.push({ name: r, from: it.from });
        }
      }
      live = next;
      return unique(covered);
    }
    switch (op.op) {
      case 'transpose':
      case 'reshape': {
        let re: RegExp | null = null;
        try {
          re = op.pattern !== undefined ? new RegExp(op.pattern) : null;
        } catch {
          return covered;
        }
        for (const it of live) if (re ? re.test(it.name) : it.name === op.key) take(it);
        return unique(covered);
      }
      case 'split': {
        const it = live.find((x) => x.name === op.key);
        if (!it) return covered;
        take(it);
        live = live.filter((x) => x !== it).concat(op.targets.map((t) => ({ name: t, from: it.from })));
        return unique(covered);
      }
      case 'concat': {
        let joins: [string, readonly string[]][];
        try {
          joins = op.pattern !== undefined ? [...concatGroups(op, live.map((x) => x.name)).groups] : [[op.target, op.keys]];
        } catch {
          return covered;
        }
        for (const [target, keys] of joins) {
          const parts = keys.map((k) => live.find((x) => x.name === k)).filter((x): x is (typeof live)[number] => x !== undefined);
          for (const p of parts) take(p);
          live = live.filter((x) => !parts.includes(x)).concat([{ name: target, from: parts.flatMap((p) => p.from) }]);
        }
        return unique(covered);
      }
      default:
        return covered;
    }
  });
}

function unique(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
