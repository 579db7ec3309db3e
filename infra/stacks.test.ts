import { afterAll, beforeAll } from 'vitest';
import { frontDoorSuite } from './suites/front-door.suite.ts';
import { functionAccessSuite } from './suites/function-access.suite.ts';
import { functionsSuite } from './suites/functions.suite.ts';
import { nagSuite } from './suites/nag.suite.ts';
import { periodicReportsSuite } from './suites/periodic-reports.suite.ts';
import { safeguardsSuite } from './suites/safeguards.suite.ts';
import { statefulStackSuite } from './suites/stateful-stack.suite.ts';
import { statefulTablesSuite } from './suites/stateful-tables.suite.ts';
import { statelessStackSuite } from './suites/stateless-stack.suite.ts';
import { uploadIntakeSuite } from './suites/upload-intake.suite.ts';
import { workflowsSuite } from './suites/workflows.suite.ts';
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
statefulTablesSuite(get);
functionsSuite(get);
functionAccessSuite(get);
uploadIntakeSuite(get);
workflowsSuite(get);
statelessStackSuite(get);
periodicReportsSuite(get);
safeguardsSuite(get);
frontDoorSuite(get);
// Last: its negative case re-synthesizes into the shared output directory.
nagSuite(get);
