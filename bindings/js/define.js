// `@tenantkit/elements/define`: importing it loads the WebAssembly module and defines the
// elements, so a page needs nothing more than
//   <script type="module" src="…/@tenantkit/elements/js/define.js"></script>
// Outside a browser (server-side rendering) it does nothing, so importing it there is safe.

import init from './index.js';

if (typeof window !== 'undefined' && typeof customElements !== 'undefined') {
  await init();
}
