/**
 * Reads the fault-tree part of the Open-PSA Model Exchange Format (MEF 2.0) into the plain
 * reliability model: fault trees and their gates (every Boolean connective of the MEF), basic
 * events with numeric expressions, house events (folded into the logic), parameters and
 * beta-factor CCF groups. Anything else is a diagnostic naming the element and its line; the
 * reader never throws on bad input.
 *
 * Choices where the MEF leaves room:
 * - `xor` with more than two arguments is odd parity.
 * - A gate that no other gate references is a top event (`kind: 'top'`), the others are gates.
 * - `exponential(λ, system-mission-time)` (and `Weibull(α, β, 0, system-mission-time)`) become
 *   lifetimes, so the model still follows its mission time; every other expression is evaluated
 *   once to a probability, with `system-mission-time` = the mission time.
 * - Uncertainty distributions (`lognormal-deviate`, …) are replaced by their mean, with a warning.
 * - A reference to an undefined event is an error; it is read as "never occurs" so that the model
 *   stays well formed.
 */
import {
    DEFAULT_MISSION_HOURS, childrenFirst, emptyModel,
    type ComponentModel, type FailureBehaviour, type FaultExpr, type ReliabilityModel
} from '../engine/model.js';
import { parseXml, type XmlElement } from './xml.js';

export interface OpenPsaDiagnostic {
    severity: 'error' | 'warning';
    /** 1-based. */
    line: number;
    column: number;
    message: string;
}

export interface OpenPsaReadResult {
    model: ReliabilityModel;
    diagnostics: OpenPsaDiagnostic[];
    /** Where each gate, basic event and house event of the model is defined: its element's line and column. */
    definitions: Map<string, { line: number; column: number }>;
}

export interface OpenPsaReadOptions {
    /** The value of `<system-mission-time/>` in hours (default: one year). */
    missionHours?: number;
}

export function readOpenPsa(xmlText: string, fileName?: string, options: OpenPsaReadOptions = {}): OpenPsaReadResult {
    return new OpenPsaReader(options.missionHours ?? DEFAULT_MISSION_HOURS, fileName).read(xmlText);
}

/** Elements the MEF allows almost anywhere, that carry no logic. */
const DOCUMENTATION_TAGS = new Set(['label', 'attributes']);
/** Event-tree and analysis constructs: valid MEF, outside the fault-tree subset read here. */
const NON_FAULT_TREE_TAGS = new Set([
    'define-event-tree', 'define-initiating-event', 'define-sequence', 'define-rule', 'define-consequence',
    'define-consequence-group', 'define-alignment', 'define-substitution', 'define-extern-function',
    'define-extern-library'
]);
/** Uncertainty distributions: a point estimate uses their mean. */
const DEVIATE_TAGS = new Set(['lognormal-deviate', 'normal-deviate', 'uniform-deviate', 'gamma-deviate', 'beta-deviate']);

type EventKind = 'gate' | 'basic-event' | 'house-event';

/** A definition, with the container path its references are resolved from. */
interface Definition {
    /** The name the model uses: the MEF name, qualified by its container when private. */
    modelName: string;
    element: XmlElement;
    scope: string[];
}

interface EventDefinition extends Definition {
    kind: EventKind;
}

/** A formula while house events are folded in: constants may still occur. */
type Formula =
    | { kind: 'const'; value: boolean }
    | { kind: 'event'; name: string }
    | { kind: 'ref'; name: string }
    | { kind: 'and' | 'or' | 'xor'; operands: Formula[] }
    | { kind: 'not'; operand: Formula }
    | { kind: 'atLeast'; k: number; operands: Formula[] };

const TRUE: Formula = { kind: 'const', value: true };
const FALSE: Formula = { kind: 'const', value: false };

