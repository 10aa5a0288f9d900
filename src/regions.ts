/**
 * Gazetteer of China's provincial-, prefecture- and county-level regions (from china-area-data), with the short
 * and English names people use for them in questions.
 */
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

export interface Region {
  /** Official full name, e.g. `广西壮族自治区`, `贵阳市`. */
  name: string;
  /** Everyday name, e.g. `广西`, `贵阳`. */
  short: string;
  level: 'province' | 'city' | 'county';
  /** For a city or county, the full name of its province. */
  province?: string;
  /** For a county or district, the full name of its city. */
  city?: string;
  /** Lower-case English names and romanisations, e.g. `inner mongolia`, `neimenggu`. */
  english: string[];
  /** ASCII slug for ids, e.g. `guangxi`. */
  slug: string;
}

type AreaData = Record<string, Record<string, string>>;
const areaData = createRequire(import.meta.url)('china-area-data/data.json') as AreaData;

const ETHNIC_GROUPS =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|羌|撒拉|仡佬|锡伯|普米|塔吉克|怒|裕固|独龙';
const AUTONOMOUS_PREFECTURE = new RegExp(`^(.+?)(?:(?:${ETHNIC_GROUPS})族?)+自治州$`);
const PROVINCE_SUFFIX = /(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)$/;
const CITY_SUFFIX = /(?:市|地区|盟)$/;
/** Placeholders in the source data that are not regions. */
const NOT_A_REGION = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
/** City short names that are also everyday words; these cities are found by full name only. */
const AMBIGUOUS_CITY_SHORT = new Set(['中山', '黄山', '白山', '阿里', '兴安', '海东', '海北', '海西', '海南']);

/** English names that are not the plain romanisation. */
const ENGLISH_ALIASES: Record<string, string[]> = {
  内蒙古自治区: ['inner mongolia'],
  西藏自治区: ['tibet'],
  陕西省: ['shaanxi'],
  香港特别行政区: ['hong kong', 'hongkong'],
  澳门特别行政区: ['macau', 'macao'],
  哈尔滨市: ['harbin'],
  拉萨市: ['lhasa'],
  西安市: ["xi'an", 'xian'],
  乌鲁木齐市: ['urumqi'],
  呼和浩特市: ['hohhot'],
  喀什地区: ['kashgar'],
};

function romanise(chinese: string): string {
  return pinyin(chinese, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase();
}

function shortName(name: string, level: Region['level']): string {
  if (level === 'province') return name.replace(PROVINCE_SUFFIX, '') || name;
  const prefecture = AUTONOMOUS_PREFECTURE.exec(name);
  if (prefecture?.[1]) return prefecture[1];
  const short = name.replace(CITY_SUFFIX, '');
  return short.length >= 2 ? short : name;
}

function makeRegion(name: string, level: 'province' | 'city', province?: string): Region {
  const short = shortName(name, level);
  const aliases = ENGLISH_ALIASES[name] ?? [];
  const romanised = romanise(short);
  const slug = (aliases[0] ?? romanised).replace(/[^a-z]+/g, '');
  const english = [...new Set([...aliases, romanised])];
  return { name, short, level, english, slug, ...(province ? { province } : {}) };
}

/**
 * A county or district is found by its full name alone, and only when that name is of three characters or more
 * and names one place: `花溪区`, `瓦房店市`; not `和县` (in `市和县`), `城区`, or the `朝阳区` of both Beijing and
 * Changchun.
 */
function usableCountyNames(): Set<string> {
  const seen = new Map<string, number>();
  for (const province of Object.keys(areaData['86'] ?? {})) {
    for (const city of Object.keys(areaData[province] ?? {})) {
      for (const name of Object.values(areaData[city] ?? {})) seen.set(name, (seen.get(name) ?? 0) + 1);
    }
  }
  return new Set([...seen].filter(([name, count]) => count === 1 && name.length >= 3 && !NOT_A_REGION.test(name)).map(([name]) => name));
}

function makeCounty(name: string, city: string, province: string): Region {
  const slug = romanise(name).replace(/[^a-z]+/g, '');
  return { name, short: name, level: 'county', province, city, english: [], slug };
}

function loadRegions(): Region[] {
  const provinces = Object.entries(areaData['86'] ?? {});
  const counties = usableCountyNames();
  const regions: Region[] = [];
  const countyRegions: Region[] = [];
  for (const [code, name] of provinces) {
    regions.push(makeRegion(name, 'province'));
    for (const [cityCode, cityName] of Object.entries(areaData[code] ?? {})) {
      const city = NOT_A_REGION.test(cityName) ? undefined : makeRegion(cityName, 'city', name);
      if (city) regions.push(city);
      for (const county of Object.values(areaData[cityCode] ?? {})) {
        if (counties.has(county)) countyRegions.push(makeCounty(county, city?.name ?? name, name));
      }
    }
  }
  // Provinces and cities come first, so that they keep a name a county shares (吉林市 the city, not a district).
  return [...regions, ...countyRegions];
}

export const REGIONS: readonly Region[] = loadRegions();

const BY_NAME = new Map<string, Region>();
for (const region of REGIONS) {
  // Provinces come first, so a province keeps a short name it shares with a city (吉林).
  if (!BY_NAME.has(region.name)) BY_NAME.set(region.name, region);
  const shortUsable = region.level === 'province' || !AMBIGUOUS_CITY_SHORT.has(region.short);
  if (shortUsable && !BY_NAME.has(region.short)) BY_NAME.set(region.short, region);
}

/** The chain of regions a region lies in, nearest first: 花溪区 → 贵阳市, 贵州省. */
export function parentsOf(region: Region): string[] {
  return [region.city, region.province].filter((name): name is string => name !== undefined && name !== region.name);
}

/** The region a full or short name denotes, e.g. `贵阳` → 贵阳市. */
export function lookupRegion(name: string): Region | undefined {
  return BY_NAME.get(name.replace(/\s+/g, ''));
}

const NAMES_LONGEST_FIRST = [...BY_NAME.keys()].sort((a, b) => b.length - a.length);
const CHINESE_NAME_PATTERN = new RegExp(NAMES_LONGEST_FIRST.join('|'), 'g');

const ENGLISH_NAMES = new Map<string, Region>();
for (const region of REGIONS) {
  const usable = region.level === 'province' || !AMBIGUOUS_CITY_SHORT.has(region.short);
  if (!usable) continue;
  for (const english of region.english) if (!ENGLISH_NAMES.has(english)) ENGLISH_NAMES.set(english, region);
}
const ENGLISH_NAME_PATTERN = new RegExp(
  `\\b(?:${[...ENGLISH_NAMES.keys()].sort((a, b) => b.length - a.length).join('|')})\\b`,
  'gi',
);

/** Every region named in a text, in order of first mention, by Chinese or English name. */
export function findRegions(text: string): Region[] {
  const found: Region[] = [];
  const add = (region: Region | undefined): void => {
    if (region && !found.includes(region)) found.push(region);
  };
  for (const match of text.matchAll(CHINESE_NAME_PATTERN)) add(BY_NAME.get(match[0]));
  for (const match of text.matchAll(ENGLISH_NAME_PATTERN)) add(ENGLISH_NAMES.get(match[0].toLowerCase()));
  return found;
}

/** ASCII slug for a region name, romanised when the name is not in the gazetteer. */
export function regionSlug(name: string): string {
  return lookupRegion(name)?.slug ?? (romanise(name).replace(/[^a-z0-9]+/g, '') || 'region');
}
