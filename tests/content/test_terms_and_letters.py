"""Guards over every content string of a language.

1. Kyrgyz text holds no Kazakh-only letter (ә ғ қ ұ һ і) outside the fragments
   listed, each with its reason, in content/site/letters-allowlist.yaml: such a
   letter means a Kazakh word was left in the Kyrgyz translation.
2. A glossary term is spelled out one way in each language. Where a text puts
   the abbreviation in brackets after a spelled-out form ("… (ММК)", "… (далее
   – ГОБМП)") or a spelled-out form in brackets after the abbreviation ("ВМС
   (…)"), and that form is recognisably the term (all its words but one are
   there), it must be the glossary's `expansion` or one of the term's declared
   `variants` in that language. Words are compared by stem (the last two
   letters may differ), so case endings pass and other words do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scripts.content import LANGUAGES
from tests.content.strings import CONTENT, content_strings

KAZAKH_ONLY = re.compile(r"[әғқұһіӘҒҚҰҺІ]")
WORD = re.compile(r"[^\W\d_][\w-]*")


def load(rel: str) -> dict:
    return yaml.safe_load((CONTENT / rel).read_text(encoding="utf-8"))


STRINGS = list(content_strings())
ALLOWED = load("site/letters-allowlist.yaml")["ky_kazakh_letters"]
TERMS = load("glossary.yaml")["terms"]


# ------------------------------------------------------------ Kazakh letters in Kyrgyz

def kazakh_letters(text: str, fragments: list[str]) -> list[str]:
    """The Kazakh-only letters of `text` outside every allowed fragment, each
    with a little of the text around it."""
    covered: set[int] = set()
    for fragment in fragments:
        for match in re.finditer(re.escape(fragment), text):
            covered.update(range(match.start(), match.end()))
    return [text[max(0, m.start() - 12):m.end() + 12].replace("\n", " ")
            for m in KAZAKH_ONLY.finditer(text) if m.start() not in covered]


def test_kyrgyz_strings_hold_no_kazakh_only_letters():
    fragments = [entry["fragment"] for entry in ALLOWED]
    found = [f"{s.where()}: …{context}…"
             for s in STRINGS if s.lang == "ky"
             for context in kazakh_letters(s.text, fragments)]
    assert not found, ("Kazakh-only letters in Kyrgyz text (translate the word, or list the "
                       "exact fragment with its reason in content/site/letters-allowlist.yaml):\n"
                       + "\n".join(found))


def test_every_allowed_fragment_is_still_used():
    kyrgyz = [s.text for s in STRINGS if s.lang == "ky"]
    unused = [e["fragment"] for e in ALLOWED if not any(e["fragment"] in text for text in kyrgyz)]
    assert not unused, f"content/site/letters-allowlist.yaml: no Kyrgyz text uses {unused}"


def test_a_kazakh_word_in_kyrgyz_is_found():
    assert kazakh_letters("Жашаган жериңиз боюнча емханаға бекитилиңиз", ["ҚР ДСМ-"])
    (context,) = kazakh_letters("ҚР ДСМ-45 буйругу жана ҚР мыйзамы", ["ҚР ДСМ-"])
    assert context.endswith("жана ҚР мыйзамы")
    assert not kazakh_letters("№ ҚР ДСМ-121/2020 буйрук", ["ҚР ДСМ-"])


# ------------------------------------------------------------ one spelled-out form per term

def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("ё", "е"))


def stem(word: str) -> str:
    return word[:max(3, len(word) - 2)]


def is_form(candidate: list[str], form: str) -> bool:
    """`candidate` (words) is `form`, word by word, up to endings."""
    expected = words(form)
    return len(candidate) == len(expected) and all(
        got.startswith(stem(want)) for got, want in zip(candidate, expected))


def is_attempt(candidate: list[str], form: str) -> bool:
    """`candidate` holds all words of `form` but one, in any order: it spells
    the term out, rightly or not."""
    expected = words(form)
    present = sum(any(got.startswith(stem(want)) for got in candidate) for want in expected)
    return len(expected) > 1 and present >= len(expected) - 1


STEPS = {step["number"]: step["text"] for step in load("procedures/foreigners.yaml")["steps"]}


def cited_texts(variant: dict) -> list[str]:
    sources = variant["source"] if isinstance(variant["source"], list) else [variant["source"]]
    return [STEPS[src["step"]][variant["lang"]] for src in sources
            if src["document"] == "guide_foreigners" and "step" in src]


def spelled_out_forms(term: dict, lang: str, text: str) -> list[str]:
    """The glossary's expansion, its `alternative` variants, and a `typo` or
    `misleading` variant only inside the verbatim step it explains (the
    Kyrgyz guide's "милдеттүү медициналык камсыздандыруу (ММК)" stays in
    step 2) or where a text quotes it in «…» to explain it."""
    forms = [term["expansion"][lang]]
    for variant in term.get("variants", []):
        if variant["lang"] != lang or variant["abbr"]:
            continue
        quoted = "«" + variant["form"].lower() in text.lower()
        if variant["kind"] == "alternative" or quoted or text in cited_texts(variant):
            forms.append(variant["form"])
    return forms


def expansion_problems(text: str, lang: str, terms: list[dict] = TERMS) -> list[str]:
    problems = []
    for term in terms:
        abbr = re.escape(term["abbr"][lang])
        forms = spelled_out_forms(term, lang, text)
        # "… form (ABBR)", "… form (ABBR, …)", "… form (далее – ABBR)"
        for m in re.finditer(r"\((?:\s*|[^()]*[–—-]\s*)" + abbr + r"(?:\s*\)|,[^()]*\))", text):
            before = words(text[:m.start()])
            tails = [before[len(before) - len(words(f)):] for f in forms]
            if any(is_attempt(tail, f) for tail, f in zip(tails, forms)) and \
                    not any(is_form(tail, f) for tail, f in zip(tails, forms)):
                problems.append(f"{term['id']}: …{text[max(0, m.start() - 60):m.end()]}")
        # "ABBR (form)", the abbreviation maybe with an ending ("МСМКдагы (…)")
        for m in re.finditer(r"(?<!\w)" + abbr + r"[\w-]*\s*\(([^()]*)\)", text):
            inside = m.group(1)
            if re.search(r"\d", inside):   # "ВМС (приказ № 111)": a reference, not a form
                continue
            candidate = words(inside)
            head = stem(words(term["expansion"][lang])[-1])
            attempt = any(w.startswith(head) for w in candidate) or any(
                is_attempt(candidate[:len(words(f))], f) for f in forms)
            if attempt and not any(is_form(candidate, f) for f in forms):
                problems.append(f"{term['id']}: {m.group(0)}")
    return problems


def test_every_spelled_out_term_is_the_glossary_form():
    found = [f"{s.where()}: {problem}"
             for s in STRINGS if s.lang in LANGUAGES
             for problem in expansion_problems(s.text, s.lang)]
    assert not found, ("A term spelled out otherwise than in content/glossary.yaml (use its "
                       "`expansion`, or declare the form as one of its `variants`):\n"
                       + "\n".join(found))


@pytest.mark.parametrize("text", [
    # The Kyrgyz forms of imputed insurance this site used before: one names
    # Kyrgyzstan's own compulsory insurance, one is a third wording.
    "Милдеттүү медициналык камсыздандыруу (ММК) келишимиңиз барбы?",
    "иш берүүчү ММК (жүктөлгөн камсыздандыруу) келишимин түзүшү керек",
    "жүктөлгөн медициналык камсыздандыруу (ММК)",
    # GOBMP with its words in another order than the abbreviation's.
    "7) кепилденген акысыз медициналык жардамдын көлөмү (мындан ары – АМЖКК) – бюджеттин",
])
def test_old_kyrgyz_forms_fail(text):
    assert expansion_problems(text, "ky")


@pytest.mark.parametrize("lang, text", [
    ("ky", "Казакстандагы милдеттендирилген медициналык камсыздандыруу (ММК, орусча ВМС) келишимиңиз барбы?"),
    ("ky", "7) акысыз медициналык жардамдын кепилденген көлөмү (мындан ары – АМЖКК) – бюджеттин"),
    ("ru", "гарантированного объёма бесплатной медицинской помощи (ГОБМП)"),
    # A gloss is not a spelled-out form: free care "(GOBMP)" names the package.
    ("en", "With a disease on the list they get free medical care (GOBMP)."),
    # A declared variant: the Russian guide's own wording in step 5.
    ("ru", "при наличии электронно-цифровой подписи (ЭЦП)"),
    ("ru", "ВМС (приказ № 111)"),
])
def test_glossary_forms_glosses_and_variants_pass(lang, text):
    assert not expansion_problems(text, lang)


def test_a_misleading_variant_passes_only_in_the_step_it_explains():
    step2 = STEPS[2]["ky"]
    assert "милдеттүү медициналык камсыздандыруу (ММК)" in step2
    assert not expansion_problems(step2, "ky")
    assert not expansion_problems("Кыргыз тексти ВМСти «милдеттүү медициналык камсыздандыруу (ММК)» деп атайт", "ky")
