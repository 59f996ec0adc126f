//! Below every stage: the message catalogues and the reader's language. Uses nothing of yearend;
//! everything a person reads passes through it.
//!
//! What a person reads, as data until the last moment: a `Msg` is a message id with its
//! arguments, rendered in the reader's language from the catalogues in `i18n/<lang>.ftl`
//! (Fluent: plurals and argument formatting per language, no code per message). Journals keep
//! the `Msg`, so one journal reports in either language.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The languages of the catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

pub const CATALOGUES: [(Lang, &str); 2] = [
    (Lang::ZhCn, include_str!("../../i18n/zh-CN.ftl")),
    (Lang::En, include_str!("../../i18n/en.ftl")),
];

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of this process's output; set once at start.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

thread_local! {
    /// A language for this thread only (tests that read one language's text).
    static THREAD_LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// zh-CN unless `--lang en` / `YEAREND_LANG=en` said otherwise, whatever `LANG` is (intranet
/// servers usually run en_US.UTF-8 or C).
pub fn lang() -> Lang {
    THREAD_LANG
        .with(|l| l.get())
        .unwrap_or(*LANG.get().unwrap_or(&Lang::ZhCn))
}

/// This thread speaks `lang` until the returned guard is dropped (a test reading one language).
pub fn speak(lang: Lang) -> ThreadLang {
    ThreadLang(THREAD_LANG.with(|l| l.replace(Some(lang))))
}

/// Restores the thread's language when dropped.
pub struct ThreadLang(Option<Lang>);

impl Drop for ThreadLang {
    fn drop(&mut self) {
        THREAD_LANG.with(|l| l.set(self.0));
    }
}

/// Whether this process speaks Chinese: for the few lines still assembled in code.
pub fn zh() -> bool {
    lang() == Lang::ZhCn
}

/// Names (keys, kinds, schemas) as a list a person reads: each as code, joined by `、` in
/// Chinese; `a, b` in English.
pub fn listed<S: AsRef<str>>(names: &[S]) -> String {
    if zh() {
        names
            .iter()
            .map(|n| format!("`{}`", n.as_ref()))
            .collect::<Vec<_>>()
            .join("、")
    } else {
        names
            .iter()
            .map(|n| n.as_ref().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Lang {
    /// `zh-CN`, `zh`, `zh_CN.UTF-8` → Chinese; `en…` → English.
    pub fn parse(text: &str) -> Result<Lang, String> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Ok(Lang::ZhCn)
        } else if t.starts_with("en") {
            Ok(Lang::En)
        } else {
            Err(format!(
                "`{text}` is not a language yearend speaks: zh-CN (default) or en"
            ))
        }
    }
}

/// A message id and its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, Value>,
}

impl Msg {
    pub fn new(id: &str) -> Msg {
        Msg {
            id: id.to_string(),
            args: BTreeMap::new(),
        }
    }

    /// An argument: a number, a text, or a list (joined the language's way).
    pub fn arg(mut self, name: &str, value: impl Into<Value>) -> Msg {
        self.args.insert(name.to_string(), value.into());
        self
    }

    pub fn render(&self) -> String {
        self.render_in(lang())
    }

    pub fn render_in(&self, lang: Lang) -> String {
        render(lang, &self.id, &self.args)
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

/// `msg!("id", name = value, …)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// Text in a journal record: a message (this release on) or the rendered text an earlier
/// release wrote, kept as it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Text {
    Msg(Msg),
    Plain(String),
}

impl Text {
    pub fn render(&self) -> String {
        match self {
            Text::Msg(m) => m.render(),
            Text::Plain(s) => s.clone(),
        }
    }
}

impl From<Msg> for Value {
    fn from(m: Msg) -> Value {
        serde_json::to_value(m).expect("a message serializes")
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Text {
        Text::Msg(m)
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<Vec<(Lang, Bundle)>> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| {
        CATALOGUES
            .iter()
            .map(|(lang, text)| {
                let id: unic_langid::LanguageIdentifier = match lang {
                    Lang::ZhCn => "zh-CN",
                    Lang::En => "en",
                }
                .parse()
                .expect("valid language id");
                let mut b = FluentBundle::new_concurrent(vec![id]);
                b.set_use_isolating(false);
                let res = FluentResource::try_new(text.to_string())
                    .unwrap_or_else(|(_, e)| panic!("catalogue {lang:?} parses: {e:?}"));
                b.add_resource(res).expect("no duplicate message ids");
                (*lang, b)
            })
            .collect()
    });
    &all.iter()
        .find(|(l, _)| *l == lang)
        .expect("every language has a bundle")
        .1
}

/// Every message id of a language's catalogue.
pub fn ids(lang: Lang) -> Vec<String> {
    let text = CATALOGUES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, t)| *t)
        .unwrap_or("");
    text.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect()
}

fn separator(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "；",
        Lang::En => "; ",
    }
}

/// An argument as text: a nested message rendered in the same language, anything else as is.
fn plain(lang: Lang, v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Object(_) => match serde_json::from_value::<Msg>(v.clone()) {
            Ok(m) => m.render_in(lang),
            Err(_) => v.to_string(),
        },
        other => other.to_string(),
    }
}

