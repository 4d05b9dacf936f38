// The LCUS driver over a real pty pair: frames on the wire, unplug and replug.
import { pino } from 'pino'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { FakeRelayBoard } from '../../test/peers/fake-relay-board.ts'
import { SocatPair } from '../../test/peers/socat-pair.ts'
import { waitUntil } from '../../test/peers/wait-until.ts'
import { SerialRelay } from './serial-relay.ts'

const logger = pino({ level: 'silent' })
let pair: SocatPair
let board: FakeRelayBoard
let relay: SerialRelay

beforeEach(async () => {
  pair = await SocatPair.create()
  board = await FakeRelayBoard.open(pair.b)
  relay = new SerialRelay({ path: pair.a, channels: 2, logger })
})

afterEach(async () => {
  await relay.stop().catch(() => undefined)
  await board.close()
  await pair.dispose()
})

test('sends one valid frame per command and nothing else', async () => {
  await relay.start()
  await relay.set(2, true)
  await relay.set(2, false)

  await waitUntil(() => board.commands.length === 4, 'four frames')
  expect(board.commands).toEqual([
    { channel: 1, energised: false },
    { channel: 2, energised: false },
    { channel: 2, energised: true },
    { channel: 2, energised: false },
  ])
  expect(board.skipped).toBe(0)
})

test('refuses to start with PORT_DISCONNECTED when the board is not plugged in', async () => {
  const absent = new SerialRelay({ path: `${pair.dir}/absent`, channels: 2, logger })

  await expect(absent.start()).rejects.toMatchObject({ code: 'PORT_DISCONNECTED' })
})

test('fails with PORT_DISCONNECTED once unplugged, and works again after replugging', async () => {
  await relay.start()
  await board.close()
  await pair.kill()

  await expect(relay.set(1, true)).rejects.toMatchObject({ code: 'PORT_DISCONNECTED' })

  await pair.start()
  board = await FakeRelayBoard.open(pair.b)
  await relay.set(1, true)
  await waitUntil(() => board.isEnergised(1), 'channel 1 to be energised after replugging')
})

test('finishes a command queued before stop, and refuses one made during it', async () => {
  await relay.start()
  const earlier = relay.set(2, true)

  const stopping = relay.stop()
  // Asked while stop() releases the channels: it must not energise one already released.
  const late = relay.set(1, true)

  // Settled together: awaiting the first while the second has already been refused would
  // leave that refusal unhandled for a moment.
  const [first, second] = await Promise.allSettled([earlier, late])
  expect(first).toEqual({ status: 'fulfilled', value: undefined })
  expect(second).toMatchObject({ status: 'rejected', reason: { code: 'RELAY_NOT_STARTED' } })
  await stopping
  await waitUntil(() => board.commands.length === 5, 'the start and stop releases')
  expect(board.commands.slice(2)).toEqual([
    { channel: 2, energised: true },
    { channel: 1, energised: false },
    { channel: 2, energised: false },
  ])
  expect(board.isEnergised(1)).toBe(false)
})
