// The ffmpeg child process as the camera source sees it, so tests can stand in a fake.
import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'

/** The part of a `ChildProcess` the camera source uses. */
export interface CameraProcess {
  readonly pid?: number | undefined
  readonly stdout: Readable
  readonly stderr: Readable
  kill(signal?: NodeJS.Signals): boolean
  once(event: 'spawn', listener: () => void): this
  once(event: 'error', listener: (err: Error) => void): this
  once(event: 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this
}

export type SpawnCamera = (command: string, args: readonly string[]) => CameraProcess

/** Runs the real command, stdin closed, stdout and stderr piped. */
export const spawnCamera: SpawnCamera = (command, args) =>
  spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
