// The page an attached screen shows: the lane's last result, big, live over server-sent events.

/** How long a result stays up before the page asks for the next scan. */
const RESULT_SHOWN_MS = 5_000

/** Self-contained (a gate may be offline): inline style and script, nothing fetched but events. */
export function screenPage(lane: number): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GreenGate lane ${lane}</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, "Noto Sans CJK SC", sans-serif; }
  body { display: flex; flex-direction: column; align-items: center; justify-content: center;
         text-align: center; background: #223; color: #fff; transition: background .15s; }
  body.pass { background: #0a7d32; }
  body.refuse { background: #b3261e; }
  body.fault, body.offline { background: #8a5a00; }
  body.fire { background: #d00; }
  #title { font-size: 18vmin; font-weight: 800; line-height: 1.1; }
  #title-en { font-size: 8vmin; font-weight: 700; opacity: .9; }
  #message { font-size: 6vmin; margin-top: 4vmin; }
  #message-en { font-size: 4vmin; opacity: .85; }
  #name { font-size: 10vmin; margin-top: 4vmin; letter-spacing: .2em; }
  #lane { position: fixed; bottom: 2vmin; right: 3vmin; font-size: 3vmin; opacity: .6; }
  #link { position: fixed; bottom: 2vmin; left: 3vmin; font-size: 3vmin; opacity: .6; }
</style>
</head>
<body>
<div id="title"></div>
<div id="title-en"></div>
<div id="message"></div>
<div id="message-en"></div>
<div id="name"></div>
<div id="lane">通道 Lane ${lane}</div>
<div id="link"></div>
<script>
  const lane = ${lane}
  const shownMs = ${RESULT_SHOWN_MS}
  const el = (id) => document.getElementById(id)
  let state = { fireAlarm: false, offline: false }
  let result = null
  let clearTimer = null

  function show(kind, title, message, name) {
    document.body.className = kind
    el('title').textContent = title.zh
    el('title-en').textContent = title.en
    el('message').textContent = message ? message.zh : ''
    el('message-en').textContent = message ? message.en : ''
    el('name').textContent = name || ''
  }

  function render() {
    if (state.fireAlarm) {
      return show('fire', { zh: '消防报警', en: 'FIRE ALARM' },
        { zh: '所有通道已打开，请有序离开', en: 'All lanes are open, please leave calmly' })
    }
    if (result) return show(result.verdict, result.title, result.message, result.nameMasked)
    if (state.offline) {
      return show('offline', { zh: '设备离线', en: 'GATE OFFLINE' },
        { zh: '请联系工作人员', en: 'Please see staff' })
    }
    show('idle', { zh: '请扫码', en: 'Scan your code' }, null)
  }

  function connect() {
    const events = new EventSource('/screen/events?lane=' + lane)
    events.onopen = () => { el('link').textContent = '' }
    events.onerror = () => { el('link').textContent = '…' }
    events.addEventListener('state', (e) => { state = JSON.parse(e.data); render() })
    events.addEventListener('result', (e) => {
      result = JSON.parse(e.data)
      clearTimeout(clearTimer)
      const age = result.ageMs || 0
      clearTimer = setTimeout(() => { result = null; render() }, Math.max(0, shownMs - age))
      if (age >= shownMs) result = null
      render()
    })
  }

  render()
  connect()
</script>
</body>
</html>
`
}
