/**
 * Every figure of a model: the composition of the component, structure (BDD), Markov, cascade,
 * diagnosis and incident analyses into the report of `rel analyze --json`.
 */
import { componentsOf, referencedStructures, type ComponentModel, type ReliabilityModel, type RequirementModel, type SimulationModel, type StructureModel } from './model.js';
import type { AnalysisReport, BoundsFigures, CascadeFigures, ComponentFigures, DiagnosisReport, GateFigures, IncidentReport, MarkovFigures, RequirementReport, SystemFigures, TopFigures } from './report.js';
import { componentAvailability, componentFigures, componentUnreliability } from './components.js';
import { mean } from './distributions.js';
import { downtimeHoursPerYear, nines } from './figures.js';
import { formatHours, formatPercent, formatProbability } from './format.js';
import { integrateToInfinity } from './integrate.js';
import { FaultTreeError, compileStructures, countedFailureProbability, failureProbability, structureFigures, type CompiledStructures } from './fault-tree.js';
import { moduleSplit, probabilityBounds, type ModuleSplit } from './bounds.js';
import { analyzeMarkov, markovReliability } from './markov.js';
import { analyzeCascades, cascadeNodes } from './cascade.js';
import { analyzeDiagnosis } from './diagnosis.js';
import { analyzeIncidents } from './incidents.js';

/** A problem found while analysing, attached by the caller to the declaration it names. */
export interface AnalysisProblem {
    severity: 'error' | 'warning';
    /** The declaration (structure, chain, log…) the problem belongs to. */
    subject: string;
    message: string;
}

export interface AnalyzeInputs {
    /** The CSV text of each incident log by declaration name, or why it could not be read. */
    incidentLogs?: Map<string, { text: string } | { error: string }>;
    /** Cut sets listed per top (default 1000); the count is always exact. */
    maxCutSets?: number;
    /**
     * Time allowed for the cut sets of one structure (default 10 s). Past it the cut-set figures are left out
     * with a warning; probability and importance stay exact.
     */
    cutSetTimeLimitMs?: number;
    /** Node limit of the fault-tree decision diagrams (default 2^25): past it a structure is too large to analyse. */
    diagramNodeLimit?: number;
    /**
     * Time allowed for the fault trees and block diagrams together (default: none). A structure being
     * solved when it runs out, and those after it, get an error instead of figures.
     */
    structureTimeLimitMs?: number;
    /**
     * Time for certified bounds on the tops left unsolved, too large for one diagram or out of time (default:
     * none, no bounds). The tops share it, each an equal part of what is left.
     */
    boundsTimeLimitMs?: number;
    /**
     * Whether a gate or top whose diagram does not fit is tried by weighted model counting (default true), which
     * gives its exact probability only: a gate up to GATE_COUNTING_TIME_LIMIT_MS of the structures' time, a top
     * a part of its bounds time. False: such a top gets certified bounds at once, such a gate an error.
     */
    modelCounting?: boolean;
}

const DEFAULT_CUT_SET_TIME_LIMIT_MS = 10_000;
/**
 * Time for model counting a gate whose diagram does not fit (within the structures' time limit): enough for
 * most such gates of nus9601 (0.2 to 2 s), not so much that a hopeless one starves the structures after it.
 */
const GATE_COUNTING_TIME_LIMIT_MS = 5_000;
/** The most of a top's bounds time that model counting may take first (nus9601's top is beyond it). */
const TOP_COUNTING_TIME_LIMIT_MS = 10_000;
/** Gates failing by themselves that get an error each; the others are counted in one. */
const MAX_GATE_ERRORS = 10;

export type ModelFigures = Omit<AnalysisReport, 'file' | 'diagnostics'> & { problems: AnalysisProblem[] };

/** The figures a requirement can ask for, per subject. */
interface SubjectFigures {
    reliability?: number;
    availability?: number;
    probability?: number;
    mttf?: number;
    mtbf?: number;
    downtime?: number;
    /** Certified bounds on `probability` when it is not known exactly. */
    probabilityBounds?: { lower: number; upper: number };
}

