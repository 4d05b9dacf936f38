// A distorted set of phone codes in gate-camera frames: tilt, blur, noise, glare, low
// contrast, inverted (dark mode) and a phone screen's moiré, each at rising severity.
import { drawQr } from '../../../gateway-device/src/decoding/testing/render-qr.ts'
import { addNoise, boxBlur, sceneFrame, seeded, type FrameSize } from '../gate/fixtures/frames.ts'

export const DISTORTIONS = [
  'tilt',
  'blur',
  'noise',
  'glare',
  'low-contrast',
  'inverted',
  'moire',
] as const
export type Distortion = (typeof DISTORTIONS)[number]

export interface DistortedImage {
  name: string
  distortion: Distortion | 'clean'
  severity: number
  pixels: Uint8Array
  width: number
  height: number
  /** The text the symbol holds. */
  expected: string
}

const SIZE: FrameSize = { width: 640, height: 480 }
/** Severity steps per distortion: 1 (mild) to 4 (harsh). */
export const SEVERITIES = [1, 2, 3, 4] as const

/** Every distortion at every severity for each text, plus each text clean. */
export function distortedSet(texts: readonly string[]): DistortedImage[] {
  const images: DistortedImage[] = []
  texts.forEach((text, t) => {
    images.push(make(text, 'clean', 0, t))
    for (const distortion of DISTORTIONS) {
      for (const severity of SEVERITIES) images.push(make(text, distortion, severity, t))
    }
  })
  return images
}

function make(
  text: string,
  distortion: Distortion | 'clean',
  severity: number,
  t: number,
): DistortedImage {
  const seed = 1000 * (t + 1) + 10 * DISTORTIONS.indexOf(distortion as Distortion) + severity
  const random = seeded(seed)
  const { width, height } = SIZE
  const centreX = width / 2 + (random() - 0.5) * 60
  const centreY = height / 2 + (random() - 0.5) * 40
  const degrees = (random() - 0.5) * 30
  let frame = sceneFrame(SIZE, seed)
  // About 4 pixels a module, as at a gate; moiré films a screen at under 3.
  const scale = distortion === 'moire' ? 3.1 - 0.15 * severity : 4.2
  const place = { scale, centreX, centreY, degrees }

  switch (distortion) {
    case 'tilt':
      drawTilted(frame, text, place, 15 + 10 * severity)
      break
    case 'inverted':
      // Dark mode: light modules on a dark screen, and a dark frame around it.
      drawQr(frame, width, text, { ...place, inverted: true })
      frame = boxBlur(frame, SIZE, severity >= 3 ? 1 : 0)
      addNoise(frame, seed, 4 * severity)
      break
    default:
      drawQr(frame, width, text, place)
  }
  switch (distortion) {
    case 'blur':
      frame = boxBlur(frame, SIZE, severity)
      break
    case 'noise':
      addGaussianNoise(frame, random, 10 * severity)
      break
    case 'glare':
      addGlare(frame, random, centreX, centreY, severity)
      break
    case 'low-contrast':
      squeeze(frame, [60, 40, 24, 14][severity - 1] as number)
      break
    case 'moire':
      addMoire(frame, random, severity)
      break
    default:
      break
  }
  return {
    name: `${distortion}-${severity}-${t}`,
    distortion,
    severity,
    pixels: frame,
    width,
    height,
    expected: text,
  }
}

/** The symbol turned away from the camera by `tiltDegrees`: drawn flat, then put in perspective. */
function drawTilted(
  frame: Uint8Array,
  text: string,
  place: { scale: number; centreX: number; centreY: number; degrees: number },
  tiltDegrees: number,
): void {
  const { width, height } = SIZE
  const flat = new Uint8Array(width * height).fill(235)
  drawQr(flat, width, text, { ...place, centreX: width / 2, centreY: height / 2 })
  // A square of side 2h about the centre, its right edge pushed back: that edge shrinks.
  const h = 150
  const shrink = Math.cos((tiltDegrees * Math.PI) / 180)
  const squash = (1 + shrink) / 2
  const cx = place.centreX
  const cy = place.centreY
  const from: Quad = [
    [width / 2 - h, height / 2 - h],
    [width / 2 + h, height / 2 - h],
    [width / 2 + h, height / 2 + h],
    [width / 2 - h, height / 2 + h],
  ]
  const to: Quad = [
    [cx - h * squash, cy - h],
    [cx + h * squash, cy - h * shrink],
    [cx + h * squash, cy + h * shrink],
    [cx - h * squash, cy + h],
  ]
  const back = homography(to, from)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inside(to, x + 0.5, y + 0.5)) continue
      const [u, v] = apply(back, x + 0.5, y + 0.5)
      frame[y * width + x] = bilinear(flat, width, height, u - 0.5, v - 0.5)
    }
  }
}

