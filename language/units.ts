/**
 * Interpretation of written quantities (`6 years`, `0.02 per year`, `1 per 500 h`, `250 FIT`,
 * `99.95%`, `1 h per year`) in the canonical units of the engine: hours, rates per hour, plain
 * probabilities, hours of downtime per year. Pure functions over the shape of a `Quantity` node,
 * so they run without Langium. Range checks (positive, within [0, 1], integer) belong to the caller,
 * which knows what the number means; these functions only reject what cannot be read as the kind asked for.
 */
import { HOURS_PER_YEAR } from '../engine/model.js';

/** The fields of a `Quantity` AST node. */
export interface QuantityLike {
    value: number;
    percent: boolean;
    unit?: string;
    per: boolean;
    perValue?: number;
    perUnit?: string;
}

/** The part of the quantity that is wrong, named as the `Quantity` node's property. */
export type QuantityProperty = 'value' | 'unit' | 'perValue' | 'perUnit';

export interface QuantityProblem {
    message: string;
    property: QuantityProperty;
    /** For an unknown unit: the closest valid spelling, for a quick fix. */
    suggestion?: string;
}

export type QuantityResult = { value: number } | { problem: QuantityProblem };

export const HOURS_PER_MONTH = 730;
/** `FIT`: failures per 10^9 device-hours. */
export const HOURS_PER_FIT = 1e9;

const DURATION_UNITS: ReadonlyArray<readonly [readonly string[], number]> = [
    [['s', 'sec', 'second', 'seconds'], 1 / 3600],
    [['min', 'minute', 'minutes'], 1 / 60],
    [['h', 'hr', 'hour', 'hours'], 1],
    [['d', 'day', 'days'], 24],
    [['w', 'week', 'weeks'], 168],
    [['mo', 'month', 'months'], HOURS_PER_MONTH],
    [['y', 'yr', 'year', 'years'], HOURS_PER_YEAR]
];

const HOURS_BY_UNIT: ReadonlyMap<string, number> = new Map(
    DURATION_UNITS.flatMap(([spellings, hours]) => spellings.map(spelling => [spelling, hours] as const))
);

/** Every accepted duration unit, for messages and completion. */
export const DURATION_UNIT_NAMES: readonly string[] = [...HOURS_BY_UNIT.keys()];
const VALID_UNITS_TEXT = DURATION_UNITS.map(([spellings]) => spellings.join(' ')).join(', ');

/** Hours in one `unit`, or undefined when the unit is not a duration unit. */
export function hoursPerUnit(unit: string): number | undefined {
    return HOURS_BY_UNIT.get(unit);
}

/**
 * Edit distance counting insertions, deletions, substitutions and transpositions of adjacent
 * characters (optimal string alignment), for "did you mean" suggestions: "yaer" is one edit from "year".
 */
export function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

/**
 * The candidate closest to `word` (case-insensitive edit distance), if it is close enough to be a
 * plausible typo: at most 2 edits, and fewer edits than the word has characters.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return bestDistance <= Math.min(2, word.length - 1) ? best : undefined;
}

/** " (did you mean 'X'?)" or nothing. */
export function didYouMean(suggestion: string | undefined): string {
    return suggestion ? ` (did you mean '${suggestion}'?)` : '';
}

function unknownUnit(unit: string, property: QuantityProperty, extra: readonly string[] = []): QuantityProblem {
    const suggestion = closestMatch(unit, [...DURATION_UNIT_NAMES, ...extra]);
    const valid = extra.length > 0 ? `${VALID_UNITS_TEXT}, ${extra.join(' ')}` : VALID_UNITS_TEXT;
    return { message: `Unknown unit '${unit}'${didYouMean(suggestion)}; valid units are ${valid}.`, property, suggestion };
}

function unitHours(unit: string, property: QuantityProperty, extra: readonly string[] = []): { hours: number } | { problem: QuantityProblem } {
    const hours = hoursPerUnit(unit);
    return hours === undefined ? { problem: unknownUnit(unit, property, extra) } : { hours };
}

/** A duration in hours: a number and a time unit (`6 years`, `8 h`, `30 min`). */
export function durationHours(q: QuantityLike): QuantityResult {
    if (q.percent) {
        return { problem: { message: `A duration cannot be a percentage; write a number and a unit (${VALID_UNITS_TEXT}).`, property: 'value' } };
    }
    if (q.unit === undefined) {
        return { problem: { message: `A duration needs a unit, e.g. '${q.value} h'; valid units are ${VALID_UNITS_TEXT}.`, property: 'value' } };
    }
    const unit = unitHours(q.unit, 'unit');
    if ('problem' in unit) {
        return unit;
    }
    if (q.per) {
        return { problem: { message: `A duration is a number and a unit ('${q.value} ${q.unit}'), not a quantity per period.`, property: q.perValue !== undefined ? 'perValue' : 'perUnit' } };
    }
    return { value: q.value * unit.hours };
}

