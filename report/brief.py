"""Each brief's own text, split into plain runs and the quotes its claims ledger marks, for its annotated text."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from schemas.verdicts import VERDICTS


@dataclass
class Mark:
    """One quote of the brief and the claims it states, coloured by the worst of their verdicts."""

    text: str
    claims: list[dict] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return min((claim["verdict"] for claim in self.claims), key=VERDICTS.index)


@dataclass
class BriefSection:
    """One brief as the report shows it: what it is (a row of seeds.briefs), its annotated text (empty for a plain
    list of claims), and its claims with their verdicts."""

    about: dict
    text: list[list[str | Mark]]
    claims: pd.DataFrame

    @property
    def verdicts(self) -> dict[str, int]:
        return self.claims["verdict"].value_counts().to_dict()


def sections(briefs: pd.DataFrame, lines: pd.DataFrame, quotes: pd.DataFrame,
             claims: pd.DataFrame) -> list[BriefSection]:
    """One section per brief, in the order of `briefs`."""
    return [BriefSection(about, annotate(lines[lines["brief"] == about["brief"]], quotes[quotes["brief"] == about["brief"]],
                                         claims[claims["brief"] == about["brief"]]),
                         claims[claims["brief"] == about["brief"]])
            for about in briefs.to_dict("records")]


def annotate(lines: pd.DataFrame, quotes: pd.DataFrame, claims: pd.DataFrame) -> list[list[str | Mark]]:
    """For each line of one brief, its runs in order: plain text as str, each claimed quote as a Mark.

    `quotes` places each claim's quote (claim_id, line, start, end); claims sharing one quote share
    its Mark. Quotes never overlap but where they are the same (a data test keeps it so).
    """
    by_claim = claims.set_index("claim_id").to_dict("index")
    annotated = []
    for line, text in lines.sort_values("line")[["line", "text"]].itertuples(index=False):
        runs, position = [], 0
        spans = quotes[quotes["line"] == line].sort_values(["start", "claim_id"])
        for (start, end), group in spans.groupby(["start", "end"], sort=True):
            if start < position:
                continue
            runs.append(text[position:start])
            runs.append(Mark(text[start:end], [{"claim_id": claim_id} | by_claim[claim_id]
                                               for claim_id in group["claim_id"] if claim_id in by_claim]))
            position = end
        runs.append(text[position:])
        annotated.append([run for run in runs if not isinstance(run, str) or run])
    return annotated
