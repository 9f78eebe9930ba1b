"""Renders the site's pages from content/ into docs/<page>.<lang>.md.

`python -m scripts.render_pages` loads content (scripts/content.py), validates
it (scripts/validate_content.py), then for every page of
`content/site/pages.yaml` and every language writes `docs/<page>.<lang>.md`:

    front matter (title, description, template) · H1 · unofficial-translation
    notice (when the language is not authoritative for the page's documents)
    · legal-source box · body (scripts/templates/pages/<page>.md.j2)
    · disclaimer · printed address · glossary abbreviations

Body templates are Jinja2 (StrictUndefined, trim_blocks, lstrip_blocks)
producing Markdown. Their context:

    lang            "ru" | "kk" | "ky" | "en" | "uz"
    print_lang      the print sheet's second language (scripts.content.print_language)
    c               load_content() result: c.diseases, c['procedures/foreigners'],
                    c.documents.dsm121_2020 …
    t(x)            x in the page's language ({ru,kk,ky,en} map; plain strings
                    and numbers pass through); a missing language fails
    ui(key, **kw)   interface string from content/site/ui.yaml (+ ui-fragments),
                    dotted key; keyword arguments fill {placeholders}
    cite(source)    Markdown link(s) to the cited part(s):
                    [Order ҚР ДСМ-121/2020, Annex 1, row 6](diseases.md#dsm121_2020-annex1)
    anchor(doc, part)  "{ #doc-part }" attr_list to put after a heading
    link(page, anchor=None)  "page.md#anchor" link target
    page, pages     this page's and all pages' entries of pages.yaml
    fmt_date(d)     a date as the site writes it (DD.MM.YYYY)
    abbreviations(lang)  {short form: expansion} of the glossary (the wizard's results)
    doc_number(n)   a document's number as the page's language writes it:
                    "№ 665" stays in ru/kk/ky, reads "No. 665" in en

Anything missing (language, document, part, page, template) stops the build
with a message naming the page, the language and what is missing.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
import yaml

from scripts.content import CONTENT_DIR, DEFAULT_LANGUAGE, LANGUAGES, ROOT, load_content, print_language
from scripts import build_manifests
from scripts.validate_content import ContentError, validate

DOCS_DIR = ROOT / "docs"
TEMPLATES_DIR = ROOT / "scripts" / "templates"
UI_FILE = CONTENT_DIR / "site" / "ui.yaml"
UI_FRAGMENTS_DIR = CONTENT_DIR / "site" / "ui-fragments"
# Material would load this web-worker shim from unpkg.com; we serve our own copy.
IFRAME_WORKER_SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
VENDOR_SHIM = DOCS_DIR / "assets" / "vendor" / "iframe-worker" / "shim.js"
LOCATORS = ("row", "item", "step", "subparagraph")


class RenderError(Exception):
    """A page cannot be rendered; the message says which and why."""


# Interface strings ----------------------------------------------------------

def load_ui(ui_file: Path = UI_FILE, fragments_dir: Path = UI_FRAGMENTS_DIR) -> dict[str, Any]:
    """ui.yaml merged with every ui-fragments/*.yaml; a key defined twice fails."""
    merged = yaml.safe_load(ui_file.read_text(encoding="utf-8")) or {}
    for fragment in sorted(fragments_dir.glob("*.yaml")) if fragments_dir.is_dir() else []:
        data = yaml.safe_load(fragment.read_text(encoding="utf-8")) or {}
        _merge_ui(merged, data, _display_path(fragment), ())
    return merged


def _display_path(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and any(lang in value for lang in LANGUAGES)


def _merge_ui(into: dict, data: dict, origin: str, path: tuple[str, ...]) -> None:
    for key, value in data.items():
        dotted = ".".join(path + (key,))
        if key not in into:
            into[key] = value
        elif isinstance(into[key], dict) and isinstance(value, dict) \
                and not _is_text(into[key]) and not _is_text(value):
            _merge_ui(into[key], value, origin, path + (key,))
        else:
            raise RenderError(f"{origin}: ui key '{dotted}' is already defined "
                              f"(in content/site/ui.yaml or another fragment)")


# The template context --------------------------------------------------------

def fmt_date(value: Any) -> str:
    """`2020-10-09` → `09.10.2020`; a bare year stays as it is."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[1]}.{parts[0]}"
    return text


class Site:
    """Content, interface strings and pages, shared by every page and language."""

    def __init__(self, content: dict[str, Any], ui_strings: dict[str, Any]):
        self.content = content
        self.ui_strings = ui_strings
        pages_file = content.get("site/pages")
        if not pages_file:
            raise RenderError("content/site/pages.yaml is missing")
        self.pages: list[dict[str, Any]] = pages_file["pages"]
        self.pages_by_id = {page["id"]: page for page in self.pages}
        self.in_force_as_of = pages_file["in_force_as_of"]
        self.documents: dict[str, Any] = content["documents"]

    def page_file(self, page_id: str, lang: str) -> str:
        return f"{page_id}.{lang}.md"


class PageContext:
    """The functions a body template calls, bound to one page and language."""

    def __init__(self, site: Site, page: dict[str, Any], lang: str):
        self.site = site
        self.page = page
        self.lang = lang
        self.where = f"page '{page['id']}' ({lang})"

    # t(x)
    def t(self, value: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return value
        if isinstance(value, dict):
            text = value.get(self.lang)
            if text is None or (isinstance(text, str) and not text.strip()):
                raise RenderError(f"{self.where}: text has no '{self.lang}' translation: "
                                  f"{_short(value)}")
            return text
        raise RenderError(f"{self.where}: t() needs a {{ru,kk,ky,en}} map or a plain string, "
                          f"got {type(value).__name__}: {_short(value)}")

    # ui(key)
    def ui(self, key: str, **fields: Any) -> Any:
        node: Any = self.site.ui_strings
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise RenderError(f"{self.where}: no interface string '{key}' in "
                                  f"content/site/ui.yaml or content/site/ui-fragments/")
            node = node[part]
        if isinstance(node, list):
            return [self.t(item) for item in node]
        if not _is_text(node):
            raise RenderError(f"{self.where}: ui key '{key}' is a group, not a text")
        text = self.t(node)
        if fields:
            try:
                text = text.format(**fields)
            except (KeyError, IndexError) as err:
                raise RenderError(f"{self.where}: ui string '{key}' ({self.lang}) "
                                  f"needs placeholder {err}") from None
        return text

    # link(page, anchor)
    def link(self, page_id: str, anchor: str | None = None) -> str:
        if page_id not in self.site.pages_by_id:
            raise RenderError(f"{self.where}: link to unknown page '{page_id}'")
        target = f"{page_id}.md"
        return f"{target}#{anchor}" if anchor else target

    def document(self, doc_id: str) -> dict[str, Any]:
        try:
            return self.site.documents[doc_id]
        except KeyError:
            raise RenderError(f"{self.where}: unknown document '{doc_id}' "
                              f"(no content/documents/{doc_id}.yaml)") from None

    def part(self, doc_id: str, part_id: str) -> dict[str, Any]:
        parts = self.document(doc_id).get("parts") or {}
        if part_id not in parts:
            raise RenderError(f"{self.where}: document '{doc_id}' has no part '{part_id}'")
        return parts[part_id]

    # anchor(document, part)
    def anchor(self, doc_id: str, part_id: str) -> str:
        part = self.part(doc_id, part_id)
        if part.get("page") != self.page["id"]:
            raise RenderError(f"{self.where}: anchor {doc_id}-{part_id} belongs on page "
                              f"'{part.get('page')}' (content/documents/{doc_id}.yaml)")
        return "{ #" + anchor_id(doc_id, part_id) + " }"

    # doc_number(number)
    def doc_number(self, number: Any) -> str:
        """Documents keep their number as the source writes it ("№ 665"); the
        number sign is a word of the page's language (ui `document.number_sign`:
        "No." in English)."""
        text = str(number)
        if text.startswith("№"):
            return f"{self.ui('document.number_sign')} {text[1:].lstrip()}"
        return text

    def document_name(self, doc_id: str) -> str | None:
        """How a document is named in citations: its `short_title`, else
        "Order № 665"; a web page is named by the part's own label (None)."""
        doc = self.document(doc_id)
        kind = doc.get("kind", "order")
        if doc.get("short_title"):
            return self.t(doc["short_title"])
        if doc.get("number"):
            return self.ui(f"cite.numbered.{kind}", number=self.doc_number(doc["number"]))
        if kind == "web":
            return None
        return self.ui("cite.unnumbered", kind=self.ui(f"document.kind.{kind}"),
                       title=self.t(doc["title"]))

    # cite(source)
    def cite(self, source: Any) -> str:
        if isinstance(source, jinja2.Undefined) or source is None:
            raise RenderError(f"{self.where}: cite() called without a source")
        sources = source if isinstance(source, list) else [source]
        if not sources:
            raise RenderError(f"{self.where}: cite() called with an empty list of sources")
        return self.ui("cite.separator").join(self._cite_one(s) for s in sources)

    def _cite_one(self, source: Any) -> str:
        if not isinstance(source, dict) or "document" not in source or "part" not in source:
            raise RenderError(f"{self.where}: a source must be {{document, part}}, got "
                              f"{_short(source)}")
        doc_id, part_id = source["document"], source["part"]
        part = self.part(doc_id, part_id)
        words = [w for w in (self.document_name(doc_id), self.t(part["label"])) if w]
        for locator in LOCATORS:
            if locator in source:
                words.append(self.ui(f"cite.locator.{locator}", value=source[locator]))
        text = ", ".join(str(w) for w in words)
        return f"[{_escape_link_text(text)}]({self.link(part['page'], anchor_id(doc_id, part_id))})"


def anchor_id(doc_id: str, part_id: str) -> str:
    return f"{doc_id}-{part_id}"


def _escape_link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


# Page parts the renderer adds around the body -------------------------------

def authoritative_languages(site: Site, page: dict[str, Any]) -> list[str]:
    """Languages in which the page's source texts are verbatim, in the order the
    documents give them; empty when the page rests on no such document."""
    languages: list[str] = []
    for doc_id in page["documents"]:
        doc = site.documents.get(doc_id)
        if doc is None:
            raise RenderError(f"content/site/pages.yaml: page '{page['id']}' rests on unknown "
                              f"document '{doc_id}'")
        for lang in doc.get("authoritative") or []:
            if lang not in languages:
                languages.append(lang)
    return languages


def _language_list(ctx: PageContext, languages: list[str]) -> str:
    return ", ".join(ctx.ui(f"language.{lang}") for lang in languages)


def _document_source_sentences(ctx: PageContext, doc_id: str) -> str:
    """What the notice says about one document: the languages in which the
    document itself is official (`official_languages`: for a Kazakhstan order,
    Kazakh and Russian) apart from the languages in which this site holds its
    text verbatim (`authoritative`), which may include a language that is
    verbatim from a source but not official (the Kyrgyz guide text of order
    ҚР ДСМ-121/2020)."""
    doc = ctx.document(doc_id)
    verbatim = doc.get("authoritative") or []
    name = ctx.document_name(doc_id) or ctx.t(doc["title"])
    links = ", ".join(
        f"[{ctx.ui(f'language_name.{lang}')}]({page_url_from(ctx.page['id'], ctx.lang, lang)})"
        f"{{ hreflang={lang} lang={lang} }}"
        for lang in verbatim
    )
    official = doc.get("official_languages")
    if not official:
        return ctx.ui("notice.verbatim", document=name, links=links)
    text = ctx.ui("notice.official", document=name, official=_language_list(ctx, official),
                  links=links)
    not_official = [lang for lang in verbatim if lang not in official]
    if not_official:
        text += " " + ctx.ui("notice.not_official", languages=_language_list(ctx, not_official))
    return text


def unofficial_notice(ctx: PageContext) -> str:
    """The translation notice on a page in a language we translated into (for
    a page of our own words, `own_text`, every language but the default); on a
    page whose text is verbatim but not in an official language of its
    document, a source notice saying so. Nothing when the page's language is
    verbatim and official (or the page rests on no verbatim text)."""
    languages = authoritative_languages(ctx.site, ctx.page)
    if not languages:
        if ctx.lang in verbatim_languages(ctx.site):
            return ""
        # A language nothing on the site is verbatim in (Uzbek): every page is
        # our translation, so every page says so and links to the Russian.
        link = (f"[{ctx.ui(f'language_name.{DEFAULT_LANGUAGE}')}]"
                f"({page_url_from(ctx.page['id'], ctx.lang, DEFAULT_LANGUAGE)})"
                f"{{ hreflang={DEFAULT_LANGUAGE} lang={DEFAULT_LANGUAGE} }}")
        sentences = [ctx.ui("notice.unofficial"), review_sentence(ctx),
                     ctx.ui("notice.site_original", links=link)]
        return _notice("translation-notice", sentences)
    held = [d for d in ctx.page["documents"] if ctx.document(d).get("authoritative")]
    # A page of our own words (pages.yaml `own_text`: the wizard) is our
    # translation in every language but the one it was written in.
    ours = ctx.page.get("own_text") and ctx.lang != DEFAULT_LANGUAGE
    if ctx.lang not in languages or ours:
        sentences = [ctx.ui("notice.unofficial"), review_sentence(ctx)]
        sentences.append(_documents_sentences(ctx, held))
        css = "translation-notice"
    else:
        concerned = [d for d in held
                     if ctx.lang in ctx.document(d)["authoritative"]
                     and ctx.document(d).get("official_languages")
                     and ctx.lang not in ctx.document(d)["official_languages"]]
        if not concerned:
            return ""
        sentences = [_documents_sentences(ctx, concerned)]
        css = "source-notice"
    return _notice(css, sentences)


def _documents_sentences(ctx: PageContext, doc_ids: list[str]) -> str:
    """Each document's official and verbatim languages; for more than one, in
    a <details> that starts closed: on a phone five of them filled the first
    screen of the wizard before its first question. What the notice says
    first (that the text is our translation) stays in view."""
    sentences = [_document_source_sentences(ctx, d) for d in doc_ids]
    if len(sentences) < 2:
        return "\n\n".join(sentences)
    summary = html.escape(ctx.ui("notice.documents", n=len(sentences)), quote=False)
    body = "\n\n".join(sentences)
    return f'<details class="notice__documents" markdown>\n<summary>{summary}</summary>\n\n{body}\n\n</details>'


def _notice(css: str, sentences: list[str]) -> str:
    body = "\n\n".join(s for s in sentences if s)
    return f'<div class="{css}" role="note" markdown>\n\n{body}\n\n</div>\n'


def verbatim_languages(site: Site) -> set[str]:
    """The languages any document's text is held verbatim in."""
    return {lang for doc in site.documents.values() for lang in doc.get("authoritative") or []}


def review_sentence(ctx: PageContext) -> str:
    """Whether a native speaker has checked this language's translation
    (content/site/translation_reviews.yaml): the latest review, or that
    there is none yet."""
    reviews = [review for review in (ctx.site.content.get("site/translation_reviews") or {}).get("reviews", [])
               if review["lang"] == ctx.lang]
    if not reviews:
        return ctx.ui("notice.not_reviewed")
    latest = max(reviews, key=lambda review: str(review["date"]))
    return ctx.ui("notice.reviewed", by=latest["by"], date=fmt_date(latest["date"]))


def page_url_from(page_id: str, from_lang: str, to_lang: str) -> str:
    """Relative URL of a page in another language (the i18n plugin resolves
    `page.md` links only within the current language)."""
    up = "../" if from_lang != DEFAULT_LANGUAGE else ""
    depth = "" if page_id == "index" else "../"
    prefix = "" if to_lang == DEFAULT_LANGUAGE else f"{to_lang}/"
    target = "" if page_id == "index" else f"{page_id}/"
    return f"{depth}{up}{prefix}{target}" or "./"


def plural_form(lang: str, n: int) -> str:
    """CLDR plural category of a count: Russian has one/few/many, English
    one/many; Kazakh and Kyrgyz do not inflect the noun after a number."""
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
            return "few"
        return "many"
    if lang == "en":
        return "one" if n == 1 else "many"
    return "many"


def legal_source_box(ctx: PageContext) -> str:
    """The documents the page rests on, in a <details> whose summary says how
    many and as of when: on a phone a long list would push the page's own
    content screens down. Open unless pages.yaml says `source_box: closed`;
    print.css prints it open either way."""
    documents = ctx.page["documents"]
    if not documents:
        return ""
    items = [f"- {document_summary(ctx, doc_id)}" for doc_id in documents]
    as_of_date = fmt_date(ctx.site.in_force_as_of)
    as_of = ctx.ui("source_box.as_of", date=as_of_date)
    count = ctx.ui(f"source_box.count.{plural_form(ctx.lang, len(documents))}",
                   n=len(documents), date=as_of_date)
    is_open = " open" if ctx.page.get("source_box", "open") == "open" else ""
    summary = (f'<summary class="legal-source__title"><strong>'
               f"{html.escape(ctx.ui('source_box.title'))}</strong>: "
               f"{html.escape(count)}</summary>")
    return (f'<div class="legal-source" role="note" markdown>\n'
            f'<details class="legal-source__details"{is_open} markdown>\n'
            f"{summary}\n\n"
            + "\n".join(items) +
            f"\n\n{as_of}\n{{ .legal-source__as-of }}\n\n</details>\n</div>\n")


def document_summary(ctx: PageContext, doc_id: str) -> str:
    """One line about a document: name and title linked to the official text,
    date, registration, amendments."""
    doc = ctx.document(doc_id)
    name = ctx.document_name(doc_id)
    title = ctx.t(doc["title"])
    quoted = f"«{title}»" if ctx.lang != "en" else f"“{title}”"
    heading = f"{name} {quoted}" if name and title not in name else (name or title)
    official = doc.get(f"url_{ctx.lang}") or doc.get("url")
    parts = [f"[{_escape_link_text(heading)}]({official})" if official else heading]
    if doc.get("date"):
        parts.append(f"{ctx.ui('source_box.date')}: {fmt_date(doc['date'])}")
    if doc.get("issuer"):
        parts.append(f"{ctx.ui('source_box.issuer')}: {ctx.t(doc['issuer'])}")
    registration = doc.get("registration")
    if registration:
        reg = [ctx.ui("source_box.registration_number", number=registration["number"])]
        if registration.get("date"):
            reg.append(fmt_date(registration["date"]))
        if registration.get("by"):
            reg.append(ctx.t(registration["by"]))
        parts.append(f"{ctx.ui('source_box.registration')}: {', '.join(reg)}")
    amendments = doc.get("amendments") or []
    if amendments:
        listed = ", ".join(
            f"{ctx.doc_number(a['number'])} ({fmt_date(a['date'])})" if a.get("date")
            else ctx.doc_number(a["number"])
            for a in amendments)
        parts.append(f"{ctx.ui('source_box.amendments')}: {listed}")
    if not official:
        parts.append(ctx.ui("source_box.no_official_text"))
    return " · ".join(str(p) for p in parts)


def abbreviation_forms(content: dict[str, Any], lang: str) -> dict[str, str]:
    """{short form: expansion} of the glossary in one language: the pages'
    Markdown abbreviations and the wizard's results (abbreviations(lang))."""
    glossary = content.get("glossary")
    if not glossary:
        return {}
    terms = glossary.get("terms", []) if isinstance(glossary, dict) else glossary
    forms_found: dict[str, str] = {}
    for term in terms:
        if not isinstance(term, dict) or "abbr" not in term or "expansion" not in term:
            continue
        abbr = term["abbr"].get(lang) if isinstance(term["abbr"], dict) else term["abbr"]
        expansion = term["expansion"].get(lang) if isinstance(term["expansion"], dict) \
            else term["expansion"]
        if not abbr or not expansion:
            continue
        forms = list(abbr) if isinstance(abbr, list) else [abbr]
        # Other short forms found in the sources (typos kept verbatim, older
        # forms) get the same expansion.
        forms += [v["form"] for v in term.get("variants") or []
                  if v.get("abbr") and v.get("lang") == lang]
        for one in forms:
            forms_found.setdefault(one, " ".join(str(expansion).split()))
    return forms_found


def glossary_abbreviations(content: dict[str, Any], lang: str) -> str:
    """Markdown `*[ABBR]: expansion` lines for the language (abbr extension):
    every page shows the expansion of a term on hover and on focus."""
    lines = [f"*[{form}]: {expansion}" for form, expansion in abbreviation_forms(content, lang).items()]
    return "\n".join(lines) + "\n" if lines else ""


def front_matter(ctx: PageContext) -> str:
    meta: dict[str, str] = {"title": ctx.t(ctx.page["title"])}
    if ctx.page.get("template"):
        meta["template"] = ctx.page["template"]
    if ctx.page.get("description"):
        meta["description"] = " ".join(ctx.t(ctx.page["description"]).split())
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def page_footer(ctx: PageContext) -> str:
    return (f"\n{ctx.ui('notice.disclaimer')}\n{{ .page-disclaimer }}\n\n"
            f'<p class="md-print-url">{ctx.ui("print.address")}: '
            f'<span data-print-url>{page_path(ctx.page["id"], ctx.lang)}</span></p>\n')


def page_path(page_id: str, lang: str) -> str:
    prefix = "/" if lang == DEFAULT_LANGUAGE else f"/{lang}/"
    return prefix if page_id == "index" else f"{prefix}{page_id}/"


# Rendering -------------------------------------------------------------------

def template_environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(env: jinja2.Environment, site: Site, page: dict[str, Any], lang: str) -> str:
    ctx = PageContext(site, page, lang)
    template_name = f"pages/{page['id']}.md.j2"
    try:
        template = env.get_template(template_name)
    except jinja2.TemplateNotFound:
        raise RenderError(f"{ctx.where}: missing body template "
                          f"scripts/templates/{template_name}") from None
    context: dict[str, Any] = {
        "lang": lang,
        "languages": LANGUAGES,
        "default_language": DEFAULT_LANGUAGE,
        "print_lang": print_language(lang),
        "c": site.content,
        "t": ctx.t,
        "ui": ctx.ui,
        "cite": ctx.cite,
        "anchor": ctx.anchor,
        "link": ctx.link,
        "page": page,
        "pages": site.pages,
        "fmt_date": fmt_date,
        "doc_number": ctx.doc_number,
        "abbreviations": lambda language=lang: abbreviation_forms(site.content, language),
    }
    try:
        body = template.render(context)
    except RenderError:
        raise
    except jinja2.TemplateError as err:
        lineno = getattr(err, "lineno", None) or _template_line(err, template.filename)
        line = f", line {lineno}" if lineno else ""
        raise RenderError(f"{ctx.where}: scripts/templates/{template_name}{line}: "
                          f"{type(err).__name__}: {err}") from None
    title = ctx.t(page["title"])
    notice = unofficial_notice(ctx)
    pieces = [
        front_matter(ctx),
        f"\n# {title}\n\n",
        notice,
        "\n" if notice else "",
        legal_source_box(ctx),
        "\n",
        body.strip("\n"),
        "\n",
        page_footer(ctx),
        "\n",
        glossary_abbreviations(site.content, lang),
    ]
    return "".join(pieces)


def _template_line(err: BaseException, filename: str | None) -> int | None:
    """Jinja rewrites tracebacks so template frames carry the template's line."""
    line = None
    tb = err.__traceback__
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def vendor_polyfills() -> None:
    if not IFRAME_WORKER_SHIM.is_file():
        raise RenderError(f"{IFRAME_WORKER_SHIM.relative_to(ROOT)} is missing: run "
                          f"`npm ci` (make deps) first")
    VENDOR_SHIM.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(IFRAME_WORKER_SHIM, VENDOR_SHIM)


def render_all(content_root: Path = CONTENT_DIR, docs_dir: Path = DOCS_DIR,
               templates_dir: Path = TEMPLATES_DIR,
               languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """Validates content and writes every page in every language; returns the
    files written. Generated pages that no longer exist are deleted."""
    validate(content_root)
    content = load_content(content_root)
    ui_strings = load_ui(content_root / "site" / "ui.yaml", content_root / "site" / "ui-fragments")
    site = Site(content, ui_strings)
    env = template_environment(templates_dir)
    rendered = {docs_dir / site.page_file(page["id"], lang): render_page(env, site, page, lang)
                for page in site.pages for lang in languages}
    docs_dir.mkdir(parents=True, exist_ok=True)
    for stale in docs_dir.glob("*.md"):
        if stale not in rendered:
            stale.unlink()
    for path, text in rendered.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return sorted(rendered)


def main(argv: list[str] | None = None) -> int:
    try:
        written = render_all()
        vendor_polyfills()
        # The installable site: one web app manifest per language, and its icons.
        build_manifests.write_all(DOCS_DIR)
    except ContentError as err:
        print(f"render_pages: {err}", file=sys.stderr)
        return 1
    except RenderError as err:
        print(f"render_pages: error: {err}", file=sys.stderr)
        return 1
    print(f"render_pages: {len(written)} pages written to {DOCS_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
