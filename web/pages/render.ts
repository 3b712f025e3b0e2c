import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

/** Renders a page component to a full HTML document. */
export function renderPage(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`
}
