// Types of `@tenantkit/elements/vue`.
import type { DefineComponent } from 'vue';
import type { TenantKitEventProps } from './index.js';

/** The props of every wrapper. */
export interface TenantWidgetProps extends TenantKitEventProps {
    /** The `project-id` attribute. */
    projectId?: string;
    /** The `tenant` attribute. */
    tenant?: string;
    /** The `base-url` attribute. */
    baseUrl?: string;
    /** Set as the element's `sessionToken` property (not an attribute). */
    sessionToken?: string | null;
    /** Set as the element's `tokenProvider` property. */
    tokenProvider?: (() => Promise<string | null>) | null;
}

/** A wrapper component. */
export type TenantWidgetComponent = DefineComponent<TenantWidgetProps>;

export declare const TenantUserManagement: TenantWidgetComponent;
export declare const TenantRoleManagement: TenantWidgetComponent;
export declare const TenantAccessKeyManagement: TenantWidgetComponent;
export declare const TenantAuditLog: TenantWidgetComponent;
export declare const TenantSsoSetup: TenantWidgetComponent;
export declare const TenantProfile: TenantWidgetComponent;
