// A hash router (`#/people/p1/code`): the Worker serves one page per app, so links and
// reloads never need a server-side fallback.

export interface PageContext {
  params: Readonly<Record<string, string>>
  /** Aborted when the reader leaves the page: stop timers and ignore late answers. */
  signal: AbortSignal
}

/** Draws a page into `root`; may answer a function that tears it down. */
export type Page = (root: HTMLElement, context: PageContext) => void | (() => void)

export interface Route {
  /** `/people/:personId/code` */
  pattern: string
  page: Page
}

export interface Router {
  start(): void
  /** Draws the current page again (after a language change, say). */
  refresh(): void
  go(path: string): void
  current(): string
}

export function createRouter(options: {
  root: HTMLElement
  routes: readonly Route[]
  /** Where an unknown path goes. */
  fallback: string
  /** May send the reader elsewhere (to sign in) by answering another path. */
  guard?: (path: string) => string | null
}): Router {
  let leave: (() => void) | null = null

  const render = () => {
    const path = currentPath()
    const redirect = options.guard?.(path) ?? null
    if (redirect !== null && redirect !== path) {
      location.replace(`#${redirect}`)
      return
    }
    const match = matchRoute(options.routes, path)
    if (match === null) {
      location.replace(`#${options.fallback}`)
      return
    }

    leave?.()
    const controller = new AbortController()
    options.root.replaceChildren()
    const teardown = match.route.page(options.root, {
      params: match.params,
      signal: controller.signal,
    })
    leave = () => {
      controller.abort()
      if (typeof teardown === 'function') teardown()
    }
    window.scrollTo(0, 0)
  }

  return {
    start: () => {
      window.addEventListener('hashchange', render)
      render()
    },
    refresh: render,
    go: (path) => {
      if (currentPath() === path) render()
      else location.hash = `#${path}`
    },
    current: currentPath,
  }
}

function currentPath(): string {
  const hash = location.hash.replace(/^#/, '')
  return hash.startsWith('/') ? hash : '/'
}

function matchRoute(routes: readonly Route[], path: string) {
  const parts = path.split('/').filter((part) => part !== '')
  for (const route of routes) {
    const pattern = route.pattern.split('/').filter((part) => part !== '')
    if (pattern.length !== parts.length) continue
    const params: Record<string, string> = {}
    const matched = pattern.every((segment, i) => {
      const part = parts[i] ?? ''
      if (segment.startsWith(':')) {
        const value = decodeSegment(part)
        if (value === null) return false
        params[segment.slice(1)] = value
        return true
      }
      return segment === part
    })
    if (matched) return { route, params }
  }
  return null
}

/** A path segment as text; null when its percent-encoding is broken (no route matches). */
function decodeSegment(part: string): string | null {
  try {
    return decodeURIComponent(part)
  } catch {
    return null
  }
}
