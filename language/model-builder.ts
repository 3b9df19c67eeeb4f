/**
 * AST → engine model. Each `read…` function interprets one kind of declaration and returns both its
 * engine form (when it can be built) and the problems found on the way, so the validator reports
 * exactly what the builder skips. `buildModel` never throws: a broken declaration is left out
 * (and anything that refers to it), the validator says why.
 */
import type { AstNode } from 'langium';
import {
    DEFAULT_CASCADE, emptyModel, referencedStructures,
    type CascadeSettings, type CommonCauseModel, type ComponentModel, type DiagnosisModel, type Distribution as DistributionModel, type FailureBehaviour,
    type FaultExpr, type IncidentLogModel, type MarkovModel, type ReliabilityModel, type RequirementMetric, type RequirementModel,
    type SimulationModel, type StructureModel
} from '../engine/model.js';
import {
    isComponent, isGate, isHypothesis, isMarkovMatrix, isMarkovStart, isMarkovStates, isMarkovStep, isMarkovUp, isMissionSetting,
    isObservations, isSensitivity, isSimulationSetting, isSimulationTarget, isSystem, isTransition,
    type AtLeast, type CascadeSetting, type CommonCause, type Component, type Diagnosis, type Distribution, type Expression, type Gate,
    type Incidents, type Markov, type MarkovMatrix, type Operation, type MissionSetting, type Model, type Probability, type Quantity, type Requirement,
    type Simulation, type SimulationSetting, type SimulationTarget, type System, type Transition
} from './generated/ast.js';
import { IssueCodes, type IssueCode } from './issue-codes.js';
import {
    closestMatch, didYouMean, downtimeHoursPerYear, durationHours, plainNumber, probabilityValue, ratePerHour, type QuantityResult
} from './units.js';

/** Something wrong in the source: the validator turns it into a diagnostic on `node`'s `property`. */
export interface Problem {
    severity: 'error' | 'warning';
    node: AstNode;
    property?: string;
    index?: number;
    message: string;
    code: IssueCode;
    data?: unknown;
}

export const DEFAULT_SIMULATION_MISSIONS = 10000;
export const DEFAULT_CONFIDENCE = 0.95;
/** Tolerance on the sum of a matrix row or of the priors. */
export const SUM_TOLERANCE = 1e-9;

function error(node: AstNode, property: string | undefined, message: string, code: IssueCode, index?: number, data?: unknown): Problem {
    return { severity: 'error', node, property, index, message, code, data };
}

function warning(node: AstNode, property: string | undefined, message: string, code: IssueCode, data?: unknown): Problem {
    return { severity: 'warning', node, property, message, code, data };
}

// ---------------------------------------------------------------------------------------------
// Quantities

export type QuantityKind = 'duration' | 'rate' | 'probability' | 'downtime' | 'number';
/** `probability`: [0, 1]; `openProbability`: (0, 1). */
export type QuantityRange = 'positive' | 'nonNegative' | 'probability' | 'openProbability' | 'any';

export interface QuantitySpec {
    /** What the number is, for messages: "a failure rate", "the mission time". */
    what: string;
    kind: QuantityKind;
    range: QuantityRange;
    integer?: boolean;
}

const RANGE_TEXT: Record<QuantityRange, string> = {
    positive: 'positive', nonNegative: 'zero or more', probability: 'within [0, 1]', openProbability: 'strictly between 0 and 1', any: ''
};

function capitalised(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

function interpret(q: Quantity, kind: QuantityKind, what: string): QuantityResult {
    switch (kind) {
        case 'duration': return durationHours(q);
        case 'rate': return ratePerHour(q);
        case 'probability': return probabilityValue(q);
        case 'downtime': return downtimeHoursPerYear(q);
        case 'number': return plainNumber(q, capitalised(what));
    }
}

/** Whether `value` is within `range` (and an integer when asked). */
export function inRange(value: number, range: QuantityRange, integer = false): boolean {
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
        return false;
    }
    switch (range) {
        case 'positive': return value > 0;
        case 'nonNegative': return value >= 0;
        case 'probability': return value >= 0 && value <= 1;
        case 'openProbability': return value > 0 && value < 1;
        case 'any': return true;
    }
}

export function rangeMessage(what: string, range: QuantityRange, integer: boolean | undefined, written: string): string {
    const requirement = integer
        ? `${range === 'nonNegative' ? 'a non-negative' : 'a positive'} integer`
        : RANGE_TEXT[range];
    return `${capitalised(what)} must be ${requirement}, not ${written}.`;
}

/** The text of a node as written, or `fallback`. */
function written(node: AstNode | undefined, fallback: number): string {
    return node?.$cstNode?.text ?? String(fallback);
}

/** A quantity read as `spec` says, or the problem that prevents it. Never throws on an incomplete node. */
export function readQuantity(q: Quantity | undefined, spec: QuantitySpec, problems: Problem[]): number | undefined {
    if (!q || typeof q.value !== 'number') {
        return undefined;
    }
    const result = interpret(q, spec.kind, spec.what);
    if ('problem' in result) {
        const code = result.problem.suggestion !== undefined || /^Unknown unit/.test(result.problem.message)
            ? IssueCodes.UnknownUnit : IssueCodes.WrongQuantity;
        problems.push(error(q, result.problem.property, `${capitalised(spec.what)}: ${result.problem.message}`, code, undefined,
            code === IssueCodes.UnknownUnit ? { suggestion: result.problem.suggestion } : undefined));
        return undefined;
    }
    if (!inRange(result.value, spec.range, spec.integer)) {
        problems.push(error(q, undefined, rangeMessage(spec.what, spec.range, spec.integer, written(q, q.value)), IssueCodes.OutOfRange));
        return undefined;
    }
    return result.value;
}

