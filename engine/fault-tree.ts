/**
 * Exact structure functions: fault trees and reliability block diagrams (in failure logic) compiled
 * to BDDs, with their figures.
 *
 * API
 * ```ts
 * const compiled = compileStructures(structures, commonCauses, componentNames,
 *     { modularize = true, nodeLimit = 2^25, collectGarbageAbove = 2^20,
 *       orderSearch = { minLeaves: 16, firstBudget: 2^18 } });   // never throws
 * compiled.variables       // BasicEventVariable[]: { name, component, part, beta?, group? } — every basic event
 * compiled.problems        // StructureProblem[]: { structure, message } — unknown names, cycles, nesting too deep
 * compiled.structureNames  // the structures without problems
 * variableProbabilities(compiled, q)           // Float64Array, P(variable i) from component unreliabilities q
 * failureProbability(compiled, name, q)        // exact P(structure fails); cheap to repeat with other q
 * conditionedFailureProbability(compiled, name, q, { timeLimitMs?, nodeBudget = 2^20 })
 *                                              // the same exact P without one global BDD, for structures too large for it
 * countedFailureProbability(compiled, name, q, { timeLimitMs? })
 *                                              // the same by weighted model counting (engine/model-counting.ts)
 * structureFigures(compiled, name, q, { maxCutSets = 1000, cutSets = true, timeLimitMs? })  // StructureFigures
 * ```
 * `q(component)` is the component's failure probability. A variable's probability: plain and copy
 * variables q(component); ccf-independent (1 − β)·q(component); ccf-shared β·q(first member).
 * Calls on a structure with a problem, or whose diagram outgrows `nodeLimit` (or `timeLimitMs`), throw
 * `FaultTreeError`; cut sets that outgrow them leave `cutSetsUnavailable` set, the other figures exact.
 * A gate that outgrows `nodeLimit` is remembered: every later diagram using it fails at once.
 * `compiled.withTimeLimit(ms, work)` bounds the diagram work of several calls.
 *
 * Semantics chosen here:
 * - `copies` k of n: copy i of component X is the variable `X#i`; copy i of a structure renames every
 *   basic event e below it to `e#i` (nested copies give `e#i#j`, inner index first).
 * - Common cause (beta factor): member X fails when its independent part `X` (1 − β)·q or the shared
 *   event named by the group β·q fails. The shared event is one variable for every member and every
 *   copy of a member. A component in several groups uses the first group.
 * - Modularisation (Dutuit–Rauzy): a gate whose descendants are reachable only through it is a module;
 *   its BDD is built on its own and it appears in its parents as one pseudo-variable whose probability
 *   is the module's. Importance follows by the chain rule, cut sets by substituting the module's cut
 *   sets (disjoint supports keep minimality); prime implicants substitute PI(M) and PI(¬M).
 * - Cut sets of a non-coherent structure: `cutSets` are its prime implicants; `minimalCutSetCount`
 *   counts its minimal sets of failed events that fail it (the minimal cut sets with negations dropped,
 *   as PSA tools give them), by minsol with a module true at rest standing as `¬M` for minsol(¬M).
 * - Simplification first (engine/preprocess.ts): constants propagate, pass-through gates vanish, an
 *   AND/OR operand of the same kind used only there is merged into its parent. Modules are those
 *   of the simplified DAG.
 * - Variable order: depth-first from the roots (structures no other refers to, then the others, in
 *   declaration order), gate operands before basic events, gates with fewer variable occurrences
 *   (counted with repetition) first, otherwise in written order, variables at first appearance. A
 *   large module or top structure whose diagram outgrows a node budget in that order is built again
 *   with its own leaves (variables and direct sub-modules) re-ordered depth-first (operands by size
 *   ascending; gates first in written order; by size descending) and support-first (the leaves of
 *   gates shared by three or more parents, smallest first, before the rest) within the same budget; when
 *   none fits, the order that combined the most gates is built without budget. The leaves keep the
 *   same set of levels, so no other module changes.
 */
import { referencesFirst, type CommonCauseModel, type FaultExpr, type StructureModel } from './model.js';
import type { ImportanceFigures } from './report.js';
import { Bdd, Zbdd, DiagramTimeLimitError, DiagramTooLargeError, FALSE, TRUE, bddBirnbaum, bddProbability, bddProgram, type BddProgram } from './bdd.js';
import { analyseFamily, familySize, minimalSolutions, primeImplicants } from './cut-sets.js';
import { AND, ATLEAST, CONST, NOT, OR, VAR, XOR, depthFirstDates, modulesOf, reachablePostorder, simplifyDag, type DagNode } from './preprocess.js';
import { ConditioningTimeLimitError, conditionedProbability } from './conditioning.js';
import { ModelCountingLimitError, countedProbability, type ModelCountingStatistics } from './model-counting.js';

export type VariablePart = 'plain' | 'copy' | 'ccf-independent' | 'ccf-shared';

/** A basic event of the compiled structures: one independent random variable. */
export interface BasicEventVariable {
    name: string;
    /** The component whose q it takes (for ccf-shared: the group's first member). */
    component: string;
    part: VariablePart;
    /** The common-cause β, for ccf parts. */
    beta?: number;
    /** The common-cause group, for ccf parts. */
    group?: string;
}

export interface StructureProblem {
    structure: string;
    message: string;
}

export class FaultTreeError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'FaultTreeError';
    }
}

export interface CompileOptions {
    /** Solve independent sub-trees separately (default true). */
    modularize?: boolean;
    /** Node limit of each decision diagram (default 2^25). */
    nodeLimit?: number;
    /** Collect the BDD's garbage when it has grown past this many nodes (default 2^20). */
    collectGarbageAbove?: number;
    /**
     * Variable-order search: a module (or top structure) with at least `minLeaves` variables and
     * sub-modules (default 16) is built in several orders within `firstBudget` nodes each (default
     * 2^18); when none fits, the one that got furthest is built without budget.
     */
    orderSearch?: { minLeaves?: number; firstBudget?: number };
}

