import type { AnalysisReport, DiagnosisReport, DiagnosticReport, IncidentReport, MarkovFigures, RequirementReport } from '../engine/report.js';
import { formatHours, formatPercent, formatProbability } from '../engine/format.js';
import type { SimulationResult } from '../engine/monte-carlo/simulate.js';

export function formatDiagnostic(file: string, d: DiagnosticReport): string {
    return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

type Cell = string | number | undefined;

/** Figures right-aligned, words left-aligned, two spaces between columns. */
function table(header: string[], rows: Cell[][], indent = '  '): string {
    const text = [header, ...rows.map(row => row.map(cell => cell === undefined ? '–' : String(cell)))];
    const widths = header.map((_, c) => Math.max(...text.map(row => (row[c] ?? '').length)));
    const numeric = header.map((_, c) => c > 0 && text.slice(1).every(row => /^[-+]?[\d.–∞]/.test(row[c] ?? '')));
    return text.map(row => indent + row.map((cell, c) => numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])).join('  ').trimEnd())
        .join('\n') + '\n';
}

const p = (x: number | undefined) => x === undefined ? undefined : formatProbability(x);
const h = (x: number | undefined) => x === undefined ? undefined : formatHours(x);
const pct = (x: number | undefined) => x === undefined ? undefined : formatPercent(x);
const n1 = (x: number | undefined) => x === undefined ? undefined : x.toFixed(2);

function section(title: string, body: string): string {
    return body ? `\n${title}\n${body}` : '';
}

/** Sorted by the absolute value of a key, largest first, ties by name. */
function topEntries<T>(record: Record<string, T>, key: (value: T) => number, count: number): [string, T][] {
    return Object.entries(record)
        .sort((a, b) => Math.abs(key(b[1])) - Math.abs(key(a[1])) || a[0].localeCompare(b[0], 'en', { numeric: true }))
        .slice(0, count);
}

