// The serial link over a real pty pair: reopened after a disconnect, never after close().
import { pino } from 'pino'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { FakeRelayBoard } from '../../test/peers/fake-relay-board.ts'
import { SocatPair } from '../../test/peers/socat-pair.ts'
import { waitUntil } from '../../test/peers/wait-until.ts'
import { encodeLcusCommand } from './lcus-frame.ts'
import { SerialLink } from './serial-link.ts'

const logger = pino({ level: 'silent' })
let pair: SocatPair
let board: FakeRelayBoard
let link: SerialLink

beforeEach(async () => {
  pair = await SocatPair.create()
  board = await FakeRelayBoard.open(pair.b)
  link = new SerialLink({ path: pair.a, baudRate: 9600, logger })
})

afterEach(async () => {
  await link.close()
  await board.close()
  await pair.dispose()
})

test('refuses a write once closed, leaving the port closed', async () => {
  await link.open()
  await link.close()

  await expect(link.write(encodeLcusCommand(1, true))).rejects.toMatchObject({
    code: 'RELAY_NOT_STARTED',
  })
  expect(link.isOpen).toBe(false)
  expect(board.commands).toEqual([])
})

test('reopens on the next write after the device came back', async () => {
  await link.open()
  await board.close()
  await pair.kill()
  await expect(link.write(encodeLcusCommand(1, true))).rejects.toMatchObject({
    code: 'PORT_DISCONNECTED',
  })

  await pair.start()
  board = await FakeRelayBoard.open(pair.b)
  await link.write(encodeLcusCommand(1, true))
  await waitUntil(() => board.isEnergised(1), 'channel 1 to be energised after replugging')
  expect(link.isOpen).toBe(true)
})

test('opens again when asked to after a close', async () => {
  await link.open()
  await link.close()

  await link.open()
  await link.write(encodeLcusCommand(2, true))
  await waitUntil(() => board.isEnergised(2), 'channel 2 to be energised')
})
