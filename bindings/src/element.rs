//! `<tenant-user-management>`, `<tenant-role-management>`, `<tenant-access-key-management>`,
//! `<tenant-sso-setup>`, `<tenant-audit-log>` and `<tenant-profile>`: the Rust side of the
//! elements.
//!
//! They work alike, so one generic definition serves them all (as perspective-viewer's
//! `define_web_component::<T>()` does): a widget that is a [`CustomElement`] names its tag, and
//! [`ELEMENTS`] lists what [`crate::define`] registers. Adding an element is one `impl
//! CustomElement` and one line in [`ELEMENTS`]. `js/element.js` declares an `HTMLElement`
//! subclass per tag and forwards to one [`WidgetElement`] per element, which keeps the settings
//! and, while the element is connected, the Yew app mounted into a `<div>` in the element's open
//! shadow root.
//!
//! - Attributes `project-id`, `tenant`, `base-url`, `session-token` and the `sessionToken`
//!   property update the app's props; the property wins over the attribute. `refresh()` makes
//!   the widget fetch its data again.
//! - Disconnecting schedules the teardown for the next microtask; connecting again before then
//!   cancels it, so moving the element in the DOM does not remount the widget.
//! - Rust holds JavaScript objects (the host, its shadow root, the mount `<div>`) only while
//!   mounted: a disconnected element, its Rust object included, can be garbage collected.

use crate::{custom_events, diagnostics, locale, styles, token_provider};
use js_sys::Array;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
#[cfg(feature = "audit-log")]
use tenantkit_widgets::AuditLog;
#[cfg(feature = "access-keys")]
use tenantkit_widgets::KeyManagement;
#[cfg(feature = "roles")]
use tenantkit_widgets::RoleManagement;
#[cfg(feature = "sso-setup")]
use tenantkit_widgets::SsoSetup;
#[cfg(feature = "profile")]
use tenantkit_widgets::TenantProfile;
#[cfg(feature = "users")]
use tenantkit_widgets::UserManagement;
use tenantkit_widgets::{Lang, Localized, TokenProvider, WidgetEvent, WidgetProps};
use tenantkit_wire::{ProjectId, Secret, TenantId};
use wasm_bindgen::prelude::*;
use web_sys::{CustomElementRegistry, Element, HtmlElement, ShadowRootInit, ShadowRootMode};
use yew::{AppHandle, BaseComponent, Callback, Renderer};

/// A widget shown by a custom element: the tag it is registered under. Its props are the
/// element's settings ([`WidgetProps`]), as for every element.
pub trait CustomElement: BaseComponent<Properties = WidgetProps> {
    /// The element's tag.
    const TAG: &'static str;
}

/// `<tenant-user-management>`: the tenant's users.
#[cfg(feature = "users")]
impl CustomElement for UserManagement {
    const TAG: &'static str = USER_MANAGEMENT_TAG;
}

/// `<tenant-role-management>`: the tenant's roles and the project's.
#[cfg(feature = "roles")]
impl CustomElement for RoleManagement {
    const TAG: &'static str = ROLE_MANAGEMENT_TAG;
}

/// `<tenant-access-key-management>`: the tenant's access keys.
#[cfg(feature = "access-keys")]
impl CustomElement for KeyManagement {
    const TAG: &'static str = ACCESS_KEY_MANAGEMENT_TAG;
}

/// `<tenant-audit-log>`: the tenant's audit trail.
#[cfg(feature = "audit-log")]
impl CustomElement for AuditLog {
    const TAG: &'static str = AUDIT_LOG_TAG;
}

/// `<tenant-sso-setup>`: the tenant's SSO configurations and their setup wizard.
#[cfg(feature = "sso-setup")]
impl CustomElement for SsoSetup {
    const TAG: &'static str = SSO_SETUP_TAG;
}

/// `<tenant-profile>`: the tenant's own settings (name, attributes, domains, enforce SSO, session
/// settings, password policy).
#[cfg(feature = "profile")]
impl CustomElement for TenantProfile {
    const TAG: &'static str = TENANT_PROFILE_TAG;
}

/// Every element of this build, in the order `define()` registers them: all six by default; a
/// one-element module (`cargo xtask build-wasm` makes one per tag) is built with that element's
/// feature alone, so the linker drops the other widgets.
pub const ELEMENTS: &[Definition] = &[
    #[cfg(feature = "users")]
    Definition::of::<UserManagement>(),
    #[cfg(feature = "roles")]
    Definition::of::<RoleManagement>(),
    #[cfg(feature = "access-keys")]
    Definition::of::<KeyManagement>(),
    #[cfg(feature = "audit-log")]
    Definition::of::<AuditLog>(),
    #[cfg(feature = "sso-setup")]
    Definition::of::<SsoSetup>(),
    #[cfg(feature = "profile")]
    Definition::of::<TenantProfile>(),
];