export function analyzeModel(model: ReliabilityModel, inputs: AnalyzeInputs = {}): ModelFigures {
    const problems: AnalysisProblem[] = [];
    const subjects = new Map<string, SubjectFigures>();
    const componentsByName = new Map(model.components.map(c => [c.name, c]));

    const components: Record<string, ComponentFigures> = {};
    for (const c of model.components) {
        const figures = componentFigures(c, model.missionHours);
        components[c.name] = figures;
        subjects.set(c.name, {
            reliability: figures.reliability, probability: figures.unreliability, availability: figures.availability,
            mttf: figures.mttfHours, downtime: figures.downtimeHoursPerYear, mtbf: componentMtbf(c)
        });
    }

    const structures = analyzeStructures(model, componentsByName, inputs, problems, subjects);

    const markov: Record<string, MarkovFigures> = {};
    for (const chain of model.markov) {
        const result = analyzeMarkov(chain);
        if (!result.ok) {
            problems.push({ severity: 'error', subject: chain.name, message: result.message });
            continue;
        }
        const { ok: _ok, problems: structural, ...figures } = result;
        // Mission reliability and the requirements need the chain's time in hours (a `step`, or rates);
        // a chain counted in steps has no time figures to compare.
        const inHours = result.unit === 'hours';
        const reliability = inHours ? markovReliability(chain, model.missionHours) : undefined;
        markov[chain.name] = reliability === undefined ? figures : { ...figures, reliability };
        // The validator reports absorbing states itself; reducible and periodic chains only the engine sees.
        for (const problem of structural) {
            if (problem.kind !== 'absorbing') problems.push({ severity: problem.severity, subject: chain.name, message: problem.message });
        }
        subjects.set(chain.name, {
            reliability, availability: result.availability,
            mtbf: inHours ? result.mtbf ?? undefined : undefined, mttf: inHours ? result.mttf ?? undefined : undefined,
            downtime: downtimeHoursPerYear(result.availability)
        });
    }

    const cascades: Record<string, CascadeFigures> = {};
    if (model.dependencies.length > 0) {
        const names = cascadeNodes(model);
        // Its problems (a self-dependency, bad settings) are the validator's to report; the builder already dropped them.
        Object.assign(cascades, analyzeCascades(names, model.dependencies, model.cascade).cascades);
    }

    const diagnoses: Record<string, DiagnosisReport> = {};
    for (const d of model.diagnoses) {
        // Range and prior-sum problems are the validator's; here only what blocks the figures.
        const { problems: _problems, ...figures } = analyzeDiagnosis(d);
        if (figures.evidenceProbability !== undefined) diagnoses[d.name] = figures;
    }

    const incidents: Record<string, IncidentReport> = {};
    for (const log of model.incidents) {
        const input = inputs.incidentLogs?.get(log.name);
        if (!input) continue;
        if ('error' in input) {
            problems.push({ severity: 'error', subject: log.name, message: input.error });
            continue;
        }
        const result = analyzeIncidents(input.text, { windowHours: log.windowHours, missionHours: model.missionHours });
        for (const rowProblem of result.problems) {
            problems.push({ severity: rowProblem.severity, subject: log.name, message: `${log.path} line ${rowProblem.line}: ${rowProblem.message}` });
        }
        const { problems: _rows, ...figures } = result;
        incidents[log.name] = figures;
        subjects.set(log.name, {
            availability: result.availability ?? undefined, mtbf: result.mtbfHours ?? undefined,
            downtime: result.availability === null ? undefined : downtimeHoursPerYear(result.availability)
        });
    }

    for (const simulation of model.simulations) {
        // A structure the analysis could not solve in its time is not tried again for its simulations.
        const { kind, name } = simulation.target;
        if ((kind === 'top' && !structures.tops[name]) || (kind === 'system' && !structures.systems[name])) continue;
        const { exact } = exactSimulationFigure(model, simulation, structures.compiled);
        if (exact === undefined) continue;
        const failure = simulation.target.kind === 'top' ? exact : 1 - exact;
        subjects.set(simulation.name, { reliability: 1 - failure, probability: failure });
    }

    const requirements = model.requirements.map(r => evaluateRequirement(r, subjects.get(r.subject)));
    return {
        missionHours: model.missionHours, problems, components,
        systems: structures.systems, tops: structures.tops, bounds: structures.bounds, gates: structures.gates,
        markov, cascades, diagnoses, incidents, requirements
    };
}

function componentMtbf(c: ComponentModel): number | undefined {
    if (c.failure?.kind !== 'lifetime' || !c.repair) return undefined;
    return mean(c.failure.distribution) + mean(c.repair);
}

