//! The progress bar on stderr (documents, bytes, rate, time left), and problem reports that do
//! not tear it; then a spinner while the graph is built and written, which on a large corpus can
//! take a while after the last document.
//!
//! Both are drawn only when stderr is a terminal that asks for them: not with `--quiet`, not when
//! `NO_COLOR` is set or `TERM` is `dumb`. Reports of skipped inputs always go to stderr.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use gazegraph::corpus::Observer;
use gazegraph::input::Skipped;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total()` bytes of input (a spinner when unknown), if the terminal wants one;
    /// `total` is asked only then (it stats every input).
    pub fn new(quiet: bool, total: impl FnOnce() -> Option<u64>) -> Progress {
        if !drawn(quiet) {
            return Progress { bar: None };
        }
        let (bar, template) = match total() {
            Some(total) => (
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                "{elapsed_precise} [{wide_bar}] {binary_bytes}/{binary_total_bytes} \
                 {binary_bytes_per_sec} {msg} ETA {eta}",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} {elapsed_precise} {binary_bytes} {binary_bytes_per_sec} {msg}",
            ),
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Progress { bar: Some(bar) }
    }

    /// A spinner with the time elapsed and `message`, if the terminal wants one.
    pub fn spinner(quiet: bool, message: &str) -> Progress {
        if !drawn(quiet) {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(message.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress { bar: Some(bar) }
    }

    /// Take the bar off the screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn print(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }
}

/// Whether stderr is a terminal that wants a bar.
fn drawn(quiet: bool) -> bool {
    let plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    !quiet && !plain && std::io::stderr().is_terminal()
}

impl Observer for Progress {
    fn progress(&self, bytes: u64, documents: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            bar.set_message(format!("{documents} docs"));
        }
    }

    fn skipped(&self, skipped: &Skipped) {
        self.print(&format!("gazegraph: warning: {skipped}"));
    }

    fn warning(&self, message: &str) {
        self.print(&format!("gazegraph: warning: {message}"));
    }
}
