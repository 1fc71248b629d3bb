import { setFlagsFromString } from 'node:v8';

/**
 * Comparing sides of a million keys, the peak of memory is not what inference keeps but the garbage V8
 * lets pile up between full collections: after each one it lets the old generation grow by a factor it
 * picks from how fast the program allocates, up to 4× the live heap. Plan inference allocates fast
 * (strings and objects per key per pass), so at 1,000,000 keys a side ~1.2 GB live became a 2.9 GB peak
 * (`--trace-gc`: mark-compacts at 1.8 and 2.6 GB that each left 1.2 GB). For such sides the factor is
 * held at 1.5: more full collections (a few per cent of CPU at 300,000 keys), peak RSS near 1.5× the live
 * heap. Smaller comparisons keep V8's choice: their peak is small and their time is the floor that binds.
 */
const LARGE_SIDES_KEYS = 500_000;
const GROWING_PERCENT = 50;

let bounded = false;

/** Called once the sides are read, with the keys both hold. */
export function boundHeapGrowth(keys: number): void {
  if (bounded || keys < LARGE_SIDES_KEYS) return;
  bounded = true;
  // a V8 flag read at every full collection: set after start-up, it takes effect from the next one
  setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
}
