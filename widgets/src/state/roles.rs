//! The role list and the impact of a change, with no DOM code: rows as the table shows them, the
//! query (search, sort, page), and what a change or a deletion would take from whom.

use super::{ListQuery, Page};
use std::collections::BTreeSet;
use tenantkit_client::{ApiError, Client};
use tenantkit_wire::PERMISSION_USER_ADMIN;
use tenantkit_wire::SortField;
use tenantkit_wire::role::{Role, RoleImpactResponse, RoleSearchRequest};

/// One role as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    /// Name, unique within its tenant (a project role and a tenant role may share one).
    pub name: String,
    /// Description.
    pub description: String,
    /// Permissions it grants, sorted.
    pub permissions: Vec<String>,
    /// A project role (`tenantId` ""): the same for every tenant, read-only here.
    pub project: bool,
    /// Users of this tenant holding it.
    pub holders: u64,
    /// Whether the signed-in admin may change or delete it (only the tenant's own roles).
    pub editable: bool,
}

impl RoleRow {
    /// A key unique in the list: a project role and a tenant role may have the same name.
    pub fn key(&self) -> String {
        let scope = if self.project { "project" } else { "tenant" };
        format!("{scope}:{}", self.name)
    }

    /// Whether the role grants `User Admin`.
    pub fn grants_user_admin(&self) -> bool {
        self.permissions.iter().any(|p| p == PERMISSION_USER_ADMIN)
    }
}

impl From<&Role> for RoleRow {
    fn from(role: &Role) -> Self {
        let project = role.tenant_id.as_str().is_empty();
        let mut permissions = role.permission_names.clone();
        permissions.sort();
        Self {
            name: role.name.clone(),
            description: role.description.clone(),
            permissions,
            project,
            holders: role.user_count,
            // A server that does not say is trusted for the tenant's own roles only; it refuses
            // whatever it does not allow anyway.
            editable: role.editable.unwrap_or(!project),
        }
    }
}

/// A column the role table can be sorted by, with its wire field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleSortColumn {
    /// The name.
    Name,
    /// The description.
    Description,
    /// How many users hold it (`userCount`).
    Holders,
}

impl RoleSortColumn {
    /// The field name the server sorts by.
    pub fn field(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Description => "description",
            Self::Holders => "userCount",
        }
    }
}

/// Roles per page before the admin chooses another size (one of [`super::PAGE_SIZES`]).
pub const DEFAULT_ROLE_PAGE_SIZE: u32 = 25;

/// What the role table asks the server for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleQuery {
    /// Free text over name and description (the server matches it).
    pub text: String,
    /// Sort column and whether descending.
    pub sort: Option<(RoleSortColumn, bool)>,
    /// 0-based page.
    pub page: u32,
    /// Roles per page.
    pub page_size: u32,
}

impl Default for RoleQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            sort: None,
            page: 0,
            page_size: DEFAULT_ROLE_PAGE_SIZE,
        }
    }
}

impl RoleQuery {
    /// True when a search narrows the list (so "no roles" means "none match").
    pub fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// The search request for the current page. Widget mode always answers with the tenant's
    /// roles and the project roles.
    pub fn request(&self) -> RoleSearchRequest {
        RoleSearchRequest {
            text: self.text.trim().to_owned(),
            sort: self
                .sort
                .map(|(column, desc)| SortField {
                    field: column.field().to_owned(),
                    desc,
                })
                .into_iter()
                .collect(),
            limit: self.page_size,
            page: self.page,
            include_project_roles: true,
            ..RoleSearchRequest::default()
        }
    }
}

impl ListQuery for RoleQuery {
    type Row = RoleRow;

    async fn fetch(self, client: Client) -> Result<Page<RoleRow>, ApiError> {
        let response = client.search_roles(&self.request()).await?;
        Ok(Page {
            rows: response.roles.iter().map(RoleRow::from).collect(),
            total: response.total,
        })
    }
}

/// Permissions in `before` that are not in `after`, in order.
pub fn removed_permissions(before: &[String], after: &BTreeSet<String>) -> Vec<String> {
    before
        .iter()
        .filter(|permission| !after.contains(*permission))
        .cloned()
        .collect()
}

/// Whether the signed-in admin keeps `User Admin` in the tenant after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnUserAdmin {
    /// They keep it (the server said so for every role concerned).
    Kept,
    /// They lose it: the server said so.
    Lost,
    /// Several roles granting it go at once: the server answers per role, so it cannot say
    /// whether they were the admin's only source. Treated like [`OwnUserAdmin::Lost`].
    MaybeLost,
}

/// What one role's change or deletion takes from whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleImpact {
    /// The role.
    pub role: String,
    /// Users of the tenant holding it.
    pub users: u64,
    /// Access keys holding it.
    pub access_keys: u64,
    /// Permissions its holders lose through it.
    pub permissions_lost: Vec<String>,
}

/// What a change (one role) or a deletion (one or more) would take away, from the server's
/// impact query, ready for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    /// One entry per role concerned.
    pub roles: Vec<RoleImpact>,
    /// Whether the admin keeps their own `User Admin`.
    pub own_user_admin: OwnUserAdmin,
}

