import type { IHeaders } from 'kafkajs';

/**
 * One message for an output, drift-events or dead-letter topic. Output messages keep the input
 * key, so records of one key land in one partition, in order.
 */
export interface OutputMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
  partition?: number;
}
