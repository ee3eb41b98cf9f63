/**
 * A source of uniform random numbers in [0, 1). Sampling code takes one as a parameter so that
 * tests and replays are deterministic.
 */
export type RandomSource = () => number;

/**
 * Creates a seeded pseudo-random source (Mulberry32: 32-bit state, period 2^32). Equal seeds give
 * equal sequences. Only the low 32 bits of `seed` are used, so seeds that differ by a multiple of
 * 2^32 give the same sequence. Good enough for reservoir sampling; not for cryptography.
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives a 32-bit seed from a base seed and a label (a feature name, a side), so that each
 * feature gets its own independent stream from one user-given seed. FNV-1a over the UTF-16 code
 * units of the label, mixed with the base seed.
 */
export function deriveSeed(baseSeed: number, label: string): number {
  let hash = (0x811c9dc5 ^ (baseSeed >>> 0)) >>> 0;
  for (let index = 0; index < label.length; index += 1) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Returns a uniform random integer in [0, upperExclusive). `upperExclusive` must be >= 1. */
export function randomIndex(random: RandomSource, upperExclusive: number): number {
  return Math.floor(random() * upperExclusive);
}
