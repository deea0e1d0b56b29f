"""gongbao's terminal browser: a Textual app over `corpus.api.Library`."""
