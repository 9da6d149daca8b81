"""docs/results.md: the measured-results file that make bench and make render each rewrite a block of."""
import os

RESULTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "results.md")


def replace_block(name, text, heading):
    """Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->` (appends the block under `heading` if missing)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    with open(RESULTS) as f:
        doc = f.read()
    block = f"{begin}\n{text}\n{end}"
    if begin in doc and end in doc:
        doc = doc[:doc.index(begin)] + block + doc[doc.index(end) + len(end):]
    else:
        doc = doc.rstrip("\n") + f"\n\n{heading}\n\n" + block + "\n"
    with open(RESULTS, "w") as f:
        f.write(doc)
