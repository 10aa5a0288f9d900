/**
 * The report files of a `multipart/form-data` request, read with busboy into memory within bounds: each file up to
 * the size a report file may have (one larger is kept as too large, not read on), a few files, and all of them
 * together no more than twice that size, so that one request cannot fill the server's memory.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../errors.ts';

export interface Upload {
  /** The name the client gave, path and all: the reader refuses one that is not a plain file name. */
  name: string;
  bytes: Uint8Array;
  /** Larger than a report file may be: only the first bytes were kept. */
  tooLarge: boolean;
}

/** Files in one request: a handful of reports at a time. */
export const MAX_UPLOAD_FILES = 10;

function starter(req: Request, maxBytes: number): busboy.Busboy {
  try {
    return busboy({
      headers: req.headers,
      // Kept whole, so that a name holding a path is refused rather than silently cut to its last part.
      preservePath: true,
      defParamCharset: 'utf8',
      limits: { fileSize: maxBytes, files: MAX_UPLOAD_FILES, fields: 20, fieldSize: 64 * 1024, parts: MAX_UPLOAD_FILES + 20, headerPairs: 50 },
    });
  } catch (error) {
    throw new AppError('unsupported-media-type', 'report files are sent as multipart/form-data', { cause: error });
  }
}

export function readUploads(req: Request, maxBytes: number): Promise<Upload[]> {
  const parser = starter(req, maxBytes);
  const maxTotal = 2 * maxBytes;
  return new Promise((resolve, reject) => {
    const uploads: Upload[] = [];
    const reading: Promise<void>[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: AppError): void => {
      if (failed) return;
      failed = true;
      // The rest of the body is read and dropped, so that the answer reaches a client still sending.
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    parser.on('file', (_field, stream, info) => {
      const pieces: Buffer[] = [];
      let tooLarge = false;
      stream.on('limit', () => (tooLarge = true));
      stream.on('data', (piece: Buffer) => {
        total += piece.length;
        if (total > maxTotal) fail(new AppError('payload-too-large', `the files of one request may hold ${maxTotal} bytes together`));
        else pieces.push(piece);
      });
      reading.push(
        new Promise((done) =>
          stream.on('close', () => {
            uploads.push({ name: info.filename ?? '', bytes: Buffer.concat(pieces), tooLarge });
            done();
          }),
        ),
      );
    });
    parser.on('filesLimit', () => fail(new AppError('payload-too-large', `at most ${MAX_UPLOAD_FILES} files may be sent at once`)));
    parser.on('partsLimit', () => fail(new AppError('payload-too-large', 'the form has too many parts')));
    parser.on('error', (error: unknown) => fail(new AppError('invalid-request', `the form could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error })));
    parser.on('close', () => {
      void Promise.all(reading).then(() => {
        if (failed) return;
        if (uploads.length === 0) fail(new AppError('invalid-request', 'the form holds no file'));
        else resolve(uploads);
      });
    });
    req.pipe(parser);
  });
}
