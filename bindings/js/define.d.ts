// `@tenantkit/elements/define` has no exports: importing it defines the elements. Its types are
// the package's (the tags on `HTMLElementTagNameMap`, the `tk-*` events, JSX).
export {};
import './index.js';
