/**
 * Exact probability of a DAG node by weighted model counting, for structures whose BDD does not fit.
 *
 * The DAG becomes a CNF (Tseitin): one variable per basic event, weighted by its probability, and one per
 * gate, defined by its clauses and weighted 1 either way (a gate's value follows from the events). The
 * count of the models where the node is true is then P(node). The search is that of the component-caching
 * model counters (sharpSAT, d4): decide a variable, propagate units, split what is left into components
 * that share no variable, count each on its own, and remember each component's count. Deciding gates, not
 * only events, is what beats the BDD: a decided gate cuts its parents off its inputs. Decisions follow a
 * min-degree elimination order of the CNF's primal graph from its end (the top of the tree decomposition
 * it defines), so that components split early. A gate whose value nothing asks for any more (all clauses
 * naming it outside its own definition are satisfied) is dropped with its definition: its value follows
 * from its inputs, so it adds no choice. The work grows with the width of that decomposition: a train of
 * nus9601 (width ~22) takes ~10^5 decisions, while its top (width > 50) stays out of reach.
 */
import { AND, ATLEAST, CONST, NOT, OR, VAR, XOR, reachablePostorder, type DagNode } from './preprocess.js';

export class ModelCountingLimitError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'ModelCountingLimitError';
    }
}

export interface ModelCountingOptions {
    /** Date.now() after which the count throws ModelCountingLimitError. */
    deadline?: number;
    /**
     * Integers the component cache may hold (keys, and 16 for each entry's overhead); past it, components are
     * no longer remembered (default 2^25: about 130 MB of keys).
     */
    cacheLimit?: number;
}

export interface ModelCountingStatistics {
    decisions: number;
    cacheHits: number;
}

const TRUE_LITERAL = -1, FALSE_LITERAL = -2;
/** Edges of the primal graph with its fill-in beyond which the elimination order is not computed. */
const MAX_PRIMAL_EDGES = 1 << 22;

/** The CNF of a DAG node: literal 2v is variable v true, 2v + 1 false. */
interface Cnf {
    variables: number;
    /** Probability of each event variable; NaN for a gate variable. */
    weight: number[];
    clauses: number[][];
    /** The gate variable a clause defines (−1: the unit clause asking for the node). */
    owner: number[];
}

