//! The role list and the impact of a change, with no DOM code: rows as the table shows them, the
//! query (search, sort, page), and what a change or a deletion would take from whom.

use crate::collections::VecSet;
use crate::list::{ListQuery, ListRow, Page, SearchTarget, searched_sorted_paged};
use tenantkit_client::ApiError;
use tenantkit_wire::PERMISSION_USER_ADMIN;
use tenantkit_wire::SortField;
use tenantkit_wire::role::{DeleteRolesResponse, Role, RoleImpactResponse, RoleSearchRequest};

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
    pub users: u64,
    /// Access keys of this tenant holding it.
    pub access_keys: u64,
    /// Whether the signed-in admin may change or delete it (only the tenant's own roles).
    pub editable: bool,
}

impl RoleRow {
    /// A key unique in the list (the table row's `key`, its open menu): a project role and a
    /// tenant role may have the same name. The selection holds names: only tenant roles, whose
    /// names are unique, can be selected.
    pub fn unique_key(&self) -> String {
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
            users: role.user_count,
            access_keys: role.access_key_count,
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
    /// How many users hold it (`userCount`; the column shows access keys too).
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
    type Column = RoleSortColumn;

    async fn fetch(self, target: SearchTarget) -> Result<Page<RoleRow>, ApiError> {
        let response = target.client().search_roles(&self.request()).await?;
        Ok(Page {
            rows: response.roles.iter().map(RoleRow::from).collect(),
            total: response.total,
            capped: false,
            searched_newest: None,
        })
    }

    searched_sorted_paged!();

    /// True when a search narrows the list (so "no roles" means "none match").
    fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

impl ListRow for RoleRow {
    type Key = String;

    fn key(&self) -> String {
        self.name.clone()
    }

    fn selectable(&self) -> bool {
        self.editable
    }
}

/// Permissions in `before` that are not in `after`, in order.
pub fn removed_permissions(before: &[String], after: &VecSet<String>) -> Vec<String> {
    before
        .iter()
        .filter(|permission| !after.contains(*permission))
        .cloned()
        .collect()
}

/// What one role's change or deletion takes from whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleImpact {
    /// The role.
    pub role: String,
    /// Users of the tenant holding it.
    pub users: u64,
    /// Access keys of the tenant holding it.
    pub access_keys: u64,
    /// Permissions its holders lose through it.
    pub permissions_lost: Vec<String>,
}

/// What a change (one role) or a deletion (one or more) would take away, from one answer of the
/// server's impact query, ready for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    /// One entry per role concerned, in the order asked.
    pub roles: Vec<RoleImpact>,
    /// Users holding any of them, each counted once.
    pub users: u64,
    /// Access keys holding any of them, each counted once.
    pub access_keys: u64,
    /// Permissions the holders lose through them.
    pub permissions_lost: Vec<String>,
    /// The signed-in admin would no longer hold `User Admin` in the tenant (the server weighs
    /// every role concerned at once).
    pub removes_own_user_admin: bool,
}

impl Impact {
    /// The server's answer about `asked` (the role names sent, in order). An answer without
    /// per-role entries (a server before them) stands for its one role.
    pub fn from_response(asked: &[String], response: RoleImpactResponse) -> Self {
        let roles = if response.roles.is_empty() {
            asked
                .iter()
                .map(|role| RoleImpact {
                    role: role.clone(),
                    users: if asked.len() == 1 { response.users } else { 0 },
                    access_keys: if asked.len() == 1 {
                        response.access_keys
                    } else {
                        0
                    },
                    permissions_lost: if asked.len() == 1 {
                        response.permissions_lost.clone()
                    } else {
                        Vec::new()
                    },
                })
                .collect()
        } else {
            response
                .roles
                .into_iter()
                .map(|entry| RoleImpact {
                    role: entry.name,
                    users: entry.users,
                    access_keys: entry.access_keys,
                    permissions_lost: entry.permissions_lost,
                })
                .collect()
        };
        Self {
            roles,
            users: response.users,
            access_keys: response.access_keys,
            permissions_lost: response.permissions_lost,
            removes_own_user_admin: response.removes_own_user_admin,
        }
    }

    /// Whether anyone holds a role concerned.
    pub fn has_holders(&self) -> bool {
        self.users > 0 || self.access_keys > 0
    }

    /// Whether a change with this impact must be confirmed before it is sent: it takes
    /// permissions from holders, or `User Admin` from the admin.
    pub fn needs_confirmation(&self) -> bool {
        (self.has_holders() && !self.permissions_lost.is_empty()) || self.removes_own_user_admin
    }
}

