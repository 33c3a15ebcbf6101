// The survey with JavaScript on, as most phones run it: one question per screen, answers kept on
// the phone, sending that survives a lost signal, quick exit, help, read aloud.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phone, checkA11y, shot, assertOnlyOwnOrigin, responses, waitFor, BASE } from './lib.mjs';

const SURVEY = `${BASE}/s/community-safety`;
const QUESTIONS = 13;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const visible = (page) => page.locator('fieldset.q:visible');
const next = (page) => page.locator('.stepnav .primary');
const back = (page) => page.locator('.stepnav .secondary');
const draft = (page) => page.evaluate(() => localStorage.getItem('ss:draft:community-safety'));

// toReview presses Next (or Skip) until the check-your-answers screen.
async function toReview(page) {
  while (await next(page).isVisible()) await next(page).click();
}

test('one question per screen, back and skip, then every answer to check before sending', async () => {
  const { context, page, requests } = await phone(browser);
  const before = await responses();
  await page.goto(SURVEY);
  assert.equal(await visible(page).count(), 1);
  // The follow-up to "have you felt unsafe" only counts once it applies.
  assert.equal(await page.textContent('.progress p'), `${QUESTIONS - 1} questions left`);
  assert.equal(await next(page).textContent(), 'Skip this question');
  assert.equal(await back(page).isVisible(), false);
  await page.locator('label[for="a-area-putney"]').click();
  assert.equal(await next(page).textContent(), 'Next');
  await checkA11y(page, 'first question');
  await shot(page, 'js-step-1');
  await next(page).click();
  assert.equal(await visible(page).getAttribute('id'), 'q-age');
  assert.equal(await page.textContent('.progress p'), `${QUESTIONS - 2} questions left`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-age', 'focus moves to the new question');
  await back(page).click();
  assert.equal(await visible(page).getAttribute('id'), 'q-area');
  assert.equal(await page.isChecked('#a-area-putney'), true);
  await next(page).click();
  await next(page).click(); // skip age
  // felt_unsafe "no": the follow-up about where does not apply and is skipped
  while ((await visible(page).getAttribute('id')) !== 'q-felt_unsafe') await next(page).click();
  await page.locator('label[for="a-felt_unsafe-no"]').click();
  await next(page).click();
  assert.equal(await visible(page).getAttribute('id'), 'q-feel_safer');
  await toReview(page);
  assert.equal(await page.locator('#q-unsafe_where').isVisible(), false);
  assert.equal(await visible(page).count(), QUESTIONS - 1);
  assert.equal(await page.locator('form#survey .send .primary').isVisible(), true);
  await checkA11y(page, 'check your answers');
  await page.click('form#survey .send .primary');
  await page.waitForURL(/\/s\/community-safety\/thanks\?lang=en$/);
  await waitFor(async () => (await responses()) === before + 1, 'the response to be counted');
  assert.equal(await draft(page), null, 'the draft is deleted once the answers are stored');
  assertOnlyOwnOrigin(requests);
  await context.close();
});

test('in Arabic, every screen from first to last is accessible, right to left, and the answers are stored', async () => {
  const { context, page, requests } = await phone(browser);
  const before = await responses();
  await page.goto(`${SURVEY}?lang=ar`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  for (let screen = 1; await next(page).isVisible(); screen++) {
    const id = await visible(page).getAttribute('id');
    const first = page.locator(`#${id} .option label`).first();
    if (await first.count()) await first.click();
    else await page.fill(`#${id} textarea`, 'أضواء أكثر في الشارع');
    await checkA11y(page, `Arabic screen ${screen} (${id})`);
    await shot(page, `ar-screen-${String(screen).padStart(2, '0')}-${id}`);
    await next(page).click();
  }
  await checkA11y(page, 'Arabic check-your-answers screen');
  await shot(page, 'ar-screen-review');
  assert.equal(await visible(page).count(), 13, 'every question applies after "yes" to feeling unsafe');
  await page.click('form#survey .send .primary');
  await page.waitForURL(/\/thanks\?lang=ar/);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await checkA11y(page, 'Arabic thank-you page');
  await shot(page, 'ar-thanks');
  await waitFor(async () => (await responses()) === before + 1, 'the response to be counted');
  assertOnlyOwnOrigin(requests);
  await context.close();
});

test('completes the survey in Arabic without JavaScript', async () => {
  const { context, page } = await phone(browser, { javaScriptEnabled: false });
  const before = await responses();
  await page.goto(`${SURVEY}?lang=ar`);
  await page.check('#a-area-tooting');
  await page.check('#a-safe_home-yes');
  await page.check('#a-feel_safer-lighting');
  await page.fill('#a-needs_done', 'أضواء أكثر');
  await page.click('form#survey .send button.primary');
  await page.waitForURL(/\/thanks\?lang=ar/);
  await shot(page, 'ar-nojs-thanks');
  await waitFor(async () => (await responses()) === before + 1, 'the response to be counted');
  await context.close();
});

test('works on a phone held sideways', async () => {
  const { context, page } = await phone(browser, { viewport: { width: 740, height: 360 } });
  await page.goto(SURVEY);
  await checkA11y(page, 'landscape');
  await shot(page, 'landscape');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
  await context.close();
});

test('answers are kept on the phone and come back after the tab is closed', async () => {
  const { context, page } = await phone(browser);
  await page.goto(SURVEY);
  await page.locator('label[for="a-area-tooting"]').click();
  await next(page).click();
  await page.locator('label[for="a-age-age_14_15"]').click();
  await next(page).click();
  const key = await page.inputValue('input[name=key]');
  await page.close();
  const again = await context.newPage();
  await again.goto(SURVEY);
  assert.match(await again.textContent('#notice'), /Welcome back/);
  assert.equal(await again.isChecked('#a-area-tooting'), true);
  assert.equal(await again.isChecked('#a-age-age_14_15'), true);
  assert.equal(await visible(again).getAttribute('id'), 'q-carer', 'the child is back where they left off');
  assert.equal(await again.inputValue('input[name=key]'), key, 'the same key, so a resend is stored once');
  await checkA11y(again, 'restored draft');
  await again.click('#notice button');
  assert.equal(await again.isChecked('#a-area-tooting'), false);
  assert.equal(await visible(again).getAttribute('id'), 'q-area');
  assert.equal(await draft(again), null);
  await context.close();
});

test('sending with no signal queues the answers and sends them exactly once when it returns', async () => {
  const { context, page } = await phone(browser);
  const before = await responses();
  await page.goto(SURVEY);
  await page.locator('label[for="a-area-balham"]').click();
  await toReview(page);
  await context.setOffline(true);
  await page.click('form#survey .send .primary');
  await waitFor(async () => /offline/.test(await page.textContent('#notice')), 'the offline message');
  assert.match(await page.textContent('#notice'), /saved on this phone/);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('ss:outbox')).length), 1);
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForURL(/\/thanks/);
  await waitFor(async () => (await responses()) === before + 1, 'the queued response to be stored');
  assert.equal(await page.evaluate(() => localStorage.getItem('ss:outbox')), '[]');
  await context.close();
});

