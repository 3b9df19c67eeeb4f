/** The client's `rel.*` settings that the server reads. */
import { durationHours } from '../language/units.js';

const DURATION = /^\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]+)?\s*$/;

/**
 * `rel.missionTime` ("1 year", "720 h") in hours; undefined when unset or unreadable, so each file's
 * own `mission` (or the language default) applies.
 */
export function missionHoursSetting(configuration: unknown): number | undefined {
    const text = (configuration as { missionTime?: unknown } | undefined)?.missionTime;
    if (typeof text !== 'string') return undefined;
    const match = DURATION.exec(text);
    if (!match) return undefined;
    const result = durationHours({ value: Number(match[1]), percent: false, unit: match[2] ?? 'h', per: false });
    return 'value' in result && result.value > 0 ? result.value : undefined;
}
