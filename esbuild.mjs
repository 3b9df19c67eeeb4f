// Bundles the command line, the language server and the VS Code extension into out/.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };
const esmBanner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };

await Promise.all([
    build({ ...common, entryPoints: ['cli/main.ts'], outfile: 'out/cli/main.mjs', format: 'esm', banner: esmBanner }),
    build({ ...common, entryPoints: ['server/main.ts'], outfile: 'out/server/main.cjs', format: 'cjs' })
]);
