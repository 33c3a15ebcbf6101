// The survey fits a phone, measured in the browser: at 320x568 and 360x740, in all ten
// languages, on every screen the question's text and Next lie inside the viewport, no word of
// an answer breaks across lines, every answer is a 44x44 target, the header stays slim, and axe
// finds nothing. A screenshot of every screen goes to e2e/output/fit/ (ignored by git).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, phone, checkA11y, OUTPUT, BASE } from './lib.mjs';

const LANGS = ['en', 'pl', 'es', 'pt', 'ar', 'so', 'bn', 'ur', 'fr', 'uk'];
const SIZES = [{ width: 320, height: 568 }, { width: 360, height: 740 }];
const SHOTS = `${OUTPUT}fit/`;
mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

// measure reports, for the screen on show, where things lie and what is wrong with them.
function measure() {
  const vh = window.innerHeight;
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const inView = (el, what) => {
    const r = el.getBoundingClientRect();
    const header = document.querySelector('.bar').getBoundingClientRect().bottom;
    if (r.top < header - 1 || r.bottom > vh + 1 || r.left < -1 || r.right > vw + 1 || r.height === 0) {
      problems.push(`${what} at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)} outside ${vw}x${vh} (header ends ${Math.round(header)})`);
    }
  };
  // wholeWords checks that no word in el spans two lines: a Range per word has one line of rects.
  const wholeWords = (el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.face, [hidden], .visually-hidden')) continue;
      const re = /[^\s-]+-?/g; // a line may end after a hyphen ("Tube-" "ka"), never inside a word
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (lines.size > 1) problems.push(`the word "${m[0]}" spans ${lines.size} lines`);
      }
    }
  };
  for (const el of document.querySelectorAll('.bar a, .stepnav button:not([data-off])')) wholeWords(el);
  // The bottom bar: one row of buttons, at most three lines of text in one ("Enviar minhas respostas").
  const stepnav = document.querySelector('.stepnav').getBoundingClientRect();
  if (stepnav.height > 96) problems.push(`the bottom bar is ${stepnav.height}px tall`);
  const bar = document.querySelector('.bar').getBoundingClientRect();
  if (bar.height > 48.5) problems.push(`header ${bar.height}px tall`);
  const next = document.querySelector('.stepnav .primary');
  inView(next, 'Next');
  const c = next.getBoundingClientRect();
  const hit = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
  if (hit !== next) problems.push(`Next is covered by ${hit && hit.outerHTML.slice(0, 60)}`);
  const q = document.querySelector('fieldset.q:not([hidden])');
  if (q) {
    inView(q.querySelector('legend .text'), 'question text');
    for (const label of q.querySelectorAll('.option label')) {
      const r = label.getBoundingClientRect();
      if (r.width < 44 || r.height < 44) problems.push(`answer "${label.textContent.trim()}" is ${r.width}x${r.height}`);
      wholeWords(label);
    }
    wholeWords(q.querySelector('legend'));
  } else if (document.getElementById('review').hidden) {
    for (const sel of ['#title', '.promise', '.langs summary']) inView(document.querySelector(sel), sel);
  } else {
    inView(document.getElementById('review-title'), 'check heading');
  }
  const sideways = document.documentElement.scrollWidth - vw;
  if (sideways > 1) problems.push(`the page scrolls sideways by ${sideways}px`);
  // The check screen's length in screens: the list against the room between header and bar.
  const room = document.querySelector('.stepnav').getBoundingClientRect().top - bar.bottom;
  const screens = document.getElementById('review').getBoundingClientRect().height / room;
  return { id: q ? q.id : document.getElementById('review').hidden ? 'start' : 'review', problems, screens };
}

// answer picks the first answer, which makes every follow-up question apply, or writes a few words.
async function answer(page, id) {
  if (await page.locator(`#${id} textarea`).count()) await page.fill(`#${id} textarea`, 'Ok');
  else await page.locator(`#${id} .option label`).first().click();
}

// Each language is walked once: the page loads at the smaller size, and every screen, before and
// after it is answered, is measured (and photographed) at one size, then the other. The layout is
// CSS alone (no script reads the viewport), so a page resized to a size lays out as one loaded
// at it; walking once saves the answering and clicking that took half of the time.
test(`every screen fits ${SIZES.map((s) => `${s.width}x${s.height}`).join(' and ')} in every language`, async () => {
  const failures = [];
  // Four languages at a time: one browser, a page each, the next language starting as soon
  // as one is done (not in rounds of four, each as slow as its slowest).
  const queue = [...LANGS];
  await Promise.all([1, 2, 3, 4].map(async () => {
    for (let lang = queue.shift(); lang; lang = queue.shift()) {
      const { context, page } = await phone(browser, { viewport: SIZES[0] });
      await page.goto(`${BASE}/s/community-safety?lang=${lang}`);
      // measureAt measures the screen on show at each size, and returns its id.
      const measureAt = async (screen, answered) => {
        let id;
        for (const size of SIZES) {
          await page.setViewportSize(size);
          const m = await page.evaluate(measure);
          id = m.id;
          const where = `${lang} ${size.width}x${size.height} ${m.id}${answered ? ' answered' : ''}`;
          failures.push(...m.problems.map((p) => `${where}: ${p}`));
          if (!answered) {
            await page.screenshot({ path: `${SHOTS}${lang}-${size.width}x${size.height}-${String(screen).padStart(2, '0')}-${m.id}.png` });
            if (m.id === 'review' && m.screens > 2) failures.push(`${where}: the check screen is ${m.screens.toFixed(2)} screens long`);
          }
          // axe once per language and screen, and on the first question answered, at the common size
          if (size.width === 360 && (!answered || screen === 1)) await checkA11y(page, where);
        }
        return id;
      };
      for (let screen = 0; ; screen++) {
        const id = await measureAt(screen, false);
        if (id === 'review') break;
        if (id !== 'start') {
          await answer(page, id);
          await measureAt(screen, true); // answered: the ticked state, Skip gone
        }
        await page.click('.stepnav .primary');
      }
      await context.close();
    }
  }));
  assert.deepEqual(failures, []);
});
