/**
 * Token bucket per client: `ratePerSecond` sustained, `burst` at once. A device that floods the
 * broker (a stuck scanner trigger, a firmware loop) is throttled without affecting the others.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(clientId: string): boolean {
    const now = this.now();
    const b = this.#buckets.get(clientId) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSecond);
    b.at = now;
    this.#buckets.set(clientId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  forget(clientId: string): void {
    this.#buckets.delete(clientId);
  }
}