/** Tseitin CNF of `root` being true; the root's value when it is a constant. */
function tseitin(dag: readonly DagNode[], root: number, variableProbability: ArrayLike<number>): Cnf | boolean {
    const weight: number[] = [], clauses: number[][] = [], owner: number[] = [];
    const literalOf = new Map<number, number>();
    const eventVariable = new Map<number, number>();
    const newVariable = (w: number) => { weight.push(w); return weight.length - 1; };
    const define = (kind: typeof AND | typeof OR, operands: number[]): number => {
        // Constants fold; one operand is the operand itself.
        const absorbing = kind === AND ? FALSE_LITERAL : TRUE_LITERAL;
        if (operands.includes(absorbing)) return absorbing;
        const kept = [...new Set(operands.filter(l => l >= 0))];
        // x and ¬x: an AND of them is false, an OR true.
        if (kept.some(l => kept.includes(l ^ 1))) return absorbing;
        if (kept.length === 0) return kind === AND ? TRUE_LITERAL : FALSE_LITERAL;
        if (kept.length === 1) return kept[0];
        const g = newVariable(NaN), gate = 2 * g;
        // AND: g → each operand, all operands → g. OR: the same on negations.
        const negate = kind === OR ? 1 : 0;
        for (const l of kept) { clauses.push([gate ^ 1 ^ negate, l ^ negate]); owner.push(g); }
        clauses.push([gate ^ negate, ...kept.map(l => l ^ 1 ^ negate)]);
        owner.push(g);
        return gate;
    };
    const not = (l: number) => l === TRUE_LITERAL ? FALSE_LITERAL : l === FALSE_LITERAL ? TRUE_LITERAL : l ^ 1;
    const xor = (a: number, b: number) => define(OR, [define(AND, [a, not(b)]), define(AND, [not(a), b])]);
    const atLeast = (k: number, operands: number[]): number => {
        // at least j of operands[i..] = (operands[i] ∧ at least j − 1 of the rest) ∨ at least j of the rest.
        const memo = new Map<number, number>();
        const from = (i: number, j: number): number => {
            if (j <= 0) return TRUE_LITERAL;
            if (operands.length - i < j) return FALSE_LITERAL;
            const key = i * (k + 1) + j;
            let l = memo.get(key);
            if (l === undefined) {
                l = define(OR, [define(AND, [operands[i], from(i + 1, j - 1)]), from(i + 1, j)]);
                memo.set(key, l);
            }
            return l;
        };
        return from(0, k);
    };
    // Children first (reachablePostorder walks on an explicit stack: deep DAGs must not overflow).
    for (const n of reachablePostorder(dag, [root])) {
        const node = dag[n];
        const operands = node.children.map(c => literalOf.get(c)!);
        let l: number;
        switch (node.kind) {
            case VAR: {
                let v = eventVariable.get(node.k);
                if (v === undefined) { v = newVariable(variableProbability[node.k]); eventVariable.set(node.k, v); }
                l = 2 * v;
                break;
            }
            case CONST: l = node.k ? TRUE_LITERAL : FALSE_LITERAL; break;
            case NOT: l = not(operands[0]); break;
            case AND: case OR: l = define(node.kind, operands); break;
            case XOR: l = operands.reduce((a, b) => xor(a, b), FALSE_LITERAL); break;
            case ATLEAST: l = atLeast(node.k, operands); break;
            default: throw new Error(`unknown DAG node kind ${node.kind}`);
        }
        literalOf.set(n, l);
    }
    const top = literalOf.get(root)!;
    if (top === TRUE_LITERAL || top === FALSE_LITERAL) return top === TRUE_LITERAL;
    clauses.push([top]);
    owner.push(-1);
    return { variables: weight.length, weight, clauses, owner };
}

/** Exact P(`root` is true) for independent variables with P(variable k) = variableProbability[k]. */
export function countedProbability(dag: readonly DagNode[], root: number, variableProbability: ArrayLike<number>,
    options: ModelCountingOptions = {}, statistics: ModelCountingStatistics = { decisions: 0, cacheHits: 0 }): number {
    const cnf = tseitin(dag, root, variableProbability);
    if (typeof cnf === 'boolean') return cnf ? 1 : 0;
    try {
        return new ModelCounter(cnf, options, statistics).probability();
    } catch (error) {
        if (error instanceof RangeError) throw new ModelCountingLimitError('the search went too deep for the stack');
        throw error;
    }
}

class ModelCounter {
    private readonly weight: Float64Array;
    private readonly isGate: Uint8Array;
    private readonly clauseStart: Int32Array;
    private readonly literals: Int32Array;
    private readonly owner: Int32Array;
    /** Clauses holding each literal, and each variable (either sign), as CSR. */
    private readonly literalClauseStart: Int32Array;
    private readonly literalClauses: Int32Array;
    private readonly variableClauseStart: Int32Array;
    private readonly variableClauses: Int32Array;
    /** −1 unassigned, else 0 or 1. */
    private readonly value: Int8Array;
    private readonly trail: Int32Array;
    private trailLength = 0;
    private readonly queue: Int32Array;
    /** Decision priority: the position in the elimination order. */
    private readonly priority: Int32Array;
    private readonly variableMark: Int32Array;
    private readonly clauseMark: Int32Array;
    private readonly outsideUses: Int32Array;
    private readonly outsideStamp: Int32Array;
    private stamp = 0;
    private readonly cache = new Map<number, { key: Int32Array; count: number }[]>();
    private cached = 0;
    private readonly deadline: number;
    private readonly cacheLimit: number;

