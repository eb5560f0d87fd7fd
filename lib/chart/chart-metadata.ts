/**
 * Helm's rules for Chart.yaml, as `helm lint` applies them (helm/helm pkg/chart/v2/lint/rules/
 * chartfile.go and the chart best practices): apiVersion v2, a name that is one path segment and,
 * by convention, lower-case letters, digits and dashes; a strict SemVer 2 version; string
 * appVersion; an icon given as an absolute URL.
 */

/** Best-practice chart name: lower-case letters and digits, words separated by single dashes. */
export const CHART_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** SemVer 2.0.0 (semver.org's regular expression): what Masterminds' StrictNewVersion accepts. */
export const STRICT_SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The icon `helm lint` gets unless the caller names another (lint only recommends one). */
export const DEFAULT_CHART_ICON = 'https://raw.githubusercontent.com/kubernetes/kubernetes/master/logo/logo.svg';

/** Chart.yaml's fields as this project writes them. */
export interface ChartMetadata {
  readonly apiVersion: 'v2';
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  readonly description: string;
  readonly type: 'application';
  readonly icon: string;
}

/** Why a chart name or version is refused, naming where it came from and what is allowed. */
export class ChartMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartMetadataError';
  }
}

/** Checks name, version and icon; throws ChartMetadataError naming the field and its source. */
export function validateChartMetadata(meta: ChartMetadata, sources: { name: string; version: string }): void {
  if (!CHART_NAME.test(meta.name) || meta.name.length > 63) {
    throw new ChartMetadataError(
      `chart name ${JSON.stringify(meta.name)} (from ${sources.name}) is not a valid Helm chart name; ` +
        'allowed: lower-case letters, digits and single dashes, starting and ending with a letter or digit, at most 63 characters',
    );
  }
  if (!STRICT_SEMVER.test(meta.version)) {
    throw new ChartMetadataError(
      `chart version ${JSON.stringify(meta.version)} (from ${sources.version}) is not SemVer 2; allowed: MAJOR.MINOR.PATCH ` +
        'with optional -prerelease and +build, no leading "v" (e.g. 0.1.0, 1.2.3-rc.1)',
    );
  }
  if (!/^https?:\/\/[^\s/]+\/\S*$/.test(meta.icon)) {
    throw new ChartMetadataError(`chart icon ${JSON.stringify(meta.icon)} is not an absolute http(s) URL, which helm lint requires`);
  }
}

/**
 * appVersion from the image tags the chart deploys: the one tag when both images share it,
 * otherwise `backend-<tag>.frontend-<tag>` so `helm list` shows both builds.
 */
export function appVersionFromTags(tags: { backend: string; frontend: string }): string {
  return tags.backend === tags.frontend ? tags.backend : `backend-${tags.backend}.frontend-${tags.frontend}`;
}