/// The tag of the user widget.
pub const USER_MANAGEMENT_TAG: &str = "tenant-user-management";
/// The tag of the role widget.
pub const ROLE_MANAGEMENT_TAG: &str = "tenant-role-management";
/// The tag of the access-key widget.
pub const ACCESS_KEY_MANAGEMENT_TAG: &str = "tenant-access-key-management";
/// The tag of the audit log.
pub const AUDIT_LOG_TAG: &str = "tenant-audit-log";
/// The tag of the SSO widget.
pub const SSO_SETUP_TAG: &str = "tenant-sso-setup";
/// The tag of the tenant profile.
pub const TENANT_PROFILE_TAG: &str = "tenant-profile";

/// One element as the registry sees it: its tag and how it mounts its widget. Made from a
/// [`CustomElement`] by [`Definition::of`]; everything after that is the same code for every tag.
#[derive(Clone, Copy)]
pub struct Definition {
    tag: &'static str,
    render: fn(Element, WidgetProps) -> Box<dyn App>,
}

impl std::fmt::Debug for Definition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Definition").field(&self.tag).finish()
    }
}

impl Definition {
    /// The definition of `T`'s element.
    pub const fn of<T: CustomElement>() -> Self {
        Self {
            tag: T::TAG,
            render: render::<T>,
        }
    }

    /// The element's tag.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// Registers the element class under its tag, unless the tag is taken already (by an earlier
    /// `define()` or another copy of the bundle).
    pub(crate) fn define(self, registry: &CustomElementRegistry) -> Result<(), JsValue> {
        if !registry.get(self.tag).is_undefined() {
            return Ok(());
        }
        let observed: Array = OBSERVED_ATTRIBUTES
            .iter()
            .copied()
            .map(JsValue::from_str)
            .collect();
        // Lives as long as the element definition, i.e. the page: `into_js_value` hands it to JS.
        let create = Closure::<dyn Fn(HtmlElement) -> Result<JsValue, JsValue>>::new(move |host| {
            WidgetElement::create(self, &host).map(JsValue::from)
        })
        .into_js_value();
        define_widget(self.tag, &observed, &create)
    }
}

/// Mounts `T` into `root`, in the language of its props.
fn render<T: CustomElement>(root: Element, props: WidgetProps) -> Box<dyn App> {
    Box::new(Renderer::<Localized<T>>::with_root_and_props(root, props).render())
}

/// A mounted Yew app, of whichever widget.
trait App {
    /// New props (settings changed).
    fn update(&mut self, props: WidgetProps);
    /// Unmounts the app.
    fn destroy(self: Box<Self>);
}

impl<T: CustomElement> App for AppHandle<Localized<T>> {
    fn update(&mut self, props: WidgetProps) {
        AppHandle::update(self, props);
    }

    fn destroy(self: Box<Self>) {
        AppHandle::destroy(*self);
    }
}

/// Attribute: the project id of the API server.
pub const ATTR_PROJECT_ID: &str = "project-id";
/// Attribute: the tenant to administer.
pub const ATTR_TENANT: &str = "tenant";
/// Attribute: the API server's base URL.
pub const ATTR_BASE_URL: &str = "base-url";
/// Attribute: the session JWT (the `sessionToken` property is preferred and wins).
pub const ATTR_SESSION_TOKEN: &str = "session-token";
/// Attribute: the locale (BCP 47, e.g. `fr`, `pt-BR`, `ar`); without it the nearest `lang`,
/// then the browser's languages.
pub const ATTR_LOCALE: &str = "locale";
/// Attribute: `light`, `dark` or `auto` (the system's); without it the page's `color-scheme`.
/// Only the stylesheet reads it (`:host([theme=...])`), so a change needs no render.
pub const ATTR_THEME: &str = "theme";
/// The attributes the element observes.
pub const OBSERVED_ATTRIBUTES: [&str; 6] = [
    ATTR_PROJECT_ID,
    ATTR_TENANT,
    ATTR_BASE_URL,
    ATTR_SESSION_TOKEN,
    ATTR_LOCALE,
    ATTR_THEME,
];

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineWidget, catch)]
    fn define_widget(
        tag: &str,
        observed_attributes: &Array,
        create: &JsValue,
    ) -> Result<(), JsValue>;
}

