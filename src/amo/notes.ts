/** Lead notes (§4.10): the per-lead audit log. */
import type { LeadId } from '../core/brand';
import type { Note } from '../core/domain';
import { writeInBatches } from './batch';
import type { AmoHttp } from './http';
import { PAGE_LIMIT } from './leads';
import { asWire, mapNote, newNoteToWire } from './map';
import type { NewNote } from './port';
import type { NoteWire } from './wire';

/** Newest first; `limit` caps how many are read (the focus panel needs only the last one). */
export async function listNotes(http: AmoHttp, leadId: LeadId, opts: { limit?: number } = {}): Promise<Note[]> {
  const want = opts.limit ?? Infinity;
  if (want <= 0) return [];
  const notes: Note[] = [];
  const query = { limit: Math.min(PAGE_LIMIT, want), order: { id: 'desc' } };
  for await (const page of http.pages(`/api/v4/leads/${leadId}/notes`, 'notes', { query })) {
    notes.push(...asWire<NoteWire>(page).map(mapNote));
    if (notes.length >= want) break;
  }
  return notes.slice(0, want);
}

/** POST /api/v4/leads/notes with `entity_id` per element, so notes for many leads share requests. */
export async function addNotes(
  http: AmoHttp, notes: readonly NewNote[], batchSize: number, signal?: AbortSignal,
): Promise<Array<{ id: number; requestId?: string }>> {
  if (notes.length === 0) return [];
  const rows = await writeInBatches(http, 'POST', '/api/v4/leads/notes', 'notes', notes.map(newNoteToWire), batchSize, signal);
  return rows.map((row, i) => {
    const requestId = notes[i]?.requestId;
    return requestId === undefined ? { id: row.id } : { id: row.id, requestId };
  });
}
