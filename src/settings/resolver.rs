//! The resolver every setting goes through: it records each decision with its reason and
//! asks the prompter only when a session is interactive.

use std::fmt;

use super::prompt::{Prompter, Question};
use super::{Decision, SettingsError, Source};

pub(super) struct Resolver<'p> {
    pub(super) prompter: &'p mut dyn Prompter,
    pub(super) decisions: Vec<Decision>,
}

impl Resolver<'_> {
    pub(super) fn record(
        &mut self,
        setting: &'static str,
        value: impl fmt::Display,
        source: Source,
        reason: impl Into<String>,
    ) {
        self.decisions.push(Decision {
            setting,
            value: value.to_string(),
            source,
            reason: reason.into(),
        });
    }

    /// Chooses among `items`: the override when given, else an answer, else `default`.
    pub(super) fn choose(
        &mut self,
        key: &'static str,
        text: &str,
        items: &[String],
        default: usize,
    ) -> Result<(usize, Source), SettingsError> {
        if items.len() > 1 && self.prompter.interactive() {
            let index = self
                .prompter
                .select(Question { key, text }, items, default)?;
            return Ok((index, Source::Answer));
        }
        Ok((default, Source::Detected))
    }

    pub(super) fn input(
        &mut self,
        key: &'static str,
        text: &str,
        default: String,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, SettingsError> {
        if !self.prompter.interactive() {
            return Ok(None);
        }
        let answer = self
            .prompter
            .input(Question { key, text }, &default, validate)?;
        Ok((answer != default).then_some(answer))
    }
}
