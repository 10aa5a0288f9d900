/**
 * Report files in every format the corpus folder reads, made from the shipped corpus's own reports: a PDF printed by
 * Chromium (running header, page numbers in the footer, paragraphs indented as Chinese documents are), the same in two
 * columns, a scan of it (pages as pictures), a Word file with heading styles, a saved web page with navigation,
 * sidebar, scripts and footer around the report, and the report's text in GBK.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import iconv from 'iconv-lite';
import { chromium, type Browser } from 'playwright-core';
import type { Report } from '../../src/domain.ts';
import { parseSegment } from '../../src/parsing/report.ts';
import { splitIntoSegments } from '../../src/parsing/segments.ts';
import { CORPUS_DIR, corpus } from '../corpus.ts';

export function shippedReport(id: string): Report {
  const found = corpus().reports.find((r) => r.id === id);
  if (!found) throw new Error(`no report ${id} in the corpus`);
  return found;
}

/** The report's own lines from its corpus file, under its title line: a text file of that report alone. */
export function reportSource(id: string): string {
  const report = shippedReport(id);
  const text = readFileSync(join(CORPUS_DIR, report.file), 'utf8');
  const segments = splitIntoSegments(text);
  const segment = segments.find((s) => {
    const parsed = parseSegment(s, report.file);
    return parsed.ok && parsed.report.id === id;
  });
  if (!segment) throw new Error(`no segment of ${report.file} parses as ${id}`);
  const title = segment.title ? `${segment.title.year ?? ''}年${segment.title.regionText}政府工作报告` : '';
  return [title, ...segment.lines].join('\n');
}

/** A piece of the report in reading order: a heading line (with its depth in the tree) or a paragraph. */
export type Piece = { kind: 'heading'; text: string; level: number } | { kind: 'paragraph'; text: string };

/**
 * The report's headings and paragraphs in order. A section opened by a paragraph's own lead sentence (`（一）…。`) is
 * no heading line: its paragraph carries it, as in the original.
 */
export function pieces(report: Report): Piece[] {
  const out: Piece[] = [];
  let open: string[] = [];
  for (const paragraph of report.paragraphs) {
    const path = paragraph.sectionPath;
    let same = 0;
    while (same < path.length && same < open.length && path[same] === open[same]) same++;
    for (let level = same; level < path.length; level++) {
      const title = path[level] ?? '';
      const inline = level === path.length - 1 && paragraph.text.startsWith(title);
      if (!inline) out.push({ kind: 'heading', text: title, level: level + 1 });
    }
    out.push({ kind: 'paragraph', text: paragraph.text });
    open = path;
  }
  return out;
}

function chineseDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The lines under the title: when and where it was delivered, and by whom. */
function frontMatter(report: Report): string[] {
  return [
    report.meeting ? `——${report.date ? chineseDate(report.date) : ''}在${report.meeting}上` : '',
    report.speaker ? `${report.speakerRole ?? ''} ${report.speaker}`.trim() : '',
  ].filter(Boolean);
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The report as a printable page: headings bold, paragraphs indented two characters. */
export function printablePage(report: Report, options: { columns?: boolean } = {}): string {
  const body = pieces(report)
    .map((piece) => (piece.kind === 'heading' ? `<p class="heading">${escape(piece.text)}</p>` : `<p>${escape(piece.text)}</p>`))
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(report.title)}</title><style>
    body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 14pt; line-height: 1.6; }
    h1, .meta { text-align: center; }
    h1 { font-size: 20pt; }
    p { text-indent: 2em; margin: 0; text-align: justify; }
    p.heading { font-weight: bold; }
    .meta { text-indent: 0; }
    ${options.columns ? 'main { column-count: 2; column-gap: 2.5em; }' : ''}
  </style></head><body><h1>${escape(report.title)}</h1>${frontMatter(report).map((line) => `<p class="meta">${escape(line)}</p>`).join('')}
  <main>${body}</main></body></html>`;
}

let browser: Promise<Browser> | undefined;

function launch(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  const opened = browser;
  browser = undefined;
  await (await opened)?.close();
}

/** The page printed to A4 by Chromium, with the report's title as a running header and `— n —` at the foot. */
export async function printPdf(html: string, title: string): Promise<Buffer> {
  const page = await (await launch()).newPage();
  try {
    await page.setContent(html);
    return await page.pdf({
      format: 'A4',
      margin: { top: '25mm', bottom: '25mm', left: '25mm', right: '25mm' },
      displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:9pt;width:100%;text-align:center;font-family:'Noto Sans CJK SC'">${escape(title)}</div>`,
      footerTemplate: `<div style="font-size:10pt;width:100%;text-align:center">— <span class="pageNumber"></span> —</div>`,
    });
  } finally {
    await page.close();
  }
}

