"""Strategies for the input people and robots send: any text, odd numbers, raw bytes in a query string."""

from urllib.parse import quote_from_bytes, urlencode

from hypothesis import strategies as st

CONTROL = "".join(map(chr, [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029, 0xFEFF]))


def long_text() -> st.SearchStrategy[str]:
    """A short piece repeated to thousands of characters: generated whole, such text would be slow."""
    return st.tuples(st.text(min_size=1, max_size=4), st.integers(100, 20_000)).map(lambda t: t[0] * t[1])


def noise() -> st.SearchStrategy[str]:
    """Any text: unicode from every plane, control characters and NULs, and very long strings."""
    return st.one_of(
        st.text(max_size=40),
        st.text(alphabet=CONTROL + " aA0", max_size=20),
        long_text(),
    )


def numberish() -> st.SearchStrategy[str]:
    """What can be typed where a number is wanted: negative, huge, fractional, exponent, not a number."""
    return st.one_of(
        st.integers(-(10**6), 10**6).map(str),
        st.integers(min_value=10**18, max_value=10**60).map(str),
        st.integers(4_000, 6_000).map(lambda n: "9" * n),  # past Python's limit on digits int() will read
        st.floats().map(str),
        st.decimals(allow_nan=True).map(str),
        st.sampled_from(["", " 5 ", "5.0", "5,0", "1e3", "-0", "+5", "0x10", "٥", "²", "inf", "NaN"]),
        noise(),
    )


def query_values(values: st.SearchStrategy[str]) -> st.SearchStrategy[str | list[str]]:
    """One value, or the same parameter given several times."""
    return st.one_of(values, st.lists(values, min_size=2, max_size=3))


def raw_query(names: list[str]) -> st.SearchStrategy[str]:
    """A query string of percent-encoded bytes, which need not be UTF-8."""
    pair = st.tuples(st.sampled_from(names), st.binary(max_size=30))
    return st.lists(pair, max_size=5).map(
        lambda pairs: "&".join(f"{name}={quote_from_bytes(value)}" for name, value in pairs)
    )


def query_string(
    params: dict[str, st.SearchStrategy], *, likely: dict[str, st.SearchStrategy] | None = None
) -> st.SearchStrategy[str]:
    """A query string with any subset of the named parameters, one of raw bytes, or (given ``likely``)
    one with every parameter drawn from values near the valid ones, so that a search is also made."""
    optional = {name: query_values(values) for name, values in params.items()}
    chosen = st.fixed_dictionaries({}, optional=optional)
    queries = [chosen, st.fixed_dictionaries(likely)] if likely else [chosen]
    encoded = st.one_of(queries).map(lambda query: urlencode(query, doseq=True))
    return st.one_of(encoded, raw_query(list(params)))
