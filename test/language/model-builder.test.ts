import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import type { FaultExpr, ReliabilityModel } from '../../engine/model.js';
import { buildModel, declarationsByName } from '../../language/model-builder.js';
import { REALISTIC_MODEL, validate } from './helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function build(text: string): Promise<ReliabilityModel> {
    return buildModel((await validate(text)).model);
}

/**
 * P(failure) of a structure by brute-force enumeration of its basic events (each copy in
 * `K of N X` is a fresh event): an evaluation independent of the engine, for components given by a
 * fixed probability or an exponential lifetime.
 */
function enumeratedFailureProbability(model: ReliabilityModel, structure: string): number {
    const q = (name: string): number => {
        const component = model.components.find(c => c.name === name.split('#')[0])!;
        const failure = component.failure!;
        if (failure.kind === 'probability') {
            return failure.q;
        }
        if (failure.kind === 'lifetime' && failure.distribution.kind === 'exponential') {
            return 1 - Math.exp(-failure.distribution.rate * model.missionHours);
        }
        throw new Error(`no closed form for ${name}`);
    };
    const variables = new Set<string>();
    const collect = (e: FaultExpr): void => {
        switch (e.kind) {
            case 'event': variables.add(e.name); break;
            case 'ref': collect(model.structures.find(s => s.name === e.name)!.failure); break;
            case 'not': collect(e.operand); break;
            case 'copies': for (let i = 1; i <= e.n; i++) variables.add(`${e.of.name}#${i}`); break;
            default: e.operands.forEach(collect);
        }
    };
    const evaluate = (e: FaultExpr, failed: Set<string>): boolean => {
        switch (e.kind) {
            case 'event': return failed.has(e.name);
            case 'ref': return evaluate(model.structures.find(s => s.name === e.name)!.failure, failed);
            case 'not': return !evaluate(e.operand, failed);
            case 'and': return e.operands.every(o => evaluate(o, failed));
            case 'or': return e.operands.some(o => evaluate(o, failed));
            case 'xor': return e.operands.filter(o => evaluate(o, failed)).length % 2 === 1;
            case 'atLeast': return e.operands.filter(o => evaluate(o, failed)).length >= e.k;
            case 'copies': {
                let count = 0;
                for (let i = 1; i <= e.n; i++) count += failed.has(`${e.of.name}#${i}`) ? 1 : 0;
                return count >= e.k;
            }
        }
    };
    const root = model.structures.find(s => s.name === structure)!.failure;
    collect(root);
    const names = [...variables];
    let total = 0;
    for (let mask = 0; mask < 1 << names.length; mask++) {
        const failed = new Set(names.filter((_, i) => mask & (1 << i)));
        if (evaluate(root, failed)) {
            total += names.reduce((p, name, i) => p * (mask & (1 << i) ? q(name) : 1 - q(name)), 1);
        }
    }
    return total;
}

const DATACENTER = `
component PowerA { reliability 0.999 }
component PowerB { reliability 0.999 }
component CoreSwitch { reliability 0.9995 }
component AccessSwitch { reliability 0.999 }
component Server { reliability 0.995 }
system Datacenter = series(parallel(PowerA, PowerB), CoreSwitch, AccessSwitch, 3 of 5 Server)
`;

const WEB_CLUSTER = `
mission 1 y
component LoadBalancer { failure rate 0.02 per year }
component Database { failure rate 0.05 per year }
component WebServer { failure rate 0.1 per year }
system WebCluster = series(LoadBalancer, 2 of 3 WebServer, Database)
`;

/** The fault tree of language.md §5, as shipped in the examples. */
const FAULT_TREE = readFileSync(join(import.meta.dirname, '../../examples/website-fault-tree.rel'), 'utf8');

