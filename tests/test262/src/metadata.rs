//! A test's YAML frontmatter (the `/*--- ... ---*/` block) and what it implies for how to run it.
//!
//! Only the keys the runner acts on are decoded; everything else (`description`, `info`, `esid`, …)
//! is ignored.

use serde::Deserialize;

/// The decoded frontmatter of one test file.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Metadata {
    /// Harness files to evaluate after `assert.js`/`sta.js`, in order.
    pub includes: Vec<String>,
    pub flags: Vec<Flag>,
    pub features: Vec<String>,
    /// Present when the test is expected to throw.
    pub negative: Option<Negative>,
}

/// The flags from INTERPRETING.md that change how a test runs; the rest (`generated`,
/// `non-deterministic`, …) are informational and collapse into `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Flag {
    #[serde(rename = "onlyStrict")]
    OnlyStrict,
    #[serde(rename = "noStrict")]
    NoStrict,
    #[serde(rename = "raw")]
    Raw,
    #[serde(rename = "module")]
    Module,
    #[serde(rename = "async")]
    Async,
    CanBlockIsFalse,
    CanBlockIsTrue,
    #[serde(other)]
    Other,
}

/// The `negative:` key: the error the test must end with.
#[derive(Debug, Deserialize)]
pub struct Negative {
    pub phase: Phase,
    #[serde(rename = "type")]
    pub error_type: String,
}

/// When a negative test's error must be raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Parse,
    Resolution,
    Runtime,
}

/// One execution of a test: its source as-is, or with `"use strict";` prepended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    NonStrict,
    Strict,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::NonStrict => "non-strict",
            Mode::Strict => "strict",
        }
    }
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Parse => "parse",
            Phase::Resolution => "resolution",
            Phase::Runtime => "runtime",
        }
    }
}

impl Metadata {
    /// Decodes the frontmatter of `source`; a file without one gets the defaults.
    pub fn parse(source: &str) -> Result<Metadata, String> {
        let Some(yaml) = frontmatter(source) else {
            return Ok(Metadata::default());
        };
        serde_yaml::from_str(yaml).map_err(|e| format!("bad frontmatter: {e}"))
    }

    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// The runs a test needs to pass; every test runs in both modes unless a flag pins one.
    /// (`module` tests run once, as modules: module code is always strict.)
    pub fn modes(&self) -> &'static [Mode] {
        if self.has(Flag::Raw) || self.has(Flag::NoStrict) || self.has(Flag::Module) {
            &[Mode::NonStrict]
        } else if self.has(Flag::OnlyStrict) {
            &[Mode::Strict]
        } else {
            &[Mode::NonStrict, Mode::Strict]
        }
    }
}

/// The text between `/*---` and `---*/`, if the file has such a block.
fn frontmatter(source: &str) -> Option<&str> {
    let start = source.find("/*---")? + "/*---".len();
    let len = source[start..].find("---*/")?;
    Some(&source[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags_includes_and_negative() {
        let src = "// c\n/*---\ndescription: >\n  x: y\nflags: [onlyStrict, generated]\n\
                   includes:\n  - compareArray.js\nnegative:\n  phase: parse\n  type: SyntaxError\n---*/\n";
        let meta = Metadata::parse(src).unwrap();
        assert_eq!(meta.flags, [Flag::OnlyStrict, Flag::Other]);
        assert_eq!(meta.includes, ["compareArray.js"]);
        let negative = meta.negative.as_ref().unwrap();
        assert_eq!(
            (negative.phase, negative.error_type.as_str()),
            (Phase::Parse, "SyntaxError")
        );
        assert_eq!(meta.modes(), [Mode::Strict]);
    }

    #[test]
    fn defaults_without_frontmatter() {
        let meta = Metadata::parse("var x;").unwrap();
        assert!(meta.flags.is_empty() && meta.negative.is_none());
        assert_eq!(meta.modes(), [Mode::NonStrict, Mode::Strict]);
    }
}
