#!/usr/bin/env node
/**
 * `npm run test:e2e` (launcher A; launcher B is run-electron.mjs). Two phases in a real VS Code
 * (see code-server.mjs for how it is obtained offline):
 *  1. the mocha suite (extension.e2e.ts) inside the extension host, extension loaded from this folder;
 *     on its request files this script takes the screenshots into docs/screenshots/;
 *  2. the packaged .vsix (`vsce package`), installed with code-server's CLI and driven through the
 *     UI only: open the model, hover, click code lenses, find the drawings in the webview frames.
 * Prints `N passed, N failed` over both phases and exits 1 on any failure.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, log, repo, run, setUp, sleep, startVsCode, testHome, waitFor } from './code-server.mjs';

/** Phase 1 must finish within this. */
const SUITE_TIMEOUT_MS = 10 * 60_000;
/** Each UI check of phase 2 must pass within this. */
const UI_CHECK_TIMEOUT_MS = 60_000;

const runDir = join(testHome, 'run');
const screenshotsOut = join(repo, 'docs', 'screenshots');

/** Phase 1: the mocha suite; returns its report ({ passes, failures }). */
async function runSuite() {
    const dataDir = join(runDir, 'suite');
    const reportFile = join(dataDir, 'report.json');
    const requests = join(dataDir, 'screenshots');
    mkdirSync(requests, { recursive: true });
    mkdirSync(screenshotsOut, { recursive: true });
    const vscode = await startVsCode({
        dataDir, extensionsDir: join(dataDir, 'extensions'),
        env: { REL_E2E_REPORT: reportFile, REL_E2E_SCREENSHOTS: requests }
    });
    try {
        await vscode.open([['extensionDevelopmentPath', repo], ['extensionTestsPath', join(repo, 'out', 'test', 'e2e', 'index.cjs')]]);
        const deadline = Date.now() + SUITE_TIMEOUT_MS;
        while (!existsSync(reportFile)) {
            if (Date.now() > deadline) throw new Error('the suite did not finish in time');
            if (vscode.server.exitCode !== null) throw new Error(`the VS Code server exited (${vscode.server.exitCode})`);
            for (const request of readdirSync(requests).filter(f => f.endsWith('.request'))) {
                const name = request.replace(/\.request$/, '');
                await sleep(400);
                await vscode.page.screenshot({ path: join(screenshotsOut, `${name}.png`) });
                log(`screenshot ${name}.png`);
                // A hover stays up until a key is pressed; later screenshots should not show it.
                await vscode.page.keyboard.press('Escape');
                rmSync(join(requests, request));
                writeFileSync(join(requests, `${name}.done`), '');
            }
            await sleep(200);
        }
        return JSON.parse(readFileSync(reportFile, 'utf8'));
    } catch (error) {
        log(`VS Code server log (tail):\n${vscode.serverLog().slice(-4000)}`);
        return { passes: [], failures: [{ title: 'the mocha suite in VS Code', message: error instanceof Error ? error.message : String(error) }] };
    } finally {
        await vscode.stop();
    }
}

/** The frame (webviews are nested iframes) in which `selector` matches at least `count` elements. */
async function frameWith(page, selector, count) {
    return waitFor(`${count} × ${selector} in a webview`, async () => {
        for (const frame of page.frames()) {
            if (await frame.locator(selector).count().catch(() => 0) >= count) return frame;
        }
        return undefined;
    }, UI_CHECK_TIMEOUT_MS, 500);
}

