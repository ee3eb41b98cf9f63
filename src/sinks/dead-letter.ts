import type { RejectedRecord } from '../sources/decode-record';
import type { OutputMessage } from './output-message';

/** Headers set on every dead letter, so the record can be traced back and replayed. */
export const DEAD_LETTER_HEADERS = {
  reason: 'driftwatch-reason',
  error: 'driftwatch-error',
  topic: 'driftwatch-source-topic',
  partition: 'driftwatch-source-partition',
  offset: 'driftwatch-source-offset',
  timestamp: 'driftwatch-source-timestamp',
  pipeline: 'driftwatch-pipeline',
} as const;

/**
 * Builds the dead-letter message of a rejected record: the original key and value bytes unchanged,
 * the original headers, plus headers with the reason code, the error message and the source
 * topic, partition, offset and timestamp.
 */
export function toDeadLetter(rejected: RejectedRecord, pipeline: string): OutputMessage {
  const { source } = rejected;
  return {
    key: source.key,
    value: source.value,
    headers: {
      ...source.headers,
      [DEAD_LETTER_HEADERS.reason]: rejected.reason,
      [DEAD_LETTER_HEADERS.error]: rejected.message,
      [DEAD_LETTER_HEADERS.topic]: source.topic,
      [DEAD_LETTER_HEADERS.partition]: String(source.partition),
      [DEAD_LETTER_HEADERS.offset]: source.offset,
      [DEAD_LETTER_HEADERS.timestamp]: source.timestamp,
      [DEAD_LETTER_HEADERS.pipeline]: pipeline,
    },
  };
}
