//! `<SsoTable>`: the overview of the tenant's SSO configurations: name, protocol, status,
//! certificate health and domains, and each row's [`ActionMenu`] (configure or edit, enable or
//! disable, delete).

use crate::messages::{ENGLISH, fill};
use crate::sso::state::{CertificateHealth, SsoRow, SsoStatus};
use crate::ui::action_menu::{ActionMenu, MenuItem};
use crate::ui::table::menu_toggle;
use std::rc::Rc;
use tenantkit_wire::sso::SsoAuthType;
use yew::prelude::*;

/// What can be done to a configuration from its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoAction {
    /// Open the wizard.
    Configure,
    /// Turn sign-in on.
    Enable,
    /// Turn sign-in off.
    Disable,
    /// Delete it (confirmed first).
    Delete,
}

impl SsoAction {
    /// The actions offered for `row`, in menu order.
    pub fn for_row(row: &SsoRow) -> Vec<Self> {
        match row.status {
            SsoStatus::NotConfigured => vec![Self::Configure, Self::Delete],
            SsoStatus::Disabled => vec![Self::Configure, Self::Enable, Self::Delete],
            SsoStatus::Enabled => vec![Self::Configure, Self::Disable, Self::Delete],
        }
    }
}

/// Properties of [`SsoTable`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoTableProps {
    /// The configurations.
    pub rows: Rc<[SsoRow]>,
    /// Caption (visually hidden).
    pub caption: AttrValue,
    /// The `sso_id` of the row whose menu is open.
    pub open_menu: Option<String>,
    /// Opens (`Some`) or closes the menus.
    pub onmenu: Callback<Option<String>>,
    /// An action was chosen for a row.
    pub onaction: Callback<(SsoRow, SsoAction)>,
}

/// The protocol's name, or a dash before anything is saved.
pub fn protocol_label(protocol: SsoAuthType) -> &'static str {
    let sso = &ENGLISH.sso;
    match protocol {
        SsoAuthType::None => sso.protocol_none,
        SsoAuthType::Saml => sso.protocol_saml,
        SsoAuthType::Oidc => sso.protocol_oidc,
    }
}

/// The overview table.
#[component]
pub fn SsoTable(props: &SsoTableProps) -> Html {
    let messages = &ENGLISH;
    let sso = &messages.sso;
    let row_html = |row: &SsoRow| {
        let (status_class, status) = match row.status {
            SsoStatus::NotConfigured => ("tk-badge--invited", sso.status_not_configured),
            SsoStatus::Disabled => ("tk-badge--disabled", sso.status_disabled),
            SsoStatus::Enabled => ("tk-badge--enabled", sso.status_enabled),
        };
        let certificate = match row.certificate {
            None => html! { <span class="tk-muted">{ messages.empty_cell }</span> },
            Some(CertificateHealth::Valid) => {
                html! { <span class="tk-badge tk-badge--enabled">{ sso.certificate_valid }</span> }
            }
            Some(CertificateHealth::Expiring { days }) => html! {
                <span class="tk-badge tk-badge--invited">{ fill(sso.certificate_expiring, "days", &days.to_string()) }</span>
            },
            Some(CertificateHealth::Expired) => {
                html! { <span class="tk-badge tk-badge--disabled">{ sso.certificate_expired }</span> }
            }
        };
        let key = if row.sso_id.is_empty() {
            "default".to_owned()
        } else {
            row.sso_id.clone()
        };
        let items = SsoAction::for_row(row)
            .into_iter()
            .map(|action| MenuItem {
                action,
                label: match action {
                    SsoAction::Configure if row.status == SsoStatus::NotConfigured => {
                        sso.action_configure
                    }
                    SsoAction::Configure => sso.action_edit,
                    SsoAction::Enable => sso.action_enable,
                    SsoAction::Disable => sso.action_disable,
                    SsoAction::Delete => sso.action_delete,
                }
                .into(),
                danger: action == SsoAction::Delete,
                disabled: None,
            })
            .collect::<Vec<_>>();
        let open = props.open_menu.as_deref() == Some(key.as_str());
        let ontoggle = menu_toggle(&props.onmenu, key.clone());
        let onchoose = {
            let row = row.clone();
            let onmenu = props.onmenu.clone();
            let onaction = props.onaction.clone();
            Callback::from(move |action: SsoAction| {
                onmenu.emit(None);
                onaction.emit((row.clone(), action));
            })
        };
        html! {
            <tr key={key.clone()} data-sso-id={row.sso_id.clone()}>
                <th scope="row" data-column="name">{ row.name.clone() }</th>
                <td data-column="protocol">{ protocol_label(row.configured) }</td>
                <td data-column="status"><span class={classes!("tk-badge", status_class)}>{ status }</span></td>
                <td data-column="certificate">{ certificate }</td>
                <td data-column="domains">
                    if row.domains.is_empty() {
                        <span class="tk-muted">{ messages.empty_cell }</span>
                    } else {
                        { row.domains.join(", ") }
                    }
                </td>
                <td class="tk-actions-cell">
                    <ActionMenu<SsoAction> label={fill(sso.row_actions_label, "name", &row.name)}
                        id={format!("tk-sso-menu-{key}")} {open} {items} {ontoggle} {onchoose} />
                </td>
            </tr>
        }
    };
    html! {
        <div class="tk-table-wrap" part="table-wrap">
            <table class="tk-table" part="table">
                <caption class="tk-visually-hidden">{ props.caption.clone() }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ sso.column_name }</th>
                        <th scope="col">{ sso.column_protocol }</th>
                        <th scope="col">{ sso.column_status }</th>
                        <th scope="col">{ sso.column_certificate }</th>
                        <th scope="col">{ sso.column_domains }</th>
                        <th scope="col"><span class="tk-visually-hidden">{ messages.column_actions }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().map(row_html) }
                </tbody>
            </table>
        </div>
    }
}
