// The survey editor. A scrutineer adds a small survey from a file, rewords a question, sees it in
// the phone preview in Arabic (right to left), and sends it to be checked; an admin and the
// scrutineer approve it; the admin opens it; a child's phone then shows the new wording. Every
// screen accessible. It uses its own survey so the other tests' survey is left as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, phone, checkA11y, shot, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const SURVEY = readFileSync(new URL('./editor-survey.yaml', import.meta.url), 'utf8');
const DRAFT = `${BASE}/staff/drafts/getting-to-school@1`;
const NEW_EN = 'How do you usually travel to school?';
const NEW_AR = 'كيف تسافر عادة إلى المدرسة؟';

// staffPage signs a new laptop-sized browser in as email and returns its page.
async function staffPage(email, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/staff/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('form[action="/staff/sign-in"] button[type=submit]');
  await page.waitForURL(`${BASE}/staff`);
  return page;
}

// step presses the workflow button that posts to the draft's step.
async function step(page, name) {
  await page.goto(DRAFT);
  await page.click(`form[action="/staff/drafts/getting-to-school@1/${name}"] button`);
  await page.locator('.notice').waitFor();
}

test('a scrutineer rewords a question, previews it in Arabic, and it reaches children once approved and opened', async () => {
  const scrutineer = await staffPage(process.env.SCRUTINEER_EMAIL, process.env.SCRUTINEER_PASSWORD);
  await scrutineer.click('a[href="/staff/drafts"]');
  await checkA11y(scrutineer, 'survey editor list');
  await scrutineer.click('a[href="/staff/drafts/import"]');
  await checkA11y(scrutineer, 'import page');
  await scrutineer.fill('#yaml', SURVEY);
  await scrutineer.click('.staff-form button[type=submit]');
  await scrutineer.waitForURL(DRAFT);
  await checkA11y(scrutineer, 'editor');

  await scrutineer.click('a[href="/staff/drafts/getting-to-school@1/questions/travel"]');
  await checkA11y(scrutineer, 'question page');
  await scrutineer.fill('#new-0-id', 'By car');
  await scrutineer.fill('#new-0-text-en', 'By car');
  await scrutineer.click('button[value=add]');
  await scrutineer.locator('#options .error-list').waitFor(); // a short name has no spaces or capitals
  await checkA11y(scrutineer, 'question page with a problem');
  await shot(scrutineer, 'editor-question-with-a-problem');
  await scrutineer.fill('#opt-2-id', 'car'); // the new answer is kept, to be put right
  await scrutineer.click('button[value=add]');
  await scrutineer.waitForURL(/\?notice=saved#options$/);
  assert.equal(await scrutineer.inputValue('input[name="opt.2.id"]'), 'car');
  await scrutineer.fill('#text-en', NEW_EN);
  await scrutineer.fill('#text-ar', NEW_AR);
  await scrutineer.click('.staff-form .actions button[value=save]');
  await scrutineer.waitForURL(/\?notice=saved#q-travel$/);
  assert.match(await scrutineer.textContent('#q-travel h3'), new RegExp(NEW_EN.replace('?', '\\?')));

  // The preview beside the editor follows the language links, with no script needed.
  await scrutineer.click('a[target=preview][lang=ar]');
  const frame = scrutineer.frame({ name: 'preview' });
  await frame.waitForURL(/preview\?lang=ar$/);
  assert.equal(await frame.getAttribute('html', 'dir'), 'rtl');
  assert.match(await frame.textContent('#q-travel legend'), new RegExp(NEW_AR.replace('؟', '.')));
  assert.equal(await frame.locator('.preview-note').count(), 1, 'the preview says it is one');
  assert.equal(await frame.locator('form#survey button[type=submit]:not([disabled])').count(), 0, 'nothing in the preview sends');
  await shot(scrutineer, 'editor-with-arabic-preview');

  const preview = await phone(browser);
  await preview.context.addCookies(await scrutineer.context().cookies());
  await preview.page.goto(`${DRAFT}/preview?lang=ar`);
  await checkA11y(preview.page, 'preview in Arabic');
  await preview.context.close();

  await scrutineer.fill('#comment-travel', 'Some of us go by bike.');
  await scrutineer.fill('#suggestion-travel', 'How do you get to school most days?');
  await scrutineer.click('#q-travel .comments button[type=submit]');
  await scrutineer.waitForURL(/notice=commented/);
  assert.equal(await scrutineer.locator('#q-travel .comment blockquote').count(), 1);
  await checkA11y(scrutineer, 'editor with a comment');
  await scrutineer.click('a[href$="/changes"]');
  assert.equal(await scrutineer.locator('tbody tr', { hasText: NEW_EN }).count(), 1, 'the new wording is among the changes');
  await checkA11y(scrutineer, 'what changed');

  await step(scrutineer, 'review');
  const admin = await staffPage(process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD);
  await step(admin, 'approve');
  assert.equal((await admin.textContent('.workflow .status')).trim(), 'Being checked', 'one approval is not enough');
  await step(scrutineer, 'approve');
  assert.equal((await scrutineer.textContent('.workflow .status')).trim(), 'Approved');
  assert.equal(await scrutineer.locator('form[action$="/open"]').count(), 0, 'a scrutineer cannot open a survey');
  await step(admin, 'open');
  assert.equal((await admin.textContent('.workflow .status')).trim(), 'Open to children');
  await checkA11y(admin, 'editor with an open survey');

  const child = await phone(browser);
  await child.page.goto(`${BASE}/s/getting-to-school?lang=en`);
  assert.match(await child.page.textContent('#q-travel legend'), /usually travel to school/);
  assert.equal(await child.page.locator('.preview-note').count(), 0);
  await child.page.goto(`${BASE}/s/getting-to-school?lang=ar`);
  assert.match(await child.page.textContent('#q-travel legend'), /تسافر عادة/);
  await child.context.close();
  await scrutineer.context().close();
  await admin.context().close();
});
