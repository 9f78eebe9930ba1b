"""The PO workflow for native reviewers (scripts/translations.py): export and
import change nothing by themselves, an edit changes exactly its text, and
texts held verbatim from a source cannot be changed through it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from scripts.content import CONTENT_DIR, ROOT, content_files, path_id
from scripts.translations import (AUTHORITATIVE_FLAG, RefusedError, export, import_po, target_languages,
                                  texts_of)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("po"))[0].parent


@pytest.fixture
def content_copy(tmp_path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root, ignore=shutil.ignore_patterns("sources"))
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {path_id(p, root): p.read_text(encoding="utf-8") for p in content_files(root)}


def catalog(po: Path):
    with po.open("rb") as handle:
        return read_po(handle)


def rewrite(po: Path, into: Path, change) -> Path:
    """A copy of `po` with `change(message)` applied to every message."""
    cat = catalog(po)
    for message in cat:
        if message.id:
            change(message)
    out = into / po.name
    with out.open("wb") as handle:
        write_po(handle, cat, width=0)
    return out


def first(po: Path, predicate):
    return next(m for m in catalog(po) if m.id and predicate(m))


def load(root: Path, file_id: str):
    return yaml.safe_load((root / f"{file_id}.yaml").read_text(encoding="utf-8"))


def test_every_translation_language_gets_one_po_file_with_every_text(exported):
    texts = sum(len(texts_of(p)) for p in content_files())
    assert texts > 1000
    for lang in target_languages():
        messages = [m for m in catalog(exported / f"{lang}.po") if m.id]
        assert len(messages) == texts, lang
        assert all(":" in m.context for m in messages)


def test_msgctxt_names_the_file_and_the_item_by_its_id(exported):
    measles = first(exported / "ky.po", lambda m: m.context == "diseases:diseases[id=measles].name")
    by_id = {d["id"]: d for d in load(CONTENT_DIR, "diseases")["diseases"]}
    assert (measles.id, measles.string) == (by_id["measles"]["name"]["ru"], by_id["measles"]["name"]["ky"])


def test_verbatim_texts_are_flagged_authoritative_only_in_their_seed_languages(exported):
    ky = first(exported / "ky.po", lambda m: m.context == "diseases:diseases[id=measles].name")
    kk = first(exported / "kk.po", lambda m: m.context == "diseases:diseases[id=measles].name")
    assert AUTHORITATIVE_FLAG in ky.flags and "content/sources/001_" in " ".join(ky.auto_comments)
    assert AUTHORITATIVE_FLAG not in kk.flags
    questions = [m for m in catalog(exported / "ky.po") if m.id and m.context.startswith("questions:")]
    assert questions and not any(AUTHORITATIVE_FLAG in m.flags for m in questions)


def test_export_then_import_changes_nothing(exported, content_copy):
    before = snapshot(content_copy)
    report = import_po(sorted(exported.glob("*.po")), root=content_copy)
    assert report.changed == report.stale == report.unknown == []
    assert snapshot(content_copy) == before


@pytest.mark.parametrize("file_id", ["questions", "procedures/osms_2026", "site/ui"])
def test_an_edited_msgstr_changes_exactly_that_string(exported, content_copy, tmp_path, file_id):
    target = first(exported / "en.po", lambda m: m.context.startswith(f"{file_id}:")
                   and AUTHORITATIVE_FLAG not in m.flags and m.string)
    new_text = 'Reviewed: "quoted" text, with a colon: and a # sign'
    po = rewrite(exported / "en.po", tmp_path,
                 lambda m: setattr(m, "string", new_text) if m.context == target.context else None)
    before = snapshot(content_copy)
    report = import_po([po], root=content_copy)
    assert report.changed == [f"en {target.context}"]
    after = snapshot(content_copy)
    assert [k for k in after if after[k] != before[k]] == [file_id]
    changed = {t.context: t.values for t in texts_of(content_copy / f"{file_id}.yaml", root=content_copy)}
    original = {t.context: t.values for t in texts_of(CONTENT_DIR / f"{file_id}.yaml")}
    assert changed[target.context]["en"] == new_text
    assert {c: v for c, v in changed.items() if c != target.context} == \
           {c: v for c, v in original.items() if c != target.context}
    assert after[file_id].count("\n") == before[file_id].count("\n")


def test_an_edit_to_an_authoritative_text_is_refused_and_nothing_is_written(exported, content_copy, tmp_path):
    target = first(exported / "ky.po", lambda m: AUTHORITATIVE_FLAG in m.flags)
    other = first(exported / "ky.po", lambda m: AUTHORITATIVE_FLAG not in m.flags and m.string)

    def change(message):
        if message.context in (target.context, other.context):
            message.string = message.string + " (edited)"
    po = rewrite(exported / "ky.po", tmp_path, change)
    before = snapshot(content_copy)
    with pytest.raises(RefusedError, match="verbatim from a source document"):
        import_po([po], root=content_copy)
    assert snapshot(content_copy) == before


def test_the_cli_refuses_with_a_message_and_a_failing_status(exported, tmp_path):
    target = first(exported / "kk.po", lambda m: AUTHORITATIVE_FLAG in m.flags)
    po = rewrite(exported / "kk.po", tmp_path,
                 lambda m: setattr(m, "string", "өзгертілді") if m.context == target.context else None)
    before = snapshot(CONTENT_DIR)
    run = subprocess.run([sys.executable, "-m", "scripts.translations", "import", str(po)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert "refused, nothing written" in run.stderr and target.context in run.stderr
    assert snapshot(CONTENT_DIR) == before


def test_an_entry_whose_russian_changed_is_skipped_as_stale(exported, content_copy, tmp_path):
    target = first(exported / "en.po", lambda m: m.context.startswith("questions:") and m.string)

    def change(message):
        if message.context == target.context:
            message.id = message.id + " (older wording)"
            message.string = "Translation of an older Russian text"
    po = rewrite(exported / "en.po", tmp_path, change)
    before = snapshot(content_copy)
    report = import_po([po], root=content_copy)
    assert report.changed == [] and report.stale == [f"en {target.context}"]
    assert snapshot(content_copy) == before


@pytest.mark.parametrize("style", ["flow", "block"])
def test_a_missing_language_key_is_added_to_its_map(exported, content_copy, tmp_path, style):
    # The export of a language a map lacks gives an empty msgstr; the reviewer fills it in.
    texts = [t for p in content_files(content_copy) for t in texts_of(p, root=content_copy)
             if bool(t.node.flow_style) == (style == "flow") and "en" in t.scalars and len(t.node.value) > 1]
    text = texts[0]
    file_id = text.context.split(":", 1)[0]
    path = content_copy / f"{file_id}.yaml"
    source = path.read_text(encoding="utf-8")
    key, value = next((k, v) for k, v in text.node.value if k.value == "en")
    start = key.start_mark.index
    if style == "flow":
        start = source.rfind(",", 0, start)
        path.write_text(source[:start] + source[value.end_mark.index:], encoding="utf-8")
    else:
        line_start = source.rfind("\n", 0, start)
        end = value.end_mark.index - (1 if source[value.end_mark.index - 1] == "\n" else 0)
        path.write_text(source[:line_start] + source[end:], encoding="utf-8")
    stripped = {t.context: t for t in texts_of(path, root=content_copy)}[text.context]
    assert "en" not in stripped.values
    po = rewrite(exported / "en.po", tmp_path,
                 lambda m: setattr(m, "string", "An added English text") if m.context == text.context else None)
    report = import_po([po], root=content_copy)
    assert report.changed == [f"en {text.context}"]
    restored = {t.context: t.values for t in texts_of(path, root=content_copy)}[text.context]
    assert restored["en"] == "An added English text"
    assert {k: v for k, v in restored.items() if k != "en"} == {k: v for k, v in text.values.items() if k != "en"}
