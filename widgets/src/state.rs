//! The widgets' lists as remote data: an explicit state machine (`Reducible`) with no DOM code.
//!
//! [`SearchTarget::from_settings`] decides whether a request can be made at all; a
//! [`ListQuery`] says which page to ask for and how; [`ListState`] is what the view renders;
//! [`ListAction`]s move it along. The user list's rows and query are here, the role list's in
//! [`roles`], the access-key list's in [`access_keys`], the audit log's in [`audit`].

pub mod access_keys;
pub mod audit;
pub mod roles;
pub mod sso;

use std::future::Future;
use std::rc::Rc;
use tenantkit_client::{ApiError, Client, Renewer};
use tenantkit_wire::{
    ProjectId, Secret, SortField, TenantId, User, UserId, UserSearchRequest, UserStatus,
};
use yew::Reducible;

/// A setting the widget cannot work without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The project id of the API server.
    ProjectId,
    /// The API server's base URL.
    BaseUrl,
    /// The tenant to administer.
    Tenant,
    /// The tenant admin's session JWT.
    SessionToken,
}

/// Everything a user search needs, all present and non-blank.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchTarget {
    /// The API server's base URL.
    pub base_url: String,
    /// The project id of the API server.
    pub project_id: ProjectId,
    /// The tenant whose users are listed.
    pub tenant: TenantId,
    /// The tenant admin's session JWT.
    pub token: Secret,
    /// Where the widget's clients renew a refused token (see [`crate::token::SessionRenewal`]).
    pub renewer: Option<Renewer>,
}

impl SearchTarget {
    /// A target from optional settings; blank values count as missing. On failure, the missing
    /// settings in a stable order.
    pub fn from_settings(
        base_url: Option<&str>,
        project_id: Option<&ProjectId>,
        tenant: Option<&TenantId>,
        token: Option<&Secret>,
    ) -> Result<Self, Vec<Setting>> {
        let base_url = base_url.map(str::trim).filter(|url| !url.is_empty());
        let project_id = project_id.filter(|id| !id.as_str().trim().is_empty());
        let tenant = tenant.filter(|id| !id.as_str().trim().is_empty());
        let token = token.filter(|token| !token.expose().trim().is_empty());
        match (base_url, project_id, tenant, token) {
            (Some(base_url), Some(project_id), Some(tenant), Some(token)) => Ok(Self {
                base_url: base_url.to_owned(),
                project_id: project_id.clone(),
                tenant: tenant.clone(),
                token: token.clone(),
                renewer: None,
            }),
            (base_url, project_id, tenant, token) => {
                let missing = [
                    (project_id.is_none(), Setting::ProjectId),
                    (base_url.is_none(), Setting::BaseUrl),
                    (tenant.is_none(), Setting::Tenant),
                    (token.is_none(), Setting::SessionToken),
                ];
                Err(missing
                    .into_iter()
                    .filter(|(absent, _)| *absent)
                    .map(|(_, s)| s)
                    .collect())
            }
        }
    }
}

impl SearchTarget {
    /// The same target with its widget's renewal.
    pub fn with_renewer(mut self, renewer: Renewer) -> Self {
        self.renewer = Some(renewer);
        self
    }

    /// A widget-mode client for this target's server and tenant with the target's token, renewed
    /// through the widget's renewal when the server refuses it.
    pub fn client(&self) -> Client {
        let client = Client::new(self.base_url.clone(), self.project_id.clone())
            .with_session(self.token.clone(), self.tenant.clone());
        match &self.renewer {
            Some(renewer) => client.with_renewer(renewer.clone()),
            None => client,
        }
    }
}

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
        source
            .split(|c: char| c.is_whitespace() || c == '@' || c == '.')
            .filter_map(|word| word.chars().next())
            .filter(|c| c.is_alphanumeric())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
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

/// Page sizes an admin can choose.
pub const PAGE_SIZES: [u32; 4] = [10, 25, 50, 100];
/// The page size before the admin chooses one.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

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
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl UserQuery {
    /// True when a filter narrows the list (so "no users" means "none match").
    pub fn is_filtered(&self) -> bool {
        !self.text.trim().is_empty() || self.status.is_some() || self.role.is_some()
    }

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

    async fn fetch(self, client: Client) -> Result<Page<UserRow>, ApiError> {
        let response = client.search_users(&self.page_request()).await?;
        Ok(Page {
            rows: response.users.iter().map(UserRow::from).collect(),
            total: response.total,
        })
    }
}

/// One page of a list, as the server answered it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<R> {
    /// The rows, in the server's order.
    pub rows: Vec<R>,
    /// Matching rows across all pages.
    pub total: u64,
}

/// What a list asks the server for (filter, sort and page) and how: the list hook
/// ([`crate::hooks::use_list`]) fetches again whenever the query changes.
pub trait ListQuery: Clone + PartialEq + 'static {
    /// One row as the table shows it.
    type Row: Clone + PartialEq + 'static;

    /// Asks `client` for this page.
    fn fetch(self, client: Client) -> impl Future<Output = Result<Page<Self::Row>, ApiError>>;
}

/// A failed request, ready to be shown as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The server's `errorMessage` when it sent one, otherwise a description of the failure.
    pub message: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
}

impl From<&ApiError> for LoadError {
    fn from(error: &ApiError) -> Self {
        let message = match error {
            ApiError::Http { body, .. } if !body.error_message.trim().is_empty() => {
                body.error_message.clone()
            }
            other => other.to_string(),
        };
        Self {
            message,
            status: error.status(),
        }
    }
}

