// Draws a code's QR text as an SVG symbol. The numeric form (`GG:/` + digits) is encoded as
// an alphanumeric segment and a numeric one, which makes the symbol several versions smaller.
import { create, type QRCodeSegment } from 'qrcode'
import { svg } from './dom.ts'

const NUMERIC_PREFIX = 'GG:/'
/** Modules of light margin around the symbol, as the QR standard asks. */
const QUIET_ZONE = 4

export interface QrSymbol {
  element: SVGSVGElement
  /** QR version (1-40): the symbol is 17 + 4 * version modules wide. */
  version: number
}

export function drawQrSymbol(text: string, options: { label: string }): QrSymbol {
  const qr = create(segmentsOf(text), { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const total = size + 2 * QUIET_ZONE

  let path = ''
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.modules.get(row, col) === 1) path += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`
    }
  }
  const element = svg(
    'svg',
    {
      class: 'qr-symbol',
      viewBox: `0 0 ${total} ${total}`,
      role: 'img',
      'aria-label': options.label,
      'shape-rendering': 'crispEdges',
      'data-qr-version': qr.version,
    },
    svg('rect', { width: total, height: total, fill: '#ffffff' }),
    svg('path', { d: path, fill: '#000000' }),
  )
  return { element, version: qr.version }
}

function segmentsOf(text: string): QRCodeSegment[] {
  const digits = text.slice(NUMERIC_PREFIX.length)
  if (text.startsWith(NUMERIC_PREFIX) && /^\d+$/.test(digits)) {
    return [
      { data: NUMERIC_PREFIX, mode: 'alphanumeric' },
      { data: digits, mode: 'numeric' },
    ]
  }
  return [{ data: new TextEncoder().encode(text), mode: 'byte' }]
}
