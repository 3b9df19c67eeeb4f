/**
 * The analysis off the language server's main thread: this worker parses the text it is sent,
 * validates it and computes every figure. The server terminates it to cancel or time-box a
 * computation, so a heavy model never delays a keystroke, a hover or a completion.
 */
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { parentPort } from 'node:worker_threads';
import type { AnalysisReport } from '../engine/report.js';
import { analyzeDocument } from '../language/analysis.js';
import type { Model } from '../language/generated/ast.js';
import { createRelServices } from '../language/rel-module.js';

export interface AnalysisJob {
    uri: string;
    text: string;
    missionHours?: number;
    /** The workspace folder holding the document: incident logs must lie inside it. */
    workspaceRoot?: string;
    /** Time for the fault trees and block diagrams together. */
    structureTimeLimitMs?: number;
    /** Time for certified bounds on the tops left unsolved. */
    boundsTimeLimitMs?: number;
}

export type AnalysisJobResult = { report: AnalysisReport } | { error: string };

const { shared } = createRelServices({ ...NodeFileSystem });

async function analyze(job: AnalysisJob): Promise<AnalysisReport> {
    const uri = URI.parse(job.uri);
    const documents = shared.workspace.LangiumDocuments;
    if (documents.hasDocument(uri)) documents.deleteDocument(uri);
    const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(job.text, uri);
    documents.addDocument(document);
    try {
        await shared.workspace.DocumentBuilder.build([document as LangiumDocument], { validation: true });
        return analyzeDocument(document, { missionHours: job.missionHours, workspaceRoot: job.workspaceRoot, structureTimeLimitMs: job.structureTimeLimitMs,
            boundsTimeLimitMs: job.boundsTimeLimitMs
        });
    } finally {
        documents.deleteDocument(uri);
    }
}

parentPort?.on('message', (job: AnalysisJob) => {
    analyze(job).then(
        report => parentPort!.postMessage({ report } satisfies AnalysisJobResult),
        (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies AnalysisJobResult)
    );
});