class OpenPsaReader {
    private readonly diagnostics: OpenPsaDiagnostic[] = [];
    private readonly model: ReliabilityModel = emptyModel();
    /** Lookup key (a name, or a container path and a name joined by dots) → event. */
    private readonly events = new Map<string, EventDefinition>();
    private readonly parameters = new Map<string, Definition>();
    private readonly eventDefinitions: EventDefinition[] = [];
    private readonly ccfGroups: Definition[] = [];
    private readonly parameterValues = new Map<Definition, number | undefined>();
    private readonly parametersInProgress = new Set<Definition>();
    /** Gate model name → its formula with house events folded in. */
    private readonly foldedGates = new Map<string, Formula>();
    private readonly gatesInProgress = new Set<string>();
    private readonly referencedGates = new Set<string>();
    /** Gates whose formula is too deep to read (an error each). */
    private readonly tooDeepGates = new Set<string>();
    /** The gates each gate refers to, for folding them bottom-up. */
    private readonly gatesBelow = new Map<EventDefinition, EventDefinition[]>();

    constructor(private readonly missionHours: number, private readonly fileName: string | undefined) {
        this.model.missionHours = missionHours;
    }

    read(text: string): OpenPsaReadResult {
        const parsed = parseXml(text);
        if (!parsed.ok) {
            this.report('error', parsed, `malformed XML: ${parsed.message}`);
            return this.result();
        }
        const root = parsed.root.find(element => element.tag !== '!DOCTYPE');
        if (root === undefined || root.tag !== 'opsa-mef') {
            const where = root ?? { line: 1, column: 1 };
            const found = root === undefined ? 'no root element' : `root element <${root.tag}>`;
            this.report('error', where, `${this.fileName ?? 'the file'} is not an Open-PSA MEF model: expected <opsa-mef>, found ${found}`);
            return this.result();
        }
        this.collectContainer(root, [], 'public', true);
        for (const definition of this.eventDefinitions) {
            if (definition.kind === 'basic-event') this.readBasicEvent(definition);
        }
        for (const group of this.ccfGroups) this.readCcfGroup(group);
        this.collectGateReferences();
        this.foldBottomUp();
        for (const definition of this.eventDefinitions) {
            if (definition.kind === 'gate') this.readGate(definition);
        }
        return this.result();
    }

    private result(): OpenPsaReadResult {
        const definitions = new Map(this.eventDefinitions.map(d => [d.modelName, { line: d.element.line, column: d.element.column }]));
        return { model: this.model, diagnostics: this.diagnostics, definitions };
    }

    private report(severity: OpenPsaDiagnostic['severity'], at: { line: number; column: number }, message: string): void {
        this.diagnostics.push({ severity, line: at.line, column: at.column, message });
    }

    // ---- Pass 1: definitions and their scopes ----

    /** `opsa-mef`, `define-fault-tree`, `define-component` and `model-data` hold definitions. */
    private collectContainer(container: XmlElement, scope: string[], defaultRole: string, isRoot: boolean): void {
        for (const child of container.children) {
            const role = child.attributes.role ?? defaultRole;
            switch (child.tag) {
                case 'define-fault-tree':
                case 'define-component': {
                    if (child.tag === 'define-fault-tree' && !isRoot) {
                        this.report('error', child, `<define-fault-tree> must be at the top level of <opsa-mef>`);
                        break;
                    }
                    const name = this.requireName(child);
                    if (name !== undefined) this.collectContainer(child, [...scope, name], role, false);
                    break;
                }
                case 'model-data':
                    if (isRoot) this.collectContainer(child, scope, role, false);
                    else this.report('error', child, `<model-data> must be at the top level of <opsa-mef>`);
                    break;
                case 'define-gate':
                    this.defineEvent(child, 'gate', scope, role);
                    break;
                case 'define-basic-event':
                    this.defineEvent(child, 'basic-event', scope, role);
                    break;
                case 'define-house-event':
                    this.defineEvent(child, 'house-event', scope, role);
                    break;
                case 'define-parameter':
                    this.defineParameter(child, scope, role);
                    break;
                case 'define-CCF-group':
                    this.defineCcfGroup(child, scope, role);
                    break;
                default:
                    if (DOCUMENTATION_TAGS.has(child.tag)) break;
                    if (NON_FAULT_TREE_TAGS.has(child.tag)) {
                        this.report('warning', child, `<${child.tag}> is not supported (only fault trees are read): ignored`);
                    } else {
                        this.report('warning', child, `unknown element <${child.tag}> in <${container.tag}>: ignored`);
                    }
            }
        }
    }

