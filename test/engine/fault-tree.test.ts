import { describe, expect, test } from 'vitest';
import { emptyModel, type CommonCauseModel, type FaultExpr, type StructureModel } from '../../engine/model.js';
import { analyzeModel, exactSimulationFigure } from '../../engine/analyze.js';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { simulateModel } from '../../language/analysis.js';
import { withSimulation } from '../monte-carlo/models.js';
import { compileStructures, failureProbability, structureFigures, FaultTreeError } from '../../engine/fault-tree.js';

const ev = (name: string): FaultExpr => ({ kind: 'event', name });
const ref = (name: string): FaultExpr => ({ kind: 'ref', name });
const and = (...operands: FaultExpr[]): FaultExpr => ({ kind: 'and', operands });
const or = (...operands: FaultExpr[]): FaultExpr => ({ kind: 'or', operands });
const not = (operand: FaultExpr): FaultExpr => ({ kind: 'not', operand });
const xor = (...operands: FaultExpr[]): FaultExpr => ({ kind: 'xor', operands });
const atLeast = (k: number, ...operands: FaultExpr[]): FaultExpr => ({ kind: 'atLeast', k, operands });
const gate = (name: string, failure: FaultExpr): StructureModel => ({ name, kind: 'gate', failure });
const lookup = (q: Record<string, number>) => (c: string) => q[c];

describe('language.md §12 worked answers', () => {
    const tree = [
        gate('Infrastructure', or(ev('ServerHW'), ev('NetworkDown'), ev('DNSFailure'))),
        gate('Application', or(ev('AppBug'), ev('DBUnavailable'))),
        gate('ContentDelivery', and(ev('CDNDown'), ev('ServerHW'))),
        { name: 'WebsiteUnavailable', kind: 'top', failure: or(ref('Infrastructure'), ref('Application'), ref('ContentDelivery')) } as StructureModel
    ];
    const q = { ServerHW: 0.05, NetworkDown: 0.02, DNSFailure: 0.01, AppBug: 0.1, DBUnavailable: 0.03, CDNDown: 0.005 };

    test('fault tree of §5: P(top), Birnbaum(AppBug), Birnbaum(CDNDown)', () => {
        const compiled = compileStructures(tree, [], Object.keys(q));
        const figures = structureFigures(compiled, 'WebsiteUnavailable', lookup(q));
        expect(figures.probability).toBeCloseTo(0.19536463, 12);
        expect(figures.importance.AppBug.birnbaum).toBeCloseTo(0.8940393, 12);
        expect(figures.importance.CDNDown.birnbaum).toBe(0);
        // The top is an OR of independent single events: P = 1 − Π(1 − q), every event a single point of failure.
        expect(figures.cutSets.map(c => c.literals)).toEqual([['AppBug'], ['ServerHW'], ['DBUnavailable'], ['NetworkDown'], ['DNSFailure']]);
        expect(figures.rareEvent).toBeCloseTo(0.21, 14);
        expect(figures.mcub).toBeCloseTo(0.19536463, 14);
        expect(new Set(figures.singlePointsOfFailure)).toEqual(new Set(['AppBug', 'ServerHW', 'DBUnavailable', 'NetworkDown', 'DNSFailure']));
        expect(failureProbability(compiled, 'Infrastructure', lookup(q))).toBeCloseTo(1 - 0.95 * 0.98 * 0.99, 14);
    });

    test('datacenter: parallel power, series switches, 3 of 5 servers', () => {
        // Failure logic: parallel → and, series → or, 3 of 5 working → at least 3 of 5 failing.
        const compiled = compileStructures([gate('Datacenter', or(and(ev('PowerA'), ev('PowerB')), ev('CoreSwitch'), ev('AccessSwitch'),
            { kind: 'copies', k: 3, n: 5, of: { kind: 'event', name: 'Server' } }))], [], ['PowerA', 'PowerB', 'CoreSwitch', 'AccessSwitch', 'Server']);
        const q = { PowerA: 0.001, PowerB: 0.001, CoreSwitch: 0.0005, AccessSwitch: 0.001, Server: 0.005 };
        expect(1 - failureProbability(compiled, 'Datacenter', lookup(q))).toBeCloseTo(0.998498262717334, 14);
        expect(compiled.variables.filter(v => v.part === 'copy').map(v => v.name)).toEqual(['Server#1', 'Server#2', 'Server#3', 'Server#4', 'Server#5']);
    });

    test('2 of (A, B, C) working with reliabilities 0.9, 0.99, 0.999', () => {
        const compiled = compileStructures([gate('S', atLeast(2, ev('A'), ev('B'), ev('C')))], [], ['A', 'B', 'C']);
        expect(1 - failureProbability(compiled, 'S', lookup({ A: 0.1, B: 0.01, C: 0.001 }))).toBeCloseTo(0.998892, 14);
    });
});

