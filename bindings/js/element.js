// The one piece of hand-written JavaScript in @tenantkit/elements.
//
// A custom element must be a class that extends HTMLElement, which Rust cannot declare. This shim
// declares that class, once per tag (<tenant-user-management>, <tenant-role-management>,
// <tenant-access-key-management>, <tenant-audit-log>, <tenant-sso-setup>), and forwards every
// lifecycle callback, property and method to a Rust object made by `create(this)` (WidgetElement
// in src/element.rs). It decides nothing itself.

// Properties a page may set before the element is defined (before `init()` resolved): such values
// sit on the instance and hide the class's accessors until they are replayed.
const PROPERTIES = ['projectId', 'tenant', 'baseUrl', 'locale', 'theme', 'sessionToken', 'tokenProvider', 'strings'];

/**
 * Defines `tag` as a TenantKit widget element.
 * @param {string} tag
 * @param {string[]} observedAttributes
 * @param {(host: HTMLElement) => object} create makes the Rust side of one instance (which widget
 *   it shows is decided in Rust, per tag)
 */
export function defineWidget(tag, observedAttributes, create) {
  customElements.define(tag, class extends HTMLElement {
    static get observedAttributes() { return observedAttributes; }

    #rust;
    // Kept on the JavaScript side so the garbage collector sees the element -> function edge;
    // Rust reads it through the `tokenProvider` getter when a request gets a 401.
    #tokenProvider = null;
    // The page's own wording (path -> text), as given; Rust keeps it as JSON.
    #strings = null;

    constructor() {
      super();
      this.#rust = create(this);
    }

    connectedCallback() {
      for (const name of PROPERTIES) {
        if (Object.prototype.hasOwnProperty.call(this, name)) {
          const value = this[name];
          delete this[name];
          this[name] = value;
        }
      }
      this.#rust.connected(this);
    }

    disconnectedCallback() { this.#rust.disconnected(); }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue !== newValue) this.#rust.attributeChanged(name, newValue);
    }

    get projectId() { return this.getAttribute('project-id'); }
    set projectId(value) { reflect(this, 'project-id', value); }

    get tenant() { return this.getAttribute('tenant'); }
    set tenant(value) { reflect(this, 'tenant', value); }

    get baseUrl() { return this.getAttribute('base-url'); }
    set baseUrl(value) { reflect(this, 'base-url', value); }

    get locale() { return this.getAttribute('locale'); }
    set locale(value) { reflect(this, 'locale', value); }

    get theme() { return this.getAttribute('theme'); }
    set theme(value) { reflect(this, 'theme', value); }

    get sessionToken() { return this.#rust.sessionToken() ?? null; }
    set sessionToken(value) { this.#rust.setSessionToken(value == null ? undefined : String(value)); }

    get tokenProvider() { return this.#tokenProvider; }
    set tokenProvider(value) {
      if (value != null && typeof value !== 'function') {
        throw new TypeError('tokenProvider must be an async function returning a session token or null');
      }
      this.#tokenProvider = value ?? null;
    }

    get strings() { return this.#strings; }
    set strings(value) {
      if (value != null && (typeof value !== 'object' || Array.isArray(value))) {
        throw new TypeError('strings must be an object of catalog paths to texts, e.g. { "users.title": "People" }');
      }
      this.#strings = value ?? null;
      this.#rust.setStrings(value == null ? undefined : JSON.stringify(value));
    }

    /** Fetches the widget's data again, e.g. after another widget on the page changed it. */
    refresh() { this.#rust.refresh(); }
  });
}

function reflect(element, attribute, value) {
  if (value == null) element.removeAttribute(attribute);
  else element.setAttribute(attribute, String(value));
}

/**
 * Where the catalogs are by default: `pkg/locales/`. `cargo xtask build-wasm` bundles this file
 * into `pkg/tenantkit.js` (and `pkg/autoload.js`), beside them; `wasm-pack build` alone leaves it
 * a snippet, `pkg/snippets/<crate>/js/element.js`, three folders below `pkg/`.
 */
const CATALOGS = new URL(import.meta.url.includes('/snippets/') ? '../../../locales/' : './locales/', import.meta.url);

/**
 * The text of a locale's catalog: `<base><tag>.json` when the page set a base
 * (`setLocalesUrl`), else `pkg/locales/<tag>.json` of the package.
 * @param {string} tag
 * @param {string | undefined} base
 */
export async function loadCatalog(tag, base) {
  const url = new URL(`${tag}.json`, base ? new URL(base, document.baseURI) : CATALOGS);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.text();
}
