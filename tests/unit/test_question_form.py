"""The question editor's form (domain/question_form.py): what a teacher typed, read and shown back."""
from lsk_learn.domain.question_form import form_values, read_question_form

TOPICS = {"satversme": {"ch2-saeima"}, "history": {"interwar"}}


def _form(**fields) -> dict:
    base = {"type": ["single"], "topic": ["satversme/ch2-saeima"], "difficulty": ["1"],
            "text-lv": ["  Cik deputātu ir Saeimā? "], "text-ru": ["Сколько депутатов в Сейме?"],
            "option-a-lv": ["100"], "option-a-ru": ["100"], "option-b-lv": ["120"], "option-c-lv": ["150"],
            "correct": ["a"], "source": ["Latvijas Republikas Satversme, 5. pants"], "articles": ["5"]}
    return {**base, **{k.replace("_", "-") if k.startswith(("text_", "option_", "prompt_", "match_")) else k: v
                       for k, v in fields.items()}}


def test_a_single_choice_question_is_read_with_its_blank_rows_left_out():
    content, problems = read_question_form(_form(), TOPICS)
    assert problems == {}
    assert content["text"] == {"lv": "Cik deputātu ir Saeimā?", "ru": "Сколько депутатов в Сейме?"}
    assert [o["id"] for o in content["options"]] == ["a", "b", "c"] and content["answer"] == "a"
    assert (content["topic_id"], content["subtopic"], content["articles"]) == ("satversme", "ch2-saeima", [5])


def test_each_problem_is_named_by_its_field():
    _content, problems = read_question_form(_form(**{"text-lv": [""], "correct": ["a", "b"], "topic": ["x/y"],
                                                     "articles": ["5. pants"], "review_by": ["31.12.2027"]}), TOPICS)
    assert problems == {"text-lv": "required", "correct": "one_key", "topic": "bad_topic",
                        "articles": "articles_numbers", "review_by": "not_a_date"}
    for articles in ("12345²", "9" * 5000, "5, x"):
        assert read_question_form(_form(articles=[articles]), TOPICS)[1] == {"articles": "articles_numbers"}
    _content, problems = read_question_form(_form(correct=["f"]), TOPICS)
    assert problems == {"correct": "key_blank_option"}


def test_every_type_survives_being_shown_back_in_the_form():
    forms = [
        _form(type=["multiple"], correct=["a", "c"]),
        _form(type=["true_false"], truth=["false"]),
        _form(type=["matching"], **{"prompt-1-lv": ["galds"], "prompt-2-lv": ["māja"], "match-1": ["b"], "match-2": ["a"]}),
        _form(type=["short_text"], accepted=["1918\n 1918. gadā \n\n"]),
        _form(review_by=["2027-06-30"]),
    ]
    for form in forms:
        content, problems = read_question_form(form, TOPICS)
        assert problems == {}, (form["type"], problems)
        again, _problems = read_question_form(form_values(content), TOPICS)
        assert again == content
    content, _problems = read_question_form(forms[3], TOPICS)
    assert content["answer"] == ["1918", "1918. gadā"] and content["options"] == []
