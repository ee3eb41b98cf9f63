import type { OutputMessage } from './output-message';

/**
 * Default bytes per produce request. Brokers reject a record batch above `message.max.bytes`
 * (1 MiB by default), and kafkajs sends all messages of one partition in one batch, so a window
 * of thousands of records must go out in several requests.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;

/**
 * Splits messages, in order, into chunks whose estimated size (key, value and header bytes) stays
 * under `maxBytes`. A single message larger than `maxBytes` gets a chunk of its own.
 */
export function chunkMessages(
  messages: readonly OutputMessage[],
  maxBytes = DEFAULT_MAX_REQUEST_BYTES,
): OutputMessage[][] {
  const chunks: OutputMessage[][] = [];
  let current: OutputMessage[] = [];
  let currentBytes = 0;

  for (const message of messages) {
    const size = estimateBytes(message);
    if (current.length > 0 && currentBytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += size;
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}

function estimateBytes(message: OutputMessage): number {
  // Per-record overhead of the Kafka record format (length, attributes, deltas) is about 20 bytes.
  let bytes = 20 + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes +=
      name.length +
      (Array.isArray(value)
        ? value.reduce((sum, item) => sum + byteLength(item), 0)
        : byteLength(value ?? null));
  }
  return bytes;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) {
    return 0;
  }
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
