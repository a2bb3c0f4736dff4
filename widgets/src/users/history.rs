//! `<SignInHistory>`: the dialog a user's "Sign-in history" menu item opens. It asks the server
//! for the user's newest sign-ins (`POST /v1/mgmt/user/history?tenant=`, Descope's bare array,
//! which the server confines to the tenant) and lists each one's time, method, address, browser
//! (its user agent shortened; the whole one as a tooltip) and result, with loading, empty and
//! error states. The [`Modal`] gives it the keyboard: focus moves to Close, Tab stays inside,
//! Escape closes and focus returns to the opener.

use crate::list::{LoadError, Remote, SearchTarget, use_fetch};
use crate::messages::fill;
use crate::messages::history::HistoryMessages;
use crate::ui::modal::Modal;
use crate::ui::table::table_of_rows;
use crate::users::state::UserRow;
use tenantkit_wire::history::UserAuthHistory;
use yew::prelude::*;

/// Properties of [`SignInHistory`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SignInHistoryProps {
    /// Where to ask.
    pub target: SearchTarget,
    /// Whose history.
    pub row: UserRow,
    /// Closed ("Close" or Escape).
    pub onclose: Callback<()>,
}

/// The user's sign-in history, in a dialog.
#[component]
pub fn SignInHistory(props: &SignInHistoryProps) -> Html {
    let lang = crate::i18n::use_lang();
    let messages = &crate::i18n::use_messages().history;
    let user = props.row.login_id.as_str();
    let answer = use_fetch(
        (props.target.clone(), props.row.user_id.clone()),
        |(target, user_id)| {
            let (target, user_id) = (target.clone(), user_id.clone());
            Some(async move {
                target
                    .client()
                    .user_history(std::slice::from_ref(&user_id))
                    .await
            })
        },
    );
    let history = match answer.as_deref() {
        None => Remote::Loading,
        Some(Ok(entries)) => Remote::Loaded(entries.as_slice()),
        Some(Err(error)) => Remote::Failed(LoadError::from(error)),
    };
    let body = match history {
        Remote::Loading => html! {
            <p class="tk-dialog-text" part="history-state" role="status">{ messages.loading }</p>
        },
        Remote::Failed(error) => html! {
            <p class="tk-form-error" part="history-state" role="alert">
                { fill(messages.failed, "error", &error.message) }
            </p>
        },
        Remote::Loaded([]) => html! {
            <p class="tk-dialog-text" part="history-state" role="status">
                { fill(messages.empty, "user", user) }
            </p>
        },
        Remote::Loaded(entries) => entries_table(entries, user, messages, lang),
    };
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <Modal title={fill(messages.title, "user", user)} onclose={props.onclose.clone()}>
            <div class="tk-history" part="sign-in-history">{ body }</div>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button tk-button--primary" part="button"
                    data-autofocus="true" onclick={onclose}>{ messages.close }</button>
            </div>
        </Modal>
    }
}

fn entries_table(
    entries: &[UserAuthHistory],
    user: &str,
    messages: &HistoryMessages,
    lang: crate::i18n::Lang,
) -> Html {
    let header = html! {
        <>
            <th scope="col" part="header-cell">{ messages.column_time }</th>
            <th scope="col" part="header-cell">{ messages.column_method }</th>
            <th scope="col" part="header-cell">{ messages.column_address }</th>
            <th scope="col" part="header-cell">{ messages.column_browser }</th>
            <th scope="col" part="header-cell">{ messages.column_result }</th>
        </>
    };
    html! {
        <>
            <p class="tk-dialog-text" role="status">
                { fill(messages.shown, "count", &entries.len().to_string()) }
            </p>
            { table_of_rows(
                fill(messages.caption, "user", user).into(),
                Some("tk-history-table"),
                header,
                entries.iter().map(|entry| entry_row(entry, messages, lang)).collect(),
            ) }
        </>
    }
}

