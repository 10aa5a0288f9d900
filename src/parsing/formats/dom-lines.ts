/**
 * A document tree (a web page's main content, a Word file as HTML) as the lines a text file of it would have: one
 * line per paragraph, list item or table row, headings marked `#` by their depth, scripts and forms left out. Walked
 * without recursion, so that no nesting overflows the stack.
 */

/** The parts of the DOM this reads, as linkedom and browsers both have them. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'HEAD', 'IFRAME', 'OBJECT', 'EMBED', 'CANVAS', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'IMG', 'VIDEO', 'AUDIO']);
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
]);
const CELLS = new Set(['TD', 'TH']);

interface Line {
  text: string;
  /** 1 to 6 for a heading. */
  heading?: number;
}

/** The element's lines, headings as `#`s of their depth below the shallowest heading there (Readability turns `h1` into `h2`). */
export function domLines(root: DomNode): string[] {
  const lines: Line[] = [];
  let text = '';
  let heading: number | undefined;
  let preformatted = 0;
  const flush = (): void => {
    const trimmed = text.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (trimmed) lines.push(heading === undefined ? { text: trimmed } : { text: trimmed, heading });
    text = '';
  };
  const stack: { node: DomNode; leaving: boolean }[] = [{ node: root, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop() ?? { node: root, leaving: true };
    const name = node.nodeName.toUpperCase();
    if (leaving) {
      if (BLOCKS.has(name)) flush();
      if (/^H[1-6]$/.test(name)) heading = undefined;
      if (name === 'PRE') preformatted--;
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      const value = node.textContent ?? '';
      if (preformatted > 0) {
        const [first = '', ...rest] = value.split('\n');
        text += first;
        for (const line of rest) {
          flush();
          text = line;
        }
      } else text += value.replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE || SKIPPED.has(name)) continue;
    if (name === 'BR') {
      flush();
      continue;
    }
    if (BLOCKS.has(name)) flush();
    if (CELLS.has(name) && text.trim()) text += ' ';
    if (/^H[1-6]$/.test(name)) heading = Number(name[1]);
    if (name === 'PRE') preformatted++;
    stack.push({ node, leaving: true });
    const children = Array.from(node.childNodes);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push({ node: child, leaving: false });
    }
  }
  flush();
  const top = Math.min(...lines.map((line) => line.heading ?? 7));
  return lines.map((line) => (line.heading === undefined ? line.text : `${'#'.repeat(line.heading - top + 1)} ${line.text}`));
}
