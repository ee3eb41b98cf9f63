import type { DriftReport } from '../detectors/types';
import { NORMALIZED_SUFFIX } from '../sinks/output-json';
import { checkRenormalization, type RenormalizationCheck } from './renormalization-check';
import type { DemoScenario } from './scenarios';
import type { DemoSwitch, DemoWindow, NormalizationSource, TargetShareShift } from './types';
import { toNumber, type WeatherRecord } from './weather-data';

/**
 * Builds the demo's view of one closed window from its drift report, the switches its step caused
 * and its output records. Applies the switches to `normalizationSources` (feature → statistics in
 * use), which carries the state from window to window.
 */
export function toDemoWindow(options: {
  scenario: DemoScenario;
  index: number;
  period: string;
  report: DriftReport;
  switches: readonly DemoSwitch[];
  normalizationSources: Map<string, NormalizationSource>;
  referenceRecords: readonly WeatherRecord[];
  /** The window's output records: original fields and `<feature>_normalized`. */
  outputs: readonly WeatherRecord[];
}): DemoWindow {
  const { scenario, report, outputs, referenceRecords } = options;
  for (const event of options.switches) {
    options.normalizationSources.set(event.feature, event.to);
  }

  const checks: RenormalizationCheck[] = [];
  for (const feature of scenario.renormalizationChecks) {
    const check = checkRenormalization(
      feature,
      referenceRecords.map((record) => toNumber(record[feature])),
      outputs.map((record) => toNumber(record[feature])),
      outputs.map((record) => toNumber(record[`${feature}${NORMALIZED_SUFFIX}`])),
    );
    if (check !== null) {
      checks.push(check);
    }
  }

  return {
    index: options.index,
    period: options.period,
    firstDate: report.window?.start.slice(0, 10) ?? '',
    lastDate: report.window?.end.slice(0, 10) ?? '',
    recordCount: report.window?.recordCount ?? outputs.length,
    report,
    switches: [...options.switches],
    sources: Object.fromEntries(options.normalizationSources),
    checks,
    targetShift:
      scenario.target === undefined
        ? null
        : findLargestShareShift(scenario.target, referenceRecords, outputs),
  };
}

/**
 * Returns the target class whose share differs most between the window and the reference, or null
 * when either side has no labelled record. Missing labels (null) are left out of the shares.
 */
export function findLargestShareShift(
  target: string,
  referenceRecords: readonly WeatherRecord[],
  windowRecords: readonly WeatherRecord[],
): TargetShareShift | null {
  const referenceShares = toShares(target, referenceRecords);
  const windowShares = toShares(target, windowRecords);
  if (referenceShares.size === 0 || windowShares.size === 0) {
    return null;
  }

  let largest: TargetShareShift | null = null;
  for (const category of new Set([...referenceShares.keys(), ...windowShares.keys()])) {
    const shift = {
      category,
      windowShare: windowShares.get(category) ?? 0,
      referenceShare: referenceShares.get(category) ?? 0,
    };
    const size = Math.abs(shift.windowShare - shift.referenceShare);
    if (largest === null || size > Math.abs(largest.windowShare - largest.referenceShare)) {
      largest = shift;
    }
  }
  return largest;
}

function toShares(target: string, records: readonly WeatherRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const record of records) {
    const label = record[target];
    if (label === null || label === undefined) {
      continue;
    }
    counts.set(String(label), (counts.get(String(label)) ?? 0) + 1);
    total += 1;
  }
  return new Map([...counts].map(([category, count]) => [category, count / total]));
}
