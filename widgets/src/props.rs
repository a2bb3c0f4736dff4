//! [`WidgetProps`]: the settings every widget takes, whatever it administers: where the API is,
//! which tenant, whose session, and where its events go.

use crate::i18n::Lang;
use crate::list::{SearchTarget, Setting};
use crate::{TokenProvider, WidgetEvent};
use tenantkit_wire::{ProjectId, Secret, TenantId};
use yew::prelude::*;

/// Settings of a widget. Missing or blank settings show the missing-settings state.
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct WidgetProps {
    /// The project id of the API server.
    #[prop_or_default]
    pub project_id: Option<ProjectId>,
    /// The tenant to administer.
    #[prop_or_default]
    pub tenant: Option<TenantId>,
    /// The API server's base URL, e.g. `https://api.example.com`.
    #[prop_or_default]
    pub base_url: Option<AttrValue>,
    /// The tenant admin's session JWT.
    #[prop_or_default]
    pub session_token: Option<Secret>,
    /// Asked once for a fresh session JWT when the server answers 401.
    #[prop_or_default]
    pub token_provider: Option<TokenProvider>,
    /// Receives [`WidgetEvent`]s.
    #[prop_or_default]
    pub on_event: Callback<WidgetEvent>,
    /// Bumped by the page (the element's `refresh()`) to fetch the data again, e.g. after another
    /// widget on the page changed something this one shows.
    #[prop_or_default]
    pub refresh: u64,
    /// The language: strings, plurals, numbers and dates (the element's `locale`, else the
    /// page's `lang`, else the browser's; English by default).
    #[prop_or_default]
    pub lang: Lang,
}

impl WidgetProps {
    /// Where requests go, or the missing settings.
    pub fn target(&self) -> Result<SearchTarget, Vec<Setting>> {
        SearchTarget::from_settings(
            self.base_url.as_deref(),
            self.project_id.as_ref(),
            self.tenant.as_ref(),
            self.session_token.as_ref(),
        )
    }

    /// The tenant, when set and not blank (for the heading and captions).
    pub fn tenant_name(&self) -> Option<&str> {
        self.tenant
            .as_ref()
            .map(TenantId::as_str)
            .filter(|tenant| !tenant.trim().is_empty())
    }
}
