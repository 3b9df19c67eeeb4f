/**
 * The figures of one declaration, written for people: Markdown for hovers, one line for code lenses.
 * Reads the analysis report only; computes nothing beyond unit conversion for display.
 */
import type { AstNode } from 'langium';
import { downtimeHoursPerYear, nines } from '../engine/figures.js';
import { availabilitySummary, formatHours, formatPercent, formatProbability as formatFull } from '../engine/format.js';
import type { AnalysisReport, ComponentFigures, ImportanceFigures, RequirementReport, SystemFigures, TopFigures } from '../engine/report.js';
import {
    isComponent, isDiagnosis, isGate, isHypothesis, isIncidents, isMarkov, isRequirement, isSimulation, isState, isSystem,
    type Requirement
} from '../language/generated/ast.js';

/** How many cut sets and importance rows a hover lists. */
const HOVER_LIST_LIMIT = 5;

/** Six significant digits: enough to read in a hover, the JSON has them all. */
export function formatProbability(probability: number): string {
    return formatFull(probability, 6);
}

export function ninesText(probability: number): string {
    const n = nines(probability);
    return n === undefined ? (probability === 1 ? '∞ nines' : '') : `${n.toFixed(2)} nines`;
}

function row(label: string, value: string): string {
    return `| ${label} | ${value} |`;
}

function table(rows: string[]): string {
    return rows.length === 0 ? '' : ['| | |', '|---|---|', ...rows].join('\n');
}

function availabilityRows(availability: number | undefined): string[] {
    if (availability === undefined) return [];
    return [
        row('Availability', `${formatPercent(availability)} (${ninesText(availability)})`),
        row('Downtime', `${formatHours(downtimeHoursPerYear(availability))} per year`)
    ];
}

function reliabilityRows(figures: { reliability?: number; mttfHours?: number }, missionHours: number): string[] {
    const rows: string[] = [];
    if (figures.reliability !== undefined) {
        rows.push(row(`Reliability R(${formatHours(missionHours)})`, `${formatProbability(figures.reliability)} (${formatPercent(figures.reliability)})`));
        rows.push(row('Unreliability', formatProbability(1 - figures.reliability)));
    }
    if (figures.mttfHours !== undefined) rows.push(row('MTTF', formatHours(figures.mttfHours)));
    return rows;
}

function componentMarkdown(name: string, figures: ComponentFigures, missionHours: number): string {
    const rows = [
        ...reliabilityRows(figures, missionHours),
        ...(figures.reliability === undefined && figures.unreliability !== undefined ? [row('Failure probability', formatProbability(figures.unreliability))] : []),
        ...(figures.failureRate !== undefined ? [row('Failure rate', `${formatProbability(figures.failureRate)} per hour (${formatProbability(figures.failureRate * 1e9)} FIT)`)] : []),
        ...availabilityRows(figures.availability)
    ];
    return `**component ${name}**\n\n${table(rows)}`;
}

function importanceMarkdown(importance: Record<string, ImportanceFigures>): string {
    const entries = Object.entries(importance).sort(([, a], [, b]) => b.birnbaum - a.birnbaum).slice(0, HOVER_LIST_LIMIT);
    if (entries.length === 0) return '';
    const hasFaultTreeMeasures = entries.some(([, figures]) => figures.fussellVesely !== undefined);
    const header = hasFaultTreeMeasures ? '| Importance | Birnbaum | Fussell–Vesely | RAW | RRW |\n|---|---|---|---|---|' : '| Importance | Birnbaum |\n|---|---|';
    const lines = entries.map(([name, figures]) => hasFaultTreeMeasures
        ? `| ${name} | ${formatProbability(figures.birnbaum)} | ${optional(figures.fussellVesely)} | ${optional(figures.raw)} | ${optional(figures.rrw)} |`
        : `| ${name} | ${formatProbability(figures.birnbaum)} |`);
    return [header, ...lines].join('\n');
}

function optional(value: number | undefined): string {
    return value === undefined ? '—' : formatProbability(value);
}

function systemMarkdown(name: string, figures: SystemFigures, missionHours: number): string {
    const rows = [...reliabilityRows(figures, missionHours), ...availabilityRows(figures.availability)];
    const spof = figures.singlePointsOfFailure.length > 0 ? `\n\nSingle points of failure: ${figures.singlePointsOfFailure.join(', ')}` : '';
    return `**system ${name}**\n\n${table(rows)}${spof}\n\n${importanceMarkdown(figures.importance)}`;
}

