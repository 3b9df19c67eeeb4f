import { describe, expect, test } from 'vitest';
import { readOpenPsa } from '../../openpsa/reader.js';
import { compileStructures, failureProbability } from '../../engine/fault-tree.js';
import { enumerateProbability, truthTableProbability } from './enumerate.js';

const Q = { a: 0.1, b: 0.2, c: 0.3 };

function mef(body: string): string {
    return `<?xml version="1.0"?>\n<opsa-mef>\n${body}\n</opsa-mef>\n`;
}

function basicEvents(probabilities: Record<string, number>): string {
    return Object.entries(probabilities)
        .map(([name, q]) => `  <define-basic-event name="${name}"><float value="${q}"/></define-basic-event>`).join('\n');
}

/** A fault tree whose top gate `top` has the given formula over basic events a, b, c. */
function treeWithTop(formula: string, extra = ''): string {
    return mef(`<define-fault-tree name="FT">\n<define-gate name="top">\n${formula}\n</define-gate>\n${extra}</define-fault-tree>\n` +
        `<model-data>\n${basicEvents(Q)}\n</model-data>`);
}

const ev = (name: string) => `<basic-event name="${name}"/>`;
const abc = ev('a') + ev('b') + ev('c');

function readClean(xml: string) {
    const { model, diagnostics } = readOpenPsa(xml, 'test.xml');
    expect(diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    return model;
}

describe('connectives against truth tables', () => {
    const cases: [string, string, (v: boolean[]) => boolean][] = [
        ['and', `<and>${abc}</and>`, ([a, b, c]) => a && b && c],
        ['or', `<or>${abc}</or>`, ([a, b, c]) => a || b || c],
        ['not', `<not>${ev('a')}</not>`, ([a]) => !a],
        ['xor of two', `<xor>${ev('a')}${ev('b')}</xor>`, ([a, b]) => a !== b],
        ['xor of three is odd parity', `<xor>${abc}</xor>`, ([a, b, c]) => (Number(a) + Number(b) + Number(c)) % 2 === 1],
        ['atleast 2 of 3', `<atleast min="2">${abc}</atleast>`, ([a, b, c]) => Number(a) + Number(b) + Number(c) >= 2],
        ['nand', `<nand>${abc}</nand>`, ([a, b, c]) => !(a && b && c)],
        ['nor', `<nor>${abc}</nor>`, ([a, b, c]) => !(a || b || c)],
        ['iff', `<iff>${ev('a')}${ev('b')}</iff>`, ([a, b]) => a === b],
        ['imply', `<imply>${ev('a')}${ev('b')}</imply>`, ([a, b]) => !a || b],
        ['null', `<null>${ev('b')}</null>`, ([, b]) => b],
        ['cardinality 1..2', `<cardinality min="1" max="2">${abc}</cardinality>`,
            ([a, b, c]) => { const n = Number(a) + Number(b) + Number(c); return n >= 1 && n <= 2; }],
        ['cardinality 0..1', `<cardinality min="0" max="1">${abc}</cardinality>`,
            ([a, b, c]) => Number(a) + Number(b) + Number(c) <= 1],
        ['cardinality 2..3', `<cardinality min="2" max="3">${abc}</cardinality>`,
            ([a, b, c]) => Number(a) + Number(b) + Number(c) >= 2],
        ['nested formulas', `<or>${ev('a')}<and>${ev('b')}<not>${ev('c')}</not></and></or>`, ([a, b, c]) => a || (b && !c)],
        ['a shared event counted once', `<or><and>${ev('a')}${ev('b')}</and><and>${ev('a')}${ev('c')}</and></or>`,
            ([a, b, c]) => (a && b) || (a && c)],
        ['event references resolved by lookup', `<and><event name="a"/><event name="b"/></and>`, ([a, b]) => a && b]
    ];
    for (const [name, formula, truth] of cases) {
        test(name, () => {
            const model = readClean(treeWithTop(formula));
            const expected = truthTableProbability([Q.a, Q.b, Q.c], truth);
            expect(enumerateProbability(model, 'top')).toBeCloseTo(expected, 14);
        });
    }
});

describe('gates, tops and names', () => {
    test('gates referenced by other gates are gates, the others tops', () => {
        const model = readClean(mef(`<define-fault-tree name="FT">
<define-gate name="top-1"><or><gate name="g.sub"/>${ev('c')}</or></define-gate>
<define-gate name="g.sub"><and>${ev('a')}${ev('b')}</and></define-gate>
<define-gate name="other"><and><event name="g.sub"/>${ev('c')}</and></define-gate>
</define-fault-tree>
<model-data>${basicEvents(Q)}</model-data>`));
        expect(model.structures.map(s => [s.name, s.kind])).toEqual([['top-1', 'top'], ['g.sub', 'gate'], ['other', 'top']]);
        expect(enumerateProbability(model, 'top-1')).toBeCloseTo(truthTableProbability([Q.a, Q.b, Q.c], ([a, b, c]) => (a && b) || c), 14);
        expect(enumerateProbability(model, 'other')).toBeCloseTo(Q.a * Q.b * Q.c, 14);
    });

    test('private gates are resolved in their own fault tree', () => {
        const model = readClean(mef(`
<define-fault-tree name="A" role="private">
<define-gate name="top" role="public"><or><gate name="sub"/>${ev('c')}</or></define-gate>
<define-gate name="sub"><and>${ev('a')}${ev('b')}</and></define-gate>
</define-fault-tree>
<define-fault-tree name="B" role="private">
<define-gate name="top2" role="public"><and><gate name="sub"/>${ev('c')}</and></define-gate>
<define-gate name="sub"><or>${ev('a')}${ev('b')}</or></define-gate>
</define-fault-tree>
<model-data>${basicEvents(Q)}</model-data>`));
        expect(model.structures.map(s => s.name)).toEqual(['top', 'A.sub', 'top2', 'B.sub']);
        expect(enumerateProbability(model, 'top')).toBeCloseTo(Q.a * Q.b + Q.c - Q.a * Q.b * Q.c, 14);
        expect(enumerateProbability(model, 'top2')).toBeCloseTo((Q.a + Q.b - Q.a * Q.b) * Q.c, 14);
    });

    test('each definition keeps its line and column, where the analysis reports on it', () => {
        const xml = mef(`<define-fault-tree name="A" role="private">
<define-gate name="top" role="public"><or><gate name="sub"/>${ev('c')}</or></define-gate>
  <define-gate name="sub"><and>${ev('a')}${ev('b')}</and></define-gate>
</define-fault-tree>
<model-data>
${basicEvents(Q)}
</model-data>`);
        const { definitions } = readOpenPsa(xml, 'test.xml');
        const lines = xml.split('\n');
        const at = (fragment: string) => ({ line: lines.findIndex(l => l.includes(fragment)) + 1, column: lines.find(l => l.includes(fragment))!.indexOf(fragment) + 1 });
        expect(definitions.get('top')).toEqual(at('<define-gate name="top"'));
        expect(definitions.get('A.sub')).toEqual(at('<define-gate name="sub"'));
        expect(definitions.get('b')).toEqual(at('<define-basic-event name="b"'));
    });

    test('gates and basic events outside fault trees', () => {
        const model = readClean(mef(`<define-gate name="top"><and>${ev('a')}${ev('b')}</and></define-gate>\n${basicEvents(Q)}`));
        expect(model.structures).toEqual([{ name: 'top', kind: 'top', failure: { kind: 'and', operands: [{ kind: 'event', name: 'a' }, { kind: 'event', name: 'b' }] } }]);
    });
});

describe('house events are folded into the logic', () => {
    const house = (name: string, value: boolean) =>
        `<define-house-event name="${name}"><constant value="${value}"/></define-house-event>`;
    const houses = house('on', true) + house('off', false);
    const cases: [string, string, (v: boolean[]) => boolean][] = [
        ['true in an and disappears', `<and>${ev('a')}<house-event name="on"/></and>`, ([a]) => a],
        ['false in an or disappears', `<or>${ev('a')}<house-event name="off"/></or>`, ([a]) => a],
        ['true lowers an atleast', `<atleast min="2"><house-event name="on"/>${abc}</atleast>`, ([a, b, c]) => a || b || c],
        ['false in an atleast', `<atleast min="2"><house-event name="off"/>${abc}</atleast>`,
            ([a, b, c]) => Number(a) + Number(b) + Number(c) >= 2],
        ['true flips a xor', `<xor><house-event name="on"/>${ev('a')}${ev('b')}</xor>`, ([a, b]) => a === b],
        ['an and with false folds away', `<or>${ev('c')}<and>${ev('a')}<event name="off"/></and></or>`, ([, , c]) => c]
    ];
    for (const [name, formula, truth] of cases) {
        test(name, () => {
            const model = readClean(treeWithTop(formula, houses));
            expect(JSON.stringify(model.structures)).not.toContain('on"');
            expect(enumerateProbability(model, 'top')).toBeCloseTo(truthTableProbability([Q.a, Q.b, Q.c], truth), 14);
        });
    }

    test('a gate that is always true warns and becomes a certain event', () => {
        const { model, diagnostics } = readOpenPsa(treeWithTop(`<or>${ev('a')}<house-event name="on"/></or>`, houses));
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 4, message: expect.stringContaining('always true') })]);
        expect(enumerateProbability(model, 'top')).toBeCloseTo(1, 14);
    });

    test('a house event without a constant is false', () => {
        const model = readClean(treeWithTop(`<or>${ev('a')}<house-event name="h"/></or>`, '<define-house-event name="h"/>'));
        expect(enumerateProbability(model, 'top')).toBeCloseTo(Q.a, 15);
    });
});

