"""Built-in segmentation beyond French and English: abbreviations, quotes, numbers and dates, headlines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.errors import UsageError
from aligner.segment import SUPPORTED_LANGS, language_code, segment_text, splitter_for

NBSP = "\u00a0"


def sents(text: str, lang: str) -> list[str]:
    return [s.text for s in segment_text(text, lang).sentences]


CASES = {
    "de": [
        ("Am 3. Oktober kam er an. Dann ging er.", ["Am 3. Oktober kam er an.", "Dann ging er."]),
        ("Im 20. Jahrhundert wuchs die Stadt. Heute nicht.", ["Im 20. Jahrhundert wuchs die Stadt.", "Heute nicht."]),
        ("Die Zahl stieg auf 12. Die Polizei ermittelt.", ["Die Zahl stieg auf 12.", "Die Polizei ermittelt."]),
        ("Er kam 2019. Danach blieb er.", ["Er kam 2019.", "Danach blieb er."]),
        ("Das gilt z. B. für Berlin. Hamburg folgt.", ["Das gilt z. B. für Berlin.", "Hamburg folgt."]),
        ("Dr. Müller und Prof. Schmidt kamen. Sie redeten.", ["Dr. Müller und Prof. Schmidt kamen.", "Sie redeten."]),
        ("„Wir sind bereit.“ Der Minister ging.", ["„Wir sind bereit.“", "Der Minister ging."]),
        ("»Nein!« Er lachte.", ["»Nein!«", "Er lachte."]),
        ("Siehe Nr. 5 im Anhang. Mehr gibt es nicht.", ["Siehe Nr. 5 im Anhang.", "Mehr gibt es nicht."]),
        ("Äpfel, Birnen usw. Die Liste ist lang.", ["Äpfel, Birnen usw.", "Die Liste ist lang."]),
    ],
    "es": [
        ("El Sr. García llegó. Luego habló.", ["El Sr. García llegó.", "Luego habló."]),
        ("¿Vienes? ¡Claro que sí! Vamos.", ["¿Vienes?", "¡Claro que sí!", "Vamos."]),
        ("—¿Listo? —preguntó él. Nadie contestó.", ["—¿Listo? —preguntó él.", "Nadie contestó."]),
        ("Viajó a EE. UU. en mayo. Volvió.", ["Viajó a EE. UU. en mayo.", "Volvió."]),
        ("Lo dijo la Dra. Ford ayer. Nadie respondió.", ["Lo dijo la Dra. Ford ayer.", "Nadie respondió."]),
        ("Ganó 3,5 millones en 2019. El resto es historia.", ["Ganó 3,5 millones en 2019.", "El resto es historia."]),
    ],
    "it": [
        ("Il sig. Rossi è arrivato. Poi ha parlato.", ["Il sig. Rossi è arrivato.", "Poi ha parlato."]),
        (
            "Lo ha detto il prof. Bianchi. Nessuno ha risposto.",
            ["Lo ha detto il prof. Bianchi.", "Nessuno ha risposto."],
        ),
        ("La sentenza Roe vs. Wade è del 1973. Ora cambia.", ["La sentenza Roe vs. Wade è del 1973.", "Ora cambia."]),
        ("Pronuncia la lettera U. La commissione tace.", ["Pronuncia la lettera U.", "La commissione tace."]),
    ],
    "pt": [
        ("O sr. Silva chegou. Depois falou.", ["O sr. Silva chegou.", "Depois falou."]),
        ("A Dra. Costa operou. Correu bem.", ["A Dra. Costa operou.", "Correu bem."]),
        ("Está no art. 5 da lei. Mais nada.", ["Está no art. 5 da lei.", "Mais nada."]),
    ],
    "nl": [
        ("Dhr. Jansen kwam. Hij ging weer.", ["Dhr. Jansen kwam.", "Hij ging weer."]),
        (
            "Dat zei mr. De Vries bijv. gisteren. Niemand reageerde.",
            ["Dat zei mr. De Vries bijv. gisteren.", "Niemand reageerde."],
        ),
        ("Ze vermeden bogey’s. Als gevolg won het team.", ["Ze vermeden bogey’s.", "Als gevolg won het team."]),
        ("Dat hoort u. De rest volgt.", ["Dat hoort u.", "De rest volgt."]),
    ],
    "pl": [
        (
            "Kościół św. Marcina jest stary. Ludzie go kochają.",
            ["Kościół św. Marcina jest stary.", "Ludzie go kochają."],
        ),
        ("To tzw. ekspert, m.in. doradca. Nikt nie wie.", ["To tzw. ekspert, m.in. doradca.", "Nikt nie wie."]),
        ("Rozmawiał z J. Kowalskim. Potem wyszedł.", ["Rozmawiał z J. Kowalskim.", "Potem wyszedł."]),
        (
            "Przyznał się do zastrzelenia Wayde’a. Jak przekazał prawnik, nie żałuje.",
            ["Przyznał się do zastrzelenia Wayde’a.", "Jak przekazał prawnik, nie żałuje."],
        ),
        ("Stało się to w 2019 r. W tym roku jest inaczej.", ["Stało się to w 2019 r.", "W tym roku jest inaczej."]),
        ("Wiatr wiał 19 km/h. Huragan słabnie.", ["Wiatr wiał 19 km/h.", "Huragan słabnie."]),
    ],
    "ru": [
        ("В 2019 г. Путин подписал указ. Он вступил в силу.", ["В 2019 г. Путин подписал указ.", "Он вступил в силу."]),
        ("Это было в 2030 г. В этом году иначе.", ["Это было в 2030 г.", "В этом году иначе."]),
        ("А. С. Пушкин родился в Москве. Он поэт.", ["А. С. Пушкин родился в Москве.", "Он поэт."]),
        ("Яблоки, груши и т. д. В итоге много.", ["Яблоки, груши и т. д.", "В итоге много."]),
        ("«Ты готов?» — спросил он. Никто не ответил.", ["«Ты готов?» — спросил он.", "Никто не ответил."]),
        ("Церковь Св. Мартина закрыта. Колокола молчат.", ["Церковь Св. Мартина закрыта.", "Колокола молчат."]),
    ],
    "uk": [
        ("Він жив на вул. Хрещатик. Потім переїхав.", ["Він жив на вул. Хрещатик.", "Потім переїхав."]),
        ("Це слід на сім’ї. Але ми живемо далі.", ["Це слід на сім’ї.", "Але ми живемо далі."]),
        ("Т. Шевченко писав вірші. Він малював.", ["Т. Шевченко писав вірші.", "Він малював."]),
        ("«Ні!» Вона пішла.", ["«Ні!»", "Вона пішла."]),
    ],
    "zh": [
        ("他说不。你呢？我不知道！", ["他说不。", "你呢？", "我不知道！"]),
        ("“走！”他说。然后走了。", ["“走！”他说。", "然后走了。"]),
        ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
        ("「你好。」她笑了。", ["「你好。」", "她笑了。"]),
        ("品牌包括 Dr. PawPaw 等。价格 3.5 元。", ["品牌包括 Dr. PawPaw 等。", "价格 3.5 元。"]),
        ("真的吗？！当然。", ["真的吗？！", "当然。"]),
        ("“我们不会放弃。“他说完就走了。", ["“我们不会放弃。“", "他说完就走了。"]),
        ("会议结束了，大家散去。", ["会议结束了，大家散去。"]),
    ],
}


@pytest.mark.parametrize(
    "lang, text, expected", [(lang, text, expected) for lang, cases in CASES.items() for text, expected in cases]
)
def test_boundaries(lang, text, expected):
    assert sents(text, lang) == expected


@pytest.mark.parametrize("lang", sorted(CASES))
def test_headline_stays_one_sentence_and_paragraphs_are_kept(lang):
    headline, body = CASES[lang][0][1][0].rstrip(".。"), CASES[lang][0][0]
    doc = segment_text(f"{headline}\n\n{body}\n", lang)
    assert doc.sentences[0].text == headline and doc.sentences[0].paragraph == 0
    assert [s.text for s in doc.sentences[1:]] == CASES[lang][0][1]
    assert {s.paragraph for s in doc.sentences[1:]} == {1}


def test_every_supported_language_is_iso_639_1():
    assert set(SUPPORTED_LANGS) == {"de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru", "uk", "zh"}
    assert all(len(code) == 2 and code.islower() for code in SUPPORTED_LANGS)


@pytest.mark.parametrize("given, code", [("de-AT", "de"), ("pt_BR", "pt"), ("zh-Hans-CN", "zh"), ("UK", "uk")])
def test_region_and_script_subtags_are_accepted(given, code):
    assert language_code(given) == code
    assert splitter_for(given)("Ein Satz. Noch einer." if code != "zh" else "一句。又一句。")


@pytest.mark.parametrize("bad", ["xx", "deu", "ger", "", "zh_"])
def test_unknown_language_lists_the_supported_codes(bad):
    if bad == "zh_":
        assert language_code(bad) == "zh"
        return
    with pytest.raises(UsageError) as info:
        splitter_for(bad)
    message = str(info.value)
    assert "\n" not in message and "de, en, es, fr, it, nl, pl, pt, ru, uk, zh" in message


# Text that mixes the scripts and punctuation of every language, for the exact-slice guarantee.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("。！？“”「」『』（）.!?…«»„“‚‘’\"' \u00a0\u202f\nAaZz1.Жж’г.р.zB—¿¡")),
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(SUPPORTED_LANGS))
def test_sentences_are_exact_slices_and_keep_every_character(text, lang):
    doc = segment_text(text, lang)
    assert "".join("".join(s.text for s in doc.sentences).split()) == "".join(text.split())
    assert all(text[s.start : s.end] == s.text and s.text == s.text.strip() for s in doc.sentences)
    assert all(a.end <= b.start for a, b in zip(doc.sentences, doc.sentences[1:]))
