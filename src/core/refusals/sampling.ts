/**
 * Deterministic sampling. "Review 30% of lost deals" must give the same answer for the same loss
 * every time — a webhook retry, a second service instance or a backfill over the same period must
 * never flip a decision — and a new loss of the same deal must get a fresh draw.
 *
 * The draw: key = `${accountId}:${leadId}:${lossEventKey}`; h = FNV-1a 32-bit over the key's
 * UTF-16 code units (the key is ASCII), then murmur3's fmix32 finaliser so that neighbouring lead
 * ids spread over the whole range; point = h / 2^32 × 100, in [0, 100). A deal is sampled in when
 * point < percent, so 0% takes nothing and 100% takes everything. Anyone (SQL, a script) can
 * recompute it from this description.
 */
import type { AccountId, LeadId } from '../brand';
import type { LossEventKey } from './loss-event';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TWO_POW_32 = 4_294_967_296;

function fnv1a32(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface SamplingSubject { accountId: AccountId; leadId: LeadId; lossEventKey: LossEventKey }

/** The loss's fixed point in [0, 100). */
export function computeSamplingPoint(subject: SamplingSubject): number {
  const key = `${subject.accountId}:${subject.leadId}:${subject.lossEventKey}`;
  return (fmix32(fnv1a32(key)) / TWO_POW_32) * 100;
}

export function isSampledIn(subject: SamplingSubject, percent: number): boolean {
  return computeSamplingPoint(subject) < percent;
}
