/**
 * Bayesian diagnosis (language.md §9): hypotheses with priors and the likelihood of the symptom under
 * each; after k independent observations of the symptom the likelihood is L^k. Computed in logarithms
 * so that many observations do not underflow.
 */
import type { DiagnosisModel } from './model.js';

/** Priors summing to 1 within this tolerance need no normalising. */
export const PRIOR_SUM_TOLERANCE = 1e-9;

export interface DiagnosisProblem {
    severity: 'error' | 'warning';
    kind: 'prior-range' | 'likelihood-range' | 'prior-sum' | 'observations' | 'no-hypotheses' | 'impossible-evidence' | 'duplicate-hypothesis';
    message: string;
    hypothesis?: string;
}

export interface DiagnosisFigures {
    /** Σ priors as written; the validator warns (with a normalising quick fix) when it is not 1. */
    priorSum: number;
    /** True when the priors were divided by `priorSum` before use. */
    priorsNormalised: boolean;
    observations: number;
    /** P(the symptom is seen `observations` times) = Σ prior·likelihood^k (normalised priors). */
    evidenceProbability: number;
    posterior: Record<string, number>;
    /** Hypotheses from most to least probable after the evidence (ties keep the declaration order). */
    ranking: { name: string; posterior: number }[];
    problems: DiagnosisProblem[];
}

export type DiagnosisResult = DiagnosisFigures | { problems: DiagnosisProblem[]; priorSum: number; evidenceProbability?: undefined };

export function analyzeDiagnosis(d: DiagnosisModel): DiagnosisResult {
    const problems: DiagnosisProblem[] = [];
    const priorSum = d.hypotheses.reduce((s, h) => s + h.prior, 0);
    if (d.hypotheses.length === 0) problems.push({ severity: 'error', kind: 'no-hypotheses', message: `diagnosis ${d.name} has no hypotheses` });
    const seen = new Set<string>();
    for (const h of d.hypotheses) {
        if (seen.has(h.name)) problems.push({ severity: 'error', kind: 'duplicate-hypothesis', message: `hypothesis ${h.name} is declared twice`, hypothesis: h.name });
        seen.add(h.name);
        if (!(h.prior >= 0 && h.prior <= 1)) problems.push({ severity: 'error', kind: 'prior-range', message: `the prior of ${h.name} must be in [0, 1], not ${h.prior}`, hypothesis: h.name });
        if (!(h.likelihood >= 0 && h.likelihood <= 1)) problems.push({ severity: 'error', kind: 'likelihood-range', message: `the likelihood of ${h.name} must be in [0, 1], not ${h.likelihood}`, hypothesis: h.name });
    }
    if (!(Number.isInteger(d.observations) && d.observations >= 0)) {
        problems.push({ severity: 'error', kind: 'observations', message: `observations must be a whole number ≥ 0, not ${d.observations}` });
    }
    if (problems.some(p => p.severity === 'error')) return { problems, priorSum };
    if (priorSum === 0) {
        problems.push({ severity: 'error', kind: 'prior-sum', message: 'the priors sum to 0: no hypothesis is possible' });
        return { problems, priorSum };
    }
    const priorsNormalised = Math.abs(priorSum - 1) > PRIOR_SUM_TOLERANCE;
    if (priorsNormalised) {
        problems.push({ severity: 'warning', kind: 'prior-sum', message: `the priors sum to ${Number(priorSum.toPrecision(12))}, not 1: they are normalised (divided by their sum)` });
    }
    const k = d.observations;
    // log(prior · L^k); a zero likelihood with k = 0 is L^0 = 1.
    const logWeights = d.hypotheses.map(h => {
        if (h.prior === 0 || (h.likelihood === 0 && k > 0)) return -Infinity;
        return Math.log(h.prior / priorSum) + (k === 0 ? 0 : k * Math.log(h.likelihood));
    });
    const largest = logWeights.reduce((a, b) => Math.max(a, b), -Infinity);
    if (largest === -Infinity) {
        problems.push({ severity: 'error', kind: 'impossible-evidence', message: 'no hypothesis explains the symptom (every prior·likelihood is 0): the posteriors are undefined' });
        return { problems, priorSum };
    }
    const scaled = logWeights.map(w => Math.exp(w - largest));
    const total = scaled.reduce((a, b) => a + b, 0);
    const evidenceProbability = Math.exp(largest + Math.log(total));
    const posterior: Record<string, number> = {};
    d.hypotheses.forEach((h, i) => { posterior[h.name] = scaled[i] / total; });
    const ranking = d.hypotheses.map((h, i) => ({ name: h.name, posterior: scaled[i] / total, order: i }))
        .sort((a, b) => b.posterior - a.posterior || a.order - b.order)
        .map(({ name, posterior: p }) => ({ name, posterior: p }));
    return { priorSum, priorsNormalised, observations: k, evidenceProbability, posterior, ranking, problems };
}