/** Time the exact value beside a simulation may take: past it the estimate stands alone (a tree too large for the BDD). */
export const EXACT_COMPARISON_TIME_LIMIT_MS = 30_000;

/**
 * The exact value of what a simulation estimates: P(no failure by the horizon) for a system or chain,
 * P(top event by the horizon) for a top, by its diagram or, when that does not fit, by model counting
 * (unless `modelCounting` is false). None when there is none: components without a mission
 * reliability, or repair in the target (the simulation then estimates P(no outage) with repairs); and
 * when the target is too large to solve exactly, `unavailable` says so, and `moduleSplit` offers the run a
 * smaller target: the target's independent module, the rest solved exactly (engine/bounds.ts).
 */
export function exactSimulationFigure(model: ReliabilityModel, simulation: SimulationModel, compiled?: CompiledStructures,
    timeLimitMs = EXACT_COMPARISON_TIME_LIMIT_MS, { modelCounting = true }: { modelCounting?: boolean } = {}
): { exact?: number; unavailable?: string; moduleSplit?: () => ModuleSplit | undefined } {
    const { target, horizonHours } = simulation;
    if (target.kind === 'markov') {
        const chain = model.markov.find(m => m.name === target.name);
        return { exact: chain && markovReliability(chain, horizonHours) };
    }
    if (target.kind !== 'system' && target.kind !== 'top') return {};
    const components = new Map(model.components.map(c => [c.name, c]));
    const used = [...componentsOf(target.name, new Map(model.structures.map(s => [s.name, s])))].map(name => components.get(name));
    if (used.some(c => !c || c.repair || componentUnreliability(c, horizonHours) === undefined)) return {};
    const structures = compiled ?? compileStructures(model.structures, model.commonCauses, model.components.map(c => c.name));
    if (structures.problems.some(p => p.structure === target.name)) return {};
    const q = (name: string) => componentUnreliability(components.get(name)!, horizonHours)!;
    try {
        const failure = structures.withTimeLimit(timeLimitMs, () => failureProbability(structures, target.name, q));
        return { exact: target.kind === 'top' ? failure : 1 - failure };
    } catch (error) {
        // Too large for the diagram: model counting may still find the probability (in part of the time again); else the
        // simulation's estimate is all there is, or its independent module's, in the same time again.
        if (error instanceof FaultTreeError) {
            const counted = modelCounting ? countedWithin(structures, target.name, q, Math.min(timeLimitMs, TOP_COUNTING_TIME_LIMIT_MS)) : undefined;
            if (counted !== undefined) return { exact: target.kind === 'top' ? counted : 1 - counted };
            return {
                unavailable: `no exact value to compare with: ${target.name} is ${error.message}`,
                moduleSplit: () => moduleSplit(model.structures, model.commonCauses, model.components.map(c => c.name), target.name, q, { timeLimitMs })
            };
        }
        throw error;
    }
}

interface StructureResults {
    compiled?: CompiledStructures;
    systems: Record<string, SystemFigures>;
    tops: Record<string, TopFigures>;
    bounds: Record<string, BoundsFigures>;
    gates: Record<string, GateFigures>;
}

