"""HTML and Markdown releases read as a reader sees them: headline, paragraphs, entities, white space, and the inline
markup as codes with exact offsets; malformed pages read leniently; bad files refused with one line."""

from __future__ import annotations

import pytest

from aligner.errors import InputError
from aligner.ingest import parse_release, read_release
from aligner.model import CodeKind, ReleaseText


def html(source: str) -> ReleaseText:
    return parse_release(source.encode("utf-8"), "r.html")


def md(source: str) -> ReleaseText:
    return parse_release(source.encode("utf-8"), "r.md")


def wrapped(r: ReleaseText) -> list[tuple[str, str, str]]:
    """Each code as (kind, the text it wraps or stands for, its native markup)."""
    return [(c.kind.value, r.text[c.start : c.end], c.native_open or c.native_close) for c in r.codes]


def test_headline_is_the_first_h1_wherever_it_is_then_the_paragraphs_in_order():
    r = html(
        "<title>Site | Page</title><p>Communiqué de presse</p><h1>Le titre</h1><p>Premier.</p>"
        "<ul><li>Un<li>Deux</ul><h2>Sous-titre</h2><table><tr><td>A</td><td>B</td></tr></table>"
        "<div>Texte libre <span>en ligne</span></div><h1>Autre h1</h1><dl><dt>T</dt><dd>D</dd></dl>"
    )
    assert r.text.split("\n") == [
        "Le titre",
        "Communiqué de presse",
        "Premier.",
        "Un",
        "Deux",
        "Sous-titre",
        "A",
        "B",
        "Texte libre en ligne",
        "Autre h1",
        "T",
        "D",
    ]
    assert r.format == "html"


def test_without_h1_the_title_is_the_headline_and_without_either_the_first_block():
    assert html("<html><head><title>Le &laquo;titre&raquo;</title></head><p>Corps.</p>").text == "Le «titre»\nCorps."
    assert html("<p>Premier.</p><p>Second.</p>").text == "Premier.\nSecond."
    assert html("<h1>  </h1><title>T</title><p>x</p>").text == "T\nx"  # an h1 with no text is no headline


def test_scripts_styles_navigation_and_hidden_blocks_are_dropped():
    r = html(
        "<head><style>p{}</style><script>var a = '<p>no</p>';</script></head><body>"
        "<nav><a href=/>Accueil</a></nav><h1>T</h1><noscript>Activez JS</noscript>"
        "<template><p>modèle</p></template><div role=navigation>Préc. | Suiv.</div><ul role=menu><li>Menu</ul>"
        "<p hidden>caché</p><p>Vu<!-- commentaire --> ici.<button>Partager</button></p>"
        "<form><label>Nom</label><input value=x><select><option>Un</select><textarea>texte</textarea></form>"
        "<svg><text>dessin</text></svg><script>document.write('x')</script>Fin.</body>"
    )
    assert r.text == "T\nVu ici.\nNom\nFin."


def test_entities_are_decoded_and_white_space_collapses_as_html_does_but_no_break_spaces_stay():
    r = html("<p>\n   Le  &laquo;&nbsp;prix&nbsp;&raquo;\t est de 5&#8239;% &amp; plus &eacute\n  &lt;b&gt;   </p>")
    assert r.text == "Le «\u00a0prix\u00a0» est de 5\u202f% & plus é <b>"
    assert r.codes == ()  # escaped markup is text, not code


def test_inline_markup_becomes_codes_with_exact_offsets_and_native_tags():
    r = html('<p>Un <b>gras</b>, <a href="/x?a=1&amp;b=2" title="T">un lien</a> et <em>un <i>double</i></em>.</p>')
    assert r.text == "Un gras, un lien et un double."
    assert wrapped(r) == [
        ("paired", "gras", "<b>"),
        ("paired", "un lien", '<a href="/x?a=1&amp;b=2" title="T">'),
        ("paired", "un double", "<em>"),
        ("paired", "double", "<i>"),
    ]
    link = r.codes[1]
    assert link.native_close == "</a>" and dict(link.attrs) == {"href": "/x?a=1&b=2", "title": "T"}


def test_spaces_go_outside_codes_where_html_collapses_them():
    r = html("<p>un <b> gras </b> mot<b></b> fin <i>x</i></p>")
    assert r.text == "un gras mot fin x"
    assert [(c.start, c.end) for c in r.codes] == [(3, 7), (11, 11), (16, 17)]


def test_a_line_break_reads_as_the_space_its_code_stands_for():
    r = html("<p>Ligne un <br>\n  ligne deux<br><br>trois.<br></p><p><br>Quatre</p>")
    assert r.text == "Ligne un ligne deux trois.\nQuatre"
    breaks = [(c.start, c.end, c.placeholder) for c in r.codes]
    assert breaks == [(8, 9, True), (19, 20, True), (20, 20, False), (26, 26, False), (27, 27, False)]
    assert {r.text[c.start] for c in r.codes if c.placeholder} == {" "}


def test_images_are_standalone_codes_where_they_stand():
    r = html('<p>Voir <img src="a.png" alt="carte"> la carte.</p>')
    assert r.text == "Voir la carte." and wrapped(r) == [("standalone", "", '<img src="a.png" alt="carte">')]
    assert r.codes[0].start == 5


def test_malformed_html_is_read_leniently():
    r = html(
        "<h1>Titre<p>Un <b>gras <i>et</b> italique</i> texte</span>.<p>Deux &amp Trois <a href=x>lien</p>"
        "<li>point<li>autre</ul></div></div>"
    )
    assert r.text == "Titre\nUn gras et italique texte.\nDeux & Trois lien\npoint\nautre"
    assert [k for k, _, _ in wrapped(r)] == ["paired"] * 3  # b, i (closed where b closes), a closed with its <p>