/// Who lost deleted roles, as the server counted them in the delete's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deleted {
    /// Users who held at least one of the roles.
    pub users: u64,
    /// Access keys that held at least one of them.
    pub access_keys: u64,
}

impl From<DeleteRolesResponse> for Deleted {
    fn from(response: DeleteRolesResponse) -> Self {
        Self {
            // A server before `usersAffected` answers `holdersAffected` only.
            users: response.users_affected.max(response.holders_affected),
            access_keys: response.access_keys_affected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::TenantId;
    use tenantkit_wire::role::RoleImpactEntry;

    fn entry(name: &str, users: u64, keys: u64, lost: &[&str]) -> RoleImpactEntry {
        RoleImpactEntry {
            name: name.to_owned(),
            users,
            access_keys: keys,
            permissions_lost: lost.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    fn answer(users: u64, lost: &[&str], own: bool) -> RoleImpactResponse {
        RoleImpactResponse {
            users,
            access_keys: 0,
            permissions_lost: lost.iter().map(|p| (*p).to_owned()).collect(),
            removes_own_user_admin: own,
            roles: vec![entry("Support", users, 0, lost)],
        }
    }

    fn change(response: RoleImpactResponse) -> Impact {
        Impact::from_response(&["Support".to_owned()], response)
    }

    #[test]
    fn project_roles_are_read_only_rows() {
        let role = Role {
            name: "Tenant Admin".into(),
            permission_names: vec!["User Admin".into(), "Impersonate".into()],
            user_count: 2,
            access_key_count: 1,
            editable: Some(false),
            ..Role::default()
        };
        let row = RoleRow::from(&role);
        assert!(row.project && !row.editable && row.grants_user_admin());
        assert_eq!((row.users, row.access_keys), (2, 1));
        assert_eq!(row.permissions, ["Impersonate", "User Admin"]);
        assert_eq!(row.unique_key(), "project:Tenant Admin");
        let own = RoleRow::from(&Role {
            tenant_id: TenantId::new("acme"),
            ..role
        });
        assert_eq!(own.unique_key(), "tenant:Tenant Admin");
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
        let after = VecSet::from(["Billing Read".to_owned(), "Reports View".to_owned()]);
        assert_eq!(removed_permissions(&before, &after), ["SSO Admin"]);
    }

    #[test]
    fn a_change_needs_confirmation_only_when_holders_lose_something() {
        let nobody = change(answer(0, &["SSO Admin"], false));
        assert!(!nobody.needs_confirmation() && !nobody.has_holders());
        let some = change(answer(12, &["SSO Admin"], false));
        assert!(some.needs_confirmation());
        let nothing_lost = change(answer(12, &[], false));
        assert!(!nothing_lost.needs_confirmation());
        let own = change(answer(1, &["User Admin"], true));
        assert!(own.removes_own_user_admin && own.needs_confirmation());
    }

    #[test]
    fn a_deletion_of_several_roles_is_one_answer_with_distinct_totals() {
        let asked = ["A".to_owned(), "B".to_owned()];
        let impact = Impact::from_response(
            &asked,
            RoleImpactResponse {
                users: 2,
                access_keys: 1,
                permissions_lost: vec!["User Admin".to_owned()],
                removes_own_user_admin: true,
                roles: vec![
                    entry("A", 2, 1, &["User Admin"]),
                    entry("B", 1, 1, &["User Admin"]),
                ],
            },
        );
        assert_eq!((impact.users, impact.access_keys), (2, 1));
        assert_eq!(impact.roles.len(), 2);
        assert_eq!(impact.roles[1].users, 1);
        assert!(
            impact.removes_own_user_admin,
            "the server said so for the set"
        );
    }

    #[test]
    fn an_answer_without_entries_stands_for_its_one_role() {
        let impact = Impact::from_response(
            &["Support".to_owned()],
            RoleImpactResponse {
                roles: Vec::new(),
                ..answer(3, &["Billing Read"], false)
            },
        );
        assert_eq!(impact.roles[0].role, "Support");
        assert_eq!(impact.roles[0].users, 3);
        assert_eq!(impact.roles[0].permissions_lost, ["Billing Read"]);
    }

    #[test]
    fn deleted_counts_read_old_and_new_answers() {
        let new = Deleted::from(DeleteRolesResponse {
            users_affected: 3,
            access_keys_affected: 2,
            holders_affected: 3,
        });
        assert_eq!(
            new,
            Deleted {
                users: 3,
                access_keys: 2
            }
        );
        let old = Deleted::from(DeleteRolesResponse {
            holders_affected: 4,
            ..DeleteRolesResponse::default()
        });
        assert_eq!(
            old,
            Deleted {
                users: 4,
                access_keys: 0
            }
        );
    }
}