/** The readable report of `rel analyze`. */
export function textReport(report: AnalysisReport): string {
    let out = `${report.file} — mission ${formatHours(report.missionHours)} (${report.missionHours} h)\n`;

    const components = Object.entries(report.components);
    out += section('Components', components.length === 0 ? '' : table(
        ['name', 'reliability', 'unreliability', 'MTTF', 'availability', 'downtime/yr', 'nines'],
        components.map(([name, c]) => [name, p(c.reliability), p(c.unreliability), h(c.mttfHours), pct(c.availability),
            h(c.downtimeHoursPerYear), n1(c.nines)])));

    const systemEntries = Object.entries(report.systems);
    let systems = systemEntries.length === 0 ? '' : table(['name', 'reliability', 'MTTF', 'availability', 'downtime/yr', 'nines', 'MTBF'],
        systemEntries.map(([name, s]) => [name, p(s.reliability), h(s.mttfHours), pct(s.availability), h(s.downtimeHoursPerYear), n1(s.nines), h(s.mtbfHours)]));
    for (const [name, s] of systemEntries) {
        const importance = topEntries(s.importance, i => i.birnbaum, 10);
        if (importance.length === 0) continue;
        systems += `\n  ${name}\n` + table(['    component', 'Birnbaum'], importance.map(([c, i]) => [`    ${c}`, p(i.birnbaum)]));
        if (s.singlePointsOfFailure.length > 0) systems += `    single points of failure: ${s.singlePointsOfFailure.join(', ')}\n`;
    }
    out += section('Systems (reliability block diagrams)', systems);

    let tops = '';
    for (const [name, t] of Object.entries(report.tops)) {
        const kind = t.primeImplicants ? 'prime implicants' : 'minimal cut sets';
        tops += `  ${name}: P = ${formatProbability(t.probability)}`;
        tops += t.cutSetCount === undefined ? '\n' : `   rare-event ${p(t.rareEvent)}   MCUB ${p(t.mcub)}\n`;
        if (t.minimalCutSetCount !== undefined) tops += `    ${t.minimalCutSetCount} minimal cut sets (negated events dropped)\n`;
        tops += t.cutSetCount === undefined
            ? `    no ${kind}: ${t.cutSetsUnavailable ?? 'not computed'}\n`
            : `    ${t.cutSetCount} ${kind}${t.cutSetsTruncated ? ` (first ${t.cutSets.length} shown)` : ''}:\n`;
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
    for (const [name, b] of Object.entries(report.bounds)) {
        tops += b.counted
            ? `  ${name}: P = ${formatProbability(b.lower, 6)}   exact, by model counting (its diagram is too large: no cut sets or importance)\n\n`
            : `  ${name}: ${formatProbability(b.lower, 6)} ≤ P ≤ ${formatProbability(b.upper, 6)}   certified bounds (not solved exactly)\n\n`;
    }
    out += section('Fault trees', tops);

    const gates = Object.entries(report.gates);
    // Gates whose diagram is too large may be solved by model counting: the column says which, when any is.
    const anyCounted = gates.some(([, g]) => g.counted);
    out += section('Gates', gates.length === 0 ? '' : anyCounted
        ? table(['name', 'probability', 'method'], gates.map(([name, g]) => [name, p(g.probability), g.counted ? 'model counting' : 'BDD']))
        : table(['name', 'probability'], gates.map(([name, g]) => [name, p(g.probability)])));

    out += section('Markov chains', Object.entries(report.markov).map(([name, m]) => markovText(name, m)).join('\n'));
    const cascades = Object.values(report.cascades);
    out += section('Cascades', cascades.length === 0 ? '' : table(
        ['initiator', 'method', 'mean size', 'P(all dependents fail)', 'dependents'],
        cascades.map(c => [c.initiator, c.method, c.expectedSize.toFixed(4), formatProbability(c.allDependentsFail, 6), c.dependents.length])));
    out += section('Diagnoses', Object.entries(report.diagnoses).map(([name, d]) => diagnosisText(name, d)).join('\n'));
    out += section('Incident logs', Object.entries(report.incidents).map(([name, i]) => incidentsText(name, i)).join('\n'));
    out += section('Requirements', report.requirements.map(requirementLine).join(''));
    return out;
}

function requirementLine(r: RequirementReport): string {
    return `  ${r.met ? '✓' : '✗'} line ${r.line}: ${r.message}\n`;
}

function markovText(name: string, m: MarkovFigures): string {
    const time = (x: number | null) => x === null ? '–' : m.unit === 'hours' ? formatHours(x) : `${Number(x.toPrecision(6))} steps`;
    let out = `  ${name} (${m.kind === 'discrete' ? 'discrete time' : 'continuous time'}, ${m.solver} solver)\n`;
    out += table(['    state', 'steady state'], Object.entries(m.steadyState).map(([state, p]) => [`    ${state}`, formatProbability(p, 10)]));
    out += `    availability ${formatPercent(m.availability)} · MTBF ${time(m.mtbf)} · mean up ${time(m.meanUpTime)} · ` +
        `mean down ${time(m.meanDownTime)} · MTTF ${time(m.mttf)}\n`;
    if (m.reliability !== undefined) out += `    P(no down state during the mission) = ${formatProbability(m.reliability, 10)}\n`;
    out += `    within 1e-6 of the limit after ${time(m.timeToConverge)}\n`;
    for (const warning of m.warnings) out += `    note: ${warning}\n`;
    return out;
}

function diagnosisText(name: string, d: DiagnosisReport): string {
    let out = `  ${name}: P(symptom) = ${formatProbability(d.evidenceProbability, 10)} after ${d.observations} observation${d.observations === 1 ? '' : 's'}` +
        `${d.priorsNormalised ? ' (priors normalised)' : ''}\n`;
    out += table(['    rank', 'hypothesis', 'posterior'], d.ranking.map((r, i) => [`    ${i + 1}`, r.name, formatProbability(r.posterior, 8)]));
    return out;
}

function incidentsText(name: string, i: IncidentReport): string {
    let out = `  ${name}: ${i.count} incidents over ${formatHours(i.observedHours)}\n`;
    out += table(['    period', 'count', 'MTBF', 'MTTR', 'availability', 'rate/h'], [
        ['    overall', i.count, h(i.mtbfHours ?? undefined), h(i.mttrHours ?? undefined), pct(i.availability ?? undefined), i.failureRatePerHour?.toPrecision(4)],
        ...i.windows.map(w => [`    ${w.from?.slice(0, 10) ?? `window ${w.index + 1}`}`, w.count, h(w.mtbfHours ?? undefined),
            h(w.mttrHours ?? undefined), pct(w.availability ?? undefined), w.failureRatePerHour?.toPrecision(4)])
    ]);
    if (i.exponential) {
        const [low, high] = i.exponential.interval;
        out += `    exponential rate ${i.exponential.ratePerHour.toPrecision(4)}/h (${Math.round(i.exponential.confidence * 100)}% interval ${low.toPrecision(4)} … ${high.toPrecision(4)})\n`;
    }
    if (i.weibull) out += `    Weibull shape ${i.weibull.shape.toPrecision(4)}, scale ${formatHours(i.weibull.scaleHours)}\n`;
    const ranked = (list: { name: string; count: number }[]) => list.map(r => `${r.name} (${r.count})`).join(', ');
    if (i.topComponents.length > 0) out += `    top components: ${ranked(i.topComponents)}\n`;
    if (i.topRootCauses.length > 0) out += `    top root causes: ${ranked(i.topRootCauses)}\n`;
    return out;
}

/** The readable report of `rel simulate`. */
export function simulationTextReport(r: SimulationResult): string {
    const percent = Math.round(r.confidence * 100);
    const what = r.targetKind === 'cascade' ? `P(every dependent of ${r.target} fails) in cascades from it`
        : `${r.metric} of ${r.target} at ${formatHours(r.horizonHours)}`;
    let out = `${r.name}: ${what}, ${r.missions} missions, seed ${r.seed}\n`;
    const rows: Cell[][] = [
        ['estimate', formatProbability(r.estimate, 8)],
        [`${percent}% interval`, `${formatProbability(r.interval[0], 8)} … ${formatProbability(r.interval[1], 8)}`],
        ['exact', r.exact === undefined ? undefined : `${formatProbability(r.exact, 12)} (${r.exactInInterval ? 'inside' : 'outside'} the interval)`],
        ['MTTF', r.mttfHours === undefined ? undefined : formatHours(r.mttfHours)],
        ['mean cascade size', r.cascade ? `${r.cascade.expectedSize.toFixed(4)}` +
            (r.cascade.exactExpectedSize === undefined ? '' : ` (exact ${r.cascade.exactExpectedSize.toFixed(6)})`) : undefined],
        ['availability', r.repair ? `${formatPercent(r.repair.availability)} (${formatPercent(r.repair.availabilityInterval[0])} … ${formatPercent(r.repair.availabilityInterval[1])})` : undefined],
        ['outages per mission', r.repair ? r.repair.meanOutages.toPrecision(4) : undefined],
        ['estimator', r.estimator],
        ['speed', `${Math.round(r.missionsPerSecond).toLocaleString('en-US')} missions/s on ${r.threads} thread${r.threads === 1 ? '' : 's'}`]
    ];
    out += table(['figure', 'value'], rows.filter(row => row[1] !== undefined));
    if (r.sensitivity && r.sensitivity.length > 0) {
        const factors = [...new Set(r.sensitivity.map(s => s.factor))];
        const components = [...new Set(r.sensitivity.map(s => s.component))];
        out += '\n  sensitivity (estimate by failure-rate factor)\n';
        out += table(['  component', ...factors.map(f => `×${f}`)], components.map(c => [`  ${c}`,
            ...factors.map(f => { const e = r.sensitivity!.find(s => s.component === c && s.factor === f); return e ? formatProbability(e.estimate, 6) : undefined; })]));
    }
    for (const note of r.notes) out += `  note: ${note}\n`;
    return out + '\n';
}