/// Data asked for once (not a paged list), as remote data.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote<T> {
    /// The request is in flight (or not made yet).
    Loading,
    /// The server answered.
    Loaded(T),
    /// The request failed.
    Failed(LoadError),
}

/// A list as remote data.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ListState<R> {
    /// Nothing asked for yet (before the first effect runs).
    #[default]
    Idle,
    /// A required setting is missing, so no request was made.
    MissingConfig(Vec<Setting>),
    /// A request is in flight.
    Loading,
    /// The server answered with a page of rows.
    Loaded {
        /// The rows, in the server's order.
        rows: Rc<[R]>,
        /// Rows matching across all pages.
        total: u64,
        /// A newer request (another page, filter or a reload) is in flight; the rows stay on
        /// screen meanwhile so focus and scroll position survive.
        refreshing: bool,
    },
    /// The request failed (other than with an expired session).
    Failed(LoadError),
    /// The session token was refused and no fresh one was available.
    SessionExpired,
}

/// The user list as remote data.
pub type UserListState = ListState<UserRow>;

impl<R> ListState<R> {
    /// Number of rows on screen when loaded.
    pub fn loaded_count(&self) -> Option<usize> {
        match self {
            Self::Loaded { rows, .. } => Some(rows.len()),
            _ => None,
        }
    }

    /// The rows on screen (none unless loaded).
    pub fn rows(&self) -> Rc<[R]> {
        match self {
            Self::Loaded { rows, .. } => rows.clone(),
            _ => Rc::from(Vec::new()),
        }
    }

    /// The total across pages, when loaded.
    pub fn total(&self) -> Option<u64> {
        match self {
            Self::Loaded { total, .. } => Some(*total),
            _ => None,
        }
    }

    /// Whether a newer request is in flight while the old rows stay on screen.
    pub fn is_refreshing(&self) -> bool {
        matches!(
            self,
            Self::Loaded {
                refreshing: true,
                ..
            }
        )
    }
}

/// What moves a [`ListState`] along.
#[derive(Debug, Clone, PartialEq)]
pub enum ListAction<R> {
    /// The settings are incomplete.
    Unconfigured(Vec<Setting>),
    /// A request for another target (server, tenant or token) started: the old rows go.
    Started,
    /// A request for the same target with another query (or a reload) started: the rows stay,
    /// marked as refreshing.
    Refreshing,
    /// The server answered.
    Loaded(Page<R>),
    /// The request failed.
    Failed(LoadError),
    /// The session is over.
    SessionExpired,
}

impl<R: 'static> Reducible for ListState<R> {
    type Action = ListAction<R>;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let next = match action {
            ListAction::Unconfigured(missing) => Self::MissingConfig(missing),
            ListAction::Started => Self::Loading,
            ListAction::Refreshing => match &*self {
                Self::Loaded { rows, total, .. } => Self::Loaded {
                    rows: rows.clone(),
                    total: *total,
                    refreshing: true,
                },
                _ => Self::Loading,
            },
            ListAction::Loaded(page) => Self::Loaded {
                rows: page.rows.into(),
                total: page.total,
                refreshing: false,
            },
            ListAction::Failed(error) => Self::Failed(error),
            ListAction::SessionExpired => Self::SessionExpired,
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::{ErrorCode, LoginId};

    #[test]
    fn blank_settings_are_missing_in_a_stable_order() {
        let tenant = TenantId::new("  ");
        let missing = SearchTarget::from_settings(Some("http://api"), None, Some(&tenant), None);
        assert_eq!(
            missing,
            Err(vec![
                Setting::ProjectId,
                Setting::Tenant,
                Setting::SessionToken
            ])
        );
    }

    #[test]
    fn complete_settings_make_a_target() {
        let (project, tenant, token) = (
            ProjectId::new("P1"),
            TenantId::new("acme"),
            Secret::new("jwt"),
        );
        let target = SearchTarget::from_settings(
            Some(" http://api "),
            Some(&project),
            Some(&tenant),
            Some(&token),
        );
        assert_eq!(target.map(|t| t.base_url), Ok("http://api".to_owned()));
    }

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

    #[test]
    fn errors_prefer_the_server_message() {
        let error = ApiError::Http {
            status: 403,
            body: ErrorCode::Forbidden.body("Not your tenant"),
        };
        let shown = LoadError::from(&error);
        assert_eq!(
            (shown.message.as_str(), shown.status),
            ("Not your tenant", Some(403))
        );
        let network = LoadError::from(&ApiError::Network("refused".into()));
        assert_eq!(
            (network.message.as_str(), network.status),
            ("Could not reach the server: refused", None)
        );
    }

    fn one_user() -> ListAction<UserRow> {
        ListAction::Loaded(Page {
            rows: vec![UserRow::from(&User::default())],
            total: 1,
        })
    }

    #[test]
    fn refreshing_keeps_the_rows_of_the_same_tenant() {
        let loaded = Rc::new(UserListState::default()).reduce(one_user());
        let refreshing = loaded.reduce(ListAction::Refreshing);
        assert!(matches!(
            &*refreshing,
            UserListState::Loaded { refreshing: true, rows, .. } if rows.len() == 1
        ));
    }

    #[test]
    fn loading_clears_the_previous_rows() {
        let loaded = Rc::new(UserListState::default()).reduce(one_user());
        assert_eq!(loaded.loaded_count(), Some(1));
        assert_eq!(*loaded.reduce(ListAction::Started), UserListState::Loading);
    }
}
