"""One module a source: where its data comes from and how its snapshots parse."""
