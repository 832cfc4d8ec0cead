/**
 * Development mode, as in the official Kommo template (platform reference §6): with
 * `localStorage.focus_refusals_is_dev = "<port>"` the uploaded script.js hands over to
 * http://localhost:<port>/script.js (served by `npm run dev`) instead of running its own code.
 * Remove the key to go back to the uploaded build.
 */
export const DEV_FLAG_KEY = 'focus_refusals_is_dev';

export function parseDevPort(raw: string | null): number | null {
  if (raw === null || !/^\d{1,5}$/.test(raw.trim())) return null;
  const port = Number(raw.trim());
  return port >= 1 && port <= 65535 ? port : null;
}

/** localStorage can throw (privacy modes, sandboxed frames): that simply means "not in dev mode". */
export function readDevPort(storage: () => Pick<Storage, 'getItem'> | null | undefined): number | null {
  try {
    return parseDevPort(storage()?.getItem(DEV_FLAG_KEY) ?? null);
  } catch {
    return null;
  }
}

export const devScriptUrl = (port: number): string => `http://localhost:${port}/script.js`;
