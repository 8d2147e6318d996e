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