export interface CutSet {
    /** Variable names; a negated literal is written `not X`. */
    literals: string[];
    order: number;
    probability: number;
}

/** Minimal cut sets (negations dropped when the structure is not coherent), or prime implicants. */
export type CutSetKind = 'minimal' | 'prime-implicants';

export interface StructureFigures {
    probability: number;
    /** False when NOT/XOR make the structure non-coherent: `cutSets` are then prime implicants. */
    coherent: boolean;
    /** Sorted by order, then probability descending; at most `maxCutSets`. */
    cutSets: CutSet[];
    /** Exact number of minimal cut sets / prime implicants. */
    cutSetCount: number;
    truncated: boolean;
    /** Σ P(cut set) over all cut sets. */
    rareEvent: number;
    /** 1 − Π(1 − P(cut set)) over all cut sets. */
    mcub: number;
    /**
     * Per basic-event variable of the structure: Birnbaum P(top|1) − P(top|0), criticality Birnbaum·q/P,
     * Fussell–Vesely (P − P(top|0))/P, RAW P(top|1)/P, RRW P/P(top|0). Ratios over P are absent when
     * P = 0; RRW is absent when P(top|0) = 0 (infinite).
     */
    importance: Record<string, ImportanceFigures>;
    /** Variables that alone make the structure fail (cut sets of order 1). */
    singlePointsOfFailure: string[];
    /**
     * Why the cut sets could not be computed (too large, out of time); the cut-set figures are then
     * empty and 0, and singlePointsOfFailure is empty. The probability and importance stay exact.
     */
    cutSetsUnavailable?: string;
    /**
     * Of a non-coherent structure: the number of its minimal cut sets with the negated events dropped
     * (the minimal sets of failed events that fail it), as SCRAM and other PSA tools count them; absent
     * for a coherent structure (that is `cutSetCount`) and when too large (`cutSetsUnavailable` then says why,
     * and the prime implicants, at least as many, are not tried).
     */
    minimalCutSetCount?: number;
}

export interface FigureOptions {
    maxCutSets?: number;
    /**
     * Time limit for the figures: building the diagram past it throws FaultTreeError; the cut sets past it
     * leave `cutSetsUnavailable` set (checked every 256 diagram node lookups).
     */
    timeLimitMs?: number;
    /** Compute cut sets (default true); false leaves cutSets empty and the cut-set figures 0. */
    cutSets?: boolean;
}

/** Garbage collection runs when the BDD has grown past this, and past twice what survived the last one. */
const MIN_COLLECT_NODES = 1 << 20;
const ORDER_SEARCH_MIN_LEAVES = 16;
const ORDER_SEARCH_FIRST_BUDGET = 1 << 18;
/** Index of the depth-first written order (gates first) among the candidate orders. */
const WRITTEN_ORDER = 2;


class StructureBuildError extends Error {}

/** Fault-tree DAG built from the structures: copies expanded, common causes applied, refs shared. */
class DagBuilder {
    readonly nodes: DagNode[] = [];
    readonly variables: BasicEventVariable[] = [];
    readonly structureNode = new Map<string, number>();
    readonly failed = new Map<string, string>();
    readonly referenced = new Set<string>();
    private readonly variableByName = new Map<string, number>();
    private readonly variableNode: number[] = [];
    private readonly eventNode = new Map<string, number>();
    private readonly building = new Set<string>();
    private readonly structures = new Map<string, StructureModel>();
    private readonly groupOf = new Map<string, CommonCauseModel>();
    private readonly components: Set<string>;
    private readonly sharedName = new Map<string, string>();

    constructor(structures: readonly StructureModel[], commonCauses: readonly CommonCauseModel[], componentNames: readonly string[]) {
        for (const s of structures) if (!this.structures.has(s.name)) this.structures.set(s.name, s);
        this.components = new Set(componentNames);
        for (const g of commonCauses) for (const m of g.members) if (!this.groupOf.has(m)) this.groupOf.set(m, g);
    }

    private add(kind: number, k: number, children: number[]): number {
        this.nodes.push({ kind, k, children });
        return this.nodes.length - 1;
    }

    private variable(name: string, info: Omit<BasicEventVariable, 'name'>): number {
        const known = this.variableByName.get(name);
        if (known !== undefined) return this.variableNode[known];
        const index = this.variables.length;
        this.variables.push({ name, ...info });
        this.variableByName.set(name, index);
        const node = this.add(VAR, index, []);
        this.variableNode.push(node);
        return node;
    }

    /** Node of structure `name` with its basic events renamed by `suffix` ('' for the original). */
    structure(name: string, suffix: string): number {
        const key = `${name}\u0000${suffix}`;
        const known = this.structureNode.get(key);
        if (known !== undefined) return known;
        const failure = this.failed.get(name);
        if (failure !== undefined) throw new StructureBuildError(failure);
        const model = this.structures.get(name);
        if (!model) throw new StructureBuildError(`unknown structure or event '${name}'`);
        if (this.building.has(key)) throw new StructureBuildError(`'${name}' depends on itself (a cycle)`);
        this.building.add(key);
        try {
            const node = this.expression(model.failure, suffix);
            this.structureNode.set(key, node);
            return node;
        } catch (error) {
            // A RangeError is a stack overflow: structures nested thousands deep.
            const failure = error instanceof RangeError ? new StructureBuildError(`'${name}' is nested too deeply`) : error;
            // Every structure on the way fails with it, so that no later attempt walks the same path again.
            if (failure instanceof StructureBuildError) this.failed.set(name, failure.message);
            throw failure;
        } finally {
            this.building.delete(key);
        }
    }

