/**
 * What the start screen says the assistant knows, computed from the reports the server holds: a line a reader takes
 * in at a glance (`31个省级地区的2025年政府工作报告，贵阳市2017、2024—2026年报告`), the regions grouped by level on
 * demand, and where a year's results are to be found (the next year's report reviews the year before).
 */
import { h } from './dom.ts';
import { language, t, type Language, type StringKey } from './i18n.ts';
import type { ListedReport } from './types.ts';

type Level = ListedReport['level'];

/** Provinces with the same years are counted together once there are this many; fewer are named. */
const COUNTED_FROM = 4;
const LEVEL_KEYS: Record<Level, StringKey> = { province: 'levelProvince', city: 'levelCity', county: 'levelCounty' };
const LEVELS: readonly Level[] = ['province', 'city', 'county'];

/** `2017、2024—2026` / `2017 and 2024–2026`: runs of consecutive years joined by a dash. */
export function yearRuns(years: readonly number[], lang: Language): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    const dash = lang === 'zh' ? '—' : '–';
    runs.push(j - i >= 2 ? `${sorted[i]}${dash}${sorted[j]}` : sorted.slice(i, j + 1).join(lang === 'zh' ? '、' : ', '));
    i = j + 1;
  }
  if (lang === 'zh') return runs.join('、');
  return runs.length <= 1 ? (runs[0] ?? '') : `${runs.slice(0, -1).join(', ')} and ${runs.at(-1)}`;
}

interface RegionYears {
  region: string;
  regionEn: string;
  level: Level;
  years: number[];
}

function byRegion(reports: readonly ListedReport[]): RegionYears[] {
  const regions = new Map<string, RegionYears>();
  for (const report of reports) {
    const entry = regions.get(report.region) ?? { region: report.region, regionEn: report.regionEn, level: report.level, years: [] };
    entry.years.push(report.year);
    regions.set(report.region, entry);
  }
  return [...regions.values()];
}

/** The reports in one line: provinces sharing their years counted together, every other region named with its years. */
export function coverageLine(reports: readonly ListedReport[], lang: Language): string {
  const regions = byRegion(reports);
  const parts: string[] = [];
  const provinces = new Map<string, RegionYears[]>();
  for (const region of regions.filter((r) => r.level === 'province')) {
    const key = yearRuns(region.years, lang);
    provinces.set(key, [...(provinces.get(key) ?? []), region]);
  }
  for (const [years, group] of [...provinces].sort((a, b) => b[1].length - a[1].length)) {
    if (group.length >= COUNTED_FROM) {
      parts.push(lang === 'zh' ? `${group.length}个省级地区的${years}年政府工作报告` : `${years} government work reports of ${group.length} provincial-level regions`);
      continue;
    }
    for (const region of group) parts.push(lang === 'zh' ? `${region.region}${years}年报告` : `${region.regionEn}'s reports of ${years}`);
  }
  for (const region of regions.filter((r) => r.level !== 'province')) {
    parts.push(lang === 'zh' ? `${region.region}${yearRuns(region.years, lang)}年报告` : `${region.regionEn}'s reports of ${yearRuns(region.years, lang)}`);
  }
  return parts.join(lang === 'zh' ? '，' : '; ');
}

/** Where a year's results are: in the report of the year most reports are of, about the year before. */
export function resultsLine(reports: readonly ListedReport[], lang: Language): string | undefined {
  const counts = new Map<number, number>();
  for (const report of reports) counts.set(report.year, (counts.get(report.year) ?? 0) + 1);
  const year = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  if (year === undefined) return undefined;
  return lang === 'zh' ? `${year - 1}年的实际数据在${year}年的报告里` : `Results for ${year - 1} are in the ${year} reports`;
}

/** The regions by level, each named in the page's language, with its report years. */
function regionsByLevel(reports: readonly ListedReport[], lang: Language): HTMLElement {
  const regions = byRegion(reports);
  const groups = LEVELS.flatMap((level) => {
    const inLevel = regions.filter((r) => r.level === level);
    if (inLevel.length === 0) return [];
    const items = inLevel.map((r) => h('li', {}, lang === 'zh' ? r.region : r.regionEn, h('span', { class: 'coverage-years' }, ` ${yearRuns(r.years, lang)}`)));
    return [h('div', { class: 'coverage-level' }, h('h4', {}, `${t(LEVEL_KEYS[level])} (${inLevel.length})`), h('ul', {}, ...items))];
  });
  return h('details', { class: 'coverage-regions' }, h('summary', { label: 'regionsByLevel' }), ...groups);
}

/** The coverage block of the start screen, in the page's language now. */
export function coverageView(reports: readonly ListedReport[]): HTMLElement[] {
  const lang = language();
  const results = resultsLine(reports, lang);
  return [
    h('p', { class: 'coverage-line' }, h('span', { class: 'coverage-label', label: 'coverage' }), coverageLine(reports, lang)),
    results ? h('p', { class: 'coverage-results' }, results) : null,
    regionsByLevel(reports, lang),
  ].filter((node): node is HTMLElement => node !== null);
}

/** An example question of each kind the assistant answers well; a follow-up is two questions asked one after the other. */
export interface Example {
  kind: StringKey;
  questions: string[];
}

export const EXAMPLES: readonly Example[] = [
  { kind: 'exampleFigure', questions: ['2024年北京GDP增长多少？'] },
  { kind: 'exampleList', questions: ['2025年江西省未来产业六大领域是哪些？'] },
  { kind: 'exampleComparison', questions: ['2024年北京和上海GDP增长哪个更快？'] },
  { kind: 'exampleRanking', questions: ['哪个省2025年GDP增长目标最高？'] },
  { kind: 'exampleFollowUp', questions: ['2024年上海GDP增长多少？', '那北京呢？'] },
  { kind: 'exampleEnglish', questions: ["What was Shanghai's GDP growth in 2024?"] },
];
