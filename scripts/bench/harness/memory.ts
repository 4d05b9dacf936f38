// Memory figures: array-buffer bytes held, measured after a full collection when one is allowed.

/** Runs a full GC when node was started with --expose-gc; answers whether it could. */
export function collect(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return false
  gc()
  gc()
  return true
}

/** Bytes of ArrayBuffers alive now (after a collection when possible). */
export function arrayBufferBytes(): number {
  collect()
  return process.memoryUsage().arrayBuffers
}
