"""The analyst report: one static HTML page, with its charts inlined as SVG, built from the published warehouse."""
