// The one error the camera scan source throws: a stable code callers switch on.
import { GateError, errorGuard } from '../errors/gate-error.ts'

export const CAMERA_ERROR_CODES = [
  'CAMERA_OPTIONS_INVALID',
  'CAMERA_ALREADY_STARTED',
  'CAMERA_SPAWN_FAILED',
] as const

export type CameraErrorCode = (typeof CAMERA_ERROR_CODES)[number]

export class CameraError extends GateError<CameraErrorCode> {}

/** Whether `err` is a camera error carrying `code`. */
export const isCameraError = errorGuard(CameraError)
