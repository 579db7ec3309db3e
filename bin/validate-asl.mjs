#!/usr/bin/env node
// Validates workflows/*.asl.json (or the files named) with asl-validator, and checks our own rules: every Task
// has Retry and Catch, and no retrier retries an error a retry cannot fix (PERMANENT_ERROR_NAMES: the error types
// of src/workflow-errors.ts that the taxonomy marks not retryable): such an error may appear in a retrier only
// with MaxAttempts 0, and a catch-all retrier (States.ALL, States.TaskFailed) must come after that one. A name
// that is neither States.*, Lambda.* nor one of those error types is refused too: it would never match.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { PERMANENT_ERROR_NAMES, WORKFLOW_ERROR_TYPES } = await import('../src/workflow-errors.ts');
const KNOWN_NAMES = new Set(WORKFLOW_ERROR_TYPES.map((t) => t.errorName));
const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');
const validate = aslValidator.default ?? aslValidator;
const dir = new URL('../workflows/', import.meta.url).pathname;
const CATCH_ALL = ['States.ALL', 'States.TaskFailed'];

/** Error names a retrier or catcher matches that no task can throw (a misspelt name never matches). */
function unknownNames(name, matchers) {
  return matchers
    .flatMap((m) => m.ErrorEquals)
    .filter((e) => !e.startsWith('States.') && !e.startsWith('Lambda.') && !KNOWN_NAMES.has(e))
    .map((e) => `Task "${name}" matches ${e}, which is not an error of src/workflow-errors.ts`);
}

/** What is wrong with a Task's retriers, in the order Step Functions reads them (the first match applies). */
function retryProblems(name, retriers) {
  const problems = [];
  const settled = new Set(); // permanent errors that an earlier MaxAttempts 0 retrier sends to the Catch
  for (const retrier of retriers) {
    const retries = retrier.MaxAttempts !== 0; // MaxAttempts defaults to 3
    for (const error of retrier.ErrorEquals) {
      if (!PERMANENT_ERROR_NAMES.includes(error)) continue;
      if (retries) problems.push(`Task "${name}" retries ${error}, which a retry cannot fix`);
      else settled.add(error);
    }
    if (retries && retrier.ErrorEquals.some((e) => CATCH_ALL.includes(e))) {
      for (const error of PERMANENT_ERROR_NAMES.filter((e) => !settled.has(e)))
        problems.push(
          `Task "${name}": its ${retrier.ErrorEquals.join('/')} retrier also retries ${error}; put ` +
            `{"ErrorEquals": ["${error}"], "MaxAttempts": 0} before it`,
        );
    }
  }
  return problems;
}

const files = process.argv.slice(2);
const paths = files.length
  ? files
  : readdirSync(dir)
      .filter((f) => f.endsWith('.asl.json'))
      .map((f) => join(dir, f));
let failed = false;
for (const path of paths) {
  const definition = JSON.parse(readFileSync(path, 'utf8'));
  const { isValid, errors } = validate(definition);
  const problems = [];
  const walk = (states) => {
    for (const [name, s] of Object.entries(states)) {
      if (s.Type === 'Task' && (!s.Retry?.length || !s.Catch?.length))
        problems.push(`Task "${name}" needs both Retry and Catch`);
      if (s.Type === 'Task')
        problems.push(
          ...retryProblems(name, s.Retry ?? []),
          ...unknownNames(name, [...(s.Retry ?? []), ...(s.Catch ?? [])]),
        );
      if (s.ItemProcessor) walk(s.ItemProcessor.States);
      if (s.Iterator) walk(s.Iterator.States);
      for (const b of s.Branches ?? []) walk(b.States);
    }
  };
  walk(definition.States);
  if (!isValid || problems.length) {
    failed = true;
    console.error(`✗ ${basename(path)}`);
    for (const e of errors ?? []) console.error(`  ${e.message ?? JSON.stringify(e)}`);
    for (const p of problems) console.error(`  ${p}`);
  } else {
    console.log(`✓ ${basename(path)}`);
  }
}
process.exit(failed ? 1 : 0);
