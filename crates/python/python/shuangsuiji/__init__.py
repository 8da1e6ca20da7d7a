"""Double random, one public (双随机、一公开) inspection plans, for analysts.

The same operations as the ``ssj`` command and the ``ssj serve`` service,
on the same documents: a request, a plan, a commitment are the dicts that
``json.load`` gives of the CLI's files, and a plan from :func:`plan_quarter`
serialised with :func:`to_json` is byte for byte the CLI's ``plan.json``.
Errors are exceptions with the CLI's messages: :class:`BadInput` (its exit
2) and :class:`Refused` (its exit 1, a domain "no").

>>> import shuangsuiji as ssj
>>> request = ssj.demo_request()
>>> plan = ssj.plan_quarter(request)
>>> plan["format"].startswith("shuangsuiji.plan/")
True
>>> ssj.verify_plan(plan, request).startswith("verified")
True
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _native
from ._native import BadInput, Refused, ShuangsuijiError

if TYPE_CHECKING:  # pandas is optional: only registry_from_frames needs it
    import pandas

__all__ = [
    "BadInput",
    "Refused",
    "ShuangsuijiError",
    "check_compliance",
    "commit",
    "compare",
    "demo_request",
    "formats",
    "localized",
    "plan_quarter",
    "prepare",
    "preset",
    "presets",
    "quarter_quotas",
    "registry_from_frames",
    "sample_county",
    "set_language",
    "simulate",
    "staffing",
    "to_json",
    "verify_log",
    "verify_plan",
]

__version__: str = _native.__version__

#: A document: a dict as ``json.load`` gives it, or its JSON text.
Document = Union[Mapping[str, Any], str, bytes]


def _text(document: Document) -> str:
    if isinstance(document, bytes):
        return document.decode("utf-8-sig")
    if isinstance(document, str):
        return document
    return json.dumps(document, ensure_ascii=False)


def _maybe(document: Optional[Document]) -> Optional[str]:
    return None if document is None else _text(document)


def to_json(document: Any) -> str:
    """A document as the CLI writes it: two-space indented JSON, UTF-8 as
    is, a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def plan_quarter(request: Document, commitment: Optional[Document] = None) -> Dict[str, Any]:
    """Draws a quarter's plan (``ssj plan``). With the commitment published
    before the seed, the request must be the one it froze.

    Raises :class:`BadInput` for a bad request, :class:`Refused` when it
    cannot be planned (the message says how many officers a unit needs)."""
    return json.loads(_native.plan_quarter(_text(request), _maybe(commitment)))


def prepare(request: Document, commitment: Optional[Document] = None) -> Dict[str, Any]:
    """The request as planning reads it: the commitment's seed rule when it
    has none, the seed normalised (``ssj plan --save-request`` writes this)."""
    return json.loads(_native.prepare(_text(request), _maybe(commitment)))


def check_compliance(plan: Document, request: Document, commitment: Optional[Document] = None) -> Dict[str, Any]:
    """Checks a plan against its request, independently of the planner
    (``ssj check``): the report, every breach listed in ``breaches``."""
    return json.loads(_native.check_compliance(_text(plan), _text(request), _maybe(commitment)))


def verify_plan(plan: Document, request: Document, commitment: Optional[Document] = None) -> str:
    """Re-draws the plan from its request and compares (``ssj verify``):
    what was verified, in words. Raises :class:`Refused` naming every
    difference."""
    return _native.verify_plan(_text(plan), _text(request), _maybe(commitment))


def verify_log(
    log: Document, request: Document, head: Optional[str] = None, commitment: Optional[Document] = None
) -> str:
    """Verifies an amendment log, against the head the bureau published
    (``"N:hash"``) when given."""
    return _native.verify_log(_text(log), _text(request), head, _maybe(commitment))


def quarter_quotas(request: Document) -> List[Dict[str, Any]]:
    """The quarter's minimum per stratum, without drawing (``ssj quotas``)."""
    return json.loads(_native.quarter_quotas(_text(request)))


def commit(
    request: Document,
    authority: str,
    date: str,
    seed_rule: Optional[Mapping[str, Any]] = None,
    outside_window: Optional[str] = None,
) -> Dict[str, Any]:
    """Freezes everything that decides the plan, before the seed exists
    (``ssj commit``). ``seed_rule``: ``{"source": "dice"|"lottery"|"other",
    "digits": N, "announced": "..."}``, unless the request has one.
    ``outside_window``: why the list is fixed outside the window its
    document sets (refused without it outside, and with it inside)."""
    return json.loads(_native.commit(_text(request), authority, date, _maybe(seed_rule), outside_window))


def staffing(request: Document, capacity: int) -> Dict[str, Any]:
    """The least number of certified, on-post officers per unit at
    ``capacity`` visits a quarter for which the year plans, found by
    planning (``ssj staffing``)."""
    return json.loads(_native.staffing(_text(request), capacity))


def simulate(
    request: Document,
    years: Optional[int] = None,
    seeds: Optional[int] = None,
    churn: Optional[Mapping[str, float]] = None,
) -> Dict[str, Any]:
    """A regime over years and seeds (``ssj simulate``). ``churn``:
    ``{"new": 0.05, "closed": 0.03, "recategorised": 0.02}`` a year. What is
    left ``None`` takes the default every front end shares (3 years, 10
    seeds, no churn)."""
    body = _body(request=_value(request), years=years, seeds=seeds, churn=churn)
    return json.loads(_native.simulate(body))