/** A bare number (`SignedNumber`) checked against a range; `property`/`index` locate it on `node`. */
function readNumber(value: number | undefined, node: AstNode, property: string, index: number | undefined,
    what: string, range: QuantityRange, integer: boolean, problems: Problem[]): number | undefined {
    if (typeof value !== 'number') {
        return undefined;
    }
    if (!inRange(value, range, integer)) {
        problems.push(error(node, property, rangeMessage(what, range, integer, String(value)), IssueCodes.OutOfRange, index));
        return undefined;
    }
    return value;
}

// ---------------------------------------------------------------------------------------------
// Components

/** `symbol` stands for the value in messages, as in language.md: weibull(shape K, scale D). */
interface ParameterSpec { name: string; kind: QuantityKind; range: QuantityRange; symbol: string }
interface DistributionSpec {
    /** Alternative parameter sets; exactly one must be given (exponential: rate or mean). */
    forms: ParameterSpec[][];
    build(parameters: Record<string, number>): DistributionModel;
}

const DISTRIBUTIONS: Record<string, DistributionSpec> = {
    exponential: {
        forms: [[{ name: 'rate', kind: 'rate', range: 'positive', symbol: 'R' }], [{ name: 'mean', kind: 'duration', range: 'positive', symbol: 'D' }]],
        build: p => ({ kind: 'exponential', rate: p.rate ?? 1 / p.mean })
    },
    weibull: {
        forms: [[{ name: 'shape', kind: 'number', range: 'positive', symbol: 'K' }, { name: 'scale', kind: 'duration', range: 'positive', symbol: 'D' }]],
        build: p => ({ kind: 'weibull', shape: p.shape, scale: p.scale })
    },
    lognormal: {
        forms: [[{ name: 'median', kind: 'duration', range: 'positive', symbol: 'D' }, { name: 'sigma', kind: 'number', range: 'positive', symbol: 'S' }]],
        build: p => ({ kind: 'lognormal', median: p.median, sigma: p.sigma })
    },
    normal: {
        forms: [[{ name: 'mean', kind: 'duration', range: 'positive', symbol: 'D' }, { name: 'sd', kind: 'duration', range: 'positive', symbol: 'D' }]],
        build: p => ({ kind: 'normal', mean: p.mean, sd: p.sd })
    },
    gamma: {
        forms: [[{ name: 'shape', kind: 'number', range: 'positive', symbol: 'K' }, { name: 'scale', kind: 'duration', range: 'positive', symbol: 'D' }]],
        build: p => ({ kind: 'gamma', shape: p.shape, scale: p.scale })
    }
};

export const DISTRIBUTION_NAMES: readonly string[] = Object.keys(DISTRIBUTIONS);

function formText(name: string, form: ParameterSpec[]): string {
    return `${name}(${form.map(p => `${p.name} ${p.symbol}`).join(', ')})`;
}

/** A lifetime or repair distribution; problems name the valid distributions and parameters. */
export function readDistribution(d: Distribution | undefined, problems: Problem[]): DistributionModel | undefined {
    if (!d || !d.name) {
        return undefined;
    }
    const spec = DISTRIBUTIONS[d.name];
    if (!spec) {
        const suggestion = closestMatch(d.name, DISTRIBUTION_NAMES);
        problems.push(error(d, 'name', `Unknown distribution '${d.name}'${didYouMean(suggestion)}; valid distributions are `
            + `${Object.entries(DISTRIBUTIONS).flatMap(([name, s]) => s.forms.map(f => formText(name, f))).join(', ')}.`,
        IssueCodes.UnknownDistribution, undefined, { suggestion }));
        return undefined;
    }
    const allowed = [...new Set(spec.forms.flat().map(p => p.name))];
    const usage = spec.forms.map(f => formText(d.name, f)).join(' or ');
    const values: Record<string, number> = {};
    const given = new Set<string>();
    let complete = true;
    let namesValid = true;
    for (const parameter of d.parameters) {
        if (!parameter.name) {
            complete = false;
            continue;
        }
        if (!allowed.includes(parameter.name)) {
            const suggestion = closestMatch(parameter.name, allowed);
            problems.push(error(parameter, 'name', `Unknown parameter '${parameter.name}' of ${d.name}${didYouMean(suggestion)}; write ${usage}.`,
                IssueCodes.UnknownParameter, undefined, { suggestion }));
            namesValid = false;
            continue;
        }
        if (given.has(parameter.name)) {
            problems.push(error(parameter, 'name', `Parameter '${parameter.name}' of ${d.name} is given twice.`, IssueCodes.DuplicateSetting));
            namesValid = false;
            continue;
        }
        given.add(parameter.name);
        const parameterSpec = spec.forms.flat().find(p => p.name === parameter.name)!;
        const value = readQuantity(parameter.value,
            { what: `the ${parameter.name} of ${d.name}`, kind: parameterSpec.kind, range: parameterSpec.range }, problems);
        if (value === undefined) {
            complete = false;
        } else {
            values[parameter.name] = value;
        }
    }
    const matching = spec.forms.filter(form => form.every(p => given.has(p.name)) && [...given].every(n => form.some(p => p.name === n)));
    if (namesValid && matching.length !== 1) {
        const missing = spec.forms.length === 1 ? spec.forms[0].filter(p => !given.has(p.name)).map(p => `'${p.name}'`) : [];
        const message = missing.length > 0
            ? `${capitalised(d.name)} needs ${missing.join(' and ')}: write ${usage}.`
            : `${capitalised(d.name)} takes exactly one of its forms: ${usage}.`;
        problems.push(error(d, 'name', message, IssueCodes.MissingParameter));
        return undefined;
    }
    return complete && namesValid ? spec.build(values) : undefined;
}

const LIFETIME_KINDS = new Set(['rate', 'mttf', 'lifetime']);
const FAILURE_KINDS = new Set(['reliability', 'probability', 'rate', 'mttf', 'lifetime', 'availability']);

function propertyText(kind: string): string {
    return kind === 'rate' ? 'failure rate' : kind;
}