    private event(name: string, suffix: string): number {
        if (!this.components.has(name) && this.structures.has(name)) {
            this.referenced.add(name);
            return this.structure(name, suffix);
        }
        const key = name + suffix;
        const known = this.eventNode.get(key);
        if (known !== undefined) return known;
        const group = this.groupOf.get(name);
        let node: number;
        if (!group) {
            node = this.variable(key, { component: name, part: suffix ? 'copy' : 'plain' });
        } else {
            const independent = this.variable(key, { component: name, part: 'ccf-independent', beta: group.beta, group: group.name });
            const shared = this.variable(this.sharedVariableName(group), {
                component: group.members[0], part: 'ccf-shared', beta: group.beta, group: group.name
            });
            node = this.add(OR, 0, [independent, shared]);
        }
        this.eventNode.set(key, node);
        return node;
    }

    /** The group's name, unless a basic event already has it. */
    private sharedVariableName(group: CommonCauseModel): string {
        const known = this.sharedName.get(group.name);
        if (known) return known;
        let name = group.name;
        while (this.components.has(name) || this.structures.has(name)) name += '#ccf';
        this.sharedName.set(group.name, name);
        return name;
    }

    private expression(e: FaultExpr, suffix: string): number {
        switch (e.kind) {
            case 'event': return this.event(e.name, suffix);
            case 'ref':
                this.referenced.add(e.name);
                return this.structure(e.name, suffix);
            case 'and': return this.add(AND, 0, e.operands.map(o => this.expression(o, suffix)));
            case 'or': return this.add(OR, 0, e.operands.map(o => this.expression(o, suffix)));
            case 'xor': return this.add(XOR, 0, e.operands.map(o => this.expression(o, suffix)));
            case 'not': return this.add(NOT, 0, [this.expression(e.operand, suffix)]);
            case 'atLeast': return this.add(ATLEAST, e.k, e.operands.map(o => this.expression(o, suffix)));
            case 'copies': {
                const copies: number[] = [];
                for (let i = 1; i <= e.n; i++) {
                    const copySuffix = `#${i}${suffix}`;
                    copies.push(e.of.kind === 'ref' ? (this.referenced.add(e.of.name), this.structure(e.of.name, copySuffix)) : this.event(e.of.name, copySuffix));
                }
                return this.add(ATLEAST, e.k, copies);
            }
        }
    }
}

/** Everything a structure's evaluation needs, computed once per structure. */
interface StructurePlan {
    /** Module gates reachable from the structure, children before parents, then the structure's node. */
    units: number[];
    coherent: boolean;
    /** Levels of the basic-event variables below the structure (also those its function does not depend on). */
    variableLevels: number[];
}

/** Structures compiled to decision diagrams; use it through the functions of this module. */
export class CompiledStructures {
    readonly variables: readonly BasicEventVariable[];
    readonly problems: readonly StructureProblem[];
    readonly structureNames: readonly string[];

    /** The DAG as built from the structures (the variables each structure mentions, coherence). */
    private readonly builtDag: DagNode[];
    /** The simplified DAG the diagrams are built from. */
    private readonly dag: DagNode[];
    /** Node of the simplified DAG for each built node (−1: not reachable from a structure). */
    private readonly simplifiedNode: Int32Array;
    private readonly nodeOfStructure = new Map<string, number>();
    private readonly bdd: Bdd;
    private zbddManager: Zbdd | undefined;
    /** BDD level of each variable, and of each module's pseudo-variable (−1: not a module). */
    private readonly levelOfVariable: Int32Array;
    private readonly pseudoLevel: Int32Array;
    /** Variable index at each level, or −1 − (module node) for a pseudo-variable. */
    private readonly atLevel: Int32Array;
    private readonly exitOrder: Int32Array;
    private readonly gateBdd = new Map<number, number>();
    /** Gates whose diagram outgrew the node limit. */
    private readonly outgrewLimit = new Set<number>();
    private readonly programs = new Map<number, BddProgram>();
    private readonly plans = new Map<number, StructurePlan>();
    private readonly problemOf = new Map<string, string>();
    private readonly minsolMemo = new Map<number, number>();
    private readonly primeMemo = new Map<number, number>();
    /** Families of modules keyed by 4·module + 2·(prime implicants) + (negated). */
    private readonly moduleFamilies = new Map<number, number>();
    private readonly moduleRests = new Map<number, boolean>();
    /** Variable occurrences below each node of the simplified DAG, counted with repetition. */
    private readonly occurrence: Float64Array;
    /** Simplified nodes of the structures no other refers to: in no module, so free to reorder. */
    private readonly topRoots = new Set<number>();
    private readonly minCollectNodes: number;
    private readonly orderSearchMinLeaves: number;
    private readonly orderSearchFirstBudget: number;
    private collectAbove: number;
    private liveAfterCollect = 0;
    /** Gates combined so far: how far a variable order got within its budget. */
    private gatesBuilt = 0;

    constructor(structures: readonly StructureModel[], commonCauses: readonly CommonCauseModel[], componentNames: readonly string[], options: CompileOptions) {
        const builder = new DagBuilder(structures, commonCauses, componentNames);
        const problems: StructureProblem[] = [];
        for (const s of referencesFirst(structures)) {
            if (this.nodeOfStructure.has(s.name) || this.problemOf.has(s.name)) continue;
            try {
                this.nodeOfStructure.set(s.name, builder.structure(s.name, ''));
            } catch (error) {
                if (!(error instanceof StructureBuildError)) throw error;
                builder.failed.set(s.name, error.message);
                this.problemOf.set(s.name, error.message);
                problems.push({ structure: s.name, message: error.message });
            }
        }
        this.variables = builder.variables;
        const position = new Map(structures.map((s, i) => [s.name, i]));
        this.problems = problems.sort((a, b) => position.get(a.structure)! - position.get(b.structure)!);
        this.structureNames = structures.map(s => s.name).filter(n => this.nodeOfStructure.has(n));
        this.builtDag = builder.nodes;
        this.bdd = new Bdd(options.nodeLimit);
        this.minCollectNodes = this.collectAbove = options.collectGarbageAbove ?? MIN_COLLECT_NODES;
        this.orderSearchMinLeaves = options.orderSearch?.minLeaves ?? ORDER_SEARCH_MIN_LEAVES;
        this.orderSearchFirstBudget = Math.max(1, options.orderSearch?.firstBudget ?? ORDER_SEARCH_FIRST_BUDGET);

        const roots = [
            ...this.structureNames.filter(n => !builder.referenced.has(n)),
            ...this.structureNames.filter(n => builder.referenced.has(n))
        ].map(n => this.nodeOfStructure.get(n)!);
        const simplified = simplifyDag(this.builtDag, roots);
        this.dag = simplified.nodes;
        this.simplifiedNode = simplified.nodeOf;
        for (const n of this.structureNames) if (!builder.referenced.has(n)) this.topRoots.add(this.simplifiedNode[this.nodeOfStructure.get(n)!]);
        this.occurrence = occurrences(this.dag);
        const order = orderAndModules(this.dag, this.occurrence, roots.map(r => this.simplifiedNode[r]), this.variables.length, options.modularize ?? true);
        this.levelOfVariable = order.levelOfVariable;
        this.pseudoLevel = order.pseudoLevel;
        this.atLevel = order.atLevel;
        this.exitOrder = order.exitOrder;
    }

