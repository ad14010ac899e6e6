"""The pure namesake rules: same name whatever the case, accents, spacing or word order;
duplicates in a CSV; the desk's sort by surname."""

from cafe.services.namesakes import duplicate_names, name_key, namesakes, same_name, surname_key


def test_a_name_is_the_same_whatever_case_accents_spaces_or_order():
    assert same_name("Giulia Giordano", "  giordano   GIULIA ")
    assert same_name("Niccolò Nesi", "Niccolo Nesi")
    assert same_name("D'Amico Anna", "Anna d’Amico")  # straight or curly apostrophe
    assert not same_name("Giulia Giordano", "Giulio Giordano")
    assert not same_name("", "")  # nothing typed matches nobody


def test_name_key_ignores_punctuation_but_keeps_letters_of_any_script():
    assert name_key("Anna-Maria  Rossi.") == "anna maria rossi"
    assert name_key("Zoë Ünal") == "unal zoe"
    assert name_key("李 小龙") == "小龙 李"


def test_namesakes_returns_every_item_with_the_same_name():
    people = [("Giulia Giordano", 1), ("Giulio Giordano", 2), ("GIORDANO Giulia", 3)]
    assert namesakes("giulia giordano", people) == [1, 3]
    assert namesakes("   ", people) == []


def test_duplicate_names_lists_lines_and_names_already_registered():
    rows = [(2, "Anna Bianchi"), (3, "Marco Neri"), (4, "bianchi anna"), (5, "Zoe Verdi")]
    found = duplicate_names(rows, registered=["Zoë Verdi", "Someone Else"])
    assert [(d.name, d.lines, d.registered) for d in found] == [
        ("Anna Bianchi", (2, 4), False),
        ("Zoe Verdi", (5,), True),
    ]
    assert duplicate_names([(2, "Anna"), (3, "Marco")]) == []


def test_surname_key_sorts_by_surname_with_its_particles():
    names = ["Mario De Luca", "Anna Bianchi", "Luca Esposito", "Zoe", "Carla Della Rovere"]
    assert sorted(names, key=surname_key) == [
        "Anna Bianchi",
        "Mario De Luca",
        "Carla Della Rovere",
        "Luca Esposito",
        "Zoe",
    ]
    assert surname_key("Ètienne Àlvarez") < surname_key("Bruno Bassi")
