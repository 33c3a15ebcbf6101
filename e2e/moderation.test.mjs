// Free text after it is sent: a young scrutineer tags a theme and suggests a quote, an admin
// approves it and the findings page shows it; the safeguarding lead reads a flagged answer and
// marks it reviewed. Every screen accessible. The accounts are made by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, checkA11y, shot, BASE } from './lib.mjs';

let browser;
const run = Date.now().toString(36);
const quoteText = `the park needs more street lights ${run}`;
const flaggedText = `my dad hits me ${run}`;

// seed sends answers with text through the API: enough for scrutineers to see them, one of them
// worrying enough to be flagged. Each carries this run's mark, to find it among other runs'.
async function seed() {
  const texts = [quoteText, flaggedText];
  for (let i = 0; i < 11; i++) texts.push(`more police at the station ${run} ${i}`);
  for (const [i, text] of texts.entries()) {
    const r = await fetch(`${BASE}/api/v1/surveys/community-safety/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `e2e-moderation-${run}-${i}` },
      body: JSON.stringify({ answers: { safe_home: 'yes', needs_done: text }, lang: 'en' }),
    });
    assert.equal(r.status, 201, `seed ${i}`);
  }
}

before(async () => {
  browser = await launch();
  await seed();
});
after(async () => { await browser.close(); });

async function signedIn(email, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/staff/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('form[action="/staff/sign-in"] button[type=submit]');
  await page.waitForURL(/\/staff$/);
  return { context, page };
}

const texts = '/staff/surveys/community-safety/texts/needs_done';

test('a scrutineer tags and suggests a quote, an admin approves it, the findings show it', async () => {
  const kid = await signedIn(process.env.SCRUTINEER_EMAIL, process.env.SCRUTINEER_PASSWORD);
  await checkA11y(kid.page, 'staff home as a scrutineer');
  await kid.page.click(`a[href="${texts}"]`);
  await kid.page.waitForURL(new RegExp(`${texts}$`));
  await checkA11y(kid.page, 'written answers');
  assert.equal(await kid.page.getByText(flaggedText).count(), 0, 'a flagged answer is not shown to scrutineers');
  const answer = kid.page.locator('li.text-answer', { hasText: quoteText });
  const id = await answer.getAttribute('id');
  await answer.locator('input[name="theme"][value="youth_clubs"]').check();
  await answer.locator('form.themes button[type=submit]').click();
  await kid.page.locator('.notice').waitFor();
  assert.equal(await kid.page.locator(`#${id} input[value="youth_clubs"]`).isChecked(), true, 'the theme is saved');
  await kid.page.click(`#${id} form[action$="/quote"] button`);
  await kid.page.locator(`#${id} .quote-status`).waitFor();
  assert.equal(await kid.page.locator(`#${id} form[action$="/approve"]`).count(), 0, 'a scrutineer cannot approve');
  await checkA11y(kid.page, 'written answers with a suggested quote');
  await shot(kid.page, 'staff-texts');
  await kid.context.close();

  const findings = `${BASE}/s/community-safety/findings`;
  const anon = await browser.newPage();
  await anon.goto(findings);
  assert.equal(await anon.getByText(quoteText).count(), 0, 'a quote is not published before approval');

  const boss = await signedIn(process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD);
  await boss.page.goto(`${BASE}${texts}`);
  await boss.page.click(`#${id} form[action$="/approve"] button`);
  await boss.page.locator(`#${id} .quote-status`).waitFor();
  await checkA11y(boss.page, 'written answers with an approved quote');
  await boss.context.close();

  await anon.goto(findings);
  const quote = anon.locator('.quotes blockquote', { hasText: quoteText });
  assert.equal(await quote.count(), 1, 'the approved quote is on the findings page');
  assert.equal(await quote.getAttribute('lang'), 'en');
  await checkA11y(anon, 'findings page with a quote');
  await anon.close();
});

test('the safeguarding lead reads a flagged answer and marks it reviewed', async () => {
  const lead = await signedIn(process.env.SAFEGUARDING_EMAIL, process.env.SAFEGUARDING_PASSWORD);
  await checkA11y(lead.page, 'staff home as the safeguarding lead');
  await lead.page.click('a[href="/staff/surveys/community-safety/flagged"]');
  await lead.page.locator('.guidance').waitFor();
  await checkA11y(lead.page, 'flagged answers');
  const answer = lead.page.locator('li.flagged-answer', { hasText: flaggedText });
  assert.equal(await answer.count(), 1, 'the flagged answer is listed');
  const id = await answer.getAttribute('id');
  await answer.locator('button[type=submit]').click();
  await lead.page.locator('.notice').waitFor();
  assert.match(await lead.page.getAttribute(`#${id}`, 'class'), /reviewed/);
  await checkA11y(lead.page, 'flagged answers after a review');
  await shot(lead.page, 'staff-flagged');
  await lead.context.close();
});
