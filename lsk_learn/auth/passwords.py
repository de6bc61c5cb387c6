"""Temporary passwords that are easy to read from paper and type on an old phone."""
import secrets

# no 0/O, 1/l/I: these get mixed up on printed sign-in cards
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password(length: int = 10) -> str:
    """A random password in two halves joined by '-', e.g. 'kf7m2-x9qpa'."""
    half = length // 2
    chars = [secrets.choice(_ALPHABET) for _ in range(length)]
    return "".join(chars[:half]) + "-" + "".join(chars[half:])