    constructor(cnf: Cnf, options: ModelCountingOptions, private readonly statistics: ModelCountingStatistics) {
        const n = cnf.variables;
        this.weight = Float64Array.from(cnf.weight);
        this.isGate = Uint8Array.from(cnf.weight, w => Number.isNaN(w) ? 1 : 0);
        const clauseCount = cnf.clauses.length;
        this.clauseStart = new Int32Array(clauseCount + 1);
        cnf.clauses.forEach((c, i) => { this.clauseStart[i + 1] = this.clauseStart[i] + c.length; });
        this.literals = Int32Array.from(cnf.clauses.flat());
        this.owner = Int32Array.from(cnf.owner);
        [this.literalClauseStart, this.literalClauses] = csr(2 * n, cnf.clauses, l => l);
        [this.variableClauseStart, this.variableClauses] = csr(n, cnf.clauses, l => l >> 1);
        this.value = new Int8Array(n).fill(-1);
        this.trail = new Int32Array(n);
        this.queue = new Int32Array(n);
        this.deadline = options.deadline ?? Infinity;
        this.priority = eliminationPositions(n, cnf.clauses, this.deadline);
        this.variableMark = new Int32Array(n);
        this.clauseMark = new Int32Array(clauseCount);
        this.outsideUses = new Int32Array(n);
        this.outsideStamp = new Int32Array(n);
        this.cacheLimit = options.cacheLimit ?? 1 << 25;
    }

    probability(): number {
        const all = Int32Array.from({ length: this.clauseStart.length - 1 }, (_, i) => i);
        const unit = this.literals[this.clauseStart[all.length - 1]];
        if (!this.assign(unit)) return 0;
        let p = this.trailWeight(0);
        for (const [variables, clauses] of this.components(all)) p *= this.count(variables, clauses);
        return p;
    }

    /** Sets `literal` true and propagates units; false on a conflict (the trail keeps what was set). */
    private assign(literal: number): boolean {
        let head = 0, tail = 0;
        this.push(literal);
        this.queue[tail++] = literal;
        while (head < tail) {
            const falsified = this.queue[head++] ^ 1;
            for (let k = this.literalClauseStart[falsified]; k < this.literalClauseStart[falsified + 1]; k++) {
                const c = this.literalClauses[k];
                let open = -1, openCount = 0, satisfied = false;
                for (let j = this.clauseStart[c]; j < this.clauseStart[c + 1]; j++) {
                    const l = this.literals[j], v = this.value[l >> 1];
                    if (v < 0) { openCount++; open = l; } else if ((v ^ (l & 1)) === 1) { satisfied = true; break; }
                }
                if (satisfied) continue;
                if (openCount === 0) return false;
                if (openCount === 1) { this.push(open); this.queue[tail++] = open; }
            }
        }
        return true;
    }

    private push(literal: number): void {
        this.value[literal >> 1] = (literal & 1) ^ 1;
        this.trail[this.trailLength++] = literal >> 1;
    }

    private undo(to: number): void {
        while (this.trailLength > to) this.value[this.trail[--this.trailLength]] = -1;
    }

    /** Product of the weights of the events set since trail position `from`. */
    private trailWeight(from: number): number {
        let w = 1;
        for (let i = from; i < this.trailLength; i++) {
            const v = this.trail[i];
            if (!this.isGate[v]) w *= this.value[v] ? this.weight[v] : 1 - this.weight[v];
        }
        return w;
    }

    private satisfied(c: number): boolean {
        for (let j = this.clauseStart[c]; j < this.clauseStart[c + 1]; j++) {
            const l = this.literals[j], v = this.value[l >> 1];
            if (v >= 0 && (v ^ (l & 1)) === 1) return true;
        }
        return false;
    }

