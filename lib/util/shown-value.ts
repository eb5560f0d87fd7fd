/** Names whose values are credentials (a build argument's, an environment variable's). */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL|AUTH_KEY|ACCESS_KEY/i;
/** `scheme://user:password@host` and `?token=...`-like parameters inside a value. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi;
const CREDENTIAL_PARAMETER = /([?&](?:[a-z_]*token|password|secret|key|sig|signature)=)[^&\s"]+/gi;

/**
 * A value as it may be printed: JSON-quoted, or `(value not shown)` when its name says it is a
 * credential; credentials inside a URL (`https://user:token@mirror/...`, `?token=`) are blanked.
 */
export function shownValue(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return '(value not shown)';
  return JSON.stringify(value.replace(URL_CREDENTIALS, '$1***@').replace(CREDENTIAL_PARAMETER, '$1***'));
}
