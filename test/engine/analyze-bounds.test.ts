import { describe, expect, test } from 'vitest';
import { emptyModel, type FaultExpr, type ReliabilityModel } from '../../engine/model.js';
import { analyzeModel } from '../../engine/analyze.js';
import { enumerateProbability } from '../openpsa/enumerate.js';

const ev = (name: string): FaultExpr => ({ kind: 'event', name });
const ref = (name: string): FaultExpr => ({ kind: 'ref', name });
const and = (...operands: FaultExpr[]): FaultExpr => ({ kind: 'and', operands });
const or = (...operands: FaultExpr[]): FaultExpr => ({ kind: 'or', operands });

/**
 * T = (at least 3 of e0…e7, each AND its own switch) OR (a AND b): the k-of-n over AND gates is larger
 * than the node limit, dropping the likely switches (a superset) or the unlikely pair (a subset) shrinks it.
 */
function tooLargeModel(): ReliabilityModel {
    const model = emptyModel();
    const events = Array.from({ length: 8 }, (_, i) => `e${i}`);
    for (const [i, name] of events.entries()) {
        model.components.push({ name, failure: { kind: 'probability', q: 0.1 + 0.03 * i } });
        model.components.push({ name: `s${i}`, failure: { kind: 'probability', q: 0.9 } });
    }
    model.components.push({ name: 'a', failure: { kind: 'probability', q: 0.001 } }, { name: 'b', failure: { kind: 'probability', q: 0.002 } });
    model.structures.push(
        { name: 'T', kind: 'top', failure: or(ref('K'), and(ev('a'), ev('b'))) },
        { name: 'K', kind: 'gate', failure: { kind: 'atLeast', k: 3, operands: events.map((e, i) => and(ev(e), ev(`s${i}`))) } });
    return model;
}

describe('a top too large to solve exactly gets certified bounds (model counting off)', () => {
    const nodeLimit = 30;

    test('they enclose the exact value (by enumeration), and the top has a warning instead of an error', () => {
        const model = tooLargeModel();
        const exact = enumerateProbability(model, 'T');
        const figures = analyzeModel(model, { modelCounting: false, diagramNodeLimit: nodeLimit, boundsTimeLimitMs: 60_000 });
        expect(figures.tops.T).toBeUndefined();
        const bounds = figures.bounds.T;
        expect(bounds.lower).toBeLessThanOrEqual(exact + 1e-15);
        expect(bounds.upper).toBeGreaterThanOrEqual(exact - 1e-15);
        // Both sides had to drop something to fit the limit.
        expect(bounds.lower).toBeLessThan(exact - 1e-6);
        expect(bounds.upper).toBeGreaterThan(exact + 1e-6);
        const top = figures.problems.find(p => p.subject === 'T')!;
        expect(top.severity).toBe('warning');
        expect(top.message).toMatch(/^cannot analyse T: too large to solve exactly.*; certified bounds instead: \S+ ≤ P\(T\) ≤ \S+$/);
        // The gate itself is no top: it keeps its error.
        expect(figures.problems.find(p => p.subject === 'K')?.severity).toBe('error');
        // Without a time for them there are none, and the top keeps its error.
        const without = analyzeModel(model, { modelCounting: false, diagramNodeLimit: nodeLimit });
        expect(without.bounds).toEqual({});
        expect(without.problems.find(p => p.subject === 'T')?.severity).toBe('error');
    });

    test('a top the structure time left unreached gets them too', () => {
        const model = tooLargeModel();
        const exact = enumerateProbability(model, 'T');
        const figures = analyzeModel(model, { modelCounting: false, structureTimeLimitMs: 0, boundsTimeLimitMs: 60_000 });
        // Without a node limit the bounds' first attempts fit, and the mildest ones are the exact value.
        expect(figures.bounds.T.lower).toBeCloseTo(exact, 12);
        expect(figures.bounds.T.upper).toBeCloseTo(exact, 12);
        expect(figures.problems.find(p => p.subject === 'T')).toMatchObject({
            severity: 'warning', message: expect.stringMatching(/^T not analysed: the time limit .* ran out; certified bounds instead/)
        });
    });

    test('no time for them, or a top with NOT, gives none', () => {
        const model = tooLargeModel();
        expect(analyzeModel(model, { modelCounting: false, diagramNodeLimit: nodeLimit, boundsTimeLimitMs: 0 }).bounds).toEqual({});
        model.structures[0] = { ...model.structures[0], failure: or(ref('K'), and(ev('a'), { kind: 'not', operand: ev('b') })) };
        const figures = analyzeModel(model, { modelCounting: false, diagramNodeLimit: nodeLimit, boundsTimeLimitMs: 60_000 });
        expect(figures.bounds).toEqual({});
        expect(figures.problems.find(p => p.subject === 'T')?.severity).toBe('error');
    });

    test('a requirement is decided by the bounds when the whole interval is on one side', () => {
        const model = tooLargeModel();
        const { lower, upper } = analyzeModel(model, { modelCounting: false, diagramNodeLimit: nodeLimit, boundsTimeLimitMs: 60_000 }).bounds.T;
        const requirement = (metric: 'probability' | 'reliability', operator: '<=' | '>=' | '=', value: number) =>
            ({ subject: 'T', metric, operator, value, line: 1 });
        model.requirements.push(
            requirement('probability', '<=', upper * 1.01),
            requirement('probability', '<=', lower * 0.99),
            requirement('probability', '<=', (lower + upper) / 2),
            requirement('reliability', '>=', 1 - upper * 1.01),
            requirement('reliability', '>=', 1 - lower * 0.99),
            requirement('probability', '=', upper * 2));
        const [met, violated, undecided, reliabilityMet, reliabilityViolated, equal] =
            analyzeModel(model, { modelCounting: false, diagramNodeLimit: nodeLimit, boundsTimeLimitMs: 60_000 }).requirements;
        expect(met).toMatchObject({ met: true, bounds: { lower, upper } });
        expect(met.actual).toBeUndefined();
        expect(met.message).toMatch(/^T probability is between \S+ and \S+ \(certified bounds: not solved exactly\): meets <= /);
        expect(violated.met).toBe(false);
        expect(violated.message).toMatch(/: does not meet <= /);
        expect(undecided.met).toBe(false);
        expect(undecided.message).toMatch(/: cannot show T probability <= /);
        expect(reliabilityMet).toMatchObject({ met: true, bounds: { lower: 1 - upper, upper: 1 - lower } });
        expect(reliabilityViolated.met).toBe(false);
        expect(equal.message).toMatch(/: does not meet = /);
    });
});

