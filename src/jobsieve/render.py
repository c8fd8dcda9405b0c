"""Human-readable one-line summaries of record fields (for tables in the CLI and the UI)."""

from __future__ import annotations

from .model import Record

PERIOD_WORD = {"hour": "h", "day": "day", "week": "wk", "month": "mo", "year": "yr"}


def money(x: float | None) -> str:
    """``42039.36`` -> ``42,039``; ``25.5`` -> ``25.50``."""
    if x is None:
        return ""
    return f"{x:,.0f}" if x >= 1000 else f"{x:,.2f}"


def salary_text(rec: Record, annual: bool = False) -> str:
    """The salary as written (``3,503.28-3,503.28 EUR/mo x12``) or annualised."""
    s = rec.salary
    if s.min is None and s.max is None:
        return ""
    if annual:
        lo, hi = s.annual_min, s.annual_max
        per = "yr"
        if lo is None and hi is None:
            # An hourly or daily rate has no annual figure (the spec leaves it null).
            return ""
    else:
        lo, hi = s.min, s.max
        per = PERIOD_WORD.get(s.period or "", s.period or "?")
    if lo is not None and hi is not None and lo != hi:
        amount = f"{money(lo)}–{money(hi)}"
    elif lo is not None and hi is None:
        amount = f"from {money(lo)}"
    elif lo is None:
        amount = f"up to {money(hi)}"
    else:
        amount = money(lo)
    out = f"{amount} {s.currency or ''}/{per}".replace(" /", "/")
    if not annual and s.payments_per_year and s.payments_per_year != 12:
        out += f" ×{s.payments_per_year}"
    return out


def contract_text(rec: Record) -> str:
    c = rec.contract
    if not c.type:
        return ""
    out = c.type
    if c.duration_months:
        out += f" {c.duration_months:g} mo"
    if c.renewable:
        out += " (renewable)"
    return out


def remote_text(rec: Record) -> str:
    r = rec.remote
    if not r.policy:
        return ""
    if r.days_per_week:
        return f"{r.policy} {r.days_per_week:g} d/wk"
    if r.days_per_year:
        return f"{r.policy} {r.days_per_year:g} d/yr"
    return r.policy


def places_text(rec: Record) -> str:
    return ", ".join(
        "/".join(x for x in (loc.city, loc.country) if x) for loc in rec.locations
    )


def languages_text(rec: Record) -> str:
    return ", ".join(
        f"{x.code}{' ' + x.level if x.level else ''}{'' if x.required else ' (plus)'}"
        for x in rec.languages
    )