/// What the element has been told, whether or not it is connected.
#[derive(Debug, Default, Clone, PartialEq)]
struct Settings {
    project_id: Option<String>,
    tenant: Option<String>,
    base_url: Option<String>,
    token_attribute: Option<Secret>,
    token_property: Option<Secret>,
    /// How often the page called `refresh()`.
    refresh: u64,
    /// The `locale` attribute.
    locale: Option<String>,
    /// The `strings` property as JSON (path -> text), over the locale's catalog.
    strings: Option<String>,
    /// The language made of the two (and the page's `lang`), once loaded.
    lang: Lang,
}

impl Settings {
    fn props(&self, on_event: Callback<WidgetEvent>, provider: TokenProvider) -> WidgetProps {
        let token = self
            .token_property
            .as_ref()
            .or(self.token_attribute.as_ref());
        WidgetProps {
            project_id: self.project_id.as_deref().map(ProjectId::from),
            tenant: self.tenant.as_deref().map(TenantId::from),
            base_url: self.base_url.clone().map(Into::into),
            session_token: token.cloned(),
            token_provider: Some(provider),
            on_event,
            refresh: self.refresh,
            lang: self.lang,
        }
    }
}

/// The widget while the element is connected.
struct Mounted {
    app: Box<dyn App>,
    /// The element, for the `lang` of its ancestors.
    host: HtmlElement,
    /// The `<div>` in the shadow root the app renders into; `destroy()` leaves it, we remove it.
    root: Element,
    /// Made once per mount so props stay equal across updates that change nothing.
    on_event: Callback<WidgetEvent>,
    provider: TokenProvider,
}

struct Inner {
    definition: Definition,
    settings: RefCell<Settings>,
    mounted: RefCell<Option<Mounted>>,
    /// Bumped by every connect and disconnect; a deferred teardown runs only if it is unchanged.
    lifecycle: Cell<u64>,
    /// Bumped by every change of language; a catalog that loads late applies only if unchanged.
    language_change: Cell<u64>,
}

/// The Rust side of one element (any tag); created and driven by `js/element.js`.
/// Exported only for the shim, so it stays out of the TypeScript declarations.
#[wasm_bindgen(skip_typescript)]
pub struct WidgetElement {
    inner: Rc<Inner>,
}

impl std::fmt::Debug for WidgetElement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WidgetElement")
            .field("tag", &self.inner.definition.tag)
            .field("mounted", &self.inner.mounted.borrow().is_some())
            .finish_non_exhaustive()
    }
}

impl WidgetElement {
    /// Called from the element's constructor: attaches the open shadow root with the shared
    /// stylesheet.
    fn create(definition: Definition, host: &HtmlElement) -> Result<Self, JsValue> {
        let shadow = match host.shadow_root() {
            Some(shadow) => shadow,
            None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
        };
        styles::adopt(&shadow)?;
        Ok(Self {
            inner: Rc::new(Inner {
                definition,
                settings: RefCell::default(),
                mounted: RefCell::default(),
                lifecycle: Cell::default(),
                language_change: Cell::default(),
            }),
        })
    }
}

#[wasm_bindgen]
impl WidgetElement {
    /// `connectedCallback`: cancels a pending teardown, or mounts the widget.
    pub fn connected(&self, host: HtmlElement) -> Result<(), JsValue> {
        self.inner
            .lifecycle
            .set(self.inner.lifecycle.get().wrapping_add(1));
        if self.inner.mounted.borrow().is_some() {
            return Ok(());
        }
        self.inner.mount(host)?;
        // The page's `lang` may differ where the element landed.
        Inner::change_language(&self.inner);
        Ok(())
    }