describe('probability expressions', () => {
    const withEvent = (expression: string, extra = '') => mef(`<define-fault-tree name="FT">
<define-gate name="top"><or>${ev('x')}</or></define-gate>
</define-fault-tree>
<model-data>
<define-basic-event name="x">${expression}</define-basic-event>
${extra}
</model-data>`);

    test('exponential with a number of hours is a fixed probability', () => {
        const model = readClean(withEvent('<exponential><float value="2e-4"/><float value="1000"/></exponential>'));
        expect(model.components[0].failure?.kind).toBe('probability');
        expect(enumerateProbability(model, 'top')).toBeCloseTo(1 - Math.exp(-2e-4 * 1000), 15);
    });

    test('exponential over the mission time keeps the rate, and the mission time is an option', () => {
        const xml = withEvent('<exponential><parameter name="lambda"/><system-mission-time/></exponential>',
            '<define-parameter name="lambda"><mul><float value="2"/><parameter name="half"/></mul></define-parameter>' +
            '<define-parameter name="half"><float value="5e-5"/></define-parameter>');
        const { model, diagnostics } = readOpenPsa(xml, 'x.xml', { missionHours: 1000 });
        expect(diagnostics).toEqual([]);
        expect(model.missionHours).toBe(1000);
        expect(model.components[0].failure).toEqual({ kind: 'lifetime', distribution: { kind: 'exponential', rate: 1e-4 } });
        expect(enumerateProbability(model, 'top')).toBeCloseTo(1 - Math.exp(-0.1), 14);
    });

    test('arithmetic', () => {
        const model = readClean(withEvent(
            '<sub><float value="1"/><div><int value="1"/><add><float value="2"/><float value="2"/></add></div><neg><float value="-0.25"/></neg></sub>'));
        expect(model.components[0].failure).toEqual({ kind: 'probability', q: 0.5 });
    });

    test('Weibull over the mission time is a lifetime', () => {
        const model = readClean(withEvent('<Weibull><float value="1000"/><float value="2"/><float value="0"/><system-mission-time/></Weibull>'));
        expect(model.components[0].failure).toEqual({ kind: 'lifetime', distribution: { kind: 'weibull', shape: 2, scale: 1000 } });
    });

    test('an uncertainty distribution is replaced by its mean, with a warning', () => {
        const { model, diagnostics } = readOpenPsa(withEvent('<uniform-deviate><float value="0.1"/><float value="0.3"/></uniform-deviate>'));
        expect(model.components[0].failure).toEqual({ kind: 'probability', q: 0.2 });
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 7 })]);
    });

    test('a probability outside [0, 1] is an error on its line', () => {
        const { diagnostics } = readOpenPsa(withEvent('<float value="1.5"/>'));
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 7, message: expect.stringContaining('outside [0, 1]') })]);
    });

    test('an undefined parameter is one error on its line', () => {
        const { diagnostics } = readOpenPsa(withEvent('<exponential><parameter name="nowhere"/><system-mission-time/></exponential>'));
        expect(diagnostics).toEqual([{ severity: 'error', line: 7, column: 43, message: "undefined parameter 'nowhere'" }]);
    });

    test('parameters that depend on themselves are an error', () => {
        const { diagnostics } = readOpenPsa(withEvent('<parameter name="p"/>', '<define-parameter name="p"><parameter name="p"/></define-parameter>'));
        expect(diagnostics.some(d => d.severity === 'error' && d.message.includes("'p'"))).toBe(true);
    });
});

