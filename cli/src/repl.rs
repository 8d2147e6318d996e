//! The interactive REPL: line editing and history (rustyline), multi-line input when a
//! statement is incomplete, results printed like Node's REPL.

use jetcrab_engine::Engine;
use rustyline::error::ReadlineError;

/// Is the error one that more input could fix (unterminated block, string, template)?
fn needs_more_input(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("unexpected end")
        || m.contains("unterminated")
        || m.contains("expected `}`")
        || m.contains("expected `)`")
        || m.contains("expected `]`")
}

/// Runs the REPL until end of input; returns the exit code.
pub fn repl() -> i32 {
    let mut engine = Engine::new();
    let Ok(mut rl) = rustyline::DefaultEditor::new() else {
        eprintln!("jetcrab: cannot open the terminal");
        return 1;
    };
    let history =
        std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".jetcrab_history"));
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    println!(
        "Welcome to JetCrab v{}. Type \".exit\" or press Ctrl-D to leave.",
        env!("CARGO_PKG_VERSION")
    );
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { "> " } else { "... " };
        match rl.readline(prompt) {
            Ok(line) => {
                if buffer.is_empty() && line.trim() == ".exit" {
                    break;
                }
                buffer.push_str(&line);
                buffer.push('\n');
                match engine.eval_to_string(&buffer, "REPL") {
                    Ok(s) => {
                        println!("{s}");
                        let _ = engine.run_jobs();
                    }
                    Err(e)
                        if e.phase == jetcrab_engine::ErrorPhase::Parse
                            && needs_more_input(&e.message) =>
                    {
                        continue
                    }
                    // Node's REPL reports early errors as uncaught, without a code frame.
                    Err(e) if e.phase == jetcrab_engine::ErrorPhase::Parse => {
                        eprintln!("Uncaught {}: {}", e.name, e.message)
                    }
                    Err(e) => eprintln!("{}", e.report),
                }
                let _ = rl.add_history_entry(buffer.trim_end());
                buffer.clear();
            }
            Err(ReadlineError::Interrupted) => {
                if buffer.is_empty() {
                    println!("(To exit, press Ctrl+D or type .exit)");
                }
                buffer.clear();
            }
            Err(_) => break,
        }
    }
    if let Some(h) = &history {
        let _ = rl.save_history(h);
    }
    0
}
