// Mission reliability of a chain: P(no down state by t), against closed forms and first-passage means.
import { describe, expect, test } from 'vitest';
import { markovReliability } from '../../engine/markov.js';
import { integrateToInfinity } from '../../engine/integrate.js';
import type { MarkovModel } from '../../engine/model.js';

const webService: MarkovModel = {
    name: 'WebService', kind: 'discrete', states: ['Healthy', 'Degraded', 'Failed', 'Recovering'],
    up: ['Healthy', 'Degraded'], start: 'Healthy',
    matrix: [[0.95, 0.04, 0.005, 0.005], [0.10, 0.80, 0.05, 0.05], [0.00, 0.00, 0.70, 0.30], [0.30, 0.20, 0.10, 0.40]]
};

describe('markovReliability', () => {
    test('a two-state chain: R(t) = e^(−λt), whatever the repair rate', () => {
        const chain: MarkovModel = {
            name: 'Single', kind: 'continuous', states: ['Up', 'Down'], up: ['Up'], start: 'Up',
            transitions: [{ from: 'Up', to: 'Down', rate: 1e-3 }, { from: 'Down', to: 'Up', rate: 0.5 }]
        };
        for (const t of [0, 10, 1000, 8760]) expect(markovReliability(chain, t)).toBeCloseTo(Math.exp(-1e-3 * t), 12);
    });

    test('a duplex pair with repair: ∫R(t)dt is the first-passage mean (a + b + c)/(ab)', () => {
        const [a, b, c] = [0.2 / 8760, 0.1 / 8760, 1 / 8];
        const pair: MarkovModel = {
            name: 'Pair', kind: 'continuous', states: ['Both', 'One', 'None'], up: ['Both', 'One'], start: 'Both',
            transitions: [{ from: 'Both', to: 'One', rate: a }, { from: 'One', to: 'None', rate: b }, { from: 'One', to: 'Both', rate: c }]
        };
        const mttf = integrateToInfinity(t => markovReliability(pair, t)!, 1 / a, 1e-8);
        expect(Math.abs(mttf / ((a + b + c) / (a * b)) - 1)).toBeLessThan(1e-6);
    });

    test('a discrete chain: Σ_n P(T > n) is the MTTF of 40 steps, and short horizons match path enumeration', () => {
        let sum = 0;
        for (let n = 0; n < 3000; n++) sum += markovReliability(webService, n)!;
        expect(sum).toBeCloseTo(40, 9);
        // Two steps that stay in up states: enumerate the paths Healthy → x → y.
        const P = webService.matrix as number[][];
        let twoSteps = 0;
        for (const x of [0, 1]) for (const y of [0, 1]) twoSteps += P[0][x] * P[x][y];
        expect(markovReliability(webService, 2)).toBeCloseTo(twoSteps, 14);
    });

    test('a chain that starts down has reliability 0; a malformed one has none', () => {
        expect(markovReliability({ ...webService, start: 'Failed' }, 5)).toBe(0);
        expect(markovReliability({ ...webService, matrix: [[1]] }, 5)).toBeUndefined();
    });
});
