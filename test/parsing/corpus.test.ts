import { describe, expect, it } from 'vitest';
import { chunkReports } from '../../src/chunking/chunk.ts';
import type { Report } from '../../src/domain.ts';
import { corpus, FILE_003 } from '../corpus.ts';

const PROVINCES = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省',
  '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市',
  '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区',
];

function report(id: string): Report {
  const found = corpus().reports.find((r) => r.id === id);
  if (!found) throw new Error(`no report ${id}`);
  return found;
}

/** The paragraph holding a phrase, compared without whitespace. */
function paragraphWith(r: Report, phrase: string) {
  const found = r.paragraphs.find((p) => p.text.replace(/\s+/g, '').includes(phrase));
  if (!found) throw new Error(`no paragraph of ${r.id} contains ${phrase}`);
  return found;
}

describe('parsing the shipped corpus', () => {
  it('finds 35 distinct reports', () => {
    expect(corpus().reports).toHaveLength(35);
    expect(new Set(corpus().reports.map((r) => r.id)).size).toBe(35);
    expect(corpus().skipped).toEqual([]);
  });

  it('splits the provincial collection into 31 reports with the right regions, skipping its table of contents', () => {
    const provincial = corpus().reports.filter((r) => r.file === FILE_003);
    expect(provincial.map((r) => r.region)).toEqual(PROVINCES);
    expect(provincial.every((r) => r.year === 2025 && r.title === `2025年${r.region}政府工作报告`)).toBe(true);
    expect(provincial.some((r) => r.paragraphs.some((p) => p.text.includes('人代会')))).toBe(false);
  });

  it('normalises titles with odd wording and spacing', () => {
    expect(report('2025-chongqing').title).toBe('2025年重庆市政府工作报告');
    expect(report('2025-xinjiang').title).toBe('2025年新疆维吾尔自治区政府工作报告');
  });

  it('keeps one report of the 2017 Guiyang report printed eight times', () => {
    const copies = corpus().reports.filter((r) => r.file.startsWith('004_'));
    expect(copies.map((r) => r.title)).toEqual(['2017年贵阳市政府工作报告']);
    expect(corpus().duplicates.filter((d) => d.file.startsWith('004_'))).toHaveLength(7);
  });

  it('reads metadata printed after the body of the newspaper report', () => {
    const r = report('2025-guiyang');
    expect(r).toMatchObject({
      region: '贵阳市',
      year: 2025,
      date: '2025-01-12',
      meeting: '贵阳市第十五届人民代表大会第五次会议',
      speaker: '王宏',
      speakerRole: '代市长',
    });
  });

  it('infers the region of reports whose title names none', () => {
    expect(report('2024-guiyang')).toMatchObject({ region: '贵阳市', date: '2024-01-31' });
    expect(report('2026-guiyang')).toMatchObject({ region: '贵阳市', date: '2026-01-19' });
  });

  it('reads date, speaker and source URL of the provincial reports', () => {
    expect(report('2025-beijing')).toMatchObject({
      date: '2025-01-14',
      speaker: '殷勇',
      speakerRole: '北京市市长',
      sourceUrl: 'http://bj.people.com.cn/n2/2025/0122/c14540-41116991.html',
    });
    expect(report('2025-heilongjiang').sourceUrl).toBe('http://hlj.people.com.cn/n2/2025/0206/c220005-41127370.html');
    expect(report('2025-xinjiang').speaker).toBe('艾尔肯·吐尼亚孜');
  });

  it('keeps URLs, captions, web headers and continuation markers out of every chunk', () => {
    const chunks = chunkReports(corpus().reports);
    const noise = /https?:|<http|摄。?$|[（(][上下][转接][A-Z]?\d+版[）)]|浏览次数|发布时间|小字号/m;
    expect(chunks.filter((c) => noise.test(c.text)).map((c) => c.text.slice(0, 60))).toEqual([]);
  });

  it('rejoins paragraphs broken across a page break, dropping the repeated character', () => {
    expect(paragraphWith(report('2025-beijing'), '居民消费价格').text).toContain('万元地区生产总值能耗、水耗');
    expect(paragraphWith(report('2025-beijing'), '雄安新区中关村').text).toContain('雄安新区中关村科技园累计入驻企业130家');
    expect(paragraphWith(report('2025-guangdong'), '横琴合作区').text).toContain('粤港澳大湾区建设');
  });

  it('rebuilds paragraphs from newspaper columns, across blank lines inside sentences', () => {
    const r = report('2025-guiyang');
    expect(r.paragraphs[0]?.text).toBe('现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。');
    expect(paragraphWith(r, '启动实施').text).toContain('启动实施“平急两用”公共基础设施项目55个');
    expect(paragraphWith(r, '连续6个季度').text).toContain('贵安新区直管区生产总值连续6个季度保持20%以上增长');
  });

  it('gives paragraphs the section path of their headings and inline leads', () => {
    expect(paragraphWith(report('2024-guiyang'), '5154.75亿元').sectionPath).toEqual(['一、2023年工作回顾']);
    expect(paragraphWith(report('2024-guiyang'), '狠抓产业基地建设').sectionPath).toEqual([
      '二、2024年工作目标和主要任务',
      '（一）全力抓工业、调结构，推动重点产业集聚发展',
    ]);
    expect(paragraphWith(report('2025-guiyang'), '规模以上工业增加值增长9.7%').sectionPath).toEqual([
      '2024年工作回顾',
      '（一）工业产业提质升级迈出新步伐',
    ]);
    expect(paragraphWith(report('2017-guiyang'), '生产总值增长11%').sectionPath).toEqual(['三、2017年工作安排']);
    expect(paragraphWith(report('2026-guiyang'), '全力提振消费').sectionPath).toEqual([
      '三、2026年重点工作',
      '（一）持续扩大有效需求，促进供需良性互动',
    ]);
    expect(paragraphWith(report('2025-beijing'), '城镇调查失业率4.1%左右').sectionPath).toEqual(['一、2024年工作回顾']);
    expect(paragraphWith(report('2025-gansu'), '提升新型城镇化水平').sectionPath).toEqual([
      '三、2025年重点工作',
      '三是统筹新型城镇化和乡村振兴，促进城乡融合发展',
    ]);
    expect(paragraphWith(report('2025-sichuan'), '过去一年，是实现').sectionPath).toEqual(['2024年工作回顾']);
    expect(report('2025-chongqing').sections.map((s) => s.title)).toContain('三、持续提升政府治理效能和服务水平');
  });

  it('opens a section at a paragraph that is nothing but a numbered lead sentence', () => {
    expect(paragraphWith(report('2025-chongqing'), '力争空气质量优良天数达到338天以上').sectionPath).toEqual([
      '二、2025年主要任务',
      '（六）聚力打造美丽中国建设先行区，在筑牢长江上游重要生态屏障上实现新作为',
    ]);
  });

  it('keeps an address to the deputies inside its section when a sibling section follows', () => {
    expect(paragraphWith(report('2025-hubei'), '今年继续实施10大类55项民生实事').sectionPath).toEqual([
      '二、2025年工作思路和重点任务',
      '（七）在保障和改善民生上用心用力，持续增强人民群众获得感',
    ]);
    expect(paragraphWith(report('2025-chongqing'), '回顾过去一年，我们在抢抓机遇中').sectionPath).toEqual(['一、2024年工作回顾']);
  });

  it('makes glossaries and appendices sections of their own', () => {
    expect(paragraphWith(report('2025-sichuan'), '1.六大优势产业').sectionPath).toEqual(['名词解释']);
    expect(paragraphWith(report('2025-yunnan'), '主办单位：省人力资源社会保障厅、省财政厅').sectionPath).toEqual([
      '附件 2025年10件惠民实事',
      '一、稳定和扩大就业',
    ]);
    expect(paragraphWith(report('2025-hainan'), '[5]五停一关').sectionPath).toEqual(['注释']);
  });
});
