import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces the replay at `rate` records per second (0: no pacing). Records go in chunks of about a
 * tenth of a second, and each wait targets the total sent so far, so rounding does not accumulate.
 * A wait ends early when `signal` aborts.
 */
export function createPacer(rate: number, signal: AbortSignal | undefined) {
  const startedMs = Date.now();
  let sent = 0;
  const chunkSize = rate === 0 ? Number.POSITIVE_INFINITY : Math.max(1, Math.round(rate / 10));

  return {
    *chunks<T>(items: readonly T[]): Generator<T[]> {
      for (let start = 0; start < items.length; start += chunkSize) {
        yield items.slice(start, start + chunkSize);
      }
    },
    async wait(count: number): Promise<void> {
      sent += count;
      if (rate === 0) {
        return;
      }
      const aheadMs = (sent / rate) * 1000 - (Date.now() - startedMs);
      if (aheadMs > 0 && !signal?.aborted) {
        await sleep(aheadMs, undefined, { signal }).catch((error: unknown) => {
          if (!signal?.aborted) {
            throw error;
          }
        });
      }
    },
  };
}
