/**
 * When the renderer dies (crash, OOM, GPU reset) the lane must come back by itself, but a page
 * that crashes at start must not spin: delays double up to a cap, a long stable run resets them,
 * and too many crashes inside a window stop the loop so a person sees the error page.
 */
export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
  maxCrashes: number;
  windowMs: number;
}

export type RestartDecision =
  | { action: 'restart'; delayMs: number; attempt: number }
  | { action: 'giveUp'; crashes: number; windowMs: number };

export interface CrashTracker {
  /** Records a crash at `now` and decides what to do. */
  crashed(now: number): RestartDecision;
  /** The renderer loaded a page at `now`: the clock for "stable" starts here. */
  started(now: number): void;
  readonly attempt: number;
}

export function createCrashTracker(policy: RestartPolicy): CrashTracker {
  let crashes: number[] = [];
  let attempt = 0;
  let startedAt: number | null = null;
  return {
    get attempt() {
      return attempt;
    },
    started(now) {
      startedAt = now;
    },
    crashed(now) {
      if (startedAt !== null && now - startedAt >= policy.stableAfterMs) attempt = 0;
      startedAt = null;
      crashes = [...crashes.filter((t) => now - t < policy.windowMs), now];
      if (crashes.length > policy.maxCrashes) {
        return { action: 'giveUp', crashes: crashes.length, windowMs: policy.windowMs };
      }
      const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
      attempt += 1;
      return { action: 'restart', delayMs, attempt };
    },
  };
}
