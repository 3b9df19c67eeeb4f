import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { emptyModel, type MarkovModel } from '../../engine/model.js';
import { withSimulation } from './models.js';

function chainModel(chain: MarkovModel, horizonHours: number, missions = 100_000) {
    const model = emptyModel();
    model.markov.push(chain);
    return withSimulation(model, { target: { kind: 'markov', name: chain.name }, horizonHours, missions, seed: 13 });
}

describe('Monte Carlo of Markov chains', () => {
    it('continuous time, two states: R = e^{−λh} and the mean availability over the horizon', async () => {
        const lambda = 1 / 100, mu = 1 / 10, h = 100;
        const chain: MarkovModel = { name: 'Pair', kind: 'continuous', states: ['Up', 'Down'], up: ['Up'], start: 'Up',
            transitions: [{ from: 'Up', to: 'Down', rate: lambda }, { from: 'Down', to: 'Up', rate: mu }] };
        const r = await simulate(chainModel(chain, h), 'Run', { exact: Math.exp(-lambda * h) });
        expect(r.targetKind).toBe('markov');
        expect(r.metric).toBe('reliability');
        expect(r.exactInInterval).toBe(true);
        const s = lambda + mu;
        const meanAvailability = mu / s + (lambda / (s * s * h)) * (1 - Math.exp(-s * h));
        const [lo, hi] = r.repair!.availabilityInterval;
        expect(lo).toBeLessThanOrEqual(meanAvailability);
        expect(hi).toBeGreaterThanOrEqual(meanAvailability);
    });

    it('discrete time, two states: R = (1 − p)^N (N steps, the last one landing on the horizon) and the step-averaged availability', async () => {
        const p = 0.01, q = 0.2, steps = 50;
        const chain: MarkovModel = { name: 'Step', kind: 'discrete', states: ['Up', 'Down'], up: ['Up'], start: 'Up', stepHours: 1,
            matrix: [[1 - p, p], [q, 1 - q]] };
        const r = await simulate(chainModel(chain, steps), 'Run', { exact: (1 - p) ** steps });
        expect(r.exactInInterval).toBe(true);
        let sum = 0;
        for (let n = 0; n < steps; n++) sum += q / (p + q) + (p / (p + q)) * (1 - p - q) ** n;
        const [lo, hi] = r.repair!.availabilityInterval;
        expect(lo).toBeLessThanOrEqual(sum / steps);
        expect(hi).toBeGreaterThanOrEqual(sum / steps);
    });

    it('the WebService chain of language.md §6: first passage by matrix powers, long-run availability 102/115', async () => {
        const matrix = [[0.95, 0.04, 0.005, 0.005], [0.10, 0.80, 0.05, 0.05], [0.00, 0.00, 0.70, 0.30], [0.30, 0.20, 0.10, 0.40]];
        const chain: MarkovModel = { name: 'WebService', kind: 'discrete', states: ['Healthy', 'Degraded', 'Failed', 'Recovering'],
            up: ['Healthy', 'Degraded'], start: 'Healthy', matrix };
        // P(no down state at steps 0..N): propagate the distribution restricted to the up states.
        const steps = 30;
        let v = [1, 0];
        for (let n = 1; n <= steps; n++) v = [v[0] * matrix[0][0] + v[1] * matrix[1][0], v[0] * matrix[0][1] + v[1] * matrix[1][1]];
        const r = await simulate(chainModel(chain, steps), 'Run', { exact: v[0] + v[1] });
        expect(r.exactInInterval).toBe(true);
        expect(r.notes.join(' ')).toMatch(/one step is taken as one hour/);
        const long = await simulate(chainModel(chain, 20_000, 2000), 'Run');
        expect(Math.abs(long.repair!.availability - 102 / 115)).toBeLessThan(2e-3);
    });

    it('a transition given twice counts with the sum of its rates, and the run says so', async () => {
        const chain: MarkovModel = { name: 'Twice', kind: 'continuous', states: ['Up', 'Down'], up: ['Up'], start: 'Up',
            transitions: [{ from: 'Up', to: 'Down', rate: 0.004 }, { from: 'Up', to: 'Down', rate: 0.006 }] };
        const r = await simulate(chainModel(chain, 100), 'Run', { exact: Math.exp(-0.01 * 100) });
        expect(r.exactInInterval).toBe(true);
        expect(r.notes).toContain('markov Twice: Up -> Down is given more than once; the rates are added');
    });

    it('an absorbing down state ends the availability for good', async () => {
        const chain: MarkovModel = { name: 'Wear', kind: 'continuous', states: ['New', 'Dead'], up: ['New'], start: 'New',
            transitions: [{ from: 'New', to: 'Dead', rate: 0.01 }] };
        const h = 50;
        const r = await simulate(chainModel(chain, h), 'Run', { exact: Math.exp(-0.5) });
        expect(r.exactInInterval).toBe(true);
        // Mean availability over [0, h] = (1 − e^{−λh})/(λh).
        const exactMean = (1 - Math.exp(-0.5)) / 0.5;
        expect(r.repair!.availabilityInterval[0]).toBeLessThanOrEqual(exactMean);
        expect(r.repair!.availabilityInterval[1]).toBeGreaterThanOrEqual(exactMean);
        expect(r.repair!.meanOutages).toBeLessThanOrEqual(1);
    });
});
