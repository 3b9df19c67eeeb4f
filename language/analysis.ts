/**
 * Analysis of a parsed `.rel` document: AST → engine model → figures, with the problems the engine
 * finds (unmet requirements, unreadable incident logs, …) turned into diagnostics on the right node.
 * Shared by the command line and the language server.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { AstUtils, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isRequirement, type Model } from './generated/ast.js';
import { buildModel, declarationsByName, DEFAULT_CONFIDENCE, DEFAULT_SIMULATION_MISSIONS, missionHoursOf } from './model-builder.js';
import { analyzeModel, exactSimulationFigure } from '../engine/analyze.js';
import { simulate, type SimulationResult } from '../engine/monte-carlo/simulate.js';
import { resolveIncidentPath } from '../engine/incidents.js';
import type { AnalysisReport, DiagnosticReport } from '../engine/report.js';
import type { ReliabilityModel, SimulationModel, StructureModel } from '../engine/model.js';

export interface AnalyzeDocumentOptions {
    /** Overrides the file's `mission`. */
    missionHours?: number;
    /** Incident logs must lie inside this folder (default: the model file's folder). */
    workspaceRoot?: string;
    /** Time for the fault trees and block diagrams together (default: none); see AnalyzeInputs. */
    structureTimeLimitMs?: number;
    /** Time for certified bounds on the tops left unsolved (default: none, no bounds); see AnalyzeInputs. */
    boundsTimeLimitMs?: number;
    /** Model counting for gates and tops whose diagram does not fit (default true); see AnalyzeInputs. */
    modelCounting?: boolean;
}

const SEVERITY: Record<number, DiagnosticReport['severity']> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' };

function toReport(d: Diagnostic): DiagnosticReport {
    return {
        severity: SEVERITY[d.severity ?? 1], line: d.range.start.line + 1, column: d.range.start.character + 1,
        endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        ...(d.code === undefined ? {} : { code: String(d.code) })
    };
}