    private zbdd(): Zbdd {
        this.zbddManager ??= new Zbdd(this.bdd.nodes.limit);
        return this.zbddManager;
    }

    /** The (built) node of a structure, or a FaultTreeError naming what is wrong. */
    node(name: string): number {
        const node = this.nodeOfStructure.get(name);
        if (node !== undefined) return node;
        throw new FaultTreeError(this.problemOf.get(name) ?? `unknown structure '${name}'`);
    }

    plan(node: number): StructurePlan {
        const known = this.plans.get(node);
        if (known) return known;
        const built = reachablePostorder(this.builtDag, [node]);
        let coherent = true;
        for (const n of built) if (this.builtDag[n].kind === NOT || this.builtDag[n].kind === XOR) coherent = false;
        const root = this.simplifiedNode[node];
        const units = reachablePostorder(this.dag, [root]).filter(n => n !== root && this.pseudoLevel[n] >= 0)
            .sort((a, b) => this.exitOrder[a] - this.exitOrder[b]);
        units.push(root);
        this.wrapLimit(() => { for (const unit of units) this.program(unit); });
        // Importance covers every variable the structure mentions, also those simplification removed.
        const variableLevels = built.filter(n => this.builtDag[n].kind === VAR)
            .map(n => this.levelOfVariable[this.builtDag[n].k]).sort((a, b) => a - b);
        const plan = { units, coherent, variableLevels };
        this.plans.set(node, plan);
        return plan;
    }

    private wrapLimit<T>(work: () => T): T {
        try {
            return work();
        } catch (error) {
            if (error instanceof DiagramTooLargeError) throw new FaultTreeError(`too large to solve exactly: ${error.message}`);
            if (error instanceof DiagramTimeLimitError) throw new FaultTreeError(`not solved within the time limit: ${error.message}`);
            // Diagram operations recurse once per variable level: a stack overflow means too many variables.
            if (error instanceof RangeError) throw new FaultTreeError(`too many variables to solve exactly: ${error.message}`);
            throw error;
        }
    }

    /** The BDD of a node's own function; module children appear as pseudo-variables. */
    private functionBdd(node: number): number {
        const known = this.gateBdd.get(node);
        if (known !== undefined) return known;
        // Build the non-module gates below bottom-up (by exit date) so that no recursion follows the tree's depth.
        const pending: number[] = [];
        const seen = new Set<number>([node]);
        const stack = [node];
        while (stack.length > 0) {
            const n = stack.pop()!;
            pending.push(n);
            for (const c of this.dag[n].children) {
                if (seen.has(c) || this.gateBdd.has(c) || this.isOperandLeaf(c)) continue;
                seen.add(c);
                stack.push(c);
            }
        }
        pending.sort((a, b) => this.exitOrder[a] - this.exitOrder[b]);
        if (pending.some(n => this.outgrewLimit.has(n))) throw new DiagramTooLargeError(this.bdd.nodes.limit);
        // Parents still to build, per gate of this call: a gate all of whose parents are built may be
        // dropped by a garbage collection (it is rebuilt if asked for again).
        const waiting = new Map<number, number>();
        for (const n of pending) for (const c of this.dag[n].children) if (seen.has(c)) waiting.set(c, (waiting.get(c) ?? 0) + 1);
        const done = new Set<number>();
        for (const n of pending) {
            this.gateBdd.set(n, this.combineWithinLimit(n));
            this.gatesBuilt++;
            for (const c of this.dag[n].children) {
                const left = waiting.get(c);
                if (left === undefined) continue;
                waiting.set(c, left - 1);
                if (left === 1) done.add(c);
            }
            if (this.bdd.nodeCount > this.collectAbove) this.collectGarbage(done);
        }
        return this.gateBdd.get(node)!;
    }

    /**
     * Combines a gate's operands, first collecting the garbage when the store is over half full and
     * garbage is more than a quarter of it (an attempt starts with half the store free, or with at most a
     * quarter of it taken by garbage). A gate that outgrows the limit is remembered (every later diagram
     * using it fails at once instead of filling the store again) and the garbage of its attempt is collected.
     */
    private combineWithinLimit(node: number): number {
        const limit = this.bdd.nodes.limit;
        if (this.bdd.nodeCount > limit / 2 && this.bdd.nodeCount - this.liveAfterCollect > limit / 4) this.collectGarbage(new Set());
        try {
            return this.combine(node);
        } catch (error) {
            if (error instanceof DiagramTooLargeError && error.limit === limit) {
                this.outgrewLimit.add(node);
                this.collectGarbage(new Set());
            }
            throw error;
        }
    }

