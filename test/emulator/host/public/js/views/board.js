// The leads kanban ("Воронка"): a column per stage with its colour bar, count and sum, lead cards.
// Data through REST v4 with the session, so the board shows exactly what this user may see.
import { createLead, fetchAllLeads } from '../api.js';
import { formatDate, formatMoney, h } from '../dom.js';
import { paths } from '../routes.js';

const WON = 142;
const LOST = 143;

/**
 * @param {{ page: HTMLElement, pipeline: import('../types.js').Pipeline, pipelines: import('../types.js').Pipeline[],
 *   strings: import('../types.js').Strings, account: import('../types.js').Account, managers: import('../types.js').Managers,
 *   navigate?: (url: string) => unknown, userId?: number }} p
 * @returns {Promise<{ header: Node[] }>}
 */
export async function renderBoard({ page, pipeline, pipelines, strings, account, managers, navigate, userId }) {
  const params = new URLSearchParams();
  params.append('filter[pipeline_id][]', String(pipeline.id));
  const leads = await fetchAllLeads(params);
  const statuses = [...(pipeline._embedded?.statuses ?? [])]
    .filter((s) => s.id !== WON && s.id !== LOST)
    .sort((a, b) => a.sort - b.sort);

  const columns = statuses.map((status) => {
    const inStage = leads.filter((l) => l.status_id === status.id);
    const sum = inStage.reduce((acc, l) => acc + (Number(l.price) || 0), 0);
    return h('section', { class: 'pipeline-column', 'data-status-id': status.id },
      h('header', { class: 'pipeline-column__head', style: `--stage-color: ${status.color || '#c1c1c1'}` },
        h('div', { class: 'pipeline-column__name', title: status.name }, status.name),
        h('div', { class: 'pipeline-column__meta' },
          h('span', { class: 'pipeline-column__count' }, strings.deals(inStage.length)),
          h('span', { class: 'pipeline-column__sum' }, formatMoney(sum, account.currency ?? 'RUB')))),
      h('div', { class: 'pipeline-column__body' },
        inStage.length === 0 ? h('div', { class: 'pipeline-column__empty' }, strings.noDeals) : null,
        inStage.map((lead) => leadCard(lead, strings, account, managers))));
  });

  page.replaceChildren(h('div', { class: 'pipeline-board', 'data-pipeline-id': pipeline.id }, columns));

  const header = [
    viewSwitch(strings, pipeline.id, 'board'),
    pipelines.length > 1 ? pipelineTabs(pipelines, pipeline.id, paths.board) : null,
    newLeadButton(strings, pipeline, statuses, userId, navigate),
  ].filter((n) => n !== null);
  return { header: /** @type {Node[]} */ (header) };
}

/** @param {import('../types.js').Lead} lead @param {import('../types.js').Strings} strings @param {import('../types.js').Account} account @param {import('../types.js').Managers} managers */
function leadCard(lead, strings, account, managers) {
  const owner = managers[String(lead.responsible_user_id)];
  const overdue = lead.closest_task_at !== null && lead.closest_task_at * 1000 < Date.now();
  return h('a', { class: 'pipeline-lead', href: paths.card(lead.id), 'data-link': '', 'data-lead-id': lead.id },
    h('div', { class: 'pipeline-lead__top' },
      h('span', { class: 'pipeline-lead__owner' }, owner?.title ?? `#${lead.responsible_user_id}`),
      h('span', { class: 'pipeline-lead__date' }, formatDate(lead.created_at, account.timezone ?? 'Europe/Moscow'))),
    h('div', { class: 'pipeline-lead__name' }, lead.name || `#${lead.id}`),
    h('div', { class: 'pipeline-lead__bottom' },
      h('span', { class: 'pipeline-lead__price' }, formatMoney(Number(lead.price) || 0, account.currency ?? 'RUB')),
      h('span', {
        class: `pipeline-lead__task ${lead.closest_task_at === null ? 'is-none' : overdue ? 'is-overdue' : 'is-planned'}`,
        title: lead.closest_task_at === null ? 'no task' : overdue ? 'overdue' : 'planned',
      })));
}

/** @param {import('../types.js').Strings} strings @param {number} pipelineId @param {'board'|'list'} active */
export function viewSwitch(strings, pipelineId, active) {
  return h('div', { class: 'view-switch' },
    h('a', { class: `view-switch__item${active === 'board' ? ' is-active' : ''}`, href: paths.board(pipelineId), 'data-link': '' }, strings.pipelineView),
    h('a', { class: `view-switch__item${active === 'list' ? ' is-active' : ''}`, href: paths.list(pipelineId), 'data-link': '' }, strings.listView));
}

/** @param {import('../types.js').Pipeline[]} pipelines @param {number} activeId @param {(id: number) => string} toPath */
export function pipelineTabs(pipelines, activeId, toPath) {
  return h('div', { class: 'pipeline-tabs' },
    pipelines.map((p) => h('a', {
      class: `pipeline-tabs__item${p.id === activeId ? ' is-active' : ''}`, href: toPath(p.id), 'data-link': '', 'data-pipeline-id': p.id,
    }, p.name)));
}

/**
 * «+ Новая сделка»: amoCRM opens an empty card; here the deal is created in the pipeline's first
 * working stage with the signed-in user responsible, and its card opens to name and fill it.
 * @param {import('../types.js').Strings} strings @param {import('../types.js').Pipeline} pipeline
 * @param {Array<{ id: number, type?: number }>} statuses open stages by sort
 * @param {number | undefined} userId @param {((url: string) => unknown) | undefined} navigate
 */
function newLeadButton(strings, pipeline, statuses, userId, navigate) {
  const button = h('button', { class: 'button-input button-input--primary', type: 'button', 'data-new-lead': '' }, strings.newLead);
  const first = statuses.find((s) => s.type !== 1) ?? statuses[0];
  button.addEventListener('click', async () => {
    if (!first) return;
    button.setAttribute('disabled', '');
    try {
      const id = await createLead({
        name: strings.newLeadName, price: 0, pipeline_id: pipeline.id, status_id: first.id,
        ...(userId ? { responsible_user_id: userId } : {}),
      });
      if (navigate) await navigate(paths.card(id));
      else window.location.assign(paths.card(id));
    } finally {
      button.removeAttribute('disabled');
    }
  });
  return button;
}
