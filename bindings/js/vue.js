// `@tenantkit/elements/vue`: one Vue 3 component per element. Each renders the custom element,
// sets `sessionToken` and `tokenProvider` as properties (never as attributes, so the token stays
// out of the DOM), and re-emits the `tk-*` events (`@tk-ready`, `@tk-user-created`, ... with the
// DOM event as the argument). Loading the WebAssembly module happens on mount, so server-side
// rendering only renders the tag. No template compiler and no `isCustomElement` setting needed.

import { defineComponent, h, onBeforeUnmount, onMounted, ref, watchEffect } from 'vue';
import init, { EVENTS } from './index.js';

function wrap(tag, name) {
  return defineComponent({
    name,
    props: {
      projectId: { type: String, default: undefined },
      tenant: { type: String, default: undefined },
      baseUrl: { type: String, default: undefined },
      locale: { type: String, default: undefined },
      theme: { type: String, default: undefined },
      strings: { type: Object, default: null },
      sessionToken: { type: String, default: null },
      tokenProvider: { type: Function, default: null },
    },
    emits: [...EVENTS],
    setup(props, { emit, expose }) {
      const element = ref(null);
      const forward = (event) => emit(event.type, event);
      onMounted(() => {
        if (!customElements.get(tag)) {
          init().catch((error) => console.error(`@tenantkit/elements: cannot load ${tag}`, error));
        }
        for (const event of EVENTS) element.value.addEventListener(event, forward);
        watchEffect(() => {
          element.value.sessionToken = props.sessionToken ?? null;
          element.value.tokenProvider = props.tokenProvider ?? null;
          element.value.strings = props.strings ?? null;
        });
      });
      onBeforeUnmount(() => {
        for (const event of EVENTS) element.value?.removeEventListener(event, forward);
      });
      expose({ element, refresh: () => element.value?.refresh() });
      return () =>
        h(tag, {
          ref: element,
          'project-id': props.projectId,
          tenant: props.tenant,
          'base-url': props.baseUrl,
          locale: props.locale,
          theme: props.theme,
        });
    },
  });
}

export const TenantUserManagement = wrap('tenant-user-management', 'TenantUserManagement');
export const TenantRoleManagement = wrap('tenant-role-management', 'TenantRoleManagement');
export const TenantAccessKeyManagement = wrap('tenant-access-key-management', 'TenantAccessKeyManagement');
export const TenantAuditLog = wrap('tenant-audit-log', 'TenantAuditLog');
export const TenantSsoSetup = wrap('tenant-sso-setup', 'TenantSsoSetup');
export const TenantProfile = wrap('tenant-profile', 'TenantProfile');