/** A component: its failure behaviour (exactly one) and its repair (only with a lifetime). */
export function readComponent(c: Component, problems: Problem[]): ComponentModel {
    const component: ComponentModel = { name: c.name };
    let failureProperty: string | undefined;
    let repairProperty: string | undefined;
    let lifetimeGiven = false;
    for (const property of c.properties) {
        const kind = property.kind;
        if (FAILURE_KINDS.has(kind)) {
            if (failureProperty !== undefined) {
                problems.push(error(property, 'kind', `'${c.name}' already has a failure behaviour ('${propertyText(failureProperty)}'); `
                    + `a component has exactly one of reliability, probability, failure rate, mttf, lifetime or availability.`,
                IssueCodes.SecondFailureBehaviour));
                continue;
            }
            failureProperty = kind;
            lifetimeGiven = LIFETIME_KINDS.has(kind);
            const failure = readFailure(property.kind, property.value, property.distribution, problems);
            if (failure) {
                component.failure = failure;
            }
        } else if (kind === 'mttr' || kind === 'repair') {
            if (repairProperty !== undefined) {
                problems.push(error(property, 'kind', `'${c.name}' already has a repair time ('${repairProperty}'); give either mttr or repair, once.`,
                    IssueCodes.DuplicateSetting));
                continue;
            }
            repairProperty = kind;
            const repair = kind === 'mttr'
                ? exponentialWithMean(readQuantity(property.value, { what: 'the mean time to repair', kind: 'duration', range: 'positive' }, problems))
                : readDistribution(property.distribution, problems);
            if (repair) {
                component.repair = repair;
            }
        }
    }
    if (repairProperty !== undefined && !lifetimeGiven) {
        const property = c.properties.find(p => p.kind === repairProperty)!;
        problems.push(error(property, 'kind', `'${repairProperty}' needs a lifetime: give '${c.name}' a failure rate, an mttf or a lifetime distribution`
            + `${failureProperty ? ` (a component with '${propertyText(failureProperty)}' has no lifetime to repair)` : ''}.`,
        IssueCodes.RepairWithoutLifetime));
        delete component.repair;
    }
    return component;
}

function exponentialWithMean(mean: number | undefined): DistributionModel | undefined {
    return mean === undefined ? undefined : { kind: 'exponential', rate: 1 / mean };
}

