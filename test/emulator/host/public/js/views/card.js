// The lead card: the left form (name, budget, responsible, stage), the feed in the middle and the
// right widgets panel (#card-widgets) where self.render_template() draws widget blocks.
import { fetchLead, fetchLossReasons, HttpError, patchLead } from '../api.js';
import { formatDate, formatMoney, h } from '../dom.js';

const LOST = 143;

/**
 * @param {{ page: HTMLElement, leadId: number, pipelines: import('../types.js').Pipeline[], strings: import('../types.js').Strings,
 *   account: import('../types.js').Account, managers: import('../types.js').Managers, notify: { show_message: Function, show_message_error: Function } }} p
 * @returns {Promise<{ header: Node[], card: Record<string, unknown> | null }>}
 */
export async function renderCard({ page, leadId, pipelines, strings, account, managers, notify }) {
  let lead;
  try {
    lead = await fetchLead(leadId);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 0;
    page.replaceChildren(h('div', { class: 'page-message' }, status === 403 || status === 404 ? strings.noRights : strings.loadError));
    return { header: [], card: null };
  }
  const pipeline = pipelines.find((p) => p.id === lead.pipeline_id);
  const statuses = [...(pipeline?._embedded?.statuses ?? [])].sort((a, b) => a.sort - b.sort);
  const status = statuses.find((s) => s.id === lead.status_id);

  const nameInput = h('input', { class: 'card-name__input', name: 'name', value: lead.name ?? '' });
  const priceInput = h('input', { class: 'card-field__input', name: 'price', inputmode: 'numeric', value: String(lead.price ?? 0) });
  const ownerSelect = h('select', { class: 'card-field__input', name: 'responsible_user_id' },
    Object.values(managers).map((m) => h('option', { value: m.id, selected: Number(m.id) === lead.responsible_user_id }, m.title)));
  const statusSelect = h('select', { class: 'card-field__input', name: 'status_id' },
    statuses.map((s) => h('option', { value: s.id, selected: s.id === lead.status_id }, s.name)));
  // amoCRM asks why when a deal goes to «Закрыто и не реализовано»: the loss reason field appears
  // beside the stage (account setting is_loss_reason_enabled; the sandbox always has it on).
  const reasons = await fetchLossReasons().catch(() => []);
  const currentReason = /** @type {{ id?: number } | undefined} */ (lead._embedded?.loss_reason?.[0] ?? undefined);
  const reasonSelect = h('select', { class: 'card-field__input', name: 'loss_reason_id', 'data-loss-reason': '' },
    h('option', { value: '' }, strings.noLossReason),
    reasons.map((r) => h('option', { value: r.id, selected: r.id === (lead.loss_reason_id ?? currentReason?.id) }, r.name)));
  const reasonField = h('div', { class: 'card-field', 'data-loss-reason-field': '' },
    h('div', { class: 'card-field__label' }, strings.lossReason), h('div', { class: 'card-field__control' }, reasonSelect));
  // style, not [hidden]: .card-field's own display would override the attribute.
  const showReason = () => { reasonField.style.display = Number(/** @type {HTMLSelectElement} */ (statusSelect).value) === LOST ? '' : 'none'; };
  statusSelect.addEventListener('change', showReason);
  showReason();
  const saveButton = h('button', { class: 'button-input button-input--primary card-save', type: 'button' }, strings.save);
  saveButton.addEventListener('click', async () => {
    try {
      await patchLead(lead.id, {
        name: /** @type {HTMLInputElement} */ (nameInput).value,
        price: Number(/** @type {HTMLInputElement} */ (priceInput).value.replace(/\s/g, '')) || 0,
        responsible_user_id: Number(/** @type {HTMLSelectElement} */ (ownerSelect).value),
        status_id: Number(/** @type {HTMLSelectElement} */ (statusSelect).value),
        pipeline_id: lead.pipeline_id,
        ...(Number(/** @type {HTMLSelectElement} */ (statusSelect).value) === LOST
          ? { loss_reason_id: Number(/** @type {HTMLSelectElement} */ (reasonSelect).value) || null } : {}),
      });
      notify.show_message({ header: lead.name, text: strings.saved });
    } catch (error) {
      notify.show_message_error({ header: strings.widgetSaveError, text: String(error) });
    }
  });

  const field = (/** @type {string} */ label, /** @type {Node} */ control) =>
    h('div', { class: 'card-field' }, h('div', { class: 'card-field__label' }, label), h('div', { class: 'card-field__control' }, control));

  const left = h('aside', { class: 'card-holder' },
    h('div', { class: 'card-holder__head', style: `--stage-color: ${status?.color ?? '#99ccff'}` },
      h('div', { class: 'card-name' }, nameInput),
      h('div', { class: 'card-holder__id' }, `#${lead.id}`),
      h('div', { class: 'card-holder__pipeline' }, `${pipeline?.name ?? ''} · ${status?.name ?? ''}`)),
    h('div', { class: 'card-tabs' }, h('span', { class: 'card-tabs__item is-active' }, strings.mainTab)),
    h('div', { class: 'card-fields' },
      field(strings.responsible, ownerSelect),
      field(strings.stage, statusSelect),
      reasonField,
      field(strings.budget, priceInput)),
    h('div', { class: 'card-holder__actions' }, saveButton));

  const feed = h('section', { class: 'card-feed' },
    h('div', { class: 'feed-note' },
      h('div', { class: 'feed-note__date' }, formatDate(lead.created_at, account.timezone ?? 'Europe/Moscow')),
      h('div', { class: 'feed-note__text' }, `${strings.created}: ${lead.name} — ${formatMoney(Number(lead.price) || 0, account.currency ?? 'RUB')}`)));

  const widgets = h('aside', { class: 'card-widgets', id: 'card-widgets' },
    h('div', { class: 'card-widgets__title' }, strings.widgetPanel));

  page.replaceChildren(h('div', { class: 'card-page', 'data-lead-id': lead.id }, left, feed, widgets));

  return {
    header: [],
    // APP.data.current_card (reference §2.4): id, element type 2 = lead, and a model-like reader.
    card: {
      id: lead.id,
      element_type: 2,
      entity: 'leads',
      model: { get: (/** @type {string} */ key) => lead[key], toJSON: () => ({ ...lead }) },
    },
  };
}
