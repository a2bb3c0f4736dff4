//! `use_tenant_roles`: the roles an admin can give in this tenant, for the user widget's pickers
//! and filters.
//!
//! `GET /v1/mgmt/role/all` (the project roles and this tenant's roles) when the server has it;
//! otherwise every role seen on the users loaded so far plus the built-in `Tenant Admin`. Asked
//! again whenever `reload` changes, so a role created meanwhile (in the role widget, say) is
//! offered the next time a form opens. The server's answer also says which roles the admin may
//! not give or take away (they carry permissions the admin does not hold): the pickers show those
//! disabled, with the reason.

use crate::collections::{VecMap, VecSet};
use crate::list::{SearchTarget, Setting, use_fetch};
use std::rc::Rc;
use yew::prelude::*;

/// The built-in project role every tenant can use.
pub const TENANT_ADMIN_ROLE: &str = tenantkit_wire::ROLE_TENANT_ADMIN;

/// What the admin may give in this tenant.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TenantRoles {
    /// Role names, sorted.
    pub names: Vec<String>,
    /// Roles the admin may not give or take away, each with the permissions it carries that
    /// the admin does not hold (the server's `permissionsNotHeld`).
    pub locked: Rc<VecMap<String, Vec<String>>>,
    /// Roles that carry `User Admin` (what the admin manages users through): taking the last of
    /// them from oneself is warned about before it is sent.
    pub admin_roles: Rc<VecSet<String>>,
}

/// Roles of the tenant: from the server when it lists them, else `seen` plus `Tenant Admin`.
/// `seen` are the roles on the rows on screen; they accumulate over pages. Nothing is asked
/// until `wanted` (a list widget's first page is on screen first).
#[hook]
pub fn use_tenant_roles(
    target: Result<SearchTarget, Vec<Setting>>,
    seen: Vec<String>,
    reload: u64,
    wanted: bool,
) -> TenantRoles {
    let accumulated = use_mut_ref(|| VecSet::from([TENANT_ADMIN_ROLE.to_owned()]));
    accumulated.borrow_mut().extend(seen);
    let listed = use_fetch((target, reload, wanted), |(target, _, wanted)| {
        let target = target.clone().ok().filter(|_| *wanted)?;
        Some(async move {
            let response = target.client().roles().await.ok()?;
            let mut roles = TenantRoles::default();
            let mut locked = VecMap::new();
            let mut admin_roles = VecSet::new();
            let mut names = VecSet::new();
            for role in response.roles.into_iter().filter(|role| {
                role.tenant_id.as_str().is_empty() || role.tenant_id == target.tenant
            }) {
                if role.grantable == Some(false) {
                    locked.insert(role.name.clone(), role.permissions_not_held);
                }
                if role
                    .permission_names
                    .iter()
                    .any(|p| p == tenantkit_wire::PERMISSION_USER_ADMIN)
                {
                    admin_roles.insert(role.name.clone());
                }
                names.insert(role.name);
            }
            roles.names = names.into_iter().collect();
            roles.locked = Rc::new(locked);
            roles.admin_roles = Rc::new(admin_roles);
            Some(roles).filter(|roles| !roles.names.is_empty())
        })
    });
    match listed.as_deref() {
        Some(Some(roles)) => roles.clone(),
        _ => TenantRoles {
            names: accumulated.borrow().iter().cloned().collect(),
            locked: Rc::default(),
            admin_roles: Rc::new(VecSet::from([TENANT_ADMIN_ROLE.to_owned()])),
        },
    }
}