    private requireName(element: XmlElement): string | undefined {
        const name = element.attributes.name?.trim();
        if (!name) {
            this.report('error', element, `<${element.tag}> needs a name attribute`);
            return undefined;
        }
        return name;
    }

    /** Registers a definition under its lookup keys (private ones only under their qualified name); undefined on a clash. */
    private register<T extends Definition>(
        table: Map<string, T>, element: XmlElement, name: string, scope: string[], role: string,
        make: (modelName: string) => T, what: string
    ): T | undefined {
        const qualified = [...scope, name].join('.');
        const isPrivate = role === 'private' && scope.length > 0;
        const keys = isPrivate || scope.length === 0 ? [qualified] : [name, qualified];
        const clash = keys.map(key => table.get(key)).find(existing => existing !== undefined);
        if (clash !== undefined) {
            this.report('error', element, `${what} '${name}' is defined twice (first on line ${clash.element.line})`);
            return undefined;
        }
        const definition = make(isPrivate ? qualified : name);
        for (const key of keys) table.set(key, definition);
        return definition;
    }

    private defineEvent(element: XmlElement, kind: EventKind, scope: string[], role: string): void {
        const name = this.requireName(element);
        if (name === undefined) return;
        const definition = this.register(this.events, element, name, scope, role,
            modelName => ({ modelName, element, scope, kind }), 'event');
        if (definition !== undefined) this.eventDefinitions.push(definition);
    }

    private defineParameter(element: XmlElement, scope: string[], role: string): void {
        const name = this.requireName(element);
        if (name === undefined) return;
        this.register(this.parameters, element, name, scope, role,
            modelName => ({ modelName, element, scope }), 'parameter');
    }

    /** The members of a CCF group are basic events that the group defines. */
    private defineCcfGroup(element: XmlElement, scope: string[], role: string): void {
        const name = this.requireName(element);
        if (name === undefined) return;
        this.ccfGroups.push({ modelName: role === 'private' && scope.length > 0 ? [...scope, name].join('.') : name, element, scope });
        const members = element.children.find(child => child.tag === 'members');
        for (const member of members?.children ?? []) {
            if (member.tag !== 'basic-event') continue;
            const memberName = this.requireName(member);
            if (memberName === undefined) continue;
            this.register(this.events, member, memberName, scope, role,
                modelName => ({ modelName, element: member, scope, kind: 'basic-event' as const }), 'event');
        }
    }

    private resolve<T>(table: Map<string, T>, name: string, scope: string[]): T | undefined {
        for (let depth = scope.length; depth > 0; depth--) {
            const found = table.get([...scope.slice(0, depth), name].join('.'));
            if (found !== undefined) return found;
        }
        return table.get(name);
    }

    // ---- Pass 2: basic events and CCF groups ----

    private readBasicEvent(definition: EventDefinition): void {
        const expressions = logicalChildren(definition.element);
        if (expressions.length === 0) {
            this.report('error', definition.element, `basic event '${definition.modelName}' has no probability expression`);
            this.model.components.push({ name: definition.modelName });
            return;
        }
        if (expressions.length > 1) {
            this.report('error', expressions[1], `basic event '${definition.modelName}' has more than one expression`);
        }
        const failure = this.failureBehaviour(expressions[0], definition.scope, `basic event '${definition.modelName}'`);
        const component: ComponentModel = { name: definition.modelName };
        if (failure !== undefined) component.failure = failure;
        this.model.components.push(component);
    }

    private failureBehaviour(expression: XmlElement, scope: string[], owner: string): FailureBehaviour | undefined {
        const lifetime = this.lifetime(expression, scope);
        if (lifetime === 'failed') return undefined;
        if (lifetime !== 'not a lifetime') return lifetime;
        const q = this.evaluate(expression, scope);
        if (q === undefined) return undefined;
        if (!(q >= 0 && q <= 1)) {
            this.report('error', expression, `the probability of ${owner} is ${q}, outside [0, 1]`);
            return undefined;
        }
        return { kind: 'probability', q };
    }

