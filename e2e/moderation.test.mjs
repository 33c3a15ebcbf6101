// Free text after it is sent: a young scrutineer tags a theme and suggests a quote, an admin
// approves it and the findings page shows it; the safeguarding lead reads a flagged answer and
// marks it reviewed. Every screen accessible. The accounts are made by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, checkA11y, shot, staffSignIn, BASE } from './lib.mjs';

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


const texts = '/staff/surveys/community-safety/texts/needs_done';

// findAnswer follows "More answers" until a page shows the answer with text: the written answers
// come 50 a page, and this store keeps other runs' answers.
async function findAnswer(page, text) {
  for (;;) {
    const answer = page.locator('li.text-answer', { hasText: text });
    if (await answer.count() > 0) return answer;
    const next = page.locator('nav.pages a[rel="next"]');
    assert.equal(await next.count(), 1, `"${text}" is on no page`);
    await Promise.all([page.waitForLoadState(), next.click()]);
  }
}

test('a scrutineer tags and suggests a quote, an admin approves it, the findings show it', async () => {
  const kid = await staffSignIn(browser, process.env.SCRUTINEER_EMAIL, process.env.SCRUTINEER_PASSWORD);
  await checkA11y(kid, 'staff home as a scrutineer');
  await kid.click(`a[href="${texts}"]`);
  await kid.waitForURL(new RegExp(`${texts}$`));
  await checkA11y(kid, 'written answers');
  assert.equal(await kid.getByText(flaggedText).count(), 0, 'a flagged answer is not shown to scrutineers');
  const answer = await findAnswer(kid, quoteText);
  const id = await answer.getAttribute('id');
  await answer.locator('input[name="theme"][value="youth_clubs"]').check();
  await answer.locator('form.themes button[type=submit]').click();
  await kid.locator('.notice').waitFor();
  assert.equal(await kid.locator(`#${id} input[value="youth_clubs"]`).isChecked(), true, 'the theme is saved');
  await kid.click(`#${id} form[action$="/quote"] button`);
  await kid.locator(`#${id} .quote-status`).waitFor();
  assert.equal(await kid.locator(`#${id} form[action$="/approve"]`).count(), 0, 'the scrutineer who suggested it cannot approve it');
  await checkA11y(kid, 'written answers with a suggested quote');
  await shot(kid, 'staff-texts');
  await kid.context().close();

  const findings = `${BASE}/s/community-safety/findings`;
  const anon = await browser.newPage();
  await anon.goto(findings);
  assert.equal(await anon.getByText(quoteText).count(), 0, 'a quote is not published before approval');

  const boss = await staffSignIn(browser, process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD);
  await boss.goto(`${BASE}${texts}`);
  await findAnswer(boss, quoteText);
  await boss.click(`#${id} form[action$="/approve"] button`);
  await boss.locator(`#${id} .quote-status`).waitFor();
  await checkA11y(boss, 'written answers with an approved quote');
  await boss.context().close();

  await anon.goto(findings);
  const quote = anon.locator('.quotes blockquote', { hasText: quoteText });
  assert.equal(await quote.count(), 1, 'the approved quote is on the findings page');
  assert.equal(await quote.getAttribute('lang'), 'en');
  await checkA11y(anon, 'findings page with a quote');
  await anon.close();
});

test('the safeguarding lead reads a flagged answer and marks it reviewed', async () => {
  const lead = await staffSignIn(browser, process.env.SAFEGUARDING_EMAIL, process.env.SAFEGUARDING_PASSWORD);
  await checkA11y(lead, 'staff home as the safeguarding lead');
  await lead.click('a[href="/staff/surveys/community-safety/flagged"]');
  await lead.locator('.guidance').waitFor();
  await checkA11y(lead, 'flagged answers');
  const answer = lead.locator('li.flagged-answer', { hasText: flaggedText });
  assert.equal(await answer.count(), 1, 'the flagged answer is listed');
  const id = await answer.getAttribute('id');
  await answer.locator('input[name=outcome][value=front_door]').check();
  await answer.locator('button.mark-reviewed').click();
  await lead.locator('.notice').waitFor();
  assert.equal(await lead.locator(`#${id}`).count(), 0, 'a reviewed answer leaves the queue of answers not reviewed');
  await lead.click('#filter-reviewed');
  await lead.locator(`#${id}`).waitFor();
  assert.match(await lead.getAttribute(`#${id}`, 'class'), /reviewed/);
  await checkA11y(lead, 'flagged answers after a review');
  await shot(lead, 'staff-flagged');
  await lead.context().close();
});