    /**
     * The open clauses of `clauses`, without the definitions of gates nothing asks for, split into components
     * (variables, clauses) that share no unassigned variable. Unassigned events in no open clause count 1.
     */
    private components(clauses: Int32Array): [Int32Array, Int32Array][] {
        const stamp = ++this.stamp;
        const open: number[] = [];
        for (const c of clauses) if (!this.satisfied(c)) { this.clauseMark[c] = stamp; open.push(c); }
        // Uses of each unassigned variable in open clauses other than its own definition.
        const uses = (v: number) => this.outsideStamp[v] === stamp ? this.outsideUses[v] : 0;
        const addUse = (v: number, delta: number) => {
            if (this.outsideStamp[v] !== stamp) { this.outsideStamp[v] = stamp; this.outsideUses[v] = 0; }
            this.outsideUses[v] += delta;
        };
        for (const c of open) {
            for (let j = this.clauseStart[c]; j < this.clauseStart[c + 1]; j++) {
                const v = this.literals[j] >> 1;
                if (this.value[v] < 0 && this.owner[c] !== v) addUse(v, 1);
            }
        }
        const unused: number[] = [];
        const DROPPED = -(1 << 30);
        for (const c of open) {
            const g = this.owner[c];
            if (g >= 0 && this.value[g] < 0 && uses(g) === 0) { addUse(g, DROPPED); unused.push(g); }
        }
        while (unused.length > 0) {
            const g = unused.pop()!;
            for (let k = this.variableClauseStart[g]; k < this.variableClauseStart[g + 1]; k++) {
                const c = this.variableClauses[k];
                if (this.owner[c] !== g || this.clauseMark[c] !== stamp) continue;
                this.clauseMark[c] = 0;
                for (let j = this.clauseStart[c]; j < this.clauseStart[c + 1]; j++) {
                    const v = this.literals[j] >> 1;
                    if (v === g || this.value[v] >= 0) continue;
                    addUse(v, -1);
                    if (uses(v) === 0 && this.isGate[v]) { addUse(v, DROPPED); unused.push(v); }
                }
            }
        }
        const found: [Int32Array, Int32Array][] = [];
        for (const first of open) {
            if (this.clauseMark[first] !== stamp) continue;
            const variables: number[] = [], componentClauses = [first];
            this.clauseMark[first] = -stamp;
            for (let i = 0; i < componentClauses.length; i++) {
                const c = componentClauses[i];
                for (let j = this.clauseStart[c]; j < this.clauseStart[c + 1]; j++) {
                    const v = this.literals[j] >> 1;
                    if (this.value[v] >= 0 || this.variableMark[v] === stamp) continue;
                    this.variableMark[v] = stamp;
                    variables.push(v);
                    for (let k = this.variableClauseStart[v]; k < this.variableClauseStart[v + 1]; k++) {
                        const d = this.variableClauses[k];
                        if (this.clauseMark[d] === stamp) { this.clauseMark[d] = -stamp; componentClauses.push(d); }
                    }
                }
            }
            found.push([Int32Array.from(variables).sort(), Int32Array.from(componentClauses).sort()]);
        }
        return found;
    }

    /** Weighted count of one component's models (its variables unassigned, its clauses open). */
    private count(variables: Int32Array, clauses: Int32Array): number {
        const key = new Int32Array(variables.length + clauses.length + 1);
        key.set(variables);
        key[variables.length] = -1;
        key.set(clauses, variables.length + 1);
        const hash = hashOf(key);
        const bucket = this.cache.get(hash);
        if (bucket) {
            for (const entry of bucket) {
                if (equal(entry.key, key)) { this.statistics.cacheHits++; return entry.count; }
            }
        }
        let decision = -1;
        for (const v of variables) if (decision < 0 || this.priority[v] > this.priority[decision]) decision = v;
        let total = 0;
        for (const literal of [2 * decision, 2 * decision + 1]) {
            this.statistics.decisions++;
            if (Date.now() > this.deadline) {
                throw new ModelCountingLimitError('not counted within the time limit');
            }
            const mark = this.trailLength;
            if (this.assign(literal)) {
                let w = this.trailWeight(mark);
                for (const [v, c] of this.components(clauses)) {
                    if (w === 0) break;
                    w *= this.count(v, c);
                }
                total += w;
            }
            this.undo(mark);
        }
        // An entry costs about as much as 16 more integers of key (its object, array and bucket).
        if (this.cached + key.length + 16 <= this.cacheLimit) {
            this.cached += key.length + 16;
            if (bucket) bucket.push({ key, count: total });
            else this.cache.set(hash, [{ key, count: total }]);
        }
        return total;
    }
}

