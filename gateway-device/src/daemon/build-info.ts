// What this build is: its version for heartbeats, and its date, before which no clock is right.

export const GATE_VERSION = '0.1.0'

/**
 * Unix ms of this release. The gate's clock refuses to be trusted before it, so a box that
 * boots with its clock at 1970 refuses to judge codes instead of passing expired ones.
 * Bump it with every release.
 */
export const BUILD_TIME_MS = Date.UTC(2026, 11, 1)
