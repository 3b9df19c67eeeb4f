/**
 * The bundled language server over stdio: diagnostics, hovers, code lenses and the custom requests,
 * checked against the worked answers of the language reference (§12) and closed forms.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CancellationTokenSource, DiagnosticSeverity, LSPErrorCodes, WorkDoneProgress, type CodeLens, type Hover } from 'vscode-languageserver-protocol/node';
import type { AnalysisReport } from '../../engine/report.js';
import { analyzeRequest, Commands, faultTreeRequest, simulateRequest, type FaultTreeNode } from '../../extension/protocol.js';
import type { SimulationResult } from '../../engine/monte-carlo/simulate.js';
import { bundleServer, positionOf, startServer, type TestServer } from './lsp-client.js';

const MODEL = `mission 1 year
component A { reliability 0.9 }
component B { reliability 0.99 }
component C { reliability 0.999 }
system Storage = 2 of (A, B, C)
component Edge { availability 99.95% }
require Storage reliability >= 0.9999

event ServerHW probability 0.05
event NetworkDown probability 0.02
event DNSFailure probability 0.01
event AppBug probability 0.1
event DBUnavailable probability 0.03
event CDNDown probability 0.005
gate Infrastructure = or(ServerHW, NetworkDown, DNSFailure)
gate Application = or(AppBug, DBUnavailable)
gate ContentDelivery = and(CDNDown, ServerHW)
top WebsiteUnavailable = or(Infrastructure, Application, ContentDelivery)
require WebsiteUnavailable probability <= 0.2

simulate StorageYear {
  system Storage
  missions 20000
  seed 7
}
`;
const URI = 'file:///workspace/model.rel';

/** §12: 2 of (A, B, C) with reliabilities 0.9, 0.99, 0.999. */
const STORAGE_RELIABILITY = 0.998892;
/** §12: the fault tree of §5. */
const TOP_PROBABILITY = 0.19536463;

let server: TestServer;

function hoverText(hover: Hover | null): string {
    const contents = hover?.contents;
    return typeof contents === 'object' && contents !== null && 'value' in contents ? contents.value : '';
}

async function hoverAt(needle: string, delta = 1): Promise<string> {
    return hoverText(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: positionOf(MODEL, needle, delta) }));
}

beforeAll(async () => {
    server = await startServer(await bundleServer());
    server.open(URI, MODEL);
}, 60_000);

afterAll(async () => {
    await server?.stop();
});

