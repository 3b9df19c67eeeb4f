/**
 * Brute-force evaluation of a model's fault trees for tests: every assignment of the basic events
 * is enumerated, so the result is exact and independent of any BDD. Beta-factor groups are expanded
 * the way the model defines them: member = own part ((1 − β)·Q) or the group's shared event (β·Q).
 */
import { componentUnreliability } from '../../engine/components.js';
import type { FaultExpr, ReliabilityModel } from '../../engine/model.js';

export function enumerateProbability(model: ReliabilityModel, structureName: string): number {
    const variables: number[] = [];
    const memberVariables = new Map<string, number[]>();
    const q = (name: string): number => {
        const component = model.components.find(c => c.name === name);
        const value = component && componentUnreliability(component, model.missionHours);
        if (value === undefined) throw new Error(`no probability for ${name}`);
        return value;
    };
    for (const group of model.commonCauses) {
        const shared = variables.push(group.beta * q(group.members[0])) - 1;
        for (const member of group.members) {
            memberVariables.set(member, [variables.push((1 - group.beta) * q(member)) - 1, shared]);
        }
    }
    for (const component of model.components) {
        if (!memberVariables.has(component.name) && componentUnreliability(component, model.missionHours) !== undefined) {
            memberVariables.set(component.name, [variables.push(q(component.name)) - 1]);
        }
    }
    if (variables.length > 20) throw new Error(`${variables.length} variables are too many to enumerate`);
    const structures = new Map(model.structures.map(s => [s.name, s.failure]));

    let total = 0;
    for (let assignment = 0; assignment < 1 << variables.length; assignment++) {
        const occurs = (name: string): boolean => {
            const indices = memberVariables.get(name);
            if (indices === undefined) throw new Error(`unknown event ${name}`);
            return indices.some(i => (assignment >> i) & 1);
        };
        const evaluate = (expr: FaultExpr): boolean => {
            switch (expr.kind) {
                case 'event': return occurs(expr.name);
                case 'ref': {
                    const target = structures.get(expr.name);
                    if (target === undefined) throw new Error(`unknown structure ${expr.name}`);
                    return evaluate(target);
                }
                case 'and': return expr.operands.every(evaluate);
                case 'or': return expr.operands.some(evaluate);
                case 'xor': return expr.operands.filter(evaluate).length % 2 === 1;
                case 'not': return !evaluate(expr.operand);
                case 'atLeast': return expr.operands.filter(evaluate).length >= expr.k;
                case 'copies': throw new Error('copies are not produced by the Open-PSA reader');
            }
        };
        const top = structures.get(structureName);
        if (top === undefined) throw new Error(`unknown structure ${structureName}`);
        if (evaluate(top)) {
            let p = 1;
            for (let i = 0; i < variables.length; i++) p *= (assignment >> i) & 1 ? variables[i] : 1 - variables[i];
            total += p;
        }
    }
    return total;
}

/** P(f) for a Boolean function of independent events with the given probabilities, by enumeration. */
export function truthTableProbability(probabilities: number[], f: (values: boolean[]) => boolean): number {
    let total = 0;
    for (let assignment = 0; assignment < 1 << probabilities.length; assignment++) {
        const values = probabilities.map((_, i) => ((assignment >> i) & 1) === 1);
        if (f(values)) total += probabilities.reduce((p, q, i) => p * (values[i] ? q : 1 - q), 1);
    }
    return total;
}