    /**
     * `exponential(λ, mission)` with λ > 0 and `Weibull(α, β, 0, mission)` keep their time dependence;
     * 'failed' when their arguments could not be evaluated (already reported).
     */
    private lifetime(expression: XmlElement, scope: string[]): FailureBehaviour | 'not a lifetime' | 'failed' {
        const args = logicalChildren(expression);
        const overMission = args.length > 0 && args[args.length - 1].tag === 'system-mission-time';
        const isExponential = expression.tag === 'exponential' && args.length === 2;
        const isWeibull = expression.tag === 'Weibull' && args.length === 4;
        if (!overMission || !(isExponential || isWeibull)) return 'not a lifetime';
        const values = args.slice(0, -1).map(arg => this.evaluate(arg, scope));
        if (values.some(value => value === undefined)) return 'failed';
        const [first, shape, shift] = values as number[];
        if (isExponential && first > 0) return { kind: 'lifetime', distribution: { kind: 'exponential', rate: first } };
        if (isWeibull && first > 0 && shape > 0 && shift === 0) return { kind: 'lifetime', distribution: { kind: 'weibull', shape, scale: first } };
        return 'not a lifetime';
    }

    private readCcfGroup(group: Definition): void {
        const element = group.element;
        const members = (element.children.find(child => child.tag === 'members')?.children ?? [])
            .filter(member => member.tag === 'basic-event')
            .map(member => this.resolve(this.events, member.attributes.name ?? '', group.scope))
            .filter((member): member is EventDefinition => member !== undefined && member.kind === 'basic-event');
        const failure = this.ccfMemberFailure(group, members.length);
        for (const member of members) {
            const component: ComponentModel = { name: member.modelName };
            if (failure !== undefined) component.failure = failure.behaviour;
            this.model.components.push(component);
        }
        if (failure !== undefined) {
            this.model.commonCauses.push({ name: group.modelName, beta: failure.beta, members: members.map(member => member.modelName) });
        }
    }

    /** The members' failure behaviour and the beta factor, or undefined (with a diagnostic). */
    private ccfMemberFailure(group: Definition, memberCount: number): { behaviour: FailureBehaviour; beta: number } | undefined {
        const element = group.element;
        const model = element.attributes.model;
        if (model !== 'beta-factor') {
            this.report('error', element, `CCF group '${group.modelName}': model "${model ?? ''}" is not supported (only beta-factor)`);
            return undefined;
        }
        if (memberCount < 2) {
            this.report('error', element, `CCF group '${group.modelName}' needs at least two <basic-event> members in <members>`);
            return undefined;
        }
        const distribution = logicalChildren(element.children.find(child => child.tag === 'distribution'));
        const factorElement = element.children.find(child => child.tag === 'factor')
            ?? element.children.find(child => child.tag === 'factors')?.children.find(child => child.tag === 'factor');
        const factor = logicalChildren(factorElement);
        if (distribution.length !== 1 || factor.length !== 1) {
            this.report('error', element, `CCF group '${group.modelName}' needs one <distribution> and one <factor> expression`);
            return undefined;
        }
        const behaviour = this.failureBehaviour(distribution[0], group.scope, `CCF group '${group.modelName}'`);
        const beta = this.evaluate(factor[0], group.scope);
        if (beta !== undefined && !(beta >= 0 && beta <= 1)) {
            this.report('error', factor[0], `the beta factor of CCF group '${group.modelName}' is ${beta}, outside [0, 1]`);
            return undefined;
        }
        return behaviour === undefined || beta === undefined ? undefined : { behaviour, beta };
    }

    // ---- Expressions ----

