/**
 * The redaction corpus: credential shapes that must never leave Pool Tuner, and ordinary values that must never be
 * redacted. Every fake secret is assembled at test time from parts and seeded random characters, so this file holds
 * nothing a scanner would take for a live credential. Each secret has an env-var name (many neutral on purpose: the
 * value alone must give it away) and a YAML rendering style.
 */

/** A small seeded PRNG (mulberry32) so the corpus is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

let seed = 12;
function chars(alphabet: string, n: number): string {
  const r = rng(seed++);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(r() * alphabet.length)];
  // Make sure mixed alphabets really mix (a run of letters only would not look like a key to anyone).
  if (alphabet === ALNUM || alphabet === B64) out = `${out.slice(0, n - 3)}a7Q`;
  return out;
}
const j = (...parts: string[]): string => parts.join('');

function pem(label: string, lines = 12): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(chars(B64, 64));
  body.push(`${chars(B64, 20)}==`);
  const dash = '-----';
  return [j(dash, 'BEGIN ', label, dash), ...body, j(dash, 'END ', label, dash)].join('\n');
}

function jwt(): string {
  const b64url = (s: string) => Buffer.from(s).toString('base64url');
  return [b64url('{"alg":"HS256","typ":"JWT"}'), b64url(`{"sub":"${chars(HEX, 12)}","iat":1700000000}`), chars(B64URL, 43)].join('.');
}

export type Style = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'literal-keep' | 'literal-indent';

export interface SecretCase {
  shape: string;
  envName: string;
  value: string;
  style: Style;
  /** The credential inside a longer value (`Basic <this>`, `…password=<this>`): must not appear either. */
  part?: string;
}

