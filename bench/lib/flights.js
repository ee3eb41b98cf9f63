'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

/** The 3-million-row US flights table shipped by vega-datasets (Parquet, ZSTD pages). */
const FLIGHTS_PATH = path.join(
  __dirname,
  '..',
  '..',
  'node_modules',
  'vega-datasets',
  'data',
  'flights-3m.parquet',
);

/** Columns the benchmarks use: two numeric features, two categorical ones and the event time. */
const NUMERIC_COLUMNS = ['delay', 'distance'];
const CATEGORICAL_COLUMNS = ['origin', 'destination'];

/**
 * Reads the flights table column by column. `delay` and `distance` are INT64 in the file and come
 * back as Float64Array (NaN where null); `origin` and `destination` as string arrays (null where
 * null); `date` (a timestamp without zone, microseconds) as epoch milliseconds in a Float64Array.
 * `rowCount` limits the rows read (default: all 3,000,000).
 */
async function loadFlights(options = {}) {
  const { parquetRead, parquetMetadata } = require('hyparquet');
  const bytes = fs.readFileSync(FLIGHTS_PATH);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const totalRows = Number(parquetMetadata(file).num_rows);
  const rowCount = Math.min(options.rowCount ?? totalRows, totalRows);

  const table = {
    rowCount,
    date: new Float64Array(rowCount),
    delay: new Float64Array(rowCount),
    distance: new Float64Array(rowCount),
    origin: new Array(rowCount),
    destination: new Array(rowCount),
  };
  const toNumber = (value) => (value === null || value === undefined ? Number.NaN : Number(value));
  const toDateMs = (value) => (value instanceof Date ? value.getTime() : toNumber(value));

  await parquetRead({
    file,
    columns: ['date', ...NUMERIC_COLUMNS, ...CATEGORICAL_COLUMNS],
    rowStart: 0,
    rowEnd: rowCount,
    // hyparquet decodes Snappy itself; Node.js 24 ships the ZSTD decoder in zlib.
    compressors: { ZSTD: (input) => new Uint8Array(zlib.zstdDecompressSync(input)) },
    onChunk: ({ columnName, columnData, rowStart }) => {
      const end = Math.min(rowStart + columnData.length, rowCount);
      for (let row = rowStart; row < end; row += 1) {
        const value = columnData[row - rowStart];
        if (columnName === 'date') table.date[row] = toDateMs(value);
        else if (columnName === 'origin' || columnName === 'destination')
          table[columnName][row] = value ?? null;
        else table[columnName][row] = toNumber(value);
      }
    },
  });
  return table;
}

/** Builds row `row` as the JSON object a producer would send: event time as ISO 8601, null for missing. */
function toFlightRecord(table, row) {
  const delay = table.delay[row];
  const distance = table.distance[row];
  return {
    date: new Date(table.date[row]).toISOString(),
    delay: Number.isNaN(delay) ? null : delay,
    distance: Number.isNaN(distance) ? null : distance,
    origin: table.origin[row],
    destination: table.destination[row],
  };
}

/** Encodes rows [start, end) as JSON Buffers, the bytes a Kafka consumer receives. */
function encodeFlightRows(table, start, end) {
  const values = new Array(end - start);
  for (let row = start; row < end; row += 1) {
    values[row - start] = Buffer.from(JSON.stringify(toFlightRecord(table, row)));
  }
  return values;
}

/**
 * Writes rows [start, end) of the four feature columns as CSV with a header line. Missing values
 * are empty cells. The airport codes contain no comma or quote, which the writer checks.
 */
function writeFlightsCsv(table, file, start, end) {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${[...NUMERIC_COLUMNS, ...CATEGORICAL_COLUMNS].join(',')}\n`);
    const chunkRows = 100000;
    for (let from = start; from < end; from += chunkRows) {
      const lines = [];
      for (let row = from; row < Math.min(from + chunkRows, end); row += 1) {
        lines.push(
          [
            cell(table.delay[row]),
            cell(table.distance[row]),
            textCell(table.origin[row]),
            textCell(table.destination[row]),
          ].join(','),
        );
      }
      fs.writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function cell(value) {
  return Number.isNaN(value) ? '' : String(value);
}

function textCell(value) {
  if (value === null) return '';
  if (/[",\n\r]/.test(value)) {
    throw new Error(
      `flights: airport code ${JSON.stringify(value)} needs CSV quoting, which this writer does not do`,
    );
  }
  return value;
}

module.exports = {
  FLIGHTS_PATH,
  NUMERIC_COLUMNS,
  CATEGORICAL_COLUMNS,
  loadFlights,
  toFlightRecord,
  encodeFlightRows,
  writeFlightsCsv,
};
