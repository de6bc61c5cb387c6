"""A generated bank big enough for full mock exams: the key of every question is option "a"."""
import shutil
from pathlib import Path

import yaml

FIXTURE_BANK = Path(__file__).parent.parent / "fixtures" / "bank"

TOPICS = {
    "history": ["ancient", "soviet", "culture"],
    "symbols": ["flag"],
    "satversme": ["ch2-saeima", "ch3-president"],
    "reading": ["notices"],
    "listening": ["dialogues"],
}


def _question(qid: str, passage: str | None = None) -> dict:
    question = {
        "id": qid, "type": "single", "difficulty": 1, "status": "checked",
        "text": {"lv": f"Jautājums {qid}?", "ru": "Вопрос?", "en": "Question?"},
        "options": [{"id": o, "lv": f"{qid} {o}", "ru": o, "en": o} for o in "abc"],
        "answer": "a", "explanation": {"lv": "Skaidrojums.", "ru": "Объяснение.", "en": "Explanation."},
        "source": "Testa avots, 5. pants",
    }
    if qid.startswith("x-satversme"):
        question["articles"] = [5]
    if passage:
        question["passage"] = passage
    return question


def build_exam_bank(root: Path) -> Path:
    root.mkdir(parents=True)
    topics = []
    for topic, subtopics in TOPICS.items():
        topics.append({"id": topic, "exam": "language" if topic in ("reading", "listening") else "knowledge",
                       "name": {"lv": topic}, "subtopics": [{"id": s, "lv": s} for s in subtopics]})
    topics += [{"id": "writing", "exam": "language", "name": {"lv": "Rakstīšana"},
                "subtopics": [{"id": "forms", "lv": "Veidlapas"}, {"id": "letters", "lv": "Vēstules"}]},
               {"id": "speaking", "exam": "language", "name": {"lv": "Runāšana"},
                "subtopics": [{"id": "introduction", "lv": "Iepazīšanās"}, {"id": "situations", "lv": "Situācijas"}]}]
    (root / "topics.yaml").write_text(yaml.safe_dump({"topics": topics}, allow_unicode=True))
    shutil.copy(FIXTURE_BANK / "anthem.yaml", root / "anthem.yaml")
    for topic, subtopics in TOPICS.items():
        for subtopic in subtopics:
            content = {"topic": topic, "subtopic": subtopic}
            if topic in ("reading", "listening"):
                passages = [{"id": f"x-{topic}-p{n}", "kind": "notice", "title": {"lv": "Teksts"},
                             "text": "Teksts."} for n in range(4)]
                content["passages"] = passages
                content["questions"] = [_question(f"x-{topic}-p{n}-q{k}", f"x-{topic}-p{n}") for n in range(4) for k in range(4)]
            else:
                content["questions"] = [_question(f"x-{topic}-{subtopic}-{n}") for n in range(6)]
            path = root / "questions" / topic / f"{subtopic}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(content, allow_unicode=True))
    checklist = [{"id": "c1", "points": 4, "lv": "Saturs"}, {"id": "c2", "points": 2, "lv": "Valoda"}]

    def speaking(content: str) -> list[dict]:
        """The five criteria a speaking task is graded on (bank/check_extras.py), 6 points in all."""
        names = ("Saturs: " + content, "Saziņa: atbild uz jautājumiem", "Vārdu krājums: tēmas vārdi",
                 "Gramatika: pareizas formas", "Raitums un izruna: saprotama runa")
        return [{"id": f"c{n}", "points": 2 if n == 1 else 1, "lv": text} for n, text in enumerate(names, start=1)]

    tasks = {
        ("writing", "forms"): [{"id": "x-form", "kind": "form", "difficulty": 1, "status": "checked",
                                "prompt": {"lv": "Aizpildiet veidlapu."}, "fields": [{"id": "name", "lv": "Vārds"}, {"id": "city", "lv": "Pilsēta"}],
                                "checklist": checklist, "source": "Formāts"}],
        ("writing", "letters"): [{"id": "x-letter", "kind": "letter", "difficulty": 1, "status": "checked",
                                  "prompt": {"lv": "Uzrakstiet vēstuli."}, "min_words": 50, "max_words": 70,
                                  "model_answer": "Labdien!\n\n" + "Es mācos latviešu valodu. " * 13 + "\n\nOlga",
                                  "checklist": checklist, "source": "Formāts"}],
        ("speaking", "introduction"): [{"id": "x-intro", "kind": "introduction", "difficulty": 1, "status": "checked",
                                        "prompt": {"lv": "Pastāstiet par sevi."}, "checklist": speaking("vārds, ģimene, darbs"), "source": "Formāts"}],
        ("speaking", "situations"): [{"id": "x-situation", "kind": "situation", "difficulty": 1, "status": "checked",
                                      "prompt": {"lv": "Jūs esat pie ārsta."}, "checklist": speaking("kas sāp, kopš kura laika"), "source": "Formāts"}],
    }
    for (topic, subtopic), items in tasks.items():
        path = root / "tasks" / topic / f"{subtopic}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"topic": topic, "subtopic": subtopic, "tasks": items}, allow_unicode=True))
    return root
