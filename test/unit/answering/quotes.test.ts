import { describe, expect, it } from 'vitest';
import { namesOtherIndicator } from '../../../src/answering/decision/indicator.ts';
import { namesSibling } from '../../../src/answering/decision/siblings.ts';
import { enumerationIn } from '../../../src/answering/enumeration.ts';

describe('what a sentence gives', () => {
  it('names another indicator when the question’s comes only with a modifier or as a ratio', () => {
    const question = '2024年浙江省地区生产总值增长多少？';
    expect(namesOtherIndicator(question, '实施海洋经济高质量发展倍增行动，全省海洋生产总值增长6.5%左右。')).toBe(true);
    expect(namesOtherIndicator(question, '人均地区生产总值和万元地区生产总值能耗保持全国最优')).toBe(true);
    expect(namesOtherIndicator(question, '全省生产总值增长5.5%，一般公共预算收入增长1.2%')).toBe(false);
    expect(namesOtherIndicator('2024年人均地区生产总值是多少？', '人均地区生产总值达到20万元')).toBe(false);
  });

  it('names a sibling of what the question asks for, and not it', () => {
    expect(namesSibling('一般公共预算收入总额是多少？', '一般公共预算支出规模8397亿元')).toBe(true);
    expect(namesSibling('一般公共预算收入总额是多少？', '一般公共预算收入增长3.1%、支出增长5.3%')).toBe(false);
    expect(namesSibling('新能源汽车销量是多少？', '新能源汽车产量突破50万辆')).toBe(true);
  });

  it('lists the items of a numbered enumeration from the sentence announcing it on', () => {
    const text = '今年将继续办好“十件民生实事”。（1）办好人民满意的教育，新建学校25所。（2）完善就业公共服务体系，城镇新增就业15万人。（3）丰富群众文化生活。';
    expect(enumerationIn(text)).toEqual(['办好人民满意的教育', '完善就业公共服务体系', '丰富群众文化生活']);
    expect(enumerationIn('一是稳增长。二是促改革。三是惠民生。')).toEqual(['稳增长', '促改革', '惠民生']);
    expect(enumerationIn('（3）丰富群众文化生活。（4）织密健康医疗保障网。')).toBeUndefined();
  });
});
