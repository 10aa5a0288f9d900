/**
 * A Word file (.docx) as lines: mammoth turns its paragraphs, lists and tables into HTML and its heading styles
 * into `h1`…`h6`, which become the section tree. The zip is checked first: a part that unpacks past the limit (a zip
 * bomb) or a password stops it before mammoth inflates anything.
 */
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import yauzl from 'yauzl';
import { AppError } from '../../errors.ts';
import { domLines, type DomNode } from './dom-lines.ts';

/** Pictures and embedded files, which mammoth is told not to read: only the text's parts are unpacked. */
const UNREAD_PART = /^word\/(?:media|embeddings)\//;

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, validateEntrySizes: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/**
 * Unpacks every part mammoth reads, counting the bytes as they come (a zip's stated sizes may lie), and stops past
 * `maxUnpacked`. Refused with `payload-too-large` then, `encrypted-file` for a zip with a password, `unreadable-file`
 * for a broken zip or one that is not a Word file.
 */
async function checkZip(bytes: Uint8Array, name: string, maxUnpacked: number): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    throw new AppError('unreadable-file', `${name} is not a readable Word file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let unpacked = 0;
  let hasDocument = false;
  const tooLarge = (): AppError => new AppError('payload-too-large', `${name} unpacks to more than ${maxUnpacked} bytes of text parts`);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName === 'word/document.xml') hasDocument = true;
        if (entry.fileName.endsWith('/') || UNREAD_PART.test(entry.fileName)) {
          zip.readEntry();
          return;
        }
        if (entry.isEncrypted()) {
          reject(new AppError('encrypted-file', `${name} is encrypted: save a copy without a password`));
          return;
        }
        if (unpacked + entry.uncompressedSize > maxUnpacked) {
          reject(tooLarge());
          return;
        }
        zip.openReadStream(entry, (error, stream) => {
          if (error) {
            reject(error);
            return;
          }
          stream.on('data', (chunk: Buffer) => {
            unpacked += chunk.length;
            if (unpacked > maxUnpacked) {
              stream.destroy();
              reject(tooLarge());
            }
          });
          stream.on('error', reject);
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('unreadable-file', `${name} is not a readable Word file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    zip.close();
  }
  if (!hasDocument) throw new AppError('unsupported-media-type', `${name} is a zip archive but not a Word document (it has no word/document.xml)`);
}

export async function readDocx(bytes: Uint8Array, name: string, maxUnpacked: number): Promise<string[]> {
  await checkZip(bytes, name, maxUnpacked);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    html = result.value;
  } catch (error) {
    throw new AppError('unreadable-file', `${name} is not a readable Word file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return domLines(parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body as unknown as DomNode);
}
