//! Annex B.2.2 String.prototype HTML methods (anchor, big, …, sup): CreateHTML.

use super::{coerce_this, from_units};
use crate::builtins::arg;
use crate::heap::Gc;
use crate::object::JsObject;
use crate::value::Value;
use crate::vm::{JsResult, NativeCtx, Vm};

/// B.2.2.2.1 CreateHTML(string, tag, attribute, value).
fn create_html(
    vm: &mut Vm,
    this: Value,
    tag: &str,
    attribute: Option<(&str, Value)>,
) -> JsResult<Value> {
    let s = coerce_this(vm, this, tag)?;
    let mut out: Vec<u16> = Vec::with_capacity(s.len() + 2 * tag.len() + 5);
    out.push(b'<' as u16);
    out.extend(tag.encode_utf16());
    if let Some((name, value)) = attribute {
        let v = super::to_str(vm, value)?;
        out.push(b' ' as u16);
        out.extend(name.encode_utf16());
        out.extend("=\"".encode_utf16());
        for u in v.units() {
            if u == b'"' as u16 {
                out.extend("&quot;".encode_utf16());
            } else {
                out.push(u);
            }
        }
        out.push(b'"' as u16);
    }
    out.push(b'>' as u16);
    s.push_units(&mut out);
    out.extend("</".encode_utf16());
    out.extend(tag.encode_utf16());
    out.push(b'>' as u16);
    if out.len() > crate::MAX_STRING_LENGTH {
        return Err(super::string_too_long(vm));
    }
    Ok(from_units(vm, &out))
}

macro_rules! html_methods {
    ($(($fn_name:ident, $js:expr, $tag:expr, $attr:expr)),* $(,)?) => {
        $(
            fn $fn_name(vm: &mut Vm, this: Value, args: &[Value], _: NativeCtx) -> JsResult<Value> {
                let attr: Option<&str> = $attr;
                create_html(vm, this, $tag, attr.map(|a| (a, arg(args, 0))))
            }
        )*
        pub(super) fn init(vm: &mut Vm, proto: Gc<JsObject>) {
            $(
                let attr: Option<&str> = $attr;
                vm.define_method(proto, $js, if attr.is_some() { 1 } else { 0 }, $fn_name);
            )*
        }
    };
}

html_methods! {
    (string_anchor, "anchor", "a", Some("name")),
    (string_big, "big", "big", None),
    (string_blink, "blink", "blink", None),
    (string_bold, "bold", "b", None),
    (string_fixed, "fixed", "tt", None),
    (string_fontcolor, "fontcolor", "font", Some("color")),
    (string_fontsize, "fontsize", "font", Some("size")),
    (string_italics, "italics", "i", None),
    (string_link, "link", "a", Some("href")),
    (string_small, "small", "small", None),
    (string_strike, "strike", "strike", None),
    (string_sub, "sub", "sub", None),
    (string_sup, "sup", "sup", None),
}
