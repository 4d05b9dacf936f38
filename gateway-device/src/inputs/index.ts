// The input layer: contacts and sensors, the fire-alarm latch and the passage counter.
export type { DigitalInput } from './digital-input.ts'
export { InputError, INPUT_ERROR_CODES, type InputErrorCode } from './input-error.ts'
export { GpioInput, type GpioInputOptions } from './gpio-input.ts'
export { SimulatedInput, type SimulatedInputOptions } from './simulated-input.ts'
export { FireAlarm } from './fire-alarm.ts'
export type { FireAlarmOptions, FireAlarmStatus, LaneHold } from './fire-alarm.ts'
export { PassageCounter } from './passage-counter.ts'
export type { Passage, PassageCounterOptions, PassageStatus } from './passage-counter.ts'
