import { TodoConfig } from './types';
import { ConfigIssue } from './validate';

/** Domains reserved for examples (RFC 2606, RFC 6761): no cluster can serve them. */
const EXAMPLE_HOST = /(^|\.)(example\.(com|net|org)|example|invalid)$/;
/** An image under an `example` account or organisation, such as `ghcr.io/example/todo-backend`. */
const EXAMPLE_REPOSITORY = /^([^/]+\/)?example\//;

/**
 * Values a shipped profile holds only to show the shape (the cloud profile's hosts and
 * registry). They validate, so tests can synthesize that profile, but deploying them would
 * serve nobody: synth and the image build refuse them and say what to set.
 */
export function placeholderIssues(config: TodoConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const side of ['frontend', 'backend'] as const) {
    const host = new URL(config.publicUrls[side]).hostname;
    if (EXAMPLE_HOST.test(host)) {
      issues.push({
        field: `publicUrls.${side}`,
        problem: `"${host}" is a placeholder (a domain reserved for examples)`,
        allowed: `the public URL of your ${side}, e.g. publicUrls.${side}: https://${side === 'frontend' ? 'todo' : 'api.todo'}.your-domain.com in a values file (TODO_VALUES=prod.yaml)`,
      });
    }
  }
  for (const component of ['backend', 'frontend'] as const) {
    const repository = config.images[component].repository;
    if (EXAMPLE_REPOSITORY.test(repository)) {
      issues.push({
        field: `images.${component}.repository`,
        problem: `"${repository}" is a placeholder`,
        allowed: `the repository your CI pushes the ${component} image to, e.g. ghcr.io/<your-org>/todo-${component}, with its tag in images.${component}.tag`,
      });
    }
  }
  return issues;
}