describe('a gate or top too large for its diagram is solved by model counting', () => {
    const nodeLimit = 30;

    test('the gate and the top get their exact probabilities (by enumeration), the top a warning saying how', () => {
        const model = tooLargeModel();
        const figures = analyzeModel(model, { diagramNodeLimit: nodeLimit, boundsTimeLimitMs: 60_000 });
        expect(figures.gates.K.counted).toBe(true);
        expect(figures.gates.K.probability).toBeCloseTo(enumerateProbability(model, 'K'), 12);
        expect(figures.problems.find(p => p.subject === 'K')).toBeUndefined();
        expect(figures.tops.T).toBeUndefined();
        const exact = enumerateProbability(model, 'T');
        expect(figures.bounds.T).toMatchObject({ counted: true });
        expect(figures.bounds.T.lower).toBeCloseTo(exact, 12);
        expect(figures.bounds.T.upper).toBe(figures.bounds.T.lower);
        expect(figures.problems.find(p => p.subject === 'T')).toMatchObject({
            severity: 'warning',
            message: expect.stringMatching(/^cannot analyse T: too large to solve exactly.*; exact probability by model counting instead: P\(T\) = \S+ \(no cut sets or importance\)$/)
        });
    });

    test('a top with NOT is counted too, and a requirement on it is decided on the exact value', () => {
        const model = tooLargeModel();
        model.structures[0] = { ...model.structures[0], failure: or(ref('K'), and(ev('a'), { kind: 'not', operand: ev('b') })) };
        const exact = enumerateProbability(model, 'T');
        model.requirements.push({ subject: 'T', metric: 'probability', operator: '<=', value: exact * 1.0001, line: 1 },
            { subject: 'T', metric: 'probability', operator: '<=', value: exact * 0.9999, line: 2 });
        const figures = analyzeModel(model, { diagramNodeLimit: nodeLimit, boundsTimeLimitMs: 60_000 });
        expect(figures.bounds.T.lower).toBeCloseTo(exact, 12);
        const [met, violated] = figures.requirements;
        expect(met.met).toBe(true);
        expect(met.actual).toBeCloseTo(exact, 12);
        expect(violated.met).toBe(false);
    });

    test('without bounds time a top is not counted and keeps its error; the gate is counted in the structures\' time', () => {
        const model = tooLargeModel();
        const figures = analyzeModel(model, { diagramNodeLimit: nodeLimit });
        expect(figures.bounds).toEqual({});
        expect(figures.problems.find(p => p.subject === 'T')?.severity).toBe('error');
        expect(figures.gates.K.counted).toBe(true);
    });
});
