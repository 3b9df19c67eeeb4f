/**
 * Hover: anywhere on a declaration (or on a name that refers to one), its figures; on a probability
 * or percentage literal, its nines and the downtime per year it stands for.
 */
import { CstUtils, type AstNode, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { AstNodeHoverProvider, type LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { downtimeHoursPerYear } from '../engine/figures.js';
import { formatHours, formatPercent } from '../engine/format.js';
import {
    isCommonCause, isComponent, isComponentProperty, isDiagnosis, isGate, isHypothesis, isIncidents, isMarkov, isProbability,
    isQuantity, isRequirement, isSimulation, isSimulationSetting, isState, isSystem, type Model, type Quantity, type Probability
} from '../language/generated/ast.js';
import type { AnalysisCache } from './analysis-cache.js';
import { declarationMarkdown, formatProbability, ninesText } from './figures-markdown.js';

/** A hover waits this long for figures that are still being computed. */
const HOVER_WAIT_MS = 3000;

function isDescribed(node: AstNode): boolean {
    return isComponent(node) || isSystem(node) || isGate(node) || isMarkov(node) || isState(node) || isDiagnosis(node)
        || isHypothesis(node) || isIncidents(node) || isSimulation(node) || isRequirement(node);
}

/** What a probability literal means where it is written: a chance of working, or of failing. */
type LiteralMeaning = 'success' | 'failure' | 'plain';

function literalMeaning(literal: Quantity | Probability): LiteralMeaning | undefined {
    const container = literal.$container;
    if (isComponentProperty(container)) {
        if (container.kind === 'reliability' || container.kind === 'availability') return 'success';
        if (container.kind === 'probability') return 'failure';
        return undefined;
    }
    if (isRequirement(container)) {
        if (container.metric === 'reliability' || container.metric === 'availability') return 'success';
        if (container.metric === 'probability') return 'failure';
        return undefined;
    }
    if (isCommonCause(container) || isSimulationSetting(container) || isHypothesis(container)) return 'plain';
    return undefined;
}

/** The Markdown for a probability literal, or undefined when the literal is not one. */
export function literalMarkdown(literal: Quantity | Probability): string | undefined {
    if (isQuantity(literal) && (literal.unit !== undefined || literal.per)) return undefined;
    const meaning = literalMeaning(literal);
    if (!meaning) return undefined;
    const probability = literal.percent ? literal.value / 100 : literal.value;
    if (!(probability >= 0 && probability <= 1)) return undefined;
    const working = meaning === 'failure' ? 1 - probability : probability;
    const lines = [`**${formatProbability(probability)}** = ${formatPercent(probability)}`];
    const subject = meaning === 'failure' ? `As a failure probability, the survival is ${formatPercent(working)}: ` : meaning === 'plain' ? 'Read as an availability: ' : '';
    lines.push(`${subject}${ninesText(working)} · downtime ${formatHours(downtimeHoursPerYear(working))} per year`);
    return lines.join('\n\n');
}

export class RelHoverProvider extends AstNodeHoverProvider {
    constructor(services: LangiumServices, private readonly analysis: AnalysisCache) {
        super(services);
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult?.value?.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf) return undefined;
        const literal = leaf.astNode;
        if ((isQuantity(literal) || isProbability(literal)) && leaf.tokenType.name !== 'ID') {
            const markdown = literalMarkdown(literal);
            return markdown ? this.hover(markdown, leaf) : undefined;
        }
        const declaration = this.declarationAt(leaf);
        if (!declaration) return undefined;
        const report = await this.analysis.reportWithin(document as LangiumDocument<Model>, HOVER_WAIT_MS);
        const markdown = report ? declarationMarkdown(declaration, report) : undefined;
        return markdown ? this.hover(markdown) : undefined;
    }

    /** The declaration a name refers to, or the declaration the cursor is in. */
    private declarationAt(leaf: CstNode): AstNode | undefined {
        const referenced = this.references.findDeclarations(leaf).find(isDescribed);
        if (referenced) return referenced;
        let node: AstNode | undefined = leaf.astNode;
        while (node && !isDescribed(node)) node = node.$container;
        return node;
    }

    private hover(markdown: string, leaf?: CstNode): Hover {
        return { contents: { kind: 'markdown', value: markdown }, ...(leaf ? { range: leaf.range } : {}) };
    }

    protected override getAstNodeHoverContent(): MaybePromise<string | undefined> {
        return undefined;
    }
}
