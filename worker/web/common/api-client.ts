// JSON requests to the Worker's API with a bearer session; every failure becomes an ApiError.
import { ApiError, apiErrorFrom } from './api-error.ts'

export interface ApiClientOptions {
  /** The session token to send, or null when signed out. */
  token: () => string | null
  /** Called when the API says the session is missing or over (401). */
  onSessionEnded: () => void
}

export interface RequestOptions {
  signal?: AbortSignal | undefined
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>
  del<T>(path: string, options?: RequestOptions): Promise<T>
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const send = async <T>(method: string, path: string, body: unknown, request?: RequestOptions) => {
    const headers: Record<string, string> = { accept: 'application/json' }
    const token = options.token()
    if (token !== null) headers.authorization = `Bearer ${token}`
    const init: RequestInit = { method, headers, credentials: 'omit', cache: 'no-store' }
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      init.body = JSON.stringify(body)
    }
    if (request?.signal !== undefined) init.signal = request.signal

    let res: Response
    try {
      res = await fetch(path, init)
    } catch (err) {
      if (request?.signal?.aborted === true) throw err
      throw new ApiError('NETWORK_ERROR', 'The network is unreachable', { status: 0, cause: err })
    }
    const parsed = await readJson(res)
    if (res.ok) return parsed as T

    const error = apiErrorFrom(res.status, parsed)
    if (res.status === 401 && error.code === 'UNAUTHENTICATED') options.onSessionEnded()
    throw error
  }

  return {
    get: (path, request) => send('GET', path, undefined, request),
    post: (path, body, request) => send('POST', path, body ?? {}, request),
    patch: (path, body, request) => send('PATCH', path, body, request),
    del: (path, request) => send('DELETE', path, undefined, request),
  }
}

/** An abort while a page is being left is not an error worth showing. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text()
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
