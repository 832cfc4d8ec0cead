/**
 * amoCRM's documented budgets (§9.6): 7 requests/second per integration, 50 per account.
 * A sliding one-second window read on the sandbox clock. That clock runs with real time, so real
 * load is measured as it happens; a test can also `advance` the clock by a second to empty the window
 * instead of sleeping. Setting the clock backwards forgets the window.
 */
export class SlidingWindow {
  private hits: number[] = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void { this.limit = limit; }

  /** Records the hit and answers whether it was within the limit. Rejected hits are not counted. */
  tryHit(nowMs: number): boolean {
    this.hits = this.hits.filter((t) => t > nowMs - 1000 && t <= nowMs);
    if (this.hits.length >= this.limit) return false;
    this.hits.push(nowMs);
    return true;
  }
}

export class RateLimiter {
  private readonly account: SlidingWindow;
  private readonly integrations = new Map<string, SlidingWindow>();

  constructor(private readonly limits: { perIntegration: number; perAccount: number }) {
    this.account = new SlidingWindow(limits.perAccount);
  }

  /** Integration budget first: a request refused by it must not eat the account budget. */
  allow(nowMs: number, integration: string | undefined): boolean {
    if (integration !== undefined) {
      let window = this.integrations.get(integration);
      if (!window) { window = new SlidingWindow(this.limits.perIntegration); this.integrations.set(integration, window); }
      if (!window.tryHit(nowMs)) return false;
    }
    return this.account.tryHit(nowMs);
  }
}