describe('closed forms', () => {
    const names = ['A', 'B', 'C', 'D'];
    const q = { A: 0.1, B: 0.2, C: 0.3, D: 0.4 };
    test('series (or) and parallel (and)', () => {
        const compiled = compileStructures([gate('Series', or(...names.map(ev))), gate('Parallel', and(...names.map(ev)))], [], names);
        expect(failureProbability(compiled, 'Series', lookup(q))).toBeCloseTo(1 - 0.9 * 0.8 * 0.7 * 0.6, 14);
        expect(failureProbability(compiled, 'Parallel', lookup(q))).toBeCloseTo(0.1 * 0.2 * 0.3 * 0.4, 15);
        const parallel = structureFigures(compiled, 'Parallel', lookup(q));
        expect(parallel.cutSets).toEqual([{ literals: ['A', 'B', 'C', 'D'], order: 4, probability: 0.1 * 0.2 * 0.3 * 0.4 }]);
        // Birnbaum of a parallel member is the product of the others.
        expect(parallel.importance.A.birnbaum).toBeCloseTo(0.2 * 0.3 * 0.4, 15);
        expect(parallel.importance.A.rrw).toBeUndefined();
        expect(parallel.singlePointsOfFailure).toEqual([]);
    });

    test('a shared event counts once: and(or(A, B), or(A, C))', () => {
        const compiled = compileStructures([gate('T', and(or(ev('A'), ev('B')), or(ev('A'), ev('C'))))], [], ['A', 'B', 'C']);
        const figures = structureFigures(compiled, 'T', lookup(q));
        expect(figures.probability).toBeCloseTo(0.1 + 0.9 * 0.2 * 0.3, 15);
        expect(figures.cutSets.map(c => c.literals)).toEqual([['A'], ['B', 'C']]);
        expect(figures.rareEvent).toBeCloseTo(0.1 + 0.06, 15);
        expect(figures.mcub).toBeCloseTo(1 - 0.9 * 0.94, 15);
    });

    test('beta-factor common cause: two redundant members and 2 of 3 members', () => {
        const groups: CommonCauseModel[] = [{ name: 'Rack', beta: 0.05, members: ['S1', 'S2', 'S3'] }];
        const compiled = compileStructures([gate('Pair', and(ev('S1'), ev('S2'))), gate('Vote', atLeast(2, ev('S1'), ev('S2'), ev('S3')))],
            groups, ['S1', 'S2', 'S3']);
        const qs = 0.05 * 0.02, qi = 0.95 * 0.02;
        const all = () => 0.02;
        expect(failureProbability(compiled, 'Pair', all)).toBeCloseTo(qs + (1 - qs) * qi * qi, 15);
        expect(failureProbability(compiled, 'Vote', all)).toBeCloseTo(qs + (1 - qs) * (3 * qi * qi * (1 - qi) + qi ** 3), 15);
        const shared = compiled.variables.filter(v => v.part === 'ccf-shared');
        expect(shared).toEqual([{ name: 'Rack', component: 'S1', part: 'ccf-shared', beta: 0.05, group: 'Rack' }]);
        const figures = structureFigures(compiled, 'Pair', all);
        expect(figures.cutSets.map(c => c.literals)).toEqual([['Rack'], ['S1', 'S2']]);
        expect(figures.singlePointsOfFailure).toEqual(['Rack']);
    });

    test('copies of a structure copy all its basic events', () => {
        const compiled = compileStructures([gate('Pair', and(ev('A'), ev('B'))),
            gate('TwoOfThree', { kind: 'copies', k: 2, n: 3, of: { kind: 'ref', name: 'Pair' } })], [], ['A', 'B']);
        const p = 0.1 * 0.2;
        expect(failureProbability(compiled, 'TwoOfThree', lookup(q))).toBeCloseTo(3 * p * p * (1 - p) + p ** 3, 15);
        expect(compiled.variables.map(v => v.name).filter(n => n.includes('#')).sort()).toEqual(['A#1', 'A#2', 'A#3', 'B#1', 'B#2', 'B#3']);
        const figures = structureFigures(compiled, 'TwoOfThree', lookup(q));
        expect(figures.cutSetCount).toBe(3);
        expect(figures.cutSets.every(c => c.order === 4)).toBe(true);
    });

    test('at least 20 of 40 identical events is the binomial tail', () => {
        const events = Array.from({ length: 40 }, (_, i) => ev(`E${i}`));
        const compiled = compileStructures([gate('K', atLeast(20, ...events))], [], events.map(e => (e as { name: string }).name));
        let tail = 0, binomial = 1;
        for (let j = 0; j <= 40; j++) {
            if (j >= 20) tail += binomial * 0.3 ** j * 0.7 ** (40 - j);
            binomial = binomial * (40 - j) / (j + 1);
        }
        const figures = structureFigures(compiled, 'K', () => 0.3, { maxCutSets: 10 });
        expect(figures.probability).toBeCloseTo(tail, 14);
        // C(40, 20) minimal cut sets, each of order 20.
        expect(figures.cutSetCount).toBe(137846528820);
        expect(figures.truncated).toBe(true);
        expect(figures.cutSets).toHaveLength(10);
        expect(figures.rareEvent).toBeCloseTo(137846528820 * 0.3 ** 20, 6);
    });

    test('counts and bounds over 2^30 cut sets without listing them', () => {
        const ors = Array.from({ length: 30 }, (_, i) => or(ev(`A${i}`), ev(`B${i}`)));
        const names = Array.from({ length: 30 }, (_, i) => [`A${i}`, `B${i}`]).flat();
        const compiled = compileStructures([gate('T', and(...ors))], [], names);
        const figures = structureFigures(compiled, 'T', () => 0.5, { maxCutSets: 5 });
        expect(figures.probability).toBeCloseTo(0.75 ** 30, 15);
        expect(figures.cutSetCount).toBe(2 ** 30);
        expect(figures.cutSets).toHaveLength(5);
        expect(figures.rareEvent).toBeCloseTo(1, 12);
        // Every cut set has probability 2^-30: MCUB = 1 − (1 − 2^-30)^(2^30).
        expect(figures.mcub).toBeCloseTo(-Math.expm1(2 ** 30 * Math.log1p(-(2 ** -30))), 12);
    });
});

