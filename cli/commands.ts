import { writeFile } from 'node:fs/promises';
import type { LoadedModel } from './load.js';
import { UsageError } from './load.js';
import { analyzeDocument, documentModel, simulateModel, simulationNames } from '../language/analysis.js';
import { durationHours } from '../language/units.js';
import { analyzeModel } from '../engine/analyze.js';
import type { AnalysisReport } from '../engine/report.js';
import type { SimulationResult } from '../engine/monte-carlo/simulate.js';
import { openPsaToRel } from '../openpsa/to-rel.js';

/** `--mission 2y`, `--mission "6 months"` → hours. */
export function parseMission(text: string): number {
    const match = /^\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]+)\s*$/.exec(text);
    if (!match) throw new UsageError(`--mission needs a duration such as '1 year' or '8760h', not '${text}'`);
    const result = durationHours({ value: Number(match[1]), unit: match[2], percent: false, per: false });
    if ('problem' in result) throw new UsageError(`--mission: ${result.problem.message}`);
    if (!(result.value > 0)) throw new UsageError('--mission must be positive');
    return result.value;
}

/** The report of `rel analyze` for a `.rel` or an Open-PSA file. */
export interface AnalyzeOptions {
    mission?: string;
    /** Time for the fault trees and block diagrams together. */
    structureTimeLimitMs?: number;
    /** Time for certified bounds on the tops left unsolved. */
    boundsTimeLimitMs?: number;
}

export async function analyzeLoaded(loaded: LoadedModel, options: AnalyzeOptions): Promise<AnalysisReport> {
    const missionHours = options.mission === undefined ? undefined : parseMission(options.mission);
    const file = loaded.displayPath;
    if (loaded.kind === 'rel') {
        // Incident logs must lie inside the folder the command runs in, or beside the model when it is outside.
        const inCwd = file !== loaded.path;
        const report = analyzeDocument(loaded.document, {
            missionHours, workspaceRoot: inCwd ? process.cwd() : undefined, structureTimeLimitMs: options.structureTimeLimitMs,
            boundsTimeLimitMs: options.boundsTimeLimitMs
        });
        return { ...report, file };
    }
    const model = { ...loaded.model, missionHours: missionHours ?? loaded.model.missionHours };
    const { problems, missionHours: mission, ...figures } = analyzeModel(model, {
        structureTimeLimitMs: options.structureTimeLimitMs, boundsTimeLimitMs: options.boundsTimeLimitMs
    });
    const diagnostics = [...loaded.diagnostics,
        ...problems.map(p => ({ severity: p.severity, ...loaded.definitions.get(p.subject) ?? { line: 1, column: 1 }, message: `${p.subject}: ${p.message}` }))];
    return { file, missionHours: mission, diagnostics, ...figures };
}

export interface SimulateOptions {
    missions?: number;
    seed?: number;
    signal?: AbortSignal;
    onProgress?: (name: string, fraction: number) => void;
}

/** Runs one named simulation, or every simulation of the file when no name is given. */
export async function simulateLoaded(loaded: LoadedModel, name: string | undefined, options: SimulateOptions): Promise<SimulationResult[]> {
    // An Open-PSA file has no simulate blocks: its top is run with the defaults of one.
    const model = loaded.kind === 'rel' ? documentModel(loaded.document) : loaded.model;
    const { blocks: names, declarations: targets, gates } = simulationNames(model);
    if (name !== undefined && !names.includes(name) && !targets.includes(name) && !gates.includes(name)) {
        const known = [...names, ...targets].join(', ') + (gates.length ? ` and ${gates.length} gate${gates.length === 1 ? '' : 's'}` : '');
        throw new UsageError(`there is no simulate block, system, top, gate or chain named '${name}'${known ? ` (there is: ${known})` : ''}`);
    }
    const defaults = loaded.kind === 'openpsa' ? targets : names;
    if (name === undefined && defaults.length === 0) throw new UsageError(`${loaded.displayPath} has no simulate block; name a system, top or chain to simulate`);
    const results: SimulationResult[] = [];
    for (const each of name === undefined ? defaults : [name]) {
        results.push(await simulateModel(model, each, {
            missions: options.missions, seed: options.seed, signal: options.signal,
            workerScript: new URL('../monte-carlo-worker.mjs', import.meta.url),
            onProgress: options.onProgress ? fraction => options.onProgress!(each, fraction) : undefined
        }));
    }
    return results;
}

/** `rel import`: the `.rel` text of an Open-PSA model, to a file or to stdout. */
export async function importOpenPsa(loaded: LoadedModel, output: string | undefined): Promise<void> {
    if (loaded.kind !== 'openpsa') throw new UsageError('import needs an Open-PSA MEF .xml file');
    const text = openPsaToRel(loaded.model, { sourceName: loaded.displayPath });
    if (output === undefined) process.stdout.write(text);
    else await writeFile(output, text);
}