fn render(lang: Lang, id: &str, args: &BTreeMap<String, Value>) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
        // A defect, never the user's: show the id and its arguments rather than nothing.
        return format!("{id} {}", serde_json::to_string(args).unwrap_or_default());
    };
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        let value = match v {
            Value::Number(n) if n.is_i64() => FluentValue::from(n.as_i64().unwrap_or(0)),
            Value::Number(n) => FluentValue::from(n.to_string()),
            Value::String(s) => FluentValue::from(s.clone()),
            Value::Array(items) => FluentValue::from(
                items
                    .iter()
                    .map(|i| plain(lang, i))
                    .collect::<Vec<_>>()
                    .join(separator(lang)),
            ),
            other => FluentValue::from(plain(lang, other)),
        };
        fargs.set(k.clone(), value);
    }
    let mut errors = Vec::new();
    b.format_pattern(pattern, Some(&fargs), &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_message_id_is_defined_twice() {
        for text in [
            include_str!("../../i18n/zh-CN.ftl"),
            include_str!("../../i18n/en.ftl"),
        ] {
            let mut seen = std::collections::HashSet::new();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" = ") {
                    if !id.starts_with([' ', '#']) {
                        assert!(seen.insert(id), "message `{id}` is defined twice");
                    }
                }
            }
        }
    }

    #[test]
    fn every_message_id_has_both_languages() {
        let zh = ids(Lang::ZhCn);
        let en = ids(Lang::En);
        assert!(!zh.is_empty());
        for id in &zh {
            assert!(en.contains(id), "`{id}` has zh-CN but no en entry");
        }
        for id in &en {
            assert!(zh.contains(id), "`{id}` has en but no zh-CN entry");
        }
    }

    #[test]
    fn every_message_the_code_uses_is_in_the_catalogues() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let zh = ids(Lang::ZhCn);
        let mut stack = vec![root];
        let mut used = Vec::new();
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n/mod.rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for marker in ["msg!(\"", "msg!(\n", "Msg::new(\""] {
                        for part in text.split(marker).skip(1) {
                            let part = part.trim_start().trim_start_matches('"');
                            let id = part.split('"').next().unwrap_or_default().to_string();
                            used.push((p.display().to_string(), id));
                        }
                    }
                }
            }
        }
        assert!(used.len() > 20, "msg! ids found: {}", used.len());
        for (file, id) in used {
            if id.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !id.is_empty() {
                assert!(
                    zh.contains(&id),
                    "{file}: message `{id}` is in no catalogue"
                );
            }
        }
    }

    #[test]
    fn renders_plurals_lists_and_numbers() {
        let m = crate::msg!("test-tablespaces", n = 1);
        assert_eq!(m.render_in(Lang::En), "1 tablespace");
        let m = crate::msg!("test-tablespaces", n = 3);
        assert_eq!(m.render_in(Lang::En), "3 tablespaces");
        assert_eq!(m.render_in(Lang::ZhCn), "3 个表空间");
        let m = crate::msg!("test-list", items = vec!["a", "b"]);
        assert_eq!(m.render_in(Lang::En), "a; b");
        assert_eq!(m.render_in(Lang::ZhCn), "a；b");
    }

    #[test]
    fn verdict_lines_keep_their_layout_in_both_languages() {
        let m = crate::msg!(
            "vl-extend",
            name = "einv.bill",
            n = 12,
            period = "month",
            first = "202701",
            last = "202712",
            gaps = "",
            tail = ""
        );
        assert_eq!(
            m.render_in(Lang::En),
            "extend   einv.bill: 12 months 202701…202712"
        );
        assert_eq!(
            m.render_in(Lang::ZhCn),
            "扩展     einv.bill：12 个新分区 202701…202712"
        );
        let one = crate::msg!(
            "vl-extend",
            name = "einv.y",
            n = 1,
            period = "year",
            first = "2027",
            last = "2027",
            gaps = "",
            tail = ""
        );
        assert_eq!(one.render_in(Lang::En), "extend   einv.y: 1 year 2027…2027");
        let b = crate::msg!(
            "vl-blocked-hint",
            name = "einv.t",
            reason = "r",
            hint = "partitions:\n          exclude: …"
        );
        assert_eq!(
            b.render_in(Lang::En),
            "BLOCKED  einv.t: r\n        to go on, add to the site file:\n        partitions:\n          exclude: …"
        );
        let r = crate::msg!(
            "vl-review",
            name = "einv.t",
            reason = "r",
            uncovered = crate::msg!("vl-not-covered").render_in(Lang::En)
        );
        assert_eq!(
            r.render_in(Lang::En),
            "review   einv.t: r — NOT covered through the new year"
        );
    }

    #[test]
    fn numbers_are_written_without_grouping() {
        let m = crate::msg!("statement-ok", ms = 1234567u64, sql = "X");
        assert_eq!(m.render_in(Lang::En), "ok (1234567 ms) X");
    }

    #[test]
    fn journal_text_reads_old_strings_and_new_messages() {
        let old: Text = serde_json::from_str("\"[严重] stopped\"").unwrap();
        assert_eq!(old.render(), "[严重] stopped");
        let new: Text =
            serde_json::from_str(r#"{"id":"test-tablespaces","args":{"n":2}}"#).unwrap();
        assert!(matches!(new, Text::Msg(_)));
    }
}
