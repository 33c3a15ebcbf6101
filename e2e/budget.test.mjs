// The first load of the survey must fit one TCP initial window for the HTML (14 KB compressed)
// and 30 KB for everything, on a phone's first visit with nothing cached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phone, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('the survey page fits its byte budgets', async () => {
  const { context, page } = await phone(browser);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const sizes = new Map();
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto(`${BASE}/s/community-safety`, { waitUntil: 'networkidle' });
  let documentBytes = 0;
  let total = 0;
  for (const [id, bytes] of sizes) {
    total += bytes;
    if (urls.get(id)?.startsWith(`${BASE}/s/community-safety`)) documentBytes = bytes;
  }
  console.log(`survey page: HTML ${documentBytes} bytes, all requests ${total} bytes (transferred, compressed), ${urls.size} requests`);
  // The page and its one script: no fonts, no images, not even a favicon request.
  assert.ok(urls.size <= 2, `the first load made ${urls.size} requests: ${[...urls.values()]}`);
  assert.ok(documentBytes > 0, 'the HTML document was not measured');
  assert.ok(documentBytes <= 14 * 1024, `HTML is ${documentBytes} bytes, over 14 KB`);
  assert.ok(total <= 30 * 1024, `the page is ${total} bytes, over 30 KB`);
  await context.close();
});
