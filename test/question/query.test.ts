import { describe, expect, it } from 'vitest';
import { readQuery } from '../../src/question/query.ts';

const regions = (question: string) => readQuery(question).regions.map((r) => r.name);

describe('understanding questions', () => {
  it('finds regions by full, short and English names', () => {
    expect(regions('贵阳2024年新增就业多少人')).toEqual(['贵阳市']);
    expect(regions('广西、内蒙古和新疆哪个增长更快')).toEqual(['广西壮族自治区', '内蒙古自治区', '新疆维吾尔自治区']);
    expect(regions('What was GDP growth in Inner Mongolia and Shaanxi?')).toEqual(['内蒙古自治区', '陕西省']);
    expect(regions('吉林省的粮食产量')).toEqual(['吉林省']);
  });

  it('finds years and whether targets or results are asked for', () => {
    expect(readQuery('2025年北京市地区生产总值增长目标是多少').intent).toBe('plan');
    expect(readQuery('2024年北京市地区生产总值实现了多少增长').intent).toBe('review');
    expect(readQuery('2023年和2024年贵阳的GDP').years).toEqual([2023, 2024]);
  });

  it('finds the five-year plan a question names', () => {
    expect(readQuery('“十四五”期间贵阳市引进品牌首店多少家？').plan).toBe('十四五');
    expect(readQuery('How many new urban jobs did Guiyang create during the 14th Five-Year Plan period?').plan).toBe('十四五');
    expect(readQuery('十五五规划纲要草案共设置多少个主要指标？').plan).toBe('十五五');
    expect(readQuery('2024年北京市地区生产总值增长多少？').plan).toBeUndefined();
  });

  it('reads an English question in the future as asking for targets', () => {
    expect(readQuery("What share of Hainan's GDP is the marine economy to reach in 2025?").intent).toBe('plan');
    expect(readQuery('How much funding will Guangxi raise in 2025?').intent).toBe('plan');
    expect(readQuery("What was Hunan's R&D spending as a share of GDP in 2024?").intent).toBe('review');
    expect(readQuery('Did Beijing reach its GDP target in 2024?').intent).toBe('unknown');
  });

  it('tells a year that names a report from a year asked about', () => {
    const named = readQuery('北京市2024年政府工作报告提出的2025年目标');
    expect([named.reportYears, named.years]).toEqual([[2024], [2025]]);
    expect(readQuery('2017年贵阳市政府工作报告称，过去五年').reportYears).toEqual([2017]);
    expect(readQuery('2017年贵阳的报告里说，过去五年').reportYears).toEqual([2017]);
    expect(readQuery("According to Chongqing's 2025 government work report, how many ports in 2024?")).toMatchObject({
      reportYears: [2025],
      years: [2024],
    });
    expect(readQuery('2024年北京市地区生产总值增长多少').reportYears).toEqual([]);
    expect(readQuery('贵阳市2024年和2026年政府工作报告对粮食种植面积的要求')).toMatchObject({
      reportYears: [2024, 2026],
      years: [],
    });
  });

  it('tells questions that set a target against a result', () => {
    expect(readQuery('贵阳市2024年地区生产总值的增长目标是多少？实际增长了多少？').contrast).toBe(true);
    expect(readQuery('贵阳市2024年地区生产总值的增长目标是多少？').contrast).toBe(false);
  });

  it('tells questions asking for several items', () => {
    expect(readQuery('宁夏提出的“六个严防”具体是哪六个？').list).toBe(true);
    expect(readQuery('2024年贵阳市哪些园区获批省级经济开发区？').list).toBe(true);
    expect(readQuery('2024年北京市地区生产总值增长多少？').list).toBe(false);
  });

  it('finds the unit a figure is asked in, and its family', () => {
    expect(readQuery('2023年贵阳市地区生产总值达到多少亿元？').value).toMatchObject({ kind: 'amount', family: 'money', unit: '亿元' });
    expect(readQuery('2024年云南鲜花产量是多少亿枝？').value).toMatchObject({ kind: 'amount', family: 'things', unit: '亿枝' });
    expect(readQuery('PM2.5平均浓度是多少微克/立方米？').value).toMatchObject({ kind: 'amount', family: 'concentration' });
    expect(readQuery('增长了百分之多少？').value.kind).toBe('percent');
    expect(readQuery('提高了几个百分点').value.kind).toBe('percent');
    expect(readQuery('2024年北京市地区生产总值增长多少？').value).toEqual({ kind: 'number', change: true });
    expect(readQuery('2024年四川人平均能活到多大岁数？').value.kind).toBe('age');
    expect(readQuery('京雄城际是哪一天通车的？').value.kind).toBe('date');
    expect(readQuery('江苏区域创新能力排名第几？').value.kind).toBe('rank');
  });

  it('reads a rate, share or proportion as asking for a percentage', () => {
    expect(readQuery('2024年黑龙江省城镇调查失业率的具体数值是多少？').value.kind).toBe('percent');
    expect(readQuery('新能源汽车占比有多高？').value.kind).toBe('share');
    expect(readQuery('What share of townships are covered?').value.kind).toBe('share');
    expect(readQuery('哪个省率先建成全国统一大市场？').value.kind).toBe('description');
    expect(readQuery('如何提高行政效率？').value.kind).toBe('description');
    expect(readQuery("What was Beijing's per capita disposable income in yuan?").value).toMatchObject({ kind: 'amount', family: 'money' });
    expect(readQuery('How many tonnes of grain did Tianjin produce in 2024?').value).toMatchObject({ kind: 'amount', family: 'weight' });
    expect(readQuery('How many people found new urban jobs?').value).toMatchObject({ kind: 'amount', family: 'people' });
  });

  it('folds full-width characters and drops markup before reading', () => {
    const query = readQuery('２０２４年北京ＧＤＰ增长多少？');
    expect(query.years).toEqual([2024]);
    expect(query.regions.map((r) => r.name)).toEqual(['北京市']);
    expect(query.readings).toContain('GDP → 地区生产总值');
    expect(readQuery('<b>2024年</b>北京GDP增长多少？<script>alert(1)</script>').text).toBe('2024年 北京GDP增长多少?');
  });

  it('reads a city or county at its level, and places no report speaks for', () => {
    expect(readQuery('2024年贵阳市花溪区地区生产总值增长多少？').regions.map((r) => [r.name, r.level])).toEqual([
      ['贵阳市', 'city'],
      ['花溪区', 'county'],
    ]);
    expect(readQuery('2024年东京的地区生产总值增长了多少？').elsewhere).toEqual(['东京']);
    expect(readQuery('国务院2025年政府工作报告的城镇新增就业目标是多少？').elsewhere).toEqual(['全国（国务院）']);
    // Another country beside a region of the corpus is a topic, not the place asked about.
    expect(readQuery('2024年广东对美国出口增长多少？').elsewhere).toEqual([]);
    expect(readQuery('How many visitors did Harbin receive in 2024?').regions.map((r) => r.name)).toEqual(['哈尔滨市']);
  });

  it('reads a span of years as one period', () => {
    const query = readQuery('贵阳2012—2016年这五年新增了多少个学位？');
    expect(query.span).toEqual({ from: 2012, to: 2016 });
    expect(query.years).toEqual([]);
  });

  it('drops question words from the search text and adds Chinese terms to English questions', () => {
    expect(readQuery('北京市城镇调查失业率是多少？').searchText).not.toContain('多少');
    expect(readQuery("What was Beijing's unemployment rate?").searchText).toContain('城镇调查失业率');
  });

  it('gives an English plural the Chinese term of its singular', () => {
    expect(readQuery('Which two airports in Hubei became international airports in 2024?').translations).toContain('机场');
    expect(readQuery('How many new highways did Hubei open?').translations).toContain('高速公路');
  });
});