/** Lexer, parser, linker and validation diagnostics of a built document, 1-based, in source order. */
export function documentDiagnostics(document: LangiumDocument): DiagnosticReport[] {
    return (document.diagnostics ?? []).map(toReport).sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A diagnostic on a node, on its `name` when it has one. */
function diagnosticAt(node: AstNode | undefined, severity: DiagnosticReport['severity'], message: string, code?: string): DiagnosticReport {
    const cst = (node && GrammarUtils.findNodeForProperty(node.$cstNode, 'name')) ?? node?.$cstNode;
    const range = cst?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return {
        severity, line: range.start.line + 1, column: range.start.character + 1,
        endLine: range.end.line + 1, endColumn: range.end.character + 1, message, ...(code ? { code } : {})
    };
}

/** The model of a document, with the `mission` override applied. */
export function documentModel(document: LangiumDocument<Model>, missionHours?: number): ReliabilityModel {
    const model = buildModel(document.parseResult.value);
    if (missionHours !== undefined) model.missionHours = missionHours;
    return model;
}

/** Reads each incident log that lies inside the workspace; a path that escapes it (even through a link) is refused unread. */
function readIncidentLogs(model: ReliabilityModel, documentPath: string, workspaceRoot: string) {
    const logs = new Map<string, { text: string } | { error: string }>();
    for (const log of model.incidents) {
        const resolved = resolveIncidentPath(documentPath, log.path, workspaceRoot);
        if ('error' in resolved) {
            logs.set(log.name, resolved);
            continue;
        }
        try {
            const real = resolveIncidentPath(documentPath, realpathSync(resolved.path), realpathSync(workspaceRoot));
            logs.set(log.name, 'error' in real ? real : { text: readFileSync(real.path, 'utf8') });
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            logs.set(log.name, { error: `cannot read the incident log "${log.path}": ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}` });
        }
    }
    return logs;
}

/** Every figure of the document, and its diagnostics: validation, analysis problems, unmet requirements. */
export function analyzeDocument(document: LangiumDocument<Model>, options: AnalyzeDocumentOptions = {}): AnalysisReport {
    const root = document.parseResult.value;
    const diagnostics = documentDiagnostics(document);
    const file = document.uri.fsPath;
    try {
        const model = documentModel(document, options.missionHours);
        const { problems, missionHours, ...figuresByKind } = analyzeModel(model, {
            incidentLogs: readIncidentLogs(model, file, options.workspaceRoot ?? dirname(file)),
            structureTimeLimitMs: options.structureTimeLimitMs,
            boundsTimeLimitMs: options.boundsTimeLimitMs,
            modelCounting: options.modelCounting
        });
        const declarations = declarationsByName(root);
        for (const problem of problems) {
            diagnostics.push(diagnosticAt(declarations.get(problem.subject), problem.severity, problem.message));
        }
        const requirementNodes = AstUtils.streamAst(root).filter(isRequirement).toArray();
        for (const requirement of figuresByKind.requirements.filter(r => !r.met)) {
            const node = requirementNodes.find(r => r.$cstNode && r.$cstNode.range.start.line + 1 === requirement.line);
            diagnostics.push(diagnosticAt(node, 'error', requirement.message, 'requirement-not-met'));
        }
        return { file, missionHours, diagnostics, ...figuresByKind };
    } catch (error) {
        // The engine refuses what it cannot compute; the document still gets its other diagnostics.
        diagnostics.push(diagnosticAt(root, 'error', `the analysis failed: ${(error as Error).message}`));
        return {
            file, missionHours: options.missionHours ?? missionHoursOf(root), diagnostics, components: {}, systems: {}, tops: {}, bounds: {},
            gates: {}, markov: {}, cascades: {}, diagnoses: {}, incidents: {}, requirements: []
        };
    }
}

export interface SimulateDocumentOptions {
    missions?: number;
    seed?: number;
    /** The bundled Monte Carlo worker (out/monte-carlo-worker.mjs); without it the run stays in-process. */
    workerScript?: string | URL;
    missionHours?: number;
    onProgress?: (fraction: number) => void;
    signal?: AbortSignal;
    /** Time the exact value beside the estimate may take (default EXACT_COMPARISON_TIME_LIMIT_MS). */
    exactTimeLimitMs?: number;
}

/**
 * Runs the `simulate` block `name` of the document — or, when `name` is a system, top or chain, a run of it
 * with the default settings — with the exact value beside it when the engine has one.
 */
export async function simulateDocument(document: LangiumDocument<Model>, name: string, options: SimulateDocumentOptions = {}): Promise<SimulationResult> {
    return simulateModel(documentModel(document, options.missionHours), name, options);
}

/** simulateDocument on a model already built (e.g. once for several runs); a default run is added to its simulations. */
export async function simulateModel(model: ReliabilityModel, name: string, options: Omit<SimulateDocumentOptions, 'missionHours'> = {}): Promise<SimulationResult> {
    const simulation = model.simulations.find(s => s.name === name) ?? defaultSimulation(model, name);
    if (!simulation) throw new Error(`'${name}' is neither a simulate block nor a system, top or markov chain`);
    if (!model.simulations.includes(simulation)) model.simulations.push(simulation);
    // Workers cost tens of milliseconds to start: worth it only for large runs.
    const missions = options.missions ?? simulation.missions;
    const threads = options.workerScript && missions >= 1_000_000 ? Math.min(availableParallelism(), 4) : 1;
    const { exact, unavailable, moduleSplit } = exactSimulationFigure(model, simulation, undefined, options.exactTimeLimitMs);
    const result = await simulate(model, name, {
        missions: options.missions, seed: options.seed, onProgress: options.onProgress, signal: options.signal,
        threads, workerScript: options.workerScript, exact, moduleSplit
    });
    if (unavailable) result.notes.push(unavailable);
    return result;
}

/**
 * Names a run can be asked for: the `simulate` blocks, the systems, tops and chains run with the defaults
 * of one, and the gates, run as top events when named.
 */
export function simulationNames(model: ReliabilityModel): { blocks: string[]; declarations: string[]; gates: string[] } {
    return {
        blocks: model.simulations.map(s => s.name),
        declarations: [...model.structures.filter(runsByDefault).map(s => s.name), ...model.markov.map(m => m.name)],
        gates: model.structures.filter(s => !runsByDefault(s)).map(s => s.name)
    };
}

/** A system or top (not an intermediate gate) runs without a `simulate` block of its own. */
function runsByDefault(structure: StructureModel): structure is StructureModel & { kind: 'system' | 'top' } {
    return structure.kind !== 'gate';
}

/**
 * A run of a system, top, gate (as a top event) or chain with the defaults of a `simulate` block, for
 * "▶ Run Monte Carlo" on a declaration and `rel simulate FILE NAME`.
 */
function defaultSimulation(model: ReliabilityModel, name: string): SimulationModel | undefined {
    const structure = model.structures.find(s => s.name === name);
    const kind = structure ? (runsByDefault(structure) ? structure.kind : 'top') : model.markov.some(m => m.name === name) ? 'markov' : undefined;
    if (!kind) return undefined;
    return {
        name, target: { kind, name }, missions: DEFAULT_SIMULATION_MISSIONS, horizonHours: model.missionHours, confidence: DEFAULT_CONFIDENCE
    };
}
