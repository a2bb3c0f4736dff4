//! `use_tenant_roles`: the roles an admin can give in this tenant, for the user widget's pickers
//! and filters.
//!
//! `GET /v1/mgmt/role/all` (the project roles and this tenant's roles) when the server has it;
//! otherwise every role seen on the users loaded so far plus the built-in `Tenant Admin`. Asked
//! again whenever `reload` changes, so a role created meanwhile (in the role widget, say) is
//! offered the next time a form opens. The server's answer also says which roles the admin may
//! not give or take away (they carry permissions the admin does not hold): the pickers show those
//! disabled, with the reason.

use crate::list::{SearchTarget, Setting};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use yew::platform::spawn_local;
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
    pub locked: Rc<BTreeMap<String, Vec<String>>>,
}

/// Roles of the tenant: from the server when it lists them, else `seen` plus `Tenant Admin`.
/// `seen` are the roles on the rows on screen; they accumulate over pages.
#[hook]
pub fn use_tenant_roles(
    target: Result<SearchTarget, Vec<Setting>>,
    seen: Vec<String>,
    reload: u64,
) -> TenantRoles {
    let listed = use_state(|| None::<TenantRoles>);
    let accumulated = use_mut_ref(|| BTreeSet::from([TENANT_ADMIN_ROLE.to_owned()]));
    accumulated.borrow_mut().extend(seen);
    {
        let listed = listed.clone();
        use_effect_with((target, reload), move |(target, _)| {
            if let Ok(target) = target.clone() {
                spawn_local(async move {
                    let roles = target.client().roles().await.ok().map(|response| {
                        let mut roles = TenantRoles::default();
                        let mut locked = BTreeMap::new();
                        for role in response.roles.into_iter().filter(|role| {
                            role.tenant_id.as_str().is_empty() || role.tenant_id == target.tenant
                        }) {
                            if role.grantable == Some(false) {
                                locked.insert(role.name.clone(), role.permissions_not_held);
                            }
                            roles.names.push(role.name);
                        }
                        roles.names.sort();
                        roles.names.dedup();
                        roles.locked = Rc::new(locked);
                        roles
                    });
                    listed.set(roles.filter(|roles| !roles.names.is_empty()));
                });
            }
        });
    }
    match &*listed {
        Some(roles) => roles.clone(),
        None => TenantRoles {
            names: accumulated.borrow().iter().cloned().collect(),
            locked: Rc::default(),
        },
    }
}
