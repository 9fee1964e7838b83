export function percentile(values: readonly number[], p: number): number;
export function median(values: readonly number[]): number;
export function timeRuns(
  fn: (i: number) => unknown,
  options?: { runs?: number; warmup?: number },
): Promise<number[]>;
export function report(
  name: string,
  rows: readonly Record<string, string | number | boolean | null | undefined>[],
  notes?: Record<string, string | number | boolean>,
): void;
