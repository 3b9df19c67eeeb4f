/**
 * The language server's additions to the Rel services: figures in hovers, code lenses and diagnostics,
 * and the editing helpers (semantic tokens, formatting, quick fixes, unit completion).
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { RelServices } from '../language/rel-module.js';
import type { AnalysisCache } from './analysis-cache.js';
import { RelCodeLensProvider } from './code-lens-provider.js';
import { RelDocumentValidator } from './document-validator.js';
import { RelHoverProvider } from './hover-provider.js';

export function createRelServerModule(analysis: AnalysisCache): Module<RelServices, PartialLangiumServices> {
    return {
        lsp: {
            HoverProvider: services => new RelHoverProvider(services, analysis),
            CodeLensProvider: () => new RelCodeLensProvider(analysis)
        },
        validation: {
            DocumentValidator: services => new RelDocumentValidator(services, analysis)
        }
    };
}
