/**
 * The language server's additions to the Rel services: figures in hovers, code lenses and diagnostics,
 * and the editing helpers (semantic tokens, formatting, quick fixes, unit completion).
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { RelServices } from '../language/rel-module.js';
import type { AnalysisCache } from './analysis-cache.js';
import { RelCodeActionProvider } from './code-actions.js';
import { RelCodeLensProvider } from './code-lens-provider.js';
import { RelCompletionProvider } from './completion-provider.js';
import { RelDocumentValidator } from './document-validator.js';
import { RelFormatter } from './formatter.js';
import { RelHoverProvider } from './hover-provider.js';
import { RelSemanticTokenProvider } from './semantic-tokens.js';

export function createRelServerModule(analysis: AnalysisCache): Module<RelServices, PartialLangiumServices> {
    return {
        lsp: {
            HoverProvider: services => new RelHoverProvider(services, analysis),
            CodeLensProvider: () => new RelCodeLensProvider(analysis),
            CodeActionProvider: () => new RelCodeActionProvider(),
            CompletionProvider: services => new RelCompletionProvider(services),
            Formatter: () => new RelFormatter(),
            SemanticTokenProvider: services => new RelSemanticTokenProvider(services)
        },
        validation: {
            DocumentValidator: services => new RelDocumentValidator(services, analysis)
        }
    };
}
