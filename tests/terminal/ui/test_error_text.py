"""Every error code has a sentence in both languages, using only the params it is given.

The codes are found two ways: every `PosError` subclass's own `code` (the whole
`terminal` package imported), and every `code="..."` where an error is made in the
source, with the params given there.
"""

import ast
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import terminal
from terminal.domain.errors import InvalidInput, LimitExceeded, PosError
from terminal.ui import error_text
from terminal.ui.error_text import EN, TEXTS, ZH, Message, describe, text

ROOT = Path(terminal.__file__).parent
# Where every error made must name its code (the rest of the terminal may use its kind's).
CODED = ("domain", "services")
# Made by the UI itself: `Message("code", {...})`.
UI_MESSAGE = "Message"


def _import_all() -> None:
    for info in pkgutil.walk_packages(terminal.__path__, "terminal."):
        importlib.import_module(info.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def _error_classes() -> dict[str, type[PosError]]:
    _import_all()
    classes = {PosError, *_subclasses(PosError)}
    return {cls.__name__: cls for cls in classes if cls.__module__.startswith("terminal.")}


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _sites() -> list[tuple[str, int, str, str | None, set[str]]]:
    """(file, line, class or Message, code or None, params) for every error made."""
    names = set(_error_classes()) | {UI_MESSAGE}
    sites = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _call_name(node) in names):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            code: str | None = None
            params = {k for k in keywords if k not in ("code", None)}
            if _call_name(node) == UI_MESSAGE:
                if node.args and isinstance(node.args[0], ast.Constant):
                    code = node.args[0].value
                if len(node.args) > 1 and isinstance(node.args[1], ast.Dict):
                    params = {k.value for k in node.args[1].keys if isinstance(k, ast.Constant)}
            elif isinstance(keywords.get("code"), ast.Constant):
                code = keywords["code"].value
            rel = str(path.relative_to(ROOT))
            sites.append((rel, node.lineno, _call_name(node), code, params))
    return sites


def _class_params(cls: type) -> set[str]:
    """Params a class with its own code passes to `PosError.__init__` itself."""
    import inspect

    try:
        tree = ast.parse(inspect.getsource(cls).lstrip())
    except (OSError, TypeError):
        return set()
    return {
        k.arg
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _call_name(node) == "__init__"
        for k in node.keywords
        if k.arg and k.arg != "code"
    }


def _codes() -> dict[str, set[str]]:
    """Every code, with the params every place that uses it gives."""
    codes: dict[str, set[str]] = {}

    def given(code: str, params: set[str]) -> None:
        codes[code] = codes[code] & params if code in codes else set(params)

    for cls in _error_classes().values():
        if "code" in cls.__dict__:
            given(cls.__dict__["code"], _class_params(cls))
    for _, _, _, code, params in _sites():
        if code is not None:
            given(code, params)
    return codes


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_error_made_in_the_domain_and_services_names_its_code():
    missing = [
        f"{file}:{line} {cls}(...)"
        for file, line, cls, code, _ in _sites()
        if file.startswith(CODED) and cls != UI_MESSAGE and code is None
    ]
    assert missing == []


def test_every_code_has_both_texts_using_only_the_params_it_is_given():
    problems = []
    for code, params in sorted(_codes().items()):
        if code not in TEXTS:
            problems.append(f"{code}: no text")
            continue
        for language, template in zip((ZH, EN), TEXTS[code], strict=True):
            if not template.strip():
                problems.append(f"{code} ({language}): empty")
            unknown = _fields(template) - params
            if unknown:
                problems.append(f"{code} ({language}): {sorted(unknown)} not given")
    assert problems == []


def test_no_text_is_left_without_a_code_using_it():
    assert sorted(set(TEXTS) - set(_codes()) - {"unexpected"}) == []


_QUOTED = re.compile(r"“[^”]*”|'[^']*'|\{[^}]*\}")
_ENGLISH_SENTENCE = re.compile(r"[A-Za-z]+(?:[\s,.;:]+[A-Za-z]+){2,}")


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_chinese_texts_are_chinese_with_chinese_punctuation(code):
    zh = TEXTS[code][0]
    plain = _QUOTED.sub("", zh)
    assert re.search(r"[\u4e00-\u9fff]", plain), zh
    assert not _ENGLISH_SENTENCE.search(plain), zh
    # ASCII punctuation only inside numbers (1,000,000 and 12.50)
    assert not re.search(r"[,;:()?!](?!\d)|(?<!\d)\.", plain), zh
    assert zh.endswith("。"), zh


def test_money_params_read_as_yuan_in_both_languages():
    error = LimitExceeded(
        "over", code="topup.over_cap", cap_fen=500_000, most_fen=123_450, bonus_fen=4_000
    )
    assert describe(error, ZH) == (
        "卡内余额不能超过 ¥5,000.00；本次最多可充 ¥1,234.50，赠送 ¥40.00。"
    )
    assert describe(error, EN).startswith("The card balance may not exceed ¥5,000.00;")
    assert str(error) == "over"


def test_the_text_follows_the_language_set_when_it_is_made():
    error = InvalidInput("'{text}' is not a member card number", code="card.not_a_card", text="12")
    assert str(error) == "'12' is not a member card number"
    try:
        error_text.set_language(ZH)
        assert describe(error) == "“12”不是会员卡号。"
        error_text.set_language(EN)
        assert describe(error) == "“12” is not a member card number."
    finally:
        error_text.set_language(EN)


def test_an_error_without_a_text_of_its_own_says_what_kind_it_is():
    assert describe(InvalidInput("odd"), ZH) == TEXTS["invalid_input"][0]
    assert describe(ValueError("boom"), EN) == TEXTS["unexpected"][1]
    assert Message("member.gone").text(ZH) == "该会员已不存在。"
    assert text("no.such.code", {}, EN) == TEXTS["refused"][1]


def test_stock_refusals_in_both_languages():
    from terminal.domain.offline_policy import SpendRefused, check_offline_items

    gone = SpendRefused("x", code="headoffice.out_of_stock", item="马克杯", left=0)
    assert describe(gone, ZH) == "总部的“马克杯”仅剩 0 件（各门店共用），请减少数量或另选礼品。"
    assert describe(gone, EN).startswith("Only 0 of “马克杯” are left at head office")
    with pytest.raises(SpendRefused) as refused:
        check_offline_items(2, 2, 1, "马克杯")
    assert (
        describe(refused.value, ZH)
        == "连不上总部：下次同步前本机最多可兑换 2 件“马克杯”，还剩 0 件。"
    )
    check_offline_items(2, 1, 1, "马克杯")  # the last one of the allowance
