/**
 * A local Cloud Monitoring stand-in: google.monitoring.v3.MetricService/ListTimeSeries served by @grpc/grpc-js from
 * the protos shipped with @google-cloud/monitoring, on 127.0.0.1 at a free port. Each call goes to `handler`,
 * which returns series (optionally paged), a gRPC error, or a delay; every request is recorded so tests can count
 * them. `clientOptions()` points the real MetricServiceClient at it over an insecure channel.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';

const PROTO_DIRS = [path.resolve('node_modules/@google-cloud/monitoring/build/protos'), path.resolve('node_modules/google-gax/build/protos')];

export interface RecordedRequest {
  name: string;
  filter: string;
  pageToken: string;
  pageSize: number;
  interval: { startTime?: { seconds: string }; endTime?: { seconds: string } };
  aggregation: { perSeriesAligner: string; crossSeriesReducer: string; groupByFields: string[]; alignmentPeriod?: { seconds: string } };
  /** The metric type parsed from the filter. */
  metricType: string;
}

export type Reply =
  | { timeSeries: unknown[]; nextPageToken?: string; delayMs?: number }
  | { error: { code: grpc.status; details: string }; delayMs?: number };

export type Handler = (req: RecordedRequest, callIndex: number) => Reply;

export interface LocalMonitoringServer {
  port: number;
  requests: RecordedRequest[];
  handler: Handler;
  clientOptions(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startMonitoringServer(handler: Handler): Promise<LocalMonitoringServer> {
  const def = protoLoader.loadSync('google/monitoring/v3/metric_service.proto', { includeDirs: PROTO_DIRS, keepCase: false, longs: String, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { google: { monitoring: { v3: { MetricService: { service: grpc.ServiceDefinition } } } } };
  const server = new grpc.Server();
  const state: LocalMonitoringServer = {
    port: 0,
    requests: [],
    handler,
    clientOptions: () => ({ apiEndpoint: '127.0.0.1', port: state.port, sslCreds: grpc.credentials.createInsecure(), projectId: 'test-project' }),
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
  const timers = new Set<NodeJS.Timeout>();
  server.addService(pkg.google.monitoring.v3.MetricService.service, {
    ListTimeSeries(call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const r = call.request as unknown as RecordedRequest;
      const req: RecordedRequest = { ...r, metricType: /metric\.type = "([^"]+)"/.exec(r.filter)?.[1] ?? '' };
      state.requests.push(req);
      const reply = state.handler(req, state.requests.length - 1);
      const send = () => {
        if (call.cancelled) return;
        if ('error' in reply) callback({ code: reply.error.code, details: reply.error.details, metadata: new grpc.Metadata() } as grpc.ServiceError);
        else callback(null, { timeSeries: reply.timeSeries, nextPageToken: reply.nextPageToken ?? '', unit: '', executionErrors: [] });
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    },
  });
  state.port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
  const close = state.close;
  state.close = async () => {
    for (const t of timers) clearTimeout(t);
    server.forceShutdown();
    await close().catch(() => undefined);
  };
  return state;
}

/** One aligned time series as Cloud Monitoring returns it (newest point first). */
export function series(resourceType: string, labels: Record<string, string>, points: { endSec: number; value: number | string | undefined; kind?: 'double' | 'int64' }[]): unknown {
  return {
    metric: { type: 'x', labels: {} },
    resource: { type: resourceType, labels },
    metricKind: 'GAUGE',
    valueType: 'DOUBLE',
    points: [...points].sort((a, b) => b.endSec - a.endSec).map((p) => ({
      interval: { endTime: { seconds: String(p.endSec), nanos: 0 }, startTime: { seconds: String(p.endSec - 60), nanos: 0 } },
      value: p.value === undefined ? {} : p.kind === 'int64' ? { int64Value: String(p.value) } : { doubleValue: p.value },
    })),
  };
}
