//! The host side of module loading (§16.2.1.8 HostLoadImportedModule): turning a specifier into
//! a module map key, and fetching that key's source text.
//!
//! The engine asks its [`ModuleLoader`] once per key. A loader either answers at once
//! ([`LoadOutcome::Source`], [`LoadOutcome::NotFound`], [`LoadOutcome::Error`]) or returns
//! [`LoadOutcome::Pending`] and completes the load later, when the source has arrived (for
//! example from a `tokio::fs::read_to_string` task), by calling
//! [`Engine::finish_module_load`](crate::Engine::finish_module_load) with the same key
//! (FinishLoadingImportedModule), then [`Engine::run_jobs`](crate::Engine::run_jobs). Every
//! importer waiting for that key then continues: the graph loads the new module's own imports,
//! and once nothing is left to fetch it is linked and evaluated.
//!
//! Built-in modules (`node:fs/promises`, `jetcrab:fs`, ...) never reach the loader: the host
//! registers them with [`Engine::register_builtin_module`](crate::Engine::register_builtin_module)
//! and an import of exactly that specifier resolves to them.

use std::path::{Component, Path, PathBuf};

/// Appended to the module map key of a JSON module (`with { type: "json" }`), so that a file
/// imported both as JSON and as JavaScript gets two records.
pub const JSON_KEY_SUFFIX: &str = "#type=json";

/// One fetch the engine asks the host for.
#[derive(Clone, Debug)]
pub struct LoadRequest {
    /// The key to complete the load with: what [`ModuleLoader::resolve`] returned, plus
    /// [`JSON_KEY_SUFFIX`] for JSON modules.
    pub key: String,
    /// What to read: the resolved key without the JSON suffix.
    pub path: String,
    /// The key (or script file name) of the module that asked first.
    pub referrer: String,
    /// The specifier as written in the importing module.
    pub specifier: String,
}

/// The answer of [`ModuleLoader::load`].
#[derive(Clone, Debug)]
pub enum LoadOutcome {
    /// The module's source text.
    Source(String),
    /// No such module: importers fail with `Error [ERR_MODULE_NOT_FOUND]`.
    NotFound,
    /// Reading failed for another reason (the message becomes an `Error`).
    Error(String),
    /// The host finishes the load later with
    /// [`Engine::finish_module_load`](crate::Engine::finish_module_load).
    Pending,
}

/// How a host resolves and fetches modules. The engine calls `resolve` for every import and
/// `load` at most once per distinct key.
pub trait ModuleLoader {
    /// Resolves `specifier`, imported by `referrer` (a module key or a script's file name), to
    /// a module map key. `Err` carries the message of the `Error` the import fails with.
    fn resolve(&mut self, referrer: &str, specifier: &str) -> Result<String, String>;

    /// Fetches the source of `request.key`, now or later (see [`LoadOutcome::Pending`]).
    fn load(&mut self, request: &LoadRequest) -> LoadOutcome;
}

/// The default loader: relative (`./`, `../`), absolute and `file://` specifiers, read
/// synchronously with `std::fs`. Keys are absolute, lexically normalised paths.
#[derive(Clone, Copy, Debug, Default)]
pub struct FsLoader;

impl ModuleLoader for FsLoader {
    fn resolve(&mut self, referrer: &str, specifier: &str) -> Result<String, String> {
        resolve_path(referrer, specifier)
    }

    fn load(&mut self, request: &LoadRequest) -> LoadOutcome {
        read_outcome(&request.path, std::fs::read(&request.path))
    }
}

/// What reading a module file means for its importers: a missing file (or a directory) is
/// `NotFound`, any other failure an `Error` naming the path. Shared by every file loader.
pub fn read_outcome(path: &str, read: std::io::Result<Vec<u8>>) -> LoadOutcome {
    match read {
        Ok(bytes) => LoadOutcome::Source(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => LoadOutcome::NotFound,
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => LoadOutcome::NotFound,
        Err(e) => LoadOutcome::Error(format!("Cannot read {path}: {e}")),
    }
}

/// Resolves a file specifier against the directory of `referrer` (Node's rules for relative,
/// absolute and `file://` specifiers; bare specifiers are not supported).
pub fn resolve_path(referrer: &str, specifier: &str) -> Result<String, String> {
    let spec = specifier.strip_prefix("file://").unwrap_or(specifier);
    let path = if spec.starts_with('/') {
        PathBuf::from(spec)
    } else if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
        let base = absolute(Path::new(referrer));
        base.parent().unwrap_or(Path::new("/")).join(spec)
    } else {
        return Err(format!(
            "Cannot find package '{specifier}' imported from {referrer}"
        ));
    };
    Ok(normalize(&path).to_string_lossy().into_owned())
}

/// `path` made absolute against the current directory (without touching the file system).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return normalize(path);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    normalize(&cwd.join(path))
}

/// Removes `.` and `..` components lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_specifiers_resolve_against_the_referrer() {
        assert_eq!(
            resolve_path("/a/b/main.mjs", "./c.js").unwrap(),
            "/a/b/c.js"
        );
        assert_eq!(resolve_path("/a/b/main.mjs", "../c.js").unwrap(), "/a/c.js");
        assert_eq!(
            resolve_path("/a/b/main.mjs", "/x/./y.js").unwrap(),
            "/x/y.js"
        );
        assert_eq!(
            resolve_path("/a/main.mjs", "file:///z.mjs").unwrap(),
            "/z.mjs"
        );
        assert!(resolve_path("/a/main.mjs", "lodash").is_err());
    }
}