describe('§12 models build to the expected failure logic', () => {
    test('datacenter: series → or, parallel → and, 3 of 5 work → 3 of 5 copies fail', async () => {
        const model = await build(DATACENTER);
        expect(model.structures).toEqual([{
            name: 'Datacenter', kind: 'system', failure: {
                kind: 'or', operands: [
                    { kind: 'and', operands: [{ kind: 'event', name: 'PowerA' }, { kind: 'event', name: 'PowerB' }] },
                    { kind: 'event', name: 'CoreSwitch' },
                    { kind: 'event', name: 'AccessSwitch' },
                    { kind: 'copies', k: 3, n: 5, of: { kind: 'event', name: 'Server' } }
                ]
            }
        }]);
        expect(model.components.find(c => c.name === 'CoreSwitch')!.failure).toEqual({ kind: 'probability', q: 1 - 0.9995 });
        expect(1 - enumeratedFailureProbability(model, 'Datacenter')).toBeCloseTo(0.998498262717334, 14);
    });

    test('web cluster: rates per hour, 2 of 3 work → 2 of 3 copies fail', async () => {
        const model = await build(WEB_CLUSTER);
        expect(model.missionHours).toBe(8760);
        expect(model.components).toEqual([
            { name: 'LoadBalancer', failure: { kind: 'lifetime', distribution: { kind: 'exponential', rate: 0.02 / 8760 } } },
            { name: 'Database', failure: { kind: 'lifetime', distribution: { kind: 'exponential', rate: 0.05 / 8760 } } },
            { name: 'WebServer', failure: { kind: 'lifetime', distribution: { kind: 'exponential', rate: 0.1 / 8760 } } }
        ]);
        expect(model.structures[0].failure).toEqual({
            kind: 'or', operands: [
                { kind: 'event', name: 'LoadBalancer' },
                { kind: 'copies', k: 2, n: 3, of: { kind: 'event', name: 'WebServer' } },
                { kind: 'event', name: 'Database' }
            ]
        });
        expect(1 - enumeratedFailureProbability(model, 'WebCluster')).toBeCloseTo(0.908669821735850, 14);
    });

    test('2 of (A, B, C) work: at least 2 of the 3 fail', async () => {
        const model = await build('component A { reliability 0.9 }\ncomponent B { reliability 0.99 }\ncomponent C { reliability 0.999 }\nsystem S = 2 of (A, B, C)');
        expect(model.structures[0].failure).toEqual({
            kind: 'atLeast', k: 2, operands: [{ kind: 'event', name: 'A' }, { kind: 'event', name: 'B' }, { kind: 'event', name: 'C' }]
        });
        expect(1 - enumeratedFailureProbability(model, 'S')).toBeCloseTo(0.998892, 14);
    });

    test('the §5 fault tree: gates map directly, references stay references', async () => {
        const model = await build(FAULT_TREE);
        expect(model.structures.map(s => [s.name, s.kind])).toEqual([
            ['Infrastructure', 'gate'], ['Application', 'gate'], ['ContentDelivery', 'gate'], ['WebsiteUnavailable', 'top']
        ]);
        expect(model.structures[3].failure).toEqual({
            kind: 'or', operands: [
                { kind: 'ref', name: 'Infrastructure' }, { kind: 'ref', name: 'Application' }, { kind: 'ref', name: 'ContentDelivery' }
            ]
        });
        expect(enumeratedFailureProbability(model, 'WebsiteUnavailable')).toBeCloseTo(0.19536463, 14);
    });
});

describe('operators', () => {
    test('derived gates become and/or/not/xor; K of in a gate counts failures', async () => {
        const model = await build(`
event A probability 0.1
event B probability 0.2
component S { reliability 0.5 }
system Sys = series(S)
gate G1 = nand(A, B)
gate G2 = nor(A, B)
gate G3 = iff(A, B)
gate G4 = imply(A, Sys)
gate G5 = 2 of (A, B, A)
gate G6 = 2 of 4 A
top T = xor(A, not(B), G1)`);
        const failure = (name: string) => model.structures.find(s => s.name === name)!.failure;
        const a = { kind: 'event', name: 'A' } as const;
        const b = { kind: 'event', name: 'B' } as const;
        expect(failure('G1')).toEqual({ kind: 'not', operand: { kind: 'and', operands: [a, b] } });
        expect(failure('G2')).toEqual({ kind: 'not', operand: { kind: 'or', operands: [a, b] } });
        expect(failure('G3')).toEqual({ kind: 'not', operand: { kind: 'xor', operands: [a, b] } });
        expect(failure('G4')).toEqual({ kind: 'or', operands: [{ kind: 'not', operand: a }, { kind: 'ref', name: 'Sys' }] });
        expect(failure('G5')).toEqual({ kind: 'atLeast', k: 2, operands: [a, b, a] });
        expect(failure('G6')).toEqual({ kind: 'copies', k: 2, n: 4, of: a });
        expect(failure('T')).toEqual({ kind: 'xor', operands: [a, { kind: 'not', operand: b }, { kind: 'ref', name: 'G1' }] });
        // Truth tables by enumeration: imply(A, Sys) fails unless A occurs and Sys does not.
        expect(enumeratedFailureProbability(model, 'G4')).toBeCloseTo(1 - 0.1 * 0.5, 15);
        expect(enumeratedFailureProbability(model, 'G3')).toBeCloseTo(0.1 * 0.2 + 0.9 * 0.8, 15);
    });

    test('K of N copies of a system', async () => {
        const model = await build('event A probability 0.1\nsystem Pair = parallel(A, A)\nsystem Three = 2 of 3 Pair');
        expect(model.structures[1].failure).toEqual({ kind: 'copies', k: 2, n: 3, of: { kind: 'ref', name: 'Pair' } });
    });
});

