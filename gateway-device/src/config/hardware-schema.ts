// Config shapes of the hardware a lane uses: scan sources, its relay, inputs and feedback outputs.
import { z } from 'zod'

const devicePath = z.string().min(1).max(256)
const gpioChip = z.string().min(1).max(64)
const gpioLine = z.int().min(0).max(1023)
const channel = z.int().min(1).max(255)

export const cameraSourceSchema = z.strictObject({
  type: z.literal('camera'),
  /**
   * ffmpeg input arguments ending with `-i <input>`, frame rate included:
   * `["-f","v4l2","-framerate","15","-i","/dev/video0"]`. Grey raw output is added.
   */
  input: z.array(z.string().max(512)).min(1).max(64),
  width: z.int().min(64).max(4096),
  height: z.int().min(64).max(4096),
  /** A code held in front of the camera does not trigger again within this many ms. */
  holdOffMs: z.int().min(0).max(60_000).optional(),
})

export const serialSourceSchema = z.strictObject({
  type: z.literal('serial'),
  path: devicePath,
  baudRate: z.int().positive().max(4_000_000).default(9600),
})

export const linesSourceSchema = z.strictObject({
  type: z.literal('lines'),
  /** A FIFO (or any file read as a stream), or `stdin`. */
  path: devicePath,
})

export const sourceSchema = z.discriminatedUnion('type', [
  cameraSourceSchema,
  serialSourceSchema,
  linesSourceSchema,
])
export type SourceConfig = z.infer<typeof sourceSchema>

const pulse = {
  /** How long one open keeps the relay energised. */
  pulseMs: z.int().min(50).max(30_000).default(800),
  /** An open not delivered within this many ms of the decision is dropped, never replayed. */
  deadlineMs: z.int().min(50).max(10_000).default(1_000),
}

export const gpioRelaySchema = z.strictObject({
  driver: z.literal('gpio'),
  chip: gpioChip,
  line: gpioLine,
  activeLow: z.boolean().default(false),
  ...pulse,
})

export const serialRelaySchema = z.strictObject({
  driver: z.literal('serial'),
  path: devicePath,
  channel,
  /** Channels on the board, all released at start; defaults to the highest channel in use. */
  boardChannels: channel.optional(),
  baudRate: z.int().positive().max(4_000_000).optional(),
  ...pulse,
})

export const modbusRelaySchema = z.strictObject({
  driver: z.literal('modbus'),
  path: devicePath,
  unitId: z.int().min(1).max(247),
  channel,
  boardChannels: channel.optional(),
  firstCoil: z.int().min(0).max(65_535).optional(),
  baudRate: z.int().positive().max(4_000_000).optional(),
  parity: z.enum(['none', 'even', 'odd']).optional(),
  stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
  timeoutMs: z.int().min(10).max(5_000).optional(),
  retries: z.int().min(0).max(10).optional(),
  ...pulse,
})

export const simulatedRelaySchema = z.strictObject({
  driver: z.literal('simulated'),
  channel,
  latencyMs: z.int().min(0).max(5_000).optional(),
  ...pulse,
})

export const relaySchema = z.discriminatedUnion('driver', [
  gpioRelaySchema,
  serialRelaySchema,
  modbusRelaySchema,
  simulatedRelaySchema,
])
export type RelayConfig = z.infer<typeof relaySchema>

/** A contact read as a digital input (a GPIO line, or simulated), with `extra` fields. */
export function digitalInputSchema<T extends z.ZodRawShape>(extra: T) {
  return z.discriminatedUnion('driver', [
    z.strictObject({
      driver: z.literal('gpio'),
      chip: gpioChip,
      line: gpioLine,
      activeLow: z.boolean().default(false),
      bias: z.enum(['as-is', 'disable', 'pull-up', 'pull-down']).optional(),
      ...extra,
    }),
    z.strictObject({ driver: z.literal('simulated'), ...extra }),
  ])
}

const plainInputSchema = digitalInputSchema({})
export type DigitalInputConfig = z.infer<typeof plainInputSchema>

export const ledFeedbackSchema = z.strictObject({
  type: z.literal('led'),
  /** LEDs on GPIO lines (or `simulated` for the demo). */
  driver: z.enum(['gpio', 'simulated']).default('gpio'),
  chip: gpioChip.default('gpiochip0'),
  passLine: gpioLine,
  refuseLine: gpioLine,
  activeLow: z.boolean().default(false),
  /** How long a result stays lit. */
  showMs: z.int().min(100).max(60_000).default(2_000),
})
export type LedFeedbackConfig = z.infer<typeof ledFeedbackSchema>

export const feedbackSchema = z.union([z.literal('log'), z.literal('screen'), ledFeedbackSchema])
export type FeedbackConfig = z.infer<typeof feedbackSchema>
