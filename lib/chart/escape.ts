/**
 * Helm renders every file under templates/ as a Go text/template, so a `{{` anywhere in a value
 * (an env value a user added, say) would be executed, or fail the install. Each `{{` becomes the
 * action `{{ "{{" }}`, which renders as the two braces: the rendered chart is byte for byte the
 * manifests. `}}` outside an action is plain text to Go templates and stays as it is.
 */
export function escapeForHelmTemplate(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}
