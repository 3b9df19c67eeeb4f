/**
 * The figures of a model, in the JSON shape of `rel analyze --json` (shared spec interfaces.md §3):
 * camelCase keys, times in hours, probabilities as plain numbers. Every face (CLI, server, tests) uses this.
 */

import type { MarkovAnalysis } from './markov.js';
import type { CascadeFigures } from './cascade.js';
import type { DiagnosisFigures } from './diagnosis.js';
import type { IncidentAnalysis } from './incidents.js';

export type { CascadeFigures };
/** `reliability`: P(no down state by the mission time), for chains whose time is in hours. */
export type MarkovFigures = Omit<MarkovAnalysis, 'ok' | 'problems'> & { reliability?: number };
export type DiagnosisReport = Omit<DiagnosisFigures, 'problems'>;
export type IncidentReport = Omit<IncidentAnalysis, 'problems'>;

export interface DiagnosticReport {
    severity: 'error' | 'warning' | 'info';
    /** 1-based. */
    line: number;
    /** 1-based. */
    column: number;
    endLine?: number;
    endColumn?: number;
    message: string;
    code?: string;
}

export interface ComponentFigures {
    /** R(t) at the mission time (absent for availability-only components). */
    reliability?: number;
    unreliability?: number;
    mttfHours?: number;
    /** Constant failure rate per hour, for exponential lifetimes. */
    failureRate?: number;
    availability?: number;
    downtimeHoursPerYear?: number;
    nines?: number;
}

export interface ImportanceFigures {
    birnbaum: number;
    fussellVesely?: number;
    criticality?: number;
    raw?: number;
    rrw?: number;
}

export interface SystemFigures {
    reliability?: number;
    unreliability?: number;
    mttfHours?: number;
    availability?: number;
    downtimeHoursPerYear?: number;
    nines?: number;
    /** Steady-state system failures per hour, when every component is repairable. */
    failureFrequency?: number;
    /** Mean time between system failures, 1 / failureFrequency. */
    mtbfHours?: number;
    meanDownTimeHours?: number;
    /** Birnbaum importance (and the other measures) of each basic event. */
    importance: Record<string, ImportanceFigures>;
    singlePointsOfFailure: string[];
}

export interface TopFigures {
    probability: number;
    /** Σ P(cut set); absent when the cut sets could not be computed in time. */
    rareEvent?: number;
    /** 1 − Π(1 − P(cut set)); absent with the cut sets. */
    mcub?: number;
    /** Minimal cut sets, or prime implicants (literals `not X`) when the tree is not coherent. */
    cutSets: string[][];
    /** Exact number of cut sets; absent with the cut sets. */
    cutSetCount?: number;
    cutSetsTruncated: boolean;
    /** Why there are no cut sets (too large or too slow); probability and importance are still exact. */
    cutSetsUnavailable?: string;
    primeImplicants: boolean;
    /**
     * Of a non-coherent tree: the number of its minimal cut sets with negated events dropped, the count
     * of SCRAM and other PSA tools; absent for a coherent tree and when too large.
     */
    minimalCutSetCount?: number;
    importance: Record<string, ImportanceFigures>;
}

/**
 * Certified bounds on P(top), for a top too large (or too slow) to solve exactly: the exact probabilities of
 * a superset and a subset of its failure function (engine/bounds.ts); or, `counted`, its exact probability.
 */
export interface BoundsFigures {
    lower: number;
    upper: number;
    /**
     * The top was solved exactly by weighted model counting (engine/model-counting.ts) instead: `lower` and
     * `upper` are its probability; without a diagram it has no cut sets or importance.
     */
    counted?: true;
}

export interface GateFigures {
    /** Exact. */
    probability: number;
    /** Found by weighted model counting (engine/model-counting.ts): the gate's decision diagram does not fit. */
    counted?: true;
}

export interface RequirementReport {
    line: number;
    subject: string;
    metric: string;
    op: string;
    required: number;
    /** Absent when the subject has no such figure. */
    actual?: number;
    /** The interval the figure lies in, when only certified bounds are known (then `actual` is absent). */
    bounds?: { lower: number; upper: number };
    met: boolean;
    /** actual − required, in the metric's unit (positive is better for >=, worse for <=). */
    margin?: number;
    message: string;
}

export interface AnalysisReport {
    file: string;
    missionHours: number;
    diagnostics: DiagnosticReport[];
    components: Record<string, ComponentFigures>;
    systems: Record<string, SystemFigures>;
    tops: Record<string, TopFigures>;
    /** Tops without exact figures that have certified bounds on their probability. */
    bounds: Record<string, BoundsFigures>;
    gates: Record<string, GateFigures>;
    markov: Record<string, MarkovFigures>;
    /** Keyed by the component that starts the cascade. */
    cascades: Record<string, CascadeFigures>;
    diagnoses: Record<string, DiagnosisReport>;
    incidents: Record<string, IncidentReport>;
    requirements: RequirementReport[];
}
