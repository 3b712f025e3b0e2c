/**
 * The kiosk's service worker (served at /k/sw.js, scope /k/): a tablet that
 * restarts without a connection still opens its kiosk page. Pages, script,
 * stylesheet and manifest come from the network when it answers in time and
 * from the cache otherwise; every good answer refreshes the cache. Answers
 * are not its business: the page queues them in localStorage.
 */
import { KIOSK_ASSETS, KIOSK_CACHE } from './kiosk-cache.ts'

// The DOM library has no service-worker types; these are the few used here.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  request: Request
  respondWith(r: Promise<Response>): void
}
interface WorkerScope {
  location: Location
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void
}
const sw = self as unknown as WorkerScope

/** A weak connection that does not answer within this is treated as none. */
const NETWORK_WAIT_MS = 4000

sw.addEventListener('install', (e) => e.waitUntil(caches.open(KIOSK_CACHE).then((c) => c.addAll(KIOSK_ASSETS)).then(() => sw.skipWaiting())))

sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()))

const kept = (url: URL) => url.origin === sw.location.origin && (url.pathname.startsWith('/k/') || KIOSK_ASSETS.includes(url.pathname))

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url)
  if (e.request.method !== 'GET' || !kept(url)) return
  e.respondWith(fromNetworkOrCache(e.request))
})

async function fromNetworkOrCache(req: Request): Promise<Response> {
  const cache = await caches.open(KIOSK_CACHE)
  const network = fetch(req).then(async (res) => {
    if (res.ok) await cache.put(req, res.clone())
    return res
  })
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), NETWORK_WAIT_MS))
  const res = await Promise.race([network.catch(() => undefined), timeout])
  if (res) return res
  const hit = await cache.match(req)
  return hit ?? network
}
