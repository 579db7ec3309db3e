import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'functions/**/*.test.ts',
      'infra/**/*.test.ts',
      'local/**/*.test.ts',
      'test/**/*.test.ts',
      'web/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests run bin/lindung.mjs: build dist/cli once first if a source changed (scripts/build-cli.mjs).
    globalSetup: ['test/support/build-cli.ts'],
    allowOnly: false,
  },
});
