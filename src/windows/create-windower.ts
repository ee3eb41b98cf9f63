import { createCountWindower } from './count-windower';
import { createEventTimeWindower } from './event-time-windower';
import type { Windower } from './types';
import { validateWindowSpec, type WindowSpec } from './window-spec';

/**
 * Creates the windower for `spec`: count windows, or tumbling or sliding event-time windows. Throws
 * DriftwatchError `CONFIG_INVALID` for an invalid spec (see `validateWindowSpec`).
 */
export function createWindower<T>(spec: WindowSpec): Windower<T> {
  validateWindowSpec(spec);

  if (spec.type === 'count') {
    return createCountWindower<T>(spec.size);
  }
  return createEventTimeWindower<T>(spec);
}
