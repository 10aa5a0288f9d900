/**
 * What to fork to run the model: `embed-child` beside this module, as TypeScript under tsx in development or as
 * the JavaScript compiled from it, whichever this module is.
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ChildEntry {
  modulePath: string;
  execArgv: string[];
}

/**
 * tsx's loader by its full URL, resolved from here: `--import tsx` would be resolved from the working directory
 * of whoever started the product, which need not hold this project's node_modules.
 */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/**
 * A young generation large enough for the tokenizer's vocabulary (250,000 pieces read from a 16 MB file): with
 * the default, collecting it took a quarter of the model's load, 2.5 s of CPU against 2.1 s with this.
 */
const HEAP_FLAGS = ['--max-semi-space-size=64'];

export function childEntry(): ChildEntry {
  const extension = extname(fileURLToPath(import.meta.url));
  const modulePath = fileURLToPath(new URL(`./embed-child${extension}`, import.meta.url));
  // The parent's own flags (a test runner's, a debugger's) are not the child's.
  return { modulePath, execArgv: [...HEAP_FLAGS, ...(extension === '.ts' ? ['--import', tsxLoader()] : [])] };
}
