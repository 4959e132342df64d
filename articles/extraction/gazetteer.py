"""The beat's places and people in French and English (plain Python).

Search expands a query with these spellings; story matching reads a place named
any one way as the same place.
"""

from __future__ import annotations

# The beat's places and people, each with the spellings French and English reporting
# uses. A search for any one finds all of them. Add a row when the desk meets a new one.
GAZETTEER: tuple[tuple[str, ...], ...] = (
    ("Corée du Nord", "North Korea", "RPDC", "DPRK"),
    ("Corée du Sud", "South Korea"),
    ("nord-coréen", "nord-coréens", "nord-coréenne", "nord-coréennes", "North Korean"),
    ("sud-coréen", "sud-coréens", "sud-coréenne", "sud-coréennes", "South Korean"),
    ("Corée", "Korea"),
    ("Séoul", "Seoul"),
    ("Koursk", "Kursk"),
    ("Moscou", "Moscow"),
    ("Russie", "Russia"),
    ("Pékin", "Beijing"),
    ("Kyiv", "Kiev", "Kyïv"),
    ("Kharkiv", "Kharkov"),
    ("Odessa", "Odesa"),
    ("Marioupol", "Mariupol"),
    ("Bakhmout", "Bakhmut"),
    ("Zaporijia", "Zaporizhzhia", "Zaporojie"),
    ("Louhansk", "Luhansk", "Lougansk"),
    ("Donbass", "Donbas"),
    ("Crimée", "Crimea"),
    ("Biélorussie", "Bélarus", "Belarus"),
    ("Poutine", "Putin"),
    ("Zelensky", "Zelenskyy", "Zelenski"),
    ("Kim Jong-un", "Kim Jong Un"),
    ("Kim Yo-jong", "Kim Yo Jong"),
    ("mer de l'Est", "East Sea"),
)
