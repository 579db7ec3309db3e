import { afterAll, beforeAll } from 'vitest';
import { frontDoorSuite } from './suites/front-door.suite.ts';
import { nagSuite } from './suites/nag.suite.ts';
import { periodicReportsSuite } from './suites/periodic-reports.suite.ts';
import { safeguardsSuite } from './suites/safeguards.suite.ts';
import { statefulStackSuite } from './suites/stateful-stack.suite.ts';
import { statelessStackSuite } from './suites/stateless-stack.suite.ts';
import { type SynthesizedLindung, synthLindungApp } from './test-support.ts';

/*
 * One synthesis of the real app for every infra assertion: real esbuild bundles of the real handlers, the
 * feature flags of cdk.json, cdk-nag on (a finding makes synthLindungApp throw). Bundling and the validation
 * plugins dominate the cost, so the suites share it instead of synthesizing once per file.
 */
let synth: SynthesizedLindung | undefined;
beforeAll(() => {
  synth = synthLindungApp();
});
afterAll(() => synth?.dispose());

const get = (): SynthesizedLindung => {
  if (!synth) throw new Error('the app was not synthesized');
  return synth;
};

statefulStackSuite(get);
statelessStackSuite(get);
periodicReportsSuite(get);
safeguardsSuite(get);
frontDoorSuite(get);
// Last: its negative case re-synthesizes into the shared output directory.
nagSuite(get);
