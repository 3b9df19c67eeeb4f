import { describe, expect, it } from 'vitest';
import { simulate, SimulationError } from '../../engine/monte-carlo/simulate.js';
import { emptyModel, HOURS_PER_YEAR, type Distribution, type FaultExpr, type ReliabilityModel } from '../../engine/model.js';
import { survival, mean } from '../../engine/distributions.js';
import { exponential, lifetime, webCluster, webClusterReliability, WEB_CLUSTER_MTTF_HOURS, withSimulation } from './models.js';

const webRun = (missions: number, seed = 42, sensitivity?: { components: string[]; factors: number[] }) =>
    withSimulation(webCluster(), { target: { kind: 'system', name: 'WebCluster' }, missions, seed, ...(sensitivity ? { sensitivity } : {}) });

function probabilityModel(qs: Record<string, number>, failure: FaultExpr, kind: 'system' | 'top' = 'top'): ReliabilityModel {
    const model = emptyModel();
    for (const [name, q] of Object.entries(qs)) model.components.push({ name, failure: { kind: 'probability', q } });
    model.structures.push({ name: 'T', kind, failure });
    return withSimulation(model, { target: { kind, name: 'T' } });
}
const ev = (name: string): FaultExpr => ({ kind: 'event', name });

describe('simulate: failure-time sampling', () => {
    it('web cluster: the exact reliability and MTTF lie in the intervals for several seeds', async () => {
        const exact = webClusterReliability(1);
        for (const seed of [1, 2, 3]) {
            const r = await simulate(webRun(200_000, seed), 'Run', { exact });
            expect(r.estimator).toBe('plain');
            expect(r.metric).toBe('reliability');
            expect(r.exactInInterval, `seed ${seed}: ${r.interval}`).toBe(true);
            expect(r.interval[0]).toBeLessThanOrEqual(exact);
            expect(r.interval[1]).toBeGreaterThanOrEqual(exact);
            expect(r.mttfInterval![0]).toBeLessThanOrEqual(WEB_CLUSTER_MTTF_HOURS);
            expect(r.mttfInterval![1]).toBeGreaterThanOrEqual(WEB_CLUSTER_MTTF_HOURS);
            // The histogram holds exactly the failures before the horizon.
            const failures = r.failureTimes!.counts.reduce((a, b) => a + b, 0);
            expect(failures).toBe(Math.round((1 - r.estimate) * r.missions));
            expect(failures + r.failureTimes!.censored).toBe(r.missions);
            expect(r.failureTimes!.binEdgesHours[0]).toBe(0);
            expect(r.failureTimes!.binEdgesHours.at(-1)).toBe(HOURS_PER_YEAR);
        }
    });

    it('the histogram follows the exact failure-time density', async () => {
        const r = await simulate(webRun(400_000, 9), 'Run', { bins: 4 });
        const edges = r.failureTimes!.binEdgesHours;
        r.failureTimes!.counts.forEach((count, i) => {
            const p = webClusterReliability(edges[i] / HOURS_PER_YEAR) - webClusterReliability(edges[i + 1] / HOURS_PER_YEAR);
            const expected = p * r.missions;
            expect(Math.abs(count - expected)).toBeLessThan(4.5 * Math.sqrt(expected));
        });
    });

    it('interval width shrinks as 1/√n', async () => {
        const small = await simulate(webRun(100_000, 5), 'Run');
        const large = await simulate(webRun(400_000, 5), 'Run');
        const ratio = (large.interval[1] - large.interval[0]) / (small.interval[1] - small.interval[0]);
        expect(ratio).toBeGreaterThan(0.45);
        expect(ratio).toBeLessThan(0.55);
    });

    it('every lifetime distribution: R(horizon) and MTTF of a single component', async () => {
        const cases: Distribution[] = [
            { kind: 'weibull', shape: 1.5, scale: 2 * HOURS_PER_YEAR },
            { kind: 'lognormal', median: HOURS_PER_YEAR, sigma: 0.8 },
            { kind: 'normal', mean: HOURS_PER_YEAR, sd: 0.6 * HOURS_PER_YEAR },
            { kind: 'gamma', shape: 2.5, scale: 0.5 * HOURS_PER_YEAR },
            { kind: 'gamma', shape: 0.6, scale: 2 * HOURS_PER_YEAR }
        ];
        for (const [i, d] of cases.entries()) {
            const model = emptyModel();
            model.components.push(lifetime('Part', d));
            model.structures.push({ name: 'S', kind: 'system', failure: ev('Part') });
            withSimulation(model, { target: { kind: 'system', name: 'S' }, missions: 100_000, seed: 11 + i });
            const r = await simulate(model, 'Run', { exact: survival(d, HOURS_PER_YEAR) });
            expect(r.exactInInterval, `${d.kind}: ${r.estimate} vs ${survival(d, HOURS_PER_YEAR)}`).toBe(true);
            expect(r.mttfInterval![0], d.kind).toBeLessThanOrEqual(mean(d));
            expect(r.mttfInterval![1], d.kind).toBeGreaterThanOrEqual(mean(d));
        }
    });

    it('a shared component is one random variable (not the naive product)', async () => {
        // and(or(A, B), or(A, C)) fails when A fails or both B and C fail: 0.3 + 0.7·0.2·0.2 = 0.328 (naive: 0.44² = 0.1936).
        const model = probabilityModel({ A: 0.3, B: 0.2, C: 0.2 },
            { kind: 'and', operands: [{ kind: 'or', operands: [ev('A'), ev('B')] }, { kind: 'or', operands: [ev('A'), ev('C')] }] });
        const r = await simulate(model, 'Run', { exact: 0.328 });
        expect(r.metric).toBe('probability');
        expect(r.exactInInterval).toBe(true);
        expect(r.failureTimes).toBeUndefined();
        expect(r.mttfHours).toBeUndefined();
    });

    it('the fault tree of language.md §5 gives P(top) = 0.19536463', async () => {
        const model = emptyModel();
        const q: Record<string, number> = { ServerHW: 0.05, NetworkDown: 0.02, DNSFailure: 0.01, AppBug: 0.1, DBUnavailable: 0.03, CDNDown: 0.005 };
        for (const [name, value] of Object.entries(q)) model.components.push({ name, failure: { kind: 'probability', q: value } });
        const ref = (name: string): FaultExpr => ({ kind: 'ref', name });
        model.structures.push(
            { name: 'Infrastructure', kind: 'gate', failure: { kind: 'or', operands: [ev('ServerHW'), ev('NetworkDown'), ev('DNSFailure')] } },
            { name: 'Application', kind: 'gate', failure: { kind: 'or', operands: [ev('AppBug'), ev('DBUnavailable')] } },
            { name: 'ContentDelivery', kind: 'gate', failure: { kind: 'and', operands: [ev('CDNDown'), ev('ServerHW')] } },
            { name: 'WebsiteUnavailable', kind: 'top', failure: { kind: 'or', operands: [ref('Infrastructure'), ref('Application'), ref('ContentDelivery')] } });
        withSimulation(model, { target: { kind: 'top', name: 'WebsiteUnavailable' }, missions: 200_000 });
        const r = await simulate(model, 'Run', { exact: 0.19536463 });
        expect(r.exactInInterval).toBe(true);
    });

    it('NOT/XOR structures are evaluated as a state at the horizon', async () => {
        const model = emptyModel();
        model.components.push(lifetime('A', exponential(0.5)), lifetime('B', exponential(1)));
        model.structures.push({ name: 'T', kind: 'top', failure: { kind: 'xor', operands: [ev('A'), ev('B')] } });
        withSimulation(model, { target: { kind: 'top', name: 'T' } });
        const pA = 1 - Math.exp(-0.5), pB = 1 - Math.exp(-1);
        const r = await simulate(model, 'Run', { exact: pA * (1 - pB) + pB * (1 - pA) });
        expect(r.exactInInterval).toBe(true);
        expect(r.mttfHours).toBeUndefined();
        expect(r.notes.join(' ')).toMatch(/state at the horizon/);
    });

    it('beta-factor common cause: (1 − β)Q independent plus βQ shared', async () => {
        const model = probabilityModel({ A: 0.1, B: 0.1 }, { kind: 'and', operands: [ev('A'), ev('B')] });
        model.commonCauses.push({ name: 'Rack', beta: 0.1, members: ['A', 'B'] });
        // P = βQ + (1 − βQ)·((1 − β)Q)² = 0.01 + 0.99·0.0081
        const r = await simulate(model, 'Run', { exact: 0.01 + 0.99 * 0.0081 });
        expect(r.exactInInterval).toBe(true);
    });

    it('K of N copies of a structure copy all its basic events', async () => {
        // 2 of 3 copies of series(A, B) fail, A and B exponential: each copy fails with p = 1 − e^{-(a+b)}.
        const model = emptyModel();
        model.components.push(lifetime('A', exponential(0.1)), lifetime('B', exponential(0.2)));
        model.structures.push({ name: 'Pair', kind: 'system', failure: { kind: 'or', operands: [ev('A'), ev('B')] } },
            { name: 'S', kind: 'system', failure: { kind: 'copies', k: 2, n: 3, of: { kind: 'ref', name: 'Pair' } } });
        withSimulation(model, { target: { kind: 'system', name: 'S' } });
        const p = 1 - Math.exp(-0.3);
        const r = await simulate(model, 'Run', { exact: 1 - (3 * p * p * (1 - p) + p ** 3) });
        expect(r.exactInInterval).toBe(true);
    });

    it('a run that sees fewer than ten of its rarer outcome says its estimate is rough', async () => {
        const rare = probabilityModel({ A: 1e-4, B: 0.5 }, { kind: 'and', operands: [ev('A'), ev('B')] });
        rare.simulations[0] = { ...rare.simulations[0], missions: 1000, seed: 5 };
        const seen = await simulate(rare, 'Run', { estimator: 'plain' });
        const failed = Math.round(seen.estimate * seen.missions);
        expect(seen.notes).toContain(`only ${failed} of 1000 missions failed: the estimate is rough; more missions narrow the interval`);
        const common = probabilityModel({ A: 0.3 }, ev('A'));
        common.simulations[0] = { ...common.simulations[0], missions: 1000, seed: 5 };
        expect((await simulate(common, 'Run', { estimator: 'plain' })).notes.join(' ')).not.toMatch(/rough/);
        // A system that almost always fails: the rarer outcome is survival.
        const fragile = probabilityModel({ A: 0.9999 }, ev('A'), 'system');
        fragile.simulations[0] = { ...fragile.simulations[0], missions: 1000, seed: 5 };
        expect((await simulate(fragile, 'Run', { estimator: 'plain' })).notes.join(' ')).toMatch(/of 1000 missions survived: the estimate is rough/);
    });

    it('rare events: conditional sampling keeps relative precision where plain sampling sees nothing', async () => {
        // or(A, and(B, C)) with P(A) ≈ 1e-7, P(B) = P(C) ≈ 1e-3 by one year.
        const model = emptyModel();
        const rate = (p: number) => -Math.log1p(-p);
        model.components.push(lifetime('A', exponential(rate(1e-7))), lifetime('B', exponential(rate(1e-3))), lifetime('C', exponential(rate(1e-3))));
        model.structures.push({ name: 'T', kind: 'top', failure: { kind: 'or', operands: [ev('A'), { kind: 'and', operands: [ev('B'), ev('C')] }] } });
        withSimulation(model, { target: { kind: 'top', name: 'T' }, missions: 200_000, seed: 3 });
        const exact = 1 - (1 - 1e-7) * (1 - 1e-6);
        const r = await simulate(model, 'Run', { exact });
        expect(r.estimator).toBe('conditional');
        expect(r.notes.join(' ')).toMatch(/conditional sampling/);
        expect(r.exactInInterval).toBe(true);
        // MTTF from the two strata: R(t) = e^{−at}(2e^{−bt} − e^{−2bt}) → 2/(a + b) − 1/(a + 2b).
        const a = rate(1e-7) / HOURS_PER_YEAR, b = rate(1e-3) / HOURS_PER_YEAR;
        const mttf = 2 / (a + b) - 1 / (a + 2 * b);
        expect(r.mttfInterval![0]).toBeLessThanOrEqual(mttf);
        expect(r.mttfInterval![1]).toBeGreaterThanOrEqual(mttf);
        expect((r.mttfInterval![1] - r.mttfInterval![0]) / mttf).toBeLessThan(0.05);
        // 99.9 % interval: about ±30 % with 2·10^5 missions, where plain sampling's interval is dozens of times the value.
        expect((r.interval[1] - r.interval[0]) / exact).toBeLessThan(0.7);
        const plain = await simulate(model, 'Run', { exact, estimator: 'plain' });
        expect(plain.estimator).toBe('plain');
        expect((plain.interval[1] - plain.interval[0]) / exact).toBeGreaterThan(10);
    });

    it('sensitivity uses common random numbers: factor 1 reproduces the base run exactly', async () => {
        const r = await simulate(webRun(100_000, 8, { components: ['Database', 'WebServer'], factors: [0.5, 1, 2] }), 'Run');
        const s = r.sensitivity!;
        expect(s.map(x => `${x.component}×${x.factor}`)).toEqual(
            ['Database×0.5', 'Database×1', 'Database×2', 'WebServer×0.5', 'WebServer×1', 'WebServer×2']);
        expect(s[1].estimate).toBe(r.estimate);
        expect(s[4].estimate).toBe(r.estimate);
        // Monotone in the factor for every seed (common random numbers), and close to the closed form.
        expect(s[0].estimate).toBeGreaterThan(s[1].estimate);
        expect(s[1].estimate).toBeGreaterThan(s[2].estimate);
        const exactDb = (f: number) => Math.exp(-(0.02 + 0.05 * f)) * (3 * Math.exp(-0.2) - 2 * Math.exp(-0.3));
        for (const [i, f] of [0.5, 1, 2].entries()) {
            const sd = Math.sqrt(exactDb(f) * (1 - exactDb(f)) / r.missions);
            expect(Math.abs(s[i].estimate - exactDb(f))).toBeLessThan(4 * sd);
        }
    });
});

