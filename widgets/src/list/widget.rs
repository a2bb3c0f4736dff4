//! `use_list_widget`: the one controller every list element uses.
//!
//! An element keeps its UI state in one [`ListUi`] (a `Reducible` with no DOM code): the query,
//! the selected rows, the open row menu, the dialog on top (the element's own `D`), the notice,
//! whether a change is in flight, and the reload counter. [`ListWidget`] bundles it with the
//! element's target, its list as remote data and its [`Requests`], and offers what every element
//! does with them: the list controls (a change of search, sort or page size goes back to page 1,
//! any change of the query clears the selection), opening and closing dialogs, reporting a change
//! or a failure.

use super::requests::{Requests, use_requests};
use super::state::{ListQuery, ListRow, ListState, LoadError, RowKey, SearchTarget, Setting};
use super::use_list::use_list;
use crate::collections::VecSet;
use crate::hooks::{use_ready_event, use_target};
use crate::messages::{ListMessages, fill};
use crate::ui::list_parts::{announcement, count_label, list_panel, selection_bar, widget_header};
use crate::ui::notice::{Notice, notice_bar};
use crate::ui::pagination::{Paging, pagination};
use crate::ui::table::ListTable;
use crate::{WidgetEvent, WidgetProps};
use std::fmt;
use std::rc::Rc;
use tenantkit_client::ApiError;
use yew::prelude::*;

/// A list element's UI state.
#[derive(Debug, Clone, PartialEq)]
pub struct ListUi<Q: ListQuery, D> {
    /// The page asked for.
    pub query: Q,
    /// The selected rows (in the audit log: the expanded ones).
    pub selection: Rc<VecSet<RowKey<Q>>>,
    /// The row whose action menu is open.
    pub open_menu: Option<RowKey<Q>>,
    /// The dialog on top of the element (`D::default()`: none).
    pub dialog: D,
    /// The outcome of the last action.
    pub notice: Option<Notice>,
    /// A change is in flight.
    pub busy: bool,
    /// Bumped after every change, so the list is fetched again.
    pub reload: u64,
}

impl<Q: ListQuery, D: Default> Default for ListUi<Q, D> {
    fn default() -> Self {
        Self {
            query: Q::default(),
            selection: Rc::default(),
            open_menu: None,
            dialog: D::default(),
            notice: None,
            busy: false,
            reload: 0,
        }
    }
}

/// What changes a [`ListUi`].
pub enum ListUiAction<Q: ListQuery, D> {
    /// Change the query; if it changed, the selection is cleared.
    Query(Box<dyn FnOnce(&mut Q)>),
    /// Select (`true`) or unselect a row.
    Select(RowKey<Q>, bool),
    /// Select or unselect these rows.
    SelectAll(Vec<RowKey<Q>>, bool),
    /// Unselect these rows (they are gone).
    Unselect(Vec<RowKey<Q>>),
    /// Unselect every row.
    ClearSelection,
    /// Open a row's menu, or close it.
    Menu(Option<RowKey<Q>>),
    /// Show this dialog (`D::default()` closes it).
    Dialog(D),
    /// Show or dismiss the notice.
    Notice(Option<Notice>),
    /// A change started or ended.
    Busy(bool),
    /// A change landed: close the dialog, say so, fetch the list again.
    Changed(Notice),
    /// Fetch the list again.
    Reload,
}

