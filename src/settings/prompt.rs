//! The seam between the resolver and a terminal. The resolver asks through [`Prompter`];
//! non-interactive runs use [`NoPrompt`], tests use a scripted prompter.

/// A question for one setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question<'a> {
    /// The setting's name, as `msb plan` shows it (`language`, `runtime`, `port`, …).
    pub key: &'static str,
    /// What the user reads.
    pub text: &'a str,
}

/// What to do with a file that exists and differs from what msb would write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    Keep,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromptError {
    #[error("cancelled; nothing was written")]
    Cancelled,
    #[error("the terminal could not be used: {0}")]
    Terminal(String),
}

/// Asks the user. Implementations show `default` preselected and return the answer.
pub trait Prompter {
    /// Whether questions may be asked at all. When false the resolver takes defaults and
    /// never calls the other methods.
    fn interactive(&self) -> bool;

    /// Chooses one of `items`.
    ///
    /// # Errors
    /// [`PromptError::Cancelled`] when the user aborts.
    fn select(
        &mut self,
        question: Question<'_>,
        items: &[String],
        default: usize,
    ) -> Result<usize, PromptError>;

    /// Reads a free-form answer; `validate` explains why an answer is refused, and the
    /// implementation asks again.
    ///
    /// # Errors
    /// [`PromptError::Cancelled`] when the user aborts.
    fn input(
        &mut self,
        question: Question<'_>,
        default: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError>;

    /// Shows information before the questions (what was detected, and the evidence).
    fn show(&mut self, _text: &str) {}

    /// Asks what to do with `file`, which exists and differs from what msb would write;
    /// `diff` is the unified diff, for the user to see on request. Keeps it by default.
    ///
    /// # Errors
    /// [`PromptError::Cancelled`] when the user aborts.
    fn existing(&mut self, _file: &str, _diff: &str) -> Result<Existing, PromptError> {
        Ok(Existing::Keep)
    }
}

/// Never asks: every setting takes its flag, msb.toml, detected or built-in value.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoPrompt;

impl Prompter for NoPrompt {
    fn interactive(&self) -> bool {
        false
    }

    fn select(
        &mut self,
        _: Question<'_>,
        _: &[String],
        default: usize,
    ) -> Result<usize, PromptError> {
        Ok(default)
    }

    fn input(
        &mut self,
        _: Question<'_>,
        default: &str,
        _: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        Ok(default.to_string())
    }
}
