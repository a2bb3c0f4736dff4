// The entry of @tenantkit/elements: the WebAssembly module's public functions and nothing of its
// internals (wasm-bindgen's glue exports the Rust objects the element shim drives, and its
// declarations name the module's `__wbindgen_*` exports). Importing this file has no side effect
// and works in Node (server-side rendering): nothing touches the DOM until `init()`.

import wasmInit, { define as defineElements, setLocalesUrl as setCatalogBase } from '../pkg/tenantkit.js';

export { TAGS, EVENTS } from './names.js';

let loading = null;

/**
 * Loads the WebAssembly module (once, however often it is called) and defines the elements.
 * @param {{ module_or_path?: unknown }} [options] where `tenantkit_bg.wasm` is, when a bundler or
 *   CDN moved it
 */
export default function init(options) {
  loading ??= wasmInit(options).catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * Where the translations are when a bundler or CDN did not keep `pkg/locales/` beside the module:
 * the elements fetch `<url><locale>.json` (e.g. `https://cdn.example.com/tenantkit/locales/`).
 * `null` goes back to the default. Needs `init()` first.
 * @param {string | null} url
 */
export function setLocalesUrl(url) {
  setCatalogBase(url ?? undefined);
}

/** Defines the elements again; harmless when they are defined. Needs `init()` first. */
export function define() {
  defineElements();
}
