/**
 * The kiosk page's script: one citizen after another on a counter tablet.
 * - Choosing a face reveals the optional rest; after a pause it is sent as it is.
 * - Every answer goes into a queue in localStorage first, with the time it was
 *   given, and the thank-you screen shows at once; the queue is sent in order
 *   whenever the server answers, so a reload, a restart or a dead connection
 *   loses nothing, and the response id makes a resend count once.
 * - After the thank-you screen the form is wiped and drawn a new id: the next
 *   citizen sees nothing of the last.
 * - An unpaired tablet shows a pairing code for staff; once paired, its token
 *   goes with every answer (and dates queued answers).
 * Strings come from the page (#kiosk-messages).
 */
import { setUpConditions } from './conditions.ts'
import { KIOSK_CACHE } from './kiosk-cache.ts'

interface Queued {
  id: string
  touchpoint: string
  answers: Record<string, string>
  comment: string | null
  lang: string
  answered_at: string
}

interface Device {
  code: string
  token: string
  status: 'waiting' | 'paired' | 'revoked' | 'expired'
}

interface Messages {
  queue: string
  paired: string
  unpaired: string
  pairing: string
}

const QUEUE_KEY = 'hailong-kiosk-queue'
const DEVICE_HEADER = 'X-Hailong-Device'
/** How often a paired tablet checks that its pairing still holds. */
const RECHECK_MS = 5 * 60_000

function load<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key)
    return raw ? (JSON.parse(raw) as T) : fallback
  } catch {
    return fallback
  }
}

function store(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    /* storage full or disabled: nothing better to do on a kiosk */
  }
}

/** crypto.randomUUID needs a secure context; a tablet on a plain-http intranet address has only getRandomValues. */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const form = document.querySelector<HTMLFormElement>('form[data-kiosk]')
if (form) runKiosk(form)

