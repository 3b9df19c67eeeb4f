/**
 * The figures of each open document, computed once per document version and mission time, in a
 * worker thread (analysis-worker.ts). A newer version cancels the analysis of the older one and
 * every analysis is time-boxed: cancelling means terminating the worker, so even an engine call
 * that never yields stops at once, and the server's own thread stays free for the editor.
 */
import type { LangiumDocument } from 'langium';
import { sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DIAGRAM_STACK_MB } from '../engine/bdd.js';
import type { AnalysisReport } from '../engine/report.js';
import type { Model } from '../language/generated/ast.js';
import type { AnalysisJob, AnalysisJobResult } from './analysis-worker.js';

/** An analysis taking longer than this is abandoned; the editor then shows no figures for that version. */
export const ANALYSIS_TIME_LIMIT_MS = 20_000;
/**
 * The fault trees and block diagrams stop well before that: the structures solved by then keep their
 * figures (and the others get an error saying the time ran out) instead of the whole report being lost.
 */
const STRUCTURE_TIME_LIMIT_MS = 12_000;
/** Then a top left unsolved gets certified bounds on its probability, in time that still fits the analysis's. */
const BOUNDS_TIME_LIMIT_MS = 5_000;

interface CacheEntry {
    version: number;
    missionHours: number | undefined;
    controller: AbortController;
    report: Promise<AnalysisReport | undefined>;
}

interface PendingJob {
    job: AnalysisJob;
    signal: AbortSignal;
    resolve: (report: AnalysisReport | undefined) => void;
}

export class AnalysisCache {
    private readonly entries = new Map<string, CacheEntry>();
    private readonly queue: PendingJob[] = [];
    private active: { worker: Worker; pending: PendingJob } | undefined;
    private idleWorker: Worker | undefined;
    /** The `rel.missionTime` setting in hours, for files without a `mission`. */
    missionHours: number | undefined;
    /** The editor's workspace folders (file system paths), which bound where incident logs may be read. */
    workspaceFolders: readonly string[] = [];

    /** `workerScript`: the bundled analysis-worker (out/server/analysis-worker.cjs). */
    constructor(private readonly workerScript: string, private readonly log: (message: string) => void = () => undefined) {}

    /** The report of the document's current version: cached, or started now (cancelling an older one). */
    report(document: LangiumDocument<Model>): Promise<AnalysisReport | undefined> {
        const key = document.uri.toString();
        const version = document.textDocument.version;
        const cached = this.entries.get(key);
        if (cached && cached.version === version && cached.missionHours === this.missionHours) return cached.report;
        cached?.controller.abort();
        const controller = new AbortController();
        const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(ANALYSIS_TIME_LIMIT_MS)]);
        const path = document.uri.fsPath;
        const workspaceRoot = this.workspaceFolders.filter(folder => path.startsWith(folder + sep)).sort((a, b) => b.length - a.length)[0];
        const report = this.enqueue({
            uri: key, text: document.textDocument.getText(), missionHours: this.missionHours, workspaceRoot, structureTimeLimitMs: STRUCTURE_TIME_LIMIT_MS,
            boundsTimeLimitMs: BOUNDS_TIME_LIMIT_MS
        }, signal);
        this.entries.set(key, { version, missionHours: this.missionHours, controller, report });
        return report;
    }

    /** The report if it is ready within `milliseconds` (or before `cancelled` fires), else undefined; the analysis goes on. */
    async reportWithin(document: LangiumDocument<Model>, milliseconds: number, cancelled?: Promise<void>): Promise<AnalysisReport | undefined> {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<undefined>(resolve => { timer = setTimeout(() => resolve(undefined), milliseconds); });
        try {
            return await Promise.race([this.report(document), deadline, ...(cancelled ? [cancelled.then(() => undefined)] : [])]);
        } finally {
            clearTimeout(timer);
        }
    }

    /** True when `version` is still the document's version and the one the cache holds. */
    isCurrent(document: LangiumDocument<Model>, version: number): boolean {
        return document.textDocument.version === version && this.entries.get(document.uri.toString())?.version === version;
    }

    forget(uri: string): void {
        this.entries.get(uri)?.controller.abort();
        this.entries.delete(uri);
    }

    private enqueue(job: AnalysisJob, signal: AbortSignal): Promise<AnalysisReport | undefined> {
        return new Promise(resolve => {
            const pending: PendingJob = { job, signal, resolve };
            signal.addEventListener('abort', () => this.cancel(pending), { once: true });
            this.queue.push(pending);
            this.next();
        });
    }

    private next(): void {
        if (this.active) return;
        const pending = this.queue.shift();
        if (!pending) return;
        const worker = this.idleWorker ?? this.startWorker();
        this.idleWorker = undefined;
        this.active = { worker, pending };
        worker.postMessage(pending.job);
    }

    private startWorker(): Worker {
        // Its diagrams recurse once per variable on a path: a stack of their size, not the default 4 MB.
        const worker = new Worker(this.workerScript, { resourceLimits: { stackSizeMb: DIAGRAM_STACK_MB } });
        worker.on('message', (result: AnalysisJobResult) => {
            if (this.active?.worker !== worker) return;
            const { pending } = this.active;
            this.active = undefined;
            this.idleWorker = worker;
            if ('error' in result) this.log(`Analysis of ${pending.job.uri} failed: ${result.error}`);
            pending.resolve('report' in result ? result.report : undefined);
            this.next();
        });
        worker.on('error', error => {
            this.log(`The analysis worker failed: ${error.stack ?? error.message}`);
            this.finishWithout(worker);
        });
        worker.on('exit', () => this.finishWithout(worker));
        return worker;
    }

    /** A worker that died or was terminated: its job gets no report, the next job a fresh worker. */
    private finishWithout(worker: Worker): void {
        if (this.idleWorker === worker) this.idleWorker = undefined;
        if (this.active?.worker !== worker) return;
        const { pending } = this.active;
        this.active = undefined;
        pending.resolve(undefined);
        this.next();
    }

    private cancel(pending: PendingJob): void {
        if (this.active?.pending === pending) {
            // The engine does not yield while it computes: stopping the thread is the only prompt cancellation.
            void this.active.worker.terminate();
            return;
        }
        const index = this.queue.indexOf(pending);
        if (index >= 0) this.queue.splice(index, 1);
        pending.resolve(undefined);
    }
}
