/**
 * Certified bounds on the failure probability of a coherent structure too large for one BDD.
 *
 * The upper bound is the exact probability of a superset of its failure function: AND operands likely to
 * fail are dropped, so each such gate fails at least as often. The lower bound is that of a subset: OR
 * operands unlikely next to their gate are dropped, so each such gate fails at most as often. Both
 * functions stay monotone, hence every gate above them moves the same way, and dropping operands also
 * cuts the sharing that makes the diagram large. Which operands go is guided by probabilities that treat
 * every gate's operands as independent; the bounds hold whatever the guide says, it only decides how
 * close they come. Thresholds are tried from the most drastic change on, milder and milder while the
 * diagrams fit the time, and then moved towards the first that did not, by bisection.
 *
 * A gate that holds at least half of the structure's components and shares none of them with the rest
 * (a module: one independent random variable) is bounded on its own first; the rest of the structure,
 * with the module as one basic event at its lower and then its upper bound, is usually small enough to
 * solve exactly, which carries the module's bounds up without loss.
 */
import { DiagramTimeLimitError, DiagramTooLargeError } from './bdd.js';
import { FaultTreeError, compileStructures, failureProbability } from './fault-tree.js';
import { componentsOf, copiedStructures, referencesFirst, type CommonCauseModel, type FaultExpr, type StructureModel } from './model.js';

export interface ProbabilityBounds {
    lower: number;
    upper: number;
    /**
     * The AND operands at least this likely to fail were dropped for `upper`. Absent: no superset fitted and
     * `upper` is 1, or `module` was solved exactly.
     */
    upperThreshold?: number;
    /** The OR operands less likely than this share of their gate were dropped for `lower`; absent as above (`lower` 0). */
    lowerThreshold?: number;
    /** The module bounded (or solved) on its own, whose bounds the rest carries exactly; the thresholds are its. */
    module?: string;
}

export interface BoundsOptions {
    /** Time for each diagram attempt (default 20 s). */
    attemptTimeLimitMs?: number;
    /**
     * Time for all attempts together (default: none). When it runs out the bounds found so far are returned:
     * still certain, only farther apart (0 and 1 when nothing fitted).
     */
    timeLimitMs?: number;
    /** Node limit of each attempt's diagrams (default: the engine's). */
    nodeLimit?: number;
    /** Upper bound: AND operands with an estimated probability at least this are dropped, tried in order. */
    upperThresholds?: readonly number[];
    /** Lower bound: OR operands estimated below this share of their gate are dropped, tried in order. */
    lowerThresholds?: readonly number[];
}

const UPPER_THRESHOLDS = [0.5, 0.3, 0.2, 0.1, 0.05];
const LOWER_THRESHOLDS = [0.001, 0.01, 0.03, 0.1, 0.3];

/** Bounds on P(`name` fails), components failing independently with probability q(component). */
export function probabilityBounds(structures: readonly StructureModel[], commonCauses: readonly CommonCauseModel[],
    componentNames: readonly string[], name: string, q: (component: string) => number, options: BoundsOptions = {}): ProbabilityBounds {
    const byName = new Map(structures.map(s => [s.name, s]));
    const estimate = independentEstimates(byName, q);
    // Estimating the structure visits all it uses, and refuses NOT and XOR; bottom-up, as the estimates recurse.
    const below = new Set<string>();
    const used = componentsOf(name, byName, below);
    for (const s of referencesFirst(structures)) if (below.has(s.name)) estimate({ kind: 'ref', name: s.name });
    const deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
    // The superset's attempts may take half of the time: the subset gets its share.
    let phaseDeadline = deadline;
    // P(target) of the transformed structures by one BDD, or undefined when it does not fit (in the time left).
    const attemptOn = (target: string, transformed: readonly StructureModel[] = structures, components: readonly string[] = componentNames,
        probability = q, timeLimitMs = Infinity): number | undefined =>
        solveWithin(target, transformed, commonCauses, components, probability,
            Math.min(options.attemptTimeLimitMs ?? 20_000, phaseDeadline - Date.now(), timeLimitMs), options.nodeLimit);
    const attempt = (transformed: readonly StructureModel[]) => attemptOn(name, transformed);
    const module = largestModule(byName, commonCauses, name, below, used);
    if (module !== undefined) {
        // A quarter of the time left for the module exactly: when it is too large, bounding it needs the rest.
        const exact = attemptOn(module, structures, componentNames, q, (deadline - Date.now()) / 4);
        // The module's bounds may take most of the time left; carrying them is one small diagram.
        const left = deadline - Date.now();
        const inner = exact !== undefined ? { lower: exact, upper: exact }
            : probabilityBounds(structures, commonCauses, componentNames, module, q, { ...options, timeLimitMs: Number.isFinite(left) ? 0.9 * left : undefined });
        const split = splitAt(module, structures, componentNames, name, q, attemptOn);
        if (split) return { ...inner, lower: split.at(inner.lower), upper: split.at(inner.upper), module };
    }
    phaseDeadline = deadline === Infinity ? Infinity : Date.now() + (deadline - Date.now()) / 2;
    const upper = mildestFitting(options.upperThresholds ?? UPPER_THRESHOLDS,
        threshold => attempt(structures.map(s => ({ ...s, failure: superset(s.failure, threshold, estimate) }))));
    phaseDeadline = deadline;
    const lower = mildestFitting(options.lowerThresholds ?? LOWER_THRESHOLDS,
        share => attempt(structures.map(s => ({ ...s, failure: subset(s.failure, share, estimate) }))));
    return {
        lower: lower?.value ?? 0, upper: upper?.value ?? 1,
        ...(upper ? { upperThreshold: upper.threshold } : {}), ...(lower ? { lowerThreshold: lower.threshold } : {})
    };
}

