/**
 * Exact probability of a fault-tree DAG too large for one BDD: recursive modularisation and
 * Shannon conditioning. Each module (a gate whose sub-DAG shares nothing with the rest) is solved on
 * its own, bottom-up, and then stands for one variable with its probability. A module whose BDD
 * outgrows the node budget is split on the variable x on the most paths from its top:
 * P(m) = P(x)·P(m | x = 1) + (1 − P(x))·P(m | x = 0); fixing x propagates constants, which
 * removes gates and uncovers new modules in both halves.
 */
import { Bdd, DiagramTooLargeError, FALSE, TRUE, bddProbability, bddProgram } from './bdd.js';
import { AND, CONST, NOT, OR, VAR, XOR, depthFirstDates, modulesOf, reachablePostorder, simplifyDag, type DagNode } from './preprocess.js';

export interface ConditioningOptions {
    /** Node budget of each BDD attempt before the module is split instead (default 2^20). */
    nodeBudget?: number;
    /** Date.now() after which the computation throws ConditioningTimeLimitError. */
    deadline?: number;
}

export class ConditioningTimeLimitError extends Error {
    constructor() {
        super('the conditioned computation ran out of time');
        this.name = 'ConditioningTimeLimitError';
    }
}

export interface ConditioningStatistics {
    /** BDDs built (one per module solved without a split). */
    bdds: number;
    /** Splits on a variable. */
    splits: number;
    /** Modules met again (in another branch) and not solved again. */
    cached: number;
}

/** Exact P(root) for independent variables with P(variable k) = variableProbability[k]. */
export function conditionedProbability(dag: readonly DagNode[], root: number, variableProbability: ArrayLike<number>,
    options: ConditioningOptions = {}, statistics: ConditioningStatistics = { bdds: 0, splits: 0, cached: 0 }): number {
    const budget = options.nodeBudget ?? 1 << 20;
    const deadline = options.deadline ?? Infinity;
    // Variable probabilities, extended by one pseudo-variable per solved module.
    const probability: number[] = Array.from(variableProbability);
    // Hash-consing of sub-DAGs across all branches: equal ids are equal functions of the same variables
    // (a pseudo-variable takes the id of the module it stands for), so a module is solved once.
    const internId = new Map<string, number>();
    const idOfVariable = new Map<number, number>();
    const solved = new Map<number, number>();
    const intern = (key: string): number => {
        let id = internId.get(key);
        if (id === undefined) { id = internId.size; internId.set(key, id); }
        return id;
    };

    return solve(dag, root);

    function solve(graph: readonly DagNode[], top: number): number {
        if (Date.now() > deadline) throw new ConditioningTimeLimitError();
        const simplified = simplifyDag(graph, [top]);
        const nodes = simplified.nodes;
        const r = simplified.nodeOf[top];
        const id = new Map<number, number>();
        for (const n of reachablePostorder(nodes, [r])) {
            const d = nodes[n];
            id.set(n, d.kind === VAR ? idOfVariable.get(d.k) ?? intern(`v${d.k}`)
                : intern(`${d.kind},${d.k}:${d.children.map(c => id.get(c)!).sort((a, b) => a - b).join(',')}`));
        }
        for (const m of modulesBottomUp(nodes, r)) {
            const d = nodes[m];
            if (d.kind === VAR) continue;
            const key = id.get(m)!;
            let p = solved.get(key);
            if (p === undefined) {
                p = solveModule(nodes, m);
                solved.set(key, p);
            } else {
                statistics.cached++;
            }
            if (m === r) return p;
            probability.push(p);
            idOfVariable.set(probability.length - 1, key);
            nodes[m] = { kind: VAR, k: probability.length - 1, children: [] };
        }
        const d = nodes[r];
        return d.kind === CONST ? d.k : probability[d.k];
    }

    /** P(module m) whose sub-modules are already variables. */
    function solveModule(nodes: DagNode[], m: number): number {
        if (nodes[m].kind === CONST) return nodes[m].k;
        const viaBdd = bddAttempt(nodes, m);
        if (viaBdd !== undefined) { statistics.bdds++; return viaBdd; }
        statistics.splits++;
        const x = mostRepeatedVariable(nodes, m);
        const p = probability[nodes[x].k];
        const fixed = (value: number) => {
            const copy = nodes.slice();
            copy[x] = { kind: CONST, k: value, children: [] };
            return solve(copy, m);
        };
        return p * fixed(1) + (1 - p) * fixed(0);
    }

    /** P(m) from one BDD in depth-first order, or undefined when it outgrows the budget. */
    function bddAttempt(nodes: readonly DagNode[], m: number): number | undefined {
        const order = reachablePostorder(nodes, [m]);
        const levelOf = new Map<number, number>();
        const levelProbability: number[] = [];
        for (const n of depthFirstVariables(nodes, m)) { levelOf.set(n, levelProbability.length); levelProbability.push(probability[nodes[n].k]); }
        const bdd = new Bdd(budget);
        const edge = new Map<number, number>();
        try {
            for (const n of order) {
                const d = nodes[n];
                const operands = d.children.map(c => edge.get(c)!);
                let e: number;
                switch (d.kind) {
                    case VAR: e = bdd.variable(levelOf.get(n)!); break;
                    case CONST: e = d.k ? TRUE : FALSE; break;
                    case AND: e = bdd.andAll(operands.sort((a, b) => bdd.level(b) - bdd.level(a))); break;
                    case OR: e = bdd.orAll(operands.sort((a, b) => bdd.level(b) - bdd.level(a))); break;
                    case XOR: e = bdd.xorAll(operands); break;
                    case NOT: e = bdd.not(operands[0]); break;
                    default: e = bdd.atLeast(d.k, operands);
                }
                edge.set(n, e);
            }
        } catch (error) {
            if (error instanceof DiagramTooLargeError) return undefined;
            throw error;
        }
        return bddProbability(bddProgram(bdd, edge.get(m)!), levelProbability);
    }
}

