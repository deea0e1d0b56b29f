"""gongbao's corpus: turns raw gazette text into a clean, structured, searchable store.

The pipeline runs as stages, one module each: read → clean → reflow → split → structure →
index → links → store (see `corpus.pipeline`). Nothing here imports Textual; the browser in
`tui/` reads the corpus only through `corpus.api.Library`.
"""
