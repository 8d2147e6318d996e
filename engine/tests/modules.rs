//! Module loading, linking and evaluation through the embedding API: link errors, built-in
//! modules and a host that completes loads later (as the Tokio runtime will).

use jetcrab_engine::module::{LoadOutcome, LoadRequest, ModuleLoader};
use jetcrab_engine::value::Value;
use jetcrab_engine::{Engine, EngineOptions, ErrorPhase, Stream};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// An engine whose console output is captured.
fn engine() -> (Engine, Arc<Mutex<String>>) {
    let out = Arc::new(Mutex::new(String::new()));
    let sink = out.clone();
    let engine = Engine::with_options(EngineOptions {
        print: Some(Box::new(move |_: Stream, line: &str| {
            let mut o = sink.lock().unwrap();
            o.push_str(line);
            o.push('\n');
        })),
        ..EngineOptions::default()
    });
    (engine, out)
}

/// Serves modules from memory; `pending` keys are answered later by the test.
struct MemoryLoader {
    files: Vec<(&'static str, &'static str)>,
    pending: Rc<RefCell<Vec<String>>>,
    deferred: bool,
}

impl ModuleLoader for MemoryLoader {
    fn resolve(&mut self, referrer: &str, specifier: &str) -> Result<String, String> {
        jetcrab_engine::module::loader::resolve_path(referrer, specifier)
    }

    fn load(&mut self, request: &LoadRequest) -> LoadOutcome {
        if self.deferred {
            self.pending.borrow_mut().push(request.key.clone());
            return LoadOutcome::Pending;
        }
        match self.files.iter().find(|(k, _)| *k == request.key) {
            Some((_, src)) => LoadOutcome::Source(src.to_string()),
            None => LoadOutcome::NotFound,
        }
    }
}

#[test]
fn missing_export_is_a_link_time_syntax_error() {
    let (mut e, _) = engine();
    e.set_module_loader(Box::new(MemoryLoader {
        files: vec![("/m/a.js", "export const y = 1;")],
        pending: Default::default(),
        deferred: false,
    }));
    let err = e
        .eval_module_source("import { x } from './a.js';", "/m/main.mjs")
        .unwrap_err();
    assert_eq!(err.phase, ErrorPhase::Resolution);
    assert_eq!(err.name, "SyntaxError");
    assert_eq!(
        err.message,
        "The requested module './a.js' does not provide an export named 'x'"
    );
}

#[test]
fn missing_module_names_the_file_and_its_importer() {
    let (mut e, _) = engine();
    let dir = std::env::temp_dir().join("jetcrab-missing-import");
    std::fs::create_dir_all(&dir).unwrap();
    let main = dir.join("main.mjs");
    std::fs::write(&main, "import './missing.js';\n").unwrap();
    let err = e.eval_module(&main).unwrap_err();
    let expected = format!(
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '{}' imported from {}",
        dir.join("missing.js").display(),
        main.display()
    );
    assert!(err.report.contains(&expected), "{}", err.report);
}

#[test]
fn syntax_errors_in_modules_have_a_code_frame() {
    let (mut e, _) = engine();
    let err = e
        .eval_module_source("export let a = 1;\nlet = ;\n", "/m/bad.mjs")
        .unwrap_err();
    assert_eq!(err.phase, ErrorPhase::Parse);
    assert!(err.report.starts_with("/m/bad.mjs:2:"), "{}", err.report);
    assert!(err.report.contains("SyntaxError"), "{}", err.report);
}

#[test]
fn builtin_modules_export_host_values() {
    let (mut e, out) = engine();
    e.register_builtin_module(
        "jetcrab:test",
        &[("answer", Value::int(42)), ("nothing", Value::UNDEFINED)],
    );
    e.eval_module_source(
        "import { answer } from 'jetcrab:test';\nimport * as ns from 'jetcrab:test';\n\
         console.log(answer, Object.keys(ns).join());\n\
         const d = await import('jetcrab:test');\nconsole.log(d === ns);",
        "/m/main.mjs",
    )
    .unwrap();
    assert_eq!(*out.lock().unwrap(), "42 answer,nothing\ntrue\n");
}

#[test]
fn an_async_host_finishes_loads_later() {
    let (mut e, out) = engine();
    let pending = Rc::new(RefCell::new(Vec::new()));
    e.set_module_loader(Box::new(MemoryLoader {
        files: Vec::new(),
        pending: pending.clone(),
        deferred: true,
    }));
    e.eval_module_source(
        "import { v } from './dep.js';\nconsole.log('main', v);",
        "/m/main.mjs",
    )
    .unwrap();
    // Nothing ran: the dependency is still being fetched.
    assert_eq!(*out.lock().unwrap(), "");
    assert_eq!(*pending.borrow(), ["/m/dep.js"]);
    e.finish_module_load(
        "/m/dep.js",
        LoadOutcome::Source("export const v = 7; console.log('dep');".into()),
    );
    e.run_jobs().unwrap();
    assert_eq!(*out.lock().unwrap(), "dep\nmain 7\n");
}

#[test]
fn cycles_link_and_share_live_bindings() {
    let (mut e, out) = engine();
    e.set_module_loader(Box::new(MemoryLoader {
        files: vec![
            (
                "/c/a.js",
                "import { b, setB } from './b.js'; export let a = 'a'; export function getA() { return a; }\n\
                 setB('b2'); console.log('a sees', b);",
            ),
            (
                "/c/b.js",
                "import { getA } from './a.js'; export let b = 'b'; export function setB(v) { b = v; }\n\
                 try { getA(); } catch (e) { console.log('b:', e.name); }",
            ),
        ],
        pending: Default::default(),
        deferred: false,
    }));
    e.eval_module_source("import { a } from './a.js'; console.log(a);", "/c/main.mjs")
        .unwrap();
    assert_eq!(*out.lock().unwrap(), "b: ReferenceError\na sees b2\na\n");
}
