import { describe, expect, it } from 'vitest';
import { loadCases, scoreCorpus } from '../../bench/diagnosis/run-cases.js';
import { HALVES, type Half } from '../../bench/diagnosis/score.js';

// the full tier (vitest.config.ts): explains every text of bench/diagnosis's corpus files (CASE_FILES); the corpus
// files and the scorer are unit-tested in diagnosis.test.ts
const cases = loadCases();

describe('the corpus', () => {
  // regression floors at what this version reaches (bench prints the numbers; issue 10's target is
  // 90 % on the clean held-out halves, heldout2 and heldout3). Only aggregates are asserted: heldout2's
  // and heldout3's misses are never printed here.
  it('scores no lower than this version on each half, with no success promise and no strict=False advice where keys must move', async () => {
    const r = await scoreCorpus(cases);
    const share = (h: Half) => r.halves[h].passed / r.halves[h].cases;
    // just below what this version measures (78/80, 71/81, 51/51, 46/51, 48/51, 38/51 at session 7's end): one case lost fails;
    // the seen held-out half 72/81 after session 8's s8-diag
    expect(share('tuning')).toBeGreaterThanOrEqual(0.98); // 79/80 after session 9's s9-diag (fvcore brace groups read by the scorer)
    // session 22 (s22-lenient): 73/81 after torch's `_IncompatibleKeys` was read by its keys like its strict error (tuning
    // halves unchanged; the floor followed the aggregate down, read, not chosen on)
    expect(share('heldout')).toBeGreaterThanOrEqual(0.90); // 74/81 after session 9's merged readings
    expect(share('tuning2')).toBeGreaterThanOrEqual(0.99);
    expect(share('heldout2')).toBeGreaterThanOrEqual(0.92); // 47/51 after session 8's s8-diag (an aggregate, misses never printed)
    expect(share('tuning3')).toBeGreaterThanOrEqual(0.96); // 49/51 after session 9's s9-diag6
    expect(share('heldout3')).toBeGreaterThanOrEqual(0.76); // 39/51 after session 8's merged matching mends (s8-mend-match: shapes checked after the ops; an aggregate, read, not chosen on)
    // cases4.json (session 6), first measured after its collector's commits: 29/37 and 27/37, the same
    // at the session's start (8f2a46b) and at its end; tuning4 32/37 after session 7's s7-readings (heldout4's floor unchanged)
    expect(share('tuning4')).toBeGreaterThanOrEqual(0.86);
    expect(share('heldout4')).toBeGreaterThanOrEqual(0.81); // 30/37 after session 9's merged readings (an aggregate, read, not chosen on)
    // cases5.json (session 7), measured once on the session's starting code (220f3c0 + the corpus):
    // 33/44 and 36/44; at the session's end 34/44 and 36/44; tuning5 37/44 after session 8's s8-diag (heldout5's floor unchanged)
    expect(share('tuning5')).toBeGreaterThanOrEqual(0.88); // 39/44 after session 9's s9-diag6
    // 38/44 after session 9's merged readings (read, not chosen on); 37/44 after session 17's round-1 merge (s17-diag13's
    // readings; heldout11 rose 50 -> 51 with it, the pooled held-out count unchanged). Read as an aggregate only: no case
    // looked at, nothing kept or reverted on it (the brief: tuning halves decide what changes); followed down one case
    expect(share('heldout5')).toBeGreaterThanOrEqual(0.84);
    // cases6.json (session 9), collected and split before any code read it: 37/45 and 35/45 on the session's
    // starting code (6dac21c + the corpus); tuning6 45/45 after s9-diag6 read and fixed every miss (a tuning score),
    // heldout6 37/45 after the merged readings (an aggregate only, its misses never printed)
    expect(share('tuning6')).toBeGreaterThanOrEqual(0.97);
    expect(share('heldout6')).toBeGreaterThanOrEqual(0.84); // 38/45 after session 13's merged readings (an aggregate, read, not chosen on)
    // cases7.json (session 11), cases8.json (session 12) and cases9.json (session 13), each collected and split
    // before any code read it; floors set at session 13's end, one case lost fails (held-out halves read as
    // aggregates only, nothing chosen on them): tuning7 47/48, heldout7 42/48, tuning8 46/49, heldout8 43/49,
    // tuning9 47/49 (41/49 when collected), heldout9 41/48 (38/48 when collected)
    expect(share('tuning7')).toBeGreaterThanOrEqual(0.97);
    // session 18: 41/48 after s18-diag14's 6906ba66 (a generate.py / sample*.py / synthesize.py run is an inference run,
    // decided on tuning14's NPVAE-2); the floor followed the aggregate down (read, not chosen on)
    // session 22 (s22-lenient): 40/48 after torch's `_IncompatibleKeys` was read by its keys (tuning unchanged; followed down, not chosen on)
    expect(share('heldout7')).toBeGreaterThanOrEqual(0.83);
    expect(share('tuning8')).toBeGreaterThanOrEqual(0.93);
    expect(share('heldout8')).toBeGreaterThanOrEqual(0.87);
    expect(share('tuning9')).toBeGreaterThanOrEqual(0.95);
    expect(share('heldout9')).toBeGreaterThanOrEqual(0.85);
    // cases10.json (session 14), collected and split the same way: tuning10 47/53 and heldout10 49/53 when collected;
    // floors set at session 14's end (0ab55b6), one case lost fails: tuning10 50/53 after s14-diag/s14-diag10,
    // heldout10 49/53 (an aggregate only, its misses never printed; unchanged by the session's work)
    expect(share('tuning10')).toBeGreaterThanOrEqual(0.94);
    expect(share('heldout10')).toBeGreaterThanOrEqual(0.92);
    // cases11.json (session 15), collected and split the same way: tuning11 48/54 and heldout11 50/53 when collected;
    // floors set at session 15's end, one case lost fails: tuning11 54/54 after s15-diag11, heldout11 50/53 (an
    // aggregate only, its misses never printed; unchanged by the session's work)
    expect(share('tuning11')).toBeGreaterThanOrEqual(0.99);
    expect(share('heldout11')).toBeGreaterThanOrEqual(0.96); // 51/53 after session 17's round-1 merge (an aggregate, read, not chosen on)
    // cases12.json (session 16), collected and split the same way: tuning12 43/51 and heldout12 39/51 when collected;
    // floors set at session 17's end, one case lost fails: tuning12 49/51 (s16-diag12, s17-diag: SuPreM-5, BriVL-2
    // relabelled), heldout12 39/51 (an aggregate only, its misses never printed; unchanged since collection)
    expect(share('tuning12')).toBeGreaterThanOrEqual(0.96);
    expect(share('heldout12')).toBeGreaterThanOrEqual(0.76);
    // cases13.json (session 17), collected and split the same way (s17-corpus13, 1d240a78): baseline measured once after the
    // wiring commit, no code changed: tuning13 47/54, heldout13 52/54 (an aggregate only, its misses never printed); floors
    // just below, one case lost fails; tuning13 51/54 at session 17's end (s17-diag13), its floor followed up
    // session 19 (s19-diag: audio windows, another library version's module): tuning13 52/54, floor followed up
    expect(share('tuning13')).toBeGreaterThanOrEqual(0.96);
    expect(share('heldout13')).toBeGreaterThanOrEqual(0.96);
    // cases14.json (session 18), collected and split the same way (s18-corpus14, fb77dd8e): baseline measured once after the
    // wiring commit, no code changed: tuning14 41/53, heldout14 47/53 (an aggregate only, its misses never printed); floors
    // just below, one case lost fails
    // session 18 (s18-diag14): tuning14 45/53; session 19 (s19-diag: constant-buffer label convention, audio windows): 47/53;
    // session 22 (s22-diag: a lenient load's nested tower, layers past the model's in an evaluation run): 49/53
    expect(share('tuning14')).toBeGreaterThanOrEqual(0.92);
    expect(share('heldout14')).toBeGreaterThanOrEqual(0.88);
    // cases15.json (session 19), collected and split the same way (s19-corpus15, 36f8d817): baseline measured once on the
    // wiring, no code changed: tuning15 45/55, heldout15 49/54 (an aggregate only, its misses never printed); floors
    // just below, one case lost fails; session 19 (s19-diag15): tuning15 48/55, floor followed up; session 22 (s22-diag: a
    // nested tower, results near 0 as an evaluation run): 50/55
    expect(share('tuning15')).toBeGreaterThanOrEqual(0.9);
    expect(share('heldout15')).toBeGreaterThanOrEqual(0.9);
    // cases16.json (session 20), collected and split the same way (s20-corpus16, abbf025c; 60 texts, the issues corpus was
    // nearly exhausted for new sources): baseline measured once on the wiring, no code changed: tuning16 26/30, heldout16
    // 27/30 (an aggregate only, its misses never printed); floors just below, one case lost fails
    // session 20 (s20-diag16): tuning16 28/30 (one decision fixed, two labels corrected), floor followed up
    expect(share('tuning16')).toBeGreaterThanOrEqual(0.93);
    expect(share('heldout16')).toBeGreaterThanOrEqual(0.9);
    // cases17.json (session 21), collected and split the same way (s21-corpus17, fe9c4089; 61 texts, the issues corpus
    // still nearly exhausted): baseline measured once on the wiring, no code changed: tuning17 29/31, heldout17 26/30 (an
    // aggregate only, its misses never printed); floors just below, one case lost fails
    // session 21 (s21-diag17): tuning17 31/31 (two decisions made general: missing state alone is no missing prefix; a
    // demo run said in prose is an evaluation run), floor followed up; heldout17 unchanged at 26/30
    expect(share('tuning17')).toBeGreaterThanOrEqual(0.99);
    expect(share('heldout17')).toBeGreaterThanOrEqual(0.86);
    // cases18.json (session 22), collected and split the same way (s22-corpus18, 494d21b3; 62 texts, the issues corpus
    // still nearly exhausted, long-tail domains): baseline measured once on the wiring, no code changed: tuning18 25/31,
    // heldout18 25/31 (an aggregate only, its misses never printed); floors just below, one case lost fails
    expect(share('tuning18')).toBeGreaterThanOrEqual(0.8);
    expect(share('heldout18')).toBeGreaterThanOrEqual(0.8);
    // cases19.json (session 23), collected and split the same way (s23-corpus19, bc4dba14; 52 texts, the issues corpus
    // still nearly exhausted, long-tail domains): baseline measured once on the wiring, no code changed: tuning19 24/26,
    // heldout19 23/26 (an aggregate only, its misses never printed); floors just below, one case lost fails
    expect(share('tuning19')).toBeGreaterThanOrEqual(0.92);
    expect(share('heldout19')).toBeGreaterThanOrEqual(0.88);
    // cases20.json (session 24), collected and split the same way (s24-corpus20, 99a74612, one label corrected in 2b5cdf00;
    // 34 texts, the issues corpus all but exhausted): baseline measured on the wiring, no code changed: tuning20 17/17,
    // heldout20 15/17 (an aggregate only, its misses never printed); floors just below, one case lost fails
    expect(share('tuning20')).toBeGreaterThanOrEqual(0.99);
    expect(share('heldout20')).toBeGreaterThanOrEqual(0.88);
    // cases21.json (session 25), collected and split the same way (s25-corpus21, ae18cc60; 30 texts, the issues corpus all
    // but exhausted): baseline measured on the wiring, no code changed: tuning21 13/15, heldout21 13/15 (an aggregate only,
    // its misses never printed); floors just below, one case lost fails
    expect(share('tuning21')).toBeGreaterThanOrEqual(0.86);
    expect(share('heldout21')).toBeGreaterThanOrEqual(0.86);
    // cases22.json (session 26), collected and split the same way (s26-corpus22, 8d3d1f74; 46 texts, the issues corpus all
    // but exhausted for the mainstream): baseline measured on the wiring, no code changed: tuning22 17/23, heldout22 19/23
    // (an aggregate only, its misses never printed); floors just below, one case lost fails
    expect(share('tuning22')).toBeGreaterThanOrEqual(0.73);
    expect(share('heldout22')).toBeGreaterThanOrEqual(0.82);
    const sum = (k: 'promises' | 'strictFalseAdvice') => HALVES.reduce((n, h) => n + r.halves[h][k], 0);
    expect(sum('promises')).toBe(0);
    expect(sum('strictFalseAdvice')).toBe(0);
  });
});
