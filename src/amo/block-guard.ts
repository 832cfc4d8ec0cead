/**
 * Detects that amoCRM blocked the account (§4.3, §9.6: after repeated limit violations every call
 * answers 403, often an nginx HTML page) and then stops calling for a while: hammering a blocked
 * account only prolongs the block, and lifting it takes a support ticket.
 *
 * Signals: a 403 whose body is not JSON (amoCRM's own 403s are problem+json), or consecutive 403s
 * on several different endpoints with no success in between. A manager repeatedly asking an
 * admin-only endpoint (/api/v4/users) gets 403 on ONE path: that is missing rights, not a block.
 */
import { perAccount } from './per-account';

export interface BlockGuardOptions {
  /** Distinct endpoints answering 403 in a row that mean "blocked". */
  distinctPaths?: number;
  /** How long to refuse calls after a block was detected before one probe may go out. */
  cooldownMs?: number;
}

export interface BlockGuard {
  isBlocked(now: number): boolean;
  /** Returns true when this 403 newly puts the account into the blocked state. */
  record403(path: string, nonJsonBody: boolean, now: number): boolean;
  recordAnswer(): void;
}

/** `/api/v4/leads/17?with=x` → `/api/v4/leads/:id`: a manager denied three leads hit ONE endpoint. */
function endpointOf(path: string): string {
  return (path.split('?')[0] ?? path).replace(/\/\d+(?=\/|$)/g, '/:id');
}

export function createBlockGuard(options: BlockGuardOptions = {}): BlockGuard {
  const threshold = options.distinctPaths ?? 3;
  const cooldownMs = options.cooldownMs ?? 10 * 60_000;
  let forbiddenPaths = new Set<string>();
  let blockedUntil = -Infinity;

  return {
    isBlocked: (now) => now < blockedUntil,
    record403(path, nonJsonBody, now) {
      forbiddenPaths.add(endpointOf(path));
      if (!nonJsonBody && forbiddenPaths.size < threshold) return false;
      const wasBlocked = now < blockedUntil;
      blockedUntil = now + cooldownMs;
      return !wasBlocked;
    },
    recordAnswer() {
      if (forbiddenPaths.size > 0) forbiddenPaths = new Set();
    },
  };
}

/** One guard per account, shared like the request budget (./per-account.ts). */
export const blockGuardFor: (key: string, options?: BlockGuardOptions) => BlockGuard = perAccount(createBlockGuard);
