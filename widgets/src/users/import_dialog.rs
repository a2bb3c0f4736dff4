//! `<ImportDialog>`: the CSV import. The admin picks (or drops) a file; the widget sends its
//! text to the server's dry run (the server parses the CSV), shows the columns when one must be
//! mapped, and a table of what each row would do, errors first and filterable by outcome. Apply
//! starts the job; its progress is polled into a progress bar and a live region, and the result
//! file can be downloaded. The [`Modal`] gives it the keyboard (focus trap, Escape).

use crate::list::{LoadError, SearchTarget, use_requests};
use crate::messages::fill;
use crate::messages::import::{ImportMessages, with_counts};
use crate::ui::modal::Modal;
use gloo_timers::future::TimeoutFuture;
use std::rc::Rc;
use tenantkit_wire::jobs::{
    ColumnMapping, ImportPlanResponse, ImportRequest, Job, RowOutcome, RowResult, field,
};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// How often a running job's progress is asked for, milliseconds.
const POLL_MS: u32 = 500;

/// Properties of [`ImportDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ImportDialogProps {
    /// Where to import.
    pub target: SearchTarget,
    /// Closed; `true` when an import ran (the list reloads).
    pub onclose: Callback<bool>,
}

/// Where the dialog is.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Choosing a file.
    Pick,
    /// The dry run is running.
    Checking,
    /// The plan of the file, with the request it was made from.
    Planned(Rc<ImportRequest>, Rc<ImportPlanResponse>),
    /// The job runs (or ran).
    Job(Rc<Job>),
    /// Something failed: the message.
    Failed(String),
}

/// The CSV import, in a dialog.
#[component]
pub fn ImportDialog(props: &ImportDialogProps) -> Html {
    let all = crate::i18n::use_messages();
    let messages = &all.import;
    let step = use_state(|| Step::Pick);
    let filter = use_state(|| None::<RowOutcome>);
    let requests = use_requests();

    let check = {
        let (step, requests, target) = (step.clone(), requests.clone(), props.target.clone());
        Callback::from(move |request: ImportRequest| {
            step.set(Step::Checking);
            let step = step.clone();
            let client = target.client();
            let request = Rc::new(request);
            let sent = request.clone();
            requests.run(
                async move { client.import_dry_run(&sent).await },
                move |answer| {
                    step.set(match answer {
                        Ok(plan) => Step::Planned(request, Rc::new(plan)),
                        Err(error) => Step::Failed(LoadError::from(&error).message),
                    })
                },
            );
        })
    };
    let read_file = {
        let (step, requests, check) = (step.clone(), requests.clone(), check.clone());
        Callback::from(move |file: web_sys::File| {
            let (step, check) = (step.clone(), check.clone());
            requests.run(crate::dom::file_text(file), move |text| match text {
                Some(csv) => check.emit(ImportRequest {
                    csv,
                    mapping: Vec::new(),
                }),
                None => step.set(Step::Failed(messages.file_failed.to_owned())),
            });
        })
    };
    let onfile = {
        let read_file = read_file.clone();
        Callback::from(move |event: Event| {
            let file = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                read_file.emit(file);
            }
        })
    };
    let ondragover = Callback::from(|event: DragEvent| event.prevent_default());
    let ondrop = {
        let read_file = read_file.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if let Some(file) = event
                .data_transfer()
                .and_then(|data| data.files())
                .and_then(|files| files.get(0))
            {
                read_file.emit(file);
            }
        })
    };
    let onapply = {
        let (step, requests, target) = (step.clone(), requests.clone(), props.target.clone());
        Callback::from(move |request: Rc<ImportRequest>| {
            let step = step.clone();
            let client = target.client();
            step.set(Step::Checking);
            requests.run(poll_job(client, request, step.clone()), move |answer| {
                step.set(answer)
            });
        })
    };
    let ran = matches!(&*step, Step::Job(_));
    let onclose = props.onclose.reform(move |()| ran);
    let close_button = {
        let onclose = onclose.clone();
        html! {
            <button type="button" class="tk-button" part="button" onclick={onclose.reform(|_: MouseEvent| ())}>
                { messages.close }
            </button>
        }
    };
    let body = match &*step {
        Step::Pick => html! {
            <div class="tk-import-drop" part="import-drop" {ondragover} {ondrop}>
                <p class="tk-dialog-text">{ messages.intro }</p>
                <label class="tk-field">
                    <span class="tk-field-label">{ messages.file_label }</span>
                    <input type="file" accept=".csv,text/csv" class="tk-input" part="import-file"
                        data-autofocus="true" onchange={onfile} />
                </label>
                <p class="tk-field-hint">{ messages.drop_hint }</p>
            </div>
        },
        Step::Checking => html! {
            <p class="tk-dialog-text" role="status">{ messages.checking }</p>
        },
        Step::Failed(error) => html! {
            <>
                <p class="tk-form-error" role="alert">{ fill(messages.failed, "error", error) }</p>
                <button type="button" class="tk-button" part="button"
                    onclick={reset(&step)}>{ messages.another_file }</button>
            </>
        },
        Step::Planned(request, plan) => {
            planned(request, plan, &filter, &check, &onapply, &step, all)
        }
        Step::Job(job) => job_view(job, &props.target, &requests, messages),
    };
    html! {
        <Modal title={messages.title} onclose={onclose.clone()}>
            <div class="tk-import" part="import-dialog">{ body }</div>
            <div class="tk-dialog-actions">{ close_button }</div>
        </Modal>
    }
}

