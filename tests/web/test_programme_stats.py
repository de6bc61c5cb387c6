"""The whole programme's difficult questions come from a stored computation (`flask stats
refresh`, hourly), not from every learner's answers on each page request."""
from datetime import timedelta

from sqlalchemy import event, select, update

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import ProgrammeItemStats
from lsk_learn.cohorts.questions import difficult_questions
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession


def answer(learner, question_id, response, right):
    session = PracticeSession(user_id=learner.id, topic_id="grammar", question_ids=[question_id], started_at=utcnow())
    db.session.add(session)
    db.session.flush()
    db.session.add(PracticeAnswer(session_id=session.id, user_id=learner.id, question_id=question_id, position=0,
                                  response=response, is_correct=right, score=1.0 if right else 0.0, answered_at=utcnow()))
    db.session.commit()


def wrong_count_on_page(client) -> int:
    row = client.get("/cohorts/questions").get_data(as_text=True).split("<tbody>")[1].split("</tr>")[0]
    assert "t-gra-tf" in row
    return int(row.split("Nepareizi (")[1].split(")")[0])


def test_the_page_shows_the_stored_figures_until_they_are_refreshed(client, auth, make_user, synced_bank, runner):
    learners = [make_user() for _ in range(4)]
    for learner in learners[:3]:
        answer(learner, "t-gra-tf", False, False)
    auth.login(make_user(Role.COORDINATOR, locale="lv"))
    assert wrong_count_on_page(client) == 3  # nothing stored yet: computed for this first request
    stored = db.session.scalars(select(ProgrammeItemStats)).all()
    live = difficult_questions(None, limit=None)
    assert [(s.question_id, s.answered, s.wrong, s.facility) for s in sorted(stored, key=lambda s: s.rank)] == \
        [(d.question.id, d.stats.answered, d.stats.wrong, d.stats.facility) for d in live]

    answer(learners[3], "t-gra-tf", False, False)
    assert wrong_count_on_page(client) == 3  # the stored figures, under an hour old
    result = runner.invoke(args=["stats", "refresh"])
    assert result.exit_code == 0 and "Item statistics for" in result.output
    assert wrong_count_on_page(client) == 4


def test_figures_older_than_two_hours_are_recomputed_when_the_page_opens(client, auth, make_user, synced_bank):
    learners = [make_user() for _ in range(4)]
    for learner in learners[:3]:
        answer(learner, "t-gra-tf", False, False)
    auth.login(make_user(Role.COORDINATOR, locale="lv"))
    assert wrong_count_on_page(client) == 3
    answer(learners[3], "t-gra-tf", False, False)
    db.session.execute(update(ProgrammeItemStats).values(computed_at=utcnow() - timedelta(hours=3)))
    db.session.commit()
    assert wrong_count_on_page(client) == 4  # no timer ran: the page did it


def test_the_page_reads_the_same_statements_however_many_answers_there_are(client, auth, make_user, synced_bank, runner):
    auth.login(make_user(Role.COORDINATOR, locale="lv"))
    counts = []
    for learners in (3, 12):
        for _ in range(learners):
            answer(make_user(), "t-gra-tf", False, False)
        runner.invoke(args=["stats", "refresh"])
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            wrong_count_on_page(client)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert not any("practice_answer" in statement for statement in seen)
        counts.append(len(seen))
    assert counts[0] == counts[1]
