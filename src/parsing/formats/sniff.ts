/** What a report file holds, told by its first bytes; its name's extension must agree for the binary formats. */
import { extname } from 'node:path';
import { AppError } from '../../errors.ts';

export type FileFormat = 'pdf' | 'docx' | 'html' | 'text';

/** The extensions of the files the corpus folder reads. */
const EXTENSIONS: Readonly<Record<FileFormat, readonly string[]>> = {
  pdf: ['.pdf'],
  docx: ['.docx'],
  html: ['.html', '.htm'],
  text: ['.txt', '.md', '.markdown'],
};

const READ_EXTENSIONS = new Set(Object.values(EXTENSIONS).flat());

/** Whether a file of the corpus folder is a report to read, by its name (sidecars and others are not). */
export function isReportFileName(name: string): boolean {
  return READ_EXTENSIONS.has(extname(name).toLowerCase());
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Formats that are not read, with what to do instead. */
const OTHER_FORMATS: readonly { magic: readonly number[]; what: string }[] = [
  { magic: OLE, what: 'an old Word (.doc) or other Office 97 file: save it as .docx or PDF' },
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF file: save it as .docx or PDF' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image: OCR it first' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image: OCR it first' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image: OCR it first' },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image: OCR it first' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive: unpack it first' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive: unpack it first' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7z archive: unpack it first' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'a program' },
];

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  return magic.every((byte, i) => bytes[at + i] === byte);
}

/** `%PDF-` may follow a little junk: readers look for it in the first kilobyte. */
function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** A page, not text that mentions markup: it opens with a doctype or an `<html>`, `<head>` or `<body>` tag. */
const HTML_START = /^(?:\s|<!--[\s\S]*?-->)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)/i;

/**
 * The binary format of a file from its bytes: `%PDF-` is a PDF, a zip a Word file; undefined for text. Refused with
 * `unsupported-media-type` when it is of another format, or when a PDF or Word file is named otherwise (or another
 * file is named `.pdf` or `.docx`): the name then says something the content does not.
 */
export function sniffBinary(bytes: Uint8Array, name: string): 'pdf' | 'docx' | undefined {
  const extension = extname(name).toLowerCase();
  // Word keeps a .docx with a password inside an Office 97 container.
  if (extension === '.docx' && startsWith(bytes, OLE)) throw new AppError('encrypted-file', `${name} is encrypted: save a copy without a password`);
  const other = OTHER_FORMATS.find(({ magic }) => startsWith(bytes, magic));
  if (other) throw new AppError('unsupported-media-type', `${name} is ${other.what}`);
  const binary = isPdf(bytes) ? 'pdf' : startsWith(bytes, ZIP) ? 'docx' : undefined;
  if (binary) {
    if (!EXTENSIONS[binary].includes(extension)) {
      throw new AppError('unsupported-media-type', `${name} holds a ${binary === 'pdf' ? 'PDF' : 'zip archive (a Word file?)'}: name it ${EXTENSIONS[binary][0]}`);
    }
    return binary;
  }
  if (extension === '.pdf' || extension === '.docx') {
    throw new AppError('unsupported-media-type', `${name} is named ${extension} but is not a ${extension === '.pdf' ? 'PDF' : 'Word file'}`);
  }
  return undefined;
}

/** Text that is a saved web page, whatever its name. */
export function isHtmlPage(text: string): boolean {
  return HTML_START.test(text.slice(0, 4096));
}