describe('beta-factor CCF groups', () => {
    test('members share one common-cause event', () => {
        const q = 0.1, beta = 0.2;
        const model = readClean(mef(`<define-fault-tree name="FT">
<define-gate name="top"><and><basic-event name="pump-1"/><basic-event name="pump-2"/></and></define-gate>
<define-CCF-group name="pumps" model="beta-factor">
  <members><basic-event name="pump-1"/><basic-event name="pump-2"/></members>
  <distribution><float value="${q}"/></distribution>
  <factor><float value="${beta}"/></factor>
</define-CCF-group>
</define-fault-tree>`));
        expect(model.commonCauses).toEqual([{ name: 'pumps', beta, members: ['pump-1', 'pump-2'] }]);
        // The shared part β·Q fails both; otherwise both independent parts (1 − β)·Q must fail.
        const expected = beta * q + (1 - beta * q) * ((1 - beta) * q) ** 2;
        expect(enumerateProbability(model, 'top')).toBeCloseTo(expected, 15);
    });

    test('other CCF models are an error naming the group and its line', () => {
        const { diagnostics } = readOpenPsa(mef(`<define-CCF-group name="g" model="MGL">
<members><basic-event name="m1"/><basic-event name="m2"/></members>
<distribution><float value="0.1"/></distribution>
</define-CCF-group>`));
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 3, message: expect.stringMatching(/'g'.*MGL/) })]);
    });
});

