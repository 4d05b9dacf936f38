// D1 allows at most 100 bound parameters per statement; multi-row writes are chunked under it.

export const MAX_BOUND_PARAMETERS = 100

/** Splits rows so that each chunk binds at most MAX_BOUND_PARAMETERS values. */
export function chunkRows<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const perChunk = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columnsPerRow))
  const chunks: T[][] = []
  for (let i = 0; i < rows.length; i += perChunk) chunks.push(rows.slice(i, i + perChunk))
  return chunks
}
