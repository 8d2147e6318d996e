//! The `harness/` files, read once at startup and shared by every test run.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use crate::metadata::{Flag, Metadata};
use crate::suite::list_files;

/// Harness files every non-raw test gets, before its own `includes:`.
const ALWAYS_INCLUDED: &[&str] = &["assert.js", "sta.js"];
/// Defines `$DONE`, which async tests call to report through `print`.
const ASYNC_INCLUDE: &str = "doneprintHandle.js";

/// One harness file: the name scripts are evaluated under, and its text.
pub struct HarnessFile {
    pub filename: String,
    pub source: String,
}

/// All harness files, keyed by their include name (`propertyHelper.js`, `sm/non262.js`).
pub struct Harness {
    files: HashMap<String, HarnessFile>,
}

impl Harness {
    pub fn load(dir: &Path) -> Result<Harness, String> {
        let mut files = HashMap::new();
        for name in list_files(dir)? {
            if !name.ends_with(".js") {
                continue;
            }
            let path = dir.join(&name);
            let source = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let filename = format!("harness/{name}");
            files.insert(name, HarnessFile { filename, source });
        }
        Ok(Harness { files })
    }

    /// The harness scripts to evaluate before `meta`'s test, in order, without duplicates (a test
    /// may list a default include again, and re-running a harness file can redeclare bindings).
    pub fn prelude(&self, meta: &Metadata) -> Result<Vec<&HarnessFile>, String> {
        if meta.has(Flag::Raw) {
            return Ok(Vec::new());
        }
        let async_include = meta.has(Flag::Async).then_some(ASYNC_INCLUDE);
        let names = ALWAYS_INCLUDED
            .iter()
            .copied()
            .chain(async_include)
            .chain(meta.includes.iter().map(String::as_str));
        let mut prelude: Vec<&HarnessFile> = Vec::new();
        for name in names {
            let file = self
                .files
                .get(name)
                .ok_or_else(|| format!("missing harness file {name}"))?;
            if !prelude.iter().any(|seen| std::ptr::eq(*seen, file)) {
                prelude.push(file);
            }
        }
        Ok(prelude)
    }
}