describe('diagnostics for bad input', () => {
    const valid = treeWithTop(`<or>${abc}</or>`);

    test('truncated XML names a line and column', () => {
        const { diagnostics } = readOpenPsa(valid.slice(0, valid.indexOf('</define-gate>')));
        expect(diagnostics).toHaveLength(1);
        expect(diagnostics[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('malformed XML') });
        expect(diagnostics[0].line).toBeGreaterThanOrEqual(1);
        expect(diagnostics[0].column).toBeGreaterThanOrEqual(1);
    });

    test('a mismatched closing tag is reported on its line', () => {
        const { diagnostics } = readOpenPsa('<opsa-mef>\n<define-gate name="g">\n<or>\n</and>\n</define-gate>\n</opsa-mef>');
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 4 })]);
    });

    test('binary garbage and empty input', () => {
        const garbage = String.fromCharCode(...Array.from({ length: 200 }, (_, i) => (i * 97 + 13) % 256));
        for (const text of [garbage, '', 'not xml at all']) {
            const { model, diagnostics } = readOpenPsa(text);
            expect(diagnostics.length).toBeGreaterThan(0);
            expect(diagnostics[0]).toMatchObject({ severity: 'error', line: expect.any(Number), column: expect.any(Number) });
            expect(model.structures).toEqual([]);
        }
    });

    test('a root that is not opsa-mef', () => {
        const { diagnostics } = readOpenPsa('<?xml version="1.0"?>\n<html><body/></html>', 'page.xml');
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 2, message: expect.stringContaining('page.xml') })]);
    });

    test('an unknown formula element is an error naming it and its line', () => {
        const { diagnostics } = readOpenPsa(treeWithTop(`<or>\n${ev('a')}\n<majority>${ev('b')}</majority>\n</or>`));
        expect(diagnostics).toEqual([{ severity: 'error', line: 7, column: 1, message: 'formula <majority> is not supported' }]);
    });

    test('event trees are ignored with a warning', () => {
        const { diagnostics } = readOpenPsa(mef('<define-event-tree name="ET"/>\n' + basicEvents(Q)));
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 3, message: expect.stringContaining('<define-event-tree>') })]);
    });

    test('undefined references, wrong kinds, bad arity and cycles are errors on their lines', () => {
        const { model, diagnostics } = readOpenPsa(mef(`<define-fault-tree name="FT">
<define-gate name="g1"><or><gate name="g2"/><basic-event name="nowhere"/></or></define-gate>
<define-gate name="g2"><and><gate name="g1"/><gate name="a"/></and></define-gate>
<define-gate name="g3"><not>${ev('a')}${ev('b')}</not></define-gate>
<define-gate name="g4"><atleast min="two">${abc}</atleast></define-gate>
<define-gate name="g5"><atleast min="4">${abc}</atleast></define-gate>
</define-fault-tree>
<model-data>${basicEvents(Q)}</model-data>`));
        const errors = diagnostics.filter(d => d.severity === 'error').map(d => [d.line, d.message]);
        expect(errors).toEqual(expect.arrayContaining([
            [4, "undefined basic-event 'nowhere'"],
            [5, expect.stringContaining("'a' is a basic-event")],
            // Gates are read bottom-up: the cycle g1 → g2 → g1 closes at g2.
            [5, "gate 'g2' depends on itself (a cycle)"],
            [6, '<not> takes 1 argument(s), not 2'],
            [7, expect.stringContaining('min')],
            [8, '<atleast min="4"> has only 3 argument(s)']
        ]));
        expect(model.structures.map(s => s.name)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    });

    test('a duplicate definition is an error pointing at the first one', () => {
        const { diagnostics } = readOpenPsa(mef(basicEvents({ a: 0.1 }) + '\n' + basicEvents({ a: 0.2 })));
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 4, message: expect.stringContaining('first on line 3') })]);
    });

    test('corrupted models never throw', () => {
        let seed = 12345;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        for (let round = 0; round < 300; round++) {
            const chars = [...valid];
            for (let edit = 0; edit < 3; edit++) chars.splice(Math.floor(random() * chars.length), 1 + Math.floor(random() * 8));
            expect(() => readOpenPsa(chars.join(''))).not.toThrow();
        }
    });
});