    /** Drops the intermediate results of the operations and the gates no parent still needs. */
    private collectGarbage(droppable: Set<number>): void {
        for (const g of droppable) if (this.pseudoLevel[g] < 0) this.gateBdd.delete(g);
        droppable.clear();
        const gates = [...this.gateBdd.keys()];
        const edges = this.bdd.collect(gates.map(g => this.gateBdd.get(g)!));
        gates.forEach((g, i) => this.gateBdd.set(g, edges[i]));
        // Memos keyed by BDD edges are stale now; their ZBDD results stay valid but are recomputed on demand.
        this.minsolMemo.clear();
        this.primeMemo.clear();
        this.liveAfterCollect = this.bdd.nodeCount;
        this.collectAbove = Math.max(this.minCollectNodes, 2 * this.bdd.nodeCount);
    }

    private isOperandLeaf(node: number): boolean {
        const kind = this.dag[node].kind;
        return kind === VAR || kind === CONST || this.pseudoLevel[node] >= 0;
    }

    private operand(node: number): number {
        const d = this.dag[node];
        if (d.kind === VAR) return this.bdd.variable(this.levelOfVariable[d.k]);
        if (d.kind === CONST) return d.k ? TRUE : FALSE;
        if (this.pseudoLevel[node] >= 0) {
            // Modules are built before their parents (plan order); a constant module is its constant, so
            // that no pseudo-variable stands for a function it does not have (cut-set substitution needs this).
            const own = this.gateBdd.get(node);
            return own !== undefined && own <= TRUE ? own : this.bdd.variable(this.pseudoLevel[node]);
        }
        return this.gateBdd.get(node)!;
    }

    private combine(node: number): number {
        const d = this.dag[node];
        const bdd = this.bdd;
        if (d.kind === VAR || d.kind === CONST) return this.operand(node);
        // Combine the operands in variable order of their tops: keeps intermediate diagrams small.
        const operands = d.children.map(c => this.operand(c));
        switch (d.kind) {
            case AND: return bdd.andAll(sortByTop(bdd, operands));
            case OR: return bdd.orAll(sortByTop(bdd, operands));
            case XOR: return bdd.xorAll(operands);
            case NOT: return bdd.not(operands[0]);
            default: return bdd.atLeast(d.k, operands);
        }
    }

    private program(unit: number): BddProgram {
        const known = this.programs.get(unit);
        if (known) return known;
        const ownLeaves = this.pseudoLevel[unit] >= 0 || this.topRoots.has(unit);
        const program = bddProgram(this.bdd, ownLeaves ? this.moduleBdd(unit) : this.functionBdd(unit));
        this.programs.set(unit, program);
        return program;
    }

    /**
     * The BDD of a module's (or top structure's) own function, trying several orders of its own leaves
     * (its variables and direct sub-modules, which no module uses) within a node budget; when none
     * fits, the one that got furthest without budget. The leaves keep the same set of levels, so no
     * module is affected.
     */
    private moduleBdd(unit: number): number {
        const known = this.gateBdd.get(unit);
        if (known !== undefined) return known;
        const { leaves, gates } = this.scope(unit);
        if (leaves.length < this.orderSearchMinLeaves) return this.functionBdd(unit);
        const levels = leaves.map(leaf => this.leafLevel(leaf)).sort((a, b) => a - b);
        const orders = [
            leaves.slice().sort((a, b) => this.leafLevel(a) - this.leafLevel(b)),
            this.depthFirstLeaves(unit, 1, false),
            this.depthFirstLeaves(unit, 0, true), // WRITTEN_ORDER
            this.depthFirstLeaves(unit, -1, false),
            this.supportFirstLeaves(unit, gates)
        ];
        // Each order within the budget; if none fits, the one that combined the most gates, without budget
        // (on a tie the written order, the best on more Aralia trees).
        const progress: number[] = [];
        for (let o = 0; o < orders.length; o++) {
            this.assignLevels(orders[o], levels);
            this.bdd.nodes.budget = this.bdd.nodeCount + this.orderSearchFirstBudget;
            const builtBefore = this.gatesBuilt;
            try {
                const edge = this.functionBdd(unit);
                if (o !== 0) this.levelsChanged(gates);
                return edge;
            } catch (error) {
                if (!(error instanceof DiagramTooLargeError)) throw error;
                progress.push(this.gatesBuilt - builtBefore);
                for (const g of gates) this.gateBdd.delete(g);
                this.collectGarbage(new Set());
            } finally {
                this.bdd.nodes.budget = Infinity;
            }
        }
        let best = WRITTEN_ORDER;
        progress.forEach((p, o) => { if (p > progress[best]) best = o; });
        this.assignLevels(orders[best], levels);
        const edge = this.functionBdd(unit);
        if (best !== 0) this.levelsChanged(gates);
        return edge;
    }

    /** Variables and modules a unit's own diagram combines, and its gates that are not modules (itself included). */
    private scope(unit: number): { leaves: number[]; gates: number[] } {
        const leaves: number[] = [], gates = [unit];
        const seen = new Set<number>([unit]);
        for (let i = 0; i < gates.length; i++) {
            for (const c of this.dag[gates[i]].children) {
                if (seen.has(c)) continue;
                seen.add(c);
                const kind = this.dag[c].kind;
                if (kind === CONST) continue;
                if (kind === VAR || this.pseudoLevel[c] >= 0) leaves.push(c);
                else gates.push(c);
            }
        }
        return { leaves, gates };
    }

    private leafLevel(leaf: number): number {
        const d = this.dag[leaf];
        return d.kind === VAR ? this.levelOfVariable[d.k] : this.pseudoLevel[leaf];
    }

    private assignLevels(order: readonly number[], levels: readonly number[]): void {
        order.forEach((leaf, i) => {
            const d = this.dag[leaf], level = levels[i];
            if (d.kind === VAR) { this.levelOfVariable[d.k] = level; this.atLevel[level] = d.k; }
            else { this.pseudoLevel[leaf] = level; this.atLevel[level] = -1 - leaf; }
        });
    }

    /**
     * Leaves of a unit at their first depth-first visit, each gate's operands sorted by the number of
     * variable occurrences below them (through modules too), ascending (direction 1), descending (−1)
     * or as written (0); `gatesFirst`: gates before leaves.
     */
    private depthFirstLeaves(unit: number, direction: number, gatesFirst: boolean): number[] {
        const size = this.occurrence;
        const leafFirst = (c: number) => gatesFirst && this.isOperandLeaf(c) ? 0 : 1;
        return this.leavesDepthFirst(unit, [unit], n => this.dag[n].children.slice()
            .sort((a, b) => leafFirst(a) - leafFirst(b) || direction * (size[b] - size[a])));
    }

