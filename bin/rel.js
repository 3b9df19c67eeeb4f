#!/usr/bin/env node
// The `rel` command line; the bundle is built by `npm run build` (esbuild.mjs).
import '../out/cli/launch.mjs';