describe('simulate: runs', () => {
    it('the same seed gives the same numbers; an unseeded run reports its seed and can be repeated', async () => {
        const a = await simulate(webRun(70_000, 17), 'Run');
        const b = await simulate(webRun(70_000, 17), 'Run');
        expect(b.estimate).toBe(a.estimate);
        expect(b.mttfHours).toBe(a.mttfHours);
        expect(b.failureTimes).toEqual(a.failureTimes);
        const model = webRun(70_000);
        delete model.simulations[0].seed;
        const unseeded = await simulate(model, 'Run');
        expect(Number.isInteger(unseeded.seed)).toBe(true);
        const repeated = await simulate(model, 'Run', { seed: unseeded.seed });
        expect(repeated.estimate).toBe(unseeded.estimate);
        expect(repeated.mttfHours).toBe(unseeded.mttfHours);
    });

    it('options override missions and seed; progress reaches 1', async () => {
        const progress: number[] = [];
        const r = await simulate(webRun(1000), 'Run', { missions: 150_000, seed: 4, onProgress: f => progress.push(f) });
        expect(r.missions).toBe(150_000);
        expect(r.seed).toBe(4);
        expect(progress.at(-1)).toBe(1);
        expect([...progress].sort((x, y) => x - y)).toEqual(progress);
        expect(r.missionsPerSecond).toBeGreaterThan(0);
    });

    it('is cancellable', async () => {
        const controller = new AbortController();
        controller.abort();
        await expect(simulate(webRun(100_000), 'Run', { signal: controller.signal })).rejects.toThrow();
        const during = new AbortController();
        const run = simulate(webRun(5_000_000), 'Run', { signal: during.signal, onProgress: f => { if (f > 0.05) during.abort(); } });
        await expect(run).rejects.toThrow();
    });

    it('bad requests are errors, not crashes', async () => {
        await expect(simulate(webRun(10), 'Nope')).rejects.toBeInstanceOf(SimulationError);
        const markov = webRun(10);
        markov.simulations[0].target = { kind: 'markov', name: 'M' };
        await expect(simulate(markov, 'Run')).rejects.toBeInstanceOf(SimulationError);
        // A chain the exact analysis rejects is rejected with the same reason.
        const leaking = withSimulation(emptyModel(), { target: { kind: 'markov', name: 'M' } });
        leaking.markov.push({ name: 'M', states: ['Up', 'Down'], up: ['Up'], start: 'Up', kind: 'discrete', matrix: [[0.9, 0.05], [0.5, 0.5]] });
        await expect(simulate(leaking, 'Run')).rejects.toThrow('markov M: row Up sums to 0.95, not 1');
        const cascade = webRun(10);
        cascade.simulations[0].target = { kind: 'cascade', name: 'Database' };
        await expect(simulate(cascade, 'Run')).rejects.toBeInstanceOf(SimulationError);
        const unknown = webRun(10);
        unknown.simulations[0].target = { kind: 'system', name: 'Missing' };
        await expect(simulate(unknown, 'Run')).rejects.toThrow(/unknown system/);
        const cyclic = emptyModel();
        cyclic.structures.push({ name: 'S', kind: 'system', failure: { kind: 'ref', name: 'S' } });
        withSimulation(cyclic, { target: { kind: 'system', name: 'S' } });
        await expect(simulate(cyclic, 'Run')).rejects.toThrow(/cycle/);
    });
});