    /**
     * Leaves of a unit with the shared sub-structures first: the gates of the unit used by at least three
     * gates (support systems, in a PSA), fewest variable occurrences first, each contributing its leaves
     * depth-first, then the rest depth-first from the unit. Conditioning first on what many trains
     * share keeps the diagram of their conjunction narrow.
     */
    private supportFirstLeaves(unit: number, scopeGates: readonly number[]): number[] {
        const parents = new Map<number, number>();
        for (const g of scopeGates) for (const c of this.dag[g].children) parents.set(c, (parents.get(c) ?? 0) + 1);
        const size = this.occurrence;
        const shared = scopeGates.filter(g => g !== unit && (parents.get(g) ?? 0) >= 3).sort((a, b) => size[a] - size[b]);
        return this.leavesDepthFirst(unit, [...shared, unit], n => this.dag[n].children.slice().reverse());
    }

    /**
     * The unit's leaves (variables and sub-modules), each at its first visit of a depth-first walk from
     * each start in turn; `pushOrder(gate)` lists a gate's operands in reverse of their visiting order.
     */
    private leavesDepthFirst(unit: number, starts: readonly number[], pushOrder: (gate: number) => readonly number[]): number[] {
        const order: number[] = [];
        const seen = new Set<number>();
        for (const start of starts) {
            const stack = [start];
            while (stack.length > 0) {
                const n = stack.pop()!;
                if (seen.has(n)) continue;
                seen.add(n);
                if (this.dag[n].kind === CONST) continue;
                if (n !== unit && this.isOperandLeaf(n)) { order.push(n); continue; }
                for (const c of pushOrder(n)) stack.push(c);
            }
        }
        return order;
    }

    /**
     * A module's leaves moved: diagrams of gates outside it that are not modules may have used the old
     * levels (a structure inside it referenced elsewhere in it), so they, their programs and plans go.
     */
    private levelsChanged(scopeGates: readonly number[]): void {
        const inScope = new Set(scopeGates);
        for (const g of [...this.gateBdd.keys()]) if (this.pseudoLevel[g] < 0 && !inScope.has(g)) this.gateBdd.delete(g);
        for (const u of [...this.programs.keys()]) if (this.pseudoLevel[u] < 0) this.programs.delete(u);
        for (const key of [...this.moduleFamilies.keys()]) if (this.pseudoLevel[key >> 2] < 0) this.moduleFamilies.delete(key);
        this.plans.clear();
        this.minsolMemo.clear();
        this.primeMemo.clear();
    }

    /** Probability of each level: variables from q, pseudo-variables filled in by `evaluate`. */
    levelProbabilities(variableProbability: ArrayLike<number>): Float64Array {
        const p = new Float64Array(this.atLevel.length);
        for (let v = 0; v < this.variables.length; v++) p[this.levelOfVariable[v]] = variableProbability[v];
        return p;
    }

    /** P(structure) given level probabilities of the variables; fills in the modules' pseudo-levels. */
    evaluate(plan: StructurePlan, levelProbability: Float64Array): number {
        let probability = 0;
        for (const unit of plan.units) {
            probability = bddProbability(this.programs.get(unit)!, levelProbability);
            if (this.pseudoLevel[unit] >= 0) levelProbability[this.pseudoLevel[unit]] = probability;
        }
        return probability;
    }

    /** Birnbaum importance by level for every variable of the plan (chain rule through the modules). */
    birnbaum(plan: StructurePlan, levelProbability: Float64Array): { probability: number; birnbaum: Float64Array } {
        const probability = this.evaluate(plan, levelProbability);
        const birnbaum = new Float64Array(this.atLevel.length);
        const local = new Float64Array(this.atLevel.length);
        for (let u = plan.units.length - 1; u >= 0; u--) {
            const unit = plan.units[u];
            const program = this.programs.get(unit)!;
            const scale = u === plan.units.length - 1 ? 1 : birnbaum[this.pseudoLevel[unit]];
            bddBirnbaum(program, levelProbability, local);
            for (let i = 1; i < program.size; i++) {
                const level = program.level[i];
                birnbaum[level] += scale * local[level];
                local[level] = 0;
            }
        }
        return { probability, birnbaum };
    }

    variableAtLevel(level: number): number { return this.atLevel[level]; }

    /**
     * A family over variables only: the minimal cut sets (for a non-coherent structure the minimal sets
     * of failed events, negations dropped) or the prime implicants.
     */
    family(plan: StructurePlan, kind: CutSetKind): number {
        return this.wrapLimit(() => this.moduleFamily(plan.units[plan.units.length - 1], false, kind));
    }

    private moduleFamily(unit: number, negated: boolean, kind: CutSetKind): number {
        const key = 4 * unit + (kind === 'prime-implicants' ? 2 : 0) + (negated ? 1 : 0);
        const known = this.moduleFamilies.get(key);
        if (known !== undefined) return known;
        const zbdd = this.zbdd();
        const f = negated ? this.bdd.not(this.functionBdd(unit)) : this.functionBdd(unit);
        const raw = kind === 'minimal'
            ? minimalSolutions(this.bdd, zbdd, f, this.minsolMemo, level => this.restsTrue(level))
            : primeImplicants(this.bdd, zbdd, f, this.primeMemo);
        const result = this.substituteModules(raw, kind, new Map());
        this.moduleFamilies.set(key, result);
        return result;
    }

    /** Whether the variable at `level` is true while every event works: only a module of a non-coherent tree can be. */
    private restsTrue(level: number): boolean {
        const atLevel = this.atLevel[level];
        if (atLevel >= 0) return false;
        const module = -1 - atLevel;
        let rests = this.moduleRests.get(module);
        if (rests === undefined) {
            let f = this.functionBdd(module);
            while (f > TRUE) f = this.restsTrue(this.bdd.level(f)) ? this.bdd.high(f) : this.bdd.low(f);
            rests = f === TRUE;
            this.moduleRests.set(module, rests);
        }
        return rests;
    }