describe('min-cut upper bound of large families with a probable cut set', () => {
    test('or(X, and of 17 ors of two): 2^17 + 1 cut sets, one with P = 0.9', () => {
        const ors = Array.from({ length: 17 }, (_, i) => or(ev(`A${i}`), ev(`B${i}`)));
        const names = ['X', ...Array.from({ length: 17 }, (_, i) => [`A${i}`, `B${i}`]).flat()];
        const compiled = compileStructures([gate('T', or(ev('X'), and(...ors)))], [], names);
        const figures = structureFigures(compiled, 'T', c => c === 'X' ? 0.9 : 0.5, { maxCutSets: 3 });
        expect(figures.cutSetCount).toBe(2 ** 17 + 1);
        expect(figures.cutSets[0]).toEqual({ literals: ['X'], order: 1, probability: 0.9 });
        expect(figures.probability).toBeCloseTo(0.9 + 0.1 * 0.75 ** 17, 15);
        expect(figures.rareEvent).toBeCloseTo(1.9, 13);
        expect(figures.mcub).toBeCloseTo(1 - 0.1 * Math.exp(2 ** 17 * Math.log1p(-(2 ** -17))), 13);
    });
});

describe('non-coherent trees: prime implicants', () => {
    test('xor(A, B) and the consensus term of or(and(A, not B), and(B, C))', () => {
        const compiled = compileStructures([gate('X', xor(ev('A'), ev('B'))), gate('N', or(and(ev('A'), not(ev('B'))), and(ev('B'), ev('C'))))], [], ['A', 'B', 'C']);
        const q = { A: 0.1, B: 0.2, C: 0.3 };
        const x = structureFigures(compiled, 'X', lookup(q));
        expect(x.coherent).toBe(false);
        expect(x.probability).toBeCloseTo(0.1 * 0.8 + 0.9 * 0.2, 15);
        expect(x.cutSets.map(c => c.literals)).toEqual([['not A', 'B'], ['A', 'not B']]);
        expect(x.importance.A.birnbaum).toBeCloseTo(0.8 - 0.2, 15);
        const n = structureFigures(compiled, 'N', lookup(q));
        expect(n.cutSets.map(c => [...c.literals].sort())).toEqual([['A', 'not B'], ['B', 'C'], ['A', 'C']]);
        expect(n.cutSets.map(c => c.probability)).toEqual([0.1 * 0.8, 0.2 * 0.3, 0.1 * 0.3].map(p => expect.closeTo(p, 15)));
    });

    test('beside them, the minimal cut sets with negations dropped, as PSA tools count them', () => {
        // xor(A, B) fails with {A} or {B} failed; N with {A} (B working) or {B, C}; and(A, not(or(B, C))),
        // whose second operand is a module true while B and C work, with {A} alone.
        const compiled = compileStructures([
            gate('X', xor(ev('A'), ev('B'))),
            gate('N', or(and(ev('A'), not(ev('B'))), and(ev('B'), ev('C')))),
            gate('M', and(ev('A'), not(or(ev('B'), ev('C')))))
        ], [], ['A', 'B', 'C']);
        const q = lookup({ A: 0.1, B: 0.2, C: 0.3 });
        expect(['X', 'N', 'M'].map(name => structureFigures(compiled, name, q).minimalCutSetCount)).toEqual([2, 2, 1]);
        expect(structureFigures(compiled, 'M', q).cutSets.map(c => c.literals)).toEqual([['A', 'not B', 'not C']]);
    });
});

