import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Model } from '../language/generated/ast.js';
import { createRelServices } from '../language/rel-module.js';
import { documentDiagnostics } from '../language/analysis.js';
import { readOpenPsa } from '../openpsa/reader.js';
import type { ReliabilityModel } from '../engine/model.js';
import type { DiagnosticReport } from '../engine/report.js';

/** A wrong command line or a file that cannot be read: exit status 2. */
export class UsageError extends Error {}

/** `displayPath` is relative to the current directory when the file lies inside it, else absolute. */
export type LoadedModel =
    | { kind: 'rel'; path: string; displayPath: string; document: LangiumDocument<Model>; diagnostics: DiagnosticReport[] }
    | {
        kind: 'openpsa'; path: string; displayPath: string; model: ReliabilityModel; diagnostics: DiagnosticReport[];
        /** Line and column of each gate's and event's definition, where the analysis's problems are reported. */
        definitions: Map<string, { line: number; column: number }>;
    };

let services: ReturnType<typeof createRelServices> | undefined;

/** The Langium services, created on first use (an Open-PSA run never needs them). */
export function relServices() {
    services ??= createRelServices(NodeFileSystem);
    return services;
}

async function readText(file: string): Promise<{ path: string; displayPath: string; text: string }> {
    const path = resolve(file);
    let info;
    try {
        info = await stat(path);
    } catch {
        throw new UsageError(`cannot read '${file}': no such file`);
    }
    if (!info.isFile()) throw new UsageError(`cannot read '${file}': not a file`);
    try {
        const text = await readFile(path, 'utf8');
        const shown = relative(process.cwd(), path);
        return { path, displayPath: shown.startsWith('..') ? path : shown, text };
    } catch (error) {
        throw new UsageError(`cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
}

/** Parses and validates a `.rel` file (its validation diagnostics included). */
export async function readRelFile(file: string): Promise<LoadedModel> {
    const { path, displayPath, text } = await readText(file);
    const { shared } = relServices();
    const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.file(path));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return { kind: 'rel', path, displayPath, document, diagnostics: documentDiagnostics(document) };
}

/** Reads an Open-PSA MEF file into the engine model. */
export async function readOpenPsaFile(file: string): Promise<LoadedModel> {
    const { path, displayPath, text } = await readText(file);
    const { model, diagnostics, definitions } = readOpenPsa(text, displayPath);
    return { kind: 'openpsa', path, displayPath, model, diagnostics, definitions };
}
