/** Figures derived from an availability: downtime per year and "nines". */
import { HOURS_PER_YEAR } from './model.js';

/** Expected downtime in hours per year, (1 − A)·8760. */
export function downtimeHoursPerYear(availability: number): number {
    return downtimeFromUnavailability(1 - availability);
}

/** −log10(1 − A); undefined for A = 1 (infinitely many nines) or A outside [0, 1]. */
export function nines(availability: number): number | undefined {
    return ninesFromUnavailability(1 - availability);
}

/** U·8760 for an unavailability U = 1 − A (use these when U is known directly: 1 − A loses digits when A ≈ 1). */
export function downtimeFromUnavailability(unavailability: number): number {
    return unavailability * HOURS_PER_YEAR;
}

export function ninesFromUnavailability(unavailability: number): number | undefined {
    if (!(unavailability > 0 && unavailability <= 1)) return undefined;
    return -Math.log10(unavailability);
}

/** Availability from a mean time to failure and a mean time to repair. */
export function availabilityFromMeans(mttfHours: number, mttrHours: number): number {
    if (mttfHours === Infinity) return 1;
    return mttfHours / (mttfHours + mttrHours);
}

/** Unavailability MTTR/(MTTF + MTTR), without the cancellation of 1 − A. */
export function unavailabilityFromMeans(mttfHours: number, mttrHours: number): number {
    if (mttfHours === Infinity) return 0;
    return mttrHours / (mttfHours + mttrHours);
}
