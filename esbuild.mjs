// Bundles the command line, the language server, the VS Code extension, its webview script and the
// end-to-end test suite into out/. `node esbuild.mjs extension` builds only what the extension needs.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };
const esmBanner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };
// VS Code 1.90 runs extensions on Node 20.
const extensionHost = { ...common, format: 'cjs', target: 'node20', external: ['vscode'] };

// cli/launch.ts starts out/cli/main.mjs on a worker thread (or imports it, for simulate): two bundles.
const cli = () => build({ ...common, entryPoints: ['cli/main.ts', 'cli/launch.ts'], outdir: 'out/cli', outExtension: { '.js': '.mjs' }, format: 'esm', banner: esmBanner });
const extension = () => [
    build({ ...common, entryPoints: ['server/main.ts', 'server/analysis-worker.ts'], outdir: 'out/server', outExtension: { '.js': '.cjs' }, format: 'cjs' }),
    // Monte Carlo worker threads load this file (SimulateOptions.workerScript): out/cli/… and out/server/… reach it as ../monte-carlo-worker.mjs.
    build({ ...common, entryPoints: ['engine/monte-carlo/worker.ts'], outfile: 'out/monte-carlo-worker.mjs', format: 'esm', banner: esmBanner }),
    build({ ...extensionHost, entryPoints: ['extension/main.ts'], outfile: 'out/extension/main.cjs' }),
    build({
        ...common, platform: 'browser', format: 'iife', target: 'es2022',
        entryPoints: { main: 'extension/webview/main.ts', 'main-style': 'extension/webview/main.css' },
        outdir: 'out/webview', entryNames: '[name]', sourcemap: false
    }),
    // The suite runs inside VS Code's extension host; mocha is loaded from node_modules there.
    build({ ...extensionHost, entryPoints: ['test/e2e/index.ts', 'test/e2e/extension.e2e.ts'], outdir: 'out/test/e2e', outExtension: { '.js': '.cjs' }, external: ['vscode', 'mocha'] })
];

const only = process.argv[2];
await Promise.all(only === 'extension' ? extension() : [cli(), ...extension()]);