function analyzeStructures(model: ReliabilityModel, components: Map<string, ComponentModel>, inputs: AnalyzeInputs,
    problems: AnalysisProblem[], subjects: Map<string, SubjectFigures>): StructureResults {
    const results: StructureResults = { systems: {}, tops: {}, bounds: {}, gates: {} };
    const failedNames = new Set<string>();
    const failures: { structure: StructureModel; message: string }[] = [];
    if (model.structures.length === 0) return results;
    const compiled = compileStructures(model.structures, model.commonCauses, model.components.map(c => c.name), { nodeLimit: inputs.diagramNodeLimit });
    results.compiled = compiled;
    for (const problem of compiled.problems) {
        failedNames.add(problem.structure);
        problems.push({ severity: 'error', subject: problem.structure, message: problem.message });
    }
    const byName = new Map(model.structures.map(s => [s.name, s]));
    const mission = model.missionHours;
    const cutSetTime = inputs.cutSetTimeLimitMs ?? DEFAULT_CUT_SET_TIME_LIMIT_MS;
    const deadline = inputs.structureTimeLimitMs === undefined ? Infinity : Date.now() + inputs.structureTimeLimitMs;
    const skipped = new Set<StructureModel>();
    // Fault-tree events use their mission unreliability, or their unavailability when only an availability is known.
    const q = (name: string) => {
        const c = components.get(name);
        if (!c) return 0;
        return componentUnreliability(c, mission) ?? 1 - (componentAvailability(c) ?? 1);
    };

    // Smallest first: within a time limit, many small structures get their figures before a giant
    // one takes the time; a gate too large is remembered, so the structures using it fail at once.
    const usedBy = new Map(model.structures.map(s => [s.name, [...componentsOf(s.name, byName)].map(name => components.get(name))]));
    const bySize = [...model.structures].sort((a, b) => usedBy.get(a.name)!.length - usedBy.get(b.name)!.length);
    for (const structure of bySize) {
        if (failedNames.has(structure.name)) continue;
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
            failedNames.add(structure.name);
            skipped.add(structure);
            continue;
        }
        const used = usedBy.get(structure.name)!;
        const missionQ = used.every(c => c && componentUnreliability(c, mission) !== undefined);
        const allLifetimes = used.every(c => c?.failure?.kind === 'lifetime');
        const allAvailabilities = used.every(c => c && componentAvailability(c) !== undefined);
        try {
            compiled.withTimeLimit(Number.isFinite(remaining) ? remaining : undefined, () => {
                if (structure.kind === 'system') {
                    results.systems[structure.name] = systemFigures(structure.name, compiled, components, mission, { missionQ, allLifetimes, allAvailabilities, cutSetTime });
                    const s = results.systems[structure.name];
                    subjects.set(structure.name, {
                        reliability: s.reliability, probability: s.unreliability, availability: s.availability,
                        mttf: s.mttfHours, mtbf: s.mtbfHours, downtime: s.downtimeHoursPerYear
                    });
                    return;
                }
                if (structure.kind === 'gate') {
                    const probability = failureProbability(compiled, structure.name, q);
                    results.gates[structure.name] = { probability };
                    subjects.set(structure.name, { probability, reliability: 1 - probability });
                    return;
                }
                const figures = structureFigures(compiled, structure.name, q, { maxCutSets: inputs.maxCutSets ?? 1000, timeLimitMs: cutSetTime });
                if (figures.cutSetsUnavailable) {
                    problems.push({ severity: 'warning', subject: structure.name, message: `no cut sets (probability and importance are exact): ${figures.cutSetsUnavailable}` });
                }
                results.tops[structure.name] = {
                    probability: figures.probability,
                    ...(figures.cutSetsUnavailable
                        ? { cutSetsUnavailable: figures.cutSetsUnavailable }
                        : { rareEvent: figures.rareEvent, mcub: figures.mcub, cutSetCount: figures.cutSetCount }),
                    cutSets: figures.cutSets.map(cs => cs.literals), cutSetsTruncated: figures.truncated,
                    primeImplicants: !figures.coherent,
                    ...(figures.minimalCutSetCount === undefined ? {} : { minimalCutSetCount: figures.minimalCutSetCount }),
                    importance: figures.importance
                };
                subjects.set(structure.name, { probability: figures.probability, reliability: 1 - figures.probability });
            });
        } catch (error) {
            // A gate needs its probability only: model counting may find it where the diagram does not fit.
            const counted = structure.kind === 'gate' && error instanceof FaultTreeError && inputs.modelCounting !== false
                ? countedWithin(compiled, structure.name, q, Math.min(deadline - Date.now(), GATE_COUNTING_TIME_LIMIT_MS))
                : undefined;
            if (counted !== undefined) {
                results.gates[structure.name] = { probability: counted, counted: true };
                subjects.set(structure.name, { probability: counted, reliability: 1 - counted });
            } else {
                failedNames.add(structure.name);
                failures.push({ structure, message: (error as Error).message });
            }
        }
    }
    results.bounds = unsolvedTopBounds(model, compiled, new Set([...failures.map(f => f.structure), ...skipped]), q,
        { timeLimitMs: inputs.boundsTimeLimitMs, nodeLimit: inputs.diagramNodeLimit, modelCounting: inputs.modelCounting !== false });
    for (const [name, b] of Object.entries(results.bounds)) {
        subjects.set(name, b.counted ? { probability: b.lower, reliability: 1 - b.lower } : { probabilityBounds: b });
    }
    // Figures in the order of the model, whatever order solved them.
    const inModelOrder = <T>(figures: Record<string, T>): Record<string, T> =>
        Object.fromEntries(model.structures.filter(s => s.name in figures).map(s => [s.name, figures[s.name]]));
    results.systems = inModelOrder(results.systems);
    results.tops = inModelOrder(results.tops);
    results.gates = inModelOrder(results.gates);
    // A gate failing because a gate it uses fails tells nothing new, and hundreds of failing gates bury the
    // top's error: every top and system keeps its own error, so do the first few gates failing by
    // themselves; the other gates share one.
    const position = new Map(model.structures.map((s, i) => [s, i]));
    failures.sort((a, b) => position.get(a.structure)! - position.get(b.structure)!);
    const gateFailures = failures.filter(f => f.structure.kind === 'gate');
    const failsByItself = (f: { structure: StructureModel }) => !referencedStructures(f.structure.failure).some(name => failedNames.has(name));
    const ownGateFailures = new Set(gateFailures.filter(failsByItself).slice(0, MAX_GATE_ERRORS));
    const summarised = gateFailures.filter(f => !ownGateFailures.has(f));
    // A top with certified bounds has figures, only not exact ones: a warning says why.
    const withBounds = (name: string, message: string): AnalysisProblem => {
        const b = results.bounds[name];
        if (b?.counted) {
            return { severity: 'warning', subject: name, message: `${message}; exact probability by model counting instead: P(${name}) = ${formatProbability(b.lower, 6)} (no cut sets or importance)` };
        }
        return b
            ? { severity: 'warning', subject: name, message: `${message}; certified bounds instead: ${formatProbability(b.lower, 6)} ≤ P(${name}) ≤ ${formatProbability(b.upper, 6)}` }
            : { severity: 'error', subject: name, message };
    };
    for (const f of failures) {
        if (f.structure.kind !== 'gate' || ownGateFailures.has(f)) problems.push(withBounds(f.structure.name, `cannot analyse ${f.structure.name}: ${f.message}`));
    }
    if (summarised.length > 0) {
        const names = summarised.map(f => f.structure.name);
        problems.push({
            severity: 'error', subject: names[0],
            message: `cannot analyse ${names.length} more gate${names.length === 1 ? '' : 's'} (too large themselves, or using one that is): ${listedNames(names)}`
        });
    }
    // Structures left when the time ran out: each top and system its own error, the gates one.
    const timeLimit = `the time limit for fault trees and block diagrams (${(inputs.structureTimeLimitMs ?? 0) / 1000} s) ran out`;
    const outOfTime = model.structures.filter(s => skipped.has(s));
    const skippedGates = outOfTime.filter(s => s.kind === 'gate').map(s => s.name);
    for (const s of outOfTime) {
        if (s.kind !== 'gate') problems.push(withBounds(s.name, `${s.name} not analysed: ${timeLimit}`));
    }
    if (skippedGates.length > 0) {
        problems.push({
            severity: 'error', subject: skippedGates[0],
            message: `${skippedGates.length} gate${skippedGates.length === 1 ? '' : 's'} not analysed: ${timeLimit}: ${listedNames(skippedGates)}`
        });
    }
    return results;
}