test('a reply lost on the way back is retried with the same key and stored once', async () => {
  const { context, page } = await phone(browser);
  const before = await responses();
  const keys = [];
  context.on('request', (r) => { if (r.method() === 'POST') keys.push(r.headers()['idempotency-key']); });
  let lost = 0;
  await page.route('**/api/v1/surveys/community-safety/responses', async (route) => {
    if (lost++ === 0) {
      await route.fetch(); // the server stores it, the phone never hears back
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.goto(SURVEY);
  await page.locator('label[for="a-area-putney"]').click();
  await toReview(page);
  await page.click('form#survey .send .primary');
  await waitFor(async () => /try/.test(await page.textContent('#notice')), 'the will-retry message');
  await page.close();
  const again = await context.newPage(); // the child comes back later
  await again.goto(SURVEY);
  await again.waitForURL(/\/thanks/);
  assert.ok(keys.length >= 2 && keys.every((k) => k === keys[0]), `every try sends the same key: ${keys}`);
  await waitFor(async () => (await responses()) === before + 1, 'the response to be stored');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await responses(), before + 1, 'stored exactly once');
  await context.close();
});

test('quick exit leaves at once, forgets the draft and keeps the survey out of the back button', async () => {
  const { context, page } = await phone(browser);
  await page.goto(`${BASE}/healthz`);
  await page.goto(SURVEY);
  await page.locator('label[for="a-area-putney"]').click();
  assert.notEqual(await draft(page), null);
  await page.click('#exit');
  await page.waitForURL('https://www.bbc.co.uk/weather');
  await page.goBack();
  assert.equal(page.url(), `${BASE}/healthz`, 'back skips the survey');
  assert.equal(await draft(page), null);

  await page.goto(SURVEY);
  await page.locator('label[for="a-area-putney"]').click();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await page.waitForURL('https://www.bbc.co.uk/weather');
  await context.close();
});

test('Shift in ordinary typing does not leave', async () => {
  const { context, page } = await phone(browser);
  await page.goto(SURVEY);
  while ((await visible(page).getAttribute('id')) !== 'q-needs_done') await next(page).click();
  await page.focus('#a-needs_done');
  for (const ch of 'More Lights And CCTV') {
    // A capital letter is typed with Shift held, as on a real keyboard: Shift keeps coming between letters.
    if (ch >= 'A' && ch <= 'Z') await page.keyboard.press(`Shift+Key${ch}`);
    else await page.keyboard.type(ch);
  }
  assert.equal(await page.inputValue('#a-needs_done'), 'More Lights And CCTV');
  assert.equal(page.url(), SURVEY);
  assert.equal(await page.locator('#q-needs_done-limit').textContent(), '980 characters left');
  await context.close();
});

test('a worrying answer brings calm help straight away, and help opens over the page', async () => {
  const { context, page } = await phone(browser);
  await page.goto(SURVEY);
  while ((await visible(page).getAttribute('id')) !== 'q-safe_home') await next(page).click();
  assert.equal(await page.locator('#concern-now').isVisible(), false);
  await page.locator('label[for="a-safe_home-no"]').click();
  assert.equal(await page.locator('#q-safe_home #concern-now').isVisible(), true);
  assert.match(await page.textContent('#concern-now'), /0800 1111/);
  await checkA11y(page, 'concern message');
  await shot(page, 'js-concern');
  await page.click('#concern-now a[href="#help"]');
  assert.equal(await page.locator('dialog.help-dialog').isVisible(), true);
  assert.equal(await page.locator('dialog.help-dialog a[href="tel:999"]').count(), 1);
  await checkA11y(page, 'help dialog');
  await shot(page, 'js-help');
  await page.click('dialog.help-dialog > button');
  assert.equal(await page.locator('dialog.help-dialog').isVisible(), false);
  await page.locator('label[for="a-safe_home-yes"]').click();
  assert.equal(await page.locator('#concern-now').isVisible(), false);
  await page.locator('label[for="a-safe_home-sometimes"]').click();
  await toReview(page);
  await page.click('form#survey .send .primary');
  await page.waitForURL(/help=1/);
  assert.equal(await page.locator('.concern').count(), 1);
  await context.close();
});

test('no more ticks than a question allows, and Enter never sends early', async () => {
  const { context, page } = await phone(browser);
  await page.goto(SURVEY);
  while ((await visible(page).getAttribute('id')) !== 'q-feel_safer') await next(page).click();
  for (const o of ['lighting', 'cctv', 'police']) await page.locator(`label[for="a-feel_safer-${o}"]`).click();
  assert.equal(await page.isDisabled('#a-feel_safer-youth_clubs'), true);
  await page.locator('label[for="a-feel_safer-cctv"]').click();
  assert.equal(await page.isDisabled('#a-feel_safer-youth_clubs'), false);
  await page.focus('#a-feel_safer-lighting');
  await page.keyboard.press('Enter');
  assert.equal(page.url(), SURVEY);
  assert.equal(await visible(page).getAttribute('id'), 'q-talk_to', 'Enter moves on');
  await context.close();
});

test('reads the question aloud in the page language where the phone has a voice', async () => {
  const { context, page } = await phone(browser);
  await page.addInitScript(() => {
    const spoken = [];
    window.spoken = spoken;
    const voices = [{ lang: 'en-GB', name: 'English' }];
    const synth = new EventTarget();
    Object.assign(synth, {
      speaking: false, getVoices: () => voices, cancel() {},
      speak(u) { spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }); },
    });
    Object.defineProperty(window, 'speechSynthesis', { value: synth });
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  });
  await page.goto(SURVEY);
  await page.click('#q-area .speak');
  const [said] = await page.evaluate(() => window.spoken);
  assert.equal(said.lang, 'en');
  assert.equal(said.voice, 'English');
  assert.match(said.text, /Which part of Wandsworth do you live in/);
  assert.match(said.text, /Battersea/);
  await context.close();

  const mute = await phone(browser);
  await mute.page.addInitScript(() => {
    const synth = new EventTarget();
    Object.assign(synth, { speaking: false, getVoices: () => [{ lang: 'fr-FR', name: 'French' }], cancel() {}, speak() {} });
    Object.defineProperty(window, 'speechSynthesis', { value: synth });
  });
  await mute.page.goto(SURVEY);
  assert.equal(await mute.page.locator('#q-area .speak').isVisible(), false, 'no English voice, no button');
  await mute.context.close();
});

