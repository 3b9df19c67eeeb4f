// The command line as users and CI meet it: exit statuses, diagnostics with positions, bad input.
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeJson, ensureBuilt, rel, tempModel } from './cli-helpers.js';

beforeAll(ensureBuilt);

/** No stack trace ever reaches the user. */
function expectNoStackTrace(stderr: string): void {
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('rel check', () => {
    test('a clean model exits 0 and prints nothing', () => {
        const run = rel(['check', 'examples/datacenter.rel', 'examples/website-fault-tree.rel']);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
    });

    test('errors are FILE:LINE:COL: severity: message, exit 1', () => {
        const path = tempModel('component A { reliability 0.9 }\nsystem S = series(A, Missing)\n');
        const run = rel(['check', path]);
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(/model\.rel:2:22: error: .*Missing/);
    });

    test('an empty file is valid', () => {
        expect(rel(['check', tempModel('')]).status).toBe(0);
    });

    test('malformed, truncated, binary and deeply nested files: positioned errors, exit 1, no stack trace', () => {
        const binary = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256));
        const inputs = [
            'component { reliability }',
            'component Disk { lifetime weibull(shape 1.5, sca',
            binary,
            'component A { probability 0.1 }\ntop T = ' + 'or('.repeat(50000) + 'A' + ')'.repeat(50000),
            'system S = series(A,,\n'
        ];
        for (const input of inputs) {
            const run = rel(['check', tempModel(input)]);
            expect(run.status).toBe(1);
            expect(run.stderr).toMatch(/model\.rel:\d+:\d+: error: /);
            expectNoStackTrace(run.stderr);
        }
    });

    test('a missing file is exit 2 with one line', () => {
        const run = rel(['check', 'no/such/file.rel']);
        expect(run.status).toBe(2);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain('no such file');
    });
});

describe('rel analyze', () => {
    test('text report: aligned sections, exit 0 when every requirement is met', () => {
        const run = rel(['analyze', 'examples/datacenter.rel']);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('Datacenter');
        expect(run.stdout).toMatch(/Requirements\n\s+✓/);
    });

    test('an unmet requirement is an error on its line with the shortfall, exit 1', () => {
        const path = tempModel('component A { reliability 0.9 }\n\nrequire A reliability >= 0.95\n');
        const run = rel(['analyze', path, '--json']);
        expect(run.status).toBe(1);
        const report = JSON.parse(run.stdout);
        expect(report.requirements[0]).toMatchObject({ line: 3, met: false, required: 0.95 });
        expect(report.requirements[0].actual).toBeCloseTo(0.9, 12);
        expect(run.stderr).toMatch(/model\.rel:3:\d+: error: .*short by 0\.05/);
    });

    test('--mission overrides the mission time', () => {
        const path = tempModel('component A { failure rate 1 per year }\n');
        const run = rel(['analyze', path, '--json', '--mission', '2 years']);
        const report = JSON.parse(run.stdout);
        expect(report.missionHours).toBe(17520);
        expect(report.components.A.reliability).toBeCloseTo(Math.exp(-2), 14);
    });

    test('usage errors exit 2', () => {
        expect(rel(['analyze']).status).toBe(2);
        expect(rel(['frobnicate']).status).toBe(2);
        expect(rel(['analyze', 'examples/datacenter.rel', '--mission', 'soon']).status).toBe(2);
        expect(rel(['analyze', 'examples/datacenter.rel', '--bogus']).status).toBe(2);
        for (const limit of ['0', '-1', 'soon', '']) {
            const run = rel(['analyze', 'examples/website-fault-tree.rel', '--time-limit', limit]);
            expect(run.status).toBe(2);
            expect(run.stderr).toMatch(/--time-limit/);
        }
    });

    test('a non-coherent top: prime implicants listed, minimal cut sets with negations dropped counted', () => {
        const path = tempModel('event A probability 0.1\nevent B probability 0.2\nevent C probability 0.3\n' +
            'top N = or(and(A, not(B)), and(B, C))\n');
        const report = analyzeJson(path);
        // Prime implicants {A, not B}, {B, C}, {A, C}; minimal failing sets {A} and {B, C}.
        expect(report.tops.N.primeImplicants).toBe(true);
        expect(report.tops.N.cutSetCount).toBe(3);
        expect(report.tops.N.minimalCutSetCount).toBe(2);
        const text = rel(['analyze', path]).stdout;
        expect(text).toContain('2 minimal cut sets (negated events dropped)');
        expect(text).toContain('3 prime implicants');
    });

    test('--time-limit bounds the fault trees and block diagrams; within it the figures are there', () => {
        const report = JSON.parse(rel(['analyze', 'examples/website-fault-tree.rel', '--json', '--time-limit', '30']).stdout);
        // Infrastructure or Application or (CDNDown and ServerHW): ServerHW is in both, so the AND adds nothing.
        const working = (1 - 0.05) * (1 - 0.02) * (1 - 0.01) * (1 - 0.1) * (1 - 0.03);
        expect(report.tops.WebsiteUnavailable.probability).toBeCloseTo(1 - working, 14);
    });
});

describe('requirements on a simulate block', () => {
    test('are checked against the exact value the simulation is compared with', () => {
        const path = tempModel(`component A { failure rate 1 per year }
system S = series(A)
simulate HalfYear { system S  horizon 6 months }
require HalfYear reliability >= 0.6
require HalfYear reliability >= 0.7
`);
        const run = rel(['analyze', path, '--json']);
        const [met, unmet] = JSON.parse(run.stdout).requirements;
        // Six months of 730 h at 1 per 8760 h: R = exp(−0.5)
        expect(met.actual).toBeCloseTo(Math.exp(-0.5), 14);
        expect(met.met).toBe(true);
        expect(unmet.met).toBe(false);
        expect(run.status).toBe(1);
    });
});