    /** Replaces each module literal by the module's family (or its negation's, for `not m`). */
    private substituteModules(z: number, kind: CutSetKind, memo: Map<number, number>): number {
        if (z <= 1) return z;
        const known = memo.get(z);
        if (known !== undefined) return known;
        const zbdd = this.zbdd();
        const level = zbdd.level(z);
        const low = this.substituteModules(zbdd.low(z), kind, memo);
        const high = this.substituteModules(zbdd.high(z), kind, memo);
        const atLevel = this.atLevel[level >> 1];
        let r: number;
        if (atLevel < 0) {
            const module = -1 - atLevel;
            r = zbdd.union(low, zbdd.product(high, this.moduleFamily(module, (level & 1) === 1, kind)));
        } else if (zbdd.level(low) > level && zbdd.level(high) > level) {
            r = zbdd.mk(level, low, high);
        } else {
            r = zbdd.union(low, zbdd.product(high, zbdd.mk(level, FALSE, TRUE)));
        }
        memo.set(z, r);
        return r;
    }

    zbddOf(): Zbdd { return this.zbdd(); }

    /** P(structure) by modules and Shannon conditioning on the simplified DAG (engine/conditioning.ts). */
    conditioned(node: number, variableProbability: Float64Array, options: ConditionedOptions): number {
        const deadline = options.timeLimitMs === undefined ? undefined : Date.now() + options.timeLimitMs;
        try {
            return conditionedProbability(this.dag, this.simplifiedNode[node], variableProbability, { nodeBudget: options.nodeBudget, deadline });
        } catch (error) {
            if (error instanceof ConditioningTimeLimitError) throw new FaultTreeError(`not solved within the time limit: ${error.message}`);
            throw error;
        }
    }

    /** P(structure) by weighted model counting on the simplified DAG (engine/model-counting.ts). */
    counted(node: number, variableProbability: Float64Array, options: CountedOptions): number {
        const deadline = options.timeLimitMs === undefined ? undefined : Date.now() + options.timeLimitMs;
        try {
            return countedProbability(this.dag, this.simplifiedNode[node], variableProbability, { deadline }, options.statistics);
        } catch (error) {
            if (error instanceof ModelCountingLimitError) throw new FaultTreeError(`not counted: ${error.message}`);
            throw error;
        }
    }

    /** Runs `work` with a deadline on both diagram managers (none when `timeLimitMs` is undefined). */
    withTimeLimit<T>(timeLimitMs: number | undefined, work: () => T): T {
        if (timeLimitMs === undefined) return work();
        // Within an outer limit, the earlier deadline holds; the outer one is back afterwards.
        const outer = this.bdd.nodes.deadline;
        this.bdd.nodes.deadline = this.zbdd().nodes.deadline = Math.min(outer, Date.now() + timeLimitMs);
        try {
            return work();
        } finally {
            this.bdd.nodes.deadline = this.zbdd().nodes.deadline = outer;
        }
    }
}

function sortByTop(bdd: Bdd, operands: number[]): number[] {
    return operands.slice().sort((a, b) => bdd.level(b) - bdd.level(a));
}

/** One depth-first pass gives both the variable order (first visits) and the modules (modulesOf). */
function orderAndModules(dag: DagNode[], size: Float64Array, roots: number[], variableCount: number, modularize: boolean) {
    const n = dag.length;
    const levelOfVariable = new Int32Array(variableCount).fill(-1);
    // Gate operands before basic events, gates with fewer variable occurrences first: on the Aralia
    // trees this order gives the smaller diagrams more often.
    const children = dag.map(d => [...d.children.filter(c => dag[c].kind > CONST).sort((a, b) => size[a] - size[b]),
        ...d.children.filter(c => dag[c].kind <= CONST)]);
    const dates = depthFirstDates(dag, roots, node => children[node]);
    const { first } = dates;
    const exitOrder = new Int32Array(n);
    let exits = 0;
    for (const g of dates.gatesByExit) exitOrder[g] = ++exits;
    // Nodes no root reaches (parts of structures with problems) still get an exit date.
    for (let i = 0; i < n; i++) if (exitOrder[i] === 0) exitOrder[i] = ++exits;

    const pseudoLevel = new Int32Array(n).fill(-1);
    if (modularize) for (const g of modulesOf(dag, dates)) pseudoLevel[g] = 0;
    // Levels: a module's pseudo-variable at its first visit, a variable at its first appearance.
    const atLevel: number[] = [];
    const events: { date: number; module: number; variable: number }[] = [];
    for (let g = 0; g < n; g++) if (pseudoLevel[g] === 0) events.push({ date: first[g], module: g, variable: -1 });
    for (let i = 0; i < n; i++) if (dag[i].kind === VAR && first[i] !== 0) events.push({ date: first[i], module: -1, variable: dag[i].k });
    events.sort((a, b) => a.date - b.date);
    for (const e of events) {
        if (e.module >= 0) { pseudoLevel[e.module] = atLevel.length; atLevel.push(-1 - e.module); }
        else { levelOfVariable[e.variable] = atLevel.length; atLevel.push(e.variable); }
    }
    for (let v = 0; v < variableCount; v++) if (levelOfVariable[v] < 0) { levelOfVariable[v] = atLevel.length; atLevel.push(v); }
    return { levelOfVariable, pseudoLevel, atLevel: Int32Array.from(atLevel), exitOrder };
}

/** Variable occurrences below each node, counted with repetition (nodes are children-first in `dag`). */
function occurrences(dag: readonly DagNode[]): Float64Array {
    const size = new Float64Array(dag.length);
    for (let n = 0; n < dag.length; n++) {
        const children = dag[n].children;
        size[n] = children.length === 0 ? 1 : children.reduce((sum, c) => sum + size[c], 0);
    }
    return size;
}

