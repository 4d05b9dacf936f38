// A TCP port on loopback that nothing listens on, for the throwaway servers tests and benches start.
import { createServer } from 'node:net'

/** Asks the kernel for a free port; another process may take it before the caller listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}
