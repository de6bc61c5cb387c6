"""The list of common passwords refused at sign-up and password change.

`common-passwords.txt.gz` is the list Django ships (django/contrib/auth, BSD licence): 20,000
common passwords by Royce Williams, lower-cased. `common-passwords-local.txt` adds words people
here are likely to choose (places of the programme, the course, Latvian and Russian words)."""
import gzip
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(HERE / "common-passwords.txt.gz", "rt", encoding="utf-8") as f:
        words = {line.strip() for line in f}
    local = (HERE / "common-passwords-local.txt").read_text(encoding="utf-8").splitlines()
    words |= {w.strip().casefold() for w in local if w.strip() and not w.startswith("#")}
    return frozenset(w for w in words if w)
