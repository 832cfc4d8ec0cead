/** The caller's role, resolved on the server for every call that needs one. */
import { AmoAccessRejected } from '../../amo/errors';
import type { AmoUser } from '../../core/domain';
import type { DirectoryCache } from '../accounts/directory';
import type { AccountsDb } from '../accounts/repository';
import { loadConfig } from '../config/repository';
import { forbidden, HttpError } from '../http/errors';
import type { AuthContext } from './authenticate';
import { resolveRole, type Role } from './roles';

export interface Caller { user: AmoUser; role: Role }

/** A user added in amoCRM a moment ago is not in a minute-old cache; look again, but not too often. */
const UNKNOWN_USER_RECHECK_MS = 5_000;

export async function resolveCaller(auth: AuthContext, db: AccountsDb, directory: DirectoryCache): Promise<Caller> {
  const accountId = auth.account.id;
  const [stored, users] = await Promise.all([
    loadConfig(db, accountId),
    loadUsers(directory, accountId),
  ]);
  let user = users.find((candidate) => candidate.id === auth.userId);
  if (user === undefined) {
    const fresher = await directory.get(accountId, { maxAgeMs: UNKNOWN_USER_RECHECK_MS }).catch(() => null);
    user = fresher?.users.find((candidate) => candidate.id === auth.userId);
  }
  const role = resolveRole(user, stored.config.heads);
  if (user === undefined || role === null) throw forbidden('unknown_user');
  return { user, role };
}

export async function requireAdmin(auth: AuthContext, db: AccountsDb, directory: DirectoryCache): Promise<Caller> {
  const caller = await resolveCaller(auth, db, directory);
  if (caller.role.kind !== 'admin') throw forbidden('admin_only');
  return caller;
}

async function loadUsers(directory: DirectoryCache, accountId: AuthContext['account']['id']): Promise<AmoUser[]> {
  try {
    return (await directory.get(accountId)).users;
  } catch (error) {
    // A refused token is the administrator's to fix (./http/errors.ts says so), not an outage.
    if (error instanceof AmoAccessRejected) throw error;
    // Without amoCRM's user list no role can be known; refuse rather than guess.
    throw new HttpError(503, 'amo_unavailable', 'cannot read the account users from amoCRM');
  }
}
