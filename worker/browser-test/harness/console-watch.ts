// Collects what a page says in its console and every uncaught error, for a test to assert
// there were none.
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core'

export interface ConsoleWatch {
  /** Error-level console messages and uncaught errors, with the page's address. */
  problems(): string[]
  /** API refusals the browser logged on its own ("Failed to load resource: ... 4xx"). */
  refusals(): string[]
  /** Requests that failed while the test had cut the network on purpose. */
  drops(): string[]
  /** Tells the watch the test has cut (true) or restored (false) the network. */
  networkCut(cut: boolean): void
}

/**
 * Chromium logs every 4xx answer to fetch() as a console error of its own. A form that shows
 * an API refusal causes one on purpose, so those are counted apart (and only for this
 * origin's API, only 4xx), as are failed requests while the test has cut the network.
 * Anything else (a script error, a 5xx, a CSP violation, a failed request at any other
 * time) is a problem.
 */
export function watchConsole(context: BrowserContext): ConsoleWatch {
  const problems: string[] = []
  const refusals: string[] = []
  const drops: string[] = []
  let cut = false
  const watchPage = (page: Page) => {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return
      const text = `${page.url()}: ${message.text()} @ ${message.location().url}`
      if (isApiRefusal(message)) refusals.push(text)
      else if (cut && message.text().includes('net::ERR_INTERNET_DISCONNECTED')) drops.push(text)
      else problems.push(text)
    })
    page.on('pageerror', (error) =>
      problems.push(`${page.url()}: uncaught ${error.name}: ${error.message}`),
    )
  }
  for (const page of context.pages()) watchPage(page)
  context.on('page', watchPage)
  return {
    problems: () => [...problems],
    refusals: () => [...refusals],
    drops: () => [...drops],
    networkCut: (value) => {
      cut = value
    },
  }
}

function isApiRefusal(message: ConsoleMessage): boolean {
  const source = message.location().url
  if (
    !/^Failed to load resource: the server responded with a status of 4\d\d\b/.test(message.text())
  )
    return false
  try {
    const path = new URL(source).pathname
    return !path.startsWith('/app/') && !path.startsWith('/console/')
  } catch {
    return false
  }
}
