/**
 * One report file's bytes and name → its text, whatever its format: the one entry point for the corpus folder and
 * for a file handed in. The format is told by the content (a `.txt` holding a web page is read as one); the name
 * must be a plain file name and agree with a binary format; each refusal is an AppError with a code.
 */
import { AppError, type AppErrorCode } from '../errors.ts';
import { decodeText, type TextEncoding } from './formats/encoding.ts';
import { foldLookalikes } from './formats/fold.ts';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './formats/limits.ts';
import { checkFileName } from './formats/name.ts';
import { isHtmlPage, sniffBinary, type FileFormat } from './formats/sniff.ts';
import type { ReportSidecar } from './sidecar.ts';
import { PAGE_BREAK } from './text.ts';

/** A file of the corpus folder, or one handed in, as the parser reads it. */
export interface CorpusFile {
  /** File name relative to the corpus folder. */
  name: string;
  /** The text, as a text file of the report would hold it (a PDF's pages separated by PAGE_BREAK lines). */
  text: string;
  /** A web page's own address: every report of the file has it as its source. */
  sourceUrl?: string;
  /** Each line is a whole paragraph or heading, as PDF, Word and web pages are read. */
  paragraphLines?: boolean;
  /** What its `FILE.meta.json` says, over what the parser finds. */
  meta?: ReportSidecar;
  /** Why the file could not be read; its text is then empty. */
  refused?: { code: AppErrorCode; message: string };
}

/** A file read: its text for the parser (with `paragraphLines` for PDF, Word and web pages) and how it was read. */
export interface ReportFile extends CorpusFile {
  format: FileFormat;
  /** The encoding a text or web page was read in. */
  encoding?: TextEncoding;
  /** A PDF's count of pages. */
  pages?: number;
}

/** The readers of PDF, Word and HTML are loaded when a file of theirs comes: a folder of text files needs none. */
async function extract(bytes: Uint8Array, name: string, limits: FileLimits): Promise<Omit<ReportFile, 'name'>> {
  const binary = sniffBinary(bytes, name);
  if (binary === 'pdf') {
    const { readPdf } = await import('./formats/pdf.ts');
    const { pages } = await readPdf(bytes, name, limits.maxPdfPages);
    return { format: 'pdf', text: pages.map((paragraphs) => paragraphs.join('\n')).join(`\n${PAGE_BREAK}\n`), pages: pages.length };
  }
  if (binary === 'docx') {
    const { readDocx } = await import('./formats/docx.ts');
    return { format: 'docx', text: (await readDocx(bytes, name, limits.maxUnpackedBytes)).join('\n') };
  }
  const { text, encoding } = decodeText(bytes, name);
  if (!isHtmlPage(text)) return { format: 'text', text, encoding };
  const { readHtml } = await import('./formats/html.ts');
  const page = readHtml(text, name, limits);
  return { format: 'html', text: page.lines.join('\n'), encoding, ...(page.sourceUrl ? { sourceUrl: page.sourceUrl } : {}) };
}

/**
 * The text of a report file. Refused (AppError) with `invalid-file-name`, `payload-too-large` (the file, or a Word
 * file unpacked), `unsupported-media-type` (another format, or one its name belies), `unknown-encoding`,
 * `encrypted-file`, `no-text-layer`, `unreadable-file` (corrupt, or failing a parser) or `file-too-complex`.
 */
export async function readReportFile(bytes: Uint8Array, name: string, limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<ReportFile> {
  checkFileName(name);
  if (bytes.length > limits.maxBytes) throw new AppError('payload-too-large', `${name} is ${bytes.length} bytes, more than the ${limits.maxBytes} read`);
  try {
    const file = await extract(bytes, name, limits);
    return { name, ...file, text: foldLookalikes(file.text), ...(file.format === 'text' ? {} : { paragraphLines: true }) };
  } catch (error) {
    // A parser's own failure on a crafted file is the file's fault as far as anyone handing it in can tell.
    if (error instanceof AppError) throw error;
    throw new AppError('unreadable-file', `${name} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
