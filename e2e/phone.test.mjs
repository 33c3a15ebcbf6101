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
const back = (page) => page.locator('.stepnav .back');
const skip = (page) => page.locator('.stepnav .skip-q');
const draft = (page) => page.evaluate(() => localStorage.getItem('ss:draft:community-safety'));
// screen names the screen on show: "start", "review" or the question's id.
const screen = (page) => page.evaluate(() => {
  const q = document.querySelector('fieldset.q:not([hidden])');
  return q ? q.id : document.getElementById('review').hidden ? 'start' : 'review';
});

// toReview presses Next until the check-your-answers screen.
async function toReview(page) {
  while ((await screen(page)) !== 'review') await next(page).click();
}
// toQuestion presses Next until question id is on screen.
async function toQuestion(page, id) {
  while ((await screen(page)) !== id) await next(page).click();
}

test('one question per screen, back and skip, then every answer to check before sending', async () => {
  const { context, page, requests } = await phone(browser);
  const before = await responses();
  await page.goto(SURVEY);
  assert.equal(await screen(page), 'start');
  assert.equal(await visible(page).count(), 0);
  assert.equal(await next(page).textContent(), 'Start');
  const place = async () => page.evaluate(() => ['.back', '.primary'].map((s) => JSON.stringify(document.querySelector(`.stepnav ${s}`).getBoundingClientRect())));
  const start = await place();
  await next(page).click();
  assert.equal(await screen(page), 'q-area');
  assert.deepEqual(await place(), start, 'Back and Next never move');
  // The follow-up to "have you felt unsafe" only counts once it applies.
  assert.equal(await page.textContent('#q-area .num'), `Question 1 of ${QUESTIONS - 1}`);
  assert.equal(await next(page).textContent(), 'Next');
  assert.equal(await skip(page).isVisible(), true);
  await page.locator('label[for="a-area-putney"]').click();
  assert.equal(await skip(page).isVisible(), false, 'Skip goes once answered');
  await checkA11y(page, 'first question');
  await shot(page, 'js-step-1');
  await next(page).click();
  assert.equal(await screen(page), 'q-age');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-age', 'focus moves to the new question');
  await waitFor(async () => (await page.textContent('#live')) === `Question 2 of ${QUESTIONS - 1}`, 'the step to be announced');
  assert.equal(await page.getAttribute('.skip', 'href'), '#q-age', 'the skip link goes to the question on screen');
  assert.equal(await page.evaluate(() => history.length), 2, 'the survey is one history entry');
  await back(page).click();
  assert.equal(await screen(page), 'q-area');
  assert.equal(await page.isChecked('#a-area-putney'), true);
  await next(page).click();
  await skip(page).click(); // skip age
  // felt_unsafe "no": the follow-up about where does not apply and is skipped
  await toQuestion(page, 'q-felt_unsafe');
  await page.locator('label[for="a-felt_unsafe-no"]').click();
  await next(page).click();
  assert.equal(await screen(page), 'q-feel_safer');
  assert.equal(await page.textContent('#q-feel_safer .num'), `Question 9 of ${QUESTIONS - 1}`);
  await toReview(page);
  assert.equal(await visible(page).count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'review-title');
  // Only the answers given, each with a way back to it.
  assert.deepEqual(await page.locator('#review .answer').allTextContents(), ['Putney', 'No']);
  await checkA11y(page, 'check your answers');
  await shot(page, 'js-review');
  await page.click('#review a[href="#q-felt_unsafe"]');
  assert.equal(await screen(page), 'q-felt_unsafe');
  await toReview(page);
  assert.equal(await next(page).textContent(), 'Send my answers');
  await next(page).click();
  await page.waitForURL(/\/s\/community-safety\/thanks\?lang=en$/);
  assert.equal(await page.evaluate(() => history.length), 2, 'the thank-you page replaced the survey');
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
  await next(page).click();
  for (let n = 1; (await screen(page)) !== 'review'; n++) {
    const id = await screen(page);
    const first = page.locator(`#${id} .option label`).first();
    if (await first.count()) await first.click();
    else await page.fill(`#${id} textarea`, 'أضواء أكثر في الشارع');
    await checkA11y(page, `Arabic screen ${n} (${id})`);
    await shot(page, `ar-screen-${String(n).padStart(2, '0')}-${id}`);
    await next(page).click();
  }
  await checkA11y(page, 'Arabic check-your-answers screen');
  await shot(page, 'ar-screen-review');
  assert.equal(await page.locator('#review li').count(), 13, 'every question applies after "yes" to feeling unsafe');
  await next(page).click();
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
  await page.waitForSelector('h1:text("شكرًا لك!")');
  assert.equal(page.url(), `${SURVEY}`, 'the thank-you page answers the form at its own address');
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
  await next(page).click();
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
  assert.equal(await screen(again), 'q-carer', 'the child is back where they left off');
  assert.equal(await again.inputValue('input[name=key]'), key, 'the same key, so a resend is stored once');
  await checkA11y(again, 'restored draft');
  await again.click('#notice button');
  assert.equal(await again.isChecked('#a-area-tooting'), false);
  assert.equal(await screen(again), 'start');
  assert.equal(await draft(again), null);
  await context.close();
});