function runKiosk(form: HTMLFormElement): void {
  const code = form.dataset.kiosk!
  const deviceKey = `hailong-kiosk-device:${code}`
  const [pollMs, returnMs, idleMs] = [form.dataset.pollMs, form.dataset.returnMs, form.dataset.idleMs].map(Number) as [number, number, number]
  const msgs = JSON.parse(document.getElementById('kiosk-messages')!.textContent!) as Messages
  const more = form.querySelector<HTMLElement>('.k-more')!
  const thanks = document.querySelector<HTMLElement>('.k-thanks')!
  const heading = form.querySelector<HTMLElement>('h1')!
  const queueEl = document.querySelector<HTMLElement>('.k-queue')!
  const pairingEl = document.querySelector<HTMLElement>('.k-pairing')!
  const idInput = form.querySelector<HTMLInputElement>('input[name=id]')!
  const startName = form.querySelector<HTMLInputElement>('.k-start input[type=radio]')!.name
  const lang = form.querySelector<HTMLInputElement>('input[name=lang]')!.value
  const updateConditions = setUpConditions(form)

  let device: Device | null = load<Device | null>(deviceKey, null)
  let idle: ReturnType<typeof setTimeout> | undefined
  let retry: ReturnType<typeof setTimeout> | undefined
  let retryDelay = 5000
  let flushing = false

  const readQueue = () => load<Queued[]>(QUEUE_KEY, [])
  const showQueue = () => {
    const n = readQueue().length
    queueEl.dataset.count = String(n)
    queueEl.textContent = msgs.queue.replace('{count}', String(n))
  }

  // A cached copy of the page carries an old id: every citizen gets a fresh one.
  idInput.value = uuid()
  heading.tabIndex = -1
  more.hidden = true
  form.querySelector<HTMLElement>('.k-auto')!.hidden = false

  const armIdle = () => {
    clearTimeout(idle)
    if (!more.hidden) idle = setTimeout(send, idleMs)
  }
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).name === startName) more.hidden = false
    armIdle()
  })
  form.addEventListener('input', armIdle)
  form.addEventListener('keydown', armIdle)
  form.addEventListener('pointerdown', armIdle)
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    send()
  })

  function send(): void {
    clearTimeout(idle)
    const data = new FormData(form)
    if (!data.get(startName)) return void form.reportValidity()
    const answers: Record<string, string> = {}
    data.forEach((v, k) => {
      if (k !== 'id' && k !== 'lang' && k !== 'comment' && typeof v === 'string' && v.trim() !== '') answers[k] = v
    })
    const comment = String(data.get('comment') ?? '').trim() || null
    const item: Queued = { id: idInput.value, touchpoint: code, answers, comment, lang, answered_at: new Date().toISOString() }
    store(QUEUE_KEY, readQueue().filter((q) => q.id !== item.id).concat(item))
    showQueue()
    form.hidden = true
    thanks.hidden = false
    thanks.focus()
    setTimeout(nextCitizen, returnMs)
    void flush()
  }

  /** Wipes every trace of the last citizen; a page they switched to another language goes back to the kiosk's own. */
  function nextCitizen(): void {
    if (location.search) return location.replace(location.pathname)
    form.reset()
    form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[type=radio], input[type=checkbox], textarea, input[type=number]').forEach((el) => {
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) el.checked = false
      else el.value = ''
    })
    idInput.value = uuid()
    updateConditions()
    more.hidden = true
    thanks.hidden = true
    form.hidden = false
    scrollTo(0, 0)
    heading.focus()
  }

  const headers = (): Record<string, string> => {
    const h: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
    if (device?.status === 'paired') h[DEVICE_HEADER] = device.token
    return h
  }

  /** Sends the queue in order; stops at the first failure and tries again later, backing off to a minute. */
  async function flush(): Promise<void> {
    if (flushing) return
    flushing = true
    let failed = false
    try {
      for (const item of readQueue()) {
        let res: Response
        try {
          res = await fetch('/api/v1/responses', { method: 'POST', headers: headers(), body: JSON.stringify(item), credentials: 'omit' })
        } catch {
          failed = true
          break
        }
        // 5xx and 429 are worth retrying; any other answer is final for this item.
        if (res.status >= 500 || res.status === 429) {
          failed = true
          break
        }
        store(QUEUE_KEY, readQueue().filter((q) => q.id !== item.id))
        showQueue()
      }
    } finally {
      flushing = false
    }
    clearTimeout(retry)
    if (failed) {
      retry = setTimeout(() => void flush(), retryDelay)
      retryDelay = Math.min(retryDelay * 2, 60_000)
    } else retryDelay = 5000
  }

  const showPairing = () => {
    pairingEl.dataset.status = device?.status ?? 'none'
    if (device?.status === 'paired') pairingEl.textContent = msgs.paired
    else if (device?.status === 'waiting') pairingEl.textContent = msgs.unpaired.replace('{code}', `${device.code.slice(0, 3)} ${device.code.slice(3)}`)
    else pairingEl.textContent = msgs.pairing
    if (device?.status === 'waiting') pairingEl.dataset.code = device.code
    else delete pairingEl.dataset.code
  }

  /** Asks the server how this tablet's pairing stands; starts a new one when it has none that can still be used. */
  async function checkPairing(): Promise<void> {
    // A refused request for a code (too many asked: 429, or too many waiting: 503) says when to ask again.
    let waitMs = 0
    try {
      if (device) {
        const res = await fetch(`/api/v1/kiosk/pairings/${device.code}`, { headers: { [DEVICE_HEADER]: device.token, accept: 'application/json' }, credentials: 'omit' })
        if (res.status === 404) device = null
        else if (res.ok) {
          const s = (await res.json()) as { status: Device['status']; touchpoint: string | null }
          device.status = s.status
          if (s.status === 'revoked' || s.status === 'expired' || (s.status === 'paired' && s.touchpoint !== code)) device = null
        }
      }
      if (!device) {
        const res = await fetch('/api/v1/kiosk/pairings', { method: 'POST', headers: { accept: 'application/json' }, credentials: 'omit' })
        if (res.status === 201) {
          const p = (await res.json()) as { code: string; token: string }
          device = { code: p.code.toUpperCase(), token: p.token, status: 'waiting' }
        } else waitMs = (Number(res.headers.get('retry-after')) || 0) * 1000
      }
      if (device) store(deviceKey, device)
      else localStorage.removeItem(deviceKey)
    } catch {
      /* offline: keep what we know and ask again later */
    }
    showPairing()
    setTimeout(() => void checkPairing(), device?.status === 'paired' ? RECHECK_MS : Math.max(pollMs, waitMs))
  }

  const fullscreen = document.querySelector<HTMLButtonElement>('[data-fullscreen]')!
  if (document.fullscreenEnabled && !matchMedia('(display-mode: fullscreen)').matches) {
    fullscreen.hidden = false
    fullscreen.addEventListener('click', () => void document.documentElement.requestFullscreen().catch(() => undefined))
  }

  if ('serviceWorker' in navigator) {
    const manifest = document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href
    navigator.serviceWorker
      .register('/k/sw.js', { scope: '/k/' })
      .then(() => navigator.serviceWorker.ready)
      .then(() => caches.open(KIOSK_CACHE))
      .then((c) => c.addAll([location.pathname + location.search, manifest]))
      .catch(() => undefined)
  }

  showQueue()
  showPairing()
  addEventListener('online', () => void flush())
  void flush()
  void checkPairing()
}
