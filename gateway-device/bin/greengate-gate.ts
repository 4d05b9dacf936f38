#!/usr/bin/env node
// `greengate-gate --config <file>`: the gate daemon. Needs Node 22.18+ (runs the TypeScript as is).
import { main } from '../src/daemon/main.ts'

// Exit explicitly: the daemon has released and closed everything by now, and a timer left by a
// library must not keep a stopped gate's process alive.
process.exit(await main(process.argv.slice(2)))
