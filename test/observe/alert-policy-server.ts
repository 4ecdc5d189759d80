/**
 * A local Cloud Monitoring AlertPolicyService (List, Create, Update) served by @grpc/grpc-js from the protos shipped
 * with @google-cloud/monitoring on 127.0.0.1, as test/metrics/monitoring-server.ts serves the MetricService. Keeps
 * the policies in memory and records each call, so a test can see created vs updated vs duplicated.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';

const PROTO_DIRS = [path.resolve('node_modules/@google-cloud/monitoring/build/protos'), path.resolve('node_modules/google-gax/build/protos')];

export interface StoredPolicy {
  name: string;
  displayName: string;
  [k: string]: unknown;
}

export interface LocalAlertServer {
  port: number;
  policies: StoredPolicy[];
  calls: { method: 'list' | 'create' | 'update'; parent?: string; displayName?: string }[];
  close(): Promise<void>;
}

export async function startAlertPolicyServer(initial: StoredPolicy[] = []): Promise<LocalAlertServer> {
  const def = protoLoader.loadSync('google/monitoring/v3/alert_service.proto', { includeDirs: PROTO_DIRS, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { google: { monitoring: { v3: { AlertPolicyService: { service: grpc.ServiceDefinition } } } } };
  const server = new grpc.Server();
  const state: LocalAlertServer = { port: 0, policies: [...initial], calls: [], close: async () => undefined };
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
  state.port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
  state.close = async () => {
    server.forceShutdown();
  };
  return state;
}