/** Phase 2: the .vsix as a user gets it. */
async function runVsixChecks() {
    const dataDir = join(runDir, 'vsix');
    const extensionsDir = join(dataDir, 'extensions');
    const vsix = join(dataDir, 'rel-reliability.vsix');
    mkdirSync(dataDir, { recursive: true });
    const report = { passes: [], failures: [] };
    const check = async (title, body) => {
        try {
            await body();
            report.passes.push(title);
        } catch (error) {
            report.failures.push({ title, message: error instanceof Error ? error.message : String(error) });
            // What the window showed when the check failed, for whoever reads the log.
            const picture = join(dataDir, `failed-${report.failures.length}.png`);
            await vscode?.page.screenshot({ path: picture }).then(() => log(`screenshot of the failure: ${picture}`), () => undefined);
        }
    };
    let vscode;
    await check('the .vsix packages and installs', async () => {
        run(process.execPath, [join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: repo });
        installVsix(vsix, extensionsDir);
        if (!readdirSync(extensionsDir).some(name => name.startsWith('rel-tools.rel-reliability'))) throw new Error('not in the extensions folder');
        vscode = await startVsCode({ dataDir, extensionsDir });
        await vscode.open();
    });
    if (!vscode) return report;
    const { page } = vscode;
    try {
        await check('the installed extension shows figures in a hover', async () => {
            await page.locator('.monaco-list-row', { hasText: 'model.rel' }).first().click({ timeout: UI_CHECK_TIMEOUT_MS });
            const line = page.locator('.view-line', { hasText: 'system Storage' }).first();
            await line.waitFor({ timeout: UI_CHECK_TIMEOUT_MS });
            const name = line.getByText('Storage', { exact: true }).first();
            // The first hovers may come before the language server is up: move away and back until one shows the figure.
            await waitFor('a hover with the reliability of Storage', async () => {
                await page.mouse.move(5, 5);
                await name.hover();
                await sleep(1500);
                return page.locator('.monaco-hover', { hasText: '0.998892' }).first().isVisible().catch(() => false);
            }, UI_CHECK_TIMEOUT_MS, 500);
        });
        await check('code lenses show figures and commands', async () => {
            await page.locator('.codelens-decoration', { hasText: 'Run Monte Carlo' }).first().waitFor({ timeout: UI_CHECK_TIMEOUT_MS });
            await page.locator('.codelens-decoration', { hasText: '99.89%' }).first().waitFor({ timeout: UI_CHECK_TIMEOUT_MS });
        });
        await check('the Show fault tree code lens draws the tree in a webview', async () => {
            await page.locator('.codelens-decoration a', { hasText: 'Show fault tree' }).first().click({ timeout: UI_CHECK_TIMEOUT_MS });
            await frameWith(page, 'svg.fault-tree g.node', 4);
        });
        await check('the webview allows only its own nonce scripts and styles', async () => {
            const frame = await frameWith(page, 'svg.fault-tree', 1);
            const policy = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
            if (!policy || !/script-src 'nonce-[^']+'/.test(policy) || /unsafe-/.test(policy) || !/default-src 'none'/.test(policy)) {
                throw new Error(`unexpected policy: ${policy}`);
            }
        });
        await check('the panel is rebuilt after a window reload', async () => {
            // VS Code saves its editor layout (and the panel's state) in the browser a few seconds after a change.
            await sleep(5000);
            await page.reload();
            await frameWith(page, 'svg.fault-tree g.node', 4);
        });
        await check('the Show Markov evolution code lens draws a chart in a webview', async () => {
            await page.keyboard.press('Escape');
            // Code lenses are re-rendered when the analysis lands, which can detach the element mid-click: retry.
            const lens = page.locator('.codelens-decoration a', { hasText: 'Show Markov evolution' }).first();
            await waitFor('a click on the Show Markov evolution code lens', async () => {
                try {
                    await lens.scrollIntoViewIfNeeded({ timeout: 5000 });
                    await lens.click({ timeout: 5000 });
                    return true;
                } catch (error) {
                    if (!String(error).includes('not attached')) throw error;
                    return undefined;
                }
            }, UI_CHECK_TIMEOUT_MS, 500);
            await frameWith(page, 'canvas[aria-label="Markov transient chart"]', 1);
        });
    } finally {
        if (report.failures.length > 0) log(`VS Code server log (tail):\n${vscode.serverLog().slice(-4000)}`);
        await vscode.stop();
    }
    return report;
}

async function main() {
    setUp();
    run(process.execPath, ['esbuild.mjs'], { cwd: repo });
    rmSync(runDir, { recursive: true, force: true });
    const reports = [await runSuite(), await runVsixChecks()];
    const passes = reports.flatMap(r => r.passes);
    const failures = reports.flatMap(r => r.failures);
    for (const failure of failures) log(`FAILED ${failure.title}: ${failure.message}`);
    console.log(`${passes.length} passed, ${failures.length} failed`);
    return failures.length === 0 && passes.length > 0 ? 0 : 1;
}

process.exitCode = await main();