    private evaluate(element: XmlElement, scope: string[]): number | undefined {
        const args = logicalChildren(element);
        const values = (): number[] | undefined => {
            const evaluated = args.map(arg => this.evaluate(arg, scope));
            return evaluated.every((value): value is number => value !== undefined) ? evaluated : undefined;
        };
        const arity = (min: number, max = min): boolean => {
            if (args.length >= min && args.length <= max) return true;
            const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
            this.report('error', element, `<${element.tag}> takes ${expected} argument(s), not ${args.length}`);
            return false;
        };
        switch (element.tag) {
            case 'float':
            case 'int':
                return this.numberAttribute(element, 'value');
            case 'bool':
                return this.booleanAttribute(element) ? 1 : 0;
            case 'pi':
                return Math.PI;
            case 'system-mission-time':
                return this.missionHours;
            case 'parameter':
                return this.parameterValue(element, scope);
            case 'neg': return arity(1) ? values()?.map(x => -x)[0] : undefined;
            case 'abs': return arity(1) ? values()?.map(Math.abs)[0] : undefined;
            case 'exp': return arity(1) ? values()?.map(Math.exp)[0] : undefined;
            case 'log': return arity(1) ? values()?.map(Math.log)[0] : undefined;
            case 'log10': return arity(1) ? values()?.map(Math.log10)[0] : undefined;
            case 'sqrt': return arity(1) ? values()?.map(Math.sqrt)[0] : undefined;
            case 'pow': return arity(2) ? apply(values(), ([x, y]) => x ** y) : undefined;
            case 'add': return arity(1, Infinity) ? apply(values(), xs => xs.reduce((a, b) => a + b)) : undefined;
            case 'sub': return arity(1, Infinity) ? apply(values(), xs => xs.reduce((a, b) => a - b)) : undefined;
            case 'mul': return arity(1, Infinity) ? apply(values(), xs => xs.reduce((a, b) => a * b)) : undefined;
            case 'div': return arity(1, Infinity) ? apply(values(), xs => xs.reduce((a, b) => a / b)) : undefined;
            case 'min': return arity(1, Infinity) ? apply(values(), xs => Math.min(...xs)) : undefined;
            case 'max': return arity(1, Infinity) ? apply(values(), xs => Math.max(...xs)) : undefined;
            case 'mean': return arity(1, Infinity) ? apply(values(), xs => xs.reduce((a, b) => a + b) / xs.length) : undefined;
            case 'exponential':
                return arity(2) ? apply(values(), ([rate, time]) => -Math.expm1(-rate * time)) : undefined;
            case 'Weibull':
                return arity(4) ? apply(values(), ([scale, shape, shift, time]) =>
                    time <= shift ? 0 : -Math.expm1(-(((time - shift) / scale) ** shape))) : undefined;
            default:
                if (DEVIATE_TAGS.has(element.tag)) return this.deviateMean(element, args, scope);
                this.report('error', element, `expression <${element.tag}> is not supported`);
                return undefined;
        }
    }

    private deviateMean(element: XmlElement, args: XmlElement[], scope: string[]): number | undefined {
        const values = args.map(arg => this.evaluate(arg, scope));
        if (values.some(value => value === undefined)) return undefined;
        const x = values as number[];
        let mean: number | undefined;
        if (element.tag === 'lognormal-deviate' && x.length === 3) mean = x[0];
        else if (element.tag === 'lognormal-deviate' && x.length === 2) mean = Math.exp(x[0] + x[1] * x[1] / 2);
        else if (element.tag === 'normal-deviate' && x.length === 2) mean = x[0];
        else if (element.tag === 'uniform-deviate' && x.length === 2) mean = (x[0] + x[1]) / 2;
        else if (element.tag === 'gamma-deviate' && x.length === 2) mean = x[0] * x[1];
        else if (element.tag === 'beta-deviate' && x.length === 2) mean = x[0] / (x[0] + x[1]);
        if (mean === undefined) {
            this.report('error', element, `<${element.tag}> with ${x.length} argument(s) is not supported`);
            return undefined;
        }
        this.report('warning', element, `<${element.tag}> is an uncertainty distribution: its mean ${mean} is used`);
        return mean;
    }

    private numberAttribute(element: XmlElement, attribute: string): number | undefined {
        const raw = element.attributes[attribute];
        const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
        if (!Number.isFinite(value)) {
            this.report('error', element, `<${element.tag}> needs a numeric ${attribute} attribute, found ${raw === undefined ? 'none' : `"${raw}"`}`);
            return undefined;
        }
        return value;
    }

