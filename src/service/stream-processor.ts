import type { PipelineConfig } from '../config/pipeline-config';
import type { DriftReport } from '../detectors/types';
import type { Logger } from '../logging/logger';
import { toDeadLetter } from '../sinks/dead-letter';
import { hasAnyKey, toOutputJson } from '../sinks/output-json';
import type { OutputMessage } from '../sinks/output-message';
import {
  type DecodedRecord,
  type DecodeSpec,
  decodeRecord,
  isRejected,
  type RejectedRecord,
} from '../sources/decode-record';
import type { SourceRecord } from '../sources/source-record';
import { createWindower } from '../windows';
import type { ClosedWindow, Windower } from '../windows/types';
import type { ProcessorStep, StreamProcessor } from './stream-processor-types';
import { createEmptyStep } from './stream-processor-types';
import type { WindowEvaluation, WindowEvaluator } from './window-evaluator';

/** Headers on every output record. */
export const OUTPUT_HEADERS = {
  statsVersion: 'driftwatch-stats-version',
  window: 'driftwatch-window',
  pipeline: 'driftwatch-pipeline',
} as const;

/**
 * Creates the Kafka-free core of a pipeline, shared by the service and the file-replay demo.
 *
 * Per record: decode (a malformed record becomes a dead letter with its reason), then window.
 * Per closed window: the evaluator computes the drift report against the reference and the
 * renormalized values. Every record of the window becomes one output record (the input key, every
 * original field, and `<feature>_normalized` for each normalized feature), and the report becomes
 * one drift event keyed by the pipeline id.
 * With `reference.source: first`, the first N decoded records build the reference; they are
 * emitted normalized with it and produce no drift report.
 */
