/**
 * The boundary between amoCRM and us. Whatever a callback throws (or a promise it starts rejects
 * with) is reported and swallowed: an exception escaping into the host page can break amoCRM's
 * own scripts for the rest of the session.
 */
export type ErrorReporter = (where: string, error: unknown) => void;

export function guard<Args extends unknown[], Result>(
  where: string,
  fn: (...args: Args) => Result,
  fallback: Result,
  report: ErrorReporter,
): (...args: Args) => Result {
  return (...args) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch((error: unknown) => report(where, error));
      return result;
    } catch (error) {
      report(where, error);
      return fallback;
    }
  };
}
