/**
 * Scenarios: `demo` (what `npm start` shows: ~600 deals over six months), `small` (a few dozen deals,
 * for fast tests) and `empty` (the account and its users, no deals). Deals are played forward through
 * the same Store the API uses, so seeded history has exactly the events, `closed_at` and
 * `closest_task_at` a live account would have.
 */
import { createRng, type Rng } from '../prng';
import type { StoreData } from '../model';
import { Store } from '../store';
import { buildBase, openStageIds, TASK_TYPE_REVIEW, unsortedStageId, type Staffing } from './base';
import { COMPANIES, NOTE_TEXTS, PRODUCTS, TAGS, TASK_TEXTS } from './names';

export type ScenarioName = 'demo' | 'empty' | 'small';
export const SCENARIOS: readonly ScenarioName[] = ['demo', 'empty', 'small'];

interface ScenarioShape { staffing: Staffing; deals: number; historyDays: number }

const SHAPES: Record<ScenarioName, ScenarioShape> = {
  demo: { staffing: { groups: 2, managersPerGroup: [3, 3] }, deals: 600, historyDays: 182 },
  small: { staffing: { groups: 2, managersPerGroup: [2, 1] }, deals: 30, historyDays: 60 },
  empty: { staffing: { groups: 2, managersPerGroup: [2, 1] }, deals: 0, historyDays: 0 },
};

const DAY = 86400;
const HOUR = 3600;
/** Moscow has been UTC+3 all year since 2014, so "today" needs no tz database here. */
const MOSCOW_OFFSET = 3 * HOUR;

export function buildScenario(name: ScenarioName, seed: number, nowSec: number): StoreData {
  const shape = SHAPES[name];
  const data = buildBase(nowSec, shape.staffing);
  const rng = createRng(seed);
  let clock = nowSec;
  const store = new Store(data, () => clock);
  const managers = data.users.filter((u) => u.role === 'manager');
  for (let i = 0; i < shape.deals; i++) {
    // Skew creation times towards the recent past: sales departments grow, and fresh leads matter most.
    const ageSec = Math.floor(Math.pow(rng.next(), 1.4) * shape.historyDays * DAY);
    playDeal(store, rng, managers.map((m) => m.id), nowSec - ageSec, nowSec, (t) => { clock = t; });
  }
  data.events.sort((a, b) => a.created_at - b.created_at);
  return data;
}

