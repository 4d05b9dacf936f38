// The review queue's keyboard: j/k move, a approves, r rejects, Esc cancels. Keys typed into
// a field belong to the field.

export interface QueueKeyActions {
  next(): void
  previous(): void
  approve(): void
  reject(): void
  cancel(): void
}

export function handleQueueKey(event: KeyboardEvent, actions: QueueKeyActions): void {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
  const target = event.target as HTMLElement | null
  const typing =
    target !== null && target.closest('input, textarea, select, [contenteditable]') !== null
  if (event.key === 'Escape') {
    actions.cancel()
    return
  }
  if (typing) return

  const action = KEYS[event.key]
  if (action === undefined) return
  event.preventDefault()
  actions[action]()
}

const KEYS: Partial<Record<string, keyof QueueKeyActions>> = {
  j: 'next',
  k: 'previous',
  a: 'approve',
  r: 'reject',
}