/**
 * A structure around its largest module M (see largestModule): P(structure) = whenWorking + (whenFailed − whenWorking)·P(M),
 * both conditional probabilities exact, since M is independent of everything else the structure uses.
 */
export interface ModuleSplit {
    module: string;
    /** P(the structure fails | M works). */
    whenWorking: number;
    /** P(the structure fails | M fails). */
    whenFailed: number;
    /** P(the structure fails) when P(M) = p. */
    at(p: number): number;
}

/** The split of `name` around its largest module, when it has one and the rest fits one diagram in the time given. */
export function moduleSplit(structures: readonly StructureModel[], commonCauses: readonly CommonCauseModel[],
    componentNames: readonly string[], name: string, q: (component: string) => number,
    options: { timeLimitMs?: number; nodeLimit?: number } = {}): ModuleSplit | undefined {
    const byName = new Map(structures.map(s => [s.name, s]));
    if (!byName.has(name)) return undefined;
    const deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
    const below = new Set<string>();
    const used = componentsOf(name, byName, below);
    const module = largestModule(byName, commonCauses, name, below, used);
    if (module === undefined) return undefined;
    return splitAt(module, structures, componentNames, name, q, (target, transformed, components, probability) =>
        solveWithin(target, transformed, commonCauses, components, probability, deadline - Date.now(), options.nodeLimit));
}

/** P(target) of the structures by one BDD in the time given, or undefined when it does not fit. */
function solveWithin(target: string, structures: readonly StructureModel[], commonCauses: readonly CommonCauseModel[],
    components: readonly string[], probability: (component: string) => number, timeLimitMs: number, nodeLimit: number | undefined): number | undefined {
    if (timeLimitMs <= 0) return undefined;
    const compiled = compileStructures(structures, commonCauses, components, { nodeLimit });
    try {
        return compiled.withTimeLimit(timeLimitMs, () => failureProbability(compiled, target, probability));
    } catch (error) {
        if (error instanceof FaultTreeError || error instanceof DiagramTooLargeError || error instanceof DiagramTimeLimitError) return undefined;
        throw error;
    }
}

type Attempt = (target: string, transformed: readonly StructureModel[], components: readonly string[],
    probability: (component: string) => number) => number | undefined;

/** `name` with the module as one basic event (under a name no component has), solved with it working and failed. */
function splitAt(module: string, structures: readonly StructureModel[], componentNames: readonly string[], name: string,
    q: (component: string) => number, attempt: Attempt): ModuleSplit | undefined {
    let event = `${module}#module`;
    while (componentNames.includes(event)) event += '#';
    const outer = structures.map(s => s.name === module ? { ...s, failure: { kind: 'event', name: event } as FaultExpr } : s);
    const components = [...componentNames, event];
    const conditional = (p: number) => attempt(name, outer, components, c => (c === event ? p : q(c)));
    const whenWorking = conditional(0);
    const whenFailed = whenWorking === undefined ? undefined : conditional(1);
    if (whenWorking === undefined || whenFailed === undefined) return undefined;
    return { module, whenWorking, whenFailed, at: p => whenWorking + (whenFailed - whenWorking) * p };
}

/** Bisection steps between the mildest threshold that fitted and the next milder one, which did not. */
const REFINEMENTS = 3;

/**
 * The mildest threshold whose diagram fits, found from the most drastic change on (it drops the most
 * operands, so it is the likeliest to fit, and fast): each milder one is tried until one does not fit,
 * then the threshold moves towards that one by bisection. A milder change drops fewer operands, so its
 * bound is at least as close; and a bound is at hand early, which matters when the time is short.
 */
function mildestFitting(mildestFirst: readonly number[], value: (threshold: number) => number | undefined): { threshold: number; value: number } | undefined {
    let best: { threshold: number; value: number } | undefined;
    let failing: number | undefined;
    for (const threshold of [...mildestFirst].reverse()) {
        const v = value(threshold);
        if (v === undefined) {
            failing = threshold;
            break;
        }
        best = { threshold, value: v };
    }
    if (best === undefined || failing === undefined) return best;
    let tooMild = failing;
    for (let step = 0; step < REFINEMENTS; step++) {
        const middle: number = (best.threshold + tooMild) / 2;
        const v = value(middle);
        if (v === undefined) tooMild = middle;
        else best = { threshold: middle, value: v };
    }
    return best;
}