export function createStreamProcessor(options: {
  config: PipelineConfig;
  evaluator: WindowEvaluator;
  logger: Logger;
  onWindowEvaluated?: (
    evaluation: WindowEvaluation,
    window: ClosedWindow<DecodedRecord>,
    durationSeconds: number,
  ) => void;
}): StreamProcessor {
  const { config, evaluator } = options;
  const logger = options.logger.child({ pipeline: config.id });
  const decodeSpec: DecodeSpec = {
    fields: [
      ...evaluator
        .features()
        .map((feature) => ({ name: feature.name, kind: feature.kind, required: feature.required })),
      ...(evaluator.target() === null
        ? []
        : [
            { ...(evaluator.target() as { name: string; kind: 'numeric' | 'categorical' }), required: false },
          ]),
    ],
    eventTimeField: config.window.type === 'count' ? undefined : config.record.eventTimeField,
  };
  const windowSpec =
    config.window.type === 'count' ? { type: 'count' as const, size: config.window.size } : config.window;
  const windower: Windower<DecodedRecord> = createWindower<DecodedRecord>(windowSpec);
  const maxWaitMs = config.window.type === 'count' ? config.window.maxWaitMs : undefined;
  const referenceSize = config.reference?.source === 'first' ? config.reference.records : 0;
  const referenceBuffer: DecodedRecord[] = [];

  let lastAddMs = 0;
  let assigned = new Set<number>();
  let latest: DriftReport | null = null;

  const evaluate = (window: ClosedWindow<DecodedRecord>, step: ProcessorStep) => {
    const started = process.hrtime.bigint();
    const evaluation = evaluator.evaluate(window.items, {
      emit: window.emit,
      partial: window.partial,
      bounds: windowBounds(window),
    });
    const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    appendOutputs(step, evaluation, window.index);
    step.switches.push(...evaluation.switches);
    if (evaluation.report !== null) {
      latest = evaluation.report;
      step.reports.push(evaluation.report);
      step.driftEvents.push({
        key: config.id,
        value: JSON.stringify(evaluator.toJson(evaluation.report)),
        headers: { [OUTPUT_HEADERS.pipeline]: config.id, [OUTPUT_HEADERS.window]: String(window.index) },
      });
      logDrift(evaluation.report, window);
    }
    options.onWindowEvaluated?.(evaluation, window, durationSeconds);
  };

  const logDrift = (report: DriftReport, window: ClosedWindow<DecodedRecord>) => {
    const drifted = report.features.filter((feature) => feature.drifted).map((feature) => feature.name);
    const fields = {
      window: window.index,
      windowStart: report.window?.start,
      windowEnd: report.window?.end,
      driftShare: report.dataset.driftShare,
      driftedFeatures: drifted,
      targetDrifted: report.target?.drifted ?? null,
    };
    if (report.dataset.drifted || drifted.length > 0 || report.target?.drifted) {
      logger.info(fields, 'drift detected');
    } else {
      logger.debug(fields, 'window closed');
    }
  };

  const appendOutputs = (step: ProcessorStep, evaluation: WindowEvaluation, windowIndex: number) => {
    // Every record of a window carries the same driftwatch headers; records without headers of
    // their own share one object instead of a copy each.
    const windowHeaders = {
      [OUTPUT_HEADERS.statsVersion]: String(evaluation.statsVersion),
      [OUTPUT_HEADERS.window]: String(windowIndex),
      [OUTPUT_HEADERS.pipeline]: config.id,
    };
    evaluation.emitted.forEach((record, index) => {
      const value = toOutputJson(record, evaluation.normalized[index] ?? {});
      step.outputs.push({ source: record.source, message: toOutputMessage(record, value, windowHeaders) });
    });
  };

  const toOutputMessage = (
    record: DecodedRecord,
    value: string,
    windowHeaders: Record<string, string>,
  ): OutputMessage => {
    const keyField = config.record.keyField;
    const fieldKey = keyField === undefined ? undefined : record.fields[keyField];
    const key = record.source.key ?? (fieldKey === undefined || fieldKey === null ? null : String(fieldKey));
    return {
      key,
      value,
      headers: hasOwnHeaders(record) ? { ...record.source.headers, ...windowHeaders } : windowHeaders,
    };
  };

  const rejectRecord = (step: ProcessorStep, rejected: RejectedRecord) => {
    step.deadLetters.push({
      source: rejected.source,
      message: toDeadLetter(rejected, config.id),
      reason: rejected.reason,
    });
  };

  const addToWindows = (step: ProcessorStep, record: DecodedRecord, nowMs: number) => {
    const { closed, late } = windower.add(record, record.source.partition, record.eventTimeMs, nowMs);
    for (const window of closed) {
      evaluate(window, step);
    }
    for (const lateRecord of late) {
      if (config.lateRecords === 'ignore') {
        step.dropped.push(lateRecord.source);
      } else {
        const bound = windower.watermarkMs();
        rejectRecord(step, {
          source: lateRecord.source,
          reason: 'late_record',
          message: `event time ${new Date(lateRecord.eventTimeMs ?? 0).toISOString()} falls only into closed windows (watermark ${bound === null ? 'none' : new Date(bound).toISOString()})`,
        });
      }
    }
  };

  const completeReference = (step: ProcessorStep) => {
    const evaluation = evaluator.setReference([...referenceBuffer]);
    appendOutputs(step, evaluation, -1);
    logger.info({ records: referenceBuffer.length }, 'reference built from the first records of the stream');
    referenceBuffer.length = 0;
  };

  return {
    push(records: readonly SourceRecord[], nowMs: number): ProcessorStep {
      const step = createEmptyStep();
      for (const source of records) {
        const decoded = decodeRecord(source, decodeSpec);
        if (isRejected(decoded)) {
          rejectRecord(step, decoded);
          continue;
        }
        lastAddMs = nowMs;
        if (!evaluator.hasReference() && referenceSize > 0) {
          referenceBuffer.push(decoded);
          if (referenceBuffer.length >= referenceSize) {
            completeReference(step);
          }
          continue;
        }
        addToWindows(step, decoded, nowMs);
      }
      return step;
    },

    tick(nowMs: number): ProcessorStep {
      const step = createEmptyStep();
      for (const window of windower.advance(nowMs)) {
        evaluate(window, step);
      }
      if (maxWaitMs !== undefined && windower.openItemCount() > 0 && nowMs - lastAddMs >= maxWaitMs) {
        for (const window of windower.flush()) {
          evaluate(window, step);
        }
      }
      return step;
    },

    assignPartitions(partitions: readonly number[], nowMs: number): ProcessorStep {
      const step = createEmptyStep();
      const next = new Set(partitions);
      const revoked = [...assigned].filter((partition) => !next.has(partition));
      const added = partitions.filter((partition) => !assigned.has(partition));
      assigned = next;
      for (const window of [...windower.revoke(revoked, nowMs), ...windower.assign(added, nowMs)]) {
        evaluate(window, step);
      }
      return step;
    },

    flush(): ProcessorStep {
      const step = createEmptyStep();
      if (referenceBuffer.length > 0) {
        completeReference(step);
      }
      for (const window of windower.flush()) {
        evaluate(window, step);
      }
      return step;
    },

    openRecordCount: () => windower.openItemCount() + referenceBuffer.length,
    latestReport: () => latest,
    // A profile is loaded before the processor exists; the other sources build the reference from the stream.
    hasReference: () => config.reference?.source !== 'profile' || evaluator.hasReference(),
  };
}

function hasOwnHeaders(record: DecodedRecord): boolean {
  return hasAnyKey(record.source.headers);
}

function windowBounds(window: ClosedWindow<DecodedRecord>): { start: string; end: string } {
  if (window.startMs !== null && window.endMs !== null) {
    return { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() };
  }
  // Count windows: the bounds are the Kafka timestamps of the first and last record.
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const record of window.items) {
    const timestamp = Number(record.source.timestamp);
    if (Number.isFinite(timestamp)) {
      start = Math.min(start, timestamp);
      end = Math.max(end, timestamp);
    }
  }
  if (!Number.isFinite(start)) {
    start = 0;
    end = 0;
  }
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}
