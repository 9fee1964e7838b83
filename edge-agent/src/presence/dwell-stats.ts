const MINUTE = 60_000;

/** Dwell buckets of trafficAggregateSchema: <2 min, 2-5, 5-15, 15-30, 30+. */
export function dwellBuckets(
  dwellsMs: readonly number[],
): [number, number, number, number, number] {
  const b: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const d of dwellsMs) {
    const i =
      d < 2 * MINUTE ? 0 : d < 5 * MINUTE ? 1 : d < 15 * MINUTE ? 2 : d < 30 * MINUTE ? 3 : 4;
    b[i]++;
  }
  return b;
}

/** Lower median, in whole seconds; 0 for no visits. */
export function medianSeconds(dwellsMs: readonly number[]): number {
  if (dwellsMs.length === 0) return 0;
  const sorted = [...dwellsMs].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) / 1000);
}
