/**
 * Dependency cascades (language.md §7). A cascade starts with one failed component and proceeds in
 * synchronous rounds: every working component with n dependencies, f of them failed at the start of the
 * round, fails with probability (f/n)^exponent. It stops after the first round with no new failure or
 * after `rounds` rounds. The size counts every failed component, the initiator included.
 *
 * Exact: the distribution of failed sets is carried round by round (sets reached by different paths
 * are merged), branching over the components at risk. That is done while the total number of branch
 * outcomes stays within `maxExactOutcomes` (default 200,000); beyond it, seeded Monte Carlo.
 */
import seedrandom from 'seedrandom';
import type { CascadeSettings, DependencyModel, ReliabilityModel } from './model.js';
import { wilsonInterval } from './monte-carlo/statistics.js';

export const DEFAULT_MAX_EXACT_OUTCOMES = 200_000;
export const DEFAULT_CASCADE_SAMPLES = 20_000;
export const DEFAULT_CASCADE_SEED = 42;
const Z95 = 1.959963984540054;

export interface CascadeOptions {
    seed?: number;
    samples?: number;
    maxExactOutcomes?: number;
    /** Analyse only the cascades started by these components (default: every component others depend on). */
    initiators?: string[];
}

export interface CascadeProblem {
    severity: 'error' | 'warning';
    kind: 'self-dependency' | 'exponent' | 'rounds';
    message: string;
    component?: string;
}

export interface CascadeFigures {
    initiator: string;
    method: 'exact' | 'monte-carlo';
    /** Cascade size (initiator included, as a string key) → probability. */
    distribution: Record<string, number>;
    expectedSize: number;
    /** Everything that depends on the initiator, directly or transitively. */
    dependents: string[];
    /** P(every dependent fails). */
    allDependentsFail: number;
    /** Monte Carlo only: the number of cascades simulated, the seed and 95% intervals. */
    samples?: number;
    seed?: number;
    expectedSizeInterval?: [number, number];
    allDependentsFailInterval?: [number, number];
}

export interface CascadeAnalysis {
    /** Keyed by initiator: every component that others depend on. */
    cascades: Record<string, CascadeFigures>;
    problems: CascadeProblem[];
}

/** The part of the graph a cascade from one initiator can reach, with local indices. */
interface Reach {
    nodes: string[];
    /** For every local node: its dependencies (local indices of those that can fail) and its total count n. */
    dependencies: { failing: number[]; total: number }[];
}

function reachFrom(initiator: string, dependenciesOf: Map<string, Set<string>>, dependentsOf: Map<string, Set<string>>): Reach {
    const nodes = [initiator];
    const seen = new Set(nodes);
    for (let head = 0; head < nodes.length; head++) {
        for (const d of dependentsOf.get(nodes[head]) ?? []) if (!seen.has(d)) { seen.add(d); nodes.push(d); }
    }
    const local = new Map(nodes.map((s, i) => [s, i] as const));
    const dependencies = nodes.map(node => {
        const all = [...(dependenciesOf.get(node) ?? [])];
        return { failing: all.flatMap(d => local.has(d) ? [local.get(d)!] : []), total: all.length };
    });
    return { nodes, dependencies };
}

function failureProbability(failed: number, total: number, exponent: number): number {
    if (failed === 0 || total === 0) return 0;
    return Math.min(1, (failed / total) ** exponent);
}

/** Per working node at risk: its probability of failing this round. */
function atRisk(reach: Reach, isFailed: (i: number) => boolean, exponent: number): [number, number][] {
    const risks: [number, number][] = [];
    reach.dependencies.forEach((deps, i) => {
        if (isFailed(i)) return;
        let f = 0;
        for (const d of deps.failing) if (isFailed(d)) f++;
        const p = failureProbability(f, deps.total, exponent);
        if (p > 0) risks.push([i, p]);
    });
    return risks;
}

const bit = (i: number) => 1n << BigInt(i);

function popCount(x: bigint): number {
    let count = 0;
    for (; x; x &= x - 1n) count++;
    return count;
}

/** Final failed sets with their probabilities, or null when the enumeration would exceed the budget. */
function enumerate(reach: Reach, settings: CascadeSettings, maxOutcomes: number): Map<bigint, number> | null {
    let active = new Map<bigint, number>([[1n, 1]]);
    const final = new Map<bigint, number>();
    const add = (map: Map<bigint, number>, key: bigint, p: number) => map.set(key, (map.get(key) ?? 0) + p);
    let outcomes = 0;
    for (let round = 0; round < settings.rounds && active.size; round++) {
        const next = new Map<bigint, number>();
        for (const [set, probability] of active) {
            const risks = atRisk(reach, i => (set & bit(i)) !== 0n, settings.exponent);
            const certain = risks.filter(([, p]) => p === 1).reduce((acc, [i]) => acc | bit(i), 0n);
            const random = risks.filter(([, p]) => p < 1);
            if (random.length > 30) return null;
            outcomes += 2 ** random.length;
            if (outcomes > maxOutcomes) return null;
            for (let mask = 0; mask < 2 ** random.length; mask++) {
                let p = probability, grown = set | certain;
                random.forEach(([i, q], k) => {
                    if (mask & (1 << k)) { p *= q; grown |= bit(i); } else p *= 1 - q;
                });
                if (p === 0) continue;
                add(grown === set ? final : next, grown, p);
            }
        }
        active = next;
    }
    for (const [set, p] of active) add(final, set, p);
    return final;
}

