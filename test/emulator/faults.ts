/**
 * Injected failures for client robustness tests: a status (429, 5xx) or extra latency on requests
 * matching `METHOD /path/prefix`, either for the next `count` matches or with a `probability`
 * (drawn from the sandbox's seeded PRNG, so a run is reproducible).
 */
import { z } from 'zod';
import type { Rng } from './prng';

export const faultSchema = z.strictObject({
  route: z.string().regex(/^(\*|GET|POST|PATCH|DELETE|PUT) \/\S*$/, 'route is "METHOD /path/prefix"'),
  status: z.number().int().refine((s) => s === 429 || (s >= 500 && s <= 599), 'status must be 429 or 5xx').optional(),
  latency_ms: z.number().int().min(0).max(60_000).optional(),
  probability: z.number().min(0).max(1).optional(),
  count: z.number().int().min(1).optional(),
}).refine((f) => f.status !== undefined || f.latency_ms !== undefined, 'a fault needs status or latency_ms');

export type FaultInput = z.infer<typeof faultSchema>;
export interface Fault extends FaultInput { id: number; remaining: number | null }
export interface FaultHit { status?: number; latencyMs?: number }

export class Faults {
  private rules: Fault[] = [];
  private nextId = 1;

  constructor(private readonly rng: Rng) {}

  add(input: FaultInput): Fault {
    const fault: Fault = { ...input, id: this.nextId++, remaining: input.count ?? null };
    this.rules.push(fault);
    return fault;
  }

  clear(): void { this.rules = []; }

  list(): Fault[] { return this.rules.map((r) => ({ ...r })); }

  /** The first matching rule that fires decides; exhausted rules are dropped. */
  match(method: string, path: string): FaultHit | undefined {
    for (const rule of this.rules) {
      const [ruleMethod, prefix = '/'] = rule.route.split(' ');
      if ((ruleMethod !== '*' && ruleMethod !== method) || !path.startsWith(prefix)) continue;
      if (rule.probability !== undefined && this.rng.next() >= rule.probability) continue;
      if (rule.remaining !== null) {
        rule.remaining--;
        if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      }
      return { status: rule.status, latencyMs: rule.latency_ms };
    }
    return undefined;
  }
}