describe('components, chains and settings', () => {
    test('failure behaviours and repairs in canonical units', async () => {
        const model = await build(`
component A { mttf 2 years  mttr 30 min }
component B { lifetime weibull(shape 1.5, scale 6 years)  repair exponential(rate 3 per day) }
component C { lifetime lognormal(median 1000 h, sigma 0.5) }
component D { lifetime normal(mean 2 w, sd 1 d) }
component E { lifetime gamma(shape 2, scale 1 mo) }
component F { lifetime exponential(mean 500 h) }
component G { availability 99.95% }
component H { failure rate 250 FIT }
component I { failure rate 1 per 500 h }`);
        const byName = new Map(model.components.map(c => [c.name, c]));
        expect(byName.get('A')).toEqual({ name: 'A', failure: { kind: 'lifetime', distribution: { kind: 'exponential', rate: 1 / 17520 } }, repair: { kind: 'exponential', rate: 2 } });
        expect(byName.get('B')!.failure).toEqual({ kind: 'lifetime', distribution: { kind: 'weibull', shape: 1.5, scale: 52560 } });
        expect(byName.get('B')!.repair).toEqual({ kind: 'exponential', rate: 3 / 24 });
        expect(byName.get('C')!.failure).toEqual({ kind: 'lifetime', distribution: { kind: 'lognormal', median: 1000, sigma: 0.5 } });
        expect(byName.get('D')!.failure).toEqual({ kind: 'lifetime', distribution: { kind: 'normal', mean: 336, sd: 24 } });
        expect(byName.get('E')!.failure).toEqual({ kind: 'lifetime', distribution: { kind: 'gamma', shape: 2, scale: 730 } });
        expect(byName.get('F')!.failure).toEqual({ kind: 'lifetime', distribution: { kind: 'exponential', rate: 1 / 500 } });
        expect(byName.get('G')!.failure).toEqual({ kind: 'availability', availability: 0.9995 });
        expect(byName.get('H')!.failure).toEqual({ kind: 'lifetime', distribution: { kind: 'exponential', rate: 250e-9 } });
        expect(byName.get('I')!.failure).toEqual({ kind: 'lifetime', distribution: { kind: 'exponential', rate: 1 / 500 } });
    });

    test('Markov chains: matrix in state order, start defaults to the first state, after D = rate 1/D', async () => {
        const model = await build(`
markov Pair {
  states Both, One, None
  up Both, One
  Both -> One  rate 0.2 per year
  One  -> None rate 0.1 per year
  One  -> Both rate 1 per 8 h
  None -> One  after 12 h
}
markov Chain {
  states X, Y
  up X
  start Y
  step 2 h
  matrix {
    Y: 0.5, 0.5
    X: 0.9, 0.1
  }
}`);
        expect(model.markov[0]).toEqual({
            name: 'Pair', states: ['Both', 'One', 'None'], up: ['Both', 'One'], start: 'Both', kind: 'continuous',
            transitions: [
                { from: 'Both', to: 'One', rate: 0.2 / 8760 }, { from: 'One', to: 'None', rate: 0.1 / 8760 },
                { from: 'One', to: 'Both', rate: 1 / 8 }, { from: 'None', to: 'One', rate: 1 / 12 }
            ]
        });
        expect(model.markov[1]).toEqual({
            name: 'Chain', states: ['X', 'Y'], up: ['X'], start: 'Y', kind: 'discrete', stepHours: 2, matrix: [[0.9, 0.1], [0.5, 0.5]]
        });
    });

    test('simulation defaults, cascade, diagnosis, incidents, requirements', async () => {
        const model = await build(`
mission 6 mo
event A probability 0.1
system S = series(A)
simulate Run { system S }
simulate Tuned { system S  missions 500  horizon 2 y  seed 7  confidence 99%  sensitivity A by 0.5, 2 }
cascade rounds 3
diagnosis D { H prior 0.2 likelihood 0.5\n K prior 0.6 likelihood 0.1\n observations 3 }
incidents Log from "logs/incidents.csv" { window 30 days }
require S availability >= 99.99%
require S downtime <= 1 h per year
require S mttf >= 5 y
require D probability <= 0.5`);
        expect(model.missionHours).toBe(4380);
        expect(model.simulations).toEqual([
            { name: 'Run', target: { kind: 'system', name: 'S' }, missions: 10000, horizonHours: 4380, confidence: 0.95 },
            { name: 'Tuned', target: { kind: 'system', name: 'S' }, missions: 500, horizonHours: 17520, seed: 7, confidence: 0.99,
                sensitivity: { components: ['A'], factors: [0.5, 2] } }
        ]);
        expect(model.cascade).toEqual({ exponent: 2, rounds: 3 });
        expect(model.diagnoses[0].observations).toBe(3);
        expect(model.diagnoses[0].hypotheses.map(h => h.prior)).toEqual([0.2 / 0.8, 0.6 / 0.8]);
        expect(model.incidents).toEqual([{ name: 'Log', path: 'logs/incidents.csv', windowHours: 720 }]);
        expect(model.requirements.map(r => [r.metric, r.operator, r.value, r.line])).toEqual([
            ['availability', '>=', 99.99 / 100, 12], ['downtime', '<=', 1, 13], ['mttf', '>=', 43800, 14], ['probability', '<=', 0.5, 15]
        ]);
    });

    test('dependencies merge per dependent and drop self-dependencies', async () => {
        const model = await build('event A probability 0.1\nevent B probability 0.1\nevent C probability 0.1\ndepends A on B, A\ndepends A on C, B');
        expect(model.dependencies).toEqual([{ dependent: 'A', dependencies: ['B', 'C'] }]);
    });
});