export function secretCorpus(): SecretCase[] {
  seed = 12;
  const gcpJson = JSON.stringify({
    type: j('service', '_account'),
    project_id: 'acme-shop-prod',
    private_key_id: chars(HEX, 40),
    private_key: `${pem(j('PRIV', 'ATE KEY'), 4)}\n`,
    client_email: 'worker@acme-shop-prod.iam.gserviceaccount.com',
  });
  const cases: SecretCase[] = [
    { shape: 'Stripe live secret key', envName: 'STRIPE_THING', value: j('sk', '_live_', chars(ALNUM, 99)), style: 'plain' },
    { shape: 'Stripe restricted key', envName: 'PAYMENTS_CFG', value: j('rk', '_live_', chars(ALNUM, 24)), style: 'single' },
    { shape: 'Stripe webhook secret', envName: 'HOOK_VALUE', value: j('wh', 'sec_', chars(ALNUM, 32)), style: 'plain' },
    { shape: 'AWS access key id', envName: 'AWS_ID', value: j('AK', 'IA', chars(UPPER_NUM, 16)), style: 'plain' },
    { shape: 'AWS secret access key under a neutral name', envName: 'STORAGE_B', value: chars(B64, 40), style: 'double' },
    { shape: 'AWS session key id', envName: 'SESSION_ID_X', value: j('AS', 'IA', chars(UPPER_NUM, 16)), style: 'plain' },
    { shape: 'GCP service-account JSON', envName: 'GOOGLE_CREDS_JSON', value: gcpJson, style: 'single' },
    { shape: 'GCP API key', envName: 'MAPS_THING', value: j('AI', 'za', chars(B64URL, 35)), style: 'plain' },
    { shape: 'PEM RSA private key (literal block)', envName: 'TLS_MATERIAL', value: `${pem(j('RSA PRIV', 'ATE KEY'))}\n`, style: 'literal' },
    { shape: 'PEM EC private key (folded block)', envName: 'SIGNING_BLOB', value: `${pem(j('EC PRIV', 'ATE KEY'), 3)}\n`, style: 'folded' },
    { shape: 'PEM OpenSSH private key (keep chomping)', envName: 'DEPLOY_MATERIAL', value: `${pem(j('OPENSSH PRIV', 'ATE KEY'), 6)}\n\n`, style: 'literal-keep' },
    { shape: 'PEM private key in a double-quoted scalar', envName: 'CERT_STUFF', value: pem(j('PRIV', 'ATE KEY'), 3), style: 'double' },
    { shape: 'PEM private key with an indentation indicator', envName: 'TLS_PRIVATE_KEY', value: `${pem(j('PRIV', 'ATE KEY'), 2)}\n`, style: 'literal-indent' },
    { shape: 'GitHub classic token', envName: 'GH_THING', value: j('gh', 'p_', chars(ALNUM, 36)), style: 'plain' },
    { shape: 'GitHub fine-grained token', envName: 'REPO_ACCESS', value: j('github', '_pat_', chars(ALNUM, 22), '_', chars(ALNUM, 59)), style: 'plain' },
    { shape: 'GitHub OAuth token', envName: 'GH_OAUTH', value: j('gh', 'o_', chars(ALNUM, 36)), style: 'single' },
    { shape: 'GitHub app server token', envName: 'GH_APP', value: j('gh', 's_', chars(ALNUM, 36)), style: 'plain' },
    { shape: 'Slack bot token', envName: 'SLACK_THING', value: j('xo', 'xb-', chars('0123456789', 12), '-', chars('0123456789', 13), '-', chars(ALNUM, 24)), style: 'plain' },
    { shape: 'Slack user token', envName: 'CHAT_USER', value: j('xo', 'xp-', chars('0123456789', 12), '-', chars('0123456789', 12), '-', chars('0123456789', 13), '-', chars(HEX, 32)), style: 'plain' },
    { shape: 'Slack incoming webhook', envName: 'ALERT_URL', value: j('https://hooks.', 'slack.com/services/T', chars(UPPER_NUM, 8), '/B', chars(UPPER_NUM, 10), '/', chars(ALNUM, 24)), style: 'plain' },
    { shape: 'JWT', envName: 'SESSION_SEED', value: jwt(), style: 'plain' },
    { shape: 'Postgres URL with password', envName: 'DB_CONN', value: j('postgres://orders:', chars(ALNUM, 18), '@10.0.0.5:5432/orders'), style: 'plain' },
    { shape: 'MongoDB SRV URL with password', envName: 'MONGO_TARGET', value: j('mongodb+srv://app:', chars(ALNUM, 16), '@cluster0.example.net/shop'), style: 'double' },
    { shape: 'Redis URL with password only', envName: 'CACHE_ADDR', value: j('redis://:', chars(ALNUM, 20), '@10.0.0.9:6379/0'), style: 'plain' },
    { shape: 'AMQP URL with user and password', envName: 'BROKER', value: j('amqps://worker:', 'hunter', '2horse', 'Battery@mq.example.com/vhost'), style: 'plain' },
    { shape: 'HTTPS URL with basic auth', envName: 'UPSTREAM', value: j('https://deploy:', chars(ALNUM, 14), '@registry.example.com/v2/'), style: 'single' },
    { shape: 'high-entropy base62 under a neutral name', envName: 'STRIPE_THING_2', value: chars(ALNUM, 40), style: 'plain' },
    { shape: 'high-entropy hex under a neutral name', envName: 'DB_CONN_2', value: chars(HEX, 64), style: 'plain' },
    { shape: 'high-entropy base64 under a neutral name', envName: 'TLS_MATERIAL_2', value: `${chars(B64, 86)}==`, style: 'plain' },
    { shape: 'SendGrid key', envName: 'MAILER', value: j('SG', '.', chars(B64URL, 22), '.', chars(B64URL, 43)), style: 'plain' },
    { shape: 'npm token', envName: 'REGISTRY_THING', value: j('np', 'm_', chars(ALNUM, 36)), style: 'plain' },
    { shape: 'OpenAI project key', envName: 'LLM_THING', value: j('sk', '-proj-', chars(B64URL, 48), 'T3Blbk', 'FJ', chars(B64URL, 48)), style: 'plain' },
    { shape: 'Anthropic key', envName: 'MODEL_ACCESS', value: j('sk', '-ant-api03-', chars(B64URL, 93), 'AA'), style: 'plain' },
    { shape: 'Azure storage connection string', envName: 'BLOB_CONN', value: j('DefaultEndpointsProtocol=https;AccountName=acmeblobs;Account', 'Key=', chars(B64, 86), '=='), style: 'double' },
    { shape: 'Google OAuth client secret', envName: 'OAUTH_CLIENT_X', value: j('GOC', 'SPX-', chars(B64URL, 28)), style: 'plain' },
    { shape: 'Shopify access token', envName: 'SHOP_THING', value: j('shp', 'at_', chars(HEX, 32)), style: 'plain' },
    { shape: 'password under a secret name (short, plain words)', envName: 'DB_PASSWORD', value: j('correct', '-horse-', 'staple'), style: 'plain' },
    { shape: 'secret under a secret name in a literal block', envName: 'API_TOKEN', value: `${j('tok', 'en-line-one-', chars(ALNUM, 12))}\n${j('second-', chars(ALNUM, 10))}\n`, style: 'literal' },
    // Shapes added after probing with formats the first corpus did not have (vendor prefixes, credentials inside
    // headers, query strings and connection strings, 32-hex keys under neutral names).
    ...(() => {
      const basic = Buffer.from(j('deploy:', chars(ALNUM, 14))).toString('base64');
      const bearer = chars(ALNUM, 40);
      const jdbcPw = j('Zq8', chars(ALNUM, 12));
      const queryKey = chars(ALNUM, 24);
      const plainPw = j('hunter', '2', 'xyzzy');
      const discord = chars(B64URL, 68);
      const more: SecretCase[] = [
        { shape: 'GitLab personal access token', envName: 'REPO_READ', value: j('gl', 'pat-', chars(B64URL, 20)), style: 'plain' },
        { shape: 'Hugging Face token', envName: 'MODEL_HUB', value: j('h', 'f_', chars(ALNUM, 34)), style: 'plain' },
        { shape: 'Vault service token', envName: 'V_LEASE', value: j('hv', 's.', chars(B64URL, 90)), style: 'double' },
        { shape: 'DigitalOcean token', envName: 'DROPLETS', value: j('do', 'p_v1_', chars(HEX, 64)), style: 'plain' },
        { shape: 'Twilio API key', envName: 'SMS_X', value: j('S', 'K', chars(HEX, 32)), style: 'plain' },
        { shape: 'Mailgun key', envName: 'MAIL_X', value: j('ke', 'y-', chars(HEX, 32)), style: 'single' },
        { shape: 'age secret key', envName: 'AGE_X', value: j('AGE-SECRET', '-KEY-1', chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)), style: 'plain' },
        { shape: '32-hex key under a neutral name', envName: 'DD_X', value: chars(HEX, 32), style: 'plain' },
        { shape: 'Discord webhook URL', envName: 'NOTIFY', value: j('https://discord.com/api/', 'webhooks/123456789012345678/', discord), style: 'plain', part: discord },
        { shape: 'Basic auth header value', envName: 'HDR', value: j('Basic ', basic), style: 'plain', part: basic },
        { shape: 'Bearer header value', envName: 'UPSTREAM_HDR', value: j('Bearer ', bearer), style: 'double', part: bearer },
        { shape: 'JDBC URL with a password parameter', envName: 'JDBC', value: j('jdbc:postgresql://db:5432/shop?user=app&pass', 'word=', jdbcPw), style: 'plain', part: jdbcPw },
        { shape: 'API key in a URL query', envName: 'CALLBACK', value: j('https://api.example.com/x?api', '_key=', queryKey), style: 'single', part: queryKey },
        { shape: 'base64 user:password without its Basic prefix, under a neutral name', envName: 'UPSTREAM_B', value: Buffer.from(j('deploy', ':', chars(ALNUM, 11))).toString('base64'), style: 'plain' },
        { shape: 'AWS-secret-shaped value (40 base64 characters with slashes) under a neutral name', envName: 'STORE_Q', value: j(chars(ALNUM, 12), '/', chars(ALNUM, 13), '/', chars(ALNUM, 13)), style: 'single' },
        { shape: 'password=… under a neutral name', envName: 'DB_CONN_OPTS', value: j('pass', 'word=', plainPw), style: 'plain', part: plainPw },
      ];
      return more;
    })(),
  ];
  return cases;
}

