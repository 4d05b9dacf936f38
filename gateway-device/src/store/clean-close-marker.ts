// The clean-close marker beside the store file: written after a clean close, taken at open.
//
// It lets a restart skip the full page check, which would otherwise read the whole file
// once more before the revocation cache reads it again. It vouches only for the file it
// names (same inode, size and modification time) with no WAL beside it.
//
// Why taking it before SQLite opens the file is enough, even across a power cut: the
// marker lives in the store's directory, and SQLite fsyncs that directory when it first
// syncs a new WAL file, which it does before any commit is durable and before any
// checkpoint writes the main file. So either the marker's removal is on disk, or nothing
// written since is: a marker that comes back after a power cut finds either the file
// exactly as it was closed, or a WAL beside it (and then the full check runs).
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'

interface Fingerprint {
  ino: string
  size: string
  mtimeNs: string
}

export function cleanMarkerPath(storePath: string): string {
  return `${storePath}.clean`
}

/**
 * True if the file was closed cleanly and is untouched since. Removes the marker either
 * way, so a crash from now on finds none. Any doubt answers false.
 */
export function takeCleanMarker(storePath: string): boolean {
  const markerPath = cleanMarkerPath(storePath)
  let text: string
  try {
    text = readFileSync(markerPath, 'utf8')
  } catch {
    return false
  }
  try {
    rmSync(markerPath)
  } catch {
    // A marker that cannot be removed would outlive the next crash: never trust it.
    return false
  }

  if (existsSync(`${storePath}-wal`)) return false
  try {
    const expected = JSON.parse(text) as Partial<Fingerprint>
    const actual = fingerprint(storePath)
    return (
      expected.ino === actual.ino &&
      expected.size === actual.size &&
      expected.mtimeNs === actual.mtimeNs
    )
  } catch {
    return false
  }
}

/**
 * Writes the marker for a file just closed, once its last connection is gone (no WAL left).
 * Returns false when it cannot vouch for the file; the next open then runs the full check.
 */
export function writeCleanMarker(storePath: string): boolean {
  if (existsSync(`${storePath}-wal`)) return false
  try {
    // No fsync: a marker lost to a power cut only costs the next start a full check.
    writeFileSync(cleanMarkerPath(storePath), JSON.stringify(fingerprint(storePath)))
    return true
  } catch {
    return false
  }
}

function fingerprint(storePath: string): Fingerprint {
  const stat = statSync(storePath, { bigint: true })
  return { ino: String(stat.ino), size: String(stat.size), mtimeNs: String(stat.mtimeNs) }
}
