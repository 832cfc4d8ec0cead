/**
 * Everything an instance starts — listeners, timers, mounts, anything with a teardown — is
 * registered here so destroy() can drain it. One registry per widget instance, never a module
 * singleton: amoCRM may construct the widget more than once per page.
 */
export type Dispose = () => void;

export class Disposables {
  readonly #items = new Set<Dispose>();
  readonly #keyed = new Map<string, Dispose>();

  constructor(private readonly onError: (where: string, error: unknown) => void) {}

  get size(): number {
    return this.#items.size;
  }

  /** Returns a function that disposes this one item early (and unregisters it). */
  add(dispose: Dispose): Dispose {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      this.#items.delete(once);
      dispose();
    };
    this.#items.add(once);
    return once;
  }

  /** Starts `start` only if nothing under `key` is running yet: for callbacks the host repeats. */
  ensure(key: string, start: () => Dispose): void {
    if (this.#keyed.has(key)) return;
    const stop = start();
    this.#keyed.set(key, stop);
    this.add(() => {
      this.#keyed.delete(key);
      stop();
    });
  }

  listen<K extends keyof DocumentEventMap>(
    target: Document, type: K, handler: (event: DocumentEventMap[K]) => void, options?: AddEventListenerOptions,
  ): Dispose;
  listen(target: EventTarget, type: string, handler: (event: Event) => void, options?: AddEventListenerOptions): Dispose;
  listen(target: EventTarget, type: string, handler: (event: never) => void, options?: AddEventListenerOptions): Dispose {
    const guarded = (event: Event) => this.#run(`listener:${type}`, () => (handler as (e: Event) => void)(event));
    target.addEventListener(type, guarded, options);
    return this.add(() => target.removeEventListener(type, guarded, options));
  }

  setTimeout(callback: () => void, ms: number): Dispose {
    let dispose: Dispose = () => undefined;
    const id = globalThis.setTimeout(() => {
      dispose();
      this.#run('timeout', callback);
    }, ms);
    dispose = this.add(() => globalThis.clearTimeout(id));
    return dispose;
  }

  setInterval(callback: () => void, ms: number): Dispose {
    const id = globalThis.setInterval(() => this.#run('interval', callback), ms);
    return this.add(() => globalThis.clearInterval(id));
  }

  /** Disposes everything, newest first; one failing teardown does not stop the others. */
  drain(): void {
    for (const dispose of [...this.#items].reverse()) this.#run('dispose', dispose);
    this.#items.clear();
    this.#keyed.clear();
  }

  #run(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.onError(where, error);
    }
  }
}
