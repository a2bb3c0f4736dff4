// `cargo xtask bench-element`: one element on a page, cold, as a visitor meets it. For each
// element, `--runs` times (11 unless told), a fresh browser context (empty cache) opens a page of
// the demo site's origin holding nothing but the element, against a server given by
// TENANTKIT_SERVER_BIN (the xtask passes a release build) on the demo data. Printed per element:
// the requests of ours (the site's and the API's) made before `tk-ready`, CORS preflights apart,
// and the medians of connectedCallback -> tk-ready (the first rows painted: the event is sent
// once they are rendered) and of navigation -> tk-ready (module and wasm loaded, compiled, run).
// A probe that prints figures: nothing here passes or fails on a number.
import { startStack, launchBrowser, DEMO_PASSWORD } from '../../tests/e2e/harness.mjs';
// Every tag, as the package lists them.
import { TAGS } from '../../bindings/js/names.js';

const runsArgument = process.argv.indexOf('--runs');
const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 11;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: a whole number of at least 1');

/** The page: the element's own module (defines it on import), then the element, connected. */
function pageFor(tag, stack, sessionJwt) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${tag}</title></head><body>
<script type="module">
  await import('/pkg/${tag}.js');
  const element = document.createElement('${tag}');
  element.setAttribute('project-id', '${stack.projectId}');
  element.setAttribute('tenant', 'acme');
  element.setAttribute('base-url', '${stack.apiUrl}');
  element.sessionToken = '${sessionJwt}';
  element.addEventListener('tk-ready', () => { window.benchReady = performance.now(); }, { once: true });
  window.benchConnected = performance.now();
  document.body.append(element);
</script></body></html>`;
}

/** One cold visit: requests of ours before tk-ready, preflights, and the two times. */
async function visit(browser, stack, tag, sessionJwt) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const preflights = [];
  cdp.on('Network.requestWillBeSent', ({ request, type, timestamp }) => {
    if (type === 'Preflight' || request.method === 'OPTIONS') preflights.push(timestamp);
  });
  // A document of the site's own origin (a page from route.fulfill would be a public address
  // asking a loopback one, which Chromium refuses), then the bench page written into it.
  await page.goto(`${stack.siteUrl}/config.json`);
  const start = await page.evaluate(() => performance.now());
  await page.setContent(pageFor(tag, stack, sessionJwt));
  await page.waitForFunction(() => window.benchReady, null, { timeout: 30_000 });
  const figures = await page.evaluate(({ origins, start }) => {
    const ready = window.benchReady;
    const ours = performance.getEntriesByType('resource')
      .filter((entry) => origins.some((origin) => entry.name.startsWith(origin)) && entry.startTime <= ready)
      // The browser's own favicon request is not the package's.
      .filter((entry) => !entry.name.endsWith('/favicon.ico'))
      .map((entry) => new URL(entry.name).pathname);
    return { ours, connected: ready - window.benchConnected, navigation: ready - start };
  }, { origins: [stack.siteUrl, stack.apiUrl], start });
  await context.close();
  return { ...figures, preflights: preflights.length };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const stack = await startStack();
const browser = await launchBrowser();
try {
  const response = await fetch(`${stack.apiUrl}/v1/auth/password/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}` },
    body: JSON.stringify({ loginId: 'admin@acme.test', password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  const { sessionJwt } = await response.json();
  console.log(`bench-element: ${runs} cold visits per element (fresh context each), demo data, tenant acme`);
  console.log('| element | requests of ours before tk-ready | CORS preflights | connected -> tk-ready, median ms | navigation -> tk-ready, median ms |');
  console.log('|---|---|---:|---:|---:|');
  for (const tag of TAGS) {
    const visits = [];
    for (let run = 0; run < runs; run += 1) visits.push(await visit(browser, stack, tag, sessionJwt));
    const most = visits.reduce((a, b) => (b.ours.length > a.ours.length ? b : a));
    const connected = median(visits.map((v) => v.connected)).toFixed(0);
    const navigation = median(visits.map((v) => v.navigation)).toFixed(0);
    const preflights = Math.max(...visits.map((v) => v.preflights));
    console.log(`| \`<${tag}>\` | ${most.ours.length}: ${most.ours.join(', ')} | ${preflights} | ${connected} | ${navigation} |`);
  }
} finally {
  await browser.close();
  await stack.stop();
}
