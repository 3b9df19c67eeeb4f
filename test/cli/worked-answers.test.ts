// The worked answers of language.md §12, from `rel analyze --json`, against closed forms computed here.
import { beforeAll, describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeJson, ensureBuilt, expectClose, rel, ROOT, tempModel } from './cli-helpers.js';

beforeAll(ensureBuilt);

function binomialAtLeast(k: number, n: number, p: number): number {
    let total = 0;
    let choose = 1;
    for (let i = 0; i <= n; i++) {
        if (i >= k) total += choose * p ** i * (1 - p) ** (n - i);
        choose = (choose * (n - i)) / (i + 1);
    }
    return total;
}

describe('worked answers (language.md §12)', () => {
    test('datacenter: power 2 × 0.999 parallel, switches 0.9995 and 0.999, 3 of 5 servers at 0.995', () => {
        const report = analyzeJson('examples/datacenter.rel');
        const expected = (1 - 0.001 ** 2) * 0.9995 * 0.999 * binomialAtLeast(3, 5, 0.995);
        expectClose(expected, 0.998498262717334, 1e-14);
        expectClose(report.systems.Datacenter.reliability, expected);
    });

    test('2 of (A, B, C) with reliabilities 0.9, 0.99, 0.999 in any order', () => {
        const orders = [[0.9, 0.99, 0.999], [0.999, 0.9, 0.99], [0.99, 0.999, 0.9]];
        for (const [a, b, c] of orders) {
            const path = tempModel(`component A { reliability ${a} }\ncomponent B { reliability ${b} }\ncomponent C { reliability ${c} }\nsystem S = 2 of (A, B, C)\n`);
            const report = analyzeJson(path);
            const exact = a * b + a * c + b * c - 2 * a * b * c;
            expectClose(report.systems.S.reliability, exact);
            expectClose(report.systems.S.reliability, 0.998892);
        }
    });

    test('website fault tree: P(top), Birnbaum(AppBug), Birnbaum(CDNDown)', () => {
        const report = analyzeJson('examples/website-fault-tree.rel');
        const top = report.tops.WebsiteUnavailable;
        // ServerHW alone fails the top, so and(CDNDown, ServerHW) is absorbed: the top is the OR of five events.
        const survive = 0.95 * 0.98 * 0.99 * 0.9 * 0.97;
        expectClose(top.probability, 1 - survive);
        expectClose(top.probability, 0.19536463);
        expectClose(top.importance.AppBug.birnbaum, survive / 0.9);
        expectClose(top.importance.AppBug.birnbaum, 0.8940393);
        expect(top.importance.CDNDown.birnbaum).toBe(0);
        expect(top.cutSets).toContainEqual(['AppBug']);
        expect(top.cutSets).not.toContainEqual(['CDNDown', 'ServerHW']);
        expect(top.cutSetCount).toBe(5);
    });

    test('web cluster: 2 of 3 servers at 0.1/y, database 0.05/y, load balancer 0.02/y — reliability and MTTF', () => {
        const report = analyzeJson('examples/web-cluster.rel');
        const cluster = report.systems.WebCluster;
        const reliability = Math.exp(-0.07) * (3 * Math.exp(-0.2) - 2 * Math.exp(-0.3));
        expectClose(cluster.reliability, reliability);
        expectClose(cluster.reliability, 0.908669821735850);
        const mttfYears = 3 / 0.27 - 2 / 0.37;
        expectClose(cluster.mttfHours / 8760, mttfYears);
        expectClose(cluster.mttfHours / 8760, 5.70570570570571);
    });

    test('WebService (discrete time): steady state, availability, MTBF, mean up and down, MTTF', () => {
        const chain = `markov WebService {
  states Healthy, Degraded, Failed, Recovering
  up Healthy, Degraded
  start Healthy
  matrix {
    Healthy:    0.95, 0.04, 0.005, 0.005
    Degraded:   0.10, 0.80, 0.05,  0.05
    Failed:     0.00, 0.00, 0.70,  0.30
    Recovering: 0.30, 0.20, 0.10,  0.40
  }
}
`;
        const report = analyzeJson(tempModel(chain));
        const m = report.markov.WebService;
        expect(m.unit).toBe('steps');
        expectClose(m.steadyState.Healthy, 16 / 23);
        expectClose(m.steadyState.Degraded, 22 / 115);
        expectClose(m.steadyState.Failed, 7 / 115);
        expectClose(m.steadyState.Recovering, 6 / 115);
        expectClose(m.availability, 102 / 115);
        expectClose(m.mtbf, 115 / 3);
        expectClose(m.meanUpTime, 34);
        expectClose(m.meanDownTime, 13 / 3);
        expectClose(m.mttf, 40);
        // With `step 1 h` the same figures are hours.
        const hourly = analyzeJson('examples/web-service-markov.rel').markov.WebService;
        expect(hourly.unit).toBe('hours');
        expectClose(hourly.mtbf, 115 / 3);
    });

    test('HighCPU diagnosis: P(symptom) and posterior(TrafficSurge)', () => {
        const d = analyzeJson('examples/high-cpu-diagnosis.rel').diagnoses.HighCPU;
        // 0.1·0.8 + 0.3·0.7 + 0.4·0.5 + 0.2·0.9
        expectClose(d.evidenceProbability, 0.67);
        expectClose(d.posterior.TrafficSurge, 21 / 67);
    });

    test('common-cause rack: 2 of 3 servers at 0.2/y with a 5% beta factor', () => {
        const top = analyzeJson('examples/common-cause-rack.rel').tops.ServiceLost;
        const q = 1 - Math.exp(-0.2);
        const [independent, shared] = [0.95 * q, 0.05 * q];
        const twoOfThree = 3 * independent ** 2 * (1 - independent) + independent ** 3;
        expectClose(top.probability, shared + (1 - shared) * twoOfThree);
        expect(top.cutSets).toContainEqual(['Rack']);
        expect(top.cutSetCount).toBe(4);
    });
});

describe('every example', () => {
    test('analyses without an error and meets its requirements', () => {
        for (const file of readdirSync(join(ROOT, 'examples')).filter(f => f.endsWith('.rel'))) {
            const run = rel(['analyze', `examples/${file}`, '--json']);
            expect(run.stderr, file).toBe('');
            expect(run.status, file).toBe(0);
            const report = JSON.parse(run.stdout);
            expect(report.requirements.every((r: { met: boolean }) => r.met), file).toBe(true);
        }
    });
});

