import { App } from 'cdk8s';
import { TodoConfig } from '../model/settings/types';
import { ExplainedError } from '../util/explained-error';

/** What main.ts exports: a function that builds the app from the settings, with no side effects. */
export type BuildApp = (settings: TodoConfig) => App;

/** The app file as the launcher loaded it: its exports, or why it could not be loaded (a message naming the file). */
export type AppSource =
  | { readonly file: string; readonly exports: Record<string, unknown> }
  | { readonly file: string; readonly problem: string };

/** main.ts does not compile or does not export a build function; the message names the file. */
export class AppLoadError extends ExplainedError {}

/** The build function main.ts exports (`export default function buildApp(settings) {...}`). */
export function buildFunction(source: AppSource): BuildApp {
  if ('problem' in source) throw new AppLoadError(source.problem);
  const exported = source.exports.default ?? source.exports.buildApp;
  if (typeof exported !== 'function') {
    const calls = 'synthesizeApp' in source.exports || Object.keys(source.exports).length === 0;
    throw new AppLoadError(
      `${source.file} exports no function that builds the app. Export one; every command calls it with the settings:\n` +
        '  export default function buildApp(settings: TodoConfig): App {\n' +
        '    const app = new App();\n' +
        '    new TodoChart(app, settings.instance, { config: settings });\n' +
        '    return app;\n' +
        '  }' +
        (calls ? '\n(main.ts no longer calls loadSettings() or synthesizeApp(): `npm run synth` runs the pipeline; see docs/extending.md.)' : ''),
    );
  }
  return exported as BuildApp;
}

/** The app main.ts builds from these settings; anything but an App is refused. */
export function buildAppFrom(source: AppSource, settings: TodoConfig): App {
  const app = buildFunction(source)(settings);
  if (!(app instanceof App)) {
    throw new AppLoadError(`the function ${source.file} exports returned ${app === undefined ? 'nothing' : typeof app}, not the cdk8s App it built: end it with \`return app;\``);
  }
  return app;
}
