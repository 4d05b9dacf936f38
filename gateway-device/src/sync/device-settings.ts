// The edge's device config as the gate keeps it: persisted, with defaults until it arrives.
import {
  checkpointPolicySchema,
  deviceConfigSchema,
  FEED_LIVE_PROTOCOL,
  type CheckpointPolicy,
  type DeviceConfig,
} from '@greengate/shared'
import type { GateStore } from '../store/gate-store.ts'

const CONFIG_KEY = 'device.config'
const DEFAULT_POLICY = checkpointPolicySchema.parse({})

export class DeviceSettings {
  readonly #store: GateStore
  #config: DeviceConfig | undefined

  constructor(store: GateStore) {
    this.#store = store
  }

  /** The last config the edge sent, this run or an earlier one. */
  get config(): DeviceConfig | undefined {
    return this.#config
  }

  /** The default policy (green only) until the edge has answered once. */
  get policy(): CheckpointPolicy {
    return this.#config?.checkpoint.policy ?? DEFAULT_POLICY
  }

  get skewSeconds(): number | undefined {
    return this.#config?.skewSeconds
  }

  get issuer(): string | undefined {
    return this.#config?.issuer
  }

  get jwksPath(): string {
    return this.#config?.jwksPath ?? '/.well-known/jwks.json'
  }

  get livePath(): string {
    return this.#config?.feed.livePath ?? '/device/feed/live'
  }

  get liveProtocol(): string {
    return this.#config?.feed.liveProtocol ?? FEED_LIVE_PROTOCOL
  }

  /** The edge's poll interval, ms; Infinity until it has said. */
  get pollEveryMs(): number {
    return (this.#config?.feed.pollSeconds ?? Infinity) * 1000
  }

  /** Reads the stored copy; a copy that no longer parses is ignored. */
  load(): void {
    const stored = deviceConfigSchema.safeParse(this.#store.getMeta(CONFIG_KEY))
    if (stored.success) this.#config = stored.data
  }

  save(config: DeviceConfig): void {
    this.#store.setMeta(CONFIG_KEY, config)
    this.#config = config
  }
}
