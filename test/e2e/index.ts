/**
 * Entry point VS Code calls inside the extension host (`extensionTestsPath`): runs the mocha suite
 * (ui 'tdd') and writes a JSON report for the launcher (REL_E2E_REPORT; with @vscode/test-electron the
 * exit code is enough). Works the same under both launchers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';

interface E2eReport {
    passes: string[];
    failures: Array<{ title: string; message: string }>;
}

export function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
    mocha.addFile(join(__dirname, 'extension.e2e.cjs'));
    const report: E2eReport = { passes: [], failures: [] };
    return new Promise((resolve, reject) => {
        const runner = mocha.run(failures => {
            const file = process.env.REL_E2E_REPORT;
            if (file) {
                mkdirSync(dirname(file), { recursive: true });
                writeFileSync(file, JSON.stringify(report, null, 2));
            }
            if (failures > 0) reject(new Error(`${failures} end-to-end tests failed`));
            else resolve();
        });
        runner.on('pass', test => report.passes.push(test.fullTitle()));
        runner.on('fail', (test, error: Error) => report.failures.push({ title: test.fullTitle(), message: error.message }));
    });
}
