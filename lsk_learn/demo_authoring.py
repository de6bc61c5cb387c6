"""Demo data for the question bank pages: a local question written by one teacher and waiting for
the other's review, a returned draft with the reviewer's comment, and a flagged question, so the
authoring overview shows its queues on first start."""
from datetime import datetime, timedelta

from .authoring import services as authoring
from .bank.models import Question
from .extensions import db

LOCAL_QUESTION = {
    "topic_id": "history", "subtopic": "since-1991", "type": "single", "difficulty": 1,
    "text": {"lv": "Kurā gadā Latvija kļuva par Eiropas Savienības dalībvalsti?",
             "ru": "В каком году Латвия стала государством — членом Европейского союза?",
             "en": "In which year did Latvia become a member state of the European Union?"},
    "options": [{"id": "a", "lv": "2004. gadā", "ru": "В 2004 году", "en": "In 2004"},
                {"id": "b", "lv": "1999. gadā", "ru": "В 1999 году", "en": "In 1999"},
                {"id": "c", "lv": "2014. gadā", "ru": "В 2014 году", "en": "In 2014"}],
    "answer": "a",
    "explanation": {"lv": "Latvija iestājās Eiropas Savienībā 2004. gada 1. maijā.",
                    "ru": "Латвия вступила в Европейский союз 1 мая 2004 года.",
                    "en": "Latvia joined the European Union on 1 May 2004."},
    "source": "Ārlietu ministrija, mfa.gov.lv: Latvija Eiropas Savienībā", "articles": [],
}


def add_authoring_data(users: dict, now: datetime) -> int:
    """Returns how many versions it wrote. Needs the teachers `teacher` and `teacher2`."""
    if db.session.get(Question, "sat-sae-001") is None or "since-1991" not in _subtopics("history"):
        return 0  # a bank without these (the tests' small fixture bank): nothing to show
    waiting = authoring.create_question(LOCAL_QUESTION, users["teacher2"].id, now - timedelta(days=2),
                                        note="Jautājums par Eiropas Savienību nodarbībai par neatkarības atjaunošanu")
    authoring.submit_for_review(waiting, users["teacher2"].id)
    draft = authoring.create_question({**LOCAL_QUESTION, "text": {"lv": "Kad Latvija iestājās NATO?"},
                                       "options": [{"id": "a", "lv": "2004. gadā"}, {"id": "b", "lv": "1991. gadā"},
                                                   {"id": "c", "lv": "2008. gadā"}],
                                       "explanation": {}, "source": None},
                                      users["teacher"].id, now - timedelta(days=1))
    authoring.submit_for_review(draft, users["teacher"].id)
    authoring.send_back(draft, users["teacher2"].id, "Lūdzu, pievienojiet avotu (nato.int vai mfa.gov.lv) un "
                        "tulkojumus krievu un angļu valodā.", now - timedelta(hours=20))
    authoring.flag_question("sat-sae-001", users["teacher2"].id, "Grupa bieži kļūdās: vai variantu formulējums ir skaidrs?",
                            [], now - timedelta(hours=5))
    return 2


def _subtopics(topic_id: str) -> set[str]:
    from .bank.models import Topic
    topic = db.session.get(Topic, topic_id)
    return {s["id"] for s in topic.subtopics} if topic else set()
