/**
 * The server side of the custom requests in extension/protocol.ts: `rel/analyze`, `rel/simulate`
 * (with work-done progress and cancellation) and `rel/faultTree`.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { AnalysisReport } from '../engine/report.js';
import {
    analyzeRequest, faultTreeRequest, simulateRequest,
    type AnalyzeParams, type FaultTreeParams, type RelRequest, type SimulateParams
} from '../extension/protocol.js';
import { simulateDocument } from '../language/analysis.js';
import { isSimulation, isSimulationTarget, type Model } from '../language/generated/ast.js';
import type { AnalysisCache } from './analysis-cache.js';
import { faultTreeOf } from './fault-tree.js';

/**
 * The exact value beside a Monte Carlo run is computed on the server's thread, before the run: in the
 * editor it may take 2 s (a tree that needs more runs without it; `rel simulate` waits 30 s).
 */
const EDITOR_EXACT_COMPARISON_MS = 2_000;

function onRelRequest<P, R>(connection: Connection, request: RelRequest<P, R>, handler: (params: P, token: CancellationToken) => Promise<R>): void {
    connection.onRequest(request.method, (params: P, token: CancellationToken) => handler(params, token));
}

/** A finished analysis report, or the error explaining why there is none. */
function requireReport(report: AnalysisReport | undefined, uri: string): AnalysisReport {
    if (!report) throw new ResponseError(ErrorCodes.InternalError, `The analysis of ${uri} did not finish (too slow, or failed: see the server log).`);
    return report;
}

/**
 * The `simulate` block to run for `name`: the block of that name, else the first block that
 * simulates the system, top or chain called `name` (what a code lens over a declaration asks for).
 */
export function simulationFor(model: Model, name: string): string {
    const simulations = model.declarations.filter(isSimulation);
    if (simulations.some(s => s.name === name)) return name;
    const targeting = simulations.find(s => s.items.some(item => isSimulationTarget(item) && item.target.$refText === name));
    return targeting?.name ?? name;
}

export function registerCustomRequests(connection: Connection, shared: LangiumSharedServices, analysis: AnalysisCache): void {
    /** The document at `uri`, validated: an open one is awaited, a closed one is loaded from disk. */
    async function validatedDocument(uri: string, token: CancellationToken): Promise<LangiumDocument<Model>> {
        const parsed = URI.parse(uri);
        const documents = shared.workspace.LangiumDocuments;
        // Updates still queued (the client's didOpen, the first load of the workspace) run before a read.
        await shared.workspace.WorkspaceLock.read(() => undefined);
        try {
            // An open document, or one read from disk now. Files the workspace loaded but the client has not
            // opened are indexed and linked, not validated: validate them here.
            const document = await documents.getOrCreateDocument(parsed);
            if (document.state < DocumentState.Validated) await shared.workspace.DocumentBuilder.build([document], { validation: true }, token);
        } catch (error) {
            // Opened by the client meanwhile: then it is built by the client's update, awaited below.
            if (!documents.hasDocument(parsed)) {
                throw new ResponseError(ErrorCodes.InvalidParams, `Cannot read ${uri}: ${error instanceof Error ? error.message : String(error)}`);
            }
        }
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, parsed, token);
        const document = documents.getDocument(parsed);
        if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown document ${uri}`);
        return document as LangiumDocument<Model>;
    }

    onRelRequest(connection, analyzeRequest, async (params: AnalyzeParams, token) => {
        const document = await validatedDocument(params.uri, token);
        return requireReport(await analysis.report(document), params.uri);
    });

    onRelRequest(connection, faultTreeRequest, async (params: FaultTreeParams, token) => {
        const document = await validatedDocument(params.uri, token);
        return faultTreeOf(document.parseResult.value, params.name, await analysis.report(document));
    });

    onRelRequest(connection, simulateRequest, async (params: SimulateParams, token) => {
        const document = await validatedDocument(params.uri, token);
        const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
        const controller = new AbortController();
        const cancellation = token.onCancellationRequested(() => controller.abort());
        progress.begin(`Monte Carlo: ${params.name}`, 0, undefined, true);
        let lastPercent = -1;
        try {
            return await simulateDocument(document, simulationFor(document.parseResult.value, params.name), {
                missions: params.missions,
                seed: params.seed,
                signal: controller.signal,
                exactTimeLimitMs: EDITOR_EXACT_COMPARISON_MS,
                onProgress: (fraction: number) => {
                    const percent = Math.floor(100 * fraction);
                    if (percent !== lastPercent) {
                        lastPercent = percent;
                        progress.report(percent, `${percent}%`);
                    }
                }
            });
        } catch (error) {
            if (controller.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Simulation cancelled');
            throw new ResponseError(ErrorCodes.InvalidParams, error instanceof Error ? error.message : String(error));
        } finally {
            cancellation.dispose();
            progress.done();
        }
    });
}
