/**
 * The Cloud Monitoring client and the grpc-js it runs on, as one module. The build bundles this file alone into
 * `dist/monitoring.js` (scripts/build.mjs), which the CLI, MCP server and extension bundles load only when live
 * metrics are asked for; so the npm package and the .vsix carry the client and need no `npm install` of their own.
 * Run from sources (tsx), it is the installed packages.
 */
export { MetricServiceClient } from '@google-cloud/monitoring';
export { credentials } from '@grpc/grpc-js';
export { AlertPolicyServiceClient } from '@google-cloud/monitoring';
export { DashboardsServiceClient } from '@google-cloud/monitoring-dashboards';
