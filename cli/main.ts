import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { readRelFile, readOpenPsaFile, UsageError, type LoadedModel } from './load.js';
import { analyzeLoaded, simulateLoaded, importOpenPsa } from './commands.js';
import { formatDiagnostic, textReport, simulationTextReport } from './text-report.js';
import { ProgressBar } from './progress.js';

const USAGE = `Usage:
  rel check FILE…                          diagnostics as FILE:LINE:COL: severity: message
  rel analyze FILE [--json] [--mission D] [--time-limit S]
                                           every figure of every declaration; fault trees and
                                           block diagrams get S seconds in all (default 60), and
                                           tops left unsolved S more for certified bounds
  rel simulate FILE [NAME] [--missions N] [--seed S] [--json]
  rel import FILE.xml [-o OUT.rel]          Open-PSA MEF fault tree → .rel

FILE is a .rel model or an Open-PSA MEF .xml file (check, analyze, simulate: its top by default).
Exit status: 0 success, 1 the model has errors or a requirement is not met, 2 usage error or unreadable file.`;

/**
 * Seconds `rel analyze` gives the fault trees and block diagrams of a model in all, unless --time-limit says
 * otherwise; the tops they leave unsolved get as many again for certified bounds.
 */
const DEFAULT_STRUCTURE_SECONDS = 60;

/** Runs one command; returns the exit status. Never throws. */
export async function main(argv: string[]): Promise<number> {
    try {
        return await run(argv);
    } catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(`rel: ${error.message}\n`);
            return 2;
        }
        // An internal fault: say what happened in one line, without a stack trace.
        process.stderr.write(`rel: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        return 2;
    }
}

async function run(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
        process.stdout.write(USAGE + '\n');
        return command ? 0 : 2;
    }
    switch (command) {
        case 'check': return check(rest);
        case 'analyze': return analyze(rest);
        case 'simulate': return simulate(rest);
        case 'import': return importCommand(rest);
        default: throw new UsageError(`unknown command '${command}'\n${USAGE}`);
    }
}

function parse<T extends ParseArgsOptionsConfig>(args: string[], options: T) {
    try {
        return parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError(`${(error as Error).message}\n${USAGE}`);
    }
}

async function load(file: string): Promise<LoadedModel> {
    if (file.toLowerCase().endsWith('.xml')) return readOpenPsaFile(file);
    if (file.endsWith('.rel')) return readRelFile(file);
    throw new UsageError(`cannot read '${file}': rel reads .rel models and Open-PSA MEF .xml files`);
}

function printDiagnostics(loaded: LoadedModel, diagnostics = loaded.diagnostics): boolean {
    let hasErrors = false;
    for (const diagnostic of diagnostics) {
        process.stderr.write(formatDiagnostic(loaded.displayPath, diagnostic) + '\n');
        hasErrors ||= diagnostic.severity === 'error';
    }
    return hasErrors;
}

async function check(args: string[]): Promise<number> {
    const { positionals } = parse(args, {});
    if (positionals.length === 0) throw new UsageError(`check needs at least one FILE\n${USAGE}`);
    let status = 0;
    for (const file of positionals) {
        let loaded: LoadedModel;
        try {
            loaded = await load(file);
        } catch (error) {
            if (!(error instanceof UsageError)) throw error;
            process.stderr.write(`rel: ${error.message}\n`);
            status = 2;
            continue;
        }
        if (printDiagnostics(loaded) && status === 0) status = 1;
    }
    return status;
}

async function analyze(args: string[]): Promise<number> {
    const { positionals, values } = parse(args, { json: { type: 'boolean' }, mission: { type: 'string' }, 'time-limit': { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError(`analyze needs exactly one FILE\n${USAGE}`);
    const seconds = values['time-limit'] === undefined ? DEFAULT_STRUCTURE_SECONDS : positiveNumber('--time-limit', values['time-limit']);
    const loaded = await load(positionals[0]);
    const report = await analyzeLoaded(loaded, { mission: values.mission, structureTimeLimitMs: seconds * 1000, boundsTimeLimitMs: seconds * 1000 });
    if (values.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        printDiagnostics(loaded, report.diagnostics);
    } else {
        printDiagnostics(loaded, report.diagnostics);
        process.stdout.write(textReport(report));
    }
    return report.diagnostics.some(d => d.severity === 'error') ? 1 : 0;
}

async function simulate(args: string[]): Promise<number> {
    const { positionals, values } = parse(args, {
        json: { type: 'boolean' }, missions: { type: 'string' }, seed: { type: 'string' }
    });
    if (positionals.length < 1 || positionals.length > 2) throw new UsageError(`simulate needs FILE and an optional NAME\n${USAGE}`);
    const missions = values.missions === undefined ? undefined : positiveInteger('--missions', values.missions);
    const seed = values.seed === undefined ? undefined : nonNegativeInteger('--seed', values.seed);
    const loaded = await load(positionals[0]);
    if (printDiagnostics(loaded)) return 1;
    const bar = process.stderr.isTTY && !values.json ? new ProgressBar(process.stderr) : undefined;
    const abort = new AbortController();
    const onInterrupt = () => abort.abort();
    process.once('SIGINT', onInterrupt);
    try {
        const results = await simulateLoaded(loaded, positionals[1], {
            missions, seed, signal: abort.signal, onProgress: bar ? (name, fraction) => bar.update(name, fraction) : undefined
        });
        bar?.done();
        if (values.json) {
            process.stdout.write(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
        } else {
            for (const result of results) process.stdout.write(simulationTextReport(result));
        }
        return 0;
    } finally {
        process.off('SIGINT', onInterrupt);
    }
}

async function importCommand(args: string[]): Promise<number> {
    const { positionals, values } = parse(args, { output: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new UsageError(`import needs exactly one FILE.xml\n${USAGE}`);
    const loaded = await readOpenPsaFile(positionals[0]);
    const hasErrors = printDiagnostics(loaded);
    if (hasErrors) return 1;
    await importOpenPsa(loaded, values.output);
    return 0;
}

function positiveInteger(flag: string, text: string): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} must be a positive integer, not '${text}'`);
    return value;
}

function positiveNumber(flag: string, text: string): number {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number, not '${text}'`);
    return value;
}

function nonNegativeInteger(flag: string, text: string): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be a non-negative integer, not '${text}'`);
    return value;
}

// Run by cli/launch.ts, which handles a reader that stops early (EPIPE).
process.exitCode = await main(process.argv.slice(2));
