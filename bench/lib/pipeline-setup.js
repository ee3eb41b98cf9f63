'use strict';

const path = require('node:path');
const { pipelineConfigSchema } = require('../../dist/config/pipeline-config');
const { buildReferenceProfile } = require('../../dist/reference/summarize-table');
const { saveReferenceProfile } = require('../../dist/reference/profile-file');
const { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS } = require('./flights');

/** Records per count window in every driftwatch measurement. */
const WINDOW_SIZE = 10000;

/**
 * Summarizes rows [0, referenceRows) of the four feature columns into a reference profile and
 * writes it to `file`, as `driftwatch profile` would from the same rows.
 */
async function writeFlightsProfile(table, referenceRows, file) {
  const values = new Map();
  for (const column of NUMERIC_COLUMNS) {
    values.set(
      column,
      Array.from(table[column].subarray(0, referenceRows), (value) => (Number.isNaN(value) ? null : value)),
    );
  }
  for (const column of CATEGORICAL_COLUMNS) {
    values.set(column, table[column].slice(0, referenceRows));
  }
  const kinds = new Map([
    ...NUMERIC_COLUMNS.map((column) => [column, 'numeric']),
    ...CATEGORICAL_COLUMNS.map((column) => [column, 'categorical']),
  ]);
  const recordTable = {
    file: `flights-3m.parquet rows 0-${referenceRows}`,
    format: 'ndjson',
    columns: [...values.keys()],
    rowCount: referenceRows,
    values,
    lineNumbers: Array.from({ length: referenceRows }, (_, index) => index + 1),
  };
  await saveReferenceProfile(file, buildReferenceProfile(recordTable, { kinds }));
}

/**
 * Returns the settings of the benchmark pipeline as the service loads them: the four flight
 * features against a reference profile, count windows of 10,000 records, adaptive normalization
 * and the event time in `date`. `maxWaitMs` closes the last partial window when the input ends.
 */
function createFlightsPipelineConfig(options) {
  const config = pipelineConfigSchema.parse({
    id: options.id ?? 'flights',
    input: {
      topic: options.inputTopic ?? 'flights',
      groupId: options.groupId,
      partitions: options.partitions ?? 1,
    },
    output: { topic: options.outputTopic ?? 'flights-normalized' },
    record: { eventTimeField: 'date' },
    features: [
      ...NUMERIC_COLUMNS.map((name) => ({ name, kind: 'numeric' })),
      ...CATEGORICAL_COLUMNS.map((name) => ({ name, kind: 'categorical' })),
    ],
    window: { type: 'count', size: WINDOW_SIZE, maxWaitMs: 2000 },
    reference: { source: 'profile', path: path.resolve(options.profilePath) },
    normalization: { mode: 'adaptive' },
  });
  return {
    ...config,
    groupId: options.groupId ?? `driftwatch-${config.id}`,
    file: path.resolve(options.file ?? 'bench-pipeline.yaml'),
  };
}

module.exports = { WINDOW_SIZE, writeFlightsProfile, createFlightsPipelineConfig };
