//! The user list's rows and query: what the table shows and what it asks the server for.

use crate::list::{ListQuery, ListRow, ListState, Page, SearchTarget, searched_sorted_paged};
use tenantkit_client::ApiError;
use tenantkit_wire::{SortField, User, UserId, UserSearchRequest, UserStatus};

/// One user as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    /// Stable key for the row.
    pub user_id: UserId,
    /// The first login id.
    pub login_id: String,
    /// Display name, or the given and family names when there is no display name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Status.
    pub status: UserStatus,
    /// Roles in the tenant (widget mode puts them in the top-level `roleNames`).
    pub roles: Vec<String>,
    /// Phone number.
    pub phone: String,
    /// Whether the signed-in admin may change this user's account (false for themself, and for
    /// a user who also belongs to other tenants).
    pub editable: bool,
    /// Whether the signed-in admin may change this user's roles here and remove them from the
    /// tenant (false for themself only). With `editable` false, it means the account is shared
    /// with other tenants.
    pub membership_editable: bool,
    /// The user's custom attributes, for the edit form.
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
}

impl UserRow {
    /// Up to two initials for the avatar: from the name, else from the login id.
    pub fn initials(&self) -> String {
        let source = if self.name.is_empty() {
            &self.login_id
        } else {
            &self.name
        };
        let firsts: String = source
            .split(|c: char| c.is_whitespace() || c == '@' || c == '.')
            .filter_map(|word| word.chars().next())
            .collect();
        crate::i18n::upper_alphanumerics(&firsts, 2)
    }
}

impl From<&User> for UserRow {
    fn from(user: &User) -> Self {
        let name = if user.name.trim().is_empty() {
            [&user.given_name, &user.family_name]
                .into_iter()
                .filter(|part| !part.trim().is_empty())
                .map(|part| part.trim())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            user.name.trim().to_owned()
        };
        Self {
            user_id: user.user_id.clone(),
            login_id: user
                .login_ids
                .first()
                .map(|id| id.as_str().to_owned())
                .unwrap_or_default(),
            name,
            email: user.email.clone(),
            status: user.status,
            roles: user.role_names.clone(),
            phone: user.phone.clone(),
            editable: user.editable.unwrap_or(true),
            // A server that does not say (Descope's) means `editable` for both.
            membership_editable: user.membership_editable.or(user.editable).unwrap_or(true),
            custom_attributes: user.custom_attributes.clone(),
        }
    }
}

impl ListRow for UserRow {
    type Key = UserId;

    fn key(&self) -> UserId {
        self.user_id.clone()
    }

    fn selectable(&self) -> bool {
        true
    }
}

/// A column the table can be sorted by, with its wire field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    /// The login id (`loginIds`).
    LoginId,
    /// The display name.
    Name,
    /// The email address.
    Email,
    /// The status.
    Status,
}

impl SortColumn {
    /// The field name the server sorts by.
    pub fn field(self) -> &'static str {
        match self {
            Self::LoginId => "loginIds",
            Self::Name => "name",
            Self::Email => "email",
            Self::Status => "status",
        }
    }
}

/// What the table asks the server for: filter, sort and page. Changing anything but the page
/// goes back to the first page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    /// Free text over login id, name, email and phone (the server matches it).
    pub text: String,
    /// Only users with this status.
    pub status: Option<UserStatus>,
    /// Only users holding this role in the tenant.
    pub role: Option<String>,
    /// Sort column and whether descending.
    pub sort: Option<(SortColumn, bool)>,
    /// 0-based page.
    pub page: u32,
    /// Users per page.
    pub page_size: u32,
}

impl Default for UserQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            status: None,
            role: None,
            sort: None,
            page: 0,
            page_size: crate::list::DEFAULT_PAGE_SIZE,
        }
    }
}

impl UserQuery {
    /// The search request for page `page` of `page_size` users with this filter and sort.
    pub fn request(&self, page: u32, page_size: u32) -> UserSearchRequest {
        UserSearchRequest {
            limit: page_size,
            page,
            text: self.text.trim().to_owned(),
            statuses: self.status.into_iter().collect(),
            role_names: self.role.clone().into_iter().collect(),
            sort: self
                .sort
                .map(|(column, desc)| SortField {
                    field: column.field().to_owned(),
                    desc,
                })
                .into_iter()
                .collect(),
            ..UserSearchRequest::default()
        }
    }

    /// The search request for the current page.
    pub fn page_request(&self) -> UserSearchRequest {
        self.request(self.page, self.page_size)
    }

    /// Number of pages for `total` users (at least one).
    pub fn page_count(&self, total: u64) -> u32 {
        let size = u64::from(self.page_size.max(1));
        u32::try_from(total.div_ceil(size).max(1)).unwrap_or(u32::MAX)
    }
}

impl ListQuery for UserQuery {
    type Row = UserRow;
    type Column = SortColumn;

    async fn fetch(self, target: SearchTarget) -> Result<Page<UserRow>, ApiError> {
        let response = target.client().search_users(&self.page_request()).await?;
        Ok(Page {
            rows: response.users.iter().map(UserRow::from).collect(),
            total: response.total,
            capped: response.total_capped,
            searched_newest: None,
        })
    }

    searched_sorted_paged!();

    /// True when a filter narrows the list (so "no users" means "none match").
    fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty() || self.status.is_some() || self.role.is_some()
    }
}

/// The user list as remote data.
pub type UserListState = ListState<UserRow>;

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::LoginId;

    #[test]
    fn rows_fall_back_to_given_and_family_name() {
        let user = User {
            login_ids: vec![LoginId::new("ada@acme.test")],
            given_name: "Ada".into(),
            family_name: "Lovelace".into(),
            ..User::default()
        };
        let row = UserRow::from(&user);
        assert_eq!(
            (row.login_id.as_str(), row.name.as_str()),
            ("ada@acme.test", "Ada Lovelace")
        );
        assert_eq!(row.initials(), "AL");
        assert_eq!(
            UserRow {
                name: String::new(),
                ..row
            }
            .initials(),
            "AA"
        );
    }
}
