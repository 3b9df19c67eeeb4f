import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { analyzeIncidents, parseIso8601, resolveIncidentPath } from '../../engine/incidents.js';

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-12) => {
    expect(actual).toBeTypeOf('number');
    expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
};

/** Root of an increasing function by bisection. */
function root(f: (x: number) => number, lo: number, hi: number): number {
    for (let i = 0; i < 200; i++) { const mid = (lo + hi) / 2; if (f(mid) < 0) lo = mid; else hi = mid; }
    return (lo + hi) / 2;
}

const small = [
    'timestamp,duration,component,severity,root_cause',
    '2024-01-01T00:00:00Z,60,DB,high,"Disk full, no alert"',
    '2024-01-02T00:00:00Z,30,Web,low,Deploy',
    '2024-01-04T00:00:00Z,90,DB,high,"Disk full, no alert"'
].join('\n');

describe('incident figures', () => {
    test('a three-incident log, figure by figure', () => {
        const r = analyzeIncidents(small, { missionHours: 100 });
        expect(r.problems).toEqual([]);
        expect(r.count).toBe(3);
        // Starts at 0 h, 24 h, 72 h; the last ends at 73.5 h.
        close(r.mtbfHours, 36);
        close(r.mttrHours, 1);
        close(r.observedHours, 73.5);
        close(r.downtimeHours, 3);
        close(r.availability, 1 - 3 / 73.5);
        close(r.failureRatePerHour, 3 / 73.5);
        expect(r.from).toBe('2024-01-01T00:00:00.000Z');
        expect(r.topComponents).toEqual([{ name: 'DB', count: 2, downtimeHours: 2.5 }, { name: 'Web', count: 1, downtimeHours: 0.5 }]);
        expect(r.topRootCauses[0]).toEqual({ name: 'Disk full, no alert', count: 2, downtimeHours: 2.5 });
        expect(r.severities).toEqual({ high: 2, low: 1 });
        // Two inter-arrival times totalling 72 h: rate 2/72, interval χ²(0.025; 4)/144 … χ²(0.975; 4)/144,
        // where the χ² CDF with 4 degrees of freedom is 1 − e^{−x/2}(1 + x/2).
        const cdf4 = (x: number) => 1 - Math.exp(-x / 2) * (1 + x / 2);
        close(r.exponential!.ratePerHour, 2 / 72);
        close(r.exponential!.interval[0], root(x => cdf4(x) - 0.025, 0, 50) / 144, 1e-10);
        close(r.exponential!.interval[1], root(x => cdf4(x) - 0.975, 0, 50) / 144, 1e-10);
        close(r.incidentsPerMission!.expected, 100 * 2 / 72);
        close(r.incidentsPerMission!.interval[1], 100 * r.exponential!.interval[1]);
        // Gaps {24, 48} = 24·{1, e^{ln 2}}: shape 2u/ln 2 with u·tanh u = 1.
        const u = root(x => x * Math.tanh(x) - 1, 0.5, 2);
        const shape = 2 * u / Math.LN2;
        close(r.weibull!.shape, shape, 1e-10);
        close(r.weibull!.scaleHours, 24 * ((1 + 2 ** shape) / 2) ** (1 / shape), 1e-10);
    });

    test('windows count incidents by start and clip downtime to the window', () => {
        const r = analyzeIncidents(small, { windowHours: 24 });
        expect(r.windowHours).toBe(24);
        expect(r.windows.map(w => w.count)).toEqual([1, 1, 0, 1]);
        close(r.windows[0].availability, 1 - 1 / 24);
        expect(r.windows[2].availability).toBe(1);
        expect(r.windows[2].mttrHours).toBeNull();
        // The last window is observed until the log ends, 1.5 h, all of it down.
        close(r.windows[3].observedHours, 1.5);
        close(r.windows[3].availability, 0);
        expect(r.windows[3].from).toBe('2024-01-04T00:00:00.000Z');
    });

    test('overlapping incidents count their downtime once', () => {
        const r = analyzeIncidents('timestamp,duration\n2024-05-01T00:00Z,120\n2024-05-01T01:00Z,120\n');
        close(r.downtimeHours, 3);
        close(r.availability, 0);
        close(r.mttrHours, 2);
    });

    test('figures of a random log agree with a minute-by-minute count', () => {
        const random = seedrandom('incident log');
        const base = Date.UTC(2024, 0, 1);
        const rows: [number, number][] = [];
        let minute = 0;
        for (let i = 0; i < 120; i++) {
            minute += 1 + Math.floor(random() * 5000);
            rows.push([minute, Math.floor(random() * 400)]);
        }
        const csv = 'timestamp,duration\n' + rows.map(([m, d]) => `${new Date(base + m * 60_000).toISOString()},${d}`).join('\n');
        const r = analyzeIncidents(csv);
        const first = rows[0][0];
        const end = Math.max(...rows.map(([m, d]) => m + d));
        const down = new Uint8Array(end - first);
        for (const [m, d] of rows) for (let k = m; k < m + d; k++) down[k - first] = 1;
        const downMinutes = down.reduce((a, b) => a + b, 0);
        expect(r.count).toBe(120);
        close(r.observedHours, (end - first) / 60);
        close(r.downtimeHours, downMinutes / 60);
        close(r.availability, 1 - downMinutes / (end - first));
        close(r.mtbfHours, (rows[119][0] - first) / 60 / 119);
        close(r.mttrHours, rows.reduce((s, [, d]) => s + d, 0) / 120 / 60);
    });
});

