//! Custom hooks: where the widgets' requests and lifecycle events live, so view code stays a
//! function of state.

mod use_custom_attribute_names;
mod use_debounced;
mod use_permissions;
mod use_ready_event;
mod use_target;
mod use_tenant_roles;

pub use use_custom_attribute_names::use_custom_attribute_names;
pub use use_debounced::use_debounced;
pub use use_permissions::use_permissions;
pub use use_ready_event::use_ready_event;
pub use use_target::use_target;
pub use use_tenant_roles::{TENANT_ADMIN_ROLE, TenantRoles, use_tenant_roles};
