import { describe, expect, test } from 'vitest';
import { analyzeDiagnosis, type DiagnosisFigures, type DiagnosisResult } from '../../engine/diagnosis.js';
import type { DiagnosisModel } from '../../engine/model.js';

const highCpu: DiagnosisModel = {
    name: 'HighCPU', observations: 1,
    hypotheses: [
        { name: 'MemoryLeak', prior: 0.1, likelihood: 0.8 },
        { name: 'TrafficSurge', prior: 0.3, likelihood: 0.7 },
        { name: 'BackgroundJob', prior: 0.4, likelihood: 0.5 },
        { name: 'HardwareFailure', prior: 0.2, likelihood: 0.9 }
    ]
};

function figures(r: DiagnosisResult): DiagnosisFigures {
    if (r.evidenceProbability === undefined) throw new Error(r.problems.map(p => p.message).join('; '));
    return r;
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

describe('Bayesian diagnosis', () => {
    test('HighCPU worked answer: P(symptom) = 0.67, posterior(TrafficSurge) = 21/67', () => {
        const r = figures(analyzeDiagnosis(highCpu));
        close(r.evidenceProbability, 0.67);
        close(r.posterior.TrafficSurge, 21 / 67);
        close(r.posterior.MemoryLeak, 8 / 67);
        close(r.posterior.BackgroundJob, 20 / 67);
        close(r.posterior.HardwareFailure, 18 / 67);
        expect(r.ranking.map(h => h.name)).toEqual(['TrafficSurge', 'BackgroundJob', 'HardwareFailure', 'MemoryLeak']);
        expect(r.priorsNormalised).toBe(false);
        expect(r.problems).toEqual([]);
    });

    test('two observations square the likelihoods', () => {
        // 0.1·0.64 + 0.3·0.49 + 0.4·0.25 + 0.2·0.81 = 0.473.
        const r = figures(analyzeDiagnosis({ ...highCpu, observations: 2 }));
        close(r.evidenceProbability, 0.473);
        close(r.posterior.TrafficSurge, 0.147 / 0.473);
        close(r.posterior.HardwareFailure, 0.162 / 0.473);
        expect(r.ranking[0].name).toBe('HardwareFailure');
    });

    test('no observation leaves the priors', () => {
        const r = figures(analyzeDiagnosis({ ...highCpu, observations: 0 }));
        close(r.evidenceProbability, 1);
        close(r.posterior.BackgroundJob, 0.4);
    });

    test('many observations do not underflow', () => {
        const r = figures(analyzeDiagnosis({ ...highCpu, observations: 1000 }));
        close(r.evidenceProbability, 0.2 * 0.9 ** 1000 + 0.1 * 0.8 ** 1000 + 0.3 * 0.7 ** 1000 + 0.4 * 0.5 ** 1000);
        expect(r.posterior.HardwareFailure).toBe(1);
        const far = figures(analyzeDiagnosis({ ...highCpu, observations: 20_000 }));
        expect(far.ranking[0]).toEqual({ name: 'HardwareFailure', posterior: 1 });
        // (0.8/0.9)^20000 relative to 0.2 vs 0.1: posterior(MemoryLeak) = 0.5 · exp(20000 ln(8/9)) underflows to 0, not NaN.
        expect(far.posterior.MemoryLeak).toBe(0);
    });

    test('priors not summing to 1 are normalised with a warning', () => {
        const doubled = { ...highCpu, hypotheses: highCpu.hypotheses.map(h => ({ ...h, prior: h.prior * 2 })) };
        const r = figures(analyzeDiagnosis(doubled));
        close(r.priorSum, 2);
        expect(r.priorsNormalised).toBe(true);
        expect(r.problems).toMatchObject([{ severity: 'warning', kind: 'prior-sum' }]);
        close(r.posterior.TrafficSurge, 21 / 67);
        close(r.evidenceProbability, 0.67);
    });

    test('bad values are errors, never a crash', () => {
        const bad = analyzeDiagnosis({ name: 'Bad', observations: -1, hypotheses: [{ name: 'A', prior: 1.5, likelihood: -0.1 }, { name: 'A', prior: 0, likelihood: 0.5 }] });
        expect(bad.evidenceProbability).toBeUndefined();
        expect(bad.problems.map(p => p.kind).sort()).toEqual(['duplicate-hypothesis', 'likelihood-range', 'observations', 'prior-range']);
        expect(analyzeDiagnosis({ name: 'Empty', observations: 1, hypotheses: [] }).problems[0].kind).toBe('no-hypotheses');
        const impossible = analyzeDiagnosis({ name: 'Never', observations: 1, hypotheses: [{ name: 'A', prior: 1, likelihood: 0 }] });
        expect(impossible.problems[0].kind).toBe('impossible-evidence');
    });
});
