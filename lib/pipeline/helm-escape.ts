/**
 * Helm renders every file under templates/ as a Go text/template, so a `{{` anywhere in a value
 * (an env value a user added, say) would be executed, or fail the install. Each `{{` becomes an
 * action that prints the two braces, so the rendered chart is byte for byte the manifests. `}}` outside an action is plain text to Go templates and stays as it is.
 * The action is {{`{{`}} (a raw string) rather than {{ "{{" }}: it has no double quote, so a
 * double-quoted YAML value that contained `{{` is still valid YAML before rendering.
 */
export const ESCAPED_OPEN = '{{`{{`}}';

export function escapeForHelmTemplate(text: string): string {
  return text.replace(/\{\{/g, ESCAPED_OPEN);
}