impl<Q: ListQuery, D: Clone + Default + 'static> Reducible for ListUi<Q, D> {
    type Action = ListUiAction<Q, D>;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let selection = |change: &dyn Fn(&mut VecSet<RowKey<Q>>)| {
            let mut set = (*self.selection).clone();
            change(&mut set);
            Rc::new(set)
        };
        match action {
            ListUiAction::Query(change) => {
                change(&mut next.query);
                if next.query != self.query {
                    next.selection = Rc::default();
                }
            }
            ListUiAction::Select(key, selected) => {
                next.selection = selection(&|set| {
                    if selected {
                        set.insert(key.clone());
                    } else {
                        set.remove(&key);
                    }
                });
            }
            ListUiAction::SelectAll(keys, selected) => {
                next.selection = selection(&|set| {
                    for key in &keys {
                        if selected {
                            set.insert(key.clone());
                        } else {
                            set.remove(key);
                        }
                    }
                });
            }
            ListUiAction::Unselect(keys) => {
                next.selection = selection(&|set| {
                    for key in &keys {
                        set.remove(key);
                    }
                });
            }
            ListUiAction::ClearSelection => next.selection = Rc::default(),
            ListUiAction::Menu(key) => next.open_menu = key,
            ListUiAction::Dialog(dialog) => next.dialog = dialog,
            ListUiAction::Notice(notice) => next.notice = notice,
            ListUiAction::Busy(busy) => next.busy = busy,
            ListUiAction::Reload => next.reload += 1,
            ListUiAction::Changed(notice) => {
                next.dialog = D::default();
                next.notice = Some(notice);
                next.reload += 1;
            }
        }
        Rc::new(next)
    }
}

/// The callbacks of a list's search box, sortable headers, pagination, row selection, row
/// menus and notice.
#[derive(Debug, Clone)]
pub struct ListControls<C: 'static, K: 'static> {
    pub onsearch: Callback<String>,
    /// Ascending, then descending, then unsorted.
    pub onsort: Callback<C>,
    pub onpage: Callback<u32>,
    pub onpagesize: Callback<u32>,
    /// `(row key, selected)`.
    pub onselect: Callback<(K, bool)>,
    /// Selects or unselects the selectable rows of the page.
    pub onselectall: Callback<bool>,
    pub onclearselection: Callback<()>,
    /// Opens a row's menu (`None`: closes it).
    pub onmenu: Callback<Option<K>>,
    /// Dismisses the notice.
    pub ondismiss: Callback<()>,
}

impl<Q: ListQuery, D> fmt::Debug for ListUiAction<Q, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ListUiAction")
    }
}

/// A list element's state and what it does with it. Cheap to clone into callbacks and requests.
pub struct ListWidget<Q: ListQuery, D: Clone + Default + 'static> {
    /// Where the element's requests go, or the missing settings.
    pub target: Result<SearchTarget, Vec<Setting>>,
    /// The list as remote data.
    pub list: UseReducerHandle<ListState<Q::Row>>,
    /// The UI state.
    pub ui: UseReducerHandle<ListUi<Q, D>>,
    /// Runs the element's requests besides its list.
    pub requests: Requests,
    /// The page's event callback.
    pub on_event: Callback<WidgetEvent>,
    /// The element's language.
    pub lang: crate::i18n::Lang,
    /// The element's strings, in its language.
    pub messages: &'static crate::messages::Messages,
    /// The first page has been on screen: what the element asks besides its list (the roles a
    /// picker offers, say) waits for it, so the first paint costs one request.
    pub first_page_shown: bool,
}

impl<Q: ListQuery, D: Clone + Default + 'static> Clone for ListWidget<Q, D> {
    fn clone(&self) -> Self {
        Self {
            target: self.target.clone(),
            list: self.list.clone(),
            ui: self.ui.clone(),
            requests: self.requests.clone(),
            on_event: self.on_event.clone(),
            first_page_shown: self.first_page_shown,
            lang: self.lang,
            messages: self.messages,
        }
    }
}

impl<Q: ListQuery, D: Clone + Default + 'static> fmt::Debug for ListWidget<Q, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListWidget")
            .field("target", &self.target.is_ok())
            .finish_non_exhaustive()
    }
}