    private booleanAttribute(element: XmlElement): boolean {
        const raw = element.attributes.value;
        if (raw !== 'true' && raw !== 'false') {
            this.report('error', element, `<${element.tag}> needs value="true" or value="false", found ${raw === undefined ? 'none' : `"${raw}"`}`);
        }
        return raw === 'true';
    }

    private parameterValue(element: XmlElement, scope: string[]): number | undefined {
        const name = element.attributes.name ?? '';
        const definition = this.resolve(this.parameters, name, scope);
        if (definition === undefined) {
            this.report('error', element, `undefined parameter '${name}'`);
            return undefined;
        }
        if (this.parameterValues.has(definition)) return this.parameterValues.get(definition);
        if (this.parametersInProgress.has(definition)) {
            this.report('error', element, `parameter '${name}' is defined in terms of itself`);
            return undefined;
        }
        this.parametersInProgress.add(definition);
        const expressions = logicalChildren(definition.element);
        let value: number | undefined;
        if (expressions.length !== 1) {
            this.report('error', definition.element, `parameter '${definition.modelName}' needs exactly one expression`);
        } else {
            value = this.evaluate(expressions[0], definition.scope);
        }
        this.parametersInProgress.delete(definition);
        this.parameterValues.set(definition, value);
        return value;
    }

    // ---- Pass 3: gates ----