describe('depth', () => {
    const DEPTH = 5000;

    test('a chain of gates thousands deep is read, and solved: 1 − (1 − q)^(n + 1)', () => {
        const gates = Array.from({ length: DEPTH }, (_, i) =>
            `<define-gate name="g${i}"><or><gate name="g${i + 1}"/>${ev(`e${i}`)}</or></define-gate>`).join('\n');
        const events = Array.from({ length: DEPTH + 1 }, (_, i) => `<define-basic-event name="e${i}"><float value="0.0001"/></define-basic-event>`).join('\n');
        const { model, diagnostics } = readOpenPsa(mef(`<define-fault-tree name="FT">\n${gates}\n<define-gate name="g${DEPTH}">${ev(`e${DEPTH}`)}</define-gate>\n</define-fault-tree>\n<model-data>\n${events}\n</model-data>`));
        expect(diagnostics).toEqual([]);
        expect(model.structures).toHaveLength(DEPTH + 1);
        expect(model.structures[0]).toMatchObject({ name: 'g0', kind: 'top' });
        const compiled = compileStructures(model.structures, [], model.components.map(c => c.name));
        expect(compiled.problems).toEqual([]);
        expect(failureProbability(compiled, 'g0', () => 0.0001)).toBeCloseTo(1 - 0.9999 ** (DEPTH + 1), 12);
    });

    test('a formula nested a thousand deep is read; deeper XML is a positioned error, not a crash', () => {
        const nested = (depth: number) => mef(`<define-fault-tree name="FT">
<define-gate name="top"><or>${'<and>'.repeat(depth)}${ev('a')}${'</and>'.repeat(depth)}${ev('b')}</or></define-gate>
</define-fault-tree>
<model-data>${basicEvents(Q)}</model-data>`);
        const read = readOpenPsa(nested(990));
        expect(read.diagnostics).toEqual([]);
        const compiled = compileStructures(read.model.structures, [], read.model.components.map(c => c.name));
        expect(failureProbability(compiled, 'top', c => Q[c as keyof typeof Q])).toBeCloseTo(1 - 0.9 * 0.8, 15);
        const { diagnostics } = readOpenPsa(nested(DEPTH));
        expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 1, column: 1, message: 'malformed XML: elements nest deeper than 1000 levels' })]);
    });
});