/**
 * The variable below m on the most paths from m: the one the sharing of the DAG repeats most, whose
 * fixing removes the most repetition.
 */
function mostRepeatedVariable(nodes: readonly DagNode[], m: number): number {
    const order = reachablePostorder(nodes, [m]);
    const paths = new Map<number, number>([[m, 1]]);
    for (let i = order.length - 1; i >= 0; i--) {
        const n = order[i], p = paths.get(n) ?? 0;
        for (const c of nodes[n].children) paths.set(c, (paths.get(c) ?? 0) + p);
    }
    let best = -1, bestPaths = -1;
    for (const n of order) if (nodes[n].kind === VAR && paths.get(n)! > bestPaths) { best = n; bestPaths = paths.get(n)!; }
    return best;
}

/** Variable nodes below m in depth-first order, gate operands before variables. */
function depthFirstVariables(nodes: readonly DagNode[], m: number): number[] {
    const seen = new Set<number>();
    const result: number[] = [];
    const stack = [m];
    while (stack.length > 0) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        if (nodes[n].kind === VAR) { result.push(n); continue; }
        const children = nodes[n].children;
        // Pushed in reverse so that they pop in order: gates first, then variables.
        const variables = children.filter(c => nodes[c].kind === VAR), gates = children.filter(c => nodes[c].kind !== VAR);
        for (let i = variables.length - 1; i >= 0; i--) stack.push(variables[i]);
        for (let i = gates.length - 1; i >= 0; i--) stack.push(gates[i]);
    }
    return result;
}

/** Modules below r (r included), children before parents. */
function modulesBottomUp(nodes: readonly DagNode[], r: number): number[] {
    const modules = modulesOf(nodes, depthFirstDates(nodes, [r]));
    if (modules[modules.length - 1] !== r) modules.push(r);
    return modules;
}
