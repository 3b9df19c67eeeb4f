// `rel simulate` as a process: the estimate brackets the exact value, the seed makes it repeatable.
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, rel, tempModel } from './cli-helpers.js';

beforeAll(ensureBuilt);

const CLUSTER = `mission 1 year
component LoadBalancer { failure rate 0.02 per year }
component Database     { failure rate 0.05 per year }
component WebServer    { failure rate 0.1 per year }
system WebCluster = series(LoadBalancer, Database, 2 of 3 WebServer)
simulate WebClusterYear { system WebCluster  missions 200000  seed 42  confidence 99.9% }
`;

function simulateJson(args: string[]): any {
    const run = rel(['simulate', ...args, '--json']);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
}

describe('rel simulate', () => {
    test('the web cluster: the exact reliability lies in the interval, and the same seed gives the same numbers', () => {
        const path = tempModel(CLUSTER);
        const first = simulateJson([path]);
        const exact = Math.exp(-0.07) * (3 * Math.exp(-0.2) - 2 * Math.exp(-0.3));
        expect(first.exact).toBeCloseTo(exact, 12);
        expect(first.interval[0]).toBeLessThanOrEqual(exact);
        expect(first.interval[1]).toBeGreaterThanOrEqual(exact);
        expect(first.exactInInterval).toBe(true);
        expect(first.failureTimes.counts.reduce((a: number, b: number) => a + b, 0)).toBeLessThanOrEqual(200000);
        const again = simulateJson([path, 'WebClusterYear']);
        expect(again.estimate).toBe(first.estimate);
        expect(again.failureTimes.counts).toEqual(first.failureTimes.counts);
        const otherSeed = simulateJson([path, '--seed', '7', '--missions', '1000']);
        expect(otherSeed.seed).toBe(7);
        expect(otherSeed.missions).toBe(1000);
    });

    test('an unseeded run reports the seed it drew, and repeating it with that seed repeats the numbers', () => {
        const path = tempModel(CLUSTER.replace('seed 42', ''));
        const drawn = simulateJson([path, '--missions', '5000']);
        expect(Number.isInteger(drawn.seed)).toBe(true);
        const repeated = simulateJson([path, '--missions', '5000', '--seed', String(drawn.seed)]);
        expect(repeated.estimate).toBe(drawn.estimate);
    });

    test('a cascade: P(every dependent fails) brackets the exact enumeration', () => {
        const result = simulateJson(['examples/web-app-dependencies.rel', 'DatabaseOutage']);
        expect(result.targetKind).toBe('cascade');
        expect(result.exactInInterval).toBe(true);
        expect(result.cascade.expectedSizeInterval[0]).toBeLessThanOrEqual(result.cascade.exactExpectedSize);
        expect(result.cascade.expectedSizeInterval[1]).toBeGreaterThanOrEqual(result.cascade.exactExpectedSize);
    });

    test('a Markov chain: P(no down state in the first day) brackets Q^24 of the up states', () => {
        const result = simulateJson(['examples/web-service-markov.rel', 'FirstDay']);
        // Up-to-up block of the hourly matrix, applied 24 times from Healthy.
        let [healthy, degraded] = [1, 0];
        for (let step = 0; step < 24; step++) [healthy, degraded] = [healthy * 0.95 + degraded * 0.10, healthy * 0.04 + degraded * 0.80];
        expect(result.exact).toBeCloseTo(healthy + degraded, 12);
        expect(result.exactInInterval).toBe(true);
    });

    test('a system without a simulate block runs with the default settings', () => {
        const result = simulateJson(['examples/datacenter.rel', 'Datacenter', '--seed', '3']);
        expect(result.missions).toBe(10000);
        expect(result.horizonHours).toBe(8760);
        expect(result.exact).toBeCloseTo(0.998498262717334, 14);
        // Within four standard errors of the exact value (a 95% interval misses one seed in twenty).
        const standardError = Math.sqrt(result.exact * (1 - result.exact) / result.missions);
        expect(Math.abs(result.estimate - result.exact)).toBeLessThan(4 * standardError);
    });

    test('an unknown simulation name is a usage error', () => {
        const run = rel(['simulate', 'examples/web-cluster.rel', 'NoSuchRun']);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('WebClusterYear');
    });

    test('a top runs with the default settings; a gate runs as a top event when named', () => {
        const path = tempModel(`mission 1 year
event Pump probability 0.1
event Valve probability 0.2
gate Cooling = or(Pump, Valve)
top Loss = and(Cooling, Pump)
`);
        const result = simulateJson([path, 'Loss', '--seed', '5']);
        expect(result.exact).toBeCloseTo(0.1, 14);
        const gate = simulateJson([path, 'Cooling', '--seed', '5']);
        expect(gate.target).toBe('Cooling');
        expect(gate.exact).toBeCloseTo(1 - 0.9 * 0.8, 14);
        expect(gate.exactInInterval).toBe(true);
        const run = rel(['simulate', path, 'Heating']);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("named 'Heating' (there is: Loss and 1 gate)");
    });
});
