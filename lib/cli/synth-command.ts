import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { MANIFEST_FILE, OutputFormat, defaultOutDir } from '../pipeline/output';
import { PublishError } from '../pipeline/publish';
import { CommandSpec, parseCommandArgs, stringValue, usage } from './args';
import { reportFailure } from './errors';
import { registryValue } from './registry-option';
import { publishHookFromEnv } from './publish-hooks';
import { CommandContext, synthesizeProject } from './project';

const REFUSED = {
  '-o': 'use --output DIR (replaced atomically; the cdk8s CLI would delete the directory it is given before synth runs)',
  '--app': 'the app is main.ts; edit main.ts instead',
  '-a': 'the app is main.ts; edit main.ts instead',
  '--stdout': 'use `npm run synth && cat dist/todo.k8s.yaml`',
  '-p': 'use `npm run synth && cat dist/todo.k8s.yaml`',
  '--format': 'use `npm run chart` for a Helm chart',
};

const REGISTRY_OPTION = { type: 'string', placeholder: 'HOST/PATH', help: 'pin the digests `npm run deploy -- --registry` pushed there (default: the local tags)' } as const;

export const SYNTH: CommandSpec = {
  name: 'synth',
  summary: 'Builds main.ts\'s app from the settings, runs every check and publishes the manifests into dist/;\non any failure dist/ is left as it was.',
  configFlags: true,
  options: {
    output: { type: 'string', placeholder: 'DIR', help: 'publish here instead of dist/ (e.g. one directory per instance)' },
    registry: REGISTRY_OPTION,
  },
  refused: { ...REFUSED, '--chart-version': 'only `npm run chart` takes --chart-version' },
};

export const CHART: CommandSpec = {
  name: 'chart',
  summary: 'The same synth, published as a Helm chart into dist-chart/; on any failure it is left as it was.',
  configFlags: true,
  options: {
    'chart-version': { type: 'string', placeholder: 'X', help: 'chart version, SemVer 2 (default: package.json "version")' },
    output: { type: 'string', placeholder: 'DIR', help: 'publish here instead of dist-chart/' },
    registry: REGISTRY_OPTION,
  },
  refused: REFUSED,
};

/** `npm run synth` and `npm run chart` (also the app cdk8s.yaml runs, for plain `cdk8s synth`). */
export async function runSynth(format: OutputFormat, argv: readonly string[], ctx: CommandContext): Promise<number> {
  const spec = format === 'helm' ? CHART : SYNTH;
  let args;
  try {
    args = parseCommandArgs(spec, argv, ctx.env, ctx.cwd);
  } catch (err) {
    return reportFailure(ctx.out.say, err, `Synth failed; ${format === 'helm' ? 'dist-chart' : 'dist'}/ was left as it was.`);
  }
  if (args.help) {
    ctx.out.print(usage(spec));
    return 0;
  }
  const given = stringValue(args, 'output');
  const outDir = given ? path.resolve(ctx.cwd, given) : defaultOutDir(ctx.root, format);
  const shown = `${path.relative(ctx.cwd, outDir) || '.'}/`;
  // Under plain `cdk8s synth` the CLI gives its own output directory, which it empties first.
  const cliOutDir = ctx.env.CDK8S_OUTDIR ? path.resolve(ctx.root, ctx.env.CDK8S_OUTDIR) : undefined;
  const emptiedByCli = cliOutDir !== undefined && (cliOutDir === outDir || isInside(outDir, cliOutDir) || isInside(cliOutDir, outDir));
  try {
    if (emptiedByCli && cliOutDir !== outDir) {
      throw new PublishError(`the cdk8s CLI was given ${path.relative(ctx.root, cliOutDir) || '.'} as its output directory, which it deletes before the app runs, and ${shown} is ${isInside(outDir, cliOutDir) ? 'inside' : 'around'} it. Run \`npm run ${spec.name}\`, or plain \`cdk8s synth\` without -o.`);
    }
    const version = stringValue(args, 'chart-version');
    const output = { format, outDir, chart: version ? { version } : undefined, hook: publishHookFromEnv(ctx.env) };
    const { settings, synthesis, publication } = synthesizeProject(ctx, args.config, { registry: registryValue(spec, args), output });
    const published = publication!;
    if (cliOutDir && !emptiedByCli) {
      fs.mkdirSync(cliOutDir, { recursive: true });
      fs.writeFileSync(path.join(cliOutDir, MANIFEST_FILE), Yaml.stringify(...synthesis.objects));
    }
    const what = published.chart
      ? `Helm chart ${shown} (${published.chart.name} ${published.chart.version}, appVersion ${published.chart.appVersion})`
      : published.files.map((f) => shown + f).join(', ');
    ctx.out.say(`Published ${what}: ${synthesis.objects.length} objects (profile ${settings.profile}).`);
    return 0;
  } catch (err) {
    return reportFailure(ctx.out.say, err, emptiedByCli
      ? `Synth failed; the cdk8s CLI had already deleted ${shown}.`
      : err instanceof PublishError && err.partial
        ? `Synth failed while publishing; ${shown} was partly replaced (above).`
        : `Synth failed; ${shown} was left as it was.`);
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
