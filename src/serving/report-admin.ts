/**
 * `POST /api/reports` (report files as multipart/form-data) and `DELETE /api/reports/:id`, for whoever holds the
 * admin token. A change is answered once the corpus folder holds it, with each report's metadata as read; the index
 * is rebuilt in the background and served once whole, the build before answering meanwhile.
 */
import express, { type RequestHandler, type Router } from 'express';
import type { AddedReport, FileOutcome } from '../corpus-folder/changes.ts';
import type { CorpusEditor } from '../corpus-folder/editor.ts';
import { AppError } from '../errors.ts';
import { bearerMatches } from './bearer.ts';
import { readUploads } from './multipart.ts';
import { regionLevel } from './report-list.ts';

export interface ReportAdmin {
  editor: CorpusEditor;
  token: string;
  /** The largest report file read, in bytes. */
  maxFileBytes: number;
}

/** A report as detected, with its region's level and its kind said in full. */
function detected(report: AddedReport) {
  return { ...report, level: regionLevel(report.region), kind: report.kind ?? 'report' };
}

type Refusal = Required<Pick<FileOutcome, 'refused'>>['refused'] & { name: string };

export function reportAdminRoutes({ editor, token, maxFileBytes }: ReportAdmin): Router {
  const router = express.Router();
  const admin: RequestHandler = (req, _res, next) => {
    if (!bearerMatches(req, [token])) throw new AppError('unauthorized', 'changing the reports needs the admin token: Authorization: Bearer ADMIN_TOKEN');
    next();
  };
  router.post('/reports', admin, async (req, res) => {
    const uploads = await readUploads(req, maxFileBytes);
    const refused: Refusal[] = uploads.filter((upload) => upload.tooLarge).map(({ name }) => ({ name, code: 'payload-too-large', message: `${name} is larger than the ${maxFileBytes} bytes a report file may have` }));
    const readable = uploads.filter((upload) => !upload.tooLarge).map(({ name, bytes }) => ({ name, bytes }));
    const outcomes = readable.length > 0 ? await editor.add(readable) : [];
    for (const { name, refused: why } of outcomes) if (why) refused.push({ name, ...why });
    const added = outcomes.filter((outcome) => outcome.file).map(({ name, file, reports, duplicates }) => ({ name, file, reports: reports.map(detected), duplicates }));
    const first = refused[0];
    // Nothing added: the request fails as its first file did, the others' reasons said beside it.
    if (added.length === 0 && first) throw new AppError(first.code, refused.map((r) => r.message).join('; '));
    res.status(202).json({ added, refused, rebuilding: true });
  });
  router.delete('/reports/:id', admin, async (req, res) => {
    const { file, report } = await editor.remove(String(req.params.id));
    res.status(202).json({ removed: detected(report), file, rebuilding: true });
  });
  return router;
}
