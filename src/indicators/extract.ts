/**
 * The indicator table: every figure of a known indicator each chunk states as the report's own, as a row with
 * its target or result, year, value and the clause that states it. Pure text: built without the embedding model.
 * A figure whose subject is in doubt (another region, a sector, a share of the indicator) is left out.
 */
import { formatSectionPath, type Chunk, type ReportMeta } from '../domain.ts';
import { lookupRegion } from '../regions.ts';
import { clausesOf, type Clause } from './clauses.ts';
import { figureContext } from './context.ts';
import { unitsOf, type Indicator, type Measure } from './definitions.ts';
import { isNumberlessTarget, readFigures, readStretch, type Figure, type FigureType } from './figures.ts';
import { findMentions, isOwnSubject, type Mention } from './mentions.ts';
import { readRespectively } from './respectively.ts';
import type { IndicatorRow } from './row.ts';

type ReportFacts = Pick<ReportMeta, 'id' | 'region' | 'year'>;

/** The measures a figure may be of, and the sign its value takes: `下降0.1%` is a growth of -0.1. */
const READINGS: Readonly<Record<FigureType, readonly { measure: Measure; sign: 1 | -1 }[]>> = {
  growth: [{ measure: 'growth', sign: 1 }],
  decline: [{ measure: 'decline', sign: 1 }, { measure: 'growth', sign: -1 }],
  level: [{ measure: 'level', sign: 1 }],
  amount: [{ measure: 'amount', sign: 1 }, { measure: 'level', sign: 1 }],
};

/** Which of the indicators a name may stand for the figure is of, by its kind and unit. */
function indicatorOf(candidates: readonly Indicator[], figure: Figure): { indicator: Indicator; sign: 1 | -1 } | undefined {
  for (const { measure, sign } of READINGS[figure.type]) {
    const indicator = candidates.find((c) => c.measure === measure && unitsOf(c).includes(figure.unit));
    if (indicator) return { indicator, sign };
  }
  return undefined;
}

/** A clause led by `力争` hedges every figure it lists: `力争货物贸易进出口总额增长15%、实际利用外资增长10%`. */
const LEAD_HEDGE = /力争/;

/** A target set in words stands for the name's change when it has one: `居民收入增长与经济增长同步`. */
const NUMBERLESS_PREFERENCE: readonly Measure[] = ['growth', 'decline', 'level', 'amount'];
/** Numberless targets are read only in a sentence listing targets. */
const LISTS_TARGETS = /目标/;

interface Place {
  report: ReportFacts;
  regionLevel: IndicatorRow['regionLevel'];
  chunk: Chunk;
  clause: Clause;
}

function rowOf(place: Place, mention: Mention, figure: Figure): IndicatorRow | undefined {
  const { report, chunk, clause } = place;
  const reading = indicatorOf(mention.candidates, figure);
  if (!reading) return undefined;
  const context = figureContext(chunk.sectionPath[0], report.year, chunk.text.slice(clause.sentenceStart, figure.end), chunk.text.slice(figure.end, clause.end));
  if (!context || (figure.multiYear && !context.period.includes('-'))) return undefined;
  const stretch = context.kind === 'target' ? readStretch(chunk.text, figure.end, clause.sentenceEnd) : undefined;
  const value = (n: number): number => reading.sign * n;
  const qualifier = figure.qualifier ?? LEAD_HEDGE.exec(chunk.text.slice(clause.start, mention.at))?.[0];
  return {
    indicator: reading.indicator.id,
    region: report.region,
    regionLevel: place.regionLevel,
    reportId: report.id,
    period: context.period,
    kind: context.kind,
    estimate: context.estimate,
    ...(figure.high !== undefined ? { value: null, low: value(figure.low), high: value(figure.high) } : { value: value(figure.low) }),
    unit: figure.unit,
    ...(qualifier ? { qualifier } : {}),
    ...(stretch ? { stretch: { text: stretch.text, value: stretch.value } } : {}),
    quote: chunk.text.slice(clause.start, Math.max(clause.end, stretch?.end ?? 0)).trim(),
    chunkId: chunk.id,
    section: formatSectionPath(chunk.sectionPath),
  };
}

function numberlessRow(place: Place, mention: Mention): IndicatorRow | undefined {
  const { report, chunk, clause } = place;
  const rest = chunk.text.slice(mention.end, clause.end);
  if (!isNumberlessTarget(rest)) return undefined;
  const before = chunk.text.slice(clause.sentenceStart, clause.end);
  const context = figureContext(chunk.sectionPath[0], report.year, before);
  if (context?.kind !== 'target' || !LISTS_TARGETS.test(chunk.text.slice(clause.sentenceStart, mention.at))) return undefined;
  const indicator = NUMBERLESS_PREFERENCE.map((m) => mention.candidates.find((c) => c.measure === m)).find((c) => c !== undefined);
  if (!indicator) return undefined;
  return {
    indicator: indicator.id,
    region: report.region,
    regionLevel: place.regionLevel,
    reportId: report.id,
    period: context.period,
    kind: 'target',
    estimate: false,
    value: null,
    unit: indicator.unit,
    quote: chunk.text.slice(clause.start, clause.end).trim(),
    chunkId: chunk.id,
    section: formatSectionPath(chunk.sectionPath),
  };
}

function clauseRows(place: Place, isOwn: (prefix: string) => boolean): IndicatorRow[] {
  const { chunk, clause } = place;
  const text = chunk.text;
  const respective = readRespectively(text, clause.start, clause.end, isOwn);
  if (respective) return respective.flatMap(({ mention, figure }) => rowOf(place, mention, figure) ?? []);
  const mentions = findMentions(text.slice(clause.start, clause.end)).map((m) => ({ ...m, at: m.at + clause.start, end: m.end + clause.start }));
  const rows: IndicatorRow[] = [];
  let consumed = clause.start;
  for (const [i, mention] of mentions.entries()) {
    if (mention.at < consumed) continue;
    const own = isOwn(text.slice(consumed, mention.at).replace(/^、/, ''));
    consumed = mention.end;
    if (!own) continue;
    const figures = readFigures(text, mention.end, mentions[i + 1]?.at ?? clause.end, mention.variant);
    if (figures.length === 0) {
      const numberless = numberlessRow(place, mention);
      // The rest of the clause is the target's wording, whatever names it holds (`与经济增长同步`).
      if (numberless) return [...rows, numberless];
      continue;
    }
    rows.push(...figures.flatMap((figure) => rowOf(place, mention, figure) ?? []));
    consumed = figures.at(-1)?.end ?? consumed;
  }
  return rows;
}

export function extractIndicators(reports: readonly ReportFacts[], chunks: readonly Chunk[]): IndicatorRow[] {
  const byId = new Map(reports.map((r) => [r.id, r]));
  const rows: IndicatorRow[] = [];
  for (const chunk of chunks) {
    const report = byId.get(chunk.reportId);
    if (!report) continue;
    const region = lookupRegion(report.region);
    const isOwn = (prefix: string): boolean => isOwnSubject(prefix, report.region, region?.short ?? report.region);
    for (const clause of clausesOf(chunk.text)) {
      rows.push(...clauseRows({ report, regionLevel: region?.level ?? 'province', chunk, clause }, isOwn));
    }
  }
  return rows;
}
