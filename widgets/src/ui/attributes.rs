//! Custom attribute inputs, one per attribute type (text, number, yes/no, one of the options, a
//! list, a date), and the conversions between what an input holds and the JSON value on the wire.
//! The user form and the tenant profile both draw their custom attributes with these; the value
//! is checked with the server's own rule (`validate::custom_attribute_value`).

use crate::messages::Messages;
use tenantkit_wire::user_ops::{CustomAttribute, attribute_type};
use tenantkit_wire::{calendar, validate};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What an input shows for a stored value (booleans as `true`/`false`, lists comma-separated).
pub fn attribute_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(attribute_text)
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Null => String::new(),
        other => tenantkit_client::to_json(other).unwrap_or_default(),
    }
}

/// What a date attribute's input shows: `YYYY-MM-DD` for a stored value (epoch milliseconds at
/// 00:00 UTC).
pub fn date_input_text(text: &str) -> String {
    match text.trim().parse::<i64>() {
        Ok(epoch_ms) => calendar::date_text(epoch_ms.div_euclid(1000)),
        Err(_) => text.to_owned(),
    }
}

/// The JSON value of a typed attribute (`null` when emptied), or what is wrong with it, checked
/// with the server's own rule (`validate::custom_attribute_value`).
pub fn attribute_value(
    definition: &CustomAttribute,
    text: &str,
    messages: &Messages,
) -> Result<serde_json::Value, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(serde_json::Value::Null);
    }
    let value = typed_value(definition, text, messages)?;
    validate::custom_attribute_value(definition, &value)?;
    Ok(value)
}

fn typed_value(
    definition: &CustomAttribute,
    text: &str,
    messages: &Messages,
) -> Result<serde_json::Value, String> {
    match definition.kind {
        attribute_type::NUMERIC => parse_number(text)
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
            .ok_or_else(|| messages.error_number.to_owned()),
        attribute_type::BOOLEAN => Ok(serde_json::Value::Bool(text == "true")),
        // A date input gives `YYYY-MM-DD`; an unchanged stored value is already epoch ms.
        attribute_type::DATE => calendar::parse_date(text)
            .map(|epoch_seconds| epoch_seconds * 1000)
            .or_else(|| text.parse::<i64>().ok())
            .map(serde_json::Value::from)
            .ok_or_else(|| messages.error_date.to_owned()),
        attribute_type::ARRAY => Ok(serde_json::Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| serde_json::Value::String(item.to_owned()))
                .collect(),
        )),
        _ => Ok(serde_json::Value::String(text.to_owned())),
    }
}

