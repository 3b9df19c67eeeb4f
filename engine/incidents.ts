/**
 * Incident logs (language.md §10). The engine takes the CSV text (the caller reads the file after
 * checking the path with `resolveIncidentPath`). Required columns `timestamp` (ISO 8601) and
 * `duration` (minutes); optional `component`, `severity`, `root_cause`; header names are matched
 * without regard to case, and spaces or hyphens count as underscores. A row that cannot be used is a
 * problem naming its 1-based line, and the other rows are still analysed.
 *
 * Choices: a timestamp without an offset is UTC. The observed period runs from the first incident's
 * start to the latest end of any incident. Downtime is the union of the incident intervals, so
 * overlapping incidents are not counted twice. MTBF is the mean time between consecutive incident
 * starts; the exponential rate is its inverse (the maximum-likelihood rate of the inter-arrival times)
 * with the chi-square interval for n − 1 complete inter-arrival times; the Weibull fit uses the same
 * inter-arrival times (zero gaps, from simultaneous starts, are left out of it).
 */
import { isAbsolute, relative, resolve, dirname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { chiSquareQuantile, weibullMaximumLikelihood } from './incident-statistics.js';

const MS_PER_HOUR = 3_600_000;
const TOP = 5;
/** After this many malformed lines the rest of the file is not read. */
const MAX_MALFORMED = 100;

export interface IncidentProblem {
    /** 1-based line of the file. */
    line: number;
    message: string;
    severity: 'error' | 'warning';
}

export interface RankedName {
    name: string;
    count: number;
    downtimeHours: number;
}

export interface IncidentFigures {
    /** ISO 8601 start and end of the period the figures describe; null without incidents. */
    from: string | null;
    to: string | null;
    observedHours: number;
    count: number;
    /** Mean time between incident starts, hours; null with fewer than two incidents. */
    mtbfHours: number | null;
    /** Mean incident duration, hours. */
    mttrHours: number | null;
    downtimeHours: number;
    /** 1 − downtime / observed period. */
    availability: number | null;
    /** Incidents per hour over the observed period. */
    failureRatePerHour: number | null;
    topComponents: RankedName[];
    topRootCauses: RankedName[];
    severities: Record<string, number>;
    /** Maximum-likelihood exponential rate of the inter-arrival times, with its 95% chi-square interval. */
    exponential: { ratePerHour: number; interval: [number, number]; confidence: number; interArrivals: number } | null;
    /** Weibull fit of the inter-arrival times (hours). */
    weibull: { shape: number; scaleHours: number; interArrivals: number } | null;
}

export interface IncidentWindowFigures extends IncidentFigures {
    /** 0-based window number from the first incident. */
    index: number;
}

export interface IncidentAnalysis extends IncidentFigures {
    problems: IncidentProblem[];
    /** The header as found in the file. */
    columns: string[];
    windowHours: number | null;
    windows: IncidentWindowFigures[];
    /** Expected number of incidents in one mission at the fitted exponential rate, with its 95% interval. */
    incidentsPerMission: { expected: number; interval: [number, number] } | null;
}

export interface IncidentOptions {
    windowHours?: number;
    missionHours?: number;
}

interface Incident {
    line: number;
    startMs: number;
    durationMinutes: number;
    component?: string;
    severity?: string;
    rootCause?: string;
}

/**
 * The absolute path of an incident log written relative to its model file, or an error when it leaves
 * the workspace. Purely lexical: symbolic links are the caller's to resolve.
 */
export function resolveIncidentPath(modelFile: string, path: string, workspaceRoot: string): { path: string } | { error: string } {
    if (path.trim() === '') return { error: 'the incident log path is empty' };
    if (path.includes('\0')) return { error: 'the incident log path contains a NUL character' };
    const root = resolve(workspaceRoot);
    const target = resolve(dirname(resolve(modelFile)), path);
    const inside = relative(root, target);
    if (inside === '') return { error: `the incident log "${path}" is the workspace folder itself, not a file` };
    if (inside.startsWith('..') || isAbsolute(inside)) {
        return { error: `the incident log "${path}" is outside the workspace ${root}; nothing was read` };
    }
    return { path: target };
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or null when the text is not a valid ISO 8601 date or date-time. */
export function parseIso8601(text: string): number | null {
    const m = ISO_8601.exec(text.trim());
    if (!m) return null;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const daysInMonth = month === 2 ? (leap ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
    let offsetMinutes = 0;
    const zone = m[8];
    if (zone && zone.toUpperCase() !== 'Z') {
        const digits = zone.slice(1).replace(':', '');
        const hours = Number(digits.slice(0, 2)), minutes = Number(digits.slice(2) || '0');
        if (hours > 23 || minutes > 59) return null;
        offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
    }
    const utc = Date.UTC(year, month - 1, day, hour, minute, second) + fraction * 1000;
    return utc - offsetMinutes * 60_000;
}

const canonicalHeader = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

interface ParsedRecord { line: number; fields: string[] }

/**
 * Every record with the line it starts on. csv-parse stops at a malformed record (a stray or unclosed
 * quote); the records before it are kept, the line is reported, and parsing resumes on the next line.
 */
function readRecords(text: string, problems: IncidentProblem[]): ParsedRecord[] {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const lineStarts = [0];
    for (let i = 0; i < body.length; i++) if (body[i] === '\n') lineStarts.push(i + 1);
    const records: ParsedRecord[] = [];
    let firstLine = 1;
    let malformed = 0;
    while (firstLine <= lineStarts.length) {
        const offset = firstLine - 1;
        let lastEnd = offset;
        try {
            parse(body.slice(lineStarts[offset]), {
                info: true, raw: true, relax_column_count: true, skip_empty_lines: true,
                // With `info` and `raw` each record arrives wrapped (csv-parse's typings do not model this).
                on_record: (wrapped: unknown) => {
                    const record = wrapped as { record: string[]; raw: string; info: { lines: number } };
                    const own = record.raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
                    const newlines = own.split('\n').length - 1;
                    const end = offset + record.info.lines;
                    records.push({ line: end - newlines, fields: record.record });
                    lastEnd = end;
                    return null;
                }
            });
            break;
        } catch (error) {
            let bad = lastEnd + 1;
            while (bad <= lineStarts.length && lineText(body, lineStarts, bad).trim() === '') bad++;
            const reason = error instanceof Error ? error.message.replace(/ at line \d+.*$/s, '') : String(error);
            problems.push({ line: bad, severity: 'warning', message: `malformed CSV (${reason}); the line is skipped` });
            if (++malformed >= MAX_MALFORMED) {
                problems.push({ line: bad, severity: 'error', message: `${MAX_MALFORMED} malformed lines: the rest of the file is not read` });
                break;
            }
            firstLine = bad + 1;
        }
    }
    return records;
}

function lineText(body: string, lineStarts: number[], line: number): string {
    const start = lineStarts[line - 1];
    const end = line < lineStarts.length ? lineStarts[line] : body.length;
    return body.slice(start, end);
}

/** The union of the incident intervals [start, end) as disjoint intervals in time order. */
function mergeIntervals(incidents: Incident[]): [number, number][] {
    const sorted = incidents.map(i => [i.startMs, i.startMs + i.durationMinutes * 60_000] as [number, number])
        .filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const [a, b] of sorted) {
        const last = merged[merged.length - 1];
        if (last && a <= last[1]) last[1] = Math.max(last[1], b);
        else merged.push([a, b]);
    }
    return merged;
}

/** Length in ms of disjoint intervals clipped to [from, to). */
function clippedLength(disjoint: [number, number][], from: number, to: number): number {
    let total = 0;
    for (const [a, b] of disjoint) total += Math.max(0, Math.min(b, to) - Math.max(a, from));
    return total;
}

function rank(incidents: Incident[], key: (i: Incident) => string | undefined): RankedName[] {
    const table = new Map<string, RankedName>();
    for (const incident of incidents) {
        const name = key(incident);
        if (!name) continue;
        const entry = table.get(name) ?? { name, count: 0, downtimeHours: 0 };
        entry.count++;
        entry.downtimeHours += incident.durationMinutes / 60;
        table.set(name, entry);
    }
    return [...table.values()]
        .sort((a, b) => b.count - a.count || b.downtimeHours - a.downtimeHours || a.name.localeCompare(b.name))
        .slice(0, TOP);
}

/** The figures of the incidents that start in [from, to), observed over that period; `downtime` is the union of all incidents. */
function summarise(incidents: Incident[], downtime: [number, number][], from: number, to: number): IncidentFigures {
    const observedHours = (to - from) / MS_PER_HOUR;
    const count = incidents.length;
    const starts = incidents.map(i => i.startMs);
    const gaps = starts.slice(1).map((s, k) => (s - starts[k]) / MS_PER_HOUR);
    const totalGap = gaps.reduce((a, b) => a + b, 0);
    const downtimeHours = clippedLength(downtime, from, to) / MS_PER_HOUR;
    const severities: Record<string, number> = {};
    for (const i of incidents) if (i.severity) severities[i.severity] = (severities[i.severity] ?? 0) + 1;
    let exponential: IncidentFigures['exponential'] = null;
    if (gaps.length > 0 && totalGap > 0) {
        const r = gaps.length;
        exponential = {
            ratePerHour: r / totalGap,
            interval: [chiSquareQuantile(0.025, 2 * r) / (2 * totalGap), chiSquareQuantile(0.975, 2 * r) / (2 * totalGap)],
            confidence: 0.95, interArrivals: r
        };
    }
    const fit = weibullMaximumLikelihood(gaps);
    return {
        from: count || to > from ? new Date(from).toISOString() : null,
        to: count || to > from ? new Date(to).toISOString() : null,
        observedHours, count,
        mtbfHours: gaps.length > 0 ? totalGap / gaps.length : null,
        mttrHours: count ? incidents.reduce((s, i) => s + i.durationMinutes, 0) / count / 60 : null,
        downtimeHours,
        availability: observedHours > 0 ? 1 - downtimeHours / observedHours : null,
        failureRatePerHour: observedHours > 0 ? count / observedHours : null,
        topComponents: rank(incidents, i => i.component),
        topRootCauses: rank(incidents, i => i.rootCause),
        severities, exponential,
        weibull: fit ? { shape: fit.shape, scaleHours: fit.scale, interArrivals: fit.n } : null
    };
}

export function analyzeIncidents(csvText: string, options: IncidentOptions = {}): IncidentAnalysis {
    const problems: IncidentProblem[] = [];
    const records = readRecords(csvText, problems);
    const byLine = () => problems.sort((a, b) => a.line - b.line);
    const windowHours = options.windowHours ?? null;
    const empty = (columns: string[]): IncidentAnalysis => ({
        ...summarise([], [], 0, 0), problems: byLine(), columns, windowHours, windows: [], incidentsPerMission: null
    });
    if (windowHours !== null && !(windowHours > 0 && Number.isFinite(windowHours))) {
        problems.push({ line: 1, severity: 'error', message: `the window must be a positive duration, not ${windowHours} h` });
    }
    const header = records.shift();
    if (!header) {
        problems.push({ line: 1, severity: 'error', message: 'the incident log is empty: it needs a header with timestamp and duration columns' });
        return empty([]);
    }
    const columns = header.fields.map(f => f.trim());
    const position = new Map<string, number>();
    columns.forEach((c, i) => { const key = canonicalHeader(c); if (!position.has(key)) position.set(key, i); });
    const missing = ['timestamp', 'duration'].filter(c => !position.has(c));
    if (missing.length) {
        problems.push({ line: header.line, severity: 'error', message: `the header lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} (found: ${columns.join(', ') || 'nothing'})` });
        return empty(columns);
    }
    const field = (record: string[], name: string) => {
        const i = position.get(name);
        const value = i === undefined ? undefined : record[i]?.trim();
        return value ? value : undefined;
    };
    const incidents: Incident[] = [];
    for (const { line, fields } of records) {
        if (fields.length !== columns.length) {
            problems.push({ line, severity: 'warning', message: `the row has ${fields.length} fields but the header has ${columns.length}; the row is skipped` });
            continue;
        }
        const timestamp = field(fields, 'timestamp') ?? '';
        const startMs = parseIso8601(timestamp);
        if (startMs === null) {
            problems.push({ line, severity: 'warning', message: `timestamp "${timestamp}" is not an ISO 8601 date-time; the row is skipped` });
            continue;
        }
        const durationText = field(fields, 'duration') ?? '';
        const durationMinutes = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(durationText) ? Number(durationText) : NaN;
        if (!Number.isFinite(durationMinutes)) {
            problems.push({ line, severity: 'warning', message: `duration "${durationText}" is not a non-negative number of minutes; the row is skipped` });
            continue;
        }
        incidents.push({ line, startMs, durationMinutes, component: field(fields, 'component'), severity: field(fields, 'severity'), rootCause: field(fields, 'root_cause') });
    }
    if (incidents.length === 0) {
        problems.push({ line: header.line, severity: 'warning', message: 'the incident log has no usable incident' });
        return empty(columns);
    }
    incidents.sort((a, b) => a.startMs - b.startMs || a.line - b.line);
    const from = incidents[0].startMs;
    const to = incidents.reduce((latest, i) => Math.max(latest, i.startMs + i.durationMinutes * 60_000), -Infinity);
    const downtime = mergeIntervals(incidents);
    const overall = summarise(incidents, downtime, from, to);
    const windows: IncidentWindowFigures[] = [];
    if (windowHours !== null && windowHours > 0 && Number.isFinite(windowHours)) {
        const length = windowHours * MS_PER_HOUR;
        for (let index = 0, start = from; start < to; index++, start = from + index * length) {
            const end = from + (index + 1) * length;
            const inside = incidents.filter(i => i.startMs >= start && i.startMs < end);
            // The last window is observed only up to the end of the log.
            windows.push({ index, ...summarise(inside, downtime, start, Math.min(end, to)) });
            if (windows.length >= 10_000) {
                problems.push({ line: 1, severity: 'warning', message: 'more than 10,000 windows: only the first 10,000 are reported' });
                break;
            }
        }
        if (windows.length === 0) windows.push({ index: 0, ...summarise(incidents, downtime, from, to) });
    }
    const missionHours = options.missionHours;
    const fit = overall.exponential;
    const incidentsPerMission = fit && missionHours !== undefined && missionHours > 0
        ? { expected: fit.ratePerHour * missionHours, interval: [fit.interval[0] * missionHours, fit.interval[1] * missionHours] as [number, number] }
        : null;
    return { ...overall, problems: byLine(), columns, windowHours, windows, incidentsPerMission };
}