impl<Q: ListQuery, D: Clone + Default + 'static> ListWidget<Q, D> {
    /// The rows on screen.
    pub fn rows(&self) -> Rc<[Q::Row]> {
        self.list.rows()
    }

    /// The rows on screen that are selected (and may be).
    pub fn selected_rows(&self) -> Vec<Q::Row> {
        self.rows()
            .iter()
            .filter(|row| row.selectable() && self.ui.selection.contains(&row.key()))
            .cloned()
            .collect()
    }

    /// Changes the query (a change clears the selection).
    pub fn change_query(&self, change: impl FnOnce(&mut Q) + 'static) {
        self.ui.dispatch(ListUiAction::Query(Box::new(change)));
    }

    /// A callback that changes the query with `change` and what it is given.
    pub fn query_callback<T: 'static>(&self, change: fn(&mut Q, T)) -> Callback<T> {
        let ui = self.ui.clone();
        Callback::from(move |value: T| {
            ui.dispatch(ListUiAction::Query(Box::new(move |q: &mut Q| {
                change(q, value)
            })))
        })
    }

    /// Shows `dialog`.
    pub fn open(&self, dialog: D) {
        self.ui.dispatch(ListUiAction::Dialog(dialog));
    }

    /// Closes the dialog.
    pub fn close(&self) {
        self.open(D::default());
    }

    /// Shows `notice`.
    pub fn notify(&self, notice: Notice) {
        self.ui.dispatch(ListUiAction::Notice(Some(notice)));
    }

    /// A change started (`true`) or ended.
    pub fn busy(&self, busy: bool) {
        self.ui.dispatch(ListUiAction::Busy(busy));
    }

    /// Unselects rows that are gone.
    pub fn unselect(&self, keys: Vec<RowKey<Q>>) {
        self.ui.dispatch(ListUiAction::Unselect(keys));
    }

    /// Fetches the list again.
    pub fn reload(&self) {
        self.ui.dispatch(ListUiAction::Reload);
    }

    /// Dismisses the notice.
    pub fn dismiss(&self) {
        self.ui.dispatch(ListUiAction::Notice(None));
    }

    /// A change landed: closes the dialog, shows `notice`, fetches the list again.
    pub fn changed(&self, notice: Notice) {
        self.ui.dispatch(ListUiAction::Changed(notice));
    }

    /// Tells the page.
    pub fn emit(&self, event: WidgetEvent) {
        self.on_event.emit(event);
    }

    /// A change failed: tells the page, shows "`prefix` `error`", closes the dialog.
    pub fn failed(&self, prefix: &str, error: &ApiError) {
        self.failed_with(prefix, LoadError::from(error));
    }

    /// [`Self::failed`] for an error already made readable.
    pub fn failed_with(&self, prefix: &str, error: LoadError) {
        self.emit(WidgetEvent::Error {
            message: error.message.clone(),
            status: error.status,
        });
        self.notify(Notice::failure(format!("{prefix} {}", error.message)));
        self.close();
    }

    /// A callback that shows the dialog `make` builds from what it is given.
    pub fn opener<T: 'static>(&self, make: impl Fn(T) -> D + 'static) -> Callback<T> {
        let widget = self.clone();
        Callback::from(move |value: T| widget.open(make(value)))
    }

    /// What the table needs from the controller, its caption naming `tenant`.
    pub fn table(&self, caption: String) -> ListTable<Q::Row, Q::Column> {
        self.table_with(caption, self.controls())
    }

    /// [`Self::table`] with the controls already made for this render.
    fn table_with(
        &self,
        caption: String,
        controls: ListControls<Q::Column, RowKey<Q>>,
    ) -> ListTable<Q::Row, Q::Column> {
        ListTable {
            rows: self.rows(),
            caption: caption.into(),
            sort: self.ui.query.clone().sort_mut().and_then(|sort| *sort),
            selected: self.ui.selection.clone(),
            open_menu: self.ui.open_menu.clone(),
            onsort: controls.onsort,
            onselect: controls.onselect,
            onselectall: controls.onselectall,
            onmenu: controls.onmenu,
            select_all: self.select_all(),
        }
    }

    /// Whether the page has a row that may be selected, and whether all such rows are.
    fn select_all(&self) -> (bool, bool) {
        let rows = self.rows();
        let mut selectable = rows.iter().filter(|row| row.selectable()).peekable();
        let any = selectable.peek().is_some();
        (
            any,
            any && selectable.all(|row| self.ui.selection.contains(&row.key())),
        )
    }

    /// The element: heading with the tenant and the count, the live announcement, the toolbar
    /// (while the list can be asked for), the notice, the bulk actions (while rows are
    /// selected), the table or the panel standing in for it, the pagination and the dialog.
    pub fn render(&self, frame: Frame<'_, Q>) -> Html {
        let messages = self.messages;
        let state = &*self.list;
        let ui = &*self.ui;
        let controls = self.controls();
        let live = match &ui.notice {
            Some(notice) => notice.text.clone(),
            None => announcement(state, frame.list, messages),
        };
        let body =
            list_panel(state, ui.query.is_filtered(), frame.list, messages).unwrap_or_else(|| {
                let caption = fill(
                    frame.list.table_caption,
                    "tenant",
                    frame.tenant.unwrap_or_default(),
                );
                (frame.table)(self.table_with(caption, controls.clone()))
            });
        let paging = ui
            .query
            .clone()
            .paging_mut()
            .map(|(page, size)| (*page, *size));
        let selected = self.selected_rows().len();
        html! {
            <section class={classes!("tk-widget", frame.class)} part="base" aria-labelledby="tk-title">
                { widget_header(messages, frame.list.title, frame.tenant, count_label(state, frame.list)) }
                <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                    { live }
                </p>
                if self.target.is_ok() && !matches!(state, ListState::SessionExpired) {
                    { frame.toolbar }
                }
                if let Some(notice) = &ui.notice {
                    { notice_bar(messages, notice, &controls.ondismiss) }
                }
                if selected > 0 {
                    { selection_bar(messages, selected, &controls.onclearselection, frame.bulk) }
                }
                <div class="tk-body" aria-busy={state.is_refreshing().to_string()}>{ body }</div>
                if let (Some((page, page_size)), Some(total)) = (paging, state.total().filter(|t| *t > 0)) {
                    { pagination(self.lang, &Paging {
                        page,
                        page_size,
                        total,
                        rows: state.rows().len(),
                        capped: state.is_capped(),
                        onpage: controls.onpage.clone(),
                        onpagesize: controls.onpagesize.clone(),
                    }) }
                }
                { frame.dialog }
            </section>
        }
    }

    /// The list's controls.
    pub fn controls(&self) -> ListControls<Q::Column, RowKey<Q>> {
        let ui = &self.ui;
        let page_keys: Vec<RowKey<Q>> = self
            .rows()
            .iter()
            .filter(|row| row.selectable())
            .map(ListRow::key)
            .collect();
        ListControls {
            onsearch: self.query_callback(|q: &mut Q, text: String| {
                if let Some(current) = q.text_mut()
                    && *current != text
                {
                    *current = text;
                    first_page(q);
                }
            }),
            onsort: self.query_callback(|q: &mut Q, column: Q::Column| {
                if let Some(sort) = q.sort_mut() {
                    *sort = match *sort {
                        Some((sorted, false)) if sorted == column => Some((column, true)),
                        Some((sorted, true)) if sorted == column => None,
                        _ => Some((column, false)),
                    };
                    first_page(q);
                }
            }),
            onpage: self.query_callback(|q: &mut Q, page: u32| {
                if let Some((current, _)) = q.paging_mut() {
                    *current = page;
                }
            }),
            onpagesize: self.query_callback(|q: &mut Q, size: u32| {
                if let Some((page, page_size)) = q.paging_mut() {
                    *page_size = size;
                    *page = 0;
                }
            }),
            onselect: ui.reform_action(|(key, selected)| ListUiAction::Select(key, selected)),
            onselectall: {
                let ui = ui.clone();
                Callback::from(move |selected: bool| {
                    ui.dispatch(ListUiAction::SelectAll(page_keys.clone(), selected))
                })
            },
            onclearselection: ui.reform_action(|()| ListUiAction::ClearSelection),
            onmenu: ui.reform_action(ListUiAction::Menu),
            ondismiss: ui.reform_action(|()| ListUiAction::Notice(None)),
        }
    }
}

