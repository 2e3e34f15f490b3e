"""Head office's settings: a TOML file (`pos-headoffice --config FILE`, or
`$POS_HO_CONFIG`), every setting optional with a default fit for a chain of a few dozen
stores. Unknown names and wrong types are refused at start, never ignored.

    [trust]
    lookups_per_minute = 30          # member look-ups a terminal may make in a minute
    flag_lookups_per_day = 300       # more look-ups by one terminal in a day raise a flag
    flag_topups_fen_per_day = 5000000    # ¥50,000 of top-ups by one terminal in a day
    flag_member_changes_per_day = 20 # changes of members' details by one terminal a day

    [limits]
    signup_per_token_per_minute = 10 # sign-up page submissions with one QR code
    signup_per_ip_per_minute = 20    # ... from one address (a shop's Wi-Fi is one address)
    wrong_codes_per_ip_per_hour = 10 # wrong enrolment codes from one address
"""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from headoffice.errors import HeadOfficeError

ENV_CONFIG = "POS_HO_CONFIG"


@dataclass(frozen=True)
class Trust:
    """How far head office lets a terminal go before it refuses or tells its staff."""

    lookups_per_minute: int = 30
    flag_lookups_per_day: int = 300
    flag_topups_fen_per_day: int = 5_000_000
    flag_member_changes_per_day: int = 20


@dataclass(frozen=True)
class Limits:
    """How often anyone may knock on head office's public doors (the sign-up page and
    enrolment), so a guesser gets nowhere before a person would notice."""

    signup_per_token_per_minute: int = 10
    signup_per_ip_per_minute: int = 20
    wrong_codes_per_ip_per_hour: int = 10


@dataclass(frozen=True)
class Config:
    trust: Trust = field(default_factory=Trust)
    limits: Limits = field(default_factory=Limits)


def _section(cls: type, name: str, values: Any) -> Any:
    if not isinstance(values, dict):
        raise HeadOfficeError(f"[{name}] in the head-office config must be a table")
    known = {f.name for f in fields(cls)}
    for key, value in values.items():
        if key not in known:
            raise HeadOfficeError(f"unknown setting '{key}' in [{name}] of the head-office config")
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise HeadOfficeError(f"'{key}' in [{name}] must be a whole number of at least 1")
    return replace(cls(), **values)


def parse(text: str, where: str = "the head-office config") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HeadOfficeError(f"{where} is not valid TOML: {exc}") from None
    for name in data:
        if name not in ("trust", "limits"):
            raise HeadOfficeError(f"unknown section [{name}] in {where}")
    return Config(
        trust=_section(Trust, "trust", data.get("trust", {})),
        limits=_section(Limits, "limits", data.get("limits", {})),
    )


def load(path: str | Path | None = None) -> Config:
    """The settings of `path`, else of `$POS_HO_CONFIG`, else the defaults."""
    path = path or os.environ.get(ENV_CONFIG)
    if not path:
        return Config()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise HeadOfficeError(f"cannot read the head-office config {path}: {exc}") from None
    return parse(text, str(path))
