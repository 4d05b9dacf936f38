// What the camera needs from a decoder: load once, then read the codes in grey frames.

/**
 * Reads the codes in one grey frame: `frame` holds `width * height` luminance bytes, one per
 * pixel, row after row. Answers the decoded texts, none when the frame holds no readable code.
 * Synchronous on purpose: the camera decodes the newest frame and drops the ones that arrive
 * meanwhile, so nothing ever queues behind a decode.
 */
export interface FrameDecoder {
  /** Prepares the decoder; resolves once `decode` may be called. Safe to call again. */
  load(): Promise<void>
  decode(frame: Uint8Array, width: number, height: number): string[]
}
