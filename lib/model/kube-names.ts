/**
 * The Kubernetes name and limit rules this project states itself (the settings, the construct
 * props): one place each. The API server's own validation checks the manifests.
 */

/** A DNS-1123 label: object, container, port and namespace names (at most 63 characters). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: most other object names, host names (at most 253 characters). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether a string is a DNS-1123 label of at most `max` characters. */
export const isDnsLabel = (s: string, max = 63): boolean => s.length <= max && DNS1123_LABEL.test(s);
/** Whether a string is a DNS-1123 subdomain. */
export const isDnsSubdomain = (s: string): boolean => s.length <= 253 && DNS1123_SUBDOMAIN.test(s);

/** Most pods a workload of this project runs, fixed or autoscaled. */
export const MAX_REPLICAS = 100;
