// The ZXing reader settings the gate decodes with, checked once and turned into ZXing's form.
import {
  type Binarizer,
  binarizers,
  characterSets,
  eanAddOnSymbols,
  encodeFormats,
  textModes,
  type ZXingReaderOptions,
} from 'zxing-wasm/reader'
import { DecoderError } from './decoder-error.ts'

/** How hard to look. Defaults were measured on the photo set and on 640x480 / 1280x720 frames. */
export interface QrDecoderOptions {
  /** Spend more time on blurred, tilted or low-contrast codes. Default true: cheap at 720p. */
  tryHarder?: boolean
  /** Also read light-on-dark codes (phones in dark mode). Default true. */
  tryInvert?: boolean
  /**
   * Retry the frame turned by 90, 180 and 270 degrees. Default false: ZXing finds QR codes at any
   * angle without it, and it only adds time to frames that hold no code.
   */
  tryRotate?: boolean
  /** Retry on a downscaled copy, which helps with big blurred codes. Default true. */
  tryDownscale?: boolean
  /** Stop after this many codes in one frame (1 to 255). Default 1: one person at a time. */
  maxSymbols?: number
  /**
   * Thresholding methods, tried in turn until one finds a code. Default LocalAverage (best on
   * uneven light: all 42 photos, against 31 for GlobalHistogram alone), then GlobalHistogram,
   * which reads the evenly lit, finely aliased codes of a phone screen filmed at 2.5 to 3
   * pixels per module that LocalAverage misses. Frames without a code pay for every pass.
   */
  binarizers?: readonly Binarizer[]
  /**
   * When no pass finds a code and the whole frame's greys span fewer than 48 levels (a fogged
   * camera window, a dim screen filling the view), spread them over the full range and read once
   * more with the first binarizer. Default true: ordinary frames span more and never pay for it.
   */
  stretchContrast?: boolean
}

const DEFAULTS: Required<QrDecoderOptions> = {
  tryHarder: true,
  tryInvert: true,
  tryRotate: false,
  tryDownscale: true,
  maxSymbols: 1,
  binarizers: ['LocalAverage', 'GlobalHistogram'],
  stretchContrast: true,
}

/** Checks `options` and answers ZXing's settings for each pass, in the order to try them. */
export function toZxingReaderPasses(options: QrDecoderOptions = {}): ZXingReaderOptions[] {
  const chosen = { ...DEFAULTS, ...options }
  const { maxSymbols } = chosen
  if (!Number.isInteger(maxSymbols) || maxSymbols < 1 || maxSymbols > 255) {
    throw new DecoderError('DECODER_OPTIONS_INVALID', 'maxSymbols must be an integer from 1 to 255')
  }
  if (chosen.binarizers.length === 0 || chosen.binarizers.some((b) => !binarizers.includes(b))) {
    throw new DecoderError(
      'DECODER_OPTIONS_INVALID',
      `binarizers must name one or more of ${binarizers.join(', ')}`,
    )
  }

  return chosen.binarizers.map((binarizer) => toZxingOptions(chosen, binarizer))
}

function toZxingOptions(
  chosen: Required<QrDecoderOptions>,
  binarizer: Binarizer,
): ZXingReaderOptions {
  return {
    // Model 2 is every phone's QR code; leaving out Micro QR and rMQR saves their detectors'
    // time and their false finds in busy scenes.
    formats: encodeFormats(['QRCodeModel2']),
    tryHarder: chosen.tryHarder,
    tryRotate: chosen.tryRotate,
    tryInvert: chosen.tryInvert,
    tryDownscale: chosen.tryDownscale,
    tryDenoise: false,
    binarizer: binarizers.indexOf(binarizer),
    isPure: false,
    downscaleThreshold: 500,
    downscaleFactor: 3,
    minLineCount: 2,
    maxNumberOfSymbols: chosen.maxSymbols,
    validateOptionalChecksum: false,
    returnErrors: false,
    eanAddOnSymbol: eanAddOnSymbols.indexOf('Ignore'),
    textMode: textModes.indexOf('Plain'),
    // Unknown lets ZXing follow the symbol's ECI or guess its character set, as the QR standard
    // asks; the codes the gate verifies are plain ASCII either way.
    characterSet: characterSets.indexOf('Unknown'),
    tryCode39ExtendedMode: false,
  }
}
