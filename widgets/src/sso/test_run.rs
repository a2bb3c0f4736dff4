//! `<SsoTestRun>`: "Test connection" of one configuration. The admin starts a run; the
//! identity provider's sign-in page opens in a popup (opened at the click, so no popup blocker
//! stops it, and cut from this page before it leaves for the provider), with a link to open it
//! by hand; the run is read every two seconds until the provider answered. Its diagnosis is
//! text only: a heading that says how many checks failed, the checklist (each check's result
//! in words, what was found, and how to fix a failure), what the provider sent, and what a
//! sign-in would do. A test signs nobody in and creates no user.

use crate::list::requests::Generation;
use crate::list::{LoadError, SearchTarget, use_requests};
use crate::messages::fill;
use crate::sso::state::now;
use gloo_timers::future::TimeoutFuture;
use std::rc::Rc;
use tenantkit_wire::calendar::minute_text;
use tenantkit_wire::sso_test::{TestRun, TestStartRequest};
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// How often the run is read while the provider is open, in milliseconds.
const POLL_MS: u32 = 2_000;
/// How long the provider may take (the server keeps a pending sign-in 10 minutes).
const WAIT_SECS: i64 = 600;

/// Properties of [`SsoTestRun`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoTestRunProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The configuration to test.
    pub sso_id: String,
    /// A finished run to show until the admin tests again (the overview's last test).
    #[prop_or_default]
    pub shown: Option<String>,
    /// A run the admin started has finished.
    #[prop_or_default]
    pub onfinished: Callback<TestRun>,
}

/// Where the test stands.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Nothing started (or a run shown).
    Idle,
    /// The start request runs.
    Starting,
    /// The provider's page is open: `url`, to open it again.
    Waiting { url: String },
    /// The provider did not answer in time.
    TimedOut,
    /// Starting or reading failed.
    Failed(String),
}

/// Opens the window the provider's page will load in, while the click still counts as the
/// admin's (a window opened after a request would be blocked).
fn open_blank_window() -> Option<web_sys::Window> {
    web_sys::window()?
        .open_with_url_and_target_and_features(
            "about:blank",
            "tk-sso-test",
            "popup,width=600,height=760",
        )
        .ok()
        .flatten()
}

/// Sends `window` to the provider, cut from this page first: the provider's page gets no
/// `window.opener` to navigate this one with.
fn send_window(window: &web_sys::Window, url: &str) {
    let _ = window.set_opener(&JsValue::NULL);
    let _ = window.location().set_href(url);
}

