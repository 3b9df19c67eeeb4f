/**
 * The plain reliability model that every analysis works on. It knows nothing of Langium or
 * VS Code: the language layer builds it from the AST, the Open-PSA reader from XML, tests by hand.
 * Times are hours, rates are per hour, probabilities are plain numbers in [0, 1].
 */

/** A lifetime or repair-time distribution (all times in hours). */
export type Distribution =
    | { kind: 'exponential'; rate: number }
    | { kind: 'weibull'; shape: number; scale: number }
    /** `sigma` is the standard deviation of ln T. */
    | { kind: 'lognormal'; median: number; sigma: number }
    /** Conditioned on T > 0. */
    | { kind: 'normal'; mean: number; sd: number }
    | { kind: 'gamma'; shape: number; scale: number };

/** How a component fails: exactly one of these (a component may also have none, e.g. in a dependency graph). */
export type FailureBehaviour =
    /** Fails during the mission with probability `q`, whatever the mission length (`probability`, `reliability`). */
    | { kind: 'probability'; q: number }
    /** A lifetime distribution (`failure rate`, `mttf`, `lifetime`). */
    | { kind: 'lifetime'; distribution: Distribution }
    /** A steady-state availability only, no mission reliability (`availability`). */
    | { kind: 'availability'; availability: number };

export interface ComponentModel {
    name: string;
    failure?: FailureBehaviour;
    /** Time-to-repair distribution (`mttr D` is exponential with mean D). Only with a lifetime. */
    repair?: Distribution;
}

/**
 * A structure function in failure logic: the expression is true when the thing it describes has failed.
 * Reliability block diagrams are converted to this form (series → or, parallel → and,
 * "K of N work" → "at least N − K + 1 fail").
 */
export type FaultExpr =
    /** A basic event: the failure of a component. */
    | { kind: 'event'; name: string }
    /** The failure of another named structure (system, gate or top). */
    | { kind: 'ref'; name: string }
    | { kind: 'and' | 'or'; operands: FaultExpr[] }
    /** Odd parity: true when an odd number of operands are true. */
    | { kind: 'xor'; operands: FaultExpr[] }
    | { kind: 'not'; operand: FaultExpr }
    /** True when at least `k` operands are true. */
    | { kind: 'atLeast'; k: number; operands: FaultExpr[] }
    /**
     * At least `k` of `n` independent identical copies of `of` fail. Each copy of a component is a fresh
     * basic event with the component's distribution; each copy of a structure copies all its basic events.
     */
    | { kind: 'copies'; k: number; n: number; of: { kind: 'event' | 'ref'; name: string } };

/** The structures an expression refers to directly (through `ref` and copies of a structure), in order, with repeats. */
export function referencedStructures(e: FaultExpr): string[] {
    switch (e.kind) {
        case 'event': return [];
        case 'ref': return [e.name];
        case 'not': return referencedStructures(e.operand);
        case 'copies': return e.of.kind === 'ref' ? [e.of.name] : [];
        default: return e.operands.flatMap(referencedStructures);
    }
}

/** The structures an expression takes `K of N` independent copies of, directly. */
export function copiedStructures(e: FaultExpr): string[] {
    switch (e.kind) {
        case 'event': case 'ref': return [];
        case 'not': return copiedStructures(e.operand);
        case 'copies': return e.of.kind === 'ref' ? [e.of.name] : [];
        default: return e.operands.flatMap(copiedStructures);
    }
}

/**
 * The components a structure uses, through references; `seen` collects the structures visited (and, seeded,
 * keeps the walk out of them). An explicit stack: chains of structures thousands deep are fine.
 */
export function componentsOf(name: string, byName: Map<string, StructureModel>, seen = new Set<string>()): Set<string> {
    const used = new Set<string>();
    const root = byName.get(name);
    if (!root) return used;
    seen.add(name);
    const pending: FaultExpr[] = [root.failure];
    for (let e = pending.pop(); e !== undefined; e = pending.pop()) {
        switch (e.kind) {
            case 'event': used.add(e.name); break;
            case 'ref': {
                if (seen.has(e.name)) break;
                seen.add(e.name);
                const s = byName.get(e.name);
                if (s) pending.push(s.failure);
                break;
            }
            case 'not': pending.push(e.operand); break;
            case 'copies': pending.push({ kind: e.of.kind, name: e.of.name } as FaultExpr); break;
            default: for (const operand of e.operands) pending.push(operand);
        }
    }
    return used;
}

