'use client';

// `@tenantkit/elements/react`: one React component per element. Each renders the custom element,
// sets `sessionToken` and `tokenProvider` as properties (never as attributes, so the token stays
// out of the DOM), and turns `onTkReady`, `onTkUserCreated`, ... props into listeners of the
// `tk-*` events. Loading the WebAssembly module happens in an effect, so server-side rendering
// (Next.js) only renders the tag. Works with React 18 and 19; no JSX, so no build step.

import { createElement, forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import init, { EVENTS } from './index.js';

/** `tk-user-created` -> `onTkUserCreated`. */
const eventProp = (name) =>
  'on' + name.replace(/(^|-)([a-z])/g, (_, _dash, letter) => letter.toUpperCase());
const EVENT_PROPS = EVENTS.map((name) => [eventProp(name), name]);
const OWN_PROPS = new Set(['projectId', 'tenant', 'baseUrl', 'locale', 'theme', 'sessionToken', 'tokenProvider', 'strings']);
for (const [prop] of EVENT_PROPS) OWN_PROPS.add(prop);

function wrap(tag, displayName) {
  const Component = forwardRef(function TenantKitElement(props, ref) {
    const element = useRef(null);
    const latest = useRef(props);
    latest.current = props;
    useImperativeHandle(ref, () => element.current, []);

    useEffect(() => {
      if (!customElements.get(tag)) {
        init().catch((error) => console.error(`@tenantkit/elements: cannot load ${tag}`, error));
      }
      const target = element.current;
      const listeners = EVENT_PROPS.map(([prop, name]) => {
        const listener = (event) => latest.current[prop]?.(event);
        target.addEventListener(name, listener);
        return [name, listener];
      });
      return () => {
        for (const [name, listener] of listeners) target.removeEventListener(name, listener);
      };
    }, []);

    const { sessionToken, tokenProvider, strings } = props;
    useEffect(() => {
      element.current.strings = strings ?? null;
    }, [strings]);
    useEffect(() => {
      element.current.sessionToken = sessionToken ?? null;
    }, [sessionToken]);
    useEffect(() => {
      element.current.tokenProvider = tokenProvider ?? null;
    }, [tokenProvider]);

    const attributes = { ref: element };
    for (const [key, value] of Object.entries(props)) {
      if (!OWN_PROPS.has(key)) attributes[key] = value;
    }
    if (props.projectId != null) attributes['project-id'] = props.projectId;
    if (props.tenant != null) attributes.tenant = props.tenant;
    if (props.baseUrl != null) attributes['base-url'] = props.baseUrl;
    if (props.locale != null) attributes.locale = props.locale;
    if (props.theme != null) attributes.theme = props.theme;
    return createElement(tag, attributes);
  });
  Component.displayName = displayName;
  return Component;
}

export const TenantUserManagement = wrap('tenant-user-management', 'TenantUserManagement');
export const TenantRoleManagement = wrap('tenant-role-management', 'TenantRoleManagement');
export const TenantAccessKeyManagement = wrap('tenant-access-key-management', 'TenantAccessKeyManagement');
export const TenantAuditLog = wrap('tenant-audit-log', 'TenantAuditLog');
export const TenantSsoSetup = wrap('tenant-sso-setup', 'TenantSsoSetup');
export const TenantProfile = wrap('tenant-profile', 'TenantProfile');
