/**
 * One collector at a time per account. Two collectors at once would both create the same review
 * tasks: amoCRM has no idempotent create, and the effect runner (../jobs/amo-effects.ts) reads the
 * other one's fresh `started` mark as the mark of an attempt that died. Looking at which collector
 * jobs are running does not exclude that: an older job due again after its back-off (or after its
 * lease ran out) starts while a younger one is inside its create, and two that look at the same
 * moment each see the other. So the collector takes a hold on the account's `refusal_collectors`
 * row in one statement: on PGlite (one session) statements are serial anyway, and on PostgreSQL the
 * upsert locks the row and re-checks its condition once the other writer commits — of two at once,
 * exactly one gets the hold. The hold is not a transaction kept open across the amoCRM calls (PGlite
 * has one session; webhook acknowledgements would wait); it lasts as long as the holding attempt's
 * job lease, so a collector that died without letting go stops blocking when its job would be
 * taken back anyway.
 */
import { sql } from 'kysely';
import type { AccountId } from '../../core/brand';
import type { Db } from './repository';

/** The attempt that holds: its job retried later is another attempt, and must not free a newer hold. */
const holderOf = (job: { id: number; attempt: number }): string => `${job.id}#${job.attempt}`;

/** Takes the account's collector hold for this job attempt; false while another attempt holds it. */
export async function holdCollector(db: Db, accountId: AccountId, job: { id: number; attempt: number }, now: Date): Promise<boolean> {
  const result = await sql<{ account_id: string }>`
    INSERT INTO refusal_collectors (account_id, generation, holder, held_until)
    VALUES (${accountId}, 1, ${holderOf(job)}, (SELECT locked_until FROM jobs WHERE account_id = ${accountId} AND id = ${job.id}))
    ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until
    WHERE refusal_collectors.holder IS NULL OR refusal_collectors.held_until IS NULL OR refusal_collectors.held_until <= ${now}
    RETURNING account_id`.execute(db);
  return result.rows.length === 1;
}

/** Lets go of the hold, if this attempt still has it. */
export async function releaseCollector(db: Db, accountId: AccountId, job: { id: number; attempt: number }): Promise<void> {
  await db.updateTable('refusal_collectors').set({ holder: null, held_until: null })
    .where('account_id', '=', accountId).where('holder', '=', holderOf(job)).execute();
}