describe('reading the CSV', () => {
    test('BOM, CRLF, header case, a quoted field across lines, extra columns, time-zone offsets', () => {
        const text = '\uFEFFTimeStamp,Notes,DURATION\r\n2024-03-01T10:00:00+02:00,"multi\r\nline, note",15\r\n2024-03-01 12:00,plain,45\r\n';
        const r = analyzeIncidents(text);
        expect(r.problems).toEqual([]);
        expect(r.columns).toEqual(['TimeStamp', 'Notes', 'DURATION']);
        expect(r.count).toBe(2);
        // 10:00+02:00 is 08:00Z; a time without offset is UTC.
        close(r.mtbfHours, 4);
        expect(r.from).toBe('2024-03-01T08:00:00.000Z');
        expect(r.topComponents).toEqual([]);
    });

    test('bad rows are problems with their line; the rest is analysed', () => {
        const text = [
            'timestamp,duration,component',          // 1
            '2024-01-01T00:00:00Z,10,A',             // 2
            'yesterday,10,A',                        // 3
            '2024-01-02T00:00:00Z,-5,A',             // 4
            '2024-01-02T00:00:00Z,ten,A',            // 5
            '2024-02-30T00:00:00Z,10,A',             // 6
            '2024-01-03T00:00:00Z,10',               // 7
            '',                                      // 8
            '2024-01-04T00:00:00Z,10,B"x',           // 9  stray quote in an unquoted field
            '2024-01-05T00:00:00Z,10,"A"z',          // 10 invalid closing quote
            '2024-01-06T00:00:00Z,10,A',             // 11
            '2024-01-07T00:00:00Z,10,"never closed', // 12
            '2024-01-08T00:00:00Z,10,A'              // 13
        ].join('\r\n');
        const r = analyzeIncidents(text);
        expect(r.problems.map(p => p.line)).toEqual([3, 4, 5, 6, 7, 9, 10, 12]);
        expect(r.problems[0].message).toContain('yesterday');
        expect(r.problems[4].message).toContain('2 fields');
        for (const malformed of r.problems.slice(5)) expect(malformed.message).toMatch(/malformed CSV/);
        // Lines 2, 11 and 13.
        expect(r.count).toBe(3);
        expect(r.topComponents).toEqual([{ name: 'A', count: 3, downtimeHours: 0.5 }]);
        expect(r.problems.every(p => p.severity === 'warning')).toBe(true);
    });

    test('a missing required column, an empty file, a header alone: problems, never a crash', () => {
        const noDuration = analyzeIncidents('timestamp,component\n2024-01-01,A\n');
        expect(noDuration.problems).toMatchObject([{ line: 1, severity: 'error' }]);
        expect(noDuration.problems[0].message).toContain('duration');
        expect(noDuration.count).toBe(0);
        expect(noDuration.availability).toBeNull();
        expect(analyzeIncidents('').problems[0].severity).toBe('error');
        const headerOnly = analyzeIncidents('timestamp,duration\n');
        expect(headerOnly.count).toBe(0);
        expect(headerOnly.problems[0].message).toContain('no usable incident');
        expect(analyzeIncidents('"unclosed\n').count).toBe(0);
    });

    test('a single incident has no MTBF and no fits', () => {
        const r = analyzeIncidents('timestamp,duration\n2024-01-01T00:00Z,30\n');
        expect(r.count).toBe(1);
        expect(r.mtbfHours).toBeNull();
        expect(r.exponential).toBeNull();
        expect(r.weibull).toBeNull();
        close(r.availability, 0);
    });
});

describe('ISO 8601 timestamps', () => {
    test('forms and validity', () => {
        expect(parseIso8601('2024-06-01')).toBe(Date.UTC(2024, 5, 1));
        expect(parseIso8601('2024-06-01T12:30')).toBe(Date.UTC(2024, 5, 1, 12, 30));
        expect(parseIso8601('2024-06-01T12:30:15.250Z')).toBe(Date.UTC(2024, 5, 1, 12, 30, 15, 250));
        expect(parseIso8601('2024-06-01T12:30:00-0530')).toBe(Date.UTC(2024, 5, 1, 18, 0));
        expect(parseIso8601('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
        expect(parseIso8601('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
        expect(parseIso8601('1900-02-29')).toBeNull();
        for (const bad of ['2023-02-29', '2024-13-01', '2024-01-01T24:00', '01/02/2024', '2024-1-1', '']) expect(parseIso8601(bad)).toBeNull();
    });
});

describe('incident log paths', () => {
    test('relative to the model file, inside the workspace', () => {
        expect(resolveIncidentPath('/ws/models/prod.rel', 'data/incidents.csv', '/ws')).toEqual({ path: '/ws/models/data/incidents.csv' });
        expect(resolveIncidentPath('/ws/models/prod.rel', '../incidents.csv', '/ws')).toEqual({ path: '/ws/incidents.csv' });
    });

    test('a path that escapes is an error', () => {
        for (const escaping of ['../../etc/passwd', '/etc/passwd', '../../ws2/x.csv', '..']) {
            const result = resolveIncidentPath('/ws/models/prod.rel', escaping, '/ws');
            expect('error' in result).toBe(true);
        }
        expect('error' in resolveIncidentPath('/ws/prod.rel', '', '/ws')).toBe(true);
    });
});