test('sending with no signal queues the answers and sends them exactly once when it returns', async () => {
  const { context, page } = await phone(browser);
  const before = await responses();
  await page.goto(SURVEY);
  await next(page).click();
  await page.locator('label[for="a-area-balham"]').click();
  await toReview(page);
  await context.setOffline(true);
  await next(page).click();
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
  await next(page).click();
  await page.locator('label[for="a-area-putney"]').click();
  await toReview(page);
  await next(page).click();
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
  // Without and with a language switch: either way the survey is one history entry, replaced on the way out.
  for (const switchTo of ['', 'so']) {
    await page.goto(`${BASE}/healthz`);
    await page.goto(SURVEY);
    if (switchTo) {
      await page.click('.langs summary');
      await page.click(`button[name=switch_lang][value=${switchTo}]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, switchTo);
    }
    await next(page).click();
    await page.locator('label[for="a-area-putney"]').click();
    await next(page).click();
    assert.notEqual(await draft(page), null);
    await page.click('#exit');
    await page.waitForURL('https://www.bbc.co.uk/weather');
    await page.goBack();
    assert.equal(page.url(), `${BASE}/healthz`, `back skips the survey${switchTo ? ' after a language switch' : ''}`);
    assert.equal(await draft(page), null);
  }

  await page.goto(SURVEY);
  await next(page).click();
  await page.locator('label[for="a-area-putney"]').click();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await page.waitForURL('https://www.bbc.co.uk/weather');
  await context.close();
});

test('the quick exit stays on top and works while help is open', async () => {
  for (const viewport of [{ width: 320, height: 568 }, { width: 360, height: 740 }]) {
    const { context, page } = await phone(browser, { viewport });
    await page.goto(`${BASE}/healthz`);
    await page.goto(`${SURVEY}?lang=ar`);
    await next(page).click();
    await page.click('.help-link');
    assert.equal(await page.locator('dialog.help-dialog').isVisible(), true);
    const onTop = await page.evaluate(() => {
      const exit = document.getElementById('exit');
      const r = exit.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === exit;
    });
    assert.equal(onTop, true, `the exit button is on top of help at ${viewport.width}x${viewport.height}`);
    await checkA11y(page, 'help open');
    await shot(page, `help-open-${viewport.width}`);
    await page.click('#exit');
    await page.waitForURL('https://www.bbc.co.uk/weather');
    await page.goBack();
    assert.equal(page.url(), `${BASE}/healthz`);
    await context.close();
  }
});

test('Shift in ordinary typing does not leave', async () => {
  const { context, page } = await phone(browser);
  await page.goto(SURVEY);
  await toQuestion(page, 'q-needs_done');
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
  await toQuestion(page, 'q-safe_home');
  assert.equal(await page.locator('#concern-now').isVisible(), false);
  await page.locator('label[for="a-safe_home-no"]').click();
  assert.equal(await page.locator('#q-safe_home #concern-now').isVisible(), true);
  await waitFor(async () => /^Thank you for telling us\. It sounds like/.test(await page.textContent('#live')), 'the concern message to be announced');
  assert.match(await page.textContent('#concern-now'), /0800 1111/);
  await checkA11y(page, 'concern message');
  await shot(page, 'js-concern');
  await page.click('#concern-now a[href="#help"]');
  assert.equal(await page.locator('dialog.help-dialog').isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'help');
  assert.equal(await page.locator('dialog.help-dialog a[href="tel:999"]').count(), 1);
  await checkA11y(page, 'help dialog');
  await shot(page, 'js-help');
  await page.click('dialog.help-dialog > button');
  assert.equal(await page.locator('dialog.help-dialog').isVisible(), false);
  await page.locator('label[for="a-safe_home-yes"]').click();
  assert.equal(await page.locator('#concern-now').isVisible(), false);
  await page.locator('label[for="a-safe_home-sometimes"]').click();
  await toReview(page);
  await next(page).click();
  // The address is the same for every child; the server's offer_help brings the message up.
  await page.waitForURL(/\/thanks\?lang=en$/);
  assert.equal(await page.locator('.concern').isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'concern-after');
  await checkA11y(page, 'thank-you page with help');
  await page.reload();
  assert.equal(await page.locator('.concern').isVisible(), false, 'the note was read once');
  await context.close();
});

test('no more ticks than a question allows, and Enter never sends early', async () => {
  const { context, page } = await phone(browser);
  await page.goto(SURVEY);
  await toQuestion(page, 'q-feel_safer');
  for (const o of ['lighting', 'cctv', 'police']) await page.locator(`label[for="a-feel_safer-${o}"]`).click();
  assert.equal(await page.locator('#q-feel_safer-full').isVisible(), false);
  // A fourth tick is taken back and the limit explained; no box is disabled or leaves the Tab order.
  await page.locator('label[for="a-feel_safer-youth_clubs"]').click();
  assert.equal(await page.isChecked('#a-feel_safer-youth_clubs'), false);
  assert.equal(await page.isDisabled('#a-feel_safer-youth_clubs'), false);
  assert.equal(await page.locator('#q-feel_safer-full').isVisible(), true);
  await waitFor(async () => /up to 3/.test(await page.textContent('#live')), 'the limit to be announced');
  await checkA11y(page, 'choice limit explained');
  await page.locator('label[for="a-feel_safer-cctv"]').click();
  assert.equal(await page.locator('#q-feel_safer-full').isVisible(), false);
  await page.locator('label[for="a-feel_safer-youth_clubs"]').click();
  assert.equal(await page.isChecked('#a-feel_safer-youth_clubs'), true);
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
  await next(page).click();
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
  await next(mute.page).click();
  assert.equal(await mute.page.locator('#q-area .speak').isVisible(), false, 'no English voice, no button');
  await mute.context.close();
});

test('switching language keeps every answer, with and without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context, page } = await phone(browser, { javaScriptEnabled });
    const lang = async (code) => {
      if (javaScriptEnabled) while ((await screen(page)) !== 'start') await back(page).click();
      await page.click('.langs summary');
      await page.click(`button[name=switch_lang][value=${code}]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, code);
    };
    await page.goto(SURVEY);
    const entries = await page.evaluate(() => history.length);
    if (javaScriptEnabled) await next(page).click();
    await page.locator('label[for="a-area-battersea"]').click();
    if (javaScriptEnabled) await next(page).click();
    await page.locator('label[for="a-age-age_16_17"]').click();
    await lang('pl');
    assert.equal(await page.isChecked('#a-area-battersea'), true);
    assert.equal(await page.isChecked('#a-age-age_16_17'), true);
    await lang('ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.isChecked('#a-area-battersea'), true);
    if (javaScriptEnabled) {
      assert.equal(await page.evaluate(() => history.length), entries, 'each switch replaced the page: still one history entry');
      assert.equal(await page.locator('#notice').count(), 0, 'no welcome back after a switch');
    }
    await checkA11y(page, `Arabic survey page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
    await shot(page, `ar-${javaScriptEnabled ? 'js' : 'nojs'}`);
    await context.close();
  }
});

test('right-to-left pages run the question and the bar from the right', async () => {
  const { context, page } = await phone(browser);
  await page.goto(`${SURVEY}?lang=ur`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ur');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await next(page).click();
  const [left, right, width, nextLeft, backLeft] = await page.evaluate(() => {
    const r = document.createRange();
    r.selectNodeContents(document.querySelector('#q-area .num'));
    const box = r.getBoundingClientRect();
    const at = (s) => document.querySelector(`.stepnav ${s}`).getBoundingClientRect().left;
    return [box.left, box.right, document.documentElement.clientWidth, at('.primary'), at('.back')];
  });
  assert.ok(right > width - 40 && left > width / 3, `the question number sits at the right (${left}-${right} of ${width})`);
  assert.ok(nextLeft < backLeft, 'Next is on the left, Back on the right');
  await checkA11y(page, 'Urdu survey page');
  await shot(page, 'ur-js');
  await context.close();
});

test('the focus ring shows at 3:1 or more on a ticked answer and on the question, and crosses no text', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await phone(browser, { colorScheme });
    await page.goto(SURVEY);
    await next(page).click();
    await page.locator('label[for="a-area-putney"]').click();
    await page.keyboard.press('ArrowDown'); // moves focus and the tick together, as radios do
    const ring = await page.evaluate(() => {
      const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
      const lum = (c) => {
        const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const label = document.activeElement.nextElementSibling;
      const s = getComputedStyle(label);
      const bg = getComputedStyle(document.body).backgroundColor;
      return { checked: document.activeElement.checked, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset), style: s.outlineStyle, contrast: ratio(s.outlineColor, bg) };
    });
    assert.equal(ring.checked, true);
    assert.equal(ring.style, 'solid');
    assert.ok(ring.width >= 3 && ring.offset > 0, `ring ${ring.width}px at ${ring.offset}px outside the answer`);
    assert.ok(ring.contrast >= 3, `ring contrast ${ring.contrast.toFixed(2)}:1 in ${colorScheme}`);
    // The question's ring (keyboard focus) surrounds the legend instead of running through it.
    await page.keyboard.press('Tab');
    await page.evaluate(() => document.getElementById('q-area').focus());
    const around = await page.evaluate(() => {
      const q = document.getElementById('q-area').getBoundingClientRect();
      const legend = document.querySelector('#q-area legend').getBoundingClientRect();
      return q.top <= legend.top;
    });
    assert.equal(around, true, 'the legend lies inside the question box, so its outline cannot cross it');
    await shot(page, `focus-${colorScheme}`);
    await context.close();
  }
});
