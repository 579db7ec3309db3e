#!/usr/bin/env node
// Validates every workflows/*.asl.json with asl-validator, and checks our own rule: every Task has Retry and Catch.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');
const validate = aslValidator.default ?? aslValidator;
const dir = new URL('../workflows/', import.meta.url).pathname;
let failed = false;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.asl.json'))) {
  const definition = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const { isValid, errors } = validate(definition);
  const missing = [];
  const walk = (states) => {
    for (const [name, s] of Object.entries(states)) {
      if (s.Type === 'Task' && (!s.Retry?.length || !s.Catch?.length)) missing.push(name);
      if (s.ItemProcessor) walk(s.ItemProcessor.States);
      if (s.Iterator) walk(s.Iterator.States);
      for (const b of s.Branches ?? []) walk(b.States);
    }
  };
  walk(definition.States);
  if (!isValid || missing.length) {
    failed = true;
    console.error(`✗ ${file}`);
    for (const e of errors ?? []) console.error(`  ${e.message ?? JSON.stringify(e)}`);
    for (const m of missing) console.error(`  Task "${m}" needs both Retry and Catch`);
  } else {
    console.log(`✓ ${file}`);
  }
}
process.exit(failed ? 1 : 0);