def compare(
    registry: Document,
    policies: Sequence[Union[str, Mapping[str, Any]]],
    units: Sequence[str] = (),
    quarter: Optional[str] = None,
    capacity: Optional[int] = None,
    years: Optional[int] = None,
    seeds: Optional[int] = None,
) -> List[Dict[str, Any]]:
    """Several policies on one registry side by side (``ssj compare``): each
    policy a preset's name (``"a+b"`` combines) or a policy document, as
    ``preset()`` returns or a policy file holds. What is left ``None``
    takes the default every front end shares (capacity 30, 3 years, 5
    seeds)."""
    body = _body(
        registry=_value(registry),
        policies=[p if isinstance(p, str) else _value(p) for p in policies],
        units=list(units),
        quarter=quarter,
        capacity=capacity,
        years=years,
        seeds=seeds,
    )
    return json.loads(_native.compare(body))


def _value(document: Document) -> Any:
    """A document as a JSON value (text is parsed, a BOM or none; text that
    is not JSON is ``BadInput``, as every function refuses it)."""
    if not isinstance(document, (str, bytes)):
        return document
    text = document.decode("utf-8-sig") if isinstance(document, bytes) else document.lstrip("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BadInput(f"the document is not JSON: {e}") from None


def _body(**members: Any) -> str:
    """An operation's body: the members given, the ``None`` ones left out
    for the shared defaults."""
    return to_json({k: v for k, v in members.items() if v is not None})


def set_language(lang: str) -> None:
    """The language of every exception's message from now on: ``"zh"``
    (or ``"zh-CN"``) for Chinese, ``"en"`` for English (the default) —
    the words of ``ssj --lang zh`` and of the service's ``Accept-Language``,
    from one catalogue."""
    _native.set_language(lang)


def localized(message: str, lang: str = "zh") -> str:
    """A message of this package (an exception's text, a note) in ``lang``."""
    return _native.localized(message, lang)


def presets() -> List[Dict[str, Any]]:
    """The built-in presets (``ssj rules``)."""
    return json.loads(_native.presets())


def preset(name: str) -> Dict[str, Any]:
    """One preset, every number with its clause; ``"a+b"`` combines a base
    and modifiers (``ssj rules NAME``)."""
    return json.loads(_native.preset(name))


def demo_request() -> Dict[str, Any]:
    """The demo: a synthetic prefecture (modelled on Changji; not real
    companies), ``changji-county``, 2023Q1, the demo seed."""
    return json.loads(_native.demo_request())


def sample_county(key: int, special: int, general: int, officers: int) -> Dict[str, Any]:
    """A synthetic registry of one county (``changji/hutubi``), as the
    cookbook's ``sample::county``."""
    return json.loads(_native.sample_county(key, special, general, officers))


def registry_from_frames(
    jurisdictions: Optional["pandas.DataFrame"],
    objects: "pandas.DataFrame",
    inspectors: "pandas.DataFrame",
    bureau: Optional[str] = None,
) -> Dict[str, Any]:
    """A registry from three DataFrames with the columns of the CSV files
    (``docs/registry-format.md``; English or Chinese headers), validated as
    the CLI validates ``--registry dir/``: errors name the table, row and
    column. A county clerk's two libraries need no jurisdiction table: give
    ``None`` for it and the bureau (``bureau="呼图壁县"``, or
    ``"昌吉州:prefecture"``), and the tree is made as ``ssj --bureau``
    makes it."""
    frames = {"objects": objects, "inspectors": inspectors}
    if jurisdictions is not None:
        frames = {"jurisdictions": jurisdictions, **frames}
    for table, frame in frames.items():
        _no_long_numbers(table, frame)
    texts = {table: _whole_numbers(frame).to_csv(index=False) for table, frame in frames.items()}
    return json.loads(
        _native.registry_from_csv(texts.get("jurisdictions"), texts["objects"], texts["inspectors"], bureau)
    )


def _no_long_numbers(table: str, frame: "pandas.DataFrame") -> None:
    """A code Excel stored as a number (an 18-digit credit code in a cell
    of the "General" format) reaches pandas as a number with 15 digits
    kept: refused, as the CLI refuses it, with the fix. No count a
    registry holds reaches 10^15."""
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind not in "iuf":
            continue
        long = column[column.abs() >= 1e15]
        if len(long):
            position = frame.index.get_loc(long.index[0])
            raise BadInput(
                f"{table}:{position + 2}, column `{name}`: the number {long.iloc[0]:.0f} has only its first 15 digits: "
                "a spreadsheet stored the code as a number; set the column's format to 文本 (Text) in Excel or WPS, "
                "type or paste the codes again, and save again (or read the column as text: dtype=str)"
            )


def _whole_numbers(frame: "pandas.DataFrame") -> "pandas.DataFrame":
    """pandas stores an integer column with a missing value as floats
    (``12.0``), which the readers refuse as counts; such a column, when
    every value is whole, goes back to integers (missing stays blank)."""
    frame = frame.copy()
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind == "f" and bool(((column.dropna() % 1) == 0).all()):
            frame[name] = column.astype("Int64")
    return frame


def formats() -> List[str]:
    """The format versions this build reads and writes."""
    return list(_native.formats())