describe('the language server over stdio', () => {
    test('publishes an unmet requirement as an error on its line, and nothing else', async () => {
        const diagnostics = await server.diagnostics(URI, d => d.some(x => x.code === 'requirement-not-met'));
        const errors = diagnostics.filter(d => d.severity === DiagnosticSeverity.Error);
        expect(errors).toHaveLength(1);
        expect(errors[0].range.start.line).toBe(positionOf(MODEL, 'require Storage').line);
        expect(errors[0].source).toBe('rel');
    }, 30_000);

    test('publishes an unknown name as an error at its position', async () => {
        const uri = 'file:///workspace/broken.rel';
        const text = 'component A { reliability 0.9 }\nsystem S = series(A, Missing)\n';
        server.open(uri, text);
        const diagnostics = await server.diagnostics(uri, d => d.length > 0);
        const error = diagnostics.find(d => d.severity === DiagnosticSeverity.Error);
        expect(error?.range.start).toEqual(positionOf(text, 'Missing'));
        expect(error?.message).toContain('Missing');
    }, 30_000);

    test('hover on a system shows its reliability', async () => {
        expect(await hoverAt('system Storage', 8)).toContain(String(STORAGE_RELIABILITY));
    });

    test('hover on a top shows its exact probability and cut sets; on a referenced gate, that gate', async () => {
        const top = await hoverAt('top WebsiteUnavailable', 6);
        expect(top).toContain('0.195365');
        expect(top).toContain('{AppBug}');
        // P(Infrastructure) = 1 − 0.95 · 0.98 · 0.99.
        const gate = await hoverAt('or(Infrastructure', 4);
        expect(gate).toContain(String(Number((1 - 0.95 * 0.98 * 0.99).toPrecision(6))));
    });

    test('hover on a percentage shows its nines and downtime per year', async () => {
        const text = await hoverAt('99.95%', 2);
        // −log10(0.0005) = 3.30; 0.0005 · 8760 h = 4.38 h.
        expect(text).toContain('3.30 nines');
        expect(text).toContain('4.38 h');
    });

    test('code lenses: summary and Monte Carlo over a system, verdicts over requirements, Run over a simulation', async () => {
        const lenses: CodeLens[] = await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: URI } });
        const on = (line: number) => lenses.filter(l => l.range.start.line === line).map(l => l.command!);
        const lineOf = (needle: string) => positionOf(MODEL, needle).line;
        const storage = on(lineOf('system Storage'));
        expect(storage.map(c => c.title)).toContain('▶ Run Monte Carlo');
        expect(storage.find(c => c.command === Commands.runMonteCarlo)?.arguments).toEqual([{ uri: URI, name: 'Storage' }]);
        expect(storage.some(c => c.title.includes('99.89%'))).toBe(true);
        expect(on(lineOf('require Storage'))[0].title).toContain('not met');
        const met = on(lineOf('require WebsiteUnavailable'))[0].title;
        expect(met).toContain('✓ met');
        expect(met).toContain(String(Number((0.2 - TOP_PROBABILITY).toPrecision(6))));
        expect(on(lineOf('simulate StorageYear')).map(c => c.title)).toEqual(['▶ Run']);
    });

    test('rel/analyze returns the figures of §12', async () => {
        const report = await server.connection.sendRequest<AnalysisReport>(analyzeRequest.method, { uri: URI });
        expect(report.systems.Storage.reliability).toBeCloseTo(STORAGE_RELIABILITY, 12);
        expect(Math.abs(report.tops.WebsiteUnavailable.probability / TOP_PROBABILITY - 1)).toBeLessThan(1e-9);
    });

    test('rel/faultTree draws the tree with the probabilities of its gates', async () => {
        const tree = await server.connection.sendRequest<FaultTreeNode>(faultTreeRequest.method, { uri: URI, name: 'WebsiteUnavailable' });
        expect(tree.operator).toBe('or');
        expect(tree.children.map(c => c.label)).toEqual(['Infrastructure', 'Application', 'ContentDelivery']);
        const contentDelivery = tree.children[2];
        expect(contentDelivery.operator).toBe('and');
        expect(contentDelivery.probability).toBeCloseTo(0.005 * 0.05, 15);
        expect(contentDelivery.children.map(c => [c.label, c.probability])).toEqual([['CDNDown', 0.005], ['ServerHW', 0.05]]);
    });

    test('rel/simulate reports progress and an interval around the exact value', async () => {
        const kinds: string[] = [];
        const token = 'simulation-progress';
        const listener = server.connection.onProgress(WorkDoneProgress.type, token, value => { kinds.push(value.kind); });
        const result = await server.connection.sendRequest<SimulationResult>(simulateRequest.method, { uri: URI, name: 'StorageYear', workDoneToken: token });
        listener.dispose();
        expect(result.missions).toBe(20000);
        expect(result.exact).toBeCloseTo(STORAGE_RELIABILITY, 12);
        expect(result.interval[0]).toBeLessThanOrEqual(result.estimate);
        expect(result.interval[1]).toBeGreaterThanOrEqual(result.estimate);
        expect(kinds[0]).toBe('begin');
        expect(kinds[kinds.length - 1]).toBe('end');
    }, 30_000);

    test('rel/simulate can be cancelled', async () => {
        const source = new CancellationTokenSource();
        const request = server.connection.sendRequest(simulateRequest.method, { uri: URI, name: 'Storage', missions: 1e9 }, source.token);
        setTimeout(() => source.cancel(), 300);
        await expect(request).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    }, 30_000);

    test('a request that follows the didOpen of a file on disk at once is answered from the open document', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'rel-open-'));
        const path = join(folder, 'model.rel');
        writeFileSync(path, MODEL);
        const uri = pathToFileURL(path).toString();
        server.open(uri, MODEL);
        const report = await server.connection.sendRequest<AnalysisReport>(analyzeRequest.method, { uri });
        expect(report.systems.Storage.reliability).toBeCloseTo(STORAGE_RELIABILITY, 12);
    });

    test('an unknown document is an error response, not a crash', async () => {
        await expect(server.connection.sendRequest(analyzeRequest.method, { uri: 'file:///nowhere/missing.rel' })).rejects.toMatchObject({ message: expect.stringContaining('missing.rel') });
        expect(server.process.exitCode).toBeNull();
    });
});
