// Durable Object holding online gates' WebSockets; tells them when the feed grows.
import { DurableObject } from 'cloudflare:workers'

// TODO(soon): implemented with the device feed routes.
export class FeedHub extends DurableObject<Env> {}
