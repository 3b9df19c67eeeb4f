/** Figures of a single component (basic event). */
import type { ComponentModel } from './model.js';
import type { ComponentFigures } from './report.js';
import { cdf, mean } from './distributions.js';
import { availabilityFromMeans, downtimeFromUnavailability, ninesFromUnavailability, unavailabilityFromMeans } from './figures.js';

/**
 * Probability that the component has failed by time t: q for a fixed probability (whatever t),
 * F(t) for a lifetime, undefined when it has no mission reliability (availability only, or no failure).
 */
export function componentUnreliability(c: ComponentModel, tHours: number): number | undefined {
    const failure = c.failure;
    if (!failure) return undefined;
    switch (failure.kind) {
        case 'probability': return failure.q;
        case 'lifetime': return cdf(failure.distribution, tHours);
        case 'availability': return undefined;
    }
}

/** Steady-state availability: MTTF/(MTTF + MTTR) for a repairable lifetime, or the given availability. */
export function componentAvailability(c: ComponentModel): number | undefined {
    const failure = c.failure;
    if (failure?.kind === 'availability') return failure.availability;
    if (failure?.kind === 'lifetime' && c.repair) return availabilityFromMeans(mean(failure.distribution), mean(c.repair));
    return undefined;
}

/** Steady-state unavailability 1 − A, computed as MTTR/(MTTF + MTTR) when repairable so it keeps its digits. */
export function componentUnavailability(c: ComponentModel): number | undefined {
    const failure = c.failure;
    if (failure?.kind === 'availability') return 1 - failure.availability;
    if (failure?.kind === 'lifetime' && c.repair) return unavailabilityFromMeans(mean(failure.distribution), mean(c.repair));
    return undefined;
}

export function componentFigures(c: ComponentModel, missionHours: number): ComponentFigures {
    const figures: ComponentFigures = {};
    const q = componentUnreliability(c, missionHours);
    if (q !== undefined) {
        figures.reliability = 1 - q;
        figures.unreliability = q;
    }
    if (c.failure?.kind === 'lifetime') {
        const d = c.failure.distribution;
        figures.mttfHours = mean(d);
        if (d.kind === 'exponential') figures.failureRate = d.rate;
    }
    const availability = componentAvailability(c);
    const unavailability = componentUnavailability(c);
    if (availability !== undefined && unavailability !== undefined) {
        figures.availability = availability;
        figures.downtimeHoursPerYear = downtimeFromUnavailability(unavailability);
        const n = ninesFromUnavailability(unavailability);
        if (n !== undefined) figures.nines = n;
    }
    return figures;
}
