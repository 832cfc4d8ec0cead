/** Sections of our block in the lead card's right panel, in order. Each feature adds its entry here. */
import type { LeadId } from '../../../core/brand';
import type { Section } from '../sections';

export interface CardSectionProps {
  leadId: LeadId;
}

export const CARD_SECTIONS: ReadonlyArray<Section<CardSectionProps>> = [
  { id: 'refusals', load: () => import(/* webpackChunkName: "refusals-card" */ '../refusals/CardSection').then((m) => m.default) },
];
