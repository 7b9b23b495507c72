const base = require('./jest.config');

/**
 * `npm run test:browser`: the flows of test/browser in Debian's Chromium (playwright-core, no
 * browser download). Kept apart from `npm test`, which runs offline without a browser.
 * @type {import('jest').Config}
 */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser.ts'],
  testTimeout: 60000,
  // One browser and one local app at a time on a two-core machine.
  maxWorkers: 1,
};
