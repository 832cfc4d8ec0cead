/** Contacts (contacts-api): only what distribution reads — who is responsible for a contact. */
import type { ContactId } from '../core/brand';
import type { AmoHttp } from './http';
import { PAGE_LIMIT, splitByIdList } from './leads';
import { mapContactOwner, readAllPages } from './map';
import type { ContactOwner } from './port';
import type { ContactWire } from './wire';

/** GET /api/v4/contacts?filter[id][]=…, 250 ids a request; missing or invisible contacts are absent. */
export async function listContactOwners(http: AmoHttp, ids: readonly ContactId[], signal?: AbortSignal): Promise<ContactOwner[]> {
  if (ids.length === 0) return [];
  const owners: ContactOwner[] = [];
  for (const part of splitByIdList({ ids }, 'ids')) {
    const pages = http.pages('/api/v4/contacts', 'contacts', { query: { limit: PAGE_LIMIT, filter: { id: part.ids } }, signal });
    const rows = await readAllPages<ContactWire, ContactOwner | null>(pages, mapContactOwner);
    owners.push(...rows.filter((row): row is ContactOwner => row !== null));
  }
  return owners;
}
