/**
 * The chat page: static files from `web/public`, and the page's TypeScript bundled once at start into `/app.js`,
 * so that there is no build step and every asset comes from this server.
 */
import { build, stop } from 'esbuild';
import express, { type Router } from 'express';
import { join } from 'node:path';

export async function pageRoutes(webDir: string): Promise<Router> {
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
  const router = express.Router();
  router.get('/app.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(script);
  });
  // A shared conversation's link opens the page, which reads the id from its address and shows it read-only.
  router.get('/s/:id', (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(join(webDir, 'public', 'index.html'));
  });
  router.use(express.static(join(webDir, 'public'), { index: 'index.html', setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  return router;
}
