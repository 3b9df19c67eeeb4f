import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // The e2e suite runs inside VS Code (npm run test:e2e), not under vitest.
        exclude: ['test/e2e/**', 'node_modules/**', 'out/**', '.vscode-test/**'],
        testTimeout: 60_000,
        hookTimeout: 120_000
    }
});
