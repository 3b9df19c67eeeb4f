import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'bin/rel.js');

/** Builds the bundles once per test run if they are missing (npm test builds them first). */
export function ensureBuilt(): void {
    if (['out/cli/main.mjs', 'out/cli/launch.mjs'].every(bundle => existsSync(join(ROOT, bundle)))) return;
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}

export interface RelRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the bundled `rel` command line as a user would. */
export function rel(args: string[], cwd = ROOT): RelRun {
    const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Writes `text` to a fresh temporary `.rel` file and returns its path. */
export function tempModel(text: string | Buffer, name = 'model.rel'): string {
    const dir = mkdtempSync(join(tmpdir(), 'rel-test-'));
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
}

/** `rel analyze --json` of a file; fails the test on a non-JSON answer. */
export function analyzeJson(path: string, extra: string[] = []): any {
    const run = rel(['analyze', path, '--json', ...extra]);
    try {
        return JSON.parse(run.stdout);
    } catch {
        throw new Error(`not JSON (exit ${run.status}): ${run.stdout}\n${run.stderr}`);
    }
}

export function expectClose(actual: number, expected: number, relative = 1e-9): void {
    const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
    if (!(error <= relative)) throw new Error(`expected ${expected}, got ${actual} (relative error ${error})`);
}
