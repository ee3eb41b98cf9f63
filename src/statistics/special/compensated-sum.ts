// Aliased at module level because in a sandboxed global such as jest's vm context each `Math.` or
// `Number.` lookup in a hot loop goes through a slow interceptor (about 12x slower under node 24).
const { abs } = Math;
const { isFinite: isFiniteNumber } = Number;
/**
 * Running sum with Neumaier's compensation: the error of each addition is collected separately, so
 * the total is accurate to about one rounding whatever the number or order of terms. An infinite
 * term makes the value infinite (the compensation is then ignored, never NaN from ∞ − ∞).
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  /** Adds one term. */
  add(term: number): void {
    const next = this.sum + term;
    if (isFiniteNumber(next)) {
      this.compensation += abs(this.sum) >= abs(term) ? this.sum - next + term : term - next + this.sum;
    }
    this.sum = next;
  }

  /** Returns the compensated total. */
  value(): number {
    return isFiniteNumber(this.sum) ? this.sum + this.compensation : this.sum;
  }
}
