"""TQL, the TimeZest Query Language: a small typed builder, and a parser.

Callers never paste filter strings: they take an :class:`Attribute` from one of
the catalogues below (:class:`SchedulingRequestFields`, :class:`AgentFields`,
...), call an operator method on it to get a :class:`Predicate`, and join
predicates with ``&`` into a :class:`Filter`::

    from hsconsole.api import tql
    f = tql.SchedulingRequestFields.END_USER_EMAIL.eq("pat@example.com") & (
        tql.SchedulingRequestFields.CREATED_AT.gte(since)
    )
    f.to_tql()
    # 'scheduling_request.end_user_email~EQ~pat@example.com~AND~scheduling_request.created_at~GTE~1772409600'

:func:`parse` reads a filter string back into the same predicates; the
simulator uses it, so ``parse(f.to_tql()) == f`` for every filter the builder
can make. Anything the grammar cannot express is a :class:`ValueError` with a
plain reason, in the builder as in the parser.

The grammar, after ``../shared/integrations/timezest.md`` section 3 (tags as there):

* A predicate is ``attribute OPERATOR value``; the three parts are separated
  by one or more spaces **or** ``~`` (DOC). Predicates are joined by ``AND``
  (DOC). There is no ``OR`` (CODE-obs): use ``IN``.
* The builder always writes the ``~`` form with ``~AND~`` between predicates:
  with spaces as separators the live API reads the value to the end of the
  string, so ``a EQ x AND b EQ y`` fails (CODE-obs).
* Attributes are ``object.property`` with the **singular** object prefix
  every working client uses (CODE). The parser also accepts the docs' plural
  prefixes (``scheduling_requests.``, DOC intro) and reads them as singular.
* Operators: ``EQ NOT_EQ LIKE NOT_LIKE IN NOT_IN`` (DOC), ``GT GTE LT LTE``
  (GTE/LTE DOC, GT/LT CODE).
* ``IN``/``NOT_IN`` take a comma-separated list without spaces (CODE).
* A value containing a space (any whitespace, here), a comma, ``~``, ``"`` or
  ``\\`` is wrapped in double quotes with ``\\"`` and ``\\\\`` escapes (INF, PNC's
  builder); in a list each item is quoted on its own. Other values are bare.

Choices where the fact sheet is silent (also listed in ``sim/timezest/TIMEZEST.md``):

* **Operators per attribute type** (the docs' section was not readable). Each
  attribute has a :class:`Kind`: text (``EQ NOT_EQ LIKE NOT_LIKE IN NOT_IN``,
  the documented set for resources), keyword: ids, statuses, roles, ticket
  numbers (``EQ NOT_EQ IN NOT_IN``), number (keyword's plus ``GT GTE LT
  LTE``), time (``EQ NOT_EQ GT GTE LT LTE``) and boolean (``EQ NOT_EQ``).
* **Values per type**: a time is epoch seconds (CODE; an aware ``datetime``
  is converted, floored to the second; a naive one is refused) or a
  ``YYYY-MM-DD`` date (DOC); a number is an integer; a boolean is
  ``true``/``false`` (DOC example; the parser also reads other cases and
  writes them lower-case). Empty values are refused (all three parts are
  required), and so are control characters and text that is not valid UTF-8.
* ``AND`` and the operators are upper-case only; attributes lower-case.
* With ``~`` separators a bare value runs to the next ``~`` (it may contain
  spaces, though the builder quotes them); with space separators the value is
  the rest of the string (the live API's behaviour above): a single quoted
  string, a list, or the raw rest.
* Attributes the sheet lists are the only ones accepted; the docs' ``agent_id``
  / ``team_id`` are refused (the API accepts ``agent`` / ``team``, CODE-obs).
* **Dates instead of epoch seconds.** The docs' examples compare times with
  dates only; epoch seconds come from clients. For a server that takes dates
  only, :func:`widen_to_dates` rewrites each epoch bound as whole UTC days
  that cover it whichever way the server reads a date (its midnight, or the
  whole day), and :func:`time_holds` checks the exact bound on each item.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar


class Op(enum.StrEnum):
    """A TQL comparison operator (there is no OR)."""

    EQ = "EQ"
    NOT_EQ = "NOT_EQ"
    LIKE = "LIKE"
    NOT_LIKE = "NOT_LIKE"
    IN = "IN"
    NOT_IN = "NOT_IN"
    GT = "GT"
    GTE = "GTE"
    LT = "LT"
    LTE = "LTE"

    @property
    def takes_list(self) -> bool:
        return self in (Op.IN, Op.NOT_IN)


class Kind(enum.Enum):
    """What an attribute holds, which decides its operators and values."""

    TEXT = "text"
    KEYWORD = "keyword"
    NUMBER = "number"
    TIME = "time"
    BOOL = "bool"


_ORDER = (Op.GT, Op.GTE, Op.LT, Op.LTE)
OPERATORS: dict[Kind, frozenset[Op]] = {
    Kind.TEXT: frozenset((Op.EQ, Op.NOT_EQ, Op.LIKE, Op.NOT_LIKE, Op.IN, Op.NOT_IN)),
    Kind.KEYWORD: frozenset((Op.EQ, Op.NOT_EQ, Op.IN, Op.NOT_IN)),
    Kind.NUMBER: frozenset((Op.EQ, Op.NOT_EQ, Op.IN, Op.NOT_IN, *_ORDER)),
    Kind.TIME: frozenset((Op.EQ, Op.NOT_EQ, *_ORDER)),
    Kind.BOOL: frozenset((Op.EQ, Op.NOT_EQ)),
}
"""The operators each kind of attribute takes (a choice: see the module notes)."""

_QUOTE_TRIGGERS = frozenset(' ,~"\\')
_INTEGER = re.compile(r"-?\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME = re.compile(r"[a-z][a-z0-9_]*")


def needs_quotes(value: str) -> bool:
    """True when ``value`` must be written as a quoted string."""
    return any(ch in _QUOTE_TRIGGERS or ch.isspace() for ch in value)


def quote(value: str) -> str:
    """``value`` as a TQL value token: bare when it may be, else quoted with escapes."""
    if not needs_quotes(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_text(value: str, where: str) -> str:
    if value == "":
        raise ValueError(f"{where}: a value cannot be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{where}: the value is not valid Unicode text") from None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        raise ValueError(f"{where}: the value contains a control character")
    if any(ch in "\n\r" for ch in value):
        raise ValueError(f"{where}: the value contains a line break")
    return value


def _canonical(kind: Kind, value: Any, where: str) -> str:
    """One value as its canonical TQL text for ``kind`` (ValueError when it cannot be)."""
    if isinstance(value, enum.Enum):
        value = value.value
    if kind is Kind.BOOL:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower()
        raise ValueError(f"{where} takes true or false")
    if isinstance(value, bool):
        raise ValueError(f"{where} does not take a boolean")
    if kind is Kind.TIME:
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"{where} needs an aware datetime (with a UTC offset)")
            return str(math.floor(value.timestamp()))
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            if _INTEGER.fullmatch(value):
                return str(int(value))
            if _ISO_DATE.fullmatch(value):
                try:
                    return date.fromisoformat(value).isoformat()
                except ValueError:
                    pass
        raise ValueError(f"{where} takes epoch seconds or a YYYY-MM-DD date")
    if kind is Kind.NUMBER:
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and _INTEGER.fullmatch(value):
            return str(int(value))
        raise ValueError(f"{where} takes an integer")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"{where} takes text, not {type(value).__name__}")
    return _check_text(value, where)


@dataclass(frozen=True)
class Attribute:
    """``object.name``, a filterable attribute of one TimeZest object, with its kind."""

    object: str
    name: str
    kind: Kind

    @property
    def path(self) -> str:
        return f"{self.object}.{self.name}"

    def __str__(self) -> str:
        return self.path

    def where(self, op: Op | str, value: Any) -> Predicate:
        """The predicate ``self op value``; ``value`` is a list for IN/NOT_IN."""
        operator = Op(op) if not isinstance(op, Op) else op
        if operator.takes_list:
            if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
                raise ValueError(f"{self.path} {operator} takes a list of values")
            items = tuple(_canonical(self.kind, item, self.path) for item in value)
            return Predicate(self, operator, items)
        if not isinstance(value, (str, bytes)) and isinstance(value, Iterable):
            raise ValueError(f"{self.path} {operator} takes one value, not a list")
        return Predicate(self, operator, _canonical(self.kind, value, self.path))

    def eq(self, value: Any) -> Predicate:
        return self.where(Op.EQ, value)

    def not_eq(self, value: Any) -> Predicate:
        return self.where(Op.NOT_EQ, value)

    def like(self, value: Any) -> Predicate:
        """Contains ``value`` (the sheet: substring match; case-sensitivity unknown)."""
        return self.where(Op.LIKE, value)

    def not_like(self, value: Any) -> Predicate:
        return self.where(Op.NOT_LIKE, value)

    def in_(self, values: Iterable[Any]) -> Predicate:
        return self.where(Op.IN, values)

    def not_in(self, values: Iterable[Any]) -> Predicate:
        return self.where(Op.NOT_IN, values)

    def gt(self, value: Any) -> Predicate:
        return self.where(Op.GT, value)

    def gte(self, value: Any) -> Predicate:
        return self.where(Op.GTE, value)

    def lt(self, value: Any) -> Predicate:
        return self.where(Op.LT, value)

    def lte(self, value: Any) -> Predicate:
        return self.where(Op.LTE, value)


@dataclass(frozen=True)
class Predicate:
    """One ``attribute OPERATOR value``, with the value(s) in canonical text form.

    ``value`` is a ``str`` for scalar operators and a non-empty ``tuple[str, ...]``
    for ``IN``/``NOT_IN``. Construction checks everything the grammar needs.
    """

    attribute: Attribute
    op: Op
    value: str | tuple[str, ...]

    def __post_init__(self) -> None:
        attr, op = self.attribute, self.op
        if op not in OPERATORS[attr.kind]:
            allowed = " ".join(o.value for o in Op if o in OPERATORS[attr.kind])
            raise ValueError(f"{attr.path} does not take {op.value} (it takes {allowed})")
        if op.takes_list:
            if not isinstance(self.value, tuple):
                raise ValueError(f"{attr.path} {op.value} takes a list of values")
            if not self.value:
                raise ValueError(f"{attr.path} {op.value} needs at least one value")
            canonical: str | tuple[str, ...] = tuple(_canonical(attr.kind, v, attr.path) for v in self.value)
        else:
            if not isinstance(self.value, str):
                raise ValueError(f"{attr.path} {op.value} takes one value")
            canonical = _canonical(attr.kind, self.value, attr.path)
        object.__setattr__(self, "value", canonical)

    @property
    def values(self) -> tuple[str, ...]:
        """The value(s) as a tuple, whatever the operator."""
        return self.value if isinstance(self.value, tuple) else (self.value,)

    def to_tql(self) -> str:
        text = ",".join(quote(v) for v in self.values)
        return f"{self.attribute.path}~{self.op.value}~{text}"

    def __str__(self) -> str:
        return self.to_tql()

    def __and__(self, other: Predicate | Filter) -> Filter:
        return Filter((self,)) & other


@dataclass(frozen=True)
class Filter:
    """Predicates joined by AND, all on one object (a list endpoint filters its own)."""

    predicates: tuple[Predicate, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "predicates", tuple(self.predicates))
        if not self.predicates:
            raise ValueError("a filter needs at least one predicate")
        objects = {p.attribute.object for p in self.predicates}
        if len(objects) > 1:
            raise ValueError(f"one filter cannot mix objects ({', '.join(sorted(objects))})")

    @property
    def object(self) -> str:
        """The object every predicate is about (``"scheduling_request"``...)."""
        return self.predicates[0].attribute.object

    def to_tql(self) -> str:
        """The filter in the ``~`` form, ready for the ``filter`` query parameter."""
        return "~AND~".join(p.to_tql() for p in self.predicates)

    def __str__(self) -> str:
        return self.to_tql()

    def __iter__(self) -> Iterator[Predicate]:
        return iter(self.predicates)

    def __len__(self) -> int:
        return len(self.predicates)

    def __and__(self, other: Predicate | Filter) -> Filter:
        if isinstance(other, Predicate):
            return Filter((*self.predicates, other))
        if isinstance(other, Filter):
            return Filter((*self.predicates, *other.predicates))
        return NotImplemented


def where(*predicates: Predicate | Filter) -> Filter:
    """All of ``predicates`` (AND)."""
    flat: list[Predicate] = []
    for item in predicates:
        flat.extend(item.predicates if isinstance(item, Filter) else (item,))
    return Filter(tuple(flat))


# ---------------------------------------------------------------- the attribute catalogues


class _Fields:
    OBJECT: ClassVar[str]

    @classmethod
    def all(cls) -> dict[str, Attribute]:
        return {v.name: v for v in vars(cls).values() if isinstance(v, Attribute)}


class AgentFields(_Fields):
    """``agent.*`` for ``GET /v1/agents`` (INF: PNC's list)."""

    OBJECT = "agent"
    NAME = Attribute("agent", "name", Kind.TEXT)
    EMAIL = Attribute("agent", "email", Kind.TEXT)
    ROLE = Attribute("agent", "role", Kind.KEYWORD)
    SCHEDULABLE = Attribute("agent", "schedulable", Kind.BOOL)
    TWO_FACTOR_ENABLED = Attribute("agent", "two_factor_enabled", Kind.BOOL)
    URL_SLUG = Attribute("agent", "url_slug", Kind.TEXT)
    CREATED_AT = Attribute("agent", "created_at", Kind.TIME)


class TeamFields(_Fields):
    """``team.*`` for ``GET /v1/teams`` (INF: PNC's list)."""

    OBJECT = "team"
    INTERNAL_NAME = Attribute("team", "internal_name", Kind.TEXT)
    EXTERNAL_NAME = Attribute("team", "external_name", Kind.TEXT)
    URL_SLUG = Attribute("team", "url_slug", Kind.TEXT)


class ResourceFields(_Fields):
    """``resource.*`` for ``GET /v1/resources`` (DOC)."""

    OBJECT = "resource"
    INTERNAL_NAME = Attribute("resource", "internal_name", Kind.TEXT)
    """An agent's ``name`` or a team's ``internal_name``."""
    EXTERNAL_NAME = Attribute("resource", "external_name", Kind.TEXT)
    """An agent's ``name`` or a team's ``external_name``."""
    URL_SLUG = Attribute("resource", "url_slug", Kind.TEXT)


class AppointmentTypeFields(_Fields):
    """``appointment_type.*`` for ``GET /v1/appointment_types`` (INF: PNC's list)."""

    OBJECT = "appointment_type"
    INTERNAL_NAME = Attribute("appointment_type", "internal_name", Kind.TEXT)
    EXTERNAL_NAME = Attribute("appointment_type", "external_name", Kind.TEXT)
    DURATION_MINS = Attribute("appointment_type", "duration_mins", Kind.NUMBER)
    URL_SLUG = Attribute("appointment_type", "url_slug", Kind.TEXT)


def _sr(name: str, kind: Kind) -> Attribute:
    return Attribute("scheduling_request", name, kind)


class SchedulingRequestFields(_Fields):
    """``scheduling_request.*`` for ``GET /v1/scheduling_requests`` (INF: docs + observed, PNC)."""

    OBJECT = "scheduling_request"
    END_USER_NAME = _sr("end_user_name", Kind.TEXT)
    END_USER_EMAIL = _sr("end_user_email", Kind.TEXT)
    STATUS = _sr("status", Kind.KEYWORD)
    SELECTED_START_TIME = _sr("selected_start_time", Kind.TIME)
    SCHEDULED_AT = _sr("scheduled_at", Kind.TIME)
    CREATED_AT = _sr("created_at", Kind.TIME)
    APPOINTMENT_TYPE_ID = _sr("appointment_type_id", Kind.KEYWORD)
    AGENT = _sr("agent", Kind.KEYWORD)
    """Compared with an agent id (``agnt_…``); the docs' ``agent_id`` is refused."""
    TEAM = _sr("team", Kind.KEYWORD)
    """Compared with a team id (``team_…``)."""
    AUTOTASK_COMPANY_ID = _sr("autotask_company_id", Kind.NUMBER)
    AUTOTASK_CONTACT_ID = _sr("autotask_contact_id", Kind.NUMBER)
    AUTOTASK_TICKET_NUMBER = _sr("autotask_ticket_number", Kind.KEYWORD)
    CONNECTWISE_PSA_COMPANY_ID = _sr("connectwise_psa_company_id", Kind.NUMBER)
    CONNECTWISE_PSA_CONTACT_ID = _sr("connectwise_psa_contact_id", Kind.NUMBER)
    CONNECTWISE_PSA_TICKET_NUMBER = _sr("connectwise_psa_ticket_number", Kind.KEYWORD)
    CONNECTWISE_PSA_PROJECT_TICKET_NUMBER = _sr("connectwise_psa_project_ticket_number", Kind.KEYWORD)
    CONNECTWISE_PSA_SERVICE_TICKET_NUMBER = _sr("connectwise_psa_service_ticket_number", Kind.KEYWORD)
    HALO_PSA_CLIENT_ID = _sr("halo_psa_client_id", Kind.NUMBER)
    HALO_PSA_USER_ID = _sr("halo_psa_user_id", Kind.NUMBER)
    HALO_PSA_TICKET_NUMBER = _sr("halo_psa_ticket_number", Kind.KEYWORD)
    SERVICE_NOW_TASK_NUMBER = _sr("service_now_task_number", Kind.KEYWORD)
    SERVICE_NOW_TASK_ID = _sr("service_now_task_id", Kind.KEYWORD)
    SERVICE_NOW_CONTACT_ID = _sr("service_now_contact_id", Kind.KEYWORD)


CATALOGUE: dict[str, dict[str, Attribute]] = {
    fields.OBJECT: fields.all()
    for fields in (AgentFields, TeamFields, ResourceFields, AppointmentTypeFields, SchedulingRequestFields)
}
"""object → attribute name → :class:`Attribute`: everything a filter may name."""

PLURALS: dict[str, str] = {f"{name}s": name for name in CATALOGUE}
"""The docs' plural prefixes (``scheduling_requests.``), read as the singular ones."""


def attribute(path: str) -> Attribute:
    """The :class:`Attribute` for ``object.name`` (plural prefixes accepted); ValueError when unknown."""
    object_name, dot, name = path.partition(".")
    if not dot or not _NAME.fullmatch(object_name) or not _NAME.fullmatch(name):
        raise ValueError(f"{path!r} is not an object.property attribute")
    object_name = PLURALS.get(object_name, object_name)
    known = CATALOGUE.get(object_name)
    if known is None:
        raise ValueError(f"unknown object {object_name!r}")
    found = known.get(name)
    if found is None:
        raise ValueError(f"unknown attribute {object_name}.{name}")
    return found


# ---------------------------------------------------------------- the parser


class _Reader:
    """A cursor over a filter string, with the small steps of the grammar."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def fail(self, reason: str) -> ValueError:
        return ValueError(f"bad filter at character {self.pos + 1}: {reason}")

    def bare(self, what: str) -> str:
        """A token up to the next separator (space or ``~``)."""
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in " ~":
            self.pos += 1
        if self.pos == start:
            raise self.fail(f"expected {what}")
        return self.text[start : self.pos]

    def separator(self, after: str) -> str:
        """``~`` or a run of spaces; returns which (``"~"`` or ``" "``)."""
        if self.pos < len(self.text) and self.text[self.pos] == "~":
            self.pos += 1
            return "~"
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1
        if self.pos == start:
            raise self.fail(f"expected a space or ~ after {after}")
        return " "

    def quoted(self) -> str:
        """A double-quoted string with ``\\"`` and ``\\\\`` escapes (the cursor is on the quote)."""
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == '"':
                self.pos += 1
                return "".join(out)
            if ch == "\\":
                if self.pos + 1 >= len(self.text) or self.text[self.pos + 1] not in '"\\':
                    raise self.fail('a backslash in a quoted value escapes only " or \\')
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            out.append(ch)
            self.pos += 1
        raise self.fail("a quoted value is not closed")

    def item(self, *, stops: str, list_op: bool) -> str:
        """One value item: quoted, or bare up to a stop character (or the end)."""
        if self.pos < len(self.text) and self.text[self.pos] == '"':
            return self.quoted()
        start = self.pos
        stop_chars = stops + ("," if list_op else "")
        while self.pos < len(self.text) and self.text[self.pos] not in stop_chars:
            if self.text[self.pos] in '"\\':
                raise self.fail('" and \\ may appear only inside a quoted value')
            self.pos += 1
        if self.pos == start:
            raise self.fail("expected a value")
        return self.text[start : self.pos]

    def value(self, op: Op, *, stops: str) -> str | tuple[str, ...]:
        if not op.takes_list:
            return self.item(stops=stops, list_op=False)
        items = [self.item(stops=stops, list_op=True)]
        while self.pos < len(self.text) and self.text[self.pos] == ",":
            self.pos += 1
            items.append(self.item(stops=stops, list_op=True))
        return tuple(items)


def parse(text: str) -> Filter:
    """Read a TQL filter string into predicates; ValueError (with the reason) when it is not valid TQL."""
    if not isinstance(text, str):
        raise ValueError("a filter is text")
    if text == "":
        raise ValueError("the filter is empty")
    reader = _Reader(text)
    predicates: list[Predicate] = []
    while True:
        start = reader.pos
        path = reader.bare("an attribute")
        if path in ("AND", "OR"):
            reader.pos = start
            raise reader.fail(f"expected an attribute, found {path}")
        try:
            attr = attribute(path)
        except ValueError as exc:
            reader.pos = start
            raise reader.fail(str(exc)) from None
        reader.separator(path)
        start = reader.pos
        op_text = reader.bare("an operator")
        try:
            op = Op(op_text)
        except ValueError:
            reader.pos = start
            raise reader.fail(f"unknown operator {op_text!r}") from None
        mode = reader.separator(op_text)
        start = reader.pos
        # With a space before it, the value is the rest of the string (as the live API reads it).
        value = reader.value(op, stops="" if mode == " " else "~")
        try:
            predicates.append(Predicate(attr, op, value))
        except ValueError as exc:
            reader.pos = start
            raise reader.fail(str(exc)) from None
        if reader.at_end():
            return Filter(tuple(predicates))
        reader.separator("a value")
        start = reader.pos
        joiner = reader.bare("AND")
        if joiner == "OR":
            reader.pos = start
            raise reader.fail("TQL has no OR; use IN")
        if joiner != "AND":
            reader.pos = start
            raise reader.fail(f"expected AND, found {joiner!r}")
        reader.separator("AND")


# ---------------------------------------------------------------- dates for a server that takes no epoch seconds


def is_epoch_bound(predicate: Predicate) -> bool:
    """A time predicate whose value is epoch seconds (not a ``YYYY-MM-DD`` date)."""
    return predicate.attribute.kind is Kind.TIME and all(_INTEGER.fullmatch(v) for v in predicate.values)


def _utc_day(value: str) -> date:
    return datetime.fromtimestamp(int(value), UTC).date()


def widen_to_dates(query: Filter) -> tuple[Filter | None, tuple[Predicate, ...]]:
    """``query`` with every epoch-second time bound replaced by dates, and the exact bounds to check on each item.

    The dates cover at least the instants asked for whether the server reads a
    date as that day's 00:00 UTC or as the whole UTC day: a lower bound
    (``GT``/``GTE`` t) becomes ``GTE`` t's UTC day; an upper bound (``LT``/``LTE``
    t) becomes ``LTE`` the day after t's (00:00 of that day is already after
    t); ``EQ`` t becomes both; ``NOT_EQ`` t is left to the check. Everything
    else is kept. The filter is None when nothing is left for the server.
    """
    kept: list[Predicate] = []
    exact: list[Predicate] = []
    for predicate in query:
        if not is_epoch_bound(predicate):
            kept.append(predicate)
            continue
        exact.append(predicate)
        attr, op = predicate.attribute, predicate.op
        day = _utc_day(str(predicate.value))
        if op in (Op.GT, Op.GTE, Op.EQ):
            kept.append(attr.gte(day))
        if op in (Op.LT, Op.LTE, Op.EQ):
            kept.append(attr.lte(day + timedelta(days=1)))
    return (Filter(tuple(kept)) if kept else None), tuple(exact)


def time_holds(predicate: Predicate, value: datetime | None) -> bool:
    """Whether an epoch-second time predicate holds for an item's instant (None: no value, which only NOT_EQ takes)."""
    if not is_epoch_bound(predicate):
        raise ValueError(f"{predicate.attribute.path} {predicate.op.value} is not compared with epoch seconds")
    bound = int(str(predicate.value))
    if value is None:
        return predicate.op is Op.NOT_EQ
    seconds = math.floor(value.timestamp())
    comparisons = {
        Op.EQ: seconds == bound,
        Op.NOT_EQ: seconds != bound,
        Op.GT: seconds > bound,
        Op.GTE: seconds >= bound,
        Op.LT: seconds < bound,
        Op.LTE: seconds <= bound,
    }
    return comparisons[predicate.op]
