// Types of `@tenantkit/elements/vue`.
import type { DefineComponent } from 'vue';
import type { TenantWidgetWrapperProps } from './index.js';

/** The props of every wrapper. */
export type TenantWidgetProps = TenantWidgetWrapperProps;

/** A wrapper component. */
export type TenantWidgetComponent = DefineComponent<TenantWidgetProps>;

export declare const TenantUserManagement: TenantWidgetComponent;
export declare const TenantRoleManagement: TenantWidgetComponent;
export declare const TenantAccessKeyManagement: TenantWidgetComponent;
export declare const TenantAuditLog: TenantWidgetComponent;
export declare const TenantSsoSetup: TenantWidgetComponent;
export declare const TenantProfile: TenantWidgetComponent;
