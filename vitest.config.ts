import { defineConfig } from 'vitest/config';

// Lambda runs Node.js 22; the SDK's notice about Node 20 is noise in the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Five projects: unit (pure logic), integration (real DynamoDB Local and SES stand-in, started by
 * the global setup), infra (CDK assertions), e2e (HTTP against the local stack, started as
 * `npm start` would) and console (real headless Chromium against that stack).
 */
export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/local-services.ts'],
          // One DynamoDB Local serves all files; the 50,000-row import would starve tests running beside it.
          fileParallelism: false,
          // Integration and e2e each start a DynamoDB Local; run after one another, not beside each other
          // on two cores (DynamoDB Local answers contended transactions with lock time-outs).
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Each file synthesizes the whole stack once in beforeAll (~10 s, more on a busy machine).
      { extends: true, test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/e2e-stack.ts'],
          sequence: { groupOrder: 2 },
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'console',
          include: ['tests/console/**/*.test.ts'],
          globalSetup: ['tests/helpers/e2e-stack.ts'],
          // One Chromium at a time beside the stack on two cores; after the API's e2e tests.
          fileParallelism: false,
          sequence: { groupOrder: 3 },
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
