#!/usr/bin/env node
// The Rel language server: `rel-language-server --stdio`. The bundle is built by `npm run build`.
import '../out/server/main.cjs';
