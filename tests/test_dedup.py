"""Near-duplicate detection on postings written for these tests (no shared data needed).

The pair cases live in ``cases/dedup.<lang>.yaml``; records are built with the fields a
parser would have found, so these tests do not depend on the extractors.
"""

from __future__ import annotations

import json
import pickle
import random
import struct

import numpy as np
import pytest
import yaml

from jobsieve.dedup import DedupConfig, DocFreq, cluster, decide, fingerprint, sign
from jobsieve.dedup.fingerprint import from_bytes, normalize_place, to_bytes
from jobsieve.dedup.index import DedupIndex, DedupIndexError
from jobsieve.dedup.lsh import band_keys, candidate_pairs
from jobsieve.model import Contract, Employer, Experience, Location, Record, Salary, Source
from jobsieve.pipeline import record_id

from conftest import CASES


def make_record(spec: dict, lang: str, uri: str = "") -> Record:
    """A record as a parser would give it, from a case's description."""
    text = spec.get("text", "") + "\n".join(spec.get("append", []))
    sal = spec.get("salary")
    pay = spec.get("pay")
    if pay:
        salary = Salary(period=pay[0], min=pay[1], max=pay[2])
    elif sal:
        salary = Salary(period="year", min=sal[0], max=sal[1], annual_min=sal[0], annual_max=sal[1])
    else:
        salary = Salary()
    cities = spec.get("cities") or ([spec["city"]] if spec.get("city") else [])
    # "<field>_at": the words the parser read the value from (their first occurrence)
    evidence = {}
    for key, path in (("contract_at", "contract.type"), ("salary_at", "salary"),
                      ("experience_at", "experience.min_years")):
        if key in spec:
            start = text.index(spec[key])
            evidence[path] = [(start, start + len(spec[key]))]
    return Record(
        id=record_id(text + uri), source=Source(uri=uri or None), language=lang, text=text,
        title=spec.get("title"), employer=Employer(spec.get("employer")),
        locations=[Location(city=c) for c in cities],
        contract=Contract(type=spec.get("contract")),
        salary=salary,
        experience=Experience(min_years=spec.get("experience")),
        evidence=evidence,
    )


def load_cases() -> list:
    params = []
    for lang in ("fr", "en"):
        data = yaml.safe_load((CASES / f"dedup.{lang}.yaml").read_text(encoding="utf-8"))
        for case in data["cases"]:
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
            params.append(pytest.param(lang, case, id=f"{lang}-{case['id']}", marks=marks))
    return params


@pytest.mark.parametrize("lang,case", load_cases())
def test_pair_case(lang: str, case: dict) -> None:
    a = make_record(case["a"], lang, "https://board-a.example/1")
    b = make_record(case["b"], lang, "https://board-b.example/2")
    d = decide(fingerprint(a), fingerprint(b))
    assert d.same == case["same"], f"{d.rule}: {d.detail}"
    if "rule" in case:
        assert d.rule == case["rule"], d.detail
    # the batch path (LSH candidates, union-find) agrees with the direct decision
    result = cluster([a, b])
    assert result.same(0, 1) == case["same"]


# ---------------------------------------------------------------- building blocks

