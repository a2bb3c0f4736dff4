//! `use_tenant_roles`: the roles an admin can give in this tenant, for the pickers and filters.
//!
//! There is no role endpoint in the user slice yet, so: `GET /v1/mgmt/role/all` when the server
//! has it (project roles and this tenant's roles), otherwise every role seen on the users loaded so
//! far plus the built-in `Tenant Admin`.

use crate::state::{SearchTarget, Setting};
use std::collections::BTreeSet;
use tenantkit_client::Method;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The built-in project role every tenant can use.
pub const TENANT_ADMIN_ROLE: &str = "Tenant Admin";

/// Roles of the tenant: from the server when it lists them, else `seen` plus `Tenant Admin`.
/// `seen` are the roles on the rows on screen; they accumulate over pages.
#[hook]
pub fn use_tenant_roles(
    target: Result<SearchTarget, Vec<Setting>>,
    seen: Vec<String>,
) -> Vec<String> {
    let listed = use_state(|| None::<Vec<String>>);
    let accumulated = use_mut_ref(|| BTreeSet::from([TENANT_ADMIN_ROLE.to_owned()]));
    accumulated.borrow_mut().extend(seen);
    {
        let listed = listed.clone();
        use_effect_with(target, move |target| {
            if let Ok(target) = target.clone() {
                spawn_local(async move {
                    let response = target
                        .client()
                        .call::<(), serde_json::Value>(Method::Get, "/v1/mgmt/role/all", None)
                        .await;
                    let roles = response.ok().and_then(|body| {
                        let roles = body.get("roles")?.as_array()?;
                        Some(
                            roles
                                .iter()
                                .filter(|role| {
                                    let tenant = role
                                        .get("tenantId")
                                        .and_then(|t| t.as_str())
                                        .unwrap_or_default();
                                    tenant.is_empty() || tenant == target.tenant.as_str()
                                })
                                .filter_map(|role| role.get("name")?.as_str().map(str::to_owned))
                                .collect::<BTreeSet<_>>()
                                .into_iter()
                                .collect::<Vec<_>>(),
                        )
                    });
                    listed.set(roles.filter(|roles| !roles.is_empty()));
                });
            }
        });
    }
    match &*listed {
        Some(roles) => roles.clone(),
        None => accumulated.borrow().iter().cloned().collect(),
    }
}
