import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.COHORT_TEST_APP_PORT ?? 3100);

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // Debian's Chromium: Playwright's own browser download is unreachable here.
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--headless',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
          ],
        },
      },
    },
  ],
  webServer: {
    // Cohort's web server in front of Next.js, as `npm start` runs it.
    command: 'node_modules/.bin/node --import tsx server/web-server.ts',
    url: `http://localhost:${port}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // Every browser test signs in from 127.0.0.1; the sign-in rate limit itself is tested
    // against the real handler in tests/db/staff-identity.test.ts.
    // The app logs in as authenticator (APP_DATABASE_URL), never with the owner's URL.
    env: {
      ...(Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && name !== 'AUTHENTICATOR_PASSWORD')) as Record<string, string>),
      AUTH_SIGNIN_LIMIT_PER_MINUTE: '1000',
      // Live streams re-check the session on each heartbeat; a fast one keeps that test short.
      LIVE_HEARTBEAT_SECONDS: '1',
      PORT: String(port),
      NODE_ENV: 'production',
    },
  },
});
