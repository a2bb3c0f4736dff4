// The elements in other languages, on the demo site from the release bundle: the `locale`
// attribute (the demo's language picker), the nearest `lang` when there is none, Arabic laid out
// right to left with its own plural forms, numbers and dates written the language's way, and a
// page's own wording through the `strings` property. Each expectation is read from the shipped
// catalogs (widgets/locales/*.json), so a test fails when the element shows anything else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD, launchBrowser, loginIdsOfTenant, root, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

const catalog = (tag) => JSON.parse(readFileSync(join(root, 'widgets', 'locales', `${tag}.json`), 'utf8'));
const FR = catalog('fr');
const AR = catalog('ar');
const JA = catalog('ja');

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  // An event in Acme's audit log, so there is a time to read: a user the tenant admin creates.
  const post = async (path, body, token) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}${token ? `:${token}` : ''}` },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${path}: ${response.status}`);
    return response.json();
  };
  const { sessionJwt } = await post('/v1/auth/password/signin', { loginId: 'admin@acme.test', password: DEMO_PASSWORD });
  await post('/v1/mgmt/user/create?tenant=acme', { loginId: 'locale.check@acme.test' }, sessionJwt);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The demo page signed in, its widgets in `locale` (the language picker's choice). */
async function demoIn(locale) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const warnings = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  await page.addInitScript((tag) => localStorage.setItem('tenantkit-demo-locale', tag), locale);
  const users = await signInOnDemoSite(page, stack, 'admin@acme.test');
  return { page, users, errors, warnings };
}

/** A shadow root's text at `selector`, once it is `expected` (or what it is after 10 s). */
async function textOf(element, selector, expected) {
  const read = () => element.evaluate((host, selector) => host.shadowRoot.querySelector(selector)?.textContent?.trim() ?? null, selector);
  for (let i = 0; i < 100 && (await read()) !== expected; i += 1) await new Promise((r) => setTimeout(r, 100));
  return read();
}

test('French: the locale attribute gives French strings, counts and dates', async () => {
  const { page, users, errors } = await demoIn('fr');
  try {
    assert.equal(await textOf(users, '.tk-title', FR['users.title']), FR['users.title']);
    const count = (await loginIdsOfTenant(stack, 'acme')).size;
    assert.equal(await textOf(users, '.tk-count', FR['users.count_other'].replace('{count}', count)),
      FR['users.count_other'].replace('{count}', count));
    assert.equal(await users.evaluate((host) => host.shadowRoot.querySelector('.tk-root, [lang]')?.getAttribute('lang')), 'fr');
    await page.click('#tab-audit');
    const audit = page.locator('tenant-audit-log');
    assert.equal(await textOf(audit, '.tk-title', FR['audit.list.title']), FR['audit.list.title']);
    // The newest event's time, as French writes a date: "3 déc. 2026, 15:04:05".
    const time = audit.locator('time').first();
    await time.waitFor();
    const shown = await time.textContent();
    const expected = await time.evaluate((node) => new Date(node.getAttribute('datetime'))
      .toLocaleString('fr', { dateStyle: 'medium', timeStyle: 'medium' }));
    assert.equal(shown.trim(), expected);
    assert.doesNotMatch(shown, /\d{4}-\d{2}-\d{2}/, 'not the ISO date');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('Arabic: right to left, and the plural form CLDR gives the count', async () => {
  const { page, users, errors } = await demoIn('ar');
  try {
    assert.equal(await textOf(users, '.tk-title', AR['users.title']), AR['users.title']);
    const root = await users.evaluate((host) => {
      const node = host.shadowRoot.querySelector('[lang]');
      return { lang: node?.getAttribute('lang'), dir: node?.getAttribute('dir'), direction: getComputedStyle(host.shadowRoot.querySelector('.tk-widget')).direction };
    });
    assert.deepEqual(root, { lang: 'ar', dir: 'rtl', direction: 'rtl' });
    const count = (await loginIdsOfTenant(stack, 'acme')).size;
    const category = await page.evaluate((n) => new Intl.PluralRules('ar').select(n), count);
    const form = AR[`users.count_${category}`];
    const number = await page.evaluate((n) => n.toLocaleString('ar'), count);
    assert.equal(await textOf(users, '.tk-count', form.replace('{count}', number)), form.replace('{count}', number),
      `${count} users is "${category}" in Arabic`);
    await page.screenshot({ path: screenshotPath('locales-arabic-users.png') });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('no locale: the nearest lang decides; strings replace the wording; a wrong key costs only itself', async () => {
  const { page, users, errors, warnings } = await demoIn('');
  try {
    // The demo page is <html lang="en">.
    assert.equal(await textOf(users, '.tk-title', 'Users'), 'Users');
    // An element added inside <div lang="ja"> speaks Japanese without a locale of its own.
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.lang = 'ja';
      box.id = 'japanese-box';
      const element = document.createElement('tenant-audit-log');
      box.append(element);
      document.querySelector('main').append(box);
    });
    const japanese = page.locator('#japanese-box tenant-audit-log');
    assert.equal(await textOf(japanese, '.tk-title', JA['audit.list.title']), JA['audit.list.title']);
    // The page's own wording.
    await users.evaluate((host) => { host.strings = { 'users.title': 'People', 'users.count_other': '{count} people' }; });
    assert.equal(await textOf(users, '.tk-title', 'People'), 'People');
    const people = await users.evaluate((host) => host.shadowRoot.querySelector('.tk-count').textContent.trim());
    assert.match(people, /^\d+ people$/);
    // A key the catalog does not have costs only itself: the other strings apply, and the
    // console says why.
    await users.evaluate((host) => { host.strings = { 'users.no_such_string': 'x', 'users.title': 'Folks' }; });
    assert.equal(await textOf(users, '.tk-title', 'Folks'), 'Folks');
    assert.ok(warnings.some((text) => text.includes('users.no_such_string')), `warnings: ${warnings.join(' | ')}`);
    // A value that is not an object is refused where it is set.
    const refused = await users.evaluate((host) => { try { host.strings = 'People'; return null; } catch (error) { return error.name; } });
    assert.equal(refused, 'TypeError');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
