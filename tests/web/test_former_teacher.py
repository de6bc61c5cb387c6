"""After a learner moves to another teacher's group, the former teacher sees their history
read-only: no notes, no changes to personal details, no second move. The new teacher can."""
import pytest
from sqlalchemy import func, select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import Enrolment, TeacherNote
from lsk_learn.extensions import db
from lsk_learn.profiles.models import LearnerProfile
from tests.web.test_cohorts import answer

DETAILS = {"name": "Vera Sokolova", "birth_year": "1950", "municipality": 4, "target_groups": ["senior"],
           "language": "ru", "phone": "+371 20000002", "email": "", "consent": "yes"}


@pytest.fixture
def moved(client, auth, make_user, make_cohort, synced_bank):
    """Vera moved by her first teacher from group Old (kept by that teacher, who also has Spare)
    to group New of another teacher."""
    former, new_teacher = make_user(Role.TEACHER, locale="en"), make_user(Role.TEACHER, locale="en")
    vera = make_user(display_name="Vera Sokolova")
    old = make_cohort(former, [vera], name="Old")
    spare = make_cohort(former, [], name="Spare")
    new = make_cohort(new_teacher, [], name="New")
    db.session.add(LearnerProfile(user_id=vera.id, birth_year=1950, municipality_id=4, exemptions=[], phone="+371 20000001"))
    db.session.commit()
    answer(vera, "t-hist-001", True)
    # the admin moves her (a teacher can move only into their own groups)
    auth.login(make_user(Role.ADMIN))
    assert client.post(f"/cohorts/{old.id}/learners/{vera.id}/move", data={"move-target": new.id}).status_code == 302
    auth.logout()
    return {"former": former, "new_teacher": new_teacher, "vera": vera, "old": old, "spare": spare, "new": new}


def test_former_teacher_sees_history_read_only(client, auth, moved):
    auth.login(moved["former"])
    page = client.get(f"/cohorts/{moved['old'].id}/learners/{moved['vera'].id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Kurā dienā proklamēja Latvijas Republiku?" in text  # the history is still there
    assert 'name="note-text"' not in text and "Add note" not in text
    assert f"/learners/{moved['vera'].id}/details" not in text and 'name="move-target"' not in text
    assert "no longer in this group" in text


def test_former_teacher_cannot_add_a_note(client, auth, moved):
    auth.login(moved["former"])
    response = client.post(f"/cohorts/{moved['old'].id}/learners/{moved['vera'].id}", data={"note-text": "Still mine?"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(TeacherNote.id))) == 0


def test_former_teacher_cannot_edit_personal_details(client, auth, moved):
    auth.login(moved["former"])
    url = f"/cohorts/{moved['old'].id}/learners/{moved['vera'].id}/details"
    assert client.get(url).status_code == 403
    assert client.post(url, data={**DETAILS, "phone": "+371 29999999"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(LearnerProfile, moved["vera"].id).phone == "+371 20000001"


def test_former_teacher_cannot_move_the_learner_back(client, auth, moved):
    auth.login(moved["former"])
    response = client.post(f"/cohorts/{moved['old'].id}/learners/{moved['vera'].id}/move",
                           data={"move-target": moved["spare"].id})
    assert response.status_code == 404
    current = db.session.scalars(select(Enrolment.cohort_id).where(
        Enrolment.user_id == moved["vera"].id, Enrolment.left_at.is_(None))).all()
    assert current == [moved["new"].id]


def test_new_teacher_can_add_notes_and_edit_details(client, auth, moved):
    auth.login(moved["new_teacher"])
    base = f"/cohorts/{moved['new'].id}/learners/{moved['vera'].id}"
    text = client.get(base).get_data(as_text=True)
    assert 'name="note-text"' in text and f"{base}/details" in text
    assert client.post(base, data={"note-text": "Joined us."}).status_code == 302
    assert client.post(f"{base}/details", data={**DETAILS, "phone": "+371 29999999"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(TeacherNote.text)) == "Joined us."
    assert db.session.get(LearnerProfile, moved["vera"].id).phone == "+371 29999999"
    # and the former group's page stays read-only even for the new teacher's colleagues: it is not theirs
    assert client.get(f"/cohorts/{moved['old'].id}/learners/{moved['vera'].id}").status_code == 404


def test_coordinator_may_still_correct_details_of_a_moved_learner(client, auth, make_user, moved):
    auth.login(make_user(Role.COORDINATOR))
    url = f"/cohorts/{moved['old'].id}/learners/{moved['vera'].id}/details"
    assert client.get(url).status_code == 200
    assert client.post(url, data=DETAILS).status_code == 302