/// Runs "Test connection" and shows its diagnosis.
#[component]
pub fn SsoTestRun(props: &SsoTestRunProps) -> Html {
    let lang = crate::i18n::use_lang();
    let t = &crate::i18n::use_messages().sso_test;
    let requests = use_requests();
    let phase = use_state(|| Phase::Idle);
    let run = use_state(|| None::<Rc<TestRun>>);
    // Advanced when a new run starts, the admin stops waiting, or the panel goes: the reads of
    // an older run stop.
    let polls = use_memo((), |()| Generation::default());
    {
        let polls = (*polls).clone();
        use_effect_with((), move |()| move || polls.advance());
    }
    {
        // The run shown first (the overview's last test).
        let (requests, run, target, sso_id) = (
            requests.clone(),
            run.clone(),
            props.target.clone(),
            props.sso_id.clone(),
        );
        use_effect_with(props.shown.clone(), move |shown| {
            if let Some(id) = shown.clone() {
                let request = async move {
                    target
                        .client()
                        .sso_test_result(target.tenant.as_str(), &sso_id, &id)
                        .await
                };
                requests.run(request, move |answer| {
                    if let Ok(answer) = answer {
                        run.set(Some(Rc::new(answer)));
                    }
                });
            }
        });
    }
    let onstart = {
        let (phase, run, polls) = (phase.clone(), run.clone(), (*polls).clone());
        let (target, sso_id, onfinished) = (
            props.target.clone(),
            props.sso_id.clone(),
            props.onfinished.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if matches!(*phase, Phase::Starting) {
                return;
            }
            let window = open_blank_window();
            polls.advance();
            let ticket = polls.ticket();
            phase.set(Phase::Starting);
            run.set(None);
            let (phase, run, target, sso_id, onfinished) = (
                phase.clone(),
                run.clone(),
                target.clone(),
                sso_id.clone(),
                onfinished.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let client = target.client();
                let started = client
                    .start_sso_test(&TestStartRequest {
                        tenant_id: target.tenant.clone(),
                        sso_id: sso_id.clone(),
                        redirect_url: String::new(),
                    })
                    .await;
                let started = match started {
                    Ok(started) => started,
                    Err(error) => {
                        if let Some(window) = window {
                            let _ = window.close();
                        }
                        if ticket.is_current() {
                            phase.set(Phase::Failed(LoadError::from(&error).message));
                        }
                        return;
                    }
                };
                if let Some(window) = &window {
                    send_window(window, &started.url);
                }
                if !ticket.is_current() {
                    return;
                }
                phase.set(Phase::Waiting {
                    url: started.url.clone(),
                });
                let deadline = now() + WAIT_SECS;
                while now() < deadline {
                    TimeoutFuture::new(POLL_MS).await;
                    if !ticket.is_current() {
                        return;
                    }
                    let answer = client
                        .sso_test_result(target.tenant.as_str(), &sso_id, &started.test_run_id)
                        .await;
                    if !ticket.is_current() {
                        return;
                    }
                    match answer {
                        Ok(answer) if answer.is_finished() => {
                            phase.set(Phase::Idle);
                            onfinished.emit(answer.clone());
                            run.set(Some(Rc::new(answer)));
                            return;
                        }
                        Ok(_) => {}
                        Err(error) => {
                            phase.set(Phase::Failed(LoadError::from(&error).message));
                            return;
                        }
                    }
                }
                phase.set(Phase::TimedOut);
            });
        })
    };
    let oncancel = {
        let (phase, polls) = (phase.clone(), (*polls).clone());
        Callback::from(move |_: MouseEvent| {
            polls.advance();
            phase.set(Phase::Idle);
        })
    };

    let status = match &*phase {
        Phase::Idle => Html::default(),
        Phase::Starting => html! { <p class="tk-dialog-text">{ t.starting }</p> },
        Phase::Waiting { url } => html! {
            <>
                <p class="tk-dialog-text">{ t.waiting }</p>
                <p class="tk-dialog-text">
                    <a class="tk-link-button" part="link idp-link" href={url.clone()} target="tk-sso-test" rel="noopener noreferrer">{ t.open_idp }</a>
                </p>
            </>
        },
        Phase::TimedOut => {
            html! { <p class="tk-form-error" part="form-error" role="alert">{ t.timed_out }</p> }
        }
        Phase::Failed(message) => html! {
            <p class="tk-form-error" part="form-error" role="alert">{ format!("{} {message}", t.failed_to_run) }</p>
        },
    };
    let waiting = matches!(*phase, Phase::Starting | Phase::Waiting { .. });
    let label = if run.is_some() || matches!(*phase, Phase::TimedOut | Phase::Failed(_)) {
        t.again
    } else {
        t.action_test
    };
    html! {
        <div class="tk-test-run" part="test-run">
            <div class="tk-test-status" role="status" aria-live="polite">{ status }</div>
            <div class="tk-test-actions">
                if waiting {
                    <button type="button" class="tk-button" part="button" onclick={oncancel}>{ t.cancel }</button>
                } else {
                    <button type="button" class="tk-button tk-button--primary" part="button test-button" onclick={onstart}>{ label }</button>
                }
            </div>
            if let Some(run) = &*run {
                { diagnosis(run, t, lang) }
            }
        </div>
    }
}

/// A finished run: the verdict, the checklist, what the provider sent, what a sign-in would do.
fn diagnosis(
    run: &TestRun,
    t: &'static crate::messages::sso_test::SsoTestMessages,
    lang: crate::i18n::Lang,
) -> Html {
    let failed = run.checks.iter().filter(|check| !check.passed).count();
    let verdict = if run.passed {
        t.result_passed.to_owned()
    } else {
        fill(
            &fill(t.result_failed, "failed", &failed.to_string()),
            "total",
            &run.checks.len().to_string(),
        )
    };
    let checks = run.checks.iter().map(|check| {
        let (class, result, mark) = if check.passed {
            ("tk-test-check--passed", t.check_passed, "✓")
        } else {
            ("tk-test-check--failed", t.check_failed, "✗")
        };
        html! {
            <li class={classes!("tk-test-check", class)} data-check={check.name.clone()}>
                <span class="tk-test-mark" aria-hidden="true">{ mark }</span>
                <strong class="tk-test-check-name">{ t.checks.of(&check.name) }</strong>
                { ": " }<span class="tk-test-check-result">{ result }</span>
                if !check.detail.is_empty() {
                    <span class="tk-hint tk-block">{ check.detail.clone() }</span>
                }
                if let Some(fix) = &check.fix_it {
                    <p class="tk-fix-it" part="fix-it"><strong>{ t.fix_it }</strong>{ " " }{ fix.clone() }</p>
                }
            </li>
        }
    });
    html! {
        <section class="tk-test-result" part="test-result" aria-labelledby="tk-test-verdict">
            <h4 id="tk-test-verdict" class={classes!("tk-step-title", if run.passed { "tk-verdict--passed" } else { "tk-verdict--failed" })}>
                { verdict }
            </h4>
            <p class="tk-hint">{ fill(t.tested_at, "time", &lang.moment(run.finished)) }</p>
            <h5 class="tk-subsection-title">{ t.checks_heading }</h5>
            <ul class="tk-checklist" part="checklist">{ for checks }</ul>
            { sent(run, t) }
            { mapping(run, t) }
        </section>
    }
}