test('switching language keeps every answer, with and without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context, page } = await phone(browser, { javaScriptEnabled });
    await page.goto(SURVEY);
    await page.locator('label[for="a-area-battersea"]').click();
    if (javaScriptEnabled) await next(page).click();
    await page.locator('label[for="a-age-age_16_17"]').click();
    await page.click('button[name=switch_lang][value=pl]');
    await page.waitForLoadState();
    assert.equal(await page.getAttribute('html', 'lang'), 'pl');
    assert.equal(await page.isChecked('#a-area-battersea'), true);
    assert.equal(await page.isChecked('#a-age-age_16_17'), true);
    await page.click('button[name=switch_lang][value=ar]');
    await page.waitForLoadState();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.isChecked('#a-area-battersea'), true);
    await checkA11y(page, `Arabic survey page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
    await shot(page, `ar-${javaScriptEnabled ? 'js' : 'nojs'}`);
    await context.close();
  }
});

test('right-to-left pages run the progress and the options from the right', async () => {
  const { context, page } = await phone(browser);
  await page.goto(`${SURVEY}?lang=ur`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ur');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  const [left, right, width] = await page.evaluate(() => {
    const r = document.createRange();
    r.selectNodeContents(document.querySelector('#q-area .num'));
    const box = r.getBoundingClientRect();
    return [box.left, box.right, document.documentElement.clientWidth];
  });
  assert.ok(right > width - 40 && left > width / 3, `the question number sits at the right (${left}-${right} of ${width})`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.progress progress')).direction), 'rtl');
  await checkA11y(page, 'Urdu survey page');
  await shot(page, 'ur-js');
  await context.close();
});
