/**
 * Validation of .rel documents: every error and warning named in language.md. The checks reuse the
 * model builder's readers (model-builder.ts), so what is reported here is exactly what the builder
 * leaves out. Everything is linear in the size of the document: it runs on every keystroke.
 */
import { AstUtils, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { componentUnreliability } from '../engine/components.js';
import type { ComponentModel, RequirementMetric } from '../engine/model.js';
import {
    isAtLeast, isCommonCause, isComponent, isGate, isNameReference, isSystem,
    type AtLeast, type CascadeSetting, type CommonCause, type Component, type Depends, type Diagnosis, type Gate, type Incidents,
    type Markov, type MissionSetting, type Model, type NameReference, type RelAstType, type Requirement, type Simulation, type System
} from './generated/ast.js';
import { IssueCodes } from './issue-codes.js';
import {
    kindText, missionHoursOf, readCascade, readCommonCause, readComponent, readDiagnosis, readIncidents, readMarkov, readMission,
    readRequirement, readSimulation, readStructure, type Problem
} from './model-builder.js';
import type { RelServices } from './rel-module.js';

export function registerValidationChecks(services: RelServices) {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.RelValidator;
    const checks: ValidationChecks<RelAstType> = {
        Model: [validator.checkUniqueNames, validator.checkSingleSettings, validator.checkCycles, validator.checkCommonCauseMembership],
        Component: validator.checkComponent,
        System: validator.checkStructure,
        Gate: validator.checkStructure,
        CommonCause: validator.checkCommonCause,
        Markov: validator.checkMarkov,
        Depends: validator.checkDepends,
        CascadeSetting: validator.checkCascade,
        Simulation: validator.checkSimulation,
        Diagnosis: validator.checkDiagnosis,
        Incidents: validator.checkIncidents,
        Requirement: validator.checkRequirement,
        MissionSetting: validator.checkMission
    };
    registry.register(checks, validator);
}

type NamedDeclaration = AstNode & { name: string };

function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

/*
 * Which requirement metrics apply to which subjects. Components and systems have every figure
 * (whether the data allow it is a warning, below); gates and tops have a probability (and its
 * complement); Markov chains and incident logs are about repairable behaviour; a diagnosis has
 * the probability of its symptom; a simulation estimates whatever its target has.
 */
const METRICS_BY_SUBJECT: Record<string, readonly RequirementMetric[]> = {
    Component: ['reliability', 'probability', 'mttf', 'availability', 'mtbf', 'downtime'],
    System: ['reliability', 'probability', 'mttf', 'availability', 'mtbf', 'downtime'],
    Gate: ['probability', 'reliability'],
    Markov: ['availability', 'mtbf', 'mttf', 'downtime'],
    Incidents: ['mtbf', 'availability', 'downtime'],
    Diagnosis: ['probability'],
    Simulation: ['reliability', 'probability', 'mttf', 'availability', 'mtbf', 'downtime']
};

/** What a component's data allow: a mission probability, a lifetime, an availability. */
function componentCapabilities(c: ComponentModel): { probability: boolean; lifetime: boolean; availability: boolean; repairable: boolean } {
    const lifetime = c.failure?.kind === 'lifetime';
    const repairable = lifetime && c.repair !== undefined;
    return {
        probability: c.failure?.kind === 'probability' || lifetime,
        lifetime,
        availability: c.failure?.kind === 'availability' || repairable,
        repairable
    };
}

/** The references in a structure's body to components, systems and gates, with the node that makes each. */
function referencesIn(structure: System | Gate): { node: NameReference | AtLeast; target: Component | System | Gate }[] {
    const found: { node: NameReference | AtLeast; target: Component | System | Gate }[] = [];
    if (!structure.body) {
        return found;
    }
    for (const node of AstUtils.streamAst(structure.body)) {
        const target = isNameReference(node) ? node.target?.ref : isAtLeast(node) ? node.copyOf?.ref : undefined;
        if (target && (isNameReference(node) || isAtLeast(node))) {
            found.push({ node, target });
        }
    }
    return found;
}

/** The components a system uses, through the structures it contains (a worklist: chains of any length). */
function componentsOf(system: System): Component[] {
    const found = new Set<Component>();
    const seen = new Set<AstNode>([system]);
    const work: (System | Gate)[] = [system];
    while (work.length > 0) {
        for (const { target } of referencesIn(work.pop()!)) {
            if (isComponent(target)) {
                found.add(target);
            } else if (!seen.has(target)) {
                seen.add(target);
                work.push(target);
            }
        }
    }
    return [...found];
}

export class RelValidator {
    /** The mission time of each document version, read once per validation rather than once per declaration. */
    private readonly missionHoursByModel = new WeakMap<Model, number>();

    private missionHours(model: Model): number {
        let hours = this.missionHoursByModel.get(model);
        if (hours === undefined) {
            hours = missionHoursOf(model);
            this.missionHoursByModel.set(model, hours);
        }
        return hours;
    }

    /** Runs a model-builder reader and reports its problems: the validator and the builder share one set of checks. */
    private reportReading(read: (problems: Problem[]) => unknown, accept: ValidationAcceptor): void {
        const problems: Problem[] = [];
        read(problems);
        for (const p of problems) {
            accept(p.severity, p.message, {
                node: p.node, ...(p.property ? { property: p.property } : {}), ...(p.index !== undefined ? { index: p.index } : {}),
                code: p.code, ...(p.data !== undefined ? { data: p.data } : {})
            });
        }
    }

    /** Names are shared by every named declaration: components, systems, gates, tops, common causes, chains, simulations, diagnoses, logs. */
    checkUniqueNames = (model: Model, accept: ValidationAcceptor): void => {
        const first = new Map<string, NamedDeclaration>();
        for (const declaration of model.declarations) {
            const name = 'name' in declaration ? declaration.name : undefined;
            if (typeof name !== 'string' || !name) {
                continue;
            }
            const earlier = first.get(name);
            if (earlier) {
                accept('error', `'${name}' is already declared as ${kindText(earlier)} on line ${lineOf(earlier)}; names must be unique.`,
                    { node: declaration, property: 'name', code: IssueCodes.DuplicateName });
            } else {
                first.set(name, declaration as NamedDeclaration);
            }
        }
    };

    /** `mission` and `cascade` are document-wide settings: one each. */
    checkSingleSettings = (model: Model, accept: ValidationAcceptor): void => {
        for (const type of ['MissionSetting', 'CascadeSetting'] as const) {
            const settings = model.declarations.filter(d => d.$type === type);
            for (const extra of settings.slice(1)) {
                accept('error', `The ${type === 'MissionSetting' ? 'mission time' : 'cascade'} is already set on line ${lineOf(settings[0])}.`,
                    { node: extra, code: IssueCodes.DuplicateSetting });
            }
        }
    };

    /**
     * A system or gate that contains itself, reported once per cycle on the reference that closes it
     * (the back edge of an iterative depth-first search, so chains of any length are fine).
     */
    checkCycles = (model: Model, accept: ValidationAcceptor): void => {
        type Frame = { structure: System | Gate; edges: ReturnType<typeof referencesIn>; next: number };
        const state = new Map<AstNode, 'visiting' | 'done'>();
        const open = (structure: System | Gate): Frame => {
            state.set(structure, 'visiting');
            return { structure, edges: referencesIn(structure).filter(e => !isComponent(e.target)), next: 0 };
        };
        for (const declaration of model.declarations) {
            if (!(isSystem(declaration) || isGate(declaration)) || state.has(declaration)) {
                continue;
            }
            const stack: Frame[] = [open(declaration)];
            while (stack.length > 0) {
                const frame = stack[stack.length - 1];
                if (frame.next === frame.edges.length) {
                    state.set(frame.structure, 'done');
                    stack.pop();
                    continue;
                }
                const { node, target } = frame.edges[frame.next++];
                if (isComponent(target)) {
                    continue;
                }
                const targetState = state.get(target);
                if (targetState === 'visiting') {
                    const path = [...stack.slice(stack.findIndex(f => f.structure === target)).map(f => f.structure.name), target.name];
                    const shown = path.length > 8 ? [...path.slice(0, 4), '…', ...path.slice(-3)] : path;
                    accept('error', `Cycle: '${target.name}' contains itself (${shown.join(' → ')}).`,
                        { node, property: isNameReference(node) ? 'target' : 'copyOf', code: IssueCodes.Cycle });
                } else if (targetState === undefined) {
                    stack.push(open(target));
                }
            }
        }
    };

    /** A component belongs to at most one beta-factor group. */
    checkCommonCauseMembership = (model: Model, accept: ValidationAcceptor): void => {
        const groupOf = new Map<AstNode, CommonCause>();
        for (const group of model.declarations.filter(isCommonCause)) {
            group.members.forEach((member, index) => {
                const component = member.ref;
                const other = component ? groupOf.get(component) : undefined;
                if (component && other && other !== group) {
                    accept('error', `'${component.name}' is already in common cause '${other.name}'; a component belongs to at most one beta-factor group.`,
                        { node: group, property: 'members', index, code: IssueCodes.CommonCauseMember });
                } else if (component && !other) {
                    groupOf.set(component, group);
                }
            });
        }
    };

    checkComponent = (c: Component, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readComponent(c, problems), accept);
    };

    checkStructure = (s: System | Gate, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readStructure(s, problems), accept);
    };

    /** Beta within [0, 1]; members listed once, each with a failure probability, all equal at the mission time. */
    checkCommonCause = (c: CommonCause, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readCommonCause(c, problems), accept);
        if (c.members.length < 2) {
            accept('warning', `Common cause '${c.name}' has one member; a common cause is shared by two or more components.`,
                { node: c, property: 'members', code: IssueCodes.CommonCauseMember });
        }
        const missionHours = this.missionHours(c.$container);
        let reference: { name: string; q: number } | undefined;
        c.members.forEach((member, index) => {
            const component = member.ref;
            if (!component) {
                return;
            }
            const q = componentUnreliability(readComponent(component, []), missionHours);
            if (q === undefined) {
                accept('error', `'${component.name}' has no failure probability over the mission (give it a probability, reliability, `
                    + 'failure rate, mttf or lifetime) and cannot share a common cause.', { node: c, property: 'members', index, code: IssueCodes.CommonCauseMember });
            } else if (!reference) {
                reference = { name: component.name, q };
            } else if (Math.abs(q - reference.q) > 1e-9 * Math.max(q, reference.q)) {
                accept('error', `Members of common cause '${c.name}' must have equal failure probabilities at the mission time: `
                    + `'${component.name}' has Q = ${q.toPrecision(6)}, '${reference.name}' has Q = ${reference.q.toPrecision(6)}.`,
                { node: c, property: 'members', index, code: IssueCodes.CommonCauseUnequal });
            }
        });
    };

    checkMarkov = (m: Markov, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readMarkov(m, problems), accept);
    };

    checkDepends = (d: Depends, accept: ValidationAcceptor): void => {
        const dependent = d.dependent?.ref;
        const seen = new Set<AstNode>();
        d.dependencies.forEach((dependency, index) => {
            const target = dependency.ref;
            if (!target) {
                return;
            }
            if (target === dependent) {
                accept('error', `'${target.name}' cannot depend on itself.`, { node: d, property: 'dependencies', index, code: IssueCodes.SelfDependency });
            } else if (seen.has(target)) {
                accept('warning', `'${target.name}' is listed twice.`, { node: d, property: 'dependencies', index, code: IssueCodes.DuplicateSetting });
            }
            seen.add(target);
        });
    };

    checkCascade = (c: CascadeSetting, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readCascade(c, problems), accept);
    };

    checkSimulation = (s: Simulation, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readSimulation(s, this.missionHours(s.$container), problems), accept);
    };

    checkDiagnosis = (d: Diagnosis, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readDiagnosis(d, problems), accept);
    };

    checkIncidents = (i: Incidents, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readIncidents(i, problems), accept);
    };

    checkMission = (m: MissionSetting, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readMission(m, problems), accept);
    };

    /** The value in the metric's units; the metric must apply to the subject (error) and its data must allow it (warning). */
    checkRequirement = (r: Requirement, accept: ValidationAcceptor): void => {
        this.reportReading(problems => readRequirement(r, problems), accept);
        const subject = r.subject?.ref;
        if (!subject || !r.metric) {
            return;
        }
        const metrics = METRICS_BY_SUBJECT[subject.$type] ?? [];
        if (!metrics.includes(r.metric)) {
            accept('error', `'${r.metric}' does not apply to '${subject.name}', which is ${kindText(subject)}; `
                + `${kindText(subject)} has ${metrics.join(', ')}.`, { node: r, property: 'metric', code: IssueCodes.RequirementMetric });
            return;
        }
        const components = isComponent(subject) ? [subject] : isSystem(subject) ? componentsOf(subject) : [];
        const need = r.metric === 'mttf' ? 'lifetime'
            : r.metric === 'mtbf' ? (isComponent(subject) ? 'repairable' : 'availability')
                : r.metric === 'availability' || r.metric === 'downtime' ? 'availability' : 'probability';
        const lacking = components.find(c => !componentCapabilities(readComponent(c, []))[need]);
        if (lacking) {
            const what = {
                lifetime: 'a lifetime (failure rate, mttf or lifetime)',
                repairable: 'a lifetime and a repair time (mttr or repair)',
                availability: 'an availability (availability, or a lifetime with a repair time)',
                probability: 'a failure probability over the mission (probability, reliability or a lifetime)'
            }[need];
            accept('warning', `'${r.metric}' of '${subject.name}' cannot be computed: '${lacking.name}' has no ${what.replace(/^an? /, '')}.`,
                { node: r, property: 'metric', code: IssueCodes.RequirementMetric });
        }
    };
}