function readFailure(kind: string, value: Quantity | undefined, distribution: Distribution | undefined, problems: Problem[]): FailureBehaviour | undefined {
    switch (kind) {
        case 'reliability': {
            const r = readQuantity(value, { what: 'the reliability', kind: 'probability', range: 'probability' }, problems);
            return r === undefined ? undefined : { kind: 'probability', q: 1 - r };
        }
        case 'probability': {
            const q = readQuantity(value, { what: 'the failure probability', kind: 'probability', range: 'probability' }, problems);
            return q === undefined ? undefined : { kind: 'probability', q };
        }
        case 'availability': {
            const a = readQuantity(value, { what: 'the availability', kind: 'probability', range: 'probability' }, problems);
            return a === undefined ? undefined : { kind: 'availability', availability: a };
        }
        case 'rate': {
            const rate = readQuantity(value, { what: 'the failure rate', kind: 'rate', range: 'positive' }, problems);
            return rate === undefined ? undefined : { kind: 'lifetime', distribution: { kind: 'exponential', rate } };
        }
        case 'mttf': {
            const d = exponentialWithMean(readQuantity(value, { what: 'the mean time to failure', kind: 'duration', range: 'positive' }, problems));
            return d === undefined ? undefined : { kind: 'lifetime', distribution: d };
        }
        case 'lifetime': {
            const d = readDistribution(distribution, problems);
            return d === undefined ? undefined : { kind: 'lifetime', distribution: d };
        }
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// Systems and gates

/*
 * Where each operator may appear. Systems are reliability block diagrams: `series`, `parallel` and
 * `K of`, over components and other systems (a gate's "failure" is not a block). Gates and tops are
 * fault trees: `and`, `or`, `not`, `xor`, `nand`, `nor`, `iff`, `imply` and `K of`, over components,
 * gates, tops and systems (a system's input is its failure).
 * Arity: `not` takes 1 operand, `imply` and `iff` 2, `xor` at least 2 (odd parity), the others at least 1.
 */
const SYSTEM_OPERATORS = new Set(['series', 'parallel']);
const GATE_OPERATORS = new Set(['and', 'or', 'not', 'xor', 'nand', 'nor', 'iff', 'imply']);
const ARITY: Record<string, { min: number; max: number; text: string }> = {
    not: { min: 1, max: 1, text: 'exactly one operand' },
    imply: { min: 2, max: 2, text: 'exactly two operands (imply(a, b): a implies b)' },
    iff: { min: 2, max: 2, text: 'exactly two operands' },
    xor: { min: 2, max: Infinity, text: 'at least two operands' }
};

type StructureNode = System | Gate;

function referenceTarget(target: AstNode | undefined, node: AstNode, property: string, structure: StructureNode, problems: Problem[]): { kind: 'event' | 'ref'; name: string } | undefined {
    if (!target) {
        return undefined;
    }
    if (isComponent(target)) {
        if (!target.properties.some(p => FAILURE_KINDS.has(p.kind))) {
            problems.push(warning(node, property, `'${target.name}' has no failure behaviour (reliability, probability, failure rate, mttf, `
                + `lifetime or availability), so '${structure.name}' has no figures.`, IssueCodes.NoFailureBehaviour));
        }
        return { kind: 'event', name: target.name };
    }
    if (isSystem(target)) {
        return { kind: 'ref', name: target.name };
    }
    if (isGate(target)) {
        if (!isGate(structure)) {
            problems.push(error(node, property, `'${target.name}' is a ${target.kind}; a system may contain only components and systems `
                + `(use a ${target.kind === 'top' ? 'gate' : 'top or gate'} to combine fault-tree events with systems).`, IssueCodes.WrongReferenceKind));
            return undefined;
        }
        return { kind: 'ref', name: target.name };
    }
    return undefined;
}

function readAtLeast(e: AtLeast, structure: StructureNode, problems: Problem[]): FaultExpr | undefined {
    const gate = isGate(structure);
    const k = readNumber(e.k, e, 'k', undefined, 'K in "K of"', 'positive', true, problems);
    if (e.copyOf !== undefined || e.copies !== undefined) {
        const n = readNumber(e.copies, e, 'copies', undefined, 'the number of copies N in "K of N Name"', 'positive', true, problems);
        if (k !== undefined && n !== undefined && k > n) {
            problems.push(error(e, 'k', `K = ${k} is more than the ${n} copies: "K of N" needs 1 ≤ K ≤ N.`, IssueCodes.AtLeastBounds));
            return undefined;
        }
        const of = referenceTarget(e.copyOf?.ref, e, 'copyOf', structure, problems);
        if (k === undefined || n === undefined || !of) {
            return undefined;
        }
        // A system works when K of N copies work, i.e. fails when N − K + 1 copies fail.
        return { kind: 'copies', k: gate ? k : n - k + 1, n, of };
    }
    const n = e.operands.length;
    if (n === 0) {
        problems.push(error(e, 'k', `"${e.k} of ()" has an empty list; list the ${gate ? 'inputs' : 'blocks'}: ${e.k} of (A, B, …).`, IssueCodes.OperatorArity));
        return undefined;
    }
    if (k !== undefined && k > n) {
        problems.push(error(e, 'k', `K = ${k} is more than the ${n} listed ${gate ? 'inputs' : 'blocks'}: "K of (…)" needs 1 ≤ K ≤ N.`, IssueCodes.AtLeastBounds));
        return undefined;
    }
    const operands = readOperands(e.operands, structure, problems);
    if (k === undefined || !operands) {
        return undefined;
    }
    return { kind: 'atLeast', k: gate ? k : n - k + 1, operands };
}

function readOperands(expressions: Expression[], structure: StructureNode, problems: Problem[]): FaultExpr[] | undefined {
    const operands = expressions.map(e => readExpression(e, structure, problems));
    return operands.every(o => o !== undefined) ? operands as FaultExpr[] : undefined;
}

function readExpression(e: Expression, structure: StructureNode, problems: Problem[]): FaultExpr | undefined {
    switch (e.$type) {
        case 'NameReference':
            return referenceTarget(e.target?.ref, e, 'target', structure, problems);
        case 'AtLeast':
            return readAtLeast(e, structure, problems);
        case 'Operation': {
            const gate = isGate(structure);
            const operator = e.operator;
            if (!operator) {
                return undefined;
            }
            if (gate && SYSTEM_OPERATORS.has(operator)) {
                problems.push(error(e, 'operator', `'${operator}' is a block-diagram operator; in a ${structure.$type === 'Gate' ? (structure as Gate).kind : 'gate'} use `
                    + `${operator === 'series' ? "'or' (a series fails when any block fails)" : "'and' (a parallel fails when all blocks fail)"}; `
                    + 'gates take and, or, not, xor, nand, nor, iff, imply and K of.', IssueCodes.WrongOperator));
                return undefined;
            }
            if (!gate && GATE_OPERATORS.has(operator)) {
                problems.push(error(e, 'operator', `'${operator}' is a fault-tree operator; a system takes series, parallel and K of `
                    + '(declare a gate or top for fault-tree logic).', IssueCodes.WrongOperator));
                return undefined;
            }
            const arity = ARITY[operator] ?? { min: 1, max: Infinity, text: 'at least one operand' };
            if (e.operands.length < arity.min || e.operands.length > arity.max) {
                problems.push(error(e, 'operator', `'${operator}' takes ${arity.text}, not ${e.operands.length}.`, IssueCodes.OperatorArity));
                return undefined;
            }
            const operands = readOperands(e.operands, structure, problems);
            return operands ? operationFailure(operator, operands) : undefined;
        }
    }
    return undefined;
}

/** The failure logic of an operator over the failure logic of its operands. */
function operationFailure(operator: Operation['operator'], operands: FaultExpr[]): FaultExpr {
    switch (operator) {
        case 'series': return { kind: 'or', operands };
        case 'parallel': return { kind: 'and', operands };
        case 'and': return { kind: 'and', operands };
        case 'or': return { kind: 'or', operands };
        case 'xor': return { kind: 'xor', operands };
        case 'not': return { kind: 'not', operand: operands[0] };
        case 'nand': return { kind: 'not', operand: { kind: 'and', operands } };
        case 'nor': return { kind: 'not', operand: { kind: 'or', operands } };
        case 'iff': return { kind: 'not', operand: { kind: 'xor', operands } };
        case 'imply': return { kind: 'or', operands: [{ kind: 'not', operand: operands[0] }, operands[1]] };
    }
}

/** The failure logic of a system or gate (undefined when part of it is broken). */
export function readStructure(s: StructureNode, problems: Problem[]): StructureModel | undefined {
    const failure = s.body ? readExpression(s.body, s, problems) : undefined;
    return failure && s.name ? { name: s.name, kind: isSystem(s) ? 'system' : s.kind, failure } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Markov chains

/** A Markov chain: states, up states, start, and either a stochastic matrix or transition rates. */
export function readMarkov(m: Markov, problems: Problem[]): MarkovModel | undefined {
    let broken = false;
    const states: string[] = [];
    for (const item of m.items.filter(isMarkovStates)) {
        for (const state of item.states) {
            if (!state.name) {
                continue;
            }
            if (states.includes(state.name)) {
                problems.push(error(state, 'name', `State '${state.name}' is declared twice in '${m.name}'.`, IssueCodes.DuplicateName));
                broken = true;
            } else {
                states.push(state.name);
            }
        }
    }
    if (states.length === 0) {
        problems.push(error(m, 'name', `Markov chain '${m.name}' has no states: add 'states A, B, …'.`, IssueCodes.MarkovMissingPart));
        return undefined;
    }
    const upItems = m.items.filter(isMarkovUp);
    if (upItems.length === 0) {
        problems.push(error(m, 'name', `Markov chain '${m.name}' needs its working states: add 'up ${states[0]}, …'.`, IssueCodes.MarkovMissingPart));
        broken = true;
    }
    const up = [...new Set(upItems.flatMap(u => u.states.map(s => s.ref?.name)))];
    if (upItems.length > 0 && states.every(s => up.includes(s))) {
        problems.push(warning(upItems[0], undefined, `Every state of '${m.name}' is up: the chain never fails (availability 1, no MTBF or MTTF).`,
            IssueCodes.MarkovMissingPart));
    }
    const starts = m.items.filter(isMarkovStart);
    for (const extra of starts.slice(1)) {
        problems.push(error(extra, undefined, `'${m.name}' already has a start state.`, IssueCodes.DuplicateSetting));
    }
    const start = starts.length > 0 ? starts[0].state?.ref?.name : states[0];
    const steps = m.items.filter(isMarkovStep);
    for (const extra of steps.slice(1)) {
        problems.push(error(extra, undefined, `'${m.name}' already has a step length.`, IssueCodes.DuplicateSetting));
    }
    const matrices = m.items.filter(isMarkovMatrix);
    for (const extra of matrices.slice(1)) {
        problems.push(error(extra, undefined, `'${m.name}' already has a matrix.`, IssueCodes.DuplicateSetting));
    }
    const transitions = m.items.filter(isTransition);
    if (matrices.length > 0 && transitions.length > 0) {
        problems.push(error(matrices[0], undefined, `'${m.name}' has both a matrix and transitions: a chain is either discrete-time (a matrix) `
            + 'or continuous-time (transitions with rates), not both.', IssueCodes.MarkovKind));
        return undefined;
    }
    if (matrices.length === 0 && transitions.length === 0) {
        problems.push(error(m, 'name', `Markov chain '${m.name}' has neither a matrix nor transitions: add 'matrix { … }' or 'A -> B rate R'.`,
            IssueCodes.MarkovKind));
        return undefined;
    }
    const stepHours = steps.length > 0
        ? readQuantity(steps[0].duration, { what: 'the step length', kind: 'duration', range: 'positive' }, problems) : undefined;
    if (steps.length > 0 && stepHours === undefined) {
        broken = true;
    }
    if (up.some(s => s === undefined) || start === undefined) {
        broken = true;
    }
    const base = { name: m.name, states, up: up as string[], start: start as string };
    if (matrices.length > 0) {
        const matrix = readMatrix(m, states, matrices[0], problems);
        return broken || !matrix ? undefined : { ...base, kind: 'discrete', matrix, ...(stepHours !== undefined ? { stepHours } : {}) };
    }
    if (steps.length > 0) {
        problems.push(error(steps[0], undefined, "'step' is the length of one step of a transition matrix; transition rates are already per unit of time.",
            IssueCodes.MarkovStepWithRates));
        broken = true;
    }
    const rates = readTransitions(states, transitions, problems);
    return broken || !rates ? undefined : { ...base, kind: 'continuous', transitions: rates };
}

function readMatrix(m: Markov, states: string[], matrix: MarkovMatrix, problems: Problem[]): number[][] | undefined {
    const rows = new Map<string, number[]>();
    let broken = false;
    for (const row of matrix.rows) {
        const state = row.state?.ref?.name;
        if (state === undefined) {
            broken = true;
            continue;
        }
        if (rows.has(state)) {
            problems.push(error(row, 'state', `State '${state}' already has a row.`, IssueCodes.MarkovDuplicate));
            broken = true;
            continue;
        }
        const values = row.values;
        rows.set(state, values);
        if (values.length !== states.length) {
            problems.push(error(row, 'values', `The row of '${state}' has ${values.length} entries but '${m.name}' has ${states.length} states `
                + `(${states.join(', ')}).`, IssueCodes.MarkovShape));
            broken = true;
            continue;
        }
        let entriesValid = true;
        values.forEach((value, index) => {
            if (!(value >= 0 && value <= 1)) {
                problems.push(error(row, 'values', `The probability of moving from '${state}' to '${states[index]}' must be within [0, 1], not ${value}.`,
                    IssueCodes.OutOfRange, index));
                entriesValid = false;
            }
        });
        if (!entriesValid) {
            broken = true;
            continue;
        }
        const sum = values.reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            problems.push(error(row, 'values', `The row of '${state}' sums to ${sum}, not 1: each row holds the probabilities of all moves from its state.`,
                IssueCodes.MarkovRowSum, undefined, { state, values, normalised: sum > 0 ? values.map(v => v / sum) : undefined }));
            broken = true;
            continue;
        }
        const index = states.indexOf(state);
        if (values.every((v, j) => j === index || v === 0)) {
            problems.push(warning(row, 'state', `State '${state}' is absorbing: once in it the chain never leaves.`, IssueCodes.MarkovAbsorbing));
        }
    }
    const missing = states.filter(s => !rows.has(s));
    if (missing.length > 0) {
        problems.push(error(matrix, undefined, `The matrix has ${matrix.rows.length} rows but '${m.name}' has ${states.length} states; `
            + `add a row for ${missing.map(s => `'${s}'`).join(', ')}.`, IssueCodes.MarkovShape));
        broken = true;
    }
    return broken ? undefined : states.map(s => rows.get(s)!);
}

function readTransitions(states: string[], transitions: Transition[], problems: Problem[]):
    { from: string; to: string; rate: number }[] | undefined {
    const result: { from: string; to: string; rate: number }[] = [];
    let broken = false;
    for (const t of transitions) {
        const from = t.from?.ref?.name;
        const to = t.to?.ref?.name;
        const rate = t.kind === 'after'
            ? invert(readQuantity(t.value, { what: 'the mean holding time', kind: 'duration', range: 'positive' }, problems))
            : readQuantity(t.value, { what: 'the transition rate', kind: 'rate', range: 'positive' }, problems);
        if (from === undefined || to === undefined || rate === undefined) {
            broken = true;
            continue;
        }
        if (from === to) {
            problems.push(warning(t, 'to', `A transition from '${from}' to itself has no effect in continuous time; it is ignored.`, IssueCodes.MarkovSelfLoop));
            continue;
        }
        if (result.some(r => r.from === from && r.to === to)) {
            problems.push(error(t, 'to', `There is already a transition from '${from}' to '${to}'.`, IssueCodes.MarkovDuplicate));
            broken = true;
            continue;
        }
        result.push({ from, to, rate });
    }
    if (broken) {
        return undefined;
    }
    for (const state of states) {
        if (!result.some(r => r.from === state)) {
            const declaration = transitions[0].$container.items.filter(isMarkovStates).flatMap(s => s.states).find(s => s.name === state)!;
            problems.push(warning(declaration, 'name', `State '${state}' is absorbing: no transition leaves it.`, IssueCodes.MarkovAbsorbing));
        }
    }
    return result;
}

function invert(value: number | undefined): number | undefined {
    return value === undefined ? undefined : 1 / value;
}

// ---------------------------------------------------------------------------------------------
// Simulations, diagnoses, incidents, cascades, requirements, mission

const SIMULATION_SETTINGS: Record<SimulationSetting['name'], QuantitySpec> = {
    missions: { what: 'the number of missions', kind: 'number', range: 'positive', integer: true },
    horizon: { what: 'the horizon', kind: 'duration', range: 'positive' },
    seed: { what: 'the seed', kind: 'number', range: 'nonNegative', integer: true },
    confidence: { what: 'the confidence level', kind: 'probability', range: 'openProbability' }
};

/** A simulation with its defaults: 10 000 missions, horizon = the mission time, confidence 95%. */
export function readSimulation(s: Simulation, missionHours: number, problems: Problem[]): SimulationModel | undefined {
    let broken = false;
    const targets = s.items.filter(isSimulationTarget);
    if (targets.length === 0) {
        problems.push(error(s, 'name', `'${s.name}' has nothing to simulate: add 'system X', 'top X', 'markov M' or 'cascade from X'.`, IssueCodes.SimulationTarget));
        broken = true;
    }
    for (const extra of targets.slice(1)) {
        problems.push(error(extra, 'kind', `'${s.name}' already simulates '${targets[0].target?.$refText}'; a simulation has exactly one target.`,
            IssueCodes.SimulationTarget));
    }
    const target = targets[0];
    const targetName = target ? readSimulationTarget(target, problems) : undefined;
    const settings: Partial<Record<string, number>> = {};
    const seen = new Set<string>();
    for (const setting of s.items.filter(isSimulationSetting)) {
        if (!setting.name) {
            continue;
        }
        if (seen.has(setting.name)) {
            problems.push(error(setting, 'name', `'${setting.name}' is set twice in '${s.name}'.`, IssueCodes.DuplicateSetting));
            continue;
        }
        seen.add(setting.name);
        const value = readQuantity(setting.value, SIMULATION_SETTINGS[setting.name], problems);
        if (value === undefined) {
            broken = true;
        } else {
            settings[setting.name] = value;
        }
    }
    const sensitivities = s.items.filter(isSensitivity);
    for (const extra of sensitivities.slice(1)) {
        problems.push(error(extra, undefined, `'${s.name}' already has a sensitivity line.`, IssueCodes.DuplicateSetting));
    }
    let sensitivity: SimulationModel['sensitivity'];
    if (sensitivities.length > 0) {
        const line = sensitivities[0];
        const factors = line.factors.map((f, index) => readNumber(f, line, 'factors', index, 'a sensitivity factor', 'positive', false, problems));
        const components = line.components.map(c => c.ref?.name);
        if (factors.some(f => f === undefined) || components.some(c => c === undefined)) {
            broken = true;
        } else {
            sensitivity = { components: components as string[], factors: factors as number[] };
        }
    }
    if (broken || !target || !targetName) {
        return undefined;
    }
    return {
        name: s.name,
        target: { kind: target.kind, name: targetName },
        missions: settings.missions ?? DEFAULT_SIMULATION_MISSIONS,
        horizonHours: settings.horizon ?? missionHours,
        ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
        confidence: settings.confidence ?? DEFAULT_CONFIDENCE,
        ...(sensitivity ? { sensitivity } : {})
    };
}

const TARGET_TYPES: Record<string, { type: string; text: string }> = {
    system: { type: 'System', text: 'a system' },
    top: { type: 'Gate', text: 'a top or gate' },
    markov: { type: 'Markov', text: 'a Markov chain' },
    cascade: { type: 'Component', text: 'a component' }
};

/** What a declaration is, for messages: "a component", "a top", "a Markov chain", … */
export function kindText(node: AstNode): string {
    switch (node.$type) {
        case 'Gate': return `a ${(node as Gate).kind}`;
        case 'Markov': return 'a Markov chain';
        case 'CommonCause': return 'a common cause';
        case 'Incidents': return 'an incident log';
        default: return `a ${node.$type.toLowerCase()}`;
    }
}

function readSimulationTarget(target: SimulationTarget, problems: Problem[]): string | undefined {
    const node = target.target?.ref;
    if (!node) {
        return undefined;
    }
    const expected = TARGET_TYPES[target.kind];
    if (node.$type !== expected.type) {
        problems.push(error(target, 'target', `'${node.name}' is ${kindText(node)}, but '${target.kind === 'cascade' ? 'cascade from' : target.kind}' needs ${expected.text}.`,
            IssueCodes.WrongReferenceKind));
        return undefined;
    }
    return node.name;
}

/** A diagnosis: priors and likelihoods within [0, 1]; priors not summing to 1 are a warning (normalised for the engine). */
export function readDiagnosis(d: Diagnosis, problems: Problem[]): DiagnosisModel | undefined {
    let broken = false;
    const hypotheses: DiagnosisModel['hypotheses'] = [];
    for (const h of d.items.filter(isHypothesis)) {
        if (hypotheses.some(other => other.name === h.name)) {
            problems.push(error(h, 'name', `Hypothesis '${h.name}' is listed twice in '${d.name}'.`, IssueCodes.DuplicateName));
            broken = true;
            continue;
        }
        const prior = readProbability(h.prior, `the prior of '${h.name}'`, problems);
        const likelihood = readProbability(h.likelihood, `the likelihood of '${h.name}'`, problems);
        if (prior === undefined || likelihood === undefined || !h.name) {
            broken = true;
            continue;
        }
        hypotheses.push({ name: h.name, prior, likelihood });
    }
    if (d.items.filter(isHypothesis).length === 0) {
        problems.push(error(d, 'name', `'${d.name}' has no hypotheses: add 'Cause prior P likelihood L'.`, IssueCodes.DiagnosisEmpty));
        return undefined;
    }
    const observationItems = d.items.filter(isObservations);
    for (const extra of observationItems.slice(1)) {
        problems.push(error(extra, undefined, `'${d.name}' already sets its observations.`, IssueCodes.DuplicateSetting));
    }
    const observations = observationItems.length > 0
        ? readNumber(observationItems[0].count, observationItems[0], 'count', undefined, 'the number of observations', 'nonNegative', true, problems)
        : 1;
    if (broken || observations === undefined) {
        return undefined;
    }
    const sum = hypotheses.reduce((a, h) => a + h.prior, 0);
    if (sum === 0) {
        problems.push(error(d, 'name', `The priors of '${d.name}' are all 0; at least one hypothesis needs a positive prior.`, IssueCodes.OutOfRange));
        return undefined;
    }
    if (hypotheses.every(h => h.prior * h.likelihood === 0)) {
        problems.push(error(d, 'name', `The symptom of '${d.name}' is impossible: every hypothesis has a prior or a likelihood of 0.`,
            IssueCodes.OutOfRange));
        return undefined;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        problems.push(warning(d, 'name', `The priors of '${d.name}' sum to ${sum}, not 1; they are normalised (divided by ${sum}).`,
            IssueCodes.PriorsNotNormalised,
            { hypotheses: hypotheses.map(h => h.name), priors: hypotheses.map(h => h.prior), normalised: hypotheses.map(h => h.prior / sum) }));
    }
    return { name: d.name, hypotheses: hypotheses.map(h => ({ ...h, prior: h.prior / sum })), observations };
}

function readProbability(p: Probability | undefined, what: string, problems: Problem[]): number | undefined {
    if (!p || typeof p.value !== 'number') {
        return undefined;
    }
    const value = p.percent ? p.value / 100 : p.value;
    if (!inRange(value, 'probability')) {
        problems.push(error(p, 'value', rangeMessage(what, 'probability', false, written(p, p.value)), IssueCodes.OutOfRange));
        return undefined;
    }
    return value;
}

export function readIncidents(i: Incidents, problems: Problem[]): IncidentLogModel | undefined {
    let windowHours: number | undefined;
    let broken = false;
    i.settings.forEach((setting, index) => {
        if (index > 0) {
            problems.push(error(setting, 'name', `'${i.name}' already has a window.`, IssueCodes.DuplicateSetting));
            return;
        }
        windowHours = readQuantity(setting.value, { what: 'the window', kind: 'duration', range: 'positive' }, problems);
        broken = windowHours === undefined;
    });
    if (broken || typeof i.path !== 'string' || !i.name) {
        return undefined;
    }
    return { name: i.name, path: i.path, ...(windowHours !== undefined ? { windowHours } : {}) };
}

/** Cascade settings over the defaults (exponent 2, rounds 10); a broken parameter keeps its default. */
export function readCascade(c: CascadeSetting, problems: Problem[]): Partial<CascadeSettings> {
    const settings: Partial<CascadeSettings> = {};
    for (const parameter of c.parameters) {
        if (parameter.name in settings) {
            problems.push(error(parameter, 'name', `The cascade ${parameter.name} is set twice.`, IssueCodes.DuplicateSetting));
            continue;
        }
        const value = parameter.name === 'exponent'
            ? readNumber(parameter.value, parameter, 'value', undefined, 'the cascade exponent', 'positive', false, problems)
            : readNumber(parameter.value, parameter, 'value', undefined, 'the number of cascade rounds', 'positive', true, problems);
        if (value !== undefined && parameter.name) {
            settings[parameter.name] = value;
        }
    }
    return settings;
}

const REQUIREMENT_VALUES: Record<RequirementMetric, QuantitySpec> = {
    reliability: { what: 'the required reliability', kind: 'probability', range: 'probability' },
    availability: { what: 'the required availability', kind: 'probability', range: 'probability' },
    probability: { what: 'the required probability', kind: 'probability', range: 'probability' },
    mttf: { what: 'the required MTTF', kind: 'duration', range: 'positive' },
    mtbf: { what: 'the required MTBF', kind: 'duration', range: 'positive' },
    downtime: { what: 'the required downtime', kind: 'downtime', range: 'nonNegative' }
};

/** A requirement with its value in canonical units (probability, hours, hours per year). */
export function readRequirement(r: Requirement, problems: Problem[]): RequirementModel | undefined {
    const spec = r.metric ? REQUIREMENT_VALUES[r.metric] : undefined;
    const value = spec ? readQuantity(r.value, spec, problems) : undefined;
    const subject = r.subject?.ref?.name;
    if (value === undefined || subject === undefined || !r.operator) {
        return undefined;
    }
    return { subject, metric: r.metric, operator: r.operator, value, line: (r.$cstNode?.range.start.line ?? 0) + 1 };
}

export function readMission(m: MissionSetting, problems: Problem[]): number | undefined {
    return readQuantity(m.duration, { what: 'the mission time', kind: 'duration', range: 'positive' }, problems);
}

/** The mission time of a model: its first valid `mission`, or the default. */
export function missionHoursOf(model: Model): number {
    const mission = model.declarations.find(isMissionSetting);
    return (mission ? readMission(mission, []) : undefined) ?? emptyModel().missionHours;
}

// ---------------------------------------------------------------------------------------------
// Whole model

/** Every named top-level declaration by name (the first one when a name is declared twice). */
export function declarationsByName(model: Model): Map<string, AstNode & { name: string }> {
    const byName = new Map<string, AstNode & { name: string }>();
    for (const declaration of model.declarations) {
        const name = 'name' in declaration ? declaration.name : undefined;
        if (typeof name === 'string' && name && !byName.has(name)) {
            byName.set(name, declaration as AstNode & { name: string });
        }
    }
    return byName;
}

/**
 * The engine model of a document. Broken declarations are left out, and so are structures that
 * refer to a missing structure or take part in a cycle, so every analysis gets a consistent model.
 */
export function buildModel(model: Model): ReliabilityModel {
    const result = emptyModel();
    const ignored: Problem[] = [];
    result.missionHours = missionHoursOf(model);
    const cascades: Partial<CascadeSettings>[] = [];
    for (const declaration of model.declarations) {
        switch (declaration.$type) {
            case 'Component':
                if (declaration.name) {
                    result.components.push(readComponent(declaration, ignored));
                }
                break;
            case 'System':
            case 'Gate': {
                const structure = readStructure(declaration, ignored);
                if (structure) {
                    result.structures.push(structure);
                }
                break;
            }
            case 'CommonCause': {
                const common = readCommonCause(declaration, ignored);
                if (common) {
                    result.commonCauses.push(common);
                }
                break;
            }
            case 'Markov': {
                const chain = readMarkov(declaration, ignored);
                if (chain) {
                    result.markov.push(chain);
                }
                break;
            }
            case 'Depends': {
                const dependent = declaration.dependent?.ref?.name;
                const dependencies = declaration.dependencies.map(d => d.ref?.name).filter((d): d is string => d !== undefined && d !== dependent);
                if (dependent !== undefined && dependencies.length > 0) {
                    const existing = result.dependencies.find(d => d.dependent === dependent);
                    if (existing) {
                        existing.dependencies.push(...dependencies.filter(d => !existing.dependencies.includes(d)));
                    } else {
                        result.dependencies.push({ dependent, dependencies: [...new Set(dependencies)] });
                    }
                }
                break;
            }
            case 'CascadeSetting':
                cascades.push(readCascade(declaration, ignored));
                break;
            case 'Simulation': {
                const simulation = readSimulation(declaration, result.missionHours, ignored);
                if (simulation) {
                    result.simulations.push(simulation);
                }
                break;
            }
            case 'Diagnosis': {
                const diagnosis = readDiagnosis(declaration, ignored);
                if (diagnosis) {
                    result.diagnoses.push(diagnosis);
                }
                break;
            }
            case 'Incidents': {
                const log = readIncidents(declaration, ignored);
                if (log) {
                    result.incidents.push(log);
                }
                break;
            }
            case 'Requirement': {
                const requirement = readRequirement(declaration, ignored);
                if (requirement) {
                    result.requirements.push(requirement);
                }
                break;
            }
        }
    }
    result.cascade = { ...DEFAULT_CASCADE, ...(cascades[0] ?? {}) };
    result.components = firstOfEachName(result.components);
    result.structures = consistentStructures(firstOfEachName(result.structures), new Set(result.components.map(c => c.name)));
    return result;
}

/** A beta-factor group: beta within [0, 1], members listed once. */
export function readCommonCause(c: CommonCause, problems: Problem[]): CommonCauseModel | undefined {
    const beta = readQuantity(c.beta, { what: 'the beta factor', kind: 'probability', range: 'probability' }, problems);
    const members: string[] = [];
    let broken = false;
    c.members.forEach((member, index) => {
        const name = member.ref?.name;
        if (name === undefined) {
            broken = true;
        } else if (members.includes(name)) {
            problems.push(error(c, 'members', `'${name}' is listed twice in common cause '${c.name}'.`, IssueCodes.CommonCauseMember, index));
            broken = true;
        } else {
            members.push(name);
        }
    });
    return beta === undefined || broken || !c.name ? undefined : { name: c.name, beta, members };
}

function firstOfEachName<T extends { name: string }>(items: T[]): T[] {
    const seen = new Set<string>();
    return items.filter(item => !seen.has(item.name) && seen.add(item.name));
}

function events(e: FaultExpr): string[] {
    switch (e.kind) {
        case 'event': return [e.name];
        case 'ref': return [];
        case 'not': return events(e.operand);
        case 'copies': return e.of.kind === 'event' ? [e.of.name] : [];
        default: return e.operands.flatMap(events);
    }
}

/**
 * Keeps the structures whose every reference leads, without a cycle, to kept structures and known
 * components (Kahn's algorithm: iterative, so a long chain of references cannot exhaust the stack).
 */
function consistentStructures(structures: StructureModel[], components: Set<string>): StructureModel[] {
    const names = new Set(structures.map(s => s.name));
    const pending = new Map<string, number>();
    const dependents = new Map<string, string[]>();
    const ready: string[] = [];
    for (const s of structures) {
        const refs = [...new Set(referencedStructures(s.failure))];
        if (!events(s.failure).every(e => components.has(e)) || !refs.every(r => names.has(r))) {
            continue;
        }
        pending.set(s.name, refs.length);
        for (const r of refs) {
            const list = dependents.get(r) ?? [];
            list.push(s.name);
            dependents.set(r, list);
        }
        if (refs.length === 0) {
            ready.push(s.name);
        }
    }
    const kept = new Set<string>();
    while (ready.length > 0) {
        const name = ready.pop()!;
        kept.add(name);
        for (const dependent of dependents.get(name) ?? []) {
            const left = pending.get(dependent)! - 1;
            pending.set(dependent, left);
            if (left === 0) {
                ready.push(dependent);
            }
        }
    }
    return structures.filter(s => kept.has(s.name));
}
