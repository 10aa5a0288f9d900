/**
 * `POST /api/reports` (report files as multipart/form-data) and `DELETE /api/reports/:id`, for whoever holds the
 * admin token. A change is answered once the corpus folder holds it, with each report's metadata as read; the index
 * is rebuilt in the background and served once whole, the build before answering meanwhile.
 *
 * The page adds in two steps: `POST /api/uploads` reads and checks the files and answers with the metadata read from
 * each under an upload id, writing nothing; `POST /api/uploads/:id` with the metadata confirmed or corrected adds
 * the file with it as its `FILE.meta.json`, and the build's progress is told under that id over the WebSocket.
 */
import { randomUUID } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import type { AddedReport, FileOutcome } from '../corpus-folder/changes.ts';
import type { CorpusEditor } from '../corpus-folder/editor.ts';
import { AppError } from '../errors.ts';
import { reportSidecarSchema } from '../parsing/sidecar.ts';
import { bearerMatches } from './bearer.ts';
import { jsonBody } from './json-body.ts';
import { readUploads, type Upload } from './multipart.ts';
import type { PendingUploads } from './pending-uploads.ts';
import { regionLevel } from './report-list.ts';
import type { UploadProgress } from './upload-progress.ts';

export interface ReportAdmin {
  editor: CorpusEditor;
  token: string;
  /** The largest report file read, in bytes. */
  maxFileBytes: number;
  /** Files read and awaiting their metadata's confirmation. */
  pending: PendingUploads;
  progress: UploadProgress;
}

/** A report as detected, with its region's level and its kind said in full. */
function detected(report: AddedReport) {
  return { ...report, level: regionLevel(report.region), kind: report.kind ?? 'report' };
}

type Refusal = Required<Pick<FileOutcome, 'refused'>>['refused'] & { name: string };

function tooLarge(uploads: readonly Upload[], maxFileBytes: number): Refusal[] {
  return uploads.filter((upload) => upload.tooLarge).map(({ name }) => ({ name, code: 'payload-too-large', message: `${name} is larger than the ${maxFileBytes} bytes a report file may have` }));
}

/** Nothing taken: the request fails as its first file did, the others' reasons said beside it. */
function refuseAll(refused: readonly Refusal[]): never {
  const first = refused[0];
  throw new AppError(first?.code ?? 'invalid-request', refused.map((r) => r.message).join('; '));
}

function parseMeta(body: unknown) {
  const parsed = reportSidecarSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('invalid-metadata', `the metadata: ${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'not valid'}`);
}

export function reportAdminRoutes({ editor, token, maxFileBytes, pending, progress }: ReportAdmin): Router {
  const router = express.Router();
  const admin: RequestHandler = (req, _res, next) => {
    if (!bearerMatches(req, [token])) throw new AppError('unauthorized', 'changing the reports needs the admin token: Authorization: Bearer ADMIN_TOKEN');
    next();
  };
  router.post('/reports', admin, async (req, res) => {
    const uploads = await readUploads(req, maxFileBytes);
    const refused = tooLarge(uploads, maxFileBytes);
    const readable = uploads.filter((upload) => !upload.tooLarge).map(({ name, bytes }) => ({ name, bytes }));
    const outcomes = readable.length > 0 ? await editor.add(readable) : [];
    for (const { name, refused: why } of outcomes) if (why) refused.push({ name, ...why });
    const added = outcomes.filter((outcome) => outcome.file).map(({ name, file, reports, duplicates }) => ({ name, file, reports: reports.map(detected), duplicates }));
    if (added.length === 0) refuseAll(refused);
    res.status(202).json({ added, refused, rebuilding: true });
  });
  router.delete('/reports/:id', admin, async (req, res) => {
    // The rebuild's progress is told under this id, as an upload's is.
    const change = randomUUID();
    const { file, report } = await editor.remove(String(req.params.id), () => progress.confirmed(change));
    res.status(202).json({ removed: detected(report), file, rebuilding: true, change });
  });
  // The page asks this to learn whether the token it was given is the admin token.
  router.get('/uploads', admin, (_req, res) => {
    res.json({ admin: true });
  });
  router.post('/uploads', admin, async (req, res) => {
    const uploads = await readUploads(req, maxFileBytes);
    const refused = tooLarge(uploads, maxFileBytes);
    const readable = uploads.filter((upload) => !upload.tooLarge).map(({ name, bytes }) => ({ name, bytes }));
    const outcomes = readable.length > 0 ? await editor.preview(readable) : [];
    const held = [];
    for (const [i, outcome] of outcomes.entries()) {
      const file = readable[i];
      if (outcome.refused || !file) refused.push({ name: outcome.name, ...(outcome.refused ?? { code: 'unreadable-file', message: 'not read' }) });
      else held.push({ upload: pending.hold(file.name, file.bytes).id, name: outcome.name, reports: outcome.reports.map(detected) });
    }
    if (held.length === 0) refuseAll(refused);
    res.json({ uploads: held, refused });
  });
  router.post('/uploads/:upload', admin, ...jsonBody(), async (req, res) => {
    const upload = pending.get(String(req.params.upload));
    const meta = parseMeta(req.body);
    const [outcome] = await editor.add([{ name: upload.name, bytes: upload.bytes, meta }], () => progress.confirmed(upload.id));
    if (!outcome?.file) refuseAll([{ name: upload.name, ...(outcome?.refused ?? { code: 'unreadable-file', message: `${upload.name} was not added` }) }]);
    pending.drop(upload.id);
    res.status(202).json({ upload: upload.id, name: upload.name, file: outcome.file, reports: outcome.reports.map(detected), rebuilding: true });
  });
  router.delete('/uploads/:upload', admin, (req, res) => {
    pending.drop(pending.get(String(req.params.upload)).id);
    res.status(204).end();
  });
  return router;
}
