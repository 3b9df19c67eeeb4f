import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { emptyModel, type Distribution, type FaultExpr } from '../../engine/model.js';
import { mean } from '../../engine/distributions.js';
import { exponential, lifetime, withSimulation } from './models.js';

// λ = 1/100 h, μ = 1/10 h: A = MTTF/(MTTF + MTTR) = 100/110. Horizon 20 000 h ≈ 180 cycles.
const lambda = 1 / 100, mu = 1 / 10, horizon = 20_000;
const life: Distribution = { kind: 'exponential', rate: lambda };
const repair: Distribution = { kind: 'exponential', rate: mu };

function repairable(failure: FaultExpr, names: string[], l: Distribution = life, r: Distribution = repair) {
    const model = emptyModel();
    for (const name of names) model.components.push(lifetime(name, l, r));
    model.structures.push({ name: 'S', kind: 'system', failure });
    return withSimulation(model, { target: { kind: 'system', name: 'S' }, missions: 4000, horizonHours: horizon, seed: 21 });
}

describe('discrete-event simulation with repairs', () => {
    it('a single component: mean availability over the horizon matches the closed form', async () => {
        const r = await simulate(repairable({ kind: 'event', name: 'A' }, ['A']), 'Run');
        expect(r.estimator).toBe('discrete-event');
        const s = lambda + mu;
        // Starting up: A(t) = μ/s + (λ/s)e^{−st}; its mean over [0, h].
        const exactMean = mu / s + (lambda / (s * s * horizon)) * (1 - Math.exp(-s * horizon));
        const steady = 100 / 110;
        const [lo, hi] = r.repair!.availabilityInterval;
        expect(lo).toBeLessThanOrEqual(exactMean);
        expect(hi).toBeGreaterThanOrEqual(exactMean);
        expect(Math.abs(r.repair!.availability - steady)).toBeLessThan(2e-3);
        // Expected failures in [0, h] for an alternating exponential renewal process starting up.
        const expectedOutages = (lambda * mu / s) * horizon + (lambda * lambda / (s * s)) * (1 - Math.exp(-s * horizon));
        expect(r.repair!.meanOutages / expectedOutages).toBeGreaterThan(0.98);
        expect(r.repair!.meanOutages / expectedOutages).toBeLessThan(1.02);
        // Reliability (no outage by the horizon) is e^{−λh} ≈ 0 here; downtime histogram covers every mission.
        const counted = r.repair!.downtimeHours.counts.reduce((a, b) => a + b, 0) + r.repair!.missionsWithoutDowntime;
        expect(counted).toBe(r.missions);
    });

    it('a parallel pair with independent repair: unavailability U(t)² averaged over the horizon', async () => {
        const r = await simulate(repairable({ kind: 'and', operands: [{ kind: 'event', name: 'A' }, { kind: 'event', name: 'B' }] }, ['A', 'B']), 'Run');
        const s = lambda + mu, a = lambda / s, x = s * horizon;
        // U(t) = a(1 − e^{−st}); mean of U² over [0, h].
        const meanU2 = a * a * (1 - 2 * (1 - Math.exp(-x)) / x + (1 - Math.exp(-2 * x)) / (2 * x));
        const [lo, hi] = r.repair!.availabilityInterval;
        expect(lo).toBeLessThanOrEqual(1 - meanU2);
        expect(hi).toBeGreaterThanOrEqual(1 - meanU2);
        const steady = 1 - (10 / 110) ** 2;
        expect(Math.abs(r.repair!.availability - steady)).toBeLessThan(1e-3);
    });

    it('Weibull lifetimes and lognormal repairs: long-run availability MTTF/(MTTF + MTTR)', async () => {
        const weibull: Distribution = { kind: 'weibull', shape: 2, scale: 100 };
        const lognormal: Distribution = { kind: 'lognormal', median: 8, sigma: 0.5 };
        const r = await simulate(repairable({ kind: 'event', name: 'A' }, ['A'], weibull, lognormal), 'Run');
        const steady = mean(weibull) / (mean(weibull) + mean(lognormal));
        // Renewal theory: the mean over [0, h] approaches A with a bias of order (cycle length)/h ≈ 0.5 %.
        expect(Math.abs(r.repair!.availability - steady)).toBeLessThan(0.01);
    });

    it('sensitivity with repairs uses common random numbers: each slot has its own stream', async () => {
        const model = emptyModel();
        model.components.push(lifetime('LB', exponential(0.02), { kind: 'exponential', rate: 1 / 2 }),
            lifetime('DB', exponential(0.05), { kind: 'exponential', rate: 1 / 4 }), lifetime('Server', exponential(0.1), { kind: 'exponential', rate: 1 / 8 }));
        model.structures.push({ name: 'S', kind: 'system', failure: { kind: 'or', operands: [{ kind: 'event', name: 'LB' }, { kind: 'event', name: 'DB' },
            { kind: 'copies', k: 2, n: 3, of: { kind: 'event', name: 'Server' } }] } });
        withSimulation(model, { target: { kind: 'system', name: 'S' }, missions: 50_000, sensitivity: { components: ['DB', 'Server'], factors: [0.5, 1, 2] } });
        const r = await simulate(model, 'Run');
        const s = r.sensitivity!;
        expect(s[1].estimate).toBe(r.estimate);
        expect(s[4].estimate).toBe(r.estimate);
        // Servers are redundant and quickly repaired: the curve is nearly flat, and with common random numbers its steps
        // are far below the noise of one estimate (about 1.1e-3 here) instead of being that noise.
        const sd = Math.sqrt(r.estimate * (1 - r.estimate) / r.missions);
        expect(Math.abs(s[3].estimate - s[4].estimate)).toBeLessThan(sd / 4);
        expect(Math.abs(s[5].estimate - s[4].estimate)).toBeLessThan(sd / 4);
        // DB is in series: without repair effect on the first outage, R ∝ e^{−0.05·f}: the steps follow the closed form.
        const ratio = s[0].estimate / s[2].estimate;
        expect(Math.abs(ratio - Math.exp(0.075)) / Math.exp(0.075)).toBeLessThan(0.01);
    });

    it('without repairs in the target the run is plain failure-time sampling', async () => {
        const model = repairable({ kind: 'event', name: 'A' }, ['A']);
        model.components.push(lifetime('B', life));
        model.structures.push({ name: 'OnlyB', kind: 'system', failure: { kind: 'event', name: 'B' } });
        model.simulations[0].target = { kind: 'system', name: 'OnlyB' };
        const r = await simulate(model, 'Run');
        expect(r.estimator).toBe('plain');
        expect(r.repair).toBeUndefined();
    });
});
