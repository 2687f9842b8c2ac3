/**
 * `npm run screenshots [-- --base http://localhost:3000 --as manager@northwind.example]`:
 * pictures of the main pages at laptop (1366 px) and phone (375 px) width, of a running Cohort
 * (`npm start`), for a reviewer to look at. Written to .data/screenshots/. Not a test: a
 * screenshot asserts nothing; the browser tests assert what users rely on.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { DEMO_PASSWORD } from '../supabase/seed/demo';
import { root } from './database';

const { values } = parseArgs({ options: { base: { type: 'string', default: 'http://localhost:3000' }, as: { type: 'string', default: 'manager@northwind.example' } } });
const pages = ['/dashboard', '/leads', '/contacts', '/contacts/duplicates', '/accounts', '/accounts/duplicates', '/opportunities', '/tasks', '/training', '/settings/team'];
const widths = { laptop: { width: 1366, height: 900 }, phone: { width: 375, height: 812 } };
const out = path.join(root, '.data/screenshots');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  await mkdir(out, { recursive: true });
  for (const [label, viewport] of Object.entries(widths)) {
    const page = await browser.newPage({ viewport, baseURL: values.base });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(values.as as string);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    for (const pathname of pages) {
      await page.goto(pathname);
      // Not networkidle: pages keep a live-update stream open.
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const file = path.join(out, `${label}${pathname.replace(/\//g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
