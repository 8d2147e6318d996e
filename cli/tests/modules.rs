//! `jetcrab run` on module graphs: `.mjs` files and files with `import`/`export` run as
//! modules, and a missing import fails with Node's error naming the file and its importer.

mod common;

use common::{jetcrab, scratch};

#[test]
fn missing_import_exits_1_naming_file_and_importer() {
    let dir = scratch("missing");
    let main = dir.join("main.mjs");
    std::fs::write(
        &main,
        "import { x } from './missing.js';\nconsole.log(x);\n",
    )
    .unwrap();
    let (code, stdout, stderr) = jetcrab(&["run", main.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    let expected = format!(
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '{}' imported from {}",
        dir.join("missing.js").display(),
        main.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn import_declarations_make_a_js_file_a_module() {
    let dir = scratch("detect");
    std::fs::write(dir.join("dep.js"), "export default 'from dep';\n").unwrap();
    let main = dir.join("main.js");
    std::fs::write(&main, "import d from './dep.js';\nconsole.log(d, this);\n").unwrap();
    let (code, stdout, stderr) = jetcrab(&["run", main.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "from dep undefined\n");
    // `--module` forces module semantics (`this` is undefined) on a plain script.
    let plain = dir.join("plain.js");
    std::fs::write(&plain, "console.log(typeof this);\n").unwrap();
    let (_, stdout, _) = jetcrab(&["run", "--module", plain.to_str().unwrap()]);
    assert_eq!(stdout, "undefined\n");
}

#[test]
fn unsettled_top_level_await_exits_13() {
    let dir = scratch("tla");
    let main = dir.join("main.mjs");
    std::fs::write(
        &main,
        "console.log('before');\nawait new Promise(() => {});\nconsole.log('never');\n",
    )
    .unwrap();
    let (code, stdout, stderr) = jetcrab(&["run", main.to_str().unwrap()]);
    assert_eq!(code, 13, "{stderr}");
    assert_eq!(stdout, "before\n");
    let expected = format!(
        "Warning: Detected unsettled top-level await at file://{}",
        main.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    // A top-level await that settles through a timer exits 0.
    std::fs::write(
        &main,
        "await new Promise(r => setTimeout(r, 5));\nconsole.log('after');\n",
    )
    .unwrap();
    let (code, stdout, stderr) = jetcrab(&["run", main.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, "after\n"), "{stderr}");
}

#[test]
fn a_deep_import_chain_loads_through_the_event_loop() {
    // Every file is read by the runtime's tokio::fs loader, one completion at a time.
    let dir = scratch("chain");
    for i in 0..20 {
        let body = if i == 19 {
            "export const n = 19;\n".to_string()
        } else {
            format!(
                "import {{ n as m }} from './m{}.js';\nexport const n = m + {i};\n",
                i + 1
            )
        };
        std::fs::write(dir.join(format!("m{i}.js")), body).unwrap();
    }
    let main = dir.join("main.mjs");
    std::fs::write(&main, "import { n } from './m0.js';\nconsole.log(n);\n").unwrap();
    let (code, stdout, stderr) = jetcrab(&["run", main.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, "190\n"), "{stderr}");
}