/** Compiles named structures (failure logic) with their common causes; never throws on bad input. */
export function compileStructures(structures: readonly StructureModel[], commonCauses: readonly CommonCauseModel[],
    componentNames: readonly string[], options: CompileOptions = {}): CompiledStructures {
    return new CompiledStructures(structures, commonCauses, componentNames, options);
}

/** P(variable i fails) for every variable, from the components' failure probabilities. */
export function variableProbabilities(compiled: CompiledStructures, q: (component: string) => number): Float64Array {
    const p = new Float64Array(compiled.variables.length);
    compiled.variables.forEach((v, i) => {
        const qc = q(v.component);
        p[i] = v.part === 'ccf-independent' ? (1 - v.beta!) * qc : v.part === 'ccf-shared' ? v.beta! * qc : qc;
    });
    return p;
}

/** Exact P(structure `name` fails). Only the probability pass runs again for a new q. */
export function failureProbability(compiled: CompiledStructures, name: string, q: (component: string) => number): number {
    const plan = compiled.plan(compiled.node(name));
    return compiled.evaluate(plan, compiled.levelProbabilities(variableProbabilities(compiled, q)));
}

export interface ConditionedOptions {
    /** Past it, FaultTreeError. */
    timeLimitMs?: number;
    /** Node budget of each BDD before a module is split on a variable instead (default 2^20). */
    nodeBudget?: number;
}

/**
 * Exact P(structure `name` fails) without one BDD of the whole: each module is solved on its own and
 * one too large for `nodeBudget` nodes is split on a variable (Shannon), which uncovers new modules.
 * For structures whose diagram outgrows the node limit; the probability only.
 */
export function conditionedFailureProbability(compiled: CompiledStructures, name: string, q: (component: string) => number,
    options: ConditionedOptions = {}): number {
    return compiled.conditioned(compiled.node(name), variableProbabilities(compiled, q), options);
}

export interface CountedOptions {
    /** Past it, FaultTreeError. */
    timeLimitMs?: number;
    /** Filled with the search's decisions and cache hits. */
    statistics?: ModelCountingStatistics;
}

/**
 * Exact P(structure `name` fails) by weighted model counting, which decides gates as well as basic events
 * and so solves some structures whose every BDD is too large. The probability only.
 */
export function countedFailureProbability(compiled: CompiledStructures, name: string, q: (component: string) => number,
    options: CountedOptions = {}): number {
    return compiled.counted(compiled.node(name), variableProbabilities(compiled, q), options);
}

/** Every figure of one structure. */
export function structureFigures(compiled: CompiledStructures, name: string, q: (component: string) => number,
    options: FigureOptions = {}): StructureFigures {
    return compiled.withTimeLimit(options.timeLimitMs, () => figuresOf(compiled, name, q, options));
}

function figuresOf(compiled: CompiledStructures, name: string, q: (component: string) => number, options: FigureOptions): StructureFigures {
    const plan = compiled.plan(compiled.node(name));
    const variableProbability = variableProbabilities(compiled, q);
    const levelProbability = compiled.levelProbabilities(variableProbability);
    const { probability, birnbaum } = compiled.birnbaum(plan, levelProbability);

    const importance: Record<string, ImportanceFigures> = {};
    for (const level of plan.variableLevels) {
        const variable = compiled.variableAtLevel(level);
        const p = variableProbability[variable];
        const b = birnbaum[level];
        const ifFailed = probability + (1 - p) * b;
        const ifWorking = probability - p * b;
        const figures: ImportanceFigures = { birnbaum: b };
        if (probability > 0) {
            figures.criticality = b * p / probability;
            figures.fussellVesely = (probability - ifWorking) / probability;
            figures.raw = ifFailed / probability;
            if (ifWorking > 0) figures.rrw = probability / ifWorking;
        }
        importance[compiled.variables[variable].name] = figures;
    }

    const figures: StructureFigures = {
        probability, coherent: plan.coherent, cutSets: [], cutSetCount: 0, truncated: false,
        rareEvent: 0, mcub: 0, importance, singlePointsOfFailure: []
    };
    if (options.cutSets === false) return figures;
    const zbdd = compiled.zbddOf();
    if (!plan.coherent) {
        // The count PSA tools (SCRAM, …) give for a non-coherent tree, beside its prime implicants. There are
        // at least as many prime implicants (each minimal cut set is the positive part of one), so when the
        // minimal cut sets are out of reach the prime implicants are not tried and one reason covers both.
        try {
            figures.minimalCutSetCount = familySize(zbdd, compiled.family(plan, 'minimal'));
        } catch (error) {
            if (!(error instanceof FaultTreeError)) throw error;
            figures.cutSetsUnavailable = error.message;
            return figures;
        }
    }
    let family: number;
    try {
        family = compiled.family(plan, plan.coherent ? 'minimal' : 'prime-implicants');
    } catch (error) {
        if (!(error instanceof FaultTreeError)) throw error;
        figures.cutSetsUnavailable = error.message;
        return figures;
    }
    const literalProbability = (literal: number): number => {
        const p = variableProbability[compiled.variableAtLevel(literal >> 1)];
        return literal & 1 ? 1 - p : p;
    };
    const listing = analyseFamily(zbdd, family, literalProbability, options.maxCutSets ?? 1000);
    const literalName = (literal: number): string => {
        const name = compiled.variables[compiled.variableAtLevel(literal >> 1)].name;
        return literal & 1 ? `not ${name}` : name;
    };
    figures.cutSets = listing.sets.map(s => ({ literals: s.literals.map(literalName), order: s.literals.length, probability: s.probability }));
    figures.cutSetCount = listing.count;
    figures.truncated = listing.truncated;
    figures.rareEvent = listing.rareEvent;
    figures.mcub = listing.minCutUpperBound;
    figures.singlePointsOfFailure = listing.singletons.map(level => compiled.variables[compiled.variableAtLevel(level)].name);
    return figures;
}
