/**
 * `GET /api/reports/:id/original`: the file a report was read from, as it was added (a PDF, Word file, saved page or
 * text), from the folders the corpus is read from. Always sent as a download: a saved web page opened from this
 * origin could run its scripts here.
 */
import express, { type Router } from 'express';
import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ReportMeta } from '../domain.ts';
import { AppError } from '../errors.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
};

/** `dirs` are the folders report files are read from, the corpus folder first; `report` finds a report served now. */
export function originalRoutes(dirs: readonly string[], report: (id: string) => Pick<ReportMeta, 'id' | 'file'> | undefined): Router {
  const router = express.Router();
  router.get('/reports/:id/original', (req, res) => {
    const found = report(req.params.id);
    if (!found) throw new AppError('unknown-report', `no report with id "${req.params.id}"`);
    const path = dirs.map((dir) => join(dir, found.file)).find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    if (!path) throw new AppError('not-found', `the file of ${found.id} is not kept on this server`);
    res.attachment(found.file);
    res.type(TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream');
    res.set('Cache-Control', 'no-cache');
    res.sendFile(path, { dotfiles: 'deny' });
  });
  return router;
}
