"""What `make bench` counts as a page's engine payload (scripts/bench.py)."""

from __future__ import annotations

from scripts.bench import not_at_start
from scripts.content import LANGUAGES
from tests.wizard_form import engine_manifest


def test_a_pages_payload_counts_its_own_content_file_and_no_other(built_site):
    _, manifest = engine_manifest(built_site)
    contents = manifest["content"]
    for lang in LANGUAGES:
        skipped = not_at_start(manifest, lang)
        assert contents[lang] not in skipped, lang  # the Russian page's file is the Kazakh one too
        assert set(contents.values()) - {contents[lang]} <= skipped, lang
        assert set(manifest["on_demand"].values()) <= skipped, lang
