/**
 * The survey page's only script, and the page works without it. It
 * - shows one section per step with a progress bar;
 * - shows a follow-up question only when its condition holds;
 * - sends the form with fetch and, when the network drops, keeps the exact
 *   body (with its response id) in localStorage and sends it again later, so
 *   an answer is neither lost nor counted twice.
 * No strings live here: messages come from the page's data attributes.
 */
import { setUpConditions } from './conditions.ts'

interface Queued {
  url: string
  body: string
}

const KEY = 'hailong-queue'

function readQueue(): Queued[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) || '[]') as Queued[]
  } catch {
    return []
  }
}

function writeQueue(q: Queued[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(q))
  } catch {
    /* storage full or disabled: the live send still runs */
  }
}

/** POSTs one stored body; true when the server has it (stored, replayed, or refused for good). */
async function send(item: Queued): Promise<{ done: boolean; status: number }> {
  const res = await fetch(item.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: item.body,
    credentials: 'omit',
  })
  // 5xx and 429 are worth retrying; any other answer is final for this body.
  return { done: res.status < 500 && res.status !== 429, status: res.status }
}

let flushing = false
let retryDelay = 5000
/** Set while this page's own answer waits in the queue: where to go once it is sent. */
let pending: { body: string; thanks: string } | null = null

async function flush(): Promise<void> {
  if (flushing) return
  flushing = true
  let failed = false
  try {
    for (const item of readQueue()) {
      let result: { done: boolean; status: number }
      try {
        result = await send(item)
      } catch {
        failed = true
        break // still offline
      }
      if (!result.done) {
        failed = true
        continue
      }
      writeQueue(readQueue().filter((q) => q.body !== item.body))
      if (pending && pending.body === item.body) location.assign(pending.thanks)
    }
  } finally {
    flushing = false
  }
  // A phone that stays online never hears an 'online' event: retry on a timer, backing off to a minute.
  if (failed) {
    setTimeout(() => void flush(), retryDelay)
    retryDelay = Math.min(retryDelay * 2, 60_000)
  } else retryDelay = 5000
}

function setUpSteps(form: HTMLFormElement): void {
  const steps = Array.from(form.querySelectorAll<HTMLElement>('section.step'))
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const progress = form.querySelector('progress')
  if (steps.length < 2 || form.querySelector('.err')) return
  let current = 0
  const show = (i: number) => {
    current = i
    steps.forEach((s, k) => (s.hidden = k !== i))
    submit.hidden = i !== steps.length - 1
    if (progress) progress.value = i + 1
    steps[i]!.querySelector('h2')?.setAttribute('tabindex', '-1')
  }
  steps.forEach((s) => (s.querySelector<HTMLElement>('.nav')!.hidden = false))
  if (progress) progress.hidden = false
  form.addEventListener('click', (e) => {
    const target = e.target as HTMLElement
    if (target.matches('[data-next]')) {
      const invalid = Array.from(steps[current]!.querySelectorAll<HTMLInputElement>('input,textarea')).find((el) => !el.checkValidity())
      if (invalid) return void invalid.reportValidity()
      show(current + 1)
    } else if (target.matches('[data-back]')) show(current - 1)
    else return
    steps[current]!.querySelector<HTMLElement>('h2')!.focus()
  })
  show(0)
}

function setUpSubmit(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('.status')!
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const item: Queued = { url: form.action, body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString() }
    // Kept before sending: if the phone dies mid-request, the answer survives.
    writeQueue(readQueue().filter((q) => q.body !== item.body).concat(item))
    submit.disabled = true
    status.textContent = form.dataset.sending!
    try {
      const { done, status: code } = await send(item)
      if (done) {
        writeQueue(readQueue().filter((q) => q.body !== item.body))
        if (code < 300) location.assign(form.dataset.thanks!)
        else form.submit() // let the server render its message
        return
      }
      status.textContent = form.dataset.retry!
    } catch {
      status.textContent = form.dataset.offline!
    }
    pending = { body: item.body, thanks: form.dataset.thanks! }
    setTimeout(() => void flush(), retryDelay)
  })
}

const form = document.querySelector<HTMLFormElement>('form[data-thanks]')
if (form) {
  setUpConditions(form)
  setUpSteps(form)
  setUpSubmit(form)
}
addEventListener('online', () => void flush())
void flush()