/// What an element shows around its list; the controller's [`ListWidget::render`] lays it out
/// with the heading, the live announcement, the notice, the state panels and the pagination.
#[expect(missing_debug_implementations, reason = "`table` is a closure")]
pub struct Frame<'a, Q: ListQuery> {
    /// The element's class (`tk-user-management`, ...).
    pub class: &'static str,
    /// The list's strings.
    pub list: &'a ListMessages,
    /// The tenant's name, for the heading and the caption.
    pub tenant: Option<&'a str>,
    /// The toolbar, shown while the list can be asked for.
    pub toolbar: Html,
    /// The bulk actions, shown while rows are selected.
    pub bulk: Html,
    /// The table, once there are rows to show.
    pub table: &'a dyn Fn(ListTable<Q::Row, Q::Column>) -> Html,
    /// The dialog on top, if any.
    pub dialog: Html,
}

/// Back to page 1, for a list that pages.
fn first_page<Q: ListQuery>(query: &mut Q) {
    if let Some((page, _)) = query.paging_mut() {
        *page = 0;
    }
}

/// A callback that dispatches the action made from what it is given.
trait ReformAction<A> {
    fn reform_action<T: 'static>(&self, make: impl Fn(T) -> A + 'static) -> Callback<T>;
}

impl<R: Reducible + 'static> ReformAction<R::Action> for UseReducerHandle<R> {
    fn reform_action<T: 'static>(&self, make: impl Fn(T) -> R::Action + 'static) -> Callback<T> {
        let dispatcher = self.dispatcher();
        Callback::from(move |value: T| dispatcher.dispatch(make(value)))
    }
}

