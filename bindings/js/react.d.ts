// Types of `@tenantkit/elements/react`.
import type { CSSProperties, ForwardRefExoticComponent, RefAttributes } from 'react';
import type {
    TenantAccessKeyManagementElement,
    TenantAuditLogElement,
    TenantKitEventProps,
    TenantProfileElement,
    TenantRoleManagementElement,
    TenantSsoSetupElement,
    TenantUserManagementElement,
} from './index.js';

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
    id?: string;
    className?: string;
    style?: CSSProperties;
    hidden?: boolean;
}

export declare const TenantUserManagement: ForwardRefExoticComponent<TenantWidgetProps & RefAttributes<TenantUserManagementElement>>;
export declare const TenantRoleManagement: ForwardRefExoticComponent<TenantWidgetProps & RefAttributes<TenantRoleManagementElement>>;
export declare const TenantAccessKeyManagement: ForwardRefExoticComponent<TenantWidgetProps & RefAttributes<TenantAccessKeyManagementElement>>;
export declare const TenantAuditLog: ForwardRefExoticComponent<TenantWidgetProps & RefAttributes<TenantAuditLogElement>>;
export declare const TenantSsoSetup: ForwardRefExoticComponent<TenantWidgetProps & RefAttributes<TenantSsoSetupElement>>;
export declare const TenantProfile: ForwardRefExoticComponent<TenantWidgetProps & RefAttributes<TenantProfileElement>>;
