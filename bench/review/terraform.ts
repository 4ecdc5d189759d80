/**
 * Review speed on Terraform vs a bare tree-sitter parse, on generated .tf files holding 1,000 pools (worker pool,
 * subscription, topics and a yamlencode'd CremaConfig each; 10 pools per file, one module per folder of files).
 * Baseline: web-tree-sitter's parser.parse over the same texts (the tree discarded). Measured: parseWorkspace (parse +
 * copy + resolve + normalise + link) + review. Target: ratio ≤ 3. Median of several runs.
 * Usage: npm run bench:review:terraform [-- --pools 1000 --runs 5]
 */
import { parseArgs } from 'node:util';
import { Language, Parser } from 'web-tree-sitter';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { loadHclParser } from '../../shared/node/hcl-parser.ts';

const TARGET_RATIO = 3;
const { values } = parseArgs({ options: { pools: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const pools = Number(values.pools);
const runs = Number(values.runs);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function pool(i: number): string {
  const n = `p${i}`;
  return `# pool ${i}
resource "google_pubsub_topic" "${n}" {
  name = "${n}-events"
}

resource "google_pubsub_topic" "${n}_dlq" {
  name = "${n}-events-dlq"
}

resource "google_pubsub_subscription" "${n}" {
  name                 = "${n}-sub"
  topic                = google_pubsub_topic.${n}.id
  ack_deadline_seconds = ${10 + (i % 5) * 10}
  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }
  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.${n}_dlq.id
    max_delivery_attempts = ${i % 3 === 0 ? 5 : 10}
  }
}

resource "google_cloud_run_v2_worker_pool" "${n}" {
  name     = "${n}-worker"
  location = var.region
  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = ${1 + (i % 4)}
  }
  template {
    containers {
      image = "us-docker.pkg.dev/acme/apps/${n}:1"
      env {
        name  = "SUBSCRIPTION_ID"
        value = google_pubsub_subscription.${n}.name
      }
      env {
        name  = "MAX_OUTSTANDING_MESSAGES"
        value = "${5 + (i % 20)}"
      }
      resources {
        limits = {
          cpu    = "${i % 2 ? 2 : 1}"
          memory = "${i % 7 === 0 ? '512Mi' : '2Gi'}"
        }
      }
    }
  }
}

resource "google_parameter_manager_parameter_version" "${n}" {
  parameter            = "projects/acme/locations/global/parameters/${n}-crema"
  parameter_version_id = "1"
  parameter_data = yamlencode({
    apiVersion = "crema/v1"
    kind       = "CremaConfig"
    metadata   = { name = "${n}-scaler" }
    spec = {
      pollingInterval = 30
      scaledObjects = [{
        spec = {
          scaleTargetRef = { name = "projects/acme/locations/\${var.region}/workerpools/\${google_cloud_run_v2_worker_pool.${n}.name}" }
          maxReplicaCount = ${10 + (i % 30)}
          triggers = [{
            type     = "gcp-pubsub"
            metadata = { subscriptionName = google_pubsub_subscription.${n}.name, value = "${20 + (i % 10) * 5}" }
          }]
        }
      }]
    }
  })
}
`;
}

async function main() {
  const sources: { path: string; text: string }[] = [];
  for (let f = 0; f * 10 < pools; f++) {
    const dir = `m${Math.floor(f / 10)}`;
    const body = Array.from({ length: Math.min(10, pools - f * 10) }, (_, k) => pool(f * 10 + k)).join('\n');
    sources.push({ path: `${dir}/pools${f}.tf`, text: f % 10 === 0 ? `variable "region" {\n  default = "us-central1"\n}\n\n${body}` : body });
  }
  const bytes = sources.reduce((n, s) => n + s.text.length, 0);
  console.log(`workspace: ${pools} pools in ${sources.length} .tf files, ${(bytes / 1024 / 1024).toFixed(1)} MB, node ${process.version}`);
  const hcl = await loadHclParser();
  // The baseline parser: the same wasm runtime and grammar, trees discarded.
  const bare = new Parser();
  bare.setLanguage(await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')));
  const parseOnly = () => {
    for (const s of sources) bare.parse(s.text)!.delete();
  };
  let findings = 0;
  let poolsRead = 0;
  const full = () => {
    const ws = parseWorkspace(sources, { hcl });
    poolsRead = ws.pools.length;
    findings = review(ws).findings.length;
  };
  parseOnly();
  full();
  const base: number[] = [];
  const measured: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    let t0 = performance.now();
    parseOnly();
    base.push(performance.now() - t0);
    gc();
    t0 = performance.now();
    full();
    measured.push(performance.now() - t0);
  }
  const ratio = median(measured) / median(base);
  console.log(`bare tree-sitter parse:      ${median(base).toFixed(0)} ms`);
  console.log(`full review (parse→findings): ${median(measured).toFixed(0)} ms (${poolsRead} pools, ${findings} findings)`);
  console.log(`ratio: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`);
  if (poolsRead !== pools) throw new Error(`read ${poolsRead} pools, expected ${pools}`);
}

void main();
