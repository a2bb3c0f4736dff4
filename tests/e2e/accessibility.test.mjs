// Accessibility of every element as the demo page embeds it, checked by axe-core (the maintained
// engine behind Lighthouse and the browsers' own audits): zero violations of any impact for each
// element, with its row menu, a row's details or its create dialog open, in the light and the dark
// palette, left-to-right and right-to-left. The dark palette comes once from the element's `theme`
// attribute and once from the page's `color-scheme` (the demo's theme picker), so both ways are
// covered. Then a keyboard walk in both themes: a visible focus ring, the row menu (arrow keys,
// Escape back to its button) and the create dialog (Tab stays inside, Escape gives focus back).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, management, root, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

const AXE = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const TABS = ['users', 'roles', 'keys', 'audit', 'sso', 'profile'];

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  // A key, so the access-key table has a row (and a row menu) to check.
  await management(stack, '/v1/mgmt/accesskey/create', {
    name: 'CI deploy key',
    keyTenants: [{ tenantId: 'acme', roles: [] }],
  });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/**
 * Signs in on the demo page in one of the four looks: `pageTheme` is the demo's theme picker
 * (the page's color-scheme), `attribute` the elements' own `theme`, `dir` the page's direction,
 * `locale` the demo's language picker.
 */
async function openDemo({ pageTheme = 'light', attribute = null, dir = 'ltr', locale = '' }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(({ theme, locale }) => {
    localStorage.setItem('tenantkit-demo-theme', theme);
    localStorage.setItem('tenantkit-demo-locale', locale);
  }, { theme: pageTheme, locale });
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  await page.evaluate(({ attribute, dir }) => {
    document.documentElement.dir = dir;
    for (const element of document.querySelectorAll('main [id$="-slot"] > *, main [role="tabpanel"] > *')) {
      if (element.localName.startsWith('tenant-') && attribute) element.theme = attribute;
    }
  }, { attribute, dir });
  await page.addScriptTag({ content: AXE });
  return { page, errors };
}

/** The relative luminance of a computed `rgb(...)` colour (WCAG's definition). */
function luminance(color) {
  const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The background colour an element paints, from its shadow root's widget box. */
async function surfaceOf(page, tab) {
  return page.locator(`#panel-${tab} .tk-widget, #panel-${tab} .tk-profile`).first()
    .evaluate((node) => getComputedStyle(node.getRootNode().host).backgroundColor);
}

/** axe-core's violations in one tab's panel, as readable lines. */
async function violations(page, tab) {
  const found = await page.evaluate(async (tab) => {
    const result = await axe.run(document.getElementById(`panel-${tab}`), { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) =>
      `${v.id} (${v.impact}): ${n.target.join(' > ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`));
  }, tab);
  return found;
}

/** Opens what the tab can open in turn (row menu, row details, create dialog), checking each. */
async function checkTab(page, tab, look) {
  await page.click(`#tab-${tab}`);
  const panel = page.locator(`#panel-${tab}`);
  await panel.locator('.tk-widget, .tk-profile').first().waitFor();
  // Settled: nothing loading or refreshing (a refreshing table is faded, which axe would measure).
  await page.waitForFunction((tab) => !Array.from(document.querySelectorAll(`#panel-${tab} *`))
    .some((e) => e.shadowRoot?.querySelector('[aria-busy="true"], .tk-state--loading')), tab);
  const problems = [];
  const check = async (state) => {
    for (const line of await violations(page, tab)) problems.push(`${look} ${tab} (${state}): ${line}`);
  };
  await check('list');
  const menuButton = panel.locator('.tk-icon-button[aria-haspopup]').first();
  if (await menuButton.count()) {
    await menuButton.click();
    await panel.getByRole('menu').waitFor();
    await check('row menu open');
    await page.keyboard.press('Escape');
  }
  const expand = panel.locator('.tk-expand').first();
  if (await expand.count()) {
    await expand.click();
    await check('row details open');
    await expand.click();
  }
  // The user widget's other dialogs: import, pending invitations, invite people.
  for (const part of ['import-button', 'invitations-button', 'invite-button']) {
    const button = panel.locator(`[part~="${part}"]`);
    if (!(await button.count())) continue;
    await button.click();
    await panel.getByRole('dialog').waitFor();
    await check(`${part.replace('-button', '')} dialog open`);
    await page.keyboard.press('Escape');
    await panel.getByRole('dialog').waitFor({ state: 'detached' });
  }
  const create = panel.locator('.tk-toolbar .tk-button--primary').first();
  if (await create.count() && await create.isEnabled()) {
    await create.click();
    await panel.getByRole('dialog').waitFor();
    await check('create dialog open');
    await page.keyboard.press('Escape');
    await panel.getByRole('dialog').waitFor({ state: 'detached' });
  }
  return problems;
}

