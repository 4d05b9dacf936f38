// Turns the codes seen frame after frame into one scan per presentation of a code.

export interface DedupeOptions {
  /** Decoded frames a code must be missing from before showing it again counts as new. */
  absentFrames: number
  /** A code still in view is scanned again this long after its last scan (ms). */
  holdOffMs: number
}

interface Sighting {
  scannedAt: number
  missedFrames: number
}

/**
 * A phone held in front of the camera shows up in frame after frame; the gate wants it once.
 * Frames the camera dropped unread do not count as missing: only decoded frames do.
 */
export class ScanDeduper {
  readonly #options: DedupeOptions
  readonly #sightings = new Map<string, Sighting>()

  constructor(options: DedupeOptions) {
    this.#options = options
  }

  /** Takes the texts decoded from one frame seen at `at` (ms); answers those to scan now. */
  accept(texts: readonly string[], at: number): string[] {
    const present = new Set(texts)
    for (const [text, sighting] of this.#sightings) {
      if (present.has(text)) continue
      sighting.missedFrames += 1
      if (sighting.missedFrames >= this.#options.absentFrames) this.#sightings.delete(text)
    }

    const fresh: string[] = []
    for (const text of present) {
      const sighting = this.#sightings.get(text)
      if (sighting === undefined) {
        this.#sightings.set(text, { scannedAt: at, missedFrames: 0 })
        fresh.push(text)
        continue
      }
      sighting.missedFrames = 0
      if (at - sighting.scannedAt >= this.#options.holdOffMs) {
        sighting.scannedAt = at
        fresh.push(text)
      }
    }
    return fresh
  }

  /** Forgets every code seen so far. */
  clear(): void {
    this.#sightings.clear()
  }
}
