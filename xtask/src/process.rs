//! Small helpers for running commands and owning background processes.

use crate::TaskResult;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// Set once SIGINT (Ctrl-C), SIGTERM (`kill`, a process manager) or SIGHUP (the terminal went
/// away) arrives: without it, SIGTERM ends this process at once and leaves its background
/// processes running as orphans.
#[derive(Debug, Clone)]
pub struct Termination(Arc<AtomicBool>);

impl Termination {
    /// Catches the three signals from now on.
    pub fn catch() -> TaskResult<Self> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let flag = Arc::new(AtomicBool::new(false));
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            signal_hook::flag::register(signal, Arc::clone(&flag))
                .map_err(|e| format!("cannot catch signal {signal}: {e}"))?;
        }
        Ok(Self(flag))
    }

    /// Whether one of the signals arrived.
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Runs a command to completion, inheriting stdio; fails with its description when it fails.
pub fn exec(command: &mut Command) -> TaskResult {
    let status = command
        .status()
        .map_err(|e| format!("cannot start {}: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(command)))
    }
}

/// Stdout of a command when it runs and succeeds, otherwise `None` (for probing tools).
pub fn probe(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// True when the current user is root (then no `sudo` is needed for apt).
pub fn is_root() -> bool {
    probe("id", &["-u"]).as_deref() == Some("0")
}

/// A command that runs with administrator rights: directly as root, otherwise through sudo.
pub fn privileged(program: &str) -> Command {
    if is_root() {
        Command::new(program)
    } else {
        let mut command = Command::new("sudo");
        command.arg(program);
        command
    }
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// A background process that is killed when this value is dropped.
#[derive(Debug)]
pub struct Background {
    name: String,
    child: Child,
}

impl Background {
    /// Starts `command` with piped stdout and waits until a stdout line contains `ready_marker`;
    /// returns the process and that line. Later output is echoed with a `[name]` prefix.
    pub fn start(
        name: &str,
        command: &mut Command,
        ready_marker: &str,
    ) -> TaskResult<(Self, String)> {
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {name}: {e}"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| format!("{name}: no stdout"))?;
        let (sender, receiver) = mpsc::channel();
        let prefix = name.to_owned();
        let marker = ready_marker.to_owned();
        std::thread::spawn(move || {
            let mut announced = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if !announced && line.contains(&marker) {
                    announced = true;
                    let _ = sender.send(line.clone());
                }
                println!("[{prefix}] {line}");
            }
        });
        let background = Self {
            name: name.to_owned(),
            child,
        };
        match receiver.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => Ok((background, line)),
            Err(_) => Err(format!(
                "{name} did not become ready (no line containing {ready_marker:?})"
            )),
        }
    }

    /// Blocks until the process exits (an exit other than success is an error) or `termination`
    /// is requested (`Ok`: the caller returns, and dropping the processes stops them).
    pub fn wait_or_stop(&mut self, termination: &Termination) -> TaskResult {
        loop {
            if termination.requested() {
                println!("\n  Stopping.");
                return Ok(());
            }
            let exited = self
                .child
                .try_wait()
                .map_err(|e| format!("{}: {e}", self.name))?;
            match exited {
                Some(status) if status.success() => return Ok(()),
                Some(status) => return Err(format!("{} stopped: {status}", self.name)),
                None => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
