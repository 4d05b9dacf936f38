// Calls to the edge from the test itself (Node's fetch), for what no page does: reading the
// development SMS inbox, asking the API what it says about a bad input, verifying a code.
export interface ApiAnswer<T> {
  status: number
  body: T
}

export interface ApiErrorAnswer {
  error: {
    code: string
    message: string
    fields?: { path: string; code: string; message: string }[]
  }
}

export function edgeApi(baseUrl: string) {
  const call = async <T>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string } = {},
  ) => {
    const headers: Record<string, string> = {}
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    const init: RequestInit = { method, headers }
    if (options.body !== undefined) init.body = JSON.stringify(options.body)
    const res = await fetch(`${baseUrl}${path}`, init)
    const text = await res.text()
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T }
  }

  return {
    call,
    /**
     * The 6-digit code in the newest development SMS to `phone`, waiting a little for it: a
     * sender may store the message after the API has answered.
     */
    latestOtp: async (phone: string): Promise<string> => {
      const deadline = Date.now() + 10_000
      for (;;) {
        const answer = await call<{ messages?: { message: string }[] }>(
          'GET',
          `/dev/sms-inbox?phone=${phone}`,
        )
        const code = /\b(\d{6})\b/.exec(answer.body.messages?.[0]?.message ?? '')?.[1]
        if (code !== undefined) return code
        if (Date.now() > deadline) throw new Error(`no SMS code for the phone (${answer.status})`)
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    },
    /** What the API answers a device verifying `code` (raw JWS or the QR's numeric text). */
    verify: (code: string, deviceCredential: string) =>
      call<{ decision: 'pass' | 'refuse'; reason: string; kind?: string; colour?: string }>(
        'POST',
        '/verify',
        {
          body: { code },
          token: deviceCredential,
        },
      ),
  }
}

export type EdgeApi = ReturnType<typeof edgeApi>
