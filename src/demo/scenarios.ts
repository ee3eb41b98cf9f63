import { DriftwatchError } from '../errors';
import { dateOf, type WeatherRecord } from './weather-data';

/** Calendar period that one demo window covers. */
export type DemoPeriod = 'year' | 'month';

/**
 * One replay of the weather table through a pipeline: which rows build the reference, which rows
 * are streamed (in date order), how the stream is cut into windows and how it is normalized.
 */
export interface DemoScenario {
  /** Short name for `--scenario`, file names and the pipeline id (`demo-<id>`). */
  id: string;
  /** Header line of the scenario in the console and the chart. */
  title: string;
  /** Story of the scenario, printed under the header. */
  story: string;
  /** Names of the reference and the stream in console lines, such as "Seattle" and "New York". */
  referenceName: string;
  streamName: string;
  isReference(record: WeatherRecord): boolean;
  isStream(record: WeatherRecord): boolean;
  /** Each calendar period becomes one window: the demo closes the window at the period's end. */
  period: DemoPeriod;
  features: string[];
  target?: string;
  /** Momentum of the adapted statistics (`normalization.momentum`). */
  momentum: number;
  /**
   * Features whose renormalized values the demo compares with the reference values, window by
   * window once the feature follows adapted statistics, and pooled over those windows.
   */
  renormalizationChecks: string[];
}

const WEATHER_FEATURES = ['temp_max', 'temp_min', 'precipitation', 'wind'];

const isLocation = (location: string) => (record: WeatherRecord) => record.location === location;

/**
 * The scenarios `driftwatch demo` runs, in order.
 *
 * Domain shift uses one window per year because the reference is a whole year cycle. A 90-day
 * window of New York is compared with all of Seattle's seasons at once, so it drifts for the
 * season alone, and statistics re-estimated on it map the next season wrongly. Its momentum is 0.5
 * because each window is a full year, an estimate worth half the weight; the default 0.1 suits many
 * short, noisy windows.
 */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    id: 'domain-shift',
    title: 'Domain shift: Seattle → New York',
    story:
      'Reference: Seattle 2012-2015. Stream: New York 2012-2015 in date order, one window per year. ' +
      'New York is windier and its temperatures swing wider; adaptive normalization re-estimates ' +
      'the statistics on New York and maps the temperatures back onto Seattle.',
    referenceName: 'Seattle',
    streamName: 'New York',
    isReference: isLocation('Seattle'),
    isStream: isLocation('New York'),
    period: 'year',
    features: WEATHER_FEATURES,
    target: 'weather',
    momentum: 0.5,
    renormalizationChecks: ['temp_max', 'temp_min'],
  },
  {
    id: 'seasonal-shift',
    title: 'Seasonal covariate shift and target shift: Seattle 2012 → 2013-2015',
    story:
      'Reference: Seattle 2012, a whole year. Stream: Seattle 2013-2015, one window per calendar ' +
      'month. Each month holds one season, so temperatures drift most in summer and winter; the ' +
      'weather label shifts where a month has far more sun (or fog) than 2012 had.',
    referenceName: 'Seattle 2012',
    streamName: 'Seattle 2013-2015',
    isReference: (record) => record.location === 'Seattle' && dateOf(record).startsWith('2012'),
    isStream: (record) => record.location === 'Seattle' && dateOf(record) >= '2013',
    period: 'month',
    features: WEATHER_FEATURES,
    target: 'weather',
    momentum: 0.1,
    renormalizationChecks: [],
  },
];

/**
 * Returns the scenarios named by `--scenario`: one id, or `all` for every scenario in order.
 * Throws DriftwatchError `INPUT_INVALID` naming the allowed ids for any other name.
 */
export function selectScenarios(name: string): DemoScenario[] {
  if (name === 'all') {
    return [...DEMO_SCENARIOS];
  }
  const scenario = DEMO_SCENARIOS.find((candidate) => candidate.id === name);
  if (scenario === undefined) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `--scenario ${name}: unknown scenario; use all or one of ${DEMO_SCENARIOS.map((entry) => entry.id).join(', ')}`,
    );
  }
  return [scenario];
}

/** Returns the period key of a date (YYYY-MM-DD): `2013` for a year, `2013-07` for a month. */
export function periodKey(period: DemoPeriod, date: string): string {
  return period === 'year' ? date.slice(0, 4) : date.slice(0, 7);
}

/** Returns the pipeline id of a scenario, the `pipeline` label of its metrics. */
export function pipelineIdOf(scenario: DemoScenario): string {
  return `demo-${scenario.id}`;
}
