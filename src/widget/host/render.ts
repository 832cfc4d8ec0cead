/**
 * render(): first callback in every area. Draws the launcher everywhere and our block in a lead
 * card. Returns false in a new, unsaved card (APP.data.current_card.id === 0) as the platform
 * asks (platform reference §2.2): there is no deal to show yet.
 */
import type { LeadId } from '../../core/brand';
import { injectStyles } from '../ui/styles';
import type { WidgetInstance } from './instance';
import { HostShapeError } from './parse';
import { CARD_VIEW, LAUNCHER_VIEW } from './views';

const CARD_SLOT_SELECTOR = '[data-fr-slot="card"]';

export function render(w: WidgetInstance): boolean {
  injectStyles(w.doc);
  mountLauncher(w);
  const area = w.area();
  if (area.kind === 'new-lead-card') return false;
  if (area.kind === 'lead-card') mountCard(w, area.leadId);
  return true;
}

function mountLauncher(w: WidgetInstance): void {
  if (w.mounts.isCurrent('launcher', w.doc.body)) return;
  const root = w.mounts.mount({ name: 'launcher', parent: w.doc.body, view: LAUNCHER_VIEW, props: { model: w.launcher } });
  root.classList.add('fr-launcher-root');
}

/** self.render_template draws the right-panel block once; later renders reuse it. */
function mountCard(w: WidgetInstance, leadId: LeadId): void {
  const identity = String(leadId);
  if (w.mounts.isCurrent('card', null, identity)) return;
  let slot = w.doc.querySelector(CARD_SLOT_SELECTOR);
  if (!slot) {
    if (typeof w.self.render_template !== 'function') throw new HostShapeError('self.render_template is missing');
    w.self.render_template({
      caption: { class_name: 'fr-card-caption' },
      body: '',
      render: '<div class="fr-card-slot" data-fr-slot="card"></div>',
    });
    slot = w.doc.querySelector(CARD_SLOT_SELECTOR);
  }
  if (!slot) throw new HostShapeError('the card panel slot did not appear after render_template');
  w.mounts.mount({ name: 'card', parent: slot, identity, view: CARD_VIEW, props: { leadId, renderedAt: w.now() } });
}
