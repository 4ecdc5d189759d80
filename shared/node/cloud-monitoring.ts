/**
 * `CloudMonitoringSource`: records a metrics snapshot from Cloud Monitoring with `@google-cloud/monitoring`'s
 * MetricServiceClient, loaded lazily (dynamic import) so bundles that never read live metrics never load it.
 * Requests and parsing are pure (shared/metrics/monitoring-requests.ts); this file does the calls: one request
 * per metric type (pages followed with `pageToken`, `autoPaginate: false`), retries with exponential backoff on
 * UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED within one time budget for the whole recording, and a
 * typed error naming the fix on PERMISSION_DENIED / UNAUTHENTICATED. Anything else marks that one metric failed;
 * the snapshot says which metrics are partial (`metrics[]`).
 */
import {
  addPage, buildRequest, emptyParsed, METRIC_SPECS, type MetricSpec, type ParsedSeries, type RecordTargets,
} from '../metrics/monitoring-requests.ts';
import { RATIO_SERIES, SNAPSHOT_SCHEMA_VERSION, type MetricsSnapshot, type MetricStatus, type Series, type SubscriptionSeries } from '../metrics/snapshot-schema.ts';

/** gRPC status codes (grpc/grpc doc/statuscodes.md). */
export const GRPC = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, UNAUTHENTICATED: 16, INVALID_ARGUMENT: 3 } as const;
const RETRYABLE: ReadonlySet<number> = new Set([GRPC.UNAVAILABLE, GRPC.DEADLINE_EXCEEDED, GRPC.RESOURCE_EXHAUSTED]);
const STATUS_NAME: Record<number, string> = Object.fromEntries(Object.entries(GRPC).map(([k, v]) => [v, k]));

/** No or insufficient credentials: the message says how to fix it. */
export class MonitoringAuthError extends Error {
  readonly code = 'MONITORING_AUTH';
  constructor(detail: string, project: string, options?: { cause?: unknown }) {
    super(`Cloud Monitoring refused the request for project ${project} (${detail}). Sign in with \`gcloud auth application-default login\` ` +
      `(or set GOOGLE_APPLICATION_CREDENTIALS to a service account key) and make sure that identity has roles/monitoring.viewer on the project.`, options);
    this.name = 'MonitoringAuthError';
  }
}

/** The client library (`dist/monitoring.js` beside the bundle, or `@google-cloud/monitoring` from sources) did not load. */
export class MonitoringClientMissingError extends Error {
  readonly code = 'MONITORING_CLIENT_MISSING';
  constructor(options?: { cause?: unknown }) {
    super('Live metrics need the Cloud Monitoring client, which did not load (dist/monitoring.js is missing from this install: reinstall pool-tuner, or record a snapshot elsewhere and pass the file).', options);
    this.name = 'MonitoringClientMissingError';
  }
}

/** The client could not be set up (bad endpoint options and the like). */
export class MonitoringConnectError extends Error {
  readonly code = 'MONITORING_CONNECT';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`Cannot set up the Cloud Monitoring client: ${detail}`, options);
    this.name = 'MonitoringConnectError';
  }
}

/** The part of MetricServiceClient this source uses. */
export interface MetricClientLike {
  listTimeSeries(request: object, options: object): Promise<[unknown[], unknown, { nextPageToken?: string | null } | null | undefined]>;
  initialize?(): Promise<unknown>;
  close?(): Promise<void>;
}

export interface SourceOptions {
  /** Passed to `new MetricServiceClient(options)` (e.g. apiEndpoint, port, sslCreds for a local server). */
  clientOptions?: Record<string, unknown>;
  /** Use this client instead of loading the library. */
  client?: MetricClientLike;
  /** Whole recording, all retries included (default 120 s). */
  totalBudgetMs?: number;
  /** One attempt (default 30 s). */
  perCallTimeoutMs?: number;
  pageSize?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RecordRequest {
  project: string;
  region?: string;
  windowSec: number;
  pools: string[];
  subscriptions: { id: string; topic?: string }[];
  /** Window end, epoch ms (default now, rounded down to the minute). */
  endMs?: number;
  progress?: (message: string) => void;
}

export interface RecordResult {
  snapshot: MetricsSnapshot;
  /** API calls made (pages and retries included). */
  requests: number;
}

interface MetricResult {
  parsed: ParsedSeries;
  status: MetricStatus;
}

export class CloudMonitoringSource {
  private client: MetricClientLike | undefined;
  private readonly opt: Required<Omit<SourceOptions, 'client' | 'clientOptions'>>;

  constructor(private readonly options: SourceOptions = {}) {
    this.client = options.client;
    this.opt = {
      totalBudgetMs: options.totalBudgetMs ?? 120_000, perCallTimeoutMs: options.perCallTimeoutMs ?? 30_000,
      pageSize: options.pageSize ?? 10_000, initialBackoffMs: options.initialBackoffMs ?? 500, maxBackoffMs: options.maxBackoffMs ?? 10_000,
      now: options.now ?? Date.now, sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    };
  }