/**
 * The gate under `name` with the most components, at least half of `name`'s, none of which `name` reaches
 * otherwise than through it (nor through a common-cause group): a module. `below` and `all`: the structures
 * and the components `name` uses (componentsOf). A gate under `K of N` copies is none: each copy is an
 * independent random variable, so P(name) is a polynomial in its probability, not the line of ModuleSplit.
 */
function largestModule(byName: Map<string, StructureModel>, commonCauses: readonly CommonCauseModel[], name: string,
    below: ReadonlySet<string>, all: ReadonlySet<string>): string | undefined {
    // The structures under copies: componentsOf collects them in its `seen`.
    const copied = new Set<string>();
    for (const s of below) for (const c of copiedStructures(byName.get(s)!.failure)) componentsOf(c, byName, copied);
    const size = new Map([...below].filter(s => s !== name && !copied.has(s)).map(s => [s, componentsOf(s, byName).size]));
    const candidates = [...size.keys()].filter(s => 2 * size.get(s)! >= all.size).sort((a, b) => size.get(b)! - size.get(a)!);
    for (const candidate of candidates) {
        const inside = componentsOf(candidate, byName);
        // Components `name` reaches without passing through the candidate.
        const outside = componentsOf(name, byName, new Set([candidate]));
        const linked = (c: string) => outside.has(c) || commonCauses.some(g => g.members.includes(c) && g.members.some(m => !inside.has(m) && all.has(m)));
        if (![...inside].some(linked)) return candidate;
    }
    return undefined;
}

/** Probabilities of expressions with every gate's operands taken as independent: a guide, not a figure. */
function independentEstimates(byName: Map<string, StructureModel>, q: (component: string) => number): (e: FaultExpr) => number {
    const ofStructure = new Map<string, number>();
    const estimate = (e: FaultExpr): number => {
        switch (e.kind) {
            case 'event': return q(e.name);
            case 'ref': {
                const known = ofStructure.get(e.name);
                if (known !== undefined) return known;
                const structure = byName.get(e.name);
                if (!structure) throw new FaultTreeError(`unknown structure '${e.name}'`);
                ofStructure.set(e.name, NaN);
                const p = estimate(structure.failure);
                ofStructure.set(e.name, p);
                return p;
            }
            // Every operand is estimated, also after a zero: the walk must see all of them.
            case 'and': return e.operands.map(estimate).reduce((p, o) => p * o, 1);
            case 'or': return 1 - e.operands.map(estimate).reduce((p, o) => p * (1 - o), 1);
            case 'atLeast': return atLeastProbability(e.k, e.operands.map(estimate));
            case 'copies': return atLeastProbability(e.k, Array(e.n).fill(estimate(e.of)));
            default: throw new FaultTreeError('bounds need a coherent structure (no NOT or XOR)');
        }
    };
    return estimate;
}

/** P(at least k of independent events with probabilities ps). */
function atLeastProbability(k: number, ps: readonly number[]): number {
    // exactly[j] = P(exactly j of the events so far).
    const exactly = [1, ...Array(ps.length).fill(0)];
    ps.forEach((p, i) => {
        for (let j = i + 1; j >= 1; j--) exactly[j] = exactly[j] * (1 - p) + exactly[j - 1] * p;
        exactly[0] *= 1 - p;
    });
    return exactly.slice(Math.max(0, k)).reduce((a, b) => a + b, 0);
}

/** A function that fails whenever `e` does: AND operands estimated at least `threshold` are dropped (the least likely stays). */
function superset(e: FaultExpr, threshold: number, estimate: (e: FaultExpr) => number): FaultExpr {
    switch (e.kind) {
        case 'and': {
            const operands = e.operands.map(o => superset(o, threshold, estimate));
            const likely = e.operands.map(o => estimate(o) >= threshold);
            const kept = operands.filter((_, i) => !likely[i]);
            if (kept.length > 0) return { kind: 'and', operands: kept };
            let least = 0;
            e.operands.forEach((o, i) => { if (estimate(o) < estimate(e.operands[least])) least = i; });
            return operands[least];
        }
        case 'or': return { kind: 'or', operands: e.operands.map(o => superset(o, threshold, estimate)) };
        case 'atLeast': return { ...e, operands: e.operands.map(o => superset(o, threshold, estimate)) };
        default: return e;
    }
}

/** A function that fails only when `e` does: OR operands estimated below `share` of their gate are dropped. */
function subset(e: FaultExpr, share: number, estimate: (e: FaultExpr) => number): FaultExpr {
    switch (e.kind) {
        case 'or': {
            const gate = estimate(e);
            // An empty OR never fails.
            return { kind: 'or', operands: e.operands.filter(o => estimate(o) >= share * gate).map(o => subset(o, share, estimate)) };
        }
        case 'and': return { kind: 'and', operands: e.operands.map(o => subset(o, share, estimate)) };
        case 'atLeast': return { ...e, operands: e.operands.map(o => subset(o, share, estimate)) };
        default: return e;
    }
}
