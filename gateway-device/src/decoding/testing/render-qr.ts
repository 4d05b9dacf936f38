// Test support: draws QR codes (made by the independent `qrcode` package) into grey frames.
import QRCode, { type QRCodeSegment } from 'qrcode'

/** What a symbol holds: text (segmented by `qrcode`), or segments chosen as a page would. */
export type QrContent = string | QRCodeSegment[]

export interface QrPlacement {
  /** Pixels per module; fractions give the uneven module widths of a scaled screen. */
  scale: number
  /** Centre of the symbol in the frame. */
  centreX: number
  centreY: number
  /** Clockwise turn in degrees. */
  degrees?: number
  /** Light modules on a dark ground, as phones in dark mode show them. */
  inverted?: boolean
  errorCorrection?: 'L' | 'M' | 'Q' | 'H'
}

const DARK = 25
const LIGHT = 235
const QUIET_MODULES = 4

/** Modules across the symbol for `text`, quiet zone included. */
export function symbolSpan(
  text: QrContent,
  errorCorrection: QrPlacement['errorCorrection'] = 'M',
): number {
  return (
    QRCode.create(text, { errorCorrectionLevel: errorCorrection }).modules.size + 2 * QUIET_MODULES
  )
}

/** Draws the symbol for `text` (with its quiet zone) into `frame` by inverse mapping. */
export function drawQr(
  frame: Uint8Array,
  width: number,
  text: QrContent,
  place: QrPlacement,
): void {
  const symbol = QRCode.create(text, { errorCorrectionLevel: place.errorCorrection ?? 'M' })
  const size = symbol.modules.size
  const span = size + 2 * QUIET_MODULES
  const half = (span * place.scale) / 2
  const radians = ((place.degrees ?? 0) * Math.PI) / 180
  const cos = Math.cos(radians)
  const sin = Math.sin(radians)
  const reach = Math.ceil(half * Math.SQRT2) + 1
  const height = frame.length / width

  const darkAt = (px: number, py: number): boolean => {
    const dx = px - place.centreX
    const dy = py - place.centreY
    const u = (cos * dx + sin * dy + half) / place.scale
    const v = (-sin * dx + cos * dy + half) / place.scale
    const column = Math.floor(u) - QUIET_MODULES
    const row = Math.floor(v) - QUIET_MODULES
    const inside = column >= 0 && row >= 0 && column < size && row < size
    return (inside && symbol.modules.get(row, column) === 1) !== (place.inverted ?? false)
  }
  const within = (px: number, py: number): boolean => {
    const dx = px - place.centreX
    const dy = py - place.centreY
    const u = cos * dx + sin * dy + half
    const v = -sin * dx + cos * dy + half
    return u >= 0 && v >= 0 && u < 2 * half && v < 2 * half
  }

  // Each pixel averages 4x4 samples, as a lens and sensor blend the module edges.
  for (let y = Math.max(0, Math.floor(place.centreY - reach)); y < height; y++) {
    if (y > place.centreY + reach) break
    for (let x = Math.max(0, Math.floor(place.centreX - reach)); x < width; x++) {
      if (x > place.centreX + reach) break
      if (!within(x + 0.5, y + 0.5)) continue

      let darkSamples = 0
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++)
          if (darkAt(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) darkSamples++
      }
      frame[y * width + x] = Math.round(LIGHT - ((LIGHT - DARK) * darkSamples) / 16)
    }
  }
}

/** A mid-grey frame with soft shading and seeded noise: a plain wall in front of a camera. */
export function wallFrame(width: number, height: number, seed = 1): Uint8Array {
  const frame = new Uint8Array(width * height)
  let state = seed >>> 0 || 1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1664525 + 1013904223) >>> 0
      const shade = 110 + Math.round((40 * x) / width) - Math.round((30 * y) / height)
      frame[y * width + x] = shade + (state >>> 28)
    }
  }
  return frame
}

/**
 * Squeezes every grey of `frame` into `span` levels about mid-grey, in place: the whole picture
 * washed out, as through a fogged camera window or with a dim screen filling the view.
 */
export function squeezeGreys(frame: Uint8Array, span: number): void {
  for (let i = 0; i < frame.length; i++) {
    frame[i] = Math.round(128 - span / 2 + ((frame[i] ?? 0) / 255) * span)
  }
}
