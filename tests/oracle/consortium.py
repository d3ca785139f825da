#!/usr/bin/env python3
"""Independent oracle for kai-cost's consortium (members) output.

What this is
    A second, deliberately separate implementation of what
        kai-cost --members FILE --license L (--months M | --from A --to B) -f csv
    must print: one record per member and one `total` record per team, with
    the amounts, the team's effective rates and its eligibility problems.

Why it is independent
    It shares no code, tables or parsing with the C program in src/: it is
    written from the arithmetic in the specification, uses Python's
    fractions.Fraction for every amount (no floating point anywhere), its own
    calendar walk for date periods and its own CSV writer.  When kai-cost and
    this script disagree, one of them has a bug; neither is assumed right.

How the expected files are regenerated (run from the repository root):
    python3 tests/oracle/consortium.py --self-test
    python3 tests/oracle/consortium.py tests/data/members-worked.csv \\
        --license commercial --months 10.3 \\
        --team-name tests/data/members-worked.csv \\
        > tests/data/members-worked.expected.csv
    python3 tests/oracle/consortium.py tests/data/members-korean.csv \\
        --license commercial --months 10.3 \\
        --team-name tests/data/members-korean.csv \\
        > tests/data/members-korean.expected.csv
    python3 tests/oracle/consortium.py data/examples/consortium.csv \\
        --license commercial --from 2025-11-01 --to 2026-09-09 \\
        > tests/data/consortium.expected.csv
    python3 tests/oracle/consortium.py tests/data/members-periods.csv \\
        --license research --months 10.3 \\
        > tests/data/members-periods.expected.csv

Usage
    consortium.py [--members] FILE --license L (--months M | --from A --to B)
                  [--team-name NAME] [--unit-price N] [--method M]
    consortium.py --self-test

    --team-name is the team of every row when FILE has no team column; it
    defaults to FILE as given (which is what kai-cost uses).  --basis accepts
    only `total`: the subsidy basis is not specified for consortia.
    Standard library only.  Errors go to stderr with exit status 2.
"""

import argparse
import calendar
import csv
import datetime
import re
import sys
from fractions import Fraction

DEFAULT_UNIT_PRICE = 6_600_000
GPU_CAP = 256

# Self-burden rate r (percent) by company type and open-source mode.
SELF_RATE = {
    ("large", "commercial"): Fraction(10), ("mid", "commercial"): Fraction(6),
    ("sme", "commercial"): Fraction(5),
    ("large", "research"): Fraction(25), ("mid", "research"): Fraction(15),
    ("sme", "research"): Fraction(25, 2),
    ("large", "closed"): Fraction(50), ("mid", "closed"): Fraction(30),
    ("sme", "closed"): Fraction(25),
}
# Minimum cash share c (percent) of the private share.
CASH_RATE = {"large": Fraction(15), "mid": Fraction(13), "sme": Fraction(10)}
NONPROFIT_TYPES = ("university", "institute", "nonprofit")

# Header aliases: canonical column -> accepted names (compared trimmed and
# case-insensitively).
COLUMNS = {
    "team": ("team", "팀", "컨소시엄"),
    "name": ("name", "기관명"),
    "role": ("role", "역할"),
    "type": ("type", "유형", "기관유형"),
    "foreign": ("foreign", "해외"),
    "gpus": ("gpus", "gpu수"),
    "months": ("months", "개월수"),
    "license": ("license", "공개방식"),
}
REQUIRED = ("name", "role", "type", "gpus")

# Value aliases: canonical word -> accepted spellings (trimmed,
# case-insensitive).
ROLES = {
    "lead": ("lead", "주관", "주관기관"),
    "participant": ("participant", "참여", "참여기관"),
    "demand": ("demand", "수요", "수요기관"),
}
TYPES = {
    "large": ("large", "대기업"),
    "mid": ("mid", "중견", "중견기업"),
    "sme": ("sme", "중소", "중소기업"),
    "university": ("university", "대학"),
    "institute": ("institute", "연구기관", "출연연"),
    "nonprofit": ("nonprofit", "비영리"),
}
FOREIGN = {
    "no": ("", "no"),
    "global-service": ("global-service", "글로벌서비스"),
    "yes": ("yes",),
}
LICENSES = {
    "commercial": ("commercial", "상업용"),
    "research": ("research", "연구용"),
    "closed": ("closed", "비공개"),
}

OUT_COLUMNS = (
    "team", "name", "role", "type", "foreign", "license", "gpus", "months",
    "unit_price_krw", "gov_subsidy_krw", "self_rate_pct", "private_share_krw",
    "cash_rate_pct", "cash_min_krw", "in_kind_max_krw", "total_cost_krw",
    "eligible", "problems",
)
PROBLEM_ORDER = ("one-lead", "lead-not-large", "lead-domestic", "university",
                 "foreign-global-only", "gpu-cap", "method")


