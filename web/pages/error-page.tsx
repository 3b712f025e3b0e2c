import type { Translate } from '../i18n/messages.ts'
import { CitizenLayout } from './citizen-layout.tsx'

/** A plain page for errors met in a browser: the same message as the API's, in the page's language. */
export function ErrorPage(props: { t: Translate; lang: string; status: number; message: string }) {
  return (
    <CitizenLayout lang={props.lang} t={props.t} title={`${props.status} — ${props.message}`}>
      <h1>{props.message}</h1>
      <p class="hint">HTTP {props.status}</p>
    </CitizenLayout>
  )
}
