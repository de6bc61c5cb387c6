"""An imported file's version of a question the bank already has, read as an edit of it."""

TRANSLATED = ("text", "explanation")
NOT_EXCHANGED = ("articles", "source_url", "passage_id", "review_by")


def merged_with(current: dict, imported: dict, language: str) -> dict:
    """An imported version of a question the bank has, read as an edit of it in `language`:
    - choices keep their ids when the file has the same choices by text (Moodle and GIFT matching
      questions have no ids, so the reader numbers the right-hand column anew);
    - the other languages' translations are kept where the text in `language` is unchanged
      (GIFT holds one language), and dropped where it changed: they would no longer be right;
    - the Satversme articles, source link, passage and check-by date, which the formats do not
      carry, stay as they are."""
    merged = dict(imported)
    for key in NOT_EXCHANGED:  # what neither format carries stays as the bank has it
        if not merged.get(key):
            merged[key] = current.get(key)
    for key in ("options", "prompts"):
        merged[key], renamed = _same_choices(current.get(key) or [], imported.get(key) or [], language)
        if key == "options" and renamed and merged.get("type") in ("single", "multiple", "matching"):
            merged["answer"] = _renamed_answer(merged["type"], merged.get("answer"), renamed)
    for key in TRANSLATED:
        merged[key] = _kept_translations(current.get(key) or {}, imported.get(key) or {}, language)
    return merged


def _same_choices(current: list, imported: list, language: str) -> tuple[list, dict]:
    by_text = {c.get(language): c for c in current}
    if len(current) != len(imported) or any(c.get(language) not in by_text for c in imported):
        return imported, {}
    renamed = {c["id"]: by_text[c.get(language)]["id"] for c in imported}
    merged = {renamed[c["id"]]: {**_kept_translations(by_text[c.get(language)], c, language), "id": renamed[c["id"]]}
              for c in imported}
    return [merged[c["id"]] for c in current], renamed  # in the bank's order


def _renamed_answer(question_type: str, answer, renamed: dict):
    if question_type == "single":
        return renamed.get(answer, answer)
    if question_type == "multiple":
        return sorted(renamed.get(a, a) for a in answer or [])
    return {prompt: renamed.get(option, option) for prompt, option in (answer or {}).items()}


def _kept_translations(current: dict, imported: dict, language: str) -> dict:
    if imported.get(language) != current.get(language) or set(imported) - {"id", language}:
        return imported  # changed, or the file carries the other languages itself
    return {**{k: v for k, v in current.items() if k != "id"}, **imported}
