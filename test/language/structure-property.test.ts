// Random small models written in .rel (reliability block diagrams in success logic, fault trees in
// failure logic, shared components, K of (…), K of N copies, NOT and XOR), analysed end to end
// (parse → model → BDD) and compared with brute-force enumeration of every component state.
import { EmptyFileSystem, URI } from 'langium';
import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../language/generated/ast.js';
import { analyzeDocument } from '../../language/analysis.js';
import { createRelServices } from '../../language/rel-module.js';
import { truthTableProbability } from '../openpsa/enumerate.js';

const { shared } = createRelServices(EmptyFileSystem);

async function analyze(text: string, index: number) {
    const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.parse(`file:///random/model${index}.rel`));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const report = analyzeDocument(document);
    shared.workspace.LangiumDocuments.deleteDocument(document.uri);
    return report;
}

/** An expression over variable indices: evaluated on a state (true = the variable works / occurs). */
type Expr =
    | { op: 'var'; v: number; text: string }
    | { op: 'all' | 'any' | 'xor'; args: Expr[]; text: string }
    | { op: 'not'; arg: Expr; text: string }
    | { op: 'atLeast'; k: number; args: Expr[]; text: string };

function holds(e: Expr, state: boolean[]): boolean {
    switch (e.op) {
        case 'var': return state[e.v];
        case 'all': return e.args.every(a => holds(a, state));
        case 'any': return e.args.some(a => holds(a, state));
        case 'xor': return e.args.filter(a => holds(a, state)).length % 2 === 1;
        case 'not': return !holds(e.arg, state);
        case 'atLeast': return e.args.filter(a => holds(a, state)).length >= e.k;
    }
}

interface RandomModel {
    text: string;
    /** Probability that variable i is true (works for systems, occurs for fault trees). */
    variableProbability: number[];
    system: Expr;
    top: Expr;
}

/**
 * Components C0…Cn-1 with reliabilities; variables 0…n-1 are "Ci works", then one variable per copy
 * of the copied component. The fault tree uses the same components: "Ci fails" is ¬(Ci works).
 */
function randomModel(random: () => number): RandomModel {
    const n = 3 + Math.floor(random() * 5);
    const reliability = Array.from({ length: n }, () => Math.round((0.5 + 0.49 * random()) * 1000) / 1000);
    const variableProbability = [...reliability];
    const lines = reliability.map((r, i) => `component C${i} { reliability ${r} }`);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const works = (i: number): Expr => ({ op: 'var', v: i, text: `C${i}` });

    // At most one `K of N Ci` in the model: its copies are fresh variables.
    let copiesUsed = false;
    const copies = (): Expr => {
        copiesUsed = true;
        const of = Math.floor(random() * n);
        const count = 2 + Math.floor(random() * 2);
        const k = 1 + Math.floor(random() * count);
        const args = Array.from({ length: count }, () => {
            variableProbability.push(reliability[of]);
            return { op: 'var', v: variableProbability.length - 1, text: '' } as Expr;
        });
        return { op: 'atLeast', k, args, text: `${k} of ${count} C${of}` };
    };
    const successExpr = (depth: number): Expr => {
        const roll = random();
        if (depth === 0 || roll < 0.3) return !copiesUsed && roll < 0.05 ? copies() : works(Math.floor(random() * n));
        const args = Array.from({ length: 2 + Math.floor(random() * 3) }, () => successExpr(depth - 1));
        const list = args.map(a => a.text).join(', ');
        const kind = pick(['series', 'parallel', 'kof'] as const);
        if (kind === 'series') return { op: 'all', args, text: `series(${list})` };
        if (kind === 'parallel') return { op: 'any', args, text: `parallel(${list})` };
        const k = 1 + Math.floor(random() * args.length);
        return { op: 'atLeast', k, args, text: `${k} of (${list})` };
    };
    // Failure logic over "Ci fails" = not(Ci works).
    const fails = (i: number): Expr => ({ op: 'not', arg: works(i), text: `C${i}` });
    const failureExpr = (depth: number): Expr => {
        if (depth === 0 || random() < 0.3) return fails(Math.floor(random() * n));
        const kind = pick(['and', 'or', 'not', 'xor', 'kof'] as const);
        if (kind === 'not') {
            const arg = failureExpr(depth - 1);
            return { op: 'not', arg, text: `not(${arg.text})` };
        }
        const args = Array.from({ length: 2 + Math.floor(random() * 2) }, () => failureExpr(depth - 1));
        const list = args.map(a => a.text).join(', ');
        if (kind === 'and') return { op: 'all', args, text: `and(${list})` };
        if (kind === 'or') return { op: 'any', args, text: `or(${list})` };
        if (kind === 'xor') return { op: 'xor', args, text: `xor(${list})` };
        const k = 1 + Math.floor(random() * args.length);
        return { op: 'atLeast', k, args, text: `${k} of (${list})` };
    };

    // The outer system uses the inner one by name: the same components, counted once.
    const inner = successExpr(2);
    const second = successExpr(2);
    const system: Expr = { op: 'all', args: [inner, second], text: `series(Inner, ${second.text})` };
    lines.push(`system Inner = ${inner.text}`, `system Outer = ${system.text}`);
    const top = failureExpr(3);
    lines.push(`top T = ${top.text}`);
    return { text: lines.join('\n') + '\n', variableProbability, system, top };
}

function enumerate(m: RandomModel, e: Expr): number {
    return truthTableProbability(m.variableProbability, state => holds(e, state));
}

describe('random .rel models against enumeration', () => {
    test('system reliability and top-event probability, end to end', async () => {
        const random = seedrandom('rel-structure-property');
        for (let index = 0; index < 150; index++) {
            const model = randomModel(random);
            const report = await analyze(model.text, index);
            const errors = report.diagnostics.filter(d => d.severity === 'error');
            expect(errors, model.text).toEqual([]);
            expect(report.systems.Outer.reliability, model.text).toBeCloseTo(enumerate(model, model.system), 12);
            expect(report.tops.T.probability, model.text).toBeCloseTo(enumerate(model, model.top), 12);
        }
    });
});
