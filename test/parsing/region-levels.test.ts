/**
 * Reports of cities and counties, and what a sidecar says: made from the corpus's own 2024 and 2017 Guiyang
 * reports with the region replaced (遵义市, a city; 花溪区, a district of Guiyang), read and answered from a folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type Assistant } from '../../src/answering/ask.ts';
import { openIndex } from '../../src/indexing/open.ts';
import { readCorpus, type ParsedCorpus } from '../../src/parsing/corpus.ts';
import { lookupRegion, parentsOf } from '../../src/regions.ts';
import { CORPUS_DIR, tempDir } from '../corpus.ts';

const GUIYANG_2024 = readFileSync(join(CORPUS_DIR, '001_3f56b829cd352b44.txt'), 'utf8');
const GUIYANG_2017 = readFileSync(join(CORPUS_DIR, '004_0e8a080e10ab87bc.txt'), 'utf8');
const PLAN = ['遵义市数字经济发展规划', '', '一、发展目标', '', '到2025年，全市数字经济增加值突破1500亿元，数据中心机架规模达到2万架。'].join('\n');

function folder(files: Record<string, string>): string {
  const dir = tempDir('zbwd-regions-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const byId = (parsed: ParsedCorpus, id: string) => parsed.reports.find((r) => r.id === id);

describe('reports of cities and counties', () => {
  let parsed: ParsedCorpus;
  beforeAll(async () => {
    parsed = await readCorpus(folder({
      'guiyang.txt': GUIYANG_2024,
      'zunyi.txt': GUIYANG_2024.replaceAll('贵阳', '遵义'),
      'huaxi.txt': GUIYANG_2017.replaceAll('贵阳市', '花溪区').replaceAll('贵阳', '花溪'),
    }));
  });

  it('reads each region at its level, with the chain of regions it lies in', () => {
    const zunyi = byId(parsed, '2024-zunyi');
    const huaxi = byId(parsed, '2017-huaxiqu');
    expect(zunyi).toMatchObject({ title: '2024年遵义市政府工作报告', region: '遵义市', meeting: '遵义市第十五届人民代表大会第四次会议', date: '2024-01-31' });
    expect(huaxi).toMatchObject({ title: '2017年花溪区政府工作报告', region: '花溪区', speaker: '刘文新', speakerRole: '市长' });
    expect(lookupRegion('遵义市')?.level).toBe('city');
    expect(parentsOf(lookupRegion('遵义市')!)).toEqual(['贵州省']);
    expect(lookupRegion('花溪区')?.level).toBe('county');
    expect(parentsOf(lookupRegion('花溪区')!)).toEqual(['贵阳市', '贵州省']);
    expect(byId(parsed, '2024-guiyang')?.region).toBe('贵阳市');
  });
});

describe('a sidecar FILE.meta.json', () => {
  it('overrides what the parser found', async () => {
    const dir = folder({ 'zunyi.txt': GUIYANG_2024.replaceAll('贵阳', '遵义') });
    writeFileSync(join(dir, 'zunyi.txt.meta.json'), JSON.stringify({ region: '绵阳', year: 2023, speaker: '张三', role: '市长', date: '2023-02-01' }));
    const [report] = (await readCorpus(dir)).reports;
    expect(report).toMatchObject({ id: '2023-mianyang', title: '2023年绵阳市政府工作报告', region: '绵阳市', year: 2023, speaker: '张三', speakerRole: '市长', date: '2023-02-01' });
  });

  it('refuses the file, naming the field, when the sidecar is not of its shape', async () => {
    const dir = folder({ 'zunyi.txt': GUIYANG_2024.replaceAll('贵阳', '遵义'), 'other.txt': GUIYANG_2024 });
    writeFileSync(join(dir, 'zunyi.txt.meta.json'), JSON.stringify({ region: '遵义', yeer: 2024 }));
    const parsed = await readCorpus(dir);
    expect(parsed.reports.map((r) => r.id)).toEqual(['2024-guiyang']);
    expect(parsed.skipped).toEqual([{ file: 'zunyi.txt', code: 'invalid-metadata', reason: expect.stringContaining('yeer') }]);
  });

  it('indexes a document that is not a work report under its title, marked so, once it has a year', async () => {
    const dir = folder({ 'plan.txt': PLAN });
    expect((await readCorpus(dir)).skipped).toEqual([{ file: 'plan.txt', reason: 'no year in title or date (give it in plan.txt.meta.json)' }]);
    writeFileSync(join(dir, 'plan.txt.meta.json'), JSON.stringify({ year: 2021 }));
    const [report] = (await readCorpus(dir)).reports;
    expect(report).toMatchObject({ id: '2021-zunyi-document', kind: 'document', title: '遵义市数字经济发展规划', region: '遵义市', year: 2021 });
  });
});

describe('answering about a city whose report was added', () => {
  let assistant: Assistant;
  beforeAll(async () => {
    const dir = folder({ 'guiyang.txt': GUIYANG_2024, 'zunyi.txt': GUIYANG_2024.replaceAll('贵阳', '遵义').replace('5.5%左右', '6.5%左右'), 'huaxi.txt': GUIYANG_2017.replaceAll('贵阳市', '花溪区').replaceAll('贵阳', '花溪') });
    assistant = createAssistant(await openIndex({ corpusDir: dir, indexDir: tempDir('zbwd-regions-index-'), log: () => {} }));
  }, 60_000);

  it('answers a question about 遵义 from 遵义\'s report, and one about 贵阳 from 贵阳\'s', async () => {
    const zunyi = await assistant.ask('遵义2024年地区生产总值增长目标是多少？', { k: 3 });
    expect(zunyi.refused).toBe(false);
    expect(zunyi.answer).toContain('6.5%左右');
    expect(new Set(zunyi.citations.map((c) => c.reportId))).toEqual(new Set(['2024-zunyi']));
    const guiyang = await assistant.ask('贵阳2024年地区生产总值增长目标是多少？', { k: 3 });
    expect(guiyang.answer).toContain('5.5%左右');
    expect(new Set(guiyang.citations.map((c) => c.reportId))).toEqual(new Set(['2024-guiyang']));
  });

  it('answers about a district from its own report', async () => {
    const huaxi = await assistant.ask('花溪区2017年地区生产总值增长目标是多少？', { k: 3 });
    expect(huaxi.refused).toBe(false);
    expect(new Set(huaxi.citations.map((c) => c.reportId))).toEqual(new Set(['2017-huaxiqu']));
  });

  it('refuses a city of the same province that has no report', async () => {
    const bijie = await assistant.ask('毕节2024年地区生产总值增长目标是多少？', { k: 3 });
    expect(bijie.refused).toBe(true);
  });
});