/** P(`name`) by weighted model counting within `timeLimitMs`, or undefined when it is not counted in time. */
function countedWithin(compiled: CompiledStructures, name: string, q: (component: string) => number, timeLimitMs: number): number | undefined {
    if (!(timeLimitMs > 0)) return undefined;
    try {
        return countedFailureProbability(compiled, name, q, { timeLimitMs });
    } catch (error) {
        if (error instanceof FaultTreeError) return undefined;
        throw error;
    }
}

/**
 * What the bounds time gives the tops the exact analysis left, in the model's order, each an equal part of the
 * time left: first (when `modelCounting`) model counting, a quarter of the part and at most
 * TOP_COUNTING_TIME_LIMIT_MS, whose exact probability stands as bounds that are equal; else certified bounds
 * (engine/bounds.ts). A top whose bounds stay 0 and 1 (nothing fitted) or that is not coherent has none.
 */
function unsolvedTopBounds(model: ReliabilityModel, compiled: CompiledStructures, unsolved: ReadonlySet<StructureModel>,
    q: (component: string) => number, { timeLimitMs, nodeLimit, modelCounting }: { timeLimitMs?: number; nodeLimit?: number; modelCounting: boolean }
): Record<string, BoundsFigures> {
    const bounds: Record<string, BoundsFigures> = {};
    if (timeLimitMs === undefined) return bounds;
    const tops = model.structures.filter(s => s.kind === 'top' && unsolved.has(s));
    const deadline = Date.now() + timeLimitMs;
    const componentNames = model.components.map(c => c.name);
    tops.forEach((top, i) => {
        const share = (deadline - Date.now()) / (tops.length - i);
        if (share <= 0) return;
        const shareEnd = Date.now() + share;
        const counted = modelCounting ? countedWithin(compiled, top.name, q, Math.min(share / 4, TOP_COUNTING_TIME_LIMIT_MS)) : undefined;
        if (counted !== undefined) {
            bounds[top.name] = { lower: counted, upper: counted, counted: true };
            return;
        }
        try {
            const b = probabilityBounds(model.structures, model.commonCauses, componentNames, top.name, q,
                { timeLimitMs: shareEnd - Date.now(), nodeLimit });
            if (b.lower > 0 || b.upper < 1) bounds[top.name] = { lower: b.lower, upper: b.upper };
        } catch (error) {
            // NOT or XOR: a superset and a subset by dropped operands hold only for a coherent structure; a
            // RangeError: expressions nested too deeply for the diagrams' recursion.
            if (!(error instanceof FaultTreeError) && !(error instanceof RangeError)) throw error;
        }
    });
    return bounds;
}

