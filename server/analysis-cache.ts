/**
 * The figures of each open document, computed once per document version and mission time.
 * A newer version aborts the analysis of the older one; every analysis is time-boxed so a
 * pathological model cannot occupy the server for ever.
 */
import type { LangiumDocument } from 'langium';
import type { AnalysisReport } from '../engine/report.js';
import { analyzeDocument } from '../language/analysis.js';
import type { Model } from '../language/generated/ast.js';

/** An analysis taking longer than this is abandoned; the editor then shows no figures for that version. */
export const ANALYSIS_TIME_LIMIT_MS = 20_000;

interface CacheEntry {
    version: number;
    missionHours: number | undefined;
    controller: AbortController;
    report: Promise<AnalysisReport | undefined>;
}

export class AnalysisCache {
    private readonly entries = new Map<string, CacheEntry>();
    /** The `rel.missionTime` setting in hours, for files without a `mission`. */
    missionHours: number | undefined;

    constructor(private readonly log: (message: string) => void = () => undefined) {}

    /** The report of the document's current version: cached, or started now (aborting an older one). */
    report(document: LangiumDocument<Model>): Promise<AnalysisReport | undefined> {
        const key = document.uri.toString();
        const version = document.textDocument.version;
        const cached = this.entries.get(key);
        if (cached && cached.version === version && cached.missionHours === this.missionHours) return cached.report;
        cached?.controller.abort();
        const controller = new AbortController();
        const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(ANALYSIS_TIME_LIMIT_MS)]);
        const report = this.run(document, signal);
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

    /** True when `report` is still the analysis of the document's current version. */
    isCurrent(document: LangiumDocument<Model>, version: number): boolean {
        return document.textDocument.version === version && this.entries.get(document.uri.toString())?.version === version;
    }

    forget(uri: string): void {
        this.entries.get(uri)?.controller.abort();
        this.entries.delete(uri);
    }

    private async run(document: LangiumDocument<Model>, signal: AbortSignal): Promise<AnalysisReport | undefined> {
        // Let the caller's build finish first: the analysis reads the linked AST and must not block the keystroke.
        await new Promise(resolve => setImmediate(resolve));
        if (signal.aborted) return undefined;
        try {
            return await analyzeDocument(document, { missionHours: this.missionHours, signal });
        } catch (error) {
            if (!signal.aborted) this.log(`Analysis of ${document.uri.toString()} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            return undefined;
        }
    }
}
