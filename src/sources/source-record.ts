import type { IHeaders } from 'kafkajs';

/** One record as read from Kafka (or replayed from a file), before decoding. */
export interface SourceRecord {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (int64). */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  /** Producer or log-append timestamp, milliseconds since the epoch, as Kafka gives it. */
  timestamp: string;
  /** When driftwatch received the record, milliseconds since the epoch (for latency metrics). */
  receivedAtMs: number;
}

/** Records fetched together from one partition. */
export interface SourceBatch {
  topic: string;
  partition: number;
  records: SourceRecord[];
  /** Offset after the last record in the partition when the batch was fetched. */
  highWatermark: string;
  /** Records of the fetched batch left out because their offsets were already in the pipeline. */
  redeliveredCount: number;
}
