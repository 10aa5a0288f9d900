import { describe, expect, it } from 'vitest';
import { clauseGives, readValueAsked, valueGiven } from '../../../src/question/value.ts';

describe('the value a question asks for', () => {
  it('is given only by a figure of its kind and unit family', () => {
    const area = readValueAsked('辽宁去年种了多少万亩粮食？');
    expect(valueGiven('粮食播种面积达到5330万亩', area).gives).toBe(true);
    expect(valueGiven('造林5万公顷', area)).toMatchObject({ gives: true, exactUnit: false });
    expect(valueGiven('粮食产量500.1亿斤', area).gives).toBe(false);
    const money = readValueAsked('How much money did Hebei invest in research last year?');
    expect(valueGiven('全社会研发投入增长9.4%', money).gives).toBe(false);
    expect(valueGiven('研发经费投入2500亿元', money).gives).toBe(true);
  });

  it('counts things by the measure word asked for, one counting the same kind of thing, or the general 个', () => {
    const cars = readValueAsked('吉林去年造了多少辆汽车？');
    expect(valueGiven('新能源汽车产量突破50万辆', cars)).toMatchObject({ gives: true, exactUnit: true });
    expect(valueGiven('建成充电站200座', cars).gives).toBe(false);
    const lifts = readValueAsked('2025年上海打算给老楼加装多少部电梯？');
    expect(valueGiven('既有多层住宅加装电梯3000台', lifts)).toMatchObject({ gives: true, exactUnit: false });
    expect(valueGiven('新建养老服务中心50个', lifts).gives).toBe(true);
    expect(valueGiven('鲜切花产量稳居全国第1位', readValueAsked('鲜切花产量是多少亿枝？')).gives).toBe(false);
  });

  it('wants a rank, a date or an age where the question asks one', () => {
    expect(valueGiven('区域创新能力排名跃升至全国第二', readValueAsked('区域创新能力排第几？')).gives).toBe(true);
    expect(valueGiven('全面完成老旧小区改造', readValueAsked('是哪一天开通的？')).gives).toBe(false);
    expect(valueGiven('2025年1月14日在北京市第十六届人民代表大会第三次会议上', readValueAsked('是哪一天作的？')).gives).toBe(true);
    expect(valueGiven('人均预期寿命达到78.5岁', readValueAsked('人平均能活到多大岁数？')).gives).toBe(true);
  });

  it('is not given as a count by a percentage, nor as a change by a count', () => {
    const visitors = readValueAsked('海南去年来了多少外国游客？');
    expect(clauseGives('入境外国游客增长超90%', visitors)).toBe(false);
    expect(clauseGives('全省接待游客超8亿人次', visitors)).toBe(true);
    expect(clauseGives('规模工业增加值增长6.5%以上', readValueAsked('工业增加值目标是多少？'))).toBe(true);
    const growth = readValueAsked('2024年苏州地区生产总值增长了多少？');
    expect(clauseGives('成功举办苏州工业园区开发建设30周年系列活动', growth)).toBe(false);
    expect(clauseGives('全省生产总值增长5.8%', growth)).toBe(true);
  });

  it('asks a count of people by who they are, answered only by a figure of people', () => {
    const graduates = readValueAsked('山西去年有多少高校毕业生留在省内？');
    expect(graduates).toMatchObject({ kind: 'amount', family: 'people' });
    expect(clauseGives('留省就业4.2万人', graduates)).toBe(true);
    expect(clauseGives('毕业生留晋就业率提高3个百分点', graduates)).toBe(false);
    expect(readValueAsked('How many inbound tourists did Yunnan receive?')).toMatchObject({ kind: 'amount', family: 'people' });
  });

  it('asks a change in an amount, given by what it changed by, not the level reached', () => {
    const added = readValueAsked('2024年常住人口比上年增加了多少万人？');
    expect(clauseGives('常住人口增加8.6万人', added)).toBe(true);
    expect(clauseGives('常住人口超过640万人', added)).toBe(false);
    expect(readValueAsked('森林覆盖率提高到多少？').change).toBe(false);
    expect(clauseGives('新设外资企业186家', readValueAsked('新设外资企业多少家，增长多少？'))).toBe(true);
    expect(readValueAsked('数字经济增加值是多少亿元？')).toMatchObject({ kind: 'amount', family: 'money', change: false });
    expect(readValueAsked('过夜游客人次增长多少？').kind).toBe('number');
  });
});
