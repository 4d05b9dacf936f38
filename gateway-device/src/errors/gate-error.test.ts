import { describe, expect, it } from 'vitest'
import { ConfigError, isConfigError } from '../config/config-error.ts'
import { EdgeRequestError } from '../daemon/edge-client.ts'
import { DecoderError } from '../decoding/decoder-error.ts'
import { InputError } from '../inputs/input-error.ts'
import { OutboxError } from '../outbox/outbox-error.ts'
import { RelayError, isRelayError } from '../relays/relay-error.ts'
import { CameraError } from '../scanners/camera-error.ts'
import { ScannerError } from '../scanners/scanner-error.ts'
import { StoreError } from '../store/store-error.ts'
import { SyncError } from '../sync/sync-error.ts'
import { GateError } from './gate-error.ts'

describe('gate errors', () => {
  it('keep each component’s class name, which logs print beside the message', () => {
    const errors = [
      new ConfigError('CONFIG_INVALID', 'm'),
      new EdgeRequestError('EDGE_TIMEOUT', 'm'),
      new DecoderError('DECODER_NOT_LOADED', 'm'),
      new InputError('INPUT_NOT_STARTED', 'm'),
      new OutboxError('OUTBOX_FULL', 'm'),
      new RelayError('RELAY_TIMEOUT', 'm'),
      new CameraError('CAMERA_SPAWN_FAILED', 'm'),
      new ScannerError('SCANNER_SOURCE_MISSING', 'm'),
      new StoreError('STORE_NOT_OPEN', 'm'),
      new SyncError('EDGE_TIMEOUT', 'm'),
    ]

    expect(errors.map((err) => err.name)).toEqual([
      'ConfigError',
      'EdgeRequestError',
      'DecoderError',
      'InputError',
      'OutboxError',
      'RelayError',
      'CameraError',
      'ScannerError',
      'StoreError',
      'SyncError',
    ])
    for (const err of errors) {
      expect(err).toBeInstanceOf(GateError)
      expect(err).toBeInstanceOf(Error)
      expect(String(err)).toBe(`${err.name}: m`)
    }
  })

  it('are told apart by class even when two components share a code', () => {
    const relay = new RelayError('GPIO_LINE_BUSY', 'line busy')

    expect(relay).not.toBeInstanceOf(InputError)
    expect(isRelayError(relay, 'GPIO_LINE_BUSY')).toBe(true)
    expect(isRelayError(relay, 'RELAY_TIMEOUT')).toBe(false)
    expect(isRelayError(new InputError('GPIO_LINE_BUSY', 'line busy'))).toBe(false)
    expect(isRelayError(new Error('plain'))).toBe(false)
  })

  it('carry a cause only when given one, and their own facts beside it', () => {
    const cause = new Error('EACCES')
    const config = new ConfigError('CONFIG_UNREADABLE', 'cannot read', { cause })
    const relay = new RelayError('RELAY_EXCEPTION', 'refused', { details: { exceptionCode: 2 } })

    expect(config.cause).toBe(cause)
    expect(config.fields).toEqual([])
    expect(isConfigError(config, 'CONFIG_UNREADABLE')).toBe(true)
    expect('cause' in relay).toBe(false)
    expect(relay.details).toEqual({ exceptionCode: 2 })
    expect(new SyncError('EDGE_HTTP_ERROR', 'm', { status: 502 }).status).toBe(502)
  })

  it('accept only their own component’s codes', () => {
    // @ts-expect-error a store code is not a relay code
    const wrong = new RelayError('STORE_NOT_OPEN', 'm')

    expect(wrong.code).toBe('STORE_NOT_OPEN')
  })
})