def _words(rng: random.Random, n: int) -> str:
    syll = ["ra", "to", "mi", "ne", "lu", "ka", "po", "se", "di", "va", "qu", "fe"]
    return " ".join("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) for _ in range(n))


def _posting(rng: random.Random, body: str, title: str, city: str, employer: str = "Acme",
             uri: str = "") -> Record:
    return make_record({"title": title, "employer": employer, "city": city,
                        "text": f"{title}\n{employer} - {city}\n{body}\n"}, "en", uri)


def test_band_keys_are_reproducible_and_picklable() -> None:
    rng = random.Random(1)
    rec = _posting(rng, _words(rng, 200), "Welder", "Leeds")
    fp1, fp2 = fingerprint(rec), fingerprint(rec)
    assert np.array_equal(band_keys(fp1, None), band_keys(fp2, None))
    back = pickle.loads(pickle.dumps(fp1))
    assert np.array_equal(back.shingles, fp1.shingles)
    assert len(band_keys(fp1, None)) == DedupConfig().bands


def test_fingerprint_bytes_roundtrip() -> None:
    rng = random.Random(2)
    rec = _posting(rng, _words(rng, 150), "Welder", "Leeds")
    rec.salary = Salary(annual_min=30000.0, annual_max=32000.0)
    fp = sign(fingerprint(rec), None)
    back = from_bytes(to_bytes(fp))
    assert back.id == fp.id and back.places == fp.places and back.salary == fp.salary
    assert back.title == fp.title and back.title_supported == fp.title_supported
    assert np.array_equal(back.shingles, fp.shingles) and np.array_equal(back.stems, fp.stems)
    assert np.array_equal(back.bands, fp.bands)
    unsigned = from_bytes(to_bytes(fingerprint(rec)))
    assert unsigned.bands is None


def test_fingerprint_keeps_sentences_and_reads_older_bytes() -> None:
    text = "Welder\nAcme - Leeds\nSalary: £28,000 a year. Days only.\nWe build bridges.\n"
    rec = make_record({"title": "Welder", "city": "Leeds", "salary": [28000, 28000],
                       "salary_at": "£28,000", "text": text}, "en")
    fp = fingerprint(rec)
    # the salary was read from the sentence "£28,000 a year", cut at the colon and the full stop
    assert fp.says(fp.stated["salary"]) and set(fp.stated) == {"salary"}
    other = fingerprint(make_record({"text": "Pay is good. £28,000 a year\n"}, "en"))
    assert other.says(fp.stated["salary"])
    assert not fingerprint(make_record({"text": "£29,000 a year\n"}, "en")).says(fp.stated["salary"])
    # a symbol that folding drops ("§") must not move where a sentence is cut
    bullets = "You will need the following:§ 4 years of welding.\n"
    fb = fingerprint(make_record({"experience": 4, "experience_at": "4 years", "text": bullets}, "en"))
    assert fb.says(fb.stated["experience"])
    back = from_bytes(to_bytes(fp))
    assert np.array_equal(back.sentences, fp.sentences) and back.stated == fp.stated
    # bytes written before sentences were kept: no trailing sentences, one scalar fewer
    nh, ns, nt, nb, unsigned, nw = struct.unpack_from("<IIIIiI", to_bytes(fp))
    head = json.dumps(json.loads(to_bytes(fp)[24:24 + nh])[:-1], separators=(",", ":")).encode()
    body = to_bytes(fp)[24 + nh:24 + nh + 4 * ns + 4 * nt + 8 * nb + 4 * nw]
    old = from_bytes(struct.pack("<IIIIiI", len(head), ns, nt, nb, unsigned, nw) + head + body)
    assert np.array_equal(old.shingles, fp.shingles) and old.stated == {} and len(old.sentences) == 0


def test_docfreq_never_undercounts_and_merges() -> None:
    rng = np.random.default_rng(3)
    df, part = DocFreq(12), DocFreq(12)
    truth: dict[int, int] = {}
    for i in range(300):
        hs = np.unique(rng.integers(0, 5000, 60).astype(np.uint32))
        (df if i % 2 else part).add(hs)
        for h in hs.tolist():
            truth[h] = truth.get(h, 0) + 1
    df.merge(part)
    keys = np.array(sorted(truth), dtype=np.uint32)
    got = df.count(keys)
    assert np.all(got >= np.array([truth[k] for k in keys.tolist()]))
    assert df.docs == 300
    back = DocFreq.from_bytes(df.to_bytes(), 12, df.docs)
    assert np.array_equal(back.count(keys), got)


def test_candidate_pairs_window_bounds_a_huge_bucket() -> None:
    n = 2000
    keys = np.full(n, 7, dtype=np.uint64)
    pairs = candidate_pairs(keys, np.arange(n, dtype=np.int64), window=5)
    assert len(pairs) <= n * 5
    assert {(0, 1), (10, 15)} <= {tuple(p) for p in pairs.tolist()}
    small = candidate_pairs(np.array([1, 1, 1, 2], dtype=np.uint64), np.arange(4, dtype=np.int64), window=5)
    assert {tuple(p) for p in small.tolist()} == {(0, 1), (0, 2), (1, 2)}


@pytest.mark.parametrize("raw,norm", [
    ("Lyon 3e", "lyon"), ("LYON 03", "lyon"), ("Paris 8e Arrondissement", "paris"),
    ("St-Étienne", "saint etienne"), ("Marseille 13001", "marseille"), ("", None),
])
def test_normalize_place(raw: str, norm: str | None) -> None:
    assert normalize_place(raw) == norm


def test_boilerplate_counts_little_once_common() -> None:
    """Two roles of one employer whose ads are mostly its template: apart once the
    template is known to be common; a true repost of one of them still merges."""
    rng = random.Random(4)
    template = _words(rng, 400)
    roles = [_words(rng, 40) for _ in range(40)]
    recs = [_posting(rng, f"{template}\n{roles[i]}", f"Role{i} Officer", "Leeds", uri=f"u{i}")
            for i in range(40)]
    recs.append(_posting(rng, f"{template}\n{roles[3]}\nApply by Friday.", "Role3 Officer", "Leeds", uri="u-repost"))
    result = cluster(recs, DedupConfig(common_df=10))
    assert result.same(3, 40)
    others = {result.labels[i] for i in range(40)}
    assert len(others) == 40, "template-sharing roles were merged"


def test_chaining_guard_keeps_two_towns_apart() -> None:
    """A copy without a town matches the ads of two towns; the towns must not merge."""
    rng = random.Random(5)
    body = _words(rng, 120)
    sens = _posting(rng, body, "Loader", "Sens", uri="a")
    joigny = _posting(rng, body, "Loader", "Joigny", uri="b")
    nowhere = make_record({"title": "Loader", "employer": "Acme", "text": f"Loader\n{body}\n"}, "en", "c")
    result = cluster([sens, nowhere, joigny])
    assert not result.same(0, 2)


def test_canonical_is_the_most_complete_member() -> None:
    rng = random.Random(6)
    body = _words(rng, 150)
    bare = make_record({"title": "Welder", "text": f"Welder\n{body}\n"}, "en", "https://a.example/1")
    full = make_record({"title": "Welder", "employer": "Acme", "city": "Leeds", "contract": "permanent",
                        "salary": [30000, 32000], "text": f"Welder\nAcme - Leeds\n{body}\n"}, "en",
                       "https://b.example/2")
    result = cluster([bare, full])
    assert result.same(0, 1)
    c = result.clusters[result.labels[0]]
    assert c.id == full.id
    assert c.boards == ["a.example", "b.example"]


def test_index_matches_batch_and_persists(tmp_path) -> None:
    rng = random.Random(7)
    bodies = [_words(rng, 120) for _ in range(6)]
    recs = [_posting(rng, bodies[i % 6], f"Job{i % 6} Clerk", "Leeds", uri=f"https://b{i}.example/x")
            for i in range(12)]
    for i in range(6, 12):  # reposts: a line added to the copy
        recs[i].text += "\nStill open, apply now.\n"
        recs[i].id = record_id(recs[i].text)
    batch = cluster(recs)
    path = tmp_path / "dedup.db"
    index = DedupIndex.open(path)
    ids = [index.add(r) for r in recs[:9]]
    index.close()
    index = DedupIndex.open(path)
    for r in recs[9:]:
        index.add(r)
    ids = [index.cluster_of(r.id) for r in recs]
    for i in range(12):
        for j in range(12):
            assert (ids[i] == ids[j]) == batch.same(i, j)
    assert len(index) == 12 and index.add(recs[0]) == ids[0]  # adding again changes nothing
    index.close()
    with pytest.raises(DedupIndexError):
        DedupIndex.open(path, DedupConfig(num_perm=64, bands=16))


def test_index_promotes_better_canonical_and_reports_updates() -> None:
    rng = random.Random(8)
    body = _words(rng, 150)
    bare = make_record({"title": "Welder", "text": f"Welder\n{body}\n"}, "en", "a")
    full = make_record({"title": "Welder", "employer": "Acme", "city": "Leeds",
                        "text": f"Welder\nAcme - Leeds\n{body}\n"}, "en", "b")
    index = DedupIndex.open()
    assert index.add(bare) == bare.id
    assert index.take_updates() == {}
    assert index.add(full) == full.id
    assert index.take_updates() == {bare.id: full.id}
    index.remove(full.id)
    assert index.cluster_of(bare.id) == bare.id
    assert index.take_updates() == {bare.id: bare.id}


def test_odd_records_do_not_break_anything() -> None:
    empty = Record(id="e1", text="")
    tiny = Record(id="e2", text="Chef")
    weird = Record(id="e3", text="\x00 ¤¤¤ 💡💡 ---- ____ 1234 5678")
    result = cluster([empty, tiny, weird, Record(id="e4", text="")])
    assert len(result.labels) == 4
    assert not result.same(0, 3)  # two empty postings are not one vacancy
