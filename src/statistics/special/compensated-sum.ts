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
    if (Number.isFinite(next)) {
      this.compensation +=
        Math.abs(this.sum) >= Math.abs(term) ? this.sum - next + term : term - next + this.sum;
    }
    this.sum = next;
  }

  /** Returns the compensated total. */
  value(): number {
    return Number.isFinite(this.sum) ? this.sum + this.compensation : this.sum;
  }
}