/** Values that must survive every output unchanged, with the env name they are set under. */
export function ordinaryCorpus(): Array<{ envName: string; value: string }> {
  return [
    { envName: 'IMAGE_REF', value: 'us-central1-docker.pkg.dev/acme-shop-prod/apps/orders-worker:1.14.2' },
    { envName: 'BASE_IMAGE', value: 'gcr.io/distroless/nodejs20-debian12:nonroot' },
    { envName: 'SIDECAR_IMAGE', value: 'docker.io/library/redis:7.2-alpine' },
    { envName: 'TOPIC', value: 'projects/acme-shop-prod/topics/orders' },
    { envName: 'SUBSCRIPTION_ID', value: 'orders-sub' },
    { envName: 'DLQ_TOPIC', value: 'projects/acme-shop-prod/topics/orders-dead-letter' },
    { envName: 'FULL_SUBSCRIPTION', value: 'projects/acme-shop-prod/subscriptions/orders-sub' },
    { envName: 'API_BASE_URL', value: 'https://api.example.com/v1/orders?limit=100' },
    { envName: 'HEALTH_URL', value: 'http://localhost:8080/healthz' },
    { envName: 'USER_ONLY_URL', value: 'ssh://git@github.com/acme/orders.git' },
    { envName: 'DOCS_URL', value: 'https://cloud.google.com/pubsub/docs/lease-management' },
    { envName: 'MAX_OUTSTANDING_MESSAGES', value: '20' },
    { envName: 'RATIO', value: '0.75' },
    { envName: 'TIMEOUT_MS', value: '30000' },
    { envName: 'GOOGLE_CLOUD_PROJECT', value: 'acme-shop-prod' },
    { envName: 'PROJECT_NUMBER', value: '123456789012' },
    { envName: 'REGION', value: 'europe-west4' },
    { envName: 'SERVICE_ACCOUNT', value: 'orders-worker@acme-shop-prod.iam.gserviceaccount.com' },
    { envName: 'LOG_LEVEL', value: 'debug' },
    { envName: 'FEATURE_FLAGS', value: 'fast-path,batch-ack,retry-v2' },
    { envName: 'GIT_COMMIT', value: '3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345' },
    { envName: 'REQUEST_NAMESPACE', value: '123e4567-e89b-12d3-a456-426614174000' },
    { envName: 'BUILD_ID', value: 'build-2024-11-05-1432' },
    { envName: 'DATABASE_HOST', value: '10.12.0.5' },
    { envName: 'REDIS_URL', value: 'redis://10.0.0.9:6379/0' },
    { envName: 'ORDERS_DB_URL', value: 'postgres://orders@10.0.0.5:5432/orders' },
    { envName: 'KEY_RING', value: 'projects/acme-shop-prod/locations/global/keyRings/orders' },
    { envName: 'TZ', value: 'Europe/Amsterdam' },
    { envName: 'JAVA_OPTS', value: '-Xmx512m -XX:+UseG1GC' },
    { envName: 'ACK_DEADLINE_SECONDS', value: '60' },
    { envName: 'BUCKET', value: 'gs://acme-shop-prod-invoices/2024/' },
    { envName: 'CRON', value: '*/5 * * * *' },
    { envName: 'SENTRY_ENVIRONMENT', value: 'production-eu' },
    { envName: 'OTEL_SERVICE_NAME', value: 'orders-worker' },
    { envName: 'CONCURRENCY_MODE', value: 'ThreadPoolExecutor' },
    // Near misses of the later shapes: hex ids by name, prose after "Basic", a query without secrets, a digest.
    { envName: 'CONFIG_HASH', value: '9b74c9897bac770ffc029102a200c5de' },
    { envName: 'CHECKSUM_MD5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    { envName: 'SCALING_NOTE', value: 'Basic instance-based scaling' },
    { envName: 'SEARCH_URL', value: 'https://api.example.com/search?q=orders&page=2' },
    // Near misses of issue 21: short values under secret-sounding names (numbers, versions, switches, names of
    // secrets), build labels that mix case and digits between separators, a Helm-style checksum by its name.
    { envName: 'TOKEN_TTL_SEC', value: '3600' },
    { envName: 'SECRET_VERSION', value: 'latest' },
    { envName: 'PASSWORD_MIN_LENGTH', value: '12' },
    { envName: 'AUTH_ENABLED', value: 'true' },
    { envName: 'TOKEN_REFRESH_INTERVAL', value: '15m' },
    { envName: 'SECRET_NAME', value: 'projects/acme-shop-prod/secrets/stripe-key/versions/latest' },
    { envName: 'TOKEN_URL', value: 'https://oauth2.googleapis.com/token' },
    { envName: 'BUILD_LABEL', value: 'release-2024-11-05-g3f9a1c2-Linux' },
    { envName: 'APP_VERSION', value: 'v1.14.2-rc3+Build.20241105T1432Z' },
    { envName: 'RELEASE_TAG', value: 'orders-worker-v1.14.2-b3f9a1c2Kx' },
    { envName: 'CONFIG_CHECKSUM', value: '3f9a1c2b7d4e5f60718293a4b5c6d7e8f90123453f9a1c2b7d4e5f6071829384' },
    { envName: 'PINNED_IMAGE', value: 'gcr.io/distroless/static@sha256:3f1e2d4c5b6a79808f7e6d5c4b3a29180f1e2d3c4b5a69788f9e0d1c2b3a4958' },
  ];
}
