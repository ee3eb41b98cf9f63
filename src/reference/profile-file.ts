import { readFile, writeFile } from 'node:fs/promises';
import { DriftwatchError } from '../errors';
import {
  PROFILE_VERSION,
  type ProfileFeature,
  type ReferenceProfile,
  referenceProfileSchema,
} from './profile-schema';

const FIX = 'rebuild the profile with `driftwatch profile --input FILE --out PROFILE.json`';

/**
 * Reads and validates a reference profile file. Throws DriftwatchError `INPUT_NOT_FOUND` when the
 * file does not exist and `REFERENCE_INVALID` when it is not JSON, has another version, breaks the
 * schema, or has counts that disagree with each other. Messages name the file and the key path
 * (such as `features.temp.bins.counts[3]`) and give the fix.
 */
export async function loadReferenceProfile(path: string): Promise<ReferenceProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DriftwatchError(
        'INPUT_NOT_FOUND',
        `${path}: reference profile not found; check the path or ${FIX}`,
        {
          context: { file: path },
          cause: error,
        },
      );
    }
    throw new DriftwatchError(
      'REFERENCE_INVALID',
      `${path}: cannot read the reference profile: ${(error as Error).message}`,
      {
        context: { file: path },
        cause: error,
      },
    );
  }

  return parseReferenceProfile(text, path);
}

/** Writes a profile as indented JSON with a trailing newline. */
export async function saveReferenceProfile(path: string, profile: ReferenceProfile): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(profile, null, 1)}\n`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DriftwatchError(
      'INPUT_INVALID',
      `cannot write the profile to ${path}: ${reason}; check that the folder exists and is writable`,
      { context: { file: path }, cause: error },
    );
  }
}

/**
 * Parses and validates the text of a reference profile; `file` names it in error messages.
 * See `loadReferenceProfile` for the checks and errors.
 */
export function parseReferenceProfile(text: string, file: string): ReferenceProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(file, '', `is not valid JSON (${(error as Error).message})`, error);
  }

  const version = (json as { version?: unknown } | null)?.version;
  if (version !== PROFILE_VERSION) {
    throw invalid(
      file,
      'version',
      `is ${JSON.stringify(version) ?? 'missing'} but this driftwatch reads profile version ${PROFILE_VERSION}`,
    );
  }

  const parsed = referenceProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const more =
      parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw invalid(file, formatKeyPath(issue.path), `is invalid: ${issue.message}${more}`);
  }

  for (const [name, feature] of Object.entries(parsed.data.features)) {
    checkFeature(file, parsed.data, name, feature);
  }

  return parsed.data;
}

/** Checks the facts the schema cannot state: counts that must agree with each other. */
function checkFeature(file: string, profile: ReferenceProfile, name: string, feature: ProfileFeature): void {
  const path = formatKeyPath(['features', name]);
  if (feature.kind === 'categorical') {
    const total = Object.values(feature.categories).reduce((sum, value) => sum + value, 0);
    if (total !== feature.count) {
      throw invalid(file, `${path}.categories`, `add up to ${total} but count is ${feature.count}`);
    }
    return;
  }

  const { bins, sample, moments, count } = feature;
  for (let index = 1; index < bins.edges.length; index += 1) {
    if (!(bins.edges[index - 1] < bins.edges[index])) {
      throw invalid(
        file,
        `${path}.bins.edges[${index}]`,
        `is ${bins.edges[index]}, but edges must be strictly ascending`,
      );
    }
  }
  if (bins.counts.length !== bins.edges.length + 1 || bins.proportions.length !== bins.counts.length) {
    throw invalid(
      file,
      `${path}.bins`,
      `has ${bins.edges.length} edges, ${bins.counts.length} counts and ${bins.proportions.length} proportions, but needs edges + 1 counts and proportions`,
    );
  }
  const binTotal = bins.counts.reduce((sum, value) => sum + value, 0);
  if (binTotal !== count) {
    throw invalid(file, `${path}.bins.counts`, `add up to ${binTotal} but count is ${count}`);
  }
  bins.proportions.forEach((proportion, index) => {
    const expected = count === 0 ? 0 : bins.counts[index] / count;
    if (Math.abs(proportion - expected) > 1e-12) {
      throw invalid(
        file,
        `${path}.bins.proportions[${index}]`,
        `is ${proportion} but counts give ${expected}`,
      );
    }
  });

  if (sample.seenCount !== count) {
    throw invalid(file, `${path}.sample.seenCount`, `is ${sample.seenCount} but count is ${count}`);
  }
  const expectedSampleSize = Math.min(count, profile.sampleCapacity);
  if (sample.values.length !== expectedSampleSize) {
    throw invalid(
      file,
      `${path}.sample.values`,
      `has ${sample.values.length} values but needs ${expectedSampleSize} (count ${count}, sampleCapacity ${profile.sampleCapacity})`,
    );
  }
  if (sample.complete !== count <= profile.sampleCapacity) {
    throw invalid(
      file,
      `${path}.sample.complete`,
      `is ${sample.complete} but count ${count} and sampleCapacity ${profile.sampleCapacity} say otherwise`,
    );
  }

  if ((moments.mean === null) !== (count === 0) || (moments.min === null) !== (count === 0)) {
    throw invalid(
      file,
      `${path}.moments`,
      `must have mean, min and max exactly when count (${count}) is positive`,
    );
  }
  if (feature.valueCounts !== null) {
    const distinctTotal = feature.valueCounts.reduce((sum, [, value]) => sum + value, 0);
    if (distinctTotal !== count) {
      throw invalid(file, `${path}.valueCounts`, `add up to ${distinctTotal} but count is ${count}`);
    }
  }
}

function invalid(file: string, keyPath: string, problem: string, cause?: unknown): DriftwatchError {
  const subject = keyPath === '' ? 'reference profile' : `reference profile key ${keyPath}`;
  return new DriftwatchError('REFERENCE_INVALID', `${file}: ${subject} ${problem}; ${FIX}`, {
    context: { file, path: keyPath === '' ? undefined : keyPath },
    cause,
  });
}

/** Formats a key path like `features.temp.bins.counts[3]`, quoting keys that are not identifiers. */
function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) text += text === '' ? String(key) : `.${String(key)}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
