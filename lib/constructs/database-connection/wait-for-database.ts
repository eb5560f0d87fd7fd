/**
 * The shell script of the wait-for-database init container. It logs in with the client's own
 * `DATABASE_URL` (libpq reads `postgresql://` URLs, sslmode and all) and runs `SELECT 1`:
 * - while the server is not there yet (refused, starting up, DNS of a headless Service that
 *   has no ready pod, timeouts) it says so and retries every 2 seconds;
 * - on anything else (wrong password, unknown database, an unparsable URL) it exits 1 with the
 *   driver's own message, which `terminationMessagePolicy: FallbackToLogsOnError` shows in
 *   `kubectl describe pod`.
 * Quoted values in the message other than the expected user, host and database are replaced by
 * `"<redacted>"`: with an unencoded `@ / :` in a password, libpq quotes pieces of it.
 */
export interface WaitScriptOptions {
  /** Env variable holding the URL. */
  readonly urlVar: string;
  /** Host the URL should name; a DNS failure for another host means the URL did not parse as meant. */
  readonly expectedHost?: string;
  /** Quoted values that may be shown (user, database, host). */
  readonly showable: readonly string[];
}

const TRANSIENT = [
  'Connection refused',
  'the database system is starting up',
  'the database system is shutting down',
  'the database system is not yet accepting connections',
  'the database system is in recovery mode',
  'timeout expired',
  'Connection timed out',
  'No route to host',
  'Network is unreachable',
  'server closed the connection unexpectedly',
];
// DNS failures are never retried by their wording alone ("Temporary failure in name resolution"
// is what a cluster DNS that refuses the name answers): only for the expected host (dnsRetry).
// Seen on the real kubelet: a URL-special password made libpq look up a piece of the password,
// and the pod waited forever instead of stopping with the hint.

/** Connection option names libpq quotes in its messages; never secret. */
const LIBPQ_KEYWORDS = ['host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'sslmode', 'connect_timeout', 'options'];

/** Said after the driver's message when the URL itself did not parse as meant. */
const ENCODING_HINT =
  'hint: the URL did not parse as intended; a password with characters URLs reserve (@ : / ? # % and spaces) must be ' +
  'percent-encoded, or replaced by a URL-safe one (e.g. openssl rand -hex 24)';

/** `sh -c` command of the wait. */
export function waitForDatabaseCommand(options: WaitScriptOptions): string[] {
  const keep = [...options.showable, ...LIBPQ_KEYWORDS].filter((s) => /^[A-Za-z0-9_.:-]+$/.test(s)).join(' ');
  const dnsRetry = options.expectedHost
    ? `*'could not translate host name "${options.expectedHost}"'*) transient=1 ;;`
    : `*'could not translate host name'*) transient=1 ;;`;
  const cases = TRANSIENT.map((t) => `*'${t}'*) transient=1 ;;`).join(' ');
  // The whole output is one record, so a value with a newline is still one quoted value; when
  // the URL itself holds a `"`, quotes no longer pair, so everything from the first to the last
  // quote is redacted.
  const redact =
    `awk -v keep="${keep}" -v greedy="$greedy" 'BEGIN{n=split(keep,k," ");for(i=1;i<=n;i++)ok[k[i]]=1}` +
    `{a=(NR>1)?a "\\n" $0:$0}` +
    `END{o="";s=a;if(greedy==1&&match(s,/".*"/)){o=substr(s,1,RSTART-1) "\\"<redacted>\\"";s=substr(s,RSTART+RLENGTH)}` +
    `while(match(s,/"[^"]*"/)){q=substr(s,RSTART+1,RLENGTH-2);o=o substr(s,1,RSTART-1) "\\"" ((q in ok)?q:"<redacted>") "\\"";s=substr(s,RSTART+RLENGTH)}print o s}'`;
  const script = [
    'while :; do',
    `  if out=$(psql "$${options.urlVar}" -XtAc 'SELECT 1' 2>&1); then echo "database accepts the login"; exit 0; fi`,
    `  case "$${options.urlVar}" in *'"'*) greedy=1 ;; *) greedy=0 ;; esac`,
    `  msg=$(printf '%s\\n' "$out" | ${redact})`,
    '  transient=0',
    `  case "$out" in ${dnsRetry} ${cases} esac`,
    '  if [ "$transient" = 1 ]; then echo "waiting for the database: $msg"; sleep 2; continue; fi',
    '  echo "cannot log in to the database: $msg" >&2',
    `  case "$out" in *'invalid percent-encoded'*|*'invalid integer value'*|*'could not translate host name'*|*'invalid URI'*) echo "${ENCODING_HINT}" >&2 ;; esac`,
    '  exit 1',
    'done',
  ].join('\n');
  return ['sh', '-c', script];
}
