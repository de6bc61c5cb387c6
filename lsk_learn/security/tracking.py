"""What changed in a person's details, for the audit log: field names only, never the values.
Takes the account and the participant profile as they are (no model imports), so the features
that edit details use it without depending on privacy."""


def details_snapshot(person, profile) -> dict:
    """The audited details of a person (their User) and their LearnerProfile."""
    return {"name": person.display_name, "email": person.email, "birth_year": profile.birth_year,
            "municipality": profile.municipality_id, "target_groups": sorted(profile.target_groups),
            "main_language": profile.main_language, "phone": profile.phone, "consent": profile.consent_at is not None}


def changed_fields(before: dict, after: dict) -> list[str]:
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