    private collectGateReferences(): void {
        for (const definition of this.eventDefinitions) {
            if (definition.kind !== 'gate') continue;
            const below: EventDefinition[] = [];
            // An explicit stack: formulas nested thousands deep are read without recursion.
            const pending = [...definition.element.children];
            for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
                if (element.tag === 'gate' || element.tag === 'event') {
                    const target = this.resolve(this.events, element.attributes.name ?? '', definition.scope);
                    if (target?.kind === 'gate') {
                        this.referencedGates.add(target.modelName);
                        below.push(target);
                    }
                }
                for (const child of element.children) pending.push(child);
            }
            this.gatesBelow.set(definition, below);
        }
    }

    /**
     * Folds every gate after the gates it refers to, so that folding a gate finds those folded already: a
     * chain of gates thousands deep needs no deep recursion.
     */
    private foldBottomUp(): void {
        for (const gate of childrenFirst(this.gatesBelow.keys(), g => this.gatesBelow.get(g) ?? [])) this.foldGuarded(gate);
    }

    /**
     * foldGate, with a gate too deep even so (XML nested thousands deep, a cycle thousands long) an error on it;
     * the gates using it then take it as false, their figures being void anyway.
     */
    private foldGuarded(definition: EventDefinition): Formula | undefined {
        try {
            return this.foldGate(definition);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            this.tooDeep(definition);
            return undefined;
        }
    }

    private tooDeep(definition: EventDefinition): void {
        this.report('error', definition.element, `gate '${definition.modelName}' is nested too deeply to read`);
        this.tooDeepGates.add(definition.modelName);
        this.gatesInProgress.clear();
        this.foldedGates.set(definition.modelName, FALSE);
    }

    private readGate(definition: EventDefinition): void {
        if (this.tooDeepGates.has(definition.modelName)) return;
        const formula = this.foldGuarded(definition);
        if (formula === undefined) return;
        const kind = this.referencedGates.has(definition.modelName) ? 'gate' : 'top';
        let failure: FaultExpr;
        if (formula.kind === 'const') {
            this.report('warning', definition.element,
                `gate '${definition.modelName}' is always ${formula.value ? 'true' : 'false'} (house events or constants)`);
            failure = { kind: 'event', name: this.constantComponent(formula.value) };
        } else {
            try {
                failure = toFaultExpr(formula);
            } catch (error) {
                if (!(error instanceof RangeError)) throw error;
                this.tooDeep(definition);
                return;
            }
        }
        this.model.structures.push({ name: definition.modelName, kind, failure });
    }

    /** The gate's formula with house events, constants and constant sub-gates folded away. */
    private foldGate(definition: EventDefinition): Formula {
        const done = this.foldedGates.get(definition.modelName);
        if (done !== undefined) return done;
        if (this.gatesInProgress.has(definition.modelName)) {
            this.report('error', definition.element, `gate '${definition.modelName}' depends on itself (a cycle)`);
            return FALSE;
        }
        this.gatesInProgress.add(definition.modelName);
        const formulas = logicalChildren(definition.element);
        let formula: Formula = FALSE;
        if (formulas.length !== 1) {
            this.report('error', definition.element, `gate '${definition.modelName}' needs exactly one formula, found ${formulas.length}`);
        } else {
            formula = this.formula(formulas[0], definition.scope);
        }
        this.gatesInProgress.delete(definition.modelName);
        this.foldedGates.set(definition.modelName, formula);
        return formula;
    }

    private formula(element: XmlElement, scope: string[]): Formula {
        const args = logicalChildren(element);
        const operands = (): Formula[] => args.map(arg => this.formula(arg, scope));
        const arity = (min: number, max = min): boolean => {
            if (args.length >= min && args.length <= max) return true;
            const expected = min === max ? `${min}` : `at least ${min}`;
            this.report('error', element, `<${element.tag}> takes ${expected} argument(s), not ${args.length}`);
            return false;
        };
        switch (element.tag) {
            case 'gate':
            case 'basic-event':
            case 'house-event':
            case 'event':
                return this.reference(element, scope);
            case 'constant':
                return this.booleanAttribute(element) ? TRUE : FALSE;
            case 'and': return arity(1, Infinity) ? and(operands()) : FALSE;
            case 'or': return arity(1, Infinity) ? or(operands()) : FALSE;
            case 'xor': return arity(1, Infinity) ? xor(operands()) : FALSE;
            case 'not': return arity(1) ? not(operands()[0]) : FALSE;
            case 'null': return arity(1) ? operands()[0] : FALSE;
            case 'nand': return arity(1, Infinity) ? not(and(operands())) : FALSE;
            case 'nor': return arity(1, Infinity) ? not(or(operands())) : FALSE;
            case 'iff': return arity(2) ? not(xor(operands())) : FALSE;
            case 'imply': {
                if (!arity(2)) return FALSE;
                const [premise, conclusion] = operands();
                return or([not(premise), conclusion]);
            }
            case 'atleast': {
                if (!arity(1, Infinity)) return FALSE;
                const k = this.integerAttribute(element, 'min', 1);
                if (k === undefined) return FALSE;
                if (k > args.length) {
                    this.report('error', element, `<atleast min="${k}"> has only ${args.length} argument(s)`);
                    return FALSE;
                }
                return atLeast(k, operands());
            }
            case 'cardinality': {
                if (!arity(1, Infinity)) return FALSE;
                const low = this.integerAttribute(element, 'min', 0);
                const high = this.integerAttribute(element, 'max', 0);
                if (low === undefined || high === undefined) return FALSE;
                if (high < low) {
                    this.report('error', element, `<cardinality> has max ${high} < min ${low}`);
                    return FALSE;
                }
                const terms = operands();
                return and([atLeast(low, terms), not(atLeast(high + 1, terms))]);
            }
            default:
                this.report('error', element, `formula <${element.tag}> is not supported`);
                return FALSE;
        }
    }

    private integerAttribute(element: XmlElement, attribute: string, minimum: number): number | undefined {
        const value = this.numberAttribute(element, attribute);
        if (value === undefined) return undefined;
        if (!Number.isInteger(value) || value < minimum) {
            this.report('error', element, `<${element.tag}> ${attribute}="${element.attributes[attribute]}" must be an integer ≥ ${minimum}`);
            return undefined;
        }
        return value;
    }

    private reference(element: XmlElement, scope: string[]): Formula {
        const name = element.attributes.name ?? '';
        const target = this.resolve(this.events, name, scope);
        const expected = element.tag === 'event' ? element.attributes.type : element.tag;
        if (target === undefined) {
            this.report('error', element, `undefined ${expected ?? 'event'} '${name}'`);
            return FALSE;
        }
        if (expected !== undefined && expected !== target.kind) {
            this.report('error', element, `'${name}' is a ${target.kind} (line ${target.element.line}), not a ${expected}`);
            return FALSE;
        }
        switch (target.kind) {
            case 'basic-event':
                return { kind: 'event', name: target.modelName };
            case 'house-event':
                return this.houseEventValue(target) ? TRUE : FALSE;
            case 'gate': {
                const folded = this.foldGate(target);
                return folded.kind === 'const' ? folded : { kind: 'ref', name: target.modelName };
            }
        }
    }

    private houseEventValue(definition: EventDefinition): boolean {
        const [constant] = logicalChildren(definition.element);
        if (constant === undefined) return false;
        if (constant.tag !== 'constant') {
            this.report('error', constant, `house event '${definition.modelName}' must be a <constant>, found <${constant.tag}>`);
            return false;
        }
        return this.booleanAttribute(constant);
    }

    /** A component that always (or never) fails, for a gate whose whole logic is constant. */
    private constantComponent(value: boolean): string {
        const base = value ? 'constant-true' : 'constant-false';
        const existing = this.model.components.find(component => component.name.startsWith(base)
            && component.failure?.kind === 'probability' && component.failure.q === (value ? 1 : 0));
        if (existing !== undefined) return existing.name;
        let name = base;
        for (let i = 2; this.events.has(name); i++) name = `${base}-${i}`;
        this.model.components.push({ name, failure: { kind: 'probability', q: value ? 1 : 0 } });
        return name;
    }
}

