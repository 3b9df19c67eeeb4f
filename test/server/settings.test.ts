/** The client's settings and workspace reach the server: `rel.missionTime`, files loaded from the workspace folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AnalysisReport } from '../../engine/report.js';
import { faultTreeRequest, type FaultTreeNode } from '../../extension/protocol.js';
import type { Hover } from 'vscode-languageserver-protocol/node';
import { bundleServer, positionOf, startServer, type TestServer } from './lsp-client.js';

let server: TestServer;
const workspace = mkdtempSync(join(tmpdir(), 'rel-workspace-'));
const onDisk = join(workspace, 'tree.rel');
writeFileSync(onDisk, 'event A probability 0.1\nevent B probability 0.2\ntop T = and(A, B)\n');
// An incident log in a sibling folder of the model, inside the workspace.
mkdirSync(join(workspace, 'data'));
mkdirSync(join(workspace, 'models'));
writeFileSync(join(workspace, 'data', 'log.csv'), 'timestamp,duration\n2024-01-01T00:00:00Z,30\n2024-01-02T00:00:00Z,90\n2024-01-04T00:00:00Z,60\n');

beforeAll(async () => {
    server = await startServer(await bundleServer(), { rel: { missionTime: '2 years' } }, pathToFileURL(workspace).toString());
}, 60_000);

afterAll(async () => {
    await server?.stop();
});

test('rel.missionTime sets the mission of the reliability figures', async () => {
    const text = 'component Pump { failure rate 0.1 per year }\n';
    const uri = 'file:///workspace/settings.rel';
    server.open(uri, text);
    await server.diagnostics(uri);
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'Pump', 1) });
    const markdown = JSON.stringify(hover.contents);
    // R(2 y) = exp(−0.1 · 2), against exp(−0.1) for the default mission of one year.
    expect(markdown).toContain(Math.exp(-0.2).toPrecision(6));
    expect(markdown).toContain('R(2 y)');
}, 30_000);

test('a file of the workspace that the client never opened is analysed on request', async () => {
    const uri = pathToFileURL(onDisk).toString();
    const tree = await server.connection.sendRequest<FaultTreeNode>(faultTreeRequest.method, { uri, name: 'T' });
    expect(tree.probability).toBeCloseTo(0.1 * 0.2, 15);
    const report = await server.connection.sendRequest<AnalysisReport>('rel/analyze', { uri });
    expect(report.tops.T.probability).toBeCloseTo(0.02, 15);
}, 30_000);

test('incident logs are read anywhere inside the workspace folder, and never outside it', async () => {
    const uri = pathToFileURL(join(workspace, 'models', 'ops.rel')).toString();
    server.open(uri, 'incidents Inside from "../data/log.csv"\nincidents Outside from "../../../etc/hostname"\n');
    const diagnostics = await server.diagnostics(uri, found => found.some(d => String(d.message).includes('outside the workspace')));
    expect(diagnostics.filter(d => String(d.message).includes('outside the workspace')).map(d => d.range.start.line)).toEqual([1]);
    const report = await server.connection.sendRequest<AnalysisReport>('rel/analyze', { uri });
    // Three incidents starting 24 h and 48 h apart; 30 + 90 + 60 minutes down.
    expect(report.incidents.Inside.count).toBe(3);
    expect(report.incidents.Inside.mtbfHours).toBeCloseTo(36, 12);
    expect(report.incidents.Inside.mttrHours).toBeCloseTo(1, 12);
    expect(report.incidents.Outside).toBeUndefined();
}, 30_000);