const LOOKS = [
  { name: 'light, left-to-right', dark: false, options: {} },
  { name: 'dark (theme attribute), left-to-right', dark: true, options: { attribute: 'dark' } },
  { name: 'dark (the page\'s color-scheme), in Arabic (right to left)', dark: true, options: { pageTheme: 'dark', locale: 'ar' } },
  { name: 'light (theme attribute on a dark page), right-to-left', dark: false, options: { pageTheme: 'dark', attribute: 'light', dir: 'rtl' } },
];

for (const look of LOOKS) {
  test(`axe-core finds no violation in any element: ${look.name}`, async () => {
    const { page, errors } = await openDemo(look.options);
    try {
      const problems = [];
      for (const tab of TABS) {
        problems.push(...await checkTab(page, tab, look.name));
        // The palette is the one asked for: a dark surface has a luminance far below a light one.
        const surface = luminance(await surfaceOf(page, tab));
        assert.equal(surface < 0.2, look.dark, `${tab}: surface luminance ${surface.toFixed(3)} in ${look.name}`);
      }
      await page.click('#tab-users');
      await page.screenshot({ path: screenshotPath(`accessibility-${look.name.replace(/\W+/g, '-')}.png`) });
      assert.deepEqual(problems, [], `axe-core violations:\n${problems.join('\n')}`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}

/** What has focus, through shadow roots: its tag, class, role, and the outline it draws. */
async function focused(page) {
  return page.evaluate(() => {
    let node = document.activeElement;
    while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
    const style = getComputedStyle(node);
    return {
      tag: node.localName,
      className: String(node.className),
      label: node.getAttribute('aria-label') ?? node.textContent.trim().slice(0, 40),
      inDialog: Boolean(node.closest('[role="dialog"]')),
      inMenu: Boolean(node.closest('[role="menu"]')),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      outlineColor: style.outlineColor,
      background: getComputedStyle(node.getRootNode().host).backgroundColor,
    };
  });
}

/** WCAG contrast of two computed colours. */
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const theme of ['light', 'dark']) {
  test(`the user widget by keyboard alone, ${theme}: focus ring, row menu, dialog trap, Escape`, async () => {
    const { page, errors } = await openDemo({ attribute: theme });
    try {
      const widget = page.locator('tenant-user-management');
      await widget.getByRole('searchbox').focus();
      // Tab walks forward through the toolbar; every stop shows a ring that contrasts (3:1) with
      // the surface it sits on.
      for (let i = 0; i < 4; i += 1) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        assert.match(now.outline, /^solid [1-9]/, `focus on ${now.tag}.${now.className} "${now.label}" draws no ring`);
        assert.ok(contrast(now.outlineColor, now.background) >= 3,
          `focus ring ${now.outlineColor} on ${now.background}: contrast below 3:1`);
      }
      // The first row's menu: Enter opens it with focus on its first item, arrows move, Escape
      // closes it and gives focus back to its button.
      const menuButton = widget.locator('.tk-icon-button[aria-haspopup]').first();
      await menuButton.focus();
      await page.keyboard.press('Enter');
      await widget.getByRole('menu').waitFor();
      const first = await focused(page);
      assert.ok(first.inMenu, 'focus moves into the opened menu');
      await page.keyboard.press('ArrowDown');
      const second = await focused(page);
      assert.ok(second.inMenu && second.label !== first.label, 'ArrowDown moves to the next item');
      await page.keyboard.press('Escape');
      await widget.getByRole('menu').waitFor({ state: 'detached' });
      assert.equal((await focused(page)).className, await menuButton.evaluate((b) => String(b.className)),
        'Escape gives focus back to the menu button');
      // The create dialog: focus starts inside, 12 Tabs and 12 Shift+Tabs never leave it, Escape
      // closes it and focus returns to "Create user".
      const create = widget.getByRole('button', { name: 'Create user' });
      await create.focus();
      await page.keyboard.press('Enter');
      await widget.getByRole('dialog').waitFor();
      assert.ok((await focused(page)).inDialog, 'focus moves into the dialog');
      for (const key of [...Array(12).fill('Tab'), ...Array(12).fill('Shift+Tab')]) {
        await page.keyboard.press(key);
        const now = await focused(page);
        assert.ok(now.inDialog, `${key} left the dialog for ${now.tag} "${now.label}"`);
      }
      await page.keyboard.press('Escape');
      await widget.getByRole('dialog').waitFor({ state: 'detached' });
      assert.equal((await focused(page)).label, 'Create user', 'Escape gives focus back to Create user');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}