function apply(values: number[] | undefined, f: (values: number[]) => number): number | undefined {
    return values === undefined ? undefined : f(values);
}

/** The children that carry meaning (not labels or attributes). */
function logicalChildren(element: XmlElement | undefined): XmlElement[] {
    return element?.children.filter(child => !DOCUMENTATION_TAGS.has(child.tag)) ?? [];
}

// ---- Formula construction with constant folding ----

function isConst(formula: Formula, value: boolean): boolean {
    return formula.kind === 'const' && formula.value === value;
}

function and(operands: Formula[]): Formula {
    if (operands.some(operand => isConst(operand, false))) return FALSE;
    const rest = operands.filter(operand => operand.kind !== 'const');
    return rest.length === 0 ? TRUE : rest.length === 1 ? rest[0] : { kind: 'and', operands: rest };
}

function or(operands: Formula[]): Formula {
    if (operands.some(operand => isConst(operand, true))) return TRUE;
    const rest = operands.filter(operand => operand.kind !== 'const');
    return rest.length === 0 ? FALSE : rest.length === 1 ? rest[0] : { kind: 'or', operands: rest };
}

function not(operand: Formula): Formula {
    if (operand.kind === 'const') return { kind: 'const', value: !operand.value };
    if (operand.kind === 'not') return operand.operand;
    return { kind: 'not', operand };
}

function xor(operands: Formula[]): Formula {
    const flips = operands.filter(operand => isConst(operand, true)).length % 2 === 1;
    const rest = operands.filter(operand => operand.kind !== 'const');
    const parity: Formula = rest.length === 0 ? FALSE : rest.length === 1 ? rest[0] : { kind: 'xor', operands: rest };
    return flips ? not(parity) : parity;
}

function atLeast(k: number, operands: Formula[]): Formula {
    const needed = k - operands.filter(operand => isConst(operand, true)).length;
    const rest = operands.filter(operand => operand.kind !== 'const');
    if (needed <= 0) return TRUE;
    if (needed > rest.length) return FALSE;
    if (needed === 1) return or(rest);
    if (needed === rest.length) return and(rest);
    return { kind: 'atLeast', k: needed, operands: rest };
}

/** Only called on formulas without constants: folding removes every constant below the root. */
function toFaultExpr(formula: Exclude<Formula, { kind: 'const' }>): FaultExpr {
    const convert = (operand: Formula): FaultExpr => {
        if (operand.kind === 'const') throw new Error('a constant survived folding below the root of a formula');
        return toFaultExpr(operand);
    };
    switch (formula.kind) {
        case 'event':
        case 'ref':
            return formula;
        case 'and':
        case 'or':
        case 'xor':
            return { kind: formula.kind, operands: formula.operands.map(convert) };
        case 'not':
            return { kind: 'not', operand: convert(formula.operand) };
        case 'atLeast':
            return { kind: 'atLeast', k: formula.k, operands: formula.operands.map(convert) };
    }
}
