"""The verdicts marts.claim_checks gives, in the order an analyst reads them: what needs attention first.

Kept apart from the seed schemas so that the commands and the report, which only read, do not load Pandera.
"""

VERDICTS = ["error", "contradicted", "stale", "unverifiable", "supported"]