/** The first pages of the PDF as a scanner makes them: a picture of each page, no text. */
export async function scannedPdf(html: string, pages = 2): Promise<Buffer> {
  const page = await (await launch()).newPage({ viewport: { width: 794, height: 1123 } });
  try {
    await page.setContent(html);
    const shots: string[] = [];
    for (let i = 0; i < pages; i++) {
      const clip = { x: 0, y: i * 1123, width: 794, height: 1123 };
      shots.push((await page.screenshot({ type: 'jpeg', quality: 60, fullPage: true, clip })).toString('base64'));
    }
    await page.setContent(`<!doctype html><html><body style="margin:0">${shots.map((shot) => `<img src="data:image/jpeg;base64,${shot}" style="width:100%;display:block;break-after:page">`).join('')}</body></html>`);
    return await page.pdf({ format: 'A4', margin: { top: '0', bottom: '0', left: '0', right: '0' } });
  } finally {
    await page.close();
  }
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];

/** The report as a Word file would hold it: a title, its front matter centred, headings in Word's heading styles. */
export async function reportDocx(report: Report): Promise<Buffer> {
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(report.title)] }),
    ...frontMatter(report).map((line) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(line)] })),
    ...pieces(report).map((piece) =>
      piece.kind === 'heading'
        ? new Paragraph({ heading: HEADINGS[Math.min(piece.level, HEADINGS.length) - 1] ?? HeadingLevel.HEADING_4, children: [new TextRun(piece.text)] })
        : new Paragraph({ indent: { firstLine: 560 }, children: [new TextRun(piece.text)] }),
    ),
  ];
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** The report as a government site serves it: menus, breadcrumbs, a sidebar, share buttons, scripts and a footer around it. */
export function savedPage(report: Report, url: string): string {
  const body = pieces(report)
    .map((piece) => (piece.kind === 'heading' ? `<h${piece.level + 1}>${escape(piece.text)}</h${piece.level + 1}>` : `<p>　　${escape(piece.text)}</p>`))
    .join('\n');
  const links = (words: string[]) => words.map((w, i) => `<li><a href="/${i}.html">${w}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${escape(report.title)}_${escape(report.region)}人民政府门户网站</title>
<link rel="canonical" href="${url}">
<meta property="og:url" content="${url}?from=share">
<link rel="stylesheet" href="/css/main.css">
<script>window.dataLayer = [{ page: 'article' }]; function track() { return '政府工作报告 统计代码'; }</script>
</head><body>
<div class="top-bar">无障碍浏览 | 长者模式 | 繁体 | English | 登录 | 注册</div>
<header class="site-header"><div class="logo">${escape(report.region)}人民政府</div>
<nav class="main-nav"><ul>${links(['首页', '政务公开', '政务服务', '互动交流', '走进' + report.region, '政府工作报告', '政策文件', '新闻发布'])}</ul></nav>
<form class="search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></header>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
<div class="container"><div class="article">
<h1 class="article-title">${escape(report.title)}</h1>
<div class="info">来源：${escape(report.region)}人民政府办公厅　发布时间：${report.date ?? ''}　浏览次数：12345　字体：[大 中 小]</div>
<div class="article-content">
${frontMatter(report).map((line) => `<p style="text-align:center">${escape(line)}</p>`).join('\n')}
${body}
</div>
<div class="share">分享到：微信 微博 QQ空间　【打印本页】【关闭窗口】</div>
</div>
<aside class="sidebar"><h3>相关阅读</h3><ul>${links(['2024年政府工作报告解读', '图解政府工作报告', '十件民生实事清单', '往年政府工作报告'])}</ul>
<h3>热点专题</h3><ul>${links(['优化营商环境', '乡村振兴', '数字政府建设'])}</ul></aside></div>
<footer class="site-footer"><p>主办：${escape(report.region)}人民政府办公厅　承办：大数据发展管理局</p>
<p>网站标识码：5201000001　备案号：黔ICP备05000000号　公网安备 52010002000000号</p><p>版权所有 © ${escape(report.region)}人民政府</p></footer>
<script src="/js/stat.js"></script><script>document.write('<div>访问量统计</div>');</script>
</body></html>`;
}

/** Text in GBK, as Windows Notepad saves Chinese. */
export function gbk(text: string): Buffer {
  return iconv.encode(text, 'gbk');
}
