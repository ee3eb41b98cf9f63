import { createSeededRandom } from './random';
import {
  addToReservoir,
  createReservoir,
  isReservoirComplete,
  mergeReservoirs,
  type Reservoir,
} from './reservoir';

function reservoirOf(values: readonly number[], capacity: number, seed: number): Reservoir {
  const random = createSeededRandom(seed);
  const reservoir = createReservoir(capacity);
  for (const value of values) addToReservoir(reservoir, value, random);
  return reservoir;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, index) => start + index);
}

describe('reservoir', () => {
  it('keeps every value up to capacity in order', () => {
    const reservoir = reservoirOf([5, 1, 4], 3, 1);

    expect(reservoir.values).toEqual([5, 1, 4]);
    expect(isReservoirComplete(reservoir)).toBe(true);
  });

  it('samples past capacity deterministically per seed', () => {
    const first = reservoirOf(range(0, 1000), 10, 42);
    const second = reservoirOf(range(0, 1000), 10, 42);

    expect(first.values).toEqual(second.values);
    expect(first.values).toHaveLength(10);
    expect(first.seenCount).toBe(1000);
    expect(isReservoirComplete(first)).toBe(false);
  });

  it('samples every position with equal probability', () => {
    const frequencies = new Array<number>(100).fill(0);
    const trials = 4000;
    for (let trial = 0; trial < trials; trial += 1) {
      for (const value of reservoirOf(range(0, 100), 10, trial + 1).values) frequencies[value] += 1;
    }

    // Each value is kept with probability 0.1: expected 400 per value, standard deviation about 19.
    for (const frequency of frequencies) {
      expect(frequency).toBeGreaterThan(400 - 6 * 19);
      expect(frequency).toBeLessThan(400 + 6 * 19);
    }
  });

  it('concatenates complete reservoirs that fit', () => {
    const merged = mergeReservoirs(reservoirOf([1, 2], 5, 1), reservoirOf([3], 5, 2), createSeededRandom(3));

    expect(merged).toEqual({ capacity: 5, seenCount: 3, values: [1, 2, 3] });
  });

  it('merges as a uniform sample weighted by counts', () => {
    const random = createSeededRandom(7);
    let fromRight = 0;
    const trials = 2000;
    for (let trial = 0; trial < trials; trial += 1) {
      // 900 zeros on the left and 100 ones on the right: a uniform sample of 20 has 10% ones.
      const left = reservoirOf(new Array(900).fill(0), 20, 2 * trial + 1);
      const right = reservoirOf(new Array(100).fill(1), 20, 2 * trial + 2);
      const merged = mergeReservoirs(left, right, random);

      expect(merged.values).toHaveLength(20);
      expect(merged.seenCount).toBe(1000);
      fromRight += merged.values.reduce((sum, value) => sum + value, 0);
    }

    // 40,000 draws at p = 0.1 (without replacement): mean 4000, standard deviation below 60.
    expect(Math.abs(fromRight - 4000)).toBeLessThan(6 * 60);
  });

  it('merges to distinct values of the union', () => {
    const merged = mergeReservoirs(
      reservoirOf(range(0, 50), 30, 1),
      reservoirOf(range(50, 60), 30, 2),
      createSeededRandom(9),
    );

    expect(new Set(merged.values).size).toBe(30);
    for (const value of merged.values) expect(value >= 0 && value < 60).toBe(true);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => createReservoir(0)).toThrow(/sample capacity 0 is invalid: it must be a positive integer/);
  });

  it('rejects merging different capacities', () => {
    expect(() => mergeReservoirs(createReservoir(2), createReservoir(3), createSeededRandom(1))).toThrow(
      /capacities must be equal/,
    );
  });
});
