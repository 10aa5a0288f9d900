/** How much of a report file is read before it is refused: bounds on size, unpacking and nesting. */
export interface FileLimits {
  /** The largest file read, in bytes. */
  maxBytes: number;
  /** The most the parts of a Word file that hold text may unpack to, in bytes: a zip bomb stops here. */
  maxUnpackedBytes: number;
  /** Elements of a web page, and their deepest nesting. */
  maxHtmlElements: number;
  maxHtmlDepth: number;
  /** Pages of a PDF. */
  maxPdfPages: number;
}

const MB = 1024 * 1024;

/**
 * A report is a few MB in any of its formats; the bounds leave room for photos in a PDF and a saved page's clutter
 * while keeping what one file can take (memory, time) well inside the server's. Browsers stop nesting at 512 too.
 */
export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxBytes: 50 * MB,
  maxUnpackedBytes: 64 * MB,
  maxHtmlElements: 200_000,
  maxHtmlDepth: 512,
  maxPdfPages: 2_000,
};
