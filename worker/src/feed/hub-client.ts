// How the Worker talks to the FeedHub Durable Object (one instance for the district).

/** Set by the Worker after it authenticated the device; the hub trusts only this. */
export const HUB_DEVICE_HEADER = 'x-greengate-device'
/** Present when the gate offered the feed subprotocol, which the hub then selects. */
export const HUB_PROTOCOL_HEADER = 'x-greengate-protocol'

export function feedHub(env: Env): DurableObjectStub {
  return env.FEED_HUB.get(env.FEED_HUB.idFromName('global'))
}

/** Hands an authenticated gate's WebSocket upgrade to the hub. */
export function connectToHub(
  env: Env,
  deviceId: string,
  offeredFeedProtocol: boolean,
): Promise<Response> {
  const headers = new Headers({ upgrade: 'websocket', [HUB_DEVICE_HEADER]: deviceId })
  if (offeredFeedProtocol) headers.set(HUB_PROTOCOL_HEADER, '1')
  return feedHub(env).fetch('https://feed-hub/connect', { headers })
}

/** Tells every connected gate the feed has grown to `latestSeq`; answers how many heard. */
export async function broadcastFeedNotice(env: Env, latestSeq: number): Promise<number> {
  const res = await feedHub(env).fetch('https://feed-hub/notify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latestSeq }),
  })
  if (!res.ok) throw new Error(`feed hub answered ${res.status}`)
  return ((await res.json()) as { sent: number }).sent
}

/** Closes the live connections of a device whose credential was revoked. */
export async function disconnectDevice(env: Env, deviceId: string): Promise<void> {
  const res = await feedHub(env).fetch('https://feed-hub/disconnect', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId }),
  })
  if (!res.ok) throw new Error(`feed hub answered ${res.status}`)
}