/**
 * Every node reachable from `roots`, each after its children (a depth-first post-order, children in their
 * order, on an explicit stack): built or evaluated in this order, a node finds the ones below it done
 * already, so chains thousands deep need no deep recursion. Cycles are left to the caller to find.
 */
export function childrenFirst<T>(roots: Iterable<T>, children: (node: T) => readonly T[]): T[] {
    const order: T[] = [];
    const visited = new Set<T>();
    for (const root of roots) {
        if (visited.has(root)) continue;
        visited.add(root);
        const stack = [{ node: root, below: children(root), next: 0 }];
        while (stack.length > 0) {
            const top = stack[stack.length - 1];
            if (top.next < top.below.length) {
                const child = top.below[top.next++];
                if (!visited.has(child)) {
                    visited.add(child);
                    stack.push({ node: child, below: children(child), next: 0 });
                }
                continue;
            }
            stack.pop();
            order.push(top.node);
        }
    }
    return order;
}

/** The structures, each after those it refers to (childrenFirst; the first of a duplicated name is the one referred to). */
export function referencesFirst(structures: readonly StructureModel[]): StructureModel[] {
    const byName = new Map<string, StructureModel>();
    for (const s of structures) if (!byName.has(s.name)) byName.set(s.name, s);
    return childrenFirst(structures, s => referencedStructures(s.failure).flatMap(name => byName.get(name) ?? []));
}

export type StructureKind = 'system' | 'gate' | 'top';

export interface StructureModel {
    name: string;
    kind: StructureKind;
    /** Failure logic of the structure. */
    failure: FaultExpr;
}

/** Beta-factor common cause: each member's Q splits into (1 − β)·Q independent and β·Q shared by all members. */
export interface CommonCauseModel {
    name: string;
    beta: number;
    members: string[];
}

export type MarkovModel = {
    name: string;
    states: string[];
    up: string[];
    start: string;
} & (
    /** Discrete time: a row-stochastic matrix in the order of `states`; `stepHours` when `step` is given. */
    | { kind: 'discrete'; matrix: number[][]; stepHours?: number }
    /** Continuous time: transition rates per hour. */
    | { kind: 'continuous'; transitions: { from: string; to: string; rate: number }[] }
);

export interface DependencyModel {
    dependent: string;
    dependencies: string[];
}

export interface CascadeSettings {
    exponent: number;
    rounds: number;
}

export interface DiagnosisModel {
    name: string;
    hypotheses: { name: string; prior: number; likelihood: number }[];
    observations: number;
}

export interface IncidentLogModel {
    name: string;
    /** The path as written, relative to the model file. */
    path: string;
    windowHours?: number;
}

export interface SimulationModel {
    name: string;
    target: { kind: 'system' | 'top' | 'markov' | 'cascade'; name: string };
    missions: number;
    horizonHours: number;
    /** Absent: a random seed is drawn and reported. */
    seed?: number;
    confidence: number;
    sensitivity?: { components: string[]; factors: number[] };
}

export type RequirementMetric = 'reliability' | 'availability' | 'probability' | 'mttf' | 'mtbf' | 'downtime';
export type RequirementOperator = '>=' | '<=' | '>' | '<' | '=';

export interface RequirementModel {
    subject: string;
    metric: RequirementMetric;
    operator: RequirementOperator;
    /** Probability for reliability/availability/probability, hours for mttf/mtbf, hours per year for downtime. */
    value: number;
    /** 1-based line of the `require`, for reports. */
    line: number;
}

export interface ReliabilityModel {
    missionHours: number;
    components: ComponentModel[];
    structures: StructureModel[];
    commonCauses: CommonCauseModel[];
    markov: MarkovModel[];
    dependencies: DependencyModel[];
    cascade: CascadeSettings;
    diagnoses: DiagnosisModel[];
    incidents: IncidentLogModel[];
    simulations: SimulationModel[];
    requirements: RequirementModel[];
}

export const HOURS_PER_YEAR = 8760;
export const DEFAULT_MISSION_HOURS = HOURS_PER_YEAR;
export const DEFAULT_CASCADE: CascadeSettings = { exponent: 2, rounds: 10 };

export function emptyModel(): ReliabilityModel {
    return {
        missionHours: DEFAULT_MISSION_HOURS, components: [], structures: [], commonCauses: [], markov: [],
        dependencies: [], cascade: { ...DEFAULT_CASCADE }, diagnoses: [], incidents: [], simulations: [], requirements: []
    };
}