function topMarkdown(kind: string, name: string, figures: TopFigures): string {
    const rows = [
        row('Probability (exact)', formatProbability(figures.probability)),
        row('Rare-event approximation', optional(figures.rareEvent)),
        row('Min-cut upper bound', optional(figures.mcub)),
        row(figures.primeImplicants ? 'Prime implicants' : 'Minimal cut sets', figures.cutSetCount === undefined
            ? `not computed: ${figures.cutSetsUnavailable ?? 'unknown reason'}`
            : `${figures.cutSetCount}${figures.cutSetsTruncated ? ' (list truncated)' : ''}`),
        ...(figures.minimalCutSetCount === undefined ? [] : [row('Minimal cut sets (negations dropped)', String(figures.minimalCutSetCount))])
    ];
    const cutSets = figures.cutSets.slice(0, HOVER_LIST_LIMIT)
        .map(set => `- {${set.join(', ')}} (order ${set.length})`).join('\n');
    return `**${kind} ${name}**\n\n${table(rows)}\n\n${cutSets}\n\n${importanceMarkdown(figures.importance)}`;
}

/** Labels for the figure keys of the report that are not plain words. */
const LABELS: Record<string, string> = {
    mtbf: 'MTBF', mttf: 'MTTF', mttr: 'MTTR', mtbfHours: 'MTBF', mttrHours: 'MTTR', mttfHours: 'MTTF',
    timeToConverge: 'Within 1e-6 of the limit after'
};

/** Keys whose values are drawn in a panel rather than written in a hover. */
const NOT_IN_HOVER = new Set(['transient', 'distribution', 'unit']);

function humanKey(key: string): string {
    return LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, c => c.toUpperCase());
}

function formatValue(key: string, value: number, unit: string | undefined): string {
    if (/hours$/i.test(key)) return formatHours(value);
    if (/^(mtbf|mttf|meanUpTime|meanDownTime|timeToConverge)$/.test(key) && unit !== undefined) return unit === 'hours' ? formatHours(value) : `${formatProbability(value)} ${unit}`;
    if (/availability/i.test(key)) return formatPercent(value);
    return formatProbability(value);
}

/** The figures of a Markov chain, diagnosis, cascade or incident log: their shapes vary, so each number is written by its key. */
function recordMarkdown(kind: string, name: string, figures: unknown): string {
    if (typeof figures !== 'object' || figures === null) return `**${kind} ${name}**`;
    const record = figures as Record<string, unknown>;
    const unit = typeof record.unit === 'string' ? record.unit : undefined;
    const rows: string[] = [];
    const sections: string[] = [];
    for (const [key, value] of Object.entries(record)) {
        if (NOT_IN_HOVER.has(key)) continue;
        if (typeof value === 'number') rows.push(row(humanKey(key), formatValue(key, value, unit)));
        else if (typeof value === 'string') rows.push(row(humanKey(key), value));
        else if (Array.isArray(value) && value.every(item => typeof item === 'string')) sections.push(value.map(item => `- ${item}`).join('\n'));
        else if (value && typeof value === 'object' && !Array.isArray(value)) {
            const numbers = Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
            if (numbers.length > 0) sections.push(`| ${humanKey(key)} | |\n|---|---|\n${numbers.map(([k, v]) => `| ${k} | ${formatProbability(v)} |`).join('\n')}`);
        }
    }
    return [`**${kind} ${name}**`, table(rows), ...sections].filter(Boolean).join('\n\n');
}

/** A requirement's verdict: `✓ met · margin +0.0009` or `✗ not met · shortfall 0.0001`. */
export function requirementVerdict(requirement: RequirementReport): string {
    if (requirement.bounds) {
        const { lower, upper } = requirement.bounds;
        return `${requirement.met ? '✓ met' : '✗ not met'} · between ${formatProbability(lower)} and ${formatProbability(upper)} (certified bounds)`;
    }
    if (requirement.actual === undefined) return `✗ ${requirement.message}`;
    const margin = requirement.margin ?? requirement.actual - requirement.required;
    const magnitude = /mttf|mtbf|downtime/.test(requirement.metric) ? formatHours(Math.abs(margin)) : formatProbability(Math.abs(margin));
    const actual = /mttf|mtbf|downtime/.test(requirement.metric) ? formatHours(requirement.actual) : formatProbability(requirement.actual);
    return requirement.met
        ? `✓ met · actual ${actual} · margin ${magnitude}`
        : `✗ not met · actual ${actual} · shortfall ${magnitude}`;
}

export function requirementReportOf(node: Requirement, report: AnalysisReport): RequirementReport | undefined {
    const line = (node.$cstNode?.range.start.line ?? -1) + 1;
    return report.requirements.find(r => r.line === line && r.subject === node.subject.$refText && r.metric === node.metric);
}

