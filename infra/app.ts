#!/usr/bin/env node
import { createLindungApp } from './lindung-app.ts';

// Entry point for the CDK CLI (cdk.json: `npx tsx infra/app.ts`); the CLI synthesizes on exit.
createLindungApp();
