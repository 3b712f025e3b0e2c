/**
 * Follow-up questions: an element with data-show-if="item:v1,v2" shows only
 * while item's chosen option is one of the values; hiding it clears its
 * choice, so a follow-up never outlives its condition.
 */
export function setUpConditions(form: HTMLFormElement): () => void {
  const conditional = Array.from(form.querySelectorAll<HTMLElement>('[data-show-if]'))
  const update = () => {
    for (const el of conditional) {
      const [item, values] = el.dataset.showIf!.split(':') as [string, string]
      const chosen = form.querySelector<HTMLInputElement>(`input[name="${item}"]:checked`)
      const on = !!chosen && values.split(',').includes(chosen.value)
      el.hidden = !on
      if (!on) el.querySelectorAll<HTMLInputElement>('input').forEach((i) => (i.checked = false))
    }
  }
  form.addEventListener('change', update)
  update()
  return update
}
