// The staff side. A youth worker signs in with their account, makes a channel for a school,
// prints its poster, and sees the link's opens and completions counted; an admin looks after
// accounts and reads the audit log. Every screen accessible. The accounts are made by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phone, checkA11y, shot, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const SIGN_IN = 'form[action="/staff/sign-in"]';

// signIn fills in the sign-in form the page is showing and sends it.
async function signIn(page, email, password) {
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click(`${SIGN_IN} button[type=submit]`);
}

test('a youth worker makes a channel and a poster, and sees its link opened and used', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const channels = `${BASE}/staff/surveys/community-safety/channels`;
  await page.goto(channels);
  assert.match(page.url(), /\/staff\/sign-in\?next=/, 'the staff area asks who you are first');
  assert.equal(await page.locator(`${SIGN_IN} #email`).count(), 1);
  await checkA11y(page, 'staff sign-in');
  await signIn(page, process.env.YOUTH_WORKER_EMAIL, 'not the password at all');
  await page.locator('.problem').waitFor();
  assert.equal(await page.inputValue('#email'), process.env.YOUTH_WORKER_EMAIL, 'the email is kept');
  await checkA11y(page, 'staff sign-in with an error');
  await signIn(page, process.env.YOUTH_WORKER_EMAIL, process.env.YOUTH_WORKER_PASSWORD);
  await page.waitForURL(/\/staff\/surveys\/community-safety\/channels$/);
  await checkA11y(page, 'channels page');

  await page.goto(`${BASE}/staff`);
  assert.equal(await page.locator('a[href="/staff/surveys/community-safety/channels"]').count(), 1, 'home links to the channels');
  assert.equal(await page.locator('a[href="/staff/users"]').count(), 0, 'a youth worker is not offered the users page');
  await checkA11y(page, 'staff home as a youth worker');

  await page.goto(`${channels}/new`);
  await page.click('.staff-form button[type=submit]');
  await page.locator('#name-error').waitFor(); // a channel needs a name
  await checkA11y(page, 'new channel with an error');
  await page.fill('#name', 'Southfields Academy');
  await page.selectOption('#setting', 'school');
  await page.fill('#area', 'Southfields');
  await page.click('.staff-form button[type=submit]');
  const row = page.locator('#channels tbody tr', { hasText: 'Southfields Academy' });
  await row.waitFor();
  await page.locator('.notice').waitFor();
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
  await child.page.locator('.stepnav .primary').click(); // Start
  await child.page.locator('label[for="a-area-southfields"]').click();
  // Next to the check-your-answers screen, then send.
  while (await child.page.evaluate(() => document.getElementById('review').hidden)) await child.page.locator('.stepnav .primary').click();
  await child.page.locator('.stepnav .primary').click(); // Send my answers
  await child.page.waitForURL(/\/thanks/);
  await child.context.close();

  await page.goto(channels);
  for (let i = 0; i < 50 && (await page.textContent(`#channel-${code} .completed`)).trim() !== '1'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    await page.reload();
  }
  assert.equal((await page.textContent(`#channel-${code} .opened`)).trim(), '1');
  assert.equal((await page.textContent(`#channel-${code} .completed`)).trim(), '1');

  await page.click('form[action="/staff/sign-out"] button[type=submit]');
  await page.waitForURL(/\/staff\/sign-in\?notice=signed_out$/);
  await page.goto(channels);
  assert.match(page.url(), /\/staff\/sign-in\?next=/, 'signed out means signed out');
  await context.close();
});

test('an admin invites someone, looks after accounts and reads the audit log', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/staff`);
  await signIn(page, process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD);
  await page.waitForURL(/\/staff$/);
  await checkA11y(page, 'staff home as an admin');

  await page.click('.staff-nav a[href="/staff/users"]');
  await page.waitForURL(/\/staff\/users$/);
  for (const email of [process.env.ADMIN_EMAIL, process.env.YOUTH_WORKER_EMAIL]) {
    assert.equal(await page.locator('tbody tr', { hasText: email }).count(), 1, `${email} is listed`);
  }
  await checkA11y(page, 'users page');

  await page.click('.staff-nav a[href="/staff/invite"]');
  await page.waitForURL(/\/staff\/invite$/);
  await checkA11y(page, 'invite page');
  await page.click('form[action="/staff/invite"] button[type=submit]');
  await page.locator('.problem').waitFor(); // an invitation needs an email and a role
  await checkA11y(page, 'invite page with an error');
  await page.fill('#email', 'new.scrutineer@example.org');
  await page.check('#role-scrutineer');
  await page.click('form[action="/staff/invite"] button[type=submit]');
  const link = await page.inputValue('#link');
  assert.match(link, /\/staff\/accept\/[A-Za-z0-9]+$/, 'the invitation link is shown to copy');
  await checkA11y(page, 'invite page with the link');

  await page.click('.staff-nav a[href="/staff/audit"]');
  await page.waitForURL(/\/staff\/audit$/);
  assert.match(await page.textContent('table'), /Invited someone/);
  await checkA11y(page, 'audit page');
  await shot(page, 'staff-audit');

  await page.click('.staff-nav a[href="/staff/account"]');
  await page.waitForURL(/\/staff\/account$/);
  assert.match(await page.textContent('.facts'), new RegExp(process.env.ADMIN_EMAIL.replace('.', '\\.')));
  await checkA11y(page, 'account page');
  await context.close();
});