  private async getClient(): Promise<MetricClientLike> {
    if (this.client) return this.client;
    let mod: { MetricServiceClient: new (o?: object) => unknown };
    try {
      mod = (await import('./monitoring-lib.ts')) as unknown as typeof mod;
    } catch (err) {
      throw new MonitoringClientMissingError({ cause: err });
    }
    this.client = new mod.MetricServiceClient(this.options.clientOptions ?? {}) as MetricClientLike;
    return this.client;
  }

  async close(): Promise<void> {
    await this.client?.close?.();
  }

  /** Records every metric for the given pools and subscriptions into a snapshot. Throws only MonitoringAuthError / MonitoringClientMissingError. */
  async record(req: RecordRequest): Promise<RecordResult> {
    const client = await this.getClient();
    // Credentials are resolved when the client initialises. Doing it here, awaited, turns "no credentials" into
    // one typed error; left to listTimeSeries, the library also re-throws it from a detached promise (an unhandled
    // rejection that would end the process).
    try {
      await client.initialize?.();
    } catch (err) {
      throw isCredentialsError(err) || grpcCode(err) === GRPC.UNAUTHENTICATED ? new MonitoringAuthError(describeError(err), req.project, { cause: err }) : new MonitoringConnectError(describeError(err), { cause: err });
    }
    const endSec = Math.floor((req.endMs ?? this.opt.now()) / 60_000) * 60;
    const targets: RecordTargets = {
      project: req.project, region: req.region, stepSec: 60, endSec, startSec: endSec - Math.round(req.windowSec / 60) * 60,
      pools: req.pools, subscriptions: req.subscriptions.map((s) => s.id),
      topics: [...new Set(req.subscriptions.map((s) => s.topic).filter((t): t is string => !!t))],
    };
    const deadline = this.opt.now() + this.opt.totalBudgetMs;
    let requests = 0;
    const results: [MetricSpec, MetricResult][] = [];
    for (const spec of METRIC_SPECS) {
      if (spec.target.kind === 'topic' && targets.topics.length === 0) continue;
      req.progress?.(`reading ${spec.metricType}${spec.target.kind === 'processing' ? ` (${spec.target.percentile})` : ''}…`);
      let r = await this.fetchMetric(client, spec, spec.metricType, targets, deadline, req.project, (n) => (requests += n));
      const unknownMetric = r.status.status === 'failed' && /NOT_FOUND|INVALID_ARGUMENT/.test(r.status.message ?? '');
      if (spec.fallbackMetricType && (r.status.status === 'empty' || unknownMetric)) {
        req.progress?.(`  no ${spec.metricType.split('/').pop()}; trying ${spec.fallbackMetricType}`);
        r = await this.fetchMetric(client, spec, spec.fallbackMetricType, targets, deadline, req.project, (n) => (requests += n));
      }
      results.push([spec, r]);
    }
    return { snapshot: assemble(req, targets, results), requests };
  }

  private async fetchMetric(client: MetricClientLike, spec: MetricSpec, metricType: string, t: RecordTargets, deadline: number, project: string, count: (n: number) => void): Promise<MetricResult> {
    const parsed = emptyParsed();
    const base = buildRequest(spec, t, metricType, this.opt.pageSize);
    let token: string | undefined;
    let pages = 0;
    let requests = 0;
    const done = (status: MetricStatus['status'], message?: string): MetricResult => {
      count(requests);
      const malformed = parsed.malformedPoints ? `${parsed.malformedPoints} malformed points skipped` : undefined;
      const finalStatus = status === 'ok' && malformed ? 'partial' : status === 'ok' && parsed.byId.size === 0 ? 'empty' : status;
      const msg = [message, malformed].filter(Boolean).join('; ') || undefined;
      return { parsed, status: { metric: metricType, status: finalStatus, requests, ...(msg ? { message: msg } : {}) } };
    };
    do {
      const request = token ? { ...base, pageToken: token } : base;
      let lastError: string | undefined;
      for (let attempt = 0; ; attempt++) {
        const remaining = deadline - this.opt.now();
        if (remaining <= 0) {
          // Out of time between retries: say what kept failing, not only that the time ran out.
          const budget = `time budget of ${this.opt.totalBudgetMs} ms used up${pages ? ` after ${pages} pages` : ''}`;
          return done(pages ? 'partial' : 'failed', lastError ? `${lastError}; gave up after ${attempt} attempts (${budget})` : budget);
        }
        try {
          requests++;
          const [series, , response] = await client.listTimeSeries(request, { autoPaginate: false, timeout: Math.min(this.opt.perCallTimeoutMs, remaining), retry: null });
          addPage(parsed, spec, Array.isArray(series) ? series : [], t);
          pages++;
          token = response?.nextPageToken || undefined;
          break;
        } catch (err) {
          const code = grpcCode(err);
          const detail = describeError(err);
          if (code === GRPC.PERMISSION_DENIED || code === GRPC.UNAUTHENTICATED || isCredentialsError(err)) throw new MonitoringAuthError(detail, project, { cause: err });
          const backoff = Math.min(this.opt.maxBackoffMs, this.opt.initialBackoffMs * 2 ** attempt);
          // Exponential backoff with "equal jitter" (half fixed, half random) so parallel clients spread out.
          const wait = backoff / 2 + (Math.random() * backoff) / 2;
          if (code !== undefined && RETRYABLE.has(code) && this.opt.now() + wait < deadline) {
            lastError = detail;
            await this.opt.sleep(wait);
            continue;
          }
          const why = code !== undefined && RETRYABLE.has(code) ? `${detail}; gave up after ${attempt + 1} attempts (time budget)` : detail;
          return done(pages ? 'partial' : 'failed', why);
        }
      }
    } while (token);
    return done('ok');
  }
}

function grpcCode(err: unknown): number | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'number' ? c : undefined;
}