function figuresFromSets(initiator: string, reach: Reach, final: Map<bigint, number>): CascadeFigures {
    const everyone = reach.nodes.reduce((acc, _, i) => acc | bit(i), 0n);
    const distribution: Record<string, number> = {};
    let expectedSize = 0, allDependentsFail = 0;
    const sizes = [...final].map(([set, p]) => [popCount(set), p, set] as const).sort((a, b) => a[0] - b[0]);
    for (const [size, p, set] of sizes) {
        distribution[String(size)] = (distribution[String(size)] ?? 0) + p;
        expectedSize += size * p;
        if (set === everyone) allDependentsFail += p;
    }
    return { initiator, method: 'exact', distribution, expectedSize, dependents: reach.nodes.slice(1), allDependentsFail };
}

function simulate(initiator: string, reach: Reach, settings: CascadeSettings, samples: number, seed: number): CascadeFigures {
    const random = seedrandom(`${seed}:${initiator}`);
    const n = reach.nodes.length;
    const counts = new Map<number, number>();
    let sum = 0, sumSquares = 0, everyoneFailed = 0;
    const failed = new Uint8Array(n);
    for (let s = 0; s < samples; s++) {
        failed.fill(0);
        failed[0] = 1;
        let size = 1;
        for (let round = 0; round < settings.rounds; round++) {
            const newlyFailed = atRisk(reach, i => failed[i] === 1, settings.exponent).filter(([, p]) => random() < p);
            if (newlyFailed.length === 0) break;
            for (const [i] of newlyFailed) failed[i] = 1;
            size += newlyFailed.length;
        }
        counts.set(size, (counts.get(size) ?? 0) + 1);
        sum += size; sumSquares += size * size;
        if (size === n) everyoneFailed++;
    }
    const mean = sum / samples;
    const sd = samples > 1 ? Math.sqrt(Math.max(0, (sumSquares - samples * mean * mean) / (samples - 1))) : 0;
    const half = Z95 * sd / Math.sqrt(samples);
    const distribution: Record<string, number> = {};
    for (const size of [...counts.keys()].sort((a, b) => a - b)) distribution[String(size)] = counts.get(size)! / samples;
    return {
        initiator, method: 'monte-carlo', distribution, expectedSize: mean, dependents: reach.nodes.slice(1),
        allDependentsFail: everyoneFailed / samples, samples, seed,
        expectedSizeInterval: [mean - half, mean + half], allDependentsFailInterval: wilsonInterval(everyoneFailed, samples, 0.95)
    };
}

/** The nodes of a model's dependency graph: its components and every name a dependency mentions. */
export function cascadeNodes(model: ReliabilityModel): string[] {
    return [...new Set([...model.components.map(c => c.name), ...model.dependencies.flatMap(d => [d.dependent, ...d.dependencies])])];
}

export function analyzeCascades(components: string[], dependencies: DependencyModel[], settings: CascadeSettings, options: CascadeOptions = {}): CascadeAnalysis {
    const problems: CascadeProblem[] = [];
    if (!(settings.exponent >= 0 && Number.isFinite(settings.exponent))) {
        problems.push({ severity: 'error', kind: 'exponent', message: `the cascade exponent must be a non-negative number, not ${settings.exponent}` });
    }
    if (!(Number.isInteger(settings.rounds) && settings.rounds >= 0)) {
        problems.push({ severity: 'error', kind: 'rounds', message: `the number of cascade rounds must be a non-negative whole number, not ${settings.rounds}` });
    }
    const dependenciesOf = new Map<string, Set<string>>(components.map(c => [c, new Set()]));
    const dependentsOf = new Map<string, Set<string>>();
    for (const { dependent, dependencies: on } of dependencies) {
        const own = dependenciesOf.get(dependent) ?? new Set<string>();
        dependenciesOf.set(dependent, own);
        for (const d of on) {
            if (d === dependent) {
                problems.push({ severity: 'error', kind: 'self-dependency', message: `${d} cannot depend on itself; the self-dependency is ignored`, component: d });
                continue;
            }
            own.add(d);
            if (!dependentsOf.has(d)) dependentsOf.set(d, new Set());
            dependentsOf.get(d)!.add(dependent);
        }
    }
    const cascades: Record<string, CascadeFigures> = {};
    if (problems.some(p => p.kind !== 'self-dependency')) return { cascades, problems };
    const maxOutcomes = options.maxExactOutcomes ?? DEFAULT_MAX_EXACT_OUTCOMES;
    const initiators = [...dependentsOf.keys()].filter(c => !options.initiators || options.initiators.includes(c)).sort((a, b) => a.localeCompare(b));
    for (const initiator of initiators) {
        const reach = reachFrom(initiator, dependenciesOf, dependentsOf);
        const final = enumerate(reach, settings, maxOutcomes);
        cascades[initiator] = final
            ? figuresFromSets(initiator, reach, final)
            : simulate(initiator, reach, settings, options.samples ?? DEFAULT_CASCADE_SAMPLES, options.seed ?? DEFAULT_CASCADE_SEED);
    }
    return { cascades, problems };
}
