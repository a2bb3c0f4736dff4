// The demo page: signs a tenant admin in against the TenantKit API and embeds
// <tenant-user-management>, <tenant-role-management>, <tenant-access-key-management>,
// <tenant-audit-log>, <tenant-sso-setup> and <tenant-profile> for their tenant, one per tab. Plain browser JavaScript,
// as a customer would write.
import init from '/pkg/tenantkit.js';

const $ = (id) => document.getElementById(id);
const config = await (await fetch('/config.json')).json();
const STORAGE_KEY = 'tenantkit-demo-session';
const SSO_KEY = 'tenantkit-demo-sso-session';
// Every event the widgets dispatch (bindings/README.md lists their details).
const WIDGET_EVENTS = [
  'tk-ready', 'tk-error', 'tk-session-expired', 'tk-token-refreshed',
  'tk-user-created', 'tk-user-updated', 'tk-user-deleted', 'tk-user-status-changed',
  'tk-user-removed-from-tenant', 'tk-password-reset', 'tk-password-expired', 'tk-passkeys-removed',
  'tk-totp-removed', 'tk-user-signed-out', 'tk-invitation-resent', 'tk-impersonate', 'tk-bulk-action-completed',
  'tk-users-exported', 'tk-role-created', 'tk-role-updated', 'tk-role-deleted',
  'tk-access-key-created', 'tk-access-key-updated', 'tk-access-key-rotated', 'tk-access-key-status-changed',
  'tk-access-key-deleted', 'tk-audit-exported',
  'tk-sso-created', 'tk-sso-configured', 'tk-sso-status-changed', 'tk-sso-deleted',
  'tk-tenant-updated', 'tk-session-settings-updated', 'tk-password-policy-updated',
  'tk-domain-added', 'tk-domain-verified', 'tk-domain-verification-failed', 'tk-domain-removed',
];
// SSO changes the profile shows beside its enforce-SSO switch.
const SSO_CHANGES = ['tk-sso-created', 'tk-sso-configured', 'tk-sso-status-changed', 'tk-sso-deleted'];
// Changes that one widget makes and the other shows: who holds a role, which roles exist.
const ROLE_CHANGES = ['tk-role-created', 'tk-role-updated', 'tk-role-deleted'];
const HOLDER_CHANGES = ['tk-user-created', 'tk-user-updated', 'tk-user-deleted', 'tk-user-removed-from-tenant',
  'tk-bulk-action-completed'];

await init();

// The theme picker: the page's color-scheme, which the widgets inherit (no attribute needed; a
// `theme` attribute on an element would override it). `?theme=dark` chooses it from the address.
const THEME_KEY = 'tenantkit-demo-theme';
const SCHEMES = { light: 'light', dark: 'dark', auto: 'light dark' };
function applyTheme(theme) {
  const chosen = SCHEMES[theme] ? theme : 'light';
  document.documentElement.style.colorScheme = SCHEMES[chosen];
  $('theme-select').value = chosen;
  localStorage.setItem(THEME_KEY, chosen);
}
applyTheme(new URLSearchParams(location.search).get('theme') ?? localStorage.getItem(THEME_KEY));
$('theme-select').addEventListener('change', (event) => applyTheme(event.target.value));

// The language picker: the widgets' `locale` attribute (none: the page's own, <html lang="en">).
// `?locale=ar` chooses it from the address.
const LOCALE_KEY = 'tenantkit-demo-locale';
function applyLocale(locale) {
  $('locale-select').value = locale ?? '';
  localStorage.setItem(LOCALE_KEY, locale ?? '');
  for (const element of document.querySelectorAll('main *')) {
    if (!element.localName.startsWith('tenant-')) continue;
    if (locale) element.setAttribute('locale', locale);
    else element.removeAttribute('locale');
  }
}
$('locale-select').addEventListener('change', (event) => applyLocale(event.target.value || null));
applyLocale(new URLSearchParams(location.search).get('locale') ?? (localStorage.getItem(LOCALE_KEY) || null));