/// A JSON value as text: a string as it is, anything else as JSON.
fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The facts of `rows` as a description list; empty values read "None".
fn facts(
    rows: Vec<(String, String)>,
    t: &'static crate::messages::sso_test::SsoTestMessages,
) -> Html {
    html! {
        <dl class="tk-facts" part="facts">
            { for rows.into_iter().map(|(label, value)| html! {
                <div class="tk-fact">
                    <dt>{ label }</dt>
                    <dd>{ if value.trim().is_empty() { t.none.to_owned() } else { value } }</dd>
                </div>
            }) }
        </dl>
    }
}

/// What the provider sent: the decoded assertion (SAML) or the ID token's claims (OIDC).
fn sent(run: &TestRun, t: &'static crate::messages::sso_test::SsoTestMessages) -> Html {
    let attribute = |name: &str| fill(t.label_attribute, "name", name);
    let rows: Vec<(String, String)> = if let Some(assertion) = &run.assertion {
        let time = |at: Option<i64>| at.map(minute_text).unwrap_or_default();
        let mut rows = vec![
            (t.label_issuer.to_owned(), assertion.issuer.clone()),
            (t.label_subject.to_owned(), assertion.subject.clone()),
            (t.label_audience.to_owned(), assertion.audiences.join(", ")),
            (t.label_recipient.to_owned(), assertion.recipient.clone()),
            (t.label_issued.to_owned(), time(Some(assertion.issued))),
            (
                t.label_valid.to_owned(),
                fill(
                    &fill(t.valid_range, "from", &time(assertion.not_before)),
                    "until",
                    &time(assertion.not_on_or_after),
                ),
            ),
            (
                t.label_algorithm.to_owned(),
                assertion.signature_algorithm.clone(),
            ),
            (
                t.label_certificate_sent.to_owned(),
                assertion.certificate_fingerprint.clone(),
            ),
            (
                t.label_certificate_trusted.to_owned(),
                assertion.configured_certificate_fingerprint.clone(),
            ),
            (t.label_groups.to_owned(), assertion.groups.join(", ")),
        ];
        rows.extend(
            assertion
                .attributes
                .iter()
                .map(|(name, values)| (attribute(name), values.join(", "))),
        );
        rows
    } else {
        run.id_token_claims
            .iter()
            .map(|(name, value)| (attribute(name), value_text(value)))
            .collect()
    };
    if rows.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <h5 class="tk-subsection-title">{ t.sent_heading }</h5>
            { facts(rows, t) }
        </>
    }
}

/// What a real sign-in with this answer would do.
fn mapping(run: &TestRun, t: &'static crate::messages::sso_test::SsoTestMessages) -> Html {
    let Some(mapping) = &run.mapping else {
        return Html::default();
    };
    let action = match mapping.action.as_str() {
        "create" => fill(t.would_create, "login", &mapping.login_id),
        "update" => fill(t.would_update, "login", &mapping.login_id),
        _ => fill(t.would_refuse, "reason", &mapping.reason),
    };
    let mut rows = vec![
        (t.label_action.to_owned(), action),
        (t.label_name.to_owned(), mapping.name.clone()),
        (t.label_email.to_owned(), mapping.email.clone()),
        (t.label_roles.to_owned(), mapping.roles.join(", ")),
    ];
    rows.extend(
        mapping
            .custom_attributes
            .iter()
            .map(|(name, value)| (fill(t.label_attribute, "name", name), value_text(value))),
    );
    html! {
        <>
            <h5 class="tk-subsection-title">{ t.mapping_heading }</h5>
            { facts(rows, t) }
        </>
    }
}

/// Properties of [`SsoTestPanel`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoTestPanelProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The configuration to test.
    pub sso_id: String,
    /// Its name in the overview.
    pub name: AttrValue,
    /// Its last finished run, shown until the admin tests again.
    #[prop_or_default]
    pub last_test: Option<String>,
    /// A run finished.
    #[prop_or_default]
    pub onfinished: Callback<TestRun>,
    /// Back to the overview.
    pub onclose: Callback<()>,
}

/// "Test connection" in place of the overview: a heading (focused on opening, so a screen
/// reader says where the admin is), what a test does, the run, and the way back.
#[component]
pub fn SsoTestPanel(props: &SsoTestPanelProps) -> Html {
    let t = &crate::i18n::use_messages().sso_test;
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |()| {
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>() {
                let _ = heading.focus();
            }
        });
    }
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <section class="tk-wizard" part="test-panel" aria-labelledby="tk-test-title">
            <h3 id="tk-test-title" ref={heading} tabindex="-1" class="tk-dialog-title">{ fill(t.title, "name", &props.name) }</h3>
            <p class="tk-dialog-text">{ t.intro }</p>
            <SsoTestRun target={props.target.clone()} sso_id={props.sso_id.clone()}
                shown={props.last_test.clone()} onfinished={props.onfinished.clone()} />
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button" part="button" onclick={onclose}>{ t.back }</button>
            </div>
        </section>
    }
}
