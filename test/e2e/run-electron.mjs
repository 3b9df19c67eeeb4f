#!/usr/bin/env node
/**
 * Launcher B for the end-to-end suite: @vscode/test-electron downloads desktop VS Code (or uses
 * VSCODE_EXECUTABLE) and runs the same mocha suite as launcher A. For machines that can reach
 * update.code.visualstudio.com; this one cannot, so `npm run test:e2e` uses launcher A.
 *   node esbuild.mjs extension && node test/e2e/run-electron.mjs
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const reportFile = join(repo, '.vscode-test', 'electron-report.json');
mkdirSync(dirname(reportFile), { recursive: true });

let exitCode = 0;
try {
    await runTests({
        extensionDevelopmentPath: repo,
        extensionTestsPath: join(repo, 'out', 'test', 'e2e', 'index.cjs'),
        launchArgs: [join(repo, 'test', 'e2e', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
        extensionTestsEnv: { REL_E2E_REPORT: reportFile },
        ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {})
    });
} catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    exitCode = 1;
}
if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    console.log(`${report.passes.length} passed, ${report.failures.length} failed`);
} else {
    console.log('0 passed, 1 failed');
    exitCode = 1;
}
process.exitCode = exitCode;
