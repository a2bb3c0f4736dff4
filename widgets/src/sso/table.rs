//! `sso_table`: the overview of the tenant's SSO configurations: name, protocol, status,
//! certificate health, domains, last test and last sign-in (when the server tells them), and
//! each row's [`ActionMenu`] (configure or edit, test, enable or disable, delete).

use crate::messages::fill;
use crate::sso::state::{CertificateHealth, SsoRow, SsoStatus};
use crate::ui::action_menu::{ActionMenu, MenuItem};
use crate::ui::table::menu_toggle;
use std::rc::Rc;
use tenantkit_wire::sso::SsoAuthType;
use tenantkit_wire::sso_test::ConnectionActivity;
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
    /// Run "Test connection" (or see the last run).
    Test,
    /// Delete it (confirmed first).
    Delete,
}

impl SsoAction {
    /// The actions offered for `row`, in menu order.
    pub fn for_row(row: &SsoRow) -> Vec<Self> {
        match row.status {
            SsoStatus::NotConfigured => vec![Self::Configure, Self::Delete],
            // Testing needs TenantKit's own routes: offered when the server told the activity.
            _ if row.activity.is_none() => vec![Self::Configure, row.switch(), Self::Delete],
            _ => vec![Self::Configure, Self::Test, row.switch(), Self::Delete],
        }
    }
}

impl SsoRow {
    /// Enable or disable, whichever changes a configured row.
    fn switch(&self) -> SsoAction {
        if self.status == SsoStatus::Enabled {
            SsoAction::Disable
        } else {
            SsoAction::Enable
        }
    }
}

/// What [`sso_table`] shows and whom it tells.
#[derive(Debug)]
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
pub fn protocol_label(
    protocol: SsoAuthType,
    sso: &'static crate::messages::sso::SsoMessages,
) -> &'static str {
    match protocol {
        SsoAuthType::None => sso.protocol_none,
        SsoAuthType::Saml => sso.protocol_saml,
        SsoAuthType::Oidc => sso.protocol_oidc,
    }
}

/// The last finished test: passed or failed, and when; "Never" before the first.
fn last_test(
    activity: &ConnectionActivity,
    t: &'static crate::messages::sso_test::SsoTestMessages,
    lang: crate::i18n::Lang,
) -> Html {
    match &activity.last_test {
        None => html! { <span class="tk-muted">{ t.never }</span> },
        Some(test) => {
            let (class, verdict) = if test.passed {
                ("tk-badge--enabled", t.passed)
            } else {
                ("tk-badge--failed", t.failed)
            };
            html! {
                <>
                    <span class={classes!("tk-badge", class)}>{ verdict }</span>
                    <span class="tk-hint tk-block">{ lang.moment(test.finished) }</span>
                </>
            }
        }
    }
}

/// The overview table. A plain function (see [`crate::ui`]).
pub fn sso_table(props: &SsoTableProps, lang: crate::i18n::Lang) -> Html {
    let messages = lang.messages();
    let t = &messages.sso_test;
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
                    SsoAction::Test => messages.sso_test.action_test,
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
                <td data-column="protocol">{ protocol_label(row.configured, sso) }</td>
                <td data-column="status"><span class={classes!("tk-badge", status_class)}>{ status }</span></td>
                <td data-column="certificate">{ certificate }</td>
                <td data-column="domains">
                    if row.domains.is_empty() {
                        <span class="tk-muted">{ messages.empty_cell }</span>
                    } else {
                        { row.domains.join(", ") }
                    }
                </td>
                if let Some(activity) = &row.activity {
                    <td data-column="last-test">{ last_test(activity, t, lang) }</td>
                    <td data-column="last-sign-in">
                        if activity.last_sign_in > 0 {
                            { lang.moment(activity.last_sign_in) }
                        } else {
                            <span class="tk-muted">{ messages.sso_test.never }</span>
                        }
                    </td>
                }
                <td class="tk-actions-cell">
                    <ActionMenu<SsoAction> label={fill(sso.row_actions_label, "name", &row.name)}
                        id={format!("tk-sso-menu-{key}")} {open} {items} {ontoggle} {onchoose} />
                </td>
            </tr>
        }
    };
    let with_activity = props.rows.iter().any(|row| row.activity.is_some());
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
                        if with_activity {
                            <th scope="col">{ messages.sso_test.column_last_test }</th>
                            <th scope="col">{ messages.sso_test.column_last_sign_in }</th>
                        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::sso::SsoSettings;
    use tenantkit_wire::sso_test::ConnectionActivity;

    fn row(configured: SsoAuthType, enabled: bool, activity: bool) -> SsoRow {
        let settings = SsoSettings {
            configured,
            auth_type: if enabled {
                configured
            } else {
                SsoAuthType::None
            },
            ..SsoSettings::default()
        };
        let mut row = SsoRow::new(settings, 0);
        row.activity = activity.then(ConnectionActivity::default);
        row
    }

    #[test]
    fn configured_rows_are_tested_where_the_server_runs_tests() {
        use SsoAction::*;
        assert_eq!(
            SsoAction::for_row(&row(SsoAuthType::None, false, true)),
            [Configure, Delete]
        );
        assert_eq!(
            SsoAction::for_row(&row(SsoAuthType::Saml, false, true)),
            [Configure, Test, Enable, Delete]
        );
        assert_eq!(
            SsoAction::for_row(&row(SsoAuthType::Oidc, true, true)),
            [Configure, Test, Disable, Delete]
        );
        // Another server (no TenantKit routes): nothing to test with.
        assert_eq!(
            SsoAction::for_row(&row(SsoAuthType::Saml, true, false)),
            [Configure, Disable, Delete]
        );
    }
}
