import { describe, expect, test } from 'vitest';
import { analyzeMarkov, markovStructuralProblems, type MarkovAnalysis, type MarkovResult } from '../../engine/markov.js';
import type { MarkovModel } from '../../engine/model.js';

const webService: MarkovModel = {
    name: 'WebService', kind: 'discrete',
    states: ['Healthy', 'Degraded', 'Failed', 'Recovering'], up: ['Healthy', 'Degraded'], start: 'Healthy',
    matrix: [
        [0.95, 0.04, 0.005, 0.005],
        [0.10, 0.80, 0.05, 0.05],
        [0.00, 0.00, 0.70, 0.30],
        [0.30, 0.20, 0.10, 0.40]
    ]
};

function ok(result: MarkovResult): MarkovAnalysis {
    if (!result.ok) throw new Error(result.message);
    return result;
}

function expectRelative(actual: number | null, expected: number, tolerance = 1e-9) {
    expect(actual).not.toBeNull();
    expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

/** Plain repeated vector–matrix multiplication, independent of the engine's propagators. */
function distributionAfter(matrix: number[][], start: number, steps: number): number[] {
    let p: number[] = matrix.map((_, i) => (i === start ? 1 : 0));
    for (let t = 0; t < steps; t++) p = p.map((_, j) => p.reduce((s, pi, i) => s + pi * matrix[i][j], 0));
    return p;
}

describe('discrete chains', () => {
    test('WebService worked answers (language.md §12)', () => {
        const r = ok(analyzeMarkov(webService));
        expect(r.unit).toBe('steps');
        expectRelative(r.steadyState.Healthy, 16 / 23);
        expectRelative(r.steadyState.Degraded, 22 / 115);
        expectRelative(r.steadyState.Failed, 7 / 115);
        expectRelative(r.steadyState.Recovering, 6 / 115);
        expectRelative(r.availability, 102 / 115);
        expectRelative(r.failureFrequency, 3 / 115);
        expectRelative(r.mtbf, 115 / 3);
        expectRelative(r.meanUpTime, 34);
        expectRelative(r.meanDownTime, 13 / 3);
        expectRelative(r.mttf, 40);
        expect(r.problems).toEqual([]);
    });

    test('time to converge is the first step within 1e-6 in total variation', () => {
        const r = ok(analyzeMarkov(webService));
        const limit = [16 / 23, 22 / 115, 7 / 115, 6 / 115];
        const tv = (p: number[]) => p.reduce((s, v, i) => s + Math.abs(v - limit[i]), 0) / 2;
        const t = r.timeToConverge!;
        expect(Number.isInteger(t)).toBe(true);
        expect(tv(distributionAfter(webService.kind === 'discrete' ? webService.matrix : [], 0, t))).toBeLessThanOrEqual(1e-6);
        expect(tv(distributionAfter(webService.kind === 'discrete' ? webService.matrix : [], 0, t - 1))).toBeGreaterThan(1e-6);
        // The chart reaches the convergence time and starts in Healthy.
        expect(r.transient.times[0]).toBe(0);
        expect(r.transient.distribution.Healthy[0]).toBe(1);
        expect(r.transient.times[r.transient.times.length - 1]).toBeGreaterThanOrEqual(t);
        const k = 7;
        const expected = distributionAfter((webService as { matrix: number[][] }).matrix, 0, r.transient.times[k]);
        expect(r.transient.distribution.Failed[k]).toBeCloseTo(expected[2], 12);
        expect(r.transient.availability[k]).toBeCloseTo(expected[0] + expected[1], 12);
    });

    test('a step length turns every time figure into hours', () => {
        const r = ok(analyzeMarkov({ ...webService, stepHours: 2 }));
        expect(r.unit).toBe('hours');
        expectRelative(r.mtbf, 2 * 115 / 3);
        expectRelative(r.mttf, 80);
        expectRelative(r.failureFrequency, 3 / 230);
        expectRelative(r.availability, 102 / 115);
    });

    test('a start in a down state has MTTF 0', () => {
        const r = ok(analyzeMarkov({ ...webService, start: 'Failed' }));
        expect(r.mttf).toBe(0);
        expectRelative(r.availability, 102 / 115);
    });

    test('an absorbing failure: availability 0, no MTBF, MTTF by first passage', () => {
        // Up --0.1--> Down (absorbing): MTTF = 1/0.1 = 10 steps.
        const r = ok(analyzeMarkov({ name: 'Wear', kind: 'discrete', states: ['Up', 'Down'], up: ['Up'], start: 'Up', matrix: [[0.9, 0.1], [0, 1]] }));
        expect(r.availability).toBe(0);
        expect(r.mtbf).toBeNull();
        expectRelative(r.mttf, 10);
        expect(r.problems.map(p => p.kind)).toEqual(['absorbing']);
        // 0.9^t ≤ 1e-6 first at t = ceil(log(1e-6)/log(0.9)) = 132.
        expect(r.timeToConverge).toBe(132);
    });

    test('a reducible chain: the limit from start weighs each closed class by its absorption probability', () => {
        // S goes to class {A1, A2} w.p. 0.2, class {B} w.p. 0.3, stays 0.5 → absorption 0.4 and 0.6.
        const r = ok(analyzeMarkov({
            name: 'Split', kind: 'discrete', states: ['S', 'A1', 'A2', 'B'], up: ['S', 'A1', 'B'], start: 'S',
            matrix: [[0.5, 0.2, 0, 0.3], [0, 0.5, 0.5, 0], [0, 0.25, 0.75, 0], [0, 0, 0, 1]]
        }));
        // Class {A1, A2}: π = (1/3, 2/3).
        expectRelative(r.steadyState.A1, 0.4 / 3);
        expectRelative(r.steadyState.A2, 0.8 / 3);
        expectRelative(r.steadyState.B, 0.6);
        expect(r.steadyState.S).toBe(0);
        expectRelative(r.availability, 0.4 / 3 + 0.6);
        // From B the chain never fails: MTTF is infinite.
        expect(r.mttf).toBeNull();
        expect(r.warnings.some(w => w.includes('never reach a down state'))).toBe(true);
    });

    test('a periodic chain: long-run fractions, no convergence, a warning', () => {
        const r = ok(analyzeMarkov({ name: 'Flip', kind: 'discrete', states: ['On', 'Off'], up: ['On'], start: 'On', matrix: [[0, 1], [1, 0]] }));
        expectRelative(r.steadyState.On, 0.5);
        expectRelative(r.mtbf, 2);
        expect(r.mttf).toBe(1);
        expect(r.timeToConverge).toBeNull();
        expect(r.problems.map(p => p.kind)).toEqual(['periodic']);
        expect(r.transient.distribution.On.slice(0, 4)).toEqual([1, 0, 1, 0]);
    });
});

describe('continuous chains', () => {
    test('two-state repairable unit: A = μ/(λ+μ), ν = λμ/(λ+μ), MTTF = 1/λ, exact transient', () => {
        const lambda = 1e-3, mu = 0.25;
        const r = ok(analyzeMarkov({
            name: 'Unit', kind: 'continuous', states: ['Up', 'Down'], up: ['Up'], start: 'Up',
            transitions: [{ from: 'Up', to: 'Down', rate: lambda }, { from: 'Down', to: 'Up', rate: mu }]
        }));
        expect(r.unit).toBe('hours');
        expectRelative(r.availability, mu / (lambda + mu));
        expectRelative(r.failureFrequency, lambda * mu / (lambda + mu));
        expectRelative(r.mtbf, (lambda + mu) / (lambda * mu));
        expectRelative(r.meanUpTime, 1 / lambda);
        expectRelative(r.meanDownTime, 1 / mu);
        expectRelative(r.mttf, 1 / lambda);
        const s = lambda + mu;
        r.transient.times.forEach((t, k) => {
            expect(r.transient.availability[k]).toBeCloseTo(mu / s + (lambda / s) * Math.exp(-s * t), 12);
        });
        // P_up(t) − A = λ/s e^{−st}; TV = that distance.
        const exact = Math.log((lambda / s) / 1e-6) / s;
        expect(r.timeToConverge!).toBeGreaterThanOrEqual(exact);
        expect(r.timeToConverge! - exact).toBeLessThanOrEqual(1 / (16 * 1.25 * mu) + 1e-9);
    });

    test('duplex pair with repair: birth–death closed forms', () => {
        const a = 0.2 / 8760, b = 0.1 / 8760, c = 1 / 8, d = 1 / 12;
        const r = ok(analyzeMarkov({
            name: 'Pair', kind: 'continuous', states: ['Both', 'One', 'None'], up: ['Both', 'One'], start: 'Both',
            transitions: [
                { from: 'Both', to: 'One', rate: a }, { from: 'One', to: 'None', rate: b },
                { from: 'One', to: 'Both', rate: c }, { from: 'None', to: 'One', rate: d }
            ]
        }));
        const weights = [1, a / c, (a / c) * (b / d)];
        const total = weights.reduce((x, y) => x + y);
        expectRelative(r.steadyState.Both, weights[0] / total);
        expectRelative(r.steadyState.One, weights[1] / total);
        expectRelative(r.steadyState.None, weights[2] / total);
        expectRelative(r.failureFrequency, (weights[1] / total) * b);
        expectRelative(r.mttf, (a + b + c) / (a * b));
    });

    test('M/M/1/K queue as a birth–death chain: π_k ∝ ρ^k', () => {
        const K = 12, lambda = 3, mu = 4;
        const states = Array.from({ length: K + 1 }, (_, k) => `Q${k}`);
        const transitions = states.slice(0, K).flatMap((s, k) => [
            { from: s, to: states[k + 1], rate: lambda }, { from: states[k + 1], to: s, rate: mu }
        ]);
        const r = ok(analyzeMarkov({ name: 'Queue', kind: 'continuous', states, up: states.slice(0, K), start: 'Q0', transitions }));
        const rho = lambda / mu;
        const norm = (1 - rho ** (K + 1)) / (1 - rho);
        states.forEach((s, k) => expectRelative(r.steadyState[s], rho ** k / norm));
        // Blocking state Q_K is down: failures happen at rate λ·π_{K−1}.
        expectRelative(r.failureFrequency, lambda * rho ** (K - 1) / norm);
    });
});

describe('large chains use the sparse solver', () => {
    test('10,000-state birth–death chain: steady state and MTTF against closed forms', () => {
        const N = 10_000, birth = 0.5, death = 0.49;
        const states = Array.from({ length: N }, (_, k) => `S${k}`);
        const transitions = states.slice(0, N - 1).flatMap((s, k) => [
            { from: s, to: states[k + 1], rate: birth }, { from: states[k + 1], to: s, rate: death }
        ]);
        const r = ok(analyzeMarkov({ name: 'BirthDeath', kind: 'continuous', states, up: states.slice(0, N - 1), start: 'S0', transitions }, { transient: false }));
        expect(r.solver).toBe('sparse');
        // Detailed balance: π_k ∝ ρ^k with ρ = birth/death; computed in logs to stay finite.
        const logRho = Math.log(birth / death);
        const logNorm = (N - 1) * logRho + Math.log((1 - Math.exp(-N * logRho)) / (1 - Math.exp(-logRho)));
        for (const k of [0, 1, 5000, N - 2, N - 1]) expectRelative(r.steadyState[states[k]], Math.exp(k * logRho - logNorm), 1e-8);
        // Expected passage k → k+1: E_0 = 1/birth, E_k = (1 + death·E_{k−1})/birth.
        let passage = 1 / birth, mttf = passage;
        for (let k = 1; k < N - 1; k++) { passage = (1 + death * passage) / birth; mttf += passage; }
        expectRelative(r.mttf, mttf, 1e-8);
    });

    test('sparse continuous transient: a 250-stage pure-birth chain is Poisson', () => {
        // S_k → S_{k+1} at rate 1, the last stage absorbing: P(X_t = k) = e^−t t^k / k! for k < N − 1, and the
        // distance to the limit (all mass in the last stage) is P(Poisson(t) ≤ N − 2).
        const N = 250;
        const states = Array.from({ length: N }, (_, k) => `P${k}`);
        const transitions = states.slice(0, N - 1).map((s, k) => ({ from: s, to: states[k + 1], rate: 1 }));
        const r = ok(analyzeMarkov({ name: 'Stages', kind: 'continuous', states, up: states.slice(0, N - 1), start: 'P0', transitions }));
        expect(r.solver).toBe('sparse');
        const logPmf = (t: number, k: number) => -t + k * Math.log(t) - [...Array(k)].reduce((s, _, i) => s + Math.log(i + 1), 0);
        const notAbsorbed = (t: number) => [...Array(N - 1)].reduce((s, _, k) => s + Math.exp(logPmf(t, k)), 0);
        const t = r.timeToConverge!;
        const base = 4 / 1.25;
        expect(notAbsorbed(t)).toBeLessThanOrEqual(1e-6);
        expect(notAbsorbed(t - base)).toBeGreaterThan(1e-6);
        expectRelative(r.mttf, N - 1, 1e-9);
        // Only the states with the highest peaks are charted: the absorbing last stage and the first stages
        // (the peak of stage k, k^k e^−k / k!, decreases with k).
        expect(r.transient.omittedStates).toBe(N - 24);
        expect(Object.keys(r.transient.distribution)).toEqual([...states.slice(0, 23), states[N - 1]]);
        for (const k of [5, 20, r.transient.times.length - 1]) {
            const time = r.transient.times[k];
            for (const stage of [0, 5, 20]) {
                expect(r.transient.distribution[`P${stage}`][k]).toBeCloseTo(Math.exp(logPmf(time, stage)), 12);
            }
        }
    });

    test('sparse transient of a 250-state renewal chain matches its closed form', () => {
        // From k: back to 0 w.p. 1/2, on to k+1 w.p. 1/2 (the last state stays instead). From 0 at step t < N−1:
        // P(k) = 2^−(k+1) for k < t, P(t) = 2^−t; TV to the limit = 2^−(t+1), first ≤ 1e-6 at t = 19.
        const N = 250;
        const states = Array.from({ length: N }, (_, k) => `R${k}`);
        const matrix = states.map((_, k) => {
            const row = new Array<number>(N).fill(0);
            row[0] += 0.5;
            row[Math.min(k + 1, N - 1)] += 0.5;
            return row;
        });
        const r = ok(analyzeMarkov({ name: 'Renewal', kind: 'discrete', states, up: states.slice(0, 200), start: 'R0', matrix }));
        expect(r.solver).toBe('sparse');
        expect(r.timeToConverge).toBe(19);
        const t = r.transient.times;
        expect(t).toEqual(Array.from({ length: 20 }, (_, k) => k));
        for (const step of [3, 10]) {
            expect(r.transient.distribution.R2[step]).toBeCloseTo(1 / 8, 14);
            expect(r.transient.distribution[`R${step}`][step]).toBeCloseTo(2 ** -step, 14);
        }
        expectRelative(r.steadyState.R5, 2 ** -6);
    });
});

describe('malformed chains give problems, never a crash', () => {
    test('row sums, ranges, lengths', () => {
        const bad: MarkovModel = {
            name: 'Bad', kind: 'discrete', states: ['A', 'B', 'C'], up: ['A'], start: 'A',
            matrix: [[0.5, 0.4, 0.2], [1.2, -0.2, 0], [0.5, 0.5]]
        };
        const result = analyzeMarkov(bad);
        expect(result.ok).toBe(false);
        const problems = markovStructuralProblems(bad);
        expect(problems.find(p => p.kind === 'row-sum')).toMatchObject({ row: 0, state: 'A', severity: 'error' });
        expect(problems.find(p => p.kind === 'row-sum')!.rowSum).toBeCloseTo(1.1, 12);
        expect(problems.filter(p => p.kind === 'entry-range').map(p => [p.row, p.column])).toEqual([[1, 0], [1, 1]]);
        expect(problems.find(p => p.kind === 'row-length')).toMatchObject({ row: 2 });
    });

    test('a row within 1e-9 of 1 is accepted', () => {
        expect(markovStructuralProblems({ name: 'T', kind: 'discrete', states: ['A', 'B'], up: ['A'], start: 'A', matrix: [[0.5, 0.5 + 5e-10], [1, 0]] })).toEqual([]);
    });

    test('negative and non-finite rates, unknown states, missing rows', () => {
        const problems = markovStructuralProblems({
            name: 'C', kind: 'continuous', states: ['A', 'B'], up: ['A', 'Z'], start: 'A',
            transitions: [{ from: 'A', to: 'B', rate: -1 }, { from: 'B', to: 'X', rate: 1 }, { from: 'B', to: 'A', rate: NaN }]
        });
        expect(problems.map(p => p.kind).sort()).toEqual(['negative-rate', 'negative-rate', 'unknown-state', 'unknown-state']);
        const twice = markovStructuralProblems({
            name: 'T', kind: 'continuous', states: ['A', 'B'], up: ['A'], start: 'A',
            transitions: [{ from: 'A', to: 'B', rate: 1 }, { from: 'A', to: 'B', rate: 2 }, { from: 'B', to: 'A', rate: 3 }]
        });
        expect(twice).toMatchObject([{ severity: 'warning', kind: 'duplicate-transition', transition: 1 }]);
        expect(analyzeMarkov({ name: 'D', kind: 'discrete', states: ['A', 'B'], up: ['A'], start: 'A', matrix: [[1, 0]] }).ok).toBe(false);
        expect(analyzeMarkov({ name: 'E', kind: 'discrete', states: [], up: [], start: 'A', matrix: [] }).ok).toBe(false);
    });

    test('a reducible chain without absorbing states is reported as reducible', () => {
        const problems = markovStructuralProblems({
            name: 'R', kind: 'continuous', states: ['A', 'B', 'C', 'D'], up: ['A', 'C'], start: 'A',
            transitions: [{ from: 'A', to: 'B', rate: 1 }, { from: 'B', to: 'A', rate: 1 }, { from: 'C', to: 'D', rate: 1 }, { from: 'D', to: 'C', rate: 1 }]
        });
        expect(problems.map(p => p.kind)).toEqual(['reducible']);
    });
});
