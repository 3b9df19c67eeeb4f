/**
 * Code lenses: a summary and `▶ Run Monte Carlo` over each system, top and Markov chain, the verdict
 * over each requirement, `▶ Run` over each simulation. Commands are run by the client (see protocol.ts).
 */
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, Command, Range } from 'vscode-languageserver';
import { Commands, type DeclarationCommandArgs } from '../extension/protocol.js';
import { isGate, isMarkov, isRequirement, isSimulation, isSystem, type Model } from '../language/generated/ast.js';
import type { AnalysisCache } from './analysis-cache.js';
import { requirementReportOf, requirementVerdict, summaryLine } from './figures-markdown.js';

/** Code lenses wait this long for figures still being computed, then show the commands alone. */
const CODE_LENS_WAIT_MS = 5000;

function command(title: string, id: string, uri: string, name: string): Command {
    const args: DeclarationCommandArgs = { uri, name };
    return { title, command: id, arguments: [args] };
}

/** A lens that only shows text: an empty command id makes it inert in VS Code. */
function label(title: string): Command {
    return { title, command: '' };
}

export class RelCodeLensProvider implements CodeLensProvider {
    constructor(private readonly analysis: AnalysisCache) {}

    async provideCodeLens(document: LangiumDocument): Promise<CodeLens[]> {
        const model = document as LangiumDocument<Model>;
        const uri = document.uri.toString();
        const report = await this.analysis.reportWithin(model, CODE_LENS_WAIT_MS);
        const lenses: CodeLens[] = [];
        const add = (range: Range, lensCommand: Command) => lenses.push({ range, command: lensCommand });
        for (const declaration of model.parseResult.value.declarations) {
            const range = declaration.$cstNode?.range;
            if (!range) continue;
            const summary = report ? summaryLine(declaration, report) : undefined;
            if (isSystem(declaration) || (isGate(declaration) && declaration.kind === 'top') || isMarkov(declaration)) {
                if (summary) add(range, label(summary));
                add(range, command('▶ Run Monte Carlo', Commands.runMonteCarlo, uri, declaration.name));
                if (isMarkov(declaration)) add(range, command('Show Markov evolution', Commands.showMarkov, uri, declaration.name));
                else add(range, command('Show fault tree', Commands.showFaultTree, uri, declaration.name));
            } else if (isGate(declaration)) {
                if (summary) add(range, label(summary));
            } else if (isSimulation(declaration)) {
                add(range, command('▶ Run', Commands.runMonteCarlo, uri, declaration.name));
            } else if (isRequirement(declaration) && report) {
                const requirement = requirementReportOf(declaration, report);
                if (requirement) add(range, label(requirementVerdict(requirement)));
            }
        }
        return lenses;
    }
}
