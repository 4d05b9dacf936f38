// Test support: films a phone showing a QR code, as a gate camera would see it, into a video file.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { drawQr, symbolSpan, type QrContent } from '../decoding/testing/render-qr.ts'

export interface PhoneScene {
  width: number
  height: number
  /** One frame of the scene: the phone in view (shifted by `shake` pixels) or not. */
  frame(phoneInView: boolean, shake?: { x: number; y: number }): Uint8Array
}

/** A random generator with a seed, so every run films the same scene. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * A wall with a door and a poster, and a phone held up to it: dark rounded bezel, white screen
 * with a header, a masked name and lines of text, and the code scaled to a fraction of a pixel
 * per module. `width` and `height` are the render size; film it smaller to alias it like a sensor.
 */
export function phoneScene(width: number, height: number, text: QrContent, seed = 7): PhoneScene {
  const random = seeded(seed)
  const wall = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      wall[y * width + x] = 120 + Math.round((50 * x) / width - (30 * y) / height + 8 * random())
    }
  }
  fillRect(wall, width, { x: 0.05 * width, y: 0.1 * height, w: 0.18 * width, h: 0.9 * height }, 70)
  fillRect(wall, width, { x: 0.72 * width, y: 0.15 * height, w: 0.2 * width, h: 0.3 * height }, 215)
  drawTextLines(
    wall,
    width,
    { x: 0.74 * width, y: 0.18 * height, w: 0.16 * width, h: 0.24 * height },
    random,
  )

  const phoneWidth = Math.round(0.42 * width)
  const phoneHeight = Math.round(0.96 * height)
  const phone = drawPhone(phoneWidth, phoneHeight, text, random)
  const left = Math.round((width - phoneWidth) / 2)
  const top = Math.round((height - phoneHeight) / 2)

  return {
    width,
    height,
    frame(phoneInView, shake = { x: 0, y: 0 }) {
      const frame = wall.slice()
      if (!phoneInView) return frame
      for (let y = 0; y < phoneHeight; y++) {
        const row = top + shake.y + y
        if (row < 0 || row >= height) continue
        for (let x = 0; x < phoneWidth; x++) {
          const column = left + shake.x + x
          const value = phone[y * phoneWidth + x] ?? TRANSPARENT
          if (column >= 0 && column < width && value !== TRANSPARENT)
            frame[row * width + column] = value
        }
      }
      return frame
    },
  }
}

export interface FilmOptions {
  /** Size the scene was rendered at, and size of the film. */
  sceneSize: { width: number; height: number }
  filmSize: { width: number; height: number }
  fps: number
  /** Camera tilt in degrees. */
  tiltDegrees: number
}

/**
 * Encodes grey frames to an H.264 file through ffmpeg: tilted, downscaled without filtering
 * (which turns the screen's pixel grid into moiré), softened like a cheap lens, with sensor
 * noise, and compressed.
 */
export async function filmScene(path: string, frames: Iterable<Uint8Array>, options: FilmOptions) {
  const { sceneSize, filmSize, fps, tiltDegrees } = options
  const filters = [
    `rotate=${tiltDegrees}*PI/180:fillcolor=0x787878`,
    `scale=${filmSize.width}:${filmSize.height}:flags=neighbor`,
    'gblur=sigma=0.6',
    'noise=alls=10:allf=t',
  ].join(',')
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray'],
      ...['-s', `${sceneSize.width}x${sceneSize.height}`, '-r', String(fps), '-i', 'pipe:0'],
      ...['-vf', filters, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '24'],
      ...['-pix_fmt', 'yuv420p', path],
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  )
  let stderr = ''
  ffmpeg.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const closed = once(ffmpeg, 'close')
  // An ffmpeg that died early breaks the pipe; its exit code and stderr tell why.
  ffmpeg.stdin.on('error', () => undefined)

  try {
    for (const frame of frames) {
      if (!ffmpeg.stdin.write(frame)) await once(ffmpeg.stdin, 'drain')
    }
  } finally {
    ffmpeg.stdin.end()
  }
  const [code] = await closed
  if (code !== 0) throw new Error(`ffmpeg could not film the scene (${String(code)}): ${stderr}`)
}

const TRANSPARENT = 1

function drawPhone(width: number, height: number, text: QrContent, random: () => number) {
  const phone = new Uint8Array(width * height).fill(TRANSPARENT)
  const radius = Math.round(width * 0.12)
  const bezel = Math.round(width * 0.05)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!insideRoundedRect(x, y, width, height, radius)) continue
      const onScreen = insideRoundedRect(
        x - bezel,
        y - 2 * bezel,
        width - 2 * bezel,
        height - 4 * bezel,
        radius / 2,
      )
      // The screen's pixel grid: every third row and column a little darker.
      const grid = y % 3 === 0 || x % 3 === 0 ? 14 : 0
      phone[y * width + x] = onScreen ? 242 - grid : 22
    }
  }

  const screen = { x: bezel, y: 2 * bezel, w: width - 2 * bezel, h: height - 4 * bezel }
  fillRect(
    phone,
    width,
    { x: screen.x, y: screen.y + 0.04 * screen.h, w: screen.w, h: 0.07 * screen.h },
    90,
  )
  drawTextLines(
    phone,
    width,
    {
      x: screen.x + 0.1 * screen.w,
      y: screen.y + 0.14 * screen.h,
      w: 0.5 * screen.w,
      h: 0.06 * screen.h,
    },
    random,
  )
  const scale = Math.min(0.94 * screen.w, 0.6 * screen.h) / symbolSpan(text)
  drawQr(phone, width, text, { scale, centreX: width / 2, centreY: screen.y + 0.48 * screen.h })
  drawTextLines(
    phone,
    width,
    {
      x: screen.x + 0.08 * screen.w,
      y: screen.y + 0.8 * screen.h,
      w: 0.84 * screen.w,
      h: 0.12 * screen.h,
    },
    random,
  )
  return phone
}

function insideRoundedRect(
  x: number,
  y: number,
  width: number,
  height: number,
  radius: number,
): boolean {
  if (x < 0 || y < 0 || x >= width || y >= height) return false
  const dx = Math.max(radius - x, 0, x - (width - 1 - radius))
  const dy = Math.max(radius - y, 0, y - (height - 1 - radius))
  return dx * dx + dy * dy <= radius * radius
}

interface Box {
  x: number
  y: number
  w: number
  h: number
}

function fillRect(image: Uint8Array, width: number, box: Box, value: number): void {
  for (let y = Math.round(box.y); y < Math.round(box.y + box.h); y++) {
    image.fill(value, y * width + Math.round(box.x), y * width + Math.round(box.x + box.w))
  }
}

// Rows of dark blocks the size of glyphs, with gaps between words.
function drawTextLines(image: Uint8Array, width: number, box: Box, random: () => number): void {
  const lineHeight = 18
  for (let y = box.y; y + lineHeight <= box.y + box.h; y += lineHeight * 1.6) {
    let x = box.x
    while (x < box.x + box.w - 10) {
      const glyph = 7 + Math.round(5 * random())
      if (random() > 0.18) fillRect(image, width, { x, y, w: glyph, h: lineHeight }, 40)
      x += glyph + 3
    }
  }
}