describe('bad input', () => {
    test('cycles and unknown names are problems, not crashes', () => {
        const compiled = compileStructures([gate('A', or(ref('B'), ev('X'))), gate('B', and(ref('A'), ev('Y'))), gate('C', ref('Nowhere')), gate('D', ev('X'))], [], ['X', 'Y']);
        expect(compiled.problems.map(p => p.structure)).toEqual(['A', 'B', 'C']);
        expect(compiled.problems[0].message).toMatch(/cycle/);
        expect(compiled.problems[2].message).toMatch(/Nowhere/);
        expect(() => failureProbability(compiled, 'A', () => 0.1)).toThrow(FaultTreeError);
        expect(() => failureProbability(compiled, 'Missing', () => 0.1)).toThrow(FaultTreeError);
        expect(failureProbability(compiled, 'D', () => 0.25)).toBe(0.25);
    });

    test('cut sets past the time limit are reported unavailable, once for both families of a non-coherent tree; probability and importance stay exact', () => {
        const events = Array.from({ length: 30 }, (_, i) => ev(`E${i}`));
        const compiled = compileStructures([gate('K', xor(atLeast(10, ...events), ev('F')))], [], [...events.map(e => (e as { name: string }).name), 'F']);
        const probability = failureProbability(compiled, 'K', () => 0.5);
        // (at least 10 of 30 fair coins) xor a fair coin is a fair coin; Birnbaum(F) = P(¬A) − P(A) = 1 − 2·P(A).
        expect(probability).toBeCloseTo(0.5, 15);
        let atLeastTen = 0, binomial = 1;
        for (let j = 0; j <= 30; j++) {
            if (j >= 10) atLeastTen += binomial / 2 ** 30;
            binomial = binomial * (30 - j) / (j + 1);
        }
        const figures = structureFigures(compiled, 'K', () => 0.5, { timeLimitMs: 0 });
        expect(figures.cutSetsUnavailable).toMatch(/time limit/);
        expect(figures.probability).toBe(probability);
        expect(figures.importance.F.birnbaum).toBeCloseTo(1 - 2 * atLeastTen, 14);
        expect(figures.cutSets).toEqual([]);
        expect(figures.minimalCutSetCount).toBeUndefined();
    });

    test('long chains of gates: 5000 deep, built bottom-up without deep recursion, is solved', () => {
        const depth = 5000;
        // Listed top first, the order that would recurse through the whole chain.
        const chain = Array.from({ length: depth }, (_, i) =>
            gate(`G${i}`, i === depth - 1 ? ev(`E${i}`) : or(ref(`G${i + 1}`), ev(`E${i}`))));
        const compiled = compileStructures(chain, [], Array.from({ length: depth }, (_, i) => `E${i}`));
        expect(compiled.problems).toEqual([]);
        expect(failureProbability(compiled, 'G0', () => 1e-4)).toBeCloseTo(-Math.expm1(depth * Math.log1p(-1e-4)), 13);
    });

    test('a diagram over the node limit is a FaultTreeError', () => {
        const events = Array.from({ length: 30 }, (_, i) => ev(`E${i}`));
        const compiled = compileStructures([gate('K', atLeast(15, ...events))], [], events.map(e => (e as { name: string }).name), { nodeLimit: 100 });
        expect(() => failureProbability(compiled, 'K', () => 0.1)).toThrow(/too large/);
    });
});