/// The element's target, list, UI state and requests: fetches the page its query asks for
/// whenever the query, the target or a reload (the element's own, or the page's `refresh()`)
/// asks, and tells the page once the first rows are on screen.
#[hook]
pub fn use_list_widget<Q, D>(props: &WidgetProps) -> ListWidget<Q, D>
where
    Q: ListQuery,
    D: Clone + Default + 'static,
{
    let target = use_target(props);
    let ui = use_reducer(ListUi::<Q, D>::default);
    // Both counters only grow, so their sum changes whenever either does.
    let list = use_list(
        target.clone(),
        ui.query.clone(),
        ui.reload + props.refresh,
        props.on_event.clone(),
    );
    use_ready_event(list.loaded_count(), props.on_event.clone());
    let first_page_shown = use_mut_ref(|| false);
    if list.loaded_count().is_some() {
        *first_page_shown.borrow_mut() = true;
    }
    let requests = use_requests();
    let lang = crate::i18n::use_lang();
    ListWidget {
        target,
        list,
        ui,
        requests,
        on_event: props.on_event.clone(),
        lang,
        messages: lang.messages(),
        first_page_shown: *first_page_shown.borrow(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::state::UserQuery;
    use tenantkit_wire::UserId;

    type Ui = ListUi<UserQuery, Option<&'static str>>;

    fn selected(ui: Rc<Ui>) -> Rc<Ui> {
        ui.reduce(ListUiAction::SelectAll(
            vec![UserId::new("U1"), UserId::new("U2")],
            true,
        ))
    }

    #[test]
    fn a_changed_query_clears_the_selection_and_an_unchanged_one_keeps_it() {
        let ui = selected(Rc::new(Ui::default()));
        let same = ui
            .clone()
            .reduce(ListUiAction::Query(Box::new(|q: &mut UserQuery| {
                q.page = 0
            })));
        assert_eq!(same.selection.len(), 2);
        let next = ui.reduce(ListUiAction::Query(Box::new(|q: &mut UserQuery| {
            q.text = "ada".into()
        })));
        assert!(next.selection.is_empty());
        assert_eq!(next.query.text, "ada");
    }

    #[test]
    fn a_landed_change_closes_the_dialog_says_so_and_reloads() {
        let ui = Rc::new(Ui::default()).reduce(ListUiAction::Dialog(Some("confirm")));
        let ui = ui.reduce(ListUiAction::Changed(Notice::success("Done.".into())));
        assert_eq!(
            (
                ui.dialog,
                ui.reload,
                ui.notice.as_ref().map(|n| n.text.as_str())
            ),
            (None, 1, Some("Done."))
        );
    }

    #[test]
    fn unselect_removes_only_the_rows_that_are_gone() {
        let ui = selected(Rc::new(Ui::default()));
        let ui = ui.reduce(ListUiAction::Unselect(vec![UserId::new("U1")]));
        assert_eq!(
            ui.selection.iter().cloned().collect::<Vec<_>>(),
            vec![UserId::new("U2")]
        );
    }
}