const RATE_FORMS = `'0.02 per year', '0.02/y', '1 per 500 h' or '250 FIT'`;

/** A rate per hour: `0.02 per year`, `0.02/y`, `1 per 500 h`, `3 per day`, `250 FIT`. */
export function ratePerHour(q: QuantityLike): QuantityResult {
    if (q.percent) {
        return { problem: { message: `A rate cannot be a percentage; write it as ${RATE_FORMS}.`, property: 'value' } };
    }
    if (q.unit === 'FIT' || q.unit === 'fit') {
        if (q.per) {
            return { problem: { message: `'FIT' is already a rate (failures per 10^9 h); remove the '/${q.perUnit ?? ''}'.`, property: 'perUnit' } };
        }
        return { value: q.value / HOURS_PER_FIT };
    }
    if (q.unit !== undefined) {
        if (!q.per && hoursPerUnit(q.unit) !== undefined) {
            return { problem: { message: `'${q.value} ${q.unit}' is a duration, not a rate; write it as ${RATE_FORMS}.`, property: 'unit' } };
        }
        if (!q.per) {
            const problem = unknownUnit(q.unit, 'unit', ['FIT']);
            return { problem: { ...problem, message: `${problem.message} A rate is written ${RATE_FORMS}.` } };
        }
        return { problem: { message: `A rate is a number per time unit; remove '${q.unit}' (write ${RATE_FORMS}).`, property: 'unit' } };
    }
    if (!q.per || q.perUnit === undefined) {
        return { problem: { message: `A rate needs a time unit: write it as ${RATE_FORMS}.`, property: 'value' } };
    }
    const period = unitHours(q.perUnit, 'perUnit');
    if ('problem' in period) {
        return period;
    }
    if (q.perValue !== undefined && q.perValue <= 0) {
        return { problem: { message: `The period of a rate must be positive, not ${q.perValue}.`, property: 'perValue' } };
    }
    return { value: q.value / ((q.perValue ?? 1) * period.hours) };
}

/** A probability: a plain number (`0.999`) or a percentage (`99.9%`). */
export function probabilityValue(q: QuantityLike): QuantityResult {
    if (q.unit !== undefined) {
        return { problem: { message: `A probability is a plain number or a percentage (0.999 or 99.9%), not '${q.value} ${q.unit}'.`, property: 'unit' } };
    }
    if (q.per) {
        return { problem: { message: 'A probability is a plain number or a percentage (0.999 or 99.9%), not a quantity per period.', property: 'perUnit' } };
    }
    return { value: q.percent ? q.value / 100 : q.value };
}

/** A plain number with no unit (a count, a shape parameter, a seed). */
export function plainNumber(q: QuantityLike, what: string): QuantityResult {
    if (q.unit !== undefined) {
        return { problem: { message: `${what} is a plain number, without a unit ('${q.unit}').`, property: 'unit' } };
    }
    if (q.percent) {
        return { problem: { message: `${what} is a plain number, not a percentage.`, property: 'value' } };
    }
    if (q.per) {
        return { problem: { message: `${what} is a plain number, not a quantity per period.`, property: 'perUnit' } };
    }
    return { value: q.value };
}

/**
 * Downtime in hours per year: a duration per period (`1 h per year`, `5 min/mo`, `2 h per 30 days`),
 * a bare duration (per year), or a percentage of the time (`0.01%`).
 */
export function downtimeHoursPerYear(q: QuantityLike): QuantityResult {
    if (q.percent) {
        if (q.per) {
            return { problem: { message: 'A downtime percentage is already a fraction of the time; remove the period.', property: 'perUnit' } };
        }
        return { value: q.value / 100 * HOURS_PER_YEAR };
    }
    if (q.unit === undefined) {
        return { problem: { message: `Downtime is a duration per period, e.g. '${q.value} h per year' or '${q.value} min/mo'.`, property: 'value' } };
    }
    const down = unitHours(q.unit, 'unit');
    if ('problem' in down) {
        return down;
    }
    if (!q.per || q.perUnit === undefined) {
        return { value: q.value * down.hours };
    }
    const period = unitHours(q.perUnit, 'perUnit');
    if ('problem' in period) {
        return period;
    }
    if (q.perValue !== undefined && q.perValue <= 0) {
        return { problem: { message: `The period of a downtime must be positive, not ${q.perValue}.`, property: 'perValue' } };
    }
    return { value: q.value * down.hours / ((q.perValue ?? 1) * period.hours) * HOURS_PER_YEAR };
}