describe('structures too large to analyse', () => {
    test('the lowest failing gate and the top get their own error; the gates failing because of it share one', () => {
        const events = Array.from({ length: 12 }, (_, i) => `e${i}`);
        const model = emptyModel();
        for (const name of [...events, 'b', 'c', 'd']) model.components.push({ name, failure: { kind: 'probability', q: 0.1 } });
        model.structures.push(
            { name: 'T', kind: 'top', failure: or(ref('G3'), ev('d')) },
            gate('G3', and(ref('G2'), ev('c'))),
            gate('G2', or(ref('G1'), ev('b'))),
            gate('G1', atLeast(6, ...events.map(ev))));
        const figures = analyzeModel(model, { diagramNodeLimit: 16, modelCounting: false });
        const errors = figures.problems.filter(p => p.severity === 'error');
        expect(errors.map(p => p.subject).sort()).toEqual(['G1', 'G3', 'T']);
        expect(errors.find(p => p.subject === 'G1')!.message).toMatch(/^cannot analyse G1: too large to solve exactly/);
        expect(errors.find(p => p.subject === 'G3')!.message).toBe('cannot analyse 2 more gates (too large themselves, or using one that is): G3, G2');
        // With the default limit every figure is there: P(at least 6 of 12) at q = 0.1 by the binomial sum.
        const binomial = [6, 7, 8, 9, 10, 11, 12].reduce((sum, k) => sum + choose(12, k) * 0.1 ** k * 0.9 ** (12 - k), 0);
        const unlimited = analyzeModel(model);
        expect(unlimited.problems).toEqual([]);
        expect(unlimited.gates.G1.probability).toBeCloseTo(binomial, 15);
        // With model counting (the default) the gates get the same exact figures past the limit; the top, with
        // no time for bounds, keeps its error.
        const counted = analyzeModel(model, { diagramNodeLimit: 16 });
        expect(counted.gates.G1).toMatchObject({ counted: true });
        expect(counted.gates.G1.probability).toBeCloseTo(binomial, 15);
        expect(counted.gates.G3.probability).toBeCloseTo((1 - (1 - binomial) * 0.9) * 0.1, 15);
        expect(counted.problems.map(p => p.subject)).toEqual(['T']);
    });

    test('past ten gates failing by themselves, the others are counted in one error', () => {
        const model = emptyModel();
        const events = Array.from({ length: 12 }, (_, i) => `e${i}`);
        for (const name of events) model.components.push({ name, failure: { kind: 'probability', q: 0.1 } });
        const gates = Array.from({ length: 13 }, (_, i) => `G${i}`);
        for (const name of gates) model.structures.push(gate(name, atLeast(6, ...events.map(ev))));
        const errors = analyzeModel(model, { diagramNodeLimit: 16, modelCounting: false }).problems.filter(p => p.severity === 'error');
        expect(errors.map(p => p.subject)).toEqual([...gates.slice(0, 10), 'G10']);
        expect(errors[10].message).toBe('cannot analyse 3 more gates (too large themselves, or using one that is): G10, G11, G12');
    });

    test('a gate analysed after one too large is still solved: the failed attempt leaves no nodes behind', () => {
        const events = Array.from({ length: 12 }, (_, i) => `e${i}`);
        const model = emptyModel();
        for (const name of events) model.components.push({ name, failure: { kind: 'probability', q: 0.1 } });
        model.structures.push(
            gate('Big', atLeast(6, ...events.map(ev))),
            gate('Small', or(ev('e0'), ev('e1'))),
            gate('Pair', and(ev('e2'), ev('e3'))));
        const analysis = analyzeModel(model, { diagramNodeLimit: 24, modelCounting: false });
        expect(analysis.problems.map(p => p.subject)).toEqual(['Big']);
        expect(analysis.gates.Small.probability).toBeCloseTo(1 - 0.9 * 0.9, 15);
        expect(analysis.gates.Pair.probability).toBeCloseTo(0.01, 15);
    });

    test('structures left when the time limit runs out get an error: each top its own, the gates one', () => {
        const model = emptyModel();
        for (const name of ['a', 'b', 'c']) model.components.push({ name, failure: { kind: 'probability', q: 0.1 } });
        model.structures.push(gate('G1', or(ev('a'), ev('b'))), gate('G2', and(ev('b'), ev('c'))),
            { name: 'T', kind: 'top', failure: or(ref('G1'), ref('G2')) });
        const errors = analyzeModel(model, { structureTimeLimitMs: 0 }).problems;
        expect(errors.map(p => [p.subject, p.message])).toEqual([
            ['T', 'T not analysed: the time limit for fault trees and block diagrams (0 s) ran out'],
            ['G1', '2 gates not analysed: the time limit for fault trees and block diagrams (0 s) ran out: G1, G2']
        ]);
        const inTime = analyzeModel(model, { structureTimeLimitMs: 60_000 });
        expect(inTime.problems).toEqual([]);
        // (a or b) or (b and c) is a or b.
        expect(inTime.tops.T.probability).toBeCloseTo(1 - 0.9 * 0.9, 15);

        // A requirement on a simulation of T is checked against T's exact value only when the analysis found it.
        const simulated = withSimulation(model, { target: { kind: 'top', name: 'T' }, missions: 1000, seed: 1 });
        simulated.requirements.push({ subject: 'Run', metric: 'probability', operator: '<=', value: 0.5, line: 9 });
        expect(analyzeModel(simulated, { structureTimeLimitMs: 0 }).requirements[0].message).toMatch(/Run has no probability figure to check/);
        expect(analyzeModel(simulated, { structureTimeLimitMs: 60_000 }).requirements[0].met).toBe(true);
    });

    test('a simulation of a top too large to solve runs without an exact value, and the analysis goes on', async () => {
        const events = Array.from({ length: 12 }, (_, i) => `e${i}`);
        const model = withSimulation(emptyModel(), { target: { kind: 'top', name: 'T' }, missions: 40_000, seed: 7 });
        for (const name of events) model.components.push({ name, failure: { kind: 'probability', q: 0.1 } });
        model.structures.push({ name: 'T', kind: 'top', failure: atLeast(6, ...events.map(ev)) });
        const analysis = analyzeModel(model, { diagramNodeLimit: 16 });
        expect(analysis.problems.map(p => p.subject)).toEqual(['T']);
        const compiled = compileStructures(model.structures, model.commonCauses, events, { nodeLimit: 16 });
        // Model counting finds the binomial tail the diagram could not.
        const binomial = [6, 7, 8, 9, 10, 11, 12].reduce((sum, k) => sum + choose(12, k) * 0.1 ** k * 0.9 ** (12 - k), 0);
        expect(exactSimulationFigure(model, model.simulations[0], compiled).exact).toBeCloseTo(binomial, 15);
        const figure = exactSimulationFigure(model, model.simulations[0], compiled, undefined, { modelCounting: false });
        expect(figure.exact).toBeUndefined();
        expect(figure.unavailable).toBe('no exact value to compare with: T is too large to solve exactly: the decision diagram exceeds 16 nodes');
        // No gate under T to simulate on its own.
        expect(figure.moduleSplit?.()).toBeUndefined();
        const result = await simulate(model, 'Run', { exact: figure.exact });
        expect(result.exact).toBeUndefined();
        // The estimate brackets the binomial tail within four standard errors.
        expect(Math.abs(result.estimate - binomial)).toBeLessThan(4 * Math.sqrt(binomial * (1 - binomial) / result.missions));
    });

    test('a top too large to solve with an independent gate under it: the run simulates the gate, the rest is exact', async () => {
        const events = Array.from({ length: 12 }, (_, i) => `e${i}`);
        const model = withSimulation(emptyModel(), { target: { kind: 'top', name: 'T' }, missions: 200_000, seed: 3 });
        for (const name of [...events, 'x', 'y']) model.components.push({ name, failure: { kind: 'probability', q: 0.1 } });
        model.structures.push(
            { name: 'G', kind: 'gate', failure: atLeast(6, ...events.map(ev)) },
            { name: 'T', kind: 'top', failure: { kind: 'or', operands: [{ kind: 'and', operands: [{ kind: 'ref', name: 'G' }, ev('x')] }, ev('y')] } });
        const compiled = compileStructures(model.structures, model.commonCauses, model.components.map(c => c.name), { nodeLimit: 16 });
        const figure = exactSimulationFigure(model, model.simulations[0], compiled, undefined, { modelCounting: false });
        const split = figure.moduleSplit?.();
        expect(split).toMatchObject({ module: 'G', whenWorking: 0.1 });
        expect(split!.whenFailed).toBeCloseTo(1 - 0.9 * 0.9, 15);
        const result = await simulate(model, 'Run', { moduleSplit: figure.moduleSplit });
        const binomial = [6, 7, 8, 9, 10, 11, 12].reduce((sum, k) => sum + choose(12, k) * 0.1 ** k * 0.9 ** (12 - k), 0);
        // P(T) = 0.1 + 0.09·P(G): the run's error is 0.09 times the module's.
        expect(Math.abs(result.estimate - (0.1 + 0.09 * binomial))).toBeLessThan(5 * 0.09 * Math.sqrt(binomial * (1 - binomial) / result.missions));
    });
});

