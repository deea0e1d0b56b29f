"""Would tantivy answer our queries faster, with the same documents? (issue 9's engine question)

    pip install tantivy   # not a project dependency (yet): this only measures
    python benchmarks/tantivy_eval.py --sizes 10000 100000 --compare 10000

Documents are the SYNTHETIC ones of benchmarks/search.py (seed paragraphs redrawn). Each is
indexed in tantivy as character bigrams (a `bi` field, one whitespace-separated token per
bigram, so tantivy's positions are character positions) and unigrams (`uni`, for one-character
queries), title and 文号 in their own fields for weighting, plus fast year and section fields.
A query word of n ≥ 2 characters is the phrase of its n−1 bigrams, which matches exactly the
documents that contain the word as a substring: today's semantics. Where --compare names a
size, the current in-process `SearchIndex` runs the same queries and the document sets are
compared (top-100 sets, then the full match counts).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import QUERIES, seed_documents, synthetic_documents  # noqa: E402

from corpus.fold import fold  # noqa: E402

SEP = "\u241e"  # between paragraphs: no bigram spans two paragraphs


def grams(text: str, n: int) -> str:
    return " ".join(text[i : i + n] for i in range(len(text) - n + 1) if " " not in text[i : i + n])


def build(docs: list[Any], path: Path) -> tuple[Any, Any, float]:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for f in ("bi", "uni", "tbi", "tuni"):
        sb.add_text_field(f, tokenizer_name="whitespace", index_option="position")
    sb.add_integer_field("year", fast=True, indexed=True)
    sb.add_text_field("section", fast=True, tokenizer_name="raw")
    schema = sb.build()
    ix = tantivy.Index(schema, path=str(path))
    t0 = time.perf_counter()
    w = ix.writer(heap_size=256_000_000, num_threads=2)
    for d in docs:
        body = fold(SEP.join(p.text for p in d.paragraphs)).replace(" ", "\u3000")
        head = fold(f"{d.title}{SEP}{d.doc_number}{SEP}{d.issuer}")
        w.add_document(
            tantivy.Document(
                id=d.id,
                bi=grams(body, 2),
                uni=grams(body, 1),
                tbi=grams(head, 2),
                tuni=grams(head, 1),
                year=int(d.date[:4]) if d.date[:4].isdigit() else 0,
                section=d.section,
            )
        )
    w.commit()
    ix.reload()
    return ix, schema, time.perf_counter() - t0


def word_query(schema: Any, word: str) -> Any:
    import tantivy

    word = fold(word)
    parts = []
    for body, head, n in (("bi", "tbi", 2), ("uni", "tuni", 1)):
        if len(word) >= n and (n == 2 or len(word) == 1):
            toks = [word[i : i + n] for i in range(len(word) - n + 1)]
            mk = (
                (lambda f, t=toks: tantivy.Query.phrase_query(schema, f, t))
                if len(toks) > 1
                else (lambda f, t=toks: tantivy.Query.term_query(schema, f, t[0]))
            )
            parts = [
                (tantivy.Occur.Should, tantivy.Query.boost_query(mk(head), 4.0)),
                (tantivy.Occur.Should, mk(body)),
            ]
    return tantivy.Query.boolean_query(parts)


def run_query(ix: Any, schema: Any, words: list[str], limit: int = 100) -> tuple[list[str], int]:
    import tantivy

    q = tantivy.Query.boolean_query([(tantivy.Occur.Must, word_query(schema, w)) for w in words])
    searcher = ix.searcher()
    res = searcher.search(q, limit, count=True)
    return [searcher.doc(addr)["id"][0] for _, addr in res.hits], res.count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--compare", type=int, nargs="*", default=[10000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    seeds = seed_documents()
    queries = [(label, q, words) for label, q, words in QUERIES if words and label != "文号"]
    print("| docs | engine | index s | p50 ms | p95 ms | same top-100 | same count |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        docs = synthetic_documents(seeds, n)
        tmp = Path(tempfile.mkdtemp(prefix="gb-tantivy-"))
        try:
            ix, schema, secs = build(docs, tmp)
            times, ours = [], {}
            for _ in range(args.runs):
                for _label, _q, words in queries:
                    t0 = time.perf_counter()
                    ours[tuple(words)] = run_query(ix, schema, words)
                    times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            same_top = same_count = "-"
            if n in args.compare:
                from corpus.index import build_index
                from corpus.search import SearchIndex

                index = SearchIndex.from_data(build_index(docs), docs)
                agree_top = agree_count = 0
                for _label, q, words in queries:
                    theirs = index.search(q, limit=100_000)
                    ids, count = ours[tuple(words)]
                    agree_count += count == len(theirs)
                    agree_top += set(ids) <= {r.id for r in theirs}
                same_top = f"{agree_top}/{len(queries)}"
                same_count = f"{agree_count}/{len(queries)}"
            print(
                f"| {n} | tantivy bigram | {secs:.1f} | {statistics.median(times):.2f} | "
                f"{times[int(len(times) * 0.95) - 1]:.2f} | {same_top} | {same_count} |"
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