fn reset(step: &UseStateHandle<Step>) -> Callback<MouseEvent> {
    let step = step.clone();
    Callback::from(move |_: MouseEvent| step.set(Step::Pick))
}

/// Starts the import and follows its job to the end, showing its progress in `step`.
async fn poll_job(
    client: tenantkit_client::TenantClient,
    request: Rc<ImportRequest>,
    step: UseStateHandle<Step>,
) -> Step {
    let mut job = match client.import_users(&request).await {
        Ok(started) => started.job,
        Err(error) => return Step::Failed(LoadError::from(&error).message),
    };
    while !job.state.is_finished() {
        step.set(Step::Job(Rc::new(job.clone())));
        TimeoutFuture::new(POLL_MS).await;
        job = match client.job(&job.id).await {
            Ok(answer) => answer.job,
            Err(error) => return Step::Failed(LoadError::from(&error).message),
        };
    }
    Step::Job(Rc::new(job))
}

/// The plan: the mapping (when a column must be chosen), the summary, the filter and the table.
fn planned(
    request: &Rc<ImportRequest>,
    plan: &Rc<ImportPlanResponse>,
    filter: &UseStateHandle<Option<RowOutcome>>,
    check: &Callback<ImportRequest>,
    onapply: &Callback<Rc<ImportRequest>>,
    step: &UseStateHandle<Step>,
    all: &'static crate::messages::Messages,
) -> Html {
    let messages = &all.import;
    let counts = plan.counts;
    let summary = with_counts(messages.summary, counts);
    let changes = counts.create + counts.update;
    let needs_mapping = !plan.problem.is_empty() || plan.mapping.iter().any(|m| m.field.is_empty());
    let onfilter = {
        let filter = filter.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                filter.set(RowOutcome::parse(&select.value()));
            }
        })
    };
    let mut rows: Vec<&RowResult> = plan
        .rows
        .iter()
        .filter(|row| filter.is_none_or(|outcome| row.outcome == outcome))
        .collect();
    // Errors first, then the file's order.
    rows.sort_by_key(|row| (row.outcome != RowOutcome::Error, row.row));
    let apply = {
        let (onapply, request, plan) = (onapply.clone(), request.clone(), plan.clone());
        Callback::from(move |_: MouseEvent| {
            onapply.emit(Rc::new(ImportRequest {
                csv: request.csv.clone(),
                mapping: plan.mapping.clone(),
            }))
        })
    };
    html! {
        <>
            if needs_mapping {
                { mapping(request, plan, check, messages) }
            }
            if !plan.problem.is_empty() {
                <p class="tk-form-error" role="alert">{ plan.problem.clone() }</p>
            }
            <p class="tk-dialog-text" role="status" part="import-summary">{ summary }</p>
            <label class="tk-field tk-field--inline">
                <span class="tk-field-label">{ messages.filter_label }</span>
                <select class="tk-select" part="filter" onchange={onfilter}>
                    <option value="" selected={filter.is_none()}>{ messages.filter_all }</option>
                    { for RowOutcome::ALL.into_iter().map(|outcome| html! {
                        <option value={outcome.as_str()} selected={**filter == Some(outcome)}>
                            { format!("{} ({})", messages.outcome(outcome), counts.of(outcome)) }
                        </option>
                    }) }
                </select>
            </label>
            <div class="tk-table-scroll">
                <table class="tk-table" part="import-table">
                    <caption class="tk-visually-hidden">{ messages.caption }</caption>
                    <thead><tr>
                        <th scope="col">{ messages.column_row }</th>
                        <th scope="col">{ all.column_login_id }</th>
                        <th scope="col">{ messages.column_outcome }</th>
                        <th scope="col">{ messages.column_details }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.into_iter().map(|row| row_view(row, messages)) }
                    </tbody>
                </table>
            </div>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button" part="button" onclick={reset(step)}>
                    { messages.another_file }
                </button>
                <button type="button" class="tk-button tk-button--primary" part="button import-apply"
                    disabled={changes == 0 || !plan.problem.is_empty()} onclick={apply}>
                    { fill(messages.apply, "count", &changes.to_string()) }
                </button>
            </div>
        </>
    }
}