    /// `disconnectedCallback`: tears the widget down in a microtask unless reconnected first.
    pub fn disconnected(&self) {
        let lifecycle = self.inner.lifecycle.get().wrapping_add(1);
        self.inner.lifecycle.set(lifecycle);
        let inner: Weak<Inner> = Rc::downgrade(&self.inner);
        // wasm-bindgen-futures runs spawned futures from the microtask queue.
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(inner) = inner.upgrade()
                && inner.lifecycle.get() == lifecycle
            {
                inner.teardown();
            }
        });
    }

    /// `attributeChangedCallback` for one of [`OBSERVED_ATTRIBUTES`].
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str, value: Option<String>) {
        {
            let mut settings = self.inner.settings.borrow_mut();
            match name {
                ATTR_PROJECT_ID => settings.project_id = value,
                ATTR_TENANT => settings.tenant = value,
                ATTR_BASE_URL => settings.base_url = value,
                ATTR_SESSION_TOKEN => settings.token_attribute = value.map(Secret::new),
                ATTR_LOCALE => settings.locale = value,
                // ATTR_THEME: styling only.
                _ => return,
            }
        }
        if name == ATTR_LOCALE {
            Inner::change_language(&self.inner);
        }
        self.inner.update();
    }

    /// Setter of the `strings` property: the page's own wording, as JSON (`null` clears it).
    #[wasm_bindgen(js_name = setStrings)]
    pub fn set_strings(&self, json: Option<String>) {
        self.inner.settings.borrow_mut().strings = json;
        Inner::change_language(&self.inner);
    }

    /// Setter of the `sessionToken` property; `undefined` clears it (the attribute applies again).
    #[wasm_bindgen(js_name = setSessionToken)]
    pub fn set_session_token(&self, token: Option<String>) {
        self.inner.settings.borrow_mut().token_property = token.map(Secret::new);
        self.inner.update();
    }

    /// Getter of the `sessionToken` property: what the property was set to, not the attribute.
    #[wasm_bindgen(js_name = sessionToken)]
    pub fn session_token(&self) -> Option<String> {
        let settings = self.inner.settings.borrow();
        settings
            .token_property
            .as_ref()
            .map(|token| token.expose().to_owned())
    }

    /// `refresh()`: the widget fetches its data again (when connected; otherwise it does on
    /// connecting anyway).
    pub fn refresh(&self) {
        {
            let mut settings = self.inner.settings.borrow_mut();
            settings.refresh += 1;
        }
        self.inner.update();
    }
}

impl Inner {
    /// Resolves the language again (locale, strings, or the mount changed) and applies it once
    /// its catalog is loaded, unless a later change came first.
    fn change_language(inner: &Rc<Self>) {
        let change = inner.language_change.get().wrapping_add(1);
        inner.language_change.set(change);
        let Some(host) = inner.mounted.borrow().as_ref().map(|m| m.host.clone()) else {
            return;
        };
        let (wanted, strings) = {
            let settings = inner.settings.borrow();
            let wanted = locale::wanted(&host, settings.locale.as_deref());
            (wanted, settings.strings.clone())
        };
        let inner = Rc::downgrade(inner);
        wasm_bindgen_futures::spawn_local(async move {
            let lang = locale::language(wanted, strings.as_deref()).await;
            let Some(inner) = inner.upgrade() else {
                return;
            };
            if inner.language_change.get() != change {
                return;
            }
            inner.settings.borrow_mut().lang = lang;
            if let Some(mounted) = inner.mounted.borrow().as_ref() {
                let _ = mounted.root.set_attribute("lang", lang.0.locale);
                // Only a right-to-left language turns the widget around; otherwise it follows
                // the page's direction.
                let _ = match lang.dir() {
                    "rtl" => mounted.root.set_attribute("dir", "rtl"),
                    _ => mounted.root.remove_attribute("dir"),
                };
            }
            inner.update();
        });
    }

    fn mount(&self, host: HtmlElement) -> Result<(), JsValue> {
        let shadow = host
            .shadow_root()
            .ok_or_else(|| JsValue::from_str("the element has no shadow root"))?;
        let document = host
            .owner_document()
            .ok_or_else(|| JsValue::from_str("the element has no document"))?;
        let root = document.create_element("div")?;
        root.set_class_name("tk-root");
        shadow.append_child(&root)?;
        let target = host.clone();
        // An element off the page sends nothing (work of a removed widget is cancelled anyway).
        let on_event = Callback::from(move |event: WidgetEvent| {
            if target.is_connected() {
                custom_events::dispatch(&target, &event);
            }
        });
        let provider = token_provider::from_host(host.clone());
        let props = self
            .settings
            .borrow()
            .props(on_event.clone(), provider.clone());
        let app = (self.definition.render)(root.clone(), props);
        *self.mounted.borrow_mut() = Some(Mounted {
            app,
            host,
            root,
            on_event,
            provider,
        });
        diagnostics::record_mount();
        Ok(())
    }

    fn update(&self) {
        let props = {
            let mounted = self.mounted.borrow();
            let Some(mounted) = mounted.as_ref() else {
                return;
            };
            self.settings
                .borrow()
                .props(mounted.on_event.clone(), mounted.provider.clone())
        };
        if let Some(mounted) = self.mounted.borrow_mut().as_mut() {
            mounted.app.update(props);
        }
    }

    fn teardown(&self) {
        let mounted = self.mounted.borrow_mut().take();
        if let Some(Mounted { app, root, .. }) = mounted {
            app.destroy();
            root.remove();
            diagnostics::record_unmount();
        }
    }
}
