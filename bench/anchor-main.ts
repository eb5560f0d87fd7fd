// The anchor of bench/synth.sh: what the `cdk8s init typescript-app` default does with this
// project's app, a main.ts run by ts-node (type-checked) that builds the app and calls
// app.synth(). Same settings, same constructs; none of our pipeline's checks or atomic publish.
import buildApp from '../main';
import { loadConfig } from '../lib/model/settings/load';

buildApp(loadConfig()).synth();