function addGaussianNoise(frame: Uint8Array, random: () => number, sigma: number): void {
  for (let i = 0; i < frame.length; i++) {
    // Box-Muller: one normal deviate from two uniform ones.
    const n = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random())
    frame[i] = clampByte(frame[i]! + sigma * n)
  }
}

/** A bright lamp reflected off the phone: a soft spot that washes part of the code out. */
function addGlare(
  frame: Uint8Array,
  random: () => number,
  cx: number,
  cy: number,
  severity: number,
): void {
  const { width, height } = SIZE
  const gx = cx + (random() - 0.5) * 120
  const gy = cy + (random() - 0.5) * 120
  const radius = 30 + 15 * severity
  const amplitude = 60 + 45 * severity
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d2 = ((x - gx) ** 2 + (y - gy) ** 2) / radius ** 2
      if (d2 > 9) continue
      const i = y * width + x
      frame[i] = clampByte(frame[i]! + amplitude * Math.exp(-d2))
    }
  }
}

/** Squeezes every grey into `span` levels about mid-grey (a dim screen in daylight). */
function squeeze(frame: Uint8Array, span: number): void {
  for (let i = 0; i < frame.length; i++)
    frame[i] = Math.round(128 - span / 2 + (frame[i]! / 255) * span)
}

/** A phone screen's pixel grid beating with the camera's: a fine tilted grating over all. */
function addMoire(frame: Uint8Array, random: () => number, severity: number): void {
  const { width, height } = SIZE
  const period = 2.2 + random() * 1.2
  const angle = random() * Math.PI
  const depth = 0.1 + 0.07 * severity
  const c = Math.cos(angle) / period
  const s = Math.sin(angle) / period
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const wave = 0.5 + 0.5 * Math.sin(2 * Math.PI * (x * c + y * s))
      frame[i] = clampByte(frame[i]! * (1 - depth * wave))
    }
  }
}

type Point = [number, number]
type Quad = [Point, Point, Point, Point]

/** The 3x3 projective map taking the four points `from` onto `to` (h33 = 1). */
function homography(from: Quad, to: Quad): number[] {
  const a: number[][] = []
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as Point
    const [u, v] = to[i] as Point
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v])
  }
  // Gaussian elimination with partial pivoting on the 8x9 augmented matrix.
  for (let col = 0; col < 8; col++) {
    let pivot = col
    for (let r = col + 1; r < 8; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r
    ;[a[col], a[pivot]] = [a[pivot]!, a[col]!]
    for (let r = 0; r < 8; r++) {
      if (r === col) continue
      const f = a[r]![col]! / a[col]![col]!
      for (let k = col; k < 9; k++) a[r]![k]! -= f * a[col]![k]!
    }
  }
  return [...a.map((row, i) => row[8]! / row[i]!), 1]
}

function apply(h: number[], x: number, y: number): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w]
}

/** Whether (x, y) lies inside the convex quad (corners in order). */
function inside(q: Quad, x: number, y: number): boolean {
  let sign = 0
  for (let i = 0; i < 4; i++) {
    const [x1, y1] = q[i] as Point
    const [x2, y2] = q[(i + 1) % 4] as Point
    const cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
    if (cross !== 0) {
      if (sign !== 0 && Math.sign(cross) !== sign) return false
      sign = Math.sign(cross)
    }
  }
  return true
}

function bilinear(src: Uint8Array, width: number, height: number, u: number, v: number): number {
  const x0 = Math.max(0, Math.min(width - 2, Math.floor(u)))
  const y0 = Math.max(0, Math.min(height - 2, Math.floor(v)))
  const fx = Math.min(1, Math.max(0, u - x0))
  const fy = Math.min(1, Math.max(0, v - y0))
  const at = (x: number, y: number) => src[y * width + x]!
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
  return Math.round(top * (1 - fy) + bottom * fy)
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v)
}
