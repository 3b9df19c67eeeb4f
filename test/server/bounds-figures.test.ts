/**
 * A top the analysis could not solve by its diagram, shown with its certified bounds or its probability by
 * model counting: the document's diagnostics, the hover, the code lens line, the requirement verdict and the
 * text report of `rel analyze`.
 */
import { describe, expect, test } from 'vitest';
import { isGate, isRequirement } from '../../language/generated/ast.js';
import { analyzeDocument } from '../../language/analysis.js';
import { declarationMarkdown, requirementReportOf, requirementVerdict, summaryLine } from '../../server/figures-markdown.js';
import { textReport } from '../../cli/text-report.js';
import { validate } from '../language/helpers.js';

const MODEL = `event A probability 0.1
event B probability 0.2
event C probability 0.3
gate AB = and(A, B)
top T = or(AB, C)
require T probability <= 0.5
`;
// P(T) = 1 − (1 − 0.02)(1 − 0.3).
const EXACT = 1 - 0.98 * 0.7;

describe('a top known only by its bounds', () => {
    test('the hover, the code lens and the requirement show the interval', async () => {
        const { document, model } = await validate(MODEL);
        // No time for the structures: the top is never reached, and the bounds (here exact) are all it has.
        const report = analyzeDocument(document, { structureTimeLimitMs: 0, boundsTimeLimitMs: 60_000, modelCounting: false });
        expect(report.tops.T).toBeUndefined();
        expect(report.bounds.T.lower).toBeCloseTo(EXACT, 12);
        expect(report.bounds.T.upper).toBeCloseTo(EXACT, 12);
        const diagnostic = report.diagnostics.find(d => /certified bounds instead/.test(d.message))!;
        expect(diagnostic).toMatchObject({ severity: 'warning', line: 5 });

        const top = model.declarations.find(d => isGate(d) && d.name === 'T')!;
        expect(declarationMarkdown(top, report)).toBe(
            `**top T**\n\n| | |\n|---|---|\n| Probability (certified bounds) | 0.314 to 0.314 |\n\n`
            + 'Not solved exactly (too large, or out of time): the bounds are the exact probabilities of a subset and a superset of its failure function.');
        expect(summaryLine(top, report)).toBe('0.314 ≤ P ≤ 0.314 (bounds)');

        const requirement = model.declarations.find(isRequirement)!;
        const verdict = requirementReportOf(requirement, report)!;
        expect(verdict).toMatchObject({ met: true, bounds: { lower: report.bounds.T.lower, upper: report.bounds.T.upper } });
        expect(requirementVerdict(verdict)).toBe('✓ met · between 0.314 and 0.314 (certified bounds)');
        expect(textReport(report)).toContain('  T: 0.314 ≤ P ≤ 0.314   certified bounds (not solved exactly)\n');
    });

    test('a top solved by model counting instead shows its exact probability and says how', async () => {
        const { document, model } = await validate(MODEL);
        const report = analyzeDocument(document, { structureTimeLimitMs: 0, boundsTimeLimitMs: 60_000 });
        expect(report.tops.T).toBeUndefined();
        expect(report.bounds.T).toMatchObject({ counted: true });
        expect(report.bounds.T.lower).toBeCloseTo(EXACT, 12);
        const diagnostic = report.diagnostics.find(d => /exact probability by model counting instead: P\(T\) = 0\.314/.test(d.message))!;
        expect(diagnostic).toMatchObject({ severity: 'warning', line: 5 });

        const top = model.declarations.find(d => isGate(d) && d.name === 'T')!;
        expect(declarationMarkdown(top, report)).toBe(
            `**top T**\n\n| | |\n|---|---|\n| Probability (exact) | 0.314 |\n\n`
            + 'By weighted model counting: its decision diagram is too large, so there are no cut sets or importance figures.');
        expect(summaryLine(top, report)).toBe('P = 0.314 (model counting)');

        const requirement = model.declarations.find(isRequirement)!;
        const verdict = requirementReportOf(requirement, report)!;
        expect(verdict.met).toBe(true);
        expect(verdict.actual).toBeCloseTo(EXACT, 12);
        expect(textReport(report)).toContain('  T: P = 0.314   exact, by model counting (its diagram is too large: no cut sets or importance)\n');

        // A gate counted the same way (here set by hand: the editor's node limit is never reached by so small a gate).
        const gate = model.declarations.find(d => isGate(d) && d.name === 'AB')!;
        const withCountedGate = { ...report, gates: { AB: { probability: 0.02, counted: true as const } } };
        expect(declarationMarkdown(gate, withCountedGate)).toBe(
            `**gate AB**\n\n| | |\n|---|---|\n| Probability (exact) | 0.02 |\n\nBy weighted model counting: its decision diagram is too large.`);
        expect(textReport(withCountedGate)).toMatch(/name +probability +method\n +AB +0\.02 +model counting\n/);
    });
});
