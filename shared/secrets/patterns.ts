/**
 * Credential formats recognised in any text Pool Tuner prints (the last line of defence, applied to every output
 * string). Private keys, GitHub, Slack, SendGrid, npm, Shopify and basic-auth URLs are also found in the input
 * files by secretlint's recommended preset (`shared/node/secret-scan.ts`); these patterns cover what that preset
 * does not (Stripe, AWS key ids, Google API keys and OAuth secrets, JWTs, database URLs with passwords, OpenAI and
 * Anthropic keys, Azure account keys) and let output be scrubbed synchronously, without the file that held them.
 * Formats from the vendors' own docs: Stripe (docs.stripe.com/keys), AWS (docs.aws.amazon.com/IAM/latest/UserGuide
 * /reference_identifiers.html#identifiers-unique-ids), Google (cloud.google.com/docs/authentication/api-keys),
 * GitHub (github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats), Slack
 * (api.slack.com/authentication/token-types), RFC 7519 (JWT), RFC 3986 section 3.2.1 (userinfo in URLs), RFC 7468 (PEM).
 */

export interface SecretPattern {
  id: string;
  /** Global regex; the whole match is withheld unless `group` names the capture group that holds the secret. */
  re: RegExp;
  group?: number;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // Up to the END line, else up to a closing quote (a key inside a JSON string never takes the quote with it).
  { id: 'pem-private-key', re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:[^"\\]|\\[^"])*?(-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|(?=\\?")|$)/g },
  { id: 'stripe-key', re: /\b[rsp]k_(?:live|test)_[0-9A-Za-z]{10,}/g },
  { id: 'stripe-webhook-secret', re: /\bwhsec_[0-9A-Za-z+/=]{20,}/g },
  { id: 'aws-access-key-id', re: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g },
  { id: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { id: 'google-oauth-client-secret', re: /\bGOCSPX-[0-9A-Za-z_-]{20,}/g },
  { id: 'gcp-private-key-id', re: /("private_key_id"\s*:\s*")([0-9a-f]{16,})/g, group: 2 },
  { id: 'github-token', re: /\b(?:gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{40,})/g },
  { id: 'slack-token', re: /\bxox[abposre]-[0-9A-Za-z-]{10,}/g },
  { id: 'slack-webhook', re: /hooks\.slack\.com\/(?:services|workflows)\/[0-9A-Za-z/_-]{20,}/g },
  { id: 'jwt', re: /\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}/g },
  { id: 'url-password', re: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/?#'"]*:)([^\s@/?#'"]+)(@)/gi, group: 2 },
  { id: 'sendgrid-key', re: /\bSG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}/g },
  { id: 'npm-token', re: /\bnpm_[0-9A-Za-z]{36}\b/g },
  { id: 'openai-anthropic-key', re: /\bsk-(?:proj-|svcacct-|admin-|ant-)?[0-9A-Za-z_-]{32,}/g },
  { id: 'azure-account-key', re: /(AccountKey=|SharedAccessKey=|sig=)([0-9A-Za-z+/%]{20,}={0,2})/g, group: 2 },
  { id: 'shopify-token', re: /\bshp(?:at|ss|ca|pa)_[0-9a-fA-F]{32}\b/g },
  // Vendor formats from their docs: GitLab (docs.gitlab.com/security/tokens/#token-prefixes), Hugging Face
  // (huggingface.co/docs/hub/security-tokens), HashiCorp Vault (developer.hashicorp.com/vault/docs/concepts/tokens
  // #token-prefixes), DigitalOcean (docs.digitalocean.com/reference/api/create-personal-access-token), Twilio API key
  // SIDs (twilio.com/docs/iam/api-keys), Mailgun legacy keys, age (age-encryption.org/v1: AGE-SECRET-KEY-1 + bech32).
  { id: 'gitlab-token', re: /\bgl(?:pat|dt|rt|ptt|soat|cbt)-[0-9A-Za-z_-]{20,}/g },
  { id: 'huggingface-token', re: /\bhf_[0-9A-Za-z]{30,}/g },
  { id: 'vault-token', re: /\bhv[sbr]\.[0-9A-Za-z_-]{24,}/g },
  { id: 'digitalocean-token', re: /\bdo[opr]_v1_[0-9a-f]{64}\b/g },
  { id: 'twilio-api-key', re: /\bSK[0-9a-fA-F]{32}\b/g },
  { id: 'mailgun-key', re: /\bkey-[0-9a-f]{32}\b/g },
  { id: 'age-secret-key', re: /\bAGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}\b/g },
  // Webhook URLs whose last path segment is the credential (Discord: discord.com/developers/docs/resources/webhook).
  { id: 'discord-webhook', re: /(discord(?:app)?\.com\/api\/webhooks\/[0-9]+\/)([0-9A-Za-z_-]{20,})/g, group: 2 },
  { id: 'teams-webhook', re: /\b[0-9a-z-]+\.webhook\.office\.com\/webhookb2\/[^\s'"]+/g },
  // HTTP credentials written into a value (RFC 7617 Basic, RFC 6750 Bearer): the token must hold a digit, so prose
  // ("Basic instance-based-scaling") is left alone.
  { id: 'http-auth-credentials', re: /(\b(?:Basic|Bearer) +)((?=[0-9A-Za-z+/._~-]*[0-9])[0-9A-Za-z+/._~-]{16,}={0,2})/g, group: 2 },
  // A secret-named parameter in a query string, a JDBC/ODBC/ADO.NET connection string or an env-file line
  // (`?api_key=…`, `;Password=…`, `DB_PASSWORD=…`): the value up to the next separator.
  {
    id: 'secret-parameter',
    re: /((?<![0-9A-Za-z])(?:password|passwd|pwd|secret|client_secret|api[_-]?key|apikey|access_token|auth_token|token|sig|signature)=)([^&;\s'"#,]{4,})/gi,
    group: 2,
  },
];

/** Env var names that mark the value as a credential (split into words; `KEY` counts only as the last word). */
const SECRET_WORD = /^(PASSWORD|PASSWD|PWD|PASS|SECRET|SECRETS|TOKEN|TOKENS|CREDENTIAL|CREDENTIALS|CREDS|PRIVATE|APIKEY|PASSPHRASE|AUTH|SIGNATURE|SALT|DSN)$/;

/** Splits `STRIPE_apiKey-2` into words (`STRIPE`, `API`, `KEY`, `2`), upper-cased. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toUpperCase());
}

/**
 * Last words that make a secret-sounding name describe the secret rather than hold it: `TOKEN_TTL_SEC: '3600'`,
 * `SECRET_VERSION: latest`, `SECRET_NAME`, `PASSWORD_FILE`, `TOKEN_URL`, `AUTH_ENABLED`.
 */
const ABOUT_WORD = /^(TTL|SEC|SECS|SECOND|SECONDS|MS|MILLIS|MIN|MINS|MINUTES|HOURS|DAYS|MAX|VERSION|VER|COUNT|NUM|SIZE|LENGTH|LEN|BYTES|BITS|TIMEOUT|EXPIRY|EXPIRES|EXPIRATION|LIFETIME|INTERVAL|PERIOD|ENABLED|DISABLED|ENABLE|DISABLE|REQUIRED|NAME|NAMES|PATH|FILE|DIR|MOUNT|MODE|TYPE|KIND|FORMAT|ALGORITHM|URL|URI|ENDPOINT|HOST|PORT|REF|ID|PROVIDER|ROTATION|HEADER|PREFIX|FIELD|LOCATION|PROJECT|REGION|AUDIENCE|ISSUER|SCOPE|SCOPES)$/;

/** True when a variable or key name says its value is a credential (`DB_PASSWORD`, `apiKey`, `SIGNING_KEY`). */
export function isSecretName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  if (w.length > 1 && ABOUT_WORD.test(w[w.length - 1]!)) return false;
  if (w.some((x) => SECRET_WORD.test(x))) return true;
  const last = w[w.length - 1]!;
  return last === 'KEY' && w.length > 1;
}

/** Shannon entropy in bits per character. */
export function entropyBitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Names whose hex values are identifiers, not keys (`GIT_COMMIT`, `IMAGE_DIGEST`, `BUILD_SHA`, `CONFIG_HASH`). */
const ID_WORD = /^(SHA|SHA1|SHA256|COMMIT|HASH|DIGEST|CHECKSUM|MD5|REV|REVISION|VERSION|ETAG|ID|UUID|BUILD|RELEASE|REF)$/;

function namesAnId(name: string): boolean {
  return words(name).some((w) => ID_WORD.test(w));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A value that looks randomly generated (a key or token under a neutral name). Thresholds: at least 20 characters
 * from a key alphabet (base64/base64url/hex) with no spaces, path-like slashes or URL parts, mixing upper case,
 * lower case and digits at ≥ 3.5 bits per character (English words and ids stay well below), or pure hex of 48
 * characters or more (32-byte keys; a 40-character git commit id stays readable). With the variable's `name`, pure
 * hex from 32 characters (16-byte keys: Datadog, Mailgun) unless the name says it is an id (`GIT_COMMIT`,
 * `IMAGE_DIGEST`). UUIDs are ids, not keys.
 */
export function looksHighEntropy(value: string, name?: string): boolean {
  const v = value.trim();
  if (v.length < 20 || UUID.test(v)) return false;
  if (/^[0-9a-fA-F]+$/.test(v)) return !(name !== undefined && namesAnId(name)) && (v.length >= 48 || (name !== undefined && v.length >= 32));
  if (!/^[0-9A-Za-z+/=_\-.~]+$/.test(v)) return false;
  if ((v.match(/\//g) ?? []).length > 0 && !/[+=]/.test(v) && v.length < 40) return false;
  if (!mixed(v) || entropyBitsPerChar(v) < 3.5) return false;
  // A label is words and numbers joined by separators (`release-2024-11-05-g3f9a1c2-Linux`,
  // `v1.14.2-rc3+Build.20241105T1432Z`): random material has a long run without one.
  return v.split(/[-_.~]/).some((seg) => seg.length >= 16 && mixed(seg) && entropyBitsPerChar(seg) >= 3.3);
}

function mixed(v: string): boolean {
  return /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v);
}

/**
 * A value that cannot be a credential whatever its name says: a number or a duration (`3600`, `0.75`, `30s`),
 * a boolean or an empty marker. Found by name, such a value is withheld where it is shown as a field, never
 * replaced as a word in free text (that would change numbers and JSON elsewhere).
 */
export function isPlainScalar(value: string): boolean {
  return /^\s*[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*(?:ms|s|m|h|d|%)?\s*$/i.test(value) || /^\s*(true|false|null|none|yes|no|on|off|~)?\s*$/i.test(value);
}

/**
 * Base64 of `user:password` (an HTTP Basic credential written without its `Basic ` prefix, RFC 7617): decodes to
 * printable ASCII with one colon between a user and a password of at least 4 characters.
 */
export function isBasicAuthBase64(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || v.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return false;
  let decoded: string;
  try {
    decoded = atob(v);
  } catch {
    return false;
  }
  return /^[\x21-\x7e]{1,64}:[\x21-\x7e]{4,}$/.test(decoded) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(decoded);
}

/** A value that is a credential by its shape alone: a vendor format, random-looking, or base64 `user:password`. */
export function isSecretValue(value: string, name?: string): boolean {
  return patternMatches(value).length > 0 || looksHighEntropy(value, name) || isBasicAuthBase64(value);
}

/** Every substring of `text` matched by a credential pattern (the secret part only). */
export function patternMatches(text: string): string[] {
  const out: string[] = [];
  for (const p of SECRET_PATTERNS) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      const s = p.group ? m[p.group] : m[0];
      if (s) out.push(s);
    }
  }
  return out;
}
