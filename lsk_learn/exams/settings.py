"""Exam settings from the app config (the unconfirmed parts of the format are settings)."""
from flask import current_app

from ..domain.exam_rules import (
    KnowledgeSettings, LanguageSettings, LISTENING, READING, SPEAKING, WRITING,
)


def knowledge_settings() -> KnowledgeSettings:
    config = current_app.config
    return KnowledgeSettings(anthem_max_errors=config["ANTHEM_MAX_ERRORS"], minutes=config["KNOWLEDGE_EXAM_MINUTES"])


def language_settings() -> LanguageSettings:
    config = current_app.config
    count = config["LANGUAGE_QUESTIONS_PER_SKILL"]
    return LanguageSettings(
        listening_questions=count, reading_questions=count,
        minutes={LISTENING: config["LISTENING_MINUTES"], READING: config["READING_MINUTES"],
                 WRITING: config["WRITING_MINUTES"], SPEAKING: config["SPEAKING_MINUTES"]},
    )