/** The first five names, and an ellipsis for the others. */
function listedNames(names: readonly string[]): string {
    return names.length > 5 ? `${names.slice(0, 5).join(', ')}, …` : names.join(', ');
}

interface SystemFigureInputs {
    cutSetTime: number;
    missionQ: boolean;
    allLifetimes: boolean;
    allAvailabilities: boolean;
}

function systemFigures(name: string, compiled: CompiledStructures, components: Map<string, ComponentModel>, mission: number,
    inputs: SystemFigureInputs): SystemFigures {
    const figures: SystemFigures = { importance: {}, singlePointsOfFailure: [] };
    const qAt = (t: number) => (component: string) => {
        const c = components.get(component);
        return c ? componentUnreliability(c, t) ?? 0 : 0;
    };
    const unavailability = (component: string) => {
        const c = components.get(component);
        return c ? 1 - (componentAvailability(c) ?? 1) : 0;
    };
    if (inputs.missionQ) {
        const detail = structureFigures(compiled, name, qAt(mission), { maxCutSets: 1000, timeLimitMs: inputs.cutSetTime });
        figures.reliability = 1 - detail.probability;
        figures.unreliability = detail.probability;
        figures.importance = detail.importance;
        figures.singlePointsOfFailure = detail.singlePointsOfFailure;
    }
    if (inputs.allLifetimes) {
        const means = [...components.values()].map(c => c.failure?.kind === 'lifetime' ? mean(c.failure.distribution) : Infinity);
        const scale = Math.min(...means.filter(m => m > 0 && Number.isFinite(m)), mission);
        figures.mttfHours = integrateToInfinity(t => 1 - failureProbability(compiled, name, qAt(t)), scale);
    }
    if (inputs.allAvailabilities) {
        const detail = structureFigures(compiled, name, unavailability, { cutSets: false });
        const availability = 1 - detail.probability;
        figures.availability = availability;
        figures.downtimeHoursPerYear = downtimeHoursPerYear(availability);
        const n = nines(availability);
        if (n !== undefined) figures.nines = n;
        if (!inputs.missionQ) figures.importance = detail.importance;
        // Steady-state failure frequency of a system of independent alternating-renewal components:
        // ν = Σ_i Birnbaum_i · ν_i with ν_i = 1 / (MTTF_i + MTTR_i).
        let frequency = 0;
        let repairable = true;
        const componentOfVariable = new Map(compiled.variables.map(v => [v.name, v.component]));
        for (const [variable, importance] of Object.entries(detail.importance)) {
            const component = componentOfVariable.get(variable);
            const mtbf = component ? componentMtbf(components.get(component)!) : undefined;
            if (mtbf === undefined) {
                repairable = false;
                break;
            }
            frequency += importance.birnbaum / mtbf;
        }
        if (repairable && frequency > 0) {
            figures.failureFrequency = frequency;
            figures.mtbfHours = 1 / frequency;
            figures.meanDownTimeHours = (1 - availability) / frequency;
        }
    }
    return figures;
}

