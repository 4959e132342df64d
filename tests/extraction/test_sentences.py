"""Sentence splitting with exact offsets."""

from __future__ import annotations

import pytest

from articles.extraction.sentences import split_sentences


def texts(text):
    spans = split_sentences(text)
    for s in spans:
        assert text[s.start : s.end] == s.text
    return [s.text for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Poutine a parlé. Mme Kim a répondu.", ["M. Poutine a parlé.", "Mme Kim a répondu."]),
        ("Le Dr. Park est prudent. Il attend.", ["Le Dr. Park est prudent.", "Il attend."]),
        ("U.S. officials said so. Seoul agreed.", ["U.S. officials said so.", "Seoul agreed."]),
        ("Gen. Paul LaCamera warned. Others agreed.",
         ["Gen. Paul LaCamera warned.", "Others agreed."]),
        ("J. Smith spoke. Then he left.", ["J. Smith spoke.", "Then he left."]),
        ("Le vol a coûté 1.5 milliard. C'est record.", ["Le vol a coûté 1.5 milliard.",
                                                       "C'est record."]),
        ("Il hésita... puis il parla. Fin.", ["Il hésita... puis il parla.", "Fin."]),
        ("Il hésita... Puis il parla.", ["Il hésita...", "Puis il parla."]),
        ("« Nous vaincrons. Rien ne nous arrêtera », a déclaré Kim. Fin.",
         ["« Nous vaincrons. Rien ne nous arrêtera », a déclaré Kim.", "Fin."]),
        ('"We will win. Nothing will stop us," he said. End.',
         ['"We will win. Nothing will stop us," he said.', "End."]),
        ('He was grave. "We must win."', ["He was grave.", '"We must win."']),
        ("Un paragraphe\nUn autre", ["Un paragraphe", "Un autre"]),
        ("Quoi ? Oui ! Bien.", ["Quoi ?", "Oui !", "Bien."]),
    ],
)
def test_split(text, expected):
    assert texts(text) == expected