def test_inline_markup_that_wraps_blocks_spans_lines():
    r = html('<a href="/x"><p>Un.</p><p>Deux.</p></a><p>Trois.</p>')
    assert r.text == "Un.\nDeux.\nTrois."
    assert [(c.kind, c.start, c.end) for c in r.codes] == [(CodeKind.PAIRED, 0, 9)]


def test_source_lines_map_each_text_line_to_its_file_line():
    r = html("<html>\n<body>\n<p>Un</p>\n\n<h1>Titre</h1>\n<p>Deux\nsuite</p>\n</body>")
    assert r.text == "Titre\nUn\nDeux suite" and r.lines == (5, 3, 6)
    assert r.file_line(1) == 5 and r.file_line(3) == 6


def test_a_deeply_nested_page_is_read_and_one_nested_beyond_the_parsers_limit_is_one_error(tmp_path):
    depth = 2000
    r = html("<p>" + "<b>" * depth + "fond" + "</b>" * depth + "</p><p>après</p>")
    assert r.text == "fond\naprès" and len(r.codes) == depth
    deep = tmp_path / "deep.html"
    deep.write_text("<p>début</p>\n" + "<b>" * 5000 + "fond", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_release(deep)
    assert str(err.value) == f"{deep}:2: cannot be read as HTML (Excessive depth in document: 2048)"


@pytest.mark.parametrize("source", ["", "   \n", "<html><body></body></html>", "<!-- rien -->", "<p> </p><br>"])
def test_a_page_with_no_text_is_an_empty_release(source):
    assert html(source).text == ""
    assert md(source).text == ""


def test_markdown_blocks_and_headline():
    r = md(
        "Intro avant le titre\n\nLe titre\n========\n\nUn paragraphe\nsur deux lignes.\n\n"
        "- point un\n- point *deux*\n  - sous-point\n\n> citation\n\n## Sous-titre\n\n"
        "| a | b |\n|---|---|\n| c | d |\n\n```\ncode  un\ncode deux\n```\n\n---\n"
    )
    assert r.text.split("\n") == [
        "Le titre",
        "Intro avant le titre",
        "Un paragraphe sur deux lignes.",
        "point un",
        "point deux",
        "sous-point",
        "citation",
        "Sous-titre",
        "a",
        "b",
        "c",
        "d",
        "code  un",
        "code deux",
    ]
    assert r.format == "markdown" and r.lines[:3] == (3, 1, 6) and r.lines[-2:] == (22, 23)


def test_markdown_inline_markup_keeps_its_own_syntax_as_native_code():
    r = md(
        '# Le *titre*\n\nUn **gras**, [un lien](https://x.fr/a "Titre"), `du code`, ~~barré~~ &amp; \\* '
        "![carte](c.png)  \nfin <b>brut</b><br>et <https://y.fr>.\n"
    )
    assert r.text == "Le titre\nUn gras, un lien, du code, barré & * fin brut et https://y.fr."
    assert wrapped(r) == [
        ("paired", "titre", "*"),
        ("paired", "gras", "**"),
        ("paired", "un lien", "["),
        ("paired", "du code", "`"),
        ("paired", "barré", "~~"),
        ("standalone", "", "![carte](c.png)"),
        ("standalone", " ", "\\\n"),
        ("paired", "brut", "<b>"),
        ("standalone", " ", "<br>"),
        ("paired", "https://y.fr", "<"),
    ]
    assert r.codes[2].native_close == '](https://x.fr/a "Titre")' and dict(r.codes[2].attrs)["href"] == "https://x.fr/a"


def test_markdown_raw_html_blocks_are_read_as_html():
    r = md("# T\n\n<div class=box>\n<p>Dans un <b>bloc</b>.</p>\n<script>x()</script>\n</div>\n\nAprès </i> fin.\n")
    assert r.text == "T\nDans un bloc.\nAprès fin."
    assert [(k, w) for k, w, _ in wrapped(r)] == [("paired", "bloc"), ("closing", "")]


def test_text_releases_have_no_codes_and_formats_go_by_extension_in_any_case(tmp_path):
    (tmp_path / "a.txt").write_text("<b>Titre</b>\nCorps\n", encoding="utf-8")
    (tmp_path / "b.HTML").write_text("<h1>Titre</h1>", encoding="utf-8")
    (tmp_path / "c.Markdown").write_text("# Titre\n", encoding="utf-8")
    assert read_release(tmp_path / "a.txt") == ReleaseText("<b>Titre</b>\nCorps\n")
    assert read_release(tmp_path / "b.HTML").text == read_release(tmp_path / "c.Markdown").text == "Titre"


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_binary_or_non_utf8_markup_is_one_error_naming_the_file(tmp_path, suffix):
    binary = tmp_path / f"binary{suffix}"
    binary.write_bytes(b"<p>\x00\x01\x02</p>")
    latin = tmp_path / f"latin{suffix}"
    latin.write_bytes('<meta charset="iso-8859-1">\n<p>Caf\xe9</p>'.encode("latin-1"))
    with pytest.raises(InputError) as err:
        read_release(binary)
    assert str(err.value) == f"{binary}: binary file (contains NUL bytes), expected UTF-8 text"
    with pytest.raises(InputError) as err:
        read_release(latin)
    assert str(err.value) == f"{latin}:2: not UTF-8 text (byte 0xe9 at offset 34)"
