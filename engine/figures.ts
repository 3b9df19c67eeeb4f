/** Figures derived from an availability: downtime per year and "nines". */
import { HOURS_PER_YEAR } from './model.js';

/** Expected downtime in hours per year, (1 − A)·8760. */
export function downtimeHoursPerYear(availability: number): number {
    return (1 - availability) * HOURS_PER_YEAR;
}

/** −log10(1 − A); undefined for A = 1 (infinitely many nines) or A outside [0, 1]. */
export function nines(availability: number): number | undefined {
    if (!(availability >= 0 && availability < 1)) return undefined;
    return -Math.log10(1 - availability);
}

/** Availability from a mean time to failure and a mean time to repair. */
export function availabilityFromMeans(mttfHours: number, mttrHours: number): number {
    if (mttfHours === Infinity) return 1;
    return mttfHours / (mttfHours + mttrHours);
}
