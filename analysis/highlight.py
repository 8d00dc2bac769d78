"""A text cut where coded passages begin and end, for the template to mark (no markup here)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    text: str
    start: int
    passages: list = field(default_factory=list)

    @property
    def codes(self) -> list:
        seen: dict[int, object] = {}
        for passage in self.passages:
            for code in passage.codes.all():
                seen.setdefault(code.pk, code)
        return list(seen.values())


def segments(text: str, passages: list) -> list[Segment]:
    """`text` cut at every start and end of the (attached) passages; each piece with the
    passages covering it. Joined, the pieces are the text exactly (offsets in code points)."""
    attached = [p for p in passages if not p.detached and 0 <= p.start < p.end <= len(text)]
    cuts = sorted({0, len(text), *(p.start for p in attached), *(p.end for p in attached)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        covering = [p for p in attached if p.start <= a and b <= p.end]
        out.append(Segment(text=text[a:b], start=a, passages=covering))
    return out
