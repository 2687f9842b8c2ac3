/**
 * Health and metrics over real HTTP, from the app the suite runs with its worker and functions
 * host beside it: GET /api/health says ok with each check named; GET /api/metrics is
 * Prometheus text that counts the requests just made by their route label, pg-boss's queues
 * and the workers alive; neither takes anything but GET, and a spoofed X-Forwarded-For does
 * not change who is asking.
 */
import { expect, test } from '@playwright/test';

test('health is ok with every check named, and metrics count requests by route, jobs by queue and the workers', async ({ request }) => {
  // The worker beats on start and every 15 s; the suite started it moments before the app.
  await expect
    .poll(async () => (await request.get('/api/health')).status(), { timeout: 20_000 })
    .toBe(200);
  const health = await (await request.get('/api/health')).json();
  expect(health).toMatchObject({
    status: 'ok',
    checks: { database: { ok: true }, migrations: { ok: true }, worker: { ok: true }, functions: { ok: true } },
  });

  await request.get('/sign-in');
  await request.get('/contacts/0b5e7a7e-8c1f-4b7e-9a57-5e7f3c1d2a4b');
  const metrics = await request.get('/api/metrics', { headers: { 'x-forwarded-for': '203.0.113.77' } });
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const body = await metrics.text();
  expect(body).toMatch(/cohort_http_requests_total\{method="GET",route="\/sign-in",status="200"\} [1-9]/);
  expect(body).toMatch(/cohort_http_request_duration_seconds_count\{method="GET",route="\/contacts\/:id"\} [1-9]/);
  expect(body).toMatch(/cohort_jobs\{queue="campaign-send",state="queued"\} \d+/);
  expect(body).toMatch(/cohort_workers_alive [1-9]/);
  expect(body).toContain('cohort_database_up 1');

  for (const path of ['/api/health', '/api/metrics']) {
    const posted = await request.post(path, { data: {} });
    expect(posted.status()).toBe(405);
  }
});