fn row_view(row: &RowResult, messages: &ImportMessages) -> Html {
    let details = if row.column.is_empty() {
        row.reason.clone()
    } else {
        format!(
            "{} ({})",
            row.reason,
            fill(messages.in_column, "column", &row.column)
        )
    };
    let class = format!("tk-import-row tk-import-row--{}", row.outcome.as_str());
    html! {
        <tr {class} data-outcome={row.outcome.as_str()}>
            <td>{ row.row }</td>
            <td>{ row.login_id.clone() }</td>
            <td>{ messages.outcome(row.outcome) }</td>
            <td>{ details }</td>
        </tr>
    }
}

/// One select per column: what it holds. A change checks the file again with that mapping.
fn mapping(
    request: &Rc<ImportRequest>,
    plan: &Rc<ImportPlanResponse>,
    check: &Callback<ImportRequest>,
    messages: &ImportMessages,
) -> Html {
    html! {
        <fieldset class="tk-fieldset" part="import-mapping">
            <legend>{ messages.mapping_title }</legend>
            <p class="tk-field-hint">{ messages.mapping_intro }</p>
            { for plan.mapping.iter().enumerate().map(|(index, column)| {
                let onchange = {
                    let (check, request, plan) = (check.clone(), request.clone(), plan.clone());
                    Callback::from(move |event: Event| {
                        let Some(select) = event.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) else {
                            return;
                        };
                        let mut mapping: Vec<ColumnMapping> = plan.mapping.clone();
                        if let Some(column) = mapping.get_mut(index) {
                            column.field = select.value();
                        }
                        check.emit(ImportRequest { csv: request.csv.clone(), mapping });
                    })
                };
                let guessed = (!column.field.is_empty() && !field::ALL.contains(&column.field.as_str()))
                    .then(|| column.field.clone());
                html! {
                    <label class="tk-field tk-field--inline">
                        <span class="tk-field-label">{ fill(messages.mapping_label, "header", &column.header) }</span>
                        <select class="tk-select" {onchange}>
                            <option value="" selected={column.field.is_empty()}>{ messages.ignore_column }</option>
                            { for field::ALL.iter().map(|name| html! {
                                <option value={*name} selected={column.field == *name}>{ *name }</option>
                            }) }
                            if let Some(attribute) = guessed {
                                <option value={attribute.clone()} selected=true>{ attribute.clone() }</option>
                            }
                        </select>
                    </label>
                }
            }) }
        </fieldset>
    }
}

/// The job: progress (a bar and a live region) while it runs, the outcome and the result file.
fn job_view(
    job: &Rc<Job>,
    target: &SearchTarget,
    requests: &crate::list::Requests,
    messages: &'static ImportMessages,
) -> Html {
    let counts = job.counts;
    let finished = job.state.is_finished();
    let progress = fill(
        &fill(messages.progress, "done", &job.done.to_string()),
        "total",
        &job.total.to_string(),
    );
    let status = if !finished {
        progress.clone()
    } else if job.error.is_empty() {
        with_counts(messages.finished, counts)
    } else {
        fill(messages.job_failed, "error", &job.error)
    };
    let download = {
        let (target, requests, id) = (target.clone(), requests.clone(), job.id.clone());
        Callback::from(move |_: MouseEvent| {
            let (client, id) = (target.client(), id.clone());
            let name = format!("import-result-{id}.csv");
            requests.run(async move { client.job_result(&id).await }, move |text| {
                if let Ok(text) = text {
                    let _ = crate::csv::download(&text, &name);
                }
            });
        })
    };
    html! {
        <>
            <progress class="tk-progress" part="import-progress" aria-label={messages.progress_label}
                data-job={job.id.clone()}
                max={job.total.max(1).to_string()} value={job.done.to_string()}>{ progress.clone() }</progress>
            <p class="tk-dialog-text" role="status" aria-live="polite" part="import-status">{ status }</p>
            if !job.failures.is_empty() {
                <ul class="tk-notice-details">
                    { for job.failures.iter().map(|row| html! {
                        <li>{ format!("{} {}: {}", row.row, row.login_id, row.reason) }</li>
                    }) }
                </ul>
            }
            if finished {
                <button type="button" class="tk-button tk-button--primary" part="button import-download"
                    data-autofocus="true" onclick={download}>{ messages.download }</button>
            }
        </>
    }
}
