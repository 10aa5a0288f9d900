/**
 * A horizontal bar chart, drawn by the page: one button per bar (its name, an SVG track with the bar on a shared
 * scale from zero, its figure as written), which opens the bar's citation. A range is drawn as the span from its low
 * to its high end; a stretch goal as a mark beside the bar. Bars without a number, or with one in a unit the scale
 * cannot show (亿美元 beside 亿元), are named below the chart with their figure, not drawn.
 * The names and figures are HTML text, so that they stay readable however narrow the chart is drawn.
 */
import { h } from './dom.ts';
import { label, type StringKey } from './i18n.ts';

export interface Bar {
  /** The citation the bar stands for. */
  n: number;
  /** What the bar is of: a region, or a year. */
  name: string;
  /** The figure as written beside the bar, `6%左右`; undefined when there is no number. */
  text: string | undefined;
  value?: number;
  low?: number;
  high?: number;
  stretch?: number;
}

export type OpenBar = (n: number, trigger: HTMLButtonElement) => void;

const SVG = 'http://www.w3.org/2000/svg';
/** Tick marks along the scale: about this many. */
const TICKS = 4;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
}

/** A step of 1, 2 or 5 times a power of ten that cuts the span into about `TICKS` parts. */
function niceStep(span: number): number {
  const raw = span / TICKS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

export interface Scale {
  min: number;
  max: number;
  ticks: number[];
  /** Where a value stands, from 0 to 100. */
  at(value: number): number;
}

/** A scale from zero (or the lowest negative figure) to the highest figure, widened to whole steps. */
export function scaleOf(bars: readonly Bar[]): Scale {
  const figures = bars.flatMap((b) => [b.value, b.low, b.high, b.stretch].filter((f): f is number => f !== undefined));
  const lowest = Math.min(0, ...figures);
  const highest = Math.max(0, ...figures);
  const step = niceStep(highest - lowest || 1);
  const min = Math.floor(lowest / step) * step;
  const max = Math.max(Math.ceil(highest / step) * step, min + step);
  const ticks: number[] = [];
  // Rounded, so that 0.1 + 0.2 shows as 0.3.
  for (let tick = min; tick <= max + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { min, max, ticks, at: (value) => ((value - min) / (max - min)) * 100 };
}

/** The track of one bar: grid lines at the ticks, zero, the bar or the range, the stretch goal's mark. */
function track(bar: Bar, scale: Scale): SVGSVGElement {
  // Stretched to the width it is given; lines keep their width through the stretch.
  const root = svg('svg', { class: 'bar-track', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' });
  for (const tick of scale.ticks) {
    root.append(svg('line', { class: tick === 0 ? 'bar-zero' : 'bar-gridline', x1: scale.at(tick), x2: scale.at(tick), y1: 0, y2: 10, 'vector-effect': 'non-scaling-stroke' }));
  }
  const zero = scale.at(0);
  if (bar.value !== undefined) {
    const end = scale.at(bar.value);
    root.append(svg('rect', { class: 'bar-fill', x: Math.min(zero, end), y: 2, width: Math.abs(end - zero), height: 6 }));
  } else if (bar.low !== undefined && bar.high !== undefined) {
    const [from, to] = [scale.at(bar.low), scale.at(bar.high)];
    root.append(svg('rect', { class: 'bar-range', x: from, y: 2, width: Math.max(to - from, 0.5), height: 6 }));
    for (const x of [from, to]) root.append(svg('line', { class: 'bar-range-end', x1: x, x2: x, y1: 1, y2: 9, 'vector-effect': 'non-scaling-stroke' }));
  }
  if (bar.stretch !== undefined) {
    const x = scale.at(bar.stretch);
    root.append(svg('line', { class: 'bar-stretch', x1: x, x2: x, y1: 0.5, y2: 9.5, 'vector-effect': 'non-scaling-stroke' }));
  }
  return root;
}

/** The tick labels under the bars, each placed where its tick is. */
function axis(scale: Scale, unit: string): HTMLElement {
  const labels = scale.ticks.map((tick) => {
    const element = h('span', { class: 'bar-tick' }, `${tick}${tick === scale.max ? unit : ''}`);
    element.style.left = `${scale.at(tick)}%`;
    return element;
  });
  return h('div', { class: 'bar-axis', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'bar-ticks' }, ...labels));
}

function citationHint(n: number): HTMLElement {
  const hint = h('span', { class: 'visually-hidden' });
  label(hint, 'citation', ` ${n}`);
  return hint;
}

function legendItem(className: string, key: StringKey): HTMLElement {
  return h('span', { class: 'bar-legend-item' }, h('span', { class: `bar-swatch ${className}`, attrs: { 'aria-hidden': 'true' } }), h('span', { label: key }));
}

/** `unit` is shown at the scale's end; `title` names the chart. */
export function barChart(bars: readonly Bar[], options: { title: string; unit: string; open: OpenBar }): HTMLElement {
  const drawn = bars.filter((b) => b.value !== undefined || (b.low !== undefined && b.high !== undefined));
  const undrawn = bars.filter((b) => !drawn.includes(b));
  const scale = scaleOf(drawn);
  const rows = drawn.map((bar) => {
    const button = h(
      'button',
      { class: 'bar-row', attrs: { type: 'button', 'aria-controls': 'source-panel', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' } },
      h('span', { class: 'bar-name' }, bar.name),
      track(bar, scale),
      h('span', { class: 'bar-text' }, bar.text ?? ''),
      citationHint(bar.n),
    );
    button.dataset.n = String(bar.n);
    button.addEventListener('click', () => options.open(bar.n, button));
    return h('li', {}, button);
  });
  // A bar in another unit is named with its figure; one without a number has none to name.
  const listed = (bar: Bar) => {
    const button = h('button', { class: 'bar-none-link', attrs: { type: 'button', 'aria-controls': 'source-panel', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' } }, bar.text === undefined ? bar.name : `${bar.name} ${bar.text}`, citationHint(bar.n));
    button.dataset.n = String(bar.n);
    button.addEventListener('click', () => options.open(bar.n, button));
    return h('li', {}, button);
  };
  const none = undrawn.filter((b) => b.text === undefined).map(listed);
  const otherUnit = undrawn.filter((b) => b.text !== undefined).map(listed);
  const legend = [
    drawn.some((b) => b.value === undefined) ? legendItem('bar-range', 'chartRange') : null,
    drawn.some((b) => b.stretch !== undefined) ? legendItem('bar-stretch', 'chartStretch') : null,
  ].filter((item): item is HTMLElement => item !== null);
  return h(
    'figure',
    { class: 'bar-chart' },
    h('figcaption', { class: 'bar-title' }, options.title),
    // One grid for the bars and the scale, so that every track starts and ends where the others do.
    drawn.length > 0 ? h('div', { class: 'bar-grid' }, h('ol', { class: 'bar-list' }, ...rows), axis(scale, options.unit)) : null,
    legend.length > 0 ? h('p', { class: 'bar-legend' }, ...legend) : null,
    none.length > 0 ? h('div', { class: 'bar-none' }, h('span', { class: 'bar-none-title', label: 'chartNoNumber' }), h('ul', {}, ...none)) : null,
    otherUnit.length > 0 ? h('div', { class: 'bar-none' }, h('span', { class: 'bar-none-title', label: 'chartOtherUnit' }), h('ul', {}, ...otherUnit)) : null,
  );
}
