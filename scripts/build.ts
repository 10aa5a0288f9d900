/**
 * Compiles the server to JavaScript in `dist/` (or the folder given as the first argument), so that production runs
 * on plain Node with no TypeScript loader. The files that modules read beside themselves (the fitted decision model)
 * are copied along: tsc emits only what is imported.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIR = resolve(ROOT, 'src');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const outDir = resolve(process.argv[2] ?? resolve(ROOT, 'dist'));
// The folder is emptied first, so it must be one of its own, not the project or a folder holding the sources.
if (!relative(outDir, SOURCE_DIR).startsWith('..')) throw new Error(`refusing to build into ${outDir}: it holds the sources`);
// A module renamed or removed in src must not linger in the build.
rmSync(outDir, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [TSC, '-p', resolve(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync(SOURCE_DIR, outDir, { recursive: true, filter: (source) => !source.endsWith('.ts') });
