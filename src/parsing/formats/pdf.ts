/**
 * A text PDF's paragraphs page by page, read with pdf.js in this process (no worker, nothing fetched: its CMaps and
 * fonts are read from the package's folder). Pages come back as their paragraphs in reading order, without running
 * headers, footers and page numbers.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { AppError } from '../../errors.ts';
import { layoutPages, type Glyphs, type PageText } from './pdf-layout.ts';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Below this many characters a page on average, a PDF is images of pages: a scan, or a photo of each page. */
const MIN_CHARS_PER_PAGE = 20;
/** Runs turned further than this from the horizontal are watermarks or margin notes, not the text. */
const MAX_SLANT = 0.05;

function glyphsOf(item: TextItem): Glyphs | undefined {
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
  if (!item.str.trim()) return undefined;
  if (Math.abs(b) > MAX_SLANT * Math.abs(a) || Math.abs(c) > MAX_SLANT * Math.abs(d)) return undefined;
  return { text: item.str, x, y, width: item.width, size: Math.abs(d) || Math.abs(a) };
}

async function pageText(document: PDFDocumentProxy, number: number): Promise<PageText> {
  const page = await document.getPage(number);
  try {
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
    const content = await page.getTextContent();
    const glyphs = content.items.flatMap((item) => ('str' in item ? (glyphsOf(item) ?? []) : []));
    // Coordinates from the page's own origin, so that margins are measured from its edges.
    return { width: x1 - x0, height: y1 - y0, glyphs: glyphs.map((g) => ({ ...g, x: g.x - x0, y: g.y - y0 })) };
  } finally {
    page.cleanup();
  }
}

function openError(error: unknown, name: string): AppError {
  const kind = error instanceof Error ? error.name : '';
  if (kind === 'PasswordException') return new AppError('encrypted-file', `${name} is encrypted: it opens only with a password; save a copy without one`, { cause: error });
  return new AppError('unreadable-file', `${name} is not a readable PDF: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

export interface PdfText {
  /** Each page's paragraphs, first page first. */
  pages: string[][];
}

/**
 * The paragraphs of each page of a PDF. Refused with `encrypted-file` when it needs a password, `unreadable-file`
 * when it is corrupt or longer than `maxPages`, and `no-text-layer` when its pages hold images of text only.
 */
export async function readPdf(bytes: Uint8Array, name: string, maxPages: number): Promise<PdfText> {
  const task = getDocument({
    // pdf.js takes the buffer over: a copy leaves the caller's bytes whole.
    data: new Uint8Array(bytes),
    cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
    standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: true,
    verbosity: 0,
  });
  let document: PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw openError(error, name);
  }
  try {
    if (document.numPages > maxPages) throw new AppError('unreadable-file', `${name} has ${document.numPages} pages, more than the ${maxPages} read`);
    const pages: PageText[] = [];
    for (let number = 1; number <= document.numPages; number++) pages.push(await pageText(document, number));
    const chars = pages.reduce((sum, page) => sum + page.glyphs.reduce((n, g) => n + g.text.replace(/\s/g, '').length, 0), 0);
    if (chars < MIN_CHARS_PER_PAGE * pages.length) {
      throw new AppError('no-text-layer', `no text layer: OCR it first (${name} has ${chars} characters of text on ${pages.length} pages)`);
    }
    return { pages: layoutPages(pages) };
  } catch (error) {
    throw error instanceof AppError ? error : openError(error, name);
  } finally {
    await document.destroy();
  }
}
