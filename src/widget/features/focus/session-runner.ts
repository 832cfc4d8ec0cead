/**
 * Where the running focus session lives and whether it pauses distribution: the service's session
 * when it answers, else one in this tab (session-backend.ts). Switches to the tab when the service
 * fails mid-session, and sends heartbeats while a view shows the session and the tab is visible.
 */
import { signal, type Signal } from '@preact/signals';
import type { LeadId, UserId } from '../../../core/brand';
import { DEFAULT_FOCUS_FILTER, deriveSessionLimits, type DealOutcome } from '../../../core/focus';
import type { AppEnv } from '../app-env';
import type { FocusSetup } from './focus-setup';
import { createLocalBackend, createRemoteBackend, snapshotOfView, type SessionBackend, type SessionSnapshot } from './session-backend';

/** Whether new leads are held back from this manager, and if not, why the widget cannot tell the service. */
export type PauseState = 'unknown' | 'active' | 'not_configured' | 'unreachable';

type ActiveSnapshot = Extract<SessionSnapshot, { kind: 'active' }>;

export interface SessionRunnerDeps {
  env: AppEnv;
  tabId: string;
  doc: Document | null;
  heartbeatMs: number;
  /** The setup last read: the session's limits come from its filter, the pause after a session from its service. */
  setup(): FocusSetup | null;
  /** A heartbeat's answer (the session may have ended: idle, end of day). */
  onBeat(beat: SessionSnapshot): Promise<void>;
}

export interface SessionRunner {
  readonly pause: Signal<PauseState>;
  isRunning(): boolean;
  /** Starts a session over the queue: the service's when it answers, otherwise one in this tab. */
  open(setup: FocusSetup, queue: readonly LeadId[]): Promise<SessionSnapshot>;
  /** Joins the session the service holds (another tab, a reload); null when it has no active one. */
  join(setup: FocusSetup): ActiveSnapshot | null;
  /** Where the session is now, so a switch to the tab carries on from there. */
  track(snapshot: SessionSnapshot): void;
  advance(dealId: LeadId, outcome: DealOutcome): Promise<SessionSnapshot>;
  stop(): Promise<SessionSnapshot | null>;
  /** The session ended: no more heartbeats; the pause notice follows the setup again. */
  end(): void;
  /** A setup was read: while no session runs, the pause notice says what the service would do. */
  reflect(setup: FocusSetup): void;
  /** A view showing the session mounted; heartbeats go out only while one is (and the tab is visible). */
  attach(): () => void;
}

const pauseOf = (setup: FocusSetup | null): PauseState =>
  setup === null ? 'unknown' : setup.service.kind === 'connected' ? 'active' : setup.service.reason;

export function createSessionRunner(deps: SessionRunnerDeps): SessionRunner {
  const { env, tabId, doc } = deps;
  const managerId = env.user.id as UserId;
  const pause = signal<PauseState>('unknown');
  const run: { backend: SessionBackend | null; snapshot: SessionSnapshot | null; attached: number; timer: ReturnType<typeof setInterval> | null } = {
    backend: null, snapshot: null, attached: 0, timer: null,
  };

  const limits = () => deriveSessionLimits(deps.setup()?.filter ?? DEFAULT_FOCUS_FILTER, env.account.timeZone);
  const inTab = (from?: ActiveSnapshot): SessionBackend => createLocalBackend(managerId, tabId, limits(), env.now, from);

  const sendHeartbeat = async (): Promise<void> => {
    if (!run.backend || run.attached === 0 || doc?.visibilityState === 'hidden') return;
    try {
      await deps.onBeat(await run.backend.heartbeat());
    } catch {
      // One missed heartbeat is harmless: the service's idle timeout is many beats long.
    }
  };
  const onVisibility = (): void => { if (doc?.visibilityState === 'visible') void sendHeartbeat(); };
  const startHeartbeats = (): void => {
    if (run.timer !== null) return;
    run.timer = setInterval(() => { void sendHeartbeat(); }, deps.heartbeatMs);
    doc?.addEventListener('visibilitychange', onVisibility);
  };
  const stopHeartbeats = (): void => {
    if (run.timer !== null) clearInterval(run.timer);
    run.timer = null;
    doc?.removeEventListener('visibilitychange', onVisibility);
  };

  /** The service failed mid-session: carry on in the tab from where it was, and say the pause is off. */
  const orInTab = async (call: (backend: SessionBackend) => Promise<SessionSnapshot>): Promise<SessionSnapshot> => {
    const backend = run.backend;
    if (!backend) throw new Error('no running focus session');
    try {
      return await call(backend);
    } catch (e) {
      if (!backend.pausesDistribution || run.snapshot?.kind !== 'active') throw e;
      run.backend = inTab(run.snapshot);
      pause.value = 'unreachable';
      return call(run.backend);
    }
  };

  const open = async (setup: FocusSetup, queue: readonly LeadId[]): Promise<SessionSnapshot> => {
    if (setup.service.kind === 'connected') {
      const remote = createRemoteBackend(setup.service.calls, tabId);
      try {
        const first = await remote.start(queue);
        run.backend = remote;
        pause.value = 'active';
        startHeartbeats();
        return first;
      } catch {
        pause.value = 'unreachable';
      }
    } else {
      pause.value = setup.service.reason;
    }
    run.backend = inTab();
    const first = await run.backend.start(queue);
    startHeartbeats();
    return first;
  };

  return {
    pause,
    isRunning: () => run.backend !== null,
    open,
    join: (setup) => {
      if (setup.service.kind !== 'connected' || setup.service.session?.kind !== 'active') return null;
      run.backend = createRemoteBackend(setup.service.calls, tabId);
      pause.value = 'active';
      startHeartbeats();
      const joined = snapshotOfView(setup.service.session);
      return joined.kind === 'active' ? joined : null;
    },
    track: (snapshot) => { run.snapshot = snapshot; },
    advance: (dealId, outcome) => orInTab((backend) => backend.advance(dealId, outcome)),
    stop: () => (run.backend ? orInTab((backend) => backend.stop()) : Promise.resolve(null)),
    end: () => {
      stopHeartbeats();
      run.backend = null;
      run.snapshot = null;
      pause.value = pauseOf(deps.setup());
    },
    reflect: (setup) => { if (run.backend === null) pause.value = pauseOf(setup); },
    attach: () => {
      run.attached += 1;
      return () => { run.attached -= 1; };
    },
  };
}
