//! Locating the test262 checkout, discovering its tests and selecting the ones to run.
//!
//! Tests are named by their path relative to the suite's `test/` directory, always with `/`
//! separators (`built-ins/Array/from/source-object-length.js`): that name is what filters, reports
//! and the expectations file use.

use std::fs;
use std::path::{Path, PathBuf};

/// Where the suite is looked for when neither `--suite` nor `TEST262_DIR` is given (relative to the
/// current directory, i.e. the workspace root in the usual `cargo run` setup).
const DEFAULT_SUITE_DIR: &str = "../shared/test262";
const SUITE_ENV_VAR: &str = "TEST262_DIR";

/// A test262 checkout: a directory holding `test/` and `harness/`.
pub struct Suite {
    root: PathBuf,
}

impl Suite {
    /// Resolves the suite directory: `--suite`, else `$TEST262_DIR`, else [`DEFAULT_SUITE_DIR`].
    pub fn locate(flag: Option<PathBuf>) -> Result<Suite, String> {
        let root = flag
            .or_else(|| std::env::var_os(SUITE_ENV_VAR).map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_SUITE_DIR));
        let suite = Suite { root };
        for dir in [suite.test_dir(), suite.harness_dir()] {
            if !dir.is_dir() {
                return Err(format!(
                    "{} is not a directory; point --suite or {SUITE_ENV_VAR} at a test262 checkout",
                    dir.display()
                ));
            }
        }
        Ok(suite)
    }

    pub fn test_dir(&self) -> PathBuf {
        self.root.join("test")
    }

    pub fn harness_dir(&self) -> PathBuf {
        self.root.join("harness")
    }

    /// The file behind a test name.
    pub fn test_path(&self, name: &str) -> PathBuf {
        self.test_dir().join(name)
    }

    /// Every test in the suite, sorted. `_FIXTURE` files are modules imported by tests, not tests.
    pub fn discover(&self) -> Result<Vec<String>, String> {
        let mut files = list_files(&self.test_dir())?;
        files.retain(|name| name.ends_with(".js") && !name.contains("_FIXTURE"));
        files.sort();
        Ok(files)
    }

    /// Builds the filter for the command line's path arguments.
    pub fn filter(&self, args: &[String]) -> Filter {
        let test_dir = self.test_dir();
        let prefixes = args
            .iter()
            .map(|arg| {
                let text = self.relative_name(arg);
                let dir = !text.is_empty() && test_dir.join(&text).is_dir();
                Prefix { text, dir }
            })
            .collect();
        Filter { prefixes }
    }

    /// Turns a filter argument into a test-name prefix. Accepts names (`built-ins/Array`), names
    /// with a `test/` prefix, and filesystem paths that point inside the suite's `test/` directory.
    fn relative_name(&self, arg: &str) -> String {
        let inside_suite = fs::canonicalize(arg).ok().and_then(|path| {
            let test_dir = fs::canonicalize(self.test_dir()).ok()?;
            Some(to_name(path.strip_prefix(test_dir).ok()?))
        });
        let name = inside_suite.unwrap_or_else(|| {
            let arg = arg.replace('\\', "/");
            let arg = arg.trim_start_matches("./");
            arg.strip_prefix("test/").unwrap_or(arg).to_owned()
        });
        name.trim_end_matches('/').to_owned()
    }
}

/// Every file under `dir`, recursively, named relative to `dir` with `/` separators.
pub fn list_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    walk(dir, "", &mut files)?;
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            walk(&entry.path(), &format!("{name}/"), out)?;
        } else {
            out.push(name);
        }
    }
    Ok(())
}

fn to_name(relative: &Path) -> String {
    let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
    parts.join("/")
}

/// The path arguments: a test is selected when it matches any of them (or there are none).
pub struct Filter {
    prefixes: Vec<Prefix>,
}

struct Prefix {
    text: String,
    /// An existing directory matches only whole path components, so `built-ins/Array` does not
    /// drag in `built-ins/ArrayBuffer`; anything else is a plain string prefix.
    dir: bool,
}

impl Filter {
    pub fn matches(&self, name: &str) -> bool {
        self.prefixes.is_empty()
            || self
                .prefixes
                .iter()
                .any(|prefix| match name.strip_prefix(&prefix.text) {
                    Some(rest) => !prefix.dir || rest.starts_with('/'),
                    None => false,
                })
    }
}

/// The tests to run: those matching `filter`, then every `subset`-th of them (deterministic, so
/// a subset run is repeatable and comparable with the expectations file).
pub fn select(all: &[String], filter: &Filter, subset: usize) -> Vec<String> {
    all.iter()
        .filter(|name| filter.matches(name))
        .step_by(subset.max(1))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(prefixes: &[(&str, bool)]) -> Filter {
        let prefixes = prefixes
            .iter()
            .map(|&(text, dir)| Prefix {
                text: text.to_owned(),
                dir,
            })
            .collect();
        Filter { prefixes }
    }

    #[test]
    fn directory_filters_match_whole_components() {
        let f = filter(&[("built-ins/Array", true)]);
        assert!(f.matches("built-ins/Array/from/a.js"));
        assert!(!f.matches("built-ins/ArrayBuffer/a.js"));
        let f = filter(&[("built-ins/Array", false)]);
        assert!(f.matches("built-ins/ArrayBuffer/a.js"));
        assert!(filter(&[]).matches("anything.js"));
    }

    #[test]
    fn subset_takes_every_nth() {
        let all: Vec<String> = (0..7).map(|i| format!("t{i}.js")).collect();
        assert_eq!(select(&all, &filter(&[]), 3), ["t0.js", "t3.js", "t6.js"]);
    }
}
