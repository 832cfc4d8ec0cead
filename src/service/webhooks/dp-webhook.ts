/**
 * The Digital Pipeline widget action's POST (§5.3, §9.3): JSON in the docs, form-encoded in real
 * traffic — both arrive here already decoded. Becomes one `amo.dp` job with a typed payload.
 */
import { z } from 'zod';
import { reject, type Rejection } from './body';
import { isRecord } from '../../core/is-record';

/** §5.3 type codes; anything else is an event we do not know → 422. */
const DP_TYPE_CODES = [
  'lead_added', 'lead_status_changed', 'lead_appeared_in_status', 'mail_in', 'call_in', 'site_visit', 'chat',
] as const;
type DpTypeCode = (typeof DP_TYPE_CODES)[number];

const id = z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d{0,14}$/).transform(Number)])
  .refine(Number.isSafeInteger, 'not an id');
const integer = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,15}$/).transform(Number)]);

const dpBody = z.object({
  event: z.object({
    type: integer,
    type_code: z.enum(DP_TYPE_CODES),
    data: z.object({
      id,
      element_type: integer,
      status_id: integer.optional(),
      pipeline_id: integer.optional(),
      direction_of_movement: z.string().max(64).optional(),
    }),
    time: integer,
  }),
  action: z.object({
    settings: z.object({ widget: z.object({ settings: z.record(z.string(), z.unknown()) }).optional() }).optional(),
  }).optional(),
  subdomain: z.string().min(1).max(100),
  account_id: id,
});

/** The `amo.dp` job payload (plus `inboxId`, added by the inbox). */
export interface DpEvent {
  typeCode: DpTypeCode;
  type: number;
  /** The lead (element_type 2) or other entity the action ran for. */
  entityId: number;
  elementType: number;
  statusId: number | null;
  pipelineId: number | null;
  direction: string | null;
  /** Unix seconds, as amoCRM sends it. */
  time: number;
  /** This stage's DP settings (`action.settings.widget.settings`), as received. */
  settings: Record<string, unknown>;
  subdomain: string;
  accountId: number;
}

export function parseDpWebhook(body: unknown): { ok: true; event: DpEvent } | Rejection {
  const event = isRecord(body) && isRecord(body.event) ? body.event : undefined;
  if (event !== undefined && typeof event.type_code === 'string' && !(DP_TYPE_CODES as readonly string[]).includes(event.type_code)) {
    return reject(422, `unknown Digital Pipeline event ${event.type_code.slice(0, 64)}`);
  }
  const parsed = dpBody.safeParse(body);
  if (!parsed.success) return reject(400, `not a Digital Pipeline webhook: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  const { event: { type, type_code, data, time }, action, subdomain, account_id } = parsed.data;
  return {
    ok: true,
    event: {
      typeCode: type_code,
      type,
      entityId: data.id,
      elementType: data.element_type,
      statusId: data.status_id ?? null,
      pipelineId: data.pipeline_id ?? null,
      direction: data.direction_of_movement ?? null,
      time,
      settings: action?.settings?.widget?.settings ?? {},
      subdomain,
      accountId: account_id,
    },
  };
}
