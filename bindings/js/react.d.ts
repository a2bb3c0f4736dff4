// Types of `@tenantkit/elements/react`.
import type { CSSProperties, ForwardRefExoticComponent, RefAttributes } from 'react';
import type {
    TenantAccessKeyManagementElement,
    TenantAuditLogElement,
    TenantProfileElement,
    TenantRoleManagementElement,
    TenantSsoSetupElement,
    TenantUserManagementElement,
    TenantWidgetWrapperProps,
} from './index.js';

/** The props of every wrapper: the element's settings, `onTk*` listeners, and a few of React's. */
export interface TenantWidgetProps extends TenantWidgetWrapperProps {
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
