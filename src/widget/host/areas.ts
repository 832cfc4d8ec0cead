/**
 * Where the widget is running. amoCRM reports this twice, differently: self.system().area uses
 * manifest codes (lcard, llist, settings, ...), APP.getWidgetsArea() uses router codes
 * (leads_card, leads-pipeline, advanced-settings:<code>, ...). The kanban view has no manifest
 * area at all, only `everywhere` + the router code (platform reference §1.2.1, §2.6), so we read both.
 */
import type { LeadId } from '../../core/brand';

export type WidgetArea =
  | { kind: 'lead-card'; leadId: LeadId }
  | { kind: 'new-lead-card' }
  | { kind: 'leads-list' }
  | { kind: 'leads-pipeline' }
  | { kind: 'settings' }
  | { kind: 'advanced-settings' }
  | { kind: 'digital-pipeline' }
  | { kind: 'other'; code: string };

export interface AreaSignals {
  systemArea: string;
  widgetsArea: string | null;
  currentCardId: number | null;
  widgetCode: string;
}

export function resolveArea({ systemArea, widgetsArea, currentCardId, widgetCode }: AreaSignals): WidgetArea {
  if (systemArea === 'lcard' || widgetsArea === 'leads_card') {
    if (currentCardId === null || currentCardId <= 0) return { kind: 'new-lead-card' };
    return { kind: 'lead-card', leadId: currentCardId as LeadId };
  }
  if (systemArea === 'advanced_settings' || widgetsArea === `advanced-settings:${widgetCode}`) {
    return { kind: 'advanced-settings' };
  }
  if (systemArea === 'settings' || widgetsArea === 'settings') return { kind: 'settings' };
  if (systemArea === 'digital_pipeline') return { kind: 'digital-pipeline' };
  if (widgetsArea === 'leads-pipeline') return { kind: 'leads-pipeline' };
  if (systemArea === 'llist' || widgetsArea === 'leads') return { kind: 'leads-list' };
  return { kind: 'other', code: widgetsArea ?? systemArea };
}
