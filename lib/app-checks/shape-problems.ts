/** Something about an app's shape detection cannot decide or the settings get wrong: a finding of check-app. */
export interface ShapeProblem {
  /** The setting that decides it (e.g. `backend.pythonManifest`). */
  readonly field: string;
  /** The file or directory it is about. */
  readonly file: string;
  readonly problem: string;
  readonly fix: string;
}