describe('broken models build without throwing', () => {
    test('broken declarations, and structures depending on them or on a cycle, are left out', async () => {
        const model = await build(`
event A probability 1.5
event B probability 0.1
system Loop1 = series(B, Loop2)
system Loop2 = series(Loop1)
system UsesLoop = parallel(B, Loop1)
system Bad = 4 of (B, B)
system UsesBad = series(Bad)
system Fine = series(A, B)
markov M { states X\n up X\n matrix { X: 0.5 } }
simulate Sim { missions 0 }
diagnosis D { H prior 2 likelihood 0.5 }`);
        expect(model.components.map(c => [c.name, c.failure])).toEqual([['A', undefined], ['B', { kind: 'probability', q: 0.1 }]]);
        expect(model.structures.map(s => s.name)).toEqual(['Fine']);
        expect(model.markov).toEqual([]);
        expect(model.simulations).toEqual([]);
        expect(model.diagnoses).toEqual([]);
    });

    test('every prefix of a realistic model validates and builds', async () => {
        for (let length = 0; length <= REALISTIC_MODEL.length; length += 37) {
            const result = await validate(REALISTIC_MODEL.slice(0, length));
            expect(result.diagnostics.filter(d => /An error occurred/.test(String(d.message)))).toEqual([]);
            expect(() => buildModel(result.model)).not.toThrow();
        }
    });

    test('random token soup and mutated models validate and build without an internal error', async () => {
        const random = seedrandom('rel-language-fuzz');
        const vocabulary = [
            'component', 'event', 'system', 'gate', 'top', 'markov', 'states', 'up', 'start', 'step', 'matrix', 'simulate', 'diagnosis',
            'incidents', 'from', 'require', 'common', 'cause', 'beta', 'among', 'depends', 'on', 'cascade', 'exponent', 'rounds',
            'series', 'parallel', 'and', 'or', 'not', 'xor', 'nand', 'nor', 'iff', 'imply', 'of', 'probability', 'reliability', 'failure',
            'rate', 'mttf', 'mttr', 'lifetime', 'repair', 'availability', 'weibull', 'shape', 'scale', 'per', '/', '%', 'h', 'y', 'FIT',
            '->', 'after', 'prior', 'likelihood', 'observations', 'missions', 'horizon', 'seed', 'confidence', 'sensitivity', 'by',
            '(', ')', '{', '}', ',', ':', '=', '>=', '<=', '-', '0', '1', '2', '0.5', '3', 'A', 'B', 'C', 'M', '"x.csv"', 'window', 'mtbf'
        ];
        const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
        const realistic = REALISTIC_MODEL.split(/(\s+)/);
        for (let i = 0; i < 80; i++) {
            // Half pure soup, half the realistic model with a few words replaced or removed.
            const text = i % 2 === 0
                ? Array.from({ length: 5 + Math.floor(random() * 60) }, () => pick(vocabulary)).join(' ')
                : realistic.map(word => /\S/.test(word) && random() < 0.01 ? (random() < 0.5 ? '' : pick(vocabulary)) : word).join('');
            const result = await validate(text);
            expect(result.diagnostics.filter(d => /An error occurred/.test(String(d.message)))).toEqual([]);
            expect(() => buildModel(result.model)).not.toThrow();
        }
    });

    test('declarations by name', async () => {
        const { model } = await validate('event A probability 0.1\nsystem S = series(A)\nevent A probability 0.2');
        const byName = declarationsByName(model);
        expect([...byName.keys()]).toEqual(['A', 'S']);
        expect(byName.get('A')!.$cstNode!.range.start.line).toBe(0);
    });
});
