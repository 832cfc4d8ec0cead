// The leads list ("Список"): a table with row checkboxes; self.list_selected() reads the ticks.
import { fetchAllLeads } from '../api.js';
import { formatDate, formatMoney, h } from '../dom.js';
import { paths } from '../routes.js';
import { pipelineTabs, viewSwitch } from './board.js';

/**
 * @param {{ page: HTMLElement, pipeline: import('../types.js').Pipeline, pipelines: import('../types.js').Pipeline[],
 *   strings: import('../types.js').Strings, account: import('../types.js').Account, managers: import('../types.js').Managers }} p
 */
export async function renderList({ page, pipeline, pipelines, strings, account, managers }) {
  const params = new URLSearchParams();
  params.append('filter[pipeline_id][]', String(pipeline.id));
  const leads = await fetchAllLeads(params);
  const statusById = new Map((pipeline._embedded?.statuses ?? []).map((s) => [s.id, s]));

  const rows = leads.map((lead) => {
    const status = statusById.get(lead.status_id);
    return h('tr', { class: 'list-row', 'data-lead-id': lead.id },
      h('td', { class: 'list-row__check' }, h('input', { type: 'checkbox', class: 'list-row__checkbox', value: lead.id })),
      h('td', null, h('a', { href: paths.card(lead.id), 'data-link': '', class: 'list-row__name' }, lead.name || `#${lead.id}`)),
      h('td', null, h('span', { class: 'status-pill', style: `--stage-color: ${status?.color ?? '#c1c1c1'}` }, status?.name ?? lead.status_id)),
      h('td', { class: 'list-row__num' }, formatMoney(Number(lead.price) || 0, account.currency ?? 'RUB')),
      h('td', null, managers[String(lead.responsible_user_id)]?.title ?? `#${lead.responsible_user_id}`),
      h('td', null, formatDate(lead.created_at, account.timezone ?? 'Europe/Moscow')));
  });

  page.replaceChildren(h('div', { class: 'list-page' },
    h('table', { class: 'list-table' },
      h('thead', null, h('tr', null,
        h('th', { class: 'list-row__check' }), h('th', null, strings.name), h('th', null, strings.stage),
        h('th', null, strings.budget), h('th', null, strings.responsible), h('th', null, strings.created))),
      h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: 6, class: 'list-empty' }, strings.noDeals))))));

  return {
    header: [viewSwitch(strings, pipeline.id, 'list'), pipelines.length > 1 ? pipelineTabs(pipelines, pipeline.id, paths.list) : null]
      .filter((n) => n !== null),
    /** self.list_selected() shape (reference §2.3). */
    selected() {
      const ids = [...page.querySelectorAll('.list-row__checkbox:checked')].map((el) => Number(/** @type {HTMLInputElement} */ (el).value));
      return { count_selected: ids.length, selected: ids.map((id) => ({ id, emails: [], phones: [], type: 'lead' })) };
    },
  };
}
