//! Breakpoints, stepping and frame evaluation through a recording handler, with a verified
//! collection at every pause.

use super::*;
use crate::api::{Engine, EngineOptions};
use std::cell::RefCell;

type Setup = Box<dyn FnOnce(&mut DebugVm<'_>)>;

/// Runs `setup` at the first service call, records every pause as
/// `line function reason x=<x in the top frame>` and answers with `plan` in order.
struct Recorder {
    log: Rc<RefCell<Vec<String>>>,
    plan: Vec<Resume>,
    setup: Option<Setup>,
}

impl DebugHandler for Recorder {
    fn service(&mut self, vm: &mut DebugVm<'_>, _block: Block) {
        if let Some(f) = self.setup.take() {
            f(vm);
        }
    }

    fn paused(&mut self, vm: &mut DebugVm<'_>, pause: &Pause) -> Resume {
        vm.vm.collect_garbage(Value::UNDEFINED, "explicit");
        let frames = vm.call_frames();
        let top = &frames[0];
        let opts = EvalOptions::default();
        let x = vm.evaluate("typeof x === 'undefined' ? 'none' : x", Some(0), &opts);
        let x = x.result.json_value.unwrap_or_default();
        self.log.borrow_mut().push(format!(
            "{} {} {} x={x}",
            top.location.line, top.function_name, pause.reason
        ));
        vm.vm.collect_garbage(Value::UNDEFINED, "explicit");
        if self.plan.is_empty() {
            Resume::Continue
        } else {
            self.plan.remove(0)
        }
    }

    fn console(&mut self, _vm: &mut DebugVm<'_>, _kind: &'static str, _args: &[Value]) {}

    fn script_parsed(&mut self, _script: &ScriptInfo) {}
}

const SCRIPT: &str = "function f(n) {
  let x = n * 2;
  x = x + 1;
  return x;
}
let total = 0;
for (let i = 0; i < 3; i++) total += f(i);
total;
";

fn run(plan: Vec<Resume>, setup: Setup) -> (Vec<String>, String, Engine) {
    let mut engine = Engine::with_options(EngineOptions {
        gc_verify: true,
        ..EngineOptions::default()
    });
    let log = Rc::new(RefCell::new(Vec::new()));
    engine.set_debug_handler(Box::new(Recorder {
        log: log.clone(),
        plan,
        setup: Some(setup),
    }));
    engine.debug_service(Block::No);
    let result = engine.eval_to_string(SCRIPT, "t.js").unwrap();
    let log = log.borrow().clone();
    (log, result, engine)
}

#[test]
fn breakpoint_pauses_each_time_with_locals() {
    let (log, result, mut engine) = run(
        Vec::new(),
        Box::new(|vm| {
            let (_, locations) = vm.set_breakpoint(BreakTarget::Url("t.js".into()), 2, None);
            // The script is not compiled yet: resolved later.
            assert!(locations.is_empty());
        }),
    );
    assert_eq!(log, ["2 f other x=0", "2 f other x=2", "2 f other x=4"]);
    assert_eq!(result, "9");
    // Breakpoints stay armed; removing them restores every byte.
    let vm = engine.vm();
    let d = vm.debug.as_mut().unwrap();
    assert!(!d.patches.is_empty());
    d.breakpoints.clear();
    vm.arm();
    assert!(vm.debug.as_ref().unwrap().patches.is_empty());
}

#[test]
fn stepping_over_and_out() {
    let (log, result, _) = run(
        vec![Resume::StepOver, Resume::StepOut],
        Box::new(|vm| {
            vm.set_breakpoint(BreakTarget::Url("t.js".into()), 1, None);
            vm.set_breakpoints_active(true);
        }),
    );
    assert_eq!(
        log[..4],
        [
            "1 f other x=\"none\"",
            "2 f other x=0",
            "6  other x=\"none\"",
            "1 f other x=\"none\"",
        ]
    );
    assert_eq!(result, "9");
}

#[test]
fn pause_request_and_debugger_statement() {
    let mut engine = Engine::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    engine.set_debug_handler(Box::new(Recorder {
        log: log.clone(),
        plan: Vec::new(),
        setup: None,
    }));
    engine.debug_pause_on_start("Break on start");
    let r = engine
        .eval_to_string("let x = 5;\nx++;\ndebugger;\nx;\n", "s.js")
        .unwrap();
    assert_eq!(r, "6");
    assert_eq!(
        *log.borrow(),
        // Before `let x` runs, `x` is in its TDZ: the evaluation throws (no JSON value).
        ["0  Break on start x=", "2  other x=6"]
    );
}
