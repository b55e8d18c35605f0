//! The terminal prompter: dialoguer questions on standard error, so standard output stays
//! clean for `--stdout` and pipes. Used only when standard input and standard error are
//! terminals and neither `--yes` nor `--check` is given.
//!
//! Esc or `q` in a list, Esc or Ctrl-C in a text question, cancel with
//! [`PromptError::Cancelled`]. Ctrl-C in a list reaches msb as SIGINT (dialoguer raises it);
//! [`exit_on_interrupt`] handles that signal the same way.

use dialoguer::console::{Key, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Error as DialoguerError, Select};

use super::prompt::{Existing, PromptError, Prompter, Question};

/// Asks on the terminal attached to standard error.
pub struct TerminalPrompter {
    term: Term,
    theme: Box<dyn Theme>,
}

impl std::fmt::Debug for TerminalPrompter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerminalPrompter").finish_non_exhaustive()
    }
}

/// Whether standard error may be coloured: a terminal, and `NO_COLOR` unset or empty.
#[must_use]
pub fn colour_allowed() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && dialoguer::console::colors_enabled_stderr()
}

/// Whether msb can ask questions here: standard input and standard error are terminals.
#[must_use]
pub fn available() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn terminal_error(error: impl std::fmt::Display) -> PromptError {
    PromptError::Terminal(error.to_string())
}

fn from_dialoguer(error: DialoguerError) -> PromptError {
    match error {
        DialoguerError::IO(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            PromptError::Cancelled
        }
        e => terminal_error(e),
    }
}

/// From now on, ends msb with exit code 130 on Ctrl-C (SIGINT), with the cursor visible
/// again, unless `output` is committing files: then the signal is ignored so the commit
/// completes. Installed for interactive runs only; others keep the default action.
/// The handler writes to stderr, so the rest of msb must not hold the stderr lock while it
/// waits (`main` passes the unlocked handle).
pub fn exit_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        if !crate::output::interrupt() {
            return;
        }
        let term = Term::stderr();
        let _ = term.show_cursor();
        let _ = term.write_line("");
        let _ = term.write_line(&format!("error: {}", PromptError::Cancelled));
        std::process::exit(i32::from(crate::error::CANCELLED));
    });
}

const EXISTING_CHOICES: [&str; 3] = ["overwrite it", "show the diff", "keep it (skip)"];

impl TerminalPrompter {
    #[must_use]
    pub fn new() -> Self {
        let theme: Box<dyn Theme> = if colour_allowed() {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Self {
            term: Term::stderr(),
            theme,
        }
    }

    fn cancelled(&self) -> PromptError {
        let _ = self.term.show_cursor();
        let _ = self.term.write_line("");
        PromptError::Cancelled
    }

    fn write(&self, text: &str) -> Result<(), PromptError> {
        self.term.write_str(text).map_err(terminal_error)?;
        self.term.flush().map_err(terminal_error)
    }

    fn choose(&self, prompt: &str, items: &[&str], default: usize) -> Result<usize, PromptError> {
        let chosen = Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .report(true)
            .interact_on_opt(&self.term)
            .map_err(from_dialoguer);
        match chosen {
            Ok(Some(index)) => Ok(index),
            Ok(None) | Err(PromptError::Cancelled) => Err(self.cancelled()),
            Err(e) => Err(e),
        }
    }

    /// Reads one line of text. dialoguer's `Input` ignores Esc, so this small editor reads
    /// keys itself: printable characters, Backspace, Enter, and Esc or Ctrl-C to cancel.
    fn read_line(&self) -> Result<Option<String>, PromptError> {
        let mut line = String::new();
        loop {
            match self.term.read_key_raw().map_err(terminal_error)? {
                Key::Enter => return Ok(Some(line)),
                Key::Escape | Key::CtrlC => return Ok(None),
                Key::Backspace if line.pop().is_some() => {
                    self.term.clear_chars(1).map_err(terminal_error)?;
                }
                Key::Char(c) if !c.is_control() => {
                    line.push(c);
                    self.write(c.encode_utf8(&mut [0; 4]))?;
                }
                _ => {}
            }
        }
    }
}

impl Default for TerminalPrompter {
    fn default() -> Self {
        Self::new()
    }
}

impl Prompter for TerminalPrompter {
    fn interactive(&self) -> bool {
        true
    }

    fn select(
        &mut self,
        question: Question<'_>,
        items: &[String],
        default: usize,
    ) -> Result<usize, PromptError> {
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        self.choose(question.text, &items, default)
    }

    fn input(
        &mut self,
        question: Question<'_>,
        default: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        if !self.term.is_term() {
            return Err(terminal_error("standard error is not a terminal"));
        }
        loop {
            let mut prompt = String::new();
            self.theme
                .format_input_prompt(&mut prompt, question.text, Some(default))
                .map_err(terminal_error)?;
            self.write(&prompt)?;
            let Some(typed) = self.read_line()? else {
                return Err(self.cancelled());
            };
            let answer = if typed.trim().is_empty() {
                default.to_string()
            } else {
                typed.trim().to_string()
            };
            self.term.clear_line().map_err(terminal_error)?;
            let mut shown = String::new();
            match validate(&answer) {
                Ok(()) => {
                    self.theme
                        .format_input_prompt_selection(&mut shown, question.text, &answer)
                        .map_err(terminal_error)?;
                    self.write(&format!("{shown}\n"))?;
                    return Ok(answer);
                }
                Err(reason) => {
                    self.theme
                        .format_error(&mut shown, &reason)
                        .map_err(terminal_error)?;
                    self.write(&format!("{shown}\n"))?;
                }
            }
        }
    }

    fn show(&mut self, text: &str) {
        let _ = self.write(text);
    }

    fn existing(&mut self, file: &str, diff: &str) -> Result<Existing, PromptError> {
        let prompt = format!("{file} exists and differs from what msb would write");
        let mut default = 1;
        loop {
            match self.choose(&prompt, &EXISTING_CHOICES, default)? {
                0 => return Ok(Existing::Replace),
                1 => self.write(diff)?,
                _ => return Ok(Existing::Keep),
            }
            default = 2;
        }
    }
}
