// The one error the camera scan source throws: a stable code callers switch on.

export const CAMERA_ERROR_CODES = [
  'CAMERA_OPTIONS_INVALID',
  'CAMERA_ALREADY_STARTED',
  'CAMERA_SPAWN_FAILED',
] as const

export type CameraErrorCode = (typeof CAMERA_ERROR_CODES)[number]

export class CameraError extends Error {
  readonly code: CameraErrorCode

  constructor(code: CameraErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'CameraError'
    this.code = code
  }
}

/** Whether `err` is a camera error carrying `code`. */
export function isCameraError(err: unknown, code?: CameraErrorCode): err is CameraError {
  return err instanceof CameraError && (code === undefined || err.code === code)
}
