/**
 * A local Cloud Monitoring AlertPolicyService and DashboardsService (List, Create, Update) served by @grpc/grpc-js
 * from the protos shipped with @google-cloud/monitoring and @google-cloud/monitoring-dashboards on 127.0.0.1, as
 * test/metrics/monitoring-server.ts serves the MetricService. Keeps policies and dashboards in memory and records
 * each call, so a test can see created vs updated vs duplicated.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';

const PROTO_DIRS = [path.resolve('node_modules/@google-cloud/monitoring/build/protos'), path.resolve('node_modules/google-gax/build/protos')];
const DASHBOARD_DIRS = [path.resolve('node_modules/@google-cloud/monitoring-dashboards/build/protos'), path.resolve('node_modules/google-gax/build/protos')];

export interface StoredPolicy {
  name: string;
  displayName: string;
  [k: string]: unknown;
}

export interface LocalAlertServer {
  port: number;
  policies: StoredPolicy[];
  dashboards: StoredPolicy[];
  calls: { method: 'list' | 'create' | 'update'; parent?: string; displayName?: string }[];
  close(): Promise<void>;
}

export async function startAlertPolicyServer(initial: StoredPolicy[] = []): Promise<LocalAlertServer> {
  const def = protoLoader.loadSync('google/monitoring/v3/alert_service.proto', { includeDirs: PROTO_DIRS, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { google: { monitoring: { v3: { AlertPolicyService: { service: grpc.ServiceDefinition } } } } };
  const server = new grpc.Server();
  const state: LocalAlertServer = { port: 0, policies: [...initial], dashboards: [], calls: [], close: async () => undefined };
  let next = initial.length + 1;
  type Call = grpc.ServerUnaryCall<Record<string, unknown>, unknown>;
  server.addService(pkg.google.monitoring.v3.AlertPolicyService.service, {
    ListAlertPolicies(call: Call, cb: grpc.sendUnaryData<unknown>) {
      const parent = String(call.request['name']);
      state.calls.push({ method: 'list', parent });
      cb(null, { alertPolicies: state.policies.filter((p) => p.name.startsWith(`${parent}/`)), nextPageToken: '', totalSize: state.policies.length });
    },
    CreateAlertPolicy(call: Call, cb: grpc.sendUnaryData<unknown>) {
      const parent = String(call.request['name']);
      const p = call.request['alertPolicy'] as StoredPolicy;
      state.calls.push({ method: 'create', parent, displayName: p.displayName });
      const stored = { ...p, name: `${parent}/alertPolicies/${next++}` };
      state.policies.push(stored);
      cb(null, stored);
    },
    UpdateAlertPolicy(call: Call, cb: grpc.sendUnaryData<unknown>) {
      const p = call.request['alertPolicy'] as StoredPolicy;
      state.calls.push({ method: 'update', displayName: p.displayName });
      const i = state.policies.findIndex((x) => x.name === p.name);
      if (i < 0) {
        cb({ code: grpc.status.NOT_FOUND, details: `no policy ${p.name}`, metadata: new grpc.Metadata() } as grpc.ServiceError);
        return;
      }
      state.policies[i] = { ...p };
      cb(null, state.policies[i]);
    },
  });
  const ddef = protoLoader.loadSync('google/monitoring/dashboard/v1/dashboards_service.proto', { includeDirs: DASHBOARD_DIRS, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  const dpkg = grpc.loadPackageDefinition(ddef) as unknown as { google: { monitoring: { dashboard: { v1: { DashboardsService: { service: grpc.ServiceDefinition } } } } } };
  let nextDash = 1;
  server.addService(dpkg.google.monitoring.dashboard.v1.DashboardsService.service, {
    ListDashboards(call: Call, cb: grpc.sendUnaryData<unknown>) {
      const parent = String(call.request['parent']);
      cb(null, { dashboards: state.dashboards.filter((d) => d.name.startsWith(`${parent}/`)), nextPageToken: '' });
    },
    CreateDashboard(call: Call, cb: grpc.sendUnaryData<unknown>) {
      const d = call.request['dashboard'] as StoredPolicy;
      const stored = { ...d, name: `${String(call.request['parent'])}/dashboards/${nextDash++}` };
      state.dashboards.push(stored);
      cb(null, stored);
    },
    UpdateDashboard(call: Call, cb: grpc.sendUnaryData<unknown>) {
      const d = call.request['dashboard'] as StoredPolicy;
      const i = state.dashboards.findIndex((x) => x.name === d.name);
      if (i < 0) {
        cb({ code: grpc.status.NOT_FOUND, details: `no dashboard ${d.name}`, metadata: new grpc.Metadata() } as grpc.ServiceError);
        return;
      }
      state.dashboards[i] = { ...d };
      cb(null, state.dashboards[i]);
    },
  });
  state.port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
  state.close = async () => {
    server.forceShutdown();
  };
  return state;
}