/// A decimal number as Rust's `str::parse::<f64>` reads one (`12`, `-1.5`, `.5`, `2e-3`); `None`
/// for anything else, hex and `inf` included. In the browser `Number()` reads it: Rust's parser
/// brings a 20 KB table of powers of five into the wasm (about 10 KB brotli).
pub fn parse_number(text: &str) -> Option<f64> {
    let decimal = text
        .bytes()
        .all(|byte| byte.is_ascii_digit() || matches!(byte, b'+' | b'-' | b'.' | b'e' | b'E'));
    if !decimal {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    let number =
        Some(wasm_bindgen::JsValue::from_str(text).unchecked_into_f64()).filter(|n| !n.is_nan());
    #[cfg(not(target_arch = "wasm32"))]
    let number = text.parse::<f64>().ok();
    number
}

/// A definition for a value whose definition the server did not give: its type read from the
/// value itself, so it still gets the right input.
pub fn inferred_definition(name: &str, value: &serde_json::Value) -> CustomAttribute {
    let kind = match value {
        serde_json::Value::Bool(_) => attribute_type::BOOLEAN,
        serde_json::Value::Number(_) => attribute_type::NUMERIC,
        serde_json::Value::Array(_) => attribute_type::ARRAY,
        _ => attribute_type::TEXT,
    };
    CustomAttribute {
        name: name.to_owned(),
        kind,
        options: Vec::new(),
        display_name: String::new(),
        editable: true,
    }
}

/// One custom attribute input, by type, labelled with its display name (else its name), with
/// its error under it. `id_prefix` keeps ids unique in a shadow root (`{id_prefix}-{name}`);
/// `onchange` gets the text as typed; `disabled` shows it read-only.
pub fn attribute_field(
    definition: &CustomAttribute,
    id_prefix: &str,
    value: &str,
    error: Option<&String>,
    disabled: bool,
    onchange: Callback<String>,
) -> Html {
    let id = format!("{id_prefix}-{}", definition.name);
    let label = if definition.display_name.is_empty() {
        definition.name.clone()
    } else {
        definition.display_name.clone()
    };
    let error_id = format!("{id}-error");
    let control = match definition.kind {
        attribute_type::BOOLEAN => {
            let checked = value == "true";
            let onchange =
                onchange.reform(move |_: Event| if checked { "false" } else { "true" }.to_owned());
            html! { <input id={id.clone()} type="checkbox" class="tk-checkbox" {checked} {disabled} {onchange} /> }
        }
        attribute_type::SINGLE_SELECT => {
            let onchange = Callback::from(move |event: Event| {
                if let Some(select) = event
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                {
                    onchange.emit(select.value());
                }
            });
            html! {
                <select id={id.clone()} class="tk-select" {disabled} {onchange}>
                    <option value="" selected={value.is_empty()}>{ "—" }</option>
                    { for definition.options.iter().map(|option| html! {
                        <option value={option.clone()} selected={option == value}>{ option.clone() }</option>
                    }) }
                </select>
            }
        }
        kind => {
            let (input_type, value) = match kind {
                attribute_type::NUMERIC => ("number", value.to_owned()),
                attribute_type::DATE => ("date", date_input_text(value)),
                _ => ("text", value.to_owned()),
            };
            let oninput = Callback::from(move |event: InputEvent| {
                if let Some(input) = event
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                {
                    onchange.emit(input.value());
                }
            });
            html! {
                <input id={id.clone()} type={input_type} class="tk-input" part="input" {value} readonly={disabled}
                    aria-invalid={error.is_some().to_string()}
                    aria-describedby={error.map(|_| error_id.clone())} {oninput} />
            }
        }
    };
    html! {
        <div class="tk-form-field">
            <label for={id} class="tk-field-label">{ label }</label>
            { control }
            if let Some(error) = error {
                <p id={error_id} class="tk-field-error" part="field-error">{ error.clone() }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ENGLISH;

    fn definition(kind: u8, options: &[&str]) -> CustomAttribute {
        CustomAttribute {
            name: "attr".into(),
            kind,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            display_name: "Attr".into(),
            editable: true,
        }
    }

    #[test]
    fn dates_go_to_the_server_as_epoch_milliseconds_and_come_back_as_dates() {
        let date = definition(attribute_type::DATE, &[]);
        let value = attribute_value(&date, "2000-03-01", &ENGLISH);
        assert_eq!(value, Ok(serde_json::json!(951_868_800_000_i64)));
        assert_eq!(date_input_text("951868800000"), "2000-03-01");
        assert_eq!(
            attribute_value(&date, "951868800000", &ENGLISH),
            Ok(serde_json::json!(951_868_800_000_i64)),
            "an unchanged stored value stays as it is"
        );
        assert_eq!(
            attribute_value(&date, "2000-02-30", &ENGLISH),
            Err(ENGLISH.error_date.to_owned())
        );
    }

    #[test]
    fn an_emptied_value_is_cleared_and_options_are_checked_as_the_server_does() {
        let seats = definition(attribute_type::NUMERIC, &[]);
        assert_eq!(
            attribute_value(&seats, "  ", &ENGLISH),
            Ok(serde_json::Value::Null)
        );
        assert_eq!(
            attribute_value(&seats, "many", &ENGLISH),
            Err(ENGLISH.error_number.to_owned())
        );
        let tags = definition(attribute_type::ARRAY, &["red", "blue"]);
        assert_eq!(
            attribute_value(&tags, "red, blue", &ENGLISH),
            Ok(serde_json::json!(["red", "blue"]))
        );
        assert_eq!(
            attribute_value(&tags, "red, green", &ENGLISH),
            Err("Attr must be one of red, blue".to_owned())
        );
    }

    #[test]
    fn a_number_is_decimal_and_finite() {
        let seats = definition(attribute_type::NUMERIC, &[]);
        for (text, number) in [("12", 12.0), ("-1.5", -1.5), (".5", 0.5), ("2E-3", 0.002)] {
            assert_eq!(
                attribute_value(&seats, text, &ENGLISH),
                Ok(serde_json::json!(number)),
                "{text}"
            );
        }
        for text in ["0x10", "inf", "NaN", "1e400", "1_000", "1e", "--1"] {
            assert_eq!(
                attribute_value(&seats, text, &ENGLISH),
                Err(ENGLISH.error_number.to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn a_value_without_a_definition_gets_the_input_of_its_type() {
        assert_eq!(
            inferred_definition("seats", &serde_json::json!(12)).kind,
            attribute_type::NUMERIC
        );
        assert_eq!(
            inferred_definition("beta", &serde_json::json!(true)).kind,
            attribute_type::BOOLEAN
        );
        assert_eq!(
            inferred_definition("region", &serde_json::json!("eu")).kind,
            attribute_type::TEXT
        );
    }
}
