//! A widget's list as remote data: an explicit state machine (`Reducible`) with no DOM code.
//!
//! [`SearchTarget::from_settings`] decides whether a request can be made at all; a
//! [`ListQuery`] says which page to ask for and how (each element's query lives in its folder:
//! `users/state.rs`, `roles/state.rs`, ...); [`ListState`] is what the view renders;
//! [`ListAction`]s move it along.

use std::fmt;
use std::future::Future;
use std::rc::Rc;
use tenantkit_client::{ApiError, Client, Renewer, TenantClient};
use tenantkit_wire::{ProjectId, Secret, TenantId};
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

    /// A widget-mode client for this target's server with the target's token, confined to the
    /// target's tenant, renewed through the widget's renewal when the server refuses it.
    pub fn client(&self) -> TenantClient {
        let client = Client::new(self.base_url.clone(), self.project_id.clone())
            .with_session(self.token.clone())
            .for_tenant(self.tenant.clone());
        match &self.renewer {
            Some(renewer) => client.with_renewer(renewer.clone()),
            None => client,
        }
    }
}

/// Page sizes an admin can choose.
pub const PAGE_SIZES: [u32; 4] = [10, 25, 50, 100];
/// The page size before the admin chooses one.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// One page of a list, as the server answered it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<R> {
    /// The rows, in the server's order.
    pub rows: Vec<R>,
    /// Matching rows across all pages.
    pub total: u64,
    /// The server stopped counting at `total`: more match (a filtered user search past
    /// [`tenantkit_wire::user::TOTAL_CAP`]).
    pub capped: bool,
    /// The server looked for the text among this many rows only, the newest (the audit log's
    /// text of one or two characters: [`tenantkit_wire::tenant::SHORT_TEXT_EVENTS`]).
    pub searched_newest: Option<u64>,
}

/// One row of a list, as its table shows it.
pub trait ListRow: Clone + PartialEq + 'static {
    /// What identifies the row in the selection and the open row menu.
    type Key: Clone + Ord + fmt::Debug + 'static;

    /// The row's key.
    fn key(&self) -> Self::Key;

    /// Whether the admin may select the row for a bulk action.
    fn selectable(&self) -> bool {
        false
    }
}

/// No column to sort by: for a list the server answers in one order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsorted {}

/// What a list asks the server for (filter, sort and page) and how: the list hook
/// ([`super::use_list`]) fetches again whenever the query changes, and the list controls
/// ([`super::ListControls`]) change it through the parts it has. Changing the text, the sort or
/// the page size goes back to the first page.
pub trait ListQuery: Clone + PartialEq + Default + 'static {
    /// One row as the table shows it.
    type Row: ListRow;
    /// The sortable columns ([`Unsorted`] when there are none).
    type Column: Copy + PartialEq + 'static;

    /// Asks `target`'s server for this page.
    fn fetch(self, target: SearchTarget)
    -> impl Future<Output = Result<Page<Self::Row>, ApiError>>;

    /// The search text, if the list has a search box.
    fn text_mut(&mut self) -> Option<&mut String> {
        None
    }

    /// The sorted column and whether descending, if the list sorts.
    fn sort_mut(&mut self) -> Option<&mut Option<(Self::Column, bool)>> {
        None
    }

    /// The page (from 0) and rows per page, if the list pages.
    fn paging_mut(&mut self) -> Option<(&mut u32, &mut u32)> {
        None
    }

    /// True when a filter narrows the list (so "no rows" means "none match").
    fn is_filtered(&self) -> bool {
        false
    }
}

/// The [`ListQuery`] methods of a query that keeps its search text, sort, page and page size in
/// fields named `text`, `sort`, `page` and `page_size`: the parts the list controls change.
#[cfg(any(feature = "users", feature = "roles", feature = "access-keys"))]
macro_rules! searched_sorted_paged {
    () => {
        fn text_mut(&mut self) -> Option<&mut String> {
            Some(&mut self.text)
        }

        fn sort_mut(&mut self) -> Option<&mut Option<(Self::Column, bool)>> {
            Some(&mut self.sort)
        }

        fn paging_mut(&mut self) -> Option<(&mut u32, &mut u32)> {
            Some((&mut self.page, &mut self.page_size))
        }
    };
}
#[cfg(any(feature = "users", feature = "roles", feature = "access-keys"))]
pub(crate) use searched_sorted_paged;

/// The key of a query's rows.
pub type RowKey<Q> = <<Q as ListQuery>::Row as ListRow>::Key;

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
        /// The server stopped counting at `total`: more match.
        capped: bool,
        /// The server looked for the text among this many of the newest rows only.
        searched_newest: Option<u64>,
        /// A newer request (another page, filter or a reload) is in flight; the rows stay on
        /// screen meanwhile so focus and scroll position survive.
        refreshing: bool,
    },
    /// The request failed (other than with an expired session).
    Failed(LoadError),
    /// The session token was refused and no fresh one was available.
    SessionExpired,
}

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

    /// Whether the total is a lower bound (the server stopped counting).
    pub fn is_capped(&self) -> bool {
        matches!(self, Self::Loaded { capped: true, .. })
    }

    /// How many of the newest rows the server looked for the text in, when it did not look in
    /// all of them.
    pub fn searched_newest(&self) -> Option<u64> {
        match self {
            Self::Loaded {
                searched_newest, ..
            } => *searched_newest,
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
                Self::Loaded {
                    rows,
                    total,
                    capped,
                    searched_newest,
                    ..
                } => Self::Loaded {
                    rows: rows.clone(),
                    total: *total,
                    capped: *capped,
                    searched_newest: *searched_newest,
                    refreshing: true,
                },
                _ => Self::Loading,
            },
            ListAction::Loaded(page) => Self::Loaded {
                rows: page.rows.into(),
                total: page.total,
                capped: page.capped,
                searched_newest: page.searched_newest,
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
    use tenantkit_wire::ErrorCode;

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

    fn one_user() -> ListAction<&'static str> {
        ListAction::Loaded(Page {
            rows: vec!["ada"],
            capped: false,
            total: 1,
            searched_newest: None,
        })
    }

    #[test]
    fn a_capped_total_stays_capped_while_refreshing() {
        let capped =
            Rc::new(ListState::<&'static str>::default()).reduce(ListAction::Loaded(Page {
                rows: vec!["ada"],
                total: 10_000,
                capped: true,
                searched_newest: Some(10_000),
            }));
        assert!(capped.is_capped());
        let refreshing = capped.reduce(ListAction::Refreshing);
        assert!(refreshing.is_capped());
        assert_eq!(refreshing.searched_newest(), Some(10_000));
        assert!(!Rc::new(ListState::default()).reduce(one_user()).is_capped());
    }

    #[test]
    fn refreshing_keeps_the_rows_of_the_same_tenant() {
        let loaded = Rc::new(ListState::<&'static str>::default()).reduce(one_user());
        let refreshing = loaded.reduce(ListAction::Refreshing);
        assert!(matches!(
            &*refreshing,
            ListState::<&'static str>::Loaded { refreshing: true, rows, .. } if rows.len() == 1
        ));
    }

    #[test]
    fn loading_clears_the_previous_rows() {
        let loaded = Rc::new(ListState::<&'static str>::default()).reduce(one_user());
        assert_eq!(loaded.loaded_count(), Some(1));
        assert_eq!(
            *loaded.reduce(ListAction::Started),
            ListState::<&'static str>::Loading
        );
    }
}
