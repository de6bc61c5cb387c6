"""Time-based one-time codes (TOTP, RFC 6238) for staff sign-in, with pyotp. A code is valid in its
30-second step and one step either side (phone clocks drift), and only once: the last step used is
stored, so a code seen over someone's shoulder cannot be used again."""
import hmac
import time

import pyotp
import segno

ISSUER = "LSK Learn"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI (the Content-Security-Policy allows data: images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """"JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP", easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def matching_step(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The time step the code belongs to, if it is valid and newer than the last one used."""
    code = "".join(ch for ch in code if ch in "0123456789")  # not isdigit(): "²" is a digit to it
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // totp.interval)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None
