"""Which passwords a person may choose (OWASP ASVS 4.0 V2.1): at least 12 characters, at most 128,
any characters (spaces and passphrases welcome), no composition rules, and not a common password.

"Common" means in the shipped list, or a list entry with digits or symbols stuck on either end
("password1234", "!!qwertyuiop"), a short piece repeated ("abcabcabcabc"), one digit run
("123456789012"), or the person's own user name. The list is a set of lower-case strings."""
import re

MIN_LENGTH = 12
MAX_LENGTH = 128
_EDGES = re.compile(r"^[\d\W_]+|[\d\W_]+$")
_DIGIT_RUNS = "0123456789" * 4 + " " + "9876543210" * 4  # any run up to 40 digits, either way


def password_problem(password: str, username: str, common: frozenset[str]) -> str | None:
    """None if the password may be used, else a code: too_short | too_long | common | user_name."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    lowered = password.casefold()
    name = username.strip().casefold()
    if name and (lowered == name or _core(lowered) == name or name in lowered and len(name) >= len(lowered) / 2):
        return "user_name"
    if _looks_common(lowered, common):
        return "common"
    return None


def _core(lowered: str) -> str:
    return _EDGES.sub("", lowered)


def _looks_common(lowered: str, common: frozenset[str]) -> bool:
    compact = re.sub(r"\s+", "", lowered)
    if lowered in common or compact in common or _core(lowered) in common or _core(compact) in common:
        return True
    if len(set(compact)) <= 3:  # "111111111111", "abababababab"
        return True
    if compact.isdigit() and compact in _DIGIT_RUNS:
        return True
    for size in range(1, len(compact) // 2 + 1):  # a short piece repeated: "qwe123qwe123"
        if len(compact) % size == 0 and compact[:size] * (len(compact) // size) == compact:
            return True
    return False
