// One command at a time, in call order, and a failure does not block the rest.
import { expect, test } from 'vitest'
import { CommandQueue } from './command-queue.ts'

test('runs commands one at a time in the order they were queued', async () => {
  const queue = new CommandQueue()
  const log: string[] = []
  const command = (name: string, ms: number) => async () => {
    log.push(`${name} start`)
    await new Promise((resolve) => setTimeout(resolve, ms))
    log.push(`${name} end`)
  }

  await Promise.all([queue.run(command('a', 20)), queue.run(command('b', 1))])

  expect(log).toEqual(['a start', 'a end', 'b start', 'b end'])
})

test('keeps going after a command fails, and reports the failure to its caller', async () => {
  const queue = new CommandQueue()

  const failed = queue.run(async () => {
    throw new Error('board said no')
  })
  const next = queue.run(async () => 'done')

  await expect(failed).rejects.toThrow('board said no')
  await expect(next).resolves.toBe('done')
  expect(queue.waiting).toBe(0)
})
