/**
 * `rel-language-server`: the Rel language server over stdio (`--stdio`) or Node IPC (`--node-ipc`,
 * as VS Code starts it); the transport is chosen from the command line by vscode-languageserver.
 */
import { join } from 'node:path';
import { URI } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createRelServices } from '../language/rel-module.js';
import { AnalysisCache } from './analysis-cache.js';
import { registerCustomRequests } from './custom-requests.js';
import { missionHoursSetting } from './settings.js';
import { createRelServerModule } from './rel-server-module.js';

const connection = createConnection(ProposedFeatures.all);
// The worker is bundled beside this file (out/server/analysis-worker.cjs); this file runs as CommonJS.
const analysis = new AnalysisCache(join(__dirname, 'analysis-worker.cjs'), message => connection.console.error(message));

// A bug in one request must not take the editor's language support down with it.
process.on('uncaughtException', error => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', reason => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));

const { shared } = createRelServices({ connection, ...NodeFileSystem }, createRelServerModule(analysis));
registerCustomRequests(connection, shared, analysis);
shared.lsp.LanguageServer.onInitialize(params => {
    analysis.workspaceFolders = (params.workspaceFolders ?? []).map(folder => URI.parse(folder.uri).fsPath);
});
shared.workspace.TextDocuments.onDidClose(event => analysis.forget(event.document.uri));
/** Applies the `rel` settings section; figures, code lenses and requirement diagnostics depend on the mission time. */
function applySettings(section: unknown): void {
    const missionHours = missionHoursSetting(section);
    if (missionHours === analysis.missionHours) return;
    analysis.missionHours = missionHours;
    const open = shared.workspace.LangiumDocuments.all.map(document => document.uri).toArray();
    void shared.workspace.DocumentBuilder.update(open, []);
}
const configuration = shared.workspace.ConfigurationProvider;
// The first settings arrive with `initialized` (no update event for them; getConfiguration waits for them); later ones as updates.
void configuration.getConfiguration('rel', 'missionTime').then(missionTime => applySettings({ missionTime }));
configuration.onConfigurationSectionUpdate(update => {
    if (update.section === 'rel') applySettings(update.configuration);
});
startLanguageServer(shared);
