import { describe, expect, test } from 'vitest';
import {
    closestMatch, downtimeHoursPerYear, durationHours, editDistance, plainNumber, probabilityValue, ratePerHour, type QuantityLike,
    type QuantityResult
} from '../../language/units.js';

function q(value: number, rest: Partial<QuantityLike> = {}): QuantityLike {
    return { value, percent: false, per: false, ...rest };
}

function valueOf(result: QuantityResult): number {
    if ('problem' in result) {
        throw new Error(result.problem.message);
    }
    return result.value;
}

function problemOf(result: QuantityResult) {
    if (!('problem' in result)) {
        throw new Error(`expected a problem, got ${result.value}`);
    }
    return result.problem;
}

describe('durations', () => {
    test.each([
        ['s', 1 / 3600], ['sec', 1 / 3600], ['second', 1 / 3600], ['seconds', 1 / 3600],
        ['min', 1 / 60], ['minute', 1 / 60], ['minutes', 1 / 60],
        ['h', 1], ['hr', 1], ['hour', 1], ['hours', 1],
        ['d', 24], ['day', 24], ['days', 24],
        ['w', 168], ['week', 168], ['weeks', 168],
        ['mo', 730], ['month', 730], ['months', 730],
        ['y', 8760], ['yr', 8760], ['year', 8760], ['years', 8760]
    ])('one %s is %f h', (unit, hours) => {
        expect(valueOf(durationHours(q(1, { unit })))).toBeCloseTo(hours, 12);
        expect(valueOf(durationHours(q(6, { unit })))).toBeCloseTo(6 * hours, 12);
    });

    test('an unknown unit names the valid ones and suggests the closest', () => {
        const problem = problemOf(durationHours(q(6, { unit: 'yaer' })));
        expect(problem.property).toBe('unit');
        expect(problem.suggestion).toBe('year');
        expect(problem.message).toContain("did you mean 'year'?");
        expect(problem.message).toContain('s sec second seconds');
        expect(problem.message).toContain('y yr year years');
    });

    test('no suggestion for a word far from every unit', () => {
        const problem = problemOf(durationHours(q(6, { unit: 'parsecs' })));
        expect(problem.suggestion).toBeUndefined();
        expect(problem.message).not.toContain('did you mean');
    });

    test('a duration needs a unit, and is not a percentage or a rate', () => {
        expect(problemOf(durationHours(q(6))).message).toMatch(/needs a unit/);
        expect(problemOf(durationHours(q(6, { percent: true }))).message).toMatch(/percentage/);
        expect(problemOf(durationHours(q(6, { unit: 'h', per: true, perUnit: 'y' }))).property).toBe('perUnit');
    });
});

describe('rates', () => {
    test('per unit, slash, per N units, FIT', () => {
        expect(valueOf(ratePerHour(q(0.02, { per: true, perUnit: 'year' })))).toBeCloseTo(0.02 / 8760, 18);
        expect(valueOf(ratePerHour(q(0.02, { per: true, perUnit: 'y' })))).toBeCloseTo(0.02 / 8760, 18);
        expect(valueOf(ratePerHour(q(1, { per: true, perValue: 500, perUnit: 'h' })))).toBeCloseTo(1 / 500, 15);
        expect(valueOf(ratePerHour(q(3, { per: true, perUnit: 'day' })))).toBeCloseTo(3 / 24, 15);
        expect(valueOf(ratePerHour(q(250, { unit: 'FIT' })))).toBeCloseTo(250e-9, 21);
    });

    test('a duration, a bare number or a percentage is not a rate', () => {
        expect(problemOf(ratePerHour(q(2, { unit: 'h' }))).message).toMatch(/is a duration, not a rate/);
        expect(problemOf(ratePerHour(q(2))).message).toMatch(/needs a time unit/);
        expect(problemOf(ratePerHour(q(2, { percent: true }))).message).toMatch(/percentage/);
    });

    test('an unknown period unit is reported on perUnit', () => {
        const problem = problemOf(ratePerHour(q(0.02, { per: true, perUnit: 'yr_' })));
        expect(problem.property).toBe('perUnit');
        expect(problem.suggestion).toBe('yr');
    });

    test('a misspelt FIT is suggested', () => {
        const problem = problemOf(ratePerHour(q(250, { unit: 'FTI' })));
        expect(problem.suggestion).toBe('FIT');
    });
});

describe('probabilities, numbers and downtime', () => {
    test('a probability is a plain number or a percentage', () => {
        expect(valueOf(probabilityValue(q(0.999)))).toBe(0.999);
        expect(valueOf(probabilityValue(q(99.95, { percent: true })))).toBeCloseTo(0.9995, 15);
        expect(problemOf(probabilityValue(q(0.9, { unit: 'h' }))).property).toBe('unit');
    });

    test('a plain number has no unit', () => {
        expect(valueOf(plainNumber(q(1.5), 'The shape'))).toBe(1.5);
        expect(problemOf(plainNumber(q(1.5, { unit: 'h' }), 'The shape')).message).toMatch(/^The shape is a plain number/);
    });

    test('downtime per period, a bare duration per year, or a fraction of the time', () => {
        expect(valueOf(downtimeHoursPerYear(q(1, { unit: 'h', per: true, perUnit: 'year' })))).toBeCloseTo(1, 12);
        expect(valueOf(downtimeHoursPerYear(q(5, { unit: 'min', per: true, perUnit: 'mo' })))).toBeCloseTo(5 / 60 * 12, 12);
        expect(valueOf(downtimeHoursPerYear(q(2, { unit: 'h', per: true, perValue: 30, perUnit: 'days' })))).toBeCloseTo(2 / 720 * 8760, 12);
        expect(valueOf(downtimeHoursPerYear(q(52.56, { unit: 'min' })))).toBeCloseTo(0.876, 12);
        expect(valueOf(downtimeHoursPerYear(q(0.01, { percent: true })))).toBeCloseTo(0.876, 12);
        expect(problemOf(downtimeHoursPerYear(q(1))).message).toMatch(/duration per period/);
    });
});

describe('suggestions', () => {
    test('edit distance', () => {
        expect(editDistance('kitten', 'sitting')).toBe(3);
        expect(editDistance('', 'abc')).toBe(3);
        expect(editDistance('year', 'year')).toBe(0);
        expect(editDistance('yaer', 'year')).toBe(1);
    });

    test('closest match within two edits, case-insensitive', () => {
        expect(closestMatch('weibul', ['exponential', 'weibull', 'gamma'])).toBe('weibull');
        expect(closestMatch('Gamma', ['exponential', 'weibull', 'gamma'])).toBe('gamma');
        expect(closestMatch('zzz', ['exponential', 'weibull', 'gamma'])).toBeUndefined();
    });
});