function describeError(err: unknown): string {
  const code = grpcCode(err);
  const text = err instanceof Error ? err.message : String(err);
  return code !== undefined && STATUS_NAME[code] && !text.includes(STATUS_NAME[code]!) ? `${STATUS_NAME[code]}: ${text}` : text;
}

/** google-auth-library's errors when no Application Default Credentials exist or they cannot be refreshed. */
function isCredentialsError(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /default credentials|Could not refresh access token|invalid_grant|GOOGLE_APPLICATION_CREDENTIALS|Unable to detect a Project Id|The file at .* does not exist/i.test(text);
}

/** Builds the snapshot from the per-metric results. */
function assemble(req: RecordRequest, t: RecordTargets, results: [MetricSpec, MetricResult][]): MetricsSnapshot {
  const snap: MetricsSnapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION, source: 'cloud-monitoring', recordedAt: new Date((req.endMs ?? Date.now())).toISOString(), project: req.project,
    window: { start: new Date(t.startSec * 1000).toISOString(), end: new Date(t.endSec * 1000).toISOString(), stepSec: 60 },
    pools: {}, subscriptions: {}, metrics: results.map(([, r]) => r.status),
  };
  if (req.region) snap.region = req.region;
  const subOf = (id: string): SubscriptionSeries => (snap.subscriptions[id] ??= {});
  const topicOf = new Map(req.subscriptions.map((s) => [s.id, s.topic]));
  const percentiles = new Map<string, Partial<Record<'p50' | 'p95' | 'p99', Series>>>();
  for (const [spec, { parsed }] of results) {
    for (const [id, series] of parsed.byId) {
      const target = spec.target;
      if (target.kind === 'pool') {
        const pool = (snap.pools[id] ??= {});
        // Utilisation is 0-1 (unit 10^2.%, docs/sources.md#worker-pool-metrics); a reading just over 1 is a full instance, not bad data.
        pool[target.field] = RATIO_SERIES.has(target.field) ? series.map((v) => (v === null ? null : Math.min(1, v))) : series;
      } else if (target.kind === 'subscription') subOf(id)[target.field] = series;
      else if (target.kind === 'processing') (percentiles.get(id) ?? percentiles.set(id, {}).get(id)!)[target.percentile] = series;
      else for (const [sub, topic] of topicOf) if (topic === id) subOf(sub).publishedMessagesPerMin = series;
    }
  }
  for (const [id, p] of percentiles) {
    if (p.p50 && p.p95 && p.p99) subOf(id).processingTimeMs = { p50: p.p50, p95: p.p95, p99: p.p99 };
  }
  for (const [id, topic] of topicOf) if (topic && snap.subscriptions[id]) snap.subscriptions[id].topic = topic;
  return snap;
}

/** Loopback hosts only: an insecure channel is for a local stand-in server, never a real endpoint. */
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;

/**
 * Client options for a local, insecure MetricService at `host:port` (POOL_TUNER_MONITORING_ENDPOINT; tests and
 * demos). Returns undefined for a non-loopback host. grpc-js is loaded with the client (monitoring-lib.ts), so the
 * bundles carry it in dist/monitoring.js only.
 */
export async function localEndpointOptions(endpoint: string): Promise<Record<string, unknown> | undefined> {
  const m = /^(.+):(\d+)$/.exec(endpoint.trim());
  if (!m || !LOOPBACK.test(m[1]!)) return undefined;
  const { credentials } = await import('./monitoring-lib.ts');
  return { apiEndpoint: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]), sslCreds: credentials.createInsecure() };
}
