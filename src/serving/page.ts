/**
 * The chat page: static files from `web/public`, and the page's TypeScript bundled once at start into `/app.js`,
 * so that there is no build step and every asset comes from this server. The page's settings are written into its
 * HTML as it is served.
 */
import { build, stop } from 'esbuild';
import express, { type Response, type Router } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PageSettings {
  /** How long a question waits for a word from the server before the page gives it up (`ASK_TIMEOUT_MS`). */
  askTimeoutMs?: number | undefined;
  /** Whether reports may be added from the page (`ADMIN_TOKEN` set): the page then offers its 添加报告 panel. */
  reportAdmin?: boolean;
}

const TIMEOUT_META = /<meta name="ask-timeout-ms" content="\d+">/;
const ADMIN_META = '<meta name="report-admin" content="off">';

export async function pageRoutes(webDir: string, settings: PageSettings = {}): Promise<Router> {
  const bundle = await build({
    entryPoints: [join(webDir, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  // The bundler's service process is not needed once the page is built: about 15 MB for the server's whole life.
  await stop();
  const template = readFileSync(join(webDir, 'public', 'index.html'), 'utf8');
  const timed = settings.askTimeoutMs === undefined ? template : template.replace(TIMEOUT_META, `<meta name="ask-timeout-ms" content="${settings.askTimeoutMs}">`);
  const html = settings.reportAdmin ? timed.replace(ADMIN_META, '<meta name="report-admin" content="on">') : timed;
  const sendPage = (res: Response): void => {
    res.type('html').set('Cache-Control', 'no-cache').send(html);
  };
  const router = express.Router();
  router.get('/app.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(script);
  });
  router.get(['/', '/index.html'], (_req, res) => sendPage(res));
  // A shared conversation's link opens the page, which reads the id from its address and shows it read-only.
  router.get('/s/:id', (_req, res) => sendPage(res));
  router.use(express.static(join(webDir, 'public'), { index: false, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  return router;
}
