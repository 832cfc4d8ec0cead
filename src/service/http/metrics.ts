/**
 * Prometheus text exposition (format 0.0.4) for the few series we need — request counts and
 * durations per route, plus process gauges. Small enough that prom-client would not earn its place.
 * Routes are labelled by their pattern (`/webhooks/amo/:secret`), never the raw URL: that keeps
 * label cardinality bounded and secrets out of the metrics.
 */
import type { FastifyInstance } from 'fastify';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram { buckets: number[]; sum: number; count: number }

export interface MetricsRegistry {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Other modules count their own events, e.g. `refresh_total`. */
  increment(name: string, labels?: Record<string, string>, by?: number): void;
  /** A value that goes up and down, e.g. `webhook_subscription_alarm{account_id}` (0 or 1). */
  setGauge(name: string, labels: Record<string, string>, value: number, help?: string): void;
  render(): string;
}

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Record<string, string>): string => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
};

export function createMetricsRegistry(prefix = 'focus_refusals_'): MetricsRegistry {
  const requests = new Map<string, number>();
  const durations = new Map<string, Histogram>();
  const counters = new Map<string, Map<string, number>>();
  const gauges = new Map<string, { help: string | undefined; series: Map<string, number> }>();

  return {
    observeRequest(method, route, status, seconds) {
      const countKey = labelText({ method, route, status: String(status) });
      requests.set(countKey, (requests.get(countKey) ?? 0) + 1);
      const durationKey = JSON.stringify([method, route]);
      const histogram = durations.get(durationKey) ?? { buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 };
      DURATION_BUCKETS.forEach((bound, index) => {
        if (seconds <= bound) histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
      });
      histogram.sum += seconds;
      histogram.count += 1;
      durations.set(durationKey, histogram);
    },
    increment(name, labels = {}, by = 1) {
      const series = counters.get(name) ?? new Map<string, number>();
      const key = labelText(labels);
      series.set(key, (series.get(key) ?? 0) + by);
      counters.set(name, series);
    },
    setGauge(name, labels, value, help) {
      const gauge = gauges.get(name) ?? { help, series: new Map<string, number>() };
      gauge.series.set(labelText(labels), value);
      gauges.set(name, gauge);
    },
    render() {
      const lines: string[] = [];
      const requestsName = `${prefix}http_requests_total`;
      lines.push(`# HELP ${requestsName} HTTP requests by route pattern and status.`, `# TYPE ${requestsName} counter`);
      for (const [labels, value] of requests) lines.push(`${requestsName}${labels} ${value}`);

      const durationName = `${prefix}http_request_duration_seconds`;
      lines.push(`# HELP ${durationName} HTTP request duration.`, `# TYPE ${durationName} histogram`);
      for (const [key, histogram] of durations) {
        const [method = '', route = ''] = JSON.parse(key) as [string, string];
        DURATION_BUCKETS.forEach((bound, index) => {
          lines.push(`${durationName}_bucket${labelText({ method, route, le: String(bound) })} ${histogram.buckets[index] ?? 0}`);
        });
        lines.push(`${durationName}_bucket${labelText({ method, route, le: '+Inf' })} ${histogram.count}`);
        lines.push(`${durationName}_sum${labelText({ method, route })} ${histogram.sum}`);
        lines.push(`${durationName}_count${labelText({ method, route })} ${histogram.count}`);
      }

      for (const [name, series] of counters) {
        lines.push(`# TYPE ${prefix}${name} counter`);
        for (const [labels, value] of series) lines.push(`${prefix}${name}${labels} ${value}`);
      }

      for (const [name, gauge] of gauges) {
        if (gauge.help !== undefined) lines.push(`# HELP ${prefix}${name} ${gauge.help}`);
        lines.push(`# TYPE ${prefix}${name} gauge`);
        for (const [labels, value] of gauge.series) lines.push(`${prefix}${name}${labels} ${value}`);
      }

      const memory = process.memoryUsage();
      lines.push(
        `# TYPE ${prefix}process_uptime_seconds gauge`, `${prefix}process_uptime_seconds ${process.uptime()}`,
        `# TYPE ${prefix}process_resident_memory_bytes gauge`, `${prefix}process_resident_memory_bytes ${memory.rss}`,
        `# TYPE ${prefix}nodejs_heap_used_bytes gauge`, `${prefix}nodejs_heap_used_bytes ${memory.heapUsed}`,
      );
      return `${lines.join('\n')}\n`;
    },
  };
}

/** Times every request by its route pattern; unknown routes share one label. */
export function instrument(app: FastifyInstance, registry: MetricsRegistry): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    registry.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => {
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(registry.render());
  });
}
