//! Capabilities: what a call may reach, handed out only after a check (the model is lldap's
//! `access-control` crate).
//!
//! A leaf module: it depends on neither [`crate::auth`] nor [`crate::db`]. `auth` makes the
//! capabilities, once it has checked the caller against the database; `db` takes them in every
//! method that reads or writes tenant data, and turns a [`Scope`] into the one tenant filter of
//! its SQL (`Sql::confine`). So the dependencies run `api → auth → db → capability`, and a
//! handler cannot reach another tenant's rows without a check first.
//!
//! The fields are private and the constructors are `pub(crate)` and named `after_check`: only the
//! checks in `auth` call them (the test below holds that). The one exception is named for what it
//! is: [`ProjectWide::bypass_for_trusted_local_code`], for the command line, the demo seed and
//! tests, never for a request.

use tenantkit_wire::{TenantId, UserId};

/// Capability: project-wide access (a management key, or trusted in-process code).
#[derive(Debug)]
pub struct ProjectWide {
    _private: (),
}

impl ProjectWide {
    /// For a management key, once it has been checked.
    pub(crate) fn after_check() -> Self {
        Self { _private: () }
    }

    /// Project-wide access with no check at all, for trusted code running in the server process
    /// itself: the command line, the demo seed and tests. A request handler never calls this: it
    /// gets its capability from `auth::authorize`.
    pub fn bypass_for_trusted_local_code() -> Self {
        Self { _private: () }
    }
}

/// Capability: access confined to one tenant, for a caller checked to hold the permission
/// there (or a management key that asked for that tenant).
#[derive(Debug)]
pub struct TenantScope {
    tenant_id: TenantId,
    caller: Option<UserId>,
}

impl TenantScope {
    /// For `caller` (`None`: a management key), once they have been checked in `tenant_id`.
    pub(crate) fn after_check(tenant_id: TenantId, caller: Option<UserId>) -> Self {
        Self { tenant_id, caller }
    }

    /// Access confined to `tenant_id` with no check at all, as a management key that asked
    /// for the tenant has, for trusted code running in the server process itself (benchmarks
    /// measuring what a tenant's search runs). A request handler never calls this.
    pub fn bypass_for_trusted_local_code(tenant_id: TenantId) -> Self {
        Self {
            tenant_id,
            caller: None,
        }
    }

    /// The tenant every read and write is confined to.
    pub fn tenant_id(&self) -> &TenantId {
        &self.tenant_id
    }

    /// The user acting, in widget mode.
    pub fn caller(&self) -> Option<&UserId> {
        self.caller.as_ref()
    }

    /// The same reach as a [`Scope`], for storage methods that serve both kinds (a management
    /// key's scope has no caller; a widget-mode scope keeps its caller, and with it the rules
    /// that bind tenant admins).
    pub fn to_scope(&self) -> Scope {
        Scope::Tenant(Self {
            tenant_id: self.tenant_id.clone(),
            caller: self.caller.clone(),
        })
    }

    /// Whether a request that names `requested` means this scope's tenant: it may repeat it
    /// or leave it empty.
    pub fn means(&self, requested: &TenantId) -> bool {
        requested.as_str().is_empty() || requested == &self.tenant_id
    }
}

/// What a management call may reach.
#[derive(Debug)]
pub enum Scope {
    /// Every tenant.
    Project(ProjectWide),
    /// One tenant.
    Tenant(TenantScope),
}

impl Scope {
    /// The tenant the call is confined to, if any.
    pub fn tenant_id(&self) -> Option<&TenantId> {
        match self {
            Self::Project(_) => None,
            Self::Tenant(scope) => Some(scope.tenant_id()),
        }
    }

    /// `(tenant, caller)` in a tenant scope: how users are projected onto the tenant.
    pub fn tenant_view(&self) -> Option<(&TenantId, Option<&UserId>)> {
        match self {
            Self::Project(_) => None,
            Self::Tenant(scope) => Some((scope.tenant_id(), scope.caller())),
        }
    }

