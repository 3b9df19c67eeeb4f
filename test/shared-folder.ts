import { resolve } from 'node:path';

/** The steering repository's shared/ folder (spec, benchmarks), which lies beside the project's checkout. */
export const SHARED = resolve(import.meta.dirname, '../../shared');
