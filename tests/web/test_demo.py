"""The demo data as `flask demo` builds it from the real bank: every writing answer waiting for a
grade is the learner's own, signed with their name, and answers the prompt it is shown under."""
import re
from pathlib import Path

from sqlalchemy import select

from lsk_learn.cohorts import grading
from lsk_learn.demo import LEARNERS
from lsk_learn.demo_teaching import EXTRA_NAMES
from lsk_learn.exams.models import ExamAnswer
from lsk_learn.extensions import db

REAL_BANK = Path(__file__).parents[2] / "question_bank"


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text))


def test_demo_grading_items_belong_to_their_learner_and_prompt(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "QUESTION_BANK_PATH", str(REAL_BANK))
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    from lsk_learn.demo_writing import writing_answers

    everyone = [name for _u, name, *_rest in LEARNERS] + EXTRA_NAMES
    checked = 0
    for part, learner, attempt in grading.queue(None):
        if part.part != "writing":
            continue
        own = set(learner.display_name.split())
        others = {word for name in everyone if name != learner.display_name for word in name.split()} - own
        answers = {a.item_id: a.response for a in db.session.scalars(
            select(ExamAnswer).where(ExamAnswer.attempt_id == attempt.id))}
        prepared = writing_answers(learner.username, attempt.started_at.date())
        for item, task in grading.tasks_of(part):
            response = answers.get(item.id)
            assert response is not None, (learner.username, task.id)
            if task.kind == "form":
                fields = response["fields"]
                assert set(fields) == {f["id"] for f in task.fields} and all(fields.values()), task.id
                assert fields.get("name", learner.display_name) == learner.display_name, (learner.username, task.id)
                text = " ".join(fields.values())
                assert {f"field-{k}": [v] for k, v in fields.items()} == prepared[task.id]
            else:
                text = response["text"]
                signature = text.strip().splitlines()[-1]
                assert words(signature) & own, (learner.username, task.id, signature)
                assert task.min_words <= len(text.split()) <= task.max_words, task.id
                assert {"text": [text]} == prepared[task.id]
            assert not words(text) & others, (learner.username, task.id, words(text) & others)
            checked += 1
    assert checked >= 6  # three learners with a form and a letter each