class Bad(Exception):
    pass


# ---------------------------------------------------------------- numbers

def ceil_frac(x):
    return -((-x.numerator) // x.denominator)


def floor_frac(x):
    return x.numerator // x.denominator


def round_half_up_4(x):
    """x (a non-negative Fraction) rounded half-up to 4 decimal places."""
    scaled = x * 10000
    return Fraction(floor_frac(scaled + Fraction(1, 2)), 10000)


def fmt_decimal(x):
    """Exact decimal, rounded half-up to 4 places, no trailing zeros."""
    if x < 0:
        raise Bad("negative value %s" % x)
    q = round_half_up_4(x)
    units = q.numerator * (10000 // q.denominator)  # q has denominator | 10^4
    whole, frac = divmod(units, 10000)
    if frac == 0:
        return str(whole)
    return "%d.%s" % (whole, ("%04d" % frac).rstrip("0"))


def parse_months(text, what):
    t = text.strip()
    m = re.fullmatch(r"(\d+)(?:\.(\d{1,4}))?", t)
    if not m:
        raise Bad("%s %r: expected a number of months with at most 4 decimal "
                  "places" % (what, text))
    v = Fraction(int(m.group(1)))
    if m.group(2):
        v += Fraction(int(m.group(2)), 10 ** len(m.group(2)))
    if v <= 0 or v > 1200:
        raise Bad("%s %r: expected months above 0 and at most 1,200"
                  % (what, text))
    return v


def parse_count(text, what, blank_zero=True):
    t = text.strip()
    if t == "" and blank_zero:
        return 0
    if not re.fullmatch(r"\d+", t):
        raise Bad("%s %r: expected a whole number" % (what, text))
    return int(t)


# --------------------------------------------------------------- calendar

def parse_date(text):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise Bad("date %r: expected YYYY-MM-DD" % text)
    try:
        return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        raise Bad("date %r: no such day" % text)


def period_months(start, end):
    """Inclusive period start..end: each calendar month counts 1 if wholly
    inside, else (days inside)/(days in that month)."""
    if end < start:
        raise Bad("--to %s is before --from %s" % (end, start))
    total = Fraction(0)
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        length = calendar.monthrange(y, m)[1]
        first = datetime.date(y, m, 1)
        last = datetime.date(y, m, length)
        lo = max(first, start)
        hi = min(last, end)
        days = (hi - lo).days + 1
        total += 1 if days == length else Fraction(days, length)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return total


# ------------------------------------------------------------ arithmetic

def member_amounts(gpus, months, unit_price, mtype, license_):
    """Returns (r%, c%, gov, private, cash_min, in_kind_max, total)."""
    if mtype in NONPROFIT_TYPES:
        r_pct, c_pct = Fraction(0), Fraction(0)
    else:
        r_pct, c_pct = SELF_RATE[(mtype, license_)], CASH_RATE[mtype]
    if gpus == 0:
        return r_pct, c_pct, 0, 0, 0, 0, 0
    r = r_pct / 100
    c = c_pct / 100
    gov = floor_frac(gpus * unit_price * months)
    private = ceil_frac(gov * r / (1 - r))
    cash = ceil_frac(private * c)
    return r_pct, c_pct, gov, private, cash, private - cash, gov + private


# ---------------------------------------------------------------- CSV I/O

def csv_cell(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_line(cells):
    return ",".join(csv_cell(c) for c in cells) + "\n"


def lookup(value, table, what, where):
    key = value.strip().lower()
    for canon, names in table.items():
        if key in names:
            return canon
    raise Bad("%s: %s %r: expected one of %s" % (
        where, what, value, ", ".join(table)))


def read_members(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    # A record of nothing but blanks is not a member.
    numbered = [(i + 1, r) for i, r in enumerate(rows)]
    if not numbered:
        raise Bad("%s: no header" % path)
    header = numbered[0][1]
    where = {}
    passthrough = []
    for idx, h in enumerate(header):
        key = h.strip().lower()
        canon = None
        for c, names in COLUMNS.items():
            if key in names:
                canon = c
        if canon is None:
            passthrough.append(idx)
        elif canon in where:
            raise Bad("%s:1: column %r given twice" % (path, canon))
        else:
            where[canon] = idx
    for c in REQUIRED:
        if c not in where:
            raise Bad("%s:1: no %s column" % (path, c))
    members = []
    for lineno, r in numbered[1:]:
        if all(cell.strip() == "" for cell in r):
            continue
        if len(r) != len(header):
            raise Bad("%s:%d: %d fields, header has %d"
                      % (path, lineno, len(r), len(header)))
        loc = "%s:%d" % (path, lineno)
        get = lambda c: r[where[c]] if c in where else ""
        m = {
            "line": lineno,
            "passthrough": [r[i] for i in passthrough],
            "team": get("team").strip() if "team" in where else None,
            "name": get("name"),
            "role": lookup(get("role"), ROLES, "role", loc),
            "type": lookup(get("type"), TYPES, "type", loc),
            "foreign": lookup(get("foreign"), FOREIGN, "foreign", loc),
            "gpus": parse_count(get("gpus"), loc + ": gpus"),
            "months": (parse_months(get("months"), loc + ": months")
                       if get("months").strip() else None),
            "license": (lookup(get("license"), LICENSES, "license", loc)
                        if get("license").strip() else None),
        }
        if m["name"].strip() == "":
            raise Bad("%s: blank name" % loc)
        if m["team"] is not None and m["team"] == "":
            raise Bad("%s: blank team" % loc)
        members.append(m)
    return [header[i] for i in passthrough], members


# ------------------------------------------------------------- the teams

def team_problems(members, method):
    problems = []
    leads = [m for m in members if m["role"] == "lead"]
    if len(leads) != 1:
        problems.append("one-lead")
    if any(m["type"] == "large" for m in leads):
        problems.append("lead-not-large")
    if any(m["foreign"] != "no" for m in leads):
        problems.append("lead-domestic")
    if not any(m["type"] == "university" and m["role"] in ("lead", "participant")
               for m in members):
        problems.append("university")
    if any(m["foreign"] == "yes" for m in members):
        problems.append("foreign-global-only")
    if sum(m["gpus"] for m in members) > GPU_CAP:
        problems.append("gpu-cap")
    if method == "fine-tuning":
        problems.append("method")
    assert problems == [p for p in PROBLEM_ORDER if p in problems]
    return problems


def compute(passthrough_names, members, license_, period, unit_price,
            default_team, method=None, dates=None):
    """Returns (header, list of output records, list of team summaries).

    DATES is the team period's (from, to) as text when --from/--to gave it:
    then every record also carries from and to after months (blank for a
    member with its own months), so that the output reads back exactly."""
    teams = {}
    order = []
    for m in members:
        t = m["team"] if m["team"] is not None else default_team
        if t not in teams:
            teams[t] = []
            order.append(t)
        teams[t].append(m)
    def with_dates(rec, own_months):
        if dates is None:
            return rec
        at = len(passthrough_names) + OUT_COLUMNS.index("months") + 1
        return rec[:at] + (["", ""] if own_months else list(dates)) + rec[at:]
    header = with_dates(list(passthrough_names) + list(OUT_COLUMNS), False)
    if dates is not None:
        at = len(passthrough_names) + OUT_COLUMNS.index("months") + 1
        header[at:at + 2] = ["from", "to"]
    out = []
    summaries = []
    blank_pass = [""] * len(passthrough_names)
    for t in order:
        sums = [0, 0, 0, 0, 0]  # gov, private, cash, in_kind, total
        gpus_sum = 0
        member_rows = []
        for m in teams[t]:
            lic = m["license"] or license_
            months = m["months"] if m["months"] is not None else period
            r_pct, c_pct, *amounts = member_amounts(
                m["gpus"], months, unit_price, m["type"], lic)
            for i, a in enumerate(amounts):
                sums[i] += a
            gpus_sum += m["gpus"]
            rec = m["passthrough"] + [
                t, m["name"], m["role"], m["type"], m["foreign"], lic,
                str(m["gpus"]), fmt_decimal(months), str(unit_price),
                str(amounts[0]), fmt_decimal(r_pct), str(amounts[1]),
                fmt_decimal(c_pct), str(amounts[2]), str(amounts[3]),
                str(amounts[4]), "", ""]
            out.append(with_dates(rec, m["months"] is not None))
            member_rows.append(dict(name=m["name"], gov=amounts[0],
                                    private=amounts[1], cash=amounts[2]))
        gov, private, cash, in_kind, total = sums
        self_eff = Fraction(private * 100, total) if total else Fraction(0)
        cash_eff = Fraction(cash * 100, private) if private else Fraction(0)
        problems = team_problems(teams[t], method)
        out.append(with_dates(blank_pass + [
            t, "", "total", "", "", license_, str(gpus_sum),
            fmt_decimal(period), str(unit_price), str(gov),
            fmt_decimal(self_eff), str(private), fmt_decimal(cash_eff),
            str(cash), str(in_kind), str(total),
            "no" if problems else "yes", ";".join(problems)], False))
        summaries.append(dict(team=t, members=member_rows, gov=gov,
                              private=private, cash=cash, in_kind=in_kind,
                              total=total, self_eff=fmt_decimal(self_eff),
                              cash_eff=fmt_decimal(cash_eff),
                              problems=problems))
    return header, out, summaries


# -------------------------------------------------------------- self-test

def self_test():
    """The worked example: commercial, 10.3 months, 6,600,000 won."""
    def mem(name, role, mtype, gpus, foreign="no"):
        return dict(line=0, passthrough=[], team=None, name=name, role=role,
                    type=mtype, foreign=foreign, gpus=gpus, months=None,
                    license=None)
    members = [mem("sme lead", "lead", "sme", 200),
               mem("mid", "participant", "mid", 16),
               mem("university", "participant", "university", 24),
               mem("hospital", "participant", "nonprofit", 16),
               mem("large demand", "demand", "large", 0)]
    months = parse_months("10.3", "self-test")
    assert months == Fraction(103, 10)
    _, out, (s,) = compute([], members, "commercial", months,
                           DEFAULT_UNIT_PRICE, "worked")
    assert [m["gov"] for m in s["members"]] == [
        13_596_000_000, 1_087_680_000, 1_631_520_000, 1_087_680_000, 0]
    assert [m["private"] for m in s["members"]] == [
        715_578_948, 69_426_383, 0, 0, 0]
    assert [m["cash"] for m in s["members"]] == [
        71_557_895, 9_025_430, 0, 0, 0]
    assert s["gov"] == 17_402_880_000
    assert s["private"] == 785_005_331
    assert s["cash"] == 80_583_325
    assert s["total"] == 18_187_885_331
    assert s["self_eff"] == "4.3161"
    assert s["problems"] == [], s["problems"]
    assert out[-1][OUT_COLUMNS.index("gpus")] == "256"
    assert out[-1][OUT_COLUMNS.index("eligible")] == "yes"
    # Periods from the specification.
    d = parse_date
    assert period_months(d("2025-11-01"), d("2026-09-09")) == Fraction(103, 10)
    assert period_months(d("2025-11-15"), d("2026-09-09")) == Fraction(59, 6)
    assert fmt_decimal(Fraction(59, 6)) == "9.8333"
    assert fmt_decimal(Fraction(10)) == "10"
    assert fmt_decimal(Fraction(25, 2)) == "12.5"
    assert fmt_decimal(Fraction(1, 20000)) == "0.0001"   # half rounds up
    assert fmt_decimal(Fraction(1, 20001)) == "0"
    # Rates from the specification's table.
    assert member_amounts(1, 1, 100, "university", "closed")[:2] == (0, 0)
    for mt in ("large", "mid", "sme"):
        for lic in LICENSES:
            assert (mt, lic) in SELF_RATE
    print("self-test: ok", file=sys.stderr)
    for m in s["members"]:
        print("  %-14s gov %15d  private %12d  cash %11d"
              % (m["name"], m["gov"], m["private"], m["cash"]),
              file=sys.stderr)
    print("  %-14s gov %15d  private %12d  cash %11d  total %d  rate %s%%"
          % ("team", s["gov"], s["private"], s["cash"], s["total"],
             s["self_eff"]), file=sys.stderr)


# ------------------------------------------------------------------ main

def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("file", nargs="?")
    p.add_argument("--members", dest="members_file")
    p.add_argument("--license")
    p.add_argument("--months")
    p.add_argument("--from", dest="from_")
    p.add_argument("--to")
    p.add_argument("--team-name")
    p.add_argument("--unit-price", default=str(DEFAULT_UNIT_PRICE))
    p.add_argument("--basis", default="total", choices=("total",))
    p.add_argument("--method")
    p.add_argument("--self-test", action="store_true")
    a = p.parse_args(argv)
    if a.self_test:
        self_test()
        return 0
    path = a.members_file or a.file
    if not path or (a.members_file and a.file):
        p.error("exactly one members FILE")
    if a.license is None:
        p.error("--license is required")
    license_ = lookup(a.license, LICENSES, "--license", "usage")
    if (a.months is None) == (a.from_ is None and a.to is None):
        p.error("give --months or --from/--to (not both)")
    if a.months is not None:
        period = parse_months(a.months, "--months")
    else:
        if a.from_ is None or a.to is None:
            p.error("--from and --to go together")
        period = period_months(parse_date(a.from_), parse_date(a.to))
    unit_price = parse_count(a.unit_price, "--unit-price", blank_zero=False)
    if not 1 <= unit_price <= 10_000_000_000:
        raise Bad("--unit-price %s: out of range" % a.unit_price)
    names, members = read_members(path)
    header, out, _ = compute(names, members, license_, period, unit_price,
                             a.team_name if a.team_name is not None else path,
                             a.method,
                             (a.from_, a.to) if a.months is None else None)
    sys.stdout.write(csv_line(header))
    for rec in out:
        sys.stdout.write(csv_line(rec))
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(newline="\n", encoding="utf-8")
    try:
        sys.exit(main(sys.argv[1:]))
    except (Bad, csv.Error, OSError) as e:
        print("consortium.py: %s" % e, file=sys.stderr)
        sys.exit(2)
