"""The offset map: a derived text keeps a map back to its source."""

from jobsieve.textmap import TextBuilder, identity_map


def build(src: str, ops):
    b = TextBuilder()
    for op in ops:
        getattr(b, op[0])(*op[1:])
    return b.build()


def test_copy_and_replace_map_back():
    src = "Salaire :\u00a0\u00a03 503,28 €"
    out, m = build(src, [("copy", src, 0, 9), ("replace", " ", 9, 11), ("copy", src, 11, len(src))])
    assert out == "Salaire : 3 503,28 €"
    i = out.index("3 503")
    assert src[m.to_source(i)] == "3"
    assert m.span_to_source((i, i + 8)) == (src.index("3 503"), src.index("3 503") + 8)


def test_from_source_and_dropped_text():
    src = "keep DROP keep2"
    out, m = build(src, [("copy", src, 0, 5), ("copy", src, 10, 15)])
    assert out == "keep keep2"
    assert m.span_from_source((10, 15)) == (5, 10)
    assert m.from_source(6) is None  # inside the dropped word
    assert m.span_from_source((5, 9)) is None


def test_insert_maps_to_its_anchor_and_composition():
    src = "ab"
    out, m = build(src, [("copy", src, 0, 1), ("insert", "\n", 1), ("copy", src, 1, 2)])
    assert out == "a\nb"
    assert m.to_source(2) == 1
    outer, m2 = build(out, [("copy", out, 2, 3)])
    assert outer == "b"
    assert m2.then(m).to_source(0) == 1


def test_identity():
    m = identity_map(5)
    assert [m.to_source(i) for i in range(5)] == list(range(5))
    assert m.span_from_source((1, 3)) == (1, 3)