fn entry_row(entry: &UserAuthHistory, messages: &HistoryMessages, lang: crate::i18n::Lang) -> Html {
    let (local, iso) = times(entry.login_time_ms, lang);
    let address = if entry.ip.is_empty() {
        messages.unknown
    } else {
        entry.ip.as_str()
    };
    let browser = shortened_agent(&entry.user_agent, messages);
    let result = if entry.success {
        messages.succeeded.to_owned()
    } else {
        fill(
            messages.failed_because,
            "reason",
            messages.reason(&entry.reason),
        )
    };
    let result_class = if entry.success {
        "tk-history-result tk-history-result--success"
    } else {
        "tk-history-result tk-history-result--failure"
    };
    html! {
        <tr part="row">
            <td part="cell" data-column="time"><time datetime={iso.clone()} title={iso}>{ local }</time></td>
            <td part="cell" data-column="method">{ messages.method(&entry.method).to_owned() }</td>
            <td part="cell" data-column="address">{ address.to_owned() }</td>
            <td part="cell" data-column="browser" title={entry.user_agent.clone()}>{ browser }</td>
            <td part="cell" data-column="result"><span class={result_class} part="history-result">{ result }</span></td>
        </tr>
    }
}

/// The viewer's local date and time of `epoch_ms`, and the instant in ISO 8601.
fn times(epoch_ms: i64, lang: crate::i18n::Lang) -> (String, String) {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
    let local = lang.instant(epoch_ms as f64);
    (local, date.to_iso_string().as_string().unwrap_or_default())
}

/// A user agent as people name it: "Firefox 128 on Linux", "curl 8.5"; "Unknown" when none.
fn shortened_agent(user_agent: &str, messages: &HistoryMessages) -> String {
    match browser_and_system(user_agent) {
        None => messages.unknown.to_owned(),
        Some((browser, None)) => browser,
        Some((browser, Some(system))) => fill(
            &fill(messages.browser_on, "browser", &browser),
            "system",
            system,
        ),
    }
}

/// The browser (name and major version) and operating system a user agent names; a client that
/// is no browser (`curl/8.5.0`) by its first product token.
pub(crate) fn browser_and_system(user_agent: &str) -> Option<(String, Option<&'static str>)> {
    let agent = user_agent.trim();
    if agent.is_empty() {
        return None;
    }
    let version_of = |token: &str| -> Option<String> {
        let start = agent.find(token)? + token.len();
        let major: String = agent[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        Some(major)
    };
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    let browsers = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
    ];
    let browser = browsers
        .iter()
        .find_map(|(token, name)| version_of(token).map(|major| format!("{name} {major}")))
        .or_else(|| {
            agent
                .contains("Safari/")
                .then(|| format!("Safari {}", version_of("Version/").unwrap_or_default()))
        })
        .map(|name| name.trim_end().to_owned());
    let systems = [
        ("Windows", "Windows"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("Mac OS X", "macOS"),
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let system = systems
        .iter()
        .find(|(token, _)| agent.contains(token))
        .map(|(_, name)| *name);
    match browser {
        Some(browser) => Some((browser, system)),
        None => {
            let product = agent.split_whitespace().next().unwrap_or(agent);
            let (name, version) = product.split_once('/').unwrap_or((product, ""));
            let text = format!("{name} {version}");
            Some((text.trim_end().to_owned(), system))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::browser_and_system;

    #[test]
    fn user_agents_read_as_browser_and_system() {
        let cases = [
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                Some(("Firefox 128".to_owned(), Some("Linux"))),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
                Some(("Edge 120".to_owned(), Some("Windows"))),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
                Some(("Safari 17".to_owned(), Some("macOS"))),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Version/17.2 Mobile/15E148 Safari/604.1",
                Some(("Safari 17".to_owned(), Some("iOS"))),
            ),
            ("curl/8.5.0", Some(("curl 8.5.0".to_owned(), None))),
            ("", None),
        ];
        for (agent, expected) in cases {
            assert_eq!(browser_and_system(agent), expected, "{agent}");
        }
    }
}
