/**
 * The tree of a top, gate or system as drawn in the fault tree panel: named structures are expanded
 * into their expressions down to basic events, each box labelled with its failure probability from the report.
 */
import type { AnalysisReport } from '../engine/report.js';
import type { FaultTreeNode } from '../extension/protocol.js';
import {
    isAtLeast, isComponent, isGate, isNameReference, isOperation, isSystem,
    type Component, type Expression, type Gate, type Model, type System
} from '../language/generated/ast.js';

/** Deeper trees are cut (a cycle is a validation error; this keeps a broken model drawable). */
const MAX_DEPTH = 40;

function componentNode(component: Component, report: AnalysisReport | undefined): FaultTreeNode {
    const figures = report?.components[component.name];
    const probability = figures?.unreliability ?? (figures?.reliability !== undefined ? 1 - figures.reliability : undefined);
    return { label: component.name, kind: 'event', probability, children: [] };
}

function structureProbability(structure: Gate | System, report: AnalysisReport | undefined): number | undefined {
    if (isSystem(structure)) {
        const reliability = report?.systems[structure.name]?.reliability;
        return reliability === undefined ? undefined : 1 - reliability;
    }
    return report?.tops[structure.name]?.probability ?? report?.gates[structure.name]?.probability;
}

function structureNode(structure: Gate | System, report: AnalysisReport | undefined, depth: number): FaultTreeNode {
    const kind = isSystem(structure) ? 'system' : structure.kind === 'top' ? 'top' : 'gate';
    const body = depth < MAX_DEPTH && structure.body ? expressionNode(structure.body, report, depth + 1) : undefined;
    // A named structure whose body is one operator is drawn as one box: the name with that operator.
    if (body?.kind === 'operator') {
        return { label: structure.name, kind, operator: body.operator, probability: structureProbability(structure, report), children: body.children };
    }
    return { label: structure.name, kind, probability: structureProbability(structure, report), children: body ? [body] : [] };
}

function referenceNode(target: unknown, text: string, report: AnalysisReport | undefined, depth: number): FaultTreeNode {
    if (isComponent(target)) return componentNode(target, report);
    if (isGate(target) || isSystem(target)) return structureNode(target, report, depth);
    return { label: text, kind: 'event', children: [] };
}

function expressionNode(expression: Expression, report: AnalysisReport | undefined, depth: number): FaultTreeNode {
    if (isNameReference(expression)) return referenceNode(expression.target.ref, expression.target.$refText, report, depth);
    if (isOperation(expression)) {
        return { label: expression.operator, kind: 'operator', operator: expression.operator, children: expression.operands.map(o => expressionNode(o, report, depth + 1)) };
    }
    if (isAtLeast(expression)) {
        if (expression.copyOf) {
            const operator = `${expression.k} of ${expression.copies ?? '?'}`;
            return { label: operator, kind: 'operator', operator, children: [referenceNode(expression.copyOf.ref, expression.copyOf.$refText, report, depth + 1)] };
        }
        const operator = `${expression.k} of ${expression.operands.length}`;
        return { label: operator, kind: 'operator', operator, children: expression.operands.map(o => expressionNode(o, report, depth + 1)) };
    }
    return { label: '?', kind: 'event', children: [] };
}

/** The drawn tree of the top, gate or system called `name`, or null when the model has none. */
export function faultTreeOf(model: Model, name: string, report: AnalysisReport | undefined): FaultTreeNode | null {
    const structure = model.declarations.find((d): d is Gate | System => (isGate(d) || isSystem(d)) && d.name === name);
    return structure ? structureNode(structure, report, 0) : null;
}