test('the exact value beside a simulation is time-boxed', async () => {
    const events = Array.from({ length: 40 }, (_, i) => `e${i}`);
    const model = withSimulation(emptyModel(), { target: { kind: 'top', name: 'T' }, missions: 1000, seed: 7 });
    for (const name of events) model.components.push({ name, failure: { kind: 'probability', q: 0.1 } });
    model.structures.push({ name: 'T', kind: 'top', failure: atLeast(15, ...events.map(ev)) });
    const compiled = () => compileStructures(model.structures, model.commonCauses, events);
    expect(exactSimulationFigure(model, model.simulations[0], compiled(), 0).unavailable)
        .toMatch(/^no exact value to compare with: T is not solved within the time limit/);
    const binomialTail = Array.from({ length: 26 }, (_, j) => choose(40, 15 + j) * 0.1 ** (15 + j) * 0.9 ** (25 - j)).reduce((a, b) => a + b, 0);
    expect(exactSimulationFigure(model, model.simulations[0], compiled()).exact).toBeCloseTo(binomialTail, 15);
    // The limit a caller gives (the language server's is short: it runs on its thread) reaches the comparison.
    const run = await simulateModel(model, 'Run', { exactTimeLimitMs: 0 });
    expect(run.exact).toBeUndefined();
    expect(run.notes.join(' ')).toMatch(/no exact value to compare with: T is not solved within the time limit/);
    expect((await simulateModel(model, 'Run', {})).exact).toBeCloseTo(binomialTail, 15);
});

function choose(n: number, k: number): number {
    let result = 1;
    for (let i = 0; i < k; i++) result = result * (n - i) / (i + 1);
    return result;
}
