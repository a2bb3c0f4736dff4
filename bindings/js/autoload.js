// `@tenantkit/elements/autoload` (`pkg/autoload.js`, the package's `unpkg` file): one script tag,
//   <script type="module" src="…/@tenantkit/elements/pkg/autoload.js"></script>
// and each TenantKit tag in the document, now or added later, loads its own module
// (`pkg/<tag>.js` and its wasm) and nothing of the elements the page does not show. A tag inside
// another component's shadow root is not seen: import `@tenantkit/elements/<tag>` for it.
// Outside a browser (server-side rendering) it does nothing.
//
// `cargo xtask build-wasm` bundles this file with `names.js` into `pkg/`, beside the modules it
// loads.

import { TAGS } from './names.js';

/** Tags whose module is loading or loaded. */
const requested = new Set();

/** Loads the module of every TenantKit tag in the document not requested yet. */
function discover() {
  const pending = TAGS.filter((tag) => !requested.has(tag) && !customElements.get(tag));
  for (const tag of pending) {
    if (!document.querySelector(tag)) continue;
    requested.add(tag);
    // Beside this file; left alone by bundlers, which would otherwise try to resolve it.
    import(/* @vite-ignore */ /* webpackIgnore: true */ new URL(`./${tag}.js`, import.meta.url).href)
      .catch((error) => {
        requested.delete(tag);
        console.error(`@tenantkit/elements: cannot load <${tag}>:`, error);
      });
  }
  if (TAGS.every((tag) => requested.has(tag) || customElements.get(tag))) observer.disconnect();
}

const observer = typeof MutationObserver === 'undefined' ? null : new MutationObserver(discover);

if (observer && typeof document !== 'undefined' && typeof customElements !== 'undefined') {
  observer.observe(document.documentElement, { childList: true, subtree: true });
  discover();
}