    /// The tenant a request naming `requested` is about: in a tenant scope its own (when the
    /// request [means](TenantScope::means) it; otherwise `Err` with the own tenant, for the
    /// refusal), project-wide the requested one.
    pub fn resolve<'a>(&'a self, requested: &'a TenantId) -> Result<&'a TenantId, &'a TenantId> {
        match self {
            Self::Project(_) => Ok(requested),
            Self::Tenant(scope) if scope.means(requested) => Ok(scope.tenant_id()),
            Self::Tenant(scope) => Err(scope.tenant_id()),
        }
    }

    /// Whether rows of `tenant` (`""`: the project's own) are within reach: every tenant
    /// project-wide, only its own in a tenant scope.
    pub fn reaches(&self, tenant: &str) -> bool {
        self.tenant_id().is_none_or(|own| own.as_str() == tenant)
    }

    /// The tenants a search asked for, as far as they narrow it: all of `requested`
    /// project-wide; none in a tenant scope, which is confined to its tenant already (see
    /// `Sql::confine`) whatever was asked.
    pub fn asked<'a, T>(&self, requested: &'a [T]) -> &'a [T] {
        match self {
            Self::Project(_) => requested,
            Self::Tenant(_) => &[],
        }
    }

    /// The tenant what is written in this scope is recorded under (audit events, invitations):
    /// the scope's tenant, or `""` project-wide.
    pub fn recorded_tenant(&self) -> &str {
        self.tenant_id().map_or("", TenantId::as_str)
    }
}

/// Capability: a user acting on their own account, checked to be active (correct password, or
/// a token that is still valid for an enabled user).
#[derive(Debug)]
pub struct Myself {
    user_id: UserId,
    /// The session epoch the check saw: tokens issued for this capability carry it, so a token
    /// minted while the sessions are being ended is born revoked.
    session_epoch: i64,
}

impl Myself {
    /// For `user_id`, once they have been checked at `session_epoch`.
    pub(crate) fn after_check(user_id: UserId, session_epoch: i64) -> Self {
        Self {
            user_id,
            session_epoch,
        }
    }

    /// The user.
    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }

    /// The session epoch the check saw.
    pub fn session_epoch(&self) -> i64 {
        self.session_epoch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every `.rs` file under `dir`, with its path relative to `src/`.
    fn sources(dir: &Path, found: &mut Vec<(String, String)>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                sources(&path, found)?;
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path)?;
                let name = path.to_string_lossy().replace('\\', "/");
                let name = name.split("/src/").last().unwrap_or_default().to_owned();
                found.push((name, text));
            }
        }
        Ok(())
    }

    #[test]
    fn capabilities_are_made_only_by_the_checks_and_the_bypass_only_off_the_request_path()
    -> std::io::Result<()> {
        let mut found = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        )?;
        assert!(found.len() > 20, "the sources were read");
        for (name, text) in &found {
            if name != "capability.rs" && !name.starts_with("auth/") {
                assert!(!text.contains("after_check("), "{name} makes a capability");
            }
            if !matches!(
                name.as_str(),
                "capability.rs" | "cli.rs" | "seed.rs" | "bootstrap.rs"
            ) {
                assert!(
                    !text.contains("bypass_for_trusted_local_code("),
                    "{name} bypasses the checks"
                );
            }
            if name.starts_with("db/") {
                assert!(!text.contains("crate::auth"), "{name} depends on auth");
            }
        }
        Ok(())
    }

    #[test]
    fn a_tenant_scope_reaches_its_own_tenant_only() {
        let tenant = Scope::Tenant(TenantScope::after_check(TenantId::new("acme"), None));
        assert!(tenant.reaches("acme"));
        assert!(!tenant.reaches("globex") && !tenant.reaches(""));
        assert_eq!(tenant.recorded_tenant(), "acme");
        assert!(tenant.asked(&["globex"]).is_empty());
        let (acme, globex, none) = (
            TenantId::new("acme"),
            TenantId::new("globex"),
            TenantId::new(""),
        );
        assert_eq!(tenant.resolve(&none), Ok(&acme));
        assert_eq!(tenant.resolve(&acme), Ok(&acme));
        assert_eq!(tenant.resolve(&globex), Err(&acme));
        let project = Scope::Project(ProjectWide::after_check());
        assert!(project.reaches("globex") && project.reaches(""));
        assert_eq!(project.recorded_tenant(), "");
        assert_eq!(project.asked(&["globex"]), ["globex"]);
        assert_eq!(project.resolve(&globex), Ok(&globex));
    }
}