function playDeal(store: Store, rng: Rng, managerIds: number[], createdAt: number, nowSec: number, setClock: (t: number) => void): void {
  const stages = openStageIds();
  const admin = store.data.users[0]?.id ?? 0;
  let t = createdAt;
  setClock(t);
  const responsible = rng.pick(managerIds);
  const fresh = nowSec - createdAt < 4 * DAY;
  const startsUnsorted = rng.chance(fresh ? 0.5 : 0.3);
  const lead = store.createLead({
    name: `${rng.pick(COMPANIES)} — ${rng.pick(PRODUCTS)}`,
    price: rng.int(15, 2500) * 1000,
    status_id: startsUnsorted ? unsortedStageId() : stages[0],
    responsible_user_id: responsible,
    created_at: createdAt,
    tags: rng.chance(0.3) ? [rng.pick(TAGS)] : [],
    contact_ids: [store.data.nextId.contact++],
  }, admin);
  // The lead's main contact, owned by the same manager (what sticky owner reads).
  const [contactRef] = lead._embedded.contacts ?? [];
  if (contactRef) store.createContact({ name: lead.name.split(' — ')[0] ?? lead.name, responsible_user_id: responsible, created_at: createdAt }, admin, contactRef.id);

  const step = (maxDays: number): boolean => {
    const next = t + rng.int(2 * HOUR, maxDays * DAY);
    if (next >= nowSec - HOUR) return false;
    t = next;
    setClock(t);
    return true;
  };

  if (startsUnsorted) {
    if (fresh && rng.chance(0.6)) return; // still waiting in "Неразобранное"
    if (!step(2)) return;
    store.updateLead(lead.id, { status_id: stages[0] }, responsible);
  }
  if (rng.chance(0.06) && step(10)) {
    store.updateLead(lead.id, { responsible_user_id: rng.pick(managerIds) }, admin);
  }
  const owner = (): number => store.data.leads.get(lead.id)?.responsible_user_id ?? responsible;

  const reach = rng.int(0, stages.length - 1);
  for (let s = 1; s <= reach; s++) {
    if (rng.chance(0.08)) continue; // some deals skip a stage
    if (!step(14)) break;
    store.updateLead(lead.id, { status_id: stages[s] }, owner());
    if (rng.chance(0.5)) addCompletedTask(store, rng, lead.id, owner(), t);
  }
  const old = nowSec - createdAt > 21 * DAY;
  const outcome = rng.next();
  if (old && outcome < 0.12 + reach * 0.03) {
    if (step(14)) store.updateLead(lead.id, { status_id: 142 }, owner());
  } else if (old && outcome < 0.55) {
    if (step(14)) store.updateLead(lead.id, { status_id: 143, loss_reason_id: rng.pick(store.data.lossReasons).id }, owner());
  }
  for (let n = rng.int(0, 3); n > 0; n--) {
    const at = rng.int(createdAt, Math.max(createdAt, nowSec - HOUR));
    store.addNote(lead.id, 'common', { text: rng.pick(NOTE_TEXTS) }, owner(), at);
  }
  const current = store.data.leads.get(lead.id);
  if (current && current.closed_at === null) addOpenTask(store, rng, lead.id, owner(), { createdAt, nowSec }, setClock);
  if (current?.status_id === 143 && rng.chance(0.15)) {
    setClock(Math.min(nowSec, (current.closed_at ?? nowSec) + HOUR));
    store.createTask({ text: 'Проверить отказ: ' + current.name, complete_till: (current.closed_at ?? nowSec) + DAY, entity_id: lead.id, entity_type: 'leads', task_type_id: TASK_TYPE_REVIEW, responsible_user_id: headOf(store, owner()) }, admin);
  }
  setClock(nowSec);
}

function headOf(store: Store, userId: number): number {
  const group = store.user(userId)?.group_id;
  return store.data.users.find((u) => u.role === 'head' && u.group_id === group)?.id ?? userId;
}

function addCompletedTask(store: Store, rng: Rng, leadId: number, owner: number, at: number): void {
  const task = store.createTask({ text: rng.pick(TASK_TEXTS), complete_till: at + rng.int(1, 48) * HOUR, entity_id: leadId, entity_type: 'leads', task_type_id: rng.pick([1, 1, 2, 3011]), responsible_user_id: owner }, owner);
  store.updateTask(task.id, { is_completed: true, result: { text: 'Выполнено' } }, owner);
}

/** About a quarter of open deals have no task at all — the classic way deals get lost. */
function addOpenTask(store: Store, rng: Rng, leadId: number, owner: number, span: { createdAt: number; nowSec: number }, setClock: (t: number) => void): void {
  const { nowSec } = span;
  const roll = rng.next();
  if (roll < 0.25) return;
  const endOfToday = Math.floor((nowSec + MOSCOW_OFFSET) / DAY) * DAY + DAY - MOSCOW_OFFSET - 60;
  let due: number;
  if (roll < 0.5) due = nowSec - rng.int(1, 20 * 24) * HOUR; // overdue
  else if (roll < 0.65) due = Math.max(nowSec - 2 * HOUR, Math.min(endOfToday, nowSec + rng.int(1, 8) * HOUR)); // today
  else due = nowSec + rng.int(1, 14) * DAY;
  setClock(Math.max(span.createdAt, Math.min(nowSec, due - rng.int(1, 72) * HOUR)));
  store.createTask({ text: rng.pick(TASK_TEXTS), complete_till: due, entity_id: leadId, entity_type: 'leads', task_type_id: rng.pick([1, 1, 2, 3011]), responsible_user_id: owner }, owner);
  setClock(nowSec);
}