/** Compressed rows: for each row r, the clauses with an entry mapped to r. */
function csr(rows: number, clauses: readonly number[][], row: (literal: number) => number): [Int32Array, Int32Array] {
    const start = new Int32Array(rows + 1);
    for (const c of clauses) for (const l of c) start[row(l) + 1]++;
    for (let r = 0; r < rows; r++) start[r + 1] += start[r];
    const next = start.slice(0, rows);
    const entries = new Int32Array(start[rows]);
    clauses.forEach((c, i) => { for (const l of c) entries[next[row(l)]++] = i; });
    return [start, entries];
}

/**
 * Position of each variable in a min-degree elimination order of the primal graph (variables adjacent when
 * they share a clause); the last eliminated sit at the top of the tree decomposition and are decided first.
 */
function eliminationPositions(n: number, clauses: readonly number[][], deadline: number): Int32Array {
    const neighbours = Array.from({ length: n }, () => new Set<number>());
    for (const c of clauses) {
        for (const a of c) for (const b of c) if ((a >> 1) !== (b >> 1)) neighbours[a >> 1].add(b >> 1);
    }
    const position = new Int32Array(n);
    const eliminated = new Uint8Array(n);
    // Lazy binary heap of (degree, variable): stale entries are skipped when popped.
    const heap: number[] = [];
    const keyOf = (degree: number, v: number) => degree * n + v;
    const push = (key: number) => {
        heap.push(key);
        for (let i = heap.length - 1; i > 0;) {
            const parent = (i - 1) >> 1;
            if (heap[parent] <= heap[i]) break;
            [heap[parent], heap[i]] = [heap[i], heap[parent]];
            i = parent;
        }
    };
    const pop = (): number => {
        const top = heap[0], last = heap.pop()!;
        if (heap.length > 0) {
            heap[0] = last;
            for (let i = 0; ;) {
                const l = 2 * i + 1, r = l + 1;
                let m = i;
                if (l < heap.length && heap[l] < heap[m]) m = l;
                if (r < heap.length && heap[r] < heap[m]) m = r;
                if (m === i) break;
                [heap[m], heap[i]] = [heap[i], heap[m]];
                i = m;
            }
        }
        return top;
    };
    for (let v = 0; v < n; v++) push(keyOf(neighbours[v].size, v));
    // Fill-in edges are the memory of this step: a graph that would need too many is too wide to count anyway.
    let edges = 0;
    for (const s of neighbours) edges += s.size;
    for (let step = 0; step < n;) {
        const key = pop(), v = key % n;
        if (eliminated[v] || Math.floor(key / n) !== neighbours[v].size) continue;
        eliminated[v] = 1;
        position[v] = step++;
        const around = [...neighbours[v]];
        for (const a of around) {
            neighbours[a].delete(v);
            const before = neighbours[a].size;
            for (const b of around) if (a !== b) neighbours[a].add(b);
            edges += neighbours[a].size - before;
            push(keyOf(neighbours[a].size, a));
        }
        neighbours[v].clear();
        if (edges > MAX_PRIMAL_EDGES) throw new ModelCountingLimitError('the formula is too wide to count');
        if ((step & 255) === 0 && Date.now() > deadline) throw new ModelCountingLimitError('not counted within the time limit');
    }
    return position;
}

function hashOf(key: Int32Array): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key[i], 0x01000193);
    return h >>> 0;
}

function equal(a: Int32Array, b: Int32Array): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}