impl Impact {
    /// The impact of changing `role` (the server's answer for it).
    pub fn of_change(role: &str, response: RoleImpactResponse) -> Self {
        Self::of_roles(vec![(role.to_owned(), false, response)])
    }

    /// The impact of deleting roles: for each, its name, whether it grants `User Admin`, and the
    /// server's answer for it alone.
    pub fn of_roles(answers: Vec<(String, bool, RoleImpactResponse)>) -> Self {
        let lost = answers
            .iter()
            .any(|(_, _, answer)| answer.removes_own_user_admin);
        let granting_admin = answers.iter().filter(|(_, grants, _)| *grants).count();
        let own_user_admin = if lost {
            OwnUserAdmin::Lost
        } else if granting_admin > 1 {
            OwnUserAdmin::MaybeLost
        } else {
            OwnUserAdmin::Kept
        };
        Self {
            roles: answers
                .into_iter()
                .map(|(role, _, answer)| RoleImpact {
                    role,
                    users: answer.users,
                    access_keys: answer.access_keys,
                    permissions_lost: answer.permissions_lost,
                })
                .collect(),
            own_user_admin,
        }
    }

    /// Whether anyone holds a role concerned.
    pub fn has_holders(&self) -> bool {
        self.roles
            .iter()
            .any(|role| role.users > 0 || role.access_keys > 0)
    }

    /// Whether a change with this impact must be confirmed before it is sent: it takes
    /// permissions from holders, or `User Admin` from the admin.
    pub fn needs_confirmation(&self) -> bool {
        let takes_from_holders = self.roles.iter().any(|role| {
            (role.users > 0 || role.access_keys > 0) && !role.permissions_lost.is_empty()
        });
        takes_from_holders || self.own_user_admin != OwnUserAdmin::Kept
    }
}

impl crate::hooks::ListQuery for RoleQuery {
    type Column = RoleSortColumn;
    fn text_mut(&mut self) -> &mut String {
        &mut self.text
    }
    fn sort_mut(&mut self) -> &mut Option<(RoleSortColumn, bool)> {
        &mut self.sort
    }
    fn page_mut(&mut self) -> &mut u32 {
        &mut self.page
    }
    fn page_size_mut(&mut self) -> &mut u32 {
        &mut self.page_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::TenantId;

    fn answer(users: u64, lost: &[&str], own: bool) -> RoleImpactResponse {
        RoleImpactResponse {
            users,
            access_keys: 0,
            permissions_lost: lost.iter().map(|p| (*p).to_owned()).collect(),
            removes_own_user_admin: own,
            ..RoleImpactResponse::default()
        }
    }

    #[test]
    fn project_roles_are_read_only_rows() {
        let role = Role {
            name: "Tenant Admin".into(),
            permission_names: vec!["User Admin".into(), "Impersonate".into()],
            user_count: 2,
            editable: Some(false),
            ..Role::default()
        };
        let row = RoleRow::from(&role);
        assert!(row.project && !row.editable && row.grants_user_admin());
        assert_eq!(row.permissions, ["Impersonate", "User Admin"]);
        assert_eq!(row.key(), "project:Tenant Admin");
        let own = RoleRow::from(&Role {
            tenant_id: TenantId::new("acme"),
            ..role
        });
        assert_eq!(own.key(), "tenant:Tenant Admin");
    }

    #[test]
    fn the_query_asks_for_the_page_and_sort() {
        let query = RoleQuery {
            text: " billing ".into(),
            sort: Some((RoleSortColumn::Holders, true)),
            page: 2,
            page_size: 10,
        };
        let request = query.request();
        assert_eq!(request.text, "billing");
        assert_eq!((request.limit, request.page), (10, 2));
        assert_eq!(request.sort[0].field, "userCount");
        assert!(request.sort[0].desc && request.include_project_roles);
        assert!(query.is_filtered());
    }

    #[test]
    fn removed_permissions_keep_their_order() {
        let before = ["Billing Read".to_owned(), "SSO Admin".to_owned()];
        let after = BTreeSet::from(["Billing Read".to_owned(), "Reports View".to_owned()]);
        assert_eq!(removed_permissions(&before, &after), ["SSO Admin"]);
    }

    #[test]
    fn a_change_needs_confirmation_only_when_holders_lose_something() {
        let nobody = Impact::of_change("Support", answer(0, &["SSO Admin"], false));
        assert!(!nobody.needs_confirmation() && !nobody.has_holders());
        let some = Impact::of_change("Support", answer(12, &["SSO Admin"], false));
        assert!(some.needs_confirmation());
        let own = Impact::of_change("Admins", answer(1, &["User Admin"], true));
        assert_eq!(own.own_user_admin, OwnUserAdmin::Lost);
    }

    #[test]
    fn deleting_several_user_admin_roles_may_take_it_from_the_admin() {
        let impact = Impact::of_roles(vec![
            ("A".into(), true, answer(1, &["User Admin"], false)),
            ("B".into(), true, answer(1, &["User Admin"], false)),
        ]);
        assert_eq!(impact.own_user_admin, OwnUserAdmin::MaybeLost);
        let one = Impact::of_roles(vec![
            ("A".into(), true, answer(1, &["User Admin"], false)),
            ("C".into(), false, answer(0, &[], false)),
        ]);
        assert_eq!(one.own_user_admin, OwnUserAdmin::Kept);
    }
}
