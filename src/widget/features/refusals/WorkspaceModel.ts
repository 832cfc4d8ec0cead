/**
 * The review workspace's state: the head's undecided reviews, filters and sorting, the open
 * review and the decisions on it. Views read signals and call the verbs; the service does the
 * work and is the judge of every decision (a 409 here means another head was quicker).
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { EpochMs } from '../../../core/brand';
import type {
  ConfirmReviewRequest, DecisionResult, RefusalsApi, ReturnReviewRequest, ReviewDetail, ReviewListItem, ReviewQueue,
} from './api';
import type { ReviewFilters, ReviewSort } from './select-reviews';
import { NO_FILTERS, selectVisibleReviews } from './select-reviews';
import type { Loadable } from '../../ui/use-async';

type DecisionNotice = { kind: 'confirmed' | 'returned' | 'conflict'; leadName: string };

export interface WorkspaceModel {
  readonly list: Signal<Loadable<ReviewQueue>>;
  readonly filters: Signal<ReviewFilters>;
  readonly sort: Signal<ReviewSort>;
  readonly visible: ReadonlySignal<ReviewListItem[]>;
  readonly selectedId: Signal<string | null>;
  readonly detail: Signal<Loadable<ReviewDetail> | null>;
  readonly notice: Signal<DecisionNotice | null>;
  reload(): Promise<void>;
  select(id: string | null): Promise<void>;
  setFilter<K extends keyof ReviewFilters>(key: K, value: ReviewFilters[K]): void;
  confirmLost(request: ConfirmReviewRequest): Promise<DecisionResult>;
  returnToWork(request: ReturnReviewRequest): Promise<DecisionResult>;
}

export function createWorkspaceModel(api: RefusalsApi, now: () => EpochMs): WorkspaceModel {
  const list = signal<Loadable<ReviewQueue>>({ kind: 'loading' });
  const filters = signal<ReviewFilters>(NO_FILTERS);
  const sort = signal<ReviewSort>('oldest');
  const selectedId = signal<string | null>(null);
  const detail = signal<Loadable<ReviewDetail> | null>(null);
  const notice = signal<DecisionNotice | null>(null);
  const visible = computed(() => {
    const current = list.value;
    return current.kind === 'ready' ? selectVisibleReviews(current.value.items, filters.value, sort.value, now()) : [];
  });

  async function reload(): Promise<void> {
    try {
      list.value = { kind: 'ready', value: await api.listUndecided() };
    } catch (error) {
      list.value = { kind: 'failed', error };
    }
  }

  async function select(id: string | null): Promise<void> {
    selectedId.value = id;
    if (id === null) { detail.value = null; return; }
    detail.value = { kind: 'loading' };
    try {
      const loaded = await api.getReview(id);
      if (selectedId.value === id) detail.value = { kind: 'ready', value: loaded };
    } catch (error) {
      if (selectedId.value === id) detail.value = { kind: 'failed', error };
    }
  }

  /** A decided review leaves the queue; the next one in the visible order opens, so a head can work through it. */
  function settle(id: string, result: DecisionResult, kind: 'confirmed' | 'returned'): void {
    if (result.kind === 'rejected') return;
    const current = list.value;
    if (current.kind !== 'ready') return;
    const order = visible.value;
    const index = order.findIndex((item) => item.id === id);
    const next = order[index + 1] ?? order[index - 1] ?? null;
    const leadName = order[index]?.leadName ?? '';
    const items = current.value.items.filter((item) => item.id !== id);
    const pending = Math.max(0, current.value.counts.pending - 1);
    list.value = { kind: 'ready', value: { items, counts: { ...current.value.counts, pending } } };
    notice.value = { kind: result.kind === 'done' ? kind : 'conflict', leadName };
    void select(next === null || next.id === id ? null : next.id);
    // Another head decided it: the rest of the queue may have moved too.
    if (result.kind === 'conflict') void reload();
  }

  async function decide(kind: 'confirmed' | 'returned', run: (id: string) => Promise<DecisionResult>): Promise<DecisionResult> {
    const id = selectedId.value;
    if (id === null) throw new Error('no review is open');
    const result = await run(id);
    settle(id, result, kind);
    return result;
  }

  return {
    list, filters, sort, visible, selectedId, detail, notice, reload, select,
    setFilter: (key, value) => { filters.value = { ...filters.value, [key]: value }; },
    confirmLost: (request) => decide('confirmed', (id) => api.confirm(id, request)),
    returnToWork: (request) => decide('returned', (id) => api.returnToWork(id, request)),
  };
}