/** Markdown with the figures of a declaration (or of a Markov state or a hypothesis), if the report has them. */
export function declarationMarkdown(node: AstNode, report: AnalysisReport): string | undefined {
    if (isComponent(node) && report.components[node.name]) return componentMarkdown(node.name, report.components[node.name], report.missionHours);
    if (isSystem(node) && report.systems[node.name]) return systemMarkdown(node.name, report.systems[node.name], report.missionHours);
    if (isGate(node)) {
        if (report.tops[node.name]) return topMarkdown(node.kind, node.name, report.tops[node.name]);
        // A gate solved (or bounded) without its cut sets: one line of probability, and how it was found.
        const probabilityOnly = (label: string, value: string, how: string) =>
            `**${node.kind} ${node.name}**\n\n${table([row(label, value)])}${how ? `\n\n${how}` : ''}`;
        const gate = report.gates[node.name];
        if (gate) {
            return probabilityOnly('Probability (exact)', formatProbability(gate.probability),
                gate.counted ? 'By weighted model counting: its decision diagram is too large.' : '');
        }
        const bounds = report.bounds[node.name];
        if (bounds?.counted) {
            return probabilityOnly('Probability (exact)', formatProbability(bounds.lower),
                'By weighted model counting: its decision diagram is too large, so there are no cut sets or importance figures.');
        }
        if (bounds) {
            return probabilityOnly('Probability (certified bounds)', `${formatProbability(bounds.lower)} to ${formatProbability(bounds.upper)}`,
                'Not solved exactly (too large, or out of time): the bounds are the exact probabilities of a subset and a superset of its failure function.');
        }
    }
    if (isMarkov(node) && report.markov[node.name]) return recordMarkdown('markov', node.name, report.markov[node.name]);
    if (isState(node) && isMarkov(node.$container?.$container)) {
        const chain = report.markov[node.$container.$container.name] as { steadyState?: Record<string, number> } | undefined;
        const probability = chain?.steadyState?.[node.name];
        if (probability !== undefined) return `**state ${node.name}** of ${node.$container.$container.name}\n\nSteady-state probability π = ${formatProbability(probability)}`;
    }
    if (isDiagnosis(node) && report.diagnoses[node.name]) return recordMarkdown('diagnosis', node.name, report.diagnoses[node.name]);
    if (isHypothesis(node) && isDiagnosis(node.$container)) {
        const diagnosis = report.diagnoses[node.$container.name] as { posterior?: Record<string, number> } | undefined;
        const posterior = diagnosis?.posterior?.[node.name];
        if (posterior !== undefined) return `**hypothesis ${node.name}**\n\nPosterior probability ${formatProbability(posterior)} (${formatPercent(posterior)})`;
    }
    if (isIncidents(node) && report.incidents[node.name]) return recordMarkdown('incidents', node.name, report.incidents[node.name]);
    if (isSimulation(node)) return `**simulate ${node.name}**\n\nMonte Carlo on demand: use the \`▶ Run\` code lens.`;
    if (isRequirement(node)) {
        const requirement = requirementReportOf(node, report);
        if (requirement) return `**require ${requirement.subject} ${requirement.metric} ${requirement.op} ${requirement.required}**\n\n${requirementVerdict(requirement)}`;
    }
    return undefined;
}

/** The one-line summary a code lens shows over a system, top or chain. */
export function summaryLine(node: AstNode, report: AnalysisReport): string | undefined {
    if (isSystem(node)) {
        const figures = report.systems[node.name];
        if (!figures) return undefined;
        if (figures.availability !== undefined) return availabilitySummary(figures.availability);
        if (figures.reliability !== undefined) {
            const mttf = figures.mttfHours !== undefined ? ` · MTTF ${formatHours(figures.mttfHours)}` : '';
            return `R(${formatHours(report.missionHours)}) = ${formatPercent(figures.reliability)}${mttf}`;
        }
        return undefined;
    }
    if (isGate(node)) {
        const top = report.tops[node.name];
        if (top) {
            if (top.cutSetCount === undefined) return `P = ${formatProbability(top.probability)}`;
            return `P = ${formatProbability(top.probability)} · ${top.cutSetCount} ${top.primeImplicants ? 'prime implicant' : 'cut set'}${top.cutSetCount === 1 ? '' : 's'}`;
        }
        const gate = report.gates[node.name];
        if (gate) return `P = ${formatProbability(gate.probability)}`;
        const bounds = report.bounds[node.name];
        if (bounds?.counted) return `P = ${formatProbability(bounds.lower)} (model counting)`;
        return bounds ? `${formatProbability(bounds.lower)} ≤ P ≤ ${formatProbability(bounds.upper)} (bounds)` : undefined;
    }
    if (isMarkov(node)) {
        const chain = report.markov[node.name] as { availability?: number; mtbf?: number; unit?: string } | undefined;
        if (chain?.availability === undefined) return undefined;
        const mtbf = chain.mtbf !== undefined ? ` · MTBF ${chain.unit === 'hours' ? formatHours(chain.mtbf) : `${formatProbability(chain.mtbf)} ${chain.unit ?? ''}`.trim()}` : '';
        return `A = ${formatPercent(chain.availability)}${mtbf}`;
    }
    return undefined;
}
