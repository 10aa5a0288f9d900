/**
 * Classifying single lines of a report: the title, metadata (meeting and date, speaker, source URL) and
 * noise that must never reach a chunk (web headers, photo captions, print layout markers).
 */
import { collapseCjkSpaces } from './text.ts';

const TITLE = /^(?:#{1,6}\s*)?(?:\*\*)?\s*(?:(\d{4})\s*年)?\s*(.{0,24}?)\s*(?:人民)?政府工作报告\s*(?:\*\*)?$/;

export interface TitleLine {
  year?: number;
  /** The region as written in the title; empty when the title names none (`2024年政府工作报告`). */
  regionText: string;
}

/** A line that is a report title such as `2025 年北京市政府工作报告` (spacing removed first). */
export function parseTitleLine(line: string): TitleLine | undefined {
  const match = TITLE.exec(collapseCjkSpaces(line).replace(/\s+/g, ''));
  if (!match) return undefined;
  const regionText = match[2] ?? '';
  if (/[，。；：！？]/.test(regionText)) return undefined;
  return { ...(match[1] ? { year: Number(match[1]) } : {}), regionText };
}

const URL = /<?(https?:\/\/[^\s<>]+)>?/;
const URL_LINE = /^[^\s<>]{0,16}\s*<?https?:\/\/[^\s<>]+>?$/;

/** The URL of a line that is only a (possibly labelled) link, e.g. `<http://…>` or `来源：人民网 <http://…>`. */
export function parseUrlLine(line: string): string | undefined {
  const t = line.trim();
  if (!URL_LINE.test(t)) return undefined;
  return URL.exec(t)?.[1];
}

const MEETING = /^[—–\-\s]*[（(]?\s*(?:(\d{4})年(\d{1,2})月(\d{1,2})日)?在(.+?(?:人民代表大会|人大).*?会议)上\s*[）)]?$/;

export interface MeetingLine {
  date?: string;
  meeting: string;
}

/** `——2025年1月14日在北京市第十六届人民代表大会第三次会议上`, with or without date or brackets. */
export function parseMeetingLine(line: string): MeetingLine | undefined {
  const match = MEETING.exec(collapseCjkSpaces(line).replace(/\s+/g, ''));
  if (!match?.[4]) return undefined;
  const [, year, month, day, meeting] = match;
  const date =
    year && month && day ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : undefined;
  return { meeting, ...(date ? { date } : {}) };
}

const SPEAKER = /^(.{0,16}?(?:代理|代|常务副)?(?:省长|市长|主席|区长|州长|县长))([\u4e00-\u9fff·]{2,10})$/;

export interface SpeakerLine {
  role: string;
  name: string;
}

/** `北京市市长 殷勇`, `代市长 王 宏`, `自治区主席 艾尔肯·吐尼亚孜`. */
export function parseSpeakerLine(line: string): SpeakerLine | undefined {
  const compact = collapseCjkSpaces(line).replace(/\s+/g, '');
  if (compact.length > 30) return undefined;
  const match = SPEAKER.exec(compact);
  if (!match?.[1] || !match[2]) return undefined;
  return { role: match[1], name: match[2] };
}

const NOISE: readonly RegExp[] = [
  // Web page headers: `来源: 贵阳日报  发布时间: …  浏览次数…  字体:[…]`, `2025 年 01 月 22 日 09:49 | 来源：北京日报`.
  /^来源\s*[:：].*(?:发布时间|浏览次数|字体)/,
  /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\d{1,2}:\d{2}\s*\|/,
  /^(?:来源|责任编辑|编辑)\s*[:：]\s*\S{1,20}$/,
  /^(?:小字号|大字号|字号|字体\s*[:：].*)$/,
  // Photo captions: `…作政府工作报告。记者…摄`, `张工作政府工作报告。`.
  /作政府工作报告[。.]?[^，,]{0,30}摄影?[。.]?$/,
  /^[^，,]{1,20}作政府工作报告[。.]?$/,
  /(?:记者|摄影|通讯员)\s*\S{0,12}\s*摄[。.]?$/,
  // Print layout: a continuation marker on a line of its own.
  /^[（(]\s*(?:[上下]转|转|接|[上下]接)\s*(?:第)?[A-Z]?\d+\s*版\s*[）)]$/,
  /^各位代表[：:！!]$/,
];

/** Lines that carry no report content. */
export function isNoiseLine(line: string): boolean {
  const t = line.trim();
  return NOISE.some((pattern) => pattern.test(t));
}

const CONTINUED_ON = /[（(]\s*下转\s*(?:第)?[A-Z]?\d+\s*版\s*[）)]\s*$/;
const CONTINUED_FROM = /^\s*[（(]\s*上接\s*(?:第)?[A-Z]?\d+\s*版\s*[）)]\s*/;

/** Splits off a trailing `（下转2版）`: the paragraph goes on where a line opens with `（上接…）`. */
export function takeContinuedOn(line: string): { text: string; continued: boolean } {
  return CONTINUED_ON.test(line)
    ? { text: line.replace(CONTINUED_ON, '').trimEnd(), continued: true }
    : { text: line, continued: false };
}

export function takeContinuedFrom(line: string): { text: string; continued: boolean } {
  return CONTINUED_FROM.test(line)
    ? { text: line.replace(CONTINUED_FROM, ''), continued: true }
    : { text: line, continued: false };
}
