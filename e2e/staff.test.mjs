// The youth worker's side: sign in, make a channel for a school, print its poster, and see the
// link's opens and completions counted. Every screen accessible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phone, checkA11y, shot, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a youth worker makes a channel and a poster, and sees its link opened and used', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const first = await page.goto(`${BASE}/staff/surveys/community-safety/channels`);
  assert.equal(first.status(), 401, 'the staff area asks who you are first');
  assert.equal(await page.locator('#token').count(), 1);
  await checkA11y(page, 'staff sign-in');
  await page.fill('#token', 'not-the-token-at-all');
  await page.click('.staff-form button[type=submit]');
  await page.locator('#token-error').waitFor();
  await checkA11y(page, 'staff sign-in with an error');
  await page.fill('#token', process.env.ADMIN_TOKEN);
  await page.click('.staff-form button[type=submit]');
  await page.waitForURL(/\/staff\/surveys\/community-safety\/channels$/);
  await checkA11y(page, 'channels page');

  await page.goto(`${BASE}/staff/surveys/community-safety/channels/new`);
  await page.click('.staff-form button[type=submit]');
  await page.locator('#name-error').waitFor(); // a channel needs a name
  await checkA11y(page, 'new channel with an error');
  await page.fill('#name', 'Southfields Academy');
  await page.selectOption('#setting', 'school');
  await page.fill('#area', 'Southfields');
  await page.click('.staff-form button[type=submit]');
  const row = page.locator('#channels tbody tr', { hasText: 'Southfields Academy' });
  await row.waitFor();
  await checkA11y(page, 'channels page with a new channel');
  await shot(page, 'staff-channels');
  const code = (await row.getAttribute('id')).replace('channel-', '');

  await page.click(`#channel-${code} a[href$="/poster"]`);
  await page.waitForURL(/\/poster$/);
  assert.match(await page.textContent('body'), /Southfields Academy/);
  assert.equal(await page.locator('img, svg').count() > 0, true, 'the poster shows the QR code');
  await checkA11y(page, 'poster');
  await shot(page, 'poster');

  // A child scans it and answers.
  const child = await phone(browser);
  await child.page.goto(`${BASE}/j/${code}`);
  assert.match(child.page.url(), new RegExp(`/s/community-safety\\?c=${code}$`));
  await child.page.locator('label[for="a-area-southfields"]').click();
  while (await child.page.locator('.stepnav .primary').isVisible()) await child.page.locator('.stepnav .primary').click();
  await child.page.click('form#survey .send .primary');
  await child.page.waitForURL(/\/thanks/);
  await child.context.close();

  await page.goto(`${BASE}/staff/surveys/community-safety/channels`);
  for (let i = 0; i < 50 && (await page.textContent(`#channel-${code} .completed`)).trim() !== '1'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    await page.reload();
  }
  assert.equal((await page.textContent(`#channel-${code} .opened`)).trim(), '1');
  assert.equal((await page.textContent(`#channel-${code} .completed`)).trim(), '1');
  await context.close();
});
