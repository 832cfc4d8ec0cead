/**
 * Every piece of UI we put into amoCRM's page lives in a "mount": a root element carrying
 * `data-fr-mount="<name>"` with a Preact tree in it. render() fires again on the same page and
 * areas change without a reload, so mounting is idempotent: the same name in the same place with
 * the same identity re-renders the existing tree; a new place or identity replaces it; a root left
 * behind by an earlier instance is taken over rather than duplicated.
 */
import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { UiContext, type UiEnv } from '../ui/context';
import { AppEnvContext, type AppEnv } from '../features/app-env';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import type { ErrorReporter } from './guard';

export type MountName = 'launcher' | 'card' | 'settings' | 'advanced';

/** Eager views ship in script.js; lazy ones are separate chunks fetched on first mount. */
export type ViewSource<P> = { component: ComponentType<P> } | { load: () => Promise<ComponentType<P>> };

export interface MountRequest<P> {
  name: MountName;
  parent: Element;
  /** What makes two requests "the same mount" beyond name and parent, e.g. the lead id. */
  identity?: string;
  view: ViewSource<P>;
  props: P;
}

interface Mount {
  root: Element;
  parent: Element;
  identity: string;
}

const MOUNT_ATTRIBUTE = 'data-fr-mount';

export class MountRegistry {
  readonly #mounts = new Map<MountName, Mount>();

  constructor(
    private readonly doc: Document,
    private readonly env: () => UiEnv,
    private readonly report: ErrorReporter,
    /** Loads the features' AppEnv (a lazy chunk, like the views that use it). */
    private readonly appEnv: () => Promise<AppEnv | null> = () => Promise.resolve(null),
  ) {}

  get size(): number {
    return this.#mounts.size;
  }

  root(name: MountName): Element | null {
    const mount = this.#mounts.get(name);
    return mount && mount.root.isConnected ? mount.root : null;
  }

  /** True when `name` is mounted, still in the page, at this parent and identity. */
  isCurrent(name: MountName, parent: Element | null, identity = ''): boolean {
    const mount = this.#mounts.get(name);
    return !!mount && mount.root.isConnected && (parent === null || mount.parent === parent) && mount.identity === identity;
  }

  mount<P extends object>(request: MountRequest<P>): Element {
    const identity = request.identity ?? '';
    const existing = this.#mounts.get(request.name);
    if (existing && !this.isCurrent(request.name, request.parent, identity)) this.unmount(request.name);
    const root = this.root(request.name) ?? this.#adoptOrCreateRoot(request.name, request.parent);
    this.#mounts.set(request.name, { root, parent: request.parent, identity });
    const env = this.env();
    const onError = (error: unknown) => this.report(`view:${request.name}`, error);
    render(<MountShell env={env} appEnv={this.appEnv} view={request.view} props={request.props} onError={onError} />, root);
    return root;
  }

  /**
   * Replaces a mount's content with the error state. With `parent`, a missing mount is created
   * there first (a failure before anything was mounted still gets shown); without, returns false.
   */
  showError(name: MountName, error: unknown, parent?: Element): boolean {
    let root = this.root(name);
    if (!root && parent) {
      root = this.#adoptOrCreateRoot(name, parent);
      this.#mounts.set(name, { root, parent, identity: 'error' });
    }
    if (!root) return false;
    render(<ErrorState t={this.env().t} error={error} />, root);
    return true;
  }

  unmount(name: MountName): void {
    const mount = this.#mounts.get(name);
    if (!mount) return;
    this.#mounts.delete(name);
    render(null, mount.root);
    mount.root.remove();
  }

  drain(): void {
    for (const name of [...this.#mounts.keys()]) {
      try {
        this.unmount(name);
      } catch (error) {
        this.report(`unmount:${name}`, error);
      }
    }
  }

  #adoptOrCreateRoot(name: MountName, parent: Element): Element {
    const stale = [...parent.children].find((child) => child.getAttribute(MOUNT_ATTRIBUTE) === name);
    if (stale) {
      render(null, stale);
      return stale;
    }
    const root = this.doc.createElement('div');
    root.setAttribute(MOUNT_ATTRIBUTE, name);
    parent.appendChild(root);
    return root;
  }
}

interface ShellProps<P> {
  env: UiEnv;
  appEnv: () => Promise<AppEnv | null>;
  view: ViewSource<P>;
  props: P;
  onError: (error: unknown) => void;
}

type LoadState<P> =
  | { kind: 'loading' }
  | { kind: 'ready'; component: ComponentType<P>; app: AppEnv | null }
  | { kind: 'failed'; error: unknown };

function initialState<P>(view: ViewSource<P>): LoadState<P> {
  return 'component' in view ? { kind: 'ready', component: view.component, app: null } : { kind: 'loading' };
}

/** Loading state while a lazy chunk arrives, error state if it or the view fails. */
function MountShell<P extends object>({ env, appEnv, view, props, onError }: ShellProps<P>) {
  const [state, setState] = useState<LoadState<P>>(() => initialState(view));
  useEffect(() => {
    if ('component' in view) {
      setState({ kind: 'ready', component: view.component, app: null });
      return undefined;
    }
    let live = true;
    Promise.all([view.load(), appEnv()]).then(
      ([component, app]) => { if (live) setState({ kind: 'ready', component, app }); },
      (error: unknown) => {
        if (!live) return;
        setState({ kind: 'failed', error });
        onError(error);
      },
    );
    return () => { live = false; };
  }, [view, appEnv]);

  let content;
  if (state.kind === 'ready') {
    const View = state.component;
    content = <AppEnvContext.Provider value={state.app}><View {...props} /></AppEnvContext.Provider>;
  } else if (state.kind === 'failed') {
    content = <ErrorState t={env.t} error={state.error} />;
  } else {
    content = <LoadingState />;
  }
  return (
    <UiContext.Provider value={env}>
      <ErrorBoundary t={env.t} onError={onError}>{content}</ErrorBoundary>
    </UiContext.Provider>
  );
}
