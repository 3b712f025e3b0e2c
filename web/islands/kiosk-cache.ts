/** The cache the kiosk's service worker and page share: what a tablet needs to open without a connection. */
export const KIOSK_CACHE = 'hailong-kiosk-v1'

/** Always kept, whatever the touchpoint: the page's script and stylesheet. */
export const KIOSK_ASSETS = ['/static/kiosk.js', '/k/kiosk.css']