const METRIC_UNIT: Record<string, 'probability' | 'hours' | 'hoursPerYear'> = {
    reliability: 'probability', availability: 'probability', probability: 'probability',
    mttf: 'hours', mtbf: 'hours', downtime: 'hoursPerYear'
};

function formatMetric(metric: string, value: number): string {
    switch (METRIC_UNIT[metric]) {
        case 'hours': return formatHours(value);
        case 'hoursPerYear': return `${formatHours(value)} per year`;
        default: return metric === 'availability' ? formatPercent(value) : formatProbability(value, 10);
    }
}

function compare(actual: number, operator: RequirementModel['operator'], required: number): boolean {
    switch (operator) {
        case '>=': return actual >= required;
        case '<=': return actual <= required;
        case '>': return actual > required;
        case '<': return actual < required;
        case '=': return Math.abs(actual - required) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(required));
    }
}

/**
 * A probability or reliability requirement on a top known only within certified bounds: met when the whole
 * interval meets it, not met when none of it does, and otherwise not met either, as it cannot be shown.
 */
function requirementOnBounds(r: RequirementModel, base: Omit<RequirementReport, 'met' | 'message'>, wanted: string,
    probability: { lower: number; upper: number }): RequirementReport {
    const [lower, upper] = r.metric === 'probability' ? [probability.lower, probability.upper] : [1 - probability.upper, 1 - probability.lower];
    const shown = `${r.subject} ${r.metric} is between ${formatMetric(r.metric, lower)} and ${formatMetric(r.metric, upper)} (certified bounds: not solved exactly)`;
    const bounds = { lower, upper };
    if (compare(lower, r.operator, r.value) && compare(upper, r.operator, r.value)) {
        return { ...base, bounds, met: true, message: `${shown}: meets ${r.operator} ${formatMetric(r.metric, r.value)}` };
    }
    const noneMeets = r.operator === '=' ? r.value < lower || r.value > upper : !compare(lower, r.operator, r.value) && !compare(upper, r.operator, r.value);
    return {
        ...base, bounds, met: false,
        message: noneMeets ? `${shown}: does not meet ${r.operator} ${formatMetric(r.metric, r.value)}` : `${shown}: cannot show ${wanted}`
    };
}

/** Met or not, with the margin and, for availability and downtime, the share of the error budget left. */
export function evaluateRequirement(r: RequirementModel, subject: SubjectFigures | undefined): RequirementReport {
    const base = { line: r.line, subject: r.subject, metric: r.metric, op: r.operator, required: r.value };
    const actual = subject?.[r.metric];
    const wanted = `${r.subject} ${r.metric} ${r.operator} ${formatMetric(r.metric, r.value)}`;
    if ((actual === undefined || Number.isNaN(actual)) && subject?.probabilityBounds && (r.metric === 'probability' || r.metric === 'reliability')) {
        return requirementOnBounds(r, base, wanted, subject.probabilityBounds);
    }
    if (actual === undefined || Number.isNaN(actual)) {
        return { ...base, met: false, message: `${wanted}: ${r.subject} has no ${r.metric} figure to check` };
    }
    const met = compare(actual, r.operator, r.value);
    const margin = actual - r.value;
    const shown = `${r.subject} ${r.metric} is ${formatMetric(r.metric, actual)}`;
    // The share of the allowed unavailability (or downtime) still unused; negative when overspent.
    let used: number | undefined;
    if (r.metric === 'availability' && r.value < 1 && (r.operator === '>=' || r.operator === '>')) used = (1 - actual) / (1 - r.value);
    else if (r.metric === 'downtime' && r.value > 0 && (r.operator === '<=' || r.operator === '<')) used = actual / r.value;
    const budgetName = r.metric === 'downtime' ? 'downtime budget' : 'error budget';
    const budget = used === undefined ? ''
        : used <= 1 ? `; ${formatPercent(1 - used)} of the ${budgetName} left` : `; the ${budgetName} is overspent by ${formatPercent(used - 1)}`;
    const magnitude = formatMetric(r.metric, Math.abs(margin));
    const message = met
        ? `${shown}: meets ${r.operator} ${formatMetric(r.metric, r.value)} with a margin of ${magnitude}${budget}`
        : `${shown}: does not meet ${r.operator} ${formatMetric(r.metric, r.value)} (short by ${magnitude}${budget})`;
    return { ...base, actual, met, margin, message };
}
