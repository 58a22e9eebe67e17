/**
 * How hard the overlay fights a page that removes or covers it: each re-attach or re-raise is
 * counted in a sliding window; past the budget the page is taken to be fighting us and the call
 * moves to the extension's own window (which no page can touch).
 */
export const reattachBudget = {
  /** Re-attaches or re-raises allowed within the window before giving up on the page. */
  attempts: 6,
  windowMs: 10_000,
} as const;

export class ReattachPolicy {
  #attempts: number[] = [];

  constructor(private readonly budget: { attempts: number; windowMs: number } = reattachBudget) {}

  /** Record one attempt at `now`; false once the page has used up the budget. */
  allow(now: number): boolean {
    this.#attempts = this.#attempts.filter((at) => now - at < this.budget.windowMs);
    this.#attempts.push(now);
    return this.#attempts.length <= this.budget.attempts;
  }
}
