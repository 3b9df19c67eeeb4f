import type { AnalysisReport, DiagnosticReport, RequirementReport } from '../engine/report.js';
import { formatHours, formatPercent, formatProbability } from '../engine/format.js';

export function formatDiagnostic(file: string, d: DiagnosticReport): string {
    return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

type Cell = string | number | undefined;

/** Left-aligned first column, right-aligned figures, two spaces between columns. */
function table(header: string[], rows: Cell[][], indent = '  '): string {
    const text = [header, ...rows.map(row => row.map(cell => cell === undefined ? '–' : String(cell)))];
    const widths = header.map((_, c) => Math.max(...text.map(row => (row[c] ?? '').length)));
    return text.map(row => indent + row.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join('  ').trimEnd())
        .join('\n') + '\n';
}

const p = (x: number | undefined) => x === undefined ? undefined : formatProbability(x);
const h = (x: number | undefined) => x === undefined ? undefined : formatHours(x);
const pct = (x: number | undefined) => x === undefined ? undefined : formatPercent(x);
const n1 = (x: number | undefined) => x === undefined ? undefined : x.toFixed(2);

function section(title: string, body: string): string {
    return body ? `\n${title}\n${body}` : '';
}

/** Sorted by the absolute value of a key, largest first. */
function topEntries<T>(record: Record<string, T>, key: (value: T) => number, count: number): [string, T][] {
    return Object.entries(record).sort((a, b) => Math.abs(key(b[1])) - Math.abs(key(a[1]))).slice(0, count);
}

/** The readable report of `rel analyze`. */
export function textReport(report: AnalysisReport): string {
    let out = `${report.file} — mission ${formatHours(report.missionHours)} (${report.missionHours} h)\n`;

    const components = Object.entries(report.components);
    out += section('Components', components.length === 0 ? '' : table(
        ['name', 'reliability', 'unreliability', 'MTTF', 'availability', 'downtime/yr', 'nines'],
        components.map(([name, c]) => [name, p(c.reliability), p(c.unreliability), h(c.mttfHours), pct(c.availability),
            h(c.downtimeHoursPerYear), n1(c.nines)])));

    let systems = '';
    for (const [name, s] of Object.entries(report.systems)) {
        systems += table(['name', 'reliability', 'MTTF', 'availability', 'downtime/yr', 'nines'],
            [[name, p(s.reliability), h(s.mttfHours), pct(s.availability), h(s.downtimeHoursPerYear), n1(s.nines)]]);
        const importance = topEntries(s.importance, i => i.birnbaum, 10);
        if (importance.length > 0) {
            systems += table(['    component', 'Birnbaum'], importance.map(([c, i]) => [`    ${c}`, p(i.birnbaum)]));
        }
        if (s.singlePointsOfFailure.length > 0) systems += `    single points of failure: ${s.singlePointsOfFailure.join(', ')}\n`;
        systems += '\n';
    }
    out += section('Systems (reliability block diagrams)', systems);

    let tops = '';
    for (const [name, t] of Object.entries(report.tops)) {
        tops += `  ${name}: P = ${formatProbability(t.probability)}   rare-event ${formatProbability(t.rareEvent)}   MCUB ${formatProbability(t.mcub)}\n`;
        const kind = t.primeImplicants ? 'prime implicants' : 'minimal cut sets';
        tops += `    ${t.cutSetCount} ${kind}${t.cutSetsTruncated ? ` (first ${t.cutSets.length} shown)` : ''}:\n`;
        for (const cutSet of t.cutSets.slice(0, 20)) tops += `      {${cutSet.join(', ')}}\n`;
        if (t.cutSets.length > 20) tops += `      … ${t.cutSets.length - 20} more\n`;
        const importance = topEntries(t.importance, i => i.fussellVesely ?? i.birnbaum, 15);
        if (importance.length > 0) {
            tops += table(['    event', 'Birnbaum', 'Fussell–Vesely', 'criticality', 'RAW', 'RRW'],
                importance.map(([e, i]) => [`    ${e}`, p(i.birnbaum), p(i.fussellVesely), p(i.criticality),
                    i.raw === undefined ? undefined : Number(i.raw.toPrecision(4)),
                    i.rrw === undefined ? '∞' : Number(i.rrw.toPrecision(4))]));
        }
        tops += '\n';
    }
    out += section('Fault trees', tops);

    const gates = Object.entries(report.gates);
    out += section('Gates', gates.length === 0 ? '' : table(['name', 'probability'], gates.map(([name, g]) => [name, p(g.probability)])));

    for (const [title, record] of [['Markov chains', report.markov], ['Cascades', report.cascades],
        ['Diagnoses', report.diagnoses], ['Incident logs', report.incidents]] as const) {
        let body = '';
        for (const [name, figures] of Object.entries(record)) body += `  ${name}\n${keyValues(figures, '    ')}`;
        out += section(title, body);
    }

    out += section('Requirements', report.requirements.map(requirementLine).join(''));
    return out;
}

function requirementLine(r: RequirementReport): string {
    return `  ${r.met ? '✓' : '✗'} line ${r.line}: ${r.message}\n`;
}

/** Scalar figures as `key: value` lines; nested records one level deep; long series summarised. */
function keyValues(value: unknown, indent: string): string {
    if (value === null || typeof value !== 'object') return `${indent}${String(value)}\n`;
    let out = '';
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'number') out += `${indent}${key}: ${formatProbability(v, 10)}\n`;
        else if (typeof v === 'string' || typeof v === 'boolean') out += `${indent}${key}: ${v}\n`;
        else if (Array.isArray(v)) {
            if (v.length > 0 && v.length <= 8 && v.every(x => typeof x !== 'object')) out += `${indent}${key}: ${v.join(', ')}\n`;
            else if (v.length > 0 && v.every(x => typeof x === 'string')) out += `${indent}${key}: ${v.slice(0, 8).join('; ')}${v.length > 8 ? ' …' : ''}\n`;
        } else if (v && typeof v === 'object') {
            const entries = Object.entries(v as Record<string, unknown>);
            if (entries.length <= 12 && entries.every(([, x]) => typeof x === 'number')) {
                out += `${indent}${key}: ${entries.map(([k, x]) => `${k} ${formatProbability(x as number, 8)}`).join(', ')}\n`;
            }
        }
    }
    return out;
}

/** The readable report of `rel simulate`. */
export function simulationTextReport(result: Record<string, unknown>): string {
    return `${String(result.name)}\n${keyValues(result, '  ')}\n`;
}
