// Bar charts as inline SVG: vertical (a value per hour) and horizontal (a count per reason).
import { svg } from '../../common/dom.ts'

export interface Bar {
  label: string
  value: number
}

const VIEW_WIDTH = 480
const VIEW_HEIGHT = 160
const PAD_LEFT = 32
const PAD_BOTTOM = 22
const PAD_TOP = 10

/** Bars side by side, labels under every `labelEvery`-th bar, the scale's top at the left. */
export function columnChart(
  bars: readonly Bar[],
  options: { title: string; labelEvery?: number },
): SVGSVGElement {
  const max = Math.max(1, ...bars.map((bar) => bar.value))
  const plotWidth = VIEW_WIDTH - PAD_LEFT
  const plotHeight = VIEW_HEIGHT - PAD_BOTTOM - PAD_TOP
  const slot = plotWidth / Math.max(1, bars.length)
  const every = options.labelEvery ?? 1

  return svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`,
      role: 'img',
      'aria-label': options.title,
    },
    svg('title', null, options.title),
    svg('line', {
      class: 'axis',
      x1: PAD_LEFT,
      y1: PAD_TOP + plotHeight,
      x2: VIEW_WIDTH,
      y2: PAD_TOP + plotHeight,
    }),
    svg(
      'text',
      { class: 'tick', x: PAD_LEFT - 4, y: PAD_TOP + 8, 'text-anchor': 'end' },
      String(max),
    ),
    svg(
      'text',
      { class: 'tick', x: PAD_LEFT - 4, y: PAD_TOP + plotHeight, 'text-anchor': 'end' },
      '0',
    ),
    bars.map((bar, i) => {
      const height = (bar.value / max) * plotHeight
      const x = PAD_LEFT + i * slot + slot * 0.15
      return [
        svg(
          'rect',
          {
            class: 'bar',
            x: x.toFixed(1),
            y: (PAD_TOP + plotHeight - height).toFixed(1),
            width: (slot * 0.7).toFixed(1),
            height: height.toFixed(1),
            'data-value': bar.value,
          },
          svg('title', null, `${bar.label}: ${bar.value}`),
        ),
        i % every === 0
          ? svg(
              'text',
              {
                class: 'tick',
                x: (x + slot * 0.35).toFixed(1),
                y: VIEW_HEIGHT - 6,
                'text-anchor': 'middle',
              },
              bar.label,
            )
          : null,
      ]
    }),
  )
}

const ROW_HEIGHT = 26
const LABEL_WIDTH = 220

/** One labelled bar per row, the count at its end. */
export function rowChart(bars: readonly Bar[], options: { title: string }): SVGSVGElement {
  const max = Math.max(1, ...bars.map((bar) => bar.value))
  const height = Math.max(1, bars.length) * ROW_HEIGHT
  const plot = VIEW_WIDTH - LABEL_WIDTH - 40
  return svg(
    'svg',
    {
      class: 'chart rows',
      viewBox: `0 0 ${VIEW_WIDTH} ${height}`,
      role: 'img',
      'aria-label': options.title,
    },
    svg('title', null, options.title),
    bars.map((bar, i) => {
      const y = i * ROW_HEIGHT
      const width = (bar.value / max) * plot
      return [
        svg(
          'text',
          { class: 'tick', x: LABEL_WIDTH - 6, y: y + 17, 'text-anchor': 'end' },
          bar.label,
        ),
        svg('rect', {
          class: 'bar refusal',
          x: LABEL_WIDTH,
          y: y + 5,
          width: width.toFixed(1),
          height: 16,
          'data-value': bar.value,
        }),
        svg(
          'text',
          { class: 'tick', x: (LABEL_WIDTH + width + 4).toFixed(1), y: y + 17 },
          String(bar.value),
        ),
      ]
    }),
  )
}
