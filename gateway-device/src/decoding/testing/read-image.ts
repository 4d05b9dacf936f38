// Test support: reads an image file into grey pixels with ffmpeg, the gate's own video tool.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface GreyImage {
  pixels: Uint8Array
  width: number
  height: number
}

/**
 * Decodes to RGBA and applies ZXing-C++'s own luminance formula, so a photo reads as ZXing's
 * tests read it.
 */
export async function readImageAsZxingGrey(path: string): Promise<GreyImage> {
  const { data, width, height } = await readPam(path, 'rgba')
  const pixels = new Uint8Array(width * height)
  for (let i = 0; i < pixels.length; i++) {
    const red = data[4 * i] ?? 0
    const green = data[4 * i + 1] ?? 0
    const blue = data[4 * i + 2] ?? 0
    pixels[i] = (306 * red + 601 * green + 117 * blue + 512) >> 10
  }
  return { pixels, width, height }
}

/** Lets ffmpeg make the grey image, as the camera path's `-pix_fmt gray` output does. */
export async function readImageAsFfmpegGrey(path: string): Promise<GreyImage> {
  const { data, width, height } = await readPam(path, 'gray')
  return { pixels: data, width, height }
}

// PAM carries its size in a text header, so one ffmpeg call answers both size and pixels.
async function readPam(path: string, pixelFormat: 'rgba' | 'gray') {
  const args = ['-v', 'error', '-i', path, '-frames:v', '1', '-pix_fmt', pixelFormat]
  const { stdout } = await run('ffmpeg', [...args, '-c:v', 'pam', '-f', 'image2pipe', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  })
  const end = stdout.indexOf('ENDHDR\n')
  if (end < 0) throw new Error(`ffmpeg gave no PAM header for ${path}`)

  const header = stdout.subarray(0, end).toString('latin1')
  const width = Number(/WIDTH (\d+)/.exec(header)?.[1])
  const height = Number(/HEIGHT (\d+)/.exec(header)?.[1])
  const start = end + 'ENDHDR\n'.length
  const data = new Uint8Array(
    stdout.subarray(start, start + width * height * (pixelFormat === 'rgba' ? 4 : 1)),
  )
  return { data, width, height }
}