function authHeader(token) {
  return { Authorization: `Bearer ${config.projectId}${token ? `:${token}` : ''}` };
}

async function api(path, { token, body } = {}) {
  const response = await fetch(`${config.apiBaseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeader(token) },
    body: JSON.stringify(body ?? {}),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.errorMessage || `The server answered ${response.status}`);
  return data;
}

function loadSession() {
  try { return JSON.parse(sessionStorage.getItem(STORAGE_KEY)); } catch { return null; }
}

function saveSession(session) {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

function logEvent(event) {
  const item = document.createElement('li');
  const source = event.currentTarget.localName;
  // The one token an event carries (tk-impersonate's) is not printed.
  const detail = event.detail?.refreshJwt ? { ...event.detail, refreshJwt: '…' } : event.detail;
  item.textContent = `${new Date().toLocaleTimeString()}  ${source}  ${event.type}  ${JSON.stringify(detail ?? null)}`;
  $('event-log').prepend(item);
}

/** Shows the server's development outbox (`--dev-outbox`): invitation emails with their links. */
async function refreshOutbox() {
  const response = await fetch(`${config.apiBaseUrl}/tk/dev/outbox`).catch(() => null);
  if (!response?.ok) {
    $('outbox-panel').hidden = true;
    return;
  }
  const { messages } = await response.json();
  $('outbox').replaceChildren(...messages.map((message) => {
    const item = document.createElement('li');
    const heading = document.createElement('strong');
    heading.textContent = `${new Date(message.sent).toLocaleTimeString()}  To ${message.to}: ${message.subject}`;
    const body = document.createElement('pre');
    // Text only; the link becomes an anchor through the DOM, never through HTML.
    for (const part of message.body.split(/(https?:\/\/\S+)/)) {
      if (/^https?:\/\//.test(part)) {
        const link = document.createElement('a');
        link.href = part;
        link.target = '_blank';
        link.rel = 'noopener';
        link.textContent = part;
        body.append(link);
      } else {
        body.append(part);
      }
    }
    item.append(heading, body);
    return item;
  }));
  if (messages.length === 0) {
    const empty = document.createElement('li');
    empty.textContent = 'No emails yet.';
    $('outbox').append(empty);
  }
}

function showWidget(session) {
  const tenants = session.user.userTenants ?? [];
  const select = $('tenant-select');
  select.replaceChildren(...tenants.map((t) => new Option(t.tenantName || t.tenantId, t.tenantId)));
  const tenant = tenants.find((t) => t.tenantId === session.tenant) ?? tenants[0];
  if (!tenant) {
    $('sign-in-error').textContent = 'This account is not an admin of any tenant.';
    return;
  }
  session.tenant = tenant.tenantId;
  select.value = tenant.tenantId;
  saveSession(session);

  $('account-name').textContent = `${session.user.name || session.user.loginIds[0]}`;
  $('tenant-name').textContent = tenant.tenantName || tenant.tenantId;
  $('sign-in-panel').hidden = true;
  $('account').hidden = false;
  $('admin-panel').hidden = false;

  const users = widgetIn('widget-slot', 'tenant-user-management');
  const roles = widgetIn('roles-slot', 'tenant-role-management');
  const keys = widgetIn('keys-slot', 'tenant-access-key-management');
  const audit = widgetIn('audit-slot', 'tenant-audit-log');
  const sso = widgetIn('sso-slot', 'tenant-sso-setup');
  const profile = widgetIn('profile-slot', 'tenant-profile');
  if (!users.dataset.wired) {
    users.dataset.wired = roles.dataset.wired = 'yes';
    for (const type of ['tk-user-created', 'tk-invitation-resent', 'tk-bulk-action-completed']) {
      users.addEventListener(type, refreshOutbox);
    }
    // The access-key form offers the tenant's roles, and the key table shows them.
    for (const type of ROLE_CHANGES) roles.addEventListener(type, () => { users.refresh(); keys.refresh(); });
    for (const type of HOLDER_CHANGES) users.addEventListener(type, () => roles.refresh());
    for (const type of SSO_CHANGES) sso.addEventListener(type, () => profile.refresh());
    // The page's heading names the tenant: keep it in step with a rename.
    profile.addEventListener('tk-tenant-updated', (event) => { $('tenant-name').textContent = event.detail.name; });
    users.addEventListener('tk-impersonate', (event) => impersonate(event.detail));
  }
  for (const widget of [users, roles, keys, audit, sso, profile]) configure(widget, session);
}

/**
 * `tk-impersonate`: the page owns navigation. The demo trades the user's refresh JWT for a
 * session (as a product's app would on arrival), says who acts as whom, and keeps the admin's own
 * session; "Stop impersonating" logs the impersonation's token out, which ends that
 * impersonation only.
 */
async function impersonate({ loginId, refreshJwt }) {
  const refreshed = await api('/v1/auth/refresh', { token: refreshJwt });
  const claims = JSON.parse(atob(refreshed.sessionJwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  $('impersonated').textContent = loginId;
  $('impersonator').textContent = claims.act?.sub ?? '';
  $('impersonation').hidden = false;
  $('stop-impersonating').onclick = async () => {
    await api('/v1/auth/logout', { token: refreshJwt });
    $('impersonation').hidden = true;
  };
}

/** The widget `tag` in the slot `slotId`, created (and its events logged) the first time. */
function widgetIn(slotId, tag) {
  let widget = $(slotId).querySelector(tag);
  if (!widget) {
    widget = document.createElement(tag);
    const locale = localStorage.getItem(LOCALE_KEY);
    if (locale) widget.setAttribute('locale', locale);
    for (const type of WIDGET_EVENTS) {
      widget.addEventListener(type, logEvent);
    }
    widget.addEventListener('tk-session-expired', () => signOut('Your session expired. Please sign in again.'));
    $(slotId).append(widget);
  }
  return widget;
}

function configure(widget, session) {
  widget.setAttribute('project-id', config.projectId);
  widget.setAttribute('base-url', config.apiBaseUrl);
  widget.setAttribute('tenant', session.tenant);
  widget.sessionToken = session.sessionJwt;
  // Called by the widget when the session JWT has expired: trade the refresh JWT for a new one.
  widget.tokenProvider = async () => {
    const current = loadSession();
    if (!current?.refreshJwt) return null;
    const refreshed = await api('/v1/auth/refresh', { token: current.refreshJwt });
    saveSession({ ...current, sessionJwt: refreshed.sessionJwt });
    return refreshed.sessionJwt;
  };
}

/**
 * The tabs: click or arrow keys choose one; only the chosen panel shows (every widget stays mounted).
 * Opening the audit log brings it up to date with what the other tabs changed meanwhile.
 */
function selectTab(tab) {
  for (const other of document.querySelectorAll('[role="tab"]')) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (tab.id === 'tab-audit') $('audit-slot').querySelector('tenant-audit-log')?.refresh();
}

for (const tab of document.querySelectorAll('[role="tab"]')) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
    selectTab(next);
    next.focus();
  });
}

function signOut(message = '') {
  saveSession(null);
  $('widget-slot').replaceChildren();
  $('roles-slot').replaceChildren();
  $('keys-slot').replaceChildren();
  $('audit-slot').replaceChildren();
  $('sso-slot').replaceChildren();
  $('profile-slot').replaceChildren();
  $('admin-panel').hidden = true;
  $('account').hidden = true;
  $('sign-in-panel').hidden = false;
  $('sign-in-error').textContent = message;
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  const form = new FormData(event.target);
  try {
    const result = await api('/v1/auth/password/signin', {
      body: { loginId: form.get('loginId'), password: form.get('password') },
    });
    showWidget({ sessionJwt: result.sessionJwt, refreshJwt: result.refreshJwt, user: result.user });
  } catch (error) {
    $('sign-in-error').textContent = error.message;
  }
});

// The forms are ready: until now a click would have submitted them natively (a page reload).
$('sign-in-button').disabled = false;
$('sso-button').disabled = false;

// SSO, as Descope's `sso.start` / `sso.exchange` do it: start with the user's email (its domain
// picks the tenant's configuration) or a tenant id and a redirect URL back here; the identity
// provider signs the user in and the API sends the browser back with `?code=`, which is exchanged
// for the session.
$('sso-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('sso-error').textContent = '';
  const tenant = new FormData(event.target).get('tenant').trim();
  const query = new URLSearchParams({ tenant, redirectURL: `${location.origin}/` });
  try {
    const { url } = await api(`/v1/auth/saml/authorize?${query}`);
    location.assign(url);
  } catch (error) {
    $('sso-error').textContent = error.message;
  }
});

/** The claims of a JWT (not verified: the page only shows them). */
function claimsOf(jwt) {
  const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload));
}

function showSsoSession(session) {
  const claims = claimsOf(session.sessionJwt);
  const [tenantId, inTenant] = Object.entries(claims.tenants ?? {})[0] ?? ['', { roles: [] }];
  const tenant = (session.user.userTenants ?? []).find((t) => t.tenantId === tenantId);
  $('sso-user').textContent = session.user.loginIds[0];
  $('sso-name').textContent = session.user.name || [session.user.givenName, session.user.familyName].filter(Boolean).join(' ') || '—';
  $('sso-method').textContent = (claims.amr ?? []).join(', ').toUpperCase();
  $('sso-tenant-name').textContent = tenant?.tenantName || tenantId;
  $('sso-roles').textContent = (inTenant.roles ?? []).join(', ') || 'none';
  $('sign-in-panel').hidden = true;
  $('sso-panel').hidden = false;
}

$('sso-sign-out').addEventListener('click', async () => {
  const session = JSON.parse(sessionStorage.getItem(SSO_KEY) ?? 'null');
  sessionStorage.removeItem(SSO_KEY);
  if (session?.refreshJwt) await api('/v1/auth/logout', { token: session.refreshJwt }).catch(() => {});
  $('sso-panel').hidden = true;
  $('sign-in-panel').hidden = false;
});

const code = new URLSearchParams(location.search).get('code');
if (code) {
  // The code works once: take it out of the address bar before exchanging it.
  history.replaceState(null, '', location.pathname);
  try {
    const result = await api('/v1/auth/saml/exchange', { body: { code } });
    const session = { sessionJwt: result.sessionJwt, refreshJwt: result.refreshJwt, user: result.user };
    sessionStorage.setItem(SSO_KEY, JSON.stringify(session));
    showSsoSession(session);
  } catch (error) {
    $('sso-error').textContent = `SSO sign-in failed: ${error.message}`;
  }
} else {
  const ssoSession = JSON.parse(sessionStorage.getItem(SSO_KEY) ?? 'null');
  if (ssoSession) showSsoSession(ssoSession);
}

$('tenant-select').addEventListener('change', (event) => {
  const session = loadSession();
  if (session) showWidget({ ...session, tenant: event.target.value });
});

// Sign out ends the session on the server too (POST /v1/auth/logout with the refresh JWT: every
// token of this user stops working), best effort: the page forgets the session either way.
$('sign-out').addEventListener('click', async () => {
  const session = loadSession();
  if (session?.refreshJwt) {
    await api('/v1/auth/logout', { token: session.refreshJwt }).catch(() => {});
  }
  signOut();
});
$('outbox-panel').addEventListener('toggle', refreshOutbox);

const existing = loadSession();
if (existing) showWidget(existing);
