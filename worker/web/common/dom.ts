// A tiny element builder: the pages make all their DOM through it, so no HTML is ever parsed.

export type Child = Node | string | number | null | undefined | false | readonly Child[]

type Listener = (event: Event) => void
type AttrValue = string | number | boolean | null | undefined | Listener

/**
 * Attributes by name (`class`, `for`, `data-*`, `aria-*`); `on<event>` names take a
 * listener. `true` sets a boolean attribute, `false`/null/undefined leave it out.
 */
export type Attrs = Record<string, AttrValue>

/** `h('button', { class: 'primary', onclick: save }, t('save'))` */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  applyAttrs(element, attrs)
  append(element, children)
  return element
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** The same for SVG (charts and QR symbols). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag)
  applyAttrs(element, attrs)
  append(element, children)
  return element
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child as readonly Child[])
    else if (child instanceof Node) parent.appendChild(child)
    else parent.appendChild(document.createTextNode(String(child)))
  }
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

function applyAttrs(element: Element, attrs: Attrs | null | undefined): void {
  if (attrs === null || attrs === undefined) return
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value)
    } else if (value === true) {
      element.setAttribute(name, '')
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value))
    }
  }
}
