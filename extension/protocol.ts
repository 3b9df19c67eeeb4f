/**
 * The custom requests between the Rel language server and its clients: the one file both sides import.
 * It depends on no LSP library (the server and the client each bundle their own copy of vscode-jsonrpc,
 * whose classes are not interchangeable), so a request is described by its method and its types only.
 */
import type { AnalysisReport } from '../engine/report.js';
import type { MarkovAnalysis } from '../engine/markov.js';
import type { SimulationResult } from '../engine/monte-carlo/simulate.js';

export type { AnalysisReport, SimulationResult };

/** The figures of one chain in `AnalysisReport.markov` (typed `unknown` there). */
export type MarkovFigures = Omit<MarkovAnalysis, 'ok' | 'problems'>;

/** A request method with its parameter and result types (the types exist only for the compiler). */
export interface RelRequest<Params, Result> {
    readonly method: string;
    readonly types?: { params: Params; result: Result };
}

export interface AnalyzeParams {
    /** The document URI, as the client knows it. */
    uri: string;
}

export interface SimulateParams {
    uri: string;
    /** A `simulate` block, or a system, top or markov chain to simulate with the default settings. */
    name: string;
    missions?: number;
    seed?: number;
    /** LSP work-done progress token: the server reports the fraction of missions done on it. */
    workDoneToken?: string | number;
}

export interface FaultTreeParams {
    uri: string;
    /** A top, gate or system. */
    name: string;
}

/** One node of a fault tree as drawn: a named gate, an operator inside an expression, or a basic event. */
export interface FaultTreeNode {
    /** What the box shows: a gate or event name, or the operator of an anonymous sub-expression. */
    label: string;
    kind: 'top' | 'gate' | 'system' | 'event' | 'operator';
    /** `and`, `or`, `2 of 3`, `not`, …; absent on events. */
    operator?: string;
    /** Failure probability over the mission, when the analysis gives one. */
    probability?: number;
    children: FaultTreeNode[];
}

export const analyzeRequest: RelRequest<AnalyzeParams, AnalysisReport> = { method: 'rel/analyze' };
export const simulateRequest: RelRequest<SimulateParams, SimulationResult> = { method: 'rel/simulate' };
export const faultTreeRequest: RelRequest<FaultTreeParams, FaultTreeNode | null> = { method: 'rel/faultTree' };

/** Command identifiers, shared by the server's code lenses and the extension's command handlers. */
export const Commands = {
    runMonteCarlo: 'rel.runMonteCarlo',
    showMarkov: 'rel.showMarkov',
    showFaultTree: 'rel.showFaultTree',
    showSensitivity: 'rel.showSensitivity',
    exportResults: 'rel.exportResults'
} as const;

/** Arguments of a command sent from a code lens: the document and the declaration under it. */
export interface DeclarationCommandArgs {
    uri: string;
    name: string;
}
